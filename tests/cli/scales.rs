//! Scores as surveys code them (issue 21): scales coded the other way round, the NHS Friends and
//! Family Test, labels that set the number and the direction, and codes that mean no score. The
//! fixtures are `fixtures/scales/`, written by `fixtures/make_scale_fixtures.py`, whose
//! `scales/expected.json` holds the counts.

use super::*;
use support::cli::show;

fn scale_expected(file: &str) -> &'static Value {
    static E: OnceLock<Value> = OnceLock::new();
    let all = E.get_or_init(|| {
        let text = std::fs::read_to_string(fixture("scales/expected.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    });
    &all[file]
}

fn overall(dir: &Path) -> Value {
    stats_json(dir, &[])["overall"].clone()
}

#[test]
fn fft_codes_are_found_read_and_counted_as_nhs_england_does() {
    let e = scale_expected("fft_codes.csv");
    let d = tmp();
    let out = ingest_ok(d.path(), "scales/fft_codes.csv", &[]);
    let so = show(&out);
    assert!(so.contains("read as the Friends and Family Test"), "{so}");
    assert!(so.contains("0 rejected"), "{so}");
    assert!(
        so.contains("3 'don't know', counted on its own; code 7: 2"),
        "{so}"
    );
    let o = overall(d.path());
    assert_eq!(as_u64(&o["responses"]), as_u64(&e["responses"]));
    assert_eq!(as_u64(&o["bands"]["high"]), as_u64(&e["positive"]));
    assert_eq!(as_u64(&o["bands"]["low"]), as_u64(&e["negative"]));
    assert_eq!(as_u64(&o["bands"]["dont_know"]), as_u64(&e["dont_know"]));
    // % positive = (very good + good) / responses coded 1-6, don't know included.
    let coded = as_u64(&e["coded_1_6"]);
    assert_eq!(as_u64(&o["metric"]["n"]), coded);
    let positive = 100.0 * as_u64(&e["positive"]) as f64 / coded as f64;
    assert_1dp(&o["metric"]["value"], round1(positive), "% positive");
    let negative = 100.0 * as_u64(&e["negative"]) as f64 / coded as f64;
    assert_1dp(
        &o["metric"]["negative"]["value"],
        round1(negative),
        "% negative",
    );
    assert!(
        o["metric"]["benchmark"].is_null(),
        "the FFT has no benchmark"
    );
    let info = stdout(&run(d.path(), &["info"]));
    assert!(
        info.contains("Friends and Family Test") && info.contains("direction:"),
        "{info}"
    );
    let table = stdout(&run(d.path(), &["stats"]));
    assert!(
        table.contains("% positive") && table.contains("% negative"),
        "{table}"
    );
    // Themes count the scope's "don't know" answers as stats does: the same % positive.
    let themes = json_of(&run(
        d.path(),
        &["themes", "--by", "none", "--format", "json"],
    ));
    assert_eq!(themes["metric"]["value"], o["metric"]["value"], "{themes}");
    // Bands by their FFT names.
    let negative = stats_json(d.path(), &["--band", "negative"]);
    assert_eq!(
        as_u64(&negative["overall"]["responses"]),
        as_u64(&e["negative"])
    );
}

#[test]
fn fft_labels_alone_are_recognised_without_a_header_word() {
    let e = scale_expected("fft_labels.csv");
    let d = tmp();
    let so = show(&ingest_ok(d.path(), "scales/fft_labels.csv", &[]));
    assert!(so.contains("read as the Friends and Family Test"), "{so}");
    let o = overall(d.path());
    assert_eq!(as_u64(&o["bands"]["high"]), as_u64(&e["positive"]));
    assert_eq!(as_u64(&o["bands"]["low"]), as_u64(&e["negative"]));
    assert_eq!(as_u64(&o["bands"]["dont_know"]), as_u64(&e["dont_know"]));
}

#[test]
fn labelled_numbers_set_the_direction() {
    let e = scale_expected("likert_labelled.csv");
    let d = tmp();
    let so = show(&ingest_ok(d.path(), "scales/likert_labelled.csv", &[]));
    assert!(so.contains("CSAT 5-1 (reversed: 1 is best)"), "{so}");
    assert!(so.contains("'1 - Strongly agree' best"), "{so}");
    let o = overall(d.path());
    assert_eq!(as_u64(&o["bands"]["high"]), as_u64(&e["satisfied"]));
    assert_eq!(as_u64(&o["bands"]["low"]), as_u64(&e["dissatisfied"]));
    // A flag that reads the labels the other way is refused, naming the labels.
    let d = tmp();
    let out = ingest(d.path(), "scales/likert_labelled.csv", &["--scale", "csat"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let se = stderr(&out);
    assert!(
        se.contains("--scale csat reads 5 is best") && se.contains("Strongly agree"),
        "{se}"
    );
}

#[test]
fn a_reversed_flag_mirrors_the_bands() {
    // The same file read as rating:1-5 and rating:5-1: low and high swap, the middle stays.
    let file = fixture("scales/missing_codes.csv");
    let band_counts = |scale: &str| {
        let d = tmp();
        support::cli::ingest_ok(d.path(), &file, &["--scale", scale]);
        overall(d.path())["bands"].clone()
    };
    let (up, down) = (band_counts("rating:1-5"), band_counts("rating:5-1"));
    assert_eq!(up["low"], down["high"]);
    assert_eq!(up["high"], down["low"]);
    assert_eq!(up["middle"], down["middle"]);
    assert_ne!(up["low"], up["high"], "a test that cannot fail");
}

#[test]
fn missing_codes_are_unscored_never_rejected() {
    let e = scale_expected("missing_codes.csv");
    let d = tmp();
    let so = show(&ingest_ok(d.path(), "scales/missing_codes.csv", &[]));
    assert!(so.contains("0 rejected"), "{so}");
    assert!(so.contains("code -1: 2, code 99: 4"), "{so}");
    let o = overall(d.path());
    assert_eq!(as_u64(&o["responses"]), as_u64(&e["responses"]));
    assert_eq!(as_u64(&o["metric"]["n"]), as_u64(&e["scored"]));
    assert_eq!(as_u64(&o["bands"]["high"]), as_u64(&e["satisfied"]));
    // --unscored-values names other codes; a value that is not a number is refused.
    let d = tmp();
    let so = show(&ingest_ok(
        d.path(),
        "scales/missing_codes.csv",
        &["--unscored-values", "1"],
    ));
    assert!(so.contains("named by --unscored-values"), "{so}");
    let out = ingest(
        d.path(),
        "scales/missing_codes.csv",
        &["--unscored-values", "six"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--unscored-values"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn labels_of_no_answer_set_are_refused_until_ordered() {
    let e = scale_expected("unknown_labels.csv");
    let d = tmp();
    let so = show(&ingest_ok(d.path(), "scales/unknown_labels.csv", &[]));
    assert!(so.contains("--score-labels"), "{so}");
    let d = tmp();
    let out = ingest(
        d.path(),
        "scales/unknown_labels.csv",
        &["--score-col", "Your rating"],
    );
    assert_eq!(out.status.code(), Some(2));
    let se = stderr(&out);
    assert!(
        se.contains("'Awful'") && se.contains("--score-labels"),
        "{se}"
    );
    ingest_ok(
        d.path(),
        "scales/unknown_labels.csv",
        &[
            "--score-col",
            "Your rating",
            "--score-labels",
            "Awful,Meh,Fine,Great,Superb",
        ],
    );
    assert_eq!(
        as_u64(&overall(d.path())["bands"]["high"]),
        as_u64(&e["satisfied"])
    );
    // Too few points, and a scale with one end, are refused.
    let out = ingest(
        d.path(),
        "scales/missing_codes.csv",
        &["--scale", "rating:5-5"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("at least 3 points"),
        "{}",
        stderr(&out)
    );
}

/// The reversed twin of a file (scores turned round) written beside it.
fn turned_round(file: &Path, score_col: &str, worst_plus_best: i64, out: &Path) {
    let mut reader = csv::Reader::from_path(file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == score_col).unwrap();
    let mut writer = csv::Writer::from_path(out).unwrap();
    writer.write_record(&headers).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| match c.trim().parse::<i64>() {
                Ok(v) if i == col => (worst_plus_best - v).to_string(),
                _ => c.to_string(),
            })
            .collect();
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
}

#[test]
fn a_reversed_english_file_gets_its_twins_bands_and_later_files_follow_the_index() {
    let e = scale_expected("reversed_csat.csv");
    let reversed = fixture("scales/reversed_csat.csv");
    let d = tmp();
    let so = show(&support::cli::ingest_ok(
        &d.path().join("r"),
        &reversed,
        &[],
    ));
    assert!(so.contains("read reversed from the comments"), "{so}");
    let twin = d.path().join("twin.csv");
    turned_round(&reversed, "Rating", 6, &twin);
    let so = show(&support::cli::ingest_ok(&d.path().join("t"), &twin, &[]));
    assert!(
        so.contains("CSAT 1-5") && so.contains("as the comments agree"),
        "{so}"
    );
    let (r, t) = (overall(&d.path().join("r")), overall(&d.path().join("t")));
    assert_eq!(r["bands"], t["bands"]);
    assert_eq!(as_u64(&r["bands"]["high"]), as_u64(&e["satisfied"]));
    let info = stdout(&run(&d.path().join("r"), &["info"]));
    assert!(info.contains("Spearman's rho"), "{info}");
    // The twin, coded the usual way, into the reversed index: the comments say it is the other
    // way round, so it is refused with the numbers; with the flag it is read as the index does.
    let out = support::cli::ingest(&d.path().join("r"), &twin, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("the other way round"),
        "{}",
        stderr(&out)
    );
    // The reversed file again (no flag, no labels) follows the index.
    let out = support::cli::ingest(&d.path().join("r"), &reversed, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// The property over real files: no NPS file flips, and a reversed CSAT file reads as its twin.
#[test]
fn no_real_nps_file_flips_and_real_csat_files_reverse() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if !data.exists() {
        eprintln!(
            "../shared/data is not beside the repository: only the bundled sample is checked"
        );
    }
    let d = tmp();
    let so = show(&ingest_ok(&d.path().join("sample"), "saas_nps.csv", &[]));
    assert!(so.contains("NPS 0-10") && !so.contains("reversed"), "{so}");
    let nps = data.join("nps-verbatims/nps_verbatims.csv");
    if nps.exists() {
        let so = show(&support::cli::ingest_ok(&d.path().join("nps"), &nps, &[]));
        assert!(so.contains("NPS 0-10") && !so.contains("reversed"), "{so}");
    }
    let clothing = data.join("womens-clothing-reviews/reviews.csv");
    if clothing.exists() {
        let twin = d.path().join("clothing-reversed.csv");
        turned_round(&clothing, "Rating", 6, &twin);
        let so = show(&support::cli::ingest_ok(
            &d.path().join("c1"),
            &clothing,
            &[],
        ));
        assert!(so.contains("CSAT 1-5"), "{so}");
        let so = show(&support::cli::ingest_ok(&d.path().join("c2"), &twin, &[]));
        assert!(so.contains("CSAT 5-1"), "{so}");
        let (a, b) = (overall(&d.path().join("c1")), overall(&d.path().join("c2")));
        assert_eq!(a["bands"], b["bands"]);
    }
}

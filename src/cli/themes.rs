//! `verbatim themes`

use std::io::Write;

use clap::{Args, ValueEnum};

use super::{pct, write_json, Context, QuestionFlag, ScopeFlags};
use crate::output::{spreadsheet_safe, terminal_safe, thousands, Table};
use crate::themes::codebook::Codebook;
use crate::themes::{themes, Kind, ThemeGroupBy, ThemeOptions, ThemeReport};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiscoverIn {
    /// Every response of the index
    Index,
    /// Only the responses in scope
    Scope,
}

/// `--quarters`: the latest N quarters, or all (None).
#[derive(Debug, Clone, Copy)]
pub struct Quarters(pub Option<usize>);

fn parse_quarters(s: &str) -> Result<Quarters, String> {
    match s.trim().to_lowercase().as_str() {
        "all" => Ok(Quarters(None)),
        n => n
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .map(|n| Quarters(Some(n)))
            .ok_or_else(|| format!("'{s}' is not 'all' or a number of quarters")),
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ThemeFormat {
    Table,
    Json,
    Csv,
    Md,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Themes name what comments are about (nouns, noun phrases and events, never moods like \"great\" or \
filler like \"told\"), with facets one level down. They are discovered once over the whole index (cached by commit) \
and counted in the scope: --quarter, --band, --where, --from/--to and --query only choose the responses counted, \
--by only groups them (--discover-in scope re-discovers inside the scope). Mentions count responses; share is of \
the group's responses with comments; lift compares the share with the rest of the scope, and * marks a theme \
over-represented in its group (Benjamini-Hochberg at 5%, at least 5 mentions); impact is the NPS/CSAT of the \
mentioning responses minus the scope's. Each mention takes the kind of the sentence it is in: complaint, ask, \
praise (counts may sum to more than mentions)."
)]
pub struct ThemesArgs {
    /// Group by band, quarter, none, or a segment column (plan, region...)
    #[arg(long, default_value = "band", value_parser = |s: &str| s.parse::<ThemeGroupBy>())]
    pub by: ThemeGroupBy,
    #[command(flatten)]
    pub scope: ScopeFlags,
    #[command(flatten)]
    pub question: QuestionFlag,
    /// Only responses matching this search query
    #[arg(long)]
    pub query: Option<String>,
    /// Themes per group
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Fewest responses a theme's terms must appear in [default: 0.2% of responses, at least 5]
    #[arg(long)]
    pub min_mentions: Option<u32>,
    /// Only themes of this kind; repeatable
    #[arg(long, value_enum)]
    pub kind: Vec<Kind>,
    /// Example quotes per theme
    #[arg(long, default_value_t = 3)]
    pub quotes: usize,
    /// Numeric usage column for `--by quadrant` (usage quadrants)
    #[arg(long, value_name = "COLUMN")]
    pub usage_col: Option<String>,
    /// Quadrant lines: usage=N|median, satisfaction=promoter|passive|satisfied|neutral
    #[arg(long, value_name = "SPLIT", default_value = "median", value_parser = |s: &str| s.parse::<crate::context::quadrants::Split>())]
    pub usage_split: crate::context::quadrants::Split,
    /// Also list the themes whose share rose from the previous quarter to the latest
    #[arg(long)]
    pub emerging: bool,
    /// Count each theme per value of this segment column (theme by segment table)
    #[arg(long, value_name = "COLUMN")]
    pub segments: Option<String>,
    /// Where themes are discovered: over the whole index (one stable set), or inside the scope
    #[arg(long, value_enum, default_value = "index")]
    pub discover_in: DiscoverIn,
    /// Quarter columns of `--by quarter` tables: the latest N, or all
    #[arg(long, default_value = "8", value_parser = parse_quarters)]
    pub quarters: Quarters,
    /// Codebook of named themes and pinned facets, ignored words, renames and merges (TOML; see docs/CODEBOOK.md)
    #[arg(long, value_name = "FILE.toml")]
    pub codebook: Option<std::path::PathBuf>,
    /// Write the themes found, with their facets, as a starting codebook to edit
    #[arg(long, value_name = "FILE.toml")]
    pub save_codebook: Option<std::path::PathBuf>,
    /// Show emails, phone numbers and card-like numbers in quotes (masked by default)
    #[arg(long)]
    pub no_redact: bool,
    #[command(flatten)]
    pub show: super::ShowFlags,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ThemeFormat,
}

pub fn run(ctx: &Context, args: &ThemesArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let scope = args.scope.args().resolve(&store)?;
    let by = match (&args.by, &args.usage_col) {
        (ThemeGroupBy::Column(c), Some(col)) if c == "quadrant" => {
            let q = crate::context::quadrants::quadrants(&store, &scope, col, args.usage_split)?;
            ThemeGroupBy::Custom("quadrant".into(), q.of)
        }
        (ThemeGroupBy::Column(c), None) if c == "quadrant" => {
            return Err(crate::error::Error::Usage(
                "--by quadrant needs --usage-col COLUMN (a numeric usage column)".into(),
            )
            .into())
        }
        (by, _) => by.clone(),
    };
    let mut options = ThemeOptions {
        by,
        top: args.top.max(1),
        min_mentions: args.min_mentions,
        query: args.query.clone(),
        kinds: args.kind.clone(),
        quotes: args.quotes,
        redact: !args.no_redact,
        emerging: args.emerging,
        segments: args.segments.clone(),
        codebook: args.codebook.as_deref().map(Codebook::load).transpose()?,
        sample: crate::themes::corpus::SAMPLE_DOCS,
        discover_in_scope: args.discover_in == DiscoverIn::Scope,
        question: None,
        full_quotes: args.show.full,
        read_only: false,
    };
    // Each open question is counted on its own answers, in a section of its own.
    let mut reports = Vec::new();
    for question in args.question.sections(&store)? {
        options.question = question.map(|q| q.index);
        reports.push(themes(&store, &scope, &options)?);
    }
    // Quotes in tables carry the segment columns that matter (or those of --show); JSON and CSV
    // keep every one.
    if args.quotes > 0 && matches!(args.format, ThemeFormat::Table | ThemeFormat::Md) {
        let shown = args.show.columns(&store, &scope)?;
        for report in &mut reports {
            keep_quote_segments(report, &shown);
        }
    }
    if let Some(path) = &args.codebook {
        let unmatched: Vec<&[String]> = reports
            .iter()
            .map(|r| r.codebook_unmatched.as_slice())
            .collect();
        super::warn_unmatched(path, &unmatched);
    }
    if let Some(path) = &args.save_codebook {
        let mut book = options.codebook.clone().unwrap_or_default();
        for report in &reports {
            book = book.with_themes_of(&store, report);
        }
        book.save(path)?;
        eprintln!("wrote the themes as a codebook to {}", path.display());
    }
    let several = reports.len() > 1;
    match args.format {
        ThemeFormat::Json if several => {
            write_json(out, &serde_json::json!({ "questions": reports }))?
        }
        ThemeFormat::Json => write_json(out, &reports[0])?,
        ThemeFormat::Csv => write_csv(&reports, out)?,
        ThemeFormat::Md | ThemeFormat::Table => {
            for (k, report) in reports.iter().enumerate() {
                if let Some(q) = report.question.as_ref().filter(|_| several) {
                    let heading =
                        format!("question {} of {}: {}", q.index + 1, reports.len(), q.label);
                    match args.format {
                        ThemeFormat::Md => writeln!(
                            out,
                            "{}## {}\n",
                            if k > 0 { "\n" } else { "" },
                            md_cell(&heading)
                        )?,
                        _ => writeln!(
                            out,
                            "{}=== {}",
                            if k > 0 { "\n" } else { "" },
                            terminal_safe(&heading)
                        )?,
                    }
                }
                match args.format {
                    ThemeFormat::Md => write_md(report, args.quarters.0, out)?,
                    _ => write_table(report, args.quarters.0, out)?,
                }
            }
        }
    }
    let found = reports
        .iter()
        .any(|r| r.groups.iter().any(|g| !g.themes.is_empty()));
    Ok(if found {
        super::exit::OK
    } else {
        super::exit::NO_RESULTS
    })
}

/// Keeps the values of these segment columns only, in every quote of the report.
fn keep_quote_segments(report: &mut ThemeReport, columns: &[String]) {
    for theme in report.groups.iter_mut().flat_map(|g| &mut g.themes) {
        let facet_quotes = theme.facets.iter_mut().flat_map(|f| &mut f.quotes);
        for quote in theme.quotes.iter_mut().chain(facet_quotes) {
            quote.segments.retain(|column, _| columns.contains(column));
        }
    }
}

/// "5, detractor, R000102, 2025-01-01, plan: Pro": who said a quote.
fn quote_source(q: &crate::themes::Quote) -> String {
    let mut parts: Vec<String> = q.score.iter().map(|s| s.to_string()).collect();
    parts.push(q.band.clone());
    parts.push(q.id.clone());
    parts.extend(q.date.clone());
    parts.extend(q.segments.iter().map(|(k, v)| format!("{k}: {v}")));
    parts.join(", ")
}

fn metric_cell(m: Option<&crate::score::Metric>) -> String {
    m.map_or("-".into(), |m| format!("{:.1}", m.value))
}

fn signed(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:+.1}"))
}

fn write_emerging(report: &ThemeReport, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(first) = report.emerging.first() else {
        return Ok(());
    };
    writeln!(
        out,
        "\n== emerging: {} against {}",
        first.quarter, first.previous_quarter
    )?;
    let mut t = Table::new(["theme", "before", "now", "change", "z", "significant"]);
    for e in &report.emerging {
        t.row(vec![
            e.label.clone(),
            format!(
                "{} ({}%)",
                thousands(e.previous_mentions),
                pct(e.previous_share)
            ),
            format!("{} ({}%)", thousands(e.mentions), pct(e.share)),
            format!("{:+.1} pts", e.change),
            format!("{:.1}", e.z),
            if e.significant {
                "yes".into()
            } else {
                "no (noise)".into()
            },
        ]);
    }
    t.write(out)?;
    Ok(())
}

fn write_segments(report: &ThemeReport, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(column) = &report.segment_column else {
        return Ok(());
    };
    for g in &report.groups {
        let Some(first) = g.themes.first() else {
            continue;
        };
        writeln!(
            out,
            "\n== {} by {column} (share of responses; * over-represented)",
            g.group
        )?;
        let mut headers = vec!["theme".to_string()];
        headers.extend(first.by_segment.iter().map(|s| s.value.clone()));
        let mut t = Table::new(headers);
        for th in &g.themes {
            let mut row = vec![th.label.clone()];
            row.extend(th.by_segment.iter().map(|s| {
                format!(
                    "{}{}",
                    pct(s.share),
                    if s.over_represented { "*" } else { "" }
                )
            }));
            t.row(row);
        }
        t.write(out)?;
    }
    Ok(())
}

/// The latest `n` quarters of the report (all when None), as indexes into `report.quarters`.
fn shown_quarters(report: &ThemeReport, n: Option<usize>) -> std::ops::Range<usize> {
    let len = report.quarters.len();
    len - n.unwrap_or(len).min(len)..len
}

/// `--by quarter`: one row per theme, a column per quarter (share of that quarter's responses).
fn write_quarter_table(
    report: &ThemeReport,
    quarters: Option<usize>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let shown = shown_quarters(report, quarters);
    if shown.len() < report.quarters.len() {
        writeln!(
            out,
            "\n== themes by quarter (share of each quarter's responses with comments; latest {} of {} quarters, --quarters all for every one)",
            shown.len(),
            report.quarters.len()
        )?;
    } else {
        writeln!(
            out,
            "\n== themes by quarter (share of each quarter's responses with comments)"
        )?;
    }
    let mut headers = vec!["theme".to_string()];
    headers.extend(report.quarters[shown.clone()].iter().cloned());
    let mut t = Table::new(headers);
    let first = report.groups.first().and_then(|g| g.themes.first());
    if let Some(first) = first {
        let mut row = vec!["responses".to_string()];
        row.extend(
            first.quarters[shown.clone()]
                .iter()
                .map(|q| thousands(q.responses)),
        );
        t.row(row);
    }
    for th in report.groups.iter().flat_map(|g| &g.themes) {
        let mut row = vec![th.label.clone()];
        row.extend(
            th.quarters[shown.clone()]
                .iter()
                .map(|q| format!("{}% ({})", pct(q.share), thousands(q.mentions))),
        );
        t.row(row);
    }
    t.write(out)?;
    Ok(())
}

fn write_table(
    report: &ThemeReport,
    quarters: Option<usize>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let metric = report.metric_name.unwrap_or("score");
    let without = if report.mined > 0 {
        format!(
            "; {} without a theme listed",
            pct(100.0 * report.without_theme as f64 / report.mined as f64) + "%"
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "Themes in {} ({} responses with comments{without}; themes discovered over the {}, terms in at least {} responses)",
        report.scope,
        thousands(report.mined),
        if report.discovered_in == "scope" { "scope" } else { "whole index" },
        report.min_mentions
    )?;
    for g in &report.groups {
        writeln!(out)?;
        let m = g
            .metric
            .as_ref()
            .map_or(String::new(), |m| format!(", {metric} {:.1}", m.value));
        writeln!(
            out,
            "== {} ({} responses{m})",
            g.group,
            thousands(g.responses)
        )?;
        if g.themes.is_empty() {
            writeln!(
                out,
                "   no theme is mentioned here; try a wider scope or --discover-in scope"
            )?;
            continue;
        }
        let grouped = g.themes.iter().any(|t| t.rest_share.is_some());
        let mut headers = vec!["theme", "kind", "mentions", "share%"];
        if grouped {
            headers.push("rest%");
        }
        headers.extend(["lift", metric, "impact", "complaint/ask/praise", "facets"]);
        let mut t = Table::new(headers);
        for th in &g.themes {
            let mut row = vec![
                th.label.clone(),
                th.kind.as_str().into(),
                thousands(th.mentions),
                format!(
                    "{}{}",
                    pct(th.share),
                    if th.over_represented { "*" } else { "" }
                ),
            ];
            if grouped {
                row.push(th.rest_share.map_or(String::new(), pct));
            }
            row.extend([
                th.lift.map_or("-".into(), |l| format!("{l:.1}")),
                metric_cell(th.metric.as_ref()),
                signed(th.impact),
                format!(
                    "{}/{}/{}",
                    th.kinds.complaint, th.kinds.ask, th.kinds.praise
                ),
                if th.facets.is_empty() {
                    th.terms
                        .iter()
                        .take(4)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                } else {
                    th.facets
                        .iter()
                        .take(4)
                        .map(|f| format!("{} ({})", f.label, thousands(f.mentions)))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            ]);
            t.row(row);
        }
        t.write(out)?;
        for th in &g.themes {
            if th.quotes.is_empty() {
                continue;
            }
            writeln!(out, "  {}:", terminal_safe(&th.label))?;
            for q in &th.quotes {
                writeln!(
                    out,
                    "    \"{}\" ({})",
                    terminal_safe(&q.text),
                    terminal_safe(&quote_source(q))
                )?;
            }
        }
    }
    if report.by == "quarter" {
        write_quarter_table(report, quarters, out)?;
    }
    write_segments(report, out)?;
    write_emerging(report, out)?;
    Ok(())
}

/// One table for every question's report; a `question` column leads where there are several.
fn write_csv(reports: &[ThemeReport], out: &mut dyn Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let several = reports.len() > 1;
    let mut header = vec![
        "group",
        "theme",
        "key",
        "kind",
        "mentions",
        "share",
        "lift",
        "significance",
        "metric",
        "impact",
        "complaints",
        "asks",
        "praise",
        "terms",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    if several {
        header.insert(0, "question".into());
    }
    // Every report of one run has the same quarters (the scope's).
    header.extend(reports[0].quarters.iter().map(|q| format!("mentions_{q}")));
    w.write_record(&header)?;
    for report in reports {
        let question = report
            .question
            .as_ref()
            .filter(|_| several)
            .map(|q| spreadsheet_safe(&q.label).into_owned());
        for g in &report.groups {
            for th in &g.themes {
                let mut row: Vec<String> = question.iter().cloned().collect();
                row.extend([
                    spreadsheet_safe(&g.group).into_owned(),
                    spreadsheet_safe(&th.label).into_owned(),
                    th.key.clone(),
                    th.kind.as_str().into(),
                    th.mentions.to_string(),
                    format!("{:.2}", th.share),
                    th.lift.map_or(String::new(), |l| format!("{l:.3}")),
                    format!("{:.1}", th.significance),
                    th.metric
                        .map_or(String::new(), |m| format!("{:.2}", m.value)),
                    th.impact.map_or(String::new(), |v| format!("{v:.2}")),
                    th.kinds.complaint.to_string(),
                    th.kinds.ask.to_string(),
                    th.kinds.praise.to_string(),
                    spreadsheet_safe(&th.terms.join("; ")).into_owned(),
                ]);
                row.extend(th.quarters.iter().map(|q| q.mentions.to_string()));
                w.write_record(&row)?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

use crate::output::markdown_safe as md_cell;

fn write_md(
    report: &ThemeReport,
    quarters: Option<usize>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let metric = report.metric_name.unwrap_or("score");
    writeln!(out, "# Themes: {}\n", md_cell(&report.scope))?;
    for g in &report.groups {
        writeln!(
            out,
            "## {} ({} responses)\n",
            md_cell(&g.group),
            thousands(g.responses)
        )?;
        writeln!(
            out,
            "| theme | kind | mentions | share | lift | {metric} | impact | facets |"
        )?;
        writeln!(out, "|---|---|---:|---:|---:|---:|---:|---|")?;
        for th in &g.themes {
            let facets: Vec<String> = th
                .facets
                .iter()
                .take(4)
                .map(|f| format!("{} ({})", md_cell(&f.label), thousands(f.mentions)))
                .collect();
            writeln!(
                out,
                "| {} | {} | {} | {}%{} | {} | {} | {} | {} |",
                md_cell(&th.label),
                th.kind.as_str(),
                thousands(th.mentions),
                pct(th.share),
                if th.over_represented { "*" } else { "" },
                th.lift.map_or("-".into(), |l| format!("{l:.1}")),
                metric_cell(th.metric.as_ref()),
                signed(th.impact),
                facets.join(", ")
            )?;
        }
        writeln!(out)?;
        for th in &g.themes {
            for q in &th.quotes {
                writeln!(
                    out,
                    "> {} ({})\n",
                    md_cell(&q.text),
                    md_cell(&quote_source(q))
                )?;
            }
        }
    }
    if report.by == "quarter" && !report.quarters.is_empty() {
        let shown = shown_quarters(report, quarters);
        write!(out, "## Themes by quarter\n\n| theme |")?;
        for q in &report.quarters[shown.clone()] {
            write!(out, " {} |", md_cell(q))?;
        }
        write!(out, "\n|---|")?;
        for _ in shown.clone() {
            write!(out, "---:|")?;
        }
        writeln!(out)?;
        for th in report.groups.iter().flat_map(|g| &g.themes) {
            write!(out, "| {} |", md_cell(&th.label))?;
            for q in &th.quarters[shown.clone()] {
                write!(out, " {}% ({}) |", pct(q.share), thousands(q.mentions))?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

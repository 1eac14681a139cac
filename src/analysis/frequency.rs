//! General-language word frequencies (wordfreq lists, bundled in `frequency/`), most frequent
//! first: what is common everywhere (filler) and what is distinctive (the themes' background).

use super::Language;

fn source(lang: Language) -> &'static str {
    match lang {
        Language::English => include_str!("frequency/en.tsv"),
        Language::German => include_str!("frequency/de.tsv"),
        Language::French => include_str!("frequency/fr.tsv"),
        Language::Spanish => include_str!("frequency/es.tsv"),
        Language::Dutch => include_str!("frequency/nl.tsv"),
        Language::Portuguese => include_str!("frequency/pt.tsv"),
        Language::Italian => include_str!("frequency/it.tsv"),
        Language::Swedish => include_str!("frequency/sv.tsv"),
    }
}

/// The listed words of `lang` with their Zipf frequency, most frequent first.
pub fn frequencies(lang: Language) -> impl Iterator<Item = (&'static str, f64)> {
    source(lang)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let (word, zipf) = line.split_once('\t')?;
            Some((word, zipf.trim().parse::<f64>().ok()?))
        })
}

//! Stopword lists, compiled into the binary so an installed verbatim needs no data files.
//!
//! The lists live in the top-level `stopwords/` folder, one word per line, `#` for comments. They
//! hold function words only; negations are kept out on purpose because "not working" is a theme.

use super::Language;

fn source(lang: Language) -> &'static str {
    match lang {
        Language::English => include_str!("../../stopwords/en.txt"),
        Language::German => include_str!("../../stopwords/de.txt"),
        Language::French => include_str!("../../stopwords/fr.txt"),
        Language::Spanish => include_str!("../../stopwords/es.txt"),
        Language::Dutch => include_str!("../../stopwords/nl.txt"),
        Language::Portuguese => include_str!("../../stopwords/pt.txt"),
        Language::Italian => include_str!("../../stopwords/it.txt"),
        Language::Swedish => include_str!("../../stopwords/sv.txt"),
    }
}

/// The stopwords of `lang`, lower-cased, in file order.
pub fn stopwords(lang: Language) -> impl Iterator<Item = &'static str> {
    source(lang)
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Words that negate what follows. Never stopwords, and allowed to open a theme phrase.
pub fn negations(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::English => &[
            "no", "not", "nor", "never", "without", "none", "nothing", "nobody", "nowhere",
            "cannot",
        ],
        Language::German => &[
            "nicht", "kein", "keine", "keinem", "keinen", "keiner", "keines", "nichts", "ohne",
            "nie",
        ],
        Language::French => &[
            "ne", "pas", "non", "sans", "jamais", "rien", "aucun", "aucune",
        ],
        Language::Spanish => &[
            "no", "sin", "ni", "nunca", "nada", "tampoco", "ninguno", "ninguna",
        ],
        Language::Dutch => &["niet", "geen", "niets", "nooit", "zonder", "niemand"],
        Language::Portuguese => &["não", "sem", "nem", "nunca", "nada", "nenhum", "nenhuma"],
        Language::Italian => &[
            "non", "senza", "mai", "niente", "nessun", "nessuno", "nessuna",
        ],
        Language::Swedish => &[
            "inte", "ej", "icke", "utan", "aldrig", "ingen", "inga", "inget",
        ],
    }
}

/// Degree words: stopwords for search, but allowed to open a theme phrase ("too expensive").
pub fn degree_words(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::English => &[
            "too",
            "very",
            "so",
            "really",
            "quite",
            "rather",
            "more",
            "most",
            "much",
            "extremely",
        ],
        Language::German => &["zu", "sehr", "so", "mehr", "viel"],
        Language::French => &["trop", "très", "plus", "si"],
        Language::Spanish => &["muy", "demasiado", "más", "tan"],
        Language::Dutch => &["te", "zeer", "erg", "meer", "heel"],
        Language::Portuguese => &["muito", "demais", "mais", "tão"],
        Language::Italian => &["troppo", "molto", "più", "così"],
        Language::Swedish => &["för", "mycket", "så", "mer"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negations_are_never_stopwords() {
        for lang in Language::ALL {
            let stops: Vec<_> = stopwords(lang).collect();
            assert!(stops.len() > 80, "{lang:?} list is too short");
            for neg in negations(lang) {
                assert!(!stops.contains(neg), "{neg} is a stopword in {lang:?}");
            }
        }
    }
}

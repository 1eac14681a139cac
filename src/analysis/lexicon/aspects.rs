//! English evaluative words and the aspect each judges ("slow" speed, "cheap" price, "rude" the
//! staff's manner), and the nouns that name each aspect: `en_aspects.tsv`, generated from WordNet
//! 3.0 by `aspects.py` and checked by reading (see the lexicon README). General evaluatives
//! ("good", "terrible") are in no row.

/// What a row of the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AspectRole {
    /// An adjective or adverb that judges the aspect.
    Evaluative,
    /// An evaluative word whose stem is mostly said in another use in comments ("kind" of "kind
    /// of", "patient" of the noun): in the table, never counted as the aspect's mention.
    Ambiguous,
    /// A noun that names the aspect ("price", "speed").
    Name,
}

/// One row of `en_aspects.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AspectRow {
    pub word: &'static str,
    pub aspect: &'static str,
    pub role: AspectRole,
}

/// Every row, in file order (aspects in alphabetical order, then words).
pub fn aspect_rows() -> impl Iterator<Item = AspectRow> {
    include_str!("en_aspects.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut cells = l.split('\t');
            let (word, aspect, _pos, source) =
                (cells.next()?, cells.next()?, cells.next()?, cells.next()?);
            let role = match source {
                "name" => AspectRole::Name,
                "ambiguous" => AspectRole::Ambiguous,
                _ => AspectRole::Evaluative,
            };
            Some(AspectRow { word, aspect, role })
        })
}

/// The aspect a lower-cased English evaluative word judges ("laggy" -> "speed"); None for
/// general evaluatives ("great") and every other word.
pub fn aspect_of(word: &str) -> Option<&'static str> {
    aspect_rows()
        .find(|r| r.word == word && r.role != AspectRole::Name)
        .map(|r| r.aspect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_maps_the_issue_examples_and_general_words_to_nothing() {
        for (words, aspect) in [
            (&["slow", "fast", "laggy"][..], "speed"),
            (&["cheap", "expensive", "overpriced"], "price"),
            (&["dirty", "clean"], "cleanliness"),
            (&["rude", "kind", "caring"], "staff manner"),
            (&["easy", "intuitive"], "ease of use"),
            (&["sturdy", "flimsy"], "build quality"),
            (&["comfortable", "cramped"], "comfort"),
            (&["noisy", "quiet"], "noise"),
            (&["sleek", "stylish", "elegant"], "design"),
            (&["heavy", "portable", "lightweight", "bulky"], "weight"),
        ] {
            for w in words {
                assert_eq!(aspect_of(w), Some(aspect), "{w}");
            }
        }
        for w in [
            "good",
            "great",
            "bad",
            "love",
            "terrible",
            "amazing",
            "nice",
            "price",
            "beautiful",
            "pretty",
            "cool",
            "thick",
            "full",
        ] {
            assert_eq!(aspect_of(w), None, "{w}");
        }
        let evaluative = aspect_rows().filter(|r| r.role != AspectRole::Name).count();
        assert!((100..=300).contains(&evaluative), "{evaluative}");
        assert!(aspect_rows().any(|r| r.word == "price" && r.role == AspectRole::Name));
    }
}

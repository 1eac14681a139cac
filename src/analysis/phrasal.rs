//! Phrasal verbs that people also write as one word: "set up" / "setup", "log in" / "login",
//! "check-in" / "checkin", "took off" / "takeoff". The particle of such a verb is indexed
//! ([`WordClass::Particle`]), so that a search for "setup" can match "easy to set up" as the
//! phrase "set up"; to themes it stays a function word, so what a theme counts does not change.
//! The table (`lexicon/en_phrasal.tsv`, from WordNet 3.0 by `lexicon/phrasal.py`, read by hand)
//! holds only verbs whose joined word says what the verb does ("go on" is no "goon").

use std::collections::HashMap;

use super::{Word, WordClass};

/// Particles of the table, as written.
const PARTICLES: [&str; 9] = [
    "up", "in", "out", "off", "on", "down", "back", "over", "away",
];

/// The table: by the verb's term, each of its particles with the joined word. Looked up for
/// every function word after a content word at ingest, so by `&str`, without building a key.
#[derive(Debug, Default)]
pub(super) struct Phrasal {
    joined: HashMap<String, Vec<(&'static str, String)>>,
}

impl Phrasal {
    /// The English table. `term_of` gives a word's term as the analysis does, so the verb's
    /// inflections ("setting", "logged") find their row.
    pub(super) fn english(term_of: impl Fn(&str) -> String) -> Phrasal {
        let mut table = Phrasal::default();
        for line in include_str!("lexicon/en_phrasal.tsv").lines() {
            let mut cells = line.split('\t');
            let (Some(form), Some(particle), Some(joined)) =
                (cells.next(), cells.next(), cells.next())
            else {
                continue;
            };
            let Some(particle) = PARTICLES.iter().find(|p| **p == particle) else {
                continue;
            };
            let particles = table.joined.entry(term_of(form)).or_default();
            if !particles.iter().any(|(p, _)| p == particle) {
                particles.push((particle, joined.to_string()));
            }
        }
        table
    }

    pub(super) fn is_empty(&self) -> bool {
        self.joined.is_empty()
    }

    /// The joined word of a verb's term and a particle ("set", "up" -> "setup"), if listed.
    pub(super) fn joined(&self, verb_term: &str, particle: &str) -> Option<&str> {
        self.joined
            .get(verb_term)?
            .iter()
            .find(|(p, _)| particle.eq_ignore_ascii_case(p))
            .map(|(_, joined)| joined.as_str())
    }

    /// Marks each particle of `words` (analysed from `text`) that follows its verb, with no
    /// punctuation between ("set up", "check-in"), as a [`WordClass::Particle`].
    pub(super) fn mark(&self, text: &str, words: &mut [Word]) {
        for i in 1..words.len() {
            let (verb, particle) = (&words[i - 1], &words[i]);
            if particle.boundary_before
                || particle.class != WordClass::Function
                || verb.class != WordClass::Content
            {
                continue;
            }
            let said = &text[particle.start..particle.end];
            if self.joined(&verb.term, said).is_some() {
                words[i].class = WordClass::Particle;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analyzer, Language};

    fn terms(text: &str) -> Vec<String> {
        Analyzer::new(Language::English).index_terms(text)
    }

    #[test]
    fn the_particle_of_a_listed_phrasal_verb_is_indexed() {
        assert_eq!(terms("Easy to set up"), ["easi", "set", "up"]);
        assert_eq!(terms("Setting it up"), ["set"]);
        assert_eq!(terms("I logged in twice"), ["log", "in", "twice"]);
        assert_eq!(terms("check-in desk"), ["check", "in", "desk"]);
        assert_eq!(
            terms("the plane took off late"),
            ["plane", "took", "off", "late"]
        );
        // a comma between verb and particle, a preposition, or a verb whose joined word means
        // something else leaves the particle a function word
        assert_eq!(terms("set, up"), ["set"]);
        assert_eq!(terms("sit in row 5"), ["sit", "row", "5"]);
        assert_eq!(terms("it did not work out"), ["not", "work"]);
    }

    #[test]
    fn a_phrasal_verb_written_apart_is_known_joined() {
        let a = Analyzer::new(Language::English);
        assert_eq!(a.phrasal_joined("logged", "in"), Some("login"));
        assert_eq!(a.phrasal_joined("Setting", "UP"), Some("setup"));
        assert_eq!(a.phrasal_joined("go", "on"), None);
    }
}

//! A question's own slant: "What did you like most?" asks for praise, "What could we do
//! better?" for asks and complaints. Read from the question's words in the eight languages, it
//! decides the kind of an answer's clause that says nothing clear by itself: "Fast delivery"
//! answers the first as praise and the second as an ask.

use super::sentiment::{Clause, CLEAR};

/// What a question asks its answers to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Slant {
    /// No lean: each clause's kind is its own.
    #[default]
    Open,
    /// What was liked or went well: answers are praise unless a clause complains.
    Liked,
    /// What to improve or was missed: answers are asks unless a clause praises or complains.
    Improve,
    /// What was disliked or went wrong: answers are complaints unless a clause praises.
    Disliked,
}

/// Words (or word openings, marked with a trailing '*') of a question asking what was liked.
const LIKED: &[&str] = &[
    // en
    "like",
    "liked",
    "likes",
    "enjoy*",
    "love*",
    "best",
    "favourite*",
    "favorite*",
    "good",
    "positive*",
    "strength*",
    "appreciate*",
    "valued",
    "impress*",
    "praise*",
    "useful",
    "helpful",
    // fr
    "aim*",
    "plu",
    "plaît",
    "plait",
    "préf*",
    "apprécié*",
    "meilleur*",
    "positif*",
    // de
    "gefall*",
    "gefällt",
    "gefiel",
    "gut",
    "gute*",
    "besten",
    "beste",
    "positiv*",
    "geschätzt",
    // es
    "gusta",
    "gustó",
    "gusto",
    "gustado",
    "encant*",
    "positivo*",
    // it
    "piace",
    "piaciut*",
    "migliore",
    "migliori",
    "apprezza*",
    "positiv*",
    // nl
    "bevalt",
    "beviel",
    "goed",
    "leuk",
    "beste",
    "positief",
    "positieve",
    "waardeer*",
    // pt
    "gosta*",
    "gostou",
    "gostei",
    "positivo*",
    // sv
    "gillar",
    "gillade",
    "gillat",
    "bra",
    "bäst*",
    "positiv*",
    "uppskatta*",
];

/// Words of a question asking what to improve, add or change.
const IMPROVE: &[&str] = &[
    // en
    "improve*",
    "improvement*",
    "better",
    "change*",
    "differently",
    "missing",
    "miss",
    "lacking",
    "suggest*",
    "wish",
    "add",
    // fr
    "amélior*",
    "amelior*",
    "mieux",
    "changer",
    "manqu*",
    "suggestion*",
    "ajouter",
    // de
    "verbesser*",
    "besser",
    "ändern",
    "fehl*",
    "vorschl*",
    "wünsch*",
    // es
    "mejorar",
    "mejora*",
    "cambiar*",
    "falta*",
    "sugerencia*",
    "añadir",
    // it
    "migliorar*",
    "miglioramen*",
    "meglio",
    "cambiare",
    "manca*",
    "suggeriment*",
    "aggiunge*",
    // nl
    "verbeter*",
    "beter",
    "veranderen",
    "mist",
    "miste",
    "suggestie*",
    "toevoegen",
    // pt
    "melhorar",
    "melhoria*",
    "mudar",
    "falta*",
    "sugest*",
    "adicionar",
    // sv
    "förbättr*",
    "bättre",
    "ändra",
    "saknar",
    "saknade",
    "förslag",
    "lägga",
];

/// Words of a question asking what was disliked or went wrong.
const DISLIKED: &[&str] = &[
    // en
    "least",
    "dislike*",
    "wrong",
    "problem*",
    "frustrat*",
    "worse",
    "worst",
    "negative*",
    "disappoint*",
    "annoy*",
    "complain*",
    // fr
    "moins",
    "problème*",
    "déçu*",
    "négati*",
    "plainte*",
    // de
    "weniger",
    "problem",
    "negativ*",
    "stört",
    "gestört",
    "schlecht*",
    "beschwer*",
    // es
    "menos",
    "problema*",
    "negativo*",
    "queja*",
    "peor",
    // it
    "meno",
    "problem*",
    "negativ*",
    "peggio*",
    "reclam*",
    // nl
    "minder",
    "minst",
    "probleem",
    "negatie*",
    "slecht*",
    "klacht*",
    // pt
    "menos",
    "problema*",
    "negativo*",
    "pior",
    "reclama*",
    // sv
    "mindre",
    "minst",
    "problem",
    "negativ*",
    "sämst*",
    "klagomål",
];

/// Negations that turn a liked question round ("What did you not like?").
const NOT: &[&str] = &[
    "not", "didn", "don", "doesn", "wasn", "weren", "never", "ne", "pas", "nicht", "kein", "keine",
    "no", "non", "niet", "geen", "não", "nao", "inte", "ej",
];

fn matches(word: &str, list: &[&str]) -> bool {
    list.iter().any(|&entry| match entry.strip_suffix('*') {
        Some(opening) => word.starts_with(opening),
        None => word == entry,
    })
}

/// The slant of a question from its text (a column header, or a long file's question value).
pub fn of_question(question: &str) -> Slant {
    let lower = question.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| matches(w, list));
    let negated = words.iter().any(|w| NOT.contains(w));
    // "Would you like to..." and "what would you like us to..." are politeness, not liking.
    let polite = |i: usize| {
        words[i] == "like"
            && (words.get(i + 1) == Some(&"to")
                || words[i.saturating_sub(2)..i]
                    .iter()
                    .any(|w| ["would", "d"].contains(w)))
    };
    let liked = (0..words.len()).any(|i| matches(words[i], LIKED) && !polite(i))
        || lower.contains("went well")
        || lower.contains("points forts");
    match (has(DISLIKED) || liked && negated, has(IMPROVE), liked) {
        (true, _, _) => Slant::Disliked,
        // "What was good or could be better?" asks both ways.
        (false, true, true) => Slant::Open,
        (false, true, false) => Slant::Improve,
        (false, false, true) => Slant::Liked,
        (false, false, false) => Slant::Open,
    }
}

impl Slant {
    /// The kinds of a clause answering a question of this slant: (complaint, praise, ask). A
    /// clause that is clearly negative is a complaint and one clearly positive is praise, as
    /// without a slant; a clause that is neither answers a liked question with praise, an
    /// improve question with an ask and a disliked question with a complaint.
    pub fn kinds(self, clause: &Clause) -> (bool, bool, bool) {
        self.kinds_of(clause.polarity, clause.negated_events, clause.ask)
    }

    /// [`Slant::kinds`] of a clause's polarity, the part of it negated events gave, and its ask.
    pub fn kinds_of(self, polarity: f32, negated_events: f32, ask: bool) -> (bool, bool, bool) {
        let (negative, positive) = (polarity <= -CLEAR, polarity >= CLEAR);
        match self {
            Slant::Open => (negative, positive, ask),
            Slant::Liked => {
                // A negated event answers a liked question as praise: "no ads", "never crashes".
                let says_otherwise = polarity - negated_events <= -CLEAR;
                (says_otherwise, !says_otherwise, ask)
            }
            Slant::Improve => (negative, positive, ask || !(negative || positive)),
            Slant::Disliked => (!positive, positive, ask),
        }
    }

    /// What the slant means for the answers, in words (None for an open question).
    pub fn describe(self) -> Option<&'static str> {
        match self {
            Slant::Open => None,
            Slant::Liked => {
                Some("asks what was liked: a clause that says nothing clear by itself is praise")
            }
            Slant::Improve => {
                Some("asks what to improve: a clause that says nothing clear by itself is an ask")
            }
            Slant::Disliked => Some(
                "asks what went wrong: a clause that says nothing clear by itself is a complaint",
            ),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Slant::Open => "open",
            Slant::Liked => "liked",
            Slant::Improve => "improve",
            Slant::Disliked => "disliked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_read_by_their_slant() {
        for q in [
            "What do you like most about our product?",
            "What was good?",
            "What went well during your stay?",
            "Qu'avez-vous le plus apprécié ?",
            "Was hat Ihnen gefallen?",
            "¿Qué es lo que más te gusta de usar R?",
            "Cosa ti è piaciuto di più?",
            "Wat beviel u het best?",
            "O que você mais gostou?",
            "Vad gillade du mest?",
        ] {
            assert_eq!(of_question(q), Slant::Liked, "{q}");
        }
        for q in [
            "What did you like least?",
            "What did you not like?",
            "What went wrong?",
            "Was hat Ihnen nicht gefallen?",
            "¿Qué es lo que menos te gusta?",
        ] {
            assert_eq!(of_question(q), Slant::Disliked, "{q}");
        }
        for q in [
            "What could we do better?",
            "How could we improve?",
            "Is anything missing?",
            "Que pourrions-nous améliorer ?",
            "Was können wir verbessern?",
            "¿Qué podríamos mejorar?",
            "Cosa possiamo migliorare?",
            "Wat kunnen we verbeteren?",
            "O que podemos melhorar?",
            "Vad kan vi förbättra?",
        ] {
            assert_eq!(of_question(q), Slant::Improve, "{q}");
        }
        assert_eq!(
            of_question("What would you like us to improve?"),
            Slant::Improve
        );
        for q in [
            "Comments",
            "Any other comments?",
            "Why did you give this score?",
            "Feedback",
            "What was good or could be better?",
        ] {
            assert_eq!(of_question(q), Slant::Open, "{q}");
        }
    }

    #[test]
    fn a_clause_that_says_otherwise_keeps_its_kind() {
        let clause = |polarity: f32| Clause {
            span: 0..1,
            words: 0..1,
            sentence: 0,
            polarity,
            negated_events: 0.0,
            ask: false,
            names: Vec::new(),
        };
        // "Fast delivery" (neutral): praise when liked, an ask when to improve.
        assert_eq!(Slant::Liked.kinds(&clause(0.0)), (false, true, false));
        assert_eq!(Slant::Improve.kinds(&clause(0.0)), (false, false, true));
        assert_eq!(Slant::Disliked.kinds(&clause(0.0)), (true, false, false));
        assert_eq!(Slant::Open.kinds(&clause(0.0)), (false, false, false));
        // A clear complaint stays one under a liked question; clear praise under an improve one.
        assert_eq!(Slant::Liked.kinds(&clause(-1.0)), (true, false, false));
        assert_eq!(Slant::Improve.kinds(&clause(1.0)), (false, true, false));
        // "No es tan estricto" (a negated event) answers "what do you like most?" as praise.
        let negated_event = Clause {
            negated_events: -0.35,
            ..clause(-0.35)
        };
        assert_eq!(Slant::Liked.kinds(&negated_event), (false, true, false));
        assert_eq!(Slant::Open.kinds(&negated_event), (true, false, false));
    }
}

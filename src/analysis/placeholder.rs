//! Placeholders: cells that hold no comment although they are not blank ("N/A", "Did not
//! answer", "Prefer not to say", "[redacted]", "XXXX"), in the eight supported languages, and
//! the redaction marks that stand in for a name or number inside a comment ("XXXX", "[name]").
//!
//! A placeholder is kept and searchable, but it is no comment: ingest leaves it out of the
//! comment rate, the theme words, the clause kinds and the sentiment. A redaction mark inside a
//! comment is searchable and never part of a theme (`analysis` gives it the class of a mention).

/// Cells that say nothing, compared lower-case, without surrounding brackets and final dots or
/// exclamation marks, with straight apostrophes and single spaces. Every language's list applies
/// whatever the index's language: a file's placeholders are often its survey tool's, in English.
const PLACEHOLDERS: &[&str] = &[
    // English
    "n/a",
    "na",
    "n.a",
    "n a",
    "#n/a",
    "not applicable",
    "none",
    "nothing",
    "nil",
    "null",
    "nope",
    "no",
    "no comment",
    "no comments",
    "no answer",
    "no answer given",
    "no response",
    "no response given",
    "did not answer",
    "didn't answer",
    "not answered",
    "unanswered",
    "no reply",
    "declined",
    "declined to answer",
    "refused",
    "skipped",
    "prefer not to say",
    "prefer not to answer",
    "i prefer not to say",
    "i'd rather not say",
    "rather not say",
    "would rather not say",
    "not given",
    "not provided",
    "not stated",
    "no opinion",
    "don't know",
    "dont know",
    "do not know",
    "i don't know",
    "redacted",
    "removed",
    "withheld",
    "blank",
    // German
    "keine angabe",
    "keine angaben",
    "k.a",
    "k. a",
    "keine antwort",
    "nicht beantwortet",
    "keine",
    "keiner",
    "nichts",
    "kein kommentar",
    "keine kommentare",
    "weiß nicht",
    "weiss nicht",
    "möchte ich nicht sagen",
    "möchte ich nicht beantworten",
    "entfällt",
    // French
    "pas de réponse",
    "sans réponse",
    "non répondu",
    "aucune réponse",
    "aucun",
    "aucune",
    "rien",
    "sans commentaire",
    "aucun commentaire",
    "pas de commentaire",
    "je ne sais pas",
    "ne sais pas",
    "nsp",
    "je préfère ne pas répondre",
    "préfère ne pas répondre",
    "je préfère ne pas le dire",
    "préfère ne pas dire",
    "néant",
    "sans objet",
    "non applicable",
    // Spanish
    "sin respuesta",
    "no respondió",
    "no responde",
    "no contesta",
    "no contestó",
    "ninguno",
    "ninguna",
    "nada",
    "sin comentarios",
    "sin comentario",
    "ningún comentario",
    "no sé",
    "no sabe",
    "ns/nc",
    "prefiero no decirlo",
    "prefiero no decir",
    "prefiero no responder",
    "prefiero no contestar",
    "no aplica",
    // Dutch
    "geen antwoord",
    "niet beantwoord",
    "geen",
    "niets",
    "geen opmerkingen",
    "geen opmerking",
    "geen commentaar",
    "weet niet",
    "weet ik niet",
    "zeg ik liever niet",
    "wil ik niet zeggen",
    "liever niet",
    "n.v.t",
    "nvt",
    "niet van toepassing",
    // Portuguese
    "sem resposta",
    "não respondeu",
    "não respondido",
    "não responde",
    "nenhum",
    "nenhuma",
    "nada a declarar",
    "sem comentários",
    "sem comentário",
    "não sei",
    "prefiro não dizer",
    "prefiro não responder",
    "não se aplica",
    "não aplicável",
    // Italian
    "nessuna risposta",
    "non risponde",
    "non ha risposto",
    "nessuno",
    "nessuna",
    "niente",
    "nulla",
    "nessun commento",
    "non so",
    "preferisco non rispondere",
    "preferisco non dirlo",
    "non applicabile",
    // Swedish
    "inget svar",
    "ej besvarad",
    "ej besvarat",
    "inte besvarad",
    "inte besvarat",
    "besvarades inte",
    "ingen",
    "inget",
    "inga",
    "ingenting",
    "inga kommentarer",
    "ingen kommentar",
    "vet inte",
    "vill inte svara",
    "vill helst inte svara",
    "ej tillämpligt",
];

/// Bytes of the longest listed placeholder, with room for brackets and dots around it.
const LONGEST: usize = 64;

/// The placeholder a cell holds, in the form it is listed under ("did not answer",
/// "[redacted]" for a cell of redaction marks alone, "-" for punctuation alone), or None for a
/// comment or a blank cell.
pub fn placeholder(cell: &str) -> Option<String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return None;
    }
    if !cell.chars().any(char::is_alphanumeric) {
        return Some("-".into());
    }
    if cell.len() > LONGEST {
        return None;
    }
    if only_redaction_marks(cell) {
        return Some("[redacted]".into());
    }
    // "I don\u{FFFD}t know": an apostrophe lost before the export.
    let cell = super::words::lost_apostrophes(cell);
    let t = cell
        .trim_matches(['(', ')', '[', ']', '"', '\'', '<', '>'])
        .trim_end_matches(['.', '!'])
        .trim()
        .to_lowercase()
        .replace(['\u{2019}', '`'], "'")
        .replace('_', " ");
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    PLACEHOLDERS.contains(&t.as_str()).then_some(t)
}

/// Whether a cell holds nothing but redaction marks ("XXXX", "[redacted]", "[name] [phone]",
/// "***"), with punctuation between them.
fn only_redaction_marks(cell: &str) -> bool {
    let marks = redaction_spans(cell);
    let mut rest = cell.to_string();
    for &(start, end) in marks.iter().rev() {
        rest.replace_range(start..end, " ");
    }
    let mut words = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .peekable();
    (!marks.is_empty() || words.peek().is_some()) && words.all(is_x_word)
}

/// A word of three or more x's ("XXXX", "xxx"): a redacted name or number.
pub fn is_x_word(word: &str) -> bool {
    word.len() >= 3 && word.bytes().all(|b| b == b'x' || b == b'X')
}

/// Byte spans of bracketed marks in `text` ("[name]", "[REDACTED]", "<email>", "{phone}",
/// "[customer name]"): brackets around at most four short words of letters, digits, spaces and
/// underscores. Each span covers the brackets.
pub fn redaction_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    if !text.contains(['[', '<', '{']) {
        return spans;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let close = match bytes[i] {
            b'[' => b']',
            b'<' => b'>',
            b'{' => b'}',
            _ => {
                i += 1;
                continue;
            }
        };
        let inner_start = i + 1;
        let end = bytes[inner_start..]
            .iter()
            .take(40)
            .position(|&b| b == close)
            .map(|p| inner_start + p);
        if let Some(end) = end {
            let inner = &text[inner_start..end];
            let ok = inner.chars().any(char::is_alphabetic)
                && inner
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == ' ' || c == '_' || c == '-')
                && inner.split_whitespace().count() <= 4
                && !inner.starts_with(' ');
            if ok {
                spans.push((i, end + 1));
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_each_language() {
        for (cell, kind) in [
            ("Did not answer", "did not answer"),
            ("  NOT ANSWERED. ", "not answered"),
            ("No answer given", "no answer given"),
            ("Prefer not to say", "prefer not to say"),
            ("(prefer_not_to_say)", "prefer not to say"),
            ("N/A", "n/a"),
            ("Keine Angabe", "keine angabe"),
            ("Pas de réponse", "pas de réponse"),
            ("Sin respuesta", "sin respuesta"),
            ("Geen antwoord", "geen antwoord"),
            ("Sem resposta", "sem resposta"),
            ("Nessuna risposta", "nessuna risposta"),
            ("Inget svar", "inget svar"),
            ("[redacted]", "[redacted]"),
            ("XXXX", "[redacted]"),
            ("[Name] [phone]", "[redacted]"),
            ("xxx-xxx-xxxx", "[redacted]"),
            ("--", "-"),
        ] {
            assert_eq!(placeholder(cell).as_deref(), Some(kind), "{cell:?}");
        }
        for cell in [
            "",
            "Did not answer my call",
            "Nothing works",
            "[name] was very helpful",
            "XXXX helped me a lot",
            "ok",
            "no response from support",
        ] {
            assert_eq!(placeholder(cell), None, "{cell:?}");
        }
    }

    #[test]
    fn redaction_marks_are_found_in_brackets() {
        let text = "[Agent name] at <store> was kind, [sic: 3 times] {x}";
        let spans: Vec<&str> = redaction_spans(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(spans, ["[Agent name]", "<store>", "{x}"]);
        assert!(is_x_word("XXXX") && is_x_word("xxx") && !is_x_word("xx") && !is_x_word("xox"));
    }
}

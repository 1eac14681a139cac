//! Ordered answer sets: the labels survey tools write instead of numbers ("Strongly agree",
//! "Very satisfied", "Poor", "Extremely likely"), in the eight bundled languages, each with its
//! rank from worst (1) to best. A column holding only such labels takes its numbers from here, and
//! a labelled number ("1 - Very good", "Very poor (5)") tells which end of the scale is best.
//!
//! Written by hand from the wording the common tools offer; a label may stand in several sets (a
//! bare "Neutral"), always at the same rank.

/// One answer set: its name and, per rank from worst to best, the ways the level is written
/// (compared lower-case, accents kept, straight apostrophes).
pub struct AnswerSet {
    pub name: &'static str,
    pub levels: &'static [&'static [&'static str]],
}

/// The sets, most specific first: a column whose labels all stand in one set is read with it.
pub const ANSWER_SETS: &[AnswerSet] = &[
    AnswerSet {
        name: "agreement",
        levels: &[
            &[
                "strongly disagree",
                "stimme überhaupt nicht zu",
                "pas du tout d'accord",
                "totalmente en desacuerdo",
                "helemaal mee oneens",
                "helemaal oneens",
                "discordo totalmente",
                "completamente in disaccordo",
                "per niente d'accordo",
                "fortemente in disaccordo",
                "instämmer inte alls",
                "tar helt avstånd",
            ],
            &[
                "disagree",
                "somewhat disagree",
                "stimme nicht zu",
                "stimme eher nicht zu",
                "pas d'accord",
                "plutôt pas d'accord",
                "en desacuerdo",
                "mee oneens",
                "oneens",
                "discordo",
                "discordo parcialmente",
                "in disaccordo",
                "instämmer inte",
                "instämmer delvis inte",
            ],
            &[
                "neither agree nor disagree",
                "neutral",
                "weder noch",
                "teils/teils",
                "ni d'accord ni pas d'accord",
                "ni de acuerdo ni en desacuerdo",
                "neutraal",
                "niet eens, niet oneens",
                "noch eens, noch oneens",
                "não concordo nem discordo",
                "nem concordo nem discordo",
                "né d'accordo né in disaccordo",
                "varken eller",
                "varken instämmer eller tar avstånd",
            ],
            &[
                "agree",
                "somewhat agree",
                "stimme zu",
                "stimme eher zu",
                "d'accord",
                "plutôt d'accord",
                "de acuerdo",
                "mee eens",
                "eens",
                "concordo",
                "concordo parcialmente",
                "d'accordo",
                "instämmer",
                "instämmer delvis",
            ],
            &[
                "strongly agree",
                "stimme voll und ganz zu",
                "stimme voll zu",
                "tout à fait d'accord",
                "totalmente de acuerdo",
                "helemaal mee eens",
                "helemaal eens",
                "concordo totalmente",
                "completamente d'accordo",
                "fortemente d'accordo",
                "instämmer helt",
            ],
        ],
    },
    AnswerSet {
        name: "satisfaction",
        levels: &[
            &[
                "very dissatisfied",
                "extremely dissatisfied",
                "sehr unzufrieden",
                "très insatisfait",
                "muy insatisfecho",
                "zeer ontevreden",
                "muito insatisfeito",
                "molto insoddisfatto",
                "mycket missnöjd",
            ],
            &[
                "dissatisfied",
                "somewhat dissatisfied",
                "unsatisfied",
                "unzufrieden",
                "eher unzufrieden",
                "insatisfait",
                "plutôt insatisfait",
                "insatisfecho",
                "ontevreden",
                "insatisfeito",
                "insoddisfatto",
                "missnöjd",
            ],
            &[
                "neither satisfied nor dissatisfied",
                "neutral",
                "weder zufrieden noch unzufrieden",
                "ni satisfait ni insatisfait",
                "ni satisfecho ni insatisfecho",
                "neutraal",
                "niet tevreden, niet ontevreden",
                "nem satisfeito nem insatisfeito",
                "né soddisfatto né insoddisfatto",
                "varken nöjd eller missnöjd",
            ],
            &[
                "satisfied",
                "somewhat satisfied",
                "zufrieden",
                "eher zufrieden",
                "satisfait",
                "plutôt satisfait",
                "satisfecho",
                "tevreden",
                "satisfeito",
                "soddisfatto",
                "nöjd",
            ],
            &[
                "very satisfied",
                "extremely satisfied",
                "completely satisfied",
                "sehr zufrieden",
                "très satisfait",
                "muy satisfecho",
                "zeer tevreden",
                "muito satisfeito",
                "molto soddisfatto",
                "mycket nöjd",
            ],
        ],
    },
    AnswerSet {
        name: "good/poor",
        levels: &[
            &[
                "very poor",
                "very bad",
                "sehr schlecht",
                "très mauvais",
                "muy malo",
                "zeer slecht",
                "heel slecht",
                "muito mau",
                "muito ruim",
                "molto scarso",
                "pessimo",
                "mycket dålig",
                "mycket dåligt",
            ],
            &[
                "poor", "bad", "schlecht", "mauvais", "malo", "slecht", "mau", "ruim", "scarso",
                "dålig", "dåligt",
            ],
            &[
                "neither good nor poor",
                "neither good nor bad",
                "fair",
                "average",
                "weder gut noch schlecht",
                "ni bon ni mauvais",
                "ni bueno ni malo",
                "regular",
                "niet goed, niet slecht",
                "matig",
                "nem bom nem mau",
                "nem bom nem ruim",
                "razoável",
                "né buono né scarso",
                "sufficiente",
                "varken bra eller dålig",
                "varken bra eller dåligt",
            ],
            &["good", "gut", "bon", "bueno", "goed", "bom", "buono", "bra"],
            &[
                "very good",
                "excellent",
                "sehr gut",
                "très bon",
                "muy bueno",
                "zeer goed",
                "heel goed",
                "muito bom",
                "molto buono",
                "ottimo",
                "mycket bra",
            ],
        ],
    },
    AnswerSet {
        name: "likelihood",
        levels: &[
            &[
                "extremely unlikely",
                "very unlikely",
                "not at all likely",
                "äußerst unwahrscheinlich",
                "sehr unwahrscheinlich",
                "très peu probable",
                "extrêmement improbable",
                "muy improbable",
                "nada probable",
                "zeer onwaarschijnlijk",
                "muito improvável",
                "molto improbabile",
                "per niente probabile",
                "mycket osannolikt",
            ],
            &[
                "unlikely",
                "somewhat unlikely",
                "unwahrscheinlich",
                "peu probable",
                "improbable",
                "poco probable",
                "onwaarschijnlijk",
                "improvável",
                "improbabile",
                "poco probabile",
                "osannolikt",
            ],
            &[
                "neither likely nor unlikely",
                "neutral",
                "weder wahrscheinlich noch unwahrscheinlich",
                "ni probable ni improbable",
                "neutraal",
                "nem provável nem improvável",
                "né probabile né improbabile",
                "varken sannolikt eller osannolikt",
            ],
            &[
                "likely",
                "somewhat likely",
                "wahrscheinlich",
                "probable",
                "waarschijnlijk",
                "provável",
                "probabile",
                "sannolikt",
            ],
            &[
                "extremely likely",
                "very likely",
                "äußerst wahrscheinlich",
                "sehr wahrscheinlich",
                "extrêmement probable",
                "très probable",
                "muy probable",
                "extremadamente probable",
                "zeer waarschijnlijk",
                "muito provável",
                "extremamente provável",
                "molto probabile",
                "estremamente probabile",
                "mycket sannolikt",
            ],
        ],
    },
];

/// The labels the NHS Friends and Family Test uses for its middle answer, which no general survey
/// question shares ("neither good nor poor"; before 2020 "neither likely nor unlikely").
pub const FFT_MIDDLE: &[&str] = &["neither good nor poor", "neither likely nor unlikely"];

/// A label as the table writes it: trimmed, lower-case, straight apostrophes, no final dot.
pub fn normalise_label(label: &str) -> String {
    label
        .trim()
        .trim_end_matches('.')
        .trim()
        .to_lowercase()
        .replace(['\u{2019}', '`'], "'")
}

/// The sets a label stands in, with its rank there (1 = worst).
pub fn ranks_of(label: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    ANSWER_SETS.iter().enumerate().filter_map(move |(set, s)| {
        s.levels
            .iter()
            .position(|forms| forms.contains(&label))
            .map(|rank| (set, rank + 1))
    })
}

/// The first set that holds every label, or None.
pub fn set_holding<'a>(labels: impl IntoIterator<Item = &'a str> + Clone) -> Option<usize> {
    (0..ANSWER_SETS.len()).find(|&set| {
        labels
            .clone()
            .into_iter()
            .all(|l| ranks_of(l).any(|(s, _)| s == set))
    })
}

/// The rank of `label` in `set`.
pub fn rank_in(set: usize, label: &str) -> Option<usize> {
    ranks_of(label).find(|&(s, _)| s == set).map(|(_, r)| r)
}

/// Points of a set.
pub fn set_points(set: usize) -> usize {
    ANSWER_SETS[set].levels.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_label_keeps_one_rank_across_sets() {
        let mut seen = std::collections::HashMap::new();
        for set in ANSWER_SETS {
            for (rank, forms) in set.levels.iter().enumerate() {
                for form in *forms {
                    assert_eq!(normalise_label(form), *form, "{form} is not normalised");
                    let previous = *seen.entry(*form).or_insert(rank);
                    assert_eq!(previous, rank, "{form} has two ranks");
                }
            }
        }
    }

    #[test]
    fn labels_find_their_set_and_rank() {
        let labels = ["very good", "good", "poor", "very poor"];
        let set = set_holding(labels.iter().copied()).unwrap();
        assert_eq!(ANSWER_SETS[set].name, "good/poor");
        assert_eq!(rank_in(set, "very poor"), Some(1));
        assert_eq!(rank_in(set, "very good"), Some(5));
        let set = set_holding(["stimme zu", "stimme nicht zu", "weder noch"]).unwrap();
        assert_eq!(ANSWER_SETS[set].name, "agreement");
        assert_eq!(set_holding(["very good", "strongly agree"]), None);
        assert_eq!(set_holding(["amazing", "meh"]), None);
        assert_eq!(normalise_label(" Don\u{2019}t know. "), "don't know");
    }
}

//! What a word says about its stem, judged from general language: a topic (a noun, a domain
//! event, a rare word), an attribute (a plain descriptive adjective), a mood (an evaluative or
//! emotional word) or filler (too common to say anything). Themes judge each stem by its forms
//! (`themes::candidates`).

use super::lexicon::Lexicon;

/// The language's most frequent words are filler, whatever their part of speech ("time", "top",
/// "back"): too common to say what a comment is about.
const FILLER_RANK: usize = 300;
/// Verbs, adjectives, adverbs and unknown words at least this common say nothing specific
/// ("told", "tried", "although").
const COMMON_ZIPF: f64 = 4.8;
/// Share of a word's part-of-speech weight that is a noun from which it can name a topic
/// ("fit", "work", "delay" are nouns too).
const NOUN_ENOUGH: f32 = 0.2;
/// A noun or verb this emotional is a mood ("love", "disappointment", "hate"), not a topic.
const EMOTION: f32 = 2.0;
/// VADER valence from which an adjective or adverb is evaluative.
const EVALUATIVE: f32 = 1.0;
/// VADER valence from which a verb that is never a noun is evaluative ("recommend" 1.5,
/// "flattering" 1.3); "cancel" (-1.0) is an action.
const EVALUATIVE_VERB: f32 = 1.3;
/// pattern polarity or subjectivity from which an adjective is evaluative ("comfortable",
/// "bland", "attentive").
const EVALUATIVE_POLARITY: f32 = 0.35;
const SUBJECTIVE: f32 = 0.5;
/// A past participle milder than this reports an event ("cancelled" -1.0, "broken" -2.1);
/// stronger, a feeling ("loved" 2.9).
const EVENT_PARTICIPLE: f32 = 2.5;
/// A participle with at least this score reports that something went right or wrong ("lost"
/// -1.3, "delayed" -0.9); without, it is filler when common ("told", "tried").
const EVENT_SCORE: f32 = 0.5;
/// What a surface form says about its stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordRole {
    /// A noun or event: can name a theme.
    Topic,
    /// A descriptive adjective or adverb without sentiment ("tasty", "soft"): can belong to a
    /// theme, never name one.
    Attribute,
    Mood,
    Filler,
}

/// The role of one surface form with general-language frequency `zipf` and frequency rank
/// (None: not listed).
pub fn word_role(lex: &Lexicon, word: &str, frequency: Option<(f64, usize)>) -> WordRole {
    let common = frequency.is_some_and(|(z, _)| z >= COMMON_ZIPF);
    if frequency.is_some_and(|(_, rank)| rank < FILLER_RANK) {
        return WordRole::Filler;
    }
    let vader = lex.vader(word).unwrap_or(0.0).abs();
    let polarity = lex.polarity(word).unwrap_or(0.0).abs();
    let subjective = lex.subjectivity(word).unwrap_or(0.0) >= SUBJECTIVE;
    let Some(pos) = lex.parts_of_speech(word) else {
        return if vader >= EVALUATIVE || polarity >= EVALUATIVE_POLARITY {
            WordRole::Mood
        } else if common {
            WordRole::Filler
        } else {
            WordRole::Topic
        };
    };
    let noun = pos.noun_share();
    if noun >= 0.5 {
        return if vader >= EMOTION {
            WordRole::Mood
        } else {
            WordRole::Topic
        };
    }
    let describing = pos.adjective + pos.adverb > pos.verb;
    if describing {
        return if vader >= EVALUATIVE || polarity >= EVALUATIVE_POLARITY || subjective {
            WordRole::Mood
        } else if common {
            WordRole::Filler
        } else if noun >= NOUN_ENOUGH {
            WordRole::Topic
        } else {
            WordRole::Attribute
        };
    }
    // Mostly a verb: an action or event ("cancel", "crash", "fit", "broken") unless it says a
    // feeling ("love", "disappointed"); a participle needs a stronger score to be a feeling.
    let event = pos.participle && vader < EVENT_PARTICIPLE;
    if subjective {
        WordRole::Mood
    } else if event && vader >= EVENT_SCORE {
        // Something went right or wrong, however common the word ("lost", "cancelled").
        WordRole::Topic
    } else if vader >= EMOTION || (vader >= EVALUATIVE_VERB && noun < NOUN_ENOUGH) {
        // "love", "recommend", "flattering"; "fit" and "crash" are nouns too.
        WordRole::Mood
    } else if common && noun < NOUN_ENOUGH {
        WordRole::Filler
    } else {
        WordRole::Topic
    }
}

/// An adjective or adverb with a clear sentiment score ("great", "well"), however common.
pub fn is_evaluative(lex: &Lexicon, word: &str) -> bool {
    let Some(pos) = lex.parts_of_speech(word) else {
        return false;
    };
    let describing = pos.noun_share() < 0.5 && pos.adjective + pos.adverb > pos.verb;
    describing
        && (lex.vader(word).unwrap_or(0.0).abs() >= EVALUATIVE
            || lex.polarity(word).unwrap_or(0.0).abs() >= EVALUATIVE_POLARITY)
}

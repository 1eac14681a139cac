//! The analyzer as a tantivy tokenizer, registered on every index under [`TOKENIZER_NAME`] so that
//! the query parser and the snippet highlighter analyse text exactly as the index did.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::Analyzer;

/// Name under which the analyzer is registered on the index.
pub const TOKENIZER_NAME: &str = "verbatim";

/// [`Analyzer`] seen through tantivy's `Tokenizer` trait: indexed words only.
#[derive(Clone)]
pub struct VerbatimTokenizer {
    analyzer: Analyzer,
    tokens: Vec<Token>,
}

impl VerbatimTokenizer {
    pub fn new(analyzer: Analyzer) -> Self {
        VerbatimTokenizer {
            analyzer,
            tokens: Vec::new(),
        }
    }
}

/// Converts analysed words into tantivy tokens (indexed classes only).
pub fn to_tokens(words: impl IntoIterator<Item = super::Word>, out: &mut Vec<Token>) {
    out.extend(
        words
            .into_iter()
            .filter(|w| w.class.is_indexed())
            .map(|w| Token {
                offset_from: w.start,
                offset_to: w.end,
                position: w.position,
                text: w.term,
                position_length: 1,
            }),
    );
}

impl Tokenizer for VerbatimTokenizer {
    type TokenStream<'a> = VerbatimTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VerbatimTokenStream<'a> {
        self.tokens.clear();
        to_tokens(self.analyzer.analyze(text), &mut self.tokens);
        VerbatimTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

pub struct VerbatimTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for VerbatimTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

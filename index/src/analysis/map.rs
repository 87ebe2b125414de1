//! [`MapFilter`]: a token filter that rewrites (or drops) each token's text in place, through one reused
//! buffer. The folded and reversed analyzers were built with it before `words` replaced them; the
//! reference chains of the tests still are.

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Writes the new text of `word` into `out` (cleared) and says whether to keep the token.
pub type MapFn = fn(word: &str, out: &mut String) -> bool;

#[derive(Clone, Copy)]
pub struct MapFilter(pub MapFn);

impl TokenFilter for MapFilter {
    type Tokenizer<T: Tokenizer> = MapTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MapTokenizer<T> {
        MapTokenizer {
            inner: tokenizer,
            f: self.0,
            buffer: String::new(),
        }
    }
}

#[derive(Clone)]
pub struct MapTokenizer<T> {
    inner: T,
    f: MapFn,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for MapTokenizer<T> {
    type TokenStream<'a> = MapStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MapStream {
            tail: self.inner.token_stream(text),
            f: self.f,
            buffer: &mut self.buffer,
        }
    }
}

pub struct MapStream<'a, S> {
    tail: S,
    f: MapFn,
    buffer: &'a mut String,
}

impl<S: TokenStream> TokenStream for MapStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            self.buffer.clear();
            if (self.f)(&self.tail.token().text, self.buffer) {
                mem::swap(&mut self.tail.token_mut().text, self.buffer);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

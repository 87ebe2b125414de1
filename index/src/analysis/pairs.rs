//! Word pairs with a common word ("common grams"), for fast phrases.
//!
//! A phrase such as "kunden kan" or "i henhold til" costs its position checks: "i" and "til" are in
//! most clauses, so tantivy must compare positions in hundreds of thousands of them. The `da_pair`
//! analyzer therefore also indexes each pair of adjacent stems of which at least one is a common word,
//! as one term ("kund kan", at the first word's position). A phrase whose every adjacent pair has a
//! common word is then a lookup of that term (two words) or a phrase of pair terms (more words), whose
//! postings are as short as the phrase is rare. Pairs of two uncommon words are not indexed: their
//! phrases are cheap as they are, and indexing every pair would double the postings.

use std::collections::HashSet;
use std::sync::OnceLock;

use tantivy::tokenizer::{
    Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
};

/// Common words: the Snowball Danish stop words (tantivy's copy is private) and the function words it
/// lacks (modal verbs, prepositions, determiners) that are as frequent in contract text.
const COMMON: &[&str] = &[
    "og", "i", "jeg", "det", "at", "en", "den", "til", "er", "som", "på", "de", "med", "han", "af",
    "for", "ikke", "der", "var", "mig", "sig", "men", "et", "har", "om", "vi", "min", "havde",
    "ham", "hun", "nu", "over", "da", "fra", "du", "ud", "sin", "dem", "os", "op", "man", "hans",
    "hvor", "eller", "hvad", "skal", "selv", "her", "alle", "vil", "blev", "kunne", "ind", "når",
    "være", "dog", "noget", "ville", "jo", "deres", "efter", "ned", "skulle", "denne", "end",
    "dette", "mit", "også", "under", "have", "dig", "anden", "hende", "mine", "alt", "meget",
    "sit", "sine", "vor", "mod", "disse", "hvis", "din", "nogle", "hos", "blive", "mange", "ad",
    "bliver", "hendes", "været", "thi", "jer", "sådan", // the Snowball list ends here
    "kan", "må", "bør", "ved", "samt", "uden", "inden", "mellem", "hver", "enhver", "ingen",
    "andre", "andet", "dens", "dets", "sådanne", "hermed", "heraf", "herunder", "herom",
];

/// Whether a stem is the stem of a common word. Index and query both decide on stems, so they agree.
pub fn is_common(stem: &str) -> bool {
    static STEMS: OnceLock<HashSet<String>> = OnceLock::new();
    STEMS
        .get_or_init(|| {
            // tantivy's own Snowball chain, not `words` (which asks this module about each stem).
            let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(Language::Danish))
                .build();
            let mut out = HashSet::new();
            for w in COMMON {
                a.token_stream(w).process(&mut |t| {
                    out.insert(t.text.clone());
                });
            }
            out
        })
        .contains(stem)
}

/// The term of a pair of stems.
pub fn pair(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// The token filter that made the pairs before `words` did (the reference its tokens are tested
/// against).
#[cfg(test)]
pub(crate) mod filter {
    use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

    use super::is_common;

    /// After the stemmer: replaces the stream of stems by the pairs that have a common word.
    #[derive(Clone, Copy)]
    pub struct PairFilter;

    impl TokenFilter for PairFilter {
        type Tokenizer<T: Tokenizer> = PairTokenizer<T>;

        fn transform<T: Tokenizer>(self, tokenizer: T) -> PairTokenizer<T> {
            PairTokenizer { inner: tokenizer }
        }
    }

    #[derive(Clone)]
    pub struct PairTokenizer<T> {
        inner: T,
    }

    impl<T: Tokenizer> Tokenizer for PairTokenizer<T> {
        type TokenStream<'a> = PairStream<T::TokenStream<'a>>;

        fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
            PairStream {
                tail: self.inner.token_stream(text),
                prev: None,
                out: Token::default(),
            }
        }
    }

    /// The previous stem: its text, position, start offset and commonness.
    struct Prev {
        text: String,
        position: usize,
        from: usize,
        common: bool,
    }

    pub struct PairStream<S> {
        tail: S,
        prev: Option<Prev>,
        out: Token,
    }

    impl<S: TokenStream> TokenStream for PairStream<S> {
        fn advance(&mut self) -> bool {
            while self.tail.advance() {
                let cur = self.tail.token();
                let common = is_common(&cur.text);
                // Only truly adjacent words pair up: a dropped token (too long) leaves a gap.
                let emit = self
                    .prev
                    .as_ref()
                    .filter(|p| p.position + 1 == cur.position && (p.common || common));
                if let Some(p) = emit {
                    self.out.text.clear();
                    self.out.text.push_str(&p.text);
                    self.out.text.push(' ');
                    self.out.text.push_str(&cur.text);
                    self.out.position = p.position;
                    self.out.offset_from = p.from;
                    self.out.offset_to = cur.offset_to;
                    self.out.position_length = 1;
                }
                let emitted = emit.is_some();
                let p = self.prev.get_or_insert_with(|| Prev {
                    text: String::new(),
                    position: 0,
                    from: 0,
                    common: false,
                });
                p.text.clear();
                p.text.push_str(&cur.text);
                p.position = cur.position;
                p.from = cur.offset_from;
                p.common = common;
                if emitted {
                    return true;
                }
            }
            false
        }

        fn token(&self) -> &Token {
            &self.out
        }

        fn token_mut(&mut self) -> &mut Token {
            &mut self.out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{pair_analyzer, terms};

    #[test]
    fn pairs_with_a_common_word_only() {
        let mut a = pair_analyzer();
        assert_eq!(
            terms(&mut a, "Kunden kan i henhold til væsentlig misligholdelse"),
            vec![
                "kund kan",
                "kan i",
                "i henhold",
                "henhold til",
                "til væsent"
            ]
        );
    }

    #[test]
    fn positions_are_the_first_words() {
        let mut a = pair_analyzer();
        let t = crate::analysis::tokens(&mut a, "væsentlig misligholdelse i henhold");
        let pos: Vec<usize> = t.iter().map(|t| t.position).collect();
        assert_eq!(pos, vec![1, 2]);
        assert!(is_common("til") && !is_common("kund"));
    }

    #[test]
    fn the_snowball_part_is_tantivys_list() {
        let snowball = COMMON.iter().take_while(|w| **w != "kan");
        for w in snowball {
            assert!(crate::analysis::is_stopword(w), "{w}");
        }
    }
}

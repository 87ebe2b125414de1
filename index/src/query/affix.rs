//! [`AffixQuery`]: terms that start with a given text and go on for at least a number of characters.
//!
//! Prefix and compound searches walk the term dictionary with this automaton. tantivy's regex and
//! Levenshtein-prefix automata do the same job but compile a DFA for every query (for `.{3,}` over all of
//! Unicode that took milliseconds), while this one is a byte comparison and a character counter.
//!
//! The walk is bounded to the prefix's range of the dictionary. An automaton alone makes the FST stream
//! decode every child of every node on the way down before it can reject one, which was a third of a
//! rare word's search time over twenty segments; with the bounds it seeks straight to the prefix. A
//! segment without matching terms gets an empty scorer instead of an all-zero bit set.

use std::sync::Arc;

use tantivy::postings::TermInfo;
use tantivy::query::{
    AutomatonWeight, BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query,
    Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, Score, SegmentReader, TantivyError};
use tantivy_fst::Automaton;

use crate::bits::{Bits, each_posting};

/// Terms of `field` that are `prefix` followed by at least `min_extra` more characters.
#[derive(Clone, Debug)]
pub struct AffixQuery {
    field: Field,
    automaton: Arc<LongerThan>,
}

impl AffixQuery {
    pub fn new(field: Field, prefix: &str, min_extra: usize) -> AffixQuery {
        AffixQuery {
            field,
            automaton: Arc::new(LongerThan {
                prefix: prefix.as_bytes().to_vec(),
                min_extra,
            }),
        }
    }

    /// The walk over each segment's terms (the weight, without the `Weight` indirection).
    pub(crate) fn walk(&self) -> AffixWeight {
        // Named for JSON paths, but it only bounds the stream to the terms that start with the bytes.
        let walk = AutomatonWeight::<LongerThan>::new_for_json_path(
            self.field,
            self.automaton.clone(),
            &self.automaton.prefix,
        );
        AffixWeight {
            field: self.field,
            walk,
        }
    }
}

impl AffixQuery {
    /// Whether any segment holds a matching term (the query words' check for compound matches).
    pub(crate) fn matches_any(&self, searcher: &tantivy::Searcher) -> bool {
        let w = self.walk();
        searcher
            .segment_readers()
            .iter()
            .any(|r| w.walk.get_match_term_infos(r).is_ok_and(|t| !t.is_empty()))
    }
}

impl Query for AffixQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.walk()))
    }
}

pub(crate) struct AffixWeight {
    field: Field,
    walk: AutomatonWeight<LongerThan>,
}

impl AffixWeight {
    /// Calls `f` with every entry of the segment that holds one of `terms` (once per term it holds).
    fn each_doc(
        &self,
        reader: &SegmentReader,
        terms: &[TermInfo],
        mut f: impl FnMut(DocId),
    ) -> tantivy::Result<()> {
        let index = reader.inverted_index(self.field)?;
        for t in terms {
            let block = index.read_block_postings_from_terminfo(t, IndexRecordOption::Basic)?;
            each_posting(block, &mut f);
        }
        Ok(())
    }

    /// Adds the matching entries of the segment to `into` (the two-pass search's bit sets), without a
    /// scorer in between. A set without room (`Bits::default()`) gets room for the segment only if a
    /// term matches: most segments hold no compound of a rare word, and a rare word's search is mostly
    /// such fixed costs.
    pub(crate) fn fill(&self, reader: &SegmentReader, into: &mut Bits) -> tantivy::Result<()> {
        let terms = self.walk.get_match_term_infos(reader)?;
        if terms.is_empty() {
            return Ok(());
        }
        into.grow(reader.max_doc());
        self.each_doc(reader, &terms, |d| into.insert(d))
    }
}

impl Weight for AffixWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let terms = self.walk.get_match_term_infos(reader)?;
        if terms.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        let mut docs = BitSet::with_max_value(reader.max_doc());
        self.each_doc(reader, &terms, |d| {
            docs.insert(d);
        })?;
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("AffixScorer", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )))
        }
    }
}

#[derive(Debug)]
pub struct LongerThan {
    prefix: Vec<u8>,
    min_extra: usize,
}

/// Bytes of the prefix matched so far, then characters seen after it (capped at `min_extra`); `None`
/// once the prefix failed.
type State = Option<(usize, usize)>;

impl Automaton for LongerThan {
    type State = State;

    fn start(&self) -> State {
        Some((0, 0))
    }

    fn is_match(&self, s: &State) -> bool {
        matches!(s, Some((m, extra)) if *m == self.prefix.len() && *extra >= self.min_extra)
    }

    fn can_match(&self, s: &State) -> bool {
        s.is_some()
    }

    fn will_always_match(&self, s: &State) -> bool {
        self.is_match(s)
    }

    fn accept(&self, s: &State, byte: u8) -> State {
        let (m, extra) = (*s)?;
        if m < self.prefix.len() {
            return (self.prefix.get(m) == Some(&byte)).then_some((m + 1, 0));
        }
        // A character starts at every byte that is not a UTF-8 continuation byte.
        let starts_char = byte & 0xC0 != 0x80;
        Some((m, (extra + usize::from(starts_char)).min(self.min_extra)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(a: &LongerThan, s: &str) -> bool {
        let mut st = a.start();
        for b in s.bytes() {
            st = a.accept(&st, b);
        }
        a.is_match(&st)
    }

    #[test]
    fn prefix_and_length() {
        let a = LongerThan {
            prefix: b"forordning".to_vec(),
            min_extra: 3,
        };
        assert!(run(&a, "forordningsbestemmelse"));
        assert!(!run(&a, "forordning"));
        assert!(!run(&a, "forordninger"), "two more characters are too few");
        assert!(run(&a, "forordningæøå"), "characters, not bytes");
        assert!(!run(&a, "forord"));
        let any = LongerThan {
            prefix: b"lev".to_vec(),
            min_extra: 0,
        };
        assert!(run(&any, "lev") && run(&any, "leverandør") && !run(&any, "le"));
    }
}

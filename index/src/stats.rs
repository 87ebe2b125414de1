//! [`Stats`]: the BM25 statistics of one search, each read from the segments once.
//!
//! tantivy reads a term's document frequency from every segment's term dictionary each time a weight
//! is built for it, and the field's token count from every segment for each weight too. One word of a
//! query is asked that many times: by the compiler (which spellings the index holds, the idf of its
//! compounds), by the union of all terms, by each term alone and for its best score. Over ~20 segments
//! that was a fifth of a rare word's search. A `Stats` lives for one search, so it never outlives the
//! searcher whose numbers it keeps.

use std::cell::{Cell, RefCell};

use rustc_hash::FxHashMap;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

pub struct Stats<'a> {
    searcher: &'a Searcher,
    doc_freqs: RefCell<FxHashMap<Term, u64>>,
    tokens: RefCell<FxHashMap<Field, u64>>,
    docs: Cell<Option<u64>>,
}

impl<'a> Stats<'a> {
    pub fn new(searcher: &'a Searcher) -> Stats<'a> {
        Stats {
            searcher,
            doc_freqs: RefCell::default(),
            tokens: RefCell::default(),
            docs: Cell::new(None),
        }
    }

    pub fn searcher(&self) -> &'a Searcher {
        self.searcher
    }

    /// Scoring with these statistics (weights built from it share the lookups).
    pub fn scoring(&self) -> EnableScoring<'_> {
        EnableScoring::enabled_from_statistics_provider(self, self.searcher)
    }

    /// Entries holding `term`, deleted ones included (as tantivy counts them).
    pub fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(&n) = self.doc_freqs.borrow().get(term) {
            return Ok(n);
        }
        let n = self.searcher.doc_freq(term)?;
        self.doc_freqs.borrow_mut().insert(term.clone(), n);
        Ok(n)
    }
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if let Some(&n) = self.tokens.borrow().get(&field) {
            return Ok(n);
        }
        let n = self.searcher.total_num_tokens(field)?;
        self.tokens.borrow_mut().insert(field, n);
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        if let Some(n) = self.docs.get() {
            return Ok(n);
        }
        let n = self.searcher.total_num_docs()?;
        self.docs.set(Some(n));
        Ok(n)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Stats::doc_freq(self, term)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::Bm25StatisticsProvider;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, Term, doc};

    use super::Stats;

    #[test]
    fn the_same_numbers_as_the_searcher() {
        let mut b = Schema::builder();
        let body = b.add_text_field("body", TEXT);
        let title = b.add_text_field("title", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // The same word in two fields with different frequencies: a cache keyed by the word alone, or
        // token counts not kept per field, would answer one field with the other's numbers.
        let docs = [("a b c", "a"), ("a b", "x y z w v"), ("a", "x")];
        for (i, (text, head)) in docs.iter().enumerate() {
            w.add_document(doc!(body => *text, title => *head)).unwrap();
            if i == 1 {
                w.commit().unwrap();
            }
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 2);
        let stats = Stats::new(&searcher);
        for field in [body, title] {
            for word in ["a", "b", "c", "d", "x"] {
                let t = Term::from_field_text(field, word);
                let want = searcher.doc_freq(&t).unwrap();
                // Twice: the second answer comes from the cache.
                assert_eq!(stats.doc_freq(&t).unwrap(), want);
                assert_eq!(Bm25StatisticsProvider::doc_freq(&stats, &t).unwrap(), want);
            }
        }
        assert_eq!(
            stats.doc_freq(&Term::from_field_text(body, "a")).unwrap(),
            3
        );
        assert_eq!(
            stats.doc_freq(&Term::from_field_text(title, "a")).unwrap(),
            1
        );
        for _ in 0..2 {
            assert_eq!(stats.total_num_tokens(body).unwrap(), 6);
            assert_eq!(stats.total_num_tokens(title).unwrap(), 7);
            assert_eq!(stats.total_num_docs().unwrap(), 3);
        }
    }
}

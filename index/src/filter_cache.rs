//! Filters that many searches repeat (the permission scope above all) as bit sets, computed once per
//! segment and kept until the segment goes: segments never change, so a set stays right for their life.
//!
//! Measured on 2M clauses, a unit's scope (own forvaltning, or others' non-confidential contracts, tillæg
//! and bilag: a union over most of the index) cost ~20 ms per search when evaluated from postings each
//! time, a hundred times a rare word's whole search. From the cache it is one AND of words (`pruned`), or a
//! doc set that seeks in constant time (every other path).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

use crate::bits::Bits;

/// More entries than this, and the cache starts over (old segments' sets would otherwise stay).
const MAX_ENTRIES: usize = 512;

#[derive(Default)]
pub(crate) struct FilterCache {
    sets: Mutex<HashMap<(SegmentId, String), Arc<Bits>>>,
}

impl FilterCache {
    /// The set of `reader`'s entries that `query` (named `key`) matches, live or deleted.
    pub fn get(
        &self,
        key: &str,
        query: &dyn Query,
        reader: &SegmentReader,
    ) -> tantivy::Result<Arc<Bits>> {
        let id = (reader.segment_id(), key.to_string());
        if let Some(b) = self.sets.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
            return Ok(b.clone());
        }
        let weight = query.weight(EnableScoring::disabled_from_schema(reader.schema()))?;
        let mut bits = Bits::new(reader.max_doc());
        weight.for_each_no_score(reader, &mut |docs| {
            docs.iter().for_each(|&d| bits.insert(d))
        })?;
        let bits = Arc::new(bits);
        let mut sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
        if sets.len() >= MAX_ENTRIES {
            sets.clear();
        }
        sets.insert(id, bits.clone());
        Ok(bits)
    }
}

/// A constant-score filter whose matches come from the [`FilterCache`].
#[derive(Clone)]
pub(crate) struct CachedFilter {
    pub key: String,
    pub inner: Arc<dyn Query>,
    pub cache: Arc<FilterCache>,
}

impl std::fmt::Debug for CachedFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CachedFilter({})", self.key)
    }
}

impl Query for CachedFilter {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for CachedFilter {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let bits = self.cache.get(&self.key, self.inner.as_ref(), reader)?;
        // A filter adds nothing to a score.
        Ok(Box::new(ConstScorer::new(BitsDocSet::new(bits), 0.0)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let bits = self.cache.get(&self.key, self.inner.as_ref(), reader)?;
        if !bits.contains(doc) {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "{doc} does not match {}",
                self.key
            )));
        }
        Ok(Explanation::new("CachedFilter", 0.0))
    }
}

/// The members of a shared [`Bits`] as a doc set.
struct BitsDocSet {
    bits: Arc<Bits>,
    doc: DocId,
}

impl BitsDocSet {
    fn new(bits: Arc<Bits>) -> BitsDocSet {
        let doc = bits.next_from(0).unwrap_or(TERMINATED);
        BitsDocSet { bits, doc }
    }
}

impl DocSet for BitsDocSet {
    fn advance(&mut self) -> DocId {
        self.doc = match self.doc {
            TERMINATED => TERMINATED,
            d => self.bits.next_from(d + 1).unwrap_or(TERMINATED),
        };
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc != TERMINATED && target > self.doc {
            self.doc = self.bits.next_from(target).unwrap_or(TERMINATED);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.bits.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_doc_set_walks_and_seeks_the_members() {
        let mut b = Bits::new(200);
        for i in [2, 70, 71, 150] {
            b.insert(i);
        }
        let mut s = BitsDocSet::new(Arc::new(b));
        assert_eq!(s.doc(), 2);
        assert_eq!(s.advance(), 70);
        assert_eq!(s.seek(71), 71);
        assert_eq!(s.seek(100), 150);
        assert_eq!(s.advance(), TERMINATED);
        assert_eq!(s.seek(10), TERMINATED);
    }
}

//! [`SegCollector`]: one segment's share of a result page. It counts matches per document (one at a
//! time from a scorer, or a whole bit set at once from the two-pass search), offers hits to its top k
//! (flat, or each document's best), and at the end adds the counts up into facets.

use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use tantivy::collector::SegmentCollector;
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal};

use super::cand::{Cand, Key, SegFruit, push_top};
use crate::bits::Bits;
use crate::facets::{NO_DOC, SegTable};
use crate::schema::ENTRY_CLAUSE;
use crate::types::Level;

#[cfg(test)]
mod tests;

pub struct SegCollector {
    seg: SegmentOrdinal,
    level: Level,
    by_date: bool,
    k: usize,
    entry: u8,
    table: Arc<SegTable>,
    date: Option<Column<i64>>,
    /// Matches per document ordinal of this segment (empty until the first match).
    per_doc: Vec<u32>,
    /// Document ordinals with a match, in first-match order: a rare word's search visits these few
    /// instead of every document of the segment.
    touched: Vec<u32>,
    total: u64,
    /// Level::Clause: the best k hits. Level::Document: the best hits of the k best documents whose
    /// entries have all been offered (see [`SegCollector::offer`]), for [`SegCollector::threshold`].
    heap: BinaryHeap<Cand>,
    /// Level::Document: best candidate per document ordinal.
    best: Vec<Option<Cand>>,
    /// Level::Document: the document being offered, and whether one came back after another.
    open: Option<u32>,
    closed: Vec<bool>,
    reopened: bool,
}

impl SegCollector {
    /// The collector of segment `seg` for a request at `level` (by date or score, the best `k`, of
    /// entries of kind `entry`), with the segment's table and, when sorting by date, its date column.
    pub(super) fn new(
        seg: SegmentOrdinal,
        level: Level,
        by_date: bool,
        k: usize,
        entry: u64,
        table: Arc<SegTable>,
        date: Option<Column<i64>>,
    ) -> SegCollector {
        let per_document = level == Level::Document;
        let n = table.num_docs();
        SegCollector {
            seg,
            level,
            by_date,
            k,
            entry: u8::try_from(entry).unwrap_or(u8::MAX),
            best: if per_document {
                vec![None; n]
            } else {
                Vec::new()
            },
            open: None,
            closed: if per_document {
                vec![false; n]
            } else {
                Vec::new()
            },
            reopened: false,
            per_doc: Vec::new(),
            touched: Vec::new(),
            date,
            table,
            total: 0,
            heap: BinaryHeap::new(),
        }
    }

    /// Counts a match toward the total and facets; false when it is an entry of the other kind.
    fn count(&mut self, doc: DocId) -> bool {
        let i = doc as usize;
        let d = self.table.doc_of.get(i).copied().unwrap_or(NO_DOC);
        if d == NO_DOC || self.table.entry_of.get(i) != Some(&self.entry) {
            return false;
        }
        self.add(d, 1);
        true
    }

    /// Counts a set of matches (deleted entries already removed) toward the total and facets, and
    /// removes from it the entries of the other kind.
    pub fn count_set(&mut self, hits: &mut Bits) {
        if u64::from(self.entry) == ENTRY_CLAUSE {
            hits.and(&self.table.clauses);
        } else {
            let other: Vec<DocId> = hits
                .ones()
                .filter(|&i| self.table.entry_of.get(i as usize) != Some(&self.entry))
                .collect();
            other.into_iter().for_each(|i| hits.remove(i));
        }
        let table = self.table.clone();
        if !hits.more_than(table.runs.len()) {
            // Few matches (a rare word): look each one up rather than visit every run, and skip the
            // ranks, a count of every word of the set.
            for i in hits.ones() {
                let d = table.doc_of.get(i as usize).copied().unwrap_or(NO_DOC);
                self.add(d, 1);
            }
            return;
        }
        let ranks = hits.ranks();
        // A document's run mostly starts where the one before ended: one rank per run. The sum and
        // the counters are locals, not `self.add`, so that the total stays in a register instead of
        // a load and a store per document.
        self.make_counters();
        let (per_doc, touched) = (&mut self.per_doc, &mut self.touched);
        let mut matched = 0u64;
        let mut last = (0, 0);
        for r in &table.runs {
            let start = if r.start == last.0 {
                last.1
            } else {
                hits.rank(&ranks, r.start)
            };
            let end = hits.rank(&ranks, r.end);
            last = (r.end, end);
            if end > start
                && let Some(c) = per_doc.get_mut(r.doc as usize)
            {
                if *c == 0 {
                    touched.push(r.doc);
                }
                *c += end - start;
                matched += u64::from(end - start);
            }
        }
        if self.level == Level::Clause {
            self.total += matched;
        }
    }

    /// The per-document counters, made at the first match: most segments have none for a rare word.
    fn make_counters(&mut self) {
        if self.per_doc.is_empty() {
            self.per_doc = vec![0; self.table.num_docs()];
        }
    }

    /// Adds `n` matches of document ordinal `d`.
    fn add(&mut self, d: u32, n: u32) {
        self.make_counters();
        if let Some(c) = self.per_doc.get_mut(d as usize) {
            if *c == 0 {
                self.touched.push(d);
            }
            *c += n;
            if self.level == Level::Clause {
                self.total += u64::from(n);
            }
        }
    }

    /// Offers a counted match as a hit.
    pub fn offer(&mut self, doc: DocId, score: Score) {
        let date = if self.by_date {
            self.date
                .as_ref()
                .and_then(|c| c.first(doc))
                .unwrap_or(i64::MIN)
        } else {
            0
        };
        let cand = Cand {
            key: Key { date, score },
            addr: DocAddress::new(self.seg, doc),
        };
        match self.level {
            Level::Clause => push_top(&mut self.heap, self.k, cand),
            Level::Document => {
                let d = self
                    .table
                    .doc_of
                    .get(doc as usize)
                    .copied()
                    .unwrap_or(NO_DOC);
                if self.open != Some(d) {
                    self.close();
                    self.reopened |= self.closed.get(d as usize) == Some(&true);
                    self.open = Some(d);
                }
                match self.best.get_mut(d as usize) {
                    Some(slot @ None) => *slot = Some(cand),
                    Some(Some(b)) if cand < *b => *b = cand,
                    _ => {}
                }
            }
        }
    }

    /// Level::Document: entries come in address order and a document's entries sit side by side, so
    /// once another document is offered the open one's best hit is final and joins the heap.
    fn close(&mut self) {
        if let Some(d) = self.open.take() {
            if let Some(c) = self.best.get(d as usize).cloned().flatten() {
                push_top(&mut self.heap, self.k, c);
            }
            if let Some(x) = self.closed.get_mut(d as usize) {
                *x = true;
            }
        }
    }

    /// The score a hit must beat to enter the top k (`None` while fewer than k are kept). For
    /// documents it counts only closed ones, which makes it no higher than the true bar; if a closed
    /// document came back (its entries were not side by side), there is no bar.
    pub fn threshold(&self) -> Option<Score> {
        if self.heap.len() < self.k || self.reopened {
            return None;
        }
        self.heap.peek().map(|worst| worst.key.score)
    }

    /// Drops the hits offered so far (the counts stay).
    pub fn clear_top(&mut self) {
        self.heap.clear();
        self.best.iter_mut().for_each(|b| *b = None);
        self.open = None;
        self.closed.iter_mut().for_each(|c| *c = false);
        self.reopened = false;
    }
}

impl SegmentCollector for SegCollector {
    type Fruit = SegFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.count(doc) {
            self.offer(doc, score);
        }
    }

    fn harvest(mut self) -> SegFruit {
        if self.touched.is_empty() && self.heap.is_empty() {
            // Nothing matched (most segments, for a rare word): no counters to make and merge.
            return SegFruit {
                total: self.total,
                facets: Vec::new(),
                years: HashMap::new(),
                top: Vec::new(),
            };
        }
        let t = self.table.clone();
        let mut counts = t.counts();
        // Touching most documents, a pass over all of them in order (no match adds 0) beats jumping
        // through `touched`, whose order is that of the entries, not of the document ordinals.
        let dense = self.touched.len() * 4 > self.per_doc.len();
        let level = self.level;
        let weight = |n: u32| match level {
            Level::Clause => u64::from(n),
            // Document hits count the document once.
            Level::Document => u64::from(n > 0),
        };
        if dense {
            if level == Level::Document {
                self.per_doc.iter_mut().for_each(|n| *n = u32::from(*n > 0));
            }
            t.add_all(&self.per_doc, &mut counts);
        } else {
            for &d in &self.touched {
                let w = weight(self.per_doc.get(d as usize).copied().unwrap_or(0));
                t.add_facets(d as usize, w, &mut counts);
            }
        }
        if level == Level::Document {
            // `touched` holds each document with a match once.
            self.total += self.touched.len() as u64;
        }
        let doc_id = |addr: DocAddress| -> String {
            let mut s = String::new();
            let d = t
                .doc_of
                .get(addr.doc_id as usize)
                .copied()
                .unwrap_or(NO_DOC);
            if let (Some(col), true) = (&t.doc_ids, d != NO_DOC) {
                let _ = col.ord_to_str(u64::from(d), &mut s);
            }
            s
        };
        let top: Vec<(Cand, String)> = match self.level {
            Level::Clause => std::mem::take(&mut self.heap)
                .into_sorted_vec()
                .into_iter()
                .map(|c| (c, String::new()))
                .collect(),
            Level::Document => {
                let mut heap = BinaryHeap::new();
                for &d in &self.touched {
                    if let Some(c) = self.best.get_mut(d as usize).and_then(Option::take) {
                        push_top(&mut heap, self.k, c);
                    }
                }
                heap.into_sorted_vec()
                    .into_iter()
                    .map(|c| {
                        let id = doc_id(c.addr);
                        (c, id)
                    })
                    .collect()
            }
        };
        SegFruit {
            total: self.total,
            years: t
                .years
                .iter()
                .zip(&counts.years)
                .skip(1)
                .filter(|&(_, &c)| c > 0)
                .map(|(&y, &c)| (u64::from(y), c))
                .collect(),
            facets: counts.facets.into(),
            top,
        }
    }
}

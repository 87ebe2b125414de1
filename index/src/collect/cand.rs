//! What the per-segment collector and the merge of its results share: the sort key, a candidate hit
//! ordered for a heap of the best k, and one segment's results.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use tantivy::{DocAddress, Score};

/// Sort key: date first when sorting by date (absent dates last), then score.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub date: i64,
    pub score: Score,
}

impl Key {
    pub(super) fn cmp(&self, other: &Key) -> Ordering {
        self.date
            .cmp(&other.date)
            .then(self.score.total_cmp(&other.score))
    }
}

/// A candidate hit; ordered so that a `BinaryHeap` of them pops the worst first.
#[derive(Clone, Debug)]
pub(super) struct Cand {
    pub(super) key: Key,
    pub(super) addr: DocAddress,
}

impl PartialEq for Cand {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Cand {}
impl PartialOrd for Cand {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Cand {
    fn cmp(&self, o: &Self) -> Ordering {
        // Reverse: best = smallest, so the heap's top is the worst kept candidate. Ties: lower address wins.
        o.key.cmp(&self.key).then(self.addr.cmp(&o.addr))
    }
}

pub(super) fn push_top(heap: &mut BinaryHeap<Cand>, k: usize, c: Cand) {
    if k == 0 {
        return;
    }
    if heap.len() < k {
        heap.push(c);
    } else if heap.peek().is_some_and(|worst| c < *worst) {
        heap.pop();
        heap.push(c);
    }
}

pub struct SegFruit {
    pub(super) total: u64,
    /// Per facet, counts by value id.
    pub(super) facets: Vec<Vec<u64>>,
    pub(super) years: HashMap<u64, u64>,
    pub(super) top: Vec<(Cand, String)>,
}

impl SegFruit {
    /// The scores of the segment's top hits.
    pub fn scores(&self) -> impl Iterator<Item = Score> + '_ {
        self.top.iter().map(|(c, _)| c.key.score)
    }
}

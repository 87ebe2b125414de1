//! One pass over the matching entries computes everything a result page needs: the total, the facet
//! counts and the top `offset + limit` hits (by relevance or by date), flat or one per document.
//! It reads fast fields only; stored documents are loaded afterwards for the page's hits alone.
//!
//! Grouping per document relies on the [`crate::Writer`] sending each document version as one batch,
//! which tantivy indexes on one thread, so that all its entries sit in one segment; the merge still
//! de-duplicates by document id.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::types::{FacetCount, Facets, Level};

/// How many values each facet returns at most.
const FACET_VALUES: usize = 50;
const STR_FACETS: [&str; 4] = ["kind", "forvaltning", "supplier", "system"];

/// Sort key: date first when sorting by date (absent dates last), then score.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub date: i64,
    pub score: Score,
}

impl Key {
    fn cmp(&self, other: &Key) -> Ordering {
        self.date
            .cmp(&other.date)
            .then(self.score.total_cmp(&other.score))
    }
}

/// A candidate hit; ordered so that a `BinaryHeap` of them pops the worst first.
#[derive(Clone, Debug)]
struct Cand {
    key: Key,
    addr: DocAddress,
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

fn push_top(heap: &mut BinaryHeap<Cand>, k: usize, c: Cand) {
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

pub struct HitCollector {
    pub level: Level,
    pub by_date: bool,
    pub scoring: bool,
    /// offset + limit.
    pub k: usize,
}

pub struct Top {
    pub key: Key,
    pub addr: DocAddress,
}

pub struct CollectedPage {
    pub total: usize,
    pub facets: Facets,
    /// Best first, at most `k`.
    pub top: Vec<Top>,
}

pub struct SegFruit {
    total: u64,
    facets: Vec<HashMap<String, u64>>,
    years: HashMap<u64, u64>,
    top: Vec<(Cand, String)>,
}

pub struct SegCollector {
    seg: SegmentOrdinal,
    level: Level,
    by_date: bool,
    k: usize,
    doc_ids: Option<StrColumn>,
    str_cols: Vec<Option<StrColumn>>,
    str_counts: Vec<Vec<u64>>,
    year: Option<Column<u64>>,
    years: HashMap<u64, u64>,
    date: Option<Column<i64>>,
    total: u64,
    heap: BinaryHeap<Cand>,
    /// Level::Document: best candidate per document-id ordinal of this segment.
    best: Vec<Option<Cand>>,
}

impl Collector for HitCollector {
    type Fruit = CollectedPage;
    type Child = SegCollector;

    fn for_segment(
        &self,
        seg: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegCollector> {
        let ff = reader.fast_fields();
        let str_cols: Vec<Option<StrColumn>> = STR_FACETS
            .iter()
            .map(|f| ff.str(f))
            .collect::<tantivy::Result<_>>()?;
        let str_counts = str_cols
            .iter()
            .map(|c| vec![0; c.as_ref().map_or(0, |c| c.num_terms())])
            .collect();
        let doc_ids = ff.str("doc_id")?;
        let n_docs = doc_ids.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegCollector {
            seg,
            level: self.level,
            by_date: self.by_date,
            k: self.k,
            best: if self.level == Level::Document {
                vec![None; n_docs]
            } else {
                Vec::new()
            },
            doc_ids,
            str_cols,
            str_counts,
            year: ff.column_opt::<u64>("year")?,
            years: HashMap::new(),
            date: ff.column_opt::<i64>("date")?,
            total: 0,
            heap: BinaryHeap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<SegFruit>) -> tantivy::Result<CollectedPage> {
        let mut total = 0u64;
        let mut facets: Vec<HashMap<String, u64>> = vec![HashMap::new(); STR_FACETS.len()];
        let mut years: HashMap<u64, u64> = HashMap::new();
        let mut top: Vec<(Cand, String)> = Vec::new();
        for f in fruits {
            total += f.total;
            for (acc, m) in facets.iter_mut().zip(f.facets) {
                for (v, c) in m {
                    *acc.entry(v).or_default() += c;
                }
            }
            for (y, c) in f.years {
                *years.entry(y).or_default() += c;
            }
            top.extend(f.top);
        }
        top.sort_by(|a, b| a.0.cmp(&b.0));
        if self.level == Level::Document {
            let mut seen = HashSet::new();
            top.retain(|(_, id)| seen.insert(id.clone()));
        }
        top.truncate(self.k);
        let mut it = facets.into_iter().map(ranked);
        let mut next = || it.next().unwrap_or_default();
        let facets = Facets {
            kind: next(),
            forvaltning: next(),
            supplier: next(),
            system: next(),
            year: years_ranked(years),
        };
        Ok(CollectedPage {
            total: usize::try_from(total).unwrap_or(usize::MAX),
            facets,
            top: top
                .into_iter()
                .map(|(c, _)| Top {
                    key: c.key,
                    addr: c.addr,
                })
                .collect(),
        })
    }
}

fn ranked(m: HashMap<String, u64>) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = m
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v.truncate(FACET_VALUES);
    v
}

fn years_ranked(m: HashMap<u64, u64>) -> Vec<FacetCount> {
    let mut v: Vec<(u64, u64)> = m.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.0));
    v.into_iter()
        .take(FACET_VALUES)
        .map(|(y, count)| FacetCount {
            value: y.to_string(),
            count,
        })
        .collect()
}

impl SegCollector {
    fn count_facets(&mut self, doc: DocId) {
        self.total += 1;
        for (col, counts) in self.str_cols.iter().zip(self.str_counts.iter_mut()) {
            if let Some(col) = col {
                for ord in col.term_ords(doc) {
                    if let Some(c) = usize::try_from(ord).ok().and_then(|o| counts.get_mut(o)) {
                        *c += 1;
                    }
                }
            }
        }
        if let Some(y) = self.year.as_ref().and_then(|c| c.first(doc)) {
            *self.years.entry(y).or_default() += 1;
        }
    }

    fn doc_ord(&self, doc: DocId) -> Option<usize> {
        self.doc_ids
            .as_ref()?
            .term_ords(doc)
            .next()
            .and_then(|o| usize::try_from(o).ok())
    }

    fn doc_id_str(&self, ord: Option<usize>) -> String {
        let mut s = String::new();
        if let (Some(col), Some(ord)) = (&self.doc_ids, ord) {
            let _ = col.ord_to_str(ord as u64, &mut s);
        }
        s
    }
}

impl SegmentCollector for SegCollector {
    type Fruit = SegFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
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
            Level::Clause => {
                self.count_facets(doc);
                push_top(&mut self.heap, self.k, cand);
            }
            Level::Document => {
                let Some(ord) = self.doc_ord(doc) else { return };
                match self.best.get(ord) {
                    Some(None) => {
                        self.count_facets(doc);
                        if let Some(slot) = self.best.get_mut(ord) {
                            *slot = Some(cand);
                        }
                    }
                    Some(Some(b)) if cand < *b => {
                        if let Some(slot) = self.best.get_mut(ord) {
                            *slot = Some(cand);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    fn harvest(mut self) -> SegFruit {
        let top: Vec<(Cand, String)> = match self.level {
            Level::Clause => std::mem::take(&mut self.heap)
                .into_sorted_vec()
                .into_iter()
                .map(|c| (c, String::new()))
                .collect(),
            Level::Document => {
                let mut heap = BinaryHeap::new();
                for c in std::mem::take(&mut self.best).into_iter().flatten() {
                    push_top(&mut heap, self.k, c);
                }
                heap.into_sorted_vec()
                    .into_iter()
                    .map(|c| {
                        let id = self.doc_id_str(self.doc_ord(c.addr.doc_id));
                        (c, id)
                    })
                    .collect()
            }
        };
        let facets = STR_FACETS
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let mut m = HashMap::new();
                if let (Some(Some(col)), Some(counts)) =
                    (self.str_cols.get(i), self.str_counts.get(i))
                {
                    for (ord, &c) in counts.iter().enumerate() {
                        if c > 0 {
                            let mut s = String::new();
                            if col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                                m.insert(s, c);
                            }
                        }
                    }
                }
                m
            })
            .collect();
        SegFruit {
            total: self.total,
            facets,
            years: std::mem::take(&mut self.years),
            top,
        }
    }
}

//! One pass over the matching entries computes everything a result page needs: the total, the facet
//! counts and the top `offset + limit` hits (by relevance or by date), flat or one per document.
//! Per match it reads two arrays of the segment's [`crate::facets::SegTable`] (which document, which entry kind) and,
//! when sorting by date, one column; facets are added up from the per-document counts at the end.
//! Stored documents are loaded afterwards for the page's hits alone. The two-pass search
//! ([`crate::pruned`]) drives the same per-segment collector through [`SegCollector::count_set`] and
//! [`SegCollector::offer`].
//!
//! Grouping per document relies on the [`crate::Writer`] sending each document version as one batch,
//! which tantivy indexes on one thread, so that all its entries sit in one segment; the merge still
//! de-duplicates by document id.
//!
//! Here: the [`HitCollector`] and the merge of the segments' results into one page; `segment`: the
//! per-segment [`SegCollector`]; `cand`: the sort key, candidates and per-segment results both share
//! (a leaf, so that neither file imports the other's).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::collector::Collector;
use tantivy::{DocAddress, SegmentOrdinal, SegmentReader};

use crate::facets::{STR_FACETS, TableCache};
use crate::types::{FacetCount, Facets, Level};

mod cand;
mod segment;

use self::cand::Cand;
pub use self::cand::{Key, SegFruit};
pub use self::segment::SegCollector;

/// How many values each facet returns at most.
const FACET_VALUES: usize = 50;

pub struct HitCollector {
    pub level: Level,
    pub by_date: bool,
    pub scoring: bool,
    /// offset + limit.
    pub k: usize,
    /// Which entries count (`schema::ENTRY_*`); matches of the other kind are skipped.
    pub entry: u64,
    pub tables: Arc<TableCache>,
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

impl Collector for HitCollector {
    type Fruit = CollectedPage;
    type Child = SegCollector;

    fn for_segment(
        &self,
        seg: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegCollector> {
        let date = if self.by_date {
            reader.fast_fields().column_opt::<i64>("date")?
        } else {
            None
        };
        Ok(SegCollector::new(
            seg,
            self.level,
            self.by_date,
            self.k,
            self.entry,
            self.tables.get(reader)?,
            date,
        ))
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<SegFruit>) -> tantivy::Result<CollectedPage> {
        let mut total = 0u64;
        let mut facets: Vec<Vec<u64>> = vec![Vec::new(); STR_FACETS.len()];
        let mut years: HashMap<u64, u64> = HashMap::new();
        let mut top: Vec<(Cand, String)> = Vec::new();
        for f in fruits {
            total += f.total;
            for (acc, m) in facets.iter_mut().zip(f.facets) {
                if acc.len() < m.len() {
                    acc.resize(m.len(), 0);
                }
                acc.iter_mut().zip(m).for_each(|(a, c)| *a += c);
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
        let values = self.tables.values();
        let mut it = facets
            .iter()
            .enumerate()
            .map(|(i, counts)| ranked(counts, |id| values.name(i, id)));
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

/// The values with the highest counts, ties by value.
fn ranked<'a>(counts: &[u64], name: impl Fn(usize) -> Option<&'a str>) -> Vec<FacetCount> {
    let mut v: Vec<(&str, u64)> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .filter_map(|(id, c)| Some((name(id)?, *c)))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v.into_iter()
        .take(FACET_VALUES)
        .map(|(value, count)| FacetCount {
            value: value.to_string(),
            count,
        })
        .collect()
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

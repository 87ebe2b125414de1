//! Per-segment facet tables, built once per segment and shared by every search.
//!
//! A common word matches hundreds of thousands of clause entries. Reading five columns (kind,
//! forvaltning, supplier, systems, year) for each of them cost more than finding them. But every entry
//! of a document carries the same values, and a segment never changes, so a segment's table maps each
//! entry to its document (one array read per match) and each document to its facet values; a search
//! counts matches per document and adds them up per value once, at the end, into counters indexed by a
//! value id shared by all segments ([`Values`]): document by document when few match, a value at a
//! time when most do ([`SegTable::add_all`], `groups`). The reader's warmer builds the tables of new
//! segments when it reloads, off the search path.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use rustc_hash::FxHashMap;
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SearcherGeneration, SegmentReader, Warmer};

use self::groups::{Groups, NONE};
use crate::bits::Bits;
use crate::schema::ENTRY_CLAUSE;

/// Facets with string values, in the order of `types::Facets`.
pub const STR_FACETS: [&str; 4] = ["kind", "forvaltning", "supplier", "system"];
/// `doc_of` value of an entry without a document id (none are written so; corrupt data is skipped).
pub const NO_DOC: u32 = u32::MAX;

pub struct SegTable {
    /// Entry → document ordinal in this segment (`doc_id` column term ordinal).
    pub doc_of: Vec<u32>,
    /// Entry → `schema::ENTRY_*`.
    pub entry_of: Vec<u8>,
    /// The clause entries.
    pub clauses: Bits,
    /// Runs of consecutive entries of one document, in entry order: a document's entries are
    /// indexed side by side (see `collect`), so a set of matches is counted per document as the
    /// difference of two ranks (`Bits::rank`).
    pub runs: Vec<Run>,
    /// Document ordinal → value ids (see [`Values`]) of kind, forvaltning, supplier (NONE if absent).
    single: Vec<[u32; 3]>,
    /// Document ordinal → range in `systems`.
    system_ranges: Vec<(u32, u32)>,
    systems: Vec<u32>,
    /// Document ordinal → its year's place in `years` (0: no year).
    year_slot: Vec<u8>,
    /// The years of this segment; `years[0]` stands for none.
    pub years: Vec<u32>,
    /// Per facet, how many value ids existed when the table was built (its ids are below).
    pub facet_len: [usize; 4],
    pub doc_ids: Option<StrColumn>,
    /// The documents of each value, per facet and then per year slot (for [`SegTable::add_all`]).
    groups: [Groups; 5],
}

impl SegTable {
    pub fn num_docs(&self) -> usize {
        self.single.len()
    }

    /// Zeroed counters for [`SegTable::add_facets`] and [`SegTable::add_all`].
    pub fn counts(&self) -> Counts {
        Counts {
            facets: self.facet_len.map(|n| vec![0; n]),
            years: vec![0; self.years.len()],
        }
    }

    /// Adds `n` to the counters of every facet value and the year of document `d`.
    pub fn add_facets(&self, d: usize, n: u64, counts: &mut Counts) {
        let [kind, forvaltning, supplier, systems] = &mut counts.facets;
        if let Some(single) = self.single.get(d) {
            // NONE (no value) is out of range and counts nowhere.
            for (c, &ord) in [kind, forvaltning, supplier].into_iter().zip(single) {
                if let Some(c) = c.get_mut(ord as usize) {
                    *c += n;
                }
            }
        }
        if let Some(&(from, to)) = self.system_ranges.get(d) {
            for &ord in self.systems.get(from as usize..to as usize).unwrap_or(&[]) {
                if let Some(c) = systems.get_mut(ord as usize) {
                    *c += n;
                }
            }
        }
        let slot = self.year_slot.get(d).copied().unwrap_or(0);
        if let Some(c) = counts.years.get_mut(usize::from(slot)) {
            *c += n;
        }
    }

    /// Adds `weights[d]` for every document ordinal `d` at once (0 where it has no match), a value at
    /// a time: for a query touching most documents of the segment, a sum per value instead of five
    /// lookups per document (part of the common-word gain the README reports; see `groups`).
    pub fn add_all(&self, weights: &[u32], counts: &mut Counts) {
        let counters = counts.facets.iter_mut().chain([&mut counts.years]);
        for (g, c) in self.groups.iter().zip(counters) {
            g.add(weights, c);
        }
    }

    /// Fills `groups` from the per-document values (the last step of building a table).
    fn grouped(mut self) -> SegTable {
        let docs = 0..self.single.len() as u32;
        let single =
            |i: usize| Groups::new(docs.clone().zip(self.single.iter().map(move |s| s[i])));
        let systems = docs
            .clone()
            .zip(&self.system_ranges)
            .flat_map(|(d, &(from, to))| {
                let ids = self.systems.get(from as usize..to as usize).unwrap_or(&[]);
                ids.iter().map(move |&v| (d, v))
            });
        let years = docs
            .clone()
            .zip(self.year_slot.iter().map(|&s| u32::from(s)));
        self.groups = [
            single(0),
            single(1),
            single(2),
            Groups::new(systems),
            Groups::new(years),
        ];
        self
    }

    /// Records entry `entry` (the next one) of document ordinal `doc` (None: no document) and its kind.
    fn push_entry(&mut self, entry: DocId, doc: Option<u32>, kind: u64) {
        self.doc_of.push(doc.unwrap_or(NO_DOC));
        self.entry_of.push(u8::try_from(kind).unwrap_or(u8::MAX));
        if kind == ENTRY_CLAUSE {
            self.clauses.insert(entry);
        }
        let Some(d) = doc else {
            return;
        };
        match self.runs.last_mut() {
            Some(r) if r.doc == d && r.end == entry => r.end = entry + 1,
            _ => self.runs.push(Run {
                start: entry,
                end: entry + 1,
                doc: d,
            }),
        }
    }

    fn build(reader: &SegmentReader, values: &Mutex<Values>) -> tantivy::Result<SegTable> {
        let ff = reader.fast_fields();
        let cols: Vec<Option<StrColumn>> = STR_FACETS
            .iter()
            .map(|f| ff.str(f))
            .collect::<tantivy::Result<_>>()?;
        let doc_ids = ff.str("doc_id")?;
        // Segment ordinal → value id, so that counts of all segments add up without strings.
        let (ids, facet_len) = {
            let mut v = values.lock().unwrap_or_else(|e| e.into_inner());
            let ids: Vec<Vec<u32>> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| v.intern(i, names(c)))
                .collect();
            (ids, v.lens())
        };
        let id_of = |facet: usize, ord: u32| -> u32 {
            ids.get(facet)
                .and_then(|m| m.get(ord as usize))
                .copied()
                .unwrap_or(NONE)
        };
        let entries = ff.column_opt::<u64>("entry")?;
        let years = ff.column_opt::<u64>("year")?;
        let n_docs = doc_ids.as_ref().map_or(0, |c| c.num_terms());
        let max = reader.max_doc();
        let mut t = SegTable {
            doc_of: Vec::with_capacity(max as usize),
            entry_of: Vec::with_capacity(max as usize),
            clauses: Bits::new(max),
            runs: Vec::new(),
            single: vec![[NONE; 3]; n_docs],
            system_ranges: vec![(0, 0); n_docs],
            systems: Vec::new(),
            year_slot: vec![0; n_docs],
            years: vec![0],
            facet_len,
            doc_ids,
            groups: Default::default(),
        };
        let mut seen = vec![false; n_docs];
        let first_ord = |col: &Option<StrColumn>, doc: DocId| {
            col.as_ref()
                .and_then(|c| c.term_ords(doc).next())
                .and_then(|o| u32::try_from(o).ok())
        };
        for doc in 0..max {
            let d = first_ord(&t.doc_ids, doc).filter(|&d| (d as usize) < n_docs);
            let entry = entries.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
            t.push_entry(doc, d, entry);
            let Some(d) = d else {
                continue;
            };
            let d = d as usize;
            if seen[d] {
                continue;
            }
            seen[d] = true;
            for i in 0..3 {
                if let Some(o) = cols.get(i).and_then(|c| first_ord(c, doc)) {
                    t.single[d][i] = id_of(i, o);
                }
            }
            let from = u32::try_from(t.systems.len()).unwrap_or(u32::MAX);
            if let Some(Some(c)) = cols.get(3) {
                t.systems.extend(
                    c.term_ords(doc)
                        .filter_map(|o| u32::try_from(o).ok())
                        .map(|o| id_of(3, o)),
                );
            }
            let to = u32::try_from(t.systems.len()).unwrap_or(u32::MAX);
            t.system_ranges[d] = (from, to);
            let year = years
                .as_ref()
                .and_then(|c| c.first(doc))
                .and_then(|y| u32::try_from(y).ok())
                .unwrap_or(0);
            t.year_slot[d] = match t.years.iter().position(|&y| y == year) {
                Some(slot) => u8::try_from(slot).unwrap_or(0),
                // More than 255 distinct years in one segment: the rest go uncounted.
                None if t.years.len() > usize::from(u8::MAX) => 0,
                None => {
                    t.years.push(year);
                    u8::try_from(t.years.len() - 1).unwrap_or(0)
                }
            };
        }
        Ok(t.grouped())
    }
}

#[cfg(test)]
impl SegTable {
    /// A table made by hand: `entries[i]` is entry `i`'s document ordinal (None: no document) and
    /// kind; `docs[d]` is document `d`'s kind, forvaltning and supplier ids (NONE: none), its system ids
    /// and its year slot in `years`.
    pub(crate) fn by_hand(
        entries: &[(Option<u32>, u64)],
        docs: &[([u32; 3], Vec<u32>, u8)],
        years: Vec<u32>,
        facet_len: [usize; 4],
    ) -> SegTable {
        let mut t = SegTable {
            doc_of: Vec::new(),
            entry_of: Vec::new(),
            clauses: Bits::new(entries.len() as u32),
            runs: Vec::new(),
            single: docs.iter().map(|d| d.0).collect(),
            system_ranges: Vec::new(),
            systems: Vec::new(),
            year_slot: docs.iter().map(|d| d.2).collect(),
            years,
            facet_len,
            doc_ids: None,
            groups: Default::default(),
        };
        for (_, systems, _) in docs {
            let from = t.systems.len() as u32;
            t.systems.extend(systems);
            t.system_ranges.push((from, t.systems.len() as u32));
        }
        for (i, &(d, kind)) in entries.iter().enumerate() {
            t.push_entry(i as DocId, d, kind);
        }
        t.grouped()
    }
}

mod groups;
#[cfg(test)]
mod tests;

/// Per-segment counters: per facet one per value id; per year slot of the segment.
pub struct Counts {
    pub facets: [Vec<u64>; 4],
    pub years: Vec<u64>,
}

/// Every value of a string column, by term ordinal.
fn names(col: &Option<StrColumn>) -> Vec<Arc<str>> {
    let Some(col) = col else {
        return Vec::new();
    };
    let ords: Vec<u64> = (0..col.num_terms() as u64).collect();
    let mut out = Vec::with_capacity(ords.len());
    let _ = col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        out.push(Arc::from(String::from_utf8_lossy(bytes).as_ref()));
    });
    out
}

/// Every facet value seen in any segment, by id: per-segment counts are indexed by id, and only the
/// values a result shows are turned back into strings. It only grows, which is fine for the few
/// thousand kinds, forvaltninger, suppliers and systems an archive has.
#[derive(Default)]
pub struct Values {
    ids: [HashMap<Arc<str>, u32>; 4],
    names: [Vec<Arc<str>>; 4],
}

impl Values {
    /// The ids of `names` (one facet's values, by segment ordinal), adding new values.
    fn intern(&mut self, facet: usize, names: Vec<Arc<str>>) -> Vec<u32> {
        let (Some(ids), Some(all)) = (self.ids.get_mut(facet), self.names.get_mut(facet)) else {
            return Vec::new();
        };
        names
            .into_iter()
            .map(|n| {
                *ids.entry(n.clone()).or_insert_with(|| {
                    all.push(n);
                    u32::try_from(all.len() - 1).unwrap_or(NONE)
                })
            })
            .collect()
    }

    fn lens(&self) -> [usize; 4] {
        [0, 1, 2, 3].map(|i| self.names[i].len())
    }

    /// The value of `id` in `facet`.
    pub fn name(&self, facet: usize, id: usize) -> Option<&str> {
        self.names.get(facet)?.get(id).map(|n| &**n)
    }
}

/// Entries `start..end` belong to document ordinal `doc`.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub start: u32,
    pub end: u32,
    pub doc: u32,
}

/// The tables of the segments searched lately, by segment id. Every search reads it once per segment,
/// and many search at once: a read lock lets them, where a mutex had them queue.
#[derive(Default)]
pub struct TableCache {
    tables: RwLock<FxHashMap<SegmentId, Arc<SegTable>>>,
    values: Mutex<Values>,
}

impl TableCache {
    /// The table of `reader`'s segment, built on first use.
    pub fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegTable>> {
        let id = reader.segment_id();
        if let Some(t) = self
            .tables
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
        {
            return Ok(t.clone());
        }
        let t = Arc::new(SegTable::build(reader, &self.values)?);
        self.write().insert(id, t.clone());
        Ok(t)
    }

    /// The facet values, to name the counted ids.
    pub fn values(&self) -> std::sync::MutexGuard<'_, Values> {
        self.values.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, FxHashMap<SegmentId, Arc<SegTable>>> {
        // A panic while holding the lock leaves a consistent map (inserts are single calls).
        self.tables.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// Registered on the reader: a reload (after each commit) builds the tables of new segments, so the first
/// search after a merge does not pay for them, and drops the tables of segments no searcher uses.
impl Warmer for TableCache {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for reader in searcher.segment_readers() {
            self.get(reader)?;
        }
        Ok(())
    }

    fn garbage_collect(&self, live: &[&SearcherGeneration]) {
        self.write()
            .retain(|id, _| live.iter().any(|g| g.segments().contains_key(id)));
    }
}

//! Clause hits by relevance in two passes, for a query whose score is one word's, one indexed word
//! pair's or one prefix's ([`Core`]).
//!
//! A common word matches a third of all clauses. Scoring every match only to keep the best ten cost more
//! than all the rest of a search, so each segment is visited twice instead:
//!
//! 1. **count**: the set of entries the whole query matches, without scores; when the query is the word
//!    alone, each of its parts is OR-ed into the set straight from its postings, which skips tantivy's
//!    union. The total and facets are counted from the set per document, a word of bits at a time
//!    ([`SegCollector::count_set`]);
//! 2. **rank**: the word's term union alone, with block-max WAND: tantivy skips every block whose best
//!    possible score cannot enter the top k. An entry is taken only if pass 1 matched it (filters, entry
//!    kind, deletions), and the constants of the extras (compound matches) it also matches are added;
//!    to leave room for them the threshold given to WAND is lowered by their sum.
//!
//! An entry matched by an extra alone scores at most that sum. Where the segment's k-th best score is
//! not above it, such entries could belong in the top k, and the segment is ranked as before: every
//! match scored. A prefix has no terms, only constants: pass 2 reads the bit sets of pass 1.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, Weight};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::bits::Bits;
use crate::collect::{CollectedPage, HitCollector, SegCollector};
use crate::query::compile::Core;

/// The weights of one search, built once and used on every segment.
struct Weights {
    /// The whole query without scores (pass 1); `None` when it is the word alone.
    matches: Option<Box<dyn Weight>>,
    /// Each term of the word without scores (pass 1 of the word alone).
    parts: Vec<Box<dyn Weight>>,
    /// The word's term union, scored (pass 2).
    terms: Box<dyn Weight>,
    /// False when the score is constants alone (a prefix): pass 2 then reads the bit sets only.
    has_terms: bool,
    /// Extras without scores, with the constant each adds.
    extras: Vec<(Box<dyn Weight>, Score)>,
    /// The whole query, scored: the fallback.
    full: Box<dyn Weight>,
}

/// Runs `query` (whose score is `core`'s) through `collector`, which must rank clauses by relevance.
/// `alone`: the query is the word itself, without filters.
pub(crate) fn search(
    searcher: &Searcher,
    query: &dyn Query,
    core: &Core,
    alone: bool,
    collector: &HitCollector,
) -> tantivy::Result<CollectedPage> {
    let scored = EnableScoring::enabled_from_searcher(searcher);
    let unscored = EnableScoring::disabled_from_searcher(searcher);
    let terms: Box<dyn Query> = Box::new(BooleanQuery::new(
        core.terms
            .iter()
            .map(|q| (Occur::Should, q.box_clone()))
            .collect(),
    ));
    let w = Weights {
        matches: if alone {
            None
        } else {
            Some(query.weight(unscored)?)
        },
        parts: core
            .terms
            .iter()
            .map(|q| q.weight(unscored))
            .collect::<tantivy::Result<_>>()?,
        terms: terms.weight(scored)?,
        has_terms: !core.terms.is_empty(),
        extras: core
            .extras
            .iter()
            .map(|(q, c)| Ok((q.weight(unscored)?, *c)))
            .collect::<tantivy::Result<_>>()?,
        full: query.weight(scored)?,
    };
    let fruits = searcher
        .segment_readers()
        .iter()
        .enumerate()
        .map(|(ord, reader)| segment(&w, collector, ord as SegmentOrdinal, reader))
        .collect::<tantivy::Result<Vec<_>>>()?;
    collector.merge_fruits(fruits)
}

/// Adds the entries `w` matches in this segment to `into`.
fn bits(w: &dyn Weight, reader: &SegmentReader, into: &mut Bits) -> tantivy::Result<()> {
    w.for_each_no_score(reader, &mut |docs| {
        for &d in docs {
            into.insert(d);
        }
    })
}

fn segment(
    w: &Weights,
    collector: &HitCollector,
    ord: SegmentOrdinal,
    reader: &SegmentReader,
) -> tantivy::Result<<SegCollector as SegmentCollector>::Fruit> {
    let mut seg = collector.for_segment(ord, reader)?;
    let max = reader.max_doc();
    let mut extras: Vec<(Bits, Score)> = Vec::with_capacity(w.extras.len());
    for (ew, c) in &w.extras {
        let mut b = Bits::new(max);
        bits(ew.as_ref(), reader, &mut b)?;
        extras.push((b, *c));
    }
    let mut hits = Bits::new(max);
    match &w.matches {
        Some(m) => bits(m.as_ref(), reader, &mut hits)?,
        None => {
            for p in &w.parts {
                bits(p.as_ref(), reader, &mut hits)?;
            }
            for (b, _) in &extras {
                hits.or(b);
            }
        }
    }
    if let Some(alive) = reader.alive_bitset() {
        let dead: Vec<DocId> = hits.ones().filter(|&d| !alive.is_alive(d)).collect();
        dead.into_iter().for_each(|d| hits.remove(d));
    }
    seg.count_set(&mut hits);

    let room: Score = extras.iter().map(|(_, c)| *c).sum();
    let extra = |doc: DocId| -> Score {
        extras
            .iter()
            .filter(|(b, _)| b.contains(doc))
            .map(|(_, c)| *c)
            .sum()
    };
    if !w.has_terms {
        // Constants only (a prefix): entries come in address order, and a later entry wins no tie, so
        // once k entries hold the highest possible score nothing after them can enter.
        for doc in hits.ones() {
            seg.offer(doc, extra(doc));
            if seg.threshold().is_some_and(|t| t >= room) {
                break;
            }
        }
        return Ok(seg.harvest());
    }
    let bar = |seg: &SegCollector| seg.threshold().map_or(Score::MIN, |t| t - room);
    w.terms
        .for_each_pruning(Score::MIN, reader, &mut |doc: DocId, score: Score| {
            if hits.contains(doc) {
                seg.offer(doc, score + extra(doc));
            }
            bar(&seg)
        })?;

    if room > 0.0 && seg.threshold().is_none_or(|t| t <= room) {
        seg.clear_top();
        w.full.for_each(reader, &mut |doc, score| {
            if hits.contains(doc) {
                seg.offer(doc, score);
            }
        })?;
    }
    Ok(seg.harvest())
}

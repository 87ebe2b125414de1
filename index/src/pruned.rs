//! Clause hits by relevance in two passes, for a query whose score is one word's ([`Core`]).
//!
//! A common word matches a third of all clauses. Scoring every match only to keep the best ten cost more
//! than all the rest of a search, so each segment is visited twice instead:
//!
//! 1. **count**: the whole query without scores, a block of entries at a time: the total and the facets
//!    ([`SegCollector::count`]) and the set of entries that match;
//! 2. **rank**: the word's term union alone, with block-max WAND: tantivy skips every block whose best
//!    possible score cannot enter the top k. An entry is taken only if pass 1 matched it (filters, entry
//!    kind, deletions), and the constants of the extras (compound matches) it also matches are added;
//!    to leave room for them the threshold given to WAND is lowered by their sum.
//!
//! An entry matched by an extra alone scores at most that sum. Where the segment's k-th best score is
//! not above it, such entries could belong in the top k, and the segment is ranked as before: every
//! match scored.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, Scorer, Weight};
use tantivy::{BitSet, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED};

use crate::collect::{CollectedPage, HitCollector, SegCollector};
use crate::query::compile::Core;

/// The weights of one search, built once and used on every segment.
struct Weights {
    /// The whole query without scores (pass 1).
    matches: Box<dyn Weight>,
    /// The word's term union, scored (pass 2).
    terms: Box<dyn Weight>,
    /// Extras without scores, with the constant each adds.
    extras: Vec<(Box<dyn Weight>, Score)>,
    /// The whole query, scored: the fallback.
    full: Box<dyn Weight>,
}

/// Runs `query` (whose score is `core`'s) through `collector`, which must rank clauses by relevance.
pub(crate) fn search(
    searcher: &Searcher,
    query: &dyn Query,
    core: &Core,
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
        matches: query.weight(unscored)?,
        terms: terms.weight(scored)?,
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

fn segment(
    w: &Weights,
    collector: &HitCollector,
    ord: SegmentOrdinal,
    reader: &SegmentReader,
) -> tantivy::Result<<SegCollector as SegmentCollector>::Fruit> {
    let mut seg = collector.for_segment(ord, reader)?;
    let mut hits = BitSet::with_max_value(reader.max_doc());
    let alive = reader.alive_bitset();
    w.matches.for_each_no_score(reader, &mut |docs| {
        for &d in docs {
            if alive.is_none_or(|a| a.is_alive(d)) && seg.count(d) {
                hits.insert(d);
            }
        }
    })?;

    let room: Score = w.extras.iter().map(|(_, c)| *c).sum();
    let mut extras: Vec<(Box<dyn Scorer>, Score)> = w
        .extras
        .iter()
        .map(|(w, c)| Ok((w.scorer(reader, 1.0)?, *c)))
        .collect::<tantivy::Result<_>>()?;
    let bar = |seg: &SegCollector| seg.threshold().map_or(Score::MIN, |t| t - room);
    w.terms
        .for_each_pruning(Score::MIN, reader, &mut |doc: DocId, score: Score| {
            if hits.contains(doc) {
                seg.offer(doc, score + extra_score(&mut extras, doc));
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

/// The constants of the extras that match `doc`; calls come in increasing `doc` order.
fn extra_score(extras: &mut [(Box<dyn Scorer>, Score)], doc: DocId) -> Score {
    let mut s = 0.0;
    for (scorer, c) in extras.iter_mut() {
        if scorer.doc() < doc {
            scorer.seek(doc);
        }
        if scorer.doc() == doc && doc != TERMINATED {
            s += *c;
        }
    }
    s
}

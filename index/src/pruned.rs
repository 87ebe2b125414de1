//! Clause hits by relevance in two passes, for a query that is a conjunction of words, indexed word
//! pairs or prefixes, with filters ([`Core`]).
//!
//! A common word matches a third of all clauses. Scoring every match only to keep the best ten cost more
//! than all the rest of a search, so each segment is visited twice instead:
//!
//! 1. **count**: the set of entries the whole query matches, without scores; when the query is its
//!    words alone, each word's parts are OR-ed into a bit set straight from their postings and the
//!    words' sets AND-ed, which skips tantivy's unions and intersections. The total and facets are
//!    counted from the set per document, a word of bits at a time ([`SegCollector::count_set`]);
//! 2. **rank**: the union of all the words' terms, with block-max WAND: tantivy skips every block
//!    whose best possible score cannot enter the top k. An entry is taken only if pass 1 matched it
//!    (every word, filters, entry kind, deletions), and the constants of the extras (compound and
//!    prefix matches) it also matches are added; to leave room for them the threshold given to WAND
//!    is lowered by their sum.
//!
//! An entry matched by extras alone scores at most that sum. Where the segment's k-th best score is
//! not above it, such entries could belong in the top k, and the segment is ranked as before: every
//! match scored. Prefixes alone have no terms, only constants: pass 2 reads the bit sets of pass 1.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, Weight};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::bits::Bits;
use crate::collect::{CollectedPage, HitCollector, SegCollector};
use crate::query::core::Core;

/// One group's terms without scores, and the indexes of its extras in [`Weights::extras`].
struct GroupWeights {
    parts: Vec<Box<dyn Weight>>,
    extras: Vec<usize>,
}

/// The weights of one search, built once and used on every segment.
struct Weights {
    /// The whole query without scores (pass 1); `None` when it is its groups alone.
    matches: Option<Box<dyn Weight>>,
    /// Pass 1 of groups alone.
    groups: Vec<GroupWeights>,
    /// The terms of every group in one union, scored (pass 2).
    terms: Box<dyn Weight>,
    /// False when the score is constants alone (prefixes): pass 2 then reads the bit sets only.
    has_terms: bool,
    /// The extras of every group without scores, with the constant each adds.
    extras: Vec<(Box<dyn Weight>, Score)>,
    /// The whole query, scored: the fallback.
    full: Box<dyn Weight>,
}

/// Runs `query` (whose score is `core`'s) through `collector`, which must rank clauses by relevance.
/// `alone`: the query is the groups themselves, without filters.
pub(crate) fn search(
    searcher: &Searcher,
    query: &dyn Query,
    core: &Core,
    alone: bool,
    collector: &HitCollector,
) -> tantivy::Result<CollectedPage> {
    let scored = EnableScoring::enabled_from_searcher(searcher);
    let unscored = EnableScoring::disabled_from_searcher(searcher);
    // Where every group matches, the conjunction's score is the sum over all matched terms: the score
    // of one union of all terms (a term in two groups is in it twice, and counts twice in both).
    let all_terms: Vec<(Occur, Box<dyn Query>)> = core
        .groups
        .iter()
        .flat_map(|g| g.terms.iter().map(|q| (Occur::Should, q.box_clone())))
        .collect();
    let has_terms = !all_terms.is_empty();
    let mut extras = Vec::new();
    let mut groups = Vec::new();
    for g in &core.groups {
        let parts = g
            .terms
            .iter()
            .map(|q| q.weight(unscored))
            .collect::<tantivy::Result<_>>()?;
        let mut own = Vec::new();
        for (q, c) in &g.extras {
            own.push(extras.len());
            extras.push((q.weight(unscored)?, *c));
        }
        groups.push(GroupWeights { parts, extras: own });
    }
    let w = Weights {
        matches: if alone {
            None
        } else {
            Some(query.weight(unscored)?)
        },
        groups,
        terms: BooleanQuery::new(all_terms).weight(scored)?,
        has_terms,
        extras,
        full: query.weight(scored)?,
    };
    // The k best scores of the segments done so far: a later segment's entry must beat the k-th of
    // them (a tie goes to the earlier segment, whose addresses are lower), so WAND starts there.
    let mut best: Vec<Score> = Vec::new();
    let mut fruits = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let floor = best.get(collector.k.wrapping_sub(1)).copied();
        let fruit = segment(&w, collector, ord as SegmentOrdinal, reader, floor)?;
        best.extend(fruit.scores());
        best.sort_by(|a, b| b.total_cmp(a));
        best.truncate(collector.k);
        fruits.push(fruit);
    }
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

/// The entries of this segment the whole query matches (pass 1), given the extras' sets.
fn matches(w: &Weights, reader: &SegmentReader, extras: &[(Bits, Score)]) -> tantivy::Result<Bits> {
    let max = reader.max_doc();
    let mut hits = Bits::new(max);
    match &w.matches {
        Some(m) => bits(m.as_ref(), reader, &mut hits)?,
        None => {
            for (i, gw) in w.groups.iter().enumerate() {
                let mut g = Bits::new(max);
                for p in &gw.parts {
                    bits(p.as_ref(), reader, &mut g)?;
                }
                for &e in &gw.extras {
                    if let Some((b, _)) = extras.get(e) {
                        g.or(b);
                    }
                }
                if i == 0 {
                    hits = g;
                } else {
                    hits.and(&g);
                }
            }
        }
    }
    if let Some(alive) = reader.alive_bitset() {
        let dead: Vec<DocId> = hits.ones().filter(|&d| !alive.is_alive(d)).collect();
        dead.into_iter().for_each(|d| hits.remove(d));
    }
    Ok(hits)
}

/// One segment: counts, then ranks what can beat `floor` (the k-th best score of earlier segments).
fn segment(
    w: &Weights,
    collector: &HitCollector,
    ord: SegmentOrdinal,
    reader: &SegmentReader,
    floor: Option<Score>,
) -> tantivy::Result<<SegCollector as SegmentCollector>::Fruit> {
    let mut seg = collector.for_segment(ord, reader)?;
    let mut extras: Vec<(Bits, Score)> = Vec::with_capacity(w.extras.len());
    for (ew, c) in &w.extras {
        let mut b = Bits::new(reader.max_doc());
        bits(ew.as_ref(), reader, &mut b)?;
        extras.push((b, *c));
    }
    let mut hits = matches(w, reader, &extras)?;
    seg.count_set(&mut hits);

    let room: Score = extras.iter().map(|(_, c)| *c).sum();
    let extra = |doc: DocId| -> Score {
        extras
            .iter()
            .filter(|(b, _)| b.contains(doc))
            .map(|(_, c)| *c)
            .sum()
    };
    // The score to beat: this segment's k-th best or the earlier segments', whichever is higher.
    let bar = |seg: &SegCollector| match (seg.threshold(), floor) {
        (Some(t), Some(f)) => Some(t.max(f)),
        (t, f) => t.or(f),
    };
    if !w.has_terms {
        // Constants only (prefixes): entries come in address order, and a later entry wins no tie, so
        // once the bar is the highest possible score nothing after can enter.
        for doc in hits.ones() {
            if bar(&seg).is_some_and(|t| t >= room) {
                break;
            }
            seg.offer(doc, extra(doc));
        }
        return Ok(seg.harvest());
    }
    w.terms.for_each_pruning(
        bar(&seg).map_or(Score::MIN, |t| t - room),
        reader,
        &mut |doc: DocId, score: Score| {
            if hits.contains(doc) {
                seg.offer(doc, score + extra(doc));
            }
            bar(&seg).map_or(Score::MIN, |t| t - room)
        },
    )?;
    if room > 0.0 && bar(&seg).is_none_or(|t| t <= room) {
        seg.clear_top();
        w.full.for_each(reader, &mut |doc, score| {
            if hits.contains(doc) {
                seg.offer(doc, score);
            }
        })?;
    }
    Ok(seg.harvest())
}

//! Hits by relevance (clauses, or documents by their best clause) in two passes, for a query that is a
//! conjunction of words, indexed word pairs or prefixes, with filters ([`Core`]).
//!
//! A common word matches a third of all clauses. Scoring every match only to keep the best ten cost more
//! than all the rest of a search, so each segment is visited twice instead:
//!
//! 1. **count**: the set of entries the whole query matches, without scores: each word's parts OR-ed
//!    into a bit set straight from their postings, then the words' and the filters' sets AND-ed, which
//!    skips tantivy's unions and intersections; compound and prefix walks add their postings to
//!    such sets directly ([`AffixWeight::fill`]). The total and facets are counted from the set per
//!    document, by rank ([`SegCollector::count_set`]);
//! 2. **rank**: the union of all the words' terms, with block-max WAND: tantivy skips every block
//!    whose best possible score cannot enter the top k. An entry is taken only if pass 1 matched it
//!    (every word, filters, entry kind, deletions), and the constants of the extras (compound and
//!    prefix matches) it also matches are added; to leave room for them the threshold given to WAND
//!    is lowered by their sum.
//!
//! An entry matched by extras alone scores at most that sum. Where the k-th best score so far is not
//! above it, such entries could belong in the top k, and every match of the segment is scored.
//! Prefixes alone have no terms, only constants: pass 2 reads the bit sets of pass 1.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{Bm25Weight, BooleanQuery, EnableScoring, Occur, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

use crate::bits::{Bits, each_posting};
use crate::collect::{CollectedPage, HitCollector, SegCollector};
use crate::filter_cache::CachedFilter;
use crate::query::affix::{AffixQuery, AffixWeight};
use crate::query::core::{Core, term_query};
use crate::stats::Stats;

/// One group's terms (read as bare postings in pass 1), and the indexes of its extras in
/// [`Weights::extras`].
struct GroupWeights {
    terms: Vec<Term>,
    extras: Vec<usize>,
}

/// The weights of one search, built once and used on every segment.
struct Weights {
    /// Pass 1: the groups and the filters (the query's and the request's) without scores.
    groups: Vec<GroupWeights>,
    filters: Vec<Box<dyn Weight>>,
    /// Filters whose sets are cached per segment (the permission scope): AND-ed as they are.
    cached: Vec<CachedFilter>,
    /// The terms of every group in one union, scored (pass 2).
    terms: Box<dyn Weight>,
    /// False when the score is constants alone (prefixes): pass 2 then reads the bit sets only.
    has_terms: bool,
    /// The extras of every group (their walks), with the constant each adds.
    extras: Vec<(Vec<AffixWeight>, Score)>,
    /// Each term alone (conjunctions and the fallback).
    each: Vec<OneTerm>,
}

/// A term, scored, with its best possible score.
struct OneTerm {
    term: Term,
    weight: Box<dyn Weight>,
    best: Score,
}

/// Runs the query of `core` and `filters` (the request's, beside the query's own) through `collector`,
/// which must rank by relevance (clauses, or documents by their best clause).
pub(crate) fn search(
    stats: &Stats<'_>,
    core: &Core,
    filters: &[Box<dyn Query>],
    collector: &HitCollector,
) -> tantivy::Result<CollectedPage> {
    let searcher = stats.searcher();
    let scored = stats.scoring();
    let unscored = EnableScoring::disabled_from_searcher(searcher);
    // Where every group matches, the conjunction's score is the sum over all matched terms: the score
    // of one union of all terms (a term in two groups is in it twice, and counts twice in both).
    let all_terms: Vec<(Occur, Box<dyn Query>)> = core
        .groups
        .iter()
        .flat_map(|g| g.terms.iter().map(|t| (Occur::Should, term_query(t))))
        .collect();
    let has_terms = !all_terms.is_empty();
    let mut extras = Vec::new();
    let mut groups = Vec::new();
    for g in &core.groups {
        let terms = g.terms.iter().map(|(t, _)| t.clone()).collect();
        let mut own = Vec::new();
        for e in &g.extras {
            own.push(extras.len());
            extras.push((e.walks.iter().map(AffixQuery::walk).collect(), e.constant));
        }
        groups.push(GroupWeights { terms, extras: own });
    }
    let w = Weights {
        groups,
        filters: core
            .filters
            .iter()
            .chain(filters)
            .filter(|q| q.downcast_ref::<CachedFilter>().is_none())
            .map(|q| q.weight(unscored))
            .collect::<tantivy::Result<_>>()?,
        cached: filters
            .iter()
            .filter_map(|q| q.downcast_ref::<CachedFilter>().cloned())
            .collect(),
        terms: BooleanQuery::new(all_terms).weight(scored)?,
        has_terms,
        extras,
        each: core
            .groups
            .iter()
            .flat_map(|g| &g.terms)
            .map(|t| {
                Ok(OneTerm {
                    term: t.0.clone(),
                    weight: term_query(t).weight(scored)?,
                    // The same BM25 weight tantivy gives the term's scorer, at its best.
                    best: Bm25Weight::for_terms(stats, std::slice::from_ref(&t.0))?
                        .boost_by(t.1)
                        .max_score(),
                })
            })
            .collect::<tantivy::Result<_>>()?,
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

/// Adds the entries holding `term` in this segment to `into`, straight from the postings blocks: no
/// frequencies, no scorer, no union. Makes room in `into` only if the segment holds the term (see
/// [`matches`]).
fn term_bits(term: &Term, reader: &SegmentReader, into: &mut Bits) -> tantivy::Result<()> {
    let index = reader.inverted_index(term.field())?;
    if let Some(block) = index.read_block_postings(term, IndexRecordOption::Basic)? {
        into.grow(reader.max_doc());
        each_posting(block, |d| into.insert(d));
    }
    Ok(())
}

/// The entries of this segment the whole query matches (pass 1), given the extras' sets: where every
/// group (any of its terms or extras) and every filter matches. A group's set gets room for the
/// segment only once something matches: a rare word is absent from most segments, and zeroing sets
/// for them was a large part of its search.
fn matches(w: &Weights, reader: &SegmentReader, extras: &[(Bits, Score)]) -> tantivy::Result<Bits> {
    let max = reader.max_doc();
    let mut hits: Option<Bits> = None;
    let mut and = |b: Bits| match &mut hits {
        Some(h) => h.and(&b),
        None => hits = Some(b),
    };
    for gw in &w.groups {
        let mut g = Bits::default();
        for t in &gw.terms {
            term_bits(t, reader, &mut g)?;
        }
        for &e in &gw.extras {
            if let Some((b, _)) = extras.get(e) {
                g.or(b);
            }
        }
        and(g);
    }
    for f in &w.filters {
        let mut b = Bits::new(max);
        bits(f.as_ref(), reader, &mut b)?;
        and(b);
    }
    for f in &w.cached {
        let b = f.cache.get(&f.key, f.inner.as_ref(), reader)?;
        match &mut hits {
            Some(h) => h.and(&b),
            None => hits = Some((*b).clone()),
        }
    }
    let mut hits = hits.unwrap_or_else(|| Bits::new(max));
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
    for (walks, c) in &w.extras {
        let mut b = Bits::default();
        for walk in walks {
            walk.fill(reader, &mut b)?;
        }
        extras.push((b, *c));
    }
    let mut hits = matches(w, reader, &extras)?;
    if hits.is_empty() {
        return Ok(seg.harvest());
    }
    seg.count_set(&mut hits);

    // An extra with no match in this segment adds nothing to a score here: leaving its constant out
    // keeps WAND's threshold higher.
    let room: Score = extras
        .iter()
        .filter(|(b, _)| !b.is_empty())
        .map(|(_, c)| *c)
        .sum();
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
    if w.groups.len() > 1 && few(w, reader, &hits)? {
        // A conjunction with few matches beside the union of its terms, where WAND would weigh every
        // entry of the commonest word: score the matches themselves, cutting each short once even its
        // terms' best scores could not lift it over the bar.
        by_terms(w, reader, &hits, &mut seg, &extra, &bar)?;
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
        // Entries matched by extras alone may belong in the page: score every match, term by term.
        seg.clear_top();
        by_terms(w, reader, &hits, &mut seg, &extra, &|_| None)?;
    }
    Ok(seg.harvest())
}

/// Whether scoring the matches one by one (a few term seeks each) looks cheaper than WAND over the
/// terms' postings: fewer than half as many seeks as postings. On the benchmark's conjunctions either
/// way won some; this rule took the better one for the slowest and cost ~1 ms on one other.
fn few(w: &Weights, reader: &SegmentReader, hits: &Bits) -> tantivy::Result<bool> {
    let mut postings = 0u64;
    for t in &w.each {
        postings += u64::from(reader.inverted_index(t.term.field())?.doc_freq(&t.term)?);
    }
    Ok(2 * (hits.len() as u64) * (w.each.len() as u64) < postings)
}

/// Scores each entry of `hits` as the sum of its terms' scores (the union's score) and its extras',
/// visiting the terms best-first and stopping where the rest could not reach `bar`.
fn by_terms(
    w: &Weights,
    reader: &SegmentReader,
    hits: &Bits,
    seg: &mut SegCollector,
    extra: &dyn Fn(DocId) -> Score,
    bar: &dyn Fn(&SegCollector) -> Option<Score>,
) -> tantivy::Result<()> {
    let mut scorers: Vec<(Box<dyn Scorer>, Score)> = w
        .each
        .iter()
        .map(|t| Ok((t.weight.scorer(reader, 1.0)?, t.best)))
        .collect::<tantivy::Result<_>>()?;
    scorers.sort_by(|a, b| b.1.total_cmp(&a.1));
    let most: Score = scorers.iter().map(|(_, m)| m).sum();
    for doc in hits.ones() {
        let b = bar(seg);
        let (mut s, mut rest) = (extra(doc), most);
        let mut cut = false;
        for (sc, max) in scorers.iter_mut() {
            // A hair of slack: sums in another order may round differently.
            if b.is_some_and(|b| (s + rest) * (1.0 + 1e-5) <= b) {
                cut = true;
                break;
            }
            if sc.doc() < doc {
                sc.seek(doc);
            }
            if sc.doc() == doc {
                s += sc.score();
            }
            rest -= *max;
        }
        if !cut {
            seg.offer(doc, s);
        }
    }
    Ok(())
}

//! The fast paths against their references, on the corpus texts spread over several segments and with
//! deleted entries:
//! - the two-pass ranking of words, word pairs and prefixes, alone or all required
//!   (`SearchOptions::prune`), against scoring every match: the same total, facets and hits for words
//!   that are common, rare, compound heads, typed without æøå, filtered, paged and scoped;
//! - phrases through word pairs (`SearchOptions::pairs`) against checking positions: the same clauses.

use chrono::NaiveDate;
use index::{DocFields, Level, Scope, SearchIndex, SearchOptions, SearchRequest, SearchResults};
use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/danish");
const FORVALTNINGER: [&str; 3] = ["ØKF", "BUF", "KFF"];

/// Every ground-truth text of the corpus as its own document, committed in small batches so that the
/// index has several segments; then some documents deleted and one replaced.
fn build() -> SearchIndex {
    let mut txts: Vec<_> = std::fs::read_dir(Path::new(CORPUS))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    txts.sort();
    assert!(txts.len() >= 20, "corpus not found at {CORPUS}");
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    let fields = |i: usize| DocFields {
        id: format!("d{i}"),
        title: format!("Dokument {i}"),
        kind: ["contract", "addendum"][i % 2].into(),
        forvaltning: FORVALTNINGER[i % 3].into(),
        supplier_cvr: Some(format!("{:08}", 38_000_000 + i % 4)),
        supplier_name: Some(format!("Leverandør {}", i % 4)),
        system_ids: vec![format!("SYS-{:04}", i % 5)],
        date: NaiveDate::from_ymd_opt(2018 + (i % 6) as i32, 1, 1),
        confidential: i.is_multiple_of(7),
    };
    for (i, p) in txts.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        let pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
        w.upsert(&fields(i), &pages).unwrap();
        if i % 6 == 5 {
            w.commit(i as i64).unwrap();
        }
    }
    w.commit(1000).unwrap();
    for i in [1, 8, 15] {
        w.delete(&format!("d{i}")).unwrap();
    }
    let text = std::fs::read_to_string(&txts[3]).unwrap();
    w.upsert(&fields(3), &[text.replace("Leverandøren", "Kunden")])
        .unwrap();
    w.commit(1001).unwrap();
    idx
}

fn search(idx: &SearchIndex, r: &SearchRequest, prune: bool) -> SearchResults {
    let opts = SearchOptions {
        prune,
        ..SearchOptions::default()
    };
    idx.search_with(r, &opts).unwrap()
}

/// Every matching clause, as (document, clause number, first page), sorted.
fn clauses(idx: &SearchIndex, q: &str, pairs: bool) -> (usize, Vec<String>) {
    let opts = SearchOptions {
        pairs,
        ..SearchOptions::default()
    };
    let r = SearchRequest {
        q: q.into(),
        limit: 1000,
        ..Default::default()
    };
    let res = idx.search_with(&r, &opts).unwrap();
    // The two ways score differently: only the whole set of matches is comparable.
    assert_eq!(res.hits.len(), res.total, "{q}: more matches than one page");
    let mut v: Vec<String> = res
        .hits
        .iter()
        .map(|h| format!("{} {:?}", h.document_id, h.clause))
        .collect();
    v.sort();
    (res.total, v)
}

/// Same total and facets; the same scores in the same order; the same hits wherever a score is not
/// tied with a neighbour (the two passes may add a clause's parts in another order).
fn assert_same(what: &str, a: &SearchResults, b: &SearchResults) {
    assert_eq!(a.total, b.total, "{what}: total");
    assert_eq!(
        format!("{:?}", a.facets),
        format!("{:?}", b.facets),
        "{what}: facets"
    );
    assert_eq!(a.hits.len(), b.hits.len(), "{what}: hits");
    let close = |x: f32, y: f32| (x - y).abs() <= 1e-4 * x.abs().max(1.0);
    for (i, (x, y)) in a.hits.iter().zip(&b.hits).enumerate() {
        assert!(close(x.score, y.score), "{what}: score of hit {i}");
        let tied = |h: &[index::Hit]| {
            (i > 0 && close(h[i - 1].score, h[i].score))
                || h.get(i + 1).is_some_and(|n| close(n.score, h[i].score))
        };
        if !tied(&a.hits) {
            assert_eq!(
                (&x.document_id, &x.clause),
                (&y.document_id, &y.clause),
                "{what}: hit {i}"
            );
        }
    }
}

#[test]
fn two_pass_ranking_matches_scoring_every_match() {
    let idx = build();
    let words = [
        "leverandøren",
        "kunden",
        "kontrakten",
        "ophævelse",
        "forordning",
        "databehandler",
        "misligholdelse",
        "ophaevelse",
        "fortrolighed",
        "ansvarsbegrænsning",
        "kunden forvaltning:BUF",
        "leverandøren type:tillæg",
        "år:2020..2022 kontrakten",
        "\"kunden\"",
        "\"kunden kan\"",
        "\"i henhold til\"",
        "leverand*",
        "ophæv*",
        "kontrakt*",
        "leverand* forvaltning:BUF",
        "kunden skriftligt",
        "leverandøren ansvar",
        "ophævelse misligholdelse",
        "kunden AND leverandøren AND kontrakten",
        "kunden kunden",
        "leverand* ansvar",
        "ophæv* misligh*",
        "\"kunden kan\" ophæve",
        "kunden leverandøren forvaltning:BUF",
        "kunden kan ophæve",
        "leverandøren betaler bod",
    ];
    let mut nonempty = 0;
    for q in words {
        for (limit, offset) in [(10, 0), (3, 0), (10, 20), (200, 0)] {
            let r = SearchRequest {
                q: q.into(),
                limit,
                offset,
                ..Default::default()
            };
            let what = format!("{q} limit {limit} offset {offset}");
            let a = search(&idx, &r, true);
            nonempty += usize::from(!a.hits.is_empty());
            assert_same(&what, &a, &search(&idx, &r, false));
        }
        let scoped = SearchRequest {
            q: q.into(),
            forvaltninger: vec!["ØKF".into(), "KFF".into()],
            scope: Scope::Forvaltning("BUF".into()),
            level: Level::Clause,
            ..Default::default()
        };
        assert_same(
            &format!("{q} scoped"),
            &search(&idx, &scoped, true),
            &search(&idx, &scoped, false),
        );
        for (limit, offset) in [(10, 0), (3, 2)] {
            let grouped = SearchRequest {
                q: q.into(),
                level: Level::Document,
                limit,
                offset,
                ..Default::default()
            };
            assert_same(
                &format!("{q} per document, limit {limit} offset {offset}"),
                &search(&idx, &grouped, true),
                &search(&idx, &grouped, false),
            );
        }
    }
    assert!(nonempty >= 40, "too few queries had hits: {nonempty}");
}

#[test]
fn phrases_through_pairs_match_position_checks() {
    let idx = build();
    let phrases = [
        "\"kunden kan\"",
        "\"i henhold til\"",
        "\"til enhver tid\"",
        "\"leverandøren skal\"",
        "\"fremgår af bilag\"",
        "\"efter kontraktens\"",
        "\"i henhold til kontrakten\"",
        "\"væsentlig misligholdelse\"",
        "\"Kunden kan ophæve kontrakten\"",
        "overskrift:\"til kontrakten\"",
        "\"af\" ophævelse",
        // A negated phrase once tripped a tantivy assertion (see `query::forward`).
        "\"ophævelse af\" -\"i henhold til\"",
    ];
    let mut found = 0;
    for q in phrases {
        let reference = clauses(&idx, q, false);
        let (total, hits) = clauses(&idx, q, true);
        found += usize::from(total > 0);
        assert_eq!((total, hits), reference, "{q}");
    }
    assert!(found >= 10, "too few phrases found: {found}");
}

//! The relevance set and its scoring, shared by the test (`tests/relevance.rs`) and the ablation example
//! (`examples/meaning_ablation.rs`), so that both read the judgments and grade the hits alike: the
//! queries and graded judgments of `data/relevance.tsv`, the corpus's ground-truth texts and their index,
//! and recall@10 / nDCG@10 with graded gains.

use std::cmp::Reverse;
use std::path::Path;

use index::{DocFields, Level, SearchIndex, SearchOptions, SearchRequest};

pub(crate) const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
pub(crate) const SET: &str = include_str!("../data/relevance.tsv");
pub(crate) const K: usize = 10;

/// One judged clause: a hit of `doc` whose clause number is `section` or one of its sub-clauses.
pub(crate) struct Item {
    pub(crate) doc: String,
    pub(crate) section: String,
    /// 2: the clause that answers the query; 1: relevant to it.
    pub(crate) grade: u8,
}

pub(crate) struct Case {
    pub(crate) q: String,
    /// The query's class (third column; "base" for the original set).
    pub(crate) class: String,
    pub(crate) items: Vec<Item>,
}

/// `doc:section` or `doc:section=grade`; without a grade a judgment is an answer (the original set).
pub(crate) fn item(s: &str) -> Option<Item> {
    let (judged, grade) = match s.trim().rsplit_once('=') {
        Some((j, g)) => (j, g.trim().parse().ok()?),
        None => (s.trim(), 2),
    };
    let (doc, section) = judged.split_once(':')?;
    Some(Item {
        doc: doc.to_string(),
        section: section.to_string(),
        grade,
    })
}

pub(crate) fn cases() -> Vec<Case> {
    SET.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let (q, exp) = (cols.next().unwrap_or(""), cols.next().unwrap_or(""));
            let class = cols.next().unwrap_or("base").trim().to_string();
            let items: Vec<Item> = exp.split(" | ").filter_map(item).collect();
            assert!(
                !items.is_empty() && items.len() == exp.split(" | ").count(),
                "bad judgments in line: {l}"
            );
            Case {
                q: q.to_string(),
                class,
                items,
            }
        })
        .collect()
}

/// (source id, title, ground-truth text) for every source with a rendered ground truth.
pub(crate) fn corpus() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut srcs: Vec<_> = std::fs::read_dir(Path::new(CORPUS).join("src"))
        .unwrap()
        .filter_map(|e| e.ok())
        .collect();
    srcs.sort_by_key(|e| e.path());
    for e in srcs {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "src") {
            continue;
        }
        let id = p.file_stem().unwrap().to_string_lossy().to_string();
        let src = std::fs::read_to_string(&p).unwrap();
        let title = src
            .lines()
            .find_map(|l| l.strip_prefix("@title "))
            .unwrap_or(&id)
            .to_string();
        let mut txts: Vec<_> = std::fs::read_dir(Path::new(CORPUS).join("danish"))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|t| {
                let n = t.file_name().unwrap().to_string_lossy().to_string();
                n.starts_with(&format!("{id}__")) && n.ends_with(".txt") && !n.contains("scan")
            })
            .collect();
        txts.sort();
        if let Some(t) = txts.first() {
            out.push((id, title, std::fs::read_to_string(t).unwrap()));
        }
    }
    out
}

pub(crate) fn section_matches(number: Option<&str>, section: &str) -> bool {
    number.is_some_and(|n| {
        n == section
            || n.starts_with(&format!("{section}."))
            || n.starts_with(&format!("{section} "))
    })
}

#[derive(Default, Clone, Copy)]
pub(crate) struct Score {
    pub(crate) recall: f64,
    pub(crate) ndcg: f64,
    pub(crate) precision: f64,
    /// 1 when the query found anything at all.
    pub(crate) answered: f64,
}

/// Graded gain (Järvelin & Kekäläinen): an answer counts three times a merely relevant clause.
pub(crate) fn gain(grade: u8) -> f64 {
    2f64.powi(i32::from(grade)) - 1.0
}

/// Scores a ranked list; `matches(hit, item)` says whether a hit satisfies a judged item. Each item is
/// counted once, by its first hit; a hit that satisfies several items counts for the best of them.
pub(crate) fn score<H>(hits: &[H], items: &[Item], matches: impl Fn(&H, &Item) -> bool) -> Score {
    let mut found = vec![false; items.len()];
    let (mut dcg, mut relevant) = (0.0, 0);
    for (rank, h) in hits.iter().take(K).enumerate() {
        relevant += usize::from(items.iter().any(|i| matches(h, i)));
        let best = (0..items.len())
            .filter(|&j| !found[j] && matches(h, &items[j]))
            .min_by_key(|&j| (Reverse(items[j].grade), j));
        if let Some(j) = best {
            found[j] = true;
            dcg += gain(items[j].grade) / ((rank + 2) as f64).log2();
        }
    }
    let mut grades: Vec<u8> = items.iter().map(|i| i.grade).collect();
    grades.sort_unstable_by(|a, b| b.cmp(a));
    let ideal: f64 = grades
        .iter()
        .take(K)
        .enumerate()
        .map(|(r, g)| gain(*g) / ((r + 2) as f64).log2())
        .sum();
    Score {
        recall: found.iter().filter(|f| **f).count() as f64 / items.len().max(1) as f64,
        ndcg: if ideal > 0.0 { dcg / ideal } else { 0.0 },
        precision: relevant as f64 / K as f64,
        answered: if hits.is_empty() { 0.0 } else { 1.0 },
    }
}

/// The judgments at document level: one item per document, graded by its best clause.
pub(crate) fn doc_items(items: &[Item]) -> Vec<Item> {
    let mut best: Vec<(String, u8)> = Vec::new();
    for i in items {
        match best.iter_mut().find(|(d, _)| *d == i.doc) {
            Some((_, g)) => *g = (*g).max(i.grade),
            None => best.push((i.doc.clone(), i.grade)),
        }
    }
    best.into_iter()
        .map(|(doc, grade)| Item {
            doc,
            section: String::new(),
            grade,
        })
        .collect()
}

pub(crate) fn mean(v: &[Score]) -> Score {
    let n = v.len().max(1) as f64;
    let avg = |f: fn(&Score) -> f64| v.iter().map(f).sum::<f64>() / n;
    Score {
        recall: avg(|s| s.recall),
        ndcg: avg(|s| s.ndcg),
        precision: avg(|s| s.precision),
        answered: avg(|s| s.answered),
    }
}

pub(crate) fn ours(idx: &SearchIndex, c: &Case, level: Level, opts: &SearchOptions) -> Score {
    let req = SearchRequest {
        q: c.q.clone(),
        level,
        limit: K,
        ..Default::default()
    };
    let r = idx
        .search_with(&req, opts)
        .unwrap_or_else(|e| panic!("{}: {e}", c.q));
    match level {
        Level::Clause => score(&r.hits, &c.items, |h, i| {
            h.document_id == i.doc
                && section_matches(
                    h.clause.as_ref().and_then(|c| c.number.as_deref()),
                    &i.section,
                )
        }),
        Level::Document => score(&r.hits, &doc_items(&c.items), |h, i| h.document_id == i.doc),
    }
}

/// The corpus texts indexed as one contract each, one commit.
pub(crate) fn index_corpus(docs: &[(String, String, String)]) -> SearchIndex {
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    for (id, title, text) in docs {
        let fields = DocFields {
            id: id.clone(),
            title: title.clone(),
            kind: "contract".into(),
            ..Default::default()
        };
        let pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
        w.upsert(&fields, &pages).unwrap();
    }
    w.commit(1).unwrap();
    idx
}

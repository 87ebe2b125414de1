//! Relevance on the Danish corpus: the queries of `tests/data/relevance.tsv` (by class: the original set,
//! compounds absent from the text, typos, synonyms, multi-concept, folded, phrases, inflections, exact words)
//! against the ground-truth texts
//! (one text per source), scored by recall@10 and nDCG@10 (binary gains, each expected clause counted once).
//!
//! Printed beside ours: the same at document level, ours without compound heads (with precision@10, so the
//! cost of decompounding is visible as well as its gain), and a plain baseline — one field per document,
//! Snowball Danish + ASCII folding, tantivy's stock query parser — which is what Paperless-ngx-like
//! systems do. Run with `-- --nocapture` to see the table and the queries that miss.

use std::collections::HashSet;
use std::path::Path;

use index::{DocFields, Level, SearchIndex, SearchOptions, SearchRequest};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::{Index, IndexWriter, TantivyDocument};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
const SET: &str = include_str!("data/relevance.tsv");
const K: usize = 10;

struct Case {
    q: String,
    /// The query's class (third column; "base" for the original set).
    class: String,
    /// (document id, section number)
    items: Vec<(String, String)>,
}

fn cases() -> Vec<Case> {
    SET.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let (q, exp) = (cols.next()?, cols.next()?);
            let class = cols.next().unwrap_or("base").trim().to_string();
            let items = exp
                .split(" | ")
                .filter_map(|i| {
                    i.trim()
                        .split_once(':')
                        .map(|(d, s)| (d.to_string(), s.to_string()))
                })
                .collect();
            Some(Case {
                q: q.to_string(),
                class,
                items,
            })
        })
        .collect()
}

/// (source id, title, ground-truth text) for every source with a rendered ground truth.
fn corpus() -> Vec<(String, String, String)> {
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

fn section_matches(number: Option<&str>, section: &str) -> bool {
    number.is_some_and(|n| {
        n == section
            || n.starts_with(&format!("{section}."))
            || n.starts_with(&format!("{section} "))
    })
}

#[derive(Default, Clone, Copy)]
struct Score {
    recall: f64,
    ndcg: f64,
    precision: f64,
}

/// Scores a ranked list; `matches(hit, item)` says whether a hit satisfies an expected item.
fn score<H>(
    hits: &[H],
    items: &[(String, String)],
    matches: impl Fn(&H, &(String, String)) -> bool,
) -> Score {
    let mut found = vec![false; items.len()];
    let (mut dcg, mut relevant) = (0.0, 0);
    for (rank, h) in hits.iter().take(K).enumerate() {
        let any = items.iter().any(|i| matches(h, i));
        relevant += usize::from(any);
        if let Some(j) = (0..items.len()).find(|&j| !found[j] && matches(h, &items[j])) {
            found[j] = true;
            dcg += 1.0 / ((rank + 2) as f64).log2();
        }
    }
    let ideal: f64 = (0..items.len().min(K))
        .map(|r| 1.0 / ((r + 2) as f64).log2())
        .sum();
    Score {
        recall: found.iter().filter(|f| **f).count() as f64 / items.len().max(1) as f64,
        ndcg: if ideal > 0.0 { dcg / ideal } else { 0.0 },
        precision: relevant as f64 / K as f64,
    }
}

fn doc_items(items: &[(String, String)]) -> Vec<(String, String)> {
    let mut seen = HashSet::new();
    items
        .iter()
        .filter(|(d, _)| seen.insert(d.clone()))
        .map(|(d, _)| (d.clone(), String::new()))
        .collect()
}

fn mean(v: &[Score]) -> Score {
    let n = v.len().max(1) as f64;
    Score {
        recall: v.iter().map(|s| s.recall).sum::<f64>() / n,
        ndcg: v.iter().map(|s| s.ndcg).sum::<f64>() / n,
        precision: v.iter().map(|s| s.precision).sum::<f64>() / n,
    }
}

fn ours(idx: &SearchIndex, c: &Case, level: Level, opts: &SearchOptions) -> Score {
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
        Level::Clause => score(&r.hits, &c.items, |h, (d, s)| {
            h.document_id == *d
                && section_matches(h.clause.as_ref().and_then(|c| c.number.as_deref()), s)
        }),
        Level::Document => score(&r.hits, &doc_items(&c.items), |h, (d, _)| {
            h.document_id == *d
        }),
    }
}

/// The plain baseline's index: one entry per document, one stemmed + ASCII-folded field.
fn plain_index(docs: &[(String, String, String)]) -> (Index, QueryParser) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let body = b.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(index::analysis::PLAIN),
        ),
    );
    let idx = Index::create_in_ram(b.build());
    index::analysis::register(&idx);
    let mut w: IndexWriter = idx.writer_with_num_threads(1, 20_000_000).unwrap();
    for (doc_id, title, text) in docs {
        let mut d = TantivyDocument::default();
        d.add_text(id, doc_id);
        d.add_text(body, format!("{title}\n{text}"));
        w.add_document(d).unwrap();
    }
    w.commit().unwrap();
    let mut qp = QueryParser::for_index(&idx, vec![body]);
    qp.set_conjunction_by_default();
    (idx, qp)
}

fn plain(idx: &Index, qp: &QueryParser, c: &Case) -> Score {
    // The stock parser knows neither our fields nor * on single words nor ~ on words: give it the words.
    let q = c.q.replace("overskrift:", "").replace(['*', '~'], "");
    let (query, _errors) = qp.parse_query_lenient(&q);
    let searcher = idx.reader().unwrap().searcher();
    let top = searcher
        .search(&query, &TopDocs::with_limit(K).order_by_score())
        .unwrap();
    let id = idx.schema().get_field("id").unwrap();
    let ids: Vec<String> = top
        .iter()
        .map(|(_, a)| {
            let d: TantivyDocument = searcher.doc(*a).unwrap();
            d.get_first(id)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        })
        .collect();
    score(&ids, &doc_items(&c.items), |h, (d, _)| h == d)
}

#[test]
fn relevance_recall_and_ndcg() {
    let docs = corpus();
    assert!(docs.len() >= 12, "corpus not found at {CORPUS}");
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    for (id, title, text) in &docs {
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
    let (pidx, qp) = plain_index(&docs);
    let cases = cases();
    assert!(cases.len() >= 40);
    // RELEVANCE_DEBUG="query" prints that query's hits (for finding why a query misses).
    if let Ok(q) = std::env::var("RELEVANCE_DEBUG") {
        let r = idx
            .search(&SearchRequest {
                q,
                limit: K,
                ..Default::default()
            })
            .unwrap();
        for h in &r.hits {
            let c = h.clause.as_ref().unwrap();
            println!(
                "{:.3} {} {:?} {:?} {}",
                h.score, h.document_id, c.number, c.heading, h.snippet
            );
        }
    }
    let on = SearchOptions::default();
    let off = SearchOptions {
        compounds: false,
        ..on
    };
    let no_synonyms = SearchOptions {
        synonyms: false,
        ..on
    };
    let literal = SearchOptions {
        correct: false,
        decompound: false,
        synonyms: false,
        relax: false,
        ..on
    };
    let mut rows: Vec<[Score; 7]> = Vec::new();
    for c in &cases {
        let row = [
            ours(&idx, c, Level::Clause, &on),
            ours(&idx, c, Level::Clause, &off),
            ours(&idx, c, Level::Document, &on),
            plain(&pidx, &qp, c),
            ours(&idx, c, Level::Document, &off),
            ours(&idx, c, Level::Clause, &no_synonyms),
            ours(&idx, c, Level::Clause, &literal),
        ];
        if row[0].recall < 1.0 {
            println!("miss  recall {:.2}  [{}] {}", row[0].recall, c.class, c.q);
        }
        rows.push(row);
    }
    let col = |i: usize| mean(&rows.iter().map(|r| r[i]).collect::<Vec<_>>());
    let labels = [
        "ours, clause level",
        "ours, clause level, no compounds",
        "ours, document level",
        "plain (Snowball+ASCII folding), document level",
        "ours, document level, no compounds",
        "ours, clause level, no synonyms",
        "ours, clause level, as typed (no correction, parts, synonyms, relaxing)",
    ];
    println!(
        "\n{} queries, {} documents; mean over queries",
        cases.len(),
        docs.len()
    );
    println!("{:72} recall@10  nDCG@10  precision@10", "");
    for (i, l) in labels.iter().enumerate() {
        let s = col(i);
        println!(
            "{l:72} {:9.3} {:8.3} {:13.3}",
            s.recall, s.ndcg, s.precision
        );
    }
    let per_class = per_class(&cases, &rows);
    let (clause, doc, plain) = (col(0), col(2), col(3));
    // Thresholds, justified: measured on the original set (2026-11, before the classes) ours gave clause
    // recall@10 0.949 / nDCG@10 0.89; with the classes (2026-12) 0.973 / 0.916, document level 0.992 / 0.968,
    // plain 0.564 / 0.512 (it has no answer to typos, synonyms or compounds). Then:
    // (0.90 before compound matches became constant-score for speed), document level 0.976 / 0.95, plain
    // 0.863 / 0.774. Ties among constant-score (fuzzy, prefix, compound) matches fall by index address,
    // which depends on how indexing threads split the documents, so a run may differ by a query or two. The floors sit about five points under ours so a
    // regression fails while small re-rankings of the clause order do not; the document level must also stay
    // clearly above the plain baseline, which is the point of this design.
    assert!(
        clause.recall >= 0.90,
        "clause recall@10 {:.3}",
        clause.recall
    );
    assert!(clause.ndcg >= 0.85, "clause nDCG@10 {:.3}", clause.ndcg);
    assert!(
        doc.recall >= 0.93 && doc.ndcg >= 0.90,
        "document recall@10 {:.3} nDCG@10 {:.3}",
        doc.recall,
        doc.ndcg
    );
    assert!(
        doc.ndcg >= plain.ndcg + 0.1,
        "document nDCG@10 {:.3} vs plain {:.3}",
        doc.ndcg,
        plain.ndcg
    );
    // Per class: every class of the set must be measured, and stay above its floor (see CLASS_FLOORS).
    for (class, recall, ndcg) in CLASS_FLOORS {
        let (r, n) = per_class
            .iter()
            .find(|(c, _, _)| c == class)
            .map(|(_, s, _)| (s.recall, s.ndcg))
            .unwrap_or_else(|| panic!("no queries of class {class}"));
        assert!(
            r >= *recall && n >= *ndcg,
            "{class}: clause recall@10 {r:.3} (floor {recall}), nDCG@10 {n:.3} (floor {ndcg})"
        );
    }
}

/// Floors per class (clause recall@10, nDCG@10), a little under what was measured (see the README's
/// table) so that a regression fails and a re-ranking of ties does not.
const CLASS_FLOORS: &[(&str, f64, f64)] = &[
    // Measured 2026-12 (clause recall@10 / nDCG@10): base 0.97/0.91, compound 0.89/0.89, typo 1.00/0.90,
    // synonym 1.00/0.91, multi 0.95/0.89, folded 0.94/0.94, phrase 1.00/0.95, inflection 1.00/0.97,
    // exact 1.00/0.95. A class of 7–12 queries moves by 0.1 per query, so the floors sit one query under.
    ("base", 0.92, 0.86),
    ("compound", 0.75, 0.75),
    ("typo", 0.90, 0.80),
    ("synonym", 0.90, 0.80),
    ("multi", 0.85, 0.80),
    ("folded", 0.85, 0.85),
    ("phrase", 0.90, 0.85),
    ("inflection", 0.90, 0.85),
    ("exact", 0.90, 0.85),
];

/// Prints recall@10 / nDCG@10 per class for ours (clause and document level), ours without synonyms,
/// ours as typed, and the plain baseline; returns (class, ours at clause level, plain).
fn per_class(cases: &[Case], rows: &[[Score; 7]]) -> Vec<(String, Score, Score)> {
    let mut classes: Vec<String> = Vec::new();
    for c in cases {
        if !classes.contains(&c.class) {
            classes.push(c.class.clone());
        }
    }
    println!(
        "\nper class: recall@10 / nDCG@10     n  {:>13} {:>13} {:>13} {:>13} {:>13}",
        "clause", "doc", "no synonyms", "as typed", "plain (doc)"
    );
    let mut out = Vec::new();
    for class in classes {
        let pick = |i: usize| {
            mean(
                &cases
                    .iter()
                    .zip(rows)
                    .filter(|(c, _)| c.class == class)
                    .map(|(_, r)| r[i])
                    .collect::<Vec<_>>(),
            )
        };
        let n = cases.iter().filter(|c| c.class == class).count();
        let cell = |s: Score| format!("{:.2} / {:.2}", s.recall, s.ndcg);
        println!(
            "  {class:30} {n:4}  {:>13} {:>13} {:>13} {:>13} {:>13}",
            cell(pick(0)),
            cell(pick(2)),
            cell(pick(5)),
            cell(pick(6)),
            cell(pick(3))
        );
        let (ours, plain) = (pick(0), pick(3));
        out.push((class, ours, plain));
    }
    out
}

//! Relevance on the Danish corpus: the queries of `tests/data/relevance.tsv` (by class: the original set,
//! compounds absent from the text, typos, synonyms, multi-concept, folded, phrases, inflections, exact words)
//! against the ground-truth texts (one text per source), scored by recall@10 and nDCG@10 with graded
//! gains (each judged clause counted once, by its first hit).
//!
//! Printed beside ours: the same at document level, ours without compound heads (with precision@10, so the
//! cost of decompounding is visible as well as its gain), ours without synonyms, ours as typed, and a plain
//! baseline (`relevance/baseline.rs`: Snowball Danish + ASCII folding, BM25, tantivy's stock query parser,
//! what Paperless-ngx-like systems do) at clause and document level. Run with `-- --nocapture` to see the
//! tables and the queries that miss. Asserted: no query of the set without hits, and floors overall and
//! per class.

use index::{Level, SearchOptions, SearchRequest};

#[path = "relevance/baseline.rs"]
mod baseline;
#[path = "relevance/set.rs"]
mod set;

use set::{
    CORPUS, Case, K, Score, cases, corpus, doc_items, index_corpus, mean, ours, score,
    section_matches,
};

fn plain(b: &baseline::Baseline, c: &Case, level: Level) -> Score {
    match level {
        Level::Clause => score(&b.clauses(&c.q, K), &c.items, |(d, n), i| {
            *d == i.doc && section_matches(Some(n), &i.section)
        }),
        Level::Document => score(&b.documents(&c.q, K), &doc_items(&c.items), |d, i| {
            *d == i.doc
        }),
    }
}

/// The modes every query runs in; `rows[q][mode]` in the test.
const MODES: [&str; 8] = [
    "ours, clause level",
    "ours, clause level, no compounds",
    "ours, document level",
    "plain (Snowball+ASCII folding), document level",
    "ours, document level, no compounds",
    "ours, clause level, no synonyms",
    "ours, clause level, as typed (no correction, parts, synonyms, relaxing)",
    "plain (Snowball+ASCII folding), clause level",
];

#[test]
fn relevance_recall_and_ndcg() {
    let docs = corpus();
    assert!(docs.len() >= 12, "corpus not found at {CORPUS}");
    let idx = index_corpus(&docs);
    let base = baseline::Baseline::new(&docs);
    let cases = cases();
    assert!(cases.len() >= 150, "{} queries", cases.len());
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
    let mut rows: Vec<[Score; 8]> = Vec::new();
    for c in &cases {
        let row = [
            ours(&idx, c, Level::Clause, &on),
            ours(&idx, c, Level::Clause, &off),
            ours(&idx, c, Level::Document, &on),
            plain(&base, c, Level::Document),
            ours(&idx, c, Level::Document, &off),
            ours(&idx, c, Level::Clause, &no_synonyms),
            ours(&idx, c, Level::Clause, &literal),
            plain(&base, c, Level::Clause),
        ];
        if row[0].recall < 1.0 {
            println!("miss  recall {:.2}  [{}] {}", row[0].recall, c.class, c.q);
        }
        rows.push(row);
    }
    let col = |i: usize| mean(&rows.iter().map(|r| r[i]).collect::<Vec<_>>());
    println!(
        "\n{} queries, {} documents; mean over queries; nDCG with graded gains (answer 3, relevant 1)",
        cases.len(),
        docs.len()
    );
    println!("{:72} recall@10  nDCG@10  precision@10  answered", "");
    for (i, l) in MODES.iter().enumerate() {
        let s = col(i);
        println!(
            "{l:72} {:9.3} {:8.3} {:13.3} {:9.3}",
            s.recall, s.ndcg, s.precision, s.answered
        );
    }
    let per_class = per_class(&cases, &rows);
    // Every floor is checked and all failures reported together, so one run shows the whole picture.
    let mut failures = Vec::new();
    // No query without hits: the goal, held for every query of the set, not on average.
    let unanswered: Vec<&str> = cases
        .iter()
        .zip(&rows)
        .filter(|(_, r)| r[0].answered < 1.0)
        .map(|(c, _)| c.q.as_str())
        .collect();
    if !unanswered.is_empty() {
        failures.push(format!("queries without hits: {unanswered:?}"));
    }
    let (clause, doc, plain) = (col(0), col(2), col(3));
    let (recall, ndcg) = OVERALL_FLOORS;
    if clause.recall < recall || clause.ndcg < ndcg {
        failures.push(format!(
            "clause recall@10 {:.3} (floor {recall}), nDCG@10 {:.3} (floor {ndcg})",
            clause.recall, clause.ndcg
        ));
    }
    // The document level must stay clearly above the plain baseline, which is the point of this design.
    if doc.recall < 0.90 || doc.ndcg < 0.88 || doc.ndcg < plain.ndcg + 0.1 {
        failures.push(format!(
            "document recall@10 {:.3} nDCG@10 {:.3} (plain {:.3})",
            doc.recall, doc.ndcg, plain.ndcg
        ));
    }
    // Per class: every class of the set must be measured, and stay above its floor.
    for (class, recall, ndcg) in CLASS_FLOORS {
        let (r, n) = per_class
            .iter()
            .find(|(c, _)| c == class)
            .map(|(_, s)| (s.recall, s.ndcg))
            .unwrap_or_else(|| panic!("no queries of class {class}"));
        if r < *recall || n < *ndcg {
            failures.push(format!(
                "{class}: clause recall@10 {r:.3} (floor {recall}), nDCG@10 {n:.3} (floor {ndcg})"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Clause recall@10 and nDCG@10 over the whole set. Never below the goals (0.85 / 0.80).
/// Measured 2026-12-05 on 201 queries: 0.905 / 0.865.
const OVERALL_FLOORS: (f64, f64) = (0.88, 0.83);

/// Floors per class (clause recall@10, nDCG@10), a little under what was measured (see the README's
/// table) so that a regression fails and a re-ranking of ties does not; where a class meets the
/// issue's goals (0.85 / 0.80) its floor does not go below them.
const CLASS_FLOORS: &[(&str, f64, f64)] = &[
    // Measured 2026-12-05 (clause recall@10 / nDCG@10, graded): see the comment per class. A class of
    // 15–21 queries moves by about 0.05 per query, so floors sit about one query under; compound and
    // synonym do not meet the goals yet, their floors only guard against getting worse.
    ("base", 0.92, 0.86),       // 0.97 / 0.91
    ("compound", 0.70, 0.68),   // 0.76 / 0.74
    ("typo", 0.90, 0.85),       // 1.00 / 0.92
    ("synonym", 0.60, 0.55),    // 0.67 / 0.60
    ("multi", 0.88, 0.85),      // 0.93 / 0.91
    ("folded", 0.85, 0.85),     // 0.88 / 0.92
    ("phrase", 0.93, 0.90),     // 1.00 / 0.98
    ("inflection", 0.85, 0.75), // 0.85 / 0.80 (0.799): recall at the goal, so its floor is the goal
    ("exact", 0.94, 0.90),      // 1.00 / 0.98
];

/// Prints recall@10 / nDCG@10 per class for ours (clause and document level), ours without synonyms,
/// ours as typed, and the plain baseline at clause and document level; returns (class, ours at
/// clause level).
fn per_class(cases: &[Case], rows: &[[Score; 8]]) -> Vec<(String, Score)> {
    let mut classes: Vec<String> = Vec::new();
    for c in cases {
        if !classes.contains(&c.class) {
            classes.push(c.class.clone());
        }
    }
    let heads = [
        "clause",
        "doc",
        "no synonyms",
        "as typed",
        "plain clause",
        "plain doc",
    ];
    print!("\nper class: recall@10 / nDCG@10  n ");
    for h in heads {
        print!(" {h:>13}");
    }
    println!();
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
        print!("  {class:26} {n:4} ");
        for i in [0, 2, 5, 6, 7, 3] {
            let s = pick(i);
            print!(" {:>13}", format!("{:.3} / {:.3}", s.recall, s.ndcg));
        }
        println!();
        let ours = pick(0);
        out.push((class, ours));
    }
    out
}

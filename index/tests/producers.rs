//! Segmentation on producers the shared corpus lacks (WeasyPrint, wkhtmltopdf, MuPDF, and DOCX through
//! LibreOffice; narrow and wide pages; running headers and footers; justified, hyphenated text; four
//! heading levels; tables whose rows start with numbers; an addendum quoting clauses). The PDFs and their
//! ground truth are made by `producers/render.py` and committed (CI lacks those tools).
//!
//! Per rendering, against its ground truth (`NAME.txt`, and `NAME.heads`: the source's headings):
//! - numbered headings: precision and recall per producer (printed; floors asserted);
//! - (b) every numbered heading of the ground truth is the heading of its clause and of its sub-clauses;
//! - (c) no clause starts at a number the ground truth has inside a sentence or a quotation (»12.3 …«),
//!   nor at a table row;
//! - running headers and footers stay out of clause text, and stay in the page text;
//! - every word of the ground truth is found in the document (hyphenation joined, real hyphens kept).
//!
//! `cargo test -p index --test producers -- --nocapture` prints the table.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use index::extract::{Limits, extract};
use index::{Clause, DocFields, SearchIndex, SearchRequest, Writer, analysis};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/producers/pdf")
}

struct Doc {
    name: String,
    producer: String,
    /// Printed on every page by the producer (empty when it prints none).
    issuer: String,
    case: String,
    truth: String,
    /// (number, title) of the numbered headings of the source.
    heads: Vec<(String, String)>,
    pages: Vec<String>,
    clauses: Vec<Clause>,
}

/// "1.1.1 Ydelsernes afgrænsning" → ("1.1.1", "Ydelsernes afgrænsning").
fn numbered(h: &str) -> Option<(String, String)> {
    let (n, t) = h.split_once(' ')?;
    let n = n.trim_end_matches('.');
    (!n.is_empty()
        && n.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
    .then(|| (n.to_string(), t.trim().to_string()))
}

fn norm(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn load(
    name: &str,
    pdf: &Path,
    producer: &str,
    running: (&str, &str),
    truth: String,
    heads: &str,
) -> Doc {
    let bytes = std::fs::read(pdf).unwrap();
    let pages: Vec<String> = extract(&bytes, &Limits::default())
        .pages
        .into_iter()
        .map(|p| p.text)
        .collect();
    Doc {
        name: name.to_string(),
        producer: producer.to_string(),
        issuer: running.0.to_string(),
        case: running.1.to_string(),
        truth,
        heads: heads.lines().filter_map(numbered).collect(),
        clauses: index::segment::segment(&pages),
        pages,
    }
}

/// The renderings made here, then the shared corpus' Danish PDFs with a text layer on every page
/// (their headings are the `#` / `##` lines of `corpus/src/ID.src`; the concatenated
/// `big_kontraktsamling` repeats its sources and is left out).
fn docs() -> Vec<Doc> {
    let manifest = std::fs::read_to_string(dir().join("manifest.tsv")).expect("manifest.tsv");
    let mut out: Vec<Doc> = manifest
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let read = |ext: &str| std::fs::read_to_string(dir().join(format!("{}.{ext}", c[0])));
            let heads: String = read("heads")
                .unwrap()
                .lines()
                .filter_map(|l| Some(format!("{}\n", l.split_once('\t')?.1)))
                .collect();
            let running = (*c.get(3).unwrap_or(&""), *c.get(4).unwrap_or(&""));
            let pdf = dir().join(format!("{}.pdf", c[0]));
            load(c[0], &pdf, c[1], running, read("txt").unwrap(), &heads)
        })
        .collect();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let mut names: Vec<String> = std::fs::read_dir(corpus.join("danish"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".pdf") && !n.contains("scan") && !n.starts_with("big_"))
        .collect();
    names.sort();
    for n in names {
        let stem = n.trim_end_matches(".pdf");
        let Some((id, producer)) = stem.split_once("__") else {
            continue;
        };
        let src = std::fs::read_to_string(corpus.join(format!("src/{id}.src"))).unwrap();
        let heads: String = src
            .lines()
            .filter_map(|l| l.strip_prefix("## ").or_else(|| l.strip_prefix("# ")))
            .map(|h| format!("{h}\n"))
            .collect();
        let truth = std::fs::read_to_string(corpus.join(format!("danish/{stem}.txt"))).unwrap();
        let pdf = corpus.join("danish").join(&n);
        out.push(load(
            stem,
            &pdf,
            &format!("corpus {producer}"),
            ("", ""),
            truth,
            &heads,
        ));
    }
    out
}

/// (true positives, produced, expected) of numbered headings, number and title compared.
fn heading_score(d: &Doc) -> (usize, usize, usize, Vec<String>) {
    let want: HashSet<(String, String)> =
        d.heads.iter().map(|(n, t)| (n.clone(), norm(t))).collect();
    let mut got = 0;
    let mut tp = 0;
    let mut wrong = Vec::new();
    let mut seen = HashSet::new();
    for (n, t, _) in index::segment::headings(&d.pages) {
        let Some(n) = n.filter(|n| n.starts_with(|c: char| c.is_ascii_digit())) else {
            continue;
        };
        got += 1;
        let key = (n.clone(), norm(&t.unwrap_or_default()));
        if want.contains(&key) && seen.insert(key.clone()) {
            tp += 1;
        } else {
            wrong.push(format!("{} {}", key.0, key.1));
        }
    }
    (tp, got, want.len(), wrong)
}

#[test]
fn numbered_headings_per_producer() {
    let docs = docs();
    assert!(
        docs.len() >= 30,
        "renderings not found in {}",
        dir().display()
    );
    let mut per: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    println!("\ndocument                                          produced/expected  correct");
    for d in &docs {
        let (tp, got, exp, wrong) = heading_score(d);
        println!("  {:50} {got:3}/{exp:3}  {tp:3}", d.name);
        for w in wrong.iter().take(5) {
            println!("      not a true heading: {w}");
        }
        let e = per.entry(d.producer.clone()).or_default();
        *e = (e.0 + tp, e.1 + got, e.2 + exp);
    }
    println!("\nproducer        precision  recall  (correct / produced / expected)");
    let mut worst: (f64, f64) = (1.0, 1.0);
    for (p, (tp, got, exp)) in &per {
        let pr = *tp as f64 / (*got).max(1) as f64;
        let rc = *tp as f64 / (*exp).max(1) as f64;
        println!("  {p:14} {pr:9.3} {rc:7.3}  ({tp} / {got} / {exp})");
        worst = (worst.0.min(pr), worst.1.min(rc));
    }
    // Measured 1.000 / 1.000 on every producer (2026-12); floors a little under, per producer.
    assert!(
        worst.0 >= 0.97 && worst.1 >= 0.97,
        "worst producer precision {:.3} recall {:.3}",
        worst.0,
        worst.1
    );
}

/// (b): a numbered heading N of the ground truth is the heading of clause N and of clauses N.x.
#[test]
fn headings_reach_their_clauses() {
    let mut missing = Vec::new();
    let mut total = 0;
    for d in docs() {
        for (n, t) in &d.heads {
            total += 1;
            let t = norm(t);
            let mine: Vec<&Clause> = d
                .clauses
                .iter()
                .filter(|c| {
                    c.number
                        .as_deref()
                        .is_some_and(|c| c == n || c.starts_with(&format!("{n}.")))
                })
                .collect();
            let ok = !mine.is_empty()
                && mine
                    .iter()
                    .all(|c| c.heading.as_deref().is_some_and(|h| norm(h).contains(&t)));
            if !ok {
                let got: Vec<_> = mine
                    .iter()
                    .map(|c| (c.number.clone(), c.heading.clone()))
                    .collect();
                missing.push(format!("{}: {n} {t}: {got:?}", d.name));
            }
        }
    }
    for m in missing.iter().take(40) {
        println!("  {m}");
    }
    println!("{} of {total} headings not on their clauses", missing.len());
    assert!(
        missing.is_empty(),
        "{} headings lost, e.g. {:?}",
        missing.len(),
        missing.first()
    );
}

/// (c): every clause number is one the ground truth starts a block with (a heading or a numbered
/// paragraph); a number quoted inside a clause (»12.3 …«, "punkt 12.3") or a table row's first cell
/// starts none, and so cannot swallow the sections after it.
#[test]
fn clauses_start_only_at_true_numbers() {
    let mut bad = Vec::new();
    for d in docs() {
        let starts: HashSet<String> = d
            .truth
            .lines()
            .filter(|l| !l.contains('\t'))
            .filter_map(|l| numbered(l).map(|(n, _)| n))
            .collect();
        for c in &d.clauses {
            let Some(n) = c.number.as_deref() else {
                continue;
            };
            if n.starts_with(|c: char| c.is_ascii_digit()) && !starts.contains(n) {
                bad.push(format!(
                    "{}: {n} {:?}",
                    d.name,
                    c.text.chars().take(60).collect::<String>()
                ));
            }
        }
    }
    for b in bad.iter().take(40) {
        println!("  {b}");
    }
    assert!(
        bad.is_empty(),
        "{} clauses at false numbers, e.g. {:?}",
        bad.len(),
        bad.first()
    );
}

fn count(hay: &str, needle: &str) -> usize {
    if needle.is_empty() {
        0
    } else {
        hay.matches(needle).count()
    }
}

/// Running headers and footers ("Side 3 af 7", the issuer, the case number) are in the page text but
/// in no clause more often than the document itself says them.
#[test]
fn running_headers_stay_out_of_clauses() {
    let side = |s: &str| {
        let w: Vec<&str> = s.split_whitespace().collect();
        w.windows(4)
            .filter(|w| w[0] == "Side" && w[2] == "af" && w[1].parse::<u32>().is_ok())
            .count()
    };
    let mut bad = Vec::new();
    let mut printed = 0;
    for d in docs() {
        if d.issuer.is_empty() {
            continue;
        }
        printed += 1;
        let page_text = d.pages.join("\n");
        let clause_text: String = d.clauses.iter().map(|c| format!("{}\n", c.text)).collect();
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let (pt, ct, tt) = (flat(&page_text), flat(&clause_text), flat(&d.truth));
        assert!(
            side(&pt) >= d.pages.len().saturating_sub(1),
            "{}: page text lost its footers",
            d.name
        );
        if side(&ct) > 0 {
            bad.push(format!("{}: {} page footers in clauses", d.name, side(&ct)));
        }
        // One page: nothing repeats, so nothing tells a header from the text (page numbers aside).
        let repeated = if d.pages.len() > 1 {
            vec![&d.issuer, &d.case]
        } else {
            vec![]
        };
        for h in repeated {
            if count(&ct, h) > count(&tt, h) {
                bad.push(format!(
                    "{}: {h:?} {} times in clauses, {} in the text",
                    d.name,
                    count(&ct, h),
                    count(&tt, h)
                ));
            }
        }
    }
    assert!(printed >= 10);
    for b in &bad {
        println!("  {b}");
    }
    assert!(bad.is_empty(), "{bad:?}");
}

fn index_of(d: &Doc) -> SearchIndex {
    let idx = SearchIndex::in_memory().unwrap();
    let mut w: Writer = idx.writer().unwrap();
    let fields = DocFields {
        id: "d".into(),
        title: "T".into(),
        kind: "contract".into(),
        ..Default::default()
    };
    w.upsert(&fields, &d.pages).unwrap();
    w.commit(1).unwrap();
    idx
}

fn hits(idx: &SearchIndex, q: &str) -> usize {
    idx.search(&SearchRequest {
        q: q.into(),
        limit: 1,
        ..Default::default()
    })
    .unwrap()
    .total
}

/// Every word of the ground truth is found by an exact search in its document: words the producer
/// hyphenated at a line end are joined again, real hyphens (`e-mail`, `KSP-LOGSTA`) kept.
#[test]
fn ground_truth_words_are_found() {
    let mut lower = analysis::lower_analyzer();
    let (mut words, mut lost) = (0usize, Vec::new());
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for d in docs() {
        let idx = index_of(&d);
        let vocab: HashSet<String> = analysis::terms(&mut lower, &analysis::normalize(&d.truth))
            .into_iter()
            .collect();
        let e = per.entry(d.producer.clone()).or_default();
        for word in vocab {
            words += 1;
            e.0 += 1;
            if hits(&idx, &format!("={word}")) == 0 {
                e.1 += 1;
                lost.push(format!("{}: {word}", d.name));
            }
        }
        let body: String = d
            .clauses
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for real in ["e-mail", "KSP-LOGSTA"] {
            if d.truth.contains(real) {
                assert!(body.contains(real), "{}: {real} lost its hyphen", d.name);
            }
        }
    }
    println!("\nproducer        words  lost");
    for (p, (w, l)) in &per {
        println!("  {p:14} {w:6} {l:5}");
    }
    for l in lost.iter().take(60) {
        println!("  lost {l}");
    }
    let share = 1.0 - lost.len() as f64 / words.max(1) as f64;
    println!("{words} words, {} lost, {share:.4} found", lost.len());
    assert!(share >= 0.995, "{share:.4} of ground-truth words found");
}

/// `Windows11` in the text is found by `windows 11`, and `Windows 11` by `windows11`.
#[test]
fn letter_digit_boundaries_both_ways() {
    let d = docs()
        .into_iter()
        .find(|d| d.truth.contains("Windows11"))
        .expect("a text with Windows11");
    assert!(
        hits(&index_of(&d), "windows 11") > 0,
        "windows 11 does not find Windows11"
    );
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    let fields = DocFields {
        id: "w".into(),
        title: "T".into(),
        kind: "contract".into(),
        ..Default::default()
    };
    w.upsert(
        &fields,
        &["1. Platform\nKlienten kører på Windows 11 og nyere.".to_string()],
    )
    .unwrap();
    w.commit(1).unwrap();
    drop(w);
    assert!(
        hits(&idx, "windows11") > 0,
        "windows11 does not find Windows 11"
    );
}

/// What a user sees: searching the words of clauses that run over a page break gives snippets with
/// no page footer and no header line the text itself does not have.
#[test]
fn snippets_carry_no_running_header() {
    let mut checked = 0;
    for d in docs()
        .into_iter()
        .filter(|d| !d.issuer.is_empty() && d.pages.len() > 1)
    {
        let idx = index_of(&d);
        for c in d.clauses.iter().filter(|c| c.page_to > c.page_from) {
            let mut words: Vec<&str> = c
                .text
                .split(|ch: char| !ch.is_alphabetic())
                .filter(|w| w.chars().count() >= 6)
                .collect();
            words.sort_by_key(|w| std::cmp::Reverse(w.len()));
            let q = words
                .iter()
                .take(2)
                .map(|w| format!("={w}"))
                .collect::<Vec<_>>()
                .join(" ");
            if q.is_empty() {
                continue;
            }
            let r = idx
                .search(&SearchRequest {
                    q,
                    limit: 10,
                    ..Default::default()
                })
                .unwrap();
            for h in r.hits {
                checked += 1;
                let flat = h.snippet.replace("<mark>", "").replace("</mark>", "");
                let w: Vec<&str> = flat.split_whitespace().collect();
                let footer = w
                    .windows(3)
                    .any(|w| w[0] == "Side" && w[2] == "af" && w[1].parse::<u32>().is_ok());
                assert!(!footer, "{}: footer in snippet {flat:?}", d.name);
                if !d.truth.contains(&d.case) {
                    assert!(
                        !flat.contains(&d.case),
                        "{}: case number in snippet {flat:?}",
                        d.name
                    );
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} snippets checked");
}

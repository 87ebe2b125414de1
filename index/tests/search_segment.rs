//! Segmentation measured on the Danish corpus: the headings marked in `corpus/src/*.src` (`#`, `##`)
//! against the headings found in the ground-truth text (`corpus/danish/*.txt`), and, when `pdftotext`
//! is installed, in real extracted text whose paragraphs wrap over lines (printed, not asserted: CI may
//! lack poppler).
//!
//! Run with `cargo test -p index --test search_segment -- --nocapture` to see the table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");

fn norm(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn expected(src: &Path) -> Vec<String> {
    std::fs::read_to_string(src)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("## ").or_else(|| l.strip_prefix("# ")))
        .map(norm)
        .collect()
}

fn found(pages: &[String]) -> Vec<String> {
    index::segment::headings(pages)
        .into_iter()
        .map(|(n, t, _)| {
            norm(&format!(
                "{} {}",
                n.unwrap_or_default(),
                t.unwrap_or_default()
            ))
        })
        .collect()
}

/// (true positives, found, expected): multiset matching.
fn score(exp: &[String], got: &[String]) -> (usize, usize, usize) {
    let mut pool: HashMap<&str, usize> = HashMap::new();
    for e in exp {
        *pool.entry(e.as_str()).or_default() += 1;
    }
    let mut tp = 0;
    for g in got {
        if let Some(n) = pool.get_mut(g.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            tp += 1;
        }
    }
    (tp, got.len(), exp.len())
}

fn sources() -> Vec<(String, PathBuf)> {
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(Path::new(CORPUS).join("src"))
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            let stem = p.file_stem()?.to_string_lossy().to_string();
            (p.extension()? == "src").then_some((stem, p))
        })
        .collect();
    v.sort();
    v
}

/// The first ground truth / PDF rendered from source `id`.
fn rendered(id: &str, ext: &str) -> Option<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(CORPUS).join("danish"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            name.starts_with(&format!("{id}__")) && name.ends_with(ext) && !name.contains("scan")
        })
        .collect();
    v.sort();
    v.into_iter().next()
}

fn report(label: &str, rows: &[(String, (usize, usize, usize))]) -> (f64, f64) {
    let (tp, got, exp) = rows
        .iter()
        .fold((0, 0, 0), |a, (_, s)| (a.0 + s.0, a.1 + s.1, a.2 + s.2));
    println!("\n{label}: document  found/expected  correct");
    for (id, (t, g, e)) in rows {
        println!("  {id:40} {g:3}/{e:3}  {t:3}");
    }
    let p = tp as f64 / got.max(1) as f64;
    let r = tp as f64 / exp.max(1) as f64;
    println!(
        "  micro precision {p:.3}  recall {r:.3}  ({tp} correct, {got} found, {exp} expected)"
    );
    (p, r)
}

#[test]
fn headings_on_ground_truth() {
    let mut rows = Vec::new();
    for (id, src) in sources() {
        let Some(txt) = rendered(&id, ".txt") else {
            continue;
        };
        let text = std::fs::read_to_string(txt).unwrap();
        let pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
        rows.push((id, score(&expected(&src), &found(&pages))));
    }
    assert!(rows.len() >= 12, "corpus not found at {CORPUS}");
    let (p, r) = report("ground truth .txt", &rows);
    // Measured 2026-11: precision 0.979, recall 0.986 (138 of 140 headings; the two misses are unnumbered
    // "Parter" after a line without final punctuation). Floors a little under that, so a regression fails.
    assert!(p >= 0.95 && r >= 0.97, "precision {p:.3} recall {r:.3}");
}

#[test]
fn headings_on_pdftotext_output() {
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("pdftotext not installed: skipped");
        return;
    }
    let mut rows = Vec::new();
    for (id, src) in sources() {
        let Some(pdf) = rendered(&id, ".pdf") else {
            continue;
        };
        let out = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
        rows.push((id, score(&expected(&src), &found(&pages))));
    }
    report("pdftotext output (wrapped lines)", &rows);
}

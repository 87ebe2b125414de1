//! Extraction over the shared corpus: word F1 against the Danish ground truth (as
//! `shared/tools/textscore.py` computes it: NFC, whitespace folding, bags of words), and a status
//! for every file without a panic.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use index::extract::{ExtractStatus, Limits, extract};
use unicode_normalization::UnicodeNormalization;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

struct Row {
    file: String,
    producer_tag: String,
    text_layer: String,
    truth: Option<String>,
}

fn manifest() -> Vec<Row> {
    let path = corpus().join("manifest.tsv");
    let tsv = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    tsv.lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let file = (*c.first()?).to_string();
            let producer_tag = file
                .rsplit("__")
                .next()?
                .trim_end_matches(".pdf")
                .to_string();
            Some(Row {
                producer_tag,
                text_layer: c.get(5)?.to_string(),
                truth: c.get(6).filter(|s| !s.is_empty()).map(|s| s.to_string()),
                file,
            })
        })
        .collect()
}

/// Word F1 as textscore.py: NFC, split on whitespace, multiset intersection.
fn word_f1(expected: &str, actual: &str) -> f64 {
    let bag = |s: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        let n: String = s.nfc().collect();
        for w in n.split_whitespace() {
            *m.entry(w.to_string()).or_default() += 1;
        }
        m
    };
    let (e, a) = (bag(expected), bag(actual));
    let (ne, na): (usize, usize) = (e.values().sum(), a.values().sum());
    if ne == 0 && na == 0 {
        return 1.0;
    }
    let matched: usize = e
        .iter()
        .map(|(w, &c)| c.min(a.get(w).copied().unwrap_or(0)))
        .sum();
    let p = if na > 0 {
        matched as f64 / na as f64
    } else {
        0.0
    };
    let r = if ne > 0 {
        matched as f64 / ne as f64
    } else {
        0.0
    };
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[test]
fn word_f1_matches_textscore() {
    assert_eq!(word_f1("a b b c", "a b b c"), 1.0);
    let f = word_f1("a b c d", "a b x");
    assert!((f - 2.0 * (2.0 / 3.0) * 0.5 / (2.0 / 3.0 + 0.5)).abs() < 1e-9);
}

#[test]
fn danish_corpus_word_f1() {
    let mut scores = Vec::new();
    let mut report = String::new();
    for row in manifest().iter().filter(|r| r.file.starts_with("danish/")) {
        let bytes = std::fs::read(corpus().join(&row.file)).expect("pdf");
        let x = extract(&bytes, &Limits::default());
        let text: Vec<&str> = x.pages.iter().map(|p| p.text.as_str()).collect();
        let text = text.join("\n");
        match (row.producer_tag.as_str(), row.text_layer.as_str()) {
            // Image only: nothing to find, and it must say so.
            ("scan", _) | (_, "no") => {
                assert_eq!(x.status, ExtractStatus::NoText, "{}", row.file);
                continue;
            }
            // A scanned last page: the text layer is read, the image page is reported.
            (_, "partial") => {
                assert_eq!(x.status, ExtractStatus::Partial, "{}", row.file);
                continue;
            }
            _ => {}
        }
        assert!(
            matches!(x.status, ExtractStatus::Ok),
            "{}: {:?} {:?}",
            row.file,
            x.status,
            x.reason
        );
        let truth =
            std::fs::read_to_string(corpus().join(row.truth.as_deref().expect("ground truth")))
                .expect("txt");
        let f1 = word_f1(&truth, &text);
        report.push_str(&format!("{:.4} {}\n", f1, row.file));
        scores.push(f1);
    }
    assert!(scores.len() >= 20, "too few scored files: {}", scores.len());
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let worst = scores.iter().copied().fold(1.0, f64::min);
    eprintln!(
        "{report}mean {mean:.4} worst {worst:.4} over {} files",
        scores.len()
    );
    assert!(mean >= 0.997, "mean word F1 {mean:.4} < 0.997\n{report}");
    assert!(worst >= 0.985, "worst word F1 {worst:.4} < 0.985\n{report}");
}

#[test]
fn every_corpus_file_gets_a_status() {
    let rows = manifest();
    assert!(rows.len() >= 100, "manifest lists {} files", rows.len());
    let mut counts: HashMap<String, usize> = HashMap::new();
    for row in &rows {
        let bytes = std::fs::read(corpus().join(&row.file)).expect("pdf");
        let x = extract(&bytes, &Limits::default());
        *counts.entry(format!("{:?}", x.status)).or_default() += 1;
        if matches!(x.status, ExtractStatus::Ok | ExtractStatus::Partial) {
            assert!(
                x.pages.iter().any(|p| p.chars > 0),
                "{}: success without text",
                row.file
            );
        }
        if x.status != ExtractStatus::Ok {
            assert!(
                x.reason.is_some(),
                "{}: {:?} without a reason",
                row.file,
                x.status
            );
        }
        // pdftotext reads every page of these: we must not report success with no text.
        if row.text_layer == "yes" {
            assert!(
                !matches!(x.status, ExtractStatus::NoText),
                "{}: text layer present but no_text ({:?})",
                row.file,
                x.reason
            );
        }
    }
    eprintln!("statuses: {counts:?}");
}

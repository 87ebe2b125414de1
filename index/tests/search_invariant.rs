//! No word is lost between extraction and the index: over every PDF of the shared corpus with a text
//! layer and every rendering of `tests/producers/pdf` (WeasyPrint, wkhtmltopdf, MuPDF, LibreOffice
//! from DOCX; see `tests/producers/render.py`), each word of the extracted text (as segmentation keeps it: running headers and footers are
//! no clause's text, see `segment::body_lines`) is found by an exact search (`=word`: no correction,
//! decompounding or synonyms) in an index holding that document alone.
//!
//! Run with `-- --nocapture` to see the counts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use index::extract::{Limits, extract};
use index::{DocFields, SearchIndex, SearchRequest, analysis};

fn pdfs() -> Vec<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut dirs = vec![
        here.join("../../shared/corpus"),
        here.join("tests/producers/pdf"),
    ];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_extracted_word_is_found_in_its_document() {
    let files = pdfs();
    assert!(files.len() >= 90, "corpus or renderings not found");
    let mut lower = analysis::lower_analyzer();
    let (mut docs, mut words, mut lost) = (0, 0, Vec::new());
    for pdf in &files {
        let bytes = std::fs::read(pdf).unwrap();
        let x = extract(&bytes, &Limits::default());
        let pages: Vec<String> = x.pages.into_iter().map(|p| p.text).collect();
        if pages.iter().all(|p| p.trim().is_empty()) {
            continue;
        }
        let body: String = index::segment::body_lines(&pages)
            .into_iter()
            .map(|(_, l)| l + "\n")
            .collect();
        let vocab: BTreeSet<String> = analysis::terms(&mut lower, &analysis::normalize(&body))
            .into_iter()
            .collect();
        let idx = SearchIndex::in_memory().unwrap();
        let mut w = idx.writer().unwrap();
        let fields = DocFields {
            id: "d".into(),
            title: "T".into(),
            kind: "contract".into(),
            ..Default::default()
        };
        w.upsert(&fields, &pages).unwrap();
        w.commit(1).unwrap();
        drop(w);
        docs += 1;
        for word in vocab {
            words += 1;
            let r = idx
                .search(&SearchRequest {
                    q: format!("={word}"),
                    limit: 1,
                    ..Default::default()
                })
                .unwrap_or_else(|e| panic!("{}: {word}: {e}", pdf.display()));
            if r.total == 0 {
                lost.push(format!("{}: {word}", pdf.display()));
            }
        }
    }
    println!(
        "{docs} documents, {words} distinct words per document, {} lost",
        lost.len()
    );
    for l in lost.iter().take(100) {
        println!("  lost {l}");
    }
    assert!(
        lost.is_empty(),
        "{} words not found, e.g. {:?}",
        lost.len(),
        lost.first()
    );
}

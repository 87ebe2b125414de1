//! Generates an N-page PDF (default 20,000) and times `extract` on it.
//!
//! `cargo run --release -p index --example extract_pages20k -- [PAGES] [OUT.pdf]`

use std::time::Instant;

use index::extract::{ExtractStatus, Limits, extract};
use lopdf::{Document, Object, Stream, dictionary};

fn build(pages: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let res = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids = Vec::with_capacity(pages);
    for n in 1..=pages {
        let content = format!(
            "BT /F1 11 Tf 72 770 Td 14 TL (Kontrakt om it-drift, side {n}) Tj T* \
             (Leverand\\370ren skal sikre drift, overv\\345gning og vedligeholdelse af l\\370nsystemet.) Tj T* \
             [(Kunden betaler et fast m\\345nedligt vederlag p\\345 318.400,00 kr.) -250 (ekskl. moms.)] TJ ET"
        );
        let mut s = Stream::new(dictionary! {}, content.into_bytes());
        let _ = s.compress();
        let c = doc.add_object(s);
        let p = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => c, "Resources" => res,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(Object::Reference(p));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", cat);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pages = args
        .first()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000usize);
    let bytes = build(pages);
    if let Some(out) = args.get(1) {
        std::fs::write(out, &bytes).expect("write");
    }
    let t0 = Instant::now();
    let x = extract(&bytes, &Limits::default());
    let dt = t0.elapsed();
    let chars: usize = x.pages.iter().map(|p| p.chars).sum();
    println!(
        "{pages} pages, {} bytes: status {:?}, {} pages extracted, {chars} chars, {:.3} s",
        bytes.len(),
        x.status,
        x.pages.len(),
        dt.as_secs_f64()
    );
    assert_eq!(x.status, ExtractStatus::Ok);
}

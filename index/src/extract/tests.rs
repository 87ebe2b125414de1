//! Unit tests on small PDFs built here with lopdf.

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

use super::{ExtractStatus, Extraction, Limits, extract};

/// A one-font document builder: each page is a content stream plus optional extra entries.
struct Pdf {
    doc: Document,
    pages_id: lopdf::ObjectId,
    kids: Vec<Object>,
    res: Dictionary,
}

impl Pdf {
    fn new() -> Pdf {
        Pdf::with_font(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        })
    }

    fn with_font(font: Dictionary) -> Pdf {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(font);
        let res = dictionary! { "Font" => dictionary! { "F1" => font_id } };
        Pdf {
            doc,
            pages_id,
            kids: vec![],
            res,
        }
    }

    fn add(&mut self, o: impl Into<Object>) -> lopdf::ObjectId {
        self.doc.add_object(o)
    }

    fn page(&mut self, content: &str, extra: Dictionary) -> lopdf::ObjectId {
        let c = self.add(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let mut d = dictionary! {
            "Type" => "Page", "Parent" => self.pages_id, "Contents" => c,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => self.res.clone(),
        };
        d.extend(&extra);
        let id = self.add(d);
        self.kids.push(id.into());
        id
    }

    fn bytes(mut self) -> Vec<u8> {
        let n = self.kids.len() as i64;
        let pages = dictionary! { "Type" => "Pages", "Kids" => self.kids.clone(), "Count" => n };
        self.doc
            .objects
            .insert(self.pages_id, Object::Dictionary(pages));
        let cat = self.add(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", cat);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("save");
        out
    }
}

fn run(bytes: &[u8]) -> Extraction {
    extract(bytes, &Limits::default())
}

fn one_page(content: &str) -> String {
    let mut p = Pdf::new();
    p.page(content, dictionary! {});
    let x = run(&p.bytes());
    assert_eq!(x.status, ExtractStatus::Ok, "{:?}", x.reason);
    x.pages[0].text.clone()
}

#[test]
fn positioned_words_kerning_and_moves() {
    let t = one_page(
        "BT /F1 12 Tf 72 700 Td [(Kon) -15 (trakt) -280 (om) ] TJ 0 -20 Td (drift) Tj 40 0 Td (og) Tj \
         -40 0 Td 14 TL T* (support) Tj ET",
    );
    assert_eq!(t, "Kontrakt om\ndrift og\nsupport");
}

#[test]
fn word_spacing_and_char_spacing() {
    // Ghostscript spaces words by character spacing instead of drawing a space.
    let t = one_page("BT /F1 10 Tf 72 700 Td (kr) Tj 3 Tc (.) Tj 0 Tc (ekskl.) Tj ET");
    assert_eq!(t, "kr. ekskl.");
}

#[test]
fn form_xobject_stamp_and_cycle() {
    let mut p = Pdf::new();
    let stamp_id = p.doc.new_object_id();
    let stamp = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 200.into(), 50.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 300.into(), 100.into()],
            "Resources" => dictionary! {
                "Font" => p.res.get(b"Font").expect("font").clone(),
                "XObject" => dictionary! { "Self" => stamp_id },
            },
        },
        b"BT /F1 10 Tf 0 10 Td (Godkendt af K\xf8benhavns Kommune) Tj ET /Self Do".to_vec(),
    );
    p.doc.objects.insert(stamp_id, Object::Stream(stamp));
    p.res.set("XObject", dictionary! { "Stamp" => stamp_id });
    p.page(
        "BT /F1 12 Tf 72 700 Td (Side et) Tj ET /Stamp Do",
        dictionary! {},
    );
    let x = run(&p.bytes());
    assert_eq!(x.status, ExtractStatus::Ok);
    assert_eq!(x.pages[0].text, "Side et\nGodkendt af Københavns Kommune");
}

#[test]
fn freetext_annotation_appearance() {
    let mut p = Pdf::new();
    let ap = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 100.into(), 20.into()],
            "Resources" => dictionary! { "Font" => p.res.get(b"Font").expect("font").clone() },
        },
        b"BT /F1 9 Tf 2 5 Td (Underskrevet) Tj ET".to_vec(),
    );
    let ap = p.add(ap);
    let annot = p.add(dictionary! {
        "Type" => "Annot", "Subtype" => "FreeText",
        "Rect" => vec![100.into(), 100.into(), 300.into(), 140.into()],
        "AP" => dictionary! { "N" => ap },
    });
    let page = p.add(Stream::new(dictionary! {}, vec![]));
    let _ = page;
    p.page("", dictionary! { "Annots" => vec![annot.into()] });
    let x = run(&p.bytes());
    assert_eq!(x.status, ExtractStatus::Ok, "{:?}", x.reason);
    assert_eq!(x.pages[0].text, "Underskrevet");
}

#[test]
fn differences_encoding_and_ligatures() {
    let enc = dictionary! {
        "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
        "Differences" => vec![1.into(), "ff".into(), "fi".into(), 65.into(), "oslash".into(), "aring".into()],
    };
    let mut p = Pdf::with_font(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman", "Encoding" => enc,
    });
    p.page(
        "BT /F1 12 Tf 72 700 Td (o\\001entlig kon\\002gurationsl\\102s A) Tj ET",
        dictionary! {},
    );
    let x = run(&p.bytes());
    assert_eq!(x.pages[0].text, "offentlig konfigurationslås ø");
}

#[test]
fn indirect_filter() {
    let mut p = Pdf::new();
    let mut s = Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td (Komprimeret tekst) Tj ET\n".repeat(3),
    );
    s.compress().expect("compress");
    let filter = p.add(Object::Name(b"FlateDecode".to_vec()));
    s.dict.set("Filter", filter);
    let c = p.add(s);
    p.page("", dictionary! { "Contents" => c });
    let x = run(&p.bytes());
    assert_eq!(x.pages[0].text, "Komprimeret tekst");
}

#[test]
fn hyphenated_line_end() {
    // "Københavns" elsewhere in the document says the hyphen in "Køben-" is hyphenation.
    let t = one_page(
        "BT /F1 12 Tf 72 700 Td (K\\370ben-) Tj 0 -14 Td (havns Kommune og IT-) Tj 0 -14 Td (drift i K\\370benhavns) Tj ET",
    );
    assert_eq!(t, "Københavns Kommune og IT-drift i Københavns");
}

#[test]
fn two_columns_stay_apart() {
    // Drawn row by row, left and right column interleaved.
    let t = one_page(
        "BT /F1 11 Tf 1 0 0 1 50 700 Tm (Venstre en) Tj 1 0 0 1 320 700 Tm (H\\370jre en) Tj \
         1 0 0 1 50 686 Tm (venstre to) Tj 1 0 0 1 320 686 Tm (h\\370jre to) Tj ET",
    );
    assert_eq!(t, "Venstre en\nvenstre to\nHøjre en\nhøjre to");
}

#[test]
fn statuses() {
    // Image only.
    let mut p = Pdf::new();
    let img = p.add(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0],
    ));
    p.res.set("XObject", dictionary! { "Im0" => img });
    p.page("q 100 0 0 100 0 0 cm /Im0 Do Q", dictionary! {});
    let x = run(&p.bytes());
    assert_eq!(x.status, ExtractStatus::NoText);
    assert!(x.pages[0].image_only);

    // Text page + scanned page → partial.
    let mut p = Pdf::new();
    p.res.set("XObject", dictionary! { "Im0" => img });
    let _ = &mut p;
    let mut p = Pdf::new();
    let img = p.add(Stream::new(dictionary! { "Subtype" => "Image" }, vec![0]));
    p.res.set("XObject", dictionary! { "Im0" => img });
    p.page("BT /F1 12 Tf 72 700 Td (Tekst) Tj ET", dictionary! {});
    p.page("/Im0 Do", dictionary! {});
    let x = run(&p.bytes());
    assert_eq!(x.status, ExtractStatus::Partial);
    assert!(x.reason.unwrap_or_default().contains("2"));

    // Glyphs without any text → failed, never an empty success.
    let mut p = Pdf::with_font(dictionary! {
        "Type" => "Font", "Subtype" => "Type3", "FontMatrix" => vec![0.001.into(), 0.into(), 0.into(), 0.001.into(), 0.into(), 0.into()],
        "Encoding" => dictionary! { "Differences" => vec![1.into(), "g1".into(), "g2".into()] },
    });
    p.page("BT /F1 12 Tf 72 700 Td (\\001\\002) Tj ET", dictionary! {});
    let x = run(&p.bytes());
    assert_eq!(x.status, ExtractStatus::Failed);

    // Not a PDF.
    assert_eq!(run(b"%PDF-1.4 garbage").status, ExtractStatus::Failed);
    assert_eq!(run(b"").status, ExtractStatus::Failed);
}

#[test]
fn limits_are_named() {
    let mut p = Pdf::new();
    p.page(
        &"BT /F1 12 Tf 72 700 Td (x) Tj ET ".repeat(50),
        dictionary! {},
    );
    let bytes = p.bytes();
    let x = extract(
        &bytes,
        &Limits {
            max_ops_per_page: 20,
            ..Limits::default()
        },
    );
    assert_eq!(x.status, ExtractStatus::Failed);
    assert!(x.reason.unwrap_or_default().contains("max_ops_per_page"));
    let x = extract(
        &bytes,
        &Limits {
            max_decompressed_bytes: 10,
            ..Limits::default()
        },
    );
    assert_eq!(x.status, ExtractStatus::Failed);
    assert!(
        x.reason
            .unwrap_or_default()
            .contains("max_decompressed_bytes")
    );
    let past = std::time::Instant::now();
    let x = extract(
        &bytes,
        &Limits {
            deadline: Some(past),
            ..Limits::default()
        },
    );
    assert!(x.reason.unwrap_or_default().contains("deadline"));

    // Forms nested deeper than max_depth.
    let mut p = Pdf::new();
    let mut inner = p.add(Stream::new(
        dictionary! { "Subtype" => "Form", "Resources" => dictionary! { "Font" => p.res.get(b"Font").expect("f").clone() } },
        b"BT /F1 9 Tf (tief) Tj ET".to_vec(),
    ));
    for _ in 0..6 {
        inner = p.add(Stream::new(
            dictionary! { "Subtype" => "Form", "Resources" => dictionary! { "XObject" => dictionary! { "X" => inner } } },
            b"/X Do".to_vec(),
        ));
    }
    p.res.set("XObject", dictionary! { "X" => inner });
    p.page("/X Do", dictionary! {});
    let bytes = p.bytes();
    assert_eq!(run(&bytes).pages[0].text, "tief");
    let x = extract(
        &bytes,
        &Limits {
            max_depth: 3,
            ..Limits::default()
        },
    );
    assert_eq!(x.status, ExtractStatus::Failed);
    assert!(x.reason.unwrap_or_default().contains("max_depth"));
}

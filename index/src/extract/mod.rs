//! PDF → text per page, on lopdf's parser with our own text layer.
//!
//! lopdf parses the file (and decrypts it with the empty user password where that works); the
//! content streams are walked here ([`interp`]) with a text state and glyph widths, glyphs are
//! decoded through ToUnicode / encodings / glyph names ([`font`]), put in reading order
//! ([`layout`]) and cleaned up ([`text`], which asks the Danish word list, `dict`, about line-end
//! hyphens). All pages go in one pass; limits on decompressed bytes,
//! form depth, operators per page and time are enforced inside and named when they trip ([`Limits`],
//! a leaf module that the walker reads too).

mod cmap;
mod dict;
mod font;
mod fontprog;
mod glyphs;
mod interp;
mod layout;
mod lexer;
mod limits;
mod tables;
#[cfg(test)]
mod tests;
pub(crate) mod text;
mod util;

use serde::{Deserialize, Serialize};

pub use limits::Limits;

/// How an extraction ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtractStatus {
    Ok,
    Partial,
    NoText,
    Encrypted,
    Failed,
}

/// One page's text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page {
    pub text: String,
    pub chars: usize,
    pub image_only: bool,
}

/// The result of extracting one PDF.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Extraction {
    pub status: ExtractStatus,
    pub reason: Option<String>,
    pub pages: Vec<Page>,
}

impl Extraction {
    fn failed(reason: impl Into<String>) -> Self {
        Extraction {
            status: ExtractStatus::Failed,
            reason: Some(reason.into()),
            pages: vec![],
        }
    }
}

/// Extracts the text of every page of `bytes`. Never panics.
pub fn extract(bytes: &[u8], limits: &Limits) -> Extraction {
    match std::panic::catch_unwind(|| extract_inner(bytes, limits)) {
        Ok(x) => x,
        Err(_) => Extraction::failed("internal error (panic) while extracting"),
    }
}

fn encrypted() -> Extraction {
    Extraction {
        status: ExtractStatus::Encrypted,
        reason: Some("encrypted: a password is needed to read it".into()),
        pages: vec![],
    }
}

/// Walks up the page tree for an inheritable attribute.
fn inherited<'a>(
    doc: &'a lopdf::Document,
    page: &'a lopdf::Dictionary,
    key: &[u8],
) -> Option<&'a lopdf::Object> {
    let mut d = page;
    for _ in 0..64 {
        if let Some(o) = util::get(doc, d, key) {
            return Some(o);
        }
        d = util::get_dict(doc, d, b"Parent")?;
    }
    None
}

/// The crop box (else media box) as [x0, y0, x1, y1], if it is a usable rectangle.
fn page_box(doc: &lopdf::Document, page: &lopdf::Dictionary) -> Option<[f32; 4]> {
    let o = inherited(doc, page, b"CropBox").or_else(|| inherited(doc, page, b"MediaBox"))?;
    let v = util::nums(doc, o.as_array().ok()?);
    let &[a, b, c, d] = v.get(..4)? else {
        return None;
    };
    let r = [a.min(c), b.min(d), a.max(c), b.max(d)];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

/// Per-page facts gathered before the document-wide clean-up.
struct RawPage {
    text: String,
    glyphs: u64,
    images: u32,
}

fn extract_inner(bytes: &[u8], limits: &Limits) -> Extraction {
    let opts = lopdf::LoadOptions {
        max_decompressed_size: Some(
            usize::try_from(limits.max_decompressed_bytes).unwrap_or(usize::MAX),
        ),
        ..Default::default()
    };
    // lopdf tries the empty user password itself while loading.
    let doc = match lopdf::Document::load_mem_with_options(bytes, opts) {
        Ok(d) => d,
        Err(lopdf::Error::InvalidPassword) => return encrypted(),
        Err(e) => return Extraction::failed(format!("cannot parse PDF: {e}")),
    };
    if doc.trailer.has(b"Encrypt") && !doc.was_encrypted() {
        return encrypted();
    }
    let mut it = interp::Interp::new(&doc, limits);
    let mut raw: Vec<RawPage> = Vec::new();
    let mut stopped_on = None;
    for (i, page_id) in doc.page_iter().enumerate() {
        if limits
            .deadline
            .is_some_and(|d| std::time::Instant::now() > d)
        {
            it.trip.get_or_insert(util::Trip::Deadline);
        }
        if it.stopped() {
            stopped_on = Some(i + 1);
            break;
        }
        let Ok(page) = doc.get_dictionary(page_id) else {
            raw.push(RawPage {
                text: String::new(),
                glyphs: 0,
                images: 0,
            });
            continue;
        };
        let res = inherited(&doc, page, b"Resources").and_then(|o| o.as_dict().ok());
        let mut content = Vec::new();
        for cid in doc.get_page_contents(page_id) {
            if let Ok(lopdf::Object::Stream(s)) = doc.get_object(cid)
                && let Some(d) = util::decode(&doc, s, &mut it.budget)
            {
                content.extend_from_slice(&d);
                content.push(b'\n');
            }
        }
        let mut out = interp::PageOut::default();
        it.page_box = page_box(&doc, page);
        it.page(page, &content, res, &mut out);
        if it.stopped() {
            stopped_on = Some(i + 1);
        }
        let text = layout::page_text(&out.glyphs, &out.text);
        raw.push(RawPage {
            text: text::normalize(&text),
            glyphs: out.glyphs_drawn,
            images: out.images,
        });
        if stopped_on.is_some() {
            break;
        }
    }
    let vocab = text::Vocabulary::new(
        raw.iter().map(|p| p.text.as_str()),
        hyphenating_producer(&doc),
    );
    let mut pages = Vec::with_capacity(raw.len());
    let mut drew = Vec::new();
    for p in &raw {
        let text = text::dehyphenate(&p.text, &vocab);
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        drew.push(p.glyphs > 0);
        pages.push(Page {
            image_only: p.images > 0 && chars == 0,
            chars,
            text,
        });
    }
    let trip = it.trip.clone().or_else(|| it.budget.trip.clone());
    if let Some(t) = trip {
        let at = stopped_on
            .map(|p| format!(" on page {p}"))
            .unwrap_or_default();
        return Extraction {
            status: ExtractStatus::Failed,
            reason: Some(format!("{t}{at}")),
            pages,
        };
    }
    let (status, reason) = classify(&pages, &drew);
    Extraction {
        status,
        reason,
        pages,
    }
}

/// TeX and groff hyphenate words themselves; office suites and browsers normally do not.
fn hyphenating_producer(doc: &lopdf::Document) -> bool {
    let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .map(|o| util::deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return false;
    };
    [&b"Producer"[..], b"Creator"]
        .iter()
        .any(|k| match util::get(doc, info, k) {
            Some(o) => {
                let s = lopdf::decode_text_string(o)
                    .unwrap_or_default()
                    .to_lowercase();
                ["tex", "dvipdf", "groff", "gropdf"]
                    .iter()
                    .any(|t| s.contains(t))
            }
            None => false,
        })
}

fn list(pages: &[usize]) -> String {
    let mut s: Vec<String> = pages.iter().take(20).map(|p| p.to_string()).collect();
    if pages.len() > 20 {
        s.push(format!("… ({} in all)", pages.len()));
    }
    s.join(", ")
}

/// Status from what each page drew and yielded.
fn classify(pages: &[Page], drew: &[bool]) -> (ExtractStatus, Option<String>) {
    if pages.is_empty() {
        return (
            ExtractStatus::Failed,
            Some("the document has no pages".into()),
        );
    }
    let with_text = pages.iter().filter(|p| p.chars > 0).count();
    let undecoded: Vec<usize> = (0..pages.len())
        .filter(|&i| drew[i] && pages[i].chars == 0)
        .map(|i| i + 1)
        .collect();
    let images: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].image_only && !drew[i])
        .map(|i| i + 1)
        .collect();
    if with_text == 0 {
        if !undecoded.is_empty() {
            return (
                ExtractStatus::Failed,
                Some(format!(
                    "pages draw glyphs but yield no text (fonts without a usable encoding): pages {}",
                    list(&undecoded)
                )),
            );
        }
        return (
            ExtractStatus::NoText,
            Some(format!(
                "no page draws text; {} of {} pages are images only",
                images.len(),
                pages.len()
            )),
        );
    }
    let mut reasons = Vec::new();
    if !images.is_empty() {
        reasons.push(format!("pages {} look image-only", list(&images)));
    }
    if !undecoded.is_empty() {
        reasons.push(format!(
            "pages {} draw glyphs but yield no text",
            list(&undecoded)
        ));
    }
    if reasons.is_empty() {
        (ExtractStatus::Ok, None)
    } else {
        (ExtractStatus::Partial, Some(reasons.join("; ")))
    }
}

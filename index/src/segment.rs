//! Clause segmentation: pages of extracted text → clauses with number, heading, text and page range.
//!
//! A clause starts at a heading: numbered ("1.", "12.3 a", "pkt. 5", "§ 7", "Bilag 4", "Artikel 3", each
//! followed by a short title) or unnumbered (an all-caps line, or a short title line followed by body
//! text). A numbered paragraph inside a section ("15.2 Ophævelse skal ske skriftligt …") starts a
//! sub-clause that keeps its section's heading, because contracts cite and change clauses at that level
//! ("pkt. 15.1 a"). Text without any heading falls back to paragraphs. Very long clauses are cut at line
//! ends so that snippets and scores stay about one topic.

mod lines;

use lines::{Kind, classify};

/// One clause of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub number: Option<String>,
    pub heading: Option<String>,
    pub text: String,
    /// 1-based.
    pub page_from: u32,
    pub page_to: u32,
}

/// Clauses longer than this (bytes) are cut at the next line end.
const MAX_CLAUSE: usize = 3000;
/// Paragraph chunks in the fallback are grown to about this size.
const FALLBACK_CHUNK: usize = 1200;

struct Open {
    number: Option<String>,
    heading: Option<String>,
    text: String,
    page_from: u32,
    page_to: u32,
}

impl Open {
    fn new(number: Option<String>, heading: Option<String>, page: u32) -> Open {
        Open {
            number,
            heading,
            text: String::new(),
            page_from: page,
            page_to: page,
        }
    }

    fn push_line(&mut self, line: &str, page: u32) {
        if self.text.is_empty() {
            self.page_from = page;
        } else {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.page_to = page;
    }
}

fn close(open: Option<Open>, out: &mut Vec<Clause>) {
    if let Some(o) = open
        && !o.text.trim().is_empty()
    {
        out.push(Clause {
            number: o.number,
            heading: o.heading,
            text: o.text,
            page_from: o.page_from,
            page_to: o.page_to,
        });
    }
}

/// Segments the pages of one document. Page `i` of the slice is page `i + 1`.
pub fn segment(pages: &[String]) -> Vec<Clause> {
    let lines = split_lines(pages);
    let kinds = classify(&lines);
    if !kinds.iter().any(|k| matches!(k, Kind::Heading { .. })) {
        return paragraphs(&lines);
    }
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    // The heading of the current section, inherited by its numbered paragraphs.
    let mut section_heading: Option<String> = None;
    for (&(page, line), kind) in lines.iter().zip(&kinds) {
        match kind {
            Kind::Blank => {}
            Kind::Heading { number, title } => {
                close(open.take(), &mut out);
                section_heading = title.clone().or_else(|| number.clone());
                open = Some(Open::new(number.clone(), title.clone(), page));
            }
            Kind::Paragraph { number, rest } => {
                close(open.take(), &mut out);
                let mut o = Open::new(Some(number.clone()), section_heading.clone(), page);
                o.push_line(rest, page);
                open = Some(o);
            }
            Kind::Body => {
                let o = open.get_or_insert_with(|| Open::new(None, None, page));
                if o.text.len() > MAX_CLAUSE {
                    let (n, h) = (o.number.clone(), o.heading.clone());
                    close(open.take(), &mut out);
                    open = Some(Open::new(n, h, page));
                }
                if let Some(o) = open.as_mut() {
                    o.push_line(line, page);
                }
            }
        }
    }
    close(open, &mut out);
    out
}

/// A heading line found by segmentation: (number, title, page). Segmentation is measured on these.
pub type Heading = (Option<String>, Option<String>, u32);

/// The heading lines of `pages`, in order (including headings whose clause has no text of its own).
pub fn headings(pages: &[String]) -> Vec<Heading> {
    let lines = split_lines(pages);
    classify(&lines)
        .into_iter()
        .zip(&lines)
        .filter_map(|(k, &(page, _))| match k {
            Kind::Heading { number, title } => Some((number, title, page)),
            _ => None,
        })
        .collect()
}

fn split_lines(pages: &[String]) -> Vec<(u32, &str)> {
    pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            let page = u32::try_from(i + 1).unwrap_or(u32::MAX);
            p.split(['\n', '\x0c']).map(move |l| (page, l.trim()))
        })
        .collect()
}

/// No headings at all: blank-line paragraphs, merged up to [`FALLBACK_CHUNK`] bytes.
fn paragraphs(lines: &[(u32, &str)]) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    let mut last_blank = false;
    for &(page, line) in lines {
        if line.is_empty() {
            last_blank = true;
            continue;
        }
        let full = open.as_ref().is_some_and(|o| {
            (last_blank && o.text.len() >= FALLBACK_CHUNK) || o.text.len() >= MAX_CLAUSE
        });
        if full {
            close(open.take(), &mut out);
        }
        open.get_or_insert_with(|| Open::new(None, None, page))
            .push_line(line, page);
        last_blank = false;
    }
    close(open, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str) -> Vec<Clause> {
        segment(&text.split('\x0c').map(str::to_string).collect::<Vec<_>>())
    }

    #[test]
    fn numbered_sections_and_paragraphs() {
        let c = seg(
            "KONTRAKT OM IT-DRIFT\n\nIndledende tekst her.\n\n15. Ophævelse\n15.1 Kunden kan ophæve \
                     Kontrakten helt eller delvist.\n\x0c15.2 Ophævelse skal ske skriftligt.\n\n16. Opsigelse\n\
                     Kontrakten kan opsiges med 6 måneders varsel.",
        );
        let got: Vec<_> = c
            .iter()
            .map(|c| (c.number.as_deref(), c.heading.as_deref(), c.page_from))
            .collect();
        assert_eq!(
            got,
            vec![
                (None, Some("KONTRAKT OM IT-DRIFT"), 1),
                (Some("15.1"), Some("Ophævelse"), 1),
                (Some("15.2"), Some("Ophævelse"), 2),
                (Some("16"), Some("Opsigelse"), 2),
            ]
        );
    }

    #[test]
    fn fallback_to_paragraphs() {
        let c =
            seg("bare tekst uden overskrifter, der fortsætter.\n\nog et afsnit mere, med komma.");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].number, None);
    }

    #[test]
    fn empty_and_hostile_input() {
        assert!(seg("").is_empty());
        assert!(segment(&[]).is_empty());
        let _ = seg("§\n§ \npkt.\nBilag\n1.\n1. \n. .\n\u{0}\u{feff}ÆØÅ");
    }
}

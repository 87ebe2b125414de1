//! Clause segmentation: pages of extracted text → clauses with number, heading, text and page range.
//!
//! A clause starts at a heading: numbered ("1.", "12.3 a", "pkt. 5", "§ 7", "Bilag 4", "Artikel 3", each
//! followed by a short title) or unnumbered (an all-caps line, or a short title line followed by body
//! text). A numbered paragraph inside a section ("15.2 Ophævelse skal ske skriftligt …") starts a
//! sub-clause that keeps its section's heading, because contracts cite and change clauses at that level
//! ("pkt. 15.1 a"). Text without any heading falls back to paragraphs. Very long clauses are cut at line
//! ends so that snippets and scores stay about one topic.

mod clean;
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

/// Ends a clause. A heading with no text of its own before the next heading ("8. Ansvarsbegrænsning"
/// right before "8.1 …") still becomes a clause, its title as its text, so that its words are found.
fn close(open: Option<Open>, out: &mut Vec<Clause>) {
    if let Some(mut o) = open {
        if o.text.trim().is_empty() {
            match &o.heading {
                Some(h) => o.text = h.clone(),
                None => return,
            }
        }
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
    let owned = clean::lines(pages);
    let lines = borrowed(&owned);
    let kinds = classify(&lines);
    if !kinds.iter().any(|k| matches!(k, Kind::Heading { .. })) {
        return paragraphs(&lines);
    }
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    // The heading of the last heading line, for numbered paragraphs with no numbered ancestor.
    let mut section_heading: Option<String> = None;
    // The numbered headings still open, outermost first ("8", "8.2", "8.2.1"): each clause's heading
    // names all its ancestors, so a sub-clause four levels down keeps the words of every level.
    let mut trail: Vec<(String, Option<String>)> = Vec::new();
    for (&(page, line), kind) in lines.iter().zip(&kinds) {
        match kind {
            Kind::Blank => {}
            Kind::Heading { number, title } => {
                close(open.take(), &mut out);
                let heading = in_context(number.as_deref(), title.as_deref(), &mut trail);
                section_heading = heading.clone().or_else(|| number.clone());
                open = Some(Open::new(number.clone(), heading, page));
            }
            Kind::Paragraph { number, rest } => {
                close(open.take(), &mut out);
                let heading = chain(&trail, number).or_else(|| section_heading.clone());
                let mut o = Open::new(Some(number.clone()), heading, page);
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
    drop_covered(&mut out);
    out
}

/// Removes the heading-only clauses (see [`close`]) whose heading the next clause carries anyway
/// ("15. Ophævelse" before "15.1 …", which inherits it): a snippet of a bare heading helps no one.
fn drop_covered(out: &mut Vec<Clause>) {
    let covered: Vec<bool> = (0..out.len())
        .map(|i| {
            let (Some(c), Some(next)) = (out.get(i), out.get(i + 1)) else {
                return false;
            };
            c.heading.as_deref().is_some_and(|h| {
                c.text == h && next.heading.as_deref().is_some_and(|n| n.contains(h))
            })
        })
        .collect();
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !covered.get(i - 1).copied().unwrap_or(false)
    });
}

/// Whether clause number `a` is an ancestor of `n` ("8.2" of "8.2.1" and of "8.2 a").
fn is_ancestor(a: &str, n: &str) -> bool {
    n.len() > a.len() && n.starts_with(a) && n[a.len()..].starts_with(['.', ' '])
}

/// The titles of `n`'s open ancestors, outermost first, joined.
fn chain(trail: &[(String, Option<String>)], n: &str) -> Option<String> {
    let titles: Vec<&str> = trail
        .iter()
        .filter(|(a, _)| is_ancestor(a, n))
        .filter_map(|(_, t)| t.as_deref())
        .collect();
    (!titles.is_empty()).then(|| titles.join(" – "))
}

/// A heading's title as clauses show it: under its ancestors' titles ("8.1 Omfang" under "8.
/// Ansvarsbegrænsning" is "Ansvarsbegrænsning – Omfang"), so the words of every level stay with each
/// clause of the section. A numbered heading becomes the innermost open heading; one with a prefix
/// ("Bilag 4", "§ 7") starts a new part, and an unnumbered one (a table's caption, a chapter word)
/// leaves the numbering as it is.
fn in_context(
    number: Option<&str>,
    title: Option<&str>,
    trail: &mut Vec<(String, Option<String>)>,
) -> Option<String> {
    let Some(n) = number.filter(|n| n.starts_with(|c: char| c.is_ascii_digit())) else {
        if number.is_some() {
            trail.clear();
        }
        return title.map(str::to_string);
    };
    trail.retain(|(a, _)| is_ancestor(a, n));
    let above = chain(trail, n);
    trail.push((n.to_string(), title.map(str::to_string)));
    match (above, title) {
        (Some(a), Some(t)) => Some(format!("{a} – {t}")),
        (Some(a), None) => Some(a),
        (None, t) => t.map(str::to_string),
    }
}

/// A heading line found by segmentation: (number, title, page). Segmentation is measured on these.
pub type Heading = (Option<String>, Option<String>, u32);

/// The heading lines of `pages`, in order (including headings whose clause has no text of its own).
pub fn headings(pages: &[String]) -> Vec<Heading> {
    let owned = clean::lines(pages);
    let lines = borrowed(&owned);
    classify(&lines)
        .into_iter()
        .zip(&lines)
        .filter_map(|(k, &(page, _))| match k {
            Kind::Heading { number, title } => Some((number, title, page)),
            _ => None,
        })
        .collect()
}

/// The lines clauses are made of: every page's lines without its running headers and footers, with
/// line-end hyphenation joined (see `clean`). For tests that check that no word is lost.
pub fn body_lines(pages: &[String]) -> Vec<(u32, String)> {
    clean::lines(pages)
}

fn borrowed(lines: &[(u32, String)]) -> Vec<(u32, &str)> {
    lines.iter().map(|(p, l)| (*p, l.as_str())).collect()
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
    fn section_headings_are_kept_and_give_context() {
        let c = seg(
            "8. Ansvarsbegrænsning\n8.1 Omfang\nLeverandørens ansvar er begrænset.\n\n\
                     8.2 Leverandørens samlede ansvar\ner begrænset til 1 mio. kr.\n\n\
                     8.2.1.1 Fire niveauer\nTekst på fjerde niveau her.",
        );
        let got: Vec<_> = c
            .iter()
            .map(|c| (c.number.as_deref(), c.heading.as_deref(), c.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some("8.1"),
                    Some("Ansvarsbegrænsning – Omfang"),
                    "Leverandørens ansvar er begrænset."
                ),
                (
                    Some("8.2"),
                    Some("Ansvarsbegrænsning"),
                    "Leverandørens samlede ansvar\ner begrænset til 1 mio. kr."
                ),
                (
                    Some("8.2.1.1"),
                    Some("Ansvarsbegrænsning – Fire niveauer"),
                    "Tekst på fjerde niveau her."
                ),
            ]
        );
    }

    #[test]
    fn quoted_clause_numbers_start_nothing() {
        let c = seg("2. Ændring af punkt 12.3\nPunkt 12.3 affattes således:\n\
                     »12.3 Leverandøren skal levere senest 1. maj.«\n\
                     jf. punkt 12.3 og\n12.3 i Kontrakten gælder fortsat.\n\n\
                     3. Ikrafttræden\n3.1 Tillægget træder i kraft ved underskrift.\n\n\
                     4. Øvrige vilkår\nKontraktens øvrige vilkår gælder uændret.");
        let numbers: Vec<_> = c.iter().map(|c| c.number.as_deref()).collect();
        assert_eq!(numbers, vec![Some("2"), Some("3.1"), Some("4")], "{c:?}");
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

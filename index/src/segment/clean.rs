//! The lines of a document as segmentation reads them: running headers and footers left out, and words
//! the producer hyphenated at a line end joined again.
//!
//! - A running header or footer is the same text (digits aside: "Side 6 af 30", "2 / 9") at the same
//!   place on most pages — among the first or last [`EDGE`] lines of each page. It is no part of any
//!   clause: inside clause text it would land in snippets and split sentences. The page text (what
//!   `/text` serves) keeps it; only segmentation drops it.
//! - A line ending in "letter-" followed by a line starting with a lowercase letter is a hyphenated
//!   word when the joined word occurs elsewhere in the same document ("be-" + "grænse" → "begrænse")
//!   or the Danish word list says the producer cut it (see `extract::text::producer_hyphen`; the
//!   extractor joins within a page, this catches words cut over a page break); otherwise the hyphen
//!   is real ("e-" + "mail", "KSP-" + "LOGSTA") and stays.

use std::collections::{HashMap, HashSet};

/// How many lines at the top and at the bottom of a page may be running headers or footers.
const EDGE: usize = 3;
/// Fewest pages on which detection runs on text alone (with two pages, a repeated title is no
/// evidence); two pages suffice for a line with a number in it ("Side 1 af 2", "Sagsnr. 2025-0412").
const MIN_PAGES: usize = 3;

/// The text, digits masked, of a line within [`EDGE`] lines of its page's top or bottom. Which edge
/// is not part of it: producers draw header and footer boxes in either order, so the page text may
/// have the header after the footer on some pages.
type Slot = String;

/// Page numbers as footers print them ("Side 3 af 7", "Page 3 of 7", "3 / 7", "- 3 -", "3"), masked:
/// at a page's edge they are no clause's text even on a one-page document.
fn page_number(masked: &str) -> bool {
    matches!(
        masked.trim_matches('-'),
        "#" | "side#" | "side#af#" | "page#" | "page#of#" | "#/#" | "#af#" | "s.#"
    )
}

fn mask(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_digits = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            if !c.is_whitespace() {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// Slots of the non-blank lines near each edge of a page: (line index in page, slot).
fn slots(lines: &[&str]) -> Vec<(usize, Slot)> {
    let filled: Vec<usize> = (0..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| !l.is_empty()))
        .collect();
    let mut out = Vec::new();
    for &i in filled
        .iter()
        .take(EDGE)
        .chain(filled.iter().rev().take(EDGE))
    {
        out.push((i, mask(lines.get(i).copied().unwrap_or(""))));
    }
    out
}

/// Every line of every page (trimmed) with its 1-based page, running headers and footers removed,
/// line-end hyphenation joined.
pub fn lines(pages: &[String]) -> Vec<(u32, String)> {
    let split: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.split(['\n', '\x0c']).map(str::trim).collect())
        .collect();
    let running = running(&split);
    let mut out: Vec<(u32, String)> = Vec::new();
    for (pi, page) in split.iter().enumerate() {
        let n = u32::try_from(pi + 1).unwrap_or(u32::MAX);
        let drop: HashSet<usize> = slots(page)
            .into_iter()
            .filter(|(_, s)| running.contains(s) || page_number(s) || part_of(s, &running))
            .map(|(i, _)| i)
            .collect();
        for (i, l) in page.iter().enumerate() {
            if !drop.contains(&i) {
                out.push((n, (*l).to_string()));
            }
        }
    }
    join_hyphens(&mut out);
    out
}

/// A line that is the start or the end of a running line: a header whose boxes (issuer left, case
/// number right) the page text has on two lines on some page.
fn part_of(slot: &str, running: &HashSet<Slot>) -> bool {
    slot.chars().count() >= 6
        && running
            .iter()
            .any(|r| r.len() > slot.len() && (r.starts_with(slot) || r.ends_with(slot)))
}

/// The slots that hold the same masked text on most pages.
fn running(pages: &[Vec<&str>]) -> HashSet<Slot> {
    let mut count: HashMap<Slot, usize> = HashMap::new();
    if pages.len() < 2 {
        return HashSet::new();
    }
    for p in pages {
        let distinct: HashSet<Slot> = slots(p).into_iter().map(|(_, s)| s).collect();
        for s in distinct {
            *count.entry(s).or_default() += 1;
        }
    }
    let few = pages.len() < MIN_PAGES;
    let need = if few {
        pages.len()
    } else {
        MIN_PAGES.max(pages.len().div_ceil(2))
    };
    let found: HashSet<Slot> = count
        .into_iter()
        .filter(|(s, n)| *n >= need && !s.is_empty())
        .map(|(s, _)| s)
        .collect();
    // On two pages, only a repeated line with a number in it ("Side 1 af 2", a case number) shows
    // that the producer prints running lines; then the other repeated edge lines are such lines too.
    if few && !found.iter().any(|s| s.contains('#')) {
        return HashSet::new();
    }
    found
}

/// Lowercase words of the document (letters only), for deciding whether a hyphen is a line break.
fn vocabulary(lines: &[(u32, String)]) -> HashSet<String> {
    lines
        .iter()
        .flat_map(|(_, l)| l.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

fn join_hyphens(lines: &mut [(u32, String)]) {
    let words = vocabulary(lines);
    for i in 0..lines.len().saturating_sub(1) {
        let Some(head) = lines.get(i).and_then(|(_, l)| l.strip_suffix('-')) else {
            continue;
        };
        let frag: String = head
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let Some(next) = lines.get(i + 1).map(|(_, l)| l.clone()) else {
            continue;
        };
        let tail: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        let starts_lower = tail.chars().next().is_some_and(char::is_lowercase);
        if frag.is_empty() || !starts_lower {
            continue;
        }
        let known = words.contains(&format!("{frag}{tail}").to_lowercase());
        if !known && !crate::extract::text::producer_hyphen(&frag, &tail) {
            continue;
        }
        let rest = next
            .get(tail.len()..)
            .unwrap_or("")
            .trim_start()
            .to_string();
        if let Some((_, l)) = lines.get_mut(i) {
            l.pop();
            l.push_str(&tail);
        }
        if let Some((_, l)) = lines.get_mut(i + 1) {
            *l = rest;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pages: &[&str]) -> Vec<String> {
        lines(&pages.iter().map(|p| p.to_string()).collect::<Vec<_>>())
            .into_iter()
            .map(|(_, l)| l)
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn running_headers_and_footers_go() {
        let pages: Vec<String> = (1..=4)
            .map(|i| {
                let topic = ["Bod", "Ophævelse", "Exit", "Licens"][i - 1];
                format!(
                    "Region Syd – sag 24/1234\n{i}. {topic}\nTekst om {topic} her.\nSide {i} af 4"
                )
            })
            .collect();
        let got = text(&pages.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(got.len(), 8, "{got:?}");
        assert!(
            got.iter()
                .all(|l| !l.contains("Side") && !l.contains("Region"))
        );
        // Two pages are no evidence.
        assert_eq!(text(&["A\nx", "A\ny"]).len(), 4);
    }

    #[test]
    fn hyphens_join_only_into_words_of_the_document() {
        let got = text(&[
            "Leverandøren skal be-\ngrænse adgangen. Vi begrænse.\nSend en e-\nmail til KSP-\nLOGSTA.",
        ]);
        assert_eq!(
            got.first().map(String::as_str),
            Some("Leverandøren skal begrænse")
        );
        assert!(got.contains(&"Send en e-".to_string()), "{got:?}");
        assert!(got.contains(&"mail til KSP-".to_string()), "{got:?}");
    }
}

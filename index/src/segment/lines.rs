//! Line classification for clause segmentation: which lines are headings, which start numbered
//! paragraphs, which are body text. Works on ground-truth paragraphs (one per line) as well as on
//! extracted PDF text whose paragraphs wrap over several lines.

/// What one line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Blank,
    Heading {
        number: Option<String>,
        title: Option<String>,
    },
    /// A numbered paragraph inside a section ("15.2 Ophævelse skal ske …"); `rest` is its text.
    Paragraph {
        number: String,
        rest: String,
    },
    Body,
}

/// A line's leading clause number.
#[derive(Debug, PartialEq, Eq)]
struct Number<'a> {
    /// As shown to users: "12.3", "12.3 a", "§ 7", "Bilag 4".
    label: String,
    /// First numeric component (for "12.3": 12).
    top: u32,
    /// 1 for "12", 2 for "12.3"; prefixed forms ("§ 7", "Bilag 4") count as 1.
    depth: usize,
    prefixed: bool,
    rest: &'a str,
}

const PREFIXES: [(&str, &str); 8] = [
    ("§", "§ "),
    ("pkt.", ""),
    ("punkt", ""),
    ("bilag", "Bilag "),
    ("artikel", "Artikel "),
    ("kapitel", "Kapitel "),
    ("afsnit", "Afsnit "),
    ("appendix", "Appendix "),
];

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// Digits and dots ("12.3", "12.3.", "7") at the start of `s`: (components, rest after it).
fn dotted(s: &str) -> Option<(Vec<u32>, &str)> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let num = s.get(..end)?;
    if num.is_empty() || num.starts_with('.') || num.contains("..") {
        return None;
    }
    let parts: Option<Vec<u32>> = num
        .trim_end_matches('.')
        .split('.')
        .map(|p| p.parse().ok())
        .collect();
    let parts = parts?;
    if parts.is_empty() || parts.len() > 4 || parts.iter().any(|p| *p > 999) {
        return None;
    }
    Some((parts, s.get(end..)?))
}

fn parse_number(line: &str) -> Option<Number<'_>> {
    let mut label_prefix = None;
    let mut s = line;
    for (p, shown) in PREFIXES {
        if let Some(r) = strip_prefix_ci(line, p)
            && (p == "§" || r.starts_with(char::is_whitespace))
        {
            label_prefix = Some(shown);
            s = r.trim_start();
            break;
        }
    }
    let (parts, mut rest) = dotted(s)?;
    // A number must be followed by a space or the end of the line ("1.250.000,00 kr." is not a heading).
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let mut label = parts
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".");
    rest = rest.trim_start();
    // "12.3 a Title": a single letter after the number belongs to it; "a)" starts a list item.
    let mut chars = rest.chars();
    if let (Some(c), Some(' ') | None) = (chars.next(), chars.next())
        && c.is_ascii_lowercase()
    {
        label.push(' ');
        label.push(c);
        rest = rest.get(1..).unwrap_or("").trim_start();
    }
    let prefixed = label_prefix.is_some();
    if let Some(p) = label_prefix {
        label = format!("{p}{label}");
        rest = rest
            .trim_start_matches(['.', ':', '–', '-', '—'])
            .trim_start();
    }
    Some(Number {
        label,
        top: *parts.first()?,
        depth: if prefixed { 1 } else { parts.len() },
        prefixed,
        rest,
    })
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A short title: starts with an uppercase letter, no sentence or list punctuation at the end.
fn is_title(s: &str, max_words: usize) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let last = s.chars().last().unwrap_or(' ');
    first.is_alphabetic()
        && first.is_uppercase()
        && words(s) <= max_words
        && s.chars().count() <= 90
        && !matches!(last, '.' | ',' | ';' | ':' | '-' | '–')
        && !s.contains('\t')
}

/// "KONTRAKT OM IT-DRIFT", "TILLÆG NR. 1": all letters uppercase, at least one real word.
fn is_caps(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 4
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && s.split_whitespace()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        && words(s) <= 12
        && !s.ends_with([',', ';', '-'])
        && !s.contains('\t')
}

/// A line that ends a sentence or block: what may stand before an unnumbered heading.
fn ends_block(s: &str) -> bool {
    s.ends_with(['.', ':', '!', '?', ')', '»', '"', '”'])
}

/// The width (in characters) of the document's full lines: the 75th percentile of its non-blank
/// lines (higher ones are inflated by lines that hyphenation joined). Extracted text wraps at about this width; a ground truth with one paragraph a line has a
/// width of hundreds, so that no title there looks wrapped.
fn width(lines: &[(u32, &str)]) -> usize {
    let mut w: Vec<usize> = lines
        .iter()
        .filter(|(_, l)| !l.is_empty())
        .map(|(_, l)| l.chars().count())
        .collect();
    w.sort_unstable();
    w.get(w.len() * 3 / 4).copied().unwrap_or(0)
}

/// A line nearly as long as the document's long lines, of several words: the first line of a
/// paragraph that wrapped ("6.1 Leverandøren skal gennemføre transitionen fra"), not a title.
fn wrapped(line: &str, rest: &str, width: usize) -> bool {
    words(rest) >= 4 && line.chars().count() * 4 >= width * 3
}

pub fn classify(lines: &[(u32, &str)]) -> Vec<Kind> {
    let mut out: Vec<Kind> = Vec::with_capacity(lines.len());
    let mut top: Option<u32> = None;
    let width = width(lines);
    for (i, &(_, line)) in lines.iter().enumerate() {
        let kind = classify_one(lines, i, (line, width), &out, &mut top);
        out.push(kind);
    }
    out
}

/// Evidence that a numbered title line whose previous line runs on (a flattened table row, a
/// signature) still starts a section: it continues the numbering, and what follows is its body
/// or its first sub-clause ("3. Integrationer" then "3.1 …").
fn heads_section(
    lines: &[(u32, &str)],
    (i, width): (usize, usize),
    n: &Number<'_>,
    top: Option<u32>,
) -> bool {
    let in_sequence = match (n.depth, top) {
        (1, Some(t)) => n.top == t + 1,
        (1, None) => n.top <= 1,
        (_, t) => t.is_none_or(|t| t == n.top),
    };
    let Some(next) = next_non_blank(lines, i) else {
        return false;
    };
    let sub = parse_number(next).is_some_and(|m| {
        !m.prefixed && m.top == n.top && m.depth > n.depth && m.label.starts_with(&n.label)
    });
    let body = next.chars().count() * 5 >= width * 3 || (ends_block(next) && words(next) > 5);
    // The next chapter's number ("15. Underskrifter" after 14) with a new sentence after it.
    let chapter = n.depth == 1 && next.starts_with(char::is_uppercase);
    in_sequence && (sub || body || chapter)
}

fn prev_non_blank<'a>(
    lines: &[(u32, &'a str)],
    kinds: &[Kind],
    i: usize,
) -> Option<(&'a str, bool)> {
    (0..i).rev().find_map(|j| {
        let (_, l) = *lines.get(j)?;
        (!l.is_empty()).then(|| (l, matches!(kinds.get(j), Some(Kind::Heading { .. }))))
    })
}

fn next_non_blank<'a>(lines: &[(u32, &'a str)], i: usize) -> Option<&'a str> {
    lines
        .iter()
        .skip(i + 1)
        .map(|(_, l)| *l)
        .find(|l| !l.is_empty())
}

fn classify_one(
    lines: &[(u32, &str)],
    i: usize,
    (line, width): (&str, usize),
    kinds: &[Kind],
    top: &mut Option<u32>,
) -> Kind {
    if line.is_empty() {
        return Kind::Blank;
    }
    // A table row ("| 2 | 1 time i Servicevinduet |") is never a heading or a numbered paragraph,
    // however its first cell looks. (Tab-separated cells are no title already: see `is_title`.)
    if line.starts_with('|') || line.contains(" | ") {
        return Kind::Body;
    }
    let blank_before = i == 0 || lines.get(i - 1).is_some_and(|(_, l)| l.is_empty());
    let prev = prev_non_blank(lines, kinds, i);
    let after_block = blank_before || prev.is_none_or(|(l, heading)| heading || ends_block(l));
    if let Some(n) = parse_number(line) {
        let title = (!n.rest.is_empty()).then(|| n.rest.to_string());
        if n.prefixed {
            // "pkt. 12.3" or "punkt 2.2." alone at a line start is a reference that wrapped there.
            let bare_reference = n.rest.is_empty()
                && !n.label.starts_with(char::is_alphabetic)
                && !n.label.starts_with('§');
            let titled = n.rest.is_empty() || is_title(n.rest, 10) || is_caps(n.rest);
            if after_block && titled && !bare_reference {
                *top = Some(n.top);
                return Kind::Heading {
                    number: Some(n.label),
                    title,
                };
            }
            if after_block && n.label.starts_with('§') {
                return Kind::Paragraph {
                    number: n.label,
                    rest: n.rest.to_string(),
                };
            }
            return Kind::Body;
        }
        let looks_wrapped = wrapped(line, n.rest, width);
        if n.depth == 1 {
            let titled = (is_title(n.rest, 10) && !looks_wrapped) || is_caps(n.rest);
            if n.top <= 300 && titled && (after_block || heads_section(lines, (i, width), &n, *top))
            {
                *top = Some(n.top);
                return Kind::Heading {
                    number: Some(n.label),
                    title,
                };
            }
            return Kind::Body;
        }
        // "8.1 Leverandørens samlede ansvar" wrapping on into "er begrænset til …" is the first line
        // of a paragraph, not a title.
        let continues = lines
            .get(i + 1)
            .is_some_and(|(_, l)| l.starts_with(char::is_lowercase));
        let titled = is_title(n.rest, 6) && !continues && !looks_wrapped;
        let starts = after_block || (titled && heads_section(lines, (i, width), &n, *top));
        if !starts {
            return Kind::Body;
        }
        if titled {
            return Kind::Heading {
                number: Some(n.label),
                title,
            };
        }
        if top.is_none_or(|t| t == n.top) && !n.rest.is_empty() {
            return Kind::Paragraph {
                number: n.label,
                rest: n.rest.to_string(),
            };
        }
        return Kind::Body;
    }
    if is_caps(line) && after_block {
        return Kind::Heading {
            number: None,
            title: Some(line.to_string()),
        };
    }
    // Short lines abound in flattened tables and signature blocks: an unnumbered title must follow a
    // finished sentence or another heading (a blank line alone is not enough) and hold no comma.
    let after_sentence = prev.is_none_or(|(l, heading)| heading || ends_block(l));
    if is_title(line, 5) && after_sentence && !line.contains(',') {
        let next_is_body = next_non_blank(lines, i)
            .is_some_and(|n| n.chars().count() >= 60 || (ends_block(n) && words(n) > 5));
        if next_is_body {
            return Kind::Heading {
                number: None,
                title: Some(line.to_string()),
            };
        }
    }
    Kind::Body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<(String, usize, String)> {
        parse_number(s).map(|n| (n.label, n.depth, n.rest.to_string()))
    }

    #[test]
    fn numbers() {
        assert_eq!(
            num("12.3 a Ophævelse"),
            Some(("12.3 a".into(), 2, "Ophævelse".into()))
        );
        assert_eq!(num("12. Bod"), Some(("12".into(), 1, "Bod".into())));
        assert_eq!(
            num("§ 7. Tvister"),
            Some(("§ 7".into(), 1, "Tvister".into()))
        );
        assert_eq!(num("§7 Tvister"), Some(("§ 7".into(), 1, "Tvister".into())));
        assert_eq!(
            num("pkt. 5 Levering"),
            Some(("5".into(), 1, "Levering".into()))
        );
        assert_eq!(
            num("Bilag 4 – Servicemål og bod"),
            Some(("Bilag 4".into(), 1, "Servicemål og bod".into()))
        );
        assert_eq!(num("Artikel 3"), Some(("Artikel 3".into(), 1, "".into())));
        assert_eq!(num("1.250.000,00 kr."), None);
        assert_eq!(num("a) at tilgængeligheden"), None);
        assert_eq!(num("Bilagene"), None);
        assert_eq!(num("15.1 a) at"), Some(("15.1".into(), 2, "a) at".into())));
    }

    #[test]
    fn unnumbered_headings_need_body_after() {
        let lines = [
            (1, "Parter"),
            (1, ""),
            (
                1,
                "Mellem Københavns Kommune og Nordlys Drift A/S er der indgået følgende.",
            ),
        ];
        assert!(matches!(classify(&lines)[0], Kind::Heading { .. }));
        let table = [(1, "Anskaffende enhed"), (1, ""), (1, "Anskaffende enheds")];
        assert_eq!(classify(&table)[0], Kind::Body);
        let rows = [
            (1, "Tekst."),
            (1, "| 2 | Alvorlig fejl |"),
            (1, "4.1 | Leverandørens ydelser"),
        ];
        assert!(classify(&rows).iter().skip(1).all(|k| *k == Kind::Body));
    }
}

//! Text clean-up after layout: NFKC (ligatures ﬁ → fi), re-joining words hyphenated at line
//! ends, dropping control characters.
//!
//! Superscript and subscript digits are kept as they are: NFKC would turn "m²" into "m2" and
//! "CO₂e" into "CO2e", which changes the words contracts are searched for.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use super::dict;

fn keep_as_is(c: char) -> bool {
    matches!(
        c,
        '\u{00B2}' | '\u{00B3}' | '\u{00B9}' | '\u{2070}'..='\u{209F}'
    )
}

/// Characters that only tell a renderer where it may break a line: zero-width spaces (wkhtmltopdf
/// writes one at every soft hyphen) and joiners. Inside a word they would cut it in two for the index.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// NFKC except super/subscripts; control characters other than newline and tab dropped, and so are
/// invisible break hints and soft hyphens inside a line (WeasyPrint keeps every soft hyphen of the
/// source in the text layer; only one at a line end marks a break, see [`dehyphenate`]).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if invisible(c) || (c == '\u{00AD}' && chars.peek().is_some_and(|&n| n != '\n')) {
            continue;
        }
        if keep_as_is(c) {
            out.extend(run.nfkc());
            run.clear();
            out.push(c);
        } else if c.is_control() && c != '\n' && c != '\t' {
            continue;
        } else {
            run.push(c);
        }
    }
    out.extend(run.nfkc());
    out
}

/// Lower-cased word with punctuation trimmed from both ends.
fn key(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
        .to_lowercase()
}

/// What the whole document says about hyphens, to decide line-end hyphens.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Every word (lower-cased, punctuation trimmed).
    words: HashSet<String>,
    /// Words ending in a hyphen in the middle of a line ("digitaliserings- og it-kontorer").
    open: HashSet<String>,
    /// Whether the producer hyphenates words itself (TeX, groff): then a line-end hyphen with
    /// no other evidence is dropped; otherwise it is kept.
    pub hyphenating: bool,
}

impl Vocabulary {
    pub fn new<'a>(pages: impl Iterator<Item = &'a str>, hyphenating: bool) -> Vocabulary {
        let mut v = Vocabulary {
            hyphenating,
            ..Vocabulary::default()
        };
        for p in pages {
            for line in p.lines() {
                let mut it = line.split_whitespace().peekable();
                while let Some(w) = it.next() {
                    let k = key(w);
                    if it.peek().is_some() && k.len() > 2 && k.ends_with('-') {
                        v.open.insert(k.clone());
                    }
                    if !k.is_empty() && !v.words.contains(&k) {
                        v.words.insert(k);
                    }
                }
            }
        }
        v
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{00AD}' | '\u{2010}')
}

const CONJUNCTIONS: &[&str] = &[
    "og", "eller", "samt", "and", "or", "und", "oder", "et", "ou", "nor",
];

/// How to treat "head-" at a line end followed by "tail".
enum Join {
    No,
    Drop,
    Keep,
}

fn decide(h: char, head: &str, tail: &str, v: &Vocabulary) -> Join {
    if h == '\u{00AD}' {
        return Join::Drop;
    }
    let head_k = key(head);
    let tail_k = key(tail);
    if v.words.contains(&format!("{head_k}-{tail_k}")) {
        return Join::Keep;
    }
    if v.open.contains(&format!("{head_k}-")) || CONJUNCTIONS.contains(&tail_k.as_str()) {
        return Join::No;
    }
    if v.words.contains(&format!("{head_k}{tail_k}")) {
        return Join::Drop;
    }
    // U+2010 is what browsers and WeasyPrint draw where they broke a word at a soft hyphen or by
    // automatic hyphenation; a hyphen typed in the text is U+002D.
    if h == '\u{2010}' && tail.chars().next().is_some_and(char::is_lowercase) {
        return Join::Drop;
    }
    let upper_head = head
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        || head.chars().any(|c| c.is_ascii_digit());
    let upper_tail = tail.chars().next().is_some_and(char::is_uppercase);
    if !(upper_head || upper_tail || v.hyphenating) && dict::available() {
        return by_dictionary(&head_k, &tail_k);
    }
    if upper_head || upper_tail || !v.hyphenating {
        Join::Keep
    } else {
        Join::Drop
    }
}

/// A lower-case "head-" + "tail" at a line end of a producer that does not say whether it hyphenates
/// (office suites and browsers do, with soft hyphens or when told to). Danish writes compounds closed
/// ("standardkontrakt", "postkassen"), so the hyphen is the producer's unless the word list knows the
/// hyphenated form ("e-mail"), or the part before it is a short prefix ("it-drift", "e-post") or
/// "ikke" ("ikke-væsentlig"). Only the last part of a head that has hyphens of its own counts
/// ("KSP-LOGSTA-post-" + "kassen").
fn by_dictionary(head: &str, tail: &str) -> Join {
    let head = head.rsplit('-').next().unwrap_or(head);
    let word: String = tail.chars().take_while(|c| c.is_alphabetic()).collect();
    if dict::knows(&format!("{head}-{word}")) {
        return Join::Keep;
    }
    if dict::knows(&format!("{head}{word}")) {
        return Join::Drop;
    }
    let prefix = head.chars().count() <= 2 || head == "ikke";
    if prefix || !head.chars().all(char::is_alphabetic) {
        return Join::Keep;
    }
    Join::Drop
}

/// Whether a lower-case "head-" + "tail" split over a line end where the page text could not see it
/// (across a page break, after a running footer) is a word the producer hyphenated, by the Danish
/// word list as [`by_dictionary`] decides; false without the list.
pub(crate) fn producer_hyphen(head: &str, tail: &str) -> bool {
    dict::available()
        && matches!(
            by_dictionary(&head.to_lowercase(), &tail.to_lowercase()),
            Join::Drop
        )
}

/// Joins "word-\nword" across line ends: drops the hyphen when it was put there by hyphenation,
/// keeps it when it belongs to the word ("it-anskaffelser", "IT-drift").
pub fn dehyphenate(text: &str, vocab: &Vocabulary) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        let mut line = lines[i].trim_end().to_string();
        while i + 1 < lines.len() {
            let Some(h) = line.chars().last().filter(|&c| is_hyphen(c)) else {
                break;
            };
            let body = &line[..line.len() - h.len_utf8()];
            let next = lines[i + 1].trim_start();
            if !(body.chars().last().is_some_and(char::is_alphabetic)
                && next.chars().next().is_some_and(char::is_alphabetic))
            {
                break;
            }
            let head = body.rsplit(char::is_whitespace).next().unwrap_or("");
            let tail = next.split(char::is_whitespace).next().unwrap_or("");
            let keep = match decide(h, head, tail, vocab) {
                Join::No => break,
                Join::Drop => false,
                Join::Keep => true,
            };
            let mut joined = String::with_capacity(line.len() + next.len());
            joined.push_str(body);
            if keep {
                joined.push('-');
            }
            joined.push_str(next);
            line = joined;
            i += 1;
        }
        out.push_str(&line);
        out.push('\n');
        i += 1;
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfkc_keeps_superscripts() {
        assert_eq!(
            normalize("o\u{FB00}entligt m² CO₂e\u{0001}"),
            "offentligt m² CO₂e"
        );
    }

    #[test]
    fn soft_hyphens_and_break_hints_inside_lines_go() {
        assert_eq!(
            normalize("be\u{00AD}grænse Klientp\u{200B}rog\u{200B}rammet op\u{00AD}\nlysning"),
            "begrænse Klientprogrammet op\u{00AD}\nlysning"
        );
    }

    #[test]
    fn office_hyphens_by_the_word_list() {
        if !dict::available() {
            return; // hunspell-da missing: hyphens stay as drawn
        }
        let v = Vocabulary::new(std::iter::empty(), false);
        let got = |s: &str| dehyphenate(s, &v);
        assert_eq!(got("skal be-\ngrænse"), "skal begrænse");
        assert_eq!(got("netværks-\nkomponenter"), "netværkskomponenter");
        assert_eq!(got("KSP-LOGSTA-post-\nkassen"), "KSP-LOGSTA-postkassen");
        assert_eq!(got("en e-\nmail"), "en e-mail");
        assert_eq!(got("ikke-\nvæsentlig"), "ikke-væsentlig");
        assert_eq!(got("it-\ndrift"), "it-drift");
        assert_eq!(got("Teknik-\nog Miljø"), "Teknik-\nog Miljø");
        assert_eq!(got("KSP-\nLOGSTA"), "KSP-LOGSTA");
        // WeasyPrint's break hyphen.
        assert_eq!(got("forret\u{2010}\nningsbehov"), "forretningsbehov");
    }

    #[test]
    fn hyphens() {
        let v = Vocabulary::new(
            ["om it-anskaffelser", "digitaliserings- og it-kontorer"].into_iter(),
            true,
        );
        assert_eq!(
            dehyphenate("Køben-\nhavns Kommune", &v),
            "Københavns Kommune"
        );
        assert_eq!(
            dehyphenate("om it-\nanskaffelser her", &v),
            "om it-anskaffelser her"
        );
        assert_eq!(dehyphenate("IT-\ndrift", &v), "IT-drift");
        assert_eq!(dehyphenate("beløb -\nkr", &v), "beløb -\nkr");
        assert_eq!(
            dehyphenate("alle digitaliserings-\nkontorer", &v),
            "alle digitaliserings-\nkontorer"
        );
        assert_eq!(dehyphenate("drifts-\nog", &v), "drifts-\nog");
        let lo = Vocabulary::new(std::iter::empty(), false);
        assert_eq!(dehyphenate("ikke-\neksklusiv", &lo), "ikke-eksklusiv");
    }
}

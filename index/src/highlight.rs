//! Snippets: the best window of a hit's stored text, HTML-escaped, with `<mark>` around every word that
//! matched the query in any of its forms (stem, folded, prefix, fuzzy, compound head). tantivy's own
//! snippet generator only knows one field's terms, so folded and compound matches would go unmarked.

use rustc_hash::FxHashSet;

use crate::analysis;

/// Snippet length in characters (about two lines of a result list).
const SNIPPET_CHARS: usize = 240;
/// Characters of context kept in front of the first mark.
const LEAD_CHARS: usize = 50;

/// What the query matched, per analysis form.
#[derive(Debug, Default, Clone)]
pub struct Highlight {
    pub stems: FxHashSet<String>,
    pub folds: FxHashSet<String>,
    /// Folded prefixes.
    pub prefixes: Vec<String>,
    /// Folded words with their edit distance.
    pub fuzzy: Vec<(String, u8)>,
    /// Stems that may appear as compound parts.
    pub heads: FxHashSet<String>,
}

impl Highlight {
    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
            && self.folds.is_empty()
            && self.prefixes.is_empty()
            && self.fuzzy.is_empty()
    }
}

/// Snippet maker for the hits of one query.
pub struct Snippeter<'a> {
    hl: &'a Highlight,
    /// The compound parts with their folded forms.
    heads: Vec<(&'a str, String)>,
    /// The folded word being matched (one buffer for all words).
    folded: String,
}

impl<'a> Snippeter<'a> {
    pub fn new(hl: &'a Highlight) -> Self {
        // Parts shorter than a compound head never match (`analysis::is_part`).
        let heads = hl
            .heads
            .iter()
            .filter(|h| h.chars().count() >= analysis::MIN_HEAD)
            .map(|h| (h.as_str(), analysis::fold_word(h)))
            .collect();
        Snippeter {
            hl,
            heads,
            folded: String::new(),
        }
    }

    /// The key a word matched the query by, if any.
    fn matches(&mut self, lower: &str) -> Option<String> {
        let hl = self.hl;
        // The stem is a prefix of the word (`analysis::with_stem`), so only a word that starts with a
        // query stem or holds a compound part can match by its stem; the others are not stemmed.
        let by_stem = hl.stems.iter().any(|s| lower.starts_with(s.as_str()))
            || self
                .heads
                .iter()
                .any(|(h, _)| lower.len() >= h.len() + analysis::MIN_MODIFIER && lower.contains(h));
        let stem = if by_stem {
            analysis::with_stem(lower, str::to_string)
        } else {
            String::new()
        };
        if hl.stems.contains(&stem) {
            return Some(stem);
        }
        self.folded.clear();
        analysis::fold_into(lower, &mut self.folded);
        let folded = self.folded.as_str();
        if hl.folds.contains(folded) {
            return Some(folded.to_string());
        }
        if let Some(p) = hl.prefixes.iter().find(|p| folded.starts_with(p.as_str())) {
            return Some(p.clone());
        }
        if let Some((w, _)) = hl
            .fuzzy
            .iter()
            .find(|(w, d)| levenshtein_within(folded, w, usize::from(*d)))
        {
            return Some(w.clone());
        }
        // An empty stem (not looked up) ends with no part, so only the folded word's start counts.
        self.heads
            .iter()
            .find(|(h, fh)| analysis::is_part(&stem, folded, h, fh))
            .map(|(h, _)| h.to_string())
    }

    /// The snippet of `text`: HTML-escaped, matches in `<mark>`.
    pub fn snippet(&mut self, text: &str) -> String {
        let mut marks: Vec<(usize, usize, String)> = Vec::new();
        if !self.hl.is_empty() || !self.hl.heads.is_empty() {
            analysis::each_lower(text, |at, lower| {
                if let Some(key) = self.matches(lower) {
                    marks.push((at.start, at.end, key));
                }
            });
        }
        let (start, end) = window(text, &marks);
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        let mut pos = start;
        for (from, to, _) in marks.iter().filter(|(f, t, _)| *f >= start && *t <= end) {
            escape_into(&mut out, text.get(pos..*from).unwrap_or(""));
            out.push_str("<mark>");
            escape_into(&mut out, text.get(*from..*to).unwrap_or(""));
            out.push_str("</mark>");
            pos = *to;
        }
        escape_into(&mut out, text.get(pos..end).unwrap_or(""));
        if end < text.len() {
            out.push('…');
        }
        out
    }
}

/// Byte range of the window with the most distinct matched words, cut at word boundaries.
fn window(text: &str, marks: &[(usize, usize, String)]) -> (usize, usize) {
    let byte_at = |from: usize, chars: usize| -> usize {
        text.get(from..)
            .and_then(|s| s.char_indices().nth(chars))
            .map_or(text.len(), |(i, _)| from + i)
    };
    let mut best: Option<((usize, usize), usize)> = None;
    for (i, (from, _, _)) in marks.iter().enumerate() {
        let limit = byte_at(*from, SNIPPET_CHARS.saturating_sub(LEAD_CHARS));
        let inside = || marks.iter().skip(i).take_while(|(_, t, _)| *t <= limit);
        let distinct: FxHashSet<&str> = inside().map(|(_, _, k)| k.as_str()).collect();
        let score = (distinct.len(), inside().count());
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    let anchor = best.and_then(|(_, i)| marks.get(i)).map_or(0, |m| m.0);
    // Back up a little for context, to the start of a word.
    let lead_start = text.get(..anchor).map_or(0, |before| {
        let n = before.chars().count();
        let cut = before
            .char_indices()
            .nth(n.saturating_sub(LEAD_CHARS))
            .map_or(0, |(i, _)| i);
        if cut == 0 {
            0
        } else {
            before
                .get(cut..)
                .and_then(|s| s.find(char::is_whitespace))
                .map_or(cut, |w| cut + w + 1)
        }
    });
    let start = lead_start.min(anchor);
    let mut end = byte_at(start, SNIPPET_CHARS);
    if end < text.len()
        && let Some(ws) = text.get(..end).and_then(|s| s.rfind(char::is_whitespace))
        && ws > start
    {
        end = ws;
    }
    (start, end.max(start))
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Whether the Levenshtein distance of `a` and `b` is at most `max` (small words; early exit).
pub fn levenshtein_within(a: &str, b: &str, max: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(usize::MAX - 1) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX - 1) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX - 1) + 1;
            if let Some(c) = cur.get_mut(j + 1) {
                *c = sub.min(del).min(ins);
            }
        }
        if cur.iter().min().copied().unwrap_or(0) > max {
            return false;
        }
        prev = cur;
    }
    prev.last().is_some_and(|d| *d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_escapes() {
        let mut hl = Highlight::default();
        hl.stems.insert("ophæv".into());
        let mut s = Snippeter::new(&hl);
        let out = s.snippet("Kunden kan <b>ophæve</b> & Ophævelse sker skriftligt.");
        assert_eq!(
            out,
            "Kunden kan &lt;b&gt;<mark>ophæve</mark>&lt;/b&gt; &amp; <mark>Ophævelse</mark> sker skriftligt."
        );
    }

    #[test]
    fn marks_every_kind_of_match() {
        let mut hl = Highlight::default();
        hl.stems
            .insert(analysis::with_stem("misligholdelse", str::to_string));
        hl.folds.insert("aabenraa".into());
        hl.prefixes.push("leverand".into());
        hl.fuzzy.push(("kontrakt".into(), 1));
        hl.heads.insert("forordning".into());
        hl.heads.insert("hosting".into());
        hl.heads.insert("tale".into());
        let text = concat!(
            "Væsentlig misligholdelse i Åbenrå: Leverandørens kontrakts ",
            "databeskyttelsesforordningen, hostingydelsen, aftalen."
        );
        let out = Snippeter::new(&hl).snippet(text);
        let marked: Vec<&str> = out
            .split("<mark>")
            .skip(1)
            .filter_map(|m| m.split("</mark>").next())
            .collect();
        assert_eq!(
            marked,
            [
                "misligholdelse",
                "Åbenrå",
                "Leverandørens",
                "kontrakts",
                "databeskyttelsesforordningen",
                "hostingydelsen"
            ],
            "{out}"
        );
    }

    #[test]
    fn window_moves_to_matches() {
        let mut hl = Highlight::default();
        hl.stems.insert("bod".into());
        let text = format!("{} Der betales bod ved forsinkelse.", "ord ".repeat(200));
        let out = Snippeter::new(&hl).snippet(&text);
        assert!(
            out.starts_with('…') && out.contains("<mark>bod</mark>"),
            "{out}"
        );
    }

    #[test]
    fn levenshtein() {
        assert!(levenshtein_within("ophavelse", "ophaevelse", 1));
        assert!(!levenshtein_within("kontrakt", "kontor", 1));
    }
}

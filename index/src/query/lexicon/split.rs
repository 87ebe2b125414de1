//! Compound splits of a word the index does not hold (see [`Lexicon::split`]).

use super::Lexicon;
use crate::analysis;

/// Shortest compound part (shorter ones such as "for", "af" split every word somewhere).
const MIN_PART: usize = 3;
/// Shortest part taken on the dictionary's word alone (the index holding it nowhere as a word).
const MIN_DICT_PART: usize = 4;
/// Most parts a word is split into.
const MAX_PARTS: usize = 3;

/// A compound part: the folded text, how many clauses hold it, whether the dictionary knows it.
struct Part {
    text: String,
    freq: u64,
    word: bool,
}

/// A split: its parts, its rank (parts the dictionary does not know, parts the index does not
/// hold, parts; fewer is better) and its mean log frequency (higher is better).
type Split = (Vec<String>, (usize, usize, usize), f64);

impl Lexicon<'_> {
    /// A split of the folded word into parts that the index holds as words of their own (any
    /// inflection) or that the dictionary knows, with the linking `s` or `e` after a part dropped
    /// ("betalingsfrist" → betaling + frist). Among splits, those with the fewest parts the dictionary
    /// does not know first (so "arbejdsgiver" is not cut into fragments that happen to be codes or
    /// names of some text), then fewest the index does not hold ("adgang + kort", not "adgang +
    /// skort"), then fewest parts, then the largest geometric mean of the parts'
    /// frequencies (Koehn and Knight's rule, which prefers common, long parts to rare fragments).
    /// `None` when no split has every part known. Without a dictionary: index words only.
    pub fn split(&mut self, folded: &str) -> Option<Vec<String>> {
        if !folded.chars().all(char::is_alphabetic) {
            return None;
        }
        self.split_depth(folded, MAX_PARTS)
            .map(|(parts, _, _)| parts)
    }

    /// The head of a compound that splits no other way: the longest ending of the folded word, behind
    /// at least [`MIN_PART`] letters, that the index holds or the dictionary knows and that is long
    /// enough to be a head ([`analysis::MIN_HEAD`]). Danish compounds are right-headed, so the head
    /// carries the meaning ("genforhandling" is a kind of "forhandling").
    pub fn head(&mut self, folded: &str) -> Option<String> {
        if !folded.chars().all(char::is_alphabetic) {
            return None;
        }
        folded
            .char_indices()
            .map(|(i, _)| i)
            .skip(MIN_PART)
            .map(|i| &folded[i..])
            .take_while(|rest| rest.chars().count() >= analysis::MIN_HEAD)
            .find_map(|rest| self.known_part(rest).map(|p| p.text))
    }

    /// Whether the index holds a folded part as a word of its own (any inflection).
    pub fn holds(&mut self, part: &str) -> bool {
        self.known_part(part).is_some_and(|p| p.freq > 0)
    }

    /// The part, if the index holds it as a word or the dictionary knows it.
    fn known_part(&mut self, part: &str) -> Option<Part> {
        let n = part.chars().count();
        if n < MIN_PART || analysis::is_stopword(part) {
            return None;
        }
        // A part shorter than a dictionary part counts only as a word the texts use as such: through
        // stems, "ing" would be held by "ingen" and "ans" by "ansat", and any word ending so would split.
        if n < MIN_DICT_PART && self.fold_freq(part) == 0 {
            return None;
        }
        let freq = self.fold_freq(part).max(self.stem_freq(part)).max(
            analysis::unfold_variants(part)
                .iter()
                .map(|v| self.stem_freq(v))
                .max()
                .unwrap_or(0),
        );
        let word = (freq > 0 || n >= MIN_DICT_PART) && self.knows_folded(part);
        (freq > 0 || (word && n >= MIN_DICT_PART)).then(|| Part {
            text: part.to_string(),
            freq,
            word,
        })
    }

    /// Best split into at most `left` parts, with its count of non-dictionary parts and its score
    /// (mean log frequency, a part only the dictionary knows counting as frequency 1).
    fn split_depth(&mut self, w: &str, left: usize) -> Option<Split> {
        if left < 2 {
            return None;
        }
        let bounds: Vec<usize> = w.char_indices().map(|(i, _)| i).skip(MIN_PART).collect();
        let mut best: Option<Split> = None;
        let ln = |p: &Part| (p.freq.max(1) as f64).ln();
        for &i in &bounds {
            let (head, rest) = w.split_at(i);
            if rest.chars().count() < MIN_PART {
                break;
            }
            let mut heads = vec![head.to_string()];
            for link in ['s', 'e'] {
                if let Some(h) = head.strip_suffix(link)
                    && h.chars().count() >= MIN_PART
                {
                    heads.push(h.to_string());
                }
            }
            let Some(h) = heads
                .iter()
                .filter_map(|h| self.known_part(h))
                .max_by_key(|p| (p.word, p.freq))
            else {
                continue;
            };
            let rank = |p: &Part| (usize::from(!p.word), usize::from(p.freq == 0), 1);
            let add = |a: (usize, usize, usize), b: (usize, usize, usize)| {
                (a.0 + b.0, a.1 + b.1, a.2 + b.2)
            };
            let cand = match self.known_part(rest) {
                Some(r) => Some((
                    vec![h.text.clone(), r.text.clone()],
                    add(rank(&h), rank(&r)),
                    (ln(&h) + ln(&r)) / 2.0,
                )),
                None => self.split_depth(rest, left - 1).map(|(mut parts, o, s)| {
                    let n = parts.len() as f64;
                    parts.insert(0, h.text.clone());
                    (parts, add(o, rank(&h)), (s * n + ln(&h)) / (n + 1.0))
                }),
            };
            if let Some(c) = cand {
                let better = best
                    .as_ref()
                    .is_none_or(|b| c.1 < b.1 || (c.1 == b.1 && c.2 > b.2));
                if better {
                    best = Some(c);
                }
            }
        }
        best
    }
}

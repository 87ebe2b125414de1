//! [`Lexicon`]: what the index's own vocabulary says about a query word the index does not hold as
//! typed — other ways of typing æøå, a spelling correction, a split into compound parts.
//!
//! Everything is read from the term dictionaries of the folded fields (`fold`, `heading_fold`: every
//! word of every clause, lowercase, æ→ae ø→oe å→aa) and the stemmed clause text, so that a correction
//! or a part is always a word some clause holds. These lookups run only for words the index does not
//! know (or knows rarely), so a common query pays nothing for them.

use std::sync::OnceLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::Term;
use tantivy::tokenizer::TextAnalyzer;
use tantivy_fst::Automaton;

use std::collections::HashMap;

mod split;

use super::affix::AffixQuery;
use crate::analysis;
use crate::language::Speller;
use crate::schema::Fields;
use crate::stats::Stats;

/// Shortest word corrected; the allowed distance grows with length (see [`max_distance`]).
const MIN_CORRECTED: usize = 5;
/// Most dictionary lookups for one word's splits (each some microseconds; a long word has hundreds
/// of substrings).
const MAX_DICT_LOOKUPS: usize = 160;
/// Most corrections at the smallest distance the dictionary is asked about.
const MAX_TIES: usize = 20;
/// At most this many spellings are tried for one word's `o`/`a` (each is a dictionary lookup).
const MAX_SPELLINGS: usize = 27;

/// Edits allowed when correcting a word of `chars` characters: none for short words (too many
/// neighbours), one up to 8 letters, two beyond.
pub fn max_distance(chars: usize) -> u8 {
    match chars {
        0..MIN_CORRECTED => 0,
        MIN_CORRECTED..=8 => 1,
        _ => 2,
    }
}

/// The Levenshtein automaton builders (a transposition is one edit), built once: building one costs
/// milliseconds, a word's automaton from it microseconds.
fn builder(d: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    if d <= 1 {
        ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
    } else {
        TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true))
    }
}

/// A Levenshtein DFA as the term dictionary's automaton (tantivy's own wrapper is crate-private).
struct Lev<'a>(&'a DFA);

impl Automaton for Lev<'_> {
    type State = u32;
    fn start(&self) -> u32 {
        self.0.initial_state()
    }
    fn is_match(&self, s: &u32) -> bool {
        matches!(self.0.distance(*s), Distance::Exact(_))
    }
    fn can_match(&self, s: &u32) -> bool {
        *s != SINK_STATE
    }
    fn accept(&self, s: &u32, b: u8) -> u32 {
        self.0.transition(*s, b)
    }
}

/// A correction: the folded word found, its distance and how many clauses hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub folded: String,
    pub distance: u8,
    pub doc_freq: u64,
}

pub struct Lexicon<'a> {
    stats: &'a Stats<'a>,
    f: Fields,
    stem: TextAnalyzer,
    speller: Option<&'a Speller>,
    /// What the dictionary said of each folded part asked while splitting one word.
    known: HashMap<String, bool>,
}

impl<'a> Lexicon<'a> {
    pub fn new(stats: &'a Stats<'a>, f: Fields) -> Self {
        Lexicon {
            stats,
            f,
            stem: analysis::stem_analyzer(),
            speller: None,
            known: HashMap::new(),
        }
    }

    /// Lets the Hunspell dictionary break ties among corrections and validate compound parts.
    pub fn with_speller(mut self, speller: Option<&'a Speller>) -> Self {
        self.speller = speller;
        self
    }

    /// Whether the dictionary holds the lowercase word as correctly spelt (false without one).
    pub fn is_danish(&self, lower: &str) -> bool {
        self.speller.is_some_and(|s| s.check(lower))
    }

    fn knows_folded(&mut self, folded: &str) -> bool {
        let Some(sp) = self.speller else {
            return false;
        };
        if let Some(k) = self.known.get(folded) {
            return *k;
        }
        let k = self.known.len() < MAX_DICT_LOOKUPS && sp.knows_folded(folded);
        self.known.insert(folded.to_string(), k);
        k
    }

    fn df(&self, field: tantivy::schema::Field, text: &str) -> u64 {
        self.stats
            .doc_freq(&Term::from_field_text(field, text))
            .unwrap_or(0)
    }

    /// Clauses holding the folded word `folded` in their text or heading.
    pub fn fold_freq(&self, folded: &str) -> u64 {
        self.df(self.f.fold, folded) + self.df(self.f.heading_fold, folded)
    }

    fn stem_of(&mut self, lower: &str) -> Option<String> {
        analysis::terms(&mut self.stem, lower).into_iter().next()
    }

    /// Clauses holding some inflection of the lowercase word (its stem in text or heading), or the
    /// folded word itself.
    pub fn word_freq(&mut self, lower: &str) -> u64 {
        let folded = analysis::fold_word(lower);
        let by_stem = self.stem_of(lower).map_or(0, |s| {
            self.df(self.f.text, &s) + self.df(self.f.heading, &s)
        });
        by_stem.max(self.fold_freq(&folded))
    }

    /// Whether the word is part of a longer word of the index, by the compound rules of
    /// `compile::compounds` (as its head, or as its modifier).
    /// The modifier is checked with the whole word, not its stem as the search does: a misspelt
    /// word's stem is often a prefix of the right word ("leverandøerne" → "leverandø", a prefix of
    /// "leverandøren"), which makes it no compound.
    pub fn in_compounds(&mut self, lower: &str) -> bool {
        let Some(stem) = self.stem_of(lower) else {
            return false;
        };
        if stem.chars().count() < analysis::MIN_HEAD || !stem.chars().all(char::is_alphanumeric) {
            return false;
        }
        let searcher = self.stats.searcher();
        AffixQuery::new(
            self.f.rev,
            &analysis::reversed(&stem),
            analysis::MIN_MODIFIER,
        )
        .matches_any(searcher)
            || AffixQuery::new(self.f.fold, &analysis::fold_word(lower), analysis::MIN_REST)
                .matches_any(searcher)
    }

    /// Folded spellings of a folded word with `o` read as `oe` (ø), `a` as `aa` (å) or `ae` (æ), that
    /// the index holds; the word as typed is not among them.
    pub fn spellings(&self, folded: &str) -> Vec<String> {
        let mut forms = vec![String::new()];
        let chars: Vec<char> = folded.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let next = chars.get(i + 1).copied();
            // Only a lone vowel can stand for a folded letter: "oe", "aa", "ae" already are one.
            let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let alone = prev != Some(c) && prev != Some('a') && prev != Some('o');
            let options: &[&str] = match c {
                'o' if next != Some('e') && alone => &["o", "oe"],
                'a' if !matches!(next, Some('a' | 'e')) && alone => &["a", "aa", "ae"],
                _ => &[],
            };
            if options.is_empty() || forms.len() * options.len() > MAX_SPELLINGS {
                forms.iter_mut().for_each(|f| f.push(c));
                continue;
            }
            forms = forms
                .iter()
                .flat_map(|f| options.iter().map(move |o| format!("{f}{o}")))
                .collect();
        }
        forms.retain(|f| f != folded && self.fold_freq(f) > 0);
        forms
    }

    /// The nearest word of the index within the distance `folded` allows: fewest edits first, then the
    /// word most clauses hold. `None` for short words and when nothing is near.
    pub fn correct(&self, folded: &str) -> Option<Correction> {
        let d = max_distance(folded.chars().count());
        // Letters only: a code or number one digit away ("iso27001", "oces3") is another code.
        if d == 0 || !folded.chars().all(char::is_alphabetic) {
            return None;
        }
        let dfa = builder(d).build_dfa(folded);
        let mut found: Vec<Correction> = Vec::new();
        for seg in self.stats.searcher().segment_readers() {
            for field in [self.f.fold, self.f.heading_fold] {
                let Ok(inv) = seg.inverted_index(field) else {
                    continue;
                };
                let Ok(mut stream) = inv.terms().search(Lev(&dfa)).into_stream() else {
                    continue;
                };
                while stream.advance() {
                    let Ok(word) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    let Distance::Exact(dist) = dfa.eval(word) else {
                        continue;
                    };
                    let n = u64::from(stream.value().doc_freq);
                    match found.iter_mut().find(|c| c.folded == word) {
                        Some(c) => c.doc_freq += n,
                        None => found.push(Correction {
                            folded: word.to_string(),
                            distance: dist,
                            doc_freq: n,
                        }),
                    }
                }
            }
        }
        found.retain(|c| c.distance > 0 && c.folded.chars().count() >= MIN_CORRECTED - 1);
        let nearest = found.iter().map(|c| c.distance).min()?;
        found.retain(|c| c.distance == nearest);
        // Ties: a word the dictionary knows before one it does not (a name, a code, a misspelling in
        // some text), then the word most clauses hold.
        found.sort_by(|a, b| b.doc_freq.cmp(&a.doc_freq).then(a.folded.cmp(&b.folded)));
        found.truncate(MAX_TIES);
        let speller = self.speller;
        found
            .into_iter()
            .map(|c| (speller.is_some_and(|s| s.knows_folded(&c.folded)), c))
            .min_by(|(ka, a), (kb, b)| {
                kb.cmp(ka)
                    .then(b.doc_freq.cmp(&a.doc_freq))
                    .then(a.folded.cmp(&b.folded))
            })
            .map(|(_, c)| c)
    }

    /// The word as it is written in the text: the folded word with æøå restored where the index holds
    /// that spelling's stem (the spelling most clauses hold; "leverandoeren" → "leverandøren").
    pub fn display(&mut self, folded: &str) -> String {
        let mut best = (self.stem_freq(folded), folded.to_string());
        for v in analysis::unfold_variants(folded) {
            let n = self.stem_freq(&v);
            if n > best.0 {
                best = (n, v);
            }
        }
        best.1
    }

    fn stem_freq(&mut self, lower: &str) -> u64 {
        self.stem_of(lower).map_or(0, |s| {
            self.df(self.f.text, &s) + self.df(self.f.heading, &s)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::max_distance;

    #[test]
    fn distance_grows_with_length() {
        assert_eq!(max_distance(4), 0);
        assert_eq!(max_distance(5), 1);
        assert_eq!(max_distance(8), 1);
        assert_eq!(max_distance(9), 2);
    }
}

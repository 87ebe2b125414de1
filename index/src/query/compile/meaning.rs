//! What a plain query word is taken to mean when the index does not hold it as typed: another way of
//! typing æøå (`o` for ø, `a` for å or æ), the nearest word the index holds (a typo), or its parts (a
//! compound the texts never use, "betalingsfrist" → betaling + frist; with no split, its head:
//! "genforhandling" → forhandling); a hyphenated word closed up ("to-faktor" → "tofaktor"); and its synonyms
//! (`data/synonyms.tsv`, then the installed thesaurus). `=word` skips all of it (the parser marks the
//! word exact). The installed Hunspell dictionary ([`crate::language`]), when there, validates the
//! parts of a split, breaks ties among corrections, and keeps a correctly spelt compound from being
//! "corrected" into another word.
//!
//! The word as typed always stays in the query: the texts may hold it inside compounds, which a
//! dictionary lookup does not see. The rest weighs less, so the word's own matches rank first.

use tantivy::query::Query;

use super::super::lexicon::Lexicon;
use super::super::{irregular, synonyms};
use super::{Compiler, any_of, boost};
use crate::analysis;
use crate::query::ast::Target;

type Q = Box<dyn Query>;

/// Weight of a strong verb's other forms ("opsagt" → "opsige"): the same word, but not as typed.
const INFLECTION_WEIGHT: f32 = 0.8;
/// Weight of a hyphenated word's closed-up form ("to-faktor" → "tofaktor"): the same word, spelt as texts do.
const CLOSED_WEIGHT: f32 = 0.8;
/// Weight of a curated synonym's matches against the word's own.
const SYNONYM_WEIGHT: f32 = 0.5;
/// Weight of a thesaurus synonym's matches: general language, less sure to mean the same in a contract.
const THESAURUS_WEIGHT: f32 = 0.3;
/// Most thesaurus synonyms searched for one word (the first ones the index holds, in its order).
const MAX_THESAURUS: usize = 4;
/// A thesaurus synonym held by more than this share of the clauses (and more than
/// [`COMMON_FLOOR`]) is too common to say anything ("del", "sag"): it is left out.
const COMMON_SHARE: u64 = 20;
const COMMON_FLOOR: u64 = 10;
/// Weight of a clause holding all of a compound's parts (but not the compound).
const PARTS_WEIGHT: f32 = 0.5;
/// Weight of a clause holding one of the parts of a compound that has no other reading: far below
/// all of them, so that such clauses only follow (no query that has a known part finds nothing).
const PART_WEIGHT: f32 = 0.1;
/// A word held by at most this many clauses is rare: its parts are searched too.
const RARE: u64 = 2;
/// Shortest word split when the index holds it rarely (shorter rare words are rarely compounds).
const MIN_RARE_SPLIT: usize = 10;

/// "Windows11" → "Windows 11": a word with letters and digits side by side, split where they meet
/// (the text may hold them apart). `None` for a word without such a boundary.
fn spaced(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len() + 2);
    let mut prev: Option<char> = None;
    let mut split = false;
    for c in raw.chars() {
        if let Some(p) = prev
            && ((p.is_alphabetic() && c.is_ascii_digit())
                || (p.is_ascii_digit() && c.is_alphabetic()))
        {
            out.push(' ');
            split = true;
        }
        out.push(c);
        prev = Some(c);
    }
    (split && raw.chars().all(char::is_alphanumeric)).then_some(out)
}

/// "to-faktor" → "tofaktor": a word of letters joined by hyphens, closed up. Danish writes compounds
/// closed ("tofaktorautentifikation"), and people hyphenate them when they type. `None` for a word
/// without such a hyphen.
fn closed_up(raw: &str) -> Option<String> {
    let parts: Vec<&str> = raw.split('-').collect();
    let letters = |p: &&str| !p.is_empty() && p.chars().all(char::is_alphabetic);
    (parts.len() > 1 && parts.iter().all(letters)).then(|| parts.concat())
}

impl Compiler<'_> {
    /// A plain word, not negated: its synonyms beside it, and what [`Compiler::understood`] makes of it.
    pub(super) fn meant_word(&mut self, raw: &str, target: Target) -> Q {
        if target != Target::Any || self.stats.is_none() {
            return self.plain_word(raw, target, false, None, false);
        }
        let mut syns = self.synonyms_of(raw);
        // A strong verb's other forms are the same word, as inflections are to the stemmer.
        syns.extend(
            irregular::other_forms(raw)
                .into_iter()
                .map(|f| (f, INFLECTION_WEIGHT)),
        );
        // A word the index holds often keeps its one-word synonyms inside its own group (as other
        // terms of the word, weighted less), so that it stays a word the two-pass search can rank:
        // common words are the ones whose search must not get slower.
        if !syns.is_empty() && self.is_common_word(raw) {
            let (single, multi): (Vec<_>, Vec<_>) = syns.into_iter().partition(|(s, _)| {
                analysis::terms(&mut self.lower, &analysis::normalize(s)).len() == 1
            });
            self.synonym_words = single;
            syns = multi;
        }
        let own = self.understood(raw);
        syns.append(&mut self.synonym_words);
        let spaced = spaced(raw);
        let closed = closed_up(raw);
        if syns.is_empty() && spaced.is_none() && closed.is_none() {
            return own;
        }
        self.no_core = true;
        let mut qs = vec![own];
        if let Some(word) = closed {
            // Found as written or split, never corrected into another word: the closed form is a
            // second reading of what was typed, not a typo of it (and no correction is reported).
            let correct = std::mem::replace(&mut self.opts.correct, false);
            let q = self.understood(&word);
            self.opts.correct = correct;
            qs.push(boost(q, CLOSED_WEIGHT));
        }
        if let Some(sp) = spaced {
            qs.push(self.phrase(&sp, 0, Target::Any, false));
        }
        for (s, w) in syns {
            let q = self.plain_word(&s, Target::Any, false, None, false);
            qs.push(boost(q, w));
        }
        any_of(qs)
    }

    /// The word's synonyms with their weights: the curated list's; then, for a word no clause holds,
    /// the thesaurus's that the index holds and that are not too common to mean anything (see
    /// [`COMMON_SHARE`]). A word the texts use finds its own clauses, and the thesaurus's general
    /// language would mostly add noise beside them.
    fn synonyms_of(&mut self, raw: &str) -> Vec<(String, f32)> {
        if !self.opts.synonyms {
            return Vec::new();
        }
        let mut out: Vec<(String, f32)> = Vec::new();
        if self.opts.curated {
            out.extend(synonyms::of(raw).into_iter().map(|s| (s, SYNONYM_WEIGHT)));
        }
        let lang = self.lang.clone();
        let (Some(th), Some(stats), true) = (&lang.thesaurus, self.stats, self.opts.thesaurus)
        else {
            return out;
        };
        let candidates = th.of(raw);
        if candidates.is_empty() {
            return out;
        }
        let mut lex = Lexicon::new(stats, *self.f);
        let lowers = analysis::terms(&mut self.lower, &analysis::normalize(raw));
        let held = lowers.iter().any(|l| {
            lex.word_freq(l) > 0
                || analysis::unfold_variants(l)
                    .iter()
                    .any(|v| lex.word_freq(v) > 0)
        });
        if held {
            return out;
        }
        let most = (stats.searcher().num_docs() / COMMON_SHARE).max(COMMON_FLOOR);
        let own = synonyms::key(raw);
        let mut taken = 0;
        for s in candidates {
            if taken == MAX_THESAURUS {
                break;
            }
            let k = synonyms::key(s);
            if k == own || out.iter().any(|(o, _)| synonyms::key(o) == k) {
                continue;
            }
            let n = lex.word_freq(s);
            if n > 0 && n <= most {
                out.push((s.clone(), THESAURUS_WEIGHT));
                taken += 1;
            }
        }
        out
    }

    /// Whether the index holds the word (some inflection of it) in more than [`RARE`] clauses.
    fn is_common_word(&mut self, raw: &str) -> bool {
        let lowers = analysis::terms(&mut self.lower, &analysis::normalize(raw));
        match (self.stats, lowers.as_slice()) {
            (Some(stats), [lower]) => Lexicon::new(stats, *self.f).word_freq(lower) > RARE,
            _ => false,
        }
    }

    /// The word, or when the index lacks it, its other spelling, its correction or its parts.
    fn understood(&mut self, raw: &str) -> Q {
        let lowers = analysis::terms(&mut self.lower, &analysis::normalize(raw));
        let (Some(stats), [lower]) = (self.stats, lowers.as_slice()) else {
            return self.plain_word(raw, Target::Any, false, None, false);
        };
        let lower = lower.clone();
        let folded = analysis::fold_word(&lower);
        let lang = self.lang.clone();
        let speller = lang.speller.as_ref().filter(|_| self.opts.dictionary);
        let mut lex = Lexicon::new(stats, *self.f).with_speller(speller);
        let mut freq = lex.word_freq(&lower);
        for v in analysis::unfold_variants(&lower) {
            freq = freq.max(lex.word_freq(&v));
        }
        let long = lower.chars().count() >= MIN_RARE_SPLIT;
        // Not in any text as typed, but with o or a for ø, å or æ it is ("tilgangelighed", whose stem
        // "tilgang" would otherwise pass for the word): that spelling, the one most clauses hold.
        if lex.fold_freq(&folded) == 0
            && let Some(best) = lex
                .spellings(&folded)
                .into_iter()
                .max_by_key(|s| lex.fold_freq(s))
        {
            let shown = lex.display(&best);
            if freq == 0 {
                return self.plain_word(&shown, Target::Any, false, None, false);
            }
            self.no_core = true;
            let own = self.plain_word(raw, Target::Any, false, None, false);
            let respelt = self.plain_word(&shown, Target::Any, false, None, false);
            return any_of(vec![own, respelt]);
        }
        if freq > 0 || lex.in_compounds(&lower) {
            if freq > RARE || !long || !self.opts.decompound {
                return self.plain_word(raw, Target::Any, false, None, false);
            }
            // Rare: a clause holding its parts may be what was meant too.
            let own = self.plain_word(raw, Target::Any, false, None, false);
            // Only parts the index holds as words: the word itself is there to be found.
            return match self.parts(&mut lex, &folded) {
                Some((parts, true)) => {
                    self.no_core = true;
                    any_of(vec![own, joined(parts, false)])
                }
                _ => own,
            };
        }
        let parts = if self.opts.decompound {
            self.parts(&mut lex, &folded)
        } else {
            None
        };
        // A word the dictionary knows is spelt right: when it splits into words the index holds, it
        // is a compound the texts do not use, not a typo of some other word. (Its compound rules
        // accept much, "leverandøerne" as lever + andøerne: parts the texts lack do not count.)
        let held = parts.as_ref().is_some_and(|(_, held)| *held);
        let corrected = if self.opts.correct && !(held && lex.is_danish(&lower)) {
            lex.correct(&folded)
        } else {
            None
        };
        let mut qs = Vec::new();
        let alone = corrected.is_none();
        if let Some(c) = corrected {
            let shown = lex.display(&c.folded);
            self.corrections.push((raw.to_string(), shown.clone()));
            qs.push(self.plain_word(&shown, Target::Any, false, None, false));
        }
        // With no other reading, a clause with one of the parts beats finding nothing; but those are
        // the union of the parts' clauses (hundreds of thousands for common parts), so only a second
        // search asks for them, when the clauses with all parts do not fill the page.
        if let Some((p, _)) = parts {
            self.no_core = true;
            if alone && !self.single_parts {
                self.parts_held_back = true;
            }
            qs.push(joined(p, alone && self.single_parts));
        }
        if qs.is_empty() {
            // No split and no correction: the compound's head, far below (the word as typed stays
            // first, should some text hold it inside a longer word).
            let own = self.plain_word(raw, Target::Any, false, None, false);
            let head = self.opts.decompound.then(|| lex.head(&folded)).flatten();
            let Some(head) = head else { return own };
            self.no_core = true;
            let shown = lex.display(&head);
            let head = self.plain_word(&shown, Target::Any, false, None, false);
            return any_of(vec![own, boost(head, PART_WEIGHT)]);
        }
        if qs.len() > 1 {
            self.no_core = true;
        }
        any_of(qs)
    }

    /// The queries of the parts of the folded word (each in any inflection), and whether the index
    /// holds every part as a word of its own; `None` when the word has no split into parts the index
    /// holds or the dictionary knows. [`joined`] makes them one query.
    fn parts(&mut self, lex: &mut Lexicon<'_>, folded: &str) -> Option<(Vec<Q>, bool)> {
        let parts = lex.split(folded)?;
        let held = parts.iter().all(|p| lex.holds(p));
        let qs: Vec<Q> = parts
            .iter()
            .map(|p| {
                let shown = lex.display(p);
                self.plain_word(&shown, Target::Any, false, None, false)
            })
            .collect();
        Some((qs, held))
    }
}

/// Clauses holding every part, weighted below the word's own matches; with `each`, also clauses
/// holding one part, far below.
fn joined(parts: Vec<Q>, each: bool) -> Q {
    let singles: Vec<Q> = if each {
        parts
            .iter()
            .map(|q| boost(q.box_clone(), PART_WEIGHT))
            .collect()
    } else {
        Vec::new()
    };
    let all = boost(super::all_of(parts), PARTS_WEIGHT);
    if singles.is_empty() {
        return all;
    }
    any_of(std::iter::once(all).chain(singles).collect())
}

#[cfg(test)]
mod tests {
    use crate::query::{Compiler, SearchOptions, parse};
    use crate::stats::Stats;
    use crate::{DocFields, SearchIndex};

    #[test]
    fn a_common_word_with_synonyms_stays_a_fast_word() {
        let idx = SearchIndex::in_memory().unwrap();
        let mut w = idx.writer().unwrap();
        let doc = DocFields {
            id: "a".into(),
            ..Default::default()
        };
        let text: String = (1..=5)
            .map(|i| format!("{i}. Afsnit\n{i}.1 Kunden betaler vederlag nummer {i}.\n\n"))
            .collect();
        w.upsert(&doc, &[text]).unwrap();
        w.commit(1).unwrap();
        let searcher = idx.inner.reader.searcher();
        let stats = Stats::new(&searcher);
        let f = idx.inner.fields;
        let core = |q: &str| {
            Compiler::new(&f, SearchOptions::default())
                .with_stats(&stats)
                .compile(&parse(q).unwrap())
                .core
                .is_some()
        };
        assert!(
            core("kunden"),
            "kunde ↔ ordregiver: one-word synonyms join the word's terms"
        );
        assert!(core("vederlag kunden"));
        assert!(
            !core("persondata"),
            "a word the index lacks takes the slow path"
        );
    }
}

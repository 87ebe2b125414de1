//! What a plain query word is taken to mean when the index does not hold it as typed: another way of
//! typing æøå (`o` for ø, `a` for å or æ), the nearest word the index holds (a typo), or its parts (a
//! compound the texts never use, "betalingsfrist" → betaling + frist); and its synonyms
//! (`data/synonyms.tsv`). `=word` skips all of it (the parser marks the word exact).
//!
//! The word as typed always stays in the query: the texts may hold it inside compounds, which a
//! dictionary lookup does not see. The rest weighs less, so the word's own matches rank first.

use tantivy::query::Query;

use super::super::lexicon::Lexicon;
use super::super::synonyms;
use super::{Compiler, any_of, boost};
use crate::analysis;
use crate::query::ast::Target;

type Q = Box<dyn Query>;

/// Weight of a synonym's matches against the word's own.
pub(super) const SYNONYM_WEIGHT: f32 = 0.5;
/// Weight of a clause holding all of a compound's parts (but not the compound).
const PARTS_WEIGHT: f32 = 0.5;
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

impl Compiler<'_> {
    /// A plain word, not negated: its synonyms beside it, and what [`Compiler::understood`] makes of it.
    pub(super) fn meant_word(&mut self, raw: &str, target: Target) -> Q {
        if target != Target::Any || self.stats.is_none() {
            return self.plain_word(raw, target, false, None, false);
        }
        let mut syns = if self.opts.synonyms {
            synonyms::of(raw)
        } else {
            Vec::new()
        };
        // A word the index holds often keeps its one-word synonyms inside its own group (as other
        // terms of the word, weighted less), so that it stays a word the two-pass search can rank:
        // common words are the ones whose search must not get slower.
        if !syns.is_empty() && self.is_common_word(raw) {
            let (single, multi): (Vec<String>, Vec<String>) = syns.into_iter().partition(|s| {
                analysis::terms(&mut self.lower, &analysis::normalize(s)).len() == 1
            });
            self.synonym_words = single;
            syns = multi;
        }
        let own = self.understood(raw);
        syns.append(&mut self.synonym_words);
        let spaced = spaced(raw);
        if syns.is_empty() && spaced.is_none() {
            return own;
        }
        self.no_core = true;
        let mut qs = vec![own];
        if let Some(sp) = spaced {
            qs.push(self.phrase(&sp, 0, Target::Any, false));
        }
        for s in syns {
            let q = self.plain_word(&s, Target::Any, false, None, false);
            qs.push(boost(q, SYNONYM_WEIGHT));
        }
        any_of(qs)
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
        let mut lex = Lexicon::new(stats, *self.f);
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
            return match self.parts(&mut lex, &folded) {
                Some(parts) => any_of(vec![own, parts]),
                None => own,
            };
        }
        let corrected = if self.opts.correct {
            lex.correct(&folded)
        } else {
            None
        };
        let parts = if self.opts.decompound {
            self.parts(&mut lex, &folded)
        } else {
            None
        };
        let mut qs = Vec::new();
        if let Some(c) = corrected {
            let shown = lex.display(&c.folded);
            self.corrections.push((raw.to_string(), shown.clone()));
            qs.push(self.plain_word(&shown, Target::Any, false, None, false));
        }
        if let Some(p) = parts {
            qs.push(p);
        }
        if qs.is_empty() {
            return self.plain_word(raw, Target::Any, false, None, false);
        }
        if qs.len() > 1 {
            self.no_core = true;
        }
        any_of(qs)
    }

    /// Clauses holding every part of the folded word (each in any inflection), weighted below the
    /// word's own matches; `None` when it has no split into parts the index holds.
    fn parts(&mut self, lex: &mut Lexicon<'_>, folded: &str) -> Option<Q> {
        let parts = lex.split(folded)?;
        self.no_core = true;
        let qs: Vec<Q> = parts
            .iter()
            .map(|p| {
                let shown = lex.display(p);
                self.plain_word(&shown, Target::Any, false, None, false)
            })
            .collect();
        Some(boost(super::all_of(qs), PARTS_WEIGHT))
    }
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

//! Words side by side without operators (`Ast::Loose`): filters must match, stop words are optional,
//! and most of the other words must match (all of two, two of three, three of four or five, …); in
//! the second try of a search (`relaxed`, see `search`), any one of them. When not every word is
//! needed, each word matched adds a constant far above any text score, so clauses with all the words
//! rank first, then those with one fewer, and so on.
//!
//! A word and a number side by side ("windows 11") also match the two written as one ("Windows11"),
//! and count as one word.

use tantivy::query::{BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query};

use super::super::ast::{Ast, Target};
use super::super::core;
use super::{Compiler, all_of, any_of};
use crate::analysis;

type Q = Box<dyn Query>;

/// What each word matched adds in a query that needs only some of its words.
const COORDINATION: f32 = 100.0;

/// `q`, scoring its own score plus `bonus`'s (which matches where `q` does).
fn all_of_scored(q: Q, bonus: Q) -> Q {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, q),
        (Occur::Should, bonus),
    ]))
}

fn is_text(a: &Ast) -> bool {
    matches!(
        a,
        Ast::Word { .. } | Ast::Phrase { .. } | Ast::Or(_) | Ast::Loose(_)
    )
}

/// The text of a plain word (no prefix, fuzzy or field), for joining with its neighbour.
fn plain(a: &Ast) -> Option<&str> {
    match a {
        Ast::Word {
            text,
            target: Target::Any,
            prefix: false,
            fuzzy: None,
            exact: false,
        } => Some(text),
        _ => None,
    }
}

/// "windows" + "11" (letters, then digits, or the other way round): the word they make together.
fn joined(a: &Ast, b: &Ast) -> Option<String> {
    let (a, b) = (plain(a)?, plain(b)?);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let letters = |s: &str| s.chars().last().is_some_and(char::is_alphabetic);
    let starts_letter = |s: &str| s.chars().next().is_some_and(char::is_alphabetic);
    ((letters(a) && digits(b)) || (digits(a) && starts_letter(b))).then(|| format!("{a}{b}"))
}

impl Compiler<'_> {
    pub(super) fn loose(&mut self, items: &[Ast], negated: bool) -> Q {
        let is_stop = core::is_stop_word;
        let mut clauses: Vec<(Occur, Q)> = Vec::new();
        let mut should: Vec<(Occur, Q)> = Vec::new();
        let mut i = 0;
        while let Some(a) = items.get(i) {
            i += 1;
            if is_text(a) && is_stop(a) {
                // Optional and unmarked: "af", "ved" would light up every snippet.
                clauses.push((Occur::Should, self.node(a, true)));
            } else if is_text(a) {
                if let Some(b) = items.get(i)
                    && let Some(q) = self.word_and_number(a, b, negated)
                {
                    i += 1;
                    should.push((Occur::Should, q));
                    continue;
                }
                let q = self.node(a, negated);
                should.push((Occur::Should, q));
            } else {
                clauses.push((Occur::Must, self.node(a, negated)));
            }
        }
        let content = should.len();
        if content == 0 {
            // Only stop words ("og i"): then they are what the user wants.
            return all_of(items.iter().map(|a| self.node(a, negated)).collect());
        }
        let need = if self.relaxed {
            1
        } else {
            content - (content - 1) / 2
        };
        let core: Q = if content == 1 {
            should
                .pop()
                .map_or_else(|| Box::new(EmptyQuery) as Q, |(_, q)| q)
        } else if need == should.len() {
            // All words required: a conjunction lets tantivy leapfrog through the rarer word's list,
            // where "at least n of n" walks every list to the end.
            Box::new(BooleanQuery::new(
                should.into_iter().map(|(_, q)| (Occur::Must, q)).collect(),
            ))
        } else {
            let counted = should
                .into_iter()
                .map(|(o, q)| {
                    let bonus: Q = Box::new(ConstScoreQuery::new(q.box_clone(), COORDINATION));
                    (o, all_of_scored(q, bonus))
                })
                .collect();
            Box::new(BooleanQuery::with_minimum_required_clauses(counted, need))
        };
        clauses.push((Occur::Must, core));
        Box::new(BooleanQuery::new(clauses))
    }

    /// "windows 11" where the index holds "windows11": both words, or the one they make.
    fn word_and_number(&mut self, a: &Ast, b: &Ast, negated: bool) -> Option<Q> {
        let word = joined(a, b)?;
        let stats = self.stats?;
        let folded = analysis::fold_word(&word.to_lowercase());
        let lex = super::super::lexicon::Lexicon::new(stats, *self.f);
        if negated || lex.fold_freq(&folded) == 0 {
            return None;
        }
        self.no_core = true;
        let both = all_of(vec![self.node(a, negated), self.node(b, negated)]);
        let one = self.plain_word(&word, Target::Any, false, None, negated);
        Some(any_of(vec![both, one]))
    }
}

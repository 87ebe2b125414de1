//! Phrases: positional, or through the indexed word pairs (`analysis::pairs`).

use tantivy::Term;
use tantivy::query::{EmptyQuery, PhraseQuery};
use tantivy::schema::Field;

use super::{Compiler, Group, Q, all_of, any_of, boost, core, term_q};
use crate::analysis;
use crate::query::ast::Target;

impl Compiler<'_> {
    pub(super) fn phrase(&mut self, raw: &str, slop: u32, target: Target, negated: bool) -> Q {
        let toks = analysis::tokens(&mut self.stem, &analysis::normalize(raw));
        if toks.len() <= 1 {
            let Some(t) = toks.into_iter().next() else {
                return Box::new(EmptyQuery);
            };
            let lower = raw.trim().to_lowercase();
            let word = if lower.chars().all(char::is_alphanumeric) {
                lower
            } else {
                t.text
            };
            return self.plain_word(&word, target, false, None, negated);
        }
        if !negated {
            for t in &toks {
                self.hl.stems.insert(t.text.clone());
            }
        }
        let f = *self.f;
        let ph = |field: Field| -> Q {
            let terms = toks
                .iter()
                .map(|t| (t.position, Term::from_field_text(field, &t.text)))
                .collect();
            Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
        };
        if slop == 0
            && self.opts.pairs
            && target != Target::Title
            && let Some(pairs) = pairs_of(&toks)
        {
            return self.pair_phrase(&pairs, target, negated);
        }
        match target {
            Target::Any => any_of(vec![ph(f.text), boost(ph(f.heading), 2.0)]),
            Target::Heading => ph(f.heading),
            // Titles are indexed without positions: all words instead of the phrase.
            Target::Title => all_of(toks.iter().map(|t| term_q(f.meta, &t.text)).collect()),
        }
    }

    /// A phrase as its indexed word pairs (see `analysis::pairs`): two words are one pair term, which
    /// ranks like a word (so a two-word phrase gets a [`Group`]); more are a phrase of pairs.
    fn pair_phrase(&mut self, pairs: &[String], target: Target, negated: bool) -> Q {
        let f = *self.f;
        let q = |field: Field| -> Q {
            match pairs {
                [one] => term_q(field, one),
                _ => Box::new(PhraseQuery::new(
                    pairs
                        .iter()
                        .map(|p| Term::from_field_text(field, p))
                        .collect(),
                )),
            }
        };
        if target == Target::Heading {
            return q(f.heading_pairs);
        }
        let in_headings = pairs.iter().all(|p| self.exists(f.heading_pairs, p));
        if let [one] = pairs {
            let mut terms = vec![(Term::from_field_text(f.pairs, one), 1.0)];
            if in_headings {
                terms.push((Term::from_field_text(f.heading_pairs, one), 2.0));
            }
            if !negated {
                self.groups.push(Group::new(&terms, &[]));
            }
            return any_of(terms.iter().map(core::term_query).collect());
        }
        let mut qs = vec![q(f.pairs)];
        if in_headings {
            qs.push(boost(q(f.heading_pairs), 2.0));
        }
        any_of(qs)
    }
}

/// The pair terms of a phrase's stems, when every adjacent pair is indexed (has a common word).
fn pairs_of(toks: &[tantivy::tokenizer::Token]) -> Option<Vec<String>> {
    toks.windows(2)
        .map(|w| {
            let adjacent = w[0].position + 1 == w[1].position;
            let common =
                analysis::pairs::is_common(&w[0].text) || analysis::pairs::is_common(&w[1].text);
            (adjacent && common).then(|| analysis::pairs::pair(&w[0].text, &w[1].text))
        })
        .collect()
}

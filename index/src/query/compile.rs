//! [`Ast`] → tantivy query, plus what the snippet highlighter must mark.
//!
//! A plain word becomes a disjunction over the fields that can hold it, weighted so that an exact
//! stemmed match in the clause text or heading outranks a folded, compound-head or metadata match.
//! Filters are constant-score (they select, they do not rank).

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use super::ast::{Ast, FilterField, RangeField, Target};
use crate::analysis::{self, MIN_HEAD};
use crate::highlight::Highlight;
use crate::schema::Fields;

/// Knobs for experiments (the relevance test compares them); defaults are the product's settings.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Also match compound heads ("forordning" → "databeskyttelsesforordningen").
    pub compounds: bool,
    /// Weight of compound-head matches relative to whole-word matches.
    pub compound_boost: f32,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            compounds: true,
            compound_boost: 0.3,
        }
    }
}

pub struct Compiled {
    pub query: Box<dyn Query>,
    pub highlight: Highlight,
    /// False when the query only filters (order by date then).
    pub has_text: bool,
}

pub struct Compiler<'a> {
    f: &'a Fields,
    opts: SearchOptions,
    stem: TextAnalyzer,
    fold: TextAnalyzer,
    lower: TextAnalyzer,
    hl: Highlight,
    has_text: bool,
}

type Q = Box<dyn Query>;

fn term_q(field: Field, text: &str) -> Q {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boost(q: Q, b: f32) -> Q {
    if (b - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, b))
    }
}

fn any_of(qs: Vec<Q>) -> Q {
    match qs.len() {
        0 => Box::new(EmptyQuery),
        1 => qs
            .into_iter()
            .next()
            .unwrap_or_else(|| Box::new(EmptyQuery)),
        _ => Box::new(BooleanQuery::new(
            qs.into_iter().map(|q| (Occur::Should, q)).collect(),
        )),
    }
}

fn all_of(qs: Vec<Q>) -> Q {
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

impl<'a> Compiler<'a> {
    pub fn new(f: &'a Fields, opts: SearchOptions) -> Self {
        Compiler {
            f,
            opts,
            stem: analysis::stem_analyzer(),
            fold: analysis::fold_analyzer(),
            lower: analysis::lower_analyzer(),
            hl: Highlight::default(),
            has_text: false,
        }
    }

    pub fn compile(mut self, ast: &Ast) -> Compiled {
        let query = self.node(ast, false);
        Compiled {
            query,
            highlight: self.hl,
            has_text: self.has_text,
        }
    }

    fn node(&mut self, ast: &Ast, negated: bool) -> Q {
        match ast {
            Ast::All => Box::new(AllQuery),
            Ast::And(items) => {
                let mut clauses: Vec<(Occur, Q)> = Vec::new();
                for it in items {
                    match it {
                        Ast::Not(inner) => {
                            clauses.push((Occur::MustNot, self.node(inner, !negated)))
                        }
                        other => clauses.push((Occur::Must, self.node(other, negated))),
                    }
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Ast::Or(items) => any_of(items.iter().map(|i| self.node(i, negated)).collect()),
            Ast::Loose(items) => self.loose(items, negated),
            Ast::Not(inner) => {
                let q = self.node(inner, !negated);
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery)),
                    (Occur::MustNot, q),
                ]))
            }
            Ast::Word {
                text,
                target,
                prefix,
                fuzzy,
            } => {
                self.has_text = true;
                self.word(text, *target, *prefix, *fuzzy, negated)
            }
            Ast::Phrase { text, slop, target } => {
                self.has_text = true;
                self.phrase(text, *slop, *target, negated)
            }
            Ast::Filter { field, value } => {
                Box::new(ConstScoreQuery::new(self.filter(*field, value), 0.0))
            }
            Ast::Range { field, from, to } => {
                let q = range(
                    if *field == RangeField::Year {
                        self.f.year
                    } else {
                        self.f.date
                    },
                    *field,
                    *from,
                    *to,
                );
                Box::new(ConstScoreQuery::new(q, 0.0))
            }
        }
    }

    fn loose(&mut self, items: &[Ast], negated: bool) -> Q {
        let is_stop = |a: &Ast| match a {
            Ast::Word {
                text,
                prefix: false,
                fuzzy: None,
                ..
            } => analysis::is_stopword(&text.to_lowercase()),
            _ => false,
        };
        let is_text = |a: &Ast| {
            matches!(
                a,
                Ast::Word { .. } | Ast::Phrase { .. } | Ast::Or(_) | Ast::Loose(_)
            )
        };
        let content = items.iter().filter(|a| is_text(a) && !is_stop(a)).count();
        if content == 0 {
            // Only stop words ("og i"): then they are what the user wants.
            return all_of(items.iter().map(|a| self.node(a, negated)).collect());
        }
        let need = content - (content - 1) / 2;
        let mut clauses: Vec<(Occur, Q)> = Vec::new();
        let mut should: Vec<(Occur, Q)> = Vec::new();
        for a in items {
            if is_text(a) && is_stop(a) {
                // Optional and unmarked: "af", "ved" would light up every snippet.
                clauses.push((Occur::Should, self.node(a, true)));
            } else if is_text(a) {
                should.push((Occur::Should, self.node(a, negated)));
            } else {
                clauses.push((Occur::Must, self.node(a, negated)));
            }
        }
        let core: Q = if content == 1 {
            should
                .pop()
                .map_or_else(|| Box::new(EmptyQuery) as Q, |(_, q)| q)
        } else {
            Box::new(BooleanQuery::with_minimum_required_clauses(should, need))
        };
        clauses.push((Occur::Must, core));
        Box::new(BooleanQuery::new(clauses))
    }

    fn word(
        &mut self,
        raw: &str,
        target: Target,
        prefix: bool,
        fuzzy: Option<u8>,
        negated: bool,
    ) -> Q {
        let lowers = analysis::terms(&mut self.lower, &analysis::normalize(raw));
        if lowers.len() > 1 {
            // "it-drift", "CO2e-udledning": several words typed as one → a phrase.
            return self.phrase(raw, 0, target, negated);
        }
        let Some(lower) = lowers.into_iter().next() else {
            return Box::new(EmptyQuery);
        };
        let folded = analysis::fold_word(&lower);
        let stem = analysis::terms(&mut self.stem, &lower)
            .into_iter()
            .next()
            .unwrap_or_else(|| lower.clone());
        let f = *self.f;
        if prefix {
            if !negated {
                self.hl.prefixes.push(folded.clone());
            }
            let p = |field: Field, t: &str| -> Q {
                Box::new(FuzzyTermQuery::new_prefix(
                    Term::from_field_text(field, t),
                    0,
                    false,
                ))
            };
            return match target {
                Target::Any => any_of(vec![
                    p(f.text, &lower),
                    p(f.fold, &folded),
                    boost(p(f.heading, &lower), 1.5),
                ]),
                Target::Heading => any_of(vec![p(f.heading, &lower), p(f.heading_fold, &folded)]),
                Target::Title => p(f.meta, &lower),
            };
        }
        if let Some(d) = fuzzy {
            if !negated {
                self.hl.fuzzy.push((folded.clone(), d));
            }
            let fz = |field: Field| -> Q {
                Box::new(FuzzyTermQuery::new(
                    Term::from_field_text(field, &folded),
                    d,
                    true,
                ))
            };
            return match target {
                Target::Any => any_of(vec![
                    fz(f.fold),
                    fz(f.heading_fold),
                    boost(term_q(f.text, &stem), 2.0),
                ]),
                Target::Heading => fz(f.heading_fold),
                Target::Title => term_q(f.meta, &stem),
            };
        }
        if !negated {
            self.hl.stems.insert(stem.clone());
            self.hl.folds.insert(folded.clone());
        }
        match target {
            Target::Heading => {
                return any_of(vec![
                    term_q(f.heading, &stem),
                    term_q(f.heading_fold, &folded),
                ]);
            }
            Target::Title => return term_q(f.meta, &stem),
            Target::Any => {}
        }
        let mut qs = vec![
            term_q(f.text, &stem),
            boost(term_q(f.heading, &stem), 2.0),
            boost(term_q(f.meta, &stem), 0.5),
            boost(term_q(f.heading_fold, &folded), 0.5),
        ];
        // The folded clause text only finds more when the word has æøå or their digraphs (either side
        // may have been typed without æøå: "Århus" / "Aarhus"): otherwise its matches are a subset of
        // the stem's, and a common word's long posting list would be walked twice for nothing.
        if folded != lower || ["ae", "oe", "aa"].iter().any(|d| lower.contains(d)) {
            qs.push(boost(term_q(f.fold, &folded), 0.5));
        }
        // Users typing "ae/oe/aa" for æ/ø/å: ask the stemmed field for the restored spellings too.
        for v in analysis::unfold_variants(&lower) {
            if let Some(s) = analysis::terms(&mut self.stem, &v).into_iter().next() {
                if !negated {
                    self.hl.stems.insert(s.clone());
                }
                qs.push(term_q(f.text, &s));
                qs.push(boost(term_q(f.heading, &s), 2.0));
            }
        }
        for v in analysis::stem_variants(&mut self.stem, &lower) {
            if !negated {
                self.hl.stems.insert(v.clone());
            }
            qs.push(boost(term_q(f.text, &v), 0.8));
            qs.push(boost(term_q(f.heading, &v), 1.6));
        }
        if self.opts.compounds && stem.chars().count() >= MIN_HEAD {
            if !negated {
                self.hl.heads.insert(stem.clone());
            }
            qs.push(boost(term_q(f.comp, &stem), self.opts.compound_boost));
        }
        any_of(qs)
    }

    fn phrase(&mut self, raw: &str, slop: u32, target: Target, negated: bool) -> Q {
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
            return self.word(&word, target, false, None, negated);
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
        match target {
            Target::Any => any_of(vec![ph(f.text), boost(ph(f.heading), 2.0)]),
            Target::Heading => ph(f.heading),
            // Titles are indexed without positions: all words instead of the phrase.
            Target::Title => all_of(toks.iter().map(|t| term_q(f.meta, &t.text)).collect()),
        }
    }

    fn filter(&mut self, field: FilterField, value: &str) -> Q {
        let f = *self.f;
        match field {
            FilterField::Kind => term_q(f.kind, value),
            FilterField::Forvaltning => term_q(f.forvaltning, value),
            FilterField::System => {
                let upper = value.to_uppercase();
                if upper == value {
                    term_q(f.system, value)
                } else {
                    any_of(vec![term_q(f.system, value), term_q(f.system, &upper)])
                }
            }
            FilterField::Supplier => {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                if digits.len() == 8
                    && value
                        .chars()
                        .all(|c| c.is_ascii_digit() || c.is_whitespace())
                {
                    return term_q(f.supplier, &digits);
                }
                let toks = analysis::tokens(&mut self.fold, &analysis::normalize(value));
                match toks.len() {
                    0 => Box::new(EmptyQuery),
                    1 => toks.first().map_or_else(
                        || Box::new(EmptyQuery) as Q,
                        |t| term_q(f.supplier_name, &t.text),
                    ),
                    _ => Box::new(PhraseQuery::new_with_offset(
                        toks.iter()
                            .map(|t| (t.position, Term::from_field_text(f.supplier_name, &t.text)))
                            .collect(),
                    )),
                }
            }
        }
    }
}

fn range(field: Field, kind: RangeField, from: Option<i64>, to: Option<i64>) -> Q {
    let term = |v: i64| match kind {
        RangeField::Year => Term::from_field_u64(field, u64::try_from(v).unwrap_or(0)),
        RangeField::Date => Term::from_field_i64(field, v),
    };
    let lo = from.map_or(Bound::Unbounded, |v| Bound::Included(term(v)));
    let hi = to.map_or(Bound::Unbounded, |v| Bound::Included(term(v)));
    if lo == Bound::Unbounded && hi == Bound::Unbounded {
        return Box::new(AllQuery);
    }
    Box::new(RangeQuery::new(lo, hi))
}

/// A date/year range for request filters (`from`/`to`), shared with the search module.
pub fn date_range(f: &Fields, from: Option<i64>, to: Option<i64>) -> Q {
    range(f.date, RangeField::Date, from, to)
}

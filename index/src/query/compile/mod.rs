//! [`Ast`] → tantivy query, plus what the snippet highlighter must mark.
//!
//! A plain word becomes a disjunction over the fields that can hold it, weighted so that an exact
//! stemmed match in the clause text or heading outranks a folded, compound-head or metadata match.
//! Filters are constant-score (they select, they do not rank).
//!
//! Phrases are in `phrase` (positional, or through the indexed word pairs).
//!
//! Every extra term costs a walk of its posting list, and a common word's list is long, so a word only
//! asks for the spellings and stem variants that the index actually holds ([`Compiler::with_stats`]),
//! and compound parts are found by prefix walks of the term dictionary rather than indexed part by part.

use std::sync::Arc;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, Query,
};
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

use super::affix::AffixQuery;
use super::ast::{Ast, RangeField, Target};
use super::build::{all_of, any_of, boost, term_q};
use super::core::{self, Core, Extra, Group};
use super::filters;
pub use super::filters::date_range;
use super::forward::ForwardOnly;
use crate::analysis::{self, MIN_HEAD};
use crate::highlight::Highlight;
use crate::language::Language;
use crate::schema::Fields;
use crate::stats::Stats;

mod loose;
mod meaning;
mod phrase;

/// Knobs for experiments (the relevance test compares them); defaults are the product's settings.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Also match compound heads ("forordning" → "databeskyttelsesforordningen").
    pub compounds: bool,
    /// Weight of compound-head matches relative to whole-word matches.
    pub compound_boost: f32,
    /// Rank a lone word in two passes ([`crate::pruned`]); off scores every match (the reference).
    pub prune: bool,
    /// Phrases through the indexed word pairs (`analysis::pairs`); off checks positions (the reference).
    pub pairs: bool,
    /// Correct a word the index does not know to the nearest word it holds (see `meaning`).
    pub correct: bool,
    /// Split a word the index does not know (or holds rarely) into parts it holds.
    pub decompound: bool,
    /// Also search the synonyms of a word, weighted below the word (off: none of the two sources).
    pub synonyms: bool,
    /// Synonyms from the curated list (`data/synonyms.tsv`).
    pub curated: bool,
    /// Synonyms from the installed thesaurus ([`crate::language`]), weighted below the curated ones.
    pub thesaurus: bool,
    /// Let the installed Hunspell dictionary validate compound parts and break ties among corrections.
    pub dictionary: bool,
    /// When words side by side find nothing together, search again for clauses with any of them
    /// (most words first).
    pub relax: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            compounds: true,
            compound_boost: 0.3,
            prune: true,
            pairs: true,
            correct: true,
            decompound: true,
            synonyms: true,
            curated: true,
            thesaurus: true,
            dictionary: true,
            relax: true,
        }
    }
}

pub struct Compiled {
    pub query: Box<dyn Query>,
    pub highlight: Highlight,
    /// False when the query only filters (order by date then).
    pub has_text: bool,
    /// Set when the query is a conjunction of words the two-pass search can rank (see [`Core`]).
    pub core: Option<Core>,
    /// Query words replaced by a correction: (as typed, as searched).
    pub corrections: Vec<(String, String)>,
    /// A compound's single parts were left for a second search (see `meaning::joined`): run it if
    /// this one does not fill the page.
    pub parts_held_back: bool,
}

pub struct Compiler<'a> {
    f: &'a Fields,
    stats: Option<&'a Stats<'a>>,
    opts: SearchOptions,
    stem: TextAnalyzer,
    fold: TextAnalyzer,
    lower: TextAnalyzer,
    hl: Highlight,
    has_text: bool,
    /// Whether plain words may also match in the supplier's name (see `compile`).
    meta: bool,
    /// The [`Group`] of each word compiled that has one.
    groups: Vec<Group>,
    /// Every filter and range compiled, unwrapped (the [`Core`]'s filters).
    filters: Vec<Q>,
    /// Words corrected (see [`Compiled::corrections`]).
    corrections: Vec<(String, String)>,
    /// A word became more than one group (synonyms, compound parts): no [`Core`] then.
    no_core: bool,
    /// Words side by side need only one of them, most words first (the second try of `relax`).
    relaxed: bool,
    /// See [`Compiled::parts_held_back`].
    parts_held_back: bool,
    /// A compound with no other reading also finds clauses with one of its parts (the second search).
    single_parts: bool,
    /// One-word synonyms the next plain word takes among its terms, with their weights (see `meaning`).
    synonym_words: Vec<(String, f32)>,
    /// The dictionary and thesaurus in force.
    lang: Arc<Language>,
}

type Q = Box<dyn Query>;

impl<'a> Compiler<'a> {
    pub fn new(f: &'a Fields, opts: SearchOptions) -> Self {
        Compiler {
            f,
            stats: None,
            opts,
            stem: analysis::stem_analyzer(),
            fold: analysis::fold_analyzer(),
            lower: analysis::lower_analyzer(),
            hl: Highlight::default(),
            has_text: false,
            meta: false,
            groups: Vec::new(),
            filters: Vec::new(),
            corrections: Vec::new(),
            no_core: false,
            relaxed: false,
            parts_held_back: false,
            single_parts: false,
            synonym_words: Vec::new(),
            lang: crate::language::current(),
        }
    }

    /// Words side by side need only one of them to match, clauses with more of them first; compounds'
    /// single parts count too.
    pub(crate) fn relaxed(mut self) -> Self {
        self.relaxed = true;
        self.single_parts = true;
        self
    }

    /// A compound with no other reading also finds clauses with one of its parts.
    pub(crate) fn with_single_parts(mut self) -> Self {
        self.single_parts = true;
        self
    }

    /// Lets the compiler leave out terms the index does not hold (without statistics, all are kept).
    pub(crate) fn with_stats(mut self, stats: &'a Stats<'a>) -> Self {
        self.stats = Some(stats);
        self
    }

    /// Documents holding `text` in `field` (None without statistics).
    fn doc_freq(&self, field: Field, text: &str) -> Option<u64> {
        self.stats
            .and_then(|s| s.doc_freq(&Term::from_field_text(field, text)).ok())
    }

    fn exists(&self, field: Field, text: &str) -> bool {
        self.doc_freq(field, text) != Some(0)
    }

    /// `term_q` with `boost`, or nothing when the index lacks the term.
    fn opt_term(&self, qs: &mut Vec<(Term, f32)>, field: Field, text: &str, b: f32) {
        if self.exists(field, text) {
            qs.push((Term::from_field_text(field, text), b));
        }
    }

    /// Another stem of the query word (a spelling or an inflection Snowball keeps apart), asked in the
    /// clause text with weight `w` and in headings with `2 × w`, where the index holds it.
    fn alternative(
        &mut self,
        qs: &mut Vec<(Term, f32)>,
        seen: &mut Vec<String>,
        stem: String,
        w: f32,
        negated: bool,
    ) {
        if seen.contains(&stem) {
            return;
        }
        let f = *self.f;
        let in_text = self.exists(f.text, &stem);
        let in_heading = self.exists(f.heading, &stem);
        if in_text {
            qs.push((Term::from_field_text(f.text, &stem), w));
        }
        if in_heading {
            qs.push((Term::from_field_text(f.heading, &stem), 2.0 * w));
        }
        if (in_text || in_heading) && !negated {
            self.hl.stems.insert(stem.clone());
        }
        seen.push(stem);
    }

    /// Compound matches of `stem` (≥ [`MIN_HEAD`] chars): as the head of a longer word (reversed stems
    /// starting with the reversed stem, ≥ [`analysis::MIN_MODIFIER`] chars more) or as its modifier
    /// (folded words starting with it, ≥ [`analysis::MIN_REST`] chars more). They score a constant:
    /// `compound_boost` times the word's idf, so that a rare word's compounds outrank a common word's.
    /// Returns the two walks with that constant.
    fn compounds(&self, stem: &str) -> Option<Extra> {
        if !stem.chars().all(char::is_alphanumeric) {
            return None;
        }
        let f = *self.f;
        let head = AffixQuery::new(f.rev, &analysis::reversed(stem), analysis::MIN_MODIFIER);
        let modifier = AffixQuery::new(f.fold, &analysis::fold_word(stem), analysis::MIN_REST);
        let idf = match (self.doc_freq(f.text, stem), self.stats) {
            (Some(df), Some(s)) => {
                let n = s.searcher().num_docs().max(df) as f32;
                (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
            }
            _ => 1.0,
        };
        Some(Extra {
            walks: vec![head, modifier],
            constant: self.opts.compound_boost * idf,
        })
    }

    pub fn compile(mut self, ast: &Ast) -> Compiled {
        // A word may be found in the supplier's name ("ansvarsbegrænsning Nordlys") only beside another
        // word: alone, "nordlys" would make every clause of every Nordlys document a hit. Titles are
        // asked with `titel:` only: their words ("kontrakt", "aftale", "bilag") are everywhere.
        self.meta = filters::positive_words(ast) >= 2;
        let query = self.node(ast, false);
        // Every word required, and every one of them a group: a stop word, a negation or a word
        // without a group (fuzzy, positional phrase, heading or title only) leaves the query as it is.
        let core = match core::conjunction(ast) {
            Some(n) if n > 0 && n == self.groups.len() && !self.no_core && !self.relaxed => {
                Some(Core {
                    groups: std::mem::take(&mut self.groups),
                    filters: std::mem::take(&mut self.filters),
                })
            }
            _ => None,
        };
        Compiled {
            query,
            highlight: self.hl,
            has_text: self.has_text,
            core,
            corrections: self.corrections,
            parts_held_back: self.parts_held_back,
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
                            clauses.push((Occur::MustNot, self.negation(inner, negated)))
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
                let q = self.negation(inner, negated);
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
                exact,
            } => {
                self.has_text = true;
                if *exact || *prefix || fuzzy.is_some() || negated {
                    self.plain_word(text, *target, *prefix, *fuzzy, negated)
                } else {
                    self.meant_word(text, *target)
                }
            }
            Ast::Phrase { text, slop, target } => {
                self.has_text = true;
                self.phrase(text, *slop, *target, negated)
            }
            Ast::Filter { field, value } => {
                let q = filters::filter(self.f, &mut self.fold, *field, value);
                self.filters.push(q.box_clone());
                Box::new(ConstScoreQuery::new(q, 0.0))
            }
            Ast::Range { field, from, to } => {
                let q = filters::range(
                    if *field == RangeField::Year {
                        self.f.year
                    } else {
                        self.f.date
                    },
                    *field,
                    *from,
                    *to,
                );
                self.filters.push(q.box_clone());
                Box::new(ConstScoreQuery::new(q, 0.0))
            }
        }
    }

    /// A query that is a sum of constants, one per part matched (a prefix); its [`Group`] has no terms.
    fn constant_parts(&mut self, parts: Vec<Extra>, negated: bool) -> Q {
        let q = any_of(parts.iter().map(Extra::query).collect());
        if !negated {
            self.groups.push(Group::new(&[], &parts));
        }
        q
    }

    /// What `NOT inner` excludes (see [`ForwardOnly`] for the wrapper).
    fn negation(&mut self, inner: &Ast, negated: bool) -> Q {
        Box::new(ForwardOnly(self.node(inner, !negated)))
    }

    /// The word as typed (with its inflections and other spellings of æøå), no more.
    fn plain_word(
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
            let p = |field: Field, t: &str| -> Q { Box::new(AffixQuery::new(field, t, 0)) };
            // Prefix matches score a constant, and every word starting with the prefix has a folded form
            // starting with the folded prefix: the folded field alone selects them all.
            return match target {
                Target::Any => {
                    let part = |field: Field, constant: f32| Extra {
                        walks: vec![AffixQuery::new(field, &folded, 0)],
                        constant,
                    };
                    let parts = vec![part(f.fold, 1.0), part(f.heading_fold, 1.5)];
                    self.constant_parts(parts, negated)
                }
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
        let mut qs = vec![(Term::from_field_text(f.text, &stem), 1.0)];
        self.opt_term(&mut qs, f.heading, &stem, 2.0);
        if self.meta {
            self.opt_term(&mut qs, f.supplier_name, &folded, 0.5);
        }
        // Other spellings of the word: typed without æøå ("ophaevelse", "Aarhus") or with them where the
        // text has the digraphs ("Åbenrå" for "Aabenraa"). Each is looked up in the stemmed fields.
        let mut spellings = analysis::unfold_variants(&lower);
        if folded != lower {
            spellings.push(folded.clone());
        }
        let mut seen = vec![stem.clone()];
        for v in spellings {
            if let Some(s) = analysis::terms(&mut self.stem, &v).into_iter().next() {
                self.alternative(&mut qs, &mut seen, s, 1.0, negated);
            }
        }
        for v in analysis::stem_variants(&mut self.stem, &lower) {
            self.alternative(&mut qs, &mut seen, v, 0.8, negated);
        }
        // One-word synonyms handed over by `meaning`, as further terms of this word.
        for (syn, w) in std::mem::take(&mut self.synonym_words) {
            let l = analysis::terms(&mut self.lower, &analysis::normalize(&syn));
            if let Some(s) = l
                .first()
                .and_then(|l| analysis::terms(&mut self.stem, l).pop())
            {
                self.alternative(&mut qs, &mut seen, s, w, negated);
            }
        }
        let mut extras = Vec::new();
        if self.opts.compounds
            && stem.chars().count() >= MIN_HEAD
            && let Some(c) = self.compounds(&stem)
        {
            if !negated {
                self.hl.heads.insert(stem.clone());
            }
            extras.push(c);
        }
        if !negated {
            self.groups.push(Group::new(&qs, &extras));
        }
        let mut all: Vec<Q> = qs.iter().map(core::term_query).collect();
        all.extend(extras.iter().map(Extra::query));
        any_of(all)
    }
}

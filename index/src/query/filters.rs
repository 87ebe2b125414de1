//! Filters of the query language (`type:`, `forvaltning:`, `system:`, `leverandør:`) and ranges
//! (`år:`, `dato:`): they select entries and never rank them (the compiler wraps them constant-score).

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{AllQuery, EmptyQuery, PhraseQuery, Query, RangeQuery};
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

use super::ast::{Ast, FilterField, RangeField};
use super::build::{any_of, term_q};
use crate::analysis;
use crate::schema::Fields;

type Q = Box<dyn Query>;

pub(super) fn filter(f: &Fields, fold: &mut TextAnalyzer, field: FilterField, value: &str) -> Q {
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
            let toks = analysis::tokens(fold, &analysis::normalize(value));
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

/// Words and phrases of `ast` that are not negated.
pub(super) fn positive_words(ast: &Ast) -> usize {
    match ast {
        Ast::And(items) | Ast::Loose(items) | Ast::Or(items) => {
            items.iter().map(positive_words).sum()
        }
        Ast::Word { .. } | Ast::Phrase { .. } => 1,
        Ast::Not(_) | Ast::All | Ast::Filter { .. } | Ast::Range { .. } => 0,
    }
}

pub(super) fn range(field: Field, kind: RangeField, from: Option<i64>, to: Option<i64>) -> Q {
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

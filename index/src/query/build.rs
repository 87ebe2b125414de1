//! Small builders of tantivy queries shared by the compiler and its helpers (`core`, `filters`): a
//! leaf, so that none of them needs another's module.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, EmptyQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

type Q = Box<dyn Query>;

/// A term of `field`, with frequencies (BM25-scored).
pub fn term_q(field: Field, text: &str) -> Q {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// `q` weighted by `b` (unwrapped at 1).
pub fn boost(q: Q, b: f32) -> Q {
    if (b - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, b))
    }
}

/// Matches where any of `qs` does (nothing for none).
pub fn any_of(qs: Vec<Q>) -> Q {
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

/// Matches where all of `qs` do.
pub fn all_of(qs: Vec<Q>) -> Q {
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

//! [`Core`]: the shape of a query whose score the two-pass search ([`crate::pruned`]) can compute
//! without scoring every match: a conjunction of [`Group`]s (plain words, indexed word pairs,
//! prefixes), each scoring a sum of term scores plus constants, beside filters that score nothing.

use tantivy::Term;
use tantivy::query::{BoostQuery, ConstScoreQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::affix::AffixQuery;
use super::ast::Ast;
use crate::analysis;

type Q = Box<dyn Query>;

/// One word of the query: its `terms` with their boosts (BM25-scored, which tantivy can rank with
/// block-max WAND) and its `extras` (compound or prefix matches), each adding a constant when any of
/// its walks matches. The word matches where any of them does.
pub struct Group {
    pub terms: Vec<(Term, f32)>,
    pub extras: Vec<Extra>,
}

impl Group {
    pub(super) fn new(terms: &[(Term, f32)], extras: &[Extra]) -> Group {
        Group {
            terms: terms.to_vec(),
            extras: extras.to_vec(),
        }
    }
}

/// Term-dictionary walks whose matches score one constant together (a compound's head and modifier
/// walks, or one field of a prefix). Kept as walks, not as a query, so that the two-pass search can
/// add their postings straight to its bit sets.
#[derive(Clone, Debug)]
pub struct Extra {
    pub walks: Vec<AffixQuery>,
    pub constant: f32,
}

impl Extra {
    /// The query scoring the constant where any walk matches.
    pub fn query(&self) -> Q {
        let walks: Vec<Q> = self
            .walks
            .iter()
            .map(|w| Box::new(w.clone()) as Q)
            .collect();
        let any = super::build::any_of(walks);
        Box::new(ConstScoreQuery::new(any, self.constant))
    }
}

/// The query of a weighted term, as a group's word and the two-pass search both score it.
pub fn term_query((term, boost): &(Term, f32)) -> Q {
    let q: Q = Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, *boost))
    }
}

/// A query that is its groups, all required, and its filters (ranges too), all required; they score
/// nothing.
pub struct Core {
    pub groups: Vec<Group>,
    pub filters: Vec<Q>,
}

/// A plain stop word, which words side by side make optional ("af", "ved").
pub(super) fn is_stop_word(a: &Ast) -> bool {
    match a {
        Ast::Word {
            text,
            prefix: false,
            fuzzy: None,
            ..
        } => analysis::is_stopword(&text.to_lowercase()),
        _ => false,
    }
}

/// How many words or phrases `ast` requires, when it is nothing but a conjunction of them and
/// filters: no negation, no alternative, no optional stop word, no loose "most of" (three words or
/// more side by side need only most of them).
pub(super) fn conjunction(ast: &Ast) -> Option<usize> {
    let all = |items: &[Ast]| {
        items
            .iter()
            .try_fold(0, |n, a| conjunction(a).map(|m| n + m))
    };
    match ast {
        Ast::Word { .. } | Ast::Phrase { .. } => Some(1),
        Ast::Filter { .. } | Ast::Range { .. } => Some(0),
        Ast::And(items) => all(items),
        Ast::Or(items) if items.len() == 1 => all(items),
        Ast::Loose(items) => {
            let stop = items.iter().any(is_stop_word);
            all(items).filter(|&n| !stop && n <= 2)
        }
        Ast::Or(_) | Ast::Not(_) | Ast::All => None,
    }
}

#[cfg(test)]
mod tests {
    use super::conjunction;
    use crate::query::parse;

    #[test]
    fn conjunctions_only() {
        let c = |q: &str| conjunction(&parse(q).unwrap());
        assert_eq!(c("kunden"), Some(1));
        assert_eq!(c("kunden skriftligt"), Some(2));
        assert_eq!(c("kunden AND leverandøren AND bod"), Some(3));
        assert_eq!(c("leverand* forvaltning:BUF"), Some(1));
        assert_eq!(c("\"kunden kan\" år:2020..2022"), Some(1));
        assert_eq!(c("kunden skal"), None, "a stop word is optional");
        assert_eq!(
            c("ophævelse væsentlig misligholdelse"),
            None,
            "two of three"
        );
        assert_eq!(c("kunden -leverandøren"), None);
        assert_eq!(c("kunden OR leverandøren"), None);
        assert_eq!(c(""), None);
    }
}

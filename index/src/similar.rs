//! Similar documents (More-Like-This) across forvaltninger.
//!
//! tantivy's `MoreLikeThisQuery` panics once documents have been deleted and not yet merged away
//! (its idf divides by the *alive* document count while `doc_freq` still counts deleted ones:
//! quickwit-oss/tantivy#2964, paperless-ngx#13024). Deletes are routine here (every upsert deletes the
//! older version), so the terms are chosen here instead, with idf over `max_doc` like BM25 itself,
//! and the query is an ordinary boosted term disjunction.

use std::collections::HashMap;

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::Result;
use crate::analysis;
use crate::highlight::Snippeter;
use crate::schema::{ENTRY_CLAUSE, ENTRY_DOCUMENT};
use crate::search::{hit, plain_highlight, scope_filters};
use crate::store::SearchIndex;
use crate::types::{Hit, Scope};

/// Terms of the source document that make up the query.
const MAX_QUERY_TERMS: usize = 30;
/// Text of the source document considered (bytes).
const MAX_SOURCE: usize = 200_000;

type Q = Box<dyn Query>;

impl SearchIndex {
    /// Documents most similar to `document_id` (itself excluded), visible under `scope`.
    pub fn similar(&self, document_id: &str, limit: usize, scope: &Scope) -> Result<Vec<Hit>> {
        let f = self.inner.fields;
        let searcher = self.inner.reader.searcher();
        let own = || -> Q {
            Box::new(TermQuery::new(
                Term::from_field_text(f.doc_id, document_id),
                IndexRecordOption::Basic,
            ))
        };
        let entry = |e: u64| -> Q {
            Box::new(TermQuery::new(
                Term::from_field_u64(f.entry, e),
                IndexRecordOption::Basic,
            ))
        };

        // The source text: the document's clause entries (stored), in any order; enough for term statistics.
        let src_q = BooleanQuery::new(vec![
            (Occur::Must, own()),
            (Occur::Must, entry(ENTRY_CLAUSE)),
        ]);
        let mut text = String::new();
        let mut addrs: Vec<_> = searcher
            .search(&src_q, &DocSetCollector)?
            .into_iter()
            .collect();
        addrs.sort();
        for addr in addrs {
            let d: TantivyDocument = searcher.doc(addr)?;
            if let Some(t) = d.get_first(f.text).and_then(|v| v.as_str()) {
                text.push_str(t);
                text.push('\n');
            }
            if text.len() > MAX_SOURCE {
                break;
            }
        }
        let mut tf: HashMap<String, u32> = HashMap::new();
        for t in analysis::terms(&mut analysis::stem_analyzer(), &text) {
            if t.chars().count() >= 3 && !t.chars().all(|c| c.is_ascii_digit()) {
                *tf.entry(t).or_default() += 1;
            }
        }
        let n: u64 = searcher
            .segment_readers()
            .iter()
            .map(|r| u64::from(r.max_doc()))
            .sum();
        let mut scored: Vec<(f32, String)> = Vec::new();
        for (t, count) in tf {
            let df = searcher.doc_freq(&Term::from_field_text(f.doc_text, &t))?;
            // df ≤ 1: only the document itself (or nobody) has the term; it cannot make anything similar.
            if df <= 1 {
                continue;
            }
            let n = n.max(df) as f32;
            let idf = (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
            scored.push(((1.0 + (count as f32).ln()) * idf, t));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored.truncate(MAX_QUERY_TERMS);
        if scored.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let terms: Vec<(Occur, Q)> = scored
            .iter()
            .map(|(w, t)| {
                let q: Q = Box::new(TermQuery::new(
                    Term::from_field_text(f.doc_text, t),
                    IndexRecordOption::WithFreqs,
                ));
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(q, w.max(0.01))) as Q,
                )
            })
            .collect();
        let mut clauses: Vec<(Occur, Q)> = vec![
            (Occur::Must, Box::new(BooleanQuery::new(terms))),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(entry(ENTRY_DOCUMENT), 0.0)),
            ),
            (Occur::MustNot, own()),
        ];
        clauses.extend(
            scope_filters(&f, scope, &self.inner.filters)
                .into_iter()
                .map(|q| (Occur::Must, q)),
        );
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit.min(100)).order_by_score(),
        )?;
        let hl = plain_highlight();
        let mut snip = Snippeter::new(&hl);
        top.into_iter()
            .map(|(score, addr)| hit(&searcher, &f, addr, score, &mut snip))
            .collect()
    }
}

//! [`SearchIndex::search`]: query + request filters + permission scope → one collector pass (total,
//! facets, top hits; two passes for words that are all required, see [`crate::pruned`]) → stored
//! fields and snippets for the requested page only.

use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use std::sync::Arc;

use crate::Result;
use crate::collect::HitCollector;
use crate::filter_cache::{CachedFilter, FilterCache};
use crate::highlight::{Highlight, Snippeter};
use crate::pruned;
use crate::query::{Ast, Compiler, SearchOptions, compile, parse_with};
use crate::schema::{ENTRY_CLAUSE, ENTRY_DOCUMENT, Fields, date_key};
use crate::stats::Stats;
use crate::store::SearchIndex;
use crate::types::{ClauseRef, Hit, Level, Scope, SearchRequest, SearchResults, Sort};

/// Page size when the request says 0; and the most hits one page may ask for.
const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 1000;
/// Deepest result a request may page to (bounds the collector's heap).
const MAX_OFFSET: usize = 10_000;

type Q = Box<dyn Query>;

fn filter(q: Q) -> Q {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn term_text(field: Field, v: &str) -> Q {
    Box::new(TermQuery::new(
        Term::from_field_text(field, v),
        IndexRecordOption::Basic,
    ))
}

fn term_u64(field: Field, v: u64) -> Q {
    Box::new(TermQuery::new(
        Term::from_field_u64(field, v),
        IndexRecordOption::Basic,
    ))
}

fn one_of(field: Field, values: &[String]) -> Q {
    Box::new(BooleanQuery::new(
        values
            .iter()
            .map(|v| (Occur::Should, term_text(field, v)))
            .collect(),
    ))
}

/// Kinds that other forvaltninger may read in full (§5.1: reuse what another has bought).
const SHARED_KINDS: [&str; 3] = ["contract", "addendum", "appendix"];

/// The permission scope as a filter, its set cached per segment (see `filter_cache`).
pub(crate) fn scope_filters(f: &Fields, scope: &Scope, cache: &Arc<FilterCache>) -> Vec<Q> {
    match scope {
        Scope::All => Vec::new(),
        // Other forvaltninger's documentation and data processing agreements are metadata only for the
        // searcher: matching their text at all would tell what they say, so only shared kinds match.
        Scope::Forvaltning(own) => {
            let shared: Vec<String> = SHARED_KINDS.iter().map(|k| k.to_string()).collect();
            let others = BooleanQuery::new(vec![
                (Occur::Must, term_u64(f.confidential, 0)),
                (Occur::Must, one_of(f.kind, &shared)),
            ]);
            let inner = BooleanQuery::new(vec![
                (Occur::Should, term_text(f.forvaltning, own)),
                (Occur::Should, Box::new(others)),
            ]);
            vec![Box::new(CachedFilter {
                key: format!("scope:{own}"),
                inner: Arc::new(inner),
                cache: cache.clone(),
            })]
        }
    }
}

fn request_filters(f: &Fields, req: &SearchRequest, cache: &Arc<FilterCache>) -> Vec<Q> {
    let mut out = scope_filters(f, &req.scope, cache);
    if !req.kinds.is_empty() {
        out.push(filter(one_of(f.kind, &req.kinds)));
    }
    if !req.forvaltninger.is_empty() {
        out.push(filter(one_of(f.forvaltning, &req.forvaltninger)));
    }
    if let Some(s) = &req.supplier {
        out.push(filter(term_text(f.supplier, s)));
    }
    if let Some(s) = &req.system {
        out.push(filter(term_text(f.system, s)));
    }
    if req.from.is_some() || req.to.is_some() {
        out.push(filter(compile::date_range(
            f,
            req.from.map(date_key),
            req.to.map(date_key),
        )));
    }
    out
}

impl SearchIndex {
    /// Searches with the product's default options. Syntax errors are `Error::Query`.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        self.search_with(req, &SearchOptions::default())
    }

    /// Searches with explicit options (experiments, the relevance test).
    pub fn search_with(&self, req: &SearchRequest, opts: &SearchOptions) -> Result<SearchResults> {
        let ast = parse_with(&req.q, &self.vocabulary())?;
        let searcher = self.inner.reader.searcher();
        let (results, parts_held_back) = self.run(req, opts, &ast, &searcher, Try::First)?;
        // Words side by side that found nothing together, or three or more that did not fill the page
        // with clauses holding most of them: the clauses with any of them, those with most first.
        let width = loose_width(&ast);
        let short = results.total < req.offset.min(MAX_OFFSET) + req.limit.max(1);
        let loose = (results.total == 0 && width >= 2) || (short && width >= 3);
        if opts.relax && loose {
            return Ok(self.run(req, opts, &ast, &searcher, Try::Loose)?.0);
        }
        // A compound whose clauses with all its parts do not fill the page: those with one part too.
        if short && parts_held_back {
            return Ok(self.run(req, opts, &ast, &searcher, Try::Parts)?.0);
        }
        Ok(results)
    }

    fn run(
        &self,
        req: &SearchRequest,
        opts: &SearchOptions,
        ast: &Ast,
        searcher: &Searcher,
        attempt: Try,
    ) -> Result<(SearchResults, bool)> {
        let f = &self.inner.fields;
        let stats = Stats::new(searcher);
        let mut compiler = Compiler::new(f, *opts).with_stats(&stats);
        compiler = match attempt {
            Try::First => compiler,
            Try::Loose => compiler.relaxed(),
            Try::Parts => compiler.with_single_parts(),
        };
        let compiled = compiler.compile(ast);
        let entry = if req.level == Level::Document && !compiled.has_text {
            ENTRY_DOCUMENT
        } else {
            ENTRY_CLAUSE
        };
        // The entry kind is checked by the collector on the matches, not intersected here: against a
        // posting list as long as the index, the intersection cost more than the query itself.
        let mut clauses: Vec<(Occur, Q)> = Vec::new();
        if *ast != Ast::All {
            clauses.push((Occur::Must, compiled.query));
        }
        let filters = request_filters(f, req, &self.inner.filters);
        clauses.extend(filters.iter().map(|q| (Occur::Must, q.box_clone())));
        let query: Q = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };

        let limit = if req.limit == 0 {
            DEFAULT_LIMIT
        } else {
            req.limit.min(MAX_LIMIT)
        };
        let offset = req.offset.min(MAX_OFFSET);
        let collector = HitCollector {
            level: req.level,
            by_date: req.sort == Sort::Date || !compiled.has_text,
            scoring: compiled.has_text,
            k: offset + limit,
            entry,
            tables: self.inner.tables.clone(),
        };
        // Words ranked by relevance: count everything, score only what can enter the page.
        let page = match &compiled.core {
            Some(core) if opts.prune && !collector.by_date => {
                pruned::search(&stats, core, &filters, &collector)?
            }
            _ => searcher.search_with_statistics_provider(&*query, &collector, &stats)?,
        };

        let mut snip = Snippeter::new(&compiled.highlight);
        let hits = page
            .top
            .iter()
            .skip(offset)
            .map(|t| hit(searcher, f, t.addr, t.key.score, &mut snip))
            .collect::<Result<Vec<_>>>()?;
        let results = SearchResults {
            total: page.total,
            hits,
            facets: page.facets,
            corrected_query: corrected_query(&req.q, &compiled.corrections),
        };
        Ok((results, compiled.parts_held_back))
    }

    /// Every query of the relevance test in one place: the hits of `q` with default request fields.
    pub fn search_query(&self, q: &str, level: Level, limit: usize) -> Result<SearchResults> {
        self.search(&SearchRequest {
            q: q.to_string(),
            level,
            limit,
            ..SearchRequest::default()
        })
    }
}

/// Which search of a query this is: the first, or a second one that finds more.
#[derive(Clone, Copy)]
enum Try {
    First,
    /// Words side by side need only one of them (and compounds' single parts count).
    Loose,
    /// Compounds' single parts count; everything else as the first time.
    Parts,
}

/// The most words and phrases side by side anywhere in the query (which `relax` may search again,
/// needing fewer of them); 0 without words side by side.
fn loose_width(ast: &Ast) -> usize {
    match ast {
        Ast::Loose(items) => {
            let own = items
                .iter()
                .filter(|a| !matches!(a, Ast::Filter { .. } | Ast::Range { .. } | Ast::Not(_)))
                .count();
            items.iter().map(loose_width).max().unwrap_or(0).max(own)
        }
        Ast::And(items) | Ast::Or(items) => items.iter().map(loose_width).max().unwrap_or(0),
        _ => 0,
    }
}

/// The query with each corrected word replaced (whole words only), or `None` without corrections.
fn corrected_query(q: &str, corrections: &[(String, String)]) -> Option<String> {
    if corrections.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(q.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match corrections.iter().find(|(typed, _)| typed == word) {
            Some((_, shown)) => out.push_str(shown),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in q.chars() {
        if c.is_whitespace() || matches!(c, '(' | ')' | '"') {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    Some(out)
}

fn first_str(d: &TantivyDocument, field: Field) -> Option<String> {
    d.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn first_u32(d: &TantivyDocument, field: Field) -> u32 {
    d.get_first(field)
        .and_then(|v| v.as_u64())
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(1)
}

/// Builds one hit from its stored fields.
pub(crate) fn hit(
    searcher: &Searcher,
    f: &Fields,
    addr: DocAddress,
    score: f32,
    snip: &mut Snippeter<'_>,
) -> Result<Hit> {
    let d: TantivyDocument = searcher.doc(addr)?;
    let is_clause = d.get_first(f.page_from).is_some();
    let number = first_str(&d, f.number);
    // The heading field holds the title, then the number (searchable, see the writer): a clause
    // without a title has only the number there, which is no heading.
    let heading = first_str(&d, f.heading).filter(|h| Some(h) != number.as_ref());
    let clause = is_clause.then(|| ClauseRef {
        number,
        heading,
        page_from: first_u32(&d, f.page_from),
        page_to: first_u32(&d, f.page_to),
    });
    let text = first_str(&d, if is_clause { f.text } else { f.summary }).unwrap_or_default();
    Ok(Hit {
        document_id: first_str(&d, f.doc_id).unwrap_or_default(),
        title: first_str(&d, f.title).unwrap_or_default(),
        kind: first_str(&d, f.kind).unwrap_or_default(),
        clause,
        snippet: snip.snippet(&text),
        score: if score.is_finite() { score } else { 0.0 },
    })
}

/// A snippeter without marks (document summaries of similar documents).
pub(crate) fn plain_highlight() -> Highlight {
    Highlight::default()
}

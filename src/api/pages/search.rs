//! Søg, the start page: one search field, facets with counts, hits with clause, page and snippet.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use storage::access::Action;
use storage::catalog::DocQuery;
use templates::search::{Facet, FacetValue, Level, SearchHit, SearchView};
use templates::{Link, PreEscaped};

use super::view::{PageCaller, enc, html};
use crate::api::extract::Query;
use crate::api::state::AppState;

/// Hits a page shows.
const PER_PAGE: usize = 20;

#[derive(Deserialize, Default, Clone)]
pub struct Params {
    #[serde(default)]
    q: String,
    kind: Option<String>,
    forvaltning: Option<String>,
    supplier: Option<String>,
    system: Option<String>,
    level: Option<String>,
    sort: Option<String>,
    side: Option<usize>,
    exact: Option<bool>,
}

impl Params {
    /// This search's URL with one parameter changed (`None` drops it); paging restarts.
    fn with(&self, key: &str, value: Option<&str>) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.q.clone())];
        let exact = self.exact.map(|e| e.to_string());
        let own = [
            ("exact", &exact),
            ("kind", &self.kind),
            ("forvaltning", &self.forvaltning),
            ("supplier", &self.supplier),
            ("system", &self.system),
            ("level", &self.level),
            ("sort", &self.sort),
        ];
        for (k, v) in own {
            if k != key
                && let Some(v) = v
            {
                pairs.push((k, v.clone()));
            }
        }
        if let Some(v) = value {
            pairs.push((key, v.to_string()));
        }
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", enc(v)))
            .collect();
        format!("/?{}", query.join("&"))
    }
}

pub async fn search(
    State(state): State<AppState>,
    caller: PageCaller,
    Query(p): Query<Params>,
) -> Result<Response, super::view::PageError> {
    caller.0.gate(Action::Search)?;
    let mut view = SearchView {
        query: p.q.clone(),
        indexed_documents: state.index.num_documents(),
        ..Default::default()
    };
    if !p.q.trim().is_empty() {
        fill(&state, &caller, &p, &mut view).await?;
    }
    html(templates::search::search(&caller.chrome(), &view))
}

async fn fill(
    state: &AppState,
    caller: &PageCaller,
    p: &Params,
    view: &mut SearchView,
) -> Result<(), super::view::PageError> {
    let page = p.side.unwrap_or(1).max(1);
    let level = if p.level.as_deref() == Some("document") {
        index::Level::Document
    } else {
        index::Level::Clause
    };
    let list = |v: &Option<String>| v.iter().cloned().collect::<Vec<_>>();
    let request = index::SearchRequest {
        q: p.q.clone(),
        kinds: list(&p.kind),
        forvaltninger: list(&p.forvaltning),
        supplier: p.supplier.clone(),
        system: p.system.clone(),
        level,
        sort: if p.sort.as_deref() == Some("date") {
            index::Sort::Date
        } else {
            index::Sort::Relevance
        },
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
        scope: caller.0.index_scope(),
        ..Default::default()
    };
    state
        .catalog
        .audit(
            caller.0.name(),
            "search",
            "search",
            serde_json::json!({"q": p.q, "page": true}),
        )
        .await?;
    let index = state.index.clone();
    let options = crate::api::search::options(p.exact.unwrap_or(false));
    let results =
        match tokio::task::spawn_blocking(move || index.search_with(&request, &options)).await {
            Ok(Ok(r)) => r,
            Ok(Err(e @ index::Error::Query { .. })) => {
                view.error = Some(format!("Søgningen kunne ikke forstås: {e}"));
                return Ok(());
            }
            Ok(Err(e)) => return Err(e.into()),
            Err(e) => return Err(crate::api::error::ApiError::internal(e).into()),
        };
    let ids: Vec<String> = results.hits.iter().map(|h| h.document_id.clone()).collect();
    let docs: HashMap<String, storage::model::Document> = state
        .catalog
        .documents(&DocQuery::Ids(ids))
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d))
        .collect();
    view.level = if level == index::Level::Document {
        Level::Document
    } else {
        Level::Clause
    };
    view.clause_level_url = p.with("level", None);
    view.document_level_url = p.with("level", Some("document"));
    view.sort_by_date = p.sort.as_deref() == Some("date");
    view.sort_relevance_url = p.with("sort", None);
    view.sort_date_url = p.with("sort", Some("date"));
    view.total = results.total as u64;
    if let Some(corrected) = &results.corrected_query {
        view.corrected_query = Some(corrected.clone());
        view.original_query_url = Some(format!("{}&exact=true", p.with("exact", None)));
    }
    view.hits = results
        .hits
        .iter()
        .map(|h| hit(h, docs.get(&h.document_id)))
        .collect();
    view.facets = facets(p, &results.facets);
    view.active_filters = active_filters(p);
    view.pages = results.total.div_ceil(PER_PAGE).max(1) as u32;
    view.page = page as u32;
    let at = |n: usize| format!("{}&side={n}", p.with("side", None));
    view.prev_url = (page > 1).then(|| at(page - 1));
    view.next_url = (page * PER_PAGE < results.total).then(|| at(page + 1));
    if results.total == 0 {
        no_hits(p, view);
    }
    Ok(())
}

fn hit(h: &index::Hit, doc: Option<&storage::model::Document>) -> SearchHit {
    let page = h.clause.as_ref().map(|c| c.page_from);
    let anchor = page
        .map(|n| format!("?side={n}#page={n}"))
        .unwrap_or_default();
    SearchHit {
        url: format!("/dokumenter/{}{anchor}", h.document_id),
        title: h.title.clone(),
        kind: h.kind.clone(),
        clause_number: h.clause.as_ref().and_then(|c| c.number.clone()),
        clause_heading: h.clause.as_ref().and_then(|c| c.heading.clone()),
        page_from: page,
        page_to: h.clause.as_ref().map(|c| c.page_to),
        // The index escapes the text and adds only `<mark>`.
        snippet: (!h.snippet.is_empty()).then(|| PreEscaped(h.snippet.clone())),
        supplier: doc.and_then(|d| d.supplier.as_ref().map(|s| s.name.clone())),
        forvaltning: doc
            .map(|d| d.forvaltning.as_str().to_string())
            .unwrap_or_default(),
    }
}

fn facets(p: &Params, f: &index::Facets) -> Vec<Facet> {
    let group = |title: &str,
                 key: &str,
                 counts: &[index::FacetCount],
                 current: &Option<String>,
                 label: &dyn Fn(&str) -> String| Facet {
        title: title.to_string(),
        values: counts
            .iter()
            .map(|c| FacetValue {
                label: label(&c.value),
                count: c.count,
                url: p.with(key, Some(&c.value)),
                selected: current.as_deref() == Some(c.value.as_str()),
            })
            .collect(),
    };
    let same = |v: &str| v.to_string();
    let kind = |v: &str| templates::format::kind_label(v).to_string();
    vec![
        group("Type", "kind", &f.kind, &p.kind, &kind),
        group(
            "Forvaltning",
            "forvaltning",
            &f.forvaltning,
            &p.forvaltning,
            &same,
        ),
        group(
            "Leverandør (CVR)",
            "supplier",
            &f.supplier,
            &p.supplier,
            &same,
        ),
        group("System", "system", &f.system, &p.system, &same),
    ]
}

fn active_filters(p: &Params) -> Vec<Link> {
    [
        ("kind", &p.kind),
        ("forvaltning", &p.forvaltning),
        ("supplier", &p.supplier),
        ("system", &p.system),
    ]
    .into_iter()
    .filter_map(|(k, v)| {
        v.as_ref()
            .map(|v| Link::new(format!("{v} ×"), p.with(k, None)))
    })
    .collect()
}

/// Why nothing was found, and looser searches to try.
fn no_hits(p: &Params, view: &mut SearchView) {
    let filtered =
        p.kind.is_some() || p.forvaltning.is_some() || p.supplier.is_some() || p.system.is_some();
    view.no_hits_reason = Some(if filtered {
        "Ingen klausuler matcher søgningen med de valgte filtre.".into()
    } else {
        "Ingen klausuler indeholder ordene, heller ikke i bøjede former eller med stavefejl rettet."
            .into()
    });
    if filtered {
        view.suggestions
            .push(Link::new("Søg uden filtre", format!("/?q={}", enc(&p.q))));
    }
    let words: Vec<&str> = p.q.split_whitespace().collect();
    if words.len() == 1 && !p.q.ends_with('*') && !p.q.contains(':') {
        let prefix = format!("{}*", words[0]);
        view.suggestions.push(Link::new(
            format!("Søg efter {prefix}"),
            format!("/?q={}", enc(&prefix)),
        ));
    }
    if words.len() > 1 {
        let any = words.join(" OR ");
        view.suggestions.push(Link::new(
            format!("Søg efter et af ordene: {any}"),
            format!("/?q={}", enc(&any)),
        ));
    }
}

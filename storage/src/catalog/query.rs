//! Loading sets of documents for the views: by link, supplier, forvaltning or kind, and closing a set over
//! contract families and documentation versions so every derived rule has what it needs.

use std::collections::{HashMap, HashSet};

use super::Catalog;
use super::documents::{DocRow, SELECT_DOCUMENT};
use crate::error::Result;
use crate::model::{Document, DocumentKind, Forvaltning};

/// Which documents to load.
#[derive(Debug, Clone)]
pub enum DocQuery {
    Ids(Vec<String>),
    LinkedTo(Vec<String>),
    Children(Vec<String>),
    SupersededBy(Vec<String>),
    Supplier(String),
    Forvaltning(Forvaltning),
    Kinds(Vec<DocumentKind>),
}

/// Rounds of closing; families are shallow (framework → contract → tillæg), version chains may be longer.
const MAX_ROUNDS: usize = 32;

impl Catalog {
    pub async fn documents(&self, query: &DocQuery) -> Result<Vec<Document>> {
        let (condition, values): (&str, Vec<String>) = match query {
            DocQuery::Ids(ids) => ("d.id IN (SELECT value FROM json_each(?))", ids.clone()),
            DocQuery::LinkedTo(systems) => (
                "d.id IN (SELECT document_id FROM document_systems WHERE system_id IN (SELECT value FROM json_each(?)))",
                systems.clone(),
            ),
            DocQuery::Children(ids) => (
                "json_extract(d.details_json, '$.parent_id') IN (SELECT value FROM json_each(?))",
                ids.clone(),
            ),
            DocQuery::SupersededBy(ids) => (
                "json_extract(d.details_json, '$.supersedes_id') IN (SELECT value FROM json_each(?))",
                ids.clone(),
            ),
            DocQuery::Supplier(key) => (
                "d.supplier_key IN (SELECT value FROM json_each(?))",
                vec![key.clone()],
            ),
            DocQuery::Forvaltning(f) => (
                "d.forvaltning IN (SELECT value FROM json_each(?))",
                vec![f.as_str().to_string()],
            ),
            DocQuery::Kinds(kinds) => (
                "d.kind IN (SELECT value FROM json_each(?))",
                kinds.iter().map(|k| k.as_str().to_string()).collect(),
            ),
        };
        if values.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<DocRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_DOCUMENT} WHERE {condition} ORDER BY d.id"
        )))
        .bind(serde_json::to_string(&values)?)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(DocRow::into_document).collect()
    }

    /// `seed` plus every parent, every document of the families of its contracts, and every version of its
    /// documentation, by id.
    pub async fn close_over_families(
        &self,
        seed: Vec<Document>,
    ) -> Result<HashMap<String, Document>> {
        let mut all: HashMap<String, Document> =
            seed.into_iter().map(|d| (d.id.to_string(), d)).collect();
        let mut expanded: HashSet<String> = HashSet::new();
        for _ in 0..MAX_ROUNDS {
            let fresh: Vec<&Document> = all
                .values()
                .filter(|d| !expanded.contains(d.id.as_str()))
                .collect();
            if fresh.is_empty() {
                break;
            }
            let mut wanted: Vec<String> = fresh
                .iter()
                .flat_map(|d| [d.details.parent_id.clone(), d.details.supersedes_id.clone()])
                .flatten()
                .filter(|id| !all.contains_key(id))
                .collect();
            wanted.sort();
            wanted.dedup();
            let ids: Vec<String> = fresh.iter().map(|d| d.id.to_string()).collect();
            expanded.extend(ids.iter().cloned());
            let mut found = self.documents(&DocQuery::Ids(wanted)).await?;
            found.extend(self.documents(&DocQuery::Children(ids.clone())).await?);
            found.extend(self.documents(&DocQuery::SupersededBy(ids)).await?);
            for d in found {
                all.entry(d.id.to_string()).or_insert(d);
            }
        }
        Ok(all)
    }
}

impl Catalog {
    /// The documents of `queries`, closed over their families and versions, with derived states.
    pub async fn doc_set(
        &self,
        queries: &[DocQuery],
        ctx: &crate::views::Context,
    ) -> Result<crate::views::DocSet> {
        let mut seed = Vec::new();
        for q in queries {
            seed.extend(self.documents(q).await?);
        }
        let all = self.close_over_families(seed).await?;
        Ok(crate::views::DocSet::new(all, ctx))
    }
}

impl Catalog {
    /// Everything about one system (its linked documents closed over families and versions): what the
    /// API's dossier answers and the auditor's bag holds.
    pub async fn dossier(
        &self,
        system_id: &str,
        ctx: &crate::views::Context,
    ) -> Result<crate::views::Dossier> {
        let system = self.get_system(system_id).await?;
        let set = self
            .doc_set(&[DocQuery::LinkedTo(vec![system.id.clone()])], ctx)
            .await?;
        Ok(crate::views::dossier(&set, system, ctx))
    }
}

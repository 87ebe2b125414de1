//! Checks of document metadata that need the catalog: parents, superseded versions and systems exist and
//! are what they must be. They run inside the writing transaction, so what they saw is what gets stored.

use sqlx::SqliteConnection;

use crate::error::{Error, Result, decode};
use crate::ids::DocumentId;
use crate::model::{DocumentKind, NewDocument};

#[cfg(test)]
#[path = "tests/checks.rs"]
mod tests;

/// Deepest parent chain followed (framework → contract → tillæg needs three).
const MAX_DEPTH: usize = 16;

/// Kind, details JSON, and the supplier's name, country, national id and key.
type ReferencedRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

struct Referenced {
    kind: DocumentKind,
    parent_id: Option<String>,
    supplier: Option<crate::model::Supplier>,
}

async fn referenced(conn: &mut SqliteConnection, id: &str) -> Result<Option<Referenced>> {
    let row: Option<ReferencedRow> = sqlx::query_as(
        "SELECT d.kind, d.details_json, sp.name, sp.country, sp.national_id, d.supplier_key \
             FROM documents d LEFT JOIN suppliers sp ON sp.key = d.supplier_key WHERE d.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((kind, details, name, country, national_id, _)) = row else {
        return Ok(None);
    };
    let details: serde_json::Value = serde_json::from_str(&details).unwrap_or_default();
    let supplier = match (name, country, national_id) {
        (Some(name), Some(c), Some(nid)) => Some(crate::model::Supplier {
            cvr: if c == "DK" { nid.parse().ok() } else { None },
            id: (c != "DK").then(|| nid.clone()),
            country: (c != "DK").then_some(c),
            name,
        }),
        _ => None,
    };
    Ok(Some(Referenced {
        kind: decode("documents.kind", &kind)?,
        parent_id: details["parent_id"].as_str().map(str::to_string),
        supplier,
    }))
}

/// Normalises a referenced document id, or says which field names no document.
fn document_id(field: &'static str, id: &str) -> Result<DocumentId> {
    id.parse()
        .map_err(|_| Error::invalid(field, format!("{id:?} is not a document id")))
}

/// Checks the references of `new` (being stored as `own_id`, if it exists already) and returns it with ids
/// normalised and, for a tillæg or bilag without a supplier, the parent contract's.
pub(crate) async fn check_references(
    conn: &mut SqliteConnection,
    new: &NewDocument,
    own_id: Option<&DocumentId>,
) -> Result<NewDocument> {
    let mut out = new.clone();
    if let Some(parent) = &new.parent_id {
        let parent_id = document_id("parent_id", parent)?;
        if Some(&parent_id) == own_id {
            return Err(Error::invalid(
                "parent_id",
                "a document cannot be its own parent",
            ));
        }
        let found = referenced(conn, parent_id.as_str())
            .await?
            .ok_or_else(|| Error::invalid("parent_id", format!("no document {parent_id}")))?;
        if found.kind != DocumentKind::Contract {
            return Err(Error::invalid(
                "parent_id",
                format!(
                    "{parent_id} is a {}, not a contract; a {} belongs to a contract",
                    found.kind.as_str(),
                    new.kind.as_str()
                ),
            ));
        }
        check_no_cycle(conn, found.parent_id, own_id).await?;
        if out.supplier.is_none() && new.kind != DocumentKind::Contract {
            out.supplier = found.supplier;
        }
        out.parent_id = Some(parent_id.to_string());
        if let Some(number) = new.addendum_number {
            check_addendum_number(conn, parent_id.as_str(), number, own_id).await?;
        }
    }
    if let Some(old) = &new.supersedes_id {
        let old_id = document_id("supersedes_id", old)?;
        if Some(&old_id) == own_id {
            return Err(Error::invalid(
                "supersedes_id",
                "a document cannot supersede itself",
            ));
        }
        let found = referenced(conn, old_id.as_str())
            .await?
            .ok_or_else(|| Error::invalid("supersedes_id", format!("no document {old_id}")))?;
        if found.kind != DocumentKind::SystemDocumentation {
            return Err(Error::invalid(
                "supersedes_id",
                format!(
                    "{old_id} is a {}, not system documentation",
                    found.kind.as_str()
                ),
            ));
        }
        out.supersedes_id = Some(old_id.to_string());
    }
    for system in &new.system_ids {
        check_system(conn, "system_ids", system).await?;
    }
    out.system_ids.sort();
    out.system_ids.dedup();
    Ok(out)
}

/// A contract's parent chain must not lead back to itself.
async fn check_no_cycle(
    conn: &mut SqliteConnection,
    mut next: Option<String>,
    own_id: Option<&DocumentId>,
) -> Result<()> {
    let Some(own) = own_id else { return Ok(()) };
    for _ in 0..MAX_DEPTH {
        let Some(id) = next else { return Ok(()) };
        if id == own.as_str() {
            return Err(Error::invalid(
                "parent_id",
                "the parent chain would lead back to this document",
            ));
        }
        next = referenced(conn, &id).await?.and_then(|r| r.parent_id);
    }
    Err(Error::invalid("parent_id", "the parent chain is too deep"))
}

async fn check_addendum_number(
    conn: &mut SqliteConnection,
    parent: &str,
    number: u32,
    own_id: Option<&DocumentId>,
) -> Result<()> {
    let other: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM documents WHERE kind = 'addendum' AND json_extract(details_json, '$.parent_id') = ? \
         AND json_extract(details_json, '$.addendum_number') = ? AND id <> ?",
    )
    .bind(parent)
    .bind(i64::from(number))
    .bind(own_id.map(|i| i.as_str()).unwrap_or(""))
    .fetch_optional(&mut *conn)
    .await?;
    match other {
        Some((id,)) => Err(Error::invalid(
            "addendum_number",
            format!("the contract already has tillæg nr. {number} ({id})"),
        )),
        None => Ok(()),
    }
}

/// A system id must name a system of the register.
pub(crate) async fn check_system(
    conn: &mut SqliteConnection,
    field: &'static str,
    id: &str,
) -> Result<()> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM systems WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(Error::invalid(
            field,
            format!("no system {id:?} in the system register"),
        )),
    }
}

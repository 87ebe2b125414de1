//! The supplier register: a supplier's identity is its CVR (or country and national id abroad); its name
//! may change, and every document of the supplier then answers with the new name.

use serde::Serialize;
use serde_json::json;
use sqlx::{Sqlite, SqliteConnection, Transaction};
use utoipa::ToSchema;

use super::{Catalog, audit, jobs, now};
use crate::error::{Error, Result, decode};
use crate::model::Supplier;

#[cfg(test)]
#[path = "tests/suppliers.rs"]
mod tests;

/// A supplier of the register.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SupplierEntry {
    /// The key the API addresses it by: the CVR, or `<country>-<id>`.
    pub key: String,
    #[serde(flatten)]
    pub supplier: Supplier,
}

/// Makes sure the supplier is in the register; a known supplier keeps its registered name.
pub(crate) async fn upsert(
    conn: &mut SqliteConnection,
    supplier: Option<&Supplier>,
) -> Result<Option<String>> {
    let Some(s) = supplier else { return Ok(None) };
    let key = s.key();
    let (country, national_id) = match (&s.cvr, &s.country, &s.id) {
        (Some(cvr), _, _) => ("DK".to_string(), cvr.as_str().to_string()),
        (None, Some(c), Some(id)) => (c.clone(), id.clone()),
        _ => {
            return Err(Error::invalid(
                "supplier.cvr",
                "a supplier needs its CVR number",
            ));
        }
    };
    let at = now();
    sqlx::query(
        "INSERT INTO suppliers (key, cvr, country, national_id, name, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
    )
    .bind(&key)
    .bind(s.cvr.as_ref().map(|c| c.as_str().to_string()))
    .bind(country)
    .bind(national_id)
    .bind(s.name.trim())
    .bind(&at)
    .bind(&at)
    .execute(&mut *conn)
    .await?;
    Ok(Some(key))
}

fn entry(key: String, country: String, national_id: String, name: String) -> SupplierEntry {
    let danish = country == "DK";
    SupplierEntry {
        key,
        supplier: Supplier {
            cvr: if danish {
                national_id.parse().ok()
            } else {
                None
            },
            id: (!danish).then(|| national_id.clone()),
            country: (!danish).then_some(country),
            name,
        },
    }
}

impl Catalog {
    pub async fn get_supplier(&self, key: &str) -> Result<SupplierEntry> {
        let row: Option<(String, String, String, String)> =
            sqlx::query_as("SELECT key, country, national_id, name FROM suppliers WHERE key = ?")
                .bind(key)
                .fetch_optional(&self.read)
                .await?;
        let (key, country, national_id, name) =
            row.ok_or_else(|| Error::NotFound(format!("supplier {key}")))?;
        Ok(entry(key, country, national_id, name))
    }

    /// Every supplier, by name.
    pub async fn suppliers(&self) -> Result<Vec<SupplierEntry>> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT key, country, national_id, name FROM suppliers ORDER BY name, key",
        )
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(k, c, n, name)| entry(k, c, n, name))
            .collect())
    }

    /// Renames a supplier (audited); its documents are re-indexed so search shows the new name.
    pub async fn rename_supplier(
        &self,
        key: &str,
        name: &str,
        actor: &str,
    ) -> Result<SupplierEntry> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 300 {
            return Err(Error::invalid("name", "must be 1–300 characters"));
        }
        let old = self.get_supplier(key).await?;
        if old.supplier.name == name {
            return Ok(old);
        }
        let mut tx: Transaction<'_, Sqlite> = self.write.begin().await?;
        sqlx::query("UPDATE suppliers SET name = ?, updated_at = ? WHERE key = ?")
            .bind(name)
            .bind(now())
            .bind(key)
            .execute(&mut *tx)
            .await?;
        let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM documents WHERE supplier_key = ?")
            .bind(key)
            .fetch_all(&mut *tx)
            .await?;
        for (id,) in ids {
            let id = decode("documents.id", &id)?;
            jobs::enqueue(&mut tx, &id, super::JobAction::Index).await?;
        }
        let details = json!({"changes": {"name": {"old": old.supplier.name, "new": name}}});
        audit::record(
            &mut tx,
            actor,
            "supplier.correct",
            &format!("supplier/{key}"),
            &details,
        )
        .await?;
        tx.commit().await?;
        self.get_supplier(key).await
    }
}

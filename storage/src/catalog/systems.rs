//! The system register: create, read, list with filters, correct (audited), delete (refused while linked).

use serde_json::json;

use sqlx::SqliteConnection;

type Tx<'c> = sqlx::Transaction<'c, sqlx::Sqlite>;

use super::documents::SqliteQuery;
use super::{Catalog, audit, now};
use crate::error::{Error, Result, decode, decode_json, decode_time};
use crate::model::{Forvaltning, Lifecycle, Network, NewSystem, System, SystemCategory};

#[cfg(test)]
#[path = "tests/systems.rs"]
mod tests;

#[derive(sqlx::FromRow)]
struct SystemRow {
    id: String,
    kitos_uuid: Option<String>,
    name: String,
    description: Option<String>,
    category: String,
    network: String,
    owner_forvaltning: String,
    owner_unit: Option<String>,
    used_by: String,
    lifecycle: String,
    archive_duty: String,
    created_at: String,
    updated_at: String,
}

impl SystemRow {
    fn into_system(self) -> Result<System> {
        Ok(System {
            category: decode("systems.category", &self.category)?,
            network: decode("systems.network", &self.network)?,
            owner_forvaltning: decode("systems.owner_forvaltning", &self.owner_forvaltning)?,
            used_by: decode_json("systems.used_by", &self.used_by)?,
            lifecycle: decode("systems.lifecycle", &self.lifecycle)?,
            archive_duty: decode("systems.archive_duty", &self.archive_duty)?,
            created_at: decode_time("systems.created_at", &self.created_at)?,
            updated_at: decode_time("systems.updated_at", &self.updated_at)?,
            id: self.id,
            name: self.name,
            description: self.description,
            owner_unit: self.owner_unit,
            kitos_uuid: self.kitos_uuid,
        })
    }
}

/// The columns that create and update both write, in the order `bind_fields` binds them.
const FIELD_COLUMNS: &[&str] = &[
    "kitos_uuid",
    "name",
    "description",
    "category",
    "network",
    "owner_forvaltning",
    "owner_unit",
    "used_by",
    "lifecycle",
    "archive_duty",
    "updated_at",
];

/// Binds `FIELD_COLUMNS`: one list for insert and update, so the two cannot drift apart.
fn bind_fields<'q>(query: SqliteQuery<'q>, new: &NewSystem, at: &str) -> Result<SqliteQuery<'q>> {
    Ok(query
        .bind(new.kitos_uuid.clone())
        .bind(new.name.clone())
        .bind(new.description.clone())
        .bind(new.category.as_str())
        .bind(new.network.as_str())
        .bind(new.owner_forvaltning.as_str())
        .bind(new.owner_unit.clone())
        .bind(serde_json::to_string(&new.used_by)?)
        .bind(new.lifecycle.as_str())
        .bind(new.archive_duty.as_str())
        .bind(at.to_string()))
}

/// Whether `id` belongs to a system now or did to a deleted one.
async fn id_used(conn: &mut SqliteConnection, id: &str) -> Result<bool> {
    let used: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM systems WHERE id = ?1 UNION ALL SELECT 1 FROM retired_system_ids WHERE id = ?1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(used.is_some())
}

/// The next free `SYS-nnnn`. It counts from the highest row number ever given (AUTOINCREMENT keeps it in
/// `sqlite_sequence` across deletes; `max(seq)` of the table would fall back after deleting the newest).
async fn next_id(conn: &mut SqliteConnection) -> Result<String> {
    let (mut n,): (i64,) = sqlx::query_as(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'systems'), 0) + 1",
    )
    .fetch_one(&mut *conn)
    .await?;
    loop {
        let candidate = format!("SYS-{n:04}");
        if !id_used(conn, &candidate).await? {
            return Ok(candidate);
        }
        n += 1;
    }
}

/// Adds a system inside `tx` (audited); answers its id.
pub(super) async fn insert(tx: &mut Tx<'_>, new: &NewSystem, actor: &str) -> Result<String> {
    let mut new = new.clone();
    new.validate()?;
    let id = match &new.id {
        Some(id) => {
            let retired: Option<(i64,)> =
                sqlx::query_as("SELECT 1 FROM retired_system_ids WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?;
            if retired.is_some() {
                return Err(Error::Conflict(format!(
                    "the id {id} belonged to a deleted system; an id is never given twice"
                )));
            }
            id.clone()
        }
        None => next_id(tx).await?,
    };
    let at = now();
    let insert = format!(
        "INSERT INTO systems (id, created_at, {}) VALUES (?, ?{})",
        FIELD_COLUMNS.join(", "),
        ", ?".repeat(FIELD_COLUMNS.len())
    );
    let query = sqlx::query(sqlx::AssertSqlSafe(insert)).bind(&id).bind(&at);
    let result = bind_fields(query, &new, &at)?.execute(&mut **tx).await;
    match result {
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::Conflict(format!(
                "a system with id {id} or KITOS UUID {} exists already",
                new.kitos_uuid.as_deref().unwrap_or("-")
            )));
        }
        other => other?,
    };
    new.id = Some(id.clone());
    audit::record(
        tx,
        actor,
        "system.create",
        &format!("system/{id}"),
        &json!(new),
    )
    .await?;
    Ok(id)
}

/// Writes `new` over the system `old` inside `tx`, audited with old and new values; nothing when nothing
/// changes.
pub(super) async fn replace(
    tx: &mut Tx<'_>,
    old: &System,
    new: &NewSystem,
    actor: &str,
) -> Result<()> {
    let id = old.id.as_str();
    let mut new = new.clone();
    if new.id.as_deref().is_some_and(|n| n != id) {
        return Err(Error::invalid("id", "a system's id cannot change"));
    }
    new.validate()?;
    let changes = diff(&json!(old.as_new()), &json!(new));
    if changes.is_empty() {
        return Ok(());
    }
    let update = format!(
        "UPDATE systems SET {} WHERE id = ?",
        FIELD_COLUMNS
            .iter()
            .map(|c| format!("{c} = ?"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let result = bind_fields(sqlx::query(sqlx::AssertSqlSafe(update)), &new, &now())?
        .bind(id)
        .execute(&mut **tx)
        .await;
    match result {
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::Conflict("another system has this KITOS UUID".into()));
        }
        other => other?,
    };
    audit::record(
        tx,
        actor,
        "system.correct",
        &format!("system/{id}"),
        &json!({"changes": changes}),
    )
    .await?;
    Ok(())
}

/// Filters of the system list; every one optional.
#[derive(Debug, Clone, Default)]
pub struct SystemFilter {
    pub category: Option<SystemCategory>,
    /// Owned or used by.
    pub forvaltning: Option<Forvaltning>,
    pub lifecycle: Option<Lifecycle>,
    pub network: Option<Network>,
    /// Part of the name or id.
    pub q: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

const FILTER: &str = "FROM systems WHERE (?1 IS NULL OR category = ?1) \
     AND (?2 IS NULL OR owner_forvaltning = ?2 OR EXISTS (SELECT 1 FROM json_each(used_by) WHERE value = ?2)) \
     AND (?3 IS NULL OR lifecycle = ?3) AND (?4 IS NULL OR network = ?4) \
     AND (?5 IS NULL OR instr(lower(name), lower(?5)) > 0 OR instr(lower(id), lower(?5)) > 0)";

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

impl Catalog {
    /// Adds a system; without an id it gets the next `SYS-nnnn`.
    pub async fn create_system(&self, new: &NewSystem, actor: &str) -> Result<System> {
        let mut tx = self.write.begin().await?;
        let id = insert(&mut tx, new, actor).await?;
        tx.commit().await?;
        self.get_system(&id).await
    }

    pub async fn get_system(&self, id: &str) -> Result<System> {
        let row: Option<SystemRow> = sqlx::query_as("SELECT * FROM systems WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.ok_or_else(|| Error::NotFound(format!("system {id}")))?
            .into_system()
    }

    /// Systems matching `filter`, by id, and how many match in all.
    pub async fn list_systems(&self, filter: &SystemFilter) -> Result<(u64, Vec<System>)> {
        let (total,): (i64,) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT count(*) {FILTER}")))
                .bind(filter.category.map(|c| c.as_str()))
                .bind(filter.forvaltning.map(|f| f.as_str()))
                .bind(filter.lifecycle.map(|l| l.as_str()))
                .bind(filter.network.map(|n| n.as_str()))
                .bind(&filter.q)
                .fetch_one(&self.read)
                .await?;
        let rows: Vec<SystemRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT * {FILTER} ORDER BY id LIMIT ?6 OFFSET ?7"
        )))
        .bind(filter.category.map(|c| c.as_str()))
        .bind(filter.forvaltning.map(|f| f.as_str()))
        .bind(filter.lifecycle.map(|l| l.as_str()))
        .bind(filter.network.map(|n| n.as_str()))
        .bind(&filter.q)
        .bind(filter.limit)
        .bind(filter.offset)
        .fetch_all(&self.read)
        .await?;
        let systems = rows
            .into_iter()
            .map(SystemRow::into_system)
            .collect::<Result<_>>()?;
        Ok((total as u64, systems))
    }

    /// Every system (for reports).
    pub async fn all_systems(&self) -> Result<Vec<System>> {
        let rows: Vec<SystemRow> = sqlx::query_as("SELECT * FROM systems ORDER BY id")
            .fetch_all(&self.read)
            .await?;
        rows.into_iter().map(SystemRow::into_system).collect()
    }

    /// Replaces a system's fields (its id stays); the audit event holds old and new values.
    pub async fn update_system(&self, id: &str, new: &NewSystem, actor: &str) -> Result<System> {
        let old = self.get_system(id).await?;
        let mut tx = self.write.begin().await?;
        replace(&mut tx, &old, new, actor).await?;
        tx.commit().await?;
        self.get_system(id).await
    }

    /// Removes a system; refused (409) while documents are linked to it.
    pub async fn delete_system(&self, id: &str, actor: &str) -> Result<()> {
        let old = self.get_system(id).await?;
        let mut tx = self.write.begin().await?;
        let (linked,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM document_systems WHERE system_id = ?")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if linked > 0 {
            return Err(Error::Conflict(format!(
                "system {id} has {linked} linked document(s); unlink them first"
            )));
        }
        sqlx::query("DELETE FROM systems WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT OR IGNORE INTO retired_system_ids (id, retired_at) VALUES (?, ?)")
            .bind(id)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            actor,
            "system.delete",
            &format!("system/{id}"),
            &json!(old.as_new()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// `{field: {"old": …, "new": …}}` for every top-level field that differs.
pub fn diff(
    old: &serde_json::Value,
    new: &serde_json::Value,
) -> serde_json::Map<String, serde_json::Value> {
    let empty = serde_json::Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (o, n) = (
                old.get(k).unwrap_or(&serde_json::Value::Null),
                new.get(k).unwrap_or(&serde_json::Value::Null),
            );
            (o != n).then(|| (k.clone(), json!({"old": o, "new": n})))
        })
        .collect()
}

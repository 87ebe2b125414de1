//! Helpers shared by the catalog's unit tests: a private in-memory catalog, metadata to store, and direct
//! looks at the audit and job tables (the tests check what was written, not only what the API answers).

use serde_json::{Value, json};

use crate::catalog::{Catalog, Inserted};
use crate::ids::Sha256;
use crate::model::{Document, FileFacts, NewDocument, NewSystem, System};

pub(crate) async fn catalog() -> Catalog {
    Catalog::in_memory().await.unwrap()
}

/// Facts of a file whose bytes are named by `seed` (same seed, same bytes).
pub(crate) fn file(seed: u8) -> FileFacts {
    FileFacts {
        sha256: Sha256::from_bytes([seed; 32]),
        bytes: 1000 + u64::from(seed),
        media_type: "application/pdf".into(),
        file_name: Some(format!("file-{seed}.pdf")),
    }
}

pub(crate) fn meta(value: Value) -> NewDocument {
    serde_json::from_value(value).unwrap()
}

pub(crate) fn contract(title: &str, forvaltning: &str) -> NewDocument {
    meta(
        json!({"kind": "contract", "title": title, "forvaltning": forvaltning,
        "supplier": {"cvr": "38009877", "name": "Nordlys Drift A/S"}, "signed_on": "2024-06-28"}),
    )
}

/// Stores `new` over the bytes of `seed` and expects a new document.
pub(crate) async fn store(c: &Catalog, new: &NewDocument, seed: u8) -> Document {
    match c.insert_document(new, &file(seed), "tester").await.unwrap() {
        Inserted::Created(d) => d,
        Inserted::Existing(d) => panic!("expected a new document, got the existing {}", d.id),
    }
}

pub(crate) fn new_system(name: &str) -> NewSystem {
    serde_json::from_value(
        json!({"name": name, "category": "specialist", "owner_forvaltning": "TMF"}),
    )
    .unwrap()
}

pub(crate) async fn add_system(c: &Catalog, name: &str) -> System {
    c.create_system(&new_system(name), "tester").await.unwrap()
}

/// Every audit event as (action, object, details), oldest first.
pub(crate) async fn events(c: &Catalog) -> Vec<(String, String, Value)> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT action, object, details FROM audit_events ORDER BY seq")
            .fetch_all(&c.read)
            .await
            .unwrap();
    rows.into_iter()
        .map(|(a, o, d)| (a, o, serde_json::from_str(&d).unwrap()))
        .collect()
}

/// The actions of every audit event, oldest first.
pub(crate) async fn actions(c: &Catalog) -> Vec<String> {
    events(c).await.into_iter().map(|(a, _, _)| a).collect()
}

/// Every indexing job as (document id, action), in order.
pub(crate) async fn jobs(c: &Catalog) -> Vec<(String, String)> {
    sqlx::query_as("SELECT document_id, action FROM index_jobs ORDER BY id")
        .fetch_all(&c.read)
        .await
        .unwrap()
}

/// Makes every audit insert fail from now on: a change whose event cannot be written must not happen.
pub(crate) async fn break_audit(c: &Catalog) {
    sqlx::query(
        "CREATE TRIGGER audit_broken BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit broken'); END",
    )
    .execute(&c.write)
    .await
    .unwrap();
}

/// Runs raw SQL against the catalog (to store what the API would refuse, e.g. a row that cannot decode).
pub(crate) async fn exec(c: &Catalog, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&c.write)
        .await
        .unwrap();
}

//! SQLite FTS5 over the same clauses (what a small team would pick instead of tantivy): one FTS5 table
//! with the filter fields as UNINDEXED columns, bm25 order, `snippet()`, and the facets counted over
//! the matching rows.

use std::collections::HashMap;
use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, Row, SqliteConnection};

use crate::Spec;
use crate::r#gen::{Pool, document};

pub async fn open(path: &Path) -> SqliteConnection {
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Off)
        .synchronous(SqliteSynchronous::Off);
    SqliteConnection::connect_with(&opts).await.unwrap()
}

/// Whether the bundled SQLite was built with FTS5.
pub async fn has_fts5(conn: &mut SqliteConnection) -> bool {
    sqlx::query("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        .fetch_one(&mut *conn)
        .await
        .map(|r| r.get::<i64, _>(0) == 1)
        .unwrap_or(false)
}

/// Builds the table; returns the number of rows.
pub async fn build(conn: &mut SqliteConnection, pool: &Pool, docs: usize) -> usize {
    sqlx::query(
        "CREATE VIRTUAL TABLE clauses USING fts5(heading, text, doc_id UNINDEXED, kind UNINDEXED, \
         forvaltning UNINDEXED, supplier UNINDEXED, system UNINDEXED, year UNINDEXED)",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    let mut tx = conn.begin().await.unwrap();
    let mut rows = 0;
    for i in 0..docs {
        let d = document(pool, i, docs);
        let f = &d.fields;
        let year = f.date.map(|d| chrono::Datelike::year(&d)).unwrap_or(0);
        for c in &d.clauses {
            sqlx::query("INSERT INTO clauses VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .bind(c.heading.as_deref().unwrap_or(""))
                .bind(&c.text)
                .bind(&f.id)
                .bind(&f.kind)
                .bind(&f.forvaltning)
                .bind(f.supplier_cvr.as_deref().unwrap_or(""))
                .bind(f.system_ids.join(","))
                .bind(year)
                .execute(&mut *tx)
                .await
                .unwrap();
            rows += 1;
        }
    }
    tx.commit().await.unwrap();
    sqlx::query("INSERT INTO clauses(clauses) VALUES ('optimize')")
        .execute(&mut *conn)
        .await
        .unwrap();
    rows
}

fn fts_query(spec: &Spec) -> (String, Option<String>) {
    match spec {
        Spec::Term(w) => (w.clone(), None),
        Spec::And(a, b) => (format!("{a} AND {b}"), None),
        Spec::Phrase(p) => (format!("\"{p}\""), None),
        Spec::Filter(w, f) => (w.clone(), Some(f.clone())),
        Spec::Prefix(p) => (format!("{p}*"), None),
    }
}

/// Top 10 with snippets, then total and four facets over all matching rows; returns the total.
pub async fn run(conn: &mut SqliteConnection, spec: &Spec) -> usize {
    let (q, forv) = fts_query(spec);
    let top = if forv.is_some() {
        "SELECT doc_id, heading, snippet(clauses, 1, '<mark>', '</mark>', '…', 32) FROM clauses \
         WHERE clauses MATCH ?1 AND forvaltning = ?2 ORDER BY rank LIMIT 10"
    } else {
        "SELECT doc_id, heading, snippet(clauses, 1, '<mark>', '</mark>', '…', 32) FROM clauses \
         WHERE clauses MATCH ?1 ORDER BY rank LIMIT 10"
    };
    let mut query = sqlx::query(top).bind(&q);
    if let Some(f) = &forv {
        query = query.bind(f.clone());
    }
    let rows = query.fetch_all(&mut *conn).await.unwrap();
    for r in &rows {
        std::hint::black_box(r.get::<String, _>(2));
    }
    let all = if forv.is_some() {
        "SELECT kind, forvaltning, supplier, system FROM clauses WHERE clauses MATCH ?1 AND forvaltning = ?2"
    } else {
        "SELECT kind, forvaltning, supplier, system FROM clauses WHERE clauses MATCH ?1"
    };
    let mut query = sqlx::query(all).bind(&q);
    if let Some(f) = forv {
        query = query.bind(f);
    }
    let rows = query.fetch_all(&mut *conn).await.unwrap();
    let mut facets: [HashMap<String, u64>; 4] = Default::default();
    for r in &rows {
        for (i, m) in facets.iter_mut().enumerate() {
            let v: String = r.get(i);
            for part in v.split(',').filter(|p| !p.is_empty()) {
                *m.entry(part.to_string()).or_default() += 1;
            }
        }
    }
    std::hint::black_box(facets);
    rows.len()
}

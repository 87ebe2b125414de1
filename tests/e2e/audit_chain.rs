//! The tamper-evident audit log, end to end: the real service writes events, a stopped service's catalog is
//! tampered with by raw SQL (edit, delete, insert, reorder, truncate), and `kontraktarkiv verify --audit`
//! fails naming the first bad sequence number; an untouched log passes.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::{Server, cli, contract, corpus};

/// A service that wrote a few dozen events (upload, searches, reads, user changes), stopped once its head
/// file names the last event; its data directory.
async fn logged_events() -> tempfile::TempDir {
    let s = Server::start();
    let (status, doc) = s
        .upload(
            &contract("Driftskontrakt løn", "ØKF"),
            &corpus("danish/d01_k02_driftskontrakt__lo-odt.pdf"),
        )
        .await;
    assert_eq!(status, 201, "{doc}");
    let id = doc["id"].as_str().unwrap().to_string();
    s.wait_indexed(&id).await;
    for q in ["ophæve", "drift", "leverandør", "bod", "pris", "ansvar"] {
        s.search(&format!("q={}", crate::helpers::enc(q))).await;
    }
    for _ in 0..4 {
        let r = s.get(&format!("/api/v1/documents/{id}/content")).await;
        assert_eq!(r.status(), 200);
    }
    let (_, events) = s.get_json("/api/v1/audit").await;
    assert!(
        events.as_array().unwrap().len() >= 12,
        "enough events: {events}"
    );
    // The head file is written every quarter second: wait until it names the table's last event.
    let head = s.data.path().join("audit-head.json");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let seq = std::fs::read(&head)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .and_then(|v| v["seq"].as_i64());
        let last = max_seq(s.data.path()).await;
        if seq == Some(last) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "head file at {seq:?}, log at {last}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    s.kill()
}

/// Plays the attacker with write access to the catalog file: the append-only triggers go first.
async fn tamper(data: &Path, statements: &[&str]) {
    use sqlx::ConnectOptions;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(data.join("catalog.sqlite"))
        .connect()
        .await
        .unwrap();
    for sql in [
        "DROP TRIGGER IF EXISTS audit_events_no_update",
        "DROP TRIGGER IF EXISTS audit_events_no_delete",
    ]
    .iter()
    .chain(statements)
    {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    use sqlx::Connection;
    conn.close().await.unwrap();
}

/// `verify --audit`: whether it passed, and the sequence number it names as the first bad event.
fn verify(data: &Path) -> (bool, Option<i64>, String) {
    let out = cli(data, &["verify", "--audit"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let seq = text
        .split("BROKEN at event ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok());
    (out.status.success(), seq, text)
}

fn assert_broken_at(data: &Path, want: i64, how: &str) {
    let (ok, seq, text) = verify(data);
    assert!(!ok, "{how}: verify --audit passed: {text}");
    assert_eq!(seq, Some(want), "{how}: {text}");
}

async fn max_seq(data: &Path) -> i64 {
    use sqlx::{ConnectOptions, Connection};
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(data.join("catalog.sqlite"))
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM audit_events")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    n
}

#[tokio::test]
async fn an_untouched_log_passes_and_survives_a_restart() {
    let data = logged_events().await;
    let (ok, _, text) = verify(data.path());
    assert!(ok, "{text}");
    assert!(text.contains("audit chain ok"), "{text}");
    // A restart appends to the same chain.
    let s = Server::start_in(data, &[]);
    s.search("q=drift").await;
    let data = s.kill();
    let out = cli(data.path(), &["user", "list"]);
    assert!(out.status.success());
    let (ok, _, text) = verify(data.path());
    assert!(ok, "after a restart: {text}");
}

#[tokio::test]
async fn an_edited_event_is_named() {
    let data = logged_events().await;
    tamper(
        data.path(),
        &["UPDATE audit_events SET actor = 'someone-else' WHERE seq = 7"],
    )
    .await;
    assert_broken_at(data.path(), 7, "edited actor");

    let data = logged_events().await;
    tamper(
        data.path(),
        &["UPDATE audit_events SET details = '{\"q\":\"noget andet\"}' WHERE seq = 9"],
    )
    .await;
    assert_broken_at(data.path(), 9, "edited details");

    // Rewriting the event's own hash too does not help: the next event names the old one.
    let data = logged_events().await;
    tamper(
        data.path(),
        &["UPDATE audit_events SET at = '2020-01-01T00:00:00.000Z', \
           hash = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff' WHERE seq = 5"],
    )
    .await;
    let (ok, seq, text) = verify(data.path());
    assert!(!ok, "{text}");
    assert!(seq == Some(5) || seq == Some(6), "{text}");
}

#[tokio::test]
async fn a_deleted_event_is_named() {
    let data = logged_events().await;
    tamper(data.path(), &["DELETE FROM audit_events WHERE seq = 6"]).await;
    assert_broken_at(data.path(), 6, "deleted event");
}

#[tokio::test]
async fn an_inserted_event_is_named() {
    let data = logged_events().await;
    // Make room after event 4 by moving every later event up one, then forge event 5 from event 4's
    // fields with event 4's hash as its predecessor.
    tamper(
        data.path(),
        &[
            "UPDATE audit_events SET seq = seq + 1000 WHERE seq > 4",
            "UPDATE audit_events SET seq = seq - 999 WHERE seq > 1000",
            "INSERT INTO audit_events (seq, at, actor, action, object, details, prev_hash, hash) \
             SELECT 5, at, 'forger', 'search', 'search', '{\"q\":\"x\"}', hash, hash \
             FROM audit_events WHERE seq = 4",
        ],
    )
    .await;
    assert_broken_at(data.path(), 5, "inserted event");

    // An event appended after the end with a made-up hash.
    let data = logged_events().await;
    let last = max_seq(data.path()).await;
    tamper(
        data.path(),
        &[&format!(
            "INSERT INTO audit_events (seq, at, actor, action, object, details, prev_hash, hash) \
             SELECT {n}, at, 'forger', 'search', 'search', '{{}}', hash, hash \
             FROM audit_events WHERE seq = {last}",
            n = last + 1
        )],
    )
    .await;
    assert_broken_at(data.path(), last + 1, "appended event");
}

#[tokio::test]
async fn reordered_events_are_named() {
    let data = logged_events().await;
    tamper(
        data.path(),
        &[
            "UPDATE audit_events SET seq = -1 WHERE seq = 8",
            "UPDATE audit_events SET seq = 8 WHERE seq = 10",
            "UPDATE audit_events SET seq = 10 WHERE seq = -1",
        ],
    )
    .await;
    assert_broken_at(data.path(), 8, "swapped 8 and 10");
}

#[tokio::test]
async fn cutting_off_the_newest_events_is_named() {
    let data = logged_events().await;
    let last = max_seq(data.path()).await;
    let cut = last - 2;
    tamper(
        data.path(),
        &[&format!("DELETE FROM audit_events WHERE seq >= {cut}")],
    )
    .await;
    assert_broken_at(data.path(), cut, "truncated");

    // A service started over the truncated log does not paper over it by moving the head file on.
    let s = Server::start_in(data, &[]);
    s.search("q=drift").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let data = s.kill();
    let (ok, seq, text) = verify(data.path());
    assert!(!ok, "after a restart: {text}");
    // New events may take the freed numbers and chain on validly from the cut; the head file then shows
    // that what stands at (or is missing before) its event is not what was there. Which of the new
    // events differ cannot be known from one head, so the named event lies in the cut-off range.
    let seq = seq.unwrap_or_else(|| panic!("no sequence number: {text}"));
    assert!(
        (cut..=last).contains(&seq),
        "{seq} outside {cut}..={last}: {text}"
    );
}

//! Unit tests of the audit chain: tampering with the table by raw SQL in each way (edit, delete, insert,
//! reorder, truncate) and `verify_audit` naming the first bad sequence number; the head file; queries.

use std::path::PathBuf;

use serde_json::json;

use crate::catalog::{AuditQuery, Catalog, GENESIS, event_hash, read_head};

async fn catalog_with(events: i64) -> Catalog {
    let c = Catalog::in_memory().await.unwrap();
    for i in 1..=events {
        c.audit(
            &format!("user{}", i % 2),
            "document.read",
            &format!("document/d{i}"),
            json!({"i": i}),
        )
        .await
        .unwrap();
    }
    c
}

/// Plays the attacker: raw SQL, with the append-only triggers out of the way.
async fn tamper(c: &Catalog, sql: &str) {
    for s in [
        "DROP TRIGGER IF EXISTS audit_events_no_update",
        "DROP TRIGGER IF EXISTS audit_events_no_delete",
        sql,
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(s.to_owned()))
            .execute(&c.write)
            .await
            .unwrap();
    }
}

async fn first_bad(c: &Catalog, head: Option<&std::path::Path>) -> Option<i64> {
    c.verify_audit(head).await.unwrap().first_bad.map(|b| b.seq)
}

async fn hash_of(c: &Catalog, seq: i64) -> String {
    sqlx::query_scalar("SELECT hash FROM audit_events WHERE seq = ?")
        .bind(seq)
        .fetch_one(&c.write)
        .await
        .unwrap()
}

fn head_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("audit-head")
}

#[tokio::test]
async fn events_form_a_chain() {
    let c = catalog_with(5).await;
    let events = c.audit_log(&AuditQuery::default()).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(events[0].prev_hash, GENESIS);
    for pair in events.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    for e in &events {
        assert_eq!(e.hash, e.expected_hash());
    }
    let check = c.verify_audit(None).await.unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!((check.events, check.head.seq), (5, 5));
    assert_eq!(check.head.hash, events[4].hash);
}

#[tokio::test]
async fn the_encoding_is_unambiguous() {
    // Moving a character from one field to the next changes the hash.
    let a = event_hash(1, "t", "ab", "c", "o", "{}", GENESIS);
    let b = event_hash(1, "t", "a", "bc", "o", "{}", GENESIS);
    assert_ne!(a, b);
    assert_ne!(a, event_hash(2, "t", "ab", "c", "o", "{}", GENESIS));
}

#[tokio::test]
async fn an_edited_event_is_named() {
    for column in [
        "details = '{\"i\":99}'",
        "actor = 'mallory'",
        "at = '2020-01-01T00:00:00.000Z'",
    ] {
        let c = catalog_with(6).await;
        tamper(
            &c,
            &format!("UPDATE audit_events SET {column} WHERE seq = 3"),
        )
        .await;
        assert_eq!(first_bad(&c, None).await, Some(3), "{column}");
    }
    // Editing and re-hashing the event still breaks the link from the next one.
    let c = catalog_with(6).await;
    let prev = hash_of(&c, 2).await;
    let forged = event_hash(
        3,
        "2020-01-01T00:00:00.000Z",
        "mallory",
        "x",
        "o",
        "{}",
        &prev,
    );
    tamper(&c, &format!(
        "UPDATE audit_events SET at = '2020-01-01T00:00:00.000Z', actor = 'mallory', action = 'x', \
         object = 'o', details = '{{}}', hash = '{forged}' WHERE seq = 3"
    ))
    .await;
    assert_eq!(first_bad(&c, None).await, Some(4));
}

#[tokio::test]
async fn a_deleted_event_is_named() {
    for seq in [1, 3, 5] {
        let c = catalog_with(6).await;
        tamper(&c, &format!("DELETE FROM audit_events WHERE seq = {seq}")).await;
        let check = c.verify_audit(None).await.unwrap();
        assert_eq!(
            check.first_bad.as_ref().map(|b| b.seq),
            Some(seq),
            "{check:?}"
        );
        assert!(check.first_bad.unwrap().reason.contains("missing"));
    }
    // Deleting and renumbering the rest breaks the chain where the hole was.
    let c = catalog_with(6).await;
    tamper(&c, "DELETE FROM audit_events WHERE seq = 3; UPDATE audit_events SET seq = seq - 1 WHERE seq > 3")
        .await;
    assert_eq!(first_bad(&c, None).await, Some(3));
}

#[tokio::test]
async fn an_inserted_event_is_named() {
    // Make room at 3 (two steps: the primary key must stay unique while rows move).
    let shift = "UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 3; \
                 UPDATE audit_events SET seq = seq - 999 WHERE seq > 1000";
    // A forged event with a made-up hash is itself the bad one.
    let c = catalog_with(5).await;
    tamper(&c, shift).await;
    tamper(&c, &format!(
        "INSERT INTO audit_events (seq, at, actor, action, object, details, prev_hash, hash) \
         VALUES (3, '2024-01-01T00:00:00.000Z', 'mallory', 'document.read', 'document/x', '{{}}', '{GENESIS}', '{GENESIS}')"
    ))
    .await;
    assert_eq!(first_bad(&c, None).await, Some(3));
    // A well-forged one chains onto 2, but the event after it no longer follows.
    let c = catalog_with(5).await;
    let prev = hash_of(&c, 2).await;
    let at = "2024-01-01T00:00:00.000Z";
    let hash = event_hash(3, at, "mallory", "document.read", "document/x", "{}", &prev);
    tamper(&c, shift).await;
    tamper(
        &c,
        &format!(
            "INSERT INTO audit_events (seq, at, actor, action, object, details, prev_hash, hash) \
         VALUES (3, '{at}', 'mallory', 'document.read', 'document/x', '{{}}', '{prev}', '{hash}')"
        ),
    )
    .await;
    assert_eq!(first_bad(&c, None).await, Some(4));
}

#[tokio::test]
async fn reordered_events_are_named() {
    let c = catalog_with(6).await;
    // Swap 4 and 5 with everything they carry.
    tamper(
        &c,
        "UPDATE audit_events SET seq = 100 WHERE seq = 4; \
                UPDATE audit_events SET seq = 4 WHERE seq = 5; \
                UPDATE audit_events SET seq = 5 WHERE seq = 100",
    )
    .await;
    assert_eq!(first_bad(&c, None).await, Some(4));
}

#[tokio::test]
async fn truncation_is_caught_by_the_head_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = catalog_with(6).await;
    c.keep_audit_head(head_path(&dir));
    let head = c.write_audit_head().await.unwrap();
    assert_eq!(head.seq, 6);
    assert_eq!(read_head(&head_path(&dir)).unwrap(), Some(head));

    tamper(&c, "DELETE FROM audit_events WHERE seq >= 5").await;
    // The chain alone still looks whole; the head file tells.
    assert_eq!(first_bad(&c, None).await, None);
    let check = c.verify_audit(Some(&head_path(&dir))).await.unwrap();
    assert_eq!(
        check.first_bad.as_ref().map(|b| b.seq),
        Some(5),
        "{check:?}"
    );

    // The keeper does not advance the file over the evidence, even after new events refill the table.
    for i in 0..3 {
        c.audit("someone", "document.read", "document/z", json!({"i": i}))
            .await
            .unwrap();
    }
    assert!(c.write_audit_head().await.is_err());
    assert_eq!(read_head(&head_path(&dir)).unwrap().unwrap().seq, 6);
    assert_eq!(first_bad(&c, Some(&head_path(&dir))).await, Some(6));
}

#[tokio::test]
async fn a_head_file_behind_the_table_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = catalog_with(3).await;
    c.keep_audit_head(head_path(&dir));
    c.write_audit_head().await.unwrap();
    for i in 0..3 {
        c.audit("someone", "search", "search", json!({"q": i}))
            .await
            .unwrap();
    }
    let check = c.verify_audit(Some(&head_path(&dir))).await.unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!((check.head.seq, check.head_file.unwrap().seq), (6, 3));
    // No file yet, or an empty log, is no failure.
    let empty = Catalog::in_memory().await.unwrap();
    assert!(
        empty
            .verify_audit(Some(&dir.path().join("none")))
            .await
            .unwrap()
            .ok()
    );
}

#[tokio::test]
async fn the_head_file_follows_new_events_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = catalog_with(2).await;
    c.keep_audit_head(head_path(&dir));
    c.audit("someone", "search", "search", json!({}))
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if read_head(&head_path(&dir))
            .unwrap()
            .is_some_and(|h| h.seq == 3)
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the head file never reached event 3"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        read_head(&head_path(&dir)).unwrap().unwrap().hash,
        hash_of(&c, 3).await
    );
}

#[tokio::test]
async fn the_service_cannot_change_or_delete_events() {
    let c = catalog_with(2).await;
    for sql in [
        "UPDATE audit_events SET actor = 'x' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
    ] {
        let err = sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&c.write)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }
}

#[tokio::test]
async fn events_from_before_the_chain_get_hashes_once() {
    let c = Catalog::in_memory().await.unwrap();
    for i in 1..=3 {
        sqlx::query("INSERT INTO audit_events (at, actor, action, object, details) VALUES (?, 'old', 'document.upload', ?, '{}')")
            .bind(format!("2024-01-0{i}T00:00:00.000Z"))
            .bind(format!("document/{i}"))
            .execute(&c.write)
            .await
            .unwrap();
    }
    super::backfill_chain(&c.write).await.unwrap();
    c.audit("new", "search", "search", json!({})).await.unwrap();
    let check = c.verify_audit(None).await.unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(check.events, 4);
    // A hash wiped later is tampering, not history: it is not filled in again.
    tamper(
        &c,
        "UPDATE audit_events SET hash = NULL, prev_hash = NULL WHERE seq = 4",
    )
    .await;
    super::backfill_chain(&c.write).await.unwrap();
    assert_eq!(first_bad(&c, None).await, Some(4));
}

#[tokio::test]
async fn the_log_is_selected_by_time_actor_action_and_forvaltning() {
    use crate::access::Role;
    use crate::catalog::NewUser;
    use crate::model::Forvaltning;
    let c = catalog_with(4).await; // user1 at 1 and 3, user0 at 2 and 4
    let new = |name: &str, f| NewUser {
        name: name.into(),
        display_name: None,
        role: Role::Enhed,
        forvaltning: Some(f),
        unit: None,
    };
    c.add_user("admin", &new("buf1", Forvaltning::Buf))
        .await
        .unwrap(); // 5
    c.add_user("admin", &new("okf1", Forvaltning::Okf))
        .await
        .unwrap(); // 6
    c.audit("buf1", "search", "search", json!({"q": "løn"}))
        .await
        .unwrap(); // 7
    c.audit("okf1", "search", "search", json!({"q": "drift"}))
        .await
        .unwrap(); // 8
    let seqs = |q: AuditQuery| {
        let c = c.clone();
        async move {
            c.audit_log(&q)
                .await
                .unwrap()
                .iter()
                .map(|e| e.seq)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        seqs(AuditQuery {
            actor: Some("user1".into()),
            ..Default::default()
        })
        .await,
        [1, 3]
    );
    assert_eq!(
        seqs(AuditQuery {
            action: Some("search".into()),
            ..Default::default()
        })
        .await,
        [7, 8]
    );
    assert_eq!(
        seqs(AuditQuery {
            forvaltning: Some(Forvaltning::Buf),
            ..Default::default()
        })
        .await,
        [5, 7]
    );
    assert_eq!(
        seqs(AuditQuery {
            after_seq: Some(5),
            limit: 2,
            ..Default::default()
        })
        .await,
        [6, 7]
    );
    let all = c.audit_log(&AuditQuery::default()).await.unwrap();
    let at = |seq: usize| {
        chrono::DateTime::parse_from_rfc3339(&all[seq - 1].at)
            .unwrap()
            .to_utc()
    };
    let from_5 = seqs(AuditQuery {
        from: Some(at(5)),
        ..Default::default()
    })
    .await;
    // Events in the same millisecond share a time; every one from 5 on is in, none earlier than 5's time.
    assert!(
        [5, 6, 7, 8].iter().all(|s| from_5.contains(s)),
        "{from_5:?}"
    );
    assert!(from_5.iter().all(|&s| all[s as usize - 1].at >= all[4].at));
    assert!(
        seqs(AuditQuery {
            to: Some(at(1)),
            ..Default::default()
        })
        .await
        .is_empty()
    );
    assert_eq!(c.audit_events("document/d2").await.unwrap().len(), 1);
}

/// A catalog written before the chain existed (migrations 0001–0002 only) gets its events chained when it
/// is opened, and a restarted service picks its head file up where it was.
#[tokio::test]
async fn an_old_catalog_is_chained_on_open_and_the_head_survives_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let old_migrations = dir.path().join("migrations");
    std::fs::create_dir(&old_migrations).unwrap();
    for (name, sql) in [
        (
            "0001_init.sql",
            include_str!("../../../migrations/0001_init.sql"),
        ),
        (
            "0002_register.sql",
            include_str!("../../../migrations/0002_register.sql"),
        ),
    ] {
        std::fs::write(old_migrations.join(name), sql).unwrap();
    }
    let db = dir.path().join("catalog.sqlite");
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&db)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        let migrator = sqlx::migrate::Migrator::new(old_migrations.as_path())
            .await
            .unwrap();
        migrator.run(&pool).await.unwrap();
        for i in 1..=3 {
            sqlx::query("INSERT INTO audit_events (at, actor, action, object, details) VALUES (?, 'anonymous', 'document.upload', ?, '{}')")
                .bind(format!("2025-01-0{i}T00:00:00.000Z"))
                .bind(format!("document/{i}"))
                .execute(&pool)
                .await
                .unwrap();
        }
        pool.close().await;
    }
    let head = head_path(&dir);
    {
        let mut c = Catalog::open(&db).await.unwrap();
        let check = c.verify_audit(None).await.unwrap();
        assert!(check.ok() && check.events == 3, "{check:?}");
        c.keep_audit_head(head.clone());
        assert_eq!(c.write_audit_head().await.unwrap().seq, 3);
        c.audit("cli:root", "document.read", "document/1", json!({}))
            .await
            .unwrap();
        c.write_audit_head().await.unwrap();
    }
    let mut c = Catalog::open(&db).await.unwrap();
    c.keep_audit_head(head.clone());
    c.audit("cli:root", "document.read", "document/2", json!({}))
        .await
        .unwrap();
    assert_eq!(c.write_audit_head().await.unwrap().seq, 5);
    let check = c.verify_audit(Some(&head)).await.unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(check.head_file.unwrap().seq, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_sent_at_once_share_commits_and_each_is_stored_once_in_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let c = Catalog::open(&dir.path().join("catalog.sqlite"))
        .await
        .unwrap();
    let calls: Vec<_> = (0..200)
        .map(|i| {
            let c = c.clone();
            tokio::spawn(async move {
                c.audit("u", "search", "search", json!({"q": i}))
                    .await
                    .unwrap()
            })
        })
        .collect();
    for call in calls {
        call.await.unwrap();
    }
    // Every call returned after its event was stored: all 200 are there, each once, chained.
    let events = c.audit_log(&AuditQuery::default()).await.unwrap();
    let mut qs: Vec<i64> = events
        .iter()
        .map(|e| {
            serde_json::from_str::<serde_json::Value>(&e.details).unwrap()["q"]
                .as_i64()
                .unwrap()
        })
        .collect();
    qs.sort_unstable();
    assert_eq!(qs, (0..200).collect::<Vec<_>>());
    assert_eq!(
        events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=200).collect::<Vec<_>>()
    );
    assert_eq!(first_bad(&c, None).await, None);
    // And they survive a fresh open (they were committed, not only queued).
    drop(c);
    let again = Catalog::open(&dir.path().join("catalog.sqlite"))
        .await
        .unwrap();
    assert_eq!(
        again.audit_log(&AuditQuery::default()).await.unwrap().len(),
        200
    );
}

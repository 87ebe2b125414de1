//! Unit tests of the system register: ids never issued twice, audited changes with old and new values,
//! deletes refused while linked, list filters, and rows that no longer decode.

use serde_json::json;

use super::super::documents::test_support::*;
use crate::catalog::SystemFilter;
use crate::error::Error;
use crate::model::{Forvaltning, Lifecycle, SystemCategory};

#[tokio::test]
async fn a_deleted_system_id_is_never_issued_again() {
    let c = catalog().await;
    let first = add_system(&c, "Løn").await;
    assert_eq!(first.id, "SYS-0001");
    c.delete_system("SYS-0001", "tester").await.unwrap();
    assert_eq!(add_system(&c, "Løn 2").await.id, "SYS-0002");
    // Deleting the newest must not bring its number back either (max(seq) would).
    c.delete_system("SYS-0002", "tester").await.unwrap();
    assert_eq!(add_system(&c, "Løn 3").await.id, "SYS-0003");

    let mut again = new_system("Genbrug");
    again.id = Some("SYS-0001".into());
    let err = c.create_system(&again, "tester").await.unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");

    let mut explicit = new_system("Eget id");
    explicit.id = Some("SYS-0005".into());
    c.create_system(&explicit, "tester").await.unwrap();
    c.delete_system("SYS-0005", "tester").await.unwrap();
    let next = [add_system(&c, "x").await.id, add_system(&c, "y").await.id];
    // The counter is past 4 (four rows were given numbers); 5 is retired, so the next are 6 and 7.
    assert_eq!(
        next,
        ["SYS-0006", "SYS-0007"],
        "a retired explicit id is skipped"
    );
}

#[tokio::test]
async fn create_update_and_delete_are_audited_with_old_and_new_values() {
    let c = catalog().await;
    let system = add_system(&c, "Sagsflow").await;
    let mut changed = system.as_new();
    changed.name = "Sagsflow Byg".into();
    changed.lifecycle = Lifecycle::PhasingOut;
    let updated = c
        .update_system(&system.id, &changed, "editor")
        .await
        .unwrap();
    assert_eq!(updated.name, "Sagsflow Byg");
    assert_eq!(updated.created_at, system.created_at);
    // The same values again change nothing and record nothing.
    c.update_system(&system.id, &changed, "editor")
        .await
        .unwrap();
    c.delete_system(&system.id, "remover").await.unwrap();

    let events = events(&c).await;
    let actions: Vec<&str> = events.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        ["system.create", "system.correct", "system.delete"]
    );
    assert!(events.iter().all(|(_, o, _)| o == "system/SYS-0001"));
    assert_eq!(events[0].2["id"], "SYS-0001");
    assert_eq!(
        events[1].2["changes"],
        json!({"name": {"old": "Sagsflow", "new": "Sagsflow Byg"},
               "lifecycle": {"old": "operational", "new": "phasing_out"}})
    );
    assert_eq!(events[2].2["name"], "Sagsflow Byg");
    assert!(matches!(
        c.get_system(&system.id).await,
        Err(Error::NotFound(_))
    ));
}

#[tokio::test]
async fn refused_changes_leave_no_event() {
    let c = catalog().await;
    let system = add_system(&c, "Sagsflow").await;
    let mut renamed = system.as_new();
    renamed.id = Some("SYS-9".into());
    let err = c
        .update_system(&system.id, &renamed, "x")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Invalid { field: "id", .. }), "{err}");

    let mut new = contract("Kontrakt", "TMF");
    new.system_ids = vec![system.id.clone()];
    store(&c, &new, 1).await;
    let err = c.delete_system(&system.id, "x").await.unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    assert!(c.get_system(&system.id).await.is_ok());
    assert_eq!(actions(&c).await, ["system.create", "document.upload"]);

    break_audit(&c).await;
    let err = c.create_system(&new_system("Ny"), "x").await.unwrap_err();
    assert!(matches!(err, Error::Database(_)), "{err}");
    let mut changed = system.as_new();
    changed.name = "Ændret".into();
    assert!(c.update_system(&system.id, &changed, "x").await.is_err());
    assert_eq!(
        c.all_systems().await.unwrap().len(),
        1,
        "no system without its event"
    );
    assert_eq!(c.get_system(&system.id).await.unwrap().name, "Sagsflow");
}

#[tokio::test]
async fn a_kitos_uuid_belongs_to_one_system() {
    let c = catalog().await;
    let mut a = new_system("A");
    a.kitos_uuid = Some("0B8F4F3E-2A4E-4C43-9D59-2F0C1E7E5A10".into());
    let a = c.create_system(&a, "x").await.unwrap();
    assert_eq!(
        a.kitos_uuid.as_deref(),
        Some("0b8f4f3e-2a4e-4c43-9d59-2f0c1e7e5a10")
    );
    let mut b = new_system("B");
    b.kitos_uuid = a.kitos_uuid.clone();
    assert!(matches!(
        c.create_system(&b, "x").await,
        Err(Error::Conflict(_))
    ));
    let b = add_system(&c, "B").await;
    let mut b_new = b.as_new();
    b_new.kitos_uuid = a.kitos_uuid.clone();
    assert!(matches!(
        c.update_system(&b.id, &b_new, "x").await,
        Err(Error::Conflict(_))
    ));
}

#[tokio::test]
async fn the_list_filters_pages_and_counts() {
    let c = catalog().await;
    let mut shared = new_system("Fælles løn");
    shared.category = SystemCategory::CrossCuttingSpecialist;
    shared.used_by = vec![Forvaltning::Buf];
    c.create_system(&shared, "x").await.unwrap();
    for name in ["Byg", "Miljø", "Park"] {
        add_system(&c, name).await;
    }
    let all = SystemFilter {
        limit: 2,
        ..Default::default()
    };
    let (total, page) = c.list_systems(&all).await.unwrap();
    assert_eq!(total, 4);
    assert_eq!(
        page.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["SYS-0001", "SYS-0002"]
    );
    let second = SystemFilter {
        offset: 2,
        ..all.clone()
    };
    assert_eq!(c.list_systems(&second).await.unwrap().1[0].id, "SYS-0003");

    let used_by_buf = SystemFilter {
        forvaltning: Some(Forvaltning::Buf),
        limit: 10,
        ..Default::default()
    };
    let (total, found) = c.list_systems(&used_by_buf).await.unwrap();
    assert_eq!((total, found[0].name.as_str()), (1, "Fælles løn"));
    let by_name = SystemFilter {
        q: Some("MILJ".into()),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(c.list_systems(&by_name).await.unwrap().1[0].name, "Miljø");
    let by_category = SystemFilter {
        category: Some(SystemCategory::Specialist),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(c.list_systems(&by_category).await.unwrap().0, 3);
}

#[tokio::test]
async fn a_stored_system_that_does_not_decode_is_a_decode_error() {
    let c = catalog().await;
    add_system(&c, "A").await;
    exec(&c, "UPDATE systems SET category = 'kontor'").await;
    let err = c.get_system("SYS-0001").await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode(m) if m.contains("kontor")),
        "{err:?}"
    );
    exec(
        &c,
        "UPDATE systems SET category = 'specialist', used_by = 'BUF'",
    )
    .await;
    assert!(matches!(c.all_systems().await, Err(Error::Decode(_))));
}

#[tokio::test]
async fn the_migration_retires_ids_deleted_before_it() {
    let c = catalog().await;
    add_system(&c, "Genskabt").await;
    // Events of deletes from before the table existed: SYS-0001 was made again since (it lives, so it is
    // not retired); SYS-0042 is gone.
    for id in ["SYS-0042", "SYS-0001"] {
        c.audit(
            "tester",
            "system.delete",
            &format!("system/{id}"),
            json!({}),
        )
        .await
        .unwrap();
    }
    exec(&c, "DROP TABLE retired_system_ids").await;
    sqlx::raw_sql(include_str!("../../../migrations/0004_retired_ids.sql"))
        .execute(&c.write)
        .await
        .unwrap();
    let retired: Vec<(String,)> = sqlx::query_as("SELECT id FROM retired_system_ids")
        .fetch_all(&c.read)
        .await
        .unwrap();
    assert_eq!(retired, [("SYS-0042".to_string(),)]);
    let mut again = new_system("Genbrug");
    again.id = Some("SYS-0042".into());
    assert!(matches!(
        c.create_system(&again, "x").await,
        Err(Error::Conflict(_))
    ));
}

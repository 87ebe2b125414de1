//! Unit tests of the supplier register: identity by key, the registered name wins, renames audited and
//! re-indexed.

use serde_json::json;

use super::super::documents::test_support::*;
use crate::error::Error;

#[tokio::test]
async fn an_upload_registers_its_supplier_and_a_known_supplier_keeps_its_name() {
    let c = catalog().await;
    store(&c, &contract("A", "ØKF"), 1).await;
    let mut other_name = contract("B", "BUF");
    other_name.supplier.as_mut().unwrap().name = "Nordlys (typo)".into();
    let doc = store(&c, &other_name, 2).await;
    assert_eq!(doc.supplier.unwrap().name, "Nordlys Drift A/S");
    let all = c.suppliers().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].key, "38009877");
    assert_eq!(
        all[0].supplier.cvr.as_ref().map(|c| c.as_str()),
        Some("38009877")
    );
}

#[tokio::test]
async fn a_foreign_supplier_is_known_by_country_and_id() {
    let c = catalog().await;
    let mut new = contract("Licens", "SUF");
    new.supplier = Some(
        serde_json::from_value(json!({"country": "SE", "id": "5561234567", "name": "Norrsken AB"}))
            .unwrap(),
    );
    let doc = store(&c, &new, 1).await;
    let supplier = doc.supplier.unwrap();
    assert_eq!(
        (supplier.country.as_deref(), supplier.id.as_deref()),
        (Some("SE"), Some("5561234567"))
    );
    let entry = c.get_supplier("SE-5561234567").await.unwrap();
    crate::model::tests::assert_conforms(&entry);
    assert_eq!(entry.supplier.name, "Norrsken AB");
    assert!(entry.supplier.cvr.is_none());
    assert!(matches!(
        c.get_supplier("SE-1").await,
        Err(Error::NotFound(_))
    ));
}

#[tokio::test]
async fn a_rename_is_audited_reindexes_the_documents_and_keeps_the_identity() {
    let c = catalog().await;
    let a = store(&c, &contract("A", "ØKF"), 1).await;
    let b = store(&c, &contract("B", "BUF"), 2).await;
    let jobs_before = jobs(&c).await.len();
    let renamed = c
        .rename_supplier("38009877", "  Nordlys A/S ", "editor")
        .await
        .unwrap();
    assert_eq!(renamed.supplier.name, "Nordlys A/S");
    assert_eq!(renamed.key, "38009877");
    crate::model::tests::assert_conforms(&renamed);
    for id in [&a.id, &b.id] {
        assert_eq!(
            c.get_document(id).await.unwrap().supplier.unwrap().name,
            "Nordlys A/S"
        );
    }
    let new_jobs: Vec<String> = jobs(&c).await[jobs_before..]
        .iter()
        .map(|(d, _)| d.clone())
        .collect();
    assert_eq!(new_jobs.len(), 2);
    assert!(new_jobs.contains(&a.id.to_string()) && new_jobs.contains(&b.id.to_string()));

    let (action, object, details) = events(&c).await.pop().unwrap();
    assert_eq!(
        (action.as_str(), object.as_str()),
        ("supplier.correct", "supplier/38009877")
    );
    assert_eq!(
        details["changes"]["name"],
        json!({"old": "Nordlys Drift A/S", "new": "Nordlys A/S"})
    );

    // The same name again is no change: no event, no job.
    let count = (events(&c).await.len(), jobs(&c).await.len());
    c.rename_supplier("38009877", "Nordlys A/S", "editor")
        .await
        .unwrap();
    assert_eq!((events(&c).await.len(), jobs(&c).await.len()), count);
}

#[tokio::test]
async fn refused_renames_change_nothing() {
    let c = catalog().await;
    store(&c, &contract("A", "ØKF"), 1).await;
    let err = c.rename_supplier("38009877", "  ", "x").await.unwrap_err();
    assert!(matches!(err, Error::Invalid { field: "name", .. }), "{err}");
    assert!(matches!(
        c.rename_supplier("12345674", "X", "x").await,
        Err(Error::NotFound(_))
    ));
    break_audit(&c).await;
    assert!(
        c.rename_supplier("38009877", "Nyt navn", "x")
            .await
            .is_err()
    );
    assert_eq!(
        c.get_supplier("38009877").await.unwrap().supplier.name,
        "Nordlys Drift A/S"
    );
    assert_eq!(jobs(&c).await.len(), 1, "no re-index job without the event");
}

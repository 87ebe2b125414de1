//! Unit tests of corrections: old and new values in the audit event, one indexing job per change, nothing
//! stored when refused, and links to systems.

use serde_json::json;

use super::super::documents::test_support::*;
use crate::error::Error;
use crate::model::DocumentKind;

#[tokio::test]
async fn a_correction_is_audited_with_old_and_new_values_and_reindexed() {
    let c = catalog().await;
    let doc = store(&c, &contract("Driftskontrakt", "ØKF"), 1).await;
    let mut new = doc.metadata();
    new.title = "Driftskontrakt løn".into();
    new.contract_number = Some("K-17".into());
    new.confidential = true;
    let corrected = c.correct_document(&doc.id, &new, "editor").await.unwrap();
    assert_eq!(corrected.title, "Driftskontrakt løn");
    assert_eq!(corrected.details.contract_number.as_deref(), Some("K-17"));
    assert!(corrected.confidential);
    assert_eq!(corrected.sha256, doc.sha256, "the file never changes");

    let (action, object, details) = events(&c).await.pop().unwrap();
    assert_eq!(action, "document.correct");
    assert_eq!(object, format!("document/{}", doc.id));
    assert_eq!(
        details["changes"],
        json!({"title": {"old": "Driftskontrakt", "new": "Driftskontrakt løn"},
               "contract_number": {"old": null, "new": "K-17"},
               "confidential": {"old": false, "new": true}})
    );
    assert_eq!(jobs(&c).await.len(), 2);

    // Nothing to change: no event, no job.
    c.correct_document(&doc.id, &new, "editor").await.unwrap();
    assert_eq!(events(&c).await.len(), 2);
    assert_eq!(jobs(&c).await.len(), 2);
}

#[tokio::test]
async fn a_correction_onto_another_documents_dedup_key_is_a_conflict() {
    let c = catalog().await;
    store(&c, &contract("ØKF's", "ØKF"), 1).await;
    let buf = store(&c, &contract("BUF's", "BUF"), 1).await;
    let mut new = buf.metadata();
    new.forvaltning = crate::model::Forvaltning::Okf;
    let err = c.correct_document(&buf.id, &new, "x").await.unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    assert_eq!(actions(&c).await, ["document.upload", "document.upload"]);
    assert_eq!(c.get_document(&buf.id).await.unwrap().title, "BUF's");
}

#[tokio::test]
async fn a_contract_with_children_stays_a_contract() {
    let c = catalog().await;
    let parent = store(&c, &contract("Kontrakt", "ØKF"), 1).await;
    let mut child = contract("Tillæg 1", "ØKF");
    child.kind = DocumentKind::Addendum;
    child.parent_id = Some(parent.id.to_string());
    child.addendum_number = Some(1);
    store(&c, &child, 2).await;
    let mut new = parent.metadata();
    new.kind = DocumentKind::Appendix;
    let err = c.correct_document(&parent.id, &new, "x").await.unwrap_err();
    assert!(matches!(err, Error::Invalid { field: "kind", .. }), "{err}");
}

#[tokio::test]
async fn a_correction_whose_event_cannot_be_written_changes_nothing() {
    let c = catalog().await;
    let doc = store(&c, &contract("Kontrakt", "ØKF"), 1).await;
    break_audit(&c).await;
    let mut new = doc.metadata();
    new.title = "Ændret".into();
    assert!(c.correct_document(&doc.id, &new, "x").await.is_err());
    assert_eq!(c.get_document(&doc.id).await.unwrap().title, "Kontrakt");
    assert_eq!(jobs(&c).await.len(), 1);
}

#[tokio::test]
async fn links_and_unlinks_are_audited_once() {
    let c = catalog().await;
    let system = add_system(&c, "Løn").await;
    let doc = store(&c, &contract("Kontrakt", "ØKF"), 1).await;
    assert!(c.link_system(&doc.id, &system.id, "x").await.unwrap());
    assert!(
        !c.link_system(&doc.id, &system.id, "x").await.unwrap(),
        "linked already"
    );
    assert_eq!(
        c.get_document(&doc.id).await.unwrap().system_ids,
        vec![system.id.clone()]
    );
    assert!(c.unlink_system(&doc.id, &system.id, "x").await.unwrap());
    assert!(
        !c.unlink_system(&doc.id, &system.id, "x").await.unwrap(),
        "not linked"
    );
    assert!(c.get_document(&doc.id).await.unwrap().system_ids.is_empty());
    assert!(matches!(
        c.link_system(&doc.id, "SYS-4040", "x").await,
        Err(Error::NotFound(_))
    ));
    let events = events(&c).await;
    let actions: Vec<&str> = events.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "system.create",
            "document.upload",
            "document.link",
            "document.unlink"
        ]
    );
    assert_eq!(events[2].2, json!({"system_id": "SYS-0001"}));
    assert_eq!(jobs(&c).await.len(), 3, "upload, link, unlink");
}

#[tokio::test]
async fn a_correction_replaces_the_links() {
    let c = catalog().await;
    let a = add_system(&c, "A").await;
    let b = add_system(&c, "B").await;
    let mut new = contract("Kontrakt", "ØKF");
    new.system_ids = vec![a.id.clone()];
    let doc = store(&c, &new, 1).await;
    let mut changed = doc.metadata();
    changed.system_ids = vec![b.id.clone()];
    let corrected = c.correct_document(&doc.id, &changed, "x").await.unwrap();
    assert_eq!(corrected.system_ids, vec![b.id.clone()]);
    let (_, _, details) = events(&c).await.pop().unwrap();
    assert_eq!(
        details["changes"]["system_ids"],
        json!({"old": [a.id], "new": [b.id]})
    );
}

//! Unit tests of the metadata checks that need the catalog: parents are contracts, superseded versions are
//! system documentation, tillæg numbers are unique per contract, no parent cycles, systems exist.

use super::super::documents::test_support::*;
use crate::error::Error;
use crate::model::{Document, DocumentKind, NewDocument};

fn child(kind: DocumentKind, parent: &Document) -> NewDocument {
    let mut new = contract("Barn", "ØKF");
    new.kind = kind;
    new.supplier = None;
    new.parent_id = Some(parent.id.to_string());
    new
}

fn field_of(err: Error) -> &'static str {
    match err {
        Error::Invalid { field, .. } => field,
        other => panic!("expected invalid metadata, got {other:?}"),
    }
}

#[tokio::test]
async fn a_parent_must_be_an_existing_contract() {
    let c = catalog().await;
    let parent = store(&c, &contract("Kontrakt", "ØKF"), 1).await;
    let mut addendum = child(DocumentKind::Addendum, &parent);
    addendum.addendum_number = Some(1);
    let stored = store(&c, &addendum, 2).await;
    assert_eq!(
        stored.details.parent_id.as_deref(),
        Some(parent.id.as_str())
    );
    assert_eq!(
        stored.supplier.unwrap().name,
        "Nordlys Drift A/S",
        "a tillæg without a supplier takes its contract's"
    );

    let bilag = store(&c, &child(DocumentKind::Appendix, &parent), 3).await;
    let under_bilag = child(DocumentKind::Appendix, &bilag);
    let err = c
        .insert_document(&under_bilag, &file(4), "x")
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent_id");

    let mut nowhere = child(DocumentKind::Appendix, &parent);
    nowhere.parent_id = Some(crate::ids::DocumentId::generate().to_string());
    assert_eq!(
        field_of(
            c.insert_document(&nowhere, &file(4), "x")
                .await
                .unwrap_err()
        ),
        "parent_id"
    );
    nowhere.parent_id = Some("../etc".into());
    assert_eq!(
        field_of(
            c.insert_document(&nowhere, &file(4), "x")
                .await
                .unwrap_err()
        ),
        "parent_id"
    );
}

#[tokio::test]
async fn a_tillaeg_number_is_unique_within_its_contract() {
    let c = catalog().await;
    let parent = store(&c, &contract("Kontrakt", "ØKF"), 1).await;
    let other = store(&c, &contract("Anden kontrakt", "ØKF"), 2).await;
    let mut first = child(DocumentKind::Addendum, &parent);
    first.addendum_number = Some(1);
    store(&c, &first, 3).await;
    let err = c.insert_document(&first, &file(4), "x").await.unwrap_err();
    assert_eq!(field_of(err), "addendum_number");
    let mut elsewhere = child(DocumentKind::Addendum, &other);
    elsewhere.addendum_number = Some(1);
    store(&c, &elsewhere, 4).await;
}

#[tokio::test]
async fn supersedes_must_name_system_documentation() {
    let c = catalog().await;
    let mut v1 = contract("Systembeskrivelse v1", "TMF");
    v1.kind = DocumentKind::SystemDocumentation;
    v1.supplier = None;
    let v1 = store(&c, &v1, 1).await;
    let mut v2 = v1.metadata();
    v2.title = "v2".into();
    v2.supersedes_id = Some(v1.id.to_string());
    let v2_doc = store(&c, &v2, 2).await;
    assert_eq!(
        v2_doc.details.supersedes_id.as_deref(),
        Some(v1.id.as_str())
    );

    let k = store(&c, &contract("Kontrakt", "TMF"), 3).await;
    v2.supersedes_id = Some(k.id.to_string());
    assert_eq!(
        field_of(c.insert_document(&v2, &file(4), "x").await.unwrap_err()),
        "supersedes_id"
    );
    let mut itself = v2_doc.metadata();
    itself.supersedes_id = Some(v2_doc.id.to_string());
    assert_eq!(
        field_of(
            c.correct_document(&v2_doc.id, &itself, "x")
                .await
                .unwrap_err()
        ),
        "supersedes_id"
    );
}

#[tokio::test]
async fn a_parent_chain_never_leads_back() {
    let c = catalog().await;
    let framework = store(&c, &contract("Rammekontrakt", "ØKF"), 1).await;
    let mut under = contract("Leverancekontrakt", "ØKF");
    under.parent_id = Some(framework.id.to_string());
    let under = store(&c, &under, 2).await;
    let mut cycle = framework.metadata();
    cycle.parent_id = Some(under.id.to_string());
    let err = c
        .correct_document(&framework.id, &cycle, "x")
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent_id");
    cycle.parent_id = Some(framework.id.to_string());
    let err = c
        .correct_document(&framework.id, &cycle, "x")
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent_id");
    assert_eq!(actions(&c).await, ["document.upload", "document.upload"]);
}

#[tokio::test]
async fn systems_must_exist_and_come_out_sorted_once() {
    let c = catalog().await;
    let a = add_system(&c, "A").await;
    let mut new = contract("Kontrakt", "ØKF");
    new.system_ids = vec![a.id.clone(), "SYS-4040".into()];
    assert_eq!(
        field_of(c.insert_document(&new, &file(1), "x").await.unwrap_err()),
        "system_ids"
    );
    new.system_ids = vec![a.id.clone(), a.id.clone()];
    assert_eq!(store(&c, &new, 1).await.system_ids, [a.id]);
}

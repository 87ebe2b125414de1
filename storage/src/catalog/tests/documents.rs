//! Unit tests of document rows: the dedup rule, one transaction for row, links, job and audit event, and
//! stored rows that no longer decode.

use super::super::documents::test_support::*;
use crate::catalog::Inserted;
use crate::error::Error;
use crate::model::{DocStatus, DocumentKind, Forvaltning};

#[tokio::test]
async fn an_upload_writes_row_job_and_exactly_one_event() {
    let c = catalog().await;
    let doc = store(&c, &contract("Driftskontrakt løn", "ØKF"), 1).await;
    assert_eq!(doc.kind, DocumentKind::Contract);
    assert_eq!(doc.forvaltning, Forvaltning::Okf);
    assert_eq!(doc.status, DocStatus::Pending);
    assert_eq!(doc.sha256, file(1).sha256);
    assert_eq!(doc.bytes, 1001);
    assert_eq!(doc.uploaded_by, "tester");
    assert_eq!(doc.supplier.as_ref().unwrap().name, "Nordlys Drift A/S");

    let events = events(&c).await;
    assert_eq!(events.len(), 1, "{events:?}");
    let (action, object, details) = &events[0];
    assert_eq!(action, "document.upload");
    assert_eq!(object, &format!("document/{}", doc.id));
    assert_eq!(details["sha256"], file(1).sha256.to_hex());
    assert_eq!(details["forvaltning"], "ØKF");
    assert_eq!(
        jobs(&c).await,
        vec![(doc.id.to_string(), "index".to_string())]
    );
    assert_eq!(c.get_document(&doc.id).await.unwrap().title, doc.title);
}

#[tokio::test]
async fn same_bytes_same_forvaltning_same_kind_is_the_existing_document() {
    let c = catalog().await;
    let first = store(&c, &contract("Kontrakt", "ØKF"), 1).await;
    let again = c
        .insert_document(&contract("Another title", "ØKF"), &file(1), "someone")
        .await
        .unwrap();
    let Inserted::Existing(existing) = again else {
        panic!("the same upload must answer with the existing document")
    };
    assert_eq!(existing.id, first.id);
    assert_eq!(
        existing.title, "Kontrakt",
        "the existing row is not changed"
    );
    assert_eq!(actions(&c).await, ["document.upload"], "no second event");
    assert_eq!(jobs(&c).await.len(), 1, "no second job");
}

#[tokio::test]
async fn another_forvaltning_or_kind_gets_its_own_document_over_the_same_blob() {
    let c = catalog().await;
    let okf = store(&c, &contract("Kontrakt", "ØKF"), 1).await;
    let buf = store(&c, &contract("Kontrakt", "BUF"), 1).await;
    let mut appendix = contract("Bilag", "ØKF");
    appendix.kind = DocumentKind::Appendix;
    let bilag = store(&c, &appendix, 1).await;
    assert_ne!(okf.id, buf.id);
    assert_ne!(okf.id, bilag.id);
    assert_eq!(buf.sha256, okf.sha256);
    assert_eq!(
        c.blob_hashes().await.unwrap(),
        vec![file(1).sha256],
        "one blob"
    );
    assert_eq!(c.document_ids().await.unwrap().len(), 3);
    assert_eq!(actions(&c).await.len(), 3);
}

#[tokio::test]
async fn a_refused_upload_leaves_no_row_no_job_and_no_event() {
    let c = catalog().await;
    let mut new = contract("Kontrakt", "ØKF");
    new.system_ids = vec!["SYS-4040".into()];
    let err = c
        .insert_document(&new, &file(1), "tester")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Invalid {
                field: "system_ids",
                ..
            }
        ),
        "{err}"
    );
    assert!(c.document_ids().await.unwrap().is_empty());
    assert!(c.blob_hashes().await.unwrap().is_empty());
    assert!(events(&c).await.is_empty());
    assert!(jobs(&c).await.is_empty());
}

#[tokio::test]
async fn an_upload_whose_event_cannot_be_written_is_not_stored() {
    let c = catalog().await;
    break_audit(&c).await;
    let err = c
        .insert_document(&contract("Kontrakt", "ØKF"), &file(1), "tester")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Database(_)), "{err}");
    assert!(c.document_ids().await.unwrap().is_empty());
    assert!(jobs(&c).await.is_empty());
}

#[tokio::test]
async fn links_are_stored_with_the_upload_and_answered_sorted() {
    let c = catalog().await;
    let b = add_system(&c, "B").await;
    let a = add_system(&c, "A").await;
    let mut new = contract("Kontrakt", "ØKF");
    new.system_ids = vec![a.id.clone(), b.id.clone(), a.id.clone()];
    let doc = store(&c, &new, 1).await;
    let mut want = vec![a.id, b.id];
    want.sort();
    assert_eq!(doc.system_ids, want);
}

#[tokio::test]
async fn unknown_documents_are_not_found() {
    let c = catalog().await;
    let id = crate::ids::DocumentId::generate();
    assert!(matches!(c.get_document(&id).await, Err(Error::NotFound(_))));
}

#[tokio::test]
async fn a_stored_row_that_does_not_decode_is_a_decode_error_not_invalid_input() {
    let c = catalog().await;
    let doc = store(&c, &contract("Kontrakt", "ØKF"), 1).await;
    for (column, value) in [
        ("kind", "treaty"),
        ("forvaltning", "XYZ"),
        ("status", "lost"),
        ("uploaded_at", "yesterday"),
    ] {
        let fresh = catalog().await;
        let doc = store(&fresh, &contract("Kontrakt", "ØKF"), 1).await;
        exec(
            &fresh,
            &format!(
                "UPDATE documents SET {column} = '{value}' WHERE id = '{}'",
                doc.id
            ),
        )
        .await;
        let err = fresh.get_document(&doc.id).await.unwrap_err();
        assert!(
            matches!(&err, Error::Decode(m) if m.contains(value)),
            "{column}: {err:?}"
        );
    }
    exec(&c, "UPDATE documents SET id = 'not-an-id'").await;
    let err = c.document_ids().await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(matches!(
        c.get_document(&doc.id).await,
        Err(Error::NotFound(_))
    ));
}

#[tokio::test]
async fn unreadable_details_keep_the_document_readable() {
    let c = catalog().await;
    let mut new = contract("Kontrakt", "ØKF");
    new.contract_number = Some("K-1".into());
    let doc = store(&c, &new, 1).await;
    assert_eq!(doc.details.contract_number.as_deref(), Some("K-1"));
    exec(
        &c,
        "UPDATE documents SET details_json = '{\"valid_to\": 7}'",
    )
    .await;
    let read = c.get_document(&doc.id).await.unwrap();
    assert_eq!(read.details, Default::default());
}

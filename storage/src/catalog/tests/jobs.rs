//! Unit tests of the job log (order, resume point, batches) and of the typed extraction record.

use super::super::documents::test_support::*;
use crate::catalog::{JobAction, JobOutcome};
use crate::error::Error;
use crate::model::{DocStatus, Extraction, PageText};

#[tokio::test]
async fn jobs_come_back_in_order_and_done_jobs_are_not_resumed() {
    let c = catalog().await;
    assert_eq!(
        (
            c.last_job_id().await.unwrap(),
            c.resume_point().await.unwrap()
        ),
        (0, 0)
    );
    let docs = [
        store(&c, &contract("A", "ØKF"), 1).await,
        store(&c, &contract("B", "ØKF"), 2).await,
        store(&c, &contract("C", "ØKF"), 3).await,
    ];
    let all = c.jobs_after(0, 10).await.unwrap();
    let order: Vec<_> = all.iter().map(|j| j.document_id.clone()).collect();
    assert_eq!(order, docs.iter().map(|d| d.id.clone()).collect::<Vec<_>>());
    assert!(all.windows(2).all(|w| w[0].id < w[1].id));
    assert!(all.iter().all(|j| j.action == JobAction::Index));
    assert_eq!(
        c.jobs_after(0, 2).await.unwrap().len(),
        2,
        "the limit holds"
    );
    assert_eq!(c.jobs_after(all[0].id, 10).await.unwrap()[0].id, all[1].id);
    assert_eq!(c.last_job_id().await.unwrap(), all[2].id);
    assert_eq!(c.resume_point().await.unwrap(), 0, "nothing done yet");

    let outcome = JobOutcome {
        document_id: docs[0].id.clone(),
        status: DocStatus::Indexed,
        message: None,
        pages: Some(4),
    };
    c.finish_batch(all[1].id, &[outcome]).await.unwrap();
    let resume = c.resume_point().await.unwrap();
    assert_eq!(resume, all[1].id);
    let left = c.jobs_after(resume, 10).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].document_id, docs[2].id);
    let done = c.get_document(&docs[0].id).await.unwrap();
    assert_eq!((done.status, done.pages), (DocStatus::Indexed, Some(4)));
    assert_eq!(
        c.get_document(&docs[1].id).await.unwrap().status,
        DocStatus::Pending
    );

    c.finish_batch(all[2].id, &[]).await.unwrap();
    assert_eq!(
        c.resume_point().await.unwrap(),
        c.last_job_id().await.unwrap()
    );
    c.reset_statuses().await.unwrap();
    assert_eq!(
        c.get_document(&docs[0].id).await.unwrap().status,
        DocStatus::Pending
    );
}

fn page(text: &str) -> PageText {
    PageText {
        page: 0,
        text: text.into(),
        chars: text.chars().count(),
        image_only: false,
    }
}

#[tokio::test]
async fn an_extraction_round_trips_typed_with_numbered_pages() {
    let c = catalog().await;
    let doc = store(&c, &contract("A", "ØKF"), 1).await;
    assert!(c.extraction(&doc.sha256).await.unwrap().is_none());
    let extraction = Extraction {
        status: DocStatus::Indexed,
        message: Some("page 3 was partly unreadable".into()),
        pages: vec![page("Første side"), page("Anden side")],
    };
    c.store_extraction(&doc.sha256, &extraction).await.unwrap();
    let read = c.extraction(&doc.sha256).await.unwrap().unwrap();
    assert_eq!(read.status, DocStatus::Indexed);
    assert_eq!(read.message, extraction.message);
    assert_eq!(
        read.pages.iter().map(|p| p.page).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(read.pages[1].text, "Anden side");
    assert_eq!(read.page_count(), Some(2));

    let failed = Extraction {
        status: DocStatus::Failed,
        message: Some("encrypted".into()),
        pages: vec![],
    };
    c.store_extraction(&doc.sha256, &failed).await.unwrap();
    let read = c.extraction(&doc.sha256).await.unwrap().unwrap();
    assert_eq!((read.status, read.page_count()), (DocStatus::Failed, None));
    let outcome = JobOutcome::from_extraction(doc.id.clone(), &read);
    assert_eq!(
        (outcome.status, outcome.message.as_deref()),
        (DocStatus::Failed, Some("encrypted"))
    );

    c.clear_extractions().await.unwrap();
    assert!(c.extraction(&doc.sha256).await.unwrap().is_none());
}

#[tokio::test]
async fn extractions_stored_in_the_extractors_own_words_still_read() {
    let c = catalog().await;
    let doc = store(&c, &contract("A", "ØKF"), 1).await;
    let sha = doc.sha256.to_hex();
    for (word, status, message) in [
        ("ok", DocStatus::Indexed, None),
        ("partial", DocStatus::Indexed, None),
        (
            "no_text",
            DocStatus::NoText,
            Some("the PDF has no text layer (a scan?)"),
        ),
        (
            "encrypted",
            DocStatus::Failed,
            Some("the PDF is encrypted with a password"),
        ),
        (
            "failed",
            DocStatus::Failed,
            Some("the PDF could not be read"),
        ),
    ] {
        exec(&c, "DELETE FROM extractions").await;
        exec(
            &c,
            &format!(
                "INSERT INTO extractions (sha256, status, message, pages_json, extracted_at) VALUES \
                 ('{sha}', '{word}', NULL, '[{{\"text\":\"a\",\"chars\":1,\"image_only\":false}}]', 'x')"
            ),
        )
        .await;
        let read = c.extraction(&doc.sha256).await.unwrap().unwrap();
        assert_eq!(read.status, status, "{word}");
        assert_eq!(read.message.as_deref(), message, "{word}");
        assert_eq!(
            read.pages,
            [PageText {
                page: 1,
                ..page("a")
            }]
        );
    }
    exec(&c, "UPDATE extractions SET pages_json = 'not json'").await;
    assert!(matches!(
        c.extraction(&doc.sha256).await,
        Err(Error::Decode(_))
    ));
    exec(
        &c,
        "UPDATE extractions SET pages_json = '[]', status = 'lost'",
    )
    .await;
    assert!(matches!(
        c.extraction(&doc.sha256).await,
        Err(Error::Decode(_))
    ));
}

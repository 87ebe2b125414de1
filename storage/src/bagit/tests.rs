//! Unit tests of the bag format and of one system's bag, read back with async_zip.

use std::collections::BTreeMap;

use async_zip::base::read::mem::ZipFileReader;
use futures::AsyncReadExt as _;
use serde_json::json;

use super::system::SystemBag;
use super::*;
use crate::catalog::{Catalog, Inserted};
use crate::model::{FileFacts, NewDocument, NewSystem};
use crate::views::Context;

#[test]
fn names_and_manifest_paths_are_safe() {
    assert_eq!(safe_name("Kontrakt æøå (v2).pdf"), "Kontrakt______v2_.pdf");
    assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
    assert_eq!(safe_name(""), "file");
    assert_eq!(manifest_path("a%b\nc"), "a%25b%0Ac");
}

fn store(dir: &tempfile::TempDir) -> BlobStore {
    BlobStore::open(
        &format!("file://{}", dir.path().join("b").display()),
        &dir.path().join("t"),
    )
    .unwrap()
}

#[tokio::test]
async fn a_bag_streams_into_a_zip() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = store(&dir);
    let (mut rx, tx) = tokio::io::duplex(1024);
    let reader = tokio::spawn(async move {
        let mut all = Vec::new();
        tokio::io::AsyncReadExt::read_to_end(&mut rx, &mut all)
            .await
            .unwrap();
        all
    });
    let payload = vec![PayloadFile {
        path: "dossier.json".into(),
        source: Source::Bytes(b"{}".to_vec()),
    }];
    write_bag(
        tx,
        "bag",
        &[("Source-Organization", "KK".into())],
        payload,
        &blobs,
    )
    .await
    .unwrap();
    let zip = reader.await.unwrap();
    assert!(zip.starts_with(b"PK\x03\x04"));
    assert!(zip.windows(21).any(|w| w == b"bag/manifest-sha256.t"));
}

/// Puts `bytes` into the blob store and returns their facts.
async fn put(blobs: &BlobStore, bytes: &[u8], name: &str) -> FileFacts {
    let mut staging = blobs.stage().await.unwrap();
    staging.write(bytes).await.unwrap();
    let staged = staging.finish().await.unwrap();
    blobs.put(&staged).await.unwrap();
    FileFacts {
        sha256: staged.sha256,
        bytes: staged.bytes,
        media_type: "application/pdf".into(),
        file_name: Some(name.into()),
    }
}

/// Every entry of a zip: name → content.
async fn entries(zip: Vec<u8>) -> BTreeMap<String, Vec<u8>> {
    let reader = ZipFileReader::new(zip).await.unwrap();
    let mut out = BTreeMap::new();
    for i in 0..reader.file().entries().len() {
        let name = reader.file().entries()[i]
            .filename()
            .as_str()
            .unwrap()
            .to_string();
        let mut entry = reader.reader_with_entry(i).await.unwrap();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).await.unwrap();
        out.insert(name, content);
    }
    out
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

#[tokio::test]
async fn a_systems_bag_holds_dossier_originals_metadata_and_events() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = store(&dir);
    let catalog = Catalog::in_memory().await.unwrap();
    let system: NewSystem = serde_json::from_value(
        json!({"name": "Løn", "category": "generic_administrative", "owner_forvaltning": "ØKF"}),
    )
    .unwrap();
    let system = catalog.create_system(&system, "koncern-it").await.unwrap();
    let new: NewDocument =
        serde_json::from_value(json!({"kind": "contract", "title": "Driftskontrakt",
        "forvaltning": "ØKF", "system_ids": [system.id], "signed_on": "2024-06-28"}))
        .unwrap();
    let pdf = b"%PDF-1.7 a contract".to_vec();
    let facts = put(&blobs, &pdf, "metadata.json").await;
    let Inserted::Created(doc) = catalog
        .insert_document(&new, &facts, "enhed")
        .await
        .unwrap()
    else {
        panic!("new document expected")
    };
    let ctx = Context {
        today: chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
        stale_after_months: 12,
    };
    let dossier = catalog.dossier(&system.id, &ctx).await.unwrap();
    crate::model::tests::assert_conforms(&dossier);
    let bag = SystemBag::export(&catalog, &dossier, "revisor", "kontraktarkiv 0.1.0")
        .await
        .unwrap();
    assert_eq!(bag.zip_name(), "SYS-0001-20250301.zip");
    assert_eq!(bag.document_ids, [doc.id.to_string()]);
    let exported = catalog.audit_events("system/SYS-0001").await.unwrap();
    assert_eq!(exported.last().unwrap().action, "system.export");

    let total = bag.payload_bytes;
    let mut zip = Vec::new();
    let mut seen = Vec::new();
    bag.write(&mut zip, &blobs, |done, total| seen.push((done, total)))
        .await
        .unwrap();
    assert_eq!(
        seen.last(),
        Some(&(total, total)),
        "progress ends at the total"
    );
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));

    let files = entries(zip).await;
    let root = "SYS-0001-20250301";
    let original = format!("{root}/data/documents/{}/original-metadata.json", doc.id);
    let metadata = format!("{root}/data/documents/{}/metadata.json", doc.id);
    assert_eq!(
        files[&original], pdf,
        "the original's bytes, renamed beside metadata.json"
    );
    let meta: serde_json::Value = serde_json::from_slice(&files[&metadata]).unwrap();
    assert_eq!(meta["title"], "Driftskontrakt");
    let dossier_json: serde_json::Value =
        serde_json::from_slice(&files[&format!("{root}/data/dossier.json")]).unwrap();
    assert_eq!(dossier_json["system"]["id"], "SYS-0001");
    let events: serde_json::Value =
        serde_json::from_slice(&files[&format!("{root}/data/audit-events.json")]).unwrap();
    let actions: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["system.create", "document.upload"],
        "events before the export, in order"
    );

    let manifest =
        String::from_utf8(files[&format!("{root}/manifest-sha256.txt")].clone()).unwrap();
    assert!(manifest.contains(&format!(
        "{}  data/documents/{}/original-metadata.json",
        sha(&pdf),
        doc.id
    )));
    assert_eq!(manifest.lines().count(), 4);
    let info = String::from_utf8(files[&format!("{root}/bag-info.txt")].clone()).unwrap();
    assert!(info.contains("External-Identifier: SYS-0001\n"), "{info}");
    assert!(info.contains("Bag-Software-Agent: kontraktarkiv 0.1.0\n"));
    assert!(
        info.contains(&format!("Payload-Oxum: {total}.4\n")),
        "{info}"
    );
    let tags = String::from_utf8(files[&format!("{root}/tagmanifest-sha256.txt")].clone()).unwrap();
    for tag in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"] {
        let digest = sha(&files[&format!("{root}/{tag}")]);
        assert!(tags.contains(&format!("{digest}  {tag}\n")), "{tag}");
    }
}

#[tokio::test]
async fn a_missing_blob_breaks_the_stream_instead_of_ending_it() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = store(&dir);
    let bag = SystemBag {
        name: "bag".into(),
        info: vec![],
        payload: vec![PayloadFile {
            path: "x.pdf".into(),
            source: Source::Blob(crate::ids::Sha256::from_bytes([7; 32])),
        }],
        document_ids: vec![],
        payload_bytes: 10,
    };
    let items: Vec<_> = bag.into_stream(blobs).collect().await;
    assert!(
        items.last().unwrap().is_err(),
        "the stream ends in an error"
    );
}

//! Upload, download and dedup.

use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn upload_then_download_gives_the_same_bytes() {
    let server = Server::start();
    let file = corpus("danish/d02_k03_standardsoftware__lo-docx.pdf");
    let (status, doc) = server
        .upload(&contract("Standardsoftware", "KFF"), &file)
        .await;
    assert_eq!(status, 201, "{doc}");
    assert_eq!(doc["status"], "pending");
    let original = std::fs::read(&file).unwrap();
    let sha = sha256_hex(&original);
    assert_eq!(doc["sha256"], sha);
    assert_eq!(doc["bytes"], original.len());

    let r = server
        .get(&format!(
            "/api/v1/documents/{}/content",
            doc["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["etag"], format!("\"{sha}\"").as_str());
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"d02_k03_standardsoftware__lo-docx.pdf\"; \
         filename*=UTF-8''d02_k03_standardsoftware__lo-docx.pdf"
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), original.as_slice());

    let done = server.wait_indexed(doc["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "indexed", "{done}");
    assert_eq!(done["pages"], 4);
}

#[tokio::test]
async fn same_bytes_same_forvaltning_is_the_same_document_other_forvaltning_gets_its_own() {
    let server = Server::start();
    let file = corpus("danish/d05_databehandleraftale__xelatex.pdf");
    let meta = |f: &str| json!({"kind": "data_processing_agreement", "title": "Databehandleraftale", "forvaltning": f});
    let (s1, first) = server.upload(&meta("SUF"), &file).await;
    let (s2, again) = server.upload(&meta("SUF"), &file).await;
    let (s3, other) = server.upload(&meta("BUF"), &file).await;
    assert_eq!((s1, s2, s3), (201, 200, 201));
    assert_eq!(first["id"], again["id"]);
    assert_ne!(first["id"], other["id"]);
    assert_eq!(first["sha256"], other["sha256"]);
    // One blob on disk for the three uploads.
    let blobs = walk(&server.data.path().join("blobs"));
    assert_eq!(blobs.len(), 1, "{blobs:?}");

    // Another kind from the same forvaltning is another document, too.
    let (s4, _) = server
        .upload(
            &json!({"kind": "appendix", "title": "Som bilag", "forvaltning": "SUF"}),
            &file,
        )
        .await;
    assert_eq!(s4, 201);
}

#[tokio::test]
async fn extracted_text_is_served_per_page() {
    let server = Server::start();
    let (_, doc) = server
        .upload(
            &contract("Tillæg 1", "ØKF"),
            &corpus("danish/d03_tillaeg1_driftskontrakt__chromium.pdf"),
        )
        .await;
    let id = doc["id"].as_str().unwrap();
    server.wait_indexed(id).await;
    let (status, text) = server
        .get_json(&format!("/api/v1/documents/{id}/text"))
        .await;
    assert_eq!(status, 200);
    let pages = text["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0]["page"], 1);
    assert!(
        pages[0]["text"].as_str().unwrap().contains("TILLÆG NR. 1"),
        "{}",
        pages[0]["text"]
    );
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let out = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(bytes)?;
            c.wait_with_output()
        })
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// Every file under `dir`.
pub fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

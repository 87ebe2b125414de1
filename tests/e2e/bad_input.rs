//! Bad input gets a clear 4xx and nothing half-stored; hostile PDFs never stop the service.

use serde_json::json;

use crate::helpers::*;

fn assert_error(status: u16, body: &serde_json::Value, want: u16, code: &str) {
    assert_eq!(status, want, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(!body["error"]["message"].as_str().unwrap_or("").is_empty());
}

#[tokio::test]
async fn over_the_size_limit_is_413_and_nothing_is_stored() {
    let server = Server::start_with(&["--max-upload-bytes", "100000"]);
    let big = corpus("danish/d03_tillaeg1_driftskontrakt__lo-odt-scanlast.pdf"); // 983 KB
    let (status, body) = server.upload(&contract("For stor", "ØKF"), &big).await;
    assert_error(status, &body, 413, "payload_too_large");
    assert!(crate::upload::walk(&server.data.path().join("blobs")).is_empty());
    assert!(
        crate::upload::walk(&server.data.path().join("tmp")).is_empty(),
        "staging file left behind"
    );
    // A file under the limit still goes through.
    let small = corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf");
    assert_eq!(
        server.upload(&contract("Lille", "ØKF"), &small).await.0,
        201
    );
}

#[tokio::test]
async fn not_a_pdf_is_415_whatever_the_content_type_says() {
    let server = Server::start();
    let (status, body) = server
        .upload_bytes(
            &contract("Tekst", "ØKF"),
            "kontrakt.pdf",
            b"Hello, not a PDF".to_vec(),
        )
        .await;
    assert_error(status, &body, 415, "unsupported_media_type");
    let txt = corpus("danish/d01_k02_driftskontrakt__lo-odt.txt");
    let (status, body) = server.upload(&contract("Tekst", "ØKF"), &txt).await;
    assert_error(status, &body, 415, "unsupported_media_type");
    assert!(crate::upload::walk(&server.data.path().join("blobs")).is_empty());
}

#[tokio::test]
async fn invalid_metadata_is_422_naming_the_field() {
    let server = Server::start();
    let pdf = corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf");
    let cases = [
        (
            json!({"kind": "contract", "title": "X", "forvaltning": "XYZ"}),
            "forvaltning",
        ),
        (
            json!({"kind": "kontrakt", "title": "X", "forvaltning": "ØKF"}),
            "kind",
        ),
        (json!({"kind": "contract", "forvaltning": "ØKF"}), "title"),
        (
            json!({"kind": "contract", "title": "  ", "forvaltning": "ØKF"}),
            "title",
        ),
        (
            json!({"kind": "contract", "title": "X", "forvaltning": "ØKF", "supplier": {"cvr": "38009878", "name": "N"}}),
            "supplier.cvr",
        ),
        (
            json!({"kind": "contract", "title": "X", "forvaltning": "ØKF", "signed_on": "1. marts"}),
            "signed_on",
        ),
        (
            json!({"kind": "contract", "title": "X", "forvaltning": "ØKF", "colour": "red"}),
            "colour",
        ),
    ];
    for (meta, field) in cases {
        let (status, body) = server.upload(&meta, &pdf).await;
        assert_error(status, &body, 422, "invalid_metadata");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(field),
            "{meta} → {message} should name {field}"
        );
    }
    assert!(crate::upload::walk(&server.data.path().join("blobs")).is_empty());
}

#[tokio::test]
async fn a_malformed_pdf_is_stored_as_failed_and_the_server_keeps_serving() {
    let server = Server::start();
    let mut garbage = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".to_vec();
    garbage.extend(std::iter::repeat_n(b'(', 200_000));
    let (status, doc) = server
        .upload_bytes(&contract("Ødelagt", "TMF"), "broken.pdf", garbage.clone())
        .await;
    assert_eq!(status, 201, "{doc}");
    let id = doc["id"].as_str().unwrap();
    let done = server.wait_indexed(id).await;
    assert_eq!(done["status"], "failed", "{done}");
    assert!(
        !done["status_message"].as_str().unwrap_or("").is_empty(),
        "{done}"
    );
    let r = server.get(&format!("/api/v1/documents/{id}/content")).await;
    assert_eq!(r.bytes().await.unwrap().as_ref(), garbage.as_slice());
    assert_eq!(server.get("/healthz").await.status(), 200);

    // The next upload is processed normally.
    let (_, ok) = server
        .upload(
            &contract("God", "TMF"),
            &corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf"),
        )
        .await;
    assert_eq!(
        server.wait_indexed(ok["id"].as_str().unwrap()).await["status"],
        "indexed"
    );
}

#[tokio::test]
async fn a_scanned_pdf_is_no_text() {
    let server = Server::start();
    let (_, doc) = server
        .upload(
            &contract("Scannet NDA", "BIF"),
            &corpus("danish/d09_fortrolighedserklaering__scan.pdf"),
        )
        .await;
    let done = server.wait_indexed(doc["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "no_text", "{done}");
}

#[tokio::test]
async fn unknown_documents_and_bad_ids_are_404() {
    let server = Server::start();
    for path in [
        "/api/v1/documents/0190f3c2a1b27c3d8e9f000000000000",
        "/api/v1/documents/..%2F..%2Fetc/content",
    ] {
        let (status, body) = server.get_json(path).await;
        assert_error(status, &body, 404, "not_found");
    }
}

//! The error contract: every status the API can give answers `{"error": {"code", "message"}}` with a
//! message a person can act on, and no internal detail (SQL, paths, Rust error text) reaches the client.

use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::*;

/// Words that betray internal detail in a message meant for a client.
const INTERNAL: &[&str] = &[
    "sqlx",
    "sqlite",
    "SELECT",
    "database",
    "/tmp",
    "panicked",
    "object_store",
    "Os {",
    "errno",
];

fn check(what: &str, status: u16, body: &Value, want: u16, code: &str) {
    assert_eq!(status, want, "{what}: {body}");
    assert_eq!(body["error"]["code"], code, "{what}: {body}");
    let message = body["error"]["message"].as_str().unwrap_or("");
    assert!(!message.is_empty(), "{what}: empty message in {body}");
    for word in INTERNAL {
        assert!(
            !message.contains(word),
            "{what}: {message:?} leaks {word:?}"
        );
    }
    assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{what}: {body}");
}

/// Sends a raw request and answers the status line's code and the JSON body.
async fn raw(server: &Server, request: &str, stall: bool) -> (u16, Value) {
    let addr = server.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    if stall {
        // Keep the connection open, sending nothing more, until the server gives up on us.
        let _ = stream.read_to_end(&mut answer).await;
    } else {
        stream.shutdown().await.unwrap();
        stream.read_to_end(&mut answer).await.unwrap();
    }
    let text = String::from_utf8_lossy(&answer);
    let status = text.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn every_status_answers_in_the_json_error_shape() {
    let server = Server::start_with(&["--request-timeout", "1", "--max-upload-bytes", "200000"]);
    let pdf = corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf");
    let (_, doc) = server.upload(&contract("Kontrakt", "ØKF"), &pdf).await;
    let id = doc["id"].as_str().unwrap().to_string();

    let (s, b) = server.get_json("/api/v1/search?limit=many").await;
    check("query rejection", s, &b, 400, "bad_request");
    let (s, b) = server.get_json("/api/v1/search?q=%22unclosed").await;
    check("query syntax", s, &b, 400, "query_syntax");
    let r = server
        .http
        .post(server.url("/api/v1/documents"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    check(
        "multipart rejection",
        s,
        &r.json().await.unwrap(),
        400,
        "bad_request",
    );

    let (s, b) = server.get_json("/api/v1/no/such/route").await;
    check("unknown route", s, &b, 404, "not_found");
    let (s, b) = server.get_json("/no/such/page").await;
    check(
        "unknown route outside the API, asked by a client",
        s,
        &b,
        404,
        "not_found",
    );
    let (s, b) = server.get_json("/api/v1/documents/no-such-document").await;
    check("unknown document", s, &b, 404, "not_found");
    let (s, b) = server.call(Method::DELETE, "/api/v1/search").await;
    check("wrong method", s, &b, 405, "method_not_allowed");

    let request = format!(
        "PATCH /api/v1/documents/{id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{",
        server.token
    );
    let (s, b) = raw(&server, &request, true).await;
    check("timeout", s, &b, 408, "timeout");

    let system = json!({"name": "A", "category": "utility", "owner_forvaltning": "SUF",
                        "kitos_uuid": "0b8f4f3e-2a4e-4c43-9d59-2f0c1e7e5a10"});
    server.add_system(system.clone()).await;
    let (s, b) = server.post_json("/api/v1/systems", &system).await;
    check("conflict", s, &b, 409, "conflict");

    let huge = json!({"title": "x".repeat(2 << 20)});
    let (s, b) = server
        .patch_json(&format!("/api/v1/documents/{id}"), &huge)
        .await;
    check("body limit", s, &b, 413, "payload_too_large");
    let big = corpus("danish/d03_tillaeg1_driftskontrakt__lo-odt-scanlast.pdf");
    let (s, b) = server.upload(&contract("Stor", "ØKF"), &big).await;
    check("upload limit", s, &b, 413, "payload_too_large");
    let (s, b) = server
        .upload_bytes(&contract("Tekst", "ØKF"), "x.pdf", b"plain text".to_vec())
        .await;
    check("not a PDF", s, &b, 415, "unsupported_media_type");
    let (s, b) = server
        .upload(
            &json!({"kind": "contract", "title": "X", "forvaltning": "XYZ"}),
            &pdf,
        )
        .await;
    check("invalid metadata", s, &b, 422, "invalid_metadata");
    let (s, b) = server.post_json("/api/v1/systems", &json!([1, 2])).await;
    check("invalid JSON body", s, &b, 422, "invalid_metadata");

    // A stored row that no longer decodes is our fault: 500, logged, with nothing of the cause.
    let url = format!(
        "sqlite://{}",
        server.data.path().join("catalog.sqlite").display()
    );
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("UPDATE documents SET kind = 'bogus' WHERE id = ?")
        .bind(&id)
        .execute(&pool)
        .await
        .unwrap();
    let (s, b) = server.get_json(&format!("/api/v1/documents/{id}")).await;
    check("undecodable row", s, &b, 500, "internal");
}

#[tokio::test]
async fn readyz_names_the_failing_component_but_not_its_error() {
    let server = Server::start();
    assert_eq!(server.get_json("/readyz").await.0, 200);
    // The blob store's directory turns into a file: the store can no longer answer.
    let blobs = server.data.path().join("blobs");
    let _ = std::fs::remove_dir_all(&blobs);
    std::fs::write(&blobs, b"not a directory").unwrap();
    let (s, b) = server.get_json("/readyz").await;
    check("readyz", s, &b, 503, "unavailable");
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("blob store"),
        "{b}"
    );
}

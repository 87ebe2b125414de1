//! The OpenAPI document, health probes and the landing page.

use crate::helpers::*;

#[tokio::test]
async fn openapi_document_is_valid_and_covers_the_api() {
    let server = Server::start();
    let (status, doc) = server.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/api/v1/documents",
        "/api/v1/documents/{id}",
        "/api/v1/documents/{id}/content",
        "/api/v1/search",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let file = server.data.path().join("openapi.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    // openapi-spec-validator is installed by the test command (see README).
    let out = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn health_readiness_and_landing_page() {
    let server = Server::start();
    assert_eq!(server.get("/healthz").await.status(), 200);
    let (status, ready) = server.get_json("/readyz").await;
    assert_eq!(status, 200, "{ready}");
    let r = server.get("/").await;
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers().contains_key("x-request-id"));
    assert!(r.text().await.unwrap().contains("Kontraktarkiv"));
}

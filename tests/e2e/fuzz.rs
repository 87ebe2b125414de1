//! Schemathesis (PyPI, installed by the test command) fuzzes the running service from its own OpenAPI
//! document, as a generated client would: no server error, and every response matches its schema.

use std::process::Command;

use crate::helpers::*;

#[tokio::test]
async fn schemathesis_finds_no_server_error_and_no_schema_mismatch() {
    let server = Server::start();
    let hooks_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e");
    let out = Command::new("schemathesis")
        .args([
            "run",
            &server.url("/api/v1/openapi.json"),
            "--url",
            &server.base,
        ])
        .args(["--checks", "not_a_server_error,response_schema_conformance"])
        .args([
            "--max-examples",
            "15",
            "--workers",
            "2",
            "--seed",
            "20261205",
        ])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(server.auth_header_args())
        .env("SCHEMATHESIS_HOOKS", "schemathesis_hooks")
        .env("PYTHONPATH", hooks_dir)
        .env(
            "KONTRAKTARKIV_FUZZ_PDF",
            corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf"),
        )
        .env("NO_COLOR", "1")
        .current_dir(server.data.path())
        .output()
        .expect("schemathesis is installed by tests/run.sh");
    let report = String::from_utf8_lossy(&out.stdout);
    // A failing case prints the whole request (a PDF); the summary at the end is what a reader needs.
    let tail: String = report
        .chars()
        .rev()
        .take(6000)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert!(
        out.status.success(),
        "schemathesis found failures:\n…{tail}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // It really ran, and uploads with the real PDF got through.
    assert!(report.contains("passed"), "{report}");
    let url = format!(
        "sqlite://{}",
        server.data.path().join("catalog.sqlite").display()
    );
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM documents")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(stored > 0, "no fuzzed upload was stored:\n{report}");
}

//! The pages in a real browser: Debian's Chromium driven by playwright-core from `tests/browser/run.mjs`
//! against the real service. The walk (log in, upload through the form, search an inflected word and open
//! the hit at its page, the dossier's export, the compliance report), axe-core on every page (WCAG 2.1 A and
//! AA), the Nu Html Checker on every page's HTML, the same upload and search with JavaScript off, reflow at
//! 320 CSS px, and screenshots of the main pages: into a scratch directory, or with `UPDATE_SCREENSHOTS=1`
//! into `docs/screenshots/` (the README's pictures).
//!
//! Needs `/usr/bin/chromium` (apt `chromium`), Java (for vnu.jar), Node and `npm ci` in `tests/browser`;
//! `tests/run.sh` installs them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::json;

use crate::helpers::*;

const WALKER: &str = "walker";
const PASSWORD: &str = "Et langt kodeord til browsertesten 2026";
const REVISOR: &str = "revisor";
const REVISOR_PASSWORD: &str = "Revisionens kodeord til browsertesten";

/// `kontraktarkiv user add NAME --role ROLE --password-stdin`, so the browser can log in through the form.
fn add_password_user(
    data: &Path,
    name: &str,
    role: &str,
    forvaltning: Option<&str>,
    password: &str,
) {
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(["user", "add", name, "--role", role, "--password-stdin"])
        .args(
            forvaltning
                .map(|f| ["--forvaltning", f])
                .into_iter()
                .flatten(),
        )
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kontraktarkiv user add");
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{password}").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "user add --password-stdin: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// What the script needs before it can run; a missing piece is a failure that says how to get it.
fn preflight(dir: &Path) -> String {
    let chromium = std::env::var("KA_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "{chromium} is missing: apt-get install chromium (tests/run.sh does)"
    );
    for (tool, arg) in [("node", "--version"), ("java", "-version")] {
        let ok = Command::new(tool)
            .arg(arg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "`{tool}` is missing (tests/run.sh installs it)");
    }
    for module in ["playwright-core", "axe-core", "vnu-jar"] {
        assert!(
            dir.join("node_modules").join(module).exists(),
            "tests/browser/node_modules/{module} is missing: run `npm ci` in tests/browser (tests/run.sh does)"
        );
    }
    chromium
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_in_chromium_walk_axe_valid_html_without_javascript_and_screenshots() {
    let dir = browser_dir();
    let chromium = preflight(&dir);

    let server = Server::start();
    add_password_user(server.data.path(), WALKER, "koncern_it", None, PASSWORD);
    // The auditor sees the dossier read-only, and the upload form is a 403 page to it.
    add_password_user(
        server.data.path(),
        REVISOR,
        "revisor",
        None,
        REVISOR_PASSWORD,
    );
    // A unit of BUF: ØKF's contracts in full, its documentation as metadata only. It visits with a token
    // (the form login is walked by the others), which spares a password hash while other tests run.
    let enhed = add_user(server.data.path(), "enhed-buf", "enhed", Some("BUF")).unwrap();

    // The register and a contract family from the API, so that the dossier, the supplier, the deadlines
    // and the compliance report have something to show besides what the walk uploads.
    let system = server
        .add_system(
            json!({"name": "Lønsystem", "category": "specialist", "owner_forvaltning": "ØKF",
                           "lifecycle": "operational"}),
        )
        .await;
    let (status, contract) = server
        .upload(
            &json!({"kind": "contract", "title": "Standardsoftware til løn", "forvaltning": "ØKF",
                    "supplier": {"cvr": "38009877", "name": "Nordlys Drift A/S"},
                    "signed_on": "2024-01-10", "valid_from": "2024-02-01", "valid_to": "2027-06-30",
                    "notice_months": 3, "options": {"count": 2, "months": 12},
                    "system_ids": [system]}),
            &corpus("danish/d02_k03_standardsoftware__lo-docx.pdf"),
        )
        .await;
    assert_eq!(status, 201, "{contract}");
    let contract_id = contract["id"].as_str().unwrap().to_string();
    let (status, addendum) = server
        .upload(
            &json!({"kind": "addendum", "title": "Tillæg 2 til standardsoftware", "forvaltning": "ØKF",
                    "supplier": {"cvr": "38009877", "name": "Nordlys Drift A/S"},
                    "signed_on": "2025-03-01", "parent_id": contract_id, "addendum_number": 2,
                    "system_ids": [system]}),
            &corpus("danish/d04_tillaeg2_k03__pdflatex.pdf"),
        )
        .await;
    assert_eq!(status, 201, "{addendum}");
    let (status, documentation) = server
        .upload(
            &json!({"kind": "system_documentation", "title": "Systemteknisk dokumentation, løn",
                    "forvaltning": "ØKF", "doc_type": "architecture", "version": "1.0",
                    "system_ids": [system]}),
            &corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf"),
        )
        .await;
    assert_eq!(status, 201, "{documentation}");
    // BUF's contract of the same text: a similar contract in another forvaltning on the document page.
    let (status, other) = server
        .upload(
            &json!({"kind": "contract", "title": "Driftskontrakt, Børne- og Ungdomsforvaltningen",
                    "forvaltning": "BUF", "supplier": {"cvr": "27696589", "name": "Bølgeblå Systemer ApS"},
                    "signed_on": "2023-09-01", "valid_to": "2027-08-31", "notice_months": 6,
                    "notice_anchor": "end_of_month"}),
            &corpus("danish/d01_k02_driftskontrakt__xelatex.pdf"),
        )
        .await;
    assert_eq!(status, 201, "{other}");
    for doc in [&contract, &addendum, &documentation, &other] {
        server.wait_indexed(doc["id"].as_str().unwrap()).await;
    }

    let out = tempfile::tempdir().unwrap();
    // The committed pictures change only when asked for, so that a test run leaves the tree clean.
    let screenshots = if std::env::var_os("UPDATE_SCREENSHOTS").is_some_and(|v| v == "1") {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots")
    } else {
        out.path().join("screenshots")
    };
    std::fs::create_dir_all(&screenshots).unwrap();
    let script = dir.join("run.mjs");
    let mut node = tokio::process::Command::new("node");
    node.arg(&script)
        .current_dir(&dir)
        .env("KA_BASE", &server.base)
        .env("KA_USER", WALKER)
        .env("KA_PASSWORD", PASSWORD)
        .env("KA_REVISOR", REVISOR)
        .env("KA_REVISOR_PASSWORD", REVISOR_PASSWORD)
        .env("KA_ENHED_TOKEN", &enhed)
        .env("KA_DOCUMENTATION", documentation["id"].as_str().unwrap())
        .env("KA_SYSTEM", &system)
        .env("KA_DOC", &contract_id)
        .env(
            "KA_PDF",
            corpus("danish/d01_k02_driftskontrakt__lo-odt.pdf"),
        )
        .env(
            "KA_PDF_NOJS",
            corpus("danish/d01_k02_driftskontrakt__chromium.pdf"),
        )
        .env("KA_CVR", "38009877")
        .env("KA_OUT", out.path())
        .env("KA_SCREENSHOTS", &screenshots)
        .env("KA_CHROMIUM", &chromium)
        .kill_on_drop(true);
    // The service keeps running on this runtime while the script drives it.
    let status = tokio::time::timeout(std::time::Duration::from_secs(900), node.status())
        .await
        .expect("the browser tests took more than 15 minutes")
        .expect("run node");
    assert!(
        status.success(),
        "the browser tests failed (see [browser] FAIL lines above): {status}"
    );
}

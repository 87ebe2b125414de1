//! The HTML pages over HTTP, without a browser: behind login, in Danish, rendered from the same policy as
//! the API, and the upload form works with plain form posts (no JavaScript).

use reqwest::multipart::{Form, Part};
use reqwest::redirect::Policy;
use serde_json::json;

use crate::helpers::*;

/// A client with `token` that does not follow redirects (the tests look at them).
fn browser(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

async fn page(client: &reqwest::Client, server: &Server, path: &str) -> (u16, String) {
    let r = client.get(server.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn assert_clean(path: &str, html: &str) {
    assert!(html.contains("<html lang=\"da\""), "{path}: not Danish");
    for bad in [" style=\"", "<style", " onclick=", " onload="] {
        assert!(!html.contains(bad), "{path}: inline code {bad}");
    }
    assert!(!html.contains("<script>"), "{path}: an inline script");
}

#[tokio::test]
async fn every_page_renders_in_danish_behind_login() {
    let server = Server::start();
    let system = server
        .add_system(
            json!({"name": "Sagsflow", "category": "specialist", "owner_forvaltning": "ØKF"}),
        )
        .await;
    let (_, doc) = server
        .upload(
            &json!({"kind": "contract", "title": "Driftskontrakt", "forvaltning": "ØKF",
                "supplier": {"cvr": "38009877", "name": "Nordlys Drift A/S"}, "signed_on": "2024-03-01",
                "valid_to": "2027-02-28", "notice_months": 3, "system_ids": [system]}),
            &corpus("danish/d01_k02_driftskontrakt__lo-odt.pdf"),
        )
        .await;
    let id = doc["id"].as_str().unwrap();
    server.wait_indexed(id).await;

    let anonymous = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    let r = anonymous.get(server.url("/frister")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login");

    let kit = browser(&server.token);
    let pages = [
        ("/", "Søg"),
        ("/?q=leverand%C3%B8ren", "Leverandøren"),
        ("/?q=ukendtfelt%3Axyz", "Søg"),
        ("/?q=zyxwvut", "Ingen"),
        ("/indsend", "Indsend"),
        ("/indsend?type=contract", "Kontraktskabelon"),
        (&format!("/dokumenter/{id}?side=2"), "Driftskontrakt"),
        ("/systemer", "Sagsflow"),
        (&format!("/systemer/{system}"), "Systemejer"),
        (&format!("/systemer/{system}/dossier"), "<svg"),
        ("/leverandoerer/38009877", "Nordlys"),
        ("/genbrug?q=drift", "Genbrug"),
        ("/compliance", "<svg"),
        ("/frister?days=3650", "Frister"),
        ("/hjaelp", "Sådan søger du"),
    ];
    for (path, word) in pages {
        let (status, html) = page(&kit, &server, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(word), "{path} lacks {word:?}");
        assert_clean(path, &html);
    }
    // A hit links to the document at its page.
    let (_, hits) = page(&kit, &server, "/?q=ophæve").await;
    assert!(
        hits.contains(&format!("/dokumenter/{id}?side=")),
        "no link to the hit's page"
    );
    // Errors are Danish pages with a way back.
    let (status, html) = page(
        &kit,
        &server,
        "/dokumenter/01a2465ea81e73858437a4a130a00bb8",
    )
    .await;
    assert_eq!(status, 404);
    assert!(html.contains("Siden findes ikke"), "{html}");
    assert!(html.contains("href=\"/\""));
    // The stylesheet and the script are served as files, which the CSP allows.
    let css = kit
        .get(server.url("/static/style.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
}

#[tokio::test]
async fn the_upload_form_works_without_javascript_and_keeps_what_was_typed() {
    let server = Server::start();
    let kit = browser(&server.token);
    let pdf = std::fs::read(corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf")).unwrap();
    let form = |cvr: &str| {
        Form::new()
            .text("csrf_token", "")
            .text("kind", "contract")
            .text("title", "Sagsflow driftsaftale")
            .text("forvaltning", "TMF")
            .text("supplier_cvr", cvr.to_string())
            .text("supplier_name", "Bølgeblå Systemer ApS")
            .text("signed_on", "2025-01-15")
            .text("notice_months", "6")
            .part("file", Part::bytes(pdf.clone()).file_name("sagsflow.pdf"))
    };
    // A CVR that fails its check: the form comes back with the error beside the field, in Danish.
    let r = kit
        .post(server.url("/indsend"))
        .multipart(form("12345678"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Sagsflow driftsaftale"),
        "the typed title is kept"
    );
    assert!(html.contains("CVR"), "{html}");
    assert!(
        html.contains("aria-invalid=\"true\""),
        "the field is marked"
    );
    // A valid form stores the document and goes to its page, which follows the status.
    let r = kit
        .post(server.url("/indsend"))
        .multipart(form("27696589"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let id = location.strip_prefix("/dokumenter/").unwrap();
    server.wait_indexed(id).await;
    let (status, html) = page(&kit, &server, &location).await;
    assert_eq!(status, 200);
    assert!(html.contains("Søgbar"), "status shown: {html}");
    let (_, doc) = server.get_json(&format!("/api/v1/documents/{id}")).await;
    assert_eq!(doc["supplier"]["cvr"], "27696589");
    assert_eq!(doc["notice_months"], 6);
    assert_eq!(doc["uploaded_by"], "tester");
}

#[tokio::test]
async fn a_unit_sees_another_forvaltnings_documentation_as_metadata_only() {
    let server = Server::start();
    let (_, doc) = server
        .upload(
            &json!({"kind": "system_documentation", "title": "Arkitektur", "forvaltning": "ØKF",
                    "doc_type": "architecture"}),
            &corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf"),
        )
        .await;
    let id = doc["id"].as_str().unwrap().to_string();
    server.wait_indexed(&id).await;
    let token = add_user(server.data.path(), "buf", "enhed", Some("BUF")).unwrap();
    let (status, html) = page(&browser(&token), &server, &format!("/dokumenter/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Arkitektur"));
    assert!(
        !html.contains(&format!("/api/v1/documents/{id}/content")),
        "no viewer or download"
    );
    assert!(!html.contains("applikationslaget"), "no text");
    let (_, kit) = page(
        &browser(&server.token),
        &server,
        &format!("/dokumenter/{id}"),
    )
    .await;
    assert!(
        kit.contains(&format!("/api/v1/documents/{id}/content")),
        "koncern_it reads it"
    );
}

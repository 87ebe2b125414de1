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
    // The reports' English details (for the API) never reach a page.
    for english in [
        "the contract",
        "give notice",
        "linked to no system",
        "is due for",
        "on file",
        "text_match",
        "same_supplier",
        "document.upload",
        "read_text",
    ] {
        assert!(!html.contains(english), "{path}: English text {english:?}");
    }
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
    assert_eq!(r.headers()["location"], "/login?next=%2Ffrister");

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
    // The list downloads as a Danish CSV that a Danish spreadsheet opens in columns, one gap a line.
    let r = kit
        .get(server.url("/compliance/csv?forvaltning=%C3%98KF"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let disposition = r.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let csv = r.text().await.unwrap();
    assert!(
        csv.starts_with("\u{feff}Regel;Mangel;Forvaltning;"),
        "{csv}"
    );
    assert!(csv.contains(";Sagsflow;"), "{csv}");
    assert!(
        !csv.contains("give notice") && !csv.contains("linked to no"),
        "{csv}"
    );
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
    // The error page's header still shows who is signed in, with the log-out form.
    assert!(html.contains("action=\"/logout\""), "{html}");
    // A mistyped address outside the API is a Danish page too for a browser (one that asks for HTML).
    let r = kit
        .get(server.url("/soeg-ikke-her"))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    let (status, html) = (r.status().as_u16(), r.text().await.unwrap());
    assert_eq!(status, 404);
    assert!(html.contains("Siden findes ikke"), "{html}");
    assert!(html.contains("href=\"/\""), "a way back");
    let revisor = add_user(server.data.path(), "rita", "revisor", None).unwrap();
    let (status, html) = page(&browser(&revisor), &server, "/indsend").await;
    assert_eq!(status, 403);
    assert!(
        html.contains("Du har ikke adgang") && html.contains("rita"),
        "{html}"
    );
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

/// A signed-out visitor is sent to the login page, and after signing in comes back to the page asked for;
/// a `next` that points off the site is ignored. A refused login keeps the name that was typed.
#[tokio::test]
async fn signing_in_leads_back_to_the_page_asked_for() {
    let server = Server::start();
    let password = "Et kodeord der er langt nok 2026";
    add_user_with_password(server.data.path(), "vera", "revisor", None, password);
    let b = crate::helpers::browser();
    let r = b.get(server.url("/frister?days=90")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let login = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(login, "/login?next=%2Ffrister%3Fdays%3D90");
    // A form post is not come back to (it would be fetched with GET): the plain login page.
    let r = b
        .post(server.url("/dokumenter/x/ret"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/login");

    let sign_in = |next: String, pw: &'static str| {
        let (b, server) = (b.clone(), &server);
        async move {
            let r = b
                .get(server.url(&format!("/login?next={}", enc(&next))))
                .send()
                .await
                .unwrap();
            let cookie = cookie_value(&set_cookie_of(&set_cookies(&r), "ka_login").unwrap());
            let html = r.text().await.unwrap();
            let csrf = hidden_field(&html, "csrf_token").unwrap();
            let r = with_form(
                b.post(server.url("/login")),
                &[
                    ("username", "vera"),
                    ("password", pw),
                    ("csrf_token", &csrf),
                    ("next", &next),
                ],
            )
            .header(reqwest::header::COOKIE, format!("ka_login={cookie}"))
            .send()
            .await
            .unwrap();
            let location = r
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string());
            (r.status().as_u16(), location, r.text().await.unwrap())
        }
    };
    let (_, html) = page(&b, &server, &login).await;
    assert_eq!(
        hidden_field(&html, "next").as_deref(),
        Some("/frister?days=90")
    );
    let (status, to, _) = sign_in("/frister?days=90".into(), password).await;
    assert_eq!((status, to.as_deref()), (303, Some("/frister?days=90")));
    for evil in [
        "//evil.example/frister",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let (status, to, _) = sign_in(evil.into(), password).await;
        assert_eq!((status, to.as_deref()), (303, Some("/")), "{evil}");
    }
    let (status, _, html) = sign_in("/frister".into(), "forkert").await;
    assert_eq!(status, 401);
    assert!(
        html.contains("Forkert brugernavn eller adgangskode."),
        "{html}"
    );
    assert!(
        html.contains("value=\"vera\""),
        "the typed name is kept: {html}"
    );
    assert_eq!(hidden_field(&html, "next").as_deref(), Some("/frister"));
}

/// The document page's similar contracts: other forvaltninger's contracts with their title, supplier and
/// forvaltning; never a confidential contract of another forvaltning (which Koncern IT does see there).
#[tokio::test]
async fn similar_contracts_are_other_forvaltningers_that_the_reader_may_read() {
    let server = Server::start();
    let nordlys = json!({"cvr": "38009877", "name": "Nordlys Drift A/S"});
    let mut ids = Vec::new();
    for (title, forvaltning, confidential, file) in [
        ("BUF driftskontrakt", "BUF", false, "lo-odt"),
        ("Åben driftskontrakt", "ØKF", false, "chromium"),
        ("Hemmelig driftskontrakt", "ØKF", true, "xelatex"),
        ("Egen driftskontrakt", "BUF", false, "pdflatex"),
    ] {
        let (status, doc) = server
            .upload(
                &json!({"kind": "contract", "title": title, "forvaltning": forvaltning,
                        "supplier": nordlys, "signed_on": "2024-03-01", "confidential": confidential}),
                &corpus(&format!("danish/d01_k02_driftskontrakt__{file}.pdf")),
            )
            .await;
        assert_eq!(status, 201, "{doc}");
        ids.push(doc["id"].as_str().unwrap().to_string());
    }
    for id in &ids {
        server.wait_indexed(id).await;
    }
    let similar_part = |html: &str| {
        let start = html
            .find("Lignende kontrakter i andre forvaltninger")
            .expect("a similar-contracts section");
        html[start..].to_string()
    };
    let token = add_user(server.data.path(), "buf", "enhed", Some("BUF")).unwrap();
    let path = format!("/dokumenter/{}", ids[0]);
    let (status, html) = page(&browser(&token), &server, &path).await;
    assert_eq!(status, 200);
    let seen = similar_part(&html);
    assert!(seen.contains(&format!("/dokumenter/{}", ids[1])), "{seen}");
    assert!(seen.contains("Åben driftskontrakt"), "{seen}");
    assert!(seen.contains("Nordlys Drift A/S"), "the supplier: {seen}");
    assert!(seen.contains("<td>ØKF</td>"), "the forvaltning: {seen}");
    assert!(seen.contains("I kraft"), "whether it is in force: {seen}");
    assert!(
        !seen.contains("Egen driftskontrakt"),
        "its own forvaltning's: {seen}"
    );
    assert!(
        !html.contains(&ids[2]) && !html.contains("Hemmelig"),
        "{seen}"
    );
    // The API answers the same reader without it too.
    let (_, api) = page(
        &browser(&token),
        &server,
        &format!("/api/v1/documents/{}/similar", ids[0]),
    )
    .await;
    assert!(api.contains(&ids[1]) && !api.contains(&ids[2]), "{api}");
    // Koncern IT sees it in the same place, so the checks above could fail.
    let (_, kit) = page(&browser(&server.token), &server, &path).await;
    assert!(
        similar_part(&kit).contains("Hemmelig driftskontrakt"),
        "{kit}"
    );
}

/// Frister draws the deadlines on an SVG timeline beside the list, and makes a personal calendar address
/// that works without a session (as Outlook fetches it) until it is closed.
#[tokio::test]
async fn deadlines_on_a_timeline_and_a_personal_calendar_address() {
    let server = Server::start();
    let (status, doc) = server
        .upload(
            &json!({"kind": "contract", "title": "Driftskontrakt med frist", "forvaltning": "ØKF",
                    "signed_on": "2024-03-01", "valid_to": "2099-12-31", "notice_months": 6,
                    "notice_anchor": "end_of_quarter"}),
            &corpus("danish/d01_k02_driftskontrakt__lo-odt.pdf"),
        )
        .await;
    assert_eq!(status, 201, "{doc}");
    let kit = browser(&server.token);
    let (status, html) = page(&kit, &server, "/frister?days=365").await;
    assert_eq!(status, 200);
    for needle in [
        "<svg",
        "<line class=\"notice\"",
        "Driftskontrakt med frist",
        "Sidste opsigelsesdag",
        "Alle frister står i listen",
        "/api/v1/reports/deadlines.ics?days=365",
        "action=\"/frister/kalender\"",
    ] {
        assert!(html.contains(needle), "{needle}: {html}");
    }
    assert_clean("/frister", &html);

    let make = |handling: &'static str| {
        with_form(
            kit.post(server.url("/frister/kalender")),
            &[("csrf_token", ""), ("handling", handling)],
        )
        .send()
    };
    let r = make("ny").await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let start = html.find("http://").expect("the feed URL");
    let url = &html[start..start + html[start..].find('"').unwrap()];
    assert!(url.contains("/api/v1/reports/deadlines.ics?key="), "{url}");
    let path = &url[url.find("/api/").unwrap()..];
    let plain = reqwest::Client::new();
    let feed = plain.get(server.url(path)).send().await.unwrap();
    assert_eq!(feed.status(), 200);
    let ics = feed.text().await.unwrap();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR") && ics.contains("Driftskontrakt med frist"),
        "{ics}"
    );
    let r = make("luk").await.unwrap();
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("kalenderadresse er lukket")
    );
    let feed = plain.get(server.url(path)).send().await.unwrap();
    assert_eq!(feed.status(), 401);
}

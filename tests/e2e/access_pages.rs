//! The pages ask the same policy as the API: for every role, each page answers what the API route it
//! shows answers (200, 403 or 404; the upload form, which shows none, by role; a browser without credentials is sent to `/login` where the API says
//! 401). Every GET route of the pages must have a row here, read from `src/api/pages/mod.rs`, so a page
//! added without one fails; the POST routes name the test that covers their forms.

use std::collections::BTreeSet;

use crate::access::{ROLES, World, world};
use crate::helpers::browser;

/// What a page must answer each role.
enum Want {
    /// 200 to everyone, signed in or not.
    Public,
    /// What this API path answers the same caller.
    Api(String),
    /// These statuses, in the order of [`ROLES`] (401: sent to sign in).
    Roles([u16; 6]),
}

/// (page route as declared, the page's path, what it must answer).
fn rows(w: &World, system: &str) -> Vec<(&'static str, String, Want)> {
    let (c, s, d) = (&w.contract, &w.secret, &w.documentation);
    vec![
        (
            "/",
            "/?q=kunden".into(),
            Want::Api("/api/v1/search?q=kunden".into()),
        ),
        ("/hjaelp", "/hjaelp".into(), Want::Public),
        (
            "/indsend",
            "/indsend".into(),
            // The upload form has no API read to compare with: it opens for the roles that may upload
            // at all (the upload itself is checked against its forvaltning).
            Want::Roles([401, 200, 200, 200, 403, 403]),
        ),
        (
            "/dokumenter/{id}",
            format!("/dokumenter/{c}"),
            Want::Api(format!("/api/v1/documents/{c}")),
        ),
        (
            "/dokumenter/{id}",
            format!("/dokumenter/{s}"),
            Want::Api(format!("/api/v1/documents/{s}")),
        ),
        (
            "/dokumenter/{id}",
            format!("/dokumenter/{d}"),
            Want::Api(format!("/api/v1/documents/{d}")),
        ),
        (
            "/systemer",
            "/systemer".into(),
            Want::Api("/api/v1/systems".into()),
        ),
        (
            "/systemer/{id}",
            format!("/systemer/{system}"),
            Want::Api(format!("/api/v1/systems/{system}")),
        ),
        (
            "/systemer/{id}/dossier",
            format!("/systemer/{system}/dossier"),
            Want::Api(format!("/api/v1/systems/{system}/dossier")),
        ),
        (
            "/leverandoerer/{cvr}",
            "/leverandoerer/38009877".into(),
            Want::Api("/api/v1/suppliers/38009877".into()),
        ),
        (
            "/genbrug",
            "/genbrug?q=drift".into(),
            Want::Api("/api/v1/reuse?q=drift".into()),
        ),
        (
            "/compliance",
            "/compliance".into(),
            Want::Api("/api/v1/reports/compliance".into()),
        ),
        (
            "/compliance/csv",
            "/compliance/csv?forvaltning=ØKF".into(),
            Want::Api("/api/v1/reports/compliance?forvaltning=ØKF".into()),
        ),
        (
            "/frister",
            "/frister".into(),
            Want::Api("/api/v1/reports/deadlines".into()),
        ),
        (
            "/static/style.css",
            "/static/style.css".into(),
            Want::Public,
        ),
        ("/static/app.js", "/static/app.js".into(), Want::Public),
    ]
}

/// The POST routes of the pages, with the test that drives their forms as allowed and refused users.
const FORMS: [(&str, &str); 5] = [
    (
        "/indsend",
        "pages::the_upload_form_works_without_javascript_and_keeps_what_was_typed",
    ),
    (
        "/dokumenter/{id}/ret",
        "pages::every_page_renders_in_danish_behind_login",
    ),
    (
        "/dokumenter/{id}/systemer",
        "pages::every_page_renders_in_danish_behind_login",
    ),
    (
        "/dokumenter/{id}/systemer/{system_id}/fjern",
        "pages::every_page_renders_in_danish_behind_login",
    ),
    (
        "/frister/kalender",
        "pages::deadlines_on_a_timeline_and_a_personal_calendar_address",
    ),
];

/// The routes `src/api/pages/mod.rs` declares: (path, whether it has a GET, whether it has a POST).
fn declared() -> Vec<(String, bool, bool)> {
    let source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api/pages/mod.rs"),
    )
    .unwrap();
    let flat: String = source.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.split(".route(")
        .skip(1)
        .map(|rest| {
            let path = rest.split('"').nth(1).unwrap_or_default().to_string();
            let call = rest.split(".route(").next().unwrap_or_default();
            let call = call.split(".layer(").next().unwrap_or_default();
            (path, call.contains("get("), call.contains("post("))
        })
        .collect()
}

#[tokio::test]
async fn every_page_answers_for_each_role_what_its_api_route_answers() {
    let w = world().await;
    let (_, systems) = w.server.get_json("/api/v1/systems").await;
    let system = systems["systems"][0]["id"].as_str();
    let system = system.expect("the world's system").to_string();
    let rows = rows(&w, &system);

    let declared = declared();
    assert!(declared.len() >= 15, "read too few routes: {declared:?}");
    let with_row: BTreeSet<&str> = rows.iter().map(|r| r.0).collect();
    let forms: BTreeSet<&str> = FORMS.iter().map(|f| f.0).collect();
    for (path, get, post) in &declared {
        assert!(
            !get || with_row.contains(path.as_str()),
            "GET {path} has no row"
        );
        assert!(
            !post || forms.contains(path.as_str()),
            "POST {path} names no test"
        );
    }

    let mut wrong = Vec::new();
    for (_, page, api) in &rows {
        for (i, client) in w.clients.iter().enumerate() {
            let got = if i == 0 {
                browser().get(w.server.url(page)).send().await.unwrap()
            } else {
                client.get(w.server.url(page)).send().await.unwrap()
            };
            let got_status = got.status().as_u16();
            let want = match api {
                Want::Public => 200,
                Want::Roles(statuses) => statuses[i],
                Want::Api(api) => client
                    .get(w.server.url(api))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16(),
            };
            let to_login = got
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .is_some_and(|l| l.starts_with("/login"));
            // The API's 401 is the page's way to sign-in; the rest must be equal.
            let same = match want {
                401 => got_status == 303 && to_login,
                w => got_status == w,
            };
            if !same {
                wrong.push(format!(
                    "{page} as {}: {got_status}, the API {want}",
                    ROLES[i]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "pages and API disagree:\n{}",
        wrong.join("\n")
    );
}

//! Who may do what, black-box: every role (and none) against every route, with the status the policy in
//! DESIGN "Who may do what" calls for; and what a unit of another forvaltning learns of a confidential
//! contract and of documentation (nothing, and metadata only).

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;

/// The roles of the matrix, in column order: no credentials, then a user of each role.
pub(crate) const ROLES: [&str; 6] = [
    "none",
    "enhed",
    "digitaliseringskontor",
    "koncern_it",
    "revisor",
    "admin",
];

pub(crate) struct World {
    pub(crate) server: Server,
    /// An ØKF contract, an ØKF confidential contract, an ØKF system documentation.
    pub(crate) contract: String,
    pub(crate) secret: String,
    pub(crate) documentation: String,
    pub(crate) clients: Vec<reqwest::Client>,
}

async fn upload(server: &Server, metadata: Value, file: &str) -> String {
    let (status, doc) = server.upload(&metadata, &corpus(file)).await;
    assert_eq!(status, 201, "{doc}");
    let id = doc["id"].as_str().unwrap().to_string();
    server.wait_indexed(&id).await;
    id
}

pub(crate) async fn world() -> World {
    let server = Server::start();
    let system = server
        .add_system(
            json!({"name": "Sagsflow", "category": "specialist", "owner_forvaltning": "ØKF"}),
        )
        .await;
    let supplier = json!({"cvr": "38009877", "name": "Nordlys Drift A/S"});
    let contract = upload(
        &server,
        json!({"kind": "contract", "title": "Driftskontrakt", "forvaltning": "ØKF",
        "supplier": supplier, "signed_on": "2024-03-01", "system_ids": [system]}),
        "danish/d01_k02_driftskontrakt__lo-odt.pdf",
    )
    .await;
    let secret = upload(
        &server,
        json!({"kind": "contract", "title": "Hemmelig standardsoftwareaftale",
        "forvaltning": "ØKF", "supplier": supplier, "signed_on": "2024-05-01", "confidential": true,
        "valid_to": "2027-01-31", "notice_months": 3, "system_ids": [system]}),
        "danish/d02_k03_standardsoftware__lo-docx.pdf",
    )
    .await;
    let documentation = upload(&server, json!({"kind": "system_documentation", "title": "Sagsflow arkitektur",
        "forvaltning": "ØKF", "doc_type": "architecture", "version": "1.0", "system_ids": [system]}),
        "danish/d06_systemteknisk_sagsflow__groff-pdf.pdf").await;
    let mut clients = vec![reqwest::Client::new()];
    for role in &ROLES[1..] {
        let forvaltning = matches!(*role, "enhed" | "digitaliseringskontor").then_some("BUF");
        clients.push(server.client_as(&format!("u-{role}"), role, forvaltning));
    }
    World {
        server,
        contract,
        secret,
        documentation,
        clients,
    }
}

/// One row: method, the path as the OpenAPI document names it, the concrete path, a body, and the status
/// each of [`ROLES`] gets.
struct Row(Method, &'static str, String, Option<Value>, [u16; 6]);

fn rows(w: &World) -> Vec<Row> {
    use Method as M;
    let (c, s, d) = (&w.contract, &w.secret, &w.documentation);
    let doc = "/api/v1/documents/{id}";
    let read_all = [401, 200, 200, 200, 200, 403];
    let change = [401, 403, 403, 200, 403, 403];
    // An admin manages users and sees no document: documents do not exist for it (404), like a
    // confidential one for another forvaltning.
    let read_doc = [401, 200, 200, 200, 200, 404];
    let change_doc = [401, 403, 403, 200, 403, 404];
    vec![
        Row(
            M::GET,
            doc,
            format!("/api/v1/documents/{c}"),
            None,
            read_doc,
        ),
        Row(
            M::GET,
            doc,
            format!("/api/v1/documents/{s}"),
            None,
            [401, 404, 404, 200, 200, 404],
        ),
        Row(
            M::GET,
            doc,
            format!("/api/v1/documents/{d}"),
            None,
            read_doc,
        ),
        Row(
            M::GET,
            "/api/v1/documents/{id}/content",
            format!("/api/v1/documents/{c}/content"),
            None,
            read_doc,
        ),
        Row(
            M::GET,
            "/api/v1/documents/{id}/content",
            format!("/api/v1/documents/{d}/content"),
            None,
            [401, 403, 403, 200, 200, 404],
        ),
        Row(
            M::GET,
            "/api/v1/documents/{id}/text",
            format!("/api/v1/documents/{s}/text"),
            None,
            [401, 404, 404, 200, 200, 404],
        ),
        Row(
            M::GET,
            "/api/v1/documents/{id}/text",
            format!("/api/v1/documents/{d}/text"),
            None,
            [401, 403, 403, 200, 200, 404],
        ),
        Row(
            M::GET,
            "/api/v1/documents/{id}/history",
            format!("/api/v1/documents/{c}/history"),
            None,
            [401, 403, 403, 200, 200, 404],
        ),
        Row(
            M::GET,
            "/api/v1/documents/{id}/similar",
            format!("/api/v1/documents/{c}/similar"),
            None,
            read_doc,
        ),
        Row(
            M::GET,
            "/api/v1/documents/{id}/similar",
            format!("/api/v1/documents/{d}/similar"),
            None,
            [401, 403, 403, 200, 200, 404],
        ),
        Row(
            M::PATCH,
            doc,
            format!("/api/v1/documents/{c}"),
            Some(json!({"title": "Driftskontrakt 2"})),
            change_doc,
        ),
        Row(
            M::PUT,
            "/api/v1/documents/{id}/systems/{system_id}",
            format!("/api/v1/documents/{d}/systems/SYS-0001"),
            None,
            change_doc,
        ),
        Row(
            M::DELETE,
            "/api/v1/documents/{id}/systems/{system_id}",
            format!("/api/v1/documents/{d}/systems/SYS-9999"),
            None,
            change_doc,
        ),
        Row(
            M::GET,
            "/api/v1/systems",
            "/api/v1/systems".into(),
            None,
            read_all,
        ),
        Row(
            M::POST,
            "/api/v1/systems",
            "/api/v1/systems".into(),
            Some(json!({"name": "Ny", "category": "utility", "owner_forvaltning": "BUF"})),
            [401, 403, 403, 201, 403, 403],
        ),
        Row(
            M::GET,
            "/api/v1/systems/{id}",
            "/api/v1/systems/SYS-0001".into(),
            None,
            read_all,
        ),
        Row(
            M::PATCH,
            "/api/v1/systems/{id}",
            "/api/v1/systems/SYS-0001".into(),
            Some(json!({"description": "x"})),
            change,
        ),
        // The gate answers before the lookup: a role that may never delete learns nothing of the id.
        Row(
            M::DELETE,
            "/api/v1/systems/{id}",
            "/api/v1/systems/SYS-9999".into(),
            None,
            [401, 403, 403, 404, 403, 403],
        ),
        Row(
            M::GET,
            "/api/v1/systems/{id}/dossier",
            "/api/v1/systems/SYS-0001/dossier".into(),
            None,
            read_all,
        ),
        Row(
            M::GET,
            "/api/v1/systems/{id}/export",
            "/api/v1/systems/SYS-0001/export".into(),
            None,
            [401, 403, 403, 200, 200, 403],
        ),
        // A digitaliseringskontor proposes for its own forvaltning (BUF) only; koncern_it decides.
        Row(
            M::POST,
            "/api/v1/register/proposals",
            "/api/v1/register/proposals".into(),
            Some(
                json!({"change": {"name": "Elevplan", "category": "specialist", "owner_forvaltning": "BUF"}}),
            ),
            [401, 403, 201, 201, 403, 403],
        ),
        Row(
            M::POST,
            "/api/v1/register/proposals",
            "/api/v1/register/proposals".into(),
            Some(json!({"system_id": "SYS-0001",
                "change": {"name": "Sagsflow 2", "category": "specialist", "owner_forvaltning": "ØKF"}})),
            [401, 403, 403, 201, 403, 403],
        ),
        Row(
            M::GET,
            "/api/v1/register/proposals",
            "/api/v1/register/proposals".into(),
            None,
            [401, 403, 200, 200, 403, 403],
        ),
        Row(
            M::POST,
            "/api/v1/register/proposals/{id}/decision",
            "/api/v1/register/proposals/1/decision".into(),
            Some(json!({"accept": false, "reason": "findes i forvejen"})),
            change,
        ),
        Row(
            M::GET,
            "/api/v1/suppliers",
            "/api/v1/suppliers".into(),
            None,
            read_all,
        ),
        Row(
            M::GET,
            "/api/v1/suppliers/{cvr}",
            "/api/v1/suppliers/38009877".into(),
            None,
            read_all,
        ),
        Row(
            M::PATCH,
            "/api/v1/suppliers/{cvr}",
            "/api/v1/suppliers/38009877".into(),
            Some(json!({"name": "Nordlys A/S"})),
            change,
        ),
        Row(
            M::GET,
            "/api/v1/reuse",
            "/api/v1/reuse?q=drift".into(),
            None,
            read_all,
        ),
        Row(
            M::GET,
            "/api/v1/reports/compliance",
            "/api/v1/reports/compliance".into(),
            None,
            read_all,
        ),
        Row(
            M::GET,
            "/api/v1/reports/deadlines",
            "/api/v1/reports/deadlines".into(),
            None,
            read_all,
        ),
        Row(
            M::GET,
            "/api/v1/reports/deadlines.ics",
            "/api/v1/reports/deadlines.ics".into(),
            None,
            read_all,
        ),
        Row(
            M::GET,
            "/api/v1/search",
            "/api/v1/search?q=kontrakt".into(),
            None,
            read_all,
        ),
        Row(
            M::GET,
            "/api/v1/audit",
            "/api/v1/audit".into(),
            None,
            [401, 403, 200, 200, 200, 403],
        ),
        Row(
            M::GET,
            "/api/v1/me",
            "/api/v1/me".into(),
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        Row(
            M::POST,
            "/api/v1/me/feed",
            "/api/v1/me/feed".into(),
            None,
            [401, 200, 200, 200, 200, 403],
        ),
        Row(
            M::DELETE,
            "/api/v1/me/feed",
            "/api/v1/me/feed".into(),
            None,
            [401, 204, 204, 204, 204, 204],
        ),
        Row(
            M::GET,
            "/api/v1/openapi.json",
            "/api/v1/openapi.json".into(),
            None,
            [200; 6],
        ),
        Row(M::GET, "/healthz", "/healthz".into(), None, [200; 6]),
        Row(M::GET, "/readyz", "/readyz".into(), None, [200; 6]),
        // Uploads last: a stored document would change what the rows above see.
        Row(
            M::POST,
            "/api/v1/documents",
            "/api/v1/documents".into(),
            None,
            [401, 403, 403, 201, 403, 403],
        ),
    ]
}

async fn send(w: &World, client: &reqwest::Client, row: &Row) -> u16 {
    let url = w.server.url(&row.2);
    let request = if row.1 == "/api/v1/documents" && row.0 == Method::POST {
        let pdf = std::fs::read(corpus("danish/d08_bilag4_servicemaal__lo-html.pdf")).unwrap();
        let form = reqwest::multipart::Form::new()
            .text(
                "metadata",
                json!({"kind": "appendix", "title": "Bilag", "forvaltning": "ØKF"}).to_string(),
            )
            .part(
                "file",
                reqwest::multipart::Part::bytes(pdf).file_name("b.pdf"),
            );
        client.post(&url).multipart(form)
    } else {
        let r = client.request(row.0.clone(), &url);
        match &row.3 {
            Some(body) => r.json(body),
            None => r,
        }
    };
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn every_role_against_every_route() {
    let w = world().await;
    let mut wrong = Vec::new();
    for row in rows(&w) {
        for (i, client) in w.clients.iter().enumerate() {
            let got = send(&w, client, &row).await;
            // A repeated create conflicts instead of creating again; it still got past the policy.
            let want = row.4[i];
            if got != want && !(want == 201 && got == 409) && !(want == 201 && got == 200) {
                wrong.push(format!(
                    "{} {} as {}: {got}, want {want}",
                    row.0, row.2, ROLES[i]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "policy mismatches:\n{}", wrong.join("\n"));

    // The table covers every route of the API: a route added without a row (and so without a decided
    // policy) fails here.
    let (_, doc) = w.server.get_json("/api/v1/openapi.json").await;
    let covered: BTreeSet<(String, &str)> = rows(&w)
        .iter()
        .map(|r| (r.0.as_str().to_lowercase(), r.1))
        .collect();
    let mut missing = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            if !covered.contains(&(method.clone(), path.as_str())) {
                missing.push(format!("{method} {path}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "routes without a row in the matrix: {missing:?}"
    );
}

/// A unit of BUF learns nothing of ØKF's confidential contract, by any route; and sees ØKF's
/// documentation only as metadata.
#[tokio::test]
async fn a_confidential_contract_leaves_no_trace_for_another_forvaltning() {
    let w = world().await;
    let buf = &w.clients[1];
    let kit = &w.server.http;
    let get = |client: &reqwest::Client, path: String| {
        let url = w.server.url(&path);
        let client = client.clone();
        async move {
            let r = client.get(url).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    for path in ["", "/content", "/text", "/history"] {
        let (status, _) = get(buf, format!("/api/v1/documents/{}{path}", w.secret)).await;
        assert_eq!(status, 404, "{path}");
    }
    // Search: its own word finds it for Koncern IT, and nothing at all for BUF: no hit, no total, no facet.
    let word = "deponeringsagent";
    let (_, all) = get(kit, format!("/api/v1/search?q={word}")).await;
    let all: Value = serde_json::from_str(&all).unwrap();
    assert!(all["total"].as_u64().unwrap() > 0, "{all}");
    let (_, seen) = get(buf, format!("/api/v1/search?q={word}")).await;
    let seen: Value = serde_json::from_str(&seen).unwrap();
    assert_eq!(seen["total"], 0, "{seen}");
    assert_eq!(seen["hits"], json!([]));
    for facet in seen["facets"].as_object().unwrap().values() {
        assert_eq!(facet, &json!([]), "{seen}");
    }
    // Every view: the id and the title appear nowhere.
    let views = [
        "/api/v1/search?q=standardsoftware&level=document".to_string(),
        "/api/v1/reuse?q=standardsoftware".into(),
        "/api/v1/reuse?system=SYS-0001&forvaltning=BUF".into(),
        "/api/v1/suppliers/38009877".into(),
        "/api/v1/systems/SYS-0001/dossier".into(),
        "/api/v1/reports/compliance".into(),
        "/api/v1/reports/compliance?forvaltning=ØKF".into(),
        "/api/v1/reports/deadlines?days=3650".into(),
        "/api/v1/reports/deadlines.ics?days=3650".into(),
    ];
    for path in &views {
        let (status, body) = get(buf, path.clone()).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert!(
            !body.contains(&w.secret) && !body.contains("Hemmelig"),
            "{path} leaks it: {body}"
        );
        // The same view shows it to Koncern IT, so the check above could fail.
        if path.contains("dossier") || path.contains("suppliers") || path.contains("deadlines?") {
            let (_, full) = get(kit, path.clone()).await;
            assert!(
                full.contains(&w.secret),
                "{path} should list it for koncern_it: {full}"
            );
        }
    }
    // Documentation of another forvaltning: metadata yes; content, text and its words in search no.
    let (status, meta) = get(buf, format!("/api/v1/documents/{}", w.documentation)).await;
    assert_eq!(status, 200);
    assert!(meta.contains("Sagsflow arkitektur"));
    for path in ["/content", "/text"] {
        let (status, _) = get(buf, format!("/api/v1/documents/{}{path}", w.documentation)).await;
        assert_eq!(status, 403, "{path}");
    }
    let (_, found) = get(kit, "/api/v1/search?q=applikationslaget".into()).await;
    assert!(found.contains(&w.documentation), "{found}");
    let (_, found) = get(buf, "/api/v1/search?q=applikationslaget".into()).await;
    assert!(
        !found.contains(&w.documentation),
        "a text match would reveal the content: {found}"
    );
}

/// The calendar feed works with the user's secret key (Outlook sends no token), and not after a revoke.
#[tokio::test]
async fn the_calendar_feed_works_with_its_secret_url_until_revoked() {
    let server = Server::start();
    let (status, feed) = server
        .send_json(Method::POST, "/api/v1/me/feed", &json!({}))
        .await;
    assert_eq!(status, 200, "{feed}");
    let url = feed["url"].as_str().unwrap();
    let path = &url[url.find("/api/").unwrap()..];
    let plain = reqwest::Client::new();
    let r = plain.get(server.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().starts_with("BEGIN:VCALENDAR"));
    assert_eq!(server.call(Method::DELETE, "/api/v1/me/feed").await.0, 204);
    let r = plain.get(server.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 401);
}

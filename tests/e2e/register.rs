//! The system register and the supplier register: create, list, correct, delete; bad input is a 422 naming
//! the field, conflicts are 409.

use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

fn assert_invalid(status: u16, body: &serde_json::Value, field: &str) {
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "invalid_metadata", "{body}");
    let message = body["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains(field), "{message} should name {field}");
}

#[tokio::test]
async fn systems_are_created_listed_corrected_and_deleted() {
    let server = Server::start();
    let (status, first) = server
        .post_json(
            "/api/v1/systems",
            &json!({"name": "Lønsystem", "category": "generic_administrative", "owner_forvaltning": "ØKF",
                    "owner_unit": "Koncern IT", "used_by": ["KFF", "ØKF"], "archive_duty": "preserve",
                    "kitos_uuid": "0B8F4F3E-2A4E-4C43-9D59-2F0C1E7E5A10"}),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["id"], "SYS-0001");
    assert_eq!(first["network"], "administrative");
    assert_eq!(first["lifecycle"], "operational");
    assert_eq!(
        first["used_by"],
        json!(["KFF"]),
        "the owner is not also a user"
    );
    assert_eq!(first["kitos_uuid"], "0b8f4f3e-2a4e-4c43-9d59-2f0c1e7e5a10");
    let second = server
        .add_system(
            json!({"id": "SR-TMF-0042", "name": "Sagsflow Byg", "category": "specialist",
                           "owner_forvaltning": "TMF"}),
        )
        .await;
    assert_eq!(second, "SR-TMF-0042");
    server
        .add_system(
            json!({"name": "Aula", "category": "joint_public", "owner_forvaltning": "BUF",
                           "network": "pedagogical", "lifecycle": "phasing_in"}),
        )
        .await;

    let (_, all) = server.get_json("/api/v1/systems").await;
    assert_eq!(all["total"], 3);
    let (_, kff) = server.get_json("/api/v1/systems?forvaltning=KFF").await;
    assert_eq!(kff["total"], 1, "used_by counts: {kff}");
    let (_, ped) = server.get_json("/api/v1/systems?network=pedagogical").await;
    assert_eq!(ped["systems"][0]["name"], "Aula");
    let (_, page) = server.get_json("/api/v1/systems?limit=2&offset=2").await;
    assert_eq!(
        (
            page["total"].as_u64(),
            page["systems"].as_array().unwrap().len()
        ),
        (Some(3), 1)
    );
    let (_, found) = server.get_json("/api/v1/systems?q=sagsflow").await;
    assert_eq!(found["systems"][0]["id"], "SR-TMF-0042");
    let (status, _) = server.get_json("/api/v1/systems?category=kontor").await;
    assert_eq!(status, 400);

    let (status, patched) = server
        .patch_json(
            "/api/v1/systems/SYS-0001",
            &json!({"lifecycle": "phasing_out", "description": "Løn"}),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["lifecycle"], "phasing_out");
    assert_eq!(patched["name"], "Lønsystem");
    let (status, body) = server
        .patch_json("/api/v1/systems/SYS-0001", &json!({"category": "kontor"}))
        .await;
    assert_invalid(status, &body, "category");
    let (status, body) = server
        .patch_json("/api/v1/systems/SYS-0001", &json!({"id": "SYS-9"}))
        .await;
    assert_invalid(status, &body, "id");

    assert_eq!(
        server
            .call(Method::DELETE, "/api/v1/systems/SR-TMF-0042")
            .await
            .0,
        204
    );
    assert_eq!(server.get_json("/api/v1/systems/SR-TMF-0042").await.0, 404);
}

#[tokio::test]
async fn bad_systems_are_422_or_409() {
    let server = Server::start();
    let base = json!({"name": "X", "category": "utility", "owner_forvaltning": "SUF"});
    let cases = [
        (
            json!({"name": "X", "category": "kontor", "owner_forvaltning": "SUF"}),
            "category",
        ),
        (
            json!({"name": "X", "category": "utility", "owner_forvaltning": "XYZ"}),
            "owner_forvaltning",
        ),
        (
            json!({"name": " ", "category": "utility", "owner_forvaltning": "SUF"}),
            "name",
        ),
        (
            json!({"name": "X", "category": "utility", "owner_forvaltning": "SUF", "kitos_uuid": "nope"}),
            "kitos_uuid",
        ),
        (
            json!({"name": "X", "category": "utility", "owner_forvaltning": "SUF", "id": "sys 1"}),
            "id",
        ),
        (
            json!({"name": "X", "category": "utility", "owner_forvaltning": "SUF", "used_by": ["ABC"]}),
            "used_by",
        ),
        (
            json!({"name": "X", "category": "utility", "owner_forvaltning": "SUF", "colour": "red"}),
            "colour",
        ),
    ];
    for (body, field) in cases {
        let (status, answer) = server.post_json("/api/v1/systems", &body).await;
        assert_invalid(status, &answer, field);
    }
    let mut with_id = base.clone();
    with_id["id"] = json!("SYS-0007");
    assert_eq!(server.post_json("/api/v1/systems", &with_id).await.0, 201);
    let (status, body) = server.post_json("/api/v1/systems", &with_id).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(server.get_json("/api/v1/systems").await.1["total"], 1);
}

#[tokio::test]
async fn a_linked_system_cannot_be_deleted_and_suppliers_keep_their_identity() {
    let server = Server::start();
    let system = server
        .add_system(
            json!({"name": "Sagsflow Byg", "category": "specialist", "owner_forvaltning": "TMF"}),
        )
        .await;
    let pdf = corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf");
    let mut meta = contract("Driftsaftale", "TMF");
    meta["system_ids"] = json!(["SYS-4040"]);
    let (status, body) = server.upload(&meta, &pdf).await;
    assert_invalid(status, &body, "system_ids");
    meta["system_ids"] = json!([system]);
    let (status, doc) = server.upload(&meta, &pdf).await;
    assert_eq!(status, 201, "{doc}");
    assert_eq!(doc["system_ids"], json!([system]));
    assert_eq!(doc["in_force"], true);

    let (status, body) = server
        .call(Method::DELETE, &format!("/api/v1/systems/{system}"))
        .await;
    assert_eq!(status, 409, "{body}");
    let id = doc["id"].as_str().unwrap();
    let (status, unlinked) = server
        .call(
            Method::DELETE,
            &format!("/api/v1/documents/{id}/systems/{system}"),
        )
        .await;
    assert_eq!(status, 200, "{unlinked}");
    assert_eq!(unlinked["system_ids"], json!([]));
    assert_eq!(
        server
            .call(Method::DELETE, &format!("/api/v1/systems/{system}"))
            .await
            .0,
        204
    );

    // A foreign supplier is known by country and id; a renamed supplier keeps its documents.
    let foreign = json!({"kind": "contract", "title": "Licens", "forvaltning": "SUF",
        "supplier": {"country": "SE", "id": "556012-3456", "name": "Nordic Care AB"}});
    let (status, doc) = server
        .upload(
            &foreign,
            &corpus("danish/d02_k03_standardsoftware__lo-docx.pdf"),
        )
        .await;
    assert_eq!(status, 201, "{doc}");
    assert_eq!(
        doc["supplier"],
        json!({"country": "SE", "id": "556012-3456", "name": "Nordic Care AB"})
    );
    let (status, body) = server
        .upload(
            &json!({"kind": "contract", "title": "Licens", "forvaltning": "SOF", "supplier": {"country": "SE", "name": "N"}}),
            &pdf,
        )
        .await;
    assert_invalid(status, &body, "supplier.id");
    let (status, renamed) = server
        .patch_json(
            "/api/v1/suppliers/38009877",
            &json!({"name": "Nordlys Drift ApS"}),
        )
        .await;
    assert_eq!(status, 200, "{renamed}");
    let (_, again) = server.get_json(&format!("/api/v1/documents/{id}")).await;
    assert_eq!(
        again["supplier"],
        json!({"cvr": "38009877", "name": "Nordlys Drift ApS"})
    );
    let (status, overview) = server.get_json("/api/v1/suppliers/SE-556012-3456").await;
    assert_eq!(status, 200, "{overview}");
    assert_eq!(overview["forvaltninger"], json!(["SUF"]));
    assert_eq!(server.get_json("/api/v1/suppliers/12345678").await.0, 404);
}

#[tokio::test]
async fn the_openapi_document_lists_the_register_and_the_views() {
    let server = Server::start();
    let (_, doc) = server.get_json("/api/v1/openapi.json").await;
    for (path, method) in [
        ("/api/v1/systems", "post"),
        ("/api/v1/systems/{id}", "delete"),
        ("/api/v1/systems/{id}/dossier", "get"),
        ("/api/v1/systems/{id}/export", "get"),
        ("/api/v1/documents/{id}", "patch"),
        ("/api/v1/documents/{id}/systems/{system_id}", "put"),
        ("/api/v1/suppliers/{cvr}", "get"),
        ("/api/v1/reuse", "get"),
        ("/api/v1/reports/compliance", "get"),
        ("/api/v1/reports/deadlines", "get"),
        ("/api/v1/reports/deadlines.ics", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing"
        );
    }
}

#[tokio::test]
async fn an_export_over_a_corrupt_blob_breaks_off_instead_of_ending_like_a_bag() {
    let server = Server::start();
    let system = server
        .add_system(
            json!({"name": "Sagsflow Byg", "category": "specialist", "owner_forvaltning": "TMF"}),
        )
        .await;
    let mut meta = contract("Driftsaftale", "TMF");
    meta["system_ids"] = json!([system]);
    let (_, doc) = server
        .upload(
            &meta,
            &corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf"),
        )
        .await;
    let export = format!("/api/v1/systems/{system}/export");
    let whole = server.get(&export).await.bytes().await.unwrap();
    assert!(whole.starts_with(b"PK"));

    let sha = doc["sha256"].as_str().unwrap();
    let path = server
        .data
        .path()
        .join(format!("blobs/sha256/{}/{}/{sha}", &sha[0..2], &sha[2..4]));
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&path, bytes).unwrap();
    let r = server.get(&export).await;
    assert_eq!(r.status(), 200, "the headers left before the blob was read");
    assert!(
        r.bytes().await.is_err(),
        "a corrupt blob must not end in a complete zip"
    );
}

async fn send(
    client: &reqwest::Client,
    server: &Server,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let r = client
        .post(server.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

/// A digitaliseringskontor proposes a change to its forvaltning's system; koncern_it accepts it and the
/// register changes; a proposal for another forvaltning's system is refused.
#[tokio::test]
async fn a_digitaliseringskontor_proposes_and_koncern_it_decides() {
    let server = Server::start();
    let buf = server
        .add_system(
            json!({"name": "Elevplan", "category": "specialist", "owner_forvaltning": "BUF"}),
        )
        .await;
    let other = server
        .add_system(json!({"name": "Løn", "category": "specialist", "owner_forvaltning": "ØKF"}))
        .await;
    let dk = server.client_as("dk-buf", "digitaliseringskontor", Some("BUF"));
    let change = json!({"name": "Elevplan 2", "category": "specialist", "owner_forvaltning": "BUF",
        "lifecycle": "phasing_out"});
    let path = "/api/v1/register/proposals";
    let (status, proposal) = send(
        &dk,
        &server,
        path,
        json!({"system_id": buf, "change": change, "note": "udfases 2027"}),
    )
    .await;
    assert_eq!(status, 201, "{proposal}");
    assert_eq!(proposal["status"], "pending");
    let (status, _) = server.get_json(&format!("/api/v1/systems/{buf}")).await;
    assert_eq!(status, 200);
    // Moving another forvaltning's system to oneself, or proposing for it, is refused.
    let steal = json!({"name": "Løn", "category": "specialist", "owner_forvaltning": "BUF"});
    let (status, _) = send(
        &dk,
        &server,
        path,
        json!({"system_id": other, "change": steal}),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = send(&dk, &server, path, json!({"change": {"name": "x"}})).await;
    assert_eq!(status, 422, "{body}");

    let id = proposal["id"].as_i64().unwrap();
    let decision = format!("/api/v1/register/proposals/{id}/decision");
    let (status, _) = send(&dk, &server, &decision, json!({"accept": true})).await;
    assert_eq!(status, 403, "a proposer cannot accept its own proposal");
    let (status, decided) = server.post_json(&decision, &json!({"accept": true})).await;
    assert_eq!(
        (status, decided["status"].as_str()),
        (200, Some("accepted")),
        "{decided}"
    );
    let (_, system) = server.get_json(&format!("/api/v1/systems/{buf}")).await;
    assert_eq!(
        (system["name"].as_str(), system["lifecycle"].as_str()),
        (Some("Elevplan 2"), Some("phasing_out"))
    );
    let (status, _) = server.post_json(&decision, &json!({"accept": false})).await;
    assert_eq!(status, 409, "a decision is taken once");

    let r = dk.get(server.url(path)).send().await.unwrap();
    let listed: serde_json::Value = r.json().await.unwrap();
    assert_eq!(listed["proposals"].as_array().unwrap().len(), 1, "{listed}");
    let (_, log) = server
        .get_json("/api/v1/audit?action=register.decide")
        .await;
    assert_eq!(log.as_array().unwrap().len(), 1, "{log}");
}

//! A real contract family from the corpus — K02 driftskontrakt, its tillæg nr. 1, bilag 4, the
//! databehandleraftale — and a system's documentation, linked to systems of two forvaltninger; then every view
//! over them: dossier, supplier overview, reuse, compliance (before and after the documentation), the
//! deadline feed (parsed) and the auditor's BagIt export (validated by the Library of Congress `bagit` tool).

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;

fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_string()
}

async fn upload_ok(server: &Server, meta: Value, file: &str) -> Value {
    let (status, doc) = server.upload(&meta, &corpus(file)).await;
    assert_eq!(status, 201, "{file}: {doc}");
    doc
}

fn assert_invalid(status: u16, body: &Value, field: &str) {
    assert_eq!(status, 422, "{body}");
    let message = body["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains(field), "{message} should name {field}");
}

fn gaps(report: &Value) -> Vec<(String, String)> {
    report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let subject = g["system_id"]
                .as_str()
                .or(g["document_id"].as_str())
                .unwrap_or("");
            (g["gap"].as_str().unwrap().to_string(), subject.to_string())
        })
        .collect()
}

/// Searches until `want` says the hits are right (the index follows the catalog a moment later).
async fn search_until(server: &Server, query: &str, want: impl Fn(&[String]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let body = server.search(query).await;
        let ids: Vec<String> = body["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["document_id"].as_str().unwrap().to_string())
            .collect();
        if want(&ids) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "search {query} never got right: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_contract_family_and_documentation_through_every_view() {
    let server = Server::start();
    let today = Utc::now().date_naive();
    let lon = server
        .add_system(json!({"name": "Lønsystem", "category": "generic_administrative", "owner_forvaltning": "ØKF",
            "owner_unit": "Koncern IT", "used_by": ["KFF"], "archive_duty": "preserve"}))
        .await;
    let sag = server
        .add_system(
            json!({"name": "Sagsflow Byg", "category": "specialist", "owner_forvaltning": "TMF",
            "owner_unit": "Byggeri København"}),
        )
        .await;
    let buf = server
        .add_system(
            json!({"name": "Personaleadministration", "category": "generic_administrative",
            "owner_forvaltning": "BUF"}),
        )
        .await;
    let (_, before) = server
        .get_json("/api/v1/reports/compliance?forvaltning=TMF")
        .await;
    assert_eq!(
        gaps(&before),
        [
            ("system_without_contract".into(), sag.clone()),
            ("system_without_current_documentation".into(), sag.clone())
        ]
    );

    // The family.
    let contract = upload_ok(
        &server,
        json!({"kind": "contract", "title": "Kontrakt om it-drift af lønsystemet", "forvaltning": "ØKF",
            "unit": "Koncern IT", "supplier": {"cvr": "38009877", "name": "Nordlys Drift A/S"},
            "contract_number": "KK-2024-0187", "signed_on": "2024-06-28", "valid_from": "2024-10-01",
            "ongoing": true, "notice_months": 3, "notice_anchor": "end_of_quarter", "template": "K02",
            "procurement": {"form": "eu_tender"}, "value_expected_dkk": 24000000, "value_max_dkk": 30000000,
            "system_ids": [lon]}),
        "danish/d01_k02_driftskontrakt__lo-odt.pdf",
    )
    .await;
    let contract_id = id(&contract);
    assert_eq!(contract["in_force"], true, "{contract}");
    let tillaeg = json!({"kind": "addendum", "title": "Tillæg nr. 1 til kontrakt KK-2024-0187", "forvaltning": "ØKF",
        "addendum_number": 1, "changed_clauses": ["7.2", "12.2", "16.2"], "signed_on": "2025-03-03",
        "notice_months": 6, "notice_anchor": "end_of_month", "irrevocable_until": "2026-03-31"});
    let t1_file = corpus("danish/d03_tillaeg1_driftskontrakt__chromium.pdf");
    let (status, body) = server.upload(&tillaeg, &t1_file).await;
    assert_invalid(status, &body, "parent_id");
    let mut with_parent = tillaeg.clone();
    with_parent["parent_id"] = json!(contract_id);
    let t1 = upload_ok(
        &server,
        with_parent,
        "danish/d03_tillaeg1_driftskontrakt__chromium.pdf",
    )
    .await;
    assert_eq!(
        t1["supplier"]["cvr"], "38009877",
        "a tillæg takes its contract's supplier"
    );
    let bilag = upload_ok(
        &server,
        json!({"kind": "appendix", "title": "Bilag 4 – Servicemål og bod", "forvaltning": "ØKF",
            "parent_id": contract_id, "appendix_number": "4"}),
        "danish/d08_bilag4_servicemaal__lo-html.pdf",
    )
    .await;
    let dpa = upload_ok(
        &server,
        json!({"kind": "data_processing_agreement", "title": "Databehandleraftale", "forvaltning": "ØKF",
            "parent_id": contract_id}),
        "danish/d05_databehandleraftale__xelatex.pdf",
    )
    .await;
    // A tillæg must hang under a contract, and its number must be free.
    let t_file = corpus("danish/d04_tillaeg2_k03__pdflatex.pdf");
    let mut bad = tillaeg.clone();
    bad["parent_id"] = json!(id(&bilag));
    let (status, body) = server.upload(&bad, &t_file).await;
    assert_invalid(status, &body, "parent_id");
    bad["parent_id"] = json!(contract_id);
    let (status, body) = server.upload(&bad, &t_file).await;
    assert_invalid(status, &body, "addendum_number");
    let t3 = upload_ok(
        &server,
        json!({"kind": "addendum", "title": "Tillæg nr. 3", "forvaltning": "ØKF", "parent_id": contract_id,
            "addendum_number": 3, "signed_on": "2025-09-01"}),
        "danish/d04_tillaeg2_k03__pdflatex.pdf",
    )
    .await;

    // Corrections: audited, the file never changes, references stay right.
    let doc_path = format!("/api/v1/documents/{contract_id}");
    let (status, patched) = server
        .patch_json(&doc_path, &json!({"value_expected_dkk": 25000000}))
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["value_expected_dkk"], 25000000);
    assert_eq!(patched["sha256"], contract["sha256"]);
    let (status, body) = server.patch_json(&doc_path, &json!({"sha256": "00"})).await;
    assert_invalid(status, &body, "sha256");
    let (status, body) = server
        .patch_json(&doc_path, &json!({"kind": "appendix"}))
        .await;
    assert_invalid(status, &body, "contract_number");
    let (status, body) = server
        .patch_json(
            &format!("/api/v1/documents/{}", id(&t1)),
            &json!({"parent_id": id(&dpa)}),
        )
        .await;
    assert_invalid(status, &body, "parent_id");
    let (status, body) = server
        .patch_json(&doc_path, &json!({"doc_type": "architecture"}))
        .await;
    assert_invalid(status, &body, "doc_type");

    // The dossier: the family as a tree, tillæg in order, and the derived dates before and after tillæg 1.
    let (status, dossier) = server
        .get_json(&format!("/api/v1/systems/{lon}/dossier?as_of=2026-01-15"))
        .await;
    assert_eq!(status, 200, "{dossier}");
    let family = &dossier["families"][0];
    assert_eq!(dossier["families"].as_array().unwrap().len(), 1);
    assert_eq!(family["contract"]["id"], contract_id);
    let addenda: Vec<&str> = family["addenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(addenda, [id(&t1), id(&t3)]);
    assert_eq!(family["missing_addendum_numbers"], json!([2]));
    assert_eq!(family["appendices"][0]["id"], id(&bilag));
    assert_eq!(family["data_processing_agreements"][0]["id"], id(&dpa));
    assert_eq!(family["contract"]["in_force"], true);
    assert_eq!(
        family["contract"]["last_notice_day"], "2026-01-31",
        "6 months to a month's end after tillæg 1"
    );
    assert_eq!(family["addenda"][0]["in_force"], true);
    let flags = &dossier["flags"];
    assert_eq!(
        (
            flags["has_contract"].as_bool(),
            flags["contract_in_force"].as_bool()
        ),
        (Some(true), Some(true))
    );
    assert_eq!(flags["has_current_documentation"], false);
    assert_eq!(flags["addendum_missing"], true);
    let (_, early) = server
        .get_json(&format!("/api/v1/systems/{lon}/dossier?as_of=2025-01-15"))
        .await;
    assert_eq!(
        early["families"][0]["contract"]["last_notice_day"], "2025-03-31",
        "3 months to a quarter's end"
    );
    assert_eq!(
        early["families"][0]["addenda"][0]["in_force"], false,
        "tillæg 1 is not signed yet"
    );

    // Supplier overview.
    let (status, overview) = server.get_json("/api/v1/suppliers/38009877").await;
    assert_eq!(status, 200, "{overview}");
    assert_eq!(overview["supplier"]["name"], "Nordlys Drift A/S");
    assert_eq!(overview["contracts"].as_array().unwrap().len(), 1);
    assert_eq!(overview["contracts"][0]["contract"]["id"], contract_id);
    assert_eq!(overview["contracts"][0]["addenda"], 2);
    assert_eq!(overview["contracts"][0]["system_ids"], json!([lon]));
    assert_eq!(overview["contracts_in_force"], 1);
    assert_eq!(overview["forvaltninger"], json!(["ØKF"]));
    assert_eq!(overview["systems"][0]["id"], lon);

    // Reuse: BUF's administrative system could join ØKF's contract; a free-text need finds it too.
    let (status, reuse) = server
        .get_json(&format!("/api/v1/reuse?system={buf}"))
        .await;
    assert_eq!(status, 200, "{reuse}");
    assert_eq!(reuse["candidates"].as_array().unwrap().len(), 1, "{reuse}");
    let candidate = &reuse["candidates"][0];
    assert_eq!(candidate["contract"]["id"], contract_id);
    assert_eq!(candidate["reasons"], json!(["same_category"]));
    assert_eq!(candidate["could_join"], json!(["BUF"]));
    assert_eq!(candidate["systems"][0]["id"], lon);
    let (_, none) = server
        .get_json(&format!("/api/v1/reuse?system={lon}"))
        .await;
    assert_eq!(
        none["candidates"],
        json!([]),
        "its own forvaltning's contract is no reuse"
    );
    server.wait_indexed(&contract_id).await;
    let (status, text) = server
        .get_json(&format!(
            "/api/v1/reuse?q={}&forvaltning=SOF",
            enc("lønsystem drift")
        ))
        .await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(
        text["candidates"][0]["contract"]["id"], contract_id,
        "{text}"
    );
    assert_eq!(text["candidates"][0]["reasons"], json!(["text_match"]));
    assert_eq!(text["candidates"][0]["could_join"], json!(["SOF"]));

    // Compliance after the documentation is uploaded.
    let revised = today - Days::new(30);
    let due = today + Days::new(100);
    let documentation = upload_ok(
        &server,
        json!({"kind": "system_documentation", "title": "Systemteknisk dokumentation – Sagsflow Byg",
            "forvaltning": "TMF", "supplier": {"cvr": "27696589", "name": "Bølgeblå Systemer ApS"},
            "doc_type": "system_description", "version": "3.1", "signed_on": revised.to_string(),
            "next_revision_due": due.to_string(), "system_ids": [sag]}),
        "danish/d06_systemteknisk_sagsflow__groff-pdf.pdf",
    )
    .await;
    assert_eq!(
        (
            documentation["current"].as_bool(),
            documentation["stale"].as_bool()
        ),
        (Some(true), Some(false))
    );
    let (_, after) = server
        .get_json("/api/v1/reports/compliance?forvaltning=TMF")
        .await;
    assert_eq!(
        gaps(&after),
        [("system_without_contract".into(), sag.clone())]
    );
    let (_, stale) = server
        .get_json(&format!(
            "/api/v1/reports/compliance?forvaltning=TMF&as_of={}",
            due + Days::new(1)
        ))
        .await;
    assert!(
        gaps(&stale).contains(&("system_without_current_documentation".into(), sag.clone())),
        "{stale}"
    );
    let r = server
        .http
        .get(server.url("/api/v1/reports/compliance?forvaltning=TMF"))
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "rule,gap,forvaltning,system_id,system_name,document_id,document_title,detail"
    );
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1].starts_with(&format!(
            "5.1,system_without_contract,TMF,{sag},Sagsflow Byg,"
        )),
        "{csv}"
    );

    // ØKF: documentation missing; unlinking the contract opens two §5.1 gaps, and search follows the link.
    let (_, okf) = server
        .get_json("/api/v1/reports/compliance?forvaltning=%C3%98KF")
        .await;
    assert_eq!(
        gaps(&okf),
        [("system_without_current_documentation".into(), lon.clone())]
    );
    let link = format!("/api/v1/documents/{contract_id}/systems/{lon}");
    let system_search = format!("q=kontrakt&level=document&system={lon}");
    search_until(&server, &system_search, |ids| ids.contains(&contract_id)).await;
    assert_eq!(server.call(Method::DELETE, &link).await.0, 200);
    let (_, unlinked) = server
        .get_json("/api/v1/reports/compliance?forvaltning=%C3%98KF")
        .await;
    let found = gaps(&unlinked);
    assert!(
        found.contains(&("system_without_contract".into(), lon.clone())),
        "{unlinked}"
    );
    assert!(
        found.contains(&("contract_without_system".into(), contract_id.clone())),
        "{unlinked}"
    );
    search_until(&server, &system_search, |ids| !ids.contains(&contract_id)).await;
    let (status, relinked) = server.call(Method::PUT, &link).await;
    assert_eq!(
        (status, relinked["system_ids"].clone()),
        (200, json!([lon]))
    );
    search_until(&server, &system_search, |ids| ids.contains(&contract_id)).await;
    assert_eq!(
        server
            .call(Method::DELETE, &format!("/api/v1/systems/{lon}"))
            .await
            .0,
        409
    );

    check_deadlines(&server, &contract_id, &id(&documentation), today, due).await;
    check_export(
        &server,
        &lon,
        &contract_id,
        &[id(&t1), id(&t3), id(&bilag), id(&dpa)],
    )
    .await;
}

/// The radar in JSON and as an iCalendar feed, parsed.
async fn check_deadlines(
    server: &Server,
    contract_id: &str,
    documentation_id: &str,
    today: NaiveDate,
    due: NaiveDate,
) {
    // 6 months' notice to a month's end (tillæg 1): this month's last day is always the deadline.
    let notice_day = storage::rules::end_of_month(today);
    let (status, radar) = server.get_json("/api/v1/reports/deadlines?days=120").await;
    assert_eq!(status, 200, "{radar}");
    let found: Vec<(String, String, String)> = radar["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap().to_string();
            (s("date"), s("kind"), s("document_id"))
        })
        .collect();
    assert!(
        found.contains(&(
            notice_day.to_string(),
            "notice_deadline".into(),
            contract_id.into()
        )),
        "{radar}"
    );
    assert!(
        found.contains(&(
            due.to_string(),
            "revision_due".into(),
            documentation_id.into()
        )),
        "{radar}"
    );

    let r = server.get("/api/v1/reports/deadlines.ics").await;
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = r.text().await.unwrap();
    let calendar = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    let events: Vec<(String, String, String)> = calendar
        .events
        .iter()
        .map(|e| {
            let get = |name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            (get("DTSTART"), get("SUMMARY"), get("UID"))
        })
        .collect();
    let notice = events
        .iter()
        .find(|(_, _, uid)| uid.contains(contract_id) && uid.starts_with("notice_deadline"))
        .unwrap_or_else(|| panic!("no notice event in {events:?}"));
    assert_eq!(notice.0, notice_day.format("%Y%m%d").to_string());
    assert!(
        notice.1.contains("Kontrakt om it-drift af lønsystemet"),
        "{notice:?}"
    );
    let revision = events
        .iter()
        .find(|(_, _, uid)| uid.contains(documentation_id))
        .unwrap_or_else(|| panic!("no revision event in {events:?}"));
    assert_eq!(revision.0, due.format("%Y%m%d").to_string());
}

/// The export, from the API and from the command line (offline, from the catalog and the blobs), each
/// unzipped and validated with the Library of Congress `bagit` tool.
async fn check_export(server: &Server, system: &str, contract_id: &str, family: &[String]) {
    let r = server
        .get(&format!("/api/v1/systems/{system}/export"))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let dir = tempfile::tempdir().unwrap();
    let api_zip = dir.path().join("api.zip");
    std::fs::write(&api_zip, r.bytes().await.unwrap()).unwrap();
    check_bag(&api_zip, system, contract_id, family);

    let cli_zip = dir.path().join("cli.zip");
    let out = cli(
        server.data.path(),
        &["export", system, "--out", cli_zip.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "export: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_bag(&cli_zip, system, contract_id, family);
    // The command line's export is audited under its local actor.
    let (status, log) = server
        .call(Method::GET, "/api/v1/audit?action=system.export")
        .await;
    assert_eq!(status, 200, "{log}");
    assert!(
        log.as_array()
            .into_iter()
            .flatten()
            .any(|e| e["actor"].as_str().is_some_and(|a| a.starts_with("cli:"))),
        "no export by the command line in {log}"
    );
}

fn check_bag(zip_path: &std::path::Path, system: &str, contract_id: &str, family: &[String]) {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(zip_path)
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bag = std::fs::read_dir(dir.path().join("x"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    // `bagit` is installed by the test command (pip install bagit).
    let out = std::process::Command::new("python3")
        .args(["-c", "import bagit, sys; b = bagit.Bag(sys.argv[1]); b.validate(); print(b.info['External-Identifier'])"])
        .arg(&bag)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "bag invalid: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), system);
    let original = std::fs::read(corpus("danish/d01_k02_driftskontrakt__lo-odt.pdf")).unwrap();
    let data = bag.join("data");
    let stored = std::fs::read(data.join(format!(
        "documents/{contract_id}/d01_k02_driftskontrakt__lo-odt.pdf"
    )))
    .unwrap();
    assert_eq!(stored, original);
    for member in family {
        assert!(
            data.join(format!("documents/{member}/metadata.json"))
                .exists(),
            "{member} missing from the bag"
        );
    }
    let dossier: Value =
        serde_json::from_slice(&std::fs::read(data.join("dossier.json")).unwrap()).unwrap();
    assert_eq!(dossier["system"]["id"], system);
    let events: Value =
        serde_json::from_slice(&std::fs::read(data.join("audit-events.json")).unwrap()).unwrap();
    let correction = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "document.correct")
        .unwrap_or_else(|| panic!("no correction in {events}"));
    let details: Value = serde_json::from_str(correction["details"].as_str().unwrap()).unwrap();
    assert_eq!(
        details["changes"]["value_expected_dkk"],
        json!({"old": 24000000, "new": 25000000})
    );
}

//! Danish full-text search through the API.

use serde_json::{Value, json};

use crate::helpers::*;

/// Uploads d01 (ØKF, contract) and d05 (SUF, data processing agreement) and waits for both.
async fn two_documents(server: &Server) -> (String, String) {
    let (_, a) = server
        .upload(
            &contract("Driftskontrakt løn", "ØKF"),
            &corpus("danish/d01_k02_driftskontrakt__lo-odt.pdf"),
        )
        .await;
    let dpa = json!({"kind": "data_processing_agreement", "title": "Databehandleraftale", "forvaltning": "SUF",
        "supplier": {"cvr": "21513911", "name": "Havnefront Data A/S"}});
    let (_, b) = server
        .upload(&dpa, &corpus("danish/d05_databehandleraftale__xelatex.pdf"))
        .await;
    let (a, b) = (
        a["id"].as_str().unwrap().to_string(),
        b["id"].as_str().unwrap().to_string(),
    );
    assert_eq!(server.wait_indexed(&a).await["status"], "indexed");
    assert_eq!(server.wait_indexed(&b).await["status"], "indexed");
    (a, b)
}

fn hits(result: &Value) -> &Vec<Value> {
    result["hits"].as_array().unwrap()
}

#[tokio::test]
async fn stemmed_danish_words_are_found_with_snippet_clause_and_page() {
    let server = Server::start();
    let (contract_id, _) = two_documents(&server).await;
    let result = server.search(&format!("q={}", enc("ophæve"))).await;
    let first = &hits(&result)[0];
    assert_eq!(first["document_id"], contract_id.as_str());
    assert!(
        first["snippet"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("<mark>oph"),
        "{first}"
    );
    let clause = &first["clause"];
    assert!(
        clause["heading"]
            .as_str()
            .unwrap_or("")
            .contains("Ophævelse"),
        "{first}"
    );
    assert!(clause["page_from"].as_u64().unwrap() >= 2, "{first}");
    assert!(result["total"].as_u64().unwrap() >= 1);

    // Another inflection finds the same clause.
    let result = server.search(&format!("q={}", enc("ophævelsen"))).await;
    assert!(
        hits(&result)
            .iter()
            .any(|h| h["clause"]["heading"] == first["clause"]["heading"])
    );
}

#[tokio::test]
async fn filters_paging_and_document_level() {
    let server = Server::start();
    let (contract_id, dpa_id) = two_documents(&server).await;
    let all = server.search("q=kommune&limit=100").await;
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 4, "{all}");
    let ids: Vec<&str> = hits(&all)
        .iter()
        .map(|h| h["document_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&contract_id.as_str()) && ids.contains(&dpa_id.as_str()));

    let suf = server.search("q=kommune&forvaltning=SUF&limit=100").await;
    assert!(
        hits(&suf)
            .iter()
            .all(|h| h["document_id"] == dpa_id.as_str()),
        "{suf}"
    );
    let kind = server.search("q=kommune&kind=contract&limit=100").await;
    assert!(
        hits(&kind)
            .iter()
            .all(|h| h["document_id"] == contract_id.as_str())
    );
    assert_eq!(
        suf["total"].as_u64().unwrap() + kind["total"].as_u64().unwrap(),
        total
    );

    let page2 = server.search("q=kommune&limit=2&offset=2").await;
    assert_eq!(hits(&page2).len(), 2);
    assert_eq!(hits(&page2)[0]["snippet"], hits(&all)[2]["snippet"]);

    let docs = server.search("q=kommune&level=document").await;
    assert_eq!(docs["total"], 2, "{docs}");
}

#[tokio::test]
async fn bad_queries_and_parameters_are_400() {
    let server = Server::start();
    for q in [
        "q=%22unclosed",
        "q=(a",
        "q=a&kind=kontrakt",
        "q=a&limit=0",
        "q=a&level=page",
        "q=a&from=2024-13-01",
    ] {
        let r = server.get(&format!("/api/v1/search?{q}")).await;
        assert_eq!(r.status(), 400, "{q}");
        let body: Value = r.json().await.unwrap_or(Value::Null);
        // from=2024-13-01 is rejected by the query extractor before our handler; the rest answer our JSON.
        if !q.contains("from=") {
            assert!(
                !body["error"]["message"].as_str().unwrap_or("").is_empty(),
                "{q}: {body}"
            );
        }
    }
}

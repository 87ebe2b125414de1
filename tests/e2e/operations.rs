//! `reindex`, `verify`, and surviving `kill -9`.

use crate::helpers::*;

#[tokio::test]
async fn reindex_gives_the_same_hits() {
    let server = Server::start();
    for (f, file) in [
        ("ØKF", "danish/d01_k02_driftskontrakt__lo-odt.pdf"),
        ("KFF", "danish/d02_k03_standardsoftware__lo-docx.pdf"),
    ] {
        let (_, doc) = server.upload(&contract(file, f), &corpus(file)).await;
        server.wait_indexed(doc["id"].as_str().unwrap()).await;
    }
    let query = format!("q={}&limit=50", enc("ansvarsbegrænsning"));
    let before = server.search(&query).await;
    assert!(before["total"].as_u64().unwrap() >= 2);
    let data = server.kill();

    let out = cli(data.path(), &["reindex"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let server = Server::start_in(data, &[]);
    let after = server.search(&query).await;
    let key = |v: &serde_json::Value| -> Vec<(String, String)> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["document_id"].to_string(), h["snippet"].to_string()))
            .collect()
    };
    assert_eq!(before["total"], after["total"]);
    assert_eq!(key(&before), key(&after));
}

#[tokio::test]
async fn reindex_refuses_while_the_service_runs() {
    let server = Server::start();
    let file = "danish/d01_k02_driftskontrakt__lo-odt.pdf";
    let (_, doc) = server.upload(&contract(file, "ØKF"), &corpus(file)).await;
    server.wait_indexed(doc["id"].as_str().unwrap()).await;
    let query = format!("q={}", enc("ansvarsbegrænsning"));
    let before = server.search(&query).await;
    assert!(before["total"].as_u64().unwrap() >= 1);

    let out = cli(server.data.path(), &["reindex"]);
    assert!(!out.status.success(), "reindex ran beside the service");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("stop it first"), "{err}");
    // Nothing was wiped or reset under the service: it still finds the document, and indexes more.
    assert_eq!(server.search(&query).await["total"], before["total"]);
    let other = "danish/d02_k03_standardsoftware__lo-docx.pdf";
    let (_, doc) = server.upload(&contract(other, "KFF"), &corpus(other)).await;
    server.wait_indexed(doc["id"].as_str().unwrap()).await;
}

#[tokio::test]
async fn verify_names_a_blob_with_a_flipped_byte() {
    let server = Server::start();
    let (_, doc) = server
        .upload(
            &contract("A", "ØKF"),
            &corpus("danish/d06_systemteknisk_sagsflow__groff-pdf.pdf"),
        )
        .await;
    let (_, other) = server
        .upload(
            &contract("B", "ØKF"),
            &corpus("danish/d07_integrationsbeskrivelse_loen__groff-ps2pdf.pdf"),
        )
        .await;
    let data = server.kill();
    let ok = cli(data.path(), &["verify"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );

    let sha = doc["sha256"].as_str().unwrap();
    let path = data
        .path()
        .join(format!("blobs/sha256/{}/{}/{sha}", &sha[0..2], &sha[2..4]));
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[1000] ^= 0x01;
    std::fs::write(&path, bytes).unwrap();

    let bad = cli(data.path(), &["verify"]);
    let stdout = String::from_utf8_lossy(&bad.stdout);
    assert!(!bad.status.success());
    assert!(stdout.contains(&format!("CORRUPT {sha}")), "{stdout}");
    assert!(
        !stdout.contains(other["sha256"].as_str().unwrap()),
        "{stdout}"
    );

    std::fs::remove_file(&path).unwrap();
    let missing = cli(data.path(), &["verify"]);
    assert!(String::from_utf8_lossy(&missing.stdout).contains(&format!("MISSING {sha}")));
}

#[tokio::test]
async fn an_acknowledged_upload_survives_kill_9_and_gets_indexed_after_restart() {
    let server = Server::start();
    let (status, doc) = server
        .upload(
            &contract("Lige før nedbrud", "SOF"),
            &corpus("danish/d11_leveringsaftale_konsulent__lo-pdfa.pdf"),
        )
        .await;
    assert_eq!(status, 201);
    let data = server.kill();
    let server = Server::start_in(data, &[]);
    let id = doc["id"].as_str().unwrap();
    assert_eq!(server.wait_indexed(id).await["status"], "indexed");
    let r = server.get(&format!("/api/v1/documents/{id}/content")).await;
    assert_eq!(r.status(), 200);
    let hits = server.search(&format!("q={}", enc("konsulent"))).await;
    assert!(
        hits["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["document_id"] == id)
    );
}

#[tokio::test]
async fn a_lost_index_is_rebuilt_on_start() {
    let server = Server::start();
    let (_, doc) = server
        .upload(
            &contract("X", "ØKF"),
            &corpus("danish/d01_k02_driftskontrakt__lo-odt.pdf"),
        )
        .await;
    server.wait_indexed(doc["id"].as_str().unwrap()).await;
    let data = server.kill();
    std::fs::remove_dir_all(data.path().join("index")).unwrap();
    let server = Server::start_in(data, &[]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while server.search("q=ophævelse").await["total"] == 0 {
        assert!(std::time::Instant::now() < deadline, "index not rebuilt");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

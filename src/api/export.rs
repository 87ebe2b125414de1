//! The auditor's export of one system: a zipped BagIt bag with every document's original file, its metadata,
//! the dossier and the audit events, streamed as it is written.

use std::collections::BTreeMap;

use super::extract::{Path, Query};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::response::Response;
use futures::StreamExt;
use storage::bagit::{PayloadFile, Source, safe_name, write_bag};
use storage::model::Document;
use tokio::io::AsyncReadExt;

use super::auth::Caller;
use super::error::{ApiError, ErrorBody};
use super::params::AsOf;
use super::state::AppState;
use storage::access::Action;

/// How much of the bag may be written ahead of the client.
const PIPE_BYTES: usize = 256 << 10;

fn json(value: &impl serde::Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec_pretty(value).map_err(ApiError::internal)
}

/// The system's BagIt bag (RFC 8493) as a zip: `data/dossier.json`, `data/documents/<id>/` with the original
/// file and `metadata.json`, and `data/audit-events.json`; SHA-256 manifests for payload and tag files.
#[utoipa::path(get, path = "/api/v1/systems/{id}/export", operation_id = "export_system", params(("id" = String, Path, description = "system id"), AsOf),
    responses(
        (status = 200, description = "the bag, zipped", content_type = "application/zip"),
        (status = 404, description = "no such system", body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(as_of): Query<AsOf>,
) -> Result<Response, ApiError> {
    caller.gate(Action::Export)?;
    let dossier = super::systems::load_dossier(&state, &caller, &id, as_of).await?;
    let mut documents: BTreeMap<String, &Document> = BTreeMap::new();
    for family in &dossier.families {
        let members = std::iter::once(&family.contract)
            .chain(&family.addenda)
            .chain(&family.appendices)
            .chain(&family.data_processing_agreements);
        documents.extend(members.map(|d| (d.id.to_string(), d)));
    }
    documents.extend(
        dossier
            .documentation
            .iter()
            .chain(&dossier.other_documents)
            .map(|d| (d.id.to_string(), d)),
    );
    let mut events = state
        .catalog
        .audit_events(&format!("system/{}", dossier.system.id))
        .await?;
    let mut payload = vec![PayloadFile {
        path: "dossier.json".into(),
        source: Source::Bytes(json(&dossier)?),
    }];
    for (doc_id, doc) in &documents {
        events.extend(
            state
                .catalog
                .audit_events(&format!("document/{doc_id}"))
                .await?,
        );
        let file = safe_name(doc.file_name.as_deref().unwrap_or("original.pdf"));
        let file = if file == "metadata.json" {
            format!("original-{file}")
        } else {
            file
        };
        payload.push(PayloadFile {
            path: format!("documents/{doc_id}/{file}"),
            source: Source::Blob(doc.sha256),
        });
        payload.push(PayloadFile {
            path: format!("documents/{doc_id}/metadata.json"),
            source: Source::Bytes(json(doc)?),
        });
    }
    events.sort_by_key(|e| e.seq);
    payload.push(PayloadFile {
        path: "audit-events.json".into(),
        source: Source::Bytes(json(&events)?),
    });
    state
        .catalog
        .audit(
            caller.name(),
            "system.export",
            &format!("system/{}", dossier.system.id),
            serde_json::json!({"documents": documents.keys().collect::<Vec<_>>()}),
        )
        .await?;

    let name = format!(
        "{}-{}",
        safe_name(&dossier.system.id),
        dossier.as_of.format("%Y%m%d")
    );
    let info = [
        (
            "Source-Organization",
            "Københavns Kommune, Koncern IT".to_string(),
        ),
        ("External-Identifier", dossier.system.id.clone()),
        (
            "External-Description",
            format!(
                "Kontraktarkiv: contracts and documentation of {} ({})",
                dossier.system.name, dossier.system.id
            ),
        ),
        (
            "Bag-Software-Agent",
            format!("kontraktarkiv {}", env!("CARGO_PKG_VERSION")),
        ),
    ];
    let (reader, writer) = tokio::io::duplex(PIPE_BYTES);
    let (done_tx, done_rx) = tokio::sync::oneshot::channel();
    let blobs = state.blobs.clone();
    let bag_name = name.clone();
    tokio::spawn(async move {
        let info: Vec<(&str, String)> = info.iter().map(|(k, v)| (*k, v.clone())).collect();
        let result = write_bag(writer, &bag_name, &info, payload, &blobs).await;
        if let Err(e) = &result {
            tracing::error!(error = %e, "export failed while streaming");
        }
        let _ = done_tx.send(result);
    });
    let body = Body::from_stream(bag_stream(reader, done_rx));
    Ok(super::download::attachment(
        Response::new(body),
        "application/zip",
        &format!("{name}.zip"),
    ))
}

/// The pipe's bytes, then an error if writing the bag failed: the response then breaks off instead of ending
/// like a complete (but truncated) zip.
fn bag_stream(
    reader: tokio::io::DuplexStream,
    done: tokio::sync::oneshot::Receiver<storage::Result<()>>,
) -> impl futures::Stream<Item = std::io::Result<Bytes>> {
    let chunks = futures::stream::unfold(Some(reader), |reader| async move {
        let mut reader = reader?;
        let mut buf = vec![0u8; 64 << 10];
        match reader.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(reader)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    let outcome = futures::stream::once(async move {
        match done.await {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(Err(std::io::Error::other(e.to_string()))),
            Err(_) => Some(Err(std::io::Error::other("the export stopped"))),
        }
    })
    .filter_map(|x| async move { x });
    chunks.chain(outcome)
}

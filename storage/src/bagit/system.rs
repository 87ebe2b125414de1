//! What goes into the auditor's bag of one system, so that the HTTP export and the offline
//! `kontraktarkiv export` write the same bag: `data/dossier.json`, `data/documents/<id>/` with the original
//! file and `metadata.json`, and `data/audit-events.json` (the system's and its documents' events).
//!
//! Assembling reads only the catalog; the blobs are read while the bag is written, one chunk at a time.

use std::collections::BTreeMap;

use bytes::Bytes;
use futures::StreamExt;
use tokio::io::AsyncReadExt;

use super::{PayloadFile, Source, safe_name, write_bag_reporting};
use crate::blobs::BlobStore;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::model::Document;
use crate::views::Dossier;

/// How much of the bag may be written ahead of a slow reader (`into_stream`).
const PIPE_BYTES: usize = 256 << 10;

/// One system's bag, assembled and ready to write.
pub struct SystemBag {
    /// `<system id>-<YYYYMMDD of the dossier's day>`: the bag's top directory.
    pub name: String,
    /// bag-info.txt's own fields (`Bagging-Date` and `Payload-Oxum` are added when writing).
    pub info: Vec<(&'static str, String)>,
    pub payload: Vec<PayloadFile>,
    /// The documents in the bag, by id.
    pub document_ids: Vec<String>,
    /// The payload bytes the bag will hold, for a progress bar.
    pub payload_bytes: u64,
}

fn json(value: &impl serde::Serialize) -> Result<Vec<u8>> {
    Ok(serde_json::to_vec_pretty(value)?)
}

/// Every document of the dossier once, by id: family members, documentation versions and the rest.
fn documents(dossier: &Dossier) -> BTreeMap<String, &Document> {
    let mut documents = BTreeMap::new();
    for family in &dossier.families {
        let members = std::iter::once(&family.contract)
            .chain(&family.addenda)
            .chain(&family.appendices)
            .chain(&family.data_processing_agreements);
        documents.extend(members.map(|d| (d.id.to_string(), d)));
    }
    let rest = dossier.documentation.iter().chain(&dossier.other_documents);
    documents.extend(rest.map(|d| (d.id.to_string(), d)));
    documents
}

impl SystemBag {
    /// Assembles the bag of `dossier` and records the export in the audit log as `actor`'s (an export is a
    /// read that an auditor's trail must show). `agent` names the software in bag-info.txt
    /// (`kontraktarkiv 0.1.0`). The bag's audit events are those before this export.
    pub async fn export(
        catalog: &Catalog,
        dossier: &Dossier,
        actor: &str,
        agent: &str,
    ) -> Result<SystemBag> {
        let system = &dossier.system;
        let documents = documents(dossier);
        let mut events = catalog
            .audit_events(&format!("system/{}", system.id))
            .await?;
        let dossier_json = json(dossier)?;
        let mut payload_bytes = dossier_json.len() as u64;
        let mut payload = vec![PayloadFile {
            path: "dossier.json".into(),
            source: Source::Bytes(dossier_json),
        }];
        for (doc_id, doc) in &documents {
            events.extend(catalog.audit_events(&format!("document/{doc_id}")).await?);
            let file = safe_name(doc.file_name.as_deref().unwrap_or("original.pdf"));
            // The original must not overwrite the metadata file beside it.
            let file = if file == "metadata.json" {
                format!("original-{file}")
            } else {
                file
            };
            let metadata = json(doc)?;
            payload_bytes += doc.bytes + metadata.len() as u64;
            payload.push(PayloadFile {
                path: format!("documents/{doc_id}/{file}"),
                source: Source::Blob(doc.sha256),
            });
            payload.push(PayloadFile {
                path: format!("documents/{doc_id}/metadata.json"),
                source: Source::Bytes(metadata),
            });
        }
        events.sort_by_key(|e| e.seq);
        let events = json(&events)?;
        payload_bytes += events.len() as u64;
        payload.push(PayloadFile {
            path: "audit-events.json".into(),
            source: Source::Bytes(events),
        });
        let document_ids: Vec<String> = documents.into_keys().collect();
        catalog
            .audit(
                actor,
                "system.export",
                &format!("system/{}", system.id),
                serde_json::json!({ "documents": document_ids }),
            )
            .await?;
        let info = vec![
            (
                "Source-Organization",
                "Københavns Kommune, Koncern IT".to_string(),
            ),
            ("External-Identifier", system.id.clone()),
            (
                "External-Description",
                format!(
                    "Kontraktarkiv: contracts and documentation of {} ({})",
                    system.name, system.id
                ),
            ),
            ("Bag-Software-Agent", agent.to_string()),
        ];
        Ok(SystemBag {
            name: format!(
                "{}-{}",
                safe_name(&system.id),
                dossier.as_of.format("%Y%m%d")
            ),
            info,
            payload,
            document_ids,
            payload_bytes,
        })
    }

    /// The zip's file name: `<name>.zip`.
    pub fn zip_name(&self) -> String {
        format!("{}.zip", self.name)
    }

    /// Writes the bag as a zip into `out`; `progress(done, total)` hears of the payload bytes after every
    /// chunk (`total` is `payload_bytes`).
    pub async fn write<W>(
        self,
        out: W,
        blobs: &BlobStore,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<()>
    where
        W: tokio::io::AsyncWrite + Unpin,
    {
        let total = self.payload_bytes;
        let info: Vec<(&str, String)> = self.info.iter().map(|(k, v)| (*k, v.clone())).collect();
        let report = |done| progress(done, total);
        write_bag_reporting(out, &self.name, &info, self.payload, blobs, report).await
    }

    /// The zip as a stream of chunks, written by a task of its own: what an HTTP body streams. If writing
    /// fails (a blob gone or corrupt), the stream ends with an error instead of ending like a complete (but
    /// truncated) zip, so the client sees a broken download.
    pub fn into_stream(
        self,
        blobs: BlobStore,
    ) -> impl futures::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
        let (reader, writer) = tokio::io::duplex(PIPE_BYTES);
        let (done_tx, done_rx) = tokio::sync::oneshot::channel::<Result<()>>();
        tokio::spawn(async move {
            let result = self.write(writer, &blobs, |_, _| {}).await;
            if let Err(e) = &result {
                tracing::error!(error = %e, "export failed while streaming");
            }
            let _ = done_tx.send(result);
        });
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
            match done_rx.await {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(Err(std::io::Error::other(e.to_string()))),
                Err(_) => Some(Err(std::io::Error::other("the export stopped"))),
            }
        })
        .filter_map(|x| async move { x });
        chunks.chain(outcome)
    }
}

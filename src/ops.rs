//! Operations from the command line: `import`, `reindex`, `verify`.

use std::path::PathBuf;
use std::process::ExitCode;

use futures::StreamExt;
use index::SearchIndex;
use storage::catalog::Inserted;
use storage::{BlobStore, Catalog};

use crate::config::Config;
use crate::indexer::Indexer;
use crate::ingest::{IngestError, Upload, ingest, parse_metadata};
use crate::sandbox::SandboxLimits;

/// Who acts for the command line in the audit log.
pub fn local_actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Metadata JSON file applied to every PDF (as in the API's `metadata` part); `title` defaults to the
    /// file name.
    #[arg(long)]
    pub metadata: PathBuf,
    /// PDF files to import.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Stores PDFs as the API would; a running server's indexer picks them up, else the next `serve` does.
pub async fn import(config: Config, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let (catalog, blobs) = config.open_durable().await?;
    let actor = local_actor();
    let template: serde_json::Value = serde_json::from_slice(&std::fs::read(&args.metadata)?)?;
    let mut failures = 0;
    for (n, file) in args.files.iter().enumerate() {
        let result = import_one(&catalog, &blobs, &template, file, &actor).await;
        match result {
            Ok((verb, id)) => println!(
                "[{}/{}] {verb} {id} {}",
                n + 1,
                args.files.len(),
                file.display()
            ),
            Err(e) => {
                failures += 1;
                eprintln!(
                    "[{}/{}] FAILED {}: {e}",
                    n + 1,
                    args.files.len(),
                    file.display()
                );
            }
        }
    }
    // The head task runs every quarter second; a short command must not exit before it wrote.
    catalog.write_audit_head().await?;
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn import_one(
    catalog: &Catalog,
    blobs: &BlobStore,
    template: &serde_json::Value,
    file: &std::path::Path,
    actor: &str,
) -> anyhow::Result<(&'static str, String)> {
    let mut meta = template.clone();
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(obj) = meta.as_object_mut() {
        obj.entry("title")
            .or_insert(serde_json::Value::String(stem));
    }
    let metadata = parse_metadata(&serde_json::to_vec(&meta)?)?;
    let reader = tokio::fs::File::open(file).await?;
    let mut body = tokio_util::io::ReaderStream::with_capacity(reader, 1 << 20)
        .map(|chunk| chunk.map_err(|e| IngestError::Read(e.to_string())));
    let upload = Upload {
        metadata: &metadata,
        file_name: file.file_name().map(|s| s.to_string_lossy().into_owned()),
        max_bytes: u64::MAX,
        actor,
    };
    Ok(match ingest(catalog, blobs, upload, &mut body).await? {
        Inserted::Created(d) => ("stored", d.id.to_string()),
        Inserted::Existing(d) => ("already stored as", d.id.to_string()),
    })
}

/// Rebuilds the index from scratch: every document is extracted again from its blob and re-indexed.
pub async fn reindex(config: Config) -> anyhow::Result<ExitCode> {
    let (catalog, blobs) = config.open_durable().await?;
    let index = SearchIndex::recreate(&config.index_dir())?;
    catalog.clear_extractions().await?;
    catalog.reset_statuses().await?;
    let total = catalog.document_ids().await?.len();
    eprintln!("reindexing {total} documents …");
    let indexer = Indexer {
        catalog: catalog.clone(),
        blobs,
        index: index.clone(),
        limits: SandboxLimits::default(),
    };
    let mut writer = index.writer()?;
    indexer.drain(&mut writer).await?;
    eprintln!("done: {} documents in the index", index.num_documents());
    catalog.write_audit_head().await?;
    Ok(ExitCode::SUCCESS)
}

/// Re-hashes every blob the catalog names; names each missing or corrupt one.
pub async fn verify(config: Config) -> anyhow::Result<ExitCode> {
    let (catalog, blobs) = config.open_durable().await?;
    let hashes = catalog.blob_hashes().await?;
    let mut bad = 0;
    for sha in &hashes {
        match blobs.verify(sha).await {
            Ok(()) => {}
            Err(storage::Error::NotFound(_)) => {
                bad += 1;
                println!("MISSING {sha}");
            }
            Err(storage::Error::Corrupt { actual, .. }) => {
                bad += 1;
                println!("CORRUPT {sha} (its bytes hash to {actual})");
            }
            Err(e) => return Err(e.into()),
        }
    }
    println!(
        "{} blobs checked, {} ok, {bad} missing or corrupt",
        hashes.len(),
        hashes.len() - bad
    );
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Walks the audit chain and compares it with the head file; names the first bad event.
pub async fn verify_audit(config: Config) -> anyhow::Result<ExitCode> {
    // Opened without the head keeper: checking must never move the head it checks against.
    let catalog = Catalog::open(&config.catalog_path()).await?;
    let check = catalog
        .verify_audit(Some(&config.audit_head_path()))
        .await?;
    match &check.first_bad {
        None => {
            println!(
                "audit chain ok: {} events, head {} {}",
                check.events, check.head.seq, check.head.hash
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(bad) => {
            println!("audit chain BROKEN at event {}: {}", bad.seq, bad.reason);
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Writes the auditor's bag of one system to `out`, from the catalog and the blobs, without a running
/// service; a progress bar follows the payload bytes. The file appears only when complete.
pub async fn export(
    config: Config,
    system_id: &str,
    out: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let (catalog, blobs) = config.open_durable().await?;
    let ctx = storage::views::Context {
        today: chrono::Utc::now().date_naive(),
        stale_after_months: 12,
    };
    let dossier = catalog.dossier(system_id, &ctx).await?;
    let agent = concat!("kontraktarkiv ", env!("CARGO_PKG_VERSION"));
    let bag = storage::bagit::system::SystemBag::export(&catalog, &dossier, &local_actor(), agent)
        .await?;
    let bar = indicatif::ProgressBar::new(bag.payload_bytes).with_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")?
            .progress_chars("=> "),
    );
    bar.set_message(format!("{system_id}: {} documents", bag.document_ids.len()));
    let part = out.with_extension("zip.part");
    let file = tokio::fs::File::create(&part).await?;
    let written = bag
        .write(file, &blobs, |done, _| bar.set_position(done))
        .await;
    if let Err(e) = written {
        let _ = tokio::fs::remove_file(&part).await;
        return Err(e.into());
    }
    std::fs::File::open(&part)?.sync_all()?;
    std::fs::rename(&part, out)?;
    bar.finish_and_clear();
    catalog.write_audit_head().await?;
    println!("wrote {}", out.display());
    Ok(ExitCode::SUCCESS)
}

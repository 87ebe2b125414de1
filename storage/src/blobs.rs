//! Content-addressed blob store over `object_store`.
//!
//! An upload is streamed into a staging file while it is hashed; only then is its name (the SHA-256) known,
//! and it is copied into the store under `sha256/<2 hex>/<2 hex>/<64 hex>`. Writing a key that already exists
//! counts as success: same key, same bytes. Nothing here holds a whole file in memory.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt};
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutPayload, WriteMultipart};
use sha2::Digest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::error::{Error, Result};
use crate::ids::Sha256;

/// How many leading bytes are kept for magic-number checks (PDF allows its header anywhere in the first 1 KiB).
const HEAD_BYTES: usize = 1024;

/// Files at most this large go to the store in one request; larger ones in parts of this size.
const PART_BYTES: usize = 4 << 20;

/// Where blobs live, and the local directory where uploads are staged before they have a name.
#[derive(Clone)]
pub struct BlobStore {
    store: Arc<dyn ObjectStore>,
    staging_dir: PathBuf,
    url: String,
}

impl BlobStore {
    /// Opens the store named by `url` (`file:///abs/dir`, `memory://`, and with the `cloud` feature `s3://…`,
    /// `az://…`); uploads are staged under `staging_dir`.
    pub fn open(url: &str, staging_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(staging_dir)?;
        let store: Arc<dyn ObjectStore> = if let Some(dir) = url.strip_prefix("file://") {
            // object_store::parse_url would root a file URL at `/`; root it at the directory instead.
            std::fs::create_dir_all(dir)?;
            Arc::new(LocalFileSystem::new_with_prefix(dir)?.with_fsync(true))
        } else if url.starts_with("memory://") {
            Arc::new(InMemory::new())
        } else {
            remote_store(url)?
        };
        Ok(BlobStore {
            store,
            staging_dir: staging_dir.to_path_buf(),
            url: url.to_string(),
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Starts staging a new upload.
    pub async fn stage(&self) -> Result<Staging> {
        let temp = tempfile::Builder::new()
            .prefix("upload-")
            .suffix(".tmp")
            .tempfile_in(&self.staging_dir)?;
        let (file, path) = temp.into_parts();
        Ok(Staging {
            file: tokio::fs::File::from_std(file),
            path,
            hasher: sha2::Sha256::new(),
            bytes: 0,
            head: Vec::with_capacity(HEAD_BYTES),
        })
    }

    /// Copies a staged file into the store under its hash. Idempotent.
    pub async fn put(&self, staged: &StagedFile) -> Result<()> {
        let key = key(&staged.sha256);
        if self.exists(&staged.sha256).await? {
            return Ok(());
        }
        let mut file = tokio::fs::File::open(&staged.path).await?;
        if staged.bytes as usize <= PART_BYTES {
            let mut buf = Vec::with_capacity(staged.bytes as usize);
            file.read_to_end(&mut buf).await?;
            return match self
                .store
                .put_opts(&key, PutPayload::from(buf), PutMode::Create.into())
                .await
            {
                Ok(_) | Err(object_store::Error::AlreadyExists { .. }) => Ok(()),
                Err(e) => Err(e.into()),
            };
        }
        let upload = self.store.put_multipart(&key).await?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut buf = vec![0u8; PART_BYTES];
        loop {
            let n = file.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            writer.wait_for_capacity(1).await?;
            writer.write(&buf[..n]);
        }
        writer.finish().await?;
        Ok(())
    }

    pub async fn exists(&self, sha: &Sha256) -> Result<bool> {
        match self.store.head(&key(sha)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The blob's bytes as a stream (not verified; see [`BlobStore::verify`]).
    pub async fn get(&self, sha: &Sha256) -> Result<BoxStream<'static, Result<Bytes>>> {
        match self.store.get(&key(sha)).await {
            Ok(r) => Ok(r.into_stream().map(|c| c.map_err(Error::from)).boxed()),
            Err(object_store::Error::NotFound { .. }) => {
                Err(Error::NotFound(format!("blob {sha}")))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Copies the blob into a local temporary file, checking its hash on the way.
    pub async fn fetch_verified(&self, sha: &Sha256) -> Result<tempfile::TempPath> {
        let mut staging = self.stage().await?;
        let mut stream = self.get(sha).await?;
        while let Some(chunk) = stream.next().await {
            staging.write(&chunk?).await?;
        }
        let staged = staging.finish().await?;
        if staged.sha256 != *sha {
            return Err(Error::Corrupt {
                expected: sha.to_hex(),
                actual: staged.sha256.to_hex(),
            });
        }
        Ok(staged.path)
    }

    /// Re-hashes a stored blob: `NotFound` if missing, `Corrupt` if its bytes changed.
    pub async fn verify(&self, sha: &Sha256) -> Result<()> {
        let mut stream = self.get(sha).await?;
        let mut hasher = sha2::Sha256::new();
        while let Some(chunk) = stream.next().await {
            hasher.update(&chunk?);
        }
        let actual = Sha256::from_bytes(hasher.finalize().into());
        if actual != *sha {
            return Err(Error::Corrupt {
                expected: sha.to_hex(),
                actual: actual.to_hex(),
            });
        }
        Ok(())
    }
}

/// The object key of a blob.
fn key(sha: &Sha256) -> StorePath {
    let hex = sha.to_hex();
    StorePath::from(format!("sha256/{}/{}/{}", &hex[0..2], &hex[2..4], hex))
}

#[cfg(feature = "cloud")]
fn remote_store(url: &str) -> Result<Arc<dyn ObjectStore>> {
    let parsed = url::Url::parse(url).map_err(|e| Error::invalid("storage_url", e.to_string()))?;
    // Credentials and region come from the usual AWS_* / AZURE_* environment variables.
    let (store, prefix) = object_store::parse_url_opts(&parsed, std::env::vars())?;
    Ok(Arc::new(object_store::prefix::PrefixStore::new(
        store, prefix,
    )))
}

#[cfg(not(feature = "cloud"))]
fn remote_store(url: &str) -> Result<Arc<dyn ObjectStore>> {
    Err(Error::invalid(
        "storage_url",
        format!(
            "{url}: this build knows file:// and memory://; build with `--features cloud` for s3:// and az://"
        ),
    ))
}

/// An upload being written to a staging file and hashed at the same time.
pub struct Staging {
    file: tokio::fs::File,
    path: tempfile::TempPath,
    hasher: sha2::Sha256,
    bytes: u64,
    head: Vec<u8>,
}

impl Staging {
    pub async fn write(&mut self, chunk: &[u8]) -> Result<()> {
        if self.head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.bytes += chunk.len() as u64;
        self.file.write_all(chunk).await?;
        Ok(())
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The first bytes written, for magic-number checks.
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    pub async fn finish(mut self) -> Result<StagedFile> {
        self.file.flush().await?;
        self.file.sync_all().await?;
        Ok(StagedFile {
            sha256: Sha256::from_bytes(self.hasher.finalize().into()),
            bytes: self.bytes,
            path: self.path,
            head: self.head,
        })
    }
}

/// A fully written, hashed staging file; removed from disk when dropped.
pub struct StagedFile {
    pub sha256: Sha256,
    pub bytes: u64,
    pub path: tempfile::TempPath,
    /// The first bytes of the file (at most 1 KiB).
    pub head: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn stage_bytes(store: &BlobStore, data: &[u8]) -> StagedFile {
        let mut s = store.stage().await.unwrap();
        for chunk in data.chunks(1000) {
            s.write(chunk).await.unwrap();
        }
        s.finish().await.unwrap()
    }

    #[tokio::test]
    async fn put_is_idempotent_and_verifiable() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("file://{}", dir.path().join("blobs").display());
        let store = BlobStore::open(&url, &dir.path().join("tmp")).unwrap();
        let data: Vec<u8> = (0..(PART_BYTES * 2 + 17))
            .map(|i| (i % 251) as u8)
            .collect();
        let staged = stage_bytes(&store, &data).await;
        store.put(&staged).await.unwrap();
        store.put(&staged).await.unwrap();
        store.verify(&staged.sha256).await.unwrap();
        let hex = staged.sha256.to_hex();
        let on_disk = dir
            .path()
            .join("blobs/sha256")
            .join(&hex[0..2])
            .join(&hex[2..4])
            .join(&hex);
        assert_eq!(std::fs::read(&on_disk).unwrap(), data);

        let mut bytes = std::fs::read(&on_disk).unwrap();
        bytes[5] ^= 1;
        std::fs::write(&on_disk, bytes).unwrap();
        assert!(matches!(
            store.verify(&staged.sha256).await,
            Err(Error::Corrupt { .. })
        ));
    }

    #[tokio::test]
    async fn memory_store_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::open("memory://", dir.path()).unwrap();
        let mut staging = store.stage().await.unwrap();
        staging.write(b"%PDF-1.4 hello").await.unwrap();
        assert_eq!(staging.head(), b"%PDF-1.4 hello");
        let staged = staging.finish().await.unwrap();
        store.put(&staged).await.unwrap();
        assert!(store.exists(&staged.sha256).await.unwrap());
        let missing: Sha256 = "00".repeat(32).parse().unwrap();
        assert!(matches!(
            store.verify(&missing).await,
            Err(Error::NotFound(_))
        ));
    }
}

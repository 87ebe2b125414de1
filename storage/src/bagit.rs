//! The auditor's export: a BagIt bag (RFC 8493, version 1.0) with SHA-256 manifests, written as a zip
//! stream. Payload files go out one chunk at a time while being hashed; only the small tag files (manifests,
//! bag-info) are built in memory, after the payload, since the zip format allows any order. A blob whose
//! bytes no longer hash to its name aborts the bag: a bag that verifies must be true.
//!
//! - this file: the bag format (any payload list → a zip);
//! - `system`: what goes into one system's bag ([`system::SystemBag`]), shared by the API and the offline
//!   export; it uses this module, never the other way round.

pub mod system;
#[cfg(test)]
mod tests;

use async_zip::base::write::ZipFileWriter;
use async_zip::{Compression, ZipEntryBuilder};
use futures::{AsyncWriteExt, StreamExt};
use sha2::{Digest, Sha256 as Hasher};

use crate::blobs::BlobStore;
use crate::error::{Error, Result};
use crate::ids::Sha256;

/// Where a payload file's bytes come from.
pub enum Source {
    Bytes(Vec<u8>),
    /// A blob of the store, verified against its name while it streams.
    Blob(Sha256),
}

/// A payload file, its path relative to `data/`.
pub struct PayloadFile {
    pub path: String,
    pub source: Source,
}

fn zip_error(e: async_zip::error::ZipError) -> Error {
    Error::Io(std::io::Error::other(e))
}

/// RFC 8493 §2.1.3: in manifests, CR, LF and `%` of a path are percent-encoded.
fn manifest_path(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A path component safe in any file system and zip reader.
pub fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_start_matches('.');
    match trimmed {
        "" => "file".to_string(),
        t => t.chars().take(120).collect(),
    }
}

/// Writes the bag `name/` (bagit.txt, bag-info.txt, data/…, manifest-sha256.txt, tagmanifest-sha256.txt)
/// as a zip into `out`. `info` are bag-info.txt's own fields; `Payload-Oxum` and `Bagging-Date` are added.
pub async fn write_bag<W>(
    out: W,
    name: &str,
    info: &[(&str, String)],
    payload: Vec<PayloadFile>,
    blobs: &BlobStore,
) -> Result<()>
where
    W: tokio::io::AsyncWrite + Unpin,
{
    write_bag_reporting(out, name, info, payload, blobs, |_| {}).await
}

/// `write_bag`, telling `progress` the payload bytes written so far after every chunk.
pub async fn write_bag_reporting<W>(
    out: W,
    name: &str,
    info: &[(&str, String)],
    payload: Vec<PayloadFile>,
    blobs: &BlobStore,
    mut progress: impl FnMut(u64),
) -> Result<()>
where
    W: tokio::io::AsyncWrite + Unpin,
{
    let mut zip = ZipFileWriter::with_tokio(out);
    let mut manifest = String::new();
    let (mut octets, mut count) = (0u64, 0u64);
    for file in payload {
        let entry = ZipEntryBuilder::new(
            format!("{name}/data/{}", file.path).into(),
            Compression::Deflate,
        );
        let mut writer = zip.write_entry_stream(entry).await.map_err(zip_error)?;
        let mut hasher = Hasher::new();
        match file.source {
            Source::Bytes(bytes) => {
                hasher.update(&bytes);
                writer.write_all(&bytes).await?;
                octets += bytes.len() as u64;
                progress(octets);
            }
            Source::Blob(sha) => {
                let mut stream = blobs.get(&sha).await?;
                while let Some(chunk) = stream.next().await {
                    let chunk = chunk?;
                    hasher.update(&chunk);
                    writer.write_all(&chunk).await?;
                    octets += chunk.len() as u64;
                    progress(octets);
                }
                let actual = hex::encode(hasher.clone().finalize());
                if actual != sha.to_hex() {
                    return Err(Error::Corrupt {
                        expected: sha.to_hex(),
                        actual,
                    });
                }
            }
        }
        writer.close().await.map_err(zip_error)?;
        count += 1;
        manifest.push_str(&format!(
            "{}  data/{}\n",
            hex::encode(hasher.finalize()),
            manifest_path(&file.path)
        ));
    }
    let bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_string();
    let mut bag_info = String::new();
    for (label, value) in info {
        let value: String = value
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        bag_info.push_str(&format!("{label}: {value}\n"));
    }
    bag_info.push_str(&format!(
        "Bagging-Date: {}\nPayload-Oxum: {octets}.{count}\n",
        chrono::Utc::now().date_naive()
    ));
    let mut tag_manifest = String::new();
    for (file, text) in [
        ("bagit.txt", &bagit),
        ("bag-info.txt", &bag_info),
        ("manifest-sha256.txt", &manifest),
    ] {
        tag_manifest.push_str(&format!(
            "{}  {file}\n",
            hex::encode(Hasher::digest(text.as_bytes()))
        ));
        let entry = ZipEntryBuilder::new(format!("{name}/{file}").into(), Compression::Deflate);
        zip.write_entry_whole(entry, text.as_bytes())
            .await
            .map_err(zip_error)?;
    }
    let entry = ZipEntryBuilder::new(
        format!("{name}/tagmanifest-sha256.txt").into(),
        Compression::Deflate,
    );
    zip.write_entry_whole(entry, tag_manifest.as_bytes())
        .await
        .map_err(zip_error)?;
    let mut out = zip.close().await.map_err(zip_error)?;
    futures::AsyncWriteExt::close(&mut out).await?;
    Ok(())
}

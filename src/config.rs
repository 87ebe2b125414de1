//! Resolved configuration and opening the three stores. A leaf: it knows the storage and index crates, and
//! nothing else of this service, so every subcommand and the HTTP layer can use it without import circles.

use std::path::PathBuf;

use index::SearchIndex;
use storage::{BlobStore, Catalog};

/// Where everything lives, shared by all subcommands.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub storage_url: String,
}

/// The catalog, the blob store and the search index, opened together.
#[derive(Clone)]
pub struct Stores {
    pub catalog: Catalog,
    pub blobs: BlobStore,
    pub index: SearchIndex,
}

impl Config {
    /// Creates the data directory if needed; the blobs default to `<data-dir>/blobs`.
    pub fn new(data_dir: &std::path::Path, storage_url: Option<String>) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_dir)?;
        let data_dir = std::fs::canonicalize(data_dir)?;
        let storage_url =
            storage_url.unwrap_or_else(|| format!("file://{}", data_dir.join("blobs").display()));
        Ok(Config {
            data_dir,
            storage_url,
        })
    }

    pub fn catalog_path(&self) -> PathBuf {
        self.data_dir.join("catalog.sqlite")
    }
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }
    pub fn staging_dir(&self) -> PathBuf {
        self.data_dir.join("tmp")
    }
    /// The audit chain's head lives outside the catalog, so cutting off the newest events shows.
    pub fn audit_head_path(&self) -> PathBuf {
        self.data_dir.join("audit-head.json")
    }

    /// Opens the catalog and the blob store (everything but the index); the catalog keeps the audit
    /// chain's head file current.
    pub async fn open_durable(&self) -> anyhow::Result<(Catalog, BlobStore)> {
        let mut catalog = Catalog::open(&self.catalog_path()).await?;
        catalog.keep_audit_head(self.audit_head_path());
        let blobs = BlobStore::open(&self.storage_url, &self.staging_dir())?;
        Ok((catalog, blobs))
    }

    /// Opens all three. A changed index schema means a rebuild, never a crash: the fresh index is empty
    /// and the indexer replays the whole job log into it.
    pub async fn open(&self) -> anyhow::Result<Stores> {
        let (catalog, blobs) = self.open_durable().await?;
        let index = match SearchIndex::open(&self.index_dir()) {
            Err(index::Error::SchemaVersion { found, expected }) => {
                tracing::warn!(%found, %expected, "search index schema changed; rebuilding it from the catalog");
                SearchIndex::recreate(&self.index_dir())?
            }
            other => other?,
        };
        index.set_vocabulary(vocabulary());
        index::language::install(&language_files());
        Ok(Stores {
            catalog,
            blobs,
            index,
        })
    }
}

/// The words of `type:` and `forvaltning:` in a query, from the one place they are defined
/// (`storage::model`); the index's parser knows no vocabulary of its own.
fn vocabulary() -> index::Vocabulary {
    use storage::model::{DocumentKind, Forvaltning};
    // The parser names an entry by its first alias in its error message: the Danish word, not the code.
    let entry = |code: &str, aliases: &[&'static str]| index::VocabEntry {
        code: code.to_string(),
        aliases: aliases
            .iter()
            .filter(|a| **a != code)
            .map(|a| a.to_string())
            .collect(),
    };
    index::Vocabulary {
        kinds: DocumentKind::ALL
            .iter()
            .map(|k| entry(k.as_str(), k.search_aliases()))
            .collect(),
        forvaltninger: Forvaltning::ALL
            .iter()
            .map(|f| index::VocabEntry {
                code: f.as_str().to_string(),
                // Codes are matched folded (ØKF also as OEKF/OKF); the aliases add nothing to list.
                aliases: Vec::new(),
            })
            .collect(),
    }
}

/// The Danish dictionary and thesaurus: Debian's paths, or `KONTRAKTARKIV_HUNSPELL_AFF` (the `.aff`
/// file, its `.dic` beside it) and `KONTRAKTARKIV_THESAURUS_DAT` (the MyThes `.dat` file); an empty
/// value switches that resource off. A missing file is a warning, never an error: search then works
/// from the index's own vocabulary.
fn language_files() -> index::LanguageFiles {
    let path = |var: &str, default: Option<std::path::PathBuf>| match std::env::var_os(var) {
        Some(v) if v.is_empty() => None,
        Some(v) => Some(PathBuf::from(v)),
        None => default,
    };
    let d = index::LanguageFiles::default();
    index::LanguageFiles {
        hunspell_aff: path("KONTRAKTARKIV_HUNSPELL_AFF", d.hunspell_aff),
        thesaurus_dat: path("KONTRAKTARKIV_THESAURUS_DAT", d.thesaurus_dat),
    }
}

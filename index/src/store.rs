//! [`SearchIndex`]: opening, creating and versioning the index directory, and the shared reader.
//!
//! The reader is reloaded by the [`Writer`] after each commit (ReloadPolicy::Manual): the API sees its
//! own writes at once, and no file watcher thread is needed.

use std::path::Path;
use std::sync::{Arc, RwLock, Weak};

use tantivy::collector::Count;
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, DirectoryLock, INDEX_WRITER_LOCK, MmapDirectory};
use tantivy::indexer::LogMergePolicy;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, ReloadPolicy, Term, Warmer};

use crate::facets::TableCache;
use crate::query::Vocabulary;
use crate::schema::{self, ENTRY_DOCUMENT, Fields, SCHEMA_VERSION, VERSION_FILE};
use crate::writer::{Payload, Writer};
use crate::{Error, Result, analysis};

/// Memory the indexing threads may use together before they flush segments. Larger segments mean fewer
/// merges: on the benchmark's 2M clauses, 160 MB took 136 s with a peak RSS of 1.2 GB (mostly index
/// files mapped by merges), 400 MB 122 s and 585 MB, 600 MB 106 s but 940 MB of heap. Memory is taken
/// as entries arrive, and every commit releases it.
const WRITER_MEMORY: usize = 400_000_000;
/// Segments with more entries than this are not merged further. Merging rewrites every entry of the
/// merged segments, so one more level of merging over millions of entries cost more time (and memory)
/// than the few extra segments cost a search.
const MAX_MERGE_DOCS: usize = 100_000;
/// Most indexing threads (each document goes to one thread as one batch, see `Writer::upsert_clauses`).
const MAX_WRITER_THREADS: usize = 4;

/// tantivy's writer lock on the index in `dir`, or an error that says who may hold it.
fn writer_lock(dir: &Path) -> Result<DirectoryLock> {
    let directory = MmapDirectory::open(dir).map_err(|e| Error::Other(e.to_string()))?;
    directory
        .acquire_lock(&INDEX_WRITER_LOCK)
        .map_err(|e| match e {
            LockError::LockBusy => Error::Other(format!(
                "the search index in {} is in use, most likely by a running `kontraktarkiv serve`; \
                 stop it first",
                dir.display()
            )),
            LockError::IoError(io) => Error::Other(format!("locking the search index: {io}")),
        })
}

/// The search index; cheap to clone, shared by HTTP handlers.
#[derive(Clone)]
pub struct SearchIndex {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// Per-segment facet tables of the searches (see `facets`).
    pub tables: Arc<TableCache>,
    /// Per-segment sets of repeated filters (the permission scope).
    pub filters: Arc<crate::filter_cache::FilterCache>,
    /// The values of `type:` and `forvaltning:` (the catalog's, handed in by the service).
    pub vocabulary: RwLock<Arc<Vocabulary>>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it if absent. A different schema version on disk is
    /// `Error::SchemaVersion` (the caller rebuilds with [`SearchIndex::recreate`]).
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir)?;
        let version_path = dir.join(VERSION_FILE);
        let (schema, fields) = schema::build();
        let index = if dir.join("meta.json").exists() {
            let found = std::fs::read_to_string(&version_path)
                .map(|s| s.trim().to_string())
                .unwrap_or_default();
            if found != SCHEMA_VERSION {
                let found = if found.is_empty() {
                    "none".to_string()
                } else {
                    found
                };
                return Err(Error::SchemaVersion {
                    found,
                    expected: SCHEMA_VERSION.to_string(),
                });
            }
            let index = Index::open_in_dir(dir)?;
            if index.schema() != schema {
                return Err(Error::SchemaVersion {
                    found: format!("{SCHEMA_VERSION} (different fields)"),
                    expected: SCHEMA_VERSION.to_string(),
                });
            }
            index
        } else {
            let index = Index::create_in_dir(dir, schema)?;
            std::fs::write(&version_path, format!("{SCHEMA_VERSION}\n"))?;
            index
        };
        Self::from_index(index, fields)
    }

    /// Wipes the index in `dir` and creates an empty one. Refuses to wipe a directory that holds
    /// anything but an index, or an index a running service writes to.
    pub fn recreate(dir: &Path) -> Result<SearchIndex> {
        if dir.exists() {
            let is_index = dir.join("meta.json").exists() || dir.join(VERSION_FILE).exists();
            let empty = std::fs::read_dir(dir)?.next().is_none();
            if !is_index && !empty {
                return Err(Error::Other(format!(
                    "{} is not empty and holds no search index; refusing to wipe it",
                    dir.display()
                )));
            }
            // A running service holds the writer's lock for its whole life: wiping the directory
            // under it would leave two writers on one index, so a rebuild waits until it is stopped.
            let _lock = if dir.join("meta.json").exists() {
                Some(writer_lock(dir)?)
            } else {
                None
            };
            std::fs::remove_dir_all(dir)?;
        }
        Self::open(dir)
    }

    /// An index in memory (tests, benchmarks).
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, fields) = schema::build();
        Self::from_index(Index::create_in_ram(schema), fields)
    }

    fn from_index(index: Index, fields: Fields) -> Result<SearchIndex> {
        analysis::register(&index);
        let tables = Arc::new(TableCache::default());
        let warmer: Weak<dyn Warmer> = Arc::downgrade(&tables) as Weak<dyn Warmer>;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .warmers(vec![warmer])
            .try_into()?;
        Ok(SearchIndex {
            inner: Arc::new(Inner {
                index,
                reader,
                fields,
                tables,
                filters: Arc::default(),
                vocabulary: RwLock::new(Arc::new(Vocabulary::default())),
            }),
        })
    }

    /// Sets the values `type:` and `forvaltning:` accept (and list in their error messages). Until it
    /// is called, [`Vocabulary::default`] applies.
    pub fn set_vocabulary(&self, vocabulary: Vocabulary) {
        let mut v = self
            .inner
            .vocabulary
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *v = Arc::new(vocabulary);
    }

    /// The vocabulary in force (see [`SearchIndex::set_vocabulary`]).
    pub fn vocabulary(&self) -> Arc<Vocabulary> {
        self.inner
            .vocabulary
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The index writer. Only one lives at a time (tantivy holds a lock file); a second call while
    /// one exists is an error.
    pub fn writer(&self) -> Result<Writer> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, MAX_WRITER_THREADS);
        let w = self
            .inner
            .index
            .writer_with_num_threads(threads, WRITER_MEMORY)?;
        let mut policy = LogMergePolicy::default();
        policy.set_max_docs_before_merge(MAX_MERGE_DOCS);
        w.set_merge_policy(Box::new(policy));
        Ok(Writer::new(w, self.inner.reader.clone(), self.inner.fields))
    }

    /// The job id stored with the last commit.
    pub fn last_job_id(&self) -> Result<Option<i64>> {
        let metas = self.inner.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<Payload>(p).ok())
            .map(|p| p.last_job_id))
    }

    /// Document entries (not clauses) visible to the reader.
    pub fn num_documents(&self) -> u64 {
        let q = TermQuery::new(
            Term::from_field_u64(self.inner.fields.entry, ENTRY_DOCUMENT),
            IndexRecordOption::Basic,
        );
        self.inner
            .reader
            .searcher()
            .search(&q, &Count)
            .map_or(0, |n| n as u64)
    }

    /// The tantivy index (benchmarks compare against raw tantivy queries on it).
    pub fn tantivy_index(&self) -> &Index {
        &self.inner.index
    }
}

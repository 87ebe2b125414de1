//! Everything durable: the content-addressed blob store and the catalog (metadata database).
//!
//! - [`ids`]: newtypes parsed at the edge (`Sha256`, `DocumentId`, `Cvr`).
//! - [`model`]: domain types and vocabularies (`DocumentKind`, `Forvaltning`, `Document`, …).
//! - [`blobs`]: stream → SHA-256 → object store under `sha256/ab/cd/<hex>`; verification.
//! - [`catalog`]: SQLite via sqlx: documents, links, indexing jobs, extractions, audit events.
//! - [`error`]: the crate's one error type.
//!
//! The rule that keeps the two consistent: a blob is written before the catalog row that names it.

pub mod blobs;
pub mod catalog;
pub mod error;
pub mod ids;
pub mod model;

pub use blobs::{BlobStore, StagedFile, Staging};
pub use catalog::Catalog;
pub use error::{Error, Result};
pub use ids::{Cvr, DocumentId, Sha256};

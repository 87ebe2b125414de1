//! Everything durable: the content-addressed blob store and the catalog (metadata database).
//!
//! - [`ids`]: newtypes parsed at the edge (`Sha256`, `DocumentId`, `Cvr`).
//! - [`model`]: domain types and vocabularies (`DocumentKind`, `Forvaltning`, `Document`, …).
//! - [`blobs`]: stream → SHA-256 → object store under `sha256/ab/cd/<hex>`; verification.
//! - [`catalog`]: SQLite via sqlx: documents, links, indexing jobs, extractions, the hash-chained audit
//!   log, users, API tokens and sessions.
//! - [`access`]: who may do what: the one policy function over actor × action × resource.
//! - [`rules`]: derived rules as pure functions (in force, last notice day, staleness, tillæg order).
//! - [`views`]: the dossier, supplier overview, reuse, compliance and deadline views, from loaded documents.
//! - [`bagit`]: the auditor's BagIt bag of a system, written as a zip stream.
//! - [`error`]: the crate's one error type.
//!
//! The rule that keeps the two consistent: a blob is written before the catalog row that names it.

pub mod access;
pub mod bagit;
pub mod blobs;
pub mod catalog;
pub mod error;
pub mod ids;
pub mod model;
pub mod rules;
pub mod views;

pub use access::{Action, Actor, Decision, DocumentScope, Resource, Role, Visibility};
pub use blobs::{BlobStore, StagedFile, Staging};
pub use catalog::Catalog;
pub use error::{Error, Result};
pub use ids::{Cvr, DocumentId, Sha256};

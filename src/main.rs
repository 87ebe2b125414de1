//! Kontraktarkiv: the contract and documentation repository of Koncern IT.
//!
//! This crate wires the others together:
//! - [`cli`]: the command line (`serve`, `import`, `reindex`, `verify`, hidden `extract`) and configuration.
//! - [`app`]: shared state and the HTTP router with its layers.
//! - [`api`]: JSON API handlers under `/api/v1`, plus `/healthz`, `/readyz` and the OpenAPI document.
//! - [`pages`]: HTML pages (rendered by the `templates` crate).
//! - [`error`]: the one HTTP error enum, one status per variant.
//! - [`ingest`]: an upload from stream to blob store and catalog row.
//! - [`indexer`]: the background task that turns indexing jobs into search entries.
//! - [`sandbox`]: PDF extraction in a resource-limited child process.
//! - [`ops`]: `reindex` and `verify`.

mod api;
mod app;
mod cli;
mod error;
mod indexer;
mod ingest;
mod ops;
mod pages;
mod sandbox;

fn main() -> std::process::ExitCode {
    cli::main()
}

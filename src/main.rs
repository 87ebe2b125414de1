//! Kontraktarkiv: the contract and documentation repository of Koncern IT.
//!
//! This crate wires the others together. Its imports point one way, from the top of this list down:
//! - [`cli`]: the command line; it parses flags and calls one of the modules below.
//! - [`api`]: the HTTP layer (router, state, JSON API, HTML pages, the one HTTP error enum) and `serve`.
//! - [`ops`]: `import`, `reindex`, `verify`, `export` from the command line; [`users`]: `user …`.
//! - [`ingest`]: an upload from a byte stream to blob store and catalog row; knows no HTTP.
//! - [`indexer`]: the background task that turns indexing jobs into search entries.
//! - [`sandbox`]: PDF extraction in a resource-limited child process.
//! - [`sso`]: OpenID Connect single sign-on (provider settings, role mapping, the PKCE flow); knows no HTTP
//!   serving.
//! - [`config`]: where things live, and opening the stores; a leaf.

mod api;
mod cli;
mod config;
mod indexer;
mod ingest;
mod ops;
mod sandbox;
mod sso;
mod users;

fn main() -> std::process::ExitCode {
    cli::main()
}

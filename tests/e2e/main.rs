//! End-to-end tests: the real service on port 0 with a temporary data directory, fed real corpus PDFs.

mod access;
mod access_pages;
mod api_docs;
mod architecture;
mod audit_chain;
mod bad_input;
mod browser;
mod credentials;
mod errors;
mod family;
mod fuzz;
mod helpers;
mod oidc;
mod operations;
mod pages;
mod register;
mod search;
mod signin;
mod upload;

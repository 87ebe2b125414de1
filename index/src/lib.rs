//! Everything about text: turning PDFs into text and making that text searchable.
//!
//! - [`extract`]: PDF bytes → text per page (runs inside the sandboxed `kontraktarkiv extract` child process).
//! - [`error`]: the crate's one error type.
//! - [`segment`]: pages → clauses (number, heading, text, page range).
//! - [`analysis`]: Danish analyzers (stemmed, folded without æøå, compound heads, common-word pairs) shared
//!   by index and queries.
//! - [`schema`]: the tantivy schema of document and clause entries, and its version.
//! - [`language`]: the optional Danish Hunspell dictionary and LibreOffice thesaurus, loaded once
//!   per process, that help the query read misspelt words, compounds and synonyms.
//! - [`query`]: the user's query language (parser and compilation to tantivy queries).
//! - [`SearchIndex`] (`store`, `search`, `similar`) and [`Writer`] (`writer`): the index, its searches and
//!   its single writer; `collect` computes totals, facets and top hits in one pass over per-segment
//!   tables (`facets`); `pruned` does it in two passes for conjunctions of words (counting from bit
//!   sets, `bits`, then ranking with block-max WAND) without scoring every match; `stats` keeps a
//!   search's BM25 statistics so each is read from the segments once; `highlight` makes the snippets.
//! - [`types`]: the request and result types of the search API.

pub mod analysis;
mod bits;
mod collect;
pub mod error;
pub mod extract;
mod facets;
mod filter_cache;
mod highlight;
pub mod language;
mod pruned;
pub mod query;
pub mod schema;
mod search;
pub mod segment;
mod similar;
mod stats;
mod store;
pub mod types;
mod writer;

pub use error::{Error, Result};
pub use language::LanguageFiles;
pub use query::{SearchOptions, VocabEntry, Vocabulary};
pub use segment::Clause;
pub use store::SearchIndex;
/// The tantivy version this crate builds on (benchmarks compare against plain tantivy queries).
pub use tantivy;
pub use types::{
    ClauseRef, DocFields, FacetCount, Facets, Hit, Level, Scope, SearchRequest, SearchResults, Sort,
};
pub use writer::Writer;

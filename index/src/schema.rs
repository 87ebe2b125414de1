//! The tantivy schema: one index, document entries and clause entries (see DESIGN.md "Search").
//!
//! Positions (the costliest postings) are indexed only where phrases run: clause text, headings, their
//! word pairs (`pairs`, `heading_pairs`: see `analysis::pairs`) and supplier names. The folded and
//! reversed fields of clause text only select (fuzzy, prefix and compound matches score a constant), so
//! they keep document ids alone, without frequencies or field norms, and each word of a clause once.
//! Filters, facets and sorting read fast fields (columnar), never stored documents; stored fields are
//! only what a hit displays, read for the top hits alone.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::{FOLD, FOLD_SET, PAIR, REV, STEM};

/// Bump on any change to fields, analyzers or segmentation that needs a rebuild (`reindex`).
pub const SCHEMA_VERSION: &str = "kontraktarkiv-search-6";
/// File in the index directory holding [`SCHEMA_VERSION`].
pub const VERSION_FILE: &str = "kontraktarkiv_schema_version";

/// `entry` values.
pub const ENTRY_DOCUMENT: u64 = 0;
pub const ENTRY_CLAUSE: u64 = 1;

/// Field handles, resolved once.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub entry: Field,
    pub doc_id: Field,
    pub title: Field,
    /// The document title, stemmed, on every entry (`titel:`).
    pub meta: Field,
    pub kind: Field,
    pub forvaltning: Field,
    pub supplier: Field,
    pub supplier_name: Field,
    pub system: Field,
    pub year: Field,
    pub date: Field,
    pub confidential: Field,
    pub number: Field,
    pub heading: Field,
    pub heading_fold: Field,
    /// Pairs of adjacent heading stems with a common word.
    pub heading_pairs: Field,
    pub page_from: Field,
    pub page_to: Field,
    pub text: Field,
    pub fold: Field,
    pub rev: Field,
    /// Pairs of adjacent clause-text stems with a common word.
    pub pairs: Field,
    pub doc_text: Field,
    pub summary: Field,
}

fn text(analyzer: &str, rec: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(rec),
    )
}

/// A field that only selects (its matches score a constant): document ids and no field norms, for an
/// analyzer that gives each distinct word of a text once.
fn selecting(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IDS)
            .set_fieldnorms(false),
    )
}

const IDS: IndexRecordOption = IndexRecordOption::Basic;
const FREQS: IndexRecordOption = IndexRecordOption::WithFreqs;
const POSITIONS: IndexRecordOption = IndexRecordOption::WithFreqsAndPositions;

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let f = Fields {
        entry: b.add_u64_field("entry", INDEXED | FAST),
        doc_id: b.add_text_field("doc_id", STRING | STORED | FAST),
        title: b.add_text_field("title", STORED),
        meta: b.add_text_field("meta", text(STEM, FREQS)),
        kind: b.add_text_field("kind", STRING | STORED | FAST),
        forvaltning: b.add_text_field("forvaltning", STRING | FAST),
        supplier: b.add_text_field("supplier", STRING | FAST),
        supplier_name: b.add_text_field("supplier_name", text(FOLD, POSITIONS)),
        system: b.add_text_field("system", STRING | FAST),
        year: b.add_u64_field("year", INDEXED | FAST),
        date: b.add_i64_field("date", INDEXED | FAST),
        confidential: b.add_u64_field("confidential", INDEXED | FAST),
        number: b.add_text_field("number", STRING | STORED),
        heading: b.add_text_field("heading", text(STEM, POSITIONS) | STORED),
        heading_fold: b.add_text_field("heading_fold", text(FOLD, IDS)),
        heading_pairs: b.add_text_field("heading_pairs", text(PAIR, POSITIONS)),
        page_from: b.add_u64_field("page_from", STORED),
        page_to: b.add_u64_field("page_to", STORED),
        text: b.add_text_field("text", text(STEM, POSITIONS) | STORED),
        fold: b.add_text_field("fold", selecting(FOLD_SET)),
        rev: b.add_text_field("rev", selecting(REV)),
        pairs: b.add_text_field("pairs", text(PAIR, POSITIONS)),
        doc_text: b.add_text_field("doc_text", text(STEM, FREQS)),
        summary: b.add_text_field("summary", STORED),
    };
    (b.build(), f)
}

/// Dates travel through the index as yyyymmdd integers: ordered, readable, cheap to range over.
pub fn date_key(d: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

//! [`Writer`]: the single index writer. An upsert replaces every entry of a document (its document entry
//! and its clause entries) in one go; a commit stores the last job id and reloads the shared reader.
//! [`inflight`] bounds the text queued for tantivy's indexing threads.

mod inflight;

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::FxHashSet;
use tantivy::indexer::UserOperation;
use tantivy::schema::Field;
use tantivy::{IndexReader, IndexWriter, TantivyDocument, Term};

use self::inflight::{Entry, InFlight};
use crate::Result;
use crate::analysis::normalize;
use crate::schema::{ENTRY_CLAUSE, ENTRY_DOCUMENT, Fields, date_key};
use crate::segment::{Clause, segment};
use crate::types::DocFields;

/// What a commit stores beside its segments: the last job indexed (read by
/// [`crate::SearchIndex::last_job_id`]).
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct Payload {
    pub last_job_id: i64,
}

fn payload(last_job_id: i64) -> String {
    serde_json::to_string(&Payload { last_job_id }).unwrap_or_default()
}

/// Characters of a document's text kept as its summary (snippet of a document entry without clauses).
const SUMMARY_CHARS: usize = 300;

pub struct Writer {
    w: IndexWriter<Entry>,
    reader: IndexReader,
    f: Fields,
    queued: Arc<InFlight>,
}

impl Writer {
    pub(crate) fn new(w: IndexWriter<Entry>, reader: IndexReader, f: Fields) -> Writer {
        let queued = InFlight::new(inflight::LIMIT);
        Writer {
            w,
            reader,
            f,
            queued,
        }
    }

    /// Deletes older entries of `doc.id`, segments `pages` into clauses and adds the document entry and
    /// one entry per clause. Visible after [`Writer::commit`].
    pub fn upsert(&mut self, doc: &DocFields, pages: &[String]) -> Result<()> {
        let pages: Vec<String> = pages.iter().map(|p| normalize(p)).collect();
        let clauses = segment(&pages);
        self.upsert_clauses(doc, &pages, &clauses)
    }

    /// Like [`Writer::upsert`] with clauses segmented by the caller (tests, benchmarks).
    pub fn upsert_clauses(
        &mut self,
        doc: &DocFields,
        pages: &[String],
        clauses: &[Clause],
    ) -> Result<()> {
        let f = self.f;
        // One batch per document: tantivy hands a batch to one indexing thread, so all entries of a
        // document version land in one segment, side by side (the per-document grouping relies on it),
        // however many threads index.
        let mut ops: Vec<UserOperation<Entry>> = Vec::with_capacity(clauses.len() + 2);
        ops.push(UserOperation::Delete(term(f.doc_id, &doc.id)));
        let full: String = pages.join("\n");
        let mut d = self.common(doc);
        d.add_u64(f.entry, ENTRY_DOCUMENT);
        d.add_text(f.doc_text, distinct_words(&full));
        d.add_text(f.summary, summary(&full));
        ops.push(add(d));
        for c in clauses {
            let mut d = self.common(doc);
            d.add_u64(f.entry, ENTRY_CLAUSE);
            if let Some(n) = &c.number {
                d.add_text(f.number, n);
            }
            if let Some(h) = &c.heading {
                d.add_text(f.heading, h);
                d.add_text(f.heading_fold, h);
                d.add_text(f.heading_pairs, h);
            }
            // The number's words ("13", "1" of "13.1") are searchable like the heading's: a section
            // heading's number is in no clause text. A second value, after the title that hits show.
            if let Some(n) = &c.number {
                d.add_text(f.heading, n);
            }
            d.add_u64(f.page_from, u64::from(c.page_from));
            d.add_u64(f.page_to, u64::from(c.page_to));
            for field in [f.text, f.fold, f.rev, f.pairs] {
                d.add_text(field, &c.text);
            }
            ops.push(add(d));
        }
        // Each clause's text is held once per analysed field, plus the document's own entry.
        let bytes = 5 * full.len() + clauses.len() * (256 + 3 * doc.title.len());
        if let Some(UserOperation::Add(last)) = ops.last_mut() {
            last.ticket = Some(self.queued.acquire(bytes));
        }
        self.w.run(ops)?;
        Ok(())
    }

    /// The fields every entry of a document carries (filters, facets, permissions, display).
    fn common(&self, doc: &DocFields) -> TantivyDocument {
        let f = self.f;
        let mut d = TantivyDocument::default();
        d.add_text(f.doc_id, &doc.id);
        d.add_text(f.title, &doc.title);
        d.add_text(f.meta, &doc.title);
        d.add_text(f.kind, &doc.kind);
        d.add_text(f.forvaltning, &doc.forvaltning);
        if let Some(cvr) = &doc.supplier_cvr {
            d.add_text(f.supplier, cvr);
        }
        if let Some(name) = &doc.supplier_name {
            d.add_text(f.supplier_name, name);
        }
        for s in &doc.system_ids {
            d.add_text(f.system, s);
        }
        if let Some(date) = doc.date {
            d.add_i64(f.date, date_key(date));
            d.add_u64(f.year, u64::try_from(date_key(date) / 10_000).unwrap_or(0));
        }
        d.add_u64(f.confidential, u64::from(doc.confidential));
        d
    }

    /// Removes every entry of a document (visible after commit).
    pub fn delete(&mut self, document_id: &str) -> Result<()> {
        self.w.delete_term(term(self.f.doc_id, document_id));
        Ok(())
    }

    /// Commits with `last_job_id` in the payload, then reloads the reader (read-your-writes).
    pub fn commit(&mut self, last_job_id: i64) -> Result<()> {
        let mut prepared = self.w.prepare_commit()?;
        prepared.set_payload(&payload(last_job_id));
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Waits for background segment merges to finish and releases the writer (bulk loads: the
    /// searches that follow see the merged segments).
    pub fn wait_merges(self) -> Result<()> {
        self.w.wait_merging_threads()?;
        Ok(())
    }

    /// Removes everything (used before a full rebuild into the same directory).
    pub fn delete_all(&mut self) -> Result<()> {
        self.w.delete_all_documents()?;
        Ok(())
    }
}

/// The first [`SUMMARY_CHARS`] characters of `text` with its white space collapsed.
fn summary(text: &str) -> String {
    let mut out = String::with_capacity(SUMMARY_CHARS + 8);
    let mut chars = 0;
    for w in text.split_whitespace() {
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        let room = SUMMARY_CHARS.saturating_sub(chars);
        out.extend(w.chars().take(room));
        chars += w.chars().count().min(room);
        if chars >= SUMMARY_CHARS {
            break;
        }
    }
    out
}

/// Each word of `text` once (lowercased): the document entry's terms serve More-Like-This, which needs
/// which words a document has, not how often; the clause entries already index every occurrence.
fn distinct_words(text: &str) -> String {
    // Keyed by the word itself where it is already lowercase (most words of contract text), so that
    // only capitalised words allocate: this ran on the writer's caller, beside the indexing threads,
    // and an owned key per word made it a tenth of the CPU of a bulk load.
    let mut seen: FxHashSet<Cow<'_, str>> =
        FxHashSet::with_capacity_and_hasher(text.len() / 32, Default::default());
    let mut out = String::with_capacity(text.len() / 3);
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        // More-Like-This skips words under three characters and numbers; so does this.
        let useful = w.chars().nth(2).is_some() && !w.bytes().all(|b| b.is_ascii_digit());
        if useful && seen.insert(lowercase(w)) {
            out.push_str(w);
            out.push(' ');
        }
    }
    out
}

/// `w` lowercased, borrowed when no character changes.
fn lowercase(w: &str) -> Cow<'_, str> {
    if w.chars().all(|c| c.is_lowercase() || !c.is_alphabetic()) {
        Cow::Borrowed(w)
    } else {
        let mut lower = String::with_capacity(w.len());
        lower.extend(w.chars().flat_map(char::to_lowercase));
        Cow::Owned(lower)
    }
}

fn add(doc: TantivyDocument) -> UserOperation<Entry> {
    UserOperation::Add(Entry { doc, ticket: None })
}

fn term(field: Field, v: &str) -> Term {
    Term::from_field_text(field, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_collapses_space_and_stops_at_its_length() {
        assert_eq!(summary("  Aftale \n om\t drift  "), "Aftale om drift");
        let long = "ordene gentages ".repeat(100);
        let s = summary(&long);
        assert_eq!(s.chars().count(), SUMMARY_CHARS);
        assert!(long.starts_with(&s));
        assert_eq!(summary(&"æ".repeat(400)).chars().count(), SUMMARY_CHARS);
    }

    #[test]
    fn distinct_words_once_regardless_of_case() {
        assert_eq!(
            distinct_words("Aftale aftale AFTALE om 2024 drift Drift"),
            "Aftale drift "
        );
        assert_eq!(distinct_words("Ærø ærø ÆRØ øre Øre"), "Ærø øre ");
        assert_eq!(lowercase("ærø"), Cow::Borrowed("ærø"));
        assert_eq!(lowercase("ÅBENRÅ"), "åbenrå");
    }
}

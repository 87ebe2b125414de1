//! The same query classes straight on tantivy, as a small team would write them against our index:
//! one stemmed field, `TopDocs` + `Count` + a fast-field facet count, and tantivy's `SnippetGenerator`.
//! `raw_index` is the indexing limit: the same clauses into a minimal tantivy index.

use index::tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use index::tantivy::columnar::StrColumn;
use index::tantivy::query::{BooleanQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use index::tantivy::schema::{
    FAST, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use index::tantivy::snippet::SnippetGenerator;
use index::tantivy::{
    DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

use std::path::Path;
use std::time::Instant;

use crate::{Spec, r#gen, mem};

pub struct Plain {
    index: index::tantivy::Index,
    reader: index::tantivy::IndexReader,
    text: index::tantivy::schema::Field,
    forvaltning: index::tantivy::schema::Field,
}

fn stem(w: &str) -> String {
    let mut a = index::analysis::stem_analyzer();
    index::analysis::terms(&mut a, w)
        .into_iter()
        .next()
        .unwrap_or_default()
}

impl Plain {
    pub fn new(si: &index::SearchIndex) -> Plain {
        let index = si.tantivy_index().clone();
        let reader = index.reader().unwrap();
        let schema = index.schema();
        Plain {
            text: schema.get_field("text").unwrap(),
            forvaltning: schema.get_field("forvaltning").unwrap(),
            reader,
            index,
        }
    }

    fn query(&self, spec: &Spec) -> Box<dyn Query> {
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(self.text, &stem(w)),
                IndexRecordOption::WithFreqs,
            ))
        };
        match spec {
            Spec::Term(w) => term(w),
            Spec::And(a, b) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, term(a)),
                (Occur::Must, term(b)),
            ])),
            Spec::Phrase(words) => Box::new(PhraseQuery::new(
                words
                    .split_whitespace()
                    .map(|w| Term::from_field_text(self.text, &stem(w)))
                    .collect(),
            )),
            Spec::Filter(w, f) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, term(w)),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.forvaltning, f),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])),
            Spec::Prefix(p) => Box::new(FuzzyTermQuery::new_prefix(
                Term::from_field_text(self.text, p),
                0,
                false,
            )),
        }
    }

    /// Top 10, total, four facets, ten snippets; returns the total.
    pub fn run(&self, spec: &Spec) -> usize {
        let searcher: Searcher = self.reader.searcher();
        let q = self.query(spec);
        let (top, total, facets) = searcher
            .search(
                &q,
                &(TopDocs::with_limit(10).order_by_score(), Count, Facets),
            )
            .unwrap();
        std::hint::black_box(facets);
        let sg = SnippetGenerator::create(&searcher, &*q, self.text).unwrap();
        for (_, addr) in top {
            let d: TantivyDocument = searcher.doc(addr).unwrap();
            std::hint::black_box(sg.snippet_from_doc(&d).to_html());
        }
        let _ = &self.index;
        total
    }
}

/// Time and memory of the raw tantivy indexing baseline.
pub struct RawBuilt {
    pub secs: f64,
    pub clauses: usize,
    pub peaks: mem::Peaks,
}

/// Indexes every generated clause as one document of a minimal schema (one stemmed text field with
/// positions, stored, plus the forvaltning string), with the writer budget and commit cadence of
/// `build_index`: what tantivy alone costs for the same text.
pub fn raw_index(pool: &r#gen::Pool, dir: &Path, docs: usize) -> RawBuilt {
    let start = Instant::now();
    let sampler = mem::Sampler::start();
    let mut sb = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("stem")
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = sb.add_text_field(
        "text",
        TextOptions::default()
            .set_indexing_options(indexing)
            .set_stored(),
    );
    let forvaltning = sb.add_text_field("forvaltning", STRING | FAST);
    let index = index::tantivy::Index::create_in_dir(dir, sb.build()).unwrap();
    index
        .tokenizers()
        .register("stem", index::analysis::stem_analyzer());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    let mut w = index
        .writer_with_num_threads::<TantivyDocument>(threads, 300_000_000)
        .unwrap();
    let mut clauses = 0;
    for i in 0..docs {
        let d = r#gen::document(pool, i, docs);
        for c in &d.clauses {
            let mut doc = TantivyDocument::new();
            doc.add_text(text, &c.text);
            doc.add_text(forvaltning, &d.fields.forvaltning);
            w.add_document(doc).unwrap();
        }
        clauses += d.clauses.len();
        if (i + 1) % 50_000 == 0 {
            w.commit().unwrap();
        }
    }
    w.commit().unwrap();
    w.wait_merging_threads().unwrap();
    RawBuilt {
        secs: start.elapsed().as_secs_f64(),
        clauses,
        peaks: sampler.stop(),
    }
}

const FACETS: [&str; 4] = ["kind", "forvaltning", "supplier", "system"];

/// Counts term ordinals of the four string facets (values are resolved only for the counts > 0).
struct Facets;

struct SegFacets {
    cols: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u64>>,
}

impl Collector for Facets {
    type Fruit = Vec<Vec<(String, u64)>>;
    type Child = SegFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> index::tantivy::Result<SegFacets> {
        let cols: Vec<Option<StrColumn>> = FACETS
            .iter()
            .map(|f| reader.fast_fields().str(f))
            .collect::<index::tantivy::Result<_>>()?;
        let counts = cols
            .iter()
            .map(|c| vec![0; c.as_ref().map_or(0, |c| c.num_terms())])
            .collect();
        Ok(SegFacets { cols, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<Vec<(String, u64)>>>,
    ) -> index::tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegFacets {
    type Fruit = Vec<Vec<(String, u64)>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (col, counts) in self.cols.iter().zip(self.counts.iter_mut()) {
            if let Some(col) = col {
                for ord in col.term_ords(doc) {
                    if let Some(c) = counts.get_mut(ord as usize) {
                        *c += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.cols
            .iter()
            .zip(self.counts)
            .map(|(col, counts)| {
                let mut out = Vec::new();
                if let Some(col) = col {
                    for (ord, c) in counts.into_iter().enumerate() {
                        let mut s = String::new();
                        if c > 0 && col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                            out.push((s, c));
                        }
                    }
                }
                out
            })
            .collect()
    }
}

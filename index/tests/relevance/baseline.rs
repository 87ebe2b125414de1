//! The plain baseline the relevance test compares against: what a Paperless-ngx-like system does — one
//! stemmed + ASCII-folded field (Snowball Danish), BM25, tantivy's stock query parser with all words
//! required. Two indexes over the same ground-truth texts: one entry per document, and one per clause
//! (cut by `index::segment` from the same normalized pages the product indexes), so the baseline is
//! scored at the same level as ours.

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::{Index, IndexWriter, TantivyDocument};

struct Plain {
    index: Index,
    parser: QueryParser,
    id: Field,
    number: Field,
}

impl Plain {
    /// Entries of (document id, clause number, text).
    fn new(entries: impl Iterator<Item = (String, String, String)>) -> Plain {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let number = b.add_text_field("number", STORED);
        let body = b.add_text_field(
            "body",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default().set_tokenizer(index::analysis::PLAIN),
            ),
        );
        let index = Index::create_in_ram(b.build());
        index::analysis::register(&index);
        let mut w: IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
        for (doc_id, num, text) in entries {
            let mut d = TantivyDocument::default();
            d.add_text(id, doc_id);
            d.add_text(number, num);
            d.add_text(body, text);
            w.add_document(d).unwrap();
        }
        w.commit().unwrap();
        let mut parser = QueryParser::for_index(&index, vec![body]);
        parser.set_conjunction_by_default();
        Plain {
            index,
            parser,
            id,
            number,
        }
    }

    /// The top `k` as (document id, clause number).
    fn search(&self, q: &str, k: usize) -> Vec<(String, String)> {
        // The stock parser knows neither our fields nor * on single words nor ~ on words: give it the words.
        let q = q.replace("overskrift:", "").replace(['*', '~'], "");
        let (query, _errors) = self.parser.parse_query_lenient(&q);
        let searcher = self.index.reader().unwrap().searcher();
        let top = searcher
            .search(&query, &TopDocs::with_limit(k).order_by_score())
            .unwrap();
        let text = |d: &TantivyDocument, f: Field| {
            d.get_first(f)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        top.iter()
            .map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(*a).unwrap();
                (text(&d, self.id), text(&d, self.number))
            })
            .collect()
    }
}

pub struct Baseline {
    documents: Plain,
    clauses: Plain,
}

impl Baseline {
    /// From (source id, title, ground-truth text) per document.
    pub fn new(docs: &[(String, String, String)]) -> Baseline {
        let documents = Plain::new(
            docs.iter()
                .map(|(id, title, text)| (id.clone(), String::new(), format!("{title}\n{text}"))),
        );
        let clauses = Plain::new(docs.iter().flat_map(|(id, _, text)| {
            let pages: Vec<String> = text.split('\x0c').map(index::analysis::normalize).collect();
            index::segment::segment(&pages).into_iter().map(|c| {
                let body = format!("{}\n{}", c.heading.unwrap_or_default(), c.text);
                (id.clone(), c.number.unwrap_or_default(), body)
            })
        }));
        Baseline { documents, clauses }
    }

    /// Document ids, best first.
    pub fn documents(&self, q: &str, k: usize) -> Vec<String> {
        self.documents
            .search(q, k)
            .into_iter()
            .map(|(d, _)| d)
            .collect()
    }

    /// (document id, clause number), best first.
    pub fn clauses(&self, q: &str, k: usize) -> Vec<(String, String)> {
        self.clauses.search(q, k)
    }
}

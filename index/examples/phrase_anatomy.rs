//! Where a phrase query's time goes, on an existing index:
//! `cargo run --release -p index --example phrase_anatomy -- DIR "i henhold til" …`
//!
//! For each phrase, median ms of 20 runs of: the words' intersection alone (documents that have all
//! words), the phrase with a count (intersection plus position checks), the phrase's top 10 without a
//! count, and the product's whole search (count, facets, snippets).

use std::time::Instant;

use index::tantivy::collector::{Count, TopDocs};
use index::tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use index::tantivy::schema::IndexRecordOption;
use index::tantivy::{Searcher, Term};
use index::{SearchIndex, SearchRequest};

fn median(mut f: impl FnMut()) -> f64 {
    f();
    let mut ms: Vec<f64> = (0..20)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    ms[10]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("index directory");
    let si = SearchIndex::open(std::path::Path::new(&dir)).expect("open index");
    let index = si.tantivy_index();
    let text = index.schema().get_field("text").expect("text field");
    let searcher: Searcher = index.reader().expect("reader").searcher();
    let mut stem = index::analysis::stem_analyzer();
    println!(
        "phrase | doc freq of each word | docs with all words | phrase matches | all words, count | phrase, count | phrase, top 10 only | product search"
    );
    for p in args {
        let terms: Vec<Term> = index::analysis::terms(&mut stem, &p)
            .iter()
            .map(|t| Term::from_field_text(text, t))
            .collect();
        let dfs: Vec<u64> = terms
            .iter()
            .map(|t| searcher.doc_freq(t).unwrap_or(0))
            .collect();
        let all = BooleanQuery::new(
            terms
                .iter()
                .map(|t| {
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic));
                    (Occur::Must, q)
                })
                .collect(),
        );
        let phrase = PhraseQuery::new(terms.clone());
        let n_all = searcher.search(&all, &Count).unwrap_or(0);
        let n_phrase = searcher.search(&phrase, &Count).unwrap_or(0);
        let t_all = median(|| {
            let _ = searcher.search(&all, &Count);
        });
        let t_phrase = median(|| {
            let _ = searcher.search(&phrase, &Count);
        });
        let t_top = median(|| {
            let _ = searcher.search(&phrase, &TopDocs::with_limit(10).order_by_score());
        });
        let req = SearchRequest {
            q: format!("\"{p}\""),
            limit: 10,
            ..SearchRequest::default()
        };
        let t_ours = median(|| {
            let _ = si.search(&req);
        });
        println!(
            "{p} | {dfs:?} | {n_all} | {n_phrase} | {t_all:.1} | {t_phrase:.1} | {t_top:.1} | {t_ours:.1}"
        );
    }
}

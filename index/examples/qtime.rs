//! Times queries on an existing index: `cargo run --release -p index --example qtime -- DIR q1 q2 …`
//! (median and worst of 20 runs each, after one warm-up). For tuning; the benchmark is `cargo bench`.
//! `QTIME_PRUNE=0` and `QTIME_PAIRS=0` switch the fast paths off (see `SearchOptions`);
//! `QTIME_LEVEL=document` groups hits per document.

use std::time::Instant;

use index::{Level, SearchIndex, SearchOptions, SearchRequest};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("index directory");
    let si = SearchIndex::open(std::path::Path::new(&dir)).expect("open index");
    let on = |name: &str| std::env::var(name).map_or(true, |v| v != "0");
    let opts = SearchOptions {
        prune: on("QTIME_PRUNE"),
        pairs: on("QTIME_PAIRS"),
        ..SearchOptions::default()
    };
    for q in args {
        let req = SearchRequest {
            q: q.clone(),
            limit: 10,
            level: if std::env::var("QTIME_LEVEL").is_ok_and(|l| l == "document") {
                Level::Document
            } else {
                Level::Clause
            },
            ..SearchRequest::default()
        };
        let total = si.search_with(&req, &opts).map(|r| r.total).unwrap_or(0);
        let mut ms: Vec<f64> = (0..20)
            .map(|_| {
                let t = Instant::now();
                let _ = si.search_with(&req, &opts);
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        ms.sort_by(f64::total_cmp);
        println!(
            "{q:30} total {total:8}  median {:6.2} ms  worst {:6.2} ms",
            ms[10], ms[19]
        );
    }
}

//! Times queries on an existing index: `cargo run --release -p index --example qtime -- DIR q1 q2 …`
//! (median and worst of 20 runs each, after one warm-up). For tuning; the benchmark is `cargo bench`.

use std::time::Instant;

use index::{SearchIndex, SearchRequest};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("index directory");
    let si = SearchIndex::open(std::path::Path::new(&dir)).expect("open index");
    for q in args {
        let req = SearchRequest {
            q: q.clone(),
            limit: 10,
            ..SearchRequest::default()
        };
        let total = si.search(&req).map(|r| r.total).unwrap_or(0);
        let mut ms: Vec<f64> = (0..20)
            .map(|_| {
                let t = Instant::now();
                let _ = si.search(&req);
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

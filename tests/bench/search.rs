//! Search benchmark (not a test): `cargo bench --bench search`.
//!
//! Generates synthetic Danish documents from the corpus texts (`gen`), indexes them in-process with
//! `index::Writer` (time and peak memory: VmHWM, which also counts mmapped segment pages read by merges,
//! and the peak of RssAnon, the real heap, sampled every 50 ms by `mem`), then measures p50/p99 per query class — rare term, common term,
//! two-word AND, phrase, term + forvaltning filter, prefix, a compound the text lacks (decompounded), a
//! typo of a common word (corrected); each with top 10, total, facets and ten
//! snippets — over HTTP against the real service (1 and 16 clients), in-process with
//! `SearchIndex::search`, straight on tantivy (`plain`) and on SQLite FTS5 (`fts`). Prints a Markdown table.
//!
//! Environment: `BENCH_DOCS` (default 100000, about 2M clauses; 5000 for a quick run), `BENCH_QUERIES`
//! (measured queries per class and mode, default 200), `BENCH_FTS_QUERIES` (default 20; 0 skips FTS5),
//! `BENCH_HTTP=0` skips the service, `BENCH_DIR` keeps the index and FTS5 database in that directory and
//! reuses them on the next run with the same `BENCH_DOCS` (tuning queries without re-indexing).
//! `BENCH_SCOPE=<forvaltning code>` runs the in-process searches as a user scoped to that forvaltning.
//! `BENCH_PLAIN_INDEX=0` skips the raw tantivy indexing baseline (the limit: the same clauses into a
//! minimal one-field stemmed index, same writer budget, at most two threads; time and the same peaks),
//! which also does not run when the index is reused.

#[allow(dead_code)]
#[path = "../e2e/helpers.rs"]
mod helpers;

#[path = "search/fts.rs"]
mod fts;
#[path = "search/gen.rs"]
mod r#gen;
#[path = "search/mem.rs"]
mod mem;
#[path = "search/plain.rs"]
mod plain;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use helpers::{Server, corpus, enc};
use index::{SearchIndex, SearchRequest};

/// One benchmark query, independent of the engine.
#[derive(Clone, Debug)]
pub enum Spec {
    Term(String),
    And(String, String),
    Phrase(String),
    Filter(String, String),
    Prefix(String),
}

impl Spec {
    /// The product's query string and forvaltning filter.
    fn product(&self) -> (String, Option<String>) {
        match self {
            Spec::Term(w) => (w.clone(), None),
            Spec::And(a, b) => (format!("{a} {b}"), None),
            Spec::Phrase(p) => (format!("\"{p}\""), None),
            Spec::Filter(w, f) => (w.clone(), Some(f.clone())),
            Spec::Prefix(p) => (format!("{p}*"), None),
        }
    }

    fn request(&self) -> SearchRequest {
        let (q, f) = self.product();
        // `BENCH_SCOPE=BUF` searches as a unit of one forvaltning would: its own documents and the others'
        // non-confidential contracts, tillæg and bilag, filtered inside the index query.
        let scope = std::env::var("BENCH_SCOPE")
            .ok()
            .filter(|s| !s.is_empty())
            .map(index::Scope::Forvaltning)
            .unwrap_or_default();
        SearchRequest {
            q,
            forvaltninger: f.into_iter().collect(),
            limit: 10,
            scope,
            ..SearchRequest::default()
        }
    }

    fn url(&self) -> String {
        let (q, f) = self.product();
        let mut u = format!("/api/v1/search?q={}&limit=10", enc(&q));
        if let Some(f) = f {
            u.push_str(&format!("&forvaltning={}", enc(&f)));
        }
        u
    }
}

const COMMON: [&str; 8] = [
    "leverandøren",
    "kunden",
    "kontrakten",
    "bilag",
    "vederlag",
    "drift",
    "data",
    "skriftligt",
];
const AND: [(&str, &str); 8] = [
    ("leverandøren", "kunden"),
    ("kontrakten", "bilag"),
    ("misligholdelse", "ophævelse"),
    ("drift", "data"),
    ("vederlag", "betaling"),
    ("kunden", "skriftligt"),
    ("leverandøren", "ansvar"),
    ("personoplysninger", "behandling"),
];
const PHRASES: [&str; 8] = [
    "væsentlig misligholdelse",
    "kunden kan",
    "i henhold til",
    "til enhver tid",
    "leverandøren skal",
    "fremgår af bilag",
    "skriftligt varsel",
    "efter kontraktens",
];
const PREFIXES: [&str; 8] = [
    "leverand", "misligh", "ophæv", "databeh", "fortrol", "kontrakt", "person", "sikker",
];
/// Compounds no corpus text (so no generated clause) contains, whose parts are common in them: the
/// search splits them (checked with grep over `corpus/danish/*.txt`).
const COMPOUNDS: [&str; 8] = [
    "forsinkelsesbod",
    "dataudlevering",
    "driftsovervågning",
    "fortrolighedspligt",
    "brugerlicens",
    "opsigelsesvarsel",
    "hostingvederlag",
    "servicemålsbod",
];
/// Typos of common words that occur in no text: the search corrects them against the vocabulary.
const TYPOS: [&str; 8] = [
    "leverandøern",
    "kontrkaten",
    "misligholdlese",
    "personoplysnigner",
    "databehandlre",
    "sikkerhedskopeir",
    "fortorlighed",
    "vedligeholdlese",
];

fn classes(docs: usize) -> Vec<(&'static str, Vec<Spec>)> {
    let mut r = r#gen::Rng::new(42);
    let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let rare = (0..50)
        .map(|_| Spec::Term(r#gen::rare_word(r.below(r#gen::rare_vocabulary(docs)))))
        .collect();
    let filter = COMMON
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let f = r#gen::FORVALTNINGER[i % r#gen::FORVALTNINGER.len()];
            Spec::Filter(w.to_string(), f.to_string())
        })
        .collect();
    vec![
        ("rare term", rare),
        (
            "common term",
            own(&COMMON).into_iter().map(Spec::Term).collect(),
        ),
        (
            "two-word AND",
            AND.iter()
                .map(|(a, b)| Spec::And(a.to_string(), b.to_string()))
                .collect(),
        ),
        (
            "phrase",
            own(&PHRASES).into_iter().map(Spec::Phrase).collect(),
        ),
        ("term + forvaltning", filter),
        (
            "prefix",
            own(&PREFIXES).into_iter().map(Spec::Prefix).collect(),
        ),
        // As typed, through the default search (correction and decompounding on); plain tantivy and
        // FTS5 search the same words literally and find nothing, which is the point of these classes.
        (
            "decompounded",
            own(&COMPOUNDS).into_iter().map(Spec::Term).collect(),
        ),
        (
            "corrected",
            own(&TYPOS).into_iter().map(Spec::Term).collect(),
        ),
    ]
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// p50 and p99 in ms.
#[derive(Clone, Copy, Default)]
struct Stats {
    p50: f64,
    p99: f64,
}

fn stats(mut ms: Vec<f64>) -> Stats {
    if ms.is_empty() {
        return Stats::default();
    }
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() as f64 * p).ceil() as usize).clamp(1, ms.len()) - 1];
    Stats {
        p50: at(0.50),
        p99: at(0.99),
    }
}

fn cell(s: Option<Stats>) -> String {
    // Below 1 ms a tenth is too coarse to tell 1.2x apart.
    let ms = |v: f64| {
        if v < 1.0 {
            format!("{v:.2}")
        } else {
            format!("{v:.1}")
        }
    };
    match s {
        Some(s) => format!("{} / {}", ms(s.p50), ms(s.p99)),
        None => "—".to_string(),
    }
}

struct Built {
    secs: f64,
    /// Of `secs`, the wait for the last segment merges after the final commit.
    merge_secs: f64,
    clauses: usize,
    peaks: mem::Peaks,
}

fn build_index(pool: &r#gen::Pool, dir: &Path, docs: usize) -> Built {
    let start = Instant::now();
    let sampler = mem::Sampler::start();
    let si = SearchIndex::recreate(dir).unwrap();
    let mut w = si.writer().unwrap();
    let mut clauses = 0;
    for i in 0..docs {
        let d = r#gen::document(pool, i, docs);
        clauses += d.clauses.len();
        w.upsert_clauses(&d.fields, &d.pages, &d.clauses).unwrap();
        if (i + 1) % 50_000 == 0 {
            w.commit(0).unwrap();
        }
    }
    w.commit(0).unwrap();
    let merging = Instant::now();
    w.wait_merges().unwrap();
    Built {
        secs: start.elapsed().as_secs_f64(),
        merge_secs: merging.elapsed().as_secs_f64(),
        clauses,
        peaks: sampler.stop(),
    }
}

fn measure(n: usize, specs: &[Spec], mut run: impl FnMut(&Spec) -> usize) -> (Stats, usize) {
    // Every query once before timing: the engine measured first would otherwise pay the page faults
    // of the index files both read (50 rare words, each asked only four times, made ours look 2x
    // slower than plain tantivy, measured right after on the same pages).
    for s in specs {
        run(s);
    }
    let mut ms = Vec::with_capacity(n);
    let mut hits = 0;
    for i in 0..n {
        let s = &specs[i % specs.len()];
        let t = Instant::now();
        hits += run(s);
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    (stats(ms), hits / n.max(1))
}

async fn http_one(server: &Server, spec: &Spec) -> usize {
    let r = server
        .http
        .get(server.url(&spec.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "{}", spec.url());
    let v: serde_json::Value = r.json().await.unwrap();
    v["total"].as_u64().unwrap_or(0) as usize
}

async fn http_parallel(
    server: &Arc<Server>,
    specs: &[Spec],
    clients: usize,
    n: usize,
) -> (Stats, f64) {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let server = server.clone();
        let specs = specs.to_vec();
        tasks.push(tokio::spawn(async move {
            let mut ms = Vec::new();
            for i in 0..n {
                let s = &specs[(c * 7 + i) % specs.len()];
                let t = Instant::now();
                http_one(&server, s).await;
                ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
            ms
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let qps = all.len() as f64 / start.elapsed().as_secs_f64();
    (stats(all), qps)
}

#[derive(Default, Clone)]
struct Row {
    http1: Option<Stats>,
    http16: Option<Stats>,
    qps16: Option<f64>,
    inproc: Option<Stats>,
    plain: Option<Stats>,
    fts: Option<Stats>,
    hits: usize,
    fts_hits: Option<usize>,
}

#[tokio::main]
async fn main() {
    let docs = env("BENCH_DOCS", 100_000);
    let n = env("BENCH_QUERIES", 200);
    let fts_n = env("BENCH_FTS_QUERIES", 20);
    let use_http = env("BENCH_HTTP", 1) != 0;
    let plain_index = env("BENCH_PLAIN_INDEX", 1) != 0;
    let keep = std::env::var("BENCH_DIR").ok().map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let pool = Arc::new(r#gen::Pool::load(&corpus("danish")));
    println!("corpus pool: {} clauses; {docs} documents", pool.len());

    let index_dir = dir.join("index");
    let marker = dir.join("bench_docs");
    let reuse = std::fs::read_to_string(&marker).ok().as_deref() == Some(&docs.to_string())
        && index_dir.join("meta.json").exists();
    let built = if reuse {
        println!("reusing the index in {}", index_dir.display());
        None
    } else {
        let _ = std::fs::remove_file(&marker);
        let (p, d) = (pool.clone(), index_dir.clone());
        let b = tokio::task::spawn_blocking(move || build_index(&p, &d, docs))
            .await
            .unwrap();
        std::fs::write(&marker, docs.to_string()).unwrap();
        println!(
            "indexed {} clauses in {:.1} s ({:.1} s of it waiting for the last merges), {}",
            b.clauses,
            b.secs,
            b.merge_secs,
            peaks(&b.peaks)
        );
        Some(b)
    };
    let raw = if plain_index && !reuse {
        let (p, d) = (pool.clone(), dir.clone());
        let r = tokio::task::spawn_blocking(move || {
            // Beside the main index, gone when done, so BENCH_DIR keeps only what it reuses.
            let tmp = tempfile::tempdir_in(&d).unwrap();
            plain::raw_index(&p, tmp.path(), docs)
        })
        .await
        .unwrap();
        println!(
            "raw tantivy: indexed {} clauses in {:.1} s, {}",
            r.clauses,
            r.secs,
            peaks(&r.peaks)
        );
        Some(r)
    } else {
        None
    };

    let classes = classes(docs);
    let mut rows: Vec<Row> = vec![Row::default(); classes.len()];
    let si = SearchIndex::open(&index_dir).unwrap();
    for (row, (name, specs)) in rows.iter_mut().zip(&classes) {
        let (s, hits) = measure(n, specs, |s| si.search(&s.request()).unwrap().total);
        row.inproc = Some(s);
        row.hits = hits;
        let p = plain::Plain::new(&si);
        row.plain = Some(measure(n, specs, |s| p.run(s)).0);
        println!(
            "{name}: in-process {} plain {}",
            cell(row.inproc),
            cell(row.plain)
        );
    }

    if use_http {
        let data = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&index_dir, data.path().join("index")).unwrap();
        let server = Arc::new(Server::start_in(data, &[]));
        for (row, (name, specs)) in rows.iter_mut().zip(&classes) {
            for s in specs.iter().take(10) {
                http_one(&server, s).await;
            }
            let mut ms = Vec::new();
            for i in 0..n {
                let t = Instant::now();
                http_one(&server, &specs[i % specs.len()]).await;
                ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
            row.http1 = Some(stats(ms));
            let (s16, qps) = http_parallel(&server, specs, 16, n.div_ceil(4)).await;
            row.http16 = Some(s16);
            row.qps16 = Some(qps);
            println!(
                "{name}: http1 {} http16 {} {qps:.0} q/s",
                cell(row.http1),
                cell(row.http16)
            );
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let mut fts_build = None;
    if fts_n > 0 {
        let path = dir.join("fts.sqlite");
        let fresh = !reuse || !path.exists();
        if fresh {
            let _ = std::fs::remove_file(&path);
        }
        let mut conn = fts::open(&path).await;
        assert!(fts::has_fts5(&mut conn).await, "bundled SQLite lacks FTS5");
        if fresh {
            let t = Instant::now();
            let rows = fts::build(&mut conn, &pool, docs).await;
            fts_build = Some((rows, t.elapsed().as_secs_f64()));
            println!("FTS5: {rows} rows in {:.1} s", t.elapsed().as_secs_f64());
        }
        for (row, (name, specs)) in rows.iter_mut().zip(&classes) {
            let mut ms = Vec::new();
            let mut hits = 0;
            fts::run(&mut conn, &specs[0]).await;
            for i in 0..fts_n {
                let t = Instant::now();
                hits += fts::run(&mut conn, &specs[i % specs.len()]).await;
                ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
            row.fts = Some(stats(ms));
            row.fts_hits = Some(hits / fts_n);
            println!("{name}: fts {}", cell(row.fts));
        }
    }

    print_table(
        docs,
        n,
        &classes,
        &rows,
        built.as_ref(),
        raw.as_ref(),
        fts_build,
    );
}

fn peaks(p: &mem::Peaks) -> String {
    format!(
        "peak RSS (VmHWM{}) {:.0} MiB, peak anonymous RSS {:.0} MiB (from {:.0} MiB at start)",
        if p.hwm_reset {
            ""
        } else {
            " since process start"
        },
        p.hwm_mib,
        p.anon_mib,
        p.anon_start_mib
    )
}

fn print_table(
    docs: usize,
    n: usize,
    classes: &[(&str, Vec<Spec>)],
    rows: &[Row],
    built: Option<&Built>,
    raw: Option<&plain::RawBuilt>,
    fts_build: Option<(usize, f64)>,
) {
    println!();
    println!(
        "{docs} documents; {n} queries per class and mode; latency p50 / p99 in ms \
         (each query: top 10, total, facets, 10 snippets)"
    );
    println!();
    println!(
        "| class | HTTP, 1 client | HTTP, 16 clients | q/s at 16 | in-process `SearchIndex::search` | plain tantivy | SQLite FTS5 | mean total (tantivy / FTS5) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for ((name, _), r) in classes.iter().zip(rows) {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} / {} |",
            cell(r.http1),
            cell(r.http16),
            r.qps16.map_or("—".into(), |q| format!("{q:.0}")),
            cell(r.inproc),
            cell(r.plain),
            cell(r.fts),
            r.hits,
            r.fts_hits.map_or("—".into(), |h| h.to_string()),
        );
    }
    println!();
    if let Some(b) = built {
        println!(
            "Indexing ({} clauses, one `index::Writer`): {:.1} s ({:.1} s waiting for the last merges), \
             {:.0} clauses/s, {}",
            b.clauses,
            b.secs,
            b.merge_secs,
            b.clauses as f64 / b.secs,
            peaks(&b.peaks)
        );
    }
    if let Some(r) = raw {
        println!(
            "Raw tantivy indexing (same clauses, one stemmed field): {:.1} s, {:.0} clauses/s, \
             peak RSS {:.0} MiB, anonymous {:.0} MiB",
            r.secs,
            r.clauses as f64 / r.secs,
            r.peaks.hwm_mib,
            r.peaks.anon_mib
        );
    }
    if let Some((rows, secs)) = fts_build {
        println!("FTS5 build ({rows} rows): {secs:.1} s");
    }
}

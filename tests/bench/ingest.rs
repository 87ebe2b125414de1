//! Ingest benchmark (not a test): `cargo bench --bench ingest`.
//!
//! Starts the release service on a temporary data directory and measures, in one run:
//! - sustained throughput from upload to searchable over the Danish corpus (every file made unique per
//!   round with a trailing PDF comment, so each upload is really parsed), beside `pdftotext` over the same files;
//! - time from upload to searchable when idle (one upload at a time), p50/p99;
//! - search latency over HTTP, p50/p99;
//! - the service's resident memory before and after a 1 GiB streamed upload.
//!
//! `BENCH_ROUNDS` (default 8) sets how often the corpus is uploaded for the throughput figure.

#[allow(dead_code)]
#[path = "../e2e/helpers.rs"]
mod helpers;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures::StreamExt;
use helpers::{Server, contract, corpus, enc};

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let files = danish_pdfs();
    println!("corpus: {} Danish PDFs × {rounds} rounds", files.len());

    let pdftotext = pdftotext_time(&files, rounds);
    let server = Server::start_with(&["--max-upload-bytes", &(2u64 << 30).to_string()]);

    let idle = idle_latency(&server, &files).await;
    let (docs, wall) = throughput(&server, &files, rounds).await;
    let searches = search_latency(&server).await;
    let memory = big_upload_memory(&server).await;

    let docs_per_s = docs as f64 / wall.as_secs_f64();
    println!();
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| upload → searchable, sustained ({docs} docs, 4 concurrent clients) | {docs_per_s:.1} documents/s |"
    );
    match pdftotext {
        Some(t) => println!(
            "| pdftotext alone, same files, sequential | {:.1} documents/s (pipeline = {:.2}× pdftotext) |",
            docs as f64 / t.as_secs_f64(),
            t.as_secs_f64() / wall.as_secs_f64()
        ),
        None => println!("| pdftotext | not installed |"),
    }
    println!(
        "| upload → searchable when idle, p50 / p99 | {:.0} ms / {:.0} ms |",
        idle.0, idle.1
    );
    println!(
        "| search over HTTP, p50 / p99 | {:.1} ms / {:.1} ms |",
        searches.0, searches.1
    );
    println!("| service RSS growth during a 1 GiB upload | {memory:.1} MiB |");
}

fn danish_pdfs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus("danish"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
}

/// The bytes of `file` made unique: a PDF comment after `%%EOF` changes the hash, not the content.
fn unique(file: &PathBuf, tag: &str) -> Vec<u8> {
    let mut bytes = std::fs::read(file).unwrap();
    bytes.extend_from_slice(format!("\n%bench {tag}\n").as_bytes());
    bytes
}

fn pdftotext_time(files: &[PathBuf], rounds: usize) -> Option<Duration> {
    let start = Instant::now();
    for _ in 0..rounds {
        for f in files {
            let status = std::process::Command::new("pdftotext")
                .arg(f)
                .arg("/dev/null")
                .stderr(std::process::Stdio::null())
                .status()
                .ok()?;
            let _ = status;
        }
    }
    Some(start.elapsed())
}

fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

async fn idle_latency(server: &Server, files: &[PathBuf]) -> (f64, f64) {
    let mut ms = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let start = Instant::now();
        let (status, doc) = server
            .upload_bytes(
                &contract("idle", "ØKF"),
                "idle.pdf",
                unique(f, &format!("idle{i}")),
            )
            .await;
        assert_eq!(status, 201, "{doc}");
        server.wait_indexed(doc["id"].as_str().unwrap()).await;
        ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    percentiles(ms)
}

async fn throughput(server: &Server, files: &[PathBuf], rounds: usize) -> (usize, Duration) {
    let jobs: Vec<(usize, &PathBuf)> = (0..rounds)
        .flat_map(|r| files.iter().map(move |f| (r, f)))
        .collect();
    let start = Instant::now();
    let ids: Vec<String> = futures::stream::iter(jobs.iter().enumerate())
        .map(|(n, (r, f))| async move {
            let (status, doc) = server
                .upload_bytes(
                    &contract("bench", "BUF"),
                    "bench.pdf",
                    unique(f, &format!("r{r}n{n}")),
                )
                .await;
            assert!(status == 201, "{doc}");
            doc["id"].as_str().unwrap().to_string()
        })
        .buffer_unordered(4)
        .collect()
        .await;
    for id in &ids {
        server.wait_indexed(id).await;
    }
    (ids.len(), start.elapsed())
}

async fn search_latency(server: &Server) -> (f64, f64) {
    let queries = [
        "ophævelse",
        "ansvarsbegrænsning",
        "databehandler",
        "leverandøren",
        "bod",
        "exit",
        "fortrolighed",
        "\"væsentlig misligholdelse\"",
        "opsigelse",
        "underdatabehandler",
        "backup",
        "tillæg",
        "kommune",
        "vederlag",
        "servicemål",
        "licens",
        "konsulent",
        "integration",
        "persondata",
        "sikkerhed",
    ];
    let mut ms = Vec::new();
    for _ in 0..20 {
        for q in queries {
            let start = Instant::now();
            server.search(&format!("q={}&limit=10", enc(q))).await;
            ms.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    percentiles(ms)
}

/// Streams a 1 GiB body (a PDF header, then zeros) and reports how far the service's resident memory rose
/// above its level before the upload (sampled every 10 ms while the upload runs).
async fn big_upload_memory(server: &Server) -> f64 {
    let pid = server.pid();
    let before = rss_kib(pid);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        tokio::spawn(async move {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rss_kib(pid));
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            peak
        })
    };
    const CHUNK: usize = 1 << 20;
    let mut first = vec![0u8; CHUNK];
    first[..9].copy_from_slice(b"%PDF-1.7\n");
    let chunks = futures::stream::iter((0..1024).map(move |i| {
        let chunk = if i == 0 {
            first.clone()
        } else {
            vec![0u8; CHUNK]
        };
        Ok::<_, std::io::Error>(chunk)
    }));
    let body = reqwest::Body::wrap_stream(chunks);
    let form = reqwest::multipart::Form::new()
        .part(
            "metadata",
            reqwest::multipart::Part::text(contract("1 GiB", "TMF").to_string()),
        )
        .part(
            "file",
            reqwest::multipart::Part::stream_with_length(body, 1 << 30).file_name("big.pdf"),
        );
    let r = server
        .http
        .post(server.url("/api/v1/documents"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let peak = sampler.await.unwrap();
    peak.saturating_sub(before) as f64 / 1024.0
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

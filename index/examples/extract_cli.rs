//! Prints a PDF's text with pages separated by form feeds; the status goes to stderr.
//!
//! `extract_cli FILE` prints to stdout. `extract_cli one FILE OUT` is the probe interface of
//! `shared/tools/pdfbench.py`: text to OUT, one tab-separated status line on stdout.

use std::io::Write;
use std::time::Instant;

use index::extract::{ExtractStatus, Extraction, Limits, extract};

fn text(x: &Extraction) -> String {
    let mut s = String::new();
    for p in &x.pages {
        s.push_str(&p.text);
        s.push('\x0c');
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, out) = match args.as_slice() {
        [p] => (p.clone(), None),
        [one, p, o] if one == "one" => (p.clone(), Some(o.clone())),
        _ => {
            eprintln!("usage: extract_cli FILE.pdf | extract_cli one FILE.pdf OUT.txt");
            std::process::exit(2);
        }
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let t0 = Instant::now();
    let x = extract(&bytes, &Limits::default());
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    let status = serde_json::to_string(&x.status).unwrap_or_default();
    let reason = x.reason.clone().unwrap_or_default();
    match out {
        None => {
            let _ = std::io::stdout().lock().write_all(text(&x).as_bytes());
            eprintln!("status: {status} {reason}");
        }
        Some(o) => {
            let ok = matches!(
                x.status,
                ExtractStatus::Ok | ExtractStatus::Partial | ExtractStatus::NoText
            );
            if ok && std::fs::write(&o, text(&x)).is_err() {
                std::process::exit(2);
            }
            let with_text = x.pages.iter().filter(|p| p.chars > 0).count();
            let chars: usize = x.pages.iter().map(|p| p.chars).sum();
            println!(
                "{}\t0\t{ms:.1}\t{}\t{with_text}\t0\t{chars}\t{}\t{status} {}",
                if ok { "ok" } else { "load_error" },
                x.pages.len(),
                x.status == ExtractStatus::Encrypted,
                reason.replace(['\t', '\n'], " ")
            );
        }
    }
}

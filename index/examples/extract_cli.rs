//! Prints a PDF's text, pages separated by form feeds (for `pdfbench.py`); status goes to stderr.

use std::io::Write;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: extract_cli FILE.pdf");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let x = index::extract::extract(&bytes, &index::extract::Limits::default());
    let mut out = std::io::stdout().lock();
    for (i, p) in x.pages.iter().enumerate() {
        if i > 0 {
            let _ = out.write_all(b"\x0c");
        }
        let _ = out.write_all(p.text.as_bytes());
    }
    let _ = out.write_all(b"\x0c");
    eprintln!(
        "status: {}{}",
        serde_json::to_string(&x.status).unwrap_or_default(),
        x.reason.map(|r| format!(" ({r})")).unwrap_or_default()
    );
}

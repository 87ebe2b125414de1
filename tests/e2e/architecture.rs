//! The layout rules of the code, checked on the sources: no import cycle between the files of any crate
//! (`tests/tools/cycles.py`, which resolves `use` and paths through the module tree), no source file
//! over 600 lines, and no HTTP handler over 30 lines.

use std::path::{Path, PathBuf};
use std::process::Command;

const CRATES: [&str; 4] = ["src", "storage/src", "index/src", "templates/src"];
const MOST_LINES: usize = 600;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn no_crate_has_an_import_cycle() {
    let out = Command::new("python3")
        .arg(root().join("tests/tools/cycles.py"))
        .arg("--no-tests")
        .args(CRATES.iter().map(|c| root().join(c)))
        .output()
        .expect("python3 runs the cycle checker");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "import cycles:\n{report}");
    // The checker saw the crates (an empty walk would pass too).
    assert_eq!(
        report.matches("0 cycle(s)").count(),
        CRATES.len(),
        "{report}"
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() && !path.ends_with("node_modules") {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_source_file_is_over_600_lines() {
    let mut files = Vec::new();
    for dir in ["src", "storage", "index", "templates", "tests"] {
        rust_files(&root().join(dir), &mut files);
    }
    assert!(files.len() > 100, "found only {} files", files.len());
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).ok()?.lines().count();
            (n > MOST_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
}

/// Handlers parse, authorise, call one function and map its result: 30 lines at most. A handler is a
/// `pub async fn` under `src/api/`, counted to its closing brace at column 0; the loaders that handlers
/// and pages share (`load_*`) are not handlers.
#[test]
fn every_handler_is_thin() {
    let mut files = Vec::new();
    rust_files(&root().join("src/api"), &mut files);
    let mut fat = Vec::new();
    let mut handlers = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(rest) = line.strip_prefix("pub async fn ") else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.starts_with("load_") {
                continue;
            }
            handlers += 1;
            let end = lines[i..].iter().position(|l| *l == "}").unwrap_or(0);
            if end + 1 > 30 {
                fat.push(format!("{}: {name} ({} lines)", f.display(), end + 1));
            }
        }
    }
    assert!(handlers > 50, "found only {handlers} handlers");
    assert!(fat.is_empty(), "slim these handlers: {fat:?}");
}

//! How much each source of meaning helps or hurts: the relevance set (`tests/data/relevance.tsv`, the
//! same corpus texts and scoring as `tests/relevance.rs`: clause recall@10 and nDCG@10, binary gains)
//! with synonyms from none / the curated list / the thesaurus / both, and with the Hunspell dictionary
//! off and on. Run: `cargo run -p index --example meaning_ablation` (from the workspace root, with
//! `../shared/corpus` beside it and hunspell-da and mythes-da installed).

use std::path::Path;

use index::{DocFields, Level, SearchIndex, SearchOptions, SearchRequest};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
const SET: &str = include_str!("../tests/data/relevance.tsv");
const K: usize = 10;

/// (query, class, expected (document, section)).
type Case = (String, String, Vec<(String, String)>);

fn cases() -> Vec<Case> {
    SET.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let (q, exp) = (cols.next()?, cols.next()?);
            let class = cols.next().unwrap_or("base").trim().to_string();
            let items = exp
                .split(" | ")
                .filter_map(|i| i.trim().split_once(':'))
                // A graded judgment (`5.2=2`) counts here as relevant; the grades are the test's.
                .map(|(d, s)| (d.to_string(), s.split('=').next().unwrap_or(s).to_string()))
                .collect();
            Some((q.to_string(), class, items))
        })
        .collect()
}

/// The first ground-truth text of every source (not a scan), with its title.
fn corpus() -> Vec<(String, String, String)> {
    let dir = |d: &str| -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(Path::new(CORPUS).join(d))
            .unwrap_or_else(|e| panic!("{CORPUS}/{d}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        v
    };
    let texts = dir("danish");
    let mut out = Vec::new();
    for p in dir("src")
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "src"))
    {
        let id = p.file_stem().unwrap().to_string_lossy().to_string();
        let src = std::fs::read_to_string(&p).unwrap();
        let title = src
            .lines()
            .find_map(|l| l.strip_prefix("@title "))
            .unwrap_or(&id)
            .to_string();
        let txt = texts.iter().find(|t| {
            let n = t.file_name().unwrap().to_string_lossy();
            n.starts_with(&format!("{id}__")) && n.ends_with(".txt") && !n.contains("scan")
        });
        if let Some(t) = txt {
            out.push((id, title, std::fs::read_to_string(t).unwrap()));
        }
    }
    out
}

fn section_matches(number: Option<&str>, section: &str) -> bool {
    number.is_some_and(|n| {
        n == section
            || n.starts_with(&format!("{section}."))
            || n.starts_with(&format!("{section} "))
    })
}

/// (recall@10, nDCG@10) of one query.
fn score(idx: &SearchIndex, c: &Case, opts: &SearchOptions) -> (f64, f64) {
    let req = SearchRequest {
        q: c.0.clone(),
        level: Level::Clause,
        limit: K,
        ..Default::default()
    };
    let r = idx
        .search_with(&req, opts)
        .unwrap_or_else(|e| panic!("{}: {e}", c.0));
    let items = &c.2;
    let mut found = vec![false; items.len()];
    let mut dcg = 0.0;
    for (rank, h) in r.hits.iter().take(K).enumerate() {
        let number = h.clause.as_ref().and_then(|c| c.number.as_deref());
        let hit = |(d, s): &(String, String)| h.document_id == *d && section_matches(number, s);
        if let Some(j) = (0..items.len()).find(|&j| !found[j] && hit(&items[j])) {
            found[j] = true;
            dcg += 1.0 / ((rank + 2) as f64).log2();
        }
    }
    let ideal: f64 = (0..items.len().min(K))
        .map(|r| 1.0 / ((r + 2) as f64).log2())
        .sum();
    let recall = found.iter().filter(|f| **f).count() as f64 / items.len().max(1) as f64;
    (recall, if ideal > 0.0 { dcg / ideal } else { 0.0 })
}

fn main() {
    let lang = index::language::current();
    println!(
        "dictionary loaded: {}, thesaurus loaded: {} ({} headwords kept)",
        lang.speller.is_some(),
        lang.thesaurus.is_some(),
        lang.thesaurus.as_ref().map_or(0, |t| t.len())
    );
    let docs = corpus();
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    for (id, title, text) in &docs {
        let fields = DocFields {
            id: id.clone(),
            title: title.clone(),
            kind: "contract".into(),
            ..Default::default()
        };
        let pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
        w.upsert(&fields, &pages).unwrap();
    }
    w.commit(1).unwrap();
    let on = SearchOptions::default();
    let configs: Vec<(&str, SearchOptions)> = vec![
        (
            "no synonyms",
            SearchOptions {
                synonyms: false,
                ..on
            },
        ),
        (
            "curated",
            SearchOptions {
                thesaurus: false,
                ..on
            },
        ),
        (
            "thesaurus",
            SearchOptions {
                curated: false,
                ..on
            },
        ),
        ("both", on),
        (
            "both, no dictionary",
            SearchOptions {
                dictionary: false,
                ..on
            },
        ),
    ];
    let cases = cases();
    let mut classes: Vec<String> = cases.iter().map(|c| c.1.clone()).collect();
    classes.dedup();
    let mut seen = Vec::new();
    classes.retain(|c| {
        let new = !seen.contains(c);
        seen.push(c.clone());
        new
    });
    classes.push("all".into());
    let scores: Vec<Vec<(f64, f64)>> = configs
        .iter()
        .map(|(_, o)| cases.iter().map(|c| score(&idx, c, o)).collect())
        .collect();
    println!(
        "\n{} queries, {} documents; clause recall@10 / nDCG@10\n",
        cases.len(),
        docs.len()
    );
    print!("| class | n |");
    for (name, _) in &configs {
        print!(" {name} |");
    }
    println!("\n|---|---|{}", "---|".repeat(configs.len()));
    for class in &classes {
        let pick: Vec<usize> = (0..cases.len())
            .filter(|&i| class == "all" || cases[i].1 == *class)
            .collect();
        print!("| {class} | {} |", pick.len());
        for s in &scores {
            let n = pick.len().max(1) as f64;
            let r: f64 = pick.iter().map(|&i| s[i].0).sum::<f64>() / n;
            let g: f64 = pick.iter().map(|&i| s[i].1).sum::<f64>() / n;
            print!(" {r:.3} / {g:.3} |");
        }
        println!();
    }
    // Where the thesaurus could act: query words no clause holds that it has synonyms for.
    if let Some(th) = &lang.thesaurus {
        println!();
        for c in &cases {
            for w in
                c.0.split_whitespace()
                    .filter(|w| w.chars().all(char::is_alphabetic))
            {
                let exact = SearchRequest {
                    q: format!("={w}"),
                    ..Default::default()
                };
                if !th.of(w).is_empty() && idx.search(&exact).map_or(0, |r| r.total) == 0 {
                    println!("thesaurus [{}] {w}: {}", c.1, th.of(w).join(", "));
                }
            }
        }
    }
    // Time per query of the classes that use the dictionary, with it and without (this build).
    for (name, o) in [("dictionary", on), ("no dictionary", configs[4].1)] {
        let pick: Vec<&Case> = cases
            .iter()
            .filter(|c| c.1 == "typo" || c.1 == "compound")
            .collect();
        let t = std::time::Instant::now();
        for _ in 0..5 {
            for c in &pick {
                score(&idx, c, &o);
            }
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / (5 * pick.len()) as f64;
        println!("typo+compound queries, {name}: {ms:.2} ms per query");
    }
    // The queries whose recall a source changes, so the table can be read query by query.
    println!();
    for (i, c) in cases.iter().enumerate() {
        let r: Vec<f64> = scores.iter().map(|s| s[i].0).collect();
        if r.iter().any(|x| (x - r[0]).abs() > 1e-9) {
            let cells: Vec<String> = r.iter().map(|x| format!("{x:.2}")).collect();
            println!("changed  [{}] {:40} {}", c.1, c.0, cells.join("  "));
        }
    }
}

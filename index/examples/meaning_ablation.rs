//! How much each source of meaning helps or hurts: the relevance set (`tests/data/relevance.tsv`, the
//! same corpus texts and scoring as `tests/relevance.rs`, through `tests/relevance/set.rs`: clause
//! recall@10 and nDCG@10 with graded gains)
//! with synonyms from none / the curated list / the thesaurus / both, and with the Hunspell dictionary
//! off and on. Run: `cargo run -p index --example meaning_ablation` (from the workspace root, with
//! `../shared/corpus` beside it and hunspell-da and mythes-da installed).

use index::{Level, SearchOptions, SearchRequest};

#[allow(dead_code)]
#[path = "../tests/relevance/set.rs"]
mod set;

use set::{Case, Score, cases, corpus, index_corpus, mean, ours};

fn main() {
    let lang = index::language::current();
    println!(
        "dictionary loaded: {}, thesaurus loaded: {} ({} headwords kept)",
        lang.speller.is_some(),
        lang.thesaurus.is_some(),
        lang.thesaurus.as_ref().map_or(0, |t| t.len())
    );
    let docs = corpus();
    let idx = index_corpus(&docs);
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
    let mut classes: Vec<String> = cases.iter().map(|c| c.class.clone()).collect();
    classes.dedup();
    let mut seen = Vec::new();
    classes.retain(|c| {
        let new = !seen.contains(c);
        seen.push(c.clone());
        new
    });
    classes.push("all".into());
    let scores: Vec<Vec<Score>> = configs
        .iter()
        .map(|(_, o)| {
            cases
                .iter()
                .map(|c| ours(&idx, c, Level::Clause, o))
                .collect()
        })
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
            .filter(|&i| class == "all" || cases[i].class == *class)
            .collect();
        print!("| {class} | {} |", pick.len());
        for s in &scores {
            let m = mean(&pick.iter().map(|&i| s[i]).collect::<Vec<_>>());
            print!(" {:.3} / {:.3} |", m.recall, m.ndcg);
        }
        println!();
    }
    // Where the thesaurus could act: query words no clause holds that it has synonyms for.
    if let Some(th) = &lang.thesaurus {
        println!();
        for c in &cases {
            for w in
                c.q.split_whitespace()
                    .filter(|w| w.chars().all(char::is_alphabetic))
            {
                let exact = SearchRequest {
                    q: format!("={w}"),
                    ..Default::default()
                };
                if !th.of(w).is_empty() && idx.search(&exact).map_or(0, |r| r.total) == 0 {
                    println!("thesaurus [{}] {w}: {}", c.class, th.of(w).join(", "));
                }
            }
        }
    }
    // Time per query of the classes that use the dictionary, with it and without (this build).
    for (name, o) in [("dictionary", on), ("no dictionary", configs[4].1)] {
        let pick: Vec<&Case> = cases
            .iter()
            .filter(|c| c.class == "typo" || c.class == "compound")
            .collect();
        let t = std::time::Instant::now();
        for _ in 0..5 {
            for c in &pick {
                ours(&idx, c, Level::Clause, &o);
            }
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / (5 * pick.len()) as f64;
        println!("typo+compound queries, {name}: {ms:.2} ms per query");
    }
    // The queries whose recall a source changes, so the table can be read query by query.
    println!();
    for (i, c) in cases.iter().enumerate() {
        let r: Vec<f64> = scores.iter().map(|s| s[i].recall).collect();
        if r.iter().any(|x| (x - r[0]).abs() > 1e-9) {
            let cells: Vec<String> = r.iter().map(|x| format!("{x:.2}")).collect();
            println!("changed  [{}] {:40} {}", c.class, c.q, cells.join("  "));
        }
    }
}

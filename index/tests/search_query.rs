//! The query language never panics: hostile and random queries give hits or `Error::Query`.

use index::{DocFields, Error, SearchIndex, SearchRequest};

#[test]
fn hostile_queries_never_panic() {
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    let doc = DocFields {
        id: "a".into(),
        title: "T".into(),
        kind: "contract".into(),
        ..Default::default()
    };
    w.upsert(
        &doc,
        &["1. Ophævelse\nKunden kan ophæve aftalen ved væsentlig misligholdelse.".into()],
    )
    .unwrap();
    w.commit(1).unwrap();
    let fixed = [
        "",
        " ",
        "\"",
        "\"\"",
        "\"~",
        "\"a\"~",
        "\"a b\"~999999999999",
        "(",
        ")",
        "((((",
        "a AND",
        "OR b",
        "NOT",
        "-",
        "+",
        "- -",
        "*",
        "a*",
        "æ*",
        "~",
        "a~9",
        "a~~",
        ":",
        "type:",
        "dato:..",
        "dato:2024..2023",
        "år:99999",
        "år:..",
        "overskrift:",
        "overskrift:\"\"",
        "leverandør:\"\"",
        "system:",
        "forvaltning:xx",
        "dato:2024-02-30",
        "\u{0}",
        "\u{feff}",
        "ﬀ ﬁ",
        "a OR OR b",
        "(a OR) b",
        "NOT NOT a",
        "-(-a)",
        "a AND NOT b",
        "»a b«~2",
    ];
    let mut queries: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
    queries.push("(".repeat(100));
    queries.push("a ".repeat(1500));
    // Random strings over the characters the grammar cares about (a fixed LCG: the test is repeatable).
    let alphabet: Vec<char> = "ab æøå\"()*~:-+.019ORANDNOTdato:type:".chars().collect();
    let mut x: u64 = 42;
    for _ in 0..2000 {
        let mut q = String::new();
        for _ in 0..(x % 17) {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            q.push(alphabet[(x >> 33) as usize % alphabet.len()]);
        }
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        queries.push(q);
    }
    for q in queries {
        let req = SearchRequest {
            q: q.clone(),
            limit: 5,
            ..Default::default()
        };
        match idx.search(&req) {
            Ok(_) => {}
            Err(Error::Query { position, .. }) => {
                assert!(position <= q.chars().count(), "{q:?}: {position}")
            }
            Err(e) => panic!("{q:?}: {e}"),
        }
    }
}

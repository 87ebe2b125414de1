//! Words against the tantivy filter chains they replace, and the per-thread cache under interleaving.

use super::*;
use crate::analysis::{normalize, reference};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/danish");

fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
    crate::analysis::tokens(&mut a, text)
        .into_iter()
        .map(|t| (t.text, t.offset_from, t.offset_to, t.position))
        .collect()
}

/// Each form with its reference chain, and whether the form gives each distinct word of a text once.
fn pairs_of_analyzers() -> Vec<(Form, TextAnalyzer, bool)> {
    vec![
        (Form::Stem, reference::stem_analyzer(), false),
        (Form::Lower, reference::lower_analyzer(), false),
        (Form::Fold, reference::fold_analyzer(), false),
        (Form::FoldSet, reference::fold_analyzer(), true),
        (Form::Rev, reference::rev_analyzer(), true),
        (Form::Pair, reference::pair_analyzer(), false),
    ]
}

/// `tokens` without the repeats of a lowercase word (as tantivy's LowerCaser lowercases it).
fn first_of_each_word(
    tokens: Vec<(String, usize, usize, usize)>,
    text: &str,
) -> Vec<(String, usize, usize, usize)> {
    let mut seen = std::collections::HashSet::new();
    tokens
        .into_iter()
        .filter(|t| {
            let lower: String = text[t.1..t.2]
                .chars()
                .flat_map(char::to_lowercase)
                .collect();
            seen.insert(lower)
        })
        .collect()
}

fn texts() -> Vec<String> {
    let mut out = vec![
        String::new(),
        "   ".to_string(),
        "Kunden kan i henhold til væsentlig misligholdelse".to_string(),
        format!("i {} til kunden kan", "x".repeat(70)),
        format!("kan {} i", "æ".repeat(30)),
        "İSTANBUL ΣΟΦΟΣ Straße Ærø Åbenrå ÅBENRÅ 12.3 a) §7 data-behandler".to_string(),
        "databeskyttelsesforordningen hostingydelsen leverandørens ansvarsbegrænsning".to_string(),
    ];
    let mut files: Vec<_> = std::fs::read_dir(CORPUS)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for f in files.iter().take(12) {
        let text = normalize(&std::fs::read_to_string(f).unwrap());
        out.extend(text.split("\n\n").map(str::to_string));
        out.push(text);
    }
    out
}

#[test]
fn tokens_are_those_of_the_filter_chains() {
    let texts = texts();
    assert!(texts.len() > 100, "too few corpus texts: {}", texts.len());
    for (form, reference, once) in pairs_of_analyzers() {
        for t in &texts {
            let mut expected = tokens(reference.clone(), t);
            if once {
                expected = first_of_each_word(expected, t);
            }
            assert_eq!(
                tokens(Words::analyzer(form), t),
                expected,
                "{form:?}: {:?}",
                t.chars().take(80).collect::<String>()
            );
        }
    }
}

#[test]
fn interleaved_texts_and_open_streams_do_not_mix() {
    let texts = texts();
    let (a, b) = (&texts[2], &texts[5]);
    let mut stem = Words::analyzer(Form::Stem);
    let mut pair = Words::analyzer(Form::Pair);
    // A stream still open while other texts pass through every slot of the cache.
    let mut open = stem.token_stream(a);
    for t in texts.iter().skip(3).take(3 * SLOTS) {
        assert_eq!(
            tokens(Words::analyzer(Form::Fold), t),
            tokens(reference::fold_analyzer(), t)
        );
    }
    let mut seen = Vec::new();
    while open.advance() {
        seen.push(open.token().text.clone());
    }
    drop(open);
    assert_eq!(
        seen,
        crate::analysis::terms(&mut reference::stem_analyzer(), a)
    );
    for _ in 0..3 {
        assert_eq!(
            crate::analysis::terms(&mut pair, b),
            crate::analysis::terms(&mut reference::pair_analyzer(), b)
        );
        assert_eq!(
            crate::analysis::terms(&mut stem, a),
            crate::analysis::terms(&mut reference::stem_analyzer(), a)
        );
    }
}

#[test]
fn each_word_once_even_when_the_stem_cache_starts_over() {
    // More distinct words than the cache holds, so it starts over inside the text, then repeats of
    // words from before and after that point.
    let words: Vec<String> = (0..STEM_CACHE + 20).map(|i| format!("ord{i}")).collect();
    let mut text = words.join(" ");
    for w in words.iter().step_by(997).chain(words.iter().rev().take(30)) {
        text.push(' ');
        text.push_str(w);
    }
    let got = crate::analysis::terms(&mut Words::analyzer(Form::FoldSet), &text);
    let distinct: std::collections::HashSet<&String> = got.iter().collect();
    assert_eq!(distinct.len(), words.len(), "a word went missing");
    // Words from before the start-over may come again (harmless); those after it may not.
    for w in &words[STEM_CACHE..] {
        assert_eq!(got.iter().filter(|g| *g == w).count(), 1, "{w} repeated");
    }
    let mut again = Words::analyzer(Form::FoldSet);
    assert_eq!(
        crate::analysis::terms(&mut again, "kunden Kunden KUNDEN leverandøren kunden"),
        vec!["kunden", "leverandoeren"]
    );
}

#[test]
fn stems_are_prefixes_of_their_words() {
    // Snippets stem only words that start with a query stem (`with_stem`); that is exact only if
    // Snowball never changes a word but by cutting its end.
    let mut checked = 0;
    for t in texts() {
        let lower = crate::analysis::terms(&mut reference::lower_analyzer(), &t);
        let stems = crate::analysis::terms(&mut reference::stem_analyzer(), &t);
        assert_eq!(lower.len(), stems.len());
        for (l, s) in lower.iter().zip(&stems) {
            assert!(l.starts_with(s.as_str()), "{s:?} is no prefix of {l:?}");
            assert_eq!(with_stem(l, str::to_string), *s);
            checked += 1;
        }
    }
    assert!(checked > 10_000, "too few words: {checked}");
    let mut words = Vec::new();
    each_lower("Kunden kan ÅBENRÅ 12.3 a", |at, lower| {
        words.push((at, lower.to_string()));
    });
    assert_eq!(
        words,
        vec![
            (0..6, "kunden".to_string()),
            (7..10, "kan".to_string()),
            (11..19, "åbenrå".to_string()),
            (20..22, "12".to_string()),
            (23..24, "3".to_string()),
            (25..26, "a".to_string()),
        ]
    );
}

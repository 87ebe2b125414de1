//! Synonyms of query words, from the curated list `index/data/synonyms.tsv` (compiled in, so the service
//! needs no thesaurus at runtime; every group names its source there).
//!
//! Entries are matched by their folded stems, so an inflected query word ("personoplysningerne") or one
//! typed without æøå finds its group; an entry of several words ("personlige oplysninger") is matched
//! as the whole query word sequence and searched as a phrase.

use std::collections::HashMap;
use std::sync::OnceLock;

const LIST: &str = include_str!("../../data/synonyms.tsv");

/// The key of a word or phrase: the stems of its folded words, space-separated (folding first, so
/// that a word typed without æøå gets the same key).
pub fn key(text: &str) -> String {
    crate::language::key(text)
}

struct Table {
    groups: Vec<Vec<String>>,
    by_key: HashMap<String, Vec<usize>>,
}

/// The groups of the list (entries as written), and each entry's source (for the tests).
pub(crate) fn groups() -> Vec<(Vec<String>, String)> {
    LIST.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (words, source) = l.split_once('\t').unwrap_or((l, ""));
            let words = words
                .split(',')
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect();
            (words, source.trim().to_string())
        })
        .collect()
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let groups: Vec<Vec<String>> = groups().into_iter().map(|(w, _)| w).collect();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, g) in groups.iter().enumerate() {
            for w in g {
                let e = by_key.entry(key(w)).or_default();
                if !e.contains(&i) {
                    e.push(i);
                }
            }
        }
        Table { groups, by_key }
    })
}

/// The other entries of every group that holds `text` (as written in the list), without `text`'s own.
pub fn of(text: &str) -> Vec<String> {
    let t = table();
    let k = key(text);
    let mut out: Vec<String> = Vec::new();
    for &g in t.by_key.get(&k).map_or(&[][..], Vec::as_slice) {
        for w in t.groups.get(g).map_or(&[][..], Vec::as_slice) {
            if key(w) != k && !out.contains(w) {
                out.push(w.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_has_a_source_and_two_entries() {
        for (words, source) in groups() {
            assert!(words.len() >= 2, "{words:?}");
            assert!(!source.is_empty(), "{words:?} names no source");
        }
    }

    #[test]
    fn inflected_and_folded_words_find_their_group() {
        assert!(of("persondata").contains(&"personoplysninger".to_string()));
        assert!(of("personoplysningerne").contains(&"persondata".to_string()));
        assert!(of("nedbrud").contains(&"driftsforstyrrelse".to_string()));
        assert!(of("e-mail").contains(&"e-post".to_string()));
        assert!(of("tilgaengelighed").contains(&"oppetid".to_string()));
        assert!(of("kontrakt").is_empty());
    }
}

//! [`Vocabulary`]: the words the query language accepts for `type:` and `forvaltning:`.
//!
//! The catalog (`storage`) owns the document kinds and the forvaltninger; `index` must not depend on it,
//! so the service hands the words in ([`crate::SearchIndex::set_vocabulary`]). The default is the set
//! the index's own tests use, which is also what the service had hard-coded before.

use crate::analysis::fold_word;

/// One allowed value: the code stored in the index (`contract`, `ØKF`) and the words that name it.
/// The first alias (else the code) is what error messages show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabEntry {
    pub code: String,
    pub aliases: Vec<String>,
}

/// The values of `type:` (document kinds) and `forvaltning:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    pub kinds: Vec<VocabEntry>,
    pub forvaltninger: Vec<VocabEntry>,
}

fn entry(code: &str, aliases: &[&str]) -> VocabEntry {
    VocabEntry {
        code: code.to_string(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            kinds: vec![
                entry("contract", &["kontrakt", "kontrakter"]),
                entry("addendum", &["tillæg"]),
                entry("appendix", &["bilag"]),
                entry("data_processing_agreement", &["databehandleraftale", "dba"]),
                entry(
                    "system_documentation",
                    &["systemdokumentation", "systemteknisk", "dokumentation"],
                ),
            ],
            forvaltninger: ["ØKF", "BUF", "KFF", "SUF", "SOF", "TMF", "BIF"]
                .iter()
                .map(|c| entry(c, &[]))
                .collect(),
        }
    }
}

/// The key two spellings of one value share: lowercase, folded (`ØKF`, `økf`, `oekf`), and `o`/`a`
/// for `oe`/`aa`/`ae` too (`okf`, `tillag`).
fn key(v: &str) -> String {
    fold_word(&v.to_lowercase())
        .replace("oe", "o")
        .replace("aa", "a")
        .replace("ae", "a")
}

/// The code of `value` among `entries`, matched against codes and aliases; else the words to offer.
pub(super) fn lookup(entries: &[VocabEntry], value: &str) -> Result<String, String> {
    let k = key(value);
    entries
        .iter()
        .find(|e| key(&e.code) == k || e.aliases.iter().any(|a| key(a) == k))
        .map(|e| e.code.clone())
        .ok_or_else(|| {
            let names: Vec<&str> = entries
                .iter()
                .map(|e| e.aliases.first().unwrap_or(&e.code).as_str())
                .collect();
            match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} eller {last}", rest.join(", "))
                }
                Some((last, _)) => last.to_string(),
                None => "(ingen kendte værdier)".to_string(),
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_aliases_and_spellings() {
        let v = Vocabulary::default();
        assert_eq!(lookup(&v.kinds, "Tillæg").unwrap(), "addendum");
        assert_eq!(lookup(&v.kinds, "tillaeg").unwrap(), "addendum");
        assert_eq!(lookup(&v.kinds, "tillag").unwrap(), "addendum");
        assert_eq!(lookup(&v.kinds, "contract").unwrap(), "contract");
        assert_eq!(lookup(&v.forvaltninger, "okf").unwrap(), "ØKF");
        assert_eq!(lookup(&v.forvaltninger, "oekf").unwrap(), "ØKF");
        let e = lookup(&v.forvaltninger, "xx").unwrap_err();
        assert_eq!(e, "ØKF, BUF, KFF, SUF, SOF, TMF eller BIF");
        let e = lookup(&v.kinds, "x").unwrap_err();
        assert!(e.starts_with("kontrakt, tillæg, bilag"), "{e}");
    }
}

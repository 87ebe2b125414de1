//! The words a searcher types for a document kind or a forvaltning (`type:tillæg`, `forvaltning:okf`).
//!
//! They live beside the vocabularies so that the query parser, the reports and the API share one list
//! instead of each typing the words again. `index` does not depend on `storage`; the service hands these
//! lists to the parser.

use super::{DocumentKind, Forvaltning};

impl DocumentKind {
    /// Lowercase words that name this kind in a search: the wire word, the Danish words, and their forms
    /// folded without æøå (æ → ae, ø → oe, å → aa, and the plain-vowel form people type on a foreign keyboard).
    pub fn search_aliases(self) -> &'static [&'static str] {
        match self {
            DocumentKind::Contract => &["contract", "kontrakt", "kontrakter"],
            DocumentKind::Addendum => &["addendum", "tillæg", "tillaeg", "tillag"],
            DocumentKind::Appendix => &["appendix", "bilag"],
            DocumentKind::DataProcessingAgreement => {
                &["data_processing_agreement", "databehandleraftale", "dba"]
            }
            DocumentKind::SystemDocumentation => &[
                "system_documentation",
                "systemdokumentation",
                "systemteknisk",
                "dokumentation",
            ],
        }
    }

    /// The kind a search word names, ignoring case; `None` for an unknown word.
    pub fn from_search_word(word: &str) -> Option<Self> {
        from_alias(Self::ALL, word, |k| k.search_aliases())
    }
}

impl Forvaltning {
    /// Lowercase words that name this forvaltning in a search: its code, and for ØKF the folded forms.
    pub fn search_aliases(self) -> &'static [&'static str] {
        match self {
            Forvaltning::Okf => &["økf", "oekf", "okf"],
            Forvaltning::Buf => &["buf"],
            Forvaltning::Kff => &["kff"],
            Forvaltning::Suf => &["suf"],
            Forvaltning::Sof => &["sof"],
            Forvaltning::Tmf => &["tmf"],
            Forvaltning::Bif => &["bif"],
        }
    }

    /// The forvaltning a search word names, ignoring case; `None` for an unknown word.
    pub fn from_search_word(word: &str) -> Option<Self> {
        from_alias(Self::ALL, word, |f| f.search_aliases())
    }
}

fn from_alias<T: Copy>(
    all: &[T],
    word: &str,
    aliases: impl Fn(T) -> &'static [&'static str],
) -> Option<T> {
    let word = word.trim().to_lowercase();
    all.iter()
        .copied()
        .find(|v| aliases(*v).contains(&word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_name_kinds_and_forvaltninger() {
        assert_eq!(
            DocumentKind::from_search_word("Tillæg"),
            Some(DocumentKind::Addendum)
        );
        assert_eq!(
            DocumentKind::from_search_word("dba"),
            Some(DocumentKind::DataProcessingAgreement)
        );
        assert_eq!(
            DocumentKind::from_search_word("systemteknisk"),
            Some(DocumentKind::SystemDocumentation)
        );
        assert_eq!(DocumentKind::from_search_word("faktura"), None);
        for word in ["ØKF", "økf", "oekf", "OKF"] {
            assert_eq!(
                Forvaltning::from_search_word(word),
                Some(Forvaltning::Okf),
                "{word}"
            );
        }
        assert_eq!(Forvaltning::from_search_word("xyz"), None);
    }

    #[test]
    fn every_value_is_found_by_its_own_wire_word_and_no_alias_is_shared() {
        let mut seen = std::collections::HashSet::new();
        for kind in DocumentKind::ALL {
            assert_eq!(DocumentKind::from_search_word(kind.as_str()), Some(*kind));
            for alias in kind.search_aliases() {
                assert_eq!(*alias, alias.to_lowercase(), "aliases are lowercase");
                assert!(seen.insert(*alias), "{alias} names two kinds");
            }
        }
        for f in Forvaltning::ALL {
            assert_eq!(Forvaltning::from_search_word(f.as_str()), Some(*f));
        }
    }
}

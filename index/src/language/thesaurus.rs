//! [`Thesaurus`]: the MyThes thesaurus (`th_da_DK.dat`), filtered to what can serve a search.
//!
//! The `.dat` file is `word|n`, then n lines `(class)|syn|syn…`; a synonym may carry a label in
//! parentheses. Kept: one-word headwords and one-word synonyms, plain or labelled colloquial,
//! technical or legal. Left out: narrower terms ("underbegreb", most of the file: "betaling" →
//! "acontobetaling", "advokatsalær"), vulgar words and phrases. Entries are keyed like the curated
//! list (folded stems), so an inflected query word finds its headword.

use std::collections::HashMap;
use std::path::Path;

use crate::analysis;

const KEPT_LABELS: [&str; 3] = ["(daglig tale)", "(fagudtryk)", "(juridisk)"];

pub struct Thesaurus {
    by_key: HashMap<String, Vec<String>>,
}

/// The key of a word: the stem of its folded form (a word typed without æøå gets the same key).
pub fn key(text: &str) -> String {
    key_with(&mut analysis::stem_analyzer(), text)
}

fn key_with(stem: &mut tantivy::tokenizer::TextAnalyzer, text: &str) -> String {
    let folded = analysis::fold_word(&analysis::normalize(text).to_lowercase());
    analysis::terms(stem, &folded).join(" ")
}

fn one_word(w: &str) -> bool {
    w.chars().count() >= 3 && w.chars().all(|c| c.is_alphabetic() || c == '-')
}

impl Thesaurus {
    pub fn load(dat: &Path) -> Result<Thesaurus, String> {
        let bytes = std::fs::read(dat).map_err(|e| format!("{}: {e}", dat.display()))?;
        // The first line names the encoding; Debian's file is UTF-8, older ones ISO-8859-1.
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => e.into_bytes().iter().map(|&b| char::from(b)).collect(),
        };
        Ok(Thesaurus::parse(&text))
    }

    pub fn parse(text: &str) -> Thesaurus {
        let mut by_key: HashMap<String, Vec<String>> = HashMap::new();
        let mut stem = analysis::stem_analyzer();
        let mut lines = text.lines().skip(1);
        while let Some(head) = lines.next() {
            let Some((word, n)) = head.rsplit_once('|') else {
                continue;
            };
            let n: usize = n.trim().parse().unwrap_or(0);
            let senses: Vec<&str> = lines.by_ref().take(n).collect();
            let word = word.trim().to_lowercase();
            if !one_word(&word) {
                continue;
            }
            let k = key_with(&mut stem, &word);
            let mut syns: Vec<String> = Vec::new();
            for s in senses.iter().flat_map(|l| l.split('|').skip(1)) {
                let s = s.trim();
                let plain = KEPT_LABELS
                    .iter()
                    .find_map(|l| s.strip_suffix(l))
                    .unwrap_or(s)
                    .trim()
                    .to_lowercase();
                if one_word(&plain) && !syns.contains(&plain) && key_with(&mut stem, &plain) != k {
                    syns.push(plain);
                }
            }
            if !syns.is_empty() {
                let e = by_key.entry(k).or_default();
                for s in syns {
                    if !e.contains(&s) {
                        e.push(s);
                    }
                }
            }
        }
        Thesaurus { by_key }
    }

    /// The synonyms of a word (any inflection, with or without æøå), in the thesaurus's order.
    pub fn of(&self, word: &str) -> &[String] {
        self.by_key.get(&key(word)).map_or(&[], Vec::as_slice)
    }

    /// How many headwords have synonyms kept.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrower_terms_and_phrases_are_left_out() {
        let t = Thesaurus::parse(
            "UTF-8\nnedbrud|1\n|sammenbrud\nbetaling|3\n|vederlag\n|forudbetaling (underbegreb)\n\
             |ydelse (fagudtryk)|til gode\n(den) indre by|1\n|centrum\n",
        );
        assert_eq!(t.of("nedbruddet"), ["sammenbrud"]);
        assert_eq!(t.of("betalingen"), ["vederlag", "ydelse"]);
        assert_eq!(t.len(), 2);
    }
}

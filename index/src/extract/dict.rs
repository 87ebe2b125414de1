//! The Danish word list, to tell a line-end hyphen that the producer put there (`netværks-` +
//! `komponenter`, `be-` + `grænse`) from one that belongs to the word (`e-mail`, `ikke-væsentlig`)
//! when the document itself does not say. The stems of Debian's `hunspell-da` dictionary are read once
//! per process (affix rules are not expanded: a few common Danish endings are stripped instead). Without
//! the file, nothing is known and hyphens stay as the producer drew them.

use std::collections::HashSet;
use std::sync::OnceLock;

const PATH: &str = "/usr/share/hunspell/da_DK.dic";

/// Inflection endings tried when a word is not a stem ("komponenter" → "komponent").
const ENDINGS: &[&str] = &[
    "erne", "ene", "ernes", "enes", "ers", "ens", "ets", "er", "en", "et", "es", "e", "s", "r",
    "t", "ne", "n",
];

fn stems() -> &'static HashSet<String> {
    static STEMS: OnceLock<HashSet<String>> = OnceLock::new();
    STEMS.get_or_init(|| {
        let Ok(text) = std::fs::read_to_string(PATH) else {
            return HashSet::new();
        };
        text.lines()
            .skip(1)
            .filter_map(|l| l.split(['/', ' ', '\t']).next())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    })
}

/// Whether the word list is there at all.
pub fn available() -> bool {
    !stems().is_empty()
}

/// Whether `w` (lower case) is a stem of the list, exactly.
pub fn is_stem(w: &str) -> bool {
    stems().contains(w)
}

/// Whether `w` (lower case) is a stem, or a stem with a common ending.
pub fn knows(w: &str) -> bool {
    is_stem(w)
        || ENDINGS.iter().any(|e| {
            w.strip_suffix(e)
                .is_some_and(|s| s.chars().count() >= 3 && is_stem(s))
        })
}

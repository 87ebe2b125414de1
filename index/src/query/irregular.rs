//! Danish verbs whose past forms a stemmer cannot join to the infinitive ("opsagt" stems to "opsag",
//! "opsige" to "opsig"), from the list `index/data/irregular_verbs.tsv` (compiled in; every verb names
//! its source there). A query word that is one of a verb's forms, alone or behind verb particles
//! ("op" + "sagt", "tilbage" + "trukket"), gets the verb's other forms with the same particles. Only
//! known particles count, so that "katalog" is not read as kata + "tog".

use std::collections::HashMap;
use std::sync::OnceLock;

const LIST: &str = include_str!("../../data/irregular_verbs.tsv");

/// Particles that go in front of Danish verbs (Retskrivningsordbogen's particle verbs written as one
/// word: "opsige", "afhjælpe", "underskrive", "tilbagetrække").
const PARTICLES: &[&str] = &[
    "af", "an", "be", "bort", "efter", "er", "fast", "for", "fore", "frem", "fra", "gen", "god",
    "hen", "i", "ikraft", "ind", "inden", "med", "mis", "mod", "ned", "om", "op", "over", "på",
    "sammen", "til", "tilbage", "ud", "under", "ved", "videre",
];

/// Every form of the list → the forms of its verb.
fn table() -> &'static HashMap<String, Vec<String>> {
    static T: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = HashMap::new();
        for line in LIST
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let forms: Vec<String> = line
                .split('\t')
                .next()
                .unwrap_or("")
                .split(',')
                .map(|f| f.trim().to_string())
                .filter(|f| !f.is_empty())
                .collect();
            for f in &forms {
                t.insert(f.clone(), forms.clone());
            }
        }
        t
    })
}

/// Whether `prefix` is one or two particles ("op", "tilbage", "genind").
fn particles(prefix: &str) -> bool {
    prefix.is_empty()
        || PARTICLES.iter().any(|p| {
            prefix
                .strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || PARTICLES.contains(&rest))
        })
}

/// The other forms of the verb `word` is a form of ("opsagt" → "opsige", "opsagde"), lowercase; empty
/// for a word that is no form of a listed verb.
pub fn other_forms(word: &str) -> Vec<String> {
    let word = word.to_lowercase();
    let t = table();
    // The longest form that ends the word behind particles: "undergået" is under + "gået", not a
    // form "et" of anything.
    let found = word
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| t.contains_key(&word[i..]) && particles(&word[..i]));
    let Some(i) = found else {
        return Vec::new();
    };
    let (prefix, form) = word.split_at(i);
    t[form]
        .iter()
        .filter(|f| f.as_str() != form)
        .map(|f| format!("{prefix}{f}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_forms_find_the_verb_behind_particles() {
        assert_eq!(other_forms("opsagt"), ["opsige", "opsagde"]);
        assert_eq!(other_forms("Afhjulpet"), ["afhjælpe", "afhjalp"]);
        assert_eq!(
            other_forms("tilbagetrukket"),
            ["tilbagetrække", "tilbagetrak"]
        );
        assert_eq!(other_forms("underskrive"), ["underskrev", "underskrevet"]);
        assert_eq!(other_forms("gået"), ["gå", "gik"]);
    }

    #[test]
    fn other_words_are_left_alone() {
        for w in ["katalog", "kontrakt", "opsigelse", "", "tog2", "æblegav"] {
            assert!(other_forms(w).is_empty(), "{w}");
        }
    }

    #[test]
    fn every_line_has_three_forms_and_a_source() {
        for line in LIST
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let (forms, source) = line.split_once('\t').expect("a TAB before the source");
            assert_eq!(forms.split(',').count(), 3, "{line}");
            assert!(!source.trim().is_empty(), "{line}");
        }
    }
}

//! Danish text analysis: the analyzers registered on the index and the same functions for queries and
//! highlighting, so that a query word is always turned into terms exactly like indexed text.
//!
//! - `da_stem`: words → lowercase → Snowball Danish stem (main field; "ophæve" and "Ophævelse" → "ophæv").
//! - `da_fold`: words → lowercase → æ→ae, ø→oe, å→aa (so "Aabenraa" = "Åbenrå", and users can type
//!   without æøå as "ophaevelse"), then ASCII folding of other accents; unstemmed, carries fuzzy matching
//!   and the modifier half of compounds ("hosting" finds "hostingydelsen" as the prefix `hosting.{4,}`).
//! - `da_fold_set`: `da_fold` with each distinct word of a text once, for the clause text's folded
//!   field, which keeps document ids alone (a repeated word adds nothing there).
//! - `da_rev`: the stems of long words, reversed, for the head half of compounds: "forordning" finds
//!   "databeskyttelsesforordningen" as the prefix `gnindrorof.{3,}` of the reversed stems. One term per
//!   long word, where indexing every possible part cost several terms per word; the search does the
//!   splitting, as a cheap prefix walk of the term dictionary (see `query::compile`). Each distinct
//!   word of a text once, as in `da_fold_set`.
//! - `da_pair`: pairs of adjacent stems with a common word ("kund kan", "i henhold"), for fast phrases
//!   ([`pairs`]).
//! - `da_plain`: the baseline that Paperless-ngx-like systems use (stem, then ASCII folding), for comparison.
//!
//! All but `da_plain` are one tokenizer, [`Words`] (`words`), in different forms: a text's words are
//! found, lowercased and stemmed once per thread and read by every field that indexes the text.
//! `reference` keeps the tantivy filter chains they replace (with `map` and `pairs::filter`), for the
//! tests that compare their tokens.
//!
//! `fold` holds the folding of one word and the length limits, which every analyzer shares.
//!
//! Text is NFKC-normalised before it reaches any analyzer ([`normalize`]), which also undoes ligatures.

mod fold;
#[cfg(test)]
mod map;
pub mod pairs;
mod words;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenStream,
};
use unicode_normalization::UnicodeNormalization;

pub use fold::{MIN_COMPOUND, MIN_HEAD, MIN_MODIFIER, MIN_REST, fold_into, fold_word};
pub use words::{Form, Words, each_lower, with_stem};

use fold::MAX_TOKEN;

pub const STEM: &str = "da_stem";
pub const FOLD: &str = "da_fold";
pub const FOLD_SET: &str = "da_fold_set";
pub const REV: &str = "da_rev";
pub const PAIR: &str = "da_pair";
pub const PLAIN: &str = "da_plain";

/// NFKC plus removal of soft hyphens and zero-width characters that PDF producers leave in words.
pub fn normalize(text: &str) -> String {
    text.nfkc()
        .filter(|c| {
            !matches!(
                c,
                '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}'
            )
        })
        .collect()
}

pub fn stem_analyzer() -> TextAnalyzer {
    Words::analyzer(Form::Stem)
}

/// Words, lowercased, unstemmed (query words and snippet tokens).
pub fn lower_analyzer() -> TextAnalyzer {
    Words::analyzer(Form::Lower)
}

pub fn fold_analyzer() -> TextAnalyzer {
    Words::analyzer(Form::Fold)
}

/// Folded words, each distinct word of a text once (the clause text's document-ids-only field).
pub fn fold_set_analyzer() -> TextAnalyzer {
    Words::analyzer(Form::FoldSet)
}

pub fn rev_analyzer() -> TextAnalyzer {
    Words::analyzer(Form::Rev)
}

pub fn pair_analyzer() -> TextAnalyzer {
    Words::analyzer(Form::Pair)
}

pub fn plain_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Danish))
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers every analyzer of this module on `index`.
pub fn register(index: &Index) {
    let m = index.tokenizers();
    m.register(STEM, stem_analyzer());
    m.register(FOLD, fold_analyzer());
    m.register(FOLD_SET, fold_set_analyzer());
    m.register(REV, rev_analyzer());
    m.register(PAIR, pair_analyzer());
    m.register(PLAIN, plain_analyzer());
}

/// A stem reversed, as `da_rev` stores it.
pub fn reversed(stem: &str) -> String {
    stem.chars().rev().collect()
}

/// All tokens of `text` under `analyzer`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    stream.process(&mut |t: &Token| out.push(t.clone()));
    out
}

/// Term texts only.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    tokens(analyzer, text).into_iter().map(|t| t.text).collect()
}

/// Whether a text word (its stem and its folded form) holds the query stem `part` as a compound part,
/// by the rules the search applies (`query::compile`): as the head, the word's stem ends with `part`
/// behind at least [`MIN_MODIFIER`] characters ("forordning" in "databeskyttelsesforordningen"); as the
/// modifier, the folded word starts with the folded `part` before at least [`MIN_REST`] characters
/// ("hosting" in "hostingydelsen"). Only parts of at least [`MIN_HEAD`] characters count. The caller
/// folds `part` ([`fold_word`]) once for all the words it checks.
pub fn is_part(stem: &str, folded: &str, part: &str, folded_part: &str) -> bool {
    if part.chars().count() < MIN_HEAD {
        return false;
    }
    let modifier = stem.strip_suffix(part);
    let rest = folded.strip_prefix(folded_part);
    modifier.is_some_and(|m| m.chars().count() >= MIN_MODIFIER)
        || rest.is_some_and(|r| r.chars().count() >= MIN_REST)
}

/// Stems a query word may need besides its own Snowball stem: Snowball Danish leaves some inflections
/// apart ("ophavsret" → "ophavsr" but "ophavsretten" → "ophavsret"; "udlevering" vs "udlevere" →
/// "udlev"), so the query asks for the stems of the word's likely inflected and verbal forms too.
pub fn stem_variants(stem_analyzer: &mut TextAnalyzer, lower: &str) -> Vec<String> {
    let mut forms: Vec<String> = vec![
        format!("{lower}en"),
        format!("{lower}et"),
        format!("{lower}e"),
    ];
    if let Some(last) = lower.chars().last()
        && !"aeiouyæøå".contains(last)
    {
        forms.push(format!("{lower}{last}en"));
    }
    if let Some(base) = lower.strip_suffix("ing")
        && base.chars().count() >= 3
    {
        forms.push(format!("{base}e"));
        forms.push(format!("{base}er"));
    }
    let own = terms(stem_analyzer, lower);
    let mut out: Vec<String> = Vec::new();
    for f in forms {
        for t in terms(stem_analyzer, &f) {
            if !own.contains(&t) && !out.contains(&t) && t.chars().count() >= 3 {
                out.push(t);
            }
        }
    }
    out
}

/// Whether a lowercase word is a Danish stop word (optional in loose queries).
pub fn is_stopword(lower: &str) -> bool {
    static STOP: std::sync::OnceLock<Option<TextAnalyzer>> = std::sync::OnceLock::new();
    let analyzer = STOP.get_or_init(|| {
        StopWordFilter::new(Language::Danish).map(|f| {
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(f)
                .build()
        })
    });
    analyzer
        .clone()
        .is_some_and(|mut a| terms(&mut a, lower).is_empty() && !lower.is_empty())
}

/// Inverse folding for users who type "ae", "oe", "aa" for æ, ø, å: the spellings with the letters
/// restored (at most a few), so the stemmed field can be asked too. The input itself is not included.
pub fn unfold_variants(word: &str) -> Vec<String> {
    const PAIRS: [(&str, &str); 3] = [("ae", "æ"), ("oe", "ø"), ("aa", "å")];
    let mut out: Vec<String> = vec![word.to_string()];
    for (from, to) in PAIRS {
        let mut next = Vec::new();
        for w in &out {
            if w.contains(from) {
                next.push(w.replace(from, to));
            }
        }
        out.extend(next);
        if out.len() > 8 {
            break;
        }
    }
    out.retain(|w| w != word);
    out.truncate(7);
    out
}

/// The tantivy filter chains that [`Words`] replaces: the reference its tokens are tested against.
#[cfg(test)]
pub(crate) mod reference {
    use super::map::MapFilter;
    use super::*;

    pub fn stem_analyzer() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::Danish))
            .build()
    }

    /// Words, lowercased, unstemmed (query words and snippet tokens).
    pub fn lower_analyzer() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN))
            .filter(LowerCaser)
            .build()
    }

    pub fn fold_analyzer() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN))
            .filter(LowerCaser)
            .filter(MapFilter(|w, out| {
                fold_into(w, out);
                true
            }))
            .build()
    }

    pub fn rev_analyzer() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN))
            .filter(LowerCaser)
            // A stem is never longer than its word: short words are dropped before the costly stemming.
            .filter(MapFilter(|word, out| {
                out.push_str(word);
                word.chars().count() >= MIN_COMPOUND
            }))
            .filter(Stemmer::new(Language::Danish))
            .filter(MapFilter(|stem, out| {
                if stem.chars().count() < MIN_COMPOUND {
                    return false;
                }
                out.extend(stem.chars().rev());
                true
            }))
            .build()
    }

    pub fn pair_analyzer() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::Danish))
            .filter(pairs::filter::PairFilter)
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_join_inflections() {
        let mut a = stem_analyzer();
        assert_eq!(terms(&mut a, "ophæve"), terms(&mut a, "Ophævelse"));
        assert_eq!(terms(&mut a, "kontrakten"), terms(&mut a, "kontrakter"));
    }

    #[test]
    fn folding_makes_aa_and_aa_equal() {
        let mut a = fold_analyzer();
        assert_eq!(terms(&mut a, "Åbenrå"), vec!["aabenraa"]);
        assert_eq!(terms(&mut a, "Aabenraa"), vec!["aabenraa"]);
        assert_eq!(terms(&mut a, "Ophævelse"), vec!["ophaevelse"]);
    }

    #[test]
    fn heads_of_compounds() {
        let mut r = rev_analyzer();
        let mut s = stem_analyzer();
        let t = terms(&mut r, "databeskyttelsesforordningen aftale");
        let head = reversed(&terms(&mut s, "forordning")[0]);
        assert_eq!(t.len(), 1, "short words have no compound parts: {t:?}");
        assert!(t[0].starts_with(&head) && t[0].len() > head.len(), "{t:?}");
        let is_part =
            |stem: &str, folded: &str, part: &str| is_part(stem, folded, part, &fold_word(part));
        assert!(is_part("hostingydels", "hostingydelsen", "hosting"));
        assert!(is_part("databeskyttelsesforordning", "x", "forordning"));
        assert!(
            !is_part("aftal", "aftalen", "aftal"),
            "an inflection is no compound"
        );
        assert!(
            !is_part("aftal", "aftale", "tale"),
            "heads shorter than MIN_HEAD"
        );
        let mut f = fold_analyzer();
        assert_eq!(terms(&mut f, "Ærø"), vec!["aeroe"]);
    }

    #[test]
    fn variants_and_stopwords() {
        let mut s = stem_analyzer();
        assert!(stem_variants(&mut s, "ophavsret").contains(&terms(&mut s, "ophavsretten")[0]));
        assert!(stem_variants(&mut s, "udlevering").contains(&terms(&mut s, "udlevere")[0]));
        assert!(
            is_stopword("af") && is_stopword("ved") == is_stopword("ved") && !is_stopword("bod")
        );
    }

    #[test]
    fn unfold() {
        let v = unfold_variants("aabenraa");
        assert!(v.contains(&"åbenrå".to_string()));
        assert!(unfold_variants("kontrakt").is_empty());
    }
}

//! The Danish Hunspell dictionary and the LibreOffice thesaurus in search (issue 15, points 1, 2 and 4):
//! a compound only the dictionary can split, a typo tie the dictionary breaks, a thesaurus synonym and
//! `=word` against it. The files are installed by `tests/run.sh` (`hunspell-da`, `mythes-da`); a test
//! that needs one fails, saying so, when it is missing. Their absence is `search_no_dictionary.rs`.

use std::path::Path;

use index::{DocFields, SearchIndex, SearchOptions, SearchRequest, SearchResults};

fn require_files() {
    let files = index::LanguageFiles::default();
    for p in [files.hunspell_aff, files.thesaurus_dat]
        .into_iter()
        .flatten()
    {
        assert!(
            Path::new(&p).exists(),
            "{} is missing: install hunspell-da and mythes-da (tests/run.sh does)",
            p.display()
        );
    }
    let lang = index::language::current();
    assert!(
        lang.speller.is_some(),
        "the Hunspell dictionary did not load"
    );
    assert!(lang.thesaurus.is_some(), "the thesaurus did not load");
}

const TEXT: &str = "KONTRAKT OM DRIFT\n\n\
    1. Betaling\n1.1 Betaling sker senest 30 dage efter leveringsfristens udløb.\n\n\
    2. Rejser\n2.1 Betaling af rejseudgifter aftales særskilt.\n\n\
    3. Kontraks\n3.1 Systemet Kontraks leveres som standardsoftware.\n\
    3.2 Kontraks driftes af Leverandøren.\n3.3 Kontraks opdateres hvert kvartal.\n\n\
    4. Kontrakten\n4.1 Denne kontrakt gælder fra underskrift.\n\n\
    5. Tab\n5.1 Leverandøren yder kompensation for dokumenteret tab.\n\n\
    6. Adgang\n6.1 Adgang til bygningen kræver kort.\n6.2 Medarbejderen får en adgangskode.";

fn setup() -> SearchIndex {
    require_files();
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    let doc = DocFields {
        id: "a".into(),
        title: "Driftskontrakt".into(),
        kind: "contract".into(),
        ..Default::default()
    };
    w.upsert(&doc, &[TEXT.to_string()]).unwrap();
    w.commit(1).unwrap();
    idx
}

fn search_with(idx: &SearchIndex, q: &str, opts: &SearchOptions) -> SearchResults {
    let req = SearchRequest {
        q: q.into(),
        limit: 10,
        ..Default::default()
    };
    idx.search_with(&req, opts)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn numbers(r: &SearchResults) -> Vec<String> {
    r.hits
        .iter()
        .filter_map(|h| h.clause.as_ref().and_then(|c| c.number.clone()))
        .collect()
}

#[test]
fn a_compound_only_the_dictionary_splits_finds_its_parts() {
    let idx = setup();
    // "frist" is no word of the index (only inside "leveringsfristens"): the dictionary says it is one.
    let on = SearchOptions::default();
    let r = search_with(&idx, "betalingsfrist", &on);
    assert_eq!(
        numbers(&r).first().map(String::as_str),
        Some("1.1"),
        "{r:?}"
    );
    // A clause with one part only ("Betaling af rejseudgifter") follows far below.
    assert!(
        r.hits
            .iter()
            .skip(1)
            .all(|h| h.score < r.hits[0].score / 4.0),
        "{r:?}"
    );
    assert_eq!(
        r.corrected_query, None,
        "a Danish compound is not corrected"
    );
    // When the clauses with every part fill the page, those with one part are not searched at all
    // (with common parts they would be a large share of the index).
    let one = SearchRequest {
        q: "betalingsfrist".into(),
        limit: 1,
        ..Default::default()
    };
    let r = idx.search_with(&one, &on).unwrap();
    assert_eq!(
        (r.total, numbers(&r)),
        (1, vec!["1.1".to_string()]),
        "{r:?}"
    );
    // Beside another word, the compound's single parts come in, but the other word stays required
    // (two words need both): the clause about travel payments has no "udløb".
    let r = search_with(&idx, "betalingsfrist udløb", &on);
    assert_eq!(numbers(&r), ["1.1"], "{r:?}");
    let off = SearchOptions {
        dictionary: false,
        ..on
    };
    let r = search_with(&idx, "betalingsfrist", &off);
    assert!(
        !numbers(&r).contains(&"1.1".to_string()),
        "without the dictionary \"frist\" is no part: {r:?}"
    );
}

#[test]
fn a_correctly_spelt_compound_is_split_not_corrected() {
    let idx = setup();
    // "adgangskort" is two edits from "adgangskode", a word of the index; the dictionary knows it
    // as Danish, and it splits into adgang + kort, which the index holds.
    let on = SearchOptions::default();
    let r = search_with(&idx, "adgangskort", &on);
    assert_eq!(r.corrected_query, None, "{r:?}");
    assert_eq!(
        numbers(&r).first().map(String::as_str),
        Some("6.1"),
        "{r:?}"
    );
    let off = SearchOptions {
        dictionary: false,
        ..on
    };
    let r = search_with(&idx, "adgangskort", &off);
    assert_eq!(r.corrected_query.as_deref(), Some("adgangskode"), "{r:?}");
}

#[test]
fn the_dictionary_breaks_a_tie_between_corrections() {
    let idx = setup();
    // "kontrakf" is one edit from "kontraks" (a name, three clauses) and "kontrakt" (one clause).
    let on = SearchOptions::default();
    let r = search_with(&idx, "kontrakf", &on);
    assert_eq!(r.corrected_query.as_deref(), Some("kontrakt"), "{r:?}");
    assert!(numbers(&r).contains(&"4.1".to_string()), "{r:?}");
    let off = SearchOptions {
        dictionary: false,
        ..on
    };
    let r = search_with(&idx, "kontrakf", &off);
    assert_eq!(
        r.corrected_query.as_deref(),
        Some("kontraks"),
        "the most frequent"
    );
    // Explicit ~ stays as it is: both neighbours.
    let r = search_with(&idx, "kontrakf~1", &on);
    assert_eq!(r.corrected_query, None);
    assert!(numbers(&r).len() >= 4, "{r:?}");
}

#[test]
fn a_thesaurus_synonym_is_found_and_eq_switches_it_off() {
    let idx = setup();
    let on = SearchOptions::default();
    // The thesaurus (not the curated list) has erstatning → kompensation.
    let r = search_with(&idx, "erstatning", &on);
    assert_eq!(numbers(&r), vec!["5.1"], "{r:?}");
    assert_eq!(search_with(&idx, "=erstatning", &on).total, 0);
    let no_thesaurus = SearchOptions {
        thesaurus: false,
        ..on
    };
    assert_eq!(search_with(&idx, "erstatning", &no_thesaurus).total, 0);
    // The word's own clause ranks above its thesaurus synonym's.
    let r = search_with(&idx, "erstatning kompensation", &on);
    assert_eq!(numbers(&r).first().map(String::as_str), Some("5.1"));
}

#[test]
fn a_compound_that_splits_no_other_way_finds_its_head() {
    let idx = setup();
    // "gen" is no word of the text, and "genbetaling" is three edits from any word: what is left is
    // its head, "betaling", which a Danish compound is a kind of. Far below, but not nothing.
    let r = search_with(&idx, "genbetaling", &SearchOptions::default());
    assert_eq!(
        numbers(&r).first().map(String::as_str),
        Some("1.1"),
        "{r:?}"
    );
    assert!(r.hits.iter().all(|h| h.score < 1.0), "{r:?}");
    let off = SearchOptions {
        decompound: false,
        ..SearchOptions::default()
    };
    assert!(search_with(&idx, "genbetaling", &off).hits.is_empty());
}

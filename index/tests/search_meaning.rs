//! Search that finds what people mean (issue 15): unknown fields, typo correction, compounds the texts
//! never use, loose multi-word queries, `o`/`a` for ø/å/æ, synonyms, and the caller's vocabulary.

use index::{
    DocFields, Error, SearchIndex, SearchOptions, SearchRequest, SearchResults, VocabEntry,
    Vocabulary,
};

const TEXT: &str = "KONTRAKT OM DRIFT\n\n\
    1. Betaling\n1.1 Betaling skal ske senest 30 dage efter modtagelse af faktura. Overskrides \
    denne frist, betales morarente.\n\n\
    2. Leverandørens ydelser\n2.1 Leverandørerne leverer driften løbende og med høj tilgængelighed.\n\n\
    3. Behandling af data\n3.1 Leverandøren behandler personoplysninger efter Kundens instruks.\n\n\
    4. Driftsforstyrrelser\n4.1 Ved driftsforstyrrelse underretter Leverandøren Kunden pr. e-post.\n\n\
    5. Ophævelse\n5.1 Kunden kan ophæve ved væsentlig misligholdelse.\n\n\
    6. Sikkerhed\n6.1 Leverandøren sikrer kryptering af al trafik med persondata.\n\n\
    7. Licens\n7.1 Kunden får brugsret til softwaren og kryptering af data i hvile.\n\n\
    8. Klienter\n8.1 Klienterne kører Windows11 og Office 365.";

fn setup() -> SearchIndex {
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    let doc = DocFields {
        id: "a".into(),
        title: "Driftskontrakt".into(),
        kind: "contract".into(),
        forvaltning: "ØKF".into(),
        ..Default::default()
    };
    w.upsert(&doc, &[TEXT.to_string()]).unwrap();
    w.commit(1).unwrap();
    idx
}

fn search(idx: &SearchIndex, q: &str) -> SearchResults {
    idx.search(&SearchRequest {
        q: q.into(),
        limit: 10,
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn numbers(r: &SearchResults) -> Vec<String> {
    r.hits
        .iter()
        .filter_map(|h| h.clause.as_ref().and_then(|c| c.number.clone()))
        .collect()
}

fn first(idx: &SearchIndex, q: &str) -> Option<String> {
    numbers(&search(idx, q)).into_iter().next()
}

#[test]
fn unknown_fields_are_errors_that_list_the_known_ones() {
    let idx = setup();
    let e = idx
        .search(&SearchRequest {
            q: "ukendtfelt:xyz".into(),
            ..Default::default()
        })
        .unwrap_err();
    match e {
        Error::Query { message, position } => {
            assert_eq!(position, 0);
            assert!(message.contains("ukendtfelt"), "{message}");
            assert!(message.contains("overskrift") && message.contains("leverandør"));
        }
        other => panic!("{other}"),
    }
    // Times, URLs, a colon after a word and digits before it are words, not fields.
    for q in [
        "kl. 12:30",
        "https://example.dk/x",
        "bemærk: betaling",
        "pkt.12:3",
        "a:b",
    ] {
        assert!(
            idx.search(&SearchRequest {
                q: q.into(),
                ..Default::default()
            })
            .is_ok(),
            "{q}"
        );
    }
}

#[test]
fn the_callers_vocabulary_decides_type_and_forvaltning() {
    let idx = setup();
    assert_eq!(search(&idx, "type:kontrakt betaling").total, 1);
    idx.set_vocabulary(Vocabulary {
        kinds: vec![VocabEntry {
            code: "contract".into(),
            aliases: vec!["aftale".into()],
        }],
        forvaltninger: vec![VocabEntry {
            code: "ØKF".into(),
            aliases: vec!["Økonomiforvaltningen".into()],
        }],
    });
    assert_eq!(
        search(
            &idx,
            "type:aftale forvaltning:okonomiforvaltningen betaling"
        )
        .total,
        1
    );
    let e = idx
        .search(&SearchRequest {
            q: "type:kontrakt".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(e.to_string().contains("brug aftale"), "{e}");
    idx.set_vocabulary(Vocabulary::default());
    assert_eq!(search(&idx, "type:kontrakt betaling").total, 1);
}

#[test]
fn a_typo_is_corrected_and_said_and_the_original_can_be_searched() {
    let idx = setup();
    let r = search(&idx, "leverandøerne");
    assert!(!r.hits.is_empty());
    assert_eq!(r.corrected_query.as_deref(), Some("leverandørerne"));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["corrected_query"], "leverandørerne");
    // As typed: `=`, or correction off for the request.
    // (Its stem "leverandø" still begins "leverandøren" as a compound's modifier would: one hit.)
    let exact = search(&idx, "=leverandøerne");
    assert_eq!(exact.corrected_query, None);
    let off = SearchOptions {
        correct: false,
        ..Default::default()
    };
    let req = SearchRequest {
        q: "leverandøerne".into(),
        ..Default::default()
    };
    assert_eq!(idx.search_with(&req, &off).unwrap().corrected_query, None);
    assert_eq!(search(&idx, "=databehandlingsaftale").total, 0);
    let r = search(&idx, "kryptring");
    assert_eq!(r.corrected_query.as_deref(), Some("kryptering"));
    assert_eq!(numbers(&r).len(), 2);
    // A known word is never corrected, nor is a short word; a correct word reports nothing.
    assert_eq!(search(&idx, "betaling").corrected_query, None);
    assert_eq!(
        first(&idx, "frxst").as_deref(),
        Some("1.1"),
        "5 letters, 1 edit"
    );
    assert_eq!(search(&idx, "frxxt").total, 0, "5 letters, 2 edits away");
    assert_eq!(first(&idx, "krypterin").as_deref(), Some("6.1"));
    let json = serde_json::to_value(search(&idx, "betaling")).unwrap();
    assert!(json.get("corrected_query").is_none(), "skipped when None");
    // Explicit ~ keeps its own meaning.
    assert!(search(&idx, "betalng~1").total > 0);
}

#[test]
fn a_compound_the_text_never_uses_finds_its_parts() {
    let idx = setup();
    let r = search(&idx, "betalingsfrist");
    assert_eq!(numbers(&r), vec!["1.1"], "{r:?}");
    assert_eq!(r.corrected_query, None, "parts are no correction");
    let r = search(&idx, "=betalingsfrist");
    assert_eq!(r.total, 0);
}

#[test]
fn words_side_by_side_rank_all_first_and_never_find_nothing() {
    let idx = setup();
    // No clause holds both: the clauses with either.
    let r = search(&idx, "morarente tilgængelighed");
    let mut n = numbers(&r);
    n.sort();
    assert_eq!(n, vec!["1.1", "2.1"]);
    // Three words, one clause with all three first.
    let r = search(&idx, "kryptering kunden hvile");
    assert_eq!(
        numbers(&r).first().map(String::as_str),
        Some("7.1"),
        "{r:?}"
    );
    // Strict stays strict.
    assert_eq!(search(&idx, "morarente AND tilgængelighed").total, 0);
    assert_eq!(search(&idx, "+morarente +tilgængelighed").total, 0);
    assert_eq!(search(&idx, "\"morarente tilgængelighed\"").total, 0);
}

#[test]
fn o_and_a_for_oe_aa_and_ae() {
    let idx = setup();
    assert_eq!(first(&idx, "lobende").as_deref(), Some("2.1"));
    assert_eq!(first(&idx, "ophaeve").as_deref(), Some("5.1"));
    assert_eq!(first(&idx, "ophave").as_deref(), Some("5.1"));
    assert_eq!(first(&idx, "hoj tilgangelighed").as_deref(), Some("2.1"));
    assert_eq!(search(&idx, "lobende").corrected_query, None);
}

#[test]
fn synonyms_weigh_less_and_can_be_switched_off() {
    let idx = setup();
    // The word's own clause first, then its synonym's.
    assert_eq!(numbers(&search(&idx, "persondata")), vec!["6.1", "3.1"]);
    assert_eq!(numbers(&search(&idx, "=persondata")), vec!["6.1"]);
    assert_eq!(first(&idx, "personoplysningerne").as_deref(), Some("3.1"));
    assert_eq!(first(&idx, "nedbrud").as_deref(), Some("4.1"));
    assert_eq!(first(&idx, "e-mail").as_deref(), Some("4.1"));
    let off = SearchOptions {
        synonyms: false,
        ..Default::default()
    };
    let req = SearchRequest {
        q: "nedbrud".into(),
        ..Default::default()
    };
    assert_eq!(idx.search_with(&req, &off).unwrap().total, 0);
}

#[test]
fn letters_and_digits_match_together_or_apart() {
    let idx = setup();
    assert_eq!(first(&idx, "windows 11").as_deref(), Some("8.1"));
    assert_eq!(first(&idx, "Windows11").as_deref(), Some("8.1"));
    assert_eq!(first(&idx, "office365").as_deref(), Some("8.1"));
    assert_eq!(first(&idx, "office 365").as_deref(), Some("8.1"));
}

#[test]
fn a_hyphenated_word_finds_the_compound_written_closed() {
    let idx = setup();
    // The text writes "driftsforstyrrelse"; people type "drifts-forstyrrelse".
    assert_eq!(first(&idx, "drifts-forstyrrelse").as_deref(), Some("4.1"));
    // A real hyphen still finds itself: "e-post" is in the text as written; nothing was corrected.
    assert_eq!(first(&idx, "e-post").as_deref(), Some("4.1"));
    for q in ["e-post", "drifts-forstyrrelse", "it-system"] {
        assert_eq!(search(&idx, q).corrected_query, None, "{q}");
    }
}

//! Without the dictionary and thesaurus files, search still works from the index's own vocabulary and
//! the curated list. A test binary of its own: the language resources are per process.

use index::{DocFields, LanguageFiles, SearchIndex, SearchRequest};

#[test]
fn absent_files_degrade_to_the_index_vocabulary() {
    let lang = index::language::install(&LanguageFiles {
        hunspell_aff: Some("/nonexistent/da_DK.aff".into()),
        thesaurus_dat: Some("/nonexistent/th_da_DK.dat".into()),
    });
    assert!(lang.speller.is_none() && lang.thesaurus.is_none());
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    let text = "1. Betaling\n1.1 Betaling skal ske senest 30 dage efter modtagelse af faktura. \
                Overskrides denne frist, betales morarente.\n\n\
                2. Data\n2.1 Leverandøren behandler personoplysninger.\n\n\
                3. Tab\n3.1 Leverandøren yder kompensation for tab.";
    let doc = DocFields {
        id: "a".into(),
        ..Default::default()
    };
    w.upsert(&doc, &[text.to_string()]).unwrap();
    w.commit(1).unwrap();
    let search = |q: &str| {
        idx.search(&SearchRequest {
            q: q.into(),
            ..Default::default()
        })
        .unwrap()
    };
    let first = |q: &str| {
        search(q)
            .hits
            .first()
            .and_then(|h| h.clause.as_ref())
            .and_then(|c| c.number.clone())
    };
    assert_eq!(
        first("betalingsfrist").as_deref(),
        Some("1.1"),
        "index parts"
    );
    assert_eq!(
        search("morarnte").corrected_query.as_deref(),
        Some("morarente")
    );
    assert_eq!(first("persondata").as_deref(), Some("2.1"), "curated list");
    assert_eq!(search("erstatning").total, 0, "no thesaurus");
}

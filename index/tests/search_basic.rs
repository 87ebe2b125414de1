//! Search API behaviour on small hand-made documents: stemming, snippets, pages, filters, paging,
//! commit payload, schema version, scope, facets, document grouping.

use chrono::NaiveDate;
use index::{DocFields, Error, Level, Scope, SearchIndex, SearchRequest, Sort};

fn doc(id: &str, kind: &str, forv: &str, year: i32, confidential: bool) -> DocFields {
    DocFields {
        id: id.into(),
        title: format!("Kontrakt {id}"),
        kind: kind.into(),
        forvaltning: forv.into(),
        supplier_cvr: Some("38009877".into()),
        supplier_name: Some("Nordlys Drift A/S".into()),
        system_ids: vec!["SYS-0001".into()],
        date: NaiveDate::from_ymd_opt(year, 3, 1),
        confidential,
    }
}

const PAGE1: &str = "KONTRAKT OM IT-DRIFT\n\n1. Aftalens parter\nMellem Københavns Kommune og Nordlys Drift A/S \
    er der indgået følgende kontrakt om drift.\n\n15. Ophævelse\n15.1 Kunden kan ophæve Kontrakten helt eller \
    delvist ved væsentlig misligholdelse.";
const PAGE2: &str = "15.2 Ophævelse skal ske skriftligt med <varsel> & påkrav.\n\n16. Opsigelse\nKunden kan \
    opsige Kontrakten med 6 måneders varsel til udgangen af en måned. Aabenraa Kommune er ikke part.\n\n\
    17. Databehandling\nDatabeskyttelsesforordningen gælder for behandlingen.";

fn pages() -> Vec<String> {
    vec![PAGE1.to_string(), PAGE2.to_string()]
}

fn setup() -> SearchIndex {
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    w.upsert(&doc("a", "contract", "ØKF", 2024, false), &pages())
        .unwrap();
    w.upsert(&doc("b", "addendum", "BUF", 2022, true), &pages())
        .unwrap();
    w.commit(7).unwrap();
    idx
}

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.into(),
        limit: 10,
        ..Default::default()
    }
}

#[test]
fn stemming_finds_inflections_with_snippet_and_page() {
    let idx = setup();
    let r = idx
        .search(&SearchRequest {
            kinds: vec!["contract".into()],
            ..req("ophæve")
        })
        .unwrap();
    assert_eq!(r.total, 2, "15.1 and 15.2 of document a: {:?}", r.hits);
    let h = r
        .hits
        .iter()
        .find(|h| h.clause.as_ref().unwrap().number.as_deref() == Some("15.2"))
        .unwrap();
    let c = h.clause.as_ref().unwrap();
    assert_eq!(
        (c.heading.as_deref(), c.page_from, c.page_to),
        (Some("Ophævelse"), 2, 2)
    );
    assert!(
        h.snippet.contains("<mark>Ophævelse</mark>"),
        "{}",
        h.snippet
    );
    assert!(
        h.snippet.contains("&lt;varsel&gt; &amp;"),
        "escaped: {}",
        h.snippet
    );
}

#[test]
fn commit_payload_and_counts() {
    let idx = setup();
    assert_eq!(idx.last_job_id().unwrap(), Some(7));
    assert_eq!(idx.num_documents(), 2);
    let mut w = idx.writer().unwrap();
    w.delete("b").unwrap();
    w.commit(9).unwrap();
    assert_eq!(idx.num_documents(), 1, "reader reloaded by commit");
    assert_eq!(idx.last_job_id().unwrap(), Some(9));
}

#[test]
fn filters_scope_facets_and_paging() {
    let idx = setup();
    let all = idx.search(&req("varsel")).unwrap();
    assert_eq!(all.total, 4);
    let kinds: Vec<_> = all
        .facets
        .kind
        .iter()
        .map(|f| (f.value.as_str(), f.count))
        .collect();
    assert_eq!(kinds, vec![("addendum", 2), ("contract", 2)]);
    let years: Vec<_> = all.facets.year.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(years, vec!["2024", "2022"]);
    // BUF's document is confidential: SUF sees only ØKF's; BUF sees both.
    let suf = idx
        .search(&SearchRequest {
            scope: Scope::Forvaltning("SUF".into()),
            ..req("varsel")
        })
        .unwrap();
    assert_eq!(suf.total, 2);
    assert!(suf.hits.iter().all(|h| h.document_id == "a"));
    let buf = idx
        .search(&SearchRequest {
            scope: Scope::Forvaltning("BUF".into()),
            ..req("varsel")
        })
        .unwrap();
    assert_eq!(buf.total, 4);
    let f = idx
        .search(&SearchRequest {
            forvaltninger: vec!["BUF".into()],
            ..req("varsel")
        })
        .unwrap();
    assert!(f.hits.iter().all(|h| h.document_id == "b"));
    // Paging: two pages of 2 cover all four, without overlap.
    let p1 = idx
        .search(&SearchRequest {
            limit: 2,
            ..req("varsel")
        })
        .unwrap();
    let p2 = idx
        .search(&SearchRequest {
            limit: 2,
            offset: 2,
            ..req("varsel")
        })
        .unwrap();
    assert_eq!((p1.total, p1.hits.len(), p2.hits.len()), (4, 2, 2));
    let key = |h: &index::Hit| {
        (
            h.document_id.clone(),
            h.clause.as_ref().unwrap().number.clone(),
        )
    };
    assert!(
        p1.hits
            .iter()
            .all(|a| p2.hits.iter().all(|b| key(a) != key(b)))
    );
    let dated = idx
        .search(&SearchRequest {
            from: NaiveDate::from_ymd_opt(2023, 1, 1),
            ..req("varsel")
        })
        .unwrap();
    assert_eq!(dated.total, 2);
}

#[test]
fn document_level_and_empty_query() {
    let idx = setup();
    let r = idx
        .search(&SearchRequest {
            level: Level::Document,
            ..req("ophævelse")
        })
        .unwrap();
    assert_eq!(r.total, 2);
    assert_eq!(r.hits.len(), 2);
    assert_eq!(r.facets.forvaltning.len(), 2);
    let listed = idx
        .search(&SearchRequest {
            level: Level::Document,
            sort: Sort::Date,
            ..req("")
        })
        .unwrap();
    assert_eq!(
        listed
            .hits
            .iter()
            .map(|h| h.document_id.as_str())
            .collect::<Vec<_>>(),
        vec!["a", "b"]
    );
    assert!(listed.hits[0].clause.is_none());
}

#[test]
fn folding_compounds_and_query_language() {
    let idx = setup();
    let count = |q: &str| {
        idx.search(&SearchRequest {
            kinds: vec!["contract".into()],
            ..req(q)
        })
        .unwrap()
        .total
    };
    assert_eq!(count("ophaevelse"), 2, "typed without æ");
    assert_eq!(count("Åbenrå"), 1, "aa = å");
    assert_eq!(count("forordning"), 1, "compound head");
    assert_eq!(count("databeskyttelse"), 1, "compound modifier");
    assert_eq!(count("ophæv*"), 2, "prefix with æ");
    assert_eq!(
        count("nordlys"),
        1,
        "the supplier's name alone: only the clause naming it"
    );
    assert_eq!(
        count("nordlys ophævelse"),
        2,
        "the supplier's name beside a word of the clause"
    );
    assert_eq!(
        count("kontrakt ophævelse"),
        1,
        "title words are not free text"
    );
    assert_eq!(
        count("titel:kontrakt"),
        6,
        "every clause of a titled document (its title line \"KONTRAKT OM IT-DRIFT\" is one)"
    );
    assert_eq!(count("ophævelse skriftligt"), 1);
    assert_eq!(count("leverand*"), 0);
    assert_eq!(count("opsig*"), 1);
    assert_eq!(count("\"væsentlig misligholdelse\""), 1);
    assert_eq!(count("\"ophæve misligholdelse\"~6"), 1);
    assert_eq!(count("\"ophæve misligholdelse\""), 0);
    assert_eq!(count("ophævelse -skriftligt"), 1);
    assert_eq!(count("opsigelse OR databehandling"), 2);
    assert_eq!(count("overskrift:opsigelse"), 1);
    assert_eq!(count("misligholdlse~"), 1);
    assert_eq!(count("leverandør:38009877 ophævelse"), 2);
    assert_eq!(count("leverandør:\"nordlys drift\" ophævelse"), 2);
    assert_eq!(count("år:2023..2024 ophævelse"), 2);
    assert_eq!(count("dato:..2023-12-31 ophævelse"), 0);
    assert_eq!(count("type:tillæg"), 0);
    assert_eq!(
        idx.search(&req("type:tillæg forvaltning:buf"))
            .unwrap()
            .total,
        6
    );
}

#[test]
fn syntax_errors_have_positions() {
    let idx = setup();
    for (q, pos) in [
        ("\"åben", 0),
        ("(a b", 0),
        ("a OR", 4),
        ("type:hest", 5),
        ("dato:2024-13-01", 5),
        ("a)", 1),
    ] {
        match idx.search(&req(q)) {
            Err(Error::Query { position, .. }) => assert_eq!(position, pos, "{q}"),
            other => panic!("{q}: {other:?}"),
        }
    }
}

#[test]
fn schema_version_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    {
        let idx = SearchIndex::open(&path).unwrap();
        let mut w = idx.writer().unwrap();
        w.upsert(&doc("a", "contract", "ØKF", 2024, false), &pages())
            .unwrap();
        w.commit(3).unwrap();
    }
    let idx = SearchIndex::open(&path).unwrap();
    assert_eq!(
        (idx.num_documents(), idx.last_job_id().unwrap()),
        (1, Some(3))
    );
    drop(idx);
    std::fs::write(path.join(index::schema::VERSION_FILE), "old-0\n").unwrap();
    assert!(matches!(
        SearchIndex::open(&path),
        Err(Error::SchemaVersion { .. })
    ));
    let idx = SearchIndex::recreate(&path).unwrap();
    assert_eq!(idx.num_documents(), 0);
    let other = dir.path().join("not-an-index");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("precious.txt"), "x").unwrap();
    assert!(SearchIndex::recreate(&other).is_err());
    assert!(other.join("precious.txt").exists());
}

#[test]
fn similar_excludes_itself_and_survives_deletes() {
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    for i in 0..30 {
        w.upsert(
            &doc(&format!("d{i}"), "contract", "ØKF", 2024, false),
            &pages(),
        )
        .unwrap();
    }
    w.upsert(
        &doc("x", "contract", "BUF", 2024, false),
        &["Helt andet emne om skoleborde og kridt.".into()],
    )
    .unwrap();
    w.commit(1).unwrap();
    // Deleting without a merge leaves doc_freq > alive docs: tantivy's MoreLikeThis panicked here.
    for i in 0..25 {
        w.delete(&format!("d{i}")).unwrap();
    }
    w.commit(2).unwrap();
    let s = idx.similar("d29", 10, &Scope::All).unwrap();
    assert!(!s.is_empty());
    assert!(
        s.iter()
            .all(|h| h.document_id != "d29" && h.document_id != "x"),
        "{s:?}"
    );
    assert!(s.iter().all(|h| h.clause.is_none()));
}

#[test]
fn facets_count_few_and_many_matches_alike() {
    let idx = SearchIndex::in_memory().unwrap();
    let mut w = idx.writer().unwrap();
    let forv = ["ØKF", "BUF", "KFF"];
    for i in 0..12 {
        let mut d = doc(
            &format!("d{i:02}"),
            "contract",
            forv[i % 3],
            2010 + i as i32,
            false,
        );
        d.system_ids = vec![format!("SYS-{i:04}")];
        let mut p = pages();
        if i == 5 {
            // Two clauses of one document of twelve hold the rare word.
            p[1] = p[1]
                .replace("påkrav", "påkrav zyxordet")
                .replace("behandlingen", "zyxordet");
        }
        w.upsert(&d, &p).unwrap();
    }
    w.commit(1).unwrap();
    let one = |facets: &[index::FacetCount]| -> Vec<(String, u64)> {
        facets.iter().map(|f| (f.value.clone(), f.count)).collect()
    };
    for level in [Level::Clause, Level::Document] {
        let n: u64 = if level == Level::Clause { 2 } else { 1 };
        let rare = idx
            .search(&SearchRequest {
                level,
                ..req("zyxordet")
            })
            .unwrap();
        assert_eq!(rare.total as u64, n);
        assert_eq!(one(&rare.facets.forvaltning), vec![("KFF".into(), n)]);
        assert_eq!(one(&rare.facets.year), vec![("2015".into(), n)]);
        assert_eq!(one(&rare.facets.system), vec![("SYS-0005".into(), n)]);
        assert_eq!(one(&rare.facets.kind), vec![("contract".into(), n)]);
        let common = idx
            .search(&SearchRequest {
                level,
                ..req("kunden")
            })
            .unwrap();
        let per_doc = common.total as u64 / 12;
        assert_eq!(common.total % 12, 0, "every document alike");
        assert_eq!(common.facets.year.len(), 12);
        assert!(common.facets.year.iter().all(|f| f.count == per_doc));
        assert_eq!(
            common
                .facets
                .forvaltning
                .iter()
                .map(|f| f.count)
                .sum::<u64>(),
            common.total as u64
        );
    }
}

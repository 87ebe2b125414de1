//! Tests of the search page (kept apart so `search.rs` stays short).

use crate::search::*;
use crate::testutil::{EVIL, check};
use crate::view::{Chrome, Link};
use maud::PreEscaped;

fn view() -> SearchView {
    SearchView {
        query: EVIL.into(),
        total: 1234,
        corrected_query: Some("ophævelse".into()),
        original_query_url: Some("/?q=%3Dophaevlse".into()),
        hits: vec![SearchHit {
            url: "/dokumenter/d1#page=4".into(),
            title: "Driftskontrakt <løn>".into(),
            kind: "contract".into(),
            clause_number: Some("15.3".into()),
            clause_heading: Some("Ophævelse".into()),
            page_from: Some(4),
            page_to: Some(5),
            snippet: Some(PreEscaped("kan <mark>ophæve</mark> &lt;x&gt;".into())),
            supplier: Some("Nordlys Drift A/S".into()),
            forvaltning: "ØKF".into(),
        }],
        facets: vec![Facet {
            title: "Forvaltning".into(),
            values: vec![FacetValue {
                label: "ØKF".into(),
                count: 12,
                url: "/?q=x&forvaltning=ØKF".into(),
                selected: true,
            }],
        }],
        sort_relevance_url: "/?q=x".into(),
        sort_date_url: "/?q=x&sort=date".into(),
        page: 2,
        pages: 3,
        prev_url: Some("/?q=x".into()),
        next_url: Some("/?q=x&offset=40".into()),
        ..Default::default()
    }
}

#[test]
fn hits_show_clause_page_snippet_and_paging() {
    let html = search(&Chrome::anonymous(), &view()).into_string();
    check(&html);
    for needle in [
        "15.3",
        "Ophævelse",
        "side 4–5",
        "<mark>ophæve</mark>",
        "Nordlys Drift A/S",
        "Driftskontrakt &lt;løn&gt;",
        "/dokumenter/d1#page=4",
        "1.234 klausuler",
        "Viste resultater for",
        "Side 2 af 3",
        "(12)",
        "href=\"/hjaelp\"",
        "Vis dokumenter",
        "Nyeste først",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
}

#[test]
fn no_hits_says_why_and_suggests() {
    let v = SearchView {
        query: "ansvarsbegrænsning".into(),
        no_hits_reason: Some("Filteret BUF udelukker alle træf.".into()),
        suggestions: vec![Link::new(
            "Uden filteret BUF",
            "/?q=ansvarsbegr%C3%A6nsning",
        )],
        ..Default::default()
    };
    let html = search(&Chrome::anonymous(), &v).into_string();
    check(&html);
    assert!(html.contains("Ingen resultater for"));
    assert!(html.contains("Filteret BUF udelukker"));
    assert!(html.contains("Uden filteret BUF"));
}

#[test]
fn start_page_and_syntax_error() {
    let html = search(&Chrome::anonymous(), &SearchView::default()).into_string();
    check(&html);
    assert!(html.contains("dokumenter er søgbare"));
    let v = SearchView {
        query: "\"abc".into(),
        error: Some("Citationstegn uden afslutning ved tegn 1.".into()),
        ..Default::default()
    };
    let html = search(&Chrome::anonymous(), &v).into_string();
    check(&html);
    assert!(html.contains("aria-invalid=\"true\""));
}

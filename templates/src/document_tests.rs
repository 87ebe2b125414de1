//! Tests of the document page (kept apart so `document.rs` stays readable).

use super::document::*;
use crate::format::Date;
use crate::testutil::{EVIL, check};
use crate::view::{Choice, Chrome, DocumentRow, Link};

fn view() -> DocumentView {
    DocumentView {
        id: "d1".into(),
        title: EVIL.into(),
        kind: "contract".into(),
        forvaltning: "ØKF".into(),
        supplier: Some(Link::new("Nordlys Drift A/S", "/leverandoerer/38009877")),
        supplier_cvr: Some("38009877".into()),
        sha256: "157b".into(),
        bytes: 1_400_000,
        pages: Some(12),
        uploaded_by: "anne".into(),
        uploaded_at: "2026-12-05T12:50:00Z".into(),
        status: "pending".into(),
        status_api_url: Some("/api/v1/documents/d1".into()),
        extraction: Some(ExtractionReport {
            pages_with_text: 12,
            characters: 40_000,
            ..Default::default()
        }),
        contract: Some(ContractTerms {
            valid_from: Some(Date::new(2024, 7, 1)),
            valid_to: Some(Date::new(2028, 6, 30)),
            irrevocable_until: Some(Date::new(2026, 6, 30)),
            notice_months: Some(6),
            notice_anchor: Some("end_of_month".into()),
            options: Some((2, 12)),
            template: Some("K02".into()),
            procurement_form: Some("EU-udbud".into()),
            value_max_dkk: Some(1_250_000),
            in_force: Some(true),
            ..Default::default()
        }),
        content_url: Some("/api/v1/documents/d1/content".into()),
        open_page: Some(4),
        text_pages: vec!["a".into(), "b".into(), "c".into(), EVIL.into()],
        family: vec![DocumentRow {
            title: "Tillæg 1".into(),
            kind: "addendum".into(),
            ..Default::default()
        }],
        systems: vec![LinkedSystem {
            system: Link::new("Løn", "/systemer/SYS-1"),
            unlink_url: Some("/x".into()),
        }],
        history: Some(vec![AuditEntry {
            at: "2026-12-05T12:50:00Z".into(),
            actor: "anne".into(),
            action: "upload".into(),
            details: EVIL.into(),
        }]),
        edit: Some(EditForms {
            csrf_token: "tok".into(),
            correct_url: "/dokumenter/d1/ret".into(),
            link_url: "/dokumenter/d1/systemer".into(),
            systems: vec![Choice::new("SYS-2", "ESDH")],
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn shows_terms_viewer_text_and_forms() {
    let html = document(&Chrome::anonymous(), &view()).into_string();
    check(&html);
    for needle in [
        "Gyldig fra",
        "1. juli 2024",
        "Gyldig til",
        "30. juni 2028",
        "Uopsigelig til",
        "Opsigelsesfrist",
        "6 måneder til udgangen af en måned",
        "Kontraktskabelon",
        "Indkøbsform",
        "1.250.000 kr.",
        "#page=4",
        "<iframe",
        "Hent PDF",
        "<details open>",
        "Side 4",
        "Kontraktfamilie",
        "Historik",
        "Ret metadata",
        "name=\"system_id\"",
        "name=\"csrf_token\" value=\"tok\"",
        "1,4 MB",
        "Venter på tekstudtræk",
        "data-status-url=\"/api/v1/documents/d1\"",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
}

#[test]
fn metadata_only_hides_content_history_and_forms() {
    let v = DocumentView {
        content_url: None,
        history: None,
        edit: None,
        ..view()
    };
    let html = document(&Chrome::anonymous(), &v).into_string();
    check(&html);
    assert!(html.contains("kun se dette dokuments metadata"));
    for absent in [
        "<iframe",
        "Historik",
        "Ret metadata",
        "Side 4",
        "method=\"post\"",
    ] {
        assert!(!html.contains(absent), "{absent}");
    }
}

#[test]
fn similar_contracts_show_title_supplier_and_forvaltning_or_say_there_are_none() {
    let similar = DocumentRow {
        url: "/dokumenter/d9".into(),
        title: "Driftsaftale løn, BUF".into(),
        kind: "contract".into(),
        forvaltning: "BUF".into(),
        supplier: Some("Bølgeblå Systemer ApS".into()),
        date: Some(Date::new(2025, 12, 5)),
        in_force: None,
    };
    let v = DocumentView {
        similar: Some(vec![similar]),
        ..view()
    };
    let html = document(&Chrome::anonymous(), &v).into_string();
    check(&html);
    for needle in [
        "Lignende kontrakter i andre forvaltninger",
        "href=\"/dokumenter/d9\"",
        "Driftsaftale løn, BUF",
        "<td>BUF</td>",
        "Bølgeblå Systemer ApS",
        "5. december 2025",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    let none = DocumentView {
        similar: Some(Vec::new()),
        ..view()
    };
    let html = document(&Chrome::anonymous(), &none).into_string();
    assert!(html.contains("Ingen andre forvaltninger har en kontrakt"));
    assert!(html.contains("href=\"/genbrug\""));
    let html = document(&Chrome::anonymous(), &view()).into_string();
    assert!(!html.contains("Lignende kontrakter"), "not looked for");
}

#[test]
fn a_contract_without_a_last_notice_day_says_why() {
    let with = |terms: ContractTerms| {
        let mut v = view();
        v.contract = Some(terms);
        document(&Chrome::anonymous(), &v).into_string()
    };
    let html = with(ContractTerms {
        last_notice_day: Some(Date::new(2027, 12, 31)),
        notice_months: Some(6),
        ..Default::default()
    });
    assert!(html.contains("31. december 2027"), "{html}");
    let html = with(ContractTerms::default());
    assert!(html.contains("Ikke angivet (ingen opsigelsesfrist registreret)"));
    let html = with(ContractTerms {
        notice_months: Some(3),
        ongoing: true,
        ..Default::default()
    });
    assert!(html.contains("løbende opsigelse med 3 måneders varsel"));
    let html = with(ContractTerms {
        notice_months: Some(3),
        valid_to: Some(Date::new(2025, 3, 31)),
        ..Default::default()
    });
    assert!(html.contains("Ingen – kontrakten ophører"));
    let html = with(ContractTerms {
        notice_months: Some(3),
        terminated_on: Some(Date::new(2026, 10, 1)),
        ..Default::default()
    });
    assert!(html.contains("Ingen – opsagt"));
}

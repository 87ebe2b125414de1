//! Genbrug (`/genbrug`): contracts of other forvaltninger that could serve, for a system in the register or a
//! need typed as text (§5.1: one forvaltning reuses what another has bought).

use maud::{Markup, html};

use crate::format::kind_label;
use crate::layout::{Head, Nav, page};
use crate::view::{Choice, Chrome, DocumentRow, Link, in_force_badge, opt_date};

/// The reuse page. `searched` is false on the empty start.
#[derive(Clone, Debug, Default)]
pub struct ReuseView {
    /// The chosen system id (`?system=`), if any.
    pub system: String,
    /// The typed need (`?q=`).
    pub q: String,
    pub systems: Vec<Choice>,
    pub searched: bool,
    pub results: Vec<ReuseHit>,
}

/// A contract that could serve, and why it was suggested.
#[derive(Clone, Debug, Default)]
pub struct ReuseHit {
    /// Its `date` is Gyldig til (or when it ends), shown under that heading.
    pub document: DocumentRow,
    /// In Danish, e.g. "Samme leverandør; Teksten matcher behovet" (see [`reason_label`]).
    pub reason: String,
    pub systems: Vec<Link>,
}

/// The Danish words for the reuse report's reason codes (unknown codes are shown as they are).
pub fn reason_label(code: &str) -> &str {
    match code {
        "same_system" => "Samme system",
        "same_supplier" => "Samme leverandør",
        "same_category" => "System i samme kategori",
        "text_match" => "Teksten matcher behovet",
        other => other,
    }
}

/// The reuse page.
pub fn reuse(chrome: &Chrome, v: &ReuseView) -> Markup {
    page(
        chrome,
        Head::new("Genbrug", Nav::Reuse),
        html! {
            h1 { "Genbrug kontrakter fra andre forvaltninger" }
            p { "Før I køber ind: måske har en anden forvaltning allerede en kontrakt, I kan bruge." }
            div.inline-form {
                form.inline-form method="get" action="/genbrug" aria-label="Genbrug til et system" {
                    div.field {
                        label for="reuse-system" { "Til et system" }
                        select #reuse-system name="system" {
                            option value="" { "Vælg system …" }
                            @for c in &v.systems { option value=(c.value) selected[c.value == v.system] { (c.label) } }
                        }
                    }
                    button type="submit" { "Find" }
                }
                form.inline-form method="get" action="/genbrug" aria-label="Genbrug til et behov" {
                    div.field {
                        label for="reuse-q" { "Eller beskriv behovet" }
                        input #reuse-q type="search" name="q" value=(v.q) placeholder="fx lønsystem, ESDH";
                    }
                    button type="submit" { "Find" }
                }
            }
            @if v.searched {
                h2 aria-live="polite" { (v.results.len()) @if v.results.len() == 1 { " kontrakt kan" } @else { " kontrakter kan" } " måske bruges" }
                @if v.results.is_empty() {
                    p { "Ingen kontrakter i andre forvaltninger passer. Prøv et bredere ord, eller "
                        a href="/systemer" { "find systemet i systemregistret" } "." }
                } @else {
                    div.table-wrap tabindex="0" role="region" aria-label="Tabel" { table {
                        thead { tr {
                            th scope="col" { "Kontrakt" } th scope="col" { "Forvaltning" } th scope="col" { "Leverandør" }
                            th scope="col" { "Gyldig til" } th scope="col" { "Systemer" } th scope="col" { "Hvorfor" }
                        } }
                        tbody { @for h in &v.results { tr {
                            td { a href=(h.document.url) { (h.document.title) } br;
                                span.meta { (kind_label(&h.document.kind)) } " " (in_force_badge(h.document.in_force)) }
                            td { (h.document.forvaltning) }
                            td { (h.document.supplier.as_deref().unwrap_or("–")) }
                            td { (opt_date(&h.document.date)) }
                            td { @for (i, s) in h.systems.iter().enumerate() { @if i > 0 { ", " } a href=(s.url) { (s.label) } } }
                            td { (h.reason) }
                        } } }
                    } }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{EVIL, check};

    #[test]
    fn results_say_why() {
        let v = ReuseView {
            system: "SYS-1".into(),
            q: EVIL.into(),
            systems: vec![Choice::new("SYS-1", "Løn")],
            searched: true,
            results: vec![ReuseHit {
                document: DocumentRow {
                    title: EVIL.into(),
                    kind: "contract".into(),
                    forvaltning: "BUF".into(),
                    in_force: Some(true),
                    ..Default::default()
                },
                reason: "Samme leverandør".into(),
                systems: vec![Link::new("Løn", "/systemer/SYS-1")],
            }],
        };
        let html = reuse(&Chrome::anonymous(), &v).into_string();
        check(&html);
        for needle in [
            "Samme leverandør",
            "<option value=\"SYS-1\" selected>",
            "1 kontrakt kan måske bruges",
            "I kraft",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
        let empty = reuse(
            &Chrome::anonymous(),
            &ReuseView {
                searched: true,
                ..Default::default()
            },
        )
        .into_string();
        check(&empty);
        assert!(empty.contains("Ingen kontrakter i andre forvaltninger"));
        assert_eq!(reason_label("text_match"), "Teksten matcher behovet");
    }
}

//! The help page: the search query language, in Danish.

use maud::{Markup, html};

use crate::layout::{Head, Nav, page};
use crate::view::Chrome;

/// One row of the syntax table: what to type, and what it means.
const SYNTAX: &[(&str, &str)] = &[
    (
        "ophævelse misligholdelse",
        "Klausuler med ordene i alle bøjninger (ophæve, ophævelsen …). Ved tre eller flere ord skal de fleste findes; småord som »af« og »ved« er valgfrie.",
    ),
    (
        "\"væsentlig misligholdelse\"",
        "Sætningen: ordene i denne rækkefølge.",
    ),
    (
        "\"ophæve kontrakten\"~5",
        "Ordene højst 5 ord fra hinanden.",
    ),
    (
        "leverand*",
        "Ord der begynder med »leverand« (mindst 2 bogstaver før *).",
    ),
    (
        "ophævelse~ · ophævelse~2",
        "Stavefejl tilladt: 1 rettelse (korte ord) eller 2, eller det angivne antal (0–2).",
    ),
    (
        "a OR b · a AND b · NOT a · -a · +a · ( … )",
        "Logik; OG, ELLER og IKKE virker også. Med en eksplicit operator skal alle ord findes.",
    ),
    (
        "leverandør:38009877 · leverandør:\"Nordlys Drift\"",
        "Leverandør efter CVR-nummer eller navn (også leverandor:).",
    ),
    (
        "type:kontrakt",
        "kontrakt, tillæg, bilag, databehandleraftale, systemdokumentation.",
    ),
    (
        "forvaltning:ØKF",
        "ØKF, BUF, KFF, SUF, SOF, TMF, BIF (okf og oekf virker også).",
    ),
    ("system:SYS-0042", "Dokumenter knyttet til et system."),
    (
        "overskrift:ophævelse · titel:driftskontrakt",
        "Kun klausuloverskrifter eller dokumenttitler.",
    ),
    (
        "år:2024 · år:2020..2023 · dato:2024-01-01..2024-06-30 · dato:..2023-12",
        "Datointervaller (underskrevet, ellers uploadet); en ende kan være åben.",
    ),
];

/// The help page for nobody in particular (kept for callers without a session).
pub fn help() -> Markup {
    help_for(&Chrome::anonymous())
}

/// The help page, with the signed-in user in the header.
pub fn help_for(chrome: &Chrome) -> Markup {
    page(
        chrome,
        Head::new("Søgehjælp", Nav::None),
        html! {
            h1 { "Sådan søger du" }
            p {
                "Søgningen finder klausuler – fx »12.3 Ophævelse« – på tværs af alle kontrakter, tillæg og "
                "systemdokumentation, med overskrift og sidetal."
            }
            div.table-wrap tabindex="0" role="region" aria-label="Tabel" { table.syntax {
                thead { tr { th scope="col" { "Skriv" } th scope="col" { "Finder" } } }
                tbody {
                    @for (typed, meaning) in SYNTAX {
                        tr { td { code { (typed) } } td { (meaning) } }
                    }
                }
            } }
            h2 { "Løse søgninger med flere ord" }
            p {
                "Skriver du flere ord uden operatorer, kommer de klausuler først, der indeholder alle ordene, og "
                "derefter dem med flest af ordene. Stavefejl rettes: søgningen viser »Viste resultater for …« med "
                "den rettede søgning og et link til at søge på det, du skrev. Sæt = foran et ord – fx "
                code { "=ophør" } " – for at søge præcis det ord, uden synonymer, bøjninger og rettelser."
            }
            h2 { "Danske bogstaver og sammensatte ord" }
            p {
                "Du kan skrive uden æ, ø og å: »ophaevelse« finder »ophævelse«, og »Aarhus« finder »Århus«. "
                "Den sidste del af et sammensat ord finder hele ordet: »forordning« finder "
                "»databeskyttelsesforordningen«, og den første del gør det samme: »hosting« finder "
                "»hostingydelsen«."
            }
            h2 { "Leverandørens navn og dokumentets titel" }
            p {
                "Et ord fra leverandørens navn tæller sammen med et ord fra afsnittet: "
                "»ansvarsbegrænsning Nordlys« finder ansvarsbegrænsningerne i Nordlys' dokumenter. "
                "Ord fra titlen søger du med »titel:«, fx »titel:driftskontrakt ophævelse«."
            }
            h2 { "Fejl i søgningen" }
            p { "Er søgningen ikke gyldig – fx et citationstegn uden afslutning – får du besked om, hvor fejlen er." }
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn help_lists_every_filter() {
        let html = super::help().into_string();
        for needle in [
            "leverand*",
            "leverandør:",
            "type:",
            "forvaltning:",
            "system:",
            "overskrift:",
            "dato:",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
        assert!(html.contains("=ophør"));
        crate::testutil::check(&html);
    }
}

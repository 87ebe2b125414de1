//! The metadata fields of each document kind, shared by the upload form and the document's correction form.
//! Field names are the form names the service parses; they follow the API's JSON names, with `supplier_cvr`,
//! `supplier_name`, `options_count`, `options_months`, `procurement_form` and `framework_agreement` flattened.

use maud::{Markup, html};

use crate::format::{FORVALTNINGER, doc_type_label, notice_anchor_label, template_label};
use crate::forms::{Field, FieldMap, Input, choices, field};
use crate::view::Choice;

/// Suggestions that come from the register, given by the service.
pub(crate) struct Options<'a> {
    /// value = CVR, label = supplier name
    pub suppliers: &'a [Choice],
    /// value = document id, label = title (contracts the user may attach to)
    pub parents: &'a [Choice],
}

#[derive(Clone, Copy)]
enum Spec {
    Text,
    Date,
    Number,
    Check,
    Forvaltning,
    Supplier,
    Parent,
    Anchor,
    Template,
    Procurement,
    DocType,
}

const C: &str = "contract";
const A: &str = "addendum";
const B: &str = "appendix";
const D: &str = "data_processing_agreement";
const S: &str = "system_documentation";
const ALL: &[&str] = &[C, A, B, D, S];
const SIGNED: &[&str] = &[C, A, B, D];

/// (name, label, spec, kinds where shown, kinds where required, hint)
#[rustfmt::skip]
type Row = (&'static str, &'static str, Spec, &'static [&'static str], &'static [&'static str], Option<&'static str>);

#[rustfmt::skip]
const GROUPS: &[(&str, &[Row])] = &[
    ("Dokument", &[
        ("title", "Titel", Spec::Text, ALL, ALL, None),
        ("forvaltning", "Forvaltning", Spec::Forvaltning, ALL, ALL, None),
        ("unit", "Enhed", Spec::Text, ALL, &[], Some("Den enhed i forvaltningen, der ejer dokumentet.")),
        ("signed_on", "Underskrevet", Spec::Date, SIGNED, &[], None),
        ("confidential", "Fortrolig", Spec::Check, ALL, &[],
            Some("Fortrolige dokumenter kan kun ses af egen forvaltning, Koncern IT og revisionen.")),
    ]),
    ("Leverandør", &[
        ("supplier_cvr", "CVR-nummer", Spec::Supplier, ALL, &[C, A],
            Some("8 cifre. Er leverandøren kendt fra tidligere kontrakter, udfyldes navnet af sig selv.")),
        ("supplier_name", "Leverandørens navn", Spec::Text, ALL, &[], Some("Kun nødvendigt for en ny leverandør.")),
    ]),
    ("Hovedkontrakt", &[
        ("parent_id", "Hovedkontrakt", Spec::Parent, &[A, B, D], &[A],
            Some("Skriv kontraktens titel eller nummer og vælg den fra listen.")),
        ("addendum_number", "Tillægsnummer", Spec::Number, &[A], &[A], None),
        ("changed_clauses", "Ændrede klausuler", Spec::Text, &[A], &[], Some("Adskilt med komma, fx 4.2, 12.3")),
    ]),
    ("Kontraktvilkår", &[
        ("contract_number", "Kontraktnummer", Spec::Text, &[C, A], &[], None),
        ("valid_from", "Gyldig fra", Spec::Date, &[C, A], &[], None),
        ("valid_to", "Gyldig til", Spec::Date, &[C, A], &[], Some("Tom, hvis kontrakten er løbende.")),
        ("ongoing", "Løbende (ingen slutdato)", Spec::Check, &[C], &[], None),
        ("irrevocable_until", "Uopsigelig til", Spec::Date, &[C], &[], None),
        ("notice_months", "Opsigelsesfrist (måneder)", Spec::Number, &[C], &[], None),
        ("notice_anchor", "Opsigelsesfristen løber", Spec::Anchor, &[C], &[], None),
        ("options_count", "Optioner (antal)", Spec::Number, &[C], &[], None),
        ("options_months", "Måneder pr. option", Spec::Number, &[C], &[], None),
        ("options_used", "Optioner udnyttet", Spec::Number, &[C], &[], None),
        ("template", "Kontraktskabelon", Spec::Template, &[C], &[], None),
        ("procurement_form", "Indkøbsform", Spec::Procurement, &[C], &[], None),
        ("framework_agreement", "Rammeaftale (nummer)", Spec::Text, &[C], &[], Some("Fx SKI 02.19")),
        ("value_expected_dkk", "Forventet værdi (kr. ekskl. moms)", Spec::Number, &[C, A], &[], None),
        ("value_max_dkk", "Maksimal værdi (kr. ekskl. moms)", Spec::Number, &[C, A], &[], None),
    ]),
    ("Dokumentation", &[
        ("doc_type", "Dokumentationstype", Spec::DocType, &[S], &[S], None),
        ("version", "Version", Spec::Text, &[S], &[], None),
        ("supersedes_id", "Erstatter dokument (id)", Spec::Text, &[S], &[],
            Some("Id på den version, denne afløser. Den gamle version kan stadig hentes.")),
        ("next_revision_due", "Næste revision senest", Spec::Date, &[S], &[], None),
    ]),
];

const ANCHORS: [&str; 4] = ["running", "end_of_month", "end_of_quarter", "end_of_year"];
const TEMPLATES: [&str; 9] = [
    "K01", "K02", "K03", "K04", "KOMBIT", "SKI", "supplier", "own", "other",
];
#[rustfmt::skip]
const DOC_TYPES: [&str; 12] = [
    "system_description", "architecture", "operations_guide", "installation", "configuration", "interface",
    "data_model", "security", "user_guide", "release_notes", "test_report", "other",
];
const PROCUREMENT: [&str; 6] = [
    "EU-udbud",
    "Miniudbud",
    "Direkte tildeling",
    "SKI-rammeaftale",
    "Tilbudsindhentning",
    "Andet",
];

/// The Danish label of a field name, for the error summary.
pub(crate) fn label_of(name: &str) -> String {
    GROUPS
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .find(|r| r.0 == name)
        .map(|r| r.1.to_owned())
        .unwrap_or_else(|| match name {
            "file" => "PDF-fil".to_owned(),
            "system_ids" => "Systemer".to_owned(),
            other => other.to_owned(),
        })
}

/// The metadata field names the form of `kind` sends (besides `kind`, `system_ids`, `file`, `csrf_token`), so
/// the service parses exactly what the page renders.
pub fn field_names(kind: &str) -> Vec<&'static str> {
    GROUPS
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .filter(|r| r.3.contains(&kind))
        .map(|r| r.0)
        .collect()
}

fn ident(s: &str) -> &str {
    s
}

/// The fieldsets of one kind, with typed values and errors.
pub(crate) fn fieldsets(
    kind: &str,
    values: &FieldMap,
    errors: &FieldMap,
    opts: &Options<'_>,
) -> Markup {
    let forvaltninger = choices(&FORVALTNINGER, ident);
    let anchors = choices(&ANCHORS, notice_anchor_label);
    let templates = choices(&TEMPLATES, template_label);
    let doc_types = choices(&DOC_TYPES, doc_type_label);
    let procurement = choices(&PROCUREMENT, ident);
    html! {
        @for (legend, rows) in GROUPS {
            @let rows: Vec<&Row> = rows.iter().filter(|r| r.3.contains(&kind)).collect();
            @if !rows.is_empty() {
                fieldset {
                    legend { (legend) }
                    @for r in rows {
                        @let input = match r.2 {
                            Spec::Text => Input::Text,
                            Spec::Date => Input::Date,
                            Spec::Number => Input::Number,
                            Spec::Check => Input::Checkbox,
                            Spec::Forvaltning => Input::Select(&forvaltninger),
                            Spec::Supplier => Input::Suggest(opts.suppliers),
                            Spec::Parent => Input::Suggest(opts.parents),
                            Spec::Anchor => Input::Select(&anchors),
                            Spec::Template => Input::Select(&templates),
                            Spec::Procurement => Input::Suggest(&procurement),
                            Spec::DocType => Input::Select(&doc_types),
                        };
                        (field(&Field { name: r.0, label: r.1, input, required: r.4.contains(&kind), hint: r.5 }, values, errors))
                    }
                }
            }
        }
    }
}

/// A multi-select of systems; `app.js` adds search-as-you-type over `/api/v1/systems`.
pub(crate) fn systems_picker(
    systems: &[Choice],
    selected: &[String],
    error: Option<&String>,
) -> Markup {
    html! {
        div.field.invalid[error.is_some()] {
            label for="f-system_ids" { "Systemer" }
            p.hint id="f-system_ids-hint" { "Vælg de systemer i systemregistret, dokumentet hører til (Ctrl/⌘ for flere)." }
            @if let Some(e) = error { p.error id="f-system_ids-error" { (e) } }
            select #f-system_ids name="system_ids" multiple size="6" data-system-picker
                aria-describedby=(if error.is_some() { "f-system_ids-hint f-system_ids-error" } else { "f-system_ids-hint" }) {
                @for c in systems {
                    option value=(c.value) selected[selected.contains(&c.value)] { (c.label) }
                }
            }
        }
    }
}

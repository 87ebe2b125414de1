//! Form building blocks: labelled fields with their error next to them, the CSRF field, an error summary.
//!
//! Every input gets a `<label for>`; an error sets `aria-invalid` and `aria-describedby`, and the summary at the
//! top of the form is `role="alert"` so a screen reader announces it after a failed submit.

use std::collections::BTreeMap;

use maud::{Markup, html};

use crate::view::Choice;

/// Field name → typed value, or field name → Danish error message.
pub type FieldMap = BTreeMap<String, String>;

/// The hidden CSRF field every POST form carries.
pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(token); }
}

/// What kind of control a field is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input<'a> {
    Text,
    Date,
    Number,
    TextArea,
    /// A text input with suggestions from a `<datalist>` (works without JavaScript).
    Suggest(&'a [Choice]),
    Select(&'a [Choice]),
    Checkbox,
    File,
}

/// One labelled field. `id` is `f-<name>` so the error summary can link to it.
pub struct Field<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub input: Input<'a>,
    pub required: bool,
    pub hint: Option<&'a str>,
}

pub(crate) fn field_id(name: &str) -> String {
    format!("f-{name}")
}

/// Renders a field with its current value and error.
pub fn field(f: &Field<'_>, values: &FieldMap, errors: &FieldMap) -> Markup {
    let id = field_id(f.name);
    let value = values.get(f.name).map(String::as_str).unwrap_or("");
    let error = errors.get(f.name);
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let described = [
        f.hint.map(|_| hint_id.clone()),
        error.map(|_| err_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let invalid = error.map(|_| "true");
    let checkbox = f.input == Input::Checkbox;
    html! {
        div.field.invalid[error.is_some()] {
            @if checkbox {
                div.check {
                    input id=(id) name=(f.name) type="checkbox" value="true"
                        checked[matches!(value, "true" | "on")] aria-invalid=[invalid]
                        aria-describedby=[described.as_deref()];
                    label for=(id) { (f.label) }
                }
            } @else {
                label for=(id) { (f.label) @if f.required { " " abbr.req title="skal udfyldes" { "*" } } }
            }
            @if let Some(h) = f.hint { p.hint id=(hint_id) { (h) } }
            @if let Some(e) = error { p.error id=(err_id) { (e) } }
            @match f.input {
                Input::Text => input id=(id) name=(f.name) type="text" value=(value) required[f.required]
                    aria-invalid=[invalid] aria-describedby=[described.as_deref()];,
                Input::Date => input id=(id) name=(f.name) type="date" value=(value) required[f.required]
                    aria-invalid=[invalid] aria-describedby=[described.as_deref()];,
                Input::Number => input id=(id) name=(f.name) type="number" min="0" step="1" inputmode="numeric"
                    value=(value) required[f.required] aria-invalid=[invalid] aria-describedby=[described.as_deref()];,
                Input::TextArea => textarea id=(id) name=(f.name) rows="3" required[f.required]
                    aria-invalid=[invalid] aria-describedby=[described.as_deref()] { (value) },
                Input::Suggest(choices) => {
                    input id=(id) name=(f.name) type="text" value=(value) list=(format!("{id}-list"))
                        autocomplete="off" required[f.required] aria-invalid=[invalid]
                        aria-describedby=[described.as_deref()];
                    datalist id=(format!("{id}-list")) {
                        @for c in choices { option value=(c.value) { (c.label) } }
                    }
                }
                Input::Select(choices) => select id=(id) name=(f.name) required[f.required]
                    aria-invalid=[invalid] aria-describedby=[described.as_deref()] {
                    option value="" { "Vælg …" }
                    @for c in choices { option value=(c.value) selected[c.value == value] { (c.label) } }
                },
                // Rendered above, with its label after the box.
                Input::Checkbox => {}
                Input::File => input id=(id) name=(f.name) type="file" accept="application/pdf,.pdf"
                    required[f.required] aria-invalid=[invalid] aria-describedby=[described.as_deref()];,
            }
        }
    }
}

/// The list of errors above a form, each linking to its field; announced when it appears.
pub fn error_summary(errors: &FieldMap, labels: &dyn Fn(&str) -> String) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" tabindex="-1" id="fejl" {
                h2 { "Formularen har fejl" }
                ul { @for (name, msg) in errors {
                    li { a href=(format!("#{}", field_id(name))) { (labels(name)) ": " (msg) } }
                } }
            }
        }
    }
}

/// Codes with their Danish labels as choices.
pub(crate) fn choices(codes: &[&str], label: fn(&str) -> &str) -> Vec<Choice> {
    codes.iter().map(|c| Choice::new(*c, label(c))).collect()
}

//! The upload and correction forms' fields (flat, as HTML sends them) turned into document metadata JSON,
//! with Danish messages next to the fields that are wrong.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};
use storage::model::ProcurementForm;
use templates::forms::FieldMap;

use crate::ingest::IngestError;

const NUMBERS: &[&str] = &[
    "addendum_number",
    "notice_months",
    "options_count",
    "options_months",
    "options_used",
    "value_expected_dkk",
    "value_max_dkk",
];
const CHECKS: &[&str] = &["confidential", "ongoing"];

/// The metadata of `kind` from the form's fields, or the fields' errors.
pub fn metadata(
    kind: &str,
    fields: &BTreeMap<String, String>,
    systems: &[String],
) -> Result<Value, FieldMap> {
    let mut errors = FieldMap::new();
    let mut out = Map::new();
    out.insert("kind".into(), json!(kind));
    let get = |name: &str| fields.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    for &name in &templates::upload::field_names(kind) {
        if CHECKS.contains(&name) {
            out.insert(name.into(), json!(get(name).is_some()));
            continue;
        }
        let Some(value) = get(name) else { continue };
        if NUMBERS.contains(&name) {
            match value.replace('.', "").parse::<u64>() {
                Ok(n) => {
                    out.insert(name.into(), json!(n));
                }
                Err(_) => {
                    errors.insert(name.into(), "Skriv et helt tal.".into());
                }
            }
            continue;
        }
        out.insert(name.into(), json!(value));
    }
    nest(
        &mut out,
        "supplier",
        &[("supplier_cvr", "cvr"), ("supplier_name", "name")],
    );
    nest(
        &mut out,
        "options",
        &[("options_count", "count"), ("options_months", "months")],
    );
    nest(
        &mut out,
        "procurement",
        &[
            ("procurement_form", "form"),
            ("framework_agreement", "framework_agreement"),
        ],
    );
    if let Some(Value::String(form)) = out.get("procurement").and_then(|p| p.get("form")).cloned() {
        match procurement_code(&form) {
            Some(code) => out["procurement"]["form"] = json!(code),
            None => {
                errors.insert(
                    "procurement_form".into(),
                    "Vælg en indkøbsform fra listen.".into(),
                );
            }
        }
    }
    if let Some(Value::String(list)) = out.get("changed_clauses").cloned() {
        let clauses: Vec<&str> = list
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        out.insert("changed_clauses".into(), json!(clauses));
    }
    if !systems.is_empty() {
        out.insert("system_ids".into(), json!(systems));
    }
    if errors.is_empty() {
        Ok(Value::Object(out))
    } else {
        Err(errors)
    }
}

/// Moves flat fields into one nested object (`supplier_cvr` → `supplier.cvr`).
fn nest(out: &mut Map<String, Value>, key: &str, parts: &[(&str, &str)]) {
    let mut inner = Map::new();
    for (flat, nested) in parts {
        if let Some(v) = out.remove(*flat) {
            inner.insert((*nested).into(), v);
        }
    }
    if !inner.is_empty() {
        out.insert(key.into(), Value::Object(inner));
    }
}

/// An Indkøbsform as typed or chosen: the code, its Danish label, or the words people use.
fn procurement_code(typed: &str) -> Option<&'static str> {
    let t = typed.trim().to_lowercase();
    if let Some(f) = ProcurementForm::ALL
        .iter()
        .find(|f| f.as_str() == t || f.label_da().to_lowercase() == t)
    {
        return Some(f.as_str());
    }
    Some(match t.as_str() {
        s if s.starts_with("miniudbud") => "framework_mini_tender",
        s if s.starts_with("ski") => "framework_direct_award",
        "tilbudsindhentning" | "andet" => "other",
        _ => return None,
    })
}

/// The form field an error of the metadata names (`supplier.cvr` → `supplier_cvr`).
fn form_field(field: &str) -> String {
    match field {
        "supplier.cvr" | "supplier" => "supplier_cvr".into(),
        "supplier.name" => "supplier_name".into(),
        "options.count" | "options" => "options_count".into(),
        "options.months" => "options_months".into(),
        "procurement.form" | "procurement" => "procurement_form".into(),
        "procurement.framework_agreement" => "framework_agreement".into(),
        "metadata" => "title".into(),
        other => other.split(['.', '[']).next().unwrap_or(other).into(),
    }
}

/// An upload's refusal as the form's errors, in Danish.
pub fn errors(e: &IngestError) -> Option<FieldMap> {
    let mut errors = FieldMap::new();
    match e {
        IngestError::Invalid { field, message } => {
            let text = if message.contains("missing")
                || message.contains("required")
                || message.contains("must be given")
            {
                "Skal udfyldes.".to_string()
            } else if message.contains("date") {
                format!("Skriv en gyldig dato (ÅÅÅÅ-MM-DD). ({message})")
            } else if field.starts_with("supplier") {
                format!("Tjek CVR-nummeret: 8 cifre med gyldigt kontrolciffer. ({message})")
            } else {
                format!("Værdien kan ikke bruges: {message}")
            };
            errors.insert(form_field(field), text);
        }
        IngestError::TooLarge(limit) => {
            errors.insert(
                "file".into(),
                format!("Filen er for stor; højst {} MB.", limit >> 20),
            );
        }
        IngestError::NotPdf => {
            errors.insert(
                "file".into(),
                "Filen er ikke en PDF. Kun PDF-filer kan indsendes.".into(),
            );
        }
        IngestError::Read(_) => {
            errors.insert(
                "file".into(),
                "Filen kunne ikke læses helt. Prøv igen.".into(),
            );
        }
        IngestError::Storage(_) => return None,
    }
    Some(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_fields_become_nested_metadata() {
        let fields: BTreeMap<String, String> = [
            ("title", "Driftsaftale"),
            ("forvaltning", "BUF"),
            ("supplier_cvr", "38009877"),
            ("supplier_name", "Nordlys"),
            ("notice_months", "3"),
            ("options_count", "2"),
            ("options_months", "12"),
            ("procurement_form", "EU-udbud"),
            ("confidential", "true"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let m = metadata("contract", &fields, &["SYS-0001".into()]).unwrap();
        assert_eq!(m["supplier"], json!({"cvr": "38009877", "name": "Nordlys"}));
        assert_eq!(m["options"], json!({"count": 2, "months": 12}));
        assert_eq!(m["procurement"]["form"], "eu_tender");
        assert_eq!(m["notice_months"], 3);
        assert_eq!(m["confidential"], true);
        assert_eq!(m["ongoing"], false);
        assert_eq!(m["system_ids"], json!(["SYS-0001"]));
        let bad: BTreeMap<String, String> =
            [("notice_months".to_string(), "tre".to_string())].into();
        assert!(
            metadata("contract", &bad, &[])
                .unwrap_err()
                .contains_key("notice_months")
        );
    }
}

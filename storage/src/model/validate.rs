//! What serde cannot check: which fields belong to which kind of document, and how they fit together.
//! Every error names the field (as the API spells it) and says what is wrong.
//! Checks that need the catalog (does the parent exist and is it a contract?) live in `catalog`.

use super::{DocumentKind, NewDocument, Supplier};
use crate::error::{Error, Result};

/// Contract terms: carried by contracts and by tillæg (which change them).
const CONTRACT_TERMS: &[&str] = &[
    "contract_number",
    "valid_from",
    "valid_to",
    "ongoing",
    "terminated_on",
    "irrevocable_until",
    "notice_months",
    "notice_anchor",
    "options",
    "options_used",
    "template",
    "procurement",
    "value_expected_dkk",
    "value_max_dkk",
];

/// Whether a kind may carry a kind-specific field.
fn allowed(kind: DocumentKind, field: &str) -> bool {
    use DocumentKind::*;
    if CONTRACT_TERMS.contains(&field) {
        return matches!(kind, Contract | Addendum);
    }
    match field {
        "parent_id" => kind != SystemDocumentation,
        "addendum_number" | "changed_clauses" => kind == Addendum,
        "appendix_number" => matches!(kind, Appendix | DataProcessingAgreement),
        "doc_type" | "version" | "supersedes_id" | "next_revision_due" => {
            kind == SystemDocumentation
        }
        _ => false,
    }
}

fn invalid(field: &'static str, message: impl Into<String>) -> Error {
    Error::invalid(field, message)
}

fn check_text(field: &'static str, value: Option<&str>, max: usize) -> Result<()> {
    match value {
        Some(v) if v.trim().is_empty() => Err(invalid(field, "must not be empty")),
        Some(v) if v.chars().count() > max => {
            Err(invalid(field, format!("is longer than {max} characters")))
        }
        _ => Ok(()),
    }
}

impl NewDocument {
    /// Checks everything that needs no catalog lookup.
    pub fn validate(&self) -> Result<()> {
        check_text("title", Some(&self.title), 500)?;
        check_text("unit", self.unit.as_deref(), 200)?;
        if let Some(s) = &self.supplier {
            s.validate()?;
        }
        for id in &self.system_ids {
            check_text("system_ids", Some(id), 64)?;
        }
        let details = self.details();
        for (field, value) in details.entries() {
            if !value.is_null() && !allowed(self.kind, field) {
                return Err(Error::Invalid {
                    field: crate::model::Details::FIELDS
                        .iter()
                        .find(|f| **f == field)
                        .copied()
                        .unwrap_or("metadata"),
                    message: format!("is not a field of `{}` documents", self.kind.as_str()),
                });
            }
        }
        self.validate_contract_terms()?;
        match self.kind {
            DocumentKind::Addendum => {
                if self.parent_id.is_none() {
                    return Err(invalid(
                        "parent_id",
                        "a tillæg (addendum) must name its parent contract",
                    ));
                }
                match self.addendum_number {
                    None => {
                        return Err(invalid("addendum_number", "a tillæg must carry its number"));
                    }
                    Some(0) => {
                        return Err(invalid("addendum_number", "tillæg are numbered from 1"));
                    }
                    Some(_) => {}
                }
                for clause in self.changed_clauses.iter().flatten() {
                    check_text("changed_clauses", Some(clause), 100)?;
                }
            }
            DocumentKind::SystemDocumentation => {
                if self.doc_type.is_none() {
                    return Err(invalid(
                        "doc_type",
                        "system documentation must say its type (system_description, architecture, …)",
                    ));
                }
                check_text("version", self.version.as_deref(), 50)?;
            }
            _ => {}
        }
        check_text("appendix_number", self.appendix_number.as_deref(), 20)?;
        Ok(())
    }

    fn validate_contract_terms(&self) -> Result<()> {
        check_text("contract_number", self.contract_number.as_deref(), 100)?;
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to)
            && to < from
        {
            return Err(invalid(
                "valid_to",
                format!("{to} is before valid_from {from}"),
            ));
        }
        if self.ongoing == Some(true) && self.valid_to.is_some() {
            return Err(invalid(
                "ongoing",
                "a contract either runs until valid_to or is ongoing (løbende), not both",
            ));
        }
        if let (Some(from), Some(until)) = (self.valid_from, self.irrevocable_until)
            && until < from
        {
            return Err(invalid(
                "irrevocable_until",
                format!("{until} is before valid_from {from}"),
            ));
        }
        if let (Some(from), Some(t)) = (self.valid_from, self.terminated_on)
            && t < from
        {
            return Err(invalid(
                "terminated_on",
                format!("{t} is before valid_from {from}"),
            ));
        }
        match self.notice_months {
            Some(m) if m > 120 => return Err(invalid("notice_months", "must be at most 120")),
            None if self.notice_anchor.is_some() => {
                return Err(invalid(
                    "notice_months",
                    "is required when notice_anchor is given",
                ));
            }
            _ => {}
        }
        if let Some(o) = self.options {
            if !(1..=20).contains(&o.count) {
                return Err(invalid("options.count", "must be between 1 and 20"));
            }
            if !(1..=120).contains(&o.months) {
                return Err(invalid("options.months", "must be between 1 and 120"));
            }
        }
        match (self.options_used, self.options) {
            (Some(used), Some(o)) if used > o.count => {
                return Err(invalid(
                    "options_used",
                    format!("{used} options used, but the contract has {}", o.count),
                ));
            }
            (Some(used), None) if used > 0 && self.kind == DocumentKind::Contract => {
                return Err(invalid("options_used", "the contract has no options"));
            }
            _ => {}
        }
        if let (Some(expected), Some(max)) = (self.value_expected_dkk, self.value_max_dkk)
            && max < expected
        {
            return Err(invalid(
                "value_max_dkk",
                format!("{max} is less than value_expected_dkk {expected}"),
            ));
        }
        if let Some(p) = &self.procurement {
            check_text(
                "procurement.framework_agreement",
                p.framework_agreement.as_deref(),
                100,
            )?;
            if p.form.under_framework() && p.framework_agreement.is_none() {
                return Err(invalid(
                    "procurement.framework_agreement",
                    "is required when buying under a framework agreement",
                ));
            }
        }
        Ok(())
    }
}

impl Supplier {
    /// A supplier is either Danish with a CVR number, or foreign with a country and a national id.
    pub fn validate(&self) -> Result<()> {
        check_text("supplier.name", Some(&self.name), 300)?;
        match (&self.cvr, &self.country, &self.id) {
            (Some(_), None | Some(_), None)
                if self.country.as_deref().is_none_or(|c| c == "DK") =>
            {
                Ok(())
            }
            (Some(_), _, _) => Err(invalid(
                "supplier.cvr",
                "a supplier with a CVR number is Danish; give either cvr, or country and id",
            )),
            (None, Some(country), Some(id)) => {
                if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(invalid(
                        "supplier.country",
                        "must be a two-letter country code (ISO 3166-1), e.g. SE",
                    ));
                }
                if country == "DK" {
                    return Err(invalid(
                        "supplier.cvr",
                        "a Danish supplier is identified by its CVR number",
                    ));
                }
                let ok = |c: char| c.is_ascii_alphanumeric() || "-./ ".contains(c);
                if id.trim().is_empty() || id.len() > 40 || !id.chars().all(ok) {
                    return Err(invalid(
                        "supplier.id",
                        "must be the company's national id: 1–40 letters, digits, spaces or -./",
                    ));
                }
                Ok(())
            }
            (None, None, _) => Err(invalid(
                "supplier.cvr",
                "a supplier needs its CVR number, or (if foreign) country and id",
            )),
            (None, Some(_), None) => Err(invalid(
                "supplier.id",
                "a foreign supplier needs its national id",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: serde_json::Value) -> NewDocument {
        serde_json::from_value(v).unwrap()
    }

    fn field_of(v: serde_json::Value) -> &'static str {
        match parse(v).validate() {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("expected an invalid field, got {other:?}"),
        }
    }

    #[test]
    fn each_kind_carries_its_own_fields() {
        use serde_json::json;
        let ok = |v: serde_json::Value| parse(v).validate().unwrap();
        ok(
            json!({"kind": "contract", "title": "K", "forvaltning": "ØKF", "valid_from": "2024-01-01",
                  "ongoing": true, "notice_months": 6, "notice_anchor": "end_of_quarter",
                  "options": {"count": 2, "months": 12}, "options_used": 1,
                  "procurement": {"form": "framework_mini_tender", "framework_agreement": "SKI 02.19"}}),
        );
        ok(
            json!({"kind": "addendum", "title": "T", "forvaltning": "ØKF", "parent_id": "x", "addendum_number": 2}),
        );
        ok(
            json!({"kind": "system_documentation", "title": "D", "forvaltning": "TMF", "doc_type": "security"}),
        );
        let base = |extra: serde_json::Value| {
            let mut v = json!({"kind": "contract", "title": "K", "forvaltning": "ØKF"});
            for (k, x) in extra.as_object().unwrap() {
                v[k] = x.clone();
            }
            v
        };
        assert_eq!(
            field_of(base(json!({"kind": "addendum", "addendum_number": 1}))),
            "parent_id"
        );
        assert_eq!(
            field_of(base(json!({"kind": "addendum", "parent_id": "x"}))),
            "addendum_number"
        );
        assert_eq!(
            field_of(base(json!({"kind": "system_documentation"}))),
            "doc_type"
        );
        assert_eq!(field_of(base(json!({"doc_type": "security"}))), "doc_type");
        assert_eq!(
            field_of(base(
                json!({"kind": "system_documentation", "doc_type": "other", "valid_to": "2025-01-01"})
            )),
            "valid_to"
        );
        assert_eq!(
            field_of(base(
                json!({"valid_from": "2025-01-01", "valid_to": "2024-01-01"})
            )),
            "valid_to"
        );
        assert_eq!(
            field_of(base(json!({"valid_to": "2025-01-01", "ongoing": true}))),
            "ongoing"
        );
        assert_eq!(
            field_of(base(json!({"notice_anchor": "end_of_month"}))),
            "notice_months"
        );
        assert_eq!(
            field_of(base(
                json!({"options": {"count": 1, "months": 12}, "options_used": 2})
            )),
            "options_used"
        );
        assert_eq!(
            field_of(base(json!({"value_expected_dkk": 10, "value_max_dkk": 5}))),
            "value_max_dkk"
        );
        assert_eq!(
            field_of(base(
                json!({"procurement": {"form": "framework_direct_award"}})
            )),
            "procurement.framework_agreement"
        );
        assert_eq!(
            field_of(base(json!({"supplier": {"name": "A"}}))),
            "supplier.cvr"
        );
        assert_eq!(
            field_of(base(
                json!({"supplier": {"name": "A", "country": "se", "id": "1"}})
            )),
            "supplier.country"
        );
        assert_eq!(
            field_of(base(
                json!({"supplier": {"name": "A", "country": "DK", "id": "1"}})
            )),
            "supplier.cvr"
        );
    }
}

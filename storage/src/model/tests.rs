//! The OpenAPI schemas of the model tell the truth: enum values are the wire words serde uses, and
//! struct schemas name the fields serde writes.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};
use utoipa::{PartialSchema, ToSchema};

use super::*;

fn schema<T: PartialSchema>() -> Value {
    serde_json::to_value(T::schema()).unwrap()
}

/// The words a vocabulary's schema lists.
fn enum_words<T: PartialSchema>() -> Vec<String> {
    let schema = schema::<T>();
    let words = schema["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("no enum in {schema}"));
    words
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

macro_rules! check_vocabularies {
    ($($name:ident),+ $(,)?) => {$(
        let wire: Vec<String> = $name::ALL
            .iter()
            .map(|v| serde_json::to_value(v).unwrap().as_str().unwrap().to_string())
            .collect();
        let listed = enum_words::<$name>();
        assert_eq!(listed, wire, "{}: the schema lists the serde words", stringify!($name));
        for v in $name::ALL {
            assert_eq!(v.as_str(), serde_json::to_value(v).unwrap(), "{v:?}");
            assert_eq!(v.as_str().parse::<$name>().unwrap(), *v);
            assert!(!v.label_da().is_empty());
        }
    )+};
}

#[test]
fn every_vocabulary_schema_lists_the_wire_words() {
    check_vocabularies!(
        DocumentKind,
        Forvaltning,
        DocStatus,
        SystemCategory,
        Network,
        Lifecycle,
        ArchiveDuty,
        NoticeAnchor,
        Template,
        ProcurementForm,
        DocType,
        ProposalStatus,
    );
    let forvaltning = schema::<Forvaltning>().to_string();
    assert!(
        forvaltning.contains("\"ØKF\"") && !forvaltning.contains("Okf"),
        "{forvaltning}"
    );
    let kinds = enum_words::<DocumentKind>();
    assert!(kinds.contains(&"contract".into()) && !kinds.contains(&"Contract".into()));
    assert_eq!(enum_words::<Template>()[4], "KOMBIT");
}

#[test]
fn danish_labels_are_the_ui_words() {
    assert_eq!(
        DocumentKind::SystemDocumentation.label_da(),
        "Systemteknisk dokumentation"
    );
    assert_eq!(DocStatus::Pending.label_da(), "Afventer indeksering");
    assert_eq!(DocStatus::NoText.label_da(), "Ingen tekst");
    assert_eq!(Lifecycle::Operational.label_da(), "I drift");
    assert_eq!(Lifecycle::PhasingIn.label_da(), "Under indfasning");
    assert_eq!(
        SystemCategory::CrossCuttingSpecialist.label_da(),
        "Tværgående fagsystem"
    );
    assert_eq!(Forvaltning::Okf.label_da(), "Økonomiforvaltningen");
}

/// Checks a serialized value against a type's schema: every key the value has is a declared property,
/// every required property is there, enum words and JSON types match. A small validator for what utoipa
/// derives (`$ref`, `allOf`, `oneOf`, `enum`, `type`, `properties`, `required`, `items`).
pub(crate) fn assert_conforms<T: ToSchema + serde::Serialize>(value: &T) {
    let mut found = Vec::new();
    T::schemas(&mut found);
    let mut schemas: BTreeMap<String, Value> = found
        .into_iter()
        .map(|(name, s)| (name, serde_json::to_value(s).unwrap()))
        .collect();
    schemas.insert(T::name().into_owned(), schema::<T>());
    let value = serde_json::to_value(value).unwrap();
    let mut errors = Vec::new();
    Checker { schemas }.check("$", &value, &schema::<T>(), &mut errors);
    assert!(errors.is_empty(), "{}: {errors:#?}", T::name());
}

struct Checker {
    schemas: BTreeMap<String, Value>,
}

impl Checker {
    fn resolve<'a>(&'a self, s: &'a Value) -> &'a Value {
        match s["$ref"].as_str() {
            Some(r) => {
                let name = r.trim_start_matches("#/components/schemas/");
                let target = self
                    .schemas
                    .get(name)
                    .unwrap_or_else(|| panic!("no schema {name}"));
                self.resolve(target)
            }
            None => s,
        }
    }

    /// Properties and required names of an object schema, through `allOf`.
    fn object(&self, s: &Value, props: &mut Map<String, Value>, required: &mut Vec<String>) {
        let s = self.resolve(s);
        for part in s["allOf"].as_array().into_iter().flatten() {
            self.object(part, props, required);
        }
        if let Some(own) = s["properties"].as_object() {
            props.extend(own.clone());
        }
        let names = s["required"].as_array().into_iter().flatten();
        required.extend(names.map(|r| r.as_str().unwrap().to_string()));
    }

    fn check(&self, path: &str, value: &Value, s: &Value, errors: &mut Vec<String>) {
        let s = self.resolve(s);
        if let Some(options) = s["oneOf"].as_array() {
            let fits = options.iter().any(|o| {
                let mut e = Vec::new();
                self.check(path, value, o, &mut e);
                e.is_empty()
            });
            if !fits {
                errors.push(format!("{path}: {value} fits no oneOf option"));
            }
            return;
        }
        if let Some(words) = s["enum"].as_array()
            && !words.contains(value)
        {
            errors.push(format!("{path}: {value} is not one of {words:?}"));
        }
        let types: Vec<&str> = match &s["type"] {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let type_ok = |t: &str| match t {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "string" => value.is_string(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => true,
        };
        if !types.is_empty() && !types.iter().any(|t| type_ok(t)) {
            errors.push(format!("{path}: {value} is not {types:?}"));
        }
        if let Value::Array(items) = value
            && s.get("items").is_some()
        {
            for (i, item) in items.iter().enumerate() {
                self.check(&format!("{path}[{i}]"), item, &s["items"], errors);
            }
        }
        if let Value::Object(fields) = value
            && (s.get("properties").is_some() || s.get("allOf").is_some())
        {
            let (mut props, mut required) = (Map::new(), Vec::new());
            self.object(s, &mut props, &mut required);
            for (key, v) in fields {
                match props.get(key) {
                    Some(p) => self.check(&format!("{path}.{key}"), v, p, errors),
                    None => errors.push(format!("{path}.{key}: not in the schema")),
                }
            }
            for r in required {
                if !fields.contains_key(&r) {
                    errors.push(format!("{path}.{r}: required but absent"));
                }
            }
        }
    }
}

/// A document with every field set, as stored metadata says it.
pub(crate) fn full_metadata() -> NewDocument {
    serde_json::from_value(json!({
        "kind": "contract", "title": "Driftskontrakt", "forvaltning": "ØKF", "unit": "Koncern IT",
        "supplier": {"cvr": "38009877", "name": "Nordlys Drift A/S"}, "signed_on": "2024-06-28",
        "confidential": true, "system_ids": ["SYS-0001"], "contract_number": "K-1",
        "valid_from": "2024-07-01", "valid_to": "2027-06-30", "ongoing": false, "terminated_on": "2025-01-31",
        "irrevocable_until": "2025-06-30", "notice_months": 6, "notice_anchor": "end_of_quarter",
        "options": {"count": 2, "months": 12}, "options_used": 1, "template": "KOMBIT",
        "procurement": {"form": "framework_mini_tender", "framework_agreement": "SKI 02.19"},
        "value_expected_dkk": 1000000, "value_max_dkk": 2000000,
        "parent_id": "0190a0b0c0d0e0f00102030405060708", "addendum_number": 2, "appendix_number": "A",
        "changed_clauses": ["12.3"], "doc_type": "security", "version": "2.1",
        "supersedes_id": "0190a0b0c0d0e0f00102030405060709", "next_revision_due": "2026-01-01"
    }))
    .unwrap()
}

#[test]
fn model_structs_serialize_as_their_schemas_say() {
    let metadata = full_metadata();
    assert_conforms(&metadata);
    let system: NewSystem = serde_json::from_value(json!({"id": "SYS-0001", "name": "Løn",
        "description": "x", "category": "joint_public", "network": "pedagogical",
        "owner_forvaltning": "BUF", "owner_unit": "IT", "used_by": ["ØKF"], "lifecycle": "phasing_in",
        "archive_duty": "preserve", "kitos_uuid": "0b8f4f3e-2a4e-4c43-9d59-2f0c1e7e5a10"}))
    .unwrap();
    assert_conforms(&system);
    let now = chrono::Utc::now();
    let stored = System {
        id: "SYS-0001".into(),
        name: system.name.clone(),
        description: None,
        category: system.category,
        network: system.network,
        owner_forvaltning: system.owner_forvaltning,
        owner_unit: None,
        used_by: system.used_by.clone(),
        lifecycle: system.lifecycle,
        archive_duty: system.archive_duty,
        kitos_uuid: None,
        created_at: now,
        updated_at: now,
    };
    assert_conforms(&stored);
    let mut document = Document {
        id: crate::ids::DocumentId::generate(),
        kind: metadata.kind,
        title: metadata.title.clone(),
        forvaltning: metadata.forvaltning,
        unit: None,
        supplier: metadata.supplier.clone(),
        signed_on: metadata.signed_on,
        confidential: false,
        system_ids: vec![],
        details: metadata.details(),
        sha256: crate::ids::Sha256::from_bytes([1; 32]),
        file_name: None,
        media_type: "application/pdf".into(),
        bytes: 10,
        pages: Some(2),
        status: DocStatus::NoText,
        status_message: Some("a scan".into()),
        uploaded_by: "enhed".into(),
        uploaded_at: now,
        contract_state: None,
        documentation_state: None,
    };
    assert_conforms(&document);
    document.contract_state = Some(ContractState {
        in_force: true,
        last_notice_day: None,
        ends_on: chrono::NaiveDate::from_ymd_opt(2027, 6, 30),
    });
    assert_conforms(&document);
    document.contract_state = None;
    document.documentation_state = Some(DocumentationState {
        current: false,
        stale: true,
        superseded_by: Some("x".into()),
    });
    assert_conforms(&document);
    let extraction = Extraction {
        status: DocStatus::Indexed,
        message: None,
        pages: vec![PageText {
            page: 1,
            text: "a".into(),
            chars: 1,
            image_only: false,
        }],
    };
    assert_conforms(&extraction);
}

#[test]
fn the_checker_catches_what_it_must() {
    // A document schema without the derived states would not admit `in_force`.
    let value = json!({"in_force": true});
    let mut errors = Vec::new();
    let checker = Checker {
        schemas: BTreeMap::new(),
    };
    let object = json!({"type": "object", "properties": {"stale": {"type": "boolean"}}, "required": ["stale"]});
    checker.check("$", &value, &object, &mut errors);
    assert_eq!(errors.len(), 2, "{errors:?}");
    let mut errors = Vec::new();
    checker.check("$", &json!("Okf"), &schema::<Forvaltning>(), &mut errors);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn a_contract_family_is_every_kind_but_documentation() {
    let family = DocumentKind::CONTRACT_FAMILY;
    assert_eq!(family.len() + 1, DocumentKind::ALL.len());
    assert!(!family.contains(&DocumentKind::SystemDocumentation));
}

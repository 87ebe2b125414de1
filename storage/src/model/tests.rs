//! The OpenAPI schemas of the model tell the truth: enum values are the wire words serde uses, and
//! struct schemas name the fields serde writes.

use serde_json::Value;
use utoipa::PartialSchema;

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

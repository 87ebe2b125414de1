//! A document's metadata: as given at upload or correction (`NewDocument`), its kind-specific part as stored
//! (`Details`), and as answered (`Document`, with what is derived from it).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    DocStatus, DocType, DocumentKind, Forvaltning, NoticeAnchor, ProcurementForm, Template,
};
use crate::ids::{Cvr, DocumentId, Sha256};

/// A supplier: a Danish company by its CVR number, or a foreign one by country and national id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Supplier {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvr: Option<Cvr>,
    /// A foreign supplier's country (ISO 3166-1 alpha-2, e.g. `SE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// A foreign supplier's national company id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
}

impl Supplier {
    /// The supplier's identity in the register: its CVR, or `<country>-<id>` for a foreign one.
    pub fn key(&self) -> String {
        match (&self.cvr, &self.country, &self.id) {
            (Some(cvr), _, _) => cvr.as_str().to_string(),
            (None, Some(country), Some(id)) => format!("{country}-{id}"),
            _ => String::new(),
        }
    }
}

/// Options to prolong a contract (e.g. 2 × 12 months).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractOptions {
    pub count: u32,
    pub months: u32,
}

/// Indkøbsform, with the framework agreement bought under (e.g. `SKI 02.19`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    pub form: ProcurementForm,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework_agreement: Option<String>,
}

/// Declares the kind-specific fields once: `Details` (as stored and answered) and their names.
macro_rules! details {
    ($( $(#[$meta:meta])* $field:ident : $ty:ty ),+ $(,)?) => {
        /// The kind-specific metadata (which fields a kind may carry: see `validate`).
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
        pub struct Details {
            $( $(#[$meta])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>, )+
        }

        impl Details {
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];

            /// `(field, value)` for every field, set or not (for corrections' old/new values).
            pub fn entries(&self) -> Vec<(&'static str, serde_json::Value)> {
                vec![$((stringify!($field), serde_json::to_value(&self.$field).unwrap_or_default())),+]
            }
        }
    };
}

details!(
    contract_number: String,
    /// Gyldig fra.
    valid_from: NaiveDate,
    /// Gyldig til.
    valid_to: NaiveDate,
    /// Løbende: runs until terminated.
    ongoing: bool,
    /// Opsagt: the day notice was given.
    terminated_on: NaiveDate,
    /// Uopsigelig til: no termination takes effect before this day.
    irrevocable_until: NaiveDate,
    notice_months: u32,
    notice_anchor: NoticeAnchor,
    options: ContractOptions,
    options_used: u32,
    template: Template,
    procurement: Procurement,
    /// Expected value in whole DKK excl. moms.
    value_expected_dkk: u64,
    value_max_dkk: u64,
    /// The contract a tillæg, bilag or databehandleraftale belongs to (or a contract's framework contract).
    parent_id: String,
    addendum_number: u32,
    /// A bilag's number or letter within its contract (`4`, `A`).
    appendix_number: String,
    changed_clauses: Vec<String>,
    doc_type: DocType,
    version: String,
    supersedes_id: String,
    next_revision_due: NaiveDate,
);

/// The metadata part of an upload: what the client tells us about the file. Every field of DESIGN's
/// "document metadata" is a top-level key; unknown keys are refused.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDocument {
    pub kind: DocumentKind,
    pub title: String,
    pub forvaltning: Forvaltning,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub supplier: Option<Supplier>,
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
    #[serde(default)]
    pub confidential: bool,
    /// Systems of the register this document is about.
    #[serde(default)]
    pub system_ids: Vec<String>,
    #[serde(default)]
    pub contract_number: Option<String>,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub ongoing: Option<bool>,
    #[serde(default)]
    pub terminated_on: Option<NaiveDate>,
    #[serde(default)]
    pub irrevocable_until: Option<NaiveDate>,
    #[serde(default)]
    pub notice_months: Option<u32>,
    #[serde(default)]
    pub notice_anchor: Option<NoticeAnchor>,
    #[serde(default)]
    pub options: Option<ContractOptions>,
    #[serde(default)]
    pub options_used: Option<u32>,
    #[serde(default)]
    pub template: Option<Template>,
    #[serde(default)]
    pub procurement: Option<Procurement>,
    #[serde(default)]
    pub value_expected_dkk: Option<u64>,
    #[serde(default)]
    pub value_max_dkk: Option<u64>,
    #[serde(default)]
    pub parent_id: Option<String>,
    #[serde(default)]
    pub addendum_number: Option<u32>,
    #[serde(default)]
    pub appendix_number: Option<String>,
    #[serde(default)]
    pub changed_clauses: Option<Vec<String>>,
    #[serde(default)]
    pub doc_type: Option<DocType>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub supersedes_id: Option<String>,
    #[serde(default)]
    pub next_revision_due: Option<NaiveDate>,
}

impl NewDocument {
    /// The kind-specific part, as stored.
    pub fn details(&self) -> Details {
        Details {
            contract_number: self.contract_number.clone(),
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            ongoing: self.ongoing,
            terminated_on: self.terminated_on,
            irrevocable_until: self.irrevocable_until,
            notice_months: self.notice_months,
            notice_anchor: self.notice_anchor,
            options: self.options,
            options_used: self.options_used,
            template: self.template,
            procurement: self.procurement.clone(),
            value_expected_dkk: self.value_expected_dkk,
            value_max_dkk: self.value_max_dkk,
            parent_id: self.parent_id.clone(),
            addendum_number: self.addendum_number,
            appendix_number: self.appendix_number.clone(),
            changed_clauses: self.changed_clauses.clone(),
            doc_type: self.doc_type,
            version: self.version.clone(),
            supersedes_id: self.supersedes_id.clone(),
            next_revision_due: self.next_revision_due,
        }
    }
}

/// Facts about the uploaded file, established by the server, never by the client.
#[derive(Debug, Clone)]
pub struct FileFacts {
    pub sha256: Sha256,
    pub bytes: u64,
    pub media_type: String,
    pub file_name: Option<String>,
}

/// Derived for contracts and tillæg, never stored. A document answers with these fields only when it is a
/// contract or tillæg, so none is required in the schema (it is flattened into `Document`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ContractState {
    /// In force today: from its dates, termination, tillæg and (where set) its parent's validity.
    #[schema(required = false)]
    pub in_force: bool,
    /// The last day to give notice for the earliest possible end; `null` when notice is not relevant.
    #[schema(required = false)]
    pub last_notice_day: Option<NaiveDate>,
    /// The day it ends (its end date with used options, or when a given notice takes effect).
    #[schema(required = false)]
    pub ends_on: Option<NaiveDate>,
}

/// Derived for system documentation, never stored; like `ContractState`, optional in the schema.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DocumentationState {
    /// No newer version supersedes it.
    #[schema(required = false)]
    pub current: bool,
    /// Its revision is overdue (see `rules::documentation_stale`).
    #[schema(required = false)]
    pub stale: bool,
    #[schema(required = false)]
    pub superseded_by: Option<String>,
}

/// A stored document as the API answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Document {
    #[schema(value_type = String)]
    pub id: DocumentId,
    pub kind: DocumentKind,
    pub title: String,
    pub forvaltning: Forvaltning,
    pub unit: Option<String>,
    pub supplier: Option<Supplier>,
    pub signed_on: Option<NaiveDate>,
    pub confidential: bool,
    pub system_ids: Vec<String>,
    #[serde(flatten)]
    pub details: Details,
    #[schema(value_type = String)]
    pub sha256: Sha256,
    pub file_name: Option<String>,
    pub media_type: String,
    pub bytes: u64,
    pub pages: Option<u32>,
    pub status: DocStatus,
    pub status_message: Option<String>,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    // Flattened when present; the schema refers to the state's fields, none of them required (an
    // `Option` would have made the schema say the whole document may be `null`).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = ContractState)]
    pub contract_state: Option<ContractState>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = DocumentationState)]
    pub documentation_state: Option<DocumentationState>,
}

impl Document {
    /// The metadata as a client would give it, for corrections.
    pub fn metadata(&self) -> NewDocument {
        let d = self.details.clone();
        NewDocument {
            kind: self.kind,
            title: self.title.clone(),
            forvaltning: self.forvaltning,
            unit: self.unit.clone(),
            supplier: self.supplier.clone(),
            signed_on: self.signed_on,
            confidential: self.confidential,
            system_ids: self.system_ids.clone(),
            contract_number: d.contract_number,
            valid_from: d.valid_from,
            valid_to: d.valid_to,
            ongoing: d.ongoing,
            terminated_on: d.terminated_on,
            irrevocable_until: d.irrevocable_until,
            notice_months: d.notice_months,
            notice_anchor: d.notice_anchor,
            options: d.options,
            options_used: d.options_used,
            template: d.template,
            procurement: d.procurement,
            value_expected_dkk: d.value_expected_dkk,
            value_max_dkk: d.value_max_dkk,
            parent_id: d.parent_id,
            addendum_number: d.addendum_number,
            appendix_number: d.appendix_number,
            changed_clauses: d.changed_clauses,
            doc_type: d.doc_type,
            version: d.version,
            supersedes_id: d.supersedes_id,
            next_revision_due: d.next_revision_due,
        }
    }

    /// The document's own date: signed, else uploaded.
    pub fn date(&self) -> NaiveDate {
        self.signed_on
            .unwrap_or_else(|| self.uploaded_at.date_naive())
    }
}

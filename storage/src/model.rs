//! The catalog's domain types: what a document is, and the words that travel over the API.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::{Cvr, DocumentId, Sha256};

/// Declares a closed vocabulary that travels as fixed words (snake_case or official codes).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        pub enum $name { $(#[serde(rename = $word)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> Result<Self, crate::Error> {
                match s { $($word => Ok($name::$variant),)+ _ => Err(crate::Error::Invalid {
                    field: stringify!($name),
                    message: format!("unknown value {s:?}; expected one of: {}", [$($word),+].join(", ")),
                }) }
            }
        }
    };
}

vocabulary!(
    /// What a document is (DESIGN "Words").
    DocumentKind {
        Contract = "contract",
        Addendum = "addendum",
        Appendix = "appendix",
        DataProcessingAgreement = "data_processing_agreement",
        SystemDocumentation = "system_documentation",
    }
);

vocabulary!(
    /// One of the seven administrations, travelling as its official code.
    Forvaltning {
        Okf = "ØKF",
        Buf = "BUF",
        Kff = "KFF",
        Suf = "SUF",
        Sof = "SOF",
        Tmf = "TMF",
        Bif = "BIF",
    }
);

vocabulary!(
    /// Where a document stands in the indexing pipeline.
    DocStatus {
        Pending = "pending",
        Indexed = "indexed",
        NoText = "no_text",
        Failed = "failed",
    }
);

/// A supplier as given at upload.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Supplier {
    pub cvr: Option<Cvr>,
    pub name: String,
}

/// The metadata part of an upload (and of a correction): what the client tells us about the file.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
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
    #[serde(default)]
    pub system_ids: Vec<String>,
    /// Kind-specific fields (contract dates, parent, documentation version …), kept as given.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub details: serde_json::Map<String, serde_json::Value>,
}

/// The kind-specific metadata fields of DESIGN "HTTP API", kept in `details`.
const DETAIL_FIELDS: &[&str] = &[
    "contract_number",
    "valid_from",
    "valid_to",
    "ongoing",
    "irrevocable_until",
    "notice_months",
    "notice_anchor",
    "options",
    "options_used",
    "template",
    "procurement",
    "value_expected_dkk",
    "value_max_dkk",
    "parent_id",
    "addendum_number",
    "changed_clauses",
    "doc_type",
    "version",
    "supersedes_id",
    "next_revision_due",
];

impl NewDocument {
    /// Checks what serde cannot: non-empty title, sane lengths.
    pub fn validate(&self) -> crate::Result<()> {
        if self.title.trim().is_empty() {
            return Err(crate::Error::invalid("title", "must not be empty"));
        }
        if self.title.chars().count() > 500 {
            return Err(crate::Error::invalid(
                "title",
                "is longer than 500 characters",
            ));
        }
        if let Some(key) = self
            .details
            .keys()
            .find(|k| !DETAIL_FIELDS.contains(&k.as_str()))
        {
            return Err(crate::Error::Invalid {
                field: "metadata",
                message: format!("unknown field {key:?}"),
            });
        }
        if let Some(s) = &self.supplier
            && s.name.trim().is_empty()
        {
            return Err(crate::Error::invalid("supplier.name", "must not be empty"));
        }
        Ok(())
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
    #[schema(value_type = Object)]
    pub details: serde_json::Map<String, serde_json::Value>,
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
}

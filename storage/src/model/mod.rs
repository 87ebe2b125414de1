//! The catalog's domain types and the words that travel over the API.
//!
//! - `vocab`: closed vocabularies of the register and of document metadata.
//! - `document`: a document's metadata as given (`NewDocument`) and as answered (`Document`).
//! - `system`: the system register's entries.
//! - `validate`: the per-kind rules of document metadata (which field belongs to which kind).

mod document;
mod system;
mod validate;
mod vocab;

pub use document::*;
pub use system::*;
pub use vocab::*;

/// Declares a closed vocabulary that travels as fixed words (snake_case or official codes).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize, ::utoipa::ToSchema)]
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

pub(crate) use vocabulary;

impl Forvaltning {
    /// Parses a comma-separated list of codes, naming `field` on error.
    pub fn parse_list(s: &str, field: &'static str) -> crate::Result<Vec<Forvaltning>> {
        s.split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| {
                v.parse()
                    .map_err(|_| crate::Error::invalid(field, format!("unknown forvaltning {v:?}")))
            })
            .collect()
    }
}

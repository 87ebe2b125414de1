//! The catalog's domain types and the words that travel over the API.
//!
//! - `vocab`: closed vocabularies of the register and of document metadata.
//! - `document`: a document's metadata as given (`NewDocument`) and as answered (`Document`).
//! - `system`: the system register's entries.
//! - `validate`: the per-kind rules of document metadata (which field belongs to which kind).
//! - `extraction`: the typed extraction record (status, message, pages) the indexer writes and the API reads.
//! - `aliases`: the words a searcher types for kinds and forvaltninger.

mod aliases;
mod document;
mod extraction;
mod system;
mod validate;
mod vocab;

#[cfg(test)]
pub(crate) mod tests;

pub use document::*;
pub use extraction::*;
pub use system::*;
pub use vocab::*;

/// Declares a closed vocabulary that travels as fixed words (snake_case or official codes), each with its
/// Danish label for the user interface: `Variant = "wire word" => "Dansk label"`.
///
/// The words are `tt`, not `literal`: a `literal` fragment reaches derive macros wrapped in an invisible
/// group, and utoipa's serde-attribute reader then skips the `rename`, so the OpenAPI schema listed the Rust
/// variant names (`Okf`) instead of the wire words (`ØKF`). serde reads both forms; utoipa only the bare one.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:tt => $label:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize, ::utoipa::ToSchema)]
        pub enum $name { $(#[serde(rename = $word)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The word on the wire (and in the catalog).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
            /// The Danish label the user interface shows.
            pub fn label_da(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
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
        Contract = "contract" => "Kontrakt",
        Addendum = "addendum" => "Tillæg",
        Appendix = "appendix" => "Bilag",
        DataProcessingAgreement = "data_processing_agreement" => "Databehandleraftale",
        SystemDocumentation = "system_documentation" => "Systemteknisk dokumentation",
    }
);

vocabulary!(
    /// One of the seven administrations, travelling as its official code.
    Forvaltning {
        Okf = "ØKF" => "Økonomiforvaltningen",
        Buf = "BUF" => "Børne- og Ungdomsforvaltningen",
        Kff = "KFF" => "Kultur- og Fritidsforvaltningen",
        Suf = "SUF" => "Sundheds- og Omsorgsforvaltningen",
        Sof = "SOF" => "Socialforvaltningen",
        Tmf = "TMF" => "Teknik- og Miljøforvaltningen",
        Bif = "BIF" => "Beskæftigelses- og Integrationsforvaltningen",
    }
);

vocabulary!(
    /// Where a document stands in the indexing pipeline.
    DocStatus {
        Pending = "pending" => "Afventer indeksering",
        Indexed = "indexed" => "Indekseret",
        NoText = "no_text" => "Ingen tekst",
        Failed = "failed" => "Fejlet",
    }
);

pub(crate) use vocabulary;

impl DocumentKind {
    /// The kinds of a contract family (a contract, its tillæg, bilag and databehandleraftaler): every kind
    /// but documentation, which belongs to a system, not to a contract.
    pub const CONTRACT_FAMILY: &'static [DocumentKind] = &[
        DocumentKind::Contract,
        DocumentKind::Addendum,
        DocumentKind::Appendix,
        DocumentKind::DataProcessingAgreement,
    ];
}

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

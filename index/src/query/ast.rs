//! The parsed form of a user query, independent of tantivy.

/// Which text a word or phrase is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Clause text, heading, document title/supplier name, folded and compound fields.
    Any,
    /// `overskrift:` — clause headings only.
    Heading,
    /// `titel:` — document titles only.
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Kind,
    Forvaltning,
    /// A CVR number (8 digits) or words of the supplier's name.
    Supplier,
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeField {
    Year,
    /// yyyymmdd keys, see [`crate::schema::date_key`].
    Date,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    /// Everything (the empty query).
    All,
    /// Explicit conjunction (`AND`, `+`, `-`, `NOT` used): every item must match.
    And(Vec<Ast>),
    /// Words side by side without operators: filters must match, stop words are optional, and most of
    /// the other words must match (all of two, two of three, three of four or five, …).
    Loose(Vec<Ast>),
    Or(Vec<Ast>),
    Not(Box<Ast>),
    Word {
        text: String,
        target: Target,
        prefix: bool,
        fuzzy: Option<u8>,
        /// `=word`: this word only (no typo correction, decompounding or synonyms).
        exact: bool,
    },
    Phrase {
        text: String,
        slop: u32,
        target: Target,
    },
    Filter {
        field: FilterField,
        value: String,
    },
    /// Inclusive bounds; `None` is open.
    Range {
        field: RangeField,
        from: Option<i64>,
        to: Option<i64>,
    },
}

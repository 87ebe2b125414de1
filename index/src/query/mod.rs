//! The user's query language.
//!
//! | syntax | meaning |
//! |---|---|
//! | `ophævelse misligholdelse` | clauses containing both words, in any inflection (`AND` is implied) |
//! | `"væsentlig misligholdelse"` | the phrase (words in this order, any inflection) |
//! | `"ophæve kontrakten"~5` | the words at most 5 positions apart |
//! | `leverand*` | words starting with "leverand" (at least 2 letters before `*`) |
//! | `ophævelse~`, `ophævelse~1` | fuzzy: up to 1 (words ≤ 5 letters) or 2 edits, or the given number (0–2) |
//! | `a OR b`, `a AND b`, `NOT a`, `-a`, `+a`, `( … )` | boolean logic; `OG`, `ELLER`, `IKKE` work too |
//! | `leverandør:38009877`, `leverandør:"Nordlys Drift"` | supplier by CVR or name (`leverandor:` too) |
//! | `type:kontrakt` | a document kind by its code or an alias of the [`Vocabulary`] |
//! | `forvaltning:ØKF` | a forvaltning of the [`Vocabulary`] (`okf`, `oekf` work too) |
//! | `=persondata` | this word only: no typo correction, decompounding or synonyms |
//! | `system:SYS-0042` | documents linked to a system |
//! | `overskrift:ophævelse`, `titel:driftskontrakt` | only clause headings / document titles |
//! | `år:2024`, `år:2020..2023`, `dato:2024-01-01..2024-06-30`, `dato:..2023-12` | date ranges, either end open |
//!
//! Typing without æøå works: "ophaevelse" and "aabenraa" find "ophævelse" and "Åbenrå"; a compound's last
//! part finds the compound ("forordning" → "databeskyttelsesforordningen"). A syntax error is
//! `Error::Query` with the character position; `name:` with an unknown field name is one (listing the
//! known fields) when it looks like a field (letters, a value right behind the colon).
//!
//! Modules: `parse` (text → [`Ast`], with `dates`), `compile` ([`Ast`] → tantivy query and highlight
//! set; `filters` for field filters and ranges), `affix` (the term-dictionary automaton behind prefixes and compound parts).

pub(crate) mod affix;
mod ast;
mod build;
pub mod compile;
pub mod core;
mod dates;
mod filters;
mod forward;
mod lexicon;
mod parse;
mod synonyms;
mod vocab;

pub use ast::{Ast, FilterField, RangeField, Target};
pub use compile::{Compiled, Compiler, SearchOptions};
pub use parse::{parse, parse_with};
pub use vocab::{VocabEntry, Vocabulary};

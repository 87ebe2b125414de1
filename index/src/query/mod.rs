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
//! | `type:kontrakt` | kontrakt, tillæg, bilag, databehandleraftale, systemdokumentation (or the API's codes) |
//! | `forvaltning:ØKF` | one of ØKF BUF KFF SUF SOF TMF BIF (`okf`, `oekf` work too) |
//! | `system:SYS-0042` | documents linked to a system |
//! | `overskrift:ophævelse`, `titel:driftskontrakt` | only clause headings / document titles |
//! | `år:2024`, `år:2020..2023`, `dato:2024-01-01..2024-06-30`, `dato:..2023-12` | date ranges, either end open |
//!
//! Typing without æøå works: "ophaevelse" and "aabenraa" find "ophævelse" and "Åbenrå"; a compound's last
//! part finds the compound ("forordning" → "databeskyttelsesforordningen"). A syntax error is
//! `Error::Query` with the character position.
//!
//! Modules: `parse` (text → [`Ast`], with `dates`), `compile` ([`Ast`] → tantivy query and highlight
//! set; `filters` for field filters and ranges), `affix` (the term-dictionary automaton behind prefixes and compound parts).

pub(crate) mod affix;
mod ast;
pub mod compile;
pub mod core;
mod dates;
mod filters;
mod forward;
mod parse;

pub use ast::{Ast, FilterField, RangeField, Target};
pub use compile::{Compiled, Compiler, SearchOptions};
pub use parse::parse;

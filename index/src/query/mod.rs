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
//! Words side by side need most of them (all of two); clauses with all rank first, then those with
//! fewer; when that finds nothing (or, for three words or more, does not fill the page) the search runs
//! again needing any one of them. `+`, `AND`, `-` and phrases stay strict.
//!
//! A plain word the index does not hold is read as what was probably meant (`compile::meaning`):
//! typed with `o`/`a` for ø/å/æ ("lobende"), corrected to the nearest word of the index within one
//! edit (5–8 letters) or two (longer), reported as `SearchResults::corrected_query`, or split into
//! parts the index holds or the Danish dictionary knows ("betalingsfrist" → clauses with "betaling"
//! and "frist", below exact matches; with no correction either, clauses with one part follow far
//! below). The dictionary ([`crate::language`]) also breaks ties among corrections and keeps a
//! correctly spelt compound that splits from being corrected. Synonyms from `data/synonyms.tsv` weigh
//! half the word's own matches; a strong verb's other forms (`irregular`: "opsagt" → "opsige") weigh 0.8; for a word no clause holds, the installed thesaurus adds some at 0.3.
//! `=word` switches all of this off for that word; `SearchOptions` switches each off for a search.
//!
//! Typing without æøå works: "ophaevelse" and "aabenraa" find "ophævelse" and "Åbenrå"; a compound's last
//! part finds the compound ("forordning" → "databeskyttelsesforordningen"). A syntax error is
//! `Error::Query` with the character position; `name:` with an unknown field name is one (listing the
//! known fields) when it looks like a field (letters, a value right behind the colon).
//!
//! Modules: `parse` (text → [`Ast`], with `dates` and the caller's [`Vocabulary`] in `vocab`), `compile`
//! ([`Ast`] → tantivy query and highlight set; `filters` for field filters and ranges, `core` for the
//! two-pass search's shape, `build` for small query builders), `affix` (the term-dictionary automaton
//! behind prefixes and compound parts), `lexicon` (corrections, spellings and compound splits read from
//! the index's term dictionaries), `synonyms`, `irregular` (strong verbs' forms).

pub(crate) mod affix;
mod ast;
mod build;
pub mod compile;
pub mod core;
mod dates;
mod filters;
mod forward;
mod irregular;
mod lexicon;
mod parse;
mod synonyms;
mod vocab;

pub use ast::{Ast, FilterField, RangeField, Target};
pub use compile::{Compiled, Compiler, SearchOptions};
pub use parse::{parse, parse_with};
pub use vocab::{VocabEntry, Vocabulary};

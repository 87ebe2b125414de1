//! The user's query language, parsed by recursive descent into an [`Ast`] (see the module doc of
//! [`crate::query`] for the syntax). Errors carry the 0-based character position; nothing here panics.

use super::ast::{Ast, FilterField, RangeField, Target};
use super::vocab::{Vocabulary, lookup};
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Minus,
    Plus,
    /// A quoted phrase and its `~N` slop.
    Phrase(String, Option<u32>),
    Word(String),
    /// `name:` of a known field.
    Field(String),
}

/// Longest query accepted, in characters (a pasted document is not a query).
const MAX_QUERY: usize = 2000;
/// Deepest parenthesis nesting accepted (recursion guard).
const MAX_DEPTH: usize = 32;

fn err<T>(message: impl Into<String>, position: usize) -> Result<T> {
    Err(Error::Query {
        message: message.into(),
        position,
    })
}

/// The field names the error for an unknown field lists.
const KNOWN_FIELDS: &str = "leverandør, type, forvaltning, system, overskrift, titel, år og dato";

pub fn field_name(name: &str) -> Option<&'static str> {
    Some(match name.to_lowercase().as_str() {
        "leverandør" | "leverandor" | "leverandoer" | "supplier" => "leverandør",
        "type" | "art" | "kind" => "type",
        "forvaltning" => "forvaltning",
        "system" => "system",
        "overskrift" | "heading" => "overskrift",
        "titel" | "title" => "titel",
        "år" | "aar" | "ar" | "year" => "år",
        "dato" | "date" => "dato",
        _ => return None,
    })
}

fn lex(q: &str) -> Result<Vec<(usize, Tok)>> {
    let chars: Vec<char> = q.chars().collect();
    if chars.len() > MAX_QUERY {
        return err(
            format!("forespørgslen er for lang (over {MAX_QUERY} tegn)"),
            MAX_QUERY,
        );
    }
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push((i, Tok::LParen));
                i += 1;
            }
            ')' => {
                out.push((i, Tok::RParen));
                i += 1;
            }
            '"' | '“' | '”' | '„' | '»' | '«' => {
                i += 1;
                let close = |c: char| matches!(c, '"' | '“' | '”' | '«' | '»');
                let end = (i..chars.len()).find(|&j| chars.get(j).copied().is_some_and(close));
                let Some(end) = end else {
                    return err("citationstegn mangler sin afslutning", start);
                };
                let text: String = chars.get(i..end).unwrap_or(&[]).iter().collect();
                i = end + 1;
                let mut slop = None;
                if chars.get(i) == Some(&'~') {
                    let digits: String = chars
                        .iter()
                        .skip(i + 1)
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    if digits.is_empty() {
                        return err("efter ~ skal stå et tal (afstand i ord)", i + 1);
                    }
                    slop = Some(digits.parse::<u32>().unwrap_or(u32::MAX).min(50));
                    i += 1 + digits.chars().count();
                }
                out.push((start, Tok::Phrase(text, slop)));
            }
            '-' | '+' | '!' if out_allows_unary(&chars, i) => {
                out.push((i, if c == '+' { Tok::Plus } else { Tok::Minus }));
                i += 1;
            }
            _ => {
                while let Some(&c) = chars.get(i) {
                    if c.is_whitespace()
                        || matches!(c, '(' | ')' | '"' | '“' | '”' | '„' | '»' | '«')
                    {
                        break;
                    }
                    if c == ':' {
                        let name: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                        if let Some(f) = field_name(&name) {
                            out.push((start, Tok::Field(f.to_string())));
                            i += 1;
                            break;
                        }
                        if looks_like_field(&name, chars.get(i + 1).copied()) {
                            return err(
                                format!("ukendt felt '{name}:': kendte felter er {KNOWN_FIELDS}"),
                                start,
                            );
                        }
                    }
                    i += 1;
                }
                if matches!(out.last(), Some((p, Tok::Field(_))) if *p == start) {
                    continue;
                }
                let word: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                out.push((
                    start,
                    match word.as_str() {
                        "AND" | "OG" | "&&" => Tok::And,
                        "OR" | "ELLER" | "||" => Tok::Or,
                        "NOT" | "IKKE" => Tok::Not,
                        _ => Tok::Word(word),
                    },
                ));
            }
        }
    }
    Ok(out)
}

/// Whether `name:` followed by `next` is meant as a field: letters only (so "12:30" and "kl.12:30" are
/// words), at least two of them, and a value right behind the colon that is not `//` (so a URL stays a
/// word, and so does "Bemærk: …" typed with a space).
fn looks_like_field(name: &str, next: Option<char>) -> bool {
    name.chars().count() >= 2
        && name.chars().all(char::is_alphabetic)
        && next.is_some_and(|c| !c.is_whitespace() && c != '/' && c != ':')
}

/// `-`/`+` is an operator only in front of something ("-bod", "-(a b)"), not inside "2023-2024".
fn out_allows_unary(chars: &[char], i: usize) -> bool {
    let before_ok = i == 0
        || chars
            .get(i - 1)
            .is_some_and(|c| c.is_whitespace() || *c == '(');
    let after_ok = chars
        .get(i + 1)
        .is_some_and(|c| !c.is_whitespace() && *c != ')');
    before_ok && after_ok
}

struct Parser<'v> {
    vocab: &'v Vocabulary,
    toks: Vec<(usize, Tok)>,
    i: usize,
    end: usize,
    depth: usize,
}

/// Parses a query with the default [`Vocabulary`]. An empty or blank query is `Ast::All`.
pub fn parse(q: &str) -> Result<Ast> {
    parse_with(q, &Vocabulary::default())
}

/// Parses a query; `type:` and `forvaltning:` take the values of `vocab`.
pub fn parse_with(q: &str, vocab: &Vocabulary) -> Result<Ast> {
    let toks = lex(q)?;
    let mut p = Parser {
        vocab,
        toks,
        i: 0,
        end: q.chars().count(),
        depth: 0,
    };
    if p.toks.is_empty() {
        return Ok(Ast::All);
    }
    let ast = p.or()?;
    if let Some((pos, t)) = p.toks.get(p.i) {
        return match t {
            Tok::RParen => err("')' uden matchende '('", *pos),
            _ => err("uventet tegn", *pos),
        };
    }
    Ok(ast)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|(_, t)| t)
    }

    fn pos(&self) -> usize {
        self.toks.get(self.i).map_or(self.end, |(p, _)| *p)
    }

    fn or(&mut self) -> Result<Ast> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.i += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Ast::All)
        } else {
            Ast::Or(items)
        })
    }

    fn and(&mut self) -> Result<Ast> {
        let mut strict = matches!(self.peek(), Some(Tok::Plus | Tok::Minus | Tok::Not));
        let mut items = vec![self.unary()?];
        loop {
            match self.peek() {
                None | Some(Tok::RParen) | Some(Tok::Or) => break,
                Some(Tok::And) => {
                    strict = true;
                    self.i += 1;
                    items.push(self.unary()?);
                }
                Some(t) => {
                    strict |= matches!(t, Tok::Plus | Tok::Minus | Tok::Not);
                    items.push(self.unary()?);
                }
            }
        }
        Ok(match items.len() {
            1 => items.pop().unwrap_or(Ast::All),
            _ if strict => Ast::And(items),
            _ => Ast::Loose(items),
        })
    }

    fn unary(&mut self) -> Result<Ast> {
        match self.peek() {
            Some(Tok::Not) | Some(Tok::Minus) => {
                self.i += 1;
                self.guard(|p| p.unary()).map(|a| Ast::Not(Box::new(a)))
            }
            Some(Tok::Plus) => {
                self.i += 1;
                self.guard(|p| p.unary())
            }
            _ => self.primary(),
        }
    }

    fn guard(&mut self, f: impl FnOnce(&mut Self) -> Result<Ast>) -> Result<Ast> {
        if self.depth >= MAX_DEPTH {
            return err(
                "for mange indlejrede parenteser eller operatorer",
                self.pos(),
            );
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn primary(&mut self) -> Result<Ast> {
        let pos = self.pos();
        let Some(tok) = self.peek().cloned() else {
            return err("et søgeord mangler her", pos);
        };
        self.i += 1;
        match tok {
            Tok::LParen => {
                let inner = self.guard(|p| p.or())?;
                if self.peek() != Some(&Tok::RParen) {
                    return err("')' mangler til '(' her", pos);
                }
                self.i += 1;
                Ok(inner)
            }
            Tok::Phrase(text, slop) => Ok(Ast::Phrase {
                text,
                slop: slop.unwrap_or(0),
                target: Target::Any,
            }),
            Tok::Word(w) => word(&w, Target::Any, pos),
            Tok::Field(name) => self.field(&name, pos),
            Tok::RParen => err("')' uden matchende '('", pos),
            Tok::And | Tok::Or => err("operatoren mangler et søgeord foran sig", pos),
            Tok::Not | Tok::Minus | Tok::Plus => err("et søgeord mangler her", pos),
        }
    }

    fn field(&mut self, name: &str, field_pos: usize) -> Result<Ast> {
        let pos = self.pos();
        let value = match self.toks.get(self.i) {
            Some((p, Tok::Word(w))) if *p == pos => (w.clone(), false),
            Some((_, Tok::Phrase(t, _))) => (t.clone(), true),
            _ => {
                return err(
                    format!("feltet {name}: mangler en værdi"),
                    pos.max(field_pos),
                );
            }
        };
        self.i += 1;
        let (v, quoted) = value;
        let target = match name {
            "overskrift" => Some(Target::Heading),
            "titel" => Some(Target::Title),
            _ => None,
        };
        if let Some(target) = target {
            return if quoted {
                Ok(Ast::Phrase {
                    text: v,
                    slop: 0,
                    target,
                })
            } else {
                word(&v, target, pos)
            };
        }
        match name {
            "type" => Ok(Ast::Filter {
                field: FilterField::Kind,
                value: lookup(&self.vocab.kinds, &v)
                    .or_else(|names| err(format!("ukendt type '{v}': brug {names}"), pos))?,
            }),
            "forvaltning" => Ok(Ast::Filter {
                field: FilterField::Forvaltning,
                value: lookup(&self.vocab.forvaltninger, &v)
                    .or_else(|names| err(format!("ukendt forvaltning '{v}': brug {names}"), pos))?,
            }),
            "leverandør" => Ok(Ast::Filter {
                field: FilterField::Supplier,
                value: v,
            }),
            "system" => Ok(Ast::Filter {
                field: FilterField::System,
                value: v,
            }),
            "år" => super::dates::year_range(&v, pos).map(|(from, to)| Ast::Range {
                field: RangeField::Year,
                from,
                to,
            }),
            _ => super::dates::date_range(&v, pos).map(|(from, to)| Ast::Range {
                field: RangeField::Date,
                from,
                to,
            }),
        }
    }
}

/// A bare word with its `*` (prefix) or `~`/`~N` (fuzzy) suffix, or its `=` prefix (exactly this word:
/// no correction, decompounding or synonyms).
fn word(w: &str, target: Target, pos: usize) -> Result<Ast> {
    if let Some(rest) = w.strip_prefix('=')
        && rest.chars().any(char::is_alphanumeric)
    {
        return word(rest, target, pos + 1).map(|a| match a {
            Ast::Word {
                text,
                target,
                prefix,
                fuzzy,
                ..
            } => Ast::Word {
                text,
                target,
                prefix,
                fuzzy,
                exact: true,
            },
            other => other,
        });
    }
    if let Some(stem) = w.strip_suffix('*') {
        if stem.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return err("et præfiks skal have mindst 2 bogstaver før *", pos);
        }
        return Ok(Ast::Word {
            text: stem.to_string(),
            target,
            prefix: true,
            fuzzy: None,
            exact: false,
        });
    }
    if let Some((base, dist)) = w.rsplit_once('~')
        && !base.is_empty()
    {
        let fuzzy = match dist {
            "" => None,
            d => match d.parse::<u8>() {
                Ok(n) if n <= 2 => Some(n),
                _ => {
                    return err(
                        "efter ~ må kun stå 0, 1 eller 2",
                        pos + base.chars().count() + 1,
                    );
                }
            },
        };
        let auto = if base.chars().count() <= 5 { 1 } else { 2 };
        return Ok(Ast::Word {
            text: base.to_string(),
            target,
            prefix: false,
            fuzzy: Some(fuzzy.unwrap_or(auto)),
            exact: false,
        });
    }
    Ok(Ast::Word {
        text: w.to_string(),
        target,
        prefix: false,
        fuzzy: None,
        exact: false,
    })
}

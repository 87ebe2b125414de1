//! A small, allocation-light tokenizer for content streams and CMaps.
//!
//! lopdf's `Content::decode` builds an `Object` per operand and stops at the first syntax error;
//! hostile and sloppy producers need a lexer that skips garbage and keeps going, and big documents
//! need one that does not allocate for every number.

use std::borrow::Cow;

/// One operand.
#[derive(Debug, Clone)]
pub enum Obj<'a> {
    Num(f32),
    Name(&'a [u8]),
    Str(Cow<'a, [u8]>),
    Arr(Vec<Obj<'a>>),
    /// A dictionary operand (marked-content properties, inline image parameters): skipped.
    Dict,
    Other,
}

impl Obj<'_> {
    pub fn num(&self) -> Option<f32> {
        match self {
            Obj::Num(n) => Some(*n),
            _ => None,
        }
    }
}

/// A token: an operand or an operator keyword.
#[derive(Debug)]
pub enum Tok<'a> {
    Obj(Obj<'a>),
    Op(&'a [u8]),
}

/// Arrays and dictionaries nest at most this deep; deeper input is flattened to `Other`.
const MAX_NEST: u32 = 32;

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

#[inline]
fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

#[inline]
fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// The next token, or `None` at the end of the data.
    pub fn next_tok(&mut self) -> Option<Tok<'a>> {
        loop {
            self.skip_ws();
            let &b = self.data.get(self.pos)?;
            match b {
                b')' | b'>' | b']' | b'}' | b'{' => {
                    // Stray closer or PostScript brace: skip it.
                    self.pos += 1;
                    continue;
                }
                b'0'..=b'9' | b'+' | b'-' | b'.' | b'(' | b'<' | b'[' | b'/' => {
                    return Some(Tok::Obj(self.object(0)));
                }
                _ => {
                    let word = self.regular();
                    if word.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    return Some(match word {
                        b"true" | b"false" | b"null" => Tok::Obj(Obj::Other),
                        _ => Tok::Op(word),
                    });
                }
            }
        }
    }

    fn object(&mut self, depth: u32) -> Obj<'a> {
        self.skip_ws();
        let Some(&b) = self.data.get(self.pos) else {
            return Obj::Other;
        };
        match b {
            b'/' => {
                self.pos += 1;
                Obj::Name(self.regular())
            }
            b'(' => {
                self.pos += 1;
                Obj::Str(self.literal())
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                loop {
                    self.skip_ws();
                    match self.data.get(self.pos) {
                        None => break,
                        Some(b'>') => {
                            self.pos += 2.min(self.data.len() - self.pos);
                            break;
                        }
                        Some(b'/') => {
                            self.pos += 1;
                            let _key = self.regular();
                            if depth < MAX_NEST {
                                let _ = self.object(depth + 1);
                            }
                        }
                        Some(_) if depth < MAX_NEST => {
                            // Malformed entry: consume one token to make progress.
                            let before = self.pos;
                            let _ = self.object(depth + 1);
                            if self.pos == before {
                                self.pos += 1;
                            }
                        }
                        Some(_) => self.pos += 1,
                    }
                }
                Obj::Dict
            }
            b'<' => {
                self.pos += 1;
                Obj::Str(Cow::Owned(self.hex()))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    match self.data.get(self.pos) {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(&c) if depth < MAX_NEST && !matches!(c, b')' | b'>' | b'}' | b'{') => {
                            let before = self.pos;
                            if is_delim(c) || c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.')
                            {
                                items.push(self.object(depth + 1));
                            } else {
                                // A keyword inside an array (broken stream): keep it out.
                                let _ = self.regular();
                            }
                            if self.pos == before {
                                self.pos += 1;
                            }
                        }
                        Some(_) => self.pos += 1,
                    }
                }
                Obj::Arr(items)
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => Obj::Num(parse_num(self.regular())),
            _ => {
                let w = self.regular();
                if w.is_empty() {
                    self.pos += 1;
                }
                Obj::Other
            }
        }
    }

    fn literal(&mut self) -> Cow<'a, [u8]> {
        let start = self.pos;
        let mut depth = 1u32;
        let mut simple = true;
        while let Some(&b) = self.data.get(self.pos) {
            match b {
                b'\\' => {
                    simple = false;
                    self.pos += 1;
                }
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'\r' => simple = false,
                _ => {}
            }
            self.pos += 1;
        }
        let end = self.pos.min(self.data.len());
        let raw = &self.data[start..end];
        self.pos = (self.pos + 1).min(self.data.len());
        if simple {
            return Cow::Borrowed(raw);
        }
        Cow::Owned(unescape(raw))
    }

    fn hex(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let v = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => continue,
            };
            match hi.take() {
                Some(h) => out.push(h << 4 | v),
                None => hi = Some(v),
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    /// Skips inline image data after `ID`, up to and including `EI`.
    pub fn skip_inline_image(&mut self) {
        // One whitespace byte follows ID; then binary data until whitespace + "EI" + delimiter.
        self.pos += 1;
        let d = self.data;
        while self.pos + 2 <= d.len() {
            if d[self.pos] == b'E'
                && d.get(self.pos + 1) == Some(&b'I')
                && self.pos > 0
                && is_white(d[self.pos - 1])
                && d.get(self.pos + 2)
                    .is_none_or(|&c| is_white(c) || is_delim(c))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = d.len();
    }
}

fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        i += 1;
        match b {
            b'\\' => {
                let Some(&e) = raw.get(i) else { break };
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'\r' => {
                        if raw.get(i) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    b'\n' => {}
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match raw.get(i) {
                                Some(&c @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(c - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push((v & 0xff) as u8);
                    }
                    other => out.push(other),
                }
            }
            b'\r' => {
                out.push(b'\n');
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            _ => out.push(b),
        }
    }
    out
}

/// Lenient number parsing: `-.5`, `+3`, `1.`, `--2` (seen in the wild) all give a value.
pub fn parse_num(s: &[u8]) -> f32 {
    let mut i = 0;
    let mut neg = false;
    while let Some(&c) = s.get(i) {
        match c {
            b'-' => neg = !neg,
            b'+' => {}
            _ => break,
        }
        i += 1;
    }
    let mut v: f64 = 0.0;
    while let Some(&c @ b'0'..=b'9') = s.get(i) {
        v = v * 10.0 + f64::from(c - b'0');
        i += 1;
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        let mut scale = 0.1;
        while let Some(&c @ b'0'..=b'9') = s.get(i) {
            v += f64::from(c - b'0') * scale;
            scale *= 0.1;
            i += 1;
        }
    }
    let v = if neg { -v } else { v };
    if v.is_finite() { v as f32 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_nesting_terminates() {
        for data in [
            b"<<".repeat(100_000),
            b"[".repeat(100_000),
            b"<< /A [".repeat(50_000),
            b"(".repeat(100_000),
        ] {
            let mut l = Lexer::new(&data);
            let mut n = 0;
            while l.next_tok().is_some() {
                n += 1;
                assert!(n < 1_000_000);
            }
        }
    }

    #[test]
    fn tokens() {
        let mut l = Lexer::new(b"BT /F1 12 Tf [(a\\050b) -250 <4142>] TJ (x(y)z) Tj ET");
        let mut ops = Vec::new();
        let mut strs = Vec::new();
        while let Some(t) = l.next_tok() {
            match t {
                Tok::Op(o) => ops.push(String::from_utf8_lossy(o).into_owned()),
                Tok::Obj(Obj::Arr(a)) => {
                    for o in a {
                        if let Obj::Str(s) = o {
                            strs.push(s.into_owned());
                        }
                    }
                }
                Tok::Obj(Obj::Str(s)) => strs.push(s.into_owned()),
                _ => {}
            }
        }
        assert_eq!(ops, ["BT", "Tf", "TJ", "Tj", "ET"]);
        assert_eq!(strs, [b"a(b".to_vec(), b"AB".to_vec(), b"x(y)z".to_vec()]);
        assert_eq!(parse_num(b"-.5"), -0.5);
        assert_eq!(parse_num(b"--2"), 2.0);
    }
}

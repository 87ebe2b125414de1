//! CMaps: ToUnicode maps (code → text) and embedded encoding CMaps (code → CID, code lengths).

use std::collections::HashMap;

use super::lexer::{Lexer, Obj, Tok};

/// Ranges at most this long are expanded into the map; longer ones stay ranges.
const EXPAND_MAX: u32 = 256;

#[derive(Debug, Default)]
pub struct CMap {
    /// Codespace ranges: (low, high, byte length).
    pub codespace: Vec<(u32, u32, u8)>,
    single: HashMap<u32, Box<str>>,
    /// (low, high, UTF-16 of the text for `low`); the last unit counts up through the range.
    ranges: Vec<(u32, u32, Vec<u16>)>,
    /// (low, high, first CID).
    cid_ranges: Vec<(u32, u32, u32)>,
}

fn code_of(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |a, &x| a << 8 | u32::from(x))
}

fn utf16(b: &[u8]) -> Vec<u16> {
    b.chunks(2)
        .map(|c| match c {
            [h, l] => u16::from(*h) << 8 | u16::from(*l),
            [h] => u16::from(*h),
            _ => 0,
        })
        .collect()
}

fn text_of(units: &[u16]) -> Option<Box<str>> {
    let s: String = char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .filter(|&c| c != '\0')
        .collect();
    (!s.is_empty()).then(|| s.into_boxed_str())
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut m = CMap::default();
        let mut lex = Lexer::new(data);
        let mut args: Vec<Obj> = Vec::new();
        while let Some(t) = lex.next_tok() {
            match t {
                Tok::Obj(o) => {
                    if args.len() < 300_000 {
                        args.push(o);
                    }
                }
                Tok::Op(op) => {
                    match op {
                        b"endcodespacerange" => m.codespace_from(&args),
                        b"endbfchar" => m.bfchar(&args),
                        b"endbfrange" => m.bfrange(&args),
                        b"endcidrange" => m.cidrange(&args),
                        b"endcidchar" => m.cidchar(&args),
                        _ => {}
                    }
                    args.clear();
                }
            }
        }
        m.ranges.sort_by_key(|r| r.0);
        m.cid_ranges.sort_by_key(|r| r.0);
        m
    }

    fn codespace_from(&mut self, args: &[Obj]) {
        for p in args.chunks_exact(2) {
            if let (Obj::Str(lo), Obj::Str(hi)) = (&p[0], &p[1]) {
                let n = lo.len().clamp(1, 4) as u8;
                self.codespace.push((code_of(lo), code_of(hi), n));
            }
        }
    }

    fn bfchar(&mut self, args: &[Obj]) {
        for p in args.chunks_exact(2) {
            match (&p[0], &p[1]) {
                (Obj::Str(src), Obj::Str(dst)) => {
                    if let Some(t) = text_of(&utf16(dst)) {
                        self.single.insert(code_of(src), t);
                    }
                }
                (Obj::Str(src), Obj::Name(n)) => {
                    let mut s = String::new();
                    if super::glyphs::name_to_text(&String::from_utf8_lossy(n), &mut s) {
                        self.single.insert(code_of(src), s.into_boxed_str());
                    }
                }
                _ => {}
            }
        }
    }

    fn bfrange(&mut self, args: &[Obj]) {
        for p in args.chunks_exact(3) {
            let (Obj::Str(lo), Obj::Str(hi)) = (&p[0], &p[1]) else {
                continue;
            };
            let (lo, hi) = (code_of(lo), code_of(hi));
            if hi < lo {
                continue;
            }
            match &p[2] {
                Obj::Str(dst) => {
                    let base = utf16(dst);
                    if base.is_empty() {
                        continue;
                    }
                    if hi - lo < EXPAND_MAX {
                        for (i, code) in (lo..=hi).enumerate() {
                            let mut u = base.clone();
                            if let Some(last) = u.last_mut() {
                                *last = last.wrapping_add(i as u16);
                            }
                            if let Some(t) = text_of(&u) {
                                self.single.insert(code, t);
                            }
                        }
                    } else {
                        self.ranges.push((lo, hi, base));
                    }
                }
                Obj::Arr(items) => {
                    for (code, it) in (lo..=hi).zip(items.iter()) {
                        if let Obj::Str(d) = it
                            && let Some(t) = text_of(&utf16(d))
                        {
                            self.single.insert(code, t);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn cidrange(&mut self, args: &[Obj]) {
        for p in args.chunks_exact(3) {
            if let (Obj::Str(lo), Obj::Str(hi), Some(cid)) = (&p[0], &p[1], p[2].num()) {
                self.cid_ranges
                    .push((code_of(lo), code_of(hi), cid.max(0.0) as u32));
            }
        }
    }

    fn cidchar(&mut self, args: &[Obj]) {
        for p in args.chunks_exact(2) {
            if let (Obj::Str(c), Some(cid)) = (&p[0], p[1].num()) {
                let c = code_of(c);
                self.cid_ranges.push((c, c, cid.max(0.0) as u32));
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.single.is_empty() && self.ranges.is_empty()
    }

    /// The text of `code`, if the map has one.
    pub fn lookup(&self, code: u32, out: &mut String) -> bool {
        if let Some(t) = self.single.get(&code) {
            out.push_str(t);
            return true;
        }
        let i = self.ranges.partition_point(|r| r.0 <= code);
        if i > 0
            && let Some((lo, hi, base)) = self.ranges.get(i - 1)
            && code <= *hi
        {
            let mut u = base.clone();
            if let Some(last) = u.last_mut() {
                *last = last.wrapping_add((code - lo) as u16);
            }
            if let Some(t) = text_of(&u) {
                out.push_str(&t);
                return true;
            }
        }
        false
    }

    /// The CID of `code` under an encoding CMap (identity when it maps nothing).
    pub fn cid(&self, code: u32) -> u32 {
        let i = self.cid_ranges.partition_point(|r| r.0 <= code);
        if i > 0
            && let Some(&(lo, hi, first)) = self.cid_ranges.get(i - 1)
            && code <= hi
        {
            return first.saturating_add(code - lo);
        }
        if self.cid_ranges.is_empty() { code } else { 0 }
    }

    /// Splits the next code off `bytes` using the codespace; returns (code, length).
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        if self.codespace.is_empty() {
            let n = bytes.len().min(2);
            return (code_of(&bytes[..n]), n.max(1));
        }
        for n in 1..=4usize {
            let Some(b) = bytes.get(..n) else { break };
            let c = code_of(b);
            if self
                .codespace
                .iter()
                .any(|&(lo, hi, len)| usize::from(len) == n && lo <= c && c <= hi)
            {
                return (c, n);
            }
        }
        // No range fits: take the shortest declared length, as viewers do.
        let n = self
            .codespace
            .iter()
            .map(|r| usize::from(r.2))
            .min()
            .unwrap_or(1)
            .min(bytes.len())
            .max(1);
        (code_of(&bytes[..n.min(bytes.len())]), n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tounicode() {
        let m = CMap::parse(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0010> <00660066> endbfchar\n\
              1 beginbfrange <0020> <0022> <00E6> endbfrange\n\
              1 beginbfrange <1000> <2000> <4E00> endbfrange",
        );
        let mut s = String::new();
        for c in [0x0003, 0x0010, 0x0021, 0x1001] {
            assert!(m.lookup(c, &mut s));
        }
        assert_eq!(s, " ffç\u{4E01}");
        assert_eq!(m.next_code(&[0, 3, 0]), (3, 2));
    }
}

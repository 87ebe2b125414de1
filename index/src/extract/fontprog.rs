//! Built-in encodings of embedded font programs: Type 1 (`/FontFile`) and CFF (`/FontFile3`,
//! Type 1C). Used when a simple font has no ToUnicode and no (or a partial) `/Encoding`, as
//! Ghostscript's Type 1C subsets (groff → ps2pdf) do.

use super::lexer::{Lexer, Obj, Tok};
use super::tables::CFF_STD_STRINGS;

/// Code → glyph name; `None` means "StandardEncoding".
pub type Builtin = Option<Vec<Option<String>>>;

/// The `/Encoding` of a Type 1 font program's clear-text part.
pub fn type1_encoding(data: &[u8]) -> Builtin {
    let end = find(data, b"eexec").unwrap_or(data.len());
    let clear = data.get(..end)?;
    let start = find(clear, b"/Encoding")?;
    let rest = clear.get(start + 9..)?;
    let mut lex = Lexer::new(rest);
    let mut names: Vec<Option<String>> = vec![None; 256];
    let mut found = false;
    let mut window: Vec<Tok> = Vec::new();
    let mut steps = 0u32;
    while let Some(t) = lex.next_tok() {
        steps += 1;
        if steps > 20_000 {
            break;
        }
        match &t {
            Tok::Op(b"StandardEncoding") if !found => return None,
            Tok::Op(b"def") | Tok::Op(b"readonly") if found => break,
            Tok::Op(b"put") => {
                if let [
                    ..,
                    Tok::Op(b"dup"),
                    Tok::Obj(Obj::Num(c)),
                    Tok::Obj(Obj::Name(n)),
                ] = window.as_slice()
                {
                    let c = *c as i64;
                    if (0..256).contains(&c) {
                        names[c as usize] = Some(String::from_utf8_lossy(n).into_owned());
                        found = true;
                    }
                }
                window.clear();
                continue;
            }
            _ => {}
        }
        if window.len() > 8 {
            window.remove(0);
        }
        window.push(t);
    }
    found.then_some(names)
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

struct Cff<'a> {
    d: &'a [u8],
}

impl<'a> Cff<'a> {
    fn u8(&self, p: usize) -> Option<usize> {
        self.d.get(p).map(|&b| usize::from(b))
    }
    fn u16(&self, p: usize) -> Option<usize> {
        Some(self.u8(p)? << 8 | self.u8(p + 1)?)
    }
    fn off(&self, p: usize, size: usize) -> Option<usize> {
        (0..size).try_fold(0usize, |a, i| Some(a << 8 | self.u8(p + i)?))
    }
    /// An INDEX at `p`: its items and the position after it.
    fn index(&self, p: usize) -> Option<(Vec<&'a [u8]>, usize)> {
        let count = self.u16(p)?;
        if count == 0 {
            return Some((vec![], p + 2));
        }
        let size = self.u8(p + 2)?;
        if !(1..=4).contains(&size) {
            return None;
        }
        let base = p + 3 + (count + 1) * size - 1;
        let mut items = Vec::with_capacity(count.min(65536));
        let mut prev = self.off(p + 3, size)?;
        for i in 1..=count {
            let o = self.off(p + 3 + i * size, size)?;
            items.push(self.d.get(base + prev..base + o)?);
            prev = o;
        }
        Some((items, base + prev))
    }
}

/// Top DICT operators we need: charset (15), Encoding (16), CharStrings (17), ROS (12 30).
fn top_dict(d: &[u8]) -> (Option<usize>, Option<usize>, Option<usize>, bool) {
    let (mut charset, mut enc, mut cs, mut cid) = (None, None, None, false);
    let mut ops: Vec<f64> = Vec::new();
    let mut i = 0;
    while let Some(&b) = d.get(i) {
        i += 1;
        match b {
            28 => {
                let v = i16::from_be_bytes([*d.get(i).unwrap_or(&0), *d.get(i + 1).unwrap_or(&0)]);
                ops.push(f64::from(v));
                i += 2;
            }
            29 => {
                let mut a = [0u8; 4];
                for (k, x) in a.iter_mut().enumerate() {
                    *x = *d.get(i + k).unwrap_or(&0);
                }
                ops.push(f64::from(i32::from_be_bytes(a)));
                i += 4;
            }
            30 => {
                // Real: skip nibbles up to the 0xf terminator.
                while let Some(&n) = d.get(i) {
                    i += 1;
                    if n & 0x0f == 0x0f || n >> 4 == 0x0f {
                        break;
                    }
                }
                ops.push(0.0);
            }
            32..=246 => ops.push(f64::from(b) - 139.0),
            247..=250 => {
                let b1 = f64::from(*d.get(i).unwrap_or(&0));
                i += 1;
                ops.push((f64::from(b) - 247.0) * 256.0 + b1 + 108.0);
            }
            251..=254 => {
                let b1 = f64::from(*d.get(i).unwrap_or(&0));
                i += 1;
                ops.push(-(f64::from(b) - 251.0) * 256.0 - b1 - 108.0);
            }
            12 => {
                if d.get(i) == Some(&30) {
                    cid = true;
                }
                i += 1;
                ops.clear();
            }
            _ => {
                let last = ops.last().map(|&v| v.max(0.0) as usize);
                match b {
                    15 => charset = last,
                    16 => enc = last,
                    17 => cs = last,
                    _ => {}
                }
                ops.clear();
            }
        }
    }
    (charset, enc, cs, cid)
}

/// The built-in encoding of a CFF (Type 1C) font program.
pub fn cff_encoding(data: &[u8]) -> Builtin {
    let c = Cff { d: data };
    let hdr = c.u8(2)?;
    let (_, p) = c.index(hdr)?;
    let (tops, p) = c.index(p)?;
    let (strings, _) = c.index(p)?;
    let (charset_off, enc_off, cs_off, cid) = top_dict(tops.first()?);
    if cid {
        return None;
    }
    let enc_off = enc_off.unwrap_or(0);
    if enc_off <= 1 {
        return None;
    }
    let nglyphs = c.index(cs_off?)?.0.len();
    // GID → SID.
    let mut sids = vec![0usize; nglyphs];
    match charset_off.unwrap_or(0) {
        0 => {
            for (g, s) in sids.iter_mut().enumerate() {
                *s = if g <= 228 { g } else { 0 };
            }
        }
        1 | 2 => return None,
        off => {
            let fmt = c.u8(off)?;
            let mut p = off + 1;
            let mut g = 1;
            while g < nglyphs {
                match fmt {
                    0 => {
                        sids[g] = c.u16(p)?;
                        p += 2;
                        g += 1;
                    }
                    1 | 2 => {
                        let first = c.u16(p)?;
                        let left = if fmt == 1 {
                            c.u8(p + 2)?
                        } else {
                            c.u16(p + 2)?
                        };
                        p += if fmt == 1 { 3 } else { 4 };
                        for k in 0..=left {
                            if let Some(s) = sids.get_mut(g) {
                                *s = first + k;
                            }
                            g += 1;
                        }
                    }
                    _ => return None,
                }
            }
        }
    }
    let name = |sid: usize| -> Option<String> {
        match CFF_STD_STRINGS.get(sid) {
            Some(s) => Some((*s).to_string()),
            None => strings
                .get(sid - CFF_STD_STRINGS.len())
                .map(|s| String::from_utf8_lossy(s).into_owned()),
        }
    };
    let mut names: Vec<Option<String>> = vec![None; 256];
    let fmt = c.u8(enc_off)?;
    let mut p = enc_off + 1;
    match fmt & 0x7f {
        0 => {
            let n = c.u8(p)?;
            p += 1;
            for g in 1..=n {
                let code = c.u8(p)?;
                p += 1;
                if let Some(&sid) = sids.get(g) {
                    names[code] = name(sid);
                }
            }
        }
        1 => {
            let n = c.u8(p)?;
            p += 1;
            let mut g = 1;
            for _ in 0..n {
                let first = c.u8(p)?;
                let left = c.u8(p + 1)?;
                p += 2;
                for k in 0..=left {
                    if let (Some(slot), Some(&sid)) = (names.get_mut(first + k), sids.get(g)) {
                        *slot = name(sid);
                    }
                    g += 1;
                }
            }
        }
        _ => return None,
    }
    if fmt & 0x80 != 0 {
        let n = c.u8(p)?;
        p += 1;
        for _ in 0..n {
            let code = c.u8(p)?;
            let sid = c.u16(p + 1)?;
            p += 3;
            names[code] = name(sid);
        }
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type1_clear_text() {
        let prog = b"%!PS-AdobeFont-1.0\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
                     dup 32 /space put\ndup 248 /oslash put\nreadonly def\ncurrentfile eexec\x80\x81";
        let e = type1_encoding(prog).expect("encoding");
        assert_eq!(e[248].as_deref(), Some("oslash"));
        assert_eq!(e[32].as_deref(), Some("space"));
        assert!(type1_encoding(b"/Encoding StandardEncoding def").is_none());
    }
}

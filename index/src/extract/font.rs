//! Fonts: how a shown string splits into glyphs, what text each glyph stands for, and how far it
//! advances. Decoding order: ToUnicode, then the encoding (base + `/Differences`, or the font
//! program's built-in encoding) through glyph names, then the code itself as a last resort.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::CMap;
use super::fontprog;
use super::glyphs::{self, BaseEncoding};
use super::util::{self, Budget};

#[derive(Debug)]
enum Codes {
    /// One byte per code; text and width (text-space units per unit font size) per code.
    Simple {
        text: Vec<Option<Box<str>>>,
        width: Vec<f32>,
    },
    /// Type 0: codes split by the encoding CMap, CIDs through it, widths per CID.
    Cid {
        enc: Option<Box<CMap>>,
        /// Predefined UCS-2/UTF-16 CMaps: the code is the character.
        ucs2: bool,
        tounicode: Option<Box<CMap>>,
        widths: HashMap<u32, f32>,
        dw: f32,
    },
}

#[derive(Debug)]
pub struct Font {
    codes: Codes,
    /// Glyph-space height scale (Type 3 fonts draw in their own FontMatrix units).
    pub height_scale: f32,
}

/// One decoded glyph.
pub struct Glyph<'f> {
    pub text: &'f str,
    /// Horizontal advance in text space per unit font size.
    pub w0: f32,
    /// A single-byte code 32: word spacing (Tw) applies.
    pub space: bool,
}

impl Font {
    /// A font that decodes nothing (missing or broken font resource).
    pub fn empty() -> Font {
        Font {
            codes: Codes::Simple {
                text: vec![None; 256],
                width: vec![0.5; 256],
            },
            height_scale: 1.0,
        }
    }

    pub fn load(doc: &Document, d: &Dictionary, budget: &mut Budget) -> Font {
        match util::get_name(doc, d, b"Subtype") {
            Some(b"Type0") => load_type0(doc, d, budget),
            _ => load_simple(doc, d, budget),
        }
    }

    /// Calls `f` for each glyph of a shown string.
    pub fn glyphs(&self, bytes: &[u8], buf: &mut String, mut f: impl FnMut(Glyph<'_>)) {
        match &self.codes {
            Codes::Simple { text, width } => {
                for &b in bytes {
                    let i = usize::from(b);
                    let t = text.get(i).and_then(|t| t.as_deref()).unwrap_or("");
                    let w0 = width.get(i).copied().unwrap_or(0.0);
                    f(Glyph {
                        text: t,
                        w0,
                        space: b == 32,
                    });
                }
            }
            Codes::Cid {
                enc,
                ucs2,
                tounicode,
                widths,
                dw,
            } => {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let (code, n) = match enc {
                        Some(m) => m.next_code(rest),
                        None => {
                            let n = rest.len().min(2);
                            (
                                rest[..n].iter().fold(0u32, |a, &x| a << 8 | u32::from(x)),
                                n,
                            )
                        }
                    };
                    rest = rest.get(n..).unwrap_or(&[]);
                    let cid = enc.as_ref().map_or(code, |m| m.cid(code));
                    buf.clear();
                    let mapped = tounicode.as_ref().is_some_and(|m| m.lookup(code, buf));
                    if !mapped
                        && *ucs2
                        && let Some(c) = char::from_u32(code)
                    {
                        buf.push(c);
                    }
                    let w0 = widths.get(&cid).copied().unwrap_or(*dw);
                    f(Glyph {
                        text: buf.as_str(),
                        w0,
                        space: n == 1 && code == 32,
                    });
                }
            }
        }
    }
}

fn tounicode(doc: &Document, d: &Dictionary, budget: &mut Budget) -> Option<CMap> {
    match util::get(doc, d, b"ToUnicode")? {
        Object::Stream(s) => {
            let m = CMap::parse(&util::decode(doc, s, budget)?);
            (!m.is_empty()).then_some(m)
        }
        _ => None,
    }
}

fn load_type0(doc: &Document, d: &Dictionary, budget: &mut Budget) -> Font {
    let desc = util::get_array(doc, d, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|o| util::deref(doc, o).as_dict().ok());
    let (enc, ucs2) = match util::get(doc, d, b"Encoding") {
        Some(Object::Name(n)) => {
            let ucs2 = n.windows(4).any(|w| w == b"UCS2" || w == b"UTF1");
            let identity = n.starts_with(b"Identity");
            if identity || ucs2 {
                (None, ucs2)
            } else {
                // Other predefined CMaps: one byte below 0x80, two above (close enough for
                // splitting; their text needs ToUnicode anyway).
                let mut m = CMap::default();
                m.codespace.push((0, 0x80, 1));
                m.codespace.push((0x8100, 0xFFFF, 2));
                (Some(Box::new(m)), false)
            }
        }
        Some(Object::Stream(s)) => (
            util::decode(doc, s, budget).map(|b| Box::new(CMap::parse(&b))),
            false,
        ),
        _ => (None, false),
    };
    let mut widths = HashMap::new();
    let mut dw = 1.0;
    if let Some(desc) = desc {
        if let Some(v) = util::get_num(doc, desc, b"DW") {
            dw = v / 1000.0;
        }
        if let Some(w) = util::get_array(doc, desc, b"W") {
            let mut i = 0;
            while i < w.len() {
                let Some(first) = util::num(doc, &w[i]) else {
                    break;
                };
                let first = first.max(0.0) as u32;
                match w.get(i + 1).map(|o| util::deref(doc, o)) {
                    Some(Object::Array(ws)) => {
                        for (k, x) in ws.iter().enumerate().take(65536) {
                            if let Some(v) = util::num(doc, x) {
                                widths.insert(first.saturating_add(k as u32), v / 1000.0);
                            }
                        }
                        i += 2;
                    }
                    Some(o) => {
                        let last = util::num(doc, o).unwrap_or(0.0).max(0.0) as u32;
                        let v = w
                            .get(i + 2)
                            .and_then(|x| util::num(doc, x))
                            .unwrap_or(1000.0);
                        for c in first..=last.min(first.saturating_add(65535)) {
                            widths.insert(c, v / 1000.0);
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
        }
    }
    // iText writes `/ToUnicode /Identity-H`: the codes are the characters.
    let identity_tu = matches!(util::get(doc, d, b"ToUnicode"), Some(Object::Name(n)) if n.starts_with(b"Identity"));
    Font {
        codes: Codes::Cid {
            enc,
            ucs2: ucs2 || identity_tu,
            tounicode: tounicode(doc, d, budget).map(Box::new),
            widths,
            dw,
        },
        height_scale: 1.0,
    }
}

/// The font program's built-in encoding, if it is an embedded Type 1 or CFF font.
fn builtin(doc: &Document, fd: Option<&Dictionary>, budget: &mut Budget) -> fontprog::Builtin {
    let fd = fd?;
    for (key, cff) in [(&b"FontFile"[..], false), (b"FontFile3", true)] {
        if let Some(Object::Stream(s)) = util::get(doc, fd, key) {
            let data = util::decode(doc, s, budget)?;
            let is_cff = cff && util::get_name(doc, &s.dict, b"Subtype") != Some(b"OpenType");
            return if is_cff {
                fontprog::cff_encoding(&data)
            } else {
                fontprog::type1_encoding(&data)
            };
        }
    }
    None
}

fn load_simple(doc: &Document, d: &Dictionary, budget: &mut Budget) -> Font {
    let subtype = util::get_name(doc, d, b"Subtype").unwrap_or(b"Type1");
    let type3 = subtype == b"Type3";
    let base_font =
        String::from_utf8_lossy(util::get_name(doc, d, b"BaseFont").unwrap_or(b"")).into_owned();
    let fd = util::get_dict(doc, d, b"FontDescriptor");
    let flags = fd
        .and_then(|fd| util::get_num(doc, fd, b"Flags"))
        .unwrap_or(0.0) as u32;
    let symbolic = flags & 4 != 0 && flags & 32 == 0;

    // Encoding: base, then Differences.
    let enc_obj = util::get(doc, d, b"Encoding");
    let (base_name, diffs) = match enc_obj {
        Some(Object::Name(n)) => (BaseEncoding::from_name(n), None),
        Some(Object::Dictionary(e)) => (
            util::get_name(doc, e, b"BaseEncoding").and_then(BaseEncoding::from_name),
            util::get_array(doc, e, b"Differences"),
        ),
        _ => (None, None),
    };
    let mut names: Vec<Option<String>> = vec![None; 256];
    let fill_base = |names: &mut Vec<Option<String>>, b: BaseEncoding| {
        for (slot, n) in names.iter_mut().zip(b.names().iter()) {
            *slot = (!n.is_empty()).then(|| (*n).to_string());
        }
    };
    match base_name {
        Some(b) => fill_base(&mut names, b),
        None => match builtin(doc, fd, budget) {
            Some(v) => names = v,
            None if type3 => {}
            None if subtype == b"TrueType" && !symbolic => {
                fill_base(&mut names, BaseEncoding::WinAnsi)
            }
            None if symbolic && fd.is_some_and(|fd| fd.has(b"FontFile2")) => {}
            None => fill_base(&mut names, BaseEncoding::Standard),
        },
    }
    if let Some(diffs) = diffs {
        let mut code = 0usize;
        for o in diffs {
            match util::deref(doc, o) {
                Object::Integer(i) => code = (*i).clamp(0, 256) as usize,
                Object::Real(r) => code = r.clamp(0.0, 256.0) as usize,
                Object::Name(n) => {
                    if let Some(slot) = names.get_mut(code) {
                        *slot = Some(String::from_utf8_lossy(n).into_owned());
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }

    let tu = tounicode(doc, d, budget);
    let mut text: Vec<Option<Box<str>>> = vec![None; 256];
    let mut s = String::new();
    for (code, slot) in text.iter_mut().enumerate() {
        s.clear();
        let ok = tu.as_ref().is_some_and(|m| m.lookup(code as u32, &mut s))
            || names[code]
                .as_deref()
                .is_some_and(|n| glyphs::name_to_text(n, &mut s));
        if !ok && code >= 32 && names[code].is_none() && !type3 {
            // Unknown code: take it as Latin-1, as pdftotext does.
            if let Some(c) = char::from_u32(code as u32) {
                s.push(c);
            }
        }
        if !s.is_empty() {
            *slot = Some(s.as_str().into());
        }
    }

    // Widths.
    let scale = if type3 {
        util::get_array(doc, d, b"FontMatrix")
            .map(|m| util::nums(doc, m))
            .and_then(|m| m.first().copied())
            .unwrap_or(0.001)
    } else {
        0.001
    };
    // Type 3 glyphs live in FontMatrix units: take the em from the FontBBox height when there is
    // one (a text font's box is about 1.15 em tall).
    let height_scale = if type3 {
        let m3 = util::get_array(doc, d, b"FontMatrix")
            .map(|m| util::nums(doc, m))
            .and_then(|m| m.get(3).copied())
            .unwrap_or(0.001)
            .abs();
        let bbox_h = util::get_array(doc, d, b"FontBBox")
            .map(|b| util::nums(doc, b))
            .and_then(|b| Some((b.get(3)? - b.get(1)?).abs()))
            .filter(|h| *h > 0.0);
        match bbox_h {
            Some(h) => (h * m3 / 1.15).clamp(0.05, 20.0),
            None => (m3 * 1000.0).clamp(0.05, 20.0),
        }
    } else {
        1.0
    };
    let missing = fd.and_then(|fd| util::get_num(doc, fd, b"MissingWidth"));
    let mut width = vec![f32::NAN; 256];
    if let Some(ws) = util::get_array(doc, d, b"Widths") {
        let first = util::get_num(doc, d, b"FirstChar")
            .unwrap_or(0.0)
            .clamp(0.0, 255.0) as usize;
        for (i, o) in ws.iter().enumerate() {
            if let (Some(slot), Some(v)) = (width.get_mut(first + i), util::num(doc, o)) {
                *slot = v * scale;
            }
        }
    }
    for (code, w) in width.iter_mut().enumerate() {
        if w.is_nan() {
            let std = names[code]
                .as_deref()
                .and_then(|n| glyphs::std14_width(&base_font, n));
            *w = std.or(missing).unwrap_or(500.0) * 0.001;
        }
    }
    Font {
        codes: Codes::Simple { text, width },
        height_scale,
    }
}

//! Glyph names → Unicode (Adobe Glyph List subset plus the `uniXXXX`, `uXXXX` and ligature
//! conventions) and the base encodings of simple fonts.

use super::tables;

/// A simple font's base encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
}

impl BaseEncoding {
    pub fn from_name(n: &[u8]) -> Option<Self> {
        match n {
            b"WinAnsiEncoding" => Some(Self::WinAnsi),
            b"MacRomanEncoding" => Some(Self::MacRoman),
            b"StandardEncoding" | b"MacExpertEncoding" => Some(Self::Standard),
            _ => None,
        }
    }

    pub fn names(self) -> &'static [&'static str; 256] {
        match self {
            Self::Standard => &tables::STANDARD,
            Self::WinAnsi => &tables::WIN_ANSI,
            Self::MacRoman => &tables::MAC_ROMAN,
        }
    }
}

fn lookup(name: &str) -> Option<char> {
    let t = tables::GLYPH_NAMES;
    t.binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .and_then(|i| t.get(i))
        .and_then(|&(_, u)| char::from_u32(u))
}

fn hex_char(h: &str) -> Option<char> {
    u32::from_str_radix(h, 16).ok().and_then(char::from_u32)
}

/// The text of one glyph name component (no `.suffix`, no `_`).
fn component(name: &str, out: &mut String) -> bool {
    if let Some(c) = lookup(name) {
        out.push(c);
        return true;
    }
    if let Some(h) = name.strip_prefix("uni")
        && h.len() >= 4
        && h.len() % 4 == 0
        && h.bytes().all(|b| b.is_ascii_hexdigit())
    {
        let start = out.len();
        for i in (0..h.len()).step_by(4) {
            match h.get(i..i + 4).and_then(hex_char) {
                Some(c) => out.push(c),
                None => {
                    out.truncate(start);
                    return false;
                }
            }
        }
        return true;
    }
    if let Some(h) = name.strip_prefix('u')
        && (4..=6).contains(&h.len())
        && h.bytes().all(|b| b.is_ascii_hexdigit())
        && let Some(c) = hex_char(h)
    {
        out.push(c);
        return true;
    }
    false
}

/// Appends the Unicode text of a glyph name; false if the name means nothing known.
pub fn name_to_text(name: &str, out: &mut String) -> bool {
    if let Some(c) = lookup(name) {
        out.push(c);
        return true;
    }
    // "f_f_i.alt" → "ffi"; "a.sc" → "a".
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return false;
    }
    let start = out.len();
    for part in base.split('_') {
        if !component(part, out) {
            out.truncate(start);
            return false;
        }
    }
    true
}

/// Standard-14 width (1/1000 em) of a glyph name in a non-embedded base font, if known.
pub fn std14_width(base_font: &str, name: &str) -> Option<f32> {
    let base = base_font.rsplit('+').next().unwrap_or(base_font);
    let lower = base.to_ascii_lowercase();
    if lower.starts_with("courier") {
        return Some(600.0);
    }
    let bold = lower.contains("bold") || lower.contains("black") || lower.contains("heavy");
    let italic = lower.contains("italic") || lower.contains("oblique");
    let row = if lower.starts_with("helvetica") || lower.starts_with("arial") {
        usize::from(bold)
    } else if lower.starts_with("times") {
        2 + usize::from(bold) + 2 * usize::from(italic)
    } else {
        return None;
    };
    let sid = tables::CFF_STD_STRINGS
        .iter()
        .take(229)
        .position(|s| *s == name)?;
    let w = *tables::STD14_WIDTHS.get(row)?.get(sid)?;
    (w > 0).then_some(f32::from(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(n: &str) -> String {
        let mut s = String::new();
        name_to_text(n, &mut s);
        s
    }

    #[test]
    fn names() {
        assert_eq!(t("oslash"), "ø");
        assert_eq!(t("aring"), "å");
        assert_eq!(t("AE"), "Æ");
        assert_eq!(t("uni00F8"), "ø");
        assert_eq!(t("u1F600"), "😀");
        assert_eq!(t("f_f_i"), "ffi");
        assert_eq!(t("a.sc"), "a");
        assert_eq!(t("fi"), "\u{FB01}");
        assert_eq!(t("bogus"), "");
        assert_eq!(std14_width("Helvetica", "a"), Some(556.0));
        assert_eq!(std14_width("Times-Roman", "space"), Some(250.0));
    }
}

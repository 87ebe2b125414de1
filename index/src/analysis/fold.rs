//! The leaf of the analysis: Danish folding of a word and the length limits every analyzer shares.

/// Shortest compound head matched (shorter heads such as "tale" in "aftale" add noise).
pub const MIN_HEAD: usize = 5;
/// Shortest modifier left in front of a head.
pub const MIN_MODIFIER: usize = 3;
/// Shortest rest left behind a modifier (so that plain inflected words yield no modifiers).
pub const MIN_REST: usize = 4;
/// Stems shorter than this cannot hold a head behind a modifier, so `da_rev` leaves them out.
pub const MIN_COMPOUND: usize = MIN_MODIFIER + MIN_HEAD;
/// Tokens longer than this (bytes) are dropped: they are hashes, base64 or extraction garbage.
pub(crate) const MAX_TOKEN: usize = 60;

/// Danish folding of one lowercase word: æ→ae, ø→oe, å→aa, then other accents to ASCII where obvious.
pub fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    fold_into(word, &mut out);
    out
}

pub fn fold_into(word: &str, out: &mut String) {
    // Every character that folds is outside ASCII, and most words of Danish text are ASCII.
    if word.is_ascii() {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'ü' => out.push('u'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'á' | 'à' | 'â' => out.push('a'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ó' | 'ò' | 'ô' => out.push('o'),
            'ú' | 'ù' | 'û' => out.push('u'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
}

//! [`Words`]: one tokenizer for every Danish field, reading one analysis of the text.
//!
//! A clause's text goes into four fields (stemmed, folded, reversed compound heads, common-word pairs),
//! and the document title into every clause entry. Tokenizing, lowercasing and stemming the same text
//! once per field was a third of indexing time. So the words of a text (offsets, position, lowercase
//! form, stem) are worked out once per thread and kept for the next few texts ([`SLOTS`]); each field's
//! token stream then only reads them in its own [`Form`]. Stems come from a per-thread cache in front of
//! tantivy's Snowball stemmer: contract language repeats its words, and a lookup is far cheaper than
//! stemming. The tokens are exactly those of the tantivy filter chains they replace (SimpleTokenizer,
//! RemoveLongFilter, LowerCaser, Stemmer, then the form); a test compares them on the corpus texts.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

use super::fold::{MAX_TOKEN, MIN_COMPOUND, fold_into};
use super::pairs::is_common;

/// Texts whose analysis a thread keeps: the fields of one value are indexed one after another, and a
/// document's title comes back with each of its clause entries.
const SLOTS: usize = 4;
/// Stems a thread remembers before it starts over: about 10 MB, more than the distinct word forms of
/// the benchmark's 2M clauses. Search threads (snippets, query words) have a cache each too.
const STEM_CACHE: usize = 100_000;

/// What a field indexes of each word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The lowercase word.
    Lower,
    /// Its Snowball stem.
    Stem,
    /// The lowercase word folded (æ→ae, ø→oe, å→aa, accents off).
    Fold,
    /// Like `Fold`, but each distinct word of a text once: for a field that keeps document ids alone,
    /// a repeat adds nothing to its postings, and a clause's words are about a fifth repeats.
    FoldSet,
    /// The stem reversed, for stems of at least [`MIN_COMPOUND`] characters only, each distinct word
    /// of a text once (its field keeps document ids alone, like `FoldSet`'s).
    Rev,
    /// Adjacent stems of which one is common, as one term (see `pairs`).
    Pair,
}

/// The tokenizer of one form.
#[derive(Clone, Copy)]
pub struct Words(pub Form);

impl Words {
    pub fn analyzer(form: Form) -> TextAnalyzer {
        TextAnalyzer::from(Words(form))
    }
}

struct Word {
    from: usize,
    to: usize,
    position: usize,
    lower: Range<usize>,
    stem: Range<usize>,
    /// Characters in the stem.
    stem_chars: usize,
    /// Whether the stem is a common word's (pairs).
    common: bool,
    /// Whether this is the first time the lowercase word occurs in the text (`FoldSet`, `Rev`).
    first: bool,
}

/// The words of one text.
#[derive(Default)]
struct Analysed {
    text: String,
    words: Vec<Word>,
    /// Lowercase forms and stems, end to end; `Word` ranges point here.
    buf: String,
}

impl Analysed {
    fn lower(&self, w: &Word) -> &str {
        &self.buf[w.lower.clone()]
    }
    fn stem(&self, w: &Word) -> &str {
        &self.buf[w.stem.clone()]
    }

    fn fill(&mut self, text: &str, stems: &mut Stems) {
        self.text.clear();
        self.text.push_str(text);
        self.words.clear();
        self.buf.clear();
        stems.next_text();
        let mut position = 0;
        let mut at = 0;
        while let Some((from, to)) = next_word(text, at) {
            at = to;
            position += 1;
            let word = &text[from..to];
            if word.len() >= MAX_TOKEN {
                continue;
            }
            let start = self.buf.len();
            lowercase_into(word, &mut self.buf);
            let lower = start..self.buf.len();
            let stem_start = self.buf.len();
            let (stem_chars, common, first) = stems.stem_into(&mut self.buf, lower.clone());
            self.words.push(Word {
                from,
                to,
                position: position - 1,
                lower,
                stem: stem_start..self.buf.len(),
                stem_chars,
                common,
                first,
            });
        }
    }
}

/// Appends `word` lowercased to `out`: per character, like tantivy's LowerCaser (no final-sigma rule).
fn lowercase_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        word.chars().for_each(|c| out.extend(c.to_lowercase()));
    }
}

/// A stem and what the token forms need to know of it.
struct Stem {
    text: Box<str>,
    chars: usize,
    common: bool,
    /// The word's number in the cache (see `Stems::seen`).
    id: u32,
}

/// Byte range of the first run of alphanumeric characters at or after `at` (SimpleTokenizer's words).
fn next_word(text: &str, at: usize) -> Option<(usize, usize)> {
    let alnum = |i: usize| -> (bool, usize) {
        let b = text.as_bytes()[i];
        if b.is_ascii() {
            return (b.is_ascii_alphanumeric(), 1);
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        (c.is_alphanumeric(), c.len_utf8())
    };
    let mut i = at;
    while i < text.len() {
        let (yes, len) = alnum(i);
        if yes {
            let from = i;
            i += len;
            while i < text.len() {
                let (yes, len) = alnum(i);
                if !yes {
                    break;
                }
                i += len;
            }
            return Some((from, i));
        }
        i += len;
    }
    None
}

/// A per-thread map from lowercase word to stem.
struct Stems {
    map: FxHashMap<Box<str>, Stem>,
    stemmer: TextAnalyzer,
    /// Per word id, the number of the last text it occurred in: whether a word repeats within a text
    /// costs an array lookup, where a set of the text's words would cost another hash of each word.
    seen: Vec<u32>,
    /// The number of the text being analysed.
    text: u32,
}

impl Stems {
    fn new() -> Stems {
        Stems {
            map: FxHashMap::default(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::Danish))
                .build(),
            seen: Vec::new(),
            text: 0,
        }
    }

    /// Starts a new text for [`Stems::stem_into`]'s "first occurrence".
    fn next_text(&mut self) {
        self.text = self.text.wrapping_add(1);
        if self.text == 0 {
            self.seen.fill(0);
            self.text = 1;
        }
    }

    /// The cache's entry for a lowercase word, made now if it has none.
    fn entry(&mut self, lower: &str) -> &Stem {
        if self.map.contains_key(lower) {
            &self.map[lower]
        } else {
            self.insert(lower)
        }
    }

    /// Stems a word the cache does not hold and keeps it.
    fn insert(&mut self, lower: &str) -> &Stem {
        if self.map.len() >= STEM_CACHE {
            // Ids start over, and so must what they have been seen in: a stale mark could make a new
            // word look repeated (and go unindexed), where a lost one only repeats a term.
            self.map.clear();
            self.seen.fill(0);
        }
        let stem = self.stem(lower);
        let s = Stem {
            chars: stem.chars().count(),
            common: is_common(&stem),
            text: stem.into(),
            id: u32::try_from(self.map.len()).unwrap_or(u32::MAX),
        };
        self.map.entry(lower.into()).or_insert(s)
    }

    /// Appends the stem of `buf[lower]` to `buf`; returns its length in characters, whether it is a
    /// common word's, and whether the word occurs for the first time in the current text.
    fn stem_into(&mut self, buf: &mut String, lower: Range<usize>) -> (usize, bool, bool) {
        // One lookup for a known word (nearly every word of a bulk load): `entry` would take two.
        let s = match self.map.get(&buf[lower.clone()]) {
            Some(s) => s,
            None => self.insert(&buf[lower]),
        };
        let (chars, common, id) = (s.chars, s.common, s.id as usize);
        buf.push_str(&s.text);
        if id >= self.seen.len() {
            self.seen.resize(id + 1, 0);
        }
        let first = self.seen[id] != self.text;
        self.seen[id] = self.text;
        (chars, common, first)
    }

    fn stem(&mut self, word: &str) -> String {
        let mut stem = String::new();
        self.stemmer
            .token_stream(word)
            .process(&mut |t: &Token| stem.push_str(&t.text));
        stem
    }
}

struct Cache {
    /// Analyses with the tick of their last use: the least recently used one goes first, so a title
    /// that comes back with every clause entry stays while clause texts pass through.
    slots: Vec<(u64, Rc<Analysed>)>,
    tick: u64,
    stems: Stems,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache {
        slots: Vec::new(),
        tick: 0,
        stems: Stems::new(),
    });
}

/// The analysis of `text`, from the thread's cache or made now.
fn analyse(text: &str) -> Rc<Analysed> {
    CACHE.with(|c| {
        let c = &mut *c.borrow_mut();
        c.tick += 1;
        if let Some((used, a)) = c.slots.iter_mut().find(|(_, a)| a.text == text) {
            *used = c.tick;
            return a.clone();
        }
        if c.slots.len() < SLOTS {
            c.slots.push((0, Rc::default()));
        }
        let oldest = (0..c.slots.len())
            .min_by_key(|&i| c.slots[i].0)
            .unwrap_or(0);
        let (used, slot) = &mut c.slots[oldest];
        *used = c.tick;
        // Reuse the slot's buffers unless a token stream still reads it.
        if Rc::get_mut(slot).is_none() {
            *slot = Rc::default();
        }
        if let Some(a) = Rc::get_mut(slot) {
            a.fill(text, &mut c.stems);
        }
        slot.clone()
    })
}

/// Calls `f` with each word of `text` as the Danish fields see it: byte range and lowercase form.
/// Nothing is stemmed or kept: snippets look up the stems of the few words that may match
/// ([`with_stem`]).
pub fn each_lower(text: &str, mut f: impl FnMut(Range<usize>, &str)) {
    let mut lower = String::new();
    let mut at = 0;
    while let Some((from, to)) = next_word(text, at) {
        at = to;
        let word = &text[from..to];
        if word.len() >= MAX_TOKEN {
            continue;
        }
        lower.clear();
        lowercase_into(word, &mut lower);
        f(from..to, &lower);
    }
}

/// Calls `f` with the stem of a lowercase word, from this thread's cache. Danish Snowball only ever
/// cuts a word's end, so the stem is a prefix of the word (a test checks this on the corpus).
pub fn with_stem<T>(lower: &str, f: impl FnOnce(&str) -> T) -> T {
    CACHE.with(|c| f(&c.borrow_mut().stems.entry(lower).text))
}

impl Tokenizer for Words {
    type TokenStream<'a> = WordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream {
        WordStream {
            form: self.0,
            words: analyse(text),
            next: 0,
            token: Token::default(),
        }
    }
}

pub struct WordStream {
    form: Form,
    words: Rc<Analysed>,
    next: usize,
    token: Token,
}

impl WordStream {
    /// Sets the token to word `i` of the text in this stream's form; false if the form skips it.
    fn emit(&mut self, i: usize) -> bool {
        let a = &*self.words;
        let w = &a.words[i];
        let t = &mut self.token;
        t.text.clear();
        t.offset_from = w.from;
        t.offset_to = w.to;
        t.position = w.position;
        t.position_length = 1;
        match self.form {
            Form::Lower => t.text.push_str(a.lower(w)),
            Form::Stem => t.text.push_str(a.stem(w)),
            Form::Fold => fold_into(a.lower(w), &mut t.text),
            Form::FoldSet => {
                if !w.first {
                    return false;
                }
                fold_into(a.lower(w), &mut t.text);
            }
            Form::Rev => {
                if !w.first || w.stem_chars < MIN_COMPOUND {
                    return false;
                }
                t.text.extend(a.stem(w).chars().rev());
            }
            Form::Pair => {
                let Some(p) = i.checked_sub(1).map(|p| &a.words[p]) else {
                    return false;
                };
                // Only truly adjacent words pair up: a dropped (too long) word leaves a gap.
                if p.position + 1 != w.position || !(p.common || w.common) {
                    return false;
                }
                let (first, second) = (a.stem(p), a.stem(w));
                t.text.push_str(first);
                t.text.push(' ');
                t.text.push_str(second);
                t.offset_from = p.from;
                t.position = p.position;
            }
        }
        true
    }
}

impl TokenStream for WordStream {
    fn advance(&mut self) -> bool {
        while self.next < self.words.words.len() {
            self.next += 1;
            if self.emit(self.next - 1) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests;

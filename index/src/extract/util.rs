//! Object access helpers over lopdf (dereferencing that never fails loudly) and bounded stream
//! decoding that resolves indirect `/Filter` and `/DecodeParms`.

use lopdf::{Dictionary, Document, Object, Stream};

/// Why extraction stopped early; named in the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trip {
    Decompressed(u64),
    Depth(u32),
    Ops(u64),
    Deadline,
}

impl std::fmt::Display for Trip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Trip::Decompressed(n) => write!(f, "limit max_decompressed_bytes ({n}) exceeded"),
            Trip::Depth(n) => write!(f, "limit max_depth ({n}) exceeded (nested forms)"),
            Trip::Ops(n) => write!(f, "limit max_ops_per_page ({n}) exceeded"),
            Trip::Deadline => write!(f, "limit deadline passed"),
        }
    }
}

/// The decompression budget shared by every stream of one document.
#[derive(Debug)]
pub struct Budget {
    pub max: u64,
    pub used: u64,
    pub trip: Option<Trip>,
}

static NULL: Object = Object::Null;

/// Follows references (a few hops at most); a dangling one gives `Null`.
pub fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
    for _ in 0..8 {
        match o {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(x) => o = x,
                None => return &NULL,
            },
            _ => return o,
        }
    }
    &NULL
}

pub fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    match d.get(key) {
        Ok(o) => match deref(doc, o) {
            Object::Null => None,
            x => Some(x),
        },
        Err(_) => None,
    }
}

pub fn get_dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, d, key)? {
        Object::Dictionary(x) => Some(x),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn get_name<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, d, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub fn get_array<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, d, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

pub fn num(doc: &Document, o: &Object) -> Option<f32> {
    match deref(doc, o) {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r).filter(|r| r.is_finite()),
        _ => None,
    }
}

pub fn get_num(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<f32> {
    d.get(key).ok().and_then(|o| num(doc, o))
}

/// Numbers of an array (e.g. a matrix or rectangle), non-numbers skipped.
pub fn nums(doc: &Document, a: &[Object]) -> Vec<f32> {
    a.iter().filter_map(|o| num(doc, o)).collect()
}

fn has_ref(o: &Object) -> bool {
    match o {
        Object::Reference(_) => true,
        Object::Array(a) => a.iter().any(has_ref),
        _ => false,
    }
}

fn resolved(doc: &Document, o: &Object) -> Object {
    match deref(doc, o) {
        Object::Array(a) => Object::Array(a.iter().map(|x| deref(doc, x).clone()).collect()),
        x => x.clone(),
    }
}

/// Decodes a stream within the budget. `None` when it cannot be decoded (or the budget tripped).
pub fn decode(doc: &Document, s: &Stream, budget: &mut Budget) -> Option<Vec<u8>> {
    if budget.trip.is_some() {
        return None;
    }
    let remaining = usize::try_from(budget.max.saturating_sub(budget.used)).unwrap_or(usize::MAX);
    let filter = s.dict.get(b"Filter").ok();
    let parms = s.dict.get(b"DecodeParms").ok();
    let indirect = filter.is_some_and(has_ref) || parms.is_some_and(has_ref);
    let res = if indirect {
        // lopdf only reads direct filter names; resolve them into a copy.
        let mut dict = s.dict.clone();
        if let Some(f) = filter {
            dict.set("Filter", resolved(doc, f));
        }
        if let Some(p) = parms {
            dict.set("DecodeParms", resolved(doc, p));
        }
        Stream::new(dict, s.content.clone()).decompressed_content_with_limit(remaining)
    } else {
        s.decompressed_content_with_limit(remaining)
    };
    match res {
        Ok(v) => {
            budget.used += v.len() as u64;
            Some(v)
        }
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            budget.trip = Some(Trip::Decompressed(budget.max));
            None
        }
        Err(_) => None,
    }
}

/// A 2-D affine matrix [a b c d e f] (row-vector convention, as PDF).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mat(pub [f32; 6]);

impl Mat {
    pub const ID: Mat = Mat([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    pub fn from_slice(v: &[f32]) -> Option<Mat> {
        match v {
            [a, b, c, d, e, f] => Some(Mat([*a, *b, *c, *d, *e, *f])),
            _ => None,
        }
    }

    /// self × other (apply self first, then other).
    pub fn mul(&self, o: &Mat) -> Mat {
        let [a, b, c, d, e, f] = self.0;
        let [oa, ob, oc, od, oe, of] = o.0;
        Mat([
            a * oa + b * oc,
            a * ob + b * od,
            c * oa + d * oc,
            c * ob + d * od,
            e * oa + f * oc + oe,
            e * ob + f * od + of,
        ])
    }

    pub fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    pub fn apply_vec(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, ..] = self.0;
        (x * a + y * c, x * b + y * d)
    }
}

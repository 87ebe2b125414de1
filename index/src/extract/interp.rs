//! The content-stream walk: graphics and text state, glyph positions in page space, Form
//! XObjects (`Do`, depth-capped, cycle-safe) and annotation appearance streams.

use std::collections::HashMap;
use std::rc::Rc;
use std::time::Instant;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::font::Font;
use super::layout::GlyphRec;
use super::lexer::{Lexer, Obj, Tok};
use super::limits::Limits;
use super::util::{self, Budget, Mat, Trip};

/// What one page drew.
#[derive(Debug, Default)]
pub struct PageOut {
    pub glyphs: Vec<GlyphRec>,
    pub text: String,
    pub images: u32,
    pub glyphs_drawn: u64,
}

#[derive(Clone)]
struct GState {
    ctm: Mat,
    font: Option<Rc<Font>>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    rise: f32,
}

/// Decoded form streams kept for reuse across pages (letterheads, stamps), up to this many bytes.
const FORM_CACHE_MAX: usize = 16 << 20;
const MAX_OPERANDS: usize = 512;
const MAX_GSTACK: usize = 1024;

pub struct Interp<'a> {
    doc: &'a Document,
    limits: &'a Limits,
    pub budget: Budget,
    pub trip: Option<Trip>,
    fonts: HashMap<ObjectId, Rc<Font>>,
    direct_fonts: HashMap<usize, Rc<Font>>,
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
    form_bytes: usize,
    ops: u64,
    stack: Vec<ObjectId>,
    scratch: String,
    /// The page's crop box: glyphs outside it are not read (as pdftotext does).
    pub page_box: Option<[f32; 4]>,
}

impl<'a> Interp<'a> {
    pub fn new(doc: &'a Document, limits: &'a Limits) -> Self {
        Interp {
            doc,
            limits,
            budget: Budget {
                max: limits.max_decompressed_bytes,
                used: 0,
                trip: None,
            },
            trip: None,
            fonts: HashMap::new(),
            direct_fonts: HashMap::new(),
            forms: HashMap::new(),
            form_bytes: 0,
            ops: 0,
            stack: Vec::new(),
            scratch: String::new(),
            page_box: None,
        }
    }

    pub fn stopped(&self) -> bool {
        self.trip.is_some() || self.budget.trip.is_some()
    }

    /// Runs one page: its content streams, then its annotations' appearances.
    pub fn page(
        &mut self,
        page: &'a Dictionary,
        content: &[u8],
        res: Option<&'a Dictionary>,
        out: &mut PageOut,
    ) {
        self.ops = 0;
        let gs = GState {
            ctm: Mat::ID,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
        };
        self.run(content, res, gs.clone(), 0, out);
        if let Some(annots) = util::get_array(self.doc, page, b"Annots") {
            for a in annots.iter().take(10_000) {
                if self.stopped() {
                    break;
                }
                if let Object::Dictionary(a) = util::deref(self.doc, a) {
                    self.annotation(a, res, &gs, out);
                }
            }
        }
    }

    fn annotation(
        &mut self,
        a: &'a Dictionary,
        res: Option<&'a Dictionary>,
        gs: &GState,
        out: &mut PageOut,
    ) {
        let doc = self.doc;
        let flags = util::get_num(doc, a, b"F").unwrap_or(0.0) as u32;
        if flags & (2 | 32) != 0 || util::get_name(doc, a, b"Subtype") == Some(b"Popup") {
            return;
        }
        let Some(ap) = util::get_dict(doc, a, b"AP") else {
            return;
        };
        let Some(n) = ap.get(b"N").ok() else { return };
        let (id, stream) = match (n, util::deref(doc, n)) {
            (Object::Reference(id), Object::Stream(s)) => (Some(*id), s),
            (_, Object::Dictionary(states)) => {
                let chosen = util::get_name(doc, a, b"AS")
                    .and_then(|s| states.get(s).ok())
                    .or_else(|| {
                        (states.len() == 1)
                            .then(|| states.iter().next().map(|(_, v)| v))
                            .flatten()
                    });
                match chosen {
                    Some(o @ Object::Reference(id)) => match util::deref(doc, o) {
                        Object::Stream(s) => (Some(*id), s),
                        _ => return,
                    },
                    _ => return,
                }
            }
            _ => return,
        };
        let rect = util::get_array(doc, a, b"Rect")
            .map(|r| util::nums(doc, r))
            .unwrap_or_default();
        let bbox = util::get_array(doc, &stream.dict, b"BBox")
            .map(|r| util::nums(doc, r))
            .unwrap_or_default();
        let matrix = form_matrix(doc, stream);
        let (Some(&[rx0, ry0, rx1, ry1]), Some(&[bx0, by0, bx1, by1])) =
            (rect.get(..4), bbox.get(..4))
        else {
            return;
        };
        // Map the transformed BBox onto Rect (ISO 32000 12.5.5).
        let pts = [(bx0, by0), (bx1, by0), (bx0, by1), (bx1, by1)].map(|(x, y)| matrix.apply(x, y));
        let (mut minx, mut miny, mut maxx, mut maxy) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for (x, y) in pts {
            minx = minx.min(x);
            miny = miny.min(y);
            maxx = maxx.max(x);
            maxy = maxy.max(y);
        }
        let (rx0, rx1) = (rx0.min(rx1), rx0.max(rx1));
        let (ry0, ry1) = (ry0.min(ry1), ry0.max(ry1));
        let sx = if maxx - minx > 1e-3 {
            (rx1 - rx0) / (maxx - minx)
        } else {
            1.0
        };
        let sy = if maxy - miny > 1e-3 {
            (ry1 - ry0) / (maxy - miny)
        } else {
            1.0
        };
        let fit = Mat([sx, 0.0, 0.0, sy, rx0 - minx * sx, ry0 - miny * sy]);
        let mut g = gs.clone();
        g.ctm = matrix.mul(&fit).mul(&gs.ctm);
        self.form(id, stream, res, g, 0, out);
    }

    fn form(
        &mut self,
        id: Option<ObjectId>,
        s: &'a Stream,
        parent: Option<&'a Dictionary>,
        gs: GState,
        depth: u32,
        out: &mut PageOut,
    ) {
        if depth > self.limits.max_depth {
            self.trip.get_or_insert(Trip::Depth(self.limits.max_depth));
            return;
        }
        if let Some(id) = id
            && self.stack.contains(&id)
        {
            return; // A form that paints itself: skip the cycle.
        }
        let data = match id.and_then(|id| self.forms.get(&id)) {
            Some(d) => d.clone(),
            None => {
                let Some(d) = util::decode(self.doc, s, &mut self.budget) else {
                    return;
                };
                let d = Rc::new(d);
                if let Some(id) = id
                    && self.form_bytes + d.len() <= FORM_CACHE_MAX
                {
                    self.form_bytes += d.len();
                    self.forms.insert(id, d.clone());
                }
                d
            }
        };
        let res = util::get_dict(self.doc, &s.dict, b"Resources").or(parent);
        if let Some(id) = id {
            self.stack.push(id);
        }
        self.run(&data, res, gs, depth + 1, out);
        if id.is_some() {
            self.stack.pop();
        }
    }

    fn font(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let fonts = util::get_dict(doc, res?, b"Font")?;
        let o = fonts.get(name).ok()?;
        match o {
            Object::Reference(id) => {
                if let Some(f) = self.fonts.get(id) {
                    return Some(f.clone());
                }
                let f = match util::deref(doc, o) {
                    Object::Dictionary(d) => Rc::new(Font::load(doc, d, &mut self.budget)),
                    _ => Rc::new(Font::empty()),
                };
                self.fonts.insert(*id, f.clone());
                Some(f)
            }
            Object::Dictionary(d) => {
                let key = d as *const Dictionary as usize;
                if let Some(f) = self.direct_fonts.get(&key) {
                    return Some(f.clone());
                }
                let f = Rc::new(Font::load(doc, d, &mut self.budget));
                self.direct_fonts.insert(key, f.clone());
                Some(f)
            }
            _ => None,
        }
    }

    fn run(
        &mut self,
        content: &[u8],
        res: Option<&'a Dictionary>,
        mut gs: GState,
        depth: u32,
        out: &mut PageOut,
    ) {
        let mut lex = Lexer::new(content);
        let mut args: Vec<Obj> = Vec::with_capacity(16);
        let mut saved: Vec<GState> = Vec::new();
        let mut tm = Mat::ID;
        let mut tlm = Mat::ID;
        while let Some(tok) = lex.next_tok() {
            let op = match tok {
                Tok::Obj(o) => {
                    if args.len() < MAX_OPERANDS {
                        args.push(o);
                    }
                    continue;
                }
                Tok::Op(op) => op,
            };
            self.ops += 1;
            if self.ops > self.limits.max_ops_per_page {
                self.trip
                    .get_or_insert(Trip::Ops(self.limits.max_ops_per_page));
            }
            if self.ops & 0xfff == 0 && self.limits.deadline.is_some_and(|d| Instant::now() > d) {
                self.trip.get_or_insert(Trip::Deadline);
            }
            if self.stopped() {
                return;
            }
            let n = |i: usize| args.get(i).and_then(Obj::num).unwrap_or(0.0);
            match op {
                b"q" if saved.len() < MAX_GSTACK => saved.push(gs.clone()),
                b"Q" => {
                    if let Some(g) = saved.pop() {
                        gs = g;
                    }
                }
                b"cm" if args.len() >= 6 => {
                    gs.ctm = Mat([n(0), n(1), n(2), n(3), n(4), n(5)]).mul(&gs.ctm)
                }
                b"BT" => {
                    tm = Mat::ID;
                    tlm = Mat::ID;
                }
                b"Tf" => {
                    if let Some(Obj::Name(name)) = args.first() {
                        gs.font = self.font(res, name);
                    }
                    gs.size = n(1);
                }
                b"Tc" => gs.tc = n(0),
                b"Tw" => gs.tw = n(0),
                b"Tz" => gs.th = n(0) / 100.0,
                b"TL" => gs.tl = n(0),
                b"Ts" => gs.rise = n(0),
                b"Td" | b"TD" => {
                    if op == b"TD" {
                        gs.tl = -n(1);
                    }
                    tlm = Mat([1.0, 0.0, 0.0, 1.0, n(0), n(1)]).mul(&tlm);
                    tm = tlm;
                }
                b"Tm" if args.len() >= 6 => {
                    tlm = Mat([n(0), n(1), n(2), n(3), n(4), n(5)]);
                    tm = tlm;
                }
                b"T*" => {
                    tlm = Mat([1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl]).mul(&tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if op != b"Tj" {
                        if op == b"\"" {
                            gs.tw = n(0);
                            gs.tc = n(1);
                        }
                        tlm = Mat([1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl]).mul(&tlm);
                        tm = tlm;
                    }
                    if let Some(Obj::Str(s)) = args.last() {
                        self.show(&gs, &mut tm, s, out);
                    }
                }
                b"TJ" => {
                    if let Some(Obj::Arr(items)) = args.last() {
                        for it in items {
                            match it {
                                Obj::Str(s) => self.show(&gs, &mut tm, s, out),
                                Obj::Num(k) => {
                                    let tx = -k / 1000.0 * gs.size * gs.th;
                                    tm.0[4] += tx * tm.0[0];
                                    tm.0[5] += tx * tm.0[1];
                                }
                                _ => {}
                            }
                        }
                    }
                }
                b"Do" => {
                    if let Some(Obj::Name(name)) = args.first() {
                        self.xobject(res, name, &gs, depth, out);
                    }
                }
                b"ID" => {
                    lex.skip_inline_image();
                    out.images += 1;
                }
                _ => {}
            }
            args.clear();
        }
    }

    fn xobject(
        &mut self,
        res: Option<&'a Dictionary>,
        name: &[u8],
        gs: &GState,
        depth: u32,
        out: &mut PageOut,
    ) {
        let doc = self.doc;
        let Some(xs) = res.and_then(|r| util::get_dict(doc, r, b"XObject")) else {
            return;
        };
        let Ok(o) = xs.get(name) else { return };
        let id = match o {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        let Object::Stream(s) = util::deref(doc, o) else {
            return;
        };
        match util::get_name(doc, &s.dict, b"Subtype") {
            Some(b"Image") => out.images += 1,
            Some(b"Form") => {
                let mut g = gs.clone();
                g.ctm = form_matrix(doc, s).mul(&gs.ctm);
                self.form(id, s, res, g, depth, out);
            }
            _ => {}
        }
    }

    fn show(&mut self, gs: &GState, tm: &mut Mat, bytes: &[u8], out: &mut PageOut) {
        let font = gs.font.clone().unwrap_or_else(|| Rc::new(Font::empty()));
        let mut buf = std::mem::take(&mut self.scratch);
        let (size, tc, tw, th, rise, ctm) = (gs.size, gs.tc, gs.tw, gs.th, gs.rise, gs.ctm);
        let bx = self.page_box;
        font.glyphs(bytes, &mut buf, |g| {
            out.glyphs_drawn += 1;
            let trm = tm.mul(&ctm);
            let tx = (g.w0 * size + tc + if g.space { tw } else { 0.0 }) * th;
            if !g.text.is_empty() {
                let (x, y) = trm.apply(0.0, rise);
                let inside = bx.is_none_or(|[x0, y0, x1, y1]| {
                    x >= x0 - 1.0 && x <= x1 + 1.0 && y >= y0 - 1.0 && y <= y1 + 1.0
                });
                if !inside {
                    tm.0[4] += tx * tm.0[0];
                    tm.0[5] += tx * tm.0[1];
                    return;
                }
                // Visual extent only: Tc/Tw spacing is gap, not glyph (Ghostscript spaces words by
                // Tc). A space's extent is its whole advance (Ghostscript also cancels spaces by Tw).
                let blank = g.text.chars().all(char::is_whitespace);
                let (ax, ay) = trm.apply_vec(if blank { tx } else { g.w0 * size * th }, 0.0);
                let [a, b, c, d, ..] = trm.0;
                let dir = if a.abs() >= b.abs() {
                    if a >= 0.0 { 0 } else { 2 }
                } else if b > 0.0 {
                    1
                } else {
                    3
                };
                let h = (c * c + d * d).sqrt() * size.abs() * font.height_scale;
                let start = out.text.len() as u32;
                out.text.push_str(g.text);
                out.glyphs.push(GlyphRec::new(
                    x,
                    y,
                    ax,
                    ay,
                    h,
                    dir,
                    start,
                    g.text.len() as u32,
                ));
            }
            tm.0[4] += tx * tm.0[0];
            tm.0[5] += tx * tm.0[1];
        });
        self.scratch = buf;
    }
}

fn form_matrix(doc: &Document, s: &Stream) -> Mat {
    util::get_array(doc, &s.dict, b"Matrix")
        .and_then(|m| Mat::from_slice(&util::nums(doc, m)))
        .unwrap_or(Mat::ID)
}

//! Glyph positions → page text: runs of glyphs become chunks (spaces from gaps), chunks are put
//! in reading order by a recursive XY cut (which keeps columns apart), and leaves become lines.

/// One glyph, in a frame rotated so that its baseline runs along +x (y up).
#[derive(Debug, Clone, Copy)]
pub struct GlyphRec {
    pub x: f32,
    pub y: f32,
    pub adv: f32,
    pub size: f32,
    pub dir: u8,
    pub start: u32,
    pub len: u32,
}

impl GlyphRec {
    #[allow(clippy::too_many_arguments)]
    pub fn new(x: f32, y: f32, ax: f32, ay: f32, size: f32, dir: u8, start: u32, len: u32) -> Self {
        let (x, y, adv) = match dir {
            1 => (y, -x, ay),
            2 => (-x, -y, -ax),
            3 => (-y, x, -ay),
            _ => (x, y, ax),
        };
        GlyphRec {
            x,
            y,
            adv,
            size: size.max(0.1),
            dir,
            start,
            len,
        }
    }
}

/// A gap wider than this share of the font size between two glyphs is a word space.
const SPACE_GAP: f32 = 0.15;
/// A gap wider than this share of the font size starts a new chunk (columns, table cells).
const SPLIT_GAP: f32 = 1.2;
/// Above this many chunks a page keeps stream order (the XY cut is quadratic at worst).
const MAX_CUT_CHUNKS: usize = 3000;

#[derive(Debug)]
struct Chunk {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
    dir: u8,
}

impl Chunk {
    fn top(&self) -> f32 {
        self.y + 0.7 * self.size
    }
    fn bottom(&self) -> f32 {
        self.y - 0.2 * self.size
    }
}

fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace())
}

fn chunks(glyphs: &[GlyphRec], buf: &str) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut cur: Option<Chunk> = None;
    let mut pending_space = false;
    for g in glyphs {
        let t = buf
            .get(g.start as usize..(g.start + g.len) as usize)
            .unwrap_or("");
        let continues = cur.as_ref().is_some_and(|c| {
            let s = c.size.max(g.size);
            let gap = g.x - c.x1;
            c.dir == g.dir && (g.y - c.y).abs() < 0.5 * s && gap > -0.6 * s && gap < SPLIT_GAP * s
        });
        if is_blank(t) {
            if continues && let Some(c) = cur.as_mut() {
                pending_space |= g.adv > 0.08 * g.size;
                c.x1 = c.x1.max(g.x + g.adv);
            }
            continue;
        }
        match cur.as_mut() {
            Some(c) if continues => {
                let gap = g.x - c.x1;
                if (pending_space || gap > SPACE_GAP * c.size.max(g.size) * 0.9)
                    && !c.text.ends_with(' ')
                {
                    c.text.push(' ');
                }
                c.text.push_str(t);
                c.x1 = c.x1.max(g.x + g.adv);
                c.size = c.size.max(g.size);
            }
            _ => {
                if let Some(c) = cur.take() {
                    push_chunk(&mut out, c);
                }
                cur = Some(Chunk {
                    x0: g.x,
                    x1: g.x + g.adv.max(0.0),
                    y: g.y,
                    size: g.size,
                    text: t.to_string(),
                    dir: g.dir,
                });
            }
        }
        pending_space = false;
    }
    if let Some(c) = cur {
        push_chunk(&mut out, c);
    }
    out
}

/// Drops a chunk that repeats one just drawn at (nearly) the same place: fake bold, shadows.
fn push_chunk(out: &mut Vec<Chunk>, c: Chunk) {
    let tol = 0.2 * c.size;
    let dup = out.iter().rev().take(6).any(|o| {
        o.dir == c.dir && o.text == c.text && (o.x0 - c.x0).abs() < tol && (o.y - c.y).abs() < tol
    });
    if !dup {
        out.push(c);
    }
}

fn median_size(cs: &[Chunk], idx: &[usize]) -> f32 {
    let mut v: Vec<f32> = idx.iter().map(|&i| cs[i].size).collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(10.0)
}

/// Recursive XY cut: splits at the widest whitespace band, vertical bands only when wide
/// enough to be a gutter; leaves are appended to `out` in reading order.
fn xycut(cs: &[Chunk], mut idx: Vec<usize>, depth: u32, out: &mut Vec<Vec<usize>>) {
    if idx.len() <= 1 || depth > 64 {
        out.push(idx);
        return;
    }
    let em = median_size(cs, &idx);
    // Horizontal bands, top to bottom.
    idx.sort_by(|&a, &b| cs[b].top().total_cmp(&cs[a].top()));
    let mut hgaps: Vec<(usize, f32)> = Vec::new();
    let mut low = cs[idx[0]].bottom();
    for (k, &i) in idx.iter().enumerate().skip(1) {
        let c = &cs[i];
        if c.top() < low {
            hgaps.push((k, low - c.top()));
        }
        low = low.min(c.bottom());
    }
    let best_h = hgaps.iter().map(|g| g.1).fold(0.0f32, f32::max);
    // Vertical bands, left to right.
    let mut by_x = idx.clone();
    by_x.sort_by(|&a, &b| cs[a].x0.total_cmp(&cs[b].x0));
    let mut vgaps: Vec<(usize, f32)> = Vec::new();
    let mut right = cs[by_x[0]].x1;
    for (k, &i) in by_x.iter().enumerate().skip(1) {
        let c = &cs[i];
        if c.x0 > right {
            vgaps.push((k, c.x0 - right));
        }
        right = right.max(c.x1);
    }
    let best_v = vgaps.iter().map(|g| g.1).fold(0.0f32, f32::max);
    // One line (however gappy) is a leaf: its pieces are read left to right on one line.
    if best_h == 0.0 {
        let (lo, hi) = idx.iter().fold((f32::MAX, f32::MIN), |(lo, hi), &i| {
            (lo.min(cs[i].y), hi.max(cs[i].y))
        });
        if hi - lo < 0.5 * em {
            out.push(idx);
            return;
        }
    }
    let (order, gaps, best) = if best_v >= 0.8 * em && best_v > best_h {
        (by_x, vgaps, best_v)
    } else if best_h > 0.0 {
        (idx, hgaps, best_h)
    } else {
        out.push(idx);
        return;
    };
    let mut start = 0;
    for (k, g) in gaps {
        if g >= 0.8 * best {
            xycut(cs, order[start..k].to_vec(), depth + 1, out);
            start = k;
        }
    }
    xycut(cs, order[start..].to_vec(), depth + 1, out);
}

/// Lines of one leaf: chunks clustered by baseline, each line left to right.
fn emit_leaf(cs: &[Chunk], mut idx: Vec<usize>, text: &mut String) {
    idx.sort_by(|&a, &b| cs[b].y.total_cmp(&cs[a].y));
    let mut line: Vec<usize> = Vec::new();
    let flush = |line: &mut Vec<usize>, text: &mut String| {
        if line.is_empty() {
            return;
        }
        line.sort_by(|&a, &b| cs[a].x0.total_cmp(&cs[b].x0));
        let mut prev: Option<&Chunk> = None;
        for &i in line.iter() {
            let c = &cs[i];
            if let Some(p) = prev
                && (c.x0 - p.x1 > SPACE_GAP * c.size.max(p.size) || p.text.ends_with(' '))
                && !text.ends_with(' ')
            {
                text.push(' ');
            }
            text.push_str(c.text.trim_end());
            prev = Some(c);
        }
        text.push('\n');
        line.clear();
    };
    let mut line_y = f32::NAN;
    let mut line_size = 0.0f32;
    for i in idx {
        let c = &cs[i];
        if !line.is_empty() && (line_y - c.y).abs() >= 0.5 * line_size.max(c.size) {
            flush(&mut line, text);
        }
        if line.is_empty() {
            line_y = c.y;
            line_size = c.size;
        }
        line.push(i);
    }
    flush(&mut line, text);
}

/// The text of a page from its glyphs (in content-stream order).
pub fn page_text(glyphs: &[GlyphRec], buf: &str) -> String {
    let cs = chunks(glyphs, buf);
    let mut text = String::with_capacity(buf.len() + buf.len() / 8);
    for dir in 0..4u8 {
        let idx: Vec<usize> = (0..cs.len()).filter(|&i| cs[i].dir == dir).collect();
        if idx.is_empty() {
            continue;
        }
        if idx.len() > MAX_CUT_CHUNKS {
            for i in idx {
                text.push_str(cs[i].text.trim_end());
                text.push('\n');
            }
            continue;
        }
        let mut leaves = Vec::new();
        xycut(&cs, idx, 0, &mut leaves);
        for leaf in leaves {
            emit_leaf(&cs, leaf, &mut text);
        }
    }
    text
}

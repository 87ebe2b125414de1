//! Synthetic Danish documents from the corpus texts: each document is a deterministic function of its
//! number, so the tantivy index and the FTS5 table get the same clauses without holding them in memory.
//!
//! A document takes ~20 clauses of the corpus (segmented by `index::segment`) in a random order, with
//! its own supplier (valid CVR), forvaltning, year, systems, digits and sentence order, and now and then
//! a made-up project word that occurs in about ten clauses of the whole set (the "rare term" class).

use std::path::Path;

use index::{Clause, DocFields};

pub const FORVALTNINGER: [&str; 7] = ["ØKF", "BUF", "KFF", "SUF", "SOF", "TMF", "BIF"];
const KINDS: [&str; 5] = [
    "contract",
    "addendum",
    "appendix",
    "data_processing_agreement",
    "system_documentation",
];
const NAME_A: [&str; 20] = [
    "Nordlys",
    "Havnefront",
    "Skovbo",
    "Bølgeblå",
    "Fjordlinjen",
    "Kattegat",
    "Ørestad",
    "Lyngby",
    "Amager",
    "Vesterbro",
    "Fyrtårn",
    "Kronborg",
    "Strandvejen",
    "Egeskov",
    "Møllebakken",
    "Søndersø",
    "Valby",
    "Hedeland",
    "Solsikke",
    "Rådhus",
];
const NAME_B: [&str; 10] = [
    "Drift",
    "Data",
    "Systemer",
    "Software",
    "IT-Partner",
    "Cloud Services",
    "Løn & HR",
    "Consult",
    "Digital",
    "Netværk",
];
const NAME_C: [&str; 2] = ["A/S", "ApS"];
/// Supplier names of the corpus texts, replaced by the document's own supplier.
const CORPUS_SUPPLIERS: [&str; 7] = [
    "Nordlys Drift A/S",
    "Skovbo Software ApS",
    "Havnefront Data A/S",
    "Bølgeblå Systemer ApS",
    "Fjordlinjen Løn & HR A/S",
    "Kattegat IT-Partner A/S",
    "Ørestad Cloud Services A/S",
];
const SYLLABLES: [&str; 32] = [
    "kar", "vel", "zun", "bri", "tof", "mex", "dul", "rav", "sik", "pol", "nob", "quo", "gra",
    "fyl", "hum", "jak", "lix", "wen", "tra", "bok", "dri", "zel", "mav", "kro", "sut", "pem",
    "vax", "lun", "gor", "fip", "nix", "yrs",
];

/// SplitMix64: small, fast, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A made-up word, distinct for every `k` (three or four syllables).
pub fn rare_word(k: usize) -> String {
    let mut k = k + 1024;
    let mut w = String::new();
    while k > 0 {
        w.push_str(SYLLABLES[k % 32]);
        k /= 32;
    }
    w
}

/// How many distinct rare words a set of `docs` documents uses.
pub fn rare_vocabulary(docs: usize) -> usize {
    (docs / 2).max(10)
}

/// A CVR number with a valid modulus-11 check digit, distinct per `k` below 10⁶.
pub fn cvr(k: usize) -> String {
    const W: [u32; 8] = [2, 7, 6, 5, 4, 3, 2, 1];
    let mut base = 1_000_000 + k as u32 * 7;
    loop {
        let digits: Vec<u32> = format!("{base}")
            .chars()
            .filter_map(|c| c.to_digit(10))
            .collect();
        let sum: u32 = digits.iter().zip(W).map(|(d, w)| d * w).sum();
        let check = (11 - sum % 11) % 11;
        if check < 10 {
            return format!("{base}{check}");
        }
        base += 1;
    }
}

pub fn supplier(k: usize) -> (String, String) {
    let name = format!(
        "{} {} {}",
        NAME_A[k % NAME_A.len()],
        NAME_B[(k / NAME_A.len()) % NAME_B.len()],
        NAME_C[(k / 200) % 2]
    );
    (cvr(k), name)
}

pub const SUPPLIERS: usize = 400;

/// The corpus clauses every synthetic document draws from.
pub struct Pool {
    clauses: Vec<(Option<String>, String)>,
}

impl Pool {
    /// One ground-truth text per source document (not the concatenated big file).
    pub fn load(dir: &Path) -> Pool {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("corpus")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        let mut seen = std::collections::HashSet::new();
        let mut clauses = Vec::new();
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            let base = name.split("__").next().unwrap_or("").to_string();
            if base.starts_with("big_") || name.contains("scan") || !seen.insert(base) {
                continue;
            }
            let text = index::analysis::normalize(&std::fs::read_to_string(&f).unwrap());
            let pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
            for c in index::segment::segment(&pages) {
                if c.text.len() >= 40 {
                    clauses.push((c.heading, c.text));
                }
            }
        }
        assert!(!clauses.is_empty(), "no clauses in {}", dir.display());
        Pool { clauses }
    }

    pub fn len(&self) -> usize {
        self.clauses.len()
    }
}

pub struct GenDoc {
    pub fields: DocFields,
    pub clauses: Vec<Clause>,
    pub pages: Vec<String>,
}

/// Document number `i` of the set of `docs`.
pub fn document(pool: &Pool, i: usize, docs: usize) -> GenDoc {
    let mut r = Rng::new(i as u64);
    let (cvr, name) = supplier(r.below(SUPPLIERS));
    let kind = KINDS[r.below(KINDS.len())];
    let year = 2010 + r.below(16) as i32;
    let date =
        chrono::NaiveDate::from_ymd_opt(year, 1 + r.below(12) as u32, 1 + r.below(28) as u32);
    let systems = (0..r.below(3))
        .map(|_| format!("SYS-{:04}", 1 + r.below(300)))
        .collect();
    let fields = DocFields {
        id: format!("doc-{i:06}"),
        title: format!("Kontrakt KK-{year}-{:04} med {name}", r.below(10_000)),
        kind: kind.to_string(),
        forvaltning: FORVALTNINGER[r.below(FORVALTNINGER.len())].to_string(),
        supplier_cvr: Some(cvr),
        supplier_name: Some(name.clone()),
        system_ids: systems,
        date,
        confidential: r.below(10) == 0,
    };
    let n = 14 + r.below(13);
    let shift = 1 + r.below(9) as u32;
    let mut clauses = Vec::with_capacity(n);
    let mut page = 1u32;
    for k in 0..n {
        let (heading, text) = &pool.clauses[r.below(pool.len())];
        let mut text = vary(text, &mut r, shift, &name);
        if r.below(4) == 0 {
            let w = rare_word(r.below(rare_vocabulary(docs)));
            text.push_str(&format!(" Projektet omtales internt som {w}."));
        }
        let page_from = page;
        if r.below(3) == 0 {
            page += 1;
        }
        clauses.push(Clause {
            number: Some(if r.below(2) == 0 {
                format!("{}", k + 1)
            } else {
                format!("{}.{}", k / 3 + 1, k % 3 + 1)
            }),
            heading: heading.clone(),
            text,
            page_from,
            page_to: page,
        });
    }
    let mut pages = vec![String::new(); page as usize];
    for c in &clauses {
        if let Some(p) = pages.get_mut(c.page_from as usize - 1) {
            p.push_str(&c.text);
            p.push('\n');
        }
    }
    GenDoc {
        fields,
        clauses,
        pages,
    }
}

/// The document's own supplier, digits shifted, sometimes the sentences in another order.
fn vary(text: &str, r: &mut Rng, shift: u32, supplier: &str) -> String {
    let mut t: String = text
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit((d + shift) % 10, 10).unwrap_or(c),
            None => c,
        })
        .collect();
    for s in CORPUS_SUPPLIERS {
        if t.contains(s) {
            t = t.replace(s, supplier);
        }
    }
    if r.below(3) == 0 {
        let mut sentences: Vec<&str> = t.split_inclusive(". ").collect();
        if sentences.len() > 2 {
            let k = 1 + r.below(sentences.len() - 1);
            sentences.rotate_left(k);
            return sentences.concat();
        }
    }
    t
}

//! [`Bits`]: a plain bit set over a segment's entries, with the word-level operations the two-pass
//! search needs (intersect with a mask, count a range) that tantivy's `BitSet` does not expose; and
//! [`each_posting`], which fills such sets from postings.

use tantivy::DocId;
use tantivy::postings::BlockSegmentPostings;

/// Calls `f` with every entry of a postings list, a block at a time: the bit sets of the two-pass search
/// and of affix matches need the entries only, not frequencies or a scorer.
#[inline]
pub fn each_posting(mut block: BlockSegmentPostings, mut f: impl FnMut(DocId)) {
    while !block.docs().is_empty() {
        for &d in block.docs() {
            f(d);
        }
        block.advance();
    }
}

#[derive(Clone, Debug, Default)]
pub struct Bits {
    words: Vec<u64>,
}

impl Bits {
    /// Room for entries `0..len`.
    pub fn new(len: u32) -> Bits {
        Bits {
            words: vec![0; (len as usize).div_ceil(64)],
        }
    }

    pub fn insert(&mut self, i: u32) {
        if let Some(w) = self.words.get_mut(i as usize / 64) {
            *w |= 1 << (i % 64);
        }
    }

    pub fn remove(&mut self, i: u32) {
        if let Some(w) = self.words.get_mut(i as usize / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    pub fn contains(&self, i: u32) -> bool {
        self.words
            .get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Keeps only the members of `mask`.
    pub fn and(&mut self, mask: &Bits) {
        for (w, m) in self.words.iter_mut().zip(&mask.words) {
            *w &= m;
        }
        let n = mask.words.len();
        self.words.iter_mut().skip(n).for_each(|w| *w = 0);
    }

    /// Adds the members of `other`.
    pub fn or(&mut self, other: &Bits) {
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w |= o;
        }
    }

    /// Members in `start..end`.
    pub fn count(&self, start: u32, end: u32) -> u32 {
        if start >= end {
            return 0;
        }
        let (first, last) = (start as usize / 64, (end as usize - 1) / 64);
        let mut n = 0;
        for (k, w) in self.words.iter().enumerate().take(last + 1).skip(first) {
            let mut w = *w;
            if k == first {
                w &= u64::MAX << (start % 64);
            }
            if k == last && !end.is_multiple_of(64) {
                w &= u64::MAX >> (64 - end % 64);
            }
            n += w.count_ones();
        }
        n
    }

    /// The members, in increasing order.
    pub fn ones(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some(k as u32 * 64 + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Bits;

    #[test]
    fn counts_ranges_across_words() {
        let mut b = Bits::new(300);
        for i in [0, 1, 63, 64, 65, 127, 128, 200, 299] {
            b.insert(i);
        }
        assert_eq!(b.count(0, 300), 9);
        assert_eq!(b.count(1, 64), 2);
        assert_eq!(b.count(63, 129), 5);
        assert_eq!(b.count(129, 200), 0);
        assert_eq!(b.count(200, 201), 1);
        assert_eq!(
            b.ones().collect::<Vec<_>>(),
            vec![0, 1, 63, 64, 65, 127, 128, 200, 299]
        );
        let mut mask = Bits::new(300);
        mask.insert(64);
        mask.insert(299);
        b.and(&mask);
        assert_eq!(b.ones().collect::<Vec<_>>(), vec![64, 299]);
        b.remove(64);
        assert!(!b.contains(64) && b.contains(299));
    }
}

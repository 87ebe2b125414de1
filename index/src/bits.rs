//! [`Bits`]: a plain bit set over a segment's entries, with the word-level operations the two-pass
//! search needs (intersect with a mask, count many ranges by rank) that tantivy's `BitSet` does not
//! expose; and [`each_posting`], which fills such sets from postings.

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

    /// Makes room for entries `0..len`, keeping the members.
    pub fn grow(&mut self, len: u32) {
        let words = (len as usize).div_ceil(64);
        if self.words.len() < words {
            self.words.resize(words, 0);
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

    /// Whether there are more than `n` members; stops counting there, and skips empty words without
    /// counting (a rare word's set is mostly empty words, a common word's passes `n` early).
    pub fn more_than(&self, n: usize) -> bool {
        let mut seen = 0;
        for &w in &self.words {
            if w != 0 {
                seen += w.count_ones() as usize;
                if seen > n {
                    return true;
                }
            }
        }
        false
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

    /// Adds the members of `other` (making room for them).
    pub fn or(&mut self, other: &Bits) {
        if self.words.len() < other.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w |= o;
        }
    }

    /// Members before each word (`ranks()[k]`: members below `64 * k`), for [`Bits::rank`].
    pub fn ranks(&self) -> Vec<u32> {
        let mut n = 0;
        let mut out = Vec::with_capacity(self.words.len() + 1);
        for w in &self.words {
            out.push(n);
            n += w.count_ones();
        }
        out.push(n);
        out
    }

    /// Members below `i`, given [`Bits::ranks`]: counting the members of many ranges costs one word
    /// each instead of a walk over the words of each range.
    pub fn rank(&self, ranks: &[u32], i: u32) -> u32 {
        let k = i as usize / 64;
        let before = ranks.get(k).or(ranks.last()).copied().unwrap_or(0);
        let below = match self.words.get(k) {
            Some(w) if !i.is_multiple_of(64) => (w & (u64::MAX >> (64 - i % 64))).count_ones(),
            _ => 0,
        };
        before + below
    }

    /// The first member at or after `i`, if any.
    pub fn next_from(&self, i: u32) -> Option<u32> {
        let mut k = i as usize / 64;
        let mut w = *self.words.get(k)? & (u64::MAX << (i % 64));
        while w == 0 {
            k += 1;
            w = *self.words.get(k)?;
        }
        Some(k as u32 * 64 + w.trailing_zeros())
    }

    /// The members, in increasing order.
    pub fn ones(&self) -> Ones<'_> {
        Ones {
            words: &self.words,
            k: 0,
            w: self.words.first().copied().unwrap_or(0),
        }
    }
}

/// The members of a [`Bits`], in order. Zero words are skipped in a loop of their own: a rare word's
/// set is mostly zero words, and an iterator per word (`flat_map`) cost several times as much.
pub struct Ones<'a> {
    words: &'a [u64],
    /// The word being read, and what is left of it.
    k: usize,
    w: u64,
}

impl Iterator for Ones<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        while self.w == 0 {
            self.k += 1;
            self.w = *self.words.get(self.k)?;
        }
        let bit = self.w.trailing_zeros();
        self.w &= self.w - 1;
        Some(self.k as u32 * 64 + bit)
    }
}

#[cfg(test)]
mod tests {
    use super::Bits;

    #[test]
    fn next_from_finds_the_next_member() {
        let mut b = Bits::new(300);
        for i in [3, 64, 200] {
            b.insert(i);
        }
        assert_eq!(b.next_from(0), Some(3));
        assert_eq!(b.next_from(3), Some(3));
        assert_eq!(b.next_from(4), Some(64));
        assert_eq!(b.next_from(65), Some(200));
        assert_eq!(b.next_from(201), None);
        assert_eq!(b.next_from(1000), None);
    }

    #[test]
    fn ranks_count_ranges_across_words() {
        let mut b = Bits::new(300);
        for i in [0, 1, 63, 64, 65, 127, 128, 200, 299] {
            b.insert(i);
        }
        assert_eq!(
            b.ones().collect::<Vec<_>>(),
            vec![0, 1, 63, 64, 65, 127, 128, 200, 299]
        );
        let mut mask = Bits::new(300);
        mask.insert(64);
        mask.insert(299);
        let ranks = b.ranks();
        let count = |start: u32, end: u32| b.rank(&ranks, end) - b.rank(&ranks, start);
        for (start, end, n) in [
            (0, 300, 9),
            (1, 64, 2),
            (63, 129, 5),
            (129, 200, 0),
            (200, 201, 1),
            (0, 0, 0),
            (299, 300, 1),
            (64, 65, 1),
        ] {
            assert_eq!(count(start, end), n, "{start}..{end}");
        }
        assert_eq!(b.rank(&ranks, 320), 9, "past the end");
        b.and(&mask);
        assert_eq!(b.ones().collect::<Vec<_>>(), vec![64, 299]);
        b.remove(64);
        assert!(!b.contains(64) && b.contains(299));
    }

    #[test]
    fn ranks_of_empty_sets_and_whole_words() {
        let empty = Bits::new(0);
        assert_eq!(empty.rank(&empty.ranks(), 0), 0);
        assert_eq!(empty.rank(&empty.ranks(), 64), 0);
        let mut b = Bits::new(128);
        for i in 0..128 {
            b.insert(i);
        }
        let ranks = b.ranks();
        assert_eq!(ranks, vec![0, 64, 128]);
        for i in [0, 1, 63, 64, 65, 127, 128] {
            assert_eq!(b.rank(&ranks, i), i, "rank({i})");
        }
        assert_eq!(b.rank(&ranks, 500), 128, "past the end");
    }

    #[test]
    fn a_set_without_room_grows_and_keeps_its_members() {
        let mut b = Bits::default();
        b.insert(5);
        assert!(b.is_empty(), "no room, no member");
        b.grow(100);
        b.insert(5);
        b.insert(99);
        b.grow(10);
        b.grow(200);
        b.insert(150);
        assert_eq!(b.ones().collect::<Vec<_>>(), vec![5, 99, 150]);
        assert!(b.more_than(2) && !b.more_than(3));
        let mut roomless = Bits::default();
        roomless.or(&b);
        assert_eq!(roomless.ones().collect::<Vec<_>>(), vec![5, 99, 150]);
        let mut none = b.clone();
        none.and(&Bits::default());
        assert!(none.is_empty(), "a set without room is empty");
        assert!(!Bits::default().more_than(0));
    }
}

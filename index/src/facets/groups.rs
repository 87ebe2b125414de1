//! [`Groups`]: one facet column turned around, from "document → value" to "value → documents".
//!
//! Adding a weight per document into the counter of its value is a chain of dependent stores when a
//! column has few values (five kinds, a dozen forvaltninger): each addition waits for the one before
//! it to the same counter, which made the column-at-a-time count a sixth of a common word's search.
//! Summing the weights of one value's documents keeps the running sum in a register instead, and every
//! counter is written once.

/// The value id of "no value" (an entry without a kind, forvaltning or supplier).
pub(crate) const NONE: u32 = u32::MAX;

/// Documents grouped by value: `docs[ends[g - 1]..ends[g]]` are the documents of `values[g]`.
#[derive(Default)]
pub struct Groups {
    values: Vec<u32>,
    ends: Vec<u32>,
    docs: Vec<u32>,
}

impl Groups {
    /// Groups `(document, value)` pairs; values `NONE` (no value) are left out.
    pub fn new(pairs: impl Iterator<Item = (u32, u32)>) -> Groups {
        let mut by_value: Vec<(u32, u32)> = pairs
            .filter(|&(_, v)| v != NONE)
            .map(|(d, v)| (v, d))
            .collect();
        by_value.sort_unstable();
        let mut g = Groups::default();
        for (i, &(v, d)) in by_value.iter().enumerate() {
            if g.values.last() != Some(&v) {
                if i > 0 {
                    g.ends.push(i as u32);
                }
                g.values.push(v);
            }
            g.docs.push(d);
        }
        if !by_value.is_empty() {
            g.ends.push(by_value.len() as u32);
        }
        g
    }

    /// Adds, for every value, the weights of its documents to `counters[value]` (values beyond the
    /// counters count nowhere; documents beyond the weights weigh 0).
    pub fn add(&self, weights: &[u32], counters: &mut [u64]) {
        let mut start = 0;
        for (&v, &end) in self.values.iter().zip(&self.ends) {
            let docs = self.docs.get(start..end as usize).unwrap_or(&[]);
            start = end as usize;
            let sum: u64 = docs
                .iter()
                .map(|&d| weights.get(d as usize).map_or(0, |&w| u64::from(w)))
                .sum();
            if let Some(c) = counters.get_mut(v as usize) {
                *c += sum;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_the_weights_of_each_value() {
        let g = Groups::new([(0, 2), (1, 0), (2, 2), (3, NONE), (4, 9), (5, 0)].into_iter());
        let mut c = vec![0; 3];
        g.add(&[1, 10, 100, 1000, 5, 7], &mut c);
        // Value 0: documents 1 and 5; value 2: documents 0 and 2; 9 has no counter; NONE counts nowhere.
        assert_eq!(c, vec![17, 0, 101]);
        g.add(&[1], &mut c);
        assert_eq!(
            c,
            vec![17, 0, 102],
            "documents past the weights weigh nothing"
        );
        let empty = Groups::new(std::iter::empty());
        empty.add(&[1, 2], &mut c);
        assert_eq!(c, vec![17, 0, 102]);
    }
}

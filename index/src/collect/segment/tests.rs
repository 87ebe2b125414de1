use std::collections::BinaryHeap;
use std::sync::Arc;

use super::SegCollector;
use crate::bits::Bits;
use crate::facets::SegTable;
use crate::schema::{ENTRY_CLAUSE, ENTRY_DOCUMENT};
use crate::types::Level;

fn collector(table: Arc<SegTable>, level: Level) -> SegCollector {
    let n = table.num_docs();
    SegCollector {
        seg: 0,
        level,
        by_date: false,
        k: 10,
        entry: ENTRY_CLAUSE as u8,
        table,
        date: None,
        per_doc: vec![0; n],
        touched: Vec::new(),
        total: 0,
        heap: BinaryHeap::new(),
        best: vec![None; n],
        open: None,
        closed: vec![false; n],
        reopened: false,
    }
}

#[test]
fn count_set_counts_each_documents_clauses_across_gaps_and_split_runs() {
    let (d, c) = (ENTRY_DOCUMENT, ENTRY_CLAUSE);
    // Document 1 comes back after document 2 (a split run), an entry without a document sits between,
    // and runs cross word boundaries of the bit set.
    let mut entries = vec![(Some(0), d)];
    entries.extend(std::iter::repeat_n((Some(0), c), 70));
    entries.push((None, c));
    entries.push((Some(1), d));
    entries.extend(std::iter::repeat_n((Some(1), c), 10));
    entries.extend(std::iter::repeat_n((Some(2), c), 5));
    entries.extend(std::iter::repeat_n((Some(1), c), 60));
    let docs = vec![([0, 0, 0], vec![], 0); 3];
    let table = Arc::new(SegTable::by_hand(&entries, &docs, vec![0], [1, 1, 1, 0]));
    for every in [1, 2, 7, 40] {
        let mut hits = Bits::new(entries.len() as u32);
        let mut want = [0u32; 3];
        for (i, &(doc, kind)) in entries.iter().enumerate() {
            if i % every == 0 {
                hits.insert(i as u32);
                if let (Some(doc), true) = (doc, kind == c) {
                    want[doc as usize] += 1;
                }
            }
        }
        let mut seg = collector(table.clone(), Level::Clause);
        seg.count_set(&mut hits);
        assert_eq!(seg.per_doc, want, "every {every}th entry");
        assert_eq!(seg.total, u64::from(want.iter().sum::<u32>()));
    }
}

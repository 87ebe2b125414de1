use super::{NONE, SegTable};

#[test]
fn add_all_counts_what_adding_document_by_document_counts() {
    // Two systems, none, one, three; a document without forvaltning, supplier and year.
    let docs = vec![
        ([0, 1, 2], vec![0, 3], 1),
        ([1, NONE, NONE], vec![], 0),
        ([4, 0, 1], vec![2], 2),
        ([0, 6, 0], vec![1, 2, 3], 1),
        ([2, 2, NONE], vec![0], 3),
    ];
    let t = SegTable::by_hand(&[], &docs, vec![0, 2020, 2021, 2022], [5, 7, 3, 4]);
    let weights = [3, 0, 1, 7, 0];
    let mut one = t.counts();
    for (d, &w) in weights.iter().enumerate() {
        t.add_facets(d, u64::from(w), &mut one);
    }
    let mut all = t.counts();
    t.add_all(&weights, &mut all);
    assert_eq!(one.facets, all.facets);
    assert_eq!(one.years, all.years);
    assert_eq!(all.facets[0], vec![10, 0, 0, 0, 1], "kind");
    assert_eq!(all.facets[2], vec![7, 1, 3], "supplier");
    assert_eq!(all.facets[3], vec![3, 7, 8, 10], "systems");
    assert_eq!(all.years, vec![0, 10, 1, 0], "years, slot 0 being none");
}

//! A bound on the text waiting for tantivy's indexing threads.
//!
//! tantivy queues up to 10,000 batches (one per document here) between the caller and its indexing
//! threads. A producer faster than indexing (a reindex from the catalog, a bulk load) fills that queue,
//! and each queued clause entry holds its text once per analysed field: with large documents the queue
//! alone could take gigabytes. So every batch's last entry carries a [`Ticket`] for the batch's bytes;
//! tantivy drops an entry once indexed, which hands the bytes back, and [`InFlight::acquire`] waits
//! while the bytes in the queue exceed the limit.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use tantivy::TantivyDocument;
use tantivy::schema::document::Document;

/// Queued bytes a producer may run ahead of indexing. A few megabytes keep both indexing threads busy;
/// more only holds memory.
pub const LIMIT: usize = 48 << 20;
/// The longest a producer waits for room. Indexing never stalls this long while its threads live; if
/// they died, the batch goes on and tantivy reports the error.
const PATIENCE: Duration = Duration::from_secs(60);

pub struct InFlight {
    limit: usize,
    used: Mutex<usize>,
    freed: Condvar,
}

impl InFlight {
    pub fn new(limit: usize) -> Arc<InFlight> {
        Arc::new(InFlight {
            limit,
            used: Mutex::new(0),
            freed: Condvar::new(),
        })
    }

    /// Waits until `bytes` fit (a batch larger than the limit waits for an empty queue), then counts
    /// them until the ticket drops.
    pub fn acquire(self: &Arc<Self>, bytes: usize) -> Ticket {
        let used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut used, waited) = self
            .freed
            .wait_timeout_while(used, PATIENCE, |u| must_wait(*u, bytes, self.limit))
            .unwrap_or_else(PoisonError::into_inner);
        if waited.timed_out() {
            tracing::warn!(
                queued = *used,
                bytes,
                "indexing queue did not drain; sending anyway"
            );
        }
        *used += bytes;
        Ticket {
            owner: self.clone(),
            bytes,
        }
    }

    #[cfg(test)]
    fn used(&self) -> usize {
        *self.used.lock().unwrap()
    }
}

/// Whether a batch of `bytes` must wait with `used` bytes queued: while it would pass the limit, unless
/// the queue is empty (a batch larger than the limit goes alone).
fn must_wait(used: usize, bytes: usize, limit: usize) -> bool {
    used > 0 && used + bytes > limit
}

/// Bytes of one batch in the queue; handed back on drop.
pub struct Ticket {
    owner: Arc<InFlight>,
    bytes: usize,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut used = self
            .owner
            .used
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *used = used.saturating_sub(self.bytes);
        self.owner.freed.notify_all();
    }
}

/// The document type the writer hands tantivy: a plain document, the last of its batch with the
/// batch's ticket. Indexing reads it through the same `Document` view as a `TantivyDocument`.
pub struct Entry {
    pub doc: TantivyDocument,
    pub ticket: Option<Ticket>,
}

impl Document for Entry {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_for_room_and_hands_bytes_back() {
        let f = InFlight::new(100);
        let a = f.acquire(60);
        let big = f.acquire(0);
        assert_eq!(f.used(), 60);
        drop(big);
        let waiter = {
            let f = f.clone();
            std::thread::spawn(move || {
                let t = f.acquire(60);
                f.used() + t.bytes
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        // Still blocked: 60 + 60 would exceed the limit.
        assert_eq!(f.used(), 60);
        drop(a);
        assert_eq!(waiter.join().unwrap(), 120);
        assert_eq!(f.used(), 0);
    }

    #[test]
    fn a_batch_over_the_limit_waits_only_for_an_empty_queue() {
        assert!(!must_wait(0, 1_000, 10), "an empty queue takes any batch");
        assert!(must_wait(1, 1_000, 10));
        assert!(!must_wait(40, 60, 100), "exactly at the limit fits");
        assert!(must_wait(41, 60, 100));
        let f = InFlight::new(10);
        let t = f.acquire(1_000);
        assert_eq!(f.used(), 1_000);
        drop(t);
        assert_eq!(f.used(), 0);
    }
}

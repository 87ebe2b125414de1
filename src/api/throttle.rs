//! Login throttling, per account and per client address: after a few failures each further attempt waits
//! twice as long as the last, up to a ceiling, and a success clears the account's record. Nothing locks an
//! account for good: the worst an attacker achieves is that the owner waits a few minutes.
//!
//! An attempt counts from the moment it is let through ([`Throttle::begin`]), not only once its password
//! was found wrong: checking a password takes a while, and guesses sent all at once would otherwise all
//! pass the check before the first failure is recorded.
//!
//! Kept in memory: a restart forgets it, which costs an attacker nothing they could not get by waiting.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failures allowed before the first wait.
const FREE_FAILURES: u32 = 5;
/// The first wait, doubled with each failure after that.
const BASE_WAIT: Duration = Duration::from_secs(1);
/// No wait is longer than this.
const MAX_WAIT: Duration = Duration::from_secs(300);
/// Entries older than this are forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(3600);

#[derive(Clone, Default)]
pub struct Throttle {
    failures: Arc<Mutex<HashMap<String, Record>>>,
}

#[derive(Clone, Copy)]
struct Record {
    count: u32,
    /// Attempts let through and not yet decided.
    in_flight: u32,
    last: Instant,
}

impl Record {
    fn wait(&self) -> Duration {
        let count = self.count + self.in_flight;
        if count < FREE_FAILURES {
            return Duration::ZERO;
        }
        let doublings = (count - FREE_FAILURES).min(16);
        (BASE_WAIT * 2u32.pow(doublings)).min(MAX_WAIT)
    }
}

impl Throttle {
    /// Seconds to wait before `keys` (the account and the address) may try again; 0 when they may now.
    #[cfg(test)]
    pub fn retry_after(&self, keys: &[&str], now: Instant) -> u64 {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        wait_of(&map, keys, now)
    }

    /// Lets an attempt through, counted as in flight until it is decided; or the seconds to wait.
    pub fn begin(&self, keys: &[&str], now: Instant) -> Result<Attempt, u64> {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let wait = wait_of(&map, keys, now);
        if wait > 0 {
            return Err(wait);
        }
        for k in keys {
            let r = map.entry((*k).to_string()).or_insert(Record {
                count: 0,
                in_flight: 0,
                last: now,
            });
            r.in_flight += 1;
            // The wait runs from the latest attempt, so that guesses in flight count as fresh ones.
            r.last = now;
        }
        Ok(Attempt {
            throttle: self.clone(),
            keys: keys.iter().map(|k| (*k).to_string()).collect(),
            decided: false,
        })
    }

    pub fn failed(&self, keys: &[&str], now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, r| r.in_flight > 0 || now.duration_since(r.last) < FORGET_AFTER);
        for k in keys {
            let r = map.entry((*k).to_string()).or_insert(Record {
                count: 0,
                in_flight: 0,
                last: now,
            });
            r.count += 1;
            r.last = now;
        }
    }

    /// A successful login clears its account (not its address: one good password must not unlock
    /// guessing at others from the same place).
    pub fn succeeded(&self, account: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(account);
    }

    /// Ends attempts in flight on `keys` without counting them.
    fn release(&self, keys: &[String]) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for k in keys {
            if let Some(r) = map.get_mut(k) {
                r.in_flight = r.in_flight.saturating_sub(1);
            }
        }
    }
}

fn wait_of(map: &HashMap<String, Record>, keys: &[&str], now: Instant) -> u64 {
    keys.iter()
        .filter_map(|k| map.get(*k))
        .map(|r| r.wait().saturating_sub(now.duration_since(r.last)))
        .max()
        .map(|d| d.as_secs_f64().ceil() as u64)
        .unwrap_or(0)
}

/// An attempt let through by [`Throttle::begin`]: decide it with [`Attempt::failed`] or
/// [`Attempt::succeeded`]; dropped undecided (an error on the way), it just stops counting.
pub struct Attempt {
    throttle: Throttle,
    /// The first key is the account.
    keys: Vec<String>,
    decided: bool,
}

impl Attempt {
    pub fn failed(mut self, now: Instant) {
        self.decided = true;
        self.throttle.release(&self.keys);
        let keys: Vec<&str> = self.keys.iter().map(String::as_str).collect();
        self.throttle.failed(&keys, now);
    }

    pub fn succeeded(mut self) {
        self.decided = true;
        self.throttle.release(&self.keys);
        if let Some(account) = self.keys.first() {
            self.throttle.succeeded(account);
        }
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        if !self.decided {
            self.throttle.release(&self.keys);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_free_failures_and_are_capped_and_cleared() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..FREE_FAILURES - 1 {
            t.failed(&["user:a", "ip:1"], now);
        }
        assert_eq!(t.retry_after(&["user:a", "ip:1"], now), 0);
        t.failed(&["user:a", "ip:1"], now);
        assert_eq!(t.retry_after(&["user:a"], now), 1);
        t.failed(&["user:a", "ip:1"], now);
        assert_eq!(t.retry_after(&["user:a"], now), 2);
        // Time passes: the wait runs out, it never locks for good.
        assert_eq!(t.retry_after(&["user:a"], now + Duration::from_secs(3)), 0);
        for _ in 0..40 {
            t.failed(&["user:a", "ip:1"], now);
        }
        assert_eq!(t.retry_after(&["user:a"], now), MAX_WAIT.as_secs());
        t.succeeded("user:a");
        assert_eq!(t.retry_after(&["user:a"], now), 0);
        assert!(
            t.retry_after(&["ip:1"], now) > 0,
            "the address keeps its record"
        );
        // Another account from another address is not affected.
        assert_eq!(t.retry_after(&["user:b", "ip:2"], now), 0);
    }

    #[test]
    fn attempts_in_flight_count_until_decided() {
        let t = Throttle::default();
        let now = Instant::now();
        let keys = ["user:c", "ip:3"];
        let attempts: Vec<Attempt> = (0..FREE_FAILURES)
            .map(|_| t.begin(&keys, now).ok().unwrap())
            .collect();
        assert_eq!(
            t.begin(&keys, now).err(),
            Some(1),
            "five undecided attempts"
        );
        let mut attempts = attempts.into_iter();
        attempts.next().unwrap().succeeded();
        drop(attempts.next());
        assert!(
            t.begin(&keys, now).is_ok(),
            "decided and dropped attempts stop counting"
        );
        for a in attempts {
            a.failed(now);
        }
        assert_eq!(
            t.retry_after(&keys, now),
            0,
            "three failures, none in flight"
        );
    }
}

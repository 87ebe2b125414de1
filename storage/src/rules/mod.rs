//! Derived rules, never stored: pure functions of a document's metadata and the day asked about.
//!
//! - a contract (or tillæg) is in force: its dates, a given notice, used options, its tillæg, and where
//!   set its parent's validity (as KITOS derives "aktiv");
//! - the last day to give notice: `notice_months` before the earliest possible end, which is the end of
//!   the month, quarter or year (`notice_anchor`) and never before `irrevocable_until`;
//! - documentation is stale: its next revision date has passed, or it is older than N months (12);
//! - tillæg order within a family.

use std::cmp::Ordering;

use chrono::{Datelike, Months, NaiveDate};

use crate::model::{ContractOptions, Details, NoticeAnchor};

#[cfg(test)]
mod tests;

/// The terms that decide validity and notice, after the tillæg that change them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Terms {
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub ongoing: bool,
    pub terminated_on: Option<NaiveDate>,
    pub irrevocable_until: Option<NaiveDate>,
    pub notice_months: Option<u32>,
    pub notice_anchor: NoticeAnchor,
    pub options: Option<ContractOptions>,
    pub options_used: u32,
}

impl Terms {
    /// A document's own terms; a contract without a start date starts when signed.
    pub fn of(details: &Details, signed_on: Option<NaiveDate>) -> Terms {
        Terms {
            valid_from: details.valid_from.or(signed_on),
            valid_to: details.valid_to,
            ongoing: details.ongoing.unwrap_or(false),
            terminated_on: details.terminated_on,
            irrevocable_until: details.irrevocable_until,
            notice_months: details.notice_months,
            notice_anchor: details.notice_anchor.unwrap_or(NoticeAnchor::Running),
            options: details.options,
            options_used: details.options_used.unwrap_or(0),
        }
    }

    /// These terms as changed by a tillæg: whatever the tillæg sets replaces what was.
    pub fn amended_by(mut self, addendum: &Details) -> Terms {
        if let Some(to) = addendum.valid_to {
            self.valid_to = Some(to);
            self.ongoing = false;
        }
        if let Some(ongoing) = addendum.ongoing {
            self.ongoing = ongoing;
            if ongoing {
                self.valid_to = None;
            }
        }
        if addendum.terminated_on.is_some() {
            self.terminated_on = addendum.terminated_on;
        }
        if addendum.irrevocable_until.is_some() {
            self.irrevocable_until = addendum.irrevocable_until;
        }
        if addendum.notice_months.is_some() {
            self.notice_months = addendum.notice_months;
        }
        if let Some(anchor) = addendum.notice_anchor {
            self.notice_anchor = anchor;
        }
        if addendum.options.is_some() {
            self.options = addendum.options;
        }
        if let Some(used) = addendum.options_used {
            self.options_used = used;
        }
        self
    }

    /// The end by its dates: `valid_to` prolonged by the options used; `None` when it runs until terminated.
    pub fn scheduled_end(&self) -> Option<NaiveDate> {
        if self.ongoing {
            return None;
        }
        let to = self.valid_to?;
        let months = self.options.map_or(0, |o| {
            o.months.saturating_mul(self.options_used.min(o.count))
        });
        Some(add_months(to, months))
    }

    /// When a notice given on `given_on` takes effect: after the notice period, at the anchor's period end,
    /// and never before `irrevocable_until`.
    pub fn notice_takes_effect(&self, given_on: NaiveDate) -> NaiveDate {
        let months = self.notice_months.unwrap_or(0);
        let effect = period_end(add_months(given_on, months), self.notice_anchor);
        match self.irrevocable_until {
            Some(until) => effect.max(period_end(until, self.notice_anchor)),
            None => effect,
        }
    }

    /// The day it ends: its scheduled end, or earlier when notice was given.
    pub fn ends_on(&self) -> Option<NaiveDate> {
        let by_notice = self.terminated_on.map(|t| self.notice_takes_effect(t));
        match (self.scheduled_end(), by_notice) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// In force on `today` by its own terms (the parent's validity is `in_force`'s business).
    pub fn in_force_own(&self, today: NaiveDate) -> bool {
        if self.valid_from.is_some_and(|from| from > today) {
            return false;
        }
        self.ends_on().is_none_or(|end| today <= end)
    }

    /// The last day to give notice for the earliest end still possible, if notice matters: `None` when no
    /// notice period is agreed, notice was already given, the contract ends by itself first, or any day is
    /// as good as the next (a running notice with no binding period ahead).
    pub fn last_notice_day(&self, today: NaiveDate) -> Option<NaiveDate> {
        let months = self.notice_months?;
        if self.terminated_on.is_some() || self.ends_on().is_some_and(|end| today > end) {
            return None;
        }
        let earliest = self.notice_takes_effect(today);
        let rolling = self.notice_anchor == NoticeAnchor::Running
            && self
                .irrevocable_until
                .is_none_or(|until| until <= add_months(today, months));
        if rolling {
            return None;
        }
        if self.scheduled_end().is_some_and(|end| earliest >= end) {
            return None;
        }
        Some(last_day_to_notify(earliest, months))
    }
}

/// In force on `today`: by its own terms, and its parent's (a tillæg's contract, a contract's framework).
pub fn in_force(terms: &Terms, parent_in_force: Option<bool>, today: NaiveDate) -> bool {
    parent_in_force != Some(false) && terms.in_force_own(today)
}

/// `date` plus `months` calendar months; the day is clamped to the month's length (31 Jan + 1 = 28/29 Feb).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` minus `months` calendar months, clamped likewise.
pub fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// The last day of the month containing `date`.
pub fn end_of_month(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    add_months(first, 1).pred_opt().unwrap_or(date)
}

/// The end of the period (per `anchor`) that contains `date`; a running notice ends on `date` itself.
pub fn period_end(date: NaiveDate, anchor: NoticeAnchor) -> NaiveDate {
    let month_end_of =
        |month: u32| NaiveDate::from_ymd_opt(date.year(), month, 1).map_or(date, end_of_month);
    match anchor {
        NoticeAnchor::Running => date,
        NoticeAnchor::EndOfMonth => end_of_month(date),
        NoticeAnchor::EndOfQuarter => month_end_of(date.month().div_ceil(3) * 3),
        NoticeAnchor::EndOfYear => month_end_of(12),
    }
}

/// The last day on which a notice of `months` months still ends the contract by `end`: the latest `d` with
/// `d + months <= end`. When `end` is a month's last day, every day of the month `months` earlier qualifies
/// up to its last (29 Feb 2024 + 12 months = 28 Feb 2025).
pub fn last_day_to_notify(end: NaiveDate, months: u32) -> NaiveDate {
    let back = sub_months(end, months);
    if end == end_of_month(end) {
        end_of_month(back)
    } else {
        back
    }
}

/// Documentation is stale when its next revision date has passed, or it was last revised (`revised_on`)
/// more than `max_age_months` ago.
pub fn documentation_stale(
    next_revision_due: Option<NaiveDate>,
    revised_on: NaiveDate,
    today: NaiveDate,
    max_age_months: u32,
) -> bool {
    next_revision_due.is_some_and(|due| due < today)
        || add_months(revised_on, max_age_months) < today
}

/// The order of tillæg within a family: by number, then by date (signed, else uploaded), then by id.
pub fn addendum_order(
    a: (Option<u32>, NaiveDate, &str),
    b: (Option<u32>, NaiveDate, &str),
) -> Ordering {
    let number = |n: Option<u32>| n.unwrap_or(u32::MAX);
    number(a.0)
        .cmp(&number(b.0))
        .then(a.1.cmp(&b.1))
        .then(a.2.cmp(b.2))
}

/// Tillæg numbers missing from a family (`[1, 3]` lacks 2), and numbers used twice.
pub fn addendum_gaps(numbers: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    let mut duplicates: Vec<u32> = sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    duplicates.dedup();
    sorted.dedup();
    let max = sorted.last().copied().unwrap_or(0).min(1000);
    let missing = (1..=max)
        .filter(|n| sorted.binary_search(n).is_err())
        .collect();
    (missing, duplicates)
}

use super::*;
use crate::model::NoticeAnchor::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn ongoing(months: u32, anchor: NoticeAnchor) -> Terms {
    Terms {
        valid_from: Some(d("2024-10-01")),
        ongoing: true,
        notice_months: Some(months),
        notice_anchor: anchor,
        ..Terms::default()
    }
}

#[test]
fn months_clamp_at_month_ends_and_leap_days() {
    assert_eq!(add_months(d("2024-01-31"), 1), d("2024-02-29"));
    assert_eq!(add_months(d("2023-01-31"), 1), d("2023-02-28"));
    assert_eq!(add_months(d("2024-02-29"), 12), d("2025-02-28"));
    assert_eq!(add_months(d("2023-08-31"), 6), d("2024-02-29"));
    assert_eq!(sub_months(d("2025-02-28"), 12), d("2024-02-28"));
    assert_eq!(end_of_month(d("2024-02-10")), d("2024-02-29"));
    assert_eq!(end_of_month(d("2100-02-10")), d("2100-02-28"));
    assert_eq!(end_of_month(d("2000-02-10")), d("2000-02-29"));
    assert_eq!(end_of_month(d("2024-12-31")), d("2024-12-31"));
}

#[test]
fn period_ends_for_each_anchor() {
    assert_eq!(period_end(d("2025-05-10"), Running), d("2025-05-10"));
    assert_eq!(period_end(d("2025-05-10"), EndOfMonth), d("2025-05-31"));
    assert_eq!(period_end(d("2025-05-10"), EndOfQuarter), d("2025-06-30"));
    assert_eq!(period_end(d("2025-01-01"), EndOfQuarter), d("2025-03-31"));
    assert_eq!(period_end(d("2025-09-30"), EndOfQuarter), d("2025-09-30"));
    assert_eq!(period_end(d("2025-10-01"), EndOfQuarter), d("2025-12-31"));
    assert_eq!(period_end(d("2025-02-01"), EndOfYear), d("2025-12-31"));
}

#[test]
fn notice_takes_effect_at_the_anchor() {
    // 6 months to the end of a month: given 10 March, ends 30 September.
    let t = ongoing(6, EndOfMonth);
    assert_eq!(t.notice_takes_effect(d("2025-03-10")), d("2025-09-30"));
    assert_eq!(t.notice_takes_effect(d("2025-02-28")), d("2025-08-31"));
    assert_eq!(t.notice_takes_effect(d("2025-03-01")), d("2025-09-30"));
    // 3 months to the end of a quarter.
    let q = ongoing(3, EndOfQuarter);
    assert_eq!(q.notice_takes_effect(d("2025-03-31")), d("2025-06-30"));
    assert_eq!(q.notice_takes_effect(d("2025-04-01")), d("2025-09-30"));
    // 3 months to the end of a year.
    let y = ongoing(3, EndOfYear);
    assert_eq!(y.notice_takes_effect(d("2024-09-30")), d("2024-12-31"));
    assert_eq!(y.notice_takes_effect(d("2024-10-01")), d("2025-12-31"));
    // Running: the notice period itself, clamped on a leap day.
    assert_eq!(
        ongoing(12, Running).notice_takes_effect(d("2024-02-29")),
        d("2025-02-28")
    );
    // Never before irrevocable_until.
    let irrevocable = Terms {
        irrevocable_until: Some(d("2026-03-31")),
        ..ongoing(6, EndOfMonth)
    };
    assert_eq!(
        irrevocable.notice_takes_effect(d("2025-01-15")),
        d("2026-03-31")
    );
}

#[test]
fn last_day_to_notify_is_the_latest_day_that_still_reaches_the_end() {
    assert_eq!(last_day_to_notify(d("2025-09-30"), 6), d("2025-03-31"));
    assert_eq!(last_day_to_notify(d("2025-08-31"), 6), d("2025-02-28"));
    assert_eq!(last_day_to_notify(d("2024-08-31"), 6), d("2024-02-29"));
    // Leap day: 29 Feb 2024 + 12 months = 28 Feb 2025, so 29 Feb is still in time.
    assert_eq!(last_day_to_notify(d("2025-02-28"), 12), d("2024-02-29"));
    assert_eq!(last_day_to_notify(d("2025-12-31"), 3), d("2025-09-30"));
    assert_eq!(last_day_to_notify(d("2025-05-15"), 3), d("2025-02-15"));
    assert_eq!(last_day_to_notify(d("2025-05-29"), 3), d("2025-02-28"));
    for (end, months) in [("2025-02-28", 12), ("2024-08-31", 6), ("2025-05-29", 3)] {
        let last = last_day_to_notify(d(end), months);
        assert!(add_months(last, months) <= d(end));
        assert!(add_months(last.succ_opt().unwrap(), months) > d(end));
    }
}

#[test]
fn last_notice_day_at_month_quarter_and_year_ends() {
    let today = d("2025-03-10");
    assert_eq!(
        ongoing(6, EndOfMonth).last_notice_day(today),
        Some(d("2025-03-31"))
    );
    assert_eq!(
        ongoing(3, EndOfQuarter).last_notice_day(d("2025-02-10")),
        Some(d("2025-03-31"))
    );
    assert_eq!(
        ongoing(3, EndOfQuarter).last_notice_day(d("2025-04-01")),
        Some(d("2025-06-30"))
    );
    assert_eq!(
        ongoing(3, EndOfYear).last_notice_day(today),
        Some(d("2025-09-30"))
    );
    assert_eq!(
        ongoing(3, EndOfYear).last_notice_day(d("2025-10-01")),
        Some(d("2026-09-30"))
    );
    // One month to the end of a month, asked on 31 January of a leap year: today is the day.
    assert_eq!(
        ongoing(1, EndOfMonth).last_notice_day(d("2024-01-31")),
        Some(d("2024-01-31"))
    );
    assert_eq!(
        ongoing(1, EndOfMonth).last_notice_day(d("2024-02-01")),
        Some(d("2024-02-29"))
    );
}

#[test]
fn last_notice_day_respects_irrevocability_expiry_and_given_notice() {
    let today = d("2025-01-15");
    let irrevocable = Terms {
        irrevocable_until: Some(d("2026-03-31")),
        ..ongoing(6, Running)
    };
    assert_eq!(irrevocable.last_notice_day(today), Some(d("2025-09-30")));
    // A running notice with nothing binding ahead: any day will do, no deadline.
    assert_eq!(ongoing(6, Running).last_notice_day(today), None);
    // A fixed term that ends before any notice could take effect needs none.
    let fixed = Terms {
        valid_to: Some(d("2025-06-30")),
        ongoing: false,
        ..ongoing(6, EndOfMonth)
    };
    assert_eq!(fixed.last_notice_day(today), None);
    let long = Terms {
        valid_to: Some(d("2027-12-31")),
        ongoing: false,
        ..ongoing(6, EndOfMonth)
    };
    assert_eq!(long.last_notice_day(today), Some(d("2025-01-31")));
    let given = Terms {
        terminated_on: Some(d("2025-01-02")),
        ..ongoing(6, EndOfMonth)
    };
    assert_eq!(given.last_notice_day(today), None);
    assert_eq!(Terms::default().last_notice_day(today), None);
}

#[test]
fn in_force_from_dates_options_and_termination() {
    let t = Terms {
        valid_from: Some(d("2024-10-01")),
        valid_to: Some(d("2026-09-30")),
        options: Some(ContractOptions {
            count: 2,
            months: 12,
        }),
        ..Terms::default()
    };
    assert!(!t.in_force_own(d("2024-09-30")));
    assert!(t.in_force_own(d("2024-10-01")));
    assert!(t.in_force_own(d("2026-09-30")));
    assert!(!t.in_force_own(d("2026-10-01")));
    // One option used prolongs it by a year.
    let prolonged = Terms {
        options_used: 1,
        ..t.clone()
    };
    assert_eq!(prolonged.ends_on(), Some(d("2027-09-30")));
    assert!(prolonged.in_force_own(d("2027-01-01")));
    // Notice given ends it at the anchor after the notice period.
    let terminated = Terms {
        terminated_on: Some(d("2025-03-10")),
        notice_months: Some(6),
        notice_anchor: EndOfMonth,
        ..t.clone()
    };
    assert_eq!(terminated.ends_on(), Some(d("2025-09-30")));
    assert!(terminated.in_force_own(d("2025-09-30")));
    assert!(!terminated.in_force_own(d("2025-10-01")));
    // Ongoing: no end until terminated.
    assert!(ongoing(3, EndOfQuarter).in_force_own(d("2099-01-01")));
}

#[test]
fn in_force_inherits_the_parents_validity() {
    let today = d("2025-06-01");
    let own = ongoing(3, EndOfMonth);
    assert!(in_force(&own, None, today));
    assert!(in_force(&own, Some(true), today));
    assert!(!in_force(&own, Some(false), today));
    let expired = Terms {
        valid_to: Some(d("2025-01-01")),
        ongoing: false,
        ..own.clone()
    };
    assert!(!in_force(&expired, Some(true), today));
}

#[test]
fn tillaeg_change_the_terms_in_order() {
    let contract = Details {
        valid_from: Some(d("2024-10-01")),
        ongoing: Some(true),
        notice_months: Some(3),
        notice_anchor: Some(EndOfMonth),
        ..Details::default()
    };
    let tillaeg1 = Details {
        notice_months: Some(6),
        irrevocable_until: Some(d("2026-03-31")),
        ..Details::default()
    };
    let tillaeg2 = Details {
        valid_to: Some(d("2027-12-31")),
        ..Details::default()
    };
    let terms = Terms::of(&contract, None).amended_by(&tillaeg1);
    assert_eq!(terms.notice_months, Some(6));
    assert_eq!(terms.notice_anchor, EndOfMonth);
    assert!(terms.ongoing);
    let terms = terms.amended_by(&tillaeg2);
    assert!(!terms.ongoing);
    assert_eq!(terms.ends_on(), Some(d("2027-12-31")));
    // Without a start date a contract starts when signed.
    let unsigned = Terms::of(&Details::default(), Some(d("2025-01-01")));
    assert!(!unsigned.in_force_own(d("2024-12-31")));
}

#[test]
fn staleness_by_due_date_or_age() {
    let today = d("2026-06-15");
    assert!(!documentation_stale(None, d("2025-06-15"), today, 12));
    assert!(documentation_stale(None, d("2025-06-14"), today, 12));
    assert!(!documentation_stale(None, d("2025-06-14"), today, 24));
    assert!(documentation_stale(
        Some(d("2026-06-14")),
        d("2026-01-01"),
        today,
        12
    ));
    assert!(!documentation_stale(
        Some(d("2026-06-15")),
        d("2026-01-01"),
        today,
        12
    ));
    // A leap-day revision is due again on 28 February of the next year.
    assert!(!documentation_stale(
        None,
        d("2024-02-29"),
        d("2025-02-28"),
        12
    ));
    assert!(documentation_stale(
        None,
        d("2024-02-29"),
        d("2025-03-01"),
        12
    ));
}

#[test]
fn tillaeg_ordering_and_gaps() {
    let mut list = [
        (Some(3), d("2025-01-01"), "c"),
        (None, d("2024-01-01"), "z"),
        (Some(1), d("2025-06-01"), "a"),
        (Some(2), d("2025-03-01"), "b2"),
        (Some(2), d("2025-02-01"), "b1"),
    ];
    list.sort_by(|a, b| addendum_order(*a, *b));
    let ids: Vec<&str> = list.iter().map(|x| x.2).collect();
    assert_eq!(ids, ["a", "b1", "b2", "c", "z"]);
    assert_eq!(addendum_gaps(&[1, 3, 3, 5]), (vec![2, 4], vec![3]));
    assert_eq!(addendum_gaps(&[]), (vec![], vec![]));
}

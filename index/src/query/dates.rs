//! Year and date values of `år:` and `dato:` filters: a single value or `from..to`, either end open.

use chrono::NaiveDate;

use crate::schema::date_key;
use crate::{Error, Result};

fn bad<T>(v: &str, pos: usize, what: &str) -> Result<T> {
    Err(Error::Query {
        message: format!("'{v}' er ikke {what}"),
        position: pos,
    })
}

fn split_range(v: &str) -> (&str, Option<&str>) {
    match v.split_once("..") {
        Some((a, b)) => (a, Some(b)),
        None => (v, None),
    }
}

fn year(v: &str, pos: usize) -> Result<i64> {
    match v.parse::<i64>() {
        Ok(y) if (1900..=2200).contains(&y) && v.len() == 4 => Ok(y),
        _ => bad(v, pos, "et årstal (f.eks. 2024)"),
    }
}

/// `år:2024`, `år:2020..2024`, `år:..2023`, `år:2021..`.
pub fn year_range(v: &str, pos: usize) -> Result<(Option<i64>, Option<i64>)> {
    let (a, b) = split_range(v);
    let from = if a.is_empty() {
        None
    } else {
        Some(year(a, pos)?)
    };
    let Some(b) = b else {
        return if from.is_some() {
            Ok((from, from))
        } else {
            bad(v, pos, "et årstal (f.eks. 2024)")
        };
    };
    let to = if b.is_empty() {
        None
    } else {
        Some(year(b, pos + a.chars().count() + 2)?)
    };
    check_order(v, pos, from, to)
}

/// A date as its first and last day: "2024" is the whole year, "2024-03" the month, "2024-03-01" the day.
fn date_bounds(v: &str, pos: usize) -> Result<(i64, i64)> {
    let parts: Vec<&str> = v.split('-').collect();
    let what = "en dato (ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ)";
    match parts.as_slice() {
        [y] => {
            let y = year(y, pos)?;
            Ok((y * 10_000 + 101, y * 10_000 + 1231))
        }
        [y, m] => {
            let y = year(y, pos)?;
            let m: u32 = m
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .map_or_else(|| bad(v, pos, what), Ok)?;
            Ok((
                y * 10_000 + i64::from(m) * 100 + 1,
                y * 10_000 + i64::from(m) * 100 + 31,
            ))
        }
        [_, _, _] => match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => Ok((date_key(d), date_key(d))),
            Err(_) => bad(v, pos, what),
        },
        _ => bad(v, pos, what),
    }
}

/// `dato:2024-01-01..2024-12-31`, `dato:2024`, `dato:..2023-06`, `dato:2023-01-01..`.
pub fn date_range(v: &str, pos: usize) -> Result<(Option<i64>, Option<i64>)> {
    let (a, b) = split_range(v);
    let lo = if a.is_empty() {
        None
    } else {
        Some(date_bounds(a, pos)?)
    };
    let Some(b) = b else {
        return match lo {
            Some((f, t)) => Ok((Some(f), Some(t))),
            None => bad(v, pos, "en dato (ÅÅÅÅ-MM-DD)"),
        };
    };
    let hi = if b.is_empty() {
        None
    } else {
        Some(date_bounds(b, pos + a.chars().count() + 2)?)
    };
    check_order(v, pos, lo.map(|l| l.0), hi.map(|h| h.1))
}

fn check_order(
    v: &str,
    pos: usize,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<(Option<i64>, Option<i64>)> {
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return bad(v, pos, "et interval med start før slut");
    }
    if from.is_none() && to.is_none() {
        return bad(v, pos, "et interval med mindst én ende");
    }
    Ok((from, to))
}

//! 待回访 as of a day: referrals made by then whose result was not recorded by then. The same
//! definition as F1's follow-up list (every referral still without a result), so today's figure
//! is the list's length, and a past day's is what the list held that evening.

use super::Period;
use crate::config::Settings;
use crate::db::DbError;
use crate::domain::dates::{day_start_stamp, local_day};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::Connection;

/// The open follow-ups at the end of each day of `p`, in order.
pub fn as_of_each_day(conn: &Connection, settings: &Settings, p: Period) -> Result<Vec<i64>, DbError> {
    let (to, from_start) = (p.to.to_string(), day_start_stamp(p.from, settings.tz));
    let mut opened: Vec<NaiveDate> = vec![];
    let mut closed: Vec<NaiveDate> = vec![];
    for (day, at) in crate::db::queue::referrals_open_since(conn, &to, &from_start)? {
        opened.push(day.parse().unwrap_or(NaiveDate::MIN));
        if let Some(t) = at.and_then(|a| DateTime::parse_from_rfc3339(&a).ok()) {
            closed.push(local_day(t.with_timezone(&Utc), settings.tz));
        }
    }
    opened.sort_unstable();
    closed.sort_unstable();
    let by = |list: &[NaiveDate], d: NaiveDate| list.partition_point(|x| *x <= d) as i64;
    let mut out = vec![];
    let mut d = p.from;
    while d <= p.to {
        out.push(by(&opened, d) - by(&closed, d));
        let Some(next) = d.checked_add_days(Days::new(1)) else { break };
        d = next;
    }
    Ok(out)
}

/// Sets a summary's 待回访 (and each of its days') to the as-of figure.
pub fn apply(
    conn: &Connection,
    settings: &Settings,
    p: Period,
    now: DateTime<Utc>,
    s: &mut super::Summary,
) -> Result<(), DbError> {
    // A day not come yet has no as-of figures; a period running past today is as of today.
    let today = crate::domain::dates::local_day(now, settings.tz);
    let each: Vec<i64> = as_of_each_day(conn, settings, p)?
        .into_iter()
        .zip(p.days())
        .map(|(n, d)| if d <= today { n } else { 0 })
        .collect();
    let known = p.days().take_while(|d| *d <= today).count();
    s.walkins.open_followups = known.checked_sub(1).and_then(|i| each.get(i)).copied().unwrap_or(0);
    for (day, n) in s.days.iter_mut().zip(&each) {
        day.walkins.open_followups = *n;
    }
    Ok(())
}

//! The courtesy station's rules: stock is the sum of its movements, medicines leave from the
//! batch that expires first and never once expired, loans are due at the end of the next
//! working day, and the return rate counts the loans that fell due.

use super::Calendar;
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// One batch of an item on hand (`batch` is empty for items not kept in batches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lot {
    pub batch: String,
    pub expires_on: Option<NaiveDate>,
    pub qty: i64,
}

impl Lot {
    /// Past its expiry date: the date itself is still good.
    pub fn expired(&self, today: NaiveDate) -> bool {
        self.expires_on.is_some_and(|d| d < today)
    }

    /// Expiring within `days` (today included), not yet expired.
    pub fn near_expiry(&self, today: NaiveDate, days: u32) -> bool {
        let limit = today.checked_add_days(Days::new(days.into())).unwrap_or(NaiveDate::MAX);
        !self.expired(today) && self.expires_on.is_some_and(|d| d <= limit)
    }
}

/// Not enough to give: what could be given, and what sits there expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortage {
    pub available: i64,
    pub expired: i64,
}

/// Units on hand that may be handed out (expired batches never are).
pub fn available(lots: &[Lot], today: NaiveDate) -> i64 {
    lots.iter().filter(|l| !l.expired(today)).map(|l| l.qty.max(0)).sum()
}

/// Which batches `want` units come from: the earliest expiry first (then the batch name), never
/// an expired one; refused whole when there are not enough.
pub fn pick(lots: &[Lot], want: i64, today: NaiveDate) -> Result<Vec<(String, i64)>, Shortage> {
    let mut usable: Vec<&Lot> = lots.iter().filter(|l| l.qty > 0 && !l.expired(today)).collect();
    usable.sort_by(|a, b| {
        (a.expires_on.unwrap_or(NaiveDate::MAX), &a.batch)
            .cmp(&(b.expires_on.unwrap_or(NaiveDate::MAX), &b.batch))
    });
    let have: i64 = usable.iter().map(|l| l.qty).sum();
    if want <= 0 || want > have {
        let expired = lots.iter().filter(|l| l.expired(today)).map(|l| l.qty.max(0)).sum();
        return Err(Shortage { available: have, expired });
    }
    let mut left = want;
    let mut out = vec![];
    for lot in usable {
        let take = left.min(lot.qty);
        out.push((lot.batch.clone(), take));
        left -= take;
        if left == 0 {
            break;
        }
    }
    Ok(out)
}

/// The stock of each (item, batch) as its movements add up.
pub fn balances<'a>(
    moves: impl IntoIterator<Item = (&'a str, &'a str, i64)>,
) -> BTreeMap<(String, String), i64> {
    let mut out: BTreeMap<(String, String), i64> = BTreeMap::new();
    for (item, batch, qty) in moves {
        *out.entry((item.to_string(), batch.to_string())).or_default() += qty;
    }
    out
}

/// A loan's due date: the end of the next working day; `None` when the calendar is not set.
pub fn due_date(calendar: &Calendar, lent_on: NaiveDate) -> Option<NaiveDate> {
    calendar.add_working_days(lent_on, 1)
}

/// Whole days past due (0 when not late).
pub fn days_late(due_on: NaiveDate, today: NaiveDate) -> i64 {
    (today - due_on).num_days().max(0)
}

/// A loan as the return rate sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub due_on: NaiveDate,
    /// Every unit came back (a lost one did not).
    pub returned: bool,
}

/// The days the return rate looks back over.
pub const RETURN_RATE_DAYS: u64 = 30;

/// Loans returned / loans due, over the 30 days ending `day`; `None` when none fell due.
pub fn return_rate(loans: &[Due], day: NaiveDate) -> Option<f64> {
    let from = day.checked_sub_days(Days::new(RETURN_RATE_DAYS - 1)).unwrap_or(NaiveDate::MIN);
    let due: Vec<&Due> = loans.iter().filter(|l| l.due_on >= from && l.due_on <= day).collect();
    if due.is_empty() {
        return None;
    }
    Some(due.iter().filter(|l| l.returned).count() as f64 / due.len() as f64)
}

#[cfg(test)]
mod tests;

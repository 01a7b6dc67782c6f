//! Working days: weekends off, public holidays off, make-up working days on; per configured year.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearCalendar {
    pub holidays: BTreeSet<NaiveDate>,
    pub makeup_workdays: BTreeSet<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    pub years: BTreeMap<i32, YearCalendar>,
}

/// `None` means the year is not in the calendar: "calendar not set".
pub type WorkingDay = Option<bool>;

impl Calendar {
    pub fn is_set(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> WorkingDay {
        let year = self.years.get(&day.year())?;
        if year.makeup_workdays.contains(&day) {
            return Some(true);
        }
        if year.holidays.contains(&day) {
            return Some(false);
        }
        Some(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// The `n`th working day after `from` (`n = 0` gives `from` itself when it works).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut day = from;
        let mut left = n;
        if n == 0 {
            while !self.is_working_day(day)? {
                day = day.checked_add_days(Days::new(1))?;
            }
            return Some(day);
        }
        while left > 0 {
            day = day.checked_add_days(Days::new(1))?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Some(day)
    }

    /// Working days strictly after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Option<u32> {
        let mut day = from;
        let mut n = 0;
        while day < to {
            day = day.checked_add_days(Days::new(1))?;
            if self.is_working_day(day)? {
                n += 1;
            }
        }
        Some(n)
    }

    /// From 1 November, next year's calendar should be in place.
    pub fn next_year_missing(&self, today: NaiveDate) -> Option<i32> {
        let next = today.year() + 1;
        (today.month() >= 11 && !self.is_set(next)).then_some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal_2026() -> Calendar {
        let mut y = YearCalendar::default();
        for day in 1..=7 {
            y.holidays.insert(d(2026, 10, day));
        }
        y.makeup_workdays.insert(d(2026, 9, 20));
        y.makeup_workdays.insert(d(2026, 10, 10));
        Calendar { years: BTreeMap::from([(2026, y)]) }
    }

    #[test]
    fn weekends_holidays_and_makeup_days() {
        let c = cal_2026();
        assert_eq!(c.is_working_day(d(2026, 9, 30)), Some(true));
        assert_eq!(c.is_working_day(d(2026, 10, 5)), Some(false)); // Monday, holiday
        assert_eq!(c.is_working_day(d(2026, 10, 10)), Some(true)); // Saturday, make-up
        assert_eq!(c.is_working_day(d(2026, 10, 11)), Some(false)); // Sunday
        assert_eq!(c.is_working_day(d(2026, 9, 20)), Some(true)); // Sunday, make-up
        assert_eq!(c.is_working_day(d(2027, 1, 4)), None);
    }

    #[test]
    fn adding_working_days_across_a_holiday() {
        let c = cal_2026();
        // 30 Sep (Wed) + 1 working day: 1–7 Oct off, 8 Oct (Thu) works.
        assert_eq!(c.add_working_days(d(2026, 9, 30), 1), Some(d(2026, 10, 8)));
        // 9 Oct (Fri) + 1: the make-up Saturday 10 Oct.
        assert_eq!(c.add_working_days(d(2026, 10, 9), 1), Some(d(2026, 10, 10)));
        assert_eq!(c.add_working_days(d(2026, 9, 30), 15), Some(d(2026, 10, 27)));
        assert_eq!(c.working_days_between(d(2026, 9, 30), d(2026, 10, 12)), Some(4));
    }

    #[test]
    fn unset_year_is_reported_not_guessed() {
        let c = cal_2026();
        assert_eq!(c.add_working_days(d(2026, 12, 30), 5), None);
        assert_eq!(c.next_year_missing(d(2026, 10, 31)), None);
        assert_eq!(c.next_year_missing(d(2026, 11, 1)), Some(2027));
    }
}

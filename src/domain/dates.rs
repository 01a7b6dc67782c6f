//! Dates as clerks type them, relative to an explicit `today`; local day keys in the centre's timezone.

use super::text::fold_ascii;
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("empty")]
    Empty,
    #[error("not a date form")]
    Form,
    #[error("no such day")]
    NoSuchDay,
}

/// Accepts `2026-10-08`, `2026.10.8`, `2026/10/8`, `20261008`, `2026年10月8日`, `10-8`,
/// `10/8`, `10.8`, `10月8日`, `今天`/`明天`/`昨天`/`today`, `+3`, `-3`.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    // The stored form itself, as every export writes it (a million of them in a claims file).
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = input.as_bytes()
        && [y0, y1, y2, y3, m0, m1, d0, d1].iter().all(|b| b.is_ascii_digit())
    {
        return ymd(&input[..4], &input[5..7], &input[8..]);
    }
    let s: String = fold_ascii(input).chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    match s.to_lowercase().as_str() {
        "今天" | "今日" | "today" => return Ok(today),
        "明天" | "tomorrow" => {
            return today.checked_add_days(Days::new(1)).ok_or(DateError::NoSuchDay);
        }
        "昨天" | "yesterday" => {
            return today.checked_sub_days(Days::new(1)).ok_or(DateError::NoSuchDay);
        }
        _ => {}
    }
    if let Some(rest) = s.strip_prefix('+').or_else(|| s.strip_prefix('-')) {
        let n: u64 = rest.parse().map_err(|_| DateError::Form)?;
        if n > 36_600 {
            return Err(DateError::NoSuchDay);
        }
        let d = if s.starts_with('+') {
            today.checked_add_days(Days::new(n))
        } else {
            today.checked_sub_days(Days::new(n))
        };
        return d.ok_or(DateError::NoSuchDay);
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return ymd(&s[..4], &s[4..6], &s[6..]);
    }
    let unified = s.replace(['年', '月'], "-").replace('日', "").replace(['.', '/'], "-");
    let parts: Vec<&str> = unified.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ymd(y, m, d),
        [m, d] if m.len() <= 2 => ymd(&today.year().to_string(), m, d),
        _ => Err(DateError::Form),
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Result<NaiveDate, DateError> {
    let num = |s: &str| -> Result<u32, DateError> {
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Form);
        }
        s.parse().map_err(|_| DateError::Form)
    };
    let y = num(y)? as i32;
    NaiveDate::from_ymd_opt(y, num(m)?, num(d)?).ok_or(DateError::NoSuchDay)
}

/// The centre's local calendar day of an instant.
pub fn local_day(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// When a local day begins, as the stored UTC stamp (rows `at >=` it are on or after the day).
pub fn day_start_stamp(day: NaiveDate, tz: Tz) -> String {
    use chrono::TimeZone;
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    let at =
        tz.from_local_datetime(&local).earliest().map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc));
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `YYYY-MM` of an instant in the centre's timezone.
pub fn month_key(at: DateTime<Utc>, tz: Tz) -> String {
    local_day(at, tz).format("%Y-%m").to_string()
}

pub fn year_key(at: DateTime<Utc>, tz: Tz) -> i32 {
    local_day(at, tz).year()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[rstest]
    #[case("2026-10-08", d(2026, 10, 8))]
    #[case("2026.10.8", d(2026, 10, 8))]
    #[case("2026/10/8", d(2026, 10, 8))]
    #[case("20261008", d(2026, 10, 8))]
    #[case("10-8", d(2026, 10, 8))]
    #[case("10月8日", d(2026, 10, 8))]
    #[case("2026年10月8日", d(2026, 10, 8))]
    #[case("今天", d(2026, 11, 28))]
    #[case("明天", d(2026, 11, 29))]
    #[case("+3", d(2026, 12, 1))]
    #[case("-28", d(2026, 10, 31))]
    #[case("２０２６－１０－０８", d(2026, 10, 8))]
    #[case("2028-02-29", d(2028, 2, 29))]
    fn parses(#[case] input: &str, #[case] want: NaiveDate) {
        assert_eq!(parse_date(input, d(2026, 11, 28)), Ok(want));
    }

    #[rstest]
    #[case("", DateError::Empty)]
    #[case("2026-02-30", DateError::NoSuchDay)]
    #[case("20260230", DateError::NoSuchDay)]
    #[case("13-1", DateError::NoSuchDay)]
    #[case("next week", DateError::Form)]
    #[case("2026-10", DateError::Form)]
    #[case("+x", DateError::Form)]
    fn refuses(#[case] input: &str, #[case] err: DateError) {
        assert_eq!(parse_date(input, d(2026, 11, 28)), Err(err));
    }

    #[test]
    fn day_keys_follow_the_centre_not_the_host() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        // 16:30 UTC on 31 Dec is 00:30 on 1 Jan in Shanghai.
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 16, 30, 0).unwrap();
        assert_eq!(local_day(at, tz), d(2027, 1, 1));
        assert_eq!(month_key(at, tz), "2027-01");
        assert_eq!(year_key(at, tz), 2027);
        let before = Utc.with_ymd_and_hms(2026, 12, 31, 15, 59, 59).unwrap();
        assert_eq!(local_day(before, tz), d(2026, 12, 31));
    }
}

//! `[hardship]`: the rules hardship files are judged by (DOMAIN.md "Hardship files and the aid
//! fund"). A config without the section takes the built-in one.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Hardship {
    /// File numbers issued at the counter: `{year}` and `{seq}` (zero-padded to `seq_width`).
    pub number_format: String,
    pub seq_width: u32,
    /// A filed file is current this many months from its approval or last review.
    pub valid_months: u32,
    /// A file is approved only with a verification dated within this many days.
    pub verify_valid_days: u32,
    /// Reviews falling due within this many days are listed.
    pub review_warning_days: u32,
    /// A filed household with no visit in this many days is listed.
    pub visit_interval_days: u32,
    /// 相对困难: income per head below this percentage of the year's 低保 line.
    pub relative_multiple_percent: u32,
    /// The local 低保 line per month per head, in fen, by year ("2026" = 123000).
    pub dibao_fen: BTreeMap<String, i64>,
    /// Household data of an exited file is purged this many years after the exit; the file's
    /// figures stay.
    pub exited_years: u32,
}

/// The built-in values, for keys a centre's file leaves out (`config/frontdesk.toml` says the
/// same; a test holds them together).
impl Default for Hardship {
    fn default() -> Self {
        Hardship {
            number_format: "KN{year}{seq}".into(),
            seq_width: 5,
            valid_months: 12,
            verify_valid_days: 90,
            review_warning_days: 30,
            visit_interval_days: 90,
            relative_multiple_percent: 150,
            dibao_fen: [("2025", 118_000), ("2026", 123_000), ("2027", 128_000)]
                .into_iter()
                .map(|(y, f)| (y.to_string(), f))
                .collect(),
            exited_years: 5,
        }
    }
}

impl Hardship {
    /// The 低保 line of a year, when the config has one.
    pub fn line(&self, year: i32) -> Option<i64> {
        self.dibao_fen.get(&year.to_string()).copied()
    }

    /// Why the section cannot be used, naming the key.
    pub(super) fn refused(&self) -> Option<(String, String)> {
        if !self.number_format.contains("{seq}") {
            return Some(("number_format".into(), "must contain {seq}".into()));
        }
        if self.seq_width > 12 {
            return Some(("seq_width".into(), "at most 12".into()));
        }
        if !(1..=60).contains(&self.valid_months) {
            return Some(("valid_months".into(), "from 1 to 60 months".into()));
        }
        for (key, days) in [
            ("verify_valid_days", self.verify_valid_days),
            ("review_warning_days", self.review_warning_days),
            ("visit_interval_days", self.visit_interval_days),
        ] {
            if !(1..=3660).contains(&days) {
                return Some((key.into(), "from 1 to 3660 days".into()));
            }
        }
        if !(100..=1000).contains(&self.relative_multiple_percent) {
            return Some((
                "relative_multiple_percent".into(),
                "from 100 to 1000 (per cent of the line)".into(),
            ));
        }
        for (year, fen) in &self.dibao_fen {
            let ok_year = year.len() == 4 && year.parse::<i32>().is_ok_and(|y| (2000..=2100).contains(&y));
            if !ok_year {
                return Some((format!("\"{year}\""), "a year such as \"2026\"".into()));
            }
            if !(1..=100_000_000).contains(fen) {
                return Some((format!("\"{year}\""), "a monthly line per head, in fen, above zero".into()));
            }
        }
        if !(1..=100).contains(&self.exited_years) {
            return Some(("exited_years".into(), "from 1 to 100 years".into()));
        }
        None
    }
}

//! Money as integer fen: parsing every form a clerk types, display as `1,234.50 元`.

use super::text::fold_ascii;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("empty")]
    Empty,
    #[error("not an amount")]
    Invalid,
    #[error("negative")]
    Negative,
    #[error("more than two decimals")]
    TooPrecise,
    #[error("too large")]
    TooLarge,
}

impl Fen {
    /// Accepts `1234.5`, `1,234.50`, `¥1234.50`, `1234.50元`, full-width digits.
    pub fn parse(input: &str) -> Result<Self, MoneyError> {
        let folded = fold_ascii(input);
        let mut s = folded.trim();
        for prefix in ["¥", "￥", "RMB"] {
            s = s.strip_prefix(prefix).unwrap_or(s).trim_start();
        }
        s = s.strip_suffix('元').unwrap_or(s).trim_end();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if s.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let int = valid_grouping(int).ok_or(MoneyError::Invalid)?;
        if !frac.bytes().all(|b| b.is_ascii_digit()) || (int.is_empty() && frac.is_empty()) {
            return Err(MoneyError::Invalid);
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        if int.len() > 13 {
            return Err(MoneyError::TooLarge);
        }
        let yuan: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| MoneyError::Invalid)? };
        let mut cents: i64 =
            if frac.is_empty() { 0 } else { frac.parse().map_err(|_| MoneyError::Invalid)? };
        if frac.len() == 1 {
            cents *= 10;
        }
        Ok(Fen(yuan * 100 + cents))
    }

    /// `1,234.50` without the unit (for tables and CSV).
    pub fn plain(self) -> String {
        yuan_text(i128::from(self.0))
    }
}

/// Fen as 元 with two decimals and thousands separators (`-1,234.50`), for sums held in i128.
pub fn yuan_text(fen: i128) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let (yuan, cents) = (fen.unsigned_abs() / 100, fen.unsigned_abs() % 100);
    let digits = yuan.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{cents:02}")
}

/// Digits with optional thousands commas in the right places; returns the digits alone.
fn valid_grouping(int: &str) -> Option<String> {
    if !int.contains(',') {
        return int.bytes().all(|b| b.is_ascii_digit()).then(|| int.to_string());
    }
    let groups: Vec<&str> = int.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits: String = groups.concat();
    (first_ok && rest_ok && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} 元", self.plain())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("1234.5", 123_450)]
    #[case("1,234.50", 123_450)]
    #[case("¥1234.50", 123_450)]
    #[case("￥1,234.50", 123_450)]
    #[case("1234.50元", 123_450)]
    #[case("１２３４．５", 123_450)]
    #[case("0.05", 5)]
    #[case(".5", 50)]
    #[case("800", 80_000)]
    #[case(" 12,345,678.9 ", 1_234_567_890)]
    fn parses(#[case] input: &str, #[case] fen: i64) {
        assert_eq!(Fen::parse(input), Ok(Fen(fen)));
    }

    #[rstest]
    #[case("", MoneyError::Empty)]
    #[case("元", MoneyError::Empty)]
    #[case("-5", MoneyError::Negative)]
    #[case("1.234", MoneyError::TooPrecise)]
    #[case("12,34", MoneyError::Invalid)]
    #[case("1e5", MoneyError::Invalid)]
    #[case("abc", MoneyError::Invalid)]
    #[case(".", MoneyError::Invalid)]
    fn refuses(#[case] input: &str, #[case] err: MoneyError) {
        assert_eq!(Fen::parse(input), Err(err));
    }

    #[rstest]
    #[case(123_450, "1,234.50 元")]
    #[case(5, "0.05 元")]
    #[case(0, "0.00 元")]
    #[case(100_000_000, "1,000,000.00 元")]
    fn displays(#[case] fen: i64, #[case] shown: &str) {
        assert_eq!(Fen(fen).to_string(), shown);
    }
}

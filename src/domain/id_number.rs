//! Chinese resident ID numbers (GB 11643-1999): validation, 15→18 conversion, masking.

use chrono::NaiveDate;
use std::fmt;

use super::text::fold_ascii;

/// A validated 18-character ID number (upper-case `X` check character).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdNumber(String);

/// Why an ID number was refused. Never suggests a correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("length: {0} characters, 18 (or 15) expected")]
    Length(usize),
    #[error("characters: only digits and a final X are allowed")]
    Characters,
    #[error("birth date does not exist or is in the future")]
    BirthDate,
    #[error("check character does not match")]
    CheckCharacter,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [u8; 11] = *b"10X98765432";

/// The ISO 7064 MOD 11-2 check character for the first 17 digits.
fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK[(sum % 11) as usize]
}

impl IdNumber {
    /// Parses what a clerk or a card reader typed. `today` bounds the birth date.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, IdError> {
        let folded: String = fold_ascii(input)
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let n = folded.chars().count();
        let full = match n {
            18 => {
                let b = folded.as_bytes();
                if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
                    return Err(IdError::Characters);
                }
                folded
            }
            15 => {
                if !folded.bytes().all(|c| c.is_ascii_digit()) {
                    return Err(IdError::Characters);
                }
                let mut s = String::with_capacity(18);
                s.push_str(&folded[..6]);
                s.push_str("19");
                s.push_str(&folded[6..]);
                s.push(char::from(check_char(s.as_bytes())));
                s
            }
            _ => {
                if folded.chars().any(|c| !(c.is_ascii_digit() || c == 'X')) && n > 0 {
                    return Err(IdError::Characters);
                }
                return Err(IdError::Length(n));
            }
        };
        let birth = birth_date_of(&full).ok_or(IdError::BirthDate)?;
        if birth > today {
            return Err(IdError::BirthDate);
        }
        if check_char(&full.as_bytes()[..17]) != full.as_bytes()[17] {
            return Err(IdError::CheckCharacter);
        }
        Ok(IdNumber(full))
    }

    /// A valid number for a region, birth date and 3-digit sequence (demo data and tests).
    pub fn synthesize(region: &str, birth: NaiveDate, seq: u16) -> Option<Self> {
        let mut s = format!("{region:0>6.6}{}{:03}", birth.format("%Y%m%d"), seq % 1000);
        if s.len() != 17 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.push(char::from(check_char(s.as_bytes())));
        Some(IdNumber(s))
    }

    /// Wraps a number already validated and stored (no date bound applied).
    pub fn from_stored(s: &str) -> Option<Self> {
        let ok = s.len() == 18
            && s.as_bytes()[..17].iter().all(u8::is_ascii_digit)
            && birth_date_of(s).is_some()
            && check_char(&s.as_bytes()[..17]) == s.as_bytes()[17];
        ok.then(|| IdNumber(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        // Validated at construction.
        birth_date_of(&self.0).unwrap_or_default()
    }

    pub fn is_male(&self) -> bool {
        (self.0.as_bytes()[16] - b'0') % 2 == 1
    }

    /// Whole years of age on `today`.
    pub fn age_on(&self, today: NaiveDate) -> u32 {
        let b = self.birth_date();
        today.years_since(b).unwrap_or(0)
    }

    /// `330381********123X`: region kept, birth date and sequence hidden but the last four.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

fn birth_date_of(s: &str) -> Option<NaiveDate> {
    let y = s.get(6..10)?.parse().ok()?;
    let m = s.get(10..12)?.parse().ok()?;
    let d = s.get(12..14)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

impl fmt::Debug for IdNumber {
    // Debug output lands in logs: never the full number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[rstest]
    #[case("11010519491231002X", "11010519491231002X")]
    #[case("440524188001010014", "440524188001010014")]
    #[case("11010519491231002x", "11010519491231002X")]
    #[case("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X")]
    #[case("110105 19491231 002X", "11010519491231002X")]
    #[case("810000199001010019", "810000199001010019")]
    fn valid(#[case] input: &str, #[case] want: &str) {
        assert_eq!(IdNumber::parse(input, today()).unwrap().as_str(), want);
    }

    #[rstest]
    #[case("1101051949123100", IdError::Length(16))]
    #[case("", IdError::Length(0))]
    #[case("11010519491231002A", IdError::Characters)]
    #[case("1101051949123100X2", IdError::Characters)]
    #[case("110101198102290015", IdError::BirthDate)]
    #[case("110105202712310029", IdError::BirthDate)]
    #[case("110105194912310021", IdError::CheckCharacter)]
    #[case("440524188001010015", IdError::CheckCharacter)]
    fn refused(#[case] input: &str, #[case] want: IdError) {
        assert_eq!(IdNumber::parse(input, today()), Err(want));
    }

    #[test]
    fn fifteen_digit_form_is_converted() {
        // 15-digit 110105491231002 -> 110105 19 491231 002 + check.
        let id = IdNumber::parse("110105491231002", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn derived_fields_and_mask() {
        let id = IdNumber::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert!(!id.is_male());
        assert_eq!(id.age_on(today()), 76);
        assert_eq!(id.masked(), "110105********002X");
        assert!(!format!("{id:?}").contains("19491231"));
        let man = IdNumber::parse("440524188001010014", today()).unwrap();
        assert!(man.is_male());
    }

    #[test]
    fn synthesized_numbers_are_valid() {
        let birth = NaiveDate::from_ymd_opt(1966, 7, 15).unwrap();
        let id = IdNumber::synthesize("330281", birth, 123).unwrap();
        assert_eq!(IdNumber::parse(id.as_str(), today()), Ok(id.clone()));
        assert_eq!(id.birth_date(), birth);
    }

    #[test]
    fn stored_round_trip() {
        assert!(IdNumber::from_stored("11010519491231002X").is_some());
        assert!(IdNumber::from_stored("110105194912310021").is_none());
    }
}

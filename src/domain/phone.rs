//! Phone numbers: mainland mobiles and landlines with area code.

use super::text::fold_ascii;

#[derive(Clone, PartialEq, Eq)]
pub struct Phone(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("not a mobile (11 digits from 13..19) or a landline with area code")]
    Invalid,
}

impl Phone {
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let s: String = fold_ascii(input).chars().filter(|c| !c.is_whitespace()).collect();
        let digits: String = s.chars().filter(|c| *c != '-').collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::Invalid);
        }
        let b = digits.as_bytes();
        let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
        // Landline: area code 0 + 2–3 digits, then a 7–8 digit local number.
        let landline = b.first() == Some(&b'0') && (10..=12).contains(&b.len());
        if mobile {
            Ok(Phone(digits))
        } else if landline {
            Ok(Phone(s))
        } else {
            Err(PhoneError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`; landlines keep area code and last four.
    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
}

/// Masks any stored phone text: keeps the first three and last four characters.
pub fn mask_phone(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("13812345678", "13812345678", "138****5678")]
    #[case("１３８ １２３４ ５６７８", "13812345678", "138****5678")]
    #[case("0574-62701234", "0574-62701234", "057****1234")]
    fn valid(#[case] input: &str, #[case] stored: &str, #[case] masked: &str) {
        let p = Phone::parse(input).unwrap();
        assert_eq!(p.as_str(), stored);
        assert_eq!(p.masked(), masked);
    }

    #[rstest]
    #[case("12812345678")]
    #[case("1381234567")]
    #[case("abc")]
    #[case("")]
    fn refused(#[case] input: &str) {
        assert!(Phone::parse(input).is_err());
    }
}

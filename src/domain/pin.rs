//! Clerk PINs: 6–8 digits, weak ones refused, stored as argon2id PHC strings.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("a PIN is 6 to 8 digits")]
    Form,
    #[error("one digit repeated")]
    Repeated,
    #[error("a run of digits")]
    Run,
    #[error("reads as a date")]
    Date,
}

/// Checks a new PIN; existing PINs are only verified.
pub fn check_new_pin(pin: &str) -> Result<(), PinError> {
    let b = pin.as_bytes();
    if !(6..=8).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
        return Err(PinError::Form);
    }
    if b.iter().all(|&c| c == b[0]) {
        return Err(PinError::Repeated);
    }
    let steps: Vec<i8> = b.windows(2).map(|w| ((w[1] + 10 - w[0]) % 10) as i8).collect();
    if steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == 9) {
        return Err(PinError::Run);
    }
    if reads_as_date(pin) {
        return Err(PinError::Date);
    }
    Ok(())
}

fn reads_as_date(pin: &str) -> bool {
    let n = |s: &str| s.parse::<u32>().unwrap_or(0);
    let valid = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).is_some();
    match pin.len() {
        6 => {
            let (a, b, c) = (n(&pin[..2]), n(&pin[2..4]), n(&pin[4..]));
            // YYMMDD, DDMMYY, MMDDYY with a leap-friendly year; a year and month, YYYYMM or
            // MMYYYY (199001, 202601, 121990).
            let year = |s: &str| (1900..=2099).contains(&n(s));
            let month = |s: &str| (1..=12).contains(&n(s));
            valid(2000, b, c)
                || valid(2000, b, a)
                || valid(2000, a, b)
                || (year(&pin[..4]) && month(&pin[4..]))
                || (month(&pin[..2]) && year(&pin[2..]))
        }
        7 => {
            // A date with one single-digit part: YYYYMDD or YYYYMMD (1990101, 2026115), and
            // the same read from the other end (DMMYYYY, DDMYYYY).
            let year_ok = |y: u32| (1900..=2099).contains(&y);
            let (y, rest) = (n(&pin[..4]), &pin[4..]);
            let (y2, head) = (n(&pin[3..]), &pin[..3]);
            let splits = |s: &str| [(n(&s[..1]), n(&s[1..])), (n(&s[..2]), n(&s[2..]))];
            (year_ok(y) && splits(rest).iter().any(|&(m, d)| valid(y as i32, m, d)))
                || (year_ok(y2) && splits(head).iter().any(|&(d, m)| valid(y2 as i32, m, d)))
        }
        8 => {
            let (y, m, d) = (n(&pin[..4]) as i32, n(&pin[4..6]), n(&pin[6..]));
            let (d2, m2, y2) = (n(&pin[..2]), n(&pin[2..4]), n(&pin[4..]) as i32);
            let year_ok = |y: i32| (1900..=2099).contains(&y);
            (year_ok(y) && valid(y, m, d)) || (year_ok(y2) && (valid(y2, m2, d2) || valid(y2, d2, m2)))
        }
        _ => false,
    }
}

fn argon() -> Argon2<'static> {
    // m = 19 MiB, t = 2, p = 1 (OWASP's argon2id baseline); the constants are valid.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a PIN with the given 16 random salt bytes into a PHC string.
pub fn hash_pin(pin: &str, salt: &[u8; 16]) -> Result<String, String> {
    argon().hash_password_with_salt(pin.as_bytes(), salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

pub fn verify_pin(pin: &str, phc: &str) -> bool {
    argon().verify_password(pin.as_bytes(), phc).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("602814", Ok(()))]
    #[case("199001", Err(PinError::Date))]
    #[case("202601", Err(PinError::Date))]
    #[case("121990", Err(PinError::Date))]
    #[case("1990101", Err(PinError::Date))]
    #[case("2026115", Err(PinError::Date))]
    #[case("1511990", Err(PinError::Date))]
    #[case("208461", Ok(()))]
    #[case("9371254", Ok(()))]
    #[case("93712584", Ok(()))]
    #[case("12345", Err(PinError::Form))]
    #[case("123456789", Err(PinError::Form))]
    #[case("12a456", Err(PinError::Form))]
    #[case("111111", Err(PinError::Repeated))]
    #[case("123456", Err(PinError::Run))]
    #[case("654321", Err(PinError::Run))]
    #[case("7890123", Err(PinError::Run))]
    #[case("19491231", Err(PinError::Date))]
    #[case("31121949", Err(PinError::Date))]
    #[case("881008", Err(PinError::Date))]
    #[case("081088", Err(PinError::Date))]
    fn new_pins(#[case] pin: &str, #[case] want: Result<(), PinError>) {
        assert_eq!(check_new_pin(pin), want);
    }

    #[test]
    fn hash_round_trip_is_argon2id_with_the_agreed_cost() {
        let phc = hash_pin("602814", &[7u8; 16]).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_pin("602814", &phc));
        assert!(!verify_pin("602815", &phc));
        assert!(!verify_pin("602814", "not a hash"));
    }
}

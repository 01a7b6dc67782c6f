//! Recuperation e-letters: numbers per GB/T 9704, days from the dates, the canonical record
//! and its verification code (HMAC-SHA256 with the centre's secret, 10 base32 characters).

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LetterType {
    Recuperation,
    Commitment,
}

impl LetterType {
    pub fn code(self) -> &'static str {
        match self {
            LetterType::Recuperation => "recuperation",
            LetterType::Commitment => "commitment",
        }
    }

    pub fn parse(s: &str) -> Option<LetterType> {
        [LetterType::Recuperation, LetterType::Commitment].into_iter().find(|t| t.code() == s)
    }
}

/// A letter number: `{short}` (the agency code), `{year}` and `{seq}`; `seq` has no leading
/// zeros unless `width` > 0 (GB/T 9704: `余工疗函〔2026〕12号`; write `第{seq}` to add 第).
pub fn letter_number(format: &str, short: &str, year: i32, seq: u32, width: u32) -> String {
    let seq = format!("{seq:0width$}", width = width as usize);
    format.replace("{short}", short).replace("{year}", &year.to_string()).replace("{seq}", &seq)
}

/// Days of a stay, both ends counted; `None` when the end is before the start.
pub fn days(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    (end >= start).then(|| (end - start).num_days() as u32 + 1)
}

/// What a letter's code signs. `copies` are the SHA-256 (hex) of each copy's full text as
/// issued (the unit's, then the worker's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonical {
    pub letter_type: LetterType,
    pub number: String,
    pub id_masked: String,
    pub name: String,
    pub unit: String,
    pub recipient: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub issued: NaiveDate,
    pub copies: Vec<String>,
}

impl Canonical {
    /// One `key=value` line per field, in a fixed order; CR and LF in values become spaces, so
    /// the record reads back the same from any file that carries it.
    pub fn text(&self) -> String {
        let clean = |s: &str| s.replace(['\r', '\n'], " ");
        let mut out = format!(
            "v=1\ntype={}\nnumber={}\nid={}\nname={}\nunit={}\nrecipient={}\nstart={}\nend={}\nissued={}\n",
            self.letter_type.code(),
            clean(&self.number),
            clean(&self.id_masked),
            clean(&self.name),
            clean(&self.unit),
            clean(&self.recipient),
            self.start,
            self.end,
            self.issued
        );
        for (i, c) in self.copies.iter().enumerate() {
            out.push_str(&format!("copy{}={}\n", i + 1, clean(c)));
        }
        out
    }
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

type HmacSha256 = hmac::Hmac<Sha256>;

fn mac(key: &[u8], message: &[u8]) -> HmacSha256 {
    use hmac::{KeyInit, Mac};
    // HMAC takes a key of any length, so this cannot fail; an empty key is refused by nothing.
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    m.update(message);
    m
}

/// HMAC-SHA256 (RFC 2104), by the `hmac` crate.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use hmac::Mac;
    mac(key, message).finalize().into_bytes().into()
}

/// The full HMAC-SHA256 in lower-case hex (a purge's seal).
pub fn mac_hex(key: &[u8], message: &[u8]) -> String {
    hmac_sha256(key, message).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `hex` is the HMAC-SHA256 of `message`, compared in constant time by the `hmac`
/// crate (`verify_slice`).
pub fn verify_mac(key: &[u8], message: &[u8], hex: &str) -> bool {
    use hmac::Mac;
    let tag: Option<Vec<u8>> = (hex.len() == 64)
        .then(|| (0..32).map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()).collect())
        .flatten();
    tag.is_some_and(|t| mac(key, message).verify_slice(&t).is_ok())
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The verification code: the first 50 bits of the HMAC as 10 base32 characters, `ABCDE-FGH23`.
pub fn code(secret: &[u8], record: &Canonical) -> String {
    let mac = hmac_sha256(secret, record.text().as_bytes());
    let bits = u64::from_be_bytes([mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], mac[6], mac[7]]);
    let chars: String = (0..10).map(|i| BASE32[((bits >> (59 - 5 * i)) & 31) as usize] as char).collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// A code as someone typed or read it: any case, with or without the `-` or spaces; `None`
/// when it cannot be a code.
pub fn normalize_code(input: &str) -> Option<String> {
    let folded = super::text::fold_ascii(input);
    let chars: String =
        folded.chars().filter(|c| !matches!(c, '-' | ' ')).map(|c| c.to_ascii_uppercase()).collect();
    (chars.len() == 10 && chars.bytes().all(|b| BASE32.contains(&b)))
        .then(|| format!("{}-{}", &chars[..5], &chars[5..]))
}

/// Codes compared without leaking where they differ (`subtle`'s constant-time equality).
pub fn same_code(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// What one SMS segment holds in Chinese (UCS-2: 70 characters).
pub const SMS_CHARS: usize = 70;

/// The worker's short message: letter, number, unit, dates, code, the centre's phone. A unit
/// name too long for one segment is cut first; nothing else is.
pub fn sms_text(
    letter_name: &str,
    number: &str,
    unit: &str,
    start: NaiveDate,
    end: NaiveDate,
    code: &str,
    phone: &str,
) -> String {
    use chrono::Datelike;
    let day = |d: NaiveDate| format!("{}月{}日", d.month(), d.day());
    let build = |u: &str| {
        format!("{letter_name}{number}：{u}，{}至{}，验证码{code}，咨询{phone}", day(start), day(end))
    };
    let full = build(unit);
    let over = full.chars().count().saturating_sub(SMS_CHARS);
    if over == 0 {
        return full;
    }
    let keep = unit.chars().count().saturating_sub(over + 1);
    let short: String = unit.chars().take(keep).collect::<String>() + "…";
    build(&short)
}

#[cfg(test)]
mod tests;

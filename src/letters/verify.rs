//! Verification: a number and code (a unit on the phone), or a file as issued. The answer's
//! first word and exit code are fixed by DESIGN.md: valid 0, void or replaced 3, unknown 4,
//! altered 5.

use super::files;
use crate::db::DbError;
use crate::db::letters::{self, LetterRow};
use crate::domain::letter::{code as sign, normalize_code, same_code};
use rusqlite::Connection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid(Box<LetterRow>),
    Void(Box<LetterRow>),
    Replaced { letter: Box<LetterRow>, by: String },
    Unknown,
    Altered,
}

impl Verdict {
    pub fn word(&self) -> &'static str {
        match self {
            Verdict::Valid(_) => "valid",
            Verdict::Void(_) => "void",
            Verdict::Replaced { .. } => "replaced",
            Verdict::Unknown => "unknown",
            Verdict::Altered => "altered",
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Verdict::Valid(_) => 0,
            Verdict::Void(_) | Verdict::Replaced { .. } => 3,
            Verdict::Unknown => 4,
            Verdict::Altered => 5,
        }
    }
}

/// The stored letter's standing, after checking that its record still matches its code.
fn standing(conn: &Connection, secret: &[u8], l: LetterRow) -> Result<Verdict, DbError> {
    match super::canonical_of(&l) {
        Some(c) if same_code(&sign(secret, &c), &l.code) => {}
        // Past retention the name is masked, so the record cannot be signed again; the number
        // and code still match what was stored, and the standing is still known.
        _ if l.files == "purged" => {}
        // The stored record no longer matches what was signed.
        _ => return Ok(Verdict::Altered),
    }
    if let Some(by) = l.replaced_by {
        let by = letters::by_id(conn, by)?.map(|n| n.number).unwrap_or_default();
        return Ok(Verdict::Replaced { letter: Box::new(l), by });
    }
    if l.state == "void" {
        return Ok(Verdict::Void(Box::new(l)));
    }
    Ok(Verdict::Valid(Box::new(l)))
}

/// A number and a code as read out on the phone.
pub fn by_code(conn: &Connection, secret: &[u8], number: &str, code: &str) -> Result<Verdict, DbError> {
    let Some(code) = normalize_code(code) else { return Ok(Verdict::Unknown) };
    // Read out on the phone, 〔〕 often arrive as [ ], ( ), 【】 or （）.
    let folded: String = crate::domain::text::fold_ascii(number)
        .trim()
        .chars()
        .map(|c| match c {
            '[' | '(' | '【' | '（' | '〈' => '〔',
            ']' | ')' | '】' | '）' | '〉' => '〕',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    match letters::by_number(conn, &folded)? {
        Some(l) if same_code(&l.code, &code) => standing(conn, secret, l),
        _ => Ok(Verdict::Unknown),
    }
}

/// A file as issued (`.txt`, `.html` or `.eml`): any change to its visible text is altered.
pub fn by_file(conn: &Connection, secret: &[u8], content: &str) -> Result<Verdict, DbError> {
    let (key, text) = if content.contains("X-Frontdesk-Letter:") {
        match files::eml_parts(content) {
            Some(p) => p,
            None => return Ok(Verdict::Altered),
        }
    } else if content.contains("<pre>") {
        match (files::html_meta(content, "frontdesk-letter"), files::html_text(content)) {
            (Some(k), Some(t)) => (k, t),
            _ => return Ok(Verdict::Unknown),
        }
    } else {
        let key =
            content.lines().find_map(|l| l.strip_prefix("frontdesk-letter:")).map(|k| k.trim().to_string());
        match key {
            Some(k) => (k, content.to_string()),
            None => return Ok(Verdict::Unknown),
        }
    };
    let Some((ty, year, seq)) = files::parse_key(&key) else { return Ok(Verdict::Unknown) };
    let Some(l) = letters::by_key(conn, &ty, year, seq)? else { return Ok(Verdict::Unknown) };
    if l.files == "purged" {
        // Its texts were cleared past retention: there is nothing left to compare a file with.
        return Ok(Verdict::Unknown);
    }
    let normal = |s: &str| s.replace("\r\n", "\n");
    if normal(&text) != normal(&l.unit_text) && normal(&text) != normal(&l.worker_text) {
        return Ok(Verdict::Altered);
    }
    standing(conn, secret, l)
}

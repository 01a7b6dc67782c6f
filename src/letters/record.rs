//! A stored letter against its code: the canonical record recomputed from the stored fields
//! every time, the stored texts against the hashes the code signs, the letter's mark over the
//! rest of its row (`db::letter_marks`), and the seal a purge leaves over what remains once
//! the name is masked and the texts are gone.

use super::{CODE_MARK, canonical_of, files};
use crate::db::letters::LetterRow;
use crate::db::{DbError, letter_marks, letter_seals};
use crate::domain::letter::{self, Canonical};
use rusqlite::Connection;

/// Whether the letter in the database is still the letter its code signed.
pub fn holds(conn: &Connection, secret: &[u8], l: &LetterRow) -> Result<bool, DbError> {
    let Some(c) = canonical_of(l) else { return Ok(false) };
    // What the code does not sign (the worker, the details, void or replaced, and why) is
    // held by the letter's mark.
    if !letter_marks::holds(conn, secret, l.id)? {
        return Ok(false);
    }
    if l.files == "purged" {
        // The name was masked and the texts cleared: only the purge's seal can vouch for what
        // remains, and a letter without one (or with another's) does not hold.
        let seal = letter_seals::get(conn, l.id)?;
        return Ok(seal.is_some_and(|s| letter::verify_mac(secret, seal_text(&c, &l.code).as_bytes(), &s)));
    }
    Ok(letter::same_code(&letter::code(secret, &c), &l.code) && texts_hold(&c, l))
}

/// Each stored copy is the text whose SHA-256 the code signs: the body with the code's mark,
/// then the footer of this very record.
fn texts_hold(c: &Canonical, l: &LetterRow) -> bool {
    let footer = files::footer(c, &l.code, l.year, l.seq);
    [(&l.unit_text, &l.unit_sha), (&l.worker_text, &l.worker_sha)].into_iter().all(|(text, sha)| {
        text.strip_suffix(&footer)
            .is_some_and(|body| sha.as_str() == letter::sha256_hex(&body.replace(&l.code, CODE_MARK)))
    })
}

/// What a purge's seal signs: the record as the purge leaves it, and the code.
fn seal_text(c: &Canonical, code: &str) -> String {
    format!("purged\n{}code={code}\n", c.text())
}

/// Before a purge masks this letter: its seal over the record as it will be left (`masked_name`
/// in place of the name), or `None` when the record no longer holds now (a forged record is
/// never sealed).
pub fn seal_for_purge(
    conn: &Connection,
    secret: &[u8],
    l: &LetterRow,
    masked_name: &str,
) -> Result<Option<String>, DbError> {
    if !holds(conn, secret, l)? {
        return Ok(None);
    }
    let Some(mut c) = canonical_of(l) else { return Ok(None) };
    c.name = masked_name.to_string();
    Ok(Some(letter::mac_hex(secret, seal_text(&c, &l.code).as_bytes())))
}

/// Seals every letter the purge is about to clear (inside its transaction, before it runs).
pub fn seal_before_purge(conn: &Connection, secret: &[u8], ids: &[i64]) -> Result<(), DbError> {
    for &id in ids {
        let Some(l) = crate::db::letters::by_id(conn, id)? else { continue };
        let masked = crate::domain::text::mask_name(&l.name);
        if let Some(seal) = seal_for_purge(conn, secret, &l, &masked)? {
            letter_seals::put(conn, id, &seal)?;
        }
    }
    Ok(())
}

/// The numbers of the letters whose stored record no longer matches its code and mark, or
/// that the audit trail says were voided or replaced while the database says they stand
/// (`check`): a mark can be put back from an older copy of the row, a void on record cannot.
pub fn broken(conn: &Connection, secret: &[u8]) -> Result<Vec<String>, DbError> {
    let mut out = vec![];
    for id in letter_seals::all_ids(conn)? {
        let Some(l) = crate::db::letters::by_id(conn, id)? else { continue };
        if !holds(conn, secret, &l)? {
            out.push(l.number);
        }
    }
    for number in crate::db::audit_search::letters_not_on_record(conn)? {
        if !out.contains(&number) {
            out.push(number);
        }
    }
    for number in crate::db::audit_search::letters_issued_but_gone(conn)? {
        if !out.contains(&number) {
            out.push(number);
        }
    }
    for number in crate::db::audit_search::letters_voided(conn)? {
        let standing = crate::db::letters::by_number(conn, &number)?;
        if standing.is_none_or(|l| l.state != "void") && !out.contains(&number) {
            out.push(number);
        }
    }
    Ok(out)
}

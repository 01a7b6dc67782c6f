//! The audit trail's head, signed and anchored. Each row carries the SHA-256 of the one before
//! (`audit.rs`), so an edit or a deletion breaks the chain — unless the whole chain after it
//! is recomputed, which needs no secret. So the head (`id:hash` of the last row) is signed too:
//! an HMAC with a key derived from the letter key beside the database, never in it. Each row
//! appended signs the new head only if the seal matched the head it found; otherwise the seal
//! says from which row the trail stopped matching, and stays so. Nothing is audited without the
//! key (a database file without its key file refuses to append).
//!
//! What the signature cannot see is the trail cut back to an earlier head whose signature was
//! copied at the time. `check` therefore keeps the head it verified in a file beside the key
//! (`<db>.audit-head`) and prints it, so it can be kept elsewhere too: the next `check`
//! finds the trail still extending that head, or says it does not.

use super::{Result, keyfile, settings};
use crate::domain::letter::{hmac_sha256, mac_hex, verify_mac};
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const AUDIT_SEAL: &str = "audit_seal";
/// An HMAC of a fixed text with the audit key: a key file that is not this database's (a wrong
/// backup's) is told from a trail rewritten without the key, and refused.
pub const KEY_CHECK: &str = "audit_key_check";

/// The triggers the schema makes; a missing one is reported (dropped to edit rows quietly).
pub const TRIGGERS: [&str; 4] =
    ["audit_log_no_update", "audit_log_no_delete", "visits_one_current", "letters_replaced_once"];

/// Audit keys read once per database file (a key file found missing is looked for again).
static KEYS: Mutex<Option<HashMap<PathBuf, Vec<u8>>>> = Mutex::new(None);

/// The key that signs the head: derived from the letter key, so there is one secret to keep.
pub fn key_for(db: &Path) -> Option<Vec<u8>> {
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    let keys = keys.get_or_insert_with(HashMap::new);
    if let Some(k) = keys.get(db) {
        return Some(k.clone());
    }
    let letter_key = keyfile::read_key(db).ok()?;
    let k = hmac_sha256(&letter_key, b"frontdesk audit head v1").to_vec();
    keys.insert(db.to_path_buf(), k.clone());
    Some(k)
}

/// The key for this connection's database: `None` for one in memory (tests); a database file
/// whose key file is missing is an error, so nothing is audited unsigned.
fn key_of(conn: &Connection) -> Result<Option<Vec<u8>>> {
    let Some(path) = conn.path().filter(|p| !p.is_empty()) else { return Ok(None) };
    let path = Path::new(path);
    let key = key_for(path).ok_or_else(|| super::DbError::KeyMissing(keyfile::key_path(path)))?;
    match settings::get(conn, KEY_CHECK)? {
        Some(check) if !verify_mac(&key, KEY_CHECK_TEXT, &check) => {
            Err(super::DbError::KeyWrong(keyfile::key_path(path)))
        }
        Some(_) => Ok(Some(key)),
        None => {
            settings::set(conn, KEY_CHECK, &mac_hex(&key, KEY_CHECK_TEXT))?;
            Ok(Some(key))
        }
    }
}

const KEY_CHECK_TEXT: &[u8] = b"frontdesk key check";

fn text(head: &str) -> String {
    format!("audit-head\n{head}\n")
}

/// What the seal says when the head it found did not match: from that row on, the trail
/// cannot be vouched for, and no later row signs it again.
const BROKEN: &str = "broken:";

/// Signs the head as the upgrade finds it (migration 17), when the key is there.
pub fn seal_head(conn: &Connection) -> Result<()> {
    let Some(head) = settings::get(conn, settings::AUDIT_HEAD)? else { return Ok(()) };
    let Some(path) = conn.path().filter(|p| !p.is_empty()) else { return Ok(()) };
    let Some(key) = key_for(Path::new(path)) else { return Ok(()) };
    settings::set(conn, KEY_CHECK, &mac_hex(&key, KEY_CHECK_TEXT))?;
    settings::set(conn, AUDIT_SEAL, &mac_hex(&key, text(&head).as_bytes()))
}

/// Signs `head`, just appended after `before` (the last row as the table had it, `None` for the
/// first row), inside the appending transaction. The new head is signed only when the seal
/// matched `before`: a trail rewritten or cut back without the key stays marked from the row
/// where it was found, however many rows follow.
pub(super) fn seal(conn: &Connection, before: Option<&str>, head: &str) -> Result<()> {
    let Some(key) = key_of(conn)? else { return Ok(()) };
    let seal = settings::get(conn, AUDIT_SEAL)?;
    let value = match (before, seal) {
        // The first row of a trail that had rows (a seal, or a head, says so): wiped.
        (None, Some(s)) if s.starts_with(BROKEN) => s,
        (None, Some(_)) => format!("{BROKEN}0"),
        (None, None) if settings::get(conn, settings::AUDIT_HEAD)?.is_some_and(|h| h != head) => {
            format!("{BROKEN}0")
        }
        (None, None) => mac_hex(&key, text(head).as_bytes()),
        (Some(_), Some(s)) if s.starts_with(BROKEN) => s,
        (Some(b), Some(s)) if verify_mac(&key, text(b).as_bytes(), &s) => {
            mac_hex(&key, text(head).as_bytes())
        }
        (Some(b), _) => format!("{BROKEN}{}", b.split(':').next().unwrap_or_default()),
    };
    settings::set(conn, AUDIT_SEAL, &value)
}

/// What is wrong with the trail beyond its chain; `check` words it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The head carries no signature.
    Unsigned,
    /// The head does not match its signature: rewritten without the key.
    Rewritten,
    /// A row was appended to a head that did not match its signature (the trail up to that
    /// row was rewritten or cut back without the key).
    BrokenAt(i64),
    /// A trigger the schema makes is gone.
    TriggerMissing(&'static str),
    /// The anchor beside the key is not a head (`id:hash`) or not a file to read.
    AnchorUnreadable,
    /// The row an earlier check anchored has another hash now.
    AnchorChanged(i64),
    /// The trail no longer reaches the row an earlier check anchored.
    CutBack(i64),
}

/// Problems with the head's signature and the schema's triggers.
pub fn problems(conn: &Connection, key: &[u8]) -> Result<Vec<Problem>> {
    let mut out = vec![];
    let head = settings::get(conn, settings::AUDIT_HEAD)?;
    let seal = settings::get(conn, AUDIT_SEAL)?;
    match (head, seal) {
        (None, _) => {}
        (Some(_), None) => out.push(Problem::Unsigned),
        (Some(_), Some(s)) if s.starts_with(BROKEN) => {
            out.push(Problem::BrokenAt(s[BROKEN.len()..].parse().unwrap_or_default()))
        }
        (Some(h), Some(s)) if !verify_mac(key, text(&h).as_bytes(), &s) => out.push(Problem::Rewritten),
        _ => {}
    }
    for t in TRIGGERS {
        let present: Option<i64> = conn
            .query_row("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1", [t], |r| r.get(0))
            .optional()?;
        if present.is_none() {
            out.push(Problem::TriggerMissing(t));
        }
    }
    Ok(out)
}

/// The file beside the key that keeps the last head `check` verified.
pub fn anchor_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".audit-head");
    db.with_file_name(name)
}

/// Whether the trail still extends the anchored head (`id:hash`): the row of that id is still
/// there with that hash. `None` when it does.
pub fn extends(conn: &Connection, anchored: &str) -> Result<Option<Problem>> {
    let parsed = anchored.trim().split_once(':').and_then(|(id, hash)| Some((id.parse::<i64>().ok()?, hash)));
    let Some((id, hash)) = parsed else { return Ok(Some(Problem::AnchorUnreadable)) };
    let stored: Option<String> =
        conn.query_row("SELECT hash FROM audit_log WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    Ok(match stored {
        Some(h) if h == hash => None,
        Some(_) => Some(Problem::AnchorChanged(id)),
        None => Some(Problem::CutBack(id)),
    })
}

/// The anchor beside this connection's database, if there is one, against the trail (a
/// database rolled back to an older copy as a whole does not extend it): `letter verify` asks.
pub fn anchor_problem(conn: &Connection) -> Result<Option<Problem>> {
    let Some(path) = conn.path().filter(|p| !p.is_empty()) else { return Ok(None) };
    match read_anchor(&anchor_path(Path::new(path))) {
        Anchor::None => Ok(None),
        Anchor::Unreadable => Ok(Some(Problem::AnchorUnreadable)),
        Anchor::Head(h) => extends(conn, &h),
    }
}

/// What the anchor file holds.
pub enum Anchor {
    /// No file: no check has anchored a head yet.
    None,
    /// Not a regular file of one short line (a link, a device, anything larger): never
    /// followed, never read past its first bytes, never shown.
    Unreadable,
    Head(String),
}

/// Reads the anchor without following a link and without reading more than a head's length.
pub fn read_anchor(path: &Path) -> Anchor {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Anchor::None,
        Ok(m) if m.file_type().is_file() && m.len() <= 128 => {}
        _ => return Anchor::Unreadable,
    }
    let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW).open(path);
    let mut text = String::new();
    match file.map(|f| f.take(128).read_to_string(&mut text)) {
        Ok(Ok(_)) => Anchor::Head(text),
        _ => Anchor::Unreadable,
    }
}

//! The audit trail's head, signed and anchored. Each row carries the SHA-256 of the one before
//! (`audit.rs`), so an edit or a deletion breaks the chain — unless the whole chain after it
//! is recomputed, which needs no secret. So the head (`id:hash` of the last row) is signed too:
//! an HMAC with a key derived from the letter key beside the database, never in it, rewritten
//! with every row. A chain rewritten without the key no longer matches its signed head.
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

fn key_of(conn: &Connection) -> Option<Vec<u8>> {
    let path = conn.path().filter(|p| !p.is_empty())?;
    key_for(Path::new(path))
}

fn text(head: &str) -> String {
    format!("audit-head\n{head}\n")
}

/// Signs the recorded head (inside the transaction that appended to it). Without a key file
/// (a database being made, or its key lost) the head stays unsigned and `check` says so.
pub fn seal_head(conn: &Connection) -> Result<()> {
    match settings::get(conn, settings::AUDIT_HEAD)? {
        Some(head) => seal(conn, &head),
        None => Ok(()),
    }
}

/// Signs `head`, just recorded.
pub(super) fn seal(conn: &Connection, head: &str) -> Result<()> {
    let Some(key) = key_of(conn) else { return Ok(()) };
    settings::set(conn, AUDIT_SEAL, &mac_hex(&key, text(head).as_bytes()))
}

/// What is wrong with the trail beyond its chain; `check` words it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The head carries no signature.
    Unsigned,
    /// The head does not match its signature: rewritten without the key.
    Rewritten,
    /// A trigger the schema makes is gone.
    TriggerMissing(&'static str),
    /// The anchored head is not an `id:hash`.
    AnchorUnreadable(String),
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
    let Some((id, hash)) = parsed else {
        return Ok(Some(Problem::AnchorUnreadable(anchored.trim().to_string())));
    };
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
    match std::fs::read_to_string(anchor_path(Path::new(path))) {
        Ok(anchored) => extends(conn, &anchored),
        Err(_) => Ok(None),
    }
}

//! The letter-code secret: 32 random bytes in a key file beside the database, never in it.

use super::{DbError, Result};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

pub fn key_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".key");
    db.with_file_name(name)
}

pub(super) fn create_key(db: &Path) -> Result<()> {
    let path = key_path(db);
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| DbError::Io { path: path.clone(), source: std::io::Error::other(e.to_string()) })?;
    write_new(&path, hex(&bytes).as_bytes())
}

pub(super) fn copy_key(from: &Path, to: &Path) -> Result<()> {
    let text = std::fs::read(from).map_err(|source| DbError::Io { path: from.to_path_buf(), source })?;
    write_new(to, &text)
}

fn write_new(path: &Path, content: &[u8]) -> Result<()> {
    let io = |source| DbError::Io { path: path.to_path_buf(), source };
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(mut f) => {
            f.write_all(content).map_err(io)?;
            f.sync_all().map_err(io)
        }
        // Created by another terminal opening the same new database.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(e)),
    }
}

/// The secret, for letter verification codes.
pub fn read_key(db: &Path) -> Result<Vec<u8>> {
    let path = key_path(db);
    let text = std::fs::read_to_string(&path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => DbError::KeyMissing(path.clone()),
        _ => DbError::Io { path: path.clone(), source },
    })?;
    unhex(text.trim()).ok_or_else(|| DbError::Io {
        path,
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not a frontdesk key file"),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

//! The outbox: each letter's files are written to temporary names, synced, then renamed into
//! place after the transaction committed; a crash in between leaves the letter marked pending,
//! and `rebuild` (at start and in `frontdesk check`) writes it again from the stored texts.

use super::files::{self, Mail};
use crate::config::Settings;
use crate::db::letters::{self, LetterRow};
use crate::db::{DbError, workers};
use rusqlite::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};

const TEMP: &str = ".tmp-";

/// The outbox folder: config's `outbox`, else `outbox/` beside the database.
pub fn dir(settings: &Settings, db: &Path) -> PathBuf {
    settings.config.outbox.clone().unwrap_or_else(|| db.with_file_name("outbox"))
}

/// The files of one letter: (name, content), the messages dated when it was issued.
pub fn contents(settings: &Settings, l: &LetterRow, worker_email: Option<&str>) -> Vec<(String, String)> {
    contents_dated(settings, l, worker_email, None)
}

/// The files of one letter with its messages dated `date` (the moment they are sent), or when
/// it was issued.
pub fn contents_dated(
    settings: &Settings,
    l: &LetterRow,
    worker_email: Option<&str>,
    date: Option<chrono::DateTime<chrono::Utc>>,
) -> Vec<(String, String)> {
    contents_in(files::Layout::CURRENT, settings, l, worker_email, date)
}

/// The files of one letter as every layout wrote them (verification accepts any).
pub fn contents_any_layout(
    settings: &Settings,
    l: &LetterRow,
    worker_email: Option<&str>,
) -> Vec<(String, String)> {
    files::Layout::ALL
        .into_iter()
        .flat_map(|layout| contents_in(layout, settings, l, worker_email, None))
        .collect()
}

fn contents_in(
    layout: files::Layout,
    settings: &Settings,
    l: &LetterRow,
    worker_email: Option<&str>,
    date: Option<chrono::DateTime<chrono::Utc>>,
) -> Vec<(String, String)> {
    let c = &settings.config;
    let base = files::base_name(l);
    let record = super::canonical_of(l).map(|r| r.text()).unwrap_or_default();
    let page = files::html_in(layout, l, &l.unit_text, &c.centre.phone, &record);
    let worker_page = files::html_in(layout, l, &l.worker_text, &c.centre.phone, &record);
    let from = c.smtp.as_ref().map(|s| s.from.clone()).unwrap_or_else(|| "frontdesk@localhost".into());
    let date = date
        .map(|d| d.fixed_offset())
        .or_else(|| chrono::DateTime::parse_from_rfc3339(&l.issued_at).ok())
        .unwrap_or_else(|| chrono::Utc::now().fixed_offset())
        .with_timezone(&settings.tz)
        .fixed_offset();
    let subject = format!("{} {} {}", c.letters.recuperation_name, l.number, l.name);
    // A commitment is printed for signature: its text and its A4 page, no e-mail.
    if l.letter_type == "commitment" {
        return vec![(format!("{base}.txt"), l.unit_text.clone()), (format!("{base}.html"), page)];
    }
    let mut out = vec![
        (format!("{base}.txt"), l.unit_text.clone()),
        (format!("{base}.worker.txt"), l.worker_text.clone()),
        (format!("{base}.html"), page.clone()),
    ];
    if let Some(unit) = c.recuperation_units.iter().find(|u| u.code == l.recipient) {
        let id = format!("{base}.unit@{}", from.rsplit('@').next().unwrap_or("localhost"));
        let mail = Mail {
            from: &from,
            from_name: &c.centre.name,
            to: &unit.email,
            to_name: &unit.name,
            subject: &subject,
            date,
            message_id: &id,
        };
        // An address that is not one makes no message; sending says so (`send::messages`).
        if let Ok(eml) = files::eml(l, &mail, &l.unit_text, &page, &record) {
            out.push((format!("{base}.unit.eml"), eml));
        }
    }
    if let Some(email) = worker_email.filter(|e| e.contains('@')) {
        let id = format!("{base}.worker@{}", from.rsplit('@').next().unwrap_or("localhost"));
        let mail = Mail {
            from: &from,
            from_name: &c.centre.name,
            to: email,
            to_name: &l.name,
            subject: &subject,
            date,
            message_id: &id,
        };
        if let Ok(eml) = files::eml(l, &mail, &l.worker_text, &worker_page, &record) {
            out.push((format!("{base}.worker.eml"), eml));
        }
    }
    out
}

/// Whether every file of the letter is in the outbox as written: a plain file (a link in its
/// place is never followed) showing what the letter's file shows — the same bytes for a text
/// or a page (in any layout), the same view for a message (its Date and boundary aside).
fn files_hold(settings: &Settings, l: &LetterRow, email: Option<&str>, outbox: &Path) -> bool {
    let any = contents_any_layout(settings, l, email);
    contents(settings, l, email).iter().all(|(name, _)| {
        let ours: Vec<&str> = any.iter().filter(|(n, _)| n == name).map(|(_, c)| c.as_str()).collect();
        file_shows(outbox, name, &ours)
    })
}

/// Whether the outbox file `name` is a plain file showing what one of `ours` shows: the same
/// bytes for a text or a page, the same view for a message (its Date and boundary aside).
pub fn file_shows(outbox: &Path, name: &str, ours: &[&str]) -> bool {
    let path = outbox.join(name);
    if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
        return false;
    }
    let Ok(bytes) = std::fs::read(&path) else { return false };
    if name.ends_with(".eml") {
        let seen = super::mail_view::view(&bytes);
        seen.is_some() && ours.iter().any(|c| super::mail_view::view(c.as_bytes()) == seen)
    } else {
        ours.iter().any(|c| c.as_bytes() == bytes.as_slice())
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DbError + '_ {
    move |source| DbError::Io { path: path.to_path_buf(), source }
}

/// Writes a letter's files: every one to a temporary name first (synced), then all renamed.
pub fn write(
    settings: &Settings,
    outbox: &Path,
    l: &LetterRow,
    worker_email: Option<&str>,
) -> Result<Vec<PathBuf>, DbError> {
    std::fs::create_dir_all(outbox).map_err(io(outbox))?;
    let files = contents(settings, l, worker_email);
    let mut done = vec![];
    // A folder where a file goes is named as the trouble, before anything is written.
    for (name, _) in &files {
        let path = outbox.join(name);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            return Err(DbError::Io { path, source: std::io::Error::from(std::io::ErrorKind::IsADirectory) });
        }
    }
    let staged = files.iter().try_for_each(|(name, content)| {
        let tmp = outbox.join(format!("{TEMP}{name}"));
        let mut f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
        f.write_all(content.as_bytes()).map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))
    });
    if let Err(e) = staged {
        for (name, _) in &files {
            let _ = std::fs::remove_file(outbox.join(format!("{TEMP}{name}")));
        }
        return Err(e);
    }
    for (name, _) in &files {
        let (tmp, path) = (outbox.join(format!("{TEMP}{name}")), outbox.join(name));
        std::fs::rename(&tmp, &path).map_err(io(&tmp))?;
        done.push(path);
    }
    Ok(done)
}

/// Writes one file of a letter again (a message as it was sent), by a temporary name.
pub fn write_one(outbox: &Path, name: &str, content: &str) -> Result<PathBuf, DbError> {
    std::fs::create_dir_all(outbox).map_err(io(outbox))?;
    let (tmp, path) = (outbox.join(format!("{TEMP}{name}")), outbox.join(name));
    let mut f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    f.write_all(content.as_bytes()).map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    std::fs::rename(&tmp, &path).map_err(io(&tmp))?;
    Ok(path)
}

/// Writes the files of every letter still pending (and, with `full`, of every letter missing
/// any file) and removes stray temporaries; returns the numbers of the letters rebuilt.
pub fn rebuild(
    conn: &Connection,
    settings: &Settings,
    outbox: &Path,
    full: bool,
    secret: Option<&[u8]>,
) -> Result<Vec<String>, DbError> {
    if let Ok(entries) = std::fs::read_dir(outbox) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(TEMP) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let mut rebuilt = vec![];
    // Purged letters and those stored without files (the bulk demo) stay without. One letter
    // in memory at a time.
    for id in letters::ids_with_files(conn, full)? {
        let Some(l) = letters::by_id(conn, id)? else { continue };
        let email = workers::by_id(conn, l.worker_id)?.and_then(|w| w.email);
        let complete = files_hold(settings, &l, email.as_deref(), outbox);
        if l.files == "written" && complete {
            continue;
        }
        // A row edited in the database is never written out as a letter (`check` names it).
        if let Some(secret) = secret
            && !super::record::holds(conn, secret, &l)?
        {
            continue;
        }
        write(settings, outbox, &l, email.as_deref())?;
        letters::files_written(conn, l.id)?;
        rebuilt.push(l.number);
    }
    rebuilt.sort();
    Ok(rebuilt)
}

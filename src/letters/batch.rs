//! Recuperation batches: a roster of workers for one unit and dates, every letter issued in
//! one transaction (all or none, numbers gapless) with one roster message to the unit.

use super::{By, ComposeError, NewLetter, files, issue_in};
use crate::config::Settings;
use crate::db::audit::{self, Entry};
use crate::db::letters::LetterRow;
use crate::db::{self, DbError, batches, letters, workers};
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

/// A worker on the roster, as read when added (the version is checked at issue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub worker_id: i64,
    pub version: i64,
    pub id_masked: String,
    pub name: String,
    pub work_unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBatch {
    pub recipient: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub places: Option<u32>,
    pub standard: String,
    pub note: String,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("the roster is empty")]
    Empty,
    #[error(transparent)]
    Compose(#[from] ComposeError),
    /// Someone changed this worker's record after they were put on the roster.
    #[error("{0}: the record changed; add the worker again")]
    Changed(String),
}

enum Fail {
    Refused(BatchError),
    Db(DbError),
}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Self {
        Fail::Db(e.into())
    }
}

impl From<DbError> for Fail {
    fn from(e: DbError) -> Self {
        Fail::Db(e)
    }
}

/// The end of the worker's last recuperation by letter (void ones aside).
pub fn last_recuperation(conn: &Connection, worker_id: i64) -> Result<Option<NaiveDate>, DbError> {
    letters::last_recuperation(conn, worker_id)
}

/// Days since the last recuperation when that is inside the configured interval.
pub fn too_soon(last_end: Option<NaiveDate>, start: NaiveDate, interval_days: u32) -> Option<i64> {
    let days = (start - last_end?).num_days();
    (days < i64::from(interval_days)).then_some(days)
}

/// Issues the batch: all letters and the roster in one transaction, or nothing.
pub fn issue(
    conn: &mut Connection,
    settings: &Settings,
    secret: &[u8],
    b: &NewBatch,
    by: &By,
) -> Result<Result<(i64, Vec<LetterRow>), BatchError>, DbError> {
    let Some(first) = b.members.first() else { return Ok(Err(BatchError::Empty)) };
    if let Err(e) = super::compose(settings, &letter_for(b, first), "", by.today) {
        return Ok(Err(e.into()));
    }
    let year = by.today.year();
    let result = db::write(conn, |tx| -> Result<(i64, Vec<LetterRow>), Fail> {
        let seq = letters::next_seq(tx, "batch", year)?;
        let row = batches::NewBatchRow {
            year,
            seq,
            recipient: &b.recipient,
            start_on: b.start,
            end_on: b.end,
            issued_at: by.at,
            issued_by: by.actor.clerk_id,
        };
        let batch_id = batches::insert(tx, &row)?;
        let mut issued = vec![];
        for m in &b.members {
            let now = workers::version(tx, m.worker_id)?;
            if now != Some(m.version) {
                return Err(Fail::Refused(BatchError::Changed(crate::domain::text::mask_name(&m.name))));
            }
            let l = match issue_in(tx, settings, secret, &letter_for(b, m), by)? {
                Ok(l) => l,
                Err(e) => return Err(Fail::Refused(e.into())),
            };
            batches::add_letter(tx, secret, batch_id, l.id)?;
            issued.push(l);
        }
        let roster = super::roster::text(settings, b, &issued, year, seq, by.today);
        batches::set_roster(tx, secret, batch_id, &roster)?;
        let detail = format!("batch={year}/{seq} letters={} unit={}", issued.len(), b.recipient);
        audit::append(tx, &by.actor, by.at, &Entry::new("batch_issue").detail(&detail))?;
        Ok((batch_id, issued))
    });
    match result {
        Ok(done) => Ok(Ok(done)),
        Err(Fail::Refused(e)) => Ok(Err(e)),
        Err(Fail::Db(e)) => Err(e),
    }
}

fn letter_for(b: &NewBatch, m: &Member) -> NewLetter {
    NewLetter {
        worker_id: m.worker_id,
        id_masked: m.id_masked.clone(),
        name: m.name.clone(),
        work_unit: m.work_unit.clone(),
        recipient: b.recipient.clone(),
        start: b.start,
        end: b.end,
        places: b.places,
        standard: b.standard.clone(),
        companions: String::new(),
        note: b.note.clone(),
        replaces: None,
        replace_reason: String::new(),
    }
}

/// The roster's files: text, and a message to the unit, in the current layout.
pub fn roster_files(
    settings: &Settings,
    conn: &Connection,
    batch_id: i64,
) -> Result<Vec<(String, String)>, DbError> {
    roster_files_in(files::Layout::CURRENT, settings, conn, batch_id)
}

/// The roster's files in a layout (verification accepts any).
pub fn roster_files_in(
    layout: files::Layout,
    settings: &Settings,
    conn: &Connection,
    batch_id: i64,
) -> Result<Vec<(String, String)>, DbError> {
    let Some(batches::Roster { year, seq, recipient, text }) = batches::roster(conn, batch_id)? else {
        return Ok(vec![]);
    };
    let c = &settings.config;
    let base = format!("batch-{year}-{seq:04}");
    let mut out = vec![(format!("{base}.roster.txt"), text.clone())];
    if let Some(unit) = c.recuperation_units.iter().find(|u| u.code == recipient) {
        let from = c.smtp.as_ref().map(|s| s.from.clone()).unwrap_or_else(|| "frontdesk@localhost".into());
        let subject = format!("疗休养人员名单 {year}年第{seq}批");
        let id = format!("{base}.roster@{}", from.rsplit('@').next().unwrap_or("localhost"));
        let mail = files::Mail {
            from: &from,
            from_name: &c.centre.name,
            to: &unit.email,
            to_name: &unit.name,
            subject: &subject,
            date: chrono::Utc::now().with_timezone(&settings.tz).fixed_offset(),
            message_id: &id,
        };
        let page = super::roster::page(layout, &text, year, seq, &subject);
        let key_row = LetterRow { letter_type: "batch".into(), year, seq, ..Default::default() };
        out.push((format!("{base}.roster.html"), page.clone()));
        // A unit whose address is not one gets no message (its delivery says why).
        if let Ok(eml) = files::eml(&key_row, &mail, &text, &page, "") {
            out.push((format!("{base}.roster.eml"), eml));
        }
    }
    Ok(out)
}

/// The roster's delivery: `pending` or `sent`.
pub fn roster_delivery(conn: &Connection, batch_id: i64) -> Result<Option<String>, DbError> {
    batches::delivery(conn, batch_id)
}

pub fn roster_sent(conn: &Connection, batch_id: i64) -> Result<(), DbError> {
    batches::mark_sent(conn, batch_id)
}

/// The roster message with its addressee, for the relay.
pub fn roster_message(
    settings: &Settings,
    conn: &Connection,
    batch_id: i64,
) -> Result<Option<(String, String)>, DbError> {
    let recipient = batches::recipient(conn, batch_id)?;
    let Some(unit) = recipient.and_then(|r| settings.config.recuperation_units.iter().find(|u| u.code == r))
    else {
        return Ok(None);
    };
    let eml = roster_files(settings, conn, batch_id)?.into_iter().find(|(n, _)| n.ends_with(".eml"));
    Ok(eml.map(|(_, body)| (unit.email.clone(), body)))
}

/// Writes again each roster file missing from the outbox or no longer showing the roster as
/// issued (`check`), for the batches whose mark holds; returns the files written.
pub fn rebuild_rosters(
    conn: &Connection,
    settings: &Settings,
    secret: &[u8],
    outbox: &std::path::Path,
) -> Result<Vec<String>, DbError> {
    let mut written = vec![];
    for id in batches::all_ids(conn)? {
        if !crate::db::letter_marks::batch_holds(conn, secret, id)? {
            continue;
        }
        let mut any = vec![];
        for layout in files::Layout::ALL {
            any.extend(roster_files_in(layout, settings, conn, id)?);
        }
        for (name, content) in roster_files(settings, conn, id)? {
            let ours: Vec<&str> = any.iter().filter(|(n, _)| *n == name).map(|(_, c)| c.as_str()).collect();
            if !super::outbox::file_shows(outbox, &name, &ours) {
                super::outbox::write_one(outbox, &name, &content)?;
                written.push(name);
            }
        }
    }
    Ok(written)
}

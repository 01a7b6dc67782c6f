//! Recuperation letters end to end below the screen: compose both copies from the templates,
//! issue in one transaction (number, code, stored texts), write the outbox files after the
//! commit, void, re-issue, and verify a number and code or a file as issued.

pub mod batch;
pub mod commitment;
pub mod files;
pub mod mail_view;
pub mod notice;
pub mod outbox;
pub mod record;
pub mod roster;
pub mod send;
pub mod verify;
pub mod visible;

use crate::config::Settings;
use crate::db::audit::{self, Actor, Entry};
use crate::db::letters::{self, LetterRow};
use crate::db::{self, DbError};
use crate::domain::letter::{self, Canonical, LetterType};
use crate::domain::text::strip_controls;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::Connection;

/// Where the code goes while the copies are hashed (a private-use character no value can hold).
pub const CODE_MARK: &str = "\u{E000}code\u{E000}";

/// A letter as the clerk composed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLetter {
    pub worker_id: i64,
    pub id_masked: String,
    pub name: String,
    pub work_unit: String,
    /// The recuperation unit's code (config).
    pub recipient: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub places: Option<u32>,
    pub standard: String,
    pub companions: String,
    pub note: String,
    /// The letter this one replaces (a re-issue).
    pub replaces: Option<i64>,
    /// Why it is replaced (required with `replaces`; the old letter's void reason).
    pub replace_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("the end date is before the start date")]
    Dates,
    #[error("no such recuperation unit: {0}")]
    Unit(String),
    /// Only the current letter of a chain is re-issued: this one was replaced by `current`.
    #[error("{number} was replaced; the current letter is {current}")]
    NotCurrent { number: String, current: String },
    #[error("a re-issue needs a reason")]
    NoReason,
    #[error("the letter to replace is not on record")]
    NoLetter,
    /// A re-issue is the same person's letter: `number` was another worker's.
    #[error("{number} was another worker's letter")]
    OtherPerson { number: String },
}

/// A value from the clerk or the database, made safe for a template: no control characters
/// and nothing that could pose as the code's mark.
fn clean(s: &str) -> String {
    strip_controls(s).replace('\u{E000}', "").trim().to_string()
}

fn or_dash(s: &str) -> String {
    let c = clean(s);
    if c.is_empty() { "—".to_string() } else { c }
}

/// Both copies' texts with the code still a mark: (unit's, worker's).
pub fn compose(
    settings: &Settings,
    l: &NewLetter,
    number: &str,
    issued: NaiveDate,
) -> Result<(String, String), ComposeError> {
    let unit = settings
        .config
        .recuperation_units
        .iter()
        .find(|u| u.code == l.recipient)
        .ok_or_else(|| ComposeError::Unit(l.recipient.clone()))?;
    compose_for(settings, l, number, issued, &unit.name)
}

/// Both copies for a recuperation unit named `unit_name` (the preview names one not yet picked).
pub fn compose_for(
    settings: &Settings,
    l: &NewLetter,
    number: &str,
    issued: NaiveDate,
    unit_name: &str,
) -> Result<(String, String), ComposeError> {
    let c = &settings.config;
    let days = letter::days(l.start, l.end).ok_or(ComposeError::Dates)?;
    let date = |d: NaiveDate| format!("{}年{}月{}日", d.year(), d.month(), d.day());
    let value = |k: &str| -> String {
        match k {
            "letter_name" => clean(&c.letters.recuperation_name),
            "number" => number.to_string(),
            "recipient" => clean(unit_name),
            "work_unit" => or_dash(&l.work_unit),
            "worker_name" => clean(&l.name),
            "id_masked" => clean(&l.id_masked),
            "centre" => clean(&c.centre.name),
            "centre_phone" => clean(&c.centre.phone),
            "start" => date(l.start),
            "end" => date(l.end),
            "days" => days.to_string(),
            "standard" => or_dash(&l.standard),
            "places" => l.places.map(|p| p.to_string()).unwrap_or_else(|| "1".into()),
            "companions" => or_dash(&l.companions),
            "note" => clean(&l.note),
            "issued" => date(issued),
            "code" => CODE_MARK.to_string(),
            _ => String::new(),
        }
    };
    let render = |t: &str| crate::config::letters::render(t, &value);
    Ok((render(&settings.templates.unit), render(&settings.templates.worker)))
}

/// Who issues, and when.
pub struct By {
    pub actor: Actor,
    pub at: DateTime<Utc>,
    pub today: NaiveDate,
}

/// Issues a letter in one write transaction: the next number of its type and year, the code
/// over the canonical record, both copies stored as issued, an audit row. The files are the
/// caller's next step (`outbox::write`), after the commit.
pub fn issue(
    conn: &mut Connection,
    settings: &Settings,
    secret: &[u8],
    l: &NewLetter,
    by: &By,
) -> Result<Result<LetterRow, ComposeError>, DbError> {
    // Refusals come before the transaction: a committed transaction would keep the number.
    if let Err(e) = compose(settings, l, "", by.today) {
        return Ok(Err(e));
    }
    db::write(conn, |tx| issue_in(tx, settings, secret, l, by))
}

/// Issues one letter inside the caller's write transaction (a batch issues many in one).
pub fn issue_in(
    tx: &Connection,
    settings: &Settings,
    secret: &[u8],
    l: &NewLetter,
    by: &By,
) -> Result<Result<LetterRow, ComposeError>, DbError> {
    let c = &settings.config;
    // A re-issue replaces the current letter of its chain, with a reason; refused before the
    // number is taken.
    let replaced = match l.replaces {
        None => None,
        Some(old) => {
            let reason = clean(&l.replace_reason);
            if reason.is_empty() {
                return Ok(Err(ComposeError::NoReason));
            }
            let Some(o) = letters::by_id(tx, old)? else { return Ok(Err(ComposeError::NoLetter)) };
            if o.worker_id != l.worker_id {
                return Ok(Err(ComposeError::OtherPerson { number: o.number }));
            }
            if o.replaced_by.is_some() {
                let current = letters::current_of(tx, old)?.map(|c| c.number).unwrap_or_default();
                return Ok(Err(ComposeError::NotCurrent { number: o.number, current }));
            }
            Some((o, reason))
        }
    };
    let year = by.today.year();
    let ty = LetterType::Recuperation;
    let seq = letters::next_seq(tx, ty.code(), year)?;
    let number = letter::letter_number(
        &c.letters.recuperation_format,
        &c.centre.short,
        year,
        seq,
        c.letters.seq_width,
    );
    let (unit_body, worker_body) = match compose(settings, l, &number, by.today) {
        Ok(t) => t,
        // Checked above; the number would be kept, so this cannot be reached with one.
        Err(e) => return Ok(Err(e)),
    };
    let canonical = Canonical {
        letter_type: ty,
        number: number.clone(),
        id_masked: l.id_masked.clone(),
        name: clean(&l.name),
        unit: clean(&l.work_unit),
        recipient: l.recipient.clone(),
        start: l.start,
        end: l.end,
        issued: by.today,
        copies: vec![letter::sha256_hex(&unit_body), letter::sha256_hex(&worker_body)],
    };
    let code = letter::code(secret, &canonical);
    let footer = files::footer(&canonical, &code, year, seq);
    let row = LetterRow {
        letter_type: ty.code().into(),
        number: number.clone(),
        year,
        seq,
        worker_id: l.worker_id,
        id_masked: l.id_masked.clone(),
        name: clean(&l.name),
        work_unit: Some(clean(&l.work_unit)).filter(|s| !s.is_empty()),
        recipient: l.recipient.clone(),
        start_on: l.start.to_string(),
        end_on: l.end.to_string(),
        days: letter::days(l.start, l.end).unwrap_or(1),
        places: l.places,
        standard: Some(clean(&l.standard)).filter(|s| !s.is_empty()),
        companions: Some(clean(&l.companions)).filter(|s| !s.is_empty()),
        note: Some(clean(&l.note)).filter(|s| !s.is_empty()),
        issued_on: by.today.to_string(),
        issued_by: by.actor.clerk_id,
        unit_text: format!("{}{footer}", unit_body.replace(CODE_MARK, &code)),
        worker_text: format!("{}{footer}", worker_body.replace(CODE_MARK, &code)),
        unit_sha: canonical.copies[0].clone(),
        worker_sha: canonical.copies[1].clone(),
        code,
        replaces: l.replaces,
        replace_reason: replaced.as_ref().map(|(_, reason)| reason.clone()),
        ..Default::default()
    };
    let id = letters::insert(tx, secret, &row, by.at)?;
    let mut detail = format!("letter={number} unit={}", l.recipient);
    if let Some((old, reason)) = &replaced {
        if !letters::replace(tx, secret, old.id, id, reason, by.actor.clerk_id, by.at)? {
            // Checked above inside this transaction; rolled back rather than fork a chain.
            return Err(DbError::Sqlite(rusqlite::Error::StatementChangedRows(0)));
        }
        detail.push_str(&format!(" replaces={} reason={reason}", old.number));
    }
    let entry = Entry {
        action: if l.replaces.is_some() { "letter_reissue" } else { "letter_issue" },
        worker_id: Some(l.worker_id),
        worker_masked: Some(&l.id_masked),
        reason: None,
        detail: Some(&detail),
    };
    audit::append(tx, &by.actor, by.at, &entry)?;
    letters::by_id(tx, id)?.ok_or(DbError::Sqlite(rusqlite::Error::QueryReturnedNoRows)).map(Ok)
}

/// Voids a letter inside the caller's write transaction: its state, reason and mark, and the
/// `letter_void` row `check` holds the letter to. `false` when it was void or replaced already.
pub fn void_in(
    tx: &Connection,
    secret: &[u8],
    l: &LetterRow,
    reason: &str,
    by: &By,
) -> Result<bool, DbError> {
    if !letters::void(tx, secret, l.id, reason, by.actor.clerk_id, by.at)? {
        return Ok(false);
    }
    let detail = format!("letter={} reason={reason}", l.number);
    let entry = Entry {
        action: "letter_void",
        worker_id: Some(l.worker_id),
        worker_masked: Some(&l.id_masked),
        reason: None,
        detail: Some(&detail),
    };
    audit::append(tx, &by.actor, by.at, &entry)?;
    Ok(true)
}

/// The canonical record of a stored letter (what its code signs).
pub fn canonical_of(l: &LetterRow) -> Option<Canonical> {
    Some(Canonical {
        letter_type: LetterType::parse(&l.letter_type)?,
        number: l.number.clone(),
        id_masked: l.id_masked.clone(),
        name: l.name.clone(),
        unit: l.work_unit.clone().unwrap_or_default(),
        recipient: l.recipient.clone(),
        start: l.start_on.parse().ok()?,
        end: l.end_on.parse().ok()?,
        issued: l.issued_on.parse().ok()?,
        copies: vec![l.unit_sha.clone(), l.worker_sha.clone()],
    })
}

#[cfg(test)]
pub(crate) mod send_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_marks;
#[cfg(test)]
mod tests_page;

//! F3's batch work: roster lines for IDs (typed, card-read, or a file's first column) with the
//! interval warning, and issuing the whole batch, then its files.

use crate::app::Env;
use crate::app::Who;
use crate::db::audit::{self, Actor, Entry};
use crate::db::{self, DbError, letters as rows, workers};
use crate::domain::IdNumber;
use crate::letters::batch::{self, Member, NewBatch};
use crate::letters::{By, outbox};
use crate::rooms::letters::{Done, LetterReply, Refused, RosterProblem};
use chrono::{NaiveDate, Utc};
use rusqlite::Connection;

fn actor(env: &Env, who: &Who) -> Actor {
    Actor { clerk_id: Some(who.clerk_id), login: Some(who.login.clone()), terminal: env.terminal.clone() }
}

pub fn roster(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    ids: Vec<String>,
    file: Option<String>,
    start: NaiveDate,
) -> Result<LetterReply, DbError> {
    let today = crate::domain::dates::local_day(Utc::now(), env.settings.tz);
    let mut problems = vec![];
    let mut cells: Vec<(usize, String)> = ids.into_iter().map(|i| (0, i)).collect();
    if let Some(path) = &file {
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes.clone())
                    .unwrap_or_else(|_| encoding_rs::GB18030.decode(&bytes).0.into_owned());
                for (n, line) in text.lines().enumerate() {
                    let cell = line
                        .trim_start_matches('\u{feff}')
                        .split([',', '\t', ' '])
                        .next()
                        .unwrap_or("")
                        .trim();
                    if !cell.is_empty() {
                        cells.push((n + 1, cell.trim_matches('"').to_string()));
                    }
                }
            }
            Err(e) => problems.push(RosterProblem::Unreadable { path: path.clone(), error: e.to_string() }),
        }
    }
    let interval = env.settings.config.letters.interval_warning_days;
    let mut members = vec![];
    for (line, cell) in cells {
        let id = match IdNumber::parse(&cell, today) {
            Ok(id) => id,
            // A header line is not an ID: say nothing of line 1's.
            Err(_) if line == 1 => continue,
            Err(_) => {
                problems.push(RosterProblem::NotAnId { line });
                continue;
            }
        };
        let Some(w) = workers::by_id_number(conn, &id)? else {
            problems.push(RosterProblem::Unknown { id_masked: id.masked() });
            continue;
        };
        let too_soon = batch::too_soon(batch::last_recuperation(conn, w.id)?, start, interval);
        let member = Member {
            worker_id: w.id,
            version: w.version,
            id_masked: w.id_number.masked(),
            name: w.name.clone(),
            work_unit: w.work_unit.clone().unwrap_or_default(),
        };
        members.push((member, too_soon));
    }
    let detail = format!("roster found={} problems={}", members.len(), problems.len());
    db::write(conn, |tx| {
        audit::append(tx, &actor(env, who), Utc::now(), &Entry::new("batch_roster").detail(&detail))
    })?;
    Ok(LetterReply::Roster { members, problems })
}

pub fn issue(conn: &mut Connection, env: &Env, who: &Who, b: &NewBatch) -> Result<LetterReply, DbError> {
    let secret = db::read_key(&env.db_path)?;
    let at = Utc::now();
    let by = By { actor: actor(env, who), at, today: crate::domain::dates::local_day(at, env.settings.tz) };
    let (batch_id, issued) = match batch::issue(conn, &env.settings, &secret, b, &by)? {
        Ok(done) => done,
        Err(e) => return Ok(LetterReply::Issued(Err(Refused::Batch(e)))),
    };
    // After the commit: every letter's files, then the roster's.
    let dir = outbox::dir(&env.settings, &env.db_path);
    for l in &issued {
        let email = workers::by_id(conn, l.worker_id)?.and_then(|w| w.email);
        outbox::write(&env.settings, &dir, l, email.as_deref())?;
        rows::files_written(conn, l.id)?;
    }
    for (name, content) in batch::roster_files(&env.settings, conn, batch_id)? {
        let path = dir.join(&name);
        std::fs::write(&path, content).map_err(|source| DbError::Io { path, source })?;
    }
    let seq = crate::db::batches::roster(conn, batch_id)?.map_or(0, |r| r.seq);
    let (first, last) = (issued.first().map(|l| l.number.clone()), issued.last().map(|l| l.number.clone()));
    Ok(LetterReply::Issued(Ok(Done::BatchIssued {
        seq,
        n: issued.len(),
        first: first.unwrap_or_default(),
        last: last.unwrap_or_default(),
    })))
}

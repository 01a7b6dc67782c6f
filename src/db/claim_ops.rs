//! Claims at the counter: intake with a number from the centre's yearly series, and state steps
//! that check the version the clerk read (the second of two saves is shown the newer claim).

use super::claims::{COLUMNS, ClaimRow, row};
use super::workers::stamp;
use super::{DbError, Result};
use crate::config::Config;
use crate::domain::claim::{self, Actor, ClaimError, ClaimState, ClaimStep, Held};
use crate::domain::fund;
use crate::domain::money::Fen;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// Separator for lists of papers kept in one column.
pub const PAPERS_SEP: &str = "、";

/// Splits a stored papers list (the counter's `、`, or an import's commas and semicolons).
pub fn split_papers(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// A claim as the counter registers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClaim {
    pub worker_id: i64,
    pub kind: String,
    pub filed_on: NaiveDate,
    pub amount_claimed_fen: i64,
    /// Papers the kind asks for that were not handed in.
    pub missing: Vec<String>,
    pub consent_version: String,
    pub note: String,
    /// For the history: what the counter saw at intake (papers complete or which are missing).
    pub event_note: String,
    /// The aid programme it pays (issue #26), of the year of `filed_on`; none outside the fund.
    pub programme: Option<String>,
}

/// Who registers or moves a claim, and when.
#[derive(Debug, Clone, Copy)]
pub struct By {
    pub actor: Actor,
    pub at: DateTime<Utc>,
    /// The centre's local day of `at`.
    pub today: NaiveDate,
}

/// The next number of a yearly series, skipping any already taken (an import may hold it).
pub fn next_number(conn: &Connection, format: &str, width: u32, year: i32) -> Result<String> {
    next_in(conn, Series::Claim, format, width, year)
}

/// A yearly number series and where its numbers are held.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Series {
    Claim,
    Hardship,
}

impl Series {
    /// The counter's name, and the query telling whether a number is taken already.
    fn sql(self) -> (&'static str, &'static str) {
        match self {
            Series::Claim => ("claim", "SELECT EXISTS (SELECT 1 FROM claims WHERE claim_no = ?1)"),
            Series::Hardship => {
                ("hardship", "SELECT EXISTS (SELECT 1 FROM hardship_files WHERE file_no = ?1)")
            }
        }
    }
}

/// The next number of `series` for `year` in `format`, skipping any already taken.
pub(crate) fn next_in(
    conn: &Connection,
    series: Series,
    format: &str,
    width: u32,
    year: i32,
) -> Result<String> {
    let (name, taken_sql) = series.sql();
    loop {
        let seq: u32 = conn.query_row(
            "INSERT INTO number_counters (series, year, last) VALUES (?1, ?2, 1)
             ON CONFLICT (series, year) DO UPDATE SET last = last + 1 RETURNING last",
            rusqlite::params![name, year],
            |r| r.get(0),
        )?;
        let no = claim::claim_number(format, year, seq, width);
        let taken: bool = conn.query_row(taken_sql, [&no], |r| r.get(0))?;
        if !taken {
            return Ok(no);
        }
    }
}

/// Registers a claim (inside the caller's write transaction): submitted when every paper is
/// in, otherwise materials_incomplete. Returns its id.
pub fn register(conn: &Connection, c: &NewClaim, claim_no: &str, by: &By) -> Result<i64> {
    let state = if c.missing.is_empty() { ClaimState::Submitted } else { ClaimState::MaterialsIncomplete };
    let complete_on = c.missing.is_empty().then(|| by.today.to_string());
    let missing = (!c.missing.is_empty()).then(|| c.missing.join(PAPERS_SEP));
    let note = (!c.note.trim().is_empty()).then(|| c.note.trim().to_string());
    conn.execute(
        "INSERT INTO claims (claim_no, worker_id, kind, filed_on, amount_claimed_fen, status, papers_complete_on,
                             missing_papers, note, registered_by, consent_version, created_at, programme,
                             programme_year)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            claim_no,
            c.worker_id,
            c.kind,
            c.filed_on.to_string(),
            c.amount_claimed_fen,
            state.code(),
            complete_on,
            missing,
            note,
            by.actor.clerk_id,
            c.consent_version,
            stamp(by.at),
            c.programme,
            c.programme.as_ref().map(|_| fund::programme_year(c.filed_on))
        ],
    )?;
    let id = conn.last_insert_rowid();
    let parts = [c.event_note.trim(), note.as_deref().unwrap_or("")];
    let line = parts.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; ");
    event(conn, id, by, None, state, (!line.is_empty()).then_some(line.as_str()))?;
    Ok(id)
}

/// An intake refused inside its transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeRefused {
    /// The kind needs a current hardship file and the worker's file is lapsed, exited or missing
    /// (it may have changed since the counter looked).
    NoHardshipFile,
    /// The programme named is not of the filing's year, not paid by this kind, or not for the
    /// household's category.
    Programme(fund::IntakeRefusal),
}

/// Registers a claim like `register`, first asking the hardship files again when the kind has
/// `hardship_file = true`: the worker's file must be current today (the one source of truth,
/// `db::hardship::current_for_worker`). A claim naming a programme must be of the programme's
/// kind and the household's category eligible; a fixed standard sets the amount.
pub fn register_checked(
    conn: &Connection,
    c: &NewClaim,
    claim_no: &str,
    by: &By,
    cfg: &Config,
) -> Result<std::result::Result<i64, IntakeRefused>> {
    let hardship_file = cfg.claim_kinds.iter().any(|k| k.code == c.kind && k.hardship_file);
    let file = if hardship_file || c.programme.is_some() {
        super::hardship::current_for_worker(conn, c.worker_id, by.today)?
    } else {
        None
    };
    if hardship_file && file.is_none() {
        return Ok(Err(IntakeRefused::NoHardshipFile));
    }
    let Some(code) = c.programme.as_deref() else {
        // A kind that pays a programme is registered only with one (try-out #56 B).
        if let Some(kind) = fund_kind_name(cfg, &c.kind) {
            let year = fund::programme_year(c.filed_on);
            let offered = cfg.fund.of_year(year).any(|p| p.claim_kind == c.kind);
            let why = fund::IntakeRefusal::NoProgramme { kind, year, offered };
            return Ok(Err(IntakeRefused::Programme(why)));
        }
        return register(conn, c, claim_no, by).map(Ok);
    };
    let rule = cfg.fund.programme(fund::programme_year(c.filed_on), code).map(|p| p.rule());
    let category = file.and_then(|f| f.category);
    if let Err(why) = fund::intake(rule.as_ref(), code, c.filed_on, &c.kind, category) {
        return Ok(Err(IntakeRefused::Programme(why)));
    }
    let mut c = c.clone();
    if let Some(rule) = &rule {
        c.amount_claimed_fen = fund::intake_amount(rule, c.amount_claimed_fen);
    }
    register(conn, &c, claim_no, by).map(Ok)
}

/// The name of `kind` when some programme (of any year) is paid by it: such a claim needs a
/// programme.
pub fn fund_kind_name(cfg: &Config, kind: &str) -> Option<String> {
    if !cfg.fund.programmes.iter().any(|p| p.claim_kind == kind) {
        return None;
    }
    let name = cfg.claim_kinds.iter().find(|k| k.code == kind).map(|k| k.name.clone());
    Some(name.unwrap_or_else(|| kind.to_string()))
}

fn event(
    conn: &Connection,
    claim_id: i64,
    by: &By,
    from: Option<ClaimState>,
    to: ClaimState,
    note: Option<&str>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, note, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'counter')",
        params![claim_id, stamp(by.at), by.actor.clerk_id, from.map(ClaimState::code), to.code(), note],
    )?;
    Ok(())
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<ClaimRow>> {
    let sql = format!("SELECT {COLUMNS} FROM claims WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], row).optional()?)
}

/// Why a step was not saved.
#[derive(Debug)]
pub enum StepRefused {
    /// Someone saved first: the claim as it is now.
    Stale(Box<ClaimRow>),
    Rule(ClaimError),
    /// The aid fund's checks refused the approval (the rule and its figures).
    Fund(fund::Refusal),
    Missing,
    Db(DbError),
}

impl From<rusqlite::Error> for StepRefused {
    fn from(e: rusqlite::Error) -> Self {
        StepRefused::Db(e.into())
    }
}

/// The result of a saved step.
#[derive(Debug, Clone, PartialEq)]
pub struct Stepped {
    pub claim: ClaimRow,
    pub from: ClaimState,
    /// An approval above the second-approval amount waiting for its second supervisor.
    pub first_of_two: bool,
    /// A waiting first approval of another amount that this one replaced.
    pub replaced: Option<Fen>,
}

/// A step as the counter asks for it: `version` is what the clerk read; `missing` is the
/// papers list for a papers step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepInput {
    pub claim_id: i64,
    pub version: i64,
    pub step: ClaimStep,
    pub missing: Vec<String>,
    pub note: String,
}

/// One step at the counter, inside the caller's write transaction. The rules are decided here
/// again from the stored claim: an amount above what was claimed (approve) or approved (pay)
/// is refused without a reason, and the reason goes into the history.
pub fn apply(
    conn: &Connection,
    input: &StepInput,
    cfg: &Config,
    by: &By,
) -> std::result::Result<Stepped, StepRefused> {
    let second_approval_fen = cfg.claims.second_approval_fen;
    let StepInput { claim_id, version, step, missing, note } = input;
    let (claim_id, version) = (*claim_id, *version);
    let Some(c) = by_id(conn, claim_id).map_err(StepRefused::Db)? else { return Err(StepRefused::Missing) };
    if c.version != version {
        return Err(StepRefused::Stale(Box::new(c)));
    }
    let held = Held {
        registered_by: c.registered_by,
        first_approver: c.first_approver,
        claimed: Fen(c.amount_claimed_fen),
        approved: c.amount_approved_fen.map(Fen),
    };
    let moved =
        claim::step(c.status, step, by.actor, held, second_approval_fen).map_err(StepRefused::Rule)?;
    // Paid on a day between the filing and today: a money date the back office can trust.
    if let ClaimStep::Pay { on, .. } = step {
        let filed = c.filed_on.parse::<chrono::NaiveDate>().unwrap_or(chrono::NaiveDate::MIN);
        if *on < filed || *on > by.today {
            return Err(StepRefused::Rule(ClaimError::PaidOn { filed }));
        }
    }
    // An aid claim becoming approved (the final approval) passes the fund's five checks here,
    // inside the caller's IMMEDIATE transaction: two approvals of the last of a budget queue.
    if let (ClaimStep::Approve { amount, .. }, ClaimState::Approved, Some(code), Some(year)) =
        (step, moved.to, c.programme.as_deref(), c.programme_year)
    {
        let day = by.today;
        let checked =
            super::fund::check_approval(conn, &cfg.fund, c.id, c.worker_id, (year, code), *amount, day)
                .map_err(StepRefused::Db)?;
        checked.map_err(StepRefused::Fund)?;
    }
    // A fund kind's claim without a programme (an old row, or registered before the rule) is
    // not approved outside the fund's checks.
    if let (ClaimStep::Approve { .. }, ClaimState::Approved, None) = (step, moved.to, c.programme.as_deref())
        && let Some(kind) = fund_kind_name(cfg, &c.kind)
    {
        let year = c.filed_on.parse::<NaiveDate>().map(fund::programme_year).unwrap_or_default();
        return Err(StepRefused::Fund(fund::Refusal::NoProgrammeForKind { kind, year }));
    }
    // A programme claim is paid at most its approval: the checks ran on the approved amount.
    if let (ClaimStep::Pay { amount, .. }, Some(code), Some(approved)) =
        (step, c.programme.as_deref(), c.amount_approved_fen)
    {
        let year = c.programme_year.unwrap_or_default();
        let programme = cfg.fund.programme(year, code).map_or_else(|| code.to_string(), |p| p.name.clone());
        fund::pay_within_approved(&programme, Fen(approved), *amount).map_err(StepRefused::Fund)?;
    }
    let to = moved.to.code();
    let today = by.today.to_string();
    match step {
        ClaimStep::Papers { complete } => {
            let list = (!complete).then(|| missing.join(PAPERS_SEP));
            conn.execute(
                "UPDATE claims SET status = ?2, missing_papers = ?3,
                        papers_complete_on = CASE WHEN ?4 THEN coalesce(papers_complete_on, ?5) END
                 WHERE id = ?1",
                params![claim_id, to, list, complete, today],
            )?;
        }
        ClaimStep::Review => {
            conn.execute("UPDATE claims SET status = ?2 WHERE id = ?1", params![claim_id, to])?;
        }
        ClaimStep::Approve { amount, .. } => {
            conn.execute(
                "UPDATE claims SET status = ?2, amount_approved_fen = ?3, first_approver = ?4 WHERE id = ?1",
                params![claim_id, to, amount.0, moved.first_approver],
            )?;
        }
        ClaimStep::Reject { reason } => {
            conn.execute(
                "UPDATE claims SET status = ?2, reason = ?3 WHERE id = ?1",
                params![claim_id, to, reason.trim()],
            )?;
        }
        ClaimStep::Pay { on, amount, .. } => {
            conn.execute(
                "UPDATE claims SET status = ?2, paid_on = ?3, amount_paid_fen = ?4 WHERE id = ?1",
                params![claim_id, to, on.to_string(), amount.0],
            )?;
        }
    }
    conn.execute("UPDATE claims SET version = version + 1 WHERE id = ?1", [claim_id])?;
    // Whatever the caller wrote, the reason for going above the amount is in the history.
    let mut note = note.trim().to_string();
    if let Some(over) = step.over().filter(|o| !note.contains(o)) {
        note = [note.as_str(), over].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; ");
    }
    let note = (!note.is_empty()).then_some(note);
    event(conn, claim_id, by, Some(c.status), moved.to, note.as_deref()).map_err(StepRefused::Db)?;
    let claim = by_id(conn, claim_id).map_err(StepRefused::Db)?.ok_or(StepRefused::Missing)?;
    Ok(Stepped { claim, from: c.status, first_of_two: moved.first_of_two, replaced: moved.replaced })
}

/// One line of a claim's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub claim_id: i64,
    pub at: DateTime<Utc>,
    pub clerk: Option<String>,
    pub from: Option<ClaimState>,
    pub to: ClaimState,
    pub note: Option<String>,
    pub source: String,
}

/// The histories of a worker's claims, oldest first (one index search per claim).
pub fn events_of_worker(conn: &Connection, worker_id: i64) -> Result<Vec<EventRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.claim_id, e.at, k.name, e.from_state, e.to_state, e.note, e.source
         FROM claims c JOIN claim_events e ON e.claim_id = c.id LEFT JOIN clerks k ON k.id = e.clerk_id
         WHERE c.worker_id = ?1 ORDER BY e.at, e.id",
    )?;
    let rows = stmt.query_map([worker_id], |r| {
        let at: String = r.get(1)?;
        let from: Option<String> = r.get(3)?;
        let to: String = r.get(4)?;
        Ok(EventRow {
            claim_id: r.get(0)?,
            at: DateTime::parse_from_rfc3339(&at).map(|t| t.with_timezone(&Utc)).unwrap_or_default(),
            clerk: r.get(2)?,
            from: from.as_deref().and_then(ClaimState::parse),
            to: ClaimState::parse(&to).unwrap_or(ClaimState::Submitted),
            note: r.get(5)?,
            source: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

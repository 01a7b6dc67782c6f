//! The aid fund's ledger (issue #26): per programme-year the budget in force, committed, paid,
//! remaining and recipients, read from the claims; the budget's history; objections raised
//! while recipients are posted; and the five checks an approval passes inside its transaction
//! (`domain::fund`).

use super::audit::{self, Entry};
use super::hardship_ops::By;
use super::{Result, hardship, workers::stamp};
use crate::config::Fund;
use crate::domain::claim::ClaimState;
use crate::domain::fund::{self as rules, Approval, BudgetTooLow, Figures, FileOnDay, Past, Refusal};
use crate::domain::money::Fen;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// One programme of a year on the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub year: i32,
    pub code: String,
    pub name: String,
    /// The budget the config sets; differs from `figures.budget` after a change in F6.
    pub config_budget: i64,
    pub figures: Figures,
    /// Distinct workers with an approved or paid claim of the programme-year.
    pub recipients: i64,
}

impl Line {
    pub fn remaining(&self) -> i64 {
        self.figures.remaining()
    }
}

/// The latest budget row of a programme-year, if any was written.
fn latest_budget(conn: &Connection, year: i32, code: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT budget_fen FROM fund_budgets WHERE year = ?1 AND programme = ?2 ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![year, code], |r| r.get(0))
        .optional()?)
}

/// Committed, paid and recipients of a programme-year, from the claims.
fn sums(conn: &Connection, year: i32, code: &str) -> Result<(i64, i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(CASE WHEN status = 'approved' THEN amount_approved_fen END), 0),
                coalesce(sum(CASE WHEN status = 'paid' THEN amount_paid_fen END), 0),
                count(DISTINCT CASE WHEN status IN ('approved', 'paid') THEN worker_id END)
         FROM claims WHERE programme_year = ?1 AND programme = ?2",
        )?
        .query_row(params![year, code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

/// The figures of one programme-year: the budget in force (history, else `config_budget`).
pub fn figures(conn: &Connection, year: i32, code: &str, config_budget: i64) -> Result<Figures> {
    let budget = rules::budget_in_force(latest_budget(conn, year, code)?, config_budget);
    let (committed, paid, _) = sums(conn, year, code)?;
    Ok(Figures { budget, committed, paid })
}

/// The year's ledger, one line per programme of the config, in config order.
pub fn ledger(conn: &Connection, cfg: &Fund, year: i32) -> Result<Vec<Line>> {
    let mut out = vec![];
    for p in cfg.of_year(year) {
        let budget = rules::budget_in_force(latest_budget(conn, year, &p.code)?, p.budget_fen);
        let (committed, paid, recipients) = sums(conn, year, &p.code)?;
        out.push(Line {
            year,
            code: p.code.clone(),
            name: p.name.clone(),
            config_budget: p.budget_fen,
            figures: Figures { budget, committed, paid },
            recipients,
        });
    }
    Ok(out)
}

/// One payment of a programme-year: an approved or paid claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub claim_id: i64,
    pub claim_no: String,
    pub worker_id: i64,
    pub status: ClaimState,
    pub filed_on: String,
    pub amount_approved_fen: Option<i64>,
    pub amount_paid_fen: Option<i64>,
    pub paid_on: Option<String>,
    /// Objections recorded against it, and how many are still without an outcome.
    pub objections: i64,
    pub open_objections: i64,
    /// The stamp of its latest event to `approved` (an import straight to paid: its event to
    /// `paid`), as `report fund` reads it.
    pub approved_at: Option<String>,
}

impl Payment {
    /// What the ledger counts it for: paid amount when paid, else the approved one.
    pub fn amount_fen(&self) -> i64 {
        match self.status {
            ClaimState::Paid => self.amount_paid_fen.unwrap_or(0),
            _ => self.amount_approved_fen.unwrap_or(0),
        }
    }
}

/// The approved and paid claims of a programme-year, by claim number.
pub fn payments(conn: &Connection, year: i32, programme: &str) -> Result<Vec<Payment>> {
    let mut st = conn.prepare_cached(
        "SELECT c.id, c.claim_no, c.worker_id, c.status, c.filed_on, c.amount_approved_fen, c.amount_paid_fen,
                c.paid_on,
                (SELECT count(*) FROM fund_objections o WHERE o.claim_id = c.id),
                (SELECT count(*) FROM fund_objections o WHERE o.claim_id = c.id AND o.outcome IS NULL),
                coalesce((SELECT e.at FROM claim_events e WHERE e.claim_id = c.id AND e.to_state = 'approved'
                          ORDER BY e.id DESC LIMIT 1),
                         (SELECT e.at FROM claim_events e WHERE e.claim_id = c.id AND e.to_state = 'paid'
                          ORDER BY e.id LIMIT 1))
         FROM claims c
         WHERE c.programme_year = ?1 AND c.programme = ?2 AND c.status IN ('approved', 'paid')
         ORDER BY c.claim_no",
    )?;
    let rows = st.query_map(params![year, programme], |r| {
        let status: String = r.get(3)?;
        Ok(Payment {
            claim_id: r.get(0)?,
            claim_no: r.get(1)?,
            worker_id: r.get(2)?,
            status: ClaimState::parse(&status).unwrap_or(ClaimState::Approved),
            filed_on: r.get(4)?,
            amount_approved_fen: r.get(5)?,
            amount_paid_fen: r.get(6)?,
            paid_on: r.get(7)?,
            objections: r.get(8)?,
            open_objections: r.get(9)?,
            approved_at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One row of a budget's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRow {
    pub budget_fen: i64,
    pub reason: String,
    pub clerk: Option<String>,
    pub at: String,
    pub source: String,
}

/// A programme-year's budget history, oldest first.
pub fn history(conn: &Connection, year: i32, programme: &str) -> Result<Vec<BudgetRow>> {
    let mut st = conn.prepare_cached(
        "SELECT b.budget_fen, b.reason, k.name, b.at, b.source FROM fund_budgets b
         LEFT JOIN clerks k ON k.id = b.clerk_id WHERE b.year = ?1 AND b.programme = ?2 ORDER BY b.id",
    )?;
    let rows = st.query_map(params![year, programme], |r| {
        Ok(BudgetRow {
            budget_fen: r.get(0)?,
            reason: r.get(1)?,
            clerk: r.get(2)?,
            at: r.get(3)?,
            source: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Why a budget change was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BudgetRefused {
    /// Only a supervisor changes a budget.
    SupervisorOnly,
    /// No such programme in that year's config.
    Unknown,
    /// A change needs a reason.
    NoReason,
    TooLow(BudgetTooLow),
}

/// Changes a programme-year's budget (inside the caller's write transaction): a history row
/// and the audit line `fund_budget`; a supervisor's, with a reason, refused below committed +
/// paid.
pub fn change_budget(
    tx: &Connection,
    by: &By,
    cfg: &Fund,
    year: i32,
    programme: &str,
    new_fen: i64,
    reason: &str,
) -> Result<std::result::Result<Figures, BudgetRefused>> {
    if by.role != crate::domain::Role::Supervisor {
        return Ok(Err(BudgetRefused::SupervisorOnly));
    }
    let Some(p) = cfg.programme(year, programme) else { return Ok(Err(BudgetRefused::Unknown)) };
    let reason = reason.trim();
    if reason.is_empty() {
        return Ok(Err(BudgetRefused::NoReason));
    }
    let before = figures(tx, year, programme, p.budget_fen)?;
    let after = match rules::change_budget(before, new_fen) {
        Ok(f) => f,
        Err(low) => return Ok(Err(BudgetRefused::TooLow(low))),
    };
    tx.execute(
        "INSERT INTO fund_budgets (year, programme, budget_fen, reason, clerk_id, at, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'change')",
        params![year, programme, new_fen, reason, by.actor.clerk_id, stamp(by.at)],
    )?;
    let detail = format!("programme={programme} year={year} from={} to={new_fen}", before.budget);
    let entry = Entry { reason: Some(reason), ..Entry::new("fund_budget").detail(&detail) };
    audit::append(tx, &by.actor, by.at, &entry)?;
    Ok(Ok(after))
}

/// An objection raised while a programme's recipients were posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objection {
    pub id: i64,
    pub claim_id: i64,
    pub at: String,
    pub clerk: Option<String>,
    pub raised_by: String,
    pub what: String,
    pub outcome: Option<String>,
    pub outcome_by: Option<String>,
    pub outcome_at: Option<String>,
}

/// Records an objection against a payment (a claim of a programme); `None` when the claim is
/// not one, or `what` is empty.
pub fn add_objection(
    tx: &Connection,
    by: &By,
    claim_id: i64,
    raised_by: &str,
    what: &str,
) -> Result<Option<i64>> {
    let what = what.trim();
    let claim: Option<(String, i64)> = tx
        .query_row(
            "SELECT claim_no, worker_id FROM claims WHERE id = ?1 AND programme IS NOT NULL",
            [claim_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((claim_no, worker_id)) = claim.filter(|_| !what.is_empty()) else { return Ok(None) };
    tx.execute(
        "INSERT INTO fund_objections (claim_id, at, clerk_id, raised_by, what) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![claim_id, stamp(by.at), by.actor.clerk_id, raised_by.trim(), what],
    )?;
    let id = tx.last_insert_rowid();
    let detail = format!("claim={claim_no} objection={id}");
    let entry = Entry { worker_id: Some(worker_id), ..Entry::new("fund_objection").detail(&detail) };
    audit::append(tx, &by.actor, by.at, &entry)?;
    Ok(Some(id))
}

/// Records an objection's outcome; false when there is no such objection, it is settled
/// already, or the outcome is empty.
pub fn settle_objection(tx: &Connection, by: &By, id: i64, outcome: &str) -> Result<bool> {
    let outcome = outcome.trim();
    if outcome.is_empty() {
        return Ok(false);
    }
    let n = tx.execute(
        "UPDATE fund_objections SET outcome = ?2, outcome_by = ?3, outcome_at = ?4 WHERE id = ?1 AND outcome IS NULL",
        params![id, outcome, by.actor.clerk_id, stamp(by.at)],
    )?;
    if n == 1 {
        // The worker and claim named, so F6's audit search by ID finds the settle too.
        let (claim_no, worker_id): (String, i64) = tx.query_row(
            "SELECT c.claim_no, c.worker_id FROM fund_objections o JOIN claims c ON c.id = o.claim_id WHERE o.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let detail = format!("claim={claim_no} objection={id}");
        let entry =
            Entry { worker_id: Some(worker_id), ..Entry::new("fund_objection_settle").detail(&detail) };
        audit::append(tx, &by.actor, by.at, &entry)?;
    }
    Ok(n == 1)
}

/// The objections against a claim, oldest first.
pub fn objections(conn: &Connection, claim_id: i64) -> Result<Vec<Objection>> {
    let mut st = conn.prepare_cached(
        "SELECT o.id, o.claim_id, o.at, k.name, o.raised_by, o.what, o.outcome, s.name, o.outcome_at
         FROM fund_objections o LEFT JOIN clerks k ON k.id = o.clerk_id LEFT JOIN clerks s ON s.id = o.outcome_by
         WHERE o.claim_id = ?1 ORDER BY o.id",
    )?;
    let rows = st.query_map([claim_id], |r| {
        Ok(Objection {
            id: r.get(0)?,
            claim_id: r.get(1)?,
            at: r.get(2)?,
            clerk: r.get(3)?,
            raised_by: r.get(4)?,
            what: r.get(5)?,
            outcome: r.get(6)?,
            outcome_by: r.get(7)?,
            outcome_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The household's file on `day`, as the first rule reads it: filed by that day (as `report
/// fund` reads it) and not lapsed.
pub fn file_on(conn: &Connection, worker_id: i64, day: NaiveDate) -> Result<FileOnDay> {
    use crate::domain::hardship::Standing;
    Ok(match hardship::filed_for_worker(conn, worker_id)? {
        Some(f) if f.filed_on.is_none_or(|d| d > day) => FileOnDay::None,
        Some(f) if f.standing(day) == Standing::Current => match f.category {
            Some(c) => FileOnDay::Current(c),
            None => FileOnDay::None,
        },
        Some(f) => FileOnDay::Lapsed(f.valid_until.unwrap_or(day)),
        None => FileOnDay::None,
    })
}

/// The five checks for approving `claim_id` of `programme`/`year` for `amount` on `day`, read
/// inside the approval's transaction (begun IMMEDIATE: a second approver waits for the first
/// to commit, then reads the new remaining).
pub fn check_approval(
    conn: &Connection,
    cfg: &Fund,
    claim_id: i64,
    worker_id: i64,
    (year, programme): (i32, &str),
    amount: Fen,
    day: NaiveDate,
) -> Result<std::result::Result<(), Refusal>> {
    let Some(p) = cfg.programme(year, programme) else {
        return Ok(Err(Refusal::NoProgramme { code: programme.to_string(), year }));
    };
    let mut st = conn.prepare_cached(
        "SELECT programme, filed_on, status IN ('approved', 'paid') FROM claims
         WHERE worker_id = ?1 AND programme = ?2 AND id <> ?3",
    )?;
    let past = st
        .query_map(params![worker_id, programme, claim_id], |r| {
            let on: String = r.get(1)?;
            Ok(Past {
                programme: r.get(0)?,
                filed_on: on.parse().unwrap_or(NaiveDate::MIN),
                counts: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let approval = Approval {
        file: file_on(conn, worker_id, day)?,
        amount,
        times_before: rules::times_in_year(&past, programme, year),
        figures: figures(conn, year, programme, p.budget_fen)?,
    };
    Ok(rules::check(&p.rule(), &approval))
}

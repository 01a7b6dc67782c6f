//! The large demo's bulk load (`demo --scale large`): a new file switched to no journal and no
//! syncs while it fills, the bulk tables' indexes dropped and built again at the end, prepared
//! inserts of workers, claims and visits with their events, and the counters and clerk
//! look-ups the generator needs. Nothing here is used by the counter itself.

use super::Result;
use rusqlite::{Connection, Statement, params};

/// The tables loaded in bulk: their secondary indexes are built after the rows are in.
const BULK_TABLES: &str = "'visits', 'visit_events', 'claims', 'claim_events'";

/// The bulk tables' indexes, dropped; the statements that build them again.
#[derive(Debug)]
pub struct DroppedIndexes(Vec<String>);

/// A new file nobody else has open: no journal, no syncs and a large cache until it is
/// complete (a build that fails is thrown away by the caller).
pub fn bulk_mode(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;")?;
    Ok(())
}

/// The agreed journal and syncs again, once the file is complete.
pub fn normal_mode(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")?;
    Ok(())
}

/// Drops the secondary indexes of the bulk tables (outside the load's transaction).
pub fn drop_bulk_indexes(conn: &Connection) -> Result<DroppedIndexes> {
    let indexes: Vec<(String, String)> = {
        let sql = format!(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({BULK_TABLES})"
        );
        let mut st = conn.prepare(&sql)?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
    };
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(DroppedIndexes(indexes.into_iter().map(|(_, sql)| sql).collect()))
}

/// Builds the dropped indexes again, once the rows are in.
pub fn rebuild_indexes(conn: &Connection, dropped: &DroppedIndexes) -> Result<()> {
    for sql in &dropped.0 {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

/// The first account's PIN hash, which the extra staff share.
pub fn first_pin_hash(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT pin_hash FROM clerks ORDER BY id LIMIT 1", [], |r| r.get(0))?)
}

/// A demo account's id; an error when it is missing (the demo made it a moment ago).
pub fn clerk_id(conn: &Connection, login: &str) -> Result<i64> {
    Ok(conn.query_row("SELECT id FROM clerks WHERE login = ?1", [login], |r| r.get(0))?)
}

/// A yearly number series resumes after the last number the demo used.
pub fn set_counter(conn: &Connection, series: &str, year: i32, last: u32) -> Result<()> {
    conn.execute(
        "INSERT INTO number_counters (series, year, last) VALUES (?1, ?2, ?3)
             ON CONFLICT (series, year) DO UPDATE SET last = max(last, excluded.last)",
        params![series, year, last],
    )?;
    Ok(())
}

/// A worker as the generator makes it (created and updated at once).
pub struct WorkerRow<'a> {
    pub id: i64,
    pub id_number: &'a str,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub work_unit: &'a str,
    pub email: Option<&'a str>,
    pub mutual_aid_year: Option<i32>,
    pub created_at: &'a str,
}

/// Inserts workers through one prepared statement.
pub struct Workers<'c>(Statement<'c>);

impl<'c> Workers<'c> {
    pub fn new(conn: &'c Connection) -> Result<Self> {
        Ok(Workers(conn.prepare(
            "INSERT INTO workers (id, id_number, name, phone, work_unit, email, mutual_aid_year, created_at,
                              updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )?))
    }

    pub fn insert(&mut self, w: &WorkerRow) -> Result<()> {
        self.0.execute(params![
            w.id,
            w.id_number,
            w.name,
            w.phone,
            w.work_unit,
            w.email,
            w.mutual_aid_year,
            w.created_at
        ])?;
        Ok(())
    }
}

/// A claim in the state it has reached.
pub struct ClaimRow<'a> {
    pub id: i64,
    pub claim_no: &'a str,
    pub worker_id: i64,
    pub kind: &'a str,
    pub filed_on: String,
    pub amount_claimed_fen: i64,
    pub amount_approved_fen: Option<i64>,
    pub amount_paid_fen: Option<i64>,
    pub paid_on: Option<String>,
    pub status: &'a str,
    pub papers_complete_on: Option<String>,
    pub missing_papers: Option<String>,
    pub reason: Option<&'a str>,
    pub registered_by: Option<i64>,
    pub first_approver: Option<i64>,
    pub consent_version: Option<&'a str>,
    pub created_at: String,
}

/// One step of a claim's history.
pub struct ClaimEventRow<'a> {
    pub claim_id: i64,
    pub at: String,
    pub clerk_id: Option<i64>,
    pub from_state: Option<&'a str>,
    pub to_state: &'a str,
    pub note: Option<&'a str>,
    pub source: &'a str,
}

/// Inserts claims and their events through two prepared statements.
pub struct Claims<'c> {
    claim: Statement<'c>,
    event: Statement<'c>,
}

impl<'c> Claims<'c> {
    pub fn new(conn: &'c Connection) -> Result<Self> {
        let claim = conn.prepare(
            "INSERT INTO claims (id, claim_no, worker_id, kind, filed_on, amount_claimed_fen, amount_approved_fen,
                             amount_paid_fen, paid_on, status, papers_complete_on, missing_papers, reason,
                             registered_by, first_approver, consent_version, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?;
        let event = conn.prepare(
            "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, note, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        Ok(Claims { claim, event })
    }

    pub fn insert(&mut self, c: &ClaimRow) -> Result<()> {
        self.claim.execute(params![
            c.id,
            c.claim_no,
            c.worker_id,
            c.kind,
            c.filed_on,
            c.amount_claimed_fen,
            c.amount_approved_fen,
            c.amount_paid_fen,
            c.paid_on,
            c.status,
            c.papers_complete_on,
            c.missing_papers,
            c.reason,
            c.registered_by,
            c.first_approver,
            c.consent_version,
            c.created_at,
        ])?;
        Ok(())
    }

    pub fn event(&mut self, e: &ClaimEventRow) -> Result<()> {
        self.event.execute(params![
            e.claim_id,
            e.at,
            e.clerk_id,
            e.from_state,
            e.to_state,
            e.note,
            e.source
        ])?;
        Ok(())
    }
}

/// A visit in the state it has reached (issued at the desk).
pub struct VisitRow<'a> {
    pub id: i64,
    pub day: String,
    pub ticket: Option<String>,
    pub matter: &'a str,
    pub channel: &'a str,
    pub worker_id: Option<i64>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub work_unit: Option<String>,
    pub priority: Option<&'a str>,
    pub arrived_at: String,
    pub state: &'a str,
    pub calls: i64,
    pub window: Option<&'a str>,
    pub outcome: Option<&'a str>,
    pub papers: Option<&'a str>,
    pub ref_department: Option<&'a str>,
    pub ref_contact: Option<&'a str>,
    pub ref_follow_up_on: Option<String>,
    pub followup_result: Option<&'a str>,
    pub followup_at: Option<String>,
    pub checklist_given_at: Option<String>,
    pub issued_by: i64,
}

/// One step of a visit's history.
pub struct VisitEventRow<'a> {
    pub visit_id: i64,
    pub at: String,
    pub clerk_id: i64,
    pub window: &'a str,
    pub kind: &'a str,
    pub from_state: Option<&'a str>,
    pub to_state: &'a str,
    pub detail: Option<&'a str>,
}

/// Inserts visits, their events and the day's ticket counters through prepared statements.
pub struct Visits<'c> {
    visit: Statement<'c>,
    event: Statement<'c>,
    counter: Statement<'c>,
}

impl<'c> Visits<'c> {
    pub fn new(conn: &'c Connection) -> Result<Self> {
        let visit = conn.prepare(
            "INSERT INTO visits (id, day, ticket, matter, channel, worker_id, name, phone, work_unit, priority,
                             arrived_at, state, calls, window, outcome, papers, ref_department, ref_contact,
                             ref_follow_up_on, followup_result, followup_at, checklist_given_at, issued_by,
                             issued_window)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                 ?22, ?23, 'desk')",
        )?;
        let event = conn.prepare(
            "INSERT INTO visit_events (visit_id, at, clerk_id, window, kind, from_state, to_state, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let counter = conn.prepare("INSERT INTO ticket_counters (day, letter, last) VALUES (?1, ?2, ?3)")?;
        Ok(Visits { visit, event, counter })
    }

    pub fn insert(&mut self, v: &VisitRow) -> Result<()> {
        self.visit.execute(params![
            v.id,
            v.day,
            v.ticket,
            v.matter,
            v.channel,
            v.worker_id,
            v.name,
            v.phone,
            v.work_unit,
            v.priority,
            v.arrived_at,
            v.state,
            v.calls,
            v.window,
            v.outcome,
            v.papers,
            v.ref_department,
            v.ref_contact,
            v.ref_follow_up_on,
            v.followup_result,
            v.followup_at,
            v.checklist_given_at,
            v.issued_by,
        ])?;
        Ok(())
    }

    pub fn event(&mut self, e: &VisitEventRow) -> Result<()> {
        self.event.execute(params![
            e.visit_id,
            e.at,
            e.clerk_id,
            e.window,
            e.kind,
            e.from_state,
            e.to_state,
            e.detail
        ])?;
        Ok(())
    }

    /// The last ticket number a matter's letter reached on `day`, so the counter goes on from it.
    pub fn counter(&mut self, day: &str, letter: &str, last: u32) -> Result<()> {
        self.counter.execute(params![day, letter, last])?;
        Ok(())
    }
}

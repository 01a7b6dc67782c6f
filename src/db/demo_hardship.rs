//! The demo's hardship files written straight into the `hardship_*` tables (migration 23), the
//! way `demo_rows` writes the large demo's claims: prepared statements inside the caller's
//! transaction, one row per call. Both demos use it; the counter never does.

use super::Result;
use rusqlite::{Connection, Statement, params};

/// A file as first entered; the steps after it update it through `finish`.
pub struct FileRow<'a> {
    pub file_no: &'a str,
    pub worker_id: i64,
    pub causes: &'a str,
    pub applied_on: &'a str,
    pub entered_by: i64,
    pub created_at: &'a str,
}

/// Where a file ended up, after all its steps.
pub struct FileEnd<'a> {
    pub id: i64,
    pub state: &'a str,
    pub returned: bool,
    pub category: Option<&'a str>,
    pub proposed: Option<&'a str>,
    pub category_reason: Option<&'a str>,
    pub members: i64,
    pub income_fen: i64,
    pub per_head_fen: i64,
    pub line_year: Option<i32>,
    pub current_review: Option<i64>,
    pub filed_on: Option<String>,
    pub approved_by: Option<i64>,
    pub valid_until: Option<String>,
    pub reviewed_on: Option<String>,
    pub exited_on: Option<String>,
    pub exit_reason: Option<&'a str>,
    pub exit_note: Option<&'a str>,
    pub reject_reason: Option<&'a str>,
    pub updated_at: &'a str,
    pub version: i64,
}

pub struct MemberRow<'a> {
    pub file_id: i64,
    pub review_id: Option<i64>,
    pub seq: i64,
    pub name: &'a str,
    pub relation: &'a str,
    pub id_number: Option<&'a str>,
    pub health: &'a str,
    pub grade: Option<u8>,
    pub work: &'a str,
    pub income_fen: i64,
}

pub struct VerificationRow<'a> {
    pub file_id: i64,
    pub review_id: Option<i64>,
    pub dated_on: &'a str,
    pub reference: &'a str,
    pub result: &'a str,
    pub per_head_fen: i64,
    pub entered_by: i64,
    pub entered_at: &'a str,
}

pub struct ReviewRow<'a> {
    pub file_id: i64,
    pub state: &'a str,
    pub result: &'a str,
    pub exit_reason: Option<&'a str>,
    pub category: Option<&'a str>,
    pub members: i64,
    pub income_fen: i64,
    pub per_head_fen: i64,
    pub note: Option<&'a str>,
    pub entered_by: i64,
    pub entered_at: &'a str,
    pub entered_on: &'a str,
    pub approved_by: Option<i64>,
    pub approved_on: Option<&'a str>,
}

pub struct VisitRow<'a> {
    pub file_id: i64,
    pub visited_on: &'a str,
    pub place: &'a str,
    pub found: &'a str,
    pub needs: Option<&'a str>,
    pub given: Option<&'a str>,
    pub next_step: Option<&'a str>,
    pub next_on: Option<&'a str>,
    pub entered_by: i64,
    pub entered_at: &'a str,
}

pub struct EventRow<'a> {
    pub file_id: i64,
    pub at: &'a str,
    pub day: &'a str,
    pub clerk_id: i64,
    pub action: &'a str,
    pub state: &'a str,
    pub valid_until: Option<&'a str>,
    pub detail: Option<&'a str>,
}

/// The prepared inserts, held for the whole load.
pub struct HardshipRows<'c> {
    conn: &'c Connection,
    file: Statement<'c>,
    end: Statement<'c>,
    member: Statement<'c>,
    drop_members: Statement<'c>,
    verification: Statement<'c>,
    review: Statement<'c>,
    visit: Statement<'c>,
    visit_clerk: Statement<'c>,
    event: Statement<'c>,
}

impl<'c> HardshipRows<'c> {
    pub fn new(conn: &'c Connection) -> Result<Self> {
        Ok(HardshipRows {
            conn,
            file: conn.prepare(
                "INSERT INTO hardship_files (file_no, worker_id, state, causes, applied_on, entered_by, created_at,
                                             updated_at)
                 VALUES (?1, ?2, 'applied', ?3, ?4, ?5, ?6, ?6)",
            )?,
            end: conn.prepare(
                "UPDATE hardship_files SET state = ?2, returned = ?3, category = ?4, proposed = ?5,
                        category_reason = ?6, members = ?7, income_fen = ?8, per_head_fen = ?9, line_year = ?10,
                        current_review = ?11, filed_on = ?12, approved_by = ?13, valid_until = ?14,
                        reviewed_on = ?15, exited_on = ?16, exit_reason = ?17, exit_note = ?18,
                        reject_reason = ?19, updated_at = ?20, version = ?21
                 WHERE id = ?1",
            )?,
            member: conn.prepare(
                "INSERT INTO hardship_members (file_id, review_id, seq, name, relation, id_number, health,
                                               disability_grade, work, income_fen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            drop_members: conn
                .prepare("DELETE FROM hardship_members WHERE file_id = ?1 AND review_id IS NULL")?,
            verification: conn.prepare(
                "INSERT INTO hardship_verifications (file_id, review_id, dated_on, reference, result, per_head_fen,
                                                     entered_by, entered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            review: conn.prepare(
                "INSERT INTO hardship_reviews (file_id, state, result, exit_reason, category, members, income_fen,
                                               per_head_fen, note, entered_by, entered_at, entered_on,
                                               approved_by, approved_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?,
            visit: conn.prepare(
                "INSERT INTO hardship_visits (file_id, visited_on, place, found, needs, given, next_step, next_on,
                                              entered_by, entered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            visit_clerk: conn
                .prepare("INSERT OR IGNORE INTO hardship_visit_clerks (visit_id, clerk_id) VALUES (?1, ?2)")?,
            event: conn.prepare(
                "INSERT INTO hardship_events (file_id, at, day, clerk_id, action, state, valid_until, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
        })
    }

    pub fn file(&mut self, f: &FileRow) -> Result<i64> {
        self.file.execute(params![
            f.file_no,
            f.worker_id,
            f.causes,
            f.applied_on,
            f.entered_by,
            f.created_at
        ])?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn finish(&mut self, e: &FileEnd) -> Result<()> {
        self.end.execute(params![
            e.id,
            e.state,
            e.returned,
            e.category,
            e.proposed,
            e.category_reason,
            e.members,
            e.income_fen,
            e.per_head_fen,
            e.line_year,
            e.current_review,
            e.filed_on,
            e.approved_by,
            e.valid_until,
            e.reviewed_on,
            e.exited_on,
            e.exit_reason,
            e.exit_note,
            e.reject_reason,
            e.updated_at,
            e.version,
        ])?;
        Ok(())
    }

    pub fn member(&mut self, m: &MemberRow) -> Result<()> {
        self.member.execute(params![
            m.file_id,
            m.review_id,
            m.seq,
            m.name,
            m.relation,
            m.id_number,
            m.health,
            m.grade,
            m.work,
            m.income_fen
        ])?;
        Ok(())
    }

    /// The application's household, dropped before an edit enters it again.
    pub fn drop_members(&mut self, file_id: i64) -> Result<()> {
        self.drop_members.execute([file_id])?;
        Ok(())
    }

    pub fn verification(&mut self, v: &VerificationRow) -> Result<()> {
        self.verification.execute(params![
            v.file_id,
            v.review_id,
            v.dated_on,
            v.reference,
            v.result,
            v.per_head_fen,
            v.entered_by,
            v.entered_at
        ])?;
        Ok(())
    }

    pub fn review(&mut self, r: &ReviewRow) -> Result<i64> {
        self.review.execute(params![
            r.file_id,
            r.state,
            r.result,
            r.exit_reason,
            r.category,
            r.members,
            r.income_fen,
            r.per_head_fen,
            r.note,
            r.entered_by,
            r.entered_at,
            r.entered_on,
            r.approved_by,
            r.approved_on
        ])?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn visit(&mut self, v: &VisitRow, clerks: &[i64]) -> Result<()> {
        self.visit.execute(params![
            v.file_id,
            v.visited_on,
            v.place,
            v.found,
            v.needs,
            v.given,
            v.next_step,
            v.next_on,
            v.entered_by,
            v.entered_at
        ])?;
        let id = self.conn.last_insert_rowid();
        for c in clerks {
            self.visit_clerk.execute([id, *c])?;
        }
        Ok(())
    }

    pub fn event(&mut self, e: &EventRow) -> Result<()> {
        self.event.execute(params![
            e.file_id,
            e.at,
            e.day,
            e.clerk_id,
            e.action,
            e.state,
            e.valid_until,
            e.detail
        ])?;
        Ok(())
    }
}

/// The first `n` workers' (id, name, ID number): the small demo's households.
pub fn workers(conn: &Connection, n: usize) -> Result<Vec<(i64, String, String)>> {
    let mut st = conn.prepare("SELECT id, name, id_number FROM workers ORDER BY id LIMIT ?1")?;
    Ok(st
        .query_map([n as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

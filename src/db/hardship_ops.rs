//! Hardship files, written: one function per step (notes/hardship-design.md "States and who"),
//! each inside the caller's write transaction (`db::write`). Every step decides the rules again
//! from the stored file — role, four eyes, state, the version the screen read — and writes its
//! `hardship_events` row and an audit row (`hardship_<step>`). A refusal stores nothing:
//! `Ok(Err(Refused))`; the caller's transaction is still usable (nothing was written before the
//! checks), and rolling it back is safe too.
//!
//! Reviews and imports are `hardship_review`.

use super::audit::{self, Entry};
use super::hardship::{FileRow, application_hands, by_id, open_for_worker, verifications};
use super::workers::stamp;
use super::{DbError, Result};
use crate::config::Hardship;
use crate::domain::hardship::{
    self as rules, Category, Cause, ExitReason, Member, Rule, Standing, Step, Verdict, causes_text,
};
use crate::domain::{IdNumber, Role};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// Who takes a step, and when.
#[derive(Debug, Clone)]
pub struct By {
    pub clerk_id: i64,
    pub role: Role,
    /// For the audit row (login and terminal).
    pub actor: audit::Actor,
    pub at: DateTime<Utc>,
    /// The centre's local day of `at`.
    pub today: NaiveDate,
}

/// Why a step was not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Another terminal changed the file since it was read: the file as it is now.
    Changed(Box<FileRow>),
    /// No such file (or worker).
    Missing,
    Rule(Rule),
}

impl From<Rule> for Refused {
    fn from(r: Rule) -> Self {
        Refused::Rule(r)
    }
}

/// A step's outcome: the outer error is the database's, the inner the rules'.
pub type Done<T> = Result<std::result::Result<T, Refused>, DbError>;

/// A verification as received from the province platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVerification {
    pub dated_on: NaiveDate,
    pub reference: String,
    pub result: Verdict,
    pub per_head_fen: Option<i64>,
}

/// An application as the form holds it (apply, and edit while applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// The worker first (`self`).
    pub members: Vec<Member>,
    pub causes: Vec<Cause>,
    /// The clerk's choice; one other than the lines' proposal needs `category_reason`.
    pub category: Option<Category>,
    pub category_reason: String,
    /// A verification received with the application, if any.
    pub verification: Option<NewVerification>,
}

/// A visit as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVisit {
    pub visited_on: NaiveDate,
    /// Who went: clerk logins, one or more.
    pub logins: Vec<String>,
    pub place: String,
    pub found: String,
    pub needs: String,
    pub given: String,
    pub next_step: String,
    pub next_on: Option<NaiveDate>,
}

pub(super) fn opt(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

macro_rules! refuse {
    ($e:expr) => {
        return Ok(Err($e.into()))
    };
}
pub(super) use refuse;

/// The file as stored, if the version is still the one read, and the step allowed to `by`
/// (`hands`: who entered or edited what the step decides on — the application, or the review).
pub(super) fn load(
    conn: &Connection,
    file_id: i64,
    version: i64,
    step: Step,
    by: &By,
    hands: impl FnOnce(&FileRow) -> Result<Vec<i64>>,
) -> Done<FileRow> {
    let Some(file) = by_id(conn, file_id)? else { refuse!(Refused::Missing) };
    if file.version != version {
        refuse!(Refused::Changed(Box::new(file)));
    }
    let who = hands(&file)?;
    if let Err(r) = rules::may_by(step, by.role, by.clerk_id, Some(file.state), &who) {
        refuse!(r);
    }
    Ok(Ok(file))
}

/// The next file number of the year's `hardship` series, skipping any taken.
pub(super) fn next_number(conn: &Connection, cfg: &Hardship, year: i32) -> Result<String> {
    use super::claim_ops::{Series, next_in};
    next_in(conn, Series::Hardship, &cfg.number_format, cfg.seq_width, year)
}

/// Bumps the version, writes the event (state and valid-until as they are now) and the audit
/// row; returns the file as stored.
pub(super) fn record(
    conn: &Connection,
    file_id: i64,
    step: &str,
    source: &str,
    detail: &str,
    by: &By,
) -> Result<FileRow> {
    conn.execute(
        "UPDATE hardship_files SET version = version + 1, updated_at = ?2 WHERE id = ?1",
        params![file_id, stamp(by.at)],
    )?;
    let file = by_id(conn, file_id)?.ok_or(DbError::Sqlite(rusqlite::Error::QueryReturnedNoRows))?;
    conn.execute(
        "INSERT INTO hardship_events (file_id, at, day, clerk_id, action, state, valid_until, detail, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            file_id,
            stamp(by.at),
            by.today.to_string(),
            by.clerk_id,
            step,
            file.state.code(),
            file.valid_until.map(|d| d.to_string()),
            opt(detail),
            source
        ],
    )?;
    let stored: Option<String> = conn
        .query_row("SELECT id_number FROM workers WHERE id = ?1", [file.worker_id], |r| r.get(0))
        .optional()?;
    let masked = stored.as_deref().and_then(IdNumber::from_stored).map(|i| i.masked());
    let line = format!(
        "hardship={} state={}{}{}",
        file.file_no,
        file.state.code(),
        if detail.is_empty() { "" } else { " " },
        detail
    );
    let action = format!("hardship_{step}");
    let entry = Entry {
        action: &action,
        worker_id: Some(file.worker_id),
        worker_masked: masked.as_deref(),
        reason: None,
        detail: Some(&line),
    };
    audit::append(conn, &by.actor, by.at, &entry)?;
    Ok(file)
}

/// Checks an application's household, causes and category; the lines' proposal and its year.
fn judge(
    cfg: &Hardship,
    a: &Application,
    today: NaiveDate,
) -> std::result::Result<(Option<Category>, i32), Rule> {
    rules::check_members(&a.members, today)?;
    if a.causes.is_empty() {
        return Err(Rule::NoCause);
    }
    let year = today.year();
    let proposed = rules::propose(&a.members, &a.causes, cfg.line(year), year, cfg.relative_multiple_percent)
        .unwrap_or(None);
    rules::check_category(a.category, proposed, &a.category_reason)?;
    if let Some(v) = &a.verification {
        check_new_verification(v, today)?;
    }
    Ok((proposed, year))
}

pub(super) fn check_new_verification(v: &NewVerification, today: NaiveDate) -> std::result::Result<(), Rule> {
    if v.dated_on > today || v.reference.trim().is_empty() || v.per_head_fen.is_some_and(|f| f < 0) {
        return Err(Rule::VerificationBad);
    }
    Ok(())
}

pub(super) fn insert_members(
    conn: &Connection,
    file_id: i64,
    review_id: Option<i64>,
    members: &[Member],
) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO hardship_members (file_id, review_id, seq, name, relation, id_number, health, disability_grade,
                                       work, income_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, m) in members.iter().enumerate() {
        st.execute(params![
            file_id,
            review_id,
            i as i64 + 1,
            m.name.trim(),
            m.relation.code(),
            m.id_number.as_deref().and_then(opt),
            m.health.code(),
            m.disability_grade,
            m.work.code(),
            m.income_fen
        ])?;
    }
    Ok(())
}

pub(super) fn insert_verification(
    conn: &Connection,
    file_id: i64,
    review_id: Option<i64>,
    v: &NewVerification,
    by: &By,
) -> Result<()> {
    conn.execute(
        "INSERT INTO hardship_verifications (file_id, review_id, dated_on, reference, result, per_head_fen,
                                             entered_by, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            file_id,
            review_id,
            v.dated_on.to_string(),
            v.reference.trim(),
            v.result.code(),
            v.per_head_fen,
            by.clerk_id,
            stamp(by.at)
        ],
    )?;
    Ok(())
}

fn write_application(
    conn: &Connection,
    file_id: i64,
    a: &Application,
    proposed: Option<Category>,
    year: i32,
) -> Result<()> {
    let f = rules::figures(&a.members);
    conn.execute(
        "UPDATE hardship_files SET category = ?2, proposed = ?3, category_reason = ?4, causes = ?5, members = ?6,
                income_fen = ?7, per_head_fen = ?8, line_year = ?9 WHERE id = ?1",
        params![
            file_id,
            a.category.map(Category::code),
            proposed.map(Category::code),
            opt(&a.category_reason),
            causes_text(&a.causes),
            f.members,
            f.income_fen,
            f.per_head_fen,
            year
        ],
    )?;
    conn.execute("DELETE FROM hardship_members WHERE file_id = ?1 AND review_id IS NULL", [file_id])?;
    insert_members(conn, file_id, None, &a.members)
}

/// 申请建档: a new file `applied` for the worker, numbered from the year's series. Refused when
/// the worker has an open file, or the household, causes or category do not hold.
pub fn apply(conn: &Connection, cfg: &Hardship, by: &By, worker_id: i64, a: &Application) -> Done<FileRow> {
    if let Err(r) = rules::may(Step::Apply, by.role, by.clerk_id, None, None) {
        refuse!(r);
    }
    let known: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM workers WHERE id = ?1)", [worker_id], |r| r.get(0))?;
    if !known {
        refuse!(Refused::Missing);
    }
    if let Some(open) = open_for_worker(conn, worker_id)? {
        refuse!(Rule::OpenFile { file_no: open.file_no });
    }
    let (proposed, year) = match judge(cfg, a, by.today) {
        Ok(j) => j,
        Err(r) => refuse!(r),
    };
    let file_no = next_number(conn, cfg, year)?;
    conn.execute(
        "INSERT INTO hardship_files (file_no, worker_id, state, applied_on, entered_by, source, created_at, updated_at)
         VALUES (?1, ?2, 'applied', ?3, ?4, 'counter', ?5, ?5)",
        params![file_no, worker_id, by.today.to_string(), by.clerk_id, stamp(by.at)],
    )?;
    let id = conn.last_insert_rowid();
    write_application(conn, id, a, proposed, year)?;
    if let Some(v) = &a.verification {
        insert_verification(conn, id, None, v, by)?;
    }
    // A new file starts at version 1: `record` bumps, so start it at 0.
    conn.execute("UPDATE hardship_files SET version = 0 WHERE id = ?1", [id])?;
    Ok(Ok(record(conn, id, Step::Apply.code(), "counter", "", by)?))
}

/// Edit while applied: the application's household, causes and category replaced; no longer
/// returned.
pub fn edit(
    conn: &Connection,
    cfg: &Hardship,
    by: &By,
    file_id: i64,
    version: i64,
    a: &Application,
) -> Done<FileRow> {
    let file = match load(conn, file_id, version, Step::Edit, by, |f| Ok(f.entered_by.into_iter().collect()))?
    {
        Ok(f) => f,
        Err(r) => refuse!(r),
    };
    let (proposed, year) = match judge(cfg, a, by.today) {
        Ok(j) => j,
        Err(r) => refuse!(r),
    };
    write_application(conn, file.id, a, proposed, year)?;
    conn.execute("UPDATE hardship_files SET returned = 0 WHERE id = ?1", [file.id])?;
    if let Some(v) = &a.verification {
        insert_verification(conn, file.id, None, v, by)?;
    }
    Ok(Ok(record(conn, file.id, Step::Edit.code(), "counter", "", by)?))
}

/// 退回: a supervisor other than who entered sends the application back, with a reason (kept in
/// the event).
pub fn send_back(conn: &Connection, by: &By, file_id: i64, version: i64, reason: &str) -> Done<FileRow> {
    let file = match load(conn, file_id, version, Step::Return, by, |f| application_hands(conn, f))? {
        Ok(f) => f,
        Err(r) => refuse!(r),
    };
    let Some(reason) = opt(reason) else { refuse!(Rule::ReasonRequired) };
    conn.execute("UPDATE hardship_files SET returned = 1 WHERE id = ?1", [file.id])?;
    Ok(Ok(record(conn, file.id, Step::Return.code(), "counter", reason, by)?))
}

/// The latest verification of a file (by date, then entry) as the approval rule reads it.
pub(super) fn latest_verification(conn: &Connection, file_id: i64) -> Result<Option<(NaiveDate, Verdict)>> {
    Ok(verifications(conn, file_id)?.into_iter().next().map(|v| (v.dated_on, v.result)))
}

/// 批准: a supervisor other than who entered files it — with a category and an eligible
/// verification dated within `verify_valid_days` — valid for `valid_months`.
pub fn approve(conn: &Connection, cfg: &Hardship, by: &By, file_id: i64, version: i64) -> Done<FileRow> {
    let file = match load(conn, file_id, version, Step::Approve, by, |f| application_hands(conn, f))? {
        Ok(f) => f,
        Err(r) => refuse!(r),
    };
    if file.category.is_none() {
        refuse!(Rule::NoCategory);
    }
    if let Err(r) =
        rules::check_verification(latest_verification(conn, file.id)?, by.today, cfg.verify_valid_days)
    {
        refuse!(r);
    }
    let until = rules::valid_until(by.today, cfg.valid_months);
    conn.execute(
        "UPDATE hardship_files SET state = 'filed', returned = 0, filed_on = ?2, approved_by = ?3, valid_until = ?4
         WHERE id = ?1",
        params![file.id, by.today.to_string(), by.clerk_id, until.to_string()],
    )?;
    Ok(Ok(record(conn, file.id, Step::Approve.code(), "counter", "", by)?))
}

/// 不予建档: a supervisor other than who entered rejects it, with a reason.
pub fn reject(conn: &Connection, by: &By, file_id: i64, version: i64, reason: &str) -> Done<FileRow> {
    let file = match load(conn, file_id, version, Step::Reject, by, |f| application_hands(conn, f))? {
        Ok(f) => f,
        Err(r) => refuse!(r),
    };
    let Some(reason) = opt(reason) else { refuse!(Rule::ReasonRequired) };
    conn.execute(
        "UPDATE hardship_files SET state = 'rejected', reject_reason = ?2 WHERE id = ?1",
        params![file.id, reason],
    )?;
    Ok(Ok(record(conn, file.id, Step::Reject.code(), "counter", reason, by)?))
}

/// 核对结果: a verification received for an applied or filed file.
pub fn verify(conn: &Connection, by: &By, file_id: i64, version: i64, v: &NewVerification) -> Done<FileRow> {
    let file =
        match load(conn, file_id, version, Step::Verify, by, |f| Ok(f.entered_by.into_iter().collect()))? {
            Ok(f) => f,
            Err(r) => refuse!(r),
        };
    if let Err(r) = check_new_verification(v, by.today) {
        refuse!(r);
    }
    insert_verification(conn, file.id, None, v, by)?;
    let detail = format!("{} {} {}", v.dated_on, v.result.code(), v.reference.trim());
    Ok(Ok(record(conn, file.id, Step::Verify.code(), "counter", &detail, by)?))
}

/// 退出 by a supervisor (death, moving away…): a reason, and a note if any.
pub fn exit(
    conn: &Connection,
    by: &By,
    file_id: i64,
    version: i64,
    reason: ExitReason,
    note: &str,
) -> Done<FileRow> {
    let file = match load(conn, file_id, version, Step::Exit, by, |f| Ok(f.entered_by.into_iter().collect()))?
    {
        Ok(f) => f,
        Err(r) => refuse!(r),
    };
    conn.execute(
        "UPDATE hardship_files SET state = 'exited', exited_on = ?2, exit_reason = ?3, exit_note = ?4 WHERE id = ?1",
        params![file.id, by.today.to_string(), reason.code(), opt(note)],
    )?;
    // A review still waiting is closed with it (returned, its note saying why): an exited file
    // leaves nothing for a supervisor to approve.
    let waiting: Option<i64> = conn
        .query_row(
            "SELECT id FROM hardship_reviews WHERE file_id = ?1 AND state = 'entered'",
            [file.id],
            |r| r.get(0),
        )
        .optional()?;
    let closed = match waiting {
        Some(id) => {
            conn.execute(
                "UPDATE hardship_reviews SET state = 'returned',
                        note = trim(coalesce(note || '；', '') || '档案已直接退出，本次年审未审批') WHERE id = ?1",
                [id],
            )?;
            format!("review={id} returned")
        }
        None => String::new(),
    };
    let detail = [reason.code(), note.trim(), closed.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Ok(record(conn, file.id, Step::Exit.code(), "counter", &detail, by)?))
}

/// 走访: a visit to an applied or filed household — dated today or before, who went (logins of
/// known clerks), what was found (required).
pub fn visit(conn: &Connection, by: &By, file_id: i64, version: i64, v: &NewVisit) -> Done<FileRow> {
    let file =
        match load(conn, file_id, version, Step::Visit, by, |f| Ok(f.entered_by.into_iter().collect()))? {
            Ok(f) => f,
            Err(r) => refuse!(r),
        };
    if v.visited_on > by.today {
        refuse!(Rule::VisitFuture);
    }
    if v.found.trim().is_empty() {
        refuse!(Rule::FoundBlank);
    }
    let mut clerks = vec![];
    for login in v.logins.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        match super::clerks::by_login(conn, login)? {
            Some(c) if !clerks.contains(&c.id) => clerks.push(c.id),
            Some(_) => {}
            None => refuse!(Rule::NoVisitors),
        }
    }
    if clerks.is_empty() {
        refuse!(Rule::NoVisitors);
    }
    conn.execute(
        "INSERT INTO hardship_visits (file_id, visited_on, place, found, needs, given, next_step, next_on, entered_by,
                                      entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            file.id,
            v.visited_on.to_string(),
            v.place.trim(),
            v.found.trim(),
            opt(&v.needs),
            opt(&v.given),
            opt(&v.next_step),
            v.next_on.map(|d| d.to_string()),
            by.clerk_id,
            stamp(by.at)
        ],
    )?;
    let visit_id = conn.last_insert_rowid();
    for c in clerks {
        conn.execute(
            "INSERT INTO hardship_visit_clerks (visit_id, clerk_id) VALUES (?1, ?2)",
            params![visit_id, c],
        )?;
    }
    Ok(Ok(record(conn, file.id, Step::Visit.code(), "counter", &v.visited_on.to_string(), by)?))
}

/// Whether a worker's file is current on `day` — the hardship claim kinds' check, for use
/// inside a claim's intake transaction.
pub fn is_current(conn: &Connection, worker_id: i64, day: NaiveDate) -> Result<bool> {
    Ok(super::hardship::filed_for_worker(conn, worker_id)?
        .is_some_and(|f| f.standing(day) == Standing::Current))
}

/// A note (a supervisor's, typed in an approval) added to the file's latest event, after what
/// the step wrote there; inside the step's transaction.
pub fn note_last_event(conn: &Connection, file_id: i64, note: &str) -> Result<()> {
    let Some(note) = opt(note) else { return Ok(()) };
    conn.execute(
        "UPDATE hardship_events SET detail = trim(coalesce(detail, '') || ' ' || ?2)
         WHERE id = (SELECT max(id) FROM hardship_events WHERE file_id = ?1)",
        params![file_id, note],
    )?;
    Ok(())
}

//! Hardship files' reviews (年审) and imports, written; the same contract as `hardship_ops`:
//! inside the caller's transaction, the rules decided again from the stored file, an event and
//! an audit row per step, `Ok(Err(Refused))` storing nothing.

use super::Result;
use super::hardship::{FileRow, ReviewRow, open_for_worker, open_review};
use super::hardship_ops::{
    By, Done, NewVerification, check_new_verification, insert_members, insert_verification,
    latest_verification, load, next_number, opt, record, refuse,
};
use super::workers::stamp;
use crate::config::Hardship;
use crate::domain::hardship::{self as rules, Category, ExitReason, Member, Outcome, Rule, State, Step};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};

/// A review as the form holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewInput {
    /// The household as found now, the worker first.
    pub members: Vec<Member>,
    /// The category to continue in (none: keep the file's).
    pub category: Option<Category>,
    /// Why the category differs from what the lines propose (the form asks for it then). The
    /// review table has no column of its own: it is kept at the head of the review's note and
    /// on the review's event.
    pub category_reason: String,
    /// The verification made for the review.
    pub verification: NewVerification,
    pub outcome: Outcome,
    /// Required when `outcome` is `Exit`.
    pub exit_reason: Option<ExitReason>,
    pub note: String,
}

/// 年审: entered on a filed file (current or lapsed) with no open review; waits for a
/// supervisor.
pub fn review(conn: &Connection, by: &By, file_id: i64, version: i64, r: &ReviewInput) -> Done<FileRow> {
    let file =
        match load(conn, file_id, version, Step::Review, by, |f| Ok(f.entered_by.into_iter().collect()))? {
            Ok(f) => f,
            Err(e) => refuse!(e),
        };
    if open_review(conn, file.id)?.is_some() {
        refuse!(Rule::ReviewOpen);
    }
    if let Err(e) = rules::check_members(&r.members, by.today) {
        refuse!(e);
    }
    if r.outcome == Outcome::Exit && r.exit_reason.is_none() {
        refuse!(Rule::ExitReason);
    }
    if let Err(e) = check_new_verification(&r.verification, by.today) {
        refuse!(e);
    }
    let f = rules::figures(&r.members);
    let exit_reason = (r.outcome == Outcome::Exit).then_some(r.exit_reason).flatten();
    let why = r.category_reason.trim();
    let note = [why, r.note.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("；");
    conn.execute(
        "INSERT INTO hardship_reviews (file_id, state, result, exit_reason, category, members, income_fen,
                                       per_head_fen, note, entered_by, entered_at, entered_on)
         VALUES (?1, 'entered', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            file.id,
            r.outcome.code(),
            exit_reason.map(ExitReason::code),
            r.category.or(file.category).map(Category::code),
            f.members,
            f.income_fen,
            f.per_head_fen,
            opt(&note),
            by.clerk_id,
            stamp(by.at),
            by.today.to_string()
        ],
    )?;
    let review_id = conn.last_insert_rowid();
    insert_members(conn, file.id, Some(review_id), &r.members)?;
    insert_verification(conn, file.id, Some(review_id), &r.verification, by)?;
    let mut detail = match exit_reason {
        Some(e) => format!("review={review_id} exit {}", e.code()),
        None => format!("review={review_id} continue"),
    };
    if !why.is_empty() {
        detail.push_str(&format!(" category_reason={why}"));
    }
    Ok(Ok(record(conn, file.id, Step::Review.code(), "counter", &detail, by)?))
}

/// The file and its open review, the step allowed to `by` against who entered the review.
fn load_review(
    conn: &Connection,
    by: &By,
    file_id: i64,
    version: i64,
    step: Step,
) -> Done<(FileRow, ReviewRow)> {
    let mut open = None;
    let file = match load(conn, file_id, version, step, by, |f| {
        open = open_review(conn, f.id)?;
        Ok(open.as_ref().and_then(|r| r.entered_by).into_iter().collect())
    })? {
        Ok(f) => f,
        Err(e) => refuse!(e),
    };
    let Some(review) = open else { refuse!(Rule::NoReview) };
    Ok(Ok((file, review)))
}

/// 年审通过: a supervisor other than who entered the review. `continue` needs an eligible,
/// fresh verification and moves the household, figures and category over and valid-until on
/// from today; `exit` exits the file with the review's reason.
pub fn review_approve(
    conn: &Connection,
    cfg: &Hardship,
    by: &By,
    file_id: i64,
    version: i64,
) -> Done<FileRow> {
    let (file, review) = match load_review(conn, by, file_id, version, Step::ReviewApprove)? {
        Ok(x) => x,
        Err(e) => refuse!(e),
    };
    let today = by.today.to_string();
    match review.result {
        Outcome::Continue => {
            let Some(category) = review.category.or(file.category) else { refuse!(Rule::NoCategory) };
            let latest = latest_verification(conn, file.id)?;
            if let Err(e) = rules::check_verification(latest, by.today, cfg.verify_valid_days) {
                refuse!(e);
            }
            let until = rules::valid_until(by.today, cfg.valid_months);
            conn.execute(
                "UPDATE hardship_files SET category = ?2, members = ?3, income_fen = ?4, per_head_fen = ?5,
                        current_review = ?6, reviewed_on = ?7, valid_until = ?8, line_year = ?9 WHERE id = ?1",
                params![
                    file.id,
                    category.code(),
                    review.members,
                    review.income_fen,
                    review.per_head_fen,
                    review.id,
                    today,
                    until.to_string(),
                    by.today.year()
                ],
            )?;
        }
        Outcome::Exit => {
            conn.execute(
                "UPDATE hardship_files SET state = 'exited', exited_on = ?2, exit_reason = ?3, exit_note = ?4
                 WHERE id = ?1",
                params![file.id, today, review.exit_reason.unwrap_or(ExitReason::Other).code(), review.note],
            )?;
        }
    }
    conn.execute(
        "UPDATE hardship_reviews SET state = 'approved', approved_by = ?2, approved_on = ?3 WHERE id = ?1",
        params![review.id, by.clerk_id, today],
    )?;
    let detail = format!("review={} {}", review.id, review.result.code());
    Ok(Ok(record(conn, file.id, Step::ReviewApprove.code(), "counter", &detail, by)?))
}

/// 年审退回: a supervisor other than who entered the review sends it back, with a reason; the
/// file is as it was, and a new review may be entered.
pub fn review_return(conn: &Connection, by: &By, file_id: i64, version: i64, reason: &str) -> Done<FileRow> {
    let (file, review) = match load_review(conn, by, file_id, version, Step::ReviewReturn)? {
        Ok(x) => x,
        Err(e) => refuse!(e),
    };
    let Some(reason) = opt(reason) else { refuse!(Rule::ReasonRequired) };
    conn.execute("UPDATE hardship_reviews SET state = 'returned' WHERE id = ?1", [review.id])?;
    let detail = format!("review={} {reason}", review.id);
    Ok(Ok(record(conn, file.id, Step::ReviewReturn.code(), "counter", &detail, by)?))
}

/// `import workers` with a hardship level or valid-until: the worker's filed file takes them
/// (`None` keeps what it has; an `import` event says from what); with no open file and a
/// category a filed one is made with source `import`; with neither, nothing (`Ok(Ok(None))`).
/// A worker whose file is still applied is refused (`NotFromHere`): the application is decided
/// at the counter. No role check here: the command is a supervisor's.
pub fn import_level(
    conn: &Connection,
    cfg: &Hardship,
    by: &By,
    worker_id: i64,
    category: Option<Category>,
    valid_until: Option<NaiveDate>,
    level: &str,
) -> Done<Option<FileRow>> {
    let until = valid_until.map(|d| d.to_string());
    let id = match (open_for_worker(conn, worker_id)?, category) {
        (Some(f), _) if f.state == State::Filed => {
            conn.execute(
                "UPDATE hardship_files SET category = coalesce(?2, category), valid_until = coalesce(?3, valid_until)
                 WHERE id = ?1",
                params![f.id, category.map(Category::code), until],
            )?;
            f.id
        }
        (Some(f), _) => refuse!(Rule::NotFromHere { state: f.state }),
        (None, None) => return Ok(Ok(None)),
        (None, Some(category)) => {
            let file_no = next_number(conn, cfg, by.today.year())?;
            conn.execute(
                "INSERT INTO hardship_files (file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                             source, created_at, updated_at, version)
                 VALUES (?1, ?2, 'filed', ?3, ?4, ?4, ?5, 'import', ?6, ?6, 0)",
                params![file_no, worker_id, category.code(), by.today.to_string(), until, stamp(by.at)],
            )?;
            conn.last_insert_rowid()
        }
    };
    let detail = format!("level={} until={}", level.trim(), until.as_deref().unwrap_or(""));
    Ok(Ok(Some(record(conn, id, "import", "import", &detail, by)?)))
}

/// Whether a review is waiting on the file (for the page's keys).
pub fn has_open_review(conn: &Connection, file_id: i64) -> Result<bool> {
    Ok(open_review(conn, file_id)?.is_some())
}

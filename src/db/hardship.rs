//! Hardship files, read (notes/hardship-design.md): a worker's files, one file whole, the lists
//! of files that need someone, and the worker's current file — the one source of truth for
//! the hardship claim kinds, the worker card and exports. Writes are `hardship_ops` (steps) and
//! `hardship_review` (reviews, imports).

use super::Result;
use crate::domain::hardship::{
    Category, Cause, ExitReason, Health, Member, Outcome, Relation, Standing, State, Verdict, Work,
    causes_parse, standing,
};
use chrono::{Days, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// One file as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    pub id: i64,
    pub file_no: String,
    pub worker_id: i64,
    pub state: State,
    /// Sent back by a supervisor and not edited since.
    pub returned: bool,
    pub category: Option<Category>,
    /// What the lines proposed at application.
    pub proposed: Option<Category>,
    pub category_reason: Option<String>,
    pub causes: Vec<Cause>,
    pub members: i64,
    pub income_fen: i64,
    pub per_head_fen: i64,
    pub line_year: Option<i32>,
    pub current_review: Option<i64>,
    pub applied_on: NaiveDate,
    pub entered_by: Option<i64>,
    pub filed_on: Option<NaiveDate>,
    pub approved_by: Option<i64>,
    pub valid_until: Option<NaiveDate>,
    pub reviewed_on: Option<NaiveDate>,
    pub exited_on: Option<NaiveDate>,
    pub exit_reason: Option<ExitReason>,
    pub exit_note: Option<String>,
    pub reject_reason: Option<String>,
    /// `counter`, `import` or `migration`.
    pub source: String,
    pub version: i64,
}

impl FileRow {
    /// Current, lapsed, or not filed, on `day`.
    pub fn standing(&self, day: NaiveDate) -> Standing {
        standing(self.state, self.valid_until, day)
    }
}

pub(super) const FILE_COLUMNS: &str = "f.id, f.file_no, f.worker_id, f.state, f.returned, f.category, f.proposed, \
    f.category_reason, f.causes, f.members, f.income_fen, f.per_head_fen, f.line_year, f.current_review, \
    f.applied_on, f.entered_by, f.filed_on, f.approved_by, f.valid_until, f.reviewed_on, f.exited_on, \
    f.exit_reason, f.exit_note, f.reject_reason, f.source, f.version";

/// A stored day; a malformed one reads as none.
pub(super) fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.get(..10).and_then(|d| d.parse().ok()))
}

pub(super) fn file_from(r: &Row) -> rusqlite::Result<FileRow> {
    let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
    let cat = |i: usize| -> rusqlite::Result<Option<Category>> {
        Ok(text(i)?.as_deref().and_then(Category::parse))
    };
    let state: String = r.get(3)?;
    Ok(FileRow {
        id: r.get(0)?,
        file_no: r.get(1)?,
        worker_id: r.get(2)?,
        state: State::parse(&state).unwrap_or(State::Exited),
        returned: r.get(4)?,
        category: cat(5)?,
        proposed: cat(6)?,
        category_reason: text(7)?,
        causes: causes_parse(&r.get::<_, String>(8)?),
        members: r.get(9)?,
        income_fen: r.get(10)?,
        per_head_fen: r.get(11)?,
        line_year: r.get(12)?,
        current_review: r.get(13)?,
        applied_on: day(text(14)?).unwrap_or(NaiveDate::MIN),
        entered_by: r.get(15)?,
        filed_on: day(text(16)?),
        approved_by: r.get(17)?,
        valid_until: day(text(18)?),
        reviewed_on: day(text(19)?),
        exited_on: day(text(20)?),
        exit_reason: text(21)?.as_deref().and_then(ExitReason::parse),
        exit_note: text(22)?,
        reject_reason: text(23)?,
        source: r.get(24)?,
        version: r.get(25)?,
    })
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<FileRow>> {
    let sql = format!("SELECT {FILE_COLUMNS} FROM hardship_files f WHERE f.id = ?1");
    Ok(conn.query_row(&sql, [id], file_from).optional()?)
}

/// A worker's files, newest first (by application day, then id).
pub fn of_worker(conn: &Connection, worker_id: i64) -> Result<Vec<FileRow>> {
    let sql = format!(
        "SELECT {FILE_COLUMNS} FROM hardship_files f WHERE f.worker_id = ?1 ORDER BY f.applied_on DESC, f.id DESC"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([worker_id], file_from)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The worker's open file (applied or filed; at most one), lapsed or not.
pub fn open_for_worker(conn: &Connection, worker_id: i64) -> Result<Option<FileRow>> {
    let sql = format!(
        "SELECT {FILE_COLUMNS} FROM hardship_files f WHERE f.worker_id = ?1 AND f.state IN ('applied', 'filed')"
    );
    Ok(conn.prepare_cached(&sql)?.query_row([worker_id], file_from).optional()?)
}

/// The worker's filed file — current or lapsed — for the card: its category and valid-until,
/// or 已过期 when `standing(day)` is `Lapsed`.
pub fn filed_for_worker(conn: &Connection, worker_id: i64) -> Result<Option<FileRow>> {
    Ok(open_for_worker(conn, worker_id)?.filter(|f| f.state == State::Filed))
}

/// The worker's file if it is current on `day` (filed, valid-until on or after `day`): what
/// the hardship claim kinds ask for.
pub fn current_for_worker(conn: &Connection, worker_id: i64, day: NaiveDate) -> Result<Option<FileRow>> {
    Ok(filed_for_worker(conn, worker_id)?.filter(|f| f.standing(day) == Standing::Current))
}

/// A file's valid-until as it stood on `day` (the latest event's on or before it): the day a
/// file lapsed can be told after a late review moved it on.
pub fn valid_until_on(conn: &Connection, file_id: i64, on: NaiveDate) -> Result<Option<NaiveDate>> {
    let v: Option<Option<String>> = conn
        .prepare_cached(
            "SELECT valid_until FROM hardship_events WHERE file_id = ?1 AND day <= ?2 ORDER BY day DESC, id DESC LIMIT 1",
        )?
        .query_row(params![file_id, on.to_string()], |r| r.get(0))
        .optional()?;
    Ok(day(v.flatten()))
}

/// A household member as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub seq: i64,
    pub review_id: Option<i64>,
    pub member: Member,
}

fn members_where(conn: &Connection, file_id: i64, review_id: Option<i64>) -> Result<Vec<MemberRow>> {
    let mut st = conn.prepare_cached(
        "SELECT seq, review_id, name, relation, id_number, health, disability_grade, work, income_fen
         FROM hardship_members WHERE file_id = ?1 AND review_id IS ?2 ORDER BY seq",
    )?;
    let rows = st.query_map(params![file_id, review_id], |r| {
        let code = |i: usize| -> rusqlite::Result<String> { r.get(i) };
        Ok(MemberRow {
            seq: r.get(0)?,
            review_id: r.get(1)?,
            member: Member {
                name: r.get(2)?,
                relation: Relation::parse(&code(3)?).unwrap_or(Relation::Other),
                id_number: r.get(4)?,
                health: Health::parse(&code(5)?).unwrap_or(Health::Healthy),
                disability_grade: r.get(6)?,
                work: Work::parse(&code(7)?).unwrap_or(Work::Employed),
                income_fen: r.get(8)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The household as the file holds it now: its current review's members, or the
/// application's when no review was approved.
pub fn household(conn: &Connection, file: &FileRow) -> Result<Vec<MemberRow>> {
    members_where(conn, file.id, file.current_review)
}

/// The members a review entered.
pub fn review_members(conn: &Connection, file_id: i64, review_id: i64) -> Result<Vec<MemberRow>> {
    members_where(conn, file_id, Some(review_id))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationRow {
    pub id: i64,
    pub review_id: Option<i64>,
    pub dated_on: NaiveDate,
    pub reference: String,
    pub result: Verdict,
    pub per_head_fen: Option<i64>,
    pub entered_by: Option<i64>,
}

/// A file's verifications, newest first (by date, then entry): the first is the latest.
pub fn verifications(conn: &Connection, file_id: i64) -> Result<Vec<VerificationRow>> {
    let mut st = conn.prepare_cached(
        "SELECT id, review_id, dated_on, reference, result, per_head_fen, entered_by
         FROM hardship_verifications WHERE file_id = ?1 ORDER BY dated_on DESC, id DESC",
    )?;
    let rows = st.query_map([file_id], |r| {
        let result: String = r.get(4)?;
        Ok(VerificationRow {
            id: r.get(0)?,
            review_id: r.get(1)?,
            dated_on: day(r.get(2)?).unwrap_or(NaiveDate::MIN),
            reference: r.get(3)?,
            result: Verdict::parse(&result).unwrap_or(Verdict::Pending),
            per_head_fen: r.get(5)?,
            entered_by: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    pub id: i64,
    /// `entered`, `approved` or `returned`.
    pub state: String,
    pub result: Outcome,
    pub exit_reason: Option<ExitReason>,
    pub category: Option<Category>,
    pub members: i64,
    pub income_fen: i64,
    pub per_head_fen: i64,
    pub note: Option<String>,
    pub entered_by: Option<i64>,
    pub entered_on: NaiveDate,
    pub approved_by: Option<i64>,
    pub approved_on: Option<NaiveDate>,
}

const REVIEW_COLUMNS: &str = "id, state, result, exit_reason, category, members, income_fen, per_head_fen, note, \
                              entered_by, entered_on, approved_by, approved_on";

fn review_from(r: &Row) -> rusqlite::Result<ReviewRow> {
    let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
    let result: String = r.get(2)?;
    Ok(ReviewRow {
        id: r.get(0)?,
        state: r.get(1)?,
        result: Outcome::parse(&result).unwrap_or(Outcome::Continue),
        exit_reason: text(3)?.as_deref().and_then(ExitReason::parse),
        category: text(4)?.as_deref().and_then(Category::parse),
        members: r.get(5)?,
        income_fen: r.get(6)?,
        per_head_fen: r.get(7)?,
        note: r.get(8)?,
        entered_by: r.get(9)?,
        entered_on: day(text(10)?).unwrap_or(NaiveDate::MIN),
        approved_by: r.get(11)?,
        approved_on: day(text(12)?),
    })
}

/// A file's reviews, newest first.
pub fn reviews(conn: &Connection, file_id: i64) -> Result<Vec<ReviewRow>> {
    let sql = format!("SELECT {REVIEW_COLUMNS} FROM hardship_reviews WHERE file_id = ?1 ORDER BY id DESC");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([file_id], review_from)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The file's review waiting for a supervisor (at most one).
pub fn open_review(conn: &Connection, file_id: i64) -> Result<Option<ReviewRow>> {
    let sql =
        format!("SELECT {REVIEW_COLUMNS} FROM hardship_reviews WHERE file_id = ?1 AND state = 'entered'");
    Ok(conn.prepare_cached(&sql)?.query_row([file_id], review_from).optional()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRow {
    pub id: i64,
    pub visited_on: NaiveDate,
    /// Who went: (login, name), by login.
    pub clerks: Vec<(String, String)>,
    pub place: String,
    pub found: String,
    pub needs: Option<String>,
    pub given: Option<String>,
    pub next_step: Option<String>,
    pub next_on: Option<NaiveDate>,
}

/// A file's visits, newest first, with who went.
pub fn visits(conn: &Connection, file_id: i64) -> Result<Vec<VisitRow>> {
    let mut st = conn.prepare_cached(
        "SELECT id, visited_on, place, found, needs, given, next_step, next_on
         FROM hardship_visits WHERE file_id = ?1 ORDER BY visited_on DESC, id DESC",
    )?;
    let mut out = st
        .query_map([file_id], |r| {
            Ok(VisitRow {
                id: r.get(0)?,
                visited_on: day(r.get(1)?).unwrap_or(NaiveDate::MIN),
                clerks: vec![],
                place: r.get(2)?,
                found: r.get(3)?,
                needs: r.get(4)?,
                given: r.get(5)?,
                next_step: r.get(6)?,
                next_on: day(r.get(7)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut who = conn.prepare_cached(
        "SELECT k.login, k.name FROM hardship_visit_clerks v JOIN clerks k ON k.id = v.clerk_id
         WHERE v.visit_id = ?1 ORDER BY k.login",
    )?;
    for v in &mut out {
        v.clerks = who.query_map([v.id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    }
    Ok(out)
}

/// One line of a file's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub at: String,
    pub day: NaiveDate,
    /// The clerk's name (none for a migration).
    pub clerk: Option<String>,
    pub clerk_id: Option<i64>,
    /// `apply`, `approve`, … `import`, `purge` (`domain::hardship::Step::code`).
    pub action: String,
    /// The state and valid-until after the step.
    pub state: State,
    pub valid_until: Option<NaiveDate>,
    pub detail: Option<String>,
    pub source: String,
}

/// A file's history, oldest first.
pub fn events(conn: &Connection, file_id: i64) -> Result<Vec<EventRow>> {
    let mut st = conn.prepare_cached(
        "SELECT e.at, e.day, k.name, e.action, e.state, e.valid_until, e.detail, e.source, e.clerk_id
         FROM hardship_events e LEFT JOIN clerks k ON k.id = e.clerk_id WHERE e.file_id = ?1 ORDER BY e.id",
    )?;
    let rows = st.query_map([file_id], |r| {
        let state: String = r.get(4)?;
        Ok(EventRow {
            at: r.get(0)?,
            day: day(r.get(1)?).unwrap_or(NaiveDate::MIN),
            clerk: r.get(2)?,
            action: r.get(3)?,
            state: State::parse(&state).unwrap_or(State::Exited),
            valid_until: day(r.get(5)?),
            detail: r.get(6)?,
            source: r.get(7)?,
            clerk_id: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Whose hands are on a file's application, for four eyes: who entered it and whoever applied
/// or edited it (its `apply` and `edit` events, taken only while it is applied — at the
/// counter or, for `apply`, by an import).
pub fn application_hands(conn: &Connection, file: &FileRow) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT clerk_id FROM hardship_events
         WHERE file_id = ?1 AND action IN ('apply', 'edit') AND clerk_id IS NOT NULL",
    )?;
    let mut hands = st.query_map([file.id], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    hands.extend(file.entered_by);
    Ok(hands)
}

/// A file with everything the F2 page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whole {
    pub file: FileRow,
    /// The household now (current review's, or the application's).
    pub household: Vec<MemberRow>,
    /// Newest first; the first is the latest.
    pub verifications: Vec<VerificationRow>,
    /// Newest first.
    pub reviews: Vec<ReviewRow>,
    /// Newest first, with who went.
    pub visits: Vec<VisitRow>,
    /// Oldest first.
    pub events: Vec<EventRow>,
    /// The names of the clerks the file and its reviews name (entered, approved), by id.
    pub names: Vec<(i64, String)>,
}

impl Whole {
    /// `application_hands` as the page read it: who entered the application and who applied
    /// or edited it.
    pub fn application_hands(&self) -> Vec<i64> {
        let events = self.events.iter().filter(|e| matches!(e.action.as_str(), "apply" | "edit"));
        events.filter_map(|e| e.clerk_id).chain(self.file.entered_by).collect()
    }

    /// The name of a clerk the file or a review names (none: no one, or not found).
    pub fn name_of(&self, id: Option<i64>) -> Option<&str> {
        let id = id?;
        self.names.iter().find(|(k, _)| *k == id).map(|(_, n)| n.as_str())
    }
}

/// One file whole (none when no such id).
pub fn whole(conn: &Connection, file_id: i64) -> Result<Option<Whole>> {
    let Some(file) = by_id(conn, file_id)? else { return Ok(None) };
    let reviews = reviews(conn, file_id)?;
    let mut ids: Vec<i64> = [file.entered_by, file.approved_by]
        .into_iter()
        .chain(reviews.iter().flat_map(|r| [r.entered_by, r.approved_by]))
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut st = conn.prepare_cached("SELECT name FROM clerks WHERE id = ?1")?;
    let mut names = vec![];
    for id in ids {
        if let Some(name) = st.query_row([id], |r| r.get::<_, String>(0)).optional()? {
            names.push((id, name));
        }
    }
    Ok(Some(Whole {
        household: household(conn, &file)?,
        verifications: verifications(conn, file_id)?,
        reviews,
        visits: visits(conn, file_id)?,
        events: events(conn, file_id)?,
        names,
        file,
    }))
}

/// A line of the lists of files that need someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    pub file_id: i64,
    pub file_no: String,
    pub worker_id: i64,
    pub worker_name: String,
    pub category: Option<Category>,
    pub valid_until: Option<NaiveDate>,
    /// The list's own day: applied on (applications), entered on (reviews), valid until
    /// (reviews due), the last visit or filed on (visits overdue).
    pub since: Option<NaiveDate>,
}

fn list(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<ListRow>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(p, |r| {
        let cat: Option<String> = r.get(4)?;
        Ok(ListRow {
            file_id: r.get(0)?,
            file_no: r.get(1)?,
            worker_id: r.get(2)?,
            worker_name: r.get(3)?,
            category: cat.as_deref().and_then(Category::parse),
            valid_until: day(r.get(5)?),
            since: day(r.get(6)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

const LIST_HEAD: &str = "SELECT f.id, f.file_no, f.worker_id, w.name, f.category, f.valid_until";

/// Applications waiting for a supervisor (not sent back), oldest first.
pub fn waiting(conn: &Connection) -> Result<Vec<ListRow>> {
    let sql = format!(
        "{LIST_HEAD}, f.applied_on FROM hardship_files f JOIN workers w ON w.id = f.worker_id
         WHERE f.state = 'applied' AND f.returned = 0 ORDER BY f.applied_on, f.id"
    );
    list(conn, &sql, [])
}

/// Applications sent back to the counter, oldest first.
pub fn returned(conn: &Connection) -> Result<Vec<ListRow>> {
    let sql = format!(
        "{LIST_HEAD}, f.applied_on FROM hardship_files f JOIN workers w ON w.id = f.worker_id
         WHERE f.state = 'applied' AND f.returned = 1 ORDER BY f.applied_on, f.id"
    );
    list(conn, &sql, [])
}

/// Filed files whose valid-until falls within `warning_days` of `today`, and lapsed ones
/// (valid-until before today), soonest (longest lapsed) first.
pub fn reviews_due(conn: &Connection, today: NaiveDate, warning_days: u32) -> Result<Vec<ListRow>> {
    let limit = today.checked_add_days(Days::new(warning_days.into())).unwrap_or(NaiveDate::MAX);
    let sql = format!(
        "{LIST_HEAD}, f.valid_until FROM hardship_files f JOIN workers w ON w.id = f.worker_id
         WHERE f.state = 'filed' AND f.valid_until IS NOT NULL AND f.valid_until <= ?1 ORDER BY f.valid_until, f.id"
    );
    list(conn, &sql, [limit.to_string()])
}

/// Reviews entered and waiting for a supervisor on files still filed, oldest first (a review
/// left `entered` on a file exited meanwhile waits for nobody).
pub fn reviews_waiting(conn: &Connection) -> Result<Vec<ListRow>> {
    let sql = format!(
        "{LIST_HEAD}, r.entered_on FROM hardship_reviews r JOIN hardship_files f ON f.id = r.file_id
         JOIN workers w ON w.id = f.worker_id WHERE r.state = 'entered' AND f.state = 'filed'
         ORDER BY r.entered_on, r.id"
    );
    list(conn, &sql, [])
}

/// Filed households with no visit in `interval_days` before `today` (the last visit or, with
/// none, the day filed), longest waiting first.
pub fn visits_overdue(conn: &Connection, today: NaiveDate, interval_days: u32) -> Result<Vec<ListRow>> {
    let cut = today.checked_sub_days(Days::new(interval_days.into())).unwrap_or(NaiveDate::MIN);
    let sql = format!(
        "SELECT * FROM ({LIST_HEAD}, coalesce((SELECT max(v.visited_on) FROM hardship_visits v WHERE v.file_id = f.id),
                        f.filed_on, f.applied_on) AS since
         FROM hardship_files f JOIN workers w ON w.id = f.worker_id WHERE f.state = 'filed')
         WHERE since < ?1 ORDER BY since, 1"
    );
    list(conn, &sql, [cut.to_string()])
}

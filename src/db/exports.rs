//! The CSV exports' queries: one per kind, each reading a period whose bounds are `?1` and `?2`
//! (NULL when open), streamed row by row as plain text cells. Errors stay rusqlite's own (in the
//! caller's error type), so the command line can word them by their SQLite code.

use rusqlite::{Connection, Row, params};
use std::borrow::Cow;

/// Which records an export reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Query {
    /// Visits by their day; bounds are days.
    Walkins,
    /// Claims by their filing day; bounds are days.
    Claims,
    /// Workers added or changed in the period; bounds are instants (the first one in, the
    /// second one out).
    Workers,
    /// Letters by their issue day; bounds are days.
    Letters,
    /// The station's log, every kind of event in time order; bounds are days.
    Station,
    /// Hardship files, a row per member of the current household (one with empty member cells
    /// for a file without), with the latest verification; bounds are application days.
    Hardship,
}

const HARDSHIP: &str = "
    SELECT f.file_no, w.id_number, f.state, f.category, f.causes, f.filed_on, f.valid_until, f.exited_on,
           f.exit_reason, m.seq, m.name, m.relation, m.id_number, m.health, m.work, m.income_fen,
           v.dated_on, v.reference, v.result, v.per_head_fen, f.applied_on, m.disability_grade, f.exit_note,
           f.reject_reason, f.category_reason
    FROM hardship_files f
    JOIN workers w ON w.id = f.worker_id
    LEFT JOIN hardship_members m ON m.file_id = f.id AND m.review_id IS f.current_review
    LEFT JOIN hardship_verifications v ON v.id = (SELECT x.id FROM hardship_verifications x WHERE x.file_id = f.id
                                                  ORDER BY x.dated_on DESC, x.id DESC LIMIT 1)
    WHERE (?1 IS NULL OR f.applied_on >= ?1) AND (?2 IS NULL OR f.applied_on <= ?2)
    ORDER BY f.file_no, m.seq";

const WALKINS: &str =
    "SELECT v.arrived_at, v.matter, v.name, w.id_number, v.phone, v.work_unit, v.note, v.state
               FROM visits v LEFT JOIN workers w ON w.id = v.worker_id
               WHERE (?1 IS NULL OR v.day >= ?1) AND (?2 IS NULL OR v.day <= ?2) ORDER BY v.arrived_at, v.id";

const CLAIMS: &str = "SELECT c.claim_no, w.id_number, w.name, c.kind, c.filed_on, c.amount_claimed_fen,
                      c.amount_approved_fen, c.status, c.note, c.amount_paid_fen, c.paid_on, c.papers_complete_on,
                      c.missing_papers, c.reason, c.programme
               FROM claims c JOIN workers w ON w.id = c.worker_id
               WHERE (?1 IS NULL OR c.filed_on >= ?1) AND (?2 IS NULL OR c.filed_on <= ?2) ORDER BY c.id";

/// The hardship level and valid-until are the worker's filed file's (current or lapsed), the
/// level in the words `import workers` reads back.
const WORKERS: &str = "SELECT w.id_number, w.name, w.phone, w.work_unit, w.email, w.mutual_aid_year,
                      CASE h.category WHEN 'deep' THEN '深度困难' WHEN 'relative' THEN '相对困难'
                                      WHEN 'sudden' THEN '意外致困' END, h.valid_until
               FROM workers w LEFT JOIN hardship_files h ON h.worker_id = w.id AND h.state = 'filed'
               WHERE (?1 IS NULL OR w.updated_at >= ?1) AND (?2 IS NULL OR w.updated_at < ?2) ORDER BY w.id";

const LETTERS: &str = "
    SELECT l.number, l.type, l.state, l.issued_at, c.login, l.name, w.id_number, l.work_unit,
           l.recipient, l.start_on, l.end_on, l.days, l.places, l.standard, l.companions, l.note,
           b.year || '/' || b.seq, r.number, rb.number, l.void_reason, l.voided_at, l.delivery,
           l.sent_at, l.code
    FROM letters l
    JOIN workers w ON w.id = l.worker_id
    LEFT JOIN clerks c ON c.id = l.issued_by
    LEFT JOIN batches b ON b.id = l.batch_id
    LEFT JOIN letters r ON r.id = l.replaces
    LEFT JOIN letters rb ON rb.id = l.replaced_by
    WHERE (?1 IS NULL OR l.issued_on >= ?1) AND (?2 IS NULL OR l.issued_on <= ?2)
    ORDER BY l.issued_at, l.id";

/// One query for every kind of station event; its last column is the event's day.
const STATION_EVENTS: &str = "
    SELECT m.at, m.kind, m.item, m.batch, m.qty, m.expected, l.name, l.phone, l.id_number,
           coalesce(m.ticket, l.ticket), l.due_on, c.login, m.window, m.note, m.loan_id, m.day AS day
    FROM station_moves m LEFT JOIN station_loans l ON l.id = m.loan_id LEFT JOIN clerks c ON c.id = m.clerk_id
    UNION ALL
    SELECT s.at, 'lost', l.item, '', s.qty, NULL, l.name, l.phone, l.id_number, l.ticket, l.due_on,
           c.login, s.window, s.reason, s.loan_id, s.day
    FROM station_lost s JOIN station_loans l ON l.id = s.loan_id LEFT JOIN clerks c ON c.id = s.clerk_id
    UNION ALL
    SELECT r.at, 'refund', l.item, '', 1, NULL, l.name, l.phone, l.id_number, l.ticket, l.due_on,
           c.login, r.window, r.note, r.loan_id, r.day
    FROM station_refunds r JOIN station_loans l ON l.id = r.loan_id LEFT JOIN clerks c ON c.id = r.clerk_id
    UNION ALL
    SELECT u.started_at, 'in_hall', u.item, '', 1, NULL, NULL, NULL, NULL, u.ticket, NULL, c.login, u.window,
           u.note, NULL, u.day
    FROM station_uses u LEFT JOIN clerks c ON c.id = u.clerk_id
    UNION ALL
    SELECT h.at, 'help', h.kind, '', 1, NULL, NULL, NULL, NULL, h.ticket, NULL, c.login, h.window, h.note, NULL,
           h.day
    FROM station_help h LEFT JOIN clerks c ON c.id = h.clerk_id";

impl Query {
    fn sql(self) -> Cow<'static, str> {
        match self {
            Query::Walkins => WALKINS.into(),
            Query::Claims => CLAIMS.into(),
            Query::Workers => WORKERS.into(),
            Query::Letters => LETTERS.into(),
            Query::Hardship => HARDSHIP.into(),
            Query::Station => format!(
                "SELECT * FROM ({STATION_EVENTS}) WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day <= ?2) ORDER BY 1"
            )
            .into(),
        }
    }
}

/// A column as an export writes it: text as stored, a number in digits, NULL as nothing.
fn text_cell(r: &Row, i: usize) -> String {
    match r.get_ref(i) {
        Ok(rusqlite::types::ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
        Ok(rusqlite::types::ValueRef::Integer(n)) => n.to_string(),
        Ok(rusqlite::types::ValueRef::Real(x)) => x.to_string(),
        _ => String::new(),
    }
}

/// Reads `query` between `first` and `last` and hands `each` every row's cells in the query's
/// column order, one row at a time (an export of years never sits in memory whole).
pub fn each_row<E: From<rusqlite::Error>>(
    conn: &Connection,
    query: Query,
    first: Option<String>,
    last: Option<String>,
    mut each: impl FnMut(&[String]) -> Result<(), E>,
) -> Result<(), E> {
    let mut stmt = conn.prepare(&query.sql())?;
    let columns = stmt.column_count();
    let mut rows = stmt.query(params![first, last])?;
    let mut cells = Vec::with_capacity(columns);
    while let Some(r) = rows.next()? {
        cells.clear();
        cells.extend((0..columns).map(|i| text_cell(r, i)));
        each(&cells)?;
    }
    Ok(())
}

/// One entry of the audit trail as `export audit` writes it (the worker masked, as stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLine {
    pub at: String,
    pub clerk: String,
    pub terminal: String,
    pub action: String,
    pub worker: String,
    pub reason: String,
    pub detail: String,
    pub id: i64,
}

/// The audit trail from the instant `from` up to (not including) `before`, in the order
/// written, one entry at a time; a text column left empty reads as empty.
pub fn audit_lines<E: From<rusqlite::Error>>(
    conn: &Connection,
    from: Option<String>,
    before: Option<String>,
    mut each: impl FnMut(AuditLine) -> Result<(), E>,
) -> Result<(), E> {
    let mut stmt = conn.prepare(
        "SELECT at, clerk_login, terminal, action, worker_masked, reason, detail, id FROM audit_log
         WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2) ORDER BY id",
    )?;
    let mut rows = stmt.query(params![from, before])?;
    while let Some(r) = rows.next()? {
        let get = |i: usize| r.get::<_, Option<String>>(i).ok().flatten().unwrap_or_default();
        let line = AuditLine {
            at: get(0),
            clerk: get(1),
            terminal: get(2),
            action: get(3),
            worker: get(4),
            reason: get(5),
            detail: get(6),
            id: r.get(7)?,
        };
        each(line)?;
    }
    Ok(())
}

//! The data-subject report (`export worker`): everything held on one worker, section by section
//! (the record, visits and their events, claims and theirs, letters, station loans, audit rows),
//! each as its column names and raw values. Errors stay rusqlite's own, so the command line can
//! word them by their SQLite code.

use rusqlite::Connection;
use rusqlite::types::Value;

/// One section of the report; its query takes the worker's id as `?1`.
pub struct Section {
    pub title: &'static str,
    sql: &'static str,
}

/// Every section, in the order the report lists them.
pub const SECTIONS: [Section; 14] = [
    Section {
        title: "worker",
        // The hardship level and valid-until are the filed file's (`hardship_files`), not the
        // old columns.
        sql: "SELECT id_number, name, phone, work_unit, email, mutual_aid_year,
                     (SELECT h.category FROM hardship_files h WHERE h.worker_id = workers.id AND h.state = 'filed') AS hardship_level,
                     (SELECT h.valid_until FROM hardship_files h WHERE h.worker_id = workers.id AND h.state = 'filed') AS hardship_until,
                     created_at, updated_at FROM workers WHERE id = ?1",
    },
    Section {
        title: "visits",
        sql: "SELECT arrived_at, ticket, matter, channel, name, phone, work_unit, note, priority, state, window, outcome, papers, ref_department, ref_contact, ref_follow_up_on, ref_note, followup_result FROM visits WHERE worker_id = ?1 ORDER BY arrived_at",
    },
    Section {
        title: "visit_events",
        sql: "SELECT v.ticket, e.at, e.kind, e.from_state, e.to_state, e.window, e.detail FROM visit_events e JOIN visits v ON v.id = e.visit_id WHERE v.worker_id = ?1 ORDER BY e.id",
    },
    Section {
        title: "claims",
        sql: "SELECT claim_no, kind, filed_on, amount_claimed_fen, amount_approved_fen, amount_paid_fen, paid_on, status, papers_complete_on, missing_papers, reason, note, consent_version FROM claims WHERE worker_id = ?1 ORDER BY filed_on",
    },
    Section {
        title: "claim_events",
        sql: "SELECT c.claim_no, e.at, e.from_state, e.to_state, e.note, e.source FROM claim_events e JOIN claims c ON c.id = e.claim_id WHERE c.worker_id = ?1 ORDER BY e.id",
    },
    Section {
        title: "letters",
        sql: "SELECT type, number, recipient, start_on, end_on, places, standard, issued_on, state, void_reason, delivery, sent_at FROM letters WHERE worker_id = ?1 ORDER BY id",
    },
    Section {
        title: "station_loans",
        sql: "SELECT item, qty, returned, lost, name, phone, id_number, lent_at, due_on, deposit, closed_at, note FROM station_loans WHERE worker_id = ?1 OR phone = (SELECT phone FROM workers WHERE id = ?1) ORDER BY id",
    },
    // Their hardship files whole: every household row (each review's too), verification,
    // review, visit (with who went) and event.
    Section {
        title: "hardship_files",
        sql: "SELECT file_no, state, returned, category, proposed, category_reason, causes, members, income_fen, per_head_fen, line_year, applied_on, (SELECT login FROM clerks WHERE id = hardship_files.entered_by) AS entered_by, filed_on, (SELECT login FROM clerks WHERE id = hardship_files.approved_by) AS approved_by, valid_until, reviewed_on, exited_on, exit_reason, exit_note, reject_reason, source, purged_at FROM hardship_files WHERE worker_id = ?1 ORDER BY id",
    },
    Section {
        title: "hardship_members",
        sql: "SELECT f.file_no, m.review_id, m.seq, m.name, m.relation, m.id_number, m.health, m.disability_grade, m.work, m.income_fen FROM hardship_members m JOIN hardship_files f ON f.id = m.file_id WHERE f.worker_id = ?1 ORDER BY m.file_id, m.review_id, m.seq",
    },
    Section {
        title: "hardship_verifications",
        sql: "SELECT f.file_no, v.review_id, v.dated_on, v.reference, v.result, v.per_head_fen, (SELECT login FROM clerks WHERE id = v.entered_by) AS entered_by, v.entered_at FROM hardship_verifications v JOIN hardship_files f ON f.id = v.file_id WHERE f.worker_id = ?1 ORDER BY v.file_id, v.dated_on, v.id",
    },
    Section {
        title: "hardship_reviews",
        sql: "SELECT f.file_no, r.id AS review_id, r.state, r.result, r.exit_reason, r.category, r.members, r.income_fen, r.per_head_fen, r.note, (SELECT login FROM clerks WHERE id = r.entered_by) AS entered_by, r.entered_on, (SELECT login FROM clerks WHERE id = r.approved_by) AS approved_by, r.approved_on FROM hardship_reviews r JOIN hardship_files f ON f.id = r.file_id WHERE f.worker_id = ?1 ORDER BY r.id",
    },
    Section {
        title: "hardship_visits",
        sql: "SELECT f.file_no, v.visited_on, (SELECT group_concat(c.login, ' ') FROM hardship_visit_clerks vc JOIN clerks c ON c.id = vc.clerk_id WHERE vc.visit_id = v.id) AS clerks, v.place, v.found, v.needs, v.given, v.next_step, v.next_on, (SELECT login FROM clerks WHERE id = v.entered_by) AS entered_by FROM hardship_visits v JOIN hardship_files f ON f.id = v.file_id WHERE f.worker_id = ?1 ORDER BY v.visited_on, v.id",
    },
    Section {
        title: "hardship_events",
        sql: "SELECT f.file_no, e.at, e.day, (SELECT login FROM clerks WHERE id = e.clerk_id) AS clerk, e.action, e.state, e.valid_until, e.detail, e.source FROM hardship_events e JOIN hardship_files f ON f.id = e.file_id WHERE f.worker_id = ?1 ORDER BY e.id",
    },
    Section {
        title: "audit",
        sql: "SELECT at, clerk_login, action, reason FROM audit_log WHERE worker_id = ?1 ORDER BY id",
    },
];

/// A section as read: its column names, then one row of values per record.
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Reads one section for the worker `worker_id`.
pub fn read(conn: &Connection, section: &Section, worker_id: i64) -> rusqlite::Result<Table> {
    let mut stmt = conn.prepare(section.sql)?;
    let columns: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    let mut rows = stmt.query([worker_id])?;
    let mut out = vec![];
    while let Some(r) = rows.next()? {
        out.push((0..columns.len()).map(|i| r.get::<_, Value>(i).unwrap_or(Value::Null)).collect());
    }
    Ok(Table { columns, rows: out })
}

//! `export worker --id ID`: everything held on one person, unmasked (it is theirs), audited.

use super::{Ctx, UsageError};
use crate::db::audit::{self, Entry};
use crate::db::{self, OpenMode, workers};
use crate::domain::text::safe_cell;
use crate::domain::{Permission, dates};
use crate::i18n::fill;
use anyhow::{Result, anyhow};
use chrono::Utc;
use rusqlite::Connection;
use std::io::Write;
use std::path::Path;

/// One section: a `# title` line, a header, then rows, CSV-quoted where needed.
fn section(out: &mut dyn Write, conn: &Connection, title: &str, sql: &str, id: i64) -> Result<usize> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    writeln!(out, "# {title}")?;
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(&names)?;
    let mut rows = stmt.query([id])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let cells: Vec<String> = (0..names.len())
            .map(|i| match r.get::<_, rusqlite::types::Value>(i) {
                Ok(rusqlite::types::Value::Integer(v)) => v.to_string(),
                Ok(rusqlite::types::Value::Real(v)) => v.to_string(),
                Ok(rusqlite::types::Value::Text(t)) => safe_cell(&t),
                _ => String::new(),
            })
            .collect();
        w.write_record(&cells)?;
        n += 1;
    }
    out.write_all(&w.into_inner().map_err(|e| anyhow!("{e}"))?)?;
    writeln!(out)?;
    Ok(n)
}

pub fn export_worker(ctx: &Ctx, id_text: &str, out: Option<&Path>) -> Result<()> {
    let today = dates::local_day(Utc::now(), ctx.settings.tz);
    let id = super::csvio::id_or_reason(id_text, today, ctx.lang)
        .map_err(|why| UsageError(fill(ctx.t.arg_id, &[("v", &id_text), ("why", &why)])))?;
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::Export)?;
    let worker = workers::by_id_number(&db.conn, &id)
        .map_err(|e| ctx.db_error(e))?
        .ok_or_else(|| anyhow!(fill(ctx.t.person_unknown, &[("id", &id.masked())])))?;
    let masked = id.masked();
    let note = super::csvio::out_note(out);
    db::write(&mut db.conn, |tx| {
        let entry = Entry {
            action: "export_worker",
            worker_id: Some(worker.id),
            worker_masked: Some(&masked),
            detail: (!note.is_empty()).then_some(note.trim_start()),
            ..Default::default()
        };
        audit::append(tx, &actor, Utc::now(), &entry)
    })
    .map_err(|e| ctx.db_error(e))?;
    let mut sink: Box<dyn Write> = match out {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    sink.write_all(b"\xEF\xBB\xBF")?;
    let sections = [
        (
            "worker",
            "SELECT id_number, name, phone, work_unit, email, mutual_aid_year, hardship_level, hardship_until, created_at, updated_at FROM workers WHERE id = ?1",
        ),
        (
            "visits",
            "SELECT arrived_at, ticket, matter, channel, name, phone, work_unit, note, priority, state, window, outcome, papers, ref_department, ref_contact, ref_follow_up_on, ref_note, followup_result FROM visits WHERE worker_id = ?1 ORDER BY arrived_at",
        ),
        (
            "visit_events",
            "SELECT v.ticket, e.at, e.kind, e.from_state, e.to_state, e.window, e.detail FROM visit_events e JOIN visits v ON v.id = e.visit_id WHERE v.worker_id = ?1 ORDER BY e.id",
        ),
        (
            "claims",
            "SELECT claim_no, kind, filed_on, amount_claimed_fen, amount_approved_fen, amount_paid_fen, paid_on, status, papers_complete_on, missing_papers, reason, note, consent_version FROM claims WHERE worker_id = ?1 ORDER BY filed_on",
        ),
        (
            "claim_events",
            "SELECT c.claim_no, e.at, e.from_state, e.to_state, e.note, e.source FROM claim_events e JOIN claims c ON c.id = e.claim_id WHERE c.worker_id = ?1 ORDER BY e.id",
        ),
        (
            "letters",
            "SELECT type, number, recipient, start_on, end_on, places, standard, issued_on, state, void_reason, delivery, sent_at FROM letters WHERE worker_id = ?1 ORDER BY id",
        ),
        (
            "station_loans",
            "SELECT item, qty, returned, lost, name, phone, id_number, lent_at, due_on, deposit, closed_at, note FROM station_loans WHERE worker_id = ?1 OR phone = (SELECT phone FROM workers WHERE id = ?1) ORDER BY id",
        ),
        ("audit", "SELECT at, clerk_login, action, reason FROM audit_log WHERE worker_id = ?1 ORDER BY id"),
    ];
    for (title, sql) in sections {
        section(&mut *sink, &db.conn, title, sql, worker.id)?;
    }
    sink.flush()?;
    Ok(())
}

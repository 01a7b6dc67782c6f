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
use rusqlite::types::Value;
use std::io::Write;

/// One section: a `# title` line, a header, then rows, CSV-quoted where needed.
fn section(out: &mut dyn Write, conn: &Connection, s: &db::person::Section, id: i64) -> Result<usize> {
    let table = db::person::read(conn, s, id)?;
    writeln!(out, "# {}", s.title)?;
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(&table.columns)?;
    let mut n = 0;
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|v| match v {
                Value::Integer(v) => v.to_string(),
                Value::Real(v) => v.to_string(),
                Value::Text(t) => safe_cell(t),
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

pub fn export_worker(ctx: &Ctx, id_text: &str, asked: &super::csvio::Asked) -> Result<()> {
    let today = dates::local_day(Utc::now(), ctx.settings.tz);
    let id = super::csvio::id_or_reason(id_text, today, ctx.lang)
        .map_err(|why| UsageError(fill(ctx.t.arg_id, &[("v", &id_text), ("why", &why)])))?;
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::Export)?;
    let target = asked.target(ctx)?;
    let worker = workers::by_id_number(&db.conn, &id)
        .map_err(|e| ctx.db_error(e))?
        .ok_or_else(|| anyhow!(fill(ctx.t.person_unknown, &[("id", &id.masked())])))?;
    let masked = id.masked();
    let note = super::csvio::out_note(target.as_ref());
    let audit_it = |db: &mut db::Db| {
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
        .map_err(|e| ctx.db_error(e))
    };
    super::out_file::deliver(ctx, "person", target.as_ref(), &mut db, audit_it, |db, sink| {
        sink.write_all(b"\xEF\xBB\xBF")?;
        for s in &db::person::SECTIONS {
            section(sink, &db.conn, s, worker.id)?;
        }
        Ok(())
    })
}

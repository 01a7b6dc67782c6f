//! `export audit`: the audit trail as CSV for a supervisor or an auditor — who, where, when,
//! what, about whom (masked, as stored) and why — one row per entry in the order written.

use super::Ctx;
use super::csvio::{Asked, Out};
use crate::db::audit::{self, Entry};
use crate::db::{self, OpenMode};
use crate::domain::Permission;
use crate::i18n::fill;
use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};

pub const HEADER: [&str; 8] = ["at", "clerk", "terminal", "action", "worker", "reason", "detail", "id"];

pub fn export(ctx: &Ctx, from: Option<NaiveDate>, to: Option<NaiveDate>, asked: &Asked) -> Result<()> {
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::ReadAudit)?;
    let target = asked.target(ctx)?;
    let days = super::csvio::days_detail(from, to);
    let detail = format!("audit {}{}", days.trim_end(), super::csvio::out_note(target.as_ref()));
    let audit_it = |db: &mut db::Db| {
        db::write(&mut db.conn, |tx| {
            audit::append(tx, &actor, Utc::now(), &Entry::new("export").detail(&detail))
        })
        .map_err(|e| ctx.db_error(e))
    };
    let a = from.map(|d| crate::domain::dates::day_start_stamp(d, ctx.settings.tz));
    let b = to.and_then(|d| d.succ_opt()).map(|d| crate::domain::dates::day_start_stamp(d, ctx.settings.tz));
    let n = super::out_file::deliver(ctx, "audit", target.as_ref(), &mut db, audit_it, |db, sink| {
        let mut w = Out::create(sink, &HEADER)?;
        let mut n = 0;
        db::exports::audit_lines(&db.conn, a, b, |l| {
            let at = DateTime::parse_from_rfc3339(&l.at)
                .map(|t| t.with_timezone(&ctx.settings.tz).format("%Y-%m-%d %H:%M:%S").to_string())
                .unwrap_or_default();
            let cells = [at, l.clerk, l.terminal, l.action, l.worker, l.reason, l.detail, l.id.to_string()];
            w.row(&cells)?;
            n += 1;
            anyhow::Ok(())
        })?;
        w.finish()?;
        Ok(n)
    })?;
    eprintln!("{}", fill(ctx.t.exp_done, &[("n", &n)]));
    Ok(())
}

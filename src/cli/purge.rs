//! `purge [--before D] [--dry-run] [--yes]`: clears personal fields past their retention
//! period (each class's own, or `--before` when that is earlier). A real purge first shows what
//! it will clear and asks on a terminal (`--yes` for cron); what the clearing frees is
//! overwritten (every connection has `secure_delete` on) and the journal is emptied after, so
//! the cleared data is gone from the file. Audited; a dry run only counts.

use super::Ctx;
use crate::db::audit::{self, Entry};
use crate::db::{self, OpenMode};
use crate::domain::Permission;
use crate::i18n::fill;
use anyhow::{Result, anyhow};
use chrono::{NaiveDate, Utc};
use std::io::{BufRead, IsTerminal, Write};

/// Each class's cut-off day: retention counted back from today, or `--before` when earlier.
struct Days {
    walkins: NaiveDate,
    loans: NaiveDate,
    claims: NaiveDate,
    letters: NaiveDate,
    exports: NaiveDate,
    hardship: NaiveDate,
}

fn days(ctx: &Ctx, before: Option<NaiveDate>) -> Result<Days> {
    let today = crate::domain::dates::local_day(Utc::now(), ctx.settings.tz);
    let r = &ctx.settings.config.retention;
    // A cut-off that cannot be counted is an error, never today (which would clear this week).
    let cutoff = |key: &str, months: u32| -> Result<NaiveDate> {
        let kept = today
            .checked_sub_months(chrono::Months::new(months))
            .ok_or_else(|| anyhow!(fill(ctx.t.purge_cutoff, &[("key", &key), ("months", &months)])))?;
        Ok(before.map_or(kept, |b| b.min(kept)))
    };
    Ok(Days {
        walkins: cutoff("walkin_personal_months", r.walkin_personal_months)?,
        loans: cutoff("loans_months", r.loans_months)?,
        claims: cutoff("closed_claims_months", r.closed_claims_months)?,
        letters: cutoff("letters_months", r.letters_months)?,
        exports: cutoff("exports_months", r.exports_months)?,
        hardship: cutoff(
            "hardship.exited_years",
            ctx.settings.config.hardship.exited_years.saturating_mul(12),
        )?,
    })
}

pub fn purge(ctx: &Ctx, before: Option<NaiveDate>, dry_run: bool, yes: bool) -> Result<()> {
    let t = ctx.t;
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::CareOfData)?;
    let d = days(ctx, before)?;
    let stamp = |d: NaiveDate| crate::domain::dates::day_start_stamp(d, ctx.settings.tz);
    let cutoffs = db::purge::Cutoffs {
        walkins_day: d.walkins.to_string(),
        letters_day: d.letters.to_string(),
        loans_stamp: stamp(d.loans),
        claims_stamp: stamp(d.claims),
        hardship_day: d.hardship.to_string(),
    };
    let exports_stamp = stamp(d.exports);
    let said = |line: &str, done: &db::purge::Purged, exports: usize| {
        let args: [(&str, &dyn std::fmt::Display); 9] = [
            ("exports", &exports),
            ("visits", &done.visits),
            ("loans", &done.loans),
            ("claims", &done.claims),
            ("letters", &done.letters),
            ("w", &d.walkins),
            ("l", &d.loans),
            ("c", &d.claims),
            ("ld", &d.letters),
        ];
        fill(line, &args)
    };
    // What it would clear, counted in a transaction that changes nothing.
    let (would, files) = db::write(&mut db.conn, |tx| {
        let files = still_written(ctx, tx, &exports_stamp)?;
        Ok::<_, db::DbError>((db::purge::run(tx, &cutoffs, true)?, files.0))
    })
    .map_err(|e| ctx.db_error(e))?;
    let h = crate::i18n::hardship_io::text(ctx.lang);
    if dry_run || !yes {
        println!("{}", said(t.purge_would, &would, files.len()));
        println!("{}", fill(h.purged_would, &[("n", &would.hardship), ("d", &d.hardship)]));
    }
    if !dry_run && !yes && !confirmed(ctx)? {
        return Err(anyhow!(t.purge_cancelled));
    }
    let detail = format!(
        "walkins<{} loans<{} claims<{} letters<{} hardship<{} dry_run={dry_run}",
        d.walkins, d.loans, d.claims, d.letters, d.hardship
    );
    // A purged letter keeps a seal over what remains of its signed record (the key signs it).
    let secret = if dry_run { vec![] } else { db::read_key(&db.path).map_err(|e| ctx.db_error(e))? };
    let (done, bases, files) = db::write(&mut db.conn, |tx| {
        let bases = if dry_run { vec![] } else { db::purge::purged_letters(tx, &cutoffs)? };
        if !dry_run {
            crate::letters::record::seal_before_purge(
                tx,
                &secret,
                &db::purge::letters_to_clear(tx, &cutoffs)?,
            )?;
        }
        // Export files past `exports_months` that are still the files written; those that are
        // not (gone, or another file now) are not looked for again.
        let (files, gone) = still_written(ctx, tx, &exports_stamp)?;
        if !dry_run {
            for w in gone.iter().chain(&files) {
                db::out_files::removed(tx, w.id, Utc::now())?;
            }
        }
        let done = db::purge::run(tx, &cutoffs, dry_run)?;
        let counts = format!(
            "{detail} visits={} loans={} claims={} letters={} exports={} hardship={}",
            done.visits,
            done.loans,
            done.claims,
            done.letters,
            files.len(),
            done.hardship
        );
        audit::append(tx, &actor, Utc::now(), &Entry::new("purge").detail(&counts))?;
        Ok::<_, db::DbError>((done, bases, files))
    })
    .map_err(|e| ctx.db_error(e))?;
    if dry_run {
        return Ok(());
    }
    // The journal still holds the pages as they were before: copied back and emptied.
    if !db::checkpoint_truncate(&db.conn).map_err(|e| ctx.db_error(e))? {
        eprintln!("{}", t.purge_journal_busy);
    }
    // The cleared letters' outbox files go once the clearing is committed.
    let outbox = crate::letters::outbox::dir(&ctx.settings, &db.path);
    if let Ok(entries) = std::fs::read_dir(&outbox) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if bases.iter().any(|b| name.starts_with(&format!("{b}."))) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    for f in &files {
        let _ = std::fs::remove_file(&f.path);
    }
    println!("{}", said(t.purge_done, &done, files.len()));
    println!("{}", fill(h.purged, &[("n", &done.hardship), ("d", &d.hardship)]));
    Ok(())
}

/// The files written with `--out` before `stamp`, by rows signed when they were written:
/// (those still that file, by size and SHA-256, never through a link, never the database's own
/// files or the outbox; those that are not).
type Split = (Vec<db::out_files::Written>, Vec<db::out_files::Written>);

fn still_written(ctx: &Ctx, conn: &rusqlite::Connection, stamp: &str) -> Result<Split, db::DbError> {
    let (mut same, mut not) = (vec![], vec![]);
    let key = db::audit_seal::key_for(&ctx.db_path)
        .ok_or_else(|| db::DbError::KeyMissing(db::key_path(&ctx.db_path)))?;
    for w in db::out_files::written_before(conn, &key, stamp)? {
        let path = std::path::Path::new(&w.path);
        // Never the database's own files or the outbox, whatever a row says.
        let regular = !super::out_file::protected(ctx, path)
            && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
        let holds = regular
            && super::out_file::digest(path).is_ok_and(|(size, sha)| size == w.size && sha == w.sha256);
        if holds { same.push(w) } else { not.push(w) }
    }
    Ok((same, not))
}

/// Asked on a terminal: `yes` clears; anything else ends the purge with nothing cleared (exit 1). Without a terminal (cron) `--yes` is needed.
fn confirmed(ctx: &Ctx) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Err(anyhow!(ctx.t.purge_needs_yes));
    }
    print!("{}", ctx.t.purge_confirm);
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    // Only the word asked for: a stray `y` or Enter clears nothing.
    Ok(answer.trim() == "yes")
}

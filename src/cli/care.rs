//! Care of the data: `init`, `check`, `backup`, `config accept`.

use super::Ctx;
use crate::db::audit::{self, Entry};
use crate::db::{self, OpenMode, settings};
use crate::domain::Permission;
use crate::i18n::fill;
use anyhow::{Result, anyhow};
use chrono::Utc;
use std::path::Path;

pub fn init(ctx: &Ctx) -> Result<()> {
    let t = ctx.t;
    let mut db = ctx.open(OpenMode::Create)?;
    let path = db.path.display().to_string();
    if db.created {
        db::write(&mut db.conn, |tx| audit::append(tx, &ctx.anonymous(), Utc::now(), &Entry::new("init")))
            .map_err(|e| ctx.db_error(e))?;
        println!("{}", fill(t.init_created, &[("path", &path)]));
    } else {
        eprintln!("{}", fill(t.init_exists, &[("path", &path)]));
    }
    Ok(())
}

/// Warnings go to stderr and do not fail the check; integrity, foreign keys and the audit chain do.
pub fn check(ctx: &Ctx) -> Result<()> {
    let t = ctx.t;
    let mut db = ctx.open(OpenMode::Existing)?;
    let mut problems = db::integrity(&db.conn, true).map_err(|e| ctx.db_error(e))?;
    problems.extend(db::foreign_key_problems(&db.conn).map_err(|e| ctx.db_error(e))?);
    if let Some(p) = audit::verify_chain(&db.conn).map_err(|e| ctx.db_error(e))? {
        problems.push(p);
    }
    // The station's stock kept against the sum of its movements.
    problems.extend(db::station::check(&db.conn).map_err(|e| ctx.db_error(e))?);
    // The outbox: letters whose files are missing or were never renamed into place are
    // written again from their stored texts; stray temporaries go.
    let outbox = crate::letters::outbox::dir(&ctx.settings, &db.path);
    match crate::letters::outbox::rebuild(&db.conn, &ctx.settings, &outbox, true) {
        Ok(rebuilt) if !rebuilt.is_empty() => {
            eprintln!("{}", fill(t.ltr_rebuilt, &[("numbers", &rebuilt.join(", "))]));
        }
        Ok(_) => {}
        Err(e) => problems.push(format!("outbox: {e}")),
    }
    // Every letter's stored record against its code: an edit made without the key shows.
    let secret = db::read_key(&db.path).map_err(|e| ctx.db_error(e))?;
    let broken = crate::letters::record::broken(&db.conn, &secret).map_err(|e| ctx.db_error(e))?;
    if !broken.is_empty() {
        problems.push(fill(t.ltr_record_broken, &[("numbers", &broken.join(", "))]));
    }
    let today = crate::domain::dates::local_day(Utc::now(), ctx.settings.tz);
    if let Some(year) = ctx.settings.calendar.next_year_missing(today) {
        eprintln!("{}", fill(t.warn_calendar, &[("year", &year)]));
    }
    if fingerprint_differs(ctx, &db.conn)? {
        eprintln!("{}", t.warn_fingerprint);
    }
    let detail = if problems.is_empty() { "ok".to_string() } else { problems.join("; ") };
    // Recording the check must not hide its result: a failure to audit is itself reported.
    db::write(&mut db.conn, |tx| {
        audit::append(tx, &ctx.anonymous(), Utc::now(), &Entry::new("check").detail(&detail))
    })
    .map_err(|e| ctx.db_error(e))?;
    if problems.is_empty() {
        println!("{}", fill(t.check_ok, &[("path", &db.path.display())]));
        Ok(())
    } else {
        Err(anyhow!(fill(t.check_failed, &[("detail", &detail)])))
    }
}

pub fn fingerprint_differs(ctx: &Ctx, conn: &rusqlite::Connection) -> Result<bool> {
    let stored = settings::get(conn, settings::FINGERPRINT).map_err(|e| ctx.db_error(e))?;
    Ok(stored.is_some_and(|s| s != ctx.settings.fingerprint()))
}

/// A consistent copy and its key file, each refused where `--out` would be (the database's
/// own files, the outbox, a link, an existing file), written under a temporary name and
/// renamed once the backup is audited.
pub fn backup(ctx: &Ctx, target: &Path) -> Result<()> {
    let t = ctx.t;
    let key_of_target = db::key_path(target);
    for p in [target, key_of_target.as_path()] {
        if p.symlink_metadata().is_ok_and(|m| !m.file_type().is_symlink()) {
            return Err(anyhow!(fill(t.backup_exists, &[("path", &p.display())])));
        }
    }
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::CareOfData)?;
    let to = super::out_file::check(ctx, target, false)?;
    let key_to = super::out_file::check(ctx, &key_of_target, false)?;
    let staged = to.stage(ctx.lang)?;
    if let Err(e) = db::backup(&db.conn, &db.path, staged.tmp_path(), &key_to.path) {
        let _ = std::fs::remove_file(&key_to.path);
        return Err(to.failed_in(ctx.lang, &db::db_fault(ctx.lang, &e, target)));
    }
    let detail = format!("to={}", to.path.display());
    let placed = db::write(&mut db.conn, |tx| {
        audit::append(tx, &actor, Utc::now(), &Entry::new("backup").detail(&detail))
    })
    .map_err(|e| ctx.db_error(e))
    .and_then(|()| staged.place(ctx.lang));
    if let Err(e) = placed {
        let _ = std::fs::remove_file(&key_to.path);
        return Err(e);
    }
    println!("{}", fill(t.backup_done, &[("path", &target.display())]));
    Ok(())
}

pub fn config_accept(ctx: &Ctx) -> Result<()> {
    let t = ctx.t;
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::CareOfData)?;
    let fingerprint = ctx.settings.fingerprint();
    if !fingerprint_differs(ctx, &db.conn)? {
        println!("{}", t.config_same);
        return Ok(());
    }
    let detail = format!("fingerprint={fingerprint}");
    db::write(&mut db.conn, |tx| {
        settings::set(tx, settings::FINGERPRINT, &fingerprint)?;
        audit::append(tx, &actor, Utc::now(), &Entry::new("config_accept").detail(&detail))
    })
    .map_err(|e| ctx.db_error(e))?;
    println!("{}", fill(t.config_accepted, &[("fingerprint", &fingerprint)]));
    Ok(())
}

/// `purge [--before D] [--dry-run]`: clears personal fields past their retention period (each
/// class's own, or `--before` when that is earlier); audited; a dry run only counts.
pub fn purge(ctx: &Ctx, before: Option<chrono::NaiveDate>, dry_run: bool) -> Result<()> {
    let t = ctx.t;
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::CareOfData)?;
    let today = crate::domain::dates::local_day(Utc::now(), ctx.settings.tz);
    let r = &ctx.settings.config.retention;
    let cutoff = |months: u32| {
        let kept = today.checked_sub_months(chrono::Months::new(months)).unwrap_or(today);
        before.map_or(kept, |b| b.min(kept))
    };
    let stamp = |d: chrono::NaiveDate| crate::domain::dates::day_start_stamp(d, ctx.settings.tz);
    let (w, l, c) =
        (cutoff(r.walkin_personal_months), cutoff(r.loans_months), cutoff(r.closed_claims_months));
    let letters_day = cutoff(r.letters_months);
    let cutoffs = db::purge::Cutoffs {
        walkins_day: w.to_string(),
        letters_day: letters_day.to_string(),
        loans_stamp: stamp(l),
        claims_stamp: stamp(c),
    };
    let detail = format!("walkins<{w} loans<{l} claims<{c} letters<{letters_day} dry_run={dry_run}");
    let exports_stamp = stamp(cutoff(r.exports_months));
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
        // Export files past `exports_months` that are still where they were written.
        let files: Vec<String> = db::purge::export_files(tx, &exports_stamp)?
            .into_iter()
            .filter(|p| std::path::Path::new(p).is_file())
            .collect();
        let done = db::purge::run(tx, &cutoffs, dry_run)?;
        let counts = format!(
            "{detail} visits={} loans={} claims={} letters={} exports={}",
            done.visits,
            done.loans,
            done.claims,
            done.letters,
            files.len()
        );
        audit::append(tx, &actor, Utc::now(), &Entry::new("purge").detail(&counts))?;
        Ok::<_, db::DbError>((done, bases, files))
    })
    .map_err(|e| ctx.db_error(e))?;
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
    if !dry_run {
        for f in &files {
            let _ = std::fs::remove_file(f);
        }
    }
    let line = if dry_run { t.purge_would } else { t.purge_done };
    let (v, lo, cl, le) = (done.visits, done.loans, done.claims, done.letters);
    let exports = files.len();
    let args: [(&str, &dyn std::fmt::Display); 9] = [
        ("exports", &exports),
        ("visits", &v),
        ("loans", &lo),
        ("claims", &cl),
        ("letters", &le),
        ("w", &w),
        ("l", &l),
        ("c", &c),
        ("ld", &letters_day),
    ];
    println!("{}", fill(line, &args));
    Ok(())
}

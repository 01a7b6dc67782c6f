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
    // The chain's head against its signature, the schema's triggers, and the head an earlier
    // check anchored beside the key.
    let secret = db::read_key(&db.path).map_err(|e| ctx.db_error(e))?;
    let audit_key = db::audit_seal::key_for(&db.path).unwrap_or_default();
    let mut trail = db::audit_seal::problems(&db.conn, &audit_key).map_err(|e| ctx.db_error(e))?;
    let anchor = db::audit_seal::anchor_path(&db.path);
    match db::audit_seal::read_anchor(&anchor) {
        db::audit_seal::Anchor::None => {}
        db::audit_seal::Anchor::Unreadable => trail.push(db::audit_seal::Problem::AnchorUnreadable),
        db::audit_seal::Anchor::Head(h) => {
            trail.extend(db::audit_seal::extends(&db.conn, &h).map_err(|e| ctx.db_error(e))?)
        }
    }
    // A trail rewritten or cut back: the rows cannot be trusted to write letters from.
    let trail_holds = trail.is_empty();
    problems.extend(trail.iter().map(|p| trail_words(ctx, p)));
    // The station's stock kept against the sum of its movements.
    problems.extend(db::station::check(&db.conn).map_err(|e| ctx.db_error(e))?);
    // The aid fund's ledger against its budget history and the claims' events.
    let fund = crate::report::fund_check::problems(&db.conn, &ctx.settings.config.fund, ctx.lang);
    problems.extend(fund.map_err(|e| ctx.db_error(e))?);
    // The outbox: letters whose files are missing or were never renamed into place are
    // written again from their stored texts; stray temporaries go.
    let outbox = crate::letters::outbox::dir(&ctx.settings, &db.path);
    let rebuilt = if trail_holds {
        crate::letters::outbox::rebuild(&db.conn, &ctx.settings, &outbox, true, Some(&secret))
    } else {
        Ok(vec![])
    };
    match rebuilt {
        Ok(rebuilt) if !rebuilt.is_empty() => {
            eprintln!("{}", fill(t.ltr_rebuilt, &[("numbers", &rebuilt.join(", "))]));
        }
        Ok(_) => {}
        Err(e) => problems.push(crate::db::db_fault(ctx.lang, &e, &db.path)),
    }
    // Rosters and void notices, held to what they show like the letters' files.
    if trail_holds {
        let others = crate::letters::batch::rebuild_rosters(&db.conn, &ctx.settings, &secret, &outbox)
            .and_then(|mut r| {
                r.extend(crate::letters::notice::rebuild(&db.conn, &ctx.settings, &secret, &outbox)?);
                Ok(r)
            });
        match others {
            Ok(files) if !files.is_empty() => {
                eprintln!("{}", fill(t.ltr_rebuilt, &[("numbers", &files.join(", "))]));
            }
            Ok(_) => {}
            Err(e) => problems.push(crate::db::db_fault(ctx.lang, &e, &db.path)),
        }
    }
    // Every letter's stored record against its code: an edit made without the key shows.
    let broken = crate::letters::record::broken(&db.conn, &secret).map_err(|e| ctx.db_error(e))?;
    if !broken.is_empty() {
        problems.push(fill(t.ltr_record_broken, &[("numbers", &broken.join(", "))]));
    }
    problems.extend(db::audit_search::letter_series_gaps(&db.conn).map_err(|e| ctx.db_error(e))?);
    let batches = db::letter_marks::broken_batches(&db.conn, &secret).map_err(|e| ctx.db_error(e))?;
    if !batches.is_empty() {
        problems.push(fill(t.ltr_batch_broken, &[("batches", &batches.join(", "))]));
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
        // The head verified, kept beside the key and shown, to be kept elsewhere too.
        if let Some(head) = settings::get(&db.conn, settings::AUDIT_HEAD).map_err(|e| ctx.db_error(e))? {
            write_anchor(&anchor, &format!("{head}\n"))
                .map_err(|e| anyhow!(fill(t.io_error, &[("path", &anchor.display()), ("detail", &e)])))?;
            println!("{}", fill(t.audit_head, &[("head", &head), ("path", &anchor.display())]));
        }
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
    // What is accepted, before it is: each key with the centre's value and this terminal's.
    let stored = settings::get(&db.conn, settings::CENTRE).map_err(|e| ctx.db_error(e))?;
    match &stored {
        Some(stored) => {
            for (key, centre, here) in crate::config::diff::differences(stored, &ctx.settings.centre_text()) {
                let none = t.config_diff_none;
                let (centre, here) = (centre.as_deref().unwrap_or(none), here.as_deref().unwrap_or(none));
                let line = fill(t.config_diff, &[("key", &key), ("centre", &centre), ("here", &here)]);
                println!("{}", super::term::out_line(&line));
            }
        }
        None => println!("{}", t.config_diff_unknown),
    }
    let detail = format!("fingerprint={fingerprint}");
    db::write(&mut db.conn, |tx| {
        settings::set(tx, settings::FINGERPRINT, &fingerprint)?;
        settings::set(tx, settings::CENTRE, &ctx.settings.centre_text())?;
        audit::append(tx, &actor, Utc::now(), &Entry::new("config_accept").detail(&detail))
    })
    .map_err(|e| ctx.db_error(e))?;
    println!("{}", fill(t.config_accepted, &[("fingerprint", &fingerprint)]));
    Ok(())
}

/// The anchor file: written whole under a temporary name (mode 0600), then renamed into place.
fn write_anchor(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let _ = std::fs::remove_file(&tmp);
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}

/// A problem with the audit trail in the user's language.
fn trail_words(ctx: &Ctx, p: &db::audit_seal::Problem) -> String {
    use db::audit_seal::Problem;
    let t = ctx.t;
    match p {
        Problem::Unsigned => t.audit_unsigned.to_string(),
        Problem::Rewritten => t.audit_rewritten.to_string(),
        Problem::TriggerMissing(name) => fill(t.audit_trigger, &[("name", name)]),
        Problem::AnchorUnreadable => {
            fill(t.audit_anchor_bad, &[("path", &db::audit_seal::anchor_path(&ctx.db_path).display())])
        }
        Problem::BrokenAt(id) => fill(t.audit_broken_at, &[("id", id)]),
        Problem::AnchorChanged(id) => fill(t.audit_anchor_changed, &[("id", id)]),
        Problem::CutBack(id) => fill(t.audit_cut_back, &[("id", id)]),
    }
}

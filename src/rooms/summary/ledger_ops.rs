//! What the ledger changes (issue #26): an objection recorded on a payment or settled, and the
//! programme's publicity files written into the outbox. Supervisors only: storage checks no
//! role, so this does, before it is called.

use crate::app::{Env, Who};
use crate::db::audit::{self, Actor, Entry};
use crate::db::{DbError, fund};
use crate::domain::Role;
use chrono::Utc;
use rusqlite::Connection;
use std::path::PathBuf;

/// A change asked of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Object { claim_no: String, raised_by: String, what: String },
    Settle { claim_no: String, outcome: String },
    Publicity { code: String },
}

/// What a change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    Objected(String),
    Settled(String),
    /// `n`: payments and households as the sheet says them (`8 笔，6 户`).
    Published {
        html: PathBuf,
        csv: PathBuf,
        n: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failed {
    SupervisorOnly,
    /// No such payment, or no open objection on it (taken on another terminal).
    NoneOpen(String),
    /// The publicity files could not be written.
    Io(String),
}

/// Runs `c` for `who` (already admitted to the ledger with `role`) on `year`'s `programme`.
pub fn change(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    role: Role,
    year: i32,
    programme: Option<&str>,
    c: Change,
) -> Result<Result<Done, Failed>, DbError> {
    if role != Role::Supervisor {
        return Ok(Err(Failed::SupervisorOnly));
    }
    let at = Utc::now();
    let actor = Actor {
        clerk_id: Some(who.clerk_id),
        login: Some(who.login.clone()),
        terminal: env.terminal.clone(),
    };
    let today = crate::domain::dates::local_day(at, env.settings.tz);
    let by = crate::db::hardship_ops::By { clerk_id: who.clerk_id, role, actor, at, today };
    let claim = |conn: &Connection, no: &str| -> Result<Option<i64>, DbError> {
        let Some(code) = programme else { return Ok(None) };
        Ok(fund::payments(conn, year, code)?.into_iter().find(|p| p.claim_no == no).map(|p| p.claim_id))
    };
    match c {
        Change::Object { claim_no, raised_by, what } => {
            let Some(id) = claim(conn, &claim_no)? else { return Ok(Err(Failed::NoneOpen(claim_no))) };
            let added = crate::db::write(conn, |tx| fund::add_objection(tx, &by, id, &raised_by, &what))?;
            Ok(added.map(|_| Done::Objected(claim_no.clone())).ok_or(Failed::NoneOpen(claim_no)))
        }
        Change::Settle { claim_no, outcome } => {
            let Some(id) = claim(conn, &claim_no)? else { return Ok(Err(Failed::NoneOpen(claim_no))) };
            let open = fund::objections(conn, id)?.into_iter().find(|o| o.outcome.is_none()).map(|o| o.id);
            let Some(open) = open else { return Ok(Err(Failed::NoneOpen(claim_no))) };
            let done = crate::db::write(conn, |tx| fund::settle_objection(tx, &by, open, &outcome))?;
            Ok(if done { Ok(Done::Settled(claim_no)) } else { Err(Failed::NoneOpen(claim_no)) })
        }
        Change::Publicity { code } => publicity(conn, env, &by, year, &code),
    }
}

/// A name for the files made of a config code: letters, digits, `-` and `_` only.
fn safe(code: &str) -> String {
    code.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// The same A4 page and CSV as `export publicity --programme CODE --year Y`, written into
/// `outbox/publicity/<year>-<code>-<day>.html` and `.csv`; audited as an export and both
/// files recorded (signed) in `out_files`, in one transaction before they are put in place.
fn unstage(staged: &[(std::path::PathBuf, std::path::PathBuf, i64, String)]) {
    for (tmp, ..) in staged {
        let _ = std::fs::remove_file(tmp);
    }
}

/// `base`, or `base-2`, `base-3`… : the first whose .html and .csv are both free, so a second
/// posting the same day is written beside the first, never over it.
fn free_stem(dir: &std::path::Path, base: &str) -> String {
    let free = |s: &str| ["html", "csv"].iter().all(|e| !dir.join(format!("{s}.{e}")).exists());
    if free(base) {
        return base.to_string();
    }
    (2..10_000).map(|i| format!("{base}-{i}")).find(|s| free(s)).unwrap_or_else(|| format!("{base}-x"))
}

fn publicity(
    conn: &mut Connection,
    env: &Env,
    by: &crate::db::hardship_ops::By,
    year: i32,
    code: &str,
) -> Result<Result<Done, Failed>, DbError> {
    use crate::report::publicity as p;
    use sha2::{Digest, Sha256};
    let r = crate::report::fund::build(conn, &env.settings, year, env.lang)?;
    let phone = p::phone(&env.settings);
    let Some(sheet) = p::sheet(&r, code, by.today, env.settings.config.fund.publicity_days, phone) else {
        return Ok(Err(Failed::NoneOpen(code.to_string())));
    };
    let html = p::html(&sheet, env.lang);
    let csv = match p::csv(&sheet, env.lang) {
        Ok(c) => c,
        Err(e) => return Ok(Err(Failed::Io(e.to_string()))),
    };
    let n = sheet.counted(env.lang);
    let rows = sheet.rows.len();
    let dir = crate::letters::outbox::dir(&env.settings, &env.db_path).join("publicity");
    let stem = free_stem(&dir, &format!("{year}-{}-{}", safe(code), by.today));
    // Staged beside their places first, then audited and recorded, then put in place: a file
    // in the outbox has always been audited (as the CLI's `export publicity` does it).
    let mut staged = vec![];
    for (ext, bytes) in [("html", html.as_bytes()), ("csv", csv.as_slice())] {
        let path = dir.join(format!("{stem}.{ext}"));
        let tmp = dir.join(format!(".tmp-{stem}.{ext}"));
        let put = std::fs::create_dir_all(&dir).and_then(|_| {
            std::fs::write(&tmp, bytes)?;
            std::fs::File::open(&tmp)?.sync_all()
        });
        if let Err(e) = put {
            unstage(&staged);
            return Ok(Err(Failed::Io(format!("{}: {e}", path.display()))));
        }
        let sha: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        staged.push((tmp, path, bytes.len() as i64, sha));
    }
    let Some(key) = crate::db::audit_seal::key_for(&env.db_path) else {
        unstage(&staged);
        return Err(DbError::KeyMissing(crate::db::key_path(&env.db_path)));
    };
    let (hp, cp) = (dir.join(format!("{stem}.html")), dir.join(format!("{stem}.csv")));
    let detail = format!(
        "publicity programme={code} year={year} rows={rows} csv={} out={}",
        cp.display(),
        hp.display()
    );
    let recorded = crate::db::write(conn, |tx| {
        audit::append(tx, &by.actor, by.at, &Entry::new("export").detail(&detail))?;
        for (_, path, size, sha) in &staged {
            crate::db::out_files::record(tx, &key, "publicity", &path.to_string_lossy(), *size, sha, by.at)?;
        }
        Ok::<_, DbError>(())
    });
    if let Err(e) = recorded {
        unstage(&staged);
        return Err(e);
    }
    for (tmp, path, _, _) in &staged {
        if let Err(e) = std::fs::rename(tmp, path) {
            return Ok(Err(Failed::Io(format!("{}: {e}", path.display()))));
        }
    }
    Ok(Ok(Done::Published { html: hp, csv: cp, n }))
}

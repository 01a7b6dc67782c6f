//! The import driver every file kind shares: a read-only checking pass (duplicates found with
//! a temporary table, not a memory set), every bad line named, then one transaction or none.

use super::Ctx;
use super::csvio;
use crate::db::audit::{self, Actor, Entry};
use crate::db::{self, DbError};
use crate::i18n::fill;
use anyhow::{Result, anyhow};
use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::collections::BTreeSet;
use std::path::Path;

/// One row's cells by column: the required ones in order, then the optional ones.
pub struct Cells<'a> {
    rec: &'a csv::StringRecord,
    at: &'a [Option<usize>],
}

impl Cells<'_> {
    /// The trimmed cell of column `i` (empty when an optional column is absent).
    pub fn get(&self, i: usize) -> &str {
        self.at.get(i).copied().flatten().and_then(|c| self.rec.get(c)).unwrap_or("").trim()
    }

    /// `None` for an empty cell: an empty cell never overwrites a stored value.
    pub fn opt(&self, i: usize) -> Option<String> {
        let v = self.get(i);
        (!v.is_empty()).then(|| crate::domain::text::strip_controls(v))
    }
}

pub struct Plan<'a, T> {
    pub what: &'a str,
    pub required: &'a [&'a str],
    pub optional: &'a [&'a str],
    pub check: &'a dyn Fn(&Cells) -> Result<T, Vec<String>>,
    /// The key that must be unique within the file, if any.
    pub key: Option<&'a dyn Fn(&T) -> String>,
    pub write: &'a dyn Fn(&Transaction, &T) -> Result<(), DbError>,
}

pub fn run<T>(
    ctx: &Ctx,
    conn: &mut Connection,
    actor: &Actor,
    file: &Path,
    dry_run: bool,
    plan: &Plan<T>,
) -> Result<()> {
    let t = ctx.t;
    let text = csvio::read_text(file)
        .map_err(|e| anyhow!(fill(t.imp_read, &[("path", &file.display()), ("detail", &e)])))?;
    // This process's own connection: a bigger page cache and an in-memory key table for
    // files of a million rows. The checking pass writes only that table, in one transaction.
    conn.execute_batch(
        "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;
         CREATE TEMP TABLE IF NOT EXISTS import_keys (key TEXT PRIMARY KEY, line INTEGER NOT NULL);
         DELETE FROM import_keys; BEGIN;",
    )?;
    let mut problems = vec![];
    let mut bad_lines = BTreeSet::new();
    let mut at: Vec<Option<usize>> = vec![];
    let mut count = 0usize;
    let wanted = plan.required.iter().chain(plan.optional).copied().collect::<Vec<_>>().join(",");
    let mut say = |line: u64, msg: String, bad: &mut BTreeSet<u64>| {
        bad.insert(line);
        problems.push(fill(t.imp_line, &[("line", &line), ("msg", &msg)]));
    };
    for (line, rec) in csvio::records(&text) {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                say(line, e, &mut bad_lines);
                continue;
            }
        };
        if line == 1 {
            match csvio::columns(&rec, plan.required, plan.optional) {
                Some(a) => at = a,
                None => say(1, fill(t.imp_header, &[("want", &wanted)]), &mut bad_lines),
            }
            continue;
        }
        if at.is_empty() {
            break;
        }
        match (plan.check)(&Cells { rec: &rec, at: &at }) {
            Ok(row) => {
                count += 1;
                if let Some(key) = plan.key {
                    let k = key(&row);
                    let first: Option<i64> = conn
                        .prepare_cached("SELECT line FROM import_keys WHERE key = ?1")?
                        .query_row([&k], |r| r.get(0))
                        .optional()?;
                    match first {
                        Some(first) => say(
                            line,
                            fill(t.imp_duplicate, &[("first", &first), ("key", &k)]),
                            &mut bad_lines,
                        ),
                        None => {
                            conn.prepare_cached("INSERT INTO import_keys (key, line) VALUES (?1, ?2)")?
                                .execute(params![k, line as i64])?;
                        }
                    }
                }
            }
            Err(errs) => {
                for e in errs {
                    say(line, e, &mut bad_lines);
                }
            }
        }
    }
    conn.execute_batch("COMMIT")?;
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        return Err(anyhow!(fill(t.imp_failed, &[("n", &bad_lines.len())])));
    }
    if dry_run {
        println!("{}", fill(t.imp_dry, &[("n", &count)]));
        return Ok(());
    }
    let detail = format!("{} rows={count} file={}", plan.what, file.display());
    db::write(conn, |tx| {
        for (line, rec) in csvio::records(&text) {
            let Ok(rec) = rec else { continue };
            if line == 1 {
                continue;
            }
            if let Ok(row) = (plan.check)(&Cells { rec: &rec, at: &at }) {
                (plan.write)(tx, &row)?;
            }
        }
        audit::append(tx, actor, Utc::now(), &Entry::new("import").detail(&detail))
    })
    .map_err(|e| ctx.db_error(e))?;
    println!("{}", fill(t.imp_done, &[("n", &count)]));
    Ok(())
}

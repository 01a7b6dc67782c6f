//! `frontdesk letter verify NUMBER CODE` and `letter verify --file PATH`: anyone may ask. The
//! first word is the verdict; exit 0 valid, 3 void or replaced, 4 unknown, 5 altered.

use super::{Ctx, UsageError};
use crate::db::audit::{self, Entry};
use crate::db::{self, OpenMode};
use crate::domain::text::mask_name;
use crate::i18n::fill;
use crate::letters::verify::{self, FileVerdict, Verdict};
use anyhow::{Result, anyhow};
use chrono::Utc;
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum LetterCmd {
    /// Check a letter: its number and code as read out, or a file as issued
    Verify {
        number: Option<String>,
        code: Option<String>,
        /// A `.txt`, `.html` or `.eml` file as issued
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

pub fn run(ctx: &Ctx, cmd: LetterCmd) -> Result<ExitCode> {
    let LetterCmd::Verify { number, code, file } = cmd;
    let t = ctx.t;
    let mut db = ctx.open(OpenMode::Existing)?;
    let secret = db::read_key(&db.path).map_err(|e| ctx.db_error(e))?;
    let verdict = match (file, number, code) {
        (Some(path), None, None) => {
            let bytes = std::fs::read(&path)
                .map_err(|e| anyhow!(fill(t.io_error, &[("path", &path.display()), ("detail", &e)])))?;
            verify::by_file(&db.conn, &secret, &ctx.settings, &bytes).map_err(|e| ctx.db_error(e))?
        }
        (None, Some(number), Some(code)) => {
            match verify::by_code(&db.conn, &secret, &number, &code).map_err(|e| ctx.db_error(e))? {
                // A right number and code whose stored record no longer matches the code.
                Verdict::Altered => FileVerdict::RecordAltered,
                v => FileVerdict::Letter(v),
            }
        }
        _ => return Err(UsageError(t.ltr_usage.into()).into()),
    };
    let detail = match &verdict {
        FileVerdict::Letter(v) => words(ctx, v),
        FileVerdict::RecordAltered => t.ltr_record_altered.to_string(),
        FileVerdict::Notice { letter, by } => {
            let by = by.as_ref().map(|b| fill(t.ltr_replaced, &[("number", &letter.number), ("by", b)]));
            let by = by.map(|b| format!(" ({b})")).unwrap_or_default();
            fill(t.ltr_notice, &[("number", &letter.number), ("by", &by)])
        }
        FileVerdict::Roster { batch, count, void } => fill(
            t.ltr_roster,
            &[("batch", batch), ("count", count), ("valid", &(count - void)), ("void", void)],
        ),
    };
    let audit_detail = format!("verdict={}", verdict.word());
    db::write(&mut db.conn, |tx| {
        audit::append(tx, &ctx.anonymous(), Utc::now(), &Entry::new("letter_verify").detail(&audit_detail))
    })
    .map_err(|e| ctx.db_error(e))?;
    println!("{}", super::term::out_line(&format!("{} {detail}", verdict.word())));
    Ok(ExitCode::from(verdict.exit_code() as u8))
}

/// A letter's standing in words.
fn words(ctx: &Ctx, v: &Verdict) -> String {
    let t = ctx.t;
    match v {
        Verdict::Valid(l) => {
            // The days as the signed dates give them, not a stored count the code does not cover.
            let days = match (l.start_on.parse(), l.end_on.parse()) {
                (Ok(s), Ok(e)) => crate::domain::letter::days(s, e).unwrap_or(l.days),
                _ => l.days,
            };
            fill(
                t.ltr_valid,
                &[
                    ("number", &l.number),
                    ("name", &mask_name(&l.name)),
                    ("start", &l.start_on),
                    ("end", &l.end_on),
                    ("days", &days),
                    ("unit", &unit_name(ctx, &l.recipient)),
                ],
            )
        }
        Verdict::Void(l) => {
            fill(t.ltr_void, &[("number", &l.number), ("reason", &l.void_reason.clone().unwrap_or_default())])
        }
        Verdict::Replaced { letter, by } => fill(t.ltr_replaced, &[("number", &letter.number), ("by", by)]),
        Verdict::Unknown => t.ltr_unknown.to_string(),
        Verdict::Altered => t.ltr_altered.to_string(),
    }
}

fn unit_name(ctx: &Ctx, code: &str) -> String {
    let units = &ctx.settings.config.recuperation_units;
    units.iter().find(|u| u.code == code).map(|u| u.name.clone()).unwrap_or_else(|| code.to_string())
}

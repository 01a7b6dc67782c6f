//! `frontdesk report daily`: the summary for a day, month, quarter, year or range in text, md,
//! csv, json or xlsx, to standard output or (written whole, then renamed) to `--out`.

use super::{Ctx, UsageError};
use crate::db::OpenMode;
use crate::domain::Permission;
use crate::i18n::Text;
use crate::report::{self, Period, render};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum ReportCmd {
    /// The summary (today unless a date, month, quarter, year or range is given)
    Daily(DailyArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Md,
    Csv,
    Json,
    Xlsx,
}

#[derive(Debug, clap::Args)]
pub struct DailyArgs {
    /// One day (any date form: 2026-10-08, 10月8日, 今天…)
    #[arg(long, value_parser = super::parse_day, conflicts_with_all = ["month", "quarter", "year", "from"])]
    pub date: Option<NaiveDate>,
    /// A month, YYYY-MM
    #[arg(long, value_parser = parse_month, conflicts_with_all = ["quarter", "year", "from"])]
    pub month: Option<Period>,
    /// A quarter, YYYY-QN
    #[arg(long, value_parser = parse_quarter, conflicts_with_all = ["year", "from"])]
    pub quarter: Option<Period>,
    /// A year, YYYY
    #[arg(long, value_parser = parse_year, conflicts_with = "from")]
    pub year: Option<Period>,
    /// A range's first day (with --to: one row per day)
    #[arg(long, value_parser = super::parse_day, requires = "to")]
    pub from: Option<NaiveDate>,
    /// A range's last day
    #[arg(long, value_parser = super::parse_day, requires = "from")]
    pub to: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write here (whole, then renamed into place) instead of standard output
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn parse_month(s: &str) -> Result<Period, String> {
    let bad = || format!("{s:?}: use YYYY-MM");
    let (y, m) = s.split_once('-').ok_or_else(bad)?;
    Period::month(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).ok_or_else(bad)
}

fn parse_quarter(s: &str) -> Result<Period, String> {
    let bad = || format!("{s:?}: use YYYY-QN (N = 1–4)");
    let (y, q) = s.split_once(['-', 'Q', 'q']).ok_or_else(bad)?;
    let q = q.trim_start_matches(['Q', 'q']);
    Period::quarter(y.parse().map_err(|_| bad())?, q.parse().map_err(|_| bad())?).ok_or_else(bad)
}

fn parse_year(s: &str) -> Result<Period, String> {
    let bad = || format!("{s:?}: use YYYY");
    s.parse::<i32>().ok().filter(|y| (1900..=9999).contains(y)).and_then(Period::year).ok_or_else(bad)
}

/// The period the options ask for; today (in the centre's timezone) when none.
pub fn period_of(a: &DailyArgs, today: NaiveDate, t: &Text) -> Result<Period, UsageError> {
    if let (Some(from), Some(to)) = (a.from, a.to) {
        super::in_order(from, to, t)?;
        return Ok(Period { from, to });
    }
    Ok(a.month.or(a.quarter).or(a.year).unwrap_or(Period::day(a.date.unwrap_or(today))))
}

pub fn run(ctx: &Ctx, ReportCmd::Daily(a): ReportCmd) -> Result<()> {
    let today = crate::domain::dates::local_day(chrono::Utc::now(), ctx.settings.tz);
    let period = period_of(&a, today, ctx.t)?;
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::Summary)?;
    let detail = format!(
        "from={} to={} format={:?}{}",
        period.from,
        period.to,
        a.format,
        super::csvio::out_note(a.out.as_deref())
    );
    let entry = crate::db::audit::Entry::new("report");
    crate::db::write(&mut db.conn, |tx| {
        crate::db::audit::append(tx, &actor, chrono::Utc::now(), &entry.detail(&detail))
    })
    .map_err(|e| ctx.db_error(e))?;
    let summary = report::summary(&db.conn, &ctx.settings, period).map_err(|e| ctx.db_error(e))?;
    if let (Format::Json, Some(path)) = (&a.format, &a.out) {
        // Streamed into the file: five years of days are 8 MB of JSON, not held twice over.
        return write_whole_with(path, |w| {
            serde_json::to_writer_pretty(&mut *w, &summary).map_err(std::io::Error::other)?;
            w.write_all(b"\n")
        });
    }
    let bytes = match a.format {
        Format::Text => render::text(&summary, &ctx.settings, ctx.lang).into_bytes(),
        Format::Md => render::markdown(&summary, &ctx.settings, ctx.lang).into_bytes(),
        Format::Csv => render::csv(&summary, &ctx.settings)?,
        Format::Json => {
            let mut j = serde_json::to_vec_pretty(&summary)?;
            j.push(b'\n');
            j
        }
        Format::Xlsx => report::xlsx::workbook(&summary, &ctx.settings).map_err(|e| anyhow!("xlsx: {e}"))?,
    };
    match &a.out {
        Some(path) => write_whole(path, &bytes),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            Ok(out.flush()?)
        }
    }
}

/// Written to a temporary name beside `path`, synced, then renamed: a reader never sees half.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    write_whole_with(path, |w| w.write_all(bytes))
}

/// `write_whole` for output made as it is written.
fn write_whole_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let write = || -> std::io::Result<()> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        fill(&mut f)?;
        let f = f.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        anyhow!("{}: {e}", path.display())
    })
}

//! `frontdesk report daily`: the summary for a day, month, quarter, year or range in text, md,
//! csv, json or xlsx, to standard output or (written whole, then renamed) to `--out`.

use super::{Ctx, UsageError};
use crate::db::OpenMode;
use crate::domain::Permission;
use crate::i18n::Text;
use crate::report::{self, Period, render};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum ReportCmd {
    /// The summary (today unless a date, month, quarter, year or range is given)
    Daily(DailyArgs),
    /// The aid fund: every payment, the programme totals and every exception (supervisor, auditor)
    Fund(super::fund_io::FundArgs),
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
    /// With --format csv: one table with one header row, for programs (no BOM, shares 0–1):
    /// overview, matters, states, windows, channels, referrals, claim_changes, units, given,
    /// in_hall, help, alerts, clerks, half_hours, days (a period of more than one day)
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(render::TABLE_NAMES))]
    pub table: Option<String>,
    /// Write here (whole, then renamed into place) instead of standard output
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file
    #[arg(long, requires = "out")]
    pub force: bool,
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

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<()> {
    match cmd {
        ReportCmd::Daily(a) => daily(ctx, a),
        ReportCmd::Fund(a) => super::fund_io::report(ctx, a),
    }
}

fn daily(ctx: &Ctx, a: DailyArgs) -> Result<()> {
    let today = crate::domain::dates::local_day(chrono::Utc::now(), ctx.settings.tz);
    let period = period_of(&a, today, ctx.t)?;
    if a.table.is_some() && a.format != Format::Csv {
        return Err(UsageError(ctx.t.table_needs_csv.to_string()).into());
    }
    if a.table.as_deref() == Some("days") && period.is_day() {
        return Err(UsageError(ctx.t.table_days_of_day.to_string()).into());
    }
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::Summary)?;
    let target = a.out.as_deref().map(|p| super::out_file::check(ctx, p, a.force)).transpose()?;
    let detail = format!(
        "from={} to={} format={:?}{}",
        period.from,
        period.to,
        a.format,
        super::csvio::out_note(target.as_ref())
    );
    let summary = report::summary(&db.conn, &ctx.settings, period).map_err(|e| ctx.db_error(e))?;
    let audit_it = |db: &mut crate::db::Db| {
        let entry = crate::db::audit::Entry::new("report");
        crate::db::write(&mut db.conn, |tx| {
            crate::db::audit::append(tx, &actor, chrono::Utc::now(), &entry.detail(&detail))
        })
        .map_err(|e| ctx.db_error(e))
    };
    super::out_file::deliver(ctx, "report", target.as_ref(), &mut db, audit_it, |_, w| {
        match a.format {
            Format::Text => w.write_all(render::text(&summary, &ctx.settings, ctx.lang).as_bytes())?,
            Format::Md => w.write_all(render::markdown(&summary, &ctx.settings, ctx.lang).as_bytes())?,
            Format::Csv => match &a.table {
                Some(name) => {
                    w.write_all(&render::csv_table(&summary, &ctx.settings, name)?.unwrap_or_default())?
                }
                None => w.write_all(&render::csv(&summary, &ctx.settings)?)?,
            },
            // Streamed: five years of days are 8 MB of JSON, not held twice over.
            Format::Json => {
                serde_json::to_writer_pretty(&mut *w, &summary).map_err(std::io::Error::other)?;
                w.write_all(b"\n")?;
            }
            Format::Xlsx => w.write_all(
                &report::xlsx::workbook(&summary, &ctx.settings).map_err(|e| anyhow!("xlsx: {e}"))?,
            )?,
        }
        Ok(())
    })
}

//! The command line: arguments, the acting-clerk convention, exit codes and one-line errors.

mod audit_io;
mod care;
mod claims_io;
mod clerk;
mod csv_in;
mod csvio;
mod demo;
mod demo_bulk_hardship;
mod demo_bulk_letters;
mod demo_bulk_station;
mod demo_claims;
mod demo_fund;
mod demo_hardship;
mod demo_hardship_life;
mod demo_hardship_text;
mod demo_large;
mod demo_letters;
mod demo_people;
mod demo_station;
mod demo_visits;
mod demo_walkins;
mod fund_io;
mod hardship_io;
mod import;
mod letter;
mod letters_io;
mod out_file;
mod person;
mod progress;
mod purge;
mod report;
mod station_io;
mod term;
mod walkins_io;

pub use demo::{DEMO_CLERKS, DEMO_PIN, build_tiny as build_tiny_demo, seed_data, seed_fund};

pub use crate::context::{Ctx, UsageError};

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "frontdesk",
    version,
    about = "职工服务中心前台 · front counter of a workers' service centre"
)]
pub struct Args {
    /// Database file (else FRONTDESK_DB, `db` in config, /var/lib/frontdesk, the data directory)
    #[arg(long, global = true, env = "FRONTDESK_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Config file (else FRONTDESK_CONFIG, /etc/frontdesk/frontdesk.toml, the config directory)
    #[arg(long, global = true, env = "FRONTDESK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Language: zh-CN or en (else `language` in config)
    #[arg(long, global = true, value_parser = parse_lang, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,
    /// This terminal's window code (else FRONTDESK_WINDOW, `window` in config, picked at login)
    #[arg(long, global = true, env = "FRONTDESK_WINDOW", value_name = "CODE")]
    pub window: Option<String>,
    /// The clerk who acts (else FRONTDESK_LOGIN); the PIN comes from FRONTDESK_PIN or a prompt
    #[arg(long = "as", global = true, env = "FRONTDESK_LOGIN", value_name = "LOGIN")]
    pub as_login: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_lang(s: &str) -> Result<crate::i18n::Lang, String> {
    crate::i18n::Lang::parse(s).ok_or_else(|| format!("{s:?}: use zh-CN or en"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// A demo database (demo.db in the data directory unless --db), opened as its supervisor
    Demo(demo::DemoArgs),
    /// The lobby display: the latest call large, the last calls, what comes next (no login)
    Board,
    /// Create the database (no input)
    Init,
    /// Clerk accounts
    #[command(subcommand)]
    Clerk(clerk::ClerkCmd),
    /// Integrity, foreign keys, the audit chain and the outbox (missing letter files rebuilt)
    Check,
    /// Recuperation letters
    #[command(subcommand)]
    Letter(letter::LetterCmd),
    /// The summary: text, md, csv, json or xlsx (supervisor, auditor)
    #[command(subcommand)]
    Report(report::ReportCmd),
    /// Clear personal fields past their retention period (supervisor; audited)
    Purge {
        /// Clear only what is older than this day too (never what retention still keeps)
        #[arg(long, value_parser = parse_day)]
        before: Option<chrono::NaiveDate>,
        /// Count what would be cleared, change nothing
        #[arg(long)]
        dry_run: bool,
        /// Clear without asking (for cron); otherwise a terminal is asked first
        #[arg(long)]
        yes: bool,
    },
    /// A consistent copy of the database (and its key file) to PATH
    Backup { path: PathBuf },
    /// Centre-wide configuration
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Import a CSV file: all or nothing, every bad line named
    Import {
        what: ImportKind,
        file: PathBuf,
        /// Check the whole file and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Export CSV (UTF-8 with BOM), masked unless --unmasked
    Export {
        what: ExportKind,
        #[arg(long, value_parser = parse_day)]
        from: Option<chrono::NaiveDate>,
        #[arg(long, value_parser = parse_day)]
        to: Option<chrono::NaiveDate>,
        /// Write here (whole, then renamed into place) instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing --out file
        #[arg(long, requires = "out")]
        force: bool,
        /// Full ID numbers, phones and names (audited)
        #[arg(long)]
        unmasked: bool,
        /// With `worker`: the person's ID number (everything held on them, unmasked, audited)
        #[arg(long)]
        id: Option<String>,
        /// With `publicity`: the aid programme's code
        #[arg(long)]
        programme: Option<String>,
        /// With `publicity`: the programme-year (this year unless told)
        #[arg(long, value_parser = clap::value_parser!(i32).range(1900..=9999))]
        year: Option<i32>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ImportKind {
    Workers,
    Claims,
    Walkins,
    Hardship,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportKind {
    Worker,
    Workers,
    Claims,
    Walkins,
    Letters,
    Station,
    Audit,
    Hardship,
    /// An aid programme's recipients to post (公示): an A4 HTML page and a CSV
    Publicity,
}

/// A date as forms take it; relative forms count from today in the host's clock.
fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    let today = chrono::Local::now().date_naive();
    crate::domain::dates::parse_date(s, today).map_err(|e| format!("{s:?}: {e}"))
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Accept this terminal's centre-wide config as the database's
    Accept,
}

/// `export KIND`: a reversed range refused first, then the kind's own export.
fn export(ctx: &Ctx, what: ExportKind, asked: &csvio::Asked, id: Option<String>) -> anyhow::Result<()> {
    if let (Some(from), Some(to)) = (asked.from, asked.to) {
        in_order(from, to, ctx.t)?;
    }
    match (what, id) {
        (ExportKind::Worker, Some(id)) => person::export_worker(ctx, &id, asked),
        (ExportKind::Worker, None) => Err(UsageError(ctx.t.exp_needs_id.into()).into()),
        (ExportKind::Workers, _) => claims_io::export_workers(ctx, asked),
        (ExportKind::Claims, _) => claims_io::export_claims(ctx, asked),
        (ExportKind::Walkins, _) => walkins_io::export(ctx, asked),
        (ExportKind::Letters, _) => letters_io::export(ctx, asked),
        (ExportKind::Station, _) => station_io::export(ctx, asked),
        (ExportKind::Audit, _) => audit_io::export(ctx, asked.from, asked.to, asked),
        (ExportKind::Hardship, _) => hardship_io::export(ctx, asked),
        (ExportKind::Publicity, _) => fund_io::publicity(ctx, None, None, asked.out, asked.force),
    }
}

/// `--from` and `--to` as a range: the last day not before the first.
fn in_order(from: chrono::NaiveDate, to: chrono::NaiveDate, t: &crate::i18n::Text) -> Result<(), UsageError> {
    if to < from {
        return Err(UsageError(crate::i18n::fill(t.to_before_from, &[("to", &to), ("from", &from)])));
    }
    Ok(())
}

/// A refusal of the command line itself: exit code 2.
impl From<&Args> for crate::context::Wanted {
    fn from(a: &Args) -> Self {
        crate::context::Wanted {
            db: a.db.clone(),
            config: a.config.clone(),
            lang: a.lang,
            window: a.window.clone(),
            as_login: a.as_login.clone(),
        }
    }
}

/// Parses the arguments, runs the command, prints a one-line error and returns the exit code.
pub fn main() -> ExitCode {
    let args = Args::parse();
    let early_lang = args.lang.unwrap_or(crate::i18n::Lang::Zh);
    let demo = matches!(args.command, Some(Command::Demo(_)));
    let ctx = match Ctx::new(&args, demo) {
        Ok(ctx) => ctx,
        Err(e) => return report(early_lang, &e, None),
    };
    let result = match args.command {
        None => crate::kiosk::run(&ctx, None),
        Some(Command::Demo(a)) => demo::run(&ctx, &a),
        Some(Command::Board) => crate::kiosk::board::run(&ctx),
        Some(Command::Init) => care::init(&ctx),
        Some(Command::Clerk(cmd)) => clerk::run(&ctx, cmd),
        Some(Command::Check) => care::check(&ctx),
        Some(Command::Letter(cmd)) => match letter::run(&ctx, cmd) {
            Ok(code) => return code,
            Err(e) => Err(e),
        },
        Some(Command::Backup { path }) => care::backup(&ctx, &path),
        Some(Command::Report(cmd)) => report::run(&ctx, cmd),
        Some(Command::Purge { before, dry_run, yes }) => purge::purge(&ctx, before, dry_run, yes),
        Some(Command::Config(ConfigCmd::Accept)) => care::config_accept(&ctx),
        Some(Command::Import { what: ImportKind::Walkins, file, dry_run }) => {
            walkins_io::import(&ctx, &file, dry_run)
        }
        Some(Command::Import { what: ImportKind::Workers, file, dry_run }) => {
            claims_io::import_workers(&ctx, &file, dry_run)
        }
        Some(Command::Import { what: ImportKind::Claims, file, dry_run }) => {
            claims_io::import_claims(&ctx, &file, dry_run)
        }
        Some(Command::Import { what: ImportKind::Hardship, file, dry_run }) => {
            hardship_io::import(&ctx, &file, dry_run)
        }
        Some(Command::Export { what: ExportKind::Publicity, out, force, programme, year, .. }) => {
            fund_io::publicity(&ctx, programme.as_deref(), year, out.as_deref(), force)
        }
        Some(Command::Export { what, from, to, out, force, unmasked, id, .. }) => {
            export(&ctx, what, &csvio::Asked { from, to, out: out.as_deref(), unmasked, force }, id)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(ctx.lang, &e, Some(&ctx.db_path)),
    }
}

fn report(lang: crate::i18n::Lang, e: &anyhow::Error, db: Option<&std::path::Path>) -> ExitCode {
    let t = lang.text();
    // The reader went away (`| head`): what it wanted it has; nothing to say (exit as `head`
    // leaves a writer, 141 = killed by SIGPIPE).
    fn broken_pipe(io: &std::io::Error) -> bool {
        io.kind() == std::io::ErrorKind::BrokenPipe
            || io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<csv::Error>())
                .is_some_and(|csv| matches!(csv.kind(), csv::ErrorKind::Io(io) if broken_pipe(io)))
    }
    let gone = e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(broken_pipe)
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|csv| matches!(csv.kind(), csv::ErrorKind::Io(io) if broken_pipe(io)))
    });
    if gone {
        return ExitCode::from(141);
    }
    // A database error that came up without a word of ours (`?` on a statement) still gets one.
    let said = e
        .downcast_ref::<rusqlite::Error>()
        .zip(db)
        .and_then(|(sql, path)| crate::db::fault_text(lang, crate::db::fault_of(sql), path))
        .unwrap_or_else(|| format!("{e:#}"));
    let line = term::err_line(&said.replace('\n', " "));
    eprintln!("frontdesk: {}: {line}", t.err_prefix);
    if e.downcast_ref::<UsageError>().is_some() { ExitCode::from(2) } else { ExitCode::from(1) }
}

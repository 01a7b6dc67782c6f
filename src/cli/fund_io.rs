//! The aid fund on the command line (issue #26): `report fund` (the auditor's report) and
//! `export publicity` (the posted list of recipients).

use super::Ctx;
use super::report::Format;
use crate::db::OpenMode;
use crate::domain::Permission;
use crate::report::{fund, render, xlsx};
use anyhow::{Result, anyhow};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct FundArgs {
    /// The programme-year (this year unless told)
    #[arg(long, value_parser = clap::value_parser!(i32).range(1900..=9999))]
    pub year: Option<i32>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write here (whole, then renamed into place) instead of standard output
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file
    #[arg(long, requires = "out")]
    pub force: bool,
}

fn this_year(ctx: &Ctx) -> i32 {
    use chrono::Datelike;
    crate::domain::dates::local_day(chrono::Utc::now(), ctx.settings.tz).year()
}

/// `report fund`: supervisor and auditor (the summary's permission); audited like `report daily`.
pub fn report(ctx: &Ctx, a: FundArgs) -> Result<()> {
    let year = a.year.unwrap_or_else(|| this_year(ctx));
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::Summary)?;
    let target = a.out.as_deref().map(|p| super::out_file::check(ctx, p, a.force)).transpose()?;
    let detail = format!("fund year={year} format={:?}{}", a.format, super::csvio::out_note(target.as_ref()));
    // Text and Markdown in the terminal's language; csv and xlsx in Chinese, as `report daily`.
    let lang = match a.format {
        Format::Text | Format::Md | Format::Json => ctx.lang,
        Format::Csv | Format::Xlsx => crate::i18n::Lang::Zh,
    };
    let r = fund::build(&db.conn, &ctx.settings, year, lang).map_err(|e| ctx.db_error(e))?;
    let audit_it = |db: &mut crate::db::Db| {
        let entry = crate::db::audit::Entry::new("report");
        crate::db::write(&mut db.conn, |tx| {
            crate::db::audit::append(tx, &actor, chrono::Utc::now(), &entry.detail(&detail))
        })
        .map_err(|e| ctx.db_error(e))
    };
    super::out_file::deliver(ctx, "report", target.as_ref(), &mut db, audit_it, |_, w| {
        let heading = fund::heading(&r, lang);
        match a.format {
            Format::Text => w.write_all(render::text_of(&heading, &fund::tables(&r, lang)).as_bytes())?,
            Format::Md => w.write_all(render::markdown_of(&heading, &fund::tables(&r, lang)).as_bytes())?,
            Format::Csv => w.write_all(&render::csv_of(&heading, &fund::tables(&r, lang))?)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut *w, &r).map_err(std::io::Error::other)?;
                w.write_all(b"\n")?;
            }
            Format::Xlsx => w.write_all(
                &xlsx::workbook_of(&heading, fund::tables(&r, lang)).map_err(|e| anyhow!("xlsx: {e}"))?,
            )?,
        }
        Ok(())
    })
}

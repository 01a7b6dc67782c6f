//! The aid fund on the command line (issue #26): `report fund` (the auditor's report) and
//! `export publicity` (the posted list of recipients).

use super::Ctx;
use super::report::Format;
use crate::db::OpenMode;
use crate::domain::Permission;
use crate::report::{fund, publicity, render, xlsx};
use anyhow::{Result, anyhow};
use std::io::Write;
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

/// `export publicity --programme CODE [--year Y] [--out F]` (supervisor): the A4 page on
/// standard output, or with `--out F` the page at F and the CSV of the same rows beside it (F
/// with its extension changed to `.csv`; an F ending in `.csv` is refused, the two would be one
/// file). Audited as an export (`export`, `publicity programme=… year=…`), once, after both
/// files are written and before either is put in place.
pub fn publicity(
    ctx: &Ctx,
    programme: Option<&str>,
    year: Option<i32>,
    out: Option<&std::path::Path>,
    force: bool,
) -> Result<()> {
    let w = crate::i18n::fund_report::words(ctx.lang);
    let Some(code) = programme.map(str::trim).filter(|c| !c.is_empty()) else {
        return Err(super::UsageError(w.pub_needs_programme.into()).into());
    };
    let year = year.unwrap_or_else(|| this_year(ctx));
    let csv_path = match out {
        Some(p) if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) => {
            return Err(super::UsageError(w.pub_out_csv.into()).into());
        }
        Some(p) => Some(p.with_extension("csv")),
        None => None,
    };
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::Export)?;
    let fund_cfg = &ctx.settings.config.fund;
    if fund_cfg.programme(year, code).is_none() {
        let code = crate::domain::text::strip_controls(code);
        return Err(
            super::UsageError(crate::i18n::fill(w.pub_unknown, &[("code", &code), ("year", &year)])).into()
        );
    }
    let html_target = out.map(|p| super::out_file::check(ctx, p, force)).transpose()?;
    let csv_target = csv_path.as_deref().map(|p| super::out_file::check(ctx, p, force)).transpose()?;
    let r = fund::build(&db.conn, &ctx.settings, year, ctx.lang).map_err(|e| ctx.db_error(e))?;
    let today = crate::domain::dates::local_day(chrono::Utc::now(), ctx.settings.tz);
    let phone = publicity::phone(&ctx.settings);
    let Some(sheet) = publicity::sheet(&r, code, today, fund_cfg.publicity_days, phone) else {
        return Err(anyhow!(crate::i18n::fill(w.pub_unknown, &[("code", &code), ("year", &year)])));
    };
    let page = publicity::html(&sheet, ctx.lang);
    let detail = format!("programme={code} year={year} rows={}", sheet.rows.len());
    let audit_it = |db: &mut crate::db::Db, html: Option<&super::out_file::Target>| {
        let note = csv_target.as_ref().map(|t| format!(" csv={}", t.path.display())).unwrap_or_default();
        super::csvio::audit_export(ctx, db, &actor, "publicity", &format!("{detail}{note}"), html)
    };
    let (Some(html_t), Some(csv_t)) = (html_target.as_ref(), csv_target.as_ref()) else {
        return super::out_file::deliver(
            ctx,
            "publicity",
            None,
            &mut db,
            |db| audit_it(db, None),
            |_, w| Ok(w.write_all(page.as_bytes())?),
        );
    };
    let lang = ctx.lang;
    let mut staged_html = html_t.stage(lang)?;
    staged_html.write_all(page.as_bytes()).map_err(|e| html_t.failed_in(lang, &e))?;
    staged_html.sync(lang)?;
    let mut staged_csv = csv_t.stage(lang)?;
    let rows = publicity::csv(&sheet, lang).map_err(|e| csv_t.failed_in(lang, &e))?;
    staged_csv.write_all(&rows).map_err(|e| csv_t.failed_in(lang, &e))?;
    staged_csv.sync(lang)?;
    let (hs, hsha) =
        super::out_file::digest(staged_html.tmp_path()).map_err(|e| html_t.failed_in(lang, &e))?;
    let (cs, csha) = super::out_file::digest(staged_csv.tmp_path()).map_err(|e| csv_t.failed_in(lang, &e))?;
    audit_it(&mut db, Some(html_t))?;
    let key = crate::db::audit_seal::key_for(&db.path)
        .ok_or_else(|| ctx.db_error(crate::db::DbError::KeyMissing(crate::db::key_path(&db.path))))?;
    let (hp, cp) = (html_t.path.to_string_lossy().into_owned(), csv_t.path.to_string_lossy().into_owned());
    crate::db::write(&mut db.conn, |tx| {
        let now = chrono::Utc::now();
        crate::db::out_files::record(tx, &key, "publicity", &hp, hs, &hsha, now)?;
        crate::db::out_files::record(tx, &key, "publicity", &cp, cs, &csha, now)
    })
    .map_err(|e| ctx.db_error(e))?;
    staged_html.place(lang)?;
    staged_csv.place(lang)?;
    let done = [("html", &hp as &dyn std::fmt::Display), ("csv", &cp), ("n", &sheet.counted(lang))];
    eprintln!("{}", crate::i18n::fill(w.pub_done, &done));
    Ok(())
}

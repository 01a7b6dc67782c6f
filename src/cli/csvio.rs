//! CSV cells in and out: ID cells a spreadsheet mangled, columns by header; UTF-8 with BOM
//! out, cells safe for spreadsheets. Reading the files themselves is `csv_in`.

use crate::domain::{IdError, IdNumber};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// Why an ID cell is refused, with the spreadsheet case named on its own.
pub enum IdCell {
    Ok(IdNumber),
    /// `1.10105E+17` or 18 digits ending in 000 that fail the check: the column was a number.
    Spreadsheet,
    Bad(IdError),
}

pub fn id_cell(cell: &str, today: NaiveDate) -> IdCell {
    let t = cell.trim();
    match IdNumber::parse(t, today) {
        Ok(id) => IdCell::Ok(id),
        Err(e) => {
            let upper = t.to_ascii_uppercase();
            let scientific =
                upper.contains("E+") && upper.chars().all(|c| c.is_ascii_digit() || ".E+".contains(c));
            let zeroed = t.len() == 18 && t.ends_with("000") && t.bytes().all(|b| b.is_ascii_digit());
            if scientific || zeroed { IdCell::Spreadsheet } else { IdCell::Bad(e) }
        }
    }
}

/// An ID cell checked, with the reason in the user's language when it is refused.
pub fn id_or_reason(cell: &str, today: NaiveDate, lang: crate::i18n::Lang) -> Result<IdNumber, String> {
    let ui = lang.ui();
    match id_cell(cell, today) {
        IdCell::Ok(id) => Ok(id),
        IdCell::Spreadsheet => Err(lang.text().imp_spreadsheet.to_string()),
        IdCell::Bad(e) => Err(match e {
            IdError::Length(n) => crate::i18n::fill(ui.id_length, &[("n", &n)]),
            IdError::Characters => ui.id_characters.into(),
            IdError::BirthDate => ui.id_birth.into(),
            IdError::CheckCharacter => ui.id_check.into(),
        }),
    }
}

/// Where each named column is: the required ones in order, optional ones by name after them.
pub fn columns(
    header: &csv::StringRecord,
    required: &[&str],
    optional: &[&str],
) -> Option<Vec<Option<usize>>> {
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    if names.len() < required.len() || names[..required.len()] != *required {
        return None;
    }
    let mut at: Vec<Option<usize>> = (0..required.len()).map(Some).collect();
    for o in optional {
        at.push(names.iter().position(|n| n == o));
    }
    let known = names.iter().all(|n| required.contains(n) || optional.contains(n));
    known.then_some(at)
}

/// A person's name, ID number and phone as an export writes them: as stored with `--unmasked`,
/// else masked (`王*明`, `330381********123X`, `138****5678`); empty cells stay empty.
pub fn person_cells(name: String, id: String, phone: String, unmasked: bool) -> (String, String, String) {
    if unmasked {
        return (name, id, phone);
    }
    let id = crate::domain::IdNumber::from_stored(&id).map(|i| i.masked()).unwrap_or_default();
    let phone = if phone.is_empty() { phone } else { crate::domain::phone::mask_phone(&phone) };
    let name = if name.is_empty() { name } else { crate::domain::text::mask_name(&name) };
    (name, id, phone)
}

/// A free-text cell (a note, a reason) as an export writes it: as stored with `--unmasked`,
/// else with the ID numbers and phones written inside it masked.
pub fn free_text(text: String, unmasked: bool) -> String {
    if unmasked { text } else { crate::domain::scrub::mask_numbers(&text) }
}

/// Where an export went, for its audit row (last in the detail): `purge` removes the file once
/// `exports_months` have passed.
/// An export's days for its audit row, as dates (`from=2026-11-01 to=2026-12-04 `), each only
/// when asked; F6 reads them as words.
pub fn days_detail(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    let day = |k: &str, d: Option<NaiveDate>| d.map(|d| format!("{k}={d} ")).unwrap_or_default();
    format!("{}{}", day("from", from), day("to", to))
}

pub fn out_note(out: Option<&super::out_file::Target>) -> String {
    out.map(|t| format!(" out={}", t.path.display())).unwrap_or_default()
}

/// A cell of an export's row by column; nothing past the end.
pub fn cell(cells: &[String], i: usize) -> String {
    cells.get(i).cloned().unwrap_or_default()
}

/// A stored RFC 3339 instant as the centre's local `YYYY-MM-DD HH:MM:SS`; nothing for nothing.
pub fn local_time(stored: &str, tz: chrono_tz::Tz) -> String {
    chrono::DateTime::parse_from_rfc3339(stored)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// The export's audit row: before the first line on standard output, after the whole file
/// is written for `--out` (see `out_file::deliver`).
pub fn audit_export(
    ctx: &super::Ctx,
    db: &mut crate::db::Db,
    actor: &crate::db::audit::Actor,
    what: &str,
    detail: &str,
    out: Option<&super::out_file::Target>,
) -> anyhow::Result<()> {
    let detail = format!("{what} {detail}{}", out_note(out));
    let entry = crate::db::audit::Entry::new("export");
    crate::db::write(&mut db.conn, |tx| {
        crate::db::audit::append(tx, actor, chrono::Utc::now(), &entry.detail(&detail))
    })
    .map_err(|e| ctx.db_error(e))?;
    Ok(())
}

/// What the command line asked of an export: the first and last day, where to, unmasked, and
/// whether an existing `--out` file may be replaced.
#[derive(Clone, Copy)]
pub struct Asked<'a> {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub out: Option<&'a Path>,
    pub unmasked: bool,
    pub force: bool,
}

impl Asked<'_> {
    /// The `--out` file checked (see `out_file::check`), if one was asked for.
    pub fn target(&self, ctx: &super::Ctx) -> anyhow::Result<Option<super::out_file::Target>> {
        self.out.map(|p| super::out_file::check(ctx, p, self.force)).transpose()
    }
}

/// Which records an export takes.
pub struct Export<'a> {
    /// The audit row's name for it (`walkins`, `letters`, …).
    pub what: &'a str,
    pub header: &'a [&'a str],
    /// The query; its bounds are the first and last day, NULL when not given.
    pub query: crate::db::exports::Query,
    /// The query compares stored instants: `?1` is when the first day begins and `?2` when
    /// the day after the last begins, in the centre's timezone.
    pub stamps: bool,
}

/// A dated export: the header and one row per record, cells as `cells` makes them from the
/// query's cells, audited; says how many on stderr.
pub fn export(
    ctx: &super::Ctx,
    e: &Export,
    asked: &Asked,
    cells: &dyn Fn(&[String]) -> Vec<String>,
) -> anyhow::Result<()> {
    let mut db = ctx.open(crate::db::OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, crate::domain::Permission::Export)?;
    let target = asked.target(ctx)?;
    let detail = format!("{}unmasked={}", days_detail(asked.from, asked.to), asked.unmasked);
    let tz = ctx.settings.tz;
    let bound =
        |d: NaiveDate| if e.stamps { crate::domain::dates::day_start_stamp(d, tz) } else { d.to_string() };
    let last = if e.stamps { asked.to.and_then(|d| d.succ_opt()) } else { asked.to };
    let n = super::out_file::deliver(
        ctx,
        e.what,
        target.as_ref(),
        &mut db,
        |db| audit_export(ctx, db, &actor, e.what, &detail, target.as_ref()),
        |db, sink| {
            let mut w = Out::create(sink, e.header)?;
            let mut n = 0;
            crate::db::exports::each_row(&db.conn, e.query, asked.from.map(bound), last.map(bound), |row| {
                w.row(&cells(row))?;
                n += 1;
                anyhow::Ok(())
            })?;
            w.finish()?;
            Ok(n)
        },
    )?;
    eprintln!("{}", crate::i18n::fill(ctx.t.exp_done, &[("n", &n)]));
    Ok(())
}

/// Writes UTF-8 with a BOM and a header, RFC 4180 quoting only where needed.
pub struct Out<'w> {
    writer: csv::Writer<&'w mut dyn Write>,
}

impl<'w> Out<'w> {
    pub fn create(sink: &'w mut dyn Write, header: &[&str]) -> std::io::Result<Out<'w>> {
        sink.write_all(b"\xEF\xBB\xBF")?;
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(sink);
        writer.write_record(header).map_err(std::io::Error::other)?;
        Ok(Out { writer })
    }

    pub fn row(&mut self, cells: &[String]) -> std::io::Result<()> {
        let safe: Vec<String> = cells.iter().map(|c| crate::domain::text::safe_cell(c)).collect();
        self.writer.write_record(&safe).map_err(std::io::Error::other)
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::safe_cell;

    #[test]
    fn spreadsheet_mangled_ids_are_named() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert!(matches!(id_cell("1.10105E+17", today), IdCell::Spreadsheet));
        assert!(matches!(id_cell("110105194912310000", today), IdCell::Spreadsheet));
        assert!(matches!(id_cell("11010519491231002X", today), IdCell::Ok(_)));
        assert!(matches!(id_cell("110105194912310021", today), IdCell::Bad(IdError::CheckCharacter)));
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(safe_cell("=1+1"), "'=1+1");
        assert_eq!(safe_cell("-5"), "-5", "a negative count is a number, not a formula");
        assert_eq!(safe_cell("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(safe_cell("-"), "'-");
        assert_eq!(safe_cell("王"), "王");
    }
}

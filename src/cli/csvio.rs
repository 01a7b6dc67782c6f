//! CSV in and out: UTF-8 (with or without BOM) or GB18030 in, line numbers for every problem,
//! ID cells a spreadsheet mangled; UTF-8 with BOM out, cells safe for spreadsheets.

use crate::domain::{IdError, IdNumber};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// The file as text: UTF-8 (BOM stripped) when it is valid UTF-8, else GB18030.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Ok(match std::str::from_utf8(body) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(body).0.into_owned(),
    })
}

/// Records with their 1-based line numbers (the header is line 1).
pub fn records(text: &str) -> impl Iterator<Item = (u64, Result<csv::StringRecord, String>)> + '_ {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    // Lines are counted from the last record on, never from the start: a million rows stay linear.
    let (mut at_byte, mut at_line) = (0usize, 1u64);
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match reader.read_record(&mut record) {
            Ok(true) => {
                let start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
                let (b, line) = line_at(text, at_byte, at_line, start);
                (at_byte, at_line) = (b, line);
                Some((line, Ok(record.clone())))
            }
            Ok(false) => None,
            Err(e) => {
                done = true;
                let line = e.position().map(|p| p.line()).unwrap_or_else(|| reader.position().line());
                Some((line, Err(e.to_string())))
            }
        }
    })
}

/// The 1-based line where a record starting at byte `start` begins (the reader reports the
/// end of the previous record's terminator, so skip it), counting on from `from` at `line`.
/// Returns the record's first byte and its line.
fn line_at(text: &str, from: usize, line: u64, start: usize) -> (usize, u64) {
    let bytes = text.as_bytes();
    let mut b = start.min(bytes.len());
    while b < bytes.len() && (bytes[b] == b'\r' || bytes[b] == b'\n') {
        b += 1;
    }
    let from = from.min(b);
    (b, line + bytes[from..b].iter().filter(|&&c| c == b'\n').count() as u64)
}

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

/// Where an export went, for its audit row (last in the detail): `purge` removes the file once
/// `exports_months` have passed.
pub fn out_note(out: Option<&std::path::Path>) -> String {
    out.map(|p| format!(" out={}", std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()).display()))
        .unwrap_or_default()
}

/// The export's audit row, written before a single line goes out.
pub fn audit_export(
    ctx: &super::Ctx,
    db: &mut crate::db::Db,
    what: &str,
    detail: &str,
    out: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let (_, actor) = ctx.act(db, crate::domain::Permission::Export)?;
    let detail = format!("{what} {detail}{}", out_note(out));
    let entry = crate::db::audit::Entry::new("export");
    crate::db::write(&mut db.conn, |tx| {
        crate::db::audit::append(tx, &actor, chrono::Utc::now(), &entry.detail(&detail))
    })
    .map_err(|e| ctx.db_error(e))?;
    Ok(())
}

/// A cell written for spreadsheets: formulas are never started (a plain negative number is
/// not a formula), quoting only where needed.
pub fn safe_cell(s: &str) -> String {
    let number = s.strip_prefix('-').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if s.starts_with(['=', '+', '-', '@']) && !number { format!("'{s}") } else { s.to_string() }
}

/// Writes UTF-8 with a BOM and a header, RFC 4180 quoting only where needed.
pub struct Out {
    writer: csv::Writer<Box<dyn Write>>,
}

impl Out {
    pub fn create(path: Option<&Path>, header: &[&str]) -> std::io::Result<Out> {
        let mut sink: Box<dyn Write> = match path {
            Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
            None => Box::new(std::io::BufWriter::new(std::io::stdout())),
        };
        sink.write_all(b"\xEF\xBB\xBF")?;
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(sink);
        writer.write_record(header).map_err(std::io::Error::other)?;
        Ok(Out { writer })
    }

    pub fn row(&mut self, cells: &[String]) -> std::io::Result<()> {
        let safe: Vec<String> = cells.iter().map(|c| safe_cell(c)).collect();
        self.writer.write_record(&safe).map_err(std::io::Error::other)
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn gb18030_and_bom_and_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.csv");
        let (bytes, _, _) = encoding_rs::GB18030.encode("a,b\r\n王一,\"x\r\ny\"\r\n李二,z\r\n");
        std::fs::write(&p, &bytes).unwrap();
        let text = read_text(&p).unwrap();
        let lines: Vec<u64> = records(&text).map(|(l, _)| l).collect();
        assert_eq!(lines, vec![1, 2, 4]);
        std::fs::write(&p, b"\xEF\xBB\xBFa,b\n").unwrap();
        assert_eq!(read_text(&p).unwrap(), "a,b\n");
    }
}

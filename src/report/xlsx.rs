//! The summary as an .xlsx workbook: a sheet per table, Chinese headers, counts and minutes as
//! numbers, amounts in 元 as numbers (two decimals), shares as percentages, and a column chart
//! of arrivals per half hour.

use super::Summary;
use super::render::{Cell, Table, heading, tables};
use crate::config::Settings;
use crate::i18n::Lang;
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, XlsxError};

/// Excel refuses these in a sheet name, and names over 31 characters.
fn sheet_name(title: &str) -> String {
    title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

pub fn workbook(s: &Summary, settings: &Settings) -> Result<Vec<u8>, XlsxError> {
    workbook_of(&heading(s, settings, Lang::Zh), tables(s, settings, Lang::Zh))
}

/// Any report's tables as a workbook: a sheet per table, the heading above the first.
pub fn workbook_of(heading: &str, tables: Vec<Table>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let yuan = Format::new().set_num_format("0.00");
    let minutes = Format::new().set_num_format("0.0");
    let percent = Format::new().set_num_format("0.0%");
    let r = Lang::Zh.ui().f5;
    for (n, table) in tables.into_iter().enumerate() {
        let name = sheet_name(&table.title);
        let sheet = book.add_worksheet();
        sheet.set_name(&name)?;
        let mut row = 0;
        if n == 0 {
            sheet.write_string_with_format(0, 0, heading, &bold)?;
            row = 2;
        }
        for (c, h) in table.header.iter().enumerate() {
            sheet.write_string_with_format(row, c as u16, h, &bold)?;
            sheet.set_column_width(c as u16, if c == 0 { 22 } else { 14 })?;
        }
        for cells in &table.rows {
            row += 1;
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => {
                        sheet.write_string(row, c, t)?;
                    }
                    Cell::Int(v) => {
                        sheet.write_number(row, c, *v as f64)?;
                    }
                    Cell::Minutes(Some(m)) => {
                        sheet.write_number_with_format(row, c, *m, &minutes)?;
                    }
                    Cell::Share(Some(v)) => {
                        sheet.write_number_with_format(row, c, *v, &percent)?;
                    }
                    // A spreadsheet shows 15 significant digits: past them the amount is written
                    // as its exact text (helper-22: ...0.01 and ...0.02 read the same).
                    Cell::Yuan(fen) if fen.unsigned_abs() < 1_000_000_000_000_000 => {
                        sheet.write_number_with_format(row, c, *fen as f64 / 100.0, &yuan)?;
                    }
                    Cell::Yuan(_) => {
                        sheet.write_string(row, c, cell.raw())?;
                    }
                    Cell::Minutes(None) | Cell::Share(None) => {}
                }
            }
        }
        if table.title == r.sheet_half_hours && !table.rows.is_empty() {
            let last = table.rows.len() as u32;
            let mut chart = Chart::new(ChartType::Column);
            chart.title().set_name(r.arrivals_chart);
            chart
                .add_series()
                .set_name(r.arrivals)
                .set_categories((name.as_str(), 1, 0, last, 0))
                .set_values((name.as_str(), 1, 1, last, 1));
            sheet.insert_chart(1, 4, &chart)?;
        }
    }
    book.save_to_buffer()
}

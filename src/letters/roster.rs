//! A batch's roster to the recuperation unit: a letter like the others — title and batch
//! centred, the addressee, dates, standard, count, the masked list as a table, the centre's
//! signature and the date — on an A4 page (`Layout::V2`). Rosters written before that
//! (`Layout::V1`, a bare table) still verify as they were.

use super::batch::NewBatch;
use super::files::{self, Layout};
use crate::config::Settings;
use crate::db::letters::LetterRow;
use chrono::{Datelike, NaiveDate};

/// The roster's title, its first line.
const TITLE: &str = "疗休养人员名单";

/// A roster line that is a row of its table (the header or one letter): five cells.
fn is_row(line: &str) -> bool {
    line.split("  ").count() == 5
}

/// The roster's text as stored and sent: one line per letter, names and IDs masked.
pub fn text(
    settings: &Settings,
    b: &NewBatch,
    issued: &[LetterRow],
    year: i32,
    seq: u32,
    on: NaiveDate,
) -> String {
    let c = &settings.config;
    let unit = c
        .recuperation_units
        .iter()
        .find(|u| u.code == b.recipient)
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let date = |d: NaiveDate| format!("{}年{}月{}日", d.year(), d.month(), d.day());
    let standard = b.standard.trim();
    let standard = if standard.is_empty() { String::new() } else { format!("标准：{standard}。") };
    let mut out = format!(
        "{TITLE}\n{year}年第{seq}批\n\n{unit}：\n\n    现将{}至{}到贵单位疗休养的人员名单（共{}人）函告如下，{standard}各人疗养函随后分别送达，请予接待。\n\n序号  编号  姓名  证件号  工作单位\n",
        date(b.start),
        date(b.end),
        issued.len()
    );
    for (i, l) in issued.iter().enumerate() {
        out.push_str(&format!(
            "{}  {}  {}  {}  {}\n",
            i + 1,
            l.number,
            crate::domain::text::mask_name(&l.name),
            l.id_masked,
            l.work_unit.clone().unwrap_or_else(|| "—".into())
        ));
    }
    let pad = " ".repeat(40);
    out.push_str(&format!("\n{pad}{}\n{pad}{}\n\nfrontdesk-batch: {year}/{seq}\n", c.centre.name, date(on)));
    out
}

/// The roster's page in a layout, from its stored text.
pub fn page(layout: Layout, text: &str, year: i32, seq: u32, subject: &str) -> String {
    let head = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"frontdesk-batch\" content=\"{year}/{seq}\"><title>{}</title>",
        files::escape_html(subject)
    );
    let cells = |line: &str, tag: &str| -> String {
        let cells: String =
            line.split("  ").map(|c| format!("<{tag}>{}</{tag}>", files::escape_html(c))).collect();
        format!("<tr>{cells}</tr>")
    };
    if layout == Layout::V1 {
        let rows: String = text.lines().filter(|l| is_row(l)).map(|l| cells(l, "td")).collect();
        return format!("{head}</head><body><table border=\"1\">{rows}</table></body></html>\n");
    }
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| is_row(l)).unwrap_or(lines.len());
    let last = lines.iter().rposition(|l| is_row(l)).map(|i| i + 1).unwrap_or(first);
    let mut before = &lines[..first];
    let mut title = String::new();
    if let [t, batch, rest @ ..] = before
        && *t == TITLE
    {
        title = format!(
            "<h1>{}</h1>\n<p class=\"number\">{}</p>\n",
            files::escape_html(t),
            files::escape_html(batch)
        );
        before = rest;
    }
    let rows: String = lines[first..last]
        .iter()
        .enumerate()
        .map(|(i, l)| cells(l, if i == 0 { "th" } else { "td" }))
        .collect();
    let pre = |ls: &[&str]| format!("<pre>{}</pre>", files::pre_body(&ls.join("\n")));
    format!(
        "{head}\n<style>\n@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}\n\
         body {{ font-family: FangSong, \"仿宋\", \"STFangsong\", serif; font-size: 16pt; line-height: 28pt; }}\n\
         pre {{ white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-all; font-family: inherit; margin: 0; }}\n\
         h1 {{ font-family: \"方正小标宋简体\", \"FZXiaoBiaoSong-B05S\", SimSun, serif; font-size: 22pt; font-weight: normal; text-align: center; line-height: 36pt; margin: 0; }}\n\
         .number {{ text-align: center; margin: 0 0 28pt; }}\n\
         table {{ border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 18pt; margin: 12pt 0; }}\n\
         th, td {{ border: 1px solid #000; padding: 2pt 4pt; overflow-wrap: anywhere; }}\n\
         .sign {{ display: block; white-space: pre-line; text-align: right; padding-right: 2em; }}\n\
         </style>\n</head>\n<body>\n{title}{}\n<table>{rows}</table>\n{}\n</body>\n</html>\n",
        pre(before),
        pre(&lines[last..])
    )
}

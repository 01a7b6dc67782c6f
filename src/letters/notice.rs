//! The void notice a unit receives (`….void.eml`), rebuilt from the stored letter for
//! `letter verify --file`: the same words `send::void_notice` writes, dated by the message's
//! own Date header. A test keeps the two the same.

use super::files::{self, Mail};
use crate::config::Settings;
use crate::db::letters::LetterRow;
use chrono::{Datelike, NaiveDate};

/// The notices the letter may have had: without and, when replaced, with the replacing
/// letter (a notice written at the void, before the re-issue, names none).
pub fn expected(
    settings: &Settings,
    l: &LetterRow,
    replaced_by: Option<&LetterRow>,
    on: NaiveDate,
) -> Vec<String> {
    let mut out = vec![];
    for style in [Style::Current, Style::Before22] {
        out.push(message(style, settings, l, None, on));
        if let Some(n) = replaced_by {
            out.push(message(style, settings, l, Some(n), on));
        }
    }
    out
}

/// How a notice writes its dates: as the letters do (`2026年12月5日`), or as notices did before
/// (the issue day as `2026-12-05`, the signature's day as `2026年12月05日`), which verification
/// still accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Current,
    Before22,
}

/// The notice's words to the unit, dated `on`: the replacement named (and "请以新函为准") only
/// when there is one, the reason only when one was given — the re-issue's own reason for a
/// replacement, the void's otherwise (a letter voided first and re-issued later was voided
/// for one reason and replaced for another). `send::void_notice` writes these.
pub fn words(
    settings: &Settings,
    l: &LetterRow,
    replaced_by: Option<&LetterRow>,
    on: NaiveDate,
) -> Option<String> {
    words_in(Style::Current, settings, l, replaced_by, on)
}

fn words_in(
    style: Style,
    settings: &Settings,
    l: &LetterRow,
    replaced_by: Option<&LetterRow>,
    on: NaiveDate,
) -> Option<String> {
    let c = &settings.config;
    let unit = c.recuperation_units.iter().find(|u| u.code == l.recipient)?;
    let (replaced, close) = match replaced_by {
        Some(n) => (format!("，由{}替代", n.number), "请以新函为准，原函不再有效。"),
        None => (String::new(), "原函不再有效。"),
    };
    let reason = replaced_by.and_then(|n| n.replace_reason.clone()).or_else(|| l.void_reason.clone());
    let reason = reason.filter(|r| !r.trim().is_empty());
    let reason = reason.map(|r| format!("原因：{}。", r.trim())).unwrap_or_default();
    let chinese = |d: NaiveDate| format!("{}年{}月{}日", d.year(), d.month(), d.day());
    let (issued, signed) = match style {
        Style::Current => {
            (l.issued_on.parse().map(chinese).unwrap_or_else(|_| l.issued_on.clone()), chinese(on))
        }
        Style::Before22 => (l.issued_on.clone(), on.format("%Y年%m月%d日").to_string()),
    };
    Some(format!(
        "{}：\n\n    我中心于{}出具的{}{}（职工{}）已作废{replaced}。{reason}{close}\n\n                                        {}\n                                        {}\n",
        unit.name,
        issued,
        c.letters.recuperation_name,
        l.number,
        crate::domain::text::mask_name(&l.name),
        c.centre.name,
        signed,
    ))
}

fn message(
    style: Style,
    settings: &Settings,
    l: &LetterRow,
    replaced_by: Option<&LetterRow>,
    on: NaiveDate,
) -> String {
    let text = words_in(style, settings, l, replaced_by, on);
    text.and_then(|t| eml_of(style, settings, l, &t, chrono::Utc::now().fixed_offset(), "notice"))
        .unwrap_or_default()
}

/// The notice as a message to the unit (`None` for a unit the config no longer has): what
/// `send::void_notice` writes and sends, and what verification rebuilds (its own Date and
/// Message-ID aside).
pub fn eml(
    settings: &Settings,
    l: &LetterRow,
    replaced_by: Option<&LetterRow>,
    on: NaiveDate,
    date: chrono::DateTime<chrono::FixedOffset>,
    message_id: &str,
) -> Option<String> {
    let text = words(settings, l, replaced_by, on)?;
    eml_of(Style::Current, settings, l, &text, date, message_id)
}

/// The notice with these words as a message to the unit: its page A4 like the letters' (the
/// lines wrapped inside the margins, the signature set right), or as notices were before.
fn eml_of(
    style: Style,
    settings: &Settings,
    l: &LetterRow,
    text: &str,
    date: chrono::DateTime<chrono::FixedOffset>,
    message_id: &str,
) -> Option<String> {
    let c = &settings.config;
    let unit = c.recuperation_units.iter().find(|u| u.code == l.recipient)?;
    let from = sender(settings);
    let subject = format!("作废通知 {}", l.number);
    let mail = Mail {
        from: &from,
        from_name: &c.centre.name,
        to: &unit.email,
        to_name: &unit.name,
        subject: &subject,
        date,
        message_id,
    };
    let page = match style {
        Style::Before22 => format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><pre>{}</pre></body></html>\n",
            files::escape_html(&subject),
            files::escape_html(text)
        ),
        Style::Current => format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\n\
             @page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}\n\
             body {{ font-family: FangSong, \"仿宋\", \"STFangsong\", serif; font-size: 16pt; line-height: 28pt; }}\n\
             pre {{ white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-all; font-family: inherit; margin: 0; }}\n\
             .sign {{ display: block; white-space: pre-line; text-align: right; padding-right: 2em; }}\n\
             </style>\n</head><body><pre>{}</pre></body></html>\n",
            files::escape_html(&subject),
            files::pre_body(text)
        ),
    };
    files::eml(l, &mail, text, &page, "").ok()
}

/// The address notices come from.
pub fn sender(settings: &Settings) -> String {
    let smtp = settings.config.smtp.as_ref();
    smtp.map(|s| s.from.clone()).unwrap_or_else(|| "frontdesk@localhost".into())
}

/// The local day of a message's Date header.
pub fn dated(bytes: &[u8], settings: &Settings) -> Option<NaiveDate> {
    let date = super::mail_view::header(bytes, "Date")?;
    let at = chrono::DateTime::parse_from_rfc2822(&date).ok()?;
    Some(at.with_timezone(&settings.tz).date_naive())
}

/// Writes again each void notice on record whose file is missing from the outbox or no
/// longer shows the notice as written (`check`), for letters whose record holds: rebuilt from
/// the notice's own Message-ID, time and replacement. Returns the files written.
pub fn rebuild(
    conn: &rusqlite::Connection,
    settings: &Settings,
    secret: &[u8],
    outbox: &std::path::Path,
) -> Result<Vec<String>, crate::db::DbError> {
    let mut written = vec![];
    for id in crate::db::letter_delivery::letters_with_notices(conn)? {
        let Some(l) = crate::db::letters::by_id(conn, id)? else { continue };
        if !super::record::holds(conn, secret, &l)? {
            continue;
        }
        for (message_id, at, replaced_by, file) in crate::db::letter_delivery::notice_files(conn, id)? {
            let Ok(at) = chrono::DateTime::parse_from_rfc3339(&at) else { continue };
            let on = at.with_timezone(&settings.tz).date_naive();
            let replacement = replaced_by.map(|r| crate::db::letters::by_id(conn, r)).transpose()?.flatten();
            let mut ours = expected(settings, &l, replacement.as_ref(), on);
            let Some(now) = eml(settings, &l, replacement.as_ref(), on, at, &message_id) else { continue };
            ours.push(now.clone());
            let ours: Vec<&str> = ours.iter().map(String::as_str).collect();
            if !super::outbox::file_shows(outbox, &file, &ours) {
                super::outbox::write_one(outbox, &file, &now)?;
                written.push(file);
            }
        }
    }
    Ok(written)
}

//! The 困难档案 page's story of a file: why it was sent back, rejected or exited, and by whom;
//! who entered and who approved it, its last review and one waiting; and its history
//! (经办记录), newest first. Names here are the staff's, never masked.

use crate::db::hardship::{EventRow, Whole};
use crate::domain::hardship::{Outcome, State};
use crate::domain::width;
use crate::i18n::hardship as words;
use crate::i18n::{Lang, fill, ui_hardship_page};
use crate::ui::Painter;
use ratatui::style::Style;

/// The page's width for text (inside the 80 columns' frame and margins).
const TEXT_W: usize = 76;

/// `text` wrapped to the page, its continuation lines indented two columns.
fn wrapped(text: &str, style: Style) -> Vec<(String, Style)> {
    width::wrap(text, TEXT_W - 2)
        .into_iter()
        .enumerate()
        .map(|(i, l)| (if i == 0 { l } else { format!("  {l}") }, style))
        .collect()
}

/// Who took a step: the clerk's name, or where it came from when no clerk did.
fn who<'a>(lang: Lang, name: Option<&'a str>, source: &str) -> &'a str {
    let t = ui_hardship_page::of(lang);
    match (name, source) {
        (Some(n), _) => n,
        (None, "import") => t.by_import,
        (None, "migration") => t.by_migration,
        (None, _) => "-",
    }
}

fn event_who(lang: Lang, e: &EventRow) -> &str {
    who(lang, e.clerk.as_deref(), &e.source)
}

/// The latest event that `pick` picks.
fn latest(w: &Whole, pick: impl Fn(&EventRow) -> bool) -> Option<&EventRow> {
    w.events.iter().rev().find(|e| pick(e))
}

/// The lines under the file's head: what happened to it and who did it.
pub fn story(lang: Lang, p: &Painter, w: &Whole) -> Vec<(String, Style)> {
    let t = ui_hardship_page::of(lang);
    let f = &w.file;
    let mut out = vec![];
    let when_who = |e: Option<&EventRow>| -> (String, String) {
        e.map_or(("-".into(), "-".into()), |e| (e.day.to_string(), event_who(lang, e).to_string()))
    };
    if f.state == State::Applied && f.returned {
        let e = latest(w, |e| e.action == "return");
        let reason = e.and_then(|e| e.detail.clone()).unwrap_or_default();
        let (date, by) = when_who(e);
        let text = fill(t.sent_back, &[("reason", &reason), ("date", &date), ("who", &by)]);
        out.extend(wrapped(&text, p.theme.notice));
    }
    if f.state == State::Rejected {
        let (date, by) = when_who(latest(w, |e| e.state == State::Rejected));
        let reason = f.reject_reason.clone().unwrap_or_default();
        let text = fill(t.rejected, &[("reason", &reason), ("date", &date), ("who", &by)]);
        out.extend(wrapped(&text, p.theme.notice));
    }
    if f.state == State::Exited {
        let (_, by) = when_who(latest(w, |e| e.state == State::Exited));
        let date = f.exited_on.map_or("-".into(), |d| d.to_string());
        let reason = f.exit_reason.map_or("-", |r| words::exit_reason(lang, r));
        let note = f.exit_note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let note = note.map_or(String::new(), |n| format!("{}{n}", t.note_sep));
        let text = fill(t.exited, &[("date", &date), ("reason", &reason), ("note", &note), ("who", &by)]);
        out.extend(wrapped(&text, p.theme.notice));
    }
    if f.state == State::Filed
        && let Some(r) = w.reviews.iter().find(|r| r.state == "entered")
    {
        let by = who(lang, w.name_of(r.entered_by), "counter");
        let text = fill(
            t.review_waiting,
            &[("date", &r.entered_on), ("who", &by), ("result", &words::outcome(lang, r.result))],
        );
        out.extend(wrapped(&text, p.theme.notice));
    }
    let mut parts = vec![fill(
        t.entered,
        &[("date", &f.applied_on), ("who", &who(lang, w.name_of(f.entered_by), &f.source))],
    )];
    if let Some(on) = f.filed_on {
        parts.push(fill(
            t.approved,
            &[("date", &on), ("who", &who(lang, w.name_of(f.approved_by), &f.source))],
        ));
    }
    let last = w.reviews.iter().find(|r| r.state == "approved" && r.result == Outcome::Continue);
    if let Some(r) = last {
        let date = r.approved_on.map_or("-".into(), |d| d.to_string());
        parts.push(fill(
            t.last_review,
            &[("date", &date), ("who", &who(lang, w.name_of(r.approved_by), "counter"))],
        ));
    }
    let one = parts.join(t.story_sep);
    if width::width(&one) <= TEXT_W {
        out.push((one, p.theme.muted));
    } else {
        for part in parts {
            out.extend(wrapped(&part, p.theme.muted));
        }
    }
    out
}

/// 经办记录: each step, newest first — its day, the step in words, who.
pub fn history(lang: Lang, p: &Painter, w: &Whole) -> Vec<(String, Style)> {
    let t = ui_hardship_page::of(lang);
    let mut out = vec![(fill(t.history, &[("n", &w.events.len())]), p.theme.label)];
    for e in w.events.iter().rev() {
        let exit = e.action == "review_approve" && e.state == State::Exited;
        let action = if exit { t.review_exit } else { ui_hardship_page::action(lang, &e.action) };
        let text = format!("{} {action} {}", e.day, event_who(lang, e));
        for (i, l) in width::wrap(&text, TEXT_W - 4).into_iter().enumerate() {
            out.push((format!("{}{l}", if i == 0 { "  " } else { "    " }), p.theme.base));
        }
    }
    out
}

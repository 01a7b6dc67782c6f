//! F3 疗养服务: compose with a live preview of both copies, the year's register, and the
//! verify form for a unit on the phone.

use crate::app::{App, Session};
use crate::domain::text::mask_name;
use crate::domain::width;
use crate::i18n::fill;
use crate::rooms::letters::{StateFilter, View, state_word};
use crate::ui::{Painter, form};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let t = &s.letters;
    let f3 = app.ui.f3;
    let views = [
        (View::Compose, f3.act_issue),
        (View::Commitment, f3.view_commitment),
        (View::Batch, f3.view_batch),
        (View::Register, f3.view_register),
        (View::Verify, f3.act_verify),
    ];
    crate::ui::pages::pages(buf, area, p, &views.map(|(v, name)| (t.view == v, name)));
    let body = Rect { y: area.y + 1, height: area.height - 1, ..area };
    match t.view {
        View::Compose | View::Commitment | View::Batch => compose(buf, body, app, p, s),
        View::Register => {
            register(buf, body, app, p, s);
            None
        }
        View::Verify => verify(buf, body, app, p, s),
    }
}

fn compose(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let t = &s.letters;
    let f3 = app.ui.f3;
    let left_w = (area.width * 11 / 20).max(40);
    let commitment = t.view == View::Commitment;
    let batch = t.view == View::Batch;
    let form = if commitment {
        &t.commit
    } else if batch {
        &t.batch
    } else {
        &t.form
    };
    let title = match &t.replaces {
        _ if commitment => f3.commitment_title.to_string(),
        _ if batch => f3.batch_title.to_string(),
        Some((_, number)) => fill(f3.reissue_title, &[("number", number)]),
        None => f3.compose_title.to_string(),
    };
    p.put(buf, area.x + 1, area.y, &title, left_w - 1, p.theme.title);
    if let Some(note) = t.prefill_note.as_ref().filter(|_| !commitment && !batch) {
        let x = (width::width(&title) as u16 + 3).min(left_w.saturating_sub(2));
        p.put(buf, area.x + x, area.y, note, left_w.saturating_sub(x + 1), p.theme.muted);
    }
    let vbar = if p.amb == width::Ambiguous::Wide { "|" } else { "│" };
    for y in area.y..area.y + area.height {
        buf.set_string(area.x + left_w, y, vbar, p.theme.border);
    }
    let label_w = form.fields.iter().map(|f| width::width(&f.label)).max().unwrap_or(8) as u16;
    let form_area = Rect { x: area.x, y: area.y + 1, width: left_w, height: area.height.saturating_sub(2) };
    let cursor = form::draw(buf, form_area, form, p, label_w);
    if let Some(days) = app.letter_days() {
        p.put(
            buf,
            area.x + label_w + 3,
            area.y + area.height - 1,
            &days,
            left_w - label_w - 3,
            p.theme.notice,
        );
    }
    // The preview, wrapped by display width and scrolled.
    let right =
        Rect { x: area.x + left_w + 2, y: area.y, width: area.width - left_w - 2, height: area.height };
    if batch {
        roster(buf, right, app, p, s);
        return cursor;
    }
    let (preview_title, preview) = if commitment {
        (f3.commitment_preview, app.commitment_preview())
    } else {
        (f3.preview_title, app.letter_preview())
    };
    p.put(buf, right.x, right.y, preview_title, right.width, p.theme.title);
    let lines: Vec<String> = preview.iter().flat_map(|l| width::wrap(l, right.width as usize)).collect();
    let rows = right.height.saturating_sub(1) as usize;
    let start = (t.scroll as usize).min(lines.len().saturating_sub(rows));
    for (i, line) in lines.iter().skip(start).take(rows).enumerate() {
        p.put(buf, right.x, right.y + 1 + i as u16, line, right.width, p.theme.base);
    }
    cursor
}

/// The batch's roster: masked name and ID, unit, and the interval warning.
fn roster(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) {
    let t = &s.letters;
    let f3 = app.ui.f3;
    p.put(buf, area.x, area.y, &fill(f3.roster_title, &[("n", &t.roster.len())]), area.width, p.theme.title);
    if t.roster.is_empty() {
        for (i, line) in width::wrap(f3.roster_empty, area.width as usize).iter().enumerate() {
            p.put(buf, area.x, area.y + 1 + i as u16, line, area.width, p.theme.muted);
        }
        return;
    }
    // One line a worker, a warning on the line under it; the latest additions stay in sight.
    let mut lines: Vec<(String, bool)> = vec![];
    for (i, r) in t.roster.iter().enumerate() {
        lines.push((format!("{:>2} {} {}", i + 1, mask_name(&r.member.name), r.member.id_masked), false));
        if let Some(w) = &r.warning {
            lines.push((format!("   ! {w}"), true));
        }
    }
    let rows = area.height.saturating_sub(1) as usize;
    let start = lines.len().saturating_sub(rows);
    for (i, (line, warn)) in lines.iter().skip(start).enumerate() {
        let style = if *warn { p.theme.notice } else { p.theme.base };
        p.put(buf, area.x, area.y + 1 + i as u16, line, area.width, style);
    }
}

fn register(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) {
    let t = &s.letters;
    let f3 = app.ui.f3;
    let units = &app.settings.config.recuperation_units;
    let codes: Vec<String> = units.iter().map(|u| u.code.clone()).collect();
    let visible = t.visible(&codes);
    let year = app.today_local().format("%Y").to_string();
    let mut title = fill(f3.register_title, &[("year", &year), ("n", &t.total)]);
    let filtered = !t.filter_text.is_empty() || t.filter_unit.is_some() || t.filter_state.is_some();
    if filtered {
        let unit = t.filter_unit.and_then(|u| units.get(u)).map(|u| u.name.as_str()).unwrap_or(f3.filter_all);
        let state = match t.filter_state {
            None => f3.filter_all,
            Some(StateFilter::Valid) => f3.state_valid,
            Some(StateFilter::Void) => f3.state_void,
            Some(StateFilter::Replaced) => f3.state_replaced,
        };
        title.push_str("  ");
        title
            .push_str(&fill(f3.filter_line, &[("text", &t.filter_text), ("unit", &unit), ("state", &state)]));
    } else {
        title.push_str(f3.filter_hint);
    }
    p.put(buf, area.x + 1, area.y, &title, area.width - 2, p.theme.title);
    if visible.is_empty() {
        let why = if filtered { f3.none_match } else { f3.empty };
        p.put(buf, area.x + 1, area.y + 1, why, area.width - 2, p.theme.muted);
        return;
    }
    // A letter some recipients have and some not: its line under the list.
    let split = visible.iter().any(|l| !l.deliveries.is_empty());
    let rows = area.height.saturating_sub(if split { 2 } else { 1 }) as usize;
    t.shown.set(rows);
    if let Some(l) = visible.get(t.selected).filter(|l| !l.deliveries.is_empty()) {
        let line = fill(f3.delivery_line, &[("number", &l.number), ("parts", &delivery_parts(app.ui, l))]);
        let y = area.y + area.height.saturating_sub(1);
        p.put(buf, area.x + 1, y, &line, area.width - 2, p.theme.notice);
    }
    let start = t.selected.saturating_sub(rows.saturating_sub(1));
    for (i, l) in visible.iter().enumerate().skip(start).take(rows) {
        let unit = units.iter().find(|u| u.code == l.recipient);
        let unit = unit.map(|u| u.name.clone()).unwrap_or_else(|| l.recipient.clone());
        let cells = [
            width::fit(&l.number, 22, p.amb),
            width::fit(&mask_name(&l.name), 8, p.amb),
            width::fit(&unit, 16, p.amb),
            format!("{}~{}", l.start_on.get(5..).unwrap_or(""), l.end_on.get(5..).unwrap_or("")),
            width::fit(state_word(app.ui, l), 6, p.amb),
            match (l.delivery.as_str(), &l.send_error) {
                _ if l.letter_type == "commitment" => f3.delivery_print,
                ("sent", _) => f3.delivery_sent,
                _ if l.deliveries.iter().any(|d| d.state == "sent") => f3.delivery_part,
                (_, Some(_)) => f3.delivery_failed,
                _ => f3.delivery_pending,
            }
            .to_string(),
        ];
        let selected = i == t.selected;
        let style = if selected {
            p.theme.selected
        } else if l.state == "void" {
            p.theme.muted
        } else {
            p.theme.base
        };
        let marker = if selected { ">" } else { " " };
        let y = area.y + 1 + (i - start) as u16;
        p.put(buf, area.x, y, &format!("{marker}{}", cells.join(" ")), area.width, style);
    }
}

fn verify(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let t = &s.letters;
    let f3 = app.ui.f3;
    p.put(buf, area.x + 1, area.y, f3.verify_title, area.width - 2, p.theme.title);
    p.put(buf, area.x + 1, area.y + 1, f3.verify_hint, area.width - 2, p.theme.muted);
    let form_area = Rect { y: area.y + 3, height: 4, width: area.width.min(60), ..area };
    let cursor = form::draw(buf, form_area, &t.verify, p, 6);
    if let Some(v) = &t.verdict {
        for (i, line) in width::wrap(v, (area.width - 2) as usize).iter().enumerate().take(3) {
            p.put(buf, area.x + 1, area.y + 8 + i as u16, line, area.width - 2, p.theme.notice);
        }
    }
    cursor
}

/// `已发送（单位）/待发送（职工：原因）`: each recipient of a letter not yet delivered to all.
pub fn delivery_parts(ui: &crate::i18n::Ui, l: &crate::db::letters::LetterRow) -> String {
    let f3 = ui.f3;
    l.deliveries
        .iter()
        .map(|d| {
            let to = if d.recipient == crate::db::letter_delivery::UNIT { f3.to_unit } else { f3.to_worker };
            match (d.state.as_str(), &d.error) {
                ("sent", _) => fill(f3.delivered_to, &[("to", &to)]),
                (_, error) => fill(
                    f3.undelivered_to,
                    &[
                        ("to", &to),
                        ("error", &crate::domain::text::strip_controls(error.as_deref().unwrap_or(""))),
                    ],
                ),
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

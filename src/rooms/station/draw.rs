//! F4 爱心服务站 at 80×24 and up: the entry form beside the items (their digits and what is
//! free now), the open loans, in-hall uses, stock by item and batch, and the day's log.

use crate::app::{App, Session};
use crate::config::{ItemKind, StationItem};
use crate::domain::phone::mask_phone;
use crate::domain::station::{Lot, days_late};
use crate::domain::width;
use crate::i18n::fill;
use crate::rooms::station::{StationTab, View};
use crate::ui::{Painter, form};
use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let t = &s.station;
    let f4 = app.ui.f4;
    let views = [
        (View::Entry, f4.view_entry),
        (View::Loans, f4.view_loans),
        (View::InHall, f4.view_in_hall),
        (View::Stock, f4.view_stock),
        (View::Today, f4.view_today),
    ];
    crate::ui::pages::pages(buf, area, p, &views.map(|(v, name)| (t.view == v, name)));
    let body = Rect { y: area.y + 1, height: area.height - 1, ..area };
    match t.view {
        View::Entry => entry(buf, body, app, p, t),
        View::Loans => loans(buf, body, app, p, s),
        View::InHall => {
            uses(buf, body, app, p, t);
            None
        }
        View::Stock => {
            stock(buf, body, app, p, t);
            None
        }
        View::Today => {
            today(buf, body, app, p, t);
            None
        }
    }
}

/// Lines of the result panel: what the last entry did, and the caution to read out.
const RESULT_ROWS: u16 = 3;

fn entry(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, t: &StationTab) -> Option<(u16, u16)> {
    let f4 = app.ui.f4;
    let left_w = (area.width / 2).max(40);
    let top_h = area.height.saturating_sub(RESULT_ROWS + 1);
    p.put(buf, area.x + 1, area.y, f4.entry_title, area.width - 2, p.theme.title);
    let vbar = if p.amb == width::Ambiguous::Wide { "|" } else { "│" };
    for y in area.y + 1..area.y + top_h {
        buf.set_string(area.x + left_w, y, vbar, p.theme.border);
    }
    let label_w = t.entry.fields.iter().map(|f| width::width(&f.label)).max().unwrap_or(8) as u16;
    let form_area = Rect { x: area.x, y: area.y + 1, width: left_w, height: top_h.saturating_sub(1) };
    let cursor = form::draw_with(buf, form_area, &t.entry, p, label_w, true, true);
    let right = Rect {
        x: area.x + left_w + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(left_w + 2),
        height: top_h.saturating_sub(1),
    };
    items(buf, right, app, p, t);
    p.rule(buf, area, area.y + top_h);
    if let Some(done) = &t.last {
        let mut lines: Vec<(String, bool)> =
            width::wrap(&done.message, (area.width - 2) as usize).into_iter().map(|l| (l, false)).collect();
        if let Some(c) = &done.caution {
            lines.extend(width::wrap(c, (area.width - 2) as usize).into_iter().map(|l| (l, true)));
        }
        // The caution is what must not be missed: it keeps its lines first.
        let keep = lines.len().saturating_sub(RESULT_ROWS as usize);
        let shown: Vec<&(String, bool)> = if done.caution.is_some() && keep > 0 {
            lines.iter().skip(keep).collect()
        } else {
            lines.iter().take(RESULT_ROWS as usize).collect()
        };
        for (i, (line, caution)) in shown.iter().enumerate() {
            let style = if *caution { p.theme.notice } else { p.theme.base };
            p.put(buf, area.x + 1, area.y + top_h + 1 + i as u16, line, area.width - 2, style);
        }
    }
    cursor
}

/// Each item with its digit and what is free now; then the alerts.
fn items(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, t: &StationTab) {
    let f4 = app.ui.f4;
    let today = app.today_local();
    let config = &app.settings.config.station;
    let mut y = area.y;
    for (i, item) in config.items.iter().enumerate() {
        if y >= area.y + area.height {
            return;
        }
        let free = t.overview.free(item, today);
        let mut line = format!(
            "{} {} {}",
            i + 1,
            width::fit(&item.name, 10, p.amb),
            fill(f4.free_line, &[("n", &free), ("unit", &item.unit)])
        );
        let busy = match item.kind {
            ItemKind::Loan => t.overview.out.get(&item.code).copied().unwrap_or(0),
            ItemKind::InHall => t.overview.in_use.get(&item.code).copied().unwrap_or(0),
            ItemKind::Consumable => 0,
        };
        if busy > 0 {
            let words = if item.kind == ItemKind::Loan { f4.out_n } else { f4.in_use_n };
            line.push_str(&format!(" ({})", fill(words, &[("n", &busy)])));
        }
        let low = free <= i64::from(item.threshold);
        if low {
            line.push_str(&format!(" {}", f4.flag_low));
        }
        let style = if low { p.theme.notice } else { p.theme.base };
        p.put(buf, area.x, y, &line, area.width, style);
        y += 1;
    }
    let near = expiring(app, t);
    let rows = (area.y + area.height).saturating_sub(y) as usize;
    if !near.is_empty() && rows > 0 {
        // The soonest first, as many as the rows left hold, and how many more there are.
        let cols = area.width as usize;
        let lines = (0..=near.len())
            .rev()
            .map(|k| {
                let mut text = fill(f4.near_line, &[("list", &near[..k].join(f4.list_sep))]);
                if k < near.len() {
                    text.push_str(&fill(f4.near_more, &[("n", &(near.len() - k))]));
                }
                width::wrap(&text, cols)
            })
            .find(|lines| lines.len() <= rows)
            .unwrap_or_default();
        for line in lines {
            p.put(buf, area.x, y, &line, area.width, p.theme.notice);
            y += 1;
        }
    }
}

/// Batches expired or expiring within `near_expiry_days`, the soonest first: "藿香正气水 2026B
/// 12-10".
fn expiring(app: &App, t: &StationTab) -> Vec<String> {
    let today = app.today_local();
    let days = app.settings.config.station.near_expiry_days;
    let f4 = app.ui.f4;
    let mut lots: Vec<_> = t.overview.stock.iter().filter(|s| s.qty > 0).collect();
    lots.sort_by_key(|s| s.expires_on);
    lots.into_iter()
        .filter_map(|s| {
            let lot = Lot { batch: s.batch.clone(), expires_on: s.expires_on, qty: s.qty };
            let date = s.expires_on?.format("%m-%d").to_string();
            let name = app.item_name(&s.item);
            if lot.expired(today) {
                Some(format!("{name} {} {} {}", s.batch, f4.flag_expired, date))
            } else if lot.near_expiry(today, days) {
                Some(format!("{name} {} {date}", s.batch))
            } else {
                None
            }
        })
        .collect()
}

fn list_start(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

fn row(buf: &mut Buffer, area: Rect, p: &Painter, y: u16, text: &str, selected: bool, notice: bool) {
    let style = if selected {
        p.theme.selected
    } else if notice {
        p.theme.notice
    } else {
        p.theme.base
    };
    let marker = if selected { ">" } else { " " };
    p.put(buf, area.x, y, &format!("{marker}{text}"), area.width, style);
}

fn loans(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let t = &s.station;
    let f4 = app.ui.f4;
    let today = app.today_local();
    let o = &t.overview;
    let head = if o.query.is_empty() {
        let (n, units, late, late_units) = (o.loans_open, o.loans_units, o.loans_late, o.loans_late_units);
        let mut head = fill(
            f4.loans_header,
            &[("n", &n), ("units", &units), ("late", &late), ("late_units", &late_units)],
        );
        if o.loans_owed > 0 {
            head.push_str(&fill(f4.owed_header, &[("n", &o.loans_owed)]));
        }
        head
    } else {
        fill(f4.loans_found, &[("query", &o.query), ("n", &o.loans_matched)])
    };
    // The header is read whole: the search field gives up the columns it needs (down to 30).
    let head_w = width::width(&width::display_safe(&head, p.amb)) as u16;
    let form_w = area.width.min(44).min(area.width.saturating_sub(head_w + 3)).max(area.width.min(30));
    let form_area = Rect { height: 1 + u16::from(t.search.fields[0].error.is_some()), width: form_w, ..area };
    let cursor = form::draw(buf, form_area, &t.search, p, 4);
    p.put(buf, area.x + form_w + 2, area.y, &head, area.width.saturating_sub(form_w + 3), p.theme.title);
    p.put(buf, area.x + 1, area.y + 1, f4.search_hint, area.width - 2, p.theme.muted);
    let list = Rect { y: area.y + 2, height: area.height.saturating_sub(2), ..area };
    if o.loans.is_empty() {
        p.put(buf, list.x + 1, list.y, f4.loans_none, list.width - 2, p.theme.muted);
        return cursor;
    }
    let rows = list.height as usize;
    t.shown.set(rows);
    let start = list_start(t.selected, rows);
    let revealed = s.revealed.as_ref().map(|r| r.value.full.clone());
    for (i, l) in o.loans.iter().enumerate().skip(start).take(rows) {
        let selected = t.marked(i);
        let phone = match &revealed {
            Some(full) if selected && *full == l.phone => l.phone.clone(),
            _ => mask_phone(&l.phone),
        };
        let late = l.due_on < today && !l.owes_deposit();
        let when = if l.owes_deposit() {
            // Every unit back or lost: what is left is the deposit to refund.
            f4.deposit_owed.to_string()
        } else if l.due_on < today {
            fill(f4.late_days, &[("n", &days_late(l.due_on, today))])
        } else {
            // Another year's date says its year.
            let date = if l.due_on.year() == today.year() { "%m-%d" } else { "%Y-%m-%d" };
            fill(f4.due_on, &[("date", &l.due_on.format(date))])
        };
        let item = app.item_name(&l.item);
        let deposit = if l.deposit && !l.owes_deposit() { f4.deposit_mark } else { "" };
        let text = format!(
            "{} {} {} {} {} {}{}",
            width::fit(&item, 8, p.amb),
            width::fit(&format!("×{}", l.outstanding()), 3, p.amb),
            width::fit(&l.name, 10, p.amb),
            width::fit(&phone, 11, p.amb),
            width::fit(l.ticket.as_deref().unwrap_or("-"), 5, p.amb),
            when,
            deposit
        );
        row(buf, list, p, list.y + (i - start) as u16, &text, selected, late);
    }
    cursor
}

fn uses(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, t: &StationTab) {
    let f4 = app.ui.f4;
    let o = &t.overview;
    p.put(
        buf,
        area.x + 1,
        area.y,
        &fill(f4.uses_header, &[("n", &o.uses.len())]),
        area.width - 2,
        p.theme.title,
    );
    if o.uses.is_empty() {
        p.put(buf, area.x + 1, area.y + 1, f4.uses_none, area.width - 2, p.theme.muted);
        return;
    }
    let list = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
    let rows = list.height as usize;
    t.shown.set(rows);
    let start = list_start(t.selected, rows);
    for (i, u) in o.uses.iter().enumerate().skip(start).take(rows) {
        let since = app.local_time(&u.started_at);
        let text = format!(
            "{} {} {} {}",
            width::fit(&app.item_name(&u.item), 12, p.amb),
            since,
            width::fit(u.ticket.as_deref().unwrap_or("-"), 5, p.amb),
            u.note.as_deref().unwrap_or("")
        );
        row(buf, list, p, list.y + (i - start) as u16, &text, t.marked(i), false);
    }
}

fn stock(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, t: &StationTab) {
    let f4 = app.ui.f4;
    let today = app.today_local();
    let days = app.settings.config.station.near_expiry_days;
    let o = &t.overview;
    p.put(buf, area.x + 1, area.y, f4.stock_head, area.width - 2, p.theme.title);
    let lines = t.stock_lines(&app.settings);
    let list = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
    let rows = list.height as usize;
    t.shown.set(rows);
    let start = list_start(t.selected, rows);
    let num = |n: i64, w: usize| format!("{n:>w$}");
    for (i, line) in lines.iter().enumerate().skip(start).take(rows) {
        let Some(item) = app.settings.config.station.items.get(line.item) else { continue };
        let (text, notice) = match &line.batch {
            None => item_line(app, p, item, t),
            Some(batch) => {
                let s = o.stock.iter().find(|s| s.item == item.code && &s.batch == batch);
                let lot = Lot {
                    batch: batch.clone(),
                    expires_on: s.and_then(|s| s.expires_on),
                    qty: s.map_or(0, |s| s.qty),
                };
                let flag = if lot.expired(today) {
                    f4.flag_expired
                } else if lot.near_expiry(today, days) {
                    f4.flag_near
                } else {
                    ""
                };
                let exp = lot.expires_on.map(|d| d.to_string()).unwrap_or_default();
                let text = format!("  {} {} {exp} {flag}", width::fit(batch, 14, p.amb), num(lot.qty, 5));
                (text, !flag.is_empty())
            }
        };
        row(buf, list, p, list.y + (i - start) as u16, &text, i == t.selected, notice);
    }
}

fn item_line(app: &App, p: &Painter, item: &StationItem, t: &StationTab) -> (String, bool) {
    let f4 = app.ui.f4;
    let o = &t.overview;
    let held = o.on_hand(&item.code);
    let busy = match item.kind {
        ItemKind::Loan => o.out.get(&item.code).copied().unwrap_or(0),
        ItemKind::InHall => o.in_use.get(&item.code).copied().unwrap_or(0),
        ItemKind::Consumable => 0,
    };
    let free = o.free(item, app.today_local());
    let low = free <= i64::from(item.threshold);
    let text = format!(
        "{} {held:>5} {busy:>9} {free:>5} {:>5} {}",
        width::fit(&format!("{} ({})", item.name, item.unit), 16, p.amb),
        item.threshold,
        if low { f4.flag_low } else { "" },
    );
    (text, low)
}

fn today(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, t: &StationTab) {
    let f4 = app.ui.f4;
    let o = &t.overview;
    let sum = |kind: &str| -> i64 { o.moves.iter().filter(|m| m.kind == kind).map(|m| m.qty.abs()).sum() };
    let rate = o.return_rate.map_or_else(|| "—".to_string(), |r| format!("{:.0}%", r * 100.0));
    let given = sum("give") + sum("tally");
    let head = fill(
        f4.today_header,
        &[
            ("given", &given),
            ("lent", &sum("lend")),
            ("returned", &sum("return")),
            ("help", &o.help.len()),
            ("rate", &rate),
        ],
    );
    p.put(buf, area.x + 1, area.y, &head, area.width - 2, p.theme.title);
    let mut lines: Vec<(String, String)> = o
        .moves
        .iter()
        .map(|m| {
            let kind = match m.kind.as_str() {
                "restock" => f4.kind_restock,
                "give" => f4.kind_give,
                "tally" => f4.kind_tally,
                "lend" => f4.kind_lend,
                "return" => f4.kind_return,
                "count" => f4.kind_count,
                "lost" => f4.kind_lost,
                "in_hall" => f4.kind_in_hall,
                "refund" => f4.kind_refund,
                _ => f4.kind_adjust,
            };
            // A use or a refund moves no stock: no figure.
            let qty = if matches!(m.kind.as_str(), "in_hall" | "refund") {
                String::new()
            } else {
                format!("{:+}", m.qty)
            };
            let times = if m.entries > 1 { fill(f4.times, &[("n", &m.entries)]) } else { String::new() };
            let text = format!(
                "{} {} {} {qty} {times} {} {} {}",
                app.local_time(&m.at),
                width::fit(kind, 10, p.amb),
                width::fit(&format!("{} {}", app.item_name(&m.item), m.batch), 18, p.amb),
                m.ticket.as_deref().unwrap_or(""),
                m.clerk.as_deref().unwrap_or(""),
                m.note.as_deref().unwrap_or("")
            );
            (m.at.clone(), text)
        })
        .collect();
    let kinds = &app.settings.config.station.help_kinds;
    lines.extend(o.help.iter().map(|h| {
        let kind = kinds.iter().find(|k| k.code == h.kind).map_or(h.kind.clone(), |k| k.name.clone());
        let text = format!(
            "{} {} {} {} {}",
            app.local_time(&h.at),
            width::fit(f4.kind_help, 10, p.amb),
            width::fit(&kind, 18, p.amb),
            h.clerk.as_deref().unwrap_or(""),
            h.note
        );
        (h.at.clone(), text)
    }));
    lines.sort_by(|a, b| b.0.cmp(&a.0));
    if lines.is_empty() {
        p.put(buf, area.x + 1, area.y + 1, f4.today_none, area.width - 2, p.theme.muted);
        return;
    }
    let list = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
    let rows = list.height as usize;
    let start = list_start(t.selected, rows);
    for (i, (_, text)) in lines.iter().enumerate().skip(start).take(rows) {
        row(buf, list, p, list.y + (i - start) as u16, text, i == t.selected, false);
    }
}

//! Modals drawn over the body: help (generated from the keymap), yes/no questions, reasons.

use super::{Painter, chrome, width};
use crate::app::keymap::{self, Action};
use crate::app::{App, Modal, Screen};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Clear, Widget};

pub fn draw(buf: &mut Buffer, body: Rect, app: &App, p: &Painter, modal: &Modal) -> Option<(u16, u16)> {
    if let Modal::Form(f) = modal {
        return form_modal(buf, body, p, f);
    }
    if let Modal::Help = modal {
        help(buf, body, app, p);
        return None;
    }
    if let Modal::Text { title, lines, scroll } = modal {
        text(buf, body, p, title, lines, *scroll);
        return None;
    }
    if let Modal::Review(r) = modal {
        review(buf, body, app, p, r);
        return None;
    }
    let (title, lines) = match modal {
        Modal::Text { .. } | Modal::Review(_) => (String::new(), vec![]),
        Modal::Pick(pick) => (
            pick.title.clone(),
            wrap_body(&pick.body, body.width.saturating_sub(8).min(70))
                .into_iter()
                .chain(pick.options.iter().enumerate().map(|(i, o)| match &pick.ticks {
                    Some(t) => format!("{} [{}] {o}", i + 1, if t[i] { "x" } else { " " }),
                    None => format!("{} {o}", i + 1),
                }))
                .collect(),
        ),
        Modal::Form(_) => (String::new(), vec![]),
        Modal::Help => (String::new(), vec![]),
        Modal::ConfirmQuit => (app.ui.quit_confirm.to_string(), vec![]),
        Modal::ConfirmSwitch => (app.ui.switch_confirm.to_string(), vec![]),
        Modal::ConfirmDiscard => (app.ui.discard_confirm.to_string(), vec![]),
        // A question's first line is its title; further lines (what differs) are read under it.
        Modal::Ask { question, .. } => {
            let mut lines = question.lines();
            let title = lines.next().unwrap_or_default().to_string();
            let mut rest: Vec<String> = lines.map(str::to_string).collect();
            rest.push(app.ui.f1c.ask_keys.to_string());
            (title, rest)
        }
        Modal::RevealReason => (
            app.ui.reveal_title.to_string(),
            app.settings
                .config
                .privacy
                .reveal_reasons
                .iter()
                .enumerate()
                .map(|(i, r)| format!("{} {r}", i + 1))
                .collect(),
        ),
    };
    let content_w =
        lines.iter().map(|l| width::width(l)).chain([width::width(&title)]).max().unwrap_or(20) as u16;
    let area = boxed(buf, body, p, (content_w + 4).max(30), lines.len() as u16 + 4);
    let w = area.width;
    p.put(buf, area.x + 2, area.y + 1, &title, w - 4, p.theme.title);
    for (i, line) in lines.iter().enumerate() {
        let y = area.y + 2 + i as u16;
        if y >= area.y + area.height - 1 {
            break;
        }
        p.put(buf, area.x + 2, y, line, w - 4, p.theme.base);
    }
    None
}

/// A notice above a pick's options, wrapped by display width, then a blank line.
fn wrap_body(text: &str, cols: u16) -> Vec<String> {
    if text.is_empty() {
        return vec![];
    }
    let mut lines = width::wrap(text, cols as usize);
    lines.push(String::new());
    lines
}

/// Lines to read, wrapped by display width to the box and scrolled (the end stays reachable).
fn text(buf: &mut Buffer, body: Rect, p: &Painter, title: &str, lines: &[String], scroll: u16) {
    let longest =
        lines.iter().map(|l| width::width(l)).chain([width::width(title)]).max().unwrap_or(20) as u16;
    let inner_w = longest.min(body.width.saturating_sub(6)).max(20);
    let wrapped: Vec<String> = lines.iter().flat_map(|l| width::wrap(l, inner_w as usize)).collect();
    let area = boxed(buf, body, p, inner_w + 4, wrapped.len() as u16 + 3);
    p.put(buf, area.x + 2, area.y + 1, title, area.width - 4, p.theme.title);
    let rows = area.height.saturating_sub(3) as usize;
    let start = (scroll as usize).min(wrapped.len().saturating_sub(rows));
    for (i, line) in wrapped.iter().skip(start).take(rows).enumerate() {
        p.put(buf, area.x + 2, area.y + 2 + i as u16, line, area.width - 4, p.theme.base);
    }
}

/// A question over a list: the title and note wrapped, which entries are shown of how many,
/// as many entries as fit from the first shown (each wrapped whole, never cut), the keys.
fn review(buf: &mut Buffer, body: Rect, app: &App, p: &Painter, r: &crate::app::Review) {
    let inner_w = body.width.saturating_sub(6).clamp(20, 96) as usize;
    let title = width::wrap(&r.title, inner_w);
    let note: Vec<String> = r.note.iter().flat_map(|l| width::wrap(l, inner_w)).collect();
    // An entry's lines, the second on indented under the first.
    let entry = |s: &str| -> Vec<String> {
        let mut lines = width::wrap(s, inner_w);
        if lines.len() > 1 {
            let rest = lines.split_off(1).join("");
            lines.extend(width::wrap(&rest, inner_w - 2).into_iter().map(|l| format!("  {l}")));
        }
        lines
    };
    // Borders, title, note, the range line (with entries) and the keys line.
    let fixed = 2 + title.len() + note.len() + usize::from(!r.items.is_empty()) + 1;
    let room = (body.height as usize).saturating_sub(fixed).max(1);
    // From the first entry shown as many as fit; at the end, earlier ones fill the box.
    let heights: Vec<usize> = r.items.iter().map(|s| entry(s).len()).collect();
    let mut start = r.top.min(r.items.len().saturating_sub(1));
    let (mut end, mut used) = (start, 0);
    while end < r.items.len() && (used + heights[end] <= room || end == start) {
        used += heights[end];
        end += 1;
    }
    while start > 0 && end == r.items.len() && used + heights[start - 1] <= room {
        start -= 1;
        used += heights[start];
    }
    r.shown.set(end - start);
    let mut lines: Vec<(String, ratatui::style::Style)> =
        title.into_iter().map(|l| (l, p.theme.title)).collect();
    lines.extend(note.into_iter().map(|l| (l, p.theme.base)));
    if !r.items.is_empty() {
        let (a, b, n) = (start + 1, end, r.items.len());
        let range = crate::i18n::fill(app.ui.f6.diff_range, &[("a", &a), ("b", &b), ("n", &n)]);
        lines.push((range, p.theme.muted));
    }
    for s in r.items.get(start..end).unwrap_or_default() {
        lines.extend(entry(s).into_iter().map(|l| (l, p.theme.base)));
    }
    lines.push((app.ui.f1c.ask_keys.to_string(), p.theme.muted));
    let area = boxed(buf, body, p, inner_w as u16 + 4, lines.len() as u16 + 2);
    let w = area.width.saturating_sub(4);
    for (i, (line, style)) in lines.iter().enumerate() {
        let y = area.y + 1 + i as u16;
        if y >= area.y + area.height.saturating_sub(1) {
            break;
        }
        p.put(buf, area.x + 2, y, line, w, *style);
    }
}

fn boxed(buf: &mut Buffer, body: Rect, p: &Painter, w: u16, h: u16) -> Rect {
    let w = w.min(body.width - 2);
    let h = h.min(body.height);
    let area =
        Rect { x: body.x + (body.width - w) / 2, y: body.y + (body.height - h) / 2, width: w, height: h };
    let margin = Rect { x: area.x.saturating_sub(1).max(body.x), width: (w + 2).min(body.width), ..area };
    Clear.render(margin, buf);
    let set = if p.amb == width::Ambiguous::Wide { chrome::ASCII_BORDER } else { border::PLAIN };
    Block::bordered().border_set(set).border_style(p.theme.border).render(area, buf);
    area
}

fn form_modal(buf: &mut Buffer, body: Rect, p: &Painter, f: &crate::app::ModalForm) -> Option<(u16, u16)> {
    let label_w = f.form.fields.iter().map(|x| width::width(&x.label)).max().unwrap_or(4) as u16;
    let inner_w = 56u16;
    // A long title (a return's deposit reminder) wraps rather than being cut.
    let text_w = (inner_w + 4).min(body.width.saturating_sub(2)).saturating_sub(4);
    let title = width::wrap(&f.title, usize::from(text_w));
    let title_h = title.len().max(1) as u16;
    let h = super::form::height(&f.form, inner_w, label_w) + 3 + title_h;
    let area = boxed(buf, body, p, inner_w + 4, h);
    for (i, line) in title.iter().enumerate() {
        p.put(buf, area.x + 2, area.y + 1 + i as u16, line, area.width - 4, p.theme.title);
    }
    let inner = Rect {
        x: area.x + 1,
        y: area.y + 1 + title_h,
        width: area.width - 3,
        height: area.height.saturating_sub(2 + title_h),
    };
    super::form::draw(buf, inner, &f.form, p, label_w)
}

/// Every key that works on the screen under the help, with all its keys and leader form.
/// The tabs in one line: "F1 / Alt+1 / Ctrl+G 1" for each would crowd out the rest.
fn tabs_line(app: &App) -> Option<String> {
    let Screen::Main(s) = &app.screen else { return None };
    if !app.help_layers().contains(&keymap::Layer::Session) {
        return None;
    }
    let tabs = s.tabs();
    let (first, last) = (tabs.first()?.number(), tabs.last()?.number());
    // A role's tabs in a run read F1–F4; a volunteer's F1 and F4 are named one by one.
    if usize::from(last - first) + 1 != tabs.len() {
        let n: Vec<String> = tabs.iter().map(|t| t.number().to_string()).collect();
        let f: Vec<String> = n.iter().map(|d| format!("F{d}")).collect();
        return Some(format!(
            "{} / Alt+{} / Ctrl+G {}  {}",
            f.join(" "),
            n.join(","),
            n.join(","),
            app.ui.act_tabs
        ));
    }
    Some(format!("F{first}–F{last} / Alt+{first}–{last} / Ctrl+G {first}–{last}  {}", app.ui.act_tabs))
}

/// Every key that works here with what it does, each once (a key bound in two layers, once).
/// Its Ctrl+G form is said once for all in a note, so every entry fits at 80 columns.
fn help_entries(app: &App) -> Vec<(String, &'static str)> {
    let layers = app.help_layers();
    let mut entries: Vec<(String, &'static str)> = vec![];
    for b in
        keymap::active(&layers).filter(|b| !matches!(b.action, Action::GoTab(_)) && chrome::offered(app, b))
    {
        let entry = (chrome::binding_keys(app, b.keys, None), b.action.label(app.ui));
        if !entries.contains(&entry) {
            entries.push(entry);
        }
    }
    entries
}

/// Help in as many columns as the body needs, each column as wide as its own entries.
fn help(buf: &mut Buffer, body: Rect, app: &App, p: &Painter) {
    let entries = help_entries(app);
    let tabs = tabs_line(app);
    let leader = keymap::active(&app.help_layers()).any(|b| b.leader.is_some());
    let top = 2 + u16::from(tabs.is_some()) + u16::from(leader);
    let rows = body.height.saturating_sub(top + 2).max(1) as usize;
    let cols = entries.len().div_ceil(rows).max(1);
    let per_col = entries.len().div_ceil(cols).max(1);
    // (key width, line width) of each column, `gap` between a key and its words and between
    // columns: two spaces, or one where two would not let the last column fit (English).
    let widths = |gap: usize| -> Vec<(usize, usize)> {
        entries
            .chunks(per_col)
            .map(|col| {
                let key_w = col.iter().map(|(k, _)| width::width(k)).max().unwrap_or(0);
                (key_w, key_w + gap + col.iter().map(|(_, l)| width::width(l)).max().unwrap_or(0))
            })
            .collect()
    };
    let body_w = |gap: usize| widths(gap).iter().map(|(_, w)| w + gap).sum::<usize>();
    let gap = if body_w(2) + 4 > usize::from(body.width) { 1 } else { 2 };
    let (widths, body_w) = (widths(gap), body_w(gap) as u16);
    let header_w = tabs
        .as_deref()
        .map(width::width)
        .unwrap_or(0)
        .max(width::width(app.ui.help_title))
        .max(if leader { width::width(app.ui.help_leader_note) } else { 0 }) as u16;
    let w = (body_w + 2).max(header_w + 4);
    let area = boxed(buf, body, p, w + 2, per_col as u16 + top + 2);
    p.put(buf, area.x + 2, area.y + 1, app.ui.help_title, area.width - 4, p.theme.title);
    if let Some(t) = &tabs {
        p.put(buf, area.x + 2, area.y + 2, t, area.width - 4, p.theme.base);
    }
    if leader {
        let y = area.y + top - 1;
        p.put(buf, area.x + 2, y, app.ui.help_leader_note, area.width - 4, p.theme.muted);
    }
    let mut x = area.x + 2;
    for (col, (key_w, line_w)) in entries.chunks(per_col).zip(&widths) {
        for (r, (k, l)) in col.iter().enumerate() {
            let y = area.y + top + r as u16;
            if y >= area.y + area.height - 1 || x >= area.x + area.width - 1 {
                continue;
            }
            let line = format!("{}{}{l}", width::fit(k, *key_w, app.amb), " ".repeat(gap));
            p.put(buf, x, y, &line, (area.x + area.width - 1).saturating_sub(x), p.theme.base);
        }
        x += (*line_w + gap) as u16;
    }
}

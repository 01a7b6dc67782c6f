//! F1 来访登记 at 80×24 and up: form | queue on top, card (or the focused choice's options) |
//! checklist below, and the last ticket and this window's call on the bottom line.

use crate::app::{App, Session};
use crate::db::queue::{Filter, VisitRow};
use crate::domain::text::mask_name;
use crate::domain::walkin::State;
use crate::domain::width;
use crate::i18n::fill;
use crate::rooms::walkins::{Pane, View, WalkIns};
use crate::ui::{Painter, form};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let w = &s.walkins;
    let left_w = area.width / 2;
    let bottom_line = area.y + area.height - 1;
    let card_h = 4 + (area.height.saturating_sub(16)) / 3;
    let top_h = area.height.saturating_sub(card_h + 3);
    let top = Rect { height: top_h, ..area };
    let mid_y = area.y + top_h + 1;
    let left = Rect { width: left_w, ..top };
    let right = Rect { x: area.x + left_w + 1, width: area.width - left_w - 1, ..top };
    // Separators.
    let (vbar, rule_y) = (if p.amb == width::Ambiguous::Wide { "|" } else { "│" }, area.y + top_h);
    for y in area.y..bottom_line - 1 {
        if y != rule_y {
            buf.set_string(area.x + left_w, y, vbar, p.theme.border);
        }
    }
    p.rule(buf, area, rule_y);
    p.rule(buf, area, bottom_line - 1);

    p.put(buf, left.x + 1, left.y, app.ui.f1_form_title, left.width - 1, p.theme.title);
    let form_area = Rect { x: left.x, y: left.y + 1, width: left.width, height: left.height - 1 };
    let label_w = w.form.fields.iter().map(|f| width::width(&f.label)).max().unwrap_or(6).min(10) as u16;
    // A volunteer issues quick tickets only: the matter field, not the registration's.
    let quick_only;
    let shown_form = if s.clerk.role.may(crate::domain::Permission::WalkIns) {
        &w.form
    } else {
        let mut f = w.form.clone();
        f.fields.truncate(1);
        f.focus = 0;
        quick_only = f;
        &quick_only
    };
    let cursor = form::draw_with(buf, form_area, shown_form, p, label_w, true, w.pane == Pane::Form);
    queue_pane(buf, right, app, p, s);
    let mid_left = Rect { x: area.x, y: mid_y, width: left_w, height: card_h };
    let mid_right = Rect { x: area.x + left_w + 1, y: mid_y, width: area.width - left_w - 1, height: card_h };
    if w.pane == Pane::Form && !w.form.typing() {
        options_panel(buf, mid_left, p, w);
    } else {
        card_panel(buf, mid_left, app, p, s);
    }
    checklist_panel(buf, mid_right, app, p, w);
    bottom(buf, Rect { y: bottom_line, height: 1, ..area }, app, p, w, s);
    if w.pane == Pane::Queue {
        let row = right.y + 1 + w.selected as u16;
        return Some((right.x, row.min(right.y + right.height - 1)));
    }
    cursor
}

fn queue_pane(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) {
    let ui = app.ui;
    let w = &s.walkins;
    let snap = &w.snapshot;
    let title = match w.view {
        View::Queue(Filter::Mine) => {
            let mut t = fill(ui.f1_queue_mine, &[("n", &snap.waiting)]);
            if let Some(m) = snap.longest_wait_min {
                t.push(' ');
                t.push_str(&fill(ui.f1_queue_longest, &[("m", &m)]));
            }
            t
        }
        View::Queue(Filter::All) => ui.f1_queue_all.to_string(),
        View::Queue(Filter::Finished) => ui.f1_queue_finished.to_string(),
        View::FollowUps => fill(ui.f1_followups, &[("n", &snap.followups)]),
    };
    p.put(buf, area.x, area.y, &title, area.width - 1, p.theme.title);
    if snap.rows.is_empty() {
        p.put(buf, area.x + 1, area.y + 1, ui.f1_empty, area.width - 2, p.theme.muted);
    }
    let rows = area.height.saturating_sub(1) as usize;
    w.shown.set(rows);
    let start = w.selected.min(snap.rows.len().saturating_sub(1)).saturating_sub(rows.saturating_sub(1));
    // A ticket that left the list takes the selection with it: no row is drawn selected.
    let marked = |i: usize| w.pane == Pane::Queue && !w.unpicked && i == w.selected;
    for (i, v) in snap.rows.iter().enumerate().skip(start).take(rows) {
        let y = area.y + 1 + (i - start) as u16;
        let line = row_text(app, v, w.view);
        let style = if marked(i) {
            p.theme.selected
        } else if v.priority.is_some() && v.state == State::Waiting {
            p.theme.notice
        } else {
            p.theme.base
        };
        let marker = if marked(i) { ">" } else { " " };
        p.put(buf, area.x, y, &format!("{marker}{line}"), area.width - 1, style);
    }
}

fn row_text(app: &App, v: &VisitRow, view: View) -> String {
    let ui = app.ui;
    let ticket = v.ticket.clone().unwrap_or_else(|| "----".into());
    let name = v.name.as_deref().map(mask_name).unwrap_or_default();
    let waited = (app.now - v.arrived_at).num_minutes().max(0);
    match (view, v.state) {
        (View::FollowUps, _) => {
            let what = match v.outcome {
                Some(crate::domain::walkin::Outcome::NeedsPapers) => ui.f1_outcome_papers,
                _ => ui.f1_outcome_referred,
            };
            format!("{ticket} {what} {name} {}", v.ref_follow_up_on.clone().unwrap_or_else(|| v.day.clone()))
        }
        (_, State::Waiting) => {
            let prio = if v.priority.is_some() { ui.f1_priority } else { "" };
            format!(
                "{ticket} {} {} {prio}",
                app.matter_name(&v.matter),
                fill(ui.f1_waited, &[("m", &format!("{waited:>2}"))])
            )
        }
        (_, State::Called) => format!("{ticket} {name} {}", fill(ui.f1_called_n, &[("n", &v.calls)])),
        (_, State::Serving) => format!("{ticket} {name} {}", ui.f1_serving),
        (_, st) => format!("{ticket} {} {name}", ui.state_name(st)),
    }
}

fn options_panel(buf: &mut Buffer, area: Rect, p: &Painter, w: &WalkIns) {
    let f = w.form.focused();
    let cols = 2usize;
    let col_w = (area.width.saturating_sub(2) / cols as u16).max(8);
    for (i, o) in f.options.iter().enumerate() {
        let (row, col) = (i / cols, i % cols);
        if row as u16 >= area.height {
            break;
        }
        let text = format!("{} {o}", i + 1);
        let style = if f.choice == Some(i) { p.theme.selected } else { p.theme.base };
        p.put(buf, area.x + 1 + col as u16 * col_w, area.y + row as u16, &text, col_w - 1, style);
    }
}

fn card_panel(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) {
    let ui = app.ui;
    let Some(lines) = card_lines(app, s) else {
        let text = if s.walkins.card_for.is_some() { ui.f1_card_new } else { ui.f1_card_none };
        p.put(buf, area.x + 1, area.y, text, area.width - 2, p.theme.muted);
        return;
    };
    let height = area.height as usize;
    // What does not fit is counted on the last line, and Alt+W shows the whole card.
    let (shown, more) = if lines.len() > height && height > 0 {
        (height - 1, Some(fill(ui.f1c.card_more, &[("n", &(lines.len() - height + 1))])))
    } else {
        (lines.len().min(height), None)
    };
    for (i, line) in lines.iter().take(shown).enumerate() {
        let style = if i == 0 { p.theme.title } else { p.theme.base };
        p.put(buf, area.x + 1, area.y + i as u16, line, area.width - 2, style);
    }
    if let Some(more) = more {
        p.put(buf, area.x + 1, area.y + shown as u16, &more, area.width - 2, p.theme.muted);
    }
}

/// The worker card's lines, the ID masked unless revealed: the panel shows what fits, Alt+W
/// all of them.
pub(crate) fn card_lines(app: &App, s: &Session) -> Option<Vec<String>> {
    let ui = app.ui;
    let card = s.walkins.card.as_ref()?;
    let wk = &card.worker;
    let revealed = s.revealed.as_ref().filter(|r| r.value.worker_id == Some(wk.id));
    let id = revealed.map(|r| r.value.full.clone()).unwrap_or_else(|| wk.id_number.masked());
    let sex = if wk.id_number.is_male() { ui.f1_card_male } else { ui.f1_card_female };
    let age = wk.id_number.age_on(app.today_local());
    let mut lines = vec![
        format!("{} {} {id}", ui.f1_card_title, wk.name),
        format!(
            "{} {} {}",
            fill(ui.f1_card_sex_age, &[("sex", &sex), ("age", &age)]),
            wk.phone.as_deref().map(crate::domain::phone::mask_phone).unwrap_or_default(),
            wk.work_unit.clone().unwrap_or_default()
        ),
    ];
    let mut visits = fill(ui.f1_card_visits, &[("n", &card.total_visits)]);
    if let Some(m) = &card.repeat_30 {
        visits.push_str(" · ");
        visits.push_str(&fill(ui.f1_card_repeat, &[("matter", &app.matter_name(m))]));
    }
    lines.push(visits);
    // Claims right after visits: the card is four lines high at 80×24.
    let today = app.today_local();
    let open = card.claims.iter().filter(|c| !c.status.is_closed()).count();
    let late = card
        .claims
        .iter()
        .filter(|c| crate::rooms::claims::late_days(&app.settings, c, today).is_some())
        .count();
    lines.push(match card.claims.len() {
        0 => ui.f2.card_none.to_string(),
        n => fill(ui.f2.card_line, &[("n", &n), ("open", &open), ("late", &late)]),
    });
    if let Some(y) = wk.mutual_aid_year {
        lines.push(fill(ui.f1_card_enrolled, &[("year", &y)]));
    }
    // The worker's filed file (`hardship_files`): its category and valid-until, or 已过期.
    if let Some(h) = &wk.hardship {
        use crate::i18n::hardship as words;
        lines.push(match h.standing(today) {
            crate::domain::hardship::Standing::Current => {
                let level = words::category(app.lang, h.category);
                fill(
                    ui.f1_card_hardship,
                    &[("level", &level), ("until", &words::until_words(app.lang, h.valid_until))],
                )
            }
            _ => words::card_lapsed(app.lang, h.category),
        });
    }
    for v in &card.visits {
        let outcome = v.outcome.map(|o| o.code()).unwrap_or(ui.state_name(v.state));
        let outcome = match outcome {
            "done_first_visit" => ui.f1_outcome_done,
            "needs_papers" => ui.f1_outcome_papers,
            "referred" => ui.f1_outcome_referred,
            other => other,
        };
        lines.push(format!("{} {} {outcome}", v.day, app.matter_name(&v.matter)));
    }
    lines.push(match card.letters.first() {
        None => ui.f3.card_none.to_string(),
        Some(l) => fill(
            ui.f3.card_line,
            &[("n", &card.letters.len()), ("number", &l.number), ("start", &l.start_on), ("end", &l.end_on)],
        ),
    });
    lines.push(loans_line(app, card));
    Some(lines)
}

fn checklist_panel(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, w: &WalkIns) {
    let Some(code) = w.matter_code(&app.settings) else { return };
    let Some(matter) = app.settings.matter(&code) else { return };
    let given = w.checklist_given;
    let title = fill(app.ui.f1_checklist_title, &[("matter", &matter.name)]);
    p.put(buf, area.x, area.y, &title, area.width - 1, p.theme.title);
    let mut x = area.x;
    let mut y = area.y + 1;
    for item in &matter.checklist {
        let text = format!("[{}] {item}", if given { "✓" } else { " " });
        let tw = width::width(&text) as u16 + 1;
        if x + tw > area.x + area.width && x > area.x {
            x = area.x;
            y += 1;
        }
        if y >= area.y + area.height {
            break;
        }
        x += p.put(buf, x, y, &text, area.x + area.width - x, p.theme.base) + 1;
    }
}

fn bottom(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, w: &WalkIns, s: &Session) {
    let ui = app.ui;
    let half = area.width / 2;
    if let Some(last) = &w.last
        && let Some(t) = &last.ticket
    {
        let text = fill(
            ui.f1_last_ticket,
            &[("ticket", t), ("matter", &app.matter_name(&last.matter)), ("n", &last.ahead)],
        );
        p.put(buf, area.x + 1, area.y, &text, half - 1, p.theme.banner);
    }
    let current = w.snapshot.current.as_ref();
    // In the list, the counter's keys act on the selected row: say which, when it is not the
    // window's own ticket.
    let calls = app.settings.window(&s.window).is_some_and(|w| w.can_call);
    let selected =
        w.target().filter(|t| calls && w.pane == Pane::Queue && Some(t.id) != current.map(|c| c.id));
    if let Some(t) = selected {
        let text = fill(ui.f1c.target, &[("ticket", &t.ticket.clone().unwrap_or_default())]);
        let tw = width::width(&text) as u16;
        let x = area.x + area.width.saturating_sub(tw + 1).max(half);
        p.put(buf, x, area.y, &text, area.x + area.width - x - 1, p.theme.notice);
    } else if let Some(c) = current {
        let ticket = c.ticket.clone().unwrap_or_default();
        let text = if c.state == State::Called {
            fill(
                ui.f1_current_called,
                &[("ticket", &ticket), ("window", &app.window_name(&s.window)), ("n", &c.calls)],
            )
        } else {
            let name = c.name.as_deref().map(mask_name).unwrap_or_default();
            let mins = (app.now - c.begun_at.unwrap_or(c.arrived_at)).num_minutes().max(0);
            fill(ui.f1_current, &[("ticket", &ticket), ("name", &name), ("m", &mins)])
        };
        let tw = width::width(&text) as u16;
        let x = area.x + area.width.saturating_sub(tw + 1).max(half);
        p.put(buf, x, area.y, &text, area.x + area.width - x - 1, p.theme.notice);
    }
}

/// The worker's station loans: what is still out (and how late), or how many came back.
fn loans_line(app: &App, card: &crate::rooms::walkins::Card) -> String {
    let f4 = app.ui.f4;
    let today = app.today_local();
    let open: Vec<String> = card
        .loans
        .iter()
        .filter(|l| l.closed_at.is_none())
        .map(|l| {
            let item = app.item_name(&l.item);
            let items = &app.settings.config.station.items;
            let unit = items.iter().find(|i| i.code == l.item).map_or("", |i| i.unit.as_str());
            let late = crate::domain::station::days_late(l.due_on, today);
            let late =
                if late > 0 { format!(" {}", fill(f4.late_days, &[("n", &late)])) } else { String::new() };
            format!("{item} {}{unit}{late}", l.outstanding())
        })
        .collect();
    match (open.is_empty(), card.loans.len()) {
        (_, 0) => f4.card_none.to_string(),
        (true, n) => fill(f4.card_back, &[("n", &n)]),
        (false, _) => fill(f4.card_open, &[("list", &open.join(f4.list_sep))]),
    }
}

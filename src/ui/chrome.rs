//! The frame around every screen: border, title with centre, window, clerk and clock, the
//! 演示数据 banner, the status line and the hint bar generated from the keymap.

use super::{Painter, width};
use crate::app::keymap::{self, Action, Key, Layer};
use crate::app::{App, Screen, Session};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Widget};

pub(super) const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// Draws border, title, status and hints; returns the body area.
pub fn frame(buf: &mut Buffer, area: Rect, app: &App, p: &Painter) -> Rect {
    let set = if p.amb == width::Ambiguous::Wide { ASCII_BORDER } else { border::PLAIN };
    Block::bordered().border_set(set).border_style(p.theme.border).render(area, buf);
    title(buf, area, app, p);
    let inner = Rect { x: area.x + 1, y: area.y + 1, width: area.width - 2, height: area.height - 2 };
    let bottom = inner.y + inner.height;
    status(buf, Rect { y: bottom - 2 - 1, height: 1, ..inner }, app, p);
    hints(buf, Rect { y: bottom - 2, height: 2, ..inner }, app, p);
    // The rule sits above the status line.
    p.rule(buf, inner, bottom - 4);
    Rect { height: inner.height - 4, ..inner }
}

fn title(buf: &mut Buffer, area: Rect, app: &App, p: &Painter) {
    let centre = &app.settings.config.centre.name;
    let dot = sep(p);
    // The centre's name gives way first: window and clerk are what the counter needs to see.
    let suffix = match &app.screen {
        Screen::Main(s) => {
            format!("{dot}{}{dot}{} {} ", app.window_name(&s.window), s.clerk.name, s.clerk.login)
        }
        _ => format!("{dot}{} ", app.ui.app_title),
    };
    let clock = app.now.with_timezone(&app.settings.tz).format(" %Y-%m-%d %H:%M ").to_string();
    let banner = if app.demo { format!(" {} ", app.ui.demo_banner) } else { String::new() };
    let right_w = (width::width(&clock) + width::width(&banner)) as u16;
    let room = area.width.saturating_sub(right_w + 4) as usize;
    let centre_room = room.saturating_sub(width::width(&suffix) + 1);
    let left = format!(" {}{suffix}", width::truncate(centre, centre_room, p.amb));
    p.put(buf, area.x + 1, area.y, &left, room as u16, p.theme.title);
    let mut x = area.x + area.width - 1 - right_w;
    if app.demo {
        x += p.put(buf, x, area.y, &banner, right_w, p.theme.banner);
    }
    p.put(buf, x, area.y, &clock, right_w, p.theme.title);
}

/// The middle dot is ambiguous-width: a plain separator on wide terminals.
fn sep(p: &Painter) -> &'static str {
    if p.amb == width::Ambiguous::Wide { " | " } else { " · " }
}

fn status(buf: &mut Buffer, area: Rect, app: &App, p: &Painter) {
    let leader = app.leader;
    let (text, style) = if leader {
        (app.ui.leader_pending.to_string(), p.theme.notice)
    } else if let Some(f) = &app.flash {
        (f.clone(), p.theme.notice)
    } else if let Some(w) = app.waiting() {
        (w.to_string(), p.theme.notice)
    } else if app.saves_blocked {
        (app.ui.saves_blocked.to_string(), p.theme.error)
    } else if let Some(note) = &app.config_note {
        (note.clone(), p.theme.notice)
    } else if app.numbers_blocked && matches!(app.screen, Screen::Main(_)) {
        (app.ui.numbers_blocked.to_string(), p.theme.error)
    } else {
        return;
    };
    p.put(buf, area.x + 1, area.y, &text, area.width - 2, style);
}

/// Whether the session's role may use a key: the hint bar and help offer only those, from the
/// same keymap, so they cannot disagree (the database side refuses the others anyway).
pub fn offered(app: &App, b: &keymap::Binding) -> bool {
    use crate::domain::Permission;
    let Screen::Main(s) = &app.screen else { return true };
    let role = s.clerk.role;
    if let Some(ok) = crate::rooms::claims::hardship_apply::offered(app, b.action) {
        return ok;
    }
    if let Some(ok) = crate::rooms::summary::ledger_keys::offered(app, b.action) {
        return ok;
    }
    if b.action.supervisor_only() {
        return role.may(Permission::ManageClerks);
    }
    if let Some(may) = crate::rooms::claims::hardship_decide::offered(app, b.action) {
        return may;
    }
    // Alt+V only where there is something to reveal (else it only says there is nothing).
    if b.action == keymap::Action::Reveal {
        return s.revealable.is_some();
    }
    // F1's counter, card and registration keys are a clerk's; a volunteer issues quick tickets.
    let counter = matches!(b.layer, Layer::Counter | Layer::WalkIns | Layer::FollowUpList | Layer::Form);
    // Help lists the keys of the screen under it: open over F1, it is F1's screen that counts.
    let on_f1 = matches!(app.modal, None | Some(crate::app::Modal::Help));
    if s.tab == keymap::Tab::WalkIns && on_f1 && counter {
        return role.may(Permission::WalkIns);
    }
    true
}

/// One hint per binding of the active layers (tabs are on the tab line), packed into two rows.
pub fn hint_items(app: &App) -> Vec<(String, String)> {
    let layers = app.layers();
    let mut items: Vec<_> = keymap::active(&layers)
        // Keys the session's role may not use are not offered.
        .filter(|b| offered(app, b))
        // A modal has room: every key it takes is shown.
        .filter(|b| (b.hint || app.modal.is_some()) && !matches!(b.action, Action::GoTab(_)))
        // `?` is a second key for help, which the hints show once.
        .filter(|b| b.layer != Layer::NotTyping)
        .map(|b| (b.keys[0].name(app.ui), b.action.label(app.ui).to_string(), b.action == Action::Help))
        .collect();
    // Help goes last but is never cut off: it is how every other key is found.
    items.sort_by_key(|(_, _, help)| *help);
    items.into_iter().map(|(k, l, _)| (k, l)).collect()
}

fn hints(buf: &mut Buffer, area: Rect, app: &App, p: &Painter) {
    let mut row = 0;
    let mut x = area.x + 1;
    let right = area.x + area.width - 1;
    let items = hint_items(app);
    let item_w = |(k, l): &(String, String)| (width::width(k) + 1 + width::width(l)) as u16;
    let help_w = items.last().map(item_w).unwrap_or(0) + 2;
    let n = items.len();
    for (i, (key, label)) in items.into_iter().enumerate() {
        let w = item_w(&(key.clone(), label.clone()));
        let last_row = row + 1 >= area.height;
        // On the last row, keep room for help (the last item).
        let room = if last_row && i + 1 < n { right.saturating_sub(help_w) } else { right };
        if x + w > room && x > area.x + 1 {
            if last_row {
                if i + 1 < n {
                    continue;
                }
            } else {
                row += 1;
                x = area.x + 1;
            }
        }
        if row >= area.height {
            break;
        }
        let y = area.y + row;
        x += p.put(buf, x, y, &key, right - x, p.theme.hint_key);
        x += 1;
        x += p.put(buf, x, y, &label, right.saturating_sub(x), p.theme.hint);
        x += 2;
    }
}

/// The tab line and the active tab's body.
pub fn session(buf: &mut Buffer, body: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let mut x = body.x;
    for tab in s.tabs() {
        let label = format!("F{} {}", tab.number(), tab.title(app.ui));
        let (text, style) =
            if tab == s.tab { (format!("[{label}]"), p.theme.tab_active) } else { (label, p.theme.tab) };
        x += p.put(buf, x, body.y, &text, (body.x + body.width).saturating_sub(x), style) + 2;
    }
    p.rule(buf, body, body.y + 1);
    let content = Rect { y: body.y + 2, height: body.height - 2, ..body };
    use crate::app::keymap::Tab;
    match s.tab {
        Tab::WalkIns => crate::rooms::walkins::draw::draw(buf, content, app, p, s),
        Tab::Claims => crate::rooms::claims::draw::draw(buf, content, app, p, s),
        Tab::Letters => crate::rooms::letters::draw::draw(buf, content, app, p, s),
        Tab::Station => crate::rooms::station::draw::draw(buf, content, app, p, s),
        Tab::Summary if s.summary.ledger.on => {
            crate::rooms::summary::draw_ledger::draw(buf, content, app, p, s)
        }
        Tab::Summary => crate::rooms::summary::draw::draw(buf, content, app, p, s),
        Tab::Admin => crate::rooms::admin::draw::draw(buf, content, app, p, s),
    }
}

/// Key names for one binding, as help lists them: every key, then the leader form.
pub fn binding_keys(app: &App, keys: &[Key], leader: Option<char>) -> String {
    let mut names: Vec<String> = keys.iter().map(|k| k.name(app.ui)).collect();
    if let Some(c) = leader {
        names.push(format!("Ctrl+G {}", c.to_ascii_uppercase()));
    }
    names.join(" / ")
}

//! Whole-screen states: too small, first run, login, locked, stale.

use super::{Painter, form, width};
use crate::app::{App, FirstRun, LoginScreen, Session};
use crate::i18n::fill;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn too_small(buf: &mut Buffer, area: Rect, app: &App, p: &Painter) {
    let text = app.ui.too_small;
    let w = area.width.max(1);
    let lines = width::wrap(text, w as usize);
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, line) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.y + area.height {
            break;
        }
        let lw = width::width(line) as u16;
        let x = area.x + w.saturating_sub(lw) / 2;
        p.put(buf, x, y, line, w, p.theme.error);
    }
}

/// A centred column for small forms.
fn column(body: Rect, w: u16) -> Rect {
    let w = w.min(body.width - 2);
    Rect { x: body.x + (body.width - w) / 2, width: w, ..body }
}

pub fn first_run(buf: &mut Buffer, body: Rect, app: &App, p: &Painter, f: &FirstRun) -> Option<(u16, u16)> {
    let col = column(body, 56);
    let top = body.y + body.height.saturating_sub(12) / 2;
    p.put(buf, col.x, top, app.ui.first_run_title, col.width, p.theme.title);
    let area = Rect { y: top + 2, height: body.y + body.height - top - 2, ..col };
    form::draw(buf, area, &f.form, p, 10)
}

pub fn login(buf: &mut Buffer, body: Rect, app: &App, p: &Painter, l: &LoginScreen) -> Option<(u16, u16)> {
    let col = column(body, 56);
    let h = form::height(&l.form, col.width, 6) + 4;
    let top = body.y + body.height.saturating_sub(h) / 2;
    p.put(buf, col.x + 1, top, app.ui.login_title, col.width, p.theme.title);
    let area = Rect { y: top + 2, height: body.y + body.height - top - 2, ..col };
    let cursor = form::draw(buf, area, &l.form, p, 6);
    if let Some(m) = &l.message {
        let y = top + 2 + form::height(&l.form, col.width, 6) + 1;
        if y < body.y + body.height {
            p.put(buf, col.x + 1, y, m, col.width - 1, p.theme.error);
        }
    }
    cursor
}

/// The lock screen hides everything of the session but who locked it.
pub fn locked(buf: &mut Buffer, body: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let Some(lock) = &s.lock else { return None };
    let col = column(body, 60);
    let top = body.y + body.height.saturating_sub(8) / 2;
    p.put(buf, col.x, top, app.ui.lock_title, col.width, p.theme.title);
    // Disabled on another terminal: the reason, not "stepped away".
    let line = if lock.disabled { app.lang.session().lock_disabled } else { app.ui.lock_who };
    let who = fill(line, &[("name", &s.clerk.name), ("login", &s.clerk.login)]);
    p.put(buf, col.x, top + 2, &who, col.width, p.theme.base);
    let area = Rect { y: top + 4, height: 2, ..col };
    let cursor = form::draw(buf, area, &lock.pin, p, 6);
    if let Some(m) = &lock.message {
        p.put(buf, col.x + 1, top + 6, m, col.width - 1, p.theme.error);
    }
    cursor
}

pub fn stale(buf: &mut Buffer, body: Rect, app: &App, p: &Painter) -> Option<(u16, u16)> {
    let col = column(body, 60);
    let top = body.y + body.height / 2 - 1;
    p.put(buf, col.x, top, app.ui.stale_title, col.width, p.theme.error);
    p.put(buf, col.x, top + 2, app.ui.stale_hint, col.width, p.theme.base);
    None
}

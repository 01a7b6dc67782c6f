//! F6 管理: the accounts, the audit search with its results (look-ups without a ticket
//! flagged in words), and the centre config's fingerprint.

use crate::app::{App, Session, role_name};
use crate::domain::width;
use crate::i18n::fill;
use crate::rooms::admin::View;
use crate::ui::{Painter, form};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let t = &s.admin;
    let f6 = app.ui.f6;
    let views = [
        (View::Clerks, f6.view_clerks),
        (View::Audit, f6.view_audit),
        (View::Config, f6.view_config),
        (View::Budgets, crate::i18n::ui_budgets::words(app.lang).view),
    ];
    crate::ui::pages::pages(buf, area, p, &views.map(|(v, name)| (t.view == v, name)));
    let body = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
    match t.view {
        View::Clerks => {
            clerks(buf, body, app, p, s);
            None
        }
        View::Audit => audit(buf, body, app, p, s),
        View::Config => {
            config(buf, body, app, p, s);
            None
        }
        View::Budgets => {
            super::draw_budgets::draw(buf, body, app, p, s);
            None
        }
    }
}

fn row(buf: &mut Buffer, area: Rect, p: &Painter, y: u16, text: &str, selected: bool) {
    let style = if selected { p.theme.selected } else { p.theme.base };
    let marker = if selected { ">" } else { " " };
    p.put(buf, area.x, y, &format!("{marker}{text}"), area.width, style);
}

fn clerks(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) {
    let t = &s.admin;
    let (f6, cli) = (app.ui.f6, app.lang.text());
    p.put(buf, area.x + 1, area.y, f6.clerks_head, area.width - 2, p.theme.title);
    let rows = area.height.saturating_sub(1) as usize;
    let start = t.selected.saturating_sub(rows.saturating_sub(1));
    for (i, c) in t.clerks.iter().enumerate().skip(start).take(rows) {
        let state = match (c.clerk.disabled, c.locked_until) {
            (true, _) => cli.status_disabled.to_string(),
            (false, Some(u)) => {
                fill(cli.status_locked, &[("until", &u.with_timezone(&app.settings.tz).format("%H:%M"))])
            }
            (false, None) => cli.status_active.to_string(),
        };
        let text = format!(
            "{} {} {} {state}",
            width::fit(&c.clerk.login, 9, p.amb),
            width::fit(&c.clerk.name, 13, p.amb),
            width::fit(role_name(app.ui, c.clerk.role), 13, p.amb),
        );
        row(buf, area, p, area.y + 1 + (i - start) as u16, &text, i == t.selected);
    }
}

fn audit(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let t = &s.admin;
    let f6 = app.ui.f6;
    let in_person = app.settings.config.privacy.lookup_reasons.first().cloned().unwrap_or_default();
    // The labels as wide as the widest in this language (English `ID number` was cut at 6).
    let label_w = t.search.fields.iter().map(|f| width::width(&f.label)).max().unwrap_or(6).max(6) as u16;
    let h = form::height(&t.search, area.width.min(60), label_w);
    let cursor =
        form::draw(buf, Rect { height: h, width: area.width.min(60), ..area }, &t.search, p, label_w);
    let y = area.y + h;
    p.put(buf, area.x + 1, y, f6.audit_hint, area.width - 2, p.theme.muted);
    let Some(rows) = &t.rows else { return cursor };
    let head = if rows.is_empty() {
        f6.audit_none.to_string()
    } else {
        fill(f6.audit_found, &[("n", &t.total), ("flagged", &t.flagged)])
    };
    p.put(buf, area.x + 1, y + 1, &head, area.width - 2, p.theme.title);
    let list = Rect { y: y + 2, height: (area.y + area.height).saturating_sub(y + 2), ..area };
    let n = list.height as usize;
    t.shown.set(n);
    let start = t.selected.saturating_sub(n.saturating_sub(1));
    // The action column as wide as the language's longest name (English ones run past 12).
    let action_w = crate::i18n::audit_actions::names(app.lang).map(width::width).max().unwrap_or(12).min(24);
    for (i, r) in rows.iter().enumerate().skip(start).take(n) {
        let when = chrono::DateTime::parse_from_rfc3339(&r.at)
            .map(|d| d.with_timezone(&app.settings.tz).format("%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let flag = if r.without_ticket(&in_person) { f6.no_ticket } else { "" };
        let object = object_shown(app, r);
        // The object takes the reason's room when there is no reason (an export's days).
        let reason = r.reason.as_deref().unwrap_or("");
        let object =
            if reason.is_empty() && flag.is_empty() { object } else { width::fit(&object, 18, p.amb) };
        let text = format!(
            "{when} {} {} {object} {reason} {flag}",
            width::fit(r.login.as_deref().unwrap_or("-"), 6, p.amb),
            width::fit(crate::i18n::audit_actions::action_name(app.lang, &r.action), action_w, p.amb),
        );
        row(buf, list, p, list.y + (i - start) as u16, &text, i == t.selected);
    }
    cursor
}

/// What a row is about: the worker (masked) for a look-up, an export's what and days, else the
/// account, letter, claim, visit, loan, (masked) query or item — by name — its detail names.
fn object_shown(app: &App, r: &crate::db::audit_search::Row) -> String {
    if let Some(w) = r.worker.as_deref() {
        return w.to_string();
    }
    let detail = r.detail.as_deref().unwrap_or("");
    if r.action == "export" {
        return crate::i18n::audit_actions::export_row_words(app.lang, detail);
    }
    let object = crate::i18n::audit_actions::object_of(detail).unwrap_or("");
    let item = detail.split(' ').any(|p| p.strip_prefix("item=") == Some(object));
    match app.settings.config.station.items.iter().find(|i| item && i.code == object) {
        Some(i) => i.name.clone(),
        None => object.to_string(),
    }
}

fn config(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) {
    let f6 = app.ui.f6;
    let Some(seen) = &s.admin.config else { return };
    let (stored, here) = (&seen.stored, &seen.here);
    let stored_text = stored.clone().unwrap_or_else(|| f6.none.to_string());
    let lines = [
        (fill(f6.config_stored, &[("fp", &stored_text)]), p.theme.base),
        (fill(f6.config_here, &[("fp", here)]), p.theme.base),
        if stored.as_ref().is_some_and(|s| s != here) {
            (f6.config_differs.to_string(), p.theme.notice)
        } else {
            (f6.config_same.to_string(), p.theme.base)
        },
    ];
    for (i, (line, style)) in lines.iter().enumerate() {
        p.put(buf, area.x + 1, area.y + 1 + i as u16, line, area.width - 2, *style);
    }
}

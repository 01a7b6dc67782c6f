//! The ledger's payments page head (the budget's history) and a payment's objections, at 80×24.

use crate::app::App;
use crate::db::fund::{BudgetRow, Objection};
use crate::domain::money::Fen;
use crate::i18n::fill;
use crate::ui::Painter;
use ratatui::buffer::Buffer;

/// A stored instant as the centre's local day and minute (`day` only: the day).
fn local(app: &App, at: &str, day: bool) -> String {
    let fmt = if day { "%Y-%m-%d" } else { "%Y-%m-%d %H:%M" };
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&app.settings.tz).format(fmt).to_string())
        .unwrap_or_else(|_| at.to_string())
}

/// The budget's history under the payments title: the config's budget and the count of changes
/// on one line, then the last `room - 1` changes; returns the rows used. `config` is the
/// config's budget (the history's first row once there is a change).
#[allow(clippy::too_many_arguments)]
pub fn history(
    buf: &mut Buffer,
    (x, y, width, room): (u16, u16, u16, u16),
    app: &App,
    p: &Painter,
    config: i64,
    h: &[BudgetRow],
) -> u16 {
    let w = crate::i18n::ui_ledger::words(app.lang);
    let config = h.iter().find(|r| r.source != "change").map_or(config, |r| r.budget_fen);
    let changes: Vec<&BudgetRow> = h.iter().filter(|r| r.source == "change").collect();
    let head = format!(
        "{}  {}",
        fill(w.history_config, &[("amount", &Fen(config).plain())]),
        fill(w.history_title, &[("n", &changes.len())])
    );
    p.put(buf, x, y, &head, width, p.theme.muted);
    let shown = changes.len().min(usize::from(room.saturating_sub(1)));
    for (i, r) in changes[changes.len() - shown..].iter().enumerate() {
        let line = fill(
            w.history_change,
            &[
                ("at", &local(app, &r.at, true)),
                ("by", &r.clerk.clone().unwrap_or_default()),
                ("amount", &Fen(r.budget_fen).plain()),
                ("reason", &r.reason),
            ],
        );
        p.put(buf, x + 2, y + 1 + i as u16, &line, width.saturating_sub(2), p.theme.muted);
    }
    1 + shown as u16
}

/// A payment's objections, oldest first: who recorded it and who raised it, what, the outcome.
#[allow(clippy::too_many_arguments)]
pub fn objections(
    buf: &mut Buffer,
    x: u16,
    mut y: u16,
    width: u16,
    bottom: u16,
    app: &App,
    p: &Painter,
    head: (&str, &str),
    list: &[Objection],
) {
    let w = crate::i18n::ui_ledger::words(app.lang);
    let title = fill(w.objections_title, &[("claim", &head.0), ("worker", &head.1), ("n", &list.len())]);
    p.put(buf, x, y, &title, width, p.theme.title);
    y += 1;
    if list.is_empty() {
        p.put(buf, x, y, w.no_objections, width, p.theme.muted);
    }
    // Each objection whole, its what and outcome wrapped by display width, while rows remain.
    let inner = usize::from(width.saturating_sub(2));
    for o in list {
        if y >= bottom {
            break;
        }
        let by = o.clerk.clone().unwrap_or_default();
        let line = fill(
            w.objection_head,
            &[("at", &local(app, &o.at, false)), ("by", &by), ("raised", &o.raised_by)],
        );
        p.put(buf, x, y, &line, width, p.theme.label);
        y += 1;
        let (outcome, style) = match &o.outcome {
            Some(out) => {
                let at = o.outcome_at.as_deref().map(|a| local(app, a, false)).unwrap_or_default();
                let by = o.outcome_by.clone().unwrap_or_default();
                (fill(w.objection_outcome, &[("outcome", out), ("by", &by), ("at", &at)]), p.theme.base)
            }
            None => (w.objection_open.to_string(), p.theme.notice),
        };
        let body = crate::domain::width::wrap(&o.what, inner).into_iter().map(|l| (l, p.theme.base));
        let tail = crate::domain::width::wrap(&outcome, inner).into_iter().map(|l| (l, style));
        for (l, st) in body.chain(tail) {
            if y >= bottom {
                break;
            }
            p.put(buf, x + 2, y, &l, width.saturating_sub(2), st);
            y += 1;
        }
    }
}

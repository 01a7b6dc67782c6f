//! F6's budgets page at 80×24: the year's programmes (budget in force marked when it differs
//! from the config's), and under them the selected programme's history (Enter).

use crate::app::{App, Session};
use crate::db::fund::{BudgetRow, Line};
use crate::domain::Role;
use crate::domain::money::Fen;
use crate::i18n::fill;
use crate::ui::{Painter, table};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The columns' least widths; a figure column grows to its widest figure and the name
/// column gives way, so figures up to the config's ceiling show whole at 80 columns.
const COLS: [usize; 5] = [14, 15, 14, 14, 14];

fn row(cells: &[String], cols: [usize; 5], p: &Painter) -> String {
    table::row(cells, &cols, 1, p)
}

fn line_cells(l: &Line, mark: &str) -> [String; 5] {
    let f = &l.figures;
    let changed = f.budget != l.config_budget;
    [
        l.name.clone(),
        format!("{}{}", Fen(f.budget).plain(), if changed { mark } else { " " }),
        Fen(l.config_budget).plain(),
        Fen(f.committed + f.paid).plain(),
        Fen(f.budget - f.committed - f.paid).plain(),
    ]
}

/// The history's lines, oldest first: the config's start, then each change with the budget it
/// replaced.
fn history_lines(app: &App, config_budget: i64, rows: &[BudgetRow]) -> Vec<String> {
    let w = crate::i18n::ui_budgets::words(app.lang);
    let mut out = vec![];
    let mut prev = config_budget;
    if rows.first().is_none_or(|r| r.source != "config") {
        out.push(fill(w.history_config, &[("amount", &Fen(config_budget).plain())]));
    }
    for r in rows {
        if r.source == "config" {
            out.push(fill(w.history_config, &[("amount", &Fen(r.budget_fen).plain())]));
        } else {
            let at = chrono::DateTime::parse_from_rfc3339(&r.at)
                .map(|d| d.with_timezone(&app.settings.tz).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|_| r.at.clone());
            out.push(fill(
                w.history_change,
                &[
                    ("at", &at),
                    ("who", &r.clerk.clone().unwrap_or_else(|| "-".into())),
                    ("old", &Fen(prev).plain()),
                    ("new", &Fen(r.budget_fen).plain()),
                ],
            ));
            out.push(fill(w.history_reason, &[("reason", &r.reason)]));
        }
        prev = r.budget_fen;
    }
    if rows.iter().all(|r| r.source == "config") {
        out.push(w.history_none.to_string());
    }
    out
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) {
    let w = crate::i18n::ui_budgets::words(app.lang);
    let b = &s.admin.budgets;
    let year = b.year.unwrap_or(chrono::Datelike::year(&app.today_local()));
    let (x, width) = (area.x + 1, area.width.saturating_sub(2));
    let bottom = area.y + area.height;
    let mut head = fill(w.title, &[("year", &year)]);
    if s.clerk.role != Role::Supervisor {
        head.push_str(w.read_only);
    }
    let shown = b.shown.as_ref().filter(|r| r.year == year);
    if shown.is_none() {
        head.push_str(&format!("  {}", w.reading));
    }
    p.put(buf, x, area.y, &head, width, p.theme.title);
    let Some(r) = shown else { return };
    if r.lines.is_empty() {
        p.put(buf, x, area.y + 1, &fill(w.no_programmes, &[("year", &year)]), width, p.theme.muted);
        return;
    }
    let head: Vec<String> = w.columns.iter().map(|c| c.to_string()).collect();
    let cells: Vec<[String; 5]> = r.lines.iter().map(|l| line_cells(l, w.changed_mark)).collect();
    let cols = table::widths(COLS, &head, &cells, usize::from(width));
    p.put(buf, x, area.y + 1, &format!(" {}", row(&head, cols, p)), width, p.theme.label);
    let mut y = area.y + 2;
    for (i, c) in cells.iter().enumerate() {
        if y >= bottom {
            return;
        }
        let selected = i == b.selected;
        let style = if selected { p.theme.selected } else { p.theme.base };
        let marker = if selected { ">" } else { " " };
        p.put(buf, x, y, &format!("{marker}{}", row(c, cols, p)), width, style);
        y += 1;
    }
    if r.lines.iter().any(|l| l.figures.budget != l.config_budget) && y < bottom {
        p.put(buf, x, y, w.changed_note, width, p.theme.muted);
        y += 1;
    }
    let Some((code, rows)) = &r.history else { return };
    let Some(l) = r.lines.iter().find(|l| &l.code == code) else { return };
    y += 1;
    if y >= bottom {
        return;
    }
    p.put(buf, x, y, &fill(w.history_title, &[("name", &l.name), ("year", &year)]), width, p.theme.title);
    // Each line whole, wrapped by display width (a reason may be long).
    let lines: Vec<String> = history_lines(app, l.config_budget, rows)
        .iter()
        .flat_map(|t| crate::domain::width::wrap(t, usize::from(width)))
        .collect();
    // The latest changes when they do not all fit.
    let room = bottom.saturating_sub(y + 1) as usize;
    for (i, text) in lines.iter().skip(lines.len().saturating_sub(room)).enumerate() {
        p.put(buf, x, y + 1 + i as u16, text, width, p.theme.base);
    }
}

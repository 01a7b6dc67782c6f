//! F5's aid fund ledger at 80×24: the year's programmes with their figures and a total; Enter
//! lists one programme's payments.

use crate::app::{App, Session};
use crate::domain::money::Fen;
use crate::i18n::fill;
use crate::ui::{Painter, table};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const COLS: [usize; 6] = [14, 12, 12, 12, 12, 6];
const PAY: [usize; 8] = [12, 6, 8, 10, 8, 10, 10, 4];

/// A payment's row: left-aligned but the amount and the objections.
fn pay_row(cells: &[String], p: &Painter) -> String {
    let right = |i: usize| i == 3 || i == 7;
    cells
        .iter()
        .zip(PAY)
        .enumerate()
        .map(|(i, (t, w))| table::cell(t, w, right(i), p))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let w = crate::i18n::ui_fund::words(app.lang);
    let l = &s.summary.ledger;
    let year = l.year.unwrap_or(chrono::Datelike::year(&app.today_local()));
    let mut head = fill(w.ledger_title, &[("year", &year)]);
    let shown = l.shown.as_ref().filter(|r| r.year == year);
    if shown.is_none() {
        head.push_str(&format!("  {}", w.reading));
    }
    p.put(buf, area.x + 1, area.y, &head, area.width - 2, p.theme.title);
    if let Some(e) = &l.error {
        p.put(buf, area.x + 1, area.y + 1, e, area.width - 2, p.theme.error);
        return None;
    }
    let r = shown?;
    let x = area.x + 1;
    let width = area.width.saturating_sub(2);
    let mut y = area.y + 2;
    let bottom = area.y + area.height;
    if let (Some(code), Some((listed, pays))) = (&l.payments, &r.payments)
        && code == listed
    {
        let name = r.lines.iter().find(|x| &x.code == code).map_or(code.clone(), |x| x.name.clone());
        if let (Some(no), Some((listed, list))) = (&l.objections, &r.objections)
            && no == listed
        {
            let worker = pays.iter().find(|p| &p.claim_no == no).map_or("", |p| p.worker.as_str());
            super::draw_ledger_objections::objections(buf, x, y, width, bottom, app, p, (no, worker), list);
            return None;
        }
        let title = fill(w.payments_title, &[("name", &name), ("year", &year), ("n", &pays.len())]);
        p.put(buf, x, y, &title, width, p.theme.title);
        y += 1;
        let config = r.lines.iter().find(|x| &x.code == code).map_or(0, |x| x.config_budget);
        y += super::draw_ledger_objections::history(buf, (x, y, width, 3), app, p, config, &r.history);
        let head: Vec<String> = w.pay_columns.iter().map(|s| s.to_string()).collect();
        p.put(buf, x + 1, y, &pay_row(&head, p), width - 1, p.theme.label);
        y += 1;
        if pays.is_empty() {
            p.put(buf, x, y, w.no_payments, width, p.theme.muted);
        }
        // The selected payment stays in sight.
        let rows = usize::from(bottom.saturating_sub(y)).max(1);
        let first = l.scroll.saturating_sub(rows - 1);
        for (i, pay) in pays.iter().enumerate().skip(first) {
            if y >= bottom {
                break;
            }
            let cells = [
                pay.claim_no.clone(),
                pay.worker.clone(),
                // `relative hardship` is `relative` under the column's name.
                pay.category
                    .map_or("-", |c| crate::i18n::hardship::category(app.lang, c))
                    .split(' ')
                    .next()
                    .unwrap_or("-")
                    .to_string(),
                Fen(pay.amount_fen).plain(),
                crate::rooms::claims::staff(app.lang, pay.status).to_string(),
                pay.approved_on.clone().unwrap_or_else(|| "-".into()),
                pay.paid_on.clone().unwrap_or_else(|| "-".into()),
                if pay.objections > 0 { format!("{}/{}", pay.objections, pay.open) } else { "0".into() },
            ];
            let selected = i == l.scroll;
            let style = if selected {
                p.theme.selected
            } else if pay.open > 0 {
                p.theme.notice
            } else {
                p.theme.base
            };
            let marker = if selected { ">" } else { " " };
            p.put(buf, x, y, &format!("{marker}{}", pay_row(&cells, p)), width, style);
            y += 1;
        }
        return None;
    }
    if r.lines.is_empty() {
        p.put(buf, x, y, &fill(w.no_programmes, &[("year", &year)]), width, p.theme.muted);
        return None;
    }
    let head: Vec<String> = w.columns.iter().map(|s| s.to_string()).collect();
    let (mut total, mut changed, mut negative) = ([0i64; 4], false, false);
    let mut rows: Vec<[String; 6]> = vec![];
    for line in &r.lines {
        let f = line.figures;
        let mark = if f.budget != line.config_budget { w.changed_mark } else { "" };
        changed |= !mark.is_empty();
        negative |= line.remaining() < 0;
        for (t, v) in total.iter_mut().zip([f.budget, f.committed, f.paid, line.remaining()]) {
            *t += v;
        }
        rows.push([
            line.name.clone(),
            format!("{}{mark}", Fen(f.budget).plain()),
            Fen(f.committed).plain(),
            Fen(f.paid).plain(),
            Fen(line.remaining()).plain(),
            line.recipients.to_string(),
        ]);
    }
    let total_cells = [
        w.total.to_string(),
        Fen(total[0]).plain(),
        Fen(total[1]).plain(),
        Fen(total[2]).plain(),
        Fen(total[3]).plain(),
        String::new(),
    ];
    // Figures up to the config's ceiling whole at 80 columns: the name gives way.
    let all: Vec<[String; 6]> = rows.iter().chain(std::iter::once(&total_cells)).cloned().collect();
    let cols = table::widths(COLS, &head, &all, usize::from(width));
    p.put(buf, x + 1, y, &table::row(&head, &cols, 1, p), width - 1, p.theme.label);
    y += 1;
    for (i, (line, cells)) in r.lines.iter().zip(&rows).enumerate() {
        let selected = i == l.selected;
        let style = if selected {
            p.theme.selected
        } else if line.remaining() < 0 {
            p.theme.error
        } else {
            p.theme.base
        };
        let marker = if selected { ">" } else { " " };
        p.put(buf, x, y, &format!("{marker}{}", table::row(cells, &cols, 1, p)), width, style);
        y += 1;
    }
    p.put(buf, x + 1, y, &table::row(&total_cells, &cols, 1, p), width - 1, p.theme.label);
    y += 2;
    let wl = crate::i18n::ui_ledger::words(app.lang);
    let open: Vec<String> = r
        .lines
        .iter()
        .zip(&r.open)
        .filter(|(_, n)| **n > 0)
        .map(|(line, n)| fill(wl.open_mark, &[("name", &line.name), ("n", n)]))
        .collect();
    if !open.is_empty() && y < bottom {
        p.put(buf, x, y, &fill(wl.open_note, &[("list", &open.join(", "))]), width, p.theme.notice);
        y += 1;
    }
    for (on, note) in [(changed, w.changed_note), (negative, w.negative_note)] {
        if on && y < bottom {
            p.put(buf, x, y, note, width, p.theme.muted);
            y += 1;
        }
    }
    None
}

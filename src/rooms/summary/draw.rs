//! F5 统计日报: the period on top; the key figures; arrivals per half hour as bars with the
//! waits as a sparkline under them; then the tables (windows beside clerks first), two abreast,
//! scrolled with ↑ ↓. The tables are `report`'s own, so the screen and the files agree.

use crate::app::{App, Session};
use crate::domain::width;
use crate::domain::width::Ambiguous;
use crate::report::render::{Cell, Table, tables};
use crate::report::{Period, Summary};
use crate::rooms::summary::Preset;
use crate::ui::Painter;
use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// The half hours the chart always shows (08:00–18:00); earlier or later ones when they have
/// arrivals.
const DAY_SLOTS: std::ops::Range<usize> = 16..36;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let t = &s.summary;
    let f5 = app.ui.f5;
    let period = t.period.unwrap_or(Period::day(app.today_local()));
    let preset = match t.preset {
        Preset::Day if period == Period::day(app.today_local()) => f5.act_today,
        Preset::Day => "",
        Preset::Month if period == Period::month_of(app.today_local()) => f5.act_month,
        Preset::Month if period == Period::month_of(app.today_local()).shifted(false) => f5.act_last_month,
        Preset::Month => "",
        // Stepped to another quarter or year, the name would no longer be true: the dates say it.
        Preset::Quarter if period == Period::quarter_of(app.today_local()) => f5.act_quarter,
        Preset::Year if period == Period::year_of(app.today_local()) => f5.act_year,
        Preset::Quarter | Preset::Year => "",
        Preset::Range => "",
    };
    let mut head = if period.is_day() {
        let n = period.from.weekday().num_days_from_monday() as usize;
        match app.lang {
            crate::i18n::Lang::Zh => {
                format!("{} 周{}", period.from, ["一", "二", "三", "四", "五", "六", "日"][n])
            }
            crate::i18n::Lang::En => format!("{} {}", period.from, period.from.format("%a")),
        }
    } else {
        format!("{} ~ {}", period.from, period.to)
    };
    if !preset.is_empty() {
        head = format!("[{preset}] {head}");
    }
    if t.shown != Some(period) {
        head.push_str(&format!("  {}", f5.reading));
    }
    p.put(buf, area.x + 1, area.y, &head, area.width - 2, p.theme.title);
    let body = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
    if let Some(e) = &t.error {
        p.put(buf, body.x + 1, body.y, e, body.width - 2, p.theme.error);
        return None;
    }
    // Another period's figures never stand under this period's header while it is read.
    let summary = t.summary.as_ref().filter(|_| t.shown == Some(period))?;
    let lines = lines(app, p, summary, (body.width - 2) as usize);
    let last = lines.len().saturating_sub(body.height as usize);
    t.last.set(u16::try_from(last).unwrap_or(u16::MAX));
    let start = (t.scroll as usize).min(last);
    for (i, (line, style)) in lines.iter().skip(start).take(body.height as usize).enumerate() {
        p.put(buf, body.x + 1, body.y + i as u16, line, body.width - 2, *style);
    }
    None
}

fn lines(app: &App, p: &Painter, s: &Summary, cols: usize) -> Vec<(String, Style)> {
    let f5 = app.ui.f5;
    let base = p.theme.base;
    let w = &s.walkins;
    let pct = |x: Option<f64>| Cell::Share(x).text();
    let min = |x: Option<f64>| Cell::Minutes(x).text();
    let mut out: Vec<(String, Style)> = vec![];
    // A figure and its label stay on one line: lines break between the " · " parts.
    let wrapped = |text: String, style: Style, out: &mut Vec<(String, Style)>| {
        for l in pack(&text, cols) {
            out.push((l, style));
        }
    };
    wrapped(
        format!(
            "{} {} · {} {} · {} {} · {} {} · {} {} · {} {}",
            f5.total,
            w.total,
            f5.served,
            w.served,
            f5.no_show_rate,
            pct(w.no_show_rate),
            f5.first_visit_done,
            pct(w.first_visit_done_rate),
            f5.over_target,
            pct(w.over_target_share),
            f5.open_followups,
            w.open_followups
        ),
        base,
        &mut out,
    );
    let channel = |k: &str| w.by_channel.get(k).copied().unwrap_or(0);
    wrapped(
        format!(
            "{} {} · {} {} · {} {}",
            f5.calls,
            channel("phone"),
            f5.online_requests,
            channel("online"),
            f5.as_of,
            crate::report::render::as_of_text(s)
        ),
        base,
        &mut out,
    );
    for (label, m) in [(f5.wait, &w.wait_minutes), (f5.service, &w.service_minutes)] {
        let line = format!(
            "{} {} {} · {} {} · {} {}",
            label.trim(),
            f5.avg,
            min(m.avg),
            f5.p50,
            min(m.p50),
            f5.p90,
            min(m.p90)
        );
        wrapped(line, base, &mut out);
    }
    let c = &s.claims;
    wrapped(
        format!(
            "{} {} · {} {} · {} {} · {} {} · {} {} · {} {} · {} {} · {} {}",
            f5.lookups,
            c.lookups,
            f5.registered,
            c.registered,
            f5.approved,
            Cell::Yuan(c.approved_fen).text(),
            f5.paid,
            Cell::Yuan(c.paid_fen).text(),
            f5.late,
            if c.due_unknown > 0 {
                format!("{} · {} {}", c.late, f5.due_unknown, c.due_unknown)
            } else {
                c.late.to_string()
            },
            f5.letters_issued,
            s.letters.issued,
            f5.letters_voided,
            s.letters.voided,
            f5.commitments,
            s.letters.by_type.get("commitment").copied().unwrap_or(0)
        ),
        base,
        &mut out,
    );
    let st = &s.station;
    wrapped(
        format!(
            "{} {} · {} {} · {} {} · {} {} · {} {} · {} {}",
            f5.lent,
            st.lent,
            f5.returned,
            st.returned,
            f5.overdue_loans,
            st.overdue_loans,
            f5.overdue,
            st.overdue,
            f5.return_rate,
            pct(st.return_rate),
            f5.given,
            st.given.values().fold(0i64, |a, b| a.saturating_add(*b))
        ),
        if st.overdue > 0 { p.theme.notice } else { base },
        &mut out,
    );
    out.push((String::new(), base));
    chart(app, p, s, cols, &mut out);
    out.push((String::new(), base));
    let all = tables(s, &app.settings, app.lang);
    let pick = |title: &str| all.iter().find(|t| t.title == title);
    let order = [
        (f5.sheet_windows, f5.sheet_clerks),
        (f5.sheet_matters, f5.sheet_states),
        (f5.sheet_channels, f5.sheet_referrals),
        (f5.sheet_given, f5.sheet_help),
        (f5.sheet_in_hall, f5.sheet_claim_changes),
    ];
    for (a, b) in order {
        let (Some(a), Some(b)) = (pick(a), pick(b)) else { continue };
        side_by_side(p, a, b, cols, &mut out);
        out.push((String::new(), base));
    }
    super::hardship::section(app, p, s, &all, cols, &mut out);
    super::fund::section(app, p, &all, cols, &mut out);
    // The units stay beside nothing too wide; the alerts and the days take the whole width, with
    // the columns that fit (the rest named: the files have them all).
    for title in [f5.sheet_units, f5.sheet_alerts, f5.sheet_days] {
        let Some(t) = pick(title) else { continue };
        // The alerts, most urgent first, as many as one 80×24 screen holds; the rest counted.
        let mut more = 0;
        let cut;
        let t = if title == f5.sheet_alerts && t.rows.len() > ALERT_ROWS {
            more = t.rows.len() - (ALERT_ROWS - 1);
            cut = Table {
                key: t.key,
                title: t.title.clone(),
                codes: vec![],
                header: t.header.clone(),
                rows: t.rows[..ALERT_ROWS - 1].to_vec(),
            };
            &cut
        } else {
            t
        };
        let (lines, left_out) = whole_columns(p, t, cols);
        out.extend(lines.into_iter().map(|l| (l, base)));
        if more > 0 {
            let note = crate::i18n::fill(f5.alerts_more, &[("n", &more)]);
            out.extend(width::wrap(&note, cols).into_iter().map(|l| (l, p.theme.notice)));
        }
        if !left_out.is_empty() {
            let note =
                crate::i18n::fill(f5.columns_left_out, &[("cols", &left_out.join(app.ui.f4.list_sep))]);
            out.extend(width::wrap(&note, cols).into_iter().map(|l| (l, p.theme.muted)));
        }
        out.push((String::new(), base));
    }
    out
}

/// Rows of the stock alerts F5 shows (with the table's title and header, one 80×24 screen).
const ALERT_ROWS: usize = 12;

/// A table's lines with as many of its columns, from the left, as fit whole in `cols`; and the
/// headers of those left out.
pub(super) fn whole_columns(p: &Painter, t: &Table, cols: usize) -> (Vec<String>, Vec<String>) {
    let widest = t
        .rows
        .iter()
        .flatten()
        .map(|c| if let Cell::Text(s) = c { width::width(s) } else { 0 })
        .max()
        .unwrap_or(0);
    let mut keep = t.header.len();
    loop {
        // A cell of text (a batch code, a long name) has the room there is, down to 16 columns
        // and cut with … past them, so one long value does not push the figures beside it off
        // the screen.
        let mut cap = widest.max(16);
        loop {
            let short = |c: &Cell| match c {
                Cell::Text(s) if width::width(s) > cap => Cell::Text(width::truncate(s, cap, p.amb)),
                other => other.clone(),
            };
            let cut = Table {
                key: t.key,
                codes: vec![],
                title: t.title.clone(),
                header: t.header[..keep].to_vec(),
                rows: t.rows.iter().map(|r| r[..keep.min(r.len())].iter().map(short).collect()).collect(),
            };
            let lines = cut.padded_lines(" ");
            let fits = lines.iter().all(|l| width::width(l) <= cols);
            if fits || (cap <= 16 && keep <= 1) {
                let mut out = vec![width::fit(&t.title, cols, p.amb)];
                out.extend(lines.iter().map(|l| width::truncate(l, cols, p.amb)));
                return (out, t.header[keep..].to_vec());
            }
            if cap <= 16 {
                break;
            }
            cap -= 1;
        }
        keep -= 1;
    }
}

/// `a · b · c` in lines of `cols`, broken between parts; a part wider than a line is wrapped.
pub(super) fn pack(text: &str, cols: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut line = String::new();
    for part in text.split(" · ") {
        let joined = if line.is_empty() { part.to_string() } else { format!("{line} · {part}") };
        if width::width(&joined) <= cols {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if width::width(part) <= cols {
            line = part.to_string();
        } else {
            out.extend(width::wrap(part, cols));
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// Arrivals per half hour as bars (five rows), the hour under them, then the waits as a line.
fn chart(app: &App, p: &Painter, s: &Summary, cols: usize, out: &mut Vec<(String, Style)>) {
    let f5 = app.ui.f5;
    let w = &s.walkins;
    let slots: Vec<usize> = (0..48)
        .filter(|i| DAY_SLOTS.contains(i) || w.arrivals_by_half_hour.get(*i).copied().unwrap_or(0) > 0)
        .collect();
    let (Some(&first), Some(&last)) = (slots.first(), slots.last()) else { return };
    let slots: Vec<usize> = (first..=last).collect();
    let cell = ((cols.saturating_sub(8)) / slots.len().max(1)).clamp(1, 3);
    let max = slots.iter().map(|i| w.arrivals_by_half_hour[*i]).max().unwrap_or(0).max(1);
    let narrow = p.amb == Ambiguous::Narrow;
    let blocks: &[char] = if narrow {
        &[' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']
    } else {
        &[' ', '.', ':', '-', '=', '+', '*', '#', '@']
    };
    out.push((f5.arrivals_chart.to_string(), p.theme.title));
    const ROWS: i64 = 4;
    for row in (0..ROWS).rev() {
        let mut line = format!("{:>4}  ", if row == ROWS - 1 { max.to_string() } else { String::new() });
        for i in &slots {
            // Eighths of a row, so low counts still show.
            let eighths = w.arrivals_by_half_hour[*i] * ROWS * 8 / max;
            let here = (eighths - row * 8).clamp(0, 8) as usize;
            line.push_str(&blocks[here].to_string().repeat(cell));
        }
        out.push((line, p.theme.base));
    }
    let mut axis = "      ".to_string();
    for i in &slots {
        let label = if i % 2 == 0 { format!("{:02}", i / 2) } else { String::new() };
        axis.push_str(&width::fit(&label, cell, p.amb));
    }
    out.push((axis, p.theme.muted));
    let waits: Vec<Option<f64>> =
        slots.iter().map(|i| w.wait_by_half_hour.get(*i).copied().flatten()).collect();
    let top = waits.iter().flatten().copied().fold(0.0, f64::max);
    let mut line = format!("{:>4}  ", if top > 0.0 { format!("{top:.0}") } else { String::new() });
    for v in &waits {
        let c = match v {
            None => ' ',
            Some(x) => blocks[((x / top.max(1.0)) * 7.0).round() as usize + 1],
        };
        line.push_str(&c.to_string().repeat(cell));
    }
    out.push((line, p.theme.notice));
    out.push((format!("      {}", f5.waits_line), p.theme.muted));
}

/// A table as padded lines under its title, cut to `cols` by display width.
fn table_lines(p: &Painter, t: &Table, cols: usize) -> Vec<String> {
    std::iter::once(width::fit(&t.title, cols, p.amb))
        .chain(t.padded_lines(" ").iter().map(|l| width::truncate(l, cols, p.amb)))
        .collect()
}

/// Two tables abreast when both fit, else one under the other.
pub(super) fn side_by_side(p: &Painter, a: &Table, b: &Table, cols: usize, out: &mut Vec<(String, Style)>) {
    let half = cols.saturating_sub(2) / 2;
    let (la, lb) = (table_lines(p, a, half), table_lines(p, b, half));
    for i in 0..la.len().max(lb.len()) {
        let left = la.get(i).map(|l| width::fit(l, half, p.amb)).unwrap_or_else(|| " ".repeat(half));
        let right = lb.get(i).cloned().unwrap_or_default();
        let style = if i == 0 { p.theme.title } else { p.theme.base };
        out.push((format!("{left}  {right}"), style));
    }
}

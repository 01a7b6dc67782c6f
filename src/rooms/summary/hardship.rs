//! F5's 困难档案 section: a title, the period's figures on a line (broken between figures), then
//! the households in file by category beside the exits by reason, then by cause on a line or two:
//! about fifteen lines, so one 80×24 screen holds it whole.

use super::draw::{pack, side_by_side};
use crate::app::App;
use crate::report::Summary;
use crate::report::render::Table;
use crate::ui::Painter;
use ratatui::style::Style;

pub(super) fn section(
    app: &App,
    p: &Painter,
    s: &Summary,
    all: &[Table],
    cols: usize,
    out: &mut Vec<(String, Style)>,
) {
    let w = crate::i18n::report_hardship::words(app.lang);
    let h = &s.hardship;
    out.push((crate::domain::width::fit(w.section, cols, p.amb), p.theme.title));
    let line = format!(
        "{} {} · {} {} · {} {} · {} {} · {} {} · {} {} · {} {}",
        w.in_file,
        h.in_file.total,
        w.filed,
        h.filed,
        w.reviewed,
        h.reviewed,
        w.exited,
        h.exited.total,
        w.lapsed,
        h.lapsed,
        w.visits,
        h.visits,
        w.overdue_visits,
        h.overdue_visits
    );
    let style = if h.overdue_visits > 0 { p.theme.notice } else { p.theme.base };
    out.extend(pack(&line, cols).into_iter().map(|l| (l, style)));
    out.push((String::new(), p.theme.base));
    let pick = |key: &str| all.iter().find(|t| t.key == key);
    if let (Some(a), Some(b)) = (pick("hardship_categories"), pick("hardship_exits")) {
        side_by_side(p, a, b, cols, out);
    }
    // The causes on lines of their own (a household counts once per cause it has).
    let causes: Vec<String> = crate::domain::hardship::Cause::ALL
        .iter()
        .map(|c| {
            let n = h.in_file.by_cause.get(c.code()).copied().unwrap_or(0);
            format!("{} {n}", crate::i18n::hardship::cause(app.lang, *c))
        })
        .collect();
    let line = format!("{}{}", w.causes_lead, causes.join(" · "));
    out.extend(pack(&line, cols).into_iter().map(|l| (l, p.theme.base)));
    out.push((String::new(), p.theme.base));
}

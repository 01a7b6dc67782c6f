//! F5's 帮扶资金 section (issue #26): per programme-year of the period, committed and paid in
//! the period and recipients, as the table every format has (names cut by display width where
//! the screen is narrow). Figures only: nothing to mask.

use super::draw::whole_columns;
use crate::app::App;
use crate::domain::width;
use crate::report::render::Table;
use crate::ui::Painter;
use ratatui::style::Style;

pub(super) fn section(app: &App, p: &Painter, all: &[Table], cols: usize, out: &mut Vec<(String, Style)>) {
    let w = crate::i18n::report_fund_summary::words(app.lang);
    out.push((width::fit(w.section, cols, p.amb), p.theme.title));
    match all.iter().find(|t| t.key == "fund") {
        Some(t) if !t.rows.is_empty() => {
            let (lines, left_out) = whole_columns(p, t, cols);
            // The table's title is the section's: its header and rows only.
            out.extend(lines.into_iter().skip(1).map(|l| (l, p.theme.base)));
            if !left_out.is_empty() {
                let cols_out = left_out.join(app.ui.f4.list_sep);
                let note = crate::i18n::fill(app.ui.f5.columns_left_out, &[("cols", &cols_out)]);
                out.extend(width::wrap(&note, cols).into_iter().map(|l| (l, p.theme.muted)));
            }
        }
        _ => out.push((width::fit(w.none, cols, p.amb), p.theme.muted)),
    }
    out.push((String::new(), p.theme.base));
}

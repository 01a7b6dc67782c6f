//! A tab's row of pages, drawn the same way on every tab.

use super::Painter;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// A tab's pages on its first row, the one showing in brackets (not by colour alone).
pub fn pages(buf: &mut Buffer, area: Rect, p: &Painter, pages: &[(bool, &str)]) {
    let mut x = area.x + 1;
    for (showing, name) in pages {
        let (text, style) = if *showing {
            (format!("[{name}]"), p.theme.tab_active)
        } else {
            (name.to_string(), p.theme.tab)
        };
        x += p.put(buf, x, area.y, &text, area.width.saturating_sub(x - area.x), style) + 2;
    }
}

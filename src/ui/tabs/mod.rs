//! One module per tab.

pub mod admin;
pub mod claims;
pub mod letters;
pub mod station;
pub mod summary;
pub mod walkins;

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

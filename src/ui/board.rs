//! Drawing the lobby board: the latest call in large block letters, the last calls, what
//! comes next per matter, today's average wait.

use super::{Painter, width};
use crate::app::board::Board;
use crate::config::Settings;
use crate::i18n::{Ui, fill};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Widget};

/// 3×5 glyphs for the characters tickets use; anything else is drawn plainly.
fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        '0' => ["###", "# #", "# #", "# #", "###"],
        '1' => [" # ", "## ", " # ", " # ", "###"],
        '2' => ["###", "  #", "###", "#  ", "###"],
        '3' => ["###", "  #", "###", "  #", "###"],
        '4' => ["# #", "# #", "###", "  #", "  #"],
        '5' => ["###", "#  ", "###", "  #", "###"],
        '6' => ["###", "#  ", "###", "# #", "###"],
        '7' => ["###", "  #", "  #", "  #", "  #"],
        '8' => ["###", "# #", "###", "# #", "###"],
        '9' => ["###", "# #", "###", "  #", "###"],
        'A' => [" # ", "# #", "###", "# #", "# #"],
        'B' => ["## ", "# #", "## ", "# #", "## "],
        'C' => ["###", "#  ", "#  ", "#  ", "###"],
        'D' => ["## ", "# #", "# #", "# #", "## "],
        'E' => ["###", "#  ", "###", "#  ", "###"],
        'F' => ["###", "#  ", "###", "#  ", "#  "],
        'G' => ["###", "#  ", "# #", "# #", "###"],
        'H' => ["# #", "# #", "###", "# #", "# #"],
        _ => return None,
    })
}

/// Rows of block text, each glyph cell two columns wide so it looks square.
pub fn big(text: &str, full: &str) -> [String; 5] {
    let mut rows: [String; 5] = Default::default();
    for c in text.chars() {
        let g = glyph(c).unwrap_or(["   ", "   ", " ? ", "   ", "   "]);
        for (row, pattern) in rows.iter_mut().zip(g) {
            for px in pattern.chars() {
                row.push_str(if px == '#' { full } else { "  " });
            }
            row.push_str("  ");
        }
    }
    rows
}

pub fn draw(buf: &mut Buffer, area: Rect, b: &Board, settings: &Settings, ui: &Ui, p: &Painter) {
    if area.width < 80 || area.height < 24 {
        p.put(buf, area.x, area.y, ui.too_small, area.width, p.theme.error);
        return;
    }
    let set = if p.amb == width::Ambiguous::Wide { super::chrome::ASCII_BORDER } else { border::PLAIN };
    Block::bordered().border_set(set).border_style(p.theme.border).render(area, buf);
    let clock = b.now.with_timezone(&settings.tz).format(" %H:%M:%S ").to_string();
    let title = format!(" {} · {} ", settings.config.centre.name, ui.board_title);
    p.put(buf, area.x + 2, area.y, &title, area.width - 16, p.theme.title);
    p.put(buf, area.x + area.width - 12, area.y, &clock, 11, p.theme.title);
    let inner = Rect { x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 2 };
    let full = if p.amb == width::Ambiguous::Wide { "##" } else { "██" };
    match b.large() {
        Some(call) => {
            let rows = big(&call.ticket, full);
            let w = width::width(&rows[0]) as u16;
            let x = inner.x + inner.width.saturating_sub(w) / 2;
            for (i, r) in rows.iter().enumerate() {
                p.put(buf, x, inner.y + 1 + i as u16, r, inner.width, p.theme.banner);
            }
            let to = fill(ui.board_please, &[("ticket", &call.ticket), ("window", &call.window)]);
            let tw = width::width(&to) as u16;
            p.put(
                buf,
                inner.x + inner.width.saturating_sub(tw) / 2,
                inner.y + 7,
                &to,
                inner.width,
                p.theme.title,
            );
        }
        None => {
            p.put(buf, inner.x, inner.y + 3, ui.board_idle, inner.width, p.theme.muted);
        }
    }
    let y = inner.y + 9;
    p.rule(buf, Rect { x: area.x + 1, width: area.width - 2, ..area }, y);
    let half = inner.width / 2;
    p.put(buf, inner.x, y + 1, ui.board_recent, half, p.theme.label);
    for (i, c) in b.recent.iter().take(5).enumerate() {
        p.put(
            buf,
            inner.x,
            y + 2 + i as u16,
            &format!("{}  →  {}", c.ticket, c.window),
            half - 1,
            p.theme.base,
        );
    }
    p.put(buf, inner.x + half, y + 1, ui.board_next, half, p.theme.label);
    for (i, (matter, tickets)) in b.next.iter().enumerate() {
        let row = y + 2 + i as u16;
        if row >= inner.y + inner.height - 1 {
            break;
        }
        let list = if tickets.is_empty() { "-".to_string() } else { tickets.join(" ") };
        p.put(
            buf,
            inner.x + half,
            row,
            &format!("{}  {list}", width::fit(matter, 12, p.amb)),
            half,
            p.theme.base,
        );
    }
    let avg = match b.average_wait {
        Some(m) => fill(ui.board_wait, &[("m", &format!("{m:.1}"))]),
        None => fill(ui.board_wait, &[("m", &"-")]),
    };
    p.put(buf, inner.x, inner.y + inner.height - 1, &avg, inner.width, p.theme.muted);
}

//! Rendering the app into a TestBackend and reading it back as text, wide characters once.
#![allow(dead_code)]

use frontdesk::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The screen as lines (trailing spaces trimmed) plus where the cursor is.
pub fn render(app: &mut App, w: u16, h: u16) -> String {
    app.size = (w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| frontdesk::ui::draw(f, app)).unwrap();
    let mut out = text(term.backend().buffer(), w, h);
    out.push_str(&format!("cursor: {:?}\n", term.get_cursor_position().unwrap()));
    out
}

pub fn text(buf: &ratatui::buffer::Buffer, w: u16, h: u16) -> String {
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

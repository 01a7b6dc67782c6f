//! Drawing: never mutates the app, never touches storage. Every user string is passed through
//! `width` helpers before it reaches the buffer.

pub mod board;
pub(crate) mod chrome;
#[cfg(test)]
pub(crate) use chrome::hint_items;
pub mod form;
mod modal;
pub mod pages;
mod screens;
pub mod table;
pub mod theme;

use crate::app::{App, Screen};
use crate::domain::width::{self, Ambiguous};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use theme::Theme;

/// What every drawing function needs besides the app.
pub struct Painter {
    pub theme: Theme,
    pub amb: Ambiguous,
}

impl Painter {
    /// Writes `text` (made display-safe, truncated by display width) at (x, y) within `max` columns.
    pub fn put(&self, buf: &mut Buffer, x: u16, y: u16, text: &str, max: u16, style: Style) -> u16 {
        let safe = width::display_safe(text, self.amb);
        let cut = width::truncate(&safe, max as usize, self.amb);
        buf.set_string(x, y, &cut, style);
        width::width(&cut) as u16
    }

    /// A horizontal rule across `area`'s width at row `y`.
    pub fn rule(&self, buf: &mut Buffer, area: Rect, y: u16) {
        let ch = if self.amb == Ambiguous::Wide { "-" } else { "─" };
        buf.set_string(area.x, y, ch.repeat(area.width as usize), self.theme.border);
    }
}

/// Draws the whole screen and places the real cursor in the focused field.
pub fn draw(frame: &mut Frame, app: &App) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let painter = Painter { theme: Theme::named(&app.settings.config.theme, no_color), amb: app.amb };
    let area = frame.area();
    let cursor = render(frame.buffer_mut(), area, app, &painter);
    if let Some((x, y)) = cursor {
        frame.set_cursor_position((x, y));
    }
}

/// Renders into a buffer; returns where the cursor goes.
pub fn render(buf: &mut Buffer, area: Rect, app: &App, p: &Painter) -> Option<(u16, u16)> {
    if area.width < 80 || area.height < 24 {
        screens::too_small(buf, area, app, p);
        return None;
    }
    let inner = chrome::frame(buf, area, app, p);
    let cursor = match &app.screen {
        Screen::FirstRun(f) => screens::first_run(buf, inner, app, p, f),
        Screen::Login(l) => screens::login(buf, inner, app, p, l),
        Screen::Stale => screens::stale(buf, inner, app, p),
        Screen::Main(s) if s.lock.is_some() => screens::locked(buf, inner, app, p, s),
        Screen::Main(s) => chrome::session(buf, inner, app, p, s),
    };
    if let Some(m) = &app.modal {
        return modal::draw(buf, inner, app, p, m);
    }
    cursor
}

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

/// The app logged in as one clerk at window 1, at the snapshots' fixed time.
pub fn kiosk(
    lang: frontdesk::i18n::Lang,
    clerk: (i64, &str, &str, frontdesk::domain::Role),
    demo: bool,
) -> App {
    use chrono::TimeZone;
    let (id, login, name, role) = clerk;
    let clerk =
        frontdesk::db::clerks::Clerk { id, login: login.into(), name: name.into(), role, disabled: false };
    let setup = frontdesk::app::Setup {
        settings: frontdesk::config::Settings::builtin(),
        lang,
        window: Some("w1".into()),
        demo,
        first_run: false,
        config_differs: false,
        schema_version: frontdesk::db::LATEST_VERSION,
        auto_login: Some(clerk),
    };
    App::new(setup, chrono::Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap())
}

pub fn key(app: &mut App, code: crossterm::event::KeyCode, mods: crossterm::event::KeyModifiers) {
    let _ = app.update(frontdesk::app::Event::Key(crossterm::event::KeyEvent::new(code, mods), 5_000));
    // A digit over a numbered dialog waits out a card reader's pace; a person's is then applied.
    if app.holding() {
        let _ = app.settle(app.now_ms + 100);
    }
}

pub fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, crossterm::event::KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
    }
}

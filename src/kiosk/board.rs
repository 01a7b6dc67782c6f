//! `frontdesk board`: the lobby display. Reads on its own read-only connection each second;
//! no login, no personal data. Alt+Q quits.

use crate::app::board::{Board, Call};
use crate::context::Ctx;
use crate::db::{self, queue};
use crate::domain::dates;
use anyhow::Result;
use chrono::{DateTime, Utc};
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::time::Duration;

/// What the board shows now.
pub fn read(
    conn: &rusqlite::Connection,
    settings: &crate::config::Settings,
    now: DateTime<Utc>,
) -> Result<Board> {
    let day = dates::local_day(now, settings.tz);
    let start_of_day = day
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(settings.tz).single())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now);
    let window_name =
        |code: &str| settings.window(code).map(|w| w.name.clone()).unwrap_or_else(|| code.to_string());
    let calls: Vec<Call> = queue::recent_calls(conn, start_of_day, 6)?
        .into_iter()
        .map(|(ticket, window, at)| Call { ticket, window: window_name(&window), at })
        .collect();
    let day = day.to_string();
    let mut next = vec![];
    for m in &settings.config.matters {
        next.push((m.name.clone(), queue::next_tickets(conn, &day, &m.code, 3)?));
    }
    Ok(Board {
        latest: calls.first().cloned(),
        recent: calls,
        next,
        average_wait: queue::average_wait(conn, &day)?,
        now,
    })
}

pub fn run(ctx: &Ctx) -> Result<()> {
    let conn = db::open_read_only(&ctx.db_path).map_err(|e| ctx.db_error(e))?;
    let stop = super::terminal::termination_flag()?;
    let guard = super::terminal::enter()?;
    let mut term = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let painter = crate::ui::Painter {
        theme: crate::ui::theme::Theme::named(&ctx.settings.config.theme, no_color),
        amb: crate::domain::width::Ambiguous::from_config(ctx.settings.config.ambiguous_width),
    };
    let ui = ctx.lang.ui();
    let result = (|| -> Result<()> {
        loop {
            let board = read(&conn, &ctx.settings, Utc::now())?;
            term.draw(|f| {
                let area = f.area();
                crate::ui::board::draw(f.buffer_mut(), area, &board, &ctx.settings, ui, &painter)
            })?;
            if stop.requested() {
                return Ok(());
            }
            if event::poll(Duration::from_millis(1000))?
                && let Event::Key(k) = event::read()?
                && k.kind != KeyEventKind::Release
                && k.code == KeyCode::Char('q')
                && k.modifiers.contains(KeyModifiers::ALT)
            {
                return Ok(());
            }
        }
    })();
    drop(stop);
    drop(term);
    drop(guard);
    result
}

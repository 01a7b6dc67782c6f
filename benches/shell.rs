//! Shell speed: start to first frame, and key press to redrawn frame while typing.
//! Run with `cargo bench --bench shell`; figures go to the README and closing notes.

#[path = "common/mod.rs"]
mod common;

use clap::Parser;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::app::{App, Event, Screen};
use frontdesk::cli::{Args, Ctx};
use frontdesk::db::OpenMode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

fn stats(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let pick = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    println!(
        "{name:<44} n={:<6} median {:>9.3?}  p99 {:>9.3?}  max {:>9.3?}",
        samples.len(),
        pick(0.5),
        pick(0.99),
        samples[samples.len() - 1]
    );
}

fn start_to_first_frame(db: &str) {
    let mut samples = vec![];
    for _ in 0..40 {
        let t0 = Instant::now();
        common::first_frame(db);
        samples.push(t0.elapsed());
    }
    stats("start to first frame (80x24, no terminal I/O)", samples);
}

fn typing(db: &str, w: u16, h: u16) {
    let args = Args::try_parse_from(["frontdesk", "--db", db, "--window", "w1"]).unwrap();
    let ctx = Ctx::new(&args, false).unwrap();
    let opened = ctx.open(OpenMode::Existing).unwrap();
    let setup = frontdesk::kiosk::setup(&ctx, &opened.conn, None).unwrap();
    let mut app = App::new(setup, chrono::Utc::now());
    app.size = (w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut samples = vec![];
    let text: Vec<char> = "王建国浙江久立特种科技股份有限公司".chars().collect();
    for i in 0..20_000u64 {
        // Keep the field from growing without bound: clear it every so often.
        if i % 40 == 0
            && let Screen::Login(l) = &mut app.screen
        {
            l.form.clear();
        }
        let c = if i % 2 == 0 { '8' } else { text[(i as usize / 2) % text.len()] };
        let key = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), 1_000 + i * 100);
        let t0 = Instant::now();
        let effects = app.update(key);
        term.draw(|f| frontdesk::ui::draw(f, &app)).unwrap();
        samples.push(t0.elapsed());
        assert!(effects.is_empty(), "typing must not touch the database");
    }
    stats(&format!("key to frame while typing ({w}x{h})"), samples);
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let db = db.to_str().unwrap().to_string();
    let args = Args::try_parse_from(["frontdesk", "--db", &db]).unwrap();
    let ctx = Ctx::new(&args, false).unwrap();
    drop(ctx.open(OpenMode::Create).unwrap());
    start_to_first_frame(&db);
    typing(&db, 80, 24);
    typing(&db, 200, 60);
}

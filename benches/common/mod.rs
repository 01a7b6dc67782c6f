//! What the benches share: the demo databases they measure on (built once by the real binary,
//! `frontdesk demo --scale small|large --no-tui`, and kept under target/bench-data) and the
//! median and p99 of a list of timings.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Instant;

/// The demo database of `scale` (`small` or `large`), built on first use; BENCH_DATA=dir puts
/// them elsewhere. Building the large one prints how long it took (DESIGN: at most 3 minutes).
pub fn demo_db(scale: &str) -> PathBuf {
    let dir = std::env::var_os("BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{scale}.db"));
    if !path.exists() {
        let t = Instant::now();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args(["--db", path.to_str().unwrap(), "demo", "--scale", scale, "--no-tui"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        println!("built the {scale} demo ({}) in {:.1} s", path.display(), t.elapsed().as_secs_f64());
    }
    path
}

/// Median and 99th percentile, in the unit given.
pub fn stats(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
    (at(0.5), at(0.99))
}

/// Runs `f` `n` times and returns its times in milliseconds.
pub fn times(n: usize, mut f: impl FnMut(usize)) -> Vec<f64> {
    (0..n)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

/// What the kiosk does from its start to its first frame on `db` (at window w1, 80x24, no
/// terminal I/O): parse the arguments, open the database, set up, draw.
pub fn first_frame(db: &str) {
    use clap::Parser;
    let args = frontdesk::cli::Args::try_parse_from(["frontdesk", "--db", db, "--window", "w1"]).unwrap();
    let ctx = frontdesk::cli::Ctx::new(&args, false).unwrap();
    let opened = ctx.open(frontdesk::db::OpenMode::Existing).unwrap();
    let setup = frontdesk::kiosk::setup(&ctx, &opened.conn, None).unwrap();
    let app = frontdesk::app::App::new(setup, chrono::Utc::now());
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| frontdesk::ui::draw(f, &app)).unwrap();
}

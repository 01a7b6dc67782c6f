//! `[fund]` and `[hardship]` are centre-wide (issue #26): approvals are checked against them,
//! so two terminals with different programmes or hardship rules must not both issue numbers.
//! A terminal whose config differs only there has another fingerprint, the kiosk it opens
//! blocks numbers, and `config accept` names the key that differs.

mod common;

use clap::Parser;
use common::{Env, assert_ok, stdout};
use std::path::{Path, PathBuf};

/// The shipped config (the same as the built-in one) with one line changed.
fn config_with(env: &Env, name: &str, from: &str, to: &str) -> PathBuf {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/frontdesk.toml")).unwrap();
    assert!(text.contains(from), "{from}");
    let path = env.path(name);
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// Whether the kiosk opened on `db` with `config` blocks numbers (the real start-up path).
fn numbers_blocked(db: &Path, config: Option<&Path>) -> bool {
    let mut args = vec!["frontdesk".to_string(), "--db".into(), db.display().to_string()];
    if let Some(c) = config {
        args.extend(["--config".into(), c.display().to_string()]);
    }
    let args = frontdesk::cli::Args::try_parse_from(args).unwrap();
    let ctx = frontdesk::cli::Ctx::new(&args, false).unwrap();
    let opened = ctx.open(frontdesk::db::OpenMode::Existing).unwrap();
    let setup = frontdesk::kiosk::setup(&ctx, &opened.conn, None).unwrap();
    frontdesk::app::App::new(setup, chrono::Utc::now()).numbers_blocked
}

fn fingerprint(config: &Path) -> String {
    frontdesk::config::Settings::load_file(config).unwrap().fingerprint()
}

#[test]
fn a_fund_budget_or_a_hardship_line_changes_the_fingerprint_and_blocks_numbers() {
    let env = Env::seeded();
    let shipped = config_with(&env, "shipped.toml", "budget_fen = 45000000", "budget_fen = 45000000");
    let budget = config_with(&env, "budget.toml", "budget_fen = 45000000", "budget_fen = 46000000");
    let visits = config_with(&env, "visits.toml", "visit_interval_days = 90", "visit_interval_days = 91");
    let builtin = frontdesk::config::Settings::builtin().fingerprint();
    assert_eq!(fingerprint(&shipped), builtin, "the shipped file is the built-in config");
    assert_ne!(fingerprint(&budget), builtin);
    assert_ne!(fingerprint(&visits), builtin);
    assert_ne!(fingerprint(&budget), fingerprint(&visits));
    let text = frontdesk::config::Settings::builtin().centre_text();
    assert!(text.contains("[hardship]") && text.contains("visit_interval_days = 90"), "{text}");
    assert!(text.contains("[[fund.programmes]]") && text.contains("budget_fen = 45000000"), "{text}");

    // The database was made with the built-in config: the same terminal issues numbers, one
    // whose programme budget or hardship rule differs does not.
    assert!(!numbers_blocked(&env.db, None));
    assert!(!numbers_blocked(&env.db, Some(&shipped)));
    assert!(numbers_blocked(&env.db, Some(&budget)));
    assert!(numbers_blocked(&env.db, Some(&visits)));

    // `config accept` names the programme of its year (2027's has the same code) and both values.
    let c = budget.display().to_string();
    let out = env.sup(&["--config", &c, "config", "accept"]);
    assert_ok(&out);
    let said = stdout(&out);
    assert!(said.contains("fund.programmes[2026.spring_warmth].budget_fen"), "{said}");
    assert!(said.contains("45000000") && said.contains("46000000"), "{said}");
    assert!(!said.contains("2027.spring_warmth"), "{said}");
    assert!(!numbers_blocked(&env.db, Some(&budget)));
    assert!(numbers_blocked(&env.db, None));
}

use super::*;
use std::fs;

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config").join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

#[test]
fn builtin_parses_and_matches_the_domain_defaults() {
    let s = Settings::builtin();
    let letters: String = s.config.matters.iter().map(|m| m.letter.as_str()).collect();
    assert_eq!(letters, "ABCDEFG");
    assert_eq!(s.window("w4").unwrap().matters, vec!["*"]);
    assert!(!s.window("desk").unwrap().can_call);
    assert_eq!(s.config.claim_kinds.len(), 7);
    assert_eq!(s.tz, chrono_tz::Asia::Shanghai);
    assert!(s.calendar.is_set(2026));
    assert_eq!(s.config.idle_lock_seconds, 300);
    assert_eq!(s.config.queue.max_missed_calls, 3);
}

#[test]
fn every_good_fixture_loads() {
    for f in fixtures("good") {
        let s = Settings::load_file(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert_eq!(s.source, Source::File(f.clone()));
    }
}

#[test]
fn a_partial_file_keeps_the_other_defaults() {
    let f = fixtures("good").into_iter().find(|p| p.ends_with("terminal-only.toml")).unwrap();
    let s = Settings::load_file(&f).unwrap();
    assert_eq!(s.config.window.as_deref(), Some("w1"));
    assert_eq!(s.config.ambiguous_width, 2);
    assert_eq!(s.config.matters, builtin().matters);
    // Terminal keys do not change the centre-wide fingerprint.
    assert_eq!(s.fingerprint(), Settings::builtin().fingerprint());
    let own = fixtures("good").into_iter().find(|p| p.ends_with("own-centre.toml")).unwrap();
    assert_ne!(Settings::load_file(&own).unwrap().fingerprint(), Settings::builtin().fingerprint());
}

#[test]
fn every_bad_fixture_names_file_line_and_key() {
    for f in fixtures("bad") {
        let text = fs::read_to_string(&f).unwrap();
        let expect = text.lines().next().unwrap().trim_start_matches("# expect: ");
        let (line, key) = expect.split_once(' ').unwrap();
        let line: usize = line.trim_start_matches("line=").parse().unwrap();
        let key = key.trim_start_matches("key=");
        let err = Settings::load_file(&f).expect_err(&f.display().to_string());
        assert_eq!(err.file, f.display().to_string());
        assert_eq!((err.line, err.key.as_str()), (Some(line), key), "{}: {err}", f.display());
        assert!(err.to_string().starts_with(&format!("{}:{line}: {key}: ", f.display())), "{err}");
    }
}

#[test]
fn explicit_path_must_exist_and_wins() {
    let missing = Lookup { explicit: Some("/nonexistent/frontdesk.toml".into()), candidates: vec![] };
    let err = Settings::load(&missing).unwrap_err();
    assert!(err.file.contains("/nonexistent/frontdesk.toml"));
    let none = Lookup { explicit: None, candidates: vec!["/nonexistent/a.toml".into()] };
    assert_eq!(Settings::load(&none).unwrap().source, Source::BuiltIn);
}

#[test]
fn hardship_rules_default_to_the_builtin_and_a_partial_section_keeps_the_rest() {
    let s = Settings::builtin();
    assert_eq!(s.config.hardship, Hardship::default(), "frontdesk.toml and Hardship::default agree");
    assert_eq!(s.config.hardship.line(2026), Some(123_000));
    assert_eq!(s.config.hardship.line(2031), None);
    let own = Settings::parse("[hardship]\nvisit_interval_days = 60\n", Source::BuiltIn).unwrap();
    assert_eq!(own.config.hardship.visit_interval_days, 60);
    assert_eq!(own.config.hardship.valid_months, 12);
}

#[test]
fn fund_programmes_default_to_the_builtin_and_name_a_year_and_a_kind() {
    let s = Settings::builtin();
    assert_eq!(s.config.fund, Fund::default(), "frontdesk.toml and Fund::default agree");
    assert_eq!(s.config.fund.of_year(2026).count(), 5);
    assert_eq!(s.config.fund.of_year(2027).count(), 5);
    let spring = s.config.fund.programme(2026, "spring_warmth").unwrap();
    assert_eq!((spring.standard, spring.standard_fen, spring.times_per_year), (Standard::Fixed, 150_000, 1));
    assert!(s.config.fund.programme(2028, "spring_warmth").is_none());
    let own = Settings::parse("[fund]\npublicity_days = 10\n", Source::BuiltIn).unwrap();
    assert_eq!(own.config.fund.publicity_days, 10);
    assert_eq!(own.config.fund.programmes, Fund::default().programmes);
}

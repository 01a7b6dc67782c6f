//! Hostile input, generated: the ID, money, date and phone parsers and the letter renderer take
//! any string without a panic and keep their invariants (what parses re-parses to itself; a
//! valid number with one digit changed is refused; a value is never expanded again). The
//! claims import, through the real binary, takes all of a generated file or none of it.
//! PROPTEST_CASES=N sets how many cases each property runs (2,000 for the parsers here).

mod common;
use chrono::NaiveDate;
use common::*;
use frontdesk::config::letters::render;
use frontdesk::domain::dates::parse_date;
use frontdesk::domain::{Fen, IdNumber, Phone};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// Any text, weighted toward what a form or a file could carry: digits, separators, full-width
/// forms, CJK, control characters, escapes and bidi overrides.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,18}",
        "[0-9Xx .,/年月日元¥￥\\-]{0,20}",
        "[０-９Ｘ]{1,18}",
        "\\PC{0,12}",
        Just("\u{1b}[2J\u{7}\u{8}\u{202e}".to_string()),
        Just("{worker_name}{".to_string()),
    ];
    prop::collection::vec(piece, 0..4).prop_map(|v| v.concat())
}

fn parsers() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(parsers())]

    #[test]
    fn an_id_parses_or_is_refused_and_a_parsed_one_revalidates(s in hostile()) {
        if let Ok(id) = IdNumber::parse(&s, today()) {
            prop_assert_eq!(IdNumber::parse(id.as_str(), today()).ok(), Some(id.clone()));
            prop_assert!(IdNumber::from_stored(id.as_str()).is_some());
            prop_assert_eq!(id.masked().chars().count(), 18);
        }
    }

    #[test]
    fn one_digit_changed_in_a_valid_id_is_refused(
        days in 0i64..36_000, seq in 0u16..1000, at in 0usize..17, by in 1u8..10,
    ) {
        let birth = NaiveDate::from_ymd_opt(1926, 1, 1).unwrap() + chrono::Duration::days(days);
        let id = IdNumber::synthesize("330102", birth, seq).unwrap();
        prop_assert!(IdNumber::parse(id.as_str(), today()).is_ok());
        let mut b = id.as_str().as_bytes().to_vec();
        b[at] = b'0' + (b[at] - b'0' + by) % 10;
        let changed = String::from_utf8(b).unwrap();
        prop_assert!(IdNumber::parse(&changed, today()).is_err(), "{} accepted", changed);
    }

    #[test]
    fn money_parses_to_what_it_prints(s in hostile(), yuan in 0i64..10_000_000_000, fen in 0i64..100) {
        if let Ok(f) = Fen::parse(&s) {
            prop_assert!(f.0 >= 0);
            prop_assert_eq!(Fen::parse(&f.plain()), Ok(f));
        }
        let typed = format!("{yuan}.{fen:02}");
        prop_assert_eq!(Fen::parse(&typed), Ok(Fen(yuan * 100 + fen)));
        prop_assert_eq!(Fen::parse(&Fen(yuan * 100 + fen).plain()), Ok(Fen(yuan * 100 + fen)));
    }

    #[test]
    fn a_date_parses_to_itself_in_every_written_form(s in hostile(), days in 0i64..40_000) {
        if let Ok(d) = parse_date(&s, today()) {
            prop_assert_eq!(parse_date(&d.to_string(), today()), Ok(d));
        }
        let d = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Duration::days(days);
        for form in ["%Y-%m-%d", "%Y年%-m月%-d日", "%Y/%-m/%-d", "%Y.%m.%d", "%Y%m%d"] {
            prop_assert_eq!(parse_date(&d.format(form).to_string(), today()), Ok(d));
        }
    }

    #[test]
    fn a_phone_parses_to_itself_and_masks_its_middle(s in hostile()) {
        if let Ok(p) = Phone::parse(&s) {
            prop_assert!(Phone::parse(p.as_str()).is_ok_and(|q| q == p));
            // The middle four are hidden: what shows is the first three and the last four (the
            // middle digits may well also occur among those, as in 00068786878).
            let s = p.as_str();
            let shown = [&s[..3.min(s.len())], "****", &s[7.min(s.len())..]].concat();
            prop_assert!(s.len() != 11 || p.masked() == shown);
        }
    }

    #[test]
    fn the_renderer_fills_once_and_never_expands_a_value(text in hostile(), value in hostile()) {
        let out = render(&text, &|_| value.clone());
        if !text.contains('{') {
            prop_assert_eq!(&out, &text);
        }
        let once = render("{worker_name}|{standard}", &|_| value.clone());
        prop_assert_eq!(once, format!("{value}|{value}"));
    }
}

proptest! {
    // Each case runs the binary on a new database: fewer cases.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_claims_file_goes_in_whole_or_not_at_all(
        rows in prop::collection::vec((any::<bool>(), hostile(), hostile()), 1..12),
    ) {
        let env = Env::seeded();
        let mut w = csv::Writer::from_path(env.path("c.csv")).unwrap();
        w.write_record(["claim_no", "id_number", "name", "kind", "filed_on", "amount_claimed", "amount_approved", "status", "note"]).unwrap();
        for (i, (good, junk, note)) in rows.iter().enumerate() {
            let no = format!("P{i:03}");
            let amount = if *good { "100".to_string() } else { junk.clone() };
            w.write_record([no.as_str(), "11010519491231002X", note, "inpatient", "2026-10-08", &amount, "", "submitted", note]).unwrap();
        }
        w.flush().unwrap();
        drop(w);
        let out = env.sup(&["import", "claims", env.path("c.csv").to_str().unwrap()]);
        let held: i64 = rusqlite::Connection::open(&env.db).unwrap()
            .query_row("SELECT count(*) FROM claims", [], |r| r.get(0)).unwrap();
        match code(&out) {
            0 => prop_assert_eq!(held, rows.len() as i64),
            1 => {
                prop_assert_eq!(held, 0);
                prop_assert!(stderr(&out).contains("行："), "names the line: {}", stderr(&out));
            }
            other => prop_assert!(false, "exit {}: {}", other, stderr(&out)),
        }
    }
}

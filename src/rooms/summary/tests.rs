//! F5 through the real key path and the real executor on a temp database.

use super::*;
use crate::app::form::FieldId;
use crate::report::Period;

fn t(h: &Harness) -> &crate::rooms::summary::SummaryTab {
    &h.session().summary
}

fn day(m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

#[test]
fn an_auditor_opens_on_today_and_steps_through_periods() {
    let mut h = Harness::with(Some("w1"), &[("8004", "王经审", Role::Auditor)]);
    h.login("8004", PIN);
    assert_eq!(h.session().tab, Tab::Summary);
    assert_eq!(t(&h).shown, Some(Period::day(day(11, 28))), "today's figures, read at login");
    assert!(t(&h).summary.is_some());
    h.press(KeyCode::Left);
    assert_eq!(t(&h).shown, Some(Period::day(day(11, 27))));
    h.typ("3");
    assert_eq!(t(&h).shown, Some(Period { from: day(10, 1), to: day(10, 31) }), "last month");
    assert_eq!(t(&h).summary.as_ref().map(|s| s.days.len()), Some(31));
    h.press(KeyCode::Right);
    assert_eq!(t(&h).shown, Some(Period { from: day(11, 1), to: day(11, 30) }), "a month steps by months");
    h.typ("４");
    assert_eq!(t(&h).shown, Some(Period { from: day(10, 1), to: day(12, 31) }), "full-width digits pick too");
}

#[test]
fn a_date_or_range_is_checked_and_kept() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    h.press(KeyCode::F(5));
    h.alt('d');
    h.typ("11月3日");
    h.press(KeyCode::Tab);
    h.typ("11月1日");
    h.alt('s');
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("the form stays open") };
    assert_eq!(m.form.field(FieldId::To).unwrap().error.as_deref(), Some("结束日期早于开始日期"));
    assert_eq!((m.form.value(FieldId::From), m.form.value(FieldId::To)), ("11月3日", "11月1日"));
    for _ in 0.."11月1日".chars().count() {
        h.press(KeyCode::Backspace);
    }
    h.typ("11月9日");
    h.alt('s');
    assert!(h.app.modal.is_none());
    assert_eq!(t(&h).shown, Some(Period { from: day(11, 3), to: day(11, 9) }));
    assert_eq!(t(&h).summary.as_ref().map(|s| s.days.len()), Some(7));
    // A week steps by a week.
    h.press(KeyCode::Left);
    assert_eq!(t(&h).shown, Some(Period { from: day(10, 27), to: day(11, 2) }));
}

#[test]
fn a_clerk_never_reaches_the_summary() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.press(KeyCode::F(5));
    assert_eq!(h.session().tab, Tab::WalkIns);
    assert!(h.app.flash.as_deref().unwrap().contains("统计日报"));
    // Even asked directly, the database side refuses a clerk.
    let who = h.app.who().unwrap();
    let env = h.env();
    let effect =
        Effect::Summary { who, op: crate::rooms::summary::SummaryOp { period: Period::day(day(11, 28)) } };
    match crate::app::execute(&mut h.db.conn, &env, effect) {
        Some(Reply::Summary(r)) => assert!(r.1.is_err()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_period_not_today_is_read_once_and_the_last_ones_figures_are_let_go() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    h.press(KeyCode::F(5));
    h.typ("5");
    assert!(t(&h).summary.is_some());
    let asked = |h: &Harness| h.effects.iter().filter(|e| matches!(e, Effect::Summary { .. })).count();
    let before = asked(&h);
    // The two-second refresh does not ask again: a long period's read under way would be
    // interrupted by its own repeat, every two seconds, and never finish.
    h.tick(2_500);
    h.tick(2_500);
    assert_eq!(asked(&h), before);
    // Stepping away drops the figures shown before the new ones are asked for.
    h.app.update(Event::Key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE), h.ms + 200));
    assert!(t(&h).summary.is_none(), "last year's figures are not held beside this year's read");
}

/// helper-21 / helper-22: at 80×24 the alerts' 提醒 was cut to "…", and a batch code 70 columns
/// wide then left only the item's name. The alerts take the whole width, a long cell is cut.
#[test]
fn the_stock_alerts_show_their_flag_at_80_columns_whatever_the_batch_code() {
    let mut h = Harness::new(Some("w1"));
    let batch = "HX".repeat(35);
    h.db.conn
        .execute(
            "INSERT INTO station_stock (item, batch, expires_on, qty) VALUES ('huoxiang', ?1, '2026-12-01', 3)",
            [&batch],
        )
        .unwrap();
    h.login("8001", PIN);
    h.press(KeyCode::F(5));
    for _ in 0..12 {
        h.press(KeyCode::PageDown);
    }
    let shown = h.screen();
    let line = shown.lines().find(|l| l.contains("藿香正气水 HX")).unwrap_or_default().to_string();
    assert!(line.contains("临期") && line.contains("2026-12-01") && line.contains('…'), "{shown}");
}

/// #28: F5's 库存提醒 listed in item order, so at 80×24 the most urgent could be far down or
/// cut. Expired batches first, then the lowest stock against its threshold, then the soonest
/// expiry; past what a screen holds, `另有 N 项`.
#[test]
fn the_stock_alerts_put_the_most_urgent_first_and_count_what_is_cut() {
    let mut h = Harness::new(Some("w1"));
    let rows = [
        ("umbrella", "", None, 2),
        ("water", "", None, 20),
        ("huoxiang", "HXB", Some("2026-12-20"), 3),
        ("huoxiang", "HXA", Some("2026-12-05"), 3),
        ("cold_granules", "GMX", Some("2026-11-20"), 4),
    ];
    for (item, batch, exp, qty) in rows {
        h.db.conn
            .execute(
                "INSERT INTO station_stock (item, batch, expires_on, qty) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![item, batch, exp, qty],
            )
            .unwrap();
    }
    for i in 0..12 {
        h.db.conn
            .execute(
                "INSERT INTO station_stock (item, batch, expires_on, qty) VALUES ('cold_granules', ?1, '2026-12-2' || ?2, 1)",
                rusqlite::params![format!("GM{i:02}"), i % 8 + 1],
            )
            .unwrap();
    }
    h.login("8001", PIN);
    h.press(KeyCode::F(5));
    let mut pages = String::new();
    for _ in 0..14 {
        pages.push_str(&h.screen());
        h.press(KeyCode::PageDown);
    }
    let lines: Vec<&str> = pages.lines().collect();
    let start = lines.iter().position(|l| l.contains("库存提醒")).expect("the alerts table");
    // Pages overlap as they scroll: the first line each name is on after the title is its place.
    let alerts: Vec<&str> = lines[start..].to_vec();
    let at = |s: &str| alerts.iter().position(|l| l.contains(s)).unwrap_or(usize::MAX);
    assert!(at("GMX") < at("雨伞"), "the expired batch first:\n{}", alerts.join("\n"));
    assert!(at("雨伞") < at("纯净水"), "2 of 3 umbrellas before 20 of 24 water:\n{}", alerts.join("\n"));
    assert!(
        at("纯净水") < at("HXA") && at("HXA") < at("HXB"),
        "the soonest expiry first:\n{}",
        alerts.join("\n")
    );
    assert!(pages.contains("另有") && pages.contains("项"), "what is cut is counted:\n{}", alerts.join("\n"));
}

/// In English the daily table's note on columns left out at 80 columns lists them with an
/// English comma, not the Chinese 、.
#[test]
fn the_columns_left_out_are_listed_in_the_screens_language() {
    let accounts = [("8001", "周主任", Role::Supervisor)];
    let mut h = Harness::with_lang(Some("w1"), &accounts, crate::i18n::Lang::En);
    h.login("8001", PIN);
    h.press(KeyCode::F(5));
    h.typ("3");
    h.tick(50);
    let mut note = None;
    for _ in 0..30 {
        let shown = h.screen();
        if let Some(at) = shown.find("(not shown at this width") {
            note = Some(shown[at..].chars().take(200).collect::<String>());
            break;
        }
        h.press(KeyCode::PageDown);
    }
    let note = note.expect("a month's daily table leaves columns out at 80 columns");
    assert!(!note.contains('、'), "{note}");
}

/// #28 (tester): 疗养函按单位 cut the unit names at 16 columns (`四明山职工疗休…`) although the
/// line had room: a name has the room there is, in either language.
#[test]
fn the_letters_by_unit_give_each_name_the_room_there_is() {
    for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
        let mut h = Harness::with_lang(Some("w1"), &[("8001", "周主任", Role::Supervisor)], lang);
        h.login("8001", PIN);
        h.press(KeyCode::F(5));
        let title = h.app.ui.f5.sheet_units;
        let units: Vec<String> =
            h.app.settings.config.recuperation_units.iter().map(|u| u.name.clone()).collect();
        assert!(units.iter().any(|u| crate::domain::width::width(u) > 16), "{units:?}");
        let mut seen = String::new();
        for _ in 0..30 {
            seen = h.screen();
            if seen.contains(title) && units.iter().all(|u| seen.contains(u.as_str())) {
                break;
            }
            h.press(KeyCode::PageDown);
        }
        for u in &units {
            assert!(seen.contains(u.as_str()), "{lang:?}: `{u}` cut\n{seen}");
        }
    }
}

/// tryout-42 #11: ↓ went on counting past the end of the page: after 200 presses ↑ did nothing
/// visible for about 160. The scroll stops at the last page, so the first ↑ moves.
#[test]
fn down_past_the_end_stops_there_and_up_moves_at_once() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    h.press(KeyCode::F(5));
    h.typ("3");
    let top = h.screen();
    for _ in 0..200 {
        h.press(KeyCode::Down);
    }
    let end = h.screen();
    assert_ne!(top, end, "a month is longer than a screen");
    h.press(KeyCode::Up);
    let up = h.screen();
    assert_ne!(end, up, "the first ↑ after the end moves:\n{end}\n{up}");
    for _ in 0..5 {
        h.press(KeyCode::PageDown);
    }
    h.press(KeyCode::PageUp);
    assert_ne!(h.screen(), end, "PgUp after PgDn past the end moves too");
}

#[path = "tests_ledger.rs"]
mod ledger;

#[path = "tests_ledger_pay.rs"]
mod ledger_pay;

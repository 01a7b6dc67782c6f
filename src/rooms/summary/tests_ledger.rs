//! F5's aid fund ledger (Alt+K) through the real key path: the figures after an approval made
//! at F2 are db::fund::ledger's, Enter lists the payments, ← → change the year.

use super::*;

const ID: &str = "11010519491231002X";

fn clerk_id(h: &Harness, login: &str) -> i64 {
    h.db.conn.query_row("SELECT id FROM clerks WHERE login = ?1", [login], |r| r.get(0)).unwrap()
}

/// A relative household's 元旦春节送温暖 claim entered by 8002 and under review.
fn seeded(h: &Harness) -> String {
    let no = crate::app::tests::fund_fixture::fund_claim(h, "hardship_aid", "spring_warmth", 150_000);
    h.db.conn.execute("UPDATE claims SET status = 'under_review'", []).unwrap();
    no
}

/// The screen with the approval's day (the executor's own clock) as `YYYY-MM-DD`.
fn steady(h: &Harness) -> String {
    let day = crate::domain::dates::local_day(chrono::Utc::now(), h.app.settings.tz).to_string();
    h.screen().replace(&day, "YYYY-MM-DD")
}

/// The supervisor approves it at F2 (Alt+M, 批准, the amount as filled, Alt+S).
pub(super) fn approved_at_f2(lang: crate::i18n::Lang) -> (Harness, String) {
    let accounts = [("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)];
    let mut h = Harness::with_lang(Some("w1"), &accounts, lang);
    h.login("8001", PIN);
    let no = seeded(&h);
    h.press(KeyCode::F(2));
    h.typ(ID);
    h.press(KeyCode::Enter);
    h.typ("1");
    h.press(KeyCode::Tab);
    h.alt('m');
    h.typ("1");
    h.alt('s');
    let status: String =
        h.db.conn.query_row("SELECT status FROM claims WHERE claim_no = ?1", [&no], |r| r.get(0)).unwrap();
    assert_eq!(status, "approved", "{}", h.screen());
    h.press(KeyCode::F(5));
    h.alt('k');
    (h, no)
}

#[test]
fn the_ledger_shows_db_fund_ledgers_figures_after_an_approval_at_f2() {
    let (mut h, no) = approved_at_f2(crate::i18n::Lang::Zh);
    let lines = crate::db::fund::ledger(&h.db.conn, &h.app.settings.config.fund, 2026).unwrap();
    let spring = lines.iter().find(|l| l.code == "spring_warmth").unwrap();
    assert_eq!((spring.figures.committed, spring.recipients, spring.remaining()), (150_000, 1, 44_850_000));
    let shown = h.session().summary.ledger.shown.clone().unwrap();
    assert_eq!(shown.lines, lines, "the page shows the storage's ledger");
    let screen = h.screen();
    assert!(screen.contains("帮扶资金台账 2026 年"), "{screen}");
    assert!(screen.contains("448,500.00") && screen.contains("1,500.00"), "{screen}");
    insta::assert_snapshot!("f5_ledger_zh_80x24", screen);
    h.press(KeyCode::Enter);
    let screen = steady(&h);
    assert!(screen.contains(&no) && screen.contains("王*国") && screen.contains("相对困难"), "{screen}");
    assert!(!screen.contains("王建国"), "masked: {screen}");
    insta::assert_snapshot!("f5_ledger_payments_zh_80x24", screen);
    h.press(KeyCode::Esc);
    assert!(h.session().summary.ledger.payments.is_none());
    h.press(KeyCode::Right);
    assert!(h.screen().contains("帮扶资金台账 2027 年"), "{}", h.screen());
    h.press(KeyCode::Right);
    assert!(h.screen().contains("2028 年未设帮扶项目"), "{}", h.screen());
    // F12 lists the ledger's keys.
    h.press(KeyCode::F(12));
    let help = h.screen();
    assert!(help.contains("上一年") && help.contains("支付明细") && help.contains("台账"), "{help}");
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("Alt+K 统计"), "on the ledger Alt+K says where it goes: {screen}");
    assert!(!screen.contains("Alt+K 台账"), "{screen}");
    h.alt('k');
    assert!(!h.session().summary.ledger.on, "Alt+K goes back to the summary");
    let screen = h.screen();
    assert!(screen.contains("Alt+K 台账"), "the summary offers the ledger: {screen}");
}

#[test]
fn the_ledger_in_english_at_80x24() {
    let (mut h, _) = approved_at_f2(crate::i18n::Lang::En);
    insta::assert_snapshot!("f5_ledger_en_80x24", h.screen());
    h.press(KeyCode::Enter);
    insta::assert_snapshot!("f5_ledger_payments_en_80x24", steady(&h));
}

#[path = "tests_ledger_objections.rs"]
mod objections;

/// A budget at the config's ceiling shows whole with its `*`, the total too, at 80×24.
fn ceiling_budget_whole(lang: crate::i18n::Lang) {
    let (mut h, _) = approved_at_f2(lang);
    let supervisor = clerk_id(&h, "8001");
    let by = crate::db::hardship_ops::By {
        clerk_id: supervisor,
        role: Role::Supervisor,
        actor: crate::db::audit::Actor { clerk_id: Some(supervisor), login: None, terminal: "t".into() },
        at: chrono::Utc::now(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    };
    let cfg = h.app.settings.config.fund.clone();
    let top = crate::config::AMOUNT_CEILING_FEN * 100 - 1;
    crate::db::fund::change_budget(&h.db.conn, &by, &cfg, 2026, "spring_warmth", top, "市总专项")
        .unwrap()
        .unwrap();
    // Another year and back: read again.
    h.press(KeyCode::Right);
    h.press(KeyCode::Left);
    let screen = h.screen();
    assert!(screen.contains("9,999,999,999.99*"), "{screen}");
    // Remaining after the 1,500 approved.
    assert!(screen.contains("9,999,998,499.99"), "{screen}");
    assert!(!screen.contains('…'), "{screen}");
    let lines = crate::db::fund::ledger(&h.db.conn, &cfg, 2026).unwrap();
    let total: i64 = lines.iter().map(|l| l.figures.budget).sum();
    assert!(screen.contains(&crate::domain::money::Fen(total).plain()), "{screen}");
    assert!(screen.lines().all(|l| crate::domain::width::width(l) <= 80), "{screen}");
}

#[test]
fn a_budget_at_the_ceiling_shows_whole_with_its_mark_at_80_columns() {
    ceiling_budget_whole(crate::i18n::Lang::Zh);
    ceiling_budget_whole(crate::i18n::Lang::En);
}

//! F6's budgets page (Alt+B) through the real key path on a temp database: a supervisor
//! changes a budget with a reason (history row, audit `fund_budget`, the new figure on screen);
//! a cut below committed + paid and an empty reason are refused keeping what was typed; an
//! auditor reads the page without the change key; ← → change the year.

use super::*;
use crate::i18n::Lang;

const ACCOUNTS: [(&str, &str, Role); 3] = [
    ("8001", "周主任", Role::Supervisor),
    ("8002", "吴窗口", Role::Clerk),
    ("8003", "钱审计", Role::Auditor),
];

fn clerk_id(h: &Harness, login: &str) -> i64 {
    h.db.conn.query_row("SELECT id FROM clerks WHERE login = ?1", [login], |r| r.get(0)).unwrap()
}

/// A 金秋助学 claim of 4,000.00 approved (committed) for a relative household.
fn committed(h: &Harness) {
    crate::app::tests::fund_fixture::fund_claim(h, "education_aid", "autumn_study", 400_000);
    h.db.conn.execute("UPDATE claims SET status = 'approved', amount_approved_fen = 400000", []).unwrap();
}

fn opened(login: &str, lang: Lang) -> Harness {
    let mut h = Harness::with_lang(Some("w1"), &ACCOUNTS, lang);
    committed(&h);
    h.login(login, PIN);
    h.press(KeyCode::F(6));
    h.alt('b');
    h
}

fn select(h: &mut Harness, code: &str) {
    for _ in 0..6 {
        h.press(KeyCode::Up);
    }
    while h.session().admin.budgets.shown.as_ref().unwrap().lines[h.session().admin.budgets.selected].code
        != code
    {
        h.press(KeyCode::Down);
    }
}

fn form_value(h: &Harness, f: FieldId) -> (String, Option<String>) {
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("no form: {}", h.screen()) };
    let field = m.form.field(f).unwrap();
    (m.form.value(f).to_string(), field.error.clone())
}

/// The screen with the change's time (the executor's own clock) as `YYYY-MM-DD HH:MM`.
fn steady(h: &Harness) -> String {
    let mut screen = h.screen();
    for r in crate::db::fund::history(&h.db.conn, 2026, "autumn_study").unwrap() {
        let at = chrono::DateTime::parse_from_rfc3339(&r.at).unwrap().with_timezone(&h.app.settings.tz);
        screen = screen.replace(&at.format("%Y-%m-%d %H:%M").to_string(), "YYYY-MM-DD HH:MM");
    }
    screen
}

#[test]
fn a_supervisor_changes_a_budget_with_a_reason_and_sees_its_history() {
    let mut h = opened("8001", Lang::Zh);
    let screen = h.screen();
    assert!(screen.contains("资金预算 2026 年") && screen.contains("金秋助学"), "{screen}");
    assert!(
        screen.contains("300,000.00") && screen.contains("4,000.00") && screen.contains("296,000.00"),
        "{screen}"
    );
    assert!(screen.contains("Alt+E 调整预算") && screen.contains("回车 调整记录"), "{screen}");
    insta::assert_snapshot!("f6_budgets_zh_80x24", screen);
    select(&mut h, "autumn_study");
    h.alt('e');
    h.typ("350,000");
    h.press(KeyCode::Tab);
    h.typ("追加市总工会专项拨款");
    h.alt('s');
    assert!(h.app.modal.is_none(), "saved: {}", h.screen());
    let rows = crate::db::fund::history(&h.db.conn, 2026, "autumn_study").unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].budget_fen, rows[0].reason.as_str()), (35_000_000, "追加市总工会专项拨款"));
    assert_eq!((rows[0].clerk.as_deref(), rows[0].source.as_str()), (Some("周主任"), "change"));
    assert!(h.audit_actions().contains(&"fund_budget".to_string()));
    let line = &h.session().admin.budgets.shown.as_ref().unwrap().lines;
    assert_eq!(line.iter().find(|l| l.code == "autumn_study").unwrap().figures.budget, 35_000_000);
    let screen = steady(&h);
    assert!(screen.contains("350,000.00*") && screen.contains("以调整记录为准"), "{screen}");
    assert!(screen.contains("金秋助学 2026 年预算调整记录"), "{screen}");
    assert!(
        screen.contains("300,000.00 → 350,000.00") && screen.contains("理由：追加市总工会专项拨款"),
        "{screen}"
    );
    assert!(screen.contains("年初  配置  300,000.00"), "{screen}");
    insta::assert_snapshot!("f6_budgets_history_zh_80x24", screen);
    // F12 lists the page's keys.
    h.press(KeyCode::F(12));
    let help = h.screen();
    assert!(help.contains("资金预算") && help.contains("调整预算") && help.contains("调整记录"), "{help}");
}

#[test]
fn a_cut_below_committed_and_paid_is_refused_with_the_figures_keeping_the_form() {
    let mut h = opened("8001", Lang::Zh);
    select(&mut h, "autumn_study");
    h.alt('e');
    h.typ("3,000");
    h.press(KeyCode::Tab);
    h.typ("年末压缩");
    h.alt('s');
    let (typed, error) = form_value(&h, FieldId::Amount);
    assert_eq!(typed, "3,000");
    let error = error.expect("refused on the amount");
    assert!(error.contains("3,000.00") && error.contains("4,000.00") && error.contains("0.00"), "{error}");
    assert_eq!(form_value(&h, FieldId::Reason).0, "年末压缩");
    assert!(h.screen().contains("低于已承诺"), "{}", h.screen());
    insta::assert_snapshot!("f6_budget_refused_zh_80x24", h.screen());
    assert!(crate::db::fund::history(&h.db.conn, 2026, "autumn_study").unwrap().is_empty());
    // Esc (asked first: something was typed) cancels and keeps nothing.
    h.press(KeyCode::Esc);
    h.press(KeyCode::Enter);
    assert!(h.app.modal.is_none(), "{}", h.screen());
    h.alt('e');
    assert_eq!(form_value(&h, FieldId::Amount).0, "");
}

#[test]
fn the_database_refuses_a_cut_too_and_the_form_comes_back_as_typed() {
    let mut h = opened("8001", Lang::En);
    select(&mut h, "autumn_study");
    h.alt('e');
    h.typ("3000");
    h.press(KeyCode::Tab);
    h.typ("year-end cut");
    // The page's figures are stale: the form's check passes, the write's refuses.
    if let Screen::Main(s) = &mut h.app.screen {
        for l in &mut s.admin.budgets.shown.as_mut().unwrap().lines {
            l.figures.committed = 0;
        }
    }
    h.alt('s');
    let (typed, error) = form_value(&h, FieldId::Amount);
    assert_eq!(typed, "3000");
    let error = error.expect("the database's refusal on the amount");
    assert!(error.contains("below committed 4,000.00 + paid 0.00 = 4,000.00"), "{error}");
    assert_eq!(form_value(&h, FieldId::Reason).0, "year-end cut");
    assert!(crate::db::fund::history(&h.db.conn, 2026, "autumn_study").unwrap().is_empty());
}

#[test]
fn an_empty_reason_or_a_bare_digit_is_refused_and_a_bad_amount_too() {
    let mut h = opened("8001", Lang::Zh);
    select(&mut h, "autumn_study");
    h.alt('e');
    h.typ("350000");
    h.alt('s');
    assert_eq!(form_value(&h, FieldId::Reason).1.as_deref(), Some("须填写调整理由"));
    assert_eq!(form_value(&h, FieldId::Amount), ("350000".to_string(), None));
    h.typ("1。");
    h.alt('s');
    assert_eq!(form_value(&h, FieldId::Reason).1.as_deref(), Some("理由须是文字，不能只有数字或符号"));
    let Some(Modal::Form(m)) = &mut h.app.modal else { panic!() };
    m.form.set_value(FieldId::Amount, "三十五万");
    h.alt('s');
    assert!(form_value(&h, FieldId::Amount).1.is_some_and(|e| e.contains("金额无效")));
    assert!(crate::db::fund::history(&h.db.conn, 2026, "autumn_study").unwrap().is_empty());
    assert!(!h.audit_actions().contains(&"fund_budget".to_string()));
}

#[test]
fn an_auditor_reads_the_page_without_the_change_key() {
    let mut h = opened("8003", Lang::Zh);
    let screen = h.screen();
    assert!(screen.contains("资金预算 2026 年（只读）") && screen.contains("金秋助学"), "{screen}");
    assert!(!screen.contains("调整预算"), "no change key offered: {screen}");
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("年内未调整"), "{}", h.screen());
    h.alt('e');
    assert!(h.app.modal.is_none());
    assert_eq!(h.app.flash.as_deref(), Some(h.app.ui.f6.supervisor_only));
    assert!(crate::db::fund::history(&h.db.conn, 2026, "spring_warmth").unwrap().is_empty());
}

#[test]
fn left_and_right_change_the_year() {
    let mut h = opened("8001", Lang::Zh);
    h.press(KeyCode::Right);
    assert!(h.screen().contains("资金预算 2027 年"), "{}", h.screen());
    assert_eq!(h.session().admin.budgets.shown.as_ref().unwrap().year, 2027);
    assert!(!h.screen().contains("4,000.00"), "2027 has nothing committed: {}", h.screen());
    h.press(KeyCode::Right);
    assert!(h.screen().contains("2028 年未设帮扶项目"), "{}", h.screen());
    h.press(KeyCode::Left);
    h.press(KeyCode::Left);
    h.press(KeyCode::Left);
    assert!(h.screen().contains("2025 年未设帮扶项目"), "{}", h.screen());
}

#[test]
fn the_page_in_english_at_80x24() {
    let mut h = opened("8001", Lang::En);
    select(&mut h, "accident_relief");
    h.alt('e');
    h.typ("160000");
    h.press(KeyCode::Tab);
    h.typ("flood in the county");
    h.alt('s');
    let screen = h.screen();
    assert!(screen.contains("Fund budgets 2026") && screen.contains("160,000.00*"), "{screen}");
    let rows = crate::db::fund::history(&h.db.conn, 2026, "accident_relief").unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(&rows[0].at).unwrap().with_timezone(&h.app.settings.tz);
    let screen = screen.replace(&at.format("%Y-%m-%d %H:%M").to_string(), "YYYY-MM-DD HH:MM");
    insta::assert_snapshot!("f6_budgets_history_en_80x24", screen);
}

/// A long reason reads whole under its change, wrapped by display width at 80 columns.
#[test]
fn a_long_reason_reads_whole_in_the_history() {
    let mut h = opened("8001", Lang::Zh);
    select(&mut h, "autumn_study");
    let reason = "根据市总工会经审会二〇二六年第三次会议决定，追加金秋助学专项资金，用于本年度新增困难职工子女入学资助";
    h.alt('e');
    h.typ("350,000");
    h.press(KeyCode::Tab);
    h.typ(reason);
    h.alt('s');
    assert!(h.app.modal.is_none(), "saved: {}", h.screen());
    let screen = steady(&h);
    let joined: String = screen.lines().map(|l| l.trim_matches(|c: char| c == '│' || c == ' ')).collect();
    assert!(joined.contains(reason), "{screen}");
}

/// The page strip shows four pages; Alt+K goes round all four, the budgets page included.
#[test]
fn alt_k_goes_round_the_four_pages_the_strip_shows() {
    let mut h = Harness::with_lang(Some("w1"), &ACCOUNTS, Lang::Zh);
    h.login("8001", PIN);
    h.press(KeyCode::F(6));
    let mut seen = vec![];
    for _ in 0..4 {
        h.alt('k');
        seen.push(h.session().admin.view);
    }
    use crate::rooms::admin::View;
    assert_eq!(seen, [View::Audit, View::Config, View::Budgets, View::Clerks]);
    assert!(h.screen().contains("工作人员"), "{}", h.screen());
}

#[path = "tests_budgets_fixes.rs"]
mod fixes;

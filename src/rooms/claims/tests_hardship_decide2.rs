//! Alt+M and Alt+F, the try-out's defects (#25, tryout-42 items 2, 4 and 12): a waiting review
//! is not stranded by an exit, a step refused as changed re-offers the pick, stock phrases,
//! the exit's date, logins by full-width commas.

use super::hardship_decide::{by, col, dialog, filed, last_event, on_page, reviewed, version};
use super::*;
use crate::app::Modal;
use crate::db::hardship_ops;
use crate::db::hardship_review::{self, ReviewInput};
use crate::domain::hardship::{Category, ExitReason, Outcome, Verdict};
use crate::rooms::claims::hardship_visit::bare_finding;

fn review_state(h: &Harness, file: i64) -> String {
    h.db.conn
        .query_row("SELECT state FROM hardship_reviews WHERE file_id = ?1", [file], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_direct_exit_closes_the_review_waiting_and_says_so() {
    let (h, file) = on_page("8005", |h| reviewed(h, Outcome::Continue));
    let v = version(&h, file);
    let boss = by(&h, "8005", Role::Supervisor);
    hardship_ops::exit(&h.db.conn, &boss, file, v, ExitReason::Died, "").unwrap().unwrap();
    assert_eq!(col(&h, file, "state").as_deref(), Some("exited"));
    assert_eq!(review_state(&h, file), "returned", "no review is left waiting on an exited file");
    let (action, detail) = last_event(&h, file);
    assert_eq!(action, "exit");
    assert!(detail.unwrap_or_default().contains("review="), "the exit's event names the review it closed");
    let note: String =
        h.db.conn
            .query_row("SELECT note FROM hardship_reviews WHERE file_id = ?1", [file], |r| r.get(0))
            .unwrap();
    assert!(note.contains("退出"), "{note}");
}

#[test]
fn a_step_refused_as_changed_re_offers_the_pick_for_the_file_as_it_now_is() {
    let (mut h, file) = on_page("8005", filed);
    h.alt('m');
    h.typ("1");
    h.typ("6");
    // Another terminal: the clerk enters a review meanwhile.
    let r = ReviewInput {
        members: super::hardship_decide::household_for_tests(),
        category: Some(Category::Deep),
        category_reason: String::new(),
        verification: hardship_ops::NewVerification {
            dated_on: "2026-11-25".parse().unwrap(),
            reference: "民核2026-302".into(),
            result: Verdict::Eligible,
            per_head_fen: None,
        },
        outcome: Outcome::Exit,
        exit_reason: Some(ExitReason::Income),
        note: String::new(),
    };
    let v = version(&h, file);
    hardship_review::review(&h.db.conn, &by(&h, "8002", Role::Clerk), file, v, &r).unwrap().unwrap();
    h.alt('s');
    assert_eq!(col(&h, file, "state").as_deref(), Some("filed"));
    let screen = h.screen();
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))), "the pick again, not the old dialog:\n{screen}");
    assert!(screen.contains("批准年审") && screen.contains("年审待审批"), "{screen}");
    // A second Alt+S stores nothing.
    h.alt('s');
    assert_eq!(col(&h, file, "state").as_deref(), Some("filed"));
    assert_eq!(review_state(&h, file), "entered");
}

#[test]
fn stock_phrases_joined_are_still_bare() {
    for bare in ["已慰问，东西放下", "已送达。已慰问", "东西放下 已走访", "已发放、已慰问；正常"]
    {
        assert_eq!(bare_finding(bare), Some(false), "{bare}");
    }
    for said in ["已慰问，老人卧床需护理", "东西放下，孩子说学费还差两千"] {
        assert_eq!(bare_finding(said), None, "{said}");
    }
}

#[test]
fn the_exit_dialog_says_it_is_dated_today() {
    let (mut h, _) = on_page("8005", filed);
    h.alt('m');
    h.typ("1");
    let today = h.app.today().to_string();
    let screen = h.screen();
    assert!(dialog(&h).is_some() && screen.contains(&today), "{today}:\n{screen}");
}

#[test]
fn who_went_takes_full_width_commas_and_names_an_unknown_login() {
    let (mut h, file) = on_page("8002", filed);
    h.alt('f');
    h.press(KeyCode::Tab);
    h.ctrl('u');
    h.typ("8002，8005，8888");
    h.press(KeyCode::Tab);
    h.typ("家中");
    h.press(KeyCode::Tab);
    h.typ("老人腿伤未愈，靠邻居送饭");
    h.alt('s');
    assert!(h.screen().contains("没有工号为 8888 的账号"), "{}", h.screen());
    let f = dialog(&h).expect("kept");
    assert_eq!(f.form.value(FieldId::Visitors), "8002，8005，8888");
    h.press(KeyCode::End);
    for _ in 0..5 {
        h.press(KeyCode::Backspace);
    }
    h.alt('s');
    let went: Vec<String> =
        h.db.conn
            .prepare(
                "SELECT c.login FROM hardship_visit_clerks vc JOIN clerks c ON c.id = vc.clerk_id
             JOIN hardship_visits v ON v.id = vc.visit_id WHERE v.file_id = ?1 ORDER BY c.login",
            )
            .unwrap()
            .query_map([file], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(went, ["8002", "8005"], "{:?}\n{}", h.app.flash, h.screen());
}

/// Four eyes covers edits (#25, tryout-47 B): the clerk applies, supervisor 8001 edits the
/// application with Alt+E (a cause more) — and then his Alt+M is not offered and is refused in
/// words before any dialog; supervisor 8005 approves it.
#[test]
fn the_supervisor_who_edited_the_application_may_not_decide_it_and_another_approves() {
    use super::hardship_decide::applied_by;
    let (mut h, file) = on_page("8001", |h| applied_by(h, "8002", "2026-11-20", Verdict::Eligible));
    assert!(h.screen().contains("Alt+M"), "not his yet: {}", h.screen());
    h.alt('e');
    h.press(KeyCode::PageDown);
    h.typ("5");
    h.alt('s');
    assert!(h.screen().contains("已修改申请"), "{}", h.screen());
    assert_eq!(col(&h, file, "causes").as_deref(), Some("illness,unemployment"));
    assert!(!h.screen().contains("Alt+M"), "the hint bar does not offer it: {}", h.screen());
    h.alt('m');
    assert!(h.app.modal.is_none(), "nothing opens: {}", h.screen());
    assert!(h.screen().contains("申请由您录入或修改，须由另一位主管审批"), "{}", h.screen());
    assert_eq!(col(&h, file, "state").as_deref(), Some("applied"));
    // Another supervisor at this terminal (Alt+U) approves it.
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login("8005", PIN);
    look_up(&mut h, ID, '1');
    h.alt('k');
    h.alt('m');
    h.typ("1");
    h.typ("复核无误");
    h.alt('s');
    assert!(h.app.modal.is_none(), "{}", h.screen());
    assert_eq!(col(&h, file, "state").as_deref(), Some("filed"));
    assert_eq!(last_event(&h, file), ("approve".into(), Some("复核无误".into())));
}

/// The exit dialog (tryout-47 D): 其他 refused without a note, the focus on 说明; a digit and
/// then Chinese typed there are all kept — the note is what was typed, never the digit alone.
#[test]
fn after_a_refused_exit_a_digit_and_chinese_typed_in_the_note_are_all_kept() {
    let (mut h, file) = on_page("8001", filed);
    h.alt('m');
    h.typ("1");
    h.typ("7");
    h.alt('s');
    assert!(h.screen().contains("原因为“其他”时须填写说明"), "{}", h.screen());
    h.typ("6");
    h.typ("随子女迁往杭州");
    let form = dialog(&h).expect("the dialog stays");
    assert_eq!(form.form.value(crate::app::form::FieldId::Note), "6随子女迁往杭州", "{}", h.screen());
    h.alt('s');
    assert!(dialog(&h).is_none(), "{}", h.screen());
    assert_eq!(col(&h, file, "exit_note").as_deref(), Some("6随子女迁往杭州"));
}

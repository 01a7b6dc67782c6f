//! F2's 困难档案 page, Alt+M 审批 and Alt+F 走访, through the real key path and executor, on
//! files written through the storage API (the application and review forms are another
//! slice's).

use super::*;
use crate::app::Modal;
use crate::db::audit;
use crate::db::hardship_ops::{self, Application, NewVerification, NewVisit};
use crate::db::hardship_review::{self, ReviewInput};
use crate::domain::hardship::{
    Category, Cause, ExitReason, Health, Member, Outcome, Relation, Verdict, Work,
};
use chrono::NaiveDate;

pub(super) fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The day the database side takes its steps on (the wall clock's, in the centre).
pub(super) fn storage_today(h: &Harness) -> NaiveDate {
    crate::domain::dates::local_day(chrono::Utc::now(), h.app.settings.tz)
}

pub(super) fn by(h: &Harness, login: &str, role: Role) -> hardship_ops::By {
    let clerk_id = clerk_id(h, login);
    hardship_ops::By {
        clerk_id,
        role,
        actor: audit::Actor { clerk_id: Some(clerk_id), login: Some(login.into()), terminal: "t".into() },
        at: now(),
        today: day("2026-11-28"),
    }
}

fn accounts() -> [(&'static str, &'static str, Role); 3] {
    [
        ("8001", "周主任", Role::Supervisor),
        ("8002", "吴窗口", Role::Clerk),
        ("8005", "钱主任", Role::Supervisor),
    ]
}

fn member(name: &str, relation: Relation, id: Option<&str>, health: Health, work: Work, yuan: i64) -> Member {
    Member {
        name: name.into(),
        relation,
        id_number: id.map(String::from),
        health,
        disability_grade: None,
        work,
        income_fen: yuan * 100,
    }
}

pub(super) fn household_for_tests() -> Vec<Member> {
    household()
}

fn household() -> Vec<Member> {
    vec![
        member("王建国", Relation::Self_, Some(ID), Health::Chronic, Work::Employed, 2_000),
        member("李秀英", Relation::Spouse, Some("330381196607151234"), Health::Grave, Work::Unable, 0),
        member("王小明", Relation::Child, None, Health::Healthy, Work::Student, 800),
    ]
}

/// 王建国's application entered by `login`, with a verification of `verified` (`result`).
pub(super) fn applied_by(h: &Harness, login: &str, verified: &str, result: Verdict) -> i64 {
    let id = IdNumber::from_stored(ID).unwrap();
    let known = Known { name: "王建国", phone: "13812345678", work_unit: "久立特钢", email: "" };
    let worker_id = workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    let role = if login == "8002" { Role::Clerk } else { Role::Supervisor };
    let a = Application {
        members: household(),
        causes: vec![Cause::Illness],
        category: Some(Category::Deep),
        category_reason: String::new(),
        verification: Some(NewVerification {
            dated_on: day(verified),
            reference: "民核2026-118".into(),
            result,
            per_head_fen: Some(93_333),
        }),
    };
    let cfg = h.app.settings.config.hardship.clone();
    hardship_ops::apply(&h.db.conn, &cfg, &by(h, login, role), worker_id, &a).unwrap().unwrap().id
}

/// Applied by the clerk 8002 and approved by 8005 (storage).
pub(super) fn filed(h: &Harness) -> i64 {
    let id = applied_by(h, "8002", "2026-11-20", Verdict::Eligible);
    let cfg = h.app.settings.config.hardship.clone();
    let v = version(h, id);
    hardship_ops::approve(&h.db.conn, &cfg, &by(h, "8005", Role::Supervisor), id, v).unwrap().unwrap();
    id
}

pub(super) fn version(h: &Harness, file: i64) -> i64 {
    h.db.conn.query_row("SELECT version FROM hardship_files WHERE id = ?1", [file], |r| r.get(0)).unwrap()
}

pub(super) fn col(h: &Harness, file: i64, column: &str) -> Option<String> {
    let sql = format!("SELECT {column} FROM hardship_files WHERE id = ?1");
    h.db.conn.query_row(&sql, [file], |r| r.get(0)).unwrap()
}

pub(super) fn last_event(h: &Harness, file: i64) -> (String, Option<String>) {
    h.db.conn
        .query_row(
            "SELECT action, detail FROM hardship_events WHERE file_id = ?1 ORDER BY id DESC LIMIT 1",
            [file],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// `login` logged in, the worker looked up, on the 困难档案 page.
pub(super) fn on_page(login: &str, setup: impl FnOnce(&Harness) -> i64) -> (Harness, i64) {
    let mut h = at(login, &accounts());
    let file = setup(&h);
    look_up(&mut h, ID, '1');
    h.alt('k');
    (h, file)
}

pub(super) fn dialog(h: &Harness) -> Option<&crate::app::ModalForm> {
    match &h.app.modal {
        Some(Modal::Form(f)) => Some(f),
        _ => None,
    }
}

#[test]
fn approval_is_refused_in_words_to_the_supervisor_who_entered_and_a_clerk_is_told_supervisors_decide() {
    let (mut h, file) = on_page("8001", |h| applied_by(h, "8001", "2026-11-20", Verdict::Eligible));
    // The hint bar does not offer what would only be refused.
    assert!(!h.screen().contains("Alt+M"), "{}", h.screen());
    h.alt('m');
    assert!(h.app.modal.is_none(), "nothing opens");
    let screen = h.screen();
    assert!(screen.contains("申请由您录入或修改，须由另一位主管审批"), "{screen}");
    assert_eq!(col(&h, file, "state").as_deref(), Some("applied"));
    // A clerk: only supervisors decide, and the hint bar does not offer Alt+M.
    let (mut h, _) = on_page("8002", |h| applied_by(h, "8001", "2026-11-20", Verdict::Eligible));
    assert!(!h.screen().contains("Alt+M"), "{}", h.screen());
    assert!(h.screen().contains("Alt+F"), "{}", h.screen());
    h.alt('m');
    assert!(h.app.modal.is_none());
    assert!(h.screen().contains("困难档案的审批由主管办理"), "{}", h.screen());
}

#[test]
fn a_second_supervisor_approves_and_the_file_is_filed_with_its_valid_until() {
    let (mut h, file) = on_page("8001", |h| applied_by(h, "8002", "2026-11-20", Verdict::Eligible));
    assert!(h.screen().contains("Alt+M"), "offered: {}", h.screen());
    h.alt('m');
    let screen = h.screen();
    assert!(
        screen.contains("批准建档") && screen.contains("退回修改") && screen.contains("不予建档"),
        "{screen}"
    );
    h.typ("1");
    let screen = h.screen();
    for want in [
        "类别：深度困难",
        "人均月收入 933.33",
        "低于低保",
        "2026-11-20 民核2026-118 符合",
        "有效期至 2027-11-27",
    ] {
        assert!(screen.contains(want), "{want}:\n{screen}");
    }
    h.typ("复核无误");
    h.alt('s');
    assert!(h.app.modal.is_none(), "{}", h.screen());
    assert_eq!(col(&h, file, "state").as_deref(), Some("filed"));
    let until = crate::domain::hardship::valid_until(storage_today(&h), 12).to_string();
    assert_eq!(col(&h, file, "valid_until"), Some(until.clone()));
    assert_eq!(last_event(&h, file), ("approve".into(), Some("复核无误".into())));
    let screen = h.screen();
    assert!(screen.contains("已批准建档") && screen.contains(&until) && screen.contains("在档"), "{screen}");
}

#[test]
fn approval_is_refused_without_a_current_eligible_verification_saying_the_dates() {
    let (mut h, file) = on_page("8001", |h| applied_by(h, "8002", "2026-07-01", Verdict::Eligible));
    h.alt('m');
    h.typ("1");
    assert!(dialog(&h).is_none(), "no dialog");
    let screen = h.screen();
    assert!(
        screen.contains("不能批准：最近核对 2026-07-01 已超 90 天，须为 2026-08-30 以后的核对"),
        "{screen}"
    );
    assert_eq!(col(&h, file, "state").as_deref(), Some("applied"));
    let (mut h, _) = on_page("8001", |h| applied_by(h, "8002", "2026-11-20", Verdict::Ineligible));
    h.alt('m');
    h.typ("1");
    assert!(dialog(&h).is_none());
    assert!(h.screen().contains("结果为“不符合”"), "{}", h.screen());
}

#[test]
fn send_back_and_reject_need_a_reason_and_keep_it() {
    let (mut h, file) = on_page("8001", |h| applied_by(h, "8002", "2026-11-20", Verdict::Eligible));
    h.alt('m');
    h.typ("2");
    h.alt('s');
    assert!(h.screen().contains("须填写理由"), "{}", h.screen());
    h.typ("收入证明缺单位盖章");
    h.alt('s');
    assert!(dialog(&h).is_none(), "{}", h.screen());
    let returned: i64 =
        h.db.conn
            .query_row("SELECT returned FROM hardship_files WHERE id = ?1", [file], |r| r.get(0))
            .unwrap();
    assert_eq!(returned, 1);
    assert_eq!(last_event(&h, file), ("return".into(), Some("收入证明缺单位盖章".into())));
    assert!(h.screen().contains("已退回修改"), "{}", h.screen());
    h.alt('m');
    h.typ("3");
    h.alt('s');
    assert!(h.screen().contains("须填写理由"), "{}", h.screen());
    h.typ("家庭人均收入高于标准");
    h.alt('s');
    assert_eq!(col(&h, file, "state").as_deref(), Some("rejected"));
    assert_eq!(col(&h, file, "reject_reason").as_deref(), Some("家庭人均收入高于标准"));
    assert!(h.screen().contains("不予建档"), "{}", h.screen());
}

/// A review entered by the clerk (storage: the review form is another slice's).
pub(super) fn reviewed(h: &Harness, outcome: Outcome) -> i64 {
    let file = filed(h);
    let mut members = household();
    members[0].income_fen = 150_000;
    let r = ReviewInput {
        category_reason: String::new(),
        members,
        category: Some(Category::Relative),
        verification: NewVerification {
            dated_on: day("2026-11-25"),
            reference: "民核2026-301".into(),
            result: Verdict::Eligible,
            per_head_fen: Some(76_666),
        },
        outcome,
        exit_reason: (outcome == Outcome::Exit).then_some(ExitReason::Employed),
        note: "妻子病情稳定".into(),
    };
    let v = version(h, file);
    hardship_review::review(&h.db.conn, &by(h, "8002", Role::Clerk), file, v, &r).unwrap().unwrap();
    file
}

#[test]
fn a_review_is_approved_to_continue_and_to_exit() {
    let (mut h, file) = on_page("8001", |h| reviewed(h, Outcome::Continue));
    h.alt('m');
    assert!(h.screen().contains("批准年审") && h.screen().contains("退回年审"), "{}", h.screen());
    h.typ("1");
    let screen = h.screen();
    for want in ["继续在档", "深度困难 → 相对困难", "人均月收入 766.66", "有效期：", "→ 2027-11-27"]
    {
        assert!(screen.contains(want), "{want}:\n{screen}");
    }
    h.alt('s');
    let state: String =
        h.db.conn
            .query_row("SELECT state FROM hardship_reviews WHERE file_id = ?1", [file], |r| r.get(0))
            .unwrap();
    assert_eq!(state, "approved");
    assert_eq!(col(&h, file, "category").as_deref(), Some("relative"));
    assert_eq!(col(&h, file, "reviewed_on"), Some(storage_today(&h).to_string()));
    assert!(h.screen().contains("年审通过"), "{}", h.screen());

    let (mut h, file) = on_page("8001", |h| reviewed(h, Outcome::Exit));
    h.alt('m');
    h.typ("1");
    let screen = h.screen();
    assert!(screen.contains("年审结论：退出（就业）") && screen.contains("不再在档"), "{screen}");
    h.press(KeyCode::Enter);
    assert_eq!(col(&h, file, "state").as_deref(), Some("exited"));
    assert_eq!(col(&h, file, "exit_reason").as_deref(), Some("employed"));
    assert!(h.screen().contains("档案已退出"), "{}", h.screen());
}

#[test]
fn a_review_entered_by_this_supervisor_is_refused_in_words() {
    let (mut h, _) = on_page("8005", |h| {
        let file = filed(h);
        let r = ReviewInput {
            category_reason: String::new(),
            members: household(),
            category: None,
            verification: NewVerification {
                dated_on: day("2026-11-25"),
                reference: "民核2026-301".into(),
                result: Verdict::Eligible,
                per_head_fen: None,
            },
            outcome: Outcome::Continue,
            exit_reason: None,
            note: String::new(),
        };
        let v = version(h, file);
        hardship_review::review(&h.db.conn, &by(h, "8005", Role::Supervisor), file, v, &r).unwrap().unwrap();
        file
    });
    h.alt('m');
    assert!(h.app.modal.is_none());
    assert!(h.screen().contains("的年审由您录入"), "{}", h.screen());
}

#[test]
fn exit_takes_its_reason_by_digit_and_a_note_when_other() {
    let (mut h, file) = on_page("8001", filed);
    h.alt('m');
    h.typ("1");
    // 其他 (7) with no note: refused, the pick kept.
    h.typ("7");
    h.alt('s');
    assert!(h.screen().contains("原因为“其他”时须填写说明"), "{}", h.screen());
    assert_eq!(col(&h, file, "state").as_deref(), Some("filed"));
    h.press(KeyCode::BackTab);
    h.typ("6");
    h.press(KeyCode::Tab);
    h.typ("随子女迁往杭州");
    h.alt('s');
    assert!(dialog(&h).is_none(), "{}", h.screen());
    assert_eq!(col(&h, file, "state").as_deref(), Some("exited"));
    assert_eq!(col(&h, file, "exit_reason").as_deref(), Some("moved"));
    assert_eq!(col(&h, file, "exit_note").as_deref(), Some("随子女迁往杭州"));
}

#[test]
fn a_visit_with_two_clerks_in_chinese_shows_newest_first() {
    let (mut h, file) = on_page("8002", |h| {
        let file = filed(h);
        let visit = NewVisit {
            visited_on: day("2026-10-10"),
            logins: vec!["8002".into()],
            place: "家中".into(),
            found: "妻子卧床，家中无人照料".into(),
            needs: String::new(),
            given: String::new(),
            next_step: String::new(),
            next_on: None,
        };
        let v = version(h, file);
        hardship_ops::visit(&h.db.conn, &by(h, "8002", Role::Clerk), file, v, &visit).unwrap().unwrap();
        file
    });
    h.alt('f');
    let f = dialog(&h).expect("the visit form");
    assert_eq!(f.form.value(FieldId::Visited), "2026-11-28");
    assert_eq!(f.form.value(FieldId::Visitors), "8002");
    h.press(KeyCode::Tab);
    h.press(KeyCode::End);
    h.typ("，8001");
    h.press(KeyCode::Tab);
    h.typ("家中");
    h.press(KeyCode::Tab);
    h.typ("厨房灶台坏了在用电磁炉，孩子在小桌上写作业");
    h.press(KeyCode::Tab);
    h.typ("修灶台");
    h.press(KeyCode::Tab);
    h.typ("慰问金五百元");
    h.press(KeyCode::Tab);
    h.typ("联系社区修灶台");
    h.press(KeyCode::Tab);
    h.typ("2026-12-15");
    h.alt('s');
    assert!(dialog(&h).is_none(), "{}", h.screen());
    let who: Vec<String> = {
        let mut st = h
            .db
            .conn
            .prepare(
                "SELECT k.login FROM hardship_visit_clerks c JOIN clerks k ON k.id = c.clerk_id
                 JOIN hardship_visits v ON v.id = c.visit_id WHERE v.file_id = ?1 AND v.visited_on = '2026-11-28'
                 ORDER BY k.login",
            )
            .unwrap();
        st.query_map([file], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(who, ["8001", "8002"]);
    // What visits found shows after Alt+V with a reason (it tells illnesses).
    h.alt('v');
    h.typ("1");
    h.draw();
    h.press(KeyCode::PageDown);
    let screen = h.screen();
    let new = screen.find("厨房灶台").unwrap_or_else(|| panic!("{screen}"));
    let old = screen.find("妻子卧床").unwrap_or_else(|| panic!("{screen}"));
    assert!(new < old, "newest first:\n{screen}");
    assert!(screen.contains("吴窗口、周主任") || screen.contains("周主任、吴窗口"), "{screen}");
    assert!(screen.contains("联系社区修灶台 2026-12-15"), "{screen}");
}

#[test]
fn a_blank_or_bare_finding_is_refused_keeping_the_other_fields() {
    let (mut h, file) = on_page("8002", filed);
    h.alt('f');
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("村委会");
    h.press(KeyCode::Tab);
    h.typ("  ");
    h.press(KeyCode::Tab);
    h.typ("护理");
    h.alt('s');
    let f = dialog(&h).expect("kept");
    assert_eq!(f.form.value(FieldId::Place), "村委会");
    assert_eq!(f.form.value(FieldId::Needs), "护理");
    assert!(h.screen().contains("须写明走访看到、了解到的情况"), "{}", h.screen());
    h.typ("东西放下");
    h.alt('s');
    assert!(h.screen().contains("只写“已送达”“东西放下”不算"), "{}", h.screen());
    let visits: i64 =
        h.db.conn
            .query_row("SELECT count(*) FROM hardship_visits WHERE file_id = ?1", [file], |r| r.get(0))
            .unwrap();
    assert_eq!(visits, 0);
    // An unknown login is named, under who went.
    h.ctrl('u');
    h.typ("老人说夜里常咳嗽");
    h.press(KeyCode::BackTab);
    h.press(KeyCode::BackTab);
    h.press(KeyCode::End);
    h.typ(" 9999");
    h.alt('s');
    assert!(h.screen().contains("没有工号为 9999 的账号"), "{}", h.screen());
    assert!(dialog(&h).is_some());
}

#[test]
fn esc_keeps_the_visit_for_the_same_key_on_the_same_file() {
    let (mut h, _) = on_page("8002", filed);
    h.alt('f');
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("医院病房");
    h.press(KeyCode::Esc);
    assert!(h.app.modal.is_none(), "{}", h.screen());
    h.alt('f');
    assert_eq!(dialog(&h).map(|f| f.form.value(FieldId::Place).to_string()).as_deref(), Some("医院病房"));
}

#[test]
fn a_step_refused_as_changed_by_another_terminal_keeps_the_dialog() {
    let (mut h, file) = on_page("8001", |h| applied_by(h, "8002", "2026-11-20", Verdict::Eligible));
    h.alt('m');
    h.typ("2");
    h.typ("请补户口本复印件");
    // Another terminal changes the file meanwhile.
    let other = crate::db::open(&h.db.path, crate::db::OpenMode::Existing).unwrap();
    other.conn.execute("UPDATE hardship_files SET version = version + 1 WHERE id = ?1", [file]).unwrap();
    h.alt('s');
    // The steps are offered again for the file as read again (tryout-42 item 2) ...
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))), "{}", h.screen());
    assert!(h.screen().contains("另一终端已修改档案"), "{}", h.screen());
    let returned: i64 =
        h.db.conn
            .query_row("SELECT returned FROM hardship_files WHERE id = ?1", [file], |r| r.get(0))
            .unwrap();
    assert_eq!(returned, 0, "nothing stored");
    // ... and the same step brings back what was typed, saved on the file as read again.
    h.typ("2");
    let f = dialog(&h).expect("the dialog is kept");
    assert_eq!(f.form.value(FieldId::Reason), "请补户口本复印件");
    h.alt('s');
    assert!(dialog(&h).is_none(), "{}", h.screen());
    assert_eq!(last_event(&h, file).0, "return");
}

#[test]
fn the_approve_dialog_and_the_visit_form_at_80x24() {
    let (mut h, _) = on_page("8001", |h| applied_by(h, "8002", "2026-11-20", Verdict::Eligible));
    h.alt('m');
    h.typ("1");
    insta::assert_snapshot!("f2_hardship_approve_zh_80x24", h.screen());
    h.press(KeyCode::Esc);
    h.alt('f');
    insta::assert_snapshot!("f2_hardship_visit_zh_80x24", h.screen());
}

#[test]
fn the_lists_follow_a_step() {
    let (mut h, _) = on_page("8001", |h| applied_by(h, "8002", "2026-11-20", Verdict::Eligible));
    // Through the lists and back round to the file: the lists were read.
    h.alt('k');
    assert!(h.screen().contains("待审批申请 (1)"), "{}", h.screen());
    h.alt('k');
    h.alt('k');
    h.alt('m');
    h.typ("1");
    h.alt('s');
    // Read again with the step, before the lists page is shown again.
    let lists = h.session().claims.hk.lists.clone().expect("read");
    assert!(lists.lines.is_empty(), "{lists:?}");
    h.alt('k');
    assert!(h.screen().contains("没有需要处理的档案"), "{}", h.screen());
}

#[test]
fn an_exit_for_other_reasons_needs_a_note_in_words_not_a_digit() {
    let (mut h, file) = on_page("8001", filed);
    h.alt('m');
    h.typ("1");
    h.typ("7");
    h.press(KeyCode::Tab);
    h.typ("6");
    h.alt('s');
    assert!(h.screen().contains("请写明退出的具体情况"), "{}", h.screen());
    assert_eq!(col(&h, file, "state").as_deref(), Some("filed"));
}

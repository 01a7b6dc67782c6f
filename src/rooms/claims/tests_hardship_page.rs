//! F2's 困难档案 page and lists page through the real key path and executor, on files written
//! through the storage API.

use super::*;
use crate::db::audit;
use crate::db::hardship_ops::{self, Application, NewVerification, NewVisit};
use crate::domain::hardship::{Category, Cause, Health, Member, Relation, Verdict, Work};
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(super) fn by(h: &Harness, login: &str, role: Role, today: &str) -> hardship_ops::By {
    let clerk_id = clerk_id(h, login);
    hardship_ops::By {
        clerk_id,
        role,
        actor: audit::Actor { clerk_id: Some(clerk_id), login: Some(login.into()), terminal: "t".into() },
        at: now(),
        today: day(today),
    }
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

/// 王建国's household of four, typed in Chinese names (a long one among them).
fn four() -> Vec<Member> {
    vec![
        member("王建国", Relation::Self_, Some(ID), Health::Chronic, Work::Employed, 2_000),
        member("李秀英", Relation::Spouse, Some("330381196607151234"), Health::Grave, Work::Unable, 0),
        member("王小明", Relation::Child, None, Health::Healthy, Work::Student, 0),
        member("欧阳娜娜", Relation::Parent, Some("330381194503020820"), Health::Healthy, Work::Retired, 800),
    ]
}

/// The worker and an application entered by 8002 on `on` (with an eligible verification);
/// approved by 8001 the same day when `approve`. Returns the file's number.
pub(super) fn filed(h: &Harness, on: &str, approve: bool) -> String {
    let id = IdNumber::from_stored(ID).unwrap();
    let known = Known { name: "王建国", phone: "13812345678", work_unit: "久立特钢", email: "" };
    let worker_id = workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    let cfg = h.app.settings.config.hardship.clone();
    let a = Application {
        members: four(),
        causes: vec![Cause::Illness, Cause::Disability],
        category: Some(Category::Deep),
        category_reason: String::new(),
        verification: Some(NewVerification {
            dated_on: day(on),
            reference: "民核2026-118".into(),
            result: Verdict::Eligible,
            per_head_fen: Some(70_000),
        }),
    };
    let clerk = by(h, "8002", Role::Clerk, on);
    let file = hardship_ops::apply(&h.db.conn, &cfg, &clerk, worker_id, &a).unwrap().unwrap();
    if !approve {
        return file.file_no;
    }
    let boss = by(h, "8001", Role::Supervisor, on);
    let file = hardship_ops::approve(&h.db.conn, &cfg, &boss, file.id, file.version).unwrap().unwrap();
    let visit = NewVisit {
        visited_on: day(on),
        logins: vec!["8002".into()],
        place: "家中".into(),
        found: "妻子卧床，家中无人照料".into(),
        needs: "护理".into(),
        given: "慰问金".into(),
        next_step: "联系社区".into(),
        next_on: None,
    };
    hardship_ops::visit(&h.db.conn, &clerk, file.id, file.version, &visit).unwrap().unwrap();
    file.file_no
}

pub(super) fn views(h: &Harness) -> Vec<(String, Option<String>)> {
    let mut st =
        h.db.conn.prepare("SELECT detail, reason FROM audit_log WHERE action = 'hardship_view'").unwrap();
    st.query_map([], |r| r.get(0).map(|d: String| (d, r.get(1).ok()))).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn the_file_page_shows_the_household_masked_and_is_audited_once_per_look_up() {
    let mut h = clerk();
    let no = filed(&h, "2026-11-20", true);
    look_up(&mut h, ID, '1');
    h.alt('k');
    let screen = h.screen();
    for want in [
        no.as_str(),
        "在档",
        "深度困难",
        "2027-11-19",
        "因病",
        "家庭 4 人",
        "2,800.00",
        "700.00",
        "民核2026-118",
    ] {
        assert!(screen.contains(want), "{want}:\n{screen}");
    }
    for want in ["王*国", "李*英", "王*明", "欧**娜", "吴窗口", "2026年低保 1,230.00"] {
        assert!(screen.contains(want), "{want}:\n{screen}");
    }
    for never in ["李秀英", "欧阳娜娜", "330381196607151234", "大病", "妻子卧床"] {
        assert!(!screen.contains(never), "{never} shown:\n{screen}");
    }
    let seen = views(&h);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].0.contains(&no), "{seen:?}");
    assert!(seen[0].1.is_some(), "with the look-up's reason: {seen:?}");
    // Round the pages and back: the same look-up, not viewed again.
    h.alt('k');
    h.alt('k');
    h.alt('k');
    assert!(h.screen().contains(&no), "{}", h.screen());
    assert_eq!(views(&h).len(), 1);
    // Longer than the screen: PgDn reaches the aid received.
    assert!(!h.screen().contains("已获救助"), "{}", h.screen());
    h.press(KeyCode::PageDown);
    assert!(h.screen().contains("已获救助（0）"), "{}", h.screen());
    h.press(KeyCode::PageUp);
    assert!(h.screen().contains(&no), "{}", h.screen());
    // Health after Alt+V with a reason.
    h.alt('v');
    h.typ("1");
    assert!(h.screen().contains("大病"), "{}", h.screen());
}

#[test]
fn a_lapsed_file_says_so_and_no_file_says_so() {
    let mut h = clerk();
    filed(&h, "2025-10-01", true);
    look_up(&mut h, ID, '1');
    h.alt('k');
    assert!(h.screen().contains("已过期"), "{}", h.screen());
    let mut h = clerk();
    let id = IdNumber::from_stored(ID).unwrap();
    let known = Known { name: "王建国", phone: "13812345678", work_unit: "久立特钢", email: "" };
    workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    look_up(&mut h, ID, '1');
    h.alt('k');
    assert!(h.screen().contains("没有困难职工档案"), "{}", h.screen());
    assert!(views(&h).is_empty(), "nothing viewed");
}

#[test]
fn the_lists_page_lists_an_applied_file_and_enter_opens_it() {
    let mut h = clerk();
    let no = filed(&h, "2026-11-20", false);
    h.press(KeyCode::F(2));
    h.alt('k');
    assert!(h.screen().contains("先输入身份证号"), "{}", h.screen());
    h.alt('k');
    let screen = h.screen();
    assert!(
        screen.contains("待审批申请 (1)") && screen.contains(&no) && screen.contains("王*国"),
        "{screen}"
    );
    assert!(!screen.contains("王建国"), "{screen}");
    h.press(KeyCode::Enter);
    assert!(h.app.modal.is_some(), "the reason is asked");
    h.typ("1");
    let screen = h.screen();
    assert!(screen.contains(&no) && screen.contains("待审批") && screen.contains("李*英"), "{screen}");
    let actions = h.audit_actions();
    assert!(actions.contains(&"claims_lookup".to_string()), "{actions:?}");
    assert_eq!(views(&h).len(), 1);
    // F2 again: the next worker, on the claims page.
    h.press(KeyCode::F(2));
    assert!(!h.screen().contains(&no) && !h.screen().contains("困难档案 "), "{}", h.screen());
}

#[test]
fn volunteers_and_auditors_have_no_f2() {
    for role in [Role::Volunteer, Role::Auditor] {
        let mut h = at("8003", &[("8003", "志愿者", role)]);
        h.press(KeyCode::F(2));
        assert_ne!(h.session().tab, crate::app::keymap::Tab::Claims, "{role:?}");
    }
}

#[test]
fn the_lists_keep_their_selection_by_file_across_a_refresh() {
    let mut h = clerk();
    let first = filed(&h, "2026-11-20", false);
    // Another worker's application, entered earlier: it comes first on the list.
    let other = IdNumber::from_stored("330381194503020820").unwrap();
    let known = Known { name: "欧阳娜娜", phone: "13812345679", work_unit: "久立特钢", email: "" };
    let other_id = workers::upsert(&h.db.conn, &other, &known, now()).unwrap();
    let cfg = h.app.settings.config.hardship.clone();
    let mut m = four();
    m.truncate(1);
    m[0].id_number = Some("330381194503020820".into());
    m[0].name = "欧阳娜娜".into();
    let a = Application {
        members: m,
        causes: vec![Cause::Illness],
        category: Some(Category::Relative),
        category_reason: "测试".into(),
        verification: None,
    };
    h.press(KeyCode::F(2));
    h.alt('k');
    h.alt('k');
    assert!(h.screen().contains(&format!(">{first}")), "{}", h.screen());
    let clerk = by(&h, "8002", Role::Clerk, "2026-11-01");
    hardship_ops::apply(&h.db.conn, &cfg, &clerk, other_id, &a).unwrap().unwrap();
    h.tick(3_000);
    let screen = h.screen();
    assert!(screen.contains("待审批申请 (2)") && screen.contains(&format!(">{first}")), "{screen}");
}

/// Found by hand at 80×24: a graded disability cut to 残疾1… and a long visit cut at its end.
#[test]
fn a_graded_disability_and_a_long_visit_show_whole() {
    let mut h = clerk();
    filed(&h, "2026-11-20", true);
    h.db.conn
        .execute_batch(
            "UPDATE hardship_members SET health = 'disabled', disability_grade = 4 WHERE name = '李秀英';
             UPDATE hardship_visits SET found = '电话里说一切都好，上门看到厨房灶台坏了在用电磁炉，孩子在小桌上写作业；本人承认不想麻烦工会，邻居说老人夜里常咳嗽。';",
        )
        .unwrap();
    look_up(&mut h, ID, '1');
    h.alt('k');
    h.alt('v');
    h.typ("1");
    let screen = h.screen();
    assert!(screen.contains("残疾4级"), "{screen}");
    // (The header above the page is F2's own and cuts its hardship line at 80 columns.)
    assert!(screen.lines().skip(6).all(|l| !l.contains('…')), "nothing cut:\n{screen}");
}

/// The header's hardship file was cut at 80 columns after the phone, enrolment and reason
/// (`困难档案 深度困难 至2027-…`): where the whole line does not fit, the file gives up its word
/// 困难档案 and keeps its category and date whole.
#[test]
fn the_headers_hardship_file_keeps_its_date_whole_at_80_columns() {
    let mut h = clerk();
    filed(&h, "2026-11-20", true);
    look_up(&mut h, ID, '1');
    let screen = h.screen();
    let line = screen.lines().find(|l| l.contains("深度困难")).unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("至2027-11-19") && !line.contains('…'), "{line}");
}

#[test]
fn an_application_not_yet_filed_has_no_valid_until_to_show() {
    let mut h = clerk();
    let no = filed(&h, "2026-11-20", false);
    look_up(&mut h, ID, '1');
    h.alt('k');
    let screen = h.screen();
    assert!(screen.contains(&no), "{screen}");
    assert!(screen.contains("待审批"), "an application says it waits:\n{screen}");
    assert!(!screen.contains("长期"), "an application has no valid-until yet:\n{screen}");
}

/// The page on `no`'s worker, the whole of it: the file page scrolled a page at a time to its
/// end, every screen's page lines joined.
fn whole_page(h: &mut Harness) -> String {
    look_up(h, ID, '1');
    h.alt('k');
    let mut all = h.screen();
    for _ in 0..6 {
        h.press(KeyCode::PageDown);
        all.push_str(&h.screen());
    }
    all
}

pub(super) fn file_id(h: &Harness, no: &str) -> (i64, i64) {
    h.db.conn
        .query_row("SELECT id, version FROM hardship_files WHERE file_no = ?1", [no], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap()
}

/// tryout-42 #3: `已退回，待修改` with no hint what to fix — the send-back reason lives only in
/// its event. The page now says why, who and when, who entered, and the file's history.
#[test]
fn a_returned_application_shows_why_who_and_when_and_its_history() {
    let mut h = clerk();
    let no = filed(&h, "2026-11-20", false);
    let (id, v) = file_id(&h, &no);
    let boss = by(&h, "8001", Role::Supervisor, "2026-11-21");
    hardship_ops::send_back(&h.db.conn, &boss, id, v, "缺少妻子的诊断证明").unwrap().unwrap();
    let all = whole_page(&mut h);
    for want in [
        "退回原因：缺少妻子的诊断证明（2026-11-21 周主任）",
        "申请 2026-11-20 吴窗口 录入",
        "经办记录（2）",
        "2026-11-21 退回 周主任",
        "2026-11-20 申请建档 吴窗口",
    ] {
        assert!(all.contains(want), "{want}:\n{all}");
    }
    // Newest first.
    let back = all.find("2026-11-21 退回 周主任").unwrap();
    let applied = all.find("2026-11-20 申请建档 吴窗口").unwrap();
    assert!(back < applied, "{all}");
}

#[test]
fn a_rejected_file_shows_its_reason_and_date_and_an_exited_one_its_exit() {
    let mut h = clerk();
    let no = filed(&h, "2026-11-20", false);
    let (id, v) = file_id(&h, &no);
    let boss = by(&h, "8001", Role::Supervisor, "2026-11-22");
    hardship_ops::reject(&h.db.conn, &boss, id, v, "人均收入高于标准").unwrap().unwrap();
    let all = whole_page(&mut h);
    assert!(all.contains("不予建档：人均收入高于标准（2026-11-22 周主任）"), "{all}");

    let mut h = clerk();
    let no = filed(&h, "2026-11-20", true);
    let (id, v) = file_id(&h, &no);
    let boss = by(&h, "8001", Role::Supervisor, "2026-11-25");
    hardship_ops::exit(&h.db.conn, &boss, id, v, crate::domain::hardship::ExitReason::Moved, "迁往宁波")
        .unwrap()
        .unwrap();
    let all = whole_page(&mut h);
    for want in
        ["退出 2026-11-25：", "迁往宁波", "周主任", "建档 2026-11-20 周主任 批准", "2026-11-25 退出 周主任"]
    {
        assert!(all.contains(want), "{want}:\n{all}");
    }
}

fn review_input(outcome: crate::domain::hardship::Outcome) -> crate::db::hardship_review::ReviewInput {
    crate::db::hardship_review::ReviewInput {
        members: four(),
        category: None,
        verification: NewVerification {
            dated_on: day("2026-11-26"),
            reference: "民核2026-301".into(),
            result: Verdict::Eligible,
            per_head_fen: Some(70_000),
        },
        outcome,
        exit_reason: None,
        note: String::new(),
        category_reason: String::new(),
    }
}

/// The file page never said a review was waiting (tryout-42 #12); and the last review, with
/// when and by whom.
#[test]
fn a_review_waiting_and_the_last_review_show_on_the_file() {
    use crate::db::hardship_review;
    use crate::domain::hardship::Outcome;
    let mut h = clerk();
    let no = filed(&h, "2026-11-20", true);
    let (id, v) = file_id(&h, &no);
    let clerk = by(&h, "8002", Role::Clerk, "2026-11-26");
    hardship_review::review(&h.db.conn, &clerk, id, v, &review_input(Outcome::Continue)).unwrap().unwrap();
    let all = whole_page(&mut h);
    assert!(all.contains("年审待审批（2026-11-26 吴窗口 录入，结果 继续在档）"), "{all}");
    let (id, v) = file_id(&h, &no);
    let cfg = h.app.settings.config.hardship.clone();
    let boss = by(&h, "8001", Role::Supervisor, "2026-11-27");
    hardship_review::review_approve(&h.db.conn, &cfg, &boss, id, v).unwrap().unwrap();
    let all = whole_page(&mut h);
    assert!(!all.contains("年审待审批"), "{all}");
    assert!(all.contains("上次年审 2026-11-27 周主任 批准"), "{all}");
    assert!(all.contains("2026-11-27 年审通过 周主任"), "{all}");
}

/// tryout-42 #6: member incomes and what a visit found (diagnoses) were plain on the page. They
/// show after Alt+V with a reason, as health does; the file's own figures stay.
#[test]
fn member_incomes_and_visit_texts_wait_for_alt_v() {
    let mut h = clerk();
    filed(&h, "2026-11-20", true);
    let all = whole_page(&mut h);
    // The household's figures stay (2,800.00 in all, 700.00 a head); 2,000.00 and 800.00 are
    // members' own.
    assert!(all.contains("2,800.00") && all.contains("700.00"), "{all}");
    for never in ["2,000.00", "  800.00", "妻子卧床", "护理", "慰问金", "联系社区"] {
        assert!(!all.contains(never), "{never} shown:\n{all}");
    }
    assert!(all.contains("走访所见、需要、给予、下一步：Alt+V 说明理由后显示"), "{all}");
    h.press(KeyCode::PageUp);
    h.press(KeyCode::PageUp);
    h.press(KeyCode::PageUp);
    h.alt('v');
    h.typ("1");
    let mut shown = h.screen();
    h.press(KeyCode::PageDown);
    shown.push_str(&h.screen());
    for want in ["2,000.00", "妻子卧床", "护理", "慰问金", "联系社区"] {
        assert!(shown.contains(want), "{want}:\n{shown}");
    }
    let reveals = h.audit_actions().into_iter().filter(|a| a.contains("reveal")).count();
    assert_eq!(reveals, 1, "{:?}", h.audit_actions());
}

/// tryout-42 #2: a review left `entered` on a file that was exited stayed on 年审待审批 for ever.
#[test]
fn a_review_stranded_on_an_exited_file_is_not_waiting() {
    use crate::domain::hardship::Outcome;
    let mut h = clerk();
    let no = filed(&h, "2026-11-20", true);
    let (id, v) = file_id(&h, &no);
    let clerk = by(&h, "8002", Role::Clerk, "2026-11-26");
    crate::db::hardship_review::review(&h.db.conn, &clerk, id, v, &review_input(Outcome::Continue))
        .unwrap()
        .unwrap();
    assert_eq!(crate::db::hardship::reviews_waiting(&h.db.conn).unwrap().len(), 1);
    // As an exit by another terminal left it before the exit was fixed.
    h.db.conn.execute("UPDATE hardship_files SET state = 'exited' WHERE id = ?1", [id]).unwrap();
    assert!(crate::db::hardship::reviews_waiting(&h.db.conn).unwrap().is_empty());
    h.press(KeyCode::F(2));
    h.alt('k');
    h.alt('k');
    let screen = h.screen();
    assert!(screen.contains("困难档案名单") && !screen.contains(&no), "{screen}");
}

/// The story at 80×24 in both languages with long Chinese names and a long reason: wrapped,
/// never cut.
#[test]
fn the_story_wraps_whole_at_80_columns_with_long_names_in_both_languages() {
    use crate::domain::hardship::ExitReason;
    use crate::i18n::Lang;
    let accounts = [
        ("8001", "欧阳纳兰慕容司马上官诸葛", Role::Supervisor),
        ("8002", "司马上官诸葛欧阳纳兰慕容", Role::Clerk),
    ];
    for lang in [Lang::Zh, Lang::En] {
        for exit in [false, true] {
            let mut h = Harness::with_lang(Some("w1"), &accounts, lang);
            h.login("8002", PIN);
            let no = filed(&h, "2026-11-20", exit);
            let (id, v) = file_id(&h, &no);
            let boss = by(&h, "8001", Role::Supervisor, "2026-11-21");
            let long =
                "缺少妻子的诊断证明和孩子的在学证明，收入证明须加盖单位公章，并请补齐父亲的退休金发放记录";
            if exit {
                hardship_ops::exit(&h.db.conn, &boss, id, v, ExitReason::Moved, long).unwrap().unwrap();
            } else {
                hardship_ops::send_back(&h.db.conn, &boss, id, v, long).unwrap().unwrap();
            }
            let all = whole_page(&mut h);
            assert!(
                all.contains("欧阳纳兰慕容司马上官诸葛") && all.contains("司马上官诸葛欧阳纳兰慕容"),
                "{all}"
            );
            assert!(all.contains("退休金发放记录"), "{all}");
            for screen in all.split("┌") {
                // (The header above the page is F2's own and cuts its hardship line.)
                let page: Vec<&str> = screen.lines().skip(6).collect();
                assert!(
                    page.iter().all(|l| !l.contains('…')),
                    "{lang:?} exit {exit}, nothing cut:\n{screen}"
                );
            }
        }
    }
}

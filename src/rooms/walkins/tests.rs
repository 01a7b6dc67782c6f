//! F1 through the real key path and the real executor on a temp database.

use super::*;
use crate::app::form::FieldId;
use crate::rooms::walkins::{self as wk};

pub(super) fn visits(h: &Harness) -> Vec<(Option<String>, String, String)> {
    let mut s = h.db.conn.prepare("SELECT ticket, matter, state FROM visits ORDER BY id").unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect()
}

pub(super) fn w(h: &Harness) -> &wk::WalkIns {
    &h.session().walkins
}

pub(super) fn at_counter(window: &str) -> Harness {
    let mut h = Harness::new(Some(window));
    h.login("8002", PIN);
    h
}

pub(super) const ID: &str = "11010519491231002X";

#[test]
fn a_quick_ticket_is_a_digit_and_enter() {
    let mut h = at_counter("w1");
    assert_eq!(w(&h).form.focused().name, FieldId::Matter, "F1 opens on the quick-ticket field");
    h.typ("1");
    h.press(KeyCode::Enter);
    let last = w(&h).last.clone().unwrap();
    assert_eq!((last.ticket.as_deref(), last.ahead), (Some("A001"), 0));
    assert!(!w(&h).form.is_dirty(), "the form is fresh for the next worker");
    h.typ("1");
    h.press(KeyCode::Enter);
    assert_eq!(w(&h).last.clone().unwrap().ahead, 1);
    h.press(KeyCode::Enter);
    assert_eq!(w(&h).form.field(FieldId::Matter).unwrap().error.as_deref(), Some("请先按数字选择事项"));
    assert_eq!(visits(&h).len(), 2);
    assert_eq!(w(&h).snapshot.waiting, 2, "the queue pane was refreshed");
}

#[test]
fn registration_with_a_chinese_name_creates_the_worker() {
    let mut h = at_counter("w1");
    h.typ("2");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.press(KeyCode::Tab);
    h.typ("13812345678");
    h.press(KeyCode::Tab);
    h.typ("浙江久立特种科技股份有限公司");
    assert_eq!(w(&h).form.choice(FieldId::Priority), Some(0), "elderly preset from the ID's age");
    h.alt('s');
    assert_eq!(w(&h).last.clone().unwrap().ticket.as_deref(), Some("B001"));
    let (name, unit): (String, String) =
        h.db.conn
            .query_row("SELECT name, work_unit FROM workers WHERE id_number = ?1", [ID], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
    assert_eq!((name.as_str(), unit.as_str()), ("王建国", "浙江久立特种科技股份有限公司"));
    assert!(!w(&h).form.is_dirty());
    let prio: String = h.db.conn.query_row("SELECT priority FROM visits", [], |r| r.get(0)).unwrap();
    assert_eq!(prio, "elderly");
    // A known worker takes three keys beyond the ID: matter digit, Tab, (the ID), Alt+S.
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    assert_eq!(w(&h).form.value(FieldId::Name), "王建国", "the card filled the name");
    h.alt('s');
    assert_eq!(w(&h).last.clone().unwrap().ticket.as_deref(), Some("A001"));
    let card = w(&h).card.clone();
    assert!(card.is_none(), "the card goes with the form");
    let audit: i64 =
        h.db.conn
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'worker_card' AND reason = '本人来访'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(audit, 2);
}

#[test]
fn a_bad_id_keeps_every_character_and_says_why() {
    let mut h = at_counter("w1");
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ("110105194912310021");
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.alt('s');
    let f = &w(&h).form;
    assert_eq!(f.focused().name, FieldId::Id);
    assert_eq!(f.field(FieldId::Id).unwrap().error.as_deref(), Some("校验位不符，请重新输入"));
    assert_eq!((f.value(FieldId::Id), f.value(FieldId::Name)), ("110105194912310021", "王建国"));
    assert!(visits(&h).is_empty());
}

#[test]
fn paste_and_the_card_reader_fill_the_id() {
    let mut h = at_counter("w1");
    h.typ("1");
    h.press(KeyCode::Tab);
    h.send(Event::Paste(format!("{}\r\n", ID.to_lowercase())));
    assert_eq!(w(&h).form.value(FieldId::Id), ID);
    assert!(w(&h).card_for.is_some(), "a pasted ID asks for the card");
    let mut h = at_counter("w1");
    h.typ("1");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab); // on the name field
    for c in ID.chars() {
        h.ms += 2;
        h.send(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), h.ms));
    }
    h.ms += 2;
    h.send(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), h.ms));
    assert_eq!(w(&h).form.value(FieldId::Id), ID);
    assert_eq!(w(&h).form.value(FieldId::Name), "");
}

/// A ticket called, begun and referred to the first department with no follow-up date: owed a
/// follow-up from today.
pub(super) fn referred(h: &mut Harness) {
    ticket_called(h);
    h.alt('b');
    h.alt('f');
    h.typ("3");
    h.typ("1");
    h.alt('s');
    assert_eq!(visits(h).last().map(|v| v.2.clone()).as_deref(), Some("referred"));
}

pub(super) fn ticket_called(h: &mut Harness) {
    h.typ("1");
    h.press(KeyCode::Enter);
    h.alt('n');
    assert_eq!(w(h).snapshot.current.as_ref().map(|c| c.state), Some(crate::domain::walkin::State::Called));
}

#[test]
fn recalls_past_the_limit_make_a_no_show() {
    let mut h = at_counter("w1");
    ticket_called(&mut h);
    h.alt('r');
    assert_eq!(h.app.flash.as_deref(), Some("重呼 A001（第2次）"));
    // The call that reaches the limit warns; the one past it asks first.
    h.alt('r');
    assert_eq!(h.app.flash.as_deref(), Some("重呼 A001（第3次）：下次重呼即为过号"));
    h.alt('r');
    assert!(matches!(&h.app.modal, Some(Modal::Ask { question, .. }) if question.contains("再呼即为过号")));
    assert_eq!(visits(&h)[0].2, "called", "nothing happens before Enter");
    h.press(KeyCode::Enter);
    assert!(w(&h).snapshot.current.is_none());
    assert_eq!(visits(&h)[0].2, "no_show");
}

#[test]
fn finishing_asks_the_outcome() {
    let mut h = at_counter("w1");
    ticket_called(&mut h);
    h.alt('f');
    assert!(h.app.flash.as_deref().unwrap().contains("不能这样操作"), "{:?}", h.app.flash);
    h.alt('b');
    h.alt('f');
    h.typ("1");
    assert_eq!(visits(&h)[0].2, "done");
    // 需补材料 with the papers ticked.
    ticket_called(&mut h);
    h.alt('b');
    h.alt('f');
    h.typ("2");
    h.typ("4");
    h.typ("5");
    h.press(KeyCode::Enter);
    let papers: String =
        h.db.conn.query_row("SELECT papers FROM visits WHERE id = 2", [], |r| r.get(0)).unwrap();
    assert_eq!(papers, "出院小结、银行卡或社保卡");
    // Referred, with department, contact and follow-up date.
    ticket_called(&mut h);
    h.alt('b');
    h.alt('f');
    h.typ("3");
    h.typ("2");
    h.press(KeyCode::Tab);
    h.typ("张科长");
    h.press(KeyCode::Tab);
    // A date well ahead: the database side counts due follow-ups by the wall clock's day, which
    // is not the harness's fixed day.
    h.typ("2090年1月2日");
    h.alt('s');
    let (dep, follow): (String, String) =
        h.db.conn
            .query_row("SELECT ref_department, ref_follow_up_on FROM visits WHERE id = 3", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
    assert_eq!(dep, "civil_affairs");
    assert_eq!(follow, "2090-01-02");
    assert_eq!(visits(&h)[2].2, "referred");
    assert_eq!(
        w(&h).snapshot.followups,
        1,
        "the referral, whatever its date; 需补材料 is not ours to follow up"
    );
}

#[test]
fn follow_ups_stay_until_a_result_is_recorded() {
    let mut h = at_counter("w1");
    referred(&mut h);
    h.alt('k');
    h.alt('k');
    h.alt('k');
    assert_eq!(w(&h).view, wk::View::FollowUps);
    assert_eq!(w(&h).snapshot.rows.len(), 1);
    for _ in 0..8 {
        h.press(KeyCode::Tab);
    }
    assert_eq!(w(&h).pane, wk::Pane::Queue);
    h.press(KeyCode::Enter);
    h.typ("已补交");
    h.press(KeyCode::Enter);
    assert!(w(&h).snapshot.rows.is_empty());
    // It says what was saved (it used to say the checklist was given).
    assert_eq!(h.app.flash.as_deref(), Some("已记录回访结果：已补交"));
}

#[test]
fn transfer_puts_the_ticket_back_to_waiting_elsewhere() {
    let mut h = at_counter("w1");
    ticket_called(&mut h);
    h.alt('t');
    h.typ("1"); // another window
    // The digit is the window's number; this window's own is refused and the pick stays.
    h.typ("1");
    assert_eq!(h.app.flash.as_deref(), Some("已在本窗口：请选其他窗口"));
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))));
    h.typ("2");
    let (window, state): (String, String) =
        h.db.conn.query_row("SELECT window, state FROM visits", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((window.as_str(), state.as_str()), ("w2", "waiting"));
}

#[test]
fn the_desk_issues_but_cannot_call() {
    let mut h = at_counter("desk");
    h.typ("3");
    h.press(KeyCode::Enter);
    h.alt('n');
    assert_eq!(h.app.flash.as_deref(), Some("导服台只能取号和登记，不能叫号"));
    assert_eq!(visits(&h)[0].2, "waiting");
}

#[test]
fn looking_a_worker_up_from_the_list_asks_the_reason() {
    let mut h = at_counter("w1");
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.alt('s');
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(w(&h).pane, wk::Pane::Queue);
    h.alt('w');
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))));
    h.typ("2");
    assert!(w(&h).card.is_some());
    let reason: String =
        h.db.conn
            .query_row(
                "SELECT reason FROM audit_log WHERE action = 'worker_card' ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(reason, "电话查询");
}

#[test]
fn a_phone_call_is_logged_without_a_ticket() {
    let mut h = at_counter("w2");
    h.typ("3");
    for _ in 0..6 {
        h.press(KeyCode::Tab);
    }
    h.typ("2");
    h.alt('s');
    assert_eq!(visits(&h)[0], (None, "rights".to_string(), "done".to_string()));
    // It names its channel (the word was missing: "（，不取号）").
    assert_eq!(h.app.flash.as_deref(), Some("已登记 法律维权（来电，不取号）"));
}

#[test]
fn a_card_edit_is_saved_audited_and_checks_the_version() {
    let mut h = at_counter("w1");
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.typ("王建囯");
    h.alt('s');
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    assert!(w(&h).card.is_some());
    h.alt('e');
    assert!(matches!(h.app.modal, Some(Modal::Form(_))));
    h.key(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.typ("王建国");
    h.alt('s');
    let name: String = h.db.conn.query_row("SELECT name FROM workers", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "王建国");
    let audited: i64 =
        h.db.conn
            .query_row("SELECT count(*) FROM audit_log WHERE action = 'worker_edit'", [], |r| r.get(0))
            .unwrap();
    assert_eq!(audited, 1);
    assert_eq!(w(&h).card.as_ref().unwrap().worker.name, "王建国", "the card shows the saved record");
    // Another terminal changed the worker since this card was read: the edit is refused.
    h.alt('e');
    h.db.conn.execute("UPDATE workers SET version = version + 1", []).unwrap();
    h.key(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.typ("王某");
    h.alt('s');
    assert_eq!(h.app.flash.as_deref(), Some("该职工信息已被其他终端修改，已显示最新内容"));
    let name: String = h.db.conn.query_row("SELECT name FROM workers", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "王建国");
    assert_eq!(w(&h).card.as_ref().unwrap().worker.version, 3, "the newer record is shown");
}

#[test]
fn tickets_go_to_the_slip_printer_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    let slip = dir.path().join("slip.txt");
    let text = format!("ticket_print_command = \"cat > {}\"\n", slip.display());
    let settings = crate::config::Settings::parse(&text, crate::config::Source::BuiltIn).unwrap();
    let mut h = Harness::configured(Some("w1"), &[("8002", "吴窗口", Role::Clerk)], settings, dir);
    h.login("8002", PIN);
    h.typ("1");
    h.press(KeyCode::Enter);
    let start = std::time::Instant::now();
    loop {
        let got = std::fs::read_to_string(&slip).unwrap_or_default();
        if got.contains("A001") {
            assert!(got.contains("医疗互助") && got.contains("前面还有 0 人"), "{got}");
            break;
        }
        assert!(start.elapsed().as_secs() < 10, "no slip printed: {got:?}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The follow-ups grow with the years (a visit waits until its result is recorded): the list
/// reads a page at a time, oldest first, and every one is reachable (it showed the oldest 200).
#[test]
fn the_follow_up_list_pages_through_every_open_one() {
    let mut h = at_counter("w1");
    referred(&mut h);
    // 299 more owed a follow-up, each its own day's ticket.
    h.db.conn
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
             INSERT INTO visits (day, ticket, matter, channel, worker_id, name, arrived_at, state, calls, window,
                 outcome, papers)
             SELECT v.day, 'F' || i, v.matter, v.channel, v.worker_id, v.name, v.arrived_at, v.state, v.calls,
                 v.window, v.outcome, v.papers
             FROM visits v, n WHERE v.id = 1",
        )
        .unwrap();
    for _ in 0..3 {
        h.alt('k');
    }
    assert_eq!(w(&h).view, wk::View::FollowUps);
    assert_eq!(w(&h).snapshot.followups, 300);
    let page = w(&h).snapshot.rows.len();
    assert!((5..=50).contains(&page), "a page, not all 300: {page}");
    assert_eq!(w(&h).snapshot.rows[0].id, 1, "oldest first");
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(w(&h).pane, wk::Pane::Queue);
    h.press(KeyCode::End);
    assert_eq!(w(&h).selected_row().map(|r| r.id), Some(300), "End: the newest");
    h.press(KeyCode::Up);
    assert_eq!(w(&h).selected_row().map(|r| r.id), Some(299));
    h.press(KeyCode::Home);
    assert_eq!(w(&h).selected_row().map(|r| r.id), Some(1));
    h.press(KeyCode::PageDown);
    assert_eq!(w(&h).selected_row().map(|r| r.id), Some(1 + page as i64), "the next page");
    // The two-second refresh reads the same page again, not the first.
    h.tick(2_500);
    assert_eq!(w(&h).snapshot.rows[0].id, 1 + page as i64);
}

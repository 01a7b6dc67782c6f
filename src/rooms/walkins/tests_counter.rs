//! F1's counter does what the clerk means (issue #21): one current ticket per window, the
//! ticket meant, questions before what cannot be undone, follow-ups by one definition, the
//! swiped worker, the record corrected only when asked.

use super::walkins::{ID, at_counter, referred, ticket_called, visits, w};
use super::*;
use crate::app::form::FieldId;
use crate::rooms::walkins::{self as wk};

const OTHER: &str = "330281198503121237";

fn quick(h: &mut Harness, digit: &str) {
    h.typ(digit);
    h.press(KeyCode::Enter);
}

fn to_list(h: &mut Harness) {
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(w(h).pane, wk::Pane::Queue);
}

fn select(h: &mut Harness, ticket: &str) {
    h.press(KeyCode::Home);
    for _ in 0..w(h).snapshot.rows.len() {
        if w(h).selected_row().and_then(|r| r.ticket.as_deref()) == Some(ticket) {
            return;
        }
        h.press(KeyCode::Down);
    }
    panic!("{ticket} not in the list");
}

fn question(h: &Harness) -> Option<String> {
    match &h.app.modal {
        Some(Modal::Ask { question, .. }) => Some(question.clone()),
        _ => None,
    }
}

fn pick_title(h: &Harness) -> Option<String> {
    match &h.app.modal {
        Some(Modal::Pick(p)) => Some(p.title.clone()),
        _ => None,
    }
}

/// A card reader: eighteen characters and Enter, 2 ms apart (after a person's pause).
fn swipe(h: &mut Harness, id: &str) {
    h.ms += 500;
    for c in id.chars() {
        h.ms += 2;
        h.send(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), h.ms));
    }
    h.ms += 2;
    h.send(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), h.ms));
}

#[test]
fn call_next_with_a_ticket_at_the_window_asks_what_becomes_of_it() {
    let mut h = at_counter("w1");
    for _ in 0..3 {
        quick(&mut h, "1");
    }
    h.alt('n');
    assert_eq!(h.app.flash.as_deref(), Some("叫号 A001"));
    // A001 still stands at the counter: nothing is called behind its back.
    h.alt('n');
    assert_eq!(pick_title(&h).as_deref(), Some("A001 还在本窗口（已叫号），先怎么处理？"));
    assert_eq!(visits(&h)[1].2, "waiting");
    h.typ("2");
    assert_eq!(h.app.flash.as_deref(), Some("A001 过号 · 叫号 A002"));
    let states: Vec<String> = visits(&h).into_iter().map(|v| v.2).collect();
    assert_eq!(states, ["no_show", "called", "waiting"]);
    // Back to waiting: the next is another ticket, and A002 keeps its place.
    h.alt('n');
    h.typ("3");
    assert_eq!(h.app.flash.as_deref(), Some("A002 等候 · 叫号 A003"));
    let states: Vec<String> = visits(&h).into_iter().map(|v| v.2).collect();
    assert_eq!(states, ["no_show", "waiting", "called"]);
    // Recall keeps it.
    h.alt('n');
    h.typ("1");
    assert_eq!(visits(&h)[2].2, "called");
    assert_eq!(w(&h).snapshot.current.as_ref().map(|c| c.calls), Some(2));
    // Being served: finish or transfer first.
    h.alt('b');
    h.alt('n');
    assert!(h.app.modal.is_none());
    assert_eq!(h.app.flash.as_deref(), Some("A003 办理中：先办结（Alt+F）或转办（Alt+T），再叫下一位"));
    let current: i64 =
        h.db.conn
            .query_row("SELECT count(*) FROM visits WHERE state IN ('called', 'serving')", [], |r| r.get(0))
            .unwrap();
    assert_eq!(current, 1, "one current ticket at the window");
}

#[test]
fn in_the_list_the_keys_act_on_the_selected_row_and_ask_before_cancelling() {
    let mut h = at_counter("w1");
    quick(&mut h, "1");
    quick(&mut h, "1");
    to_list(&mut h);
    select(&mut h, "A002");
    h.alt('x');
    assert_eq!(question(&h).as_deref(), Some("取消 A002？"));
    h.press(KeyCode::Esc);
    assert!(h.app.modal.is_none());
    assert_eq!(visits(&h)[1].2, "waiting", "Esc: nothing happened");
    h.alt('x');
    h.press(KeyCode::Enter);
    let states: Vec<String> = visits(&h).into_iter().map(|v| v.2).collect();
    assert_eq!(states, ["waiting", "cancelled"], "the row meant, not the first");
    // The worker turns up after all: back to waiting, arrival kept, audited.
    let arrived = |h: &Harness| -> String {
        h.db.conn.query_row("SELECT arrived_at FROM visits WHERE ticket = 'A002'", [], |r| r.get(0)).unwrap()
    };
    let before = arrived(&h);
    h.alt('k');
    h.alt('k');
    assert_eq!(w(&h).view, wk::View::Queue(crate::db::queue::Filter::Finished));
    select(&mut h, "A002");
    h.alt('o');
    assert_eq!(h.app.flash.as_deref(), Some("A002 已恢复等候，到达时间不变"));
    assert_eq!(visits(&h)[1].2, "waiting");
    assert_eq!(arrived(&h), before);
    assert!(h.audit_actions().contains(&"visit_restore".to_string()));
    // A ticket not marked so is not "restored".
    h.alt('k');
    h.alt('k');
    h.alt('k');
    select(&mut h, "A001");
    h.alt('o');
    assert_eq!(h.app.flash.as_deref(), Some("在列表中选中今天过号或取消的号，再按 Alt+O"));
}

#[test]
fn a_no_show_asks_first_and_the_last_recall_warns() {
    let mut h = at_counter("w1");
    ticket_called(&mut h);
    h.alt('x');
    assert_eq!(question(&h).as_deref(), Some("将 A001 标为过号？"));
    h.press(KeyCode::Esc);
    assert_eq!(visits(&h)[0].2, "called");
    h.alt('x');
    h.press(KeyCode::Enter);
    assert_eq!(visits(&h)[0].2, "no_show");
}

#[test]
fn the_follow_up_list_holds_every_open_referral_and_counts_as_the_report_does() {
    let mut h = at_counter("w1");
    referred(&mut h); // no date: due today
    // A referral for a later date is on the list too, after the due one.
    ticket_called(&mut h);
    h.alt('b');
    h.alt('z');
    h.typ("2");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    // A date already past is refused, and what was typed stays.
    h.typ("2020-01-01");
    h.alt('s');
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("the form stays") };
    assert_eq!(
        f.form.field(FieldId::FollowUp).and_then(|f| f.error.as_deref()),
        Some("回访日期不能早于今天")
    );
    assert_eq!(f.form.value(FieldId::FollowUp), "2020-01-01");
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.typ("2090-01-02");
    h.alt('s');
    assert_eq!(visits(&h)[1].2, "referred");
    for _ in 0..3 {
        h.alt('k');
    }
    let tickets: Vec<_> = w(&h).snapshot.rows.iter().map(|r| r.ticket.clone().unwrap_or_default()).collect();
    assert_eq!(tickets, ["A001", "A002"], "due first, the later date after");
    assert_eq!(w(&h).snapshot.followups, 2);
    // F5 and the report count the same.
    let today = crate::domain::dates::local_day(chrono::Utc::now(), h.app.settings.tz);
    let s = crate::report::summary(&h.db.conn, &h.app.settings, crate::report::Period::day(today)).unwrap();
    assert_eq!(s.walkins.open_followups, 2);
}

#[test]
fn a_card_swiped_while_the_list_has_the_keys_is_the_swiped_worker() {
    let mut h = at_counter("w1");
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.alt('s');
    to_list(&mut h);
    select(&mut h, "A001");
    swipe(&mut h, OTHER);
    assert_eq!(w(&h).pane, wk::Pane::Form);
    assert_eq!(w(&h).form.value(FieldId::Id), OTHER);
    assert_eq!(w(&h).card_for.as_deref(), Some(OTHER));
    let masked: String =
        h.db.conn
            .query_row(
                "SELECT worker_masked FROM audit_log WHERE action = 'worker_card' ORDER BY id DESC",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert!(masked.starts_with("330281"), "the audit names the swiped worker: {masked}");
}

fn worker(h: &Harness) -> (String, i64) {
    h.db.conn
        .query_row("SELECT name, version FROM workers WHERE id_number = ?1", [ID], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap()
}

fn register_as(h: &mut Harness, name: &str) {
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    assert_eq!(w(h).form.value(FieldId::Name), "王小明", "the record fills the name");
    h.ctrl('u');
    h.typ(name);
    h.alt('s');
}

#[test]
fn a_registration_that_differs_from_the_record_asks_before_correcting_it() {
    let mut h = at_counter("w1");
    let id = crate::domain::IdNumber::from_stored(ID).unwrap();
    let known = crate::db::workers::Known { name: "王小明", ..Default::default() };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    let before = worker(&h);
    register_as(&mut h, "王晓明");
    assert_eq!(pick_title(&h).as_deref(), Some("与档案不同：姓名"));
    assert!(visits(&h).is_empty(), "nothing saved before the answer");
    h.typ("2");
    assert_eq!(worker(&h), before, "this visit only: the record is unchanged");
    let typed: String = h.db.conn.query_row("SELECT name FROM visits", [], |r| r.get(0)).unwrap();
    assert_eq!(typed, "王晓明");
    assert!(!h.audit_actions().contains(&"worker_edit".to_string()));
    register_as(&mut h, "王晓明");
    h.typ("1");
    assert_eq!(worker(&h).0, "王晓明");
    let detail: String =
        h.db.conn
            .query_row("SELECT detail FROM audit_log WHERE action = 'worker_edit'", [], |r| r.get(0))
            .unwrap();
    assert_eq!(detail, "fields=name", "a correction is audited as Alt+E's, naming what changed");
}

#[test]
fn a_pasted_id_with_spaces_fills_the_known_worker() {
    let mut h = at_counter("w1");
    let id = crate::domain::IdNumber::from_stored(ID).unwrap();
    let known = crate::db::workers::Known { name: "王小明", phone: "13812345678", ..Default::default() };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.typ("1");
    h.press(KeyCode::Tab);
    h.send(Event::Paste("110105 1949 1231 002X".into()));
    assert_eq!(w(&h).form.value(FieldId::Name), "王小明");
    assert_eq!(w(&h).form.value(FieldId::Phone), "13812345678");
    assert_eq!(w(&h).form.value(FieldId::Id), ID, "the field holds the ID as read, masked like any other");
}

#[test]
fn back_on_f1_the_keys_are_where_the_screen_shows_them() {
    let mut h = at_counter("w1");
    to_list(&mut h);
    h.press(KeyCode::F(2));
    h.press(KeyCode::F(1));
    assert_eq!(w(&h).pane, wk::Pane::Form);
    quick(&mut h, "1");
    assert_eq!(visits(&h).len(), 1, "1 Enter is a ticket, not a look-up");
    to_list(&mut h);
    h.press(KeyCode::Esc);
    assert_eq!(w(&h).pane, wk::Pane::Form, "Esc in the list returns to the form");
}

#[test]
fn the_counters_words_say_what_happened() {
    let mut h = at_counter("w1");
    // (A phone call's words: `walkins::a_phone_call_is_logged_without_a_ticket`.)
    // A green-channel ticket is called before the ordinary ones waiting.
    quick(&mut h, "1");
    quick(&mut h, "1");
    h.typ("1");
    for _ in 0..5 {
        h.press(KeyCode::Tab);
    }
    h.typ("2");
    h.alt('s');
    assert_eq!(w(&h).last.as_ref().map(|l| l.ahead), Some(0));
    // The checklist ticked for one registration is not ticked on the next.
    h.alt('g');
    assert!(w(&h).checklist_given);
    h.typ("2");
    assert!(!w(&h).checklist_given);
}

#[test]
fn the_desk_lists_no_call_keys_and_says_why_when_pressed() {
    let mut h = at_counter("desk");
    assert!(!h.app.layers().contains(&crate::app::keymap::Layer::Counter));
    quick(&mut h, "1");
    h.alt('n');
    assert_eq!(h.app.flash.as_deref(), Some("导服台只能取号和登记，不能叫号"));
    let w1 = at_counter("w1");
    assert!(w1.app.layers().contains(&crate::app::keymap::Layer::Counter));
}

#[test]
fn the_lock_screen_neither_quits_nor_takes_a_swipe_for_a_pin() {
    let mut h = at_counter("w1");
    h.typ("1");
    h.alt('l');
    h.alt('q');
    h.press(KeyCode::Enter);
    assert!(!h.app.quit && h.session().lock.is_some(), "no quitting past the lock");
    let failed = |h: &Harness| h.audit_actions().iter().filter(|a| *a == "login_failed").count();
    let before = failed(&h);
    swipe(&mut h, OTHER);
    assert_eq!(failed(&h), before, "a swipe is not a wrong PIN");
    let lock = h.session().lock.as_ref().unwrap();
    assert_eq!(lock.pin.value(FieldId::Pin), "");
    assert_eq!(lock.message.as_deref(), Some("锁屏时读卡无效：请输入PIN解锁"));
    h.typ(PIN);
    h.press(KeyCode::Enter);
    assert!(h.session().lock.is_none());
    assert_eq!(w(&h).form.choice(FieldId::Matter), Some(0), "the kept form is still there");
}

#[test]
fn recall_from_the_call_next_question_at_the_limit_asks_too() {
    let mut h = at_counter("w1");
    quick(&mut h, "1");
    ticket_called(&mut h);
    h.alt('r');
    h.alt('r');
    h.alt('n');
    h.typ("1");
    assert!(question(&h).is_some_and(|q| q.contains("再呼即为过号")), "{:?}", h.app.modal);
    assert_eq!(visits(&h)[0].2, "called");
}

#[test]
fn a_card_read_on_the_matter_field_is_an_id_not_a_ticket() {
    let mut h = at_counter("w1");
    swipe(&mut h, "330281199806110679");
    assert!(visits(&h).is_empty(), "no ticket from the reader's last digit");
    assert_eq!(w(&h).form.value(FieldId::Id), "330281199806110679");
    assert_eq!(w(&h).form.choice(FieldId::Matter), None, "the reader's digits picked nothing");
    // A matter picked first stays picked.
    let mut h = at_counter("w1");
    h.typ("2");
    swipe(&mut h, OTHER);
    assert_eq!(w(&h).form.choice(FieldId::Matter), Some(1));
    assert_eq!(w(&h).form.value(FieldId::Id), OTHER);
}

#[test]
fn another_card_read_replaces_the_person_on_the_form() {
    let mut h = at_counter("w1");
    let id = crate::domain::IdNumber::from_stored(ID).unwrap();
    let known =
        crate::db::workers::Known { name: "王小明", phone: "13812345678", work_unit: "久立", email: "" };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    assert_eq!(w(&h).form.value(FieldId::Phone), "13812345678");
    // The cursor in 手机, another card: nothing of 王小明's stays, and no digits are left over.
    swipe(&mut h, OTHER);
    assert_eq!(w(&h).form.value(FieldId::Id), OTHER);
    for f in [FieldId::Name, FieldId::Phone, FieldId::Unit] {
        assert_eq!(w(&h).form.value(f), "", "{f:?}");
    }
    // From the list too, over a name typed for the other person.
    assert_eq!(w(&h).form.focused().name, FieldId::Name);
    h.typ("张三");
    to_list_from_anywhere(&mut h);
    swipe(&mut h, ID);
    assert_eq!(w(&h).form.value(FieldId::Name), "王小明", "the swiped worker's record fills the form");
}

#[test]
fn a_follow_up_recorded_by_another_clerk_first_is_not_overwritten() {
    let mut h = at_counter("w1");
    referred(&mut h);
    for _ in 0..3 {
        h.alt('k');
    }
    to_list_from_anywhere(&mut h);
    h.press(KeyCode::Enter);
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("no result form") };
    assert_eq!(f.title, "记录回访结果 — A001");
    h.db.conn
        .execute(
            "UPDATE visits SET followup_result = '主任已回访', followup_at = '2026-11-28T02:00:00.000Z'",
            [],
        )
        .unwrap();
    h.typ("已补交");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.flash.as_deref(), Some("A001 的回访结果已由他人记录，未覆盖"));
    let kept: String = h.db.conn.query_row("SELECT followup_result FROM visits", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, "主任已回访");
}

fn to_list_from_anywhere(h: &mut Harness) {
    if w(h).pane == wk::Pane::Form {
        h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
        for _ in 0..8 {
            if w(h).pane == wk::Pane::Queue {
                break;
            }
            h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
        }
    }
    assert_eq!(w(h).pane, wk::Pane::Queue);
}

#[test]
fn the_checklist_is_marked_for_the_visit_it_belongs_to() {
    let mut h = at_counter("w1");
    ticket_called(&mut h);
    h.alt('b');
    h.typ("2");
    h.alt('g');
    assert_eq!(h.app.flash.as_deref(), Some("正在登记：先提交（Alt+S），再按 Alt+G 标记已告知"));
    let given: Option<String> =
        h.db.conn.query_row("SELECT checklist_given_at FROM visits WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(given, None, "not the ticket being served");
    h.press(KeyCode::Enter);
    h.alt('g');
    assert_eq!(h.app.flash.as_deref(), Some("已告知 B001"));
}

/// In English the fields that differ are listed with an English comma, not the Chinese 、.
#[test]
fn the_fields_that_differ_are_listed_in_the_screens_language() {
    let accounts = [("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)];
    let mut h = Harness::with_lang(Some("w1"), &accounts, crate::i18n::Lang::En);
    h.login("8002", PIN);
    let id = crate::domain::IdNumber::from_stored(ID).unwrap();
    let known = crate::db::workers::Known { name: "王小明", phone: "13812345678", ..Default::default() };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.ctrl('u');
    h.typ("王晓明");
    h.press(KeyCode::Tab);
    h.ctrl('u');
    h.typ("13912345678");
    h.alt('s');
    let title = pick_title(&h).unwrap_or_default();
    assert!(title.starts_with("Differs from the record: ") && !title.contains('、'), "{title}");
    assert!(title.contains(", "), "{title}");
}

/// The worker card's open loans, in English, are joined with an English comma.
#[test]
fn the_cards_open_loans_are_listed_in_the_screens_language() {
    let accounts = [("8002", "吴窗口", Role::Clerk)];
    let mut h = Harness::with_lang(Some("w1"), &accounts, crate::i18n::Lang::En);
    h.login("8002", PIN);
    let id = crate::domain::IdNumber::from_stored(ID).unwrap();
    let known = crate::db::workers::Known { name: "王小明", ..Default::default() };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.db.conn
        .execute_batch(
            "INSERT INTO station_loans (item, qty, name, phone, lent_at, lent_on, due_on, worker_id)
             SELECT i, 1, '王小明', '13812345678', '2026-11-20T01:00:00.000Z', '2026-11-20', '2099-01-01', w.id
             FROM (SELECT 'umbrella' AS i UNION ALL SELECT 'glasses'), workers w",
        )
        .unwrap();
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.tick(50);
    // The card shows its loans line below four lines, on a taller terminal.
    let screen = h.screen_of(100, 40);
    let line = screen.lines().find(|l| l.contains("loans: ")).unwrap_or_else(|| panic!("{screen}"));
    assert!(!line.contains('、') && line.contains(", "), "{line}");
}

/// A phone filled from the record showed in full once the cursor reached it (and a typed
/// character then edited the hidden number in view): it stays masked with the cursor in it,
/// and the first key replaces it whole. No reveal is needed to register.
#[test]
fn a_phone_filled_from_the_record_stays_masked_with_the_cursor_in_it() {
    let mut h = at_counter("w1");
    let id = crate::domain::IdNumber::from_stored(ID).unwrap();
    let known = crate::db::workers::Known { name: "王小明", phone: "13505074809", ..Default::default() };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    assert_eq!(w(&h).form.focused().name, FieldId::Phone);
    let screen = h.screen();
    assert!(screen.contains("135****4809") && !screen.contains("13505074809"), "{screen}");
    h.press(KeyCode::End);
    h.press(KeyCode::Left);
    assert!(!h.screen().contains("13505074809"), "moving the cursor does not unmask it");
    h.typ("1");
    assert_eq!(w(&h).form.value(FieldId::Phone), "1", "the first key replaces the number whole");
    h.ctrl('u');
    h.typ("13912345678");
    assert!(h.screen().contains("13912345678"), "what the clerk types shows as typed");
}

/// At 80×24 the card is four lines high: its letters and loans were cut with no mark and no
/// way to see them. The panel now says how many lines are left and Alt+W shows the whole card.
#[test]
fn a_card_taller_than_its_panel_says_so_and_alt_w_shows_it_whole() {
    let mut h = at_counter("w1");
    let id = crate::domain::IdNumber::from_stored(ID).unwrap();
    let known = crate::db::workers::Known { name: "王小明", ..Default::default() };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.db.conn
        .execute_batch(
            "INSERT INTO station_loans (item, qty, name, phone, lent_at, lent_on, due_on, worker_id)
             SELECT 'umbrella', 1, '王小明', '13812345678', '2026-11-20T01:00:00.000Z', '2026-11-20', '2099-01-01', id
             FROM workers",
        )
        .unwrap();
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.tick(50);
    let screen = h.screen();
    assert!(screen.contains("行，Alt+W 看全部"), "the panel says there is more: {screen}");
    h.alt('w');
    let Some(Modal::Text { lines, .. }) = &h.app.modal else { panic!("{:?}", h.app.modal) };
    let all = lines.join("\n");
    assert!(all.contains("雨伞 1把") && all.contains("王小明"), "{all}");
}

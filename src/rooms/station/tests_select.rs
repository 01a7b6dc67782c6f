//! F4's lists while another terminal changes them: the cursor stays on the loan or use the
//! clerk sees, a row that leaves takes the selection with it, and a search shows only its own
//! answer. The other terminal is the database changed between two reads.

use super::*;
use crate::app::form::FieldId;
use crate::db::station_ops::{self, StockChange};
use crate::rooms::station::View;

use super::station::{go, t};

fn stock(h: &mut Harness, code: &str, qty: i64) {
    let item = h.app.settings.config.station.items.iter().find(|i| i.code == code).unwrap().clone();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let by = station_ops::By { clerk_id: 1, role: Role::Supervisor, window: "w1".into(), at: now(), today };
    let change = StockChange::Restock { qty, expires_on: None };
    db::write(&mut h.db.conn, |tx| station_ops::change_stock(tx, &item, "", &change, "入库", &by))
        .unwrap()
        .unwrap();
}

const PEOPLE: [&str; 6] = ["张伟", "李娜", "王磊", "刘洋", "吴国庆", "徐芳"];

/// Six open umbrella loans, due one day after another in this order; phones end in 9281…9286.
fn six_loans(h: &mut Harness) {
    for (i, name) in PEOPLE.iter().enumerate() {
        h.db.conn
            .execute(
                "INSERT INTO station_loans (item, qty, name, phone, lent_at, lent_on, due_on)
                 VALUES ('umbrella', 1, ?1, ?2, '2026-11-20T01:00:00.000Z', '2026-11-20', ?3)",
                rusqlite::params![name, format!("1390000928{}", i + 1), format!("2026-12-0{}", i + 1)],
            )
            .unwrap();
    }
}

/// Another terminal takes a loan back whole.
fn returned_elsewhere(h: &Harness, name: &str) {
    h.db.conn
        .execute(
            "UPDATE station_loans SET returned = qty, closed_at = '2026-11-28T02:00:00.000Z' WHERE name = ?1",
            [name],
        )
        .unwrap();
}

fn open_names(h: &Harness) -> Vec<String> {
    let mut s =
        h.db.conn.prepare("SELECT name FROM station_loans WHERE closed_at IS NULL ORDER BY id").unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

fn highlighted(h: &Harness) -> Option<String> {
    t(h).loan().map(|l| l.name.clone())
}

#[test]
fn a_loan_returned_elsewhere_never_slides_the_next_person_under_the_cursor() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    six_loans(&mut h);
    h.press(KeyCode::F(4));
    go(&mut h, View::Loans);
    for _ in 0..4 {
        h.press(KeyCode::Down);
    }
    assert_eq!(highlighted(&h).as_deref(), Some("吴国庆"), "row 5");
    // Terminal B returns the first loan; this list is read again on the clock.
    returned_elsewhere(&h, "张伟");
    h.tick(2_100);
    assert_eq!(t(&h).overview.loans.len(), 5);
    assert_eq!(highlighted(&h).as_deref(), Some("吴国庆"), "the cursor stays on the loan, not the row");
    h.press(KeyCode::Enter);
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("no return form: {:?}", h.app.flash) };
    assert!(m.title.contains("吴国庆"), "{}", m.title);
    h.alt('s');
    assert_eq!(open_names(&h), ["李娜", "王磊", "刘洋", "徐芳"], "吴国庆's umbrella came back, not 徐芳's");

    // Now B returns the loan this terminal has under its cursor: nothing is selected.
    h.press(KeyCode::Up);
    assert_eq!(highlighted(&h).as_deref(), Some("刘洋"));
    returned_elsewhere(&h, "刘洋");
    h.tick(2_100);
    assert_eq!(highlighted(&h), None, "刘洋's loan left the list and nobody else took its place");
    h.press(KeyCode::Enter);
    assert!(h.app.modal.is_none(), "Enter opens no form on someone else's loan");
    assert_eq!(h.app.flash.as_deref(), Some("未选中，请先用 ↑ ↓ 选择"));
    h.alt('s');
    h.press(KeyCode::Enter);
    assert_eq!(open_names(&h), ["李娜", "王磊", "徐芳"]);
    assert!(!h.screen().contains("│>雨伞"), "no loan is drawn as selected:\n{}", h.screen());
    // ↓ takes the row that came into the place.
    h.press(KeyCode::Down);
    assert_eq!(highlighted(&h).as_deref(), Some("徐芳"));
    assert_eq!(h.session().revealable.as_ref().map(|r| r.masked.as_str()), Some("139****9286"));
}

#[test]
fn a_use_ended_elsewhere_leaves_nothing_selected_and_ending_one_asks_first() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "charger", 1);
    stock(&mut h, "wheelchair", 1);
    // Tickets A017 and A037 were issued today, as the database side's clock has it.
    let day = crate::domain::dates::local_day(chrono::Utc::now(), h.app.settings.tz).to_string();
    for ticket in ["A017", "A037"] {
        h.db.conn
            .execute(
                "INSERT INTO visits (day, ticket, matter, channel, arrived_at, state)
                 VALUES (?1, ?2, 'other', 'walk_in', '2026-11-28T01:00:00.000Z', 'waiting')",
                rusqlite::params![day, ticket],
            )
            .unwrap();
    }
    h.press(KeyCode::F(4));
    for (digit, ticket) in [("3", "a017"), ("4", "a037")] {
        h.typ(digit);
        h.press(KeyCode::Tab);
        h.typ(ticket);
        h.alt('s');
    }
    go(&mut h, View::InHall);
    let tickets = |h: &Harness| -> Vec<String> {
        t(h).overview.uses.iter().map(|u| u.ticket.clone().unwrap_or_default()).collect()
    };
    assert_eq!(tickets(&h), ["A017", "A037"]);
    assert_eq!(t(&h).in_use().and_then(|u| u.ticket.clone()).as_deref(), Some("A017"));
    // Terminal B ends A017's charger.
    h.db.conn
        .execute("UPDATE station_uses SET ended_at = '2026-11-28T02:00:00.000Z' WHERE ticket = 'A017'", [])
        .unwrap();
    h.tick(2_100);
    assert_eq!(tickets(&h), ["A037"]);
    assert_eq!(t(&h).in_use(), None, "the wheelchair does not slide under the cursor");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.flash.as_deref(), Some("未选中，请先用 ↑ ↓ 选择"));
    h.press(KeyCode::Enter);
    assert_eq!(tickets(&h), ["A037"], "no Enter ends the wheelchair's use");
    h.press(KeyCode::Down);
    assert_eq!(t(&h).in_use().and_then(|u| u.ticket.clone()).as_deref(), Some("A037"));
    h.press(KeyCode::Enter);
    let Some(Modal::Ask { question, .. }) = &h.app.modal else { panic!("ending a use asks first") };
    assert!(question.contains("轮椅") && question.contains("A037"), "{question}");
    h.press(KeyCode::Esc);
    assert_eq!(tickets(&h), ["A037"], "Esc ends nothing");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    assert!(tickets(&h).is_empty(), "asked and confirmed: ended");
    assert_eq!(h.app.flash.as_deref().map(|f| f.contains("轮椅")), Some(true), "{:?}", h.app.flash);
}

/// Keys sent without running what they ask for: the requests, to answer later in any order.
fn keys_held(h: &mut Harness, keys: &[KeyCode]) -> Vec<Effect> {
    let mut held = vec![];
    for k in keys {
        h.ms += 200;
        held.extend(h.app.update(Event::Key(KeyEvent::new(*k, KeyModifiers::NONE), h.ms)));
    }
    held
}

fn search_keys(q: &str) -> Vec<KeyCode> {
    let mut keys: Vec<KeyCode> = (0..8).map(|_| KeyCode::Backspace).collect();
    keys.extend(q.chars().map(KeyCode::Char));
    keys.push(KeyCode::Enter);
    keys
}

#[test]
fn a_slow_answer_to_an_older_search_is_never_shown_for_a_newer_one() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    six_loans(&mut h);
    h.press(KeyCode::F(4));
    go(&mut h, View::Loans);
    let names = |h: &Harness| -> Vec<String> { t(h).overview.loans.iter().map(|l| l.name.clone()).collect() };
    // 9284 asked, then 9415 before 9284's answer came; the clock's read goes out between.
    let older = keys_held(&mut h, &search_keys("9284"));
    let newer = keys_held(&mut h, &search_keys("9285"));
    h.ms += 2_100;
    let clock = h.app.update(Event::Tick(now(), h.ms));
    h.run(newer);
    h.run(clock);
    h.run(older);
    assert_eq!(t(&h).search.value(FieldId::Query), "9285");
    assert_eq!(t(&h).overview.query, "9285", "{:?}", names(&h));
    assert_eq!(names(&h), ["吴国庆"]);
    assert!(h.screen().contains("“9285”：1 笔"), "{}", h.screen());
    // The field emptied and Enter: the plain list, even when the search's answer is late.
    let search = keys_held(&mut h, &search_keys("9286"));
    let plain = keys_held(&mut h, &search_keys(""));
    h.run(plain);
    h.run(search);
    assert_eq!(t(&h).overview.query, "");
    assert_eq!(names(&h).len(), 6, "{:?}", names(&h));
    assert!(h.screen().contains("未还 6 笔"), "{}", h.screen());
}

/// helper-26's F6 spin, on F4 and F1: a clerk made an auditor elsewhere has the station and the
/// counter refused, and a refusal must not ask for the page again (refused again, for ever).
/// (#28: the next read now finds the role changed and the session takes it: an auditor's tabs.)
#[test]
fn a_role_refused_on_the_station_reads_nothing_again() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.press(KeyCode::F(4));
    h.db.conn.execute("UPDATE clerks SET role = 'auditor' WHERE login = '8002'", []).unwrap();
    h.tick(2_100);
    assert_eq!(h.session().tab, Tab::Summary, "F4 is not an auditor's");
    h.press(KeyCode::F(1));
    assert!(h.screen().contains("不能使用"), "{}", h.screen());
    h.tick(2_100);
    h.press(KeyCode::F(6));
    assert_eq!(h.session().tab, Tab::Admin, "keys still work");
}

/// #28 (tester): an empty 在馆使用 list selected its first row by itself when a use started at
/// another terminal, so Enter could end a use the clerk never picked. A list that was empty
/// stays unselected when rows appear, until ↑ or ↓; the loans list the same.
#[test]
fn rows_appearing_in_an_empty_list_stay_unselected_until_an_arrow() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "charger", 2);
    h.press(KeyCode::F(4));
    go(&mut h, View::InHall);
    assert!(t(&h).overview.uses.is_empty());
    // Terminal B starts a charger for A017.
    let charger = h.app.settings.config.station.items.iter().find(|i| i.code == "charger").unwrap().clone();
    let today = crate::domain::dates::local_day(chrono::Utc::now(), h.app.settings.tz);
    let by = station_ops::By { clerk_id: 1, role: Role::Supervisor, window: "w2".into(), at: now(), today };
    db::write(&mut h.db.conn, |tx| station_ops::start_use(tx, &charger, "A017", "", &by)).unwrap().unwrap();
    h.tick(2_100);
    assert_eq!(t(&h).overview.uses.len(), 1, "the other terminal's use is read");
    assert_eq!(t(&h).in_use(), None, "nothing picked by itself");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.flash.as_deref(), Some("未选中，请先用 ↑ ↓ 选择"));
    h.press(KeyCode::Down);
    assert_eq!(t(&h).in_use().and_then(|u| u.ticket.clone()).as_deref(), Some("A017"));
    // The loans list: empty, then a loan lent at terminal B.
    go(&mut h, View::Loans);
    assert!(t(&h).overview.loans.is_empty());
    six_loans(&mut h);
    h.tick(2_100);
    assert!(!t(&h).overview.loans.is_empty(), "the other terminal's loans are read");
    assert_eq!(t(&h).loan(), None, "nothing picked by itself");
    h.press(KeyCode::Down);
    assert_eq!(t(&h).loan().map(|l| l.name.as_str()), Some("张伟"));
}

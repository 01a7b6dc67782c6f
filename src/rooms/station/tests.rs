//! F4 through the real key path and the real executor on a temp database.

use super::*;
use crate::app::form::FieldId;
use crate::db::station_ops::{self, StockChange};
use crate::rooms::station::View;

pub(super) fn t(h: &Harness) -> &crate::rooms::station::StationTab {
    &h.session().station
}

/// Alt+K until the view is `v`.
pub(super) fn go(h: &mut Harness, v: View) {
    for _ in 0..6 {
        if t(h).view == v {
            return;
        }
        h.alt('k');
    }
    panic!("no view {v:?}");
}

/// The day the fixed-clock tests run on.
pub(super) fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

pub(super) fn item_of(h: &Harness, code: &str) -> crate::config::StationItem {
    h.app.settings.config.station.items.iter().find(|i| i.code == code).unwrap().clone()
}

/// Another terminal's clerk (8002 at w2), acting directly on the database.
pub(super) fn other(role: Role) -> station_ops::By {
    station_ops::By { clerk_id: 2, role, window: "w2".into(), at: now(), today: day() }
}

/// Stock of an item without batches put in by another terminal's supervisor.
pub(super) fn stock_plain(h: &mut Harness, code: &str, qty: i64) {
    let it = item_of(h, code);
    let change = StockChange::Restock { qty, expires_on: None };
    let by = other(Role::Supervisor);
    db::write(&mut h.db.conn, |tx| station_ops::change_stock(tx, &it, "", &change, "入库", &by))
        .unwrap()
        .unwrap();
}

/// An umbrella lent to 李四 through F4's entry form, due `due`, and Alt+S.
pub(super) fn lend_by_keys(h: &mut Harness, due: &str) {
    h.press(KeyCode::F(4));
    h.typ("1");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Tab);
    h.typ("李四");
    h.press(KeyCode::Tab);
    h.typ("13900001111");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.typ(due);
    h.alt('s');
}

/// Stock put in directly (as the supervisor), far from expiring.
fn stock(h: &mut Harness, code: &str, batch: &str, qty: i64) {
    let item = h.app.settings.config.station.items.iter().find(|i| i.code == code).unwrap().clone();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let by = station_ops::By { clerk_id: 1, role: Role::Supervisor, window: "w1".into(), at: now(), today };
    let expires = item.batches.then(|| chrono::NaiveDate::from_ymd_opt(2099, 1, 1).unwrap());
    let change = StockChange::Restock { qty, expires_on: expires };
    db::write(&mut h.db.conn, |tx| station_ops::change_stock(tx, &item, batch, &change, "入库", &by))
        .unwrap()
        .unwrap();
}

fn on_hand(h: &Harness, code: &str) -> i64 {
    h.db.conn
        .query_row("SELECT coalesce(sum(qty), 0) FROM station_stock WHERE item = ?1", [code], |r| r.get(0))
        .unwrap()
}

fn loans(h: &Harness) -> Vec<(i64, i64, i64, bool)> {
    let mut s =
        h.db.conn
            .prepare("SELECT qty, returned, lost, closed_at IS NULL FROM station_loans ORDER BY id")
            .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn clear_field(h: &mut Harness) {
    for _ in 0..8 {
        h.press(KeyCode::Backspace);
    }
}

#[test]
fn restock_lend_two_and_take_one_back() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    h.press(KeyCode::F(4));
    go(&mut h, View::Stock);
    h.alt('a');
    assert!(matches!(h.app.modal, Some(Modal::Form(_))), "the restock form opens on 雨伞");
    h.typ("5");
    h.alt('s');
    assert_eq!(on_hand(&h, "umbrella"), 5);
    go(&mut h, View::Entry);
    h.typ("1");
    h.press(KeyCode::Enter);
    assert_eq!(t(&h).entry.focused().name, FieldId::Qty, "a loan needs more than the item");
    h.typ("２");
    h.press(KeyCode::Tab);
    h.typ("欧阳建国");
    h.press(KeyCode::Tab);
    h.typ("13912345678");
    assert_eq!(t(&h).entry.value(FieldId::Due), "2026-11-30", "Saturday's loan is due Monday");
    h.alt('s');
    assert_eq!(loans(&h), [(2, 0, 0, true)]);
    assert_eq!(on_hand(&h, "umbrella"), 3);
    let last = t(&h).last.clone().unwrap();
    assert!(last.message.contains("已借出 雨伞 2把 · 欧阳建国"), "{}", last.message);
    assert_eq!(t(&h).entry.choice(FieldId::Item), None, "the form is fresh for the next person");
    go(&mut h, View::Loans);
    assert_eq!(t(&h).overview.loans.len(), 1);
    h.press(KeyCode::Enter);
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("no return form") };
    assert_eq!(m.form.value(FieldId::Qty), "2", "all that is out, by default");
    clear_field(&mut h);
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ("伞骨有点弯");
    h.alt('s');
    assert_eq!(loans(&h), [(2, 1, 0, true)]);
    assert_eq!(on_hand(&h, "umbrella"), 4);
    assert!(h.app.flash.as_deref().unwrap().contains("仍未还 1把"));
    let actions = h.audit_actions();
    assert!(actions.contains(&"station_lend".to_string()) && actions.contains(&"station_return".to_string()));
    assert!(actions.contains(&"station_stock".to_string()));
}

#[test]
fn ten_at_once_is_one_entry_and_too_many_keeps_the_input() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "plaster", "", 12);
    h.press(KeyCode::F(4));
    h.typ("6");
    h.press(KeyCode::Tab);
    h.typ("10");
    h.alt('s');
    let rows: Vec<(String, i64)> = {
        let mut s =
            h.db.conn
                .prepare("SELECT kind, qty FROM station_moves WHERE item = 'plaster' AND kind = 'give'")
                .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(rows, [("give".to_string(), -10)]);
    h.typ("6");
    h.press(KeyCode::Tab);
    h.typ("5");
    h.alt('s');
    let f = &t(&h).entry;
    assert_eq!(f.choice(FieldId::Item), Some(5));
    assert_eq!(f.value(FieldId::Qty), "5", "what was typed stays");
    assert_eq!(f.field(FieldId::Qty).unwrap().error.as_deref(), Some("库存不足：创可贴可用 2片"));
    assert_eq!(on_hand(&h, "plaster"), 2);
}

#[test]
fn medicine_shows_its_caution_and_water_is_a_days_tally() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "huoxiang", "HX01", 5);
    stock(&mut h, "water", "", 24);
    h.press(KeyCode::F(4));
    h.typ("7");
    h.press(KeyCode::Enter);
    let last = t(&h).last.clone().unwrap();
    assert!(last.message.contains("批号 HX01×1"), "{}", last.message);
    assert_eq!(last.caution.as_deref(), Some("请告知：藿香正气水含乙醇，服后勿驾车。"));
    for _ in 0..3 {
        h.typ("5");
        h.press(KeyCode::Enter);
    }
    assert!(t(&h).last.as_ref().unwrap().message.ends_with("您今日已发 3瓶（全中心 3瓶）"));
    let tallies: i64 =
        h.db.conn
            .query_row("SELECT count(*) FROM station_moves WHERE kind = 'tally'", [], |r| r.get(0))
            .unwrap();
    assert_eq!(tallies, 1);
}

#[test]
fn a_clerk_is_refused_restock_and_lost_loans() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.press(KeyCode::F(4));
    go(&mut h, View::Stock);
    h.alt('a');
    assert!(h.app.modal.is_none());
    assert_eq!(h.app.flash.as_deref(), Some("只有主管可以办理此项"));
    h.alt('c');
    assert_eq!(h.app.flash.as_deref(), Some("只有主管可以办理此项"));
    go(&mut h, View::Loans);
    h.alt('d');
    assert_eq!(h.app.flash.as_deref(), Some("只有主管可以办理此项"));
    assert_eq!(on_hand(&h, "umbrella"), 0);
}

#[test]
fn the_loans_search_is_audited_and_a_supervisor_closes_a_lost_loan() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    stock(&mut h, "glasses", "", 3);
    h.press(KeyCode::F(4));
    for (name, phone) in [("李四", "13900001111"), ("王建国", "13812345678")] {
        h.typ("2");
        h.press(KeyCode::Enter);
        h.press(KeyCode::Tab);
        h.typ(name);
        h.press(KeyCode::Tab);
        h.typ(phone);
        h.alt('s');
    }
    go(&mut h, View::Loans);
    assert_eq!(t(&h).overview.loans.len(), 2);
    h.typ("5678");
    h.press(KeyCode::Enter);
    assert_eq!(t(&h).overview.loans.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["王建国"]);
    let detail: String =
        h.db.conn
            .query_row("SELECT detail FROM audit_log WHERE action = 'station_search'", [], |r| r.get(0))
            .unwrap();
    assert_eq!(detail, "query=5678 found=1");
    // Alt+V offers the selected borrower's phone.
    assert_eq!(h.session().revealable.as_ref().map(|r| r.masked.as_str()), Some("138****5678"));
    h.alt('d');
    h.press(KeyCode::Tab);
    h.alt('s');
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("a lost close needs its reason") };
    assert_eq!(m.form.field(FieldId::Note).unwrap().error.as_deref(), Some("必填"));
    h.typ("借用人告知遗失");
    h.alt('s');
    assert_eq!(loans(&h), [(1, 0, 0, true), (1, 0, 1, false)]);
    assert_eq!(on_hand(&h, "glasses"), 1, "on hand is unchanged: the pair was out already");
}

#[test]
fn in_hall_use_help_and_the_days_log() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "charger", "", 1);
    // Ticket A012 was issued today, as the database side's clock has it (a ticket named must be).
    let day = crate::domain::dates::local_day(Utc::now(), h.app.settings.tz).to_string();
    h.db.conn
        .execute(
            "INSERT INTO visits (day, ticket, matter, channel, arrived_at, state)
             VALUES (?1, 'A012', 'other', 'walk_in', '2026-11-28T01:00:00.000Z', 'waiting')",
            [day],
        )
        .unwrap();
    h.press(KeyCode::F(4));
    h.typ("3");
    h.press(KeyCode::Tab);
    h.typ("a12");
    h.alt('s');
    h.typ("3");
    h.press(KeyCode::Enter);
    assert_eq!(
        t(&h).entry.field(FieldId::Item).unwrap().error.as_deref(),
        Some("手机充电架已全部在用（共 1位）")
    );
    go(&mut h, View::InHall);
    assert_eq!(t(&h).overview.uses.iter().map(|u| u.ticket.as_deref()).collect::<Vec<_>>(), [Some("A12")]);
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.modal, Some(Modal::Ask { .. })), "ending a use asks first");
    h.press(KeyCode::Enter);
    assert!(t(&h).overview.uses.is_empty());
    h.alt('g');
    h.typ("2");
    h.press(KeyCode::Tab);
    h.typ("代填医疗互助申请表");
    h.alt('s');
    assert_eq!(h.app.flash.as_deref(), Some("已记录帮助：代填表"));
    go(&mut h, View::Today);
    assert_eq!(t(&h).overview.help.len(), 1);
    assert_eq!(t(&h).overview.help[0].note, "代填医疗互助申请表");
}

#[test]
fn a_volunteer_works_the_station_but_never_reaches_claims() {
    let mut h = Harness::with(Some("w1"), &[("8003", "张志愿", Role::Volunteer)]);
    h.login("8003", PIN);
    assert_eq!(h.session().tab, Tab::Station);
    stock(&mut h, "water", "", 10);
    h.typ("5");
    h.press(KeyCode::Enter);
    assert_eq!(on_hand(&h, "water"), 9);
    h.press(KeyCode::F(2));
    assert_eq!(h.session().tab, Tab::Station);
    assert!(h.app.flash.as_deref().unwrap().contains("互助申报"));
}

#[test]
fn a_volunteer_on_f1_issues_quick_tickets_and_sees_no_personal_data() {
    use crate::rooms::walkins::WalkOp;
    let mut h = Harness::with(
        Some("desk"),
        &[("8001", "周主任", Role::Supervisor), ("8003", "张志愿", Role::Volunteer)],
    );
    // A registered visit with a name, by the supervisor, directly.
    let reg = |id: Option<&str>, name: &str| crate::rooms::walkins::Registration {
        matter: "medical_aid".into(),
        channel: crate::domain::walkin::Channel::WalkIn,
        id_number: id.map(str::to_string),
        name: name.into(),
        phone: String::new(),
        work_unit: String::new(),
        priority: None,
        note: String::new(),
        correct_record: false,
    };
    let env = h.env();
    let sup = Who { clerk_id: 1, login: "8001".into(), window: "w1".into(), role: Role::Supervisor };
    let r = crate::app::execute(
        &mut h.db.conn,
        &env,
        Effect::Walk { who: sup, op: WalkOp::Register(reg(Some("11010519491231002X"), "王建国")) },
    );
    assert!(
        matches!(r, Some(Reply::Walk(w)) if matches!(*w, crate::rooms::walkins::WalkReply::Registered(Ok(_))))
    );
    h.login("8003", PIN);
    h.press(KeyCode::F(1));
    h.typ("1");
    h.press(KeyCode::Enter);
    let visits: i64 = h.db.conn.query_row("SELECT count(*) FROM visits", [], |r| r.get(0)).unwrap();
    assert_eq!(visits, 2, "the quick ticket was issued");
    // The queue the volunteer sees carries no names or ID numbers.
    let rows = &h.session().walkins.snapshot.rows;
    assert!(!rows.is_empty() && rows.iter().all(|r| r.name.is_none() && r.id_number.is_none()));
    // Typing an ID asks for no card, and a full registration is refused with nothing saved.
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ("11010519491231002X");
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.alt('s');
    assert!(!h.effects.iter().any(|e| matches!(e, Effect::Walk { op: WalkOp::Card { .. }, .. })));
    assert_eq!(h.app.flash.as_deref(), Some("志愿者只能发快速取号（事项数字+回车），不能登记或查看个人信息"));
    let visits: i64 = h.db.conn.query_row("SELECT count(*) FROM visits", [], |r| r.get(0)).unwrap();
    assert_eq!(visits, 2);
    // Asked directly, the database side refuses a card, a call and an edit to a volunteer.
    let vol = Who { clerk_id: 2, login: "8003".into(), window: "desk".into(), role: Role::Volunteer };
    for op in [
        WalkOp::Card { id_number: "11010519491231002X".into(), reason: "本人来访".into() },
        WalkOp::Act(crate::rooms::walkins::Act::CallNext),
        WalkOp::Register(reg(Some("11010519491231002X"), "王建国")),
    ] {
        let r = crate::app::execute(&mut h.db.conn, &env, Effect::Walk { who: vol.clone(), op });
        let Some(Reply::Walk(w)) = r else { panic!("no reply") };
        assert!(
            matches!(
                *w,
                crate::rooms::walkins::WalkReply::Card { card: Err(_), .. }
                    | crate::rooms::walkins::WalkReply::Acted(Err(_))
                    | crate::rooms::walkins::WalkReply::Registered(Err(_))
            ),
            "{w:?}"
        );
    }
    assert!(!h.audit_actions().iter().any(|a| a == "worker_card"), "no worker card was read");
}

#[test]
fn the_open_loans_page_through_every_one_by_due_date() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    // 400 open loans whose due dates do not follow their ids; the last but one is 何丽萍's.
    h.db.conn
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
             INSERT INTO station_loans (item, qty, name, phone, lent_at, lent_on, due_on)
             SELECT 'umbrella', 1, CASE i WHEN 399 THEN '何丽萍' ELSE '借用人' END,
                 '139' || printf('%08d', i), '2026-01-01T01:00:00.000Z', '2026-01-01',
                 date('2026-01-01', '+' || ((i * 37) % 200) || ' days')
             FROM n",
        )
        .unwrap();
    let order: Vec<i64> = {
        let mut s = h.db.conn.prepare("SELECT id FROM station_loans ORDER BY due_on, id").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    h.press(KeyCode::F(4));
    go(&mut h, View::Loans);
    let selected = |h: &Harness| t(h).overview.loans.get(t(h).selected).map(|l| l.id);
    let page = t(&h).overview.loans.len();
    assert!((5..=50).contains(&page), "a page, not all 400: {page}");
    assert_eq!(t(&h).overview.loans_open, 400);
    assert_eq!(selected(&h), Some(order[0]), "the longest overdue first");
    h.press(KeyCode::End);
    assert_eq!(selected(&h), Some(order[399]), "End: the last due");
    h.press(KeyCode::Up);
    assert_eq!(selected(&h), Some(order[398]));
    h.press(KeyCode::Home);
    assert_eq!(selected(&h), Some(order[0]));
    h.press(KeyCode::PageDown);
    assert_eq!(selected(&h), Some(order[page]), "the next page");
    h.press(KeyCode::Up);
    assert_eq!(selected(&h), Some(order[page - 1]), "↑ across a page");
    // Drawn, a page is what the screen shows: PgDn moves by it, PgUp back to the page's top.
    h.press(KeyCode::Home);
    h.draw();
    let shown = t(&h).shown.or(0);
    assert!(shown > 0, "{shown} rows at 80×24");
    h.press(KeyCode::PageDown);
    assert_eq!(t(&h).overview.loans.len(), shown, "a page is the rows shown");
    assert_eq!(selected(&h), Some(order[shown]), "no row left undrawn between the pages");
    h.press(KeyCode::PageUp);
    assert_eq!(selected(&h), Some(order[0]), "PgUp: a page up, not one row");
    h.press(KeyCode::PageUp);
    assert_eq!(selected(&h), Some(order[0]), "PgUp at the top stays on the first row");
    // The two-second refresh reads the page on screen again, not the first.
    let first = t(&h).overview.loans[0].id;
    h.tick(2_500);
    assert_eq!(t(&h).overview.loans[0].id, first);
    // ↓ past the very end keeps the last page.
    h.press(KeyCode::End);
    h.press(KeyCode::Down);
    assert_eq!(selected(&h), Some(order[399]));
    // The search runs in the database: 何丽萍 is found however far down she is.
    h.typ("何丽萍");
    h.press(KeyCode::Enter);
    assert_eq!(t(&h).overview.loans_matched, 1);
    assert_eq!(t(&h).overview.loans.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["何丽萍"]);
    // A search matching many counts them all, not the page.
    for _ in 0..3 {
        h.press(KeyCode::Backspace);
    }
    h.typ("借用人");
    h.press(KeyCode::Enter);
    assert_eq!(t(&h).overview.loans_matched, 399);
    assert_eq!(t(&h).overview.loans.len(), page);
}

#[test]
fn the_loans_header_counts_every_open_loan_and_its_units() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    // 60 open loans of 1, 2 or 3 umbrellas (20 of each: 120 units), every fourth long overdue
    // (15 loans, 5 of each: 30 units); an overdue loan of 3 with 1 back (2 still out); a closed
    // overdue loan, which counts nothing. 61 loans, 122 units; 16 overdue, 32 units.
    h.db.conn
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
             INSERT INTO station_loans (item, qty, name, phone, lent_at, lent_on, due_on)
             SELECT 'umbrella', 1 + i % 3, '借用人', '139' || printf('%08d', i), '2020-01-01T01:00:00.000Z',
                 '2020-01-01', CASE WHEN i % 4 = 0 THEN '2020-01-02' ELSE '2099-01-01' END
             FROM n;
             INSERT INTO station_loans (item, qty, returned, name, phone, lent_at, lent_on, due_on)
             VALUES ('umbrella', 3, 1, '还了一把', '13900000099', '2020-01-01T01:00:00.000Z', '2020-01-01',
                 '2020-01-02');
             INSERT INTO station_loans (item, qty, returned, name, phone, lent_at, lent_on, due_on, closed_at)
             VALUES ('umbrella', 5, 5, '全还了', '13900000098', '2020-01-01T01:00:00.000Z', '2020-01-01',
                 '2020-01-02', '2020-01-05T01:00:00.000Z');",
        )
        .unwrap();
    h.press(KeyCode::F(4));
    go(&mut h, View::Loans);
    h.draw();
    h.tick(2_500);
    let page = t(&h).overview.loans.len();
    assert!(page < 61, "the list is a page: {page}");
    let shown = h.screen();
    assert!(shown.contains("未还 61 笔 122 件，逾期 16 笔 32 件"), "{shown}");
}

#[test]
fn two_clerks_water_tallies_are_each_ones_and_the_day_shows_both() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "water", "", 24);
    h.press(KeyCode::F(4));
    for _ in 0..2 {
        h.typ("5");
        h.press(KeyCode::Enter);
    }
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login("8001", PIN);
    h.press(KeyCode::F(4));
    h.typ("5");
    h.press(KeyCode::Tab);
    h.typ("3");
    h.alt('s');
    let last = t(&h).last.clone().unwrap();
    assert!(
        last.message.ends_with("您今日已发 3瓶（全中心 5瓶）"),
        "8001's own and the day's, both clerks': {}",
        last.message
    );
    let tallies: Vec<(String, i64, i64)> = {
        let mut s =
            h.db.conn
                .prepare(
                    "SELECT c.login, m.qty, m.entries FROM station_moves m JOIN clerks c ON c.id = m.clerk_id
                 WHERE m.kind = 'tally' ORDER BY c.login",
                )
                .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(tallies, [("8001".to_string(), -3, 1), ("8002".to_string(), -2, 2)], "each clerk's own");
    go(&mut h, View::Today);
    let shown = h.screen();
    assert!(shown.contains("今日 发放5 "), "{shown}");
    let rows = shown.lines().filter(|l| l.contains("发放(计数)")).collect::<Vec<_>>();
    assert!(
        rows.len() == 2 && rows.iter().any(|l| l.contains("8001")) && rows.iter().any(|l| l.contains("8002")),
        "{shown}"
    );
}

/// #28: F4's expiry line stopped mid-name at 80×24 (`…感冒灵颗粒 GMA`), in item order, so the
/// soonest expiry could be the one hidden. The soonest come first, and what does not fit is
/// counted.
#[test]
fn the_expiry_line_puts_the_soonest_first_and_counts_what_does_not_fit() {
    let mut h = Harness::new(Some("w1"));
    for (i, day) in (1..=12).rev().enumerate() {
        let item = if i % 2 == 0 { "huoxiang" } else { "cold_granules" };
        let expires = chrono::NaiveDate::from_ymd_opt(2026, 12, day).unwrap().to_string();
        h.db.conn
            .execute(
                "INSERT INTO station_stock (item, batch, expires_on, qty) VALUES (?1, ?2, ?3, 5)",
                rusqlite::params![item, format!("LONGBATCH{day:02}"), expires],
            )
            .unwrap();
    }
    h.login("8001", PIN);
    h.press(KeyCode::F(4));
    let shown = h.screen();
    assert!(shown.contains("LONGBATCH01"), "the soonest is shown: {shown}");
    assert!(!shown.contains("LONGBATCH12") && shown.contains("另有"), "the rest are counted: {shown}");
}

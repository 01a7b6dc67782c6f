//! F1 screens on TestBackend: a filled registration with the worker card, a refused ID,
//! the queue with tickets, the outcome question and the referral form; 80×24 and 120×40.

mod common;
use chrono::{Duration, TimeZone, Utc};
use common::screen::{key, render, typ};
use crossterm::event::{KeyCode, KeyModifiers};
use frontdesk::app::form::FieldId;
use frontdesk::app::{App, Screen};
use frontdesk::db::queue::VisitRow;
use frontdesk::db::workers::Worker;
use frontdesk::domain::walkin::State;
use frontdesk::domain::{IdNumber, Role};
use frontdesk::i18n::Lang;
use frontdesk::rooms::walkins::{Card, LastTicket, Snapshot};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap()
}

fn app(lang: Lang) -> App {
    common::screen::kiosk(lang, (2, "9002", "李小窗", Role::Clerk), true)
}

fn row(
    id: i64,
    ticket: &str,
    matter: &str,
    state: State,
    name: &str,
    mins_ago: i64,
    priority: bool,
) -> VisitRow {
    VisitRow {
        id,
        day: "2026-11-28".into(),
        ticket: Some(ticket.into()),
        matter: matter.into(),
        channel: "walk_in".into(),
        worker_id: None,
        id_number: None,
        name: Some(name.into()),
        phone: None,
        work_unit: None,
        priority: priority.then(|| "elderly".into()),
        arrived_at: now() - Duration::minutes(mins_ago),
        state,
        calls: u32::from(state == State::Called),
        window: None,
        outcome: None,
        papers: None,
        ref_department: None,
        ref_follow_up_on: None,
        checklist_given: false,
        begun_at: (state == State::Serving).then(|| now() - Duration::minutes(6)),
    }
}

fn with_queue(a: &mut App) {
    if let Screen::Main(s) = &mut a.screen {
        let w = &mut s.walkins;
        w.snapshot = Snapshot {
            rows: vec![
                row(5, "A012", "medical_aid", State::Serving, "王建国", 30, false),
                row(1, "A014", "medical_aid", State::Waiting, "欧阳建国际华", 23, true),
                row(2, "A015", "medical_aid", State::Waiting, "李四", 19, false),
                row(3, "B003", "hardship", State::Waiting, "张秀英", 12, false),
                row(4, "A016", "medical_aid", State::Waiting, "陈芳", 2, false),
            ],
            current: Some(row(5, "A012", "medical_aid", State::Serving, "王建国", 30, false)),
            waiting: 4,
            longest_wait_min: Some(23),
            followups: 2,
            page: Default::default(),
        };
        w.last = Some(LastTicket {
            channel: frontdesk::domain::walkin::Channel::WalkIn,
            ticket: Some("A017".into()),
            matter: "medical_aid".into(),
            ahead: 12,
        });
    }
}

#[test]
fn registration_with_a_known_worker_and_card() {
    let mut a = app(Lang::Zh);
    with_queue(&mut a);
    typ(&mut a, "1");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "330381196607151234");
    if let Screen::Main(s) = &mut a.screen {
        let id = IdNumber::from_stored("330381196607151234").unwrap();
        let worker = Worker {
            id: 1,
            id_number: id,
            name: "王建国".into(),
            phone: Some("13812345678".into()),
            work_unit: Some("浙江久立特种科技股份有限公司".into()),
            email: None,
            mutual_aid_year: Some(2026),
            hardship: None,
            version: 1,
        };
        let mut visit = row(9, "A003", "medical_aid", State::Done, "王建国", 60 * 24 * 10, false);
        visit.outcome = Some(frontdesk::domain::walkin::Outcome::NeedsPapers);
        s.walkins.card = Some(Card {
            worker,
            visits: vec![visit],
            total_visits: 3,
            repeat_30: Some("medical_aid".into()),
            claims: vec![],
            letters: vec![],
            loans: vec![frontdesk::db::station::LoanRow {
                id: 1,
                item: "umbrella".into(),
                qty: 1,
                returned: 0,
                lost: 0,
                name: "王建国".into(),
                phone: "13812345678".into(),
                id_number: None,
                worker_id: Some(1),
                ticket: None,
                deposit: false,
                lent_at: "2026-11-25T01:00:00.000Z".into(),
                lent_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
                due_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
                closed_at: None,
                note: None,
                refunded: false,
            }],
        });
        for (f, v) in [
            (FieldId::Name, "王建国"),
            (FieldId::Phone, "13812345678"),
            (FieldId::Unit, "浙江久立特种科技股份有限公司"),
        ] {
            s.walkins.form.field_mut(f).unwrap().input = tui_input::Input::new(v.into());
        }
    }
    insta::assert_snapshot!("f1_registration_card_zh_80x24", render(&mut a, 80, 24));
    insta::assert_snapshot!("f1_registration_card_zh_120x40", render(&mut a, 120, 40));
}

#[test]
fn a_refused_id_shows_its_reason_under_the_field() {
    let mut a = app(Lang::Zh);
    typ(&mut a, "1");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "110105194912310021");
    key(&mut a, KeyCode::Char('s'), KeyModifiers::ALT);
    insta::assert_snapshot!("f1_bad_id_zh_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::En);
    typ(&mut a, "1");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "1101051949");
    key(&mut a, KeyCode::Char('s'), KeyModifiers::ALT);
    insta::assert_snapshot!("f1_bad_id_en_80x24", render(&mut a, 80, 24));
}

#[test]
fn the_queue_pane_and_the_outcome_question() {
    let mut a = app(Lang::Zh);
    with_queue(&mut a);
    key(&mut a, KeyCode::BackTab, KeyModifiers::SHIFT);
    key(&mut a, KeyCode::Down, KeyModifiers::NONE);
    insta::assert_snapshot!("f1_queue_zh_80x24", render(&mut a, 80, 24));
    // In the list the keys act on the row selected (the bottom line says so): back on the
    // window's own ticket, the first row, Alt+F asks its outcome.
    key(&mut a, KeyCode::Up, KeyModifiers::NONE);
    key(&mut a, KeyCode::Char('f'), KeyModifiers::ALT);
    insta::assert_snapshot!("f1_outcome_zh_80x24", render(&mut a, 80, 24));
    typ(&mut a, "3");
    typ(&mut a, "2");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "民政局张科长");
    insta::assert_snapshot!("f1_referral_form_zh_80x24", render(&mut a, 80, 24));
}

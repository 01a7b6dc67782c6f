//! F3's chains and deliveries through the real key path (issue #22): only the current letter of
//! a chain is voided or re-issued, a re-issue is a supervisor's with a reason, and the register's
//! send keys confirm the letter they act on.

use super::*;
use crate::app::form::FieldId;
use crate::rooms::letters::View;

use super::letters::{ID, compose, go, no, t};

/// (number, state, replaces, replaced_by, void_reason) in issue order.
type Row = (String, String, Option<i64>, Option<i64>, Option<String>);

fn letters(h: &Harness) -> Vec<Row> {
    let mut s =
        h.db.conn
            .prepare("SELECT number, state, replaces, replaced_by, void_reason FROM letters ORDER BY id")
            .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// The register's cursor on the letter with this id.
fn select(h: &mut Harness, id: i64) {
    h.press(KeyCode::Home);
    for _ in 0..t(h).rows.len() {
        if t(h).selected_in(&[]).map(|l| l.id) == Some(id) {
            return;
        }
        h.press(KeyCode::Down);
    }
    panic!("letter {id} not in the register");
}

/// Alt+E on the selected letter with a reason, then Alt+S on the compose form it fills.
fn reissue(h: &mut Harness, reason: &str) {
    h.alt('e');
    assert!(matches!(h.app.modal, Some(Modal::Form(_))), "a re-issue asks the reason: {:?}", h.app.flash);
    h.typ(reason);
    h.alt('s');
    assert_eq!(t(h).view, View::Compose, "{:?}", h.app.flash);
    h.alt('s');
}

#[test]
fn reissue_is_a_supervisors_act_and_asks_the_reason() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    compose(&mut h, "2026-12-03");
    h.alt('s');
    go(&mut h, View::Register);
    h.alt('e');
    assert_eq!(h.app.flash.as_deref(), Some("只有主管可以重开"));
    assert_eq!((t(&h).view, h.app.modal.is_none()), (View::Register, true));
    assert_eq!(letters(&h).len(), 1, "nothing issued, nothing voided");
    assert_eq!(letters(&h)[0].1, "issued");
    // A supervisor: the reason is required, then kept as the old letter's.
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login("8001", PIN);
    h.press(KeyCode::F(3));
    go(&mut h, View::Register);
    h.alt('e');
    h.alt('s');
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("the reason form stays") };
    assert_eq!(m.form.field(FieldId::Reason).unwrap().error.as_deref(), Some("必填"));
    h.typ("日期有误");
    h.alt('s');
    assert_eq!(t(&h).view, View::Compose);
    h.alt('s');
    let rows = letters(&h);
    assert_eq!(rows[1].2, Some(1), "{rows:?}");
    assert_eq!(rows[0].1, "void", "the replaced letter is void");
    assert_eq!(rows[0].3, Some(2));
    assert_eq!(rows[0].4.as_deref(), Some("日期有误"));
}

#[test]
fn only_the_current_letter_of_a_chain_is_voided_or_reissued() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    compose(&mut h, "2026-12-03");
    h.alt('s');
    go(&mut h, View::Register);
    reissue(&mut h, "日期有误");
    assert_eq!(letters(&h).len(), 2);
    go(&mut h, View::Register);
    select(&mut h, 1);
    h.alt('e');
    assert!(h.app.modal.is_none());
    let flash = h.app.flash.clone().unwrap_or_default();
    assert!(flash.contains(&no(1)) && flash.contains(&no(2)), "names the current letter: {flash}");
    h.alt('x');
    assert!(h.app.modal.is_none());
    let flash = h.app.flash.clone().unwrap_or_default();
    assert!(flash.contains(&no(2)), "names the current letter: {flash}");
    assert_eq!(letters(&h).len(), 2, "no third letter");
    // The database side refuses too, whatever the screen sent.
    let who = h.app.who().unwrap();
    let env = h.env();
    let c = crate::rooms::letters::Compose {
        id_number: ID.into(),
        name: "王建国".into(),
        work_unit: "久立特钢".into(),
        recipient: h.app.settings.config.recuperation_units[1].code.clone(),
        start: "2026-12-01".parse().unwrap(),
        end: "2026-12-03".parse().unwrap(),
        places: None,
        standard: String::new(),
        companions: String::new(),
        note: String::new(),
        replaces: Some(1),
        reason: "再开一次".into(),
    };
    let op = crate::rooms::letters::LetterOp::Issue(c);
    let r = crate::app::execute(&mut h.db.conn, &env, Effect::Letters { who: who.clone(), op });
    let Some(Reply::Letters(r)) = r else { panic!() };
    let crate::rooms::letters::LetterReply::Issued(Err(why)) = *r else { panic!("{r:?}") };
    assert!(why.words(crate::i18n::Lang::Zh).contains(&no(2)));
    let op = crate::rooms::letters::LetterOp::Void { id: 1, reason: "再作废".into() };
    let r = crate::app::execute(&mut h.db.conn, &env, Effect::Letters { who, op });
    let Some(Reply::Letters(r)) = r else { panic!() };
    assert!(matches!(*r, crate::rooms::letters::LetterReply::Done(Err(_))), "{r:?}");
    let rows = letters(&h);
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].3, rows[0].4.as_deref()), (Some(2), Some("日期有误")), "replaced_by kept");
    assert_eq!(rows[1].1, "issued");
    // The schema itself will not move a replacement.
    let moved = h.db.conn.execute("UPDATE letters SET replaced_by = 2 WHERE id = 1", []);
    assert!(moved.is_ok(), "the same value is no move");
    assert!(h.db.conn.execute("UPDATE letters SET replaced_by = NULL WHERE id = 1", []).is_err());
    // The audit row of the re-issue names the letter replaced and the reason.
    let detail: String =
        h.db.conn
            .query_row("SELECT detail FROM audit_log WHERE action = 'letter_reissue'", [], |r| r.get(0))
            .unwrap();
    assert!(detail.contains(&format!("replaces={}", no(1))) && detail.contains("日期有误"), "{detail}");
}

/// Alt+M and Alt+D ask about the letter by its number; the register's cursor stays on the
/// letter it was on when the page is read again with newer letters above it.
#[test]
fn send_keys_confirm_the_letter_and_the_cursor_follows_it() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    compose(&mut h, "2026-12-03");
    h.alt('s');
    compose(&mut h, "2026-12-04");
    h.alt('s');
    go(&mut h, View::Register);
    select(&mut h, 1);
    // Another terminal issues a letter; this one's register is read again.
    h.db.conn
        .execute_batch(
            "INSERT INTO letters (type, number, year, seq, worker_id, id_masked, name, work_unit, recipient,
                 start_on, end_on, days, issued_on, issued_at, issued_by, unit_text, worker_text, unit_sha,
                 worker_sha, code, files)
             SELECT type, number || '-b', year, seq + 10, worker_id, id_masked, '李四', work_unit, recipient,
                 start_on, end_on, days, issued_on, issued_at, issued_by, unit_text, worker_text, unit_sha,
                 worker_sha, code, 'none' FROM letters WHERE id = 2",
        )
        .unwrap();
    h.press(KeyCode::F(1));
    h.press(KeyCode::F(3));
    assert_eq!(t(&h).rows.len(), 3);
    assert_eq!(t(&h).selected_in(&[]).map(|l| l.id), Some(1), "the cursor follows the letter");
    h.alt('m');
    let Some(Modal::Ask { question, .. }) = &h.app.modal else {
        panic!("Alt+M asks first: {:?}", h.app.flash)
    };
    assert!(question.contains(&no(1)), "{question}");
    let sent = |h: &Harness| -> Vec<String> {
        let mut s = h.db.conn.prepare("SELECT delivery FROM letters ORDER BY id").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(sent(&h), ["pending", "pending", "pending"], "nothing before Enter");
    h.press(KeyCode::Enter);
    assert_eq!(sent(&h), ["sent", "pending", "pending"]);
    // Esc on the question does nothing.
    select(&mut h, 2);
    h.alt('m');
    h.press(KeyCode::Esc);
    assert_eq!(sent(&h), ["sent", "pending", "pending"]);
    h.alt('d');
    assert!(
        matches!(&h.app.modal, Some(Modal::Ask { question, .. }) if question.contains(&no(2)))
            || h.app.flash.as_deref() == Some(h.app.ui.f3.no_smtp),
        "{:?}",
        h.app.flash
    );
}

/// The worker's address refused: the unit's copy is delivered and the register says so per
/// recipient; Alt+D again does not mail the unit a second time.
#[test]
fn the_register_shows_delivery_per_recipient_and_a_retry_spares_the_unit() {
    let (port, got) = crate::letters::send_tests::sink();
    let mut settings = crate::config::Settings::builtin();
    settings.config.smtp = Some(crate::config::Smtp {
        host: "127.0.0.1".into(),
        port,
        from: "fuwu@example.org".into(),
        tls: "none".into(),
        credentials_file: None,
    });
    let accounts = [("8001", "周主任", Role::Supervisor)];
    let mut h = Harness::configured(Some("w1"), &accounts, settings, tempfile::tempdir().unwrap());
    let id = crate::domain::IdNumber::from_stored(ID).unwrap();
    let known =
        crate::db::workers::Known { name: "王建国", email: "refuse@example.org", ..Default::default() };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.login("8001", PIN);
    compose(&mut h, "2026-12-03");
    h.alt('s');
    go(&mut h, View::Register);
    h.alt('d');
    h.press(KeyCode::Enter);
    assert_eq!(got.lock().unwrap().len(), 1, "the unit's copy went");
    let l = t(&h).selected_in(&[]).unwrap();
    assert_eq!(l.delivery, "pending");
    let parts = crate::rooms::letters::draw::delivery_parts(h.app.ui, &l);
    assert!(parts.starts_with("已发送（单位）/待发送（职工：") && parts.contains("550"), "{parts}");
    h.draw();
    h.alt('d');
    h.press(KeyCode::Enter);
    assert_eq!(got.lock().unwrap().len(), 1, "the unit is not mailed again");
}

/// A look-up of a quarter of an hour ago does not fill a letter; one of a moment ago does, and
/// the form says where the worker came from.
#[test]
fn compose_takes_only_a_fresh_look_up_and_says_from_where() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    let id = crate::domain::IdNumber::from_stored(ID).unwrap();
    let known =
        crate::db::workers::Known { name: "王建国", work_unit: "久立特钢", ..Default::default() };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.press(KeyCode::F(2));
    h.typ(ID);
    h.press(KeyCode::Enter);
    h.typ("1");
    // A quarter of an hour at the counter (keys now and then, so the screen does not lock).
    for _ in 0..15 {
        h.tick(60 * 1_000);
        h.press(KeyCode::F(4));
    }
    h.press(KeyCode::F(3));
    assert_eq!(t(&h).form.value(FieldId::Id), "", "fifteen minutes on, the worker has gone");
    assert_eq!(t(&h).prefill_note, None);
    h.press(KeyCode::F(2));
    h.typ(ID);
    h.press(KeyCode::Enter);
    h.typ("1");
    h.tick(60 * 1_000);
    h.press(KeyCode::F(3));
    assert_eq!(t(&h).form.value(FieldId::Name), "王建国");
    let note = t(&h).prefill_note.clone().unwrap_or_default();
    assert!(note.contains("互助申报"), "{note}");
}

/// helper-15: a clerk's register hinted Alt+X 作废 and Alt+E 重开, which only answer "supervisors
/// only"; the hints offer only keys the session's role may use.
#[test]
fn a_clerk_is_not_offered_the_supervisors_keys() {
    let labels = |login: &str| {
        let mut h = Harness::new(Some("w1"));
        h.login(login, PIN);
        h.press(KeyCode::F(3));
        go(&mut h, View::Register);
        crate::ui::hint_items(&h.app).into_iter().map(|(_, l)| l).collect::<Vec<_>>()
    };
    let f3 = &crate::i18n::Lang::Zh.ui().f3;
    let clerk = labels("8002");
    assert!(!clerk.iter().any(|l| l == f3.act_void || l == f3.act_reissue), "{clerk:?}");
    let supervisor = labels("8001");
    assert!(supervisor.iter().any(|l| l == f3.act_void) && supervisor.iter().any(|l| l == f3.act_reissue));
}

/// helper-17: a re-issue's ID changed to another worker's issued the new letter for that worker
/// under the old name; any compose could pair one worker's ID with another's name.
#[test]
fn a_letter_is_for_the_person_its_id_is_registered_to() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    compose(&mut h, "2026-12-03");
    h.alt('s');
    assert_eq!(letters(&h).len(), 1);
    // The same ID under another name: refused, nothing issued, the record's name kept.
    go(&mut h, View::Compose);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.typ("李四");
    h.press(KeyCode::Tab);
    h.typ("久立特钢");
    h.press(KeyCode::Tab);
    h.typ("2");
    h.press(KeyCode::Tab);
    h.typ("2026-12-01");
    h.press(KeyCode::Tab);
    h.typ("2026-12-03");
    h.alt('s');
    let said = h.app.flash.clone().unwrap_or_default();
    assert!(said.contains("王*国"), "{said}");
    assert_eq!(letters(&h).len(), 1);
    let name: String = h.db.conn.query_row("SELECT name FROM workers", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "王建国");
    // A re-issue whose ID is changed to another registered worker's: refused.
    h.db.conn
        .execute(
            "INSERT INTO workers (id_number, name, created_at, updated_at) VALUES ('440524188001010014', '李四', '', '')",
            [],
        )
        .unwrap();
    go(&mut h, View::Register);
    h.alt('e');
    h.typ("改期");
    h.alt('s');
    assert_eq!(t(&h).view, View::Compose);
    // helper-17: the form said the worker came from the ticket being served.
    assert_eq!(t(&h).prefill_note.as_deref(), Some(format!("职工取自原函 {}", no(1)).as_str()));
    if let Screen::Main(s) = &mut h.app.screen {
        s.letters.form.focus_on(FieldId::Id);
    }
    h.key(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL);
    h.typ("440524188001010014");
    h.press(KeyCode::Tab);
    h.key(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL);
    h.typ("李四");
    h.alt('s');
    let said = h.app.flash.clone().unwrap_or_default();
    assert!(said.contains(&no(1)), "{said}");
    assert_eq!(letters(&h).len(), 1, "nothing issued");
}

/// helper-18: a re-issue or a commitment with another work unit typed rewrote the worker's
/// record, unasked and unaudited. The letter carries what the form says; the record stays.
#[test]
fn a_letter_never_rewrites_the_workers_record() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    compose(&mut h, "2026-12-03");
    h.alt('s');
    let unit = |h: &Harness| -> String {
        h.db.conn.query_row("SELECT work_unit FROM workers", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(unit(&h), "久立特钢");
    go(&mut h, View::Register);
    h.alt('e');
    h.typ("日期调整");
    h.alt('s');
    if let Screen::Main(s) = &mut h.app.screen {
        s.letters.form.set_value(FieldId::WorkUnit, "伪造单位");
    }
    h.alt('s');
    assert_eq!(letters(&h).len(), 2, "{:?}", h.app.flash);
    assert_eq!(unit(&h), "久立特钢", "the record is not rewritten");
    let version: i64 = h.db.conn.query_row("SELECT version FROM workers", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 1);
}

//! F3 through the real key path and the real executor on a temp database.

use super::*;
use crate::app::form::FieldId;
use crate::rooms::letters::View;

pub(super) const ID: &str = "11010519491231002X";

pub(super) fn t(h: &Harness) -> &crate::rooms::letters::LettersTab {
    &h.session().letters
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

pub(super) fn compose(h: &mut Harness, end: &str) {
    h.press(KeyCode::F(3));
    go(h, View::Compose);
    // Each field as a clerk fills it: what it held cleared first (Ctrl+U).
    let values = [ID, "王建国", "久立特钢", "2", "2026-12-01", end];
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            h.press(KeyCode::Tab);
        }
        h.key(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL);
        h.typ(v);
    }
}

/// The database side numbers by the wall clock's year, not the harness's.
pub(super) fn no(n: u32) -> String {
    let year = crate::domain::dates::local_day(Utc::now(), chrono_tz::Asia::Shanghai).format("%Y");
    format!("余工疗函〔{year}〕{n}号")
}

fn letters(h: &Harness) -> Vec<(String, String, Option<i64>)> {
    let mut s = h.db.conn.prepare("SELECT number, state, replaces FROM letters ORDER BY id").unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn a_bad_end_date_keeps_what_was_typed_and_issues_nothing() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    compose(&mut h, "2026-11-30");
    assert_eq!(h.app.letter_days().as_deref(), Some("结束日期早于开始日期"));
    h.alt('s');
    let f = &t(&h).form;
    assert_eq!(f.field(FieldId::End).unwrap().error.as_deref(), Some("结束日期早于开始日期"));
    assert_eq!(
        (f.value(FieldId::Name), f.value(FieldId::End)),
        ("王建国", "2026-11-30"),
        "nothing typed is lost"
    );
    assert_eq!(f.focused().name, FieldId::End);
    assert!(letters(&h).is_empty());
}

#[test]
fn issue_void_reissue_and_verify_through_the_keys() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    compose(&mut h, "12月5日");
    assert_eq!(h.app.letter_days().as_deref(), Some("共5天"));
    let preview = h.app.letter_preview().join("\n");
    assert!(
        preview.contains("普陀山职工疗养院")
            && preview.contains("（签发时编号）")
            && preview.contains("王建国")
    );
    h.alt('s');
    assert_eq!(letters(&h), [(no(1), "issued".to_string(), None)]);
    assert!(h.app.flash.as_deref().unwrap().starts_with(&format!("已签发 {} 验证码 ", no(1))));
    let outbox = h.db.path.with_file_name("outbox");
    let year = crate::domain::dates::local_day(Utc::now(), chrono_tz::Asia::Shanghai).format("%Y");
    let base = format!("recuperation-{year}-0001");
    assert!(outbox.join(format!("{base}.txt")).exists() && outbox.join(format!("{base}.html")).exists());
    let files: String = h.db.conn.query_row("SELECT files FROM letters", [], |r| r.get(0)).unwrap();
    assert_eq!(files, "written");
    assert!(!t(&h).form.is_dirty(), "a fresh form for the next letter");
    // The register, void with a reason, then re-issue.
    go(&mut h, View::Register);
    assert_eq!((t(&h).view, t(&h).rows.len()), (View::Register, 1));
    h.alt('x');
    h.alt('s');
    assert!(matches!(h.app.modal, Some(Modal::Form(_))), "a void needs a reason");
    h.typ("日期有误");
    h.alt('s');
    assert_eq!(letters(&h)[0].1, "void");
    h.alt('e');
    h.typ("日期有误");
    h.alt('s');
    assert_eq!(t(&h).view, View::Compose);
    assert_eq!(
        (t(&h).form.value(FieldId::Name), t(&h).form.value(FieldId::Id)),
        ("王建国", ID),
        "the ID comes back too"
    );
    h.alt('s');
    assert_eq!(letters(&h)[1], (no(2), "issued".to_string(), Some(1)));
    // Verify the first: replaced.
    let code: String =
        h.db.conn.query_row("SELECT code FROM letters WHERE id = 1", [], |r| r.get(0)).unwrap();
    go(&mut h, View::Verify);
    h.typ(&no(1));
    h.press(KeyCode::Tab);
    h.typ(&code.to_lowercase().replace('-', ""));
    h.press(KeyCode::Enter);
    assert_eq!(t(&h).verdict, Some(format!("已替代：{} 由 {} 替代", no(1), no(2))));
    // The register's filters: state, unit by digit, text.
    go(&mut h, View::Register);
    h.alt('t');
    let units: Vec<String> =
        h.app.settings.config.recuperation_units.iter().map(|u| u.code.clone()).collect();
    assert_eq!(t(&h).visible(&units).len(), 1, "valid only");
    h.alt('t');
    h.alt('t');
    assert_eq!(t(&h).visible(&units)[0].number, no(1), "replaced only");
    h.alt('t');
    h.typ("1");
    assert!(t(&h).visible(&units).is_empty(), "none at the first unit");
    h.ms += 2_000; // a moment later: 0 is every unit, not "10"
    h.typ("0");
    h.typ("王建");
    assert_eq!(t(&h).visible(&units).len(), 2);
    h.typ("x");
    assert!(t(&h).visible(&units).is_empty());
    let actions = h.audit_actions();
    for a in ["letter_worker", "letter_issue", "letter_void", "letter_reissue", "letter_verify"] {
        assert!(actions.contains(&a.to_string()), "{a}: {actions:?}");
    }
}

#[test]
fn a_clerk_cannot_void() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    compose(&mut h, "2026-12-03");
    h.alt('s');
    go(&mut h, View::Register);
    h.alt('x');
    assert!(h.app.modal.is_none());
    assert_eq!(h.app.flash.as_deref(), Some("只有主管可以作废"));
    assert_eq!(letters(&h)[0].1, "issued");
}

#[test]
fn a_letter_starts_from_the_worker_looked_up() {
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
    h.press(KeyCode::F(3));
    let f = &t(&h).form;
    assert_eq!(
        (f.value(FieldId::Id), f.value(FieldId::Name), f.value(FieldId::WorkUnit)),
        (ID, "王建国", "久立特钢")
    );
    assert_eq!(f.focused().name, FieldId::Unit, "the clerk goes on with the unit");
}

#[test]
fn send_through_the_relay_mark_sent_by_hand_and_the_sms_text() {
    let (port, got) = crate::letters::send_tests::sink();
    let mut settings = crate::config::Settings::builtin();
    let accounts = [("8001", "周主任", Role::Supervisor)];
    let mut h = Harness::configured(Some("w1"), &accounts, settings.clone(), tempfile::tempdir().unwrap());
    h.login("8001", PIN);
    // Without a relay: Alt+D says so and Alt+M marks it sent by hand.
    compose(&mut h, "2026-12-03");
    h.alt('s');
    go(&mut h, View::Register);
    h.alt('d');
    assert_eq!(h.app.flash.as_deref(), Some(h.app.ui.f3.no_smtp));
    h.alt('m');
    h.press(KeyCode::Enter);
    let (delivery, how): (String, String) =
        h.db.conn
            .query_row("SELECT delivery, sent_how FROM letters", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
    assert_eq!((delivery.as_str(), how.as_str()), ("sent", "hand"));
    // Voiding it now writes the notice for the unit.
    h.alt('x');
    h.typ("取消");
    h.alt('s');
    assert!(h.app.flash.as_deref().unwrap().contains("作废通知已放入发件箱"), "{:?}", h.app.flash);
    // With a relay: Alt+D sends.
    settings.config.smtp = Some(crate::config::Smtp {
        host: "127.0.0.1".into(),
        port,
        from: "fuwu@example.org".into(),
        tls: "none".into(),
        credentials_file: None,
    });
    h.app.settings = settings;
    go(&mut h, View::Compose);
    compose(&mut h, "2026-12-04");
    h.alt('s');
    go(&mut h, View::Register);
    h.alt('d');
    h.press(KeyCode::Enter);
    assert!(h.app.flash.as_deref().unwrap().ends_with("已发送"), "{:?}", h.app.flash);
    assert_eq!(got.lock().unwrap().len(), 1);
    h.alt('y');
    let Some(Modal::Text { lines, .. }) = &h.app.modal else { panic!("the SMS text") };
    assert!(
        lines[0].starts_with("疗养函余工疗函")
            && lines[0].contains("验证码")
            && lines[0].chars().count() <= 70
    );
}

#[test]
fn a_commitment_is_issued_with_its_claim_and_printed_not_mailed() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.press(KeyCode::F(3));
    go(&mut h, View::Commitment);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("宁波市教育工会");
    h.press(KeyCode::Tab);
    h.typ("2026-10-12");
    h.press(KeyCode::Tab);
    h.typ("2026-10-16");
    h.press(KeyCode::Tab);
    h.typ("1800");
    assert!(h.app.commitment_preview().join("\n").contains("宁波市教育工会组织的集体疗休养"));
    h.alt('s');
    let flash = h.app.flash.clone().unwrap_or_default();
    assert!(flash.starts_with("已出具 余工承〔") && flash.ends_with("-0001.html 请职工签字"), "{flash}");
    let (kind, status, amount): (String, String, i64) =
        h.db.conn
            .query_row("SELECT kind, status, amount_claimed_fen FROM claims", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
    assert_eq!(
        (kind.as_str(), status.as_str(), amount),
        ("recuperation_refund", "materials_incomplete", 180_000)
    );
    go(&mut h, View::Register);
    h.alt('d');
    assert_eq!(h.app.flash.as_deref(), Some(h.app.ui.f3.no_mail));
    h.alt('y');
    assert!(h.app.modal.is_none(), "no SMS for a commitment");
}

#[test]
fn a_batch_roster_by_ids_with_a_warning_then_issued_at_once() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    let ids: Vec<String> = (0..3)
        .map(|i| {
            let birth = chrono::NaiveDate::from_ymd_opt(1970, 3, 1 + i).unwrap();
            let id = crate::domain::IdNumber::synthesize("330281", birth, 21).unwrap();
            let name = format!("批次职工{i}");
            let known = crate::db::workers::Known { name: &name, ..Default::default() };
            crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
            id.as_str().to_string()
        })
        .collect();
    // The first had a recuperation this year: the roster warns.
    compose(&mut h, "2026-12-05");
    h.press(KeyCode::F(3));
    let first = ids[0].clone();
    if let Screen::Main(s) = &mut h.app.screen {
        s.letters.form.set_value(FieldId::Id, &first);
        s.letters.form.set_value(FieldId::Name, "批次职工0");
    }
    h.alt('s');
    go(&mut h, View::Batch);
    h.typ("3");
    h.press(KeyCode::Tab);
    h.typ("12月20日");
    h.press(KeyCode::Tab);
    h.typ("12月24日");
    for _ in 0..4 {
        h.press(KeyCode::Tab);
    }
    assert_eq!(t(&h).batch.focused().name, FieldId::Add);
    for id in &ids {
        h.typ(id);
        h.press(KeyCode::Enter);
    }
    h.typ(&ids[1]);
    h.press(KeyCode::Enter);
    assert_eq!(t(&h).roster.len(), 3, "a duplicate is left out");
    assert!(h.app.flash.as_deref().unwrap().contains("已在名单中"), "{:?}", h.app.flash);
    assert!(t(&h).roster[0].warning.as_deref().unwrap().starts_with("距上次疗养仅"));
    assert!(t(&h).roster[1].warning.is_none());
    h.alt('x');
    assert_eq!(t(&h).roster.len(), 2);
    h.typ(&ids[2]);
    h.press(KeyCode::Enter);
    h.alt('s');
    assert!(h.app.flash.as_deref().unwrap().starts_with("已签发第1批 共3封"), "{:?}", h.app.flash);
    assert!(t(&h).roster.is_empty());
    let batch: i64 =
        h.db.conn
            .query_row("SELECT count(*) FROM letters WHERE batch_id IS NOT NULL", [], |r| r.get(0))
            .unwrap();
    assert_eq!(batch, 3);
    let outbox = h.db.path.with_file_name("outbox");
    let year = crate::domain::dates::local_day(Utc::now(), chrono_tz::Asia::Shanghai).format("%Y");
    assert!(outbox.join(format!("batch-{year}-0001.roster.txt")).exists());
}

#[test]
fn a_roster_file_adds_its_ids_and_names_bad_lines() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    let mut text = String::from("id_number,name\n");
    for i in 0..2 {
        let birth = chrono::NaiveDate::from_ymd_opt(1980, 1, 1 + i).unwrap();
        let id = crate::domain::IdNumber::synthesize("330281", birth, 41).unwrap();
        let name = format!("名单{i}");
        let known = crate::db::workers::Known { name: &name, ..Default::default() };
        crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
        text.push_str(&format!("{},{name}\n", id.as_str()));
    }
    text.push_str("110105194912310021,坏行\n");
    let path = h.db.path.with_file_name("roster.csv");
    std::fs::write(&path, text).unwrap();
    h.press(KeyCode::F(3));
    go(&mut h, View::Batch);
    if let Screen::Main(s) = &mut h.app.screen {
        s.letters.batch.set_value(FieldId::File, path.to_str().unwrap());
    }
    h.alt('o');
    assert_eq!(t(&h).roster.len(), 2);
    let flash = h.app.flash.clone().unwrap();
    assert!(flash.starts_with("名单加入 2 人") && flash.contains("4: 校验位"), "{flash}");
}

#[test]
fn esc_on_a_page_asks_then_starts_it_again() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.press(KeyCode::F(3));
    go(&mut h, View::Commitment);
    h.typ(ID);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.modal, Some(Modal::ConfirmDiscard));
    h.press(KeyCode::Enter);
    assert!(!t(&h).commit.is_dirty());
    go(&mut h, View::Batch);
    if let Screen::Main(s) = &mut h.app.screen {
        let member = crate::letters::batch::Member {
            worker_id: 1,
            version: 1,
            id_masked: String::new(),
            name: "王建国".into(),
            work_unit: String::new(),
        };
        s.letters.roster.push(crate::rooms::letters::RosterLine { member, warning: None });
    }
    h.press(KeyCode::Esc);
    h.press(KeyCode::Enter);
    assert!(t(&h).roster.is_empty(), "the roster starts again too");
}

#[test]
fn an_outbox_that_cannot_be_written_still_issues_and_says_the_files_wait() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    // A file where the outbox folder should be: nothing can be written into it, even by root.
    let outbox = h.db.path.with_file_name("outbox");
    std::fs::write(&outbox, "not a folder").unwrap();
    compose(&mut h, "12月5日");
    h.alt('s');
    assert_eq!(letters(&h), [(no(1), "issued".to_string(), None)], "the letter stands");
    let flash = h.app.flash.clone().unwrap();
    assert!(flash.starts_with(&format!("已签发 {}（已存档）；文件未能写入发件箱", no(1))), "{flash}");
    assert!(flash.contains("路径上有同名文件，不是文件夹") && flash.contains("frontdesk check"), "{flash}");
    assert!(!t(&h).form.is_dirty(), "a fresh form: issuing again would make a second letter");
    let files: String = h.db.conn.query_row("SELECT files FROM letters", [], |r| r.get(0)).unwrap();
    assert_eq!(files, "pending");
    // Once the folder can be made, start-up (or check) writes the files from the stored text.
    std::fs::remove_file(&outbox).unwrap();
    let rebuilt = crate::letters::outbox::rebuild(&h.db.conn, &h.app.settings, &outbox, false, None).unwrap();
    assert_eq!(rebuilt, [no(1)]);
    let files: String = h.db.conn.query_row("SELECT files FROM letters", [], |r| r.get(0)).unwrap();
    assert_eq!(files, "written");
    let year = crate::domain::dates::local_day(Utc::now(), chrono_tz::Asia::Shanghai).format("%Y");
    let base = format!("recuperation-{year}-0001");
    assert!(outbox.join(format!("{base}.txt")).exists() && outbox.join(format!("{base}.html")).exists());
}

/// A unit dropped from the config between the form and the save is refused in the clerk's
/// language (it used to show the library's English, "no such recuperation unit: gone").
#[test]
fn a_refusal_from_the_letter_rules_is_said_in_chinese() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    let who = h.app.who().unwrap();
    let env = h.env();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
    let c = crate::rooms::letters::Compose {
        id_number: "11010519491231002X".into(),
        name: "王建国".into(),
        work_unit: String::new(),
        recipient: "gone".into(),
        start,
        end: start,
        places: None,
        standard: String::new(),
        companions: String::new(),
        note: String::new(),
        replaces: None,
        reason: String::new(),
    };
    let op = crate::rooms::letters::LetterOp::Issue(c);
    let Some(Reply::Letters(r)) = crate::app::execute(&mut h.db.conn, &env, Effect::Letters { who, op })
    else {
        panic!("no answer")
    };
    let crate::rooms::letters::LetterReply::Issued(Err(why)) = *r else { panic!("{r:?}") };
    assert_eq!(why.words(crate::i18n::Lang::Zh), "没有这个疗养单位：gone（配置已改，请重新选择）");
}

/// A void letter is not sent or marked sent, from the keys or from the database side (the
/// register used to mark it 已发送 and give its SMS text).
#[test]
fn a_void_letter_is_neither_sent_nor_marked_sent() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    compose(&mut h, "2026-12-03");
    h.alt('s');
    let id: i64 = h.db.conn.query_row("SELECT id FROM letters", [], |r| r.get(0)).unwrap();
    let secret = crate::db::read_key(&h.db.path).unwrap();
    crate::db::letters::void(&h.db.conn, &secret, id, "行程取消", None, Utc::now()).unwrap();
    go(&mut h, View::Register);
    h.alt('m');
    assert!(h.app.flash.as_deref().unwrap_or_default().contains("已作废，不能发送"), "{:?}", h.app.flash);
    h.alt('y');
    assert!(h.app.flash.as_deref().unwrap_or_default().contains("已作废"), "{:?}", h.app.flash);
    let who = h.app.who().unwrap();
    let env = h.env();
    let op = crate::rooms::letters::LetterOp::MarkSent { id };
    let r = crate::app::execute(&mut h.db.conn, &env, Effect::Letters { who, op });
    assert!(
        matches!(r, Some(Reply::Letters(ref l)) if matches!(**l, crate::rooms::letters::LetterReply::Done(Err(_))))
    );
    let delivery: String = h.db.conn.query_row("SELECT delivery FROM letters", [], |r| r.get(0)).unwrap();
    assert_ne!(delivery, "sent");
}

/// Reading the register is audited; leaving F3 on the register and switching tabs must not
/// read it again (every switch wrote a `letter_register` row).
#[test]
fn switching_tabs_away_from_the_register_reads_nothing() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    h.press(KeyCode::F(3));
    go(&mut h, View::Register);
    let count = |h: &Harness| h.audit_actions().iter().filter(|a| *a == "letter_register").count();
    let read = count(&h);
    assert!(read >= 1);
    for tab in [1, 4, 1, 2] {
        h.press(KeyCode::F(tab));
    }
    assert_eq!(count(&h), read);
}

/// The register reaches every letter of the year, however many: its count is the year's (it
/// used to load the newest 2,000 and say 共2000封), its filter searches the database, and
/// PgDn, End, Home and ↑ at a page's top page through it.
#[test]
fn the_register_pages_through_the_whole_year_from_the_database() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    compose(&mut h, "2026-12-03");
    h.alt('s');
    // 2,499 more of the same letter, each with its own number; the oldest one is 欧阳秀英's.
    h.db.conn
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
             INSERT INTO letters (type, number, year, seq, worker_id, id_masked, name, work_unit, recipient,
                 start_on, end_on, days, issued_on, issued_at, issued_by, unit_text, worker_text, unit_sha,
                 worker_sha, code, files)
             SELECT l.type, l.number || '-' || i, l.year, l.seq + i, l.worker_id, l.id_masked, l.name, l.work_unit,
                 l.recipient, l.start_on, l.end_on, l.days, l.issued_on, l.issued_at, l.issued_by, l.unit_text,
                 l.worker_text, l.unit_sha, l.worker_sha, l.code, 'none'
             FROM letters l, n WHERE l.id = 1;
             UPDATE letters SET name = '欧阳秀英' WHERE id = 1;",
        )
        .unwrap();
    go(&mut h, View::Register);
    assert_eq!(t(&h).total, 2_500, "the year's count, not a loaded slice's");
    let page = t(&h).rows.len();
    assert!((5..=50).contains(&page), "a page, not the year: {page}");
    assert_eq!(t(&h).rows[0].id, 2_500, "newest first");
    h.press(KeyCode::PageDown);
    assert_eq!(t(&h).rows[0].id, 2_500 - page as i64, "the next page");
    h.press(KeyCode::Up);
    assert_eq!(
        t(&h).selected_in(&[]).map(|l| l.id),
        Some(2_500 - page as i64 + 1),
        "↑ at the top goes back a page"
    );
    h.press(KeyCode::End);
    assert_eq!(t(&h).selected_in(&[]).map(|l| l.name), Some("欧阳秀英".into()), "End: the oldest letter");
    h.press(KeyCode::Down);
    assert_eq!(t(&h).selected_in(&[]).map(|l| l.id), Some(1), "↓ past the end stays on the last");
    h.press(KeyCode::Home);
    assert_eq!(t(&h).selected_in(&[]).map(|l| l.id), Some(2_500));
    // The filter asks the database: the oldest letter is found among 2,500.
    h.typ("欧阳秀英");
    assert_eq!(t(&h).total, 1);
    assert_eq!(t(&h).selected_in(&[]).map(|l| l.id), Some(1));
    for _ in 0..4 {
        h.press(KeyCode::Backspace);
    }
    // A digit alone picks a unit; digits typed on are a number (they once all went to the unit).
    h.typ("2");
    assert_eq!((t(&h).filter_unit, t(&h).filter_text.as_str()), (Some(1), ""));
    h.ms += 2_000;
    h.typ("0");
    assert_eq!(t(&h).filter_unit, None, "0 a moment later: every unit again");
    h.ms += 2_000;
    h.typ("2499");
    assert_eq!((t(&h).filter_unit, t(&h).filter_text.as_str()), (None, "2499"));
    assert_eq!(t(&h).total, 1, "letter …-2499 by its number");
    for _ in 0..4 {
        h.press(KeyCode::Backspace);
    }
    // And the work unit is searched too.
    let unit: String =
        h.db.conn.query_row("SELECT work_unit FROM letters WHERE id = 1", [], |r| r.get(0)).unwrap();
    h.typ(&unit.chars().take(4).collect::<String>());
    assert_eq!(t(&h).total, 2_500);
}

/// The register's audit row said `year=2026 text= unit= state=None` (Rust's debug form, in an
/// export an auditor reads): only what was filtered on, in words of its own.
#[test]
fn reading_the_register_is_audited_in_plain_fields() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    h.press(KeyCode::F(3));
    go(&mut h, View::Register);
    let detail: String =
        h.db.conn
            .query_row(
                "SELECT detail FROM audit_log WHERE action = 'letter_register' ORDER BY id DESC",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(detail, "year=2026");
}

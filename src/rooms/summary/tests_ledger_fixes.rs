//! The try-out's ledger defects (tryout-56 F, G, I, L) through the real key path: objection
//! text masked for auditors, the ledger's reads audited, a settle audited with its worker,
//! words-only outcomes, Esc on the top page, and publicity written beside, never over.

use super::*;

const PRIVATE: &str = "该户身份证330211199406141071，电话13912345678";

/// An objection naming an ID number and a phone, recorded and settled by 8001.
fn private_objection(h: &mut Harness) {
    h.alt('o');
    h.typ("来电13912345678");
    h.press(KeyCode::Tab);
    h.typ(PRIVATE);
    h.alt('s');
    assert!(h.app.modal.is_none(), "{}", h.screen());
    h.press(KeyCode::Enter);
    h.alt('j');
    h.typ("核实：身份证330211199406141071属实");
    h.alt('s');
    assert!(h.app.modal.is_none(), "{}", h.screen());
}

#[test]
fn an_auditor_sees_objection_text_masked_and_a_supervisor_whole() {
    let (mut h, _) = on_payments(crate::i18n::Lang::Zh);
    private_objection(&mut h);
    let screen = h.screen();
    assert!(screen.contains("330211199406141071") && screen.contains("13912345678"), "{screen}");
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login("8004", PIN);
    h.press(KeyCode::F(5));
    h.alt('k');
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("该户身份证") && screen.contains("核实"), "{screen}");
    for whole in ["330211199406141071", "13912345678", "9406141071", "12345678"] {
        assert!(!screen.contains(whole), "an auditor sees {whole}: {screen}");
    }
}

#[test]
fn reading_the_payments_and_objections_is_audited_once_and_a_settle_names_its_worker() {
    let (mut h, no) = on_payments(crate::i18n::Lang::Zh);
    let views = |h: &Harness| -> Vec<(String, Option<i64>)> {
        let mut st = h
            .db
            .conn
            .prepare("SELECT detail, worker_id FROM audit_log WHERE action = 'fund_ledger_view' ORDER BY id")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
    };
    let v = views(&h);
    assert_eq!(v.len(), 1, "opening the payments: {v:?}");
    assert!(v[0].0.contains("programme=spring_warmth") && v[0].0.contains("year=2026"), "{v:?}");
    objected(&mut h);
    assert_eq!(views(&h).len(), 1, "the re-read after a change is not a new view: {:?}", views(&h));
    h.press(KeyCode::Enter);
    let v = views(&h);
    assert_eq!(v.len(), 2, "opening the objections: {v:?}");
    assert!(v[1].0.contains(&format!("claim={no}")) && v[1].1.is_some(), "{v:?}");
    h.alt('j');
    h.typ("已入户核实，维持发放");
    h.alt('s');
    assert_eq!(views(&h).len(), 2, "{:?}", views(&h));
    let (worker, detail): (Option<i64>, String) =
        h.db.conn
            .query_row(
                "SELECT worker_id, detail FROM audit_log WHERE action = 'fund_objection_settle'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
    let objected_worker: Option<i64> =
        h.db.conn
            .query_row("SELECT worker_id FROM audit_log WHERE action = 'fund_objection'", [], |r| r.get(0))
            .unwrap();
    assert!(worker.is_some() && worker == objected_worker, "{worker:?} {objected_worker:?}");
    assert!(detail.contains(&format!("claim={no}")), "{detail}");
}

#[test]
fn an_outcome_or_objection_of_digits_or_signs_only_is_refused() {
    let (mut h, _) = on_payments(crate::i18n::Lang::Zh);
    h.alt('o');
    h.typ("123");
    h.press(KeyCode::Tab);
    h.typ("456。");
    h.alt('s');
    assert!(h.app.modal.is_some(), "{}", h.screen());
    assert!(h.screen().contains("须是文字"), "{}", h.screen());
    assert_eq!(count(&h, "SELECT COUNT(*) FROM fund_objections"), 0);
    h.press(KeyCode::Esc);
    h.press(KeyCode::Enter);
    objected(&mut h);
    h.alt('j');
    h.typ("123");
    h.alt('s');
    assert!(h.app.modal.is_some() && h.screen().contains("须是文字"), "{}", h.screen());
    assert_eq!(count(&h, "SELECT COUNT(*) FROM fund_objections WHERE outcome IS NULL"), 1);
}

#[test]
fn esc_on_the_ledgers_top_page_goes_back_to_the_summary() {
    let (mut h, _) = on_payments(crate::i18n::Lang::Zh);
    h.press(KeyCode::Esc);
    assert!(h.session().summary.ledger.on && h.screen().contains("Esc 返回"), "{}", h.screen());
    h.press(KeyCode::Esc);
    assert!(!h.session().summary.ledger.on, "{}", h.screen());
    assert!(h.screen().contains("Alt+K 台账"), "{}", h.screen());
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login("8004", PIN);
    h.press(KeyCode::F(5));
    h.alt('k');
    assert!(h.session().summary.ledger.on);
    h.press(KeyCode::Esc);
    assert!(!h.session().summary.ledger.on, "the auditor too: {}", h.screen());
}

#[test]
fn a_second_publicity_the_same_day_is_written_beside_and_the_name_shows_whole() {
    let (mut h, _) = on_payments(crate::i18n::Lang::Zh);
    h.press(KeyCode::Esc);
    h.alt('p');
    let dir = h.db.path.with_file_name("outbox").join("publicity");
    let first = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(first, 2);
    let html = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .unwrap();
    std::fs::write(&html, "posted on the board").unwrap();
    h.alt('p');
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(std::fs::read_to_string(&html).unwrap(), "posted on the board", "the first is kept");
    let second = names.iter().find(|n| n.ends_with("-2.html")).unwrap_or_else(|| panic!("{names:?}"));
    assert!(names.iter().any(|n| n.ends_with("-2.csv")), "{names:?}");
    let status = h.screen().lines().nth(20).unwrap_or_default().to_string();
    assert!(status.contains(second.as_str()), "the file's name whole: {status}");
    h.alt('p');
    assert!(
        std::fs::read_dir(&dir).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with("-3.html"))
    );
}

#[test]
fn the_supervisor_only_words_say_zhuguan_as_f6_does() {
    let (mut h, _) = on_payments(crate::i18n::Lang::Zh);
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login("8004", PIN);
    h.press(KeyCode::F(5));
    h.alt('k');
    h.alt('p');
    let said = h.app.flash.clone().unwrap_or_default();
    assert!(said.starts_with("只有主管"), "{said}");
    assert!(crate::i18n::ui_budgets::words(crate::i18n::Lang::Zh).supervisor_only.starts_with("只有主管"));
}

//! The ledger's objections, budget history and publicity key through the real key path
//! (issue #26): supervisors record and settle, auditors only read.

use super::*;
use crate::rooms::summary::ledger::LedgerOp;
use crate::rooms::summary::ledger_ops::{Change, Failed};

const ACCOUNTS: [(&str, &str, Role); 3] = [
    ("8001", "周主任", Role::Supervisor),
    ("8002", "吴窗口", Role::Clerk),
    ("8004", "王经审", Role::Auditor),
];

/// As `approved_at_f2`, with an auditor account too; on the ledger's payments list.
fn on_payments(lang: crate::i18n::Lang) -> (Harness, String) {
    let mut h = Harness::with_lang(Some("w1"), &ACCOUNTS, lang);
    h.login("8001", PIN);
    let no = seeded(&h);
    h.press(KeyCode::F(2));
    h.typ(ID);
    h.press(KeyCode::Enter);
    h.typ("1");
    h.press(KeyCode::Tab);
    h.alt('m');
    h.typ("1");
    h.alt('s');
    h.press(KeyCode::F(5));
    h.alt('k');
    h.press(KeyCode::Enter);
    assert!(h.screen().contains(&no), "{}", h.screen());
    (h, no)
}

fn count(h: &Harness, sql: &str) -> i64 {
    h.db.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn hint_keys(h: &Harness) -> Vec<String> {
    crate::ui::hint_items(&h.app).into_iter().map(|(k, _)| k).collect()
}

/// The objection recorded by 8001 with Alt+O (the empty form refused first, its text kept).
fn objected(h: &mut Harness) {
    h.alt('o');
    h.typ("匿名电话");
    h.alt('s');
    assert!(h.app.modal.is_some(), "an empty objection is refused: {}", h.screen());
    let screen = h.screen();
    assert!(
        (screen.contains("必填") || screen.contains("Required")) && screen.contains("匿名电话"),
        "{screen}"
    );
    assert_eq!(count(h, "SELECT COUNT(*) FROM fund_objections"), 0);
    // The focus is on the field refused.
    h.typ("家中有车，不符合困难条件");
    h.alt('s');
    assert!(h.app.modal.is_none(), "{}", h.screen());
}

#[test]
fn a_supervisor_records_an_objection_and_settles_it() {
    let (mut h, no) = on_payments(crate::i18n::Lang::Zh);
    assert!(hint_keys(&h).contains(&"Alt+O".to_string()), "{:?}", hint_keys(&h));
    assert!(!hint_keys(&h).contains(&"Alt+J".to_string()), "nothing open to settle: {:?}", hint_keys(&h));
    objected(&mut h);
    let (clerk, raised, what): (i64, String, String) =
        h.db.conn
            .query_row("SELECT clerk_id, raised_by, what FROM fund_objections", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
    assert_eq!(
        (clerk, raised.as_str(), what.as_str()),
        (clerk_id(&h, "8001"), "匿名电话", "家中有车，不符合困难条件")
    );
    assert_eq!(count(&h, "SELECT COUNT(*) FROM audit_log WHERE action = 'fund_objection'"), 1);
    let screen = steady(&h);
    assert!(screen.contains(&format!("已记录 {no} 的异议")) && screen.contains("1/1"), "{screen}");
    assert!(hint_keys(&h).contains(&"Alt+J".to_string()), "{:?}", hint_keys(&h));
    h.press(KeyCode::Enter);
    let screen = steady(&h);
    assert!(
        screen.contains("匿名电话") && screen.contains("家中有车") && screen.contains("待处理"),
        "{screen}"
    );
    insta::assert_snapshot!("f5_ledger_objections_zh_80x24", screen.replace(&time_of(&h), "HH:MM"));
    h.alt('j');
    h.alt('s');
    assert!(
        h.app.modal.is_some() && h.screen().contains("必填"),
        "an empty outcome is refused: {}",
        h.screen()
    );
    h.typ("已入户核实，车辆已报废，维持发放");
    h.alt('s');
    let outcome: Option<String> =
        h.db.conn.query_row("SELECT outcome FROM fund_objections", [], |r| r.get(0)).unwrap();
    assert_eq!(outcome.as_deref(), Some("已入户核实，车辆已报废，维持发放"));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM audit_log WHERE action = 'fund_objection_settle'"), 1);
    let screen = h.screen();
    assert!(screen.contains("结果：已入户核实") && screen.contains("周主任"), "{screen}");
    h.press(KeyCode::Esc);
    let pays = crate::db::fund::payments(&h.db.conn, 2026, "spring_warmth").unwrap();
    assert_eq!((pays[0].objections, pays[0].open_objections), (1, 0));
    assert!(h.screen().contains("1/0"), "{}", h.screen());
    // F12 lists the keys there are: nothing is open to settle now, and Enter is the objections'.
    h.press(KeyCode::F(12));
    let help = h.screen();
    assert!(help.contains("Alt+O") && help.contains("异议记录") && help.contains("公示"), "{help}");
    assert!(!help.contains("处理异议") && !help.contains("支付明细"), "{help}");
}

/// The minute an objection was recorded, as the page shows it.
fn time_of(h: &Harness) -> String {
    let at: String = h.db.conn.query_row("SELECT at FROM fund_objections", [], |r| r.get(0)).unwrap();
    let t = chrono::DateTime::parse_from_rfc3339(&at).unwrap().with_timezone(&h.app.settings.tz);
    t.format("%H:%M").to_string()
}

#[test]
fn an_auditor_reads_objections_but_is_offered_no_change_and_makes_none() {
    let (mut h, _) = on_payments(crate::i18n::Lang::Zh);
    objected(&mut h);
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login("8004", PIN);
    h.press(KeyCode::F(5));
    h.alt('k');
    assert!(
        h.screen().contains("待处理异议：元旦春节送温暖 1 条"),
        "the programme's open objection: {}",
        h.screen()
    );
    let keys = hint_keys(&h);
    assert!(!keys.contains(&"Alt+P".to_string()), "{keys:?}");
    h.press(KeyCode::Enter);
    let keys = hint_keys(&h);
    for k in ["Alt+O", "Alt+J", "Alt+P"] {
        assert!(!keys.contains(&k.to_string()), "{k} offered to an auditor: {keys:?}");
    }
    let audit = count(&h, "SELECT COUNT(*) FROM audit_log");
    for c in ['o', 'j', 'p'] {
        h.alt(c);
        assert!(h.app.modal.is_none(), "Alt+{c}: {}", h.screen());
    }
    assert!(h.screen().contains("只有主管"), "{}", h.screen());
    assert_eq!(count(&h, "SELECT COUNT(*) FROM fund_objections WHERE outcome IS NULL"), 1);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM audit_log"), audit);
    assert!(!h.db.path.with_file_name("outbox").join("publicity").exists());
    h.press(KeyCode::F(12));
    let help = h.screen();
    assert!(!help.contains("Alt+O") && !help.contains("Alt+J") && !help.contains("Alt+P"), "{help}");
    h.press(KeyCode::Esc);
    // Reading is allowed.
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("匿名电话"), "{}", h.screen());
}

#[test]
fn the_publicity_key_writes_the_masked_page_and_csv_into_the_outbox() {
    let (mut h, _) = on_payments(crate::i18n::Lang::Zh);
    h.press(KeyCode::Esc);
    h.alt('p');
    let dir = h.db.path.with_file_name("outbox").join("publicity");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("2026-spring_warmth-"), "{name}");
        let text = std::fs::read_to_string(f).unwrap();
        assert!(text.contains("王*国"), "{name}: {text}");
        assert!(!text.contains("王建国") && !text.contains(ID), "{name} shows the full name or ID");
    }
    assert!(files[0].extension().unwrap() == "csv" && files[1].extension().unwrap() == "html");
    let detail: String =
        h.db.conn
            .query_row("SELECT detail FROM audit_log WHERE action = 'export'", [], |r| r.get(0))
            .unwrap();
    assert!(detail.starts_with("publicity programme=spring_warmth year=2026 rows=1"), "{detail}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM out_files WHERE what = 'publicity'"), 2);
    let screen = h.screen();
    let status = screen.lines().nth(20).unwrap_or_default().to_string();
    assert!(
        status.contains("公示已写出（1 笔，1 户）：") && status.contains("2026-spring_warmth-"),
        "{screen}"
    );
    assert!(status.contains(".html 及同名 .csv"), "the folder gives way, not the file's name: {status}");
}

/// A publicity sheet that could not be audited is not left in the outbox (the recording
/// transaction fails), as the CLI's export never leaves one.
#[test]
fn a_publicity_sheet_that_could_not_be_audited_is_not_left_in_the_outbox() {
    let (mut h, _) = on_payments(crate::i18n::Lang::Zh);
    h.press(KeyCode::Esc);
    h.db.conn
        .execute_batch(
            "CREATE TRIGGER no_out BEFORE INSERT ON out_files BEGIN SELECT RAISE(ABORT, 'disk'); END;",
        )
        .unwrap();
    h.alt('p');
    let dir = h.db.path.with_file_name("outbox").join("publicity");
    let files: Vec<_> =
        std::fs::read_dir(&dir).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    assert!(files.is_empty(), "unaudited files left: {files:?}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'"), 0);
}

#[test]
fn the_payments_page_shows_the_budget_history_after_a_change() {
    let (mut h, _) = on_payments(crate::i18n::Lang::Zh);
    assert!(h.screen().contains("预算调整记录（0 次）"), "{}", h.screen());
    let by = crate::db::hardship_ops::By {
        clerk_id: clerk_id(&h, "8001"),
        role: Role::Supervisor,
        actor: crate::db::audit::Actor {
            clerk_id: Some(clerk_id(&h, "8001")),
            login: None,
            terminal: "t".into(),
        },
        at: chrono::Utc::now(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    };
    let cfg = h.app.settings.config.fund.clone();
    crate::db::fund::change_budget(&h.db.conn, &by, &cfg, 2026, "spring_warmth", 50_000_000, "追加市总拨款")
        .unwrap()
        .unwrap();
    h.press(KeyCode::Esc);
    h.press(KeyCode::Enter);
    let screen = steady(&h);
    assert!(screen.contains("预算调整记录（1 次）") && screen.contains("追加市总拨款"), "{screen}");
    assert!(screen.contains("周主任 改为 500,000.00"), "{screen}");
}

#[test]
fn objections_in_english_at_80x24() {
    let (mut h, _) = on_payments(crate::i18n::Lang::En);
    objected(&mut h);
    insta::assert_snapshot!("f5_ledger_payments_objected_en_80x24", steady(&h));
    h.press(KeyCode::Enter);
    insta::assert_snapshot!("f5_ledger_objections_en_80x24", steady(&h).replace(&time_of(&h), "HH:MM"));
}

/// A long objection is wrapped whole by display width on its page, not cut at the edge.
#[test]
fn a_long_objection_reads_whole_at_80_columns() {
    let (mut h, _) = on_payments(crate::i18n::Lang::Zh);
    let what = "群众来电反映该户家中有两套住房及一辆小汽车，子女均已工作且收入稳定，认为不符合困难职工帮扶条件，请核实后答复来电人";
    h.alt('o');
    h.typ("匿名电话");
    h.press(KeyCode::Tab);
    h.typ(what);
    h.alt('s');
    assert!(h.app.modal.is_none(), "{}", h.screen());
    h.press(KeyCode::Enter);
    let screen = h.screen();
    let joined: String = screen.lines().map(|l| l.trim_matches(|c: char| c == '│' || c == ' ')).collect();
    assert!(joined.contains(what), "{screen}");
}

/// The service refuses an auditor's change even when the screen is bypassed.
#[test]
fn the_service_refuses_an_auditors_objection_and_publicity() {
    let (mut h, no) = on_payments(crate::i18n::Lang::Zh);
    let who = crate::app::Who {
        clerk_id: clerk_id(&h, "8004"),
        login: "8004".into(),
        window: "w1".into(),
        role: Role::Auditor,
    };
    let audit = count(&h, "SELECT COUNT(*) FROM audit_log");
    for change in [
        Change::Object { claim_no: no.clone(), raised_by: "匿名电话".into(), what: "不符合".into() },
        Change::Publicity { code: "spring_warmth".into() },
    ] {
        let op = LedgerOp {
            year: 2026,
            payments: Some("spring_warmth".into()),
            objections: None,
            change: Some(change),
            view: false,
        };
        let env = h.env();
        let reply = crate::app::execute(&mut h.db.conn, &env, Effect::Ledger { who: who.clone(), op });
        let Some(Reply::Ledger(r)) = reply else { panic!("{reply:?}") };
        assert_eq!(r.as_ref().as_ref().unwrap().done, Some(Err(Failed::SupervisorOnly)));
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM fund_objections"), 0);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM audit_log"), audit);
    assert!(!h.db.path.with_file_name("outbox").join("publicity").exists());
}

#[path = "tests_ledger_fixes.rs"]
mod fixes;

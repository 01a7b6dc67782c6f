//! Letters through the real binary: templates are checked at start.

mod common;
use common::*;

#[test]
fn a_template_naming_an_unknown_placeholder_is_refused_at_start_with_file_and_line() {
    let env = Env::seeded();
    let cfg = env.path("frontdesk.toml");
    std::fs::write(&cfg, "language = \"zh-CN\"\n").unwrap();
    std::fs::create_dir(env.path("letters")).unwrap();
    let tpl = env.path("letters/recuperation_unit.txt");
    std::fs::write(&tpl, "{letter_name}\n{number}\n请发放{salary}元\n").unwrap();
    let out = env.run(&["--config", cfg.to_str().unwrap(), "check"], None, "");
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:3: {{salary}}", tpl.display())), "{err}");
    std::fs::write(&tpl, "{letter_name}\n{number}\n").unwrap();
    assert_ok(&env.run(&["--config", cfg.to_str().unwrap(), "check"], None, ""));
}

/// Issues a letter through the library on the seeded database and writes its files.
fn issued(env: &Env, replaces: Option<i64>) -> frontdesk::db::letters::LetterRow {
    use frontdesk::db::{OpenMode, open, read_key, workers};
    let mut db = open(&env.db, OpenMode::Existing).unwrap();
    let settings = frontdesk::config::Settings::builtin();
    let id = frontdesk::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let known = workers::Known { name: "王建国", work_unit: "久立特钢", ..Default::default() };
    let worker_id = workers::upsert(&db.conn, &id, &known, chrono::Utc::now()).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let new = frontdesk::letters::NewLetter {
        worker_id,
        id_masked: id.masked(),
        name: "王建国".into(),
        work_unit: "久立特钢".into(),
        recipient: "putuo".into(),
        start: today + chrono::Days::new(3),
        end: today + chrono::Days::new(7),
        places: Some(1),
        standard: "每人每天 300 元".into(),
        companions: String::new(),
        note: String::new(),
        replaces,
        replace_reason: "日期有误".into(),
    };
    let by = frontdesk::letters::By {
        actor: frontdesk::db::audit::Actor {
            clerk_id: Some(1),
            login: Some("8001".into()),
            terminal: "t".into(),
        },
        at: chrono::Utc::now(),
        today,
    };
    let secret = read_key(&env.db).unwrap();
    let l = frontdesk::letters::issue(&mut db.conn, &settings, &secret, &new, &by).unwrap().unwrap();
    let outbox = frontdesk::letters::outbox::dir(&settings, &env.db);
    frontdesk::letters::outbox::write(&settings, &outbox, &l, None).unwrap();
    frontdesk::db::letters::files_written(&db.conn, l.id).unwrap();
    l
}

fn verify(env: &Env, args: &[&str]) -> (i32, String) {
    let mut all = vec!["letter", "verify"];
    all.extend_from_slice(args);
    let out = env.run(&all, None, "");
    (code(&out), stdout(&out))
}

#[test]
fn verify_answers_valid_void_replaced_unknown_and_altered_with_their_exit_codes() {
    let env = Env::seeded();
    let a = issued(&env, None);
    let (c, out) = verify(&env, &[&a.number, &a.code.to_lowercase()]);
    assert_eq!(c, 0, "{out}");
    assert!(out.starts_with("valid ") && out.contains("王*国") && out.contains("普陀山职工疗养院"), "{out}");
    let outbox = env.path("outbox");
    for ext in ["txt", "worker.txt", "html", "unit.eml"] {
        let f = outbox.join(format!("recuperation-2026-0001.{ext}"));
        let (c, out) = verify(&env, &["--file", f.to_str().unwrap()]);
        assert_eq!((c, out.split(' ').next().unwrap()), (0, "valid"), "{ext}: {out}");
    }
    // One character changed in the visible text.
    let txt = std::fs::read_to_string(outbox.join("recuperation-2026-0001.txt")).unwrap();
    let bad = env.path("bad.txt");
    std::fs::write(&bad, txt.replacen("王建国", "王建图", 1)).unwrap();
    assert_eq!(verify(&env, &["--file", bad.to_str().unwrap()]).0, 5);
    assert_eq!(verify(&env, &[&a.number, "AAAAA-AAAAA"]).0, 4);
    assert_eq!(verify(&env, &["余工疗函〔2026〕999号", &a.code]).0, 4);
    assert_eq!(verify(&env, &[&a.number, "12"]).0, 4, "a malformed code is unknown");
    // Void (as the counter voids: state, reason, mark and audit row), then re-issued.
    let db = rusqlite::Connection::open(&env.db).unwrap();
    let secret = frontdesk::db::read_key(&env.db).unwrap();
    let by = frontdesk::letters::By {
        actor: frontdesk::db::audit::Actor { clerk_id: Some(1), login: None, terminal: "t".into() },
        at: chrono::Utc::now(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
    };
    assert!(frontdesk::letters::void_in(&db, &secret, &a, "日期有误", &by).unwrap());
    let (c, out) = verify(&env, &[&a.number, &a.code]);
    assert_eq!((c, out.split(' ').next().unwrap()), (3, "void"), "{out}");
    let b = issued(&env, Some(a.id));
    let (c, out) = verify(&env, &[&a.number, &a.code]);
    assert_eq!(c, 3);
    assert!(out.starts_with("replaced ") && out.contains(&b.number), "{out}");
    assert_eq!(code(&env.run(&["letter", "verify", "only-a-number"], None, "")), 2, "usage");
}

#[test]
fn check_rebuilds_a_deleted_letter_file() {
    let env = Env::seeded();
    let a = issued(&env, None);
    let html = env.path("outbox").join("recuperation-2026-0001.html");
    std::fs::remove_file(&html).unwrap();
    let out = env.run(&["check"], None, "");
    assert_ok(&out);
    assert!(stderr(&out).contains(&a.number), "{}", stderr(&out));
    assert!(html.exists());
}

#[test]
fn export_letters_has_a_row_per_letter_masked_unless_asked_with_what_replaced_what() {
    let env = Env::seeded();
    let a = issued(&env, None);
    let db = rusqlite::Connection::open(&env.db).unwrap();
    db.execute("UPDATE letters SET state = 'void', void_reason = '日期有误' WHERE id = ?1", [a.id]).unwrap();
    let b = issued(&env, Some(a.id));
    let out = env.sup(&["export", "letters"]);
    assert_ok(&out);
    let csv = stdout(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}number,type,state,issued_at,clerk,name,id_number,work_unit,recipient,recipient_name,\
         start_on,end_on,days,places,standard,companions,note,batch,replaces,replaced_by,void_reason,\
         voided_at,delivery,sent_at,code"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(first[..3], [a.number.as_str(), "recuperation", "void"]);
    assert_eq!(
        first[4..10],
        ["8001", "王*国", "110105********002X", "久立特钢", "putuo", "普陀山职工疗养院"]
    );
    assert_eq!(first[12..14], ["5", "1"]);
    assert_eq!((first[19], first[20], first[24]), (b.number.as_str(), "日期有误", a.code.as_str()));
    let second: Vec<&str> = lines[2].split(',').collect();
    assert_eq!((second[0], second[18], second[19]), (b.number.as_str(), a.number.as_str(), ""));
    assert!(!csv.contains("王建国") && !csv.contains("11010519491231002X"), "{csv}");

    let out = env.sup(&["export", "letters", "--unmasked", "--out", env.path("l.csv").to_str().unwrap()]);
    assert_ok(&out);
    assert!(stderr(&out).contains("已导出 2 条"), "{}", stderr(&out));
    let file = std::fs::read_to_string(env.path("l.csv")).unwrap();
    assert!(file.contains(",王建国,11010519491231002X,"), "{file}");
    let audit: String = db
        .query_row("SELECT detail FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        audit.starts_with("letters ") && audit.contains("unmasked=true") && audit.contains("l.csv"),
        "{audit}"
    );

    let out = env.sup(&["export", "letters", "--from", "2000-01-01", "--to", "2000-12-31"]);
    assert_eq!(stdout(&out).lines().count(), 1, "only the header outside the range");
    let out = env.run(&["export", "letters"], Some(("8002", CLERK_PIN)), "");
    assert_eq!(code(&out), 1, "a clerk may not export");
    assert!(stdout(&out).is_empty());
}

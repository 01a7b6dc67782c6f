//! F3 through the real binary in tmux at 80×24, and the outbox rebuilt at start after a crash
//! between a letter's commit and its files.

mod common;
use common::tmux::{Tmux, pid_of, script, script_env};
use common::*;

#[test]
fn compose_bad_date_preview_issue_void_and_verify() {
    let env = Env::seeded();
    let t = Tmux::start("letters", &script(&env.db, env.dir.path(), "--window w1"));
    t.log_in("8001", SUP_PIN);
    t.compose_letter(&["11010519491231002x", "王建国", "久立特钢", "2", "2026-12-01", "2026-11-30"]);
    t.keys(&["M-s"]);
    let screen = t.wait_for("! 结束日期早于开始日期");
    assert!(screen.contains("2026-11-30") && screen.contains("王建国"), "{screen}");
    t.keys(&["C-u"]);
    t.type_text("12月5日");
    let screen = t.wait_for("共5天");
    assert!(screen.contains("普陀山职工疗养院："), "the preview follows the form:\n{screen}");
    t.keys(&["M-s"]);
    let screen = t.wait_for("已签发 余工疗函〔");
    let code = screen.split("验证码 ").nth(1).and_then(|s| s.get(..11)).unwrap_or_default().to_string();
    assert_eq!(code.len(), 11, "{screen}");
    t.keys(&["M-k", "M-k", "M-k"]);
    t.wait_for("登记簿 ");
    t.wait_for("有效   待发送");
    t.keys(&["M-x"]);
    t.wait_for("作废 余工疗函");
    t.type_text("日期有误");
    t.keys(&["M-s"]);
    t.wait_for("已作废 待发送");
    t.keys(&["M-k"]);
    t.wait_for("核验：疗养单位来电");
    let number: String = rusqlite::Connection::open(&env.db)
        .unwrap()
        .query_row("SELECT number FROM letters", [], |r| r.get(0))
        .unwrap();
    t.type_text(&number);
    t.keys(&["Tab"]);
    t.type_text(&code.to_lowercase());
    t.keys(&["Enter"]);
    t.wait_for("已作废：");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
}

#[test]
fn letters_committed_without_files_are_rebuilt_at_start() {
    use frontdesk::db::{OpenMode, open, read_key, workers};
    let env = Env::seeded();
    let settings = frontdesk::config::Settings::builtin();
    let mut db = open(&env.db, OpenMode::Existing).unwrap();
    let id = frontdesk::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let known = workers::Known { name: "王建国", ..Default::default() };
    let worker_id = workers::upsert(&db.conn, &id, &known, chrono::Utc::now()).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let new = frontdesk::letters::NewLetter {
        worker_id,
        id_masked: id.masked(),
        name: "王建国".into(),
        work_unit: String::new(),
        recipient: "anji".into(),
        start: today,
        end: today + chrono::Days::new(2),
        places: None,
        standard: String::new(),
        companions: String::new(),
        note: String::new(),
        replaces: None,
        replace_reason: String::new(),
    };
    let by = || frontdesk::letters::By {
        actor: frontdesk::db::audit::Actor { clerk_id: Some(1), login: None, terminal: "t".into() },
        at: chrono::Utc::now(),
        today,
    };
    let secret = read_key(&env.db).unwrap();
    // Committed, then "killed" before the files were renamed into place.
    let l = frontdesk::letters::issue(&mut db.conn, &settings, &secret, &new, &by()).unwrap().unwrap();
    let outbox = env.path("outbox");
    std::fs::create_dir_all(&outbox).unwrap();
    std::fs::write(outbox.join(".tmp-recuperation-2026-0001.txt"), "half written").unwrap();
    drop(db);
    let t = Tmux::start("rebuild", &script(&env.db, env.dir.path(), "--window w1"));
    t.wait_for("请登录");
    assert_eq!(std::fs::read_to_string(outbox.join("recuperation-2026-0001.txt")).unwrap(), l.unit_text);
    assert!(outbox.join("recuperation-2026-0001.unit.eml").exists());
    assert!(!outbox.join(".tmp-recuperation-2026-0001.txt").exists(), "stray temporaries go");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
    // The number was not given out again.
    let mut db = open(&env.db, OpenMode::Existing).unwrap();
    let next = frontdesk::letters::issue(&mut db.conn, &settings, &secret, &new, &by()).unwrap().unwrap();
    assert_eq!(next.seq, 2);
}

#[test]
fn sigkill_between_commit_and_files_then_start_rebuilds_them() {
    let env = Env::seeded();
    let vars = "FRONTDESK_PAUSE_AFTER_COMMIT_MS=8000";
    let t = Tmux::start("kill", &script_env(&env.db, env.dir.path(), vars, "--window w1"));
    t.log_in("8002", CLERK_PIN);
    t.compose_letter(&["11010519491231002X", "王建国", "", "3", "2026-12-01", "2026-12-03"]);
    t.keys(&["M-s"]);
    // Wait for the commit, then kill the process while it pauses before the files.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let count = || conn.query_row("SELECT count(*) FROM letters", [], |r| r.get::<_, i64>(0)).unwrap_or(0);
    while count() == 0 {
        assert!(std::time::Instant::now() < deadline, "the letter was never committed");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let pid = pid_of(&env.db).expect("running");
    // SAFETY: a plain kill(2) of the child we started.
    unsafe { libc::kill(pid, libc::SIGKILL) };
    t.wait_for("EXIT=137");
    let (number, files): (String, String) =
        conn.query_row("SELECT number, files FROM letters", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(files, "pending");
    let outbox = env.path("outbox");
    let listed = |p: &std::path::Path| std::fs::read_dir(p).map(|d| d.count()).unwrap_or(0);
    assert_eq!(listed(&outbox), 0, "no file was written before the kill");
    drop(t);
    // Start again: the files are written from the stored letter.
    let t = Tmux::start("kill2", &script(&env.db, env.dir.path(), "--window w1"));
    t.wait_for("请登录");
    let year = &number[number.find('〔').unwrap() + 3..number.find('〕').unwrap()];
    let txt = outbox.join(format!("recuperation-{year}-0001.txt"));
    assert!(txt.exists(), "rebuilt at start");
    let stored: String = conn.query_row("SELECT unit_text FROM letters", [], |r| r.get(0)).unwrap();
    assert_eq!(std::fs::read_to_string(txt).unwrap(), stored);
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
}

#[test]
fn a_batch_roster_by_ids_issued_then_marked_sent() {
    let env = Env::seeded();
    let ids: Vec<String> = {
        let db = frontdesk::db::open(&env.db, frontdesk::db::OpenMode::Existing).unwrap();
        (0..2)
            .map(|i| {
                let birth = chrono::NaiveDate::from_ymd_opt(1975, 5, 1 + i).unwrap();
                let id = frontdesk::domain::IdNumber::synthesize("330281", birth, 31).unwrap();
                let name = ["欧阳建国", "李秀英"][i as usize];
                let known = frontdesk::db::workers::Known { name, ..Default::default() };
                frontdesk::db::workers::upsert(&db.conn, &id, &known, chrono::Utc::now()).unwrap();
                id.as_str().to_string()
            })
            .collect()
    };
    let t = Tmux::start("batch", &script(&env.db, env.dir.path(), "--window w1"));
    t.log_in("8002", CLERK_PIN);
    t.keys(&["F3"]);
    t.wait_for("预览（单位联");
    t.keys(&["M-k", "M-k"]);
    t.wait_for("名单 0 人");
    t.type_text("1");
    t.keys(&["Tab"]);
    t.type_text("12月20日");
    t.keys(&["Tab"]);
    t.type_text("12月24日");
    t.keys(&["Tab", "Tab", "Tab", "Tab"]);
    for id in &ids {
        t.type_text(id);
        t.keys(&["Enter"]);
    }
    let screen = t.wait_for("名单 2 人");
    assert!(screen.contains("欧**国") && screen.contains("李*英"), "{screen}");
    t.keys(&["M-s"]);
    t.wait_for("已签发第1批 共2封");
    t.keys(&["M-k"]);
    t.wait_for("登记簿 ");
    t.keys(&["M-m"]);
    // Alt+M asks first, naming the letter; Enter marks that one.
    t.wait_for("标记为已发送？");
    t.keys(&["Enter"]);
    t.wait_for("已标记为已发送");
    t.wait_for("已发送");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let roster: String = conn.query_row("SELECT delivery FROM batches", [], |r| r.get(0)).unwrap();
    assert_eq!(roster, "sent", "the roster went with the first letter");
}

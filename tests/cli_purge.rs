//! `purge`: personal fields past retention are cleared (walk-ins after 36 months, closed loans
//! after 12, closed claims' notes after 120), what is newer is kept, a worker with an open claim
//! keeps everything, the summaries still count the same, a dry run changes nothing, and only a
//! supervisor may run it (audited).

mod common;
use common::*;
use frontdesk::db::station_ops::{self, By, NewLoan, StockChange};
use frontdesk::domain::Role;

const OLD_ID: &str = "11010519491231002X";
const HELD_ID: &str = "440524188001010014";

fn seeded() -> Env {
    let env = Env::seeded();
    let visits = format!(
        "arrived_at,category,name,id_number,phone,work_unit,note,status\n\
         2020-01-08 09:05,medical_aid,王一,{OLD_ID},13800000001,某厂,带了出院小结,done\n\
         2020-01-08 09:20,rights,李二,{HELD_ID},13800000002,,,done\n\
         2026-10-08 10:40,medical_aid,张三,,13800000003,,,done\n"
    );
    std::fs::write(env.path("v.csv"), visits).unwrap();
    assert_ok(&env.sup(&["import", "walkins", env.path("v.csv").to_str().unwrap()]));
    // 李二 has a claim still under review: nothing of theirs is cleared.
    let claims = format!(
        "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note\n\
         S1,{HELD_ID},李二,inpatient,2019-12-01,1000,,under_review,住院三天\n\
         S2,{OLD_ID},王一,inpatient,2010-01-05,500,500,paid,糖尿病复诊\n"
    );
    std::fs::write(env.path("c.csv"), claims).unwrap();
    assert_ok(&env.sup(&["import", "claims", env.path("c.csv").to_str().unwrap()]));
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute("UPDATE claim_events SET at = '2010-03-01T00:00:00.000Z' WHERE claim_id = (SELECT id FROM claims WHERE claim_no = 'S2')", [])
        .unwrap();
    // An umbrella lent and returned in 2024 (closed), and one lent now (open).
    let settings = frontdesk::config::Settings::builtin();
    let umbrella = settings.config.station.items.iter().find(|i| i.code == "umbrella").unwrap().clone();
    let mut db = frontdesk::db::open(&env.db, frontdesk::db::OpenMode::Existing).unwrap();
    let at = |y, m, d| {
        let day = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        By {
            clerk_id: 1,
            role: Role::Supervisor,
            window: "desk".into(),
            at: day.and_hms_opt(2, 0, 0).unwrap().and_utc(),
            today: day,
        }
    };
    let restock = StockChange::Restock { qty: 3, expires_on: None };
    frontdesk::db::write(&mut db.conn, |tx| {
        station_ops::change_stock(tx, &umbrella, "", &restock, "入库", &at(2024, 1, 2))
    })
    .unwrap()
    .unwrap();
    let loan = |name: &str, phone: &str| NewLoan {
        item: "umbrella".into(),
        qty: 1,
        name: name.into(),
        phone: phone.into(),
        id_number: None,
        worker_id: None,
        due_on: chrono::NaiveDate::from_ymd_opt(2024, 1, 3).unwrap(),
        deposit: false,
        ticket: String::new(),
        note: String::new(),
    };
    let old = frontdesk::db::write(&mut db.conn, |tx| {
        station_ops::lend(tx, &umbrella, &loan("赵五", "13900000005"), &at(2024, 1, 2))
    })
    .unwrap()
    .unwrap();
    frontdesk::db::write(&mut db.conn, |tx| station_ops::give_back(tx, old, 1, "", &at(2024, 1, 3)))
        .unwrap()
        .unwrap();
    frontdesk::db::write(&mut db.conn, |tx| {
        station_ops::lend(tx, &umbrella, &loan("钱六", "13900000006"), &at(2026, 11, 27))
    })
    .unwrap()
    .unwrap();
    // A letter issued in 2019 (past the 60 months), with its outbox files.
    let secret = frontdesk::db::read_key(&env.db).unwrap();
    let id = frontdesk::domain::IdNumber::from_stored(OLD_ID).unwrap();
    let worker = frontdesk::db::workers::by_id_number(&db.conn, &id).unwrap().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2019, 5, 6).unwrap();
    let new = frontdesk::letters::NewLetter {
        worker_id: worker.id,
        id_masked: id.masked(),
        name: "王一".into(),
        work_unit: String::new(),
        recipient: "anji".into(),
        start: day,
        end: day + chrono::Days::new(2),
        places: None,
        standard: String::new(),
        companions: String::new(),
        note: String::new(),
        replaces: None,
        replace_reason: String::new(),
    };
    let by = frontdesk::letters::By {
        actor: frontdesk::db::audit::Actor { clerk_id: Some(1), login: None, terminal: "test".into() },
        at: day.and_hms_opt(2, 0, 0).unwrap().and_utc(),
        today: day,
    };
    let l = frontdesk::letters::issue(&mut db.conn, &settings, &secret, &new, &by).unwrap().unwrap();
    let outbox = frontdesk::letters::outbox::dir(&settings, &env.db);
    frontdesk::letters::outbox::write(&settings, &outbox, &l, None).unwrap();
    frontdesk::db::letters::files_written(&db.conn, l.id).unwrap();
    // Sent to the worker's address, and a void notice written to the unit.
    frontdesk::db::letter_delivery::record(&db.conn, l.id, "worker", "wang@example.org", None, by.at)
        .unwrap();
    std::fs::write(outbox.join(format!("{}.void-1.eml", frontdesk::letters::files::base_name(&l))), "x")
        .unwrap();
    std::fs::write(env.path("letter.txt"), format!("{} {}", l.number, l.code)).unwrap();
    env
}

fn count(env: &Env, sql: &str) -> i64 {
    rusqlite::Connection::open(&env.db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn purge_clears_what_retention_no_longer_keeps() {
    let env = seeded();
    let before = stdout(&env.sup(&["report", "daily", "--date", "2020-01-08", "--format", "json"]));
    let dry = env.sup(&["purge", "--dry-run"]);
    assert_ok(&dry);
    assert!(
        stdout(&dry).contains("来访 1 条")
            && stdout(&dry).contains("借用 1 件")
            && stdout(&dry).contains("申报 1 件"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(
        count(&env, "SELECT count(*) FROM visits WHERE name IS NOT NULL"),
        3,
        "a dry run changes nothing"
    );
    let clerk = env.run(&["purge"], Some(("8002", CLERK_PIN)), "");
    assert_eq!(clerk.status.code(), Some(1), "a clerk may not purge");
    assert_ok(&env.sup(&["purge", "--yes"]));
    // 王一's 2020 visit: no name, phone, unit, note or worker link; 李二's (open claim) and the
    // recent visit keep theirs.
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM visits WHERE day = '2020-01-08' AND name IS NULL AND phone IS NULL AND worker_id IS NULL AND note IS NULL AND work_unit IS NULL"
        ),
        1
    );
    assert_eq!(count(&env, "SELECT count(*) FROM visits WHERE name = '李二' AND phone = '13800000002'"), 1);
    assert_eq!(count(&env, "SELECT count(*) FROM visits WHERE name = '张三'"), 1);
    assert_eq!(
        count(&env, "SELECT count(*) FROM station_loans WHERE name = '' AND phone = ''"),
        1,
        "the closed 2024 loan"
    );
    assert_eq!(
        count(&env, "SELECT count(*) FROM station_loans WHERE name = '钱六'"),
        1,
        "an open loan is kept"
    );
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM claims WHERE claim_no = 'S2' AND note IS NULL AND amount_approved_fen = 50000"
        ),
        1
    );
    assert_eq!(count(&env, "SELECT count(*) FROM claims WHERE claim_no = 'S1' AND note = '住院三天'"), 1);
    // The figures are the same after.
    let after = stdout(&env.sup(&["report", "daily", "--date", "2020-01-08", "--format", "json"]));
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&before).unwrap(), serde_json::from_str(&after).unwrap());
    assert_eq!(a["walkins"], b["walkins"]);
    assert_eq!(
        count(&env, "SELECT count(*) FROM audit_log WHERE action = 'purge'"),
        2,
        "the dry run and the purge"
    );
    // Nothing left to clear a second time.
    assert!(stdout(&env.sup(&["purge", "--yes"])).contains("来访 0 条"));
    assert_ok(&env.run(&["check"], None, ""));
    // The 2019 letter: name masked, texts and files gone (and not rebuilt by check), yet its
    // number and code still verify.
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM letters WHERE name = '王*' AND unit_text = '' AND worker_text = '' AND files = 'purged'"
        ),
        1
    );
    let outbox = env.db.with_file_name("outbox");
    let left: Vec<String> = std::fs::read_dir(&outbox)
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    assert!(left.iter().all(|n| !n.starts_with("recuperation-2019-")), "{left:?}");
    assert_eq!(count(&env, "SELECT count(*) FROM letter_deliveries WHERE address LIKE '%@%'"), 0);
    let saved = std::fs::read_to_string(env.path("letter.txt")).unwrap();
    let (number, code) = saved.split_once(' ').unwrap();
    let out = env.run(&["letter", "verify", number, code], None, "");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn before_only_narrows_what_is_cleared() {
    let env = seeded();
    let out = env.sup(&["purge", "--yes", "--before", "2019-01-01"]);
    assert_ok(&out);
    assert_eq!(count(&env, "SELECT count(*) FROM visits WHERE name IS NULL"), 0, "nothing was that old");
    let out = env.sup(&["purge", "--before", "2030-01-01", "--dry-run"]);
    assert!(stdout(&out).contains("来访 1 条"), "retention still keeps the recent ones: {}", stdout(&out));
}

#[test]
fn exports_past_their_months_are_removed_newer_ones_kept() {
    let env = seeded();
    // Three exports, recorded as written: one kept from today, two seven months old, one of
    // which has since been replaced at its path by another file (in a folder named " out=").
    let fresh = env.path("claims-today.csv");
    assert_ok(&env.sup(&["export", "claims", "--out", fresh.to_str().unwrap()]));
    let old = env.path("claims-may.csv");
    assert_ok(&env.sup(&["export", "claims", "--out", old.to_str().unwrap()]));
    std::fs::create_dir_all(env.path("a out=b")).unwrap();
    let replaced = env.path("a out=b").join("claims-june.csv");
    assert_ok(&env.sup(&["export", "claims", "--out", replaced.to_str().unwrap()]));
    // Seven months pass for two of them: recorded again as the program records, dated then.
    let when = chrono::Utc::now() - chrono::Duration::days(210);
    let c = rusqlite::Connection::open(&env.db).unwrap();
    let key = frontdesk::db::audit_seal::key_for(&env.db).unwrap();
    let aged = "path LIKE '%claims-may.csv' OR path LIKE '%claims-june.csv'";
    let old_rows: Vec<(String, i64, String)> = c
        .prepare(&format!("SELECT path, size, sha256 FROM out_files WHERE {aged}"))
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(old_rows.len(), 2);
    c.execute(&format!("DELETE FROM out_files WHERE {aged}"), []).unwrap();
    for (path, size, sha) in &old_rows {
        frontdesk::db::out_files::record(&c, &key, "claims", path, *size, sha, when).unwrap();
    }
    std::fs::write(&replaced, "a newer file at the same path\n").unwrap();
    // helper-14: rows added by hand naming the key file, or the database itself, with its
    // true size and hash: never removed.
    let key_file = frontdesk::db::key_path(&env.db);
    for target in [key_file.clone(), env.db.clone()] {
        let bytes = std::fs::read(&target).unwrap();
        use sha2::Digest;
        let sha: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        c.execute(
            "INSERT INTO out_files (what, path, size, sha256, at, mac)
             VALUES ('x', ?1, ?2, ?3, '2020-01-01T00:00:00.000Z', ?4)",
            rusqlite::params![target.to_str().unwrap(), bytes.len() as i64, sha, "0".repeat(64)],
        )
        .unwrap();
    }
    let dry = env.sup(&["purge", "--dry-run"]);
    assert!(stdout(&dry).contains("过期导出文件 1 个"), "{}", stdout(&dry));
    assert!(old.exists(), "a dry run removes nothing");
    assert_ok(&env.sup(&["purge", "--yes"]));
    assert!(!old.exists(), "the export past exports_months is gone");
    assert!(replaced.exists(), "another file now at an old export's path stays");
    assert!(fresh.exists(), "today's stays");
    assert!(key_file.exists() && env.db.exists(), "rows added by hand name nothing to remove");
    let audit = stdout(&env.sup(&["export", "audit"]));
    assert!(audit.lines().any(|l| l.contains(",purge,") && l.contains("exports=1")), "{audit}");
}

/// A real purge shows what it will clear and asks; without a terminal it needs `--yes` and
/// clears nothing. With it, what it clears is gone from the file's bytes (the database and its
/// journal), not only from its rows.
#[test]
fn a_real_purge_asks_first_and_leaves_nothing_readable_in_the_file() {
    let env = seeded();
    let out = env.sup(&["purge"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    assert!(stdout(&out).contains("将清除"), "what it would clear is shown: {}", stdout(&out));
    assert_eq!(count(&env, "SELECT count(*) FROM visits WHERE note = '带了出院小结'"), 1, "nothing cleared");
    let raw = |needle: &str| -> bool {
        let mut all = std::fs::read(&env.db).unwrap();
        all.extend(std::fs::read(env.db.with_file_name("fd.db-wal")).unwrap_or_default());
        all.windows(needle.len()).any(|w| w == needle.as_bytes())
    };
    let gone = ["带了出院小结", "糖尿病复诊", "赵五", "13900000005"];
    assert!(gone.iter().all(|n| raw(n)), "each is in the file before");
    assert_ok(&env.sup(&["purge", "--yes"]));
    for n in gone {
        assert!(!raw(n), "{n} still readable in the file");
    }
    assert_eq!(std::fs::metadata(env.db.with_file_name("fd.db-wal")).map(|m| m.len()).unwrap_or(0), 0);
}

/// 200 old walk-ins among recent ones, with another terminal's connection open (so the
/// journal is not removed when the purge exits): the phones and notes it clears are gone from
/// the bytes of the database and its journal, not only from its rows.
#[test]
fn purged_walkins_leave_no_phone_or_note_in_the_file_while_another_terminal_is_open() {
    let env = Env::seeded();
    let mut csv = String::from("arrived_at,category,name,id_number,phone,work_unit,note,status\n");
    for i in 0..400 {
        let (day, kept) = if i % 2 == 0 { ("2020-01-08", "旧") } else { ("2026-11-20", "新") };
        csv.push_str(&format!(
            "{day} 09:{:02},rights,来访者{i:04}甲,,139{i:08},某厂{i},{kept}附注{i:04}说明,done\n",
            i % 60
        ));
    }
    std::fs::write(env.path("v.csv"), csv).unwrap();
    assert_ok(&env.sup(&["import", "walkins", env.path("v.csv").to_str().unwrap()]));
    let other = rusqlite::Connection::open(&env.db).unwrap();
    let n: i64 = other.query_row("SELECT count(*) FROM visits", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 400);
    assert_ok(&env.sup(&["purge", "--yes"]));
    let mut bytes = std::fs::read(&env.db).unwrap();
    bytes.extend(std::fs::read(env.db.with_file_name("fd.db-wal")).unwrap_or_default());
    let found = |s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    let readable: Vec<String> = (0..400)
        .step_by(2)
        .flat_map(|i| [format!("139{i:08}"), format!("旧附注{i:04}说明"), format!("来访者{i:04}甲")])
        .filter(|s| found(s))
        .collect();
    assert!(
        readable.is_empty(),
        "{} still readable: {:?}",
        readable.len(),
        &readable[..readable.len().min(9)]
    );
    assert!(found("新附注0001说明"), "what is kept stays");
    drop(other);
}

/// On a terminal the purge asks; helper-14 saw `y` clear too. Only `yes` clears; anything else
/// ends it with nothing cleared and exit 1.
#[test]
fn on_a_terminal_only_yes_clears() {
    let env = seeded();
    let vars = format!("FRONTDESK_LOGIN=8001 FRONTDESK_PIN={SUP_PIN}");
    let t = common::tmux::Tmux::start(
        "purge-y",
        &common::tmux::script_env(&env.db, env.dir.path(), &vars, "purge"),
    );
    t.wait_for("输入 yes 确认");
    t.type_text("y");
    t.keys(&["Enter"]);
    t.wait_for("EXIT=1");
    assert!(t.screen().contains("未清除任何数据"), "{}", t.screen());
    t.kill_server();
    assert_eq!(count(&env, "SELECT count(*) FROM visits WHERE note = '带了出院小结'"), 1, "nothing cleared");
    let t = common::tmux::Tmux::start(
        "purge-yes",
        &common::tmux::script_env(&env.db, env.dir.path(), &vars, "purge"),
    );
    t.wait_for("输入 yes 确认");
    t.type_text("yes");
    t.keys(&["Enter"]);
    t.wait_for("EXIT=0");
    t.kill_server();
    assert_eq!(count(&env, "SELECT count(*) FROM visits WHERE note = '带了出院小结'"), 0);
}

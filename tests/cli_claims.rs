//! `import workers|claims` and `export workers|claims` through the real binary.

mod common;
use common::*;

const CLAIMS: &str = "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note";

fn q(env: &Env, sql: &str) -> String {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .unwrap()
}

#[test]
fn claims_import_all_or_nothing_with_duplicates_named_and_reimports_record_changes_only() {
    let env = Env::seeded();
    let f = env.path("c.csv");
    std::fs::write(
        &f,
        format!(
            "{CLAIMS},amount_paid,paid_on,papers_complete_on,missing_papers,reason\r\n\
             S001,11010519491231002X,王一,inpatient,2026-10-08,\"1,234.50\",,submitted,,,,,,\r\n\
             S002,440524188001010014,李二,助学,2026.10.9,800,800,approved,,,,2026-10-09,,\r\n\
             S001,11010519491231002X,王一,inpatient,2026-10-08,1,,submitted,,,,,,\r\n\
             S003,440524188001010014,李二,nonsense,2026-10-09,-5,,paid_out,,,,,,\r\n"
        ),
    )
    .unwrap();
    let out = env.sup(&["import", "claims", f.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("第 4 行：与第 2 行重复（S001）"), "{err}");
    assert!(
        err.contains("第 5 行：类别“nonsense”")
            && err.contains("第 5 行：金额“-5”")
            && err.contains("paid_out"),
        "{err}"
    );
    assert_eq!(q(&env, "SELECT count(*) FROM claims"), "0");
    // Without the bad lines it goes in, with the optional columns.
    let text = std::fs::read_to_string(&f).unwrap();
    let good: Vec<&str> = text.split("\r\n").take(3).collect();
    std::fs::write(&f, good.join("\r\n") + "\r\n").unwrap();
    assert_ok(&env.sup(&["import", "claims", f.to_str().unwrap()]));
    assert_eq!(q(&env, "SELECT amount_claimed_fen FROM claims WHERE claim_no = 'S001'"), "123450");
    assert_eq!(q(&env, "SELECT papers_complete_on FROM claims WHERE claim_no = 'S002'"), "2026-10-09");
    assert_eq!(q(&env, "SELECT count(*) FROM claim_events"), "2");
    assert_eq!(q(&env, "SELECT count(*) FROM workers"), "2", "unknown IDs create workers");
    // Re-import: S001 moves on, S002 stays: one event more.
    let again = good.join("\r\n").replace("submitted", "under_review");
    std::fs::write(&f, again + "\r\n").unwrap();
    assert_ok(&env.sup(&["import", "claims", f.to_str().unwrap()]));
    assert_eq!(q(&env, "SELECT count(*) FROM claim_events"), "3");
    assert_eq!(q(&env, "SELECT source FROM claim_events ORDER BY id DESC LIMIT 1"), "import");
}

#[test]
fn workers_import_keeps_stored_values_for_empty_cells_and_exports_masked() {
    let env = Env::seeded();
    let f = env.path("w.csv");
    let text = "id_number,name,phone,work_unit,email,mutual_aid_year,hardship_level,hardship_until\n\
                11010519491231002X,王一,13800000001,\"某某公司, 一分厂\",wang@example.org,2026,一般困难,2026-12-31\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    std::fs::write(&f, &bytes).unwrap();
    assert_ok(&env.sup(&["import", "workers", f.to_str().unwrap()]));
    std::fs::write(&f, "id_number,name,phone,work_unit,email\n11010519491231002X,王一,,,\n").unwrap();
    assert_ok(&env.sup(&["import", "workers", f.to_str().unwrap()]));
    assert_eq!(
        q(&env, "SELECT phone || '|' || work_unit || '|' || mutual_aid_year FROM workers"),
        "13800000001|某某公司, 一分厂|2026"
    );
    let out = stdout(&env.sup(&["export", "workers"]));
    assert!(
        out.contains("110105********002X") && out.contains("138****0001") && out.contains("w***@example.org"),
        "{out}"
    );
    assert!(!out.contains("13800000001") && !out.contains("11010519491231002X"));
    // The level became a filed file (一般困难 reads as relative) with an import event; the old
    // columns are not written, and the export reads the file.
    assert_eq!(
        q(&env, "SELECT state || '|' || category || '|' || valid_until || '|' || source FROM hardship_files"),
        "filed|relative|2026-12-31|import"
    );
    assert_eq!(
        q(&env, "SELECT action || '|' || source || '|' || detail FROM hardship_events"),
        "import|import|level=一般困难 until=2026-12-31"
    );
    assert_eq!(
        q(
            &env,
            "SELECT count(*) FROM pragma_table_info('workers') WHERE name IN ('hardship_level', 'hardship_until')"
        ),
        "0"
    );
    assert!(q(&env, "SELECT group_concat(action) FROM audit_log").contains("hardship_import"));
    assert!(out.contains("相对困难,2026-12-31"), "{out}");
    let full = stdout(&env.sup(&["export", "workers", "--unmasked"]));
    assert!(full.contains("11010519491231002X"));
    assert_eq!(code(&env.run(&["import", "workers", f.to_str().unwrap()], Some(("8002", CLERK_PIN)), "")), 1);
    assert_eq!(code(&env.run(&["export", "claims"], Some(("8002", CLERK_PIN)), "")), 1);
    // A duplicate ID inside one file names the first line.
    std::fs::write(
        &f,
        "id_number,name,phone,work_unit,email\n11010519491231002X,王一,,,\n11010519491231002x,王一,,,\n",
    )
    .unwrap();
    let out = env.sup(&["import", "workers", f.to_str().unwrap(), "--dry-run"]);
    assert!(stderr(&out).contains("第 3 行：与第 2 行重复"), "{}", stderr(&out));
    // A level that is no category is named; a new valid-until moves the file on, one event more.
    std::fs::write(
        &f,
        "id_number,name,phone,work_unit,email,mutual_aid_year,hardship_level,hardship_until\n\
         11010519491231002X,王一,,,,,很困难,\n",
    )
    .unwrap();
    let out = env.sup(&["import", "workers", f.to_str().unwrap()]);
    assert!(stderr(&out).contains("困难类别“很困难”不对"), "{}", stderr(&out));
    std::fs::write(
        &f,
        "id_number,name,phone,work_unit,email,mutual_aid_year,hardship_level,hardship_until\n\
         11010519491231002X,王一,,,,,深度困难,2027-06-30\n",
    )
    .unwrap();
    assert_ok(&env.sup(&["import", "workers", f.to_str().unwrap()]));
    assert_eq!(
        q(&env, "SELECT count(*) || '|' || category || '|' || valid_until FROM hardship_files"),
        "1|deep|2027-06-30"
    );
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_events"), "2");
}

#[test]
fn export_worker_gives_everything_on_one_person_unmasked_and_audited() {
    let env = Env::seeded();
    let f = env.path("c.csv");
    std::fs::write(
        &f,
        format!(
            "{CLAIMS}\nS001,11010519491231002X,王一,inpatient,2026-10-08,1234.50,,submitted,带了出院小结\n"
        ),
    )
    .unwrap();
    assert_ok(&env.sup(&["import", "claims", f.to_str().unwrap()]));
    let out = env.sup(&["export", "worker", "--id", "11010519491231002x"]);
    assert_ok(&out);
    let text = stdout(&out);
    for want in [
        "# worker",
        "11010519491231002X",
        "# claims",
        "S001",
        "带了出院小结",
        "# claim_events",
        "# visits",
        "# letters",
        "# station_loans",
        "# audit",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    assert_eq!(
        q(
            &env,
            "SELECT count(*) FROM audit_log WHERE action = 'export_worker' AND worker_masked = '110105********002X'"
        ),
        "1"
    );
    assert_eq!(code(&env.sup(&["export", "worker"])), 2);
    assert_eq!(code(&env.sup(&["export", "worker", "--id", "440524188001010014"])), 1, "unknown person");
    assert_eq!(
        code(&env.run(&["export", "worker", "--id", "11010519491231002X"], Some(("8002", CLERK_PIN)), "")),
        1
    );
}

#[test]
fn a_file_larger_than_the_table_builds_its_indexes_after_loading_and_a_refused_one_keeps_them() {
    let env = Env::seeded();
    let indexes = |env: &Env| {
        let c = rusqlite::Connection::open(&env.db).unwrap();
        let mut st = c
            .prepare(
                "SELECT name || ':' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                 AND tbl_name IN ('claims', 'claim_events') ORDER BY name",
            )
            .unwrap();
        st.query_map([], |r| r.get::<_, String>(0)).unwrap().collect::<Result<Vec<_>, _>>().unwrap()
    };
    let before = indexes(&env);
    assert!(before.iter().any(|i| i.starts_with("claims_worker:")), "{before:?}");
    let mut text = format!("{CLAIMS}\n");
    for i in 0..12_000 {
        let (id, status) =
            if i % 2 == 0 { ("11010519491231002X", "paid") } else { ("440524188001010014", "submitted") };
        text.push_str(&format!("L{i:05},{id},王一,inpatient,2026-10-08,100,100,{status},\n"));
    }
    let f = env.path("big.csv");
    std::fs::write(&f, format!("{text}L99999,11010519491231002X,王一,inpatient,2026-10-08,-1,,paid,\n"))
        .unwrap();
    let out = env.sup(&["import", "claims", f.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("第 12002 行"), "{}", stderr(&out));
    assert_eq!((q(&env, "SELECT count(*) FROM claims"), indexes(&env)), ("0".to_string(), before.clone()));
    std::fs::write(&f, &text).unwrap();
    assert_ok(&env.sup(&["import", "claims", f.to_str().unwrap()]));
    assert_eq!(indexes(&env), before, "every index is back, as it was");
    assert_eq!(q(&env, "PRAGMA integrity_check"), "ok");
    assert_eq!(q(&env, "SELECT count(*) FROM claims INDEXED BY claims_worker WHERE worker_id > 0"), "12000");
    let closed = "SELECT count(*) FROM claim_events INDEXED BY claim_events_closed WHERE claim_id > 0 AND to_state IN ('paid', 'rejected')";
    assert_eq!(q(&env, closed), "6000");
}

#[test]
fn hostile_cells_are_stored_as_they_are_and_exported_defused() {
    let env = Env::seeded();
    let f = env.path("h.csv");
    let note = "=HYPERLINK(\"x\")\u{1b}[2J\u{7}\u{8}\u{202e}'); DROP TABLE claims;--";
    let name = "王\u{1b}]0;hacked\u{7}明";
    let mut w = csv::Writer::from_path(&f).unwrap();
    w.write_record(CLAIMS.split(',')).unwrap();
    w.write_record([
        "H1",
        "11010519491231002X",
        name,
        "inpatient",
        "2026-10-08",
        "100",
        "",
        "submitted",
        note,
    ])
    .unwrap();
    w.flush().unwrap();
    drop(w);
    assert_ok(&env.sup(&["import", "claims", f.to_str().unwrap()]));
    assert_eq!(q(&env, "SELECT note FROM claims"), note, "stored as it is");
    assert_eq!(q(&env, "SELECT name FROM workers"), name);
    assert_eq!(q(&env, "SELECT count(*) FROM sqlite_master WHERE name = 'claims'"), "1");
    let out = env.path("out.csv");
    assert_ok(&env.sup(&["export", "claims", "--unmasked", "--out", out.to_str().unwrap()]));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("'=HYPERLINK"), "a formula is defused in the export: {text}");
}

#[test]
fn export_claims_takes_the_period_by_filing_day_and_workers_by_the_local_day_they_changed() {
    let env = Env::seeded();
    let f = env.path("c.csv");
    std::fs::write(
        &f,
        format!(
            "{CLAIMS}\nS001,11010519491231002X,王一,inpatient,2026-10-08,1234.50,,submitted,\n\
             S002,440524188001010014,李二,助学,2026-10-09,800,800,approved,\n"
        ),
    )
    .unwrap();
    assert_ok(&env.sup(&["import", "claims", f.to_str().unwrap()]));
    let rows = |args: &[&str]| -> Vec<String> {
        let out = env.sup(args);
        assert_ok(&out);
        stdout(&out).lines().skip(1).map(|l| l.split(',').next().unwrap_or("").to_string()).collect()
    };
    assert_eq!(rows(&["export", "claims"]), ["S001", "S002"]);
    assert_eq!(rows(&["export", "claims", "--from", "2026-10-09"]), ["S002"]);
    assert_eq!(rows(&["export", "claims", "--to", "2026-10-08"]), ["S001"]);
    let line = stdout(&env.sup(&["export", "claims", "--from", "2026-10-09", "--unmasked"]));
    assert!(
        line.contains("S002,440524188001010014,李二,education_aid,2026-10-09,800.00,800.00,approved"),
        "{line}"
    );

    // 2026-10-02T16:30Z is 00:30 on 10-03 at the centre (Asia/Shanghai).
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute_batch(
        "UPDATE workers SET updated_at = '2026-10-02T15:59:59.999Z' WHERE id_number = '11010519491231002X';
         UPDATE workers SET updated_at = '2026-10-02T16:30:00.000Z' WHERE id_number = '440524188001010014';",
    )
    .unwrap();
    assert_eq!(rows(&["export", "workers", "--to", "2026-10-02"]), ["110105********002X"]);
    assert_eq!(
        rows(&["export", "workers", "--from", "2026-10-03", "--to", "2026-10-03"]),
        ["440524********0014"]
    );
    assert_eq!(rows(&["export", "workers"]).len(), 2);
}

#[test]
fn a_reversed_range_or_a_bad_id_on_the_command_line_is_refused_in_the_users_language() {
    let env = Env::seeded();
    for args in [
        &["export", "claims", "--from", "2026-10-09", "--to", "2026-10-08"][..],
        &["report", "daily", "--from", "2026-10-09", "--to", "2026-10-08"],
    ] {
        let out = env.sup(args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(stderr(&out).contains("--to 2026-10-08 早于 --from 2026-10-09"), "{}", stderr(&out));
        assert!(stdout(&out).is_empty());
    }
    let out = env.sup(&["export", "worker"]);
    assert_eq!((code(&out), stderr(&out).contains("需要 --id")), (2, true), "{}", stderr(&out));
    let out = env.sup(&["export", "worker", "--id", "11010519491231002Y"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--id 11010519491231002Y：") && !stderr(&out).contains("check character"),
        "{}",
        stderr(&out)
    );
    let out = env.sup(&["--lang", "en", "export", "worker"]);
    assert!(stderr(&out).contains("export worker needs --id ID"), "{}", stderr(&out));
}

/// A claim number is one worker's: re-importing it with another person's ID is a bad line
/// (dry run too), and the claim and its history stay with their worker.
#[test]
fn a_claim_reimported_under_another_id_is_a_bad_line_and_stays_its_workers() {
    let env = Env::seeded();
    let f = env.path("c.csv");
    std::fs::write(
        &f,
        format!("{CLAIMS}\nS001,11010519491231002X,赵芳,inpatient,2026-10-08,100,100,approved,\n"),
    )
    .unwrap();
    assert_ok(&env.sup(&["import", "claims", f.to_str().unwrap()]));
    std::fs::write(
        &f,
        format!(
            "{CLAIMS}\nS002,11010519491231002X,赵芳,inpatient,2026-10-09,50,,submitted,\n\
             S001,440524188001010014,李建国,inpatient,2026-10-08,100,100,approved,\n"
        ),
    )
    .unwrap();
    for args in [
        vec!["import", "claims", "--dry-run", f.to_str().unwrap()],
        vec!["import", "claims", f.to_str().unwrap()],
    ] {
        let out = env.sup(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("第 3 行") && err.contains("S001") && err.contains("110105********002X"),
            "{err}"
        );
        assert!(!err.contains("11010519491231002X"), "the ID masked: {err}");
    }
    assert_eq!(q(&env, "SELECT count(*) FROM claims"), "1", "nothing imported");
    assert_eq!(
        q(&env, "SELECT w.name FROM claims c JOIN workers w ON w.id = c.worker_id WHERE c.claim_no = 'S001'"),
        "赵芳"
    );
}

/// helper-14: `hz2026000001` and the full-width `ＨＺ２０２６０００００１` imported as claims of
/// their own beside HZ2026000001.
#[test]
fn a_claim_number_in_another_case_or_full_width_is_the_same_claim() {
    let env = Env::seeded();
    let f = env.path("c.csv");
    std::fs::write(
        &f,
        format!("{CLAIMS}\nHZ2026000001,11010519491231002X,赵芳,inpatient,2026-10-08,100,100,approved,\n"),
    )
    .unwrap();
    assert_ok(&env.sup(&["import", "claims", f.to_str().unwrap()]));
    for no in [
        "hz2026000001",
        "ＨＺ２０２６０００００１",
        "HZ\u{200b}2026000001",
        "HZ 2026000001",
        "HZ-2026000001",
        "НZ2026000001",
    ] {
        std::fs::write(
            &f,
            format!("{CLAIMS}\n{no},440524188001010014,李建国,inpatient,2026-10-08,100,100,approved,\n"),
        )
        .unwrap();
        let out = env.sup(&["import", "claims", f.to_str().unwrap()]);
        assert_eq!(code(&out), 1, "{no}: {}", stderr(&out));
    }
    assert_eq!(q(&env, "SELECT count(*) FROM claims"), "1");
}

/// #24: 100,000 claims of 999,999,999,999.99 each summed to a negative paid figure. An amount
/// past its kind's `max_amount_fen` is a bad line (claimed, approved or paid), and nothing is
/// imported; the config refuses a ceiling past 100,000,000 元.
#[test]
fn an_amount_past_its_kinds_ceiling_is_a_bad_line() {
    let env = Env::seeded();
    let f = env.path("c.csv");
    std::fs::write(
        &f,
        format!(
            "{CLAIMS}\nM001,11010519491231002X,赵芳,inpatient,2026-10-08,200000,,submitted,\n\
             M002,11010519491231002X,赵芳,inpatient,2026-10-08,999999999999.99,999999999999.99,approved,\n\
             M003,11010519491231002X,赵芳,recuperation_refund,2026-10-08,100,20000.01,approved,\n"
        ),
    )
    .unwrap();
    let out = env.sup(&["import", "claims", f.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("第 3 行") && err.contains("amount_claimed") && err.contains("amount_approved"),
        "{err}"
    );
    assert!(err.contains("住院医疗互助每件上限 200,000.00 元"), "{err}");
    assert!(err.contains("第 4 行") && err.contains("20,000.01") && err.contains("20,000.00"), "{err}");
    assert!(!err.contains("第 2 行"), "200,000.00 is inpatient's ceiling itself: {err}");
    assert_eq!(q(&env, "SELECT count(*) FROM claims"), "0", "nothing imported");

    let cfg = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/frontdesk.toml")).unwrap();
    let raised = cfg.replacen("max_amount_fen = 20000000", "max_amount_fen = 99999999999999", 1);
    assert_ne!(raised, cfg);
    std::fs::write(env.path("raised.toml"), raised).unwrap();
    let out = env.sup(&["--config", env.path("raised.toml").to_str().unwrap(), "check"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("max_amount_fen"), "{}", stderr(&out));
}

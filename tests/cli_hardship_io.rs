//! `import hardship`, `export hardship`, the files in `export worker --id` and their purge,
//! through the real binary on temp databases.

mod common;
use common::*;

const HEAD: &str = "file_no,id_number,state,category,causes,filed_on,valid_until,exited_on,exit_reason,\
member_seq,member_name,relation,member_id_number,health,work,income,\
verified_on,verify_reference,verify_result,verify_per_head";

/// Two files: a filed household of three (codes and Chinese names mixed, a child without ID)
/// and an exited one of one.
fn good() -> String {
    format!(
        "{HEAD}\r\n\
         KN202600001,330281198001010019,filed,deep,\"illness,study\",2026-03-01,2027-02-28,,,1,王建国,self,,大病,无劳动能力,800,2026-02-20,浙核2026-0012,eligible,400\r\n\
         KN202600001,330281198001010019,在档,深度困难,\"illness,study\",2026-03-01,2027-02-28,,,2,李秀英,配偶,330281198202020010,healthy,employed,\"1,200.50\",,,,\r\n\
         KN202600001,330281198001010019,,,,,,,,3,王小明,子女,,健康,在学,0,,,,\r\n\
         KN202500007,330281198001010035,已退出,相对困难,因失业,2025-01-10,2026-01-09,2025-11-30,employed,1,张三,本人,330281198001010035,健康,在职,3000,2024-12-20,R-77,符合,1500\r\n"
    )
}

fn q(env: &Env, sql: &str) -> String {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            rusqlite::types::Value::Null => "NULL".into(),
            other => format!("{other:?}"),
        })
        .unwrap()
}

fn import(env: &Env, name: &str, bytes: &[u8], extra: &[&str]) -> std::process::Output {
    let f = env.path(name);
    std::fs::write(&f, bytes).unwrap();
    let mut args = vec!["import", "hardship", f.to_str().unwrap()];
    args.extend_from_slice(extra);
    env.sup(&args)
}

/// The files as stored, in a form two databases can be compared by (no ids, no stamps).
fn files_of(env: &Env) -> Vec<String> {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    let mut st = c
        .prepare(
            "SELECT f.file_no || '|' || w.id_number || '|' || w.name || '|' || f.state || '|' || coalesce(f.category, '')
                    || '|' || f.causes || '|' || coalesce(f.filed_on, '') || '|' || coalesce(f.valid_until, '')
                    || '|' || coalesce(f.exited_on, '') || '|' || coalesce(f.exit_reason, '') || '|' || f.members
                    || '|' || f.income_fen || '|' || f.per_head_fen || '|' || f.source || '|'
                    || coalesce((SELECT group_concat(m.seq || ':' || m.name || ':' || m.relation || ':'
                                                     || coalesce(m.id_number, '') || ':' || m.health || ':' || m.work
                                                     || ':' || m.income_fen, ';')
                                 FROM hardship_members m WHERE m.file_id = f.id AND m.review_id IS f.current_review), '')
                    || '|' || coalesce((SELECT v.dated_on || ':' || v.reference || ':' || v.result || ':'
                                               || coalesce(v.per_head_fen, '')
                                        FROM hardship_verifications v WHERE v.file_id = f.id
                                        ORDER BY v.dated_on DESC, v.id DESC LIMIT 1), '')
             FROM hardship_files f JOIN workers w ON w.id = f.worker_id ORDER BY f.file_no",
        )
        .unwrap();
    st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn import_with_two_bad_lines_names_both_and_imports_nothing() {
    let env = Env::seeded();
    let text = good()
        .replace(",2,李秀英,配偶,330281198202020010,healthy,", ",2,李秀英,配偶,3.30281E+17,healthy,")
        .replace("健康,在职,3000", "很好,在职,3000");
    let out = import(&env, "h.csv", text.as_bytes(), &[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("第 3 行：") && err.contains("文本"), "the mangled ID, line 3: {err}");
    assert!(err.contains("第 5 行：") && err.contains("很好"), "the bad health, line 5: {err}");
    assert!(!err.contains("第 2 行") && !err.contains("第 4 行"), "{err}");
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_files"), "0");
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_members"), "0");
    assert_eq!(q(&env, "SELECT count(*) FROM workers"), "0");
}

#[test]
fn rows_of_a_file_out_of_order_or_disagreeing_are_named() {
    let env = Env::seeded();
    let text = good().replace(",,,,,,,,3,王小明,", ",,相对困难,,,,,,3,王小明,").replace(
        "在档,深度困难,\"illness,study\",2026-03-01,2027-02-28,,,2,",
        "在档,深度困难,\"illness,study\",2026-03-01,2027-02-28,,,4,",
    );
    let out = import(&env, "h.csv", text.as_bytes(), &["--lang", "en"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("line 3:") && err.contains("member_seq"), "{err}");
    assert!(err.contains("line 4:") && err.contains("category"), "{err}");
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_files"), "0");
}

#[test]
fn a_gb18030_file_imports_with_its_household_and_verification() {
    let env = Env::seeded();
    let text = good();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let out = import(&env, "gb.csv", &bytes, &[]);
    assert_ok(&out);
    assert_eq!(
        files_of(&env),
        [
            "KN202500007|330281198001010035|张三|exited|relative|unemployment|2025-01-10|2026-01-09|2025-11-30|employed|1|300000|300000|import|1:张三:self:330281198001010035:healthy:employed:300000|2024-12-20:R-77:eligible:150000",
            "KN202600001|330281198001010019|王建国|filed|deep|illness,study|2026-03-01|2027-02-28|||3|200050|66683|import|1:王建国:self:330281198001010019:grave:unable:80000;2:李秀英:spouse:330281198202020010:healthy:employed:120050;3:王小明:child::healthy:student:0|2026-02-20:浙核2026-0012:eligible:40000",
        ]
    );
    assert_eq!(
        q(&env, "SELECT group_concat(action || '/' || source) FROM hardship_events"),
        "import/import,import/import"
    );
    assert!(q(&env, "SELECT group_concat(action) FROM audit_log").contains("import"));
}

#[test]
fn a_dry_run_stores_nothing() {
    let env = Env::seeded();
    let out = import(&env, "h.csv", good().as_bytes(), &["--dry-run"]);
    assert_ok(&out);
    assert!(stdout(&out).contains('4'), "{}", stdout(&out));
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_files"), "0");
    assert_eq!(q(&env, "SELECT count(*) FROM workers"), "0");
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_events"), "0");
}

#[test]
fn a_reimport_updates_the_file_by_number_and_records_an_import_event() {
    let env = Env::seeded();
    assert_ok(&import(&env, "h.csv", good().as_bytes(), &[]));
    // The household of three is now two (the child left), the file exited; a new verification.
    let text = format!(
        "{HEAD}\n\
         KN202600001,330281198001010019,exited,deep,illness,2026-03-01,2027-02-28,2026-11-30,income,1,王建国,self,,grave,unable,900,2026-11-20,浙核2026-0999,ineligible,1800\n\
         KN202600001,330281198001010019,exited,deep,illness,2026-03-01,2027-02-28,2026-11-30,income,2,李秀英,spouse,330281198202020010,healthy,employed,2700,,,,\n"
    );
    assert_ok(&import(&env, "h2.csv", text.as_bytes(), &[]));
    assert_eq!(
        q(
            &env,
            "SELECT state || '|' || exit_reason || '|' || members || '|' || income_fen || '|' || causes FROM hardship_files WHERE file_no = 'KN202600001'"
        ),
        "exited|income|2|360000|illness"
    );
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_files"), "2", "updated, not added");
    assert_eq!(
        q(
            &env,
            "SELECT count(*) FROM hardship_members WHERE file_id = (SELECT id FROM hardship_files WHERE file_no = 'KN202600001')"
        ),
        "2"
    );
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_verifications"), "3");
    assert_eq!(
        q(
            &env,
            "SELECT action || '|' || source || '|' || state FROM hardship_events ORDER BY id DESC LIMIT 1"
        ),
        "import|import|exited"
    );
    assert_eq!(
        q(
            &env,
            "SELECT count(*) FROM hardship_events WHERE file_id = (SELECT id FROM hardship_files WHERE file_no = 'KN202600001')"
        ),
        "2"
    );
    // A file number that is another worker's is a bad line, never a file moved.
    let other = format!(
        "{HEAD}\nKN202500007,330281198001010019,exited,deep,illness,2026-03-01,,2026-11-30,income,1,王建国,self,,grave,unable,900,,,,\n"
    );
    let out = import(&env, "h3.csv", other.as_bytes(), &[]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("第 2 行"), "{}", stderr(&out));
}

#[test]
fn export_is_masked_by_default_and_unmasked_is_audited() {
    let env = Env::seeded();
    assert_ok(&import(&env, "h.csv", good().as_bytes(), &[]));
    let out = env.sup(&["export", "hardship"]);
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.starts_with('\u{feff}'), "BOM");
    assert!(text.contains(HEAD), "the import's columns: {text}");
    for whole in
        ["330281198001010019", "330281198202020010", "王建国", "李秀英", "浙核2026-0012", "1200.50", "grave"]
    {
        assert!(!text.contains(whole), "{whole} in a masked export: {text}");
    }
    assert!(text.contains("330281********0019") && text.contains("王*国"), "{text}");
    assert_eq!(text.lines().count(), 5, "a header and a row per member: {text}");
    let unmasked = env.sup(&["export", "hardship", "--unmasked"]);
    assert_ok(&unmasked);
    assert!(stdout(&unmasked).contains("330281198202020010"));
    assert_eq!(
        q(&env, "SELECT group_concat(detail, ' / ') FROM audit_log WHERE action = 'export'"),
        "hardship unmasked=false / hardship unmasked=true"
    );
}

#[test]
fn an_unmasked_export_imported_into_a_fresh_database_gives_the_same_files() {
    let env = Env::seeded();
    assert_ok(&import(&env, "h.csv", good().as_bytes(), &[]));
    let out = env.path("out.csv");
    assert_ok(&env.sup(&["export", "hardship", "--unmasked", "--out", out.to_str().unwrap()]));
    let fresh = Env::seeded();
    let bytes = std::fs::read(&out).unwrap();
    assert_ok(&import(&fresh, "in.csv", &bytes, &[]));
    assert_eq!(files_of(&fresh), files_of(&env));
    assert_eq!(files_of(&fresh).len(), 2);
}

#[test]
fn export_worker_carries_the_hardship_file() {
    let env = Env::seeded();
    assert_ok(&import(&env, "h.csv", good().as_bytes(), &[]));
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute_batch(
        "INSERT INTO hardship_visits (file_id, visited_on, place, found, entered_at)
           SELECT id, '2026-11-04', '家中', '屋顶漏雨', 'x' FROM hardship_files WHERE file_no = 'KN202600001';",
    )
    .unwrap();
    let out = env.sup(&["export", "worker", "--id", "330281198001010019"]);
    assert_ok(&out);
    let text = stdout(&out);
    for section in [
        "# hardship_files",
        "# hardship_members",
        "# hardship_verifications",
        "# hardship_reviews",
        "# hardship_visits",
        "# hardship_events",
    ] {
        assert!(text.contains(section), "{section}: {text}");
    }
    for held in ["KN202600001", "李秀英", "330281198202020010", "浙核2026-0012", "屋顶漏雨", "illness,study"]
    {
        assert!(text.contains(held), "{held}: {text}");
    }
    assert!(!text.contains("KN202500007"), "another worker's file: {text}");
}

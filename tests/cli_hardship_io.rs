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
        "apply/import,approve/import,import/import,apply/import,approve/import,exit/import,import/import",
        "each file's past on its days, then the one import event"
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
            "SELECT group_concat(action) FROM hardship_events WHERE file_id = (SELECT id FROM hardship_files WHERE file_no = 'KN202600001')"
        ),
        "apply,approve,import,exit,import",
        "the re-import that exits the file adds the exit on its day"
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

/// Two files: one exited in 2019 (long past `hardship.exited_years`, 5) with its household,
/// verification, review, visit and reasons; one filed now.
const PURGE_FIXTURE: &str = "
INSERT INTO workers (id, id_number, name, created_at, updated_at) VALUES
  (9901, '330281198001010019', '困一', 'x', 'x'), (9902, '330281198001010035', '困二', 'x', 'x');
INSERT INTO hardship_files (id, file_no, worker_id, state, category, causes, members, income_fen, per_head_fen,
                            applied_on, filed_on, valid_until, exited_on, exit_reason, exit_note, category_reason,
                            created_at, updated_at) VALUES
  (1, 'KN201800001', 9901, 'exited', 'deep', 'illness,study', 2, 90000, 45000, '2018-06-20', '2018-07-01',
   '2019-06-30', '2019-05-20', 'died', '户主于医院病故，电话13800001111', '户主大病', 'x', 'x'),
  (2, 'KN202600002', 9902, 'filed', 'relative', 'unemployment', 1, 100000, 100000, '2026-11-01', '2026-11-03',
   '2027-11-02', NULL, NULL, NULL, NULL, 'x', 'x');
INSERT INTO hardship_members (file_id, seq, name, relation, id_number, health, work, income_fen) VALUES
  (1, 1, '困一', 'self', '330281198001010019', 'grave', 'unable', 0),
  (1, 2, '李秀英', 'spouse', '330281198202020010', 'chronic', 'employed', 90000),
  (2, 1, '困二', 'self', '330281198001010035', 'healthy', 'unemployed', 100000);
INSERT INTO hardship_verifications (file_id, dated_on, reference, result, per_head_fen, entered_at) VALUES
  (1, '2018-06-25', '浙核2018-0042', 'eligible', 45000, 'x'),
  (2, '2026-10-30', '浙核2026-0100', 'eligible', 100000, 'x');
INSERT INTO hardship_reviews (file_id, state, result, exit_reason, income_fen, per_head_fen, note, entered_at,
                              entered_on, approved_on) VALUES
  (1, 'returned', 'continue', NULL, 90000, 45000, '配偶李秀英已复工', 'x', '2019-04-01', NULL);
INSERT INTO hardship_visits (file_id, visited_on, place, found, needs, given, next_step, entered_at) VALUES
  (1, '2019-03-01', '某小区5幢', '户主卧床，配偶李秀英照料', '护理床', '慰问金500元', '联系医院', 'x'),
  (2, '2026-11-04', '家中', '见到本人', NULL, NULL, NULL, 'x');
INSERT INTO hardship_events (file_id, at, day, action, state, valid_until, detail) VALUES
  (1, 'x', '2018-07-01', 'approve', 'filed', '2019-06-30', NULL),
  (1, 'x', '2019-04-01', 'review_return', 'filed', '2019-06-30', 'review=1 配偶李秀英已复工'),
  (1, 'x', '2019-05-20', 'exit', 'exited', '2019-06-30', '户主于医院病故'),
  (2, 'x', '2026-11-03', 'approve', 'filed', '2027-11-02', NULL);
";

#[test]
fn purge_clears_long_exited_files_personal_data_and_keeps_the_figures() {
    let env = Env::seeded();
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute_batch(PURGE_FIXTURE).unwrap();
    let figures = |env: &Env| {
        let out =
            env.sup(&["report", "daily", "--from", "2018-01-01", "--to", "2019-12-31", "--format", "json"]);
        assert_ok(&out);
        let j: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        j["hardship"].clone()
    };
    let before = figures(&env);
    assert_eq!((before["filed"].as_i64(), before["visits"].as_i64()), (Some(1), Some(1)), "{before}");
    assert_eq!(before["exited"]["by_reason"]["died"], 1, "{before}");
    let kept = |env: &Env| {
        q(
            env,
            "SELECT group_concat(file_no || state || category || causes || members || filed_on || exited_on
                                    || exit_reason, ' ') FROM hardship_files",
        )
    };
    let kept_before = kept(&env);
    let dry = env.sup(&["purge", "--dry-run"]);
    assert_ok(&dry);
    assert!(stdout(&dry).contains("困难档案 1 份的个人信息"), "{}", stdout(&dry));
    assert_eq!(
        q(&env, "SELECT count(*) FROM hardship_members WHERE file_id = 1"),
        "2",
        "a dry run clears nothing"
    );
    assert_ok(&env.sup(&["purge", "--yes"]));
    assert_eq!(figures(&env), before, "the figures of the past period are the same");
    assert_eq!(kept(&env), kept_before);
    // The exited file's personal data is gone …
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_members WHERE file_id = 1"), "0");
    assert_eq!(
        q(
            &env,
            "SELECT income_fen || '|' || per_head_fen || '|' || coalesce(exit_note, '-') || '|' || coalesce(category_reason, '-') || '|' || (purged_at IS NOT NULL) FROM hardship_files WHERE id = 1"
        ),
        "0|0|-|-|1"
    );
    assert_eq!(
        q(
            &env,
            "SELECT reference || '|' || coalesce(per_head_fen, '-') FROM hardship_verifications WHERE file_id = 1"
        ),
        "|-"
    );
    assert_eq!(
        q(&env, "SELECT coalesce(note, '-') || '|' || income_fen FROM hardship_reviews WHERE file_id = 1"),
        "-|0"
    );
    assert_eq!(
        q(
            &env,
            "SELECT visited_on || '|' || place || '|' || found || '|' || coalesce(needs, '-') || coalesce(given, '-') || coalesce(next_step, '-') FROM hardship_visits WHERE file_id = 1"
        ),
        "2019-03-01||已清除|---"
    );
    let dump =
        q(&env, "SELECT group_concat(coalesce(detail, ''), ' ') FROM hardship_events WHERE file_id = 1");
    assert!(!dump.contains("李秀英") && !dump.contains("病故"), "{dump}");
    // … the current one keeps everything, and the purge is audited with its count.
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_members WHERE file_id = 2"), "1");
    assert_eq!(q(&env, "SELECT found FROM hardship_visits WHERE file_id = 2"), "见到本人");
    let audit = q(&env, "SELECT detail FROM audit_log WHERE action = 'purge' ORDER BY id DESC LIMIT 1");
    assert!(audit.contains("hardship=1") && audit.contains("dry_run=false"), "{audit}");
}

/// A file's first row refused names that line only: its later rows are not told again.
#[test]
fn a_refused_first_row_is_named_alone() {
    let env = Env::seeded();
    let text = good().replace(",1,王建国,self,,大病,", ",1,王建国,self,,病重,");
    let out = import(&env, "h.csv", text.as_bytes(), &[]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("第 2 行：") && err.contains("病重"), "{err}");
    assert!(!err.contains("第 3 行") && !err.contains("第 4 行"), "{err}");
}

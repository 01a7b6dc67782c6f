//! `import walkins` and `export walkins` through the real binary.

mod common;
use common::*;

const HEADER: &str = "arrived_at,category,name,id_number,phone,work_unit,note,status\n";

fn count(env: &Env, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn an_import_with_bad_lines_imports_nothing_and_names_each_line() {
    let env = Env::seeded();
    let file = env.path("v.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}2026-10-08 09:05,medical_aid,王一,11010519491231002X,,,,done\n\
             2026-10-08 09:20,职工疗养,李二,1.10105E+17,,,,no_show\n\
             2026-10-08 25:00,medical_aid,张三,,,,,done\n\
             2026-10-08 09:40,nonsense,赵四,,,,,done\n"
        ),
    )
    .unwrap();
    let out = env.sup(&["import", "walkins", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("第 3 行") && err.contains("设为文本"), "{err}");
    assert!(err.contains("第 4 行") && err.contains("第 5 行"), "{err}");
    assert!(!err.contains("第 2 行"), "{err}");
    assert!(err.contains("3 行有误"), "{err}");
    assert_eq!(count(&env, "SELECT count(*) FROM visits"), 0);
    assert_eq!(count(&env, "SELECT count(*) FROM workers"), 0);
}

#[test]
fn a_gb18030_file_imports_and_exports_masked() {
    let env = Env::seeded();
    let file = env.path("gb.csv");
    let text = format!(
        "{HEADER}2026-10-08 09:05,医疗互助,王建国,11010519491231002X,13812345678,\"某某公司, 一分厂\",带了出院小结,done\r\n\
         2026/10/8 9:20,recuperation,李二,,,,,no_show\r\n"
    );
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(&file, &bytes).unwrap();
    let dry = env.sup(&["import", "walkins", file.to_str().unwrap(), "--dry-run"]);
    assert_ok(&dry);
    assert_eq!(count(&env, "SELECT count(*) FROM visits"), 0, "--dry-run writes nothing");
    assert_ok(&env.sup(&["import", "walkins", file.to_str().unwrap()]));
    assert_eq!(count(&env, "SELECT count(*) FROM visits WHERE imported = 1 AND ticket IS NULL"), 2);
    assert_eq!(count(&env, "SELECT count(*) FROM visit_events WHERE kind = 'import'"), 2);
    let out = env.sup(&["export", "walkins"]);
    assert_ok(&out);
    let csv = stdout(&out);
    assert!(csv.starts_with('\u{feff}'), "UTF-8 with BOM");
    assert!(
        csv.contains("110105********002X") && csv.contains("138****5678") && csv.contains("王*国"),
        "{csv}"
    );
    assert!(!csv.contains("11010519491231002X") && !csv.contains("13812345678"));
    assert!(csv.contains("\"某某公司, 一分厂\""), "{csv}");
    let full =
        stdout(&env.sup(&["export", "walkins", "--unmasked", "--from", "2026-10-08", "--to", "2026-10-08"]));
    assert!(full.contains("11010519491231002X"));
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE '%unmasked=true%'"
        ),
        1
    );
    // A clerk may neither import nor export.
    assert_eq!(code(&env.run(&["export", "walkins"], Some(("8002", CLERK_PIN)), "")), 1);
}

#[test]
fn a_wrong_header_is_line_1_and_a_bad_date_option_is_a_usage_error() {
    let env = Env::seeded();
    let file = env.path("h.csv");
    std::fs::write(&file, "when,what\n2026-10-08 09:05,medical_aid\n").unwrap();
    let out = env.sup(&["import", "walkins", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("第 1 行"), "{}", stderr(&out));
    assert_eq!(code(&env.sup(&["export", "walkins", "--from", "2026-02-30"])), 2);
}

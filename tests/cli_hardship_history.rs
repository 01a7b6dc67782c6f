//! `import hardship` gives the files it brings their history (events on their own days), so
//! the summary counts them in past periods; and what an import refuses of dates, and what it
//! and `export hardship` / `export worker` carry. Through the real binary on temp databases.

mod common;
use common::*;

const HEAD: &str = "file_no,id_number,state,category,causes,filed_on,valid_until,exited_on,exit_reason,\
member_seq,member_name,relation,member_id_number,health,work,income,\
verified_on,verify_reference,verify_result,verify_per_head,applied_on";

fn import(env: &Env, name: &str, text: &str) -> std::process::Output {
    let f = env.path(name);
    std::fs::write(&f, text).unwrap();
    env.sup(&["import", "hardship", f.to_str().unwrap()])
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

fn figures(out: std::process::Output) -> serde_json::Value {
    assert_ok(&out);
    let j: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    j["hardship"].clone()
}

/// What a past period's figures say that an export carries: households in file at its end (by
/// category and cause), filed, exited (by reason), lapsed. Reviews and visits are not exported.
fn carried(h: &serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "in_file": h["in_file"],
        "filed": h["filed"],
        "exited": h["exited"],
        "lapsed": h["lapsed"],
    })
}

#[test]
fn a_file_filed_in_2018_and_exited_in_2019_counts_in_those_years() {
    let env = Env::seeded();
    let text = format!(
        "{HEAD}\n\
         KN201800001,330281198001010019,exited,deep,illness,2018-03-01,2019-02-28,2019-02-01,died,1,王建国,self,,grave,unable,0,2018-02-20,R-1,eligible,0,2018-02-10\n\
         KN201800002,330281198001010035,filed,relative,unemployment,2018-05-01,2019-04-30,,,1,张三,self,,healthy,unemployed,500,2018-04-20,R-2,eligible,500,2018-04-11\n\
         KN201800003,330281198202020010,rejected,,other,,,,,1,李四,self,,healthy,employed,9000,2018-06-20,R-3,ineligible,9000,2018-06-11\n"
    );
    assert_ok(&import(&env, "h.csv", &text));
    let y2018 = figures(env.sup(&["report", "daily", "--year", "2018", "--format", "json"]));
    assert_eq!(y2018["filed"], 2, "{y2018}");
    assert_eq!(y2018["in_file"]["total"], 2, "{y2018}");
    assert_eq!(y2018["in_file"]["by_category"]["deep"], 1, "{y2018}");
    assert_eq!(y2018["in_file"]["by_cause"]["unemployment"], 1, "{y2018}");
    assert_eq!(y2018["exited"]["total"], 0, "{y2018}");
    let y2019 = figures(env.sup(&["report", "daily", "--year", "2019", "--format", "json"]));
    assert_eq!(y2019["filed"], 0, "{y2019}");
    assert_eq!(y2019["exited"]["total"], 1, "{y2019}");
    assert_eq!(y2019["exited"]["by_reason"]["died"], 1, "{y2019}");
    assert_eq!(y2019["lapsed"], 1, "the relative file lapsed on 2019-05-01: {y2019}");
    assert_eq!(y2019["in_file"]["total"], 0, "{y2019}");
    // The history is the import's: dated on the file's days, source import; one import event.
    assert_eq!(
        q(
            &env,
            "SELECT group_concat(day || ' ' || action || ' ' || state || ' ' || coalesce(valid_until, '-') || ' ' || source, ' / ')
             FROM (SELECT * FROM hardship_events WHERE file_id = (SELECT id FROM hardship_files WHERE file_no = 'KN201800001')
                   ORDER BY id)"
        )
        .replace(&today(), "TODAY"),
        "2018-02-10 apply applied - import / 2018-03-01 approve filed 2019-02-28 import / \
         2019-02-01 exit exited 2019-02-28 import / TODAY import exited 2019-02-28 import"
    );
    assert_eq!(
        q(
            &env,
            "SELECT group_concat(day || ' ' || action || ' ' || state, ' / ')
             FROM (SELECT * FROM hardship_events WHERE file_id = (SELECT id FROM hardship_files WHERE file_no = 'KN201800003')
                   ORDER BY id)"
        )
        .replace(&today(), "TODAY"),
        "2018-06-11 apply applied / 2018-06-20 reject rejected / TODAY import rejected"
    );
    assert_eq!(q(&env, "SELECT count(*) FROM audit_log WHERE action = 'hardship_import'"), "3");
}

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

#[test]
fn a_reimport_that_changes_the_state_adds_the_step_on_its_day() {
    let env = Env::seeded();
    let applied = format!(
        "{HEAD}\nKN202600001,330281198001010019,applied,,illness,,,,,1,王建国,self,,grave,unable,0,,,,,2026-01-05\n"
    );
    assert_ok(&import(&env, "a.csv", &applied));
    let filed = format!(
        "{HEAD}\nKN202600001,330281198001010019,filed,deep,illness,2026-02-01,2027-01-31,,,1,王建国,self,,grave,unable,0,,,,,2026-01-05\n"
    );
    assert_ok(&import(&env, "b.csv", &filed));
    assert_ok(&import(&env, "c.csv", &filed));
    assert_eq!(
        q(&env, "SELECT group_concat(day || ' ' || action, ' / ') FROM (SELECT * FROM hardship_events ORDER BY id)")
            .replace(&today(), "TODAY"),
        "2026-01-05 apply / TODAY import / 2026-02-01 approve / TODAY import / TODAY import",
        "the unchanged re-import is one import event"
    );
    let feb = figures(env.sup(&["report", "daily", "--month", "2026-02", "--format", "json"]));
    assert_eq!((feb["filed"].as_i64(), feb["in_file"]["total"].as_i64()), (Some(1), Some(1)), "{feb}");
}

/// The small demo exported unmasked and imported into an empty database reads, for each of the
/// twelve months before this one, as the demo does (but for reviews and visits, not exported).
#[test]
fn the_demo_exported_and_imported_gives_the_past_years_monthly_figures() {
    let (dir, demo) = demo_in_tempdir();
    let out = dir.path().join("h.csv");
    assert_ok(&sup_on(
        &demo,
        dir.path(),
        &["export", "hardship", "--unmasked", "--out", out.to_str().unwrap()],
    ));
    let env = Env::seeded();
    let o = env.sup(&["import", "hardship", out.to_str().unwrap()]);
    assert_ok(&o);
    // Last month, and the eleven before it.
    let today = chrono::Utc::now().date_naive();
    let mut first = chrono::NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    let mut filed = 0;
    for _ in 0..12 {
        first = first.pred_opt().unwrap().with_day(1).unwrap();
        let month = first.format("%Y-%m").to_string();
        let args = ["report", "daily", "--month", month.as_str(), "--format", "json"];
        let want = carried(&figures(sup_on(&demo, dir.path(), &args)));
        let got = carried(&figures(env.sup(&args)));
        assert_eq!(got, want, "{month}");
        assert!(want["in_file"]["total"].as_i64().unwrap_or(0) > 0, "{month}: {want}");
        filed += want["filed"].as_i64().unwrap_or(0);
    }
    assert!(filed > 0, "the demo files some in the year");
}

use chrono::Datelike;

#[test]
fn future_dates_are_refused_each_line_named() {
    let env = Env::seeded();
    let text = format!(
        "{HEAD}\n\
         KN202600001,330281198001010019,filed,deep,illness,2099-01-01,2100-01-01,,,1,王建国,self,,grave,unable,0,,,,,\n\
         KN202600002,330281198001010035,applied,,illness,,,,,1,张三,self,,grave,unable,0,2099-01-01,R,eligible,0,2099-01-01\n\
         KN202600003,330281198202020010,exited,deep,illness,2026-01-01,2026-12-31,2099-01-01,died,1,李四,self,,grave,unable,0,,,,,\n\
         KN202600004,330281198001010051,filed,deep,illness,2026-03-01,2026-02-01,,,1,赵五,self,,grave,unable,0,,,,,\n\
         KN202600005,330281198001010078,filed,deep,illness,2026-03-01,2099-02-28,,,1,钱六,self,,grave,unable,0,,,,,\n"
    );
    let out = import(&env, "h.csv", &text);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let err = stderr(&out);
    for line in ["第 2 行：", "第 3 行：", "第 4 行：", "第 5 行："] {
        assert!(err.contains(line), "{line}: {err}");
    }
    assert!(err.contains("filed_on") && err.contains("applied_on") && err.contains("verified_on"), "{err}");
    assert!(err.contains("exited_on") && err.contains("valid_until"), "{err}");
    assert!(!err.contains("第 6 行"), "a valid-until far ahead is normal: {err}");
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_files"), "0");
}

const GOOD: &str = "KN202600001,330281198001010019,filed,deep,illness,2026-03-01,2027-02-28,,,1,王建国,self,,disabled,unable,800,2026-02-20,R-1,eligible,400,2026-02-10,2\n\
KN202600001,330281198001010019,,,,,,,,2,王小明,child,,healthy,student,,,,,,,\n\
KN202500007,330281198001010035,exited,relative,unemployment,2025-01-10,2026-01-09,2025-11-30,employed,1,张三,self,,healthy,employed,3000,,,,,2025-01-02,\n";

#[test]
fn the_import_counts_files_and_an_empty_childs_income_is_none() {
    let env = Env::seeded();
    let text = format!("{HEAD},disability_grade\n{GOOD}");
    let f = env.path("h.csv");
    std::fs::write(&f, &text).unwrap();
    let dry = env.sup(&["import", "hardship", f.to_str().unwrap(), "--dry-run"]);
    assert_ok(&dry);
    assert!(stdout(&dry).contains("2 个档案（3 行）"), "{}", stdout(&dry));
    let out = import(&env, "h.csv", &text);
    assert_ok(&out);
    assert!(stdout(&out).contains("已导入 2 个档案（3 行）"), "{}", stdout(&out));
    assert_eq!(q(&env, "SELECT income_fen FROM hardship_members WHERE name = '王小明'"), "0");
    let en = env.sup(&["import", "hardship", f.to_str().unwrap(), "--lang", "en"]);
    assert!(stdout(&en).contains("imported 2 files (3 rows)"), "{}", stdout(&en));
}

#[test]
fn a_bad_disability_grade_is_told_once() {
    let env = Env::seeded();
    let text = format!("{HEAD},disability_grade\n{}", GOOD.replacen(",2026-02-10,2\n", ",2026-02-10,7\n", 1));
    let out = import(&env, "h.csv", &text);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert_eq!(err.matches("disability_grade").count(), 1, "{err}");
}

#[test]
fn reasons_and_notes_go_out_unmasked_only_and_come_back() {
    let env = Env::seeded();
    let head = format!("{HEAD},disability_grade,exit_note,reject_reason,category_reason");
    let text = format!(
        "{head}\n\
         KN202600001,330281198001010019,filed,deep,illness,2026-03-01,2027-02-28,,,1,王建国,self,,grave,unable,800,,,,,2026-02-10,,,,收入略高但大病\n\
         KN202500007,330281198001010035,exited,relative,unemployment,2025-01-10,2026-01-09,2025-11-30,moved,1,张三,self,,healthy,employed,3000,,,,,2025-01-02,,迁往外省，电话13800001111,,\n\
         KN202500008,330281198202020010,rejected,,other,,,,,1,李四,self,,healthy,employed,9000,,,,,2025-03-02,,,收入超过标准,\n"
    );
    assert_ok(&import(&env, "h.csv", &text));
    assert_eq!(
        q(
            &env,
            "SELECT group_concat(coalesce(exit_note, '-') || '|' || coalesce(reject_reason, '-') || '|' || coalesce(category_reason, '-'), ' / ') FROM (SELECT * FROM hardship_files ORDER BY file_no)"
        ),
        "迁往外省，电话13800001111|-|- / -|收入超过标准|- / -|-|收入略高但大病"
    );
    let masked = stdout(&env.sup(&["export", "hardship"]));
    assert!(masked.contains("exit_note,reject_reason,category_reason"), "{masked}");
    for private in ["迁往外省", "收入超过标准", "收入略高但大病"] {
        assert!(!masked.contains(private), "{private}: {masked}");
    }
    let out = env.path("out.csv");
    assert_ok(&env.sup(&["export", "hardship", "--unmasked", "--out", out.to_str().unwrap()]));
    let fresh = Env::seeded();
    assert_ok(&fresh.sup(&["import", "hardship", out.to_str().unwrap()]));
    let notes = "SELECT group_concat(file_no || coalesce(exit_note, '-') || coalesce(reject_reason, '-') || coalesce(category_reason, '-'), ' / ') FROM (SELECT * FROM hardship_files ORDER BY file_no)";
    assert_eq!(q(&fresh, notes), q(&env, notes));
}

#[test]
fn export_worker_names_who_entered_approved_and_did_each_step() {
    let env = Env::seeded();
    let text = format!(
        "{HEAD}\nKN202600001,330281198001010019,filed,deep,illness,2026-03-01,2027-02-28,,,1,王建国,self,,grave,unable,800,2026-02-20,R-1,eligible,400,2026-02-10\n"
    );
    assert_ok(&import(&env, "h.csv", &text));
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute_batch(
        "UPDATE hardship_files SET entered_by = (SELECT id FROM clerks WHERE login = '8002'),
                                   approved_by = (SELECT id FROM clerks WHERE login = '8001');
         INSERT INTO hardship_reviews (file_id, state, result, entered_by, entered_at, entered_on, approved_by, approved_on)
           SELECT id, 'approved', 'continue', (SELECT id FROM clerks WHERE login = '8002'), 'x', '2026-11-01',
                  (SELECT id FROM clerks WHERE login = '8001'), '2026-11-02' FROM hardship_files;
         UPDATE hardship_verifications SET entered_by = (SELECT id FROM clerks WHERE login = '8002');",
    )
    .unwrap();
    let out = env.sup(&["export", "worker", "--id", "330281198001010019"]);
    assert_ok(&out);
    let text = stdout(&out);
    let section = |title: &str| -> Vec<String> {
        let from = text.find(&format!("# {title}")).unwrap_or_else(|| panic!("{title}: {text}"));
        text[from..]
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with('#') && !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let files = section("hardship_files");
    assert!(files[0].contains("entered_by") && files[0].contains("approved_by"), "{files:?}");
    assert!(files[1].contains("8002") && files[1].contains("8001"), "{files:?}");
    let reviews = section("hardship_reviews");
    assert!(reviews[0].contains("entered_by") && reviews[0].contains("approved_by"), "{reviews:?}");
    assert!(reviews[1].contains("8002") && reviews[1].contains("8001"), "{reviews:?}");
    let verifications = section("hardship_verifications");
    assert!(
        verifications[0].contains("entered_by") && verifications[1].contains("8002"),
        "{verifications:?}"
    );
    let events = section("hardship_events");
    assert!(events[0].contains("clerk") && events[0].contains("source"), "{events:?}");
    assert!(events.iter().skip(1).all(|e| e.contains("8001") && e.contains("import")), "{events:?}");
}

/// An application waiting for a supervisor at the counter is the counter's to decide: an import
/// that names it is refused whole — filed, or even kept applied — in a dry run too, naming the
/// line and the file, and nothing of it changes. (An applied file that came by import may still
/// be filed by a later import: `a_reimport_that_changes_the_state_adds_the_step_on_its_day`.)
#[test]
fn an_application_waiting_at_the_counter_is_not_decided_by_an_import() {
    let env = Env::seeded();
    let applied = format!(
        "{HEAD}\nKN202600012,330281198001010019,applied,,illness,,,,,1,王建国,self,,grave,unable,0,,,,,2026-01-05\n"
    );
    assert_ok(&import(&env, "a.csv", &applied));
    // As the counter leaves an application: entered there by clerk 8002.
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute(
        "UPDATE hardship_files SET source = 'counter', entered_by = (SELECT id FROM clerks WHERE login = '8002')",
        [],
    )
    .unwrap();
    drop(c);
    let before = q(&env, "SELECT count(*) FROM hardship_events");
    let filed = format!(
        "{HEAD}\n\
         KN202600013,330281198001010035,filed,relative,unemployment,2026-02-01,2027-01-31,,,1,张三,self,,healthy,unemployed,500,,,,,2026-01-05\n\
         KN202600012,330281198001010019,filed,deep,illness,2026-02-01,2027-01-31,,,1,王建国,self,,grave,unable,0,,,,,2026-01-05\n"
    );
    let kept = filed.replace(
        "KN202600012,330281198001010019,filed,deep,illness,2026-02-01,2027-01-31",
        "KN202600012,330281198001010019,applied,,illness,,",
    );
    for (name, text, extra) in [("b.csv", &filed, "--dry-run"), ("b.csv", &filed, ""), ("c.csv", &kept, "")] {
        let f = env.path(name);
        std::fs::write(&f, text).unwrap();
        let mut args = vec!["import", "hardship", f.to_str().unwrap()];
        if !extra.is_empty() {
            args.push(extra);
        }
        let out = env.sup(&args);
        assert_eq!(code(&out), 1, "{name} {extra}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains("第 3 行") && err.contains("档案 KN202600012 待主管审批，不能由导入改变状态"),
            "{err}"
        );
        assert!(!err.contains("第 2 行"), "{err}");
    }
    assert_eq!(
        q(&env, "SELECT group_concat(file_no || ' ' || state || ' ' || source) FROM hardship_files"),
        "KN202600012 applied counter"
    );
    assert_eq!(q(&env, "SELECT count(*) FROM hardship_events"), before, "nothing of the file changed");
}

//! `report daily` carries 困难档案 in every format: the five files of
//! `fixtures/hardship_november.sql` written into a seeded database, November read by the real
//! binary as JSON (every code present), text, md, csv (the stacked file and each `--table`) and
//! xlsx (read back with calamine).

mod common;
use common::*;

fn env() -> Env {
    let env = Env::seeded();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(include_str!("fixtures/hardship_november.sql")).unwrap();
    env
}

fn report(env: &Env, args: &[&str]) -> String {
    let mut all = vec!["report", "daily", "--month", "2026-11"];
    all.extend_from_slice(args);
    let out = env.run(&all, Some(("8001", SUP_PIN)), "");
    assert_ok(&out);
    stdout(&out)
}

#[test]
fn json_has_the_hardship_object_with_every_code() {
    let env = env();
    let j: serde_json::Value = serde_json::from_str(&report(&env, &["--format", "json"])).unwrap();
    let h = &j["hardship"];
    // As of 30 November: 1 and 2 in file (2 reviewed after lapsing), 3 lapsed, 4 and 5 exited;
    // 2 and 3 not visited since they were filed a year before.
    assert_eq!(h["in_file"]["total"], 2);
    assert_eq!(h["in_file"]["by_category"], serde_json::json!({"deep": 0, "relative": 1, "sudden": 1}));
    assert_eq!(
        h["in_file"]["by_cause"],
        serde_json::json!({"illness": 1, "disability": 0, "study": 0, "disaster": 0, "unemployment": 1,
                           "accident": 1, "other": 0})
    );
    assert_eq!(
        (h["filed"].as_i64(), h["reviewed"].as_i64(), h["lapsed"].as_i64()),
        (Some(1), Some(1), Some(2))
    );
    assert_eq!(h["exited"]["total"], 2);
    assert_eq!(
        h["exited"]["by_reason"],
        serde_json::json!({"income": 1, "employed": 0, "recovered": 0, "own_request": 0, "died": 1,
                           "moved": 0, "other": 0})
    );
    assert_eq!((h["visits"].as_i64(), h["overdue_visits"].as_i64()), (Some(1), Some(2)));
    // Each day's row has its own: 3 lapsed on the 10th, 2 on the 15th.
    let days = j["days"].as_array().unwrap();
    let lapsed: Vec<(&str, i64)> = days
        .iter()
        .filter(|d| d["hardship"]["lapsed"].as_i64() != Some(0))
        .map(|d| (d["date"].as_str().unwrap(), d["hardship"]["lapsed"].as_i64().unwrap()))
        .collect();
    assert_eq!(lapsed, [("2026-11-10", 1), ("2026-11-15", 1)]);
}

#[test]
fn text_md_csv_and_xlsx_carry_the_section() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let env = env();
    let text = report(&env, &["--format", "text"]);
    assert!(text.contains("\n困难档案\n"), "{text}");
    for (label, n) in [("在档户数", 2), ("到期失效", 2), ("逾期未走访", 2), ("死亡", 1), ("意外致困", 1)]
    {
        assert!(
            text.lines().any(|l| l.starts_with(label) && l.trim_end().ends_with(&format!(" {n}"))),
            "{label}: {text}"
        );
    }
    let md = report(&env, &["--format", "md"]);
    assert!(
        md.contains("## 困难档案") && md.contains("| 解困退出 | 2 |") && md.contains("| 收入超过标准 | 1 |"),
        "{md}"
    );
    let csv = report(&env, &["--format", "csv"]);
    assert!(
        csv.contains("\n在档按致困原因\n") && csv.contains("\n因失业,1\n") && csv.contains("\n走访次数,1\n"),
        "{csv}"
    );
    // One table for a program: rows lead with their code.
    let one = |t: &str| report(&env, &["--format", "csv", "--table", t]);
    assert_eq!(
        one("hardship_categories"),
        "code,类别,数量\ndeep,深度困难,0\nrelative,相对困难,1\nsudden,意外致困,1\n"
    );
    assert!(one("hardship_exits").contains("\nown_request,本人申请,0\n"));
    assert!(one("hardship_causes").starts_with("code,致困原因,数量\nillness,因病,1\n"));
    assert!(one("hardship").contains("\n新建档,1\n年审续档,1\n"), "{}", one("hardship"));
    let xlsx = env.path("h.xlsx");
    assert_ok(&env.run(
        &["report", "daily", "--month", "2026-11", "--format", "xlsx", "--out", xlsx.to_str().unwrap()],
        Some(("8001", SUP_PIN)),
        "",
    ));
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let find = |range: &calamine::Range<Data>, label: &str| {
        range.rows().find(|r| r.first() == Some(&Data::String(label.into()))).map(|r| r[1].clone())
    };
    let sheet = book.worksheet_range("困难档案").unwrap();
    assert_eq!(find(&sheet, "在档户数"), Some(Data::Float(2.0)));
    assert_eq!(find(&sheet, "逾期未走访"), Some(Data::Float(2.0)));
    let exits = book.worksheet_range("退出按原因").unwrap();
    assert_eq!(find(&exits, "死亡"), Some(Data::Float(1.0)));
    let causes = book.worksheet_range("在档按致困原因").unwrap();
    assert_eq!(find(&causes, "意外"), Some(Data::Float(1.0)));
}

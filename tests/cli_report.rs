//! `report daily` on a seeded temp database: the JSON structure and numbers, the same numbers
//! in text, md, csv and xlsx (read back with calamine), no full ID or phone anywhere, the
//! roles, and usage errors for impossible dates and a range ending before it starts.

mod common;
use common::*;

const ID: &str = "11010519491231002X";
const PHONE: &str = "13800000001";

/// Three walk-ins imported on 8 October (two done, one no-show) and one claim.
fn seeded() -> Env {
    let env = Env::seeded();
    let visits = format!(
        "arrived_at,category,name,id_number,phone,work_unit,note,status\n\
         2026-10-08 09:05,medical_aid,王一,{ID},{PHONE},,,done\n\
         2026-10-08 09:20,职工疗养,李二,,,,,no_show\n\
         2026-10-08 10:40,medical_aid,张三,,,,,done\n\
         2026-10-09 10:40,rights,赵四,,,,,done\n"
    );
    std::fs::write(env.path("v.csv"), visits).unwrap();
    assert_ok(&env.sup(&["import", "walkins", env.path("v.csv").to_str().unwrap()]));
    env
}

fn report(env: &Env, args: &[&str]) -> std::process::Output {
    let mut all = vec!["report", "daily"];
    all.extend_from_slice(args);
    env.run(&all, Some(("8001", SUP_PIN)), "")
}

#[test]
fn json_has_the_design_keys_and_the_numbers() {
    let env = seeded();
    let out = report(&env, &["--date", "2026-10-08", "--format", "json"]);
    assert_ok(&out);
    let j: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["date"], "2026-10-08");
    let w = &j["walkins"];
    assert_eq!(w["total"], 3);
    assert_eq!(w["by_category"]["medical_aid"], 2);
    assert_eq!(w["by_category"]["recuperation"], 1);
    assert_eq!(w["by_status"]["done"], 2);
    assert_eq!(w["by_status"]["no_show"], 1);
    // Imported rows count in totals, matters and states only.
    assert_eq!(w["by_window"]["w1"], 0);
    assert_eq!(w["by_channel"]["walk_in"], 0);
    assert!(w["wait_minutes"]["avg"].is_null() && w["service_minutes"]["p90"].is_null());
    for k in ["over_target_share", "no_show_rate", "first_visit_done_rate", "referred_to", "open_followups"] {
        assert!(w.get(k).is_some(), "walkins.{k}");
    }
    for k in ["lookups", "registered", "status_changes", "approved_fen", "paid_fen", "late"] {
        assert!(j["claims"].get(k).is_some(), "claims.{k}");
    }
    for k in ["issued", "voided", "by_unit"] {
        assert!(j["letters"].get(k).is_some(), "letters.{k}");
    }
    for k in
        ["lent", "returned", "overdue", "return_rate", "in_hall", "given", "help", "low_stock", "expiring"]
    {
        assert!(j["station"].get(k).is_some(), "station.{k}");
    }
    assert!(j["clerks"].is_object());
    let range = report(&env, &["--from", "2026-10-08", "--to", "2026-10-09", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&stdout(&range)).unwrap();
    assert_eq!(
        (j["from"].as_str(), j["to"].as_str(), j["walkins"]["total"].as_i64()),
        (Some("2026-10-08"), Some("2026-10-09"), Some(4))
    );
    assert_eq!(j["days"][1]["walkins"]["by_category"]["rights"], 1);
    let month = report(&env, &["--month", "2026-10", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&stdout(&month)).unwrap();
    assert_eq!((j["days"].as_array().map(Vec::len), j["walkins"]["total"].as_i64()), (Some(31), Some(4)));
}

#[test]
fn every_format_carries_the_same_numbers_and_no_personal_data() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let env = seeded();
    let args = ["--from", "2026-10-08", "--to", "2026-10-09"];
    let text = stdout(&report(&env, &[&args[..], &["--format", "text"]].concat()));
    let md = stdout(&report(&env, &[&args[..], &["--format", "md"]].concat()));
    let csv = stdout(&report(&env, &[&args[..], &["--format", "csv"]].concat()));
    let xlsx = env.path("r.xlsx");
    let out = report(&env, &[&args[..], &["--format", "xlsx", "--out", xlsx.to_str().unwrap()]].concat());
    assert_ok(&out);
    assert!(text.lines().any(|l| l.starts_with("来访总数") && l.trim_end().ends_with(" 4")), "{text}");
    // Imported no-shows had no ticket here: nothing to divide, so no rate.
    assert!(text.lines().any(|l| l.starts_with("过号率") && l.trim_end().ends_with('—')), "{text}");
    assert!(md.contains("| 来访总数 | 4 |") && md.contains("| 2026-10-09 | 1 | 0 |"), "{md}");
    assert!(csv.starts_with('\u{feff}'), "a BOM for Excel and WPS");
    assert!(csv.contains("\n来访总数,4\n") && csv.contains("\n医疗互助,2\n"), "{csv}");
    // 窗口办结: imported visits were not finished at a window.
    assert!(csv.contains("\n2026-10-08,3,0,"), "{csv}");
    for body in [&text, &md, &csv] {
        assert!(!body.contains(ID) && !body.contains(PHONE), "personal data leaked");
    }
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let overview = book.worksheet_range("概况").unwrap();
    let row = overview.rows().find(|r| r.first() == Some(&Data::String("来访总数".into()))).unwrap().to_vec();
    assert_eq!(row[1], Data::Float(4.0));
    let matters = book.worksheet_range("按事项").unwrap();
    let row = matters.rows().find(|r| r.first() == Some(&Data::String("医疗互助".into()))).unwrap().to_vec();
    assert_eq!(row[1], Data::Float(2.0));
    let days = book.worksheet_range("每日").unwrap();
    assert_eq!(days.rows().count(), 3, "a header and a row per day");
    for name in book.sheet_names() {
        let r = book.worksheet_range(&name).unwrap();
        assert!(r.rows().flatten().all(|c| !c.to_string().contains(ID) && !c.to_string().contains(PHONE)));
    }
    assert!(
        !std::fs::read_dir(env.dir.path()).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp"))
    );
}

#[test]
fn roles_and_usage_errors() {
    let env = seeded();
    let clerk = env.run(&["report", "daily", "--date", "2026-10-08"], Some(("8002", CLERK_PIN)), "");
    assert_eq!(clerk.status.code(), Some(1), "a clerk is refused");
    let out = env.run(
        &["clerk", "add", "--login", "8004", "--name", "王经审", "--role", "auditor"],
        Some(("8001", SUP_PIN)),
        "501738\n",
    );
    assert_ok(&out);
    let auditor = env.run(
        &["report", "daily", "--date", "2026-10-08", "--format", "json"],
        Some(("8004", "501738")),
        "",
    );
    assert_ok(&auditor);
    for bad in [
        vec!["--date", "2026-02-30"],
        vec!["--from", "2026-10-09", "--to", "2026-10-08"],
        vec!["--month", "2026-13"],
        vec!["--quarter", "2026-Q5"],
        vec!["--date", "2026-10-08", "--month", "2026-10"],
    ] {
        let out = report(&env, &bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// #24: the stacked CSV is for people; `--table NAME` writes one table with one header row for a
/// program (shares 0–1, no BOM, no title rows). Every name in `--help` is a table.
#[test]
fn one_table_for_programs_with_one_header_row() {
    let env = seeded();
    let one = |args: &[&str]| report(&env, &[&["--date", "2026-10-08", "--format", "csv"], args].concat());
    let states = stdout(&one(&["--table", "states"]));
    assert!(!states.starts_with('\u{feff}'), "no BOM for a program");
    let mut rows = csv::Reader::from_reader(states.as_bytes());
    // Rows named from the config lead with their code (helper-22: a renamed state broke programs).
    assert_eq!(rows.headers().unwrap().iter().collect::<Vec<_>>(), ["code", "状态", "数量"]);
    let rows: Vec<Vec<String>> =
        rows.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 3 && r[2].parse::<i64>().is_ok()), "{rows:?}");
    assert!(rows.iter().any(|r| r[0] == "no_show" && r[2] == "1"), "{rows:?}");
    let overview = stdout(&one(&["--table", "overview"]));
    let as_of = overview.lines().nth(1).and_then(|l| l.split_once(',')).map(|(_, v)| v.to_string());
    assert_eq!(as_of.as_deref(), Some("2026-10-09T00:00:00+08:00"), "a moment a program parses: {overview}");
    assert!(overview.lines().any(|l| l == "过号率,"), "nothing where nothing was measured: {overview}");
    // Shares on the demo's day are numbers 0–1 to four decimals, not "57.1%".
    let (dir, db) = demo_in_tempdir();
    let demo =
        stdout(&sup_on(&db, dir.path(), &["report", "daily", "--format", "csv", "--table", "overview"]));
    let shares: Vec<f64> = ["过号率,", "一次办结率,", "超时等候占比,"]
        .iter()
        .filter_map(|k| demo.lines().find_map(|l| l.strip_prefix(k)))
        .filter_map(|v| v.parse().ok())
        .collect();
    assert!(!shares.is_empty() && shares.iter().all(|x| (0.0..=1.0).contains(x)), "{demo}");
    assert!(!demo.contains('%'), "{demo}");
    let help = stdout(&report(&env, &["--help"]));
    let month = |t: &str| report(&env, &["--month", "2026-10", "--format", "csv", "--table", t]);
    for name in
        ["overview", "matters", "states", "windows", "channels", "referrals", "claim_changes", "units"]
            .into_iter()
            .chain(["given", "in_hall", "help", "alerts", "clerks", "half_hours", "days"])
    {
        assert!(help.contains(name), "--help names {name}");
        let out = month(name);
        assert_ok(&out);
        let body = stdout(&out);
        let first = body.lines().next().unwrap_or_default();
        assert!(!first.is_empty() && !body.contains("\n\n"), "{name}: one header, no blocks: {body}");
    }
    assert_eq!(stdout(&month("days")).lines().count(), 32, "a header and 31 days");
    assert_eq!(code(&one(&["--table", "days"])), 2, "one day has no days table");
    assert_eq!(code(&report(&env, &["--table", "states"])), 2, "--table needs --format csv");
    assert_eq!(code(&one(&["--table", "nonesuch"])), 2);
}

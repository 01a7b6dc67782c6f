//! The aid fund on the command line (issue #26): `import claims` with a programme,
//! `report fund`, `export publicity`, and `check` proving the ledger, through the real binary.

mod common;
use common::*;

const HEADER: &str = "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note,\
                      amount_paid,paid_on,papers_complete_on,missing_papers,reason,programme";

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

fn import(env: &Env, lines: &[&str]) -> std::process::Output {
    let f = env.path("claims.csv");
    std::fs::write(&f, format!("{HEADER}\r\n{}\r\n", lines.join("\r\n"))).unwrap();
    env.sup(&["import", "claims", f.to_str().unwrap()])
}

/// Two aid claims as the back office gives them: one by code, one by name, the second over
/// its programme's standard and with no hardship file behind it.
const AID: [&str; 3] = [
    "F001,11010519491231002X,王建国,hardship_aid,2026-01-10,1500,1500,paid,,1500,2026-01-20,,,,spring_warmth",
    "F002,440524188001010014,李秀英,education_aid,2026-09-01,6000,6000,approved,,,,,,,金秋助学",
    "F003,440524188001010014,李秀英,inpatient,2026-09-02,100,,submitted,,,,,,,",
];

#[test]
fn import_claims_stores_the_programme_of_the_filing_year_as_given() {
    let env = Env::seeded();
    // A programme the filing's year does not have is a bad line, named.
    let out = import(
        &env,
        &["F009,11010519491231002X,王建国,hardship_aid,2025-12-30,1500,,submitted,,,,,,,spring_warmth"],
    );
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("2025 年无帮扶项目 spring_warmth"), "{}", stderr(&out));
    let out = import(
        &env,
        &["F009,11010519491231002X,王建国,hardship_aid,2026-12-30,1500,,submitted,,,,,,,no_such"],
    );
    assert!(stderr(&out).contains("2026 年无帮扶项目 no_such"), "{}", stderr(&out));
    assert_eq!(q(&env, "SELECT count(*) FROM claims"), "0");
    // Over the standard, no file: recorded as given (the report lists it).
    assert_ok(&import(&env, &AID));
    let row = |no: &str| {
        q(
            &env,
            &format!(
                "SELECT coalesce(programme, '-') || '/' || coalesce(programme_year, '-') FROM claims WHERE claim_no = '{no}'"
            ),
        )
    };
    assert_eq!(row("F001"), "spring_warmth/2026");
    assert_eq!(row("F002"), "autumn_study/2026");
    assert_eq!(row("F003"), "-/-");
    // A re-import without the column keeps the programme; the export carries it back out.
    let out = import(
        &env,
        &["F002,440524188001010014,李秀英,education_aid,2026-09-01,6000,6000,paid,,6000,2026-09-09,,,,"],
    );
    assert_ok(&out);
    assert_eq!(row("F002"), "autumn_study/2026");
    let exported = stdout(&env.sup(&["export", "claims"]));
    assert!(exported.lines().next().unwrap().ends_with(",programme"), "{exported}");
    assert!(exported.lines().any(|l| l.starts_with("F002,") && l.ends_with(",autumn_study")), "{exported}");
}

const AUD_PIN: &str = "583016";

/// A supervisor, a clerk and an auditor; 王建国 holds a current deep-hardship file (imported),
/// 李秀英 none; F001 is within the rules, F002 over 金秋助学's standard and without a file.
fn fund_env() -> Env {
    let env = Env::seeded();
    assert_ok(&env.run(
        &["clerk", "add", "--login", "8004", "--name", "王经审", "--role", "auditor"],
        Some(("8001", SUP_PIN)),
        &format!("{AUD_PIN}\n"),
    ));
    let w = env.path("w.csv");
    std::fs::write(
        &w,
        "id_number,name,phone,work_unit,email,mutual_aid_year,hardship_level,hardship_until\r\n\
         11010519491231002X,王建国,,红星机械厂,,,深度困难,2027-12-31\r\n",
    )
    .unwrap();
    assert_ok(&env.sup(&["import", "workers", w.to_str().unwrap()]));
    // `import workers` files the household on the import day; it was filed before F001 was
    // paid on 01-20 (a file filed after the payment is a no_file exception: cli_fund_import).
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute("UPDATE hardship_files SET applied_on = '2026-01-02', filed_on = '2026-01-05'", []).unwrap();
    assert_ok(&import(&env, &AID));
    env
}

fn report(env: &Env, args: &[&str]) -> String {
    let mut all = vec!["report", "fund", "--year", "2026"];
    all.extend_from_slice(args);
    let out = env.sup(&all);
    assert_ok(&out);
    stdout(&out)
}

fn masked(s: &str) {
    for full in ["王建国", "李秀英", "11010519491231002X", "440524188001010014"] {
        assert!(!s.contains(full), "{full} unmasked: {s}");
    }
}

#[test]
fn report_fund_lists_payments_totals_and_the_imported_exceptions_in_every_format() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let env = fund_env();
    let text = report(&env, &[]);
    masked(&text);
    assert!(
        text.contains("\n项目合计\n") && text.contains("\n支付明细\n") && text.contains("\n异常\n"),
        "{text}"
    );
    let f001 = text.lines().find(|l| l.starts_with("F001")).unwrap();
    assert!(f001.contains("王*国") && f001.contains("深度困难") && f001.contains("元旦春节送温暖"), "{f001}");
    assert!(f001.contains("1,500.00") && f001.contains("2026-01-20") && f001.contains("周主任"), "{f001}");
    // F002: over the standard and no file on the approval day; F001 is clean.
    let exceptions: Vec<&str> = text.split("\n异常\n").nth(1).unwrap().lines().skip(1).collect();
    assert!(
        exceptions.iter().any(|l| l.contains("F002")
            && l.contains("超标准")
            && l.contains("5,000.00 元，本次 6,000.00 元")),
        "{text}"
    );
    assert!(exceptions.iter().any(|l| l.contains("F002") && l.contains("核准日无有效档案")), "{text}");
    // F001 keeps the rules but its importer entered and approved it: no second person.
    assert!(
        exceptions.iter().filter(|l| l.contains("F001")).all(|l| l.contains("登记与审批同一人")),
        "{text}"
    );
    let totals = text.lines().find(|l| l.starts_with("金秋助学")).unwrap();
    assert!(
        totals.contains("300,000.00") && totals.contains("6,000.00") && totals.contains("294,000.00"),
        "{totals}"
    );

    let md = report(&env, &["--format", "md"]);
    masked(&md);
    assert!(md.contains("## 异常") && md.contains("| F002 |"), "{md}");

    let csv = report(&env, &["--format", "csv"]);
    masked(&csv);
    assert!(csv.starts_with('\u{feff}') && csv.contains("\n支付明细\n") && csv.contains("F002,"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("F001,") && l.contains(",1500.00,")), "{csv}");

    let json: serde_json::Value = serde_json::from_str(&report(&env, &["--format", "json"])).unwrap();
    masked(&json.to_string());
    assert_eq!(json["year"], 2026);
    let pay = json["payments"].as_array().unwrap();
    assert_eq!(pay.len(), 2);
    assert_eq!(pay[0]["claim_no"], "F001");
    assert_eq!(pay[0]["category"], "deep");
    assert_eq!(pay[0]["amount_paid_fen"], 150_000);
    assert!(pay[0]["file_no"].as_str().is_some_and(|f| !f.is_empty()), "{pay:?}");
    let rules: Vec<(&str, &str)> = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["claim_no"].as_str().unwrap_or("-"), e["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rules,
        [("F001", "one_person"), ("F002", "no_file"), ("F002", "one_person"), ("F002", "standard")]
    );
    let autumn = json["programmes"].as_array().unwrap().iter().find(|p| p["code"] == "autumn_study").unwrap();
    assert_eq!(
        (autumn["committed_fen"].as_i64(), autumn["remaining_fen"].as_i64()),
        (Some(600_000), Some(29_400_000))
    );

    let xlsx = env.path("f.xlsx");
    assert_ok(&env.sup(&[
        "report",
        "fund",
        "--year",
        "2026",
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
    ]));
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let pay = book.worksheet_range("支付明细").unwrap();
    let f002 = pay.rows().find(|r| r.first() == Some(&Data::String("F002".into()))).unwrap();
    assert!(f002.contains(&Data::Float(6000.0)) && f002.contains(&Data::String("李*英".into())), "{f002:?}");
    let ex = book.worksheet_range("异常").unwrap();
    assert_eq!(ex.rows().filter(|r| r.get(1) == Some(&Data::String("F002".into()))).count(), 3);
}

#[test]
fn report_fund_is_for_supervisors_and_auditors_and_audited() {
    let env = fund_env();
    let aud = env.run(&["report", "fund", "--year", "2026"], Some(("8004", AUD_PIN)), "");
    assert_ok(&aud);
    assert!(stdout(&aud).contains("F002"));
    let clerk = env.run(&["report", "fund", "--year", "2026"], Some(("8002", CLERK_PIN)), "");
    assert_ne!(code(&clerk), 0);
    assert!(!stdout(&clerk).contains("F00"), "{}", stdout(&clerk));
    assert_eq!(
        q(&env, "SELECT count(*) FROM audit_log WHERE action = 'report' AND detail LIKE 'fund year=2026%'"),
        "1"
    );
}

#[test]
fn check_proves_the_ledger_and_names_the_programme_of_a_mismatch() {
    // The small demo passes, and so does a database with imported payments (an import may be
    // off the rules; its figures still add up).
    let (dir, demo) = demo_in_tempdir();
    let out = run_on(&demo, dir.path(), &["check"]);
    assert_ok(&out);
    let env = fund_env();
    let out = env.sup(&["check"]);
    assert_ok(&out);
    // A paid amount edited by hand past its approval.
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute("UPDATE claims SET amount_paid_fen = 160000 WHERE claim_no = 'F001'", []).unwrap();
    let out = env.sup(&["check"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("帮扶资金 元旦春节送温暖（2026 年）：F001 发放 1,600.00 超过核准 1,500.00"),
        "{}",
        stderr(&out)
    );
    // A state edited by hand: the ledger no longer matches the claims' events.
    c.execute("UPDATE claims SET amount_paid_fen = 150000 WHERE claim_no = 'F001'", []).unwrap();
    c.execute("UPDATE claims SET status = 'paid', amount_paid_fen = 600000 WHERE claim_no = 'F002'", [])
        .unwrap();
    let out = env.sup(&["check"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains(
            "帮扶资金 金秋助学（2026 年）：台账已核准未发放 0.00、已发放 6,000.00，按办理记录应为 6,000.00、0.00"
        ),
        "{}",
        stderr(&out)
    );
    c.execute("UPDATE claims SET status = 'approved', amount_paid_fen = NULL WHERE claim_no = 'F002'", [])
        .unwrap();
    assert_ok(&env.sup(&["check"]));
    // Over the budget with neither a cut nor an import behind it.
    c.execute("UPDATE claim_events SET source = 'counter'", []).unwrap();
    c.execute("UPDATE claims SET amount_approved_fen = 30000100 WHERE claim_no = 'F002'", []).unwrap();
    let out = env.sup(&["check"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("帮扶资金 金秋助学（2026 年）：余额 -1.00，既无预算下调也无导入可解释"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn export_publicity_writes_a_masked_a4_page_and_its_csv_audited() {
    let env = fund_env();
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    let last = today + chrono::Days::new(6);
    let page = env.path("spring.html");
    let args = ["export", "publicity", "--programme", "spring_warmth", "--year", "2026", "--out"];
    let mut with_out = args.to_vec();
    with_out.push(page.to_str().unwrap());
    assert_ok(&env.sup(&with_out));
    let html = std::fs::read_to_string(&page).unwrap();
    let csv = std::fs::read_to_string(env.path("spring.csv")).unwrap();
    for s in [&html, &csv] {
        masked(s);
        assert!(!s.contains("红星机械厂"), "unit unmasked: {s}");
        assert!(s.contains("王*国") && s.contains("红星***") && s.contains("深度困难"), "{s}");
        assert!(!s.contains("F002") && !s.contains("李*英"), "another programme's recipient: {s}");
    }
    assert!(html.contains("@page") && html.contains("A4") && html.contains("元旦春节送温暖"), "{html}");
    assert!(html.contains("1,500.00") && html.contains("<h1>余姚市总工会职工服务中心</h1>"), "{html}");
    assert!(html.contains(&format!("公示期：{today} 至 {last}")), "{html}");
    assert!(html.contains("请致电 0574-62701234"), "the centre's phone when none is set: {html}");
    assert!(csv.starts_with('\u{feff}') && csv.lines().nth(1).unwrap().contains(",1500.00,"), "{csv}");
    assert_eq!(
        q(
            &env,
            "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE 'publicity programme=spring_warmth year=2026 rows=1%'"
        ),
        "1"
    );
    // Not over an existing file, not for a clerk, not a programme the year lacks.
    assert_ne!(code(&env.sup(&with_out)), 0);
    let clerk = env.run(&with_out, Some(("8002", CLERK_PIN)), "");
    assert_ne!(code(&clerk), 0);
    let out = env.sup(&["export", "publicity", "--programme", "no_such", "--year", "2026"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("2026 年无帮扶项目 no_such"), "{}", stderr(&out));
    // A complaint phone of its own; standard output without --out.
    let cfg = env.path("frontdesk.toml");
    std::fs::write(&cfg, "[fund]\ncomplaint_phone = \"0574-62709999\"\n").unwrap();
    let out = env.sup(&[
        "--config",
        cfg.to_str().unwrap(),
        "export",
        "publicity",
        "--programme",
        "autumn_study",
        "--year",
        "2026",
    ]);
    assert_ok(&out);
    let page = stdout(&out);
    assert!(
        page.contains("李*英") && page.contains("6,000.00") && page.contains("请致电 0574-62709999"),
        "{page}"
    );
}

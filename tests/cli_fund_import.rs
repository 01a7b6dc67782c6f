//! Imports of programme claims that would break the ledger (try-out #56 C), "two people" and
//! the approval day of imported payments (D), and publicity counting households (H), through
//! the real binary.

mod common;
use common::*;

const HEADER: &str = "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note,\
                      amount_paid,paid_on,papers_complete_on,missing_papers,reason,programme";

fn count(env: &Env) -> i64 {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.query_row("SELECT count(*) FROM claims", [], |r| r.get(0)).unwrap()
}

fn import(env: &Env, lines: &[&str]) -> std::process::Output {
    let f = env.path("claims.csv");
    std::fs::write(&f, format!("{HEADER}\r\n{}\r\n", lines.join("\r\n"))).unwrap();
    env.sup(&["import", "claims", f.to_str().unwrap()])
}

const GOOD: &str =
    "G001,11010519491231002X,王建国,hardship_aid,2026-01-10,1500,1500,paid,,1500,2026-01-20,,,,spring_warmth";

#[test]
fn import_refuses_programme_lines_the_ledger_cannot_hold_naming_each() {
    let env = Env::seeded();
    let bad = [
        // Paid more than approved.
        "IMP7,440524188001010014,李秀英,education_aid,2026-09-01,1000,1000,paid,,2000,2026-09-09,,,,autumn_study",
        // Paid without its amount.
        "X5,440524188001010014,李秀英,hardship_aid,2026-03-01,100,100,paid,,,2026-03-09,,,,living_relief",
        // Not the programme's claim kind.
        "X3,440524188001010014,李秀英,inpatient,2026-03-02,100,,submitted,,,,,,,living_relief",
    ];
    for line in bad {
        let out = import(&env, &[GOOD, line]);
        assert_eq!(code(&out), 1, "{line}: {}", stderr(&out));
        let err = stderr(&out);
        // The bad line is the file's third (the header, then the good line).
        assert!(err.contains("第 3 行："), "{line}: {err}");
        assert_eq!(count(&env), 0, "all or nothing: {line}");
    }
    let err = stderr(&import(&env, &[bad[0]]));
    assert!(err.contains("金秋助学 发放 2,000.00 元超过核准 1,000.00 元"), "{err}");
    let err = stderr(&import(&env, &[bad[1]]));
    assert!(err.contains("生活救助 已发放的申请须填 amount_paid"), "{err}");
    let err = stderr(&import(&env, &[bad[2]]));
    assert!(err.contains("生活救助 不由 inpatient 类申请支付"), "{err}");
    assert_ok(&import(&env, &[GOOD]));
    assert_ok(&env.sup(&["check"]));
}

#[test]
fn report_fund_names_an_import_approved_by_its_enterer_and_never_approves_after_paying() {
    let env = Env::seeded();
    assert_ok(&import(&env, &[GOOD]));
    let out = env.sup(&["report", "fund", "--year", "2026", "--format", "json"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let pay = &json["payments"][0];
    assert_eq!(pay["claim_no"], "G001");
    assert_eq!(pay["approved_on"], "2026-01-20", "not after the paid day: {pay}");
    let rules: Vec<&str> = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["claim_no"] == "G001")
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"one_person"), "{rules:?}");
    let text = stdout(&env.sup(&["report", "fund", "--year", "2026"]));
    assert!(text.contains("登记与审批同一人"), "{text}");
}

#[test]
fn publicity_says_payments_and_households() {
    let env = Env::seeded();
    let two = "G002,11010519491231002X,王建国,hardship_aid,2026-02-10,1500,1500,paid,,1500,2026-02-20,,,,spring_warmth";
    assert_ok(&import(&env, &[GOOD, two]));
    let page = env.path("p.html");
    let out = env.sup(&[
        "export",
        "publicity",
        "--programme",
        "spring_warmth",
        "--year",
        "2026",
        "--out",
        page.to_str().unwrap(),
    ]);
    assert_ok(&out);
    assert!(stderr(&out).contains("（2 笔，1 户）"), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("2 笔，1 户"), "{html}");
    // English says one household in the singular.
    let en = env.path("en.html");
    let out = env.sup(&[
        "--lang",
        "en",
        "export",
        "publicity",
        "--programme",
        "spring_warmth",
        "--year",
        "2026",
        "--out",
        en.to_str().unwrap(),
    ]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("2 payments, 1 household") && !stderr(&out).contains("households"),
        "{}",
        stderr(&out)
    );
}

/// The rules in `report fund` read the day a payment was approved as the auditor reads it (never
/// after it was paid), not the day an import recorded it (try-out #60 N1, N3): a household filed
/// after it was paid had no file then; the times count payments in the order of those days, not
/// of their claim numbers.
#[test]
fn report_fund_judges_the_file_and_the_times_on_the_approval_day_shown() {
    let env = Env::seeded();
    let line = |no: &str, paid: &str| {
        format!(
            "{no},11010519491231002X,王建国,hardship_aid,2026-01-10,1000,1000,paid,,1000,{paid},,,,living_relief"
        )
    };
    // Paid before the household's file (filed 06-01 below), then three paid after it: T10 and
    // T11 are the third and fourth of 生活救助's twice a year by day, though their numbers sort
    // T10 < T11 < T9 as text.
    let lines = [
        line("T1", "2026-02-01"),
        line("T9", "2026-07-01"),
        line("T10", "2026-08-01"),
        line("T11", "2026-09-01"),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    assert_ok(&import(&env, &lines));
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute(
        "INSERT INTO hardship_files (file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                     created_at, updated_at)
         SELECT 'KN202600001', id, 'filed', 'relative', '2026-05-20', '2026-06-01', '2099-12-31', 'x', 'x'
         FROM workers WHERE name = '王建国'",
        [],
    )
    .unwrap();
    let out = env.sup(&["report", "fund", "--year", "2026", "--format", "json"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules = |no: &str| -> Vec<String> {
        json["exceptions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["claim_no"] == no)
            .map(|e| e["rule"].as_str().unwrap().to_string())
            .filter(|r| r != "one_person")
            .collect()
    };
    assert_eq!(rules("T1"), ["no_file"], "paid before the file: {json}");
    assert_eq!(rules("T9"), Vec::<String>::new(), "{json}");
    assert_eq!(rules("T10"), ["times"], "the third by day, not by number: {json}");
    assert_eq!(rules("T11"), ["times"], "{json}");
}

/// A payment dated after today is refused by its line, as the counter's pay form refuses it
/// (try-out #60 N4).
#[test]
fn import_refuses_a_payment_dated_after_today() {
    let env = Env::seeded();
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    let later = today + chrono::Days::new(15);
    let line = format!(
        "X11,11010519491231002X,王建国,hardship_aid,{today},900,900,paid,,900,{later},,,,living_relief"
    );
    let out = import(&env, &[&line]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("“paid_on”不能晚于今天（{later}）")), "{}", stderr(&out));
    assert_eq!(count(&env), 0);
}

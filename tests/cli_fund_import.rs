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

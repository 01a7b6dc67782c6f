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

//! The small demo's hardship files (#25): every state, households of two to five, each step an
//! event, figures and categories that follow DOMAIN's rules from the members and the config's
//! 低保 line, and the demo's hardship claimants' files agreeing with their claims.

mod common;

use frontdesk::config::Settings;
use rusqlite::Connection;

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// DOMAIN's proposal, written again here from the rules (not the demo's code).
fn proposal(
    members: &[(String, String, i64)],
    causes: &str,
    line: Option<i64>,
    percent: i64,
) -> Option<&'static str> {
    let line = line?;
    let income: i64 = members.iter().map(|m| m.2).sum();
    let per_head = income / members.len() as i64;
    let severe = members.iter().any(|(health, work, _)| health == "grave" || work == "unable");
    if per_head < line && severe {
        Some("deep")
    } else if per_head * 100 < line * percent {
        Some("relative")
    } else if causes.split(',').any(|c| c == "accident" || c == "disaster") {
        Some("sudden")
    } else {
        None
    }
}

#[test]
fn the_small_demo_has_files_in_every_state_that_follow_the_rules() {
    let (_dir, db) = common::demo_in_tempdir();
    let c = Connection::open(&db).unwrap();
    let settings = Settings::builtin();
    let rules = &settings.config.hardship;
    let day = frontdesk::domain::dates::local_day(chrono::Utc::now(), settings.tz);
    let today = day.to_string();
    let n = |sql: &str| count(&c, &sql.replace("{today}", &today));

    // Every state, lapsed and returned among them.
    assert!((18..=24).contains(&n("SELECT count(*) FROM hardship_files")));
    assert!(n("SELECT count(*) FROM hardship_files WHERE state = 'applied' AND returned = 0") >= 1);
    assert_eq!(
        n("SELECT count(*) FROM hardship_files f WHERE state = 'applied' AND returned = 1
           AND EXISTS (SELECT 1 FROM hardship_events e WHERE e.file_id = f.id AND e.action = 'return'
                       AND length(trim(e.detail)) > 0)"),
        1
    );
    assert!(n("SELECT count(*) FROM hardship_files WHERE state = 'filed' AND valid_until >= '{today}'") >= 4);
    assert!(n("SELECT count(*) FROM hardship_files WHERE state = 'filed' AND valid_until < '{today}'") >= 2);
    assert!(
        n("SELECT count(*) FROM hardship_files WHERE state = 'rejected' AND length(reject_reason) > 0") >= 1
    );
    assert!(n("SELECT count(DISTINCT exit_reason) FROM hardship_files WHERE state = 'exited'") >= 3);
    // Exited by a review and directly; reviews approved to continue and one waiting.
    assert!(
        n("SELECT count(*) FROM hardship_events WHERE action = 'review_approve' AND state = 'exited'") >= 1
    );
    assert!(n("SELECT count(*) FROM hardship_events WHERE action = 'exit'") >= 1);
    assert!(n("SELECT count(*) FROM hardship_reviews WHERE state = 'approved' AND result = 'continue'") >= 2);
    assert_eq!(n("SELECT count(*) FROM hardship_reviews WHERE state = 'entered'"), 1);

    // The household in force: the current review's rows, else the application's; 2 to 5.
    let household =
        "SELECT m.file_id, m.health, m.work, m.income_fen, m.relation, m.id_number FROM hardship_members m
                     JOIN hardship_files f ON f.id = m.file_id
                     WHERE m.review_id IS f.current_review ORDER BY m.file_id, m.seq";
    assert_eq!(
        n(&format!(
            "SELECT count(*) FROM hardship_files f WHERE (SELECT count(*) FROM ({household}) h WHERE h.file_id = f.id) NOT BETWEEN 2 AND 5"
        )),
        0
    );
    assert!(n("SELECT count(*) FROM hardship_members WHERE relation = 'child' AND id_number IS NULL") >= 2);
    assert!(
        n("SELECT count(*) FROM hardship_members WHERE health = 'disabled' AND disability_grade IS NOT NULL")
            >= 2
    );
    assert!(n("SELECT count(DISTINCT health) FROM hardship_members") == 4);
    // IDs given are valid ID numbers.
    let mut st = c.prepare("SELECT id_number FROM hardship_members WHERE id_number IS NOT NULL").unwrap();
    for id in st.query_map([], |r| r.get::<_, String>(0)).unwrap() {
        let id = id.unwrap();
        assert!(frontdesk::domain::IdNumber::parse(&id, day).is_ok(), "{id}");
    }

    // Figures and category from the members, by the rules.
    let mut st = c
        .prepare("SELECT id, members, income_fen, per_head_fen, line_year, category, proposed, category_reason, causes, state FROM hardship_files")
        .unwrap();
    type F =
        (i64, i64, i64, i64, Option<i32>, Option<String>, Option<String>, Option<String>, String, String);
    let files: Vec<F> = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut hh =
        c.prepare(&format!("SELECT health, work, income_fen FROM ({household}) WHERE file_id = ?1")).unwrap();
    let percent = rules.relative_multiple_percent as i64;
    for (id, members, income, per_head, line_year, category, proposed, reason, causes, state) in &files {
        let ms: Vec<(String, String, i64)> = hh
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let sum: i64 = ms.iter().map(|m| m.2).sum();
        assert_eq!(
            (*members, *income, *per_head),
            (ms.len() as i64, sum, sum / ms.len() as i64),
            "file {id}"
        );
        let line = line_year.and_then(|y| rules.line(y));
        assert_eq!(proposed.as_deref(), proposal(&ms, causes, line, percent), "file {id}");
        assert!(category == proposed || reason.as_deref().is_some_and(|r| !r.trim().is_empty()), "file {id}");
        if state == "filed" {
            assert!(category.is_some(), "file {id}");
        }
    }

    // Every filed file approved (by someone other than who entered it) and verified eligible.
    assert_eq!(
        n("SELECT count(*) FROM hardship_files f WHERE state = 'filed' AND (approved_by IS NULL OR approved_by = entered_by
           OR NOT EXISTS (SELECT 1 FROM hardship_events e WHERE e.file_id = f.id AND e.action = 'approve')
           OR NOT EXISTS (SELECT 1 FROM hardship_verifications v WHERE v.file_id = f.id AND v.result = 'eligible'
                          AND v.reference LIKE 'ZJHD20%'))"),
        0
    );
    assert_eq!(
        n(
            "SELECT count(*) FROM hardship_files WHERE state = 'exited' AND (exit_reason IS NULL OR exited_on IS NULL)"
        ),
        0
    );
    // Visits: a real finding, who went (the demo clerks), a next step with its date.
    assert!(n("SELECT count(*) FROM hardship_visits") >= 10);
    assert_eq!(
        n(
            "SELECT count(*) FROM hardship_visits WHERE length(trim(found)) < 10 OR next_on IS NULL OR next_step IS NULL"
        ),
        0
    );
    assert_eq!(
        n(
            "SELECT count(*) FROM hardship_visits v WHERE NOT EXISTS (SELECT 1 FROM hardship_visit_clerks k WHERE k.visit_id = v.id)"
        ),
        0
    );
    assert_eq!(
        n(
            "SELECT count(*) FROM hardship_visit_clerks k JOIN clerks c ON c.id = k.clerk_id WHERE c.login NOT IN ('9001', '9002')"
        ),
        0
    );
    assert_eq!(n("SELECT count(*) FROM hardship_visits WHERE visited_on > '{today}'"), 0);
    // Events tell the story: each file applied first, its state and valid-until the last event's.
    assert_eq!(
        n("SELECT count(*) FROM hardship_files f WHERE
             (SELECT action FROM hardship_events e WHERE e.file_id = f.id ORDER BY e.id LIMIT 1) IS NOT 'apply'
          OR (SELECT state FROM hardship_events e WHERE e.file_id = f.id ORDER BY e.id DESC LIMIT 1) IS NOT f.state
          OR (SELECT valid_until FROM hardship_events e WHERE e.file_id = f.id ORDER BY e.id DESC LIMIT 1) IS NOT f.valid_until
          OR (SELECT count(*) FROM hardship_events e WHERE e.file_id = f.id AND (e.clerk_id IS NULL OR e.day > '{today}')) > 0"),
        0
    );
    for action in
        ["apply", "verify", "return", "approve", "reject", "review", "review_approve", "exit", "visit"]
    {
        assert!(
            n(&format!("SELECT count(*) FROM hardship_events WHERE action = '{action}'")) > 0,
            "{action}"
        );
    }
    // The demo's hardship claimants: 助医's file current, 助困's (refused as lapsed) lapsed
    // (the aid fund's claims of the same kinds, `demo_fund.rs`, aside: none of those is only
    // submitted or rejected; the demo's own claims of fund kinds name a programme too).
    let file_of = |kind: &str| {
        n(&format!(
            "SELECT count(*) FROM claims c JOIN hardship_files f ON f.worker_id = c.worker_id AND f.state = 'filed'
             WHERE c.kind = '{kind}' AND c.status IN ('submitted', 'rejected') AND f.valid_until {} '{{today}}'",
            if kind == "medical_help" { ">=" } else { "<" }
        ))
    };
    assert_eq!(file_of("medical_help"), 1);
    assert_eq!(file_of("hardship_aid"), 1);
    // The worker's old loose columns are gone: the file is the one source of truth.
    assert_eq!(
        n(
            "SELECT count(*) FROM pragma_table_info('workers') WHERE name IN ('hardship_level', 'hardship_until')"
        ),
        0
    );
    assert_eq!(n("SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

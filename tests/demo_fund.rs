//! The small demo's aid fund, cross-checked: `report fund --format json` and `db::fund::ledger`
//! against plain SQL over claims and claim_events (committed, paid, remaining, recipients per
//! programme); every payment traces to a file, a programme and two people; no exceptions; and
//! `frontdesk check` proves the demo's ledger (a hand-edited demo payment fails it).

mod common;
use common::*;
use rusqlite::{Connection, params};
use serde_json::Value;

fn one(c: &Connection, sql: &str, p: impl rusqlite::Params) -> i64 {
    c.query_row(sql, p, |r| r.get(0)).unwrap()
}

#[test]
fn demo_fund_figures_agree_with_plain_sql_and_check_proves_them() {
    let (dir, db) = demo_in_tempdir();
    let out = sup_on(&db, dir.path(), &["report", "fund", "--format", "json"]);
    assert_ok(&out);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let year = report["year"].as_i64().unwrap();
    let c = Connection::open(&db).unwrap();
    let settings = frontdesk::config::Settings::builtin();
    let programmes = report["programmes"].as_array().unwrap();
    let of_year: Vec<_> = settings.config.fund.of_year(year as i32).collect();
    assert_eq!(programmes.len(), of_year.len());
    assert!(!of_year.is_empty(), "no programmes in {year}: the demo's year has none in the config");
    let ledger = frontdesk::db::fund::ledger(&c, &settings.config.fund, year as i32).unwrap();
    for (p, line) in programmes.iter().zip(&ledger) {
        let code = p["code"].as_str().unwrap();
        assert_eq!(line.code, code);
        let args = params![year, code];
        let sum = |status: &str, col: &str| {
            one(
                &c,
                &format!(
                    "SELECT coalesce(sum({col}), 0) FROM claims
                     WHERE programme_year = ?1 AND programme = ?2 AND status = '{status}'"
                ),
                args,
            )
        };
        let committed = sum("approved", "amount_approved_fen");
        let paid = sum("paid", "amount_paid_fen");
        // The same from the events: each claim's last event decides where its money stands.
        let by_events = |state: &str, col: &str| {
            one(
                &c,
                &format!(
                    "SELECT coalesce(sum(c.{col}), 0) FROM claims c
                     WHERE c.programme_year = ?1 AND c.programme = ?2 AND
                       (SELECT e.to_state FROM claim_events e WHERE e.claim_id = c.id ORDER BY e.id DESC LIMIT 1) = '{state}'"
                ),
                args,
            )
        };
        assert_eq!(by_events("approved", "amount_approved_fen"), committed, "{code}");
        assert_eq!(by_events("paid", "amount_paid_fen"), paid, "{code}");
        let recipients = one(
            &c,
            "SELECT count(DISTINCT worker_id) FROM claims
             WHERE programme_year = ?1 AND programme = ?2 AND status IN ('approved', 'paid')",
            args,
        );
        let config_budget = of_year.iter().find(|x| x.code == code).unwrap().budget_fen;
        let budget: i64 = c
            .query_row(
                "SELECT coalesce((SELECT budget_fen FROM fund_budgets WHERE year = ?1 AND programme = ?2
                                  ORDER BY id DESC LIMIT 1), ?3)",
                params![year, code, config_budget],
                |r| r.get(0),
            )
            .unwrap();
        let remaining = budget - committed - paid;
        assert!(committed > 0 && paid > 0, "{code}: the demo has approved and paid claims of it");
        assert!(remaining >= 0, "{code}");
        for (key, want) in [
            ("budget_fen", budget),
            ("committed_fen", committed),
            ("paid_fen", paid),
            ("remaining_fen", remaining),
            ("recipients", recipients),
        ] {
            assert_eq!(p[key].as_i64(), Some(want), "{code} {key}");
        }
        assert_eq!(
            (
                line.figures.budget,
                line.figures.committed,
                line.figures.paid,
                line.remaining(),
                line.recipients
            ),
            (budget, committed, paid, remaining, recipients),
            "{code}"
        );
    }
    // Every payment: a file, a programme, entered by one person and approved by another.
    let payments = report["payments"].as_array().unwrap();
    let n = one(
        &c,
        "SELECT count(*) FROM claims WHERE programme_year = ?1 AND status IN ('approved', 'paid')",
        [year],
    );
    assert_eq!(payments.len() as i64, n);
    for p in payments {
        assert!(p["file_no"].as_str().is_some_and(|s| !s.is_empty()), "{p}");
        assert!(p["programme"].as_str().is_some_and(|s| !s.is_empty()), "{p}");
        let entered = p["entered_by"].as_str().unwrap();
        let approver = p["first_approver"].as_str().unwrap();
        assert!(!entered.is_empty() && entered != approver, "{p}");
    }
    // The same in the events: the clerk of the intake is never the clerk of the approval.
    let same = one(
        &c,
        "SELECT count(*) FROM claims c
         JOIN claim_events i ON i.claim_id = c.id AND i.from_state IS NULL
         JOIN claim_events a ON a.claim_id = c.id AND a.to_state = 'approved'
         WHERE c.programme_year = ?1 AND (i.clerk_id IS NULL OR a.clerk_id IS NULL OR i.clerk_id = a.clerk_id)",
        [year],
    );
    assert_eq!(same, 0);
    assert_eq!(report["exceptions"].as_array().map(Vec::len), Some(0), "{}", report["exceptions"]);
    // One objection open, one settled; one budget changed with its reason.
    assert_eq!(one(&c, "SELECT count(*) FROM fund_objections WHERE outcome IS NULL", []), 1);
    assert_eq!(one(&c, "SELECT count(*) FROM fund_objections WHERE outcome IS NOT NULL", []), 1);
    assert_eq!(one(&c, "SELECT count(*) FROM fund_budgets WHERE source = 'change' AND reason <> ''", []), 1);

    // `check` proves this ledger: it passes, and a demo payment edited by hand fails it.
    assert_ok(&run_on(&db, dir.path(), &["check"]));
    c.execute(
        "UPDATE claims SET amount_paid_fen = amount_paid_fen + 100
         WHERE id = (SELECT min(id) FROM claims WHERE programme IS NOT NULL AND status = 'paid')",
        [],
    )
    .unwrap();
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stderr(&out).contains("帮扶资金"), "{}", stderr(&out));
}

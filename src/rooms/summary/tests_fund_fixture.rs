//! The fund tests' household and claim: 王建国 (a relative household, filed until 2099) with a
//! claim of `kind` for `programme`, entered by 8002 on 2026-11-20 through the intake's checks.

use super::*;
use crate::db::claim_ops::{self, By, NewClaim};
use crate::db::workers::{self, Known};
use crate::domain::IdNumber;
use crate::domain::claim::Actor;

pub(crate) const ID: &str = "11010519491231002X";

pub(crate) fn clerk_id(h: &Harness, login: &str) -> i64 {
    h.db.conn.query_row("SELECT id FROM clerks WHERE login = ?1", [login], |r| r.get(0)).unwrap()
}

/// Registers the claim and returns its number.
pub(crate) fn fund_claim(h: &Harness, kind: &str, programme: &str, fen: i64) -> String {
    let id = IdNumber::from_stored(ID).unwrap();
    let known = Known { name: "王建国", phone: "13812345678", work_unit: "久立特钢", email: "" };
    let worker_id = workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.db.conn
        .execute(
            "INSERT INTO hardship_files (file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                         created_at, updated_at)
             VALUES ('KN202600001', ?1, 'filed', 'relative', '2026-01-05', '2026-01-05', '2099-12-31', 'x', 'x')",
            [worker_id],
        )
        .unwrap();
    let by = By {
        actor: Actor { clerk_id: clerk_id(h, "8002"), role: Role::Clerk },
        at: now(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    };
    let new = NewClaim {
        worker_id,
        kind: kind.into(),
        filed_on: by.today,
        amount_claimed_fen: fen,
        missing: vec![],
        consent_version: "2026-01".into(),
        note: String::new(),
        event_note: String::new(),
        programme: Some(programme.into()),
    };
    let cfg = h.app.settings.config.clone();
    let no = claim_ops::next_number(&h.db.conn, "HZ{year}{seq}", 6, 2026).unwrap();
    claim_ops::register_checked(&h.db.conn, &new, &no, &by, &cfg).unwrap().unwrap();
    no
}

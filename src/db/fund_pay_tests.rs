//! The pay step of a programme claim and a fund kind without a programme (try-out #56 A and B):
//! through the real intake, approval and pay path on temp files.

use super::claim_ops::{self, IntakeRefused, StepRefused};
use super::fund_tests::{
    approve, cby, cfg, clerks, d, fund_refusal, household, new_claim, register, status, step, temp,
};
use crate::domain::Role;
use crate::domain::claim::{ClaimState, ClaimStep};
use crate::domain::fund::{IntakeRefusal, Refusal};
use crate::domain::hardship::Category;
use crate::domain::money::Fen;

#[test]
fn a_programme_claim_cannot_be_paid_above_its_approval() {
    let (_t, mut db) = temp();
    clerks(&db);
    let cfg = cfg();
    let w = household(&mut db, 1, Some((Category::Deep, "2027-12-31")));
    let id = register(&mut db, &cfg, &new_claim(w, "hardship_aid", "spring_warmth", "2026-12-01", 150_000))
        .unwrap();
    approve(&mut db, &cfg, id, 150_000, "2026-12-02").unwrap();
    let pay =
        |fen: i64| ClaimStep::Pay { on: d("2026-12-03"), amount: Fen(fen), over: Some("多发".into()) };
    let r = fund_refusal(step(&mut db.conn, &cfg, id, pay(900_000), &cby(1, Role::Supervisor, "2026-12-03")));
    assert_eq!(
        r,
        Refusal::OverApproved {
            programme: "元旦春节送温暖".into(),
            approved: Fen(150_000),
            paid: Fen(900_000)
        }
    );
    assert_eq!(
        crate::i18n::fund::refusal(crate::i18n::Lang::Zh, &r),
        "元旦春节送温暖 发放 9,000.00 元超过核准 1,500.00 元"
    );
    assert!(crate::i18n::fund::refusal(crate::i18n::Lang::En, &r).contains("¥9,000.00"));
    assert_eq!(status(&db, id), ClaimState::Approved, "the refusal leaves the claim approved");
    let paid = step(&mut db.conn, &cfg, id, pay(150_000), &cby(1, Role::Supervisor, "2026-12-03")).unwrap();
    assert_eq!(paid.claim.amount_paid_fen, Some(150_000));
}

#[test]
fn a_fund_kind_without_a_programme_is_neither_registered_nor_approved() {
    let (_t, mut db) = temp();
    clerks(&db);
    let cfg = cfg();
    let w = household(&mut db, 1, Some((Category::Deep, "2027-12-31")));
    let mut c = new_claim(w, "hardship_aid", "spring_warmth", "2025-12-30", 100_000);
    c.programme = None;
    assert_eq!(
        register(&mut db, &cfg, &c),
        Err(IntakeRefused::Programme(IntakeRefusal::NoProgramme {
            kind: "助困".into(),
            year: 2025,
            offered: false
        }))
    );
    let words = crate::i18n::fund::intake(
        crate::i18n::Lang::Zh,
        &IntakeRefusal::NoProgramme { kind: "助困".into(), year: 2025, offered: false },
    );
    assert_eq!(words, "2025 年未设助困帮扶项目，不能登记");
    // In a year with programmes of the kind, one must be chosen.
    c.filed_on = d("2026-03-02");
    assert_eq!(
        register(&mut db, &cfg, &c),
        Err(IntakeRefused::Programme(IntakeRefusal::NoProgramme {
            kind: "助困".into(),
            year: 2026,
            offered: true
        }))
    );
    c.filed_on = d("2025-12-30");
    // One registered before the rule (an old row): its approval is refused.
    let no = "HZ-OLD-1";
    let by = cby(2, Role::Clerk, "2025-12-30");
    let id = super::write(&mut db.conn, |tx| claim_ops::register(tx, &c, no, &by)).unwrap();
    let r = fund_refusal(approve(&mut db, &cfg, id, 100_000, "2026-01-04"));
    assert_eq!(r, Refusal::NoProgrammeForKind { kind: "助困".into(), year: 2025 });
    assert_eq!(status(&db, id), ClaimState::UnderReview);
    let _ = StepRefused::Missing;
}

//! F2 screens on TestBackend through the real key and reply path: a worker with a late claim,
//! a claim missing papers and a paid one (long Chinese unit), the history, an unknown ID, a
//! refused ID, and the consent question; 80×24 and 120×40, zh and en.

mod common;
use chrono::{TimeZone, Utc};
use common::screen::{key, render, typ};
use crossterm::event::{KeyCode, KeyModifiers};
use frontdesk::app::{App, Event, Reply};
use frontdesk::db::claim_ops::EventRow;
use frontdesk::db::claims::ClaimRow;
use frontdesk::db::workers::Worker;
use frontdesk::domain::claim::ClaimState;
use frontdesk::domain::{IdNumber, Role};
use frontdesk::i18n::Lang;
use frontdesk::rooms::claims::{ClaimReply, Picture};

const ID: &str = "330381196607151234";

fn app(lang: Lang) -> App {
    common::screen::kiosk(lang, (2, "9002", "李小窗", Role::Clerk), false)
}

fn claim(id: i64, no: &str, kind: &str, filed: &str, yuan: i64, status: ClaimState) -> ClaimRow {
    ClaimRow {
        id,
        claim_no: no.into(),
        worker_id: 1,
        kind: kind.into(),
        filed_on: filed.into(),
        amount_claimed_fen: yuan * 100 + 50,
        amount_approved_fen: None,
        amount_paid_fen: None,
        paid_on: None,
        status,
        papers_complete_on: Some(filed.into()),
        missing_papers: None,
        reason: None,
        note: None,
        version: 1,
        registered_by: Some(2),
        first_approver: None,
        programme: None,
        programme_year: None,
        consent_version: Some("2026-01".into()),
    }
}

fn event(
    claim_id: i64,
    at: (u32, u32, u32),
    from: Option<ClaimState>,
    to: ClaimState,
    who: &str,
    note: &str,
) -> EventRow {
    EventRow {
        claim_id,
        at: Utc.with_ymd_and_hms(2026, at.0, at.1, at.2, 12, 0).unwrap(),
        clerk: Some(who.into()),
        from,
        to,
        note: (!note.is_empty()).then(|| note.into()),
        source: "counter".into(),
    }
}

fn picture() -> Picture {
    use ClaimState::*;
    let worker = Worker {
        id: 1,
        id_number: IdNumber::from_stored(ID).unwrap(),
        name: "欧阳建国".into(),
        phone: Some("13812345678".into()),
        work_unit: Some("浙江久立特种科技股份有限公司第二分厂设备维修车间".into()),
        email: None,
        mutual_aid_year: Some(2026),
        hardship: Some(frontdesk::db::workers::Filed {
            category: frontdesk::domain::hardship::Category::Relative,
            valid_until: chrono::NaiveDate::from_ymd_opt(2026, 12, 31),
        }),
        version: 1,
    };
    let mut late = claim(1, "HZ2026000412", "inpatient", "2026-11-03", 12_340, Approved);
    late.amount_approved_fen = Some(800_000);
    let mut missing = claim(2, "HZ2026000371", "medical_subsidy", "2026-10-12", 3_000, MaterialsIncomplete);
    missing.papers_complete_on = None;
    missing.missing_papers = Some("医疗费用个人承担证明单、出院小结".into());
    let mut paid = claim(3, "HZ2026000108", "critical_illness", "2026-03-30", 40_000, Paid);
    paid.amount_approved_fen = Some(3_000_000);
    paid.amount_paid_fen = Some(3_000_000);
    paid.paid_on = Some("2026-04-20".into());
    let events = vec![
        event(1, (11, 3, 1), None, Submitted, "李小窗", "材料齐全"),
        event(1, (11, 5, 6), Some(Submitted), UnderReview, "李小窗", ""),
        event(1, (11, 10, 2), Some(UnderReview), Approved, "周主任", "核定 8,000.00 元"),
    ];
    Picture { worker, claims: vec![late, missing, paid], events, fund: vec![] }
}

/// F2, the ID, Enter, reason 1, and the database's answer through the real reply path.
fn looked_up(lang: Lang, picture: Option<Picture>, id: &str) -> App {
    let mut a = app(lang);
    key(&mut a, KeyCode::F(2), KeyModifiers::NONE);
    typ(&mut a, id);
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    typ(&mut a, "1");
    let reply = ClaimReply::Picture { id_number: id.to_uppercase(), picture };
    let _ = a.update(Event::Reply(Reply::Claims(Box::new(reply))));
    a
}

#[test]
fn a_worker_with_a_late_claim_a_missing_paper_and_a_paid_one() {
    let mut a = looked_up(Lang::Zh, Some(picture()), ID);
    insta::assert_snapshot!("f2_claims_zh_80x24", render(&mut a, 80, 24));
    insta::assert_snapshot!("f2_claims_zh_120x40", render(&mut a, 120, 40));
    key(&mut a, KeyCode::Down, KeyModifiers::NONE);
    insta::assert_snapshot!("f2_claims_missing_zh_80x24", render(&mut a, 80, 24));
    key(&mut a, KeyCode::Up, KeyModifiers::NONE);
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    insta::assert_snapshot!("f2_history_zh_80x24", render(&mut a, 80, 24));
    let mut a = looked_up(Lang::En, Some(picture()), ID);
    insta::assert_snapshot!("f2_claims_en_80x24", render(&mut a, 80, 24));
}

#[test]
fn an_unknown_id_and_a_refused_one() {
    let mut a = looked_up(Lang::Zh, None, "11010519491231002x");
    insta::assert_snapshot!("f2_unknown_zh_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::Zh);
    key(&mut a, KeyCode::F(2), KeyModifiers::NONE);
    typ(&mut a, "110105194912310021");
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    insta::assert_snapshot!("f2_bad_id_zh_80x24", render(&mut a, 80, 24));
}

#[test]
fn intake_asks_for_separate_consent() {
    let mut a = looked_up(Lang::Zh, Some(picture()), ID);
    key(&mut a, KeyCode::Char('a'), KeyModifiers::ALT);
    insta::assert_snapshot!("f2_intake_zh_80x24", render(&mut a, 80, 24));
    typ(&mut a, "1");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "2000");
    key(&mut a, KeyCode::Char('s'), KeyModifiers::ALT);
    typ(&mut a, "4");
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    insta::assert_snapshot!("f2_consent_zh_80x24", render(&mut a, 80, 24));
}

/// Five claims where three rows fit: how many are below, then above, as the cursor moves.
#[test]
fn more_claims_than_fit_say_how_many_are_out_of_sight() {
    let mut p = picture();
    for (i, no) in ["HZ2026000090", "HZ2026000051"].into_iter().enumerate() {
        let mut old = claim(4 + i as i64, no, "inpatient", "2026-02-1", 1_200, ClaimState::Rejected);
        old.filed_on = format!("2026-02-1{i}");
        old.reason = Some("不属于互助范围".into());
        p.claims.push(old);
    }
    let mut a = looked_up(Lang::Zh, Some(p.clone()), ID);
    insta::assert_snapshot!("f2_five_claims_zh_80x24", render(&mut a, 80, 24));
    for _ in 0..3 {
        key(&mut a, KeyCode::Down, KeyModifiers::NONE);
    }
    insta::assert_snapshot!("f2_five_claims_moved_zh_80x24", render(&mut a, 80, 24));
    let mut a = looked_up(Lang::Zh, Some(p), ID);
    a.amb = frontdesk::domain::width::Ambiguous::Wide;
    insta::assert_snapshot!("f2_five_claims_zh_amb2_80x24", render(&mut a, 80, 24));
}

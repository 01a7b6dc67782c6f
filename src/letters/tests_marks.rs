//! The letter's mark: what its code does not sign (the worker, the details, void or replaced,
//! and why) edited in the database without the key is caught by `verify` and `check`; a mark
//! put back from an older copy of the row is caught by the void on record (issue #22).

use super::tests::{SECRET, T, by, issue_one, members, new, new_batch, setup};
use super::*;
use verify::Verdict;

fn verdict(t: &T, l: &LetterRow) -> Verdict {
    verify::by_code(&t.db.conn, &SECRET, &l.number, &l.code).unwrap()
}

fn sql(t: &T, s: &str, id: i64) {
    t.db.conn.execute(s, [id]).unwrap();
}

#[test]
fn a_void_letter_revived_in_the_database_no_longer_verifies() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    assert!(db::write(&mut t.db.conn, |tx| void_in(tx, &SECRET, &a, "日期有误", &by())).unwrap());
    assert_eq!(verdict(&t, &a).word(), "void");
    sql(
        &t,
        "UPDATE letters SET state = 'issued', void_reason = NULL, voided_at = NULL, voided_by = NULL WHERE id = ?1",
        a.id,
    );
    assert_eq!(verdict(&t, &a), Verdict::Altered);
    assert_eq!(record::broken(&t.db.conn, &SECRET).unwrap(), vec![a.number.clone()]);
}

#[test]
fn a_good_letter_set_void_by_hand_is_altered_not_void() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    sql(&t, "UPDATE letters SET state = 'void' WHERE id = ?1", a.id);
    assert_eq!(verdict(&t, &a), Verdict::Altered);
    sql(&t, "UPDATE letters SET state = 'issued' WHERE id = ?1", a.id);
    assert_eq!(verdict(&t, &a).word(), "valid", "put back as it was, it holds again");
}

#[test]
fn every_field_the_code_does_not_sign_is_held_by_the_mark() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    let l = new(&t, "王建国");
    let other = issue_one(&mut t, &l);
    let edits = [
        ("worker_id", "worker_id + 1"),
        ("days", "days + 90"),
        ("places", "5"),
        ("standard", "'每人每天 900 元'"),
        ("companions", "'配偶'"),
        ("note", "'另：标准提高'"),
        ("replaces", &other.id.to_string()),
        ("replace_reason", "'x'"),
        ("void_reason", "'x'"),
        ("replaced_by", &other.id.to_string()),
        ("issued_at", "'2026-01-01T00:00:00.000Z'"),
        ("issued_by", "NULL"),
        ("batch_id", "7"),
    ];
    // As someone editing the file with sqlite3 would: no foreign keys, no triggers.
    t.db.conn
        .execute_batch("PRAGMA foreign_keys = OFF; DROP TRIGGER IF EXISTS letters_replaced_once")
        .unwrap();
    for (field, value) in edits {
        let was: rusqlite::types::Value =
            t.db.conn
                .query_row(&format!("SELECT {field} FROM letters WHERE id = ?1"), [a.id], |r| r.get(0))
                .unwrap();
        sql(&t, &format!("UPDATE letters SET {field} = {value} WHERE id = ?1"), a.id);
        assert_eq!(verdict(&t, &a), Verdict::Altered, "{field} edited");
        assert!(record::broken(&t.db.conn, &SECRET).unwrap().contains(&a.number), "{field}");
        t.db.conn
            .execute(&format!("UPDATE letters SET {field} = ?2 WHERE id = ?1"), rusqlite::params![a.id, was])
            .unwrap();
        assert_eq!(verdict(&t, &a).word(), "valid", "{field} put back");
    }
}

#[test]
fn a_letter_whose_mark_is_gone_does_not_hold() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    sql(&t, "DELETE FROM letter_marks WHERE letter_id = ?1", a.id);
    assert_eq!(verdict(&t, &a), Verdict::Altered);
}

#[test]
fn a_void_rolled_back_with_the_old_mark_is_caught_by_the_void_on_record() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    let mark: String =
        t.db.conn
            .query_row("SELECT mark FROM letter_marks WHERE letter_id = ?1", [a.id], |r| r.get(0))
            .unwrap();
    assert!(db::write(&mut t.db.conn, |tx| void_in(tx, &SECRET, &a, "日期有误", &by())).unwrap());
    sql(
        &t,
        "UPDATE letters SET state = 'issued', void_reason = NULL, voided_at = NULL, voided_by = NULL WHERE id = ?1",
        a.id,
    );
    t.db.conn
        .execute("UPDATE letter_marks SET mark = ?2 WHERE letter_id = ?1", rusqlite::params![a.id, mark])
        .unwrap();
    // The row and its mark are as they were before the void: the audit trail knows, and
    // verification by code asks it (helper-12 heard `valid` here).
    assert_eq!(verdict(&t, &a), Verdict::Altered);
    assert_eq!(record::broken(&t.db.conn, &SECRET).unwrap(), vec![a.number.clone()]);
}

#[test]
fn a_reissue_of_a_void_letter_gives_its_own_reason_in_the_notice() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    assert!(db::write(&mut t.db.conn, |tx| void_in(tx, &SECRET, &a, "日期有误", &by())).unwrap());
    let mut again = new(&t, "王建国");
    again.replaces = Some(a.id);
    again.replace_reason = "疗养单位变更".into();
    let b = issue_one(&mut t, &again);
    let a = letters::by_id(&t.db.conn, a.id).unwrap().unwrap();
    let on = by().today;
    let void_notice = notice::words(&t.settings, &a, None, on).unwrap();
    assert!(
        void_notice.contains("原因：日期有误。") && !void_notice.contains("请以新函为准"),
        "{void_notice}"
    );
    let reissue_notice = notice::words(&t.settings, &a, Some(&b), on).unwrap();
    assert!(
        reissue_notice.contains("原因：疗养单位变更。") && !reissue_notice.contains("日期有误"),
        "{reissue_notice}"
    );
    assert!(reissue_notice.contains(&format!("由{}替代", b.number)), "{reissue_notice}");
    // The letter replaced keeps its first void's reason; both letters hold.
    assert_eq!(a.void_reason.as_deref(), Some("日期有误"));
    assert!(record::broken(&t.db.conn, &SECRET).unwrap().is_empty());
}

/// helper-12: a roster edited in the database (a later end date, a person added) verified as
/// a valid roster, and a letter moved in or out of a batch changed its count unseen.
#[test]
fn a_batch_is_held_by_its_mark_roster_and_letters_alike() {
    let mut t = setup("王建国", "");
    let b = new_batch(members(&t, 3));
    let (batch_id, issued) = batch::issue(&mut t.db.conn, &t.settings, &SECRET, &b, &by()).unwrap().unwrap();
    let roster_file = |t: &T| batch::roster_files(&t.settings, &t.db.conn, batch_id).unwrap()[0].1.clone();
    let v = |t: &T, f: &str| verify::by_file(&t.db.conn, &SECRET, &t.settings, f.as_bytes()).unwrap();
    assert_eq!(v(&t, &roster_file(&t)).word(), "valid");
    assert!(crate::db::letter_marks::broken_batches(&t.db.conn, &SECRET).unwrap().is_empty());
    t.db.conn
        .execute(
            "UPDATE batches SET roster_text = replace(roster_text, '12月12日', '12月30日') WHERE id = ?1",
            [batch_id],
        )
        .unwrap();
    let forged = roster_file(&t);
    assert!(forged.contains("12月30日"));
    assert_eq!(v(&t, &forged).word(), "altered");
    assert_eq!(crate::db::letter_marks::broken_batches(&t.db.conn, &SECRET).unwrap(), vec!["2026/1"]);
    t.db.conn
        .execute(
            "UPDATE batches SET roster_text = replace(roster_text, '12月30日', '12月12日') WHERE id = ?1",
            [batch_id],
        )
        .unwrap();
    assert_eq!(v(&t, &roster_file(&t)).word(), "valid", "put back, it holds");
    // A letter taken out of the batch: the batch and the letter both no longer hold.
    sql(&t, "UPDATE letters SET batch_id = NULL WHERE id = ?1", issued[2].id);
    assert_eq!(v(&t, &roster_file(&t)).word(), "altered");
    assert!(
        !record::holds(&t.db.conn, &SECRET, &letters::by_id(&t.db.conn, issued[2].id).unwrap().unwrap())
            .unwrap()
    );
}

/// helper-12: a void notice back-dated (its Date header and its words both) verified as a
/// notice; each notice is held to the Message-ID and day on record.
#[test]
fn a_void_notice_dated_otherwise_than_on_record_is_altered() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    assert!(db::write(&mut t.db.conn, |tx| void_in(tx, &SECRET, &a, "日期有误", &by())).unwrap());
    let a = letters::by_id(&t.db.conn, a.id).unwrap().unwrap();
    let outbox = t.dir.path().join("outbox");
    let path = send::void_notice(&t.db.conn, &t.settings, &SECRET, &outbox, None, &a).unwrap().unwrap();
    let genuine = std::fs::read_to_string(&path).unwrap();
    let v = |s: &str| verify::by_file(&t.db.conn, &SECRET, &t.settings, s.as_bytes()).unwrap().word();
    assert_eq!(v(&genuine), "void");
    // The same notice rebuilt for another day, Date header and words alike.
    let other_day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let date = other_day.and_hms_opt(9, 0, 0).unwrap().and_utc().fixed_offset();
    let id = crate::letters::mail_view::header(genuine.as_bytes(), "Message-ID").unwrap();
    let forged = notice::eml(&t.settings, &a, None, other_day, date, id.trim_matches(['<', '>'])).unwrap();
    assert_eq!(v(&forged), "altered");
    // Another Message-ID than the one on record.
    let today = chrono::Utc::now().with_timezone(&t.settings.tz);
    let moved = notice::eml(&t.settings, &a, None, today.date_naive(), today.fixed_offset(), "x@y").unwrap();
    assert_eq!(v(&moved), "altered");
    // helper-15: the notice on record moved to the forged day (or one made up) in the database:
    // the letter's mark covers its notices, so it no longer holds.
    sql(&t, "UPDATE letter_notices SET at = '2026-11-01T01:00:00.000Z' WHERE letter_id = ?1", a.id);
    assert_eq!(v(&forged), "altered");
    assert_eq!(record::broken(&t.db.conn, &SECRET).unwrap(), vec![a.number.clone()]);
}

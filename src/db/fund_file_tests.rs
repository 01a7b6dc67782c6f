//! The approval's "current file" is a file filed by the approval day: a back-dated approval
//! (the demo's, an import's day) must agree with what `report fund` reads as current then.

use super::fund;
use super::fund_tests::{household, temp};
use crate::domain::fund::FileOnDay;
use crate::domain::hardship::Category;
use chrono::NaiveDate;

#[test]
fn a_file_filed_after_the_approval_day_is_not_current_on_it() {
    let (_dir, mut db) = temp();
    let w = household(&mut db, 7, Some((Category::Deep, "2027-01-09")));
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(fund::file_on(&db.conn, w, day("2026-01-09")).unwrap(), FileOnDay::None);
    assert_eq!(fund::file_on(&db.conn, w, day("2026-01-10")).unwrap(), FileOnDay::Current(Category::Deep));
    let (_, report) = super::fund_report::file_as_of(&db.conn, w, day("2026-01-09")).unwrap();
    assert_eq!(report, FileOnDay::None);
}

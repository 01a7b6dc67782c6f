//! 困难档案's figures on hand-made files (rows written with plain SQL, as the storage layer would
//! leave them), the answers worked out by hand. November 2026, visits due every 90 days:
//! F1 lapses on 11-10; F2 lapses on 11-15 and is reviewed late on 11-20; F3 is reviewed on time
//! on 11-10; F4 exits by review on 11-12 (income); F5 exits directly on 11-25 (died); F6 is filed
//! on 11-03 and visited on 11-04; F7 is only applied for; F8 came from the workers' old level
//! (no valid-until, never visited).

use super::*;
use crate::db::{self, OpenMode};
use chrono::TimeZone;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn d25(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, day).unwrap()
}

/// 10:00 in Yuyao on a day.
fn moment(day: NaiveDate) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

pub(crate) struct Files<'a>(pub &'a Connection);

impl Files<'_> {
    /// A file of a new worker; `n` makes the worker's ID and the file number.
    pub fn file(
        &self,
        n: i64,
        state: &str,
        category: Option<&str>,
        causes: &str,
        filed_on: Option<NaiveDate>,
    ) -> i64 {
        let c = self.0;
        c.execute(
            "INSERT INTO workers (id_number, name, created_at, updated_at) VALUES (?1, ?2, 'x', 'x')",
            rusqlite::params![format!("ID{n:016}"), format!("户{n}")],
        )
        .unwrap();
        let worker = c.last_insert_rowid();
        c.execute(
            "INSERT INTO hardship_files (file_no, worker_id, state, category, causes, applied_on, filed_on,
                                         created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, '2025-01-01', ?6, 'x', 'x')",
            rusqlite::params![
                format!("KN{n:05}"),
                worker,
                state,
                category,
                causes,
                filed_on.map(|d| d.to_string())
            ],
        )
        .unwrap();
        c.last_insert_rowid()
    }

    pub fn event(
        &self,
        file: i64,
        day: NaiveDate,
        action: &str,
        state: &str,
        valid_until: Option<NaiveDate>,
    ) {
        self.0
            .execute(
                "INSERT INTO hardship_events (file_id, at, day, action, state, valid_until)
                 VALUES (?1, ?2 || 'T02:00:00.000Z', ?2, ?3, ?4, ?5)",
                rusqlite::params![file, day.to_string(), action, state, valid_until.map(|d| d.to_string())],
            )
            .unwrap();
    }

    pub fn review(
        &self,
        file: i64,
        day: NaiveDate,
        result: &str,
        category: Option<&str>,
        until: Option<NaiveDate>,
    ) {
        self.0
            .execute(
                "INSERT INTO hardship_reviews (file_id, state, result, category, entered_at, entered_on, approved_on)
                 VALUES (?1, 'approved', ?2, ?3, 'x', ?4, ?4)",
                rusqlite::params![file, result, category, day.to_string()],
            )
            .unwrap();
        let state = if result == "exit" { "exited" } else { "filed" };
        self.event(file, day, "review_approve", state, until);
    }

    pub fn exit(&self, file: i64, reason: &str) {
        self.0
            .execute(
                "UPDATE hardship_files SET state = 'exited', exit_reason = ?2 WHERE id = ?1",
                rusqlite::params![file, reason],
            )
            .unwrap();
    }

    pub fn visit(&self, file: i64, day: NaiveDate) {
        self.0
            .execute(
                "INSERT INTO hardship_visits (file_id, visited_on, place, found, entered_at) VALUES (?1, ?2, '家中', '见到本人', 'x')",
                rusqlite::params![file, day.to_string()],
            )
            .unwrap();
    }

    /// A file filed on `on` for a year (valid until the day before its anniversary).
    pub fn filed(&self, n: i64, category: &str, causes: &str, on: NaiveDate) -> i64 {
        let f = self.file(n, "filed", Some(category), causes, Some(on));
        self.event(f, on, "apply", "applied", None);
        let until = on.checked_add_months(chrono::Months::new(12)).and_then(|d| d.pred_opt());
        self.event(f, on, "approve", "filed", until);
        f
    }

    /// The eight files of the module's comment.
    pub fn november(&self) {
        let f1 = self.filed(1, "deep", "illness,disability", d25(11, 10));
        self.visit(f1, d(6, 1));
        let f2 = self.filed(2, "relative", "illness", d25(11, 15));
        self.review(
            f2,
            d(11, 20),
            "continue",
            Some("relative"),
            Some(NaiveDate::from_ymd_opt(2027, 11, 19).unwrap()),
        );
        let f3 = self.filed(3, "deep", "illness,unemployment", d25(11, 15));
        self.review(
            f3,
            d(11, 10),
            "continue",
            Some("deep"),
            Some(NaiveDate::from_ymd_opt(2027, 11, 9).unwrap()),
        );
        self.visit(f3, d(11, 28));
        let f4 = self.filed(4, "relative", "study", d(1, 1));
        self.review(f4, d(11, 12), "exit", None, Some(d(12, 31)));
        self.exit(f4, "income");
        let f5 = self.filed(5, "deep", "disaster", d(1, 1));
        self.event(f5, d(11, 25), "exit", "exited", Some(d(12, 31)));
        self.exit(f5, "died");
        let f6 = self.file(6, "filed", Some("sudden"), "accident", Some(d(11, 3)));
        self.event(f6, d(11, 1), "apply", "applied", None);
        self.event(f6, d(11, 3), "approve", "filed", Some(NaiveDate::from_ymd_opt(2027, 11, 2).unwrap()));
        self.visit(f6, d(11, 4));
        let f7 = self.file(7, "applied", None, "illness", None);
        self.event(f7, d(11, 2), "apply", "applied", None);
        let f8 = self.file(8, "filed", Some("relative"), "", Some(d(6, 15)));
        self.event(f8, d(6, 15), "import", "filed", None);
    }
}

fn fixture() -> (tempfile::TempDir, db::Db, Settings) {
    let dir = tempfile::tempdir().unwrap();
    let db = db::open(&dir.path().join("h.db"), OpenMode::Create).unwrap();
    Files(&db.conn).november();
    (dir, db, Settings::builtin())
}

fn counts(pairs: &[(&str, i64)], all: &[&str]) -> BTreeMap<String, i64> {
    all.iter().map(|c| (c.to_string(), pairs.iter().find(|(k, _)| k == c).map_or(0, |(_, n)| *n))).collect()
}

fn categories(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    counts(pairs, &Category::ALL.iter().map(|c| c.code()).collect::<Vec<_>>())
}

fn causes(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    counts(pairs, &Cause::ALL.iter().map(|c| c.code()).collect::<Vec<_>>())
}

fn reasons(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    counts(pairs, &ExitReason::ALL.iter().map(|c| c.code()).collect::<Vec<_>>())
}

#[test]
fn a_past_month_counts_each_figure_as_of_its_last_evening() {
    let (_dir, db, settings) = fixture();
    let nov = Period::month(2026, 11).unwrap();
    let s = crate::report::summary_at(&db.conn, &settings, nov, moment(d(12, 5))).unwrap();
    let want = Hardship {
        in_file: InFile {
            total: 4,
            by_category: categories(&[("deep", 1), ("relative", 2), ("sudden", 1)]),
            by_cause: causes(&[("illness", 2), ("unemployment", 1), ("accident", 1)]),
        },
        filed: 1,
        reviewed: 2,
        exited: Exited { total: 2, by_reason: reasons(&[("income", 1), ("died", 1)]) },
        lapsed: 2,
        visits: 2,
        // F1 (lapsed, last seen in June), F2 (never visited since filing), F8 (never visited).
        overdue_visits: 3,
    };
    assert_eq!(s.hardship, want);
    // The day F1 lapsed: one lapse, six in file (F1 out; F3 reviewed that day stays).
    let day = s.days.iter().find(|x| x.date.as_deref() == Some("2026-11-10")).unwrap();
    assert_eq!((day.hardship.lapsed, day.hardship.in_file.total, day.hardship.reviewed), (1, 6, 1));
    let day = s.days.iter().find(|x| x.date.as_deref() == Some("2026-11-15")).unwrap();
    assert_eq!((day.hardship.lapsed, day.hardship.in_file.total), (1, 4), "F2 lapsed, F4 exited, F1 out");
    let days: i64 = s.days.iter().map(|x| x.hardship.lapsed).sum();
    assert_eq!(days, 2, "the days' lapses add up to the month's");
    assert_eq!(s.days.iter().map(|x| x.hardship.visits).sum::<i64>(), 2);
}

#[test]
fn october_is_read_as_it_stood_before_novembers_lapses_and_exits() {
    let (_dir, db, settings) = fixture();
    let oct = Period::month(2026, 10).unwrap();
    let s = crate::report::summary_at(&db.conn, &settings, oct, moment(d(12, 5))).unwrap();
    let h = &s.hardship;
    // F1 (until 11-09), F2, F3, F4, F5 and F8; F6 not filed yet, F7 only applied.
    assert_eq!(h.in_file.total, 6);
    assert_eq!(h.in_file.by_category, categories(&[("deep", 3), ("relative", 3)]));
    assert_eq!((h.filed, h.reviewed, h.exited.total, h.lapsed, h.visits), (0, 0, 0, 0, 0));
    assert_eq!(h.exited.by_reason, reasons(&[]), "every reason present, at zero");
    // As of 10-31 (due before 11-01): F1 (06-01 + 90 = 08-30), F8 (06-15 + 90 = 09-13); F2, F3
    // filed 2025-11-15 and never visited by then: due 2026-02-13. F4, F5 filed 01-01: due 04-01.
    assert_eq!(h.overdue_visits, 6);
}

#[test]
fn a_running_month_is_as_of_today_and_a_late_lapse_is_not_yet_counted() {
    let (_dir, db, settings) = fixture();
    let nov = Period::month(2026, 11).unwrap();
    let s = crate::report::summary_at(&db.conn, &settings, nov, moment(d(11, 12))).unwrap();
    let h = &s.hardship;
    // F1 lapsed on 11-10, F4 exited today; F2 (until 11-14), F3, F5, F6, F8 in file.
    assert_eq!((h.in_file.total, h.lapsed), (5, 1));
    // A day to come has no as-of figures.
    let later = s.days.iter().find(|x| x.date.as_deref() == Some("2026-11-20")).unwrap();
    assert_eq!((later.hardship.in_file.total, later.hardship.lapsed), (0, 0));
}

#[test]
fn an_empty_database_has_every_code_at_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = db::open(&dir.path().join("e.db"), OpenMode::Create).unwrap();
    let s =
        crate::report::summary_at(&db.conn, &Settings::builtin(), Period::day(d(11, 3)), moment(d(12, 5)))
            .unwrap();
    assert_eq!(s.hardship, Hardship::zero());
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["hardship"]["in_file"]["by_cause"]["accident"], 0);
    assert_eq!(json["hardship"]["exited"]["by_reason"]["own_request"], 0);
    assert_eq!(json["hardship"]["overdue_visits"], 0);
}

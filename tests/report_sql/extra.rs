//! Part (c): rows written into the demo with SQL around today, so that what falls due after
//! today within the month shows in the month's report: loans due after today (and before it,
//! returned in full, in part or not at all), claims whose papers were complete recently (due
//! after today, before the month's last day) beside claims due before today (open, paid,
//! rejected, imported), claim look-ups on several days, one referral's result recorded, and a
//! few visits whose steps the demo lacks (a recall, a transfer, one crossing midnight).
//! Dates are offsets from today, so the rows fit whatever day the test runs on.

use chrono::{DateTime, Datelike, Days, NaiveDate, SecondsFormat, TimeZone, Utc};
use frontdesk::config::Settings;
use rusqlite::{Connection, Transaction, params};
use std::path::Path;

/// What was written that the self-checks need.
pub struct Written {
    /// Claims due after today and before the month's last day (none where the calendar does
    /// not cover the dates).
    pub claims_due_ahead: usize,
}

struct Ctx<'a> {
    tx: &'a Transaction<'a>,
    settings: &'a Settings,
    today: NaiveDate,
}

impl Ctx<'_> {
    fn day(&self, offset: i64) -> NaiveDate {
        if offset >= 0 {
            self.today.checked_add_days(Days::new(offset as u64)).expect("a date")
        } else {
            self.today.checked_sub_days(Days::new(offset.unsigned_abs())).expect("a date")
        }
    }

    /// A local time on `d` as the UTC stamp the program stores.
    fn at(&self, d: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
        let local = d.and_hms_opt(h, m, 0).expect("a time");
        self.settings.tz.from_local_datetime(&local).earliest().expect("a local time").with_timezone(&Utc)
    }

    fn stamp(&self, d: NaiveDate, h: u32, m: u32) -> String {
        self.at(d, h, m).to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    fn clerk(&self, login: &str) -> i64 {
        self.tx.query_row("SELECT id FROM clerks WHERE login = ?1", [login], |r| r.get(0)).unwrap()
    }

    fn stock(&self, item: &str, delta: i64) {
        let n = self
            .tx
            .execute(
                "UPDATE station_stock SET qty = qty + ?2 WHERE item = ?1 AND batch = ''",
                params![item, delta],
            )
            .unwrap();
        assert_eq!(n, 1, "stock row of {item}");
    }

    /// A stock movement (restock at 8:00, lend at 10:00, return at 16:00 local).
    fn mv(&self, d: NaiveDate, item: &str, kind: &str, qty: i64, loan: Option<i64>, clerk: i64) {
        let h = match kind {
            "restock" => 8,
            "lend" => 10,
            _ => 16,
        };
        self.tx
            .execute(
                "INSERT INTO station_moves (at, day, item, batch, kind, qty, entries, loan_id, clerk_id, window)
                 VALUES (?1, ?2, ?3, '', ?4, ?5, 1, ?6, ?7, 'desk')",
                params![self.stamp(d, h, 0), d.to_string(), item, kind, qty, loan, clerk],
            )
            .unwrap();
        self.stock(item, qty);
    }
}

/// A loan: item, units, lent (offset from today), due (offset), returns (offset, units).
type LoanPlan = (&'static str, i64, i64, i64, &'static [(i64, i64)]);

const LOANS: &[LoanPlan] = &[
    ("umbrella", 1, 0, 1, &[]),          // due tomorrow, out
    ("glasses", 2, -1, 3, &[]),          // due after today, out
    ("umbrella", 1, -2, 2, &[(0, 1)]),   // due after today, back today
    ("umbrella", 1, -1, 0, &[]),         // due today, out: overdue from tomorrow
    ("umbrella", 1, -3, -2, &[(-2, 1)]), // due before today, back on its day
    ("umbrella", 2, -4, -3, &[(-1, 1)]), // due before today, back in part
    ("glasses", 1, -5, -1, &[]),         // due before today, out
    ("glasses", 1, -6, -4, &[(-3, 1)]),  // due before today, back a day late
];

pub fn insert(db: &Path, settings: &Settings, today: NaiveDate, month_end: NaiveDate) -> Written {
    let mut conn = Connection::open(db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(30)).unwrap();
    let tx = conn.transaction().unwrap();
    let c = Ctx { tx: &tx, settings, today };
    let (sup, clerk, volunteer) = (c.clerk("9001"), c.clerk("9002"), c.clerk("9003"));
    // Enough on the shelf for the loans below, whatever the demo's week left.
    for item in ["umbrella", "glasses"] {
        c.mv(c.day(-7), item, "restock", 10, None, sup);
    }
    for (n, (item, qty, lent, due, returns)) in LOANS.iter().enumerate() {
        let (lent_on, due_on) = (c.day(*lent), c.day(*due));
        if due_on > month_end {
            continue;
        }
        let back: i64 = returns.iter().map(|r| r.1).sum();
        let closed = returns.last().filter(|_| back == *qty).map(|r| c.stamp(c.day(r.0), 16, 0));
        tx.execute(
            "INSERT INTO station_loans (item, qty, returned, name, phone, lent_at, lent_on, due_on, lent_by, closed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                item,
                qty,
                back,
                format!("借用人{n}"),
                format!("1380000{n:04}"),
                c.stamp(lent_on, 10, 0),
                lent_on.to_string(),
                due_on.to_string(),
                volunteer,
                closed
            ],
        )
        .unwrap();
        let loan = tx.last_insert_rowid();
        c.mv(lent_on, item, "lend", -qty, Some(loan), volunteer);
        for (off, units) in *returns {
            c.mv(c.day(*off), item, "return", *units, Some(loan), volunteer);
        }
        // The loan back in part: its other unit closed as lost today by the supervisor, a
        // step of theirs (F5's per-clerk station figure counts it).
        if (*qty, *lent, *due) == (2, -4, -3) {
            let at = c.stamp(today, 15, 0);
            tx.execute(
                "UPDATE station_loans SET lost = 1, closed_at = ?2, note = '遗失 1：告知遗失' WHERE id = ?1",
                params![loan, at],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO station_lost (loan_id, at, day, qty, clerk_id, window, reason)
                 VALUES (?1, ?2, ?3, 1, ?4, 'desk', '告知遗失')",
                params![loan, at, today.to_string(), sup],
            )
            .unwrap();
        }
    }
    let written = claims(&c, month_end, sup, clerk);
    visits(&c, sup, clerk);
    // Claim look-ups: today, yesterday, the month's first day, and the day before it.
    let first = today.with_day0(0).expect("a first day");
    let before = first.pred_opt().expect("a date");
    let lookups = [
        (today, 8, "9002", clerk),
        (c.day(-1), 9, "9002", clerk),
        (first, 9, "9001", sup),
        (before, 10, "9002", clerk),
    ];
    for (d, h, login, id) in lookups {
        let actor = frontdesk::db::audit::Actor {
            clerk_id: Some(id),
            login: Some(login.into()),
            terminal: "report_sql".into(),
        };
        // Written through the crate's own append (inputs only, no figure is read through the
        // crate), so the trail's hash chain and its signed head stay whole for the commands after.
        frontdesk::db::audit::append(
            &tx,
            &actor,
            c.at(d, h, 0),
            &frontdesk::db::audit::Entry::new("claims_lookup"),
        )
        .unwrap();
    }
    // One referral's result recorded this morning: no longer an open follow-up as of today.
    tx.execute(
        "UPDATE visits SET followup_result = '已回访', followup_at = ?1
         WHERE id = (SELECT min(id) FROM visits WHERE outcome = 'referred')",
        [c.stamp(today, 0, 1)],
    )
    .unwrap();
    tx.commit().unwrap();
    written
}

/// A claim: papers complete on `papers`, its events (to-state, day, hour, clerk, source).
fn claim(
    c: &Ctx,
    n: usize,
    papers: NaiveDate,
    status: &str,
    fen: Option<i64>,
    events: &[(&str, NaiveDate, u32, i64, &str)],
) {
    let worker: i64 = c.tx.query_row("SELECT min(id) FROM workers", [], |r| r.get(0)).unwrap();
    let paid = (status == "paid").then_some(fen).flatten();
    c.tx.execute(
        "INSERT INTO claims (claim_no, worker_id, kind, filed_on, amount_claimed_fen, amount_approved_fen,
                             amount_paid_fen, paid_on, status, papers_complete_on, registered_by, created_at)
         VALUES (?1, ?2, 'inpatient', ?3, 200000, ?4, ?5, ?6, ?7, ?3, ?8, ?9)",
        params![
            format!("SQLCHK-{n}"),
            worker,
            papers.to_string(),
            fen,
            paid,
            events.iter().find(|e| e.0 == "paid").map(|e| e.1.to_string()),
            status,
            events[0].3,
            c.stamp(papers, 9, 0)
        ],
    )
    .unwrap();
    let id = c.tx.last_insert_rowid();
    let mut from: Option<&str> = None;
    for (k, (to, d, h, by, source)) in events.iter().enumerate() {
        c.tx.execute(
            "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, c.stamp(*d, *h, k as u32), by, from, to, source],
        )
        .unwrap();
        from = Some(to);
    }
}

/// Claims due after today (papers complete recently), and claims due before it: one open, one
/// paid, one rejected, one imported as paid. Due dates come from the config's calendar.
fn claims(c: &Ctx, month_end: NaiveDate, sup: i64, clerk: i64) -> Written {
    let pay_by = c
        .settings
        .config
        .claim_kinds
        .iter()
        .find(|k| k.code == "inpatient")
        .map_or(15, |k| k.pay_by_working_days);
    let due = |p: NaiveDate| c.settings.calendar.add_working_days(p, pay_by);
    let ahead: Vec<NaiveDate> = (1..=45)
        .map(|k| c.day(-k))
        .filter(|p| due(*p).is_some_and(|d| d > c.today && d < month_end))
        .collect();
    let behind: Vec<NaiveDate> =
        (20..=90).map(|k| c.day(-k)).filter(|p| due(*p).is_some_and(|d| d < c.today)).take(4).collect();
    let mut n = 0;
    let open =
        |p: NaiveDate| vec![("submitted", p, 9, clerk, "counter"), ("under_review", p, 10, clerk, "counter")];
    let mut picks: Vec<NaiveDate> = ahead.first().into_iter().chain(ahead.last()).copied().collect();
    picks.dedup();
    for p in &picks {
        n += 1;
        claim(c, n, *p, "under_review", None, &open(*p));
    }
    if let [a, b, r, i] = behind[..] {
        claim(c, 10, a, "under_review", None, &open(a));
        let mut paid = open(b);
        paid.push(("approved", c.day(-2), 10, sup, "counter"));
        paid.push(("paid", c.day(-1), 15, sup, "counter"));
        claim(c, 11, b, "paid", Some(180_000), &paid);
        let mut rejected = open(r);
        rejected.push(("rejected", c.day(-1), 11, sup, "counter"));
        claim(c, 12, r, "rejected", None, &rejected);
        let first = c.today.with_day0(0).expect("a first day");
        claim(c, 13, i, "paid", Some(50_000), &[("paid", first, 11, sup, "import")]);
    }
    Written { claims_due_ahead: picks.len() }
}

/// A step: kind, minutes after arrival, window, state after, detail, clerk.
type StepPlan<'a> = (&'a str, i64, &'a str, &'a str, &'a str, i64);

/// A visit: ticket, matter, channel, arrival (minutes after local midnight), referral
/// department, steps.
type VisitPlan<'a> = (Option<&'a str>, &'a str, &'a str, u32, Option<&'a str>, Vec<StepPlan<'a>>);

/// Visits yesterday (today on a month's first day) with steps the demo has none of.
fn visits(c: &Ctx, sup: i64, clerk: i64) {
    let first = c.today.with_day0(0).expect("a first day");
    let day = if c.today > first { c.day(-1) } else { c.today };
    let outcome = |o: &str| format!("outcome={o};");
    let (done, papers, referred) =
        (outcome("done_first_visit"), outcome("needs_papers"), outcome("referred"));
    let plans: Vec<VisitPlan> = vec![
        // Arrived before midnight, served after: counts on its arrival day.
        (
            Some("Z901"),
            "rights",
            "walk_in",
            23 * 60 + 40,
            None,
            vec![
                ("issue", 0, "desk", "waiting", "walk_in", clerk),
                ("call", 25, "w2", "called", "", clerk),
                ("begin", 26, "w2", "serving", "", clerk),
                ("finish", 40, "w2", "done", &done, clerk),
            ],
        ),
        // Served after a recall: the wait runs to the recall.
        (
            Some("Z902"),
            "medical_aid",
            "walk_in",
            9 * 60,
            None,
            vec![
                ("issue", 0, "desk", "waiting", "walk_in", clerk),
                ("call", 10, "w1", "called", "", clerk),
                ("recall", 12, "w1", "called", "", clerk),
                ("begin", 13, "w1", "serving", "", clerk),
                ("finish", 30, "w1", "done", &papers, clerk),
            ],
        ),
        // Transferred from w1 to w3, served there by another clerk and referred out.
        (
            Some("Z903"),
            "hardship",
            "walk_in",
            10 * 60,
            Some("justice"),
            vec![
                ("issue", 0, "desk", "waiting", "walk_in", clerk),
                ("call", 5, "w1", "called", "", clerk),
                ("begin", 6, "w1", "serving", "", clerk),
                ("transfer", 10, "w1", "waiting", "to=w3", clerk),
                ("call", 30, "w3", "called", "", sup),
                ("begin", 31, "w3", "serving", "", sup),
                ("finish", 50, "w3", "referred", &referred, sup),
            ],
        ),
        // Missed three calls.
        (
            Some("Z904"),
            "other",
            "walk_in",
            11 * 60,
            None,
            vec![
                ("issue", 0, "desk", "waiting", "walk_in", clerk),
                ("call", 5, "w3", "called", "", clerk),
                ("recall", 7, "w3", "called", "", clerk),
                ("recall", 9, "w3", "called", "", clerk),
                ("no_show", 11, "w3", "no_show", "", clerk),
            ],
        ),
        // A phone call, logged done.
        (None, "employment", "phone", 14 * 60, None, vec![("issue", 0, "desk", "done", "phone", sup)]),
    ];
    for (ticket, matter, channel, minute, department, steps) in plans {
        let arrived = c.at(day, 0, 0) + chrono::Duration::minutes(minute.into());
        let last = steps.last().expect("a step");
        let finish = steps.iter().rev().find(|s| s.0 == "finish");
        c.tx.execute(
            "INSERT INTO visits (day, ticket, matter, channel, arrived_at, state, calls, window, outcome,
                                 ref_department, ref_follow_up_on, issued_by, issued_window)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'desk')",
            params![
                day.to_string(),
                ticket,
                matter,
                channel,
                arrived.to_rfc3339_opts(SecondsFormat::Millis, true),
                last.3,
                steps.iter().filter(|s| s.0 == "call" || s.0 == "recall").count() as i64,
                (channel == "walk_in").then_some(last.2),
                finish.and_then(|f| f.4.strip_prefix("outcome=")).map(|o| o.trim_end_matches(';')),
                department,
                department.map(|_| c.day(3).to_string()),
                steps[0].5
            ],
        )
        .unwrap();
        let id = c.tx.last_insert_rowid();
        let mut from: Option<&str> = None;
        for (kind, after, window, to, detail, by) in &steps {
            let at = arrived + chrono::Duration::minutes(*after);
            c.tx.execute(
                "INSERT INTO visit_events (visit_id, at, clerk_id, window, kind, from_state, to_state, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, at.to_rfc3339_opts(SecondsFormat::Millis, true), by, window, kind, from, to, detail],
            )
            .unwrap();
            from = Some(to);
        }
    }
}

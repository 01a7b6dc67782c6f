//! The summary's figures worked out here from plain SQL over the raw tables, by the intended
//! definitions (DESIGN/DOMAIN and the cross-check's brief), never through the crate's query
//! layer (`frontdesk::report`, `frontdesk::db`). From the crate come only the config (through
//! its loader: timezone, matters' target waits, claim kinds' pay-by days, station items) and
//! one pure calendar helper, `Calendar::add_working_days`, for a claim's due date. Stamps are
//! placed on local days by comparing them with the local midnights' epoch seconds.

use super::compare::Want;
use chrono::{DateTime, Days, NaiveDate, TimeZone, Timelike};
use frontdesk::config::Settings;
use rusqlite::{Connection, Params};
use std::collections::BTreeMap;

pub struct Src<'a> {
    pub conn: &'a Connection,
    pub settings: &'a Settings,
}

/// The day a period's standing figures (late, overdue, return rate, stock, follow-ups) are
/// taken at: today for a period still running (its last day today or later), else its last day.
pub fn as_of(to: NaiveDate, today: NaiveDate) -> NaiveDate {
    to.min(today)
}

/// The first day whose due dates had not fallen by then: a due date falls at the end of its
/// day, so as of a past day's end its own have fallen, and as of now (today) today's have not.
pub fn fallen(as_of: NaiveDate, today: NaiveDate) -> NaiveDate {
    if as_of == today { today } else { as_of.succ_opt().expect("a date") }
}

/// `x` rounded to `d` decimals.
fn round(x: f64, d: i32) -> f64 {
    let f = 10f64.powi(d);
    (x * f).round() / f
}

fn share(n: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| round(n as f64 / of as f64, 4))
}

/// Milliseconds as minutes with one decimal.
fn minutes(ms: i64) -> f64 {
    (ms.max(0) as f64 / 6000.0).round() / 10.0
}

/// avg, p50, p90 (nearest rank) of minutes; `None` where nothing was measured.
fn spread(mut v: Vec<f64>) -> [Option<f64>; 3] {
    if v.is_empty() {
        return [None; 3];
    }
    v.sort_by(f64::total_cmp);
    let rank = |p: usize| v[(p * v.len()).div_ceil(100).max(1) - 1];
    [Some(round(v.iter().sum::<f64>() / v.len() as f64, 1)), Some(rank(50)), Some(rank(90))]
}

impl Src<'_> {
    /// Epoch seconds of the local midnight that starts `d`.
    pub fn start(&self, d: NaiveDate) -> f64 {
        let local = d.and_hms_opt(0, 0, 0).expect("midnight");
        self.settings.tz.from_local_datetime(&local).earliest().expect("a local midnight").timestamp() as f64
    }

    /// Epoch seconds of the local midnight that ends `d`.
    pub fn end(&self, d: NaiveDate) -> f64 {
        self.start(d.succ_opt().expect("a next day"))
    }

    fn one(&self, sql: &str, p: impl Params) -> i64 {
        self.conn.query_row(sql, p, |r| r.get(0)).unwrap_or_else(|e| panic!("{e}: {sql}"))
    }

    fn counts(&self, sql: &str, p: impl Params) -> BTreeMap<String, i64> {
        let mut st = self.conn.prepare(sql).unwrap_or_else(|e| panic!("{e}: {sql}"));
        let rows = st.query_map(p, |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?))).unwrap();
        let mut out = BTreeMap::new();
        for r in rows {
            let (k, n) = r.unwrap();
            *out.entry(k.unwrap_or_default()).or_default() += n;
        }
        out
    }

    /// The local half-hour slot of a stamp (0 = 00:00–00:30).
    fn slot(&self, stamp: &str) -> usize {
        let t =
            DateTime::parse_from_rfc3339(stamp).expect("an RFC 3339 stamp").with_timezone(&self.settings.tz);
        (t.hour() * 2 + t.minute() / 30) as usize
    }
}

/// Every figure of the period `from..=to`, keyed by its JSON path.
pub fn figures(src: &Src, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Vec<(String, Want)> {
    let mut out = vec![];
    if from == to {
        out.push(("date".into(), Want::Text(from.to_string())));
    } else {
        out.push(("from".into(), Want::Text(from.to_string())));
        out.push(("to".into(), Want::Text(to.to_string())));
    }
    let a = as_of(to, today);
    walkins(src, from, to, a, &mut out);
    claims(src, (from, to), a, today, &mut out);
    letters(src, from, to, &mut out);
    station(src, (from, to), a, today, &mut out);
    out.push(("clerks".into(), Want::PerClerk(clerks(src, from, to))));
    // A period not begun has no as-of figures: nothing is known of it yet.
    if from > today {
        for (k, w) in out.iter_mut() {
            match k.as_str() {
                "walkins.open_followups" | "claims.late" | "station.overdue" => *w = Want::Int(0),
                "station.return_rate" => *w = Want::Num(None),
                "station.low_stock" | "station.expiring" => *w = Want::Rows(vec![]),
                _ => {}
            }
        }
    }
    out
}

/// One visit of the period as its rows and events tell it.
struct Visit {
    matter: String,
    channel: String,
    imported: bool,
    ticketed: bool,
    state: String,
    window: Option<String>,
    outcome: Option<String>,
    finished: bool,
    wait_ms: Option<i64>,
    service_ms: Option<i64>,
    department: Option<String>,
    arrived: String,
    called: Option<String>,
}

/// The visits arriving in the period: the state after the last event; the window of the last
/// begin; the last finish and its outcome; the begin that led to service (the last begin before
/// the last finish, or the last begin) and the last call or recall before it.
const VISITS: &str = "
WITH x AS (
  SELECT v.*,
    (SELECT max(e.id) FROM visit_events e WHERE e.visit_id = v.id) AS last_ev,
    (SELECT max(e.id) FROM visit_events e WHERE e.visit_id = v.id AND e.kind = 'finish') AS fin,
    (SELECT max(e.id) FROM visit_events e WHERE e.visit_id = v.id AND e.kind = 'begin') AS last_begin
  FROM visits v WHERE v.day BETWEEN ?1 AND ?2),
y AS (
  SELECT x.*, (SELECT max(e.id) FROM visit_events e WHERE e.visit_id = x.id AND e.kind = 'begin'
                 AND (x.fin IS NULL OR e.id < x.fin)) AS led
  FROM x),
z AS (
  SELECT y.*, (SELECT max(e.id) FROM visit_events e WHERE e.visit_id = y.id
                 AND e.kind IN ('call', 'recall') AND e.id < y.led) AS call_ev
  FROM y)
SELECT z.matter, z.channel, z.imported, z.ticket IS NOT NULL,
  coalesce((SELECT to_state FROM visit_events WHERE id = z.last_ev), z.state),
  (SELECT window FROM visit_events WHERE id = z.last_begin),
  f.detail, f.id IS NOT NULL,
  CAST(round((unixepoch(c.at, 'subsec') - unixepoch(z.arrived_at, 'subsec')) * 1000) AS INTEGER),
  CAST(round((unixepoch(f.at, 'subsec') - unixepoch(b.at, 'subsec')) * 1000) AS INTEGER),
  z.ref_department, z.arrived_at, c.at
FROM z
LEFT JOIN visit_events c ON c.id = z.call_ev
LEFT JOIN visit_events b ON b.id = z.led
LEFT JOIN visit_events f ON f.id = z.fin
ORDER BY z.id";

fn count_by<'a>(it: impl Iterator<Item = &'a str>) -> BTreeMap<String, i64> {
    let mut m = BTreeMap::new();
    for k in it {
        *m.entry(k.to_string()).or_default() += 1;
    }
    m
}

fn walkins(src: &Src, from: NaiveDate, to: NaiveDate, as_of: NaiveDate, out: &mut Vec<(String, Want)>) {
    let mut st = src.conn.prepare(VISITS).unwrap();
    let vs: Vec<Visit> = st
        .query_map([from.to_string(), to.to_string()], |r| {
            let detail: Option<String> = r.get(6)?;
            Ok(Visit {
                matter: r.get(0)?,
                channel: r.get(1)?,
                imported: r.get(2)?,
                ticketed: r.get(3)?,
                state: r.get(4)?,
                window: r.get(5)?,
                outcome: detail
                    .and_then(|d| d.split(';').find_map(|p| p.strip_prefix("outcome=").map(str::to_string))),
                finished: r.get(7)?,
                wait_ms: r.get(8)?,
                service_ms: r.get(9)?,
                department: r.get(10)?,
                arrived: r.get(11)?,
                called: r.get(12)?,
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let live: Vec<&Visit> = vs.iter().filter(|v| !v.imported).collect();
    let mut put = |k: &str, w: Want| out.push((format!("walkins.{k}"), w));
    put("total", Want::Int(vs.len() as i64));
    put("by_category", Want::Counts(count_by(vs.iter().map(|v| v.matter.as_str()))));
    // The walk-in channel's visits, imported ones included (`import walkins` stores them under
    // the channel `import`); phone and online entries are not in by_status.
    let walk_in = vs.iter().filter(|v| v.channel == "walk_in" || v.imported);
    put("by_status", Want::Counts(count_by(walk_in.map(|v| v.state.as_str()))));
    put("by_channel", Want::Counts(count_by(live.iter().map(|v| v.channel.as_str()))));
    put("by_window", Want::Counts(count_by(live.iter().filter_map(|v| v.window.as_deref()))));
    let served: Vec<&&Visit> = live.iter().filter(|v| v.finished).collect();
    let done = served.iter().filter(|v| v.outcome.as_deref() == Some("done_first_visit")).count();
    put("served", Want::Int(served.len() as i64));
    put("first_visit_done_rate", Want::Num(share(done, served.len())));
    let waits: Vec<(&Visit, f64)> =
        live.iter().filter_map(|v| v.wait_ms.map(|ms| (*v, minutes(ms)))).collect();
    let target = |m: &str| src.settings.matter(m).map_or(f64::INFINITY, |m| f64::from(m.target_wait_minutes));
    let over = waits.iter().filter(|(v, w)| *w > target(&v.matter)).count();
    put("over_target_share", Want::Num(share(over, waits.len())));
    for (key, values) in [
        ("wait_minutes", waits.iter().map(|(_, w)| *w).collect::<Vec<f64>>()),
        ("service_minutes", live.iter().filter_map(|v| v.service_ms.map(minutes)).collect()),
    ] {
        let [avg, p50, p90] = spread(values);
        put(&format!("{key}.avg"), Want::Num(avg));
        put(&format!("{key}.p50"), Want::Num(p50));
        put(&format!("{key}.p90"), Want::Num(p90));
    }
    let ticketed: Vec<&&Visit> = live.iter().filter(|v| v.ticketed).collect();
    let no_show = ticketed.iter().filter(|v| v.state == "no_show").count();
    put("no_show_rate", Want::Num(share(no_show, ticketed.len())));
    let referred = vs.iter().filter(|v| v.outcome.as_deref() == Some("referred"));
    put("referred_to", Want::Counts(count_by(referred.map(|v| v.department.as_deref().unwrap_or("")))));
    // Referrals finished by the end of the as-of day whose result was not recorded by then.
    let open = src.one(
        "SELECT count(*) FROM visits v
         JOIN visit_events f ON f.id = (SELECT max(e.id) FROM visit_events e
                                         WHERE e.visit_id = v.id AND e.kind = 'finish')
         WHERE ';' || f.detail || ';' LIKE '%;outcome=referred;%' AND unixepoch(f.at, 'subsec') < ?1
           AND NOT (v.followup_result IS NOT NULL
                    AND coalesce(unixepoch(v.followup_at, 'subsec') < ?1, 1))",
        [src.end(as_of)],
    );
    put("open_followups", Want::Int(open));
    let mut arrivals = vec![0i64; 48];
    for v in &vs {
        arrivals[src.slot(&v.arrived).min(47)] += 1;
    }
    put("arrivals_by_half_hour", Want::Ints(arrivals));
    let mut slot_waits: Vec<Vec<f64>> = vec![vec![]; 48];
    for (v, w) in &waits {
        if let Some(c) = &v.called {
            slot_waits[src.slot(c).min(47)].push(*w);
        }
    }
    let avg = |s: &Vec<f64>| (!s.is_empty()).then(|| round(s.iter().sum::<f64>() / s.len() as f64, 1));
    put("wait_by_half_hour", Want::Nums(slot_waits.iter().map(avg).collect()));
}

/// A stamp column inside the local days `?1`..`?2` given as epoch seconds.
fn within(col: &str) -> String {
    format!("unixepoch({col}, 'subsec') >= ?1 AND unixepoch({col}, 'subsec') < ?2")
}

fn claims(
    src: &Src,
    (from, to): (NaiveDate, NaiveDate),
    as_of: NaiveDate,
    today: NaiveDate,
    out: &mut Vec<(String, Want)>,
) {
    let p = [src.start(from), src.end(to)];
    let mut put = |k: &str, w: Want| out.push((format!("claims.{k}"), w));
    let lookups = src.one(
        &format!("SELECT count(*) FROM audit_log WHERE action = 'claims_lookup' AND {}", within("at")),
        p,
    );
    put("lookups", Want::Int(lookups));
    let registered = src.one(
        &format!(
            "SELECT count(DISTINCT claim_id) FROM claim_events
             WHERE from_state IS NULL AND source <> 'import' AND {}",
            within("at")
        ),
        p,
    );
    put("registered", Want::Int(registered));
    let changes = src.counts(
        &format!(
            "SELECT to_state, count(*) FROM claim_events WHERE from_state IS NOT NULL AND from_state <> to_state AND {} GROUP BY to_state",
            within("at")
        ),
        p,
    );
    put("status_changes", Want::Counts(changes));
    for (key, state, column) in
        [("approved_fen", "approved", "amount_approved_fen"), ("paid_fen", "paid", "amount_paid_fen")]
    {
        let fen = src.one(
            &format!(
                "SELECT coalesce(sum(coalesce({column}, 0)), 0) FROM claims WHERE id IN
                   (SELECT claim_id FROM claim_events WHERE to_state = '{state}' AND {})",
                within("at")
            ),
            p,
        );
        put(key, Want::Int(fen));
    }
    put("late", Want::Int(late(src, as_of, fallen(as_of, today))));
}

/// Claims with complete papers, due (pay-by working days after, by the config's calendar)
/// before `as_of`, and neither paid nor rejected by its end.
pub fn late(src: &Src, as_of: NaiveDate, fallen: NaiveDate) -> i64 {
    let mut st = src
        .conn
        .prepare(
            // On record by then (its first event), not closed by then: a closing event, or an
            // imported payment's own paid_on when that is earlier.
            "SELECT c.kind, c.papers_complete_on FROM claims c WHERE c.papers_complete_on IS NOT NULL
               AND coalesce((SELECT min(unixepoch(e.at, 'subsec')) FROM claim_events e WHERE e.claim_id = c.id), 0) < ?1
               AND NOT EXISTS (SELECT 1 FROM claim_events e WHERE e.claim_id = c.id
                                 AND e.to_state IN ('paid', 'rejected') AND unixepoch(e.at, 'subsec') < ?1)",
        )
        .unwrap();
    let rows: Vec<(String, String)> = st
        .query_map(rusqlite::params![src.end(as_of)], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let kinds = &src.settings.config.claim_kinds;
    rows.iter()
        .filter(|(kind, complete)| {
            let pay_by = kinds.iter().find(|k| k.code == *kind).map_or(15, |k| k.pay_by_working_days);
            let complete: NaiveDate = complete.parse().expect("a papers-complete date");
            // The crate's pure working-day calendar (the config's holidays and make-up days).
            src.settings.calendar.add_working_days(complete, pay_by).is_some_and(|due| due < fallen)
        })
        .count() as i64
}

fn letters(src: &Src, from: NaiveDate, to: NaiveDate, out: &mut Vec<(String, Want)>) {
    let days = [from.to_string(), to.to_string()];
    let mut put = |k: &str, w: Want| out.push((format!("letters.{k}"), w));
    let rec = "type = 'recuperation' AND issued_on BETWEEN ?1 AND ?2";
    put("issued", Want::Int(src.one(&format!("SELECT count(*) FROM letters WHERE {rec}"), days.clone())));
    let by_unit =
        src.counts(&format!("SELECT recipient, count(*) FROM letters WHERE {rec} GROUP BY 1"), days.clone());
    put("by_unit", Want::Counts(by_unit));
    let by_type = src.counts(
        "SELECT type, count(*) FROM letters WHERE issued_on BETWEEN ?1 AND ?2 GROUP BY 1",
        days.clone(),
    );
    put("by_type", Want::Counts(by_type));
    // Voided in the period; a letter replaced by a re-issue counts when the new one was issued
    // (if it carries no void stamp of its own).
    let voided = src.one(
        &format!(
            "SELECT count(*) FROM letters l LEFT JOIN letters n ON n.id = l.replaced_by
             WHERE (l.voided_at IS NOT NULL OR l.replaced_by IS NOT NULL) AND {}",
            within("coalesce(l.voided_at, n.issued_at)")
        ),
        [src.start(from), src.end(to)],
    );
    put("voided", Want::Int(voided));
}

/// Units returned on a loan by the end of `?1` (a local date).
const RETURNED_BY: &str = "coalesce((SELECT sum(abs(m.qty)) FROM station_moves m
                             WHERE m.loan_id = l.id AND m.kind = 'return' AND m.day <= ?1), 0)";

/// Units still out, at the end of `as_of` (or now), on loans whose due date had fallen. A loss
/// on a loan still open carries no date: it is known as of now only.
pub fn overdue(src: &Src, as_of: NaiveDate, today: NaiveDate) -> i64 {
    src.one(
        &format!(
            "SELECT coalesce(sum(max(l.qty - {RETURNED_BY}
                     - CASE WHEN unixepoch(l.closed_at, 'subsec') < ?2 THEN l.lost
                            WHEN l.closed_at IS NULL AND ?4 THEN l.lost ELSE 0 END, 0)), 0)
             FROM station_loans l WHERE l.lent_on <= ?1 AND l.due_on < ?3"
        ),
        rusqlite::params![
            as_of.to_string(),
            src.end(as_of),
            fallen(as_of, today).to_string(),
            as_of == today
        ],
    )
}

/// Loans due in the 30 days ending `as_of` that were back in full by its end / loans due then.
/// A loan falls due at the end of its day: as of now (`as_of` is today) the 30 days end
/// yesterday, and what is due today has not fallen due yet.
pub fn return_rate(src: &Src, as_of: NaiveDate, today: NaiveDate) -> Option<f64> {
    let last = if as_of == today { as_of.pred_opt().expect("a date") } else { as_of };
    let since = last.checked_sub_days(Days::new(29)).expect("a date");
    let (back, due): (i64, i64) = src
        .conn
        .query_row(
            &format!(
                "SELECT coalesce(sum({RETURNED_BY} >= l.qty), 0), count(*) FROM station_loans l
                 WHERE l.lent_on <= ?1 AND l.due_on BETWEEN ?2 AND ?3"
            ),
            [as_of.to_string(), since.to_string(), last.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    share(back as usize, due as usize)
}

fn station(
    src: &Src,
    (from, to): (NaiveDate, NaiveDate),
    as_of: NaiveDate,
    today: NaiveDate,
    out: &mut Vec<(String, Want)>,
) {
    let days = [from.to_string(), to.to_string()];
    let mut put = |k: &str, w: Want| out.push((format!("station.{k}"), w));
    let units = |kinds: &str| {
        format!(
            "SELECT coalesce(sum(abs(qty)), 0) FROM station_moves WHERE kind IN ({kinds}) AND day BETWEEN ?1 AND ?2"
        )
    };
    put("lent", Want::Int(src.one(&units("'lend'"), days.clone())));
    put("returned", Want::Int(src.one(&units("'return'"), days.clone())));
    let given = src.counts(
        "SELECT item, sum(abs(qty)) FROM station_moves
         WHERE kind IN ('give', 'tally') AND day BETWEEN ?1 AND ?2 GROUP BY item",
        days.clone(),
    );
    put("given", Want::Counts(given));
    let uses = src.counts(
        "SELECT item, count(*) FROM station_uses WHERE day BETWEEN ?1 AND ?2 GROUP BY 1",
        days.clone(),
    );
    put("in_hall", Want::Counts(uses));
    let help = src.counts(
        "SELECT kind, count(*) FROM station_help WHERE day BETWEEN ?1 AND ?2 GROUP BY 1",
        days.clone(),
    );
    put("help", Want::Counts(help));
    put("overdue", Want::Int(overdue(src, as_of, today)));
    put("return_rate", Want::Num(return_rate(src, as_of, today)));
    let (low, expiring) = stock_alerts(src, as_of, today);
    put("low_stock", Want::Rows(low));
    put("expiring", Want::Rows(expiring));
}

/// Stock at the end of `as_of` from the movement log: items at or below their threshold
/// (expired batches not counted), and batches on hand expiring within `near_expiry_days`
/// (expired ones flagged). Written as `compare::row_words` writes the JSON's.
fn stock_alerts(src: &Src, as_of: NaiveDate, today: NaiveDate) -> (Vec<String>, Vec<String>) {
    let mut st = src
        .conn
        .prepare(
            "SELECT m.item, m.batch, s.expires_on, sum(m.qty) FROM station_moves m
             LEFT JOIN station_stock s ON s.item = m.item AND s.batch = m.batch
             WHERE m.day <= ?1 GROUP BY m.item, m.batch ORDER BY m.item, m.batch",
        )
        .unwrap();
    let lots: Vec<(String, String, Option<String>, i64)> = st
        .query_map([as_of.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let station = &src.settings.config.station;
    let near = as_of.checked_add_days(Days::new(station.near_expiry_days.into())).expect("a date");
    let expired = |e: &Option<String>| e.as_deref().is_some_and(|e| e < as_of.to_string().as_str());
    let mut low = vec![];
    for item in &station.items {
        let mut free: i64 = lots.iter().filter(|l| l.0 == item.code && !expired(&l.2)).map(|l| l.3).sum();
        // In-hall items in use now are not free; uses close at a day's end, so only today has any.
        if as_of == today {
            free -= src.one(
                "SELECT count(*) FROM station_uses WHERE item = ?1 AND day = ?2 AND ended_at IS NULL",
                [item.code.clone(), today.to_string()],
            );
        }
        if free <= i64::from(item.threshold) {
            low.push(format!("item={} qty={free} threshold={}", item.code, item.threshold));
        }
    }
    let mut soon = vec![];
    for (item, batch, expires, qty) in &lots {
        if let Some(e) = expires
            && *qty > 0
            && e.as_str() <= near.to_string().as_str()
        {
            let flag = if expired(expires) { " expired=true" } else { "" };
            soon.push(format!("item={item} batch={batch} expires_on={e} qty={qty}{flag}"));
        }
    }
    low.sort();
    soon.sort();
    (low, soon)
}

/// Per login: visits acted on (not imported), claim look-ups and claim events, letters issued,
/// station actions (each move, a water tally counting its entries; in-hall uses; help; loss
/// closes).
fn clerks(src: &Src, from: NaiveDate, to: NaiveDate) -> BTreeMap<String, BTreeMap<String, i64>> {
    let days = [from.to_string(), to.to_string()];
    let stamps = [src.start(from), src.end(to)];
    let mut out: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut add = |field: &str, m: BTreeMap<String, i64>| {
        for (login, n) in m {
            *out.entry(login).or_default().entry(field.to_string()).or_default() += n;
        }
    };
    add(
        "walkins",
        src.counts(
            "SELECT c.login, count(DISTINCT v.id) FROM visits v
             JOIN visit_events e ON e.visit_id = v.id JOIN clerks c ON c.id = e.clerk_id
             WHERE v.imported = 0 AND v.day BETWEEN ?1 AND ?2 GROUP BY 1",
            days.clone(),
        ),
    );
    let lookups = format!(
        "SELECT clerk_login, count(*) FROM audit_log
         WHERE action = 'claims_lookup' AND clerk_login IS NOT NULL AND {} GROUP BY 1",
        within("at")
    );
    add("claims", src.counts(&lookups, stamps));
    let events = format!(
        "SELECT c.login, count(*) FROM claim_events e JOIN clerks c ON c.id = e.clerk_id
         WHERE e.source <> 'import' AND {} GROUP BY 1",
        within("e.at")
    );
    add("claims", src.counts(&events, stamps));
    add(
        "letters",
        src.counts(
            "SELECT c.login, count(*) FROM letters l JOIN clerks c ON c.id = l.issued_by
             WHERE l.issued_on BETWEEN ?1 AND ?2 GROUP BY 1",
            days.clone(),
        ),
    );
    for sql in [
        "SELECT c.login, sum(CASE WHEN m.kind = 'tally' THEN m.entries ELSE 1 END) FROM station_moves m
         JOIN clerks c ON c.id = m.clerk_id WHERE m.day BETWEEN ?1 AND ?2 GROUP BY 1",
        "SELECT c.login, count(*) FROM station_uses u JOIN clerks c ON c.id = u.clerk_id
         WHERE u.day BETWEEN ?1 AND ?2 GROUP BY 1",
        "SELECT c.login, count(*) FROM station_help h JOIN clerks c ON c.id = h.clerk_id
         WHERE h.day BETWEEN ?1 AND ?2 GROUP BY 1",
        "SELECT c.login, count(*) FROM station_lost s JOIN clerks c ON c.id = s.clerk_id
         WHERE s.day BETWEEN ?1 AND ?2 GROUP BY 1",
    ] {
        add("station", src.counts(sql, days.clone()));
    }
    out
}

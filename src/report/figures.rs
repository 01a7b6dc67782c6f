//! Claims, letters, station and per-clerk figures: what the period's events say, read once for
//! the whole period and counted per day or for the whole.

use super::loans::{Loan, StockByDay, read_loans, read_stock};
use super::walkins::Visit;
use super::{Claims, ClerkFigures, Letters, Period, Station, StockAlert};
use crate::config::{ItemKind, Settings};
use crate::db::DbError;
use crate::domain::claim;
use crate::domain::letter::LetterType;
use crate::domain::station::{self, Due};
use chrono::{DateTime, Days, NaiveDate};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};

/// An event on a local day, by a clerk (login), with what it is.
#[derive(Debug, Clone)]
struct Ev {
    day: NaiveDate,
    login: Option<String>,
    what: String,
    /// The kind's flag, or the group's total (see `Qty`): added up in i128, so no sum of
    /// stored amounts can wrap.
    qty: i128,
    /// How many events the entry counts.
    n: i64,
}

/// Everything but the walk-ins, read once for a period.
pub struct Loaded {
    lookups: Vec<Ev>,
    claim_events: Vec<Ev>,
    /// Approvals and payments (what = the state, qty = the amount in fen): a claim's first of
    /// each in the period.
    amounts: Vec<Ev>,
    /// Claims whose papers were complete by the end, counted per (due date, closed day, first
    /// day on record, and the papers' day where the calendar gives no due date): a year's
    /// 400,000 come to a few thousand groups.
    open_claims: Vec<(OpenClaim, i64)>,
    issued: Vec<Ev>,
    voided: Vec<Ev>,
    moves: Vec<Ev>,
    uses: Vec<Ev>,
    help: Vec<Ev>,
    /// Loss closes: a supervisor's step on a loan, each its own row (`station_lost`).
    lost: Vec<Ev>,
    loans: Vec<Loan>,
    /// (item, batch) → expiry and the stock at the end of each day that moved it.
    stock: StockByDay,
    /// The local day of the moment the figures are read: lateness, loans overdue, the return
    /// rate, stock and follow-ups are taken as of a period's last day, or as of now (this day)
    /// for a period still running.
    today: NaiveDate,
    /// In-hall items in use now (a period still running): not free for the low-stock alert, as
    /// F4 counts them. Uses close at the day's end, so a past day has none.
    in_use_now: BTreeMap<String, i64>,
}

/// The events of a period, from a list sorted by day.
fn span(list: &[Ev], p: Period) -> &[Ev] {
    let a = list.partition_point(|e| e.day < p.from);
    let b = list.partition_point(|e| e.day <= p.to);
    &list[a..b.max(a)]
}

pub(super) fn day(s: &str) -> NaiveDate {
    s.get(..10).and_then(|d| d.parse().ok()).unwrap_or_default()
}

pub(super) fn local_day(stamp: &str, settings: &Settings) -> NaiveDate {
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.with_timezone(&settings.tz).date_naive())
        .unwrap_or_else(|_| day(stamp))
}

/// The UTC stamps of the period's first and after-last local midnight.
pub(super) fn bounds(settings: &Settings, p: Period) -> (String, String) {
    let start = |d: NaiveDate| crate::domain::dates::day_start_stamp(d, settings.tz);
    (start(p.from), start(p.to.checked_add_days(Days::new(1)).unwrap_or(p.to)))
}

/// Reads `(when, login, what, qty)` rows, with a fifth column where a row stands for several
/// events (a tally's hand-outs), and counts them per local day, clerk, what and qty:
/// a year's million events become a few thousand entries, and no row is kept. A stamped `when`
/// finds its local day among the period's midnights (no date parsing per row).
fn evs(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    settings: &Settings,
    p: Period,
    stamped: bool,
    qty: Qty,
) -> Result<Vec<Ev>, DbError> {
    let days = (p.to - p.from).num_days().max(0) as u64 + 1;
    let starts: Vec<String> = (0..=days)
        .filter_map(|k| p.from.checked_add_days(Days::new(k)))
        .map(|d| crate::domain::dates::day_start_stamp(d, settings.tz))
        .collect();
    let mut names: Vec<String> = vec![];
    let mut intern = |s: &str| -> u32 {
        match names.iter().position(|n| n == s) {
            Some(i) => i as u32,
            None => {
                names.push(s.to_string());
                names.len() as u32 - 1
            }
        }
    };
    // (day, clerk, what, the kind's flag) → (events, their total).
    type Group = (NaiveDate, Option<u32>, u32, i128);
    let mut groups: BTreeMap<Group, (i64, i128)> = BTreeMap::new();
    let mut st = conn.prepare(sql)?;
    let weighted = st.column_count() > 4;
    let mut rows = st.query(params)?;
    while let Some(r) = rows.next()? {
        let when = r.get_ref(0)?.as_str().unwrap_or("");
        let day = if stamped {
            match starts.partition_point(|s| s.as_str() <= when) {
                0 => continue,
                k => p.from.checked_add_days(Days::new(k as u64 - 1)).unwrap_or(p.from),
            }
        } else {
            day(when)
        };
        let login = r.get_ref(1)?.as_str_or_null().ok().flatten().map(&mut intern);
        let what = intern(r.get_ref(2)?.as_str_or_null().ok().flatten().unwrap_or(""));
        let value = i128::from(r.get::<_, Option<i64>>(3)?.unwrap_or(1));
        let key = if qty == Qty::Sum { 0 } else { value };
        let events = if weighted { r.get::<_, i64>(4)? } else { 1 };
        let (n, total) = groups.entry((day, login, what, key)).or_default();
        *n += events;
        *total += value;
    }
    let name = |i: u32| names.get(i as usize).cloned().unwrap_or_default();
    Ok(groups
        .into_iter()
        .map(|((day, login, what, key), (n, total))| {
            let qty = if qty == Qty::Sum { total } else { key };
            Ev { day, login: login.map(name), what: name(what), qty, n }
        })
        .collect())
}

/// What a row's last column is: a kind of event told apart (a flag; 1 where there is none), or a
/// quantity added up (units, amounts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Qty {
    Kind,
    Sum,
}

/// Each claim's first approval and payment in the period, added up per local day.
fn amounts(conn: &Connection, settings: &Settings, p: Period) -> Result<Vec<Ev>, DbError> {
    let (a, b) = bounds(settings, p);
    evs(
        conn,
        // Grouped from the events' index first, then joined: the groups come out in claim order,
        // so the claims are read in rowid order (three times faster than joining every event).
        "SELECT g.at, NULL, g.to_state,
                CASE g.to_state WHEN 'paid' THEN coalesce(c.amount_paid_fen, 0)
                                ELSE coalesce(c.amount_approved_fen, 0) END
         FROM (SELECT e.claim_id, e.to_state, min(e.at) AS at FROM claim_events e
               WHERE e.to_state IN ('approved', 'paid') AND e.at >= ?1 AND e.at < ?2
               GROUP BY e.claim_id, e.to_state) g
         JOIN claims c ON c.id = g.claim_id",
        [&a, &b],
        settings,
        p,
        true,
        Qty::Sum,
    )
}

/// Units of station items as a figure: a sum past i64 (which 99,999 a movement cannot reach)
/// is held at the bound, never wrapped.
fn units(n: i128) -> i64 {
    i64::try_from(n).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX })
}

/// A claim as lateness needs it: due date, the day it closed (its first payment or rejection as
/// recorded, so a payment entered or imported later never moves a past day), the day it was
/// first on record, and, where the calendar gives no due date, the day its papers were complete.
type OpenClaim = (Option<NaiveDate>, Option<NaiveDate>, NaiveDate, Option<NaiveDate>);

/// The claims that may be late at some moment of the period: still open, or closed since its
/// start (`a`), with papers complete by its last day (`to`).
fn read_open_claims(
    conn: &Connection,
    settings: &Settings,
    to: &str,
    a: &str,
) -> Result<Vec<(OpenClaim, i64)>, DbError> {
    let mut groups: HashMap<OpenClaim, i64> = HashMap::new();
    let mut st = conn.prepare(
        "SELECT c.kind, c.papers_complete_on,
                (SELECT min(e.at) FROM claim_events e
                  WHERE e.claim_id = c.id AND e.to_state IN ('paid', 'rejected')),
                (SELECT min(e.at) FROM claim_events e WHERE e.claim_id = c.id)
         FROM claims c WHERE c.id IN (
             SELECT id FROM claims WHERE status NOT IN ('paid', 'rejected') AND papers_complete_on <= ?1
             UNION ALL SELECT claim_id FROM claim_events WHERE at >= ?2 AND to_state IN ('paid', 'rejected'))
           AND c.papers_complete_on IS NOT NULL AND c.papers_complete_on <= ?1",
    )?;
    let rows = st.query_map(rusqlite::params![to, a], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    // Thousands of open claims share a few hundred (kind, papers-complete day) pairs.
    let mut dues: HashMap<(String, String), Option<NaiveDate>> = HashMap::new();
    for r in rows {
        let (kind, complete, closed, first) = r?;
        let papers: Option<NaiveDate> = complete.parse().ok();
        let due = *dues.entry((kind, complete)).or_insert_with_key(|(kind, _)| {
            let pay_by = settings
                .config
                .claim_kinds
                .iter()
                .find(|k| k.code == *kind)
                .map_or(15, |k| k.pay_by_working_days);
            claim::due_date(&settings.calendar, papers, pay_by)
        });
        let closed = closed.map(|c| local_day(&c, settings));
        let first = first.map_or(NaiveDate::MIN, |f| local_day(&f, settings));
        *groups.entry((due, closed, first, if due.is_none() { papers } else { None })).or_default() += 1;
    }
    Ok(groups.into_iter().collect())
}

/// How many events a list of counted ones stands for.
fn count(list: &[Ev]) -> i64 {
    list.iter().map(|e| e.n).sum()
}

impl Loaded {
    /// The figures, and what `also` reads (the visits). A long period reads `also` and the
    /// approvals and payments on a second connection while this one reads the rest: two cores,
    /// two halves of about the same length (a year: 1.2 s each). Both read committed data; a
    /// save landing between them can only touch the period's last moments. A day, or a
    /// database without a file, is read on this connection alone.
    pub fn read<T: Send>(
        conn: &Connection,
        settings: &Settings,
        p: Period,
        today: NaiveDate,
        also: impl Fn(&Connection) -> Result<T, DbError> + Sync,
    ) -> Result<(T, Loaded), DbError> {
        let apart = &|c: &Connection| -> Result<_, DbError> { Ok((also(c)?, amounts(c, settings, p)?)) };
        let path = conn.path().filter(|p| !p.is_empty()).map(std::path::PathBuf::from);
        let long = (p.to - p.from).num_days() >= 31;
        std::thread::scope(|scope| {
            let second = path
                .filter(|_| long)
                .map(|path| scope.spawn(move || crate::db::open_read_only(&path).and_then(|c| apart(&c))));
            let rest = Self::read_rest(conn, settings, p, today)?;
            let (extra, amounts) = match second.map(|h| h.join()) {
                Some(Ok(read)) => read?,
                _ => apart(conn)?,
            };
            Ok((extra, Loaded { amounts, ..rest }))
        })
    }

    fn read_rest(
        conn: &Connection,
        settings: &Settings,
        p: Period,
        today: NaiveDate,
    ) -> Result<Loaded, DbError> {
        let (a, b) = bounds(settings, p);
        let (from, to) = (p.from.to_string(), p.to.to_string());
        let lookups = evs(
            conn,
            "SELECT at, clerk_login, action, 1 FROM audit_log WHERE action = 'claims_lookup' AND at >= ?1 AND at < ?2",
            [&a, &b],
            settings,
            p,
            true,
            Qty::Kind,
        )?;
        let claim_events = evs(
            conn,
            "SELECT e.at, c.login,
                    CASE WHEN e.from_state IS NULL THEN '' WHEN e.from_state = e.to_state THEN '=' ELSE e.to_state END,
                    e.source = 'import'
             FROM claim_events e LEFT JOIN clerks c ON c.id = e.clerk_id WHERE e.at >= ?1 AND e.at < ?2",
            [&a, &b],
            settings,
            p,
            true,
            Qty::Kind,
        )?;
        let open_claims = read_open_claims(conn, settings, &to, &a)?;
        let issued = evs(
            conn,
            "SELECT l.issued_on, c.login, l.type || ':' || l.recipient, 1 FROM letters l
             LEFT JOIN clerks c ON c.id = l.issued_by WHERE l.issued_on BETWEEN ?1 AND ?2",
            [&from, &to],
            settings,
            p,
            false,
            Qty::Kind,
        )?;
        let voided = evs(
            conn,
            "SELECT l.voided_at, c.login, l.type || ':' || l.recipient, 1 FROM letters l
             LEFT JOIN clerks c ON c.id = l.voided_by WHERE l.voided_at >= ?1 AND l.voided_at < ?2",
            [&a, &b],
            settings,
            p,
            true,
            Qty::Kind,
        )?;
        let moves = evs(
            conn,
            "SELECT m.day, c.login, m.kind || ':' || m.item, m.qty, m.entries FROM station_moves m
             LEFT JOIN clerks c ON c.id = m.clerk_id WHERE m.day BETWEEN ?1 AND ?2",
            [&from, &to],
            settings,
            p,
            false,
            Qty::Sum,
        )?;
        let uses = evs(
            conn,
            "SELECT u.day, c.login, u.item, 1 FROM station_uses u LEFT JOIN clerks c ON c.id = u.clerk_id
             WHERE u.day BETWEEN ?1 AND ?2",
            [&from, &to],
            settings,
            p,
            false,
            Qty::Kind,
        )?;
        let help = evs(
            conn,
            "SELECT h.day, c.login, h.kind, 1 FROM station_help h LEFT JOIN clerks c ON c.id = h.clerk_id
             WHERE h.day BETWEEN ?1 AND ?2",
            [&from, &to],
            settings,
            p,
            false,
            Qty::Kind,
        )?;
        let lost = evs(
            conn,
            "SELECT s.day, c.login, l.item, 1 FROM station_lost s JOIN station_loans l ON l.id = s.loan_id
             LEFT JOIN clerks c ON c.id = s.clerk_id WHERE s.day BETWEEN ?1 AND ?2",
            [&from, &to],
            settings,
            p,
            false,
            Qty::Kind,
        )?;
        // A period not begun yet is seen as of today: its loans and stock are read from then.
        let seen = Period { from: p.from.min(today), to: p.to };
        let loans = read_loans(conn, settings, seen)?;
        let stock = read_stock(conn, seen)?;
        let in_use_now =
            if p.to >= today { crate::db::station::in_use_by_item(conn, today)? } else { BTreeMap::new() };
        Ok(Loaded {
            lookups,
            claim_events,
            amounts: vec![],
            open_claims,
            issued,
            voided,
            moves,
            uses,
            help,
            lost,
            loans,
            stock,
            today,
            in_use_now,
        })
    }

    /// The day a period's as-of figures are for: its last, or today while it is still running.
    pub fn as_of(&self, p: Period) -> NaiveDate {
        p.to.min(self.today)
    }

    /// The first day whose due dates had not fallen by the as-of moment. A due date falls at the
    /// end of its day: as of a past day's end its own have fallen; as of now, today's have not.
    fn fallen(&self, p: Period) -> NaiveDate {
        if p.to >= self.today { self.today } else { p.to.succ_opt().unwrap_or(p.to) }
    }

    /// A period not begun yet: nothing is known of it, so it has no as-of figures.
    fn to_come(&self, p: Period) -> bool {
        p.from > self.today
    }

    pub fn claims(&self, _settings: &Settings, p: Period) -> Claims {
        let mut c = Claims { lookups: count(span(&self.lookups, p)), ..Default::default() };
        for e in span(&self.claim_events, p) {
            if e.what.is_empty() {
                // A claim's first event: registered at the counter (imports are not).
                if e.qty == 0 {
                    c.registered += e.n;
                }
            } else if e.what != "=" {
                // A step that leaves the state as it was (the first of two approvals) is the
                // clerk's act, not a change of state.
                *c.status_changes.entry(e.what.clone()).or_default() += e.n;
            }
        }
        for e in span(&self.amounts, p) {
            if e.what == "paid" {
                c.paid_fen += e.qty;
            } else {
                c.approved_fen += e.qty;
            }
        }
        // Late as `claim::is_late` says it on the as-of day: past the due date, not closed by then.
        // Only what was on record by then: a claim imported later does not change a past day.
        if self.to_come(p) {
            return c;
        }
        let (e, fallen) = (self.as_of(p), self.fallen(p));
        let open_then = |(_, closed, first, _): &OpenClaim| *first <= e && closed.is_none_or(|c| c > e);
        c.late = self
            .open_claims
            .iter()
            .filter(|(k, _)| open_then(k) && k.0.is_some_and(|d| d < fallen))
            .map(|(_, n)| n)
            .sum();
        // Papers complete by then, and no due date: the calendar does not reach it.
        c.due_unknown = self
            .open_claims
            .iter()
            .filter(|(k, _)| open_then(k) && k.0.is_none() && k.3.is_some_and(|papers| papers <= e))
            .map(|(_, n)| n)
            .sum();
        c
    }

    pub fn letters(&self, settings: &Settings, p: Period) -> Letters {
        let mut l = Letters {
            by_unit: settings.config.recuperation_units.iter().map(|u| (u.code.clone(), 0)).collect(),
            ..Default::default()
        };
        l.by_type = [LetterType::Recuperation, LetterType::Commitment]
            .iter()
            .map(|t| (t.code().to_string(), 0))
            .collect();
        // `what` is `type:recipient`. `issued` and `by_unit` stay the recuperation letters'
        // (F5 says 疗养函签发; a commitment's recipient is the organising unit, free text);
        // `by_type` counts every type.
        for e in span(&self.issued, p) {
            let (ty, unit) = e.what.split_once(':').unwrap_or(("recuperation", e.what.as_str()));
            *l.by_type.entry(ty.to_string()).or_default() += e.n;
            if ty == "recuperation" {
                l.issued += e.n;
                *l.by_unit.entry(unit.to_string()).or_default() += e.n;
            }
        }
        l.voided = count(span(&self.voided, p));
        l
    }

    pub fn station(&self, settings: &Settings, p: Period) -> Station {
        let items = &settings.config.station.items;
        let of_kind = |k: ItemKind| items.iter().filter(move |i| i.kind == k).map(|i| (i.code.clone(), 0));
        let mut s = Station {
            in_hall: of_kind(ItemKind::InHall).collect(),
            given: of_kind(ItemKind::Consumable).collect(),
            help: settings.config.station.help_kinds.iter().map(|k| (k.code.clone(), 0)).collect(),
            ..Default::default()
        };
        for m in span(&self.moves, p) {
            let (kind, item) = m.what.split_once(':').unwrap_or((m.what.as_str(), ""));
            match kind {
                "lend" => s.lent = units(i128::from(s.lent) - m.qty),
                "return" => s.returned = units(i128::from(s.returned) + m.qty),
                "give" | "tally" => {
                    let given = s.given.entry(item.to_string()).or_default();
                    *given = units(i128::from(*given) - m.qty);
                }
                _ => {}
            }
        }
        for u in span(&self.uses, p) {
            *s.in_hall.entry(u.what.clone()).or_default() += u.n;
        }
        for h in span(&self.help, p) {
            *s.help.entry(h.what.clone()).or_default() += h.n;
        }
        if self.to_come(p) {
            return s;
        }
        let (end, fallen, now) = (self.as_of(p), self.fallen(p), p.to >= self.today);
        let overdue: Vec<i64> = self
            .loans
            .iter()
            .filter(|l| l.lent_on <= end && l.due_on < fallen)
            .map(|l| l.out_at(end, now))
            .filter(|out| *out > 0)
            .collect();
        s.overdue = overdue.iter().fold(0, |a, b| a.saturating_add(*b));
        s.overdue_loans = overdue.len() as i64;
        let dues: Vec<Due> = self
            .loans
            .iter()
            .filter(|l| l.lent_on <= end)
            .map(|l| Due { due_on: l.due_on, returned: l.back_by(end) >= l.qty })
            .collect();
        // The 30 days to the last whose dues have fallen (as of now, yesterday).
        let fell_due = fallen.pred_opt().unwrap_or(fallen);
        s.return_rate = station::return_rate(&dues, fell_due).map(|r| (r * 10_000.0).round() / 10_000.0);
        let near =
            end.checked_add_days(Days::new(settings.config.station.near_expiry_days.into())).unwrap_or(end);
        for item in items {
            let mut free = 0;
            for ((code, batch), (expires, days)) in self.stock.range((item.code.clone(), String::new())..) {
                if *code != item.code {
                    break;
                }
                let qty = days.iter().take_while(|(d, _)| *d <= end).last().map_or(0, |(_, q)| *q);
                let expired = expires.is_some_and(|e| e < end);
                if !expired {
                    free += qty;
                }
                if qty > 0 && expires.is_some_and(|e| e <= near) {
                    s.expiring.push(StockAlert {
                        item: code.clone(),
                        batch: Some(batch.clone()),
                        expires_on: expires.map(|e| e.to_string()),
                        qty,
                        threshold: None,
                        expired,
                    });
                }
            }
            if end == self.today {
                free -= self.in_use_now.get(&item.code).copied().unwrap_or(0);
            }
            if free <= i64::from(item.threshold) {
                s.low_stock.push(StockAlert {
                    item: item.code.clone(),
                    qty: free,
                    threshold: Some(item.threshold),
                    ..Default::default()
                });
            }
        }
        // The most urgent first: expired batches and the soonest expiry; the lowest stock
        // against its threshold (a threshold of 0 counts as 1).
        s.expiring.sort_by(|a, b| (!a.expired, &a.expires_on).cmp(&(!b.expired, &b.expires_on)));
        let of = |a: &StockAlert| i64::from(a.threshold.unwrap_or(0).max(1));
        s.low_stock.sort_by(|a, b| (a.qty * of(b)).cmp(&(b.qty * of(a))).then(a.qty.cmp(&b.qty)));
        s
    }

    pub fn clerks(&self, p: Period, visits: &[Visit]) -> BTreeMap<String, ClerkFigures> {
        let mut out: BTreeMap<String, ClerkFigures> = BTreeMap::new();
        count_visits(super::walkins::span(visits, p), &mut out);
        // Claim steps taken at the counter count; rows an import wrote are the back office's.
        let at_counter: Vec<Ev> =
            span(&self.claim_events, p).iter().filter(|e| e.qty == 0).cloned().collect();
        let mut add = |list: &[Ev], f: fn(&mut ClerkFigures, i64)| {
            for e in list {
                if let Some(l) = &e.login {
                    f(out.entry(l.clone()).or_default(), e.n);
                }
            }
        };
        add(span(&self.lookups, p), |c, n| c.claims += n);
        add(&at_counter, |c, n| c.claims += n);
        add(span(&self.issued, p), |c, n| c.letters += n);
        add(span(&self.moves, p), |c, n| c.station += n);
        add(span(&self.uses, p), |c, n| c.station += n);
        add(span(&self.help, p), |c, n| c.station += n);
        add(span(&self.lost, p), |c, n| c.station += n);
        out
    }
}

/// Each clerk's walk-ins among `visits`, added to `out`. An imported visit was served by the
/// back office, not by whoever imported it.
pub fn count_visits(visits: &[Visit], out: &mut BTreeMap<String, ClerkFigures>) {
    for v in visits.iter().filter(|v| !v.imported) {
        for login in &v.clerks {
            out.entry(login.to_string()).or_default().walkins += 1;
        }
    }
}

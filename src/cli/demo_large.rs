//! `demo --scale large`: a city centre after five years (DESIGN "Speed and scale"), built
//! deterministically from the seed. Rows are bulk-inserted in one transaction per table with
//! the secondary indexes dropped and built again afterwards; letters and the station go
//! through the counter's own storage calls (numbers, codes, stock) inside big transactions.

use crate::config::Settings;
use crate::db::{clerks, demo_rows};
use crate::domain::Role;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, Transaction};
use std::cell::Cell;

/// How much of everything.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub workers: u64,
    pub claims: u64,
    pub walkins: u64,
    pub days: usize,
    pub letters: u64,
    pub station_rows: u64,
    pub hardship: u64,
}

impl Sizes {
    pub const LARGE: Sizes = Sizes {
        workers: 1_000_000,
        claims: 2_000_000,
        walkins: 500_000,
        days: 1_250,
        letters: 50_000,
        station_rows: 200_000,
        hardship: 3_000,
    };
    /// The same shapes in miniature, for tests.
    pub const TINY: Sizes = Sizes {
        workers: 3_000,
        claims: 6_000,
        walkins: 4_000,
        days: 40,
        letters: 120,
        station_rows: 3_000,
        hardship: 120,
    };

    fn total(&self) -> u64 {
        self.workers + self.claims + self.walkins + self.letters + self.station_rows + self.hardship
    }
}

/// Extra counter staff of a large centre, besides the demo's four accounts.
const STAFF: &[(&str, &str)] =
    &[("9011", "吴窗口"), ("9012", "郑小燕"), ("9013", "钱国强"), ("9014", "冯丽娟"), ("9015", "蒋立新")];

/// What every part of the generator shares: the transaction, the clock and the people.
pub struct Bulk<'a> {
    pub tx: &'a Transaction<'a>,
    pub settings: &'a Settings,
    pub seed: u64,
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub first_day: NaiveDate,
    /// Counter clerks (round the windows) and the approving supervisor.
    pub clerks: Vec<i64>,
    pub supervisor: i64,
    progress: &'a super::progress::Progress,
    done: Cell<u64>,
}

impl Bulk<'_> {
    pub fn tick(&self, n: u64) {
        let d = self.done.get() + n;
        self.done.set(d);
        if d.is_multiple_of(4096) {
            self.progress.set(d);
        }
    }

    /// A yearly number series resumes after the last number the demo used.
    pub fn set_counter(&self, series: &str, year: i32, last: u32) -> Result<(), crate::db::DbError> {
        demo_rows::set_counter(self.tx, series, year, last)
    }
}

/// A local time of day (minutes after midnight) as an instant.
pub fn local_time(tz: Tz, day: NaiveDate, minute: u32) -> DateTime<Utc> {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minute as i64);
    tz.from_local_datetime(&local).earliest().map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}

pub fn local_stamp(tz: Tz, day: NaiveDate, minute: u32) -> String {
    crate::db::workers::stamp(local_time(tz, day, minute))
}

/// Picks an index by weight: `r` is any random number.
pub fn weighted(r: u64, weights: &[u64]) -> usize {
    let mut left = r % weights.iter().sum::<u64>().max(1);
    for (i, w) in weights.iter().enumerate() {
        if left < *w {
            return i;
        }
        left -= w;
    }
    0
}

/// Builds the large centre into `conn`, a new database holding the demo accounts.
pub fn build(
    conn: &mut Connection,
    settings: &Settings,
    db_path: &std::path::Path,
    seed: u64,
    now: DateTime<Utc>,
    sizes: Sizes,
) -> Result<(), crate::db::DbError> {
    let progress = super::progress::Progress::new(sizes.total());
    // A new file nobody else has open: no journal, no syncs until it is complete; a build
    // that fails is thrown away by the caller.
    demo_rows::bulk_mode(conn)?;
    let indexes = demo_rows::drop_bulk_indexes(conn)?;
    let tz = settings.tz;
    let today = crate::domain::dates::local_day(now, tz);
    let tx = conn.transaction()?;
    let hash = demo_rows::first_pin_hash(&tx)?;
    let login = |l: &str| demo_rows::clerk_id(&tx, l);
    let supervisor = login(super::DEMO_CLERKS[0].0)?;
    let mut staff = vec![login(super::DEMO_CLERKS[1].0)?];
    for (l, name) in STAFF {
        staff.push(clerks::insert(&tx, l, name, Role::Clerk, &hash, now)?);
    }
    let b = Bulk {
        tx: &tx,
        settings,
        seed,
        tz,
        now,
        today,
        first_day: today - chrono::Days::new(sizes.days as u64 * 7 / 5 + 2),
        clerks: staff,
        supervisor,
        progress: &progress,
        done: Cell::new(0),
    };
    let days = super::demo_visits::working_days(&b, sizes.days);
    let b = Bulk { first_day: days.first().copied().unwrap_or(today), ..b };
    progress.stage("workers");
    super::demo_people::workers(&b, sizes.workers)?;
    progress.stage("claims");
    super::demo_people::claims(&b, sizes.claims, sizes.workers)?;
    progress.stage("hardship");
    super::demo_bulk_hardship::files(&b, sizes.hardship, sizes.workers)?;
    progress.stage("walk-ins");
    super::demo_visits::walkins(&b, &days, sizes.walkins, sizes.workers)?;
    progress.stage("letters");
    super::demo_bulk_letters::letters(&b, db_path, &days, sizes.letters, sizes.workers)?;
    progress.stage("station");
    super::demo_bulk_station::station(&b, &days, sizes.station_rows, sizes.workers)?;
    progress.stage("indexes");
    demo_rows::rebuild_indexes(&tx, &indexes)?;
    // The aid fund after the indexes: its checks read claims and files one by one.
    let hands = super::demo_fund::Hands { clerk: b.clerks[0], supervisor: b.supervisor };
    super::demo_fund::seed(&tx, settings, hands, now, (sizes.hardship / 10) as usize)?;
    drop(b);
    tx.commit()?;
    demo_rows::normal_mode(conn)?;
    progress.finish();
    Ok(())
}

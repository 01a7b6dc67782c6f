//! The import driver every file kind shares: one streamed pass in one transaction (duplicates
//! found with a temporary table, not a memory set), every bad line named, all rows or none.

use super::Ctx;
use super::{csv_in, csvio};
use crate::db::audit::{self, Actor, Entry};
use crate::db::{DbError, import_keys};
use crate::i18n::fill;
use anyhow::{Result, anyhow};
use chrono::Utc;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

/// One row's cells by column: the required ones in order, then the optional ones.
pub struct Cells<'a> {
    rec: &'a csv::StringRecord,
    at: &'a [Option<usize>],
    /// The row's line in the file.
    pub line: u64,
}

impl Cells<'_> {
    /// The trimmed cell of column `i` (empty when an optional column is absent).
    pub fn get(&self, i: usize) -> &str {
        self.at.get(i).copied().flatten().and_then(|c| self.rec.get(c)).unwrap_or("").trim()
    }

    /// `None` for an empty cell: an empty cell never overwrites a stored value. What a cell
    /// holds is stored as it is (control characters too): screens show those as visible marks,
    /// and letters, mail and CSV make their own text safe.
    pub fn opt(&self, i: usize) -> Option<String> {
        let v = self.get(i);
        (!v.is_empty()).then(|| v.to_string())
    }
}

/// A row's cells checked into what is written, or every reason it is refused.
pub type Check<'a, T> = dyn Fn(&Cells) -> Result<T, Vec<String>> + Sync + 'a;

pub type Refuse<'a, T> = dyn Fn(&Transaction, &T) -> Result<Option<String>, DbError> + 'a;

pub struct Plan<'a, T> {
    pub what: &'a str,
    pub required: &'a [&'a str],
    pub optional: &'a [&'a str],
    /// Called on the reading thread.
    pub check: &'a Check<'a, T>,
    /// The key that must be unique within the file, if any.
    pub key: Option<&'a dyn Fn(&T) -> String>,
    pub write: &'a dyn Fn(&Transaction, &T) -> Result<(), DbError>,
    /// What the database refuses of a good row (a claim number that is another worker's):
    /// the line's message, in dry runs too.
    pub refuse: Option<&'a Refuse<'a, T>>,
    /// Indexes of one table whose keys arrive in no useful order (a worker's claims, open
    /// claims by date): a file at least as large as that table builds them once after loading
    /// instead of keeping them up row by row. Indexes that grow at their end as rows land (the
    /// events' by claim) cost little either way and stay.
    pub rebuilt: &'a [&'a str],
}

/// How many bad lines an import tells one by one (the rest are counted).
const SHOWN_PROBLEMS: usize = 200;

/// The bad lines so far, counted (they arrive in the file's order, a line's errors together).
#[derive(Default)]
struct BadLines {
    count: usize,
    last: Option<u64>,
}

impl BadLines {
    fn insert(&mut self, line: u64) {
        if self.last != Some(line) {
            self.count += 1;
            self.last = Some(line);
        }
    }
    fn is_empty(&self) -> bool {
        self.count == 0
    }
    fn len(&self) -> usize {
        self.count
    }
}

/// One pass, one transaction: every row is checked (on a reading thread, ahead of the writer);
/// rows are written while no line has been refused; at the end a file with any bad line is
/// rolled back whole (nothing imported, every bad line named) and a good one is committed with
/// its audit row. The file is streamed, the rows in flight and the page cache bounded and the
/// keys (once they stop growing) held in a temporary table on disk, so a file of a million rows
/// runs in a bounded amount of memory.
pub fn run<T: Send>(
    ctx: &Ctx,
    conn: &mut Connection,
    actor: &Actor,
    file: &Path,
    dry_run: bool,
    plan: &Plan<T>,
) -> Result<()> {
    let t = ctx.t;
    let told = |n: usize, dry: bool| fill(if dry { t.imp_dry } else { t.imp_done }, &[("n", &n)]);
    run_told(ctx, conn, actor, file, dry_run, plan, &told)
}

/// `run`, with what is said at the end of a good file (its rows counted; a dry run or not) told
/// by the caller: an import of files of several rows each counts its files too.
pub fn run_told<T: Send>(
    ctx: &Ctx,
    conn: &mut Connection,
    actor: &Actor,
    file: &Path,
    dry_run: bool,
    plan: &Plan<T>,
    told: &dyn Fn(usize, bool) -> String,
) -> Result<()> {
    let t = ctx.t;
    let named = file;
    let read_error =
        |e: std::io::Error| anyhow!(fill(t.imp_read, &[("path", &named.display()), ("detail", &e)]));
    // Only a regular file or a pipe: never a device (`/dev/zero` never ends) or a folder.
    let input = csv_in::Input::open(file, ctx.lang, (plan.required, plan.optional))?;
    let file = input.path();
    let sniffed = csv_in::sniff(file).map_err(read_error)?;
    let progress = super::progress::Progress::new(sniffed.lines);
    progress.stage(plan.what);
    import_keys::start(conn)?;
    let behavior = if dry_run { TransactionBehavior::Deferred } else { TransactionBehavior::Immediate };
    let tx = conn.transaction_with_behavior(behavior)?;
    let deferred = if dry_run {
        import_keys::Deferred::default()
    } else {
        import_keys::defer_indexes(&tx, plan.rebuilt, sniffed.lines)?
    };
    let mut problems = vec![];
    let mut bad_lines = BadLines::default();
    let mut at: Vec<Option<usize>> = vec![];
    let mut count = 0usize;
    let mut headed = false;
    let mut ascending = Some(String::new());
    let wanted = plan.required.iter().chain(plan.optional).copied().collect::<Vec<_>>().join(",");
    let mut say = |line: u64, msg: String, bad: &mut BadLines| {
        bad.insert(line);
        // The first ones are told; a file of millions of bad lines is counted, not held.
        if problems.len() < SHOWN_PROBLEMS {
            // Error lines are printed, dry runs too, and not audited: no ID number or phone whole.
            let msg = crate::domain::scrub::mask_numbers(&msg);
            problems.push(fill(t.imp_line, &[("line", &line), ("msg", &msg)]));
        }
    };
    // The file is read and its rows checked on a second thread, in batches through a bounded
    // channel, while this one writes: the checking costs the writer nothing on two cores.
    std::thread::scope(|scope| -> Result<()> {
        let (send, batches) = std::sync::mpsc::sync_channel::<Batch<T>>(8);
        // Written batches go back to be freed where their rows were made: freeing them here
        // would cost the writer, the busier thread, a tenth of its time in the allocator.
        let (back, written) = std::sync::mpsc::sync_channel::<Batch<T>>(8);
        let (required, optional, check) = (plan.required, plan.optional, plan.check);
        let (lang, sniffed, progress) = (ctx.lang, &sniffed, &progress);
        let reader = scope.spawn(move || {
            read_rows(file, sniffed, lang, (required, optional, check), progress, (send, written))
        });
        for batch in batches.iter() {
            for item in &batch {
                let (line, row) = match item {
                    Item::Header(Some(columns)) => {
                        at = columns.clone();
                        headed = true;
                        continue;
                    }
                    Item::Header(None) => {
                        headed = true;
                        say(1, fill(t.imp_header, &[("want", &wanted)]), &mut bad_lines);
                        continue;
                    }
                    Item::Bad(line, errs) => {
                        for e in errs {
                            say(*line, e.clone(), &mut bad_lines);
                        }
                        continue;
                    }
                    Item::Row(line, row) => (*line, row),
                };
                count += 1;
                if let Some(key) = plan.key {
                    let k = key(row);
                    // While the keys only grow (a sorted export) none can repeat; at the first that
                    // does not, the keys so far go into the table and every later one is looked up.
                    if matches!(&ascending, Some(last) if k > *last) {
                        ascending = Some(k);
                    } else {
                        if ascending.take().is_some() {
                            keys_before(&tx, (file, sniffed, ctx.lang), plan, &at, line)?;
                        }
                        if let Some(first) = import_keys::first_line(&tx, &k, line)? {
                            say(
                                line,
                                fill(t.imp_duplicate, &[("first", &first), ("key", &k)]),
                                &mut bad_lines,
                            );
                            continue;
                        }
                    }
                }
                if let Some(refuse) = plan.refuse
                    && let Some(msg) = refuse(&tx, row).map_err(|e| ctx.db_error(e))?
                {
                    say(line, msg, &mut bad_lines);
                    continue;
                }
                if bad_lines.is_empty() && !dry_run {
                    (plan.write)(&tx, row).map_err(|e| ctx.db_error(e))?;
                }
            }
            let _ = back.try_send(batch);
        }
        reader.join().map_err(|_| anyhow!("the file reader stopped"))?.map_err(read_error)
    })?;
    progress.finish();
    // A file without even a header is not "0 rows imported".
    if !headed && problems.is_empty() {
        let ft = crate::i18n::files::text(ctx.lang);
        return Err(anyhow!(fill(ft.empty, &[("path", &named.display()), ("want", &wanted)])));
    }
    if !problems.is_empty() {
        drop(tx);
        for p in &problems {
            eprintln!("{}", super::term::err_line(p));
        }
        return Err(anyhow!(fill(t.imp_failed, &[("n", &bad_lines.len())])));
    }
    if dry_run {
        drop(tx);
        println!("{}", told(count, true));
        return Ok(());
    }
    if !deferred.is_empty() {
        progress.stage("indexes");
        import_keys::rebuild(&tx, &deferred)?;
    }
    let detail = format!("{} rows={count} file={}", plan.what, named.display());
    audit::append(&tx, actor, Utc::now(), &Entry::new("import").detail(&detail))
        .map_err(|e| ctx.db_error(e))?;
    tx.commit()?;
    println!("{}", told(count, false));
    Ok(())
}

/// What the reading thread hands the writer, in the file's order.
enum Item<T> {
    /// The header's columns, or `None` when it is not the file's kind (nothing more is read).
    Header(Option<Vec<Option<usize>>>),
    Row(u64, T),
    Bad(u64, Vec<String>),
}

type Batch<T> = Vec<Item<T>>;

/// Reads and checks every row, sending them in batches; stops early when the writer has.
fn read_rows<T>(
    file: &Path,
    sniffed: &csv_in::Sniffed,
    lang: crate::i18n::Lang,
    (required, optional, check): (&[&str], &[&str], &Check<'_, T>),
    progress: &super::progress::Progress,
    (send, written): (SyncSender<Batch<T>>, Receiver<Batch<T>>),
) -> std::io::Result<()> {
    const BATCH: usize = 256;
    let mut records = csv_in::Records::open(file, sniffed, lang)?;
    let mut at: Vec<Option<usize>> = vec![];
    let mut batch = Vec::with_capacity(BATCH);
    while let Some((line, rec)) = records.next() {
        if line % 4096 == 0 {
            progress.set(line);
        }
        let item = match rec {
            Err(e) => Item::Bad(line, vec![e]),
            Ok(rec) if line == 1 => {
                let columns = csvio::columns(rec, required, optional);
                at = columns.clone().unwrap_or_default();
                Item::Header(columns)
            }
            Ok(_) if at.is_empty() => break,
            Ok(rec) => match check(&Cells { rec, at: &at, line }) {
                Ok(row) => Item::Row(line, row),
                Err(errs) => Item::Bad(line, errs),
            },
        };
        batch.push(item);
        if batch.len() == BATCH {
            // Rows the writer is done with are dropped here.
            while written.try_recv().is_ok() {}
            if send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err() {
                return Ok(());
            }
        }
    }
    // A writer that stopped has its own error to tell.
    let _ = send.send(batch);
    Ok(())
}

/// The keys of the good rows before `until`, read again from the file into the key table.
fn keys_before<T>(
    tx: &Transaction,
    (file, sniffed, lang): (&Path, &csv_in::Sniffed, crate::i18n::Lang),
    plan: &Plan<T>,
    at: &[Option<usize>],
    until: u64,
) -> Result<()> {
    let Some(key) = plan.key else { return Ok(()) };
    let mut records = csv_in::Records::open(file, sniffed, lang)?;
    let mut keys = import_keys::key_filler(tx)?;
    while let Some((line, rec)) = records.next() {
        if line >= until {
            break;
        }
        if let (Ok(rec), true) = (rec, line > 1)
            && let Ok(row) = (plan.check)(&Cells { rec, at, line })
        {
            keys.add(&key(&row), line)?;
        }
    }
    Ok(())
}

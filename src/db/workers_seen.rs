//! The workers one import has settled. A claims file names a worker on many lines in no useful
//! order; without this every line reads the worker's row (a random page of a large table) to
//! learn whether the name changed. With it a worker seen before costs a hash look-up. Bounded:
//! about 24 bytes a worker, up to `cap` workers (past that the rest go to the table).

use super::Result;
use super::workers;
use crate::domain::IdNumber;
use rusqlite::Connection;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

pub struct Seen {
    /// The ID number's 17 digits (the check character follows from them) → the worker's id and
    /// a 64-bit hash of the name stored.
    map: HashMap<u64, (u32, u64)>,
    cap: usize,
    /// Every worker in the table is in `map`: the table was empty when the import began and
    /// the map has never been full. A worker not in the map is then new, with nothing to read.
    complete: bool,
}

/// Workers held at most (the map's buckets stay at 2^19: under 13 MiB).
pub const CAP: usize = 458_752;

fn digits(id: &IdNumber) -> Option<u64> {
    id.as_str().get(..17).and_then(|d| d.parse().ok())
}

fn name_hash(name: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut h);
    h.finish()
}

impl Seen {
    /// Looks once at whether the table holds anyone yet.
    pub fn new(conn: &Connection, cap: usize) -> Result<Seen> {
        let empty: bool = conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM workers)", [], |r| r.get(0))?;
        // Sized once: growing would hold the old and the new table at once.
        Ok(Seen { map: HashMap::with_capacity(cap), cap, complete: empty })
    }

    /// `workers::upsert_name` (`at` its stamp), answered from the map where it can be.
    pub fn upsert_name(&mut self, conn: &Connection, id: &IdNumber, name: &str, at: &str) -> Result<i64> {
        let name = name.trim();
        let Some(key) = digits(id) else { return workers::upsert_name(conn, id, name, at) };
        if let Some(&(worker, stored)) = self.map.get(&key) {
            let hash = name_hash(name);
            if !name.is_empty() && hash != stored {
                workers::rename(conn, i64::from(worker), name, at)?;
                self.map.insert(key, (worker, hash));
            }
            return Ok(i64::from(worker));
        }
        let worker = if self.complete {
            workers::insert_named(conn, id, name, at)?
        } else {
            workers::upsert_name(conn, id, name, at)?
        };
        match u32::try_from(worker) {
            Ok(small) if self.map.len() < self.cap => {
                // The name stored: the file's, or the one kept when the file gave none.
                let stored = if name.is_empty() {
                    conn.prepare_cached("SELECT name FROM workers WHERE id = ?1")?
                        .query_row([worker], |r| r.get::<_, String>(0))?
                } else {
                    name.to_string()
                };
                self.map.insert(key, (small, name_hash(&stored)));
            }
            _ => self.complete = false,
        }
        Ok(worker)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{OpenMode, open};

    const IDS: [&str; 3] = ["11010519491231002X", "330106197411276098", "330105198702261775"];

    /// The workers as a comparison sees them: number, name, version.
    fn table(conn: &Connection) -> Vec<(String, String, i64)> {
        let mut stmt = conn.prepare("SELECT id_number, name, version FROM workers ORDER BY id").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    }

    /// Renames, repeats and empty names, in the order a file might give them.
    fn lines() -> Vec<(usize, &'static str)> {
        vec![
            (0, "王建国"),
            (1, "诸葛秀"),
            (0, "王建国"),
            (2, ""),
            (0, "王建图"),
            (1, ""),
            (2, "黄芳萍"),
            (0, "王建图"),
        ]
    }

    fn run(cap: usize, before: Option<&str>, memo: bool) -> (Vec<i64>, Vec<(String, String, i64)>) {
        let dir = tempfile::tempdir().unwrap();
        let db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
        let at = "2026-11-28T01:00:00Z";
        let id = |i: usize| IdNumber::from_stored(IDS[i]).unwrap();
        if let Some(name) = before {
            workers::insert_named(&db.conn, &id(1), name, at).unwrap();
        }
        let mut seen = Seen::new(&db.conn, cap).unwrap();
        let ids = lines()
            .into_iter()
            .map(|(i, name)| {
                if memo {
                    seen.upsert_name(&db.conn, &id(i), name, at).unwrap()
                } else {
                    workers::upsert_name(&db.conn, &id(i), name, at).unwrap()
                }
            })
            .collect();
        (ids, table(&db.conn))
    }

    #[test]
    fn the_memo_leaves_the_table_as_reading_it_every_line_would() {
        for before in [None, Some("诸葛修")] {
            let plain = run(0, before, false);
            for cap in [0, 1, 2, CAP] {
                assert_eq!(run(cap, before, true), plain, "cap {cap}, before {before:?}");
            }
        }
        let (_, table) = run(CAP, Some("诸葛修"), true);
        let names: Vec<&str> = table.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["诸葛秀", "王建图", "黄芳萍"],
            "renamed by the file, an empty name keeps the stored one"
        );
    }

    #[test]
    fn a_full_memo_stops_answering_for_workers_it_never_saw() {
        let dir = tempfile::tempdir().unwrap();
        let db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
        let mut seen = Seen::new(&db.conn, 1).unwrap();
        let id = |i: usize| IdNumber::from_stored(IDS[i]).unwrap();
        let a = seen.upsert_name(&db.conn, &id(0), "王建国", "t").unwrap();
        let b = seen.upsert_name(&db.conn, &id(1), "诸葛秀", "t").unwrap();
        assert!(!seen.complete, "past its cap the memo no longer knows every worker");
        assert_eq!(seen.upsert_name(&db.conn, &id(1), "诸葛秀", "t").unwrap(), b, "found in the table");
        assert_eq!(seen.upsert_name(&db.conn, &id(0), "王建国", "t").unwrap(), a);
        assert_eq!(table(&db.conn).len(), 2);
    }
}

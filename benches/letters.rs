//! Issuing a recuperation batch of 40 (one transaction: 40 numbers, codes and stored texts,
//! the roster), then its files in the outbox. Run with `cargo bench --bench letters`.

use frontdesk::config::Settings;
use frontdesk::db::audit::Actor;
use frontdesk::db::{OpenMode, clerks, letters as rows, open, read_key, workers};
use frontdesk::domain::{IdNumber, Role};
use frontdesk::letters::{By, batch, outbox};
use std::time::Instant;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let mut db = open(&path, OpenMode::Create).unwrap();
    clerks::insert(&db.conn, "8001", "周主任", Role::Supervisor, "x", chrono::Utc::now()).unwrap();
    let settings = Settings::builtin();
    let secret = read_key(&path).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let (mut tx_ms, mut all_ms) = (vec![], vec![]);
    for round in 0..7u32 {
        let members: Vec<batch::Member> = (0..40u32)
            .map(|i| {
                let birth = chrono::NaiveDate::from_ymd_opt(1960 + round as i32, 1, 1).unwrap()
                    + chrono::Days::new(u64::from(i));
                let id = IdNumber::synthesize("330281", birth, 11).unwrap();
                let name = format!("职工{round}{i}");
                let known = workers::Known { name: &name, work_unit: "久立特钢", ..Default::default() };
                let worker_id = workers::upsert(&db.conn, &id, &known, chrono::Utc::now()).unwrap();
                batch::Member {
                    worker_id,
                    version: 1,
                    id_masked: id.masked(),
                    name,
                    work_unit: "久立特钢".into(),
                }
            })
            .collect();
        let b = batch::NewBatch {
            recipient: "siming".into(),
            start: today + chrono::Days::new(20),
            end: today + chrono::Days::new(24),
            places: Some(1),
            standard: "每人每天 300 元".into(),
            note: String::new(),
            members,
        };
        let by = By {
            actor: Actor { clerk_id: Some(1), login: None, terminal: "bench".into() },
            at: chrono::Utc::now(),
            today,
        };
        let t = Instant::now();
        let (batch_id, issued) = batch::issue(&mut db.conn, &settings, &secret, &b, &by).unwrap().unwrap();
        tx_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let out = outbox::dir(&settings, &path);
        for l in &issued {
            outbox::write(&settings, &out, l, None).unwrap();
            rows::files_written(&db.conn, l.id).unwrap();
        }
        for (name, content) in batch::roster_files(&settings, &db.conn, batch_id).unwrap() {
            std::fs::write(out.join(name), content).unwrap();
        }
        all_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    tx_ms.sort_by(f64::total_cmp);
    all_ms.sort_by(f64::total_cmp);
    println!(
        "batch of 40: the transaction median {:.0} ms (min {:.0}, max {:.0}); with the 161 files median {:.0} ms (max {:.0})",
        tx_ms[3], tx_ms[0], tx_ms[6], all_ms[3], all_ms[6]
    );
}

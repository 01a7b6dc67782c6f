//! Letters on temp databases: issue, files, verify by code and by file, void and re-issue,
//! hostile names, concurrent numbering.

use super::*;
use crate::db::{OpenMode, clerks, workers};
use crate::domain::{IdNumber, Role};
use verify::Verdict;

pub(super) const SECRET: [u8; 32] = [9; 32];

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

pub(super) struct T {
    pub(super) dir: tempfile::TempDir,
    pub(super) db: db::Db,
    pub(super) settings: Settings,
    pub(super) worker: i64,
}

pub(super) fn setup(name: &str, email: &str) -> T {
    let dir = tempfile::tempdir().unwrap();
    let db = db::open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    clerks::insert(&db.conn, "8001", "周主任", Role::Supervisor, "x", Utc::now()).unwrap();
    let id = IdNumber::from_stored("11010519491231002X").unwrap();
    let known =
        workers::Known {
            name, work_unit: "浙江久立特种科技股份有限公司", email, ..Default::default()
        };
    let worker = workers::upsert(&db.conn, &id, &known, Utc::now()).unwrap();
    T { dir, db, settings: Settings::builtin(), worker }
}

pub(super) fn new(t: &T, name: &str) -> NewLetter {
    NewLetter {
        worker_id: t.worker,
        id_masked: "110105********002X".into(),
        name: name.into(),
        work_unit: "浙江久立特种科技股份有限公司".into(),
        recipient: "siming".into(),
        start: day(12, 1),
        end: day(12, 5),
        places: Some(1),
        standard: "每人每天 300 元".into(),
        companions: String::new(),
        note: String::new(),
        replaces: None,
        replace_reason: String::new(),
    }
}

pub(super) fn by() -> By {
    By {
        actor: Actor { clerk_id: Some(1), login: Some("8001".into()), terminal: "test".into() },
        at: Utc::now(),
        today: day(11, 28),
    }
}

pub(super) fn issue_one(t: &mut T, l: &NewLetter) -> LetterRow {
    issue(&mut t.db.conn, &t.settings, &SECRET, l, &by()).unwrap().unwrap()
}

#[test]
fn issue_numbers_signs_stores_and_writes_the_files() {
    let mut t = setup("欧阳建国", "ouyang@example.org");
    let l = new(&t, "欧阳建国");
    let a = issue_one(&mut t, &l);
    let b = issue_one(&mut t, &l);
    assert_eq!((a.number.as_str(), b.number.as_str()), ("余工疗函〔2026〕1号", "余工疗函〔2026〕2号"));
    assert!(
        a.unit_text.contains("职工欧阳建国（身份证号110105********002X）") && a.unit_text.contains("共5天")
    );
    assert!(a.unit_text.contains(&format!("验证码：{}", a.code)) && a.unit_text.contains("核验电话："));
    assert!(
        a.unit_text.contains("每人每天 300 元") && !a.worker_text.contains("300 元"),
        "no cost on the worker's copy"
    );
    let outbox = t.dir.path().join("outbox");
    let written = outbox::write(&t.settings, &outbox, &a, Some("ouyang@example.org")).unwrap();
    let names: Vec<String> =
        written.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(
        names,
        [
            "recuperation-2026-0001.txt",
            "recuperation-2026-0001.worker.txt",
            "recuperation-2026-0001.html",
            "recuperation-2026-0001.unit.eml",
            "recuperation-2026-0001.worker.eml"
        ]
    );
    // Brackets as typed on a phone call still find the letter.
    let typed = a.number.replace('〔', "[").replace('〕', "]");
    assert_eq!(verify::by_code(&t.db.conn, &SECRET, &typed, &a.code).unwrap().word(), "valid");
    // Every file verifies as issued.
    for p in &written {
        let content = std::fs::read_to_string(p).unwrap();
        let v = verify::by_file(&t.db.conn, &SECRET, &t.settings, content.as_bytes()).unwrap();
        assert_eq!(v.word(), "valid", "{}", p.display());
    }
    assert_eq!(
        verify::by_code(&t.db.conn, &SECRET, &a.number, &a.code.to_lowercase().replace('-', ""))
            .unwrap()
            .word(),
        "valid"
    );
}

#[test]
fn the_message_parses_as_mail_with_the_right_headers_and_the_same_text() {
    let mut t = setup("欧阳建国", "");
    let l = new(&t, "欧阳建国");
    let a = issue_one(&mut t, &l);
    let files = outbox::contents(&t.settings, &a, None);
    let (_, eml) = files.iter().find(|(n, _)| n.ends_with(".unit.eml")).unwrap();
    assert!(!files.iter().any(|(n, _)| n.ends_with(".worker.eml")), "no e-mail, no worker message");
    let m = mailparse::parse_mail(eml.as_bytes()).unwrap();
    use mailparse::MailHeaderMap;
    assert_eq!(m.headers.get_first_value("To").unwrap(), "四明山职工疗休养基地 <siming@example.org>");
    assert_eq!(m.headers.get_first_value("Subject").unwrap(), format!("疗养函 {} 欧阳建国", a.number));
    assert!(m.headers.get_first_value("Date").is_some() && m.headers.get_first_value("Message-ID").is_some());
    assert_eq!(m.headers.get_first_value("X-Frontdesk-Letter").unwrap(), "recuperation/2026/1");
    assert_eq!(m.subparts.len(), 2);
    assert_eq!(m.subparts[0].get_body().unwrap().replace("\r\n", "\n"), a.unit_text);
    assert!(m.subparts[1].get_body().unwrap().contains("<pre>"));
}

#[test]
fn hostile_names_are_harmless_in_html_and_headers() {
    let name = "<script>alert(1)</script>\r\nBcc: x@evil.example";
    let mut t = setup(name, "");
    let l = new(&t, name);
    let a = issue_one(&mut t, &l);
    let files = outbox::contents(&t.settings, &a, None);
    let (_, html) = files.iter().find(|(n, _)| n.ends_with(".html")).unwrap();
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"), "{html}");
    assert_eq!(files::html_text(html).unwrap(), a.unit_text, "the page shows exactly the stored text");
    assert_well_formed(html);
    let (_, eml) = files.iter().find(|(n, _)| n.ends_with(".unit.eml")).unwrap();
    let head = eml.split("\r\n\r\n").next().unwrap();
    assert!(!head.lines().any(|l| l.starts_with("Bcc:")), "{head}");
    let m = mailparse::parse_mail(eml.as_bytes()).unwrap();
    use mailparse::MailHeaderMap;
    assert!(m.headers.get_first_value("Bcc").is_none());
}

/// Every element that opens closes, in order (void elements aside), and nothing is left open.
fn assert_well_formed(html: &str) {
    let mut stack: Vec<String> = vec![];
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').expect("a tag closes") + at;
        let tag = &rest[at + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let name: String =
            tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if ["meta", "br", "link"].contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "{html}");
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "left open: {stack:?}");
}

#[test]
fn any_change_to_a_file_is_altered_and_unknown_numbers_are_unknown() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    let changed = a.unit_text.replacen("12月5日", "12月6日", 1);
    assert_ne!(changed, a.unit_text);
    assert_eq!(
        verify::by_file(&t.db.conn, &SECRET, &t.settings, changed.as_bytes()).unwrap().word(),
        "altered"
    );
    let files = outbox::contents(&t.settings, &a, None);
    let (_, html) = files.iter().find(|(n, _)| n.ends_with(".html")).unwrap();
    let html = html.replacen("王建国", "王建图", 1);
    assert_eq!(verify::by_file(&t.db.conn, &SECRET, &t.settings, html.as_bytes()).unwrap().word(), "altered");
    assert_eq!(verify::by_code(&t.db.conn, &SECRET, &a.number, "AAAAA-AAAAA").unwrap(), Verdict::Unknown);
    assert_eq!(
        verify::by_code(&t.db.conn, &SECRET, "余工疗函〔2026〕99号", &a.code).unwrap(),
        Verdict::Unknown
    );
    assert_eq!(verify::by_code(&t.db.conn, &SECRET, &a.number, "not a code").unwrap(), Verdict::Unknown);
    assert_eq!(
        verify::by_file(&t.db.conn, &SECRET, &t.settings, "随便一段文字".as_bytes()).unwrap().word(),
        "unknown"
    );
    // Another centre's secret cannot vouch for this letter.
    assert_eq!(verify::by_code(&t.db.conn, &[1; 32], &a.number, &a.code).unwrap(), Verdict::Altered);
}

#[test]
fn void_keeps_the_number_and_a_reissue_replaces_it() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    assert!(letters::void(&t.db.conn, &SECRET, a.id, "日期有误", Some(1), Utc::now()).unwrap());
    assert_eq!(verify::by_code(&t.db.conn, &SECRET, &a.number, &a.code).unwrap().exit_code(), 3);
    let mut again = new(&t, "王建国");
    again.end = day(12, 6);
    again.replaces = Some(a.id);
    again.replace_reason = "日期有误".into();
    let b = issue_one(&mut t, &again);
    assert_eq!(b.number, "余工疗函〔2026〕2号");
    match verify::by_code(&t.db.conn, &SECRET, &a.number, &a.code).unwrap() {
        Verdict::Replaced { by, .. } => assert_eq!(by, b.number),
        other => panic!("{other:?}"),
    }
    assert_eq!(verify::by_code(&t.db.conn, &SECRET, &b.number, &b.code).unwrap().word(), "valid");
}

#[test]
fn a_bad_date_or_unit_issues_nothing_and_gives_the_number_back() {
    let mut t = setup("王建国", "");
    let mut bad = new(&t, "王建国");
    bad.end = day(11, 30);
    assert_eq!(issue(&mut t.db.conn, &t.settings, &SECRET, &bad, &by()).unwrap(), Err(ComposeError::Dates));
    bad = new(&t, "王建国");
    bad.recipient = "nowhere".into();
    assert!(matches!(
        issue(&mut t.db.conn, &t.settings, &SECRET, &bad, &by()).unwrap(),
        Err(ComposeError::Unit(_))
    ));
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    assert_eq!(a.number, "余工疗函〔2026〕1号", "refused issues used no number");
}

#[test]
fn pending_files_are_rebuilt_and_stray_temporaries_removed() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    let outbox = t.dir.path().join("outbox");
    std::fs::create_dir_all(&outbox).unwrap();
    std::fs::write(outbox.join(".tmp-recuperation-2026-0001.txt"), "half").unwrap();
    let rebuilt = outbox::rebuild(&t.db.conn, &t.settings, &outbox, false, Some(&SECRET)).unwrap();
    assert_eq!(rebuilt, vec![a.number.clone()]);
    assert!(!outbox.join(".tmp-recuperation-2026-0001.txt").exists());
    assert_eq!(std::fs::read_to_string(outbox.join("recuperation-2026-0001.txt")).unwrap(), a.unit_text);
    assert!(
        outbox::rebuild(&t.db.conn, &t.settings, &outbox, false, Some(&SECRET)).unwrap().is_empty(),
        "written once"
    );
    std::fs::remove_file(outbox.join("recuperation-2026-0001.html")).unwrap();
    assert!(
        outbox::rebuild(&t.db.conn, &t.settings, &outbox, false, Some(&SECRET)).unwrap().is_empty(),
        "start-up: pending only"
    );
    assert_eq!(
        outbox::rebuild(&t.db.conn, &t.settings, &outbox, true, Some(&SECRET)).unwrap(),
        vec![a.number.clone()]
    );
    assert!(outbox.join("recuperation-2026-0001.html").exists(), "check rebuilds a deleted file");
}

#[test]
fn terminals_issuing_at_once_get_unique_gapless_numbers() {
    let t = setup("王建国", "");
    let path = t.dir.path().join("fd.db");
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (path, l, settings) = (path.clone(), new(&t, "王建国"), t.settings.clone());
            std::thread::spawn(move || {
                let mut d = db::open(&path, OpenMode::Existing).unwrap();
                (0..10)
                    .map(|_| issue(&mut d.conn, &settings, &SECRET, &l, &by()).unwrap().unwrap().seq)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut seqs: Vec<u32> = threads.into_iter().flat_map(|h| h.join().unwrap()).collect();
    seqs.sort();
    assert_eq!(seqs, (1..=40).collect::<Vec<_>>());
}

#[test]
fn a_commitment_has_its_own_series_prints_without_mail_and_opens_the_refund_claim() {
    let mut t = setup("王建国", "wang@example.org");
    let l = new(&t, "王建国");
    issue_one(&mut t, &l);
    let c = commitment::NewCommitment {
        worker_id: t.worker,
        id_masked: "110105********002X".into(),
        name: "王建国".into(),
        work_unit: "久立特钢".into(),
        organiser: "宁波市教育工会".into(),
        start: day(10, 12),
        end: day(10, 16),
        amount_fen: 180_000,
        note: String::new(),
    };
    let (letter, claim_no) =
        commitment::issue(&mut t.db.conn, &t.settings, &SECRET, &c, &by()).unwrap().unwrap();
    assert_eq!(letter.number, "余工承〔2026〕1号", "its own series");
    assert!(
        letter.unit_text.contains("参加宁波市教育工会组织的集体疗休养")
            && letter.unit_text.contains("1,800.00元")
    );
    assert!(letter.unit_text.contains("如有虚假") && letter.unit_text.contains("承诺人（签字）"));
    let names: Vec<String> = outbox::contents(&t.settings, &letter, Some("wang@example.org"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["commitment-2026-0001.txt", "commitment-2026-0001.html"], "no e-mail");
    let claim = crate::db::claims::by_no(&t.db.conn, &claim_no).unwrap().unwrap();
    assert_eq!(claim.kind, "recuperation_refund");
    assert_eq!(claim.amount_claimed_fen, 180_000);
    assert_eq!(claim.status, crate::domain::claim::ClaimState::MaterialsIncomplete);
    assert_eq!(claim.missing_papers.as_deref(), Some("费用票据、银行卡或社保卡"));
    assert_eq!(claim.note.as_deref(), Some("余工承〔2026〕1号"));
    assert_eq!(verify::by_code(&t.db.conn, &SECRET, &letter.number, &letter.code).unwrap().word(), "valid");
}

pub(super) fn members(t: &T, n: usize) -> Vec<batch::Member> {
    (0..n)
        .map(|i| {
            let id = crate::domain::IdNumber::synthesize(
                "330281",
                day(1, 1 + i as u32) - chrono::Days::new(365 * 40),
                7,
            )
            .unwrap();
            let name = format!("职工{i}");
            let known = workers::Known { name: &name, work_unit: "久立特钢", ..Default::default() };
            let worker_id = workers::upsert(&t.db.conn, &id, &known, Utc::now()).unwrap();
            let w = workers::by_id(&t.db.conn, worker_id).unwrap().unwrap();
            batch::Member {
                worker_id,
                version: w.version,
                id_masked: id.masked(),
                name,
                work_unit: "久立特钢".into(),
            }
        })
        .collect()
}

pub(super) fn new_batch(members: Vec<batch::Member>) -> batch::NewBatch {
    batch::NewBatch {
        recipient: "anji".into(),
        start: day(12, 8),
        end: day(12, 12),
        places: Some(1),
        standard: "每人每天 300 元".into(),
        note: String::new(),
        members,
    }
}

#[test]
fn a_batch_issues_every_letter_and_one_roster_in_one_transaction() {
    let mut t = setup("王建国", "");
    let b = new_batch(members(&t, 3));
    let (batch_id, issued) = batch::issue(&mut t.db.conn, &t.settings, &SECRET, &b, &by()).unwrap().unwrap();
    let numbers: Vec<u32> = issued.iter().map(|l| l.seq).collect();
    assert_eq!(numbers, [1, 2, 3]);
    let files = batch::roster_files(&t.settings, &t.db.conn, batch_id).unwrap();
    let (_, text) = &files[0];
    assert!(text.contains("共3人") && text.contains("职*0") && !text.contains("职工0"), "{text}");
    assert!(text.contains(&issued[2].number));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["batch-2026-0001.roster.txt", "batch-2026-0001.roster.html", "batch-2026-0001.roster.eml"]
    );
    assert_well_formed(&files[1].1);
    let m = mailparse::parse_mail(files[2].1.as_bytes()).unwrap();
    assert!(m.subparts[1].get_body().unwrap().contains("<table"), "the roster as a table");
    let linked: i64 =
        t.db.conn
            .query_row("SELECT count(*) FROM letters WHERE batch_id = ?1", [batch_id], |r| r.get(0))
            .unwrap();
    assert_eq!(linked, 3);
}

#[test]
fn a_batch_that_fails_half_way_issues_nothing() {
    let mut t = setup("王建国", "");
    let b = new_batch(members(&t, 3));
    // The third worker's record changes after they were put on the roster.
    t.db.conn
        .execute("UPDATE workers SET version = version + 1 WHERE id = ?1", [b.members[2].worker_id])
        .unwrap();
    let e = batch::issue(&mut t.db.conn, &t.settings, &SECRET, &b, &by()).unwrap().unwrap_err();
    assert_eq!(e, batch::BatchError::Changed("职*2".into()));
    let (letters, batches): (i64, i64) =
        t.db.conn
            .query_row("SELECT (SELECT count(*) FROM letters), (SELECT count(*) FROM batches)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
    assert_eq!((letters, batches), (0, 0));
    let l = new(&t, "王建国");
    assert_eq!(issue_one(&mut t, &l).seq, 1, "no number was spent");
}

#[test]
fn the_roster_warns_inside_the_interval() {
    assert_eq!(batch::too_soon(Some(day(5, 1)), day(12, 8), 365), Some(221));
    assert_eq!(batch::too_soon(Some(NaiveDate::from_ymd_opt(2025, 12, 1).unwrap()), day(12, 8), 365), None);
    assert_eq!(batch::too_soon(None, day(12, 8), 365), None);
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    issue_one(&mut t, &l);
    assert_eq!(batch::last_recuperation(&t.db.conn, t.worker).unwrap(), Some(day(12, 5)));
}

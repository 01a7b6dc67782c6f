//! Delivery against a small SMTP sink on 127.0.0.1 run by the test.

use super::tests::{issue_one, new, setup};
use super::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Accepts SMTP on a free port; messages to an address with "refuse" get 550 at RCPT.
/// What the sink received: (RCPT line, message).
pub(crate) type Inbox = Arc<Mutex<Vec<(String, String)>>>;

pub(crate) fn sink() -> (u16, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(vec![]));
    let store = Arc::clone(&got);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut out) = stream else { return };
            let mut input = BufReader::new(out.try_clone().unwrap());
            let mut say = |s: &str| out.write_all(format!("{s}\r\n").as_bytes()).unwrap();
            say("220 sink ESMTP");
            let (mut rcpt, mut line) = (String::new(), String::new());
            loop {
                line.clear();
                if input.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let cmd = line.trim_end().to_ascii_uppercase();
                if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
                    say("250 sink");
                } else if cmd.starts_with("MAIL") {
                    say("250 ok");
                } else if cmd.starts_with("RCPT") {
                    rcpt = line.trim_end().to_string();
                    if rcpt.contains("refuse") { say("550 no such mailbox") } else { say("250 ok") }
                } else if cmd == "DATA" {
                    say("354 go on");
                    let mut data = String::new();
                    loop {
                        let mut l = String::new();
                        input.read_line(&mut l).unwrap();
                        if l == ".\r\n" {
                            break;
                        }
                        data.push_str(l.strip_prefix('.').filter(|_| l.starts_with("..")).unwrap_or(&l));
                    }
                    store.lock().unwrap().push((rcpt.clone(), data));
                    say("250 queued");
                } else if cmd == "QUIT" {
                    say("221 bye");
                    break;
                } else {
                    say("250 ok");
                }
            }
        }
    });
    (port, got)
}

fn relay_at(t: &mut super::tests::T, port: u16) -> send::Relay {
    t.settings.config.smtp = Some(crate::config::Smtp {
        host: "127.0.0.1".into(),
        port,
        from: "fuwu@example.org".into(),
        tls: "none".into(),
        credentials_file: None,
    });
    let mut r = send::relay(&t.settings).unwrap().unwrap();
    r.backoff = vec![Duration::from_millis(10)];
    r
}

#[test]
fn messages_arrive_whole_and_decode_to_the_same_text() {
    let (port, got) = sink();
    let mut t = setup("欧阳建国", "ouyang@example.org");
    let relay = relay_at(&mut t, port);
    let l = new(&t, "欧阳建国");
    let a = issue_one(&mut t, &l);
    assert_eq!(send::deliver(&t.db.conn, &t.settings, &relay, &a, Some(1), None).unwrap(), Ok(()));
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "the unit's and the worker's");
    assert!(got[0].0.contains("siming@example.org") && got[1].0.contains("ouyang@example.org"));
    let m = mailparse::parse_mail(got[0].1.as_bytes()).unwrap();
    // Lines end in CRLF on the wire (lettre writes text parts so), the text otherwise whole.
    assert_eq!(m.subparts[0].get_body().unwrap().replace("\r\n", "\n"), a.unit_text);
    let w = mailparse::parse_mail(got[1].1.as_bytes()).unwrap();
    assert_eq!(w.subparts[0].get_body().unwrap().replace("\r\n", "\n"), a.worker_text);
    let row = letters::by_id(&t.db.conn, a.id).unwrap().unwrap();
    assert_eq!(
        (row.delivery.as_str(), row.sent_how.as_deref(), row.send_error),
        ("sent", Some("smtp"), None)
    );
}

#[test]
fn a_refused_message_stays_to_be_sent_with_the_reason() {
    let (port, got) = sink();
    let mut t = setup("王建国", "");
    let relay = relay_at(&mut t, port);
    if let Some(u) = t.settings.config.recuperation_units.iter_mut().find(|u| u.code == "siming") {
        u.email = "refuse@example.org".into();
    }
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    let e = send::deliver(&t.db.conn, &t.settings, &relay, &a, Some(1), None).unwrap().unwrap_err();
    assert!(e.contains("550"), "{e}");
    let row = letters::by_id(&t.db.conn, a.id).unwrap().unwrap();
    assert_eq!(row.delivery, "pending");
    assert!(row.send_error.unwrap().contains("550"));
    assert!(got.lock().unwrap().is_empty());
}

#[test]
fn voiding_a_sent_letter_sends_a_notice_to_the_unit() {
    let (port, got) = sink();
    let mut t = setup("王建国", "");
    let relay = relay_at(&mut t, port);
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    send::deliver(&t.db.conn, &t.settings, &relay, &a, Some(1), None).unwrap().unwrap();
    letters::void(&t.db.conn, &super::tests::SECRET, a.id, "日期有误", Some(1), Utc::now()).unwrap();
    let a = letters::by_id(&t.db.conn, a.id).unwrap().unwrap();
    let outbox = t.dir.path().join("outbox");
    let path = send::void_notice(&t.db.conn, &t.settings, &super::tests::SECRET, &outbox, Some(&relay), &a)
        .unwrap()
        .unwrap();
    assert!(path.exists());
    let got = got.lock().unwrap().clone();
    let m = mailparse::parse_mail(got.last().unwrap().1.as_bytes()).unwrap();
    let text = m.subparts[0].get_body().unwrap();
    assert!(text.contains(&a.number) && text.contains("已作废") && text.contains("日期有误"), "{text}");
    assert_eq!(letters::by_id(&t.db.conn, a.id).unwrap().unwrap().notice.as_deref(), Some("sent"));
}

/// A letter to 王建国 (worker address `email`) sent once through a sink that refuses
/// `refuse-me@…`: what the sink got, the relay, the test's world, the letter and the refusal.
fn sent_with_the_worker_refused(email: &str) -> (Inbox, send::Relay, super::tests::T, LetterRow, String) {
    let (port, got) = sink();
    let mut t = setup("王建国", email);
    let relay = relay_at(&mut t, port);
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    let e = send::deliver(&t.db.conn, &t.settings, &relay, &a, Some(1), None).unwrap().unwrap_err();
    assert_eq!(got.lock().unwrap().len(), 1, "the unit's copy went");
    let d = crate::db::letter_delivery::of(&t.db.conn, a.id).unwrap();
    assert_eq!(
        d.iter().map(|d| (d.recipient.as_str(), d.state.as_str())).collect::<Vec<_>>(),
        [("unit", "sent"), ("worker", "failed")]
    );
    assert_eq!(letters::by_id(&t.db.conn, a.id).unwrap().unwrap().delivery, "pending");
    (got, relay, t, a, e)
}

/// Issue #22: the worker's address refused (550) left the letter 待发送 and every retry mailed
/// the unit again. Each recipient is recorded; a retry mails only those not reached.
#[test]
fn a_refused_worker_leaves_the_unit_delivered_and_a_retry_mails_only_the_worker() {
    let (got, relay, t, a, e) = sent_with_the_worker_refused("refuse-me@example.org");
    assert!(e.contains("550"), "{e}");
    let d = crate::db::letter_delivery::of(&t.db.conn, a.id).unwrap();
    assert!(d[1].error.as_deref().unwrap_or_default().contains("550"));
    // A retry: the unit is not mailed again.
    send::deliver(&t.db.conn, &t.settings, &relay, &a, Some(1), None).unwrap().unwrap_err();
    assert_eq!(got.lock().unwrap().len(), 1, "the unit is not mailed twice");
    // The worker's address corrected: the retry reaches the worker only, and the letter is sent.
    t.db.conn.execute("UPDATE workers SET email = 'ok@example.org'", []).unwrap();
    send::deliver(&t.db.conn, &t.settings, &relay, &a, Some(1), None).unwrap().unwrap();
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    assert!(got[1].0.contains("ok@example.org"), "{:?}", got[1].0);
    assert_eq!(letters::by_id(&t.db.conn, a.id).unwrap().unwrap().delivery, "sent");
}

/// Issue #22: three void notices for one letter carried one Message-ID and one file. Each
/// notice is its own; the one for a re-issue names the new letter, and only it says 请以新函为准.
#[test]
fn each_void_notice_is_its_own_message_and_names_the_replacement() {
    let (port, got) = sink();
    let mut t = setup("王建国", "");
    let relay = relay_at(&mut t, port);
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    send::deliver(&t.db.conn, &t.settings, &relay, &a, Some(1), None).unwrap().unwrap();
    letters::void(&t.db.conn, &super::tests::SECRET, a.id, "日期有误", Some(1), Utc::now()).unwrap();
    let a = letters::by_id(&t.db.conn, a.id).unwrap().unwrap();
    let outbox = t.dir.path().join("outbox");
    let first = send::void_notice(&t.db.conn, &t.settings, &super::tests::SECRET, &outbox, Some(&relay), &a)
        .unwrap()
        .unwrap();
    let mut again = new(&t, "王建国");
    again.replaces = Some(a.id);
    again.replace_reason = "改期".into();
    let b = issue_one(&mut t, &again);
    let a = letters::by_id(&t.db.conn, a.id).unwrap().unwrap();
    let second = send::void_notice(&t.db.conn, &t.settings, &super::tests::SECRET, &outbox, Some(&relay), &a)
        .unwrap()
        .unwrap();
    assert_ne!(first, second, "a file each");
    assert!(first.exists() && second.exists());
    let got = got.lock().unwrap().clone();
    let notices: Vec<_> =
        got[got.len() - 2..].iter().map(|m| mailparse::parse_mail(m.1.as_bytes()).unwrap()).collect();
    let id = |m: &mailparse::ParsedMail| {
        m.headers.iter().find(|h| h.get_key() == "Message-ID").unwrap().get_value()
    };
    assert_ne!(id(&notices[0]), id(&notices[1]), "a Message-ID each");
    let (one, two) = (notices[0].subparts[0].get_body().unwrap(), notices[1].subparts[0].get_body().unwrap());
    assert!(one.contains("日期有误") && !one.contains("请以新函为准") && !one.contains("替代"), "{one}");
    assert!(two.contains(&b.number) && two.contains("请以新函为准") && !two.contains("原因：。"), "{two}");
}

/// Issue #22: `Date:` was the issue time when sent days later, and the outbox copy written
/// without a relay said `From: frontdesk@localhost` while the message sent used the relay's
/// address. What is sent is dated when sent, and the outbox copy is what was sent.
#[test]
fn a_message_is_dated_when_sent_and_the_outbox_copy_is_what_was_sent() {
    let (port, got) = sink();
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    let outbox = t.dir.path().join("outbox");
    outbox::write(&t.settings, &outbox, &a, None).unwrap();
    t.db.conn.execute("UPDATE letters SET issued_at = '2026-01-05T01:00:00.000Z'", []).unwrap();
    let a = letters::by_id(&t.db.conn, a.id).unwrap().unwrap();
    let relay = relay_at(&mut t, port);
    send::deliver(&t.db.conn, &t.settings, &relay, &a, Some(1), Some(&outbox)).unwrap().unwrap();
    let sent = got.lock().unwrap()[0].1.clone();
    let header = |m: &str, k: &str| {
        mailparse::parse_mail(m.as_bytes())
            .unwrap()
            .headers
            .iter()
            .find(|h| h.get_key() == k)
            .unwrap()
            .get_value()
    };
    let date = chrono::DateTime::parse_from_rfc2822(&header(&sent, "Date")).unwrap();
    assert!((Utc::now() - date.with_timezone(&Utc)).num_minutes().abs() < 5, "dated when sent: {date}");
    let name = format!("{}.unit.eml", files::base_name(&a));
    let kept = std::fs::read_to_string(outbox.join(name)).unwrap();
    assert!(header(&sent, "From").contains("fuwu@example.org"));
    assert_eq!(header(&kept, "From"), header(&sent, "From"));
    assert_eq!(header(&kept, "Date"), header(&sent, "Date"));
}

/// With the messages built by lettre, a worker's address that is not one makes no message:
/// the unit's copy goes, the worker's is recorded refused (never dropped as if delivered).
#[test]
fn a_worker_address_that_is_not_one_is_refused_not_skipped() {
    let (_, _, _, _, e) = sent_with_the_worker_refused("wang@@example");
    assert!(e.contains("wang@@example"), "{e}");
}

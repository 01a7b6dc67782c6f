//! Delivery: a letter's messages through the configured SMTP relay (retried with backoff; a
//! refusal leaves the letter to be sent with the reason), or marked sent by hand; the void
//! notice to the unit for a letter that had gone out.

use super::files;
use super::outbox;
use crate::config::{Settings, Smtp};
use crate::db::letter_delivery as delivery;
use crate::db::letters::{self as rows, LetterRow};
use crate::db::{DbError, workers};
use chrono::Utc;
use lettre::address::Envelope;
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// The relay from config, ready to send.
pub struct Relay {
    transport: SmtpTransport,
    from: String,
    /// Waits between attempts (the last attempt's refusal is the answer).
    pub backoff: Vec<Duration>,
}

/// `None` without `smtp` in config.
pub fn relay(settings: &Settings) -> Result<Option<Relay>, String> {
    let Some(s) = &settings.config.smtp else { return Ok(None) };
    Ok(Some(Relay {
        transport: transport(s)?,
        from: s.from.clone(),
        backoff: vec![Duration::from_secs(1), Duration::from_secs(4)],
    }))
}

fn transport(s: &Smtp) -> Result<SmtpTransport, String> {
    let builder = match s.tls.as_str() {
        "tls" => SmtpTransport::relay(&s.host).map_err(|e| e.to_string())?,
        "none" => SmtpTransport::builder_dangerous(&s.host),
        _ => SmtpTransport::starttls_relay(&s.host).map_err(|e| e.to_string())?,
    };
    let mut builder = builder.port(s.port).timeout(Some(Duration::from_secs(20)));
    if let Some(path) = &s.credentials_file {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut lines = text.lines();
        let (user, pass) = (lines.next().unwrap_or_default(), lines.next().unwrap_or_default());
        builder = builder.credentials(Credentials::new(user.trim().to_string(), pass.to_string()));
    }
    Ok(builder.build())
}

impl Relay {
    /// One message, tried once more after each backoff.
    pub fn send(&self, to: &str, message: &str) -> Result<(), String> {
        let from = self.from.parse().map_err(|e| format!("{}: {e}", self.from))?;
        let rcpt = to.parse().map_err(|e| format!("{to}: {e}"))?;
        let envelope = Envelope::new(Some(from), vec![rcpt]).map_err(|e| e.to_string())?;
        let mut last = String::new();
        for wait in std::iter::once(&Duration::ZERO).chain(&self.backoff) {
            std::thread::sleep(*wait);
            match lettre::Transport::send_raw(&self.transport, &envelope, message.as_bytes()) {
                Ok(_) => return Ok(()),
                // A permanent refusal will not change on retry.
                Err(e) if e.is_permanent() => return Err(e.to_string()),
                Err(e) => last = e.to_string(),
            }
        }
        Err(last)
    }
}

/// One message of a letter: who it is for (`unit` or `worker`), the address, its outbox file
/// and its text.
struct Message {
    recipient: &'static str,
    to: String,
    file: String,
    body: String,
}

/// The letter's messages dated `now`: the unit's, and the worker's when they have an e-mail.
fn messages(
    settings: &Settings,
    l: &LetterRow,
    worker_email: Option<&str>,
    now: chrono::DateTime<Utc>,
) -> Vec<Message> {
    let unit = settings.config.recuperation_units.iter().find(|u| u.code == l.recipient);
    let mut out: Vec<Message> = outbox::contents_dated(settings, l, worker_email, Some(now))
        .into_iter()
        .filter_map(|(file, body)| {
            let (recipient, to) = if file.ends_with(".unit.eml") {
                (delivery::UNIT, unit.map(|u| u.email.clone())?)
            } else if file.ends_with(".worker.eml") {
                (delivery::WORKER, worker_email.map(str::to_string)?)
            } else {
                return None;
            };
            Some(Message { recipient, to, file, body })
        })
        .collect();
    // An address that is not one makes no message: it is there, without a body, to be refused.
    let wanted = [
        (delivery::UNIT, unit.map(|u| u.email.clone())),
        (delivery::WORKER, worker_email.filter(|e| e.contains('@')).map(str::to_string)),
    ];
    for (recipient, to) in wanted {
        if let Some(to) = to
            && !out.iter().any(|m| m.recipient == recipient)
        {
            out.push(Message { recipient, to, file: String::new(), body: String::new() });
        }
    }
    out
}

/// Sends a letter's messages to those it has not reached yet, each recorded on its own; when
/// all have it the letter is sent (`smtp`), else it keeps waiting with the reasons. A message
/// sent is written to the outbox as sent (dated now, the relay's From), when `outbox` is given.
/// Returns the reasons of the refusals.
pub fn deliver(
    conn: &Connection,
    settings: &Settings,
    relay: &Relay,
    l: &LetterRow,
    clerk_id: Option<i64>,
    outbox_dir: Option<&Path>,
) -> Result<Result<(), String>, DbError> {
    let email = workers::by_id(conn, l.worker_id)?.and_then(|w| w.email);
    let now = Utc::now();
    let mut refused = vec![];
    for m in messages(settings, l, email.as_deref(), now) {
        if delivery::reached(conn, l.id, m.recipient)? {
            continue;
        }
        let sent = if m.body.is_empty() {
            Err(format!("{}: not an e-mail address", m.to))
        } else {
            relay.send(&m.to, &m.body)
        };
        match sent {
            Ok(()) => {
                delivery::record(conn, l.id, m.recipient, &m.to, None, now)?;
                if let Some(dir) = outbox_dir {
                    outbox::write_one(dir, &m.file, &m.body)?;
                }
            }
            Err(e) => {
                delivery::record(conn, l.id, m.recipient, &m.to, Some(&e), now)?;
                refused.push(e);
            }
        }
    }
    if refused.is_empty() {
        rows::mark_sent(conn, l.id, clerk_id, "smtp", now)?;
        return Ok(Ok(()));
    }
    let e = refused.join("; ");
    rows::send_failed(conn, l.id, &e)?;
    Ok(Err(e))
}

/// The notice to the unit that a letter it had received is void (or replaced): written to the
/// outbox and, with a relay, sent. Returns the file's path.
pub fn void_notice(
    conn: &Connection,
    settings: &Settings,
    secret: &[u8],
    outbox_dir: &Path,
    relay: Option<&Relay>,
    l: &LetterRow,
) -> Result<Result<std::path::PathBuf, String>, DbError> {
    let c = &settings.config;
    let Some(unit) = c.recuperation_units.iter().find(|u| u.code == l.recipient) else {
        return Ok(Err(l.recipient.clone()));
    };
    // Only a replacement makes "the new letter" mean anything (`notice::words`).
    let replaced = l.replaced_by.map(|id| rows::by_id(conn, id)).transpose()?.flatten();
    let today = Utc::now().with_timezone(&settings.tz).date_naive();
    let from = super::notice::sender(settings);
    // One message per event (the void, each re-issue): its own file and Message-ID.
    let seq = delivery::next_notice(conn, l.id)?;
    let name = format!("{}.void-{seq}", files::base_name(l));
    let id = format!("{name}@{}", from.rsplit('@').next().unwrap_or("localhost"));
    let date = Utc::now().with_timezone(&settings.tz).fixed_offset();
    let Some(eml) = super::notice::eml(settings, l, replaced.as_ref(), today, date, &id) else {
        return Ok(Err(l.recipient.clone()));
    };
    let file = format!("{name}.eml");
    let path = outbox::write_one(outbox_dir, &file, &eml)?;
    // The notice on record is part of the letter's mark: written and marked together.
    crate::db::write_shared(conn, |tx| {
        delivery::notice_written(tx, l.id, seq, l.replaced_by, &id, &file, Utc::now())?;
        crate::db::letter_marks::put(tx, secret, l.id)
    })?;
    rows::set_notice(conn, l.id, "pending")?;
    if let Some(r) = relay {
        if let Err(e) = r.send(&unit.email, &eml) {
            return Ok(Err(e));
        }
        delivery::notice_sent(conn, l.id, seq)?;
        rows::set_notice(conn, l.id, "sent")?;
    }
    Ok(Ok(path))
}

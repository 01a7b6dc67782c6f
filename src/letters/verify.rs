//! Verification: a number and code (a unit on the phone), or a file as issued. The answer's
//! first word and exit code are fixed by DESIGN.md: valid 0, void or replaced 3, unknown 4,
//! altered 5.

use super::mail_view;
use super::visible::{self, Node};
use super::{files, notice, outbox, record};
use crate::config::Settings;
use crate::db::letters::{self, LetterRow};
use crate::db::{DbError, batches, workers};
use crate::domain::letter::{normalize_code, same_code};
use rusqlite::Connection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid(Box<LetterRow>),
    Void(Box<LetterRow>),
    Replaced { letter: Box<LetterRow>, by: String },
    Unknown,
    Altered,
}

impl Verdict {
    pub fn word(&self) -> &'static str {
        match self {
            Verdict::Valid(_) => "valid",
            Verdict::Void(_) => "void",
            Verdict::Replaced { .. } => "replaced",
            Verdict::Unknown => "unknown",
            Verdict::Altered => "altered",
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Verdict::Valid(_) => 0,
            Verdict::Void(_) | Verdict::Replaced { .. } => 3,
            Verdict::Unknown => 4,
            Verdict::Altered => 5,
        }
    }
}

/// The stored letter's standing, after checking that its record still matches its code
/// (recomputed from the stored fields every time; a purged letter by its purge's seal).
fn standing(conn: &Connection, secret: &[u8], l: LetterRow) -> Result<Verdict, DbError> {
    if !super::record::holds(conn, secret, &l)? {
        return Ok(Verdict::Altered);
    }
    // A database put back from an older copy as a whole: the trail no longer reaches the head
    // an earlier check kept beside it. Nothing in it is read out as valid.
    if crate::db::audit_seal::anchor_problem(conn)?.is_some() {
        return Ok(Verdict::Altered);
    }
    // A void the audit trail holds, rolled back in the database with an older copy of the row
    // and its mark: not read out as valid.
    if l.state != "void" && crate::db::audit_search::letter_voided(conn, l.worker_id, &l.number)? {
        return Ok(Verdict::Altered);
    }
    if let Some(by) = l.replaced_by {
        let by = letters::by_id(conn, by)?.map(|n| n.number).unwrap_or_default();
        return Ok(Verdict::Replaced { letter: Box::new(l), by });
    }
    if l.state == "void" {
        return Ok(Verdict::Void(Box::new(l)));
    }
    Ok(Verdict::Valid(Box::new(l)))
}

/// A number and a code as read out on the phone.
pub fn by_code(conn: &Connection, secret: &[u8], number: &str, code: &str) -> Result<Verdict, DbError> {
    let Some(code) = normalize_code(code) else { return Ok(Verdict::Unknown) };
    // Read out on the phone, 〔〕 often arrive as [ ], ( ), 【】 or （）.
    let folded: String = crate::domain::text::fold_ascii(number)
        .trim()
        .chars()
        .map(|c| match c {
            '[' | '(' | '【' | '（' | '〈' => '〔',
            ']' | ')' | '】' | '）' | '〉' => '〕',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    match letters::by_number(conn, &folded)? {
        Some(l) if same_code(&l.code, &code) => standing(conn, secret, l),
        _ => Ok(Verdict::Unknown),
    }
}

/// What a file turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileVerdict {
    /// A letter's copy, as issued (then its standing), or not.
    Letter(Verdict),
    /// The file is a letter's copy as issued, but the letter in the database no longer
    /// matches its code.
    RecordAltered,
    /// A void notice as written to the unit: the letter it voids, and what replaced it.
    Notice { letter: Box<LetterRow>, by: Option<String> },
    /// A batch's roster as issued: its key, how many letters, how many void or replaced.
    Roster { batch: String, count: i64, void: i64 },
}

impl FileVerdict {
    /// The first word: a notice is `void` (it attests a void letter), a roster as issued is
    /// `valid`.
    pub fn word(&self) -> &'static str {
        match self {
            FileVerdict::Letter(v) => v.word(),
            FileVerdict::RecordAltered => "altered",
            FileVerdict::Notice { .. } => "void",
            FileVerdict::Roster { .. } => "valid",
        }
    }

    /// Exit codes: a roster as issued 0, a void notice 3 (as void), the rest as their words.
    pub fn exit_code(&self) -> i32 {
        match self {
            FileVerdict::Letter(v) => v.exit_code(),
            FileVerdict::RecordAltered => 5,
            FileVerdict::Notice { .. } => 3,
            FileVerdict::Roster { .. } => 0,
        }
    }
}

/// The kinds of file the outbox holds, told apart by their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Mail,
}

/// What a reader sees of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seen {
    Text(String),
    Html(Vec<Node>),
    Mail(mail_view::View),
}

fn kind_of_name(name: &str) -> Kind {
    if name.ends_with(".eml") {
        Kind::Mail
    } else if name.ends_with(".html") {
        Kind::Html
    } else {
        Kind::Text
    }
}

fn seen(kind: Kind, bytes: &[u8]) -> Option<Seen> {
    Some(match kind {
        Kind::Text => Seen::Text(shown_text(&visible::decode(bytes))),
        Kind::Html => Seen::Html(visible::page(&visible::decode_html(bytes))),
        Kind::Mail => Seen::Mail(mail_view::view(bytes)?),
    })
}

/// A text file as a reader sees it: spaces at a line's end and blank lines at the end show as
/// nothing (an editor saving the copy often strips or adds them).
fn shown_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let end = lines.iter().rposition(|l| !l.is_empty()).map_or(0, |i| i + 1);
    lines[..end].join("\n")
}

/// Whether the file shows what one of these files (as we write them) shows.
fn shows_one_of(kind: Kind, file: &Seen, ours: &[(String, String)]) -> bool {
    ours.iter()
        .filter(|(name, _)| kind_of_name(name) == kind)
        .any(|(_, content)| seen(kind, content.as_bytes()).as_ref() == Some(file))
}

/// The file's key: a letter's `type/year/seq`, or a roster's `batch/year/seq`.
fn key_of(kind: Kind, bytes: &[u8], seen: &Seen) -> Option<String> {
    match (kind, seen) {
        (Kind::Mail, _) => mail_view::header(bytes, "X-Frontdesk-Letter"),
        (_, Seen::Html(nodes)) => nodes.iter().find_map(|n| match n {
            Node::Open(name, attrs) if name == "meta" => {
                let value = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.trim().to_string());
                match value("name")?.as_str() {
                    "frontdesk-letter" => value("content"),
                    "frontdesk-batch" => value("content").map(|v| format!("batch/{v}")),
                    _ => None,
                }
            }
            _ => None,
        }),
        (_, Seen::Text(text)) => text.lines().find_map(|l| {
            let l = l.trim();
            l.strip_prefix("frontdesk-letter:")
                .map(|k| k.trim().to_string())
                .or_else(|| l.strip_prefix("frontdesk-batch:").map(|k| format!("batch/{}", k.trim())))
        }),
        _ => None,
    }
}

/// A file as issued (`.txt`, `.html` or `.eml`, a void notice or a roster): what a person sees
/// of it — once decoded — is compared with what they see of the file as we write it; any
/// difference is altered.
pub fn by_file(
    conn: &Connection,
    secret: &[u8],
    settings: &Settings,
    bytes: &[u8],
) -> Result<FileVerdict, DbError> {
    let unknown = Ok(FileVerdict::Letter(Verdict::Unknown));
    let altered = Ok(FileVerdict::Letter(Verdict::Altered));
    let looks_like_mail = mail_view::header(bytes, "X-Frontdesk-Letter").is_some();
    let text = visible::decode(bytes);
    let lower = text.get(..text.len().min(4096)).unwrap_or(&text).to_ascii_lowercase();
    let kind = if looks_like_mail {
        Kind::Mail
    } else if lower.contains("<html") || lower.contains("<!doctype") || lower.contains("<pre") {
        Kind::Html
    } else {
        Kind::Text
    };
    let Some(file) = seen(kind, bytes) else { return altered };
    let Some(key) = key_of(kind, bytes, &file) else { return unknown };
    let Some((ty, year, seq)) = files::parse_key(&key) else { return unknown };
    if ty == "batch" {
        return roster(conn, secret, settings, kind, &file, year, seq);
    }
    let Some(l) = letters::by_key(conn, &ty, year, seq)? else { return unknown };
    if l.files == "purged" {
        // Its texts were cleared past retention: there is nothing left to compare a file with.
        return unknown;
    }
    let email = workers::by_id(conn, l.worker_id)?.and_then(|w| w.email);
    let ours = outbox::contents_any_layout(settings, &l, email.as_deref());
    let replaced_by = match l.replaced_by {
        Some(id) => letters::by_id(conn, id)?,
        None => None,
    };
    if shows_one_of(kind, &file, &ours) {
        // The file is as issued; whether the letter in the database still is, `standing` says.
        return Ok(match standing(conn, secret, l)? {
            Verdict::Altered => FileVerdict::RecordAltered,
            v => FileVerdict::Letter(v),
        });
    }
    // A void notice carries the letter's key too.
    let void = l.state == "void" || l.replaced_by.is_some();
    if kind == Kind::Mail && void {
        let on = notice::dated(bytes, settings);
        let notices =
            on.map(|on| notice::expected(settings, &l, replaced_by.as_ref(), on)).unwrap_or_default();
        let named: Vec<(String, String)> =
            notices.into_iter().map(|m| ("notice.eml".to_string(), m)).collect();
        if shows_one_of(kind, &file, &named) {
            if !record::holds(conn, secret, &l)? {
                return Ok(FileVerdict::RecordAltered);
            }
            if !notice_on_record(conn, settings, &l, bytes)? {
                return altered;
            }
            return Ok(FileVerdict::Notice { letter: Box::new(l), by: replaced_by.map(|n| n.number) });
        }
    }
    altered
}

/// A notice is one the centre wrote: its Message-ID is on record for the letter, dated the day
/// it was written, naming the replacement that was then (a notice back- or forward-dated with
/// its words to match is not). Letters voided before notices were recorded have none on record;
/// their notice is taken by its words.
fn notice_on_record(
    conn: &Connection,
    settings: &Settings,
    l: &LetterRow,
    bytes: &[u8],
) -> Result<bool, DbError> {
    let on_record = crate::db::letter_delivery::notices(conn, l.id)?;
    if on_record.is_empty() {
        return Ok(true);
    }
    let id = mail_view::header(bytes, "Message-ID").unwrap_or_default();
    let id = id.trim_matches(['<', '>']);
    let day = notice::dated(bytes, settings);
    let replaced = |r: Option<i64>| -> Result<Option<String>, DbError> {
        Ok(match r {
            Some(r) => letters::by_id(conn, r)?.map(|n| n.number),
            None => None,
        })
    };
    let named = mail_view::view(bytes)
        .and_then(|v| {
            v.parts
                .into_iter()
                .find_map(|p| if let mail_view::Part::Plain(t, _) = p { Some(t) } else { None })
        })
        .unwrap_or_default();
    for (message_id, at, replaced_by) in on_record {
        let at_day = chrono::DateTime::parse_from_rfc3339(&at)
            .ok()
            .map(|a| a.with_timezone(&settings.tz).date_naive());
        let names_right = match replaced(replaced_by)? {
            Some(n) => named.contains(&format!("已作废，由{n}替代")),
            None => !named.contains("已作废，由"),
        };
        if message_id == id && at_day.is_some() && at_day == day && names_right {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A roster file against the batch's roster as we write it.
fn roster(
    conn: &Connection,
    secret: &[u8],
    settings: &Settings,
    kind: Kind,
    file: &Seen,
    year: i32,
    seq: u32,
) -> Result<FileVerdict, DbError> {
    let Some(id) = batches::by_key(conn, year, seq)? else {
        return Ok(FileVerdict::Letter(Verdict::Unknown));
    };
    let mut ours = vec![];
    for layout in files::Layout::ALL {
        ours.extend(super::batch::roster_files_in(layout, settings, conn, id)?);
    }
    if !shows_one_of(kind, file, &ours) {
        return Ok(FileVerdict::Letter(Verdict::Altered));
    }
    // The roster as stored, and which letters are in the batch, as marked when it was issued.
    if !crate::db::letter_marks::batch_holds(conn, secret, id)? {
        return Ok(FileVerdict::RecordAltered);
    }
    let (count, void) = batches::standing(conn, id)?;
    Ok(FileVerdict::Roster { batch: format!("{year}/{seq}"), count, void })
}

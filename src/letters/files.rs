//! A letter's files, pure text: the footer every copy carries (number, code, key, canonical
//! record), the printable A4 HTML page and the RFC 5322 message. Values are HTML-escaped in
//! HTML and kept out of headers except as RFC 2047 encoded words.

use crate::db::letters::LetterRow;
use crate::domain::letter::Canonical;

/// The ASCII key of a letter, carried by every file: `recuperation/2026/12`.
pub fn key(l: &LetterRow) -> String {
    format!("{}/{}/{}", l.letter_type, l.year, l.seq)
}

/// Reads a key back: (type, year, seq).
pub fn parse_key(s: &str) -> Option<(String, i32, u32)> {
    let mut it = s.trim().split('/');
    let (t, y, n) = (it.next()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
    it.next().is_none().then(|| (t.to_string(), y, n))
}

/// The files' base name in the outbox: `recuperation-2026-0012`.
pub fn base_name(l: &LetterRow) -> String {
    format!("{}-{}-{:04}", l.letter_type, l.year, l.seq)
}

/// The footer under each copy's text: number and code for people, key and canonical record
/// for `letter verify --file`.
pub fn footer(c: &Canonical, code: &str, year: i32, seq: u32) -> String {
    format!(
        "\n——————————\n编号：{}\n验证码：{code}\nfrontdesk-letter: {}/{year}/{seq}\nfrontdesk-record: {}\n",
        c.number,
        c.letter_type.code(),
        base64(c.text().as_bytes())
    )
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The page layouts, oldest first. Verification accepts a page in any of them, so a copy
/// printed or mailed before a layout changed still verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Before issue #22: the whole text in one `pre`; a long line (the record) ran off A4.
    V1,
    /// Title and number centred (GB/T 9704), every line wrapped inside the margins.
    V2,
}

impl Layout {
    pub const CURRENT: Layout = Layout::V2;
    pub const ALL: [Layout; 2] = [Layout::V1, Layout::V2];
}

/// The printable A4 page (GB/T 9704 margins, 仿宋 三号) in the current layout.
pub fn html(l: &LetterRow, text: &str, centre_phone: &str, record: &str) -> String {
    html_in(Layout::CURRENT, l, text, centre_phone, record)
}

/// The page in a given layout: the copy's text verbatim, its first two lines (title and
/// number) centred above the rest when they are that.
pub fn html_in(layout: Layout, l: &LetterRow, text: &str, centre_phone: &str, record: &str) -> String {
    let (style, body) = match layout {
        Layout::V1 => (
            "pre {{ white-space: pre-wrap; font-family: inherit; margin: 0; }}\n",
            format!("<pre>{}</pre>", escape_html(text)),
        ),
        Layout::V2 => (
            "pre {{ white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-all; font-family: inherit; margin: 0; }}\n\
             h1 {{ font-family: \"方正小标宋简体\", \"FZXiaoBiaoSong-B05S\", SimSun, serif; font-size: 22pt; font-weight: normal; text-align: center; line-height: 36pt; margin: 0; }}\n\
             .number {{ text-align: center; margin: 0 0 28pt; }}\n\
             .sign {{ display: block; white-space: pre-line; text-align: right; padding-right: 2em; }}\n",
            centred_head(l, text),
        ),
    };
    let style = style.replace("{{", "{").replace("}}", "}");
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"frontdesk-letter\" content=\"{key}\">\n<meta name=\"frontdesk-code\" content=\"{code}\">\n\
         <meta name=\"frontdesk-record\" content=\"{record}\">\n\
         <title>{title}</title>\n<style>\n@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}\n\
         body {{ font-family: FangSong, \"仿宋\", \"STFangsong\", serif; font-size: 16pt; line-height: 28pt; }}\n\
         {style}.verify {{ margin-top: 12pt; font-size: 12pt; }}\n</style>\n</head>\n<body>\n{body}\n\
         <p class=\"verify\">核验电话 {phone}</p>\n</body>\n</html>\n",
        key = escape_html(&key(l)),
        code = escape_html(&l.code),
        title = escape_html(&l.number),
        phone = escape_html(centre_phone),
        record = base64(record.as_bytes()),
    )
}

/// The text with its title and number as a centred heading, when its second line is the
/// letter's number; else the text as it is.
fn centred_head(l: &LetterRow, text: &str) -> String {
    let mut lines = text.splitn(3, '\n');
    match (lines.next(), lines.next(), lines.next()) {
        (Some(title), Some(number), Some(rest)) if number.trim() == l.number && !title.trim().is_empty() => {
            format!(
                "<h1>{}</h1>\n<p class=\"number\">{}</p>\n<pre>{}</pre>",
                escape_html(title),
                escape_html(number),
                pre_body(rest)
            )
        }
        _ => format!("<pre>{}</pre>", pre_body(text)),
    }
}

/// A `pre`'s content, escaped, with the signature lines (indented far to the right in the
/// text, which would wrap on A4) set right-aligned: the line's own spaces stay in the page,
/// collapsed where it is shown.
pub fn pre_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent >= 16 && !line.trim().is_empty() {
            out.push_str(&format!("<span class=\"sign\">{}</span>", escape_html(line)));
        } else {
            out.push_str(&escape_html(line));
        }
    }
    out
}

/// The text an issued HTML page shows: its heading's two lines, if any, then its `pre`.
pub fn html_text(page: &str) -> Option<String> {
    let inner = |open: &str, close: &str| -> Option<String> {
        let start = page.find(open)? + open.len();
        let end = page[start..].find(close)? + start;
        Some(unescape_html(&page[start..end]))
    };
    let pre = inner("<pre>", "</pre>")?.replace("<span class=\"sign\">", "").replace("</span>", "");
    match (inner("<h1>", "</h1>"), inner("<p class=\"number\">", "</p>")) {
        (Some(title), Some(number)) => Some(format!("{title}\n{number}\n{pre}")),
        _ => Some(pre),
    }
}

/// A `<meta name=…>`'s content.
pub fn html_meta(page: &str, name: &str) -> Option<String> {
    let at = page.find(&format!("<meta name=\"{name}\" content=\""))?;
    let rest = &page[at..];
    let start = rest.find("content=\"")? + 9;
    let end = rest[start..].find('"')? + start;
    Some(unescape_html(&rest[start..end]))
}

use lettre::message::header::{ContentTransferEncoding, ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message, MultiPart, SinglePart};

/// Standard base64 with padding (the `base64` crate), as the record and mail parts carry it.
pub fn base64(bytes: &[u8]) -> String {
    use ::base64::Engine;
    ::base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// One addressee of a message.
pub struct Mail<'a> {
    pub from: &'a str,
    pub from_name: &'a str,
    pub to: &'a str,
    pub to_name: &'a str,
    pub subject: &'a str,
    pub date: chrono::DateTime<chrono::FixedOffset>,
    pub message_id: &'a str,
}

/// The letter's own headers (its key, code and signed record), ASCII by construction.
macro_rules! own_header {
    ($ty:ident, $name:literal) => {
        #[derive(Clone)]
        struct $ty(String);

        impl Header for $ty {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($name)
            }
            fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok(Self(s.to_string()))
            }
            fn display(&self) -> HeaderValue {
                HeaderValue::dangerous_new_pre_encoded(Self::name(), self.0.clone(), self.0.clone())
            }
        }
    };
}

own_header!(LetterKey, "X-Frontdesk-Letter");
own_header!(LetterCode, "X-Frontdesk-Code");
own_header!(LetterRecord, "X-Frontdesk-Record");

/// A name and an address as a mailbox; `Err` (in words) when the address is not one.
fn mailbox(name: &str, email: &str) -> Result<Mailbox, String> {
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let address = email.trim().parse::<lettre::Address>().map_err(|e| format!("{email}: {e}"))?;
    Ok(Mailbox::new(Some(name), address))
}

/// An RFC 5322 message built by lettre: multipart/alternative, the text and the HTML page (each
/// base64), the key, code and canonical record in headers. `Err` when an address is not one.
pub fn eml(l: &LetterRow, m: &Mail, text: &str, page: &str, record: &str) -> Result<String, String> {
    let part = |ty: ContentType, body: &str| {
        SinglePart::builder().header(ty).header(ContentTransferEncoding::Base64).body(body.to_string())
    };
    let date: std::time::SystemTime = m.date.with_timezone(&chrono::Utc).into();
    let message = Message::builder()
        .from(mailbox(m.from_name, m.from)?)
        .to(mailbox(m.to_name, m.to)?)
        .subject(m.subject.chars().filter(|c| !c.is_control()).collect::<String>())
        .date(date)
        .message_id(Some(format!("<{}>", m.message_id)))
        .header(LetterKey(key(l)))
        .header(LetterCode(l.code.clone()))
        .header(LetterRecord(base64(record.as_bytes())))
        .multipart(
            MultiPart::alternative()
                .singlepart(part(ContentType::TEXT_PLAIN, text))
                .singlepart(part(ContentType::TEXT_HTML, page)),
        )
        .map_err(|e| e.to_string())?;
    String::from_utf8(message.formatted()).map_err(|e| e.to_string())
}

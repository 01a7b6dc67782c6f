//! What a mail client shows of a message: Subject, From, To (and Cc, Reply-To, Sender), and
//! every part it may show — plain text as decoded, HTML as `visible::page` sees it, and any
//! other part by its type — after mailparse has undone the transfer encodings, charsets and
//! RFC 2047 words, so a relay that re-encodes a message does not change what it shows.

use super::visible::{self, Node};
use mailparse::{MailAddr, MailHeaderMap, ParsedMail};

/// One part a client may show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Plain(String),
    Html(Vec<Node>),
    /// Anything else (an image, an attachment): never in a message of ours.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// (header, value as shown), in a fixed order of headers.
    pub headers: Vec<(&'static str, String)>,
    pub parts: Vec<Part>,
}

const SHOWN: [&str; 6] = ["Subject", "From", "To", "Cc", "Reply-To", "Sender"];

/// The message's view, or `None` when it does not parse as mail.
pub fn view(bytes: &[u8]) -> Option<View> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mail = mailparse::parse_mail(bytes).ok()?;
    let mut headers = vec![];
    for name in SHOWN {
        for h in mail.headers.get_all_headers(name) {
            let shown = if name == "Subject" {
                collapse(&h.get_value())
            } else {
                match mailparse::addrparse_header(h) {
                    Ok(list) => list.iter().map(address).collect::<Vec<_>>().join(", "),
                    Err(_) => format!("?{}", collapse(&h.get_value())),
                }
            };
            headers.push((name, shown));
        }
    }
    let mut parts = vec![];
    leaves(&mail, &mut parts)?;
    Some(View { headers, parts })
}

/// An X- header's value (the letter's key), trimmed.
pub fn header(bytes: &[u8], name: &str) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let (headers, _) = mailparse::parse_headers(bytes).ok()?;
    headers.get_first_value(name).map(|v| v.trim().to_string())
}

fn leaves(m: &ParsedMail, out: &mut Vec<Part>) -> Option<()> {
    if m.ctype.mimetype.starts_with("multipart/") {
        for p in &m.subparts {
            leaves(p, out)?;
        }
        return Some(());
    }
    let part = match m.ctype.mimetype.as_str() {
        "text/plain" => {
            let body = m.get_body().ok()?;
            let body = body.strip_prefix('\u{feff}').unwrap_or(&body);
            Part::Plain(body.replace("\r\n", "\n"))
        }
        "text/html" => Part::Html(visible::page(&m.get_body().ok()?)),
        other => Part::Other(other.to_string()),
    };
    out.push(part);
    Some(())
}

fn address(a: &MailAddr) -> String {
    match a {
        MailAddr::Single(s) => {
            let name = s.display_name.as_deref().map(collapse).unwrap_or_default();
            format!("{name} <{}>", s.addr.to_ascii_lowercase())
        }
        MailAddr::Group(g) => {
            let members: Vec<String> =
                g.addrs.iter().map(|s| address(&MailAddr::Single(s.clone()))).collect();
            format!("{}: {};", collapse(&g.group_name), members.join(", "))
        }
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

//! What a mail client shows of a message: Subject, From, To (and Cc, Reply-To, Sender), and
//! every part it may show — plain text as decoded, HTML as `visible::page` sees it, and any
//! other part by its type — after mailparse has undone the transfer encodings, charsets and
//! RFC 2047 words, so a relay that re-encodes a message does not change what it shows.

use super::visible::{self, Node};
use mailparse::{MailAddr, MailHeaderMap, ParsedMail};

/// One part a client may show, or a container of parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// `multipart/…` with its subtype (alternative shows one child, mixed shows all) and how
    /// many parts it holds.
    Multi(String, usize),
    /// Plain text as decoded, and how a client lays it out: `format=flowed` and `delsp`
    /// re-wrap lines, an attachment is not shown inline.
    Plain(String, Layout),
    Html(Vec<Node>, Layout),
    /// Anything else (an image, an attachment): never in a message of ours.
    Other(String),
}

/// What of a part's headers changes how a client shows it (the charset and transfer
/// encoding do not: they are undone before the comparison).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// `inline` unless the part says otherwise.
    disposition: String,
    /// The Content-Type parameters that change the layout (`format`, `delsp`), lower-cased.
    params: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// (header, value as shown), in a fixed order of headers.
    pub headers: Vec<(&'static str, String)>,
    pub parts: Vec<Part>,
}

/// The headers a client shows or acts on (replies, read receipts, a resent message), compared
/// as shown; those a relay adds on the way (Received, DKIM, …) are not among them.
const SHOWN: [&str; 31] = [
    "From",
    "To",
    "Cc",
    "Bcc",
    "Reply-To",
    "Sender",
    "Resent-From",
    "Resent-Sender",
    "Resent-To",
    "Resent-Cc",
    "Resent-Bcc",
    "Disposition-Notification-To",
    "Return-Receipt-To",
    "Mail-Reply-To",
    "Mail-Followup-To",
    TEXT[0],
    TEXT[1],
    TEXT[2],
    TEXT[3],
    TEXT[4],
    TEXT[5],
    TEXT[6],
    TEXT[7],
    TEXT[8],
    TEXT[9],
    TEXT[10],
    TEXT[11],
    TEXT[12],
    TEXT[13],
    TEXT[14],
    TEXT[15],
];

/// Of those, the ones whose value is text rather than addresses: what a client shows (a
/// description, a thread topic, an importance) and the letter's own headers (its key, code and
/// signed record).
const TEXT: [&str; 16] = [
    "Subject",
    "Followup-To",
    "Organization",
    "Comments",
    "Keywords",
    "Summary",
    "Content-Description",
    "Thread-Topic",
    "Importance",
    "Priority",
    "X-Priority",
    "X-MSMail-Priority",
    "MIME-Version",
    "X-Frontdesk-Letter",
    "X-Frontdesk-Code",
    "X-Frontdesk-Record",
];

/// The message's view, or `None` when it does not parse as mail.
pub fn view(bytes: &[u8]) -> Option<View> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mail = mailparse::parse_mail(bytes).ok()?;
    // A header name with space before its colon (`Subject : …`) is read by some clients as
    // the header and by others not at all: not one of ours.
    if mail.headers.iter().any(|h| h.get_key_ref().trim() != h.get_key_ref()) {
        return None;
    }
    let mut headers = vec![];
    for name in SHOWN {
        for h in mail.headers.get_all_headers(name) {
            let shown = if TEXT.contains(&name) {
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

/// Headers that decide how a part is read: said twice (or a parameter of them said twice),
/// readers differ on which counts — one shows a forged part where another sees ours — so such
/// a message is not one of ours (helper-17: two `boundary` parameters).
const DECIDING: [&str; 4] =
    ["Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "MIME-Version"];

fn unambiguous(m: &ParsedMail) -> bool {
    DECIDING.iter().all(|name| {
        let values = m.headers.get_all_values(name);
        values.len() <= 1 && values.first().is_none_or(|v| params_once(v))
    })
}

/// Whether each parameter of a header value (`; name=value`) is given once, names compared
/// without regard to case.
fn params_once(value: &str) -> bool {
    let mut names: Vec<String> = value
        .split(';')
        .skip(1)
        // `boundary*0`, `boundary*` and `boundary` are one parameter (RFC 2231): said two
        // ways it is said twice (helper-18).
        .filter_map(|p| {
            p.split_once('=')
                .map(|(n, _)| n.trim().split('*').next().unwrap_or_default().to_ascii_lowercase())
        })
        .collect();
    let n = names.len();
    names.sort();
    names.dedup();
    names.len() == n
}

fn leaves(m: &ParsedMail, out: &mut Vec<Part>) -> Option<()> {
    if !unambiguous(m) {
        return None;
    }
    if m.ctype.mimetype.starts_with("multipart/") {
        out.push(Part::Multi(m.ctype.mimetype.clone(), m.subparts.len()));
        for p in &m.subparts {
            leaves(p, out)?;
        }
        return Some(());
    }
    let part = match m.ctype.mimetype.as_str() {
        "text/plain" => {
            let body = m.get_body().ok()?;
            let body = body.strip_prefix('\u{feff}').unwrap_or(&body);
            Part::Plain(body.replace("\r\n", "\n"), layout(m))
        }
        // Line ends as in the file (a relay's CRLF inside a part, or a part sent 8bit).
        "text/html" => Part::Html(visible::page(&m.get_body().ok()?.replace("\r\n", "\n")), layout(m)),
        other => Part::Other(other.to_string()),
    };
    out.push(part);
    Some(())
}

fn layout(m: &ParsedMail) -> Layout {
    let d = m.get_content_disposition();
    let disposition = match d.disposition {
        mailparse::DispositionType::Inline => "inline".to_string(),
        mailparse::DispositionType::Attachment => "attachment".to_string(),
        mailparse::DispositionType::FormData => "form-data".to_string(),
        mailparse::DispositionType::Extension(x) => x.to_ascii_lowercase(),
    };
    let mut params: Vec<(String, String)> = m
        .ctype
        .params
        .iter()
        .filter(|(k, _)| matches!(k.to_ascii_lowercase().as_str(), "format" | "delsp"))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect();
    // Params `fixed` and `no` are what a part without them means.
    params.retain(|(k, v)| !matches!((k.as_str(), v.as_str()), ("format", "fixed") | ("delsp", "no")));
    params.sort();
    // A description some clients show above the part.
    if let Some(d) = m.headers.get_first_value("Content-Description") {
        params.push(("description".into(), collapse(&d)));
    }
    // A filename makes many clients offer the part as a file rather than show it.
    if d.params.keys().any(|k| k.eq_ignore_ascii_case("filename"))
        || m.ctype.params.keys().any(|k| k.eq_ignore_ascii_case("name"))
    {
        params.push(("filename".into(), String::new()));
    }
    Layout { disposition, params }
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

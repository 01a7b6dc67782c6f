//! What a person sees of a file, ours to define: the text of a `.txt` once decoded, and the
//! markup and rendered text of an HTML page. Two pages look the same to us only when their
//! elements, attributes and style sheets are the same and their text renders the same, so
//! whatever can hide or add text (a script, a style, a comment, a `hidden` attribute, another
//! element) makes a page differ from the one we issued, while re-encoding it (entities, case,
//! quotes, line ends, a BOM, another charset) does not.

/// A file's bytes as text: a BOM dropped (UTF-8 or UTF-16), else UTF-8, else the charset the
/// page declares, else GB18030 (what Chinese Windows tools save). Line ends become LF.
pub fn decode(bytes: &[u8]) -> String {
    let text = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned()
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
        let label = head.split_once("charset=").map(|(_, rest)| {
            rest.trim_start_matches(['"', '\''])
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .next()
                .unwrap_or_default()
                .to_string()
        });
        let enc = label
            .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
            .unwrap_or(encoding_rs::GB18030);
        enc.decode_without_bom_handling(bytes).0.into_owned()
    };
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A page's bytes as a browser decodes a file: a BOM first, then the charset the page declares
/// (`<meta charset>` or the `http-equiv` form), else as `decode` does. UTF-8 declared as
/// something else is read as that (and so shows otherwise than the page we issued).
pub fn decode_html(bytes: &[u8]) -> String {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return decode(bytes);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let declared = head.split_once("charset=").and_then(|(_, rest)| {
        let label: String = rest
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    match declared {
        Some(enc) => enc.decode_without_bom_handling(bytes).0.replace("\r\n", "\n").replace('\r', "\n"),
        None => decode(bytes),
    }
}

/// One piece of a page as it matters to a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element opened: its name and attributes (names in lower case, values decoded,
    /// sorted; a `meta` charset's value left out: the page is decoded already).
    Open(String, Vec<(String, String)>),
    Close(String),
    /// Text as rendered: decoded; inside `pre` kept as it is, elsewhere whitespace collapsed
    /// (whitespace alone is dropped). A script's or a style's content is text here too.
    Text(String),
    /// A comment or a declaration other than `<!DOCTYPE html>`: never in a page of ours.
    Other(String),
}

/// Elements whose content is text up to their end tag, not markup.
const RAW: [&str; 9] =
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"];

/// The page as a reader meets it.
pub fn page(html: &str) -> Vec<Node> {
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let mut out = vec![];
    let mut in_pre = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(at) = rest.find('<') else {
            push_text(&mut out, rest, in_pre > 0);
            break;
        };
        push_text(&mut out, &rest[..at], in_pre > 0);
        rest = &rest[at..];
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").unwrap_or(body.len());
            out.push(Node::Other(format!("<!--{}", &body[..end])));
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        let next = rest[1..].chars().next().unwrap_or(' ');
        if next == '!' || next == '?' {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let decl = &rest[..end];
            if !decl.eq_ignore_ascii_case("<!doctype html>") {
                out.push(Node::Other(decl.to_string()));
            }
            rest = &rest[end..];
            continue;
        }
        let closing = next == '/';
        let name_from = if closing { 2 } else { 1 };
        if !rest[name_from..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            // A `<` that opens nothing is text.
            push_text(&mut out, "<", in_pre > 0);
            rest = &rest[1..];
            continue;
        }
        let (name, attrs, after) = tag(&rest[name_from..]);
        rest = after;
        if closing {
            if name == "pre" {
                in_pre = in_pre.saturating_sub(1);
            }
            out.push(Node::Close(name));
            continue;
        }
        if name == "pre" {
            in_pre += 1;
            // A reader never sees a line break right after `<pre>`.
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        }
        let raw = RAW.contains(&name.as_str());
        out.push(Node::Open(name.clone(), attrs));
        if raw {
            let end = find_ci(rest, &format!("</{name}")).unwrap_or(rest.len());
            let content = &rest[..end];
            let text =
                if name == "title" || name == "textarea" { entities(content) } else { content.to_string() };
            push_decoded(&mut out, &text, false);
            rest = &rest[end..];
        }
    }
    out
}

fn push_text(out: &mut Vec<Node>, raw: &str, pre: bool) {
    push_decoded(out, &entities(raw), pre);
}

fn push_decoded(out: &mut Vec<Node>, text: &str, pre: bool) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let shown = if pre {
        text
    } else {
        let collapsed: Vec<&str> =
            text.split(|c: char| c.is_ascii_whitespace()).filter(|w| !w.is_empty()).collect();
        collapsed.join(" ")
    };
    if shown.is_empty() {
        return;
    }
    // Text split by a comment or a stray `<` reads as one.
    if let Some(Node::Text(prev)) = out.last_mut() {
        if !pre {
            prev.push(' ');
        }
        prev.push_str(&shown);
    } else {
        out.push(Node::Text(shown));
    }
}

/// A tag after its `<` or `</`: (name, attributes, what follows its `>`).
fn tag(s: &str) -> (String, Vec<(String, String)>, &str) {
    let end_name = s.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>').unwrap_or(s.len());
    let name = s[..end_name].to_ascii_lowercase();
    let mut rest = &s[end_name..];
    let mut attrs = vec![];
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix('>') {
            rest = after;
            break;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>' || c == '=')
            .unwrap_or(rest.len());
        // A name starts with any character but these: `=` alone is taken into the name.
        let end = if end == 0 { rest.chars().next().map_or(0, char::len_utf8) } else { end };
        let key = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start_matches(|c: char| c.is_ascii_whitespace());
            let (raw, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let close =
                        after.find(|c: char| c.is_ascii_whitespace() || c == '>').unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            value = entities(raw);
            rest = tail;
        }
        if name == "meta" && key == "charset" {
            value.clear();
        }
        attrs.push((key, value));
    }
    // The older way of declaring the charset says what `<meta charset>` says.
    if name == "meta"
        && attrs.iter().any(|(k, v)| k == "http-equiv" && v.eq_ignore_ascii_case("content-type"))
        && attrs.iter().any(|(k, v)| k == "content" && v.to_ascii_lowercase().contains("charset="))
    {
        attrs = vec![("charset".to_string(), String::new())];
    }
    attrs.sort();
    (name, attrs, rest)
}

/// Where `needle` (ASCII) first occurs in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len()) + 1)
        .filter(|&i| hay.is_char_boundary(i))
        .find(|&i| h.get(i..i + n.len()).is_some_and(|w| w.eq_ignore_ascii_case(n)))
}

/// Character references decoded the way a browser shows them: numeric ones and every HTML5
/// name. One a browser would show otherwise (a control character, a reference without its
/// `;`, a name not in HTML5) stays as written, so the page differs from ours rather than
/// passing for it.
pub fn entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let semi = rest.find(';').filter(|&e| e <= 40);
        let decoded = semi.and_then(|e| reference(&rest[1..e]));
        match (semi, decoded) {
            (Some(e), Some(c)) => {
                out.push_str(&c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<String> {
    let number = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse().ok()
    } else {
        // Every HTML5 name (`&mdash;`, `&ldquo;`, …), as an editor may write them.
        return quick_xml::escape::resolve_html5_entity(name)
            .filter(|s| !s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')))
            .map(str::to_string);
    };
    char::from_u32(number?).filter(|c| !c.is_control() || matches!(*c, '\n' | '\t')).map(String::from)
}

#[cfg(test)]
mod tests;

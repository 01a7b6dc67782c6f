//! Standard output and error as the command line writes them: to a terminal, stored text's
//! control characters (ESC, OSC, bidi overrides) are shown the way the kiosk shows them, so a
//! name cannot clear the screen or retitle the window; files and pipes get the bytes as stored.

use crate::domain::width::{Ambiguous, display_safe};
use std::io::{IsTerminal, Write};

/// Text made safe for a terminal: line breaks (`\n`, `\r\n`) and tabs kept, every other
/// control or bidi character shown as the kiosk shows it (`^[`, `<U+202E>`).
pub fn shown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            c if crate::domain::text::is_unsafe(c) => {
                out.push_str(&display_safe(c.encode_utf8(&mut [0; 4]), Ambiguous::Narrow))
            }
            c => out.push(c),
        }
    }
    out
}

/// A line for standard output: shown safely when it is a terminal, as it is otherwise.
pub fn out_line(s: &str) -> String {
    if std::io::stdout().is_terminal() { shown(s) } else { s.to_string() }
}

/// A line for standard error: shown safely when it is a terminal, as it is otherwise.
pub fn err_line(s: &str) -> String {
    if std::io::stderr().is_terminal() { shown(s) } else { s.to_string() }
}

/// Standard output, buffered; through [`Shown`] when it is a terminal.
pub fn stdout() -> Box<dyn Write> {
    let raw = std::io::BufWriter::new(std::io::stdout());
    if std::io::stdout().is_terminal() { Box::new(Shown::new(raw)) } else { Box::new(raw) }
}

/// A writer that passes text through [`shown`]; a character or `\r\n` cut between two
/// writes is held until the next.
pub struct Shown<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Shown<W> {
    pub fn new(inner: W) -> Self {
        Shown { inner, pending: Vec::new() }
    }

    fn drain(&mut self, last: bool) -> std::io::Result<()> {
        let mut text = String::new();
        let mut rest = &self.pending[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    text.push_str(s);
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (good, after) = rest.split_at(e.valid_up_to());
                    text.push_str(std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        Some(n) => {
                            text.push(char::REPLACEMENT_CHARACTER);
                            rest = &after[n..];
                        }
                        None if last => {
                            text.push(char::REPLACEMENT_CHARACTER);
                            rest = &[];
                            break;
                        }
                        None => {
                            rest = after;
                            break;
                        }
                    }
                }
            }
        }
        let mut held = rest.to_vec();
        if !last && held.is_empty() && text.ends_with('\r') {
            text.pop();
            held.push(b'\r');
        }
        self.inner.write_all(shown(&text).as_bytes())?;
        self.pending = held;
        Ok(())
    }
}

impl<W: Write> Write for Shown<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.drain(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Shown<W> {
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let _ = self.drain(true);
        }
        let _ = self.inner.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_line_breaks_kept() {
        assert_eq!(
            shown("王\u{1b}[2J\u{1b}]0;x\u{7}\r\n\t李\r\u{202E}"),
            "王^[[2J^[]0;x^G\r\n\t李^M<U+202E>"
        );
    }

    #[test]
    fn a_character_cut_between_writes_is_kept_whole() {
        let mut out = Vec::new();
        {
            let mut w = Shown::new(&mut out);
            let bytes = "王\r\n\u{1b}".as_bytes();
            for b in bytes {
                w.write_all(&[*b]).unwrap();
            }
        }
        assert_eq!(String::from_utf8(out).unwrap(), "王\r\n^[");
    }
}

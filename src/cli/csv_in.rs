//! CSV files in, streamed: UTF-8 (with or without BOM) when the whole file is valid UTF-8,
//! else GB18030 decoded on the fly; every record with the 1-based line it starts on. A file of
//! a million rows is never held in memory, and no record is copied: a row is refused past
//! 1 MiB before more of it is read, a cell past 64 KiB, bytes that are GB18030 neither by line.

use crate::i18n::{Lang, files, fill};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The longest cell taken.
pub const CELL_LIMIT: usize = 64 * 1024;
/// The longest row read: past it, the rest of the row is not read.
pub const ROW_LIMIT: u64 = 1024 * 1024;
/// A pipe is copied to a temporary file beside the others' work: never more than this (the
/// largest import we plan for, a million claims, is a few hundred MiB).
pub const SPOOL_LIMIT: u64 = 2 << 30;

/// The spool limit; `FRONTDESK_SPOOL_MIB` lowers it (tests).
fn spool_limit() -> u64 {
    std::env::var("FRONTDESK_SPOOL_MIB")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(SPOOL_LIMIT, |m| m << 20)
}

/// The file an import reads: the file named, or what came down a pipe kept in a private
/// temporary file (an import reads its file more than once). Anything else is refused.
pub struct Input {
    path: PathBuf,
    spooled: bool,
}

impl Input {
    /// `required`: the header's columns, checked on a pipe's first line before the rest is
    /// read (a pipe that never ends under a wrong header would never be refused otherwise).
    pub fn open(named: &Path, lang: Lang, (required, optional): (&[&str], &[&str])) -> anyhow::Result<Input> {
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        let said = |e: &dyn std::fmt::Display| {
            anyhow::anyhow!(fill(lang.text().imp_read, &[("path", &named.display()), ("detail", e)]))
        };
        let kind = std::fs::metadata(named).map_err(|e| said(&e))?.file_type();
        if kind.is_file() {
            return Ok(Input { path: named.to_path_buf(), spooled: false });
        }
        if !kind.is_fifo() {
            return Err(anyhow::anyhow!(fill(files::text(lang).not_file, &[("path", &named.display())])));
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(".frontdesk-import-{}-{nanos}.csv", std::process::id());
        let path = std::env::temp_dir().join(name);
        let input = Input { path, spooled: true };
        let mut to = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&input.path)
            .map_err(|e| said(&e))?;
        let mut from = File::open(named).map_err(|e| said(&e))?;
        // A pipe may never end (`cat /dev/zero |`): a stretch past the row limit without a line
        // break is refused here, by its line, before the disk fills.
        let (mut buf, mut line, mut since_break) = (vec![0u8; 1 << 16], 1u64, 0u64);
        let mut head: Option<Vec<u8>> = Some(vec![]);
        let mut spooled = 0u64;
        loop {
            let n = from.read(&mut buf).map_err(|e| said(&e))?;
            if n == 0 {
                break;
            }
            if let Some(h) = head.as_mut() {
                let upto = buf[..n].iter().position(|&b| b == b'\n');
                h.extend_from_slice(&buf[..upto.unwrap_or(n)]);
                if upto.is_some() {
                    header_holds(h, (required, optional), lang)?;
                    head = None;
                }
            }
            for &b in &buf[..n] {
                if b == b'\n' {
                    line += 1;
                    since_break = 0;
                } else {
                    since_break += 1;
                }
            }
            spooled += n as u64;
            if spooled > spool_limit() {
                let why = fill(files::text(lang).pipe_long, &[("mib", &(spool_limit() >> 20))]);
                return Err(anyhow::anyhow!(fill(lang.text().imp_line, &[("line", &line), ("msg", &why)])));
            }
            if since_break > ROW_LIMIT {
                let why = files::text(lang).row_long;
                return Err(anyhow::anyhow!(fill(lang.text().imp_line, &[("line", &line), ("msg", &why)])));
            }
            to.write_all(&buf[..n]).map_err(|e| said(&e))?;
        }
        Ok(input)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A pipe's first line is a header naming every required column, or the import stops there.
fn header_holds(line: &[u8], (required, optional): (&[&str], &[&str]), lang: Lang) -> anyhow::Result<()> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(line);
    let header = reader.records().next().and_then(Result::ok);
    if header.is_some_and(|h| super::csvio::columns(&h, required, optional).is_some()) {
        return Ok(());
    }
    let want = fill(lang.text().imp_header, &[("want", &required.join(","))]);
    Err(anyhow::anyhow!(fill(lang.text().imp_line, &[("line", &1), ("msg", &want)])))
}

impl Drop for Input {
    fn drop(&mut self) {
        if self.spooled {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Why the reader stopped inside a row; carried through the CSV reader as an I/O error.
#[derive(Debug)]
enum Stop {
    RowTooLong,
    /// Bytes neither UTF-8 nor GB18030, on this line.
    NotText(u64),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for Stop {}

/// What a first pass over the file found: its encoding and how many lines it has.
pub struct Sniffed {
    pub utf8: bool,
    pub lines: u64,
    /// A file of UTF-8 lines with some that are not (a GBK line pasted in): the first of those.
    /// Read whole as GB18030 its UTF-8 lines would be stored as mojibake; it is refused there.
    pub mixed: Option<u64>,
}

/// Lines as the first pass sees them: the first that is not UTF-8, and the first that is UTF-8
/// with Chinese in it (bytes GBK happens to share with UTF-8 never make a CJK character).
#[derive(Default)]
struct LineKinds {
    line: Vec<u8>,
    at: u64,
    first_not_utf8: Option<u64>,
    first_utf8_chinese: Option<u64>,
}

impl LineKinds {
    /// Longer lines are refused by the reader anyway; past this a line is not looked at.
    const CAP: usize = 1 << 20;

    fn feed(&mut self, bytes: &[u8]) {
        for part in bytes.split_inclusive(|&b| b == b'\n') {
            if self.line.len() < Self::CAP {
                self.line.extend_from_slice(&part[..part.len().min(Self::CAP - self.line.len())]);
            }
            if part.ends_with(b"\n") {
                self.end_line();
            }
        }
    }

    fn end_line(&mut self) {
        self.at += 1;
        if self.line.len() < Self::CAP {
            match std::str::from_utf8(&self.line) {
                Ok(s) if s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) => {
                    self.first_utf8_chinese.get_or_insert(self.at);
                }
                Ok(_) => {}
                Err(_) => {
                    self.first_not_utf8.get_or_insert(self.at);
                }
            }
        }
        self.line.clear();
    }

    fn mixed(mut self) -> Option<u64> {
        if !self.line.is_empty() {
            self.end_line();
        }
        self.first_utf8_chinese.and(self.first_not_utf8)
    }
}

/// Reads the file once in chunks: is it UTF-8 throughout, and how many lines.
pub fn sniff(path: &Path) -> io::Result<Sniffed> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let (mut carry, mut utf8, mut lines) = (Vec::<u8>::new(), true, 0u64);
    let mut kinds = LineKinds::default();
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        kinds.feed(&buf[..n]);
        if utf8 {
            carry.extend_from_slice(&buf[..n]);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                // A character cut at the chunk's end: keep its first bytes for the next chunk.
                Err(e) if e.error_len().is_none() => {
                    carry.drain(..e.valid_up_to());
                }
                Err(_) => utf8 = false,
            }
        }
    }
    Ok(Sniffed { utf8: utf8 && carry.is_empty(), lines, mixed: kinds.mixed() })
}

/// GB18030 bytes in, UTF-8 out; bytes that are not GB18030 stop it, naming their line.
struct Decoded {
    inner: BufReader<File>,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    finished: bool,
    /// `\n` bytes read so far (a GB18030 byte pair never holds one).
    lines: u64,
    /// Malformed input met on this line: said once what was decoded before it is read.
    bad: Option<u64>,
}

impl Read for Decoded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.out.len() {
            if let Some(line) = self.bad {
                return Err(io::Error::other(Stop::NotText(line)));
            }
            if self.finished {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            let last = n == 0;
            let want = self.decoder.max_utf8_buffer_length_without_replacement(n).unwrap_or(4 * n + 16);
            self.out.resize(want, 0);
            let (result, read, written) =
                self.decoder.decode_to_utf8_without_replacement(&self.raw[..n], &mut self.out, last);
            self.out.truncate(written);
            self.at = 0;
            self.finished = last;
            if let encoding_rs::DecoderResult::Malformed(..) = result {
                let before = self.raw[..read].iter().filter(|&&b| b == b'\n').count() as u64;
                self.bad = Some(self.lines + before + 1);
            }
            self.lines += self.raw[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Where the line ends are in the text the parser has read so far: `\r` and `\n` by offset.
#[derive(Default)]
struct Marks {
    ends: VecDeque<(u64, u8)>,
    offset: u64,
    /// `\n` already passed.
    lines: u64,
    /// Where the row being read began.
    row_start: u64,
}

/// The text source, noting line ends as the parser pulls bytes through it.
struct Tracked {
    inner: Box<dyn Read>,
    marks: Rc<RefCell<Marks>>,
}

impl Read for Tracked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let m = self.marks.borrow_mut();
        // A row past its limit is not read further: a huge line costs no memory.
        if m.offset.saturating_sub(m.row_start) > ROW_LIMIT {
            return Err(io::Error::other(Stop::RowTooLong));
        }
        drop(m);
        let n = self.inner.read(buf)?;
        let mut m = self.marks.borrow_mut();
        let base = m.offset;
        for (i, b) in buf[..n].iter().enumerate() {
            if *b == b'\n' || *b == b'\r' {
                m.ends.push_back((base + i as u64, *b));
            }
        }
        m.offset += n as u64;
        Ok(n)
    }
}

/// The records of a CSV file with their line numbers (the header is line 1).
pub struct Records {
    reader: csv::Reader<Tracked>,
    record: csv::StringRecord,
    marks: Rc<RefCell<Marks>>,
    done: bool,
    lang: Lang,
    /// Mixed encodings: the first line that is not UTF-8, said before anything is read.
    mixed: Option<u64>,
}

impl Records {
    pub fn open(path: &Path, sniffed: &Sniffed, lang: Lang) -> io::Result<Records> {
        let mut file = BufReader::new(File::open(path)?);
        let inner: Box<dyn Read> = if sniffed.utf8 {
            let mut bom = [0u8; 3];
            let n = file.read(&mut bom)?;
            let head = if bom[..n] == *b"\xEF\xBB\xBF" { Vec::new() } else { bom[..n].to_vec() };
            Box::new(io::Cursor::new(head).chain(file))
        } else {
            Box::new(Decoded {
                inner: file,
                decoder: encoding_rs::GB18030.new_decoder_without_bom_handling(),
                raw: vec![0; 1 << 16],
                out: Vec::new(),
                at: 0,
                finished: false,
                lines: 0,
                bad: None,
            })
        };
        let marks = Rc::new(RefCell::new(Marks::default()));
        let tracked = Tracked { inner, marks: marks.clone() };
        let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(tracked);
        Ok(Records {
            reader,
            record: csv::StringRecord::new(),
            marks,
            done: false,
            lang,
            mixed: sniffed.mixed,
        })
    }

    /// The next record and its line; a malformed file ends with its error (in the user's
    /// language where it is ours), a cell too long is refused by itself.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<(u64, Result<&csv::StringRecord, String>)> {
        if self.done {
            return None;
        }
        let ft = files::text(self.lang);
        if let Some(line) = self.mixed {
            self.done = true;
            return Some((line, Err(ft.mixed.to_string())));
        }
        let read = self.reader.read_record(&mut self.record);
        let row_start = self.marks.borrow().row_start;
        self.marks.borrow_mut().row_start = self.reader.position().byte();
        match read {
            Ok(true) => {
                let start = self.record.position().map_or(0, |p| p.byte());
                let line = self.line_at(start);
                if self.record.iter().any(|c| c.len() > CELL_LIMIT) {
                    return Some((line, Err(ft.cell_long.to_string())));
                }
                Some((line, Ok(&self.record)))
            }
            Ok(false) => None,
            Err(e) => {
                self.done = true;
                let ours = match e.kind() {
                    csv::ErrorKind::Io(io) => io.get_ref().and_then(|e| e.downcast_ref::<Stop>()),
                    _ => None,
                };
                match ours {
                    Some(Stop::RowTooLong) => Some((self.line_at(row_start), Err(ft.row_long.to_string()))),
                    Some(Stop::NotText(line)) => Some((*line, Err(ft.not_text.to_string()))),
                    None => {
                        let line =
                            e.position().map(|p| p.line()).unwrap_or_else(|| self.reader.position().line());
                        Some((line, Err(e.to_string())))
                    }
                }
            }
        }
    }

    /// The reader gives a record's position as the end of the previous one's terminator: the
    /// record's line counts every `\n` before it, blank lines included.
    fn line_at(&self, start: u64) -> u64 {
        let mut m = self.marks.borrow_mut();
        let mut at = start;
        while let Some(&(off, b)) = m.ends.front() {
            if off <= at {
                if off == at {
                    at += 1;
                }
                if b == b'\n' {
                    m.lines += 1;
                }
                m.ends.pop_front();
            } else {
                break;
            }
        }
        m.lines + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(bytes: &[u8]) -> Vec<(u64, Vec<String>)> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.csv");
        std::fs::write(&p, bytes).unwrap();
        let sniffed = sniff(&p).unwrap();
        let mut r = Records::open(&p, &sniffed, Lang::En).unwrap();
        let mut out = vec![];
        while let Some((line, rec)) = r.next() {
            out.push((line, rec.unwrap().iter().map(str::to_string).collect()));
        }
        out
    }

    #[test]
    fn gb18030_bom_blank_lines_and_line_numbers() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("a,b\r\n王一,\"x\r\ny\"\r\n\r\n李二,z\r\n");
        let got = lines_of(&bytes);
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), vec![1, 2, 5]);
        assert_eq!(got[1].1, vec!["王一".to_string(), "x\r\ny".to_string()]);
        assert_eq!(got[2].1[0], "李二");
        let got = lines_of(b"\xEF\xBB\xBFa,b\n\n\nc,d\n");
        assert_eq!(got, vec![(1, vec!["a".into(), "b".into()]), (4, vec!["c".into(), "d".into()])]);
    }

    #[test]
    fn utf8_split_across_chunks_is_still_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.csv");
        // 王 is three bytes; a million-and-one bytes put one across the first chunk's end.
        let mut text = "x".repeat((1 << 20) - 1);
        text.push_str("王\n");
        std::fs::write(&p, &text).unwrap();
        let s = sniff(&p).unwrap();
        assert!(s.utf8);
        assert_eq!(s.lines, 1);
    }
}

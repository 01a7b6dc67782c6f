//! CSV files in, streamed: UTF-8 (with or without BOM) when the whole file is valid UTF-8,
//! else GB18030 decoded on the fly; every record with the 1-based line it starts on. A file of
//! a million rows is never held in memory, and no record is copied.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

/// What a first pass over the file found: its encoding and how many lines it has.
pub struct Sniffed {
    pub utf8: bool,
    pub lines: u64,
}

/// Reads the file once in chunks: is it UTF-8 throughout, and how many lines.
pub fn sniff(path: &Path) -> io::Result<Sniffed> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let (mut carry, mut utf8, mut lines) = (Vec::<u8>::new(), true, 0u64);
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
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
    Ok(Sniffed { utf8: utf8 && carry.is_empty(), lines })
}

/// GB18030 bytes in, UTF-8 out.
struct Decoded {
    inner: BufReader<File>,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    finished: bool,
}

impl Read for Decoded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.out.len() {
            if self.finished {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            let last = n == 0;
            let want = self.decoder.max_utf8_buffer_length(n).unwrap_or(4 * n + 16);
            self.out.resize(want, 0);
            let (_, _, written, _) = self.decoder.decode_to_utf8(&self.raw[..n], &mut self.out, last);
            self.out.truncate(written);
            self.at = 0;
            self.finished = last;
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
}

/// The text source, noting line ends as the parser pulls bytes through it.
struct Tracked {
    inner: Box<dyn Read>,
    marks: Rc<RefCell<Marks>>,
}

impl Read for Tracked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
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
}

impl Records {
    pub fn open(path: &Path, sniffed: &Sniffed) -> io::Result<Records> {
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
            })
        };
        let marks = Rc::new(RefCell::new(Marks::default()));
        let tracked = Tracked { inner, marks: marks.clone() };
        let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(tracked);
        Ok(Records { reader, record: csv::StringRecord::new(), marks, done: false })
    }

    /// The next record and its line; a malformed file ends with its error.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<(u64, Result<&csv::StringRecord, String>)> {
        if self.done {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {
                let start = self.record.position().map_or(0, |p| p.byte());
                Some((self.line_at(start), Ok(&self.record)))
            }
            Ok(false) => None,
            Err(e) => {
                self.done = true;
                let line = e.position().map(|p| p.line()).unwrap_or_else(|| self.reader.position().line());
                Some((line, Err(e.to_string())))
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
        let mut r = Records::open(&p, &sniffed).unwrap();
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

//! Physical places in a CSV file. The csv crate reports a record's line wrongly after blank
//! lines and CR LF line ends, and its byte offset points before the blank lines; this reader
//! sits under it, keeps the bytes of the records not yet placed (a few kilobytes), and counts
//! line feeds itself. A UTF-8 byte order mark at the start is dropped here.

use std::io::{self, Read};

/// A reader that knows the line and column of what it has handed on.
pub struct Lines<R> {
    inner: R,
    /// Bytes handed on and not yet behind the last placed record.
    window: Vec<u8>,
    /// The offset (as the csv reader counts, after any byte order mark) of `window[0]`.
    start: u64,
    /// Where in `window` the last placed record starts.
    cursor: usize,
    /// The line of `window[cursor]`.
    line: u64,
    /// Whether the start has been looked at for a byte order mark.
    started: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl<R: Read> Lines<R> {
    /// Reads from `inner`, starting at line 1.
    pub fn new(inner: R) -> Lines<R> {
        Lines {
            inner,
            window: Vec::new(),
            start: 0,
            cursor: 0,
            line: 1,
            started: false,
        }
    }

    /// The line of the record the csv reader says starts at `offset`: the first byte at or after
    /// it that is not a line end. Records must be placed in file order.
    pub fn place(&mut self, offset: u64) -> u64 {
        let target = usize::try_from(offset.saturating_sub(self.start))
            .unwrap_or(usize::MAX)
            .clamp(self.cursor, self.window.len());
        self.line += count_line_feeds(&self.window[self.cursor..target]);
        let mut at = target;
        while let Some(&b) = self.window.get(at).filter(|b| **b == b'\n' || **b == b'\r') {
            self.line += u64::from(b == b'\n');
            at += 1;
        }
        self.cursor = at;
        if self.cursor > (1 << 16) && self.cursor * 2 > self.window.len() {
            self.window.drain(..self.cursor);
            self.start += self.cursor as u64;
            self.cursor = 0;
        }
        self.line
    }

    /// The line and column (in characters) where field `field` of the last placed record starts,
    /// reading it as `delimiter`-separated with `"` quotes; `None` if the record has fewer fields.
    pub fn field(&self, field: usize, delimiter: u8) -> Option<(u64, u64)> {
        let (mut line, mut column) = (self.line, 1u64);
        let (mut index, mut quoted) = (0usize, false);
        let bytes = &self.window[self.cursor..];
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if index == field && !quoted {
                return Some((line, column));
            }
            match (quoted, b) {
                (true, b'"') if bytes.get(i + 1) == Some(&b'"') => {
                    i += 1;
                    column += 1;
                }
                (true, b'"') => quoted = false,
                (_, b'\n') if quoted => {
                    line += 1;
                    column = 0;
                }
                (false, b'"') => quoted = true,
                (false, b'\n' | b'\r') => return None,
                (false, d) if d == delimiter => index += 1,
                _ => {}
            }
            // Continuation bytes of a UTF-8 character do not start a column.
            if b & 0xC0 != 0x80 {
                column += 1;
            }
            i += 1;
        }
        (index == field).then_some((line, column))
    }
}

fn count_line_feeds(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = self.inner.read(buf)?;
        if !self.started {
            while n < BOM.len().min(buf.len()) {
                let more = self.inner.read(&mut buf[n..])?;
                if more == 0 {
                    break;
                }
                n += more;
            }
            self.started = true;
            if buf[..n].starts_with(BOM) {
                buf.copy_within(BOM.len()..n, 0);
                n -= BOM.len();
            }
        }
        self.window.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of each record as the csv crate reads them through [`Lines`].
    fn lines(text: &str) -> Vec<(Vec<String>, u64)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(Lines::new(text.as_bytes()));
        let mut out = Vec::new();
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).unwrap() {
            let offset = record.position().unwrap().byte();
            let line = reader.get_mut().place(offset);
            out.push((record.iter().map(String::from).collect(), line));
        }
        out
    }

    #[test]
    fn lines_are_right_after_crlf_quoted_newlines_and_blank_lines() {
        let crlf = lines("a,b\r\n1,2\r\n\r\n3,4\r\n");
        assert_eq!(crlf.iter().map(|r| r.1).collect::<Vec<_>>(), [1, 2, 4]);
        let quoted = lines("a,b\n1,\"x\ny\"\n\n\n3,4\n");
        assert_eq!(quoted.iter().map(|r| r.1).collect::<Vec<_>>(), [1, 2, 6]);
        assert_eq!(quoted[1].0[1], "x\ny");
        let blank_first = lines("\n\na,b\n\n1,2");
        assert_eq!(blank_first.iter().map(|r| r.1).collect::<Vec<_>>(), [3, 5]);
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let rows = lines("\u{feff}treaty,state\r\nottawa,FI\r\n");
        assert_eq!(rows[0].0[0], "treaty");
        assert_eq!(rows[1].1, 2);
    }

    #[test]
    fn fields_are_placed_by_line_and_character() {
        let text = "a;b;c\n\"x;\ny\";é;\"q\"\"r\"\n";
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(b';')
            .from_reader(Lines::new(text.as_bytes()));
        let mut record = csv::StringRecord::new();
        reader.read_record(&mut record).unwrap();
        reader.read_record(&mut record).unwrap();
        let lines = reader.get_mut();
        lines.place(record.position().unwrap().byte());
        assert_eq!(lines.field(0, b';'), Some((2, 1)));
        assert_eq!(lines.field(1, b';'), Some((3, 4)));
        assert_eq!(lines.field(2, b';'), Some((3, 6)));
        assert_eq!(lines.field(3, b';'), None);
    }
}

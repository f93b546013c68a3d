//! Records written one after another: JSON Lines, one pretty JSON array, or readable text.
//!
//! Rendering is split from writing so that batch commands render on their worker threads
//! (serializing is part of the work) and write in input order on one.

use std::io::{self, Write};

use crate::Document;

/// How records are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordFormat {
    /// One compact JSON record per line (JSON Lines).
    Jsonl,
    /// A pretty-printed JSON array of records.
    Json,
    /// A human-readable summary per record (see [`crate::text_summary`]).
    Text,
}

impl RecordFormat {
    /// One record in this format. For `Json` the pretty record alone: [`RecordWriter`]
    /// writes the array's brackets and commas around it.
    pub fn render(self, doc: &Document) -> serde_json::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        match self {
            RecordFormat::Jsonl => {
                serde_json::to_writer(&mut bytes, doc)?;
                bytes.push(b'\n');
            }
            RecordFormat::Json => serde_json::to_writer_pretty(&mut bytes, doc)?,
            RecordFormat::Text => bytes.extend(crate::text_summary(doc).into_bytes()),
        }
        Ok(bytes)
    }
}

/// Writes rendered records to `out`, framing them as the format needs.
pub struct RecordWriter<W: Write> {
    out: W,
    format: RecordFormat,
    written: usize,
}

impl<W: Write> RecordWriter<W> {
    /// A writer of `format` records; a JSON array is opened at once, so that no input at
    /// all still gives valid JSON (`[]`) once [`RecordWriter::finish`] is called.
    pub fn new(mut out: W, format: RecordFormat) -> io::Result<RecordWriter<W>> {
        if format == RecordFormat::Json {
            out.write_all(b"[")?;
        }
        Ok(RecordWriter {
            out,
            format,
            written: 0,
        })
    }

    /// Write one record rendered by [`RecordFormat::render`] in this writer's format.
    pub fn write(&mut self, rendered: &[u8]) -> io::Result<()> {
        if self.format == RecordFormat::Json {
            self.out
                .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        }
        self.out.write_all(rendered)?;
        self.written += 1;
        Ok(())
    }

    /// Close the JSON array and flush; returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == RecordFormat::Json {
            self.out
                .write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str) -> Document {
        Document::from_normalized(id, "Rain fell.".to_string())
    }

    fn written(format: RecordFormat, docs: &[Document]) -> String {
        let mut writer = RecordWriter::new(Vec::new(), format).unwrap();
        for d in docs {
            writer.write(&format.render(d).unwrap()).unwrap();
        }
        String::from_utf8(writer.finish().unwrap()).unwrap()
    }

    #[test]
    fn a_json_array_is_valid_with_zero_one_or_two_records() {
        for n in 0..3 {
            let docs: Vec<Document> = (0..n).map(|i| doc(&format!("d{i}"))).collect();
            let out = written(RecordFormat::Json, &docs);
            let value: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(value.as_array().map(Vec::len), Some(n), "{out}");
            assert!(out.ends_with("]\n"));
        }
    }

    #[test]
    fn json_lines_are_one_record_per_line() {
        let out = written(RecordFormat::Jsonl, &[doc("a"), doc("b")]);
        let ids: Vec<String> = out
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
            .collect();
        assert_eq!(ids, ["\"a\"", "\"b\""]);
    }
}

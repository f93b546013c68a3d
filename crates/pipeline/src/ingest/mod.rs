//! Ingest: files, folders, stdin → [`Article`]s.
//!
//! Plain text, HTML and JSONL (one article per line) are read from files, whole folders
//! (recursively, in name order) or standard input (`-`). Reading streams: a JSONL file is read
//! line by line and a folder file by file, so memory stays bounded by the largest single
//! article, and every article is capped at [`ReadOptions::max_bytes`].
//!
//! Errors are per input: [`Articles`] yields `Err` for a bad file or line and carries on with
//! the next, so one bad input never stops a batch.

pub mod decode;
pub mod html;
pub mod nesting;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use readout_core::{InputInfo, InputKind};
use serde::Deserialize;

use crate::{Error, Result};

/// An article as read, before normalization.
#[derive(Debug, Clone)]
pub struct Article {
    /// Document id (given, or derived from the path and line).
    pub id: String,
    /// The article's content.
    pub body: Body,
    /// Title given by the input (JSONL `title`).
    pub title: Option<String>,
    /// URL given by the input.
    pub url: Option<String>,
    /// Outlet given by the input.
    pub source: Option<String>,
    /// Publication date given by the input, as written (validated by the analyzer).
    pub published: Option<String>,
    /// How it was read.
    pub input: InputInfo,
    /// Where it came from, for messages: file, `-`, or `file:line`.
    pub origin: String,
}

impl Article {
    /// An article from plain text held in memory (for library users and tests): no title,
    /// URL, source or date.
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Article {
        let id = id.into();
        let text = text.into();
        Article {
            origin: id.clone(),
            id,
            input: InputInfo {
                bytes: text.len(),
                ..InputInfo::default()
            },
            body: Body::Text(text),
            title: None,
            url: None,
            source: None,
            published: None,
        }
    }
}

/// An article's content.
#[derive(Debug, Clone)]
pub enum Body {
    /// Plain text (already decoded).
    Text(String),
    /// An HTML page, as raw bytes (the extractor honours its declared charset).
    Html(Vec<u8>),
}

/// Input format. `Auto` decides from the file extension, then from the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Decide per input.
    #[default]
    Auto,
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// JSON Lines, one article per line.
    Jsonl,
}

/// Options for reading inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Format of the inputs (default: decide per input).
    pub format: Format,
    /// Largest article accepted, in bytes (a whole text/HTML file, or one JSONL line).
    pub max_bytes: u64,
}

/// Default cap on one article: 16 MiB, far above any real news article, low enough that a
/// runaway input cannot exhaust memory.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: Format::Auto,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// File extensions read when walking a folder. Files named explicitly are read whatever
/// their extension.
const FOLDER_EXTENSIONS: [&str; 9] = [
    "txt", "text", "md", "html", "htm", "xhtml", "jsonl", "ndjson", "gz",
];

/// Total size in bytes of the files under `paths` (folders walked recursively; what cannot
/// be read counts 0): the measure of progress through an input.
pub fn input_bytes<P: AsRef<Path>>(paths: &[P]) -> u64 {
    fn walk(path: &Path) -> u64 {
        let Ok(meta) = std::fs::metadata(path) else {
            return 0;
        };
        if meta.is_file() {
            return meta.len();
        }
        let entries = std::fs::read_dir(path).into_iter().flatten().flatten();
        entries.map(|e| walk(&e.path())).sum()
    }
    paths.iter().map(|p| walk(p.as_ref())).sum()
}

/// A streaming reader over inputs: yields one `Result<Article>` per article.
pub struct Articles {
    pending: VecDeque<PathBuf>,
    options: ReadOptions,
    jsonl: Option<JsonlReader>,
    /// Folder walk errors found while expanding paths, yielded before the rest.
    errors: VecDeque<Error>,
}

impl Articles {
    /// Read the given paths (`-` is standard input; folders are walked recursively).
    pub fn new<P: AsRef<Path>>(paths: &[P], options: ReadOptions) -> Articles {
        let mut pending = VecDeque::new();
        let mut errors = VecDeque::new();
        for p in paths {
            let p = p.as_ref();
            if p.is_dir() {
                let mut files = Vec::new();
                walk(p, &mut files, &mut errors);
                files.sort();
                pending.extend(files);
            } else {
                pending.push_back(p.to_path_buf());
            }
        }
        Articles {
            pending,
            options,
            jsonl: None,
            errors,
        }
    }

    fn open_next(&mut self, path: PathBuf) -> Option<Result<Article>> {
        let origin = display_path(&path);
        let format = match self.options.format {
            Format::Auto => format_from_extension(&path),
            f => f,
        };
        let reader = match open(&path) {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        let mut reader = BufReader::with_capacity(64 * 1024, reader);
        let format = match format {
            Format::Auto => match sniff(&mut reader) {
                Ok(f) => f,
                Err(source) => return Some(Err(Error::Io { path, source })),
            },
            f => f,
        };
        if format == Format::Jsonl {
            self.jsonl = Some(JsonlReader {
                reader,
                origin,
                stem: id_from_path(&path),
                line: 0,
                max_bytes: self.options.max_bytes,
                failed: false,
            });
            return None;
        }
        Some(read_whole(
            reader,
            &path,
            &origin,
            format,
            self.options.max_bytes,
        ))
    }
}

impl Iterator for Articles {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.errors.pop_front() {
            return Some(Err(e));
        }
        loop {
            if let Some(jsonl) = &mut self.jsonl {
                match jsonl.next() {
                    Some(item) => return Some(item),
                    None => self.jsonl = None,
                }
            }
            let path = self.pending.pop_front()?;
            if let Some(item) = self.open_next(path) {
                return Some(item);
            }
        }
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut VecDeque<Error>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            errors.push_back(Error::Io {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, files, errors);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| FOLDER_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            files.push(path);
        }
    }
}

fn display_path(path: &Path) -> String {
    if path == Path::new("-") {
        "-".to_string()
    } else {
        path.display().to_string()
    }
}

/// Open a path for reading: `-` is stdin; a `.gz` file is decompressed on the fly.
fn open(path: &Path) -> Result<Box<dyn Read>> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        Ok(Box::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Ok(Box::new(file))
    }
}

/// The format a file's name implies (`a.html.gz` is HTML), or `Auto`.
fn format_from_extension(path: &Path) -> Format {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "html" | "htm" | "xhtml" => Format::Html,
        "jsonl" | "ndjson" => Format::Jsonl,
        "txt" | "text" | "md" => Format::Text,
        _ => Format::Auto,
    }
}

/// Decide the format from the first bytes without consuming them.
fn sniff(reader: &mut BufReader<Box<dyn Read>>) -> std::io::Result<Format> {
    let head = reader.fill_buf()?;
    if html::looks_like_html(head) {
        return Ok(Format::Html);
    }
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        let line_end = memchr::memchr(b'\n', head).unwrap_or(head.len());
        if serde_json::from_slice::<serde_json::Value>(&head[..line_end])
            .is_ok_and(|v| v.is_object())
        {
            return Ok(Format::Jsonl);
        }
    }
    Ok(Format::Text)
}

/// An id from a file name: its name without extensions (`a/b/0042_story.txt` → `0042_story`).
fn id_from_path(path: &Path) -> String {
    if path == Path::new("-") {
        return "stdin".to_string();
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .unwrap_or_else(|| path.display().to_string());
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

/// Read a whole text or HTML input, at most `max_bytes`.
fn read_whole(
    reader: impl Read,
    path: &Path,
    origin: &str,
    format: Format,
    max_bytes: u64,
) -> Result<Article> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > max_bytes {
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .unwrap_or(bytes.len() as u64);
        return Err(Error::TooLarge {
            origin: origin.to_string(),
            bytes: size.max(bytes.len() as u64),
            limit: max_bytes,
        });
    }
    let id = id_from_path(path);
    let mut input = InputInfo {
        path: Some(origin.to_string()),
        bytes: bytes.len(),
        ..InputInfo::default()
    };
    let body = if format == Format::Html {
        decode::check_not_binary(&bytes, origin)?;
        input.kind = InputKind::Html;
        Body::Html(bytes)
    } else {
        let decoded = decode::decode(bytes, origin)?;
        input.kind = InputKind::Text;
        input.lossy_utf8 = decoded.lossy;
        Body::Text(decoded.text)
    };
    Ok(Article {
        id,
        body,
        title: None,
        url: None,
        source: None,
        published: None,
        input,
        origin: origin.to_string(),
    })
}

/// One JSONL record as written by users: `text` or `html` plus optional metadata.
#[derive(Debug, Deserialize)]
struct JsonlRecord {
    id: Option<serde_json::Value>,
    text: Option<String>,
    html: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    source: Option<String>,
}

struct JsonlReader {
    reader: BufReader<Box<dyn Read>>,
    origin: String,
    stem: String,
    line: usize,
    max_bytes: u64,
    /// A read failed (a truncated `.gz`, a device error): the input is over. A decoder that
    /// failed once keeps failing at the same place, so reading on would report the same
    /// error forever.
    failed: bool,
}

impl JsonlReader {
    /// The next non-blank line, read with a length cap: an over-long line is skipped to its
    /// end and reported, and reading goes on with the line after it. A read error is reported
    /// once and ends this input.
    fn next(&mut self) -> Option<Result<Article>> {
        if self.failed {
            return None;
        }
        loop {
            self.line += 1;
            let mut buf = Vec::new();
            let (read, truncated) =
                match read_line_capped(&mut self.reader, &mut buf, self.max_bytes) {
                    Ok(r) => r,
                    Err(source) => {
                        self.failed = true;
                        return Some(Err(Error::Io {
                            path: PathBuf::from(format!("{}:{}", self.origin, self.line)),
                            source,
                        }));
                    }
                };
            if read == 0 {
                return None;
            }
            let origin = format!("{}:{}", self.origin, self.line);
            if truncated {
                return Some(Err(Error::TooLarge {
                    origin,
                    bytes: read as u64,
                    limit: self.max_bytes,
                }));
            }
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some(self.parse(&buf, origin, read));
        }
    }

    fn parse(&self, line: &[u8], origin: String, bytes: usize) -> Result<Article> {
        let input = InputInfo {
            kind: InputKind::Jsonl,
            path: Some(self.origin.clone()),
            line: Some(self.line),
            bytes,
            ..InputInfo::default()
        };
        let default_id = format!("{}:{}", self.stem, self.line);
        parse_jsonl_record(line, origin, default_id, input)
    }
}

/// Parse one JSONL line as a record. The error names the column within the line (the
/// origin already names the line), and a line that is not an object says so rather than
/// what serde would make of an array.
fn parse_record(line: &[u8]) -> std::result::Result<JsonlRecord, String> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let first = line.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        let found = match first {
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            _ => "not an object",
        };
        return Err(format!(
            "each line must be a JSON object such as {{\"text\": \"…\"}}, this one is {found}"
        ));
    }
    serde_json::from_slice(line).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let what = full.strip_suffix(&suffix).unwrap_or(&full);
        if e.is_eof() {
            format!(
                "{what} (the line ends at column {}: is it cut short?)",
                e.column()
            )
        } else {
            format!("{what} at column {}", e.column())
        }
    })
}

/// One JSONL record (`{"text"|"html", "id"?, "title"?, "url"?, "published"?, "source"?}`) as an
/// article, with the errors `readout analyze` gives for a bad line. `default_id` is used when
/// the record has none; `origin` names it in messages; `input` says how it was read (its
/// `html` flag is set here when the record gives `html`).
pub fn parse_jsonl_record(
    line: &[u8],
    origin: String,
    default_id: String,
    mut input: InputInfo,
) -> Result<Article> {
    let record = parse_record(line).map_err(|message| Error::Json {
        origin: origin.clone(),
        message,
    })?;
    let id = match record.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Null) | None => default_id,
        Some(other) => {
            return Err(Error::Json {
                origin,
                message: format!("`id` must be a string or a number, not {other}"),
            })
        }
    };
    let body = match (record.text, record.html) {
        (Some(text), _) => Body::Text(text),
        (None, Some(html)) => {
            input.html = true;
            Body::Html(html.into_bytes())
        }
        (None, None) => {
            return Err(Error::Json {
                origin,
                message: "the record has neither `text` nor `html`".to_string(),
            })
        }
    };
    Ok(Article {
        id,
        body,
        title: record.title,
        url: record.url,
        source: record.source,
        published: record.published,
        input,
        origin,
    })
}

/// Read one line (through `\n`) into `buf`, keeping at most `cap` bytes. Returns the bytes
/// consumed and whether the line was longer than `cap` (its tail is consumed, not kept).
fn read_line_capped(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: u64,
) -> std::io::Result<(usize, bool)> {
    let mut consumed = 0usize;
    let mut truncated = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((consumed, truncated));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !truncated {
            let room = (cap as usize).saturating_sub(buf.len());
            if take > room + usize::from(done) {
                truncated = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(take);
        consumed += take;
        if done {
            return Ok((consumed, truncated));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "readout-ingest-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn jsonl_lines_become_articles_and_bad_lines_errors() {
        let dir = temp_dir();
        let path = dir.join("batch.jsonl");
        let mut f = File::create(&path).unwrap();
        writeln!(
            f,
            r#"{{"id":"a","text":"Rain fell.","published":"2024-01-02"}}"#
        )
        .unwrap();
        writeln!(f).unwrap();
        writeln!(f, r#"{{"id":"b","text":"truncated"#).unwrap();
        writeln!(f, r#"{{"html":"<p>Snow.</p>","title":"Weather"}}"#).unwrap();
        writeln!(f, r#"{{"title":"no body"}}"#).unwrap();
        drop(f);
        let items: Vec<_> = Articles::new(&[&path], ReadOptions::default()).collect();
        assert_eq!(items.len(), 4);
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.id, "a");
        assert_eq!(a.published.as_deref(), Some("2024-01-02"));
        assert!(matches!(&items[1], Err(Error::Json { origin, .. }) if origin.ends_with(":3")));
        let c = items[2].as_ref().unwrap();
        assert_eq!(c.id, "batch:4");
        assert!(matches!(c.body, Body::Html(_)));
        assert!(
            matches!(&items[3], Err(Error::Json { message, .. }) if message.contains("neither"))
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn truncated_gzip_jsonl_is_one_error_then_the_next_input() {
        let dir = temp_dir();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        for i in 0..20 {
            writeln!(
                gz,
                r#"{{"id":"a{i}","text":"Officers detained {i} people."}}"#
            )
            .unwrap();
        }
        let whole = gz.finish().unwrap();
        let cut = dir.join("cut.jsonl.gz");
        std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
        let next = dir.join("next.txt");
        std::fs::write(&next, "The ferry sailed.").unwrap();
        // A bounded take: a reader that repeats its error forever fails here, not hangs.
        let items: Vec<_> = Articles::new(&[&cut, &next], ReadOptions::default())
            .take(100)
            .collect();
        let errors: Vec<_> = items.iter().filter_map(|r| r.as_ref().err()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(matches!(errors[0], Error::Io { .. }), "{}", errors[0]);
        assert!(
            errors[0].to_string().contains("cut.jsonl.gz"),
            "{}",
            errors[0]
        );
        assert_eq!(items.last().unwrap().as_ref().unwrap().id, "next");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn jsonl_messages_name_the_column_and_the_shape() {
        let cut = parse_record(b"{\"text\":\"cut sh\n").unwrap_err();
        assert!(!cut.contains("line 2"), "{cut}");
        assert!(
            cut.contains("column 15") && cut.contains("cut short"),
            "{cut}"
        );
        let array = parse_record(b"[1,2,3]\n").unwrap_err();
        assert!(
            array.contains("JSON object") && array.contains("array"),
            "{array}"
        );
        let typed = parse_record(br#"{"text": 5}"#).unwrap_err();
        assert!(typed.contains("at column"), "{typed}");
        assert!(parse_record(b" {\"text\":\"ok\"}\r\n").is_ok());
    }

    #[test]
    fn over_long_jsonl_line_is_reported_and_reading_goes_on() {
        let dir = temp_dir();
        let path = dir.join("big.jsonl");
        let mut f = File::create(&path).unwrap();
        writeln!(f, r#"{{"text":"{}"}}"#, "x".repeat(500)).unwrap();
        writeln!(f, r#"{{"text":"short"}}"#).unwrap();
        drop(f);
        let options = ReadOptions {
            max_bytes: 100,
            ..ReadOptions::default()
        };
        let items: Vec<_> = Articles::new(&[&path], options).collect();
        assert!(matches!(&items[0], Err(Error::TooLarge { .. })));
        assert!(matches!(&items[1], Ok(a) if matches!(&a.body, Body::Text(t) if t == "short")));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn folders_are_walked_in_name_order_and_formats_sniffed() {
        let dir = temp_dir();
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("b.txt"), "Second story.").unwrap();
        std::fs::write(dir.join("a.txt"), "First story.").unwrap();
        std::fs::write(
            dir.join("sub/c.htm"),
            "<html><body><p>Third.</p></body></html>",
        )
        .unwrap();
        std::fs::write(dir.join("ignored.bin"), "not read").unwrap();
        std::fs::write(dir.join(".hidden.txt"), "not read").unwrap();
        std::fs::write(dir.join("noext"), "<!doctype html><p>x</p>").unwrap();
        let items: Vec<_> = Articles::new(&[&dir], ReadOptions::default())
            .map(|r| r.unwrap())
            .collect();
        let ids: Vec<_> = items.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert!(matches!(items[2].body, Body::Html(_)));
        // A file named explicitly is read whatever its extension, its format sniffed.
        let sniffed = Articles::new(&[dir.join("noext")], ReadOptions::default())
            .next()
            .unwrap()
            .unwrap();
        assert!(matches!(sniffed.body, Body::Html(_)));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn missing_and_oversized_files_are_errors_naming_the_file() {
        let dir = temp_dir();
        let missing = dir.join("nope.txt");
        let err = Articles::new(&[&missing], ReadOptions::default())
            .next()
            .unwrap()
            .unwrap_err();
        assert!(err.to_string().contains("nope.txt"), "{err}");
        let big = dir.join("big.txt");
        std::fs::write(&big, "y".repeat(2000)).unwrap();
        let options = ReadOptions {
            max_bytes: 1000,
            ..ReadOptions::default()
        };
        let err = Articles::new(&[&big], options).next().unwrap().unwrap_err();
        assert!(
            matches!(
                err,
                Error::TooLarge {
                    bytes: 2000,
                    limit: 1000,
                    ..
                }
            ),
            "{err}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}

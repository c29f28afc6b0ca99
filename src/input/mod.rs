//! Resolve `classify` inputs: files, directories (their text, Markdown and
//! HTML files, recursively, in sorted order) and `-` for standard input;
//! tell plain text from web pages and Markdown ([`mod@format`]) and give the
//! text to classify; refuse binary files with a clear error.
//!
//! Plain text is streamed as it is read. A web page or a Markdown file is
//! read whole (at most [`MAX_DOCUMENT_BYTES`]), reduced to the text of its
//! article ([`html`], [`markdown`]) and that text is classified, so sentence
//! offsets of such inputs point into the extracted text, not the file.

mod blocks;
pub(crate) mod format;
pub(crate) mod html;
pub(crate) mod markdown;
mod page_parse;

use std::io::{Cursor, ErrorKind, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use format::InputFormat;
pub(crate) use format::SNIFF_BYTES;

/// File extensions picked up from a directory.
pub(crate) const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// Largest web page or Markdown file read (they are read whole; plain text
/// of any size is streamed).
pub(crate) const MAX_DOCUMENT_BYTES: usize = 64 << 20;

/// An input ready to classify: its format and a reader of the text whose
/// sentences are classified (the input itself for plain text, the
/// extracted article text for a web page or Markdown).
pub struct TextSource {
    /// The format the input was read as.
    pub format: InputFormat,
    /// The text to classify; plain text is not checked yet (the streaming
    /// reader refuses binary content chunk by chunk).
    pub reader: Box<dyn Read + Send>,
}

/// One input to classify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// The name shown as the article's `source`.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }

    /// Open the input for reading (standard input is not locked, so the
    /// reader can move to another thread). Nothing is checked yet: the
    /// streaming reader of [`classify_stream`](crate::classify_stream)
    /// refuses binary content chunk by chunk with the same errors as
    /// `decode_text`.
    pub fn open(&self) -> Result<Box<dyn Read + Send>> {
        Ok(match self {
            Input::File(p) => Box::new(std::fs::File::open(p).map_err(|e| Error::io(p, e))?),
            Input::Stdin => Box::new(std::io::stdin()),
        })
    }

    /// The path errors name (`-` for standard input).
    pub fn path(&self) -> PathBuf {
        match self {
            Input::File(p) => p.clone(),
            Input::Stdin => PathBuf::from("-"),
        }
    }

    /// Open the input as `format`, or, with `None`, as its extension says
    /// ([`InputFormat::from_extension`]) or else as its first bytes say
    /// ([`InputFormat::sniff`]; the bytes looked at are read again, so
    /// standard input loses nothing). A web page or a Markdown file is read
    /// whole and converted here, so a binary or non-UTF-8 one is refused
    /// before anything of it is classified.
    pub fn open_text(&self, format: Option<InputFormat>) -> Result<TextSource> {
        let path = self.path();
        let mut reader = self.open()?;
        let chosen = format.or_else(|| match self {
            Input::File(p) => InputFormat::from_extension(p),
            Input::Stdin => None,
        });
        let (format, prefix) = match chosen {
            Some(f) => (f, Vec::new()),
            None => {
                let prefix = read_prefix(&mut reader, SNIFF_BYTES, &path)?;
                (InputFormat::sniff(&prefix), prefix)
            }
        };
        let reader = Cursor::new(prefix).chain(reader);
        if format == InputFormat::Text {
            return Ok(TextSource {
                format,
                reader: Box::new(reader),
            });
        }
        let mut bytes = Vec::new();
        reader
            .take(MAX_DOCUMENT_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(&path, e))?;
        if bytes.len() > MAX_DOCUMENT_BYTES {
            if bytes.contains(&0) {
                return Err(nul_error(&path));
            }
            return Err(Error::input(
                &path,
                None,
                format!(
                    "{} input is read whole and this one is larger than {} MiB (--input-format text streams it as plain text)",
                    format.name(),
                    MAX_DOCUMENT_BYTES >> 20
                ),
            ));
        }
        let text = decode_text(&path, bytes)?;
        let text = format.extract(&text).into_owned();
        Ok(TextSource {
            format,
            reader: Box::new(Cursor::new(text.into_bytes())),
        })
    }

    /// Read the whole input as text, refusing binary or non-UTF-8 content.
    pub fn read(&self) -> Result<String> {
        let (path, bytes) = match self {
            Input::File(p) => (p.clone(), std::fs::read(p).map_err(|e| Error::io(p, e))?),
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map_err(|e| Error::io("-", e))?;
                (PathBuf::from("-"), buf)
            }
        };
        decode_text(&path, bytes)
    }
}

/// Up to `n` bytes from the start of `reader` (fewer only at its end).
fn read_prefix(reader: &mut impl Read, n: usize, path: &Path) -> Result<Vec<u8>> {
    let mut prefix = vec![0; n];
    let mut len = 0;
    while len < n {
        match reader.read(&mut prefix[len..]) {
            Ok(0) => break,
            Ok(k) => len += k,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    prefix.truncate(len);
    Ok(prefix)
}

/// Bytes -> text, or an error naming the file when they are not text.
pub(crate) fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    if bytes.contains(&0) {
        return Err(nul_error(path));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + count_lines(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        utf8_error(path, line)
    })?;
    if text.starts_with(BOM) {
        text.drain(..BOM.len_utf8());
    }
    Ok(text)
}

/// The byte order mark some editors put at the start of UTF-8 files.
pub(crate) const BOM: char = '\u{feff}';

/// The error for content with NUL bytes.
pub(crate) fn nul_error(path: &Path) -> Error {
    Error::input(path, None, "not a text file (it contains NUL bytes)")
}

/// The error for content that is not UTF-8, at a 1-based line.
pub(crate) fn utf8_error(path: &Path, line: u64) -> Error {
    Error::input(path, Some(line), "not a text file (not valid UTF-8)")
}

/// Number of `\n` bytes.
pub(crate) fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// File extensions picked up from a directory for `--input-format jsonl`.
pub const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];
/// File extensions picked up from a directory for `--input-format csv`.
pub const CSV_EXTENSIONS: &[&str] = &["csv"];

/// Expand command-line arguments into inputs, in the order given.
pub fn resolve_inputs(args: &[String]) -> Result<Vec<Input>> {
    resolve_inputs_with(args, TEXT_EXTENSIONS)
}

/// Expand command-line arguments into inputs, in the order given, a
/// directory giving its files with one of `extensions` (lower case).
pub fn resolve_inputs_with(args: &[String], extensions: &[&str]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for arg in args {
        if arg == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(arg);
        let meta = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            collect_files(&path, extensions, &mut files)?;
            if files.is_empty() {
                let names: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
                let listed = match names.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => names.join(""),
                };
                return Err(Error::input(
                    &path,
                    None,
                    format!("the directory holds no {listed} files"),
                ));
            }
            files.sort();
            inputs.extend(files.into_iter().map(Input::File));
        } else {
            inputs.push(Input::File(path));
        }
    }
    Ok(inputs)
}

fn collect_files(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if file_type.is_dir() {
            collect_files(&path, extensions, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_invalid_utf8_are_refused() {
        let e = decode_text(Path::new("x.bin"), vec![b'a', 0, b'b']).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.bin: not a text file (it contains NUL bytes)"
        );
        let e = decode_text(Path::new("x.txt"), b"ok\n\xff".to_vec()).unwrap_err();
        assert_eq!(e.to_string(), "x.txt:2: not a text file (not valid UTF-8)");
        assert_eq!(
            decode_text(Path::new("x"), "\u{feff}hi".into()).unwrap(),
            "hi"
        );
    }

    #[test]
    fn directories_expand_to_sorted_text_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        std::fs::write(dir.path().join("a.md"), "a").unwrap();
        std::fs::write(dir.path().join("c.csv"), "c").unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/e.HTML"), "e").unwrap();
        std::fs::write(dir.path().join("d/f.htm"), "f").unwrap();
        std::fs::write(dir.path().join("d/g.markdown"), "g").unwrap();
        let got = resolve_inputs(&[dir.path().display().to_string()]).unwrap();
        assert_eq!(
            got,
            ["a.md", "b.txt", "d/e.HTML", "d/f.htm", "d/g.markdown"]
                .map(|f| Input::File(dir.path().join(f)))
        );
        assert!(resolve_inputs(&["/no/such/file".into()]).is_err());
    }

    fn read_as(path: &Path, format: Option<InputFormat>) -> Result<(InputFormat, String)> {
        let mut source = Input::File(path.to_path_buf()).open_text(format)?;
        let mut text = String::new();
        source.reader.read_to_string(&mut text).unwrap();
        Ok((source.format, text))
    }

    #[test]
    fn the_format_comes_from_the_choice_the_extension_or_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let page = "<!DOCTYPE html><p>Page <b>text</b>.</p>";
        let long_text = "No markup here, just a long plain text line.\n\n".repeat(500);
        let cases: &[(&str, &str, Option<InputFormat>, InputFormat, &str)] = &[
            ("a.html", page, None, InputFormat::Html, "Page text.\n"),
            ("a.txt", page, None, InputFormat::Html, "Page text.\n"),
            (
                "a.txt",
                page,
                Some(InputFormat::Text),
                InputFormat::Text,
                page,
            ),
            ("a.md", "*Em* <p>", None, InputFormat::Markdown, "Em\n"),
            (
                "a.md",
                "*Em*",
                Some(InputFormat::Text),
                InputFormat::Text,
                "*Em*",
            ),
            (
                "a.txt",
                "*Em*",
                Some(InputFormat::Markdown),
                InputFormat::Markdown,
                "Em\n",
            ),
            (
                "b.html",
                "<p>x</p>",
                Some(InputFormat::Text),
                InputFormat::Text,
                "<p>x</p>",
            ),
            ("big.txt", &long_text, None, InputFormat::Text, &long_text),
            ("empty.html", "", None, InputFormat::Html, ""),
        ];
        for (name, content, choice, want_format, want_text) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, content).unwrap();
            let (format, text) = read_as(&path, *choice).unwrap();
            assert_eq!(
                (format, text.as_str()),
                (*want_format, *want_text),
                "{name}"
            );
        }
    }

    #[test]
    fn binary_pages_are_refused_before_anything_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("x.html");
        std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
        let e = read_as(&png, None).err().unwrap();
        assert_eq!(
            e.to_string(),
            format!("{}: not a text file (it contains NUL bytes)", png.display())
        );
        let latin1 = dir.path().join("y.htm");
        std::fs::write(&latin1, b"<p>ok</p>\n<p>caf\xe9</p>").unwrap();
        let e = read_as(&latin1, None).err().unwrap();
        assert_eq!(
            e.to_string(),
            format!("{}:2: not a text file (not valid UTF-8)", latin1.display())
        );
        // A BOM is not text.
        let bom = dir.path().join("z.html");
        std::fs::write(&bom, "\u{feff}<p>Hi.</p>").unwrap();
        assert_eq!(read_as(&bom, None).unwrap().1, "Hi.\n");
    }
}

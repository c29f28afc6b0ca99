//! Resolve `classify` inputs: files, directories (their `.txt` and `.md`
//! files, recursively, in sorted order) and `-` for standard input; refuse
//! binary files with a clear error.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// File extensions picked up from a directory.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md"];

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
    /// streaming reader in [`crate::stream`] refuses binary content chunk by
    /// chunk with the same errors as [`decode_text`].
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

/// Bytes -> text, or an error naming the file when they are not text.
pub fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
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
pub const BOM: char = '\u{feff}';

/// The error for content with NUL bytes.
pub fn nul_error(path: &Path) -> Error {
    Error::input(path, None, "not a text file (it contains NUL bytes)")
}

/// The error for content that is not UTF-8, at a 1-based line.
pub fn utf8_error(path: &Path, line: u64) -> Error {
    Error::input(path, Some(line), "not a text file (not valid UTF-8)")
}

/// Number of `\n` bytes.
pub fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Expand command-line arguments into inputs, in the order given.
pub fn resolve_inputs(args: &[String]) -> Result<Vec<Input>> {
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
            collect_text_files(&path, &mut files)?;
            if files.is_empty() {
                return Err(Error::input(
                    &path,
                    None,
                    "the directory holds no .txt or .md files",
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

fn collect_text_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if file_type.is_dir() {
            collect_text_files(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
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
        let got = resolve_inputs(&[dir.path().display().to_string()]).unwrap();
        assert_eq!(
            got,
            vec![
                Input::File(dir.path().join("a.md")),
                Input::File(dir.path().join("b.txt"))
            ]
        );
        assert!(resolve_inputs(&["/no/such/file".into()]).is_err());
    }
}

//! Atomic file writes: a temporary file in the target's directory, synced,
//! then renamed over the target.
//!
//! Both the model file and `suggest --out` go through here, so a run that
//! fails (bad input, a full disk, an interrupt) never leaves a half-written
//! file or clobbers a good one.
//!
//! Neither creates directories: an output path in a directory that does not
//! exist is refused ([`check_output_dir`]), since creating it would quietly
//! turn a mistyped path into a new tree of directories.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Write `bytes` to `path` atomically. A failure at any point leaves an
/// existing `path` untouched. The new file keeps the permissions of the file
/// it replaces, else gets an ordinary `rw-r--r--`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    check_output_dir(path)?;
    let dir = output_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".stance-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes)
        .and_then(|_| permissions_for(path, tmp.as_file()))
        .and_then(|p| tmp.as_file().set_permissions(p))
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Refuse an output path whose directory does not exist. Commands call it
/// before their work as well as [`write_atomically`] after it, so a long
/// run (`train --tune`) is not wasted on a path it cannot write.
pub fn check_output_dir(path: &Path) -> Result<()> {
    let dir = output_dir(path);
    if dir.exists() {
        Ok(())
    } else {
        Err(Error::MissingOutputDirectory {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
        })
    }
}

/// The directory a file is written in (`.` for a bare file name).
fn output_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Permissions for the new file: those of the file it replaces, else an
/// ordinary `rw-r--r--` (the temporary file starts as owner-only).
fn permissions_for(path: &Path, tmp: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(path) {
        return Ok(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp;
        Ok(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        tmp.metadata().map(|m| m.permissions())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_leaving_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such");
        let target = missing.join("x.csv");
        let e = write_atomically(&target, b"x").unwrap_err();
        assert!(matches!(e, Error::MissingOutputDirectory { .. }), "{e}");
        assert_eq!(
            e.to_string(),
            format!(
                "{}: the directory {} does not exist (stance does not create directories: create it first or choose another path)",
                target.display(),
                missing.display()
            )
        );
        assert!(e.is_input_error());
        assert!(!dir.path().join("no").exists());
        check_output_dir(Path::new("bare-name.json")).unwrap();
    }
}

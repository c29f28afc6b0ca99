//! Atomic file writes: a temporary file in the target's directory, synced,
//! then renamed over the target.
//!
//! Both the model file and `suggest --out` go through here, so a run that
//! fails (bad input, a full disk, an interrupt) never leaves a half-written
//! file or clobbers a good one.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Write `bytes` to `path` atomically. A failure at any point leaves an
/// existing `path` untouched. The new file keeps the permissions of the file
/// it replaces, else gets an ordinary `rw-r--r--`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
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
        let e = write_atomically(&missing.join("x.csv"), b"x").unwrap_err();
        assert!(e.to_string().starts_with(&missing.display().to_string()));
        assert!(e.is_input_error());
    }
}

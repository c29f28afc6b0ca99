//! Give the embedded model's memory back once it is parsed.
//!
//! The default model is 19 MB of JSON inside the binary. Parsing it reads
//! every page, and a page of the binary once read stays in the process's
//! resident set until it exits: a third of the peak RSS of a long
//! `classify` run was JSON nobody would read again. On Linux the pages lying
//! wholly inside the model's bytes are dropped from this process's mappings
//! after the parse (`madvise(MADV_DONTNEED)`); they stay in the page cache,
//! and a later read (the wordings `inspect` shows are borrowed from them)
//! faults them back in from the file, unchanged.

/// Drop the resident pages wholly inside `bytes`, when they are read-only
/// pages of a file mapping (as the binary's constants are). Anything else
/// (an unusual loader, a packed binary whose pages are anonymous, where
/// dropping would zero them) is left alone.
#[cfg(target_os = "linux")]
pub(crate) fn release(bytes: &'static [u8]) {
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    let Ok(page) = usize::try_from(page) else {
        return;
    };
    let start = (bytes.as_ptr() as usize).next_multiple_of(page);
    let end = (bytes.as_ptr() as usize + bytes.len()) / page * page;
    if start >= end || !read_only_file_mapping(start, end) {
        return;
    }
    // SAFETY: the range is whole pages inside `bytes`, in a read-only
    // private mapping of a file, so no page of it was ever written: dropping
    // them only makes the next read fetch the same bytes from the file
    // again. (A running executable cannot be written to, ETXTBSY.)
    unsafe {
        libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
    }
}

/// Elsewhere: nothing to do.
#[cfg(not(target_os = "linux"))]
pub(crate) fn release(_bytes: &'static [u8]) {}

/// True when `start..end` lies in one mapping of /proc/self/maps that is
/// read-only, private and backed by a file (a non-zero inode).
#[cfg(target_os = "linux")]
fn read_only_file_mapping(start: usize, end: usize) -> bool {
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return false;
    };
    maps.lines().any(|line| {
        // "55d0c0a00000-55d0c1e00000 r--p 00400000 fd:01 1234  /path"
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms), Some(_offset), Some(_dev), Some(inode)) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return false;
        };
        let Some((lo, hi)) = range.split_once('-') else {
            return false;
        };
        let (Ok(lo), Ok(hi)) = (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
        else {
            return false;
        };
        lo <= start && end <= hi && perms.starts_with("r-") && perms.ends_with('p') && inode != "0"
    })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The embedded model lies in a read-only file mapping (so it is
    /// released), heap memory does not, and released bytes read the same.
    #[test]
    fn releases_only_file_pages_and_keeps_their_bytes() {
        let model = super::super::file::DEFAULT_MODEL_JSON;
        let (lo, hi) = (
            model.as_ptr() as usize,
            model.as_ptr() as usize + model.len(),
        );
        assert!(read_only_file_mapping(lo + 8192, hi - 8192));
        let heap = vec![1u8; 1 << 20];
        let at = heap.as_ptr() as usize;
        assert!(!read_only_file_mapping(at, at + heap.len()));
        let before: u64 = model.iter().map(|&b| u64::from(b)).sum();
        release(model);
        let after: u64 = model.iter().map(|&b| u64::from(b)).sum();
        assert_eq!(before, after);
    }
}

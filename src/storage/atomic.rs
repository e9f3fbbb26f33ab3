//! The one way files are written whole here: a temporary file beside the
//! target (same file system, so the rename is atomic), written, synced, then
//! renamed into place. `save` adds its own checks around the same steps; the
//! recovery file, side copies and the merge driver use these helpers.

use std::fs::Permissions;
use std::io::{self, Write};
use std::path::Path;
use tempfile::NamedTempFile;

/// The directory a file lives in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A hidden temporary file beside `target` holding `bytes`, synced to disk,
/// ready to be persisted over (or next to) the target.
pub fn synced_temp_beside(
    target: &Path,
    prefix: &str,
    bytes: &[u8],
    permissions: Option<Permissions>,
) -> io::Result<NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .tempfile_in(parent_dir(target))?;
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p)?;
    }
    tmp.as_file_mut().write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Replaces (or creates) `target` with `bytes` atomically.
pub fn replace_file(
    target: &Path,
    prefix: &str,
    bytes: &[u8],
    permissions: Option<Permissions>,
) -> io::Result<()> {
    synced_temp_beside(target, prefix, bytes, permissions)?
        .persist(target)
        .map(|_| ())
        .map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("f.yaml");
        std::fs::write(&target, "old").expect("write");
        replace_file(&target, ".x.", b"new", None).expect("replace");
        assert_eq!(std::fs::read(&target).expect("read"), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
        assert_eq!(names.len(), 1);
        assert_eq!(parent_dir(Path::new("f.yaml")), Path::new("."));
    }
}

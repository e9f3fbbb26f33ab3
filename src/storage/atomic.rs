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
/// ready to be persisted over (or next to) the target. It is named
/// `.NAME.XXXXXX.tmp` after the target, so one left by a killed process is
/// matched by the repository's `.gitignore` (`.*.yaml.*.tmp`) for every file
/// written beside a board.
pub fn synced_temp_beside(
    target: &Path,
    bytes: &[u8],
    permissions: Option<Permissions>,
) -> io::Result<NamedTempFile> {
    synced_temp_written(target, permissions, |f| f.write_all(bytes))
}

/// [`synced_temp_beside`] with what `write` writes, through a buffer
/// flushed (its error checked) before the sync.
pub fn synced_temp_written(
    target: &Path,
    permissions: Option<Permissions>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<NamedTempFile> {
    let name = target
        .file_name()
        .map_or_else(|| "cchc".into(), |n| n.to_string_lossy().into_owned());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(parent_dir(target))?;
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p)?;
    }
    let mut out = io::BufWriter::with_capacity(64 << 10, tmp.as_file_mut());
    write(&mut out)?;
    out.flush()?;
    drop(out);
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Replaces (or creates) `target` with `bytes` atomically, then syncs the
/// directory so that the rename itself survives a power cut.
pub fn replace_file(
    target: &Path,
    bytes: &[u8],
    permissions: Option<Permissions>,
) -> io::Result<()> {
    synced_temp_beside(target, bytes, permissions)?
        .persist(target)
        .map_err(|e| e.error)?;
    sync_dir(target);
    Ok(())
}

/// Syncs the directory of `path` (after a rename into it). A failure is not
/// an error: the data is written; only its name may not yet be durable.
pub fn sync_dir(path: &Path) {
    if let Ok(dir) = std::fs::File::open(parent_dir(path)) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("f.yaml");
        std::fs::write(&target, "old").expect("write");
        replace_file(&target, b"new", None).expect("replace");
        assert_eq!(std::fs::read(&target).expect("read"), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
        assert_eq!(names.len(), 1);
        assert_eq!(parent_dir(Path::new("f.yaml")), Path::new("."));
    }

    #[test]
    fn temporary_files_are_named_after_their_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        for target in [".b.yaml.cchc-recovery", "b.yaml.mine-2", "b.yaml"] {
            let tmp = synced_temp_beside(&dir.path().join(target), b"x", None).expect("temp");
            let name = tmp
                .path()
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            // Matched by the repository's `.gitignore` line `.*.yaml.*.tmp`.
            assert!(name.starts_with(&format!(".{target}.")), "{name}");
            assert!(name.ends_with(".tmp") && name.contains(".yaml."), "{name}");
        }
    }
}

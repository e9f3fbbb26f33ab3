//! Files beside the board that keep unsaved work safe: the recovery file
//! (written on SSH drop, termination or panic; offered at the next start;
//! deleted after a successful save) and side copies ("save mine elsewhere").

use super::atomic::{parent_dir, replace_file, synced_temp_beside};
use super::{LoadError, parse, to_yaml};
use crate::domain::Board;
use std::path::{Path, PathBuf};

/// `.NAME.cchc-recovery` beside the board (hidden; ignored by the shipped
/// `.gitignore`). Never the board itself.
pub fn recovery_path(board: &Path) -> PathBuf {
    let name = board
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    board.with_file_name(format!(".{name}.cchc-recovery"))
}

/// The first line of a recovery file that remembers its base (format 2).
const HEADER: &str = "# cchc recovery (2)";
/// The line between the unsaved board and its base.
const BASE_MARK: &str =
    "--- # base: the board as loaded or last saved, which the edits started from\n";

/// A recovery file's content: the unsaved board and the board it started
/// from (as loaded or last saved; absent in files of earlier versions).
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub board: Board,
    pub base: Option<Board>,
}

/// The recovery file's text: a comment naming the board, the unsaved board,
/// then its base (`base_text`, canonical YAML), each in the board format.
pub fn recovery_text(board_path: &Path, board: &Board, base_text: &str) -> String {
    let name = board_path.display().to_string().replace(['\n', '\r'], " ");
    format!(
        "{HEADER} of {name}: unsaved edits, then the board they started from. Start cchc on that board to restore them.\n{}{BASE_MARK}{base_text}",
        to_yaml(board)
    )
}

/// Writes a recovery file for `board_path` beside it (atomically, synced);
/// without a base it is in the format of earlier versions (the board alone).
/// Errors are returned so a signal handler can report them on stderr.
pub fn write_recovery(
    board_path: &Path,
    board: &Board,
    base: Option<&Board>,
) -> std::io::Result<PathBuf> {
    let path = recovery_path(board_path);
    let text = match base {
        Some(b) => recovery_text(board_path, board, &to_yaml(b)),
        None => to_yaml(board),
    };
    write_recovery_text(&path, &text)?;
    Ok(path)
}

/// Replaces the recovery file at `target` with `text`, atomically and synced.
pub fn write_recovery_text(target: &Path, text: &str) -> std::io::Result<()> {
    replace_file(target, text.as_bytes(), None)
}

/// Reads a recovery file of either format.
pub fn load_recovery(path: &Path) -> Result<Recovered, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let split = bytes.starts_with(HEADER.as_bytes()).then(|| {
        let mark = BASE_MARK.as_bytes();
        bytes
            .windows(mark.len())
            .position(|w| w == mark)
            .filter(|&at| at > 0 && bytes[at - 1] == b'\n')
            .map(|at| (at, at + mark.len()))
    });
    match split {
        Some(Some((end, base_at))) => Ok(Recovered {
            board: parse(path, bytes[..end].to_vec())?.board,
            base: Some(parse(path, bytes[base_at..].to_vec())?.board),
        }),
        // A cut-off file of format 2 still holds the unsaved board.
        Some(None) | None => Ok(Recovered {
            board: parse(path, bytes)?.board,
            base: None,
        }),
    }
}

/// Moves an unreadable recovery file out of the journal's way, beside it:
/// `NAME.unreadable`, then `NAME.unreadable-2`, … never over another file
/// (a new hard link, then the old name removed). Returns the new name.
pub fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 1..1000 {
        let aside = if n == 1 {
            path.with_file_name(format!("{name}.unreadable"))
        } else {
            path.with_file_name(format!("{name}.unreadable-{n}"))
        };
        match std::fs::hard_link(path, &aside) {
            Ok(()) => {
                std::fs::remove_file(path)?;
                return Ok(aside);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "too many unreadable recovery files; tidy them up",
    ))
}

/// Where the recovery file goes when the board's directory cannot be written:
/// the user's data directory, one file per board, named after the board and
/// a hash of its absolute path.
pub fn fallback_recovery_path(board: &Path, data_dir: &Path) -> PathBuf {
    let absolute = std::fs::canonicalize(board).unwrap_or_else(|_| board.to_owned());
    // FNV-1a: stable across runs and versions (std's hasher is not).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in absolute.as_os_str().as_encoded_bytes() {
        hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    let name = board
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    data_dir.join(format!("{name}-{hash:016x}.cchc-recovery"))
}

/// Writes `board` to a new file next to `board_path`, never replacing one:
/// `NAME.yaml.mine`, then `NAME.yaml.mine-2`, … Not a `.yaml` name, so board
/// discovery (the only `*.yaml` in `boards/`) and the cron `cchc overdue`
/// keep finding the one board; `cchc git-setup` ignores `*.yaml.mine*`. Read
/// it with `cchc -b NAME.yaml.mine show ID`.
pub fn save_side_copy(board_path: &Path, board: &Board) -> std::io::Result<PathBuf> {
    let name = board_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = parent_dir(board_path);
    let text = to_yaml(board);
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{name}.mine")
        } else {
            format!("{name}.mine-{n}")
        };
        let path = dir.join(name);
        let tmp = synced_temp_beside(&path, text.as_bytes(), None)?;
        match tmp.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.error),
        }
    }
    Err(std::io::Error::other(
        "too many side copies; tidy up the .mine files",
    ))
}

/// "Save as" after a failed save: writes `board` to `path`, a new file
/// (never replacing one), atomically.
pub fn save_copy_as(path: &Path, board: &Board) -> std::io::Result<()> {
    let tmp = synced_temp_beside(path, to_yaml(board).as_bytes(), None)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(std::io::Error::other(format!(
                "{} exists; not replacing it (choose a new name)",
                path.display()
            )))
        }
        Err(e) => Err(e.error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_lives_beside_the_board_hidden() {
        assert_eq!(
            recovery_path(Path::new("boards/b.yaml")),
            PathBuf::from("boards/.b.yaml.cchc-recovery")
        );
    }

    #[test]
    fn side_copies_never_replace_each_other() {
        let dir = tempfile::tempdir().expect("tempdir");
        let board_path = dir.path().join("b.yaml");
        let text = std::fs::read_to_string("boards/so-xay-dung-nam-dinh-2024.yaml")
            .expect("shipped board");
        let board = super::super::parse(&board_path, text.into_bytes())
            .expect("parses")
            .board;
        let a = save_side_copy(&board_path, &board).expect("first");
        let b = save_side_copy(&board_path, &board).expect("second");
        assert_eq!(a, dir.path().join("b.yaml.mine"));
        assert_eq!(b, dir.path().join("b.yaml.mine-2"));
        let w = write_recovery(&board_path, &board, None).expect("recovery");
        assert_eq!(std::fs::read_to_string(w).expect("read"), to_yaml(&board));
    }

    #[test]
    fn a_recovery_file_remembers_its_base_and_old_files_still_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        let board_path = dir.path().join("b.yaml");
        let base = crate::storage::shipped_for_tests();
        let mut edited = base.clone();
        edited.tasks[0].title = "--- # base: not a separator inside a value".into();
        let path = write_recovery(&board_path, &edited, Some(&base)).expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.starts_with(HEADER), "{text}");
        let back = load_recovery(&path).expect("loads");
        assert_eq!(back.board, edited);
        assert_eq!(back.base.as_ref(), Some(&base));
        // A file of the earlier format: the board alone, no base.
        write_recovery(&board_path, &edited, None).expect("write");
        let old = load_recovery(&path).expect("loads");
        assert_eq!((old.board, old.base), (edited, None));
    }

    #[test]
    fn an_unreadable_file_is_set_aside_never_over_another() {
        let dir = tempfile::tempdir().expect("tempdir");
        let rec = recovery_path(&dir.path().join("b.yaml"));
        std::fs::write(&rec, "first").expect("write");
        let taken = rec.with_file_name(".b.yaml.cchc-recovery.unreadable");
        std::fs::write(&taken, "older").expect("write");
        let aside = set_aside(&rec).expect("set aside");
        assert_eq!(
            aside,
            rec.with_file_name(".b.yaml.cchc-recovery.unreadable-2")
        );
        assert!(!rec.exists());
        assert_eq!(std::fs::read(&aside).expect("read"), b"first");
        assert_eq!(std::fs::read(&taken).expect("read"), b"older");
    }

    #[test]
    fn fallback_paths_differ_per_board_and_stay_put() {
        let data = Path::new("/data");
        let a = fallback_recovery_path(Path::new("/x/b.yaml"), data);
        assert_eq!(a, fallback_recovery_path(Path::new("/x/b.yaml"), data));
        assert_ne!(a, fallback_recovery_path(Path::new("/y/b.yaml"), data));
        assert!(a.starts_with(data));
        assert!(a.to_string_lossy().ends_with(".cchc-recovery"));
    }

    #[test]
    fn planted_symlinks_are_replaced_or_skipped_never_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let board_path = dir.path().join("b.yaml");
        let board = crate::storage::shipped_for_tests();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").expect("write");
        let rec = recovery_path(&board_path);
        std::os::unix::fs::symlink(&victim, &rec).expect("plant");
        let side = save_side_copy(&board_path, &board).expect("side");
        let planted_side = dir.path().join(side.file_name().expect("name"));
        std::fs::remove_file(&side).expect("rm");
        std::os::unix::fs::symlink(&victim, &planted_side).expect("plant");
        write_recovery(&board_path, &board, None).expect("recovery");
        let side = save_side_copy(&board_path, &board).expect("side copy");
        assert_ne!(side, planted_side, "the planted name is skipped");
        assert_eq!(std::fs::read(&victim).expect("read"), b"precious");
        assert!(
            !std::fs::symlink_metadata(&rec)
                .expect("lstat")
                .file_type()
                .is_symlink(),
            "the link itself was replaced"
        );
    }
}

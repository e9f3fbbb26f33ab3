//! Files beside the board that keep unsaved work safe: the recovery file
//! (written on SSH drop, termination or panic; offered at the next start;
//! deleted after a successful save) and side copies ("save mine elsewhere").

use super::atomic::{parent_dir, replace_file, synced_temp_beside};
use super::to_yaml;
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

/// Writes the recovery file (atomically); errors are returned so a signal
/// handler can report them on stderr.
pub fn write_recovery(board_path: &Path, board: &Board) -> std::io::Result<PathBuf> {
    let path = recovery_path(board_path);
    replace_file(&path, ".cchc-recovery.", to_yaml(board).as_bytes(), None)?;
    Ok(path)
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
        let tmp = synced_temp_beside(&path, ".cchc-side.", text.as_bytes(), None)?;
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
        let w = write_recovery(&board_path, &board).expect("recovery");
        assert_eq!(std::fs::read_to_string(w).expect("read"), to_yaml(&board));
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
        write_recovery(&board_path, &board).expect("recovery");
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

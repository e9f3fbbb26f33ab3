//! Atomic, refusing saves.
//!
//! 0. Take an exclusive `flock` on the board's directory for the whole save, so
//!    two `cchc` processes saving boards there take turns; while holding it,
//!    remove temporary files of this board left by a killed save.
//! 1. Follow a symlinked board to its target; refuse anything but a regular,
//!    writable file.
//! 2. Re-read the target: if its bytes differ from what was loaded, someone else
//!    changed it; refuse rather than overwrite their work.
//! 3. If the new text equals what is on disk, write nothing. Parse the new
//!    text as a load would, and refuse to write a board that would not load
//!    (or would load differently): a save must never make the board unreadable.
//! 4. Write a hidden temporary file beside the target (exclusive create, random
//!    name), with the target's mode, owner and group; write, then `sync_all`,
//!    checking every result.
//! 5. Rename it over the target, then fsync the directory (a failure there is
//!    reported as a warning: the file is saved, its durability unconfirmed).
//!
//! Any failure before the rename removes the temporary file and leaves the
//! original byte-identical.

use super::atomic::parent_dir;
use super::{BoardFile, to_yaml};
use crate::domain::{Board, Task};
use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// What a successful save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveReport {
    /// The file written: the symlink's target when the board is a link.
    pub target: PathBuf,
    /// True when the board was unchanged and nothing was written.
    pub unchanged: bool,
    /// Things the user should know (hard links split, durability unconfirmed).
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "{} changed on disk since it was loaded (edited, pulled or checked out); not overwriting it. Run the command again to work on the new version",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    #[error("{} no longer exists; not recreating it", path.display())]
    Missing { path: PathBuf },
    #[error(
        "{} has git conflict markers; not overwriting it (resolve the conflict, or run `git merge --abort`, then save)",
        path.display()
    )]
    Conflicted { path: PathBuf },
    #[error("{} is not a regular file; not writing to it", path.display())]
    NotRegular { path: PathBuf },
    #[error("{} is read-only; make it writable (chmod u+w) to save", path.display())]
    ReadOnly { path: PathBuf },
    #[error(
        "{} is not writable for you (uid {uid}); it belongs to uid {owner}, gid {group}, mode {mode:04o}. Not saving: saving would replace it with a file you own. Ask its owner to make it group-writable (chmod g+w) or save as its owner",
        path.display()
    )]
    NoWriteAccess {
        path: PathBuf,
        uid: u32,
        owner: u32,
        group: u32,
        mode: u32,
    },
    #[error(
        "cannot keep the group of {} (gid {gid}) on the saved file; not saving so the shared permissions do not change",
        path.display()
    )]
    Group { path: PathBuf, gid: u32 },
    #[error(
        "not saving {}: the board as it would be written does not load back ({problem}); the file is unchanged",
        path.display()
    )]
    WouldNotLoad { path: PathBuf, problem: String },
    #[error("cannot save {}: {step}: {source}; the file is unchanged", path.display())]
    Io {
        path: PathBuf,
        step: &'static str,
        source: io::Error,
    },
}

fn io_err<'a>(path: &'a Path, step: &'static str) -> impl FnOnce(io::Error) -> SaveError + 'a {
    move |source| SaveError::Io {
        path: path.to_owned(),
        step,
        source,
    }
}

/// A board file ready to be written over: its directory locked (for as long
/// as this lives), its target a regular file this user may write, and its
/// bytes on disk what was loaded.
struct Ready {
    target: PathBuf,
    meta: fs::Metadata,
    _lock: File,
}

/// Steps 0 to 2 of the module docs.
fn ready(file: &BoardFile) -> Result<Ready, SaveError> {
    let ready = lock_target(&file.path)?;
    // The file on disk is what was loaded, compared piece by piece (no
    // second copy held).
    let unchanged = super::fsx::holds(&ready.target, file.original())
        .map_err(io_err(&ready.target, "re-reading the file"))?;
    refuse_changed(&ready, &file.path, unchanged, Some(file.original()))?;
    Ok(ready)
}

/// Steps 0 and 1 of the module docs.
fn lock_target(path: &Path) -> Result<Ready, SaveError> {
    let target = match fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(SaveError::Missing {
                path: path.to_owned(),
            });
        }
        Err(e) => return Err(io_err(path, "resolving the path")(e)),
    };
    let dir = parent_dir(&target);
    let dir_handle = File::open(dir).map_err(io_err(&target, "opening its directory"))?;
    dir_handle
        .lock()
        .map_err(io_err(&target, "locking its directory"))?;
    remove_stale_temps(dir, &target);
    let meta = fs::metadata(&target).map_err(io_err(&target, "reading file metadata"))?;
    if !meta.is_file() {
        return Err(SaveError::NotRegular { path: target });
    }
    if meta.permissions().mode() & 0o222 == 0 {
        return Err(SaveError::ReadOnly { path: target });
    }
    // Some write bit is not enough: the rename needs only the directory, so
    // a colleague's 0644 file in a group-writable directory would be replaced
    // (and change owner). Ask the kernel whether *we* may write the file.
    if !super::fsx::writable(&target).map_err(io_err(&target, "checking write access"))? {
        return Err(SaveError::NoWriteAccess {
            uid: rustix::process::geteuid().as_raw(),
            owner: meta.uid(),
            group: meta.gid(),
            mode: meta.permissions().mode() & 0o7777,
            path: target,
        });
    }
    Ok(Ready {
        target,
        meta,
        _lock: dir_handle,
    })
}

/// Step 2 of the module docs, once the disk has been compared with what
/// was read (`unchanged`): a board mid-merge (its file holds both sides) is
/// named as such. `read`: the bytes read, to look for conflict markers in
/// when the disk still holds them (a board shown from a conflicted file);
/// `None` when what was read can hold none (a streamed read declines a
/// file with them).
fn refuse_changed(
    ready: &Ready,
    path: &Path,
    unchanged: bool,
    read: Option<&[u8]>,
) -> Result<(), SaveError> {
    let target = &ready.target;
    let on_disk: std::borrow::Cow<[u8]> = match (unchanged, read) {
        (true, Some(bytes)) => std::borrow::Cow::Borrowed(bytes),
        (true, None) => return Ok(()),
        (false, _) => std::borrow::Cow::Owned(
            super::fsx::read_regular(target).map_err(io_err(target, "re-reading the file"))?,
        ),
    };
    if !super::find_conflicts(&String::from_utf8_lossy(&on_disk)).is_empty() {
        return Err(SaveError::Conflicted {
            path: target.clone(),
        });
    }
    if !unchanged {
        return Err(SaveError::ChangedOnDisk {
            path: path.to_owned(),
        });
    }
    Ok(())
}

/// Saves `board` over the file it was loaded from (see the module docs).
pub fn save(file: &BoardFile, board: &Board) -> Result<SaveReport, SaveError> {
    let ready = ready(file)?;
    // A canonical file is rewritten by splicing: only the changed tasks are
    // serialised and read back (`splice`); anything else, in full.
    let spliced = file
        .original_text()
        .filter(|_| file.first_noncanonical_line().is_none())
        .and_then(|original| super::splice::splice(original, &file.board, board));
    let text = match &spliced {
        Some(s) => std::borrow::Cow::Borrowed(s.text.as_str()),
        None => std::borrow::Cow::Owned(to_yaml(board)),
    };
    if text.as_bytes() == file.original() {
        return Ok(SaveReport {
            target: ready.target,
            unchanged: true,
            warnings: vec![],
        });
    }
    // A board the next load would refuse (an invalid id, an unknown area)
    // takes the full check, which says where and why.
    let valid = || {
        crate::domain::validate(board)
            .iter()
            .all(|p| p.severity != crate::domain::Severity::Error)
    };
    match &spliced {
        Some(s) if valid() => {
            super::splice::check(s, board).map_err(|problem| SaveError::WouldNotLoad {
                path: ready.target.clone(),
                problem,
            })?;
        }
        _ => check_reloads(&ready.target, &text)?,
    }
    write(ready, pieces(&[text.as_bytes()]), holding(file.original()))
}

/// Saves `file` with `task` in place of the task of its id, without a second
/// board or a second copy of the text: a canonical file's other bytes are
/// written from the loaded ones around the task's new block (`cchc move` on
/// a 100,000-task board holds the board and its text once, issue 12). The
/// board `file` holds is as it was when this returns (it holds `task` only
/// while the board is validated). A hand-formatted file, or a board this
/// change would make invalid, takes [`save`]'s full path: like [`save`], a
/// hand-formatted file is rewritten in canonical form, so a command that
/// must keep its formatting refuses it first (`cchc move` does).
pub fn save_task(file: &mut BoardFile, task: Task) -> Result<SaveReport, SaveError> {
    let one = file
        .original_text()
        .filter(|_| file.first_noncanonical_line().is_none())
        .and_then(|original| super::splice::one_task(original, &file.board, &task));
    let Some((i, span, block)) = one else {
        return save_in_full(file, task);
    };
    // Whether the board with this task would load: the task put in place
    // for the check, and taken out again.
    let old = std::mem::replace(&mut file.board.tasks[i], task);
    let valid = crate::domain::validate(&file.board)
        .iter()
        .all(|p| p.severity != crate::domain::Severity::Error);
    let task = std::mem::replace(&mut file.board.tasks[i], old);
    if !valid {
        return save_in_full(file, task);
    }
    let ready = ready(file)?;
    let original = file.original();
    if block.as_bytes() == &original[span.clone()] {
        return Ok(SaveReport {
            target: ready.target,
            unchanged: true,
            warnings: vec![],
        });
    }
    super::splice::check_block(&block, &task).map_err(|problem| SaveError::WouldNotLoad {
        path: ready.target.clone(),
        problem,
    })?;
    let content = [
        &original[..span.start],
        block.as_bytes(),
        &original[span.end..],
    ];
    write(ready, pieces(&content), holding(original))
}

/// [`save_task`] for a board read without its text ([`super::Examined`]):
/// `board`, read from the open canonical file `source` whose bytes hash to
/// `hash`. The temporary file is written from `source` as it is read again,
/// a line at a time, with the task's new block in place of its old one, and
/// those bytes must hash to `hash` too: the board and the text are never
/// held together, nor the text whole (`cchc move` on a 100,000-task board,
/// issue 12). `None`: declined (no such task, or a change the board would
/// not load with); the caller loads the board and calls [`save_task`],
/// which says why.
pub(super) fn save_streamed_task(
    path: &Path,
    board: &mut Board,
    source: &File,
    hash: u64,
    len: usize,
    task: &Task,
) -> Option<Result<SaveReport, SaveError>> {
    let i = board.tasks.binary_search_by_key(&task.id, |t| t.id).ok()?;
    // As `save_task`: the task in place for the check, then out again.
    let old = std::mem::replace(&mut board.tasks[i], task.clone());
    let valid = crate::domain::validate(board)
        .iter()
        .all(|p| p.severity != crate::domain::Severity::Error);
    board.tasks[i] = old;
    if !valid {
        return None;
    }
    Some((|| {
        let ready = lock_target(path)?;
        let unchanged = super::fsx::hashes_to(&ready.target, len, hash)
            .map_err(io_err(&ready.target, "re-reading the file"))?;
        // What was streamed held no conflict markers (the stream declines them).
        refuse_changed(&ready, path, unchanged, None)?;
        let block = super::splice::canonical_block(task);
        if block == super::splice::canonical_block(&board.tasks[i]) {
            return Ok(SaveReport {
                target: ready.target,
                unchanged: true,
                warnings: vec![],
            });
        }
        super::splice::check_block(&block, task).map_err(|problem| SaveError::WouldNotLoad {
            path: ready.target.clone(),
            problem,
        })?;
        let content: Content =
            Box::new(|tmp, target| copy_with_block(source, hash, task.id, &block, tmp, target));
        let holds: Holds = Box::new(|target| super::fsx::hashes_to(target, len, hash));
        write(ready, content, holds)
    })())
}

/// `source` (which must hash to `hash`) copied into `out`, with the block
/// of task `id` in its task list replaced by `block`.
fn copy_with_block(
    source: &File,
    hash: u64,
    id: u32,
    block: &str,
    out: &mut File,
    target: &Path,
) -> Result<(), SaveError> {
    use super::split::{TaskLine, item_id};
    use std::io::{BufRead, Seek};
    let reading = |e| io_err(target, "re-reading the file")(e);
    let writing = |e| io_err(target, "writing")(e);
    let mut from = source;
    from.rewind().map_err(reading)?;
    let mut hashing = super::fsx::Hashing::new(source);
    let mut reader = io::BufReader::with_capacity(1 << 16, &mut hashing);
    // Flushed below, its error checked: none surfaces only on drop.
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    let mut line = Vec::new();
    // Where the copy is: before the list, in it (skipping the old block,
    // once found), after it.
    let (mut listed, mut skipping, mut found) = (false, false, false);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).map_err(reading)? == 0 {
            break;
        }
        if !listed {
            listed = line == b"tasks:\n";
            w.write_all(&line).map_err(writing)?;
            continue;
        }
        // Not UTF-8 (the file changed since it was read): read as the end
        // of the list, and refused by the hash below.
        let text = std::str::from_utf8(&line).unwrap_or_default();
        match TaskLine::of(text) {
            TaskLine::Item if !found && item_id(text) == Some(id) => {
                w.write_all(block.as_bytes()).map_err(writing)?;
                (skipping, found) = (true, true);
                continue;
            }
            TaskLine::Item => skipping = false,
            TaskLine::Continues if skipping => continue,
            TaskLine::Continues => {}
            TaskLine::End => {
                w.write_all(&line).map_err(writing)?;
                break;
            }
        }
        w.write_all(&line).map_err(writing)?;
    }
    io::copy(&mut reader, &mut w).map_err(reading)?;
    w.flush().map_err(writing)?;
    drop((w, reader));
    if hashing.finish() != hash {
        return Err(SaveError::ChangedOnDisk {
            path: target.to_owned(),
        });
    }
    if !found {
        return Err(SaveError::WouldNotLoad {
            path: target.to_owned(),
            problem: format!("task {id} is not in the file where it was read"),
        });
    }
    Ok(())
}

/// [`save_task`] through [`save`]: a second board, with `task` on it (in
/// place of the task of its id, or added when there is none).
fn save_in_full(file: &BoardFile, task: Task) -> Result<SaveReport, SaveError> {
    let mut board = file.board.clone();
    match board.tasks.iter_mut().find(|t| t.id == task.id) {
        Some(t) => *t = task,
        None => board.tasks.push(task),
    }
    save(file, &board)
}

/// What a save writes into its temporary file (`target` names it in errors).
type Content<'a> = Box<dyn FnOnce(&mut File, &Path) -> Result<(), SaveError> + 'a>;

/// Whether the file at a path still holds what was read.
type Holds<'a> = Box<dyn Fn(&Path) -> io::Result<bool> + 'a>;

/// `bytes` one after the other.
fn pieces<'a>(bytes: &'a [&'a [u8]]) -> Content<'a> {
    Box::new(move |tmp, target| {
        // Plain `File` writes: no buffer whose error would surface only on drop.
        for b in bytes {
            tmp.write_all(b).map_err(io_err(target, "writing"))?;
        }
        Ok(())
    })
}

/// The file holds exactly `expected`.
fn holding(expected: &[u8]) -> Holds<'_> {
    Box::new(move |target| super::fsx::holds(target, expected))
}

/// Steps 4 and 5 of the module docs: `content` written over the file
/// `ready` holds, if it still `holds` what was read.
fn write(ready: Ready, content: Content, holds: Holds) -> Result<SaveReport, SaveError> {
    let Ready { target, meta, .. } = &ready;
    let mut warnings = Vec::new();
    if meta.nlink() > 1 {
        warnings.push(format!(
            "{} had {} hard links; the saved file replaces this name only",
            target.display(),
            meta.nlink()
        ));
    }
    replace(target, content, meta, holds, &mut warnings)?;
    Ok(SaveReport {
        target: ready.target,
        unchanged: false,
        warnings,
    })
}

/// Loads `text` as the next command would and checks that it gives the same
/// board back (its canonical text is `text` again).
fn check_reloads(target: &Path, text: &str) -> Result<(), SaveError> {
    let problem = match super::parse(target, text.as_bytes().to_vec()) {
        Ok(back) if to_yaml(&back.board) == text => return Ok(()),
        Ok(_) => "it reads back as a different board".to_owned(),
        Err(e) => e.to_string().replace('\n', "; "),
    };
    Err(SaveError::WouldNotLoad {
        path: target.to_owned(),
        problem,
    })
}

fn replace(
    target: &Path,
    content: Content,
    like: &fs::Metadata,
    holds: Holds,
    warnings: &mut Vec<String>,
) -> Result<(), SaveError> {
    let dir = parent_dir(target);
    let (prefix, suffix) = temp_affixes(target);
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(suffix)
        .tempfile_in(dir)
        .map_err(io_err(target, "creating a temporary file beside it"))?;
    keep_ownership(tmp.as_file(), like, target)?;
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(
            like.permissions().mode() & 0o7777,
        ))
        .map_err(io_err(target, "setting permissions on the temporary file"))?;
    content(tmp.as_file_mut(), target)?;
    tmp.as_file()
        .sync_all()
        .map_err(io_err(target, "flushing to disk"))?;
    // Last look before the rename narrows the window for a concurrent writer.
    if !holds(target).map_err(io_err(target, "re-reading the file"))? {
        return Err(SaveError::ChangedOnDisk {
            path: target.to_owned(),
        });
    }
    tmp.persist(target).map_err(|e| SaveError::Io {
        path: target.to_owned(),
        step: "renaming the temporary file over it",
        source: e.error,
    })?;
    if let Err(e) = File::open(dir).and_then(|d| d.sync_all()) {
        warnings.push(format!(
            "saved, but durability not confirmed (directory fsync failed: {e})"
        ));
    }
    Ok(())
}

/// Temporary files are `.NAME.XXXXXX.tmp` beside `NAME` (hidden, and matched by
/// the `.gitignore` pattern `.*.yaml.*.tmp`).
fn temp_affixes(target: &Path) -> (String, &'static str) {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (format!(".{name}."), ".tmp")
}

/// Removes this board's temporary files left by a save that was killed before
/// its rename. Called with the directory lock held, so no save is in flight.
/// Only files of our exact pattern (six random characters) are touched.
fn remove_stale_temps(dir: &Path, target: &Path) {
    let (prefix, suffix) = temp_affixes(target);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let stale = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|random| {
                random.len() == 6 && random.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Gives the temporary file the target's owner and group, so a save by a
/// colleague (or by root) does not change who may edit a shared board.
fn keep_ownership(tmp: &File, meta: &fs::Metadata, target: &Path) -> Result<(), SaveError> {
    use std::os::unix::fs::fchown;
    let tmp_meta = tmp
        .metadata()
        .map_err(io_err(target, "reading temporary file metadata"))?;
    if tmp_meta.uid() == meta.uid() && tmp_meta.gid() == meta.gid() {
        return Ok(());
    }
    if fchown(tmp, Some(meta.uid()), Some(meta.gid())).is_ok() {
        return Ok(());
    }
    // Not allowed to give the file away: keeping the group is what matters for
    // a shared repository.
    if tmp_meta.gid() == meta.gid() || fchown(tmp, None, Some(meta.gid())).is_ok() {
        return Ok(());
    }
    Err(SaveError::Group {
        path: target.to_owned(),
        gid: meta.gid(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::fsx::hash_of;

    /// `copy_with_block` over `text`, told it hashes to `hash`.
    fn copied(text: &str, hash: u64, id: u32, block: &str) -> Result<String, SaveError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = dir.path().join("board.yaml");
        fs::write(&source, text).expect("write");
        let source = File::open(&source).expect("open");
        let out = dir.path().join("out");
        let mut w = File::create(&out).expect("create");
        copy_with_block(&source, hash, id, block, &mut w, &out)?;
        Ok(fs::read_to_string(&out).expect("read"))
    }

    #[test]
    fn the_copy_replaces_one_block_and_refuses_other_bytes_or_no_block() {
        let text = "schema: 1\ntasks:\n- id: 1\n  a: x\n- id: 2\n  a: y\n\n  b: z\n- id: 3\ntargets:\n- id: 9\n  t: u\n";
        let hash = hash_of(text.as_bytes());
        assert_eq!(
            copied(text, hash, 2, "- id: 2\n  a: new\n").expect("copied"),
            "schema: 1\ntasks:\n- id: 1\n  a: x\n- id: 2\n  a: new\n- id: 3\ntargets:\n- id: 9\n  t: u\n"
        );
        // The last task, before the list ends.
        assert!(
            copied(text, hash, 3, "- id: 3\n  a: w\n")
                .expect("copied")
                .contains("- id: 3\n  a: w\ntargets:\n- id: 9\n  t: u\n")
        );
        // Bytes other than those read (changed while copied): refused.
        let err = copied(text, hash ^ 1, 2, "- id: 2\n").expect_err("changed");
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err:?}");
        // A task only the targets name is not a task of the list.
        let err = copied(text, hash, 9, "- id: 9\n").expect_err("no task 9");
        assert!(matches!(err, SaveError::WouldNotLoad { .. }), "{err:?}");
    }
}

//! Opening files without being tricked: the board and the files beside it may
//! sit in a directory colleagues can write to, so a name there can be a
//! symbolic link (to someone's `~/.bashrc`), a hard link, a FIFO (whose open
//! or read never returns) or a device.
//!
//! - Files `cchc` writes beside the board (lock file; temporary files, the
//!   recovery file and side copies go through `tempfile`'s exclusive create and
//!   a rename, which never follow a link) are opened with `O_NOFOLLOW` and
//!   checked after opening: a regular file with one name, else refused.
//! - Files `cchc` reads (the board, the config, the merge driver's inputs) are
//!   opened non-blocking and checked with `fstat` on what was opened, before
//!   any read: anything but a regular file is refused. The board itself may be
//!   a symbolic link (to a board kept elsewhere); the check is on its target.

use std::fs::{File, OpenOptions};
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

/// `O_NOFOLLOW`: the open fails (ELOOP) when the last component is a link.
fn nofollow() -> i32 {
    rustix::fs::OFlags::NOFOLLOW.bits() as i32
}

/// `O_NONBLOCK`: opening a FIFO does not wait for a writer.
fn nonblock() -> i32 {
    rustix::fs::OFlags::NONBLOCK.bits() as i32
}

/// The payload of the error for a name that is not a plain file, so callers
/// can tell it from other IO errors ([`is_not_regular`]).
#[derive(Debug)]
pub struct NotRegular {
    pub message: String,
}

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NotRegular {}

/// The error for a name that is not a plain file.
pub fn not_regular(path: &Path, what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        NotRegular {
            message: format!(
                "{} is not a regular file ({what}); refusing to use it",
                path.display()
            ),
        },
    )
}

/// Whether `e` is [`not_regular`]'s error.
pub fn is_not_regular(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<NotRegular>())
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a plain file"
    }
}

/// Opens `path` for reading, following a symbolic link, but only when what
/// was opened is a regular file (a FIFO is opened without blocking and then
/// refused, so nothing hangs).
pub fn open_regular(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(nonblock())
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(path, kind_of(&meta)));
    }
    Ok(file)
}

/// Reads a whole regular file (see [`open_regular`]).
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open_regular(path)?;
    let mut bytes = Vec::with_capacity(
        file.metadata()
            .map_or(0, |m| usize::try_from(m.len()).unwrap_or(0)),
    );
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether the regular file at `path` holds exactly `expected`, read 64 KiB
/// at a time: a save checks that the board did not change on disk without
/// holding a second copy of it (issue 12: memory at 100,000 tasks).
pub fn holds(path: &Path, expected: &[u8]) -> io::Result<bool> {
    let mut file = open_regular(path)?;
    if file.metadata()?.len() != expected.len() as u64 {
        return Ok(false);
    }
    let mut buf = vec![0; 64 << 10];
    let mut at = 0;
    loop {
        let n = match file.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(at == expected.len());
        }
        if expected.get(at..at + n) != Some(&buf[..n]) {
            return Ok(false);
        }
        at += n;
    }
}

/// The bytes of a file as they are read, hashed: a board read without its
/// text is told from one changed since by the hash of its bytes (size and
/// modification time alone miss `cp -p`).
pub(crate) struct Hashing<R> {
    inner: R,
    hasher: DefaultHasher,
}

impl<R> Hashing<R> {
    pub fn new(inner: R) -> Self {
        Hashing {
            inner,
            hasher: DefaultHasher::new(),
        }
    }

    /// The hash of the bytes read so far.
    pub fn finish(&self) -> u64 {
        self.hasher.finish()
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.write(&buf[..n]);
        Ok(n)
    }
}

/// The hash [`Hashing`] gives of `bytes` read in any pieces.
pub(crate) fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// Whether the regular file at `path` holds `len` bytes of hash `hash`
/// (read a piece at a time, never held; another size is told without
/// reading).
pub(crate) fn hashes_to(path: &Path, len: usize, hash: u64) -> io::Result<bool> {
    let file = open_regular(path)?;
    if file.metadata()?.len() != len as u64 {
        return Ok(false);
    }
    let mut read = Hashing::new(file);
    io::copy(&mut read, &mut io::sink())?;
    Ok(read.finish() == hash)
}

/// Opens (creating it if needed) a file `cchc` owns beside the board, for
/// reading and writing, never through a symbolic link, and only when it is a
/// regular file with this one name (a hard link to someone's file would let
/// a write here change theirs).
pub fn open_own_file(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o644)
        .custom_flags(nofollow() | nonblock())
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
                not_regular(path, "a symbolic link; remove it")
            } else {
                e
            }
        })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(path, kind_of(&meta)));
    }
    if meta.nlink() != 1 {
        return Err(not_regular(
            path,
            "it has another name (a hard link); remove it",
        ));
    }
    Ok(file)
}

/// Whether this process (its effective user and groups) may write `path`, as
/// the kernel decides (`faccessat(W_OK, AT_EACCESS)`): a file owned by a
/// colleague with mode 0644 is not writable for us even if the directory is.
pub fn writable(path: &Path) -> io::Result<bool> {
    use rustix::fs::{Access, AtFlags, CWD, accessat};
    match accessat(CWD, path, Access::WRITE_OK, AtFlags::EACCESS) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::ACCESS => Ok(false),
        // A read-only file system (EROFS) and the rest: an error that says so.
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_files_are_never_opened_through_links() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").expect("write");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&victim, &link).expect("symlink");
        let e = open_own_file(&link).expect_err("symlink");
        assert!(e.to_string().contains("symbolic link"), "{e}");
        let hard = dir.path().join("hard");
        std::fs::hard_link(&victim, &hard).expect("hard link");
        let e = open_own_file(&hard).expect_err("hard link");
        assert!(e.to_string().contains("hard link"), "{e}");
        assert_eq!(std::fs::read(&victim).expect("read"), b"precious");
        assert!(open_own_file(&dir.path().join("new")).is_ok());
    }

    #[test]
    fn directories_are_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let e = read_regular(dir.path()).expect_err("a directory");
        assert!(e.to_string().contains("a directory"), "{e}");
    }

    #[test]
    fn holds_compares_the_whole_file_piece_by_piece() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("b.yaml");
        // Longer than one 64 KiB read, differing only in its last byte.
        let text: Vec<u8> = (0..200_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &text).expect("write");
        assert!(holds(&path, &text).expect("read"));
        let mut last = text.clone();
        *last.last_mut().expect("bytes") = b'!';
        assert!(!holds(&path, &last).expect("read"));
        let mut first = text.clone();
        first[0] = b'!';
        assert!(!holds(&path, &first).expect("read"));
        assert!(!holds(&path, &text[..text.len() - 1]).expect("read"));
        let mut longer = text.clone();
        longer.push(b'a');
        assert!(!holds(&path, &longer).expect("read"));
        assert!(holds(dir.path(), &text).is_err(), "a directory");
    }
}

//! The recovery journal: unsaved edits go to the recovery file as they are
//! made, like vim's swap file, so that a `kill -9`, the OOM killer or a power
//! cut (no signal handler runs) still leaves them for the next start to offer.
//!
//! After each change the loop hands the board (shared, not copied again) to a
//! thread of its own, which rewrites the file atomically (temporary file,
//! fsync, rename) with the base the edits started from; when several changes
//! queue up only the newest is written. Nothing of this runs on the key path
//! but the hand-over. Hang-ups, panics and the watchdog write the newest state
//! synchronously through the same lock; a sequence number makes sure an older
//! state never replaces a newer one (or a deletion).
//!
//! When the board's directory cannot be written (read-only, full disk), the
//! file goes to the user's data directory instead, and says so.

use crate::domain::Board;
use crate::storage;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

/// Where the recovery file may be: beside the board, or the data directory.
#[derive(Debug, Clone)]
pub(super) struct Places {
    pub(super) board: PathBuf,
    pub(super) beside: PathBuf,
    pub(super) fallback: Option<PathBuf>,
}

impl Places {
    /// The places of the board's real file (symbolic links resolved, as for
    /// its lock; the path as given when it does not resolve), so that every
    /// name of one file journals to one recovery file.
    pub(super) fn of(board: &Path) -> Places {
        let real = std::fs::canonicalize(board).unwrap_or_else(|_| board.to_owned());
        let fallback = directories::ProjectDirs::from("", "", "cchc")
            .map(|d| storage::fallback_recovery_path(&real, &d.data_dir().join("recovery")));
        Places {
            board: board.to_owned(),
            beside: storage::recovery_path(&real),
            fallback,
        }
    }

    /// The recovery file a start should offer: the newer one if both exist.
    pub(super) fn existing(&self) -> Option<PathBuf> {
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let mut found: Vec<(PathBuf, _)> = [Some(&self.beside), self.fallback.as_ref()]
            .into_iter()
            .flatten()
            .filter(|p| p.exists())
            .map(|p| (p.clone(), modified(p)))
            .collect();
        found.sort_by_key(|(_, m)| *m);
        found.pop().map(|(p, _)| p)
    }

    /// Removes every recovery file of this board.
    pub(super) fn remove_all(&self) {
        for p in [Some(&self.beside), self.fallback.as_ref()]
            .into_iter()
            .flatten()
        {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// What is on disk, guarded by the lock every writer holds while writing.
#[derive(Debug, Default)]
struct Written {
    seq: u64,
    /// The data directory is in use (the board's directory refused a write).
    fallback: bool,
}

#[derive(Debug)]
struct Shared {
    places: Places,
    written: Mutex<Written>,
}

impl Shared {
    /// Writes `board` (based on `base_text`) as state `seq`, unless a newer
    /// state is already on disk. Returns where it went.
    fn write(&self, seq: u64, board: &Board, base_text: &str) -> std::io::Result<PathBuf> {
        let w = self
            .written
            .lock()
            .map_err(|_| std::io::Error::other("the journal lock is poisoned"))?;
        self.write_locked(w, seq, board, base_text)
    }

    /// [`Shared::write`] for the panic hook and the watchdog: never waits
    /// for the lock (a panic on the journal thread holds it, and waiting
    /// there would hang the exit).
    fn try_write(&self, seq: u64, board: &Board, base_text: &str) -> std::io::Result<PathBuf> {
        let w = self
            .written
            .try_lock()
            .map_err(|_| std::io::Error::other("the journal is busy or broken"))?;
        self.write_locked(w, seq, board, base_text)
    }

    fn write_locked(
        &self,
        mut w: std::sync::MutexGuard<'_, Written>,
        seq: u64,
        board: &Board,
        base_text: &str,
    ) -> std::io::Result<PathBuf> {
        // A newer state is already on disk: nothing to serialise.
        if w.seq >= seq {
            return Ok(self.current(&w));
        }
        let text = storage::recovery_text(&self.places.board, board, base_text);
        let place = if w.fallback {
            None
        } else {
            Some(&self.places.beside)
        };
        let beside = match place {
            Some(p) => storage::write_recovery_text(p, &text).map(|()| p.clone()),
            None => Err(std::io::Error::other("the board's directory refused it")),
        };
        let at = match (beside, &self.places.fallback) {
            (Ok(p), _) => p,
            (Err(e), None) => return Err(e),
            (Err(e), Some(fallback)) => {
                if let Some(dir) = fallback.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                storage::write_recovery_text(fallback, &text).map_err(|e2| {
                    std::io::Error::other(format!(
                        "{e} (beside the board), {e2} ({})",
                        fallback.display()
                    ))
                })?;
                if !w.fallback {
                    // An older file beside the board would be offered instead.
                    let _ = std::fs::remove_file(&self.places.beside);
                    w.fallback = true;
                }
                fallback.clone()
            }
        };
        w.seq = seq;
        Ok(at)
    }

    fn current(&self, w: &Written) -> PathBuf {
        match (&self.places.fallback, w.fallback) {
            (Some(f), true) => f.clone(),
            _ => self.places.beside.clone(),
        }
    }

    /// Nothing is unsaved as of state `seq`: the file goes.
    fn clear(&self, seq: u64) {
        if let Ok(mut w) = self.written.lock()
            && w.seq < seq
        {
            self.places.remove_all();
            w.seq = seq;
        }
    }
}

enum Job {
    Write {
        seq: u64,
        board: Arc<Board>,
        base: Arc<Board>,
    },
    Clear {
        seq: u64,
    },
}

/// The newest state, for the panic hook and the watchdog, which cannot reach
/// the loop.
struct Latest {
    shared: Arc<Shared>,
    seq: u64,
    board: Arc<Board>,
    base: Arc<Board>,
}

static LATEST: Mutex<Option<Latest>> = Mutex::new(None);

pub(super) struct Journal {
    shared: Arc<Shared>,
    tx: Option<Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Problems writing, for the footer.
    pub(super) problems: Receiver<String>,
    seq: u64,
    base: Option<Arc<Board>>,
    /// The thread is writing (or has a job queued): another copy of the
    /// board now would only be thrown away.
    busy: Arc<std::sync::atomic::AtomicBool>,
}

impl Journal {
    pub(super) fn start(places: Places) -> Journal {
        let shared = Arc::new(Shared {
            places,
            written: Mutex::new(Written::default()),
        });
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let (report, problems) = std::sync::mpsc::channel();
        let worker = Arc::clone(&shared);
        let busy = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let idle = Arc::clone(&busy);
        let thread = std::thread::Builder::new()
            .name("cchc-journal".to_owned())
            .spawn(move || write_jobs(&worker, &rx, &report, &idle))
            .ok();
        Journal {
            shared,
            tx: Some(tx),
            thread,
            problems,
            seq: 0,
            base: None,
            busy,
        }
    }

    /// Whether a new state can be handed over now (the thread is idle). The
    /// loop waits with a changed board until then, so a burst of edits on a
    /// large board costs one copy per write, not one per key.
    pub(super) fn ready(&self) -> bool {
        !self.busy.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The base of the unsaved edits changed (a save, reload or merge).
    pub(super) fn rebase(&mut self) {
        self.base = None;
    }

    /// Records the app's state after a change: the unsaved board, or none.
    pub(super) fn record(&mut self, board: Option<&Board>, base: &Board) {
        self.seq += 1;
        let seq = self.seq;
        let job = match board {
            Some(board) => {
                let base = Arc::clone(self.base.get_or_insert_with(|| Arc::new(base.clone())));
                let board = Arc::new(board.clone());
                set_latest(Some(Latest {
                    shared: Arc::clone(&self.shared),
                    seq,
                    board: Arc::clone(&board),
                    base: Arc::clone(&base),
                }));
                Job::Write { seq, board, base }
            }
            None => {
                set_latest(None);
                Job::Clear { seq }
            }
        };
        if let Some(tx) = &self.tx {
            self.busy.store(true, std::sync::atomic::Ordering::SeqCst);
            let _ = tx.send(job);
        }
    }

    /// Keeps `board` as the newest state for the panic hook and the watchdog
    /// while the thread is still busy with an older one: if the process
    /// ends before the thread is free (a dead terminal, where the loop never
    /// gets back to hand it over), the watchdog writes this one.
    pub(super) fn remember(&mut self, board: &Board, base: &Board) {
        self.seq += 1;
        let base = Arc::clone(self.base.get_or_insert_with(|| Arc::new(base.clone())));
        set_latest(Some(Latest {
            shared: Arc::clone(&self.shared),
            seq: self.seq,
            board: Arc::new(board.clone()),
            base,
        }));
    }

    /// Writes the newest state now (hang-up): where it went, or why not.
    pub(super) fn write_now(&mut self, board: &Board, base: &Board) -> std::io::Result<PathBuf> {
        self.seq += 1;
        self.shared.write(self.seq, board, &storage::to_yaml(base))
    }

    /// Waits until everything recorded is on disk (before a clean exit).
    pub(super) fn finish(mut self) {
        drop(self.tx.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        set_latest(None);
    }
}

fn set_latest(value: Option<Latest>) {
    if let Ok(mut slot) = LATEST.lock() {
        *slot = value;
    }
}

/// The panic hook's and watchdog's write: the newest state, if unsaved.
pub(super) fn write_latest() -> Option<std::io::Result<PathBuf>> {
    let slot = LATEST.try_lock().ok()?;
    let l = slot.as_ref()?;
    Some(
        l.shared
            .try_write(l.seq, &l.board, &storage::to_yaml(&l.base)),
    )
}

fn write_jobs(
    shared: &Shared,
    jobs: &Receiver<Job>,
    report: &Sender<String>,
    busy: &std::sync::atomic::AtomicBool,
) {
    let mut base_text: Option<(Arc<Board>, String)> = None;
    let (mut failing, mut told_fallback) = (false, false);
    while let Ok(mut job) = jobs.recv() {
        // Only the newest of the queued states matters.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        write_job(
            shared,
            job,
            report,
            &mut base_text,
            &mut failing,
            &mut told_fallback,
        );
        busy.store(false, std::sync::atomic::Ordering::SeqCst);
        // A job sent between the write and the flag is picked up next round.
    }
}

fn write_job(
    shared: &Shared,
    job: Job,
    report: &Sender<String>,
    base_text: &mut Option<(Arc<Board>, String)>,
    failing: &mut bool,
    told_fallback: &mut bool,
) {
    let (seq, board, base) = match job {
        Job::Clear { seq } => return shared.clear(seq),
        Job::Write { seq, board, base } => (seq, board, base),
    };
    let text = match base_text {
        Some((b, t)) if Arc::ptr_eq(b, &base) => t,
        _ => {
            let t = storage::to_yaml(&base);
            &base_text.insert((Arc::clone(&base), t)).1
        }
    };
    match shared.write(seq, &board, text) {
        Ok(at) => {
            *failing = false;
            if at != shared.places.beside && !*told_fallback {
                *told_fallback = true;
                // (The directory: the file name would not fit the footer.)
                let dir = at.parent().unwrap_or(&at);
                let _ = report.send(format!(
                    "cannot write beside the board: edits kept in {}/",
                    short(dir)
                ));
            }
        }
        Err(e) if !*failing => {
            *failing = true;
            let _ = report.send(format!(
                "cannot write the recovery file, unsaved edits are not protected: {e}"
            ));
        }
        Err(_) => {}
    }
}

/// `~/…` for paths in the home directory (the footer is one line).
fn short(path: &Path) -> String {
    match std::env::var_os("HOME").map(PathBuf::from) {
        Some(home) if !home.as_os_str().is_empty() => match path.strip_prefix(&home) {
            Ok(rest) => format!("~/{}", rest.display()),
            Err(_) => path.display().to_string(),
        },
        _ => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `LATEST` is one per process: the tests that set it take turns.
    static LATEST_TURN: Mutex<()> = Mutex::new(());

    fn places(dir: &Path, fallback: bool) -> Places {
        let board = dir.join("b.yaml");
        Places {
            beside: storage::recovery_path(&board),
            fallback: fallback.then(|| dir.join("data").join("b.yaml-x.cchc-recovery")),
            board,
        }
    }

    fn shared(places: Places) -> Shared {
        Shared {
            places,
            written: Mutex::new(Written::default()),
        }
    }

    fn moved(id: u32) -> Board {
        let mut b = storage::shipped_for_tests();
        let today = chrono::NaiveDate::from_ymd_opt(2024, 4, 2).expect("date");
        b.set_status(id, crate::domain::Status::Done, today);
        b
    }

    #[test]
    fn an_older_state_never_replaces_a_newer_one_or_a_removal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = shared(places(dir.path(), false));
        let base = storage::to_yaml(&storage::shipped_for_tests());
        let at = s.write(2, &moved(2), &base).expect("write");
        assert_eq!(at, s.places.beside);
        // A slow writer of state 1 comes too late.
        s.write(1, &moved(1), &base).expect("skipped");
        let back = storage::load_recovery(&at).expect("loads");
        assert_eq!(back.board, moved(2));
        assert_eq!(back.base, Some(storage::shipped_for_tests()));
        // Clean at 3: removed; a late write of 2 does not bring it back.
        s.clear(3);
        assert!(!at.exists());
        s.write(2, &moved(2), &base).expect("skipped");
        assert!(!at.exists());
        s.write(4, &moved(4), &base).expect("write");
        assert!(at.exists());
    }

    #[test]
    fn the_journal_thread_writes_the_newest_and_removes_it_when_clean() {
        let _turn = LATEST_TURN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let dir = tempfile::tempdir().expect("tempdir");
        let p = places(dir.path(), false);
        let beside = p.beside.clone();
        let mut j = Journal::start(p);
        let base = storage::shipped_for_tests();
        for id in 1..=5 {
            j.record(Some(&moved(id)), &base);
        }
        j.finish();
        assert_eq!(
            storage::load_recovery(&beside).expect("loads").board,
            moved(5)
        );
        let mut j = Journal::start(places(dir.path(), false));
        j.record(Some(&moved(6)), &base);
        j.record(None, &base);
        j.finish();
        assert!(!beside.exists());
    }

    #[test]
    fn an_unwritable_place_falls_back_to_the_data_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut p = places(dir.path(), true);
        // Beside the board is not a directory at all (as good as read-only,
        // and honest under root, which ignores permission bits).
        p.beside = dir.path().join("not-a-dir").join("x");
        std::fs::write(dir.path().join("not-a-dir"), "").expect("a file");
        let s = shared(p);
        let base = storage::to_yaml(&storage::shipped_for_tests());
        let at = s.write(1, &moved(1), &base).expect("falls back");
        assert_eq!(Some(&at), s.places.fallback.as_ref());
        assert_eq!(storage::load_recovery(&at).expect("loads").board, moved(1));
        assert_eq!(s.places.existing(), Some(at));
    }

    #[test]
    fn a_state_remembered_while_the_thread_is_busy_is_what_the_watchdog_writes() {
        let _turn = LATEST_TURN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let dir = tempfile::tempdir().expect("tempdir");
        let p = places(dir.path(), false);
        let beside = p.beside.clone();
        let mut j = Journal::start(p);
        let base = storage::shipped_for_tests();
        // The loop could not hand this state over (the thread was busy) and
        // then never got back to it (its terminal died): the watchdog must
        // still find it.
        j.remember(&moved(7), &base);
        let written = write_latest().expect("a state to write").expect("written");
        assert_eq!(written, beside);
        assert_eq!(
            storage::load_recovery(&beside).expect("loads").board,
            moved(7)
        );
        j.finish();
    }
}

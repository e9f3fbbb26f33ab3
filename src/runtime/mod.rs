//! The interactive board's event loop: the only code that owns the terminal.
//!
//! It draws only after something changed (no redraw timer), so an idle board
//! writes nothing to the terminal; while idle it polls the board file's stat
//! data twice a second and reads the bytes only when that changes.
//!
//! The loop ([`Session::run`]) is generic over ratatui's `Backend` and over
//! [`Events`] (input and the terminal's modes), so it runs in-process with a
//! `TestBackend` and scripted events (`tests/runtime_loop.rs`); [`run`] gives it
//! the real terminal ([`Crossterm`]).
//!
//! Safety on every exit path: unsaved edits are journalled to the recovery
//! file after each change; SIGHUP/SIGTERM/SIGINT/SIGQUIT set a flag (via
//! `signal-hook`) that the loop checks after every event and wait (the wait
//! is `poll(2)` on the terminal, which a signal or a hang-up ends at once);
//! a terminal that hangs up is treated like a hang-up signal. Every way out
//! goes through one leave path ([`Session::run`]'s end): the journal's last
//! write first, then the terminal restored with errors ignored, then the lock
//! removed, exit 0, 2 (the terminal failed) or 128 + n (signal n). An editor
//! opened with `e` is ended (SIGHUP, then SIGTERM) before the board leaves,
//! and what it had written is kept. The panic hook writes the journal's
//! newest state; a watchdog thread leaves for a loop stuck where it cannot see
//! the flag.
//!
//! Here: the session (open, loop, leave, suspend) and the effects it performs
//! (save, reload, recovery, writing a deleted board back). Beside it:
//! `events` (the terminal: input, modes, hang-up detection), `safety` (panic
//! hook, watchdog, the journal's last write), `watch` (outside changes to the
//! file, a deleted file), `editor` (`e`, and ending the editor when leaving),
//! `screen` (the backend: the fewest bytes per frame), `git_worker` (git off
//! the key path), `journal` (unsaved edits written to the recovery file as
//! they are made).

mod editor;
pub mod events;
mod git_worker;
mod journal;
mod safety;
pub mod screen;
mod watch;

use crate::app::{self, App, Confirm, Effect, Keymap, Lang, Mode, Msg};
use crate::storage::{self, BoardFile, SaveError};
use crate::ui::{self, Theme};
use chrono::NaiveDate;
use crossterm::event::{Event, KeyEventKind};
pub use editor::from_env as editor_from_env;
use editor::{Stop, edit_task};
pub use events::{Crossterm, Events, Waker};
use git_worker::{GitJob, GitWorker};
use journal::Journal;
use ratatui::Terminal;
use ratatui::backend::Backend;
use safety::{install_panic_hook, journal_now, spawn_watchdog};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use watch::{OnDisk, Watch};

/// Everything the board needs from the command line, config and environment.
#[derive(Debug, Clone)]
pub struct Options {
    pub board: PathBuf,
    pub today: NaiveDate,
    pub lang: Lang,
    /// The language of the reports the board writes (`cchc report`'s:
    /// Vietnamese unless `--lang` or the config says otherwise).
    pub report_lang: Lang,
    pub keymap: Keymap,
    pub horizon: i64,
    pub autosave: bool,
    pub colour: bool,
    /// Shown in the footer at start (e.g. a locale that is not UTF-8).
    pub notice: Option<String>,
    /// The editor command for `e` (see [`editor_from_env`]).
    pub editor: String,
    /// Today by the clock. A `today` before it is a past day: the cards
    /// stand as on that day, from the board's git history when there is one,
    /// and the report view reads the history for any day before it.
    pub clock: NaiveDate,
}

const POLL: Duration = Duration::from_millis(500);
/// How soon the loop looks again when the journal thread was busy.
const JOURNAL_RETRY: Duration = Duration::from_millis(20);

/// How a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The process exit code (README: 0, 2, 128 + signal).
    pub code: u8,
    /// What to print on stderr once the terminal is restored for good.
    pub note: Option<String>,
}

/// Runs the board on the real terminal until the user quits. Returns the
/// process exit code.
/// Why the board could not run. A board file that does not load is said as
/// the commands say it (`FILE:LINE:COL: error: …`, `cannot read …`); the
/// rest is the caller's to prefix with `cchc: error:`.
#[derive(Debug)]
pub enum Failure {
    Load(String),
    Other(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Other(message)
    }
}

pub fn run(opts: Options) -> Result<u8, Failure> {
    let session = Session::open(opts)?;
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
            .map_err(|e| format!("cannot watch signals: {e}"))?;
    }
    install_panic_hook();
    spawn_watchdog(Arc::clone(&signal), session.held_lock());
    let mut events = Crossterm::new().map_err(|e| format!("cannot watch the terminal: {e}"))?;
    if let Err(e) = events.reclaim() {
        events.release();
        return Err(format!("cannot start the terminal: {e}").into());
    }
    let backend = screen::Frugal::new(std::io::stdout());
    let mut terminal = match Terminal::new(backend) {
        Ok(t) => t,
        Err(e) => {
            events.release();
            return Err(format!("cannot start the terminal: {e}").into());
        }
    };
    let outcome = session.run(&mut terminal, &mut events, &signal);
    // The terminal was restored by the leave path; dropping it would show
    // the cursor again, reporting a failure with `eprintln!` (a panic on a
    // dead stderr).
    std::mem::forget(terminal);
    // After the last restore (leaving the alternate screen again puts the
    // cursor back where the board started, where the shell would write over
    // a note printed earlier), on a line of its own.
    if let Some(note) = &outcome.note {
        safety::note_on_stderr(note);
    }
    Ok(outcome.code)
}

/// An open board: the file, the app, the lock and the journal, before and
/// while the loop runs. Dropping it releases the lock.
pub struct Session {
    opts: Options,
    app: App,
    file: BoardFile,
    lock: Option<storage::BoardLock>,
    owns_recovery: bool,
    places: journal::Places,
    recovered: Option<storage::Recovered>,
    journal: Option<Journal>,
}

/// Why the loop ends: the exit code, and for an exit not chosen by the user
/// what happened (journalled first).
struct Leave {
    code: u8,
    why: Option<String>,
}

impl Leave {
    fn quit() -> Leave {
        Leave { code: 0, why: None }
    }

    /// A signal, or else the terminal failing for this reason (exit 2).
    fn broken(signal: &AtomicUsize, why: String) -> Leave {
        match signal.swap(0, Ordering::SeqCst) {
            0 => Leave {
                code: 2,
                why: Some(why),
            },
            sig => Leave::signal(sig),
        }
    }

    /// The terminal hung up (a dropped connection): as SIGHUP would, 129,
    /// whether or not the signal itself has arrived yet.
    fn hang_up() -> Leave {
        Leave {
            code: 129,
            why: Some("the terminal hung up".to_owned()),
        }
    }

    fn signal(sig: usize) -> Leave {
        Leave {
            code: 128u8.saturating_add(u8::try_from(sig).unwrap_or(0)),
            why: Some(format!("signal {sig}")),
        }
    }
}

impl Session {
    /// Loads the board, takes its lock and looks for a recovery file; no
    /// terminal is touched.
    pub fn open(opts: Options) -> Result<Session, Failure> {
        // A board left with git conflict markers opens read-only, showing "ours"
        // with the conflicting tasks marked, until the file is resolved.
        let (file, conflicts) = match storage::load(&opts.board) {
            Ok(f) => (f, None),
            Err(e @ storage::LoadError::Conflict { .. }) => {
                let bytes = std::fs::read(&opts.board).map_err(|io| io.to_string())?;
                let (f, ids) = storage::parse_conflicted(&opts.board, bytes)
                    .map_err(|_| Failure::Load(e.to_string()))?;
                (f, Some(ids))
            }
            Err(e) => return Err(Failure::Load(e.to_string())),
        };
        let mut app = App::new(file.board.clone(), opts.today);
        app.clock = opts.clock.max(opts.today);
        app.lang = opts.lang;
        app.report_lang = opts.report_lang;
        app.keymap = opts.keymap.clone();
        app.horizon = opts.horizon;
        app.notice = opts.notice.clone();
        let name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        app.save_as_hint = match (std::env::var_os("HOME"), name) {
            (Some(home), Some(n)) => PathBuf::from(home).join(n).display().to_string(),
            (None, Some(n)) => n,
            (_, None) => String::new(),
        };
        // Reports are written beside the board; the view names them in full.
        app.board_path = std::path::absolute(&file.path).unwrap_or_else(|_| file.path.clone());
        if let Some(ids) = conflicts {
            app.set_conflicts(ids);
        }
        // One editing session per board; a second one opens read-only and still
        // follows the first one's saves through the file watch.
        let mut lock_impossible = false;
        let lock = match storage::lock_board(&file.path) {
            Ok(Ok(lock)) => Some(lock),
            Ok(Err(holder)) => {
                app.locked = Some(format!(
                    "read-only: {holder} has this board open; quit it to edit here"
                ));
                app.notice = app.read_only();
                None
            }
            // No lock file possible (a directory this user cannot write, a
            // read-only file system): saving will say why.
            Err(e) if no_lock_possible(&e) => {
                lock_impossible = true;
                None
            }
            // Anything else (a planted symbolic or hard link in the lock's
            // place, …) is not "alone": read-only, saying why.
            Err(e) => {
                app.locked = Some(format!(
                    "read-only: cannot lock the board ({}): {e}",
                    storage::lock_path(&file.path).display()
                ));
                app.notice = app.read_only();
                None
            }
        };
        // Only the session that holds the board may offer, write or remove its
        // recovery file (another one may be alive and journalling to it). When no
        // lock file can be made (a read-only directory) this one is taken to be
        // alone, and the journal goes to the data directory.
        let owns_recovery = lock.is_some() || lock_impossible;
        let places = journal::Places::of(&file.path);
        let mut recovered: Option<storage::Recovered> = None;
        // An unreadable recovery file is moved aside (the journal would write
        // over it); when it cannot be, nothing is journalled at all.
        let mut journal_ok = owns_recovery;
        if owns_recovery && let Some(recovery) = places.existing() {
            match storage::load_recovery(&recovery) {
                Ok(r) => {
                    recovered = Some(r);
                    app.mode = Mode::Confirm(Confirm::Recovery);
                }
                Err(e) => {
                    let e = first_line(&e.to_string());
                    app.notice = Some(match storage::set_aside(&recovery) {
                        Ok(aside) => format!(
                            "{} is unreadable ({e}); moved to {}",
                            recovery.display(),
                            aside.display()
                        ),
                        Err(why) => {
                            journal_ok = false;
                            format!(
                                "{} is unreadable ({e}) and cannot be moved aside ({why}): \
                                 unsaved edits are not journalled",
                                recovery.display()
                            )
                        }
                    });
                }
            }
        }
        let journal = journal_ok.then(|| Journal::start(places.clone()));
        Ok(Session {
            opts,
            app,
            file,
            lock,
            owns_recovery,
            places,
            recovered,
            journal,
        })
    }

    /// The lock file this session holds (only its holder may remove it).
    fn held_lock(&self) -> Option<PathBuf> {
        self.lock
            .as_ref()
            .map(|_| storage::lock_path(&self.file.path))
    }

    /// Runs the loop until the user quits, a signal arrives or the terminal
    /// goes; every way out goes through the same leave path. `signal` holds
    /// the number of a signal that arrived (0: none).
    pub fn run<B: Backend, E: Events>(
        mut self,
        terminal: &mut Terminal<B>,
        events: &mut E,
        signal: &AtomicUsize,
    ) -> Outcome {
        let mut kept: Option<String> = None;
        let leave = self.event_loop(terminal, events, signal, &mut kept);
        let mut outcome = self.leave(events, leave);
        if let Some(k) = kept {
            let note = outcome.note.take().map_or(String::new(), |n| n + "\n");
            outcome.note = Some(format!("{note}cchc: {k}"));
        }
        outcome
    }

    /// The one way out: the journal first (edits in the recovery file, never
    /// the board), then the terminal back with errors ignored, then the
    /// journal thread finished; the lock goes when the session is dropped.
    fn leave<E: Events>(mut self, events: &mut E, leave: Leave) -> Outcome {
        if leave.code != 0 {
            safety::leaving();
        }
        let note = leave
            .why
            .as_deref()
            .and_then(|why| journal_now(&self.app, &self.file, &mut self.journal, why));
        events.release();
        if let Some(j) = self.journal.take() {
            j.finish();
        }
        // A clean exit means the edits were saved or the user chose to quit
        // without saving them (restored ones included): the recovery file goes.
        if leave.code == 0 && self.owns_recovery && self.recovered.is_none() {
            self.places.remove_all();
        }
        drop(self.lock.take());
        Outcome {
            code: leave.code,
            note,
        }
    }

    /// `Ctrl-z`: gives the terminal back, stops, and takes it again when
    /// continued; `Err` when the terminal cannot be taken again.
    pub fn suspend<B: Backend, E: Events>(
        terminal: &mut Terminal<B>,
        events: &mut E,
    ) -> std::io::Result<()> {
        events.release();
        events.stop();
        events.reclaim()?;
        let _ = terminal.clear();
        Ok(())
    }

    fn event_loop<B: Backend, E: Events>(
        &mut self,
        terminal: &mut Terminal<B>,
        events: &mut E,
        signal: &AtomicUsize,
        kept: &mut Option<String>,
    ) -> Leave {
        let opts = self.opts.clone();
        let Session {
            app,
            file,
            recovered,
            journal,
            ..
        } = self;
        let theme = Theme::new(opts.colour);
        let mut watch = Watch::new(&file.path);
        let git = GitWorker::new(&file.path, events.waker());
        git.refresh();
        if app.today < app.clock {
            git.past_version(app.today);
        }
        let mut last_snapshot = (app.revision(), app.is_dirty());
        // A change not yet handed to the journal (its thread was busy).
        let mut journal_due = false;
        // The last change kept for the watchdog while the journal was busy.
        let mut remembered: Option<u64> = None;
        // The version on disk while the user decides what to do with it (merge,
        // reload, keep mine); `file` stays the base the unsaved edits started from.
        let mut pending: Option<BoardFile> = None;
        let mut redraw = true;
        let mut memory = ui::Memory::default();
        loop {
            if redraw {
                match terminal.draw(|f| ui::render_with(app, f, theme, &mut memory)) {
                    Ok(frame) => events.drawn(frame.buffer),
                    // A write to a terminal that hung up fails (EIO): a hang-up.
                    Err(_) if !events.connected() => return Leave::hang_up(),
                    Err(e) => {
                        return Leave::broken(signal, format!("terminal write failed: {e}"));
                    }
                }
                redraw = false;
            }
            // The board's copy for the journal is made after the frame is drawn,
            // and only when the journal thread is idle (see `journal`).
            if journal_due && let Some(j) = journal.as_mut() {
                if j.ready() {
                    j.record(app.is_dirty().then_some(&app.board), &file.board);
                    journal_due = false;
                } else if app.is_dirty() && remembered != Some(app.revision()) {
                    // The thread is busy: keep this state for the watchdog and
                    // the panic hook meanwhile (once per change).
                    j.remember(&app.board, &file.board);
                    remembered = Some(app.revision());
                }
            }
            match signal.swap(0, Ordering::SeqCst) {
                0 => {}
                sig => return Leave::signal(sig),
            }
            let mut msgs: Vec<Msg> = git.results.try_iter().collect();
            if let Some(j) = journal.as_ref() {
                msgs.extend(j.problems.try_iter().map(Msg::Notice));
            }
            let timeout = if !msgs.is_empty() {
                Duration::ZERO
            } else if journal_due {
                JOURNAL_RETRY
            } else {
                POLL
            };
            let event = events.next(timeout);
            // What arrived during the wait (a woken wait ends for it).
            msgs.extend(git.results.try_iter());
            match event {
                Ok(Some(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                    msgs.push(Msg::Key(k))
                }
                Ok(Some(Event::Resize(..))) => redraw = true,
                Ok(Some(_)) => {}
                Ok(None) => match watch.poll(file) {
                    Some(OnDisk::Changed(on_disk)) => {
                        msgs.push(outside_change(app, file, &mut pending, *on_disk));
                        rebase(journal);
                        git.refresh();
                    }
                    Some(OnDisk::Invalid(text)) => msgs.push(Msg::Notice(text)),
                    Some(OnDisk::Gone) => {
                        pending = None;
                        msgs.push(Msg::DiskGone);
                    }
                    None => {}
                },
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe || !events.connected() => {
                    return Leave::hang_up();
                }
                Err(e) => {
                    return Leave::broken(signal, format!("terminal read failed: {e}"));
                }
            }
            let mut quit = false;
            let mut stop = None;
            while let Some(msg) = msgs.pop() {
                redraw = true;
                for effect in app::update(app, msg) {
                    match effect {
                        Effect::Quit => quit = true,
                        // Ctrl-z (the keymap's `suspend`).
                        Effect::Suspend => {
                            if let Err(e) = Session::suspend(terminal, events) {
                                return Leave::broken(
                                    signal,
                                    format!("cannot restart the terminal: {e}"),
                                );
                            }
                            let _ = terminal.clear();
                        }
                        Effect::Edit(task) => {
                            let edited = edit_task(events, &opts.editor, &app.board, *task, signal);
                            if let Some(m) = edited.msg {
                                msgs.push(m);
                            }
                            *kept = edited.kept;
                            if edited.stop.is_some() {
                                stop = edited.stop;
                            } else {
                                let _ = terminal.clear();
                            }
                        }
                        Effect::RawDiff => git.job(GitJob::RawDiff),
                        Effect::BuildReport {
                            period,
                            board,
                            revision,
                        } => git.report(period, board, revision, app.today, app.clock),
                        Effect::WriteReport {
                            path,
                            bytes,
                            overwrite,
                            ..
                        } => msgs.push(write_report(path, &bytes, overwrite)),
                        Effect::Pull => git.job(GitJob::Pull),
                        Effect::Push => git.job(GitJob::Push),
                        Effect::Commit(message) => {
                            // The commit takes the board as saved: save first.
                            let saved = if app.is_dirty() {
                                Some(save(app, file, &mut pending, false))
                            } else {
                                None
                            };
                            watch.restamp();
                            rebase(journal);
                            match saved {
                                Some(Msg::Saved(Ok(m))) => {
                                    msgs.push(Msg::Saved(Ok(m)));
                                    git.job(GitJob::Commit(message));
                                }
                                Some(other) => msgs.push(other),
                                None => git.job(GitJob::Commit(message)),
                            }
                        }
                        other => {
                            let io = (&mut *file, &mut pending, &mut *recovered);
                            if let Some(m) = perform(other, app, io) {
                                msgs.push(m);
                            }
                            watch.restamp();
                            rebase(journal);
                        }
                    }
                }
                if stop.is_some() {
                    // Leaving while the editor was open: only its outcome
                    // (the edit in progress) is taken, then out.
                    while let Some(m) = msgs.pop() {
                        if matches!(m, Msg::Edited(_)) {
                            let _ = app::update(app, m);
                        }
                    }
                    break;
                }
                if opts.autosave && app.is_dirty() && app.mode == Mode::Board && !app.is_read_only()
                {
                    msgs.push(save(app, file, &mut pending, false));
                    watch.restamp();
                    rebase(journal);
                }
            }
            match stop {
                Some(Stop::Signal(sig)) => return Leave::signal(sig),
                Some(Stop::Gone) => return Leave::hang_up(),
                Some(Stop::NoRestart(e)) => {
                    return Leave::broken(signal, format!("cannot restart the terminal: {e}"));
                }
                None => {}
            }
            // Journal every change of the unsaved board. A save changes dirtiness
            // without changing the revision: the file must go then, or a later
            // start would offer stale "recovery". Not while the restore question
            // is open: the recovery file on disk is the earlier session's, and
            // a reload of an outside change (a new revision, still clean) must
            // not clear it before the user answers.
            if recovered.is_none() && (app.revision(), app.is_dirty()) != last_snapshot {
                last_snapshot = (app.revision(), app.is_dirty());
                journal_due = journal.is_some();
                // Nothing unsaved any more: no copy to make, the file goes now.
                if !app.is_dirty()
                    && let Some(j) = journal.as_mut()
                {
                    j.record(None, &file.board);
                    journal_due = false;
                }
            }
            if quit {
                return Leave::quit();
            }
        }
    }
}

/// What the loop keeps about files: the board file as loaded or last saved
/// (the base of unsaved edits), the version on disk awaiting an answer, and
/// the recovered board awaiting one.
type Files<'a> = (
    &'a mut BoardFile,
    &'a mut Option<BoardFile>,
    &'a mut Option<storage::Recovered>,
);

/// The board file may have been replaced or saved: the journal takes its
/// base afresh with the next change.
fn rebase(journal: &mut Option<Journal>) {
    if let Some(j) = journal {
        j.rebase();
    }
}

/// Performs one IO effect; returns the message reporting its outcome.
fn perform(effect: Effect, app: &mut App, (file, pending, recovered): Files) -> Option<Msg> {
    match effect {
        Effect::Save => Some(save(app, file, pending, false)),
        Effect::SaveRewrite => Some(save(app, file, pending, true)),
        // Over the version the question showed (`pending`), so that a newer
        // one refuses the save and brings the question back; the disk is read
        // now only when no version was shown (a refused save that did not load).
        Effect::SaveOver => Some(match pending.take() {
            Some(shown) => {
                file.rebase_on(shown);
                save(app, file, pending, true)
            }
            None => match file.rebase_on_disk() {
                Ok(()) => save(app, file, pending, true),
                Err(e) => Msg::Saved(Err(format!("cannot read {}: {e}", file.path.display()))),
            },
        }),
        Effect::SaveSide => match storage::save_side_copy(&file.path, &app.board) {
            Ok(side) => {
                *pending = None;
                let notice = match reload(app, file) {
                    Ok(()) => format!(
                        "your version is in {}; showing the file from disk",
                        side.display()
                    ),
                    Err(why) => format!(
                        "yours is in {}; disk version does not load: still showing yours ({why})",
                        side.display()
                    ),
                };
                app.notice = Some(notice);
                None
            }
            Err(e) => Some(Msg::Saved(Err(format!("cannot write a side copy: {e}")))),
        },
        Effect::SaveAs(typed) => {
            let path = match typed.strip_prefix("~/") {
                Some(rest) => std::env::var_os("HOME")
                    .map_or_else(|| PathBuf::from(&typed), |h| PathBuf::from(h).join(rest)),
                None => PathBuf::from(&typed),
            };
            Some(match storage::save_copy_as(&path, &app.board) {
                Ok(()) => Msg::Notice(format!(
                    "saved a copy to {} (the board file is not saved)",
                    path.display()
                )),
                Err(e) => Msg::Saved(Err(format!("cannot save as {}: {e}", path.display()))),
            })
        }
        Effect::Reload => {
            *pending = None;
            if let Err(why) = reload(app, file) {
                app.notice = Some(why);
            }
            None
        }
        Effect::AdoptDisk => {
            if let Some(on_disk) = pending.take() {
                *file = on_disk;
            }
            None
        }
        Effect::RestoreRecovery => {
            if let Some(r) = recovered.take() {
                // The disk is what `file` holds: a merge adopts nothing new.
                app.restore_merging(r.board, r.base);
            }
            None
        }
        Effect::DiscardRecovery => {
            *recovered = None;
            journal::Places::of(&file.path).remove_all();
            None
        }
        Effect::Quit
        | Effect::Suspend
        | Effect::Edit(_)
        | Effect::RawDiff
        | Effect::Pull
        | Effect::Push
        | Effect::Commit(_)
        | Effect::BuildReport { .. }
        | Effect::WriteReport { .. } => None,
    }
}

/// Writes a report file from the report view (never over an existing file
/// unless the user agreed), as `cchc report` writes one.
fn write_report(path: PathBuf, bytes: &[u8], overwrite: bool) -> Msg {
    match crate::report::file::write_new(&path, bytes, overwrite) {
        Ok(()) => Msg::ReportWritten(Ok(path)),
        Err(crate::report::file::WriteError::Exists(p)) => Msg::ReportExists(p),
        Err(e) => Msg::ReportWritten(Err(e.to_string())),
    }
}

/// The board on disk changed (seen by the watch, or by a refused save). With
/// no unsaved edits it simply becomes the file; with some it waits in
/// `pending` while the user decides, and the app gets both it and the base.
fn outside_change(
    app: &App,
    file: &mut BoardFile,
    pending: &mut Option<BoardFile>,
    on_disk: BoardFile,
) -> Msg {
    let theirs = Box::new(on_disk.board.clone());
    let base = Box::new(file.board.clone());
    if app.is_dirty() {
        *pending = Some(on_disk);
    } else {
        *pending = None;
        *file = on_disk;
    }
    Msg::DiskChanged { theirs, base }
}

/// Loads the board from disk in place of the unsaved one; `Err(why)` when it
/// does not load (the unsaved board stays).
fn reload(app: &mut App, file: &mut BoardFile) -> Result<(), String> {
    match storage::load(&file.path) {
        Ok(f) => {
            *file = f;
            app.replace_board(file.board.clone());
            Ok(())
        }
        Err(e) => Err(first_line(&e.to_string())),
    }
}

fn save(app: &App, file: &mut BoardFile, pending: &mut Option<BoardFile>, rewrite_ok: bool) -> Msg {
    if !file.path.exists() && std::fs::symlink_metadata(&file.path).is_err() {
        return write_back(app, file, pending);
    }
    if !rewrite_ok && file.first_noncanonical_line().is_some() {
        return Msg::NeedsRewrite;
    }
    match storage::save(file, &app.board) {
        Ok(report) => {
            // (The journal removes the recovery file once the app is clean.)
            file.saved(&app.board);
            let mut text = format!("{} {}", app.words().saved, report.target.display());
            if report.unchanged {
                text = app.words().nothing_to_save.to_owned();
            }
            for w in report.warnings {
                text.push_str(&format!(" ({w})"));
            }
            Msg::Saved(Ok(text))
        }
        Err(SaveError::ChangedOnDisk { .. }) => match storage::load(&file.path) {
            Ok(on_disk) => outside_change(app, file, pending, on_disk),
            Err(_) => Msg::SaveConflict,
        },
        Err(e) => Msg::Saved(Err(e.to_string())),
    }
}

/// The board file was deleted: a save writes it back (atomically, never
/// over a file that reappeared meanwhile), which becomes the new base.
fn write_back(app: &App, file: &mut BoardFile, pending: &mut Option<BoardFile>) -> Msg {
    let path = file.path.clone();
    if let Err(e) = storage::save_copy_as(&path, &app.board) {
        return Msg::Saved(Err(format!("cannot write {} back: {e}", path.display())));
    }
    match storage::load(&path) {
        Ok(f) => {
            *pending = None;
            *file = f;
            Msg::Saved(Ok(format!("wrote the board back to {}", path.display())))
        }
        Err(e) => Msg::Saved(Err(format!("cannot read {} back: {e}", path.display()))),
    }
}

/// Whether a lock error means no lock file can be made here at all (the
/// session is then taken to be alone): EACCES, EPERM, EROFS.
fn no_lock_possible(e: &std::io::Error) -> bool {
    use rustix::io::Errno;
    [Errno::ACCESS, Errno::PERM, Errno::ROFS]
        .iter()
        .any(|n| e.raw_os_error() == Some(n.raw_os_error()))
}

pub(crate) fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_owned()
}

//! The interactive board's event loop: the only code that owns the terminal.
//!
//! It draws only after something changed (no redraw timer), so an idle board
//! writes nothing to the terminal; while idle it polls the board file's stat
//! data twice a second and reads the bytes only when that changes.
//!
//! Safety on every exit path: ratatui's panic hook restores the terminal and
//! ours first writes the recovery file; SIGHUP/SIGTERM/SIGINT/SIGQUIT set flags
//! (a signal thread, via `signal-hook`) that the loop checks at least every
//! 500 ms, writing the recovery file before leaving; a terminal that stops
//! answering (SSH gone, SIGHUP ignored) is treated like a hang-up instead of
//! being polled in a busy loop. A watchdog thread enforces both when the loop
//! is stuck in crossterm's reader, which never returns from a dead terminal.

use crate::app::{self, App, Confirm, Effect, Keymap, Lang, Mode, Msg};
use crate::domain::Board;
use crate::storage::{self, BoardFile, SaveError};
use crate::ui::{self, Theme};
use chrono::NaiveDate;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

/// Everything the board needs from the command line, config and environment.
#[derive(Debug, Clone)]
pub struct Options {
    pub board: PathBuf,
    pub today: NaiveDate,
    pub lang: Lang,
    pub keymap: Keymap,
    pub horizon: i64,
    pub autosave: bool,
    pub colour: bool,
    /// Shown in the footer at start (e.g. a locale that is not UTF-8).
    pub notice: Option<String>,
}

/// The unsaved board, for the panic hook (which cannot reach the loop's state).
static UNSAVED: Mutex<Option<(PathBuf, Board)>> = Mutex::new(None);

const POLL: Duration = Duration::from_millis(500);

/// Runs the board until the user quits. Returns the process exit code.
pub fn run(opts: Options) -> Result<u8, String> {
    // A board left with git conflict markers opens read-only, showing "ours"
    // with the conflicting tasks marked, until the file is resolved.
    let (mut file, conflicts) = match storage::load(&opts.board) {
        Ok(f) => (f, None),
        Err(e @ storage::LoadError::Conflict { .. }) => {
            let bytes = std::fs::read(&opts.board).map_err(|io| io.to_string())?;
            let (f, ids) =
                storage::parse_conflicted(&opts.board, bytes).map_err(|_| e.to_string())?;
            (f, Some(ids))
        }
        Err(e) => return Err(e.to_string()),
    };
    let mut app = App::new(file.board.clone(), opts.today);
    app.lang = opts.lang;
    app.keymap = opts.keymap.clone();
    app.horizon = opts.horizon;
    app.notice = opts.notice.clone();
    if let Some(ids) = conflicts {
        app.set_conflicts(ids);
    }
    // One editing session per board; a second one opens read-only and still
    // follows the first one's saves through the file watch.
    let _lock = match storage::lock_board(&file.path) {
        Ok(Ok(lock)) => Some(lock),
        Ok(Err(holder)) => {
            app.read_only = Some(format!(
                "read-only: {holder} has this board open; quit it to edit here"
            ));
            app.notice = app.read_only.clone();
            None
        }
        // No lock file possible (read-only directory): saving will say why.
        Err(_) => None,
    };
    let recovery = storage::recovery_path(&file.path);
    let mut recovered: Option<Board> = None;
    if recovery.exists() {
        match storage::load(&recovery) {
            Ok(r) => {
                recovered = Some(r.board);
                app.mode = Mode::Confirm(Confirm::Recovery);
            }
            Err(e) => {
                app.notice = Some(format!(
                    "{} is unreadable and was left as is: {e}",
                    recovery.display()
                ))
            }
        }
    }

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
    // Only a session that holds the lock may remove its file.
    let held_lock = _lock.as_ref().map(|_| storage::lock_path(&file.path));
    spawn_watchdog(Arc::clone(&signal), held_lock);
    let mut terminal =
        ratatui::try_init().map_err(|e| format!("cannot start the terminal: {e}"))?;
    let theme = Theme::new(opts.colour);
    let mut watch = Watch::new(&file.path);
    let git = GitWorker::new(&file.path);
    git.refresh();
    let mut last_snapshot = (app.revision(), app.is_dirty());
    let mut redraw = true;
    let code = loop {
        if redraw {
            if let Err(e) = terminal.draw(|f| ui::render(&app, f, theme)) {
                hang_up(&app, &file, &format!("terminal write failed: {e}"));
                break 2;
            }
            redraw = false;
        }
        match signal.swap(0, Ordering::SeqCst) {
            0 => {}
            sig => {
                hang_up(&app, &file, &format!("signal {sig}"));
                break 128 + u8::try_from(sig).unwrap_or(0);
            }
        }
        let mut msgs: Vec<Msg> = git.results.try_iter().collect();
        match event::poll(if msgs.is_empty() {
            POLL
        } else {
            Duration::ZERO
        }) {
            Ok(true) => match event::read() {
                Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                    if k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL) {
                        terminal = suspend(terminal)?;
                        redraw = true;
                        continue;
                    }
                    msgs.push(Msg::Key(k));
                }
                Ok(Event::Resize(..)) => redraw = true,
                Ok(_) => {}
                Err(e) => {
                    hang_up(&app, &file, &format!("terminal read failed: {e}"));
                    break 2;
                }
            },
            Ok(false) => match watch.poll(&file) {
                Some(Ok(on_disk)) => {
                    let board = on_disk.board.clone();
                    if !app.is_dirty() {
                        file = on_disk;
                    }
                    msgs.push(Msg::DiskChanged(Box::new(board)));
                    git.refresh();
                }
                Some(Err(text)) => msgs.push(Msg::Notice(text)),
                None => {}
            },
            Err(e) => {
                hang_up(&app, &file, &format!("terminal poll failed: {e}"));
                break 2;
            }
        }
        let mut quit = false;
        while let Some(msg) = msgs.pop() {
            redraw = true;
            for effect in app::update(&mut app, msg) {
                match effect {
                    Effect::Quit => quit = true,
                    Effect::Edit(task) => {
                        terminal = edit_task(terminal, &app.board, *task, &mut msgs)?;
                    }
                    Effect::RawDiff => git.job(GitJob::RawDiff),
                    Effect::Pull => git.job(GitJob::Pull),
                    Effect::Push => git.job(GitJob::Push),
                    Effect::Commit(message) => {
                        // The commit takes the board as saved: save first.
                        let saved = if app.is_dirty() {
                            Some(save(&app, &mut file, false))
                        } else {
                            None
                        };
                        watch.restamp();
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
                        if let Some(m) = perform(other, &mut app, &mut file, &mut recovered) {
                            msgs.push(m);
                        }
                        watch.restamp();
                    }
                }
            }
            if opts.autosave && app.is_dirty() && app.mode == Mode::Board && app.read_only.is_none()
            {
                msgs.push(save(&app, &mut file, false));
                watch.restamp();
            }
        }
        // A save changes dirtiness without changing the revision: the snapshot
        // must be dropped then, or a later hang-up would offer stale "recovery".
        if (app.revision(), app.is_dirty()) != last_snapshot {
            last_snapshot = (app.revision(), app.is_dirty());
            snapshot(&app, &file.path);
        }
        if quit {
            break 0;
        }
    };
    ratatui::restore();
    if code == 0 && !app.is_dirty() && recovered.is_none() {
        let _ = std::fs::remove_file(&recovery);
    }
    Ok(code)
}

/// Performs one IO effect; returns the message reporting its outcome.
fn perform(
    effect: Effect,
    app: &mut App,
    file: &mut BoardFile,
    recovered: &mut Option<Board>,
) -> Option<Msg> {
    match effect {
        Effect::Save => Some(save(app, file, false)),
        Effect::SaveRewrite => Some(save(app, file, true)),
        Effect::SaveOver => Some(match file.rebase_on_disk() {
            Ok(()) => save(app, file, true),
            Err(e) => Msg::Saved(Err(format!("cannot read {}: {e}", file.path.display()))),
        }),
        Effect::SaveSide => match storage::save_side_copy(&file.path, &app.board) {
            Ok(side) => {
                reload(app, file);
                let notice = format!(
                    "your version is in {}; showing the file from disk",
                    side.display()
                );
                app.notice = Some(notice);
                None
            }
            Err(e) => Some(Msg::Saved(Err(format!("cannot write a side copy: {e}")))),
        },
        Effect::Reload => {
            reload(app, file);
            None
        }
        Effect::RestoreRecovery => {
            if let Some(board) = recovered.take() {
                app.restore_unsaved(board);
            }
            None
        }
        Effect::DiscardRecovery => {
            *recovered = None;
            let _ = std::fs::remove_file(storage::recovery_path(&file.path));
            None
        }
        Effect::Quit
        | Effect::Edit(_)
        | Effect::RawDiff
        | Effect::Pull
        | Effect::Push
        | Effect::Commit(_) => None,
    }
}

fn reload(app: &mut App, file: &mut BoardFile) {
    match storage::load(&file.path) {
        Ok(f) => {
            *file = f;
            app.replace_board(file.board.clone());
        }
        Err(e) => app.notice = Some(first_line(&e.to_string())),
    }
}

fn save(app: &App, file: &mut BoardFile, rewrite_ok: bool) -> Msg {
    if !rewrite_ok && file.first_noncanonical_line().is_some() {
        return Msg::NeedsRewrite;
    }
    match storage::save(file, &app.board) {
        Ok(report) => {
            file.saved(&app.board);
            let _ = std::fs::remove_file(storage::recovery_path(&file.path));
            let mut text = format!("{} {}", app.words().saved, report.target.display());
            if report.unchanged {
                text = app.words().nothing_to_save.to_owned();
            }
            for w in report.warnings {
                text.push_str(&format!(" ({w})"));
            }
            Msg::Saved(Ok(text))
        }
        Err(SaveError::ChangedOnDisk { .. }) => Msg::SaveConflict,
        Err(e) => Msg::Saved(Err(e.to_string())),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_owned()
}

/// Keeps the latest unsaved board where the panic hook can find it.
fn snapshot(app: &App, path: &Path) {
    let value = app.is_dirty().then(|| (path.to_owned(), app.board.clone()));
    if let Ok(mut slot) = UNSAVED.lock() {
        *slot = value;
    }
}

fn write_snapshot() -> Option<String> {
    let slot = UNSAVED.try_lock().ok()?;
    let (path, board) = slot.as_ref()?;
    Some(match storage::write_recovery(path, board) {
        Ok(p) => format!("cchc: unsaved changes were written to {}", p.display()),
        Err(e) => format!("cchc: could not write the recovery file: {e}"),
    })
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let note = write_snapshot();
        previous(info);
        if let Some(n) = note {
            note_on_stderr(&n);
        }
    }));
}

/// crossterm's reader retries a terminal that has gone away (reads of 0 bytes
/// or EIO) forever without returning, so after an SSH drop the loop would never
/// look at the signal flag again and would spin at full CPU, deaf even to
/// SIGTERM. This thread makes sure that a signal the loop has not taken within
/// about a second, or a standard input that is no longer a terminal, ends the
/// process the way [`hang_up`] would: recovery file from the snapshot, exit.
fn spawn_watchdog(signal: Arc<AtomicUsize>, lock: Option<PathBuf>) {
    use std::io::IsTerminal;
    let watch = move || {
        let (mut pending, mut gone) = (0u32, 0u32);
        loop {
            std::thread::sleep(POLL);
            let sig = signal.load(Ordering::SeqCst);
            pending = if sig == 0 { 0 } else { pending + 1 };
            gone = if std::io::stdin().is_terminal() {
                0
            } else {
                gone + 1
            };
            if pending >= 3 || gone >= 3 {
                let note = write_snapshot();
                ratatui::restore();
                if let Some(n) = note {
                    note_on_stderr(&n);
                }
                // process::exit skips destructors: release the board by hand.
                if let Some(lock) = &lock {
                    let _ = std::fs::remove_file(lock);
                }
                let code = if sig == 0 { 2 } else { 128 + sig as i32 };
                std::process::exit(code);
            }
        }
    };
    let _ = std::thread::Builder::new()
        .name("cchc-watchdog".to_owned())
        .spawn(watch);
}

/// Leaves after a hang-up, signal or dead terminal: unsaved edits go to the
/// recovery file, never into the board.
fn hang_up(app: &App, file: &BoardFile, why: &str) {
    ratatui::restore();
    if app.is_dirty() {
        match storage::write_recovery(&file.path, &app.board) {
            Ok(p) => note_on_stderr(&format!(
                "cchc: {why}: unsaved changes written to {}",
                p.display()
            )),
            Err(e) => note_on_stderr(&format!(
                "cchc: {why}: could not write the recovery file: {e}"
            )),
        }
    }
}

/// After a hang-up stderr is often the dead terminal: `eprintln!` would panic
/// there (and abort, inside the panic hook), so write errors are ignored.
fn note_on_stderr(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Ctrl-Z: give the terminal back, stop, and repaint when continued.
fn suspend(terminal: ratatui::DefaultTerminal) -> Result<ratatui::DefaultTerminal, String> {
    drop(terminal);
    ratatui::restore();
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
    let mut t = ratatui::try_init().map_err(|e| format!("cannot restart the terminal: {e}"))?;
    let _ = t.clear();
    Ok(t)
}

/// `e`: the task as YAML in `$VISUAL`/`$EDITOR`; reopened with the error as a
/// comment until it is valid; an unchanged or emptied file changes nothing.
fn edit_task(
    terminal: ratatui::DefaultTerminal,
    board: &Board,
    task: crate::domain::Task,
    msgs: &mut Vec<Msg>,
) -> Result<ratatui::DefaultTerminal, String> {
    drop(terminal);
    ratatui::restore();
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_owned());
    let mut error: Option<String> = None;
    let outcome = loop {
        let text = storage::task_to_yaml(&task, error.as_deref());
        let tmp = match tempfile::Builder::new()
            .prefix("cchc-task-")
            .suffix(".yaml")
            .tempfile()
        {
            Ok(t) => t,
            Err(e) => break Some(Err(format!("cannot create a temporary file: {e}"))),
        };
        if let Err(e) = std::fs::write(tmp.path(), &text) {
            break Some(Err(format!("cannot write a temporary file: {e}")));
        }
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("cchc-editor")
            .arg(tmp.path())
            .status();
        match status {
            Ok(s) if s.success() => {}
            Ok(_) => break None,
            Err(e) => break Some(Err(format!("cannot run the editor `{editor}`: {e}"))),
        }
        let edited = std::fs::read_to_string(tmp.path()).unwrap_or_default();
        if edited == text || edited.trim().is_empty() {
            break None;
        }
        match storage::task_from_yaml(&edited, &task, board) {
            Ok(t) => break Some(Ok(Box::new(t))),
            Err(e) => error = Some(e),
        }
    };
    if let Some(result) = outcome {
        msgs.push(Msg::Edited(result));
    }
    let mut t = ratatui::try_init().map_err(|e| format!("cannot restart the terminal: {e}"))?;
    let _ = t.clear();
    Ok(t)
}

/// Git work, always on a thread of its own so that a slow hook, a network
/// push or a large repository never delays a key press; outcomes come back as
/// messages that the loop picks up.
struct GitWorker {
    board: PathBuf,
    tx: std::sync::mpsc::Sender<Msg>,
    results: std::sync::mpsc::Receiver<Msg>,
}

enum GitJob {
    RawDiff,
    Commit(String),
    Pull,
    Push,
}

impl GitWorker {
    fn new(board: &Path) -> GitWorker {
        let (tx, results) = std::sync::mpsc::channel();
        GitWorker {
            board: board.to_owned(),
            tx,
            results,
        }
    }

    /// Recomputes the header's git state (status, upstream, HEAD's board).
    fn refresh(&self) {
        let (board, tx) = (self.board.clone(), self.tx.clone());
        std::thread::spawn(move || {
            let _ = tx.send(Msg::Git(git_info(&board)));
        });
    }

    fn job(&self, job: GitJob) {
        let (board, tx) = (self.board.clone(), self.tx.clone());
        std::thread::spawn(move || {
            let repo = match crate::git::Repo::discover(&board) {
                Ok(r) => r,
                Err(e) => {
                    let _ = tx.send(Msg::GitDone(Err(e.to_string())));
                    return;
                }
            };
            let done = |r: Result<String, crate::git::GitError>, what: &str| {
                Msg::GitDone(
                    r.map(|m| format!("{what} {}", first_line(&m)))
                        .map_err(|e| e.to_string()),
                )
            };
            let msg = match job {
                GitJob::RawDiff => Msg::RawDiff(repo.raw_diff().unwrap_or_else(|e| e.to_string())),
                GitJob::Commit(message) => done(repo.commit(&message), "committed"),
                GitJob::Pull => done(repo.pull_ff_only(), "pulled:"),
                GitJob::Push => done(repo.push(), "pushed:"),
            };
            let refresh = !matches!(msg, Msg::RawDiff(_));
            let _ = tx.send(msg);
            if refresh {
                let _ = tx.send(Msg::Git(git_info(&board)));
            }
        });
    }
}

fn git_info(board: &Path) -> app::GitInfo {
    let repo = match crate::git::Repo::discover(board) {
        Ok(r) => r,
        Err(e) => return app::GitInfo::Unavailable(e.to_string()),
    };
    let status = repo.status().unwrap_or_default();
    let head = repo
        .show("HEAD")
        .ok()
        .flatten()
        .and_then(|bytes| storage::parse(Path::new("HEAD"), bytes).ok())
        .map(|f| Box::new(f.board));
    app::GitInfo::Repo {
        head,
        branch: status.branch,
        upstream: status.upstream,
        ahead: status.ahead,
        behind: status.behind,
    }
}

/// Cheap change detection for the board file: stat first, bytes only when the
/// stat data moved, a parse only when the bytes differ from what we hold.
struct Watch {
    path: PathBuf,
    stamp: Option<(u64, Option<SystemTime>, u64)>,
}

impl Watch {
    fn new(path: &Path) -> Watch {
        Watch {
            path: path.to_owned(),
            stamp: stamp(path),
        }
    }

    /// After our own write or reload: the file is what we hold.
    fn restamp(&mut self) {
        self.stamp = stamp(&self.path);
    }

    /// `Some(Ok(file))` when the board on disk changed and loads,
    /// `Some(Err(notice))` when it changed and does not.
    fn poll(&mut self, file: &BoardFile) -> Option<Result<BoardFile, String>> {
        let now = stamp(&self.path);
        if now == self.stamp {
            return None;
        }
        self.stamp = now;
        let bytes = std::fs::read(&self.path).ok()?;
        if bytes == file.original() {
            return None;
        }
        Some(storage::parse(&self.path, bytes).map_err(|e| {
            format!(
                "the board changed on disk and does not load now: {}",
                first_line(&e.to_string())
            )
        }))
    }
}

fn stamp(path: &Path) -> Option<(u64, Option<SystemTime>, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok(), m.ino()))
}

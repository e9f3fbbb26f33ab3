//! Leaving safely on every path: the recovery snapshot for the panic hook,
//! the watchdog for terminals that stop answering, hang-ups, and Ctrl-Z.

use super::POLL;
use crate::app::App;
use crate::domain::Board;
use crate::storage::{self, BoardFile};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The unsaved board, for the panic hook (which cannot reach the loop's state).
static UNSAVED: Mutex<Option<(PathBuf, Board)>> = Mutex::new(None);

/// Keeps the latest unsaved board where the panic hook can find it.
pub(super) fn snapshot(app: &App, path: &Path) {
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

pub(super) fn install_panic_hook() {
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
pub(super) fn spawn_watchdog(signal: Arc<AtomicUsize>, lock: Option<PathBuf>) {
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
pub(super) fn hang_up(app: &App, file: &BoardFile, why: &str) {
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
pub(super) fn suspend(
    terminal: ratatui::DefaultTerminal,
) -> Result<ratatui::DefaultTerminal, String> {
    drop(terminal);
    ratatui::restore();
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
    let mut t = ratatui::try_init().map_err(|e| format!("cannot restart the terminal: {e}"))?;
    let _ = t.clear();
    Ok(t)
}

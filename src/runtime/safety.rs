//! Leaving safely on every path: the recovery file from the panic hook, the
//! watchdog for a loop that cannot leave by itself, and the journal's last
//! write when the loop leaves after a hang-up, a signal or a dead terminal.

use super::editor;
use super::events::restore_terminal;
use super::journal::Journal;
use crate::app::App;
use crate::storage::BoardFile;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn write_snapshot() -> Option<String> {
    Some(match super::journal::write_latest()? {
        Ok(p) => format!("cchc: unsaved changes were written to {}", p.display()),
        Err(e) => format!("cchc: could not write the recovery file: {e}"),
    })
}

/// Journal first, then the terminal back (errors ignored), then the message.
pub(super) fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let note = write_snapshot();
        editor::end_running();
        restore_terminal();
        previous(info);
        if let Some(n) = note {
            note_on_stderr(&n);
        }
    }));
}

/// How often the watchdog looks.
const TICK: Duration = Duration::from_millis(100);
/// How long a signal may wait for the loop (which takes it within a poll
/// interval, at once when it waits for input) before the watchdog leaves.
const PATIENCE: u32 = 8;
/// … and once the loop is on its way out (ending the editor, journalling).
const PATIENCE_LEAVING: u32 = 40;

static LEAVING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The loop has started to leave by itself: the watchdog gives it longer.
pub(super) fn leaving() {
    LEAVING.store(true, Ordering::SeqCst);
}

/// The loop can be stuck where it cannot see the signal flag (crossterm's
/// reader spins forever on a terminal that hung up under it, between the
/// loop's own hang-up check and its read). This thread makes sure that a
/// signal the loop has not taken within [`PATIENCE`] ticks, or a standard
/// input that is no longer a terminal for as long, ends the process the way
/// the loop would: the editor ended, recovery file from the journal's newest
/// state, the terminal restored, the lock removed, exit 128+n (129 for a terminal gone).
pub(super) fn spawn_watchdog(signal: Arc<AtomicUsize>, lock: Option<PathBuf>) {
    use std::io::IsTerminal;
    let watch = move || {
        let (mut pending, mut gone) = (0u32, 0u32);
        loop {
            std::thread::sleep(TICK);
            let sig = signal.load(Ordering::SeqCst);
            pending = if sig == 0 { 0 } else { pending + 1 };
            gone = if std::io::stdin().is_terminal() {
                0
            } else {
                gone + 1
            };
            let patience = if LEAVING.load(Ordering::SeqCst) {
                PATIENCE_LEAVING
            } else {
                PATIENCE
            };
            if pending >= patience || gone >= patience {
                editor::end_running();
                let note = write_snapshot();
                restore_terminal();
                if let Some(n) = note {
                    note_on_stderr(&n);
                }
                // process::exit skips destructors: release the board by hand.
                if let Some(lock) = &lock {
                    let _ = std::fs::remove_file(lock);
                }
                // A terminal that is gone hung up: 129, as SIGHUP.
                let code = if sig == 0 { 129 } else { 128 + sig as i32 };
                std::process::exit(code);
            }
        }
    };
    let _ = std::thread::Builder::new()
        .name("cchc-watchdog".to_owned())
        .spawn(watch);
}

/// The journal's last word when the loop leaves after a hang-up, signal or
/// dead terminal: unsaved edits go to the recovery file, never into the
/// board. Returns the note for stderr, to print once the terminal is
/// restored.
pub(super) fn journal_now(
    app: &App,
    file: &BoardFile,
    journal: &mut Option<Journal>,
    why: &str,
) -> Option<String> {
    if !app.is_dirty() {
        return None;
    }
    let written = match journal {
        Some(j) => j.write_now(&app.board, &file.board),
        None => Err(std::io::Error::other(
            "another session holds the board, which keeps its own",
        )),
    };
    Some(match written {
        Ok(p) => format!("cchc: {why}: unsaved changes written to {}", p.display()),
        Err(e) => format!("cchc: {why}: could not write the recovery file: {e}"),
    })
}

/// After a hang-up stderr is often the dead terminal: `eprintln!` would panic
/// there (and abort, inside the panic hook), so write errors are ignored.
pub(super) fn note_on_stderr(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{text}");
}

//! Leaving safely on every path: the recovery file from the panic hook,
//! the watchdog for terminals that stop answering, hang-ups, and Ctrl-Z.

use super::POLL;
use super::journal::Journal;
use crate::app::App;
use crate::storage::BoardFile;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn write_snapshot() -> Option<String> {
    Some(match super::journal::write_latest()? {
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
/// Returns the note for stderr, to print once the terminal is restored.
pub(super) fn hang_up(
    app: &App,
    file: &BoardFile,
    journal: &mut Option<Journal>,
    why: &str,
) -> Option<String> {
    ratatui::restore();
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

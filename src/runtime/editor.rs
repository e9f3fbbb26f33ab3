//! `e`: editing one task in the user's editor, as a YAML snippet.
//!
//! The editor is a child of the board and does not outlive it: when the board
//! has to leave while the editor is open (a hang-up, a signal, the terminal
//! gone), the editor and everything it started get SIGHUP, then SIGTERM, and
//! what it had written so far is kept: applied as an unsaved edit (which the
//! leave path journals) when it is a valid task, else kept in a file that the
//! exit note names.

use super::events::Events;
use crate::app::Msg;
use crate::domain::Board;
use crate::storage;
use std::os::unix::process::ExitStatusExt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The editor the user asked for: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn from_env() -> String {
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    set("VISUAL")
        .or_else(|| set("EDITOR"))
        .unwrap_or_else(|| "vi".to_owned())
}

/// Why the board has to leave while (or right after) the editor ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stop {
    /// This signal arrived (taken from the flag).
    Signal(usize),
    /// The terminal went away (hung up) while the editor ran.
    Gone,
    /// The terminal could not be taken back after the editor.
    NoRestart(String),
}

/// What came of `e`.
pub(super) struct Edited {
    /// The outcome for the app (a valid task, or an error to show).
    pub(super) msg: Option<Msg>,
    /// The board must leave now.
    pub(super) stop: Option<Stop>,
    /// Where an unusable edit-in-progress was kept, for the exit note.
    pub(super) kept: Option<String>,
}

/// The editor's process while it runs, for the watchdog (which ends the
/// process without going through the loop).
static RUNNING: Mutex<Option<u32>> = Mutex::new(None);

fn set_running(pid: Option<u32>) {
    if let Ok(mut r) = RUNNING.lock() {
        *r = pid;
    }
}

/// Ends the editor if one is open (the watchdog's exit).
pub(super) fn end_running() {
    let pid = RUNNING.try_lock().ok().and_then(|r| *r);
    if let Some(pid) = pid {
        end_tree(pid, &mut Vec::new(), |_| false);
    }
}

/// How long the editor has for each signal before the next one.
const GRACE: Duration = Duration::from_millis(500);
/// How often the board looks at its signal flag and terminal meanwhile.
const TICK: Duration = Duration::from_millis(50);

/// `e`: the task as YAML in the editor; after an invalid edit, the user's
/// text is reopened with the error as a comment on top, until it is valid; an
/// unchanged or emptied file, or an editor that fails, changes nothing (after
/// a failed edit, the user's text is kept in a file and named).
pub(super) fn edit_task<E: Events>(
    events: &mut E,
    editor: &str,
    board: &Board,
    task: crate::domain::Task,
    signal: &AtomicUsize,
) -> Edited {
    events.release();
    // What the editor opens: the task, then after a failed edit the user's own
    // text with the error on top (never the original task again).
    let mut text = storage::task_to_yaml(&task, None);
    let mut failed = false;
    let mut stop = None;
    let mut kept = None;
    let outcome = loop {
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
        let child = std::process::Command::new("sh")
            .arg("-c")
            // `exec`: the editor itself is the child (ended directly when the
            // board has to leave), not a shell that a hang-up kills first.
            .arg(format!("exec {editor} \"$1\""))
            .arg("cchc-editor")
            .arg(tmp.path())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => break Some(Err(format!("cannot run the editor `{editor}`: {e}"))),
        };
        set_running(Some(child.id()));
        let pid = child.id();
        // Everything the editor started, as seen so far: once the shell that
        // ran it is gone, an editor is no longer its descendant.
        let mut known: Vec<u32> = Vec::new();
        let status = loop {
            let exited = child.try_wait();
            // A hang-up kills the shell that ran the editor at the moment it
            // reaches the board: an editor killed by SIGHUP is a stop too.
            let hung_up = matches!(&exited, Ok(Some(s)) if s.signal() == Some(1));
            let sig = signal.swap(0, Ordering::SeqCst);
            if sig != 0 || hung_up || !events.connected() {
                super::safety::leaving();
                stop = Some(match sig {
                    0 if hung_up => Stop::Signal(1),
                    0 => Stop::Gone,
                    sig => Stop::Signal(sig),
                });
                end_tree(pid, &mut known, |_| matches!(child.try_wait(), Ok(Some(_))));
                break Err(std::io::Error::other("ended"));
            }
            match exited {
                Ok(Some(s)) => break Ok(s),
                Ok(None) => {}
                Err(e) => break Err(e),
            }
            add_new(&mut known, descendants(pid));
            std::thread::sleep(TICK);
        };
        set_running(None);
        let edited = std::fs::read_to_string(tmp.path()).unwrap_or_default();
        if stop.is_some() {
            // Leaving: keep what the editor had written so far.
            if edited == text || edited.trim().is_empty() {
                break None;
            }
            match storage::read_edited(&edited, &task, board) {
                Ok(t) => break Some(Ok(Box::new(t))),
                Err(_) => {
                    kept = Some(match tmp.keep() {
                        Ok((_, path)) => format!("the edit in progress is in {}", path.display()),
                        Err(e) => format!("the edit in progress could not be kept: {e}"),
                    });
                    break None;
                }
            }
        }
        let cancelled = match status {
            Ok(s) => !s.success() || edited == text || edited.trim().is_empty(),
            Err(e) => break Some(Err(format!("cannot run the editor `{editor}`: {e}"))),
        };
        if cancelled {
            // After a failed edit the file holds what the user typed: keep it
            // (unless they emptied it on purpose) and say where.
            if failed && !edited.trim().is_empty() {
                break Some(Err(match tmp.keep() {
                    Ok((_, path)) => {
                        format!("edit cancelled; your text is kept in {}", path.display())
                    }
                    Err(e) => format!("edit cancelled; could not keep your text: {e}"),
                }));
            }
            break None;
        }
        match storage::read_edited(&edited, &task, board) {
            Ok(t) => break Some(Ok(Box::new(t))),
            Err(reopen) => {
                text = reopen;
                failed = true;
            }
        }
    };
    if stop.is_none()
        && let Err(e) = events.reclaim()
    {
        stop = Some(Stop::NoRestart(e.to_string()));
    }
    Edited {
        msg: outcome.map(Msg::Edited),
        stop,
        kept,
    }
}

/// Ends a process and everything it started: SIGHUP (what a terminal's
/// hang-up sends; editors save their swap files on it), then SIGTERM to what
/// is left; `done` tells when the direct child has been reaped.
fn end_tree(pid: u32, known: &mut Vec<u32>, mut done: impl FnMut(u32) -> bool) {
    use rustix::process::{Pid, Signal, kill_process};
    for sig in [Signal::HUP, Signal::TERM] {
        add_new(known, descendants(pid));
        known.retain(|&p| p == pid || alive(p));
        for &p in known.iter() {
            if let Some(p) = i32::try_from(p).ok().and_then(Pid::from_raw) {
                let _ = kill_process(p, sig);
            }
        }
        let start = Instant::now();
        while start.elapsed() < GRACE {
            if done(pid) && known.iter().all(|&p| p == pid || !alive(p)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn add_new(known: &mut Vec<u32>, found: Vec<u32>) {
    for p in found {
        if !known.contains(&p) {
            known.push(p);
        }
    }
}

/// `pid` and its descendants, from `/proc`.
fn descendants(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
                .filter_map(|p| Some((p, parent(p)?)))
                .collect()
        })
        .unwrap_or_default();
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let of = tree[i];
        tree.extend(parents.iter().filter(|&&(_, pp)| pp == of).map(|&(p, _)| p));
        i += 1;
    }
    tree
}

fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let close = text.rfind(')')?;
    Some(
        text[close + 1..]
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    )
}

fn parent(pid: u32) -> Option<u32> {
    stat_fields(pid)?.get(1)?.parse().ok()
}

/// Alive and not a zombie.
fn alive(pid: u32) -> bool {
    stat_fields(pid)
        .and_then(|f| f.first().cloned())
        .is_some_and(|s| s != "Z" && s != "X")
}

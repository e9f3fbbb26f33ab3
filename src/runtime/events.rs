//! What the loop reads from the terminal, and the terminal's modes.
//!
//! The loop ([`super::Session::run`]) is generic over this and over ratatui's
//! `Backend`, so that it runs in-process with a `TestBackend` and scripted
//! events (`tests/runtime_loop.rs`) as it runs on a real terminal with
//! [`Crossterm`].

use crossterm::event::Event;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The terminal as the loop sees it.
pub trait Events {
    /// The next event, waiting at most `timeout`; `Ok(None)` when none came
    /// (or a signal interrupted the wait: the loop looks at its flags then).
    /// An error means the terminal is gone.
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>>;

    /// Gives the terminal back (cooked mode, normal screen, cursor shown),
    /// before the editor, a suspend, and on leaving. Never fails: errors
    /// (a terminal already gone) are ignored.
    fn release(&mut self) {}

    /// Takes the terminal again after [`Events::release`].
    fn reclaim(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// Stops the process until it is continued (`Ctrl-z`), between
    /// [`Events::release`] and [`Events::reclaim`].
    fn stop(&mut self) {}

    /// Whether the terminal is still there (checked while the editor runs).
    fn connected(&mut self) -> bool {
        true
    }

    /// Each frame the loop has drawn (for tests that look at the screen).
    fn drawn(&mut self, _frame: &ratatui::buffer::Buffer) {}
}

/// The real terminal, through crossterm.
///
/// crossterm's reader never returns from a terminal that has hung up (it
/// reads 0 bytes or EIO in a loop), so the waiting is done here with
/// `poll(2)` on standard input: a hang-up is seen as `POLLHUP` and reported as
/// an error before crossterm is asked to read, and a signal (SIGHUP, SIGTERM,
/// SIGWINCH) interrupts the wait at once instead of after a poll interval.
pub struct Crossterm {
    resized: Arc<AtomicBool>,
}

impl Crossterm {
    pub fn new() -> io::Result<Crossterm> {
        let resized = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(signal_hook::consts::SIGWINCH, Arc::clone(&resized))?;
        Ok(Crossterm { resized })
    }

    /// Waits for standard input: `Ok(true)` readable, `Ok(false)` timed out
    /// or interrupted, `Err` hung up.
    fn wait(timeout: Duration) -> io::Result<bool> {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        use std::os::fd::AsFd;
        let stdin = io::stdin();
        let fd = stdin.as_fd();
        let mut fds = [PollFd::new(&fd, PollFlags::IN)];
        let t = Timespec::try_from(timeout).unwrap_or(Timespec {
            tv_sec: 1,
            tv_nsec: 0,
        });
        match poll(&mut fds, Some(&t)) {
            Ok(0) => Ok(false),
            Ok(_) => {
                let got = fds[0].revents();
                if got.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                    Err(io::Error::new(
                        io::ErrorKind::BrokenPipe,
                        "the terminal hung up",
                    ))
                } else {
                    Ok(true)
                }
            }
            Err(rustix::io::Errno::INTR) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

impl Events for Crossterm {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        // A hang-up first: crossterm would spin on it.
        Self::wait(Duration::ZERO)?;
        // Events crossterm has already read (a paste, several keys at once).
        if crossterm::event::poll(Duration::ZERO)? {
            return crossterm::event::read().map(Some);
        }
        let readable = Self::wait(timeout)?;
        if self.resized.swap(false, Ordering::SeqCst) {
            let (w, h) = crossterm::terminal::size()?;
            return Ok(Some(Event::Resize(w, h)));
        }
        if readable && crossterm::event::poll(Duration::ZERO)? {
            return crossterm::event::read().map(Some);
        }
        Ok(None)
    }

    fn release(&mut self) {
        restore_terminal();
    }

    fn reclaim(&mut self) -> io::Result<()> {
        crossterm::terminal::enable_raw_mode()?;
        crossterm::execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)
    }

    fn stop(&mut self) {
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
    }

    fn connected(&mut self) -> bool {
        use std::io::IsTerminal;
        io::stdin().is_terminal() && Self::wait(Duration::ZERO).is_ok()
    }
}

/// Cooked mode, the normal screen, the cursor shown; every error ignored
/// (`ratatui::restore` reports them with `eprintln!`, which panics on a dead
/// stderr and, inside a panic hook, aborts).
pub(super) fn restore_terminal() {
    use crossterm::{cursor::Show, terminal::LeaveAlternateScreen};
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(io::stdout(), LeaveAlternateScreen, Show);
}

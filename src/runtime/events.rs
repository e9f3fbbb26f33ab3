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

    /// A handle that ends a [`Events::next`] wait early from another thread,
    /// so that a background result (the header's git state) is shown at once
    /// rather than after the poll interval. `None`: waits are not woken.
    fn waker(&mut self) -> Option<Waker> {
        None
    }
}

/// Ends the loop's current (or next) wait for events; cheap, callable from
/// any thread, any number of times.
#[derive(Clone)]
pub struct Waker(Arc<dyn Fn() + Send + Sync>);

impl Waker {
    pub fn new(wake: impl Fn() + Send + Sync + 'static) -> Waker {
        Waker(Arc::new(wake))
    }

    pub fn wake(&self) {
        (self.0)();
    }
}

/// The real terminal, through crossterm.
///
/// crossterm's reader never returns from a terminal that has hung up (it
/// reads 0 bytes or EIO in a loop), so the waiting is done here with
/// `poll(2)` on standard input: a hang-up is seen as `POLLHUP` and reported as
/// an error before crossterm is asked to read, and a signal (SIGHUP, SIGTERM,
/// SIGWINCH) interrupts the wait at once instead of after a poll interval.
///
/// A [`Waker`] writes a byte to a socket pair whose other end is polled with
/// standard input (the self-pipe trick), so a wake ends the wait at once.
pub struct Crossterm {
    resized: Arc<AtomicBool>,
    wake_rx: std::os::unix::net::UnixStream,
    wake_tx: std::os::unix::net::UnixStream,
}

impl Crossterm {
    pub fn new() -> io::Result<Crossterm> {
        let resized = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(signal_hook::consts::SIGWINCH, Arc::clone(&resized))?;
        let (wake_rx, wake_tx) = std::os::unix::net::UnixStream::pair()?;
        wake_rx.set_nonblocking(true)?;
        wake_tx.set_nonblocking(true)?;
        Ok(Crossterm {
            resized,
            wake_rx,
            wake_tx,
        })
    }

    /// Empties the wake socket (any number of wakes is one).
    fn drain_wakes(&self) {
        use std::io::Read;
        let mut buf = [0u8; 64];
        while matches!((&self.wake_rx).read(&mut buf), Ok(n) if n > 0) {}
    }

    /// Waits for standard input: `Ok(true)` readable, `Ok(false)` timed out,
    /// interrupted or woken, `Err` hung up.
    fn wait(&self, timeout: Duration) -> io::Result<bool> {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        use std::os::fd::AsFd;
        let stdin = io::stdin();
        let fd = stdin.as_fd();
        let wake = self.wake_rx.as_fd();
        let mut fds = [
            PollFd::new(&fd, PollFlags::IN),
            PollFd::new(&wake, PollFlags::IN),
        ];
        let t = Timespec::try_from(timeout).unwrap_or(Timespec {
            tv_sec: 1,
            tv_nsec: 0,
        });
        match poll(&mut fds, Some(&t)) {
            Ok(0) => Ok(false),
            Ok(_) => {
                if !fds[1].revents().is_empty() {
                    self.drain_wakes();
                }
                let got = fds[0].revents();
                if got.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                    Err(io::Error::new(
                        io::ErrorKind::BrokenPipe,
                        "the terminal hung up",
                    ))
                } else {
                    Ok(got.contains(PollFlags::IN))
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
        self.wait(Duration::ZERO)?;
        // Events crossterm has already read (a paste, several keys at once).
        if crossterm::event::poll(Duration::ZERO)? {
            return crossterm::event::read().map(Some);
        }
        let readable = self.wait(timeout)?;
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
        io::stdin().is_terminal() && self.wait(Duration::ZERO).is_ok()
    }

    fn waker(&mut self) -> Option<Waker> {
        let tx = self.wake_tx.try_clone().ok()?;
        Some(Waker::new(move || {
            use std::io::Write;
            // A full socket already holds a wake: nothing is lost.
            let _ = (&tx).write(&[1]);
        }))
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

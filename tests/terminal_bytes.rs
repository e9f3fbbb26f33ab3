//! Bytes written to the terminal for one cursor move at 80×24: ratatui sends
//! only the cells that changed, and the board must keep a move small, since
//! every byte crosses the SSH link. (A size budget, not a timing.)

use cchc::app::{App, Msg, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Clone, Default)]
struct Counter(Arc<AtomicUsize>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len(), Ordering::SeqCst);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn app() -> App {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/boards/so-xay-dung-nam-dinh-2024.yaml"
    );
    let file = cchc::storage::load(std::path::Path::new(path)).expect("shipped board");
    App::new(file.board, "2024-04-02".parse().expect("date"))
}

/// Bytes written by the draw that follows each key, after a first full draw.
fn bytes_per_key(keys: &[KeyCode]) -> Vec<usize> {
    let counter = Counter::default();
    let backend = CrosstermBackend::new(counter.clone());
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
    };
    let mut terminal = Terminal::with_options(backend, options).expect("terminal");
    let mut app = app();
    let theme = cchc::ui::Theme::new(true);
    terminal
        .draw(|f| cchc::ui::render(&app, f, theme))
        .expect("first draw");
    let full = counter.0.swap(0, Ordering::SeqCst);
    assert!(
        full > 1000,
        "the first frame draws the whole screen ({full} bytes)"
    );
    keys.iter()
        .map(|&code| {
            update(&mut app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            terminal
                .draw(|f| cchc::ui::render(&app, f, theme))
                .expect("draw");
            counter.0.swap(0, Ordering::SeqCst)
        })
        .collect()
}

#[test]
fn a_cursor_move_writes_under_600_bytes() {
    // Down twice within the lane, across the empty columns and back (to the
    // same row), up. A move redraws two wrapped cards (the one left and the
    // one selected) and the selected card's line under the board: the
    // budget is issue 12's 600 bytes at 80×24.
    let keys = [
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Right,
        KeyCode::Left,
        KeyCode::Up,
    ];
    let bytes = bytes_per_key(&keys);
    eprintln!("bytes per key {keys:?}: {bytes:?}");
    for (key, n) in keys.iter().zip(&bytes) {
        assert!(*n > 0, "{key:?} changed nothing on screen");
        assert!(*n < 600, "{key:?} wrote {n} bytes: {bytes:?}");
    }
}

#[test]
fn a_key_that_changes_nothing_writes_no_cells() {
    // `g` on the first card: the screen is already right; only ratatui's
    // cursor bookkeeping (hide, position) goes out, no cell content.
    let bytes = bytes_per_key(&[KeyCode::Char('g')]);
    assert!(bytes[0] < 32, "{bytes:?}");
}

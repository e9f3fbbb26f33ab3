//! Bytes written to the terminal for one key at 80×24: ratatui sends only
//! the cells that changed, and the board must keep a cursor move and a card
//! move small, since every byte crosses the SSH link. (A size budget, not a
//! timing.) Drawn as the runtime draws: its backend (`runtime::screen`), one
//! terminal, one `ui::Memory`.

use cchc::app::{App, Msg, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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

mod tui_support;

/// Bytes written by the draw that follows each key, after a first full draw
/// of the shipped board.
fn bytes_per_key(keys: &[KeyCode]) -> Vec<usize> {
    bytes_per_key_on(tui_support::shipped_app(), keys)
}

fn bytes_per_key_on(mut app: App, keys: &[KeyCode]) -> Vec<usize> {
    let counter = Counter::default();
    let backend = cchc::runtime::screen::Frugal::new(counter.clone());
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
    };
    let mut terminal = Terminal::with_options(backend, options).expect("terminal");
    let theme = cchc::ui::Theme::new(true);
    let mut memory = cchc::ui::Memory::default();
    terminal
        .draw(|f| cchc::ui::render_with(&app, f, theme, &mut memory))
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
                .draw(|f| cchc::ui::render_with(&app, f, theme, &mut memory))
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

#[test]
fn a_card_move_writes_under_600_bytes() {
    // Lane I with cards in every column of the board, #4 selected: to In
    // Progress, to Done, and back twice. A move redraws the cards under the
    // one that left (they move up), those under it where it arrives, the
    // column counts and the lane's done count; the lane keeps its height and
    // its cards their lines, so the lanes below stay put (`ui::Memory`).
    // Laid out afresh, #4's first move let every card of the lane wrap to
    // three lines: 2,310 bytes.
    use tui_support::*;
    let app = every_column_held();
    let keys = [KeyCode::Char('L'); 2]
        .into_iter()
        .chain([KeyCode::Char('H'); 2])
        .collect::<Vec<_>>();
    let bytes = bytes_per_key_on(app, &keys);
    eprintln!("bytes per card move {keys:?}: {bytes:?}");
    for (key, n) in keys.iter().zip(&bytes) {
        assert!(*n > 0, "{key:?} changed nothing on screen");
        assert!(*n < 600, "{key:?} wrote {n} bytes: {bytes:?}");
    }
}

#[test]
fn a_move_that_opens_a_column_for_the_board_writes_under_1100_bytes() {
    // #1 is the board's first card in progress: In Progress opens from its
    // 5 columns to a share of the width, and every column is laid out again
    // (issue 9's legible cards; it happens about once per column in a year).
    // The text that re-wraps is about 650 bytes; the rest is cursor moves
    // and colours. crossterm's backend alone wrote 1,273 bytes; writing
    // short unchanged runs again instead of jumping them, 1,072.
    let bytes = bytes_per_key(&[KeyCode::Char('L')]);
    eprintln!("bytes for the move that opens In Progress: {bytes:?}");
    assert!(bytes[0] < 1100, "{bytes:?}");
}

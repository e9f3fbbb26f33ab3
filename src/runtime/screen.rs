//! The bytes a frame costs on the wire: ratatui's crossterm backend, told
//! what the terminal already shows.
//!
//! ratatui sends only the cells that changed, and crossterm's backend moves
//! the cursor (`ESC [ row ; col H`, 6–8 bytes) before every cell that does not
//! follow the one before it. When a card's text re-wraps, most of its cells
//! change but some stay (a space, a shared letter), so a redraw is text cut by
//! cursor moves that each skip one to three cells: in a card move at 80×24,
//! 362 of 1,273 bytes were cursor moves. [`Frugal`] keeps a copy of what the
//! terminal shows and, where a gap between two changed cells on a row would
//! cost fewer bytes to write again than to jump over, and looks as the cell
//! before it (colours and modifiers, so no style sequence is added), sends the
//! gap's cells instead. The terminal ends up showing exactly what it would
//! have: the cells written are the ones already there.
//!
//! It also writes each frame in one `write(2)`: the standard output is
//! line-buffered at 1 KiB, so a frame of more went out in several pieces, each
//! its own packet over SSH, and a slow link could show a frame half drawn.
//!
//! Everything else is crossterm's backend, unchanged (ncurses does the same
//! arithmetic; no crate does it for ratatui). The copy is blank after every
//! clear of the whole screen (ratatui's resize, the runtime after `Ctrl-z` and
//! the editor), and unknown after a partial clear, when no gap is filled.
//! It assumes what ratatui does not diff (cells marked to skip, for images
//! drawn by escape sequences) is not drawn: the board draws no such cell.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::{Position, Rect, Size};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// A frame of the board at 80×24 is 3 KB drawn whole; this holds the largest
/// screens in one write.
const FRAME_BUFFER: usize = 64 * 1024;

/// crossterm's backend over a buffered writer, filling short gaps (see the
/// module docs).
pub struct Frugal<W: Write> {
    inner: CrosstermBackend<io::BufWriter<W>>,
    /// What the terminal shows, as drawn through this backend: blank where
    /// nothing was drawn since the screen was cleared (ratatui assumes the
    /// same of a new terminal's first frame), grown to the cells drawn.
    /// `None` after a clear this backend does not follow or a frame that
    /// failed: then no gap is filled until the screen is cleared whole.
    shown: Option<Buffer>,
}

impl<W: Write> Frugal<W> {
    pub fn new(writer: W) -> Frugal<W> {
        let inner = CrosstermBackend::new(io::BufWriter::with_capacity(FRAME_BUFFER, writer));
        Frugal {
            inner,
            shown: Some(Buffer::empty(Rect::ZERO)),
        }
    }
}

/// `shown` grown, blank, to hold every cell of `updates`.
fn grown(shown: Buffer, updates: &[(u16, u16, &Cell)]) -> Buffer {
    let (w, h) = updates.iter().fold((0u16, 0u16), |(w, h), &(x, y, _)| {
        (w.max(x.saturating_add(1)), h.max(y.saturating_add(1)))
    });
    let area = shown.area;
    if w <= area.width && h <= area.height {
        return shown;
    }
    let mut bigger = Buffer::empty(Rect::new(0, 0, w.max(area.width), h.max(area.height)));
    bigger.merge(&shown);
    bigger
}

/// The cells to send for `updates` (ratatui's changed cells, in order):
/// each of them, and before one that follows another on its row with a gap,
/// the gap's cells from `shown` where that is cheaper (see the module docs).
fn with_gaps_filled<'a>(
    shown: Option<&'a Buffer>,
    updates: &[(u16, u16, &'a Cell)],
) -> Vec<(u16, u16, &'a Cell)> {
    let mut out = Vec::with_capacity(updates.len());
    let mut prev: Option<(u16, u16, &Cell)> = None;
    for &(x, y, cell) in updates {
        if let (Some(shown), Some((px, py, pc))) = (shown, prev)
            && py == y
            && let Some(gap) = gap_to_fill(shown, (px, pc), x, y)
        {
            out.extend(gap.map(|gx| (gx, y, &shown[(gx, y)])));
        }
        out.push((x, y, cell));
        prev = Some((x, y, cell));
    }
    out
}

/// The columns between the cell drawn at `px` and the next at `x` on row
/// `y`, if writing them again is cheaper than moving the cursor over them
/// and needs no style change: every cell one column wide (the backend moves
/// the cursor after a wide one anyway) and styled as the cell before.
fn gap_to_fill(
    shown: &Buffer,
    (px, prev): (u16, &Cell),
    x: u16,
    y: u16,
) -> Option<std::ops::Range<u16>> {
    let start = px.checked_add(1)?;
    if start >= x || prev.symbol().width() != 1 {
        return None;
    }
    let (budget, mut cost) = (cursor_move_bytes(x, y), 0);
    for gx in start..x {
        let cell = shown.cell(Position::new(gx, y))?;
        let plain = cell.diff_option == CellDiffOption::None;
        cost += cell.symbol().len();
        if cost > budget || !plain || cell.symbol().width() != 1 || !same_style(cell, prev) {
            return None;
        }
    }
    Some(start..x)
}

fn same_style(a: &Cell, b: &Cell) -> bool {
    a.fg == b.fg
        && a.bg == b.bg
        && a.underline_color == b.underline_color
        && a.modifier == b.modifier
}

/// The length of `ESC [ row ; col H` (1-based) that crossterm writes.
fn cursor_move_bytes(x: u16, y: u16) -> usize {
    let digits = |n: u16| u32::from(n).saturating_add(1).ilog10() as usize + 1;
    4 + digits(y) + digits(x)
}

impl<W: Write> Backend for Frugal<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let updates: Vec<_> = content.collect();
        self.shown = self.shown.take().map(|s| grown(s, &updates));
        let cells = with_gaps_filled(self.shown.as_ref(), &updates);
        let drawn = self.inner.draw(cells.into_iter());
        match (&drawn, &mut self.shown) {
            (Ok(()), Some(shown)) => {
                for &(x, y, cell) in &updates {
                    remember(shown, x, y, cell);
                }
            }
            // What reached the terminal of a frame that failed is unknown.
            _ => self.shown = None,
        }
        drawn
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.shown = match clear_type {
            ClearType::All => Some(Buffer::empty(Rect::ZERO)),
            _ => None,
        };
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// Records that `cell` is shown at (`x`, `y`); the columns a wide cell
/// covers show it too (as ratatui's buffer resets them).
fn remember(shown: &mut Buffer, x: u16, y: u16, cell: &Cell) {
    let width = cell.symbol().width().max(1) as u16;
    if let Some(c) = shown.cell_mut(Position::new(x, y)) {
        *c = cell.clone();
    }
    for hidden in x.saturating_add(1)..x.saturating_add(width) {
        if let Some(c) = shown.cell_mut(Position::new(hidden, y)) {
            c.reset();
        }
    }
}

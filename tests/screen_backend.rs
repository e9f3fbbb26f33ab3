//! The runtime's backend (`runtime::screen::Frugal`) against a terminal
//! emulator (`vt100`): whatever frames are drawn, the terminal shows each
//! frame's text (wide and combined graphemes too), and its colours, bold and
//! reverse wherever it shows them through crossterm's backend, for no more
//! bytes.

use cchc::runtime::screen::Frugal;
use proptest::prelude::*;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::Write;
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};

const W: u16 = 40;
const H: u16 = 4;
const W_NZ: NonZeroU16 = NonZeroU16::new(W).expect("a width");
const H_NZ: NonZeroU16 = NonZeroU16::new(H).expect("a height");

/// Everything written, and how many `write` calls it took.
#[derive(Clone, Default)]
struct Wire(Arc<Mutex<(Vec<u8>, usize)>>);

impl Write for Wire {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut wire = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        wire.0.extend_from_slice(buf);
        wire.1 += 1;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Wire {
    fn bytes(&self) -> Vec<u8> {
        self.0.lock().map(|w| w.0.clone()).unwrap_or_default()
    }
    fn writes(&self) -> usize {
        self.0.lock().map(|w| w.1).unwrap_or_default()
    }
}

/// Pieces of text a frame is made of: ASCII, precomposed and combining
/// Vietnamese, a wide CJK character, box drawing, spaces.
const PIECES: &[&str] = &[
    "a",
    "b",
    " ",
    "  ",
    "ế",
    "ữ",
    "e\u{301}",
    "漢",
    "─",
    "Quán triệt",
    "…",
];

fn style(i: u8) -> Style {
    match i % 5 {
        0 => Style::default(),
        1 => Style::default().fg(Color::Indexed(1)),
        2 => Style::default().bg(Color::Indexed(4)),
        3 => Style::default().add_modifier(Modifier::BOLD),
        _ => Style::default()
            .fg(Color::Indexed(8))
            .add_modifier(Modifier::REVERSED),
    }
}

/// A frame: per row, pieces of text with a style each, written left to right.
type Frame = Vec<Vec<(usize, u8)>>;

fn frame() -> impl Strategy<Value = Frame> {
    proptest::collection::vec(
        proptest::collection::vec((0..PIECES.len(), 0u8..5), 0..16),
        H as usize,
    )
}

/// A first frame, then frames that each change a few pieces of the one
/// before (as a key changes a few cards), or are new altogether.
fn frames() -> impl Strategy<Value = Vec<Frame>> {
    let edit = (0..H as usize, 0usize..16, 0..PIECES.len(), 0u8..5);
    (
        frame(),
        proptest::collection::vec(
            prop_oneof![4 => proptest::collection::vec(edit, 1..4).prop_map(Some), 1 => Just(None)],
            0..6,
        ),
        proptest::collection::vec(frame(), 6),
    )
        .prop_map(|(first, edits, fresh)| {
            let mut frames = vec![first];
            for (k, edit) in edits.into_iter().enumerate() {
                let mut next = frames[frames.len() - 1].clone();
                match edit {
                    Some(edits) => {
                        for (row, at, piece, style) in edits {
                            if next[row].is_empty() {
                                next[row].push((piece, style));
                            } else {
                                let at = at % next[row].len();
                                next[row][at] = (piece, style);
                            }
                        }
                    }
                    None => next = fresh[k].clone(),
                }
                frames.push(next);
            }
            frames
        })
}

fn paint(buf: &mut Buffer, frame: &Frame) {
    for (y, row) in frame.iter().enumerate() {
        let mut x = 0u16;
        for &(piece, s) in row {
            if x >= W {
                break;
            }
            let (end, _) =
                buf.set_stringn(x, y as u16, PIECES[piece], usize::from(W - x), style(s));
            x = end;
        }
    }
}

/// A cell as a terminal shows it: text, colours, bold, reverse.
type Shown = (String, vt100::Color, vt100::Color, bool, bool);

/// After each frame, each cell as the emulator shows it beside the frame's.
type Screens = Vec<Vec<(Shown, Shown)>>;

/// Draws the frames through `backend`; returns, after each frame, each
/// cell as the emulator shows it beside the frame's cell, and the bytes sent.
fn drive<B: ratatui::backend::Backend>(
    backend: B,
    wire: &Wire,
    frames: &[Frame],
) -> Result<(Screens, usize), TestCaseError> {
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, W, H)),
    };
    let mut terminal =
        Terminal::with_options(backend, options).map_err(|_| TestCaseError::fail("terminal"))?;
    let mut vt = vt100::Parser::new(H_NZ, W_NZ, 0);
    let (mut seen, mut screens) = (0, Vec::new());
    for frame in frames {
        let done = terminal
            .draw(|f| paint(f.buffer_mut(), frame))
            .map_err(|_| TestCaseError::fail("draw"))?;
        let expected = done.buffer.clone();
        let bytes = wire.bytes();
        vt.process(&bytes[seen..]);
        seen = bytes.len();
        screens.push(beside(vt.screen(), &expected)?);
    }
    Ok((screens, seen))
}

fn vt_color(c: Color) -> vt100::Color {
    match c {
        Color::Indexed(i) => vt100::Color::Idx(i),
        _ => vt100::Color::Default,
    }
}

/// Each cell the emulator shows beside the buffer's (the columns a wide
/// character covers left out).
fn beside(screen: &vt100::Screen, buf: &Buffer) -> Result<Vec<(Shown, Shown)>, TestCaseError> {
    let mut cells = Vec::new();
    for y in 0..H {
        let mut x = 0;
        while x < W {
            let got = screen
                .cell(y, x)
                .ok_or_else(|| TestCaseError::fail("no cell"))?;
            let text = match got.contents() {
                "" => " ",
                t => t,
            };
            let want = &buf[(x, y)];
            cells.push((
                (
                    text.to_owned(),
                    got.fgcolor(),
                    got.bgcolor(),
                    got.bold(),
                    got.inverse(),
                ),
                (
                    want.symbol().to_owned(),
                    vt_color(want.fg),
                    vt_color(want.bg),
                    want.modifier.contains(Modifier::BOLD),
                    want.modifier.contains(Modifier::REVERSED),
                ),
            ));
            x += unicode_width::UnicodeWidthStr::width(want.symbol()).max(1) as u16;
        }
    }
    Ok(cells)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_terminal_shows_every_frame_in_no_more_bytes(frames in frames()) {
        let frugal_wire = Wire::default();
        let (frugal, frugal_bytes) = drive(Frugal::new(frugal_wire.clone()), &frugal_wire, &frames)?;
        let plain_wire = Wire::default();
        let (plain, plain_bytes) = drive(CrosstermBackend::new(plain_wire.clone()), &plain_wire, &frames)?;
        // The text is always the frame's; every cell crossterm's backend
        // shows as the frame has it, this one does too. (Not every cell:
        // ratatui does not redraw the cell after a wide character it
        // overwrote with a narrow one, and the terminal blanks that cell in
        // the colours of the moment; this backend may write it again.)
        for (f, (frugal, plain)) in frugal.iter().zip(&plain).enumerate() {
            for (i, ((fg, fw), (pg, pw))) in frugal.iter().zip(plain).enumerate() {
                prop_assert_eq!(&fg.0, &fw.0, "frame {} cell {}", f, i);
                prop_assert_eq!(&pg.0, &pw.0, "frame {} cell {}", f, i);
                if pg == pw {
                    prop_assert_eq!(fg, fw, "frame {} cell {}", f, i);
                }
            }
        }
        prop_assert!(frugal_bytes <= plain_bytes, "{} bytes, crossterm's backend {}", frugal_bytes, plain_bytes);
    }
}

/// What goes out for the second of two frames, painted by `first` and
/// `second`.
fn second_of(first: impl Fn(&mut Buffer), second: impl Fn(&mut Buffer)) -> String {
    let wire = Wire::default();
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, W, H)),
    };
    let mut terminal =
        Terminal::with_options(Frugal::new(wire.clone()), options).expect("terminal");
    terminal.draw(|f| first(f.buffer_mut())).expect("draw");
    wire.0.lock().expect("wire").0.clear();
    terminal.draw(|f| second(f.buffer_mut())).expect("draw");
    String::from_utf8(wire.bytes()).expect("UTF-8")
}

/// What goes out for row 0 changing from `before` to `after`.
fn second_frame(before: &'static str, after: &'static str) -> String {
    let row = |text: &'static str| {
        move |buf: &mut Buffer| {
            buf.set_string(0, 0, text, Style::default());
        }
    };
    second_of(row(before), row(after))
}

#[test]
fn a_rewrapped_line_is_written_through_its_unchanged_cells() {
    // The three cells between the two changes ("riệ", 5 bytes) cost less to
    // write again than to jump over (`ESC [ 1 ; 1 0 H`, 7 bytes): one cursor
    // move, to the first change, then the rest written through.
    let sent = second_frame("Quán triệt", "Quán xriệm");
    assert!(sent.contains("xriệm"), "{sent:?}");
    assert_eq!(sent.matches('H').count(), 1, "{sent:?}");
}

#[test]
fn a_long_unchanged_run_is_jumped_over() {
    // Eleven unchanged cells (12 bytes) cost more than `ESC [ 1 ; 1 4 H`.
    let sent = second_frame("a Quán triệt b", "x Quán triệt y");
    assert_eq!(sent.matches('H').count(), 2, "{sent:?}");
    assert!(!sent.contains("triệt"), "{sent:?}");
}

#[test]
fn a_wide_character_is_jumped_over() {
    // crossterm's backend moves the cursor after a wide character whatever
    // follows, so writing it again would only add its bytes.
    let sent = second_frame("a漢b", "x漢y");
    assert_eq!(sent.matches('H').count(), 2, "{sent:?}");
    assert!(!sent.contains('漢'), "{sent:?}");
}

#[test]
fn an_unchanged_run_in_another_style_is_jumped_over() {
    // Writing the bold "riệ" again would cost a style change each way.
    let around = |last: &'static str| {
        move |buf: &mut Buffer| {
            buf.set_string(0, 0, last, Style::default());
            buf.set_string(1, 0, "riệ", Style::default().add_modifier(Modifier::BOLD));
            buf.set_string(4, 0, last, Style::default());
        }
    };
    let sent = second_of(around("t"), around("m"));
    assert_eq!(sent.matches('H').count(), 2, "{sent:?}");
    assert!(!sent.contains("riệ"), "{sent:?}");
}

#[test]
fn a_frame_goes_out_in_one_write() {
    // The standard output is line-buffered at 1 KiB: a 3 KB frame went out
    // in three writes (three packets over SSH).
    let wire = Wire::default();
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
    };
    let mut terminal =
        Terminal::with_options(Frugal::new(wire.clone()), options).expect("terminal");
    terminal
        .draw(|f| {
            for y in 0..24 {
                f.buffer_mut().set_string(
                    0,
                    y,
                    "Kế hoạch rà soát, hệ thống hóa văn bản ".repeat(3),
                    Style::default(),
                );
            }
        })
        .expect("draw");
    assert!(wire.bytes().len() > 2000, "{}", wire.bytes().len());
    assert_eq!(wire.writes(), 1);
}

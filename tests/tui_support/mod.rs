//! Helpers for the interactive board's tests (`app_update`, `ui_snapshots`):
//! the shipped board at a fixed day, keys as the terminal sends them, and
//! rendering an `App` into a ratatui `TestBackend`.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use cchc::app::{self, App, Effect, Msg};
use cchc::domain::Board;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::path::PathBuf;

/// A day in Q2 2024: the eleven tasks due in Q1 2024 or earlier are overdue
/// (#5, #7, #23, #25, #30, #37, #42 by 2 days; #9 by 79; #12, #36, #38 by 93).
pub fn as_of() -> NaiveDate {
    day(2024, 4, 2)
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

pub fn shipped_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("boards")
        .join("so-xay-dung-nam-dinh-2024.yaml")
}

/// The shipped board, loaded as the binary loads it.
pub fn shipped_board() -> Board {
    cchc::storage::load(&shipped_path())
        .expect("the shipped board loads")
        .board
}

/// The interactive board on the shipped plan at [`as_of`].
pub fn shipped_app() -> App {
    App::new(shipped_board(), as_of())
}

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn shift(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::SHIFT))
}

/// Feeds one message; returns the effects.
pub fn send(app: &mut App, msg: Msg) -> Vec<Effect> {
    app::update(app, msg)
}

/// Feeds several messages; returns every effect, in order.
pub fn send_all(app: &mut App, msgs: impl IntoIterator<Item = Msg>) -> Vec<Effect> {
    msgs.into_iter().flat_map(|m| app::update(app, m)).collect()
}

/// Types text into whatever has the keyboard, one key per character.
pub fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    send_all(app, text.chars().map(ch))
}

/// Puts the cursor on task `id` with the keys a user would press: lanes with
/// `[`/`]`, columns with `h`/`l`, rows with `g`/`j`.
pub fn walk_to(app: &mut App, id: u32) {
    let index = app.task_index(id).expect("task exists");
    let (lane, column, row) = app
        .view
        .lanes
        .iter()
        .enumerate()
        .find_map(|(l, lane)| {
            cchc::schedule::Column::ALL.into_iter().find_map(|c| {
                lane.column(c)
                    .iter()
                    .position(|&i| i == index)
                    .map(|r| (l, c, r))
            })
        })
        .expect("the card is visible");
    // Moves skip lanes and columns without cards, so step until there.
    for _ in 0..app.view.lanes.len() {
        send(app, ch('['));
    }
    for _ in 0..app.view.lanes.len() {
        if app.cursor.lane >= lane {
            break;
        }
        send(app, ch(']'));
    }
    for _ in 0..3 {
        send(app, ch('h'));
    }
    for _ in 0..3 {
        if app.cursor.column >= column {
            break;
        }
        send(app, ch('l'));
    }
    send(app, ch('g'));
    for _ in 0..row {
        send(app, ch('j'));
    }
    assert_eq!(selected_id(app), Some(id), "walked to #{id}");
}

/// The shipped board with a card in every column: #2 and #14 in progress,
/// #3 and #15 done (lane I then holds cards in all four), #4 selected.
pub fn every_column_held() -> App {
    let mut app = shipped_app();
    for (id, moves) in [(2, 1), (3, 2), (14, 1), (15, 2)] {
        walk_to(&mut app, id);
        for _ in 0..moves {
            send(&mut app, ch('L'));
        }
    }
    walk_to(&mut app, 4);
    app
}

/// The id of the selected card.
pub fn selected_id(app: &App) -> Option<u32> {
    app.cursor.task
}

/// Renders the app into a fresh `TestBackend` of the given size.
pub fn render(app: &App, w: u16, h: u16, colour: bool) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|f| cchc::ui::render(app, f, cchc::ui::Theme::new(colour)))
        .expect("drawing to a TestBackend cannot fail");
    terminal
}

/// Row `y` of a buffer as text, one entry per grapheme (the blank cell that
/// follows a double-width character is skipped, as a terminal shows it).
pub fn row_text(buf: &Buffer, y: u16) -> String {
    let mut out = String::new();
    let mut skip = 0usize;
    for x in 0..buf.area.width {
        let cell = &buf[(x, y)];
        if skip == 0 {
            out.push_str(cell.symbol());
        }
        let w = unicode_width::UnicodeWidthStr::width(cell.symbol()).max(1);
        skip = skip.max(w).saturating_sub(1);
    }
    out
}

/// Every row of the buffer as text.
pub fn screen_text(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height).map(|y| row_text(buf, y)).collect()
}

/// The (x, y) of the first cell where `needle` starts, searching row by row.
/// `x` is a column: the needle's first character is in cell `x`.
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let first = needle.chars().next()?;
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if !buf[(x, y)].symbol().starts_with(first) {
                continue;
            }
            let mut text = String::new();
            for xx in x..buf.area.width {
                text.push_str(buf[(xx, y)].symbol());
                if text.len() >= needle.len() {
                    break;
                }
            }
            if text.starts_with(needle) {
                return Some((x, y));
            }
        }
    }
    None
}

/// The screen row that shows card `#id` (status glyph, `#id`, space).
pub fn card_row(buf: &Buffer, id: u32) -> Option<String> {
    let tags = ["○", "◐", "✓"].map(|g| format!("{g}#{id} "));
    screen_text(buf)
        .into_iter()
        .find(|r| tags.iter().any(|t| r.contains(t.as_str())))
}

/// The column rectangles of the board as `app` lays them out on a screen
/// `w` wide (the board's own layout functions: columns sized by content).
fn board_columns(app: &App, w: u16) -> Vec<ratatui::layout::Rect> {
    use cchc::ui::layout::{board_and_pane, column_widths};
    let (board, _) = board_and_pane(w, app.view.counts);
    let mut x = 0;
    column_widths(board, app.view.counts)
        .into_iter()
        .map(|cw| {
            let r = ratatui::layout::Rect::new(x, 0, cw, 1);
            x += cw;
            r
        })
        .collect()
}

/// The first line of card `#id`: its column's cells on that row, from the
/// selection mark to the badge.
pub fn card_text(app: &App, buf: &Buffer, id: u32) -> Option<String> {
    Some(card_lines(app, buf, id)?.remove(0))
}

/// Every line of card `#id`, each as its column shows it (trimmed at the
/// right): the first, then the indented continuation lines.
pub fn card_lines(app: &App, buf: &Buffer, id: u32) -> Option<Vec<String>> {
    all_cards(app, buf).remove(&id)
}

/// Every card on screen: its lines by task id, found in one pass over the
/// buffer (a status glyph followed by `#` and digits starts a card).
pub fn all_cards(app: &App, buf: &Buffer) -> std::collections::HashMap<u32, Vec<String>> {
    let columns = board_columns(app, buf.area.width);
    let (w, h) = (buf.area.width, buf.area.height);
    let cell = |col: &ratatui::layout::Rect, row: u16| {
        let mut out = String::new();
        for cx in col.x..col.right().min(w) {
            out.push_str(buf[(cx, row)].symbol());
        }
        out.trim_end().to_owned()
    };
    let mut found = std::collections::HashMap::new();
    // The focus line and the footer are not cards.
    let last = h.saturating_sub(2);
    for y in 0..last {
        let whole = row_text(buf, y);
        if whole.starts_with(['▾', '▿', '▸']) {
            continue;
        }
        for col in &columns {
            let text = cell(col, y);
            let mut chars = text.chars();
            let (Some(_mark), Some(glyph), Some('#')) = (chars.next(), chars.next(), chars.next())
            else {
                continue;
            };
            if !['○', '◐', '✓'].contains(&glyph) {
                continue;
            }
            let digits: String = chars.take_while(char::is_ascii_digit).collect();
            let Ok(id) = digits.parse::<u32>() else {
                continue;
            };
            let mut lines = vec![text];
            // Continuation lines are indented two columns under the mark.
            for row in y + 1..last {
                let next = cell(col, row);
                let lane_row = row_text(buf, row).starts_with(['▾', '▿', '▸']);
                let marker = next.trim_start().starts_with(['↑', '↓']);
                if next.len() > 2 && next.starts_with("  ") && !lane_row && !marker {
                    lines.push(next);
                } else {
                    break;
                }
            }
            found.insert(id, lines);
        }
    }
    found
}

//! The board body: a column header row, then the nine lanes (swimlanes). The
//! focused lane shows its cards wrapped over up to three lines; other lanes
//! show one-line cards when all of them fit, else a one-line summary (title
//! and the count of each column). Widths and heights come from [`layout`].
//!
//! [`layout`]: super::layout

use super::card::{self, CardSpec};
use super::glyph;
use super::layout::{self, lane_heights, window};
use super::memory::{Key, Memory};
use super::theme::Theme;
use crate::app::App;
use crate::app::view::Lane;
use crate::schedule::Column;
use crate::text::{fit, truncate, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use std::cell::RefCell;
use std::collections::HashMap;

/// Lines each card's title needs at a width, measured once per frame: the
/// layout asks the same card several times (lane heights, the column window,
/// the card itself).
struct Needed<'a> {
    app: &'a App,
    memo: RefCell<HashMap<(usize, usize), usize>>,
}

impl<'a> Needed<'a> {
    fn new(app: &'a App) -> Self {
        Needed {
            app,
            memo: RefCell::new(HashMap::new()),
        }
    }

    fn lines(&self, index: usize, w: usize) -> usize {
        *self
            .memo
            .borrow_mut()
            .entry((index, w))
            .or_insert_with(|| card::lines_needed(self.app, index, w))
    }
}

/// Cards per column looked at to decide how many lines the focused lane's
/// cards get (a long lane scrolls anyway; this bounds the work per frame).
const MEASURED_CARDS: usize = 64;

/// Draws the board body. The focused lane's layout is kept in `memory`
/// while the lane shows the same cards, so that moving a card does not move
/// the lanes (see [`super::memory`]).
pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme, memory: &mut Memory) {
    if area.height < 2 {
        return;
    }
    let head = Rect { height: 1, ..area };
    let lanes_area = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let cols = columns(app, head);
    for (c, rect) in Column::ALL.into_iter().zip(cols.iter()) {
        let n = app.view.counts[c as usize];
        let g = glyph::column(c);
        let full = format!(" {g} {} ({n})", app.words().column(c));
        let label = if width(&full) <= usize::from(rect.width) {
            full
        } else {
            format!(" {g} {n}")
        };
        let style = if c == app.cursor.column {
            theme.header().patch(theme.matched())
        } else {
            theme.header()
        };
        frame.render_widget(
            Line::styled(fit(&label, usize::from(rect.width)), style),
            *rect,
        );
    }
    let rows = usize::from(lanes_area.height);
    let focused = app.cursor.lane;
    let needed = Needed::new(app);
    let key = app
        .view
        .lanes
        .get(focused)
        .map(|lane| Key::new(focused, lane, (area.width, area.height)));
    let kept = key.and_then(|k| memory.kept(k));
    let cap = kept.map_or_else(|| focused_card_lines(&needed, &cols, rows), |(cap, _)| cap);
    let natural: Vec<usize> = (0..app.view.lanes.len())
        .map(|i| {
            if i == focused {
                let now = lane_rows(&needed, &cols, i, cap, rows);
                kept.map_or(now, |(_, held)| now.max(held))
            } else {
                app.view.lanes[i].rows()
            }
        })
        .collect();
    let (first, mut heights) = lane_heights(&natural, focused, rows);
    if let Some(k) = key
        && let Some(h) = heights.get(focused - first)
    {
        memory.keep(k, cap, h.saturating_sub(1));
    }
    let mut caps: Vec<usize> = (first..first + heights.len())
        .map(|i| if i == focused { cap } else { 1 })
        .collect();
    // Rows left over: other open lanes wrap their cards too, nearest first,
    // when the whole lane then fits.
    let mut spare = rows.saturating_sub(heights.iter().sum());
    let mut order: Vec<usize> = (0..heights.len()).collect();
    order.sort_by_key(|&k| (first + k).abs_diff(focused));
    for k in order {
        if first + k == focused || heights[k] < 2 {
            continue;
        }
        for c in (2..=layout::CARD_LINES_MAX).rev() {
            let want = 1 + lane_rows(&needed, &cols, first + k, c, heights[k] - 1 + spare);
            if want > heights[k] && want - heights[k] <= spare {
                spare -= want - heights[k];
                heights[k] = want;
                caps[k] = c;
                break;
            }
        }
    }
    let mut y = lanes_area.y;
    for (k, h) in heights.iter().enumerate() {
        let h = u16::try_from(*h).unwrap_or(u16::MAX);
        let rect = Rect {
            y,
            height: h,
            ..lanes_area
        };
        render_lane(&needed, frame, rect, first + k, caps[k], theme);
        y += h;
    }
}

/// Card rows lane `index` needs with cards of at most `cap` lines, counted
/// up to `limit` (a lane longer than the screen scrolls anyway).
fn lane_rows(needed: &Needed, cols: &[Rect; 4], index: usize, cap: usize, limit: usize) -> usize {
    let lane = &needed.app.view.lanes[index];
    Column::ALL
        .into_iter()
        .zip(cols)
        .map(|(c, r)| {
            let w = card_width(r);
            let mut rows = 0;
            for &i in lane.column(c) {
                rows += needed.lines(i, w).clamp(1, cap);
                if rows > limit {
                    break;
                }
            }
            rows
        })
        .max()
        .unwrap_or(0)
}

/// The four column rectangles of a row, sized by what the columns hold.
fn columns(app: &App, row: Rect) -> [Rect; 4] {
    let widths = layout::column_widths(row.width, app.view.counts);
    let mut x = row.x;
    widths.map(|w| {
        let r = Rect {
            x,
            width: w.min(row.right().saturating_sub(x)),
            ..row
        };
        x = x.saturating_add(w);
        r
    })
}

/// The most lines per card in the focused lane (see [`layout::card_lines`]).
fn focused_card_lines(needed: &Needed, cols: &[Rect; 4], rows: usize) -> usize {
    let app = needed.app;
    let Some(lane) = app.view.lanes.get(app.cursor.lane) else {
        return 1;
    };
    let per_column: Vec<Vec<usize>> = Column::ALL
        .into_iter()
        .zip(cols)
        .map(|(c, r)| {
            let w = card_width(r);
            lane.column(c)
                .iter()
                .take(MEASURED_CARDS)
                .map(|&i| needed.lines(i, w))
                .collect()
        })
        .collect();
    // Every other lane keeps at least its summary line; the focused one its title.
    let lanes = app.view.lanes.len();
    let others = lanes.saturating_sub(1).min(rows.saturating_sub(2));
    layout::card_lines(&per_column, rows.saturating_sub(others + 1))
}

/// A card leaves one blank column to its right, between it and the next.
fn card_width(column: &Rect) -> usize {
    usize::from(column.width).saturating_sub(1)
}

fn render_lane(
    needed: &Needed,
    frame: &mut Frame,
    area: Rect,
    index: usize,
    cap: usize,
    theme: Theme,
) {
    let app = needed.app;
    let lane = &app.view.lanes[index];
    let focused = index == app.cursor.lane;
    let marker = if focused {
        glyph::LANE_FOCUSED
    } else if area.height > 1 {
        glyph::LANE_OPEN
    } else {
        glyph::LANE_CLOSED
    };
    let title_row = Rect { height: 1, ..area };
    let style = if focused {
        theme.lane_title()
    } else {
        theme.header()
    };
    let area_def = &app.board.areas[lane.area];
    let head = format!("{marker} {} {}", area_def.code, area_def.title);
    if area.height == 1 {
        frame.render_widget(
            summary(lane, &head, title_row.width, style, theme),
            title_row,
        );
        return;
    }
    let right = format!(" {} {}/{}", glyph::PROGRESS, lane.done, lane.total);
    let room = usize::from(area.width).saturating_sub(width(&right));
    frame.render_widget(
        Line::from(vec![
            Span::styled(fit(&head, room), style),
            Span::styled(right, theme.dim()),
        ]),
        title_row,
    );
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let rows = usize::from(body.height);
    for (c, rect) in Column::ALL.into_iter().zip(columns(app, body)) {
        let cards = lane.column(c);
        let here = focused && c == app.cursor.column;
        let selected = if here { app.selected_row() } else { None };
        let w = card_width(&rect);
        let height = |k: usize| needed.lines(cards[k], w).clamp(1, cap);
        let win = window(cards.len(), rows, selected, height);
        let mut row = 0;
        for k in win.offset..win.offset + win.count {
            let spec = CardSpec {
                width: w,
                lines: height(k).min(rows.saturating_sub(row)).max(1),
                selected: selected == Some(k),
                neighbours: [
                    k.checked_sub(1).map(|p| cards[p]),
                    cards.get(k + 1).copied(),
                ],
            };
            for line in card::card(app, cards[k], &spec, theme) {
                let y = rect.y + u16::try_from(row).unwrap_or(u16::MAX);
                if y >= rect.bottom() {
                    break;
                }
                let r = Rect {
                    y,
                    height: 1,
                    width: u16::try_from(w).unwrap_or(rect.width).min(rect.width),
                    ..rect
                };
                frame.render_widget(line, r);
                row += 1;
            }
        }
        if win.marker {
            let above = win.offset;
            let below = cards.len() - win.offset - win.count;
            let mut text = String::from("  ");
            if above > 0 {
                text.push_str(&format!("{}{above} ", glyph::MORE_ABOVE));
            }
            if below > 0 {
                text.push_str(&format!("{}{below}", glyph::MORE_BELOW));
            }
            let r = Rect {
                y: rect.bottom() - 1,
                height: 1,
                ..rect
            };
            frame.render_widget(Line::styled(truncate(&text, w), theme.dim()), r);
        }
    }
}

/// A lane on one line: its title as far as it goes, then each column's
/// count with the column's glyph (`○2 ◐0 ✓0 !8`), overdue in red.
fn summary(
    lane: &Lane,
    head: &str,
    w: u16,
    style: ratatui::style::Style,
    theme: Theme,
) -> Line<'static> {
    let mut counts: Vec<Span> = Vec::new();
    for c in Column::ALL {
        let n = lane.column(c).len();
        let s = if n == 0 {
            theme.dim()
        } else if c == Column::Overdue {
            theme.overdue()
        } else {
            style
        };
        counts.push(Span::styled(format!(" {}{n}", glyph::column(c)), s));
    }
    counts.push(Span::raw(" "));
    let used: usize = counts.iter().map(|s| width(&s.content)).sum();
    let mut spans = vec![Span::styled(
        fit(head, usize::from(w).saturating_sub(used)),
        style,
    )];
    spans.extend(counts);
    Line::from(spans)
}

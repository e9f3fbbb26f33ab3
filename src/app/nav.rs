//! Moving the cursor: columns, cards (continuing into the next lane), lanes,
//! search matches in reading order, and jumps to a task.
//!
//! The cursor's invariant, kept by [`App::settle_cursor`] after every message:
//! while any card is visible, one is selected, and it sits in the cell the
//! cursor names. Moves therefore skip empty cells instead of landing in them:
//! a column step goes to the next column of the lane that holds cards, a card
//! step past the end of its cell goes to the next lane that shows any card.

use super::App;
use super::Cursor;
use super::update::set_filter;
use super::view::{Filter, Lane};
use crate::schedule::Column;

/// The column of `lane` nearest to `from` that holds cards (left on a tie).
fn nearest_column(lane: &Lane, from: Column) -> Option<Column> {
    let f = from as i32;
    (0..4)
        .flat_map(|d| [f - d, f + d])
        .filter(|c| (0..4).contains(c))
        .map(|c| Column::ALL[c as usize])
        .find(|&c| !lane.column(c).is_empty())
}

fn lane_has_cards(lane: &Lane) -> bool {
    lane.cards.iter().any(|c| !c.is_empty())
}

pub(super) fn step_column(app: &mut App, dir: i32) {
    let Some(lane) = app.view.lanes.get(app.cursor.lane) else {
        return;
    };
    let mut c = app.cursor.column as i32 + dir;
    while (0..4).contains(&c) && lane.column(Column::ALL[c as usize]).is_empty() {
        c += dir;
    }
    if !(0..4).contains(&c) {
        return;
    }
    let row = app.row_hint;
    app.cursor.column = Column::ALL[c as usize];
    app.column_hint = app.cursor.column;
    select_row(app, Some(row));
}

/// To the next lane in `dir` that shows a card, in the same column when it
/// has cards there, else the nearest one; `row` as in [`select_row`]. With no
/// visible card anywhere, lanes are stepped through one by one (so a task can
/// be added to any lane of an empty board).
fn enter_lane(app: &mut App, dir: i32, row: Option<usize>) {
    let n = app.view.lanes.len() as i32;
    let any = app.view.counts.iter().any(|&c| c > 0);
    let mut l = app.cursor.lane as i32 + dir;
    while (0..n).contains(&l) && any && !lane_has_cards(&app.view.lanes[l as usize]) {
        l += dir;
    }
    if !(0..n).contains(&l) {
        return;
    }
    app.cursor.lane = l as usize;
    if let Some(c) = nearest_column(&app.view.lanes[l as usize], app.column_hint) {
        app.cursor.column = c;
    }
    select_row(app, row);
}

pub(super) fn step_lane(app: &mut App, dir: i32) {
    enter_lane(app, dir, Some(0));
}

/// Up/down within the cell; past its end, into the next or previous lane.
pub(super) fn step_card(app: &mut App, dir: i32) {
    let len = app.cards_here().len();
    let row = app.selected_row();
    let target = match row {
        Some(r) => r as i64 + dir as i64,
        None => {
            if dir > 0 {
                len as i64
            } else {
                -1
            }
        }
    };
    if (0..len as i64).contains(&target) {
        select_row(app, Some(target as usize));
        return;
    }
    enter_lane(app, dir, if dir > 0 { Some(0) } else { None });
}

/// Selects row `row` of the current cell (clamped), or its last row for `None`.
/// The row asked for is remembered even when clamped, so that passing
/// through a shorter cell comes back to the same row.
pub(super) fn select_row(app: &mut App, row: Option<usize>) {
    let cards = app.cards_here();
    let pick = match row {
        _ if cards.is_empty() => None,
        Some(r) => Some(r.min(cards.len() - 1)),
        None => Some(cards.len() - 1),
    };
    let task = pick.map(|r| app.board.tasks[cards[r]].id);
    app.cursor.task = task;
    if let Some(r) = row.or(pick) {
        app.row_hint = r;
    }
}

/// Puts the cursor on a visible card found by a jump; the hints follow it.
fn place(app: &mut App, cursor: Cursor) {
    app.cursor = cursor;
    app.column_hint = cursor.column;
    if let Some(r) = app.selected_row() {
        app.row_hint = r;
    }
}

/// Visible cards in reading order: lane by lane, column by column, row by row.
pub(super) fn reading_order(app: &App) -> Vec<(usize, Column, usize)> {
    let mut out = Vec::new();
    for (l, lane) in app.view.lanes.iter().enumerate() {
        for c in Column::ALL {
            out.extend(lane.column(c).iter().map(|&i| (l, c, i)));
        }
    }
    out
}

/// Moves the cursor to the next (or previous) match; `inclusive` also accepts
/// the current card (used while typing, so the cursor stays on a match).
pub(super) fn jump_to_match(app: &mut App, forward: bool, inclusive: bool) {
    if app.search.is_none() {
        return;
    }
    app.ensure_search_index();
    let order = reading_order(app);
    if order.is_empty() {
        return;
    }
    let here = app
        .cursor
        .task
        .and_then(|id| app.task_index(id))
        .and_then(|i| order.iter().position(|&(_, _, x)| x == i))
        .unwrap_or(0);
    let n = order.len();
    let start = if inclusive { 0 } else { 1 };
    let found = (start..=n)
        .map(|k| {
            if forward {
                (here + k) % n
            } else {
                (here + n * 2 - k) % n
            }
        })
        .find(|&p| app.is_match(order[p].2));
    match found {
        Some(p) => {
            let (lane, column, i) = order[p];
            let task = Some(app.board.tasks[i].id);
            place(app, Cursor { lane, column, task });
        }
        None => app.notice = Some(app.words().no_match.to_owned()),
    }
}

/// Puts the cursor on a task, clearing filters that hide it; a deleted task
/// gets a notice instead.
pub(super) fn jump_to_task(app: &mut App, id: u32) {
    if app.task_index(id).is_none() {
        app.notice = Some(format!("#{id}: {}", app.words().deleted));
        return;
    }
    if app.position_of(id).is_none() {
        set_filter(app, Filter::default());
    }
    if let Some(pos) = app.position_of(id) {
        place(app, pos);
    }
}

impl App {
    /// Restores the cursor's invariant (see the module docs): keeps the
    /// selected card when it is still visible (following it to its new cell),
    /// else selects the visible card nearest to where the cursor was: same
    /// lane first (same column, then the nearest), then the nearest lanes.
    pub(super) fn settle_cursor(&mut self) {
        let lanes = self.view.lanes.len();
        self.cursor.lane = self.cursor.lane.min(lanes.saturating_sub(1));
        if let Some(id) = self.cursor.task {
            if let Some(row) = self.selected_row() {
                // A stale row hint (the card moved within its cell) follows the
                // card; a hint clamped by a shorter cell is kept.
                let len = self.cards_here().len();
                if self.row_hint.min(len - 1) != row {
                    self.row_hint = row;
                }
                return;
            }
            if let Some(pos) = self.position_of(id) {
                place(self, pos);
                return;
            }
        }
        self.cursor.task = None;
        let from = self.cursor.lane as i64;
        let nearest = (0..lanes as i64)
            .flat_map(|d| [from - d, from + d])
            .filter(|l| (0..lanes as i64).contains(l))
            .map(|l| l as usize)
            .find_map(|l| nearest_column(&self.view.lanes[l], self.cursor.column).map(|c| (l, c)));
        if let Some((lane, column)) = nearest {
            self.cursor.lane = lane;
            self.cursor.column = column;
            let row = self.row_hint;
            select_row(self, Some(row));
        }
    }
}

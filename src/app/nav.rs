//! Moving the cursor: columns, cards (continuing into the next lane), lanes,
//! search matches in reading order, and jumps to a task.

use super::App;
use super::Cursor;
use super::update::set_filter;
use super::view::Filter;
use crate::schedule::Column;

pub(super) fn step_column(app: &mut App, dir: i32) {
    let i = (app.cursor.column as i32 + dir).clamp(0, 3) as usize;
    app.cursor.column = Column::ALL[i];
    let row = app.row_in_lane().unwrap_or(app.row_hint);
    select_row(app, Some(row));
}

pub(super) fn step_lane(app: &mut App, dir: i32) {
    let lanes = app.view.lanes.len() as i32;
    if lanes == 0 {
        return;
    }
    app.cursor.lane = (app.cursor.lane as i32 + dir).clamp(0, lanes - 1) as usize;
    select_row(app, Some(0));
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
    let lanes = app.view.lanes.len() as i64;
    let lane = app.cursor.lane as i64 + dir as i64;
    if !(0..lanes).contains(&lane) {
        return;
    }
    app.cursor.lane = lane as usize;
    if dir > 0 {
        select_row(app, Some(0))
    } else {
        select_row(app, None)
    }
}

/// Selects row `row` of the current cell (clamped), or its last row for `None`.
pub(super) fn select_row(app: &mut App, row: Option<usize>) {
    let cards = app.cards_here();
    let pick = match row {
        _ if cards.is_empty() => None,
        Some(r) => Some(r.min(cards.len() - 1)),
        None => Some(cards.len() - 1),
    };
    let task = pick.map(|r| app.board.tasks[cards[r]].id);
    app.cursor.task = task;
    if let Some(r) = pick {
        app.row_hint = r;
    }
}

impl App {
    /// Row of the selected card within its column, when a card is selected.
    pub(super) fn row_in_lane(&self) -> Option<usize> {
        let i = self.task_index(self.cursor.task?)?;
        self.view
            .lanes
            .get(self.cursor.lane)?
            .cards
            .iter()
            .find_map(|c| c.iter().position(|&x| x == i))
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
            app.cursor = Cursor {
                lane,
                column,
                task: Some(app.board.tasks[i].id),
            };
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
        app.cursor = pos;
    }
}

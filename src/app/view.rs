//! The board as the screen sees it: which card sits in which lane and column
//! today, after filters. Derived from the board and recomputed only when the
//! board or a filter changes, never on a plain cursor move.

use crate::domain::Board;
use crate::schedule::{self, Assessment, Column};
use crate::text::fold;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Filters that hide cards (search only highlights).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Folded text the lead unit must contain.
    pub lead: Option<String>,
    pub overdue_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lane {
    /// Index into `board.areas`.
    pub area: usize,
    /// Task indices (into `board.tasks`) per column, in display order.
    pub cards: [Vec<usize>; 4],
    /// Done and total tasks of the area, ignoring filters.
    pub done: usize,
    pub total: usize,
}

impl Lane {
    pub fn column(&self, c: Column) -> &[usize] {
        &self.cards[c as usize]
    }

    /// Rows needed to show every card of the lane.
    pub fn rows(&self) -> usize {
        self.cards.iter().map(Vec::len).max().unwrap_or(0)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardView {
    /// Per task index.
    pub assessments: Vec<Assessment>,
    pub lanes: Vec<Lane>,
    /// Visible cards per column.
    pub counts: [usize; 4],
}

impl BoardView {
    pub fn build(board: &Board, today: NaiveDate, filter: &Filter) -> BoardView {
        // Many tasks share a timeframe wording: read each wording once.
        let mut timeframes = schedule::Timeframes::new(board);
        let assessments: Vec<Assessment> = board
            .tasks
            .iter()
            .map(|t| schedule::assess_timeframe(t, timeframes.of(t), today))
            .collect();
        let lane_of: HashMap<&str, usize> = board
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| (a.code.as_str(), i))
            .collect();
        let mut lanes: Vec<Lane> = (0..board.areas.len())
            .map(|area| Lane {
                area,
                ..Lane::default()
            })
            .collect();
        let mut counts = [0; 4];
        for (i, (task, a)) in board.tasks.iter().zip(&assessments).enumerate() {
            let Some(lane) = lane_of.get(&*task.area).map(|&l| &mut lanes[l]) else {
                continue;
            };
            lane.total += 1;
            if a.column == Column::Done {
                lane.done += 1;
            }
            let hidden = (filter.overdue_only && a.column != Column::Overdue)
                || filter
                    .lead
                    .as_deref()
                    .is_some_and(|l| !fold(&task.lead).contains(l));
            if !hidden {
                lane.cards[a.column as usize].push(i);
                counts[a.column as usize] += 1;
            }
        }
        for lane in &mut lanes {
            // Most overdue first; the other columns keep plan (id) order.
            lane.cards[Column::Overdue as usize].sort_by_key(|&i| {
                (
                    std::cmp::Reverse(assessments[i].days_overdue),
                    board.tasks[i].id,
                )
            });
        }
        BoardView {
            assessments,
            lanes,
            counts,
        }
    }
}

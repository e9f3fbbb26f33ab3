//! Every glyph the board draws, in one place (the README's legend lists the
//! same). All are one column wide in every terminal font we know of, and
//! carry the meaning on their own when colour is off.

use crate::domain::Status;
use crate::schedule::Column;

/// Before the selected card.
pub const SELECTED: &str = "▶";
/// Before a card that matches the search.
pub const MATCH: &str = "◆";
/// After the id: changed since the last commit.
pub const CHANGED: &str = "*";
/// After the id: inside a git conflict region of the file.
pub const CONFLICT: &str = "!";
/// Before a lane's title: the focused lane, another expanded lane, a lane
/// shown as its one-line summary.
pub const LANE_FOCUSED: &str = "▾";
pub const LANE_OPEN: &str = "▿";
pub const LANE_CLOSED: &str = "▸";
/// Progress of a lane (done/total).
pub const PROGRESS: &str = "✓";
/// Cards above and below the ones a column shows.
pub const MORE_ABOVE: &str = "↑";
pub const MORE_BELOW: &str = "↓";

/// A task's status on its card.
pub fn status(s: Status) -> &'static str {
    match s {
        Status::Planned => "○",
        Status::InProgress => "◐",
        Status::Done => "✓",
    }
}

/// A board column in headers and lane summaries (Overdue has no status of
/// its own: its cards keep theirs).
pub fn column(c: Column) -> &'static str {
    match c {
        Column::Planned => "○",
        Column::InProgress => "◐",
        Column::Done => "✓",
        Column::Overdue => "!",
    }
}

//! Pure layout arithmetic: how wide the board's columns and the detail pane
//! are, how many rows each lane and each card gets, which lanes are on
//! screen, and where a column's card list starts. Tested without a terminal.
//!
//! The widths follow what the columns hold: a column with no visible card
//! shrinks to its glyph and count, and the others share the rest, up to
//! [`CARD_MAX`] each (and at least [`BOARD_NATURAL_MIN`] together). The
//! detail pane appears only once every column is at that width with room for
//! the pane to spare, so a wider terminal never shows shorter titles than a
//! narrower one; between the two, the rest of the screen stays blank.

/// Width of a column that holds no visible card: ` ◐ 0` and a gap.
pub const COLLAPSED: u16 = 5;
/// Columns grow to this width before the detail pane is given room.
pub const CARD_MAX: u16 = 50;
/// The board's width before the pane is given room is at least this: below
/// it, cards always take the whole screen.
pub const BOARD_NATURAL_MIN: u16 = 100;
/// The detail pane's narrowest and widest.
pub const PANE_MIN: u16 = 40;
pub const PANE_MAX: u16 = 60;
/// Cards of the focused lane wrap to at most this many lines.
pub const CARD_LINES_MAX: usize = 3;

/// Columns holding cards share the width; with none visible, all four do.
fn holding(counts: [usize; 4]) -> [bool; 4] {
    if counts.iter().all(|&c| c == 0) {
        [true; 4]
    } else {
        counts.map(|c| c > 0)
    }
}

/// The board's and the detail pane's widths on a screen `total` columns
/// wide, given the visible cards per column. The pane's width is 0 when it
/// is not shown; `board + pane <= total` (the rest stays blank).
pub fn board_and_pane(total: u16, counts: [usize; 4]) -> (u16, u16) {
    let hold = holding(counts);
    let n = hold.iter().filter(|&&h| h).count() as u16;
    let natural = (n * CARD_MAX + (4 - n) * COLLAPSED).max(BOARD_NATURAL_MIN);
    let spare = total.saturating_sub(natural);
    if spare >= PANE_MIN {
        let pane = spare.min(PANE_MAX);
        (total - pane, pane)
    } else {
        (total.min(natural), 0)
    }
}

/// The four columns' widths in a board `board` columns wide: collapsed ones
/// [`COLLAPSED`], the others an equal share (the first ones take the remainder).
pub fn column_widths(board: u16, counts: [usize; 4]) -> [u16; 4] {
    let hold = holding(counts);
    let n = hold.iter().filter(|&&h| h).count() as u16;
    let shared = board.saturating_sub((4 - n) * COLLAPSED);
    let (each, mut extra) = (shared / n, shared % n);
    hold.map(|h| {
        if !h {
            return COLLAPSED.min(board);
        }
        let w = each + u16::from(extra > 0);
        extra = extra.saturating_sub(1);
        w
    })
}

/// The most lines a card of the focused lane may have: as many as its
/// longest title needs, up to [`CARD_LINES_MAX`], when every column fits in
/// `rows` so; else two (scrolling) rather than one, unless `rows` is too
/// short for that. `needed[c]` lists the lines each card of column `c` needs.
pub fn card_lines(needed: &[Vec<usize>], rows: usize) -> usize {
    let rows_at = |cap: usize| -> usize {
        needed
            .iter()
            .map(|col| col.iter().map(|&n| n.clamp(1, cap)).sum::<usize>())
            .max()
            .unwrap_or(0)
    };
    let most = needed.iter().flatten().copied().max().unwrap_or(1);
    let cap = most.clamp(1, CARD_LINES_MAX);
    if rows_at(cap) <= rows {
        return cap;
    }
    // Scrolling: keep a row for the "↑N ↓N" marker below the cards.
    let lines = cap.min(2);
    if rows > lines { lines } else { 1 }
}

/// Which cards of a column are drawn: from `offset`, `count` of them, and
/// whether the last row is kept for the "↑N ↓N" marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub offset: usize,
    pub count: usize,
    pub marker: bool,
}

/// The cards of a column of `len` cards that fit in `rows` rows, card `i`
/// being `height(i)` rows tall, with `selected` kept on screen near the
/// middle. A card is drawn whole or not at all, except a selected card taller
/// than the room, which is cut.
pub fn window(
    len: usize,
    rows: usize,
    selected: Option<usize>,
    height: impl Fn(usize) -> usize,
) -> Window {
    let h = |i: usize| height(i).max(1);
    let mut total = 0;
    let fits = (0..len).all(|i| {
        total += h(i);
        total <= rows
    });
    if fits || rows == 0 {
        let count = if rows == 0 { 0 } else { len };
        return Window {
            offset: 0,
            count,
            marker: false,
        };
    }
    let room = rows.saturating_sub(1).max(1);
    let sel = selected.unwrap_or(0).min(len - 1);
    let (mut start, mut end) = (sel, sel + 1);
    let mut used = h(sel);
    // Above the selection up to half the room, then below, then above again.
    while start > 0 && used + h(start - 1) <= room / 2 + h(sel) / 2 {
        start -= 1;
        used += h(start);
    }
    while end < len && used + h(end) <= room {
        used += h(end);
        end += 1;
    }
    while start > 0 && used + h(start - 1) <= room {
        start -= 1;
        used += h(start);
    }
    Window {
        offset: start,
        count: end - start,
        marker: true,
    }
}

/// Rows for each lane: the focused lane is expanded as far as it can be (title
/// plus card rows, at least one), every other lane gets its one-line summary,
/// and leftover rows expand the lanes nearest the focused one. `natural[i]` is
/// the lane's card-row count. Returns `(first_visible_lane, heights)`, heights
/// of the visible lanes only, summing to at most `rows`.
pub fn lane_heights(natural: &[usize], focused: usize, rows: usize) -> (usize, Vec<usize>) {
    let n = natural.len();
    if n == 0 || rows == 0 {
        return (0, vec![]);
    }
    let focused = focused.min(n - 1);
    // Which lanes fit as summaries, keeping the focused one and room for one card row.
    let fit = rows.saturating_sub(1).clamp(1, n);
    let first = focused.saturating_sub(fit - 1);
    let mut heights = vec![1usize; fit];
    let mut spare = rows.saturating_sub(fit);
    let grow = |i: usize, spare: &mut usize, heights: &mut Vec<usize>| {
        let want = natural[first + i].max(1);
        let add = want.min(*spare);
        heights[i] += add;
        *spare -= add;
    };
    grow(focused - first, &mut spare, &mut heights);
    for d in 1..fit {
        for i in [focused.checked_sub(d), Some(focused + d)]
            .into_iter()
            .flatten()
        {
            if i >= first && i < first + fit {
                // Another lane expands only if all its cards fit: a half-shown
                // lane reads as a full one.
                if natural[i] > 0 && natural[i] <= spare {
                    grow(i - first, &mut spare, &mut heights);
                }
            }
        }
    }
    (first, heights)
}

/// First card row to show so that `selected` stays visible in a list of `len`
/// cards with `visible` rows, keeping the selection near the middle.
pub fn scroll_offset(selected: Option<usize>, len: usize, visible: usize) -> usize {
    match selected {
        Some(s) if visible > 0 && len > visible => s.saturating_sub(visible / 2).min(len - visible),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focused_lane_expands_others_summarise() {
        let (first, h) = lane_heights(&[8, 8, 5, 4, 2, 2, 2, 5, 2], 1, 21);
        assert_eq!(first, 0);
        assert_eq!(h.len(), 9);
        assert_eq!(h[1], 9, "title + 8 cards");
        assert!(h.iter().sum::<usize>() <= 21);
        assert!(h.iter().all(|&x| x >= 1));
    }

    #[test]
    fn spare_rows_expand_neighbours_that_fit_whole() {
        let (_, h) = lane_heights(&[2, 2, 2], 1, 12);
        assert_eq!(h, vec![3, 3, 3]);
        let (_, h) = lane_heights(&[2, 2, 9], 0, 8);
        assert_eq!(h, vec![3, 3, 1]);
    }

    #[test]
    fn focused_lane_is_capped_by_the_screen() {
        let (_, h) = lane_heights(&[1000, 3, 3], 0, 10);
        assert_eq!(h, vec![8, 1, 1]);
    }

    #[test]
    fn lanes_scroll_when_even_summaries_do_not_fit() {
        let natural = [1; 9];
        let (first, h) = lane_heights(&natural, 8, 4);
        assert_eq!((first, h.len()), (6, 3));
        assert_eq!(h.iter().sum::<usize>(), 4);
        let (first, _) = lane_heights(&natural, 0, 4);
        assert_eq!(first, 0);
    }

    #[test]
    fn degenerate_sizes_do_not_panic() {
        assert_eq!(lane_heights(&[], 0, 10), (0, vec![]));
        assert_eq!(lane_heights(&[3], 5, 0), (0, vec![]));
        assert_eq!(lane_heights(&[3], 0, 1).1, vec![1]);
    }

    #[test]
    fn empty_columns_shrink_and_give_their_width_to_the_cards() {
        // 02/04/2024: Planned 32, Overdue 11, the other two empty.
        let counts = [32, 0, 0, 11];
        assert_eq!(board_and_pane(80, counts), (80, 0));
        assert_eq!(column_widths(80, counts), [35, 5, 5, 35]);
        // Overdue only: one column takes all but the collapsed ones.
        assert_eq!(board_and_pane(80, [0, 0, 0, 11]), (80, 0));
        assert_eq!(column_widths(80, [0, 0, 0, 11]), [5, 5, 5, 65]);
        assert_eq!(board_and_pane(120, [0, 0, 0, 11]), (100, 0));
        assert_eq!(board_and_pane(140, [0, 0, 0, 11]), (100, 40));
        // Nothing visible: four equal columns.
        assert_eq!(column_widths(80, [0; 4]), [20; 4]);
        assert_eq!(column_widths(81, [1, 1, 1, 1]), [21, 20, 20, 20]);
    }

    #[test]
    fn the_pane_never_takes_width_from_the_cards() {
        for counts in [[32, 0, 0, 11], [0, 0, 0, 38], [10, 10, 10, 10], [0; 4]] {
            let mut last = 0;
            for total in 60..=260 {
                let (board, pane) = board_and_pane(total, counts);
                assert!(board + pane <= total);
                assert!(pane == 0 || (PANE_MIN..=PANE_MAX).contains(&pane));
                let widths = column_widths(board, counts);
                let narrowest = *widths
                    .iter()
                    .filter(|&&w| w > COLLAPSED)
                    .min()
                    .unwrap_or(&0);
                assert!(
                    narrowest >= last,
                    "{counts:?} at {total}: {narrowest} < {last}"
                );
                last = narrowest;
            }
        }
        // 139 → 140 on the shipped plan's April board: no pane, same columns.
        assert_eq!(board_and_pane(139, [32, 0, 0, 11]), (110, 0));
        assert_eq!(board_and_pane(140, [32, 0, 0, 11]), (110, 0));
        assert_eq!(board_and_pane(150, [32, 0, 0, 11]), (110, 40));
    }

    #[test]
    fn focused_cards_wrap_to_what_fits() {
        let col = |v: &[usize]| vec![v.to_vec()];
        assert_eq!(card_lines(&col(&[3, 2, 1, 3, 3]), 20), 3);
        assert_eq!(card_lines(&col(&[2, 2, 1]), 20), 2);
        assert_eq!(card_lines(&col(&[5, 5]), 20), 3, "never more than three");
        assert_eq!(card_lines(&col(&[3; 8]), 11), 2, "two lines and scroll");
        assert_eq!(
            card_lines(&col(&[3; 8]), 2),
            1,
            "no room for two and a marker"
        );
        assert_eq!(card_lines(&col(&[1; 30]), 11), 1);
        // Short cards leave room for long ones: 3+1+1+3 rows fit in 8.
        assert_eq!(card_lines(&col(&[3, 1, 1, 3]), 8), 3);
        assert_eq!(
            card_lines(&[vec![3, 3, 3], vec![1; 9]], 8),
            2,
            "the fullest column decides"
        );
    }

    #[test]
    fn a_column_window_keeps_the_selection_and_whole_cards() {
        let two = |_| 2;
        let all = Window {
            offset: 0,
            count: 5,
            marker: false,
        };
        assert_eq!(window(5, 11, Some(0), two), all);
        let w = window(8, 11, Some(0), two);
        assert_eq!((w.offset, w.count, w.marker), (0, 5, true));
        let w = window(8, 11, Some(7), two);
        assert_eq!(
            (w.offset + w.count, w.marker),
            (8, true),
            "the last card shows"
        );
        let w = window(8, 11, Some(4), two);
        assert!(w.offset <= 4 && 4 < w.offset + w.count);
        assert!(w.count * 2 < 11, "a row left for the marker");
        // Mixed heights: whole cards only.
        let h = |i: usize| [3, 1, 3, 1, 3][i];
        let w = window(5, 6, Some(2), h);
        let rows: usize = (w.offset..w.offset + w.count).map(h).sum();
        assert!(
            rows <= 5 && (w.offset..w.offset + w.count).contains(&2),
            "{w:?}"
        );
        // A selected card taller than the room is still the one shown.
        assert_eq!(window(3, 2, Some(1), |_| 3).offset, 1);
        assert_eq!(window(3, 0, Some(1), |_| 3).count, 0);
    }

    #[test]
    fn scroll_keeps_selection_visible() {
        assert_eq!(scroll_offset(Some(0), 100, 10), 0);
        assert_eq!(scroll_offset(Some(50), 100, 10), 45);
        assert_eq!(scroll_offset(Some(99), 100, 10), 90);
        assert_eq!(scroll_offset(Some(3), 5, 10), 0);
        assert_eq!(scroll_offset(None, 100, 10), 0);
    }
}

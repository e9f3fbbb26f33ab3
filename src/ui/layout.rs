//! Pure layout arithmetic: how many rows each lane gets, which lanes are on
//! screen, and where a column's card list starts. Tested without a terminal.

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
    fn scroll_keeps_selection_visible() {
        assert_eq!(scroll_offset(Some(0), 100, 10), 0);
        assert_eq!(scroll_offset(Some(50), 100, 10), 45);
        assert_eq!(scroll_offset(Some(99), 100, 10), 90);
        assert_eq!(scroll_offset(Some(3), 5, 10), 0);
        assert_eq!(scroll_offset(None, 100, 10), 0);
    }
}

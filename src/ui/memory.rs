//! What the board keeps from one frame to the next, as ratatui's `ListState`
//! keeps a list's scroll offset: the focused lane's layout while the lane
//! shows the same cards.
//!
//! Without it the layout follows the cards' columns. Moving a card out of
//! the lane's tallest column shortens the lane, every lane below moves up a
//! row or more, another lane may open into the rows freed, and the cards may
//! change from two lines to three. That is a redraw of most of the screen
//! for one keystroke (about 1.8 KB at 80×24, sent over SSH) and it moves what
//! the user was looking at. With it the lane keeps its height and its cards'
//! line count for as long as the focus stays in the lane and the lane holds
//! the same cards on the same screen; it only grows, when a column gets
//! taller than the lane. Leaving the lane, a filter or search that changes
//! its cards, an added or deleted card, or a resize lays it out afresh.
//!
//! The state is owned by the runtime, beside the `App`, and written only by
//! [`super::render_with`]; the app core never sees it.

use crate::app::view::Lane;

/// The focused lane's layout, kept between frames (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    held: Option<Held>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Held {
    key: Key,
    /// Lines per card.
    cap: usize,
    /// Card rows (the lane's height without its title).
    rows: usize,
}

/// What must stay the same for the layout to be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Key {
    lane: usize,
    /// The board's area: width and height.
    size: (u16, u16),
    /// The lane's cards, whatever their columns (an order-free fingerprint).
    cards: u64,
}

impl Key {
    pub(super) fn new(lane_index: usize, lane: &Lane, size: (u16, u16)) -> Key {
        Key {
            lane: lane_index,
            size,
            cards: fingerprint(lane),
        }
    }
}

impl Memory {
    /// The lines per card and card rows kept for `key`, if any.
    pub(super) fn kept(&self, key: Key) -> Option<(usize, usize)> {
        self.held.filter(|h| h.key == key).map(|h| (h.cap, h.rows))
    }

    /// Keeps this frame's layout of the focused lane.
    pub(super) fn keep(&mut self, key: Key, cap: usize, rows: usize) {
        self.held = Some(Held { key, cap, rows });
    }
}

/// An order-free fingerprint of the lane's task indices: the same for the
/// same cards in any columns, and (but for a 64-bit collision, whose only
/// effect would be a kept height) different for different cards.
fn fingerprint(lane: &Lane) -> u64 {
    let (mut sum, mut mixed, mut n) = (0u64, 0u64, 0u64);
    for &i in lane.cards.iter().flatten() {
        let h = splitmix(i as u64);
        sum = sum.wrapping_add(h);
        mixed ^= splitmix(h);
        n += 1;
    }
    splitmix(sum ^ mixed.rotate_left(17) ^ n)
}

/// SplitMix64's finaliser: a well-spread 64-bit hash of an integer.
fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(cards: [Vec<usize>; 4]) -> Lane {
        Lane {
            area: 0,
            cards,
            done: 0,
            total: 0,
        }
    }

    #[test]
    fn the_same_cards_in_other_columns_keep_the_layout() {
        let before = lane([vec![1, 2, 3], vec![], vec![], vec![4]]);
        let after = lane([vec![1, 3], vec![2], vec![], vec![4]]);
        let mut m = Memory::default();
        m.keep(Key::new(0, &before, (80, 21)), 2, 10);
        assert_eq!(m.kept(Key::new(0, &after, (80, 21))), Some((2, 10)));
    }

    #[test]
    fn other_cards_another_lane_or_size_do_not() {
        let before = lane([vec![1, 2, 3], vec![], vec![], vec![4]]);
        let mut m = Memory::default();
        m.keep(Key::new(0, &before, (80, 21)), 2, 10);
        let fewer = lane([vec![1, 2], vec![], vec![], vec![4]]);
        let other = lane([vec![1, 2, 5], vec![], vec![], vec![4]]);
        assert_eq!(m.kept(Key::new(0, &fewer, (80, 21))), None);
        assert_eq!(m.kept(Key::new(0, &other, (80, 21))), None);
        assert_eq!(m.kept(Key::new(1, &before, (80, 21))), None);
        assert_eq!(m.kept(Key::new(0, &before, (100, 21))), None);
    }
}

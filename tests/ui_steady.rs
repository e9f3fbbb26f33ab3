//! A card move does not move the lanes: while the focus stays in a lane
//! that holds the same cards, the lane keeps its height and its cards their
//! line count (`cchc::ui::Memory`, kept by the runtime between frames).
//! Drawn as the runtime draws, one terminal and one memory across keys.

mod tui_support;

use cchc::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_support::*;

/// The interactive board's screens, frame after frame.
struct Screen {
    app: App,
    terminal: Terminal<TestBackend>,
    memory: cchc::ui::Memory,
}

impl Screen {
    fn new(app: App) -> Screen {
        let terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        let mut s = Screen {
            app,
            terminal,
            memory: cchc::ui::Memory::default(),
        };
        s.draw();
        s
    }

    fn draw(&mut self) -> Vec<String> {
        let Screen {
            app,
            terminal,
            memory,
        } = self;
        terminal
            .draw(|f| cchc::ui::render_with(app, f, cchc::ui::Theme::new(false), memory))
            .expect("draw");
        screen_text(terminal.backend().buffer())
    }

    fn press(&mut self, c: char) -> Vec<String> {
        send(&mut self.app, ch(c));
        self.draw()
    }
}

/// The screen row of each lane's title (`▸ II …`, `▾ I …`), by lane code.
fn lane_rows(rows: &[String]) -> Vec<(String, usize)> {
    rows.iter()
        .enumerate()
        .filter_map(|(y, r)| {
            let mut words = r.split_whitespace();
            let marker = words.next()?;
            let code = words.next()?;
            (["▸", "▾", "▿"].contains(&marker)
                && code.chars().all(|c| matches!(c, 'I' | 'V' | 'X')))
            .then(|| (code.to_string(), y))
        })
        .collect()
}

#[test]
fn moving_a_card_keeps_every_lane_where_it_was() {
    // The first card of lane I leaves Planned, the lane's tallest column:
    // laid out afresh, the lane would be a row shorter, lanes II to IV would
    // move up and lane V would open into the row.
    let mut s = Screen::new(shipped_app());
    let before = lane_rows(&s.draw());
    assert_eq!(before.len(), 9, "{before:?}");
    for key in ['L', 'L', 'H', 'H'] {
        let after = s.press(key);
        assert_eq!(
            lane_rows(&after),
            before,
            "after {key}:\n{}",
            after.join("\n")
        );
    }
    let fresh = screen_text(render(&s.app, 80, 24, false).backend().buffer());
    assert_eq!(lane_rows(&fresh), before, "back where it started");
}

#[test]
fn cards_keep_their_line_count_through_a_move() {
    // Lane I with cards in every column: #4's move out of Planned would let
    // every card wrap to three lines instead of two, redrawing the lane.
    let app = every_column_held();
    let mut s = Screen::new(app);
    let card_1 = |rows: &[String]| rows.iter().filter(|r| r.contains("Kế hoạch")).count();
    let before = s.draw();
    let after = s.press('L');
    assert_eq!(lane_rows(&after), lane_rows(&before));
    assert_eq!(
        card_1(&after),
        card_1(&before),
        "#1's lines:\n{}\n\n{}",
        before.join("\n"),
        after.join("\n")
    );
}

#[test]
fn leaving_the_lane_lays_it_out_afresh() {
    let mut s = Screen::new(shipped_app());
    s.press('L');
    s.press(']');
    let back = s.press('[');
    let fresh = screen_text(render(&s.app, 80, 24, false).backend().buffer());
    assert_eq!(back, fresh, "the kept layout is let go with the focus");
    assert_ne!(
        lane_rows(&back),
        lane_rows(&Screen::new(shipped_app()).draw())
    );
}

#[test]
fn a_filter_that_changes_the_lanes_cards_lays_it_out_afresh() {
    // `o` shows only the overdue cards: lane I's set changes, so its height
    // follows the two cards left. (A search only marks cards: the set, and
    // the kept height, stay.)
    let mut s = Screen::new(shipped_app());
    s.press('L');
    s.press('H');
    let filtered = s.press('o');
    let fresh = screen_text(render(&s.app, 80, 24, false).backend().buffer());
    assert_eq!(filtered, fresh);
}

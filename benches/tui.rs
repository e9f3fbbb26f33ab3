//! `cargo bench --bench tui`: the interactive board's costs that do not depend
//! on a terminal, on the shipped board and a generated 10,000-task board:
//!
//! - `tui/first_frame`: from a loaded board to a drawn first frame at 80×24
//!   (building the lane/column view, rendering into a buffer). The process-
//!   level measure, start until a card title is on a tmux screen, is
//!   `benches/tui_process.py`.
//! - `tui/key`: one key press at 80×24: `update` (a cursor move) plus render
//!   plus ratatui's buffer diff (the test backend), as the event loop does.
//! - `tui/move_card`: `L` on the selected card: an edit, which rebuilds the view.
//!
//! Targets (docs/performance.md): key under 1 ms (shipped) and 10 ms (10,000).

#[path = "support/gen.rs"]
#[allow(dead_code)] // shared with benches/board.rs, which uses all of it
mod generator;

use cchc::app::{App, Msg, update};
use cchc::domain::Board;
use chrono::NaiveDate;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::time::Duration;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 1).expect("a valid date")
}

fn boards() -> Vec<(String, Board)> {
    vec![
        ("shipped-43".to_owned(), generator::shipped_board()),
        ("generated-10000".to_owned(), generator::generate(10_000)),
    ]
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(80, 24)).expect("test terminal")
}

fn bench(c: &mut Criterion) {
    let theme = cchc::ui::Theme::new(true);
    let mut group = c.benchmark_group("tui");
    group
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    for (name, board) in boards() {
        group.bench_with_input(
            BenchmarkId::new("first_frame", &name),
            &board,
            |b, board| {
                b.iter_batched(
                    || (board.clone(), terminal()),
                    |(board, mut term)| {
                        let app = App::new(board, as_of());
                        term.draw(|f| cchc::ui::render(&app, f, theme))
                            .expect("draw");
                        black_box(app);
                    },
                    BatchSize::LargeInput,
                )
            },
        );

        // As the runtime draws: one terminal and one kept layout across keys.
        let mut app = App::new(board.clone(), as_of());
        let mut term = terminal();
        let mut memory = cchc::ui::Memory::default();
        term.draw(|f| cchc::ui::render_with(&app, f, theme, &mut memory))
            .expect("draw");
        let mut down = true;
        group.bench_function(BenchmarkId::new("key", &name), |b| {
            b.iter(|| {
                // Alternate so the cursor stays put over many iterations.
                update(
                    &mut app,
                    key(if down { KeyCode::Down } else { KeyCode::Up }),
                );
                down = !down;
                term.draw(|f| cchc::ui::render_with(&app, f, theme, &mut memory))
                    .expect("draw");
            })
        });

        group.bench_function(BenchmarkId::new("move_card", &name), |b| {
            b.iter(|| {
                // L then H: the card moves forward and back, one edit each.
                update(
                    &mut app,
                    Msg::Key(KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT)),
                );
                update(
                    &mut app,
                    Msg::Key(KeyEvent::new(KeyCode::Char('H'), KeyModifiers::SHIFT)),
                );
                term.draw(|f| cchc::ui::render_with(&app, f, theme, &mut memory))
                    .expect("draw");
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

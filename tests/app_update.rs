//! The interactive board's pure core: `update(app, msg)` on the shipped 2024
//! plan at a fixed day, without a terminal. Every test drives the app with the
//! keys a user presses and checks the board, the cursor, the mode and the
//! dirty flag.

mod tui_support;

use cchc::app::{self, Action, App, Confirm, Cursor, Effect, Keymap, Mode, Msg, PromptKind};
use cchc::domain::Status;
use cchc::schedule::Column;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::BTreeMap;
use tui_support::*;

fn at(lane: usize, column: Column, task: Option<u32>) -> Cursor {
    Cursor { lane, column, task }
}

fn status_of(app: &App, id: u32) -> Status {
    app.board.task(id).expect("task exists").status
}

fn column_of(app: &App, id: u32) -> Column {
    let i = app.task_index(id).expect("task exists");
    app.view.assessments[i].column
}

/// Ids of the visible cards of one cell, in display order.
fn cell(app: &App, lane: usize, column: Column) -> Vec<u32> {
    app.view.lanes[lane]
        .column(column)
        .iter()
        .map(|&i| app.board.tasks[i].id)
        .collect()
}

fn visible_ids(app: &App) -> Vec<u32> {
    let mut ids: Vec<u32> = app
        .view
        .lanes
        .iter()
        .flat_map(|l| l.cards.iter().flatten())
        .map(|&i| app.board.tasks[i].id)
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn starts_on_the_first_card_of_the_first_lane() {
    let app = shipped_app();
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)));
    assert_eq!(app.mode, Mode::Board);
    assert!(!app.is_dirty());
    assert_eq!(app.view.counts, [32, 0, 0, 11]);
    assert_eq!(cell(&app, 0, Column::Planned), [1, 2, 3, 4, 6, 8]);
    assert_eq!(cell(&app, 0, Column::Overdue), [5, 7]);
    // Most overdue first: #12 (31/12/2023) before #9 (14/01/2024).
    assert_eq!(cell(&app, 1, Column::Overdue), [12, 9]);
    assert_eq!(cell(&app, 7, Column::Overdue), [36, 38, 37]);
}

#[test]
fn left_right_and_h_l_move_between_columns() {
    let mut app = shipped_app();
    // In Progress and Done hold no card in lane I: skipped.
    send(&mut app, key(KeyCode::Right));
    assert_eq!(app.cursor, at(0, Column::Overdue, Some(5)));
    send(&mut app, ch('l'));
    assert_eq!(
        app.cursor,
        at(0, Column::Overdue, Some(5)),
        "stops at the last column"
    );
    send(&mut app, ch('h'));
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)));
    send(&mut app, key(KeyCode::Left));
    assert_eq!(
        app.cursor,
        at(0, Column::Planned, Some(1)),
        "stops at the first column"
    );
    assert!(!app.is_dirty(), "moving the cursor changes nothing");
}

#[test]
fn changing_columns_keeps_the_row_between_neighbouring_cells() {
    let mut app = shipped_app();
    app.set_status(3, Status::InProgress);
    app.set_status(4, Status::InProgress);
    assert_eq!(app.cursor, at(0, Column::InProgress, Some(4)));
    assert_eq!(cell(&app, 0, Column::Planned), [1, 2, 6, 8]);
    send(&mut app, ch('h'));
    assert_eq!(app.cursor, at(0, Column::Planned, Some(2)), "row 1 → row 1");
    send(&mut app, ch('l'));
    assert_eq!(app.cursor, at(0, Column::InProgress, Some(4)));
    // A longer row than the target cell has lands on its last card.
    send_all(&mut app, [ch('h'), ch('G')]);
    assert_eq!(selected_id(&app), Some(8));
    send(&mut app, ch('l'));
    assert_eq!(app.cursor, at(0, Column::InProgress, Some(4)));
}

#[test]
fn up_down_walk_a_cell_then_continue_into_the_next_lane() {
    let mut app = shipped_app();
    let mut seen = vec![selected_id(&app)];
    for _ in 0..5 {
        send(&mut app, ch('j'));
        seen.push(selected_id(&app));
    }
    assert_eq!(seen, [1, 2, 3, 4, 6, 8].map(Some));
    send(&mut app, key(KeyCode::Down));
    assert_eq!(
        app.cursor,
        at(1, Column::Planned, Some(10)),
        "past the end: first card of the lane below"
    );
    send(&mut app, key(KeyCode::Up));
    assert_eq!(
        app.cursor,
        at(0, Column::Planned, Some(8)),
        "before the start: last card of the lane above"
    );
    send_all(&mut app, [ch('k'), ch('k')]);
    assert_eq!(selected_id(&app), Some(4));
    // At the very top nothing moves.
    send(&mut app, ch('g'));
    send(&mut app, ch('k'));
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)));
}

#[test]
fn down_from_an_empty_cell_goes_to_the_same_column_of_the_next_lane() {
    let mut app = shipped_app();
    send_all(&mut app, [ch('l'), ch('l'), ch('l'), ch('j')]);
    assert_eq!(app.cursor, at(0, Column::Overdue, Some(7)));
    send(&mut app, ch('j'));
    assert_eq!(app.cursor, at(1, Column::Overdue, Some(12)));
    send(&mut app, ch('j'));
    assert_eq!(app.cursor, at(1, Column::Overdue, Some(9)));
    send(&mut app, ch('j'));
    assert_eq!(app.cursor, at(2, Column::Overdue, Some(23)));
    send(&mut app, ch('j'));
    assert_eq!(app.cursor, at(3, Column::Overdue, Some(25)));
    send(&mut app, ch('j'));
    assert_eq!(app.cursor, at(4, Column::Overdue, Some(30)));
    // Lane VI has no overdue card: the nearest column that has cards, and
    // the chosen column (Overdue) again in the next lane that has one.
    send(&mut app, ch('j'));
    assert_eq!(app.cursor, at(5, Column::Planned, Some(31)));
    send_all(&mut app, [ch('j'), ch('j'), ch('j')]);
    assert_eq!(app.cursor, at(6, Column::Planned, Some(34)));
    send_all(&mut app, [ch('j'), ch('j')]);
    assert_eq!(app.cursor.lane, 7);
    assert_eq!(app.cursor.column, Column::Overdue);
}

#[test]
fn down_at_the_last_card_of_the_last_lane_stays() {
    let mut app = shipped_app();
    for _ in 0..20 {
        send(&mut app, key(KeyCode::PageDown));
    }
    assert_eq!(app.cursor, at(8, Column::Planned, Some(43)));
    send(&mut app, ch('j'));
    assert_eq!(app.cursor, at(8, Column::Planned, Some(43)));
}

#[test]
fn brackets_and_page_keys_jump_lanes() {
    let mut app = shipped_app();
    send(&mut app, ch(']'));
    assert_eq!(app.cursor, at(1, Column::Planned, Some(10)));
    send(&mut app, key(KeyCode::PageDown));
    assert_eq!(app.cursor, at(2, Column::Planned, Some(19)));
    send(&mut app, ch('['));
    assert_eq!(app.cursor, at(1, Column::Planned, Some(10)));
    send(&mut app, key(KeyCode::PageUp));
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)));
    send(&mut app, ch('['));
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)), "no lane above");
    // A lane jump lands on the first card of the same column.
    send_all(&mut app, [ch('l'), ch('l'), ch('l'), ch('j'), ch(']')]);
    assert_eq!(app.cursor, at(1, Column::Overdue, Some(12)));
    for _ in 0..10 {
        send(&mut app, ch(']'));
    }
    assert_eq!(
        app.cursor,
        at(8, Column::Overdue, Some(42)),
        "no lane below"
    );
}

#[test]
fn g_and_capital_g_select_first_and_last_card_of_the_cell() {
    let mut app = shipped_app();
    send(&mut app, ch('G'));
    assert_eq!(app.cursor, at(0, Column::Planned, Some(8)));
    send(&mut app, ch('g'));
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)));
    // Terminals may send G with SHIFT; Home and End do the same.
    send(&mut app, shift(KeyCode::Char('G')));
    assert_eq!(selected_id(&app), Some(8));
    send(&mut app, key(KeyCode::Home));
    assert_eq!(selected_id(&app), Some(1));
    send(&mut app, key(KeyCode::End));
    assert_eq!(selected_id(&app), Some(8));
}

#[test]
fn capital_l_and_shift_right_move_a_card_forward_and_the_cursor_follows() {
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    assert_eq!(status_of(&app, 1), Status::InProgress);
    assert_eq!(app.cursor, at(0, Column::InProgress, Some(1)));
    assert_eq!(app.board.task(1).expect("#1").completed, None);
    assert!(app.is_dirty());
    send(&mut app, shift(KeyCode::Right));
    assert_eq!(status_of(&app, 1), Status::Done);
    assert_eq!(app.cursor, at(0, Column::Done, Some(1)));
    assert_eq!(app.board.task(1).expect("#1").completed, Some(as_of()));
    assert_eq!(app.view.counts, [31, 0, 1, 11]);
    assert_eq!(app.view.lanes[0].done, 1);
    // Done is the last status: another L changes nothing.
    let before = app.board.clone();
    let revision = app.revision();
    send(&mut app, ch('L'));
    assert_eq!(app.board, before);
    assert_eq!(app.revision(), revision, "no step recorded");
}

#[test]
fn capital_h_and_shift_left_move_a_card_back_and_clear_completed() {
    let mut app = shipped_app();
    send_all(&mut app, [ch('3')]);
    assert_eq!(app.board.task(1).expect("#1").completed, Some(as_of()));
    send(&mut app, ch('H'));
    assert_eq!(status_of(&app, 1), Status::InProgress);
    assert_eq!(
        app.board.task(1).expect("#1").completed,
        None,
        "leaving done clears the stamp"
    );
    assert_eq!(app.cursor, at(0, Column::InProgress, Some(1)));
    send(&mut app, shift(KeyCode::Left));
    assert_eq!(status_of(&app, 1), Status::Planned);
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)));
    send(&mut app, ch('H'));
    assert_eq!(status_of(&app, 1), Status::Planned, "planned is the first");
    assert_eq!(
        app.board,
        shipped_board(),
        "there and back restores the task"
    );
}

#[test]
fn number_keys_set_the_status() {
    let mut app = shipped_app();
    send(&mut app, ch('3'));
    assert_eq!(status_of(&app, 1), Status::Done);
    assert_eq!(app.board.task(1).expect("#1").completed, Some(as_of()));
    send(&mut app, ch('2'));
    assert_eq!(status_of(&app, 1), Status::InProgress);
    assert_eq!(app.board.task(1).expect("#1").completed, None);
    send(&mut app, ch('1'));
    assert_eq!(status_of(&app, 1), Status::Planned);
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)));
}

#[test]
fn an_overdue_card_stays_overdue_in_progress_and_leaves_when_done() {
    let mut app = shipped_app();
    walk_to(&mut app, 9);
    assert_eq!(app.cursor, at(1, Column::Overdue, Some(9)));
    assert_eq!(
        app.selected().expect("a card").1.days_overdue,
        79,
        "due 14/01/2024"
    );
    send(&mut app, ch('2'));
    assert_eq!(status_of(&app, 9), Status::InProgress);
    assert_eq!(
        column_of(&app, 9),
        Column::Overdue,
        "late work is still late"
    );
    assert_eq!(app.cursor, at(1, Column::Overdue, Some(9)));
    send(&mut app, ch('L'));
    assert_eq!(status_of(&app, 9), Status::Done);
    assert_eq!(column_of(&app, 9), Column::Done);
    assert_eq!(app.cursor, at(1, Column::Done, Some(9)), "cursor follows");
    assert_eq!(app.board.task(9).expect("#9").completed, Some(as_of()));
    assert_eq!(app.view.counts, [32, 0, 1, 10]);
    send(&mut app, ch('H'));
    assert_eq!(column_of(&app, 9), Column::Overdue, "undone: late again");
    assert_eq!(app.cursor, at(1, Column::Overdue, Some(9)));
}

fn open_due_prompt(app: &mut App) -> u32 {
    let id = selected_id(app).expect("a selected card");
    send(app, ch('t'));
    match &app.mode {
        Mode::Prompt(p) => assert_eq!(p.kind, PromptKind::SetDue(id)),
        other => panic!("expected the deadline prompt, got {other:?}"),
    }
    id
}

fn prompt_input(app: &App) -> String {
    match &app.mode {
        Mode::Prompt(p) => p.input.clone(),
        other => panic!("expected a prompt, got {other:?}"),
    }
}

#[test]
fn t_sets_a_deadline_in_iso_form_and_a_later_one_ends_overdue() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    assert_eq!(column_of(&app, 5), Column::Overdue);
    open_due_prompt(&mut app);
    assert_eq!(prompt_input(&app), "", "no override yet");
    type_text(&mut app, "2024-04-30");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(app.board.task(5).expect("#5").due, Some(day(2024, 4, 30)));
    assert_eq!(column_of(&app, 5), Column::Planned);
    assert_eq!(
        app.cursor,
        at(0, Column::Planned, Some(5)),
        "cursor follows"
    );
    assert_eq!(app.view.counts, [33, 0, 0, 10]);
    assert!(app.is_dirty());
}

#[test]
fn t_accepts_day_month_year_and_prefills_the_current_override() {
    let mut app = shipped_app();
    walk_to(&mut app, 7);
    open_due_prompt(&mut app);
    type_text(&mut app, "15/05/2024");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.board.task(7).expect("#7").due, Some(day(2024, 5, 15)));
    open_due_prompt(&mut app);
    assert_eq!(prompt_input(&app), "2024-05-15");
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(
        app.board.task(7).expect("#7").due,
        Some(day(2024, 5, 15)),
        "Esc changes nothing"
    );
}

#[test]
fn t_with_empty_input_clears_the_override() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    open_due_prompt(&mut app);
    type_text(&mut app, "2024-12-01");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(column_of(&app, 5), Column::Planned);
    open_due_prompt(&mut app);
    send(&mut app, ctrl('u'));
    assert_eq!(prompt_input(&app), "");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.board.task(5).expect("#5").due, None);
    assert_eq!(
        column_of(&app, 5),
        Column::Overdue,
        "the timeframe rules again"
    );
    assert_eq!(app.cursor, at(0, Column::Overdue, Some(5)));
}

#[test]
fn t_with_an_invalid_date_keeps_the_prompt_with_an_error() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    for bad in ["31/02/2024", "2024-13-01", "next week"] {
        open_due_prompt(&mut app);
        type_text(&mut app, bad);
        send(&mut app, key(KeyCode::Enter));
        match &app.mode {
            Mode::Prompt(p) => {
                assert_eq!(p.kind, PromptKind::SetDue(5));
                assert_eq!(p.input, bad, "the input is kept for fixing");
                let e = p.error.as_deref().expect("an error");
                assert!(e.contains("YYYY-MM-DD or DD/MM/YYYY"), "{e}");
            }
            other => panic!("{bad}: expected the prompt to stay, got {other:?}"),
        }
        assert_eq!(app.board.task(5).expect("#5").due, None);
        assert!(!app.is_dirty());
        // Typing clears the error.
        send(&mut app, key(KeyCode::Backspace));
        match &app.mode {
            Mode::Prompt(p) => assert_eq!(p.error, None),
            other => panic!("expected the prompt, got {other:?}"),
        }
        send(&mut app, key(KeyCode::Esc));
    }
}

fn add_task(app: &mut App, title: &str) -> Vec<Effect> {
    send(app, ch('a'));
    let mut effects = type_text(app, title);
    effects.extend(send(app, key(KeyCode::Enter)));
    effects
}

#[test]
fn a_adds_a_planned_task_to_the_focused_lane_with_the_next_id() {
    let mut app = shipped_app();
    send_all(&mut app, [ch(']'), ch(']')]);
    assert_eq!(app.cursor.lane, 2);
    send(&mut app, ch('a'));
    match &app.mode {
        Mode::Prompt(p) => assert_eq!(p.kind, PromptKind::AddTitle("III".into())),
        other => panic!("expected the title prompt, got {other:?}"),
    }
    type_text(&mut app, "Rà soát biên chế quý II");
    let effects = send(&mut app, key(KeyCode::Enter));
    assert!(effects.is_empty());
    let task = app.board.task(44).expect("task #44 was added");
    assert_eq!(&*task.area, "III");
    assert_eq!(&*task.title, "Rà soát biên chế quý II");
    assert_eq!(task.status, Status::Planned);
    assert_eq!(app.board.tasks.len(), 44);
    assert_eq!(app.cursor, at(2, Column::Planned, Some(44)));
    assert_eq!(cell(&app, 2, Column::Planned), [19, 20, 21, 22, 24, 44]);
    assert!(app.is_dirty());
}

#[test]
fn an_empty_title_adds_nothing() {
    let mut app = shipped_app();
    add_task(&mut app, "   ");
    assert_eq!(app.board.tasks.len(), 43);
    assert_eq!(app.mode, Mode::Board);
    assert!(!app.is_dirty());
}

#[test]
fn ids_are_never_reused_even_after_delete_and_undo() {
    let mut app = shipped_app();
    add_task(&mut app, "first");
    assert!(app.board.task(44).is_some());
    // Undo the add: #44 is gone, but its id stays taken.
    send(&mut app, ch('u'));
    assert!(app.board.task(44).is_none());
    add_task(&mut app, "second");
    assert_eq!(app.board.task(45).map(|t| &*t.title), Some("second"));
    // Delete the newest task: its id is not handed out again.
    send_all(&mut app, [ch('x'), ch('y')]);
    assert!(app.board.task(45).is_none());
    add_task(&mut app, "third");
    assert_eq!(app.board.task(46).map(|t| &*t.title), Some("third"));
    // Delete, undo the delete, add again.
    send_all(&mut app, [ch('x'), ch('y'), ch('u')]);
    assert!(app.board.task(46).is_some());
    add_task(&mut app, "fourth");
    assert_eq!(app.board.task(47).map(|t| &*t.title), Some("fourth"));
    let ids: Vec<u32> = app.board.tasks.iter().map(|t| t.id).collect();
    assert_eq!(ids.len(), 45);
    assert_eq!(ids[43..], [46, 47]);
}

#[test]
fn an_undone_add_keeps_its_id_after_a_new_edit_drops_the_redo_branch() {
    let mut app = shipped_app();
    add_task(&mut app, "saved, then undone");
    assert!(app.board.task(44).is_some());
    // The user saves (#44 is now in the file), undoes the add and edits
    // something else, which drops the redo branch holding #44.
    send(&mut app, Msg::Saved(Ok("saved".into())));
    send_all(&mut app, [ch('u'), ch('g'), ch('L')]);
    assert!(app.board.task(44).is_none());
    assert_eq!(status_of(&app, 1), Status::InProgress);
    add_task(&mut app, "another");
    assert!(
        app.board.task(44).is_none(),
        "#44 was handed out (and saved) before: it must not name another task"
    );
    assert_eq!(app.board.task(45).map(|t| &*t.title), Some("another"));
}

#[test]
fn deleting_the_highest_original_id_does_not_free_it() {
    let mut app = shipped_app();
    walk_to(&mut app, 43);
    send_all(&mut app, [ch('x'), ch('y')]);
    assert!(app.board.task(43).is_none());
    add_task(&mut app, "new");
    assert!(app.board.task(43).is_none(), "#43 is not reused");
    assert!(app.board.task(44).is_some());
}

#[test]
fn x_asks_y_deletes_any_other_key_keeps() {
    let mut app = shipped_app();
    walk_to(&mut app, 2);
    send(&mut app, ch('x'));
    assert_eq!(app.mode, Mode::Confirm(Confirm::Delete(2)));
    send(&mut app, ch('n'));
    assert_eq!(app.mode, Mode::Board);
    assert!(app.board.task(2).is_some());
    send_all(&mut app, [ch('x'), key(KeyCode::Esc)]);
    assert!(app.board.task(2).is_some());
    // `q` answers the question (keeps), it does not quit.
    let effects = send_all(&mut app, [ch('x'), ch('q')]);
    assert!(effects.is_empty());
    assert!(app.board.task(2).is_some());
    assert!(!app.is_dirty());
    send_all(&mut app, [ch('x'), ch('y')]);
    assert!(app.board.task(2).is_none());
    assert_eq!(app.board.tasks.len(), 42);
    assert_eq!(app.mode, Mode::Board);
    assert!(app.is_dirty());
    assert_eq!(cell(&app, 0, Column::Planned), [1, 3, 4, 6, 8]);
    // The card that took the deleted one's place is selected.
    assert_eq!(app.cursor, at(0, Column::Planned, Some(3)));
    assert_eq!(app.view.lanes[0].total, 7);
}

#[test]
fn x_with_no_card_visible_asks_nothing() {
    let mut app = App::new(shipped_board(), day(2023, 11, 1));
    send(&mut app, ch('o'));
    assert_eq!(selected_id(&app), None);
    send(&mut app, ch('x'));
    assert_eq!(app.mode, Mode::Board);
}

fn search(app: &mut App, query: &str) {
    send(app, ch('/'));
    match &app.mode {
        Mode::Prompt(p) => assert_eq!(p.kind, PromptKind::Search),
        other => panic!("expected the search prompt, got {other:?}"),
    }
    type_text(app, query);
}

#[test]
fn search_is_incremental_and_accent_insensitive() {
    let mut app = shipped_app();
    walk_to(&mut app, 29);
    search(&mut app, "ke hoach");
    assert_eq!(app.search.as_deref(), Some("ke hoach"));
    // Neither #29 nor the cards after it in reading order (#30, #31) mention
    // a plan ("kế hoạch"); lane VI's #32 does.
    assert_eq!(selected_id(&app), Some(32), "Xây dựng kế hoạch thực hiện…");
    assert!(app.is_match(app.task_index(32).expect("#32")));
    assert!(!app.is_match(app.task_index(29).expect("#29")));
    // Accents and case in the query do not matter either.
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.search, None, "Esc in the prompt ends the search");
    walk_to(&mut app, 29);
    search(&mut app, "KẾ HOẠCH");
    assert_eq!(app.search.as_deref(), Some("ke hoach"));
    assert_eq!(selected_id(&app), Some(32));
}

#[test]
fn search_moves_while_typing_and_n_cycles_in_reading_order() {
    let mut app = shipped_app();
    search(&mut app, "kiem tra cong v");
    // Reading order is lane by lane, column by column: in lane III the
    // Planned #24 comes before the Overdue #23.
    assert_eq!(app.cursor, at(2, Column::Planned, Some(24)));
    type_text(&mut app, "u");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(
        app.search.as_deref(),
        Some("kiem tra cong vu"),
        "Enter keeps it"
    );
    send(&mut app, ch('n'));
    assert_eq!(app.cursor, at(2, Column::Overdue, Some(23)));
    send(&mut app, ch('n'));
    assert_eq!(app.cursor, at(2, Column::Planned, Some(24)), "wraps around");
    send(&mut app, ch('N'));
    assert_eq!(app.cursor, at(2, Column::Overdue, Some(23)), "N goes back");
    send(&mut app, ch('N'));
    assert_eq!(selected_id(&app), Some(24));
    let matches: Vec<u32> = app
        .board
        .tasks
        .iter()
        .enumerate()
        .filter(|&(i, _)| app.is_match(i))
        .map(|(_, t)| t.id)
        .collect();
    assert_eq!(matches, [23, 24]);
    assert!(!app.is_dirty());
}

#[test]
fn n_visits_every_match_lane_by_lane() {
    let mut app = shipped_app();
    search(&mut app, "dao tao");
    send(&mut app, key(KeyCode::Enter));
    // #27 (IV, Planned) then #25 (IV, Overdue); "đạo đức" (#28) is not "đào tạo".
    assert_eq!(selected_id(&app), Some(27));
    send(&mut app, ch('n'));
    assert_eq!(selected_id(&app), Some(25));
    send(&mut app, ch('n'));
    assert_eq!(selected_id(&app), Some(27));
}

#[test]
fn search_finds_decomposed_text_and_the_task_id() {
    let mut board = shipped_board();
    // "Lưu trữ hồ sơ điện tử" written decomposed (NFD), as some editors save it.
    let nfd = "Lu\u{31b}u tru\u{31b}\u{303} ho\u{302}\u{300} so\u{31b} \u{111}ie\u{323}\u{302}n tu\u{31b}\u{309}";
    board.tasks[40].title = nfd.into();
    assert_eq!(board.tasks[40].id, 41);
    let mut app = App::new(board, as_of());
    search(&mut app, "luu tru ho so");
    assert_eq!(selected_id(&app), Some(41));
    send(&mut app, key(KeyCode::Esc));
    // A query typed precomposed (NFC) finds the decomposed title too.
    send(&mut app, ch('g'));
    search(&mut app, "lưu trữ");
    assert_eq!(selected_id(&app), Some(41));
    send(&mut app, key(KeyCode::Esc));
    send(&mut app, ch('g'));
    search(&mut app, "#17");
    assert_eq!(selected_id(&app), Some(17), "an id finds its task");
}

#[test]
fn a_search_without_a_match_says_so_and_keeps_the_cursor() {
    let mut app = shipped_app();
    walk_to(&mut app, 6);
    let before = app.cursor;
    search(&mut app, "zzqx");
    assert_eq!(app.cursor, before);
    assert_eq!(app.notice.as_deref(), Some("no match"));
    send(&mut app, key(KeyCode::Enter));
    send(&mut app, ch('n'));
    assert_eq!(app.cursor, before);
    assert_eq!(app.notice.as_deref(), Some("no match"));
    // The notice lasts until the next key.
    send(&mut app, ch('j'));
    assert_eq!(app.notice, None);
}

#[test]
fn n_without_a_search_does_nothing() {
    let mut app = shipped_app();
    send_all(&mut app, [ch('n'), ch('N')]);
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)));
    assert_eq!(app.notice, None);
}

#[test]
fn f_filters_by_lead_unit_accent_insensitively() {
    let mut app = shipped_app();
    send(&mut app, ch('f'));
    match &app.mode {
        Mode::Prompt(p) => assert_eq!(p.kind, PromptKind::FilterLead),
        other => panic!("expected the lead prompt, got {other:?}"),
    }
    type_text(&mut app, "THANH TRA");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.filter.lead.as_deref(), Some("thanh tra"));
    assert_eq!(
        visible_ids(&app),
        [23, 24, 28, 37, 40],
        "lead: Thanh tra Sở"
    );
    assert_eq!(app.view.counts, [3, 0, 0, 2]);
    // Progress counts ignore the filter.
    assert_eq!(app.view.lanes[2].total, 6);
    // The hidden card is no longer selected: the nearest visible one is.
    assert_eq!(app.cursor, at(2, Column::Planned, Some(24)));

    let mut app = shipped_app();
    send(&mut app, ch('f'));
    type_text(&mut app, "bo phan mot cua");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(visible_ids(&app), [16, 17, 18]);
    // The prompt shows the active filter for editing.
    send(&mut app, ch('f'));
    assert_eq!(prompt_input(&app), "bo phan mot cua");
    send(&mut app, ctrl('u'));
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.filter.lead, None, "empty input removes the filter");
    assert_eq!(visible_ids(&app).len(), 43);
}

#[test]
fn o_shows_overdue_only_and_esc_clears_every_filter() {
    let mut app = shipped_app();
    send(&mut app, ch('o'));
    assert!(app.filter.overdue_only);
    assert_eq!(app.view.counts, [0, 0, 0, 11]);
    assert_eq!(visible_ids(&app), [5, 7, 9, 12, 23, 25, 30, 36, 37, 38, 42]);
    // Combined with a lead filter.
    send(&mut app, ch('f'));
    type_text(&mut app, "thanh tra");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(visible_ids(&app), [23, 37]);
    search(&mut app, "cchc");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(selected_id(&app), Some(37));
    send(&mut app, key(KeyCode::Esc));
    assert!(!app.filter.overdue_only);
    assert_eq!(app.filter.lead, None);
    assert_eq!(app.search, None);
    assert_eq!(visible_ids(&app).len(), 43);
    assert_eq!(
        app.cursor,
        at(7, Column::Overdue, Some(37)),
        "still on the same card"
    );
    // `o` toggles.
    send_all(&mut app, [ch('o'), ch('o')]);
    assert!(!app.filter.overdue_only);
    assert!(!app.is_dirty(), "filters are not edits");
}

#[test]
fn undo_and_redo_walk_several_steps_and_dirty_follows_the_saved_state() {
    let original = shipped_board();
    let mut app = shipped_app();
    send(&mut app, ch('L')); // #1 → in progress
    let after1 = app.board.clone();
    send(&mut app, ch('L')); // #1 → done
    let after2 = app.board.clone();
    walk_to(&mut app, 5);
    open_due_prompt(&mut app);
    type_text(&mut app, "2024-06-30");
    send(&mut app, key(KeyCode::Enter)); // #5 due
    let after3 = app.board.clone();
    assert!(app.is_dirty());

    send(&mut app, ch('u'));
    assert_eq!(app.board, after2);
    assert_eq!(column_of(&app, 5), Column::Overdue);
    assert_eq!(selected_id(&app), Some(5), "the cursor stays on the card");
    send(&mut app, ch('u'));
    assert_eq!(app.board, after1);
    send(&mut app, ch('u'));
    assert_eq!(app.board, original);
    assert!(!app.is_dirty(), "undone back to what was loaded");
    send(&mut app, ch('u'));
    assert_eq!(app.notice.as_deref(), Some("nothing to undo"));
    assert_eq!(app.board, original);

    send(&mut app, ctrl('r'));
    assert_eq!(app.board, after1);
    assert!(app.is_dirty());
    send_all(&mut app, [ctrl('r'), ctrl('r')]);
    assert_eq!(app.board, after3);
    send(&mut app, ctrl('r'));
    assert_eq!(app.notice.as_deref(), Some("nothing to redo"));
    assert_eq!(app.board, after3);
}

#[test]
fn undo_past_a_save_is_dirty_and_redo_back_to_it_is_clean() {
    let mut app = shipped_app();
    send_all(&mut app, [ch('L'), ch('L')]);
    assert_eq!(send(&mut app, ch('w')), [Effect::Save]);
    send(&mut app, Msg::Saved(Ok("saved board.yaml".into())));
    assert!(!app.is_dirty());
    assert_eq!(app.notice.as_deref(), Some("saved board.yaml"));
    send(&mut app, ch('u'));
    assert!(app.is_dirty(), "one step before the saved state");
    send(&mut app, ch('u'));
    assert!(app.is_dirty(), "the file on disk has the moves now");
    send_all(&mut app, [ctrl('r'), ctrl('r')]);
    assert!(!app.is_dirty(), "redone up to the saved state");
    // A new edit after undo drops the redo branch.
    send_all(&mut app, [ch('u'), ch('1')]);
    assert_eq!(status_of(&app, 1), Status::Planned);
    assert!(app.is_dirty());
    send(&mut app, ctrl('r'));
    assert_eq!(app.notice.as_deref(), Some("nothing to redo"));
    assert_eq!(status_of(&app, 1), Status::Planned);
}

#[test]
fn w_and_ctrl_s_ask_for_a_save_and_saved_ok_marks_clean() {
    let mut app = shipped_app();
    assert_eq!(send(&mut app, ch('w')), [Effect::Save], "even when clean");
    send(&mut app, ch('L'));
    assert_eq!(send(&mut app, ctrl('s')), [Effect::Save]);
    assert!(app.is_dirty(), "not clean until the save reports back");
    send(&mut app, Msg::Saved(Err("disk full".into())));
    assert!(app.is_dirty(), "a failed save keeps the edits unsaved");
    assert_eq!(app.notice.as_deref(), Some("disk full"));
    send(&mut app, Msg::Saved(Ok("saved".into())));
    assert!(!app.is_dirty());
    assert_eq!(status_of(&app, 1), Status::InProgress);
}

#[test]
fn a_refused_save_asks_what_to_do() {
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    send(&mut app, Msg::SaveConflict);
    assert_eq!(app.mode, Mode::Confirm(Confirm::ExternalChange));
    assert_eq!(send(&mut app, ch('k')), [Effect::SaveOver]);
    send(&mut app, Msg::SaveConflict);
    assert_eq!(send(&mut app, ch('s')), [Effect::SaveSide]);
    send(&mut app, Msg::SaveConflict);
    assert_eq!(send(&mut app, ch('R')), [Effect::Reload], "any case");
}

#[test]
fn q_and_ctrl_c_quit_at_once_when_clean() {
    let mut app = shipped_app();
    assert_eq!(send(&mut app, ch('q')), [Effect::Quit]);
    let mut app = shipped_app();
    assert_eq!(send(&mut app, ctrl('c')), [Effect::Quit]);
    // Undone back to clean: no question either.
    let mut app = shipped_app();
    send_all(&mut app, [ch('L'), ch('u')]);
    assert_eq!(send(&mut app, ch('q')), [Effect::Quit]);
}

#[test]
fn quitting_with_unsaved_edits_asks_first() {
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    assert!(send(&mut app, ch('q')).is_empty());
    assert_eq!(app.mode, Mode::Confirm(Confirm::Quit));
    // Esc stays.
    assert!(send(&mut app, key(KeyCode::Esc)).is_empty());
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(status_of(&app, 1), Status::InProgress);
    // y quits without saving.
    send(&mut app, ctrl('c'));
    assert_eq!(app.mode, Mode::Confirm(Confirm::Quit));
    assert_eq!(send(&mut app, ch('y')), [Effect::Quit]);
}

#[test]
fn s_in_the_quit_question_saves_then_quits_when_the_save_succeeds() {
    let mut app = shipped_app();
    send_all(&mut app, [ch('L'), ch('q')]);
    assert_eq!(send(&mut app, ch('s')), [Effect::Save]);
    assert_eq!(
        app.mode,
        Mode::Confirm(Confirm::Quit),
        "waiting for the save"
    );
    // A failed save does not quit: the edits would be lost.
    assert!(send(&mut app, Msg::Saved(Err("read-only".into()))).is_empty());
    assert!(app.is_dirty());
    assert_eq!(send(&mut app, ch('s')), [Effect::Save]);
    assert_eq!(
        send(&mut app, Msg::Saved(Ok("saved".into()))),
        [Effect::Quit]
    );
    assert!(!app.is_dirty());
}

#[test]
fn a_save_that_needs_a_rewrite_asks_for_consent() {
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    send(&mut app, ch('w'));
    assert!(send(&mut app, Msg::NeedsRewrite).is_empty());
    assert_eq!(app.mode, Mode::Confirm(Confirm::Rewrite));
    assert!(send(&mut app, ch('n')).is_empty(), "other keys cancel");
    assert_eq!(app.mode, Mode::Board);
    assert!(app.is_dirty());
    send(&mut app, Msg::NeedsRewrite);
    assert_eq!(send(&mut app, ch('y')), [Effect::SaveRewrite]);
}

#[test]
fn help_opens_scrolls_and_any_other_key_closes_it() {
    let mut app = shipped_app();
    send(&mut app, ch('?'));
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    send_all(&mut app, [ch('j'), key(KeyCode::Down)]);
    assert_eq!(app.mode, Mode::Help { scroll: 2 });
    send(&mut app, key(KeyCode::PageDown));
    assert_eq!(app.mode, Mode::Help { scroll: 12 });
    send(&mut app, ch('k'));
    assert_eq!(app.mode, Mode::Help { scroll: 11 });
    send(&mut app, key(KeyCode::PageUp));
    assert_eq!(app.mode, Mode::Help { scroll: 1 });
    send(&mut app, key(KeyCode::Up));
    send(&mut app, key(KeyCode::Up));
    assert_eq!(app.mode, Mode::Help { scroll: 0 }, "no negative scroll");
    send(&mut app, key(KeyCode::PageDown));
    send(&mut app, ch('g'));
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    // A board key closes help and does nothing else.
    let effects = send(&mut app, ch('x'));
    assert!(effects.is_empty());
    assert_eq!(app.mode, Mode::Board);
    send_all(&mut app, [ch('?'), ch('q')]);
    assert_eq!(app.mode, Mode::Board, "q closes help, does not quit");
}

#[test]
fn enter_opens_the_detail_view_which_scrolls_and_closes() {
    let mut app = shipped_app();
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Detail { scroll: 0 });
    send_all(&mut app, [ch('j'), ch(' ')]);
    assert_eq!(app.mode, Mode::Detail { scroll: 11 });
    let effects = send(&mut app, key(KeyCode::Esc));
    assert!(effects.is_empty());
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(selected_id(&app), Some(1));
    // No card, no detail: on 01/11/2023 nothing is overdue yet.
    let mut app = App::new(shipped_board(), day(2023, 11, 1));
    send_all(&mut app, [ch('o'), key(KeyCode::Enter)]);
    assert_eq!(app.view.counts, [0; 4]);
    assert_eq!(selected_id(&app), None);
    assert_eq!(app.mode, Mode::Board);
}

#[test]
fn a_change_on_disk_reloads_a_clean_board_keeping_the_cursor_on_its_task() {
    let mut app = shipped_app();
    walk_to(&mut app, 6);
    let mut on_disk = shipped_board();
    on_disk
        .set_status(6, Status::InProgress, as_of())
        .expect("#6");
    on_disk.set_status(2, Status::Done, as_of()).expect("#2");
    let effects = send(
        &mut app,
        Msg::DiskChanged {
            theirs: Box::new(on_disk.clone()),
            base: Box::new(shipped_board()),
        },
    );
    assert!(effects.is_empty());
    assert_eq!(app.board, on_disk);
    assert_eq!(app.cursor, at(0, Column::InProgress, Some(6)));
    assert!(!app.is_dirty(), "what is on disk is saved by definition");
    assert_eq!(
        app.notice.as_deref(),
        Some("board changed on disk: reloaded")
    );
    assert_eq!(app.view.counts, [30, 1, 1, 11]);
    // No undo across a reload.
    send(&mut app, ch('u'));
    assert_eq!(app.board, on_disk);
    assert_eq!(app.notice.as_deref(), Some("nothing to undo"));
}

#[test]
fn a_change_on_disk_with_unsaved_edits_asks_and_must_be_answered() {
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    let mine = app.board.clone();
    let mut theirs = shipped_board();
    theirs.set_status(2, Status::Done, as_of()).expect("#2");
    send(
        &mut app,
        Msg::DiskChanged {
            theirs: Box::new(theirs),
            base: Box::new(shipped_board()),
        },
    );
    assert_eq!(app.mode, Mode::Confirm(Confirm::ExternalChange));
    assert_eq!(app.board, mine, "nothing replaced before the user decides");
    for msg in [ch('q'), ch('y'), key(KeyCode::Esc), ch('x')] {
        assert!(send(&mut app, msg).is_empty());
        assert_eq!(app.mode, Mode::Confirm(Confirm::ExternalChange));
    }
    assert_eq!(send(&mut app, ch('r')), [Effect::Reload]);
    assert_eq!(app.mode, Mode::Board);
}

#[test]
fn the_recovery_question_only_accepts_r_or_d() {
    let mut app = shipped_app();
    app.mode = Mode::Confirm(Confirm::Recovery);
    for msg in [
        ch('q'),
        ctrl('c'),
        ch('y'),
        ch('n'),
        key(KeyCode::Esc),
        key(KeyCode::Enter),
        ch('L'),
    ] {
        assert!(send(&mut app, msg.clone()).is_empty(), "{msg:?}");
        assert_eq!(app.mode, Mode::Confirm(Confirm::Recovery), "{msg:?}");
    }
    assert_eq!(app.board, shipped_board());
    assert_eq!(send(&mut app, ch('r')), [Effect::RestoreRecovery]);
    assert_eq!(app.mode, Mode::Board);
    app.mode = Mode::Confirm(Confirm::Recovery);
    assert_eq!(send(&mut app, ch('D')), [Effect::DiscardRecovery]);
    assert_eq!(app.mode, Mode::Board);
}

#[test]
fn a_restored_recovery_is_unsaved_work() {
    let mut app = shipped_app();
    let mut recovered = shipped_board();
    recovered.set_status(1, Status::Done, as_of()).expect("#1");
    app.restore_unsaved(recovered.clone());
    assert_eq!(app.board, recovered);
    assert!(app.is_dirty());
    assert_eq!(app.cursor, at(0, Column::Done, Some(1)));
}

#[test]
fn key_release_events_are_ignored() {
    let mut app = shipped_app();
    for code in [KeyCode::Char('L'), KeyCode::Char('j'), KeyCode::Char('q')] {
        let release = KeyEvent::new_with_kind(code, KeyModifiers::NONE, KeyEventKind::Release);
        assert!(send(&mut app, Msg::Key(release)).is_empty());
    }
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)));
    assert_eq!(app.board, shipped_board());
    // A repeat is a press.
    let repeat =
        KeyEvent::new_with_kind(KeyCode::Char('j'), KeyModifiers::NONE, KeyEventKind::Repeat);
    send(&mut app, Msg::Key(repeat));
    assert_eq!(selected_id(&app), Some(2));
}

#[test]
fn keymap_overrides_rebind_actions() {
    let mut overrides = BTreeMap::new();
    overrides.insert(Action::MoveNext, vec!["m".to_owned()]);
    overrides.insert(Action::Save, vec!["ctrl-w".to_owned()]);
    overrides.insert(Action::Down, vec!["down".to_owned(), "s".to_owned()]);
    let mut app = shipped_app();
    app.keymap = Keymap::with_overrides(&overrides).expect("valid keys");

    send(&mut app, ch('L'));
    assert_eq!(status_of(&app, 1), Status::Planned, "L is no longer bound");
    send(&mut app, ch('m'));
    assert_eq!(status_of(&app, 1), Status::InProgress);
    assert!(send(&mut app, ch('w')).is_empty(), "w is no longer save");
    assert_eq!(send(&mut app, ctrl('w')), [Effect::Save]);
    send_all(&mut app, [ch('h'), ch('s')]);
    assert_eq!(selected_id(&app), Some(3), "s moves down (Planned: 2, 3)");
    send(&mut app, ch('j'));
    assert_eq!(selected_id(&app), Some(3), "j was replaced");
    // An overridden action has exactly the listed keys: Shift-→ is gone too.
    send(&mut app, shift(KeyCode::Right));
    assert_eq!(status_of(&app, 3), Status::Planned);
    // Actions that were not overridden keep their keys.
    send_all(&mut app, [ch('l'), ch('H')]);
    assert_eq!(status_of(&app, 1), Status::Planned, "H still moves back");
}

#[test]
fn a_read_only_board_refuses_edits_with_the_reason() {
    let mut app = shipped_app();
    app.locked = Some("board.yaml is read-only".into());
    for msg in [ch('L'), ch('3'), ch('x'), ch('a'), ch('t')] {
        assert!(send(&mut app, msg.clone()).is_empty(), "{msg:?}");
        assert_eq!(app.mode, Mode::Board, "{msg:?}");
        assert_eq!(app.notice.as_deref(), Some("board.yaml is read-only"));
    }
    assert!(send(&mut app, ch('w')).is_empty(), "no save");
    assert_eq!(app.board, shipped_board());
    // Looking around still works.
    send_all(&mut app, [ch('j'), ch('/')]);
    assert_eq!(selected_id(&app), Some(2));
}

#[test]
fn an_edit_from_the_editor_is_one_undoable_step() {
    let mut app = shipped_app();
    let effects = send(&mut app, ch('e'));
    let task = match effects.as_slice() {
        [Effect::Edit(t)] => (**t).clone(),
        other => panic!("expected an edit effect, got {other:?}"),
    };
    assert_eq!(task.id, 1);
    let mut edited = task.clone();
    edited.assignee = Some("Chị Lan".into());
    edited.status = Status::InProgress;
    send(&mut app, Msg::Edited(Ok(Box::new(edited.clone()))));
    assert_eq!(app.board.task(1), Some(&edited));
    assert_eq!(app.cursor, at(0, Column::InProgress, Some(1)));
    assert!(app.is_dirty());
    send(&mut app, ch('u'));
    assert_eq!(app.board.task(1), Some(&task));
    assert!(!app.is_dirty());
    // An unchanged task records nothing; an error is shown.
    let revision = app.revision();
    send(&mut app, Msg::Edited(Ok(Box::new(task))));
    assert_eq!(app.revision(), revision);
    send(&mut app, Msg::Edited(Err("line 3: bad date".into())));
    assert_eq!(app.notice.as_deref(), Some("line 3: bad date"));
}

#[test]
fn prompts_take_text_and_ignore_control_keys() {
    let mut app = shipped_app();
    send(&mut app, ch('a'));
    type_text(&mut app, "Họp giao ban");
    send_all(
        &mut app,
        [
            ctrl('x'),
            key(KeyCode::Left),
            key(KeyCode::Tab),
            key(KeyCode::Backspace),
        ],
    );
    assert_eq!(prompt_input(&app), "Họp giao ba");
    // Keys that mean something on the board are text in a prompt.
    type_text(&mut app, "n qLx");
    assert_eq!(prompt_input(&app), "Họp giao ban qLx");
    assert!(!app.is_dirty());
    let effects = send(&mut app, key(KeyCode::Esc));
    assert!(effects.is_empty());
    assert_eq!(app.board.tasks.len(), 43, "Esc cancels the add");
}

#[test]
fn resize_and_notices_change_no_state() {
    let mut app = shipped_app();
    assert!(send(&mut app, Msg::Resize).is_empty());
    assert!(send(&mut app, Msg::Notice("hello".into())).is_empty());
    assert_eq!(app.notice.as_deref(), Some("hello"));
    assert_eq!(app.cursor, at(0, Column::Planned, Some(1)));
    assert!(!app.is_dirty());
}

#[test]
fn update_is_exposed_as_a_plain_function() {
    // The runtime drives the app through this one entry point.
    let mut app = shipped_app();
    let effects = app::update(&mut app, ch('q'));
    assert_eq!(effects, [Effect::Quit]);
}

#[test]
fn crossing_an_empty_column_comes_back_to_the_same_row() {
    let mut app = shipped_app();
    app::update(&mut app, key(KeyCode::Down));
    app::update(&mut app, key(KeyCode::Down));
    assert_eq!(app.cursor, at(0, Column::Planned, Some(3)));
    // In Progress and Done are empty in lane I: Right skips them, into the
    // shorter Overdue column, where the row is clamped to its last card.
    app::update(&mut app, key(KeyCode::Right));
    assert_eq!(app.cursor, at(0, Column::Overdue, Some(7)));
    // Back left, the remembered row again.
    app::update(&mut app, key(KeyCode::Left));
    assert_eq!(app.cursor, at(0, Column::Planned, Some(3)));
}

#[test]
fn help_does_not_scroll_past_its_last_row() {
    let mut app = shipped_app();
    send(&mut app, ch('?'));
    for _ in 0..10 {
        send(&mut app, key(KeyCode::PageDown));
    }
    let last = app.keymap.help_rows().len() as u16 - 1;
    assert_eq!(app.mode, Mode::Help { scroll: last });
    send(&mut app, key(KeyCode::Up));
    assert_eq!(app.mode, Mode::Help { scroll: last - 1 });
}

#[test]
fn undoing_a_delete_selects_the_restored_card() {
    let mut app = shipped_app();
    walk_to(&mut app, 6);
    send_all(&mut app, [ch('x'), ch('y')]);
    assert!(app.board.task(6).is_none());
    assert_ne!(selected_id(&app), Some(1), "not thrown back to #1");
    send(&mut app, ch('u'));
    assert_eq!(selected_id(&app), Some(6), "the restored card");
    // Redo deletes it again; the cursor stays in its cell.
    send(&mut app, ctrl('r'));
    assert!(app.board.task(6).is_none());
    assert_eq!(app.cursor.lane, 0);
    assert_eq!(selected_id(&app), Some(8), "the card that took its place");
}

#[test]
fn a_lead_filter_that_matches_no_unit_is_refused_and_tab_offers_the_units() {
    let mut app = shipped_app();
    send(&mut app, ch('f'));
    type_text(&mut app, "van phog");
    send(&mut app, key(KeyCode::Enter));
    match &app.mode {
        Mode::Prompt(p) => {
            assert_eq!(p.kind, PromptKind::FilterLead, "the prompt stays open");
            let n = app.board.lead_units().len();
            let e = p.error.as_deref().expect("an error");
            assert!(e.contains(&format!("{n} units")), "{e}");
        }
        other => panic!("expected the lead prompt, got {other:?}"),
    }
    assert_eq!(app.filter.lead, None, "no filter that hides every card");
    assert_eq!(visible_ids(&app).len(), 43);
    // Tab replaces the text with the units in turn; Shift-Tab goes back.
    send(&mut app, ctrl('u'));
    send(&mut app, key(KeyCode::Tab));
    assert_eq!(prompt_input(&app), "Văn phòng Sở");
    send(&mut app, key(KeyCode::Tab));
    let second = prompt_input(&app);
    assert_ne!(second, "Văn phòng Sở");
    send(&mut app, key(KeyCode::BackTab));
    assert_eq!(prompt_input(&app), "Văn phòng Sở");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.filter.lead.as_deref(), Some("van phong so"));
    assert!(app.cursor.task.is_some());
}

#[test]
fn save_and_quit_still_quits_after_the_hand_formatting_question() {
    let mut app = shipped_app();
    send(&mut app, ch('2'));
    assert!(app.is_dirty());
    send(&mut app, ch('q'));
    assert_eq!(app.mode, Mode::Confirm(Confirm::Quit));
    assert_eq!(send(&mut app, ch('s')), [Effect::Save]);
    // The file turns out hand-formatted: the board asks before rewriting it.
    send(&mut app, Msg::NeedsRewrite);
    assert_eq!(app.mode, Mode::Confirm(Confirm::Rewrite));
    assert_eq!(send(&mut app, ch('y')), [Effect::SaveRewrite]);
    assert_eq!(
        send(&mut app, Msg::Saved(Ok("saved".into()))),
        [Effect::Quit],
        "the user asked to save and quit"
    );
    // Cancelling the rewrite forgets the quit: a later save does not quit.
    let mut app = shipped_app();
    send_all(&mut app, [ch('2'), ch('q'), ch('s')]);
    send(&mut app, Msg::NeedsRewrite);
    send(&mut app, ch('n'));
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(send(&mut app, Msg::Saved(Ok("saved".into()))), []);
}

#[test]
fn a_read_only_board_cannot_be_saved_from_the_quit_question() {
    let mut app = shipped_app();
    send(&mut app, ch('2'));
    app.locked = Some("another session has this board open".into());
    send(&mut app, ch('q'));
    assert_eq!(app.mode, Mode::Confirm(Confirm::Quit));
    assert_eq!(send(&mut app, ch('s')), [], "no save");
    assert_eq!(
        app.notice.as_deref(),
        Some("another session has this board open")
    );
}

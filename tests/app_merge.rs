//! Outside versions meeting unsaved edits, in the app core: a change on disk
//! while editing (`m` merges, three-way, base = the board as loaded) and a
//! recovery file whose base the disk has moved on from.

mod tui_support;

use cchc::app::{App, Confirm, Effect, Mode, Msg};
use cchc::domain::{Board, Status};
use crossterm::event::KeyCode;
use tui_support::*;

fn moved(mut board: Board, id: u32, status: Status) -> Board {
    board
        .set_status(id, status, as_of())
        .expect("the task exists");
    board
}

/// The shipped board with an unsaved move of #1 to In Progress, and a
/// colleague's version on disk.
fn editing_when_disk_changes(theirs: Board) -> App {
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    assert_eq!(app.board.task(1).expect("#1").status, Status::InProgress);
    send(
        &mut app,
        Msg::DiskChanged {
            theirs: Box::new(theirs),
            base: Box::new(shipped_board()),
        },
    );
    assert_eq!(app.mode, Mode::Confirm(Confirm::ExternalChange));
    app
}

#[test]
fn m_merges_a_change_to_another_task_keeping_both() {
    let theirs = moved(shipped_board(), 2, Status::Done);
    let mut app = editing_when_disk_changes(theirs);
    assert_eq!(send(&mut app, ch('m')), [Effect::AdoptDisk]);
    assert_eq!(app.mode, Mode::Board);
    let both = moved(
        moved(shipped_board(), 1, Status::InProgress),
        2,
        Status::Done,
    );
    assert_eq!(app.board, both);
    assert!(app.is_dirty(), "the merge is unsaved until w");
    assert!(
        app.notice.as_deref().is_some_and(|n| n.contains("merged")),
        "{:?}",
        app.notice
    );
    // Undo cannot put back the whole pre-merge task and drop their change.
    send(&mut app, ch('u'));
    assert_eq!(app.board, both);
    // Saving marks it clean.
    send(&mut app, Msg::Saved(Ok("saved".into())));
    assert!(!app.is_dirty());
}

#[test]
fn different_fields_of_one_task_merge_too() {
    let mut theirs = shipped_board();
    theirs.tasks[0].assignee = Some("Chị Lan".into());
    let mut app = editing_when_disk_changes(theirs);
    assert_eq!(send(&mut app, ch('M')), [Effect::AdoptDisk], "any case");
    let t = app.board.task(1).expect("#1");
    assert_eq!(t.status, Status::InProgress);
    assert_eq!(t.assignee.as_deref(), Some("Chị Lan"));
}

#[test]
fn a_merge_that_ends_where_the_disk_is_is_clean() {
    // The colleague made the same move: nothing left to save.
    let theirs = moved(shipped_board(), 1, Status::InProgress);
    let mut app = editing_when_disk_changes(theirs.clone());
    assert_eq!(send(&mut app, ch('m')), [Effect::AdoptDisk]);
    assert_eq!(app.board, theirs);
    assert!(!app.is_dirty());
}

#[test]
fn a_real_conflict_is_shown_and_must_be_answered() {
    // Both moved #1, differently; they also finished #2.
    let theirs = moved(moved(shipped_board(), 1, Status::Done), 2, Status::Done);
    let mut app = editing_when_disk_changes(theirs.clone());
    assert!(send(&mut app, ch('m')).is_empty());
    let Mode::Confirm(Confirm::MergeConflict(lines)) = app.mode.clone() else {
        panic!("a conflict question, got {:?}", app.mode);
    };
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("task #1: status"),
        "names the task and field: {lines:?}"
    );
    assert!(lines[0].contains("in_progress") && lines[0].contains("done"));
    for msg in [ch('q'), ch('y'), ch('m'), key(KeyCode::Esc)] {
        assert!(send(&mut app, msg).is_empty());
        assert_eq!(
            app.mode,
            Mode::Confirm(Confirm::MergeConflict(lines.clone()))
        );
    }
    let mut mine_way = app.clone();
    // k: mine for the conflict, their #2 kept.
    assert_eq!(send(&mut mine_way, ch('k')), [Effect::AdoptDisk]);
    assert_eq!(
        mine_way.board,
        moved(
            moved(shipped_board(), 1, Status::InProgress),
            2,
            Status::Done
        )
    );
    assert!(mine_way.is_dirty());
    // t: theirs for the conflict (that is their whole board here: clean).
    let mut theirs_way = app.clone();
    assert_eq!(send(&mut theirs_way, ch('t')), [Effect::AdoptDisk]);
    assert_eq!(theirs_way.board, theirs);
    assert!(!theirs_way.is_dirty());
    // r and s are still there.
    let mut reload = app.clone();
    assert_eq!(send(&mut reload, ch('r')), [Effect::Reload]);
    assert_eq!(send(&mut app, ch('s')), [Effect::SaveSide]);
}

#[test]
fn keep_only_mine_and_the_other_answers_stay() {
    let theirs = moved(shipped_board(), 2, Status::Done);
    let mut app = editing_when_disk_changes(theirs.clone());
    assert_eq!(send(&mut app, ch('k')), [Effect::SaveOver]);
    let mut app = editing_when_disk_changes(theirs.clone());
    assert_eq!(send(&mut app, ch('s')), [Effect::SaveSide]);
    let mut app = editing_when_disk_changes(theirs);
    assert_eq!(send(&mut app, ch('r')), [Effect::Reload]);
}

#[test]
fn without_the_disk_version_m_says_why_and_asks_again() {
    // A refused save whose disk version does not load: nothing to merge with.
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    send(&mut app, Msg::SaveConflict);
    assert!(send(&mut app, ch('m')).is_empty());
    assert_eq!(app.mode, Mode::Confirm(Confirm::ExternalChange));
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("cannot be merged"))
    );
}

#[test]
fn restoring_a_recovery_merges_what_the_disk_did_since_its_base() {
    // Recovered: #1 in progress on the shipped base; the disk since: #7 done.
    let on_disk = moved(shipped_board(), 7, Status::Done);
    let mut app = App::new(on_disk.clone(), as_of());
    let mine = moved(shipped_board(), 1, Status::InProgress);
    app.restore_merging(mine, Some(shipped_board()));
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(app.board, moved(on_disk, 1, Status::InProgress));
    assert!(app.is_dirty());
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("merged with the changes made on disk")),
        "{:?}",
        app.notice
    );
}

#[test]
fn restoring_a_recovery_asks_about_real_conflicts() {
    let on_disk = moved(shipped_board(), 1, Status::Done);
    let mut app = App::new(on_disk.clone(), as_of());
    let mine = moved(shipped_board(), 1, Status::InProgress);
    app.restore_merging(mine.clone(), Some(shipped_board()));
    let Mode::Confirm(Confirm::MergeConflict(lines)) = app.mode.clone() else {
        panic!("a conflict question, got {:?}", app.mode);
    };
    assert!(lines[0].starts_with("task #1: status"), "{lines:?}");
    assert_eq!(
        app.board, mine,
        "shown: the recovered edits, until answered"
    );
    assert_eq!(send(&mut app, ch('k')), [Effect::AdoptDisk]);
    assert_eq!(app.board, mine);
    assert!(app.is_dirty());
}

#[test]
fn a_recovery_without_a_base_or_on_the_same_base_is_taken_as_it_is() {
    let mine = moved(shipped_board(), 1, Status::InProgress);
    for base in [None, Some(shipped_board())] {
        let mut app = shipped_app();
        app.restore_merging(mine.clone(), base);
        assert_eq!(app.board, mine);
        assert!(app.is_dirty());
        assert_eq!(app.mode, Mode::Board);
    }
}

#[test]
fn a_recovery_that_is_already_on_disk_restores_nothing() {
    let on_disk = moved(shipped_board(), 1, Status::InProgress);
    let mut app = App::new(on_disk.clone(), as_of());
    app.restore_merging(on_disk.clone(), Some(shipped_board()));
    assert_eq!(app.board, on_disk);
    assert!(!app.is_dirty());
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("already in the board file"))
    );
}

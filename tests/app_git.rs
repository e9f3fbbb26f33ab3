//! The board's git features in the pure core: what `=`, `c`, `F` and `P` do
//! with the git state the runtime reports, and the changed-card marker.

mod tui_support;

use cchc::app::{self, Effect, GitInfo, Mode, Msg, PromptKind};
use crossterm::event::KeyCode;
use tui_support::*;

fn in_repo(head: cchc::domain::Board) -> Msg {
    Msg::Git(GitInfo::Repo {
        head: Some(Box::new(head)),
        branch: Some("main".into()),
        upstream: Some("origin/main".into()),
        ahead: 0,
        behind: 2,
        conflicted: false,
        operation: None,
    })
}

#[test]
fn header_state_and_markers_follow_edits() {
    let mut app = shipped_app();
    send(&mut app, in_repo(shipped_board()));
    assert_eq!(
        app.git.summary(app.lang).as_deref(),
        Some("git: clean ↑0 ↓2")
    );
    send(&mut app, ch('L')); // #1 → in progress
    assert_eq!(app.git.changed.iter().copied().collect::<Vec<_>>(), [1]);
    assert_eq!(
        app.git.summary(app.lang).as_deref(),
        Some("git: 1 task changed ↑0 ↓2")
    );
    let term = render(&app, 80, 24, false);
    let rows = screen_text(term.backend().buffer());
    assert!(rows.iter().any(|r| r.contains("▶◐#1* ")), "{rows:#?}");
    assert!(
        !rows.iter().any(|r| r.contains("#2*")),
        "unchanged cards have no marker"
    );
    assert!(row_text(term.backend().buffer(), 0).contains("git: 1 task changed"));
    // Undo back to HEAD: no marker.
    send(&mut app, ch('u'));
    assert!(app.git.changed.is_empty());
}

#[test]
fn changes_view_lists_task_changes_and_jumps_to_the_card() {
    let mut app = shipped_app();
    send(&mut app, in_repo(shipped_board()));
    send(&mut app, ch('3')); // #1 done
    walk_to(&mut app, 24);
    send(&mut app, ch('2')); // #24 in progress
    walk_to(&mut app, 1);
    send(&mut app, ch('='));
    let Mode::Changes { lines, .. } = &app.mode else {
        panic!("changes view: {:?}", app.mode)
    };
    let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "#1 status: planned → done",
            "#1 completed: (none) → 2024-04-02",
            "#24 status: planned → in_progress",
        ]
    );
    send(&mut app, key(KeyCode::Down));
    send(&mut app, key(KeyCode::Down));
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(selected_id(&app), Some(24));
    // The raw diff is fetched once, on demand.
    send(&mut app, ch('='));
    assert_eq!(send(&mut app, ch('d')), [Effect::RawDiff]);
    send(
        &mut app,
        Msg::RawDiff("-  status: planned\n+  status: done\n".into()),
    );
    // The edits are unsaved: the view says that git diff cannot show them.
    let raw = app.raw_diff.clone().expect("the raw diff");
    assert!(
        raw.starts_with("This is git diff of the saved file: your unsaved changes are not in it"),
        "{raw}"
    );
    assert!(
        raw.ends_with("\n\n-  status: planned\n+  status: done\n"),
        "{raw}"
    );
    assert_eq!(send(&mut app, ch('d')), []);
    assert_eq!(send(&mut app, ch('d')), [], "already fetched");
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Board);
}

#[test]
fn an_empty_raw_diff_says_so_instead_of_a_blank_page() {
    let mut app = shipped_app();
    send(&mut app, in_repo(shipped_board()));
    // Unsaved edit, file as committed: git diff is empty.
    send(&mut app, ch('3'));
    send(&mut app, ch('='));
    assert_eq!(send(&mut app, ch('d')), [Effect::RawDiff]);
    send(&mut app, Msg::RawDiff(String::new()));
    assert_eq!(
        app.raw_diff.as_deref(),
        Some(
            "This is git diff of the saved file: your unsaved changes are not in it.\n(w saves them; the list before d shows them.)\n\n\
             git diff shows nothing: the saved file is as at the last commit."
        )
    );
    // Nothing unsaved: only the second sentence.
    let mut clean = shipped_app();
    send(&mut clean, in_repo(shipped_board()));
    send(&mut clean, ch('='));
    send(&mut clean, ch('d'));
    send(&mut clean, Msg::RawDiff("\n".into()));
    assert_eq!(
        clean.raw_diff.as_deref(),
        Some("git diff shows nothing: the saved file is as at the last commit.")
    );
    // It is drawn in the view.
    let term = render(&app, 80, 24, false);
    let text = screen_text(term.backend().buffer()).join("\n");
    assert!(
        text.contains("your unsaved changes are not in it"),
        "{text}"
    );
}

#[test]
fn commit_proposes_a_message_and_commits_it() {
    let mut app = shipped_app();
    send(&mut app, in_repo(shipped_board()));
    send(&mut app, ch('c'));
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("nothing to commit")),
        "{:?}",
        app.notice
    );
    send(&mut app, ch('3')); // #1 done
    send(&mut app, ch('c'));
    let Mode::Prompt(p) = &app.mode else {
        panic!("prompt: {:?}", app.mode)
    };
    assert!(matches!(p.kind, PromptKind::Commit { .. }));
    assert_eq!(p.input, "CCHC: #1 done");
    type_text(&mut app, " (kế hoạch)");
    let effects = send(&mut app, key(KeyCode::Enter));
    assert_eq!(
        effects,
        [Effect::Commit(
            "CCHC: #1 done (kế hoạch)\n\n#1 status: planned → done\n#1 completed: (none) → 2024-04-02\n".into()
        )]
    );
    send(&mut app, Msg::GitDone(Ok("committed abc1234".into())));
    assert_eq!(app.notice.as_deref(), Some("committed abc1234"));
    send(
        &mut app,
        Msg::GitDone(Err("git commit failed: hook said no".into())),
    );
    assert_eq!(
        app.notice.as_deref(),
        Some("git commit failed: hook said no")
    );
}

#[test]
fn pull_needs_a_saved_board_and_push_never_forces() {
    let mut app = shipped_app();
    send(&mut app, in_repo(shipped_board()));
    assert_eq!(send(&mut app, ch('F')), [Effect::Pull]);
    assert_eq!(send(&mut app, ch('P')), [Effect::Push]);
    send(&mut app, ch('L'));
    assert_eq!(send(&mut app, ch('F')), []);
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("save first"))
    );
}

#[test]
fn outside_git_the_features_say_why() {
    let mut app = shipped_app();
    send(&mut app, ch('='));
    assert_eq!(app.mode, Mode::Board);
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("not known yet"))
    );
    send(
        &mut app,
        Msg::Git(GitInfo::Unavailable(
            "board.yaml is not in a git repository".into(),
        )),
    );
    assert_eq!(app.git.summary(app.lang).as_deref(), Some("not in git"));
    for k in ['=', 'c', 'F', 'P'] {
        assert_eq!(send(&mut app, ch(k)), [], "{k}");
        assert_eq!(
            app.notice.as_deref(),
            Some("board.yaml is not in a git repository"),
            "{k}"
        );
        assert_eq!(app.mode, Mode::Board);
    }
    let _ = app::update(&mut app, ch('q'));
}

#[test]
fn resolving_a_conflict_keeps_the_board_read_only_while_another_session_holds_it() {
    let mut app = shipped_app();
    let lock = "read-only: an@may-chu (pid 4242) has this board open; quit it to edit here";
    app.locked = Some(lock.into());
    app.set_conflicts(vec![5]);
    assert_eq!(
        app.read_only().as_deref(),
        Some(
            "read-only: git merge conflict around #5; resolve it in the file (cchc check names the lines); \
             the board reloads when it is resolved; \
             read-only: an@may-chu (pid 4242) has this board open; quit it to edit here"
        )
    );
    // The file is resolved on disk (a clean board): the conflict goes, the lock stays.
    let base = Box::new(shipped_board());
    send(
        &mut app,
        Msg::DiskChanged {
            theirs: Box::new(shipped_board()),
            base,
        },
    );
    assert!(app.conflicts.is_empty());
    assert!(!app.conflicted);
    assert_eq!(app.read_only().as_deref(), Some(lock));
    assert_eq!(send(&mut app, ch('w')), []);
    send(&mut app, ch('L'));
    assert!(!app.is_dirty(), "edits are refused");
    assert_eq!(app.notice.as_deref(), Some(lock));
    // With the lock gone too (no cause left) the board is editable.
    app.locked = None;
    assert_eq!(app.read_only(), None);
    send(&mut app, ch('L'));
    assert!(app.is_dirty());
}

#[test]
fn mid_merge_the_header_says_so_instead_of_clean() {
    // `git merge` stopped on the board: unmerged, MERGE_HEAD present. The
    // board shown is "ours", which is HEAD: no task differs from it.
    let mut app = shipped_app();
    app.set_conflicts(vec![5]);
    let merging = |conflicted| {
        Msg::Git(GitInfo::Repo {
            head: Some(Box::new(shipped_board())),
            branch: Some("main".into()),
            upstream: None,
            ahead: 0,
            behind: 0,
            conflicted,
            operation: Some(app::git_view::Operation::Merge),
        })
    };
    send(&mut app, merging(true));
    assert!(app.git.changed.is_empty());
    assert_eq!(
        app.git.summary(app.lang).as_deref(),
        Some("git: merging, board conflicted")
    );
    let term = render(&app, 100, 24, false);
    let header = row_text(term.backend().buffer(), 0);
    assert!(
        header.contains("git: merging, board conflicted"),
        "{header}"
    );
    assert!(!header.contains("clean"), "{header}");
    app.lang = cchc::app::Lang::Vi;
    assert_eq!(
        app.git.summary(app.lang).as_deref(),
        Some("git: đang gộp (merge), bảng có xung đột")
    );
    app.lang = cchc::app::Lang::En;
    // Resolved in the file and `git add`ed, the merge not yet committed.
    app.clear_conflicts();
    let mut resolved = shipped_board();
    resolved.tasks[4].status = cchc::domain::Status::Done;
    app.replace_board(resolved);
    send(&mut app, merging(false));
    assert_eq!(
        app.git.summary(app.lang).as_deref(),
        Some("git: merging, 1 task changed")
    );
    // Unmerged with no operation (a conflicted `git stash pop`).
    send(
        &mut app,
        Msg::Git(GitInfo::Repo {
            head: Some(Box::new(shipped_board())),
            branch: Some("main".into()),
            upstream: None,
            ahead: 0,
            behind: 0,
            conflicted: true,
            operation: None,
        }),
    );
    assert_eq!(
        app.git.summary(app.lang).as_deref(),
        Some("git: board conflicted")
    );
    assert!(app.git.is_unfinished());
}

//! The git merge driver: the pure three-way merge per task and per field, the
//! `cchc merge-driver` command on files, and real `git merge`/`git pull` runs
//! in temporary repositories with the driver configured as `cchc git-setup`
//! configures it.

mod common;

use cchc::domain::{Area, Board, Evidence, LogEntry, Measurement, Status, Task};
use cchc::merge::{Clash, Conflict, Labels, Merged, Place, Side, merge2, merge3};
use cchc::storage::{self, ConflictRegion, find_conflicts, to_yaml};
use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The day both colleagues work on in these tests.
const DAY: &str = "2024-04-02";

fn shipped() -> Board {
    storage::parse(&shipped_path(), shipped_bytes())
        .expect("the shipped board loads")
        .board
}

fn day(s: &str) -> Option<chrono::NaiveDate> {
    Some(s.parse().expect("test date"))
}

fn task(b: &mut Board, id: u32) -> &mut Task {
    b.tasks
        .iter_mut()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no task {id}"))
}

fn get(b: &Board, id: u32) -> &Task {
    b.task(id).unwrap_or_else(|| panic!("no task {id}"))
}

/// `cchc move ID STATUS` on a board in memory, on DAY.
fn moved(b: &Board, id: u32, status: Status) -> Board {
    let mut b = b.clone();
    b.set_status(id, status, day(DAY).expect("day"))
        .expect("the task exists");
    b
}

fn labels() -> Labels {
    Labels::new(Some("board.yaml"))
}

fn clean(m: &Merged) -> &Board {
    assert_eq!(m.conflicts, vec![], "expected a clean merge");
    assert_eq!(m.ours, m.theirs);
    m.board().expect("a clean merge has a board")
}

/// Keeps one side of every conflict region and drops the marker lines.
fn resolve(text: &str, keep_ours: bool) -> String {
    let mut out = String::new();
    let mut side = None;
    for line in text.split_inclusive('\n') {
        if line.starts_with("<<<<<<< ") {
            side = Some(true);
        } else if line == "=======\n" {
            side = Some(false);
        } else if line.starts_with(">>>>>>> ") {
            side = None;
        } else if side.is_none_or(|s| s == keep_ours) {
            out.push_str(line);
        }
    }
    out
}

/// Drops only the marker lines, keeping both sides.
fn keep_both(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|l| !(l.starts_with("<<<<<<< ") || *l == "=======\n" || l.starts_with(">>>>>>> ")))
        .collect()
}

/// The 1-based line of `- id: N` in a canonical text.
fn task_line(text: &str, id: u32) -> usize {
    let key = format!("- id: {id}");
    text.lines()
        .position(|l| l == key)
        .unwrap_or_else(|| panic!("no {key}"))
        + 1
}

/// The lines of task `id`'s block in a canonical text.
fn block_len(text: &str, id: u32) -> usize {
    let start = task_line(text, id);
    1 + text
        .lines()
        .skip(start)
        .take_while(|l| l.starts_with("  "))
        .count()
}

fn parse_text(text: &str) -> Result<storage::BoardFile, storage::LoadError> {
    storage::parse(Path::new("merged.yaml"), text.as_bytes().to_vec())
}

/// A clean merge's text loads and is canonical (saving it again writes the
/// same bytes: a zero-byte diff).
fn assert_canonical(text: &str) -> Board {
    let file = parse_text(text).expect("the merged text loads");
    assert_eq!(file.first_noncanonical_line(), None, "not canonical");
    file.board
}

// ------------------------------------------------------------ the pure merge

#[test]
fn moves_of_different_tasks_merge_cleanly() {
    let base = shipped();
    let ours = moved(&base, 5, Status::Done);
    let theirs = moved(&base, 7, Status::InProgress);
    let m = merge3(&base, &ours, &theirs);
    let b = clean(&m);
    assert_eq!(get(b, 5).status, Status::Done);
    assert_eq!(get(b, 5).completed, day(DAY));
    assert_eq!(get(b, 7).status, Status::InProgress);
    let mut want = ours.clone();
    *task(&mut want, 7) = get(&theirs, 7).clone();
    assert_eq!(*b, want);
    let text = m.render(&labels());
    assert_eq!(assert_canonical(&text), want);
}

#[test]
fn different_fields_of_one_task_merge_cleanly_with_both_applied() {
    let base = shipped();
    let ours = moved(&base, 5, Status::Done);
    let mut theirs = base.clone();
    task(&mut theirs, 5).due = day("2024-04-15");
    task(&mut theirs, 5).assignee = Some("Nguyễn Văn A".into());
    task(&mut theirs, 5).evidence = vec!["Kế hoạch số 12/KH-SXD".into()];
    let m = merge3(&base, &ours, &theirs);
    let t = get(clean(&m), 5);
    assert_eq!(
        (t.status, t.completed, t.due),
        (Status::Done, day(DAY), day("2024-04-15"))
    );
    assert_eq!(t.assignee.as_deref(), Some("Nguyễn Văn A"));
    assert_eq!(
        t.evidence,
        [cchc::domain::Evidence::from("Kế hoạch số 12/KH-SXD")]
    );
    assert_canonical(&m.render(&labels()));
}

#[test]
fn the_same_change_on_both_sides_is_taken_once() {
    let base = shipped();
    let mut ours = moved(&base, 5, Status::Done);
    let mut theirs = moved(&base, 5, Status::Done);
    task(&mut ours, 9).notes = Some("Đã họp".into());
    task(&mut theirs, 9).notes = Some("Đã họp".into());
    theirs.tasks.retain(|t| t.id != 12);
    ours.tasks.retain(|t| t.id != 12);
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(*clean(&m), ours);
}

#[test]
fn one_field_changed_two_ways_is_a_conflict_on_that_task_only() {
    let base = shipped();
    let mut ours = moved(&base, 5, Status::Done);
    task(&mut ours, 9).notes = Some("ours' note".into());
    let mut theirs = moved(&base, 5, Status::InProgress);
    theirs = moved(&theirs, 7, Status::InProgress);
    task(&mut theirs, 5).assignee = Some("Chị Lan".into());

    let m = merge3(&base, &ours, &theirs);
    assert_eq!(
        m.conflicts,
        vec![Conflict {
            place: Place::Task(5),
            clash: Clash::Field {
                field: "status",
                ours: format!("done on {DAY}"),
                theirs: "in_progress".into(),
            },
        }]
    );
    assert_eq!(
        m.conflicts[0].to_string(),
        "task #5: status changed both ways (ours: done on 2024-04-02, theirs: in_progress)"
    );
    // Everything else merged, on both sides of the conflict.
    for b in [&m.ours, &m.theirs] {
        assert_eq!(get(b, 7).status, Status::InProgress);
        assert_eq!(get(b, 9).notes.as_deref(), Some("ours' note"));
        assert_eq!(get(b, 5).assignee.as_deref(), Some("Chị Lan"));
    }
    assert_eq!(get(&m.ours, 5).status, Status::Done);
    assert_eq!(get(&m.theirs, 5).status, Status::InProgress);

    // Markers around task 5's block only: ours' version has `completed` and
    // theirs' assignee (11 lines), theirs' the assignee (10 lines).
    let text = m.render(&labels());
    let (ours_len, theirs_len) = (
        block_len(&to_yaml(&m.ours), 5),
        block_len(&to_yaml(&m.theirs), 5),
    );
    assert_eq!((ours_len, theirs_len), (11, 10));
    let start = task_line(&to_yaml(&base), 5);
    let end = start + ours_len + theirs_len + 2;
    assert_eq!(find_conflicts(&text), vec![ConflictRegion { start, end }]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[start - 2], "  status: planned");
    assert_eq!(lines[start - 1], "<<<<<<< ours:board.yaml");
    assert_eq!(lines[start], "- id: 5");
    assert_eq!(lines[start + ours_len], "=======");
    assert_eq!(lines[start + ours_len + 1], "- id: 5");
    assert_eq!(lines[end - 1], ">>>>>>> theirs:board.yaml");
    assert_eq!(lines[end], "- id: 6");

    // Keeping either side gives that side's canonical board.
    assert_eq!(assert_canonical(&resolve(&text, true)), m.ours);
    assert_eq!(assert_canonical(&resolve(&text, false)), m.theirs);
    // Left as it is, the file is refused with the region's lines.
    let err = parse_text(&text).expect_err("markers");
    assert!(
        err.to_string().contains(&format!("at lines {start}–{end}")),
        "{err}"
    );
}

#[test]
fn status_and_completed_move_together() {
    let base = moved(&shipped(), 5, Status::Done);
    // Moved back on one side, the completion date corrected on the other: a
    // field-by-field merge would leave an in-progress card with a date.
    let ours = moved(&base, 5, Status::InProgress);
    let mut theirs = base.clone();
    task(&mut theirs, 5).completed = day("2024-03-29");
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    assert_eq!(
        m.conflicts[0].to_string(),
        "task #5: status changed both ways (ours: in_progress, theirs: done on 2024-03-29)"
    );
    assert_eq!(
        (get(&m.ours, 5).status, get(&m.ours, 5).completed),
        (Status::InProgress, None)
    );

    // Done on two different days: one conflict (not a status and a date).
    let planned = shipped();
    let mut on_third = planned.clone();
    on_third
        .set_status(5, Status::Done, day("2024-04-03").expect("day"))
        .expect("task 5");
    let m = merge3(&planned, &moved(&planned, 5, Status::Done), &on_third);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    assert!(matches!(
        &m.conflicts[0].clash,
        Clash::Field { field: "status", ours, theirs }
            if ours == "done on 2024-04-02" && theirs == "done on 2024-04-03"
    ));

    // A move on one side takes both fields from it.
    let m = merge3(&planned, &planned, &on_third);
    let t = get(clean(&m), 5);
    assert_eq!((t.status, t.completed), (Status::Done, day("2024-04-03")));
}

/// The merge takes a one-sided move into ours' version field by field: the
/// completion date must come with the status (a done card with no date would
/// never count as done on time).
#[test]
fn a_move_on_theirs_brings_its_completion_date_into_ours_edit_of_that_task() {
    let base = shipped();
    let mut ours = base.clone();
    task(&mut ours, 5).due = day("2024-04-15");
    let theirs = moved(&base, 5, Status::Done);
    let m = merge3(&base, &ours, &theirs);
    let t = get(clean(&m), 5);
    assert_eq!(
        (t.status, t.completed, t.due),
        (Status::Done, day(DAY), day("2024-04-15"))
    );
    // And the other way round: moved back to in progress on theirs, the
    // date goes too.
    let base = moved(&shipped(), 5, Status::Done);
    let mut ours = base.clone();
    task(&mut ours, 5).assignee = Some("Trần Thị B".into());
    let theirs = moved(&base, 5, Status::InProgress);
    let t = get(clean(&merge3(&base, &ours, &theirs)), 5).clone();
    assert_eq!((t.status, t.completed), (Status::InProgress, None));
    assert_eq!(t.assignee.as_deref(), Some("Trần Thị B"));
}

#[test]
fn deleted_on_one_side_and_changed_on_the_other_is_a_conflict() {
    let base = shipped();
    let mut ours = base.clone();
    ours.tasks.retain(|t| t.id != 12);
    let mut theirs = moved(&base, 12, Status::InProgress);
    task(&mut theirs, 12).assignee = Some("Anh Minh".into());
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(
        m.conflicts,
        vec![Conflict {
            place: Place::Task(12),
            clash: Clash::Deleted {
                by: Side::Ours,
                changed: vec!["status", "assignee"],
            },
        }]
    );
    assert_eq!(
        m.conflicts[0].to_string(),
        "task #12: deleted in ours, changed in theirs (status, assignee)"
    );
    assert!(m.ours.task(12).is_none());
    assert_eq!(get(&m.theirs, 12), get(&theirs, 12));

    // Ours' side of the markers is empty; theirs' is the changed task.
    let text = m.render(&labels());
    let start = task_line(&to_yaml(&base), 12);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[start - 1], "<<<<<<< ours:board.yaml");
    assert_eq!(lines[start], "=======");
    assert_eq!(lines[start + 1], "- id: 12");
    assert_eq!(find_conflicts(&text).len(), 1);
    assert_eq!(assert_canonical(&resolve(&text, true)), m.ours);
    assert_eq!(assert_canonical(&resolve(&text, false)), m.theirs);

    // The other way round: deleted in theirs.
    let m = merge3(&base, &theirs, &ours);
    assert!(matches!(
        m.conflicts[0].clash,
        Clash::Deleted {
            by: Side::Theirs,
            ..
        }
    ));
}

#[test]
fn deleted_on_one_side_and_unchanged_on_the_other_is_deleted() {
    let base = shipped();
    let mut ours = base.clone();
    ours.tasks.retain(|t| t.id != 12);
    let theirs = moved(&base, 7, Status::Done);
    let m = merge3(&base, &ours, &theirs);
    let b = clean(&m);
    assert!(b.task(12).is_none());
    assert_eq!(b.tasks.len(), 42);
    assert_eq!(get(b, 7).status, Status::Done);
    // Both sides deleting it is no conflict either.
    let m = merge3(&base, &ours, &ours);
    assert_eq!(*clean(&m), ours);
}

fn new_task(id: u32, title: &str) -> Task {
    let mut t = shipped().tasks[0].clone();
    t.id = id;
    t.title = title.into();
    t
}

#[test]
fn tasks_added_on_both_sides_with_distinct_ids_are_kept_in_id_order() {
    let base = shipped();
    let mut ours = base.clone();
    ours.tasks.push(new_task(45, "Ours' new task"));
    let mut theirs = base.clone();
    theirs.tasks.push(new_task(44, "Theirs' new task"));
    theirs.tasks.push(new_task(46, "Theirs' other task"));
    let m = merge3(&base, &ours, &theirs);
    let b = clean(&m);
    let ids: Vec<u32> = b.tasks.iter().map(|t| t.id).collect();
    assert_eq!(ids, (1..=46).collect::<Vec<_>>());
    let text = m.render(&labels());
    assert!(task_line(&text, 44) < task_line(&text, 45));
    assert!(task_line(&text, 45) < task_line(&text, 46));
    assert_eq!(assert_canonical(&text), *b);
}

#[test]
fn the_same_task_added_on_both_sides_is_kept_once() {
    let base = shipped();
    let mut ours = base.clone();
    ours.tasks.push(new_task(44, "Một nhiệm vụ mới"));
    let m = merge3(&base, &ours, &ours);
    assert_eq!(clean(&m).tasks.len(), 44);
}

#[test]
fn two_tasks_added_with_one_id_are_reported_not_collapsed() {
    let base = shipped();
    let mut ours = base.clone();
    ours.tasks.push(new_task(44, "Ours' new task"));
    let mut theirs = base.clone();
    theirs.tasks.push(new_task(44, "Theirs' new task"));
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(
        m.conflicts,
        vec![Conflict {
            place: Place::Task(44),
            clash: Clash::Added {
                field: "title",
                ours: "Ours' new task".into(),
                theirs: "Theirs' new task".into(),
            },
        }]
    );
    assert_eq!(
        m.conflicts[0].to_string(),
        "task #44: added on both sides with different title (ours: Ours' new task, theirs: Theirs' new task)"
    );
    let text = m.render(&labels());
    assert_eq!(find_conflicts(&text).len(), 1);
    // Keeping both cards (deleting only the marker lines) is refused: two
    // tasks with one id, the second one named.
    let err = parse_text(&keep_both(&text)).expect_err("duplicate ids");
    let problems = err.problems().expect("located problems");
    assert!(
        problems[0].message.contains("task id 44 is used twice"),
        "{err}"
    );
    let both = keep_both(&text);
    let second = both
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "- id: 44")
        .map(|(i, _)| i + 1)
        .nth(1);
    assert_eq!(problems[0].line, second);
}

#[test]
fn plan_areas_and_targets_merge_the_same_way() {
    let base = shipped();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.plan.document = "Kế hoạch số 5/KH-SXD".into();
    theirs.plan.title = "Kế hoạch CCHC 2024".into();
    ours.areas[1].title = "Cải cách TTHC".into();
    theirs.targets[0].current = Some(64.5);
    ours.targets[1].current = Some(80.0);
    theirs.areas.push(Area {
        code: "X".into(),
        title: "Khác".into(),
    });
    let m = merge3(&base, &ours, &theirs);
    let b = clean(&m);
    assert_eq!(b.plan.document, "Kế hoạch số 5/KH-SXD");
    assert_eq!(&*b.plan.title, "Kế hoạch CCHC 2024");
    assert_eq!(&*b.areas[1].title, "Cải cách TTHC");
    assert_eq!(b.areas.last().map(|a| a.code.as_str()), Some("X"));
    assert_eq!(b.targets[0].current, Some(64.5));
    assert_eq!(b.targets[1].current, Some(80.0));
    assert_canonical(&m.render(&labels()));
}

#[test]
fn conflicts_outside_tasks_are_marked_around_their_block() {
    let base = shipped();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.plan.year = 2025;
    theirs.plan.year = 2026;
    ours.areas[1].title = "A".into();
    theirs.areas[1].title = "B".into();
    ours.targets[2].current = Some(1.5);
    theirs.targets[2].current = Some(2.0);
    let m = merge3(&base, &ours, &theirs);
    let said: Vec<String> = m.conflicts.iter().map(ToString::to_string).collect();
    let target = &base.targets[2].id;
    assert_eq!(
        said,
        [
            "plan: year changed both ways (ours: 2025, theirs: 2026)".to_owned(),
            "area II: title changed both ways (ours: A, theirs: B)".to_owned(),
            format!("target {target}: current changed both ways (ours: 1.5, theirs: 2)"),
        ]
    );
    let text = m.render(&labels());
    let regions = find_conflicts(&text);
    assert_eq!(regions.len(), 3, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    // schema and plan (6 lines) on each side; one area (2 lines); one target.
    assert_eq!(regions[0], ConflictRegion { start: 1, end: 15 });
    assert_eq!(lines[1], "schema: 1");
    assert_eq!(lines[regions[1].start], "- code: II");
    assert_eq!(regions[1].end - regions[1].start, 6);
    assert_eq!(lines[regions[2].start], format!("- id: {target}"));
    assert_eq!(assert_canonical(&resolve(&text, true)), m.ours);
    assert_eq!(assert_canonical(&resolve(&text, false)), m.theirs);
}

#[test]
fn a_reordered_list_keeps_the_new_order_and_two_orders_conflict() {
    let base = shipped();
    let codes = |b: &Board| b.areas.iter().map(|a| a.code.clone()).collect::<Vec<_>>();
    let mut ours = base.clone();
    ours.areas.rotate_left(1); // II … IX, I
    let mut theirs = base.clone();
    theirs.areas.insert(
        1,
        Area {
            code: "IA".into(),
            title: "Mới".into(),
        },
    );
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(
        codes(clean(&m)),
        ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "I", "IA"]
    );

    let mut other = base.clone();
    other.areas.swap(0, 1);
    let m = merge3(&base, &ours, &other);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].to_string(), "areas: order changed both ways");
    assert_eq!(codes(&m.ours), codes(&ours));
    assert_eq!(codes(&m.theirs), codes(&other));
    let text = m.render(&labels());
    let regions = find_conflicts(&text);
    assert_eq!(regions.len(), 1);
    assert_eq!(text.lines().nth(regions[0].start - 2), Some("areas:"));
    assert_eq!(assert_canonical(&resolve(&text, true)), m.ours);
    assert_eq!(assert_canonical(&resolve(&text, false)), m.theirs);
}

#[test]
fn without_a_common_ancestor_only_agreement_merges() {
    let base = shipped();
    let m = merge2(&base, &base);
    assert_eq!(*clean(&m), base);
    let theirs = moved(&base, 5, Status::Done);
    let m = merge2(&base, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(
        m.conflicts[0].to_string(),
        "task #5: added on both sides with different status (ours: planned, theirs: done on 2024-04-02)"
    );
}

// ------------------------------------------------ `cchc merge-driver` on files

struct Files {
    sandbox: Sandbox,
    base: PathBuf,
    ours: PathBuf,
    theirs: PathBuf,
}

/// The three versions as git hands them to the driver.
fn files(base: &[u8], ours: &[u8], theirs: &[u8]) -> Files {
    let sandbox = Sandbox::with_bytes("ours.yaml", ours);
    let base_path = sandbox.path().join("base.yaml");
    let theirs_path = sandbox.path().join("theirs.yaml");
    fs::write(&base_path, base).expect("write base");
    fs::write(&theirs_path, theirs).expect("write theirs");
    Files {
        ours: sandbox.board.clone(),
        sandbox,
        base: base_path,
        theirs: theirs_path,
    }
}

impl Files {
    fn run(&self) -> Output {
        self.sandbox
            .cchc()
            .arg("merge-driver")
            .args([&self.base, &self.ours, &self.theirs])
            .arg("boards/board.yaml")
            .output()
            .expect("run the driver")
    }

    fn result(&self) -> String {
        fs::read_to_string(&self.ours).expect("read the result")
    }
}

fn text_of(b: &Board) -> Vec<u8> {
    to_yaml(b).into_bytes()
}

#[test]
fn the_driver_writes_the_canonical_merge_over_ours() {
    let base = shipped();
    let ours = moved(&base, 5, Status::Done);
    let theirs = moved(&base, 7, Status::InProgress);
    let f = files(&text_of(&base), &text_of(&ours), &text_of(&theirs));
    let o = f.run();
    expect_code(&o, 0);
    assert_eq!(stderr(&o), "");
    let merged = assert_canonical(&f.result());
    assert_eq!(get(&merged, 5).status, Status::Done);
    assert_eq!(get(&merged, 7).status, Status::InProgress);
    assert_eq!(
        listing(f.sandbox.path()),
        ["base.yaml", "ours.yaml", "theirs.yaml"]
    );
}

#[test]
fn the_driver_refuses_a_hand_edited_side_like_move_does() {
    let base = shipped();
    // A comment and CRLF line ends: a canonical merge would drop them.
    let hand = |b: &Board| {
        to_yaml(b)
            .replace("schema: 1\n", "# bảng CCHC\nschema: 1\n")
            .replace('\n', "\r\n")
    };
    let ours = hand(&moved(&base, 5, Status::Done));
    let theirs = moved(&base, 7, Status::InProgress);
    let f = files(&text_of(&base), ours.as_bytes(), &text_of(&theirs));
    let o = f.run();
    expect_code(&o, 2);
    assert_eq!(f.result(), ours, "ours is left as it was, comment and all");
    let err = stderr(&o);
    assert!(
        err.starts_with("cchc merge: error: our version of boards/board.yaml has hand formatting"),
        "{err}"
    );
    assert!(err.contains("from line 1"), "{err}");
    assert!(err.contains("run `cchc fmt`"), "{err}");
    assert!(
        err.contains("not merged; the file holds our version"),
        "{err}"
    );
    assert_eq!(
        listing(f.sandbox.path()),
        ["base.yaml", "ours.yaml", "theirs.yaml"]
    );

    // Their hand formatting is refused the same way.
    let theirs = hand(&moved(&base, 7, Status::InProgress));
    let ours = text_of(&moved(&base, 5, Status::Done));
    let f = files(&text_of(&base), &ours, theirs.as_bytes());
    let o = f.run();
    expect_code(&o, 2);
    assert!(
        stderr(&o).starts_with("cchc merge: error: their version"),
        "{}",
        stderr(&o)
    );
    assert!(fs::read(&f.ours).expect("ours") == ours);
}

#[test]
fn the_driver_marks_conflicts_and_exits_1_with_one_line_each() {
    let base = shipped();
    let mut ours = moved(&base, 5, Status::Done);
    task(&mut ours, 12).assignee = Some("Anh Minh".into());
    let mut theirs = moved(&base, 5, Status::InProgress);
    theirs.tasks.retain(|t| t.id != 12);
    let f = files(&text_of(&base), &text_of(&ours), &text_of(&theirs));
    let o = f.run();
    expect_code(&o, 1);
    let text = f.result();
    let regions = find_conflicts(&text);
    assert_eq!(regions.len(), 2);
    assert!(text.contains("<<<<<<< ours:boards/board.yaml\n- id: 5\n"));
    assert!(text.contains("\n>>>>>>> theirs:boards/board.yaml\n- id: 6\n"));
    let spans = format!(
        "{}–{}, {}–{}",
        regions[0].start, regions[0].end, regions[1].start, regions[1].end
    );
    assert_eq!(
        stderr(&o),
        format!(
            "cchc merge: task #5: status changed both ways (ours: done on 2024-04-02, theirs: in_progress)\n\
             cchc merge: task #12: deleted in theirs, changed in ours (assignee)\n\
             cchc merge: boards/board.yaml: 2 conflicts marked at lines {spans}; keep one version of each (delete the other and the <<<<<<< ======= >>>>>>> lines), then run `cchc check` and `git add`\n"
        )
    );
}

#[test]
fn the_driver_leaves_ours_alone_when_a_version_does_not_load() {
    let base = text_of(&shipped());
    let ours = text_of(&moved(&shipped(), 5, Status::Done));
    let broken = String::from_utf8(base.clone()).expect("utf-8").replacen(
        "status: planned",
        "status: finished",
        1,
    );
    let f = files(&base, &ours, broken.as_bytes());
    let o = f.run();
    expect_code(&o, 2);
    assert_eq!(fs::read(&f.ours).expect("ours"), ours);
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "cchc merge: error: their version of boards/board.yaml is not a valid board"
        ),
        "{err}"
    );
    assert!(err.contains("boards/board.yaml (their version):"), "{err}");
    assert!(err.contains("unknown variant `finished`"), "{err}");
    assert!(
        err.contains("not merged; the file holds our version"),
        "{err}"
    );
    assert_eq!(
        listing(f.sandbox.path()),
        ["base.yaml", "ours.yaml", "theirs.yaml"]
    );

    // Left-over markers in a version are refused the same way.
    let marked = format!("<<<<<<< HEAD\n{broken}");
    let f = files(marked.as_bytes(), &ours, &base);
    let o = f.run();
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("the common ancestor's version"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(&f.ours).expect("ours"), ours);
}

#[test]
fn the_driver_reports_a_clean_merge_that_is_not_a_valid_board() {
    // Ours retires area IX with its two tasks; theirs adds a task to IX.
    let base = shipped();
    let mut ours = base.clone();
    ours.areas.retain(|a| a.code != "IX");
    ours.tasks.retain(|t| &*t.area != "IX");
    let mut theirs = base.clone();
    let mut added = new_task(44, "Khen thưởng cuối năm");
    added.area = "IX".into();
    theirs.tasks.push(added);
    let f = files(&text_of(&base), &text_of(&ours), &text_of(&theirs));
    let o = f.run();
    expect_code(&o, 1);
    let text = f.result();
    assert!(find_conflicts(&text).is_empty());
    let line = task_line(&text, 44) + 1;
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "cchc merge: boards/board.yaml:{line}:9: error: tasks[41].area: unknown area code `IX`"
        )),
        "{err}"
    );
    assert!(err.contains("the result is not a valid board"), "{err}");
    // `cchc check` names the same line.
    let check = f.sandbox.run(&["check"]);
    expect_code(&check, 2);
    assert!(
        stderr(&check).contains(&format!("ours.yaml:{line}:9: error")),
        "{}",
        stderr(&check)
    );
}

#[test]
fn the_driver_merges_a_file_both_sides_added() {
    let board = text_of(&shipped());
    let f = files(b"", &board, &board);
    let o = f.run();
    expect_code(&o, 0);
    assert_eq!(f.result().as_bytes(), board);
}

// ------------------------------------------------ list fields, entry by entry

fn entry(d: &str, text: &str) -> LogEntry {
    LogEntry {
        date: d.parse().expect("test date"),
        text: text.into(),
        evidence: vec![],
    }
}

fn log_texts(b: &Board, id: u32) -> Vec<String> {
    get(b, id)
        .log
        .iter()
        .map(|e| format!("{} {}", e.date, e.text))
        .collect()
}

/// The shipped board with task 5's log holding two entries: the base of the
/// tests below.
fn with_log() -> Board {
    let mut b = shipped();
    task(&mut b, 5).add_log(entry("2024-01-15", "Đã xây dựng dự thảo"));
    task(&mut b, 5).add_log(entry("2024-02-20", "Đã lấy ý kiến các phòng"));
    b
}

#[test]
fn log_entries_added_on_different_days_by_two_colleagues_are_all_kept_in_date_order() {
    let base = with_log();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    task(&mut ours, 5).add_log(entry("2024-03-14", "Đã ban hành kế hoạch"));
    task(&mut theirs, 5).add_log(entry("2024-02-28", "Đã trình lãnh đạo Sở"));
    task(&mut theirs, 5).add_log(entry("2024-04-01", "Đã báo cáo quý I"));
    // Another field of the same task changed on one side merges too.
    task(&mut theirs, 5).assignee = Some("Trần Thị B".into());
    let m = merge3(&base, &ours, &theirs);
    let merged = clean(&m);
    assert_eq!(
        log_texts(merged, 5),
        [
            "2024-01-15 Đã xây dựng dự thảo",
            "2024-02-20 Đã lấy ý kiến các phòng",
            "2024-02-28 Đã trình lãnh đạo Sở",
            "2024-03-14 Đã ban hành kế hoạch",
            "2024-04-01 Đã báo cáo quý I",
        ]
    );
    assert_eq!(get(merged, 5).assignee.as_deref(), Some("Trần Thị B"));
    assert_canonical(&m.render(&labels()));
}

#[test]
fn one_days_entries_are_ours_then_theirs_and_one_added_on_both_sides_is_kept_once() {
    let base = with_log();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for b in [&mut ours, &mut theirs] {
        task(b, 5).add_log(entry("2024-03-14", "Đã ban hành kế hoạch"));
    }
    task(&mut ours, 5).add_log(entry("2024-03-20", "Của tôi"));
    task(&mut theirs, 5).add_log(entry("2024-03-20", "Của đồng nghiệp"));
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(
        log_texts(clean(&m), 5)[2..],
        [
            "2024-03-14 Đã ban hành kế hoạch",
            "2024-03-20 Của tôi",
            "2024-03-20 Của đồng nghiệp",
        ]
    );
}

#[test]
fn an_entry_deleted_on_one_side_and_untouched_on_the_other_is_deleted() {
    let base = with_log();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    task(&mut ours, 5).log.remove(0);
    task(&mut theirs, 5).add_log(entry("2024-03-14", "Đã ban hành kế hoạch"));
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(
        log_texts(clean(&m), 5),
        [
            "2024-02-20 Đã lấy ý kiến các phòng",
            "2024-03-14 Đã ban hành kế hoạch"
        ]
    );
}

#[test]
fn evidence_added_to_an_entry_merges_with_an_entry_added_on_the_other_side() {
    let base = with_log();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    task(&mut ours, 5).log[1].evidence = vec![Evidence::from("Công văn 45/SXD-VP")];
    task(&mut theirs, 5).add_log(entry("2024-03-14", "Đã ban hành kế hoạch"));
    task(&mut theirs, 5).evidence = vec![Evidence::from("Kế hoạch số 12/KH-SXD")];
    task(&mut ours, 5).evidence = vec![Evidence::from("Báo cáo 3/BC-SXD")];
    let m = merge3(&base, &ours, &theirs);
    let t = get(clean(&m), 5);
    assert_eq!(t.log.len(), 3);
    assert_eq!(t.log[1].evidence, [Evidence::from("Công văn 45/SXD-VP")]);
    assert_eq!(
        t.evidence,
        [
            Evidence::from("Báo cáo 3/BC-SXD"),
            Evidence::from("Kế hoạch số 12/KH-SXD")
        ]
    );
}

#[test]
fn one_entry_edited_two_ways_is_a_conflict_marked_around_that_entry_only() {
    let base = with_log();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    task(&mut ours, 5).log[1].text = "Đã lấy ý kiến 5 phòng".into();
    task(&mut theirs, 5).log[1].text = "Đã lấy ý kiến các phòng, đơn vị".into();
    // Clean changes around it: an entry on each side, a move of task 5.
    task(&mut ours, 5).add_log(entry("2024-03-14", "Đã ban hành kế hoạch"));
    task(&mut theirs, 5).add_log(entry("2024-01-02", "Đã giao nhiệm vụ"));
    let theirs = moved(&theirs, 5, Status::InProgress);
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(
        m.conflicts,
        vec![Conflict {
            place: Place::Task(5),
            clash: Clash::Entry {
                field: "log",
                entry: "20/02/2024".into(),
                ours: "20/02/2024 Đã lấy ý kiến 5 phòng".into(),
                theirs: "20/02/2024 Đã lấy ý kiến các phòng, đơn vị".into(),
            },
        }]
    );
    assert_eq!(
        m.conflicts[0].to_string(),
        "task #5: log entry 20/02/2024 changed both ways (ours: 20/02/2024 Đã lấy ý kiến 5 phòng, theirs: 20/02/2024 Đã lấy ý kiến các phòng, đơn vị)"
    );
    let text = m.render(&labels());
    let regions = find_conflicts(&text);
    assert_eq!(regions.len(), 1, "{text}");
    let region: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("<<<<<<< "))
        .take_while(|l| !l.starts_with(">>>>>>> "))
        .collect();
    assert_eq!(
        region,
        [
            "<<<<<<< ours:board.yaml",
            "  - date: 2024-02-20",
            "    text: Đã lấy ý kiến 5 phòng",
            "=======",
            "  - date: 2024-02-20",
            "    text: Đã lấy ý kiến các phòng, đơn vị",
        ]
    );
    // Each side of it is that side's canonical board, every clean change in.
    assert_eq!(resolve(&text, true), to_yaml(&m.ours));
    assert_eq!(resolve(&text, false), to_yaml(&m.theirs));
    let ours_side = assert_canonical(&resolve(&text, true));
    let t = get(&ours_side, 5);
    assert_eq!(t.status, Status::InProgress);
    assert_eq!(
        log_texts(&ours_side, 5),
        [
            "2024-01-02 Đã giao nhiệm vụ",
            "2024-01-15 Đã xây dựng dự thảo",
            "2024-02-20 Đã lấy ý kiến 5 phòng",
            "2024-03-14 Đã ban hành kế hoạch",
        ]
    );
}

#[test]
fn an_entry_deleted_on_one_side_and_edited_on_the_other_is_a_conflict() {
    let base = with_log();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    task(&mut ours, 5).log.remove(0);
    task(&mut theirs, 5).log[0].text = "Đã xây dựng dự thảo lần 2".into();
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert!(
        m.conflicts[0]
            .to_string()
            .starts_with("task #5: log entry 15/01/2024 changed both ways (ours: (deleted), theirs: 15/01/2024 Đã xây dựng dự thảo lần 2)"),
        "{}",
        m.conflicts[0]
    );
    let text = m.render(&labels());
    assert_eq!(resolve(&text, true), to_yaml(&m.ours));
    assert_eq!(resolve(&text, false), to_yaml(&m.theirs));
    // Ours' side of the region is empty: only the entry is in it.
    assert!(
        text.contains("<<<<<<< ours:board.yaml\n=======\n  - date: 2024-01-15\n"),
        "{text}"
    );
}

#[test]
fn measurements_of_a_target_merge_entry_by_entry() {
    let base = shipped();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let m = |d: &str, v: f64| Measurement {
        date: d.parse().expect("date"),
        value: v,
        source: Some("Hệ thống một cửa".into()),
    };
    ours.targets[0].record(m("2024-03-14", 58.97));
    theirs.targets[0].record(m("2024-06-14", 64.5));
    theirs.targets[0].record(m("2024-02-01", 40.0));
    let merged = merge3(&base, &ours, &theirs);
    let values: Vec<f64> = clean(&merged).targets[0]
        .measurements
        .iter()
        .map(|x| x.value)
        .collect();
    assert_eq!(values, [40.0, 58.97, 64.5]);
}

// ------------------------------------------------------------- with real git

/// `git` in `dir`, isolated from the user's and the system's config.
fn git(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Cán bộ")
        .env("GIT_AUTHOR_EMAIL", "canbo@example.vn")
        .env("GIT_COMMITTER_NAME", "Cán bộ")
        .env("GIT_COMMITTER_EMAIL", "canbo@example.vn")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .env("GIT_EDITOR", "true")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("CCHC_CONFIG", dir.join("no-such-config.yaml"));
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_PREFIX",
    ] {
        cmd.env_remove(var);
    }
    cmd.output().expect("run git")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let o = git(dir, args);
    assert!(
        o.status.success(),
        "git {args:?} failed\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o)
}

/// Both streams of a command, for messages git and the driver print.
fn output(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// Configures the driver in a repository as `cchc git-setup` does.
fn configure_driver(dir: &Path) {
    let driver = format!("'{}' merge-driver %O %A %B %P", bin().display());
    git_ok(dir, &["config", "merge.cchc.driver", &driver]);
    git_ok(dir, &["config", "merge.cchc.name", "cchc board merge"]);
}

/// `cchc -b board.yaml --as-of DAY ARGS` in a working copy.
fn cchc(dir: &Path, args: &[&str]) -> Output {
    cchc_in(dir)
        .args(["-b", "board.yaml", "--as-of", DAY])
        .args(args)
        .output()
        .expect("run cchc")
}

fn commit_move(dir: &Path, id: &str, status: &str) {
    expect_code(&cchc(dir, &["move", id, status]), 0);
    git_ok(dir, &["commit", "-qam", &format!("#{id} {status}")]);
}

fn board_text(dir: &Path) -> String {
    fs::read_to_string(dir.join("board.yaml")).expect("read board.yaml")
}

fn board_in(dir: &Path) -> Board {
    storage::load(&dir.join("board.yaml"))
        .expect("board.yaml loads")
        .board
}

/// A repository on `main` holding the shipped board as `board.yaml`, with
/// `.gitattributes` routing it to the `cchc` driver (configured or not).
fn repo(with_driver: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    git_ok(dir, &["init", "-q", "-b", "main"]);
    fs::write(dir.join("board.yaml"), shipped_bytes()).expect("write board");
    fs::write(dir.join(".gitattributes"), "board.yaml merge=cchc\n").expect("write attributes");
    if with_driver {
        configure_driver(dir);
    }
    git_ok(dir, &["add", "."]);
    git_ok(dir, &["commit", "-qm", "Kế hoạch CCHC 2024"]);
    tmp
}

#[test]
fn colleagues_pulling_moves_of_different_tasks_merge_cleanly() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let origin = tmp.path().join("origin.git");
    git_ok(
        tmp.path(),
        &["init", "-q", "--bare", "-b", "main", "origin.git"],
    );
    let seed = repo(false);
    let origin_url = origin.to_str().expect("utf-8 path");
    git_ok(seed.path(), &["push", "-q", origin_url, "main"]);
    let clone = |name: &str| {
        git_ok(tmp.path(), &["clone", "-q", origin_url, name]);
        let dir = tmp.path().join(name);
        configure_driver(&dir);
        git_ok(&dir, &["config", "pull.rebase", "false"]);
        dir
    };
    let (alice, bob) = (clone("alice"), clone("bob"));

    commit_move(&alice, "5", "done");
    git_ok(&alice, &["push", "-q"]);
    commit_move(&bob, "7", "in-progress");
    git_ok(&bob, &["pull", "-q", "--no-edit"]);

    let merged = board_in(&bob);
    assert_eq!(get(&merged, 5).status, Status::Done);
    assert_eq!(get(&merged, 5).completed, day(DAY));
    assert_eq!(get(&merged, 7).status, Status::InProgress);
    let want = moved(&moved(&shipped(), 5, Status::Done), 7, Status::InProgress);
    assert_eq!(merged, want);
    // A merge commit with both parents, nothing left over.
    git_ok(&bob, &["rev-parse", "-q", "--verify", "HEAD^2"]);
    assert_eq!(git_ok(&bob, &["status", "--porcelain"]), "");
    expect_code(&cchc(&bob, &["fmt", "--check"]), 0);
    expect_code(&cchc(&bob, &["check"]), 0);
    // Saving the merged board again changes nothing: a zero-byte diff.
    expect_code(&cchc(&bob, &["fmt"]), 0);
    expect_code(&cchc(&bob, &["move", "7", "in-progress"]), 0);
    assert_eq!(git_ok(&bob, &["diff", "HEAD"]), "");
}

/// Moving task 5 rewrites its `status` line and adds `completed` below it;
/// setting its `due` adds a line between the two. Git's line merge sees two
/// edits of the same lines; the driver sees two fields.
fn move_and_set_due(with_driver: bool) -> (tempfile::TempDir, Output) {
    let tmp = repo(with_driver);
    let dir = tmp.path();
    git_ok(dir, &["checkout", "-q", "-b", "due"]);
    let text = replace_once(
        &board_text(dir),
        "  status: planned\n- id: 6\n",
        "  status: planned\n  due: 2024-04-15\n- id: 6\n",
    );
    fs::write(dir.join("board.yaml"), text).expect("write board");
    git_ok(dir, &["commit", "-qam", "#5 due 2024-04-15"]);
    git_ok(dir, &["checkout", "-q", "main"]);
    commit_move(dir, "5", "done");
    let o = git(dir, &["merge", "--no-edit", "due"]);
    (tmp, o)
}

#[test]
fn git_merges_different_fields_of_one_task_with_the_driver() {
    let (tmp, o) = move_and_set_due(true);
    let dir = tmp.path();
    assert!(o.status.success(), "{}", output(&o));
    let t = board_in(dir).task(5).cloned().expect("task 5");
    assert_eq!(
        (t.status, t.due, t.completed),
        (Status::Done, day("2024-04-15"), day(DAY))
    );
    expect_code(&cchc(dir, &["fmt", "--check"]), 0);
    expect_code(&cchc(dir, &["check"]), 0);
    assert_eq!(git_ok(dir, &["status", "--porcelain"]), "");
}

#[test]
fn without_the_driver_git_conflicts_on_different_fields_of_one_task() {
    // The comparison: the same two commits, merged line by line.
    let (tmp, o) = move_and_set_due(false);
    assert_eq!(o.status.code(), Some(1), "{}", output(&o));
    assert!(output(&o).contains("CONFLICT (content): Merge conflict in board.yaml"));
    assert_eq!(find_conflicts(&board_text(tmp.path())).len(), 1);
}

#[test]
fn without_the_driver_git_also_merges_moves_of_different_tasks() {
    // Plain git's line merge handles moves of tasks far enough apart (their
    // hunks do not touch): the driver is needed for the cases above and below.
    let tmp = repo(false);
    let dir = tmp.path();
    git_ok(dir, &["checkout", "-q", "-b", "other"]);
    commit_move(dir, "5", "done");
    git_ok(dir, &["checkout", "-q", "main"]);
    commit_move(dir, "7", "in-progress");
    git_ok(dir, &["merge", "-q", "--no-edit", "other"]);
    let b = board_in(dir);
    assert_eq!(
        (get(&b, 5).status, get(&b, 7).status),
        (Status::Done, Status::InProgress)
    );
    expect_code(&cchc(dir, &["fmt", "--check"]), 0);
}

#[test]
fn git_reports_a_real_conflict_around_that_task_only() {
    let tmp = repo(true);
    let dir = tmp.path();
    git_ok(dir, &["checkout", "-q", "-b", "other"]);
    commit_move(dir, "5", "done");
    commit_move(dir, "9", "in-progress");
    git_ok(dir, &["checkout", "-q", "main"]);
    commit_move(dir, "5", "in-progress");
    let ours_text = board_text(dir);

    let o = git(dir, &["merge", "--no-edit", "other"]);
    assert_eq!(o.status.code(), Some(1), "{}", output(&o));
    let said = output(&o);
    assert!(
        said.contains("cchc merge: task #5: status changed both ways (ours: in_progress, theirs: done on 2024-04-02)"),
        "{said}"
    );
    assert!(
        said.contains("CONFLICT (content): Merge conflict in board.yaml"),
        "{said}"
    );
    assert!(git_ok(dir, &["status"]).contains("both modified:   board.yaml"));

    // One region: task 5's block, 9 lines on ours' side (in_progress), 10 on
    // theirs' (done, with `completed`); task 9's move merged outside it.
    let text = board_text(dir);
    let start = task_line(&ours_text, 5);
    let end = start + 9 + 10 + 2;
    assert_eq!(find_conflicts(&text), vec![ConflictRegion { start, end }]);
    let lines: Vec<&str> = text.lines().collect();
    let ours_lines: Vec<&str> = ours_text.lines().collect();
    assert_eq!(lines[..start - 1], ours_lines[..start - 1]);
    assert_eq!(lines[start - 1], "<<<<<<< ours:board.yaml");
    assert_eq!(lines[end - 1], ">>>>>>> theirs:board.yaml");
    assert_eq!(lines[end], "- id: 6");
    assert!(text.contains("- id: 9\n"));
    let nine = &text[text.find("- id: 9\n").expect("task 9")..];
    assert!(nine.contains("  status: in_progress\n- id: 10\n"), "{nine}");

    // `cchc check` refuses it, naming the lines.
    let check = cchc(dir, &["check"]);
    expect_code(&check, 2);
    assert!(
        unwrapped(&stderr(&check)).contains(&format!(
            "resolve the git merge conflict at lines {start}–{end}"
        )),
        "{}",
        stderr(&check)
    );

    // Aborting restores main's version exactly.
    git_ok(dir, &["merge", "--abort"]);
    assert_eq!(board_text(dir), ours_text);
    assert_eq!(git_ok(dir, &["status", "--porcelain"]), "");

    // Merging again and keeping theirs' side gives a valid canonical board.
    let o = git(dir, &["merge", "--no-edit", "other"]);
    assert_eq!(o.status.code(), Some(1), "{}", output(&o));
    fs::write(dir.join("board.yaml"), resolve(&board_text(dir), false)).expect("write");
    expect_code(&cchc(dir, &["check"]), 0);
    expect_code(&cchc(dir, &["fmt", "--check"]), 0);
    git_ok(dir, &["add", "board.yaml"]);
    git_ok(dir, &["commit", "-q", "--no-edit"]);
    let b = board_in(dir);
    assert_eq!(
        (get(&b, 5).status, get(&b, 9).status),
        (Status::Done, Status::InProgress)
    );
}

/// Writes `board.yaml` with `entries` added to task 5's log, and commits.
fn commit_log(dir: &Path, entries: &[(&str, &str)]) {
    let mut b = board_in(dir);
    for (d, text) in entries {
        task(&mut b, 5).add_log(entry(d, text));
    }
    fs::write(dir.join("board.yaml"), to_yaml(&b)).expect("write board");
    git_ok(dir, &["commit", "-qam", "#5 log"]);
}

#[test]
fn git_merges_log_entries_two_branches_added_to_one_task() {
    for with_driver in [true, false] {
        let tmp = repo(with_driver);
        let dir = tmp.path();
        git_ok(dir, &["checkout", "-q", "-b", "other"]);
        commit_log(dir, &[("2024-02-28", "Đã trình lãnh đạo Sở")]);
        git_ok(dir, &["checkout", "-q", "main"]);
        commit_log(
            dir,
            &[
                ("2024-01-15", "Đã xây dựng dự thảo"),
                ("2024-03-14", "Đã ban hành kế hoạch"),
            ],
        );
        let o = git(dir, &["merge", "--no-edit", "other"]);
        if !with_driver {
            // Git's line merge: both sides added a `log:` after the same line.
            assert_eq!(o.status.code(), Some(1), "{}", output(&o));
            continue;
        }
        assert!(o.status.success(), "{}", output(&o));
        assert_eq!(
            log_texts(&board_in(dir), 5),
            [
                "2024-01-15 Đã xây dựng dự thảo",
                "2024-02-28 Đã trình lãnh đạo Sở",
                "2024-03-14 Đã ban hành kế hoạch",
            ]
        );
        expect_code(&cchc(dir, &["fmt", "--check"]), 0);
        expect_code(&cchc(dir, &["check"]), 0);
        assert_eq!(git_ok(dir, &["status", "--porcelain"]), "");
    }
}

#[test]
fn the_drivers_messages_escape_values_from_the_boards() {
    let base = shipped();
    let mut ours = base.clone();
    task(&mut ours, 5).title = "ours\u{1b}]0;pwned\u{7}".into();
    let mut theirs = base.clone();
    task(&mut theirs, 5).title = "theirs\u{1b}[2J\u{9b}".into();
    let f = files(&text_of(&base), &text_of(&ours), &text_of(&theirs));
    let o = f
        .sandbox
        .cchc()
        .arg("merge-driver")
        .args([&f.base, &f.ours, &f.theirs])
        .arg("boards/\u{1b}[31mboard.yaml")
        .output()
        .expect("run the driver");
    expect_code(&o, 1);
    let err = stderr(&o);
    assert!(
        !err.bytes().any(|b| b == 0x1b || b == 0x07) && !err.contains('\u{9b}'),
        "{err:?}"
    );
    assert!(
        err.contains("(ours: ours<U+001B>]0;pwned<U+0007>, theirs: theirs<U+001B>[2J<U+009B>)"),
        "{err}"
    );
    assert!(err.contains("boards/<U+001B>[31mboard.yaml"), "{err}");
}

// ------------------------------------------------------- properties of merge3

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// One small edit of a board, as a colleague makes them. Task positions
    /// are taken modulo the board's length and kept small, so that both
    /// sides often touch the same task.
    #[derive(Debug, Clone)]
    enum Edit {
        Move(usize, Status, u8),
        Title(usize, u8),
        Due(usize, Option<u8>),
        Notes(usize, u8),
        Add(u32, u8),
        Delete(usize),
        /// A log entry on day 1–3 of March, text variant.
        Log(usize, u8, u8),
        /// The first log entry's text rewritten.
        Reword(usize, u8),
        LogDelete(usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let at = 0usize..8;
        let status = proptest::sample::select(Status::ALL.to_vec());
        prop_oneof![
            3 => (at.clone(), status, 0u8..2).prop_map(|(i, s, d)| Edit::Move(i, s, d)),
            2 => (at.clone(), 0u8..2).prop_map(|(i, v)| Edit::Title(i, v)),
            2 => (at.clone(), proptest::option::of(0u8..2)).prop_map(|(i, d)| Edit::Due(i, d)),
            1 => (at.clone(), 0u8..2).prop_map(|(i, v)| Edit::Notes(i, v)),
            1 => (0u32..3, 0u8..2).prop_map(|(n, v)| Edit::Add(n, v)),
            1 => at.clone().prop_map(Edit::Delete),
            3 => (at.clone(), 0u8..3, 0u8..3).prop_map(|(i, d, v)| Edit::Log(i, d, v)),
            1 => (at.clone(), 0u8..2).prop_map(|(i, v)| Edit::Reword(i, v)),
            1 => at.prop_map(Edit::LogDelete),
        ]
    }

    fn apply(base: &Board, edits: &[Edit]) -> Board {
        let mut b = base.clone();
        let on = |d: u8| chrono::NaiveDate::from_ymd_opt(2024, 4, 2 + u32::from(d)).expect("day");
        for e in edits {
            if b.tasks.is_empty() {
                break;
            }
            let n = b.tasks.len();
            match *e {
                Edit::Move(i, s, d) => {
                    b.tasks[i % n].set_status(s, on(d));
                }
                Edit::Title(i, v) => {
                    let t = &mut b.tasks[i % n].title;
                    *t = format!("{t} (sửa {v})").into()
                }
                Edit::Due(i, d) => b.tasks[i % n].due = d.map(|d| on(d + 10)),
                Edit::Notes(i, v) => b.tasks[i % n].notes = Some(format!("Ghi chú {v}")),
                Edit::Add(k, v) => {
                    let id = 100 + k;
                    if b.task(id).is_none() {
                        let area = b.areas[0].code.clone();
                        b.tasks
                            .push(Task::new(id, area, format!("Nhiệm vụ mới {k}.{v}")));
                    }
                }
                Edit::Delete(i) => {
                    b.tasks.remove(i % n);
                }
                Edit::Log(i, d, v) => {
                    b.tasks[i % n]
                        .add_log(entry(&format!("2024-03-0{}", 1 + d), &format!("Bước {v}")));
                }
                Edit::Reword(i, v) => {
                    if let Some(e) = b.tasks[i % n].log.first_mut() {
                        e.text.push_str(&format!(" (sửa {v})"));
                    }
                }
                Edit::LogDelete(i) => {
                    if !b.tasks[i % n].log.is_empty() {
                        b.tasks[i % n].log.remove(0);
                    }
                }
            }
        }
        b.tasks.sort_by_key(|t| t.id);
        b
    }

    /// The fields of a task as the merge sees them (status and completed
    /// are one), for comparing field by field.
    fn fields(t: &Task) -> Vec<String> {
        vec![
            t.area.to_string(),
            t.title.to_string(),
            t.output.to_string(),
            t.lead.to_string(),
            t.support.to_string(),
            t.timeframe.to_string(),
            t.budget.to_string(),
            format!("{:?} {:?}", t.status, t.completed),
            format!("{:?}", t.due),
            format!("{:?}", t.assignee),
            format!("{:?}", t.notes),
            format!("{:?}", t.evidence),
            format!("{:?}", t.carried_over),
        ]
    }

    /// The board with each task's log entries of one day in text order: a
    /// merge keeps ours' entries of a day before theirs', so swapping the
    /// sides reorders them, and only them.
    fn one_day_unordered(b: &Board) -> Board {
        let mut b = b.clone();
        for t in &mut b.tasks {
            t.log
                .sort_by(|x, y| (x.date, &x.text).cmp(&(y.date, &y.text)));
        }
        b
    }

    /// A clean merge's log of task `id`: in date order, with every entry a
    /// side added, none a side deleted (log entries as (date, text)).
    fn check_log(base: &Board, a: &Board, b: &Board, merged: &Task) -> Result<(), String> {
        let entries = |x: &Board| -> Vec<(chrono::NaiveDate, String)> {
            x.task(merged.id)
                .map(|t| t.log.iter().map(|e| (e.date, e.text.clone())).collect())
                .unwrap_or_default()
        };
        let (o, a, b) = (entries(base), entries(a), entries(b));
        let m: Vec<_> = merged
            .log
            .iter()
            .map(|e| (e.date, e.text.clone()))
            .collect();
        if !m.windows(2).all(|w| w[0].0 <= w[1].0) {
            return Err(format!("not in date order: {m:?}"));
        }
        let count = |x: &[(chrono::NaiveDate, String)], e: &(chrono::NaiveDate, String)| {
            x.iter().filter(|y| *y == e).count()
        };
        for (side, other) in [(&a, &b), (&b, &a)] {
            for e in side.iter().filter(|e| !o.contains(e)) {
                if !m.contains(e) {
                    return Err(format!("added {e:?} is missing: {m:?}"));
                }
            }
            // Deleted, unless the other side added a copy of it (an entry
            // logged twice there): that copy is an addition, and kept.
            for e in o
                .iter()
                .filter(|e| !side.contains(e) && count(other, e) <= count(&o, e))
            {
                if m.contains(e) {
                    return Err(format!("deleted {e:?} is still there: {m:?}"));
                }
            }
        }
        for e in &m {
            if !(o.contains(e) || a.contains(e) || b.contains(e)) {
                return Err(format!("{e:?} comes from nowhere"));
            }
        }
        Ok(())
    }

    /// What a clean merge must hold for `id`: the changed side's value of
    /// every field, the base's where neither changed it; a task deleted on
    /// one side (and unchanged on the other) is gone, one added is there.
    fn expected(base: &Board, a: &Board, b: &Board, id: u32) -> Option<Vec<String>> {
        let (o, a, b) = (base.task(id), a.task(id), b.task(id));
        match (o, a, b) {
            (_, None, None) => None,
            (None, Some(x), None) | (None, None, Some(x)) => Some(fields(x)),
            (Some(_), Some(_), None) | (Some(_), None, Some(_)) => None,
            (None, Some(x), Some(_)) => Some(fields(x)),
            (Some(o), Some(a), Some(b)) => Some(
                fields(o)
                    .into_iter()
                    .zip(fields(a).into_iter().zip(fields(b)))
                    .map(|(o, (a, b))| if a == o { b } else { a })
                    .collect(),
            ),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn clean_merges_are_symmetric_and_keep_each_sides_changes(
            base_edits in proptest::collection::vec(edit(), 0..3),
            a_edits in proptest::collection::vec(edit(), 0..5),
            b_edits in proptest::collection::vec(edit(), 0..5),
        ) {
            // The base itself is a lightly edited shipped board.
            let base = apply(&shipped(), &base_edits);
            let (a, b) = (apply(&base, &a_edits), apply(&base, &b_edits));
            let ab = merge3(&base, &a, &b);
            let ba = merge3(&base, &b, &a);
            prop_assert_eq!(ab.is_clean(), ba.is_clean());
            prop_assert_eq!(ab.conflicts.len(), ba.conflicts.len());
            // Each side's resolution of one merge is the other's opposite one
            // (but for the order of one day's log entries).
            prop_assert_eq!(one_day_unordered(&ab.ours), one_day_unordered(&ba.theirs));
            prop_assert_eq!(one_day_unordered(&ab.theirs), one_day_unordered(&ba.ours));
            // Keeping one side of every conflict gives that resolution, canonical.
            let text = ab.render(&labels());
            prop_assert_eq!(resolve(&text, true), to_yaml(&ab.ours));
            prop_assert_eq!(resolve(&text, false), to_yaml(&ab.theirs));
            if let Some(merged) = ab.board() {
                prop_assert_eq!(
                    Some(one_day_unordered(merged)),
                    ba.board().map(one_day_unordered)
                );
                prop_assert_eq!(find_conflicts(&text), vec![]);
                let ids: std::collections::BTreeSet<u32> = [&base, &a, &b]
                    .iter()
                    .flat_map(|x| x.tasks.iter().map(|t| t.id))
                    .collect();
                for id in ids {
                    prop_assert_eq!(
                        merged.task(id).map(fields),
                        expected(&base, &a, &b, id),
                        "task #{}", id
                    );
                    if let Some(t) = merged.task(id) {
                        prop_assert_eq!(check_log(&base, &a, &b, t), Ok(()), "task #{}", id);
                    }
                }
                prop_assert!(merged.tasks.windows(2).all(|w| w[0].id < w[1].id));
            }
            // A side that changed nothing takes the other side whole.
            let m = merge3(&base, &base, &b);
            prop_assert_eq!(m.board(), Some(&b));
            let m = merge3(&base, &a, &base);
            prop_assert_eq!(m.board(), Some(&a));
        }
    }
}

// ------------------------------------------------------ the reporting calendar

fn with_reporting(b: &Board, due: &str) -> Board {
    let text = format!(
        "{}reporting:\n- report: q1\n  from: 12-15\n  to: 03-14\n  due: {due}\n",
        to_yaml(b)
    );
    parse_text(&text).expect("loads").board
}

#[test]
fn a_reporting_calendar_changed_on_one_side_is_taken_and_two_ways_conflict() {
    let base = shipped();
    // Theirs sets the calendar, ours moves a card: both kept.
    let theirs = with_reporting(&base, "03-20");
    let ours = moved(&base, 5, Status::InProgress);
    let m = merge3(&base, &ours, &theirs);
    let b = clean(&m);
    assert_eq!(b.reporting, theirs.reporting);
    assert_eq!(get(b, 5).status, Status::InProgress);
    // Both set it, differently: a conflict, the calendar's lines marked and
    // everything else kept; the task conflict-free elsewhere.
    let ours = with_reporting(&moved(&base, 5, Status::InProgress), "03-18");
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    assert_eq!(m.conflicts[0].place, Place::Reporting);
    let text = m.render(&labels());
    let regions = find_conflicts(&text);
    assert_eq!(regions.len(), 1, "{text}");
    assert!(resolve(&text, true).contains("due: 03-18"));
    assert!(resolve(&text, false).contains("due: 03-20"));
    assert_eq!(
        parse_text(&resolve(&text, false))
            .expect("theirs loads")
            .board
            .reporting,
        theirs.reporting
    );
    // With a conflict elsewhere the calendar is still written (it was lost).
    let mut ours = theirs.clone();
    task(&mut ours, 7).title = "ours".into();
    let mut theirs2 = theirs.clone();
    task(&mut theirs2, 7).title = "theirs".into();
    let m = merge3(&base, &ours, &theirs2);
    assert!(!m.is_clean());
    let text = m.render(&labels());
    assert!(text.contains("reporting:\n- report: q1"), "{text}");
}

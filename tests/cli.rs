//! The commands, run as a user would (over SSH, from cron, in a pipe) on a copy
//! of the shipped board with a fixed day.

mod common;

use cchc::domain::{Board, Status};
use cchc::storage;
use common::*;
use std::fs;
use std::path::Path;
use std::process::Output;

/// Overdue on TODAY (2024-04-10), most overdue first: three "Tháng 12/2023"
/// tasks (101 days), the "Trước ngày 15/01/2024" one (87), then Quý I (10).
const OVERDUE_ON_TODAY: [u64; 11] = [12, 36, 38, 9, 5, 7, 23, 25, 30, 37, 42];
/// The tasks due "Quý I/2024" (2024-03-31).
const QUARTER_ONE: [u64; 7] = [5, 7, 23, 25, 30, 37, 42];
/// Tasks whose lead unit is (or includes) the Văn phòng Sở.
const VAN_PHONG: [u64; 31] = [
    1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 19, 21, 22, 25, 26, 27, 29, 30, 31, 32, 34, 35,
    36, 38, 39, 41, 42, 43,
];

fn sorted(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v
}

// ---------------------------------------------------------------- list

#[test]
fn list_shows_every_task_in_id_order() {
    let sb = Sandbox::shipped();
    let o = sb.run(&["list"]);
    expect_code(&o, 0);
    let out = stdout(&o);
    assert!(
        out.starts_with(" ID AREA STATE       DUE        LEAD           TITLE\n"),
        "{out}"
    );
    assert_eq!(text_ids(&out), (1..=43).collect::<Vec<u64>>());
    let line5 = out.lines().find(|l| l.starts_with("  5 ")).expect("task 5");
    assert!(
        line5.starts_with("  5 I    overdue     2024-03-31 Văn phòng Sở   Xây dựng kế hoạch"),
        "{line5}"
    );
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn list_filters_by_board_column() {
    let sb = Sandbox::shipped();
    let ids = |status: &str| {
        let o = sb.run(&["list", "--status", status, "--format", "json"]);
        expect_code(&o, 0);
        json_ids(&stdout(&o))
    };
    assert_eq!(ids("overdue"), sorted(OVERDUE_ON_TODAY.to_vec()));
    let planned = ids("planned");
    assert_eq!(planned.len(), 43 - OVERDUE_ON_TODAY.len());
    assert!(planned.iter().all(|id| !OVERDUE_ON_TODAY.contains(id)));
    assert_eq!(ids("done"), Vec::<u64>::new());
    assert_eq!(ids("in_progress"), Vec::<u64>::new());
    assert_eq!(ids("in-progress"), Vec::<u64>::new());
    assert_eq!(ids("OVERDUE"), ids("overdue"));

    let o = sb.run(&["list", "--status", "late"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("unknown status `late`"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn list_filters_by_area_in_any_case() {
    let sb = Sandbox::shipped();
    for area in ["VIII", "viii"] {
        let o = sb.run(&["list", "--area", area]);
        expect_code(&o, 0);
        assert_eq!(text_ids(&stdout(&o)), [36, 37, 38, 39, 40, 41], "{area}");
    }
    let o = sb.run(&["list", "--area", "X"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("no area `X`; the areas are I, II, III, IV, V, VI, VII, VIII, IX"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn list_filters_by_lead_ignoring_accents_and_case() {
    let sb = Sandbox::shipped();
    let nfd_query: String = unicode_normalization::UnicodeNormalization::nfd("văn phòng").collect();
    for query in ["van phong", "VĂN PHÒNG", "Văn  phòng", nfd_query.as_str()] {
        let o = sb.run(&["list", "--lead", query, "--format", "json"]);
        expect_code(&o, 0);
        assert_eq!(json_ids(&stdout(&o)), VAN_PHONG, "query {query:?}");
    }
    let o = sb.run(&["list", "--lead", "thanh tra", "--format", "json"]);
    assert_eq!(json_ids(&stdout(&o)), [23, 24, 28, 37, 40]);
    // Filters combine.
    let o = sb.run(&[
        "list",
        "--lead",
        "thanh tra",
        "--area",
        "VIII",
        "--status",
        "overdue",
    ]);
    expect_code(&o, 0);
    assert_eq!(text_ids(&stdout(&o)), [37]);
}

// ---------------------------------------------------------------- overdue

#[test]
fn overdue_exits_0_when_nothing_is_overdue() {
    let sb = Sandbox::shipped();
    for day in ["2023-12-01", "2023-12-31"] {
        let o = sb
            .cchc()
            .arg("-b")
            .arg(&sb.board)
            .args(["--as-of", day, "overdue"])
            .output()
            .expect("run");
        expect_code(&o, 0);
        assert_eq!(stdout(&o), format!("nothing overdue as of {day}\n"));
    }
    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", "2023-12-01", "overdue", "--format", "json"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert_eq!(json_ids(&stdout(&o)), Vec::<u64>::new());
}

#[test]
fn overdue_exits_1_and_lists_most_overdue_first() {
    let sb = Sandbox::shipped();
    let o = sb.run(&["overdue"]);
    expect_code(&o, 1);
    let out = stdout(&o);
    assert!(
        out.starts_with(" ID AREA   LATE DUE        LEAD           TITLE\n"),
        "{out}"
    );
    assert_eq!(text_ids(&out), OVERDUE_ON_TODAY);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[1].starts_with(" 12 II     101d 2023-12-31 "),
        "{}",
        lines[1]
    );
    assert!(
        lines[4].starts_with("  9 II      87d 2024-01-14 "),
        "{}",
        lines[4]
    );
    assert!(
        lines[11].starts_with(" 42 IX      10d 2024-03-31 "),
        "{}",
        lines[11]
    );

    // The day after a deadline is the first overdue day.
    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", "2024-01-01", "overdue"])
        .output()
        .expect("run");
    expect_code(&o, 1);
    assert_eq!(text_ids(&stdout(&o)), [12, 36, 38]);
    assert!(stdout(&o).contains("  1d 2023-12-31"), "{}", stdout(&o));
}

#[test]
fn overdue_takes_the_day_from_cchc_today_too() {
    let sb = Sandbox::shipped();
    let o = sb
        .cchc()
        .env("CCHC_TODAY", "2024-01-01")
        .arg("-b")
        .arg(&sb.board)
        .arg("overdue")
        .output()
        .expect("run");
    expect_code(&o, 1);
    assert_eq!(text_ids(&stdout(&o)), [12, 36, 38]);
    // --as-of wins over the environment.
    let o = sb
        .cchc()
        .env("CCHC_TODAY", "2024-01-01")
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", "2023-06-01", "overdue"])
        .output()
        .expect("run");
    expect_code(&o, 0);

    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", "2024-02-30", "overdue"])
        .output()
        .expect("run");
    expect_code(&o, 2);
    assert!(stderr(&o).contains("no such day"), "{}", stderr(&o));
}

#[test]
fn overdue_filters() {
    let sb = Sandbox::shipped();
    let o = sb.run(&["overdue", "--area", "viii"]);
    expect_code(&o, 1);
    assert_eq!(text_ids(&stdout(&o)), [36, 38, 37]);
    let o = sb.run(&["overdue", "--lead", "thanh tra"]);
    expect_code(&o, 1);
    assert_eq!(text_ids(&stdout(&o)), [23, 37]);
    // A filter that leaves nothing: exit 0.
    let o = sb.run(&["overdue", "--area", "VI"]);
    expect_code(&o, 0);
    assert!(stdout(&o).starts_with("nothing overdue"), "{}", stdout(&o));
}

/// The lead units of the shipped board in task order, as `--lead` errors list them.
const LEAD_UNITS: [&str; 5] = [
    "Văn phòng Sở",
    "Các phòng chuyên môn, đơn vị",
    "Bộ phận một cửa Sở tại Trung tâm phục vụ hành chính công tỉnh",
    "Các đơn vị trực thuộc Sở",
    "Thanh tra Sở",
];

#[test]
fn a_lead_that_matches_no_unit_is_an_error_listing_the_units() {
    let sb = Sandbox::shipped();
    for args in [
        &["overdue", "--lead", "van phog"][..],
        &["overdue", "--lead", "van phog", "--format", "json"],
        &["list", "--lead", "van phog"],
        &[
            "due", "--within", "365", "--lead", "van phog", "--format", "csv",
        ],
    ] {
        let o = sb.run(args);
        expect_code(&o, 2);
        assert!(o.stdout.is_empty(), "{args:?}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(
            err.starts_with("cchc: error: --lead `van phog` matches no lead unit"),
            "{args:?}: {err}"
        );
        let listed: Vec<&str> = err.lines().skip(1).map(str::trim).collect();
        assert_eq!(listed, LEAD_UNITS, "{args:?}: {err}");
    }
    // A lead that exists but leaves nothing overdue is an answer, not an error.
    let o = sb.run(&["overdue", "--lead", "mot cua"]);
    expect_code(&o, 0);
    assert!(stdout(&o).starts_with("nothing overdue"), "{}", stdout(&o));
}

#[test]
fn an_unknown_area_is_an_error_for_every_filtering_command() {
    let sb = Sandbox::shipped();
    for cmd in ["list", "overdue", "due"] {
        let o = sb.run(&[cmd, "--area", "X"]);
        expect_code(&o, 2);
        assert!(o.stdout.is_empty(), "{cmd}");
        assert!(
            stderr(&o).contains("no area `X`; the areas are I, II, III, IV, V, VI, VII, VIII, IX"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn overdue_json_has_every_field() {
    let sb = Sandbox::shipped();
    let o = sb.run(&["overdue", "--format", "json"]);
    expect_code(&o, 1);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), OVERDUE_ON_TODAY.len());
    let mut keys: Vec<&str> = rows[0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut want = vec![
        "id",
        "area",
        "title",
        "output",
        "lead",
        "support",
        "timeframe",
        "budget",
        "status",
        "due",
        "state",
        "days_overdue",
        "completed",
        "on_time",
        "days_late",
        "assignee",
        "carried_over",
        "planned_deadline",
        "due_reason",
        "notes",
        "evidence",
        "log",
    ];
    want.sort_unstable();
    assert_eq!(keys, want);

    let first = &rows[0];
    assert_eq!(first["id"], 12);
    assert_eq!(first["area"], "II");
    assert_eq!(first["title"], "Xây dựng kế hoạch kiểm soát TTHC năm 2024");
    assert_eq!(first["output"], "Kế hoạch");
    assert_eq!(first["lead"], "Văn phòng Sở");
    assert_eq!(first["support"], "Các phòng chuyên môn, đơn vị");
    assert_eq!(first["timeframe"], "Tháng 12/2023");
    assert_eq!(first["budget"], "Kinh phí Thường xuyên");
    assert_eq!(first["status"], "planned");
    assert_eq!(first["due"], "2023-12-31");
    assert_eq!(first["state"], "overdue");
    assert_eq!(first["days_overdue"], 101);
    assert!(first["completed"].is_null());
    assert!(first["assignee"].is_null());
    assert!(first["carried_over"].is_null());
    assert_eq!(first["planned_deadline"], "2023-12-31");
    assert!(first["due_reason"].is_null());
    assert_eq!(first["evidence"], serde_json::json!([]));
    assert_eq!(first["log"], serde_json::json!([]));
    let ids: Vec<u64> = rows.iter().map(|r| r["id"].as_u64().expect("id")).collect();
    assert_eq!(ids, OVERDUE_ON_TODAY);
    // Untruncated text, unlike the 80-column table.
    let t37 = rows.iter().find(|r| r["id"] == 37).expect("task 37");
    assert!(
        t37["title"]
            .as_str()
            .expect("title")
            .ends_with("đơn vị trực thuộc Sở, đạt 40%)")
    );
}

#[test]
fn csv_has_a_header_even_when_empty() {
    const HEADER: &str = "id,area,title,output,lead,support,timeframe,budget,status,due,planned_deadline,due_reason,state,days_overdue,completed,on_time,days_late,assignee,notes,evidence,log_entries,carried_over";
    let sb = Sandbox::shipped();
    let o = sb.run(&["overdue", "--format", "csv"]);
    expect_code(&o, 1);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], HEADER);
    assert_eq!(lines.len(), 1 + OVERDUE_ON_TODAY.len());
    assert_eq!(
        lines[1],
        "12,II,Xây dựng kế hoạch kiểm soát TTHC năm 2024,Kế hoạch,Văn phòng Sở,\"Các phòng chuyên môn, đơn vị\",Tháng 12/2023,Kinh phí Thường xuyên,planned,2023-12-31,2023-12-31,,overdue,101,,,,,,,0,"
    );

    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", "2023-12-01", "overdue", "--format", "csv"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert_eq!(stdout(&o), format!("{HEADER}\n"));

    let o = sb.run(&["list", "--format", "csv"]);
    expect_code(&o, 0);
    assert_eq!(stdout(&o).lines().next(), Some(HEADER));
}

// ---------------------------------------------------------------- due

fn due(sb: &Sandbox, day: &str, extra: &[&str]) -> Output {
    sb.cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", day, "due"])
        .args(extra)
        .output()
        .expect("run")
}

#[test]
fn due_within_is_an_inclusive_horizon() {
    let sb = Sandbox::shipped();
    let o = due(&sb, "2024-03-20", &["--within", "11"]);
    expect_code(&o, 0);
    let out = stdout(&o);
    assert!(out.starts_with(" ID AREA   LEFT DUE "), "{out}");
    assert_eq!(text_ids(&out), QUARTER_ONE);
    assert!(
        out.lines().skip(1).all(|l| l.contains(" 11d 2024-03-31 ")),
        "{out}"
    );

    let o = due(&sb, "2024-03-20", &["--within", "10"]);
    expect_code(&o, 0);
    assert_eq!(stdout(&o), "nothing due within 10 days of 2024-03-20\n");

    let o = due(&sb, "2024-03-31", &["--within", "0"]);
    expect_code(&o, 0);
    assert_eq!(text_ids(&stdout(&o)), QUARTER_ONE);
    assert!(stdout(&o).contains(" today 2024-03-31 "), "{}", stdout(&o));
}

#[test]
fn due_lists_soonest_first_and_skips_overdue_and_done() {
    let sb = Sandbox::shipped();
    let o = due(&sb, "2024-03-20", &["--within", "200", "--format", "json"]);
    expect_code(&o, 0);
    let mut want = QUARTER_ONE.to_vec();
    want.push(11); // Tháng 9/2024: 194 days away
    assert_eq!(json_ids(&stdout(&o)), want);

    // Once Quý I has passed, those tasks are overdue, not due.
    let o = due(&sb, "2024-04-01", &["--within", "200", "--format", "json"]);
    assert_eq!(json_ids(&stdout(&o)), [11]);

    // A done task is never due (from the day it was done: before that, it
    // was still open).
    let o = sb.run(&["move", "11", "done"]);
    expect_code(&o, 0);
    let o = due(&sb, "2024-04-10", &["--within", "200"]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).starts_with("nothing due within 200 days"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn due_default_horizon_is_14_days_or_the_configs() {
    let sb = Sandbox::shipped();
    let o = due(&sb, "2024-03-17", &[]);
    assert_eq!(text_ids(&stdout(&o)), QUARTER_ONE);
    let o = due(&sb, "2024-03-16", &[]);
    assert!(
        stdout(&o).starts_with("nothing due within 14 days"),
        "{}",
        stdout(&o)
    );

    let config = sb.path().join("config.yaml");
    fs::write(&config, "due_soon_days: 15\n").expect("write config");
    let o = sb
        .cchc()
        .env("CCHC_CONFIG", &config)
        .arg("-b")
        .arg(&sb.board)
        .env("CCHC_TODAY", "2024-03-16")
        .args(["due"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert_eq!(text_ids(&stdout(&o)), QUARTER_ONE);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn due_rejects_a_negative_horizon() {
    let sb = Sandbox::shipped();
    let o = due(&sb, "2024-03-20", &["--within=-1"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("--within must be 0 or more"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------- show

/// The words of `text`, single-spaced: wrapping and indentation removed.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn show_prints_every_field_of_a_task() {
    let sb = Sandbox::shipped();
    let o = sb.run(&["show", "37"]);
    expect_code(&o, 0);
    let out = stdout(&o);
    let labels: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split_whitespace().next().expect("label"))
        .collect();
    assert_eq!(
        labels,
        [
            "Task",
            "Area",
            "Title",
            "Output",
            "Lead",
            "Support",
            "Timeframe",
            "Budget",
            "Status",
            "State",
            "Deadline",
            "Target"
        ]
    );
    let board = storage::load(&sb.board).expect("load").board;
    let t = board.task(37).expect("task 37");
    let flat = words(&out);
    for value in [
        &*t.title,
        &*t.output,
        &*t.lead,
        &*t.support,
        &*t.timeframe,
        &*t.budget,
    ] {
        assert!(
            flat.contains(&words(value)),
            "{value:?} missing from\n{out}"
        );
    }
    assert!(out.starts_with("Task       #37\n"), "{out}");
    assert!(
        out.contains("Area       VIII Công tác chỉ đạo, điều hành cải cách hành chính\n"),
        "{out}"
    );
    assert!(out.contains("Status     planned\n"), "{out}");
    assert!(
        out.contains("State      overdue by 10 days (status planned) as of 2024-04-10\n"),
        "{out}"
    );
    assert!(
        out.contains("Deadline   2024-03-31 (from the timeframe)\n"),
        "{out}"
    );
    assert!(out.contains("Target     ≥ 40%\n"), "{out}");
    assert_fits_80("show 37", &out);
}

#[test]
fn show_prints_the_optional_fields_when_set() {
    let sb = Sandbox::shipped();
    let mut board = storage::load(&sb.board).expect("load").board;
    let day = |s: &str| s.parse::<chrono::NaiveDate>().expect("date");
    let t = board.tasks.iter_mut().find(|t| t.id == 5).expect("task 5");
    t.status = Status::Done;
    t.due = Some(day("2024-02-15"));
    t.completed = Some(day("2024-02-20"));
    t.assignee = Some("Nguyễn Văn A".into());
    t.notes = Some("Dòng một\nDòng hai".into());
    t.evidence = vec!["Quyết định số 12/QĐ-SXD".into(), "Báo cáo số 3".into()];
    fs::write(&sb.board, storage::to_yaml(&board)).expect("write");

    let o = sb.run(&["show", "5"]);
    expect_code(&o, 0);
    let out = stdout(&o);
    for line in [
        "Status     done",
        "State      done as of 2024-04-10",
        "Deadline   2024-03-31 → 2024-02-15 (moved by `due`; no `due_reason` given)",
        "Completed  2024-02-20 (5 days late)",
        "Assignee   Nguyễn Văn A",
        "Notes      Dòng một",
        "           Dòng hai",
        "Evidence   - Quyết định số 12/QĐ-SXD",
        "           - Báo cáo số 3",
    ] {
        assert!(out.lines().any(|l| l == line), "no line {line:?} in\n{out}");
    }

    let o = sb.run(&["show", "13"]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).contains("Deadline   none (the timeframe sets no date; set `due`)\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn show_unknown_id_is_an_error() {
    let sb = Sandbox::shipped();
    let o = sb.run(&["show", "99"]);
    expect_code(&o, 2);
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("no task #99 on this board (ids run 1–43"),
        "{}",
        stderr(&o)
    );
    let o = sb.run(&["show", "abc"]);
    expect_code(&o, 2);
    assert!(o.stdout.is_empty());
}

// ---------------------------------------------------------------- move

#[test]
fn move_to_done_stamps_the_day_and_moving_back_restores_the_bytes() {
    let sb = Sandbox::shipped();
    let original = sb.bytes();
    let target = fs::canonicalize(&sb.board).expect("canonical path");

    let o = sb.run(&["move", "5", "done"]);
    expect_code(&o, 0);
    assert_eq!(
        stdout(&o),
        format!(
            "#5 status: planned → done\n#5 completed: (none) → 2024-04-10\nsaved {}\n",
            target.display()
        )
    );
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    let after = storage::load(&sb.board).expect("load").board;
    let t = after.task(5).expect("task 5");
    assert_eq!(t.status, Status::Done);
    assert_eq!(t.completed, Some("2024-04-10".parse().expect("date")));
    // Nothing else changed.
    let before = storage::parse(Path::new("orig"), original.clone())
        .expect("parse")
        .board;
    let mut expected: Board = before.clone();
    let e = expected.tasks.iter_mut().find(|t| t.id == 5).expect("5");
    e.status = Status::Done;
    e.completed = t.completed;
    assert_eq!(after, expected);

    let o = sb.run(&["move", "5", "planned"]);
    expect_code(&o, 0);
    assert_eq!(
        stdout(&o),
        format!(
            "#5 status: done → planned\n#5 completed: 2024-04-10 → (none)\nsaved {}\n",
            target.display()
        )
    );
    assert!(sb.bytes() == original, "move back did not restore the file");
    assert_eq!(sb.listing(), ["board.yaml"]);
}

#[test]
fn move_accepts_both_spellings_of_in_progress() {
    let sb = Sandbox::shipped();
    let original = sb.bytes();
    let o = sb.run(&["move", "5", "in-progress"]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).starts_with("#5 status: planned → in_progress\nsaved "),
        "{}",
        stdout(&o)
    );
    let moved = sb.bytes();
    let o = sb.run(&["move", "5", "in_progress"]);
    expect_code(&o, 0);
    assert_eq!(stdout(&o), "#5 is already in_progress; nothing changed\n");
    assert!(sb.bytes() == moved);
    let o = sb.run(&["move", "5", "In-Progress"]);
    expect_code(&o, 0);
    assert_eq!(stdout(&o), "#5 is already in_progress; nothing changed\n");

    let o = sb.run(&["move", "5", "planned"]);
    expect_code(&o, 0);
    assert!(sb.bytes() == original);
    let o = sb.run(&["move", "5", "in_progress"]);
    expect_code(&o, 0);
    assert!(sb.bytes() == moved, "both spellings write the same file");
}

#[test]
fn move_errors_leave_the_file_alone() {
    let sb = Sandbox::shipped();
    let original = sb.bytes();
    for (args, message) in [
        (&["move", "99", "done"][..], "no task #99"),
        (&["move", "5", "overdue"][..], "unknown status `overdue`"),
        (
            &["move", "5", "finished"][..],
            "use planned, in-progress or done",
        ),
    ] {
        let o = sb.run(args);
        expect_code(&o, 2);
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(sb.bytes() == original, "{args:?} changed the file");
    }
    assert_eq!(sb.listing(), ["board.yaml"]);
}

// ---------------------------------------------------------------- summary

/// The counts of a summary row: PLANNED, IN PROGRESS, DONE, OVERDUE, TOTAL.
fn counts(row: &str) -> (Vec<usize>, String) {
    let fields: Vec<&str> = row.split_whitespace().collect();
    let n = fields.len();
    let counts = fields[n - 7..n - 1]
        .iter()
        .map(|n| n.parse().expect("a count"))
        .collect();
    (counts, fields[n - 1].to_owned())
}

#[test]
fn summary_counts_on_time_late_and_open_tasks_per_area() {
    let sb = Sandbox::shipped();
    // On 10/04/2024: #6 started, #8 done before its deadline (31/12), #5
    // done ten days after its own (31/03).
    for (id, to) in [("6", "in-progress"), ("8", "done"), ("5", "done")] {
        expect_code(&sb.run(&["move", id, to]), 0);
    }
    let o = sb.run(&["summary"]);
    expect_code(&o, 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Kế hoạch Cải cách hành chính Sở Xây dựng năm 2024"
    );
    assert_eq!(lines[1], "as of 2024-04-10");
    assert!(lines[2].starts_with("AREA "), "{}", lines[2]);
    assert!(
        lines[2].ends_with("TASKS ON TIME LATE DOING OVERDUE NOT DUE ON TIME%"),
        "{}",
        lines[2]
    );
    let rows = &lines[3..12];
    let codes: Vec<&str> = rows
        .iter()
        .map(|r| r.split_whitespace().next().expect("code"))
        .collect();
    assert_eq!(
        codes,
        ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    );
    assert!(rows[0].starts_with("I Cải cách thể chế "), "{}", rows[0]);
    // tasks, on time, late, doing, overdue, not yet due; on-time rate.
    assert_eq!(counts(rows[0]), (vec![8, 1, 1, 1, 1, 4], "50.00%".into()));
    assert_eq!(counts(rows[1]), (vec![10, 0, 0, 0, 2, 8], "–".into()));
    assert!(lines[12].starts_with("Total"), "{}", lines[12]);
    assert_eq!(
        counts(lines[12]),
        (vec![43, 1, 1, 1, 10, 30], "50.00%".into())
    );
    assert_eq!(lines[13], "targets: 19 (0 measured, 0 met)");
    assert_eq!(lines.len(), 14);
    assert_fits_80("summary", &out);

    // Per lead unit, as JSON: the objects the issue names, a joint lead
    // counted for each unit, no total row.
    let o = sb.run(&["summary", "--by", "lead", "--format", "json"]);
    expect_code(&o, 0);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let rows = rows.as_array().expect("an array");
    let vp = rows
        .iter()
        .find(|r| r["lead"] == "Văn phòng Sở")
        .expect("Văn phòng Sở");
    let keys: Vec<&str> = vp
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys.iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>(),
        [
            "lead",
            "tasks",
            "done_on_time",
            "done_late",
            "done_undated",
            "in_progress",
            "overdue",
            "not_yet_due",
            "on_time_rate"
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(vp["done_late"], 1, "#5 is Văn phòng Sở's: {vp}");
    assert_eq!(vp["on_time_rate"], 0.5, "{vp}");
    let units = rows.len();
    let board = storage::load(&sb.board).expect("load").board;
    assert_eq!(units, board.lead_units().len());
    let sum: u64 = rows.iter().map(|r| r["tasks"].as_u64().expect("n")).sum();
    assert!(sum >= 43, "joint leads count for each unit: {sum}");
    // CSV: a header and one line per unit.
    let o = sb.run(&["summary", "--by", "lead", "--format", "csv"]);
    let csv = stdout(&o);
    assert!(
        csv.starts_with(
            "lead,tasks,done_on_time,done_late,done_undated,in_progress,overdue,not_yet_due,on_time_rate\n"
        ),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), units + 1);
}

#[test]
fn no_subcommand_without_a_terminal_points_to_summary() {
    // Plain `cchc` opens the interactive board (see --help); without a
    // terminal it must refuse, quickly and without touching the board.
    let sb = Sandbox::shipped();
    let original = sb.bytes();
    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", TODAY])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run");
    expect_code(&o, 2);
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("cchc summary"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(sb.bytes() == original);
    assert_eq!(sb.listing(), ["board.yaml"]);
}

// ---------------------------------------------------------------- output hygiene

/// Every text command on a board, at a few days across the plan year.
fn text_outputs(sb: &Sandbox, ids: &[u32]) -> Vec<(String, Output)> {
    let mut out = Vec::new();
    for day in ["2023-12-01", "2024-03-25", "2024-04-10", "2025-01-15"] {
        let mut runs: Vec<Vec<String>> = vec![
            vec!["summary".into()],
            vec!["list".into()],
            vec!["overdue".into()],
            vec!["due".into(), "--within".into(), "400".into()],
            vec!["check".into()],
        ];
        runs.extend(ids.iter().map(|id| vec!["show".into(), id.to_string()]));
        for args in runs {
            let o = sb
                .cchc()
                .arg("-b")
                .arg(&sb.board)
                .args(["--as-of", day])
                .args(&args)
                .output()
                .expect("run");
            out.push((format!("{day} {args:?}"), o));
        }
    }
    out
}

#[test]
fn tables_summary_and_show_fit_80_columns() {
    let sb = Sandbox::shipped();
    let ids: Vec<u32> = (1..=43).collect();
    for (what, o) in text_outputs(&sb, &ids) {
        assert!(matches!(code(&o), 0 | 1), "{what}: {o:?}");
        assert_fits_80(&what, &stdout(&o));
    }
}

#[test]
fn wide_and_decomposed_text_still_fits_80_columns() {
    let sb = Sandbox::fixture("valid/wide_text.yaml");
    for (what, o) in text_outputs(&sb, &[1, 2]) {
        assert!(matches!(code(&o), 0 | 1), "{what}: {o:?}");
        assert_fits_80(&what, &stdout(&o));
    }
}

#[test]
fn no_escape_sequences_in_piped_output() {
    for sb in [Sandbox::shipped(), Sandbox::fixture("valid/wide_text.yaml")] {
        let mut runs = text_outputs(&sb, &[1, 2]);
        runs.push(("bad id".into(), sb.run(&["show", "99"])));
        runs.push(("json".into(), sb.run(&["list", "--format", "json"])));
        runs.push(("move".into(), sb.run(&["move", "1", "done"])));
        for (what, o) in runs {
            assert!(!o.stdout.contains(&0x1b), "{what}: ESC on stdout");
            assert!(!o.stderr.contains(&0x1b), "{what}: ESC on stderr");
        }
    }
}

#[test]
fn show_scrubs_control_characters_from_the_data() {
    // Task 2's title holds an ESC [2J (clear screen) and a tab.
    let sb = Sandbox::fixture("valid/wide_text.yaml");
    let o = sb.run(&["show", "2"]);
    expect_code(&o, 0);
    let out = stdout(&o);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(!out.contains('\t'), "{out:?}");
    // Shown as visible escapes, so the reader sees that they are there.
    assert!(
        out.contains("điều khiển <U+001B>[2J và tab\\tgiữa dòng"),
        "{out}"
    );
}

/// Runs `cchc ARGS` under `script`, which gives it a pseudo-terminal as stdout.
/// `None` when `script` (util-linux) is not installed.
fn on_a_tty(sb: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Option<Vec<u8>> {
    let available = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("`script` is not installed: skipping the terminal check");
        return None;
    }
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut line = quote(&bin().to_string_lossy());
    for a in ["-b", &sb.board.to_string_lossy(), "--as-of", TODAY]
        .into_iter()
        .chain(args.iter().copied())
    {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let mut cmd = assert_cmd::Command::new("script");
    isolate(&mut cmd, sb.path());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .output()
        .expect("run script");
    // `script -e` passes on cchc's status: 1 is `overdue` finding tasks.
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    Some(o.stdout)
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let sb = Sandbox::shipped();
    // On a terminal, overdue rows are red: the check below can see escapes.
    let Some(plain_tty) = on_a_tty(&sb, &["list"], &[]) else {
        return;
    };
    assert!(plain_tty.contains(&0x1b), "expected colour on a terminal");
    for args in [&["list"][..], &["overdue"], &["due", "--within", "400"]] {
        let out = on_a_tty(&sb, args, &[("NO_COLOR", "1")]).expect("script");
        assert!(!out.contains(&0x1b), "{args:?}: colour despite NO_COLOR");
        let out = on_a_tty(&sb, args, &[("TERM", "dumb")]).expect("script");
        assert!(!out.contains(&0x1b), "{args:?}: colour on a dumb terminal");
    }
}

// ---------------------------------------------------------------- board resolution

/// A copy of the shipped board whose plan title names it.
fn board_named(path: &Path, name: &str) {
    let text = String::from_utf8(shipped_bytes()).expect("UTF-8");
    let text = replace_once(
        &text,
        "  title: Kế hoạch Cải cách hành chính Sở Xây dựng năm 2024\n",
        &format!("  title: Bảng {name}\n"),
    );
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("mkdir");
    }
    fs::write(path, text).expect("write board");
}

/// The plan title that `cchc summary` printed, i.e. which board it read.
fn which_board(o: &Output) -> String {
    expect_code(o, 0);
    stdout(o).lines().next().expect("title line").to_owned()
}

#[test]
fn board_resolution_order() {
    let sb = Sandbox::shipped();
    let dir = sb.path();
    board_named(&dir.join("boards/only.yaml"), "thư mục");
    board_named(&dir.join("env.yaml"), "biến môi trường");
    board_named(&dir.join("cfg/relative.yaml"), "cấu hình");
    board_named(&dir.join("flag.yaml"), "tham số");
    let config = dir.join("cfg/config.yaml");
    // A relative `board:` is relative to the config file.
    fs::write(&config, "board: relative.yaml\n").expect("write config");

    let summary = |flag: bool, env: bool, cfg: bool| {
        let mut cmd = sb.cchc();
        cmd.args(["--as-of", TODAY]);
        if flag {
            cmd.args(["--board", "flag.yaml"]);
        }
        if env {
            cmd.env("CCHC_BOARD", dir.join("env.yaml"));
        }
        if cfg {
            cmd.env("CCHC_CONFIG", &config);
        }
        which_board(&cmd.arg("summary").output().expect("run"))
    };
    assert_eq!(summary(true, true, true), "Bảng tham số");
    assert_eq!(summary(false, true, true), "Bảng biến môi trường");
    assert_eq!(summary(false, false, true), "Bảng cấu hình");
    assert_eq!(summary(false, false, false), "Bảng thư mục");
    assert_eq!(summary(true, false, false), "Bảng tham số");
    // -b is the short form.
    let o = sb
        .cchc()
        .args(["--as-of", TODAY, "-b", "flag.yaml", "summary"])
        .env("CCHC_BOARD", dir.join("env.yaml"))
        .output()
        .expect("run");
    assert_eq!(which_board(&o), "Bảng tham số");
}

#[test]
fn the_board_is_found_from_any_subdirectory_of_the_repository() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path();
    fs::create_dir(repo.join(".git")).expect("mkdir .git");
    board_named(&repo.join("boards/only.yaml"), "gốc");
    for sub in ["boards", "src", "src/cli/deep"] {
        fs::create_dir_all(repo.join(sub)).expect("mkdir");
        let o = cchc_in(&repo.join(sub))
            .args(["--as-of", TODAY, "summary"])
            .output()
            .expect("run");
        assert_eq!(which_board(&o), "Bảng gốc", "from {sub}");
    }
    // Data commands read it too (a relative --board stays relative to cwd).
    let o = cchc_in(&repo.join("src"))
        .args(["--as-of", TODAY, "overdue", "--format", "json"])
        .output()
        .expect("run");
    expect_code(&o, 1);
    assert_eq!(json_ids(&stdout(&o)), OVERDUE_ON_TODAY);
}

#[test]
fn the_search_for_boards_stops_at_the_repository_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A board above the repository is not this repository's board.
    board_named(&dir.path().join("boards/outer.yaml"), "ngoài");
    let repo = dir.path().join("repo");
    fs::create_dir_all(repo.join(".git")).expect("mkdir .git");
    fs::create_dir_all(repo.join("src")).expect("mkdir src");
    let o = cchc_in(&repo.join("src"))
        .args(["--as-of", TODAY, "overdue"])
        .output()
        .expect("run");
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("no board found"), "{err}");
    assert!(err.contains(&format!("up to {}", repo.display())), "{err}");
    // The nearest boards/ wins, even above the start.
    board_named(&repo.join("boards/inner.yaml"), "trong");
    let o = cchc_in(&repo.join("src"))
        .args(["--as-of", TODAY, "summary"])
        .output()
        .expect("run");
    assert_eq!(which_board(&o), "Bảng trong");
}

#[test]
fn two_boards_in_boards_dir_is_an_error_naming_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    board_named(&dir.path().join("boards/a.yaml"), "A");
    board_named(&dir.path().join("boards/b.yml"), "B");
    fs::write(dir.path().join("boards/notes.txt"), "not a board").expect("write");
    let o = cchc_in(dir.path())
        .args(["--as-of", TODAY, "overdue"])
        .output()
        .expect("run");
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("holds 2 boards"), "{err}");
    assert!(err.contains("a.yaml") && err.contains("b.yml"), "{err}");
    assert!(!err.contains("notes.txt"), "{err}");
    assert!(err.contains("--board"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn no_board_anywhere_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = cchc_in(dir.path())
        .args(["--as-of", TODAY, "overdue"])
        .output()
        .expect("run");
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("no board found"), "{err}");
    assert!(
        err.contains("--board") && err.contains("CCHC_BOARD") && err.contains("boards/"),
        "{err}"
    );

    let o = cchc_in(dir.path())
        .args(["--as-of", TODAY, "-b", "missing.yaml", "list"])
        .output()
        .expect("run");
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("cannot read missing.yaml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_broken_config_warns_and_overdue_still_answers() {
    let sb = Sandbox::shipped();
    let config = sb.path().join("config.yaml");
    for (text, key) in [
        ("board: elsewhere.yaml\nhorizon: 3\n", "horizon"),
        ("due_soon_days: [\n", ""),
        ("due_soon_days: soon\n", "due_soon_days"),
    ] {
        fs::write(&config, text).expect("write config");
        let o = sb
            .cchc()
            .env("CCHC_CONFIG", &config)
            .arg("-b")
            .arg(&sb.board)
            .env("CCHC_TODAY", TODAY)
            .args(["overdue"])
            .output()
            .expect("run");
        expect_code(&o, 1);
        assert_eq!(text_ids(&stdout(&o)), OVERDUE_ON_TODAY, "{text:?}");
        let err = stderr(&o);
        assert!(err.starts_with("cchc: warning: "), "{text:?}: {err}");
        assert!(err.contains(&config.display().to_string()), "{err}");
        assert!(err.contains("config ignored"), "{err}");
        assert!(err.contains(key), "{text:?} should name `{key}`: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

// ---------------------------------------------------------------- pipes, cron, SSH

/// A board with `n` tasks, all overdue on TODAY.
fn big_board(n: u32) -> String {
    let mut board = storage::load(&shipped_path()).expect("load").board;
    let template = board.tasks[4].clone(); // task 5, Quý I/2024
    board.targets.clear();
    board.tasks = (1..=n)
        .map(|id| {
            let mut t = template.clone();
            t.id = id;
            t
        })
        .collect();
    storage::to_yaml(&board)
}

#[test]
fn a_closed_pipe_is_a_quiet_end() {
    let sb = Sandbox::with_bytes("big.yaml", big_board(3000).as_bytes());
    for (args, want) in [("overdue", 1), ("list --format json", 0), ("list", 0)] {
        let script = format!(
            r#"CCHC_TODAY={TODAY} "$0" -b "$1" {args} | head -1; echo "cchc exit ${{PIPESTATUS[0]}}" >&2"#
        );
        let mut cmd = assert_cmd::Command::new("bash");
        isolate(&mut cmd, sb.path());
        let o = cmd
            .args(["-c", &script])
            .arg(bin())
            .arg(&sb.board)
            .output()
            .expect("run bash");
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{args}: {err}");
        assert!(!err.contains("Broken pipe"), "{args}: {err}");
        assert!(!err.contains("error"), "{args}: {err}");
        assert_eq!(err, format!("cchc exit {want}\n"), "{args}");
        assert_eq!(stdout(&o).lines().count(), 1, "{args}");
    }
}

#[test]
fn runs_without_a_terminal_or_stdin() {
    let sb = Sandbox::shipped();
    // stdin closed (not just empty); stdout and stderr are pipes.
    let run = |args: &str| {
        let mut cmd = assert_cmd::Command::new("sh");
        isolate(&mut cmd, sb.path());
        cmd.arg("-c")
            .arg(format!(
                r#"CCHC_TODAY={TODAY} exec "$0" -b "$1" {args} <&-"#
            ))
            .arg(bin())
            .arg(&sb.board)
            .output()
            .expect("run sh")
    };
    let o = run("overdue");
    expect_code(&o, 1);
    assert_eq!(text_ids(&stdout(&o)), OVERDUE_ON_TODAY);
    let o = run("move 5 done");
    expect_code(&o, 0);
    assert!(
        stdout(&o).starts_with("#5 status: planned → done\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn runs_in_a_new_session_without_a_controlling_terminal() {
    let sb = Sandbox::shipped();
    let available = std::process::Command::new("setsid")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("`setsid` is not installed: skipping");
        return;
    }
    let run = |args: &[&str]| {
        let mut cmd = assert_cmd::Command::new("setsid");
        isolate(&mut cmd, sb.path());
        cmd.arg("-w")
            .arg(bin())
            .arg("-b")
            .arg(&sb.board)
            .args(["--as-of", TODAY])
            .args(args)
            .output()
            .expect("run setsid")
    };
    let o = run(&["overdue", "--format", "json"]);
    expect_code(&o, 1);
    assert_eq!(json_ids(&stdout(&o)), OVERDUE_ON_TODAY);
    let o = run(&["move", "5", "done"]);
    expect_code(&o, 0);
    let o = run(&["show", "5"]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).contains("Completed  2024-04-10 (10 days late)\n"),
        "{}",
        stdout(&o)
    );
}

/// `cchc ARGS` through `sh -c` with `redirect` applied (e.g. `2>/dev/full`).
fn run_redirected(sb: &Sandbox, board: &Path, args: &str, redirect: &str) -> Output {
    let mut cmd = assert_cmd::Command::new("sh");
    isolate(&mut cmd, sb.path());
    cmd.arg("-c")
        .arg(format!(
            r#"CCHC_TODAY={TODAY} exec "$0" -b "$1" {args} {redirect}"#
        ))
        .arg(bin())
        .arg(board)
        .output()
        .expect("run sh")
}

#[test]
fn an_unwritable_stderr_never_panics() {
    if !Path::new("/dev/full").exists() {
        eprintln!("no /dev/full: skipping");
        return;
    }
    // An invalid board: the error goes to stderr, which is full.
    let sb = Sandbox::fixture("invalid/unknown_area.yaml");
    for args in ["check", "list", "overdue", "show 1"] {
        let o = run_redirected(&sb, &sb.board, args, "2>/dev/full");
        expect_code(&o, 2);
    }
    // A broken config warns on stderr; overdue still answers.
    let sb = Sandbox::shipped();
    fs::write(sb.path().join("config.yaml"), "horizon: 3\n").expect("write config");
    let mut cmd = assert_cmd::Command::new("sh");
    isolate(&mut cmd, sb.path());
    let o = cmd
        .env("CCHC_CONFIG", sb.path().join("config.yaml"))
        .arg("-c")
        .arg(format!(
            r#"CCHC_TODAY={TODAY} exec "$0" -b "$1" overdue 2>/dev/full"#
        ))
        .arg(bin())
        .arg(&sb.board)
        .output()
        .expect("run sh");
    expect_code(&o, 1);
    assert_eq!(text_ids(&stdout(&o)), OVERDUE_ON_TODAY);
}

#[test]
fn a_full_stdout_is_an_error_and_a_closed_one_a_quiet_end() {
    let sb = Sandbox::shipped();
    if Path::new("/dev/full").exists() {
        let o = run_redirected(&sb, &sb.board, "list", ">/dev/full");
        expect_code(&o, 2);
        let err = stderr(&o);
        assert!(err.starts_with("cchc: error: writing output: "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    for (args, want) in [("list", 0), ("overdue", 1), ("show 5", 0), ("summary", 0)] {
        let o = run_redirected(&sb, &sb.board, args, ">&-");
        expect_code(&o, want);
        assert!(o.stderr.is_empty(), "{args}: {}", stderr(&o));
    }
}

// ---------------------------------------------------------------- check

#[test]
fn check_wraps_to_80_columns_keeping_the_place_first() {
    let sb = Sandbox::shipped();
    let o = sb.run(&["check"]);
    expect_code(&o, 0);
    let out = stdout(&o);
    assert_fits_80("check", &out);
    let place = format!("{}:", sb.board.display());
    let starts: Vec<&str> = out.lines().filter(|l| !l.starts_with("    ")).collect();
    // Five warnings and the total, each starting a line with its place.
    assert_eq!(starts.len(), 6, "{out}");
    for l in &starts[..5] {
        let rest = l.strip_prefix(&place).unwrap_or_else(|| panic!("{l:?}"));
        let (line, rest) = rest.split_once(':').expect("line");
        let (col, rest) = rest.split_once(':').expect("column");
        assert!(
            line.parse::<u32>().is_ok() && col.parse::<u32>().is_ok(),
            "{l:?}"
        );
        assert!(rest.starts_with(" warning: "), "{l:?}");
    }
    assert!(out.lines().count() > 6, "long messages wrapped: {out}");
}

#[test]
fn check_wraps_to_the_terminals_width() {
    let sb = Sandbox::shipped();
    let board = sb.board.to_string_lossy().into_owned();
    let available = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("`script` is not installed: skipping");
        return;
    }
    for cols in [120usize, 60] {
        let line = format!(
            "stty cols {cols} rows 40; exec '{}' -b '{board}' --as-of {TODAY} check",
            bin().display()
        );
        let mut cmd = assert_cmd::Command::new("script");
        isolate(&mut cmd, sb.path());
        let o = cmd
            .args(["-q", "-e", "-c", &line, "/dev/null"])
            .output()
            .expect("run script");
        expect_code(&o, 0);
        let out = String::from_utf8_lossy(&o.stdout).replace('\r', "");
        let widest = out.lines().map(columns).max().unwrap_or(0);
        assert!(widest <= cols, "{cols}: {widest}: {out}");
        assert!(
            widest > cols - 20,
            "{cols}: uses the width ({widest}): {out}"
        );
        assert!(out.contains("    "), "{cols}: wrapped: {out}");
    }
}

// ---------------------------------------------------------------- language

#[test]
fn text_output_follows_the_language_with_dd_mm_yyyy_dates_in_vietnamese() {
    let sb = Sandbox::shipped();
    let vi_on = |day: &str, args: &[&str]| {
        let o = sb
            .cchc()
            .arg("-b")
            .arg(&sb.board)
            .args(["--as-of", day, "--lang", "vi"])
            .args(args)
            .output()
            .expect("run");
        assert!(matches!(code(&o), 0 | 1), "{args:?}: {o:?}");
        assert_fits_80(&format!("{args:?}"), &stdout(&o));
        stdout(&o)
    };
    let vi = |args: &[&str]| vi_on(TODAY, args);
    let out = vi(&["overdue"]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("STT LĨNH VỰC      TRỄ HẠN        CHỦ TRÌ        NHIỆM VỤ")
    );
    assert_eq!(
        lines.next(),
        Some(" 12 II       101 ngày 31/12/2023 Văn phòng Sở   Xây dựng kế hoạch kiểm soát TTH…")
    );
    let out = vi(&["list", "--area", "I"]);
    assert!(
        out.contains("\n  5 I        Quá hạn        31/03/2024 Văn phòng Sở   "),
        "{out}"
    );
    assert!(out.contains("Chưa thực hiện 31/12/2024"), "{out}");
    let out = vi(&["summary"]);
    assert!(out.contains("\ntính đến ngày 10/04/2024\n"), "{out}");
    assert!(
        out.contains("SỐ NV ĐÚNG HẠN  TRỄ ĐANG LÀM QUÁ HẠN CHƯA ĐẾN  % ĐÚNG"),
        "{out}"
    );
    assert!(out.contains("\nTổng cộng "), "{out}");
    let out = vi(&["show", "5"]);
    assert!(out.contains("\nChủ trì    Văn phòng Sở\n"), "{out}");
    assert!(out.contains("\nTrạng thái chưa thực hiện\n"), "{out}");
    assert!(
        out.contains("\nHạn        31/03/2024 (theo thời gian thực hiện)\n"),
        "{out}"
    );
    assert!(!out.contains("2024-03-31"), "{out}");
    assert_eq!(
        vi_on("2023-12-01", &["overdue"]),
        "không có nhiệm vụ quá hạn tính đến ngày 01/12/2023\n"
    );
    assert_eq!(
        vi(&["due", "--within", "3"]),
        "không có nhiệm vụ đến hạn trong 3 ngày kể từ ngày 10/04/2024\n"
    );
    let out = unwrapped(&vi(&["check"]));
    assert!(
        out.ends_with(": hợp lệ: 43 nhiệm vụ trong 9 lĩnh vực, 19 chỉ tiêu; 5 cảnh báo\n"),
        "{out}"
    );
}

#[test]
fn the_language_comes_from_lang_the_config_or_the_flag_and_json_csv_stay_neutral() {
    let sb = Sandbox::shipped();
    let config = sb.path().join("config.yaml");
    fs::write(&config, "lang: vi\n").expect("write config");
    let run = |env: &[(&str, &str)], extra: &[&str], args: &[&str]| {
        let mut cmd = sb.cchc();
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.arg("-b")
            .arg(&sb.board)
            .args(["--as-of", TODAY])
            .args(extra)
            .args(args)
            .output()
            .expect("run")
    };
    let first = |o: Output| stdout(&o).lines().next().unwrap_or("").to_owned();
    let en = " ID AREA   LATE DUE        LEAD           TITLE";
    let vi = "STT LĨNH VỰC      TRỄ HẠN        CHỦ TRÌ        NHIỆM VỤ";
    assert_eq!(first(run(&[], &[], &["overdue"])), en);
    assert_eq!(
        first(run(&[("LANG", "vi_VN.UTF-8")], &[], &["overdue"])),
        vi
    );
    assert_eq!(
        first(run(&[("LC_ALL", "vi_VN.UTF-8")], &[], &["overdue"])),
        vi
    );
    let cfg = config.to_string_lossy().into_owned();
    assert_eq!(first(run(&[("CCHC_CONFIG", &cfg)], &[], &["overdue"])), vi);
    // The flag wins over both.
    assert_eq!(
        first(run(
            &[("LANG", "vi_VN.UTF-8"), ("CCHC_CONFIG", &cfg)],
            &["--lang", "en"],
            &["overdue"]
        )),
        en
    );
    assert_eq!(
        stdout(&run(&[], &["--lang", "en"], &["show", "5"]))
            .lines()
            .find(|l| l.starts_with("Deadline")),
        Some("Deadline   2024-03-31 (from the timeframe)")
    );
    // JSON and CSV are the same bytes in both languages.
    for format in ["json", "csv"] {
        let args = ["overdue", "--format", format];
        let en = run(&[], &["--lang", "en"], &args);
        let vi = run(&[], &["--lang", "vi"], &args);
        assert_eq!(stdout(&en), stdout(&vi), "{format}");
        assert!(stdout(&vi).contains("2024-03-31"), "{format}: ISO dates");
        assert!(!stdout(&vi).contains("31/03/2024"), "{format}");
    }
}

// ---------------------------------------------------------------- terminal safety

#[test]
fn bidi_overrides_and_invisible_characters_are_shown_as_escapes_in_text_output() {
    let sb = Sandbox::shipped();
    let mut board = storage::load(&sb.board).expect("load").board;
    board.areas[0].title = "Cải cách\u{2066} thể chế".into();
    let t = board.tasks.iter_mut().find(|t| t.id == 5).expect("task 5");
    t.title = "Kế hoạch \u{202E}gnóhp năV".into();
    t.lead = "Văn phòng\u{200B} Sở".into();
    t.notes = Some("dòng một\u{1b}]0;x\u{7}\ndòng\u{FEFF} hai".into());
    fs::write(&sb.board, storage::to_yaml(&board)).expect("write");
    let raw = [
        '\u{202E}', '\u{200B}', '\u{2066}', '\u{FEFF}', '\u{1b}', '\u{7}',
    ];
    for args in [
        &["list"][..],
        &["list", "--area", "I"],
        &["overdue"],
        &["due", "--within", "400", "--as-of", "2024-03-01"],
        &["show", "5"],
        &["summary"],
    ] {
        let o = if args.contains(&"--as-of") {
            sb.cchc()
                .arg("-b")
                .arg(&sb.board)
                .args(args)
                .output()
                .expect("run")
        } else {
            sb.run(args)
        };
        assert!(matches!(code(&o), 0 | 1), "{args:?}: {o:?}");
        let out = stdout(&o);
        for c in raw {
            assert!(!out.contains(c), "{args:?}: raw {c:?} in {out}");
        }
        if args[0] == "summary" {
            assert!(out.contains("Cải cách<U+2066> thể"), "{out}");
        } else {
            assert!(out.contains("Kế hoạch <U+202E>gn"), "{args:?}: {out}");
            // (cut to the LEAD column in the tables)
            assert!(out.contains("Văn phòng<U+2"), "{args:?}: {out}");
        }
    }
    let out = stdout(&sb.run(&["show", "5"]));
    assert!(out.contains("dòng một<U+001B>]0;x<U+0007>\n"), "{out}");
    assert!(out.contains("dòng<U+FEFF> hai\n"), "{out}");
    assert!(out.contains("I Cải cách<U+2066> thể chế\n"), "{out}");
    // JSON keeps the data as it is (escaped the JSON way).
    let o = sb.run(&["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(rows[4]["title"], "Kế hoạch \u{202E}gnóhp năV");
}

// ---------------------------------------------------------------- completions, man

/// The subcommands a user types; completions and the man page must name them.
const SUBCOMMANDS: [&str; 13] = [
    "list",
    "overdue",
    "due",
    "show",
    "move",
    "check",
    "summary",
    "fmt",
    "changes",
    "history",
    "git-setup",
    "completions",
    "man",
];

#[test]
fn completions_for_each_shell_name_the_subcommands_without_a_board() {
    // An empty directory: no board is needed.
    let dir = tempfile::tempdir().expect("tempdir");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = cchc_in(dir.path())
            .args(["completions", shell])
            .output()
            .expect("run");
        expect_code(&o, 0);
        let script = stdout(&o);
        assert!(script.len() > 500, "{shell}: {script}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: no {sub}");
        }
        assert!(script.contains("as-of"), "{shell}: options too");
    }
    assert!(
        stdout(
            &cchc_in(dir.path())
                .args(["completions", "bash"])
                .output()
                .expect("run")
        )
        .contains("complete -F _cchc")
    );
    let o = cchc_in(dir.path())
        .args(["completions", "tcsh"])
        .output()
        .expect("run");
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("possible values: bash"),
        "{}",
        stderr(&o)
    );
}

/// Each subcommand's own help opens with the line `cchc --help` lists for
/// it (a flattened argument group's doc comment once took its place).
#[test]
fn each_subcommands_help_opens_with_its_own_description() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = cchc_in(dir.path()).arg("--help").output().expect("run");
    expect_code(&o, 0);
    let help = stdout(&o);
    let listed: Vec<(String, String)> = help
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            let (name, about) = l.trim_start().split_once(' ')?;
            // Continuation lines of a wrapped description start with spaces.
            (l.starts_with("  ") && !l.starts_with("   "))
                .then(|| (name.to_owned(), about.trim().to_owned()))
        })
        .filter(|(name, _)| name != "help")
        .collect();
    assert!(listed.len() > 20, "{help}");
    for (name, about) in listed {
        let o = cchc_in(dir.path())
            .args([name.as_str(), "--help"])
            .output()
            .expect("run");
        expect_code(&o, 0);
        let own = stdout(&o);
        let first = own.lines().next().unwrap_or_default();
        // The listing may wrap a long description: compare its first line.
        assert!(
            first.starts_with(&about) || about.starts_with(first),
            "{name}: listed as {about:?}, its help opens with {first:?}"
        );
    }
}

#[test]
fn man_prints_a_roff_page_with_the_subcommands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = cchc_in(dir.path()).arg("man").output().expect("run");
    expect_code(&o, 0);
    let page = stdout(&o);
    assert!(page.contains("\n.TH cchc 1 "), "{page}");
    assert!(page.contains("\n.SH NAME\n"), "{page}");
    assert!(page.contains("\n.SH SUBCOMMANDS\n"), "{page}");
    for sub in SUBCOMMANDS {
        // roff escapes the hyphen: git\-setup
        let roff = sub.replace('-', "\\-");
        assert!(page.contains(&format!("cchc\\-{roff}")), "no {sub}");
    }
    assert!(page.contains("\\-\\-as\\-of"), "options too");
}

#[test]
fn errors_quoting_the_file_show_invisible_characters_as_escapes() {
    let text = String::from_utf8(shipped_bytes()).expect("UTF-8");
    let bad = replace_once(
        &text,
        "- id: 5\n  area: I\n",
        "- id: 5\n  area: \"I\\u202E\\e[2J\"\n",
    );
    let sb = Sandbox::with_bytes("board.yaml", bad.as_bytes());
    for args in [&["list"][..], &["check"], &["show", "5"]] {
        let o = sb.run(args);
        expect_code(&o, 2);
        let err = unwrapped(&stderr(&o));
        assert!(
            err.contains("unknown area code `I<U+202E><U+001B>[2J`"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains('\u{202E}') && !err.contains('\u{1b}'),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn errors_and_status_words_follow_the_language() {
    let sb = Sandbox::shipped();
    let vi = |args: &[&str]| sb.run(&[&["--lang", "vi"][..], args].concat());
    let o = vi(&["overdue", "--lead", "van phog"]);
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.starts_with("cchc: error: --lead `van phog` không khớp đơn vị chủ trì nào"),
        "{err}"
    );
    assert!(err.contains("\n  Thanh tra Sở\n"), "{err}");
    let o = vi(&["list", "--area", "X"]);
    expect_code(&o, 2);
    assert_eq!(
        stderr(&o),
        "cchc: error: không có lĩnh vực `X`; các lĩnh vực là I, II, III, IV, V, VI, VII, VIII, IX\n"
    );
    let o = vi(&["show", "99"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("không có nhiệm vụ #99 trên bảng này"),
        "{}",
        stderr(&o)
    );
    let o = vi(&["due", "--within=-1"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("--within phải từ 0 ngày"),
        "{}",
        stderr(&o)
    );
    // The board's column and status names are accepted too, accents optional.
    for status in ["quá hạn", "qua han", "Overdue"] {
        let o = vi(&["list", "--status", status, "--format", "json"]);
        expect_code(&o, 0);
        assert_eq!(
            json_ids(&stdout(&o)),
            sorted(OVERDUE_ON_TODAY.to_vec()),
            "{status}"
        );
    }
    let o = vi(&["move", "5", "hoan thanh"]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).starts_with("#5 status: planned → done\n"),
        "{}",
        stdout(&o)
    );
    let o = vi(&["move", "5", "Hoàn thành"]);
    expect_code(&o, 0);
    assert_eq!(
        stdout(&o),
        "#5 đã ở trạng thái hoàn thành; không có gì thay đổi\n"
    );
    let o = vi(&["move", "5", "xong"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("không có trạng thái `xong`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_config_binding_one_key_twice_stops_the_board_naming_both_actions() {
    let sb = Sandbox::shipped();
    let config = sb.path().join("config.yaml");
    fs::write(&config, "keys:\n  save: [x]\n  quit: [x]\n").expect("write config");
    let o = sb
        .cchc()
        .env("CCHC_CONFIG", &config)
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", TODAY])
        .output()
        .expect("run");
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(err.contains(&config.display().to_string()), "{err}");
    assert!(
        err.contains("`x`") && err.contains("`save`") && err.contains("`quit`"),
        "{err}"
    );
    // The commands do not use keys: overdue still answers.
    let o = sb
        .cchc()
        .env("CCHC_CONFIG", &config)
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", TODAY, "overdue"])
        .output()
        .expect("run");
    expect_code(&o, 1);
}

#[test]
fn show_lists_the_checkpoints_of_a_recurring_task_and_overdue_counts_the_first_missed() {
    let sb = Sandbox::shipped();
    let mut board = storage::load(&sb.board).expect("load").board;
    let t = board
        .tasks
        .iter_mut()
        .find(|t| t.id == 41)
        .expect("task 41");
    t.timeframe = "Định kỳ hằng quý".into();
    t.status = Status::InProgress;
    fs::write(&sb.board, storage::to_yaml(&board)).expect("write");
    let o = sb.run(&["show", "41"]);
    expect_code(&o, 0);
    let out = stdout(&o);
    assert!(
        out.lines().any(
            |l| l.ends_with("2024-03-31, 2024-06-30, 2024-09-30, 2024-12-31")
                && l.starts_with("Checkpoints")
        ),
        "{out}"
    );
    // On 10/04/2024 the Q1 checkpoint has passed with nothing to show: 10 days.
    let o = sb.run(&["overdue", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let row = rows
        .as_array()
        .expect("array")
        .iter()
        .find(|r| r["id"] == 41)
        .expect("#41 overdue");
    assert_eq!(row["days_overdue"], 10, "{row}");
}

#[test]
fn done_tasks_say_whether_they_were_on_time_in_json_and_csv() {
    let sb = Sandbox::shipped();
    // On 10/04/2024: #5 (due 31/03) ten days late, #8 (due 31/12) on time.
    for id in ["5", "8"] {
        expect_code(&sb.run(&["move", id, "done"]), 0);
    }
    let o = sb.run(&["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let row = |id: u64| {
        rows.as_array()
            .expect("array")
            .iter()
            .find(|r| r["id"] == id)
            .expect("row")
            .clone()
    };
    assert_eq!(
        (row(5)["on_time"].clone(), row(5)["days_late"].clone()),
        (false.into(), 10.into())
    );
    assert_eq!(
        (row(8)["on_time"].clone(), row(8)["days_late"].clone()),
        (true.into(), 0.into())
    );
    assert!(row(1)["on_time"].is_null() && row(1)["days_late"].is_null());
    let o = sb.run(&["list", "--area", "I", "--format", "csv"]);
    let csv = stdout(&o);
    let five = csv.lines().find(|l| l.starts_with("5,")).expect("#5");
    assert!(five.contains(",2024-04-10,false,10,"), "{five}");
}

#[test]
fn as_of_a_day_before_a_task_was_completed_it_is_not_done() {
    let sb = Sandbox::shipped();
    // #5 done on 02/04/2024 (its deadline was 31/03).
    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", "2024-04-02", "move", "5", "done"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    let on = |day: &str, args: &[&str]| {
        let o = sb
            .cchc()
            .arg("-b")
            .arg(&sb.board)
            .args(["--as-of", day])
            .args(args)
            .output()
            .expect("run");
        stdout(&o)
    };
    let show = on("2024-03-15", &["show", "5"]);
    assert!(
        show.contains("State      in_progress as of 2024-03-15"),
        "{show}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&on("2024-03-15", &["list", "--format", "json"])).expect("json");
    let five = json
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == 5)
        .expect("#5")
        .clone();
    assert_eq!(five["state"], "in_progress");
    assert!(five["on_time"].is_null(), "{five}");
    let summary = on("2024-03-15", &["summary", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&summary).expect("json");
    assert_eq!(rows[0]["done_on_time"], 0);
    assert_eq!(rows[0]["done_late"], 0);
    assert_eq!(rows[0]["in_progress"], 1, "{summary}");
    // From the day it was completed, it is done (two days late).
    let summary = on("2024-04-02", &["summary", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&summary).expect("json");
    assert_eq!(rows[0]["done_late"], 1, "{summary}");
}

#[test]
fn targets_say_met_not_met_or_not_measured_in_json_csv_and_text() {
    let sb = Sandbox::shipped();
    let mut board = storage::load(&sb.board).expect("load").board;
    board.targets[0].current = Some(100.0); // II.1a: ≥ 100%
    board.targets[2].current = Some(64.5); // II.3a: > 70%
    fs::write(&sb.board, storage::to_yaml(&board)).expect("write");
    let o = sb.run(&["targets", "--format", "json"]);
    expect_code(&o, 0);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 19);
    // (serde_json's map sorts keys when parsed back: compare as sets.)
    let keys: std::collections::BTreeSet<&str> = rows[0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "section",
            "text",
            "comparator",
            "value",
            "unit",
            "current",
            "measured_on",
            "source",
            "status"
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(
        (rows[0]["id"].clone(), rows[0]["status"].clone()),
        ("II.1a".into(), "met".into())
    );
    assert_eq!(
        (rows[2]["status"].clone(), rows[2]["current"].clone()),
        ("not_met".into(), 64.5.into())
    );
    assert_eq!(rows[1]["status"], "not_measured");
    assert!(rows[1]["current"].is_null());
    let csv = stdout(&sb.run(&["targets", "--format", "csv"]));
    assert!(
        csv.lines()
            .nth(3)
            .expect("II.3a")
            .ends_with(",more_than,70,percent,64.5,,,not_met"),
        "{csv}"
    );
    let vi = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--lang", "vi", "targets"])
        .output()
        .expect("run");
    let text = stdout(&vi);
    assert!(
        text.lines()
            .any(|l| l.starts_with("II.3a") && l.contains("64,5%") && l.ends_with("chưa đạt")),
        "{text}"
    );
    assert_fits_80("targets", &text);
}

#[test]
fn summary_with_a_done_task_without_a_date_says_so_within_80_columns() {
    let text = String::from_utf8(shipped_bytes()).expect("utf-8");
    let at = text.find("- id: 5\n").expect("#5");
    let status = text[at..].find("  status: planned\n").expect("status") + at;
    let done = format!(
        "{}  status: done\n{}",
        &text[..status],
        &text[status + "  status: planned\n".len()..]
    );
    let sb = Sandbox::with_bytes("board.yaml", done.as_bytes());
    for lang in ["en", "vi"] {
        let o = sb.run(&["--lang", lang, "summary"]);
        expect_code(&o, 0);
        let out = stdout(&o);
        assert!(out.contains('1'), "{out}");
        assert!(
            out.lines().all(|l| columns(l) <= 80),
            "a line over 80 columns:\n{out}"
        );
        assert!(
            out.contains("without a completed date") || out.contains("chưa ghi ngày"),
            "{out}"
        );
    }
}

//! The year's record from the command line: `cchc log`, `cchc evidence`,
//! `cchc target`, and how `show`, `targets`, the JSON/CSV rows, `check` and
//! `due` read it as of a day. Run on copies of the shipped board with a
//! fixed day (`TODAY`, 2024-04-10).

mod common;

use cchc::domain::{Board, Evidence, Measurement, Status, Unit};
use cchc::storage;
use common::*;
use std::fs;
use std::process::Output;

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().expect("date")
}

fn board(sb: &Sandbox) -> Board {
    storage::load(&sb.board).expect("load").board
}

/// The shipped board changed by `edit`, written in canonical form.
fn sandbox_with(edit: impl FnOnce(&mut Board)) -> Sandbox {
    let mut b = storage::load(&shipped_path()).expect("load").board;
    edit(&mut b);
    Sandbox::with_bytes("board.yaml", storage::to_yaml(&b).as_bytes())
}

/// The lines of `after` that are not in `before`, after checking that every
/// line of `before` is still there, in order: the edit only added lines.
fn added_lines(before: &[u8], after: &[u8]) -> Vec<String> {
    let before = String::from_utf8(before.to_vec()).expect("UTF-8");
    let after = String::from_utf8(after.to_vec()).expect("UTF-8");
    let mut old = before.lines().peekable();
    let mut added = Vec::new();
    for line in after.lines() {
        if old.peek() == Some(&line) {
            old.next();
        } else {
            added.push(line.to_owned());
        }
    }
    assert_eq!(
        old.next(),
        None,
        "a line of the board was changed or removed:\n{after}"
    );
    assert!(after.ends_with('\n'));
    added
}

fn err(o: &Output) -> String {
    stderr(o)
}

// ---------------------------------------------------------------- log

#[test]
fn log_adds_only_the_entry_lines_and_says_what_it_added() {
    let sb = Sandbox::shipped();
    let before = sb.bytes();
    let o = sb.run(&["log", "5", "Đã ban hành kế hoạch\nGửi các phòng, đơn vị"]);
    expect_code(&o, 0);
    let target = fs::canonicalize(&sb.board).expect("path");
    assert_eq!(
        stdout(&o),
        format!(
            "#5 log: + 2024-04-10 Đã ban hành kế hoạch\n          Gửi các phòng, đơn vị\nsaved {}\n",
            target.display()
        )
    );
    assert_eq!(
        added_lines(&before, &sb.bytes()),
        [
            "  log:",
            "  - date: 2024-04-10",
            "    text: |-",
            "      Đã ban hành kế hoạch",
            "      Gửi các phòng, đơn vị",
        ]
    );
    // An earlier day goes before it, --date taking the day; the file again
    // changes by the added lines only.
    let middle = sb.bytes();
    let o = sb.run(&["log", "5", "Dự thảo kế hoạch", "--date", "2024-03-01"]);
    expect_code(&o, 0);
    assert_eq!(
        added_lines(&middle, &sb.bytes()),
        ["  - date: 2024-03-01", "    text: Dự thảo kế hoạch"]
    );
    let t = board(&sb).task(5).cloned().expect("task 5");
    let days: Vec<_> = t.log.iter().map(|e| e.date).collect();
    assert_eq!(days, [day("2024-03-01"), day("2024-04-10")]);
    assert_eq!(sb.listing(), ["board.yaml"]);
}

#[test]
fn log_errors_leave_the_file_alone() {
    let sb = Sandbox::shipped();
    let original = sb.bytes();
    for (args, message) in [
        (&["log", "5", "  \n "][..], "the log entry's text is empty"),
        (&["log", "99", "x"][..], "no task #99"),
        (
            &["log", "5", "x", "--date", "2024-05-01"][..],
            "the log entry is dated 2024-05-01, after the as-of day 2024-04-10; fix the date, or pass --as-of 2024-05-01",
        ),
        (&["log", "5", "x", "--date", "2024-13-01"][..], "2024-13-01"),
    ] {
        let o = sb.run(args);
        expect_code(&o, 2);
        assert!(err(&o).contains(message), "{args:?}: {}", err(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(sb.bytes() == original, "{args:?} changed the file");
    }
    assert_eq!(sb.listing(), ["board.yaml"]);
}

#[test]
fn edits_refuse_a_hand_formatted_board_like_move() {
    let text = String::from_utf8(shipped_bytes()).expect("UTF-8");
    let commented = text.replacen("tasks:\n", "tasks: # the appendix\n", 1);
    let line = commented
        .lines()
        .position(|l| l.starts_with("tasks: #"))
        .expect("line")
        + 1;
    let sb = Sandbox::with_bytes("board.yaml", commented.as_bytes());
    for (args, command) in [
        (&["log", "5", "x"][..], "log"),
        (&["evidence", "5", "x"][..], "evidence"),
        (&["target", "II.3a", "50"][..], "target"),
    ] {
        let o = sb.run(args);
        expect_code(&o, 2);
        let e = err(&o);
        assert!(
            e.starts_with(&format!("{}:{line}: error: ", sb.board.display())),
            "{e}"
        );
        assert!(
            e.contains(&format!(
                "run `cchc fmt`, review `git diff`, then {command} again"
            )),
            "{e}"
        );
        assert!(sb.bytes() == commented.as_bytes(), "{args:?}");
    }
}

// ---------------------------------------------------------------- evidence

#[test]
fn evidence_adds_a_document_or_a_line_of_text_as_added_lines_only() {
    let sb = Sandbox::shipped();
    let before = sb.bytes();
    let o = sb.run(&[
        "evidence",
        "5",
        "--number",
        "12/KH-SXD",
        "--date",
        "2024-01-05",
        "--title",
        "Kế hoạch theo dõi thi hành pháp luật năm 2024",
        "--issuer",
        "Sở Xây dựng",
        "--link",
        "docs/12-KH-SXD.pdf",
    ]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).starts_with("#5 evidence: + 12/KH-SXD of 05/01/2024: Kế hoạch theo dõi thi hành pháp luật năm 2024 (Sở Xây dựng) <docs/12-KH-SXD.pdf>\nsaved "),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        added_lines(&before, &sb.bytes()),
        [
            "  evidence:",
            "  - number: 12/KH-SXD",
            "    date: 2024-01-05",
            "    title: Kế hoạch theo dõi thi hành pháp luật năm 2024",
            "    issuer: Sở Xây dựng",
            "    link: docs/12-KH-SXD.pdf",
        ]
    );
    let middle = sb.bytes();
    let o = sb.run(&[
        "--lang",
        "vi",
        "evidence",
        "5",
        "Báo cáo số 3 gửi Sở Nội vụ",
    ]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).starts_with("#5 evidence: + Báo cáo số 3 gửi Sở Nội vụ\nđã lưu "),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        added_lines(&middle, &sb.bytes()),
        ["  - Báo cáo số 3 gửi Sở Nội vụ"]
    );
    let t = board(&sb).task(5).cloned().expect("task 5");
    assert_eq!(t.evidence.len(), 2);
    assert!(matches!(&t.evidence[0], Evidence::Document(d) if d.date == day("2024-01-05")));
    assert_eq!(t.evidence[1], Evidence::from("Báo cáo số 3 gửi Sở Nội vụ"));
}

#[test]
fn evidence_says_which_flags_a_document_lacks() {
    let sb = Sandbox::shipped();
    let original = sb.bytes();
    for (args, message) in [
        (
            &["evidence", "5", "--number", "12/KH-SXD"][..],
            "a document needs --number, --date and --title; missing --date, --title (or give the evidence as TEXT)",
        ),
        (
            &["evidence", "5", "--title", "Kế hoạch", "--issuer", "UBND"][..],
            "missing --number, --date",
        ),
        (
            &["evidence", "5", "Báo cáo", "--number", "3/BC"][..],
            "either as TEXT or as a document",
        ),
        (&["evidence", "5"][..], "no evidence given"),
        (&["evidence", "5", " "][..], "no evidence given"),
        (
            &[
                "evidence",
                "5",
                "--number",
                " ",
                "--date",
                "2024-01-05",
                "--title",
                "x",
            ][..],
            "--number is empty",
        ),
        (
            &[
                "evidence",
                "5",
                "--number",
                "1",
                "--date",
                "2024-06-01",
                "--title",
                "x",
            ][..],
            "the document is dated 2024-06-01, after the as-of day 2024-04-10",
        ),
    ] {
        let o = sb.run(args);
        expect_code(&o, 2);
        assert!(err(&o).contains(message), "{args:?}: {}", err(&o));
        assert!(sb.bytes() == original, "{args:?} changed the file");
    }
    let o = sb.run(&["--lang", "vi", "evidence", "5", "--date", "2024-01-05"]);
    expect_code(&o, 2);
    assert!(
        err(&o)
            .contains("một văn bản cần --number, --date và --title; còn thiếu --number, --title"),
        "{}",
        err(&o)
    );
}

// ---------------------------------------------------------------- target

#[test]
fn target_records_a_dated_value_in_any_decimal_form() {
    let sb = Sandbox::shipped();
    let before = sb.bytes();
    let o = sb.run(&["target", "II.3a", "58,97%", "--source", "Cổng DVC tỉnh"]);
    expect_code(&o, 0);
    assert!(
        stdout(&o)
            .starts_with("target II.3a measurements: + 2024-04-10 58.97% (Cổng DVC tỉnh)\nsaved "),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        added_lines(&before, &sb.bytes()),
        [
            "  measurements:",
            "  - date: 2024-04-10",
            "    value: 58.97",
            "    source: Cổng DVC tỉnh",
        ]
    );
    for (value, want) in [("61.5", 61.5), ("62,25", 62.25), ("64 %", 64.0)] {
        let o = sb.run(&["target", "ii.3a", value, "--date", "2024-04-01"]);
        expect_code(&o, 0);
        let b = board(&sb);
        let t = b.targets.iter().find(|t| t.id == "II.3a").expect("II.3a");
        assert!(t.measurements.iter().any(|m| m.value == want), "{value}");
    }
    // Kept in date order, the later day last.
    let b = board(&sb);
    let t = b.targets.iter().find(|t| t.id == "II.3a").expect("II.3a");
    assert_eq!(
        t.measurements.last().map(|m| m.date),
        Some(day("2024-04-10"))
    );
}

#[test]
fn target_errors_list_the_ids_or_say_how_to_write_the_value() {
    let sb = Sandbox::shipped();
    let original = sb.bytes();
    let o = sb.run(&["target", "II.9z", "50"]);
    expect_code(&o, 2);
    assert!(
        err(&o).contains("no target `II.9z` on this board; the targets are II.1a, II.2a, II.3a,"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("VIII.37"), "{}", err(&o));
    for bad in ["abc", "1.234,5", "50%%", ""] {
        let o = sb.run(&["target", "II.3a", bad]);
        expect_code(&o, 2);
        assert!(
            err(&o).contains("is not a number; write it like 58.97, 58,97 or 58,97%"),
            "{bad}: {}",
            err(&o)
        );
    }
    let o = sb.run(&["target", "II.3a", "50", "--date", "2025-01-01"]);
    expect_code(&o, 2);
    assert!(err(&o).contains("after the as-of day"), "{}", err(&o));
    assert!(sb.bytes() == original);

    let counted = sandbox_with(|b| b.targets[0].unit = Unit::Count);
    let id = board(&counted).targets[0].id.clone();
    let o = counted.run(&["target", &id, "3%"]);
    expect_code(&o, 2);
    assert!(
        err(&o).contains("is a count, not a percentage; write the value without `%`"),
        "{}",
        err(&o)
    );
}

#[test]
fn the_first_measurement_replaces_an_undated_current() {
    let sb = sandbox_with(|b| b.targets[2].current = Some(64.5));
    let o = sb.run(&["target", "II.3a", "66"]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).starts_with(
            "target II.3a current: 64.5 → (none)\ntarget II.3a measurements: + 2024-04-10 66%\n"
        ),
        "{}",
        stdout(&o)
    );
    let b = board(&sb);
    assert_eq!(b.targets[2].current, None);
}

// ---------------------------------------------------------------- targets

fn measured() -> Sandbox {
    sandbox_with(|b| {
        let t = b
            .targets
            .iter_mut()
            .find(|t| t.id == "II.3a")
            .expect("II.3a");
        t.record(Measurement {
            date: day("2024-03-14"),
            value: 64.5,
            source: Some("Báo cáo quý I".into()),
        });
        t.record(Measurement {
            date: day("2024-06-14"),
            value: 71.25,
            source: None,
        });
    })
}

fn targets_json(sb: &Sandbox, as_of: &str) -> serde_json::Value {
    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", as_of, "targets", "--format", "json"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    rows.as_array()
        .expect("array")
        .iter()
        .find(|r| r["id"] == "II.3a")
        .cloned()
        .expect("II.3a")
}

#[test]
fn targets_read_the_measurement_of_the_day_asked_about() {
    let sb = measured();
    let before = targets_json(&sb, "2024-03-13");
    assert!(before["current"].is_null(), "{before}");
    assert_eq!(before["status"], "not_measured");
    let q1 = targets_json(&sb, "2024-04-10");
    assert_eq!(q1["current"], 64.5);
    assert_eq!(q1["measured_on"], "2024-03-14");
    assert_eq!(q1["source"], "Báo cáo quý I");
    assert_eq!(q1["status"], "not_met");
    let mut keys: Vec<&str> = q1
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "comparator",
            "current",
            "id",
            "measured_on",
            "section",
            "source",
            "status",
            "text",
            "unit",
            "value"
        ]
    );
    let h1 = targets_json(&sb, "2024-06-30");
    assert_eq!(h1["current"], 71.25);
    assert_eq!(h1["measured_on"], "2024-06-14");
    assert!(h1["source"].is_null());
    assert_eq!(h1["status"], "met");

    let o = sb.run(&["--lang", "vi", "targets"]);
    expect_code(&o, 0);
    let line = stdout(&o)
        .lines()
        .find(|l| l.starts_with("II.3a"))
        .map(str::to_owned)
        .expect("II.3a");
    assert_eq!(line, "II.3a   > 70%    64,5% chưa đạt (14/03/2024)");
    let o = sb.run(&["targets", "--format", "csv"]);
    let row = stdout(&o)
        .lines()
        .find(|l| l.starts_with("II.3a,"))
        .map(str::to_owned)
        .expect("II.3a");
    assert!(
        row.ends_with(",more_than,70,percent,64.5,2024-03-14,Báo cáo quý I,not_met"),
        "{row}"
    );
}

// ---------------------------------------------------------------- show

#[test]
fn show_gives_the_record_as_it_stood_on_the_day() {
    let sb = sandbox_with(|b| {
        let t = b.tasks.iter_mut().find(|t| t.id == 37).expect("37");
        t.due = Some(day("2024-04-15"));
        t.due_reason = Some("Công văn số 5/UBND-NV gia hạn".into());
        t.evidence = vec![
            Evidence::Document(cchc::domain::Document {
                number: "20/KH-SXD".into(),
                date: day("2024-04-01"),
                title: "Kế hoạch kiểm tra CCHC năm 2024".into(),
                issuer: None,
                link: None,
            }),
            "Báo cáo số 3".into(),
        ];
        t.add_log(cchc::domain::LogEntry {
            date: day("2024-03-20"),
            text: "Dự thảo kế hoạch\nlấy ý kiến các phòng".into(),
            evidence: vec!["Tờ trình số 7".into()],
        });
        t.add_log(cchc::domain::LogEntry {
            date: day("2024-05-02"),
            text: "Kiểm tra Văn phòng Sở".into(),
            evidence: vec![],
        });
        let target = b
            .targets
            .iter_mut()
            .find(|t| t.id == "VIII.37")
            .expect("VIII.37");
        target.record(Measurement {
            date: day("2024-04-05"),
            value: 12.5,
            source: Some("Báo cáo tháng 4".into()),
        });
        target.record(Measurement {
            date: day("2024-06-30"),
            value: 50.0,
            source: None,
        });
    });
    let o = sb.run(&["--lang", "vi", "show", "37"]);
    expect_code(&o, 0);
    let out = stdout(&o);
    for line in [
        "Hạn        31/03/2024 → 15/04/2024 (Công văn số 5/UBND-NV gia hạn)",
        "Minh chứng - 20/KH-SXD ngày 01/04/2024: Kế hoạch kiểm tra CCHC năm 2024",
        "           - Báo cáo số 3",
        "Nhật ký    - 20/03/2024 Dự thảo kế hoạch",
        "                        lấy ý kiến các phòng",
        "                        · Tờ trình số 7",
        "Chỉ tiêu   ≥ 40%",
        "           - 05/04/2024 12,5% (Báo cáo tháng 4)",
    ] {
        assert!(out.lines().any(|l| l == line), "no line {line:?} in\n{out}");
    }
    // Dated after the day: not there yet.
    assert!(!out.contains("Kiểm tra Văn phòng Sở"), "{out}");
    assert!(!out.contains("50%"), "{out}");
    assert_fits_80("show 37", &out);

    // A day earlier in the year: the document and the measurement are gone.
    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", "2024-03-25", "show", "37"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains("Deadline   2024-03-31 → 2024-04-15 (Công văn số 5/UBND-NV gia hạn)\n"),
        "{out}"
    );
    assert!(!out.contains("20/KH-SXD"), "{out}");
    assert!(out.contains("Evidence   - Báo cáo số 3\n"), "{out}");
    assert!(
        out.contains("Log        - 2024-03-20 Dự thảo kế hoạch\n"),
        "{out}"
    );
    assert!(out.contains("Target     ≥ 40%\n"), "{out}");
    assert!(!out.contains("12.5%"), "{out}");
}

// ---------------------------------------------------------------- rows

#[test]
fn json_and_csv_rows_carry_the_record_up_to_the_day() {
    let sb = sandbox_with(|b| {
        let t = b.tasks.iter_mut().find(|t| t.id == 5).expect("5");
        t.status = Status::Done;
        t.completed = Some(day("2024-04-05"));
        t.due = Some(day("2024-04-15"));
        t.due_reason = Some("Công văn 5/UBND".into());
        t.evidence = vec![
            "Báo cáo số 3".into(),
            Evidence::Document(cchc::domain::Document {
                number: "12/KH-SXD".into(),
                date: day("2024-04-01"),
                title: "Kế hoạch".into(),
                issuer: Some("Sở Xây dựng".into()),
                link: None,
            }),
        ];
        t.add_log(cchc::domain::LogEntry {
            date: day("2024-03-01"),
            text: "Dự thảo".into(),
            evidence: vec!["Tờ trình 7".into()],
        });
        t.add_log(cchc::domain::LogEntry {
            date: day("2024-05-01"),
            text: "Sau ngày tính".into(),
            evidence: vec![],
        });
    });
    let o = sb.run(&["list", "--format", "json"]);
    expect_code(&o, 0);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let r = rows
        .as_array()
        .expect("array")
        .iter()
        .find(|r| r["id"] == 5)
        .expect("5");
    assert_eq!(r["due"], "2024-04-15");
    assert_eq!(r["planned_deadline"], "2024-03-31");
    assert_eq!(r["due_reason"], "Công văn 5/UBND");
    assert_eq!(r["on_time"], true);
    assert_eq!(
        r["evidence"],
        serde_json::json!([
            "Báo cáo số 3",
            {"number": "12/KH-SXD", "date": "2024-04-01", "title": "Kế hoạch", "issuer": "Sở Xây dựng"}
        ])
    );
    assert_eq!(
        r["log"],
        serde_json::json!([{"date": "2024-03-01", "text": "Dự thảo", "evidence": ["Tờ trình 7"]}])
    );

    let o = sb.run(&["list", "--format", "csv"]);
    expect_code(&o, 0);
    let text = stdout(&o);
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let head = rd.headers().expect("header").clone();
    let col = |name: &str| head.iter().position(|h| h == name).expect(name);
    let row = rd
        .records()
        .map(|r| r.expect("row"))
        .find(|r| &r[0] == "5")
        .expect("5");
    assert_eq!(
        &row[col("evidence")],
        "Báo cáo số 3; 12/KH-SXD ngày 01/04/2024: Kế hoạch (Sở Xây dựng)"
    );
    assert_eq!(&row[col("log_entries")], "1");
    assert_eq!(&row[col("planned_deadline")], "2024-03-31");
    assert_eq!(&row[col("due_reason")], "Công văn 5/UBND");
}

// ---------------------------------------------------------------- check

#[test]
fn check_points_at_misdated_and_missing_records() {
    let mut text = String::from_utf8(shipped_bytes()).expect("UTF-8");
    // Task 5 (done, a log entry after the day, a document from 2023-01),
    // task 6 (done, no evidence), a due_reason without due, a measurement
    // after the day and q1 set twice.
    let mut b = storage::load(&shipped_path()).expect("load").board;
    {
        let t = b.tasks.iter_mut().find(|t| t.id == 5).expect("5");
        t.status = Status::Done;
        t.completed = Some(day("2024-03-01"));
        t.evidence = vec![Evidence::Document(cchc::domain::Document {
            number: "1/KH-SXD".into(),
            date: day("2023-01-05"),
            title: "Kế hoạch cũ".into(),
            issuer: None,
            link: None,
        })];
        t.add_log(cchc::domain::LogEntry {
            date: day("2024-05-01"),
            text: "sau".into(),
            evidence: vec![],
        });
        let t = b.tasks.iter_mut().find(|t| t.id == 6).expect("6");
        t.status = Status::Done;
        t.completed = Some(day("2024-03-01"));
        t.due_reason = Some("Công văn".into());
        let target = b
            .targets
            .iter_mut()
            .find(|t| t.id == "II.3a")
            .expect("II.3a");
        target.record(Measurement {
            date: day("2024-12-31"),
            value: 1.0,
            source: None,
        });
    }
    text.clear();
    text.push_str(&storage::to_yaml(&b));
    text.push_str("reporting:\n- report: q1\n  from: 12-15\n  to: 03-14\n- report: q1\n  from: 12-15\n  to: 03-20\n");
    let sb = Sandbox::with_bytes("board.yaml", text.as_bytes());
    let at = |needle: &str| -> (usize, usize) {
        let (i, l) = text
            .lines()
            .enumerate()
            .filter(|(i, _)| *i > 0)
            .find(|(_, l)| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}"));
        (
            i + 1,
            l.find(needle.trim_start_matches("- ")).expect("col") + 1,
        )
    };
    let o = sb.run(&["check"]);
    expect_code(&o, 0);
    let out = unwrapped(&stdout(&o));
    let p = sb.board.display().to_string();
    let (l, c) = at("date: 2023-01-05");
    let (ll, lc) = at("date: 2024-05-01");
    let (ml, mc) = at("date: 2024-12-31");
    let (rl, rc) = at("due_reason: Công văn");
    let second_q1 = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "- report: q1")
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("second q1");
    for want in [
        format!(
            "{p}:{l}:{}: warning: tasks[4].evidence[0].date: task 5: document 1/KH-SXD is dated 2023-01-05, before the plan year 2024 (its record starts 2023-12-15, when the first report window opens)",
            c + 6
        ),
        format!(
            "{p}:{ll}:{}: warning: tasks[4].log[0].date: task 5: log entry dated 2024-05-01, after the as-of day 2024-04-10",
            lc + 6
        ),
        format!(
            "{p}:{ml}:{}: warning: targets[2].measurements[0].date: target `II.3a`: measurement dated 2024-12-31, after the as-of day 2024-04-10",
            mc + 6
        ),
        format!(
            "{p}:{rl}:{}: warning: tasks[5].due_reason: task 6 has a due_reason but no due",
            rc + 12
        ),
        "warning: tasks[5].status: task 6 is done but has no evidence; PAR scoring needs a document: add one with `cchc evidence 6".to_owned(),
        format!(
            "{p}:{second_q1}:11: warning: reporting[1].report: report `q1` is set twice under `reporting:` (also reporting[0]); this later one is used"
        ),
    ] {
        assert!(out.contains(&want), "no {want:?} in\n{out}");
    }
    // Task 5 has evidence (if misdated): no "no evidence" warning for it.
    assert!(!out.contains("task 5 is done but has no evidence"), "{out}");

    // As of a day after everything, only the dates before the plan year
    // and the board's own mistakes remain.
    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", "2025-01-01", "check"])
        .output()
        .expect("run");
    let out = unwrapped(&stdout(&o));
    assert!(!out.contains("after the as-of day"), "{out}");
    assert!(out.contains("before the plan year"), "{out}");
}

// ---------------------------------------------------------------- due

#[test]
fn due_lists_the_reports_due_in_the_horizon_in_text_only() {
    let sb = Sandbox::shipped();
    let run = |args: &[&str]| {
        let o = sb
            .cchc()
            .arg("-b")
            .arg(&sb.board)
            .args(args)
            .output()
            .expect("run");
        expect_code(&o, 0);
        stdout(&o)
    };
    let out = run(&[
        "--as-of",
        "2024-03-01",
        "--lang",
        "vi",
        "due",
        "--within",
        "14",
    ]);
    assert!(
        out.ends_with(
            "\nBáo cáo đến hạn:\n14/03/2024  Báo cáo CCHC quý I năm 2024 (15/12/2023–14/03/2024)\n"
        ),
        "{out}"
    );
    // The horizon's last day is in, the day after is not.
    let out = run(&["--as-of", "2024-03-01", "due", "--within", "12"]);
    assert!(!out.contains("Reports due"), "{out}");
    let out = run(&["--as-of", "2024-03-14", "due", "--within", "0"]);
    assert!(
        out.ends_with("Reports due:\n2024-03-14  CCHC report, Q1 2024 (2023-12-15–2024-03-14)\n"),
        "{out}"
    );
    // JSON stays the array of task rows it was.
    let json = run(&[
        "--as-of",
        "2024-03-01",
        "due",
        "--within",
        "14",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(v.is_array(), "{json}");
    assert!(!json.contains("Báo cáo CCHC"), "{json}");
}

#[test]
fn due_reports_follow_the_boards_reporting_calendar() {
    let text = format!(
        "{}reporting:\n- report: h1\n  from: 12-15\n  to: 06-14\n  due: 06-20\n",
        String::from_utf8(shipped_bytes()).expect("UTF-8")
    );
    let sb = Sandbox::with_bytes("board.yaml", text.as_bytes());
    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", "2024-06-15", "due", "--within", "7"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert!(
        stdout(&o).ends_with(
            "Reports due:\n2024-06-20  CCHC report, first half of 2024 (2023-12-15–2024-06-14)\n"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_value_out_of_its_units_range_is_refused_and_typed_controls_never_reach_the_file() {
    let sb = Sandbox::shipped();
    let before = sb.bytes();
    for value in ["150", "-5", "100,5%"] {
        let o = sb.run(&["target", "II.3a", value, "--date", "2024-03-01"]);
        expect_code(&o, 2);
        assert!(err(&o).contains("from 0 to 100"), "{value}: {}", err(&o));
    }
    assert!(sb.bytes() == before, "a refused value changed the file");
    expect_code(
        &sb.run(&["target", "II.3a", "100", "--date", "2024-03-01"]),
        0,
    );
    // An escape sequence, a bell and a bidi override typed into a log entry.
    let o = sb.run(&[
        "log",
        "5",
        "a\u{1b}[31mb\u{7} c\u{202e}d",
        "--date",
        "2024-03-01",
    ]);
    expect_code(&o, 0);
    let text = String::from_utf8(sb.bytes()).expect("utf-8");
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "a control character reached the file"
    );
    assert!(text.contains("text: a [31mb"), "{text}");
}

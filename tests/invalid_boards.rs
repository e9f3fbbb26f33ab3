//! Broken and unusual board files. Each fixture in `fixtures/invalid/` has one
//! fault: `cchc check` must exit 2 and say where (file, line, column) and what
//! to fix, and no command may write to it. Fixtures in `fixtures/valid/` are
//! hand-written forms that must load.

mod common;

use cchc::domain::Status;
use cchc::storage;
use common::*;
use std::time::Duration;

/// Runs `cchc -b <fixture copy> check`; asserts exit 2, nothing on stdout, the
/// file untouched, and an error that starts with `<path>:<position>: error: `.
/// Returns stderr.
fn expect_invalid(name: &str, position: &str) -> String {
    let sb = Sandbox::fixture(&format!("invalid/{name}"));
    let before = sb.bytes();
    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", TODAY, "check"])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run cchc");
    expect_code(&o, 2);
    assert!(o.stdout.is_empty(), "{name}: stdout {}", stdout(&o));
    for line in stderr(&o).lines() {
        assert!(columns(line) <= 80, "{name}: wider than 80: {line:?}");
    }
    let err = unwrapped(&stderr(&o));
    let prefix = format!("{}{position}: error: ", sb.board.display());
    assert!(
        err.starts_with(&prefix),
        "{name}: expected the error to start with {prefix:?}, got:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(sb.bytes() == before, "{name}: check changed the file");
    assert_eq!(sb.listing(), [name]);
    err
}

/// Output with any wrapping of long messages undone (continuation lines
/// start with four spaces), so assertions hold however wide the lines are.
fn joined(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        match line.strip_prefix("    ") {
            Some(rest) if !out.is_empty() => {
                out.pop();
                out.push(' ');
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn has(err: &str, parts: &[&str]) {
    for p in parts {
        assert!(err.contains(p), "missing {p:?} in:\n{err}");
    }
}

#[test]
fn unknown_field() {
    let err = expect_invalid("unknown_field.yaml", ":25:3");
    has(
        &err,
        &[
            "tasks[1]: unknown field `prio`",
            "expected one of `id`, `area`",
            "fix the spelling or remove the field",
        ],
    );
}

#[test]
fn duplicate_key_in_a_task_points_at_the_second_key() {
    let err = expect_invalid("duplicate_key.yaml", ":28:3");
    has(
        &err,
        &[
            "tasks[1]: duplicate field `lead`",
            "keep one of the two lines",
        ],
    );
}

#[test]
fn duplicate_task_id_points_at_the_second_task() {
    let err = expect_invalid("duplicate_id.yaml", ":31:7");
    has(
        &err,
        &[
            "tasks[2].id: task id 2 is used twice (also tasks[1])",
            "give this task a new id",
        ],
    );
}

#[test]
fn unknown_area_code_lists_the_known_ones() {
    let err = expect_invalid("unknown_area.yaml", ":32:9");
    has(
        &err,
        &["tasks[2].area: unknown area code `X`; the areas are I, II"],
    );
}

/// A list or a map where one word belongs (`status: [done]`): the parser's
/// words ("expected a YAML tag starting with '!'") told the user nothing.
#[test]
fn a_list_where_a_status_belongs_says_what_to_write() {
    let err = expect_invalid("invalid_status_list.yaml", ":30:11");
    has(
        &err,
        &[
            "tasks[1].status: a list where one value belongs",
            "write the value alone, without brackets or braces",
        ],
    );
    assert!(!err.contains("YAML tag"), "{err}");
}

#[test]
fn invalid_status_lists_the_valid_ones() {
    let err = expect_invalid("invalid_status.yaml", ":30:11");
    has(
        &err,
        &[
            "tasks[1].status: unknown variant `overdue`",
            "`planned`, `in_progress`, `done`",
        ],
    );
}

#[test]
fn impossible_date_points_at_the_date() {
    let err = expect_invalid("invalid_date.yaml", ":31:8");
    has(
        &err,
        &[
            "tasks[1].due: invalid date `2024-02-30`",
            "no such day in the calendar",
        ],
    );
}

#[test]
fn date_written_as_no_points_at_the_date() {
    let err = expect_invalid("invalid_date_no.yaml", ":31:8");
    has(
        &err,
        &["tasks[1].due: invalid date `no`", "write it as YYYY-MM-DD"],
    );
}

#[test]
fn tab_indentation() {
    let err = expect_invalid("tab_indent.yaml", ":25:1");
    has(&err, &["tab", "indent with spaces, not tabs"]);
}

#[test]
fn two_documents_point_at_the_second_one() {
    let err = expect_invalid("two_documents.yaml", ":48:1");
    has(&err, &["more than one document", "remove the `---` line"]);
}

#[test]
fn empty_file() {
    let err = expect_invalid("empty.yaml", "");
    has(&err, &["the board file is empty", "restore it from git"]);
}

#[test]
fn comment_only_file_is_empty() {
    let err = expect_invalid("comment_only.yaml", "");
    has(&err, &["the board file is empty", "restore it from git"]);
}

#[test]
fn git_conflict_markers_name_the_region() {
    let err = expect_invalid("conflict.yaml", ":22");
    has(
        &err,
        &[
            "resolve the git merge conflict at lines 22–43",
            "delete the <<<<<<< ======= >>>>>>> lines",
            "cchc check",
        ],
    );
}

#[test]
fn invalid_utf8_names_the_byte() {
    let bytes = fixture_bytes("invalid/not_utf8.yaml");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "fixture must not be UTF-8"
    );
    let err = expect_invalid("not_utf8.yaml", ":24:15");
    has(&err, &["not valid UTF-8 (byte 565)", "save it as UTF-8"]);
}

#[test]
fn wrong_schema_version() {
    let err = expect_invalid("wrong_schema.yaml", ":1:9");
    has(
        &err,
        &[
            "schema: schema 2 is not one this cchc reads (it reads schema 1)",
            "upgrade cchc",
        ],
    );
}

#[test]
fn type_error_names_the_path() {
    let err = expect_invalid("type_error.yaml", ":22:7");
    has(
        &err,
        &["tasks[1].id: invalid type: string \"abc\", expected u32"],
    );
    let err = expect_invalid("type_error_target.yaml", ":46:10");
    has(
        &err,
        &["targets[0].value: invalid type: string \"bảy mươi\", expected f64"],
    );
}

#[test]
fn alias_bomb_fails_without_expanding() {
    // The timeout is only a sanity bound: a hung or exploding parse is killed
    // and then fails the exit-code check.
    let err = expect_invalid("alias_bomb.yaml", ":32:5");
    has(
        &err,
        &[
            "an anchor (`&name`)",
            "anchors, aliases and merge keys",
            "write the value out in full",
        ],
    );
}

/// A 1 MB anchored string and 100,000 aliases of it: 100 GB if expanded.
/// Refused before any value is built; the memory limit (1 GiB of address
/// space) turns an expansion into a crash instead of a machine out of memory.
fn alias_amplification() -> Vec<u8> {
    let text = String::from_utf8(fixture_bytes("valid/minimal.yaml")).expect("UTF-8");
    let big = "x".repeat(1 << 20);
    let aliases = "  - *big\n".repeat(100_000);
    let task = format!("  notes: &big {big}\n  evidence:\n{aliases}");
    let at = text.find("- id: 2\n").expect("task 2");
    format!("{}{task}{}", &text[..at], &text[at..]).into_bytes()
}

#[test]
fn alias_amplification_is_refused_in_every_loader() {
    let sb = Sandbox::with_bytes("amplified.yaml", &alias_amplification());
    let line = String::from_utf8(sb.bytes())
        .expect("UTF-8")
        .lines()
        .position(|l| l.starts_with("  notes: &big"))
        .expect("notes line")
        + 1;
    for args in [&["check"][..], &["overdue"], &["move", "1", "done"]] {
        let mut cmd = assert_cmd::Command::new("bash");
        isolate(&mut cmd, sb.path());
        let o = cmd
            .args(["-c", r#"ulimit -v 1048576; exec "$0" "$@""#])
            .arg(bin())
            .arg("-b")
            .arg(&sb.board)
            .args(["--as-of", TODAY])
            .args(args)
            .timeout(Duration::from_secs(120))
            .output()
            .expect("run bash");
        expect_code(&o, 2);
        let err = joined(&stderr(&o));
        assert!(
            err.starts_with(&format!(
                "{}:{line}:10: error: an anchor",
                sb.board.display()
            )),
            "{args:?}: {}",
            &err[..err.len().min(400)]
        );
    }

    // The merge driver's inputs too: nothing is written over ours.
    let ours = fixture_bytes("valid/minimal.yaml");
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, mine, theirs) = (
        dir.path().join("base"),
        dir.path().join("ours"),
        dir.path().join("theirs"),
    );
    std::fs::write(&base, &ours).expect("write");
    std::fs::write(&mine, &ours).expect("write");
    std::fs::write(&theirs, alias_amplification()).expect("write");
    let mut cmd = assert_cmd::Command::new("bash");
    isolate(&mut cmd, dir.path());
    let o = cmd
        .args(["-c", r#"ulimit -v 1048576; exec "$0" "$@""#])
        .arg(bin())
        .arg("merge-driver")
        .args([&base, &mine, &theirs])
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run bash");
    expect_code(&o, 2);
    assert!(stderr(&o).contains("an anchor (`&name`)"), "{}", stderr(&o));
    assert!(std::fs::read(&mine).expect("read") == ours);
}

#[test]
fn deep_nesting_fails_cleanly() {
    let text = String::from_utf8(fixture_bytes("invalid/deep_nesting.yaml")).expect("UTF-8");
    assert!(text.contains(&"[".repeat(200)), "fixture nests 200 deep");
    let err = expect_invalid("deep_nesting.yaml", ":22:14");
    has(&err, &["tasks[0].evidence[0]: invalid type: sequence"]);
    assert!(!err.contains("overflow"), "{err}");
}

#[test]
fn every_invalid_fixture_is_refused_by_every_command() {
    let dir = fixture("invalid");
    let names = listing(&dir);
    assert!(names.len() >= 18, "{names:?}");
    for name in names {
        let sb = Sandbox::fixture(&format!("invalid/{name}"));
        let before = sb.bytes();
        for args in [
            &["overdue"][..],
            &["list", "--format", "json"],
            &["summary"],
            &["show", "1"],
            &["move", "1", "done"],
            &["fmt"],
            &["due"],
        ] {
            let o = sb
                .cchc()
                .arg("-b")
                .arg(&sb.board)
                .args(["--as-of", TODAY])
                .args(args)
                .timeout(Duration::from_secs(60))
                .output()
                .expect("run cchc");
            expect_code(&o, 2);
            assert!(o.stdout.is_empty(), "{name} {args:?}: {}", stdout(&o));
            let err = stderr(&o);
            assert!(
                err.starts_with(&sb.board.display().to_string()),
                "{name} {args:?}: {err}"
            );
            assert!(err.contains("error"), "{name} {args:?}: {err}");
            assert!(sb.bytes() == before, "{name} {args:?} wrote to the file");
            assert_eq!(sb.listing(), [name.as_str()], "{name} {args:?}");
        }
    }
}

// ---------------------------------------------------------------- valid forms

/// The board every valid fixture holds, from the canonical minimal one.
fn minimal_board() -> cchc::domain::Board {
    storage::load(&fixture("valid/minimal.yaml"))
        .expect("minimal loads")
        .board
}

#[test]
fn minimal_board_is_valid_and_canonical() {
    let sb = Sandbox::fixture("valid/minimal.yaml");
    let o = sb.run(&["check"]);
    expect_code(&o, 0);
    assert_eq!(
        stdout(&o),
        format!(
            "{}: ok: 3 tasks in 2 areas, 1 targets; 0 warnings\n",
            sb.board.display()
        )
    );
    let o = sb.run(&["fmt", "--check"]);
    expect_code(&o, 0);
    let file = storage::load(&sb.board).expect("load");
    assert!(storage::to_yaml(&file.board).as_bytes() == sb.bytes().as_slice());
}

/// A hand-formatted but valid fixture: loads to the minimal board; `check`
/// warns it is not canonical at `line`; `move` refuses and points to `cchc
/// fmt`; after `cchc fmt` the file is the canonical minimal board and `move`
/// works.
fn hand_formatted(name: &str, line: usize) {
    let sb = Sandbox::fixture(&format!("valid/{name}"));
    let original = sb.bytes();
    let file = storage::load(&sb.board).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(file.board, minimal_board(), "{name}");
    assert_eq!(file.first_noncanonical_line(), Some(line), "{name}");

    let o = sb.run(&["list", "--format", "json"]);
    expect_code(&o, 0);
    assert_eq!(json_ids(&stdout(&o)), [1, 2, 3], "{name}");

    let o = sb.run(&["check"]);
    expect_code(&o, 0);
    let out = unwrapped(&stdout(&o));
    assert!(
        out.starts_with(&format!(
            "{}:{line}: warning: not in canonical form",
            sb.board.display()
        )),
        "{name}: {out}"
    );
    assert!(out.contains("run `cchc fmt`"), "{name}: {out}");
    assert!(out.ends_with("; 1 warning\n"), "{name}: {out}");

    let o = sb.run(&["fmt", "--check"]);
    expect_code(&o, 1);
    assert!(sb.bytes() == original, "{name}: fmt --check wrote");

    let o = sb.run(&["move", "1", "done"]);
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("{}:{line}: error: ", sb.board.display())),
        "{name}: {err}"
    );
    assert!(err.contains("run `cchc fmt`"), "{name}: {err}");
    assert!(sb.bytes() == original, "{name}: a refused move wrote");

    let o = sb.run(&["fmt"]);
    expect_code(&o, 0);
    assert!(stdout(&o).starts_with("rewrote "), "{name}");
    assert!(
        sb.bytes() == fixture_bytes("valid/minimal.yaml"),
        "{name}: fmt did not produce the canonical form"
    );
    let o = sb.run(&["move", "1", "done"]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).starts_with("#1 status: planned → done\n"),
        "{name}"
    );
    assert_eq!(sb.listing(), [name], "{name}");
}

#[test]
fn crlf_line_endings_load_and_fmt_converts_them() {
    let bytes = fixture_bytes("valid/crlf.yaml");
    assert!(
        bytes.windows(2).filter(|w| w == b"\r\n").count() > 40,
        "the fixture must keep its CRLF line endings (check git's eol settings)"
    );
    hand_formatted("crlf.yaml", 1);
}

#[test]
fn byte_order_mark_loads_and_fmt_removes_it() {
    let bytes = fixture_bytes("valid/bom.yaml");
    assert!(bytes.starts_with(b"\xef\xbb\xbfschema: 1\n"), "fixture BOM");
    hand_formatted("bom.yaml", 1);
}

#[test]
fn comments_load_but_must_be_formatted_away_before_a_move() {
    hand_formatted("comments.yaml", 1);
}

#[test]
fn bom_does_not_shift_error_columns() {
    // A BOM before an error on line 1: the column is the one an editor shows.
    let text = String::from_utf8(fixture_bytes("invalid/wrong_schema.yaml")).expect("UTF-8");
    let sb = Sandbox::with_bytes("bom-schema.yaml", format!("\u{feff}{text}").as_bytes());
    let o = sb.run(&["check"]);
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("{}:1:9: error: ", sb.board.display())),
        "{err}"
    );
}

#[test]
fn check_locates_warnings_in_the_files_own_task_order() {
    // Tasks listed 3, 2, 1; task 1's timeframe sets no date.
    let sb = Sandbox::fixture("valid/unsorted.yaml");
    let o = sb.run(&["check"]);
    expect_code(&o, 0);
    let out = unwrapped(&stdout(&o));
    let first = out.lines().next().expect("a warning");
    assert_eq!(
        first,
        format!(
            "{}:40:14: warning: tasks[2].timeframe: task 1: timeframe `Theo quy định` sets no deadline; add `due: YYYY-MM-DD` so overdue checks can see it",
            sb.board.display()
        )
    );
    assert!(
        out.contains(&format!(
            "{}:13: warning: not in canonical form",
            sb.board.display()
        )),
        "{out}"
    );
    // Loaded boards are in id order whatever the file's order.
    let file = storage::load(&sb.board).expect("load");
    let ids: Vec<u32> = file.board.tasks.iter().map(|t| t.id).collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[test]
fn yaml_1_1_lookalikes_stay_strings() {
    let sb = Sandbox::fixture("valid/yaml11_strings.yaml");
    let original = sb.bytes();
    let file = storage::load(&sb.board).expect("load");
    assert_eq!(file.first_noncanonical_line(), None, "fixture is canonical");
    let b = &file.board;
    assert_eq!(&*b.plan.title, "yes");
    assert_eq!(b.plan.organisation, "off");
    assert_eq!(b.plan.document, "2024");
    let codes: Vec<&str> = b.areas.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["no", "null"]);
    assert_eq!(&*b.areas[0].title, "on");
    assert_eq!(&*b.areas[1].title, "~");
    let t1 = b.task(1).expect("task 1");
    assert_eq!(&*t1.area, "no");
    assert_eq!(&*t1.title, "no");
    assert_eq!(&*t1.output, "123");
    assert_eq!(&*t1.lead, "null");
    assert_eq!(&*t1.support, "~");
    assert_eq!(&*t1.budget, "true");
    assert_eq!(t1.assignee.as_deref(), Some("y"));
    assert_eq!(t1.notes.as_deref(), Some("0x1F"));
    let evidence: Vec<String> = t1.evidence.iter().map(|e| e.cite("")).collect();
    assert_eq!(
        evidence,
        [
            "1e3",
            "2024-01-01",
            ".inf",
            "+1",
            "Null",
            "FALSE",
            "0o17",
            "1_000"
        ]
    );
    let t2 = b.task(2).expect("task 2");
    assert_eq!(&*t2.title, "NO");
    assert_eq!(&*t2.output, "");
    assert_eq!(&*t2.lead, "12:30");
    assert_eq!(&*t2.support, "-1");
    assert_eq!(&*t2.budget, ".5");

    // Through the CLI: moves and their reverses keep every string and byte.
    let today: chrono::NaiveDate = TODAY.parse().expect("date");
    for (id, word, status) in [
        (1, "done", Status::Done),
        (2, "in-progress", Status::InProgress),
    ] {
        let o = sb.run(&["move", &id.to_string(), word]);
        expect_code(&o, 0);
        let mut expected = b.clone();
        let t = expected
            .tasks
            .iter_mut()
            .find(|t| t.id == id)
            .expect("task");
        t.status = status;
        t.completed = (status == Status::Done).then_some(today);
        let reloaded = storage::load(&sb.board).expect("reload");
        assert_eq!(reloaded.board, expected, "after move {id} {word}");
        assert_eq!(reloaded.first_noncanonical_line(), None);
        let o = sb.run(&["move", &id.to_string(), "planned"]);
        expect_code(&o, 0);
        assert!(sb.bytes() == original, "move {id} back");
    }

    // The JSON output carries them as strings too.
    let o = sb.run(&["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(rows[0]["title"], "no");
    assert_eq!(rows[0]["output"], "123");
    assert_eq!(rows[0]["lead"], "null");
    assert_eq!(rows[1]["lead"], "12:30");
}

#[test]
fn quoted_yaml_1_1_lookalikes_format_to_the_canonical_fixture() {
    let quoted = storage::load(&fixture("valid/yaml11_quoted.yaml")).expect("load");
    let canonical = storage::load(&fixture("valid/yaml11_strings.yaml")).expect("load");
    assert_eq!(quoted.board, canonical.board);
    let sb = Sandbox::fixture("valid/yaml11_quoted.yaml");
    let o = sb.run(&["fmt"]);
    expect_code(&o, 0);
    assert!(sb.bytes() == fixture_bytes("valid/yaml11_strings.yaml"));
}

#[test]
fn every_valid_fixture_loads() {
    for name in listing(&fixture("valid")) {
        let sb = Sandbox::fixture(&format!("valid/{name}"));
        let o = sb.run(&["check"]);
        expect_code(&o, 0);
        assert!(
            unwrapped(&stdout(&o))
                .lines()
                .last()
                .is_some_and(|l| l.contains(": ok: ")),
            "{name}: {}",
            stdout(&o)
        );
        storage::load(&sb.board).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn check_warns_about_a_done_task_without_a_completed_date() {
    // Task 20 set to done by hand (as in $EDITOR), on line 206; no `completed`.
    let text = String::from_utf8(shipped_bytes()).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[205], "  status: planned");
    assert_eq!(lines[206], "- id: 21");
    let edited = text.replacen(
        "  status: planned\n- id: 21\n",
        "  status: done\n- id: 21\n",
        1,
    );
    let sb = Sandbox::with_bytes("board.yaml", edited.as_bytes());
    let o = sb.run(&["check"]);
    expect_code(&o, 0);
    let out = unwrapped(&stdout(&o));
    assert!(
        out.contains(&format!(
            "{}:206:11: warning: tasks[19].status: task 20 is done but has no completed",
            sb.board.display()
        )),
        "{out}"
    );
    // A done task also needs its evidence (PAR scoring asks for a document).
    assert!(
        out.contains(&format!(
            "{}:206:11: warning: tasks[19].status: task 20 is done but has no evidence",
            sb.board.display()
        )),
        "{out}"
    );
    assert!(out.ends_with("; 7 warnings\n"), "{out}");
    // With the date, the warning goes.
    let dated = edited.replacen(
        "  status: done\n- id: 21\n",
        "  status: done\n  completed: 2024-04-01\n- id: 21\n",
        1,
    );
    std::fs::write(&sb.board, dated).expect("write");
    let out = stdout(&sb.run(&["check"]));
    assert!(!out.contains("no completed"), "{out}");
    assert!(out.ends_with("; 6 warnings\n"), "{out}");
}

#[test]
fn a_fifo_as_the_board_is_refused_without_blocking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let board = dir.path().join("board.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&board)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    for args in [
        &["check"][..],
        &["move", "1", "done"],
        &["overdue"],
        &["fmt"],
    ] {
        // The timeout only bounds a hang (a blocked open never returns).
        let o = cchc_in(dir.path())
            .arg("-b")
            .arg(&board)
            .args(["--as-of", TODAY])
            .args(args)
            .timeout(Duration::from_secs(60))
            .output()
            .expect("run cchc");
        expect_code(&o, 2);
        let err = joined(&stderr(&o));
        assert!(
            err.starts_with(&format!(
                "{}: error: {} is not a regular file (a FIFO)",
                board.display(),
                board.display()
            )),
            "{args:?}: {err}"
        );
        assert!(err.contains("must name the board's YAML file"), "{err}");
    }
    // Through the config file's `board:` as well as --board, and the config
    // itself as a FIFO is ignored with a warning rather than read.
    let config = dir.path().join("config.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&config)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let o = cchc_in(dir.path())
        .env("CCHC_CONFIG", &config)
        .arg("-b")
        .arg(&board)
        .args(["--as-of", TODAY, "check"])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run cchc");
    expect_code(&o, 2);
    assert!(
        joined(&stderr(&o)).contains("cannot read config"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn null_evidence_and_targets_mean_not_set() {
    let text = String::from_utf8(fixture_bytes("valid/minimal.yaml")).expect("UTF-8");
    let at = text.find("- id: 2\n").expect("task 2");
    for null in ["~", "null", "Null", "NULL", ""] {
        let edited = format!(
            "{}  assignee: {null}\n  notes: {null}\n  evidence: {null}\n{}",
            &text[..at],
            &text[at..]
        );
        let sb = Sandbox::with_bytes("board.yaml", edited.as_bytes());
        let file = storage::load(&sb.board).unwrap_or_else(|e| panic!("{null:?}: {e}"));
        let t1 = file.board.task(1).expect("task 1");
        assert!(t1.evidence.is_empty(), "{null:?}");
        assert_eq!((t1.assignee.as_deref(), t1.notes.as_deref()), (None, None));
        let o = sb.run(&["check"]);
        expect_code(&o, 0);
    }
    // `targets: ~` is an empty list too.
    let cut = text.find("targets:\n").expect("targets");
    let sb = Sandbox::with_bytes(
        "board.yaml",
        format!("{}targets: ~\n", &text[..cut]).as_bytes(),
    );
    let file = storage::load(&sb.board).expect("targets: ~ loads");
    assert!(file.board.targets.is_empty());
    // A wrong type is still an error with its place.
    let sb = Sandbox::with_bytes(
        "board.yaml",
        format!("{}  evidence: 5\n{}", &text[..at], &text[at..]).as_bytes(),
    );
    let o = sb.run(&["check"]);
    expect_code(&o, 2);
    assert!(stderr(&o).contains("evidence"), "{}", stderr(&o));
}

// ---------------------------------------------------------------- escape injection

/// Bytes a terminal would act on: C0 controls but newline, DEL, and the C1
/// controls' UTF-8 form (0xC2 0x80..=0x9F).
fn has_raw_controls(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| (b < 0x20 && b != b'\n') || b == 0x7f)
        || bytes
            .windows(2)
            .any(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]))
}

#[test]
fn values_quoted_in_messages_never_reach_the_terminal_raw() {
    let text = String::from_utf8(fixture_bytes("valid/minimal.yaml")).expect("UTF-8");
    let cases = [
        (
            "  area: I\n",
            "  area: \"X\\e]0;pwned\\a\"\n",
            2,
            "unknown area code `X<U+001B>]0;pwned<U+0007>`",
        ),
        (
            "  status: planned\n",
            "  status: \"\\e[2J\\x9b\"\n",
            2,
            "unknown variant `<U+001B>[2J<U+009B>`",
        ),
        (
            "  status: planned\n",
            "  status: planned\n  due: \"\\e[2J\"\n",
            2,
            "invalid date `<U+001B>[2J`",
        ),
        (
            "  status: planned\n",
            "  status: planned\n  \"\\e[31mprio\": 1\n",
            2,
            "unknown field `<U+001B>[31mprio`",
        ),
        (
            "  timeframe: Quý I/2024\n",
            "  timeframe: \"\\e]0;x\\a\\rTheo quy định\"\n",
            0,
            "timeframe `<U+001B>]0;x<U+0007>\\rTheo quy định` sets no deadline",
        ),
    ];
    for (from, to, code, shown) in cases {
        let board = text.replacen(from, to, 1);
        assert_ne!(board, text, "{to}");
        let sb = Sandbox::with_bytes("board.yaml", board.as_bytes());
        let o = sb.run(&["check"]);
        expect_code(&o, code);
        for (name, stream) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            assert!(
                !has_raw_controls(stream),
                "{to:?}: raw control bytes on {name}: {:?}",
                String::from_utf8_lossy(stream)
            );
        }
        let all = joined(&format!("{}{}", stdout(&o), stderr(&o)));
        assert!(all.contains(shown), "{to:?}: {all}");
        // The stored text is untouched.
        assert!(sb.bytes() == board.as_bytes());
    }
}

#[test]
fn check_places_every_warning_not_only_the_first_fifty() {
    let text = String::from_utf8(fixture_bytes("valid/minimal.yaml")).expect("UTF-8");
    let (head, rest) = text.split_at(text.find("tasks:\n").expect("tasks"));
    let tail = &rest[rest.find("targets:\n").expect("targets")..];
    let mut board = format!("{head}tasks:\n");
    for id in 1..=60 {
        board.push_str(&format!(
            "- id: {id}\n  area: I\n  title: Việc {id}\n  output: x\n  lead: x\n  support: x\n  timeframe: Theo quy định\n  budget: x\n  status: planned\n"
        ));
    }
    board.push_str(&tail.replace("task: 2\n", ""));
    let sb = Sandbox::with_bytes("board.yaml", board.as_bytes());
    let o = sb.run(&["check"]);
    expect_code(&o, 0);
    let out = joined(&stdout(&o));
    let warnings: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("sets no deadline"))
        .collect();
    assert_eq!(warnings.len(), 60, "{out}");
    for (i, w) in warnings.iter().enumerate() {
        // Task i+1's timeframe is on line 19 + 9 i (column 14).
        let at = format!(
            "{}:{}:14: warning: tasks[{i}].timeframe",
            sb.board.display(),
            19 + 9 * i
        );
        assert!(w.starts_with(&at), "expected {at:?}, got {w:?}");
    }
}

/// Found trying the app: a raw control character in the file (an ESC
/// pasted into a title) was reported at `1:1` and "at position 65", a
/// byte offset. It is placed on its line and column, named, never echoed,
/// and nothing is written.
#[test]
fn a_raw_control_character_is_placed_on_its_line_and_column() {
    let text = String::from_utf8(fixture_bytes("valid/minimal.yaml")).expect("UTF-8");
    let at = text.find("  title: ").expect("a title") + "  title: ".len();
    let line = text[..at].matches('\n').count() + 1;
    let mut board = text.into_bytes();
    board.insert(at, 0x1b);
    let sb = Sandbox::with_bytes("board.yaml", &board);
    for args in [&["check"][..], &["move", "1", "done"]] {
        let o = sb.run(args);
        expect_code(&o, 2);
        let err = stderr(&o);
        assert!(
            err.contains(&format!("board.yaml:{line}:10: error:")) && err.contains("U+001B"),
            "{args:?}: {err}"
        );
        assert!(!has_raw_controls(&o.stderr) && !has_raw_controls(&o.stdout));
        assert!(sb.bytes() == board, "{args:?} wrote nothing");
    }
}

//! `cchc import`: the shipped plan's appendix as a Word document, a workbook
//! and CSV (tests/fixtures/plans/, made by scripts/make_plan_fixtures.py, and
//! the same files after a round trip through LibreOffice) reads back to the
//! shipped board's tasks field by field; bad tables are refused, naming the
//! row, with nothing written.

mod common;

use cchc::domain::Board;
use cchc::storage;
use common::*;
use std::fs;
use std::path::Path;

const ORG: &str = "Sở Xây dựng tỉnh Nam Định";

fn shipped() -> Board {
    storage::load(&shipped_path()).expect("shipped").board
}

/// Imports `fixture` into a new board in a sandbox; returns the board and stdout.
fn import_new(fixture_rel: &str) -> (Board, String) {
    let sb = Sandbox::with_bytes("x.txt", b"");
    let src = fixture(fixture_rel);
    let o = sb
        .cchc()
        .arg("import")
        .arg(&src)
        .args(["-o", "new.yaml", "--organisation", ORG])
        .output()
        .expect("run");
    expect_code(&o, 0);
    let file = storage::load(&sb.path().join("new.yaml")).expect("the imported board loads");
    assert_eq!(file.first_noncanonical_line(), None, "canonical");
    (file.board, stdout(&o))
}

fn assert_same_as_shipped(b: &Board, what: &str) {
    let s = shipped();
    assert_eq!(b.areas, s.areas, "{what}: areas");
    assert_eq!(b.tasks.len(), s.tasks.len(), "{what}: task count");
    for (got, want) in b.tasks.iter().zip(&s.tasks) {
        assert_eq!(got, want, "{what}: task {}", want.id);
    }
    assert_eq!(
        b.plan.title, s.plan.title,
        "{what}: title from the document"
    );
    assert_eq!(b.plan.year, 2024, "{what}: year from the title");
    assert_eq!(b.plan.organisation, ORG);
}

#[test]
fn the_docx_appendix_imports_to_the_shipped_tasks() {
    let (b, out) = import_new("plans/so-xay-dung-2024.docx");
    assert_same_as_shipped(&b, "docx");
    assert!(out.contains("read "), "{out}");
    assert!(out.contains("43 tasks in 9 areas"), "{out}");
    assert!(
        out.contains("  II     10 tasks  Cải cách thủ tục hành chính"),
        "{out}"
    );
    // Undated tasks are listed with their source row.
    assert!(
        out.contains("task 21 (table 1, row 25): `Theo đúng lộ trình`"),
        "{out}"
    );
}

#[test]
fn the_docx_saved_by_libreoffice_imports_the_same() {
    let (b, _) = import_new("plans/libreoffice/so-xay-dung-2024.docx");
    assert_same_as_shipped(&b, "LibreOffice docx");
}

#[test]
fn the_workbooks_import_the_same() {
    for f in [
        "plans/so-xay-dung-2024.xlsx",
        "plans/libreoffice/so-xay-dung-2024.xlsx",
        "plans/libreoffice/so-xay-dung-2024.ods",
    ] {
        let (b, out) = import_new(f);
        assert_same_as_shipped(&b, f);
        assert!(out.contains("sheet Phụ lục, row"), "{f}: {out}");
    }
}

#[test]
fn the_csv_imports_the_same() {
    let (b, out) = import_new("plans/so-xay-dung-2024.csv");
    assert_same_as_shipped(&b, "csv");
    assert!(out.contains("(line "), "{out}");
}

fn sandbox_with(name: &str, text: &str) -> Sandbox {
    Sandbox::with_bytes(name, text.as_bytes())
}

fn run_import(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    sb.cchc().arg("import").args(args).output().expect("run")
}

#[test]
fn reordered_and_missing_columns_tsv_and_nfc() {
    // Thời gian first, no Sản phẩm / phối hợp / Kinh phí; decomposed accents.
    let text = "Thời gian thực hiện\tSTT\tNội dung nhiệm vụ\tĐơn vị chủ trì\n\
                \tI\tCa\u{309}i ca\u{301}ch thê\u{309} chê\u{301}\t\n\
                Quý II/2025\t1\tRà soát văn bản\tVăn phòng Sở\n\
                Năm 2025\t2\tGóp ý dự thảo\tThanh tra Sở\n";
    let sb = sandbox_with("plan.tsv", text);
    let o = run_import(
        &sb,
        &[
            "plan.tsv",
            "-o",
            "b.yaml",
            "--organisation",
            "Sở Tư pháp",
            "--year",
            "2025",
        ],
    );
    expect_code(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains("columns not in the table (left blank): Sản phẩm, (Phòng, đơn vị) phối hợp, Kinh phí (dự kiến)"),
        "{out}"
    );
    let b = storage::load(&sb.path().join("b.yaml"))
        .expect("loads")
        .board;
    assert_eq!(&*b.areas[0].title, "Cải cách thể chế");
    assert_eq!(b.areas[0].title.len(), "Cải cách thể chế".len(), "NFC");
    let t1 = b.task(1).expect("1");
    assert_eq!(
        (&*t1.title, &*t1.lead, &*t1.timeframe, &*t1.output),
        ("Rà soát văn bản", "Văn phòng Sở", "Quý II/2025", "")
    );
    // No title in the file: the default title, the year from the flag.
    assert_eq!(
        &*b.plan.title,
        "Kế hoạch Cải cách hành chính Sở Tư pháp năm 2025"
    );
}

#[test]
fn without_the_year_anywhere_it_names_the_flag_and_writes_nothing() {
    let sb = sandbox_with("plan.csv", "STT,Nhiệm vụ\nI,Thể chế\n1,Rà soát\n");
    let o = run_import(
        &sb,
        &["plan.csv", "-o", "b.yaml", "--organisation", "Sở Tư pháp"],
    );
    expect_code(&o, 2);
    assert!(stderr(&o).contains("pass --year YYYY"), "{}", stderr(&o));
    let o = run_import(&sb, &["plan.csv", "-o", "b.yaml", "--year", "2025"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("pass --organisation TEXT"),
        "{}",
        stderr(&o)
    );
    assert_eq!(sb.listing(), ["plan.csv"]);
}

#[test]
fn odd_cells_are_reported_with_their_row() {
    let sb = sandbox_with(
        "plan.csv",
        "STT,Nhiệm vụ,Sản phẩm,chủ trì,Thời gian\n1,2,3,4,5\nI,Thể chế,,,\n1,Rà soát,Báo cáo,2024,Theo quy định\n",
    );
    let o = run_import(
        &sb,
        &[
            "plan.csv",
            "--dry-run",
            "--organisation",
            "O",
            "--year",
            "2025",
        ],
    );
    expect_code(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains("line 2: a row of column numbers under the header; skipped"),
        "{out}"
    );
    assert!(
        out.contains("line 4: task 1: chủ trì is the number `2024`; is a column shifted?"),
        "{out}"
    );
    assert!(out.contains("task 1 (line 4): `Theo quy định`"), "{out}");
    assert!(out.contains("dry run: nothing written"), "{out}");
    assert_eq!(sb.listing(), ["plan.csv"]);
}

#[test]
fn bad_rows_are_errors_naming_the_row_and_nothing_is_written() {
    let sb = sandbox_with(
        "plan.csv",
        "STT,Nhiệm vụ\n1,Trước mọi lĩnh vực\nI,Thể chế\n2,\n2.3,Tiểu mục\n3,Một\n3,Hai\n",
    );
    let o = run_import(
        &sb,
        &[
            "plan.csv",
            "-o",
            "b.yaml",
            "--organisation",
            "O",
            "--year",
            "2025",
        ],
    );
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("line 2: task 1 comes before any area row"),
        "{err}"
    );
    assert!(
        err.contains("line 4: task 2 has an empty Nhiệm vụ"),
        "{err}"
    );
    assert!(
        err.contains("line 5: STT `2.3` is a numbered sub-item"),
        "{err}"
    );
    assert!(
        err.contains("line 7: STT 3 again (first at line 6)"),
        "{err}"
    );
    assert_eq!(sb.listing(), ["plan.csv"]);
}

#[test]
fn a_document_without_the_appendix_table_says_what_was_looked_for() {
    let sb = Sandbox::fixture("plans/no-header.docx");
    let o = run_import(
        &sb,
        &[
            "no-header.docx",
            "-o",
            "b.yaml",
            "--organisation",
            "O",
            "--year",
            "2025",
        ],
    );
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("no appendix task table found: looked for a table with a header row naming at least STT and Nhiệm vụ"),
        "{err}"
    );
    assert_eq!(sb.listing(), ["no-header.docx"]);
}

#[test]
fn a_corrupt_docx_is_an_error_and_nothing_is_written() {
    let bytes = fixture_bytes("plans/so-xay-dung-2024.docx");
    let sb = Sandbox::with_bytes("broken.docx", &bytes[..bytes.len() / 2]);
    let o = run_import(&sb, &["broken.docx", "-o", "b.yaml", "--organisation", "O"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("broken.docx: not a readable .docx"),
        "{}",
        stderr(&o)
    );
    // A zip that is not a Word document.
    fs::write(
        sb.path().join("broken.docx"),
        fixture_bytes("plans/so-xay-dung-2024.xlsx"),
    )
    .expect("write");
    let o = run_import(&sb, &["broken.docx", "-o", "b.yaml", "--organisation", "O"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("no word/document.xml inside"),
        "{}",
        stderr(&o)
    );
    assert_eq!(sb.listing(), ["broken.docx"]);
}

#[test]
fn import_refuses_to_overwrite_a_file() {
    let sb = Sandbox::shipped();
    let src = fixture("plans/so-xay-dung-2024.csv");
    let o = sb
        .cchc()
        .arg("import")
        .arg(&src)
        .args(["-o", "board.yaml", "--organisation", ORG])
        .output()
        .expect("run");
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("exists; not replacing it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(sb.bytes(), shipped_bytes());
}

#[test]
fn into_adds_to_an_initialised_board_and_refuses_duplicate_ids() {
    let sb = Sandbox::with_bytes("x.txt", b"");
    let o = sb
        .cchc()
        .args([
            "init",
            "b.yaml",
            "--organisation",
            ORG,
            "--year",
            "2024",
            "--document",
            "KH số 1",
        ])
        .output()
        .expect("run");
    expect_code(&o, 0);
    let src = fixture("plans/so-xay-dung-2024.docx");
    let o = sb
        .cchc()
        .arg("import")
        .arg(&src)
        .args(["--into", "b.yaml"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert!(stdout(&o).contains("added 43 tasks to"), "{}", stdout(&o));
    let b = storage::load(&sb.path().join("b.yaml"))
        .expect("loads")
        .board;
    assert_eq!(b.tasks, shipped().tasks);
    assert_eq!(
        b.plan.document, "KH số 1",
        "the board's plan facts are kept"
    );
    // Again: every id is already there.
    let before = fs::read(sb.path().join("b.yaml")).expect("read");
    let o = sb
        .cchc()
        .arg("import")
        .arg(&src)
        .args(["--into", "b.yaml"])
        .output()
        .expect("run");
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("already has 43 of the imported task ids"),
        "{err}"
    );
    assert!(err.contains("task 1 (table 1, row"), "{err}");
    assert_eq!(fs::read(sb.path().join("b.yaml")).expect("read"), before);
}

#[test]
fn unknown_kinds_of_file_are_named() {
    let sb = sandbox_with("plan.pdf", "%PDF");
    let o = run_import(&sb, &["plan.pdf", "--dry-run"]);
    expect_code(&o, 2);
    assert!(stderr(&o).contains("save it as .docx"), "{}", stderr(&o));
    assert!(Path::new(&fixture("plans/so-xay-dung-2024.docx")).exists());
}

#[test]
fn the_report_shows_control_characters_from_the_file_as_escapes() {
    let sb = sandbox_with(
        "plan.csv",
        "STT,Nhiệm vụ,Thời gian\nI,Thể chế\u{1b}[2J,\n1,Rà soát,Theo \u{202e}quy định\n",
    );
    let o = run_import(
        &sb,
        &[
            "plan.csv",
            "--dry-run",
            "--organisation",
            "O",
            "--year",
            "2025",
        ],
    );
    expect_code(&o, 0);
    let out = stdout(&o);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(out.contains("Thể chế<U+001B>[2J"), "{out}");
    assert!(out.contains("`Theo <U+202E>quy định`"), "{out}");
}

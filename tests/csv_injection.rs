//! `--format csv` is opened in spreadsheets: board text must reach them as
//! text, never as a formula or a control sequence (issue 10, #9).

mod common;

use common::*;

#[test]
fn csv_cells_carry_no_formulas_and_no_control_characters() {
    let text = String::from_utf8(fixture_bytes("valid/minimal.yaml")).expect("UTF-8");
    let board = text
        .replacen(
            "  title: Xây dựng kế hoạch theo dõi thi hành pháp luật\n",
            "  title: \"=HYPERLINK(\\\"http://x.invalid\\\",\\\"bấm\\\")\"\n",
            1,
        )
        .replacen(
            "  lead: Văn phòng Sở\n",
            "  lead: \"Văn\\e[31m phòng\\a\\r\\x9bSở\"\n  assignee: \"@SUM(1)\"\n",
            1,
        )
        .replacen(
            "  support: Các phòng chuyên môn, đơn vị\n",
            "  support: \"+1\"\n",
            1,
        );
    let sb = Sandbox::with_bytes("board.yaml", board.as_bytes());
    let o = sb.run(&["list", "--format", "csv"]);
    expect_code(&o, 0);
    let out = o.stdout.clone();
    assert!(
        !out.iter().any(|&b| (b < 0x20 && b != b'\n') || b == 0x7f)
            && !out
                .windows(2)
                .any(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1])),
        "{}",
        String::from_utf8_lossy(&out)
    );
    let mut rows = csv::Reader::from_reader(out.as_slice());
    let headers = rows.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let first = rows.records().next().expect("a row").expect("valid CSV");
    assert_eq!(&first[col("id")], "1");
    assert_eq!(
        &first[col("title")],
        "'=HYPERLINK(\"http://x.invalid\",\"bấm\")"
    );
    assert_eq!(&first[col("lead")], "Văn [31m phòng   Sở");
    assert_eq!(&first[col("assignee")], "'@SUM(1)");
    assert_eq!(&first[col("support")], "'+1");
    // Numbers and dates are not text cells: written as they are.
    assert_eq!(&first[col("days_overdue")], "10");
    assert_eq!(&first[col("due")], "2024-03-31");
    // The JSON output keeps the exact text (it is data, not a spreadsheet).
    let o = sb.run(&["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(rows[0]["support"], "+1");
}

//! The spreadsheet, unzipped: two sheets (the appendix, the per-unit table),
//! their header rows repeated when printed, counts stored as numbers.

mod common;

use common::*;
use std::io::Read;

fn part(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> String {
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut s)
        .expect("UTF-8 part");
    s
}

#[test]
fn two_sheets_with_print_titles_and_numbers() {
    let sb = Sandbox::fixture("report/edges.yaml");
    expect_code(&sb.run(&["report", "--format", "xlsx"]), 0);
    let bytes = std::fs::read(sb.path().join("bao-cao-cchc-2024-Q1.xlsx")).expect("xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let book = part(&mut zip, "xl/workbook.xml");
    assert!(book.contains(r#"<sheet name="Phụ lục""#), "{book}");
    assert!(book.contains(r#"<sheet name="Theo đơn vị""#), "{book}");
    assert_eq!(book.matches("_xlnm.Print_Titles").count(), 2, "{book}");
    let strings = part(&mut zip, "xl/sharedStrings.xml");
    for s in [
        "Văn bản chứng minh",
        "Hoàn thành ngày 14/03/2024",
        "Văn phòng Sở",
        "Đúng hạn",
    ] {
        assert!(strings.contains(s), "{s} missing");
    }
    // The per-unit sheet: Văn phòng Sở has 7 tasks, as a number (no t="s").
    let units = part(&mut zip, "xl/worksheets/sheet2.xml");
    assert!(units.contains(r#"<c r="B6" s="4"><v>7</v></c>"#), "{units}");
    let setup = units
        .split("<pageSetup ")
        .nth(1)
        .and_then(|s| s.split("/>").next())
        .expect("page setup");
    assert!(setup.contains(r#"paperSize="9""#), "A4: {setup}");
    assert!(setup.contains(r#"orientation="landscape""#), "{setup}");
}

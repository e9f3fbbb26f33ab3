//! The Word file, unzipped: page size, margins, font, the header block, the
//! tables, and the order of elements the schema requires (a wrong order is
//! what makes Word offer to repair a file).

mod common;

use common::*;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::Read;

fn docx() -> HashMap<String, String> {
    let sb = Sandbox::shipped();
    let o = sb.run(&["report", "--period", "2024-Q1"]);
    expect_code(&o, 0);
    let bytes = std::fs::read(sb.path().join("bao-cao-cchc-2024-Q1.docx")).expect("docx written");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut parts = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("part");
        let mut s = String::new();
        f.read_to_string(&mut s).expect("UTF-8 part");
        let name = f.name().expect("part name").into_owned();
        parts.insert(name, s);
    }
    parts
}

/// The children each element may hold, in schema order (only those written).
const ORDER: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:keepNext",
            "w:spacing",
            "w:ind",
            "w:jc",
            "w:rPr",
            "w:sectPr",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:lang",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblW",
            "w:jc",
            "w:tblInd",
            "w:tblBorders",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        ],
    ),
    ("w:tbl", &["w:tblPr", "w:tblGrid", "w:tr"]),
    ("w:tcPr", &["w:tcW", "w:gridSpan", "w:shd", "w:vAlign"]),
    ("w:tc", &["w:tcPr", "w:p", "w:tbl"]),
    ("w:tr", &["w:trPr", "w:tc"]),
    ("w:p", &["w:pPr", "w:r"]),
    ("w:r", &["w:rPr", "w:t", "w:br", "w:fldChar", "w:instrText"]),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:pgSz",
            "w:pgMar",
            "w:pgNumType",
            "w:titlePg",
        ],
    ),
];

/// Checks that `xml` is well formed and that the children of each element
/// in [`ORDER`] come in its order; `w:sectPr` last in `w:body`.
fn check_order(name: &str, xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    // (element, index of the last child's kind in its order list)
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut after_sect = false;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{name}: not well formed: {e}"));
        let (tag, empty) = match &event {
            Event::Start(e) => (e.name().into_inner().to_owned(), false),
            Event::Empty(e) => (e.name().into_inner().to_owned(), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if let Some((parent, last)) = stack.last_mut() {
            if parent == "w:body" {
                assert!(!after_sect, "{name}: {tag} after w:sectPr in w:body");
                after_sect = tag == "w:sectPr";
            }
            if let Some((_, order)) = ORDER.iter().find(|(p, _)| p == parent) {
                let pos = order
                    .iter()
                    .position(|c| *c == tag)
                    .unwrap_or_else(|| panic!("{name}: unexpected {tag} in {parent}"));
                assert!(
                    pos >= *last,
                    "{name}: {tag} after a later sibling in {parent}"
                );
                *last = pos;
            }
        }
        if !empty {
            stack.push((tag, 0));
        }
    }
    assert!(stack.is_empty(), "{name}: unclosed elements {stack:?}");
}

#[test]
fn every_part_is_well_formed_and_in_schema_order() {
    let parts = docx();
    for name in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/header1.xml",
        "docProps/core.xml",
    ] {
        let xml = parts.get(name).unwrap_or_else(|| panic!("{name} missing"));
        check_order(name, xml);
    }
}

#[test]
fn a4_portrait_margins_font_and_page_numbers() {
    let parts = docx();
    let doc = &parts["word/document.xml"];
    assert!(
        doc.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#),
        "A4 portrait"
    );
    // 20 mm top and bottom, 30 mm left, 15 mm right (1 mm = 56.7 twips).
    assert!(
        doc.contains(r#"w:top="1133" w:right="850" w:bottom="1133" w:left="1700""#),
        "{}",
        &doc[doc.len() - 600..]
    );
    assert!(doc.contains("<w:titlePg/>"), "no number on the first page");
    let styles = &parts["word/styles.xml"];
    assert!(styles.contains(r#"w:ascii="Times New Roman""#));
    assert!(styles.contains(r#"<w:sz w:val="28"/>"#), "14 pt body");
    assert!(parts["word/header1.xml"].contains(" PAGE "));
}

#[test]
fn the_header_block_and_the_tables() {
    let parts = docx();
    let doc = &parts["word/document.xml"];
    let pos = |s: &str| doc.find(s).unwrap_or_else(|| panic!("{s} missing"));
    // The header block, in reading order.
    let order = [
        "UBND TỈNH NAM ĐỊNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:        /BC-SXD",
        "Nam Định, ngày 10 tháng 4 năm 2024",
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính quý I năm 2024",
    ];
    for w in order.windows(2) {
        assert!(pos(w[0]) < pos(w[1]), "{} before {}", w[0], w[1]);
    }
    assert!(doc.contains("SỞ XÂY DỰNG"));
    assert!(doc.contains("Quá hạn 4/43 nhiệm vụ, chiếm 9,30%."));
    // Tables: the per-area, targets, units, next period and appendix ones,
    // each with a repeating header row.
    let tables = doc.matches("<w:tbl>").count();
    let headers = doc.matches("<w:tblHeader/>").count();
    assert!(headers >= 5, "{headers} header rows");
    assert_eq!(
        tables,
        headers + 2,
        "plus the header block and the signature"
    );
    for head in [
        "STT",
        "Nhiệm vụ",
        "Sản phẩm",
        "Phòng, đơn vị chủ trì",
        "Phòng, đơn vị phối hợp",
        "Thời gian thực hiện",
        "Kết quả, tình trạng",
        "Văn bản chứng minh",
    ] {
        assert!(doc.contains(&format!(">{head}<")), "appendix column {head}");
    }
    // The appendix: a landscape section after the portrait one.
    let appendix = pos("KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2024");
    let portrait_end = pos(r#"<w:pgSz w:w="11906" w:h="16838"/>"#);
    assert!(portrait_end < appendix);
    assert!(doc[appendix..].contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#));
}

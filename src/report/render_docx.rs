//! Word (docx): WordprocessingML written here and zipped, laid out as
//! Nghị định 30/2020/NĐ-CP sets out an administrative document: A4 portrait;
//! margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman,
//! 14 pt body (tables 12 pt, the appendix 11 pt); the header block as a
//! borderless two-column table (issuing body | national motto, number |
//! place and date); page numbers centred in the top margin from page 2 on;
//! tables whose header row repeats on every page and whose rows do not break
//! across pages; the appendix in a landscape section of its own (its eight
//! columns, as in the plan's own appendix).
//!
//! Every element is written in the order the schema (ECMA-376 part 1)
//! requires, which is what makes Word open a file without a repair prompt:
//! `w:pPr` then runs; in `w:pPr` keepNext, spacing, ind, jc, rPr, sectPr; in `w:rPr` rFonts, b, i, sz, szCs, highlight; `w:tblPr` before
//! `w:tblGrid` before the rows; in `w:tblPr` tblW, jc, tblBorders, tblLayout,
//! tblCellMar, tblLook; in `w:tcPr` tcW, gridSpan, shd, vAlign; in `w:sectPr`
//! headerReference, pgSz, pgMar, pgNumType, titlePg; and `w:sectPr` last in
//! `w:body`.

use super::doc::{Block, Doc, Row, Table};
use std::fmt::Write as _;
use std::io::Write as _;

/// Twentieths of a point (twips) per millimetre.
const fn mm(n: u32) -> u32 {
    n * 1440 * 10 / 254
}

pub const PAGE_W: u32 = 11906;
pub const PAGE_H: u32 = 16838;
pub const MARGIN_TOP: u32 = mm(20);
pub const MARGIN_BOTTOM: u32 = mm(20);
pub const MARGIN_LEFT: u32 = mm(30);
pub const MARGIN_RIGHT: u32 = mm(15);
const TEXT_W: u32 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;
/// The appendix is a landscape section (its eight columns need the width).
const LANDSCAPE_TEXT_W: u32 = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT;

/// Half-points.
const BODY: u32 = 28;
const TABLE: u32 = 24;
const APPENDIX: u32 = 22;

/// XML text: escaped, and without the characters XML 1.0 cannot hold.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy, Default)]
struct R {
    bold: bool,
    italic: bool,
    size: u32,
    highlight: bool,
}

#[derive(Clone, Copy, Default)]
struct P {
    center: bool,
    justify: bool,
    first_line: u32,
    before: u32,
    after: u32,
    keep_next: bool,
}

fn run(out: &mut String, text: &str, r: R) {
    out.push_str("<w:r><w:rPr>");
    if r.bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    if r.italic {
        out.push_str("<w:i/><w:iCs/>");
    }
    if r.size > 0 {
        let _ = write!(out, "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", r.size);
    }
    if r.highlight {
        out.push_str("<w:highlight w:val=\"yellow\"/>");
    }
    let _ = write!(
        out,
        "</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        esc(text)
    );
}

fn para(out: &mut String, text: &str, p: P, r: R) {
    out.push_str("<w:p><w:pPr>");
    if p.keep_next {
        out.push_str("<w:keepNext/>");
    }
    let _ = write!(
        out,
        "<w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"276\" w:lineRule=\"auto\"/>",
        p.before, p.after
    );
    if p.first_line > 0 {
        let _ = write!(out, "<w:ind w:firstLine=\"{}\"/>", p.first_line);
    }
    if p.center {
        out.push_str("<w:jc w:val=\"center\"/>");
    } else if p.justify {
        out.push_str("<w:jc w:val=\"both\"/>");
    }
    out.push_str("</w:pPr>");
    if !text.is_empty() {
        run(out, text, r);
    }
    out.push_str("</w:p>");
}

/// A table cell holding paragraphs.
fn cell(out: &mut String, width: u32, span: usize, shade: bool, body: &str) {
    cell_aligned(out, width, span, shade, "center", body);
}

fn cell_aligned(out: &mut String, width: u32, span: usize, shade: bool, v: &str, body: &str) {
    let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if span > 1 {
        let _ = write!(out, "<w:gridSpan w:val=\"{span}\"/>");
    }
    if shade {
        out.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\"/>");
    }
    let _ = write!(out, "<w:vAlign w:val=\"{v}\"/></w:tcPr>");
    if body.is_empty() {
        out.push_str("<w:p/>");
    } else {
        out.push_str(body);
    }
    out.push_str("</w:tc>");
}

fn table_start(out: &mut String, widths: &[u32], borders: bool) {
    let total: u32 = widths.iter().sum();
    let _ = write!(
        out,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
    );
    let kind = if borders { "single" } else { "nil" };
    out.push_str("<w:tblBorders>");
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        if borders {
            let _ = write!(
                out,
                "<w:{side} w:val=\"{kind}\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
            );
        } else {
            let _ = write!(out, "<w:{side} w:val=\"nil\"/>");
        }
    }
    out.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/>");
    out.push_str("<w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar>");
    out.push_str("<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
    for w in widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
}

fn widths(t: &Table, text_w: u32) -> Vec<u32> {
    let sum: u32 = t.widths.iter().sum::<u32>().max(1);
    t.widths.iter().map(|w| text_w * w / sum).collect()
}

fn table(out: &mut String, t: &Table, size: u32, text_w: u32) {
    let ws = widths(t, text_w);
    table_start(out, &ws, true);
    let cell_para = |text: &str, center: bool, right: bool, r: R| {
        let mut s = String::new();
        s.push_str("<w:p><w:pPr><w:spacing w:before=\"40\" w:after=\"40\"/>");
        if center {
            s.push_str("<w:jc w:val=\"center\"/>");
        } else if right {
            s.push_str("<w:jc w:val=\"right\"/>");
        }
        s.push_str("</w:pPr>");
        if !text.is_empty() {
            run(&mut s, text, r);
        }
        s.push_str("</w:p>");
        s
    };
    // The header row repeats on every page; no row breaks across pages.
    out.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (h, w) in t.head.iter().zip(&ws) {
        let body = cell_para(
            h,
            true,
            false,
            R {
                bold: true,
                size,
                ..R::default()
            },
        );
        cell(out, *w, 1, true, &body);
    }
    out.push_str("</w:tr>");
    for Row { cells, group } in &t.rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        let r = R {
            bold: *group,
            size,
            ..R::default()
        };
        if *group && cells.len() < ws.len() {
            // An area's row: its code, then its title over the other columns.
            let first = cells.first().map_or("", String::as_str);
            cell(out, ws[0], 1, false, &cell_para(first, true, false, r));
            let rest: String = cells.get(1..).unwrap_or_default().join(" ");
            let span_w: u32 = ws[1..].iter().sum();
            cell(
                out,
                span_w,
                ws.len() - 1,
                false,
                &cell_para(&rest, false, false, r),
            );
        } else {
            for (i, w) in ws.iter().enumerate() {
                let text = cells.get(i).map_or("", String::as_str);
                let numeric = t.numeric.get(i).copied().unwrap_or(false);
                cell(out, *w, 1, false, &cell_para(text, numeric, false, r));
            }
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    // A table may not end a cell or the body; a small gap after it.
    para(out, "", P::default(), R::default());
}

fn document(doc: &Doc) -> String {
    let h = &doc.header;
    let mut b = String::new();
    let center = P {
        center: true,
        ..P::default()
    };
    let r = |size: u32, bold: bool, italic: bool| R {
        bold,
        italic,
        size,
        highlight: false,
    };

    // The header block: issuing body | national motto; number | place, date.
    let left_w = TEXT_W * 40 / 100;
    let right_w = TEXT_W - left_w;
    table_start(&mut b, &[left_w, right_w], false);
    let mut left = String::new();
    if let Some(parent) = &h.parent {
        para(&mut left, parent, center, r(26, false, false));
    }
    para(&mut left, &h.body, center, r(26, true, false));
    para(&mut left, "―――――", center, r(20, false, false));
    let mut right = String::new();
    para(&mut right, &h.motto, center, r(26, true, false));
    para(&mut right, &h.motto_sub, center, r(28, true, false));
    para(&mut right, "――――――――――――", center, r(20, false, false));
    b.push_str("<w:tr>");
    cell(&mut b, left_w, 1, false, &left);
    cell(&mut b, right_w, 1, false, &right);
    b.push_str("</w:tr><w:tr>");
    let mut num = String::new();
    para(&mut num, &h.number, center, r(26, false, false));
    let mut date = String::new();
    para(&mut date, &h.place_date, center, r(28, false, true));
    cell(&mut b, left_w, 1, false, &num);
    cell(&mut b, right_w, 1, false, &date);
    b.push_str("</w:tr></w:tbl>");

    para(
        &mut b,
        &h.kind,
        P {
            before: 360,
            ..center
        },
        r(BODY, true, false),
    );
    para(
        &mut b,
        &h.title,
        P {
            after: 240,
            ..center
        },
        r(BODY, true, false),
    );

    let body_p = P {
        justify: true,
        first_line: mm(10),
        after: 120,
        ..P::default()
    };
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => {
                let p = P {
                    keep_next: true,
                    before: if *level == 1 { 120 } else { 60 },
                    ..body_p
                };
                para(&mut b, text, p, r(BODY, true, *level == 3));
            }
            Block::Para(text) => para(&mut b, text, body_p, r(BODY, false, false)),
            Block::Bullet(text) => para(
                &mut b,
                &format!("- {text}"),
                P {
                    after: 60,
                    ..body_p
                },
                r(BODY, false, false),
            ),
            Block::Placeholder(text) => para(
                &mut b,
                text,
                body_p,
                R {
                    italic: true,
                    size: BODY,
                    highlight: true,
                    ..R::default()
                },
            ),
            Block::Table(t) => table(&mut b, t, TABLE, TEXT_W),
        }
    }

    // Recipients | signature.
    let s = &doc.signature;
    let left_w = TEXT_W * 50 / 100;
    let right_w = TEXT_W - left_w;
    table_start(&mut b, &[left_w, right_w], false);
    let mut left = String::new();
    para(
        &mut left,
        &s.recipients_label,
        P::default(),
        r(24, true, true),
    );
    for line in &s.recipients {
        para(&mut left, line, P::default(), r(22, false, false));
    }
    let mut right = String::new();
    para(&mut right, &s.signer, center, r(BODY, true, false));
    for _ in 0..3 {
        para(&mut right, "", center, r(BODY, false, false));
    }
    para(&mut right, &s.name, center, r(BODY, true, false));
    b.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    cell_aligned(&mut b, left_w, 1, false, "top", &left);
    cell_aligned(&mut b, right_w, 1, false, "top", &right);
    b.push_str("</w:tr></w:tbl>");

    // The report's section ends here (portrait, no number on its first
    // page); the appendix is a landscape section on a new page.
    let _ = write!(
        b,
        "<w:p><w:pPr><w:sectPr>{}<w:titlePg/></w:sectPr></w:pPr></w:p>",
        page_setup(PAGE_W, PAGE_H, Some(1))
    );
    for (i, line) in doc.appendix_title.iter().enumerate() {
        let p = P {
            keep_next: true,
            after: if i + 1 == doc.appendix_title.len() {
                200
            } else {
                0
            },
            ..center
        };
        para(&mut b, line, p, r(BODY, i < 2, i == 2));
    }
    table(&mut b, &doc.appendix, APPENDIX, LANDSCAPE_TEXT_W);

    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" ",
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>"
    ));
    out.push_str(&b);
    let _ = write!(
        out,
        "<w:sectPr>{}</w:sectPr></w:body></w:document>",
        page_setup(PAGE_H, PAGE_W, None)
    );
    out
}

/// A section's page: the page-number header, size, margins, numbering.
fn page_setup(w: u32, h: u32, start: Option<u32>) -> String {
    let orient = if w > h { " w:orient=\"landscape\"" } else { "" };
    let start = start.map_or_else(String::new, |n| format!("<w:pgNumType w:start=\"{n}\"/>"));
    format!(
        "<w:headerReference w:type=\"default\" r:id=\"rId3\"/>\
         <w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/>\
         <w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_LEFT}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>{start}"
    )
}

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>",
    "<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>",
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    "</Types>"
);

const RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "</Relationships>"
);

const DOC_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>",
    "</Relationships>"
);

const STYLES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:docDefaults><w:rPrDefault><w:rPr>",
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>",
    "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/>",
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>",
    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>",
    "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>",
    "</w:styles>"
);

const SETTINGS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>",
    "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>",
    "</w:settings>"
);

/// The page number, centred in the top margin (not on the first page: the
/// section has `w:titlePg` and no first-page header).
const HEADER: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>",
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>",
    "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>",
    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
    "<w:r><w:t>2</w:t></w:r>",
    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
    "</w:p></w:hdr>"
);

fn core(doc: &Doc) -> String {
    format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
            "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" ",
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" ",
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
            "<dc:title>{} {}</dc:title><dc:creator>{}</dc:creator>",
            "</cp:coreProperties>"
        ),
        esc(&doc.header.kind),
        esc(&doc.header.title),
        esc(&doc.header.body)
    )
}

/// The document's bytes (a zip of the parts above).
pub fn render(doc: &Doc) -> Result<Vec<u8>, String> {
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", RELS.to_owned()),
        ("docProps/core.xml", core(doc)),
        ("word/_rels/document.xml.rels", DOC_RELS.to_owned()),
        ("word/document.xml", document(doc)),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/settings.xml", SETTINGS.to_owned()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let fail = |e: &dyn std::fmt::Display| format!("cchc: error: writing the docx: {e}");
    for (name, text) in parts
        .iter()
        .map(|(n, t)| (*n, t.as_str()))
        .chain([("word/header1.xml", HEADER)])
    {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    }
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| fail(&e))
}

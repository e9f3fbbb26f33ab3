//! Tables and paragraphs of a .docx (WordprocessingML: `word/document.xml` in
//! a zip), read with zip and quick-xml.
//!
//! - a cell's paragraphs (`w:p`), line breaks (`w:br`, `w:cr`) and tabs are
//!   joined with one space ([`super::cell_text`]);
//! - a horizontally merged cell (`w:gridSpan`, or the old `w:hMerge`) reads
//!   as its value in every grid column it spans;
//! - a vertically merged cell (`w:vMerge` without `restart`) reads as the
//!   value of the cell that starts the merge above it;
//! - deleted text of tracked changes (`w:delText`) is left out, inserted text
//!   kept; a table inside a cell adds its text to the cell.

use super::{ImportError, Row, Source, Table, cell_text, err};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::Read;
use std::path::Path;

/// The document part, at most this large once unzipped (a zip bomb guard).
const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

pub fn read(path: &Path) -> Result<Source, ImportError> {
    let shown = path.display();
    let file =
        std::fs::File::open(path).map_err(|e| err(format!("{shown}: cannot read it: {e}")))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| {
        err(format!(
            "{shown}: not a readable .docx (its zip container is damaged: {e}); open it in Word or LibreOffice and save it again as .docx"
        ))
    })?;
    let mut part = zip.by_name("word/document.xml").map_err(|_| {
        err(format!(
            "{shown}: not a Word document (no word/document.xml inside); save it as .docx"
        ))
    })?;
    let mut xml = String::new();
    part.by_ref()
        .take(MAX_DOCUMENT_BYTES)
        .read_to_string(&mut xml)
        .map_err(|e| {
            err(format!(
                "{shown}: the document part is damaged or not UTF-8 ({e}); save it again as .docx"
            ))
        })?;
    parse(&xml).map_err(|e| err(format!("{shown}: {}", e.message)))
}

/// A cell being read: its text so far, grid span and vertical merge.
#[derive(Default)]
struct Cell {
    paragraphs: Vec<String>,
    span: usize,
    /// `Some(true)`: starts a vertical merge; `Some(false)`: continues one.
    vmerge: Option<bool>,
    hmerge_continue: bool,
}

/// A read cell: text, grid span, vertical merge, continues a horizontal merge.
type ReadCell = (String, usize, Option<bool>, bool);

#[derive(Default)]
struct TableState {
    rows: Vec<Vec<ReadCell>>,
    row: Vec<ReadCell>,
    cell: Option<Cell>,
}

fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .map(|a| a.value.into_owned())
}

/// Parses `word/document.xml`.
pub fn parse(xml: &str) -> Result<Source, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut source = Source::default();
    let mut tables: Vec<TableState> = Vec::new();
    // The paragraph being read, outside or inside a cell.
    let mut para = String::new();
    let mut in_text = false;
    let mut deleted = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| {
            err(format!(
                "the document's XML is damaged near byte {} ({e}); open and save it again as .docx",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => tables.push(TableState::default()),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.row.clear();
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.cell = Some(Cell {
                            span: 1,
                            ..Cell::default()
                        });
                    }
                }
                "p" => para.clear(),
                "t" | "instrText" => in_text = true,
                "del" => deleted += 1,
                "gridSpan" | "vMerge" | "hMerge" => cell_property(&mut tables, &e),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "br" | "cr" => para.push('\n'),
                "tab" => para.push(' '),
                "gridSpan" | "vMerge" | "hMerge" => cell_property(&mut tables, &e),
                _ => {}
            },
            Event::Text(t) if in_text && deleted == 0 => para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && deleted == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else if let Some(s) =
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                {
                    para.push_str(s);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" | "instrText" => in_text = false,
                "del" => deleted = deleted.saturating_sub(1),
                "p" => {
                    let text = std::mem::take(&mut para);
                    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        Some(cell) => cell.paragraphs.push(text),
                        None => {
                            let t = cell_text(&[text]);
                            if !t.is_empty() {
                                source.text.push(t);
                            }
                        }
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut()
                        && let Some(c) = t.cell.take()
                    {
                        t.row.push((
                            cell_text(&c.paragraphs),
                            c.span.max(1),
                            c.vmerge,
                            c.hmerge_continue,
                        ));
                    }
                }
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        let row = std::mem::take(&mut t.row);
                        t.rows.push(row);
                    }
                }
                "tbl" => {
                    if let Some(t) = tables.pop() {
                        let table = grid(t.rows, source.tables.len() + 1);
                        match tables.last_mut().and_then(|p| p.cell.as_mut()) {
                            // A table inside a cell: its text joins the cell's.
                            Some(outer) => outer
                                .paragraphs
                                .extend(table.rows.into_iter().flat_map(|r| r.cells)),
                            None => source.tables.push(table),
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(source)
}

fn cell_property(tables: &mut [TableState], e: &BytesStart) {
    let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) else {
        return;
    };
    let v = val(e);
    match e.local_name().as_ref() {
        "gridSpan" => cell.span = v.and_then(|v| v.parse().ok()).unwrap_or(1),
        "vMerge" => cell.vmerge = Some(v.as_deref() == Some("restart")),
        "hMerge" => cell.hmerge_continue = v.as_deref() != Some("restart"),
        _ => {}
    }
}

/// Lays the rows out on the table's grid: spans repeat their value, vertical
/// continuations take the value above, old-style horizontal continuations
/// take the value to their left.
fn grid(rows: Vec<Vec<ReadCell>>, number: usize) -> Table {
    let mut table = Table::default();
    let mut above: Vec<String> = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        let mut cells: Vec<String> = Vec::new();
        for (text, span, vmerge, hcontinue) in row {
            let at = cells.len();
            let value = if vmerge == Some(false) {
                above.get(at).cloned().unwrap_or_default()
            } else if hcontinue {
                cells.last().cloned().unwrap_or_default()
            } else {
                text
            };
            for _ in 0..span {
                cells.push(value.clone());
            }
        }
        above.clone_from(&cells);
        table.rows.push(Row {
            place: format!("table {number}, row {}", i + 1),
            cells,
        });
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>
<w:tbl>
<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nhiệm vụ</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>chủ trì</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>I</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Cải cách &amp; thể chế</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t xml:space="preserve">Kế hoạch </w:t></w:r><w:r><w:br/><w:t>rà soát</w:t></w:r></w:p><w:p><w:r><w:t>văn bản</w:t></w:r><w:del><w:r><w:delText>bỏ</w:delText></w:r></w:del></w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Văn phòng Sở</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Khác</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>
</w:tbl></w:body></w:document>"#;

    #[test]
    fn merges_breaks_and_paragraphs() {
        let s = parse(DOC).expect("parses");
        assert_eq!(s.text, ["KẾ HOẠCH"]);
        let rows: Vec<Vec<String>> = s.tables[0].rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(rows[1], ["I", "Cải cách & thể chế", "Cải cách & thể chế"]);
        assert_eq!(rows[2], ["1", "Kế hoạch rà soát văn bản", "Văn phòng Sở"]);
        assert_eq!(rows[3], ["2", "Khác", "Văn phòng Sở"]);
        assert_eq!(s.tables[0].rows[3].place, "table 1, row 4");
    }
}

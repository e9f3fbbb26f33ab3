//! Tables from spreadsheets (.xlsx, .ods, through calamine) and delimited
//! text (.csv, .tsv, through csv). A merged range reads as the value of its
//! first cell in every cell it covers.

use super::{ImportError, Row, Source, Table, cell_text, err};
use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// Every sheet of a workbook as a table; the rows above a sheet's header are
/// also its text (where a title like `KẾ HOẠCH …` may stand).
pub fn read_workbook(path: &Path) -> Result<Source, ImportError> {
    let shown = path.display();
    let mut book = open_workbook_auto(path).map_err(|e| {
        err(format!(
            "{shown}: cannot read the workbook ({e}); is it a spreadsheet saved as .xlsx or .ods?"
        ))
    })?;
    let mut source = Source::default();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| err(format!("{shown}: sheet {name}: cannot read it ({e})")))?;
        let merged = match &mut book {
            calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let Some((top, left)) = range.start() else {
            continue;
        };
        let mut rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(data_text).collect())
            .collect();
        for m in merged {
            let value = range.get_value(m.start).map(data_text).unwrap_or_default();
            for r in m.start.0..=m.end.0 {
                for c in m.start.1..=m.end.1 {
                    let (Some(ri), Some(ci)) = (r.checked_sub(top), c.checked_sub(left)) else {
                        continue;
                    };
                    if let Some(cell) = rows
                        .get_mut(ri as usize)
                        .and_then(|row| row.get_mut(ci as usize))
                    {
                        cell.clone_from(&value);
                    }
                }
            }
        }
        let mut table = Table::default();
        for (i, cells) in rows.into_iter().enumerate() {
            let line = cells
                .iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>();
            if line.len() == 1 {
                source.text.push(line[0].clone());
            }
            table.rows.push(Row {
                place: format!("sheet {name}, row {}", top as usize + i + 1),
                cells,
            });
        }
        source.tables.push(table);
    }
    Ok(source)
}

/// A cell's text: strings as written, whole numbers without `.0`.
fn data_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => cell_text(std::slice::from_ref(s)),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => cell_text(&[other.to_string()]),
    }
}

/// A delimited text file as one table; a UTF-8 byte-order mark is skipped.
pub fn read_delimited(path: &Path, delimiter: u8) -> Result<Source, ImportError> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| err(format!("{shown}: cannot read it: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        return Err(err(format!(
            "{shown}:{line}: not UTF-8 text (byte {}); save it as CSV UTF-8",
            e.valid_up_to()
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut table = Table::default();
    let mut source = Source::default();
    for record in reader.records() {
        let record = record.map_err(|e| err(format!("{shown}: {e}")))?;
        let line = record.position().map_or(0, |p| p.line());
        let cells: Vec<String> = record.iter().map(|c| cell_text(&[c.to_owned()])).collect();
        let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        if filled.len() == 1 {
            source.text.push(filled[0].clone());
        }
        table.rows.push(Row {
            place: format!("line {line}"),
            cells,
        });
    }
    source.tables.push(table);
    Ok(source)
}

//! Excel (xlsx, with rust_xlsxwriter): the appendix table and the per-unit
//! table as two sheets, each with the report's title above it, the header
//! row repeated on printed pages, A4 landscape fitted to the page width.
//! Count columns are numbers; text cells are always strings (never formulas).

use super::doc::{Doc, Table};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

fn sheet(book: &mut Workbook, doc: &Doc, title: &[String], t: &Table) -> Result<(), XlsxError> {
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12);
    let title_f = font(Format::new())
        .set_bold()
        .set_align(FormatAlign::Center);
    let head_f = font(Format::new())
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("E7E6E6");
    let cell_f = font(Format::new())
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let group_f = cell_f.clone().set_bold();
    let num_f = cell_f.clone().set_align(FormatAlign::Center);

    let ws = book.add_worksheet();
    // Sheet names: at most 31 characters, none of []:*?/\ .
    let name: String = t
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    ws.set_name(name)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.6, 0.4, 0.6, 0.6, 0.3, 0.3);
    let cols = u16::try_from(t.head.len()).unwrap_or(u16::MAX).max(1);
    let sum: u32 = t.widths.iter().sum::<u32>().max(1);
    let widths: Vec<f64> = t
        .widths
        .iter()
        .map(|w| (f64::from(*w) * 150.0 / f64::from(sum)).max(6.0))
        .collect();
    for (i, w) in widths.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        ws.set_column_width(col, *w)?;
    }
    // Spreadsheets do not grow a row for wrapped text written by a library:
    // the height comes from the longest cell's estimated line count.
    let height = |cells: &[(usize, &str)]| -> f64 {
        let lines = cells
            .iter()
            .map(|(i, text)| {
                let w = widths.get(*i).copied().unwrap_or(10.0);
                #[allow(clippy::cast_precision_loss)]
                let chars = text.chars().count() as f64;
                (chars * 0.85 / (w - 1.0).max(1.0)).ceil().max(1.0)
            })
            .fold(1.0_f64, f64::max);
        lines * 15.0 + 3.0
    };
    let mut row: u32 = 0;
    let mut lines: Vec<&str> = vec![doc.header.body.as_str()];
    lines.extend(title.iter().map(String::as_str));
    for line in lines {
        if cols > 1 {
            ws.merge_range(row, 0, row, cols - 1, line, &title_f)?;
        } else {
            ws.write_string_with_format(row, 0, line, &title_f)?;
        }
        row += 1;
    }
    row += 1;
    let head_row = row;
    for (i, h) in t.head.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        ws.write_string_with_format(row, col, h, &head_f)?;
    }
    let head_cells: Vec<(usize, &str)> = t.head.iter().map(String::as_str).enumerate().collect();
    ws.set_row_height(row, height(&head_cells))?;
    ws.set_repeat_rows(head_row, head_row)?;
    ws.set_freeze_panes(head_row + 1, 0)?;
    row += 1;
    for r in &t.rows {
        if r.group {
            let first = r.cells.first().map_or("", String::as_str);
            ws.write_string_with_format(row, 0, first, &group_f)?;
            let rest = r.cells.get(1..).unwrap_or_default().join(" ");
            if cols > 2 {
                ws.merge_range(row, 1, row, cols - 1, &rest, &group_f)?;
            } else {
                ws.write_string_with_format(row, 1, &rest, &group_f)?;
            }
            row += 1;
            continue;
        }
        let cells: Vec<(usize, &str)> = r.cells.iter().map(String::as_str).enumerate().collect();
        ws.set_row_height(row, height(&cells))?;
        for i in 0..usize::from(cols) {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            let text = r.cells.get(i).map_or("", String::as_str);
            let numeric = t.numeric.get(i).copied().unwrap_or(false);
            match text.parse::<f64>() {
                Ok(n) if numeric => {
                    ws.write_number_with_format(row, col, n, &num_f)?;
                }
                _ => {
                    ws.write_string_with_format(row, col, text, &cell_f)?;
                }
            }
        }
        row += 1;
    }
    Ok(())
}

/// The workbook's bytes: the appendix sheet, then the per-unit sheet.
pub fn render(doc: &Doc) -> Result<Vec<u8>, String> {
    let fail = |e: XlsxError| format!("cchc: error: writing the xlsx: {e}");
    let mut book = Workbook::new();
    sheet(&mut book, doc, &doc.appendix_title, &doc.appendix).map_err(fail)?;
    let units_title = vec![doc.header.kind.clone(), doc.header.title.clone()];
    sheet(&mut book, doc, &units_title, &doc.units).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

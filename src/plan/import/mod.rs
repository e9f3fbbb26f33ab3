//! Reading the task table of a plan's appendix (Phụ lục) into tasks.
//!
//! Each format reader ([`docx`], [`sheet`]) turns the file into [`Table`]s:
//! rows of cell text, merged cells already read as the value they show, each
//! row with its place in the source (`table 2, row 7`, `sheet Phụ lục, row
//! 12`, `line 5`), plus the text before the tables (where the plan states its
//! title). [`read_plan`] then finds the task table by its header words and
//! reads areas and tasks from it. Nothing is guessed silently: every oddity
//! is in [`Imported::notes`] with its source row, every error names the row
//! and what to fix.

pub mod docx;
pub mod sheet;

use crate::domain::{Area, Status, Task};
use crate::text::fold;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// One table of the source, its cells as text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// Where the row is in the file, for messages.
    pub place: String,
    pub cells: Vec<String>,
}

/// What a reader found in a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    /// Paragraphs (or rows of text) before and between the tables.
    pub text: Vec<String>,
    pub tables: Vec<Table>,
}

/// The columns of the appendix table, by the words of their headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Stt,
    Title,
    Output,
    Lead,
    Support,
    Timeframe,
    Budget,
}

impl Column {
    const ALL: [Column; 7] = [
        Column::Stt,
        Column::Title,
        Column::Output,
        Column::Lead,
        Column::Support,
        Column::Timeframe,
        Column::Budget,
    ];

    /// The header as the plan writes it, for messages.
    pub fn header(self) -> &'static str {
        match self {
            Column::Stt => "STT",
            Column::Title => "Nhiệm vụ",
            Column::Output => "Sản phẩm",
            Column::Lead => "(Phòng, đơn vị) chủ trì",
            Column::Support => "(Phòng, đơn vị) phối hợp",
            Column::Timeframe => "Thời gian (thực hiện)",
            Column::Budget => "Kinh phí (dự kiến)",
        }
    }

    /// Whether a folded header cell names this column.
    fn matches(self, folded: &str) -> bool {
        match self {
            Column::Stt => folded == "stt" || folded == "tt" || folded == "so tt",
            Column::Title => folded.contains("nhiem vu") || folded == "noi dung",
            Column::Output => folded.contains("san pham"),
            Column::Lead => folded.contains("chu tri"),
            Column::Support => folded.contains("phoi hop"),
            Column::Timeframe => folded.contains("thoi gian") || folded.contains("thoi han"),
            Column::Budget => folded.contains("kinh phi"),
        }
    }
}

/// Cell text as the board keeps it: NFC; the lines and paragraphs of a cell
/// each trimmed and joined with one space; the wording otherwise exact.
pub fn cell_text(parts: &[String]) -> String {
    let joined = parts
        .iter()
        .flat_map(|p| p.split(['\n', '\r', '\u{2028}', '\u{0b}']))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    joined.nfc().collect()
}

/// Something worth a look, with its source row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub place: String,
    pub message: String,
}

/// The tasks and areas read from a plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    /// The plan's title, when the document states it (`KẾ HOẠCH` + the next line).
    pub title: Option<String>,
    /// The year the title names.
    pub year: Option<i32>,
    pub areas: Vec<Area>,
    pub tasks: Vec<Task>,
    /// Where each task came from, by task index.
    pub places: Vec<String>,
    /// Columns the table lacks (their fields are left blank).
    pub missing: Vec<Column>,
    pub notes: Vec<Note>,
}

/// Why a file could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ImportError {
    pub message: String,
}

fn err(message: impl Into<String>) -> ImportError {
    ImportError {
        message: message.into(),
    }
}

/// Reads the file by its extension: .docx, .xlsx/.xlsm/.ods, .csv/.tsv.
pub fn read_file(path: &Path) -> Result<Imported, ImportError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let shown = path.display();
    let source = match ext.as_str() {
        "docx" => docx::read(path)?,
        "xlsx" | "xlsm" | "ods" => sheet::read_workbook(path)?,
        "csv" => sheet::read_delimited(path, b',')?,
        "tsv" | "tab" => sheet::read_delimited(path, b'\t')?,
        "doc" | "xls" | "pdf" | "odt" => {
            return Err(err(format!(
                "{shown}: .{ext} is not read; save it as .docx (Word, LibreOffice: Save As) or its table as .xlsx/.csv, then import that"
            )));
        }
        _ => {
            return Err(err(format!(
                "{shown}: unknown kind of file; import a .docx, .xlsx, .ods, .csv or .tsv"
            )));
        }
    };
    read_plan(&source).map_err(|e| err(format!("{shown}: {}", e.message)))
}

/// The columns of a header row: which cell index holds which column. `None`
/// unless the row has the STT and Nhiệm vụ headers.
fn header_columns(row: &Row) -> Option<Vec<(Column, usize)>> {
    let folded: Vec<String> = row.cells.iter().map(|c| fold(c)).collect();
    let mut found = Vec::new();
    for col in Column::ALL {
        // A horizontally merged header repeats its text: the first cell counts.
        if let Some(i) = folded.iter().position(|f| col.matches(f))
            && !found.iter().any(|&(_, j)| j == i)
        {
            found.push((col, i));
        }
    }
    let has = |c| found.iter().any(|&(f, _)| f == c);
    (has(Column::Stt) && has(Column::Title)).then_some(found)
}

/// A row under the header that only repeats or completes header words (the
/// second row of a two-row header): every cell empty or a header word, and
/// at least one header word.
fn is_header_continuation(row: &Row) -> bool {
    let folded: Vec<String> = row.cells.iter().map(|c| fold(c)).collect();
    let words = folded
        .iter()
        .filter(|f| Column::ALL.iter().any(|c| c.matches(f)))
        .count();
    words > 0
        && folded.iter().all(|f| {
            f.is_empty() || Column::ALL.iter().any(|c| c.matches(f)) || f.starts_with("phong")
        })
}

/// A Roman numeral I..XX, as area codes are written.
fn roman(s: &str) -> Option<String> {
    let t = s.trim().trim_end_matches('.').trim();
    const NUMERALS: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    let up = t.to_uppercase();
    NUMERALS.contains(&up.as_str()).then_some(up)
}

/// `I. Cải cách thể chế` (an area row merged across the whole table) →
/// (`I`, `Cải cách thể chế`).
fn roman_prefixed(s: &str) -> Option<(String, String)> {
    let t = s.trim();
    let end = t.find(|c: char| !c.is_ascii_alphabetic())?;
    let code = roman(&t[..end])?;
    let rest = t[end..]
        .trim_start_matches(['.', ' ', ':', '-', '–'])
        .trim();
    (!rest.is_empty()).then(|| (code, rest.to_owned()))
}

fn is_number(s: &str) -> bool {
    let t = s.trim().trim_start_matches('(').trim_end_matches(')');
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// The plan's title from the text before the tables: the line `KẾ HOẠCH`
/// (any case) and the line after it, as `Kế hoạch {next}`; or one line that
/// starts `Kế hoạch cải cách hành chính`.
fn find_title(text: &[String]) -> Option<String> {
    for (i, line) in text.iter().enumerate() {
        let f = fold(line);
        if f == "ke hoach" {
            let next = text[i + 1..].iter().find(|l| !l.trim().is_empty())?;
            return Some(format!("Kế hoạch {}", next.trim()));
        }
        if f.starts_with("ke hoach cai cach hanh chinh") {
            return Some(line.trim().to_owned());
        }
    }
    None
}

/// Reads areas and tasks from the appendix table(s) of `source`: every table
/// whose header row has the STT and Nhiệm vụ headers (a plan split over
/// several tables, one per page, is read as one).
pub fn read_plan(source: &Source) -> Result<Imported, ImportError> {
    let mut out = Imported {
        title: find_title(&source.text),
        ..Imported::default()
    };
    out.year = out
        .title
        .as_deref()
        .and_then(|t| super::years_named(t).last().copied());
    let mut any_table = false;
    let mut columns: Option<Vec<(Column, usize)>> = None;
    let mut area: Option<String> = None;
    let mut errors: Vec<String> = Vec::new();
    let mut seen: Vec<(u32, String)> = Vec::new();
    for table in &source.tables {
        let Some(header_at) = table.rows.iter().position(|r| header_columns(r).is_some()) else {
            continue;
        };
        any_table = true;
        let mut cols = header_columns(&table.rows[header_at]).unwrap_or_default();
        // A header over two rows (`Phòng, đơn vị` merged over `chủ trì` and
        // `phối hợp`): the second row's words add the columns it names.
        let mut body_at = header_at + 1;
        while let Some(next) = table.rows.get(body_at)
            && is_header_continuation(next)
        {
            let folded: Vec<String> = next.cells.iter().map(|c| fold(c)).collect();
            for col in Column::ALL {
                if !cols.iter().any(|&(f, _)| f == col)
                    && let Some(i) = folded.iter().position(|f| col.matches(f))
                    && !cols.iter().any(|&(_, j)| j == i)
                {
                    cols.push((col, i));
                }
            }
            body_at += 1;
        }
        if columns.is_none() {
            out.missing = Column::ALL
                .into_iter()
                .filter(|c| !cols.iter().any(|&(f, _)| f == *c))
                .collect();
        }
        columns = Some(cols.clone());
        let get = |row: &Row, c: Column| -> String {
            cols.iter()
                .find(|&&(f, _)| f == c)
                .and_then(|&(_, i)| row.cells.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let mut first_after_header = true;
        for row in &table.rows[body_at..] {
            let after_header = std::mem::replace(&mut first_after_header, false);
            if row.cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if header_columns(row).is_some() {
                // A header row repeated on each page.
                first_after_header = true;
                continue;
            }
            let non_empty: Vec<&String> =
                row.cells.iter().filter(|c| !c.trim().is_empty()).collect();
            if after_header && non_empty.len() > 2 && non_empty.iter().all(|c| is_number(c)) {
                out.notes.push(Note {
                    place: row.place.clone(),
                    message: "a row of column numbers under the header; skipped".into(),
                });
                continue;
            }
            let stt = get(row, Column::Stt);
            let stt = stt.trim();
            // An area row: a Roman numeral and a title.
            if let Some(code) = roman(stt) {
                let title = row
                    .cells
                    .iter()
                    .map(|c| c.trim())
                    .find(|c| !c.is_empty() && roman(c).as_deref() != Some(code.as_str()))
                    .map(str::to_owned);
                let Some(title) = title else {
                    errors.push(format!(
                        "{}: area row `{stt}` has no title; write the area's title beside its numeral",
                        row.place
                    ));
                    continue;
                };
                let title = roman_prefixed(&title)
                    .filter(|(c, _)| *c == code)
                    .map_or(title.clone(), |(_, t)| t);
                add_area(&mut out, &mut errors, &code, &title, &row.place);
                area = Some(code);
                continue;
            }
            if let Some((code, title)) = roman_prefixed(stt) {
                add_area(&mut out, &mut errors, &code, &title, &row.place);
                area = Some(code);
                continue;
            }
            let id = match parse_id(stt) {
                Ok(id) => id,
                Err(why) => {
                    errors.push(format!("{}: {why}", row.place));
                    continue;
                }
            };
            let Some(area_code) = area.clone() else {
                errors.push(format!(
                    "{}: task {id} comes before any area row (a Roman numeral I, II… and the area's title); add the area row above it",
                    row.place
                ));
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
                errors.push(format!(
                    "{}: STT {id} again (first at {first}); each task needs its own number",
                    row.place
                ));
                continue;
            }
            seen.push((id, row.place.clone()));
            let task = Task {
                output: get(row, Column::Output).into(),
                lead: get(row, Column::Lead).into(),
                support: get(row, Column::Support).into(),
                timeframe: get(row, Column::Timeframe).into(),
                budget: get(row, Column::Budget).into(),
                status: Status::Planned,
                ..Task::new(id, area_code, get(row, Column::Title))
            };
            if task.title.trim().is_empty() {
                errors.push(format!(
                    "{}: task {id} has an empty Nhiệm vụ (title); write the task or delete the row",
                    row.place
                ));
                continue;
            }
            for (field, value) in [
                ("Nhiệm vụ", &*task.title),
                ("Sản phẩm", &*task.output),
                ("chủ trì", &*task.lead),
                ("phối hợp", &*task.support),
                ("Kinh phí", &*task.budget),
            ] {
                if is_number(value) {
                    out.notes.push(Note {
                        place: row.place.clone(),
                        message: format!(
                            "task {id}: {field} is the number `{value}`; is a column shifted?"
                        ),
                    });
                }
            }
            if !task.timeframe.trim().is_empty() && is_number(&task.timeframe) {
                out.notes.push(Note {
                    place: row.place.clone(),
                    message: format!(
                        "task {id}: Thời gian is the number `{}`; is a column shifted?",
                        task.timeframe
                    ),
                });
            }
            out.places.push(row.place.clone());
            out.tasks.push(task);
        }
    }
    if !any_table {
        let looked = Column::ALL
            .iter()
            .map(|c| c.header())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(err(format!(
            "no appendix task table found: looked for a table with a header row naming at least STT and Nhiệm vụ (of: {looked}); {} tables read",
            source.tables.len()
        )));
    }
    if !errors.is_empty() {
        return Err(err(format!(
            "{} problems in the task table; nothing written:\n{}",
            errors.len(),
            errors.join("\n")
        )));
    }
    if out.tasks.is_empty() {
        return Err(err(
            "the appendix table has a header but no task rows (a number in STT and the task in Nhiệm vụ)",
        ));
    }
    Ok(out)
}

fn add_area(out: &mut Imported, errors: &mut Vec<String>, code: &str, title: &str, place: &str) {
    match out.areas.iter().find(|a| a.code == code) {
        // The same area row again (a table continued on the next page).
        Some(a) if a.title == title => {}
        Some(a) => errors.push(format!(
            "{place}: area {code} again with another title (`{title}`, first `{}`); give each area its own numeral",
            a.title
        )),
        None => out.areas.push(Area {
            code: code.to_owned(),
            title: title.to_owned(),
        }),
    }
}

/// A task number: `1`, `12.` Sub-items (`2.3`, `a`, `-`) are refused: board
/// ids are whole numbers.
fn parse_id(stt: &str) -> Result<u32, String> {
    let t = stt.trim().trim_end_matches('.');
    if t.is_empty() {
        return Err("a row with text but no STT; number the task (or delete the row)".into());
    }
    if let Ok(n) = t.parse::<u32>()
        && n > 0
    {
        return Ok(n);
    }
    if t.split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "STT `{stt}` is a numbered sub-item; board ids are whole numbers, so number each sub-item as a task of its own (e.g. the next free number) or merge it into its parent task"
        ));
    }
    Err(format!(
        "STT `{stt}` is not a task number (1, 2, …) nor an area numeral (I, II, …); fix the STT cell"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Row {
        Row {
            place: "r".into(),
            cells: cells.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    #[test]
    fn cell_text_joins_lines_with_one_space_and_composes() {
        assert_eq!(
            cell_text(&["Các phòng\nchuyên môn, ".into(), " đơn vị".into()]),
            "Các phòng chuyên môn, đơn vị"
        );
        assert_eq!(cell_text(&["Ke\u{302}\u{301}".into()]), "Kế");
    }

    #[test]
    fn ids_and_sub_items() {
        assert_eq!(parse_id("12."), Ok(12));
        assert!(parse_id("2.3").expect_err("sub-item").contains("sub-item"));
        assert!(
            parse_id("a")
                .expect_err("letter")
                .contains("not a task number")
        );
        assert_eq!(
            roman_prefixed("II. Cải cách TTHC"),
            Some(("II".into(), "Cải cách TTHC".into()))
        );
        assert_eq!(roman_prefixed("Is"), None);
    }

    #[test]
    fn header_in_any_order_with_columns_missing() {
        let cols = header_columns(&row(&["Thời gian thực hiện", "STT", "Nội dung nhiệm vụ"]))
            .expect("header");
        assert_eq!(
            cols,
            [(Column::Stt, 1), (Column::Title, 2), (Column::Timeframe, 0)]
        );
        assert!(header_columns(&row(&["1", "Kinh phí Thường xuyên"])).is_none());
    }

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row {
                    place: format!("row {}", i + 1),
                    ..row(r)
                })
                .collect(),
        }
    }

    #[test]
    fn a_header_over_two_rows_and_a_plan_split_over_tables() {
        let first = table(&[
            &[
                "STT",
                "Nhiệm vụ",
                "Phòng, đơn vị",
                "Phòng, đơn vị",
                "Thời gian",
            ],
            &["STT", "Nhiệm vụ", "chủ trì", "phối hợp", "Thời gian"],
            &["I", "Thể chế", "Thể chế", "Thể chế", "Thể chế"],
            &["1", "Rà soát", "Văn phòng Sở", "Các phòng", "Quý I/2025"],
        ]);
        let second = table(&[
            &["STT", "Nhiệm vụ", "chủ trì", "phối hợp", "Thời gian"],
            &["2", "Góp ý", "Thanh tra Sở", "Văn phòng Sở", "Năm 2025"],
            &["II", "Thủ tục hành chính", "", "", ""],
            &["3", "Niêm yết", "Văn phòng Sở", "", "Thường xuyên"],
        ]);
        let read = read_plan(&Source {
            text: vec![],
            tables: vec![first, second],
        })
        .expect("reads");
        let got: Vec<(u32, &str, &str, &str)> = read
            .tasks
            .iter()
            .map(|t| (t.id, &*t.area, &*t.lead, &*t.support))
            .collect();
        assert_eq!(
            got,
            [
                (1, "I", "Văn phòng Sở", "Các phòng"),
                (2, "I", "Thanh tra Sở", "Văn phòng Sở"),
                (3, "II", "Văn phòng Sở", "")
            ]
        );
        assert_eq!(read.missing, [Column::Output, Column::Budget]);
        assert_eq!(read.places[1], "row 2");
    }

    #[test]
    fn title_from_the_document() {
        let text: Vec<String> = [
            "UBND TỈNH NAM ĐỊNH",
            "KẾ HOẠCH",
            "Cải cách hành chính Sở Xây dựng năm 2024",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            find_title(&text).as_deref(),
            Some("Kế hoạch Cải cách hành chính Sở Xây dựng năm 2024")
        );
    }
}

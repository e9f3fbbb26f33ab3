//! `cchc report`: picks the window, builds the report model, renders it and
//! writes the file beside the board (atomically, never over an existing file
//! without `--force`), or to stdout with `-o -` for the text formats.

use super::ReportFormat;
use super::context::{Exit, emit, err_line};
use super::words::{Words, fill};
use crate::app::Lang;
use crate::report::period::Period;
use crate::report::{self, Format, doc::period_name};
use crate::sanitize::terminal_safe;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

pub struct Args {
    pub period: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub calendar: bool,
    pub format: ReportFormat,
    pub output: Option<PathBuf>,
    pub force: bool,
}

fn format_of(f: ReportFormat) -> Format {
    match f {
        ReportFormat::Docx => Format::Docx,
        ReportFormat::Xlsx => Format::Xlsx,
        ReportFormat::Md => Format::Md,
        ReportFormat::Html => Format::Html,
        ReportFormat::Json => Format::Json,
    }
}

/// Runs `cchc report`: the document in `lang`, the messages in `w`'s language.
pub fn report(
    board: &Path,
    args: &Args,
    today: NaiveDate,
    clock: NaiveDate,
    lang: Lang,
    w: &Words,
) -> Result<Exit, String> {
    let format = format_of(args.format);
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    if to_stdout && !format.is_text() {
        return Err(w.error(w.err_report_binary, &[("format", &format.extension())]));
    }
    let read = report::file::Read::at(board).map_err(|e| e.to_string())?;
    let plan_year = read.board().plan.year;
    let cal = read.board().calendar();
    let period = match (&args.period, args.from, args.to) {
        (None, Some(from), Some(to)) => {
            Period::custom(from, to).ok_or_else(|| w.error(w.err_report_window, &[]))?
        }
        (None, None, None) => Period::default_for(plan_year, today, args.calendar, &cal).0,
        (Some(p), None, None) => Period::parse(p, args.calendar, &cal)
            .map_err(|e| format!("cchc: error: --period {e}"))?,
        _ => return Err(w.error(w.err_report_window, &[])),
    };
    // The figures are as of the window's last day (today for a window not
    // ended yet), with the board as it stood then (`crate::as_of`).
    let (r, source) = report::file::build_read(board, read, &period, today, clock)?;
    super::as_of_note::say(&source, report::file::as_of_day(&period, today), w);
    let rendered = report::Rendered::new(&r, lang, format)?;
    let name = period_name(&r, w.lang);
    if r.period.current {
        err_line(&fill(
            w.report_current,
            &[
                ("period", &name),
                ("to", &w.date(r.period.to)),
                ("date", &w.date(r.period.as_of)),
            ],
        ));
    }
    if to_stdout {
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            let bytes = rendered.into_bytes();
            let text = String::from_utf8_lossy(&bytes);
            let mut safe = String::with_capacity(text.len());
            for line in text.lines() {
                safe.push_str(&terminal_safe(line));
                safe.push('\n');
            }
            emit(&safe)?;
        } else {
            // A pipe or file gets the document's bytes as they are made.
            crate::cli::context::emit_with(|out| rendered.write(out))?;
        }
        return Ok(Exit::Ok);
    }
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| report::file::default_path(board, &r, format));
    report::file::write_new_with(&target, args.force, |out| rendered.write(out)).map_err(|e| {
        match e {
            report::file::WriteError::Exists(_) => {
                w.error(w.err_report_exists, &[("path", &target.display())])
            }
            report::file::WriteError::Io(path, why) => {
                format!("cchc: error: {}: {why}", path.display())
            }
        }
    })?;
    emit(&format!(
        "{}\n",
        terminal_safe(&fill(
            w.report_wrote,
            &[
                ("path", &target.display()),
                ("period", &name),
                ("from", &w.date(r.period.from)),
                ("to", &w.date(r.period.to)),
                ("date", &w.date(r.period.as_of)),
            ],
        ))
    ))?;
    Ok(Exit::Ok)
}

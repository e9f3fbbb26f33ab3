//! `cchc import FILE -o BOARD | --into BOARD [--organisation TEXT] [--year
//! YYYY] [--dry-run]`: the task table of a plan's appendix into a board. It
//! prints what it read (areas, tasks per area, tasks whose timeframe gives no
//! deadline, odd cells, each with its source row) and writes nothing on any
//! error or with `--dry-run`.

use super::context::{Exit, emit, err_line};
use super::init::{check_year, write_new};
use super::plan_words::PlanWords;
use super::words::fill;
use crate::domain::{Board, Severity, validate};
use crate::plan::{self, import};
use crate::sanitize::terminal_safe;
use crate::schedule;
use crate::storage;
use std::fmt::Write as _;
use std::path::PathBuf;

pub struct ImportArgs {
    pub file: PathBuf,
    pub output: Option<PathBuf>,
    pub into: Option<PathBuf>,
    pub organisation: Option<String>,
    pub year: Option<i32>,
    pub dry_run: bool,
}

pub fn import(args: &ImportArgs, w: &PlanWords) -> Result<Exit, String> {
    if let Some(y) = args.year {
        check_year(y)?;
    }
    let read = import::read_file(&args.file).map_err(|e| format!("cchc: error: {e}"))?;
    let mut notes: Vec<String> = Vec::new();
    let (board, existing) = match &args.into {
        Some(path) => {
            let file = storage::load(path).map_err(|e| e.to_string())?;
            if let Some(line) = file.first_noncanonical_line() {
                return Err(format!(
                    "{}:{line}: error: the board has hand formatting that saving would rewrite, first at line {line}; run `cchc fmt`, review `git diff`, then import again",
                    path.display()
                ));
            }
            if args.organisation.is_some() || args.year.is_some() {
                notes.push(
                    "--organisation and --year are not used with --into: the board's plan facts are kept".into(),
                );
            }
            if let Some(y) = read.year.filter(|&y| y != file.board.plan.year) {
                notes.push(format!(
                    "the document's title names {y}, the board's plan year is {}",
                    file.board.plan.year
                ));
            }
            let board = merge_into(&file.board, &read, &mut notes)?;
            (board, Some(file))
        }
        None => (new_board(args, &read, &mut notes)?, None),
    };
    let errors: Vec<String> = validate(&board)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect();
    if !errors.is_empty() {
        return Err(format!(
            "cchc: error: the imported board would not be valid; nothing written:\n{}",
            errors.join("\n")
        ));
    }
    // Places (sheet names) and cells are the file's text: made terminal-safe.
    let mut out: String = report(&args.file, &board, &read, &notes, w)
        .lines()
        .map(|l| format!("{}\n", terminal_safe(l)))
        .collect();
    if args.dry_run {
        out.push_str(w.i_dry);
        out.push('\n');
        emit(&out)?;
        return Ok(Exit::Ok);
    }
    match (existing, &args.output) {
        (Some(file), _) => {
            let saved = storage::save(&file, &board).map_err(|e| format!("cchc: error: {e}"))?;
            for w in &saved.warnings {
                err_line(&format!("cchc: warning: {w}"));
            }
            let added = fill(
                w.i_added,
                &[("n", &read.tasks.len()), ("path", &saved.target.display())],
            );
            let _ = writeln!(out, "{added}");
        }
        (None, Some(path)) => {
            write_new(path, &board)?;
            let wrote = fill(w.i_wrote, &[("path", &path.display())]);
            let _ = writeln!(out, "{wrote}");
        }
        (None, None) => {
            return Err("cchc: error: say where the board goes: -o BOARD (a new file) or --into BOARD (an existing board)".into());
        }
    }
    emit(&out)?;
    Ok(Exit::Ok)
}

fn new_board(
    args: &ImportArgs,
    read: &import::Imported,
    notes: &mut Vec<String>,
) -> Result<Board, String> {
    let organisation = args
        .organisation
        .as_deref()
        .map(plan::clean)
        .filter(|o| !o.is_empty())
        .ok_or_else(|| format!(
            "cchc: error: {}: the plan's organisation is not read from the document (its letterhead is in capitals); pass --organisation TEXT, e.g. --organisation \"Sở Xây dựng tỉnh Nam Định\"",
            args.file.display()
        ))?;
    let year = match (args.year, read.year) {
        (Some(flag), Some(doc)) if flag != doc => {
            notes.push(format!(
                "the document's title names {doc}; using --year {flag}"
            ));
            flag
        }
        (Some(flag), _) => flag,
        (None, Some(doc)) => doc,
        (None, None) => {
            return Err(format!(
                "cchc: error: {}: the document states no plan year (no title `KẾ HOẠCH … năm YYYY` before the table); pass --year YYYY",
                args.file.display()
            ));
        }
    };
    let mut board = plan::new_board(&organisation, year, read.title.as_deref(), "");
    board.areas = read.areas.clone();
    board.tasks = read.tasks.clone();
    board.sort_tasks();
    Ok(board)
}

/// `board` with the read tasks added; refuses ids the board already has.
/// Areas the board lacks are added; an area whose title differs keeps the
/// board's (and says so).
fn merge_into(
    board: &Board,
    read: &import::Imported,
    notes: &mut Vec<String>,
) -> Result<Board, String> {
    let clashes: Vec<String> = read
        .tasks
        .iter()
        .zip(&read.places)
        .filter(|(t, _)| board.task(t.id).is_some())
        .map(|(t, place)| format!("  task {} ({place})", t.id))
        .collect();
    if !clashes.is_empty() {
        return Err(format!(
            "cchc: error: the board already has {} of the imported task ids; nothing written (remove them from the board or the table, or import into a new board with -o):\n{}",
            clashes.len(),
            clashes.join("\n")
        ));
    }
    let mut out = board.clone();
    for area in &read.areas {
        match out.area(&area.code) {
            None => {
                notes.push(format!("area {} added: {}", area.code, area.title));
                out.areas.push(area.clone());
            }
            Some(mine) if mine.title != area.title => notes.push(format!(
                "area {}: the document calls it `{}`; the board's title `{}` is kept",
                area.code, area.title, mine.title
            )),
            Some(_) => {}
        }
    }
    out.tasks.extend(read.tasks.iter().cloned());
    out.sort_tasks();
    Ok(out)
}

fn report(
    file: &std::path::Path,
    board: &Board,
    read: &import::Imported,
    notes: &[String],
    w: &PlanWords,
) -> String {
    let mut s = String::new();
    let line = |s: &mut String, text: String| {
        s.push_str(&text);
        s.push('\n');
    };
    line(
        &mut s,
        fill(
            w.i_read,
            &[
                ("file", &file.display()),
                ("tasks", &read.tasks.len()),
                ("areas", &read.areas.len()),
            ],
        ),
    );
    line(
        &mut s,
        fill(
            w.i_plan,
            &[
                ("title", &board.plan.title),
                ("org", &board.plan.organisation),
                ("year", &board.plan.year),
            ],
        ),
    );
    for area in &read.areas {
        let n = read.tasks.iter().filter(|t| *t.area == *area.code).count();
        line(
            &mut s,
            format!("  {:<5} {:>3} {}  {}", area.code, n, w.i_tasks, area.title),
        );
    }
    if !read.missing.is_empty() {
        let names: Vec<&str> = read.missing.iter().map(|c| c.header()).collect();
        line(&mut s, fill(w.i_missing, &[("cols", &names.join(", "))]));
    }
    let undated: Vec<String> = read
        .tasks
        .iter()
        .zip(&read.places)
        .filter(|(t, _)| schedule::deadline(t, &schedule::Rules::of(board)).is_none())
        .map(|(t, place)| format!("  task {} ({place}): `{}`", t.id, t.timeframe))
        .collect();
    if !undated.is_empty() {
        line(&mut s, w.i_undated.to_owned());
        for u in undated {
            line(&mut s, u);
        }
    }
    if !read.notes.is_empty() || !notes.is_empty() {
        line(&mut s, w.i_look.to_owned());
        for n in &read.notes {
            line(&mut s, format!("  {}: {}", n.place, n.message));
        }
        for n in notes {
            line(&mut s, format!("  {n}"));
        }
    }
    s
}

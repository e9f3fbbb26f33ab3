//! `cchc rollover --year YYYY [-o NEW]`: next year's board from this one,
//! which is left untouched. See [`crate::plan::rollover`] for what is copied.

use super::context::{Exit, emit};
use super::init::{check_year, write_new};
use crate::plan;
use crate::sanitize::terminal_safe;
use crate::storage;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub fn rollover(path: &Path, year: i32, output: Option<&Path>) -> Result<Exit, String> {
    check_year(year)?;
    let file = storage::load(path).map_err(|e| e.to_string())?;
    let old = &file.board;
    if year <= old.plan.year {
        return Err(format!(
            "cchc: error: --year {year} is not after the board's plan year {}; roll over to a later year (e.g. --year {})",
            old.plan.year,
            old.plan.year + 1
        ));
    }
    let out = match output {
        Some(p) => p.to_owned(),
        None => default_output(path, old.plan.year, year)?,
    };
    let old_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let (board, report) = plan::rollover(old, year, &old_name);
    write_new(&out, &board)?;
    emit(&summary(path, &out, &board, &report))?;
    Ok(Exit::Ok)
}

/// This board's name with its plan year replaced: `…-2024.yaml` → `…-2025.yaml`.
fn default_output(path: &Path, from: i32, to: i32) -> Result<PathBuf, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let renamed = plan::replace_year(&name, from, to);
    if renamed == name {
        return Err(format!(
            "cchc: error: the board's file name {name} does not contain its year {from}, so the new board needs a name: pass -o NEW.yaml"
        ));
    }
    Ok(path.with_file_name(renamed))
}

fn ids(v: &[u32]) -> String {
    v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

fn summary(
    from: &Path,
    to: &Path,
    board: &crate::domain::Board,
    r: &plan::RolloverReport,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "created {} for {} from {} (left unchanged)",
        to.display(),
        board.plan.year,
        from.display()
    );
    let _ = writeln!(
        s,
        "  {} tasks copied as planned; due dates, completion dates, notes and evidence dropped",
        r.copied
    );
    let _ = writeln!(
        s,
        "  {} timeframes moved on a year (e.g. Quý I/{} → Quý I/{})",
        r.moved.len(),
        board.plan.year - 1,
        board.plan.year
    );
    if r.targets > 0 {
        let _ = writeln!(
            s,
            "  {} targets copied; their measurements dropped",
            r.targets
        );
    }
    let _ = writeln!(s, "  title: {}", terminal_safe(&board.plan.title));
    let _ = writeln!(s, "to review:");
    let _ = writeln!(
        s,
        "  - document: blank; fill in the new plan's reference (số hiệu)"
    );
    if !r.carried.is_empty() {
        let _ = writeln!(
            s,
            "  - {} unfinished tasks marked carried_over (keep, merge or drop each): {}",
            r.carried.len(),
            ids(&r.carried)
        );
    }
    if !r.undated.is_empty() {
        let _ = writeln!(
            s,
            "  - timeframe sets no deadline (add `due:` or reword): {}",
            ids(&r.undated)
        );
    }
    if !r.title_years.is_empty() {
        let _ = writeln!(
            s,
            "  - title names the old year {}: {}",
            board.plan.year - 1,
            ids(&r.title_years)
        );
    }
    let _ = writeln!(s, "then: cchc --board {} check", to.display());
    s
}

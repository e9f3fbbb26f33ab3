//! `cchc rollover --year YYYY [-o NEW]`: next year's board from this one,
//! which is left untouched. See [`crate::plan::rollover`] for what is copied.

use super::context::{Exit, emit};
use super::init::{check_year, write_new};
use super::plan_words::PlanWords;
use super::words::fill;
use crate::plan;
use crate::sanitize::terminal_safe;
use crate::storage;
use std::path::{Path, PathBuf};

pub fn rollover(
    path: &Path,
    year: i32,
    output: Option<&Path>,
    w: &PlanWords,
) -> Result<Exit, String> {
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
    emit(&summary(path, &out, &board, old.plan.year, &report, w))?;
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
    old_year: i32,
    r: &plan::RolloverReport,
    w: &PlanWords,
) -> String {
    let mut lines = vec![
        fill(
            w.r_created,
            &[
                ("to", &to.display()),
                ("year", &board.plan.year),
                ("from", &from.display()),
            ],
        ),
        fill(w.r_copied, &[("n", &r.copied)]),
        fill(
            w.r_moved,
            &[
                ("n", &r.moved.len()),
                ("old", &old_year),
                ("new", &board.plan.year),
            ],
        ),
    ];
    if r.targets > 0 {
        lines.push(fill(w.r_targets, &[("n", &r.targets)]));
    }
    lines.push(fill(
        w.r_title,
        &[("title", &terminal_safe(&board.plan.title))],
    ));
    lines.push(w.r_review.to_owned());
    lines.push(w.r_document.to_owned());
    if !r.carried.is_empty() {
        lines.push(fill(
            w.r_carried,
            &[("n", &r.carried.len()), ("ids", &ids(&r.carried))],
        ));
    }
    if !r.undated.is_empty() {
        lines.push(fill(w.r_undated, &[("ids", &ids(&r.undated))]));
    }
    if !r.title_years.is_empty() {
        lines.push(fill(
            w.r_title_years,
            &[("year", &old_year), ("ids", &ids(&r.title_years))],
        ));
    }
    lines.push(fill(w.then, &[("path", &to.display())]));
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

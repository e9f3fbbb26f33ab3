//! Where the time of `cchc overdue --format json` goes, phase by phase, on one
//! board (a profiling aid for docs/performance.md, not a benchmark to track).
//!
//! ```sh
//! cargo build --release --examples
//! target/release/examples/phases target/bench-boards/board-10000.yaml        # timings
//! /usr/bin/time -f %MKiB target/release/examples/phases --once load BOARD     # peak RSS of one mode
//! ```
//!
//! The phases repeat what `cchc::storage::load` and the `overdue` command do,
//! through the library's public API, each timed on its own (median of `--reps`
//! runs): read, UTF-8 check, conflict-marker scan, YAML into the typed board,
//! validation, sort, `schedule::overdue`, the JSON rows, and dropping the board.
//! The JSON step mirrors the command's private `TaskRow` (same fields, same
//! `serde_json::to_string_pretty`). The floor's two steps are timed alongside.
//!
//! `storage::load` itself takes a faster path on canonical boards (tasks parsed
//! in batches, on several threads for large boards; private to the library),
//! so the whole-document line is the parse it falls back to, and the line
//! after `= storage::load` derives the fast path's share from the total. The
//! `what-if` line times a proposed change: a substring pre-check before the
//! line-by-line conflict-marker scan. The `startup:` line times a call the
//! batch parser makes on every load whatever the board's size: it asks for the
//! core count (std reads the cgroup files each time) before checking whether
//! the board is large enough to use more than one.
//!
//! `--once MODE` runs one mode once, for an outside peak-RSS measurement:
//! `load` (storage::load + schedule::overdue) or `floor`.

#[path = "../benches/support/floor.rs"]
mod floor;

use cchc::domain::{Board, Task, validate};
use cchc::schedule::{self, Assessment};
use cchc::storage::{self, yaml};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The command's JSON record (`cli::rows::TaskRow`, which is private).
#[derive(Serialize)]
struct Row<'a> {
    id: u32,
    area: &'a str,
    title: &'a str,
    output: &'a str,
    lead: &'a str,
    support: &'a str,
    timeframe: &'a str,
    budget: &'a str,
    status: &'static str,
    due: Option<String>,
    state: &'static str,
    days_overdue: i64,
    completed: Option<String>,
    assignee: Option<&'a str>,
}

fn row<'a>(t: &'a Task, a: &Assessment) -> Row<'a> {
    Row {
        id: t.id,
        area: &t.area,
        title: &t.title,
        output: &t.output,
        lead: &t.lead,
        support: &t.support,
        timeframe: &t.timeframe,
        budget: &t.budget,
        status: t.status.as_str(),
        due: a.deadline.map(|d| d.to_string()),
        state: a.column.as_str(),
        days_overdue: a.days_overdue,
        completed: t.completed.map(|d| d.to_string()),
        assignee: t.assignee.as_deref(),
    }
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 1).expect("a valid date")
}

struct Timer {
    phases: Vec<(&'static str, Vec<Duration>)>,
}

impl Timer {
    fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        let took = start.elapsed();
        match self.phases.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(took),
            None => self.phases.push((name, vec![took])),
        }
        out
    }
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}

fn once(mode: &str, path: &Path) -> Result<(), String> {
    let count = match mode {
        "load" => {
            let file = storage::load(path).map_err(|e| e.to_string())?;
            schedule::overdue(&file.board, as_of()).len()
        }
        "floor" => floor::read(path)?.tasks.len(),
        other => return Err(format!("unknown mode `{other}`: load or floor")),
    };
    println!("{mode}: {count}");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, mode, path] if flag == "--once" => once(mode, Path::new(path)),
        [path] => phases(Path::new(path), 15),
        [flag, n, path] if flag == "--reps" => match n.parse() {
            Ok(n) if n > 0 => phases(Path::new(path), n),
            _ => Err(format!("--reps wants a positive number, not `{n}`")),
        },
        _ => Err("usage: phases [--reps N] BOARD | phases --once load|floor BOARD".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("phases: {e}");
            ExitCode::from(2)
        }
    }
}

fn phases(path: &Path, reps: usize) -> Result<(), String> {
    let path = PathBuf::from(path);
    let mut t = Timer { phases: Vec::new() };
    let mut json_bytes = 0;
    let mut overdue = 0;
    for _ in 0..reps {
        let bytes = t.time("read file", || {
            std::fs::read(&path).map_err(|e| e.to_string())
        })?;
        let text = t.time("UTF-8 check", || {
            std::str::from_utf8(&bytes).map_err(|e| e.to_string())
        })?;
        let regions = t.time("conflict-marker scan", || storage::find_conflicts(text));
        assert!(regions.is_empty(), "a board without conflicts");
        let mut board: Board = t.time("YAML -> typed Board, whole document", || {
            yaml::from_str(text).map_err(|e| e.message)
        })?;
        let problems = t.time("validate", || validate(&board));
        assert!(problems.is_empty(), "a clean board: {problems:?}");
        t.time("sort tasks", || board.sort_tasks());
        let items = t.time("schedule::overdue", || schedule::overdue(&board, as_of()));
        overdue = items.len();
        let json = t.time("JSON rows (to_string_pretty)", || {
            let rows: Vec<Row> = items.iter().map(|(task, a)| row(task, a)).collect();
            serde_json::to_string_pretty(&rows).expect("rows serialise")
        });
        json_bytes = json.len();
        drop(items);
        let loaded = t.time("= storage::load (read to sort, as shipped)", || {
            storage::load(&path).map_err(|e| e.to_string())
        })?;
        assert!(
            loaded.board == board,
            "the shipped load agrees with the whole-document parse"
        );
        drop(loaded);
        t.time("drop board and text", || {
            drop(board);
            drop(bytes);
        });
        let text = t.time("floor: read_to_string", || {
            std::fs::read_to_string(&path).map_err(|e| e.to_string())
        })?;
        let plain = t.time("floor: YAML -> plain structs", || {
            floor::parse(&text).map_err(|e| e.to_string())
        })?;
        t.time("floor: drop", || {
            drop(plain);
            drop(text);
        });
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let marker = t.time("what-if: conflict pre-check (memmem)", || {
            text.contains("<<<<<<<")
        });
        assert!(!marker, "a board without conflict markers");
        let threads = t.time("startup: thread::available_parallelism()", || {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        });
        assert!(threads >= 1);
    }
    println!(
        "{}: median of {reps} runs; {overdue} overdue tasks, {json_bytes} bytes of JSON",
        path.display()
    );
    let ms = |name: &str| {
        t.phases
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0.0, |(_, v)| median(v).as_secs_f64() * 1e3)
    };
    for (name, times) in &t.phases {
        println!("{name:<45} {:>10.3} ms", median(times).as_secs_f64() * 1e3);
        if name.starts_with("= storage::load") {
            let rest: f64 = [
                "read file",
                "UTF-8 check",
                "conflict-marker scan",
                "validate",
                "sort tasks",
            ]
            .iter()
            .map(|n| ms(n))
            .sum();
            println!(
                "{:<45} {:>10.3} ms",
                "  of which YAML as load parses it (derived)",
                median(times).as_secs_f64() * 1e3 - rest
            );
        }
    }
    Ok(())
}

//! `cargo bench --bench board`: the cost of `cchc`'s load, overdue and save on
//! the shipped board and on a generated 10,000-task board, beside the floor (a
//! plain serde_yaml deserialisation of the same file's tasks; see
//! `benches/support/floor.rs`).
//!
//! Groups, each with one benchmark per board (`shipped-43`, `generated-10000`):
//!
//! - `load`: `cchc::storage::load` (read, UTF-8 and conflict checks, YAML into
//!   the typed board, validation, sort).
//! - `overdue`: `load` plus `cchc::schedule::overdue` as of 2024-07-01 (no
//!   output: the process-level comparison, `benches/process_ratio.py`, includes
//!   it).
//! - `save`: `cchc::storage::save` of a one-task change (a planned task moved
//!   to done) over a temporary copy of the board; the copy is restored outside
//!   the timed part before every iteration. Includes the fsyncs, so it depends
//!   on the file system of `$TMPDIR`.
//! - `floor`: read the file and deserialise `{ tasks: Vec<PlainTask> }`.
//!
//! The generated board's size can be changed with `CCHC_BENCH_TASKS` (default
//! 10000). Throughput is reported in bytes of board file per second. Speed
//! targets are reported in docs/performance.md and never asserted.

#[path = "support/floor.rs"]
mod floor;
#[path = "support/gen.rs"]
mod generator;

use cchc::domain::Status;
use cchc::schedule;
use cchc::storage;
use chrono::NaiveDate;
use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main, measurement::WallTime,
};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The day `overdue` is judged against: mid-year, so every kind of deadline
/// is represented on both sides of it.
fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 1).expect("a valid date")
}

struct Case {
    /// `shipped-43`, `generated-10000`.
    name: String,
    path: PathBuf,
    bytes: u64,
    /// Large boards take ~100 ms an iteration: flat sampling keeps the run short.
    large: bool,
}

fn cases(dir: &Path) -> Vec<Case> {
    let tasks: usize = std::env::var("CCHC_BENCH_TASKS")
        .ok()
        .map(|v| v.parse().expect("CCHC_BENCH_TASKS is a task count"))
        .unwrap_or(10_000);
    let shipped = PathBuf::from(generator::SHIPPED_PATH);
    let generated = dir.join(format!("generated-{tasks}.yaml"));
    std::fs::write(&generated, generator::generate_yaml(tasks)).expect("write generated board");
    let shipped_tasks = storage::load(&shipped)
        .expect("shipped board")
        .board
        .tasks
        .len();
    [
        (format!("shipped-{shipped_tasks}"), shipped, false),
        (format!("generated-{tasks}"), generated, tasks >= 1000),
    ]
    .into_iter()
    .map(|(name, path, large)| Case {
        bytes: std::fs::metadata(&path).expect("board metadata").len(),
        name,
        path,
        large,
    })
    .collect()
}

fn configure(group: &mut BenchmarkGroup<'_, WallTime>, case: &Case) {
    group.throughput(Throughput::Bytes(case.bytes));
    if case.large {
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(15)
            .measurement_time(Duration::from_secs(4));
    } else {
        group
            .sampling_mode(SamplingMode::Auto)
            .sample_size(30)
            .measurement_time(Duration::from_secs(3));
    }
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let cases = cases(dir.path());

    let mut group = c.benchmark_group("load");
    for case in &cases {
        configure(&mut group, case);
        group.bench_with_input(BenchmarkId::from_parameter(&case.name), case, |b, case| {
            b.iter(|| storage::load(black_box(&case.path)).expect("board loads"));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("overdue");
    for case in &cases {
        configure(&mut group, case);
        group.bench_with_input(BenchmarkId::from_parameter(&case.name), case, |b, case| {
            b.iter(|| {
                let file = storage::load(black_box(&case.path)).expect("board loads");
                schedule::overdue(&file.board, as_of()).len()
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("save");
    for case in &cases {
        configure(&mut group, case);
        let copy = dir.path().join(format!("save-{}.yaml", case.name));
        std::fs::copy(&case.path, &copy).expect("copy the board");
        let file = storage::load(&copy).expect("board loads");
        let mut board = file.board.clone();
        let id = board
            .tasks
            .iter()
            .find(|t| t.status == Status::Planned)
            .expect("a planned task")
            .id;
        board.set_status(id, Status::Done, as_of());
        group.bench_with_input(BenchmarkId::from_parameter(&case.name), case, |b, _| {
            b.iter_batched(
                || std::fs::write(&copy, file.original()).expect("restore the copy"),
                |()| {
                    let report = storage::save(&file, &board).expect("board saves");
                    assert!(!report.unchanged, "the one-task change was written");
                    report
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();

    let mut group = c.benchmark_group("floor");
    for case in &cases {
        configure(&mut group, case);
        group.bench_with_input(BenchmarkId::from_parameter(&case.name), case, |b, case| {
            b.iter(|| {
                floor::read(black_box(&case.path))
                    .expect("board deserialises")
                    .tasks
                    .len()
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = board;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(board);

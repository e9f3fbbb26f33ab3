//! What the recovery journal costs per edit (`src/runtime/journal.rs`), in
//! two parts: on the key path, the hand-over (the board shared in an `Arc`,
//! sent to the journal thread); on the journal's own thread, the rewrite of
//! the recovery file (text, temporary file, fsync, rename).
//!
//! ```sh
//! cargo run --release --example journal_cost [BOARD ...] [--dir DIR]
//! ```
//!
//! Prints the median and 95th percentile of each part per board (shipped
//! board by default). `--dir` is where the file is written (default: a
//! temporary directory under `target/`, so the disk is the build's disk).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

fn percentiles(mut t: Vec<f64>) -> (f64, f64) {
    t.sort_by(f64::total_cmp);
    let at = |q: f64| t[((t.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}

fn main() {
    let mut boards = Vec::new();
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--dir" {
            dir = args.next().map(PathBuf::from);
        } else {
            boards.push(PathBuf::from(a));
        }
    }
    if boards.is_empty() {
        boards.push(PathBuf::from("boards/so-xay-dung-nam-dinh-2024.yaml"));
    }
    let tmp = match dir {
        Some(d) => tempfile::tempdir_in(d),
        None => {
            std::fs::create_dir_all("target").expect("target/");
            tempfile::tempdir_in("target")
        }
    }
    .expect("a temporary directory");
    for path in boards {
        let file = cchc::storage::load(&path).expect("the board loads");
        let base = file.board.clone();
        let mut board = file.board.clone();
        let today = chrono::NaiveDate::from_ymd_opt(2024, 4, 2).expect("date");
        let id = board.tasks[0].id;
        let runs = if board.tasks.len() > 1000 { 60 } else { 400 };

        // Key path: share the board and hand it to the journal thread.
        let (tx, rx) = std::sync::mpsc::channel::<Arc<cchc::domain::Board>>();
        let sink = std::thread::spawn(move || while rx.recv().is_ok() {});
        let mut hand_over = Vec::new();
        for i in 0..runs {
            let status = [
                cchc::domain::Status::InProgress,
                cchc::domain::Status::Planned,
            ][i % 2];
            board.set_status(id, status, today);
            let t = Instant::now();
            let shared = Arc::new(board.clone());
            tx.send(shared).expect("send");
            hand_over.push(t.elapsed().as_secs_f64() * 1e3);
        }
        drop(tx);
        sink.join().expect("join");

        // Journal thread: the whole rewrite, fsync included.
        let base_text = cchc::storage::to_yaml(&base);
        let target = tmp.path().join(".board.yaml.cchc-recovery");
        let mut rewrite = Vec::new();
        for i in 0..runs.min(100) {
            let status = [
                cchc::domain::Status::InProgress,
                cchc::domain::Status::Planned,
            ][i % 2];
            board.set_status(id, status, today);
            let t = Instant::now();
            let text = cchc::storage::recovery_text(&path, &board, &base_text);
            cchc::storage::write_recovery_text(&target, &text).expect("write");
            rewrite.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        let (h50, h95) = percentiles(hand_over);
        let (w50, w95) = percentiles(rewrite);
        println!(
            "{} ({} tasks): key path {h50:.3} ms median, {h95:.3} ms p95; journal thread {w50:.2} ms median, {w95:.2} ms p95 ({size} bytes written)",
            path.display(),
            board.tasks.len()
        );
    }
}

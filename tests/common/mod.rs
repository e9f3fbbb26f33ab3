//! Helpers shared by the integration tests: where the shipped board and the
//! fixtures are, sandboxes holding a copy of a board, and a `cchc` command that
//! cannot see the developer's environment (config file, default board, colour
//! settings, today's date).

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

/// The file name of the one board shipped in `boards/`.
pub const SHIPPED_NAME: &str = "so-xay-dung-nam-dinh-2024.yaml";

/// A fixed "today" for commands that do not pass `--as-of` themselves: in Q2
/// 2024, when eleven tasks of the shipped plan are overdue.
pub const TODAY: &str = "2024-04-10";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn shipped_path() -> PathBuf {
    repo_root().join("boards").join(SHIPPED_NAME)
}

pub fn shipped_bytes() -> Vec<u8> {
    fs::read(shipped_path()).expect("read the shipped board")
}

pub fn fixture(rel: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(rel)
}

pub fn fixture_bytes(rel: &str) -> Vec<u8> {
    fs::read(fixture(rel)).unwrap_or_else(|e| panic!("read fixture {rel}: {e}"))
}

/// The path of the `cchc` binary, for running it through a shell.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_cchc"))
}

/// A temporary directory holding a copy of a board at `<dir>/<name>`; commands
/// built from it run in the directory, with a config path that does not exist.
pub struct Sandbox {
    pub dir: TempDir,
    pub board: PathBuf,
}

impl Sandbox {
    /// A sandbox with a copy of the shipped board as `board.yaml`.
    pub fn shipped() -> Sandbox {
        Sandbox::with_bytes("board.yaml", &shipped_bytes())
    }

    /// A sandbox with a copy of a fixture under its own file name.
    pub fn fixture(rel: &str) -> Sandbox {
        let name = Path::new(rel)
            .file_name()
            .expect("fixture file name")
            .to_string_lossy()
            .into_owned();
        Sandbox::with_bytes(&name, &fixture_bytes(rel))
    }

    pub fn with_bytes(name: &str, bytes: &[u8]) -> Sandbox {
        let dir = tempfile::tempdir().expect("create a temp dir");
        let board = dir.path().join(name);
        fs::write(&board, bytes).expect("write the board copy");
        Sandbox { dir, board }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `cchc` run in the sandbox, isolated from the environment.
    pub fn cchc(&self) -> Command {
        cchc_in(self.path())
    }

    /// `cchc -b <board> ARGS...` on the day [`TODAY`] (`CCHC_TODAY`: the
    /// day cchc takes as today, so an `--as-of` in ARGS before it is a past
    /// day).
    pub fn run(&self, args: &[&str]) -> Output {
        let mut cmd = self.cchc();
        cmd.env("CCHC_TODAY", TODAY)
            .arg("-b")
            .arg(&self.board)
            .args(args);
        cmd.output().expect("run cchc")
    }

    pub fn bytes(&self) -> Vec<u8> {
        fs::read(&self.board).expect("read the sandbox board")
    }

    /// Names of the entries in the sandbox directory, sorted.
    pub fn listing(&self) -> Vec<String> {
        listing(self.path())
    }
}

/// Entry names of a directory, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// `cchc` run in `dir`: no config file (a path that does not exist), no default
/// board from the environment, no colour settings, an English UTF-8 locale,
/// no fixed day unless given.
pub fn cchc_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cchc").expect("the cchc binary is built");
    isolate(&mut cmd, dir);
    cmd
}

/// Applies the same isolation to a command that runs `cchc` indirectly (a
/// shell, `setsid`).
pub fn isolate(cmd: &mut Command, dir: &Path) {
    cmd.current_dir(dir)
        .env("CCHC_CONFIG", dir.join("no-such-config.yaml"))
        .env_remove("CCHC_BOARD")
        .env_remove("CCHC_TODAY")
        .env_remove("NO_COLOR")
        .env_remove("LC_ALL")
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm-256color");
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

pub fn code(o: &Output) -> i32 {
    o.status
        .code()
        .unwrap_or_else(|| panic!("cchc was killed by a signal: {o:?}"))
}

/// Panics with both streams when the exit code is not `want`.
pub fn expect_code(o: &Output, want: i32) {
    assert_eq!(
        o.status.code(),
        Some(want),
        "exit status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Terminal columns of a line.
pub fn columns(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

/// Panics naming the first line wider than 80 columns.
pub fn assert_fits_80(what: &str, text: &str) {
    for (i, line) in text.lines().enumerate() {
        assert!(
            columns(line) <= 80,
            "{what}: line {} is {} columns wide: {line:?}",
            i + 1,
            columns(line)
        );
    }
}

/// Task ids from the JSON that `list`/`overdue`/`due --format json` print.
pub fn json_ids(text: &str) -> Vec<u64> {
    let rows: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    rows.as_array()
        .expect("a JSON array")
        .iter()
        .map(|r| r["id"].as_u64().expect("numeric id"))
        .collect()
}

/// Task ids from a text table (the first column of every line but the header).
pub fn text_ids(text: &str) -> Vec<u64> {
    let mut lines = text.lines();
    let header = lines.next().expect("a header line");
    assert!(header.starts_with(" ID "), "header: {header:?}");
    lines
        .map(|l| {
            l.split_whitespace()
                .next()
                .and_then(|id| id.parse().ok())
                .unwrap_or_else(|| panic!("no id in {l:?}"))
        })
        .collect()
}

/// Replaces the one occurrence of `from` in `text`.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "expected one {from:?}");
    text.replacen(from, to, 1)
}

/// `cchc check` output with its wrapping undone: each continuation line (four
/// spaces of indent) joined to the line before with one space.
pub fn unwrapped(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        match line.strip_prefix("    ") {
            Some(rest) if !out.is_empty() => {
                out.pop();
                out.push(' ');
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

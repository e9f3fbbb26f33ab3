//! What a command runs against: the process facts (day, terminal, config) that
//! `main` gathers once, the board resolution order, and stdout handling.

use crate::config::{self, Config};
use crate::sanitize::terminal_safe;
use chrono::NaiveDate;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Process facts, gathered by `main` so commands stay testable.
#[derive(Debug, Clone)]
pub struct Env {
    /// The day asked about: `--as-of`, else [`Env::clock`].
    pub today: NaiveDate,
    /// Today: `$CCHC_TODAY`, else the local date. A `today` before it is a
    /// past day, read with the board's history ([`crate::as_of`]).
    pub clock: NaiveDate,
    /// Colour is allowed: stdout is a terminal, `NO_COLOR` unset, `TERM` not dumb.
    pub colour: bool,
    /// `$CCHC_CONFIG`, or the platform config file.
    pub config_path: Option<PathBuf>,
    /// Where the search for `boards/` starts (see [`resolve_board`]).
    pub cwd: PathBuf,
    /// Both stdin and stdout are terminals (the interactive board needs them).
    pub tty: bool,
    /// `TERM` is `dumb` or unset.
    pub dumb_terminal: bool,
    /// `NO_COLOR` is set (non-empty).
    pub no_color: bool,
    /// The first of `LC_ALL`, `LANG` that is set (language and charset).
    pub locale: Option<String>,
    /// Columns to wrap stdout text to: the terminal's width when stdout is a
    /// terminal, else 80.
    pub out_width: usize,
    /// The same for stderr.
    pub err_width: usize,
    /// `PATH`, where `git-setup` looks for an installed `cchc`.
    pub search_path: Option<std::ffi::OsString>,
}

impl Env {
    /// Reads the real process environment.
    pub fn from_process(today: NaiveDate, clock: NaiveDate) -> Env {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let term = std::env::var("TERM").unwrap_or_default();
        let dumb = term == "dumb";
        Env {
            today,
            clock,
            colour: io::stdout().is_terminal() && !no_color && !dumb,
            config_path: config::config_path(std::env::var_os("CCHC_CONFIG").map(PathBuf::from)),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            tty: io::stdin().is_terminal() && io::stdout().is_terminal(),
            dumb_terminal: dumb || term.is_empty(),
            no_color,
            locale: ["LC_ALL", "LANG"]
                .into_iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty())),
            out_width: text_width(io::stdout().is_terminal()),
            err_width: text_width(io::stderr().is_terminal()),
            search_path: std::env::var_os("PATH"),
        }
    }

    /// The config file's settings; a broken file is reported on stderr and ignored.
    pub fn config(&self) -> Config {
        let (cfg, warning) = config::load(self.config_path.as_deref());
        if let Some(w) = warning {
            err_line(&format!("cchc: warning: {w}"));
        }
        cfg
    }
}

/// The width text output wraps to: the terminal's, when the stream is one
/// (and reports a usable size), else 80 columns.
fn text_width(terminal: bool) -> usize {
    const DEFAULT: usize = 80;
    if !terminal {
        return DEFAULT;
    }
    match crossterm::terminal::size() {
        Ok((cols, _)) if cols >= 20 => usize::from(cols),
        _ => DEFAULT,
    }
}

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success; for `overdue`, nothing is overdue.
    Ok = 0,
    /// `overdue`: something is overdue. `fmt --check`: not canonical.
    Found = 1,
    /// Any error: bad input, unreadable or invalid board, failed save.
    Error = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

/// Finds the board: `--board`/`$CCHC_BOARD`, else the config's `board`, else
/// the only `*.yaml` in a `boards/` directory of `cwd` or of the nearest
/// parent that has one, looking no higher than the repository root (the
/// first directory with a `.git`), as git looks for `.git`. So `cchc` works
/// from `boards/`, `src/` or any other subdirectory of the repository.
pub fn resolve_board(
    flag: Option<PathBuf>,
    config: &Config,
    cwd: &Path,
) -> Result<PathBuf, String> {
    if let Some(p) = flag.or_else(|| config.board.clone()) {
        return Ok(p);
    }
    let mut searched = Vec::new();
    for dir in cwd.ancestors() {
        let boards = dir.join("boards");
        if boards.is_dir() {
            return only_board(&boards);
        }
        searched.push(dir);
        if dir.join(".git").exists() {
            break;
        }
    }
    let top = searched.last().copied().unwrap_or(cwd);
    Err(format!(
        "cchc: error: no board found: pass --board PATH, set CCHC_BOARD, set `board:` in the config file, or run where boards/ holds one .yaml file (looked for boards/ in {} and its parents up to {})",
        cwd.display(),
        top.display()
    ))
}

/// The one `*.yaml`/`*.yml` file in `dir`.
fn only_board(dir: &Path) -> Result<PathBuf, String> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(format!(
            "cchc: error: no board found: {} holds no .yaml file; pass --board PATH, set CCHC_BOARD or set `board:` in the config file",
            dir.display()
        )),
        _ => Err(format!(
            "cchc: error: {} holds {} boards; choose one with --board PATH or CCHC_BOARD: {}",
            dir.display(),
            found.len(),
            found
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Writes `text` to stdout in one go, never panicking. A reader that went
/// away (`| head -1`: EPIPE) or a closed stdout (`>&-`: EBADF) ends the output
/// quietly, as `cat` does; any other failure (a full disk) is an error for the
/// caller to report.
pub fn emit(text: &str) -> Result<(), String> {
    emit_bytes(text.as_bytes())
}

/// [`emit`] for bytes already known to be text (a rendered report).
pub fn emit_bytes(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if reader_gone(&e) => Ok(()),
        Err(e) => Err(format!("cchc: error: writing output: {e}")),
        Ok(()) => Ok(()),
    }
}

/// A JSON array of the items an iterator makes, made one at a time as they
/// are written ([`emit_json`]); serialised once.
pub struct Lazy<I>(std::cell::Cell<Option<I>>);

impl<I> Lazy<I> {
    pub fn new(items: I) -> Lazy<I> {
        Lazy(std::cell::Cell::new(Some(items)))
    }
}

impl<I> serde::Serialize for Lazy<I>
where
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => s.collect_seq(items),
            None => Err(serde::ser::Error::custom("a lazy list is written once")),
        }
    }
}

/// Writes `value` as pretty JSON (and a newline) to stdout as it is
/// serialised, through a buffer: a large listing is never held whole in
/// memory (at 100,000 tasks the text is larger than the board). Errors as
/// [`emit`]: a reader gone ends quietly, anything else is reported.
pub fn emit_json<T: serde::Serialize>(value: &T) -> Result<(), String> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    written_out(written)
}

/// Writes text to stdout piece by piece as the pieces are made, through a
/// buffer: a long listing is never held whole. Errors as [`emit`].
pub fn emit_pieces<S: AsRef<str>>(pieces: impl IntoIterator<Item = S>) -> Result<(), String> {
    emit_with(|out| {
        pieces
            .into_iter()
            .try_for_each(|p| out.write_all(p.as_ref().as_bytes()))
    })
}

/// Lets `write` write to stdout through a buffer, as it goes (a CSV
/// listing). Errors as [`emit`].
pub fn emit_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), String> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let written = write(&mut out).and_then(|()| out.flush());
    written_out(written)
}

/// What a write to stdout comes to: a reader gone ends quietly, anything
/// else is reported.
fn written_out(written: io::Result<()>) -> Result<(), String> {
    match written {
        Err(e) if reader_gone(&e) => Ok(()),
        Err(e) => Err(format!("cchc: error: writing output: {e}")),
        Ok(()) => Ok(()),
    }
}

/// Writes a message to stderr, never panicking: when stderr itself cannot be
/// written (`2>/dev/full`) there is nowhere left to say so, so it is dropped.
/// Messages quote the board file, so each of their lines is made
/// terminal-safe ([`terminal_safe`]).
pub fn err_line(message: &str) {
    let mut text = String::with_capacity(message.len() + 1);
    for line in message.lines() {
        text.push_str(&terminal_safe(line));
        text.push('\n');
    }
    let mut stderr = io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.flush());
}

/// EPIPE or EBADF: nobody reads the output any more.
fn reader_gone(e: &io::Error) -> bool {
    const EBADF: i32 = 9;
    e.kind() == io::ErrorKind::BrokenPipe || e.raw_os_error() == Some(EBADF)
}

//! The IO boundary: reading a board file into a [`Board`] with errors that name
//! file, line and column, and writing it back atomically in the canonical form.
//!
//! The canonical form is what [`to_yaml`] writes: fields in declaration order,
//! tasks in id order, one line per scalar, empty optional fields left out. A
//! board in canonical form round-trips byte for byte, so saving an unchanged
//! board changes nothing and moving a card changes one or two lines.
//!
//! Text goes through [`yaml`]: the YAML cchc writes is read by `subset` and
//! written by `emit` without libyaml (a fraction of the cost), and
//! `serde_yaml` takes everything else and every error, so a hand-edited file
//! reads, and fails, exactly as it would without the fast paths.

pub mod atomic;
mod beside;
mod conflict;
mod conflicted;
mod emit;
mod examine;
pub mod fsx;
mod layout;
mod lock;
mod original;
mod recovery;
mod save;
mod snippet;
mod splice;
mod split;
mod stream;
mod subset;
mod version;
pub mod yaml;

use crate::domain::{Board, Problem, Segment, Severity, validate};
use crate::sanitize::terminal_safe as escape_controls;
use std::cell::OnceCell;
use std::fmt;
use std::path::{Path, PathBuf};

pub use beside::differing;
pub use conflict::{ConflictRegion, find_conflicts};
pub use conflicted::parse_conflicted;
pub use examine::{Examined, examine};
pub use lock::{BoardLock, lock_board, lock_path};
pub use recovery::{
    Recovered, fallback_recovery_path, load_recovery, recovery_path, recovery_text, save_copy_as,
    save_side_copy, set_aside, write_recovery, write_recovery_text,
};
pub use save::{SaveError, SaveReport, save, save_task};
pub use snippet::{read_edited, strip_error_block, task_from_yaml, task_to_yaml};
pub use split::{parse_task_block, task_absent, task_block};
pub use stream::{frame, read};
pub use version::version_tasks;

/// A board as loaded from disk, with the exact bytes it was read from (to detect
/// changes on disk before saving, and to tell canonical files from hand-edited ones).
#[derive(Debug, Clone)]
pub struct BoardFile {
    pub path: PathBuf,
    pub board: Board,
    /// Warnings found while loading (errors stop the load).
    pub warnings: Vec<Located>,
    original: original::Original,
    /// Task ids in the order the file lists them (`board.tasks` is sorted).
    file_order: Vec<u32>,
    /// Each id's position in `file_order`, built on first use ([`Self::file_index`]
    /// is asked once per task by `check`: a search would be quadratic).
    file_positions: OnceCell<std::collections::HashMap<u32, usize>>,
    /// [`Self::first_noncanonical_line`], computed once (it serialises the board).
    noncanonical: OnceCell<Option<usize>>,
}

impl BoardFile {
    /// The bytes the board was loaded from.
    pub fn original(&self) -> &[u8] {
        self.original.as_bytes()
    }

    /// The bytes the board was loaded from as text; `None` when they are
    /// not UTF-8 (a save rebased on a disk that changed under it).
    pub fn original_text(&self) -> Option<&str> {
        self.original.text()
    }

    /// The board and the text it was loaded from, for a caller that lets
    /// them go at different times (`cchc report`: the text once the old
    /// version is read beside it).
    pub fn into_parts(self) -> (Board, Option<String>) {
        (self.board, self.original.into_text())
    }

    /// Records that `board` was just saved to this file, so the next save
    /// compares the disk against what was written.
    pub fn saved(&mut self, board: &Board) {
        self.original = original::Original::Text(to_yaml(board));
        self.board = board.clone();
        self.file_order = board.tasks.iter().map(|t| t.id).collect();
        self.file_positions = OnceCell::new();
        // What was just written is the canonical form by construction.
        self.noncanonical = OnceCell::from(None);
    }

    /// Makes `bytes` the file's "as loaded" content (used when the board
    /// shown was derived from a conflicted file).
    pub(crate) fn rebase_bytes(&mut self, bytes: Vec<u8>) {
        self.original = original::Original::new(bytes);
        self.noncanonical = OnceCell::new();
    }

    /// Adopts whatever is on disk now as the base of the next save (the user
    /// chose to keep their version over an external change).
    pub fn rebase_on_disk(&mut self) -> std::io::Result<()> {
        self.original = original::Original::new(fsx::read_regular(&self.path)?);
        self.noncanonical = OnceCell::new();
        Ok(())
    }

    /// Adopts the bytes of `shown` (the version on disk the user was shown
    /// and chose to keep theirs over) as the base of the next save: a change
    /// that landed after it makes that save refuse, never overwritten unseen.
    pub fn rebase_on(&mut self, shown: BoardFile) {
        self.original = shown.original;
        self.noncanonical = OnceCell::new();
    }

    /// The position of task `id` in the file's `tasks` list, which is what a
    /// [`crate::domain::FieldPath`] index means (the loaded board's tasks are sorted by id).
    pub fn file_index(&self, id: u32) -> Option<usize> {
        self.file_positions
            .get_or_init(|| first_places(self.file_order.iter().copied()))
            .get(&id)
            .copied()
    }

    /// Attaches line and column (in this file) to problems found on its board.
    /// A file known to be canonical is placed by its layout (no parse,
    /// `layout::locate`), the rest by the event parser.
    pub fn locate(&self, problems: Vec<Problem>) -> Vec<Located> {
        let text = self.original.text_lossy();
        let canonical = self.noncanonical.get() == Some(&None);
        locate_with(&self.path, &text, problems, canonical)
    }

    /// `None` when the file is byte-identical to what saving it would write;
    /// otherwise the first line that saving would change (hand formatting,
    /// comments, key order, quoting).
    pub fn first_noncanonical_line(&self) -> Option<usize> {
        *self.noncanonical.get_or_init(|| {
            if self.board.tasks.is_sorted_by_key(|t| t.id) {
                // Piece by piece: the canonical text is never held whole.
                splice::first_difference(&self.board, self.original.as_bytes())
                    .unwrap_or_else(|e| unreachable!("reading a slice failed: {e}"))
            } else {
                first_difference(self.original.as_bytes(), to_yaml(&self.board).as_bytes())
            }
        })
    }
}

/// Each task id's place in a list of ids in file order: the first of a
/// repeated id, as a search would find it.
fn first_places(ids: impl ExactSizeIterator<Item = u32>) -> std::collections::HashMap<u32, usize> {
    let mut map = std::collections::HashMap::with_capacity(ids.len());
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i);
    }
    map
}

fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    if a == b {
        return None;
    }
    let at = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    Some(a[..at].iter().filter(|&&c| c == b'\n').count() + 1)
}

/// A problem with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub severity: Severity,
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The field, as `tasks[3].area`, when known.
    pub path: Option<String>,
    pub message: String,
}

/// A path as shown in a message: control characters escaped.
pub(crate) fn shown(path: &Path) -> String {
    escape_controls(&path.display().to_string()).into_owned()
}

/// Every file-derived part (the file name, the message that may quote a value
/// from the file) has its control characters escaped, so a board cannot send
/// escape sequences to the terminal of whoever runs `cchc check`.
impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", shown(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {kind}: ")?;
        if let Some(path) = &self.path {
            write!(f, "{}: ", escape_controls(path))?;
        }
        f.write_str(&escape_controls(&self.message))
    }
}

/// Why a board could not be loaded. Every variant says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {}: {source}", shown(path))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: error: {detail}; --board (or CCHC_BOARD, or the config's `board`) must name the board's YAML file",
        shown(path)
    )]
    NotRegular { path: PathBuf, detail: String },
    #[error(
        "{}:{line}:{column}: error: the file is not valid UTF-8 (byte {offset}); save it as UTF-8",
        shown(path)
    )]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
        offset: usize,
    },
    #[error(
        "{}: error: the board file is empty; restore it from git (git checkout -- {}) or copy a board from boards/",
        shown(path),
        shown(path)
    )]
    Empty { path: PathBuf },
    #[error("{}", conflict_message(path, regions))]
    Conflict {
        path: PathBuf,
        regions: Vec<ConflictRegion>,
    },
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid {
        path: PathBuf,
        problems: Vec<Located>,
    },
}

fn conflict_message(path: &Path, regions: &[ConflictRegion]) -> String {
    let spans: Vec<String> = regions
        .iter()
        .map(|r| format!("{}–{}", r.start, r.end))
        .collect();
    let first = regions.first().map_or(1, |r| r.start);
    format!(
        "{}:{first}: error: the board has git merge conflict markers: resolve the git merge conflict at lines {} (keep one version of each task, delete the <<<<<<< ======= >>>>>>> lines), then run `cchc check`",
        shown(path),
        spans.join(", ")
    )
}

impl LoadError {
    /// The located problems, for callers that list them one per line.
    pub fn problems(&self) -> Option<&[Located]> {
        match self {
            LoadError::Invalid { problems, .. } => Some(problems),
            _ => None,
        }
    }
}

/// Makes a file-size limit (`ulimit -f`) a failed write instead of a killed
/// process: by default SIGXFSZ ends the process mid-save, leaving a partial
/// temporary file and (for the board) the terminal in raw mode. With the
/// signal caught, `write(2)` fails with EFBIG, which every save path reports
/// as a failed save (the original untouched, the temporary file removed).
/// Called once at start-up by `main`, for the commands and the board alike.
/// Programs `cchc` starts (git, the editor) get the default action back at
/// `exec`, as a caught signal is not inherited.
pub fn ignore_file_size_signal() -> std::io::Result<()> {
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        Arc::new(AtomicBool::new(false)),
    )
    .map(|_| ())
}

/// Reads and parses the board at `path`.
/// Anything but a regular file (a FIFO, a device, a directory) is refused
/// before a byte is read, so nothing blocks.
pub fn load(path: &Path) -> Result<BoardFile, LoadError> {
    let bytes = fsx::read_regular(path).map_err(|source| {
        if fsx::is_not_regular(&source) {
            LoadError::NotRegular {
                path: path.to_owned(),
                detail: source.to_string(),
            }
        } else {
            LoadError::Io {
                path: path.to_owned(),
                source,
            }
        }
    })?;
    parse(path, bytes)
}

/// Parses board bytes; `path` is only used in messages. Errors (YAML, shape,
/// rules) stop the load; warnings are kept on the result.
pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<BoardFile, LoadError> {
    // Checked for UTF-8 here, once: the file's text is kept as text.
    let whole = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let before = &bytes[..offset];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            return Err(LoadError::NotUtf8 {
                path: path.to_owned(),
                line,
                column,
                offset,
            });
        }
    };
    // A UTF-8 byte-order mark is not content (and libyaml misreads the file
    // with one); the original bytes keep it, so `check` reports the file as
    // not canonical and `fmt` removes it.
    let text = whole.strip_prefix('\u{feff}').unwrap_or(&whole);
    let regions = find_conflicts(text);
    if !regions.is_empty() {
        return Err(LoadError::Conflict {
            path: path.to_owned(),
            regions,
        });
    }
    if is_blank_yaml(text) {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    // Small boards parse fastest in one go; the batch path pays off on large ones.
    let fast = (text.len() >= SPLIT_FROM_BYTES)
        .then(|| split::parse_split(text))
        .flatten();
    let parsed = match fast {
        Some(board) => Ok(board),
        None => yaml::from_str::<Board>(text),
    };
    let mut board: Board = parsed.map_err(|e| {
        let (line, column) = refine_position(text, &e);
        LoadError::Invalid {
            path: path.to_owned(),
            problems: vec![Located {
                severity: Severity::Error,
                file: path.to_owned(),
                line,
                column,
                path: None,
                message: explain_yaml(&e.message),
            }],
        }
    })?;
    let problems = validate(&board);
    let (errors, warnings): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .partition(|p| p.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            problems: locate_all(path, text, errors),
        });
    }
    let warnings = locate_all(path, text, warnings);
    let file_order = board.tasks.iter().map(|t| t.id).collect();
    board.sort_tasks();
    Ok(BoardFile {
        path: path.to_owned(),
        board,
        warnings,
        original: original::Original::Text(whole),
        file_order,
        file_positions: OnceCell::new(),
        noncanonical: OnceCell::new(),
    })
}

/// Another version of the board `now` was loaded from (HEAD's, an older
/// commit's), read fast: the tasks whose text did not change are taken from
/// `now` (`splice::parse_beside`); otherwise, a full parse. `label` names the
/// version in errors (`HEAD:boards/b.yaml`).
pub fn parse_version(label: &Path, bytes: Vec<u8>, now: &BoardFile) -> Result<Board, LoadError> {
    match now.original_text() {
        Some(text) => parse_version_beside(label, bytes, text, &now.board),
        None => parse(label, bytes).map(|f| f.board),
    }
}

/// [`parse_version`] beside a board `now` read from the text `now_text`
/// (for callers that hold the two apart).
pub fn parse_version_beside(
    label: &Path,
    bytes: Vec<u8>,
    now_text: &str,
    now: &Board,
) -> Result<Board, LoadError> {
    // Conflict markers and anchors are found by byte prefilters; the text
    // is checked whole only when one finds a candidate (the splice checks
    // the parts that differ from today's text).
    let clean = if conflict::may_have_markers(&bytes) || yaml::may_have_anchor(&bytes) {
        std::str::from_utf8(&bytes)
            .is_ok_and(|text| find_conflicts(text).is_empty() && yaml::find_anchor(text).is_none())
    } else {
        true
    };
    let fast = clean
        .then(|| splice::parse_beside(&bytes, now_text, now))
        .flatten();
    // A version the load would refuse (an id twice) takes the full parse,
    // which says where and why.
    let valid = |b: &Board| {
        crate::domain::validate(b)
            .iter()
            .all(|p| p.severity != Severity::Error)
    };
    match fast {
        Some(board) if valid(&board) => Ok(board),
        _ => parse(label, bytes).map(|f| f.board),
    }
}

/// The shipped board's text and board, for unit tests anywhere in the crate.
#[cfg(test)]
pub(crate) const SHIPPED_TEXT: &str = include_str!("../../boards/so-xay-dung-nam-dinh-2024.yaml");

#[cfg(test)]
pub(crate) fn shipped_for_tests() -> Board {
    parse(Path::new("shipped.yaml"), SHIPPED_TEXT.as_bytes().to_vec())
        .expect("the shipped board loads")
        .board
}

/// A file with nothing but blank lines, comments or a bare `---`.
fn is_blank_yaml(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// The parser places some errors on an enclosing node, or nowhere: a duplicate
/// field on its mapping, a second document on no line at all. Points those at
/// the line to fix; other errors keep the parser's position.
fn refine_position(text: &str, e: &yaml::YamlError) -> (Option<usize>, Option<usize>) {
    if e.message.contains("more than one document") {
        if let Some(line) = second_document_line(text) {
            return (Some(line), Some(1));
        }
    } else if let (Some(start), Some(column), Some(field)) = (
        e.line,
        e.column,
        e.message
            .split_once("duplicate field `")
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(field, _)| field),
    ) && let Some(line) = second_key_line(text, start, column, field)
    {
        return (Some(line), Some(column));
    }
    (e.line, e.column)
}

/// The line of the `---` that starts a second document.
fn second_document_line(text: &str) -> Option<usize> {
    let mut content = false;
    for (i, line) in text.lines().enumerate() {
        if line == "---" || line.starts_with("--- ") {
            if content {
                return Some(i + 1);
            }
            content = true;
        } else if !(line.trim().is_empty() || line.trim_start().starts_with('#')) {
            content = true;
        }
    }
    None
}

/// In a block mapping whose first key is at (`start`, `column`), the line of
/// the second `field:` key. `None` for other styles (flow mappings).
fn second_key_line(text: &str, start: usize, column: usize, field: &str) -> Option<usize> {
    let mut seen = 0;
    for (i, line) in text.lines().enumerate().skip(start - 1) {
        let indent = line.chars().take_while(|&c| c == ' ').count();
        let rest = &line[indent..];
        if i + 1 > start {
            if rest.is_empty() || rest.starts_with('#') || indent + 1 > column {
                continue;
            }
            if indent + 1 < column {
                break;
            }
        }
        let key = line.chars().skip(column - 1).collect::<String>();
        let is_field = [
            field.to_owned(),
            format!("'{field}'"),
            format!("\"{field}\""),
        ]
        .iter()
        .any(|k| {
            key.strip_prefix(k.as_str())
                .and_then(|r| r.trim_start().strip_prefix(':'))
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        });
        if is_field {
            seen += 1;
            if seen == 2 {
                return Some(i + 1);
            }
        }
    }
    None
}

/// Boards at least this large load through [`split::parse_split`].
const SPLIT_FROM_BYTES: usize = 256 * 1024;

/// Adds advice to the parser's terse messages where a user is likely to trip
/// (a board file, or a task edited in the board).
fn explain_yaml(message: &str) -> String {
    // An enum field (`status`, a target's kind …) given a list or a map: the
    // parser's words ("expected a YAML tag starting with '!'") are about
    // YAML tags, which a board never uses.
    const NOT_A_TAG: &str = ", expected a YAML tag starting with '!'";
    for (found, shape) in [("sequence", "a list"), ("map", "a map")] {
        let said = format!("invalid type: {found}{NOT_A_TAG}");
        if let Some(at) = message.find(&said) {
            return format!(
                "{}{shape} where one value belongs; write the value alone, \
                 without brackets or braces (the values are in docs/board-format.md){}",
                &message[..at],
                &message[at + said.len()..]
            );
        }
    }
    if message.contains("more than one document") {
        format!(
            "{message}: a board is one YAML document; remove the `---` line and merge the parts"
        )
    } else if message.contains("found character that cannot start any token")
        || message.contains("tab")
    {
        format!("{message} (indent with spaces, not tabs)")
    } else if message.contains("duplicate field") {
        format!(
            "{message}: each field may appear once; keep one of the two lines and delete the other"
        )
    } else if message.contains("unknown field") {
        format!("{message}; fix the spelling or remove the field (see docs/board-format.md)")
    } else {
        message.to_owned()
    }
}

/// Attaches line and column to problems found on the parsed board: the
/// position of each problem's field, or of the nearest enclosing node present
/// in the file (a missing optional field points at its task). Every problem
/// is placed, in one pass over the text however many there are.
pub fn locate_all(path: &Path, text: &str, problems: Vec<Problem>) -> Vec<Located> {
    locate_with(path, text, problems, false)
}

/// [`locate_all`]; `canonical`: the text is what `to_yaml` writes, so a
/// problem's own path is first looked for by the layout, and only the
/// problems it cannot place go to the event parser.
fn locate_with(path: &Path, text: &str, problems: Vec<Problem>, canonical: bool) -> Vec<Located> {
    if !canonical || problems.is_empty() {
        return locate_events(path, text, problems);
    }
    let lines = layout::Lines::new(text);
    let fast: Vec<Option<(usize, usize)>> = problems
        .iter()
        .map(|p| layout::locate(&lines, &p.path.segments()))
        .collect();
    let (placed, rest): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .zip(fast)
        .enumerate()
        .partition(|(_, (_, at))| at.is_some());
    let mut out: Vec<(usize, Located)> = placed
        .into_iter()
        .map(|(i, (p, at))| {
            let (line, column) = at.unzip();
            (
                i,
                Located {
                    severity: p.severity,
                    file: path.to_owned(),
                    line,
                    column,
                    path: Some(p.path.to_string()),
                    message: p.message,
                },
            )
        })
        .collect();
    let (order, rest): (Vec<usize>, Vec<Problem>) =
        rest.into_iter().map(|(i, (p, _))| (i, p)).unzip();
    out.extend(order.into_iter().zip(locate_events(path, text, rest)));
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, l)| l).collect()
}

/// [`locate_all`] by the event parser: one pass for all the problems.
fn locate_events(path: &Path, text: &str, problems: Vec<Problem>) -> Vec<Located> {
    // Each problem's path and its enclosing paths, longest first.
    let candidates: Vec<Vec<Vec<Segment>>> = problems
        .iter()
        .map(|p| {
            let segments = p.path.segments();
            (1..=segments.len())
                .rev()
                .map(|n| segments[..n].to_vec())
                .collect()
        })
        .collect();
    let flat: Vec<Vec<Segment>> = candidates.iter().flatten().cloned().collect();
    let mut positions = yaml::locate_many(text, &flat).into_iter();
    problems
        .into_iter()
        .zip(&candidates)
        .map(|(p, tries)| {
            // Consume all of this problem's tries, use the longest found.
            let tried: Vec<_> = positions.by_ref().take(tries.len()).collect();
            let (line, column) = tried.into_iter().flatten().next().unzip();
            Located {
                severity: p.severity,
                file: path.to_owned(),
                line,
                column,
                path: Some(p.path.to_string()),
                message: p.message,
            }
        })
        .collect()
}

/// The canonical YAML text of a board (tasks in id order).
pub fn to_yaml(board: &Board) -> String {
    let sorted;
    let board = if board.tasks.is_sorted_by_key(|t| t.id) {
        board
    } else {
        let mut b = board.clone();
        b.sort_tasks();
        sorted = b;
        &sorted
    };
    splice::whole(board)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_difference_reports_the_line() {
        assert_eq!(first_difference(b"a\nb\nc\n", b"a\nb\nc\n"), None);
        assert_eq!(first_difference(b"a\nb\nc\n", b"a\nB\nc\n"), Some(2));
        assert_eq!(first_difference(b"a\n", b"a\nb\n"), Some(2));
    }

    #[test]
    fn blank_files_are_recognised() {
        assert!(is_blank_yaml(""));
        assert!(is_blank_yaml("\u{feff}# only a comment\n---\n\n"));
        assert!(!is_blank_yaml("schema: 1\n"));
    }
}

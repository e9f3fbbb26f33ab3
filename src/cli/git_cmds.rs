//! `cchc changes`, `cchc history` and `cchc git-setup`: the board's history
//! as task-level changes, through [`crate::git`].

use super::TextJson;
use super::context::{Exit, emit};
use super::words::{Words, fill};
use crate::domain::diff::{Difference, differences, task_differences};
use crate::domain::{Board, Task};
use crate::git::{GitError, Repo};
use crate::sanitize::terminal_safe;
use crate::storage;
use crate::text::truncate;
use std::fmt::Write as _;
use std::path::Path;

type Outcome = Result<Exit, String>;

fn git_err(e: GitError) -> String {
    format!("cchc: error: {e}")
}

/// The board at `rev` (`None` when it did not exist there).
fn board_at(repo: &Repo, rev: &str) -> Result<Option<Board>, String> {
    match repo.show(rev).map_err(git_err)? {
        None => Ok(None),
        Some(bytes) => storage::parse(Path::new(&format!("{rev}:{}", repo.rel)), bytes)
            .map(|f| Some(f.board))
            .map_err(|e| e.to_string()),
    }
}

/// An empty board shaped like `like`, standing in for "no board yet".
fn empty_like(like: &Board) -> Board {
    Board {
        tasks: vec![],
        targets: vec![],
        ..like.clone()
    }
}

pub fn changes(path: &Path, range: Option<&str>, format: TextJson, w: &Words) -> Outcome {
    let repo = Repo::discover(path).map_err(git_err)?;
    let working = || {
        storage::load(path)
            .map(|f| f.board)
            .map_err(|e| e.to_string())
    };
    let (from, to, before, after) = match range {
        None => {
            let head = repo.show("HEAD").map_err(git_err)?;
            // A large board: only the tasks that differ, the working file
            // read beside HEAD's text (`storage::differing`).
            let beside = head
                .as_deref()
                .and_then(|bytes| storage::differing(path, bytes));
            let (before, after) = match beside {
                Some((before, after)) => (Some(before), after),
                None => {
                    // HEAD read beside the loaded working file: its unchanged
                    // tasks are not parsed again (`storage::parse_version`).
                    let now = storage::load(path).map_err(|e| e.to_string())?;
                    let before = match head {
                        None => None,
                        Some(bytes) => Some(
                            storage::parse_version(
                                Path::new(&format!("HEAD:{}", repo.rel)),
                                bytes,
                                &now,
                            )
                            .map_err(|e| e.to_string())?,
                        ),
                    };
                    (before, now.board)
                }
            };
            ("HEAD".to_owned(), "working tree".to_owned(), before, after)
        }
        Some(r) => match r.split_once("..") {
            Some((a, b)) => {
                let a = if a.is_empty() { "HEAD" } else { a };
                let b = if b.is_empty() { "HEAD" } else { b };
                let after = board_at(&repo, b)?
                    .ok_or_else(|| format!("cchc: error: {} does not exist at {b}", repo.rel))?;
                (a.to_owned(), b.to_owned(), board_at(&repo, a)?, after)
            }
            None => (
                r.to_owned(),
                "working tree".to_owned(),
                board_at(&repo, r)?,
                working()?,
            ),
        },
    };
    let before = before.unwrap_or_else(|| empty_like(&after));
    let diffs = differences(&before, &after);
    let out = match format {
        TextJson::Json => {
            #[derive(serde::Serialize)]
            struct Out<'a> {
                from: &'a str,
                to: &'a str,
                changes: &'a [Difference],
            }
            let v = Out {
                from: &from,
                to: &to,
                changes: &diffs,
            };
            format!(
                "{}\n",
                serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
            )
        }
        TextJson::Text => {
            // The words of the text; JSON says "working tree" in any language.
            let to = if to == "working tree" {
                w.working_tree
            } else {
                to.as_str()
            };
            let (from, to) = (terminal_safe(&from), terminal_safe(to));
            if diffs.is_empty() {
                format!("{}\n", fill(w.no_changes, &[("from", &from), ("to", &to)]))
            } else {
                let mut s = format!("{from} → {to}\n");
                for d in &diffs {
                    let _ = writeln!(s, "{}", truncate(&terminal_safe(&d.to_string()), 80));
                }
                s
            }
        }
    };
    emit(&out)?;
    Ok(Exit::Ok)
}

/// What `history` keeps of one version of the board: the task's own block
/// when the text is canonical, that the task is not there (a version from
/// before it was added), else the whole text (to parse in full).
enum Version {
    Block(String),
    Absent,
    Whole(Vec<u8>),
}

impl Version {
    fn of(text: &[u8], id: u32) -> Version {
        match storage::task_block(text, id) {
            Some(block) => Version::Block(block.to_owned()),
            None if storage::task_absent(text, id) => Version::Absent,
            None => Version::Whole(text.to_vec()),
        }
    }

    fn block(&self) -> Option<&str> {
        match self {
            Version::Block(b) => Some(b),
            Version::Absent | Version::Whole(_) => None,
        }
    }

    /// The task in this version: its block parsed, else a full parse.
    fn task(&self, id: u32) -> Option<Task> {
        match self {
            Version::Block(block) => storage::parse_task_block(block),
            Version::Absent => None,
            Version::Whole(text) => storage::parse(Path::new("-"), text.clone())
                .ok()?
                .board
                .task(id)
                .cloned(),
        }
    }
}

#[derive(serde::Serialize)]
struct HistoryEntry<'a> {
    #[serde(flatten)]
    commit: &'a crate::git::Commit,
    changes: Vec<Difference>,
}

pub fn history(path: &Path, id: u32, format: TextJson, w: &Words) -> Outcome {
    let repo = Repo::discover(path).map_err(git_err)?;
    let (commits, versions) = repo
        .log_with_versions(move |text| Version::of(text, id))
        .map_err(git_err)?;
    let version = |blob: &Option<String>| blob.as_ref().and_then(|b| versions.get(b));
    let mut entries = Vec::new();
    for c in &commits {
        let (old, new) = (version(&c.before), version(&c.after));
        // Same task text on both sides: nothing to parse.
        if let (Some(a), Some(b)) = (old.and_then(Version::block), new.and_then(Version::block))
            && a == b
        {
            continue;
        }
        let before = old.and_then(|v| v.task(id));
        let after = new.and_then(|v| v.task(id));
        let changes = match (&before, &after) {
            (Some(a), Some(b)) => task_differences(a, b),
            (None, Some(b)) => vec![Difference::TaskAdded {
                id,
                title: b.title.to_string(),
            }],
            (Some(a), None) => vec![Difference::TaskDeleted {
                id,
                title: a.title.to_string(),
            }],
            (None, None) => vec![],
        };
        if !changes.is_empty() {
            entries.push(HistoryEntry { commit: c, changes });
        }
    }
    let out = match format {
        TextJson::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&entries).map_err(|e| e.to_string())?
        ),
        TextJson::Text if entries.is_empty() => {
            format!("{}\n", fill(w.no_history, &[("id", &id)]))
        }
        TextJson::Text => {
            let mut s = String::new();
            for e in &entries {
                let short = &e.commit.hash[..e.commit.hash.len().min(8)];
                let head = format!(
                    "{} {short} {}: {}",
                    w.date_text(&e.commit.date),
                    e.commit.author,
                    e.commit.subject
                );
                let _ = writeln!(s, "{}", truncate(&terminal_safe(&head), 80));
                for d in &e.changes {
                    let _ = writeln!(s, "  {}", truncate(&terminal_safe(&d.to_string()), 78));
                }
            }
            s
        }
    };
    emit(&out)?;
    Ok(Exit::Ok)
}

/// Marks files this command wrote, so it may update them and never touches
/// anyone else's.
const MARK: &str = "# installed by cchc git-setup";

const IGNORES: [&str; 4] = [
    ".*.yaml.*.tmp",
    ".*.yaml.cchc-recovery",
    ".*.yaml.cchc-lock",
    "*.yaml.mine*",
];

/// The `diff.cchc.xfuncname` pattern: git names each hunk of a board diff
/// after the nearest line above it that starts a task (`- id: 5`), an area
/// (`- code: II`) or a target (`- id: II.3a`), instead of showing a neighbour's
/// `- id:` only as context. Git shows the first group: the whole line.
pub const XFUNCNAME: &str = "^(- (id|code): .*)$";

/// How the hook and the merge driver call cchc: `cchc` when a `cchc` is on
/// `PATH` (so the setting survives a rebuild or a move of the binary and
/// works for every clone), else this binary's absolute path.
struct Invocation {
    run: String,
    note: String,
}

fn invocation(search_path: Option<&std::ffi::OsStr>) -> Result<Invocation, String> {
    if let Some(found) = on_path("cchc", search_path) {
        return Ok(Invocation {
            run: "cchc".to_owned(),
            note: format!("cchc (found on PATH: {})", found.display()),
        });
    }
    let exe = std::env::current_exe()
        .map_err(|e| format!("cchc: error: cannot find the cchc binary: {e}"))?;
    let exe = exe.display().to_string();
    Ok(Invocation {
        note: format!(
            "{exe} (no cchc on PATH; after `cargo install --path .` run `cchc git-setup` again to use it)"
        ),
        run: shell_quote(&exe),
    })
}

/// The first executable file `name` in the directories of `search_path`.
fn on_path(name: &str, search_path: Option<&std::ffi::OsStr>) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(search_path?)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|p| {
            std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// `s` quoted for sh (and for git's driver command line, which sh runs).
fn shell_quote(s: &str) -> String {
    if s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+".contains(&b))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

pub fn git_setup(path: &Path, search_path: Option<&std::ffi::OsStr>) -> Outcome {
    let repo = Repo::discover(path).map_err(git_err)?;
    let cmd = invocation(search_path)?;
    let exe = cmd.run.as_str();
    let mut report = format!("command:   {}\n", cmd.note);
    let mut say = |what: &str, done: bool| {
        let _ = writeln!(
            report,
            "{} {what}",
            if done { "added:    " } else { "unchanged:" }
        );
    };

    let merge_attr = format!("{} merge=cchc", repo.rel);
    let diff_attr = format!("{} diff=cchc", repo.rel);
    let attr_file = repo.root.join(".gitattributes");
    for line in [&merge_attr, &diff_attr] {
        let done = ensure_lines(&attr_file, &[line.as_str()])?;
        say(&format!(".gitattributes: {line}"), done);
    }

    let ignore_done = ensure_lines(&repo.root.join(".gitignore"), &IGNORES)?;
    say(&format!(".gitignore: {}", IGNORES.join(" ")), ignore_done);

    let driver = format!("{exe} merge-driver %O %A %B %P");
    for (key, value) in [
        ("merge.cchc.name", "cchc board merge (per task and field)"),
        ("merge.cchc.driver", driver.as_str()),
        ("diff.cchc.xfuncname", XFUNCNAME),
    ] {
        let same = repo.config_get(key).as_deref() == Some(value);
        if !same {
            repo.config_set(key, value).map_err(git_err)?;
        }
        say(&format!("git config {key} \"{value}\""), !same);
    }

    let hook = repo.git_path("hooks/pre-commit").map_err(git_err)?;
    let script = format!(
        "#!/bin/sh\n{MARK}: refuse commits that would put an invalid board (or merge\n# conflict markers) into history.\nexec {exe} -b \"$(git rev-parse --show-toplevel)/{}\" check >/dev/null\n",
        repo.rel
    );
    match std::fs::read_to_string(&hook) {
        Ok(existing) if existing == script => {
            say(&format!("pre-commit hook {}", hook.display()), false)
        }
        Ok(existing) if !existing.contains(MARK) => {
            let _ = writeln!(
                report,
                "skipped:   {} exists and was not written by cchc; add this line to it:\n           {exe} -b \"$(git rev-parse --show-toplevel)/{}\" check >/dev/null || exit 1",
                hook.display(),
                repo.rel
            );
        }
        _ => {
            if let Some(dir) = hook.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cchc: error: {}: {e}", dir.display()))?;
            }
            std::fs::write(&hook, &script)
                .map_err(|e| format!("cchc: error: {}: {e}", hook.display()))?;
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
                .map_err(|e| format!("cchc: error: {}: {e}", hook.display()))?;
            say(&format!("pre-commit hook {}", hook.display()), true);
        }
    }
    emit(&report)?;
    Ok(Exit::Ok)
}

/// Appends the lines missing from a text file (creating it); true if it wrote.
fn ensure_lines(file: &Path, lines: &[&str]) -> Result<bool, String> {
    let existing = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cchc: error: {}: {e}", file.display())),
    };
    let missing: Vec<&&str> = lines
        .iter()
        .filter(|l| !existing.lines().any(|x| x.trim() == **l))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for l in missing {
        text.push_str(l);
        text.push('\n');
    }
    std::fs::write(file, text).map_err(|e| format!("cchc: error: {}: {e}", file.display()))?;
    Ok(true)
}

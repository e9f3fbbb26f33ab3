//! Every call to the `git` binary. Driving the real git keeps the user's
//! config, hooks and signing in force; this module turns its output into plain
//! data and its failures into messages. Nothing here runs on the key path: the
//! runtime calls it from a background thread or as an explicit effect.
//!
//! Reading the board's committed versions (`HEAD`'s, a past day's, the blobs
//! `history` compares) is done in process by [`objects`] where git would read
//! the same, because one `git` process costs as much as a whole command on
//! the shipped board (issue 12); it declines to the binary otherwise.

mod base_cache;
mod objects;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("git is not installed (or not on PATH); install git to use this")]
    Missing,
    #[error("{} is not in a git repository", .0.display())]
    NotARepo(PathBuf),
    #[error("git {args} failed: {message}")]
    Failed { args: String, message: String },
}

/// The repository that holds a board, and the board's path inside it.
#[derive(Debug, Clone)]
pub struct Repo {
    pub root: PathBuf,
    /// The board's path relative to `root`, with `/` separators.
    pub rel: String,
    /// The repository opened in process, when it can be read there
    /// ([`objects`]); `None`: every read asks git.
    local: Option<objects::Local>,
}

/// One commit that touched the board.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Commit {
    pub hash: String,
    pub date: String,
    pub author: String,
    pub subject: String,
    /// Blob ids of the board before and after this commit (`None` when absent).
    #[serde(skip)]
    pub before: Option<String>,
    #[serde(skip)]
    pub after: Option<String>,
}

/// Where the working copy stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// The board differs from HEAD (staged or not).
    pub modified: bool,
    pub branch: Option<String>,
    pub upstream: Option<String>,
    pub ahead: u32,
    pub behind: u32,
    /// The board has unmerged entries (a merge, rebase, cherry-pick, revert
    /// or stash left it conflicted).
    pub conflicted: bool,
    /// An operation in progress in the repository (`git merge` stopped on a
    /// conflict, a rebase, …), whatever the board's own state.
    pub operation: Option<Operation>,
}

/// A multi-step git operation in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Merge,
    Rebase,
    CherryPick,
    Revert,
}

/// A `git` command in `dir`, set to run without a terminal. Every call to git
/// starts here and is spawned by [`spawn`]:
///
/// - standard input is `/dev/null` (callers that feed git replace it);
/// - `GIT_TERMINAL_PROMPT=0`: git fails ("terminal prompts disabled") where
///   it would ask for a user name or password; credential helpers still run;
/// - `GIT_ASKPASS` empty (which also hides `core.askPass` and `SSH_ASKPASS`
///   from git) and, for ssh, `SSH_ASKPASS` unset with `SSH_ASKPASS_REQUIRE=never`:
///   no password window either;
/// - `GIT_MERGE_AUTOEDIT=no`: no editor;
/// - `--literal-pathspecs`: the board's path is a path, not a pattern;
/// - git runs in a new session (setsid) and so has no controlling terminal:
///   nothing it starts (ssh, a hook, a credential helper) can open `/dev/tty`
///   to read keys or write a prompt over the board.
///
/// Network commands also run ssh with `-o BatchMode=yes` ([`ssh_command`]).
fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    // The only paths cchc gives git are the board's own: never globs or
    // pathspec magic (a board named `b[1].yaml` is not `b1.yaml`).
    c.arg("-C").arg(dir).arg("--literal-pathspecs");
    // Git refuses `--literal-pathspecs` beside another global pathspec rule.
    for v in [
        "GIT_GLOB_PATHSPECS",
        "GIT_NOGLOB_PATHSPECS",
        "GIT_ICASE_PATHSPECS",
    ] {
        c.env_remove(v);
    }
    c.stdin(Stdio::null())
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_ASKPASS", "")
        .env_remove("SSH_ASKPASS")
        .env("SSH_ASKPASS_REQUIRE", "never")
        .env("GIT_MERGE_AUTOEDIT", "no");
    c
}

#[cfg(unix)]
type Child = Box<dyn process_wrap::std::ChildWrapper>;
#[cfg(not(unix))]
type Child = Box<std::process::Child>;

/// Starts git in a session of its own, without a controlling terminal.
#[cfg(unix)]
fn spawn(cmd: Command) -> std::io::Result<Child> {
    let mut wrapped = process_wrap::std::CommandWrap::from(cmd);
    wrapped.wrap(process_wrap::std::ProcessSession);
    wrapped.spawn()
}

#[cfg(not(unix))]
fn spawn(mut cmd: Command) -> std::io::Result<Child> {
    cmd.spawn().map(Box::new)
}

/// Runs git to the end, with its output captured.
fn output(mut cmd: Command) -> std::io::Result<std::process::Output> {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    spawn(cmd)?.wait_with_output()
}

fn spawn_error(e: std::io::Error, args: &str) -> GitError {
    match e.kind() {
        std::io::ErrorKind::NotFound => GitError::Missing,
        _ => failed(args, &e.to_string()),
    }
}

/// Git's complaint on one line, for the footer (git, ssh and hooks may print
/// several).
fn one_line(out: &std::process::Output) -> String {
    let message = String::from_utf8_lossy(&out.stderr)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if message.is_empty() {
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    } else {
        message
    }
}

fn run(cmd: Command, args_for_message: &str) -> Result<Vec<u8>, GitError> {
    let out = output(cmd).map_err(|e| spawn_error(e, args_for_message))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(GitError::Failed {
            args: args_for_message.to_owned(),
            message: one_line(&out),
        })
    }
}

/// The ssh command for git's network commands: the user's own (the first of
/// `GIT_SSH_COMMAND`, `GIT_SSH`, `core.sshCommand`, as git chooses), with
/// `-o BatchMode=yes` added when it is OpenSSH's `ssh` (git adds its own
/// options the same way), so that ssh fails at once instead of asking for a
/// password, a passphrase or a host key. A command that is not `ssh` (a
/// wrapper script, plink) is left as it is. ssh takes the first value given
/// for an option, so a user's own `-o BatchMode=no` still wins. `None`: leave
/// `GIT_SSH_COMMAND` alone.
pub fn ssh_command(
    env_command: Option<&str>,
    env_ssh: Option<&str>,
    config: Option<&str>,
) -> Option<String> {
    fn given(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|v| !v.is_empty())
    }
    let is_ssh = |program: &str| {
        let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
        name == "ssh" || name.eq_ignore_ascii_case("ssh.exe")
    };
    const BATCH: &str = "-o BatchMode=yes";
    if let Some(cmd) = given(env_command) {
        let first = cmd.split_whitespace().next().unwrap_or(cmd);
        let first = first.trim_matches(['\'', '"']);
        return is_ssh(first).then(|| format!("{cmd} {BATCH}"));
    }
    if let Some(program) = given(env_ssh) {
        // A program path, run without a shell by git: quote it for one.
        let quoted = format!("'{}'", program.replace('\'', "'\\''"));
        return is_ssh(program).then(|| format!("{quoted} {BATCH}"));
    }
    match given(config) {
        Some(cmd) => ssh_command(Some(cmd), None, None),
        None => Some(format!("ssh {BATCH}")),
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes)
        .trim_end_matches('\n')
        .to_owned()
}

/// A board's version in the last commit on or before `day` that changed it
/// (committer date up to 23:59:59 of `day`, local time): (hash, committer
/// day, bytes). Two git calls, run in the board's directory with the board
/// named relative to it (no repository discovery first); when the board's
/// present name has no commit by then, a walk without diffs asks whether
/// the repository had any, and only then a third call follows renames.
/// `Ok(None)`: no such commit, or the board was deleted in it. Not in a repository:
/// [`GitError::NotARepo`].
pub fn board_on(
    board: &Path,
    day: chrono::NaiveDate,
) -> Result<Option<(String, String, Vec<u8>)>, GitError> {
    let (real, dir) = resolved(board);
    if let Some(found) = board_on_in_process(&real, &dir, day) {
        return Ok(Some(found));
    }
    let name = format!(
        "./{}",
        real.file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned())
    );
    let before = format!("--before={} 23:59:59", day.format("%Y-%m-%d"));
    let mut log = git(&dir);
    log.args([
        "log",
        "-1",
        // `log.follow` would make this a rename-following walk that never
        // shows a merge; renames are followed below, only when needed.
        "--no-follow",
        "--no-abbrev",
        "--format=%H%x1f%cs",
        &before,
        "--",
        &name,
    ]);
    let out = match run(log, "log") {
        Ok(out) => text(out),
        Err(GitError::Failed { message, .. }) if message.contains("not a git repository") => {
            return Err(GitError::NotARepo(board.to_owned()));
        }
        Err(e) => return Err(e),
    };
    // The board under its own name, else (no commit that day under this
    // name) under the name it had before a rename: the first commit of the
    // followed history on or before the day, with the path it had there
    // (relative to the repository's root, as `show` takes it).
    let (hash, date, spec) = match out.split_once('\u{1f}') {
        Some((hash, date)) => (hash.to_owned(), date.to_owned(), format!("{hash}:{name}")),
        None => {
            // Before the repository's first commit no name had one: the
            // cheap walk (no diffs) says so without following renames.
            let mut any = git(&dir);
            any.args(["rev-list", "-1", &before, "HEAD"]);
            if text(run(any, "rev-list")?).is_empty() {
                return Ok(None);
            }
            let mut follow = git(&dir);
            follow.args([
                "log",
                "--follow",
                "--no-abbrev",
                "--format=%x1e%H%x1f%cs",
                "--name-only",
                "--",
                &name,
            ]);
            let out = text(run(follow, "log --follow")?);
            let wanted = day.format("%Y-%m-%d").to_string();
            let found = out.split('\u{1e}').find_map(|record| {
                let mut lines = record.lines().filter(|l| !l.is_empty());
                let (hash, date) = lines.next()?.split_once('\u{1f}')?;
                let path = lines.next()?;
                (date <= wanted.as_str())
                    .then(|| (hash.to_owned(), date.to_owned(), path.to_owned()))
            });
            match found {
                Some((hash, date, path)) => {
                    let spec = format!("{hash}:{path}");
                    (hash, date, spec)
                }
                None => return Ok(None),
            }
        }
    };
    let mut show = git(&dir);
    show.args(["show", &spec]);
    Ok(run(show, "show").ok().map(|bytes| (hash, date, bytes)))
}

/// [`board_on`] read in process, for the board as it is named now; `None`:
/// ask git (see [`objects`]).
fn board_on_in_process(
    real: &Path,
    dir: &Path,
    day: chrono::NaiveDate,
) -> Option<(String, String, Vec<u8>)> {
    let local = objects::open(dir)?;
    let rel = real.strip_prefix(local.root()).ok()?.to_str()?;
    // Git reads `--before=DAY 23:59:59` in local time.
    let cutoff = day
        .and_hms_opt(23, 59, 59)?
        .and_local_timezone(chrono::Local)
        .single()?
        .timestamp();
    local.last_change_on_or_before(rel, cutoff)
}

/// The board's real path (links resolved, when it exists) and its directory,
/// where git runs.
fn resolved(board: &Path) -> (PathBuf, PathBuf) {
    let real = std::fs::canonicalize(board).unwrap_or_else(|_| board.to_owned());
    let dir = real
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned();
    (real, dir)
}

impl Repo {
    /// The repository holding `board`.
    pub fn discover(board: &Path) -> Result<Repo, GitError> {
        let (real, dir) = resolved(board);
        let local = objects::open(&dir);
        let root = match &local {
            Some(l) => l.root().to_owned(),
            None => {
                let mut cmd = git(&dir);
                cmd.args(["rev-parse", "--show-toplevel"]);
                let root = match run(cmd, "rev-parse --show-toplevel") {
                    Ok(out) => PathBuf::from(text(out)),
                    Err(GitError::Failed { .. }) => {
                        return Err(GitError::NotARepo(board.to_owned()));
                    }
                    Err(e) => return Err(e),
                };
                std::fs::canonicalize(&root).unwrap_or(root)
            }
        };
        let inside = real
            .strip_prefix(&root)
            .map_err(|_| GitError::NotARepo(board.to_owned()))?;
        let rel = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        // A name that is not UTF-8 is read by git, under its own bytes.
        let local = local.filter(|_| inside.to_str().is_some());
        Ok(Repo { root, rel, local })
    }

    fn cmd(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        let mut c = git(&self.root);
        c.args(args);
        // Messages name the subcommand only: git's own words are what matter.
        run(c, args.first().copied().unwrap_or("git"))
    }

    /// The board's bytes at `rev`; `None` when the board did not exist there.
    pub fn show(&self, rev: &str) -> Result<Option<Vec<u8>>, GitError> {
        if rev == "HEAD"
            && let Some(found) = self.local.as_ref().and_then(|l| l.show_head(&self.rel))
        {
            return Ok(found);
        }
        let spec = format!("{rev}:{}", self.rel);
        let mut c = git(&self.root);
        c.args(["cat-file", "blob", &spec]);
        match run(c, "cat-file blob") {
            Ok(bytes) => Ok(Some(bytes)),
            Err(GitError::Failed { .. }) => {
                // Distinguish "no such revision" (an error) from "no board
                // there" (only when the one call failed).
                self.cmd(&[
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    &format!("{rev}^{{commit}}"),
                ])?;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The commits that changed the board, newest first, and what `keep`
    /// makes of every version of the board they name, by blob id; only what
    /// `keep` returns is held. In process ([`objects`]), each version is
    /// read as soon as its delta base in the pack is, the rest in the order
    /// of their delta tree once the log is done ([`base_cache`]); else the
    /// log streams into one `git cat-file --batch --buffer` running beside
    /// it, each version asked for as soon as the log names it (issue 12:
    /// `history` within 2× of `git log`).
    pub fn log_with_versions<T: Send + 'static>(
        &self,
        keep: impl Fn(&[u8]) -> T + Send + 'static,
    ) -> Result<(Vec<Commit>, Versions<T>), GitError> {
        const LOG: &str = "log";
        const CAT: &str = "cat-file --batch";
        let mut log = git(&self.root);
        log.args([
            "log",
            "--no-follow",
            "--no-abbrev",
            "--raw",
            "--no-renames",
            "--date=short",
            // NUL-separated (no commit message or name holds one; git
            // refuses them): the head, the subject, then the raw diff.
            "--format=%x00%H%x1f%ad%x1f%an%x00%s%x00",
            "--",
            &self.rel,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut log = spawn(log).map_err(|e| spawn_error(e, LOG))?;
        let (Some(log_out), Some(mut log_err)) = (log.stdout().take(), log.stderr().take()) else {
            return Err(failed(LOG, "no pipes"));
        };
        let complaint = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = log_err.read_to_string(&mut s);
            s
        });
        // The versions are read in process when the repository can be
        // ([`objects`]; the log is then read on a thread of its own), else by
        // a `git cat-file` beside the log.
        let (read, versions, mut cat) = match &self.local {
            Some(local) => {
                // The log is read on a thread of its own, its blob ids handed
                // over a batch at a time and read as their bases are
                // (`objects::Local::read_blobs`).
                let (tx, rx) = std::sync::mpsc::channel::<Vec<String>>();
                let parser = std::thread::spawn(move || {
                    let mut batch = Vec::new();
                    let read = read_log(log_out, |blob| {
                        batch.push(blob.to_owned());
                        if batch.len() == 64 {
                            // A send fails only when the reader stopped: it says why.
                            let _ = tx.send(std::mem::take(&mut batch));
                        }
                    });
                    let _ = tx.send(batch);
                    read
                });
                let versions = local.read_blobs(rx, keep);
                let read = parser
                    .join()
                    .unwrap_or_else(|_| Err(failed(LOG, "its reader panicked")));
                (read, versions, None)
            }
            None => {
                let mut cat = git(&self.root);
                cat.args(["cat-file", "--batch", "--buffer"])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null());
                let mut cat = spawn(cat).map_err(|e| spawn_error(e, CAT))?;
                let (Some(cat_in), Some(cat_out)) = (cat.stdin().take(), cat.stdout().take())
                else {
                    return Err(failed(CAT, "no pipes"));
                };
                let reader = std::thread::spawn(move || read_batch(cat_out, keep));
                let mut cat_in = std::io::BufWriter::new(cat_in);
                let read = read_log(log_out, |blob| {
                    // A write fails only when cat-file died: its reader says why.
                    let _ = writeln!(cat_in, "{blob}");
                });
                drop(cat_in);
                let versions = reader
                    .join()
                    .unwrap_or_else(|_| Err("its reader panicked".to_owned()));
                (read, versions, Some(cat))
            }
        };
        let status = log.wait().map_err(|e| failed(LOG, &e.to_string()));
        if let Some(cat) = &mut cat {
            let _ = cat.wait();
        }
        let complaint = complaint.join().unwrap_or_default();
        let status = status?;
        let (commits, asked) = read?;
        if !status.success() {
            let message = complaint.split_whitespace().collect::<Vec<_>>().join(" ");
            return Err(failed(LOG, &message));
        }
        // Named as `git cat-file` when it read them, else as what failed.
        let reading = if cat.is_some() {
            CAT
        } else {
            "reading the versions"
        };
        let versions = versions.map_err(|e| failed(reading, &e))?;
        if let Some(lost) = asked.iter().find(|b| !versions.contains_key(*b)) {
            return Err(failed(reading, &format!("no blob {lost}")));
        }
        Ok((commits, versions))
    }

    pub fn status(&self) -> Result<Status, GitError> {
        let out = self.cmd(&["status", "--porcelain=v2", "--branch", "--", &self.rel])?;
        let mut s = Status::default();
        for line in String::from_utf8_lossy(&out).lines() {
            if let Some(b) = line.strip_prefix("# branch.head ") {
                s.branch = (b != "(detached)").then(|| b.to_owned());
            } else if let Some(u) = line.strip_prefix("# branch.upstream ") {
                s.upstream = Some(u.to_owned());
            } else if let Some(ab) = line.strip_prefix("# branch.ab ") {
                let mut parts = ab.split_whitespace();
                s.ahead = parts
                    .next()
                    .and_then(|a| a.trim_start_matches('+').parse().ok())
                    .unwrap_or(0);
                s.behind = parts
                    .next()
                    .and_then(|b| b.trim_start_matches('-').parse().ok())
                    .unwrap_or(0);
            } else if line.starts_with("u ") {
                s.conflicted = true;
                s.modified = true;
            } else if line.starts_with('1') || line.starts_with('2') || line.starts_with('?') {
                s.modified = true;
            }
        }
        s.operation = self.operation()?;
        Ok(s)
    }

    /// The operation in progress, from the state files git keeps under `.git`
    /// (asked in one `rev-parse`, which knows worktrees' layouts).
    pub fn operation(&self) -> Result<Option<Operation>, GitError> {
        const MARKERS: [(&str, Operation); 5] = [
            ("rebase-merge", Operation::Rebase),
            ("rebase-apply", Operation::Rebase),
            ("MERGE_HEAD", Operation::Merge),
            ("CHERRY_PICK_HEAD", Operation::CherryPick),
            ("REVERT_HEAD", Operation::Revert),
        ];
        let mut args = vec!["rev-parse"];
        for (name, _) in MARKERS {
            args.extend(["--git-path", name]);
        }
        let out = text(self.cmd(&args)?);
        Ok(out
            .lines()
            .zip(MARKERS)
            .find(|(path, _)| {
                let p = Path::new(path);
                let p = if p.is_absolute() {
                    p.to_owned()
                } else {
                    self.root.join(p)
                };
                p.exists()
            })
            .map(|(_, (_, op))| op))
    }

    /// `git diff HEAD -- board` (the raw text diff).
    pub fn raw_diff(&self) -> Result<String, GitError> {
        self.cmd(&["diff", "--no-color", "HEAD", "--", &self.rel])
            .map(|o| String::from_utf8_lossy(&o).into_owned())
    }

    /// Commits the board file only (`git commit --only`): other staged work is
    /// left alone; hooks and signing run as configured.
    pub fn commit(&self, message: &str) -> Result<String, GitError> {
        self.cmd(&["commit", "--only", "-m", message, "--", &self.rel])?;
        self.cmd(&["rev-parse", "--short", "HEAD"]).map(text)
    }

    /// A network command: as [`Repo::cmd`], with ssh in batch mode.
    fn network(&self, args: &[&str]) -> Command {
        let mut c = git(&self.root);
        c.args(args);
        let env = |k| std::env::var(k).ok();
        let config = self.config_get("core.sshCommand");
        if let Some(ssh) = ssh_command(
            env("GIT_SSH_COMMAND").as_deref(),
            env("GIT_SSH").as_deref(),
            config.as_deref(),
        ) {
            c.env("GIT_SSH_COMMAND", ssh);
        }
        c
    }

    /// `git pull --ff-only`: never a merge commit, never a rewrite.
    pub fn pull_ff_only(&self) -> Result<String, GitError> {
        run(self.network(&["pull", "--ff-only"]), "pull").map(text)
    }

    /// `git push` to the configured upstream (never forced). Git reports on
    /// standard error, success or not.
    pub fn push(&self) -> Result<String, GitError> {
        let out = output(self.network(&["push"])).map_err(|e| spawn_error(e, "push"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        } else {
            Err(GitError::Failed {
                args: "push".into(),
                message: one_line(&out),
            })
        }
    }

    /// A git config value in this repository.
    pub fn config_get(&self, key: &str) -> Option<String> {
        self.cmd(&["config", "--get", key]).ok().map(text)
    }

    pub fn config_set(&self, key: &str, value: &str) -> Result<(), GitError> {
        self.cmd(&["config", key, value]).map(|_| ())
    }

    /// Absolute path of a file under `.git` (e.g. `hooks/pre-commit`).
    pub fn git_path(&self, name: &str) -> Result<PathBuf, GitError> {
        let p = PathBuf::from(text(self.cmd(&["rev-parse", "--git-path", name])?));
        Ok(if p.is_absolute() {
            p
        } else {
            self.root.join(p)
        })
    }
}

/// What was kept of the board's versions read from the history, by blob id.
pub type Versions<T> = std::collections::HashMap<String, T>;

/// One record of the history's log: its head (`%H %ad %an`,
/// `\x1f`-separated), its subject, and the raw diff line
/// `:100644 100644 <old> <new> M\tpath` (see [`Repo::log_with_versions`]).
fn commit(head: &str, subject: &str, raw: &str) -> Option<Commit> {
    let mut head = head.splitn(3, '\u{1f}');
    let (Some(hash), Some(date), Some(author)) = (head.next(), head.next(), head.next()) else {
        return None;
    };
    let mut c = Commit {
        hash: hash.to_owned(),
        date: date.to_owned(),
        author: author.to_owned(),
        subject: subject.to_owned(),
        before: None,
        after: None,
    };
    if let Some(raw) = raw.lines().find(|l| l.starts_with(':')) {
        let f: Vec<&str> = raw.split_whitespace().collect();
        let blob = |s: &str| (!s.chars().all(|ch| ch == '0')).then(|| s.to_owned());
        if f.len() >= 4 {
            c.before = blob(f[2]);
            c.after = blob(f[3]);
        }
    }
    Some(c)
}

/// Reads `git log --raw`'s records (see [`Repo::log_with_versions`]),
/// asking `ask` for each blob they name, once: the commits, and the blobs
/// asked for.
fn read_log(
    out: impl Read,
    mut ask: impl FnMut(&str),
) -> Result<(Vec<Commit>, std::collections::HashSet<String>), GitError> {
    let mut asked = std::collections::HashSet::new();
    let mut commits = Vec::new();
    let mut lines = BufReader::with_capacity(1 << 16, out);
    // Each record is three NUL-ended parts after the NUL that opens it.
    let mut part = |buf: &mut Vec<u8>| {
        buf.clear();
        lines
            .read_until(0, buf)
            .inspect(|_| {
                if buf.last() == Some(&0) {
                    buf.pop();
                }
            })
            .map_err(|e| failed("log", &e.to_string()))
    };
    let (mut head, mut subject, mut raw) = (Vec::new(), Vec::new(), Vec::new());
    part(&mut head)?;
    loop {
        if part(&mut head)? == 0 {
            return Ok((commits, asked));
        }
        part(&mut subject)?;
        part(&mut raw)?;
        let text = |b| String::from_utf8_lossy(b);
        let Some(c) = commit(&text(&head), &text(&subject), &text(&raw)) else {
            continue;
        };
        for blob in [&c.before, &c.after].into_iter().flatten() {
            if asked.insert(blob.clone()) {
                ask(blob);
            }
        }
        commits.push(c);
    }
}

/// Everything `git cat-file --batch` answers until its input closes:
/// `<id> blob <size>`, the bytes and a newline, per object.
fn read_batch<T>(out: impl Read, mut keep: impl FnMut(&[u8]) -> T) -> Result<Versions<T>, String> {
    let mut reader = BufReader::with_capacity(1 << 16, out);
    let mut versions = Versions::new();
    let mut header = String::new();
    loop {
        header.clear();
        if reader.read_line(&mut header).map_err(|e| e.to_string())? == 0 {
            return Ok(versions);
        }
        let mut f = header.split_whitespace();
        if let (Some(id), Some("missing")) = (f.clone().next(), f.clone().nth(1)) {
            return Err(format!("no blob {id}: {}", header.trim()));
        }
        let (Some(id), Some(_kind), Some(size)) = (f.next(), f.next(), f.next()) else {
            return Err(format!("unexpected answer: {}", header.trim()));
        };
        let size: usize = size
            .parse()
            .map_err(|_| format!("unexpected answer: {}", header.trim()))?;
        let mut buf = vec![0; size + 1];
        reader.read_exact(&mut buf).map_err(|e| e.to_string())?;
        buf.pop();
        versions.insert(id.to_owned(), keep(&buf));
    }
}

fn failed(args: &str, message: &str) -> GitError {
    GitError::Failed {
        args: args.to_owned(),
        message: message.to_owned(),
    }
}

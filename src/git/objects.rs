//! Reading the board's committed versions without starting git: the fast
//! path of the reading calls in [`super`] (issue 12: at 43 tasks one git
//! process costs about as much as the whole command).
//!
//! `gix` reads the repository's objects in process (about 0.4 ms to find
//! the repository and read `HEAD:board.yaml`, against 2.0–2.5 ms for each
//! `git` process here). It reads, and only reads: every command that writes,
//! and every question that needs git's own rules in full (ranges and other
//! revisions, renames, `git status`), still runs the `git` binary.
//!
//! Anything this module does not read exactly as git would makes it
//! decline (`None`), and the caller asks git as before:
//! - a `GIT_*` variable that moves the repository or its objects;
//! - a repository that is not the user's own (git's `safe.directory` rule
//!   applies), has no work tree, is shallow, or has grafts or replace refs;
//! - a partial clone (`extensions.partialClone`, a `remote.*.promisor`, a
//!   `.promisor` pack: git fetches missing objects), per-worktree config;
//! - an unborn `HEAD`, an object that cannot be read, a board that is not a
//!   plain file in the tree, a date this module cannot place (before 1970:
//!   git reads dates unsigned).
//!
//! The git commands on the other path are run with `--literal-pathspecs` and
//! `--no-follow`, so that git's answer is the one this module computes
//! whatever the user's `log.follow` or `GIT_*_PATHSPECS`.
//!
//! The one rule with git's own logic in it is [`Local::last_change_on_or_before`]:
//! `git log -1 --before=… -- FILE` with git's default history simplification
//! (a merge that leaves the file as one parent had it follows only that
//! parent). Tests run both on the same repositories and compare
//! (`tests/git_in_process.rs`).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use gix::ObjectId;

/// Environment variables with which git would find a different repository
/// or different objects than discovery from the board's directory does.
const MOVING_VARS: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_REPLACE_REF_BASE",
    "GIT_SHALLOW_FILE",
    "GIT_NAMESPACE",
    "GIT_CONFIG_PARAMETERS",
];

/// A repository opened for reading in process (shareable between threads:
/// each call takes its own handle).
#[derive(Clone)]
pub(super) struct Local {
    repo: gix::ThreadSafeRepository,
    /// The work tree, links resolved (as `git rev-parse --show-toplevel`).
    root: PathBuf,
}

/// The repository that holds `dir`, when git would find the same one and
/// read its objects as gix does (see the module docs); `None` otherwise.
pub(super) fn open(dir: &Path) -> Option<Local> {
    if MOVING_VARS.iter().any(|v| std::env::var_os(v).is_some()) {
        return None;
    }
    let repo = gix::discover_opts(
        dir,
        gix::discover::upwards::Options::default(),
        gix::open::Options::isolated(),
    )
    .ok()?;
    // gix opens a repository someone else owns with reduced trust; git
    // refuses it unless `safe.directory` says otherwise. Let git decide.
    if repo.git_dir_trust() != gix::sec::Trust::Full {
        return None;
    }
    if repo.is_shallow().ok()? {
        return None;
    }
    let git_dir = repo.git_dir();
    let common = repo.common_dir();
    // A partial clone fetches missing objects on demand: only git does.
    // Per-worktree config (`core.bare` there, say) gix does not read.
    let config = repo.config_snapshot();
    let partial = config.string("extensions.partialClone").is_some()
        || is_promisor(&config)
        || has_promisor_pack(common);
    let worktree_config = config.string("extensions.worktreeConfig").is_some();
    if partial || worktree_config || common.join("info/grafts").exists() || has_replace_refs(&repo)?
    {
        return None;
    }
    if !git_dir.is_dir() {
        return None;
    }
    let root = std::fs::canonicalize(repo.workdir()?).ok()?;
    Some(Local {
        repo: repo.into_sync(),
        root,
    })
}

/// Some `remote.*.promisor` set (what `git clone --filter` writes today).
fn is_promisor(config: &gix::config::Snapshot<'_>) -> bool {
    config
        .plumbing()
        .sections_by_name("remote")
        .into_iter()
        .flatten()
        .any(|section| section.value("promisor").is_some())
}

/// A pack fetched from a promisor remote.
fn has_promisor_pack(common: &Path) -> bool {
    std::fs::read_dir(common.join("objects/pack")).is_ok_and(|dir| {
        dir.flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "promisor"))
    })
}

fn has_replace_refs(repo: &gix::Repository) -> Option<bool> {
    let refs = repo.references().ok()?;
    let mut replace = refs.prefixed("refs/replace/").ok()?;
    Some(replace.next().is_some())
}

/// The path in the tree of the commit `id`, as (kind, blob id); `None` when
/// the commit has no such entry.
type Entry = Option<(gix::object::tree::EntryKind, ObjectId)>;

/// The blob `id`, decoded into `buf` (one buffer for every version: a new one
/// each time would be new pages each time); the error names the blob.
fn read_blob<'a>(
    repo: &gix::Repository,
    id: ObjectId,
    buf: &'a mut Vec<u8>,
) -> Result<&'a [u8], String> {
    use gix::prelude::Find;
    let why = match repo.objects.try_find(&id, buf) {
        Ok(Some(d)) if d.kind == gix::object::Kind::Blob => return Ok(d.data),
        Ok(Some(d)) => format!("a {} where a blob was expected", d.kind),
        Ok(None) => "not found".to_owned(),
        Err(e) => e.to_string(),
    };
    Err(format!("no blob {id}: {why}"))
}

/// Where a version is in its pack.
#[derive(Clone, Copy)]
struct Place {
    /// Its entry: the pack and the offset of the entry's header, as delta
    /// entries name their base.
    entry: super::base_cache::Key,
    /// Its key in gix's delta base cache: the offset of its data.
    cached: super::base_cache::Key,
    /// Its delta base's entry; `None` for a whole object.
    base: Option<super::base_cache::Key>,
}

/// Where `id` is in a pack; `None` for a loose object, or one gix cannot
/// place (it is then read plainly).
fn pack_place(repo: &gix::Repository, id: ObjectId, buf: &mut Vec<u8>) -> Option<Place> {
    use gix::odb::pack::Find as _;
    use gix::odb::pack::data::entry::Header;
    let at = repo.objects.location_by_oid(&id, buf).ok().flatten()?;
    let raw = repo.objects.entry_by_location(&at)?;
    let entry =
        gix::odb::pack::data::Entry::from_bytes(&raw.data, at.pack_offset, repo.object_hash())
            .ok()?;
    let base = match entry.header {
        Header::OfsDelta { base_distance } => entry
            .checked_base_pack_offset(base_distance)
            .map(|offset| (at.pack_id, offset)),
        Header::RefDelta { base_id } => repo
            .objects
            .location_by_oid(&base_id, buf)
            .ok()
            .flatten()
            .map(|b| (b.pack_id, b.pack_offset)),
        _ => None,
    };
    Some(Place {
        entry: (at.pack_id, at.pack_offset),
        cached: (at.pack_id, entry.data_offset),
        base,
    })
}

impl std::fmt::Debug for Local {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Local").field("root", &self.root).finish()
    }
}

impl Local {
    pub(super) fn root(&self) -> &Path {
        &self.root
    }

    /// Reads each blob whose id arrives on `ids` and keeps what `keep`
    /// makes of its bytes: `git cat-file --batch`'s part in
    /// [`super::Repo::log_with_versions`], without its process.
    ///
    /// Each blob is placed in its pack as it arrives, and read at once when
    /// it is loose, whole, or a delta of a base held ([`super::base_cache`];
    /// the log names most versions after their base); each read is held
    /// while room lasts. Once the sender hangs up, the rest are read in the
    /// order of their delta tree, each base held until its last delta.
    pub(super) fn read_blobs<T>(
        &self,
        ids: std::sync::mpsc::Receiver<Vec<String>>,
        keep: impl Fn(&[u8]) -> T,
    ) -> Result<super::Versions<T>, String> {
        use super::base_cache::{Bases, order};
        let mut repo = self.repo.to_thread_local();
        // Required by gix for asking where objects are in packs, which it
        // refuses (panics) beside replacement objects: `open` declines a
        // repository with replace refs, and one given them since is read
        // without placing, in the log's order.
        repo.objects.prevent_pack_unload();
        let placeable = repo.objects.store_ref().replacements().next().is_none();
        let bases = Bases::new(2 << 20);
        repo.objects.set_pack_cache({
            let bases = bases.clone();
            move || bases.cache()
        });
        let read = |oid: ObjectId, buf: &mut Vec<u8>| {
            let data = read_blob(&repo, oid, buf)?;
            bases.room_for(data.len());
            Ok::<_, String>(keep(data))
        };
        // A base gix can apply a delta to now: one it holds, or a whole
        // version (inflated for each delta of it, with no chain below).
        let ready =
            |places: &[Place], j: usize| places[j].base.is_none() || bases.holds(places[j].cached);
        let mut versions = super::Versions::new();
        let (mut names, mut oids, mut places, mut done) =
            (Vec::new(), Vec::new(), Vec::<Place>::new(), Vec::new());
        // Versions by their entry; versions waiting for their base to be
        // read, by the base's entry.
        let mut at: HashMap<super::base_cache::Key, usize> = HashMap::new();
        let mut waiting: HashMap<super::base_cache::Key, Vec<usize>> = HashMap::new();
        let mut buf = Vec::new();
        for id in ids.into_iter().flatten() {
            let oid =
                ObjectId::from_hex(id.as_bytes()).map_err(|e| format!("no blob {id}: {e}"))?;
            let Some(place) = pack_place(&repo, oid, &mut buf).filter(|_| placeable) else {
                // Loose (or not placed): a whole version of its own.
                versions.insert(id, read(oid, &mut buf)?);
                continue;
            };
            let i = places.len();
            at.insert(place.entry, i);
            places.push(place);
            oids.push(oid);
            names.push(id);
            done.push(false);
            if let Some(b) = place.base
                && !at.get(&b).is_some_and(|&j| ready(&places, j))
            {
                waiting.entry(b).or_default().push(i);
                continue;
            }
            // Read it, then every version waiting for it, depth first (each
            // one's base read just before it).
            let mut now = vec![i];
            while let Some(v) = now.pop() {
                bases.keep_next(true);
                let kept = read(oids[v], &mut buf)?;
                versions.insert(std::mem::take(&mut names[v]), kept);
                done[v] = true;
                if let Some(w) = waiting.remove(&places[v].entry) {
                    now.extend(w);
                }
            }
        }
        let tree: Vec<_> = places.iter().map(|p| (Some(p.entry), p.base)).collect();
        let held: Vec<bool> = (0..places.len()).map(|j| ready(&places, j)).collect();
        let plan = order(&tree, &done, &held);
        for r in plan.release_now {
            bases.release(places[r].cached);
        }
        for step in plan.steps {
            let v = step.version;
            bases.keep_next(step.keep);
            if step.again {
                // Its text is kept already: read only to hold it again.
                read_blob(&repo, oids[v], &mut buf)?;
            } else {
                let kept = read(oids[v], &mut buf)?;
                versions.insert(std::mem::take(&mut names[v]), kept);
            }
            if let Some(r) = step.release {
                bases.release(places[r].cached);
            }
        }
        Ok(versions)
    }

    /// The board's bytes at `HEAD`: `Some(None)` when `HEAD` has no file at
    /// `rel`.
    pub(super) fn show_head(&self, rel: &str) -> Option<Option<Vec<u8>>> {
        let r = Reader(self.repo.to_thread_local());
        let head = r.head()?;
        match r.entry(head, rel)? {
            None => Some(None),
            Some((kind, id)) => r.blob(kind, id).map(Some),
        }
    }

    /// The last commit reachable from `HEAD` on or before `cutoff` (Unix
    /// seconds, committer date) that changed the file at `rel`, as
    /// `git log -1 --before=CUTOFF -- REL` finds it: (hash, committer day
    /// in the committer's own offset, the file's bytes there). `None` also
    /// when there is no such commit or it deleted the file: git then says
    /// why (and follows renames).
    ///
    /// Git's walk: commits leave a queue newest committer date first (equal
    /// dates in the order they were queued). A commit whose file is as one
    /// of its parents had it (for a root commit: has no file) is not shown;
    /// for a merge, only the first such parent is followed. A commit newer
    /// than the cutoff is not shown, but its parents are still walked.
    pub(super) fn last_change_on_or_before(
        &self,
        rel: &str,
        cutoff: i64,
    ) -> Option<(String, String, Vec<u8>)> {
        let r = Reader(self.repo.to_thread_local());
        let head = r.head()?;
        let mut queue = BinaryHeap::new();
        let mut seen = HashSet::new();
        let mut order = 0u64;
        let mut push = |queue: &mut BinaryHeap<_>, time: i64, id: ObjectId| {
            order += 1;
            queue.push((time, Reverse(order), id));
        };
        // Each commit is read once: its parents are read when it leaves the
        // queue (their file and date), and they leave it later.
        let mut known = HashMap::new();
        let first = r.commit_cached(&mut known, head)?.time;
        seen.insert(head);
        push(&mut queue, first, head);
        while let Some((time, _, id)) = queue.pop() {
            let commit = r.commit_cached(&mut known, id)?.clone();
            let mine = r.entry_in_tree(commit.tree, rel)?;
            let mut follow = Vec::with_capacity(commit.parents.len());
            let mut treesame = commit.parents.is_empty() && mine.is_none();
            for parent in &commit.parents {
                let tree = r.commit_cached(&mut known, *parent)?.tree;
                let theirs = r.entry_in_tree(tree, rel)?;
                if same(&theirs, &mine) {
                    follow.clear();
                    follow.push(*parent);
                    treesame = true;
                    break;
                }
                follow.push(*parent);
            }
            for parent in follow {
                if seen.insert(parent) {
                    let t = r.commit_cached(&mut known, parent)?.time;
                    push(&mut queue, t, parent);
                }
            }
            if treesame || time > cutoff {
                continue;
            }
            let (kind, blob) = mine?;
            let day = commit.day?;
            return Some((id.to_string(), day, r.blob(kind, blob)?));
        }
        None
    }
}

/// One thread's handle on the repository.
struct Reader(gix::Repository);

impl Reader {
    /// What `HEAD` names, as its ref file says, unpeeled: `head_id` peels,
    /// which reads the commit a first time only to learn it is a commit
    /// (six system calls and an inflate). The object is read next anyway;
    /// one that is not a commit (a `HEAD` that names a tag) is declined
    /// there, and git answers.
    fn head(&self) -> Option<ObjectId> {
        self.0.head().ok()?.id().map(gix::Id::detach)
    }

    fn entry(&self, commit: ObjectId, rel: &str) -> Option<Entry> {
        let tree = self.commit(commit)?.tree;
        self.entry_in_tree(tree, rel)
    }

    fn entry_in_tree(&self, tree: ObjectId, rel: &str) -> Option<Entry> {
        let tree = self.0.find_tree(tree).ok()?;
        let entry = tree.lookup_entry_by_path(rel).ok()?;
        Some(entry.map(|e| (e.mode().kind(), e.object_id())))
    }

    fn blob(&self, kind: gix::object::tree::EntryKind, id: ObjectId) -> Option<Vec<u8>> {
        use gix::object::tree::EntryKind;
        if !matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable) {
            return None;
        }
        Some(self.0.find_blob(id).ok()?.take_data())
    }

    fn commit_cached<'a>(
        &self,
        known: &'a mut HashMap<ObjectId, CommitInfo>,
        id: ObjectId,
    ) -> Option<&'a CommitInfo> {
        if let std::collections::hash_map::Entry::Vacant(slot) = known.entry(id) {
            slot.insert(self.commit(id)?);
        }
        known.get(&id)
    }

    fn commit(&self, id: ObjectId) -> Option<CommitInfo> {
        let commit = self.0.find_commit(id).ok()?;
        let decoded = commit.decode().ok()?;
        let time = decoded.committer().ok()?.time().ok()?;
        // Git reads a date as unsigned (`-100` is far in the future to it).
        if time.seconds < 0 {
            return None;
        }
        let day = chrono::FixedOffset::east_opt(time.offset)
            .and_then(|tz| {
                chrono::DateTime::from_timestamp(time.seconds, 0).map(|t| t.with_timezone(&tz))
            })
            .map(|t| t.format("%Y-%m-%d").to_string());
        Some(CommitInfo {
            tree: decoded.tree(),
            parents: decoded.parents().collect(),
            time: time.seconds,
            day,
        })
    }
}

/// Git compares a path's entries by kind (its canonical mode) and id.
fn same(a: &Entry, b: &Entry) -> bool {
    a == b
}

#[derive(Clone)]
struct CommitInfo {
    tree: ObjectId,
    parents: Vec<ObjectId>,
    time: i64,
    /// `%cs`: the committer's day in the committer's own offset.
    day: Option<String>,
}

#[cfg(test)]
mod tests {
    //! The in-process walk against `git log -1 --before` on the same
    //! repositories: random histories of commits on two branches (dates out
    //! of order, the file changed, left alone, deleted, re-added) and merges
    //! that keep one side's file, the other's, or a new one.

    use super::*;
    use proptest::prelude::*;
    use std::process::Command;

    const DAY: i64 = 86_400;
    /// 01/01/2024 00:00 UTC.
    const START: i64 = 1_704_067_200;

    #[derive(Debug, Clone)]
    enum Op {
        /// On branch 0 or 1, at day `day` (hour `hour`), set the file to
        /// version `n` (`None`: delete it; `Some(0)`: leave it as it is).
        Commit {
            branch: usize,
            day: i64,
            hour: i64,
            file: Option<u8>,
        },
        /// Merge the other branch into `branch`; the file becomes ours (0),
        /// theirs (1) or a new version (2).
        Merge { branch: usize, day: i64, pick: u8 },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            2 => (0..2usize, 0..20i64, 0..24i64, prop::option::weighted(0.9, 0..4u8)).prop_map(
                |(branch, day, hour, file)| Op::Commit { branch, day, hour, file }
            ),
            1 => (0..2usize, 0..20i64, 0..3u8).prop_map(|(branch, day, pick)| Op::Merge {
                branch,
                day,
                pick
            }),
        ]
    }

    struct Scratch {
        dir: tempfile::TempDir,
        rel: &'static str,
        serial: u32,
    }

    impl Scratch {
        fn git(&self, args: &[&str], when: Option<i64>) -> String {
            let mut c = Command::new("git");
            c.arg("-C").arg(self.dir.path()).args(args);
            c.env("GIT_AUTHOR_NAME", "t")
                .env("GIT_AUTHOR_EMAIL", "t@t.invalid")
                .env("GIT_COMMITTER_NAME", "t")
                .env("GIT_COMMITTER_EMAIL", "t@t.invalid")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("HOME", self.dir.path());
            if let Some(t) = when {
                // Alternate offsets so the committer's day is tested too.
                let zone = if t / 3600 % 2 == 0 { "+0700" } else { "-0500" };
                let date = format!("{t} {zone}");
                c.env("GIT_AUTHOR_DATE", &date)
                    .env("GIT_COMMITTER_DATE", &date);
            }
            let out = c.output().expect("git runs");
            assert!(
                out.status.success(),
                "git {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).expect("test set-up")
        }

        fn write(&mut self, file: Option<u8>) {
            let path = self.dir.path().join(self.rel);
            match file {
                None => {
                    let _ = std::fs::remove_file(&path);
                }
                Some(0) => {}
                Some(n) => {
                    self.serial += 1;
                    std::fs::create_dir_all(path.parent().expect("test set-up"))
                        .expect("test set-up");
                    std::fs::write(&path, format!("version {n}, write {}\n", self.serial))
                        .expect("test set-up");
                }
            }
            self.serial += 1;
            std::fs::write(self.dir.path().join("other.txt"), self.serial.to_string())
                .expect("test set-up");
        }

        fn commit(&self, when: i64) {
            self.git(&["add", "-A"], None);
            self.git(&["commit", "-q", "--allow-empty", "-m", "c"], Some(when));
        }

        /// What git answers for the day `day` (0 = 01/01/2024).
        fn git_answer(&self, day: i64) -> Option<(String, String, Vec<u8>)> {
            let date = chrono::DateTime::from_timestamp(START + day * DAY, 0)
                .expect("test set-up")
                .format("%Y-%m-%d")
                .to_string();
            let out = self.git(
                &[
                    "log",
                    "-1",
                    "--no-abbrev",
                    "--format=%H%x1f%cs",
                    &format!("--before={date} 23:59:59"),
                    "--",
                    self.rel,
                ],
                None,
            );
            let (hash, cs) = out.trim().split_once('\u{1f}')?;
            let mut c = Command::new("git");
            c.arg("-C")
                .arg(self.dir.path())
                .args(["show", &format!("{hash}:{}", self.rel)]);
            let shown = c.output().expect("test set-up");
            // A commit that deleted the file: git's `show` fails.
            shown
                .status
                .success()
                .then(|| (hash.to_owned(), cs.to_owned(), shown.stdout))
        }
    }

    fn build(ops: &[Op], rel: &'static str) -> Scratch {
        let mut s = Scratch {
            dir: tempfile::tempdir().expect("test set-up"),
            rel,
            serial: 0,
        };
        s.git(&["init", "-q", "-b", "b0"], None);
        s.write(Some(1));
        s.commit(START);
        s.git(&["branch", "b1"], None);
        for op in ops {
            match *op {
                Op::Commit {
                    branch,
                    day,
                    hour,
                    file,
                } => {
                    s.git(&["checkout", "-q", &format!("b{branch}")], None);
                    s.write(file);
                    s.commit(START + day * DAY + hour * 3600);
                }
                Op::Merge { branch, day, pick } => {
                    s.git(&["checkout", "-q", &format!("b{branch}")], None);
                    let other = format!("b{}", 1 - branch);
                    let theirs = Command::new("git")
                        .arg("-C")
                        .arg(s.dir.path())
                        .args(["show", &format!("{other}:{rel}")])
                        .output()
                        .expect("test set-up");
                    s.git(
                        &[
                            "merge",
                            "-q",
                            "--no-ff",
                            "--no-commit",
                            "-s",
                            "ours",
                            &other,
                        ],
                        None,
                    );
                    let path = s.dir.path().join(rel);
                    match pick {
                        0 => {}
                        1 if theirs.status.success() => {
                            std::fs::create_dir_all(path.parent().expect("test set-up"))
                                .expect("test set-up");
                            std::fs::write(&path, &theirs.stdout).expect("test set-up");
                        }
                        1 => {
                            let _ = std::fs::remove_file(&path);
                        }
                        _ => s.write(Some(3)),
                    }
                    s.commit(START + day * DAY + 12 * 3600);
                }
            }
        }
        s
    }

    fn compare(s: &Scratch) {
        let local = open(s.dir.path()).expect("a plain repository is read in process");
        for day in -1..22 {
            let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("test set-up")
                + chrono::Duration::days(day);
            let cutoff = date
                .and_hms_opt(23, 59, 59)
                .expect("test set-up")
                .and_local_timezone(chrono::Local)
                .single()
                .expect("test set-up")
                .timestamp();
            let mine = local.last_change_on_or_before(s.rel, cutoff);
            assert_eq!(
                mine,
                s.git_answer(day),
                "day {date} in {:?}",
                s.git(
                    &["log", "--graph", "--format=%h %ci", "--all", "--raw"],
                    None
                )
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        #[test]
        fn the_walk_finds_what_git_log_finds(ops in prop::collection::vec(op(), 1..12), deep in any::<bool>()) {
            let s = build(&ops, if deep { "sub/board.yaml" } else { "board.yaml" });
            compare(&s);
        }
    }

    #[test]
    fn a_merge_that_keeps_our_file_follows_our_side_only() {
        // b1 changes the file on day 2; b0 merges it on day 3 but keeps its
        // own file (from day 0): on day 3 the file is day 0's, though the
        // newest change among the merge's ancestors is b1's.
        let s = build(
            &[
                Op::Commit {
                    branch: 1,
                    day: 2,
                    hour: 1,
                    file: Some(2),
                },
                Op::Commit {
                    branch: 0,
                    day: 1,
                    hour: 1,
                    file: Some(0),
                },
                Op::Merge {
                    branch: 0,
                    day: 3,
                    pick: 0,
                },
            ],
            "board.yaml",
        );
        let local = open(s.dir.path()).expect("test set-up");
        let root = s.git(&["rev-list", "--max-parents=0", "HEAD"], None);
        let cutoff = START + 3 * DAY + 20 * 3600;
        let (hash, _, bytes) = local
            .last_change_on_or_before("board.yaml", cutoff)
            .expect("test set-up");
        assert_eq!(hash, root.trim());
        assert_eq!(bytes, b"version 1, write 1\n");
        compare(&s);
    }

    /// A repository whose file at `rel` was committed, then changed on day 3.
    fn one_change(rel: &'static str) -> Scratch {
        build(
            &[Op::Commit {
                branch: 0,
                day: 3,
                hour: 1,
                file: Some(2),
            }],
            rel,
        )
    }

    #[test]
    fn head_is_read_as_git_shows_it() {
        let s = one_change("sub/board.yaml");
        let local = open(s.dir.path()).expect("test set-up");
        let git = Command::new("git")
            .arg("-C")
            .arg(s.dir.path())
            .args(["cat-file", "blob", "HEAD:sub/board.yaml"])
            .output()
            .expect("test set-up");
        assert_eq!(local.show_head("sub/board.yaml"), Some(Some(git.stdout)));
        assert_eq!(local.show_head("sub/none.yaml"), Some(None));
        assert_eq!(
            local.root(),
            std::fs::canonicalize(s.dir.path()).expect("test set-up")
        );
    }

    /// `HEAD` is read unpeeled: a `HEAD` that names an annotated tag (git
    /// peels it to the commit) is declined, never read as a commit; the
    /// caller then asks git.
    #[test]
    fn a_head_that_names_a_tag_is_left_to_git() {
        let s = one_change("board.yaml");
        s.git(&["tag", "-a", "t", "-m", "t"], Some(START + 4 * DAY));
        let tag = s.git(&["rev-parse", "t"], None);
        // git refuses to put a tag under a branch; a detached HEAD written
        // by hand it reads (and peels).
        std::fs::write(s.dir.path().join(".git/HEAD"), format!("{}\n", tag.trim()))
            .expect("test set-up");
        let local = open(s.dir.path()).expect("test set-up");
        assert_eq!(local.show_head("board.yaml"), None);
        assert_eq!(
            local.last_change_on_or_before("board.yaml", START + 9 * DAY),
            None
        );
        // git itself reads the tag's commit.
        assert!(s.git_answer(9).is_some());
    }

    /// Where a packed version is, as `read_blobs` holds and finds it: a
    /// version read with `keep_next` is held under its place's `cached` key
    /// (gix's key is the entry's data, not its header), and a delta read
    /// after its base finds the base there. (Keyed by the header's offset,
    /// nothing was ever found or let go, and every read passes.)
    #[test]
    fn a_version_is_held_and_found_under_the_key_its_place_gives() {
        let s = build(&[], "board.yaml");
        // Forty lines, one changed by each commit, as a move changes a status.
        let mut lines: Vec<String> = (0..40)
            .map(|i| format!("task {i}: {}", "nội dung ".repeat(20)))
            .collect();
        for i in 0..60 {
            lines[(i * 7 % 40) as usize] = format!("task {i}: status {}", i % 3);
            std::fs::write(s.dir.path().join("board.yaml"), lines.join("\n")).expect("test set-up");
            s.commit(START + i * DAY);
        }
        s.git(&["gc", "-q", "--aggressive"], None);
        let log = s.git(
            &[
                "log",
                "--raw",
                "--no-abbrev",
                "--format=",
                "--",
                "board.yaml",
            ],
            None,
        );
        let ids: Vec<ObjectId> = log
            .lines()
            .filter_map(|l| l.split_whitespace().nth(3))
            .map(|h| ObjectId::from_hex(h.as_bytes()).expect("an id"))
            .collect();
        let local = open(s.dir.path()).expect("test set-up");
        let mut repo = local.repo.to_thread_local();
        repo.objects.prevent_pack_unload();
        let mut buf = Vec::new();
        let places: Vec<Place> = ids
            .iter()
            .map(|&id| pack_place(&repo, id, &mut buf).expect("packed"))
            .collect();
        let mut deltas = 0;
        for (i, place) in places.iter().enumerate() {
            let bases = super::super::base_cache::Bases::new(64 << 20);
            repo.objects.set_pack_cache({
                let bases = bases.clone();
                move || bases.cache()
            });
            // A delta of a delta (gix looks for deltas only in its cache).
            let base = place
                .base
                .and_then(|b| places.iter().position(|p| p.entry == b))
                .filter(|&b| places[b].base.is_some());
            if let Some(b) = base {
                bases.keep_next(true);
                read_blob(&repo, ids[b], &mut buf).expect("the base");
                assert!(bases.holds(places[b].cached), "base of {i} held");
                let before = bases.hits();
                bases.keep_next(true);
                read_blob(&repo, ids[i], &mut buf).expect("the delta");
                assert!(bases.hits() > before, "{i} found its base");
                assert!(bases.holds(place.cached), "{i} held");
                deltas += 1;
            }
        }
        assert!(deltas >= 10, "the pack has deltas of versions: {deltas}");
    }

    /// Found by review: git reads a committer date as unsigned, so a
    /// commit dated before 1970 is far in the future to it.
    #[test]
    fn a_commit_dated_before_1970_is_left_to_git() {
        let s = build(&[], "board.yaml");
        let head = s.git(&["rev-parse", "HEAD"], None);
        let tree = s.git(&["rev-parse", "HEAD^{tree}"], None);
        let body = format!(
            "tree {}\nparent {}\nauthor a <a@a> -100 +0000\ncommitter a <a@a> -100 +0000\n\nold\n",
            tree.trim(),
            head.trim()
        );
        let mut c = Command::new("git");
        c.arg("-C")
            .arg(s.dir.path())
            .args([
                "hash-object",
                "-t",
                "commit",
                "--literally",
                "-w",
                "--stdin",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        let mut child = c.spawn().expect("git runs");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), body.as_bytes())
            .expect("write");
        let id = String::from_utf8(child.wait_with_output().expect("git").stdout).expect("utf-8");
        s.git(&["update-ref", "HEAD", id.trim()], None);
        let local = open(s.dir.path()).expect("opens");
        assert_eq!(
            local.last_change_on_or_before("board.yaml", START + DAY),
            None
        );
    }

    /// Found by review: per-worktree config (`core.bare` there) is not read
    /// by gix.
    #[test]
    fn per_worktree_config_is_left_to_git() {
        let s = build(&[], "board.yaml");
        assert!(open(s.dir.path()).is_some());
        s.git(&["config", "extensions.worktreeConfig", "true"], None);
        assert!(open(s.dir.path()).is_none());
    }

    #[test]
    fn what_git_would_read_differently_is_left_to_git() {
        let s = build(&[], "board.yaml");
        assert!(open(s.dir.path()).is_some());
        // A shallow clone: git sees its first commit as a root.
        let shallow = tempfile::tempdir().expect("test set-up");
        let url = format!("file://{}", s.dir.path().display());
        let out = Command::new("git")
            .args(["clone", "-q", "--depth", "1", &url])
            .arg(shallow.path().join("c"))
            .output()
            .expect("test set-up");
        assert!(out.status.success());
        assert!(open(&shallow.path().join("c")).is_none());
        // Replace refs: git shows the replacement.
        let head = s.git(&["rev-parse", "HEAD"], None);
        s.git(
            &["commit", "-q", "--allow-empty", "-m", "d"],
            Some(START + DAY),
        );
        let new = s.git(&["rev-parse", "HEAD"], None);
        s.git(&["replace", head.trim(), new.trim()], None);
        assert!(open(s.dir.path()).is_none());
        // No repository at all.
        let none = tempfile::tempdir().expect("test set-up");
        assert!(open(none.path()).is_none());
    }
}

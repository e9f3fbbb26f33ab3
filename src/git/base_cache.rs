//! Reading every version of the board out of a pack, each delta applied to
//! a base decoded just before (`cchc history`,
//! [`super::objects::Local::read_blobs`]).
//!
//! The versions of one file are stored in a pack as a tree of deltas: a
//! whole version at each root, every other version a delta of its base.
//! gix decodes a delta by walking down its chain to the nearest base in its
//! delta base cache (or to the root, which it inflates whole), then applying
//! the deltas on the way back up; it keeps only the object it was asked for,
//! never the bases it passed.
//!
//! Asked for in the log's order (newest first), most versions' chains ran
//! down to the root (596 whole inflations for the 651 versions of the
//! shipped board over a year), and gix's memory-capped cache, which held
//! them all, cost 4,500 page faults, about 2 µs each on this machine: more
//! than the decoding. So cchc decides what is held:
//! - while the log runs, a version is read as soon as its base is held
//!   (the log names most versions after their base), then every version
//!   that was waiting for it, depth first; each is held while room lasts
//!   (the least recently used makes room);
//! - once the log is done, the rest are read in a depth-first walk of
//!   their delta tree ([`order`]), each base held exactly as long as one of
//!   its deltas is still to read ([`Bases::keep_next`], [`Bases::release`]),
//!   a base let go before then read again first;
//! - a whole version is never held: gix inflates it for each delta of it
//!   (it looks for deltas only in its cache), one inflation, no chain;
//! - buffers let go are refilled, so the cache's pages are touched once.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use gix::odb::pack::cache::DecodeEntry;

/// A pack entry: (pack id, offset in the pack).
pub(super) type Key = (u32, u64);

struct Entry {
    data: Vec<u8>,
    kind: gix::object::Kind,
    compressed_size: usize,
    used: u64,
}

struct Held {
    entries: HashMap<Key, Entry>,
    /// Each use of an entry, oldest first; only an entry's latest counts.
    uses: VecDeque<(Key, u64)>,
    clock: u64,
    /// Released buffers, refilled by the next puts.
    spare: Vec<Vec<u8>>,
    /// Whether the next object gix decodes is to be kept.
    keep_next: bool,
    /// The capacity of every buffer held, spare ones included.
    held: usize,
    cap: usize,
    /// Bases found, for tests.
    hits: usize,
}

/// The reader's side of the cache: it says which objects to keep and when
/// to let them go; gix's side is [`Bases::cache`]. When full, the least
/// recently used entry makes room (a delta of it then walks its chain).
#[derive(Clone)]
pub(super) struct Bases(Arc<Mutex<Held>>);

impl Bases {
    /// Holds at most `cap` bytes.
    pub(super) fn new(cap: usize) -> Bases {
        Bases(Arc::new(Mutex::new(Held {
            entries: HashMap::new(),
            uses: VecDeque::new(),
            clock: 0,
            spare: Vec::new(),
            keep_next: false,
            held: 0,
            cap,
            hits: 0,
        })))
    }

    fn held(&self) -> MutexGuard<'_, Held> {
        // Nothing in `Held` is left half-changed by a panic.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The cache to give gix (`set_pack_cache`).
    pub(super) fn cache(&self) -> Box<dyn DecodeEntry + Send> {
        Box::new(self.clone())
    }

    /// Whether gix is to keep the object it decodes next.
    pub(super) fn keep_next(&self, keep: bool) {
        self.held().keep_next = keep;
    }

    /// Lets the object at `key` go: no delta of it is left to read.
    pub(super) fn release(&self, key: Key) {
        let mut h = self.held();
        if let Some(e) = h.entries.remove(&key) {
            h.spare.push(e.data);
        }
    }

    /// Makes room for about 96 versions of `len` bytes (2 MiB at least, 64
    /// MiB at most): on this machine a page the cache touches for the first
    /// time costs about as much as a delta, and a base let go costs a chain,
    /// so a year of the shipped board's versions read fastest with 1–2 MiB
    /// (96 of its versions are 2 MiB).
    pub(super) fn room_for(&self, len: usize) {
        let mut h = self.held();
        h.cap = h.cap.max(len.saturating_mul(96).min(64 << 20));
    }

    /// Whether the object at `key` is held.
    pub(super) fn holds(&self, key: Key) -> bool {
        self.held().entries.contains_key(&key)
    }

    #[cfg(test)]
    fn count(&self) -> usize {
        self.held().entries.len()
    }

    /// How many times gix found a base here.
    #[cfg(test)]
    pub(super) fn hits(&self) -> usize {
        self.held().hits
    }
}

impl Held {
    /// Holds a copy of `data` at `key`; the next object is not kept unless
    /// asked again.
    fn keep(&mut self, key: Key, data: &[u8], kind: gix::object::Kind, compressed_size: usize) {
        self.keep_next = false;
        if let Some(old) = self.entries.remove(&key) {
            self.spare.push(old.data);
        }
        let Some(mut buf) = self.buffer(data.len()) else {
            return;
        };
        buf.clear();
        buf.extend_from_slice(data);
        let used = self.stamp(key);
        self.entries.insert(
            key,
            Entry {
                data: buf,
                kind,
                compressed_size,
                used,
            },
        );
    }

    fn stamp(&mut self, key: Key) -> u64 {
        self.clock += 1;
        self.uses.push_back((key, self.clock));
        self.clock
    }

    /// Moves the least recently used entry's buffer to the spare ones;
    /// `false` when nothing is held.
    fn evict_one(&mut self) -> bool {
        while let Some((key, used)) = self.uses.pop_front() {
            if self.entries.get(&key).is_some_and(|e| e.used == used)
                && let Some(e) = self.entries.remove(&key)
            {
                self.spare.push(e.data);
                return true;
            }
        }
        false
    }

    /// A buffer for `len` bytes within the cap: a spare one large enough, or
    /// a new one, dropping spare buffers too small and evicting to make room.
    fn buffer(&mut self, len: usize) -> Option<Vec<u8>> {
        if len > self.cap {
            return None;
        }
        loop {
            if let Some(i) = self.spare.iter().position(|b| b.capacity() >= len) {
                return Some(self.spare.swap_remove(i));
            }
            if self.held + len <= self.cap {
                let buf = Vec::with_capacity(len);
                self.held += buf.capacity();
                return Some(buf);
            }
            if let Some(small) = self.spare.pop() {
                self.held -= small.capacity();
            } else if !self.evict_one() {
                return None;
            }
        }
    }
}

impl DecodeEntry for Bases {
    fn put(
        &mut self,
        pack_id: u32,
        offset: u64,
        data: &[u8],
        kind: gix::object::Kind,
        compressed_size: usize,
    ) {
        let mut h = self.held();
        if h.keep_next {
            h.keep((pack_id, offset), data, kind, compressed_size);
        }
    }

    fn get(
        &mut self,
        pack_id: u32,
        offset: u64,
        out: &mut Vec<u8>,
    ) -> Option<(gix::object::Kind, usize)> {
        let mut h = self.held();
        let key = (pack_id, offset);
        if !h.entries.contains_key(&key) {
            return None;
        }
        let used = h.stamp(key);
        h.hits += 1;
        let e = h.entries.get_mut(&key)?;
        e.used = used;
        out.clear();
        out.extend_from_slice(&e.data);
        Some((e.kind, e.compressed_size))
    }
}

/// One version to read, in [`order`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Step {
    /// The version, by its index in the list given to [`order`].
    pub version: usize,
    /// Read already, but let go since: read again only as a base.
    pub again: bool,
    /// Keep it: deltas of it are still to be read.
    pub keep: bool,
    /// Once it is read, the version (by index) whose last delta it was.
    pub release: Option<usize>,
}

/// What is left to read once the log has named every version ([`order`]).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Plan {
    /// The versions to read, in order.
    pub steps: Vec<Step>,
    /// Versions held whose deltas have all been read.
    pub release_now: Vec<usize>,
}

/// The order in which to read the versions not `read` yet so that each
/// delta's base is held when it is read: a depth-first walk of their delta
/// tree, in which a base read already but no longer `held` is read again
/// first. `versions[i]` is version `i`'s pack entry and its delta base's
/// (`None` for a loose object or a whole one). A version whose base is not
/// among them is a root: gix walks its chain as it would without this
/// order. A base is to be kept while one of its deltas is still to read.
pub(super) fn order(versions: &[(Option<Key>, Option<Key>)], read: &[bool], held: &[bool]) -> Plan {
    let n = versions.len();
    let flag = |f: &[bool], i: usize| f.get(i).copied().unwrap_or(false);
    let at: HashMap<Key, usize> = versions
        .iter()
        .enumerate()
        .filter_map(|(i, (key, _))| key.map(|k| (k, i)))
        .collect();
    let parent: Vec<Option<usize>> = versions
        .iter()
        .enumerate()
        .map(|(i, (_, base))| base.and_then(|b| at.get(&b).copied()).filter(|&p| p != i))
        .collect();
    let mut children = vec![Vec::new(); n];
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            children[*p].push(i);
        }
    }
    // Which versions are to be read: those not read yet, and those let go
    // with a delta below them to read. From the leaves up (a cycle of bases,
    // a corrupt pack, is not walked: its versions are read last, plainly).
    let mut needed: Vec<bool> = (0..n).map(|i| !flag(read, i)).collect();
    for leaf in 0..n {
        let mut v = leaf;
        let mut hops = 0;
        while needed[v] && hops < n {
            let Some(p) = parent[v] else { break };
            if needed[p] || flag(held, p) {
                break;
            }
            needed[p] = true;
            v = p;
            hops += 1;
        }
    }
    let mut left: Vec<usize> = children
        .iter()
        .map(|c| c.iter().filter(|&&i| needed[i]).count())
        .collect();
    let release_now = (0..n).filter(|&i| flag(held, i) && left[i] == 0).collect();
    let mut steps = Vec::with_capacity(n);
    let mut placed = vec![false; n];
    for root in (0..n).filter(|&i| parent[i].is_none()) {
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            if std::mem::replace(&mut placed[v], true) {
                continue;
            }
            if needed[v] {
                let release = parent[v].filter(|&p| {
                    left[p] -= 1;
                    left[p] == 0
                });
                steps.push(Step {
                    version: v,
                    again: flag(read, v),
                    keep: left[v] > 0,
                    release,
                });
            }
            stack.extend(children[v].iter().rev());
        }
    }
    for v in (0..n).filter(|&v| !placed[v] && !flag(read, v)) {
        steps.push(Step {
            version: v,
            again: false,
            keep: false,
            release: None,
        });
    }
    Plan { steps, release_now }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gix::object::Kind;
    use proptest::prelude::*;

    fn got(b: &mut Bases, offset: u64) -> Option<Vec<u8>> {
        let mut out = vec![9; 3];
        b.get(0, offset, &mut out).map(|_| out)
    }

    #[test]
    fn only_what_it_is_told_to_keep_is_kept_until_released() {
        let mut b = Bases::new(100);
        b.put(0, 1, b"not kept", Kind::Blob, 1);
        assert_eq!(got(&mut b, 1), None);
        b.keep_next(true);
        b.put(0, 2, b"kept", Kind::Blob, 4);
        assert_eq!(got(&mut b, 2), Some(b"kept".to_vec()));
        assert_eq!(b.get(0, 2, &mut Vec::new()), Some((Kind::Blob, 4)));
        assert_eq!(b.get(1, 2, &mut Vec::new()), None, "another pack's offset");
        // The flag is for one object only.
        b.put(0, 3, b"next", Kind::Blob, 1);
        assert_eq!(got(&mut b, 3), None);
        b.release((0, 2));
        assert_eq!(got(&mut b, 2), None);
        assert_eq!(b.count(), 0);
    }

    #[test]
    fn when_full_the_least_recently_used_makes_room_and_buffers_are_refilled() {
        let mut b = Bases::new(30);
        for offset in 0..3 {
            b.keep_next(true);
            b.put(0, offset, &[offset as u8; 10], Kind::Blob, 1);
        }
        assert_eq!(b.count(), 3);
        // 0 is used again: 1 is now the least recently used, and goes.
        assert_eq!(got(&mut b, 0), Some(vec![0; 10]));
        b.keep_next(true);
        b.put(0, 3, &[3; 10], Kind::Blob, 1);
        assert!(!b.holds((0, 1)));
        assert!(b.holds((0, 0)) && b.holds((0, 2)) && b.holds((0, 3)));
        assert_eq!(b.held().held, 30, "the evicted buffer was refilled");
        // A released buffer is refilled before anything is evicted.
        b.release((0, 0));
        b.keep_next(true);
        b.put(0, 4, &[4; 8], Kind::Blob, 1);
        assert_eq!(got(&mut b, 4), Some(vec![4; 8]));
        assert!(b.holds((0, 2)) && b.holds((0, 3)));
        assert_eq!(b.held().held, 30);
        // A larger one takes the room of as many as it needs.
        b.keep_next(true);
        b.put(0, 5, &[5; 25], Kind::Blob, 1);
        assert_eq!(got(&mut b, 5), Some(vec![5; 25]));
        assert!(b.held().held <= 30, "held {}", b.held().held);
        assert_eq!(b.count(), 1);
        // Larger than the whole cache: not kept, nothing evicted.
        b.keep_next(true);
        b.put(0, 6, &[6; 31], Kind::Blob, 1);
        assert_eq!(got(&mut b, 6), None);
        assert!(b.holds((0, 5)));
    }

    fn key(i: u64) -> Option<Key> {
        Some((0, i))
    }

    #[test]
    fn a_chain_with_a_branch_is_read_base_first_each_base_released_after_its_last_delta() {
        // 0 whole; 1 and 2 deltas of 0; 3 a delta of 1; 4 loose.
        let versions = [
            (key(100), None),
            (key(200), key(100)),
            (key(300), key(100)),
            (key(400), key(200)),
            (None, None),
        ];
        let steps = order(&versions, &[], &[]).steps;
        let s = |version, keep, release| Step {
            version,
            again: false,
            keep,
            release,
        };
        assert_eq!(
            steps,
            vec![
                s(0, true, None),
                s(1, true, None),
                s(3, false, Some(1)),
                s(2, false, Some(0)),
                s(4, false, None),
            ]
        );
    }

    proptest! {
        /// Over any forest (bases among the versions or not, repeated
        /// entries, cycles) and any versions read already, held or let go
        /// since: every version not read is read once, a let-go one only
        /// again as a base; a base among them is held when each of its
        /// deltas is read, and let go only after its last delta.
        #[test]
        fn every_version_is_read_once_after_its_base(
            bases in proptest::collection::vec(proptest::option::of(0u64..40), 0..40),
            flags in proptest::collection::vec(0u8..3, 40),
        ) {
            let n = bases.len();
            let versions: Vec<(Option<Key>, Option<Key>)> = bases
                .iter()
                .enumerate()
                .map(|(i, b)| (key(i as u64), b.and_then(key)))
                .collect();
            // 0: not read; 1: read and held; 2: read, let go since.
            let read: Vec<bool> = flags[..n].iter().map(|&f| f > 0).collect();
            let held: Vec<bool> = flags[..n].iter().map(|&f| f == 1).collect();
            let plan = order(&versions, &read, &held);
            let mut first: Vec<usize> =
                plan.steps.iter().filter(|s| !s.again).map(|s| s.version).collect();
            first.sort_unstable();
            prop_assert_eq!(first, (0..n).filter(|&i| !read[i]).collect::<Vec<_>>());
            for s in &plan.steps {
                prop_assert_eq!(s.again, read[s.version]);
                prop_assert!(!(s.again && held[s.version]), "{} read again while held", s.version);
            }
            let base_of = |i: usize| {
                versions[i].1.map(|(_, o)| o as usize).filter(|&b| b < n && b != i)
            };
            let mut holding: std::collections::HashSet<usize> =
                (0..n).filter(|&i| held[i]).collect();
            for &r in &plan.release_now {
                prop_assert!(holding.remove(&r));
                prop_assert!(
                    plan.steps.iter().all(|s| base_of(s.version) != Some(r)),
                    "{} released with a delta still to read", r
                );
            }
            for s in &plan.steps {
                if let Some(b) = base_of(s.version) && !in_cycle(&versions, s.version) {
                    prop_assert!(holding.contains(&b), "base {} of {} not held", b, s.version);
                }
                if s.keep {
                    holding.insert(s.version);
                }
                if let Some(r) = s.release {
                    prop_assert!(holding.remove(&r), "{} released without being held", r);
                }
            }
        }
    }

    fn in_cycle(versions: &[(Option<Key>, Option<Key>)], start: usize) -> bool {
        let mut at = start;
        for _ in 0..=versions.len() {
            match versions[at].1.map(|(_, o)| o as usize) {
                Some(b) if b < versions.len() && b != at => at = b,
                _ => return false,
            }
        }
        true
    }
}

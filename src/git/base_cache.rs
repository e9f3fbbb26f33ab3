//! Reading every version of the board out of a pack, each delta applied to
//! a base decoded just before (`cchc history`,
//! [`super::objects::Local::read_blobs`]).
//!
//! The versions of one file are stored in a pack as a tree of deltas: one
//! whole version at each root, every other version a delta of its base.
//! gix decodes a delta by walking down its chain to the nearest base it
//! finds in its delta base cache (or to the root, which it inflates whole),
//! then applying the deltas on the way back up; it puts only the object it
//! was asked for into the cache, never the bases it passed.
//!
//! Asked for in the log's order, most versions' chains ran down to the root
//! (596 whole inflations for the 651 versions of the shipped board over a
//! year); gix's memory-capped cache then held every version (4,000 page
//! faults, about 2 µs each on this machine, more than the decoding). So the
//! versions are read in the order of a walk of their delta tree
//! ([`order`]): each is decoded right after its base, which this cache
//! holds exactly as long as one of its deltas is still to come
//! ([`Bases::keep_next`], [`Bases::release`]), refilling the buffers it lets
//! go. It holds one chain at a time, and every version costs one delta.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use gix::odb::pack::cache::DecodeEntry;

/// A pack entry: (pack id, offset in the pack).
pub(super) type Key = (u32, u64);

struct Entry {
    data: Vec<u8>,
    kind: gix::object::Kind,
    compressed_size: usize,
}

struct Held {
    entries: HashMap<Key, Entry>,
    /// Released buffers, refilled by the next puts.
    spare: Vec<Vec<u8>>,
    /// Whether the next object gix decodes is to be kept.
    keep_next: bool,
    /// The capacity of every buffer held, spare ones included.
    held: usize,
    cap: usize,
}

/// The reader's side of the cache: it says which objects to keep and when
/// to let them go; gix's side is [`Bases::cache`].
#[derive(Clone)]
pub(super) struct Bases(Arc<Mutex<Held>>);

impl Bases {
    /// Holds at most `cap` bytes; a base that does not fit is not kept (its
    /// deltas then walk down their chains, as without a cache).
    pub(super) fn new(cap: usize) -> Bases {
        Bases(Arc::new(Mutex::new(Held {
            entries: HashMap::new(),
            spare: Vec::new(),
            keep_next: false,
            held: 0,
            cap,
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

    #[cfg(test)]
    fn holds(&self) -> usize {
        self.held().entries.len()
    }
}

impl Held {
    /// A buffer for `len` bytes within the cap: a spare one large enough, or
    /// a new one (dropping spare buffers too small to make room).
    fn buffer(&mut self, len: usize) -> Option<Vec<u8>> {
        if let Some(i) = self.spare.iter().position(|b| b.capacity() >= len) {
            return Some(self.spare.swap_remove(i));
        }
        while self.held + len > self.cap {
            let small = self.spare.pop()?;
            self.held -= small.capacity();
        }
        let buf = Vec::with_capacity(len);
        self.held += buf.capacity();
        Some(buf)
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
        if !std::mem::take(&mut h.keep_next) {
            return;
        }
        let Some(mut buf) = h.buffer(data.len()) else {
            return;
        };
        buf.clear();
        buf.extend_from_slice(data);
        let replaced = h.entries.insert(
            (pack_id, offset),
            Entry {
                data: buf,
                kind,
                compressed_size,
            },
        );
        if let Some(old) = replaced {
            h.spare.push(old.data);
        }
    }

    fn get(
        &mut self,
        pack_id: u32,
        offset: u64,
        out: &mut Vec<u8>,
    ) -> Option<(gix::object::Kind, usize)> {
        let h = self.held();
        let e = h.entries.get(&(pack_id, offset))?;
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
    /// Keep it: deltas of it are still to be read.
    pub keep: bool,
    /// Once it is read, the version (by index) whose last delta it was.
    pub release: Option<usize>,
}

/// The order in which to read versions so that each delta's base is read
/// just before it: a depth-first walk of their delta tree. `versions[i]` is
/// version `i`'s pack entry and its delta base's (`None` for a loose object
/// or a whole one). A version whose base is not among them is a root: gix
/// walks its chain as it would without this order.
pub(super) fn order(versions: &[(Option<Key>, Option<Key>)]) -> Vec<Step> {
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
    let mut children = vec![Vec::new(); versions.len()];
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            children[*p].push(i);
        }
    }
    // The same entry named twice (two ids cannot be, but a careless caller
    // could): only the first is placed in the tree, the others are roots.
    let mut left: Vec<usize> = children.iter().map(Vec::len).collect();
    let mut steps = Vec::with_capacity(versions.len());
    let mut placed = vec![false; versions.len()];
    let roots: Vec<usize> = (0..versions.len())
        .filter(|&i| parent[i].is_none())
        .collect();
    for root in roots {
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            if std::mem::replace(&mut placed[v], true) {
                continue;
            }
            let release = parent[v].filter(|&p| {
                left[p] -= 1;
                left[p] == 0
            });
            steps.push(Step {
                version: v,
                keep: !children[v].is_empty(),
                release,
            });
            stack.extend(children[v].iter().rev());
        }
    }
    // A cycle of bases (a corrupt pack) leaves versions unplaced: read them
    // last, plainly; gix reports the corruption.
    for (v, done) in placed.iter().enumerate() {
        if !done {
            steps.push(Step {
                version: v,
                keep: false,
                release: None,
            });
        }
    }
    steps
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
        assert_eq!(b.holds(), 0);
    }

    #[test]
    fn released_buffers_are_refilled_and_the_cap_holds() {
        let mut b = Bases::new(30);
        for offset in 0..3 {
            b.keep_next(true);
            b.put(0, offset, &[offset as u8; 10], Kind::Blob, 1);
        }
        assert_eq!(b.holds(), 3);
        // Full: the fourth is not kept, the others stay.
        b.keep_next(true);
        b.put(0, 3, &[3; 10], Kind::Blob, 1);
        assert_eq!(got(&mut b, 3), None);
        assert_eq!(got(&mut b, 0), Some(vec![0; 10]));
        b.release((0, 0));
        b.keep_next(true);
        b.put(0, 4, &[4; 8], Kind::Blob, 1);
        assert_eq!(got(&mut b, 4), Some(vec![4; 8]));
        assert_eq!(b.held().held, 30, "the released buffer was refilled");
        // A larger one takes the room of the spare buffers too small for it.
        b.release((0, 1));
        b.release((0, 2));
        b.keep_next(true);
        b.put(0, 5, &[5; 20], Kind::Blob, 1);
        assert_eq!(got(&mut b, 5), Some(vec![5; 20]));
        assert!(b.held().held <= 30);
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
        let steps = order(&versions);
        let s = |version, keep, release| Step {
            version,
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
        /// entries, cycles): every version is read once; a base among them
        /// is read, and kept, before each of its deltas, and released only
        /// after the last one.
        #[test]
        fn every_version_is_read_once_after_its_base(
            bases in proptest::collection::vec(proptest::option::of(0u64..40), 0..40),
        ) {
            let versions: Vec<(Option<Key>, Option<Key>)> = bases
                .iter()
                .enumerate()
                .map(|(i, b)| (key(i as u64), b.and_then(key)))
                .collect();
            let steps = order(&versions);
            let mut seen: Vec<usize> = steps.iter().map(|s| s.version).collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..versions.len()).collect::<Vec<_>>());
            let mut held = std::collections::HashSet::new();
            let mut read = std::collections::HashSet::new();
            for s in &steps {
                let base = versions[s.version].1.map(|(_, o)| o as usize);
                if let Some(b) = base.filter(|&b| b < versions.len() && b != s.version)
                    && read.contains(&b)
                    && !in_cycle(&versions, s.version)
                {
                    prop_assert!(held.contains(&b), "base {} of {} let go early", b, s.version);
                }
                read.insert(s.version);
                if s.keep {
                    held.insert(s.version);
                }
                if let Some(r) = s.release {
                    prop_assert!(held.remove(&r), "{} released without being kept", r);
                }
            }
            // Every delta whose base is among them and not in a cycle came
            // after it.
            let pos: HashMap<usize, usize> =
                steps.iter().enumerate().map(|(p, s)| (s.version, p)).collect();
            for (i, (_, b)) in versions.iter().enumerate() {
                let b = b.map(|(_, o)| o as usize).filter(|&b| b < versions.len() && b != i);
                if let Some(b) = b && !in_cycle(&versions, i) {
                    prop_assert!(pos[&b] < pos[&i], "{} read before its base {}", i, b);
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

//! [`Store`]: reads and writes through the envelope, with revisions, refused
//! writes kept for a retry, conflicts, unreadable items copied aside and the
//! note of unsaved changes.

use std::collections::{BTreeMap, BTreeSet};

use crate::envelope::{envelope, hash, parse, peek};
use crate::unsaved::{note, read_unsaved};
use crate::{Backend, Fault, Item, Read, UNREADABLE, Write};

/// The storage layer over a backend.
pub struct Store<B> {
    backend: B,
    /// The revision of each key as this page last read or wrote it.
    seen: BTreeMap<String, u64>,
    /// The hash of the body this page last read or wrote under each key.
    hashes: BTreeMap<String, u64>,
    /// Bodies the backend refused, by key, to store when there is room.
    pending: BTreeMap<String, String>,
    /// Keys never to write (see [`Write::Frozen`]).
    frozen: BTreeSet<String>,
    /// The keys whose last change was not saved, as noted before this page
    /// opened.
    unsaved_before: BTreeMap<String, u64>,
    /// The most characters one item may take before it is refused as
    /// [`Fault::TooLarge`] without trying.
    limit: usize,
    /// A second place for the note of unsaved changes, with a quota of its
    /// own (sessionStorage in the page): when the backend is full, the note
    /// cannot go there.
    notes: Option<Box<dyn Backend + Send + Sync>>,
}

impl<B: Backend> Store<B> {
    /// A store over `backend` that refuses items over `limit` characters.
    /// Reads the note of changes a previous visit could not save.
    pub fn new(backend: B, limit: usize) -> Store<B> {
        let unsaved_before = read_unsaved(&backend).keys;
        Store {
            backend,
            seen: BTreeMap::new(),
            hashes: BTreeMap::new(),
            pending: BTreeMap::new(),
            frozen: BTreeSet::new(),
            unsaved_before,
            limit,
            notes: None,
        }
    }

    /// Keeps the note of unsaved changes in `notes` too, and reads what it
    /// noted before.
    pub fn with_notes(mut self, notes: impl Backend + Send + Sync + 'static) -> Store<B> {
        self.unsaved_before.extend(read_unsaved(&notes).keys);
        self.notes = Some(Box::new(notes));
        self
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    pub fn backend_mut(&mut self) -> &mut B {
        &mut self.backend
    }

    /// Reads `key` as an item, remembering its revision. An item that is
    /// not one is copied aside.
    pub fn read(&mut self, key: &str, now: u64) -> Read<Item> {
        let text = match self.backend.get(key) {
            Ok(Some(text)) => text,
            Ok(None) => {
                self.seen.remove(key);
                self.hashes.remove(key);
                return Read::Absent;
            }
            Err(_) => return Read::Absent,
        };
        match parse(text) {
            Ok(item) => {
                self.seen.insert(key.to_owned(), item.rev);
                self.hashes.insert(key.to_owned(), hash(item.body()));
                let (rev, time) = (item.rev, item.time);
                Read::Found {
                    value: item,
                    rev,
                    time,
                }
            }
            Err(Some(version)) => {
                self.frozen.insert(key.to_owned());
                Read::Newer { version }
            }
            Err(None) => Read::Unreadable {
                aside: self.set_aside(key, now),
            },
        }
    }

    /// Reads `key` and parses its body; a body `parse` refuses is copied
    /// aside like an unreadable envelope.
    pub fn load<T>(
        &mut self,
        key: &str,
        now: u64,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Read<T> {
        match self.read(key, now) {
            Read::Found { value, rev, time } => match parse(value.body()) {
                Ok(value) => Read::Found { value, rev, time },
                Err(_) => Read::Unreadable {
                    aside: self.set_aside(key, now),
                },
            },
            Read::Absent => Read::Absent,
            Read::Unreadable { aside } => Read::Unreadable { aside },
            Read::Newer { version } => Read::Newer { version },
        }
    }

    /// Copies what `key` holds to `<key>.unreadable.<now>` (with `-2`, `-3`…
    /// when that is taken), then removes it from `key`. Without room for
    /// the copy, the key is frozen and `None` returned.
    pub fn set_aside(&mut self, key: &str, now: u64) -> Option<String> {
        let text = self.backend.get(key).ok().flatten()?;
        let base = format!("{key}{UNREADABLE}.{now}");
        let mut aside = base.clone();
        let mut n = 1;
        while matches!(self.backend.get(&aside), Ok(Some(_))) {
            n += 1;
            aside = format!("{base}-{n}");
        }
        if self.backend.set(&aside, &text).is_err() {
            self.frozen.insert(key.to_owned());
            return None;
        }
        self.backend.remove(key);
        self.seen.remove(key);
        self.hashes.remove(key);
        Some(aside)
    }

    /// Writes `body` under `key` as the next revision, unless another tab
    /// wrote one this page has not seen. A refused body waits for
    /// [`retry`](Self::retry), and is noted under [`UNSAVED_KEY`].
    pub fn write(&mut self, key: &str, body: &str, now: u64) -> Write {
        if self.frozen.contains(key) {
            return Write::Frozen;
        }
        let body_hash = hash(body);
        if self.hashes.get(key) == Some(&body_hash) {
            self.stored(key);
            return Write::Unchanged;
        }
        let stored = self.backend.get(key).ok().flatten();
        let stored_rev = stored
            .as_deref()
            .map(|text| peek(text).map_or(0, |(_, rev)| rev));
        let seen = self.seen.get(key).copied();
        if let Some(theirs) = stored_rev.filter(|&theirs| seen != Some(theirs)) {
            self.pending.remove(key);
            return Write::Conflict { theirs };
        }
        let rev = stored_rev.max(seen).map_or(1, |rev| rev + 1);
        let text = envelope(rev, now, body);
        let result = if text.len() > self.limit {
            Err(Fault::TooLarge)
        } else {
            self.backend.set(key, &text)
        };
        match result {
            Ok(()) => {
                self.seen.insert(key.to_owned(), rev);
                self.hashes.insert(key.to_owned(), body_hash);
                self.stored(key);
                Write::Written {
                    rev,
                    chars: text.len(),
                }
            }
            Err(fault) => {
                self.pending.insert(key.to_owned(), body.to_owned());
                self.note_unsaved(key, Some(now));
                Write::Refused(fault)
            }
        }
    }

    /// Notes that the latest change to `key` was refused without trying
    /// (the caller knows it is too large): the stored value stays, and
    /// nothing waits.
    pub fn refuse(&mut self, key: &str, fault: Fault, now: u64) -> Write {
        self.pending.remove(key);
        self.note_unsaved(key, Some(now));
        Write::Refused(fault)
    }

    /// Writes every refused body again; what each write did, by key.
    pub fn retry(&mut self, now: u64) -> Vec<(String, Write)> {
        let pending = std::mem::take(&mut self.pending);
        pending
            .into_iter()
            .map(|(key, body)| {
                let write = self.write(&key, &body, now);
                (key, write)
            })
            .collect()
    }

    /// The keys whose bodies wait for room.
    pub fn pending(&self) -> impl Iterator<Item = &str> {
        self.pending.keys().map(String::as_str)
    }

    /// Whether `key` has a change this page could not store yet.
    pub fn is_pending(&self, key: &str) -> bool {
        self.pending.contains_key(key)
    }

    /// Never writes `key` this session: what it names could not be read
    /// (figures in IndexedDB that did not load), and writing would replace
    /// it.
    pub fn freeze(&mut self, key: &str) {
        self.frozen.insert(key.to_owned());
    }

    /// Forgets every revision and body seen: the backend was emptied, and
    /// what the page holds is to be written again as new.
    pub fn forget_all(&mut self) {
        self.seen.clear();
        self.hashes.clear();
    }

    /// Forgets what waits under `key` (its owner was deleted or replaced).
    pub fn drop_pending(&mut self, key: &str) {
        self.pending.remove(key);
    }

    /// Whether the stored revision of `key` is one this page has not seen
    /// (another tab wrote or removed it).
    pub fn changed_elsewhere(&self, key: &str) -> bool {
        let stored = self.backend.get(key).ok().flatten();
        let stored_rev = stored
            .as_deref()
            .map(|text| peek(text).map_or(0, |(_, rev)| rev));
        stored_rev != self.seen.get(key).copied()
    }

    /// Removes `key` and what waits for it.
    pub fn remove(&mut self, key: &str) {
        self.backend.remove(key);
        self.seen.remove(key);
        self.hashes.remove(key);
        self.pending.remove(key);
        self.stored(key);
    }

    /// The copies kept aside, sorted.
    pub fn asides(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .backend
            .keys()
            .into_iter()
            .filter(|key| key.contains(UNREADABLE))
            .collect();
        kpi_engine::order::sort_by(&mut keys, Ord::cmp);
        keys
    }

    /// The keys whose last change was not saved when the page was last
    /// open, with when that change was made.
    pub fn unsaved_before(&self) -> &BTreeMap<String, u64> {
        &self.unsaved_before
    }

    /// `key` holds what this page has: it no longer waits or counts as
    /// unsaved.
    fn stored(&mut self, key: &str) {
        self.pending.remove(key);
        self.note_unsaved(key, None);
    }

    /// Notes (or, with `None`, clears) that `key`'s last change was not
    /// saved, in the backend and in the notes. Best effort: a store too full
    /// for the note still refused the change, which the page reports.
    fn note_unsaved(&mut self, key: &str, at: Option<u64>) {
        note(&mut self.backend, key, at);
        if let Some(notes) = &mut self.notes {
            note(notes.as_mut(), key, at);
        }
    }
}

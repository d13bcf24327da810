//! The storage layer: what is written under which key, with which revision,
//! and what a refused, conflicting or unreadable item leaves behind.
//!
//! It is pure: it works over any [`Backend`] (the browser's localStorage in
//! the page, a map with a quota in the tests), knows nothing of the web, and
//! is tested natively.
//!
//! Every item is written in an envelope that names its format, its version
//! and its revision:
//!
//! ```json
//! {"format":"kpi-stored","version":2,"rev":7,"time":1764600000000,"body":{...}}
//! ```
//!
//! The body is the item's own versioned format (a scheme file, a dataset).
//! Items written before envelopes existed (version 1 of the storage layout)
//! are read as revision 0, so a user's existing work opens as it is.
//!
//! The rules, each tested in `tests/store.rs`:
//! - a refused write (quota) leaves the stored value as it was, and the
//!   body waits in [`Store::pending`] until [`Store::retry`] stores it;
//! - a tab never writes over a revision it has not seen: the write is
//!   refused as a [`Write::Conflict`] and the caller decides;
//! - an unreadable item is copied aside under `<key>.unreadable.<time>`,
//!   never over an earlier copy, before the key is written again; if the
//!   copy cannot be made, the key is never written this session.

pub mod file;
pub mod share;
pub mod workspace;

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use serde::Deserialize;
use serde_json::value::RawValue;

/// The envelope's format name.
pub const STORED_FORMAT: &str = "kpi-stored";
/// The storage layout this build writes: 2, the first with envelopes.
pub const STORED_VERSION: u32 = 2;

/// Where the keys of items whose last change could not be saved are noted,
/// so a later visit can say so.
pub const UNSAVED_KEY: &str = "kpi-scorecard.unsaved";
const UNSAVED_FORMAT: &str = "kpi-unsaved";

/// The marker of a copy kept aside.
const UNREADABLE: &str = ".unreadable";

/// Why a backend refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The quota is used up.
    Full,
    /// The item is larger than the store takes at all.
    TooLarge,
    /// Storage is blocked or broken (private mode, disabled).
    Unavailable,
}

/// A store of strings by key: localStorage in the page.
pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, Fault>;
    /// Stores `value`; on an error the old value must stay (localStorage
    /// keeps it when it throws).
    fn set(&mut self, key: &str, value: &str) -> Result<(), Fault>;
    fn remove(&mut self, key: &str);
    fn keys(&self) -> Vec<String>;
}

/// An item as read: its revision, when it was written (milliseconds since
/// the epoch; 0 for an item from before envelopes) and its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub rev: u64,
    pub time: u64,
    text: String,
    body: std::ops::Range<usize>,
}

impl Item {
    /// The item's own JSON.
    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// How many characters the item takes in storage.
    pub fn chars(&self) -> usize {
        self.text.len()
    }
}

/// What reading a key found.
#[derive(Debug, PartialEq)]
pub enum Read<T> {
    Absent,
    Found {
        value: T,
        rev: u64,
        time: u64,
    },
    /// It could not be read; it was copied to `aside`, or, with `None`,
    /// there was no room for a copy and the key will not be written.
    Unreadable {
        aside: Option<String>,
    },
    /// A newer page wrote it: it is left alone and not written over.
    Newer {
        version: u32,
    },
}

/// What writing a key did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Write {
    Written {
        rev: u64,
        chars: usize,
    },
    /// The same body is already stored.
    Unchanged,
    /// Not stored; the old value stays and the body waits for a retry.
    Refused(Fault),
    /// Another tab wrote revision `theirs`, which this tab has not seen.
    /// Nothing was written and nothing waits.
    Conflict {
        theirs: u64,
    },
    /// The key holds an item this page cannot read and could not keep a
    /// copy of, or one from a newer page: it is never written.
    Frozen,
}

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

#[derive(Deserialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u32,
    rev: u64,
    time: u64,
    #[serde(borrow)]
    body: &'a RawValue,
}

#[derive(serde::Serialize, Deserialize)]
struct Unsaved {
    format: String,
    version: u32,
    keys: BTreeMap<String, u64>,
}

/// The hash the store compares bodies by.
pub fn hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// The envelope around `body`, header first so [`peek`] can read the
/// revision without parsing the body.
fn envelope(rev: u64, time: u64, body: &str) -> String {
    format!(
        "{{\"format\":\"{STORED_FORMAT}\",\"version\":{STORED_VERSION},\"rev\":{rev},\"time\":{time},\"body\":{body}}}"
    )
}

/// The version and revision in an envelope's header, read from its first
/// characters; `None` for an item written before envelopes.
fn peek(text: &str) -> Option<(u32, u64)> {
    let rest = text.strip_prefix("{\"format\":\"kpi-stored\",\"version\":")?;
    let (version, rest) = rest.split_once(",\"rev\":")?;
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    Some((version.parse().ok()?, rest[..end].parse().ok()?))
}

/// Reads an item; `Err` if it is not one this page can read, with the
/// version when a newer page wrote it.
fn parse(text: String) -> Result<Item, Option<u32>> {
    let Some((version, _)) = peek(&text) else {
        // Before envelopes, an item was its body.
        let body = 0..text.len();
        return Ok(Item {
            rev: 0,
            time: 0,
            text,
            body,
        });
    };
    if version > STORED_VERSION {
        return Err(Some(version));
    }
    let envelope: Envelope = serde_json::from_str(&text).map_err(|_| None)?;
    if envelope.format != STORED_FORMAT {
        return Err(None);
    }
    let (rev, time) = (envelope.rev, envelope.time);
    let start = envelope.body.get().as_ptr() as usize - text.as_ptr() as usize;
    let body = start..start + envelope.body.get().len();
    let _ = envelope.version;
    Ok(Item {
        rev,
        time,
        text,
        body,
    })
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
        keys.sort();
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

fn read_unsaved(backend: &(impl Backend + ?Sized)) -> Unsaved {
    backend
        .get(UNSAVED_KEY)
        .ok()
        .flatten()
        .and_then(|text| serde_json::from_str::<Unsaved>(&text).ok())
        .filter(|unsaved| unsaved.format == UNSAVED_FORMAT)
        .unwrap_or(Unsaved {
            format: UNSAVED_FORMAT.to_owned(),
            version: 1,
            keys: BTreeMap::new(),
        })
}

fn note(backend: &mut (impl Backend + ?Sized), key: &str, at: Option<u64>) {
    let mut unsaved = read_unsaved(backend);
    let changed = match at {
        Some(at) => unsaved.keys.insert(key.to_owned(), at).is_none(),
        None => unsaved.keys.remove(key).is_some(),
    };
    if !changed {
        return;
    }
    if unsaved.keys.is_empty() {
        backend.remove(UNSAVED_KEY);
    } else {
        let text = serde_json::to_string(&unsaved).expect("plain data");
        let _ = backend.set(UNSAVED_KEY, &text);
    }
}

/// A backend in memory that counts characters as Chromium does (UTF-16
/// units of keys and values) against a quota: the tests' localStorage.
#[derive(Clone, Debug, Default)]
pub struct MemoryBackend {
    pub items: BTreeMap<String, String>,
    /// The most UTF-16 units all keys and values may take; `None` is no
    /// limit.
    pub quota: Option<usize>,
}

impl MemoryBackend {
    /// The UTF-16 units in use.
    pub fn used(&self) -> usize {
        self.items
            .iter()
            .map(|(key, value)| key.encode_utf16().count() + value.encode_utf16().count())
            .sum()
    }
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, Fault> {
        Ok(self.items.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), Fault> {
        if let Some(quota) = self.quota {
            let old = self.items.get(key).map_or(0, |old| {
                key.encode_utf16().count() + old.encode_utf16().count()
            });
            let new = key.encode_utf16().count() + value.encode_utf16().count();
            if self.used() - old + new > quota {
                return Err(Fault::Full);
            }
        }
        self.items.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        self.items.remove(key);
    }

    fn keys(&self) -> Vec<String> {
        self.items.keys().cloned().collect()
    }
}

/// Two stores over one backend are two tabs over one localStorage.
impl<B: Backend> Backend for std::rc::Rc<std::cell::RefCell<B>> {
    fn get(&self, key: &str) -> Result<Option<String>, Fault> {
        self.borrow().get(key)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), Fault> {
        self.borrow_mut().set(key, value)
    }

    fn remove(&mut self, key: &str) {
        self.borrow_mut().remove(key);
    }

    fn keys(&self) -> Vec<String> {
        self.borrow().keys()
    }
}

/// A backend shared between threads (the tests' second place for notes).
impl<B: Backend> Backend for std::sync::Arc<std::sync::Mutex<B>> {
    fn get(&self, key: &str) -> Result<Option<String>, Fault> {
        self.lock().map_err(|_| Fault::Unavailable)?.get(key)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), Fault> {
        self.lock().map_err(|_| Fault::Unavailable)?.set(key, value)
    }

    fn remove(&mut self, key: &str) {
        if let Ok(mut backend) = self.lock() {
            backend.remove(key);
        }
    }

    fn keys(&self) -> Vec<String> {
        self.lock()
            .map(|backend| backend.keys())
            .unwrap_or_default()
    }
}

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

mod envelope;
pub mod file;
mod memory;
pub mod share;
mod store;
mod unsaved;
pub mod workspace;

pub use envelope::{STORED_FORMAT, STORED_VERSION, hash};
pub use memory::MemoryBackend;
pub use store::Store;
pub use unsaved::UNSAVED_KEY;

/// The marker of a copy kept aside.
pub(crate) const UNREADABLE: &str = ".unreadable";

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

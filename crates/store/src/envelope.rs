//! The envelope every stored item is written in: format, version, revision
//! and time around the item's own body, header first so the revision can be
//! read without parsing the body.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::Item;

/// The envelope's format name.
pub const STORED_FORMAT: &str = "kpi-stored";
/// The storage layout this build writes: 2, the first with envelopes.
pub const STORED_VERSION: u32 = 2;

#[derive(Deserialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u32,
    rev: u64,
    time: u64,
    #[serde(borrow)]
    body: &'a RawValue,
}

/// The hash the store compares bodies by.
pub fn hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// The envelope around `body`, header first so [`peek`] can read the
/// revision without parsing the body.
pub(crate) fn envelope(rev: u64, time: u64, body: &str) -> String {
    format!(
        "{{\"format\":\"{STORED_FORMAT}\",\"version\":{STORED_VERSION},\"rev\":{rev},\"time\":{time},\"body\":{body}}}"
    )
}

/// The version and revision in an envelope's header, read from its first
/// characters; `None` for an item written before envelopes.
pub(crate) fn peek(text: &str) -> Option<(u32, u64)> {
    let rest = text.strip_prefix("{\"format\":\"kpi-stored\",\"version\":")?;
    let (version, rest) = rest.split_once(",\"rev\":")?;
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    Some((version.parse().ok()?, rest[..end].parse().ok()?))
}

/// Reads an item; `Err` if it is not one this page can read, with the
/// version when a newer page wrote it.
pub(crate) fn parse(text: String) -> Result<Item, Option<u32>> {
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

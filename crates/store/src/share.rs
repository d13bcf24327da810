//! Share links: a scheme (never figures) in the URL fragment, which no
//! server ever sees: `#/share/1.<base64url of the deflate-raw scheme file>`.
//! The page compresses with the browser's own `CompressionStream`, so this
//! side is only the envelope: base64url, the version, the limits.

/// Where a share link's payload starts in the fragment.
pub const SHARE_PREFIX: &str = "#/share/";
/// The payload version this build writes and reads.
const PAYLOAD_VERSION: &str = "1.";
/// The longest link offered. Chat tools and mail clients cut links much
/// longer than this; past it the page suggests a file.
pub const MAX_LINK_CHARS: usize = 8_000;
/// The most a shared scheme may inflate to: a scheme file is tens of KB.
pub const MAX_SCHEME_BYTES: usize = 2 * 1024 * 1024;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a link holds no scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Not `1.` and base64url: cut short in copying, or not ours.
    Malformed,
    /// A payload of a newer page.
    Newer,
}

/// Bytes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Unpadded (or padded) base64url as bytes; `None` on any other character
/// or an impossible length.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let value = ALPHABET.iter().position(|&a| a == c)? as u32;
            n |= value << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// The fragment of a link to compressed scheme bytes.
pub fn link_fragment(compressed: &[u8]) -> String {
    format!("{SHARE_PREFIX}{PAYLOAD_VERSION}{}", encode(compressed))
}

/// The compressed bytes a fragment carries, `None` if it is no share link.
pub fn payload(fragment: &str) -> Option<Result<Vec<u8>, LinkError>> {
    let rest = fragment.strip_prefix(SHARE_PREFIX)?;
    let Some(data) = rest.strip_prefix(PAYLOAD_VERSION) else {
        let newer = rest
            .split_once('.')
            .and_then(|(version, _)| version.parse::<u32>().ok())
            .is_some_and(|version| version > 1);
        return Some(Err(if newer {
            LinkError::Newer
        } else {
            LinkError::Malformed
        }));
    };
    Some(
        decode(data)
            .filter(|bytes| !bytes.is_empty())
            .ok_or(LinkError::Malformed),
    )
}

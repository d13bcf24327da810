//! Bytes to text: UTF-8 with or without a byte-order mark, UTF-16 with one,
//! and the GBK / GB18030 files Chinese spreadsheets and ticket systems save.
//! The encoding found is reported, and the user can override it. Bytes that
//! are not text — a zero byte, or too many unreadable or control characters
//! at the start — are refused, so neither the CLI nor the page reads a
//! binary file as a table of garbage.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use kpi_engine::reading::{TextEncoding, TextError};

/// The encoding_rs encoding of a choice.
fn encoding_of(choice: TextEncoding) -> &'static Encoding {
    match choice {
        TextEncoding::Utf8 => UTF_8,
        TextEncoding::Utf16Le => UTF_16LE,
        TextEncoding::Utf16Be => UTF_16BE,
        TextEncoding::Gb18030 => GB18030,
    }
}

/// Decoded text and how it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    /// Whether a byte-order mark was found (and dropped).
    pub bom: bool,
    /// How many characters could not be read in this encoding and became
    /// U+FFFD; 0 for a clean read.
    pub replaced: usize,
}

/// How many characters at the start of a text [`decode`] looks at to tell
/// text from binary: enough for the share to mean something, few enough to
/// cost nothing on a 100 MB file.
pub const SAMPLE_CHARS: usize = 4096;
/// The share of the sample, in percent, from which a text is refused as
/// not text. Real exports have none of these characters, or a handful: GBK,
/// UTF-8 with or without a byte-order mark and UTF-16 read clean (0%), and
/// the worst misreads still read — a UTF-8 file spoiled by one GBK cell, so
/// read as GBK, replaces about 4%; Windows-1252 read as GBK about 2%.
/// Random bytes without a zero byte read as GBK come out about 25% (never
/// under 14% over 256 bytes), and as UTF-8 (behind a UTF-8 byte-order mark)
/// about 50%. Behind a UTF-16 byte-order mark random bytes are mostly real
/// characters (CJK, Hangul) with about 3% unpaired surrogates replaced:
/// there the mark is taken at its word.
pub const NOT_TEXT_PERCENT: usize = 10;
/// Fewer suspect characters than this never refuse a text, whatever their
/// share: a short file ending in a DOS end-of-file mark (^Z), or with one
/// damaged name, is still text.
pub const NOT_TEXT_MIN: usize = 8;

/// Reads bytes as text. With `encoding`, that encoding is used; without,
/// it is detected: a byte-order mark decides, then valid UTF-8 is UTF-8,
/// and anything else is read as GB18030 (what Excel saves CSV as on a
/// Chinese Windows).
///
/// Bytes that are not text are refused: a zero byte (outside UTF-16), or at
/// least [`NOT_TEXT_PERCENT`]% (and [`NOT_TEXT_MIN`]) suspect characters in
/// the first [`SAMPLE_CHARS`] (see [`TextError::NotText`]). Replacement
/// characters count only for a detected encoding: under one the user chose,
/// they say the choice is wrong, which [`Decoded::replaced`] reports.
pub fn decode(bytes: &[u8], encoding: Option<TextEncoding>) -> Result<Decoded, TextError> {
    decode_owned(bytes.to_vec(), encoding)
}

/// [`decode`] of bytes the caller gives up: UTF-8 (nearly every file)
/// becomes the text in place, checked once and never copied, so a large
/// file is not held twice.
pub fn decode_owned(
    mut bytes: Vec<u8>,
    encoding: Option<TextEncoding>,
) -> Result<Decoded, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    let (marked, bom_len) = match bytes[..] {
        [0xEF, 0xBB, 0xBF, ..] => (Some(TextEncoding::Utf8), 3),
        [0xFF, 0xFE, ..] => (Some(TextEncoding::Utf16Le), 2),
        [0xFE, 0xFF, ..] => (Some(TextEncoding::Utf16Be), 2),
        _ => (None, 0),
    };
    // A BOM of another encoding than the chosen one is content, not a mark.
    let bom = marked.is_some() && (encoding.is_none() || encoding == marked);
    // Known now, unless it is UTF-8 or GB18030 by whether the bytes are UTF-8.
    let known = encoding.or(marked);
    let mut body = if bom { bom_len } else { 0 };
    if !matches!(known, Some(TextEncoding::Utf16Le | TextEncoding::Utf16Be))
        && let Some(offset) = memchr::memchr(0, &bytes[body..])
    {
        return Err(TextError::Binary {
            offset: body + offset,
        });
    }
    // Replacements are suspect only in an encoding we guessed.
    let guessed = encoding.is_none();
    if matches!(known, None | Some(TextEncoding::Utf8)) {
        bytes.drain(..body);
        body = 0;
        match String::from_utf8(bytes) {
            Ok(text) => {
                looks_like_text(&text, guessed)?;
                return Ok(Decoded {
                    text,
                    encoding: TextEncoding::Utf8,
                    bom,
                    replaced: 0,
                });
            }
            Err(not_utf8) => bytes = not_utf8.into_bytes(),
        }
    }
    let chosen = known.unwrap_or(TextEncoding::Gb18030);
    let (text, had_errors) = encoding_of(chosen).decode_without_bom_handling(&bytes[body..]);
    looks_like_text(&text, guessed)?;
    // Counted only when something was replaced: a file may hold U+FFFD
    // itself, and a clean read is the common case.
    let replaced = if had_errors {
        text.chars().filter(|c| *c == '\u{FFFD}').count()
    } else {
        0
    };
    Ok(Decoded {
        text: text.into_owned(),
        encoding: chosen,
        bom,
        replaced,
    })
}

/// Refuses a text whose first [`SAMPLE_CHARS`] characters hold too many
/// that no table of figures does (see [`TextError::NotText`]).
fn looks_like_text(text: &str, count_replacements: bool) -> Result<(), TextError> {
    let mut sampled = 0;
    let mut suspect = 0;
    for c in text.chars().take(SAMPLE_CHARS) {
        sampled += 1;
        let control = c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\x0C');
        if control || (count_replacements && c == '\u{FFFD}') {
            suspect += 1;
        }
    }
    if suspect >= NOT_TEXT_MIN && suspect * 100 >= sampled * NOT_TEXT_PERCENT {
        Err(TextError::NotText { suspect, sampled })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "客服,接待量\n王芳,120\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(SAMPLE.as_bytes(), None).unwrap();
        assert_eq!(
            (plain.text.as_str(), plain.encoding, plain.bom),
            (SAMPLE, TextEncoding::Utf8, false)
        );
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(SAMPLE.as_bytes());
        let read = decode(&with_bom, None).unwrap();
        assert_eq!((read.text.as_str(), read.bom), (SAMPLE, true));
    }

    #[test]
    fn utf8_given_up_becomes_the_text_in_place() {
        for bom in [&b""[..], b"\xEF\xBB\xBF"] {
            let bytes = [bom, SAMPLE.as_bytes()].concat();
            let buffer = bytes.as_ptr();
            let read = decode_owned(bytes, None).unwrap();
            assert_eq!((read.text.as_str(), read.bom), (SAMPLE, !bom.is_empty()));
            assert_eq!(read.text.as_ptr(), buffer, "no copy of the file");
        }
        // Bytes that are not UTF-8 come back for GB18030, whole.
        let (gbk, _, _) = GB18030.encode(SAMPLE);
        let read = decode_owned(gbk.to_vec(), None).unwrap();
        assert_eq!(
            (read.text.as_str(), read.encoding),
            (SAMPLE, TextEncoding::Gb18030)
        );
        // A zero byte is found where it is, behind a mark or not.
        assert_eq!(
            decode_owned(b"\xEF\xBB\xBFab\0".to_vec(), None),
            Err(TextError::Binary { offset: 5 })
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(SAMPLE.encode_utf16().flat_map(u16::to_le_bytes));
        let read = decode(&le, None).unwrap();
        assert_eq!(
            (read.text.as_str(), read.encoding),
            (SAMPLE, TextEncoding::Utf16Le)
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend(SAMPLE.encode_utf16().flat_map(u16::to_be_bytes));
        let read = decode(&be, None).unwrap();
        assert_eq!(
            (read.text.as_str(), read.encoding),
            (SAMPLE, TextEncoding::Utf16Be)
        );
    }

    #[test]
    fn gbk_is_detected_and_can_be_overridden() {
        let (gbk, _, _) = GB18030.encode(SAMPLE);
        assert!(
            std::str::from_utf8(&gbk).is_err(),
            "the fixture must not be valid UTF-8"
        );
        let read = decode(&gbk, None).unwrap();
        assert_eq!(
            (read.text.as_str(), read.encoding, read.replaced),
            (SAMPLE, TextEncoding::Gb18030, 0)
        );
        // Forcing UTF-8 on GBK bytes reads replacement characters, counted.
        let forced = decode(&gbk, Some(TextEncoding::Utf8)).unwrap();
        assert!(forced.replaced > 0);
    }

    #[test]
    fn too_many_unreadable_or_control_characters_are_not_text() {
        // Nine control characters in 90: 10%, refused; in 91, read.
        let text = |len: usize| {
            let mut text = "\x01".repeat(9);
            text.push_str(&"a".repeat(len - 9));
            text
        };
        assert_eq!(
            decode(text(90).as_bytes(), None),
            Err(TextError::NotText {
                suspect: 9,
                sampled: 90
            })
        );
        assert!(decode(text(91).as_bytes(), None).is_ok());
        // Seven are never enough, whatever the share.
        assert!(decode(b"\x01\x02\x03\x04\x05\x06\x07", None).is_ok());
        // Tab, CR, LF and form feed are text.
        assert!(decode("\t\r\n\x0C".repeat(10).as_bytes(), None).is_ok());
        // Bytes that are not GBK: replacement characters when detected...
        let garbage: Vec<u8> = [0x81, b','].repeat(20);
        let err = decode(&garbage, None).unwrap_err();
        assert!(
            matches!(err, TextError::NotText { suspect: 20, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("not a text file"), "{err}");
        // ...but not when the user chose the encoding: the damage is counted.
        let chosen = decode(&garbage, Some(TextEncoding::Gb18030)).unwrap();
        assert_eq!(chosen.replaced, 20);
        // Control characters are suspect under any choice.
        let controls = [0x01, 0x02, 0x03].repeat(10);
        assert!(decode(&controls, Some(TextEncoding::Gb18030)).is_err());
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(decode(b"", None), Err(TextError::Empty));
        let err = decode(b"PK\x03\x04\x00\x00binary", None).unwrap_err();
        assert_eq!(err, TextError::Binary { offset: 4 });
        assert!(err.to_string().contains("offset 4"));
    }
}

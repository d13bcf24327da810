//! What the hand-written readers of internally tagged enums share (see
//! `curve/de.rs` and `issue/de.rs`).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// Reads an enum's tag, a variant's name, as its index in the names given.
#[derive(Clone, Copy)]
pub(crate) struct TagSeed(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for TagSeed {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for TagSeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|known| *known == name)
            .ok_or_else(|| E::unknown_variant(name, self.0))
    }
}

/// Checks a hand-written reader against the derived one it replaced: on
/// every input both accept or both refuse, and what they read writes the
/// same JSON.
#[cfg(test)]
pub(crate) fn assert_reads_like<Ours, Derived>(inputs: &[String])
where
    Ours: serde::de::DeserializeOwned + serde::Serialize + fmt::Debug,
    Derived: serde::de::DeserializeOwned + serde::Serialize + fmt::Debug,
{
    for input in inputs {
        let ours = serde_json::from_str::<Ours>(input);
        let derived = serde_json::from_str::<Derived>(input);
        match (&ours, &derived) {
            (Ok(ours), Ok(derived)) => assert_eq!(
                serde_json::to_value(ours).unwrap(),
                serde_json::to_value(derived).unwrap(),
                "{input}"
            ),
            (Err(_), Err(_)) => {}
            _ => panic!("{input}: ours {ours:?}, derived {derived:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &["linear", "step"];

    fn read(json: &str) -> Result<usize, String> {
        let mut reader = serde_json::Deserializer::from_str(json);
        TagSeed(NAMES)
            .deserialize(&mut reader)
            .map_err(|err| err.to_string())
    }

    #[test]
    fn a_name_reads_as_its_index() {
        assert_eq!(read(r#""linear""#), Ok(0));
        assert_eq!(read(r#""step""#), Ok(1));
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones() {
        let err = read(r#""curved""#).unwrap_err();
        assert!(err.contains("unknown variant `curved`"), "{err}");
        assert!(err.contains("expected `linear` or `step`"), "{err}");
        assert!(read("3").is_err());
    }
}

//! Reading a [`Curve`] from a scheme file, written by hand.
//!
//! The derived reader of an internally tagged enum buffers every value and
//! has a reader of its own per variant: about 16 KB of the page's wasm for
//! this enum. This one reads each field once into a slot of its type (every
//! number of every kind is an `f64` named by its [`CurveField`]) and builds
//! the variant when the map ends. It accepts exactly what the derived reader
//! did (`de_tests.rs` holds the two side by side): the tag `kind` anywhere
//! in the map; any field the kind lacks refused (`deny_unknown_fields`),
//! and any field given twice; the defaults of `below`, `at_threshold`,
//! `cap`, `pass`, `fail` and `lower_form`; and the sequence form (the tag,
//! then the kind's fields in order, trailing defaults optional).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Band, Curve, CurveField, RatioForm};
use crate::de::TagSeed;

/// One field of some kind of curve.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Number(CurveField),
    Bands,
    LowerForm,
}

impl Slot {
    fn name(self) -> &'static str {
        match self {
            Slot::Number(field) => field.name(),
            Slot::Bands => "bands",
            Slot::LowerForm => "lower_form",
        }
    }
}

/// The kinds of curve by their name in the file, with their fields in
/// declaration order (and their names, for the refusal of a field the kind
/// lacks).
const KINDS: [(&str, &[Slot], &[&str]); 6] = {
    use CurveField::*;
    use Slot::Number as N;
    [
        ("linear", &[N(Worst), N(Best)], &["worst", "best"]),
        (
            "payout",
            &[
                N(Threshold),
                N(Target),
                N(Stretch),
                N(Below),
                N(AtThreshold),
                N(Cap),
            ],
            &[
                "threshold",
                "target",
                "stretch",
                "below",
                "at_threshold",
                "cap",
            ],
        ),
        (
            "ratio",
            &[N(Target), N(Cap), Slot::LowerForm],
            &["target", "cap", "lower_form"],
        ),
        ("bands", &[Slot::Bands], &["bands"]),
        (
            "pass_fail",
            &[N(PassAt), N(Pass), N(Fail)],
            &["pass_at", "pass", "fail"],
        ),
        (
            "target_band",
            &[N(Target), N(Tolerance), N(Limit)],
            &["target", "tolerance", "limit"],
        ),
    ]
};

const KIND_NAMES: [&str; 6] = [
    KINDS[0].0, KINDS[1].0, KINDS[2].0, KINDS[3].0, KINDS[4].0, KINDS[5].0,
];

/// Every field name any kind has.
const ALL_NAMES: [&str; 15] = [
    "worst",
    "best",
    "threshold",
    "target",
    "stretch",
    "below",
    "at_threshold",
    "cap",
    "pass_at",
    "pass",
    "fail",
    "tolerance",
    "limit",
    "bands",
    "lower_form",
];

/// The value a number takes when the file leaves it out, if it may.
fn default_of(field: CurveField) -> Option<f64> {
    match field {
        CurveField::Below | CurveField::AtThreshold | CurveField::Fail => Some(0.0),
        CurveField::Cap | CurveField::Pass => Some(100.0),
        _ => None,
    }
}

/// The fields read so far.
#[derive(Default)]
struct Found {
    numbers: [Option<f64>; 13],
    bands: Option<Vec<Band>>,
    lower_form: Option<RatioForm>,
}

impl Found {
    fn has(&self, slot: Slot) -> bool {
        match slot {
            Slot::Number(field) => self.numbers[field as usize].is_some(),
            Slot::Bands => self.bands.is_some(),
            Slot::LowerForm => self.lower_form.is_some(),
        }
    }

    fn number<E: de::Error>(&self, field: CurveField) -> Result<f64, E> {
        self.numbers[field as usize]
            .or_else(|| default_of(field))
            .ok_or_else(|| E::missing_field(field.name()))
    }

    /// The curve of kind `kind` (an index into [`KINDS`]) from the fields
    /// found, all of which it must have.
    fn build<E: de::Error>(mut self, kind: usize) -> Result<Curve, E> {
        let (_, slots, names) = KINDS[kind];
        let all = (0..13)
            .map(|index| Slot::Number(CurveField::ALL[index]))
            .chain([Slot::Bands, Slot::LowerForm]);
        for slot in all {
            if self.has(slot) && !slots.contains(&slot) {
                return Err(E::unknown_field(slot.name(), names));
            }
        }
        use CurveField as F;
        Ok(match kind {
            0 => Curve::Linear {
                worst: self.number(F::Worst)?,
                best: self.number(F::Best)?,
            },
            1 => Curve::Payout {
                threshold: self.number(F::Threshold)?,
                target: self.number(F::Target)?,
                stretch: self.number(F::Stretch)?,
                below: self.number(F::Below)?,
                at_threshold: self.number(F::AtThreshold)?,
                cap: self.number(F::Cap)?,
            },
            2 => Curve::Ratio {
                target: self.number(F::Target)?,
                cap: self.number(F::Cap)?,
                lower_form: self.lower_form.unwrap_or_default(),
            },
            3 => Curve::Bands {
                bands: self.bands.take().ok_or_else(|| E::missing_field("bands"))?,
            },
            4 => Curve::PassFail {
                pass_at: self.number(F::PassAt)?,
                pass: self.number(F::Pass)?,
                fail: self.number(F::Fail)?,
            },
            _ => Curve::TargetBand {
                target: self.number(F::Target)?,
                tolerance: self.number(F::Tolerance)?,
                limit: self.number(F::Limit)?,
            },
        })
    }
}

/// A key of the map: the tag, or a field some kind has.
enum Key {
    Kind,
    Slot(Slot),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        let slot = match name {
            "kind" => return Ok(Key::Kind),
            "bands" => Slot::Bands,
            "lower_form" => Slot::LowerForm,
            _ => match CurveField::ALL
                .into_iter()
                .find(|field| field.name() == name)
            {
                Some(field) => Slot::Number(field),
                None => return Err(E::unknown_field(name, &ALL_NAMES)),
            },
        };
        Ok(Key::Slot(slot))
    }
}

impl<'de> Deserialize<'de> for Curve {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Curve, D::Error> {
        deserializer.deserialize_any(CurveVisitor)
    }
}

struct CurveVisitor;

impl<'de> Visitor<'de> for CurveVisitor {
    type Value = Curve;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("internally tagged enum Curve")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Curve, A::Error> {
        let mut kind = None;
        let mut found = Found::default();
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::Kind if kind.is_some() => return Err(de::Error::duplicate_field("kind")),
                Key::Kind => {
                    kind = Some(map.next_value_seed(TagSeed(&KIND_NAMES))?);
                    continue;
                }
                Key::Slot(slot) => slot,
            };
            if found.has(slot) {
                return Err(de::Error::duplicate_field(slot.name()));
            }
            match slot {
                Slot::Number(field) => found.numbers[field as usize] = Some(map.next_value()?),
                Slot::Bands => found.bands = Some(map.next_value()?),
                Slot::LowerForm => found.lower_form = Some(map.next_value()?),
            }
        }
        let kind = kind.ok_or_else(|| de::Error::missing_field("kind"))?;
        found.build(kind)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Curve, A::Error> {
        let Some(kind) = seq.next_element_seed(TagSeed(&KIND_NAMES))? else {
            return Err(de::Error::missing_field("kind"));
        };
        let (_, slots, _) = KINDS[kind];
        let mut found = Found::default();
        for (index, &slot) in slots.iter().enumerate() {
            let present = match slot {
                Slot::Number(field) => seq
                    .next_element()?
                    .map(|x| found.numbers[field as usize] = Some(x)),
                Slot::Bands => seq.next_element()?.map(|bands| found.bands = Some(bands)),
                Slot::LowerForm => seq
                    .next_element()?
                    .map(|form| found.lower_form = Some(form)),
            };
            let optional = match slot {
                Slot::Number(field) => default_of(field).is_some(),
                Slot::Bands => false,
                Slot::LowerForm => true,
            };
            if present.is_none() && !optional {
                return Err(de::Error::invalid_length(
                    index,
                    &format!("struct variant Curve with {} elements", slots.len()).as_str(),
                ));
            }
        }
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(
                slots.len() + 1,
                &format!("{} elements in sequence", slots.len()).as_str(),
            ));
        }
        found.build(kind)
    }
}

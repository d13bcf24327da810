//! Reading an [`IssueKind`] back from JSON, written by hand.
//!
//! The derived reader of an internally tagged enum buffers every value and
//! has a reader of its own per variant: about 25 KB of the page's wasm for
//! this enum alone. This one reads each field once, whatever the variant,
//! and builds the variant when the map ends. It accepts exactly what the
//! derived reader did (`tests.rs` holds the two side by side): the tag
//! `kind` anywhere in the map; the fields of other variants and unknown
//! fields ignored, whatever their type; a missing `input` read as empty; a
//! field given twice refused only when the variant reads it; and the
//! sequence form (the tag, then the variant's fields in order).

use std::fmt;

use serde::de::{
    self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor,
};

use super::IssueKind;
use crate::de::TagSeed;

/// Every variant's fields. A name has one type in every variant that has it.
#[derive(Clone, Copy)]
enum Field {
    Input,
    Text,
    Cells,
    Columns,
    Column,
    FirstRow,
    Position,
    Count,
    Min,
    Guard,
    Agents,
}

const FIELD_NAMES: [&str; 11] = [
    "input",
    "text",
    "cells",
    "columns",
    "column",
    "first_row",
    "position",
    "count",
    "min",
    "guard",
    "agents",
];

/// The three types a field can have.
#[derive(Clone, Copy)]
enum Type {
    Text,
    Count,
    Number,
}

impl Field {
    fn name(self) -> &'static str {
        FIELD_NAMES[self as usize]
    }

    fn of_name(name: &str) -> Option<Field> {
        use Field::*;
        const ALL: [Field; 11] = [
            Input, Text, Cells, Columns, Column, FirstRow, Position, Count, Min, Guard, Agents,
        ];
        FIELD_NAMES
            .iter()
            .position(|known| *known == name)
            .map(|index| ALL[index])
    }

    fn ty(self) -> Type {
        match self {
            Field::Input | Field::Text | Field::Column | Field::Guard => Type::Text,
            Field::Count | Field::Min => Type::Number,
            _ => Type::Count,
        }
    }
}

/// The variants that read back (not `Refused`, not `Bonus`), by their
/// name in the file, with their fields in declaration order.
const VARIANTS: [(&str, &[Field]); 15] = {
    use Field::*;
    [
        ("not_a_number", &[Input, Text]),
        ("no_agent", &[]),
        ("ragged", &[Cells, Columns]),
        ("unreadable_row", &[]),
        ("no_rows", &[]),
        ("missing_column", &[Input]),
        ("missing_agent_column", &[Column]),
        ("duplicate_row", &[FirstRow]),
        ("division_by_zero", &[Position]),
        ("not_finite", &[Position]),
        ("small_sample", &[Count, Min]),
        ("no_count", &[Column]),
        ("link_not_checked", &[Guard]),
        ("gate_not_checked", &[]),
        ("small_group", &[Agents]),
    ]
};

const VARIANT_NAMES: [&str; 15] = {
    let mut names = [""; 15];
    let mut index = 0;
    while index < 15 {
        names[index] = VARIANTS[index].0;
        index += 1;
    }
    names
};

/// A field's value before the tag says which type it must have: a map may
/// name the kind last, and a field the kind does not read may hold anything.
enum Loose {
    Text(String),
    Unsigned(u64),
    Negative(i64),
    Float(f64),
    /// Anything else (null, a boolean, a list, a map), fit for no field.
    Other(&'static str),
}

impl Loose {
    fn text<E: de::Error>(self) -> Result<String, E> {
        match self {
            Loose::Text(text) => Ok(text),
            other => Err(other.invalid(&"a string")),
        }
    }

    fn count<E: de::Error>(self) -> Result<usize, E> {
        match self {
            Loose::Unsigned(n) => {
                usize::try_from(n).map_err(|_| E::invalid_value(Unexpected::Unsigned(n), &"usize"))
            }
            Loose::Negative(n) => Err(E::invalid_value(Unexpected::Signed(n), &"usize")),
            other => Err(other.invalid(&"usize")),
        }
    }

    fn number<E: de::Error>(self) -> Result<f64, E> {
        match self {
            Loose::Unsigned(n) => Ok(n as f64),
            Loose::Negative(n) => Ok(n as f64),
            Loose::Float(x) => Ok(x),
            other => Err(other.invalid(&"f64")),
        }
    }

    fn invalid<E: de::Error>(&self, expected: &dyn de::Expected) -> E {
        let unexpected = match self {
            Loose::Text(text) => Unexpected::Str(text),
            Loose::Unsigned(n) => Unexpected::Unsigned(*n),
            Loose::Negative(n) => Unexpected::Signed(*n),
            Loose::Float(x) => Unexpected::Float(*x),
            Loose::Other(what) => Unexpected::Other(what),
        };
        E::invalid_type(unexpected, expected)
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Loose, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Loose, E> {
        Ok(Loose::Other("a boolean"))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Loose, E> {
        Ok(if n < 0 {
            Loose::Negative(n)
        } else {
            Loose::Unsigned(n as u64)
        })
    }

    fn visit_u64<E>(self, n: u64) -> Result<Loose, E> {
        Ok(Loose::Unsigned(n))
    }

    fn visit_f64<E>(self, x: f64) -> Result<Loose, E> {
        Ok(Loose::Float(x))
    }

    fn visit_str<E>(self, text: &str) -> Result<Loose, E> {
        Ok(Loose::Text(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Loose, E> {
        Ok(Loose::Text(text))
    }

    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Other("null"))
    }

    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Other("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Other("a sequence"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Other("a map"))
    }
}

/// A key of the map: the tag, a field some variant has, or another.
enum Key {
    Kind,
    Field(Field),
    Other,
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
        f.write_str("a field name")
    }

    fn visit_str<E>(self, name: &str) -> Result<Key, E> {
        Ok(match name {
            "kind" => Key::Kind,
            _ => Field::of_name(name).map_or(Key::Other, Key::Field),
        })
    }
}

/// What a map or a sequence gave: a value per field, and whether a field
/// came twice.
#[derive(Default)]
struct Found {
    values: [Option<Loose>; 11],
    twice: [bool; 11],
}

impl Found {
    fn take<E: de::Error>(&mut self, field: Field) -> Result<Loose, E> {
        if self.twice[field as usize] {
            return Err(E::duplicate_field(field.name()));
        }
        match self.values[field as usize].take() {
            Some(value) => Ok(value),
            None => Err(E::missing_field(field.name())),
        }
    }

    fn text<E: de::Error>(&mut self, field: Field) -> Result<String, E> {
        self.take(field)?.text()
    }

    fn count<E: de::Error>(&mut self, field: Field) -> Result<usize, E> {
        self.take(field)?.count()
    }

    fn number<E: de::Error>(&mut self, field: Field) -> Result<f64, E> {
        self.take(field)?.number()
    }

    /// The variant `tag` from the fields found.
    fn build<E: de::Error>(mut self, tag: usize) -> Result<IssueKind, E> {
        use Field as F;
        Ok(match tag {
            0 => {
                let input = match self.values[F::Input as usize] {
                    None if !self.twice[F::Input as usize] => String::new(),
                    _ => self.text(F::Input)?,
                };
                IssueKind::NotANumber {
                    input,
                    text: self.text(F::Text)?,
                }
            }
            1 => IssueKind::NoAgent,
            2 => IssueKind::Ragged {
                cells: self.count(F::Cells)?,
                columns: self.count(F::Columns)?,
            },
            3 => IssueKind::UnreadableRow,
            4 => IssueKind::NoRows,
            5 => IssueKind::MissingColumn {
                input: self.text(F::Input)?,
            },
            6 => IssueKind::MissingAgentColumn {
                column: self.text(F::Column)?,
            },
            7 => IssueKind::DuplicateRow {
                first_row: self.count(F::FirstRow)?,
            },
            8 => IssueKind::DivisionByZero {
                position: self.count(F::Position)?,
            },
            9 => IssueKind::NotFinite {
                position: self.count(F::Position)?,
            },
            10 => IssueKind::SmallSample {
                count: self.number(F::Count)?,
                min: self.number(F::Min)?,
            },
            11 => IssueKind::NoCount {
                column: self.text(F::Column)?,
            },
            12 => IssueKind::LinkNotChecked {
                guard: self.text(F::Guard)?,
            },
            13 => IssueKind::GateNotChecked,
            _ => IssueKind::SmallGroup {
                agents: self.count(F::Agents)?,
            },
        })
    }
}

impl<'de> Deserialize<'de> for IssueKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<IssueKind, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = IssueKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("internally tagged enum IssueKind")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IssueKind, A::Error> {
        let mut tag = None;
        let mut found = Found::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Kind if tag.is_some() => return Err(de::Error::duplicate_field("kind")),
                Key::Kind => tag = Some(map.next_value_seed(TagSeed(&VARIANT_NAMES))?),
                Key::Field(field) => {
                    let value = map.next_value::<Loose>()?;
                    let slot = field as usize;
                    found.twice[slot] |= found.values[slot].is_some();
                    found.values[slot] = Some(value);
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let tag = tag.ok_or_else(|| de::Error::missing_field("kind"))?;
        found.build(tag)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IssueKind, A::Error> {
        let Some(tag) = seq.next_element_seed(TagSeed(&VARIANT_NAMES))? else {
            return Err(de::Error::missing_field("kind"));
        };
        let (_, fields) = VARIANTS[tag];
        let mut found = Found::default();
        for (index, &field) in fields.iter().enumerate() {
            let value = match field.ty() {
                Type::Text => seq.next_element::<String>()?.map(Loose::Text),
                Type::Count => seq.next_element::<u64>()?.map(Loose::Unsigned),
                Type::Number => seq.next_element::<f64>()?.map(Loose::Float),
            };
            match value {
                Some(value) => found.values[field as usize] = Some(value),
                // Only `input` has a default (and only `not_a_number` has
                // it first): a shorter list leaves it empty.
                None if tag == 0 && index == 0 => {
                    found.values[field as usize] = Some(Loose::Text(String::new()))
                }
                None => {
                    return Err(de::Error::invalid_length(
                        index,
                        &format!("struct variant IssueKind with {} elements", fields.len())
                            .as_str(),
                    ));
                }
            }
        }
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(
                fields.len() + 1,
                &format!("{} elements in sequence", fields.len()).as_str(),
            ));
        }
        found.build(tag)
    }
}

//! A message as named fields, whatever carries it: a JavaScript object in
//! the browser ([`crate::js`]), a map in native tests ([`MapFields`]).

use std::collections::BTreeMap;
use std::fmt;

use kpi_engine::table::PackError;

/// Why a message could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtocolError {
    /// A field the message must have is absent.
    Missing(&'static str),
    /// A field holds the wrong kind of value.
    Wrong {
        field: &'static str,
        expected: &'static str,
    },
    /// A JSON field does not parse as the type it carries.
    Json { field: &'static str, detail: String },
    /// A message of a type this build does not know.
    UnknownType(String),
    /// A table whose parts do not fit together.
    BadTable(PackError),
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::Missing(field) => write!(f, "the message has no {field:?}"),
            ProtocolError::Wrong { field, expected } => {
                write!(f, "the message's {field:?} is not {expected}")
            }
            ProtocolError::Json { field, detail } => {
                write!(f, "the message's {field:?} does not parse: {detail}")
            }
            ProtocolError::UnknownType(kind) => write!(f, "unknown message type {kind:?}"),
            ProtocolError::BadTable(error) => write!(f, "the message's table is damaged: {error}"),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// Named fields of a message: set when encoding, read when decoding.
pub trait Fields {
    fn set_str(&mut self, key: &'static str, value: &str);
    fn set_number(&mut self, key: &'static str, value: f64);
    fn set_strings(&mut self, key: &'static str, value: &[String]);
    fn set_u32s(&mut self, key: &'static str, value: &[u32]);
    fn set_bytes(&mut self, key: &'static str, value: &[u8]);
    /// Several buffers under one key, each its own (a table's columns).
    fn set_byte_list(&mut self, key: &'static str, value: &[&[u8]]);
    fn set_u32_list(&mut self, key: &'static str, value: &[&[u32]]);

    fn opt_str(&self, key: &'static str) -> Option<String>;
    fn number(&self, key: &'static str) -> Result<f64, ProtocolError>;
    fn strings(&self, key: &'static str) -> Result<Vec<String>, ProtocolError>;
    fn u32s(&self, key: &'static str) -> Result<Vec<u32>, ProtocolError>;
    fn bytes(&self, key: &'static str) -> Result<Vec<u8>, ProtocolError>;
    fn byte_list(&self, key: &'static str) -> Result<Vec<Vec<u8>>, ProtocolError>;
    fn u32_list(&self, key: &'static str) -> Result<Vec<Vec<u32>>, ProtocolError>;

    fn str(&self, key: &'static str) -> Result<String, ProtocolError> {
        self.opt_str(key).ok_or(ProtocolError::Missing(key))
    }
}

/// A field's value in a [`MapFields`].
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Number(f64),
    Strings(Vec<String>),
    U32s(Vec<u32>),
    Bytes(Vec<u8>),
    ByteList(Vec<Vec<u8>>),
    U32List(Vec<Vec<u32>>),
}

/// Fields in a map: the protocol without a browser, for tests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapFields(pub BTreeMap<&'static str, Value>);

impl MapFields {
    fn get(&self, key: &'static str) -> Result<&Value, ProtocolError> {
        self.0.get(key).ok_or(ProtocolError::Missing(key))
    }
}

fn wrong(field: &'static str, expected: &'static str) -> ProtocolError {
    ProtocolError::Wrong { field, expected }
}

impl Fields for MapFields {
    fn set_str(&mut self, key: &'static str, value: &str) {
        self.0.insert(key, Value::Str(value.to_owned()));
    }
    fn set_number(&mut self, key: &'static str, value: f64) {
        self.0.insert(key, Value::Number(value));
    }
    fn set_strings(&mut self, key: &'static str, value: &[String]) {
        self.0.insert(key, Value::Strings(value.to_vec()));
    }
    fn set_u32s(&mut self, key: &'static str, value: &[u32]) {
        self.0.insert(key, Value::U32s(value.to_vec()));
    }
    fn set_bytes(&mut self, key: &'static str, value: &[u8]) {
        self.0.insert(key, Value::Bytes(value.to_vec()));
    }
    fn set_byte_list(&mut self, key: &'static str, value: &[&[u8]]) {
        let list = value.iter().map(|bytes| bytes.to_vec()).collect();
        self.0.insert(key, Value::ByteList(list));
    }
    fn set_u32_list(&mut self, key: &'static str, value: &[&[u32]]) {
        let list = value.iter().map(|numbers| numbers.to_vec()).collect();
        self.0.insert(key, Value::U32List(list));
    }

    fn opt_str(&self, key: &'static str) -> Option<String> {
        match self.0.get(key) {
            Some(Value::Str(text)) => Some(text.clone()),
            _ => None,
        }
    }
    fn number(&self, key: &'static str) -> Result<f64, ProtocolError> {
        match self.get(key)? {
            Value::Number(value) => Ok(*value),
            _ => Err(wrong(key, "a number")),
        }
    }
    fn strings(&self, key: &'static str) -> Result<Vec<String>, ProtocolError> {
        match self.get(key)? {
            Value::Strings(value) => Ok(value.clone()),
            _ => Err(wrong(key, "a list of texts")),
        }
    }
    fn u32s(&self, key: &'static str) -> Result<Vec<u32>, ProtocolError> {
        match self.get(key)? {
            Value::U32s(value) => Ok(value.clone()),
            _ => Err(wrong(key, "a list of offsets")),
        }
    }
    fn bytes(&self, key: &'static str) -> Result<Vec<u8>, ProtocolError> {
        match self.get(key)? {
            Value::Bytes(value) => Ok(value.clone()),
            _ => Err(wrong(key, "bytes")),
        }
    }
    fn byte_list(&self, key: &'static str) -> Result<Vec<Vec<u8>>, ProtocolError> {
        match self.get(key)? {
            Value::ByteList(value) => Ok(value.clone()),
            _ => Err(wrong(key, "a list of byte buffers")),
        }
    }
    fn u32_list(&self, key: &'static str) -> Result<Vec<Vec<u32>>, ProtocolError> {
        match self.get(key)? {
            Value::U32List(value) => Ok(value.clone()),
            _ => Err(wrong(key, "a list of offset lists")),
        }
    }
}

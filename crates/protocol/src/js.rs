//! The protocol's fields on a JavaScript object, as `postMessage` carries
//! them: texts and numbers as themselves, lists of texts as arrays, offsets
//! and bytes as typed arrays whose buffers are transferred, not copied.

use js_sys::{Array, Object, Reflect, Uint8Array, Uint32Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::{Fields, ProtocolError};

/// A message being built or read, and the buffers to transfer with it.
pub struct JsFields {
    pub object: JsValue,
    pub transfer: Array,
}

impl JsFields {
    /// An empty message to encode into.
    pub fn new() -> JsFields {
        JsFields {
            object: Object::new().into(),
            transfer: Array::new(),
        }
    }

    /// A message received, to decode.
    pub fn of(object: JsValue) -> JsFields {
        JsFields {
            object,
            transfer: Array::new(),
        }
    }

    fn set(&mut self, key: &str, value: &JsValue) {
        // Setting a property of a plain object cannot fail.
        let _ = Reflect::set(&self.object, &key.into(), value);
    }

    fn get(&self, key: &'static str) -> Result<JsValue, ProtocolError> {
        Reflect::get(&self.object, &key.into())
            .ok()
            .filter(|value| !value.is_undefined())
            .ok_or(ProtocolError::Missing(key))
    }
}

/// A request to read a file whose bytes the browser holds: they are copied
/// into a buffer of their own, which is transferred, so they never pass
/// through the page's wasm memory (which never shrinks). Decoded by
/// [`decode_request`](crate::decode_request) as any file request is.
pub fn file_request(
    job: crate::Job,
    choice: &kpi_engine::reading::ReadChoice,
    name: &str,
    bytes: &Uint8Array,
) -> JsFields {
    let mut out = JsFields::new();
    crate::encode_request_head(job, choice, &mut out);
    out.set_str(crate::key::NAME, name);
    let copy = bytes.slice(0, bytes.length());
    out.transfer.push(&copy.buffer());
    out.set(crate::key::BYTES, &copy);
    out
}

impl Default for JsFields {
    fn default() -> JsFields {
        JsFields::new()
    }
}

fn wrong(field: &'static str, expected: &'static str) -> ProtocolError {
    ProtocolError::Wrong { field, expected }
}

impl Fields for JsFields {
    fn set_str(&mut self, key: &'static str, value: &str) {
        self.set(key, &JsValue::from_str(value));
    }
    fn set_number(&mut self, key: &'static str, value: f64) {
        self.set(key, &JsValue::from_f64(value));
    }
    fn set_strings(&mut self, key: &'static str, value: &[String]) {
        let array: Array = value.iter().map(|text| JsValue::from_str(text)).collect();
        self.set(key, &array);
    }
    fn set_u32s(&mut self, key: &'static str, value: &[u32]) {
        let array = Uint32Array::from(value);
        self.transfer.push(&array.buffer());
        self.set(key, &array);
    }
    fn set_bytes(&mut self, key: &'static str, value: &[u8]) {
        let array = Uint8Array::from(value);
        self.transfer.push(&array.buffer());
        self.set(key, &array);
    }
    fn set_byte_list(&mut self, key: &'static str, value: &[&[u8]]) {
        let list = Array::new();
        for bytes in value {
            let array = Uint8Array::from(*bytes);
            self.transfer.push(&array.buffer());
            list.push(&array);
        }
        self.set(key, &list);
    }
    fn set_u32_list(&mut self, key: &'static str, value: &[&[u32]]) {
        let list = Array::new();
        for numbers in value {
            let array = Uint32Array::from(*numbers);
            self.transfer.push(&array.buffer());
            list.push(&array);
        }
        self.set(key, &list);
    }

    fn opt_str(&self, key: &'static str) -> Option<String> {
        self.get(key).ok().and_then(|value| value.as_string())
    }
    fn number(&self, key: &'static str) -> Result<f64, ProtocolError> {
        self.get(key)?.as_f64().ok_or(wrong(key, "a number"))
    }
    fn strings(&self, key: &'static str) -> Result<Vec<String>, ProtocolError> {
        let array: Array = self
            .get(key)?
            .dyn_into()
            .map_err(|_| wrong(key, "a list of texts"))?;
        array
            .iter()
            .map(|value| value.as_string().ok_or(wrong(key, "a list of texts")))
            .collect()
    }
    fn u32s(&self, key: &'static str) -> Result<Vec<u32>, ProtocolError> {
        let array: Uint32Array = self
            .get(key)?
            .dyn_into()
            .map_err(|_| wrong(key, "a list of offsets"))?;
        Ok(array.to_vec())
    }
    fn bytes(&self, key: &'static str) -> Result<Vec<u8>, ProtocolError> {
        let array: Uint8Array = self.get(key)?.dyn_into().map_err(|_| wrong(key, "bytes"))?;
        Ok(array.to_vec())
    }
    fn byte_list(&self, key: &'static str) -> Result<Vec<Vec<u8>>, ProtocolError> {
        let list: Array = self
            .get(key)?
            .dyn_into()
            .map_err(|_| wrong(key, "a list of byte buffers"))?;
        list.iter()
            .map(|item| {
                let array: Uint8Array = item
                    .dyn_into()
                    .map_err(|_| wrong(key, "a list of byte buffers"))?;
                Ok(array.to_vec())
            })
            .collect()
    }
    fn u32_list(&self, key: &'static str) -> Result<Vec<Vec<u32>>, ProtocolError> {
        let list: Array = self
            .get(key)?
            .dyn_into()
            .map_err(|_| wrong(key, "a list of offset lists"))?;
        list.iter()
            .map(|item| {
                let array: Uint32Array = item
                    .dyn_into()
                    .map_err(|_| wrong(key, "a list of offset lists"))?;
                Ok(array.to_vec())
            })
            .collect()
    }
}

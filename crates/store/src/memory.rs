//! Backends in memory and shared, for the tests and for a second owner.

use std::collections::BTreeMap;

use crate::{Backend, Fault};

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

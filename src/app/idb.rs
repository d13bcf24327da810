//! IndexedDB, for figures too large for localStorage: one database
//! (`kpi-scorecard`), one object store of strings by key. Each call opens
//! the database, runs one request in its own transaction and resolves when
//! that transaction has committed, so "written" means on disk.

use js_sys::{Array, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

use kpi_store::Fault;

const DATABASE: &str = "kpi-scorecard";
const STORE: &str = "items";

/// Resolves with a request's result, or rejects with its error.
fn settle(request: &IdbRequest) -> Promise {
    let request = request.clone();
    Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::NULL, JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    })
}

fn fault(err: &JsValue) -> Fault {
    let name = js_sys::Reflect::get(err, &"name".into())
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_default();
    if name.contains("Quota") {
        Fault::Full
    } else {
        Fault::Unavailable
    }
}

async fn open() -> Result<IdbDatabase, Fault> {
    let factory = web_sys::window()
        .and_then(|window| window.indexed_db().ok().flatten())
        .ok_or(Fault::Unavailable)?;
    let request = factory
        .open_with_u32(DATABASE, 1)
        .map_err(|_| Fault::Unavailable)?;
    let upgrade = request.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(result) = upgrade.result() {
            let db: IdbDatabase = result.unchecked_into();
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db = JsFuture::from(settle(&request))
        .await
        .map_err(|err| fault(&err))?;
    Ok(db.unchecked_into())
}

/// Runs `op` on the object store in a transaction of `mode`; resolves with
/// the request's result once the transaction has committed.
async fn run(
    mode: IdbTransactionMode,
    op: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>,
) -> Result<JsValue, Fault> {
    let db = open().await?;
    let transaction = db
        .transaction_with_str_and_mode(STORE, mode)
        .map_err(|err| fault(&err))?;
    let store = transaction.object_store(STORE).map_err(|err| fault(&err))?;
    let request = op(&store).map_err(|err| fault(&err))?;
    let committed = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = transaction.clone();
        let on_abort = Closure::once_into_js(move || {
            let error = failed.error().map_or(JsValue::NULL, JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onabort(Some(on_abort.unchecked_ref()));
        transaction.set_onerror(None);
    });
    let result = JsFuture::from(settle(&request)).await;
    JsFuture::from(committed).await.map_err(|err| fault(&err))?;
    db.close();
    result.map_err(|err| fault(&err))
}

/// Stores `value` under `key`.
pub async fn put(key: &str, value: &str) -> Result<(), Fault> {
    let (key, value) = (JsValue::from_str(key), JsValue::from_str(value));
    run(IdbTransactionMode::Readwrite, |store| {
        store.put_with_key(&value, &key)
    })
    .await
    .map(drop)
}

/// The string under `key`, if any.
pub async fn get(key: &str) -> Result<Option<String>, Fault> {
    let key = JsValue::from_str(key);
    let value = run(IdbTransactionMode::Readonly, |store| store.get(&key)).await?;
    Ok(value.as_string())
}

/// Removes `key`.
pub async fn delete(key: &str) -> Result<(), Fault> {
    let key = JsValue::from_str(key);
    run(IdbTransactionMode::Readwrite, |store| store.delete(&key))
        .await
        .map(drop)
}

/// Every key stored.
pub async fn keys() -> Result<Vec<String>, Fault> {
    let keys = run(IdbTransactionMode::Readonly, |store| store.get_all_keys()).await?;
    Ok(keys
        .dyn_into::<Array>()
        .map(|keys| keys.iter().filter_map(|key| key.as_string()).collect())
        .unwrap_or_default())
}

/// Asks the browser to keep this page's storage under pressure, and
/// returns what it says it uses and allows (bytes), where it tells.
pub async fn persist_and_estimate() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    if let Ok(promise) = storage.persist() {
        let _ = JsFuture::from(promise).await;
    }
    let estimate = JsFuture::from(storage.estimate().ok()?).await.ok()?;
    let number = |name: &str| {
        js_sys::Reflect::get(&estimate, &name.into())
            .ok()
            .and_then(|value| value.as_f64())
    };
    Some((number("usage")?, number("quota")?))
}

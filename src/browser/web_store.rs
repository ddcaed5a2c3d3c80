//! The browser adapters: `WebStore` over localStorage (or sessionStorage), used only in wasm.

use storage::kv::{KvStore, StoreError};
use wasm_bindgen::{JsCast, JsValue};

pub struct WebStore {
    storage: web_sys::Storage,
}

fn classify(err: JsValue) -> StoreError {
    if let Some(ex) = err.dyn_ref::<web_sys::DomException>() {
        let name = ex.name();
        // Chromium: QuotaExceededError (code 22); Firefox: NS_ERROR_DOM_QUOTA_REACHED (code 1014).
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" || ex.code() == 22 {
            return StoreError::Quota;
        }
        return StoreError::Unavailable(name);
    }
    StoreError::Unavailable(format!("{err:?}"))
}

impl WebStore {
    /// localStorage, if the browser lets us use it, and whether it still takes a write (a write
    /// is probed: some browsers expose a storage that refuses every write). A full storage is
    /// still returned, with `false`: what it holds can be read and exported.
    pub fn local() -> Result<(WebStore, bool), StoreError> {
        let window = web_sys::window().ok_or(StoreError::Unavailable("pas de fenêtre".into()))?;
        let storage = window
            .local_storage()
            .map_err(classify)?
            .ok_or(StoreError::Unavailable("localStorage absent".into()))?;
        let probe = "cpsb-probe";
        match storage.set_item(probe, "1").map_err(classify) {
            Ok(()) => {
                storage.remove_item(probe).map_err(classify)?;
                Ok((WebStore { storage }, true))
            }
            Err(StoreError::Quota) => Ok((WebStore { storage }, false)),
            Err(e) => Err(e),
        }
    }

    /// sessionStorage: per tab, survives a reload.
    pub fn session() -> Option<WebStore> {
        let storage = web_sys::window()?.session_storage().ok()??;
        Some(WebStore { storage })
    }
}

impl KvStore for WebStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.storage.get_item(key).map_err(classify)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.storage.set_item(key, value).map_err(classify)
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.storage.remove_item(key).map_err(classify)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let n = self.storage.length().map_err(classify)?;
        let mut keys = Vec::with_capacity(n as usize);
        for i in 0..n {
            if let Some(k) = self.storage.key(i).map_err(classify)? {
                keys.push(k);
            }
        }
        Ok(keys)
    }
}

//! Browser adapters of the pure storage crate: localStorage / sessionStorage behind `KvStore`, and
//! attachment bytes in IndexedDB.

pub mod blobs;
pub mod election;
pub mod formats;
pub mod reservations;
pub mod web_store;

use storage::backend::{Backend, StorageMode};
use storage::{KvStore, MemoryStore, StoreError};
use web_store::WebStore;

/// Opens the browser's storage, or falls back to memory with a warning.
pub fn open_backend() -> Backend {
    let session = WebStore::session().map(|s| Box::new(s) as Box<dyn KvStore>);
    match WebStore::local() {
        Ok((store, writable)) => Backend::open(
            Box::new(store),
            session,
            if writable {
                StorageMode::Persistent
            } else {
                StorageMode::Full
            },
            crate::ui::dom::real_now,
        ),
        Err(e) => {
            let reason = match e {
                StoreError::Quota => "espace de stockage plein".to_string(),
                StoreError::Unavailable(d) => d,
            };
            Backend::open(
                Box::new(MemoryStore::new()),
                None,
                StorageMode::MemoryOnly(reason),
                crate::ui::dom::real_now,
            )
        }
    }
}

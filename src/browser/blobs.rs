//! The bytes of attachments (pièces jointes) in IndexedDB; their metadata stays in the sandbox records.
//!
//! Database `cpsb-pieces-jointes`, version 1, one object store `fichiers` keyed by the attachment id;
//! each value is a `Uint8Array` (structured clone, no base64). Browser-only like `web.rs`: it compiles
//! natively (the JS bindings are stubs) but every call needs a browser; tested in `tests/blobs.rs`.
//!
//! Crate: `idb` 0.6 with `default-features = false`: typed wrappers over web-sys, no new dependency
//! in the bundle. Its `futures` feature (and `rexie`, built on it) adds tokio's oneshot channels;
//! here a `js_sys::Promise` awaited with `JsFuture` does that job. Release bundle cost (gzip, wasm +
//! JS): +6.6 KB this way, +9.0 KB with `futures`, +20.2 KB with `rexie`.

use idb::{
    Database, DatabaseEvent, Factory, ObjectStore, ObjectStoreParams, Request, Transaction,
    TransactionMode,
};
use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const DB_NAME: &str = "cpsb-pieces-jointes";
const STORE: &str = "fichiers";

/// A connection to the attachment database; open it once and share it.
pub struct BlobStore {
    db: Database,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlobError {
    /// The browser refused for lack of space (QuotaExceededError).
    Quota,
    /// IndexedDB missing or refused (private mode, blocked by settings, opaque origin).
    Unavailable,
    /// Anything else: the browser's error name (e.g. "DataError").
    Other(String),
}

impl BlobError {
    pub fn message_fr(&self) -> String {
        match self {
            BlobError::Quota => "L'espace de stockage du navigateur est plein : la pièce jointe n'a \
                                 pas été enregistrée. Supprimez des brouillons ou exportez vos données."
                .into(),
            BlobError::Unavailable => "Les pièces jointes ne peuvent pas être enregistrées dans ce \
                                       navigateur (IndexedDB indisponible)."
                .into(),
            BlobError::Other(name) => format!(
                "Le stockage des pièces jointes a échoué (erreur du navigateur : {name})."
            ),
        }
    }
}

/// Maps a browser error name; `opening` turns the refusals seen at `open` into `Unavailable`.
pub(crate) fn classify(name: String, opening: bool) -> BlobError {
    match name.as_str() {
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => BlobError::Quota,
        "InvalidStateError" | "UnknownError" | "SecurityError" if opening => BlobError::Unavailable,
        _ => BlobError::Other(name),
    }
}

/// The `name` of a thrown DOMException or Error.
fn js_name(err: &JsValue) -> String {
    js_sys::Reflect::get(err, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_else(|| "inconnue".into())
}

pub(crate) fn from_idb(err: idb::Error, opening: bool) -> BlobError {
    use idb::Error as E;
    match err {
        E::UpdateFailed(v)
        | E::DeleteFailed(v)
        | E::GetFailed(v)
        | E::GetAllKeysFailed(v)
        | E::IndexedDbNotFound(v)
        | E::IndexedDbOpenFailed(v)
        | E::ObjectStoreNotFound(v)
        | E::TransactionOpenFailed(v)
        | E::TransactionAbortError(v) => classify(js_name(&v), opening),
        E::DomException(e) => classify(e.name(), opening),
        _ => BlobError::Other("inconnue".into()),
    }
}

/// A future resolved (`Ok`) or rejected (`Err`) by whichever of the two callbacks fires first.
fn wait(register: impl FnOnce(Function, Function)) -> JsFuture {
    let mut register = Some(register);
    JsFuture::from(Promise::new(&mut |ok, ko| {
        if let Some(register) = register.take() {
            register(ok, ko);
        }
    }))
}

fn call(f: &Function) {
    let _ = f.call0(&JsValue::UNDEFINED);
}

/// Waits for a request; its result, or its error mapped.
pub(crate) async fn done<R: Request>(mut req: R, opening: bool) -> Result<JsValue, BlobError> {
    let outcome = wait(|ok, ko| {
        req.on_success(move |_| call(&ok));
        req.on_error(move |_| call(&ko));
    })
    .await;
    match outcome {
        Ok(_) => req.result().map_err(|e| from_idb(e, opening)),
        Err(_) => Err(match req.error() {
            Ok(Some(e)) => classify(e.name(), opening),
            _ => BlobError::Other("inconnue".into()),
        }),
    }
}

/// Waits for a transaction to commit; an abort reports the transaction's error.
pub(crate) async fn finish(mut tx: Transaction) -> Result<(), BlobError> {
    let outcome = wait(|ok, ko| {
        tx.on_complete(move |_| call(&ok));
        tx.on_abort(move |_| call(&ko));
    })
    .await;
    match outcome {
        Ok(_) => Ok(()),
        Err(_) => Err(match tx.error() {
            Some(e) => classify(e.name(), false),
            None => BlobError::Other("AbortError".into()),
        }),
    }
}

pub(crate) fn key(id: &str) -> JsValue {
    JsValue::from_str(id)
}

/// Opens (creating at version 1) database `name` with its one object store `store`. The connection
/// closes itself when another tab opens a later version or deletes the database.
/// One transaction over the one object store `store` of `db`, and that store.
pub(crate) fn transaction(
    db: &Database,
    store: &str,
    mode: TransactionMode,
) -> Result<(Transaction, ObjectStore), BlobError> {
    let tx = db
        .transaction(&[store], mode)
        .map_err(|e| from_idb(e, false))?;
    let store = tx.object_store(store).map_err(|e| from_idb(e, false))?;
    Ok((tx, store))
}

pub(crate) async fn open_database(name: &str, store: &'static str) -> Result<Database, BlobError> {
    let factory = Factory::new().map_err(|_| BlobError::Unavailable)?;
    let mut req = factory.open(name, Some(1)).map_err(|e| from_idb(e, true))?;
    req.on_upgrade_needed(move |event| {
        if let Ok(db) = event.database() {
            let _ = db.create_object_store(store, ObjectStoreParams::new());
        }
    });
    let mut db = Database::try_from(done(req, true).await?).map_err(|e| from_idb(e, true))?;
    // A later version opened in another tab (or a deletion) must not stay blocked by this one.
    db.on_version_change(|event| {
        if let Ok(db) = event.database() {
            db.close();
        }
    });
    Ok(db)
}

/// An open connection blocks deleting the database (and a version change) until it is closed:
/// each `BlobStore` closes its own when dropped (its pending transactions still complete).
impl Drop for BlobStore {
    fn drop(&mut self) {
        self.db.close();
    }
}

impl BlobStore {
    pub async fn open() -> Result<BlobStore, BlobError> {
        Ok(BlobStore {
            db: open_database(DB_NAME, STORE).await?,
        })
    }

    fn store(&self, mode: TransactionMode) -> Result<(Transaction, ObjectStore), BlobError> {
        transaction(&self.db, STORE, mode)
    }

    /// Stores bytes under each id in ONE transaction (all or nothing), replacing any previous bytes.
    pub async fn put_all(&self, files: &[(String, Vec<u8>)]) -> Result<(), BlobError> {
        let (tx, store) = self.store(TransactionMode::ReadWrite)?;
        for (id, bytes) in files {
            if let Err(e) = store.put(&Uint8Array::from(bytes.as_slice()), Some(&key(id))) {
                // Undo the puts already queued in this transaction.
                let _ = tx.abort();
                return Err(from_idb(e, false));
            }
        }
        finish(tx).await
    }

    /// The bytes stored under `id`, `None` if there are none.
    pub async fn get(&self, id: &str) -> Result<Option<Vec<u8>>, BlobError> {
        let (_tx, store) = self.store(TransactionMode::ReadOnly)?;
        let req = store.get(key(id)).map_err(|e| from_idb(e, false))?;
        let value = done(req, false).await?;
        Ok(match value.dyn_ref::<Uint8Array>() {
            Some(bytes) => Some(bytes.to_vec()),
            None if value.is_undefined() => None,
            None => Some(Uint8Array::new(&value).to_vec()),
        })
    }

    /// Deletes the bytes of every id (missing ids are ignored), in one transaction.
    pub async fn delete_all(&self, ids: &[String]) -> Result<(), BlobError> {
        let (tx, store) = self.store(TransactionMode::ReadWrite)?;
        for id in ids {
            if let Err(e) = store.delete(key(id)) {
                let _ = tx.abort();
                return Err(from_idb(e, false));
            }
        }
        finish(tx).await
    }

    /// Every stored id (to find orphans).
    pub async fn ids(&self) -> Result<Vec<String>, BlobError> {
        let (_tx, store) = self.store(TransactionMode::ReadOnly)?;
        let req = store
            .get_all_keys(None, None)
            .map_err(|e| from_idb(e, false))?;
        let keys: Array = done(req, false).await?.unchecked_into();
        Ok(keys.iter().filter_map(|k| k.as_string()).collect())
    }
}

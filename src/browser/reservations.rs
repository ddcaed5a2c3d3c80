//! Unique values (a login, an invoice number of a structure and year, the GP of an orphan
//! structure) reserved across tabs in IndexedDB, before the command that takes them is committed.
//!
//! localStorage reaches the other browser processes asynchronously, so two tabs committing in the
//! same instant could both take the same value. IndexedDB serialises read-write transactions on one
//! object store across every tab of the origin: reading the values and writing the reservations in
//! ONE such transaction lets exactly one tab win. The rule (who may reserve, release, purge) is
//! `storage::reservations`, tested natively; this adapter applies it in the transaction.
//!
//! Database `cpsb-valeurs-uniques`, version 1, object store `reservations`: key = the index key of
//! the value (`login:…`), value = « expiry tab » (`Reservation::to_stored`: real time in ms, the
//! holding page's id).
//! Tested in `tests/blobs.rs`.

use crate::browser::blobs::{done, finish, from_idb, key, open_database, transaction, BlobError};
use idb::{Database, ObjectStore, Transaction, TransactionMode};
use js_sys::Array;
use storage::reservations::{self as rule, Reservation};
use wasm_bindgen::{JsCast, JsValue};

const DB_NAME: &str = "cpsb-valeurs-uniques";
const STORE: &str = "reservations";

/// Why values were not reserved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReservationError {
    /// Another tab holds this value: the command is refused as a plain duplicate.
    Held(String),
    /// The database refused (unavailable, quota…): the caller falls back on the index keys.
    Store(BlobError),
}

pub struct Reservations {
    db: Database,
}

/// A closed connection never blocks another tab deleting or upgrading the database.
impl Drop for Reservations {
    fn drop(&mut self) {
        self.db.close();
    }
}

fn parse(value: &JsValue) -> Option<Reservation> {
    Reservation::from_stored(&value.as_string()?)
}

impl Reservations {
    pub async fn open() -> Result<Reservations, BlobError> {
        Ok(Reservations {
            db: open_database(DB_NAME, STORE).await?,
        })
    }

    fn store(&self, mode: TransactionMode) -> Result<(Transaction, ObjectStore), BlobError> {
        transaction(&self.db, STORE, mode)
    }

    /// The stored reservation of each value, read in transaction `store` (requests issued together,
    /// so the transaction stays active while they are awaited).
    async fn read(
        store: &ObjectStore,
        values: &[String],
    ) -> Result<Vec<Option<Reservation>>, BlobError> {
        let mut requests = Vec::with_capacity(values.len());
        for v in values {
            requests.push(store.get(key(v)).map_err(|e| from_idb(e, false))?);
        }
        let mut current = Vec::with_capacity(values.len());
        for req in requests {
            current.push(parse(&done(req, false).await?));
        }
        Ok(current)
    }

    /// Reserves every value for `tab` at real time `now` (ms), all or none, in one read-write
    /// transaction: refused with the first value another tab holds.
    pub async fn reserve(
        &self,
        values: &[String],
        tab: &str,
        now: i64,
    ) -> Result<(), ReservationError> {
        let (tx, store) = self
            .store(TransactionMode::ReadWrite)
            .map_err(ReservationError::Store)?;
        let current = match Self::read(&store, values).await {
            Ok(c) => c,
            Err(e) => {
                let _ = tx.abort();
                return Err(ReservationError::Store(e));
            }
        };
        let writes = match rule::reserve(values, &current, tab, now) {
            Ok(w) => w,
            Err(held) => {
                // Nothing written: end the transaction at once.
                let _ = tx.abort();
                return Err(ReservationError::Held(held));
            }
        };
        for (value, r) in writes {
            if let Err(e) = store.put(&JsValue::from_str(&r.to_stored()), Some(&key(&value))) {
                let _ = tx.abort();
                return Err(ReservationError::Store(from_idb(e, false)));
            }
        }
        finish(tx).await.map_err(ReservationError::Store)
    }

    /// Gives back the values `tab` holds among `values` (its commit failed); others' are kept.
    pub async fn release(&self, values: &[String], tab: &str) -> Result<(), BlobError> {
        let (tx, store) = self.store(TransactionMode::ReadWrite)?;
        let current = Self::read(&store, values).await?;
        for (value, r) in values.iter().zip(current) {
            if rule::releasable(r.as_ref(), tab) {
                store.delete(key(value)).map_err(|e| from_idb(e, false))?;
            }
        }
        finish(tx).await
    }

    /// Deletes the expired (or unreadable) reservations; those that still hold are kept.
    pub async fn purge(&self, now: i64) -> Result<(), BlobError> {
        let (tx, store) = self.store(TransactionMode::ReadWrite)?;
        let keys_req = store
            .get_all_keys(None, None)
            .map_err(|e| from_idb(e, false))?;
        let values_req = store.get_all(None, None).map_err(|e| from_idb(e, false))?;
        let keys: Array = done(keys_req, false).await?.unchecked_into();
        let values: Array = done(values_req, false).await?.unchecked_into();
        for (k, v) in keys.iter().zip(values.iter()) {
            if rule::purgeable(parse(&v).as_ref(), now) {
                store.delete(k).map_err(|e| from_idb(e, false))?;
            }
        }
        finish(tx).await
    }

    /// The reservation stored for `value` (tests, diagnostics).
    pub async fn get(&self, value: &str) -> Result<Option<Reservation>, BlobError> {
        let (_tx, store) = self.store(TransactionMode::ReadOnly)?;
        Ok(Self::read(&store, &[value.to_string()])
            .await?
            .pop()
            .flatten())
    }
}

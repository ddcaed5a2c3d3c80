//! Persistence of the sandbox in a key-value store (localStorage in the browser, memory otherwise).
//!
//! - one key per record (`cpsb:<collection>:<id>`), each a versioned envelope with a revision, so an
//!   action writes only what it changed and two tabs rarely touch the same key;
//! - a commit is all-or-nothing: on any failed write, keys already written are put back;
//! - a record another tab changed since we read it is a conflict, never silently overwritten;
//! - unreadable data is moved to a backup key, never overwritten; data from a newer schema makes the
//!   whole sandbox read-only.
//!
//! Everything here is pure and tested natively with `MemoryStore`; the browser's stores are adapters
//! in the app crate (`src/browser`). `backend` is the one bridge the UI calls.

pub mod backend;
pub mod bounds;
pub mod envelope;
pub mod error;
pub mod export;
pub mod kv;
pub mod lease;
pub mod migrations;
pub mod persistence;
pub mod reservations;

pub use envelope::{Envelope, SCHEMA_VERSION};
pub use error::StorageError;
pub use kv::{KvStore, MemoryStore, StoreError};
pub use persistence::{LoadReport, Persistence, Problem, Refusal};

/// Prefix of every sandbox record key.
pub const RECORD_PREFIX: &str = "cpsb:";
/// Prefix of the keys holding data that could not be read (kept for recovery).
pub const BACKUP_PREFIX: &str = "cpsb-backup:";
/// Prefix of the index keys: one per unique value taken (a login, an invoice number of a structure
/// and year, the GP of an orphan structure), a counter bumped by each commit that takes it.
pub const INDEX_PREFIX: &str = "cpsb-index:";
/// Key of the connected account's id (localStorage: default for new tabs; sessionStorage: this tab).
pub const SESSION_KEY: &str = "cpsb-session";
/// Key of this tab's trainer-mode token (sessionStorage only: the mode is per tab).
pub const FORMATEUR_KEY: &str = "cpsb-formateur";

use domain::{Collection, RecordKey};

pub fn storage_key(key: &RecordKey) -> String {
    format!("{RECORD_PREFIX}{}:{}", key.collection.name(), key.id)
}

/// Parses a storage key back into a record key (`None` for foreign or malformed keys).
pub fn parse_storage_key(key: &str) -> Option<RecordKey> {
    let rest = key.strip_prefix(RECORD_PREFIX)?;
    let (collection, id) = rest.split_once(':')?;
    let collection = Collection::from_name(collection)?;
    domain::kernel::ids::is_valid_id(id).then(|| RecordKey::new(collection, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys_round_trip() {
        let k = RecordKey::new(Collection::Compte, "ab12");
        assert_eq!(storage_key(&k), "cpsb:account:ab12");
        assert_eq!(parse_storage_key("cpsb:account:ab12"), Some(k));
        assert_eq!(parse_storage_key("cpsb:unknown:ab12"), None);
        assert_eq!(parse_storage_key("cpsb:account:AB"), None);
        assert_eq!(parse_storage_key("other:account:ab"), None);
        assert_eq!(parse_storage_key("cpsb-backup:cpsb:account:ab"), None);
    }
}

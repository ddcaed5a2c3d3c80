//! Browser tests (wasm-bindgen-test in headless Chromium) of the attachment byte store in IndexedDB:
//! a multi-megabyte round trip, several files in one transaction, a full quota (injected by
//! replacing `IDBObjectStore.prototype.put`/`add`) reported without storing anything, and a refused
//! `indexedDB.open` (injected the same way) reported as unavailable.
#![cfg(target_arch = "wasm32")]

use chorus_pro_sandbox::browser::blobs::{BlobError, BlobStore};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
let saved = null;
export function install_quota_fault(allowed) {
    if (saved) return;
    const proto = IDBObjectStore.prototype;
    saved = { put: proto.put, add: proto.add };
    let calls = 0;
    const fail = (original) => function (...args) {
        calls += 1;
        if (calls > allowed) throw new DOMException('quota', 'QuotaExceededError');
        return original.apply(this, args);
    };
    proto.put = fail(saved.put);
    proto.add = fail(saved.add);
}
export function restore_object_store() {
    if (!saved) return;
    IDBObjectStore.prototype.put = saved.put;
    IDBObjectStore.prototype.add = saved.add;
    saved = null;
}
const open = IDBFactory.prototype.open;
export function install_open_fault(name) {
    IDBFactory.prototype.open = function () { throw new DOMException('refus', name); };
}
export function restore_open() {
    IDBFactory.prototype.open = open;
}
")]
extern "C" {
    /// From now on, `put` and `add` throw QuotaExceededError after `allowed` successful calls.
    fn install_quota_fault(allowed: u32);
    fn restore_object_store();
    /// From now on, `indexedDB.open` throws a DOMException named `name`.
    fn install_open_fault(name: &str);
    fn restore_open();
}

/// Removes what a test stores, so that each starts clean even after an earlier failed run.
async fn clean(store: &BlobStore, ids: &[String]) {
    store.delete_all(ids).await.unwrap();
    let stored = store.ids().await.unwrap();
    assert!(ids.iter().all(|id| !stored.contains(id)));
}

/// `len` bytes whose value depends on the position and on `seed`.
fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(31).wrapping_add(i as u32 >> 16) as u8 ^ seed)
        .collect()
}

#[wasm_bindgen_test]
async fn a_five_megabyte_file_round_trips_and_is_deleted() {
    let store = BlobStore::open().await.unwrap();
    let id = "a1b2c3d4e5f60001".to_string();
    let ids = [id.clone()];
    clean(&store, &ids).await;

    let bytes = pattern(5 * 1024 * 1024, 0x5a);
    store.put_all(&[(id.clone(), bytes.clone())]).await.unwrap();
    assert!(store.ids().await.unwrap().contains(&id));

    let read = store.get(&id).await.unwrap().expect("stored bytes");
    assert_eq!(read.len(), bytes.len());
    for i in [0, 1, 65_535, 65_536, 1_000_003, bytes.len() - 1] {
        assert_eq!(read[i], bytes[i], "byte {i}");
    }
    assert!(read == bytes, "every byte is identical");

    // A second store sees the same database.
    let other = BlobStore::open().await.unwrap();
    assert_eq!(
        other.get(&id).await.unwrap().map(|b| b.len()),
        Some(bytes.len())
    );

    assert_eq!(store.get("ffffffffffff0001").await.unwrap(), None);
    store.delete_all(&ids).await.unwrap();
    assert_eq!(store.get(&id).await.unwrap(), None);
    assert!(!store.ids().await.unwrap().contains(&id));
    // Deleting what is not there is not an error.
    store.delete_all(&ids).await.unwrap();
}

#[wasm_bindgen_test]
async fn several_files_are_saved_together() {
    let store = BlobStore::open().await.unwrap();
    let ids: Vec<String> = (1..=3).map(|i| format!("b1b2c3d4e5f6000{i}")).collect();
    clean(&store, &ids).await;

    let files: Vec<(String, Vec<u8>)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), pattern(100_000 * (i + 1), i as u8)))
        .collect();
    store.put_all(&files).await.unwrap();
    let stored = store.ids().await.unwrap();
    for (id, bytes) in &files {
        assert!(stored.contains(id));
        assert_eq!(store.get(id).await.unwrap().as_ref(), Some(bytes));
    }
    // An empty file is kept as an empty value, not as a missing one.
    store
        .put_all(&[(ids[0].clone(), Vec::new())])
        .await
        .unwrap();
    assert_eq!(store.get(&ids[0]).await.unwrap(), Some(Vec::new()));
    assert_eq!(
        store.get(&ids[1]).await.unwrap().as_ref(),
        Some(&files[1].1)
    );

    store.delete_all(&ids[..2]).await.unwrap();
    let stored = store.ids().await.unwrap();
    assert!(!stored.contains(&ids[0]) && !stored.contains(&ids[1]));
    assert!(stored.contains(&ids[2]));
    clean(&store, &ids).await;
}

#[wasm_bindgen_test]
async fn a_full_quota_is_reported_and_stores_nothing() {
    let store = BlobStore::open().await.unwrap();
    let ids: Vec<String> = (1..=3).map(|i| format!("c1b2c3d4e5f6000{i}")).collect();
    clean(&store, &ids).await;
    // An earlier version of the first file, which the failed call must leave untouched.
    store
        .put_all(&[(ids[0].clone(), vec![1, 2, 3])])
        .await
        .unwrap();

    let files: Vec<(String, Vec<u8>)> = ids
        .iter()
        .map(|id| (id.clone(), pattern(300_000, 7)))
        .collect();
    // The first put goes through, the second is refused: the first must be undone as well.
    install_quota_fault(1);
    let result = store.put_all(&files).await;
    restore_object_store();

    assert_eq!(result, Err(BlobError::Quota));
    assert_eq!(
        BlobError::Quota.message_fr(),
        "L'espace de stockage du navigateur est plein : la pièce jointe n'a pas été enregistrée. \
         Supprimez des brouillons ou exportez vos données."
    );
    assert_eq!(store.get(&ids[0]).await.unwrap(), Some(vec![1, 2, 3]));
    assert_eq!(store.get(&ids[1]).await.unwrap(), None);
    assert_eq!(store.get(&ids[2]).await.unwrap(), None);

    // Once restored, the same files are accepted.
    store.put_all(&files).await.unwrap();
    assert_eq!(
        store.get(&ids[2]).await.unwrap().as_ref(),
        Some(&files[2].1)
    );
    clean(&store, &ids).await;
}

#[wasm_bindgen_test]
async fn a_refused_database_is_reported_as_unavailable() {
    for (name, expected) in [
        ("SecurityError", BlobError::Unavailable),
        ("InvalidStateError", BlobError::Unavailable),
        ("UnknownError", BlobError::Unavailable),
        ("QuotaExceededError", BlobError::Quota),
        (
            "NotSupportedError",
            BlobError::Other("NotSupportedError".into()),
        ),
    ] {
        install_open_fault(name);
        let result = BlobStore::open().await;
        restore_open();
        assert_eq!(result.err(), Some(expected), "{name}");
    }
    assert!(BlobStore::open().await.is_ok());
}

#[wasm_bindgen_test]
fn error_messages_are_french() {
    assert_eq!(
        BlobError::Unavailable.message_fr(),
        "Les pièces jointes ne peuvent pas être enregistrées dans ce navigateur (IndexedDB \
         indisponible)."
    );
    let other = BlobError::Other("DataError".into()).message_fr();
    assert!(other.contains("DataError"), "{other}");
}

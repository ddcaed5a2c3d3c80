//! Browser tests (wasm-bindgen-test in headless Chromium) of the reservations of unique values in
//! IndexedDB (`src/browser/reservations.rs`): all or none, held until expiry, given back only by
//! their holder, the purge keeping what still holds, two reservations racing in the same instant,
//! and a refused database answered as an error the caller handles (it falls back on the index keys).
#![cfg(target_arch = "wasm32")]

use chorus_pro_sandbox::browser::blobs::BlobError;
use chorus_pro_sandbox::browser::reservations::{ReservationError, Reservations};
use std::cell::RefCell;
use std::rc::Rc;
use storage::reservations::HOLD_MS;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
const open = IDBFactory.prototype.open;
export function install_open_fault(name) {
    IDBFactory.prototype.open = function () { throw new DOMException('refus', name); };
}
export function restore_open() {
    IDBFactory.prototype.open = open;
}
const put = IDBObjectStore.prototype.put;
export function install_put_fault() {
    IDBObjectStore.prototype.put = function () { throw new DOMException('quota', 'QuotaExceededError'); };
}
export function restore_put() {
    IDBObjectStore.prototype.put = put;
}
")]
extern "C" {
    fn install_open_fault(name: &str);
    fn restore_open();
    fn install_put_fault();
    fn restore_put();
}

/// A real-time base far from any other test's values.
const T0: i64 = 1_800_000_000_000;

fn v(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

/// Starts from an empty store (everything purged, as long after every hold).
async fn clean() -> Reservations {
    let store = Reservations::open().await.unwrap();
    store.purge(i64::MAX).await.unwrap();
    store
}

#[wasm_bindgen_test]
async fn all_values_or_none() {
    let store = clean().await;
    store
        .reserve(&v(&["login:a@b.fr", "numero:x"]), "t1", T0)
        .await
        .unwrap();
    let refused = store
        .reserve(&v(&["gp:s1", "numero:x"]), "t2", T0 + 1)
        .await;
    assert_eq!(refused, Err(ReservationError::Held("numero:x".into())));
    assert_eq!(
        store.get("gp:s1").await.unwrap(),
        None,
        "nothing of a refused reservation"
    );
    let held = store.get("login:a@b.fr").await.unwrap().unwrap();
    assert_eq!((held.tab.as_str(), held.expires), ("t1", T0 + HOLD_MS));
}

#[wasm_bindgen_test]
async fn a_value_is_held_until_it_expires() {
    let store = clean().await;
    store
        .reserve(&v(&["login:h@b.fr"]), "t1", T0)
        .await
        .unwrap();
    // Another connection (another tab) is refused while it holds, accepted once it expired.
    let other = Reservations::open().await.unwrap();
    assert_eq!(
        other
            .reserve(&v(&["login:h@b.fr"]), "t2", T0 + HOLD_MS - 1)
            .await,
        Err(ReservationError::Held("login:h@b.fr".into()))
    );
    // Its holder may reserve it again.
    store
        .reserve(&v(&["login:h@b.fr"]), "t1", T0 + 5)
        .await
        .unwrap();
    other
        .reserve(&v(&["login:h@b.fr"]), "t2", T0 + 5 + HOLD_MS)
        .await
        .unwrap();
    assert_eq!(store.get("login:h@b.fr").await.unwrap().unwrap().tab, "t2");
}

#[wasm_bindgen_test]
async fn only_the_holder_gives_a_value_back() {
    let store = clean().await;
    store.reserve(&v(&["numero:r"]), "t1", T0).await.unwrap();
    store.release(&v(&["numero:r"]), "t2").await.unwrap();
    assert!(store.get("numero:r").await.unwrap().is_some());
    store
        .release(&v(&["numero:r", "numero:absent"]), "t1")
        .await
        .unwrap();
    assert_eq!(store.get("numero:r").await.unwrap(), None);
    store
        .reserve(&v(&["numero:r"]), "t2", T0 + 1)
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_purge_keeps_what_still_holds() {
    let store = clean().await;
    store
        .reserve(&v(&["gp:ancien"]), "t1", T0 - HOLD_MS)
        .await
        .unwrap();
    store
        .reserve(&v(&["gp:recent"]), "t1", T0 - 1)
        .await
        .unwrap();
    store.purge(T0).await.unwrap();
    assert_eq!(store.get("gp:ancien").await.unwrap(), None);
    assert!(store.get("gp:recent").await.unwrap().is_some());
}

#[wasm_bindgen_test]
async fn two_reservations_in_the_same_instant_one_wins() {
    clean().await;
    let results = Rc::new(RefCell::new(Vec::new()));
    for tab in ["t1", "t2"] {
        let results = results.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let store = Reservations::open().await.unwrap();
            let r = store.reserve(&v(&["login:meme@b.fr"]), tab, T0).await;
            results.borrow_mut().push(r);
        });
    }
    while results.borrow().len() < 2 {
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    let results = results.borrow();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(results
        .iter()
        .any(|r| r == &Err(ReservationError::Held("login:meme@b.fr".into()))));
}

#[wasm_bindgen_test]
async fn a_refused_database_is_an_error_the_caller_handles() {
    install_open_fault("SecurityError");
    let opened = Reservations::open().await;
    restore_open();
    assert_eq!(opened.err(), Some(BlobError::Unavailable));

    let store = clean().await;
    install_put_fault();
    let r = store.reserve(&v(&["login:q@b.fr"]), "t1", T0).await;
    restore_put();
    assert_eq!(r, Err(ReservationError::Store(BlobError::Quota)));
    assert_eq!(store.get("login:q@b.fr").await.unwrap(), None);
}

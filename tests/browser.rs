//! Browser tests (wasm-bindgen-test in headless Chromium): the localStorage adapter under a full
//! quota and with corrupt data, following another tab's `storage` event, and components' labels.
#![cfg(target_arch = "wasm32")]

use chorus_pro_sandbox::browser::web_store::WebStore;
use chorus_pro_sandbox::ui::app::App;
use domain::kernel::time::ClockStep;
use domain::{Change, Collection, Record, RecordKey};
use storage::persistence::backups;
use storage::{KvStore, Persistence, Problem, StorageError, StoreError};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Every test starts from an empty storage.
fn clean() {
    local().clear().unwrap();
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

fn clock_change(offset_days: i64) -> Vec<Change> {
    let mut sb = domain::simulation::base::sandbox();
    sb.clock.offset_seconds = (offset_days - 1) * 86_400;
    domain::simulation::horloge::advance(&sb, ClockStep::OneDay)
        .unwrap()
        .changes
}

#[wasm_bindgen_test]
fn quota_exceeded_is_reported_and_changes_nothing() {
    clean();
    let mut store = WebStore::local().unwrap().0;
    let (mut p, _) = Persistence::load(&mut store).unwrap();
    // Fill localStorage until the browser refuses (5 Mi UTF-16 units per origin in Chromium).
    let chunk = "x".repeat(512 * 1024);
    let mut i = 0;
    let err = loop {
        match store.set(&format!("remplissage-{i}"), &chunk) {
            Ok(()) => i += 1,
            Err(e) => break e,
        }
        assert!(i < 100, "the quota should have been reached");
    };
    assert_eq!(err, StoreError::Quota, "QuotaExceededError is recognised");
    // Top up with smaller pieces so that not even a small record fits.
    let mut size = 64 * 1024;
    while size > 16 {
        let piece = "y".repeat(size);
        while store.set(&format!("appoint-{i}"), &piece).is_ok() {
            i += 1;
        }
        size /= 2;
    }
    let keys_before = store.keys().unwrap().len();
    let result = p.commit(&mut store, &clock_change(3));
    assert_eq!(result, Err(StorageError::Quota));
    assert!(result.unwrap_err().message_fr().contains("plein"));
    assert_eq!(
        store.get("cpsb:clock:main").unwrap(),
        None,
        "nothing half-written"
    );
    assert_eq!(store.keys().unwrap().len(), keys_before);
    clean();
    // Space freed: the same commit now works.
    p.commit(&mut store, &clock_change(3)).unwrap();
    assert!(store.get("cpsb:clock:main").unwrap().is_some());
    clean();
}

#[wasm_bindgen_test]
fn corrupt_json_in_a_key_is_backed_up_and_reported() {
    clean();
    local()
        .set_item("cpsb:clock:main", "{\"v\":1,\"rev\":1,\"data\":")
        .unwrap();
    local().set_item("cpsb:mail:abcd", "pas du JSON").unwrap();
    let mut store = WebStore::local().unwrap().0;
    let (p, report) = Persistence::load(&mut store).unwrap();
    assert!(!p.read_only);
    assert_eq!(report.problems.len(), 2);
    assert!(report
        .problems
        .iter()
        .all(|pb| matches!(pb, Problem::Corrupt { .. })));
    assert_eq!(local().get_item("cpsb:clock:main").unwrap(), None);
    assert_eq!(
        local()
            .get_item("cpsb-backup:cpsb:clock:main")
            .unwrap()
            .as_deref(),
        Some("{\"v\":1,\"rev\":1,\"data\":"),
        "the unreadable value is kept byte for byte"
    );
    assert_eq!(backups(&store).unwrap().len(), 2);
    clean();
}

/// Lets Yew run its scheduled renders and effects.
async fn settle() {
    for _ in 0..3 {
        gloo_timers::future::TimeoutFuture::new(0).await;
        yew::scheduler::flush().await;
    }
}

async fn mount_app(hash: &str) -> (yew::AppHandle<App>, web_sys::Element) {
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(hash)
        .unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    (handle, root)
}

fn unmount(handle: yew::AppHandle<App>, root: web_sys::Element) {
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_storage_event_from_another_tab_updates_the_page() {
    clean();
    // The header shows the sandbox clock once it is shifted (the Espace formateur itself needs the
    // trainer mode).
    let (handle, root) = mount_app("#/").await;
    assert!(!root.text_content().unwrap().contains("+7 j"));

    // "Another tab" advances the clock: it writes localStorage, then the browser fires `storage`.
    let mut other = WebStore::local().unwrap().0;
    let (mut p, _) = Persistence::load(&mut other).unwrap();
    p.commit(&mut other, &clock_change(7)).unwrap();
    let key = "cpsb:clock:main";
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(key));
    init.set_new_value(local().get_item(key).unwrap().as_deref());
    init.set_storage_area(Some(&local()));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    settle().await;

    let text = root.text_content().unwrap();
    assert!(
        text.contains("+7 j"),
        "the page shows the other tab's clock: {text}"
    );
    unmount(handle, root);
    clean();
}

fn labels(root: &web_sys::Element) -> Vec<(String, String)> {
    let list = root.query_selector_all("label").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlLabelElement>().ok())
        .map(|l| (l.html_for(), l.text_content().unwrap_or_default()))
        .collect()
}

#[wasm_bindgen_test]
async fn the_account_form_renders_its_labels_tied_to_inputs() {
    clean();
    let (handle, root) = mount_app("#/creer-un-compte").await;
    let found = labels(&root);
    for expected in [
        "Adresse électronique de connexion",
        "Nom",
        "Prénom",
        "Téléphone",
        "Mot de passe",
        "Confirmation du mot de passe",
    ] {
        let (for_id, _) = found
            .iter()
            .find(|(_, text)| text.trim_end_matches(" *").trim() == expected)
            .unwrap_or_else(|| panic!("label « {expected} » missing: {found:?}"));
        let input = root.query_selector(&format!("#{for_id}")).unwrap();
        assert!(input.is_some(), "label « {expected} » points at an input");
    }
    let h1 = root.query_selector_all("h1").unwrap();
    assert_eq!(h1.length(), 1, "one h1 per page");
    assert_eq!(
        h1.item(0).unwrap().text_content().unwrap(),
        "Créer un compte"
    );
    let banner = root.text_content().unwrap();
    assert!(
        banner.contains("Environnement de formation — données fictives, aucune donnée transmise")
    );
    assert!(
        banner.contains("Au moins 12 caractères"),
        "the password rule is shown before typing"
    );
    unmount(handle, root);
    clean();
}

#[wasm_bindgen_test]
async fn the_connection_form_renders_its_labels() {
    clean();
    let (handle, root) = mount_app("#/connexion").await;
    let found = labels(&root);
    assert!(found
        .iter()
        .any(|(id, t)| id == "login_email" && t.starts_with("Adresse électronique de connexion")));
    assert!(found
        .iter()
        .any(|(id, t)| id == "password" && t.starts_with("Mot de passe")));
    unmount(handle, root);
    clean();
}

#[wasm_bindgen_test]
fn records_round_trip_through_local_storage() {
    clean();
    let mut store = WebStore::local().unwrap().0;
    let (mut p, _) = Persistence::load(&mut store).unwrap();
    p.commit(&mut store, &clock_change(2)).unwrap();
    let (_, report) = Persistence::load(&mut store).unwrap();
    assert_eq!(report.sandbox.clock.offset_seconds, 2 * 86_400);
    let key = RecordKey::new(Collection::Clock, "main");
    assert!(matches!(
        report.sandbox.record(&key),
        Some(Record::Clock(_))
    ));
    clean();
}

/// The formats worker missing (no `<meta name="formats-worker">`, or a loader that is not there):
/// a request ends with a French message instead of waiting for ever.
#[wasm_bindgen_test]
async fn a_missing_formats_worker_gives_a_french_message() {
    use chorus_pro_sandbox::browser::formats::demander;
    use formats_protocole::Requete;
    let lire = || Requete::Lire { noms: Vec::new() };
    let e = demander(&lire(), Vec::new()).await.unwrap_err();
    assert!(e.contains("Le module des formats"), "{e}");
    let doc = web_sys::window().unwrap().document().unwrap();
    let meta = doc.create_element("meta").unwrap();
    meta.set_attribute("name", "formats-worker").unwrap();
    meta.set_attribute("content", "absent-loader.js").unwrap();
    doc.query_selector("head")
        .unwrap()
        .unwrap()
        .append_child(&meta)
        .unwrap();
    let e = demander(&lire(), Vec::new()).await.unwrap_err();
    assert!(e.contains("Le module des formats"), "{e}");
    meta.remove();
}

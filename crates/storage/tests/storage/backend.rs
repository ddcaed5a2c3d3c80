//! The UI's bridge to storage, natively: an action is all-or-nothing, a full quota changes nothing,
//! a concurrent write by another tab is refused and refreshed, storage events are followed.

use chrono::{TimeZone, Utc};
use domain::compte::inscription::{self, FormulaireCreationCompte};
use domain::kernel::time::ClockStep;
use domain::Timestamp;
use std::cell::RefCell;
use std::rc::Rc;
use storage::backend::{ActionError, Backend, StorageMode};
use storage::{KvStore, MemoryStore, StorageError, StoreError};

/// One localStorage seen by several tabs.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<MemoryStore>>);

impl KvStore for Shared {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.0.borrow().get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.0.borrow_mut().set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.0.borrow_mut().remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.0.borrow().keys()
    }
}

fn real_now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

fn tab(store: &Shared) -> Backend {
    Backend::open(
        Box::new(store.clone()),
        Some(Box::new(MemoryStore::new())),
        StorageMode::Persistent,
        real_now,
    )
}

fn form(email: &str) -> FormulaireCreationCompte {
    FormulaireCreationCompte {
        login_email: email.into(),
        nom: "Martin".into(),
        prenom: "Claire".into(),
        telephone: String::new(),
        password: "Formation#2026".into(),
        confirmation: "Formation#2026".into(),
    }
}

#[test]
fn a_command_is_committed_then_applied() {
    let store = Shared::default();
    let mut b = tab(&store);
    let generation = b.generation;
    let id = b
        .run(|sb, now| inscription::creer_compte(sb, &form("a@exemple.fr"), now))
        .unwrap();
    assert!(b.sandbox().comptes.contains_key(&id));
    assert!(b.generation > generation);
    assert!(store.get(&format!("cpsb:account:{id}")).unwrap().is_some());
    // A domain refusal writes nothing.
    let err = b
        .run(|sb, now| inscription::creer_compte(sb, &form("a@exemple.fr"), now))
        .unwrap_err();
    assert!(matches!(err, ActionError::Domain(_)));
    assert_eq!(b.sandbox().records().len(), 2, "the account and its mail");
}

#[test]
fn a_full_quota_leaves_the_state_unchanged_and_raises_the_alert() {
    let store = Shared::default();
    let mut b = tab(&store);
    b.run(|sb, now| inscription::creer_compte(sb, &form("a@exemple.fr"), now))
        .unwrap();
    let before = b.sandbox();
    let used = store.0.borrow().used();
    store.0.borrow_mut().quota = Some(used + 100);
    let err = b
        .run(|sb, now| inscription::creer_compte(sb, &form("b@exemple.fr"), now))
        .unwrap_err();
    assert_eq!(err, ActionError::Storage(StorageError::Quota));
    assert!(err.to_string().contains("plein"));
    assert_eq!(b.sandbox(), before, "nothing applied");
    assert_eq!(b.alert, Some(err), "the page-wide alert answers the quota");
    assert_eq!(store.0.borrow().used(), used, "nothing written");
}

#[test]
fn another_tabs_write_is_never_silently_overwritten() {
    let store = Shared::default();
    let mut a = tab(&store);
    let mut b = tab(&store);
    b.run(|sb, _| domain::simulation::horloge::advance(sb, ClockStep::SevenDays))
        .unwrap();
    // Tab A missed the storage event: its write is refused and the record reloaded.
    let err = a
        .run(|sb, _| domain::simulation::horloge::advance(sb, ClockStep::OneDay))
        .unwrap_err();
    assert!(
        matches!(err, ActionError::Storage(StorageError::Conflict(ref keys)) if keys.len() == 1)
            && err.to_string().contains("autre onglet"),
        "{err:?}"
    );
    assert_eq!(a.sandbox().clock.offset_seconds, 7 * 86_400);
    // Retried, it goes on top of B's change.
    a.run(|sb, _| domain::simulation::horloge::advance(sb, ClockStep::OneDay))
        .unwrap();
    assert_eq!(a.sandbox().clock.offset_seconds, 8 * 86_400);
    assert_eq!(a.now(), real_now() + chrono::Duration::days(8));
}

#[test]
fn storage_events_bring_other_tabs_changes() {
    let store = Shared::default();
    let mut a = tab(&store);
    let mut b = tab(&store);
    let id = b
        .run(|sb, now| inscription::creer_compte(sb, &form("b@exemple.fr"), now))
        .unwrap();
    assert!(a.on_storage_event(Some(&format!("cpsb:account:{id}"))));
    assert!(a.sandbox().comptes.contains_key(&id));
    assert!(
        !a.on_storage_event(Some("cpsb-session")),
        "sessions are per tab"
    );
    assert!(!a.on_storage_event(Some("autre-application")));
    // Everything cleared elsewhere: reload.
    store
        .0
        .borrow_mut()
        .remove(&format!("cpsb:account:{id}"))
        .unwrap();
    assert!(a.on_storage_event(None));
    assert!(!a.sandbox().comptes.contains_key(&id));
}

#[test]
fn corrupt_data_is_reported_once_across_reloads() {
    let store = Shared::default();
    store
        .0
        .borrow_mut()
        .set("cpsb:clock:main", "{abîmé")
        .unwrap();
    // A newer record is found again at every load.
    store
        .0
        .borrow_mut()
        .set("cpsb:mail:mail0001", "{\"v\":99,\"rev\":1,\"data\":{}}")
        .unwrap();
    let mut a = tab(&store);
    assert_eq!(a.problems.len(), 2);
    assert!(a.read_only());
    a.reload();
    a.reload();
    assert_eq!(a.problems.len(), 2, "no duplicate after reloads");
    store.0.borrow_mut().remove("cpsb:mail:mail0001").unwrap();
    let (key, _) = a.backups().pop().unwrap();
    a.discard_backup(&key).unwrap();
    a.reload();
    assert!(a.problems.is_empty());
    assert!(a.backups().is_empty());
    assert_eq!(
        a.discard_backup("cpsb:account:x").unwrap_err().to_string(),
        "Clé de sauvegarde invalide.",
        "only backup keys can be discarded"
    );
}

#[test]
fn sessions_need_an_active_account_and_survive_a_new_tab() {
    let store = Shared::default();
    let mut a = tab(&store);
    let id = a
        .run(|sb, now| inscription::creer_compte(sb, &form("a@exemple.fr"), now))
        .unwrap();
    a.login(id.clone());
    assert!(
        a.account().is_none(),
        "not activated yet: no acting account"
    );
    let token = a.sandbox().comptes[&id].link.clone().unwrap().token;
    a.run(|sb, now| inscription::activer_compte(sb, &token, now))
        .unwrap();
    assert_eq!(a.account().map(|acc| acc.id.clone()), Some(id.clone()));
    // A new tab starts with the last connected account.
    let b = tab(&store);
    assert_eq!(b.account().map(|acc| acc.id.clone()), Some(id));
    a.logout();
    assert!(a.account().is_none());
    assert!(
        tab(&store).account().is_none(),
        "logging out forgets the default for new tabs"
    );
}

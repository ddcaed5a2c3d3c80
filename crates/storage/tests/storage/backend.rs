//! The UI's bridge to storage, natively: an action is all-or-nothing, a full quota changes nothing,
//! a concurrent write by another tab is refused and refreshed, storage events are followed.

use chrono::{TimeZone, Utc};
use domain::compte::inscription::{self, FormulaireCreationCompte};
use domain::kernel::time::ClockStep;
use domain::Timestamp;
use std::cell::RefCell;
use std::rc::Rc;
use storage::backend::{ActionError, Backend, ReadOnlyReason, StorageMode};
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
fn a_burst_of_storage_events_is_one_change() {
    let store = Shared::default();
    let mut a = tab(&store);
    let mut b = tab(&store);
    let ids: Vec<_> = ["x@exemple.fr", "y@exemple.fr", "z@exemple.fr"]
        .iter()
        .map(|e| {
            b.run(|sb, now| inscription::creer_compte(sb, &form(e), now))
                .unwrap()
        })
        .collect();
    // Every key B wrote (records, indexes, its session), some twice, as the events come.
    let written = store.keys().unwrap();
    let keys: Vec<Option<String>> = written.iter().chain(&written).cloned().map(Some).collect();
    let before = a.generation;
    assert!(a.on_storage_events(&keys));
    assert_eq!(a.generation, before + 1, "one update for the whole burst");
    for id in &ids {
        assert!(a.sandbox().comptes.contains_key(id));
    }
    // Only other tabs' events: none of this tab's per-tab keys, nothing foreign.
    assert!(!a.on_storage_events(&[Some("cpsb-session".into()), Some("autre".into())]));
    assert_eq!(a.generation, before + 1);
    // A cleared storage among the events: everything read again.
    let mut cleared = store.clone();
    for k in &written {
        cleared.remove(k).unwrap();
    }
    assert!(a.on_storage_events(&[Some("cpsb-session".into()), None]));
    assert!(a.sandbox().comptes.values().all(|c| !ids.contains(&c.id)));
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

// Races between two tabs on a unique value: both decide on the same state, the second commit
// collides on the value's index key and is told what a plain duplicate is told.

/// The field error `field` carries in `err`, if it is a domain refusal of that field.
fn field_message(err: &ActionError, field: domain::kernel::error::Champ) -> Option<String> {
    match err {
        ActionError::Domain(domain::DomainError::Invalid(errors)) => errors
            .iter()
            .find(|e| e.field == domain::kernel::error::FieldId::Champ(field))
            .map(|e| e.message.clone()),
        _ => None,
    }
}

#[test]
fn two_tabs_registering_the_same_login_make_one_account() {
    let store = Shared::default();
    let mut a = tab(&store);
    let mut b = tab(&store);
    a.run(|sb, now| inscription::creer_compte(sb, &form("meme@exemple.fr"), now))
        .unwrap();
    // B has not seen A's account yet (no storage event): its own check finds the address free.
    let err = b
        .run(|sb, now| inscription::creer_compte(sb, &form(" Meme@Exemple.fr "), now))
        .unwrap_err();
    assert_eq!(
        field_message(&err, domain::compte::champs::ADRESSE_CONNEXION).as_deref(),
        Some(inscription::LOGIN_DEJA_UTILISE),
        "{err:?}"
    );
    assert!(
        b.alert.is_none(),
        "a duplicate, not the generic conflict text"
    );
    let accounts = |s: &Shared| {
        s.keys()
            .unwrap()
            .iter()
            .filter(|k| k.starts_with("cpsb:account:"))
            .count()
    };
    assert_eq!(accounts(&store), 1, "one account stored");
    // Another address still goes through from B, and a third tab knows the taken one at open.
    b.run(|sb, now| inscription::creer_compte(sb, &form("autre@exemple.fr"), now))
        .unwrap();
    let mut c = tab(&store);
    let err = c
        .run(|sb, now| inscription::creer_compte(sb, &form("meme@exemple.fr"), now))
        .unwrap_err();
    assert_eq!(
        field_message(&err, domain::compte::champs::ADRESSE_CONNEXION).as_deref(),
        Some(inscription::LOGIN_DEJA_UTILISE)
    );
    assert_eq!(accounts(&store), 2);
}

#[test]
fn storage_events_of_a_taken_value_come_with_its_records() {
    let store = Shared::default();
    let mut a = tab(&store);
    let mut b = tab(&store);
    let id = a
        .run(|sb, now| inscription::creer_compte(sb, &form("x@exemple.fr"), now))
        .unwrap();
    // The events arrive in the order of the writes: the records, then the index key.
    let writes: Vec<String> = store
        .keys()
        .unwrap()
        .into_iter()
        .filter(|k| k.starts_with("cpsb:"))
        .collect();
    for key in &writes {
        b.on_storage_event(Some(key));
    }
    assert!(
        !b.on_storage_event(Some("cpsb-index:login:x@exemple.fr")),
        "an index key changes nothing visible"
    );
    assert!(b.sandbox().comptes.contains_key(&id));
    // B now refuses by its own check, and its commit of another address is not disturbed.
    let err = b
        .run(|sb, now| inscription::creer_compte(sb, &form("x@exemple.fr"), now))
        .unwrap_err();
    assert_eq!(
        field_message(&err, domain::compte::champs::ADRESSE_CONNEXION).as_deref(),
        Some(inscription::LOGIN_DEJA_UTILISE)
    );
    b.run(|sb, now| inscription::creer_compte(sb, &form("y@exemple.fr"), now))
        .unwrap();
    assert_eq!(
        store
            .get("cpsb-index:login:x@exemple.fr")
            .unwrap()
            .as_deref(),
        Some("1"),
        "an index key is a counter of the commits that took the value"
    );
}

mod invoices {
    use super::*;
    use domain::facturation::facture::ModeDepot;
    use domain::facturation::saisie::{self, FormulaireFacture, FormulaireLigne};
    use domain::kernel::ids::{CompteId, StructureId};
    use domain::organisation::structure::ProfilDestinataire;

    fn claire() -> CompteId {
        CompteId::from("demo-claire-durand")
    }
    fn menuiserie() -> StructureId {
        StructureId::from("demo-menuiserie-durand")
    }

    fn invoice(b: &Backend, numero: &str) -> FormulaireFacture {
        let sb = b.sandbox();
        let dest = sb
            .structures
            .values()
            .find(|s| {
                s.is_public()
                    && s.is_active()
                    && s.parametres.profile() == ProfilDestinataire::EjObligatoire
            })
            .expect("the annuaire has every profile")
            .clone();
        FormulaireFacture {
            destinataire: dest.identifier.clone(),
            ej: "EJ-2026-0042".into(),
            coordonnees_bancaires: "demo-compte-principal".into(),
            numero: numero.into(),
            date: "2026-11-20".into(),
            lignes: vec![FormulaireLigne {
                designation: "Pose".into(),
                quantite: "1".into(),
                prix: "100".into(),
                taux: "2000".into(),
                unite: "u".into(),
                ..FormulaireLigne::default()
            }],
            ..FormulaireFacture::nouvelle(ModeDepot::SaisiePortail)
        }
    }

    fn send(b: &mut Backend, form: &FormulaireFacture) -> Result<(), ActionError> {
        b.run(|sb, now| saisie::envoyer(sb, &claire(), &menuiserie(), None, form, now))
            .map(|_| ())
    }

    #[test]
    fn two_tabs_depositing_the_same_number_the_same_year_make_one_invoice() {
        let store = Shared::default();
        let mut a = tab(&store);
        let mut b = tab(&store);
        let form_a = invoice(&a, "FA-2026-777");
        let form_b = invoice(&b, "fa-2026-777");
        send(&mut a, &form_a).unwrap();
        let err = send(&mut b, &form_b).unwrap_err();
        assert_eq!(
            field_message(&err, saisie::champs::NUMERO).as_deref(),
            Some(saisie::NUMERO_DEJA_UTILISE),
            "{err:?}"
        );
        assert!(b.alert.is_none());
        let invoices = store
            .keys()
            .unwrap()
            .iter()
            .filter(|k| k.starts_with("cpsb:facture:"))
            .count();
        assert_eq!(invoices, 1);
        // Another number from B is deposited.
        let autre = invoice(&b, "FA-2026-778");
        send(&mut b, &autre).unwrap();
    }
}

mod orphan_structure {
    use super::*;
    use domain::kernel::ids::{CompteId, StructureId};
    use domain::organisation::rattachement::{self, IssueDemande};

    fn orphan(b: &Backend) -> StructureId {
        let sb = b.sandbox();
        sb.structures
            .values()
            .find(|s| {
                s.is_public() && s.is_active() && rattachement::gestionnaires(&sb, &s.id).is_empty()
            })
            .map(|s| s.id.clone())
            .expect("the annuaire has structures without a GP")
    }

    #[test]
    fn two_tabs_taking_an_orphan_structure_make_one_gp() {
        let store = Shared::default();
        let mut a = tab(&store);
        let mut b = tab(&store);
        let s = orphan(&a);
        let claire = CompteId::from("demo-claire-durand");
        let hugo = CompteId::from("demo-hugo-petit");
        let issue = a
            .run(|sb, now| rattachement::demander_rattachement(sb, &claire, &s, &[], "", now))
            .unwrap()
            .issue;
        assert_eq!(issue, IssueDemande::RattacheCommeGestionnairePrincipal);
        let err = b
            .run(|sb, now| rattachement::demander_rattachement(sb, &hugo, &s, &[], "", now))
            .unwrap_err();
        assert_eq!(
            field_message(&err, rattachement::champs::STRUCTURE).as_deref(),
            Some(rattachement::GP_DESIGNE_ENTRE_TEMPS),
            "{err:?}"
        );
        // Once B has seen A's rattachement, its request goes to the new GP.
        for key in store.keys().unwrap() {
            if key.starts_with("cpsb:rattachement:") {
                b.on_storage_event(Some(&key));
            }
        }
        assert_eq!(rattachement::gestionnaires(&b.sandbox(), &s).len(), 1);
        let issue = b
            .run(|sb, now| rattachement::demander_rattachement(sb, &hugo, &s, &[], "", now))
            .unwrap()
            .issue;
        assert_eq!(issue, IssueDemande::EnvoyeeAuGestionnaire);
    }
}

mod read_set {
    use super::*;
    use domain::{Change, Collection, DomainError, Read, Record, RecordKey};
    use storage::{Envelope, Persistence, Refusal};

    fn clock_put(b: &Backend) -> Change {
        Change::Put(Record::Clock(b.sandbox().clock.clone()))
    }

    #[test]
    fn a_record_read_that_another_tab_changed_is_a_conflict() {
        let store = Shared::default();
        let mut shared = store.clone();
        // This tab read everything, then another tab advanced the clock.
        let (mut p, _) = Persistence::load(&mut shared).unwrap();
        let mut other = tab(&store);
        other
            .run(|sb, _| domain::simulation::horloge::advance(sb, ClockStep::OneDay))
            .unwrap();
        // A command that decided on the clock, writing something else, is refused.
        let clock = RecordKey::new(Collection::Clock, "main");
        let delete = Change::Delete(RecordKey::new(Collection::Courriel, "m1"));
        let err = p
            .commit_reading(
                &mut shared,
                std::slice::from_ref(&delete),
                &[Read::Record(clock.clone())],
            )
            .unwrap_err();
        assert_eq!(
            err,
            Refusal::Storage(StorageError::Conflict(vec![clock])),
            "the clock changed since this tab read it"
        );
        // Without that read, the same write goes through.
        p.commit_reading(&mut shared, &[delete], &[]).unwrap();
    }

    #[test]
    fn a_full_quota_on_the_index_key_puts_the_records_back() {
        let mut store = MemoryStore::new();
        let (mut p, _) = Persistence::load(&mut store).unwrap();
        let b = tab(&Shared::default());
        let put = clock_put(&b);
        let Change::Put(record) = &put else {
            unreachable!("built as a put")
        };
        let raw = Envelope::new(1, record.to_json()).to_raw();
        // Room for the record, not for the index key after it.
        store.quota =
            Some(storage::kv::utf16_len("cpsb:clock:main") + storage::kv::utf16_len(&raw));
        let taken = DomainError::Rule("pris".to_string());
        let err = p
            .commit_reading(
                &mut store,
                &[put],
                &[Read::Index {
                    key: "login:x@exemple.fr".to_string(),
                    taken,
                }],
            )
            .unwrap_err();
        assert_eq!(err, Refusal::Storage(StorageError::Quota));
        assert!(store.entries().is_empty(), "the record was put back");
    }

    #[test]
    fn a_value_another_tab_took_is_refused_with_the_commands_refusal() {
        let mut store = MemoryStore::new();
        let (mut first, _) = Persistence::load(&mut store).unwrap();
        let (mut second, _) = Persistence::load(&mut store).unwrap();
        let b = tab(&Shared::default());
        let index = || Read::Index {
            key: "numero:s:2026:fa-1".to_string(),
            taken: DomainError::Rule("déjà utilisé".to_string()),
        };
        first
            .commit_reading(&mut store, &[clock_put(&b)], &[index()])
            .unwrap();
        let mail = Change::Delete(RecordKey::new(Collection::Courriel, "m1"));
        assert_eq!(
            second.commit_reading(&mut store, std::slice::from_ref(&mail), &[index()]),
            Err(Refusal::Taken(DomainError::Rule(
                "déjà utilisé".to_string()
            )))
        );
        // Learnt, the value may be taken again (a value freed since, by a reset for example).
        second
            .refresh_index(&store, "cpsb-index:numero:s:2026:fa-1")
            .unwrap();
        second
            .commit_reading(&mut store, &[mail], &[index()])
            .unwrap();
        assert_eq!(
            store
                .get("cpsb-index:numero:s:2026:fa-1")
                .unwrap()
                .as_deref(),
            Some("2")
        );
    }
}

mod background {
    use super::*;
    use storage::lease::{LEADER_KEY, LEASE_MS, TAB_KEY};

    #[test]
    fn one_tab_leads_the_background_work_and_hands_over_when_it_closes() {
        let store = Shared::default();
        let mut a = tab(&store);
        let mut b = tab(&store);
        let t = real_now();
        assert!(a.heartbeat(t), "the first tab leads");
        assert!(!b.heartbeat(t), "the second waits");
        a.release_lease();
        assert_eq!(store.get(LEADER_KEY).unwrap(), None);
        assert!(b.heartbeat(t), "handed over once the leader closed");
        assert!(!a.heartbeat(t + chrono::Duration::milliseconds(LEASE_MS - 1)));
        // B froze: A takes over when its lease expired.
        assert!(a.heartbeat(t + chrono::Duration::milliseconds(LEASE_MS)));
    }

    #[test]
    fn a_reloaded_tab_keeps_its_lease() {
        let store = Shared::default();
        let session = Shared::default();
        let open = |session: &Shared| {
            Backend::open(
                Box::new(store.clone()),
                Some(Box::new(session.clone())),
                StorageMode::Persistent,
                real_now,
            )
        };
        let mut first = open(&session);
        assert!(first.heartbeat(real_now()));
        let id = session.get(TAB_KEY).unwrap().expect("the tab id is kept");
        // Reload: same sessionStorage, same tab, still the leader; another tab is not.
        let mut reloaded = open(&session);
        assert!(reloaded.heartbeat(real_now()));
        assert_eq!(session.get(TAB_KEY).unwrap(), Some(id));
        assert!(!open(&Shared::default()).heartbeat(real_now()));
    }

    #[test]
    fn a_failed_background_step_is_silent_and_kept_for_the_next_try() {
        let store = Shared::default();
        let mut a = tab(&store);
        let mut b = tab(&store);
        b.run(|sb, _| domain::simulation::horloge::advance(sb, ClockStep::OneDay))
            .unwrap();
        // A's background step collides with B's write: refused, but nothing shown.
        let err = a
            .run_background(|sb, _| domain::simulation::horloge::advance(sb, ClockStep::OneDay))
            .unwrap_err();
        assert!(
            matches!(err, ActionError::Storage(StorageError::Conflict(_))),
            "{err:?}"
        );
        assert_eq!(a.alert, None, "a background step never shows an error");
        assert_eq!(a.background_failure, Some(err));
        // The record was reloaded: the next try goes through and clears the failure.
        a.run_background(|sb, _| domain::simulation::horloge::advance(sb, ClockStep::OneDay))
            .unwrap();
        assert_eq!(a.background_failure, None);
        assert_eq!(a.sandbox().clock.offset_seconds, 2 * 86_400);
    }

    #[test]
    fn a_background_step_keeps_the_users_own_alert() {
        let store = Shared::default();
        let mut a = tab(&store);
        a.run(|sb, now| inscription::creer_compte(sb, &form("a@exemple.fr"), now))
            .unwrap();
        let used = store.0.borrow().used();
        store.0.borrow_mut().quota = Some(used + 10);
        let own = a
            .run(|sb, now| inscription::creer_compte(sb, &form("b@exemple.fr"), now))
            .unwrap_err();
        assert_eq!(
            a.alert,
            Some(own.clone()),
            "the user's own failure is shown"
        );
        let background = a
            .run_background(|sb, _| domain::simulation::horloge::advance(sb, ClockStep::OneDay))
            .unwrap_err();
        assert_eq!(background, ActionError::Storage(StorageError::Quota));
        assert_eq!(a.alert, Some(own), "left as the user's action set it");
    }
}

#[test]
fn a_storage_full_at_start_opens_read_only_from_what_is_stored() {
    let store = Shared::default();
    let mut a = tab(&store);
    let id = a
        .run(|sb, now| inscription::creer_compte(sb, &form("plein@exemple.fr"), now))
        .unwrap();
    let stored = store.0.borrow().keys().unwrap();
    // Another start finds the browser's storage full: everything stored is read, nothing written.
    let mut b = Backend::open(
        Box::new(store.clone()),
        Some(Box::new(MemoryStore::new())),
        StorageMode::Full,
        real_now,
    );
    assert_eq!(b.read_only_reason(), Some(ReadOnlyReason::Full));
    assert!(b.read_only_reason().unwrap().message_fr().contains("plein"));
    assert!(
        b.sandbox().comptes.contains_key(&id),
        "the stored account is there"
    );
    assert_eq!(
        b.sandbox().records(),
        a.sandbox().records(),
        "all of it, to export"
    );
    assert!(!b.has_set_aside());
    let err = b
        .run(|sb, now| inscription::creer_compte(sb, &form("autre@exemple.fr"), now))
        .unwrap_err();
    assert_eq!(err, ActionError::Storage(StorageError::ReadOnly));
    assert_eq!(store.0.borrow().keys().unwrap(), stored, "nothing written");
}

#[test]
fn each_read_only_case_says_its_own_reason() {
    // Newer data: read-only, nothing set aside.
    let store = Shared::default();
    store
        .clone()
        .set("cpsb:clock:main", r#"{"v":99,"rev":1,"data":{}}"#)
        .unwrap();
    let b = tab(&store);
    assert_eq!(b.read_only_reason(), Some(ReadOnlyReason::Newer));
    assert!(
        !b.has_set_aside(),
        "newer data is never said to be set aside"
    );
    assert!(!ReadOnlyReason::Newer.message_fr().contains("mises de côté"));
    // Unreadable data set aside: writable, the recovery page has it.
    let store = Shared::default();
    store
        .clone()
        .set("cpsb:clock:main", r#"{"v":1,"rev":1,"data":"#)
        .unwrap();
    let b = tab(&store);
    assert_eq!(b.read_only_reason(), None);
    assert!(b.has_set_aside());
}

/// Item 3 of issue 11: the path for commands taking unique values across browser processes —
/// decide, reserve the values in a store every tab shares, commit.
mod reserved_values {
    use super::*;
    use std::cell::RefCell;
    use storage::reservations::{MemoryReservations, HOLD_MS};

    type Shared2 = Rc<RefCell<MemoryReservations>>;

    /// What `AppContext::run_unique` does, with the reservations in memory.
    fn run_unique(
        b: &mut Backend,
        reservations: &Shared2,
        at: i64,
        command: impl Fn(
            &domain::Sandbox,
            Timestamp,
        )
            -> Result<domain::Outcome<domain::kernel::ids::CompteId>, domain::DomainError>,
    ) -> Result<domain::kernel::ids::CompteId, ActionError> {
        let decision = b.decide(&command)?;
        let values = decision.uniques();
        let tab = b.tab().to_string();
        if let Err(held) = reservations.borrow_mut().reserve(&values, &tab, at) {
            return Err(decision.refusal(&held));
        }
        let result = b.commit_decision(decision, &command);
        if result.is_err() {
            reservations.borrow_mut().release(&values, &tab);
        }
        result
    }

    fn accounts(s: &Shared) -> usize {
        s.keys()
            .unwrap()
            .iter()
            .filter(|k| k.starts_with("cpsb:account:"))
            .count()
    }

    /// Two tabs of separate sessions (their own tab ids), one localStorage.
    fn two_tabs(store: &Shared) -> (Backend, Backend) {
        let a = tab(store);
        let b = tab(store);
        assert_ne!(a.tab(), b.tab());
        (a, b)
    }

    #[test]
    fn decide_writes_nothing_and_commit_decision_commits_it() {
        let store = Shared::default();
        let (mut a, _) = two_tabs(&store);
        let command =
            |sb: &domain::Sandbox, now| inscription::creer_compte(sb, &form("x@exemple.fr"), now);
        let decision = a.decide(&command).unwrap();
        assert_eq!(decision.uniques(), vec!["login:x@exemple.fr".to_string()]);
        assert_eq!(accounts(&store), 0, "deciding writes nothing");
        let generation = a.generation;
        let id = a.commit_decision(decision, &command).unwrap();
        assert_eq!(accounts(&store), 1);
        assert!(a.sandbox().comptes.contains_key(&id));
        assert!(a.generation > generation);
        // A refused decision is the domain's refusal, nothing decided.
        let err = a.decide(&command).map(|_| ()).unwrap_err();
        assert_eq!(
            field_message(&err, domain::compte::champs::ADRESSE_CONNEXION).as_deref(),
            Some(inscription::LOGIN_DEJA_UTILISE)
        );
    }

    #[test]
    fn a_value_reserved_by_another_tab_is_refused_with_the_duplicates_message() {
        let store = Shared::default();
        let reservations = Shared2::default();
        let (mut a, mut b) = two_tabs(&store);
        let ca = |sb: &domain::Sandbox, now| {
            inscription::creer_compte(sb, &form("meme@exemple.fr"), now)
        };
        let cb = |sb: &domain::Sandbox, now| {
            inscription::creer_compte(sb, &form("MEME@exemple.fr"), now)
        };
        // Both decide in the same instant, on the same state: the address is free for both.
        let da = a.decide(&ca).unwrap();
        let db = b.decide(&cb).unwrap();
        reservations
            .borrow_mut()
            .reserve(&da.uniques(), a.tab(), 1_000)
            .unwrap();
        let held = reservations
            .borrow_mut()
            .reserve(&db.uniques(), b.tab(), 1_001)
            .unwrap_err();
        let err = db.refusal(&held);
        assert_eq!(
            field_message(&err, domain::compte::champs::ADRESSE_CONNEXION).as_deref(),
            Some(inscription::LOGIN_DEJA_UTILISE),
            "{err:?}"
        );
        a.commit_decision(da, &ca).unwrap();
        assert_eq!(accounts(&store), 1);
        assert!(
            b.alert.is_none(),
            "a duplicate, not the generic conflict text"
        );
        // The whole path, for B again within the hold: still refused, still one account.
        let err = run_unique(&mut b, &reservations, 2_000, cb).unwrap_err();
        assert_eq!(
            field_message(&err, domain::compte::champs::ADRESSE_CONNEXION).as_deref(),
            Some(inscription::LOGIN_DEJA_UTILISE)
        );
        assert_eq!(accounts(&store), 1);
    }

    #[test]
    fn a_state_changed_meanwhile_is_decided_again() {
        let store = Shared::default();
        let reservations = Shared2::default();
        let (mut a, mut b) = two_tabs(&store);
        let cb = |sb: &domain::Sandbox, now| {
            inscription::creer_compte(sb, &form("meme@exemple.fr"), now)
        };
        let db = b.decide(&cb).unwrap();
        // A registers the address after B decided (its hold long gone), and B receives A's records
        // before committing: B decides again and gets the plain duplicate.
        run_unique(&mut a, &reservations, 0, |sb, now| {
            inscription::creer_compte(sb, &form("meme@exemple.fr"), now)
        })
        .unwrap();
        for key in store.keys().unwrap() {
            b.on_storage_event(Some(&key));
        }
        reservations
            .borrow_mut()
            .reserve(&db.uniques(), b.tab(), HOLD_MS + 1)
            .unwrap();
        let err = b.commit_decision(db, &cb).unwrap_err();
        assert_eq!(
            field_message(&err, domain::compte::champs::ADRESSE_CONNEXION).as_deref(),
            Some(inscription::LOGIN_DEJA_UTILISE)
        );
        assert_eq!(accounts(&store), 1);
    }

    #[test]
    fn a_failed_commit_gives_its_reservation_back() {
        let store = Shared::default();
        let reservations = Shared2::default();
        let (mut a, mut b) = two_tabs(&store);
        // A's commit fails (A decided on a state another tab changed: the index key check).
        let decision = a
            .decide(&|sb: &domain::Sandbox, now| {
                inscription::creer_compte(sb, &form("c@exemple.fr"), now)
            })
            .unwrap();
        b.run(|sb, now| inscription::creer_compte(sb, &form("c@exemple.fr"), now))
            .unwrap();
        let values = decision.uniques();
        reservations
            .borrow_mut()
            .reserve(&values, a.tab(), 0)
            .unwrap();
        let cmd =
            |sb: &domain::Sandbox, now| inscription::creer_compte(sb, &form("c@exemple.fr"), now);
        assert!(a.commit_decision(decision, &cmd).is_err());
        let tab_a = a.tab().to_string();
        reservations.borrow_mut().release(&values, &tab_a);
        assert!(reservations.borrow().entries.is_empty(), "given back");
        assert_eq!(accounts(&store), 1);
    }
}

/// A tab in trainer mode (it chose the code « Formation#2026 »).
fn formateur(store: &Shared) -> Backend {
    let mut b = tab(store);
    b.choisir_code_formateur("Formation#2026", "Formation#2026")
        .unwrap();
    assert_eq!(
        b.etat_formateur(),
        domain::simulation::formateur::Etat::Ouvert
    );
    b
}

#[test]
fn the_trainers_tools_are_refused_outside_the_trainer_mode_and_write_nothing() {
    use domain::simulation::{formateur::Etat, horloge};
    let store = Shared::default();
    let mut trainee = tab(&store);
    // No code yet: nothing runs, nothing is written.
    let refused = trainee.run_formateur(|sb, _| horloge::advance(sb, ClockStep::SevenDays));
    assert!(
        matches!(refused, Err(ActionError::Domain(domain::DomainError::Forbidden(ref m))) if m.contains("choisissez d'abord un code formateur"))
    );
    assert!(store.0.borrow().entries().is_empty(), "nothing written");
    // The trainer chooses the code in another tab; this tab is still locked.
    let mut trainer = formateur(&store);
    trainee.on_storage_event(Some("cpsb:formateur:main"));
    assert_eq!(trainee.etat_formateur(), Etat::Verrouille);
    let before = store.0.borrow().entries().clone();
    let refused = trainee.run_formateur(|sb, _| horloge::advance(sb, ClockStep::SevenDays));
    assert!(
        matches!(refused, Err(ActionError::Domain(domain::DomainError::Forbidden(ref m))) if m.contains("entrez le code formateur"))
    );
    assert!(trainee.replace_all_formateur(Vec::new()).is_err());
    assert_eq!(store.0.borrow().entries(), &before, "nothing written");
    assert_eq!(trainee.sandbox().clock.offset_seconds, 0);
    // A wrong code is told at the field; the right one opens the tools.
    let wrong = trainee.entrer_formateur("mauvais code").unwrap_err();
    assert_eq!(
        wrong
            .domain()
            .and_then(|e| e.for_field(domain::simulation::formateur::champs::CODE)),
        Some("Code formateur incorrect. Demandez-le au formateur qui a préparé la session.")
    );
    trainee.entrer_formateur("Formation#2026").unwrap();
    trainee
        .run_formateur(|sb, _| horloge::advance(sb, ClockStep::SevenDays))
        .unwrap();
    assert_eq!(trainee.sandbox().clock.offset_seconds, 7 * 86_400);
    trainee.quitter_formateur();
    assert_eq!(trainee.etat_formateur(), Etat::Verrouille);
    // The trainer changes the code: the other tabs leave the mode.
    trainee.entrer_formateur("Formation#2026").unwrap();
    trainer
        .choisir_code_formateur("Nouveau-code-1", "Nouveau-code-1")
        .unwrap();
    trainee.on_storage_event(Some("cpsb:formateur:main"));
    assert_eq!(trainee.etat_formateur(), Etat::Verrouille);
    assert_eq!(trainer.etat_formateur(), Etat::Ouvert);
}

#[test]
fn a_reset_or_an_import_without_a_code_keeps_the_trainers_code() {
    use domain::simulation::formateur::Etat;
    let store = Shared::default();
    let mut b = formateur(&store);
    b.run(|sb, now| domain::compte::inscription::creer_compte(sb, &form("a@exemple.fr"), now))
        .unwrap();
    b.replace_all_formateur(Vec::new()).unwrap();
    assert_eq!(
        b.sandbox().comptes.len(),
        domain::simulation::base::sandbox().comptes.len()
    );
    assert!(b.sandbox().formateur.is_some(), "the code is kept");
    assert_eq!(b.etat_formateur(), Etat::Ouvert);
    let mut other = tab(&store);
    assert_eq!(other.etat_formateur(), Etat::Verrouille);
    other.entrer_formateur("Formation#2026").unwrap();
    // An import bringing its own code replaces it; the importing tab stays in trainer mode.
    let mut source = domain::simulation::base::sandbox();
    let out =
        domain::simulation::formateur::choisir_code(&source, None, "Autre-code-9", "Autre-code-9")
            .unwrap();
    source.apply(&out.changes);
    b.replace_all_formateur(source.records()).unwrap();
    assert_eq!(b.etat_formateur(), Etat::Ouvert);
    let mut third = tab(&store);
    assert!(third.entrer_formateur("Formation#2026").is_err());
    third.entrer_formateur("Autre-code-9").unwrap();
}

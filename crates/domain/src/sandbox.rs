//! The whole sandbox state and the unit of change that commands produce.
//!
//! State is a set of records, each in a collection and with an id. A command returns the records it
//! puts or deletes (`Change`); storage writes exactly those (writes proportional to what changed),
//! then `Sandbox::apply` brings the in-memory state in step.

use crate::compte::messagerie::Courriel;
use crate::compte::Compte;
use crate::facturation::facture::Facture;
use crate::facturation::flux::Flux;
use crate::facturation::travaux::DossierTravaux;
use crate::kernel::error::DomainError;
use crate::kernel::ids::{
    CompteId, CourrielId, DossierTravauxId, FactureId, FluxId, RattachementId, ServiceId,
    SollicitationId, StructureId,
};
use crate::kernel::time::SandboxClock;
use crate::organisation::rattachement::Rattachement;
use crate::organisation::structure::{Service, Structure};
use crate::simulation::formateur::CodeFormateur;
use crate::simulation::progression::Progression;
use crate::sollicitations::Sollicitation;
use serde::{de::DeserializeOwned, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Entities are shared behind `Rc` so that cloning the state (for a re-render or a rollback)
/// costs a pointer per record, never a deep copy.
pub type Table<K, V> = BTreeMap<K, Rc<V>>;

/// The sandbox's state. It starts from a base of shipped records (`Base`: the annuaire and the demo
/// accounts in the app); stored records add to it or override a base record with the same key. Only
/// what differs from the base is ever written or exported.
#[derive(Clone, Debug, PartialEq)]
pub struct Sandbox {
    pub clock: SandboxClock,
    pub comptes: Table<CompteId, Compte>,
    pub courriels: Table<CourrielId, Courriel>,
    pub structures: Table<StructureId, Structure>,
    pub services: Table<ServiceId, Service>,
    pub rattachements: Table<RattachementId, Rattachement>,
    pub factures: Table<FactureId, Facture>,
    /// The deposited flows (« Suivi des flux »).
    pub flux: Table<FluxId, Flux>,
    /// The works dossiers de facturation (« Factures de travaux »), each with its documents.
    pub travaux: Table<DossierTravauxId, DossierTravaux>,
    pub sollicitations: Table<SollicitationId, Sollicitation>,
    /// The training scenario running, if any (one at a time).
    pub progression: Option<Rc<Progression>>,
    /// The trainer's session code (its hash), once chosen.
    pub formateur: Option<Rc<CodeFormateur>>,
    base: Rc<Base>,
}

/// Records shipped with the app (the annuaire and the demo accounts, built by
/// `simulation::base`), shared by every `Sandbox` that starts from them.
#[derive(Debug, Default, PartialEq)]
pub struct Base {
    comptes: Table<CompteId, Compte>,
    structures: Table<StructureId, Structure>,
    services: Table<ServiceId, Service>,
    rattachements: Table<RattachementId, Rattachement>,
}

impl Base {
    /// A base of these records. Clock, mail and invoice records are never shipped: they are
    /// ignored here (the shipped data is built in code and tested to hold none).
    pub fn new(records: impl IntoIterator<Item = Record>) -> Base {
        let mut base = Base::default();
        for record in records {
            match record {
                Record::Compte(a) => {
                    base.comptes.insert(a.id.clone(), a);
                }
                Record::Structure(s) => {
                    base.structures.insert(s.id.clone(), s);
                }
                Record::Service(s) => {
                    base.services.insert(s.id.clone(), s);
                }
                Record::Rattachement(r) => {
                    base.rattachements.insert(r.id.clone(), r);
                }
                Record::Clock(_)
                | Record::Courriel(_)
                | Record::Facture(_)
                | Record::Flux(_)
                | Record::Travaux(_)
                | Record::Sollicitation(_)
                | Record::Progression(_)
                | Record::Formateur(_) => {}
            }
        }
        base
    }
}

impl Sandbox {
    /// The state as it starts: the base's records, nothing stored yet.
    pub fn new(base: Rc<Base>) -> Self {
        Sandbox {
            clock: SandboxClock::default(),
            comptes: base.comptes.clone(),
            courriels: Table::new(),
            structures: base.structures.clone(),
            services: base.services.clone(),
            rattachements: base.rattachements.clone(),
            factures: Table::new(),
            flux: Table::new(),
            travaux: Table::new(),
            sollicitations: Table::new(),
            progression: None,
            formateur: None,
            base,
        }
    }
}

/// An empty sandbox (no shipped record): what the kernel knows without any seed data.
impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new(Rc::new(Base::default()))
    }
}

/// The kinds of records. Their `name` is part of the storage key and of the export format:
/// never rename one without a migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Collection {
    Clock,
    Compte,
    Courriel,
    Structure,
    Service,
    Rattachement,
    Facture,
    Progression,
    Formateur,
    Flux,
    Travaux,
    Sollicitation,
}

impl Collection {
    pub const ALL: [Collection; 12] = [
        Collection::Clock,
        Collection::Compte,
        Collection::Courriel,
        Collection::Structure,
        Collection::Service,
        Collection::Rattachement,
        Collection::Facture,
        Collection::Progression,
        Collection::Formateur,
        Collection::Flux,
        Collection::Travaux,
        Collection::Sollicitation,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Collection::Clock => "clock",
            Collection::Compte => "account",
            Collection::Courriel => "mail",
            Collection::Structure => "structure",
            Collection::Service => "service",
            Collection::Rattachement => "rattachement",
            Collection::Facture => "facture",
            Collection::Progression => "progression",
            Collection::Formateur => "formateur",
            Collection::Flux => "flux",
            Collection::Travaux => "travaux",
            Collection::Sollicitation => "sollicitation",
        }
    }

    pub fn from_name(name: &str) -> Option<Collection> {
        Collection::ALL.into_iter().find(|c| c.name() == name)
    }

    /// What the trainee is told when a record of this kind is lost or recovered.
    pub fn label_fr(self) -> &'static str {
        match self {
            Collection::Clock => "horloge du bac à sable",
            Collection::Compte => "compte utilisateur",
            Collection::Courriel => "message de la messagerie",
            Collection::Structure => "structure",
            Collection::Service => "service",
            Collection::Rattachement => "rattachement à une structure",
            Collection::Facture => "facture",
            Collection::Progression => "progression d'un scénario de formation",
            Collection::Formateur => "code formateur",
            Collection::Flux => "flux déposé",
            Collection::Travaux => "dossier de facturation de travaux",
            Collection::Sollicitation => "sollicitation",
        }
    }
}

/// Id of the single clock record (and of the trainer's code).
pub const SINGLETON_ID: &str = "main";

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordKey {
    pub collection: Collection,
    pub id: String,
}

impl RecordKey {
    pub fn new(collection: Collection, id: impl Into<String>) -> Self {
        Self {
            collection,
            id: id.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    Clock(SandboxClock),
    Compte(Rc<Compte>),
    Courriel(Rc<Courriel>),
    Structure(Rc<Structure>),
    Service(Rc<Service>),
    Rattachement(Rc<Rattachement>),
    Facture(Rc<Facture>),
    Progression(Rc<Progression>),
    Formateur(Rc<CodeFormateur>),
    Flux(Rc<Flux>),
    Travaux(Rc<DossierTravaux>),
    Sollicitation(Rc<Sollicitation>),
}

impl Record {
    pub fn key(&self) -> RecordKey {
        match self {
            Record::Clock(_) => RecordKey::new(Collection::Clock, SINGLETON_ID),
            Record::Compte(a) => RecordKey::new(Collection::Compte, a.id.as_str()),
            Record::Courriel(m) => RecordKey::new(Collection::Courriel, m.id.as_str()),
            Record::Structure(s) => RecordKey::new(Collection::Structure, s.id.as_str()),
            Record::Service(s) => RecordKey::new(Collection::Service, s.id.as_str()),
            Record::Rattachement(r) => RecordKey::new(Collection::Rattachement, r.id.as_str()),
            Record::Facture(f) => RecordKey::new(Collection::Facture, f.id.as_str()),
            Record::Progression(_) => RecordKey::new(Collection::Progression, SINGLETON_ID),
            Record::Formateur(_) => RecordKey::new(Collection::Formateur, SINGLETON_ID),
            Record::Flux(f) => RecordKey::new(Collection::Flux, f.id.as_str()),
            Record::Travaux(d) => RecordKey::new(Collection::Travaux, d.id.as_str()),
            Record::Sollicitation(s) => RecordKey::new(Collection::Sollicitation, s.id.as_str()),
        }
    }

    /// The record as compact JSON text. Records go straight between their type and text (never
    /// through `serde_json::Value`): faster, and much less code in the wasm bundle.
    pub fn to_json(&self) -> String {
        fn ser<T: Serialize>(v: &T) -> String {
            serde_json::to_string(v).expect("records always serialise")
        }
        match self {
            Record::Clock(c) => ser(c),
            Record::Compte(a) => ser(a.as_ref()),
            Record::Courriel(m) => ser(m.as_ref()),
            Record::Structure(s) => ser(s.as_ref()),
            Record::Service(s) => ser(s.as_ref()),
            Record::Rattachement(r) => ser(r.as_ref()),
            Record::Facture(f) => ser(f.as_ref()),
            Record::Progression(p) => ser(p.as_ref()),
            Record::Formateur(c) => ser(c.as_ref()),
            Record::Flux(f) => ser(f.as_ref()),
            Record::Travaux(d) => ser(d.as_ref()),
            Record::Sollicitation(s) => ser(s.as_ref()),
        }
    }

    /// Parses a record of `key`'s collection; checks that the id inside matches the key.
    pub fn from_json(key: &RecordKey, json: &str) -> Result<Record, String> {
        fn de<T: DeserializeOwned>(json: &str) -> Result<T, String> {
            serde_json::from_str(json).map_err(|e| french_serde_error(&e.to_string()))
        }
        let record = match key.collection {
            Collection::Clock => Record::Clock(de(json)?),
            Collection::Compte => Record::Compte(Rc::new(de(json)?)),
            Collection::Courriel => Record::Courriel(Rc::new(de(json)?)),
            Collection::Structure => Record::Structure(Rc::new(de(json)?)),
            Collection::Service => Record::Service(Rc::new(de(json)?)),
            Collection::Rattachement => Record::Rattachement(Rc::new(de(json)?)),
            Collection::Facture => Record::Facture(Rc::new(de(json)?)),
            Collection::Progression => Record::Progression(Rc::new(de(json)?)),
            Collection::Formateur => Record::Formateur(Rc::new(de(json)?)),
            Collection::Flux => Record::Flux(Rc::new(de(json)?)),
            Collection::Travaux => Record::Travaux(Rc::new(de(json)?)),
            Collection::Sollicitation => Record::Sollicitation(Rc::new(de(json)?)),
        };
        if record.key() != *key {
            return Err(format!(
                "l'identifiant enregistré ne correspond pas à la clé « {} »",
                key.id
            ));
        }
        Ok(record)
    }
}

/// Restates serde's (English) message about a record in French, keeping the field or value named.
fn french_serde_error(message: &str) -> String {
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or("?").to_string();
    let what = if message.starts_with("missing field") {
        format!("champ « {} » manquant", quoted(message))
    } else if message.starts_with("unknown variant") {
        format!("valeur « {} » inconnue", quoted(message))
    } else if message.starts_with("unknown field") {
        format!("champ « {} » inconnu", quoted(message))
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        "valeur d'un type inattendu".to_string()
    } else if message.starts_with("duplicate field") {
        format!("champ « {} » en double", quoted(message))
    } else {
        "données illisibles".to_string()
    };
    match message.rsplit_once(" at line ") {
        Some((_, position)) => format!(
            "{what}, ligne {}",
            position.replace(" column ", ", colonne ")
        ),
        None => what,
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Put(Record),
    Delete(RecordKey),
}

impl Change {
    pub fn key(&self) -> RecordKey {
        match self {
            Change::Put(r) => r.key(),
            Change::Delete(k) => k.clone(),
        }
    }
}

/// Something a command read to decide, that must not have changed when its changes are committed
/// (another tab may have written since this tab read it).
#[derive(Clone, Debug, PartialEq)]
pub enum Read {
    /// A record whose content decided the command.
    Record(RecordKey),
    /// A unique value the command found free and now takes (`login:…`, `numero:…`, `gp:…`): two
    /// tabs taking the same value collide on this key. `taken` is what the user is told when
    /// another tab took it first: the same refusal as a plain duplicate.
    Index { key: String, taken: DomainError },
}

/// What a command decided: the changes to persist, a value for the caller (e.g. a new id), and its
/// read set (what it relied on; the commit refuses when any of it changed since).
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome<T = ()> {
    pub changes: Vec<Change>,
    pub value: T,
    pub reads: Vec<Read>,
}

impl Outcome<()> {
    pub fn new() -> Self {
        Outcome {
            changes: Vec::new(),
            value: (),
            reads: Vec::new(),
        }
    }
}

impl Default for Outcome<()> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Outcome<T> {
    pub fn put(mut self, record: Record) -> Self {
        self.changes.push(Change::Put(record));
        self
    }

    pub fn put_all(mut self, records: impl IntoIterator<Item = Record>) -> Self {
        self.changes.extend(records.into_iter().map(Change::Put));
        self
    }

    pub fn delete(mut self, key: RecordKey) -> Self {
        self.changes.push(Change::Delete(key));
        self
    }

    /// The decision relied on this record as this tab read it.
    pub fn reading(mut self, key: RecordKey) -> Self {
        self.reads.push(Read::Record(key));
        self
    }

    /// The decision takes the unique value named `key`; `taken` is the refusal if another tab
    /// took it first.
    pub fn taking(mut self, key: String, taken: DomainError) -> Self {
        self.reads.push(Read::Index { key, taken });
        self
    }

    pub fn with_value<U>(self, value: U) -> Outcome<U> {
        Outcome {
            changes: self.changes,
            value,
            reads: self.reads,
        }
    }
}

impl Sandbox {
    pub fn apply(&mut self, changes: &[Change]) {
        for change in changes {
            match change {
                Change::Put(record) => self.put(record.clone()),
                Change::Delete(key) => self.remove(key),
            }
        }
    }

    pub fn put(&mut self, record: Record) {
        match record {
            Record::Clock(c) => self.clock = c,
            Record::Compte(a) => {
                self.comptes.insert(a.id.clone(), a);
            }
            Record::Courriel(m) => {
                self.courriels.insert(m.id.clone(), m);
            }
            Record::Structure(s) => {
                self.structures.insert(s.id.clone(), s);
            }
            Record::Service(s) => {
                self.services.insert(s.id.clone(), s);
            }
            Record::Rattachement(r) => {
                self.rattachements.insert(r.id.clone(), r);
            }
            Record::Facture(f) => {
                self.factures.insert(f.id.clone(), f);
            }
            Record::Progression(p) => self.progression = Some(p),
            Record::Formateur(c) => self.formateur = Some(c),
            Record::Flux(f) => {
                self.flux.insert(f.id.clone(), f);
            }
            Record::Travaux(d) => {
                self.travaux.insert(d.id.clone(), d);
            }
            Record::Sollicitation(s) => {
                self.sollicitations.insert(s.id.clone(), s);
            }
        }
    }

    /// Removes a stored record; a base record comes back to its shipped version.
    pub fn remove(&mut self, key: &RecordKey) {
        fn reset<K: Ord + Clone, V>(table: &mut Table<K, V>, base: &Table<K, V>, k: K) {
            match base.get(&k) {
                Some(v) => {
                    table.insert(k, v.clone());
                }
                None => {
                    table.remove(&k);
                }
            }
        }
        let id = key.id.clone();
        let base = self.base.clone();
        match key.collection {
            Collection::Clock => self.clock = SandboxClock::default(),
            Collection::Compte => reset(&mut self.comptes, &base.comptes, CompteId(id)),
            Collection::Courriel => {
                self.courriels.remove(&CourrielId(id));
            }
            Collection::Structure => reset(&mut self.structures, &base.structures, StructureId(id)),
            Collection::Service => reset(&mut self.services, &base.services, ServiceId(id)),
            Collection::Rattachement => reset(
                &mut self.rattachements,
                &base.rattachements,
                RattachementId(id),
            ),
            Collection::Facture => {
                self.factures.remove(&FactureId(id));
            }
            Collection::Progression => self.progression = None,
            Collection::Formateur => self.formateur = None,
            Collection::Flux => {
                self.flux.remove(&FluxId(id));
            }
            Collection::Travaux => {
                self.travaux.remove(&DossierTravauxId(id));
            }
            Collection::Sollicitation => {
                self.sollicitations.remove(&SollicitationId(id));
            }
        }
    }

    /// Every record that differs from the shipped base, in a stable order (what storage holds and
    /// export writes).
    pub fn records(&self) -> Vec<Record> {
        fn changed<'a, K: Ord, V>(
            table: &'a Table<K, V>,
            base: &'a Table<K, V>,
        ) -> impl Iterator<Item = &'a Rc<V>> {
            table
                .iter()
                .filter(|(k, v)| base.get(*k).is_none_or(|b| !Rc::ptr_eq(b, v)))
                .map(|(_, v)| v)
        }
        let mut out = Vec::new();
        if self.clock != SandboxClock::default() {
            out.push(Record::Clock(self.clock.clone()));
        }
        let base = &self.base;
        out.extend(
            changed(&self.comptes, &base.comptes)
                .cloned()
                .map(Record::Compte),
        );
        out.extend(self.courriels.values().cloned().map(Record::Courriel));
        out.extend(
            changed(&self.structures, &base.structures)
                .cloned()
                .map(Record::Structure),
        );
        out.extend(
            changed(&self.services, &base.services)
                .cloned()
                .map(Record::Service),
        );
        out.extend(
            changed(&self.rattachements, &base.rattachements)
                .cloned()
                .map(Record::Rattachement),
        );
        out.extend(self.factures.values().cloned().map(Record::Facture));
        out.extend(self.progression.clone().map(Record::Progression));
        out.extend(self.formateur.iter().cloned().map(Record::Formateur));
        out.extend(self.flux.values().cloned().map(Record::Flux));
        out.extend(self.travaux.values().cloned().map(Record::Travaux));
        out.extend(
            self.sollicitations
                .values()
                .cloned()
                .map(Record::Sollicitation),
        );
        out
    }

    /// Whether an account comes with the app (a demo account): it is listed on the login page.
    pub fn is_base_account(&self, id: &CompteId) -> bool {
        self.base.comptes.contains_key(id)
    }

    pub fn record(&self, key: &RecordKey) -> Option<Record> {
        let id = key.id.clone();
        match key.collection {
            Collection::Clock => Some(Record::Clock(self.clock.clone())),
            Collection::Compte => self.comptes.get(&CompteId(id)).cloned().map(Record::Compte),
            Collection::Courriel => self
                .courriels
                .get(&CourrielId(id))
                .cloned()
                .map(Record::Courriel),
            Collection::Structure => self
                .structures
                .get(&StructureId(id))
                .cloned()
                .map(Record::Structure),
            Collection::Service => self
                .services
                .get(&ServiceId(id))
                .cloned()
                .map(Record::Service),
            Collection::Rattachement => self
                .rattachements
                .get(&RattachementId(id))
                .cloned()
                .map(Record::Rattachement),
            Collection::Facture => self
                .factures
                .get(&FactureId(id))
                .cloned()
                .map(Record::Facture),
            Collection::Progression => self.progression.clone().map(Record::Progression),
            Collection::Formateur => self.formateur.clone().map(Record::Formateur),
            Collection::Flux => self.flux.get(&FluxId(id)).cloned().map(Record::Flux),
            Collection::Travaux => self
                .travaux
                .get(&DossierTravauxId(id))
                .cloned()
                .map(Record::Travaux),
            Collection::Sollicitation => self
                .sollicitations
                .get(&SollicitationId(id))
                .cloned()
                .map(Record::Sollicitation),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection_names_round_trip() {
        for c in Collection::ALL {
            assert_eq!(Collection::from_name(c.name()), Some(c));
        }
        assert_eq!(Collection::from_name("nope"), None);
    }

    #[test]
    fn record_json_checks_the_key() {
        let clock = Record::Clock(SandboxClock { offset_seconds: 60 });
        let json = clock.to_json();
        let key = RecordKey::new(Collection::Clock, SINGLETON_ID);
        assert_eq!(Record::from_json(&key, &json).unwrap(), clock);
        let wrong = RecordKey::new(Collection::Clock, "other");
        assert_eq!(
            Record::from_json(&wrong, &json).unwrap_err(),
            "l'identifiant enregistré ne correspond pas à la clé « other »"
        );
    }

    #[test]
    fn record_errors_are_in_french() {
        let key = RecordKey::new(Collection::Clock, SINGLETON_ID);
        assert_eq!(
            Record::from_json(&key, r#"{"offset_seconds":"deux"}"#).unwrap_err(),
            "valeur d'un type inattendu, ligne 1, colonne 24"
        );
        assert_eq!(
            Record::from_json(&RecordKey::new(Collection::Courriel, "m1"), "{}").unwrap_err(),
            "champ « id » manquant, ligne 1, colonne 2"
        );
    }

    #[test]
    fn apply_puts_and_deletes() {
        let mut sb = crate::simulation::base::sandbox();
        let clock = SandboxClock {
            offset_seconds: 3600,
        };
        sb.apply(&[Change::Put(Record::Clock(clock.clone()))]);
        assert_eq!(sb.clock, clock);
        assert_eq!(sb.records().len(), 1);
        sb.apply(&[Change::Delete(RecordKey::new(
            Collection::Clock,
            SINGLETON_ID,
        ))]);
        assert_eq!(sb, crate::simulation::base::sandbox());
    }

    #[test]
    fn the_base_is_never_stored_and_comes_back_when_an_override_is_deleted() {
        let sb = crate::simulation::base::sandbox();
        assert!(sb.records().is_empty(), "la base n'est jamais écrite");
        assert!(sb.structures.len() >= 40);
        let (id, original) = sb
            .structures
            .iter()
            .next()
            .map(|(k, v)| (k.clone(), v.clone()))
            .unwrap();
        let mut changed = (*original).clone();
        changed.raison_sociale = "Modifiée".into();
        let mut sb2 = sb.clone();
        sb2.apply(&[Change::Put(Record::Structure(Rc::new(changed)))]);
        assert_eq!(sb2.records().len(), 1);
        sb2.apply(&[Change::Delete(RecordKey::new(
            Collection::Structure,
            id.as_str(),
        ))]);
        assert_eq!(sb2, sb);
        assert!(sb2.records().is_empty());
    }
}

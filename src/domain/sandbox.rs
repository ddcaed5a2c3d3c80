//! The whole sandbox state and the unit of change that commands produce.
//!
//! State is a set of records, each in a collection and with an id. A command returns the records it
//! puts or deletes (`Change`); storage writes exactly those (writes proportional to what changed),
//! then `Sandbox::apply` brings the in-memory state in step.

use crate::domain::account::Account;
use crate::domain::clock::SandboxClock;
use crate::domain::ids::{AccountId, MailId};
use crate::domain::mail::Mail;
use serde::{de::DeserializeOwned, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Entities are shared behind `Rc` so that cloning the state (for a re-render or a rollback)
/// costs a pointer per record, never a deep copy.
pub type Table<K, V> = BTreeMap<K, Rc<V>>;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sandbox {
    pub clock: SandboxClock,
    pub accounts: Table<AccountId, Account>,
    pub mails: Table<MailId, Mail>,
}

/// The kinds of records. Their `name` is part of the storage key and of the export format:
/// never rename one without a migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Collection {
    Clock,
    Account,
    Mail,
}

impl Collection {
    pub const ALL: [Collection; 3] = [Collection::Clock, Collection::Account, Collection::Mail];

    pub fn name(self) -> &'static str {
        match self {
            Collection::Clock => "clock",
            Collection::Account => "account",
            Collection::Mail => "mail",
        }
    }

    pub fn from_name(name: &str) -> Option<Collection> {
        Collection::ALL.into_iter().find(|c| c.name() == name)
    }

    /// What the trainee is told when a record of this kind is lost or recovered.
    pub fn label_fr(self) -> &'static str {
        match self {
            Collection::Clock => "horloge du bac à sable",
            Collection::Account => "compte utilisateur",
            Collection::Mail => "message de la messagerie",
        }
    }
}

/// Id of the single clock record.
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
    Account(Rc<Account>),
    Mail(Rc<Mail>),
}

impl Record {
    pub fn key(&self) -> RecordKey {
        match self {
            Record::Clock(_) => RecordKey::new(Collection::Clock, SINGLETON_ID),
            Record::Account(a) => RecordKey::new(Collection::Account, a.id.as_str()),
            Record::Mail(m) => RecordKey::new(Collection::Mail, m.id.as_str()),
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
            Record::Account(a) => ser(a.as_ref()),
            Record::Mail(m) => ser(m.as_ref()),
        }
    }

    /// Parses a record of `key`'s collection; checks that the id inside matches the key.
    pub fn from_json(key: &RecordKey, json: &str) -> Result<Record, String> {
        fn de<T: DeserializeOwned>(json: &str) -> Result<T, String> {
            serde_json::from_str(json).map_err(|e| french_serde_error(&e.to_string()))
        }
        let record = match key.collection {
            Collection::Clock => Record::Clock(de(json)?),
            Collection::Account => Record::Account(Rc::new(de(json)?)),
            Collection::Mail => Record::Mail(Rc::new(de(json)?)),
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

/// What a command decided: the changes to persist, and a value for the caller (e.g. a new id).
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome<T = ()> {
    pub changes: Vec<Change>,
    pub value: T,
}

impl Outcome<()> {
    pub fn new() -> Self {
        Outcome {
            changes: Vec::new(),
            value: (),
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

    pub fn delete(mut self, key: RecordKey) -> Self {
        self.changes.push(Change::Delete(key));
        self
    }

    pub fn with_value<U>(self, value: U) -> Outcome<U> {
        Outcome {
            changes: self.changes,
            value,
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
            Record::Account(a) => {
                self.accounts.insert(a.id.clone(), a);
            }
            Record::Mail(m) => {
                self.mails.insert(m.id.clone(), m);
            }
        }
    }

    pub fn remove(&mut self, key: &RecordKey) {
        match key.collection {
            Collection::Clock => self.clock = SandboxClock::default(),
            Collection::Account => {
                self.accounts.remove(&AccountId(key.id.clone()));
            }
            Collection::Mail => {
                self.mails.remove(&MailId(key.id.clone()));
            }
        }
    }

    /// Every record, in a stable order (used by export and by tests).
    pub fn records(&self) -> Vec<Record> {
        let mut out = Vec::with_capacity(1 + self.accounts.len() + self.mails.len());
        if self.clock != SandboxClock::default() {
            out.push(Record::Clock(self.clock.clone()));
        }
        out.extend(self.accounts.values().cloned().map(Record::Account));
        out.extend(self.mails.values().cloned().map(Record::Mail));
        out
    }

    pub fn record(&self, key: &RecordKey) -> Option<Record> {
        match key.collection {
            Collection::Clock => Some(Record::Clock(self.clock.clone())),
            Collection::Account => self
                .accounts
                .get(&AccountId(key.id.clone()))
                .cloned()
                .map(Record::Account),
            Collection::Mail => self
                .mails
                .get(&MailId(key.id.clone()))
                .cloned()
                .map(Record::Mail),
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
        assert!(Record::from_json(&wrong, &json).is_err());
    }

    #[test]
    fn record_errors_are_in_french() {
        let key = RecordKey::new(Collection::Clock, SINGLETON_ID);
        assert_eq!(
            Record::from_json(&key, r#"{"offset_seconds":"deux"}"#).unwrap_err(),
            "valeur d'un type inattendu, ligne 1, colonne 24"
        );
        assert_eq!(
            Record::from_json(&RecordKey::new(Collection::Mail, "m1"), "{}").unwrap_err(),
            "champ « id » manquant, ligne 1, colonne 2"
        );
    }

    #[test]
    fn apply_puts_and_deletes() {
        let mut sb = Sandbox::default();
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
        assert_eq!(sb, Sandbox::default());
    }
}

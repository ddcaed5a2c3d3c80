//! Loading, committing and following another tab's changes.

use crate::envelope::{Envelope, SCHEMA_VERSION};
use crate::error::StorageError;
use crate::kv::{KvStore, StoreError};
use crate::migrations::migrate;
use crate::{bounds, parse_storage_key, storage_key, BACKUP_PREFIX, RECORD_PREFIX};
use domain::{Change, Record, RecordKey, Sandbox};
use std::collections::{BTreeMap, HashMap};

/// Something found while loading that the trainee must be told about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Could not be read; the raw value was moved to `backup_key` (or left in place if even that
    /// failed: `backup_key` is then the original key).
    Corrupt {
        key: String,
        backup_key: String,
        reason: String,
    },
    /// Written by a newer version of the sandbox: the whole sandbox is read-only.
    Newer { key: String, version: u32 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct LoadReport {
    /// The shipped base with every readable stored record over it.
    pub sandbox: Sandbox,
    pub problems: Vec<Problem>,
}

impl Default for LoadReport {
    fn default() -> Self {
        LoadReport {
            sandbox: domain::simulation::base::sandbox(),
            problems: Vec::new(),
        }
    }
}

/// What this tab knows of the stored records: their revisions, and whether it may write.
#[derive(Clone, Debug, Default)]
pub struct Persistence {
    revs: HashMap<String, u64>,
    pub read_only: bool,
}

enum Parsed {
    Ok(Record, u64),
    Newer(u32),
    Corrupt(String),
}

fn parse_record(key: &RecordKey, raw: &str) -> Parsed {
    let env = match Envelope::parse(raw) {
        Ok(e) => e,
        Err(reason) => return Parsed::Corrupt(reason),
    };
    if env.v > SCHEMA_VERSION {
        return Parsed::Newer(env.v);
    }
    match migrate(key.collection, env.v, env.data.get()).and_then(|d| Record::from_json(key, &d)) {
        // The same bounds as an import: what breaks them is set aside like an unreadable record.
        Ok(record) => match bounds::check_record(&record) {
            Ok(()) => Parsed::Ok(record, env.rev),
            Err(reason) => Parsed::Corrupt(format!("{} : {reason}", bounds::describe(&record))),
        },
        Err(reason) => Parsed::Corrupt(format!("contenu invalide ({reason})")),
    }
}

/// Sent invoices whose number another one of the same structure already holds for the same year
/// (every one after the first deposited; ties by key): a number is unique per structure and year.
fn duplicate_numbers(sb: &Sandbox) -> Vec<(RecordKey, String)> {
    let mut sent: Vec<_> = sb
        .factures
        .values()
        .filter_map(|f| Some((f.depose_le()?, f.annee_depot()?, f)))
        .collect();
    sent.sort_by(|a, b| (a.0, &a.2.id).cmp(&(b.0, &b.2.id)));
    let mut seen = std::collections::HashSet::new();
    sent.into_iter()
        .filter(|(_, annee, f)| !seen.insert((f.emetteur.clone(), f.numero.to_lowercase(), *annee)))
        .map(|(_, annee, f)| {
            (
                RecordKey::new(domain::Collection::Facture, f.id.as_str()),
                format!(
                    "facture « {} » : une autre facture de la même structure porte déjà ce numéro en {annee}",
                    bounds::shorten(&f.numero)
                ),
            )
        })
        .collect()
}

/// Picks a free backup key for `key`.
fn backup_key_for(store: &dyn KvStore, key: &str) -> Result<String, StoreError> {
    let base = format!("{BACKUP_PREFIX}{key}");
    let mut candidate = base.clone();
    let mut n = 2;
    while store.get(&candidate)?.is_some() {
        candidate = format!("{base}~{n}");
        n += 1;
    }
    Ok(candidate)
}

impl Persistence {
    /// Reads every record. Corrupt ones are moved to backup keys; newer ones make it read-only.
    pub fn load(store: &mut dyn KvStore) -> Result<(Persistence, LoadReport), StoreError> {
        let mut p = Persistence::default();
        let mut report = LoadReport::default();
        let mut keys = store.keys()?;
        keys.sort();
        for raw_key in keys {
            if !raw_key.starts_with(RECORD_PREFIX) {
                continue;
            }
            let Some(raw) = store.get(&raw_key)? else {
                continue;
            };
            let Some(key) = parse_storage_key(&raw_key) else {
                report.problems.push(p.set_aside(
                    store,
                    &raw_key,
                    &raw,
                    "clé inconnue de cette version".to_string(),
                ));
                continue;
            };
            match parse_record(&key, &raw) {
                Parsed::Ok(record, rev) => {
                    p.revs.insert(raw_key, rev);
                    report.sandbox.put(record);
                }
                Parsed::Newer(version) => {
                    p.read_only = true;
                    report.problems.push(Problem::Newer {
                        key: raw_key,
                        version,
                    });
                }
                Parsed::Corrupt(reason) => {
                    report
                        .problems
                        .push(p.set_aside(store, &raw_key, &raw, reason));
                }
            }
        }
        for (key, reason) in duplicate_numbers(&report.sandbox) {
            let raw_key = storage_key(&key);
            if let Some(raw) = store.get(&raw_key)? {
                p.revs.remove(&raw_key);
                report.sandbox.remove(&key);
                report
                    .problems
                    .push(p.set_aside(store, &raw_key, &raw, reason));
            }
        }
        Ok((p, report))
    }

    /// Moves an unreadable value to a backup key (copy first, then remove the original). If that
    /// fails, the original stays where it is: nothing unreadable is ever overwritten or dropped.
    fn set_aside(
        &mut self,
        store: &mut dyn KvStore,
        key: &str,
        raw: &str,
        reason: String,
    ) -> Problem {
        let moved = backup_key_for(store, key).and_then(|backup| {
            store.set(&backup, raw)?;
            store.remove(key)?;
            Ok(backup)
        });
        match moved {
            Ok(backup_key) => Problem::Corrupt {
                key: key.to_string(),
                backup_key,
                reason,
            },
            Err(_) => {
                // Left in place: never write over it from this tab.
                self.read_only = true;
                Problem::Corrupt {
                    key: key.to_string(),
                    backup_key: key.to_string(),
                    reason,
                }
            }
        }
    }

    pub fn rev(&self, key: &RecordKey) -> u64 {
        self.revs.get(&storage_key(key)).copied().unwrap_or(0)
    }

    /// Writes `changes` all-or-nothing. On success the caller applies them to its state; on error
    /// the store is as before (and, for a conflict, the caller reloads the keys named).
    pub fn commit(
        &mut self,
        store: &mut dyn KvStore,
        changes: &[Change],
    ) -> Result<(), StorageError> {
        if self.read_only {
            return Err(StorageError::ReadOnly);
        }
        // Last change of a key wins.
        let mut by_key: BTreeMap<String, &Change> = BTreeMap::new();
        for c in changes {
            by_key.insert(storage_key(&c.key()), c);
        }
        // Read what is there now: for the conflict check and to roll back.
        let mut previous: Vec<(String, Option<String>)> = Vec::with_capacity(by_key.len());
        let mut conflicts = Vec::new();
        for (key, change) in &by_key {
            let raw = store.get(key)?;
            let stored_rev = raw
                .as_deref()
                .and_then(|r| Envelope::parse(r).ok())
                .map(|e| e.rev)
                .unwrap_or(0);
            let known = self.revs.get(key).copied().unwrap_or(0);
            if stored_rev != known {
                conflicts.push(change.key());
            }
            previous.push((key.clone(), raw));
        }
        if !conflicts.is_empty() {
            return Err(StorageError::Conflict(conflicts));
        }
        let mut written: Vec<usize> = Vec::new();
        let mut new_revs = Vec::new();
        for (i, (key, change)) in by_key.iter().enumerate() {
            let result = match change {
                Change::Put(record) => {
                    let rev = self.revs.get(key).copied().unwrap_or(0) + 1;
                    let env = Envelope::new(rev, record.to_json());
                    new_revs.push((key.clone(), Some(rev)));
                    store.set(key, &env.to_raw())
                }
                Change::Delete(_) => {
                    new_revs.push((key.clone(), None));
                    store.remove(key)
                }
            };
            if let Err(e) = result {
                for &j in written.iter().rev() {
                    let (k, old) = &previous[j];
                    // Restoring frees or reuses space we just used; it cannot exceed the quota.
                    let _ = match old {
                        Some(v) => store.set(k, v),
                        None => store.remove(k),
                    };
                }
                return Err(StorageError::from(e));
            }
            written.push(i);
        }
        for (key, rev) in new_revs {
            match rev {
                Some(r) => self.revs.insert(key, r),
                None => self.revs.remove(&key),
            };
        }
        Ok(())
    }

    /// Another tab changed `raw_key` (the `storage` event): re-read it and return what to apply to
    /// the state (`None` when the key is not a readable record of ours).
    pub fn refresh_key(
        &mut self,
        store: &dyn KvStore,
        raw_key: &str,
    ) -> Result<Option<Change>, StoreError> {
        let Some(key) = parse_storage_key(raw_key) else {
            return Ok(None);
        };
        match store.get(raw_key)? {
            None => {
                self.revs.remove(raw_key);
                Ok(Some(Change::Delete(key)))
            }
            Some(raw) => match parse_record(&key, &raw) {
                Parsed::Ok(record, rev) => {
                    self.revs.insert(raw_key.to_string(), rev);
                    Ok(Some(Change::Put(record)))
                }
                Parsed::Newer(_) => {
                    self.read_only = true;
                    Ok(None)
                }
                Parsed::Corrupt(_) => Ok(None),
            },
        }
    }

    /// Replaces every record by `records` (import, reset), all-or-nothing: on failure the previous
    /// records are written back.
    pub fn replace_all(
        &mut self,
        store: &mut dyn KvStore,
        records: &[Record],
    ) -> Result<(), StorageError> {
        if self.read_only {
            return Err(StorageError::ReadOnly);
        }
        let mut snapshot = Vec::new();
        for key in store.keys()? {
            if key.starts_with(RECORD_PREFIX) {
                if let Some(raw) = store.get(&key)? {
                    snapshot.push((key, raw));
                }
            }
        }
        let restore = |store: &mut dyn KvStore| {
            for key in store.keys().unwrap_or_default() {
                if key.starts_with(RECORD_PREFIX) {
                    let _ = store.remove(&key);
                }
            }
            for (k, v) in &snapshot {
                let _ = store.set(k, v);
            }
        };
        for (key, _) in &snapshot {
            if let Err(e) = store.remove(key) {
                restore(store);
                return Err(e.into());
            }
        }
        let mut revs = HashMap::new();
        for record in records {
            let key = storage_key(&record.key());
            // Keep revisions increasing so that another tab never mistakes new data for what it read.
            let rev = self.revs.get(&key).copied().unwrap_or(0) + 1;
            let env = Envelope::new(rev, record.to_json());
            if let Err(e) = store.set(&key, &env.to_raw()) {
                restore(store);
                return Err(e.into());
            }
            revs.insert(key, rev);
        }
        self.revs = revs;
        Ok(())
    }
}

/// Backups of unreadable data kept for recovery: (key, raw value).
pub fn backups(store: &dyn KvStore) -> Result<Vec<(String, String)>, StoreError> {
    let mut out = Vec::new();
    for key in store.keys()? {
        if key.starts_with(BACKUP_PREFIX) {
            if let Some(raw) = store.get(&key)? {
                out.push((key, raw));
            }
        }
    }
    out.sort();
    Ok(out)
}

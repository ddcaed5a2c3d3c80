//! Loading, committing and following another tab's changes.

use crate::envelope::{Envelope, SCHEMA_VERSION};
use crate::error::StorageError;
use crate::kv::{KvStore, StoreError};
use crate::migrations::migrate;
use crate::{bounds, parse_storage_key, storage_key, BACKUP_PREFIX, INDEX_PREFIX, RECORD_PREFIX};
use domain::{Change, DomainError, Read, Record, RecordKey, Sandbox};
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
    /// The index keys (unique values taken) as this tab last read them.
    indexes: HashMap<String, String>,
    pub read_only: bool,
}

/// Why a commit with a read set did not happen.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Storage refused it (full, read-only, a record changed by another tab…).
    Storage(StorageError),
    /// Another tab took a unique value this command relied on: the command's own refusal.
    Taken(DomainError),
}

/// The storage key of an index key (a unique value taken): outside the records, so neither the
/// loader nor an export sees it.
pub fn index_storage_key(index: &str) -> String {
    format!("{INDEX_PREFIX}{index}")
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
        self.commit_reading(store, changes, &[])
            .map_err(|refusal| match refusal {
                Refusal::Storage(e) => e,
                // No read set: no unique value taken.
                Refusal::Taken(_) => StorageError::Conflict(Vec::new()),
            })
    }

    /// Writes `changes` all-or-nothing, provided nothing of the command's read set changed since
    /// this tab read it: a record read or written whose stored revision is not the one known here
    /// is a conflict; a unique value taken (an index key) that another tab took since is refused
    /// with the command's own refusal (the same as a plain duplicate). Index keys are written in
    /// the same all-or-nothing step, after the records, so that a tab that sees an index key
    /// change has already seen the records written with it.
    pub fn commit_reading(
        &mut self,
        store: &mut dyn KvStore,
        changes: &[Change],
        reads: &[Read],
    ) -> Result<(), Refusal> {
        if self.read_only {
            return Err(Refusal::Storage(StorageError::ReadOnly));
        }
        // Last change of a key wins.
        let mut by_key: BTreeMap<String, &Change> = BTreeMap::new();
        for c in changes {
            by_key.insert(storage_key(&c.key()), c);
        }
        let stored_rev =
            |store: &dyn KvStore, key: &str| -> Result<(Option<String>, u64), Refusal> {
                let raw = store.get(key).map_err(|e| Refusal::Storage(e.into()))?;
                let rev = raw
                    .as_deref()
                    .and_then(|r| Envelope::parse(r).ok())
                    .map(|e| e.rev)
                    .unwrap_or(0);
                Ok((raw, rev))
            };
        // The unique values first: their refusal is the one the user understands.
        let mut indexes: BTreeMap<String, Option<String>> = BTreeMap::new();
        for read in reads {
            if let Read::Index { key, taken } = read {
                let raw_key = index_storage_key(key);
                let stored = store
                    .get(&raw_key)
                    .map_err(|e| Refusal::Storage(e.into()))?;
                if stored != self.indexes.get(&raw_key).cloned() {
                    return Err(Refusal::Taken(taken.clone()));
                }
                indexes.insert(raw_key, stored);
            }
        }
        // Read what is there now: for the conflict check and to roll back.
        let mut previous: Vec<(String, Option<String>)> = Vec::with_capacity(by_key.len());
        let mut conflicts = Vec::new();
        for (key, change) in &by_key {
            let (raw, rev) = stored_rev(store, key)?;
            if rev != self.revs.get(key).copied().unwrap_or(0) {
                conflicts.push(change.key());
            }
            previous.push((key.clone(), raw));
        }
        for read in reads {
            if let Read::Record(record) = read {
                let key = storage_key(record);
                if by_key.contains_key(&key) {
                    continue;
                }
                let (_, rev) = stored_rev(store, &key)?;
                if rev != self.revs.get(&key).copied().unwrap_or(0) {
                    conflicts.push(record.clone());
                }
            }
        }
        if !conflicts.is_empty() {
            return Err(Refusal::Storage(StorageError::Conflict(conflicts)));
        }
        // Every write: records, then index keys, each with what to put back.
        let mut writes: Vec<(String, Option<String>)> = Vec::new();
        let mut new_revs = Vec::new();
        for (key, change) in &by_key {
            match change {
                Change::Put(record) => {
                    let rev = self.revs.get(key).copied().unwrap_or(0).saturating_add(1);
                    new_revs.push((key.clone(), Some(rev)));
                    writes.push((
                        key.clone(),
                        Some(Envelope::new(rev, record.to_json()).to_raw()),
                    ));
                }
                Change::Delete(_) => {
                    new_revs.push((key.clone(), None));
                    writes.push((key.clone(), None));
                }
            }
        }
        for (key, stored) in &indexes {
            // A counter: any value other than the one read tells the other tabs it was taken.
            let next = stored
                .as_deref()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
                .saturating_add(1);
            writes.push((key.clone(), Some(next.to_string())));
            previous.push((key.clone(), stored.clone()));
        }
        for (i, (key, value)) in writes.iter().enumerate() {
            let result = match value {
                Some(v) => store.set(key, v),
                None => store.remove(key),
            };
            if let Err(e) = result {
                // Restoring frees or reuses space we just used, so it should not fail; if it does,
                // say so rather than leave half an action behind in silence.
                let mut not_restored = Vec::new();
                for (k, old) in previous.iter().take(i).rev() {
                    let restored = match old {
                        Some(v) => store.set(k, v),
                        None => store.remove(k),
                    };
                    if restored.is_err() {
                        not_restored.push(k.clone());
                    }
                }
                if !not_restored.is_empty() {
                    return Err(Refusal::Storage(StorageError::RollbackFailed(not_restored)));
                }
                return Err(Refusal::Storage(StorageError::from(e)));
            }
        }
        for (key, rev) in new_revs {
            match rev {
                Some(r) => self.revs.insert(key, r),
                None => self.revs.remove(&key),
            };
        }
        for (key, value) in writes.into_iter().skip(by_key.len()) {
            if let Some(v) = value {
                self.indexes.insert(key, v);
            }
        }
        Ok(())
    }

    /// Learns every index key as stored now (at open and after a reload): the unique values this
    /// tab's state already accounts for.
    pub fn learn_indexes(&mut self, store: &dyn KvStore) -> Result<(), StoreError> {
        self.indexes.clear();
        for key in store.keys()? {
            if key.starts_with(INDEX_PREFIX) {
                if let Some(value) = store.get(&key)? {
                    self.indexes.insert(key, value);
                }
            }
        }
        Ok(())
    }

    /// Another tab wrote index key `raw_key` (the `storage` event, or after a refusal): learn its
    /// value. Index keys are written after their records, so the records came first.
    pub fn refresh_index(&mut self, store: &dyn KvStore, raw_key: &str) -> Result<(), StoreError> {
        match store.get(raw_key)? {
            Some(value) => self.indexes.insert(raw_key.to_string(), value),
            None => self.indexes.remove(raw_key),
        };
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
        // Puts the previous records back; the keys that could not be are reported.
        let restore = |store: &mut dyn KvStore, e: StoreError| -> StorageError {
            let mut not_restored = Vec::new();
            for key in store.keys().unwrap_or_default() {
                if key.starts_with(RECORD_PREFIX) && store.remove(&key).is_err() {
                    not_restored.push(key);
                }
            }
            for (k, v) in &snapshot {
                if store.set(k, v).is_err() {
                    not_restored.push(k.clone());
                }
            }
            if not_restored.is_empty() {
                e.into()
            } else {
                StorageError::RollbackFailed(not_restored)
            }
        };
        for (key, _) in &snapshot {
            if let Err(e) = store.remove(key) {
                return Err(restore(store, e));
            }
        }
        let mut revs = HashMap::new();
        for record in records {
            let key = storage_key(&record.key());
            // Keep revisions increasing so that another tab never mistakes new data for what it read.
            let rev = self.revs.get(&key).copied().unwrap_or(0).saturating_add(1);
            let env = Envelope::new(rev, record.to_json());
            if let Err(e) = store.set(&key, &env.to_raw()) {
                return Err(restore(store, e));
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

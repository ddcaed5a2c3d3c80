//! The one place where the UI meets storage: it runs a domain command with the sandbox clock's now,
//! commits its changes all-or-nothing and only then applies them to the in-memory state.

use crate::lease;
use crate::persistence::{backups, Problem};
use crate::{KvStore, MemoryStore, Persistence, Refusal, StorageError, FORMATEUR_KEY, SESSION_KEY};
use domain::compte::{Compte, StatutCompte};
use domain::kernel::ids::CompteId;
use domain::simulation::formateur;
use domain::{Change, DomainError, Outcome, Read, Record, Sandbox, Timestamp};
use std::rc::Rc;

/// Why an action did not happen.
#[derive(Clone, Debug, PartialEq)]
pub enum ActionError {
    /// The domain refused it (bad input, rule, permission): shown next to the fields.
    Domain(DomainError),
    /// Storage refused it: shown in the page-wide alert, answered by kind (export on a full quota…).
    Storage(StorageError),
    /// The browser refused something else (a download, attachment bytes in IndexedDB): its French
    /// message.
    Browser(String),
}

impl ActionError {
    pub fn domain(&self) -> Option<&DomainError> {
        match self {
            ActionError::Domain(e) => Some(e),
            ActionError::Storage(_) | ActionError::Browser(_) => None,
        }
    }
}

impl std::fmt::Display for ActionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActionError::Domain(e) => write!(f, "{e}"),
            ActionError::Storage(e) => write!(f, "{e}"),
            ActionError::Browser(m) => write!(f, "{m}"),
        }
    }
}

/// A command decided but not yet committed ([`Backend::decide`]).
pub struct Decision<T> {
    outcome: Outcome<T>,
    /// The state it was decided on: if it changed before the commit, the command decides again.
    state: Rc<Sandbox>,
}

impl<T> Decision<T> {
    /// The unique values the decision takes (index keys: `login:…`, `numero:…`, `gp:…`).
    pub fn uniques(&self) -> Vec<String> {
        self.outcome
            .reads
            .iter()
            .filter_map(|r| match r {
                Read::Index { key, .. } => Some(key.clone()),
                Read::Record(_) => None,
            })
            .collect()
    }

    /// What the user is told when another tab holds `value`: the plain duplicate's own message.
    pub fn refusal(&self, value: &str) -> ActionError {
        let taken = self.outcome.reads.iter().find_map(|r| match r {
            Read::Index { key, taken } if key == value => Some(taken.clone()),
            _ => None,
        });
        match taken {
            Some(e) => ActionError::Domain(e),
            None => ActionError::Storage(StorageError::Conflict(Vec::new())),
        }
    }
}

/// Why this tab only reads the sandbox: each is told its own way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// The browser's storage was full at start: what is stored was read, nothing can be written.
    Full,
    /// Some data was written by a newer version of the app.
    Newer,
    /// Unreadable data could not be set aside (or the unique values could not be read): writing
    /// could overwrite it.
    Unsafe,
}

impl ReadOnlyReason {
    pub fn message_fr(self) -> &'static str {
        match self {
            ReadOnlyReason::Full => "Consultation seule : le stockage du navigateur était plein à l'ouverture. Le bac à sable a été lu tel qu'il est enregistré, mais rien ne peut y être ajouté. Exportez vos données pour les garder, puis libérez de la place (données d'autres sites, brouillons, réinitialisation après export).",
            ReadOnlyReason::Newer => "Consultation seule : ces données ont été enregistrées par une version plus récente du bac à sable. Aucune modification n'est possible dans cet onglet.",
            ReadOnlyReason::Unsafe => "Consultation seule : des données illisibles n'ont pas pu être mises de côté. Aucune modification n'est possible dans cet onglet, pour ne pas les écraser.",
        }
    }
}

/// How the sandbox is stored in this tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageMode {
    /// localStorage: kept across reloads and shared with other tabs.
    Persistent,
    /// localStorage unusable: memory only, lost when the tab closes.
    MemoryOnly(String),
    /// localStorage readable but full at start: the sandbox opens read-only from what is stored,
    /// so that it can be exported whole (never an empty sandbox in memory).
    Full,
}

pub struct Backend {
    store: Box<dyn KvStore>,
    session_store: Option<Box<dyn KvStore>>,
    persistence: Persistence,
    sandbox: Rc<Sandbox>,
    session: Option<CompteId>,
    /// This tab's trainer-mode token (see `domain::simulation::formateur`).
    jeton_formateur: Option<String>,
    pub mode: StorageMode,
    /// Problems found at load (corrupt data set aside, newer data).
    pub problems: Vec<Problem>,
    /// Page-wide alert: why the last action failed when it is not about a field (storage, browser).
    pub alert: Option<ActionError>,
    /// Bumped on every change, so that the UI re-renders.
    pub generation: u64,
    /// Why the last background step (the simulated recipients) failed: never shown to the user,
    /// who did nothing; nothing was written, so the next try computes the step again.
    pub background_failure: Option<ActionError>,
    /// This tab's id for the background lease (kept in sessionStorage across reloads).
    tab: String,
    clock: fn() -> Timestamp,
}

impl Backend {
    pub fn open(
        mut store: Box<dyn KvStore>,
        session_store: Option<Box<dyn KvStore>>,
        mode: StorageMode,
        clock: fn() -> Timestamp,
    ) -> Backend {
        let (persistence, report, mode) = match Persistence::load(store.as_mut()) {
            Ok((mut p, r)) => {
                // Unique values not learnt could be taken twice: better not write at all.
                if p.learn_indexes(store.as_ref()).is_err() || mode == StorageMode::Full {
                    p.read_only = true;
                }
                (p, r, mode)
            }
            Err(e) => {
                store = Box::new(MemoryStore::new());
                let (p, r) = Persistence::load(store.as_mut()).expect("memory store always loads");
                (p, r, StorageMode::MemoryOnly(e.message_fr()))
            }
        };
        let mut backend = Backend {
            store,
            session_store,
            persistence,
            sandbox: Rc::new(report.sandbox),
            session: None,
            jeton_formateur: None,
            mode,
            problems: report.problems,
            alert: None,
            generation: 0,
            background_failure: None,
            tab: String::new(),
            clock,
        };
        backend.tab = match backend
            .session_store
            .as_ref()
            .and_then(|s| s.get(lease::TAB_KEY).ok().flatten())
        {
            Some(id) if !id.is_empty() => id,
            _ => {
                let id = domain::kernel::ids::random_hex(8);
                if let Some(s) = backend.session_store.as_mut() {
                    // Without it a reload is a new tab, which waits for the old lease to expire.
                    let _ = s.set(lease::TAB_KEY, &id);
                }
                id
            }
        };
        // This tab's session first; a new tab starts with the last connected account.
        let this_tab = backend
            .session_store
            .as_ref()
            .and_then(|s| s.get(SESSION_KEY).ok().flatten());
        let last = backend.store.get(SESSION_KEY).ok().flatten();
        backend.session = this_tab.or(last).map(CompteId);
        backend.jeton_formateur = backend
            .session_store
            .as_ref()
            .and_then(|s| s.get(FORMATEUR_KEY).ok().flatten());
        backend
    }

    pub fn sandbox(&self) -> Rc<Sandbox> {
        self.sandbox.clone()
    }

    pub fn read_only(&self) -> bool {
        self.persistence.read_only
    }

    /// Why this tab only reads, if it does.
    pub fn read_only_reason(&self) -> Option<ReadOnlyReason> {
        if !self.persistence.read_only {
            None
        } else if self.mode == StorageMode::Full {
            Some(ReadOnlyReason::Full)
        } else if self
            .problems
            .iter()
            .any(|p| matches!(p, Problem::Newer { .. }))
        {
            Some(ReadOnlyReason::Newer)
        } else {
            Some(ReadOnlyReason::Unsafe)
        }
    }

    /// Whether unreadable data was set aside at load (the recovery page has something to show).
    pub fn has_set_aside(&self) -> bool {
        self.problems
            .iter()
            .any(|p| matches!(p, Problem::Corrupt { .. }))
    }

    /// The sandbox clock's now.
    pub fn now(&self) -> Timestamp {
        self.sandbox.clock.now((self.clock)())
    }

    /// The connected account, only while it exists and is active.
    pub fn account(&self) -> Option<Rc<Compte>> {
        let id = self.session.as_ref()?;
        self.sandbox
            .comptes
            .get(id)
            .filter(|a| a.status == StatutCompte::Actif)
            .cloned()
    }

    /// Runs a command: decide, commit, apply. Nothing changes unless everything was written.
    pub fn run<T>(
        &mut self,
        command: impl FnOnce(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Result<T, ActionError> {
        let now = self.now();
        let outcome = command(&self.sandbox, now).map_err(ActionError::Domain)?;
        self.commit(&outcome.changes, &outcome.reads)?;
        Ok(outcome.value)
    }

    /// First half of a command that takes unique values across tabs: decides on the current state
    /// without writing. The caller reserves the decision's unique values ([`Decision::uniques`]) in a
    /// store shared by every tab, then calls [`Backend::commit_decision`].
    pub fn decide<T>(
        &self,
        command: &impl Fn(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Result<Decision<T>, ActionError> {
        let outcome = command(&self.sandbox, self.now()).map_err(ActionError::Domain)?;
        Ok(Decision {
            outcome,
            state: self.sandbox.clone(),
        })
    }

    /// Second half: commits a decision, deciding again if the state changed meanwhile (another
    /// tab's records arrived while the values were being reserved). The index keys of the read set
    /// are still checked, so without a reservation store the command is as safe as `run`.
    pub fn commit_decision<T>(
        &mut self,
        decision: Decision<T>,
        command: &impl Fn(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Result<T, ActionError> {
        let outcome = if Rc::ptr_eq(&decision.state, &self.sandbox) {
            decision.outcome
        } else {
            command(&self.sandbox, self.now()).map_err(ActionError::Domain)?
        };
        self.commit(&outcome.changes, &outcome.reads)?;
        Ok(outcome.value)
    }

    /// This tab's id (the background lease, the reservations of unique values).
    pub fn tab(&self) -> &str {
        &self.tab
    }

    /// Where this tab stands with the trainer mode.
    pub fn etat_formateur(&self) -> formateur::Etat {
        formateur::etat(&self.sandbox, self.jeton_formateur.as_deref())
    }

    fn set_jeton_formateur(&mut self, jeton: Option<String>) {
        if let Some(s) = self.session_store.as_mut() {
            let _ = match &jeton {
                Some(j) => s.set(FORMATEUR_KEY, j),
                None => s.remove(FORMATEUR_KEY),
            };
        }
        self.jeton_formateur = jeton;
        self.generation += 1;
    }

    /// « Entrer en mode formateur » with the session code.
    pub fn entrer_formateur(&mut self, code: &str) -> Result<(), ActionError> {
        let jeton = formateur::entrer(&self.sandbox, code).map_err(ActionError::Domain)?;
        self.set_jeton_formateur(Some(jeton));
        Ok(())
    }

    /// Chooses the session code (first time) or changes it (in trainer mode); this tab then is
    /// (or stays) in trainer mode.
    pub fn choisir_code_formateur(
        &mut self,
        code: &str,
        confirmation: &str,
    ) -> Result<(), ActionError> {
        let jeton = self.jeton_formateur.clone();
        let nouveau =
            self.run(|sb, _| formateur::choisir_code(sb, jeton.as_deref(), code, confirmation))?;
        self.set_jeton_formateur(Some(nouveau));
        Ok(())
    }

    /// « Quitter le mode formateur » in this tab.
    pub fn quitter_formateur(&mut self) {
        self.set_jeton_formateur(None);
    }

    /// Runs a trainer's tool (clock, simulated recipients): refused, with nothing written,
    /// outside the trainer mode.
    pub fn run_formateur<T>(
        &mut self,
        command: impl FnOnce(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Result<T, ActionError> {
        formateur::autorise(&self.sandbox, self.jeton_formateur.as_deref())
            .map_err(ActionError::Domain)?;
        self.run(command)
    }

    /// Import or reset by the trainer: refused outside the trainer mode. Records without a
    /// trainer's code keep the current one; a file bringing its own code replaces it, and this tab
    /// stays in trainer mode.
    pub fn replace_all_formateur(&mut self, records: Vec<Record>) -> Result<(), ActionError> {
        self.autorise_formateur()?;
        self.replace_all_gardant_le_code(records)
    }

    /// Refused (a French reason) outside the trainer mode.
    pub fn autorise_formateur(&self) -> Result<(), ActionError> {
        formateur::autorise(&self.sandbox, self.jeton_formateur.as_deref())
            .map_err(ActionError::Domain)
    }

    /// Replaces every record (a training scenario's seed, an import) but keeps the trainer's code
    /// unless `records` bring one; a code brought in opens the trainer mode in this tab.
    pub fn replace_all_gardant_le_code(
        &mut self,
        mut records: Vec<Record>,
    ) -> Result<(), ActionError> {
        let apporte = records.iter().find_map(|r| match r {
            Record::Formateur(c) => Some(c.code_hash.clone()),
            _ => None,
        });
        if apporte.is_none() {
            if let Some(c) = &self.sandbox.formateur {
                records.push(Record::Formateur(c.clone()));
            }
        }
        self.replace_all(records)?;
        if let Some(jeton) = apporte {
            self.set_jeton_formateur(Some(jeton));
        }
        Ok(())
    }

    /// Runs a background step (the simulated recipients) as `run` does, but a failure is never
    /// shown: no alert, no re-render; it is kept in `background_failure` and the keys another tab
    /// changed are reloaded, so the next try starts from what is stored.
    pub fn run_background<T>(
        &mut self,
        command: impl FnOnce(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Result<T, ActionError> {
        let alert = self.alert.clone();
        let result = self.run(command);
        match &result {
            Ok(_) => self.background_failure = None,
            Err(e) => {
                self.background_failure = Some(e.clone());
                self.alert = alert;
            }
        }
        result
    }

    /// The background lease's heartbeat at real time `now`: whether this tab runs the background
    /// work. A store that cannot be written leads nobody (a memory-only tab leads itself).
    pub fn heartbeat(&mut self, now: Timestamp) -> bool {
        lease::heartbeat(self.store.as_mut(), &self.tab, now.timestamp_millis()).unwrap_or(false)
    }

    /// This tab closes: it hands the background work over.
    pub fn release_lease(&mut self) {
        // Failing here only delays the hand-over until the lease expires.
        let _ = lease::release(self.store.as_mut(), &self.tab);
    }

    /// Real time, as the backend's clock reads it.
    pub fn real_now(&self) -> Timestamp {
        (self.clock)()
    }

    /// Not generic over the command's value: one copy in the bundle for every command.
    fn commit(&mut self, changes: &[Change], reads: &[Read]) -> Result<(), ActionError> {
        if changes.is_empty() {
            return Ok(());
        }
        let result = self
            .persistence
            .commit_reading(self.store.as_mut(), changes, reads);
        let result = match result {
            Ok(()) => Ok(()),
            Err(Refusal::Storage(e)) => Err(e),
            Err(Refusal::Taken(refusal)) => {
                // Another tab took the unique value first: learn it, and tell the user what a plain
                // duplicate is told (the records it wrote arrive with their `storage` events).
                for read in reads {
                    if let Read::Index { key, .. } = read {
                        let raw = crate::persistence::index_storage_key(key);
                        let _ = self.persistence.refresh_index(self.store.as_ref(), &raw);
                    }
                }
                self.generation += 1;
                return Err(ActionError::Domain(refusal));
            }
        };
        match result {
            Ok(()) => {
                Rc::make_mut(&mut self.sandbox).apply(changes);
                self.alert = None;
                self.generation += 1;
                Ok(())
            }
            Err(e) => {
                if let StorageError::Conflict(keys) = &e {
                    for key in keys {
                        let raw = crate::storage_key(key);
                        if let Ok(Some(change)) =
                            self.persistence.refresh_key(self.store.as_ref(), &raw)
                        {
                            Rc::make_mut(&mut self.sandbox).apply(&[change]);
                        }
                    }
                }
                self.alert = Some(ActionError::Storage(e.clone()));
                self.generation += 1;
                Err(ActionError::Storage(e))
            }
        }
    }

    /// Another tab wrote `key` (`None`: it cleared the whole storage). Returns whether anything
    /// visible changed.
    pub fn on_storage_event(&mut self, key: Option<&str>) -> bool {
        self.on_storage_events(&[key.map(str::to_string)])
    }

    /// A burst of other tabs' writes (an import, a reset, a command writing several records) read
    /// as one change: the records are applied together, so the sandbox is copied at most once and
    /// the UI renders once. `None` (storage cleared) reads everything again. Whether the sandbox
    /// changed.
    pub fn on_storage_events(&mut self, keys: &[Option<String>]) -> bool {
        if keys.iter().any(Option::is_none) {
            return self.reload();
        }
        let mut changes = Vec::new();
        let mut changed = false;
        // Each key once: storage holds its last value.
        let mut seen = std::collections::BTreeSet::new();
        for k in keys.iter().flatten() {
            if !seen.insert(k.as_str()) || k == SESSION_KEY {
                continue;
            }
            if k.starts_with(crate::INDEX_PREFIX) {
                let _ = self.persistence.refresh_index(self.store.as_ref(), k);
            } else if k.starts_with(crate::RECORD_PREFIX) {
                match self.persistence.refresh_key(self.store.as_ref(), k) {
                    Ok(Some(change)) => changes.push(change),
                    // A newer version wrote it: we are read-only now.
                    Ok(None) => changed = true,
                    Err(_) => {}
                }
            }
        }
        if !changes.is_empty() {
            Rc::make_mut(&mut self.sandbox).apply(&changes);
            changed = true;
        }
        if changed {
            self.generation += 1;
        }
        changed
    }

    /// Reads everything again from storage (after another tab reset or imported).
    pub fn reload(&mut self) -> bool {
        match Persistence::load(self.store.as_mut()) {
            Ok((mut p, report)) => {
                if p.learn_indexes(self.store.as_ref()).is_err() {
                    p.read_only = true;
                }
                self.persistence = p;
                self.sandbox = Rc::new(report.sandbox);
                // Keep what was set aside earlier while its backup still exists, add what is new.
                let kept: Vec<String> = self.backups().into_iter().map(|(k, _)| k).collect();
                self.problems.retain(|pb| match pb {
                    Problem::Corrupt { backup_key, .. } => kept.contains(backup_key),
                    Problem::Newer { .. } => false,
                });
                for pb in report.problems {
                    if !self.problems.contains(&pb) {
                        self.problems.push(pb);
                    }
                }
                self.generation += 1;
                true
            }
            Err(_) => false,
        }
    }

    pub fn login(&mut self, id: CompteId) {
        if let Some(s) = self.session_store.as_mut() {
            let _ = s.set(SESSION_KEY, id.as_str());
        }
        let _ = self.store.set(SESSION_KEY, id.as_str());
        self.session = Some(id);
        self.generation += 1;
    }

    pub fn logout(&mut self) {
        if let Some(s) = self.session_store.as_mut() {
            let _ = s.remove(SESSION_KEY);
        }
        if self.store.get(SESSION_KEY).ok().flatten().map(CompteId) == self.session {
            let _ = self.store.remove(SESSION_KEY);
        }
        self.session = None;
        self.generation += 1;
    }

    /// Replaces the whole sandbox (import, reset), all-or-nothing.
    pub fn replace_all(&mut self, records: Vec<Record>) -> Result<(), ActionError> {
        match self.persistence.replace_all(self.store.as_mut(), &records) {
            Ok(()) => {
                let mut sb = domain::simulation::base::sandbox();
                for r in records {
                    sb.put(r);
                }
                self.sandbox = Rc::new(sb);
                if self.account().is_none() {
                    self.logout();
                }
                self.alert = None;
                self.generation += 1;
                Ok(())
            }
            Err(e) => {
                self.alert = Some(ActionError::Storage(e.clone()));
                self.generation += 1;
                Err(ActionError::Storage(e))
            }
        }
    }

    /// Shows an error in the page-wide alert (one not about a field).
    pub fn alert(&mut self, error: ActionError) {
        self.alert = Some(error);
        self.generation += 1;
    }

    pub fn dismiss_alert(&mut self) {
        self.alert = None;
        self.generation += 1;
    }

    /// Data set aside at load, for the recovery page.
    pub fn backups(&self) -> Vec<(String, String)> {
        backups(self.store.as_ref()).unwrap_or_default()
    }

    /// « Supprimer cette sauvegarde »: the trainer gives up that unreadable data.
    pub fn discard_backup(&mut self, key: &str) -> Result<(), ActionError> {
        if !key.starts_with(crate::BACKUP_PREFIX) {
            return Err(ActionError::Domain(DomainError::NotFound(
                "Clé de sauvegarde invalide.".to_string(),
            )));
        }
        self.store
            .remove(key)
            .map_err(|e| ActionError::Storage(e.into()))?;
        self.problems
            .retain(|p| !matches!(p, Problem::Corrupt { backup_key, .. } if backup_key == key));
        self.generation += 1;
        Ok(())
    }

    /// Storage used by the sandbox, in UTF-16 units (what the browser's quota counts).
    pub fn storage_used(&self) -> usize {
        let keys = self.store.keys().unwrap_or_default();
        keys.iter()
            .filter(|k| k.starts_with("cpsb"))
            .map(|k| {
                crate::kv::utf16_len(k)
                    + self
                        .store
                        .get(k)
                        .ok()
                        .flatten()
                        .map(|v| crate::kv::utf16_len(&v))
                        .unwrap_or(0)
            })
            .sum()
    }
}

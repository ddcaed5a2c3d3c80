//! The app context every page reads: the backend behind a shared cell, and a generation number so
//! that pages re-render when state changes (in this tab or another).

use crate::browser::blobs::BlobStore;
use crate::browser::reservations::{ReservationError, Reservations};
use domain::compte::Compte;
use domain::facturation::facture::PieceJointe;
use domain::kernel::error::Champ;
use domain::kernel::ids::{CompteId, PieceJointeId};
use domain::{DomainError, Outcome, Record, Sandbox, Timestamp};
use std::any::Any;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use storage::backend::{ActionError, Backend};
use storage::export::{self, Import};
use yew::prelude::*;

#[derive(Clone)]
pub struct AppContext {
    pub backend: Rc<RefCell<Backend>>,
    pub generation: u64,
    pub refresh: Callback<()>,
}

impl PartialEq for AppContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.backend, &other.backend) && self.generation == other.generation
    }
}

impl AppContext {
    pub fn sandbox(&self) -> Rc<Sandbox> {
        self.backend.borrow().sandbox()
    }

    pub fn account(&self) -> Option<Rc<Compte>> {
        self.backend.borrow().account()
    }

    pub fn now(&self) -> Timestamp {
        self.backend.borrow().now()
    }

    pub fn read_only(&self) -> bool {
        self.backend.borrow().read_only()
    }

    /// Runs a domain command and re-renders.
    pub fn run<T>(
        &self,
        command: impl FnOnce(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Result<T, ActionError> {
        let result = self.backend.borrow_mut().run(command);
        self.refresh.emit(());
        result
    }

    /// Runs a command that takes unique values (a login, an invoice number, the GP of an orphan
    /// structure) so that two tabs in separate browser processes never both take one: decide
    /// without writing, reserve the decision's values in IndexedDB (one read-write transaction,
    /// serialised across tabs; a value another tab holds is refused with the plain duplicate's
    /// message), then commit (deciding again if the state changed meanwhile). A failed commit gives
    /// its reservation back. Without IndexedDB the index keys of the commit still check.
    pub async fn run_unique<T: 'static>(
        &self,
        command: impl Fn(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Result<T, ActionError> {
        // One copy of the asynchronous path in the bundle, whatever the command's value.
        let erased = |sb: &Sandbox, now: Timestamp| {
            command(sb, now).map(|o| Outcome {
                changes: o.changes,
                reads: o.reads,
                value: Box::new(o.value) as Box<dyn Any>,
            })
        };
        let value = self.run_unique_erased(&erased).await?;
        value
            .downcast::<T>()
            .map(|v| *v)
            .map_err(|_| ActionError::Browser("Erreur interne du bac à sable.".to_string()))
    }

    async fn run_unique_erased(&self, command: &Erased<'_>) -> Result<Box<dyn Any>, ActionError> {
        let decision = self.backend.borrow().decide(&command);
        let decision = match decision {
            Ok(d) => d,
            Err(e) => {
                self.refresh.emit(());
                return Err(e);
            }
        };
        let values = decision.uniques();
        let reserved = match reserver(&values).await {
            Ok(r) => r,
            Err(held) => {
                self.refresh.emit(());
                return Err(decision.refusal(&held));
            }
        };
        let result = self
            .backend
            .borrow_mut()
            .commit_decision(decision, &command);
        if result.is_err() {
            rendre(reserved, &values).await;
        }
        self.refresh.emit(());
        result
    }

    pub fn login(&self, id: CompteId) {
        self.backend.borrow_mut().login(id);
        self.refresh.emit(());
    }

    pub fn logout(&self) {
        self.backend.borrow_mut().logout();
        self.refresh.emit(());
    }

    /// Whether this tab is in trainer mode.
    pub fn mode_formateur(&self) -> bool {
        self.backend.borrow().etat_formateur() == domain::simulation::formateur::Etat::Ouvert
    }

    /// Runs a trainer's tool: refused outside the trainer mode (nothing written).
    pub fn run_formateur<T>(
        &self,
        command: impl FnOnce(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Result<T, ActionError> {
        let result = self.backend.borrow_mut().run_formateur(command);
        self.refresh.emit(());
        result
    }

    /// Import or reset by the trainer (the trainer's code is kept unless the file brings one).
    pub fn replace_all_formateur(&self, records: Vec<Record>) -> Result<(), ActionError> {
        let result = self.backend.borrow_mut().replace_all_formateur(records);
        self.refresh.emit(());
        result
    }

    /// A training scenario's seed replaces the sandbox (opening its link, « Recommencer
    /// l'exercice »): the trainer's code is kept; no trainer mode needed, the trainee asked for it.
    pub fn remplacer_par_scenario(&self, records: Vec<Record>) -> Result<(), ActionError> {
        let result = self
            .backend
            .borrow_mut()
            .replace_all_gardant_le_code(records);
        self.refresh.emit(());
        result
    }

    /// Runs any other backend operation, then re-renders.
    pub fn with_backend<T>(&self, f: impl FnOnce(&mut Backend) -> T) -> T {
        let r = f(&mut self.backend.borrow_mut());
        self.refresh.emit(());
        r
    }
}

/// Attachment bytes live in IndexedDB beside the records; this is their one commit path.
impl AppContext {
    /// Stores the bytes of new attachments, then runs the command that records them; a refused
    /// command takes the bytes back out (all or nothing). A storage error is reported at `champ`.
    pub async fn enregistrer_avec_octets<T: 'static>(
        &self,
        champ: Champ,
        fichiers: &[(PieceJointeId, Rc<Vec<u8>>)],
        command: impl Fn(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Result<T, ActionError> {
        let ids: Vec<String> = fichiers.iter().map(|(id, _)| id.to_string()).collect();
        let store = if fichiers.is_empty() {
            None
        } else {
            let octets: Vec<(String, Vec<u8>)> = fichiers
                .iter()
                .map(|(id, o)| (id.to_string(), o.to_vec()))
                .collect();
            let stored = match BlobStore::open().await {
                Ok(store) => store.put_all(&octets).await.map(|_| store),
                Err(e) => Err(e),
            };
            let store = stored
                .map_err(|e| ActionError::Domain(DomainError::field(champ, e.message_fr())))?;
            Some(store)
        };
        // The deposit takes its invoice number: reserved across tabs before the commit.
        let result = self.run_unique(command).await;
        if let (Err(_), Some(store)) = (&result, store) {
            let _ = store.delete_all(&ids).await;
        }
        result
    }

    /// Frees attachment bytes no invoice refers to any more (best effort: an orphan costs only
    /// space, and the next start frees it).
    pub async fn liberer_octets(&self, ids: Vec<PieceJointeId>) {
        liberer(ids.iter().map(|i| i.to_string()).collect()).await;
    }

    /// The stored bytes of an attachment: missing or not of the recorded size, it says so.
    pub async fn octets(&self, p: &PieceJointe) -> Result<Vec<u8>, String> {
        let store = BlobStore::open().await.map_err(|e| e.message_fr())?;
        match store.get(p.id.as_str()).await.map_err(|e| e.message_fr())? {
            Some(bytes) if bytes.len() as u64 == p.taille => Ok(bytes),
            Some(_) => Err(format!(
                "Le fichier « {} » enregistré dans ce navigateur n'a pas la taille attendue : il ne peut pas être téléchargé.",
                p.nom
            )),
            None => Err(format!(
                "Le fichier « {} » est absent de ce navigateur (données importées sans leur contenu, ou stockage effacé) : il ne peut pas être téléchargé.",
                p.nom
            )),
        }
    }

    /// « Exporter mes données »: the whole sandbox with the attachment bytes this browser holds,
    /// offered for download. Returns the file's name and, when some attachments travel without
    /// their bytes, what to tell the trainer.
    pub async fn exporter(&self) -> Result<(String, Option<String>), String> {
        let (sb, now) = (self.sandbox(), self.now());
        let ids = domain::facturation::facture::pieces_referencees(&sb);
        let mut octets = BTreeMap::new();
        if !ids.is_empty() {
            // Unavailable: every attachment is named as exported without its bytes.
            if let Ok(store) = BlobStore::open().await {
                for id in ids {
                    if let Ok(Some(bytes)) = store.get(id.as_str()).await {
                        octets.insert(id.to_string(), bytes);
                    }
                }
            }
        }
        let file = export::export_complet(&sb, now, &octets);
        let name = export::file_name(now);
        crate::ui::dom::download(&name, "application/json", &file.text)?;
        Ok((name, file.avertissement()))
    }

    /// Imports a validated file, all or nothing: its attachment bytes first (one transaction),
    /// then the records; if the records fail, the ids written get back what they held before.
    /// Bytes no record refers to any more are freed afterwards.
    pub async fn importer(&self, import: &Import) -> Result<(), ActionError> {
        let browser = |e: crate::browser::blobs::BlobError| ActionError::Browser(e.message_fr());
        // Refused before any byte is written, outside the trainer mode.
        self.backend.borrow().autorise_formateur()?;
        let mut written = None;
        if !import.fichiers.is_empty() {
            let store = BlobStore::open().await.map_err(browser)?;
            let mut before = Vec::with_capacity(import.fichiers.len());
            for (id, _) in &import.fichiers {
                before.push((id.clone(), store.get(id).await.map_err(browser)?));
            }
            store.put_all(&import.fichiers).await.map_err(browser)?;
            written = Some((store, before));
        }
        let result = self.replace_all_formateur(import.records.clone());
        match (&result, written) {
            (Err(_), Some((store, before))) => {
                let (kept, absent): (Vec<_>, Vec<_>) =
                    before.into_iter().partition(|(_, b)| b.is_some());
                let kept: Vec<(String, Vec<u8>)> = kept
                    .into_iter()
                    .filter_map(|(id, b)| Some((id, b?)))
                    .collect();
                let absent: Vec<String> = absent.into_iter().map(|(id, _)| id).collect();
                let restored = store
                    .put_all(&kept)
                    .await
                    .and(store.delete_all(&absent).await);
                if let Err(e) = restored {
                    return Err(ActionError::Browser(format!(
                        "{} Les pièces jointes n'ont pas pu être remises dans leur état précédent ({})",
                        result.err().map(|r| r.to_string()).unwrap_or_default(),
                        e.message_fr()
                    )));
                }
            }
            (Ok(()), _) => {
                let used = domain::facturation::facture::pieces_referencees(&self.sandbox());
                liberer_orphelins(used).await;
            }
            _ => {}
        }
        result
    }
}

async fn liberer(ids: Vec<String>) {
    if ids.is_empty() {
        return;
    }
    if let Ok(store) = BlobStore::open().await {
        let _ = store.delete_all(&ids).await;
    }
}

/// At start: deletes the expired reservations of unique values (those that still hold are kept).
pub async fn purger_reservations() {
    if let Ok(store) = Reservations::open().await {
        let _ = store
            .purge(crate::ui::dom::real_now().timestamp_millis())
            .await;
    }
}

/// At start: frees the bytes no invoice refers to any more (a reset, an import, a draft deleted in
/// a tab that closed before freeing them). A save in another tab stores its bytes just before its
/// record, so a tab opening in that instant could free them: a rare, reported loss (the download
/// says the file is missing), accepted rather than keeping orphans forever.
pub async fn liberer_orphelins(referencees: BTreeSet<PieceJointeId>) {
    let Ok(store) = BlobStore::open().await else {
        return;
    };
    let Ok(ids) = store.ids().await else { return };
    let orphelins: Vec<String> = ids
        .into_iter()
        .filter(|id| !referencees.contains(&PieceJointeId::from(id.as_str())))
        .collect();
    liberer(orphelins).await;
}

/// A command whose value is type-erased (see `run_unique`).
type Erased<'a> = dyn Fn(&Sandbox, Timestamp) -> Result<Outcome<Box<dyn Any>>, DomainError> + 'a;

/// Reserves `values` for this page (not generic: one copy in the bundle). `Err`: the value
/// another tab holds; `Ok(None)`: nothing to reserve, or IndexedDB refused (the index keys remain).
async fn reserver(values: &[String]) -> Result<Option<Reservations>, String> {
    if values.is_empty() {
        return Ok(None);
    }
    let Ok(store) = Reservations::open().await else {
        return Ok(None);
    };
    let now = crate::ui::dom::real_now().timestamp_millis();
    match store.reserve(values, &page_id(), now).await {
        Ok(()) => Ok(Some(store)),
        Err(ReservationError::Held(value)) => Err(value),
        Err(ReservationError::Store(_)) => Ok(None),
    }
}

/// Gives back what a failed commit had reserved (best effort: a reservation not given back
/// expires within seconds).
async fn rendre(reserved: Option<Reservations>, values: &[String]) {
    if let Some(store) = reserved {
        let _ = store.release(values, &page_id()).await;
    }
}

thread_local! {
    /// This page's id for the reservations: drawn at each load, never shared (a duplicated tab
    /// copies sessionStorage, hence the lease's tab id, but not this).
    static PAGE_ID: String = domain::kernel::ids::random_hex(8);
}

fn page_id() -> String {
    PAGE_ID.with(|id| id.clone())
}

#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("AppContext is provided by App")
}

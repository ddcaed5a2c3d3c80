//! The app context every page reads: the backend behind a shared cell, and a generation number so
//! that pages re-render when state changes (in this tab or another).

use crate::browser::blobs::BlobStore;
use domain::compte::Compte;
use domain::facturation::facture::PieceJointe;
use domain::kernel::error::Champ;
use domain::kernel::ids::{CompteId, PieceJointeId};
use domain::{DomainError, Outcome, Record, Sandbox, Timestamp};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use storage::backend::{ActionError, Backend};
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
    pub async fn enregistrer_avec_octets<T>(
        &self,
        champ: Champ,
        fichiers: &[(PieceJointeId, Rc<Vec<u8>>)],
        command: impl FnOnce(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
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
        let result = self.run(command);
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

    /// The stored bytes of an attachment.
    pub async fn octets(&self, p: &PieceJointe) -> Result<Vec<u8>, String> {
        let store = BlobStore::open().await.map_err(|e| e.message_fr())?;
        store
            .get(p.id.as_str())
            .await
            .map_err(|e| e.message_fr())?
            .ok_or_else(|| {
                format!("Le fichier « {} » n'est pas dans ce navigateur (données importées d'un autre poste ?).", p.nom)
            })
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

#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("AppContext is provided by App")
}

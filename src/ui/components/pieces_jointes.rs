//! Attachments of an invoice being entered: choosing files (checked against the portal's rules by
//! the domain), the deposited PDF, the list with « Télécharger » and « Retirer ». Bytes chosen but
//! not saved yet wait in memory (`Pending`); saving puts them in IndexedDB before the invoice
//! record is committed.

use crate::browser::blobs::BlobStore;
use crate::ui::components::facture::{change, Edit};
use crate::ui::dom;
use domain::facturation::facture::PieceJointe;
use domain::facturation::pieces_jointes::{self as pj, taille_fr};
use domain::facturation::saisie::FactureForm;
use domain::kernel::ids::PieceJointeId;
use domain::DomainError;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use storage::backend::ActionError;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Bytes chosen in this form and not yet stored, by attachment id.
pub type Pending = Rc<RefCell<BTreeMap<PieceJointeId, Vec<u8>>>>;

fn mime(nom: &str) -> &'static str {
    let ext = nom.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "xml" => "application/xml",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Downloads an attachment again: from memory if just chosen, else from IndexedDB.
pub async fn telecharger(p: &PieceJointe, pending: Option<&Pending>) -> Result<(), String> {
    let in_memory = pending.and_then(|m| m.borrow().get(&p.id).cloned());
    let bytes = match in_memory {
        Some(b) => b,
        None => {
            let store = BlobStore::open().await.map_err(|e| e.message_fr())?;
            store
                .get(p.id.as_str())
                .await
                .map_err(|e| e.message_fr())?
                .ok_or_else(|| {
                    format!("Le fichier « {} » n'est pas dans ce navigateur (données importées d'un autre poste ?).", p.nom)
                })?
        }
    };
    dom::download_bytes(&p.nom, mime(&p.nom), &bytes)
}

/// Reads the chosen files, checks them, and adds them to the form. `principale`: the deposited
/// PDF, which replaces any previous one.
fn choose(
    form: &FactureForm,
    edit: &Edit,
    pending: &Pending,
    error: &UseStateHandle<Option<String>>,
    principale: bool,
) -> Callback<Event> {
    let deja: u64 = form
        .pieces
        .iter()
        .filter(|p| !(principale && p.principale))
        .map(|p| p.taille)
        .sum();
    let (edit, pending, error) = (edit.clone(), pending.clone(), error.clone());
    Callback::from(move |e: Event| {
        let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        let (edit, pending, error) = (edit.clone(), pending.clone(), error.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let mut added: Vec<PieceJointe> = Vec::new();
            let mut errors = Vec::new();
            let mut deja = deja;
            for file in files {
                let (nom, taille) = (file.name(), file.size() as u64);
                if let Err(e) = pj::verifier_piece(&nom, taille, deja) {
                    errors.push(e);
                    continue;
                }
                let bytes = match dom::read_bytes(&file).await {
                    Ok(b) => b,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                if principale {
                    if let Err(e) = pj::verifier_pdf(&nom, &bytes) {
                        errors.push(e);
                        continue;
                    }
                    // One deposited PDF: a new choice replaces the previous one.
                    added.clear();
                } else {
                    deja += taille;
                }
                let id = PieceJointeId::generate();
                pending.borrow_mut().insert(id.clone(), bytes);
                added.push(PieceJointe {
                    id,
                    nom,
                    taille,
                    principale,
                });
            }
            if !added.is_empty() {
                let pending = pending.clone();
                change(&edit, move |f| {
                    if principale {
                        f.pieces.retain(|p| {
                            if p.principale {
                                pending.borrow_mut().remove(&p.id);
                            }
                            !p.principale
                        });
                    }
                    f.pieces.extend(added);
                });
            }
            error.set((!errors.is_empty()).then(|| errors.join(" ")));
        });
    })
}

fn liste(
    form: &FactureForm,
    edit: &Edit,
    pending: &Pending,
    error: &UseStateHandle<Option<String>>,
    principale: bool,
) -> Html {
    let rows: Html = form
        .pieces
        .iter()
        .filter(|p| p.principale == principale)
        .map(|p| {
            let download = {
                let (p, pending, error) = (p.clone(), pending.clone(), error.clone());
                Callback::from(move |_| {
                    let (p, pending, error) = (p.clone(), pending.clone(), error.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Err(e) = telecharger(&p, Some(&pending)).await {
                            error.set(Some(e));
                        }
                    });
                })
            };
            let remove = {
                let (edit, pending, id) = (edit.clone(), pending.clone(), p.id.clone());
                Callback::from(move |_| {
                    pending.borrow_mut().remove(&id);
                    let id = id.clone();
                    change(&edit, move |f| f.pieces.retain(|p| p.id != id));
                })
            };
            html! {
                <li key={p.id.to_string()}>
                    {format!("{} ({}) ", p.nom, taille_fr(p.taille))}
                    <button type="button" class="lien" onclick={download} aria-label={format!("Télécharger {}", p.nom)}>{"Télécharger"}</button>
                    {" · "}
                    <button type="button" class="lien" onclick={remove} aria-label={format!("Retirer {}", p.nom)}>{"Retirer"}</button>
                </li>
            }
        })
        .collect();
    html! { <ul class="liste-pieces">{rows}</ul> }
}

/// « Facture PDF » of a PDF deposit: the legal original.
pub fn bloc_pdf(
    form: &FactureForm,
    edit: &Edit,
    pending: &Pending,
    error: &UseStateHandle<Option<String>>,
    field_error: Option<String>,
) -> Html {
    let message = error.as_ref().cloned().or(field_error);
    html! {
        <fieldset class="bloc">
            <legend>{"Facture PDF"}</legend>
            <div class={classes!("champ", message.is_some().then_some("champ-en-erreur"))}>
                <label for="pdf">{"Fichier PDF de la facture"}<span class="obligatoire" aria-hidden="true">{" *"}</span></label>
                <p class="aide-champ" id="pdf-aide">{"Le PDF déposé est l'original de la facture : le numéro saisi ci-dessous doit y figurer. Pas de PDF protégé par un mot de passe ; 10 Mo au plus."}</p>
                if let Some(m) = &message { <p class="erreur-champ" id="pdf-erreur">{m.clone()}</p> }
                <input type="file" id="pdf" accept=".pdf,application/pdf" onchange={choose(form, edit, pending, error, true)}
                    aria-describedby="pdf-aide" />
            </div>
            {liste(form, edit, pending, error, true)}
        </fieldset>
    }
}

/// « Pièces jointes » (complementary).
pub fn bloc(
    form: &FactureForm,
    edit: &Edit,
    pending: &Pending,
    error: &UseStateHandle<Option<String>>,
    field_error: Option<String>,
) -> Html {
    let message = error.as_ref().cloned().or(field_error);
    html! {
        <fieldset class="bloc">
            <legend>{"Pièces jointes"}</legend>
            <div class={classes!("champ", message.is_some().then_some("champ-en-erreur"))}>
                <label for="pieces">{"Ajouter des pièces jointes (facultatif)"}</label>
                <p class="aide-champ" id="pieces-aide">{format!("Nom de 50 caractères au plus, extension comprise ; 10 Mo au plus par fichier, 120 Mo pour la facture entière. Extensions acceptées : {}.", pj::EXTENSIONS.join(", ").to_lowercase())}</p>
                if let Some(m) = &message { <p class="erreur-champ" id="pieces-erreur">{m.clone()}</p> }
                <input type="file" id="pieces" multiple=true onchange={choose(form, edit, pending, error, false)} aria-describedby="pieces-aide" />
            </div>
            {liste(form, edit, pending, error, false)}
        </fieldset>
    }
}

/// At start: frees the bytes no invoice refers to any more (a reset, an import, a draft deleted in
/// a tab that closed before freeing them). A save in another tab stores its bytes just before its
/// record, so a tab opening in that instant could free them: a rare, reported loss (the download
/// says the file is missing), accepted rather than keeping orphans forever.
pub async fn liberer_orphelins(referencees: std::collections::BTreeSet<PieceJointeId>) {
    let Ok(store) = BlobStore::open().await else {
        return;
    };
    let Ok(ids) = store.ids().await else { return };
    let orphelins: Vec<String> = ids
        .into_iter()
        .filter(|id| !referencees.contains(&PieceJointeId::from(id.as_str())))
        .collect();
    if !orphelins.is_empty() {
        let _ = store.delete_all(&orphelins).await;
    }
}

/// Stores the bytes of new attachments, then runs the command that records them; a refused
/// command takes the bytes back out (all or nothing). A storage error is reported at `champ`.
pub async fn enregistrer_avec_octets<T>(
    champ: &'static str,
    fichiers: &[(String, Vec<u8>)],
    commande: impl FnOnce() -> Result<T, ActionError>,
) -> Result<T, ActionError> {
    let store = if fichiers.is_empty() {
        None
    } else {
        let stored = match BlobStore::open().await {
            Ok(store) => store.put_all(fichiers).await.map(|_| store),
            Err(e) => Err(e),
        };
        let store =
            stored.map_err(|e| ActionError::Domain(DomainError::field(champ, e.message_fr())))?;
        Some(store)
    };
    let result = commande();
    if let (Err(_), Some(store)) = (&result, store) {
        let ids: Vec<String> = fichiers.iter().map(|(id, _)| id.clone()).collect();
        let _ = store.delete_all(&ids).await;
    }
    result
}

/// Frees attachment bytes no invoice refers to any more (best effort: an orphan costs only
/// space, and the next start frees it).
pub async fn liberer(ids: Vec<PieceJointeId>) {
    if ids.is_empty() {
        return;
    }
    if let Ok(store) = BlobStore::open().await {
        let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        let _ = store.delete_all(&ids).await;
    }
}

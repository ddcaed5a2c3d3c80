//! Attachments of an invoice being entered: choosing files (checked against the portal's rules by
//! the domain), the deposited PDF, the list with « Télécharger » and « Retirer ». Bytes chosen but
//! not saved yet wait in memory (`Pending`); saving puts them in IndexedDB before the invoice
//! record is committed.

use crate::domain::facture::PieceJointe;
use crate::domain::ids::PieceJointeId;
use crate::domain::pieces_jointes::{self as pj, taille_fr};
use crate::domain::saisie::FactureForm;
use crate::storage::blobs::BlobStore;
use crate::ui::dom;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
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
    form: &UseStateHandle<FactureForm>,
    pending: &Pending,
    error: &UseStateHandle<Option<String>>,
    principale: bool,
) -> Callback<Event> {
    let (form, pending, error) = (form.clone(), pending.clone(), error.clone());
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
        let (form, pending, error) = (form.clone(), pending.clone(), error.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let mut next = (*form).clone();
            let mut errors = Vec::new();
            for file in files {
                let (nom, taille) = (file.name(), file.size() as u64);
                let deja: u64 = next
                    .pieces
                    .iter()
                    .filter(|p| !(principale && p.principale))
                    .map(|p| p.taille)
                    .sum();
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
                    if let Some(i) = next.pieces.iter().position(|p| p.principale) {
                        let old = next.pieces.remove(i);
                        pending.borrow_mut().remove(&old.id);
                    }
                }
                let id = PieceJointeId::generate();
                pending.borrow_mut().insert(id.clone(), bytes);
                next.pieces.push(PieceJointe {
                    id,
                    nom,
                    taille,
                    principale,
                });
            }
            form.set(next);
            error.set((!errors.is_empty()).then(|| errors.join(" ")));
        });
    })
}

fn liste(
    form: &UseStateHandle<FactureForm>,
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
                let (form, pending, id) = (form.clone(), pending.clone(), p.id.clone());
                Callback::from(move |_| {
                    let mut next = (*form).clone();
                    next.pieces.retain(|p| p.id != id);
                    pending.borrow_mut().remove(&id);
                    form.set(next);
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
    form: &UseStateHandle<FactureForm>,
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
                <input type="file" id="pdf" accept=".pdf,application/pdf" onchange={choose(form, pending, error, true)}
                    aria-describedby="pdf-aide" />
            </div>
            {liste(form, pending, error, true)}
        </fieldset>
    }
}

/// « Pièces jointes » (complementary).
pub fn bloc(
    form: &UseStateHandle<FactureForm>,
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
                <input type="file" id="pieces" multiple=true onchange={choose(form, pending, error, false)} aria-describedby="pieces-aide" />
            </div>
            {liste(form, pending, error, false)}
        </fieldset>
    }
}

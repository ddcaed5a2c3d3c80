//! Attachments of an invoice being entered: choosing files (the domain says which it accepts and
//! keeps their bytes in the form until the commit stores them), the deposited PDF, the list with
//! « Télécharger » and « Retirer ». Storage is reached through the app context only.

use crate::ui::components::facture::Edit;
use crate::ui::context::AppContext;
use crate::ui::dom;
use domain::facturation::facture::PieceJointe;
use domain::facturation::pieces_jointes::{self as pj, taille_fr};
use domain::facturation::saisie::champs;
use domain::facturation::saisie::{Action, FormulaireFacture, Octets};
use domain::kernel::error::Champ;
use wasm_bindgen::JsCast;
use yew::prelude::*;

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

/// Downloads an attachment again: from the form if just chosen, else from the browser's storage.
pub async fn telecharger(
    app: &AppContext,
    p: &PieceJointe,
    octets: Option<&Octets>,
) -> Result<(), String> {
    let bytes = match octets.and_then(|o| o.get(&p.id)) {
        Some(b) => b.to_vec(),
        None => app.octets(p).await?,
    };
    dom::download_bytes(&p.nom, mime(&p.nom), &bytes)
}

#[derive(Properties, PartialEq)]
pub struct LienTelechargementProps {
    pub piece: PieceJointe,
}

/// « Télécharger » an attachment of a recorded invoice; when the browser cannot give its bytes
/// (missing, wrong size, storage refused) the reason is said next to the link.
#[component]
pub fn LienTelechargement(props: &LienTelechargementProps) -> Html {
    let app = crate::ui::context::use_app();
    let error = use_state(|| None::<String>);
    let onclick = {
        let (p, error) = (props.piece.clone(), error.clone());
        Callback::from(move |_| {
            let (app, p, error) = (app.clone(), p.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                error.set(telecharger(&app, &p, None).await.err());
            });
        })
    };
    let p = &props.piece;
    html! { <>
        <button type="button" class="lien" {onclick} aria-label={format!("Télécharger {}", p.nom)}>{"Télécharger"}</button>
        if let Some(e) = &*error { <span class="erreur-champ" role="alert">{format!(" {e}")}</span> }
    </> }
}

/// The files of a file input, emptied for the next choice.
pub fn fichiers_choisis(e: &Event) -> Vec<web_sys::File> {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// Reads files into (name, bytes); the unreadable ones are reported.
pub async fn lire(files: Vec<web_sys::File>) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let (mut lus, mut errors) = (Vec::new(), Vec::new());
    for file in files {
        match dom::read_bytes(&file).await {
            Ok(bytes) => lus.push((file.name(), bytes)),
            Err(e) => errors.push(e),
        }
    }
    (lus, errors)
}

/// Reads the chosen files and adds those the domain accepts to the form. `principale`: the
/// deposited PDF, which replaces any previous one.
fn choose(
    form: &FormulaireFacture,
    edit: &Edit,
    error: &UseStateHandle<Option<String>>,
    principale: bool,
) -> Callback<Event> {
    let (form, edit, error) = (form.clone(), edit.clone(), error.clone());
    Callback::from(move |e: Event| {
        let files = fichiers_choisis(&e);
        let (form, edit, error) = (form.clone(), edit.clone(), error.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let (lus, mut errors) = lire(files).await;
            let (added, refus) = form.fichiers_acceptes(lus, principale);
            errors.extend(refus);
            if !added.is_empty() {
                edit.dispatch(Action::AjouterPieces(added));
            }
            error.set((!errors.is_empty()).then(|| errors.join(" ")));
        });
    })
}

/// What the two blocks read.
pub struct Fichiers<'a> {
    pub app: &'a AppContext,
    pub form: &'a FormulaireFacture,
    pub edit: &'a Edit,
    /// The last choice's refusals.
    pub error: &'a UseStateHandle<Option<String>>,
}

fn liste(f: &Fichiers, principale: bool) -> Html {
    let rows: Html = f
        .form
        .pieces
        .iter()
        .filter(|p| p.principale == principale)
        .map(|p| {
            let download = {
                let (app, p, octets, error) = (
                    f.app.clone(),
                    p.clone(),
                    f.form.octets.clone(),
                    f.error.clone(),
                );
                Callback::from(move |_| {
                    let (app, p, octets, error) =
                        (app.clone(), p.clone(), octets.clone(), error.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Err(e) = telecharger(&app, &p, Some(&octets)).await {
                            error.set(Some(e));
                        }
                    });
                })
            };
            let remove = {
                let (edit, id) = (f.edit.clone(), p.id.clone());
                Callback::from(move |_| edit.dispatch(Action::RetirerPiece(id.clone())))
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

/// The message of a block: the last choice's refusals, else the command's error on its field.
fn message(f: &Fichiers, field_error: Option<String>) -> Option<String> {
    f.error.as_ref().cloned().or(field_error)
}

fn champ_class(message: &Option<String>) -> Classes {
    classes!("champ", message.is_some().then_some("champ-en-erreur"))
}

fn erreur(champ: Champ, message: &Option<String>) -> Html {
    match message {
        Some(m) => {
            html! { <p class="erreur-champ" id={format!("{}-erreur", champ.id)}>{m.clone()}</p> }
        }
        None => html! {},
    }
}

/// « Facture PDF » of a PDF deposit: the legal original.
pub fn bloc_pdf(f: &Fichiers, field_error: Option<String>) -> Html {
    let message = message(f, field_error);
    html! {
        <fieldset class="bloc">
            <legend>{champs::PDF.libelle}</legend>
            <div class={champ_class(&message)}>
                <label for={champs::PDF.id}>{"Fichier PDF de la facture"}<span class="obligatoire" aria-hidden="true">{" *"}</span></label>
                <p class="aide-champ" id="pdf-aide">{"Le PDF déposé est l'original de la facture : le numéro saisi ci-dessous doit y figurer. Pas de PDF protégé par un mot de passe ; 10 Mo au plus."}</p>
                {erreur(champs::PDF, &message)}
                <input type="file" id={champs::PDF.id} accept=".pdf,application/pdf" onchange={choose(f.form, f.edit, f.error, true)}
                    aria-describedby="pdf-aide" />
            </div>
            {liste(f, true)}
        </fieldset>
    }
}

/// « Pièces jointes » (complementary).
pub fn bloc(f: &Fichiers, field_error: Option<String>) -> Html {
    let message = message(f, field_error);
    html! {
        <fieldset class="bloc">
            <legend>{champs::PIECES.libelle}</legend>
            <div class={champ_class(&message)}>
                <label for={champs::PIECES.id}>{"Ajouter des pièces jointes (facultatif)"}</label>
                <p class="aide-champ" id="pieces-aide">{format!("Nom de 50 caractères au plus, extension comprise ; 10 Mo au plus par fichier, 120 Mo pour la facture entière. Extensions acceptées : {}.", pj::EXTENSIONS.join(", ").to_lowercase())}</p>
                {erreur(champs::PIECES, &message)}
                <input type="file" id={champs::PIECES.id} multiple=true onchange={choose(f.form, f.edit, f.error, false)} aria-describedby="pieces-aide" />
            </div>
            {liste(f, false)}
        </fieldset>
    }
}

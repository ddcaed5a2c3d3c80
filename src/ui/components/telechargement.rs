//! Downloads of invoices as files: one invoice in a format (PDF Factur-X, UBL, CII), or several
//! selected in « Factures reçues » as one ZIP, with or without their attachments. The files are
//! written by the formats worker (`browser::formats`, loaded on first use); the bytes of deposited
//! PDFs and attachments come from the browser's storage.

use crate::browser::formats::fichier;
use crate::ui::components::form::{checkbox, select_field, Feedback};
use crate::ui::context::AppContext;
use crate::ui::dom;
use crate::ui::hooks::use_command;
use domain::facturation::cycle;
use domain::facturation::facture::Facture;
use domain::kernel::ids::FactureId;
use formats_protocole::{Dossier, Entree, Format, Requete};
use storage::backend::ActionError;
use yew::prelude::*;

/// Downloads one invoice in `format`: a PDF deposit gives its deposited PDF.
pub async fn telecharger(app: &AppContext, f: &Facture, format: Format) -> Result<(), String> {
    let (nom, octets) = principal(app, f, format).await?;
    let mime = if nom.ends_with(".pdf") {
        "application/pdf"
    } else {
        "application/xml"
    };
    dom::download_bytes(&nom, mime, &octets)
}

/// The invoice written in `format` by the formats worker.
pub async fn exporter(
    app: &AppContext,
    f: &Facture,
    format: Format,
) -> Result<(String, String, Vec<u8>), String> {
    let dossier = Dossier::de(&app.sandbox(), f);
    fichier(&Requete::Exporter { format, dossier }, Vec::new()).await
}

/// The invoice's main file in `format`: the deposited PDF of a PDF deposit, else the export.
async fn principal(
    app: &AppContext,
    f: &Facture,
    format: Format,
) -> Result<(String, Vec<u8>), String> {
    if let (Format::Pdf, Some(p)) = (format, f.principale()) {
        return Ok((p.nom.clone(), app.octets(p).await?));
    }
    let (nom, _, octets) = exporter(app, f, format).await?;
    Ok((nom, octets))
}

/// The files of several invoices: each main file at the root, its attachments in a folder named
/// after it (the worker names them). The invoices with no file in that format are named in the
/// returned list.
async fn fichiers(
    app: &AppContext,
    ids: &[FactureId],
    format: Format,
    pieces: bool,
) -> Result<(Vec<Entree>, Vec<Vec<u8>>, Vec<String>), String> {
    let sb = app.sandbox();
    let (mut entrees, mut octets) = (Vec::new(), Vec::new());
    let mut sans = Vec::new();
    for id in ids {
        let Some(f) = sb.factures.get(id) else {
            continue;
        };
        match principal(app, f, format).await {
            Ok((nom, o)) => {
                entrees.push(Entree {
                    nom,
                    piece_de: None,
                });
                octets.push(o);
            }
            Err(e) => {
                sans.push(format!("{} : {e}", f.numero));
                continue;
            }
        }
        if pieces {
            for p in f.pieces.iter().filter(|p| !p.principale) {
                entrees.push(Entree {
                    nom: p.nom.clone(),
                    piece_de: Some(f.numero.clone()),
                });
                octets.push(app.octets(p).await?);
            }
        }
    }
    Ok((entrees, octets, sans))
}

#[derive(Properties, PartialEq)]
pub struct TelechargerSelectionProps {
    pub ids: Vec<FactureId>,
}

/// « Télécharger » the selected invoices as one ZIP; each download is recorded in the invoice's
/// history (all or none).
#[component]
pub fn TelechargerSelection(props: &TelechargerSelectionProps) -> Html {
    let cmd = use_command();
    let format = use_state(|| "pdf".to_string());
    let pieces = use_state(|| false);
    let onclick = {
        let (cmd, ids, format, pieces) = (
            cmd.clone(),
            props.ids.clone(),
            format.clone(),
            pieces.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let r = cmd.try_run(|sb, actor, now| cycle::telecharger_lot(sb, actor, &ids, now));
            match r {
                Some(Ok(())) => {}
                Some(Err(e)) => return cmd.fail(e),
                None => return,
            }
            let fmt = match format.as_str() {
                "ubl" => Format::Ubl,
                "cii" => Format::Cii,
                _ => Format::Pdf,
            };
            cmd.set(Feedback {
                error: None,
                done: Some("Préparation du fichier…".to_string()),
            });
            let (cmd, ids, avec) = (cmd.clone(), ids.clone(), *pieces);
            wasm_bindgen_futures::spawn_local(async move {
                let app = cmd.app().clone();
                let result = async {
                    let (fichiers, octets, sans) = fichiers(&app, &ids, fmt, avec).await?;
                    if fichiers.is_empty() {
                        return Err(format!("Aucun fichier à télécharger. {}", sans.join(" ")));
                    }
                    let t = app.now();
                    let quand = t.naive_utc()
                        + chrono::Duration::seconds(i64::from(
                            domain::kernel::time::paris_offset_seconds(t),
                        ));
                    let n = fichiers.len();
                    let (nom, mime, zip) =
                        fichier(&Requete::Zip { quand, fichiers }, octets).await?;
                    dom::download_bytes(&nom, &mime, &zip)?;
                    Ok((n, sans))
                }
                .await;
                match result {
                    Ok((n, sans)) => cmd.set(Feedback {
                        error: None,
                        done: Some(format!(
                            "{} dans factures.zip ; chaque téléchargement figure dans l'historique de la facture.{}",
                            domain::kernel::text::pluriel(n, "fichier", "fichiers"),
                            if sans.is_empty() { String::new() } else { format!(" Sans fichier dans ce format : {}", sans.join(" ")) }
                        )),
                    }),
                    Err(e) => cmd.fail(ActionError::Browser(e)),
                }
            });
        })
    };
    let fb = cmd.feedback();
    let options = [
        ("pdf", Format::Pdf),
        ("cii", Format::Cii),
        ("ubl", Format::Ubl),
    ]
    .into_iter()
    .map(|(v, f)| (v.to_string(), f.label().to_string()))
    .collect();
    let on_format = {
        let format = format.clone();
        Callback::from(move |v: String| format.set(v))
    };
    let on_pieces = {
        let pieces = pieces.clone();
        Callback::from(move |v: bool| pieces.set(v))
    };
    html! {
        <div class="zone-telechargement">
            <h2>{"Télécharger la sélection"}</h2>
            <div class="zone-erreur">
                if let Some(e) = &fb.error { <p class="alerte alerte-erreur" role="alert">{e.to_string()}</p> }
            </div>
            {fb.done_html()}
            {select_field("format-telechargement", "Format", options, &format, on_format, None)}
            {checkbox("avec-pieces-jointes", "Avec les pièces jointes complémentaires", *pieces, on_pieces, None)}
            <p><button type="button" class="bouton bouton-secondaire" {onclick}>
                {format!("Télécharger {} (ZIP)", domain::kernel::text::pluriel(props.ids.len(), "facture", "factures"))}</button></p>
        </div>
    }
}

//! « Récupération des données »: what could not be read at load, kept under backup keys; export
//! it raw, or give it up.

use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::{ErrorSummary, Feedback};
use crate::ui::components::page::Page;
use crate::ui::dom;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use storage::backend::ActionError;
use storage::persistence::Problem;
use yew::prelude::*;

#[component]
pub fn Recuperation() -> Html {
    // No domain command here: the hook keeps what the backend answered.
    let cmd = use_command();
    let app = cmd.app().clone();
    let (backups, problems) = {
        let b = app.backend.borrow();
        (b.backups(), b.problems.clone())
    };
    let reason_of = |key: &str| {
        problems.iter().find_map(|p| match p {
            Problem::Corrupt {
                backup_key, reason, ..
            } if backup_key == key => Some(reason.clone()),
            _ => None,
        })
    };
    let newer: Vec<String> = problems
        .iter()
        .filter_map(|p| match p {
            Problem::Newer { key, version } => Some(format!("{key} (schéma {version})")),
            _ => None,
        })
        .collect();
    let export_raw = {
        let (backups, cmd) = (backups.clone(), cmd.clone());
        Callback::from(move |_| {
            let map: serde_json::Map<String, serde_json::Value> = backups
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            let r = serde_json::to_string_pretty(&map)
                .map_err(|e| format!("Export impossible : {e}"))
                .and_then(|text| {
                    dom::download(
                        "bac-a-sable-donnees-illisibles.json",
                        "application/json",
                        &text,
                    )
                })
                .map_err(ActionError::Browser);
            cmd.show(
                &r,
                "Le fichier « bac-a-sable-donnees-illisibles.json » est proposé au téléchargement.",
            );
        })
    };
    html! {
        <Page route={Route::Recuperation} help={html!{
            <p>{"Quand une donnée enregistrée dans ce navigateur ne peut pas être lue (fichier abîmé, modification manuelle…), le bac à sable ne l'écrase jamais : il la met de côté sous une clé de sauvegarde et continue avec le reste. Ici, vous pouvez exporter ces données brutes (par exemple pour les transmettre au formateur), ou les abandonner."}</p>
        }}>
            {cmd.feedback().done_html()}
            <ErrorSummary error={cmd.feedback().error.clone()} />
            if !newer.is_empty() {
                <div class="alerte alerte-avertissement">
                    <p>{"Données enregistrées par une version plus récente du bac à sable (ouvertes en consultation seule, jamais modifiées) :"}</p>
                    <ul>{ for newer.iter().map(|n| html! { <li>{n.clone()}</li> }) }</ul>
                </div>
            }
            if backups.is_empty() {
                <p class="etat-vide">{"Aucune donnée mise de côté : tout a pu être lu."}</p>
            } else {
                <p class="compte-resultats">{domain::kernel::text::pluriel(backups.len(), "donnée mise de côté", "données mises de côté")}</p>
                <button type="button" class="bouton" onclick={export_raw}>{"Exporter les données brutes"}</button>
                <table class="tableau">
                    <caption class="visually-hidden">{"Données illisibles mises de côté"}</caption>
                    <thead><tr><th scope="col">{"Clé de sauvegarde"}</th><th scope="col">{"Raison"}</th><th scope="col">{"Taille"}</th><th scope="col">{"Action"}</th></tr></thead>
                    <tbody>
                        { for backups.iter().enumerate().map(|(i, (key, raw))| {
                            let on_confirm = {
                                let (cmd, key) = (cmd.clone(), key.clone());
                                Callback::from(move |_| {
                                    if let Err(e) = cmd.app().with_backend(|b| b.discard_backup(&key)) {
                                        cmd.set(Feedback { error: Some(e), done: None });
                                    }
                                })
                            };
                            html! {
                                <tr key={key.clone()}>
                                    <td><code>{key.clone()}</code></td>
                                    <td>{reason_of(key).unwrap_or_else(|| "illisible".to_string())}</td>
                                    <td>{format!("{} caractères", raw.chars().count())}</td>
                                    <td>
                                        <ConfirmButton id={format!("abandonner-{i}")} label="Abandonner cette donnée" danger=true
                                            question="Supprimer définitivement cette donnée illisible ?" confirm_label="Oui, supprimer" {on_confirm} />
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
        </Page>
    }
}

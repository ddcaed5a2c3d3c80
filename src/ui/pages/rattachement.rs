//! « Se rattacher à une structure existante »: find the structure by its identifier, choose
//! services if you wish, send the request to its gestionnaire principal. What the request produced
//! (sent to the gestionnaire, or attached at once as GP) is the command's answer.

use super::creer_structure::{identifier_index, identifier_options, identifier_type_at};
use crate::ui::components::form::{checkbox, select_field, ErrorSummary, Feedback, TextField};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::hooks::{use_command, CommandHandle};
use crate::ui::route::Route;
use domain::kernel::ids::{ServiceId, StructureId};
use domain::organisation::identifiants::TypeIdentifiant;
use domain::organisation::rattachement::{self as rat, champs};
use domain::organisation::services;
use domain::organisation::structure::Structure;
use std::collections::BTreeSet;
use storage::backend::ActionError;
use yew::prelude::*;

#[component]
pub fn DemandeRattachement() -> Html {
    let cmd = use_command();
    let kind = use_state(|| TypeIdentifiant::Siret);
    let identifier = use_state(String::new);
    let found = use_state(|| None::<StructureId>);
    let services = use_state(BTreeSet::<ServiceId>::new);
    let commentaire = use_state(String::new);

    let search = {
        let (cmd, kind, identifier, found, services) = (
            cmd.clone(),
            kind.clone(),
            identifier.clone(),
            found.clone(),
            services.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            services.set(BTreeSet::new());
            match rat::rechercher_structure(&cmd.app().sandbox(), *kind, &identifier) {
                Ok(s) => {
                    found.set(Some(s.id.clone()));
                    cmd.set(Feedback::default());
                }
                Err(e) => {
                    found.set(None);
                    cmd.set(Feedback {
                        error: Some(ActionError::Domain(e)),
                        done: None,
                    });
                }
            }
        })
    };

    let sb = cmd.app().sandbox();
    let structure = found.as_ref().and_then(|id| sb.structures.get(id)).cloned();
    let fb = cmd.feedback();
    html! {
        <Page route={Route::Rattachement} help={html!{
            <p>{"Chaque utilisateur se rattache à la structure qui l'emploie, identifiée par son SIRET (ou un autre identifiant). La demande part chez le gestionnaire principal de la structure, qui la valide ou la refuse ; vous recevez un message dans les deux cas. Vous pouvez préciser les services dans lesquels vous travaillez."}</p>
        }}>
            {fb.done_html()}
            <ErrorSummary id="erreurs-rattachement" error={fb.error.clone()} />
            <form class="formulaire" onsubmit={search} novalidate=true>
                <fieldset>
                    <legend>{"Rechercher la structure"}</legend>
                    {select_field(champs::TYPE_RECHERCHE.id, champs::TYPE_RECHERCHE.libelle, identifier_options(), &identifier_index(*kind),
                        { let kind = kind.clone(); Callback::from(move |v: String| kind.set(identifier_type_at(&v))) }, None)}
                    <TextField id={champs::IDENTIFIANT_RECHERCHE.id} label={champs::IDENTIFIANT_RECHERCHE.libelle} required=true hint={Some(AttrValue::Static(kind.hint()))}
                        value={(*identifier).clone()} oninput={{ let identifier = identifier.clone(); Callback::from(move |v| identifier.set(v)) }}
                        error={fb.field(champs::IDENTIFIANT_RECHERCHE)} />
                </fieldset>
                <div class="actions"><button type="submit" class="bouton bouton-secondaire">{"Rechercher la structure"}</button></div>
            </form>
            if let Some(s) = structure {
                {request_form(&cmd, &s, &services, &commentaire)}
            }
            <p>{link(Route::Structures, "Voir mes structures et l'état de mes demandes", "")}</p>
        </Page>
    }
}

/// The structure found, and the request: the services it offers, a comment.
fn request_form(
    cmd: &CommandHandle,
    s: &Structure,
    services: &UseStateHandle<BTreeSet<ServiceId>>,
    commentaire: &UseStateHandle<String>,
) -> Html {
    let send = {
        let (cmd, sid) = (cmd.clone(), s.id.clone());
        let (services, commentaire) = (services.clone(), commentaire.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen: Vec<ServiceId> = services.iter().cloned().collect();
            let c = (*commentaire).clone();
            let cmd = cmd.clone();
            let sid = sid.clone();
            // Becoming GP of an orphan structure is reserved across tabs before the commit.
            wasm_bindgen_futures::spawn_local(async move {
                let r = cmd
                    .try_run_unique(true, |sb, actor, now| {
                        rat::demander_rattachement(sb, actor, &sid, &chosen, &c, now)
                    })
                    .await;
                match r {
                    Some(Ok(resultat)) => cmd.set(Feedback {
                        error: None,
                        done: Some(resultat.issue.message().to_string()),
                    }),
                    Some(Err(e)) => cmd.set(Feedback {
                        error: Some(e),
                        done: None,
                    }),
                    None => {}
                }
            });
        })
    };
    let fb = cmd.feedback();
    let sb = cmd.app().sandbox();
    let offered = services::utilisables(&sb, &s.id, cmd.app().now());
    html! {
        <section aria-labelledby="titre-structure-trouvee">
            <h2 id="titre-structure-trouvee">{format!("Structure trouvée : {}", s.display_name())}</h2>
            <p>{format!("{} — {} {}, {} {}", s.kind.label(), s.identifier_type.label(), s.identifier, s.adresse.code_postal, s.adresse.ville)}</p>
            if let Some(e) = fb.field(champs::STRUCTURE) { <p class="erreur-champ" id={champs::STRUCTURE.id}>{e}</p> }
            <form class="formulaire" onsubmit={send} novalidate=true>
                <fieldset>
                    <legend>{champs::SERVICES.libelle}</legend>
                    if let Some(e) = fb.field(champs::SERVICES) { <p class="erreur-champ" id={champs::SERVICES.id}>{e}</p> }
                    { for offered.into_iter().map(|sv| {
                        let id = sv.id.clone();
                        let services = services.clone();
                        let on = services.contains(&id);
                        checkbox(&format!("service-{}", sv.id), &format!("{} — {}", sv.code, sv.libelle), on, Callback::from(move |v: bool| {
                            let mut set = (*services).clone();
                            if v { set.insert(id.clone()); } else { set.remove(&id); }
                            services.set(set);
                        }), None)
                    }) }
                    <TextField id={champs::COMMENTAIRE.id} label={champs::COMMENTAIRE.libelle} value={(**commentaire).clone()}
                        oninput={{ let commentaire = commentaire.clone(); Callback::from(move |v| commentaire.set(v)) }}
                        error={fb.field(champs::COMMENTAIRE)} />
                </fieldset>
                <div class="actions"><button type="submit" class="bouton" disabled={cmd.busy()}>{if cmd.busy() { "Envoi de la demande en cours…" } else { "Envoyer la demande de rattachement" }}</button></div>
            </form>
        </section>
    }
}

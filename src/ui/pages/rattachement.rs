//! « Se rattacher à une structure existante »: find the structure by its identifier, choose
//! services if you wish, send the request to its gestionnaire principal.

use super::creer_structure::{identifier_index, identifier_options, identifier_type_at};
use crate::ui::components::form::{checkbox, select_field, ErrorSummary, Feedback, TextField};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::route::Route;
use domain::kernel::ids::{ServiceId, StructureId};
use domain::kernel::time::paris_date;
use domain::organisation::droits::RattachementStatus;
use domain::organisation::fiche_structure as org;
use domain::organisation::identifiants::IdentifierType;
use domain::organisation::rattachement as rat;
use domain::DomainError;
use std::collections::BTreeSet;
use storage::backend::ActionError;
use yew::prelude::*;

#[component]
pub fn DemandeRattachement() -> Html {
    let app = use_app();
    let kind = use_state(|| IdentifierType::Siret);
    let identifier = use_state(String::new);
    let found = use_state(|| None::<StructureId>);
    let services = use_state(BTreeSet::<ServiceId>::new);
    let commentaire = use_state(String::new);
    let feedback = use_state(Feedback::default);

    let search = {
        let (app, kind, identifier, found, services, feedback) = (
            app.clone(),
            kind.clone(),
            identifier.clone(),
            found.clone(),
            services.clone(),
            feedback.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            services.set(BTreeSet::new());
            match org::find_by_identifier(&app.sandbox(), *kind, &identifier) {
                Ok(s) => {
                    found.set(Some(s.id.clone()));
                    feedback.set(Feedback::default());
                }
                Err(m) => {
                    found.set(None);
                    feedback.set(Feedback {
                        error: Some(ActionError::Domain(DomainError::field(
                            "identifiant_recherche",
                            m,
                        ))),
                        done: None,
                    });
                }
            }
        })
    };
    let send = {
        let (app, found, services, commentaire, feedback) = (
            app.clone(),
            found.clone(),
            services.clone(),
            commentaire.clone(),
            feedback.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(actor), Some(sid)) = (app.account().map(|a| a.id.clone()), (*found).clone())
            else {
                return;
            };
            let chosen: Vec<ServiceId> = services.iter().cloned().collect();
            let c = (*commentaire).clone();
            let r = app.run(|sb, now| rat::request(sb, &actor, &sid, &chosen, &c, now));
            let validated = app.sandbox().rattachements.values().any(|r| {
                r.account == actor && r.structure == sid && r.status == RattachementStatus::Validee
            });
            feedback.set(Feedback::from(r, if validated {
                "Vous êtes rattaché(e) à cette structure en tant que gestionnaire principal (elle n'avait pas encore de gestionnaire). Un message vous a été envoyé."
            } else {
                "Votre demande de rattachement a été envoyée au gestionnaire principal de la structure. Vous recevrez un message quand il l'aura traitée."
            }));
        })
    };

    let sb = app.sandbox();
    let today = paris_date(app.now());
    let structure = found.as_ref().and_then(|id| sb.structures.get(id)).cloned();
    let fb = &*feedback;
    html! {
        <Page route={Route::Rattachement} help={html!{
            <p>{"Chaque utilisateur se rattache à la structure qui l'emploie, identifiée par son SIRET (ou un autre identifiant). La demande part chez le gestionnaire principal de la structure, qui la valide ou la refuse ; vous recevez un message dans les deux cas. Vous pouvez préciser les services dans lesquels vous travaillez."}</p>
        }}>
            {fb.done_html()}
            <ErrorSummary id="erreurs-rattachement" error={fb.error.clone()} fields={vec![("identifiant_recherche", "Identifiant de la structure"), ("structure", "Structure"), ("commentaire", "Commentaire")]} />
            <form class="formulaire" onsubmit={search} novalidate=true>
                <fieldset>
                    <legend>{"Rechercher la structure"}</legend>
                    {select_field("type_recherche", "Type d'identifiant", identifier_options(), &identifier_index(*kind),
                        { let kind = kind.clone(); Callback::from(move |v: String| kind.set(identifier_type_at(&v))) }, None)}
                    <TextField id="identifiant_recherche" label="Identifiant de la structure" required=true hint={Some(AttrValue::Static(kind.hint()))}
                        value={(*identifier).clone()} oninput={{ let identifier = identifier.clone(); Callback::from(move |v| identifier.set(v)) }}
                        error={fb.field("identifiant_recherche")} />
                </fieldset>
                <div class="actions"><button type="submit" class="bouton bouton-secondaire">{"Rechercher la structure"}</button></div>
            </form>
            if let Some(s) = structure {
                <section aria-labelledby="titre-structure-trouvee">
                    <h2 id="titre-structure-trouvee">{format!("Structure trouvée : {}", s.display_name())}</h2>
                    <p>{format!("{} — {} {}, {} {}", s.kind.label(), s.identifier_type.label(), s.identifier, s.adresse.code_postal, s.adresse.ville)}</p>
                    if let Some(e) = fb.field("structure") { <p class="erreur-champ" id="structure">{e}</p> }
                    <form class="formulaire" onsubmit={send} novalidate=true>
                        <fieldset>
                            <legend>{"Services dans lesquels vous travaillez (facultatif)"}</legend>
                            { for org::services_of(&sb, &s.id).into_iter().filter(|sv| sv.is_usable_on(today)).map(|sv| {
                                let id = sv.id.clone();
                                let services = services.clone();
                                let on = services.contains(&id);
                                checkbox(&format!("service-{}", sv.id), &format!("{} — {}", sv.code, sv.libelle), on, Callback::from(move |v: bool| {
                                    let mut set = (*services).clone();
                                    if v { set.insert(id.clone()); } else { set.remove(&id); }
                                    services.set(set);
                                }), None)
                            }) }
                            <TextField id="commentaire" label="Commentaire pour le gestionnaire" value={(*commentaire).clone()}
                                oninput={{ let commentaire = commentaire.clone(); Callback::from(move |v| commentaire.set(v)) }}
                                error={fb.field("commentaire")} />
                        </fieldset>
                        <div class="actions"><button type="submit" class="bouton">{"Envoyer la demande de rattachement"}</button></div>
                    </form>
                </section>
            }
            <p>{link(Route::Structures, "Voir mes structures et l'état de mes demandes", "")}</p>
        </Page>
    }
}

//! The training scenarios: their catalogue (`#/scenarios`) and the link that opens one
//! (`#/scenario/<id>/<version>?stagiaire=<nom>`). What the link finds (already running, data to
//! replace, nothing) is decided by `formation::parcours::ouvrir`.

use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::{use_app, AppContext};
use crate::ui::dom;
use crate::ui::route::Route;
use domain::kernel::text::pluriel;
use formation::parcours::{self, Ouverture};
use formation::{catalogue, Scenario};
use storage::export;
use yew::prelude::*;
use yew_router::prelude::*;

/// What a scenario is, as the catalogue and the link present it (`h2`: the title as a heading).
fn presentation(sc: &Scenario, titre: bool) -> Html {
    html! {
        <>
            if titre { <h2>{sc.titre}</h2> }
            <p>{format!("Durée estimée : {} · Côté : {} · {} en {}.", sc.duree(), sc.cotes.label(), pluriel(sc.nombre_etapes(), "étape", "étapes"), pluriel(sc.exercices.len(), "exercice", "exercices"))}</p>
            <p>{"À la fin, vous saurez :"}</p>
            <ul>{ for sc.objectifs.iter().map(|o| html! { <li>{*o}</li> }) }</ul>
        </>
    }
}

/// `#/scenarios`: every scenario with its objectives, duration, number of steps and link.
pub fn catalogue_scenarios() -> Html {
    html! {
        <Page route={Route::Scenarios} help={html!{
            <>
                <p>{"Chaque scénario prépare le bac à sable (structures, utilisateurs, factures, documents) et affiche au-dessus de chaque page un panneau qui dit quoi faire, étape par étape ; « Vérifier » contrôle votre travail dans le bac à sable."}</p>
                <p>{"Formateur : envoyez le lien d'un scénario aux stagiaires, en ajoutant leur nom (« ?stagiaire=Prénom Nom ») si vous le souhaitez ; le même lien donne à chacun le même point de départ."}</p>
                <p>{link(Route::ModesAcces, "Les modes d'accès : portail, EDI, API", "")}</p>
            </>
        }}>
            { for catalogue().iter().map(|sc| {
                let to = Route::Scenario { id: sc.id.to_string(), version: sc.version.to_string() };
                let adresse = format!("#/scenario/{}/{}", sc.id, sc.version);
                html! {
                    <section class="panneau">
                        {presentation(sc, true)}
                        <p>{"Lien à envoyer : "}<code>{adresse}</code></p>
                        <p>{link(to, "Ouvrir ce scénario", "bouton")}</p>
                    </section>
                }
            }) }
        </Page>
    }
}

#[derive(Properties, PartialEq)]
pub struct OuvrirProps {
    pub id: AttrValue,
    pub version: AttrValue,
}

/// Writes the seed and a fresh progression in one all-or-nothing replacement, then connects the
/// trainee; a failure is returned in French.
fn demarrer(app: &AppContext, sc: &Scenario, stagiaire: &str) -> Result<(), String> {
    let debut = app.backend.borrow().real_now();
    let (records, compte) = parcours::demarrer(sc, stagiaire, debut).map_err(|e| e.to_string())?;
    // In a training session, the next scenario keeps the session and the tests already taken.
    let records = formation::bilan::reprendre(app.sandbox().progression.as_deref(), None, records);
    app.remplacer_par_scenario(records)
        .map_err(|e| e.to_string())?;
    match compte {
        Some(c) => app.login(c),
        None => app.logout(),
    }
    Ok(())
}

#[component]
pub fn OuvrirScenario(props: &OuvrirProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let location = use_location();
    let erreur = use_state(|| None::<String>);
    let exporte = use_state(|| None::<Result<String, String>>);
    let stagiaire = location
        .map(|l| parcours::stagiaire_du_lien(l.query_str()))
        .unwrap_or_default();
    let sb = app.sandbox();
    let route = Route::Scenario {
        id: props.id.to_string(),
        version: props.version.to_string(),
    };
    let help = html! {
        <p>{"Ce lien ouvre un scénario de formation : le bac à sable est préparé pour l'exercice et un panneau en haut de chaque page vous guide étape par étape."}</p>
    };
    let ouverture = parcours::ouvrir(&props.id, &props.version, &sb);
    let sc = match ouverture {
        Ouverture::Refus(m) => {
            return html! {
                <Page {route} {help}>
                    <p class="alerte" role="alert">{m}</p>
                    <p>{link(Route::Scenarios, "Voir les scénarios disponibles", "")}</p>
                </Page>
            }
        }
        Ouverture::EnCours(sc) | Ouverture::ARemplacer(sc) | Ouverture::Vide(sc) => sc,
    };
    let commencer = {
        let (app, erreur, stagiaire, navigator) = (
            app.clone(),
            erreur.clone(),
            stagiaire.clone(),
            navigator.clone(),
        );
        Callback::from(move |_: ()| match demarrer(&app, sc, &stagiaire) {
            Ok(()) => {
                erreur.set(None);
                if let Some(nav) = &navigator {
                    nav.push(&Route::Accueil);
                }
            }
            Err(m) => erreur.set(Some(m)),
        })
    };
    let exporter = {
        let (app, exporte) = (app.clone(), exporte.clone());
        Callback::from(move |_| {
            let now = app.now();
            let name = export::file_name(now);
            let text = export::export(&app.sandbox(), now);
            exporte.set(Some(
                dom::download(&name, "application/json", &text).map(|_| name),
            ));
        })
    };
    let pour = if stagiaire.is_empty() {
        String::new()
    } else {
        format!(" — stagiaire : {stagiaire}")
    };
    let action = match ouverture {
        Ouverture::EnCours(_) => html! {
            <>
                <p role="status">{"Ce scénario est déjà en cours dans ce navigateur : votre progression est conservée. Continuez avec le panneau en haut de la page."}</p>
                <p>{link(Route::Accueil, "Continuer le scénario", "bouton")}</p>
                <ConfirmButton id="recommencer-scenario" label="Tout recommencer depuis le début"
                    question="Tout recommencer ? Le bac à sable et la progression reviennent au départ du scénario."
                    on_confirm={commencer} danger=true />
            </>
        },
        Ouverture::ARemplacer(_) => html! {
            <>
                <p class="alerte" role="alert">{"Ce bac à sable contient déjà des données (comptes, structures, factures…). Commencer le scénario les remplacera toutes. Exportez-les d'abord si vous voulez les garder."}</p>
                <div class="actions">
                    <button type="button" class="bouton bouton-secondaire" onclick={exporter}>{"Exporter mes données"}</button>
                    <ConfirmButton id="remplacer-et-commencer" label="Remplacer mes données et commencer"
                        question="Remplacer toutes les données de ce bac à sable par celles du scénario ?"
                        confirm_label="Remplacer et commencer" on_confirm={commencer} danger=true />
                </div>
                if let Some(r) = &*exporte {
                    <p role="status">{ match r { Ok(n) => format!("Données exportées dans « {n} »."), Err(e) => e.clone() } }</p>
                }
            </>
        },
        _ => html! {
            <p><button type="button" class="bouton" onclick={commencer.reform(|_: MouseEvent| ())}>{"Commencer le scénario"}</button></p>
        },
    };
    html! {
        <Page {route} {help} title={AttrValue::from(format!("Scénario : {}{pour}", sc.titre))}>
            {presentation(sc, false)}
            {action}
            if let Some(m) = &*erreur { <p class="alerte" role="alert">{m.clone()}</p> }
        </Page>
    }
}

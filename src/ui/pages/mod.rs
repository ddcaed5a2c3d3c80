//! One file per screen. `render` maps a route to its page; pages that need a connected user show
//! the connection form instead.

mod accueil;
mod aide;
mod annuaire;
pub(crate) mod api_facture;
mod bilan_classe;
mod certificat_depot;
mod comprendre;
mod compte;
mod connexion;
mod coordonnees_bancaires;
mod creer_compte;
mod creer_structure;
mod domaines;
mod evaluation;
mod facture;
mod factures_a_valider;
mod factures_emises;
mod factures_recues;
mod fiche_structure;
mod flux;
mod formateur;
mod introuvable;
mod liens;
mod messagerie;
mod modes_acces;
mod mon_compte;
mod premiere_connexion;
mod rattachement;
mod recuperation;
mod saisie_facture;
mod scenarios;
mod services;
mod sollicitations;
mod structures;
mod tableau_de_bord;
mod travaux;
mod utilisateurs;

use super::components::link;
use super::components::page::Page;
use super::context::AppContext;
use super::route::Route;
use domain::facturation::facture::ModeDepot;
use domain::kernel::ids::{CompteId, StructureId};
use domain::organisation::droits::Action;
use domain::organisation::rattachement as rat;
use domain::organisation::structure::Structure;
use domain::Sandbox;
use std::rc::Rc;
use yew::prelude::*;

pub use connexion::Connexion;

/// The page of a route. Pages with no state of their own are plain views over the context (each
/// component type costs code in the bundle); the others are components.
pub fn render(app: &AppContext, route: Route) -> Html {
    // A page that needs a connected user shows the connection form (then back here) to anyone
    // else.
    if route.requires_login() && app.account().is_none() {
        return html! { <Connexion then={Some(route)} /> };
    }
    match route {
        Route::Accueil => accueil::accueil(app),
        Route::Connexion => html! { <Connexion /> },
        Route::CreerCompte => html! { <creer_compte::CreerCompte /> },
        Route::Activation { token } => {
            html! { <liens::ConfirmLink {token} action={liens::LinkAction::Activation} /> }
        }
        Route::RenvoyerActivation => compte::renvoyer_activation(),
        Route::MotDePasseOublie => compte::mot_de_passe_oublie(),
        Route::Reinitialisation { token } => html! { <liens::Reinitialisation {token} /> },
        Route::DemandeReactivation => compte::demande_reactivation(),
        Route::Reactivation { token } => {
            html! { <liens::ConfirmLink {token} action={liens::LinkAction::Reactivation} /> }
        }
        Route::MonCompte => mon_compte::mon_compte(app),
        Route::Messagerie => html! { <messagerie::Messagerie /> },
        Route::Message { id } => html! { <messagerie::Message {id} /> },
        Route::Facturation => domaines::facturation(),
        Route::Organisation => domaines::organisation(),
        Route::PremiereConnexion => premiere_connexion::premiere_connexion(app),
        Route::Structures => html! { <structures::MesStructures /> },
        Route::CreerStructure => html! { <creer_structure::CreerStructure /> },
        Route::Rattachement => html! { <rattachement::DemandeRattachement /> },
        Route::FicheStructure { id } => fiche_structure::fiche_structure(app, &id),
        Route::Services { id } => html! { <services::Services {id} /> },
        Route::Utilisateurs { id } => html! { <utilisateurs::Utilisateurs {id} /> },
        Route::Annuaire => html! { <annuaire::Annuaire /> },
        Route::AnnuaireStructure { id } => annuaire::annuaire_structure(app, &id),
        Route::FacturesEmises => html! { <factures_emises::FacturesEmises brouillons=false /> },
        Route::Brouillons => html! { <factures_emises::FacturesEmises brouillons=true /> },
        Route::SaisirFacture => {
            // Keyed apart: each address opens its own clean form (never another one's state).
            html! { <saisie_facture::SaisieFacture key="saisie" mode={ModeDepot::SaisiePortail} /> }
        }
        Route::DeposerFacture => {
            html! { <saisie_facture::SaisieFacture key="depot" mode={ModeDepot::DepotPdfPortail} /> }
        }
        Route::SuiviFlux => flux::suivi_flux(app),
        Route::Flux { id } => flux::consulter_flux(app, &id),
        Route::ModifierBrouillon { id } => {
            let key = id.clone();
            html! { <saisie_facture::SaisieFacture {key} mode={ModeDepot::SaisiePortail} id={Some(id)} /> }
        }
        Route::FacturesRecues => html! { <factures_recues::FacturesRecues /> },
        Route::FacturesAValider => factures_a_valider::factures_a_valider(app),
        Route::Sollicitation { id } => {
            let key = id.clone();
            html! { <sollicitations::PageSollicitation {key} {id} /> }
        }
        Route::TableauDeBord => html! { <tableau_de_bord::TableauDeBord /> },
        Route::FacturesTravaux => html! { <travaux::Travaux key="liste" /> },
        Route::DossierTravaux { id } => {
            let key = id.clone();
            html! { <travaux::Travaux {key} id={Some(id)} /> }
        }
        Route::Facture { id } => html! { <facture::ConsulterFacture {id} /> },
        Route::CertificatDepot { id } => certificat_depot::certificat_depot(app, &id),
        Route::FactureApi { id } => html! { <api_facture::FactureApi {id} /> },
        Route::ModesAcces => modes_acces::modes_acces(),
        Route::EspaceFormateur => html! { <formateur::EspaceFormateur /> },
        Route::Aide => aide::aide(),
        Route::Scenarios => scenarios::catalogue_scenarios(),
        Route::Scenario { id, version } => {
            html! { <scenarios::OuvrirScenario id={id} version={version} /> }
        }
        Route::DocumentsScenario => super::components::formation::documents(app),
        Route::Session | Route::Positionnement { .. } | Route::Resultats => {
            // Keyed by address: no page of the evaluation inherits another's state.
            let key = yew_router::Routable::to_path(&route);
            html! { <evaluation::Evaluation {key} {route} /> }
        }
        Route::Attestation => evaluation::attestation(app),
        Route::Certificat => evaluation::certificat(app),
        Route::BilanClasse => html! { <bilan_classe::BilanClasse /> },
        Route::Comprendre { sujet } => comprendre::comprendre(&sujet),
        Route::Recuperation => html! { <recuperation::Recuperation /> },
        Route::Introuvable => introuvable::introuvable(),
    }
}

/// What a structure's page needs once access is granted.
pub(super) struct Access {
    pub sb: Rc<Sandbox>,
    pub actor: CompteId,
    pub structure: Rc<Structure>,
}

impl Access {
    /// Whether the domain lets the actor do `action` here (the UI shows only what it allows).
    pub fn may(&self, action: Action) -> bool {
        rat::may(&self.sb, &self.actor, &self.structure.id, action).is_ok()
    }
}

/// Opens an invoice page for the user's structure de travail, if the domain allows `action` there;
/// without any structure, says how to get one.
pub(super) fn structure_de_travail(
    app: &AppContext,
    action: Action,
    route: Route,
) -> Result<Access, Html> {
    let sb = app.sandbox();
    let Some(account) = app.account() else {
        return Err(html! {});
    };
    match rat::structure_de_travail(&sb, &account) {
        Some(s) => access(app, s.id.as_str(), action, route),
        None => Err(html! {
            <Page {route} help={html!{
                <p>{"Les factures sont émises au nom d'une structure : la vôtre, à laquelle vous êtes rattaché."}</p>
            }}>
                <p class="alerte" role="alert">{"Vous n'êtes rattaché à aucune structure : créez la vôtre ou demandez votre rattachement avant de facturer."}</p>
                <p>{link(Route::PremiereConnexion, "Créer ou rejoindre une structure", "bouton")}</p>
            </Page>
        }),
    }
}

/// Opens a structure's page if the domain allows `action`; otherwise the « Accès refusé » page
/// with the domain's reason (also what a forged address leads to).
pub(super) fn access(
    app: &AppContext,
    id: &str,
    action: Action,
    route: Route,
) -> Result<Access, Html> {
    let sb = app.sandbox();
    let Some(actor) = app.account().map(|a| a.id.clone()) else {
        return Err(html! {});
    };
    let sid = StructureId::from(id);
    match rat::may(&sb, &actor, &sid, action) {
        Ok(()) => {
            let structure = sb.structures[&sid].clone();
            Ok(Access {
                sb,
                actor,
                structure,
            })
        }
        Err(reason) => Err(html! {
            <Page {route} title={Some(AttrValue::Static("Accès refusé"))} help={html!{
                <p>{"Chaque action sur une structure dépend de votre rôle (gestionnaire principal ou utilisateur) et de vos habilitations par application. Le gestionnaire principal de la structure peut vous les attribuer."}</p>
            }}>
                <p class="alerte alerte-erreur" role="alert">{reason}</p>
                <p>{link(Route::Structures, "Retour à mes structures", "")}</p>
            </Page>
        }),
    }
}

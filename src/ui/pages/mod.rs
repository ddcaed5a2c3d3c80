//! One file per screen. `render` maps a route to its page; pages that need a connected user show
//! the connection form instead.

mod accueil;
mod aide;
mod compte;
mod connexion;
mod creer_compte;
mod domaines;
mod formateur;
mod introuvable;
mod liens;
mod messagerie;
mod mon_compte;
mod recuperation;

use super::route::Route;
use yew::prelude::*;

pub use connexion::Connexion;

pub fn render(route: Route) -> Html {
    let needs_login = route.requires_login();
    let page = match route.clone() {
        Route::Accueil => html! { <accueil::Accueil /> },
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
        Route::MonCompte => html! { <mon_compte::MonCompte /> },
        Route::Messagerie => html! { <messagerie::Messagerie /> },
        Route::Message { id } => html! { <messagerie::Message {id} /> },
        Route::Facturation => domaines::facturation(),
        Route::Organisation => domaines::organisation(),
        Route::EspaceFormateur => html! { <formateur::EspaceFormateur /> },
        Route::Aide => aide::aide(),
        Route::Recuperation => html! { <recuperation::Recuperation /> },
        Route::Introuvable => introuvable::introuvable(),
    };
    if needs_login {
        html! { <RequireLogin {route}>{page}</RequireLogin> }
    } else {
        page
    }
}

#[derive(Properties, PartialEq)]
struct RequireLoginProps {
    route: Route,
    children: Html,
}

/// Shows the page to a connected user, the connection form (then back here) to anyone else.
#[component]
fn RequireLogin(props: &RequireLoginProps) -> Html {
    let app = super::context::use_app();
    if app.account().is_some() {
        props.children.clone()
    } else {
        html! { <Connexion then={Some(props.route.clone())} /> }
    }
}

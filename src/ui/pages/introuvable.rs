//! The not-found page.

use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::route::Route;
use yew::prelude::*;

pub fn introuvable() -> Html {
    html! {
        <Page route={Route::Introuvable} help={html!{ <p>{"L'adresse demandée ne correspond à aucune page du bac à sable. Le lien est peut-être incomplet ou ancien."}</p> }}>
            <p>{"Cette page n'existe pas."}</p>
            <p>{link(Route::Accueil, "Retour à l'accueil", "bouton")}</p>
        </Page>
    }
}

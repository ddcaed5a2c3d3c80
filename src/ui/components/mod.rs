//! Reusable pieces of UI: the page frame, form fields with their errors, confirmations.

pub mod acquittement;
pub mod confirm;
pub mod facture;
pub mod form;
pub mod formation;
pub mod layout;
pub mod liste_factures;
pub mod page;
pub mod pieces_jointes;
pub mod reponses_fournisseur;
pub mod telechargement;
pub mod traitement;
pub mod validation;

use crate::ui::route::Route;
use domain::facturation::facture::Statut;
use yew::prelude::*;
use yew_router::prelude::Link;

/// A link to a page. One function rather than `<Link<Route>>` at every call site: each inline
/// use expands to its own builder code in the wasm bundle.
pub fn link(to: Route, label: impl Into<Html>, classes: &'static str) -> Html {
    html! { <Link<Route> {to} classes={classes!(classes)}>{label.into()}</Link<Route>> }
}

/// A status badge: one wording and one colour per status, in lists, history, Aide and dashboard.
pub fn badge(statut: Statut) -> Html {
    html! { <span class={classes!("statut", format!("statut-{}", statut.tone()))}>{statut.label()}</span> }
}

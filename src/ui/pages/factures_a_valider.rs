//! « Factures à valider » (titulaire or cotraitant side, cadres A9 and A12): the Synthèse of the
//! invoices that name the structure de travail as valideur; the number opens the invoice, its
//! attachments and the « Valider » / « Refuser » actions.

use super::structure_de_travail;
use crate::ui::components::liste_factures::ListeFactures;
use crate::ui::components::page::Page;
use crate::ui::context::AppContext;
use crate::ui::route::Route;
use domain::facturation::recherche::Cote;
use domain::facturation::validation::DELAI_VALIDATION_JOURS;
use domain::organisation::droits::Action;
use yew::prelude::*;

/// A plain view over the context (the list is the shared `ListeFactures` component).
pub fn factures_a_valider(app: &AppContext) -> Html {
    let route = Route::FacturesAValider;
    let a = match structure_de_travail(app, Action::ConsulterFacturesAValider, route.clone()) {
        Ok(a) => a,
        Err(page) => return page,
    };
    html! {
        <Page route={route.clone()} title={Some(AttrValue::from(format!("{} — {}", route.title(), a.structure.display_name())))} help={html!{
            <>
                <p>{format!("Les factures de vos sous-traitants (cadre A9) et cotraitants (cadre A12) qui vous désignent comme valideur. Ouvrez une facture « À valider », vérifiez-la avec ses pièces jointes, puis « Valider » (en confirmant que vous êtes titulaire, avec un complément d'information) ou « Refuser » avec un motif de la liste. Vous avez {DELAI_VALIDATION_JOURS} jours : sans réponse, la facture est validée tacitement et part au destinataire public.")}</p>
                <p>{"Cotraitant qui valide la facture de son propre sous-traitant : décochez « Vous êtes titulaire » et indiquez le titulaire (ou mandataire), qui validera à son tour (« À valider (2e valideur) »). Si la facture ne vous concerne pas, « Ce n'est pas notre structure » la renvoie au fournisseur pour qu'il corrige le valideur. Les motifs de refus proposés et le délai de 2 jours de l'agent simulé sont des choix du bac à sable."}</p>
            </>
        }}>
            <ListeFactures cote={Cote::AValider} structure={a.structure.id.clone()} route={route.clone()} />
        </Page>
    }
}

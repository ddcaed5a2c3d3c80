//! « Factures reçues » (public entity side): the Synthèse of the invoices the structure de travail
//! received, searched and sorted, with a selection that « Traiter » sets to one new status.

use super::structure_de_travail;
use crate::ui::components::liste_factures::ListeFactures;
use crate::ui::components::page::Page;
use crate::ui::components::telechargement::TelechargerSelection;
use crate::ui::components::traitement::Traiter;
use crate::ui::context::use_app;
use crate::ui::route::Route;
use domain::facturation::cycle;
use domain::facturation::recherche::Cote;
use domain::kernel::ids::FactureId;
use domain::organisation::droits::Action;
use std::collections::BTreeSet;
use yew::prelude::*;

#[component]
pub fn FacturesRecues() -> Html {
    let app = use_app();
    let selection = use_state(BTreeSet::<FactureId>::new);
    // The treatment's message outlives the form (the selection is emptied once treated).
    let done = use_state(|| None::<String>);
    let route = Route::FacturesRecues;
    let a = match structure_de_travail(&app, Action::ConsulterFacturesRecues, route.clone()) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let traiter = a.may(Action::TraiterFacturesRecues);
    // What « Traiter » offers: the statuses the domain allows for every selected invoice.
    let (ids, possibles) =
        cycle::traitements_communs(&a.sb, &a.structure.id, selection.iter().cloned());
    let on_done = {
        let (selection, done) = (selection.clone(), done.clone());
        Callback::from(move |message: String| {
            selection.set(BTreeSet::new());
            done.set(Some(message));
        })
    };
    html! {
        <Page route={route.clone()} title={Some(AttrValue::from(format!("{} — {}", route.title(), a.structure.display_name())))} help={html!{
            <p>{"Les factures que les fournisseurs ont adressées à votre structure. Ouvrez une facture pour la consulter et la télécharger ; sélectionnez-en une ou plusieurs pour les télécharger ensemble (un fichier ZIP, en PDF ou en XML, avec ou sans pièces jointes : chaque téléchargement figure dans l'historique de la facture) ou pour les traiter : suspendre (pièce manquante, avec motif), rejeter (données de facturation erronées, avec motif), mettre à recycler (mauvais destinataire, service ou engagement juridique), puis service fait, mandatée, mise à disposition du comptable, comptabilisée, mise en paiement — les étapes facultatives peuvent être sautées."}</p>
        }}>
            <div role="status" class="zone-statut">
                if let Some(m) = &*done { <div class="succes"><p>{m.clone()}</p></div> }
            </div>
            <ListeFactures cote={Cote::Recues} structure={a.structure.id.clone()} route={route.clone()}
                selection={Some(selection.clone())} />
            if !selection.is_empty() {
                <TelechargerSelection key={selection.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")} ids={selection.iter().cloned().collect::<Vec<_>>()} />
            }
            if traiter {
                <div class="zone-traitement">
                    if ids.is_empty() {
                        <p class="mention">{"Cochez des factures dans la liste pour les traiter ensemble."}</p>
                    } else {
                        <Traiter key={ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")} ids={ids.clone()} {possibles} {on_done} />
                    }
                </div>
            }
        </Page>
    }
}

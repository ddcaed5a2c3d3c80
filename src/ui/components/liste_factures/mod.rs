//! The invoice list of both sides (« Factures émises » and « Factures reçues » → Synthèse): the
//! search form (`formulaire`), searching on every keystroke with its criteria kept in the URL
//! query (`criteres`, so a link can open a filtered list), a table sortable by every column and
//! its pager (`tableau`), the CSV export and, on demand, a selection column (`selection`).

mod criteres;
mod formulaire;
mod selection;
mod tableau;

use crate::ui::context::use_app;
use crate::ui::route::Route;
use criteres::use_criteres;
use domain::facturation::facture::Facture;
use domain::facturation::recherche::{self, Cote};
use domain::kernel::ids::{FactureId, StructureId};
use domain::kernel::page::Page;
use selection::use_selection;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub cote: Cote,
    /// The structure whose sent (or received) invoices are listed.
    pub structure: StructureId,
    /// The list's own page: the criteria are written to its URL query.
    pub route: Route,
    /// When given, a first column of checkboxes (and « Tout sélectionner » for the page). The list
    /// drops from it the invoices its criteria no longer show.
    #[prop_or_default]
    pub selection: Option<UseStateHandle<BTreeSet<FactureId>>>,
}

/// What the list says when it shows nothing.
fn vide(filtre: bool, cote: Cote) -> &'static str {
    if filtre {
        "Aucune facture ne correspond à ces critères. Retirez un critère, élargissez les périodes ou les montants, choisissez « Tous » pour les rejets traités, ou cliquez sur « Réinitialiser »."
    } else if cote == Cote::Emises {
        "Aucune facture envoyée à afficher. Commencez par « Saisir une facture » ou « Déposer une facture » ; les factures enregistrées sans être envoyées sont dans l'onglet « Brouillons »."
    } else if cote == Cote::AValider {
        "Aucune facture à valider : les factures de vos sous-traitants et cotraitants (A9, A12) qui vous désignent comme valideur apparaîtront ici."
    } else {
        "Aucune facture reçue à afficher : les factures que des fournisseurs adressent à votre structure apparaîtront ici."
    }
}

#[component]
pub fn ListeFactures(props: &Props) -> Html {
    let app = use_app();
    let h = use_criteres(props.route.clone());
    let etat = formulaire::use_etat();
    let c = h.criteres.clone();
    let cote = props.cote;
    // One page of results, owned (kept between renders that do not change the search).
    let page = {
        let (sb, structure, c) = (app.sandbox(), props.structure.clone(), c.clone());
        use_memo(
            (c.to_query(), app.generation, props.structure.clone(), cote),
            move |_| {
                let r = recherche::rechercher(&sb, cote, &structure, &c);
                Page {
                    items: r.items.into_iter().cloned().collect::<Vec<Rc<Facture>>>(),
                    total: r.total,
                    page: r.page,
                    pages: r.pages,
                }
            },
        )
    };
    let selection = use_selection(
        props.selection.clone(),
        app.sandbox(),
        app.generation,
        cote,
        props.structure.clone(),
        c.clone(),
    );
    let nombre = match page.total {
        0 => "Aucune facture".to_string(),
        1 => "1 facture".to_string(),
        n => format!("{n} factures"),
    };
    let selectionnees = selection.as_ref().map(|s| match s.nombre() {
        0 => "Aucune facture sélectionnée".to_string(),
        1 => "1 facture sélectionnée".to_string(),
        n => format!("{n} factures sélectionnées"),
    });
    html! {
        <div class="liste-factures">
            {formulaire::recherche(&etat, &h, cote, &props.structure, page.total)}
            <p role="status" class="nombre-resultats">
                {nombre}
                if let Some(s) = selectionnees { {" — "}{s} }
            </p>
            if page.total == 0 {
                <p class="vide">{vide(!c.sans_filtre(), cote)}</p>
            } else {
                {tableau::tableau(&app.sandbox(), &h, cote, selection.as_ref(), &page)}
                {tableau::pagination(&h, &page)}
            }
        </div>
    }
}

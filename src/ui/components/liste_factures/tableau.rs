//! The table of an invoice list (sortable by every column, with an optional selection column)
//! and its pager.

use super::criteres::CriteresHandle;
use super::selection::Selection;
use crate::ui::components::badge;
use crate::ui::components::link;
use crate::ui::route::Route;
use domain::facturation::facture::{Facture, TypeFacture};
use domain::facturation::recherche::{Colonne, Cote};
use domain::kernel::ids::FactureId;
use domain::kernel::page::Page;
use domain::kernel::time::{date_fr, day_fr};
use domain::Sandbox;
use std::rc::Rc;
use yew::prelude::*;

/// A column header: a click sorts by it (again: the other way).
fn entete(h: &CriteresHandle, cote: Cote, col: Colonne) -> Html {
    let c = &h.criteres;
    let actif = c.tri == col;
    let mut n = c.clone();
    if actif {
        n.descendant = !c.descendant;
    } else {
        n.tri = col;
        n.descendant = col.descendant_par_defaut();
    }
    n.page = 1;
    let onclick = h.aller.reform(move |_: MouseEvent| n.clone());
    let (tri, fleche, etat) = match (actif, c.descendant) {
        (false, _) => (None, "", ""),
        (true, true) => (Some("descending"), " ▼", ", tri décroissant"),
        (true, false) => (Some("ascending"), " ▲", ", tri croissant"),
    };
    html! {
        <th scope="col" aria-sort={tri}>
            <button type="button" class="lien tri" {onclick}>
                {col.label(cote)}<span class="visually-hidden">{etat}</span><span aria-hidden="true">{fleche}</span>
            </button>
        </th>
    }
}

fn ligne(sb: &Sandbox, cote: Cote, selection: Option<&Selection>, f: &Facture) -> Html {
    let t = f.totaux();
    let numero = f.designation_liste();
    let partenaire = cote
        .partenaire(f)
        .and_then(|id| sb.structures.get(id))
        .map(|s| s.display_name().to_string())
        .unwrap_or_else(|| "—".to_string());
    let case = selection.map(|s| {
        let id = format!("selection-{}", f.id);
        let (checked, onchange) = (s.contient(&f.id), s.basculer(vec![f.id.clone()]));
        html! {
            <td class="selection">
                <input type="checkbox" id={id.clone()} {checked} {onchange} />
                <label for={id} class="visually-hidden">{format!("Sélectionner la facture n° {numero}")}</label>
            </td>
        }
    });
    html! {
        <tr key={f.id.to_string()}>
            {case.unwrap_or_default()}
            <td>{link(Route::Facture { id: f.id.to_string() }, numero.clone(), "")}</td>
            <td>{if f.type_facture == TypeFacture::Avoir {
                html! { <span class="etiquette etiquette-avoir">{"Avoir"}</span> }
            } else {
                html! { {f.type_facture.label()} }
            }}</td>
            <td>{f.date.map(day_fr).unwrap_or_else(|| "—".to_string())}</td>
            <td>{f.depose_le().map(date_fr).unwrap_or_else(|| "—".to_string())}</td>
            <td>{partenaire}</td>
            <td>{if f.code_service.is_empty() { "—".to_string() } else { f.code_service.clone() }}</td>
            <td class="montant">{t.total_ht.fr_eur()}</td>
            <td class="montant">{t.total_ttc.fr_eur()}</td>
            <td>{badge(f.statut)}</td>
            <td>{date_fr(f.date_etat_courant())}</td>
            if cote == Cote::Recues {
                <td>{if f.telechargee() { "Oui" } else { "Non" }}</td>
            }
        </tr>
    }
}

/// The page's invoices.
pub fn tableau(
    sb: &Sandbox,
    h: &CriteresHandle,
    cote: Cote,
    selection: Option<&Selection>,
    page: &Page<Rc<Facture>>,
) -> Html {
    let ids_page: Vec<FactureId> = page.items.iter().map(|f| f.id.clone()).collect();
    let tout_coche =
        selection.is_some_and(|s| !ids_page.is_empty() && ids_page.iter().all(|id| s.contient(id)));
    let tout_selectionner = selection.map(|s| s.basculer(ids_page));
    let rows: Html = page
        .items
        .iter()
        .map(|f| ligne(sb, cote, selection, f))
        .collect();
    let caption = match cote {
        Cote::Emises => "Factures envoyées",
        Cote::Recues => "Factures reçues",
        Cote::AValider => "Factures à valider",
    };
    html! {
        <table class="tableau">
            <caption>{caption}</caption>
            <thead><tr>
                if let Some(onchange) = tout_selectionner {
                    <th scope="col" class="selection">
                        <input type="checkbox" id="tout-selectionner" checked={tout_coche} {onchange} />
                        <label for="tout-selectionner" class="visually-hidden">{"Tout sélectionner"}</label>
                    </th>
                }
                {entete(h, cote, Colonne::Numero)}
                <th scope="col">{"Type"}</th>
                { for Colonne::ALL.iter().skip(1).map(|col| entete(h, cote, *col)) }
                if cote == Cote::Recues { <th scope="col">{"Téléchargée"}</th> }
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// « Précédent », « Page n sur m », « Suivant ».
pub fn pagination<T>(h: &CriteresHandle, page: &Page<T>) -> Html {
    let aller_page = |p: usize| {
        let mut n = h.criteres.clone();
        n.page = p;
        h.aller.reform(move |_: MouseEvent| n.clone())
    };
    html! {
        <nav class="pagination actions" aria-label="Pagination des factures">
            <button type="button" class="bouton bouton-secondaire" disabled={page.page <= 1}
                onclick={aller_page(page.page.saturating_sub(1))}>{"Précédent"}</button>
            <span>{format!("Page {} sur {}", page.page, page.pages)}</span>
            <button type="button" class="bouton bouton-secondaire" disabled={page.page >= page.pages}
                onclick={aller_page(page.page + 1)}>{"Suivant"}</button>
        </nav>
    }
}

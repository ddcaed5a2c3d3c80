//! The selection of a list (the invoices « Traiter » acts on): checking one or the whole page, and
//! dropping the invoices the criteria no longer show.

use domain::facturation::recherche::{self, Colonne, Cote, Criteres};
use domain::kernel::ids::{FactureId, StructureId};
use domain::Sandbox;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The selection a page owns, as the list reads and changes it.
#[derive(Clone, PartialEq)]
pub struct Selection(pub UseStateHandle<BTreeSet<FactureId>>);

fn coche(e: &Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

impl Selection {
    pub fn contient(&self, id: &FactureId) -> bool {
        self.0.contains(id)
    }

    /// Checks or unchecks these invoices (one row, or the whole page).
    pub fn basculer(&self, ids: Vec<FactureId>) -> Callback<Event> {
        let s = self.0.clone();
        Callback::from(move |e: Event| {
            let on = coche(&e);
            let mut n = (*s).clone();
            for id in &ids {
                if on {
                    n.insert(id.clone());
                } else {
                    n.remove(id);
                }
            }
            s.set(n);
        })
    }

    pub fn nombre(&self) -> usize {
        self.0.len()
    }
}

/// The list's selection, if it has one; it keeps only the invoices the filters still show.
#[hook]
pub fn use_selection(
    selection: Option<UseStateHandle<BTreeSet<FactureId>>>,
    sb: Rc<Sandbox>,
    generation: u64,
    cote: Cote,
    structure: StructureId,
    c: Criteres,
) -> Option<Selection> {
    // Only the filters matter, not the sort or the page.
    let filtres = Criteres {
        tri: Colonne::default(),
        descendant: true,
        page: 1,
        par_page: recherche::PAR_PAGE,
        ..c.clone()
    }
    .to_query();
    let deps = (filtres, generation, selection.is_some());
    let handle = selection.clone();
    use_effect_with(deps, move |_| {
        let Some(selection) = handle.filter(|s| !s.is_empty()) else {
            return;
        };
        let shown: BTreeSet<&FactureId> = recherche::tous(&sb, cote, &structure, &c)
            .into_iter()
            .map(|f| &f.id)
            .collect();
        let kept: BTreeSet<FactureId> = selection
            .iter()
            .filter(|id| shown.contains(id))
            .cloned()
            .collect();
        if kept.len() != selection.len() {
            selection.set(kept);
        }
    });
    selection.map(Selection)
}

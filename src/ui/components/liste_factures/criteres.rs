//! The criteria of an invoice list, kept in the URL query: each keystroke searches at once (the
//! criteria live in the component's state), the URL follows a moment later and is replaced rather
//! than pushed (no history entry per keystroke); a query the list did not write itself (a link
//! from the dashboard, « Précédent » in the browser) replaces the criteria.

use crate::ui::route::Route;
use domain::facturation::recherche::Criteres;
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::Raw;

/// The list's criteria and the way to change them.
#[derive(Clone, PartialEq)]
pub struct CriteresHandle {
    pub criteres: Criteres,
    /// Shows these criteria now and writes them to the URL once typing pauses.
    pub aller: Callback<Criteres>,
}

impl CriteresHandle {
    /// A callback that changes one criterion from a typed value, back to page 1.
    pub fn maj<V: 'static>(&self, f: fn(&mut Criteres, V)) -> Callback<V> {
        let (aller, c) = (self.aller.clone(), self.criteres.clone());
        Callback::from(move |v: V| {
            let mut n = c.clone();
            f(&mut n, v);
            n.page = 1;
            aller.emit(n);
        })
    }
}

#[hook]
pub fn use_criteres(route: Route) -> CriteresHandle {
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .map(|l| l.query_str().trim_start_matches('?').to_string())
        .unwrap_or_default();
    let criteres = {
        let query = query.clone();
        use_state(move || Criteres::from_query(&query))
    };
    let ecrite = use_mut_ref(|| query.clone());
    let minuteur = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    {
        let (criteres, ecrite) = (criteres.clone(), ecrite.clone());
        use_effect_with(query, move |q| {
            if *ecrite.borrow() != *q {
                *ecrite.borrow_mut() = q.clone();
                let lus = Criteres::from_query(q);
                if *criteres != lus {
                    criteres.set(lus);
                }
            }
        });
    }
    let aller = {
        let criteres = criteres.clone();
        Callback::from(move |n: Criteres| {
            let q = n.to_query();
            criteres.set(n);
            let (navigator, route, ecrite) = (navigator.clone(), route.clone(), ecrite.clone());
            // Replacing the pending timer: the URL is written once typing pauses.
            *minuteur.borrow_mut() = Some(gloo_timers::callback::Timeout::new(300, move || {
                if let Some(nav) = &navigator {
                    *ecrite.borrow_mut() = q.clone();
                    if q.is_empty() {
                        nav.replace(&route);
                    } else {
                        let _ = nav.replace_with_query(&route, Raw(q));
                    }
                }
            }));
        })
    };
    CriteresHandle {
        criteres: (*criteres).clone(),
        aller,
    }
}

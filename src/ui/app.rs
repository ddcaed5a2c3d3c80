//! The root component: opens storage once, provides the context, follows other tabs, and routes.

use super::components::acquittement::DialogueAcquittement;
use super::components::formation::PanneauScenario;
use super::components::layout::{footer, storage_alerts, training_banner, Header};
use super::context::AppContext;
use super::dom;
use super::pages;
use super::route::Route;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use storage::backend::Backend;
use yew::prelude::*;
use yew_router::prelude::*;

#[cfg(target_arch = "wasm32")]
fn open_backend() -> Backend {
    // Reading every record of the sandbox: the benchmark compares it with `JSON.parse`.
    dom::mesurer("cpsb:lecture du stockage", crate::browser::open_backend)
}

#[cfg(not(target_arch = "wasm32"))]
fn open_backend() -> Backend {
    use storage::backend::StorageMode;
    use storage::MemoryStore;
    Backend::open(
        Box::new(MemoryStore::new()),
        None,
        StorageMode::Persistent,
        dom::real_now,
    )
}

#[component]
pub fn App() -> Html {
    let backend: Rc<RefCell<Backend>> = use_memo((), |_| RefCell::new(open_backend()));
    let update = use_force_update();
    let refresh = Callback::from(move |_| update.force_update());
    let context = AppContext {
        generation: backend.borrow().generation,
        backend: backend.clone(),
        refresh: refresh.clone(),
    };

    // Whether this tab runs the background work (see below); natively there is no other tab.
    let leader: Rc<Cell<bool>> = use_memo((), |_| Cell::new(cfg!(not(target_arch = "wasm32"))));

    // Other tabs: follow their writes (the `storage` event fires only in the other tabs).
    {
        let (backend, refresh) = (backend.clone(), refresh.clone());
        #[cfg(target_arch = "wasm32")]
        let backend_gc = backend.clone();
        #[cfg(target_arch = "wasm32")]
        let (leader, backend_lease, refresh_lease) =
            (leader.clone(), backend.clone(), refresh.clone());
        use_effect_with((), move |_| {
            // A burst of events (another tab imports or resets: one event per key) is read in one
            // go at the end of the task that brought them: one update, one render.
            let pending: Rc<RefCell<Vec<Option<String>>>> = Rc::default();
            let listener = StorageListener::attach(move |key| {
                // The leader's tab closed: take over at once rather than at the next heartbeat.
                #[cfg(target_arch = "wasm32")]
                if key.as_deref() == Some(storage::lease::LEADER_KEY) {
                    let on_lead = || simulate(&backend_lease, &leader, &refresh_lease);
                    crate::browser::election::beat(&backend_lease, &leader, &on_lead);
                    return;
                }
                let first = {
                    let mut p = pending.borrow_mut();
                    p.push(key);
                    p.len() == 1
                };
                if first {
                    let (backend, refresh, pending) =
                        (backend.clone(), refresh.clone(), pending.clone());
                    gloo_timers::callback::Timeout::new(0, move || {
                        let keys = std::mem::take(&mut *pending.borrow_mut());
                        if backend.borrow_mut().on_storage_events(&keys) {
                            refresh.emit(());
                        }
                    })
                    .forget();
                }
            });
            dom::mark_ready();
            #[cfg(target_arch = "wasm32")]
            {
                let used = domain::facturation::facture::pieces_referencees(
                    &backend_gc.borrow().sandbox(),
                );
                wasm_bindgen_futures::spawn_local(crate::ui::context::liberer_orphelins(used));
                wasm_bindgen_futures::spawn_local(crate::ui::context::purger_reservations());
            }
            move || {
                if let Some(listener) = listener {
                    listener.detach();
                }
            }
        });
    }

    // The simulated recipients act when the sandbox clock passes their delays: after any change
    // (a clock advance, a deposit, another tab's write) and every 30 seconds of real time, in one
    // tab only: the leader of the background lease (`storage::lease`), which hands over when it
    // closes.
    #[cfg(target_arch = "wasm32")]
    {
        let (backend, leader, refresh) = (backend.clone(), leader.clone(), refresh.clone());
        use_effect_with((), move |_| {
            let on_lead: Rc<dyn Fn()> = {
                let (backend, leader) = (backend.clone(), leader.clone());
                Rc::new(move || simulate(&backend, &leader, &refresh))
            };
            let election = crate::browser::election::start(backend, leader, on_lead);
            move || drop(election)
        });
    }
    {
        let (backend, leader, refresh) = (backend.clone(), leader.clone(), refresh.clone());
        use_effect_with(context.generation, move |_| {
            simulate(&backend, &leader, &refresh)
        });
    }
    {
        let (backend, leader, refresh) = (backend.clone(), leader.clone(), refresh.clone());
        use_effect_with((), move |_| {
            let timer = gloo_timers::callback::Interval::new(30_000, move || {
                simulate(&backend, &leader, &refresh)
            });
            move || drop(timer)
        });
    }

    // The router renders with the context at hand, so stateless pages can be plain views.
    let render = {
        let app = context.clone();
        Callback::from(move |route| pages::render(&app, route))
    };
    html! {
        <ContextProvider<AppContext> context={context.clone()}>
            <HashRouter>
                {training_banner()}
                <a class="lien-evitement" href="#titre-page" onclick={Callback::from(|e: MouseEvent| { e.prevent_default(); dom::focus("titre-page"); })}>{"Aller au contenu"}</a>
                <Header />
                <main id="contenu" class="contenu">
                    {storage_alerts(&context)}
                    <PanneauScenario />
                    <DialogueAcquittement />
                    <Switch<Route> render={render} />
                </main>
                {footer()}
            </HashRouter>
        </ContextProvider<AppContext>>
    }
}

/// Runs the simulated recipients if this tab leads and one of them has something due (checked
/// without writing first). A failure is never shown: the user did nothing; the next try redoes it.
fn simulate(backend: &Rc<RefCell<Backend>>, leader: &Cell<bool>, refresh: &Callback<()>) {
    if !leader.get() {
        return;
    }
    let due = {
        let b = backend.borrow();
        if b.read_only() {
            return;
        }
        let (sb, now) = (b.sandbox(), b.now());
        (
            domain::simulation::destinataire::simuler(&sb, now).is_ok_and(|o| o.value > 0),
            // The deposited flows move on the same clock (`facturation::flux::avancer`).
            domain::facturation::flux::avancer(&sb, now).is_ok_and(|o| o.value > 0),
        )
    };
    let mut changed = false;
    if due.0 {
        let mut b = backend.borrow_mut();
        changed |= b
            .run_background(domain::simulation::destinataire::simuler)
            .is_ok();
    }
    if due.1 {
        let mut b = backend.borrow_mut();
        changed |= b.run_background(domain::facturation::flux::avancer).is_ok();
    }
    if changed {
        refresh.emit(());
    }
    // The simulated MOE and MOA of works dossiers, likewise.
    let travaux = {
        let b = backend.borrow();
        domain::simulation::travaux::simuler(&b.sandbox(), b.now()).is_ok_and(|o| o.value > 0)
    };
    if travaux
        && backend
            .borrow_mut()
            .run_background(domain::simulation::travaux::simuler)
            .is_ok()
    {
        refresh.emit(());
    }
}

/// The `storage` event listener, removed by `detach` when the app unmounts.
struct StorageListener {
    #[cfg(target_arch = "wasm32")]
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::StorageEvent)>,
}

impl StorageListener {
    #[cfg(target_arch = "wasm32")]
    fn attach(mut on_key: impl FnMut(Option<String>) + 'static) -> Option<StorageListener> {
        use wasm_bindgen::JsCast;
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::StorageEvent)>::new(
            move |e: web_sys::StorageEvent| {
                // Only localStorage events concern the shared sandbox.
                let local = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
                if let (Some(area), Some(local)) = (e.storage_area(), local) {
                    if area != local {
                        return;
                    }
                }
                on_key(e.key());
            },
        );
        web_sys::window()?
            .add_event_listener_with_callback("storage", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(StorageListener { closure })
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn attach(_on_key: impl FnMut(Option<String>) + 'static) -> Option<StorageListener> {
        None
    }
}

impl StorageListener {
    fn detach(self) {
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::JsCast;
            if let Some(w) = web_sys::window() {
                let _ = w.remove_event_listener_with_callback(
                    "storage",
                    self.closure.as_ref().unchecked_ref(),
                );
            }
        }
    }
}

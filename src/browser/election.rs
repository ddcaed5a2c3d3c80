//! The browser side of the background lease (`storage::lease`): a heartbeat timer, and the lease
//! handed over when the page goes away. The rules (who leads, expiry, read-back) are pure and
//! tested natively in the storage crate.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use storage::backend::Backend;
use storage::lease::HEARTBEAT_MS;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Beats while it lives; dropping it stops the timer and the `pagehide` listener.
pub struct Election {
    _timer: gloo_timers::callback::Interval,
    pagehide: Closure<dyn FnMut()>,
}

/// One heartbeat: updates `leader`, and calls `on_lead` when this tab just became the leader.
pub fn beat(backend: &RefCell<Backend>, leader: &Cell<bool>, on_lead: &dyn Fn()) {
    let now = backend.borrow().real_now();
    let leads = backend.borrow_mut().heartbeat(now);
    let was = leader.replace(leads);
    if leads && !was {
        on_lead();
    }
}

/// Starts the heartbeat (one beat at once) and releases the lease on `pagehide`.
pub fn start(
    backend: Rc<RefCell<Backend>>,
    leader: Rc<Cell<bool>>,
    on_lead: Rc<dyn Fn()>,
) -> Election {
    beat(&backend, &leader, on_lead.as_ref());
    let timer = {
        let (backend, leader) = (backend.clone(), leader.clone());
        gloo_timers::callback::Interval::new(HEARTBEAT_MS, move || {
            beat(&backend, &leader, on_lead.as_ref())
        })
    };
    let pagehide = Closure::<dyn FnMut()>::new(move || {
        leader.set(false);
        backend.borrow_mut().release_lease();
    });
    if let Some(w) = web_sys::window() {
        // Without it the others take over when the lease expires.
        let _ = w.add_event_listener_with_callback("pagehide", pagehide.as_ref().unchecked_ref());
    }
    Election {
        _timer: timer,
        pagehide,
    }
}

impl Drop for Election {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "pagehide",
                self.pagehide.as_ref().unchecked_ref(),
            );
        }
    }
}

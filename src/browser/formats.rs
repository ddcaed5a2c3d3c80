//! The client of the formats worker (`crates/formats-worker`, its own wasm): started on first
//! use, so the `formats` crate is never part of the first load. `demander` sends one request of
//! the protocol (`formats_protocole`) with its files' bytes and awaits the answer.

use formats_protocole::{Reponse, Requete};
use js_sys::{Array, Function, Promise, Uint8Array};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// The worker's loader (`assets/formats-worker-loader.js`, next to index.html), as the build named
/// it (scripts/formats_worker.py): `<meta name="formats-worker" content="…">`.
fn chargeur() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("meta[name=\"formats-worker\"]")
        .ok()??
        .get_attribute("content")
}
/// How long the worker may take to start (download and compile its wasm).
const DEMARRAGE_MS: u32 = 30_000;

const INDISPONIBLE: &str = "Le module des formats (PDF, UBL, CII, ZIP) n'a pas pu démarrer dans ce navigateur : rechargez la page, puis réessayez.";

type Attente = Rc<RefCell<BTreeMap<u32, (Function, Function)>>>;

struct Client {
    worker: Worker,
    pret: Promise,
    attente: Attente,
    suivant: Cell<u32>,
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<Client>>> = const { RefCell::new(None) };
}

/// Rejects every request waiting and forgets the worker: the next request starts a new one.
fn abandonner(attente: &Attente, worker: &Worker, message: &str) {
    let en_cours = std::mem::take(&mut *attente.borrow_mut());
    for (_, (_, reject)) in en_cours {
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(message));
    }
    worker.terminate();
    CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        if c.as_ref().is_some_and(|x| &x.worker == worker) {
            *c = None;
        }
    });
}

fn demarrer() -> Result<Rc<Client>, String> {
    let chargeur = chargeur().ok_or_else(|| INDISPONIBLE.to_string())?;
    let worker = Worker::new(&format!("./{chargeur}")).map_err(|_| INDISPONIBLE.to_string())?;
    let attente: Attente = Rc::default();
    let demarre = Rc::new(Cell::new(false));
    let mut regler: Option<(Function, Function)> = None;
    let pret = Promise::new(&mut |resolve, reject| regler = Some((resolve, reject)));
    let (resolve, reject) = regler.ok_or_else(|| INDISPONIBLE.to_string())?;
    {
        let (attente, reject, w, demarre) = (
            attente.clone(),
            reject.clone(),
            worker.clone(),
            demarre.clone(),
        );
        let onmessage = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            if let Some(s) = data.as_string() {
                if s == "pret" {
                    demarre.set(true);
                    let _ = resolve.call0(&JsValue::NULL);
                } else {
                    // The loader could not start the wasm.
                    let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(INDISPONIBLE));
                    abandonner(&attente, &w, INDISPONIBLE);
                }
                return;
            }
            let Ok(message) = data.dyn_into::<Array>() else {
                return;
            };
            let Some(id) = message.get(0).as_f64() else {
                return;
            };
            let attendu = attente.borrow_mut().remove(&(id as u32));
            if let Some((resolve, _)) = attendu {
                let _ = resolve.call1(&JsValue::NULL, &message);
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        onmessage.forget();
    }
    {
        let (attente, reject, w) = (attente.clone(), reject.clone(), worker.clone());
        let onerror = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            let message = "Le module des formats s'est arrêté sur une erreur : réessayez ; si l'erreur revient, ce fichier ne peut pas être traité ici.";
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(INDISPONIBLE));
            abandonner(&attente, &w, message);
        });
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        onerror.forget();
    }
    {
        // A worker that never says it is ready (its wasm missing, offline before it was cached).
        let (attente, demarre, w) = (attente.clone(), demarre.clone(), worker.clone());
        gloo_timers::callback::Timeout::new(DEMARRAGE_MS, move || {
            if !demarre.get() {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(INDISPONIBLE));
                abandonner(&attente, &w, INDISPONIBLE);
            }
        })
        .forget();
    }
    Ok(Rc::new(Client {
        worker,
        pret,
        attente,
        suivant: Cell::new(0),
    }))
}

fn client() -> Result<Rc<Client>, String> {
    if let Some(c) = CLIENT.with(|c| c.borrow().clone()) {
        return Ok(c);
    }
    let c = demarrer()?;
    CLIENT.with(|x| *x.borrow_mut() = Some(c.clone()));
    Ok(c)
}

fn texte(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| INDISPONIBLE.to_string())
}

/// Sends `requete` with its files' bytes (transferred to the worker) and awaits the answer and
/// its bytes. `Err`: the French message to show (the worker's own error included).
pub async fn demander(
    requete: &Requete,
    octets: Vec<Vec<u8>>,
) -> Result<(Reponse, Vec<Vec<u8>>), String> {
    let c = client()?;
    JsFuture::from(c.pret.clone()).await.map_err(texte)?;
    let id = c.suivant.get();
    c.suivant.set(id.wrapping_add(1));
    let buffers = Array::new();
    for o in &octets {
        buffers.push(&Uint8Array::from(o.as_slice()).buffer());
    }
    drop(octets);
    let mut regler: Option<(Function, Function)> = None;
    let reponse = Promise::new(&mut |resolve, reject| regler = Some((resolve, reject)));
    if let Some(r) = regler {
        c.attente.borrow_mut().insert(id, r);
    }
    let message = Array::of3(
        &JsValue::from(id),
        &JsValue::from_str(&requete.to_json()),
        &buffers,
    );
    if c.worker
        .post_message_with_transfer(&message, &buffers)
        .is_err()
    {
        c.attente.borrow_mut().remove(&id);
        return Err(INDISPONIBLE.to_string());
    }
    let message: Array = JsFuture::from(reponse)
        .await
        .map_err(texte)?
        .dyn_into()
        .map_err(|_| INDISPONIBLE.to_string())?;
    let reponse = Reponse::from_json(&message.get(1).as_string().unwrap_or_default())?;
    if let Reponse::Erreur { message } = reponse {
        return Err(message);
    }
    let octets = message
        .get(2)
        .dyn_into::<Array>()
        .unwrap_or_default()
        .iter()
        .map(|b| Uint8Array::new(&b).to_vec())
        .collect();
    Ok((reponse, octets))
}

/// One file written by the worker: its name, MIME type and bytes.
pub async fn fichier(
    requete: &Requete,
    octets: Vec<Vec<u8>>,
) -> Result<(String, String, Vec<u8>), String> {
    match demander(requete, octets).await? {
        (Reponse::Fichier { nom, mime }, o) => {
            Ok((nom, mime, o.into_iter().next().unwrap_or_default()))
        }
        _ => Err(INDISPONIBLE.to_string()),
    }
}

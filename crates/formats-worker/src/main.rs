//! The formats worker: runs in a dedicated Web Worker, started by the app on first use
//! (`src/browser/formats.rs`). Each message `[id, json, buffers]` is answered with
//! `[id, json, buffers]`, the buffers transferred; the first message sent is `"pret"`.

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::{Array, Uint8Array};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let repondeur = scope.clone();
    let onmessage = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let message: Array = e.data().dyn_into().unwrap_or_default();
        let id = message.get(0);
        let json = message.get(1).as_string().unwrap_or_default();
        let octets: Vec<Vec<u8>> = message
            .get(2)
            .dyn_into::<Array>()
            .unwrap_or_default()
            .iter()
            .map(|b| Uint8Array::new(&b).to_vec())
            .collect();
        let (reponse, sortie) = formats_worker::traiter(&json, octets);
        let buffers = Array::new();
        for o in sortie {
            buffers.push(&Uint8Array::from(o.as_slice()).buffer());
        }
        let answer = Array::of3(&id, &JsValue::from_str(&reponse), &buffers);
        let _ = repondeur.post_message_with_transfer(&answer, &buffers);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let _ = scope.post_message(&JsValue::from_str("pret"));
}

/// Natively there is nothing to run: the work is the lib's `traiter`, tested natively.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}

//! Small browser helpers: real time, downloads, focus, document title, file reading.

use chrono::{DateTime, Utc};
use domain::Timestamp;
use wasm_bindgen::JsCast;

/// Real (wall-clock) time; the sandbox clock adds its offset to it.
pub fn real_now() -> Timestamp {
    #[cfg(target_arch = "wasm32")]
    let ms = js_sys::Date::now() as i64;
    #[cfg(not(target_arch = "wasm32"))]
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default()
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Offers `content` as a file download (a Blob URL: nothing leaves the browser).
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let fail = |_| "Le téléchargement n'a pas pu être préparé par le navigateur.".to_string();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    save_blob(file_name, &blob)
}

/// Moves keyboard focus to the element with this id (error summary links, page headings).
pub fn focus(id: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

pub fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

pub fn set_title(title: &str) {
    if let Some(doc) = document() {
        doc.set_title(&format!("{title} — Bac à sable Chorus Pro (formation)"));
    }
}

/// Marks the page as interactive (read by the load benchmark and the end-to-end tests), and
/// records the time from navigation as the performance measure « cpsb:interactif ».
pub fn mark_ready() {
    if let Some(el) = document().and_then(|d| d.document_element()) {
        let _ = el.set_attribute("data-app-ready", "1");
    }
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure("cpsb:interactif");
    }
}

/// Runs `f` and records its duration as the performance measure `name` (read by the benchmark
/// script: where start-up time goes).
pub fn mesurer<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let p = web_sys::window().and_then(|w| w.performance());
    let (debut, fin) = (format!("{name}:debut"), format!("{name}:fin"));
    if let Some(p) = &p {
        let _ = p.mark(&debut);
    }
    let out = f();
    if let Some(p) = &p {
        let _ = p.mark(&fin);
        let _ = p.measure_with_start_mark_and_end_mark(name, &debut, &fin);
    }
    out
}

/// Focus after the next render (an element the current update is about to create).
pub fn focus_later(id: &str) {
    let id = id.to_string();
    gloo_timers::callback::Timeout::new(0, move || focus(&id)).forget();
}

/// Reads a chosen file's bytes.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("Le fichier « {} » n'a pas pu être lu.", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Offers bytes as a file download (a Blob URL: nothing leaves the browser).
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |_| "Le téléchargement n'a pas pu être préparé par le navigateur.".to_string();
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    save_blob(file_name, &blob)
}

fn save_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let fail = |_| "Le téléchargement n'a pas pu être préparé par le navigateur.".to_string();
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(fail)?;
    let doc = document().ok_or("Document indisponible.")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "Lien impossible à créer.".to_string())?;
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    let body = doc.body().ok_or("Document sans corps.")?;
    body.append_child(&a).map_err(fail)?;
    a.click();
    let _ = body.remove_child(&a);
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Opens the browser's print dialog (the print stylesheet lays the page out).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

// Starts the formats worker (crates/formats-worker, built by trunk as a worker): its wasm-bindgen
// glue, then its wasm. The app waits for "pret"; "erreur" if the wasm could not start.
importScripts("./formats-worker.js");
wasm_bindgen("./formats-worker_bg.wasm").catch(function () {
  postMessage("erreur");
});

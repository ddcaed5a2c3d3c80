//! Native integration tests of persistence and of the UI's bridge to it, linked once.

mod backend;
mod bornes;
mod export_factures;
mod persistence;
#[cfg(not(target_arch = "wasm32"))]
mod proprietes;

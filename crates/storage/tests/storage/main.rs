//! Native integration tests of persistence and of the UI's bridge to it, linked once.

/// The domain's test fixtures (accounts, structures, invoices), shared by every file here.
#[path = "../../../domain/tests/domain/common/mod.rs"]
mod common;

mod backend;
mod bornes;
mod export_factures;
mod fichiers;
mod persistence;
#[cfg(not(target_arch = "wasm32"))]
mod proprietes;
mod travaux;

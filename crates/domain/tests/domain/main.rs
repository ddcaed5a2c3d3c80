//! Native integration tests of the domain, linked once: one module per feature.

mod common;

mod annuaire;
mod compte;
mod cycle;
mod factures;
mod fiabilite;
mod formateur;
mod money;
mod organisation;
mod pieces_jointes;
#[cfg(not(target_arch = "wasm32"))]
mod proprietes;
mod purity;
mod recherche;
mod sollicitations;
mod tableau_de_bord;
mod travaux;
mod validation;

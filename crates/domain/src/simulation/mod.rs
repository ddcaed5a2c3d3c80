//! What the sandbox simulates around the portal: the shipped base (seeded annuaire, demo accounts),
//! the sandbox clock's commands, the trainer mode and the simulated recipients.

pub mod annuaire;
pub mod base;
pub mod demo;
pub mod destinataire;
pub mod formateur;
pub mod horloge;
pub mod progression;
pub mod support;
pub mod travaux;

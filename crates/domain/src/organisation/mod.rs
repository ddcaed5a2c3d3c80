//! Organisation (facts §2): structures and their fiche, identifiers, coordonnées bancaires, services,
//! users and their rattachements, the permission matrix, the simulated INSEE base and the annuaire.

pub mod adresse;
pub mod annuaire;
pub mod coordonnees_bancaires;
pub mod droits;
pub mod fiche_structure;
pub mod identifiants;
pub mod insee;
pub mod rattachement;
pub mod services;
pub mod structure;
pub mod utilisateurs;

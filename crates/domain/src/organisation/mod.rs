//! Organisation (facts §2): structures and their fiche, identifiers, coordonnées bancaires, services,
//! users and their rattachements, the permission matrix, the simulated INSEE base and the annuaire.
//!
//! - `structure`: the types (structure, service, bank account, recipient parameters);
//! - `droits`: the permission matrix (who may do what on a structure);
//! - `fiche_structure`: creation, general information, INSEE update, parameters, applications,
//!   SIRET change, deactivation;
//! - `adresse`: the postal address check shared by the fiche and the services;
//! - `services`: the structure's services (codes service);
//! - `coordonnees_bancaires`: IBAN/BIC checks and the bank account commands;
//! - `rattachement`: a user's link to a structure, the permission lookups (`may`, `authorize`),
//!   the request and its treatment;
//! - `utilisateurs`: habilitations, deactivation/detachment, GP transfer, export, structure de
//!   travail, and what the users page may offer;
//! - `identifiants`, `insee`, `annuaire`: identifier formats, the simulated INSEE base, the search
//!   of public structures.
//!
//! Organisation uses `compte`; `compte` never uses organisation.

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

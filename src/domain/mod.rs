//! Pure business rules of the sandbox. No web crate here: everything builds and tests natively
//! (`tests/purity.rs` fails if a web crate is imported).
//!
//! Every command is a function `(&Sandbox, input, now) -> Result<Outcome, DomainError>`: it decides,
//! it does not mutate. The caller persists `Outcome::changes` and only then applies them to its state,
//! so an action is all-or-nothing.

pub mod account;
pub mod annuaire;
pub mod bank;
pub mod certificat;
pub mod clock;
pub mod cycle;
pub mod demo;
pub mod error;
pub mod facture;
pub mod identifiers;
pub mod ids;
pub mod insee;
pub mod mail;
pub mod money;
pub mod organisation;
pub mod password;
pub mod pieces_jointes;
pub mod rattachement;
pub mod recherche;
pub mod rights;
pub mod saisie;
pub mod sandbox;
pub mod structure;
pub mod tableau_de_bord;
pub mod text;

pub use clock::{SandboxClock, Timestamp};
pub use error::{DomainError, FieldError};
pub use sandbox::{Change, Collection, Outcome, Record, RecordKey, Sandbox};

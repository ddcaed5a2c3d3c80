//! Pure business rules of the sandbox, in folders that follow the portal's domains. No web crate in
//! this crate's manifest: it builds and tests natively, and Cargo itself keeps it pure.
//!
//! Every command is a function `(&Sandbox, input, now) -> Result<Outcome, DomainError>`: it decides,
//! it does not mutate. The caller persists `Outcome::changes` and only then applies them to its state,
//! so an action is all-or-nothing.
//!
//! Layers (each depends only on those above it):
//! - `kernel`: ids, errors, text, time, money: depends on no feature;
//! - `sandbox`: the state, the records of every feature, changes and outcomes;
//! - `compte` → `organisation` → `facturation` → `sollicitations` → `simulation`: the portal's
//!   domains.

pub mod compte;
pub mod facturation;
pub mod kernel;
pub mod organisation;
pub mod sandbox;
pub mod simulation;
pub mod sollicitations;

pub use kernel::error::{DomainError, FieldError};
pub use kernel::time::{SandboxClock, Timestamp};
pub use sandbox::{Change, Collection, Outcome, Read, Record, RecordKey, Sandbox};

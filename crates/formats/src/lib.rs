//! The exchange formats of the sandbox, pure (no web crate): an invoice written as the portal's
//! partners exchange it.
//!
//! - `modele`: what every format reads off an invoice (`Document`), and the EN 16931 readings
//!   (VAT category, unit code, payment means, identifiers with scheme 0009);
//! - `ubl`: UBL 2.1 Invoice / CreditNote; `cii`: CII D16B, Factur-X EN 16931 profile;
//! - `xml`: the one place XML is written (quick-xml escapes every text and attribute);
//! - `depot`: the readers of « Dépôt de flux » (UBL, CII, Factur-X PDF, ZIP → the saisie's form),
//!   with the hostile-file limits.
//!
//! Depends on `domain` only, never the reverse.

pub mod cii;
pub mod depot;
pub mod modele;
pub mod ubl;
mod xml;

pub use modele::{motif_sans_format, Document};

//! Bac à sable Chorus Pro: a training simulator of the French B2G e-invoicing portal, running
//! entirely in the browser. See ARCHITECTURE.md for the map of the code.

pub mod domain;
pub mod storage;
pub mod ui;

//! Bac à sable Chorus Pro: a training simulator of the French B2G e-invoicing portal, running
//! entirely in the browser. See ARCHITECTURE.md for the map of the code.
//!
//! This crate is the app: the Yew UI and the browser adapters. The rules live in the pure crates
//! `domain` (crates/domain) and `storage` (crates/storage).

pub mod browser;
pub mod ui;

//! Reusable pieces of UI: the page frame, form fields with their errors, confirmations.

pub mod confirm;
pub mod form;
pub mod layout;
pub mod page;

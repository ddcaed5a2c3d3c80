//! What every feature shares and that depends on none of them: record ids, typed errors with French
//! messages, free-text rules, time (timestamps, Paris time, the sandbox clock's value) and exact money.

pub mod error;
pub mod ids;
pub mod money;
pub mod page;
pub mod spreadsheet;
pub mod text;
pub mod time;

//! Helpers shared by the native test files.
#![allow(dead_code)]

pub mod factures;
pub mod organisation;

use chrono::{TimeZone, Utc};
use domain::{DomainError, Outcome, Sandbox, Timestamp};

/// The tests' fixed « now ».
pub fn t0() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

/// Runs a command that must succeed and applies its changes; returns its value.
pub fn run<T>(
    sb: &mut Sandbox,
    command: impl FnOnce(&Sandbox) -> Result<Outcome<T>, DomainError>,
) -> T {
    let out = command(sb).expect("command succeeds");
    sb.apply(&out.changes);
    out.value
}

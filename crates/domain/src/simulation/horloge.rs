//! The trainer's commands on the sandbox clock: advance it by a step, or come back to real time.

use crate::kernel::error::DomainError;
use crate::kernel::time::{ClockStep, SandboxClock};
use crate::sandbox::{Outcome, Record, Sandbox};

/// Trainer command « avancer l'horloge ».
pub fn advance(sb: &Sandbox, step: ClockStep) -> Result<Outcome, DomainError> {
    let clock = sb.clock.advanced(step).map_err(DomainError::Rule)?;
    Ok(Outcome::new().put(Record::Clock(clock)))
}

/// Trainer command « revenir à l'heure réelle ».
pub fn reset(sb: &Sandbox) -> Result<Outcome, DomainError> {
    if !sb.clock.is_shifted() {
        return Ok(Outcome::new());
    }
    Ok(Outcome::new().put(Record::Clock(SandboxClock::default())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_write_the_clock_record() {
        let mut sb = crate::simulation::base::sandbox();
        let out = advance(&sb, ClockStep::SevenDays).unwrap();
        sb.apply(&out.changes);
        assert_eq!(sb.clock.offset_seconds, 7 * 86_400);
        let out = reset(&sb).unwrap();
        sb.apply(&out.changes);
        assert!(!sb.clock.is_shifted());
        assert!(reset(&sb).unwrap().changes.is_empty(), "nothing to write");
    }
}

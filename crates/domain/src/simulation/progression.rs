//! A trainee's progress through a training scenario (the `formation` crate's exercises): which
//! scenario, at which version, who, since when, and each step's state. One record per sandbox (a
//! sandbox runs one scenario at a time), stored, exported and bounded like any other. The
//! scenarios themselves, their checks and what a step's state means live in `crates/formation`.

use crate::kernel::ids::CompteId;
use crate::kernel::time::Timestamp;
use serde::{Deserialize, Serialize};

/// Longest trainee name kept (the name comes from the scenario link).
pub const MAX_STAGIAIRE: usize = 100;
/// Most steps of one scenario.
pub const MAX_ETAPES: usize = 200;

/// One step's state. A step is done once « Vérifier » passed (or the trainer did it); the hint
/// and the solution are recorded when shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EtatEtape {
    #[serde(default, skip_serializing_if = "is_false")]
    pub faite: bool,
    /// Done by the trainer (« Faire l'étape à la place du stagiaire »).
    #[serde(default, skip_serializing_if = "is_false")]
    pub par_formateur: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub indice: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub solution: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progression {
    /// The scenario's id in the catalogue, and its version when it was started.
    pub scenario: String,
    pub version: u32,
    /// The trainee's name as the link gave it (may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stagiaire: String,
    /// The account the trainee works with (none while the trainee has to create it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compte: Option<CompteId>,
    /// Each step's state, in the scenario's order (exercises one after the other).
    pub etapes: Vec<EtatEtape>,
    /// Real time when the scenario (or the exercise last started again) began.
    #[serde(with = "crate::kernel::time::millis")]
    pub debut: Timestamp,
}

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
    /// Real time when « Vérifier » passed (the time spent on a step is measured from `debut`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::kernel::time::millis_opt"
    )]
    pub le: Option<Timestamp>,
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
    /// The training session the trainee came from (its link carries it), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// The positioning tests taken (the latest « avant » and the latest « après »).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qcm: Vec<Passation>,
}

/// Most questions of one positioning test.
pub const MAX_QUESTIONS: usize = 60;
/// Most tests kept: one « avant », one « après ».
pub const MAX_PASSATIONS: usize = 2;
/// Longest text of a session's settings (title, training body, representative, place).
pub const MAX_TEXTE_SESSION: usize = 200;
/// Most scenarios of one session.
pub const MAX_SCENARIOS_SESSION: usize = 20;
/// The choice recorded for « Je ne sais pas ».
pub const NE_SAIT_PAS: u8 = 3;
/// The choice recorded for a question left without an answer.
pub const SANS_REPONSE: u8 = 255;

/// Before or after the course.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Moment {
    #[serde(rename = "avant")]
    Avant,
    #[serde(rename = "apres")]
    Apres,
}

impl Moment {
    pub fn label(self) -> &'static str {
        match self {
            Moment::Avant => "avant",
            Moment::Apres => "après",
        }
    }
}

/// One positioning test taken: when, and each answer (the question's id in the `formation`
/// bank; the choice: 0–2 an option, [`NE_SAIT_PAS`], or [`SANS_REPONSE`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passation {
    pub moment: Moment,
    #[serde(with = "crate::kernel::time::millis")]
    pub debut: Timestamp,
    #[serde(with = "crate::kernel::time::millis")]
    pub fin: Timestamp,
    pub reponses: Vec<(String, u8)>,
}

/// A training session as the trainer set it up (its link carries it to every trainee): what the
/// attestation and the certificat de réalisation print.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub titre: String,
    #[serde(default, with = "crate::kernel::time::ymd_opt")]
    pub du: Option<chrono::NaiveDate>,
    #[serde(default, with = "crate::kernel::time::ymd_opt")]
    pub au: Option<chrono::NaiveDate>,
    /// The course's duration in minutes.
    pub duree_minutes: u32,
    /// The training body: raison sociale, legal representative, place of signature.
    pub organisme: String,
    pub representant: String,
    pub lieu: String,
    /// The scenarios' ids, in the day's order.
    pub scenarios: Vec<String>,
    /// How many questions the positioning test has.
    pub questions: u8,
}

//! Trainer mode: the « Espace formateur » (clock, simulated recipients, import, reset) opens only
//! with a session code the trainer chooses. The code is kept only as an Argon2id hash (the same
//! hashing as passwords) in one sandbox record; it goes out with an export.
//!
//! The mode is per tab: a tab that entered the code keeps a token (the hash it was checked
//! against). The mode is on while that token equals the stored hash, so a code changed in another
//! tab (or an import bringing another code) ends it. This is a training convenience, not a
//! security boundary: whoever controls the browser can clear the site's data.

use crate::compte::mot_de_passe;
use crate::kernel::error::{Champ, DomainError, Validator};
use crate::sandbox::{Outcome, Record, Sandbox};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// The stored record: the hash of the session code (singleton `cpsb:formateur:main`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeFormateur {
    pub code_hash: String,
}

pub mod champs {
    use crate::kernel::error::Champ;
    pub const CODE: Champ = Champ::new("code_formateur", "Code formateur");
    pub const CONFIRMATION: Champ = Champ::new(
        "code_formateur_confirmation",
        "Confirmation du code formateur",
    );
}

pub const MIN_CODE: usize = 6;
pub const MAX_CODE: usize = 64;

/// Where a tab stands with the trainer mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Etat {
    /// No code chosen yet: the first visitor of the Espace formateur chooses it.
    SansCode,
    /// A code exists and this tab has not entered it.
    Verrouille,
    /// This tab entered the current code.
    Ouvert,
}

/// The tab's state, from its token (`None`: never entered).
pub fn etat(sb: &Sandbox, jeton: Option<&str>) -> Etat {
    match &sb.formateur {
        None => Etat::SansCode,
        Some(c) if jeton == Some(c.code_hash.as_str()) => Etat::Ouvert,
        Some(_) => Etat::Verrouille,
    }
}

/// Whether the trainer's tools may run in this tab: only in trainer mode.
pub fn autorise(sb: &Sandbox, jeton: Option<&str>) -> Result<(), DomainError> {
    match etat(sb, jeton) {
        Etat::Ouvert => Ok(()),
        Etat::SansCode => Err(DomainError::Forbidden(
            "Réservé au formateur : choisissez d'abord un code formateur dans l'Espace formateur."
                .to_string(),
        )),
        Etat::Verrouille => Err(DomainError::Forbidden(
            "Réservé au formateur : entrez le code formateur dans l'Espace formateur.".to_string(),
        )),
    }
}

fn check_code(v: &mut Validator, champ: Champ, code: &str) {
    let n = code.chars().count();
    if code.trim().is_empty() {
        v.push(champ, "Saisissez le code formateur.");
    } else if n < MIN_CODE {
        v.push(
            champ,
            format!(
                "Le code formateur doit compter au moins {MIN_CODE} caractères (actuellement {n})."
            ),
        );
    } else if n > MAX_CODE {
        v.push(
            champ,
            format!(
                "Le code formateur ne doit pas dépasser {MAX_CODE} caractères (actuellement {n})."
            ),
        );
    } else if code.chars().any(|c| c.is_control()) {
        v.push(
            champ,
            "Le code formateur contient un caractère de contrôle non autorisé.",
        );
    }
}

/// Chooses the code: the first time (no code yet), or to change it while in trainer mode. The
/// value is the new token of this tab (it stays in trainer mode).
pub fn choisir_code(
    sb: &Sandbox,
    jeton: Option<&str>,
    code: &str,
    confirmation: &str,
) -> Result<Outcome<String>, DomainError> {
    if etat(sb, jeton) == Etat::Verrouille {
        return Err(DomainError::Forbidden(
            "Seul le formateur, en mode formateur, peut changer le code formateur.".to_string(),
        ));
    }
    let mut v = Validator::new();
    check_code(&mut v, champs::CODE, code);
    if !v.has(champs::CODE) && code != confirmation {
        v.push(
            champs::CONFIRMATION,
            "La confirmation ne correspond pas au code saisi.",
        );
    }
    v.finish()?;
    let record = CodeFormateur {
        code_hash: mot_de_passe::hash(code),
    };
    let jeton = record.code_hash.clone();
    Ok(Outcome::new()
        .put(Record::Formateur(Rc::new(record)))
        .with_value(jeton))
}

/// Enters the trainer mode with the code: the value is this tab's token.
pub fn entrer(sb: &Sandbox, code: &str) -> Result<String, DomainError> {
    let Some(stored) = &sb.formateur else {
        return Err(DomainError::Rule(
            "Aucun code formateur n'a encore été choisi.".to_string(),
        ));
    };
    if code.trim().is_empty() {
        return Err(DomainError::field(
            champs::CODE,
            "Saisissez le code formateur.",
        ));
    }
    if code.chars().count() > MAX_CODE || !mot_de_passe::verify(code, &stored.code_hash) {
        return Err(DomainError::field(
            champs::CODE,
            "Code formateur incorrect. Demandez-le au formateur qui a préparé la session.",
        ));
    }
    Ok(stored.code_hash.clone())
}

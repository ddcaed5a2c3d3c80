//! User accounts (comptes utilisateurs, facts §1.1): the account and its status, the checks of an
//! e-mail address and a phone number, the acting account. The commands follow the portal's
//! screens:
//! - `inscription`: « Créer un compte », the activation link and its resending;
//! - `connexion`: « Se connecter », « Mot de passe oublié », the reactivation of a deactivated
//!   account;
//! - `profil`: « Mon compte » (identity, password change, self-deactivation);
//! - `liens`: the single-use links sent by mail; `mot_de_passe`: policy and hashing;
//!   `messagerie`: the simulated mailboxes.
//!
//! `compte` depends on no other feature (organisation uses it, never the reverse).

pub mod connexion;
pub mod inscription;
pub mod liens;
pub mod messagerie;
pub mod mot_de_passe;
pub mod profil;

use crate::kernel::error::DomainError;
use crate::kernel::ids::{CompteId, StructureId};
use crate::kernel::time::Timestamp;
use crate::sandbox::{Outcome, Record, Sandbox};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// The fields of the account forms, as the checks and the forms name them. The same element id
/// may carry a different label from one form to another (« Mot de passe » at creation,
/// « Nouveau mot de passe » in « Mon compte »): each label is its own constant.
pub mod champs {
    use crate::kernel::error::Champ;

    pub const ADRESSE_CONNEXION: Champ =
        Champ::new("login_email", "Adresse électronique de connexion");
    pub const NOM: Champ = Champ::new("nom", "Nom");
    pub const PRENOM: Champ = Champ::new("prenom", "Prénom");
    pub const TELEPHONE: Champ = Champ::new("telephone", "Téléphone");
    /// « Créer un compte » and « Se connecter ».
    pub const MOT_DE_PASSE: Champ = Champ::new("password", "Mot de passe");
    /// « Créer un compte ».
    pub const CONFIRMATION_MOT_DE_PASSE: Champ =
        Champ::new("confirmation", "Confirmation du mot de passe");
    /// « Mon compte » and the reset link.
    pub const NOUVEAU_MOT_DE_PASSE: Champ = Champ::new("password", "Nouveau mot de passe");
    /// « Mon compte » and the reset link.
    pub const CONFIRMATION: Champ = Champ::new("confirmation", "Confirmation");
    pub const MOT_DE_PASSE_ACTUEL: Champ = Champ::new("current_password", "Mot de passe actuel");
    pub const ADRESSE_CONTACT: Champ =
        Champ::new("contact_email", "Adresse électronique de contact");
    /// « Désactiver mon compte ».
    pub const MOT_DE_PASSE_DESACTIVATION: Champ =
        Champ::new("deactivate_password", "Mot de passe (pour confirmer)");
}

pub const MAX_EMAIL_LENGTH: usize = 254;
pub const MAX_NAME_LENGTH: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StatutCompte {
    EnAttenteActivation,
    Actif,
    Desactive,
}

impl StatutCompte {
    pub fn label(self) -> &'static str {
        match self {
            StatutCompte::EnAttenteActivation => "En attente d'activation",
            StatutCompte::Actif => "Actif",
            StatutCompte::Desactive => "Désactivé",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ObjetLien {
    Activation,
    ReinitialisationMotDePasse,
    Reactivation,
}

/// A single-use link sent by e-mail. Only the latest one of an account is valid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LienEnAttente {
    pub purpose: ObjetLien,
    pub token: String,
    #[serde(with = "crate::kernel::time::millis")]
    pub expires_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compte {
    pub id: CompteId,
    /// Adresse électronique de connexion (the login; lower case).
    pub login_email: String,
    /// Adresse électronique de contact (receives notifications).
    pub contact_email: String,
    pub nom: String,
    pub prenom: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Argon2id PHC string; never the clear password.
    pub password_hash: String,
    pub status: StatutCompte,
    #[serde(with = "crate::kernel::time::millis")]
    pub created_at: Timestamp,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::kernel::time::millis_opt"
    )]
    pub activated_at: Option<Timestamp>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::kernel::time::millis_opt"
    )]
    pub last_login_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<LienEnAttente>,
    /// The structure the user works for right now (a user may belong to several and switches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure_courante: Option<StructureId>,
    /// Receives the billing notifications (status changes of the structure's invoices). A
    /// gestionnaire principal receives them whatever this says.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub notifications_factures: bool,
}

fn yes() -> bool {
    true
}
fn is_yes(b: &bool) -> bool {
    *b
}

impl Compte {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.prenom, self.nom)
    }
}

/// Normalises and checks an e-mail address (`label` names the field in the message).
pub fn check_email(value: &str, label: &str) -> Result<String, String> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Err(format!("Le champ « {label} » est obligatoire."));
    }
    if v.chars().count() > MAX_EMAIL_LENGTH {
        return Err(format!(
            "L'adresse électronique ne doit pas dépasser {MAX_EMAIL_LENGTH} caractères."
        ));
    }
    let domain_ok = v
        .rsplit_once('@')
        .map(|(_, d)| d.contains('.') && !d.starts_with('.') && !d.ends_with('.'))
        .unwrap_or(false);
    if !email_address::EmailAddress::is_valid(&v) || !domain_ok || v.contains(char::is_whitespace) {
        return Err(format!(
            "« {} » n'est pas une adresse électronique valide (exemple : prenom.nom@entreprise.fr).",
            value.trim()
        ));
    }
    Ok(v)
}

/// Optional French or international phone number: digits with spaces, dots or dashes, optional `+`.
pub fn check_phone(value: &str) -> Result<Option<String>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let digits: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
    let allowed = v
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " .-".contains(c) || (c == '+' && i == 0));
    if !allowed || !(6..=15).contains(&digits.len()) {
        return Err(
            "Numéro de téléphone invalide : de 6 à 15 chiffres, espaces, points ou tirets, « + » en tête pour l'international (exemple : 01 23 45 67 89)."
                .to_string(),
        );
    }
    Ok(Some(v.to_string()))
}

pub fn par_adresse_de_connexion<'a>(sb: &'a Sandbox, email: &str) -> Option<&'a Rc<Compte>> {
    let email = email.trim().to_lowercase();
    sb.comptes.values().find(|a| a.login_email == email)
}

/// The connected account, if it exists and is active (the only state in which it may act).
pub fn acting<'a>(sb: &'a Sandbox, actor: &CompteId) -> Result<&'a Rc<Compte>, DomainError> {
    match sb.comptes.get(actor) {
        Some(a) if a.status == StatutCompte::Actif => Ok(a),
        Some(_) => Err(DomainError::Forbidden(
            "Votre compte n'est pas actif : reconnectez-vous.".to_string(),
        )),
        None => Err(DomainError::NotFound(
            "Votre compte n'existe plus dans ce bac à sable.".to_string(),
        )),
    }
}

/// Writes the account (the last step of each account command).
pub(crate) fn put_account(out: Outcome, account: Compte) -> Outcome {
    out.put(Record::Compte(Rc::new(account)))
}

//! « Se connecter » and what the connection page leads to: « Mot de passe oublié » (a reset link
//! to the connection address) and the reactivation of a deactivated account.

use crate::compte::champs;
use crate::compte::liens::{account_for_link, link_mail, new_link};
use crate::compte::messagerie::Courriel;
use crate::compte::{
    check_email, mot_de_passe, par_adresse_de_connexion, put_account, ObjetLien, StatutCompte,
};
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::CompteId;
use crate::kernel::time::{datetime_fr, Timestamp};
use crate::sandbox::{Outcome, Record, Sandbox};
use std::rc::Rc;

/// « Se connecter »: checks the password and the account's status; records the connection time.
pub fn se_connecter(
    sb: &Sandbox,
    email: &str,
    password: &str,
    now: Timestamp,
) -> Result<Outcome<CompteId>, DomainError> {
    let mut v = Validator::new();
    if email.trim().is_empty() {
        v.push(
            champs::ADRESSE_CONNEXION,
            "Saisissez votre adresse électronique de connexion.",
        );
    }
    if password.is_empty() {
        v.push(champs::MOT_DE_PASSE, "Saisissez votre mot de passe.");
    }
    v.finish()?;
    let wrong = || {
        DomainError::Rule(
            "Adresse électronique de connexion ou mot de passe incorrect.".to_string(),
        )
    };
    let account = par_adresse_de_connexion(sb, email).ok_or_else(wrong)?;
    if !mot_de_passe::verify(password, &account.password_hash) {
        return Err(wrong());
    }
    match account.status {
        StatutCompte::EnAttenteActivation => Err(DomainError::Rule(
            "Votre compte n'est pas encore activé : ouvrez le message d'activation dans la Messagerie, ou demandez un nouveau lien."
                .to_string(),
        )),
        StatutCompte::Desactive => Err(DomainError::Rule(
            "Ce compte a été désactivé. Vous pouvez demander sa réactivation.".to_string(),
        )),
        StatutCompte::Actif => {
            let mut a = (**account).clone();
            a.last_login_at = Some(now);
            let id = a.id.clone();
            Ok(put_account(Outcome::new(), a).with_value(id))
        }
    }
}

/// « Mot de passe oublié »: sends a reset link to the connection address of an active account.
/// The answer does not say whether the address exists (as on any real portal).
pub fn demander_reinitialisation_mot_de_passe(
    sb: &Sandbox,
    email: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    request_link(
        sb,
        email,
        now,
        ObjetLien::ReinitialisationMotDePasse,
        StatutCompte::Actif,
    )
}

/// « Réactiver mon compte »: sends a reactivation link to a deactivated account.
pub fn demander_reactivation(
    sb: &Sandbox,
    email: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    request_link(
        sb,
        email,
        now,
        ObjetLien::Reactivation,
        StatutCompte::Desactive,
    )
}

fn request_link(
    sb: &Sandbox,
    email: &str,
    now: Timestamp,
    purpose: ObjetLien,
    required: StatutCompte,
) -> Result<Outcome, DomainError> {
    let email = check_email(email, champs::ADRESSE_CONNEXION.libelle)
        .map_err(|m| DomainError::field(champs::ADRESSE_CONNEXION, m))?;
    match par_adresse_de_connexion(sb, &email) {
        Some(account) if account.status == required => {
            let mut a = (**account).clone();
            let link = new_link(purpose, now);
            a.link = Some(link.clone());
            let mail = link_mail(&a, &link, now);
            Ok(put_account(Outcome::new(), a).put(Record::Courriel(Rc::new(mail))))
        }
        _ => Ok(Outcome::new()),
    }
}

/// Follows a reset link and sets the new password.
pub fn reinitialiser_mot_de_passe(
    sb: &Sandbox,
    token: &str,
    new_password: &str,
    confirmation: &str,
    now: Timestamp,
) -> Result<Outcome<CompteId>, DomainError> {
    let account = account_for_link(sb, token, ObjetLien::ReinitialisationMotDePasse, now)?;
    let mut v = Validator::new();
    mot_de_passe::check_new(
        &mut v,
        (champs::NOUVEAU_MOT_DE_PASSE, champs::CONFIRMATION),
        new_password,
        confirmation,
    );
    v.finish()?;
    let mut a = (**account).clone();
    a.password_hash = mot_de_passe::hash(new_password);
    a.link = None;
    let mail = Courriel::new(
        &a.login_email,
        Some(&a.id),
        "Votre mot de passe a été modifié",
        format!(
            "Bonjour {},\n\nLe mot de passe de votre compte a été modifié le {}.\n\nCeci est un message fictif de l'environnement de formation.",
            a.full_name(),
            datetime_fr(now)
        ),
        now,
    );
    let id = a.id.clone();
    Ok(put_account(Outcome::new(), a)
        .put(Record::Courriel(Rc::new(mail)))
        .with_value(id))
}

/// Follows a reactivation link: the account is active again.
pub fn reactiver_compte(
    sb: &Sandbox,
    token: &str,
    now: Timestamp,
) -> Result<Outcome<CompteId>, DomainError> {
    let account = account_for_link(sb, token, ObjetLien::Reactivation, now)?;
    let mut a = (**account).clone();
    a.status = StatutCompte::Actif;
    a.link = None;
    let id = a.id.clone();
    Ok(put_account(Outcome::new(), a).with_value(id))
}

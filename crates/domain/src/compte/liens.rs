//! The single-use links sent by mail (activation, password reset, reactivation): valid 60 minutes
//! of sandbox time; only the latest one of an account works. Links always go to the connection
//! address (since V3.0.1 of the portal, reset mails do too).

use crate::compte::messagerie::{Courriel, LienCourriel};
use crate::compte::{Compte, LienEnAttente, ObjetLien};
use crate::kernel::error::DomainError;
use crate::kernel::ids::random_hex;
use crate::kernel::time::{datetime_fr, Timestamp};
use crate::sandbox::Sandbox;
use chrono::Duration;
use std::rc::Rc;

/// Validity of e-mailed links (activation, password reset, reactivation): 60 minutes of sandbox time.
pub const LINK_VALIDITY_MINUTES: i64 = 60;

/// A fresh link of `purpose`, valid from `now`.
pub(crate) fn new_link(purpose: ObjetLien, now: Timestamp) -> LienEnAttente {
    LienEnAttente {
        purpose,
        token: random_hex(16),
        expires_at: now + Duration::minutes(LINK_VALIDITY_MINUTES),
    }
}

/// The mail that carries `link` to the account's connection address.
pub(crate) fn link_mail(account: &Compte, link: &LienEnAttente, now: Timestamp) -> Courriel {
    let expiry = datetime_fr(link.expires_at);
    let (subject, body, mail_link) = match link.purpose {
        ObjetLien::Activation => (
            "Activation de votre compte",
            format!(
                "Bonjour {},\n\nVotre compte du bac à sable a été créé avec l'adresse de connexion {}.\nPour l'activer, utilisez le lien ci-dessous. Il est valable {LINK_VALIDITY_MINUTES} minutes, jusqu'au {expiry} (heure du bac à sable).\n\nCeci est un message fictif de l'environnement de formation.",
                account.full_name(),
                account.login_email
            ),
            LienCourriel::Activation(link.token.clone()),
        ),
        ObjetLien::ReinitialisationMotDePasse => (
            "Réinitialisation de votre mot de passe",
            format!(
                "Bonjour {},\n\nUne demande de réinitialisation du mot de passe a été faite pour votre compte.\nLe lien ci-dessous est valable {LINK_VALIDITY_MINUTES} minutes, jusqu'au {expiry} (heure du bac à sable). Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\nCeci est un message fictif de l'environnement de formation.",
                account.full_name()
            ),
            LienCourriel::ReinitialisationMotDePasse(link.token.clone()),
        ),
        ObjetLien::Reactivation => (
            "Réactivation de votre compte",
            format!(
                "Bonjour {},\n\nVous avez demandé la réactivation de votre compte.\nLe lien ci-dessous est valable {LINK_VALIDITY_MINUTES} minutes, jusqu'au {expiry} (heure du bac à sable).\n\nCeci est un message fictif de l'environnement de formation.",
                account.full_name()
            ),
            LienCourriel::Reactivation(link.token.clone()),
        ),
    };
    Courriel::new(&account.login_email, Some(&account.id), subject, body, now).with_link(mail_link)
}

/// Finds the account holding a valid link of `purpose`, or says why the link is unusable.
pub(crate) fn account_for_link<'a>(
    sb: &'a Sandbox,
    token: &str,
    purpose: ObjetLien,
    now: Timestamp,
) -> Result<&'a Rc<Compte>, DomainError> {
    let found = sb.comptes.values().find_map(|a| {
        a.link
            .as_ref()
            .filter(|l| l.purpose == purpose && l.token == token && !token.is_empty())
            .map(|l| (a, l))
    });
    let Some((account, link)) = found else {
        return Err(DomainError::Rule(
            "Ce lien n'est pas valide ou a déjà été utilisé. Seul le dernier lien reçu fonctionne."
                .to_string(),
        ));
    };
    if now > link.expires_at {
        return Err(DomainError::Rule(format!(
            "Ce lien a expiré le {} : il n'est valable que {LINK_VALIDITY_MINUTES} minutes. Demandez un nouveau lien.",
            datetime_fr(link.expires_at)
        )));
    }
    Ok(account)
}

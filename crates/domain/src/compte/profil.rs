//! « Mon compte » (facts §1.1): identity and contact address, password change, self-deactivation.

use crate::compte::champs;
use crate::compte::messagerie::Courriel;
use crate::compte::{
    acting, check_email, check_phone, mot_de_passe, put_account, Compte, StatutCompte,
    MAX_NAME_LENGTH,
};
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::CompteId;
use crate::kernel::text;
use crate::kernel::time::{datetime_fr, Timestamp};
use crate::sandbox::{Outcome, Record, Sandbox};
use std::rc::Rc;

/// « Mon compte » identity form, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormulaireProfil {
    pub nom: String,
    pub prenom: String,
    pub telephone: String,
    pub contact_email: String,
}

impl FormulaireProfil {
    /// The form filled from the account (to edit it).
    pub fn of(a: &Compte) -> FormulaireProfil {
        FormulaireProfil {
            nom: a.nom.clone(),
            prenom: a.prenom.clone(),
            telephone: a.telephone.clone().unwrap_or_default(),
            contact_email: a.contact_email.clone(),
        }
    }
}

/// « Mon compte » → identity and contact address.
pub fn modifier_profil(
    sb: &Sandbox,
    actor: &CompteId,
    form: &FormulaireProfil,
) -> Result<Outcome, DomainError> {
    let account = acting(sb, actor)?;
    let mut v = Validator::new();
    let nom = text::required(&form.nom, "Nom", MAX_NAME_LENGTH);
    let prenom = text::required(&form.prenom, "Prénom", MAX_NAME_LENGTH);
    let telephone = check_phone(&form.telephone);
    let contact = check_email(&form.contact_email, champs::ADRESSE_CONTACT.libelle);
    v.check(champs::NOM, nom.as_ref().map(|_| ()).map_err(Clone::clone));
    v.check(
        champs::PRENOM,
        prenom.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    v.check(
        champs::TELEPHONE,
        telephone.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    v.check(
        champs::ADRESSE_CONTACT,
        contact.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    v.finish()?;
    let mut a = (**account).clone();
    a.nom = nom.unwrap_or_default();
    a.prenom = prenom.unwrap_or_default();
    a.telephone = telephone.unwrap_or_default();
    a.contact_email = contact.unwrap_or_default();
    if a == **account {
        return Ok(Outcome::new());
    }
    Ok(put_account(Outcome::new(), a))
}

/// « Mon compte » → « Modifier mon mot de passe » (current password required).
pub fn modifier_mot_de_passe(
    sb: &Sandbox,
    actor: &CompteId,
    current: &str,
    new_password: &str,
    confirmation: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let account = acting(sb, actor)?;
    let mut v = Validator::new();
    if !mot_de_passe::verify(current, &account.password_hash) {
        v.push(
            champs::MOT_DE_PASSE_ACTUEL,
            "Le mot de passe actuel est incorrect.",
        );
    }
    mot_de_passe::check_new(
        &mut v,
        (champs::NOUVEAU_MOT_DE_PASSE, champs::CONFIRMATION),
        new_password,
        confirmation,
    );
    if !v.has(champs::NOUVEAU_MOT_DE_PASSE)
        && !v.has(champs::MOT_DE_PASSE_ACTUEL)
        && current == new_password
    {
        v.push(
            champs::NOUVEAU_MOT_DE_PASSE,
            "Le nouveau mot de passe doit être différent de l'actuel.",
        );
    }
    v.finish()?;
    let mut a = (**account).clone();
    a.password_hash = mot_de_passe::hash(new_password);
    let mail = Courriel::new(
        &a.login_email,
        Some(&a.id),
        "Votre mot de passe a été modifié",
        format!(
            "Bonjour {},\n\nLe mot de passe de votre compte a été modifié le {} depuis « Mon compte ».\n\nCeci est un message fictif de l'environnement de formation.",
            a.full_name(),
            datetime_fr(now)
        ),
        now,
    );
    Ok(put_account(Outcome::new(), a).put(Record::Courriel(Rc::new(mail))))
}

/// « Désactiver mon compte »: the user confirms with the password; the session ends. Called
/// through `organisation::rattachement::desactiver_mon_compte`, which keeps every structure a GP.
pub(crate) fn desactiver_compte(
    sb: &Sandbox,
    actor: &CompteId,
    current: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let account = acting(sb, actor)?;
    if !mot_de_passe::verify(current, &account.password_hash) {
        return Err(DomainError::field(
            champs::MOT_DE_PASSE_DESACTIVATION,
            "Le mot de passe est incorrect : le compte n'a pas été désactivé.",
        ));
    }
    let mut a = (**account).clone();
    a.status = StatutCompte::Desactive;
    a.link = None;
    let mail = Courriel::new(
        &a.login_email,
        Some(&a.id),
        "Votre compte a été désactivé",
        format!(
            "Bonjour {},\n\nVotre compte a été désactivé à votre demande le {}. Vous pouvez en demander la réactivation depuis la page de connexion.\n\nCeci est un message fictif de l'environnement de formation.",
            a.full_name(),
            datetime_fr(now)
        ),
        now,
    );
    Ok(put_account(Outcome::new(), a).put(Record::Courriel(Rc::new(mail))))
}

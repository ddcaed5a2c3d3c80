//! « Créer un compte » (facts §1.1): the form, the account waiting for activation, the activation
//! link and its resending.

use crate::compte::champs;
use crate::compte::liens::{account_for_link, link_mail, new_link};
use crate::compte::Compte;
use crate::compte::{
    check_email, check_phone, mot_de_passe, par_adresse_de_connexion, put_account, ObjetLien,
    StatutCompte, MAX_NAME_LENGTH,
};
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::CompteId;
use crate::kernel::text;
use crate::kernel::time::Timestamp;
use crate::sandbox::{Outcome, Record, Sandbox};
use std::rc::Rc;

/// « Créer un compte » form, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormulaireCreationCompte {
    pub login_email: String,
    pub nom: String,
    pub prenom: String,
    pub telephone: String,
    pub password: String,
    pub confirmation: String,
}

/// The refusal for a login address another account already has.
pub const LOGIN_DEJA_UTILISE: &str = "Un compte existe déjà avec cette adresse électronique de connexion. Connectez-vous ou utilisez « Mot de passe oublié ».";

/// The index key of a login address (lower case, as stored): two tabs registering the same address
/// collide on it.
pub fn index_login(email: &str) -> String {
    format!("login:{}", email.trim().to_lowercase())
}

/// « Créer mon compte »: validates everything, creates the account waiting for activation and sends
/// the activation mail. Returns the new account's id.
pub fn creer_compte(
    sb: &Sandbox,
    form: &FormulaireCreationCompte,
    now: Timestamp,
) -> Result<Outcome<CompteId>, DomainError> {
    let mut v = Validator::new();
    let email = check_email(&form.login_email, champs::ADRESSE_CONNEXION.libelle);
    let email = match email {
        Ok(e) => {
            if par_adresse_de_connexion(sb, &e).is_some() {
                v.push(champs::ADRESSE_CONNEXION, LOGIN_DEJA_UTILISE);
            }
            e
        }
        Err(m) => {
            v.push(champs::ADRESSE_CONNEXION, m);
            String::new()
        }
    };
    let nom = text::required(&form.nom, "Nom", MAX_NAME_LENGTH);
    let prenom = text::required(&form.prenom, "Prénom", MAX_NAME_LENGTH);
    let telephone = check_phone(&form.telephone);
    v.check(champs::NOM, nom.as_ref().map(|_| ()).map_err(Clone::clone));
    v.check(
        champs::PRENOM,
        prenom.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    v.check(
        champs::TELEPHONE,
        telephone.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    mot_de_passe::check_new(
        &mut v,
        (champs::MOT_DE_PASSE, champs::CONFIRMATION_MOT_DE_PASSE),
        &form.password,
        &form.confirmation,
    );
    v.finish()?;

    let link = new_link(ObjetLien::Activation, now);
    let account = Compte {
        id: CompteId::generate(),
        login_email: email.clone(),
        contact_email: email,
        nom: nom.unwrap_or_default(),
        prenom: prenom.unwrap_or_default(),
        telephone: telephone.unwrap_or_default(),
        password_hash: mot_de_passe::hash(&form.password),
        status: StatutCompte::EnAttenteActivation,
        created_at: now,
        activated_at: None,
        last_login_at: None,
        link: Some(link.clone()),
        structure_courante: None,
        notifications_factures: true,
    };
    let mail = link_mail(&account, &link, now);
    let id = account.id.clone();
    let index = index_login(&account.login_email);
    Ok(put_account(Outcome::new(), account)
        .put(Record::Courriel(Rc::new(mail)))
        .taking(
            index,
            DomainError::field(champs::ADRESSE_CONNEXION, LOGIN_DEJA_UTILISE),
        )
        .with_value(id))
}

/// Follows an activation link: the account becomes active.
pub fn activer_compte(
    sb: &Sandbox,
    token: &str,
    now: Timestamp,
) -> Result<Outcome<CompteId>, DomainError> {
    let account = account_for_link(sb, token, ObjetLien::Activation, now)?;
    let mut a = (**account).clone();
    a.status = StatutCompte::Actif;
    a.activated_at = Some(now);
    a.link = None;
    let id = a.id.clone();
    Ok(put_account(Outcome::new(), a).with_value(id))
}

/// « Renvoyer le lien d'activation » for an account still waiting for activation.
pub fn renvoyer_lien_activation(
    sb: &Sandbox,
    email: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let email = check_email(email, champs::ADRESSE_CONNEXION.libelle)
        .map_err(|m| DomainError::field(champs::ADRESSE_CONNEXION, m))?;
    let account = par_adresse_de_connexion(sb, &email).ok_or_else(|| {
        DomainError::field(
            champs::ADRESSE_CONNEXION,
            "Aucun compte n'existe avec cette adresse électronique de connexion.",
        )
    })?;
    if account.status != StatutCompte::EnAttenteActivation {
        return Err(DomainError::field(
            champs::ADRESSE_CONNEXION,
            "Ce compte est déjà activé : connectez-vous, ou utilisez « Mot de passe oublié ».",
        ));
    }
    let mut a = (**account).clone();
    let link = new_link(ObjetLien::Activation, now);
    a.link = Some(link.clone());
    let mail = link_mail(&a, &link, now);
    Ok(put_account(Outcome::new(), a).put(Record::Courriel(Rc::new(mail))))
}

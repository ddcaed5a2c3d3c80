//! User accounts (comptes utilisateurs): creation, activation by e-mailed link, connection,
//! forgotten password, profile, password change, self-deactivation and reactivation.

pub mod messagerie;
pub mod mot_de_passe;

use crate::compte::messagerie::{Mail, MailLink};
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::{random_hex, AccountId, StructureId};
use crate::kernel::text;
use crate::kernel::time::{datetime_fr, Timestamp};
use crate::sandbox::{Outcome, Record, Sandbox};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Validity of e-mailed links (activation, password reset, reactivation): 60 minutes of sandbox time.
pub const LINK_VALIDITY_MINUTES: i64 = 60;
pub const MAX_EMAIL_LENGTH: usize = 254;
pub const MAX_NAME_LENGTH: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountStatus {
    EnAttenteActivation,
    Actif,
    Desactive,
}

impl AccountStatus {
    pub fn label(self) -> &'static str {
        match self {
            AccountStatus::EnAttenteActivation => "En attente d'activation",
            AccountStatus::Actif => "Actif",
            AccountStatus::Desactive => "Désactivé",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LinkPurpose {
    Activation,
    ReinitialisationMotDePasse,
    Reactivation,
}

/// A single-use link sent by e-mail. Only the latest one of an account is valid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLink {
    pub purpose: LinkPurpose,
    pub token: String,
    #[serde(with = "crate::kernel::time::millis")]
    pub expires_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
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
    pub status: AccountStatus,
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
    pub link: Option<PendingLink>,
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

impl Account {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.prenom, self.nom)
    }
}

/// « Créer un compte » form, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegistrationForm {
    pub login_email: String,
    pub nom: String,
    pub prenom: String,
    pub telephone: String,
    pub password: String,
    pub confirmation: String,
}

/// « Mon compte » identity form, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfileForm {
    pub nom: String,
    pub prenom: String,
    pub telephone: String,
    pub contact_email: String,
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

pub fn find_by_login<'a>(sb: &'a Sandbox, email: &str) -> Option<&'a Rc<Account>> {
    let email = email.trim().to_lowercase();
    sb.accounts.values().find(|a| a.login_email == email)
}

fn new_link(purpose: LinkPurpose, now: Timestamp) -> PendingLink {
    PendingLink {
        purpose,
        token: random_hex(16),
        expires_at: now + Duration::minutes(LINK_VALIDITY_MINUTES),
    }
}

fn link_mail(account: &Account, link: &PendingLink, now: Timestamp) -> Mail {
    let expiry = datetime_fr(link.expires_at);
    let (subject, body, mail_link) = match link.purpose {
        LinkPurpose::Activation => (
            "Activation de votre compte",
            format!(
                "Bonjour {},\n\nVotre compte du bac à sable a été créé avec l'adresse de connexion {}.\nPour l'activer, utilisez le lien ci-dessous. Il est valable {LINK_VALIDITY_MINUTES} minutes, jusqu'au {expiry} (heure du bac à sable).\n\nCeci est un message fictif de l'environnement de formation.",
                account.full_name(),
                account.login_email
            ),
            MailLink::Activation(link.token.clone()),
        ),
        LinkPurpose::ReinitialisationMotDePasse => (
            "Réinitialisation de votre mot de passe",
            format!(
                "Bonjour {},\n\nUne demande de réinitialisation du mot de passe a été faite pour votre compte.\nLe lien ci-dessous est valable {LINK_VALIDITY_MINUTES} minutes, jusqu'au {expiry} (heure du bac à sable). Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\nCeci est un message fictif de l'environnement de formation.",
                account.full_name()
            ),
            MailLink::ReinitialisationMotDePasse(link.token.clone()),
        ),
        LinkPurpose::Reactivation => (
            "Réactivation de votre compte",
            format!(
                "Bonjour {},\n\nVous avez demandé la réactivation de votre compte.\nLe lien ci-dessous est valable {LINK_VALIDITY_MINUTES} minutes, jusqu'au {expiry} (heure du bac à sable).\n\nCeci est un message fictif de l'environnement de formation.",
                account.full_name()
            ),
            MailLink::Reactivation(link.token.clone()),
        ),
    };
    // Links go to the connection address (since V3.0.1 of the portal, reset mails do too).
    Mail::new(&account.login_email, Some(&account.id), subject, body, now).with_link(mail_link)
}

fn put_account(out: Outcome, account: Account) -> Outcome {
    out.put(Record::Account(Rc::new(account)))
}

/// « Créer mon compte »: validates everything, creates the account waiting for activation and sends
/// the activation mail. Returns the new account's id.
pub fn register(
    sb: &Sandbox,
    form: &RegistrationForm,
    now: Timestamp,
) -> Result<Outcome<AccountId>, DomainError> {
    let mut v = Validator::new();
    let email = check_email(&form.login_email, "Adresse électronique de connexion");
    let email = match email {
        Ok(e) => {
            if find_by_login(sb, &e).is_some() {
                v.push(
                    "login_email",
                    "Un compte existe déjà avec cette adresse électronique de connexion. Connectez-vous ou utilisez « Mot de passe oublié ».",
                );
            }
            e
        }
        Err(m) => {
            v.push("login_email", m);
            String::new()
        }
    };
    let nom = text::required(&form.nom, "Nom", MAX_NAME_LENGTH);
    let prenom = text::required(&form.prenom, "Prénom", MAX_NAME_LENGTH);
    let telephone = check_phone(&form.telephone);
    v.check("nom", nom.as_ref().map(|_| ()).map_err(Clone::clone));
    v.check("prenom", prenom.as_ref().map(|_| ()).map_err(Clone::clone));
    v.check(
        "telephone",
        telephone.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    check_new_password(&mut v, &form.password, &form.confirmation);
    v.finish()?;

    let link = new_link(LinkPurpose::Activation, now);
    let account = Account {
        id: AccountId::generate(),
        login_email: email.clone(),
        contact_email: email,
        nom: nom.unwrap_or_default(),
        prenom: prenom.unwrap_or_default(),
        telephone: telephone.unwrap_or_default(),
        password_hash: mot_de_passe::hash(&form.password),
        status: AccountStatus::EnAttenteActivation,
        created_at: now,
        activated_at: None,
        last_login_at: None,
        link: Some(link.clone()),
        structure_courante: None,
        notifications_factures: true,
    };
    let mail = link_mail(&account, &link, now);
    let id = account.id.clone();
    Ok(put_account(Outcome::new(), account)
        .put(Record::Mail(Rc::new(mail)))
        .with_value(id))
}

fn check_new_password(v: &mut Validator, password: &str, confirmation: &str) {
    if password.is_empty() {
        v.push("password", "Le champ « Mot de passe » est obligatoire.");
        return;
    }
    v.check("password", mot_de_passe::check_policy(password));
    if !v.has("password") && password != confirmation {
        v.push(
            "confirmation",
            "La confirmation ne correspond pas au mot de passe saisi.",
        );
    }
}

/// Finds the account holding a valid link of `purpose`, or says why the link is unusable.
fn account_for_link<'a>(
    sb: &'a Sandbox,
    token: &str,
    purpose: LinkPurpose,
    now: Timestamp,
) -> Result<&'a Rc<Account>, DomainError> {
    let account = sb
        .accounts
        .values()
        .find(|a| {
            a.link
                .as_ref()
                .is_some_and(|l| l.purpose == purpose && l.token == token && !token.is_empty())
        })
        .ok_or_else(|| {
            DomainError::Rule(
                "Ce lien n'est pas valide ou a déjà été utilisé. Seul le dernier lien reçu fonctionne."
                    .to_string(),
            )
        })?;
    let link = account.link.as_ref().expect("found by its link");
    if now > link.expires_at {
        return Err(DomainError::Rule(format!(
            "Ce lien a expiré le {} : il n'est valable que {LINK_VALIDITY_MINUTES} minutes. Demandez un nouveau lien.",
            datetime_fr(link.expires_at)
        )));
    }
    Ok(account)
}

/// Follows an activation link: the account becomes active.
pub fn activate(
    sb: &Sandbox,
    token: &str,
    now: Timestamp,
) -> Result<Outcome<AccountId>, DomainError> {
    let account = account_for_link(sb, token, LinkPurpose::Activation, now)?;
    let mut a = (**account).clone();
    a.status = AccountStatus::Actif;
    a.activated_at = Some(now);
    a.link = None;
    let id = a.id.clone();
    Ok(put_account(Outcome::new(), a).with_value(id))
}

/// « Renvoyer le lien d'activation » for an account still waiting for activation.
pub fn resend_activation(
    sb: &Sandbox,
    email: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let email = check_email(email, "Adresse électronique de connexion")
        .map_err(|m| DomainError::field("login_email", m))?;
    let account = find_by_login(sb, &email).ok_or_else(|| {
        DomainError::field(
            "login_email",
            "Aucun compte n'existe avec cette adresse électronique de connexion.",
        )
    })?;
    if account.status != AccountStatus::EnAttenteActivation {
        return Err(DomainError::field(
            "login_email",
            "Ce compte est déjà activé : connectez-vous, ou utilisez « Mot de passe oublié ».",
        ));
    }
    let mut a = (**account).clone();
    let link = new_link(LinkPurpose::Activation, now);
    a.link = Some(link.clone());
    let mail = link_mail(&a, &link, now);
    Ok(put_account(Outcome::new(), a).put(Record::Mail(Rc::new(mail))))
}

/// « Se connecter »: checks the password and the account's status; records the connection time.
pub fn login(
    sb: &Sandbox,
    email: &str,
    password: &str,
    now: Timestamp,
) -> Result<Outcome<AccountId>, DomainError> {
    let mut v = Validator::new();
    if email.trim().is_empty() {
        v.push(
            "login_email",
            "Saisissez votre adresse électronique de connexion.",
        );
    }
    if password.is_empty() {
        v.push("password", "Saisissez votre mot de passe.");
    }
    v.finish()?;
    let wrong = || {
        DomainError::Rule(
            "Adresse électronique de connexion ou mot de passe incorrect.".to_string(),
        )
    };
    let account = find_by_login(sb, email).ok_or_else(wrong)?;
    if !mot_de_passe::verify(password, &account.password_hash) {
        return Err(wrong());
    }
    match account.status {
        AccountStatus::EnAttenteActivation => Err(DomainError::Rule(
            "Votre compte n'est pas encore activé : ouvrez le message d'activation dans la Messagerie, ou demandez un nouveau lien."
                .to_string(),
        )),
        AccountStatus::Desactive => Err(DomainError::Rule(
            "Ce compte a été désactivé. Vous pouvez demander sa réactivation.".to_string(),
        )),
        AccountStatus::Actif => {
            let mut a = (**account).clone();
            a.last_login_at = Some(now);
            let id = a.id.clone();
            Ok(put_account(Outcome::new(), a).with_value(id))
        }
    }
}

/// « Mot de passe oublié »: sends a reset link to the connection address of an active account.
/// The answer does not say whether the address exists (as on any real portal).
pub fn request_password_reset(
    sb: &Sandbox,
    email: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    request_link(
        sb,
        email,
        now,
        LinkPurpose::ReinitialisationMotDePasse,
        AccountStatus::Actif,
    )
}

/// « Réactiver mon compte »: sends a reactivation link to a deactivated account.
pub fn request_reactivation(
    sb: &Sandbox,
    email: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    request_link(
        sb,
        email,
        now,
        LinkPurpose::Reactivation,
        AccountStatus::Desactive,
    )
}

fn request_link(
    sb: &Sandbox,
    email: &str,
    now: Timestamp,
    purpose: LinkPurpose,
    required: AccountStatus,
) -> Result<Outcome, DomainError> {
    let email = check_email(email, "Adresse électronique de connexion")
        .map_err(|m| DomainError::field("login_email", m))?;
    match find_by_login(sb, &email) {
        Some(account) if account.status == required => {
            let mut a = (**account).clone();
            let link = new_link(purpose, now);
            a.link = Some(link.clone());
            let mail = link_mail(&a, &link, now);
            Ok(put_account(Outcome::new(), a).put(Record::Mail(Rc::new(mail))))
        }
        _ => Ok(Outcome::new()),
    }
}

/// Follows a reset link and sets the new password.
pub fn reset_password(
    sb: &Sandbox,
    token: &str,
    new_password: &str,
    confirmation: &str,
    now: Timestamp,
) -> Result<Outcome<AccountId>, DomainError> {
    let account = account_for_link(sb, token, LinkPurpose::ReinitialisationMotDePasse, now)?;
    let mut v = Validator::new();
    check_new_password(&mut v, new_password, confirmation);
    v.finish()?;
    let mut a = (**account).clone();
    a.password_hash = mot_de_passe::hash(new_password);
    a.link = None;
    let mail = Mail::new(
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
        .put(Record::Mail(Rc::new(mail)))
        .with_value(id))
}

/// Follows a reactivation link: the account is active again.
pub fn reactivate(
    sb: &Sandbox,
    token: &str,
    now: Timestamp,
) -> Result<Outcome<AccountId>, DomainError> {
    let account = account_for_link(sb, token, LinkPurpose::Reactivation, now)?;
    let mut a = (**account).clone();
    a.status = AccountStatus::Actif;
    a.link = None;
    let id = a.id.clone();
    Ok(put_account(Outcome::new(), a).with_value(id))
}

/// The connected account, if it exists and is active (the only state in which it may act).
pub fn acting<'a>(sb: &'a Sandbox, actor: &AccountId) -> Result<&'a Rc<Account>, DomainError> {
    match sb.accounts.get(actor) {
        Some(a) if a.status == AccountStatus::Actif => Ok(a),
        Some(_) => Err(DomainError::Forbidden(
            "Votre compte n'est pas actif : reconnectez-vous.".to_string(),
        )),
        None => Err(DomainError::NotFound(
            "Votre compte n'existe plus dans ce bac à sable.".to_string(),
        )),
    }
}

/// « Mon compte » → identity and contact address.
pub fn update_profile(
    sb: &Sandbox,
    actor: &AccountId,
    form: &ProfileForm,
) -> Result<Outcome, DomainError> {
    let account = acting(sb, actor)?;
    let mut v = Validator::new();
    let nom = text::required(&form.nom, "Nom", MAX_NAME_LENGTH);
    let prenom = text::required(&form.prenom, "Prénom", MAX_NAME_LENGTH);
    let telephone = check_phone(&form.telephone);
    let contact = check_email(&form.contact_email, "Adresse électronique de contact");
    v.check("nom", nom.as_ref().map(|_| ()).map_err(Clone::clone));
    v.check("prenom", prenom.as_ref().map(|_| ()).map_err(Clone::clone));
    v.check(
        "telephone",
        telephone.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    v.check(
        "contact_email",
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
pub fn change_password(
    sb: &Sandbox,
    actor: &AccountId,
    current: &str,
    new_password: &str,
    confirmation: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let account = acting(sb, actor)?;
    let mut v = Validator::new();
    if !mot_de_passe::verify(current, &account.password_hash) {
        v.push("current_password", "Le mot de passe actuel est incorrect.");
    }
    check_new_password(&mut v, new_password, confirmation);
    if !v.has("password") && !v.has("current_password") && current == new_password {
        v.push(
            "password",
            "Le nouveau mot de passe doit être différent de l'actuel.",
        );
    }
    v.finish()?;
    let mut a = (**account).clone();
    a.password_hash = mot_de_passe::hash(new_password);
    let mail = Mail::new(
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
    Ok(put_account(Outcome::new(), a).put(Record::Mail(Rc::new(mail))))
}

/// « Désactiver mon compte »: the user confirms with the password; the session ends.
pub fn deactivate_self(
    sb: &Sandbox,
    actor: &AccountId,
    current: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let account = acting(sb, actor)?;
    if !mot_de_passe::verify(current, &account.password_hash) {
        return Err(DomainError::field(
            "deactivate_password",
            "Le mot de passe est incorrect : le compte n'a pas été désactivé.",
        ));
    }
    let mut a = (**account).clone();
    a.status = AccountStatus::Desactive;
    a.link = None;
    let mail = Mail::new(
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
    Ok(put_account(Outcome::new(), a).put(Record::Mail(Rc::new(mail))))
}

//! Users of a structure: rattachement requests and their treatment by the gestionnaire principal,
//! habilitations per application, transfer of the GP role, deactivation and detachment, the
//! structure a user works for, and the CSV export of users (facts §1.2–1.4).
//!
//! Every command asks `droits::check` (through `authorize`) before acting: the UI's hiding of a
//! button is a convenience, never the protection.

use crate::compte::messagerie::Mail;
use crate::compte::Account;
use crate::kernel::error::DomainError;
use crate::kernel::ids::{AccountId, RattachementId, ServiceId, StructureId};
use crate::kernel::text;
use crate::kernel::time::{datetime_fr, Timestamp};
use crate::organisation::droits::{
    self, Action, Application, Habilitation, Membership, RattachementStatus, Role, StructureFacts,
};
use crate::organisation::structure::Structure;
use crate::sandbox::{Outcome, Record, Sandbox};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Longest comment of a request and motif of a refusal.
pub const MAX_COMMENT_LENGTH: usize = 255;

/// A user's link to a structure. There is at most one per (account, structure) pair: a new request
/// after a refusal or a detachment reuses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rattachement {
    pub id: RattachementId,
    pub account: AccountId,
    pub structure: StructureId,
    pub role: Role,
    pub status: RattachementStatus,
    /// A utilisateur's rights per application (the GP has them all).
    #[serde(default)]
    pub habilitations: BTreeMap<Application, Habilitation>,
    /// Services named in the request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commentaire: Option<String>,
    /// Why the request was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motif: Option<String>,
    #[serde(with = "crate::kernel::time::millis")]
    pub requested_at: Timestamp,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::kernel::time::millis_opt"
    )]
    pub decided_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<AccountId>,
}

impl Rattachement {
    pub fn membership(&self) -> Membership {
        Membership {
            role: self.role,
            status: self.status,
            habilitations: self.habilitations.clone(),
        }
    }

    pub fn is_validated(&self) -> bool {
        self.status == RattachementStatus::Validee
    }
}

pub fn facts(s: &Structure) -> StructureFacts {
    StructureFacts {
        active: s.is_active(),
        applications: s.applications.clone(),
    }
}

/// The rattachement of `account` to `structure`, if any.
pub fn find<'a>(
    sb: &'a Sandbox,
    account: &AccountId,
    structure: &StructureId,
) -> Option<&'a Rc<Rattachement>> {
    sb.rattachements
        .values()
        .find(|r| &r.account == account && &r.structure == structure)
}

/// Whether `actor` may perform `action` on `structure`; the refusal says why, in French. For the
/// UI, which asks before showing an action.
pub fn may(
    sb: &Sandbox,
    actor: &AccountId,
    structure: &StructureId,
    action: Action,
) -> Result<(), String> {
    let s = sb
        .structures
        .get(structure)
        .ok_or("Cette structure n'existe pas.")?;
    let membership = find(sb, actor, structure).map(|r| r.membership());
    droits::check(action, membership.as_ref(), &facts(s))
}

/// The structure, if `actor` may perform `action` on it; for commands.
pub fn authorize<'a>(
    sb: &'a Sandbox,
    actor: &AccountId,
    structure: &StructureId,
    action: Action,
) -> Result<&'a Rc<Structure>, DomainError> {
    let s = sb
        .structures
        .get(structure)
        .ok_or_else(|| DomainError::NotFound("Cette structure n'existe pas.".to_string()))?;
    may(sb, actor, structure, action).map_err(DomainError::Forbidden)?;
    Ok(s)
}

/// Validated gestionnaires principaux of a structure.
pub fn gestionnaires<'a>(sb: &'a Sandbox, structure: &StructureId) -> Vec<&'a Rc<Account>> {
    sb.rattachements
        .values()
        .filter(|r| {
            &r.structure == structure && r.role == Role::GestionnairePrincipal && r.is_validated()
        })
        .filter_map(|r| sb.accounts.get(&r.account))
        .collect()
}

/// Rattachements of a structure with their accounts, requests first, then by name.
pub fn members<'a>(
    sb: &'a Sandbox,
    structure: &StructureId,
) -> Vec<(&'a Rc<Rattachement>, &'a Rc<Account>)> {
    let mut out: Vec<_> = sb
        .rattachements
        .values()
        .filter(|r| &r.structure == structure)
        .filter_map(|r| sb.accounts.get(&r.account).map(|a| (r, a)))
        .collect();
    out.sort_by_key(|(r, a)| {
        (
            r.status != RattachementStatus::EnCoursDeValidation,
            r.status,
            a.nom.to_lowercase(),
            a.prenom.to_lowercase(),
            a.id.clone(),
        )
    });
    out
}

/// An account's rattachements with their structures, by structure name.
pub fn of_account<'a>(
    sb: &'a Sandbox,
    account: &AccountId,
) -> Vec<(&'a Rc<Rattachement>, &'a Rc<Structure>)> {
    let mut out: Vec<_> = sb
        .rattachements
        .values()
        .filter(|r| &r.account == account)
        .filter_map(|r| sb.structures.get(&r.structure).map(|s| (r, s)))
        .collect();
    out.sort_by_key(|(_, s)| (s.display_name().to_lowercase(), s.id.clone()));
    out
}

/// The structure the account works for: its choice while still validated there, else the first
/// validated one.
pub fn current_structure<'a>(sb: &'a Sandbox, account: &Account) -> Option<&'a Rc<Structure>> {
    let validated = |id: &StructureId| find(sb, &account.id, id).is_some_and(|r| r.is_validated());
    account
        .structure_courante
        .as_ref()
        .filter(|id| validated(id))
        .and_then(|id| sb.structures.get(id))
        .or_else(|| {
            of_account(sb, &account.id)
                .into_iter()
                .find(|(r, _)| r.is_validated())
                .map(|(_, s)| s)
        })
}

/// Whether the account has never been attached (the first-login choice is offered).
pub fn needs_first_structure(sb: &Sandbox, account: &AccountId) -> bool {
    !sb.rattachements.values().any(|r| {
        &r.account == account
            && matches!(
                r.status,
                RattachementStatus::Validee | RattachementStatus::EnCoursDeValidation
            )
    })
}

/// « Structure de travail »: the user switches to another structure they belong to.
pub fn select_structure(
    sb: &Sandbox,
    actor: &AccountId,
    structure: &StructureId,
) -> Result<Outcome, DomainError> {
    let account = crate::compte::acting(sb, actor)?;
    if !find(sb, actor, structure).is_some_and(|r| r.is_validated()) {
        return Err(DomainError::Forbidden(
            "Vous ne pouvez travailler que pour une structure à laquelle votre rattachement est validé."
                .to_string(),
        ));
    }
    let mut a = (**account).clone();
    a.structure_courante = Some(structure.clone());
    Ok(Outcome::new().put(Record::Account(Rc::new(a))))
}

/// A notification mail to an account's contact address, with the sandbox's greeting and footer.
pub(crate) fn notice(account: &Account, subject: String, body: String, now: Timestamp) -> Record {
    let body = format!(
        "Bonjour {},\n\n{body}\n\nCeci est un message fictif de l'environnement de formation.",
        account.full_name()
    );
    Record::Mail(Rc::new(Mail::new(
        &account.contact_email,
        Some(&account.id),
        subject,
        body,
        now,
    )))
}

/// Rights a utilisateur receives when the GP validates the request: issuing invoices, and on a
/// public structure processing the invoices it receives. The GP adjusts them afterwards.
fn default_habilitations(s: &Structure) -> BTreeMap<Application, Habilitation> {
    let mut h = BTreeMap::new();
    for app in [Application::FacturesEmises, Application::FacturesRecues] {
        if s.applications.contains(&app) {
            h.insert(app, Habilitation::Modification);
        }
    }
    h
}

fn habilitations_text(r: &Rattachement) -> String {
    if r.role == Role::GestionnairePrincipal {
        return "tous les droits sur la structure (gestionnaire principal)".to_string();
    }
    if r.habilitations.is_empty() {
        return "aucune habilitation pour l'instant".to_string();
    }
    r.habilitations
        .iter()
        .map(|(app, h)| format!("{} ({})", app.label(), h.label().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// « Demande de rattachement »: the user asks to join a structure, naming services if they wish.
/// The GP(s) are told by mail. A public structure of the annuaire without any gestionnaire is
/// handed to the requester at once (on the real portal its correspondant would create the
/// account), so that a trainee can play the public side.
pub fn request(
    sb: &Sandbox,
    actor: &AccountId,
    structure: &StructureId,
    services: &[ServiceId],
    commentaire: &str,
    now: Timestamp,
) -> Result<Outcome<RattachementId>, DomainError> {
    let account = crate::compte::acting(sb, actor)?;
    let s = sb
        .structures
        .get(structure)
        .ok_or_else(|| DomainError::field("structure", "Cette structure n'existe pas."))?;
    if !s.is_active() {
        return Err(DomainError::field(
            "structure",
            format!(
                "La structure « {} » est désactivée : on ne peut plus s'y rattacher.",
                s.display_name()
            ),
        ));
    }
    let commentaire = text::optional(commentaire, "Commentaire", MAX_COMMENT_LENGTH)
        .map_err(|m| DomainError::field("commentaire", m))?;
    for sv in services {
        if sb
            .services
            .get(sv)
            .is_none_or(|x| &x.structure != structure)
        {
            return Err(DomainError::field(
                "services",
                "Un des services choisis n'appartient pas à cette structure.",
            ));
        }
    }
    let existing = find(sb, actor, structure);
    if let Some(r) = existing {
        let why = match r.status {
            RattachementStatus::EnCoursDeValidation => Some("Votre demande de rattachement à cette structure est déjà en cours de validation par son gestionnaire principal."),
            RattachementStatus::Validee => Some("Vous êtes déjà rattaché(e) à cette structure."),
            RattachementStatus::Desactivee => Some("Votre rattachement à cette structure a été désactivé : demandez à son gestionnaire principal de le réactiver."),
            RattachementStatus::Refusee | RattachementStatus::Supprimee => None,
        };
        if let Some(why) = why {
            return Err(DomainError::field("structure", why));
        }
    }
    let gps = gestionnaires(sb, structure);
    let orphan = gps.is_empty();
    let mut r = Rattachement {
        id: existing
            .map(|r| r.id.clone())
            .unwrap_or_else(RattachementId::generate),
        account: actor.clone(),
        structure: structure.clone(),
        role: Role::Utilisateur,
        status: RattachementStatus::EnCoursDeValidation,
        habilitations: BTreeMap::new(),
        services: services.to_vec(),
        commentaire,
        motif: None,
        requested_at: now,
        decided_at: None,
        decided_by: None,
    };
    let name = s.display_name();
    let mut out = Outcome::new();
    if orphan {
        r.role = Role::GestionnairePrincipal;
        r.status = RattachementStatus::Validee;
        r.decided_at = Some(now);
        out = out.put(notice(
            account,
            format!("Rattachement validé : {name}"),
            format!("Vous êtes rattaché(e) à la structure « {name} » ({}) en tant que gestionnaire principal.\nCette structure n'avait pas encore de gestionnaire : dans le bac à sable, elle vous est confiée directement. Sur le portail réel, les comptes des agents publics sont créés par le correspondant de leur entité.", s.identifier),
            now,
        ));
    } else {
        out = out.put(notice(
            account,
            format!("Demande de rattachement envoyée : {name}"),
            format!("Votre demande de rattachement à la structure « {name} » ({}) a bien été envoyée le {}. Son gestionnaire principal va la valider ou la refuser ; vous recevrez un message dans les deux cas.", s.identifier, datetime_fr(now)),
            now,
        ));
        let services_text = if r.services.is_empty() {
            "aucun service précisé".to_string()
        } else {
            r.services
                .iter()
                .filter_map(|id| sb.services.get(id))
                .map(|sv| format!("{} — {}", sv.code, sv.libelle))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for gp in gps {
            out = out.put(notice(
                gp,
                format!("Nouvelle demande de rattachement : {}", account.full_name()),
                format!(
                    "{} ({}) demande à être rattaché(e) à la structure « {name} ».\nServices demandés : {services_text}.\nCommentaire : {}\n\nTraitez la demande dans Organisation → Utilisateurs → Demandes de rattachement.",
                    account.full_name(),
                    account.login_email,
                    r.commentaire.as_deref().unwrap_or("aucun")
                ),
                now,
            ));
        }
    }
    let id = r.id.clone();
    Ok(out.put(Record::Rattachement(Rc::new(r))).with_value(id))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Valider,
    Refuser,
}

/// Validates or refuses requests, one or several at once (the bulk checkboxes of « Demandes de
/// rattachement »). Each user gets a mail. All or nothing: one unfit request stops the whole batch.
pub fn decide(
    sb: &Sandbox,
    actor: &AccountId,
    structure: &StructureId,
    ids: &[RattachementId],
    decision: Decision,
    motif: &str,
    now: Timestamp,
) -> Result<Outcome<usize>, DomainError> {
    let s = authorize(sb, actor, structure, Action::TraiterRattachements)?;
    if ids.is_empty() {
        return Err(DomainError::field(
            "selection",
            "Cochez au moins une demande de rattachement.",
        ));
    }
    let motif = text::optional(motif, "Motif", MAX_COMMENT_LENGTH)
        .map_err(|m| DomainError::field("motif", m))?;
    let name = s.display_name();
    let mut out = Outcome::new();
    for id in ids {
        let r = sb
            .rattachements
            .get(id)
            .filter(|r| &r.structure == structure)
            .ok_or_else(|| {
                DomainError::NotFound("Cette demande de rattachement n'existe plus.".to_string())
            })?;
        let user = sb.accounts.get(&r.account).ok_or_else(|| {
            DomainError::NotFound("Le compte de ce demandeur n'existe plus.".to_string())
        })?;
        if r.status != RattachementStatus::EnCoursDeValidation {
            return Err(DomainError::Rule(format!(
                "La demande de {} a déjà été traitée (statut « {} »).",
                user.full_name(),
                r.status.label()
            )));
        }
        let mut r = (**r).clone();
        r.decided_at = Some(now);
        r.decided_by = Some(actor.clone());
        let mail = match decision {
            Decision::Valider => {
                r.status = RattachementStatus::Validee;
                r.habilitations = default_habilitations(s);
                r.motif = None;
                notice(
                    user,
                    format!("Rattachement validé : {name}"),
                    format!(
                        "Votre demande de rattachement à la structure « {name} » a été validée par son gestionnaire principal.\nVos habilitations : {}.",
                        habilitations_text(&r)
                    ),
                    now,
                )
            }
            Decision::Refuser => {
                r.status = RattachementStatus::Refusee;
                r.motif = motif.clone();
                notice(
                    user,
                    format!("Rattachement refusé : {name}"),
                    format!(
                        "Votre demande de rattachement à la structure « {name} » a été refusée par son gestionnaire principal.\nMotif : {}",
                        r.motif.as_deref().unwrap_or("non précisé")
                    ),
                    now,
                )
            }
        };
        out = out.put(Record::Rattachement(Rc::new(r))).put(mail);
    }
    Ok(out.with_value(ids.len()))
}

fn rattachement_of<'a>(
    sb: &'a Sandbox,
    id: &RattachementId,
) -> Result<(&'a Rc<Rattachement>, &'a Rc<Account>), DomainError> {
    let r = sb
        .rattachements
        .get(id)
        .ok_or_else(|| DomainError::NotFound("Ce rattachement n'existe plus.".to_string()))?;
    let a = sb
        .accounts
        .get(&r.account)
        .ok_or_else(|| DomainError::NotFound("Ce compte n'existe plus.".to_string()))?;
    Ok((r, a))
}

/// Sets a utilisateur's habilitations (absent application: no access).
pub fn set_habilitations(
    sb: &Sandbox,
    actor: &AccountId,
    id: &RattachementId,
    habilitations: &BTreeMap<Application, Habilitation>,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let (r, user) = rattachement_of(sb, id)?;
    let s = authorize(sb, actor, &r.structure, Action::GererHabilitations)?;
    if &r.account == actor {
        return Err(DomainError::Forbidden(
            "Vous ne pouvez pas modifier vos propres habilitations : demandez-le au gestionnaire principal.".to_string(),
        ));
    }
    if r.role == Role::GestionnairePrincipal {
        return Err(DomainError::Rule(
            "Le gestionnaire principal a tous les droits : ses habilitations ne se modifient pas."
                .to_string(),
        ));
    }
    if !r.is_validated() {
        return Err(DomainError::Rule(format!(
            "Les habilitations ne se règlent que sur un rattachement validé (statut actuel : « {} »).",
            r.status.label()
        )));
    }
    if let Some(app) = habilitations
        .keys()
        .find(|app| !s.applications.contains(app))
    {
        return Err(DomainError::field(
            "habilitations",
            format!(
                "L'application « {} » n'est pas activée sur cette structure.",
                app.label()
            ),
        ));
    }
    if r.habilitations == *habilitations {
        return Ok(Outcome::new());
    }
    let mut updated = (**r).clone();
    updated.habilitations = habilitations.clone();
    let mail = notice(
        user,
        format!("Habilitations modifiées : {}", s.display_name()),
        format!(
            "Vos habilitations sur la structure « {} » ont été modifiées : {}.",
            s.display_name(),
            habilitations_text(&updated)
        ),
        now,
    );
    Ok(Outcome::new()
        .put(Record::Rattachement(Rc::new(updated)))
        .put(mail))
}

/// What the GP does to an attached user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fin {
    /// Access suspended (DESACTIVEE), can be given back.
    Desactiver,
    /// Access given back (VALIDEE).
    Reactiver,
    /// The user leaves the structure (SUPPRIMEE); they may ask again later.
    Detacher,
}

pub fn change_status(
    sb: &Sandbox,
    actor: &AccountId,
    id: &RattachementId,
    fin: Fin,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let (r, user) = rattachement_of(sb, id)?;
    let s = authorize(sb, actor, &r.structure, Action::DetacherUtilisateur)?;
    if &r.account == actor {
        return Err(DomainError::Forbidden(
            "Vous ne pouvez pas modifier votre propre rattachement.".to_string(),
        ));
    }
    if r.role == Role::GestionnairePrincipal {
        return Err(DomainError::Rule(
            "Le gestionnaire principal ne peut être ni désactivé ni détaché : transférez d'abord son rôle à un autre utilisateur.".to_string(),
        ));
    }
    use RattachementStatus::*;
    let (allowed, target, verb): (&[RattachementStatus], _, _) = match fin {
        Fin::Desactiver => (&[Validee], Desactivee, "désactivé"),
        Fin::Reactiver => (&[Desactivee], Validee, "réactivé"),
        Fin::Detacher => (
            &[Validee, Desactivee],
            Supprimee,
            "supprimé (vous êtes détaché(e) de la structure)",
        ),
    };
    if !allowed.contains(&r.status) {
        return Err(DomainError::Rule(format!(
            "Impossible : le rattachement de {} est au statut « {} ».",
            user.full_name(),
            r.status.label()
        )));
    }
    let mut updated = (**r).clone();
    updated.status = target;
    updated.decided_at = Some(now);
    updated.decided_by = Some(actor.clone());
    let mail = notice(
        user,
        format!("Rattachement {verb} : {}", s.display_name()),
        format!(
            "Votre rattachement à la structure « {} » a été {verb} par son gestionnaire principal.",
            s.display_name()
        ),
        now,
    );
    Ok(Outcome::new()
        .put(Record::Rattachement(Rc::new(updated)))
        .put(mail))
}

/// Hands the gestionnaire principal role to a validated utilisateur; the former GP stays as a
/// utilisateur with every active application in modification.
pub fn transfer_gp(
    sb: &Sandbox,
    actor: &AccountId,
    structure: &StructureId,
    to: &RattachementId,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let s = authorize(
        sb,
        actor,
        structure,
        Action::TransfererGestionnairePrincipal,
    )?;
    let (target, new_gp) = rattachement_of(sb, to)?;
    if &target.structure != structure || !target.is_validated() || target.role != Role::Utilisateur
    {
        return Err(DomainError::field(
            "nouveau_gp",
            "Choisissez un utilisateur dont le rattachement à cette structure est validé.",
        ));
    }
    if new_gp.status != crate::compte::AccountStatus::Actif {
        return Err(DomainError::field(
            "nouveau_gp",
            "Le nouveau gestionnaire principal doit avoir un compte actif.",
        ));
    }
    let own = find(sb, actor, structure).expect("authorize found the actor's rattachement");
    let old_gp = crate::compte::acting(sb, actor)?;
    let mut own = (**own).clone();
    own.role = Role::Utilisateur;
    own.habilitations = s
        .applications
        .iter()
        .map(|a| (*a, Habilitation::Modification))
        .collect();
    let mut target = (**target).clone();
    target.role = Role::GestionnairePrincipal;
    target.habilitations.clear();
    let name = s.display_name();
    Ok(Outcome::new()
        .put(Record::Rattachement(Rc::new(own)))
        .put(Record::Rattachement(Rc::new(target)))
        .put(notice(
            new_gp,
            format!("Vous êtes gestionnaire principal : {name}"),
            format!("{} vous a transmis le rôle de gestionnaire principal de la structure « {name} ». Vous validez désormais les demandes de rattachement et gérez la fiche structure.", old_gp.full_name()),
            now,
        ))
        .put(notice(
            old_gp,
            format!("Rôle de gestionnaire principal transmis : {name}"),
            format!("Vous avez transmis le rôle de gestionnaire principal de la structure « {name} » à {}. Vous restez utilisateur, avec toutes les applications en modification.", new_gp.full_name()),
            now,
        )))
}

/// « Exporter les utilisateurs »: one line per rattachement with its habilitations, as a CSV file
/// for a spreadsheet (semicolons, as French spreadsheets expect).
pub fn users_csv(
    sb: &Sandbox,
    actor: &AccountId,
    structure: &StructureId,
) -> Result<String, DomainError> {
    let s = authorize(sb, actor, structure, Action::ExporterUtilisateurs)?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut header = vec![
        "Structure",
        "Identifiant de la structure",
        "Nom",
        "Prénom",
        "Adresse de connexion",
        "Adresse de contact",
        "Rôle",
        "Statut du rattachement",
        "Date de la demande",
    ];
    header.extend(Application::ALL.iter().map(|a| a.label()));
    let io = |e: csv::Error| DomainError::Rule(format!("Export impossible : {e}"));
    w.write_record(&header).map_err(io)?;
    for (r, a) in members(sb, structure) {
        let mut row = vec![
            s.display_name().to_string(),
            s.identifier.clone(),
            a.nom.clone(),
            a.prenom.clone(),
            a.login_email.clone(),
            a.contact_email.clone(),
            r.role.label().to_string(),
            r.status.label().to_string(),
            datetime_fr(r.requested_at),
        ];
        for app in Application::ALL {
            let cell = if !s.applications.contains(&app) {
                "Application non activée"
            } else if r.role == Role::GestionnairePrincipal {
                "Modification"
            } else {
                r.habilitations.get(&app).map_or("Aucune", |h| h.label())
            };
            row.push(cell.to_string());
        }
        w.write_record(&row).map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| DomainError::Rule(format!("Export impossible : {e}")))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings"))
}

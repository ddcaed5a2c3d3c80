//! The users of a structure (facts §1.2–1.4), for its gestionnaire principal or a user
//! habilitated « Utilisateurs »: habilitations per application, deactivation, reactivation and
//! detachment, transfer of the GP role, the CSV export; and the structure de travail a user
//! chooses among theirs. `actions_possibles` and `candidats_transfert` tell the users page what it
//! may offer, with the very checks the commands make.

use crate::compte::{self, Compte, StatutCompte};
use crate::kernel::error::DomainError;
use crate::kernel::ids::{CompteId, RattachementId, StructureId};
use crate::kernel::spreadsheet;
use crate::kernel::time::{datetime_fr, Timestamp};
use crate::organisation::droits::{Action, Application, Habilitation, Role, StatutRattachement};
use crate::organisation::rattachement::{
    authorize, find, habilitations_text, membres, notice, Rattachement,
};
use crate::organisation::structure::Structure;
use crate::sandbox::{Outcome, Record, Sandbox};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The fields of the users page's forms, as the checks and the forms name them.
pub mod champs {
    use crate::kernel::error::Champ;

    /// A utilisateur's habilitations (one drop-down list per application).
    pub const HABILITATIONS: Champ = Champ::new("habilitations", "Habilitations");
    pub const NOUVEAU_GP: Champ = Champ::new("nouveau_gp", "Nouveau gestionnaire principal");
}

/// Whether the user may work for `structure`: validated there, and the structure still active
/// (a deactivated one can only be consulted).
fn may_work_for(
    sb: &Sandbox,
    actor: &CompteId,
    structure: &StructureId,
) -> Result<(), DomainError> {
    if !find(sb, actor, structure).is_some_and(|r| r.is_validated()) {
        return Err(DomainError::Forbidden(
            "Vous ne pouvez travailler que pour une structure à laquelle votre rattachement est validé."
                .to_string(),
        ));
    }
    if !sb.structures.get(structure).is_some_and(|s| s.is_active()) {
        return Err(DomainError::Rule(
            "Cette structure est désactivée : elle ne peut plus qu'être consultée, pas servir de structure de travail.".to_string(),
        ));
    }
    Ok(())
}

/// Whether « Travailler pour cette structure » is offered to the user (the check of
/// `choisir_structure_de_travail`).
pub fn peut_travailler_pour(sb: &Sandbox, actor: &CompteId, structure: &StructureId) -> bool {
    may_work_for(sb, actor, structure).is_ok()
}

/// « Structure de travail »: the user switches to another structure they belong to.
pub fn choisir_structure_de_travail(
    sb: &Sandbox,
    actor: &CompteId,
    structure: &StructureId,
) -> Result<Outcome, DomainError> {
    let account = compte::acting(sb, actor)?;
    may_work_for(sb, actor, structure)?;
    let mut a = (**account).clone();
    a.structure_courante = Some(structure.clone());
    Ok(Outcome::new().put(Record::Compte(Rc::new(a))))
}

fn rattachement_of<'a>(
    sb: &'a Sandbox,
    id: &RattachementId,
) -> Result<(&'a Rc<Rattachement>, &'a Rc<Compte>), DomainError> {
    let r = sb
        .rattachements
        .get(id)
        .ok_or_else(|| DomainError::NotFound("Ce rattachement n'existe plus.".to_string()))?;
    let a = sb
        .comptes
        .get(&r.account)
        .ok_or_else(|| DomainError::NotFound("Ce compte n'existe plus.".to_string()))?;
    Ok((r, a))
}

/// Whether `actor` may set the habilitations of `r` (whatever they are): allowed to manage
/// habilitations, not on oneself, not on the GP, on a validated rattachement only.
fn may_set_habilitations<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    r: &Rattachement,
) -> Result<&'a Rc<Structure>, DomainError> {
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
    Ok(s)
}

/// Sets a utilisateur's habilitations (absent application: no access).
pub fn modifier_habilitations(
    sb: &Sandbox,
    actor: &CompteId,
    id: &RattachementId,
    habilitations: &BTreeMap<Application, Habilitation>,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let (r, user) = rattachement_of(sb, id)?;
    let s = may_set_habilitations(sb, actor, r)?;
    if let Some(app) = habilitations
        .keys()
        .find(|app| !s.applications.contains(app))
    {
        return Err(DomainError::field(
            champs::HABILITATIONS,
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
pub enum ChangementStatut {
    /// Access suspended (DESACTIVEE), can be given back.
    Desactiver,
    /// Access given back (VALIDEE).
    Reactiver,
    /// The user leaves the structure (SUPPRIMEE); they may ask again later.
    Detacher,
}

impl ChangementStatut {
    /// The statuses the change applies to.
    pub fn depuis(self) -> &'static [StatutRattachement] {
        use StatutRattachement::*;
        match self {
            ChangementStatut::Desactiver => &[Validee],
            ChangementStatut::Reactiver => &[Desactivee],
            ChangementStatut::Detacher => &[Validee, Desactivee],
        }
    }

    /// The status it leads to.
    pub fn vers(self) -> StatutRattachement {
        match self {
            ChangementStatut::Desactiver => StatutRattachement::Desactivee,
            ChangementStatut::Reactiver => StatutRattachement::Validee,
            ChangementStatut::Detacher => StatutRattachement::Supprimee,
        }
    }

    /// How the user's mail says it (« Votre rattachement … a été … »).
    fn verbe(self) -> &'static str {
        match self {
            ChangementStatut::Desactiver => "désactivé",
            ChangementStatut::Reactiver => "réactivé",
            ChangementStatut::Detacher => "supprimé (vous êtes détaché(e) de la structure)",
        }
    }
}

/// « Désactiver », « Réactiver » or « Détacher » an attached user; the user gets a mail.
pub fn changer_statut_rattachement(
    sb: &Sandbox,
    actor: &CompteId,
    id: &RattachementId,
    changement: ChangementStatut,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let (r, user) = rattachement_of(sb, id)?;
    let s = may_change_status(sb, actor, r, user, changement)?;
    let verb = changement.verbe();
    let mut updated = (**r).clone();
    updated.status = changement.vers();
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

/// Whether `actor` may apply `changement` to `r` (the rattachement of `user`): allowed to detach
/// users, not on oneself, not on the GP, from a status the change applies to.
fn may_change_status<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    r: &Rattachement,
    user: &Compte,
    changement: ChangementStatut,
) -> Result<&'a Rc<Structure>, DomainError> {
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
    if !changement.depuis().contains(&r.status) {
        return Err(DomainError::Rule(format!(
            "Impossible : le rattachement de {} est au statut « {} ».",
            user.full_name(),
            r.status.label()
        )));
    }
    Ok(s)
}

/// Whether the GP role of `structure` may go from `actor` to `target` (the rattachement of
/// `new_gp`): the actor may transfer it, the target is a validated utilisateur of this structure
/// with an active account.
fn may_receive_role<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    structure: &StructureId,
    target: &Rattachement,
    new_gp: &Compte,
) -> Result<&'a Rc<Structure>, DomainError> {
    let s = authorize(
        sb,
        actor,
        structure,
        Action::TransfererGestionnairePrincipal,
    )?;
    if &target.structure != structure || !target.is_validated() || target.role != Role::Utilisateur
    {
        return Err(DomainError::field(
            champs::NOUVEAU_GP,
            "Choisissez un utilisateur dont le rattachement à cette structure est validé.",
        ));
    }
    if new_gp.status != StatutCompte::Actif {
        return Err(DomainError::field(
            champs::NOUVEAU_GP,
            "Le nouveau gestionnaire principal doit avoir un compte actif.",
        ));
    }
    Ok(s)
}

/// Hands the gestionnaire principal role to a validated utilisateur; the former GP stays as a
/// utilisateur with every active application in modification.
pub fn transferer_gestionnaire_principal(
    sb: &Sandbox,
    actor: &CompteId,
    structure: &StructureId,
    to: &RattachementId,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let (target, new_gp) = rattachement_of(sb, to)?;
    let s = may_receive_role(sb, actor, structure, target, new_gp)?;
    let own = find(sb, actor, structure).ok_or_else(|| {
        DomainError::Forbidden("Vous n'êtes pas rattaché(e) à cette structure.".to_string())
    })?;
    let old_gp = compte::acting(sb, actor)?;
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
pub fn exporter_utilisateurs(
    sb: &Sandbox,
    actor: &CompteId,
    structure: &StructureId,
) -> Result<String, DomainError> {
    let s = authorize(sb, actor, structure, Action::ExporterUtilisateurs)?;
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
    let rows = membres(sb, structure).into_iter().map(|(r, a)| {
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
        row
    });
    spreadsheet::document(&header, rows)
}

/// What the users page may offer on one attached user's row: each flag is the check its command
/// makes, so a button shown is a command accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActionsUtilisateur {
    pub modifier_habilitations: bool,
    pub desactiver: bool,
    pub reactiver: bool,
    pub detacher: bool,
}

impl ActionsUtilisateur {
    /// Whether any status change applies (the « Actions » cell has something).
    pub fn changer_statut(&self) -> bool {
        self.desactiver || self.reactiver || self.detacher
    }
}

/// What `actor` may do to the user of `r`.
pub fn actions_possibles(sb: &Sandbox, actor: &CompteId, r: &Rattachement) -> ActionsUtilisateur {
    let Some(user) = sb.comptes.get(&r.account) else {
        return ActionsUtilisateur::default();
    };
    let change = |c| may_change_status(sb, actor, r, user, c).is_ok();
    ActionsUtilisateur {
        modifier_habilitations: may_set_habilitations(sb, actor, r).is_ok(),
        desactiver: change(ChangementStatut::Desactiver),
        reactiver: change(ChangementStatut::Reactiver),
        detacher: change(ChangementStatut::Detacher),
    }
}

/// The users the GP role of `structure` may go to, by name.
pub fn candidats_transfert<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    structure: &StructureId,
) -> Vec<(&'a Rc<Rattachement>, &'a Rc<Compte>)> {
    membres(sb, structure)
        .into_iter()
        .filter(|(r, a)| may_receive_role(sb, actor, structure, r, a).is_ok())
        .collect()
}

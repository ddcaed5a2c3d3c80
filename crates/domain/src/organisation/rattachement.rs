//! Rattachements (facts §1.3): a user's link to a structure, the lookups every feature asks
//! (`find`, `may`, `authorize`, the structure de travail), the « demande de rattachement » and its
//! treatment by the gestionnaire principal. The management of attached users (habilitations,
//! deactivation, GP transfer, export) is in `utilisateurs`.
//!
//! Every command asks `droits::check` (through `authorize`) before acting: the UI's hiding of a
//! button is a convenience, never the protection.

use crate::compte::messagerie::Courriel;
use crate::compte::{Compte, StatutCompte};
use crate::kernel::error::DomainError;
use crate::kernel::ids::{CompteId, RattachementId, ServiceId, StructureId};
use crate::kernel::text;
use crate::kernel::time::{datetime_fr, paris_date, Timestamp};
use crate::organisation::droits::{
    self, Action, Application, Habilitation, Membership, Role, StatutRattachement, StructureFacts,
};
use crate::organisation::identifiants::{self, TypeIdentifiant};
use crate::organisation::structure::Structure;
use crate::sandbox::{Collection, Outcome, Record, RecordKey, Sandbox};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The fields of « Se rattacher à une structure existante » and of « Demandes de rattachement »,
/// as the checks and the forms name them.
pub mod champs {
    use crate::kernel::error::Champ;

    pub const TYPE_RECHERCHE: Champ = Champ::new("type_recherche", "Type d'identifiant");
    pub const IDENTIFIANT_RECHERCHE: Champ =
        Champ::new("identifiant_recherche", "Identifiant de la structure");
    pub const STRUCTURE: Champ = Champ::new("structure", "Structure");
    pub const SERVICES: Champ = Champ::new(
        "services",
        "Services dans lesquels vous travaillez (facultatif)",
    );
    pub const COMMENTAIRE: Champ = Champ::new("commentaire", "Commentaire pour le gestionnaire");
    /// « Demandes de rattachement »: the checked requests.
    pub const SELECTION: Champ = Champ::new("selection", "Sélection");
    pub const MOTIF: Champ = Champ::new("motif", "Motif (en cas de refus)");
}

/// Longest comment of a request and motif of a refusal.
pub const MAX_COMMENT_LENGTH: usize = 255;

/// A user's link to a structure. There is at most one per (account, structure) pair: a new request
/// after a refusal or a detachment reuses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rattachement {
    pub id: RattachementId,
    pub account: CompteId,
    pub structure: StructureId,
    pub role: Role,
    pub status: StatutRattachement,
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
    pub decided_by: Option<CompteId>,
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
        self.status == StatutRattachement::Validee
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
    account: &CompteId,
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
    actor: &CompteId,
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
    actor: &CompteId,
    structure: &StructureId,
    action: Action,
) -> Result<&'a Rc<Structure>, DomainError> {
    // An inactive (or unknown) account acts on nothing, whatever its rattachements say.
    crate::compte::acting(sb, actor)?;
    let s = sb
        .structures
        .get(structure)
        .ok_or_else(|| DomainError::NotFound("Cette structure n'existe pas.".to_string()))?;
    may(sb, actor, structure, action).map_err(DomainError::Forbidden)?;
    Ok(s)
}

/// The active structures whose only gestionnaire principal is `account` (no other validated GP
/// with an active account).
pub fn structures_sans_autre_gestionnaire<'a>(
    sb: &'a Sandbox,
    account: &CompteId,
) -> Vec<&'a Rc<Structure>> {
    sb.rattachements
        .values()
        .filter(|r| {
            &r.account == account && r.role == Role::GestionnairePrincipal && r.is_validated()
        })
        .filter_map(|r| sb.structures.get(&r.structure))
        .filter(|s| s.is_active())
        .filter(|s| {
            gestionnaires(sb, &s.id)
                .iter()
                .all(|gp| &gp.id == account || gp.status != StatutCompte::Actif)
        })
        .collect()
}

/// « Désactiver mon compte », as the portal allows it: a structure keeps a gestionnaire
/// principal, so the sole GP of an active structure is told to transfer the role first (the role
/// never passes on by itself). Otherwise the account's own deactivation (`profil`).
pub fn desactiver_mon_compte(
    sb: &Sandbox,
    actor: &CompteId,
    current: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let seules = structures_sans_autre_gestionnaire(sb, actor);
    if let Some(s) = seules.first() {
        return Err(DomainError::Rule(format!(
            "Vous êtes le seul gestionnaire principal de la structure « {} » : transférez d'abord ce rôle à un utilisateur de la structure (Organisation → Utilisateurs → Transférer le rôle de gestionnaire principal), puis désactivez votre compte.",
            s.display_name()
        )));
    }
    let out = crate::compte::profil::desactiver_compte(sb, actor, current, now)?;
    // Decided on the GP rattachements as this tab read them.
    Ok(sb
        .rattachements
        .values()
        .filter(|r| &r.account == actor)
        .fold(out, |out, r| {
            out.reading(RecordKey::new(Collection::Rattachement, r.id.as_str()))
        }))
}

/// Validated gestionnaires principaux of a structure.
pub fn gestionnaires<'a>(sb: &'a Sandbox, structure: &StructureId) -> Vec<&'a Rc<Compte>> {
    sb.rattachements
        .values()
        .filter(|r| {
            &r.structure == structure && r.role == Role::GestionnairePrincipal && r.is_validated()
        })
        .filter_map(|r| sb.comptes.get(&r.account))
        .collect()
}

/// Rattachements of a structure with their accounts, requests first, then by name.
pub fn membres<'a>(
    sb: &'a Sandbox,
    structure: &StructureId,
) -> Vec<(&'a Rc<Rattachement>, &'a Rc<Compte>)> {
    let mut out: Vec<_> = sb
        .rattachements
        .values()
        .filter(|r| &r.structure == structure)
        .filter_map(|r| sb.comptes.get(&r.account).map(|a| (r, a)))
        .collect();
    out.sort_by_key(|(r, a)| {
        (
            r.status != StatutRattachement::EnCoursDeValidation,
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
    account: &CompteId,
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
pub fn structure_de_travail<'a>(sb: &'a Sandbox, account: &Compte) -> Option<&'a Rc<Structure>> {
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
pub fn doit_creer_sa_structure(sb: &Sandbox, account: &CompteId) -> bool {
    !sb.rattachements.values().any(|r| {
        &r.account == account
            && matches!(
                r.status,
                StatutRattachement::Validee | StatutRattachement::EnCoursDeValidation
            )
    })
}

/// A notification mail to an account's contact address, with the sandbox's greeting and footer.
pub(crate) fn notice(account: &Compte, subject: String, body: String, now: Timestamp) -> Record {
    let body = format!(
        "Bonjour {},\n\n{body}\n\nCeci est un message fictif de l'environnement de formation.",
        account.full_name()
    );
    Record::Courriel(Rc::new(Courriel::new(
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

pub(crate) fn habilitations_text(r: &Rattachement) -> String {
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

/// « Rechercher la structure » to join: the active structure with this identifier.
pub fn rechercher_structure<'a>(
    sb: &'a Sandbox,
    kind: TypeIdentifiant,
    raw: &str,
) -> Result<&'a Rc<Structure>, DomainError> {
    let id = identifiants::validate(kind, raw)
        .map_err(|m| DomainError::field(champs::IDENTIFIANT_RECHERCHE, m))?;
    sb.structures
        .values()
        .find(|s| s.identifier_type == kind && s.identifier == id && s.is_active())
        .ok_or_else(|| {
            DomainError::field(
                champs::IDENTIFIANT_RECHERCHE,
                "Aucune structure active n'a cet identifiant. Vérifiez-le, ou créez la structure si votre entreprise n'en a pas encore.",
            )
        })
}

/// What a request produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueDemande {
    /// Sent to the structure's gestionnaire(s) principal(aux), who will validate or refuse it.
    EnvoyeeAuGestionnaire,
    /// A public structure without any gestionnaire: the requester is attached at once as its GP.
    RattacheCommeGestionnairePrincipal,
}

impl IssueDemande {
    /// What the requester is told.
    pub fn message(self) -> &'static str {
        match self {
            IssueDemande::EnvoyeeAuGestionnaire => "Votre demande de rattachement a été envoyée au gestionnaire principal de la structure. Vous recevrez un message quand il l'aura traitée.",
            IssueDemande::RattacheCommeGestionnairePrincipal => "Vous êtes rattaché(e) à cette structure en tant que gestionnaire principal (elle n'avait pas encore de gestionnaire). Un message vous a été envoyé.",
        }
    }
}

/// The request's rattachement and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultatDemande {
    pub rattachement: RattachementId,
    pub issue: IssueDemande,
}

/// The index key of « the gestionnaire principal of a structure without one »: two tabs taking an
/// orphan structure in the same instant collide on it.
pub fn index_gestionnaire_principal(structure: &StructureId) -> String {
    format!("gp:{}", structure.as_str())
}

/// The refusal when another tab made someone the GP of an orphan structure in the same instant.
pub const GP_DESIGNE_ENTRE_TEMPS: &str = "Cette structure vient de recevoir un gestionnaire principal : renvoyez votre demande, elle lui sera adressée pour validation.";

/// « Demande de rattachement »: the user asks to join a structure, naming services if they wish.
/// The GP(s) are told by mail. A public structure of the annuaire without any gestionnaire is
/// handed to the requester at once (on the real portal its correspondant would create the
/// account), so that a trainee can play the public side.
pub fn demander_rattachement(
    sb: &Sandbox,
    actor: &CompteId,
    structure: &StructureId,
    services: &[ServiceId],
    commentaire: &str,
    now: Timestamp,
) -> Result<Outcome<ResultatDemande>, DomainError> {
    let account = crate::compte::acting(sb, actor)?;
    let s = sb
        .structures
        .get(structure)
        .ok_or_else(|| DomainError::field(champs::STRUCTURE, "Cette structure n'existe pas."))?;
    if !s.is_active() {
        return Err(DomainError::field(
            champs::STRUCTURE,
            format!(
                "La structure « {} » est désactivée : on ne peut plus s'y rattacher.",
                s.display_name()
            ),
        ));
    }
    let commentaire = text::optional(commentaire, "Commentaire", MAX_COMMENT_LENGTH)
        .map_err(|m| DomainError::field(champs::COMMENTAIRE, m))?;
    for sv in services {
        match sb.services.get(sv) {
            Some(x) if &x.structure == structure => {
                if !x.is_usable_on(paris_date(now)) {
                    return Err(DomainError::field(
                        champs::SERVICES,
                        format!(
                            "Le service {} n'est pas actif aujourd'hui : il ne peut pas être demandé.",
                            x.code
                        ),
                    ));
                }
            }
            _ => {
                return Err(DomainError::field(
                    champs::SERVICES,
                    "Un des services choisis n'appartient pas à cette structure.",
                ))
            }
        }
    }
    let existing = find(sb, actor, structure);
    if let Some(r) = existing {
        let why = match r.status {
            StatutRattachement::EnCoursDeValidation => Some("Votre demande de rattachement à cette structure est déjà en cours de validation par son gestionnaire principal."),
            StatutRattachement::Validee => Some("Vous êtes déjà rattaché(e) à cette structure."),
            StatutRattachement::Desactivee => Some("Votre rattachement à cette structure a été désactivé : demandez à son gestionnaire principal de le réactiver."),
            StatutRattachement::Refusee | StatutRattachement::Supprimee => None,
        };
        if let Some(why) = why {
            return Err(DomainError::field(champs::STRUCTURE, why));
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
        status: StatutRattachement::EnCoursDeValidation,
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
        r.status = StatutRattachement::Validee;
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
    if orphan {
        // Two tabs finding the structure orphan in the same instant would both make a GP.
        out = out.taking(
            index_gestionnaire_principal(structure),
            DomainError::field(champs::STRUCTURE, GP_DESIGNE_ENTRE_TEMPS),
        );
    }
    let resultat = ResultatDemande {
        rattachement: r.id.clone(),
        issue: if orphan {
            IssueDemande::RattacheCommeGestionnairePrincipal
        } else {
            IssueDemande::EnvoyeeAuGestionnaire
        },
    };
    // Decided on the structure as this tab read it (active, its GPs' notices).
    Ok(out
        .reading(RecordKey::new(Collection::Structure, structure.as_str()))
        .put(Record::Rattachement(Rc::new(r)))
        .with_value(resultat))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Valider,
    Refuser,
}

impl Decision {
    /// What the gestionnaire is told once `n` requests are decided.
    pub fn message(self, n: usize) -> String {
        let demandes = match self {
            Decision::Valider => {
                crate::kernel::text::pluriel(n, "demande validée", "demandes validées")
            }
            Decision::Refuser => {
                crate::kernel::text::pluriel(n, "demande refusée", "demandes refusées")
            }
        };
        format!("{demandes} ; un message a été envoyé à chaque demandeur.")
    }
}

/// Validates or refuses requests, one or several at once (the bulk checkboxes of « Demandes de
/// rattachement »). Each user gets a mail. All or nothing: one unfit request stops the whole batch.
pub fn traiter_demandes(
    sb: &Sandbox,
    actor: &CompteId,
    structure: &StructureId,
    ids: &[RattachementId],
    decision: Decision,
    motif: &str,
    now: Timestamp,
) -> Result<Outcome<usize>, DomainError> {
    let s = authorize(sb, actor, structure, Action::TraiterRattachements)?;
    if ids.is_empty() {
        return Err(DomainError::field(
            champs::SELECTION,
            "Cochez au moins une demande de rattachement.",
        ));
    }
    let motif = text::optional(motif, "Motif", MAX_COMMENT_LENGTH)
        .map_err(|m| DomainError::field(champs::MOTIF, m))?;
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
        let user = sb.comptes.get(&r.account).ok_or_else(|| {
            DomainError::NotFound("Le compte de ce demandeur n'existe plus.".to_string())
        })?;
        if r.status != StatutRattachement::EnCoursDeValidation {
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
                r.status = StatutRattachement::Validee;
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
                r.status = StatutRattachement::Refusee;
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

//! The billing notifications (« Notifications de facturation »): the mails a deposit or a status
//! change sends to the issuing structure's users, and the account's setting. Both the saisie
//! (deposit) and the lifecycle (every later status) send them.

use crate::compte::messagerie::Courriel;
use crate::facturation::facture::Facture;
use crate::kernel::error::DomainError;
use crate::kernel::ids::CompteId;
use crate::kernel::time::{datetime_fr, Timestamp};
use crate::organisation::droits::{Application, Role};
use crate::sandbox::{Outcome, Record, Sandbox};
use std::rc::Rc;

/// The fields of the account's notification setting.
pub mod champs {
    use crate::kernel::error::Champ;

    pub const NOTIFICATIONS_FACTURES: Champ =
        Champ::new("notifications_factures", "Notifications de facturation");
}

/// The mails a status change sends: to each user of the issuing structure who sees its invoices
/// and keeps billing notifications on, and always to its gestionnaire(s) principal(aux).
pub fn notifications(sb: &Sandbox, f: &Facture, at: Timestamp) -> Vec<Courriel> {
    let dest = f
        .destinataire_dans(sb)
        .map(|s| s.raison_sociale.clone())
        .unwrap_or_default();
    let etape = f.historique.last();
    let motif = etape
        .and_then(|e| e.commentaire.as_deref())
        .map(|m| format!("\nMotif ou commentaire : {m}"))
        .unwrap_or_default();
    let subject = format!("Facture n° {} : {}", f.numero, f.statut.label());
    let body = format!(
        "Bonjour,\n\nLa facture n° {} adressée à {dest} est passée au statut « {} » ({}) le {}.{motif}\n\nRetrouvez-la dans Factures émises > Synthèse.\n\nCe message est simulé par le bac à sable Chorus Pro : aucune donnée n'est transmise.",
        f.numero,
        f.statut.label(),
        f.statut.code(),
        datetime_fr(at),
    );
    let mut out = Vec::new();
    for r in sb
        .rattachements
        .values()
        .filter(|r| r.structure == f.emetteur && r.is_validated())
    {
        let Some(account) = sb.comptes.get(&r.account) else {
            continue;
        };
        let gp = r.role == Role::GestionnairePrincipal;
        let sees = gp || r.habilitations.contains_key(&Application::FacturesEmises);
        if sees && (gp || account.notifications_factures) {
            out.push(Courriel::new(
                &account.contact_email,
                Some(&account.id),
                subject.clone(),
                body.clone(),
                at,
            ));
        }
    }
    out
}

/// Why this account cannot switch its billing notifications off, if it cannot: a gestionnaire
/// principal always receives them.
pub fn notifications_imposees(sb: &Sandbox, actor: &CompteId) -> Option<&'static str> {
    sb.rattachements
        .values()
        .any(|r| &r.account == actor && r.role == Role::GestionnairePrincipal && r.is_validated())
        .then_some("Un gestionnaire principal reçoit toujours les notifications de facturation : il ne peut pas les désactiver.")
}

/// « Notifications de facturation » on the account: a gestionnaire principal keeps them.
pub fn regler_notifications(
    sb: &Sandbox,
    actor: &CompteId,
    actives: bool,
) -> Result<Outcome, DomainError> {
    let account = sb
        .comptes
        .get(actor)
        .ok_or_else(|| DomainError::NotFound("Compte introuvable.".to_string()))?;
    if let (false, Some(raison)) = (actives, notifications_imposees(sb, actor)) {
        return Err(DomainError::field(champs::NOTIFICATIONS_FACTURES, raison));
    }
    if account.notifications_factures == actives {
        return Ok(Outcome::new());
    }
    let mut next = (**account).clone();
    next.notifications_factures = actives;
    Ok(Outcome::new().put(Record::Compte(Rc::new(next))))
}

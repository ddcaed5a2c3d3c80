//! The lifecycle of a sent invoice (facts §4): which status may follow which and who sets it
//! (`transitions`), the recipient's « Traiter » (`traitement`), the supplier's answers
//! (`reponses`: compléter, recycler, acquitter, traiter le rejet, avoir); and what both sides'
//! pages read (which side the actor sees an invoice from, who made a step). The billing
//! notifications are `facturation::notifications`; the simulated recipient is
//! `simulation::destinataire`.

pub mod reponses;
pub mod traitement;
pub mod transitions;

pub use reponses::{
    a_acquitter, acquitter, completer, creer_avoir, recycler, reponses, traiter_rejet, AAcquitter,
    Recyclage, Reponses, DELAI_ACQUITTEMENT_JOURS,
};
pub use traitement::{
    motifs_usuels, telecharger, telecharger_lot, traiter, ExigencesTraitement, Motif, Traitement,
    MAX_MOTIF,
};
pub use transitions::{
    acteur, aucun_traitement, traitements_communs, traitements_possibles, transition, Acteur,
    TRAITEMENTS,
};

use crate::facturation::facture::{ActionUtilisateur, CodeAction, EtapeStatut, Facture, Statut};
use crate::kernel::error::DomainError;
use crate::kernel::ids::{CompteId, FactureId};
use crate::kernel::time::Timestamp;
use crate::organisation::droits::Action;
use crate::organisation::rattachement::may;
use crate::sandbox::Sandbox;
use std::rc::Rc;

/// The sent invoice `id` (a draft is not found here).
fn facture<'a>(sb: &'a Sandbox, id: &FactureId) -> Result<&'a Rc<Facture>, DomainError> {
    let f = crate::facturation::facture::facture(sb, id)?;
    if f.is_draft() {
        return Err(DomainError::NotFound(
            "Cette facture n'a pas été envoyée.".to_string(),
        ));
    }
    Ok(f)
}

fn nom(f: &Facture) -> String {
    format!("Facture n° {}", f.numero)
}

fn ajouter_action(f: &Facture, code: CodeAction, actor: &CompteId, now: Timestamp) -> Facture {
    let mut next = f.clone();
    next.actions.push(ActionUtilisateur {
        code,
        at: now,
        par: actor.clone(),
    });
    next
}

/// Which side of the invoice the actor may see it from (supplier first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cote {
    Fournisseur,
    Destinataire,
    /// The valideur of an A9/A12 invoice (« Factures à valider »).
    Valideur,
}

/// Whether the actor may open the invoice, and from which side: the issuing structure's members
/// with « Factures émises », the recipient's with « Factures reçues » (once it reached them), or
/// a valideur's with « Factures à valider ».
pub fn cote(sb: &Sandbox, actor: &CompteId, f: &Facture) -> Result<Cote, String> {
    let emises = may(sb, actor, &f.emetteur, Action::ConsulterFacturesEmises);
    if emises.is_ok() {
        return Ok(Cote::Fournisseur);
    }
    if let (Some(dest), true) = (&f.destinataire, f.parvenue()) {
        if may(sb, actor, dest, Action::ConsulterFacturesRecues).is_ok() {
            return Ok(Cote::Destinataire);
        }
    }
    if !f.is_draft() {
        for v in [&f.valideur, &f.valideur_2].into_iter().flatten() {
            if may(sb, actor, v, Action::ConsulterFacturesAValider).is_ok() {
                return Ok(Cote::Valideur);
            }
        }
    }
    emises.map(|_| Cote::Fournisseur)
}

/// Who did something, for the histories: a user's name, or the portal itself.
pub fn qui(sb: &Sandbox, par: Option<&CompteId>) -> String {
    match par {
        Some(id) => sb
            .comptes
            .get(id)
            .map(|a| a.full_name())
            .unwrap_or_else(|| "Utilisateur supprimé".to_string()),
        None => "Chorus Pro (système)".to_string(),
    }
}

/// Who made a status step: the simulated agent, a user, or the portal.
pub fn auteur(sb: &Sandbox, e: &EtapeStatut) -> String {
    if e.simule && e.statut.en_validation() {
        "Agent simulé du valideur".to_string()
    } else if e.simule {
        "Agent simulé du destinataire".to_string()
    } else {
        qui(sb, e.par.as_ref())
    }
}

/// The recipient's motif behind a returned invoice, as the supplier reads it where they must act
/// (« Compléter », « Recycler », the acknowledgement dialog): which status, what was written, by
/// whom and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MotifDestinataire {
    pub statut: Statut,
    /// `None` when the recipient wrote nothing (possible only for « À recycler » before the motif
    /// became mandatory, or in an imported file).
    pub motif: Option<String>,
    pub par: String,
    pub le: Timestamp,
}

/// The motif of the invoice's current status when it is a return to the supplier (suspended, à
/// recycler, rejected); `None` otherwise.
pub fn motif_destinataire(sb: &Sandbox, f: &Facture) -> Option<MotifDestinataire> {
    if !matches!(
        f.statut,
        Statut::Suspendue
            | Statut::ARecycler
            | Statut::Rejetee
            | Statut::Refusee1
            | Statut::Refusee2
            | Statut::ErreurFournisseurSurValideur
    ) {
        return None;
    }
    let e = f.historique.iter().rev().find(|e| e.statut == f.statut)?;
    Some(MotifDestinataire {
        statut: e.statut,
        motif: e.commentaire.clone(),
        par: auteur(sb, e),
        le: e.at,
    })
}

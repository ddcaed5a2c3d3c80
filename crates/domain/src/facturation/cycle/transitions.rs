//! Which status may follow which on a sent invoice, and who sets it (facts §4.1); the statuses
//! « Traiter » may set on one invoice or on a selection; the one way a status step is appended.

use crate::facturation::facture::{EtapeStatut, Facture, Statut};
use crate::facturation::notifications::notifications;
use crate::kernel::ids::{FactureId, StructureId};
use crate::organisation::structure::ParametresDestinataire;
use crate::sandbox::{Record, Sandbox};
use std::rc::Rc;

/// Who sets a status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acteur {
    Fournisseur,
    Destinataire,
    /// The public accountant; in the sandbox the recipient's agent plays this part too.
    Comptable,
    /// The portal itself.
    Systeme,
    /// The titulaire (or co-contractor) validating an A9/A12 invoice.
    Valideur,
}

impl Acteur {
    pub fn label(self) -> &'static str {
        match self {
            Acteur::Fournisseur => "le fournisseur",
            Acteur::Destinataire => "le destinataire",
            Acteur::Comptable => "le comptable public",
            Acteur::Systeme => "le portail",
            Acteur::Valideur => "le valideur",
        }
    }
}

/// Who sets each status (facts §4.1).
pub fn acteur(statut: Statut) -> Acteur {
    match statut {
        Statut::Brouillon | Statut::Completee => Acteur::Fournisseur,
        Statut::Deposee | Statut::MiseADisposition => Acteur::Systeme,
        Statut::ARecycler
        | Statut::Suspendue
        | Statut::Rejetee
        | Statut::ServiceFait
        | Statut::Mandatee
        | Statut::MiseADispositionComptable => Acteur::Destinataire,
        Statut::Comptabilisee | Statut::MiseEnPaiement => Acteur::Comptable,
        Statut::Validee1
        | Statut::Validee2
        | Statut::Refusee1
        | Statut::Refusee2
        | Statut::ErreurFournisseurSurValideur
        | Statut::ErreurCotraitantSurValideur => Acteur::Valideur,
        Statut::AValider1
        | Statut::AValider2
        | Statut::AbsenceValidation1HorsDelai
        | Statut::AbsenceValidation2HorsDelai => Acteur::Systeme,
    }
}

/// What the recipient side may set with « Traiter » (`traiterFactureRecue`).
pub const TRAITEMENTS: [Statut; 8] = [
    Statut::ARecycler,
    Statut::Suspendue,
    Statut::Rejetee,
    Statut::ServiceFait,
    Statut::Mandatee,
    Statut::MiseADispositionComptable,
    Statut::Comptabilisee,
    Statut::MiseEnPaiement,
];

/// Place in the processing chain; the optional steps between two places may be skipped.
fn rang(s: Statut) -> Option<u8> {
    match s {
        Statut::MiseADisposition | Statut::Completee => Some(0),
        Statut::ServiceFait => Some(1),
        Statut::Mandatee => Some(2),
        Statut::MiseADispositionComptable => Some(3),
        Statut::Comptabilisee => Some(4),
        Statut::MiseEnPaiement => Some(5),
        _ => None,
    }
}

/// Whether `cible` may follow `courant` on an invoice of a recipient with these parameters; the
/// refusal says why. One step at a time; the optional statuses (service fait, mandatée, mise à
/// disposition du comptable, comptabilisée) may be skipped; the returns (à recycler, suspendue,
/// rejetée) only before processing starts.
pub fn transition(
    courant: Statut,
    cible: Statut,
    params: &ParametresDestinataire,
) -> Result<(), String> {
    let refuse = || {
        Err(format!(
            "Une facture « {} » ne peut pas passer au statut « {} ».",
            courant.label(),
            cible.label()
        ))
    };
    match courant {
        Statut::Rejetee => {
            return Err(
                "La facture est rejetée : c'est un état final, le fournisseur émet une nouvelle facture."
                    .to_string(),
            )
        }
        Statut::MiseEnPaiement => {
            return Err("La facture est mise en paiement : son traitement est terminé.".to_string())
        }
        _ => {}
    }
    if cible == Statut::MiseEnPaiement && params.mise_en_paiement_non_remontee {
        return Err(
            "Cette structure ne remonte pas le statut « Mise en paiement » (paramètre de l'annuaire)."
                .to_string(),
        );
    }
    let ok = match cible {
        Statut::Brouillon => false,
        Statut::Deposee => courant == Statut::Brouillon,
        Statut::MiseADisposition => matches!(courant, Statut::Deposee | Statut::ARecycler),
        Statut::Completee => courant == Statut::Suspendue,
        Statut::ARecycler | Statut::Suspendue | Statut::Rejetee => {
            matches!(courant, Statut::MiseADisposition | Statut::Completee)
        }
        _ => matches!((rang(courant), rang(cible)), (Some(a), Some(b)) if b > a),
    };
    if ok {
        Ok(())
    } else {
        refuse()
    }
}

pub(crate) fn parametres(sb: &Sandbox, f: &Facture) -> ParametresDestinataire {
    f.destinataire_dans(sb)
        .map(|s| s.parametres)
        .unwrap_or_default()
}

/// The statuses the recipient may set on this invoice now (what « Traiter » offers).
pub fn traitements_possibles(sb: &Sandbox, f: &Facture) -> Vec<Statut> {
    let params = parametres(sb, f);
    TRAITEMENTS
        .into_iter()
        .filter(|t| transition(f.statut, *t, &params).is_ok())
        .collect()
}

/// Why « Traiter » offers nothing, for the invoices' current statuses: the case that applies.
pub fn aucun_traitement(statuts: &[Statut]) -> String {
    let mut distincts: Vec<Statut> = statuts.to_vec();
    distincts.sort_by_key(|s| s.code());
    distincts.dedup();
    match distincts.as_slice() {
        [] => "Aucune facture sélectionnée.".to_string(),
        [Statut::Rejetee] => "Aucun traitement possible : la facture est rejetée, son cycle est terminé (le fournisseur émettra une nouvelle facture).".to_string(),
        [Statut::MiseEnPaiement] => "Aucun traitement possible : la facture est mise en paiement, son traitement est terminé.".to_string(),
        [Statut::Suspendue] => "Aucun traitement possible pour l'instant : la facture est suspendue, elle attend le complément du fournisseur.".to_string(),
        [Statut::ARecycler] => "Aucun traitement possible pour l'instant : la facture est à recycler, elle attend que le fournisseur la recycle.".to_string(),
        [Statut::Deposee] => "Aucun traitement possible pour l'instant : la facture n'est pas encore mise à disposition.".to_string(),
        [s] => format!("Aucun traitement possible depuis le statut « {} ».", s.label()),
        _ => "Aucun traitement commun aux factures sélectionnées : elles sont à des statuts différents. Sélectionnez des factures au même statut.".to_string(),
    }
}

/// The invoices of a selection that `structure` received, and the statuses « Traiter » may set on
/// all of them at once.
pub fn traitements_communs(
    sb: &Sandbox,
    structure: &StructureId,
    selection: impl IntoIterator<Item = FactureId>,
) -> (Vec<FactureId>, Vec<Statut>) {
    let recues: Vec<&Rc<Facture>> = selection
        .into_iter()
        .filter_map(|id| sb.factures.get(&id))
        .filter(|f| f.destinataire.as_ref() == Some(structure) && !f.is_draft())
        .collect();
    let communs = recues
        .iter()
        .map(|f| traitements_possibles(sb, f))
        .reduce(|acc, next| acc.into_iter().filter(|s| next.contains(s)).collect())
        .unwrap_or_default();
    (recues.iter().map(|f| f.id.clone()).collect(), communs)
}

/// Appends a status step (the invoice takes its status) and returns the notification mails.
pub(crate) fn changer_statut(sb: &Sandbox, f: &mut Facture, etape: EtapeStatut) -> Vec<Record> {
    f.statut = etape.statut;
    let at = etape.at;
    f.historique.push(etape);
    notifications(sb, f, at)
        .into_iter()
        .map(|m| Record::Courriel(Rc::new(m)))
        .collect()
}

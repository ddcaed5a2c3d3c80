//! The supplier's answers to a returned invoice (facts §4.3): « Compléter » a suspended one,
//! « Recycler » one sent back à recycler, « Acquitter » a rejection or suspension, « Traiter le
//! rejet », « Créer un avoir »; with the preconditions the invoice page reads to offer them.

use super::transitions::changer_statut;
use super::{ajouter_action, facture, nom};
use crate::facturation::facture::{
    ActionUtilisateur, CodeAction, EtapeStatut, Evenement, Facture, PieceJointe, Statut,
    TypeFacture,
};
use crate::facturation::routage::{
    check_routage, destinataire_par_identifiant, ChampsRoutage, MAX_EJ,
};
use crate::facturation::saisie::{enregistrer_brouillon, FormulaireFacture};
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::{CompteId, FactureId};
use crate::kernel::text;
use crate::kernel::time::Timestamp;
use crate::organisation::droits::Action;
use crate::organisation::rattachement::{authorize, may};
use crate::organisation::structure::Structure;
use crate::sandbox::{Outcome, Record, Sandbox};
use chrono::Duration;
use std::rc::Rc;

/// After this many sandbox days, acknowledging a rejection or suspension becomes mandatory.
pub const DELAI_ACQUITTEMENT_JOURS: i64 = 7;
/// The comment of « Compléter ».
pub const MAX_COMPLEMENT: usize = 255;

/// The fields of « Compléter » and « Recycler ».
pub mod champs {
    use crate::kernel::error::Champ;

    pub const COMPLEMENT_COMMENTAIRE: Champ = Champ::new("complement_commentaire", "Commentaire");
    pub const COMPLEMENT_PIECES: Champ = Champ::new("complement_pieces", "Pièces jointes");
    pub const RECYCLAGE_DESTINATAIRE: Champ =
        Champ::new("recyclage_destinataire", "Identifiant du destinataire");
    pub const RECYCLAGE_CODE_SERVICE: Champ = Champ::new("recyclage_code_service", "Code service");
    pub const RECYCLAGE_EJ: Champ = Champ::new("recyclage_ej", "Engagement juridique");
}

/// Where « Recycler » shows the new recipient's routing errors.
pub const CHAMPS_ROUTAGE: ChampsRoutage = ChampsRoutage {
    code_service: champs::RECYCLAGE_CODE_SERVICE,
    ej: champs::RECYCLAGE_EJ,
};

// Preconditions of the supplier's answers, shared by the commands and by the page that asks
// which answers to offer.

/// The supplier may answer a returned invoice: it issues invoices for its structure and the
/// invoice is in the status the answer is for.
fn avant_reponse<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    f: &Facture,
    statut: Statut,
    refus: &str,
) -> Result<&'a Rc<Structure>, DomainError> {
    let s = authorize(sb, actor, &f.emetteur, Action::EmettreFactures)?;
    if f.statut != statut {
        return Err(DomainError::Rule(refus.to_string()));
    }
    Ok(s)
}

fn avant_completer<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    f: &Facture,
) -> Result<&'a Rc<Structure>, DomainError> {
    avant_reponse(
        sb,
        actor,
        f,
        Statut::Suspendue,
        "Seule une facture suspendue se complète.",
    )
}

fn avant_recycler<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    f: &Facture,
) -> Result<&'a Rc<Structure>, DomainError> {
    avant_reponse(
        sb,
        actor,
        f,
        Statut::ARecycler,
        "Seule une facture « À recycler » se recycle.",
    )
}

fn avant_traiter_rejet(sb: &Sandbox, actor: &CompteId, f: &Facture) -> Result<(), DomainError> {
    authorize(sb, actor, &f.emetteur, Action::EmettreFactures)?;
    if f.statut != Statut::Rejetee {
        return Err(DomainError::Rule(format!("{} n'est pas rejetée.", nom(f))));
    }
    if f.rejet_traite() {
        return Err(DomainError::Rule(format!(
            "{} : rejet déjà traité.",
            nom(f)
        )));
    }
    Ok(())
}

fn avant_acquitter(sb: &Sandbox, actor: &CompteId, f: &Facture) -> Result<(), DomainError> {
    authorize(sb, actor, &f.emetteur, Action::ConsulterFacturesEmises)?;
    if !f.a_acquitter() {
        return Err(DomainError::Rule(format!(
            "{} : il n'y a rien à acquitter.",
            nom(f)
        )));
    }
    Ok(())
}

fn avant_avoir(sb: &Sandbox, actor: &CompteId, f: &Facture) -> Result<(), DomainError> {
    authorize(sb, actor, &f.emetteur, Action::EmettreFactures)?;
    if f.is_draft() || f.type_facture == TypeFacture::Avoir {
        return Err(DomainError::Rule(
            "Un avoir se crée à partir d'une facture envoyée, pas d'un brouillon ni d'un autre avoir.".to_string(),
        ));
    }
    Ok(())
}

/// The answers the supplier may give now on a sent invoice (what its page offers).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reponses {
    pub completer: bool,
    pub recycler: bool,
    pub acquitter: bool,
    pub traiter_rejet: bool,
    pub avoir: bool,
}

pub fn reponses(sb: &Sandbox, actor: &CompteId, f: &Facture) -> Reponses {
    Reponses {
        completer: avant_completer(sb, actor, f).is_ok(),
        recycler: avant_recycler(sb, actor, f).is_ok(),
        acquitter: avant_acquitter(sb, actor, f).is_ok(),
        traiter_rejet: avant_traiter_rejet(sb, actor, f).is_ok(),
        avoir: avant_avoir(sb, actor, f).is_ok(),
    }
}

/// « Compléter » a suspended invoice: attachments and/or a comment → COMPLETEE.
pub fn completer(
    sb: &Sandbox,
    actor: &CompteId,
    id: &FactureId,
    commentaire: &str,
    pieces: &[PieceJointe],
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let f = facture(sb, id)?;
    avant_completer(sb, actor, f)?;
    let mut v = Validator::new();
    let commentaire = match text::optional(commentaire, "Commentaire", MAX_COMPLEMENT) {
        Ok(c) => c,
        Err(e) => {
            v.push(champs::COMPLEMENT_COMMENTAIRE, e);
            None
        }
    };
    let mut total: u64 = f.pieces.iter().map(|p| p.taille).sum();
    for p in pieces {
        if let Err(e) = crate::facturation::pieces_jointes::verifier_piece(&p.nom, p.taille, total)
        {
            v.push(champs::COMPLEMENT_PIECES, e);
        }
        total += p.taille;
    }
    if commentaire.is_none() && pieces.is_empty() && !v.has(champs::COMPLEMENT_COMMENTAIRE) {
        v.push(
            champs::COMPLEMENT_COMMENTAIRE,
            "Ajoutez au moins une pièce jointe ou un commentaire pour compléter la facture.",
        );
    }
    v.finish()?;
    let mut next = (**f).clone();
    next.pieces.extend(pieces.iter().cloned().map(|mut p| {
        p.principale = false;
        p
    }));
    if !pieces.is_empty() {
        next.evenements.push(Evenement {
            libelle: format!(
                "Complément : {} ({})",
                crate::kernel::text::pluriel(
                    pieces.len(),
                    "pièce jointe ajoutée",
                    "pièces jointes ajoutées"
                ),
                pieces
                    .iter()
                    .map(|p| p.nom.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            at: now,
            par: Some(actor.clone()),
        });
    }
    let etape = EtapeStatut::new(Statut::Completee, now, Some(actor.clone()), commentaire);
    let mails = changer_statut(sb, &mut next, etape);
    Ok(Outcome::new()
        .put(Record::Facture(Rc::new(next)))
        .put_all(mails))
}

/// « Recycler »: the only fields that may change are the recipient, its code service and the EJ.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recyclage {
    pub destinataire: String,
    pub code_service: String,
    pub ej: String,
}

/// Recycles an invoice sent back « à recycler »: same number, new routing, MISE_A_DISPOSITION at
/// the (new) recipient.
pub fn recycler(
    sb: &Sandbox,
    actor: &CompteId,
    id: &FactureId,
    r: &Recyclage,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let f = facture(sb, id)?;
    let emetteur = avant_recycler(sb, actor, f)?;
    let mut v = Validator::new();
    let dest = match destinataire_par_identifiant(sb, &r.destinataire) {
        Ok(d) if d.id == emetteur.id => {
            v.push(
                champs::RECYCLAGE_DESTINATAIRE,
                "Une structure ne peut pas se facturer elle-même.",
            );
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            v.push(champs::RECYCLAGE_DESTINATAIRE, e);
            None
        }
    };
    let ej = match text::optional(&r.ej, "Numéro d'engagement juridique", MAX_EJ) {
        Ok(e) => e.unwrap_or_default(),
        Err(e) => {
            v.push(champs::RECYCLAGE_EJ, e);
            String::new()
        }
    };
    let code_service = r.code_service.trim().to_string();
    if let Some(d) = dest {
        let today = crate::kernel::time::paris_date(now);
        check_routage(
            sb,
            &mut v,
            CHAMPS_ROUTAGE,
            emetteur,
            d,
            &code_service,
            &ej,
            today,
        );
        if f.destinataire.as_ref() == Some(&d.id) && f.code_service == code_service && f.ej == ej {
            v.push(
                champs::RECYCLAGE_DESTINATAIRE,
                "Rien n'a changé : corrigez le destinataire, le code service ou l'engagement juridique.",
            );
        }
    }
    v.finish()?;
    let Some(dest) = dest else {
        // Without a recipient the check above has failed; kept explicit rather than unwrapped.
        return Err(DomainError::field(
            champs::RECYCLAGE_DESTINATAIRE,
            "Indiquez l'identifiant du destinataire.",
        ));
    };
    let mut next = (**f).clone();
    let ancien = format!(
        "{}{}{}",
        f.destinataire_dans(sb)
            .map(|s| s.identifier.as_str())
            .unwrap_or("?"),
        if f.code_service.is_empty() {
            String::new()
        } else {
            format!(" / {}", f.code_service)
        },
        if f.ej.is_empty() {
            String::new()
        } else {
            format!(" / EJ {}", f.ej)
        },
    );
    next.destinataire = Some(dest.id.clone());
    next.code_service = code_service.clone();
    next.ej = ej.clone();
    next.evenements.push(Evenement {
        libelle: format!(
            "Facture recyclée : {ancien} → {}{}{}",
            dest.identifier,
            if code_service.is_empty() {
                String::new()
            } else {
                format!(" / {code_service}")
            },
            if ej.is_empty() {
                String::new()
            } else {
                format!(" / EJ {ej}")
            },
        ),
        at: now,
        par: Some(actor.clone()),
    });
    let etape = EtapeStatut::new(
        Statut::MiseADisposition,
        now,
        None,
        Some(format!("Recyclage vers {}", dest.raison_sociale)),
    );
    let mails = changer_statut(sb, &mut next, etape);
    Ok(Outcome::new()
        .put(Record::Facture(Rc::new(next)))
        .put_all(mails))
}

/// « Acquitter »: the supplier has read the rejection or suspension.
pub fn acquitter(
    sb: &Sandbox,
    actor: &CompteId,
    ids: &[FactureId],
    now: Timestamp,
) -> Result<Outcome<usize>, DomainError> {
    let mut out = Outcome::new();
    for id in ids {
        let f = facture(sb, id)?;
        avant_acquitter(sb, actor, f)?;
        let code = if f.statut == Statut::Rejetee {
            CodeAction::AcquittementRejet
        } else {
            CodeAction::AcquittementSuspension
        };
        out = out.put(Record::Facture(Rc::new(ajouter_action(
            f, code, actor, now,
        ))));
    }
    Ok(out.with_value(ids.len()))
}

/// « Traiter le rejet »: the rejected invoice leaves the Synthèse (after its acknowledgement).
pub fn traiter_rejet(
    sb: &Sandbox,
    actor: &CompteId,
    ids: &[FactureId],
    now: Timestamp,
) -> Result<Outcome<usize>, DomainError> {
    let mut out = Outcome::new();
    for id in ids {
        let f = facture(sb, id)?;
        avant_traiter_rejet(sb, actor, f)?;
        let mut next = (**f).clone();
        if f.a_acquitter() {
            // Treating implies having read it: the acknowledgement is recorded first.
            next.actions.push(ActionUtilisateur {
                code: CodeAction::AcquittementRejet,
                at: now,
                par: actor.clone(),
            });
        }
        next.actions.push(ActionUtilisateur {
            code: CodeAction::TraitementRejet,
            at: now,
            par: actor.clone(),
        });
        out = out.put(Record::Facture(Rc::new(next)));
    }
    Ok(out.with_value(ids.len()))
}

/// A rejected or suspended invoice waiting for the supplier's acknowledgement.
pub struct AAcquitter<'a> {
    pub facture: &'a Rc<Facture>,
    /// Older than `DELAI_ACQUITTEMENT_JOURS`: the dialog cannot be closed without acknowledging.
    pub obligatoire: bool,
}

/// What the login dialog lists for this account: the rejections and suspensions of the
/// structures whose issued invoices it may see, oldest first.
pub fn a_acquitter<'a>(sb: &'a Sandbox, account: &CompteId, now: Timestamp) -> Vec<AAcquitter<'a>> {
    let mut out: Vec<AAcquitter> = sb
        .factures
        .values()
        .filter(|f| f.a_acquitter())
        .filter(|f| may(sb, account, &f.emetteur, Action::ConsulterFacturesEmises).is_ok())
        .map(|f| AAcquitter {
            facture: f,
            obligatoire: now - f.date_etat_courant() >= Duration::days(DELAI_ACQUITTEMENT_JOURS),
        })
        .collect();
    out.sort_by_key(|a| (a.facture.date_etat_courant(), a.facture.id.clone()));
    out
}

/// « Créer un avoir » from a sent invoice: a draft AVOIR pointing to it, with the same lines.
pub fn creer_avoir(
    sb: &Sandbox,
    actor: &CompteId,
    id: &FactureId,
    now: Timestamp,
) -> Result<Outcome<FactureId>, DomainError> {
    let f = facture(sb, id)?;
    avant_avoir(sb, actor, f)?;
    let mut form = FormulaireFacture::from_facture(sb, f);
    form.type_facture = TypeFacture::Avoir;
    form.facture_origine = f.numero.clone();
    form.numero.clear();
    // Dated today, like a new invoice.
    form.date = crate::kernel::time::iso_day(crate::kernel::time::paris_date(now));
    form.pieces.clear();
    form.mode_reglement.clear();
    form.montant_a_payer.clear();
    // Negative correction lines of the invoice are not carried to the credit note: decided on
    // the invoice's own lines (the form holds one per line, in order), never on their text.
    form.lignes = f
        .lignes
        .iter()
        .zip(form.lignes)
        .filter(|(ligne, _)| ligne.quantite.is_none_or(|q| q.0 >= 0))
        .map(|(_, saisie)| saisie)
        .collect();
    if destinataire_par_identifiant(sb, &form.destinataire).is_err() {
        form.destinataire.clear();
    }
    let out = enregistrer_brouillon(sb, actor, &f.emetteur, None, &form, now)?;
    let new_id = out.value.facture.clone();
    Ok(out.with_value(new_id))
}

//! The commands of the saisie: save a draft, send it (« Valider et envoyer »), delete a draft,
//! duplicate an invoice.

use super::controles::{self, lire};
use super::formulaire::{coordonnees_proposees, FormulaireFacture};
use crate::facturation::facture::{
    facture, Cadre, Facture, ModeDepot, Statut, TypeFacture, TypeTva,
};
use crate::facturation::routage::destinataire_par_identifiant;
use crate::kernel::error::DomainError;
use crate::kernel::ids::{CompteBancaireId, CompteId, FactureId, PieceJointeId, StructureId};
use crate::kernel::money::Montant;
use crate::kernel::time::{paris_date, Timestamp};
use crate::organisation::droits::Action;
use crate::organisation::rattachement::authorize;
use crate::organisation::structure::{CompteBancaire, Structure};
use crate::sandbox::{Outcome, Record, RecordKey, Sandbox};
use chrono::Datelike;
use std::rc::Rc;

/// The structure an invoice of this form would be issued by, if the actor may issue invoices there.
fn emetteur_autorise<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    emetteur: &StructureId,
) -> Result<&'a Rc<Structure>, DomainError> {
    authorize(sb, actor, emetteur, Action::EmettreFactures)
}

/// The draft `id`, if it is one and the actor may change it.
fn brouillon<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    id: &FactureId,
) -> Result<&'a Rc<Facture>, DomainError> {
    let f = facture(sb, id)?;
    emetteur_autorise(sb, actor, &f.emetteur)?;
    if !f.is_draft() {
        return Err(DomainError::Rule(format!(
            "La facture n° {} a déjà été envoyée : elle ne se modifie plus.",
            f.numero
        )));
    }
    Ok(f)
}

/// The record a new draft starts from, or the stored draft.
fn base<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    emetteur: &StructureId,
    id: Option<&FactureId>,
    now: Timestamp,
) -> Result<(Facture, &'a Rc<Structure>), DomainError> {
    match id {
        Some(id) => {
            let f = brouillon(sb, actor, id)?;
            let s = emetteur_autorise(sb, actor, &f.emetteur)?;
            Ok(((**f).clone(), s))
        }
        None => {
            let s = emetteur_autorise(sb, actor, emetteur)?;
            Ok((nouvelle_facture(actor, emetteur, now), s))
        }
    }
}

/// The record a new invoice of `emetteur` starts from (a draft, no content yet).
pub fn nouvelle_facture(actor: &CompteId, emetteur: &StructureId, now: Timestamp) -> Facture {
    Facture {
        id: FactureId::generate(),
        emetteur: emetteur.clone(),
        service_fournisseur: String::new(),
        coordonnees_bancaires: None,
        destinataire: None,
        code_service: String::new(),
        cadre: Cadre::A1,
        valideur: None,
        service_valideur: String::new(),
        valideur_2: None,
        numero: String::new(),
        date: None,
        type_facture: TypeFacture::Facture,
        devise: "EUR".to_string(),
        type_tva: TypeTva::TvaSurDebit,
        motif_exoneration: String::new(),
        mode_reglement: None,
        ej: String::new(),
        marche: String::new(),
        facture_origine: String::new(),
        lignes: Vec::new(),
        montants_deposes: None,
        remise_globale: Montant::ZERO,
        motif_remise: String::new(),
        montant_a_payer: None,
        pieces: Vec::new(),
        commentaire: String::new(),
        mode_depot: ModeDepot::SaisiePortail,
        statut: Statut::Brouillon,
        historique: Vec::new(),
        cree_par: actor.clone(),
        cree_le: now,
        empreinte: String::new(),
        actions: Vec::new(),
        evenements: Vec::new(),
    }
}

/// The attachments a draft no longer references once saved as `f` (their bytes can be freed).
fn pieces_retirees(sb: &Sandbox, f: &Facture) -> Vec<PieceJointeId> {
    sb.factures
        .get(&f.id)
        .map(|old| {
            old.pieces
                .iter()
                .filter(|p| !f.pieces.iter().any(|n| n.id == p.id))
                .map(|p| p.id.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// What saving or sending produced: the invoice, and the attachments it dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enregistrement {
    pub facture: FactureId,
    pub pieces_retirees: Vec<PieceJointeId>,
}

/// « Enregistrer le brouillon »: a new draft (`id` None) of the structure `emetteur`, or the
/// stored draft `id` updated.
pub fn enregistrer_brouillon(
    sb: &Sandbox,
    actor: &CompteId,
    emetteur: &StructureId,
    id: Option<&FactureId>,
    form: &FormulaireFacture,
    now: Timestamp,
) -> Result<Outcome<Enregistrement>, DomainError> {
    let (base, structure) = base(sb, actor, emetteur, id, now)?;
    let f = lire(sb, structure, form, &base, now, false)?;
    let retirees = pieces_retirees(sb, &f);
    let value = Enregistrement {
        facture: f.id.clone(),
        pieces_retirees: retirees,
    };
    if sb.factures.get(&f.id).is_some_and(|old| **old == f) {
        return Ok(Outcome::new().with_value(value));
    }
    Ok(Outcome::new()
        .put(Record::Facture(Rc::new(f)))
        .with_value(value))
}

/// « Valider et envoyer » (after « Confirmer et envoyer »): every check, then the invoice is
/// DEPOSEE and at once MISE_A_DISPOSITION of its recipient, with its deposit fingerprint.
pub fn envoyer(
    sb: &Sandbox,
    actor: &CompteId,
    emetteur: &StructureId,
    id: Option<&FactureId>,
    form: &FormulaireFacture,
    now: Timestamp,
) -> Result<Outcome<Enregistrement>, DomainError> {
    let (base, structure) = base(sb, actor, emetteur, id, now)?;
    let mut f = lire(sb, structure, form, &base, now, true)?;
    let retirees = pieces_retirees(sb, &f);
    // DEPOSEE, then A_VALIDER_1 (A9/A12) or MISE_A_DISPOSITION, with their mails.
    let mails = crate::facturation::validation::deposer(sb, &mut f, actor, now);
    f.empreinte = crate::facturation::certificat::empreinte(&f, now);
    let value = Enregistrement {
        facture: f.id.clone(),
        pieces_retirees: retirees,
    };
    let index = controles::index_numero(
        &f.emetteur,
        &f.numero,
        f.annee_depot().unwrap_or_else(|| paris_date(now).year()),
    );
    Ok(Outcome::new()
        .put(Record::Facture(Rc::new(f)))
        .put_all(mails)
        .taking(
            index,
            DomainError::field(controles::champs::NUMERO, controles::NUMERO_DEJA_UTILISE),
        )
        .with_value(value))
}

/// Deletes a draft; the value lists the attachments whose bytes can be freed.
pub fn supprimer_brouillon(
    sb: &Sandbox,
    actor: &CompteId,
    id: &FactureId,
) -> Result<Outcome<Vec<PieceJointeId>>, DomainError> {
    let f = brouillon(sb, actor, id)?;
    let pieces = f.pieces.iter().map(|p| p.id.clone()).collect();
    Ok(Outcome::new()
        .delete(RecordKey::new(crate::Collection::Facture, id.as_str()))
        .with_value(pieces))
}

/// « Dupliquer »: a new draft with the same content, without number, date or attachments (a
/// number is used once; attachments belong to their invoice).
pub fn dupliquer(
    sb: &Sandbox,
    actor: &CompteId,
    id: &FactureId,
    now: Timestamp,
) -> Result<Outcome<FactureId>, DomainError> {
    let source = facture(sb, id)?;
    let structure = emetteur_autorise(sb, actor, &source.emetteur)?;
    // A works document reaches « Factures reçues » from its dossier, never from the saisie.
    if !Cadre::ALL.contains(&source.cadre) {
        return Err(DomainError::Rule(format!(
            "La facture n° {} vient d'un dossier de facturation de travaux (cadre {}) : elle ne se duplique pas ; déposez le document suivant dans « Factures de travaux ».",
            source.numero,
            source.cadre.court()
        )));
    }
    let mut form = FormulaireFacture::from_facture(sb, source);
    form.numero.clear();
    form.date.clear();
    form.pieces.clear();
    // What no longer exists is left out rather than refused: the copy is a draft to complete.
    if destinataire_par_identifiant(sb, &form.destinataire).is_err() {
        form.destinataire.clear();
    }
    if !coordonnees_proposees(structure).any(|b| b.id.as_str() == form.coordonnees_bancaires) {
        form.coordonnees_bancaires.clear();
    }
    let out = enregistrer_brouillon(sb, actor, &source.emetteur, None, &form, now)?;
    let new_id = out.value.facture.clone();
    Ok(out.with_value(new_id))
}

/// The bank account the invoice names, if it still exists.
pub fn compte_bancaire<'a>(sb: &'a Sandbox, f: &Facture) -> Option<&'a CompteBancaire> {
    let id: &CompteBancaireId = f.coordonnees_bancaires.as_ref()?;
    sb.structures
        .get(&f.emetteur)?
        .bank_accounts
        .iter()
        .find(|b| &b.id == id)
}

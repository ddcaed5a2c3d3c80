//! The lifecycle of a sent invoice (facts §4): which status may follow which and who sets it, the
//! recipient's « Traiter », the supplier's answers (compléter, recycler, acquitter, traiter le
//! rejet, avoir), the billing notifications, and the simulated recipient for solo practice.

use crate::compte::messagerie::Mail;
use crate::facturation::facture::{
    ActionUtilisateur, CodeAction, EtapeStatut, Evenement, Facture, PieceJointe, Statut,
    TypeFacture,
};
use crate::facturation::saisie::{self, FactureForm};
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::{AccountId, FactureId, StructureId};
use crate::kernel::text;
use crate::kernel::time::{datetime_fr, Timestamp};
use crate::organisation::droits::{Action, Application, Role};
use crate::organisation::rattachement::{authorize, may};
use crate::organisation::structure::{RecipientParameters, Structure};
use crate::sandbox::{Outcome, Record, Sandbox};
use chrono::{Datelike, Duration};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Motifs and comments of a status change (Pastell truncates them to 255 characters).
pub const MAX_MOTIF: usize = 255;
/// After this many sandbox days, acknowledging a rejection or suspension becomes mandatory.
pub const DELAI_ACQUITTEMENT_JOURS: i64 = 7;

/// Who sets a status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acteur {
    Fournisseur,
    Destinataire,
    /// The public accountant; in the sandbox the recipient's agent plays this part too.
    Comptable,
    /// The portal itself.
    Systeme,
}

impl Acteur {
    pub fn label(self) -> &'static str {
        match self {
            Acteur::Fournisseur => "le fournisseur",
            Acteur::Destinataire => "le destinataire",
            Acteur::Comptable => "le comptable public",
            Acteur::Systeme => "le portail",
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
    params: &RecipientParameters,
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

fn parametres(sb: &Sandbox, f: &Facture) -> RecipientParameters {
    f.destinataire
        .as_ref()
        .and_then(|d| sb.structures.get(d))
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

/// A status change asked with « Traiter ».
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Traitement {
    /// A status code of `TRAITEMENTS`.
    pub statut: String,
    /// Motif (mandatory to reject or suspend) or comment (mandatory to send for recycling).
    pub motif: String,
    /// Numéro de mandat, with « Mandatée » only.
    pub mandat: String,
}

fn facture<'a>(sb: &'a Sandbox, id: &FactureId) -> Result<&'a Rc<Facture>, DomainError> {
    let f = saisie::facture(sb, id)?;
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

/// Reads a « Traiter » form: the target status and its motif rules.
fn lire_traitement(
    t: &Traitement,
) -> Result<(Statut, Option<String>, Option<String>), DomainError> {
    let mut v = Validator::new();
    let statut = Statut::from_code(&t.statut).filter(|s| TRAITEMENTS.contains(s));
    if statut.is_none() {
        v.push("statut", "Choisissez le nouveau statut.");
    }
    let motif = match text::optional(&t.motif, "Motif", MAX_MOTIF) {
        Ok(m) => m,
        Err(e) => {
            v.push("motif", e);
            None
        }
    };
    match (statut, &motif) {
        (Some(s @ (Statut::Rejetee | Statut::Suspendue)), None) => v.push(
            "motif",
            format!(
                "Le motif est obligatoire pour passer une facture au statut « {} » : le fournisseur doit savoir quoi corriger.",
                s.label()
            ),
        ),
        (Some(Statut::ARecycler), None) => v.push(
            "motif",
            "Indiquez en commentaire ce qui est à corriger (identifiant, code service ou engagement juridique).",
        ),
        _ => {}
    }
    let mandat = match text::optional(&t.mandat, "Numéro de mandat", 30) {
        Ok(m) => m,
        Err(e) => {
            v.push("mandat", e);
            None
        }
    };
    if mandat.is_some() && statut != Some(Statut::Mandatee) {
        v.push(
            "mandat",
            "Le numéro de mandat accompagne seulement le statut « Mandatée ».",
        );
    }
    v.finish()?;
    Ok((statut.expect("checked"), motif, mandat))
}

/// Appends a status step (the invoice takes its status) and returns the notification mails.
fn changer_statut(sb: &Sandbox, f: &mut Facture, etape: EtapeStatut) -> Vec<Record> {
    f.statut = etape.statut;
    let at = etape.at;
    f.historique.push(etape);
    notifications(sb, f, at)
        .into_iter()
        .map(|m| Record::Mail(Rc::new(m)))
        .collect()
}

/// « Traiter » one or several received invoices: the same new status for all, or none changes.
pub fn traiter(
    sb: &Sandbox,
    actor: &AccountId,
    ids: &[FactureId],
    t: &Traitement,
    now: Timestamp,
) -> Result<Outcome<usize>, DomainError> {
    if ids.is_empty() {
        return Err(DomainError::Rule(
            "Sélectionnez au moins une facture.".to_string(),
        ));
    }
    let (statut, motif, mandat) = lire_traitement(t)?;
    let mut refus = Vec::new();
    let mut records = Vec::new();
    for id in ids {
        let f = facture(sb, id)?;
        let Some(dest) = &f.destinataire else {
            refus.push(format!("{} : sans destinataire.", nom(f)));
            continue;
        };
        if let Err(DomainError::Forbidden(m) | DomainError::NotFound(m)) =
            authorize(sb, actor, dest, Action::TraiterFacturesRecues)
        {
            refus.push(format!("{} : {m}", nom(f)));
            continue;
        }
        if let Err(m) = transition(f.statut, statut, &parametres(sb, f)) {
            refus.push(format!("{} : {m}", nom(f)));
            continue;
        }
        let mut next = (**f).clone();
        let etape = EtapeStatut {
            mandat: mandat.clone(),
            ..EtapeStatut::new(statut, now, Some(actor.clone()), motif.clone())
        };
        records.extend(changer_statut(sb, &mut next, etape));
        records.push(Record::Facture(Rc::new(next)));
    }
    if !refus.is_empty() {
        return Err(DomainError::Rule(format!(
            "Aucune facture n'a été traitée. {}",
            refus.join(" ")
        )));
    }
    Ok(Outcome::new().put_all(records).with_value(ids.len()))
}

fn ajouter_action(f: &Facture, code: CodeAction, actor: &AccountId, now: Timestamp) -> Facture {
    let mut next = f.clone();
    next.actions.push(ActionUtilisateur {
        code,
        at: now,
        par: actor.clone(),
    });
    next
}

/// The recipient downloads the invoice: recorded as TELECHARGEMENT_FACTURE.
pub fn telecharger(
    sb: &Sandbox,
    actor: &AccountId,
    id: &FactureId,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let f = facture(sb, id)?;
    let dest = f
        .destinataire
        .as_ref()
        .ok_or_else(|| DomainError::Rule("Facture sans destinataire.".to_string()))?;
    authorize(sb, actor, dest, Action::ConsulterFacturesRecues)?;
    let next = ajouter_action(f, CodeAction::TelechargementFacture, actor, now);
    Ok(Outcome::new().put(Record::Facture(Rc::new(next))))
}

/// Which side of the invoice the actor may see it from (supplier first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cote {
    Fournisseur,
    Destinataire,
}

/// Whether the actor may open the invoice, and from which side: the issuing structure's members
/// with « Factures émises », or the recipient's with « Factures reçues » (once sent).
pub fn cote(sb: &Sandbox, actor: &AccountId, f: &Facture) -> Result<Cote, String> {
    let emises = may(sb, actor, &f.emetteur, Action::ConsulterFacturesEmises);
    if emises.is_ok() {
        return Ok(Cote::Fournisseur);
    }
    if let (Some(dest), false) = (&f.destinataire, f.is_draft()) {
        if may(sb, actor, dest, Action::ConsulterFacturesRecues).is_ok() {
            return Ok(Cote::Destinataire);
        }
    }
    emises.map(|_| Cote::Fournisseur)
}

// Preconditions of the supplier's answers, shared by the commands and by the page that asks
// which answers to offer.

/// The supplier may answer a returned invoice: it issues invoices for its structure and the
/// invoice is in the status the answer is for.
fn avant_reponse<'a>(
    sb: &'a Sandbox,
    actor: &AccountId,
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
    actor: &AccountId,
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
    actor: &AccountId,
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

fn avant_traiter_rejet(sb: &Sandbox, actor: &AccountId, f: &Facture) -> Result<(), DomainError> {
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

fn avant_acquitter(sb: &Sandbox, actor: &AccountId, f: &Facture) -> Result<(), DomainError> {
    authorize(sb, actor, &f.emetteur, Action::ConsulterFacturesEmises)?;
    if !f.a_acquitter() {
        return Err(DomainError::Rule(format!(
            "{} : il n'y a rien à acquitter.",
            nom(f)
        )));
    }
    Ok(())
}

fn avant_avoir(sb: &Sandbox, actor: &AccountId, f: &Facture) -> Result<(), DomainError> {
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

pub fn reponses(sb: &Sandbox, actor: &AccountId, f: &Facture) -> Reponses {
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
    actor: &AccountId,
    id: &FactureId,
    commentaire: &str,
    pieces: &[PieceJointe],
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let f = facture(sb, id)?;
    avant_completer(sb, actor, f)?;
    let mut v = Validator::new();
    let commentaire = match text::optional(commentaire, "Commentaire", MAX_MOTIF) {
        Ok(c) => c,
        Err(e) => {
            v.push("complement_commentaire", e);
            None
        }
    };
    let mut total: u64 = f.pieces.iter().map(|p| p.taille).sum();
    for p in pieces {
        if let Err(e) = crate::facturation::pieces_jointes::verifier_piece(&p.nom, p.taille, total)
        {
            v.push("complement_pieces", e);
        }
        total += p.taille;
    }
    if commentaire.is_none() && pieces.is_empty() && !v.has("complement_commentaire") {
        v.push(
            "complement_commentaire",
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
                "Complément : {} pièce(s) jointe(s) ajoutée(s) ({})",
                pieces.len(),
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
    actor: &AccountId,
    id: &FactureId,
    r: &Recyclage,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let f = facture(sb, id)?;
    let emetteur = avant_recycler(sb, actor, f)?;
    let mut v = Validator::new();
    let dest = match saisie::destinataire_par_identifiant(sb, &r.destinataire) {
        Ok(d) if d.id == emetteur.id => {
            v.push(
                "recyclage_destinataire",
                "Une structure ne peut pas se facturer elle-même.",
            );
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            v.push("recyclage_destinataire", e);
            None
        }
    };
    let ej = match text::optional(&r.ej, "Numéro d'engagement juridique", saisie::MAX_EJ) {
        Ok(e) => e.unwrap_or_default(),
        Err(e) => {
            v.push("recyclage_ej", e);
            String::new()
        }
    };
    let code_service = r.code_service.trim().to_string();
    if let Some(d) = dest {
        let mut routage = Validator::new();
        let today = crate::kernel::time::paris_date(now);
        saisie::check_routage(sb, &mut routage, emetteur, d, &code_service, &ej, today);
        if let Err(DomainError::Invalid(errors)) = routage.finish() {
            for e in errors {
                let field = match e.field.dom_id().as_ref() {
                    "code_service" => "recyclage_code_service",
                    _ => "recyclage_ej",
                };
                v.push(field, e.message);
            }
        }
        if f.destinataire.as_ref() == Some(&d.id) && f.code_service == code_service && f.ej == ej {
            v.push(
                "recyclage_destinataire",
                "Rien n'a changé : corrigez le destinataire, le code service ou l'engagement juridique.",
            );
        }
    }
    v.finish()?;
    let dest = dest.expect("checked");
    let mut next = (**f).clone();
    let ancien = format!(
        "{}{}{}",
        f.destinataire
            .as_ref()
            .and_then(|d| sb.structures.get(d))
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
    actor: &AccountId,
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
    actor: &AccountId,
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
pub fn a_acquitter<'a>(
    sb: &'a Sandbox,
    account: &AccountId,
    now: Timestamp,
) -> Vec<AAcquitter<'a>> {
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
    actor: &AccountId,
    id: &FactureId,
    now: Timestamp,
) -> Result<Outcome<FactureId>, DomainError> {
    let f = facture(sb, id)?;
    avant_avoir(sb, actor, f)?;
    let mut form = FactureForm::from_facture(sb, f);
    form.type_facture = TypeFacture::Avoir;
    form.facture_origine = f.numero.clone();
    form.numero.clear();
    form.date.clear();
    form.pieces.clear();
    form.mode_reglement.clear();
    form.montant_a_payer.clear();
    // Negative correction lines of the invoice are not carried to the credit note.
    form.lignes
        .retain(|l| !l.quantite.trim_start().starts_with('-'));
    if saisie::destinataire_par_identifiant(sb, &form.destinataire).is_err() {
        form.destinataire.clear();
    }
    let out = saisie::enregistrer_brouillon(sb, actor, &f.emetteur, None, &form, now)?;
    let new_id = out.value.facture.clone();
    Ok(out.with_value(new_id))
}

/// The mails a status change sends: to each user of the issuing structure who sees its invoices
/// and keeps billing notifications on, and always to its gestionnaire(s) principal(aux).
pub fn notifications(sb: &Sandbox, f: &Facture, at: Timestamp) -> Vec<Mail> {
    let dest = f
        .destinataire
        .as_ref()
        .and_then(|d| sb.structures.get(d))
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
        let Some(account) = sb.accounts.get(&r.account) else {
            continue;
        };
        let gp = r.role == Role::GestionnairePrincipal;
        let sees = gp || r.habilitations.contains_key(&Application::FacturesEmises);
        if sees && (gp || account.notifications_factures) {
            out.push(Mail::new(
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

/// « Notifications de facturation » on the account: a gestionnaire principal keeps them.
pub fn regler_notifications(
    sb: &Sandbox,
    actor: &AccountId,
    actives: bool,
) -> Result<Outcome, DomainError> {
    let account = sb
        .accounts
        .get(actor)
        .ok_or_else(|| DomainError::NotFound("Compte introuvable.".to_string()))?;
    let gp = sb
        .rattachements
        .values()
        .any(|r| &r.account == actor && r.role == Role::GestionnairePrincipal && r.is_validated());
    if !actives && gp {
        return Err(DomainError::field(
            "notifications_factures",
            "Un gestionnaire principal reçoit toujours les notifications de facturation : il ne peut pas les désactiver.",
        ));
    }
    if account.notifications_factures == actives {
        return Ok(Outcome::new());
    }
    let mut next = (**account).clone();
    next.notifications_factures = actives;
    Ok(Outcome::new().put(Record::Account(Rc::new(next))))
}

/// How a public structure's simulated agent treats the invoices it receives (solo practice).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Comportement {
    /// Nobody simulated: people of the structure treat its invoices.
    Manuel,
    /// Service fait after 1 day, mandatée 2 days later, mise en paiement 3 days later.
    TraiteNormalement,
    /// Rejects an invoice without EJ after 1 day; treats the others normally.
    RejetteSiEjManquant,
    /// Suspends after 1 day for a missing document; once completed, treats it normally.
    SuspendPourPieceManquante,
    /// Sends it back « à recycler » after 1 day (wrong service); once recycled, treats it normally.
    ARecyclerMauvaisService,
}

impl Comportement {
    pub const ALL: [Comportement; 5] = [
        Comportement::Manuel,
        Comportement::TraiteNormalement,
        Comportement::RejetteSiEjManquant,
        Comportement::SuspendPourPieceManquante,
        Comportement::ARecyclerMauvaisService,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Comportement::Manuel => "MANUEL",
            Comportement::TraiteNormalement => "TRAITE_NORMALEMENT",
            Comportement::RejetteSiEjManquant => "REJETTE_SI_EJ_MANQUANT",
            Comportement::SuspendPourPieceManquante => "SUSPEND_POUR_PIECE_MANQUANTE",
            Comportement::ARecyclerMauvaisService => "A_RECYCLER_MAUVAIS_SERVICE",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Comportement::Manuel => {
                "Aucun agent simulé : les agents de la structure traitent ses factures"
            }
            Comportement::TraiteNormalement => {
                "Traite normalement (service fait, mandatée, mise en paiement)"
            }
            Comportement::RejetteSiEjManquant => "Rejette si l'engagement juridique manque",
            Comportement::SuspendPourPieceManquante => "Suspend pour pièce manquante",
            Comportement::ARecyclerMauvaisService => "Renvoie « à recycler » : mauvais service",
        }
    }

    pub fn from_code(s: &str) -> Option<Comportement> {
        Comportement::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// The behaviour in force: the one chosen for the structure, else « traite normalement » for a
/// structure nobody works for (every annuaire entity a trainee bills alone), else manual.
pub fn comportement(sb: &Sandbox, structure: &Structure) -> Comportement {
    structure.simulation.unwrap_or_else(|| {
        let staffed = sb
            .rattachements
            .values()
            .any(|r| r.structure == structure.id && r.is_validated());
        if staffed {
            Comportement::Manuel
        } else {
            Comportement::TraiteNormalement
        }
    })
}

/// The trainer chooses the simulated recipient's behaviour for a public structure.
pub fn regler_simulation(
    sb: &Sandbox,
    structure: &StructureId,
    c: Comportement,
) -> Result<Outcome, DomainError> {
    let s = sb
        .structures
        .get(structure)
        .ok_or_else(|| DomainError::NotFound("Cette structure n'existe pas.".to_string()))?;
    if !s.is_public() {
        return Err(DomainError::Rule(
            "Seule une structure publique reçoit des factures.".to_string(),
        ));
    }
    if s.simulation == Some(c) {
        return Ok(Outcome::new());
    }
    let mut next = (**s).clone();
    next.simulation = Some(c);
    Ok(Outcome::new().put(Record::Structure(Rc::new(next))))
}

/// The simulated agent's next step on an invoice: (delay after the current status, status,
/// motif or comment).
fn prochaine_etape(
    sb: &Sandbox,
    f: &Facture,
    c: Comportement,
    params: &RecipientParameters,
    dest: &Structure,
) -> Option<(i64, Statut, Option<String>)> {
    let deja = |s: Statut| f.historique.iter().any(|e| e.statut == s);
    // The behaviours act on a freshly available invoice, once each.
    if f.statut == Statut::MiseADisposition {
        match c {
            Comportement::RejetteSiEjManquant if f.ej.is_empty() => {
                return Some((1, Statut::Rejetee, Some("Engagement juridique manquant : indiquez le numéro d'engagement juridique communiqué par l'acheteur et déposez une nouvelle facture.".to_string())));
            }
            Comportement::SuspendPourPieceManquante if !deja(Statut::Suspendue) => {
                return Some((
                    1,
                    Statut::Suspendue,
                    Some(
                        "Pièce justificative manquante : joignez le bon de livraison signé."
                            .to_string(),
                    ),
                ));
            }
            Comportement::ARecyclerMauvaisService if !deja(Statut::ARecycler) => {
                let today = crate::kernel::time::paris_date(f.date_etat_courant());
                let autre = saisie::services_actifs(sb, &dest.id, today)
                    .into_iter()
                    .find(|s| s.code != f.code_service && !s.managed_by_portal())
                    .map(|s| format!(" : adressez la facture au service {}", s.code))
                    .unwrap_or_default();
                return Some((
                    1,
                    Statut::ARecycler,
                    Some(format!("Mauvais service destinataire{autre}.")),
                ));
            }
            _ => {}
        }
    }
    if c == Comportement::Manuel {
        return None;
    }
    let next = match f.statut {
        Statut::MiseADisposition | Statut::Completee => (1, Statut::ServiceFait),
        Statut::ServiceFait => (2, Statut::Mandatee),
        Statut::Mandatee if params.mise_en_paiement_non_remontee => {
            (3, Statut::MiseADispositionComptable)
        }
        Statut::Mandatee => (3, Statut::MiseEnPaiement),
        _ => return None,
    };
    Some((next.0, next.1, None))
}

/// Lets the simulated agents act on every invoice whose delay has passed on the sandbox clock;
/// each step is dated when it was due and marked as made by the simulated agent.
pub fn simuler(sb: &Sandbox, now: Timestamp) -> Result<Outcome<usize>, DomainError> {
    let mut out = Outcome::new();
    let mut steps = 0;
    for f in sb.factures.values() {
        if f.is_draft() || matches!(f.statut, Statut::Rejetee | Statut::MiseEnPaiement) {
            continue;
        }
        let Some(dest) = f.destinataire.as_ref().and_then(|d| sb.structures.get(d)) else {
            continue;
        };
        let c = comportement(sb, dest);
        let params = dest.parametres;
        let mut next: Option<Facture> = None;
        let mut mails = Vec::new();
        loop {
            let current = next.as_ref().unwrap_or(f);
            let Some((days, statut, motif)) = prochaine_etape(sb, current, c, &params, dest) else {
                break;
            };
            let due = current.date_etat_courant() + Duration::days(days);
            if due > now || transition(current.statut, statut, &params).is_err() {
                break;
            }
            let mut n = current.clone();
            let mandat = (statut == Statut::Mandatee).then(|| {
                let annee = crate::kernel::time::paris_date(due).year();
                format!("M-{annee}-{}", f.id.as_str()[..6].to_uppercase())
            });
            let etape = EtapeStatut {
                simule: true,
                mandat,
                ..EtapeStatut::new(statut, due, None, motif)
            };
            mails.extend(changer_statut(sb, &mut n, etape));
            next = Some(n);
            steps += 1;
        }
        if let Some(n) = next {
            out = out.put(Record::Facture(Rc::new(n))).put_all(mails);
        }
    }
    Ok(out.with_value(steps))
}

/// Who did something, for the histories: a user's name, or the portal itself.
pub fn qui(sb: &Sandbox, par: Option<&AccountId>) -> String {
    match par {
        Some(id) => sb
            .accounts
            .get(id)
            .map(|a| a.full_name())
            .unwrap_or_else(|| "Utilisateur supprimé".to_string()),
        None => "Chorus Pro (système)".to_string(),
    }
}

/// Who made a status step: the simulated agent, a user, or the portal.
pub fn auteur(sb: &Sandbox, e: &EtapeStatut) -> String {
    if e.simule {
        "Agent simulé du destinataire".to_string()
    } else {
        qui(sb, e.par.as_ref())
    }
}

//! The recipient's « Traiter » (`traiterFactureRecue`): a new status on one invoice or a
//! selection, with what each status requires (a motif to reject or suspend, a comment to send
//! back for recycling, a mandat number only with « Mandatée »), and the download.

use super::transitions::{changer_statut, parametres, transition, TRAITEMENTS};
use super::{ajouter_action, facture, nom};
use crate::facturation::facture::{CodeAction, EtapeStatut, Statut};
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::{CompteId, FactureId};
use crate::kernel::text;
use crate::kernel::time::Timestamp;
use crate::organisation::droits::Action;
use crate::organisation::rattachement::authorize;
use crate::sandbox::{Outcome, Record, Sandbox};
use std::rc::Rc;

/// Motifs and comments of a status change (Pastell truncates them to 255 characters).
pub const MAX_MOTIF: usize = 255;
/// The mandat number (`numeroDPMandat`).
pub const MAX_MANDAT: usize = 30;

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

/// The fields of the « Traiter » form.
pub mod champs {
    use crate::kernel::error::Champ;

    pub const STATUT: Champ = Champ::new("statut", "Nouveau statut");
    pub const MOTIF: Champ = Champ::new("motif", "Motif");
    pub const MANDAT: Champ = Champ::new("mandat", "Numéro de mandat");
}

/// What the motif field is for a target status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motif {
    /// A motif, mandatory: the supplier must know what to correct (rejet, suspension).
    Obligatoire,
    /// A comment saying what to correct, mandatory (à recycler).
    CommentaireObligatoire,
    /// A comment, optional.
    Facultatif,
}

/// What « Traiter » requires with a target status: the motif or comment, and whether a mandat
/// number may accompany it. The checks and the form both read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExigencesTraitement {
    pub motif: Motif,
    /// A numéro de mandat may be given (with « Mandatée » only).
    pub mandat: bool,
}

impl ExigencesTraitement {
    /// The requirements of `statut` (`None`: no status chosen yet).
    pub fn pour(statut: Option<Statut>) -> ExigencesTraitement {
        ExigencesTraitement {
            motif: match statut {
                Some(Statut::Rejetee | Statut::Suspendue) => Motif::Obligatoire,
                Some(Statut::ARecycler) => Motif::CommentaireObligatoire,
                _ => Motif::Facultatif,
            },
            mandat: statut == Some(Statut::Mandatee),
        }
    }

    pub fn motif_obligatoire(self) -> bool {
        self.motif != Motif::Facultatif
    }

    /// The label of the motif field: « Motif » for the three returns to the supplier
    /// (suspension, rejet, à recycler), a comment otherwise.
    pub fn libelle_motif(self) -> &'static str {
        match self.motif {
            Motif::Obligatoire | Motif::CommentaireObligatoire => "Motif",
            Motif::Facultatif => "Commentaire (facultatif)",
        }
    }
}

/// Suggestions for the motif field (a `<datalist>`: the text stays free, as the portal's API
/// takes free text). No official list of motifs exists in the facts (facts §4, « not found »):
/// these only restate what the facts say each status is for — suspension: missing supporting
/// documents; à recycler: an error on the recipient's data (identifier, service, EJ); rejet:
/// wrong billing data (and, for works, « erreur de montant »).
pub fn motifs_usuels(statut: Option<Statut>) -> &'static [&'static str] {
    match statut {
        Some(Statut::Suspendue) => &["Pièce justificative manquante", "Pièce jointe à compléter"],
        Some(Statut::ARecycler) => &[
            "Identifiant du destinataire erroné",
            "Code service erroné ou manquant",
            "Engagement juridique erroné ou manquant",
        ],
        Some(Statut::Rejetee) => &["Données de facturation erronées", "Erreur de montant"],
        _ => &[],
    }
}

/// Reads a « Traiter » form: the target status and its motif rules.
fn lire_traitement(
    t: &Traitement,
) -> Result<(Statut, Option<String>, Option<String>), DomainError> {
    let mut v = Validator::new();
    let statut = Statut::from_code(&t.statut).filter(|s| TRAITEMENTS.contains(s));
    if statut.is_none() {
        v.push(champs::STATUT, "Choisissez le nouveau statut.");
    }
    let exigences = ExigencesTraitement::pour(statut);
    let motif = match text::optional(&t.motif, "Motif", MAX_MOTIF) {
        Ok(m) => m,
        Err(e) => {
            v.push(champs::MOTIF, e);
            None
        }
    };
    if motif.is_none() {
        match (exigences.motif, statut) {
            (Motif::Obligatoire, Some(s)) => v.push(
                champs::MOTIF,
                format!(
                    "Le motif est obligatoire pour passer une facture au statut « {} » : le fournisseur doit savoir quoi corriger.",
                    s.label()
                ),
            ),
            (Motif::CommentaireObligatoire, _) => v.push(
                champs::MOTIF,
                "Le motif est obligatoire pour passer une facture au statut « À recycler » : indiquez ce qui est à corriger (identifiant, code service ou engagement juridique).",
            ),
            _ => {}
        }
    }
    let mandat = match text::optional(&t.mandat, "Numéro de mandat", MAX_MANDAT) {
        Ok(m) => m,
        Err(e) => {
            v.push(champs::MANDAT, e);
            None
        }
    };
    if mandat.is_some() && !exigences.mandat {
        v.push(
            champs::MANDAT,
            "Le numéro de mandat accompagne seulement le statut « Mandatée ».",
        );
    }
    v.finish()?;
    match statut {
        Some(s) => Ok((s, motif, mandat)),
        None => Err(DomainError::field(
            champs::STATUT,
            "Choisissez le nouveau statut.",
        )),
    }
}

/// « Traiter » one or several received invoices: the same new status for all, or none changes.
pub fn traiter(
    sb: &Sandbox,
    actor: &CompteId,
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
    // A permission refused on any of them makes the whole « Traiter » a refusal (Forbidden).
    let mut interdit = false;
    let mut records = Vec::new();
    for id in ids {
        let f = facture(sb, id)?;
        let Some(dest) = &f.destinataire else {
            refus.push(format!("{} : sans destinataire.", nom(f)));
            continue;
        };
        if let Err(e) = authorize(sb, actor, dest, Action::TraiterFacturesRecues) {
            refus.push(format!("{} : {e}", nom(f)));
            interdit = true;
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
        let message = format!("Aucune facture n'a été traitée. {}", refus.join(" "));
        return Err(if interdit {
            DomainError::Forbidden(message)
        } else {
            DomainError::Rule(message)
        });
    }
    Ok(Outcome::new().put_all(records).with_value(ids.len()))
}

/// The recipient downloads the invoice: recorded as TELECHARGEMENT_FACTURE.
pub fn telecharger(
    sb: &Sandbox,
    actor: &CompteId,
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

/// Several invoices downloaded at once (one ZIP from « Factures reçues »): each is recorded as
/// TELECHARGEMENT_FACTURE, all or none (one refused invoice refuses the whole download).
pub fn telecharger_lot(
    sb: &Sandbox,
    actor: &CompteId,
    ids: &[FactureId],
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    if ids.is_empty() {
        return Err(DomainError::Rule(
            "Cochez au moins une facture à télécharger.".to_string(),
        ));
    }
    let mut records = Vec::with_capacity(ids.len());
    for id in ids {
        let f = facture(sb, id)?;
        let dest = f
            .destinataire
            .as_ref()
            .ok_or_else(|| DomainError::Rule("Facture sans destinataire.".to_string()))?;
        authorize(sb, actor, dest, Action::ConsulterFacturesRecues)?;
        records.push(Record::Facture(Rc::new(ajouter_action(
            f,
            CodeAction::TelechargementFacture,
            actor,
            now,
        ))));
    }
    Ok(Outcome::new().put_all(records))
}

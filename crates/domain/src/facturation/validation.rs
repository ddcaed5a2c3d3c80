//! The A9/A12 validation circuit (« Factures à valider », facts §4.4): an invoice of a
//! sub-contractor (A9) or co-contractor (A12) goes first to its valideur (A_VALIDER_1). The
//! valideur « Valider » (ticking « vous êtes titulaire », with a « Complément d'information »),
//! « Refuser » (a motif of the cadre's list: REFUSEE_1, back to the supplier), or says the supplier
//! named the wrong structure (ERREUR_FOURNISSEUR_SUR_VALIDEUR, then the supplier « Corriger le
//! valideur »). A co-contractor validating its own sub-contractor's invoice is not the titulaire:
//! it names the titulaire (or mandataire), who validates second (A_VALIDER_2). 15 days of sandbox
//! time without an answer validate tacitly (ABSENCE_VALIDATION_…_HORS_DELAI). Once validated the
//! invoice is MISE_A_DISPOSITION of its recipient and follows the ordinary lifecycle.
//!
//! Facts silent, the sandbox's plausible choices (said in the help texts): a refusal ends the
//! invoice (the supplier deposits a new one, as after a rejection); the 15 days run again from a
//! corrected valideur; a tacit first validation sends the invoice to the recipient (nobody named
//! a second valideur); the refusal motifs below restate what a titulaire checks (the portal's
//! list, `recupererMotifsRefusFactureAValider`, is not in the facts).

use crate::compte::messagerie::Courriel;
use crate::facturation::cycle::transitions::changer_statut;
use crate::facturation::facture::{Cadre, EtapeStatut, Evenement, Facture, Statut};
use crate::facturation::routage::services_actifs;
use crate::kernel::error::{Champ, DomainError, Validator};
use crate::kernel::ids::{CompteId, FactureId, StructureId};
use crate::kernel::text;
use crate::kernel::time::{paris_date, Timestamp};
use crate::organisation::droits::{Action, Application, Role};
use crate::organisation::rattachement::{authorize, may};
use crate::organisation::structure::{ComportementValideur, Structure};
use crate::sandbox::{Outcome, Record, Sandbox};
use chrono::Duration;
use std::rc::Rc;

/// The valideur's delay (facts §4.4): silence for 15 days means tacit validation.
pub const DELAI_VALIDATION_JOURS: i64 = 15;
/// The simulated valideur answers after this many days (the sandbox's choice).
pub const DELAI_VALIDEUR_SIMULE_JOURS: i64 = 2;
/// The « Complément d'information » and the refusal's comment.
pub const MAX_COMPLEMENT: usize = 255;

/// The fields of the valideur's and the supplier's forms.
pub mod champs {
    use crate::kernel::error::Champ;

    pub const TITULAIRE: Champ = Champ::new("titulaire", "Vous êtes titulaire du marché");
    pub const SECOND_VALIDEUR: Champ = Champ::new(
        "second_valideur",
        "Identifiant du titulaire (ou mandataire) qui validera ensuite",
    );
    pub const COMPLEMENT: Champ = Champ::new("complement", "Complément d'information");
    pub const MOTIF_REFUS: Champ = Champ::new("motif_refus", "Motif du refus");
    pub const VALIDEUR: Champ = Champ::new("nouveau_valideur", "Identifiant du valideur");
    pub const SERVICE_VALIDEUR: Champ =
        Champ::new("nouveau_service_valideur", "Code service du valideur");
}

/// The refusal motifs offered for a cadre (a list to choose from, as the portal's API returns
/// per cadre). Not in the facts: they restate what a titulaire checks.
pub fn motifs_refus(cadre: Cadre) -> &'static [&'static str] {
    match cadre {
        Cadre::A12 => &[
            "Montant non conforme à la répartition du groupement",
            "Prestations non réalisées ou non conformes",
            "Facture en double",
            "Marché erroné",
        ],
        _ => &[
            "Montant non conforme au contrat de sous-traitance",
            "Prestations non réalisées ou non conformes",
            "Sous-traitant non accepté ou conditions de paiement non agréées",
            "Facture en double",
            "Marché erroné",
        ],
    }
}

/// The validation level awaited (1 or 2) and the structure awaited, if the invoice waits for a
/// valideur.
pub fn attente(f: &Facture) -> Option<(u8, &StructureId)> {
    match f.statut {
        Statut::AValider1 => f.valideur.as_ref().map(|v| (1, v)),
        Statut::AValider2 => f.valideur_2.as_ref().map(|v| (2, v)),
        _ => None,
    }
}

/// When the tacit validation falls: 15 days after the invoice started waiting.
pub fn echeance(f: &Facture) -> Option<Timestamp> {
    attente(f)?;
    Duration::try_days(DELAI_VALIDATION_JOURS)
        .and_then(|d| f.date_etat_courant().checked_add_signed(d))
}

/// The mails telling a structure's users who handle « Factures à valider » (and its GP) that an
/// invoice awaits their validation.
fn courriels_valideur(
    sb: &Sandbox,
    f: &Facture,
    valideur: &StructureId,
    at: Timestamp,
) -> Vec<Record> {
    let emetteur = sb
        .structures
        .get(&f.emetteur)
        .map(|s| s.raison_sociale.clone())
        .unwrap_or_default();
    let subject = format!("Facture n° {} à valider", f.numero);
    let body = format!(
        "Bonjour,\n\nLa facture n° {} de {emetteur} ({}) attend votre validation dans Factures à valider > Synthèse. Vous avez {DELAI_VALIDATION_JOURS} jours pour la valider ou la refuser : sans réponse, elle sera validée tacitement.\n\nCe message est simulé par le bac à sable Chorus Pro : aucune donnée n'est transmise.",
        f.numero,
        f.cadre.label(),
    );
    sb.rattachements
        .values()
        .filter(|r| &r.structure == valideur && r.is_validated())
        .filter(|r| {
            r.role == Role::GestionnairePrincipal
                || r.habilitations.contains_key(&Application::FacturesAValider)
        })
        .filter_map(|r| sb.comptes.get(&r.account))
        .map(|a| {
            Record::Courriel(Rc::new(Courriel::new(
                &a.contact_email,
                Some(&a.id),
                subject.clone(),
                body.clone(),
                at,
            )))
        })
        .collect()
}

/// Appends `statut` (with mails to the supplier) and, when it awaits a valideur, mails them.
fn etape(sb: &Sandbox, f: &mut Facture, e: EtapeStatut) -> Vec<Record> {
    let at = e.at;
    let mut mails = changer_statut(sb, f, e);
    if let Some((_, v)) = attente(f) {
        let v = v.clone();
        mails.extend(courriels_valideur(sb, f, &v, at));
    }
    mails
}

/// The steps of a deposit: DEPOSEE, then A_VALIDER_1 (A9/A12 with a valideur) or
/// MISE_A_DISPOSITION. Used by « Valider et envoyer ».
pub fn deposer(sb: &Sandbox, f: &mut Facture, actor: &CompteId, now: Timestamp) -> Vec<Record> {
    f.statut = Statut::Deposee;
    f.historique = vec![EtapeStatut::new(
        Statut::Deposee,
        now,
        Some(actor.clone()),
        None,
    )];
    let suivant = if f.cadre.needs_valideur() && f.valideur.is_some() {
        Statut::AValider1
    } else {
        Statut::MiseADisposition
    };
    etape(sb, f, EtapeStatut::new(suivant, now, None, None))
}

/// The sent invoice `id`.
fn envoyee<'a>(sb: &'a Sandbox, id: &FactureId) -> Result<&'a Rc<Facture>, DomainError> {
    let f = crate::facturation::facture::facture(sb, id)?;
    if f.is_draft() {
        return Err(DomainError::NotFound(
            "Cette facture n'a pas été envoyée.".to_string(),
        ));
    }
    Ok(f)
}

/// The invoice awaiting the actor's structure as valideur, with its level; refused otherwise.
fn a_valider_par<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    id: &FactureId,
) -> Result<(&'a Rc<Facture>, u8), DomainError> {
    let f = envoyee(sb, id)?;
    let Some((niveau, valideur)) = attente(f) else {
        return Err(DomainError::Rule(format!(
            "La facture n° {} n'attend pas de validation (statut « {} »).",
            f.numero,
            f.statut.label()
        )));
    };
    authorize(sb, actor, valideur, Action::ValiderFactures)?;
    Ok((f, niveau))
}

/// What the valideur's « Valider » form holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validation {
    /// « Vous êtes titulaire » ticked.
    pub titulaire: bool,
    /// A co-contractor validating its sub-contractor's invoice names the titulaire (identifier).
    pub second_valideur: String,
    pub complement: String,
}

/// The structure an identifier names, as a valideur: an active structure of the portal.
fn structure_valideur<'a>(
    sb: &'a Sandbox,
    raw: &str,
    champ: Champ,
    v: &mut Validator,
) -> Option<&'a Rc<Structure>> {
    let wanted: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if wanted.is_empty() {
        v.push(
            champ,
            "Indiquez l'identifiant (SIRET) de la structure qui valide.",
        );
        return None;
    }
    let found = sb
        .structures
        .values()
        .find(|s| s.identifier == wanted && s.is_active());
    if found.is_none() {
        v.push(
            champ,
            format!("Aucune structure active ne porte l'identifiant « {wanted} » : le valideur doit avoir sa structure sur le portail."),
        );
    }
    found
}

/// « Valider » (then « Enregistrer »): the titulaire validates, the invoice goes to its recipient;
/// a co-contractor (first level of an A9 only) names the titulaire, who validates second.
pub fn valider(
    sb: &Sandbox,
    actor: &CompteId,
    id: &FactureId,
    form: &Validation,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let (f, niveau) = a_valider_par(sb, actor, id)?;
    let mut v = Validator::new();
    let complement =
        match text::optional(&form.complement, champs::COMPLEMENT.libelle, MAX_COMPLEMENT) {
            Ok(c) => c,
            Err(e) => {
                v.push(champs::COMPLEMENT, e);
                None
            }
        };
    let mut second = None;
    if !form.titulaire {
        if niveau == 1 && f.cadre == Cadre::A9 {
            if let Some(s) =
                structure_valideur(sb, &form.second_valideur, champs::SECOND_VALIDEUR, &mut v)
            {
                if Some(&s.id) == f.valideur.as_ref() || s.id == f.emetteur {
                    v.push(champs::SECOND_VALIDEUR, "Le second valideur est le titulaire du marché : ni votre structure, ni le sous-traitant.");
                } else {
                    second = Some(s.id.clone());
                }
            }
        } else {
            v.push(champs::TITULAIRE, "Cochez « Vous êtes titulaire du marché » pour valider : seul le titulaire (ou le mandataire) envoie la facture au destinataire.");
        }
    }
    v.finish()?;
    let mut next = (**f).clone();
    let (validee, suivant) = if niveau == 1 {
        (
            Statut::Validee1,
            if second.is_some() {
                Statut::AValider2
            } else {
                Statut::MiseADisposition
            },
        )
    } else {
        (Statut::Validee2, Statut::MiseADisposition)
    };
    let mut mails = etape(
        sb,
        &mut next,
        EtapeStatut::new(validee, now, Some(actor.clone()), complement),
    );
    if let Some(s) = second {
        next.valideur_2 = Some(s);
    }
    mails.extend(etape(
        sb,
        &mut next,
        EtapeStatut::new(suivant, now, None, None),
    ));
    Ok(Outcome::new()
        .put(Record::Facture(Rc::new(next)))
        .put_all(mails)
        .reading(Record::Facture(f.clone()).key()))
}

/// « Refuser »: a motif of the cadre's list (and an optional comment); the invoice returns to
/// the supplier, refused.
pub fn refuser(
    sb: &Sandbox,
    actor: &CompteId,
    id: &FactureId,
    motif: &str,
    commentaire: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let (f, niveau) = a_valider_par(sb, actor, id)?;
    let mut v = Validator::new();
    let motif = motif.trim();
    if !motifs_refus(f.cadre).contains(&motif) {
        v.push(
            champs::MOTIF_REFUS,
            "Choisissez le motif du refus dans la liste.",
        );
    }
    let commentaire = match text::optional(commentaire, champs::COMPLEMENT.libelle, MAX_COMPLEMENT)
    {
        Ok(c) => c,
        Err(e) => {
            v.push(champs::COMPLEMENT, e);
            None
        }
    };
    v.finish()?;
    let texte = match commentaire {
        Some(c) => format!("{motif} — {c}"),
        None => motif.to_string(),
    };
    let statut = if niveau == 1 {
        Statut::Refusee1
    } else {
        Statut::Refusee2
    };
    let mut next = (**f).clone();
    let mails = etape(
        sb,
        &mut next,
        EtapeStatut::new(statut, now, Some(actor.clone()), Some(texte)),
    );
    Ok(Outcome::new()
        .put(Record::Facture(Rc::new(next)))
        .put_all(mails)
        .reading(Record::Facture(f.clone()).key()))
}

/// « Ce n'est pas à notre structure de valider »: the valideur says it was wrongly named; the one
/// who named it (the supplier, or at the second level the co-contractor) corrects it.
pub fn signaler_erreur_valideur(
    sb: &Sandbox,
    actor: &CompteId,
    id: &FactureId,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let (f, niveau) = a_valider_par(sb, actor, id)?;
    let statut = if niveau == 1 {
        Statut::ErreurFournisseurSurValideur
    } else {
        Statut::ErreurCotraitantSurValideur
    };
    let mut next = (**f).clone();
    let mails = etape(
        sb,
        &mut next,
        EtapeStatut::new(
            statut,
            now,
            Some(actor.clone()),
            Some("Notre structure n'est pas le valideur de cette facture.".to_string()),
        ),
    );
    Ok(Outcome::new()
        .put(Record::Facture(Rc::new(next)))
        .put_all(mails)
        .reading(Record::Facture(f.clone()).key()))
}

/// Who may correct the valideur of this invoice now, and at which level: the supplier (first
/// level: waiting, or the valideur said it was wrong), or the co-contractor who named the second.
fn correcteur(f: &Facture) -> Option<(u8, &StructureId, Action)> {
    match f.statut {
        Statut::AValider1 | Statut::ErreurFournisseurSurValideur => {
            Some((1, &f.emetteur, Action::CorrigerValideur))
        }
        Statut::AValider2 | Statut::ErreurCotraitantSurValideur => {
            f.valideur.as_ref().map(|v| (2, v, Action::ValiderFactures))
        }
        _ => None,
    }
}

/// Whether the actor may « Corriger le valideur » of this invoice now.
pub fn peut_corriger(sb: &Sandbox, actor: &CompteId, f: &Facture) -> bool {
    correcteur(f).is_some_and(|(_, s, action)| may(sb, actor, s, action).is_ok())
}

/// « Corriger le valideur » (`corrigerValideurFacture`): a new valideur, and the 15 days start
/// again from it.
pub fn corriger_valideur(
    sb: &Sandbox,
    actor: &CompteId,
    id: &FactureId,
    identifiant: &str,
    service: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let f = envoyee(sb, id)?;
    let Some((niveau, structure, action)) = correcteur(f) else {
        return Err(DomainError::Rule(format!(
            "Le valideur de la facture n° {} ne peut plus être corrigé (statut « {} »).",
            f.numero,
            f.statut.label()
        )));
    };
    authorize(sb, actor, structure, action)?;
    let mut v = Validator::new();
    let nouveau = structure_valideur(sb, identifiant, champs::VALIDEUR, &mut v);
    let mut code_service = String::new();
    if let Some(s) = nouveau {
        let actuel = if niveau == 1 {
            f.valideur.as_ref()
        } else {
            f.valideur_2.as_ref()
        };
        if s.id == f.emetteur || (niveau == 2 && Some(&s.id) == f.valideur.as_ref()) {
            v.push(champs::VALIDEUR, "Le valideur est le titulaire du marché : ce ne peut pas être la structure qui a déposé ou validé la facture.");
        } else if Some(&s.id) == actuel
            && f.statut.en_validation()
            && matches!(
                f.statut,
                Statut::ErreurFournisseurSurValideur | Statut::ErreurCotraitantSurValideur
            )
        {
            v.push(champs::VALIDEUR, "Cette structure vient d'indiquer qu'elle n'est pas le valideur : indiquez la bonne structure.");
        }
        let code = service.trim();
        if niveau == 1 && !code.is_empty() {
            if services_actifs(sb, &s.id, paris_date(now))
                .iter()
                .any(|sv| sv.code == code)
            {
                code_service = code.to_string();
            } else {
                v.push(
                    champs::SERVICE_VALIDEUR,
                    format!("« {code} » n'est pas un service actif du valideur."),
                );
            }
        }
    }
    v.finish()?;
    let Some(s) = nouveau else {
        return Err(DomainError::field(
            champs::VALIDEUR,
            "Indiquez l'identifiant (SIRET) de la structure qui valide.",
        ));
    };
    let mut next = (**f).clone();
    let statut = if niveau == 1 {
        next.valideur = Some(s.id.clone());
        next.service_valideur = code_service;
        Statut::AValider1
    } else {
        next.valideur_2 = Some(s.id.clone());
        Statut::AValider2
    };
    let libelle = format!("Valideur corrigé : {} ({})", s.raison_sociale, s.identifier);
    next.evenements.push(Evenement {
        libelle: libelle.clone(),
        at: now,
        par: Some(actor.clone()),
    });
    let mails = etape(
        sb,
        &mut next,
        EtapeStatut::new(statut, now, Some(actor.clone()), Some(libelle)),
    );
    Ok(Outcome::new()
        .put(Record::Facture(Rc::new(next)))
        .put_all(mails)
        .reading(Record::Facture(f.clone()).key()))
}

/// The simulated valideur's behaviour in force for a structure: the one chosen, else « valide »
/// for a structure nobody works for, else silent (its people answer, or the 15 days run out).
pub fn comportement_valideur(sb: &Sandbox, s: &Structure) -> ComportementValideur {
    s.valideur_simule.unwrap_or_else(|| {
        let staffed = sb
            .rattachements
            .values()
            .any(|r| r.structure == s.id && r.is_validated());
        if staffed {
            ComportementValideur::Silencieux
        } else {
            ComportementValideur::Valide
        }
    })
}

/// The trainer chooses how a structure's simulated valideur answers.
pub fn regler_valideur_simule(
    sb: &Sandbox,
    structure: &StructureId,
    c: ComportementValideur,
) -> Result<Outcome, DomainError> {
    let s = sb
        .structures
        .get(structure)
        .ok_or_else(|| DomainError::NotFound("Cette structure n'existe pas.".to_string()))?;
    if s.valideur_simule == Some(c) {
        return Ok(Outcome::new());
    }
    let mut next = (**s).clone();
    next.valideur_simule = Some(c);
    Ok(Outcome::new().put(Record::Structure(Rc::new(next))))
}

/// The circuit's automatic steps due by `now` on this invoice: the simulated valideur's answer
/// after 2 days, or the tacit validation after exactly 15 days (each dated when it was due).
/// `None` when nothing is due.
pub fn avancer(sb: &Sandbox, f: &Facture, now: Timestamp) -> Option<(Facture, Vec<Record>)> {
    let mut next: Option<Facture> = None;
    let mut mails = Vec::new();
    // At most two levels: bounded loop.
    for _ in 0..4 {
        let current = next.as_ref().unwrap_or(f);
        let Some((niveau, valideur)) = attente(current) else {
            break;
        };
        let comportement = sb
            .structures
            .get(valideur)
            .filter(|s| s.is_active())
            .map(|s| comportement_valideur(sb, s))
            .unwrap_or(ComportementValideur::Silencieux);
        let depuis = current.date_etat_courant();
        let simule = Duration::try_days(DELAI_VALIDEUR_SIMULE_JOURS)
            .and_then(|d| depuis.checked_add_signed(d))
            .filter(|due| *due <= now && comportement != ComportementValideur::Silencieux);
        let tacite = echeance(current).filter(|due| *due <= now);
        let mut n = current.clone();
        if let Some(due) = simule {
            let (statut, motif) = match (comportement, niveau) {
                (ComportementValideur::Refuse, 1) => {
                    (Statut::Refusee1, motifs_refus(n.cadre).first())
                }
                (ComportementValideur::Refuse, _) => {
                    (Statut::Refusee2, motifs_refus(n.cadre).first())
                }
                (_, 1) => (Statut::Validee1, None),
                _ => (Statut::Validee2, None),
            };
            let e = EtapeStatut {
                simule: true,
                ..EtapeStatut::new(statut, due, None, motif.map(|m| m.to_string()))
            };
            mails.extend(etape(sb, &mut n, e));
            if matches!(statut, Statut::Validee1 | Statut::Validee2) {
                mails.extend(etape(
                    sb,
                    &mut n,
                    EtapeStatut::new(Statut::MiseADisposition, due, None, None),
                ));
            }
        } else if let Some(due) = tacite {
            let statut = if niveau == 1 {
                Statut::AbsenceValidation1HorsDelai
            } else {
                Statut::AbsenceValidation2HorsDelai
            };
            let motif = format!(
                "Sans réponse du valideur en {DELAI_VALIDATION_JOURS} jours : validation tacite."
            );
            mails.extend(etape(
                sb,
                &mut n,
                EtapeStatut::new(statut, due, None, Some(motif)),
            ));
            mails.extend(etape(
                sb,
                &mut n,
                EtapeStatut::new(Statut::MiseADisposition, due, None, None),
            ));
        } else {
            break;
        }
        next = Some(n);
    }
    next.map(|n| (n, mails))
}

/// The refusal (motif, by whom, when) of a refused invoice, as the supplier reads it.
pub fn refus(f: &Facture) -> Option<&EtapeStatut> {
    if !matches!(f.statut, Statut::Refusee1 | Statut::Refusee2) {
        return None;
    }
    f.historique.iter().rev().find(|e| e.statut == f.statut)
}

//! « Saisir une facture » and « Déposer une facture »: the form as typed, what the portal checks
//! before sending (facts §3.8), and the commands on drafts and sent invoices.
//!
//! A draft may be incomplete (missing values are fine) but never malformed (an amount that is not a
//! number is refused even in a draft). Sending checks everything.

use crate::facturation::facture::{
    Cadre, EtapeStatut, Facture, Ligne, ModeDepot, ModeReglement, MontantsDeposes, PieceJointe,
    Statut, TypeFacture, TypeTva, DEVISES,
};
use crate::facturation::pieces_jointes;
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::{AccountId, BankAccountId, FactureId, PieceJointeId, StructureId};
use crate::kernel::money::{self, Montant, Taux, Totaux};
use crate::kernel::text;
use crate::kernel::time::parse_day;
use crate::kernel::time::{paris_date, Timestamp};
use crate::organisation::droits::Action;
use crate::organisation::rattachement::authorize;
use crate::organisation::structure::{Service, Structure, FACTURES_PUBLIQUES};
use crate::sandbox::{Outcome, Record, RecordKey, Sandbox};
use chrono::{Datelike, NaiveDate};
use std::rc::Rc;

pub const MAX_NUMERO: usize = 40;
/// The EJ (bon de commande) field: 50 characters, as OCA's Chorus module enforces.
pub const MAX_EJ: usize = 50;
pub const MAX_MARCHE: usize = 50;
pub const MAX_REFERENCE: usize = 50;
pub const MAX_DESIGNATION: usize = 255;
pub const MAX_UNITE: usize = 20;
/// Motifs (exonération, remise) follow the portal's 255-character motifs.
pub const MAX_MOTIF: usize = 255;
pub const MAX_COMMENTAIRE: usize = 1000;
pub const MAX_LIGNES: usize = 500;

/// Select value of the « taux manuel » choice.
pub const TAUX_MANUEL: &str = "manuel";

/// One line as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LigneForm {
    pub reference: String,
    pub designation: String,
    pub quantite: String,
    pub unite: String,
    pub prix: String,
    pub remise: String,
    /// A standard rate's integer value (`"2000"` for 20 %), `TAUX_MANUEL`, or empty.
    pub taux: String,
    pub taux_manuel: String,
}

/// The invoice as typed in « Saisir une facture » or « Déposer une facture ».
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FactureForm {
    pub mode_depot: ModeDepot,
    // Destinataire
    /// Identifiant (SIRET) of the recipient, typed or picked in the annuaire.
    pub destinataire: String,
    pub code_service: String,
    // Fournisseur (the structure is the user's structure de travail)
    pub service_fournisseur: String,
    /// Id of one of the structure's bank accounts, or empty.
    pub coordonnees_bancaires: String,
    // Cadre de facturation
    pub cadre: Cadre,
    pub valideur: String,
    pub service_valideur: String,
    // Références
    pub numero: String,
    pub date: String,
    pub type_facture: TypeFacture,
    pub devise: String,
    pub type_tva: TypeTva,
    pub motif_exoneration: String,
    /// A `ModeReglement` code, or empty.
    pub mode_reglement: String,
    pub ej: String,
    pub marche: String,
    pub facture_origine: String,
    // Lignes (saisie) or amounts (PDF deposit)
    pub lignes: Vec<LigneForm>,
    pub montant_ht: String,
    pub montant_tva: String,
    pub montant_ttc: String,
    // Montants
    pub remise_globale: String,
    pub motif_remise: String,
    pub montant_a_payer: String,
    pub pieces: Vec<PieceJointe>,
    pub commentaire: String,
}

impl FactureForm {
    /// An empty form; a saisie starts with one empty line.
    pub fn nouvelle(mode: ModeDepot) -> FactureForm {
        FactureForm {
            mode_depot: mode,
            devise: "EUR".to_string(),
            mode_reglement: ModeReglement::Virement.code().to_string(),
            lignes: match mode {
                ModeDepot::SaisiePortail => vec![LigneForm::default()],
                ModeDepot::DepotPdfPortail => Vec::new(),
            },
            ..FactureForm::default()
        }
    }

    /// The form of a stored invoice (to edit a draft, or to start a copy).
    pub fn from_facture(sb: &Sandbox, f: &Facture) -> FactureForm {
        let identifier = |id: &Option<StructureId>| {
            id.as_ref()
                .and_then(|id| sb.structures.get(id))
                .map(|s| s.identifier.clone())
                .unwrap_or_default()
        };
        let amount = |m: Montant| m.input();
        FactureForm {
            mode_depot: f.mode_depot,
            destinataire: identifier(&f.destinataire),
            code_service: f.code_service.clone(),
            service_fournisseur: f.service_fournisseur.clone(),
            coordonnees_bancaires: f
                .coordonnees_bancaires
                .as_ref()
                .map(|b| b.to_string())
                .unwrap_or_default(),
            cadre: f.cadre,
            valideur: identifier(&f.valideur),
            service_valideur: f.service_valideur.clone(),
            numero: f.numero.clone(),
            date: f.date.map(crate::kernel::time::iso_day).unwrap_or_default(),
            type_facture: f.type_facture,
            devise: f.devise.clone(),
            type_tva: f.type_tva,
            motif_exoneration: f.motif_exoneration.clone(),
            mode_reglement: f
                .mode_reglement
                .map(|m| m.code().to_string())
                .unwrap_or_default(),
            ej: f.ej.clone(),
            marche: f.marche.clone(),
            facture_origine: f.facture_origine.clone(),
            lignes: f.lignes.iter().map(LigneForm::from_ligne).collect(),
            montant_ht: f.montants_deposes.map(|m| amount(m.ht)).unwrap_or_default(),
            montant_tva: f
                .montants_deposes
                .map(|m| amount(m.tva))
                .unwrap_or_default(),
            montant_ttc: f
                .montants_deposes
                .map(|m| amount(m.ttc))
                .unwrap_or_default(),
            remise_globale: if f.remise_globale == Montant::ZERO {
                String::new()
            } else {
                amount(f.remise_globale)
            },
            motif_remise: f.motif_remise.clone(),
            montant_a_payer: f.montant_a_payer.map(amount).unwrap_or_default(),
            pieces: f.pieces.clone(),
            commentaire: f.commentaire.clone(),
        }
    }

    /// Totals of what is typed so far, ignoring what cannot be read yet (recomputed on each
    /// keystroke; the checks come with « Enregistrer » and « Valider et envoyer »).
    pub fn apercu(&self) -> Totaux {
        let remise = money::parse_montant(&self.remise_globale, "", false).unwrap_or_default();
        match self.mode_depot {
            ModeDepot::SaisiePortail => money::totaux(
                self.lignes
                    .iter()
                    .filter_map(|l| Some((l.montant_ht()?, l.taux_value().ok().flatten()?))),
                remise,
            ),
            ModeDepot::DepotPdfPortail => {
                let read = |s: &str| money::parse_montant(s, "", false).unwrap_or_default();
                let (ht, tva) = (read(&self.montant_ht), read(&self.montant_tva));
                let ttc = match money::parse_montant(&self.montant_ttc, "", false) {
                    Ok(ttc) => ttc,
                    Err(_) => Montant(ht.0 + tva.0),
                };
                Totaux {
                    recap: Vec::new(),
                    total_ht: ht,
                    total_tva: tva,
                    total_ttc: ttc,
                    remise_globale: remise,
                    net_a_payer: Montant(ttc.0 - remise.0),
                }
            }
        }
    }
}

impl FactureForm {
    /// What the recipient would be asked to pay, as typed so far (the rule of `Facture::a_payer`).
    pub fn a_payer_apercu(&self, totaux: &Totaux) -> Montant {
        if self.cadre == Cadre::A2 {
            return Montant::ZERO;
        }
        money::parse_montant(&self.montant_a_payer, "", false).unwrap_or(totaux.net_a_payer)
    }
}

impl LigneForm {
    /// The line's HT amount as typed so far: `None` until quantity and price can be read.
    pub fn montant_ht(&self) -> Option<Montant> {
        let q = money::parse_quantite(&self.quantite, "").ok()?;
        let p = money::parse_prix(&self.prix, "").ok()?;
        let r = money::parse_montant(&self.remise, "", false).unwrap_or_default();
        Some(money::montant_ligne(q, p, r))
    }

    fn from_ligne(l: &Ligne) -> LigneForm {
        let (taux, taux_manuel) = match l.taux {
            Some(t) if Taux::STANDARD.contains(&t) => (t.0.to_string(), String::new()),
            Some(t) => (TAUX_MANUEL.to_string(), t.input()),
            None => (String::new(), String::new()),
        };
        LigneForm {
            reference: l.reference.clone(),
            designation: l.designation.clone(),
            quantite: l.quantite.map(|q| q.input()).unwrap_or_default(),
            unite: l.unite.clone(),
            prix: l.prix.map(|p| p.input()).unwrap_or_default(),
            remise: if l.remise == Montant::ZERO {
                String::new()
            } else {
                l.remise.input()
            },
            taux,
            taux_manuel,
        }
    }

    /// The chosen rate; `Ok(None)` when none is chosen yet.
    fn taux_value(&self) -> Result<Option<Taux>, String> {
        match self.taux.as_str() {
            "" => Ok(None),
            TAUX_MANUEL => {
                if self.taux_manuel.trim().is_empty() {
                    Ok(None)
                } else {
                    money::parse_taux(&self.taux_manuel, "Taux de TVA manuel").map(Some)
                }
            }
            code => code
                .parse::<u32>()
                .ok()
                .map(Taux)
                .filter(|t| Taux::STANDARD.contains(t))
                .map(Some)
                .ok_or_else(|| "Choisissez un taux de TVA dans la liste.".to_string()),
        }
    }
}

/// Field name of a line's input (`ligne-2-quantite`), numbered from 1 like the lines on screen.
pub fn champ_ligne(numero: usize, champ: &str) -> String {
    format!("ligne-{numero}-{champ}")
}

/// The public structure an identifier designates, if it is active.
pub fn destinataire_par_identifiant<'a>(
    sb: &'a Sandbox,
    raw: &str,
) -> Result<&'a Rc<Structure>, String> {
    let wanted: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let found = sb
        .structures
        .values()
        .filter(|s| s.identifier == wanted && s.is_public())
        .max_by_key(|s| s.is_active());
    match found {
        Some(s) if s.is_active() => Ok(s),
        Some(_) => Err(format!(
            "La structure publique « {wanted} » est désactivée : elle ne reçoit plus de factures."
        )),
        None => Err(format!(
            "Aucune structure publique de l'annuaire ne porte l'identifiant « {wanted} ». Vérifiez-le ou recherchez le destinataire dans l'annuaire."
        )),
    }
}

/// The services a supplier may address on `day` (active and within their dates), by code.
pub fn services_actifs<'a>(
    sb: &'a Sandbox,
    structure: &StructureId,
    day: NaiveDate,
) -> Vec<&'a Service> {
    crate::organisation::annuaire::active_services(
        sb.services.values().map(|s| s.as_ref()),
        structure,
        day,
    )
}

/// The numbers that may not serve as an invoice number today: the day's date written as a
/// number (`20261123`, `23112026`), separators ignored.
fn est_date_du_jour(numero: &str, today: NaiveDate) -> bool {
    let digits: String = numero
        .chars()
        .filter(|c| !matches!(c, '-' | '/' | '.' | ' ' | '_'))
        .collect();
    let (y, m, d) = (today.year(), today.month(), today.day());
    digits == format!("{y:04}{m:02}{d:02}") || digits == format!("{d:02}{m:02}{y:04}")
}

/// The portal's own message for a number already used by the structure this year.
pub const NUMERO_DEJA_UTILISE: &str =
    "Vous avez déjà déposé une demande de paiement avec ce numéro de facture pour cette structure";

/// Whether `numero` was already sent by `emetteur` in `annee` (case and surrounding spaces ignored).
pub fn numero_deja_utilise(
    sb: &Sandbox,
    emetteur: &StructureId,
    numero: &str,
    annee: i32,
    sauf: Option<&FactureId>,
) -> bool {
    let numero = numero.trim().to_lowercase();
    sb.factures.values().any(|f| {
        &f.emetteur == emetteur
            && Some(&f.id) != sauf
            && !f.is_draft()
            && f.annee_depot() == Some(annee)
            && f.numero.to_lowercase() == numero
    })
}

/// Reads the form into an invoice's content. With `complet`, everything sending requires is
/// checked too; without, only what is typed must be well formed (a draft).
fn lire(
    sb: &Sandbox,
    emetteur: &Structure,
    form: &FactureForm,
    base: &Facture,
    now: Timestamp,
    complet: bool,
) -> Result<Facture, DomainError> {
    let today = paris_date(now);
    let mut v = Validator::new();
    let mut f = base.clone();
    f.mode_depot = form.mode_depot;
    f.cadre = form.cadre;
    f.type_facture = form.type_facture;
    f.type_tva = form.type_tva;
    let avoir = form.type_facture == TypeFacture::Avoir;

    // Destinataire
    f.destinataire = None;
    let mut destinataire = None;
    if form.destinataire.trim().is_empty() {
        if complet {
            v.push("destinataire", "Indiquez le destinataire : son identifiant (SIRET), ou recherchez-le dans l'annuaire.");
        }
    } else {
        match destinataire_par_identifiant(sb, &form.destinataire) {
            Ok(s) if s.id == emetteur.id => v.push(
                "destinataire",
                "Une structure ne peut pas se facturer elle-même.",
            ),
            Ok(s) => {
                f.destinataire = Some(s.id.clone());
                destinataire = Some(s);
            }
            Err(e) => v.push("destinataire", e),
        }
    }
    f.code_service = form.code_service.trim().to_string();
    f.ej = match text::optional(&form.ej, "Numéro d'engagement juridique", MAX_EJ) {
        Ok(t) => t.unwrap_or_default(),
        Err(e) => {
            v.push("ej", e);
            String::new()
        }
    };
    if let (Some(dest), true) = (destinataire, complet) {
        check_routage(sb, &mut v, emetteur, dest, &f.code_service, &f.ej, today);
    }

    // Fournisseur
    f.service_fournisseur = form.service_fournisseur.trim().to_string();
    if !f.service_fournisseur.is_empty()
        && !services_actifs(sb, &emetteur.id, today)
            .iter()
            .any(|s| s.code == f.service_fournisseur)
    {
        v.push(
            "service_fournisseur",
            format!(
                "« {} » n'est pas un service actif de votre structure.",
                f.service_fournisseur
            ),
        );
    }
    f.coordonnees_bancaires = None;
    if !form.coordonnees_bancaires.is_empty() {
        match emetteur
            .bank_accounts
            .iter()
            .find(|b| b.id.as_str() == form.coordonnees_bancaires)
        {
            Some(b) if b.actif => f.coordonnees_bancaires = Some(b.id.clone()),
            Some(_) => v.push(
                "coordonnees_bancaires",
                "Ces coordonnées bancaires sont inactives : choisissez-en d'autres.",
            ),
            None => v.push(
                "coordonnees_bancaires",
                "Ces coordonnées bancaires n'existent plus dans la fiche de votre structure.",
            ),
        }
    }

    // Cadre de facturation
    f.valideur = None;
    f.service_valideur = String::new();
    if form.cadre.needs_valideur() {
        let raw: String = form
            .valideur
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if raw.is_empty() {
            if complet {
                v.push("valideur", format!("Le cadre {} exige un valideur : indiquez l'identifiant de la structure titulaire du marché (ou du mandataire).", cadre_court(form.cadre)));
            }
        } else {
            match sb.structures.values().find(|s| s.identifier == raw && s.is_active()) {
                Some(s) if s.id == emetteur.id => v.push("valideur", "Le valideur est le titulaire du marché : ce ne peut pas être votre propre structure."),
                Some(s) => {
                    f.valideur = Some(s.id.clone());
                    let code = form.service_valideur.trim();
                    if !code.is_empty() {
                        if services_actifs(sb, &s.id, today).iter().any(|sv| sv.code == code) {
                            f.service_valideur = code.to_string();
                        } else {
                            v.push("service_valideur", format!("« {code} » n'est pas un service actif du valideur."));
                        }
                    }
                }
                None => v.push("valideur", format!("Aucune structure active ne porte l'identifiant « {raw} » : le valideur doit avoir sa structure sur le portail.")),
            }
        }
    }

    // Références
    match text::optional(&form.numero, "Numéro de facture", MAX_NUMERO) {
        Ok(Some(n)) => f.numero = n,
        Ok(None) => {
            f.numero = String::new();
            if complet {
                v.push(
                    "numero",
                    "Saisissez le numéro de la facture, tel qu'il figure sur le document.",
                );
            }
        }
        Err(e) => v.push("numero", e),
    }
    if !f.numero.is_empty() && est_date_du_jour(&f.numero, today) {
        v.push("numero", "La date du jour ne peut pas servir de numéro de facture : saisissez le numéro qui figure sur votre facture.");
    }
    if complet
        && !f.numero.is_empty()
        && numero_deja_utilise(sb, &emetteur.id, &f.numero, today.year(), Some(&f.id))
    {
        v.push("numero", NUMERO_DEJA_UTILISE);
    }
    match parse_day(&form.date, "Date de facture") {
        Ok(Some(d)) if d > today => {
            v.push(
                "date_facture",
                "La date de facture ne peut pas être dans le futur.",
            );
            f.date = Some(d);
        }
        Ok(d) => {
            f.date = d;
            if d.is_none() && complet {
                v.push(
                    "date_facture",
                    "Saisissez la date de la facture (jj/mm/aaaa).",
                );
            }
        }
        Err(e) => v.push("date_facture", e),
    }
    if DEVISES.iter().any(|(code, _)| *code == form.devise) {
        f.devise = form.devise.clone();
    } else {
        v.push("devise", "Choisissez une devise dans la liste.");
    }
    f.motif_exoneration = String::new();
    if form.type_tva == TypeTva::Exoneration {
        match text::optional(&form.motif_exoneration, "Motif d'exonération", MAX_MOTIF) {
            Ok(Some(m)) => f.motif_exoneration = m,
            Ok(None) if complet => v.push("motif_exoneration", "Une facture exonérée de TVA doit indiquer son motif d'exonération (par exemple l'article du CGI)."),
            Ok(None) => {}
            Err(e) => v.push("motif_exoneration", e),
        }
    }
    f.mode_reglement = None;
    if avoir {
        // No payment mode on a credit note: it is not paid by the recipient.
    } else if form.mode_reglement.is_empty() {
        if complet {
            v.push("mode_reglement", "Choisissez le mode de règlement.");
        }
    } else {
        match ModeReglement::from_code(&form.mode_reglement) {
            Some(m) => f.mode_reglement = Some(m),
            None => v.push(
                "mode_reglement",
                "Choisissez un mode de règlement dans la liste.",
            ),
        }
    }
    if complet
        && f.mode_reglement == Some(ModeReglement::Virement)
        && f.coordonnees_bancaires.is_none()
        && !v.has("coordonnees_bancaires")
    {
        v.push("coordonnees_bancaires", "Un règlement par virement demande des coordonnées bancaires : choisissez-les (ou ajoutez-les dans la fiche de votre structure).");
    }
    match text::optional(&form.marche, "Numéro de marché", MAX_MARCHE) {
        Ok(m) => f.marche = m.unwrap_or_default(),
        Err(e) => v.push("marche", e),
    }
    f.facture_origine = String::new();
    if avoir {
        match text::optional(
            &form.facture_origine,
            "Numéro de la facture d'origine",
            MAX_NUMERO,
        ) {
            Ok(Some(o)) => f.facture_origine = o,
            Ok(None) if complet => v.push(
                "facture_origine",
                "Un avoir corrige une facture : indiquez le numéro de la facture d'origine.",
            ),
            Ok(None) => {}
            Err(e) => v.push("facture_origine", e),
        }
    }

    // Lignes, or the amounts of a PDF deposit
    f.lignes = Vec::new();
    f.montants_deposes = None;
    match form.mode_depot {
        ModeDepot::SaisiePortail => lire_lignes(&mut v, form, &mut f, complet),
        ModeDepot::DepotPdfPortail => lire_montants(&mut v, form, &mut f, complet),
    }

    // Montants
    f.remise_globale = match money::parse_montant(&form.remise_globale, "Remise globale TTC", false)
    {
        Ok(m) => m,
        Err(_) if form.remise_globale.trim().is_empty() => Montant::ZERO,
        Err(e) => {
            v.push("remise_globale", e);
            Montant::ZERO
        }
    };
    f.motif_remise = String::new();
    if f.remise_globale != Montant::ZERO {
        match text::optional(&form.motif_remise, "Motif de la remise globale", MAX_MOTIF) {
            Ok(Some(m)) => f.motif_remise = m,
            Ok(None) if complet => {
                v.push("motif_remise", "Indiquez le motif de la remise globale.")
            }
            Ok(None) => {}
            Err(e) => v.push("motif_remise", e),
        }
    }
    f.montant_a_payer = None;
    if !form.montant_a_payer.trim().is_empty() {
        match money::parse_montant(&form.montant_a_payer, "Montant à payer", false) {
            Ok(m) => f.montant_a_payer = Some(m),
            Err(e) => v.push("montant_a_payer", e),
        }
    }
    let totaux = f.totaux();
    if complet && !v.has("lignes") && !v.has("montant_ttc") {
        if totaux.total_ttc.0 <= 0 {
            let field = match form.mode_depot {
                ModeDepot::SaisiePortail => "lignes",
                ModeDepot::DepotPdfPortail => "montant_ttc",
            };
            v.push(field, match form.type_facture {
                TypeFacture::Avoir => "Le total de l'avoir doit être positif : c'est le montant qu'il rembourse.",
                _ => "Le total de la facture est négatif ou nul : un montant à rembourser se dépose en avoir.",
            });
        } else if f.remise_globale > totaux.total_ttc {
            v.push(
                "remise_globale",
                format!(
                    "La remise globale ne peut pas dépasser le total TTC ({}).",
                    totaux.total_ttc.fr_eur()
                ),
            );
        }
    }
    if let Some(m) = f.montant_a_payer {
        if form.cadre == Cadre::A2 && m != Montant::ZERO {
            v.push("montant_a_payer", "Une facture déjà payée (cadre A2) n'a plus rien à payer : le montant à payer est 0,00 €.");
        } else if complet && m > totaux.net_a_payer && !v.has("remise_globale") {
            v.push(
                "montant_a_payer",
                format!(
                    "Le montant à payer ne peut pas dépasser le total TTC après remise ({}).",
                    totaux.net_a_payer.fr_eur()
                ),
            );
        }
    }

    // Pièces jointes
    let mut total = 0u64;
    for p in &form.pieces {
        if let Err(e) = pieces_jointes::verifier_piece(&p.nom, p.taille, total) {
            v.push("pieces", e);
        }
        total += p.taille;
    }
    f.pieces = form.pieces.clone();
    if complet && form.mode_depot == ModeDepot::DepotPdfPortail && f.principale().is_none() {
        v.push(
            "pdf",
            "Joignez le PDF de la facture : c'est l'original de la facture déposée.",
        );
    }

    match text::optional(&form.commentaire, "Commentaire", MAX_COMMENTAIRE) {
        Ok(c) => f.commentaire = c.unwrap_or_default(),
        Err(e) => v.push("commentaire", e),
    }
    v.finish()?;
    Ok(f)
}

fn cadre_court(c: Cadre) -> &'static str {
    match c {
        Cadre::A1 => "A1",
        Cadre::A2 => "A2",
        Cadre::A9 => "A9",
        Cadre::A12 => "A12",
    }
}

/// What a recipient requires on an invoice, by its parameters (facts §2.3) and the chosen service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exigences {
    pub code_service: bool,
    pub ej: bool,
    /// At least one of the two.
    pub ej_ou_code_service: bool,
    /// The EJ is required by the chosen service rather than by the structure.
    pub ej_du_service: bool,
}

pub fn exigences(
    sb: &Sandbox,
    dest: &Structure,
    code_service: &str,
    today: NaiveDate,
) -> Exigences {
    use crate::organisation::structure::RecipientProfile as P;
    let profile = dest.parametres.profile();
    let ej_structure = matches!(profile, P::EjObligatoire | P::EjEtCodeService);
    let ej_service = !code_service.is_empty()
        && services_actifs(sb, &dest.id, today)
            .iter()
            .any(|s| s.code == code_service && s.ej_obligatoire);
    Exigences {
        code_service: matches!(profile, P::CodeServiceObligatoire | P::EjEtCodeService),
        ej: ej_structure || ej_service,
        ej_ou_code_service: profile == P::EjOuCodeService,
        ej_du_service: ej_service && !ej_structure,
    }
}

/// Code service and EJ according to the recipient's and the chosen service's parameters.
pub(crate) fn check_routage(
    sb: &Sandbox,
    v: &mut Validator,
    emetteur: &Structure,
    dest: &Structure,
    code_service: &str,
    ej: &str,
    today: NaiveDate,
) {
    if !code_service.is_empty() {
        let services = services_actifs(sb, &dest.id, today);
        match services.iter().find(|s| s.code == code_service) {
            Some(s) if s.code == FACTURES_PUBLIQUES && !emetteur.is_public() => v.push(
                "code_service",
                "Le service FACTURES_PUBLIQUES est réservé aux factures entre entités publiques : un fournisseur privé ne peut pas l'utiliser.",
            ),
            Some(_) => {}
            None => v.push(
                "code_service",
                format!("« {code_service} » n'est pas un service actif de ce destinataire : choisissez l'un de ses services."),
            ),
        }
    }
    let e = exigences(sb, dest, code_service, today);
    let (cs, has_ej) = (!code_service.is_empty(), !ej.is_empty());
    if e.code_service && !cs {
        v.push(
            "code_service",
            "Ce destinataire exige un code service : choisissez l'un de ses services actifs.",
        );
    }
    if e.ej_ou_code_service && !cs && !has_ej {
        let m = "Ce destinataire exige un code service ou un numéro d'engagement juridique : renseignez au moins l'un des deux.";
        v.push("code_service", m);
        v.push("ej", m);
    }
    if e.ej && !has_ej {
        if e.ej_du_service {
            v.push("ej", format!("Le service « {code_service} » exige un numéro d'engagement juridique (EJ) : saisissez celui de son bon de commande."));
        } else {
            v.push("ej", "Ce destinataire exige un numéro d'engagement juridique (EJ) : saisissez celui de son bon de commande.");
        }
    }
}

fn lire_lignes(v: &mut Validator, form: &FactureForm, f: &mut Facture, complet: bool) {
    if form.lignes.len() > MAX_LIGNES {
        v.push(
            "lignes",
            format!("Une facture saisie compte au plus {MAX_LIGNES} lignes."),
        );
        return;
    }
    let blank = |l: &LigneForm| *l == LigneForm::default();
    let lignes: Vec<&LigneForm> = form.lignes.iter().filter(|l| !blank(l)).collect();
    if lignes.is_empty() && complet {
        v.push("lignes", "Ajoutez au moins une ligne à la facture.");
    }
    for (i, l) in form.lignes.iter().enumerate() {
        if blank(l) {
            continue;
        }
        let n = i + 1;
        let field = |name: &str| champ_ligne(n, name);
        let mut ligne = Ligne::default();
        let mut text_field =
            |value: &str, label: &str, name: &str, max: usize, required: bool| -> String {
                match text::optional(value, label, max) {
                    Ok(Some(t)) => t,
                    Ok(None) => {
                        if required && complet {
                            v.push(
                                field(name),
                                format!("Ligne {n} : saisissez la désignation."),
                            );
                        }
                        String::new()
                    }
                    Err(e) => {
                        v.push(field(name), format!("Ligne {n} : {e}"));
                        String::new()
                    }
                }
            };
        ligne.reference = text_field(&l.reference, "Référence", "reference", MAX_REFERENCE, false);
        ligne.designation = text_field(
            &l.designation,
            "Désignation",
            "designation",
            MAX_DESIGNATION,
            true,
        );
        ligne.unite = text_field(&l.unite, "Unité", "unite", MAX_UNITE, false);
        if l.quantite.trim().is_empty() {
            if complet {
                v.push(
                    field("quantite"),
                    format!("Ligne {n} : saisissez la quantité."),
                );
            }
        } else {
            match money::parse_quantite(&l.quantite, "Quantité") {
                Ok(q) if q.0 == 0 => v.push(field("quantite"), format!("Ligne {n} : la quantité ne peut pas être nulle.")),
                Ok(q) if q.0 < 0 && form.type_facture != TypeFacture::Facture => v.push(
                    field("quantite"),
                    format!("Ligne {n} : une quantité négative n'est possible que sur une facture (ligne de correction) ; sur un avoir ou un acompte, saisissez des quantités positives."),
                ),
                Ok(q) => ligne.quantite = Some(q),
                Err(e) => v.push(field("quantite"), format!("Ligne {n} : {e}")),
            }
        }
        if l.prix.trim().is_empty() {
            if complet {
                v.push(
                    field("prix"),
                    format!("Ligne {n} : saisissez le prix unitaire HT."),
                );
            }
        } else {
            match money::parse_prix(&l.prix, "Prix unitaire HT") {
                Ok(p) => ligne.prix = Some(p),
                Err(e) => v.push(field("prix"), format!("Ligne {n} : {e}")),
            }
        }
        if !l.remise.trim().is_empty() {
            match money::parse_montant(&l.remise, "Remise HT", false) {
                Ok(r) => ligne.remise = r,
                Err(e) => v.push(field("remise"), format!("Ligne {n} : {e}")),
            }
        }
        if let (Some(q), Some(p)) = (ligne.quantite, ligne.prix) {
            let brut = money::montant_brut(q, p);
            if ligne.remise.0 > brut.0.abs() {
                v.push(
                    field("remise"),
                    format!(
                        "Ligne {n} : la remise dépasse le montant brut de la ligne ({}).",
                        brut.fr_eur()
                    ),
                );
            }
        }
        match l.taux_value() {
            Ok(Some(t)) if form.type_tva.sans_taxe() && t.0 != 0 => v.push(
                field("taux"),
                format!(
                    "Ligne {n} : avec le type de TVA « {} », toutes les lignes sont à 0 %.",
                    form.type_tva.label()
                ),
            ),
            Ok(Some(t)) => ligne.taux = Some(t),
            Ok(None) => {
                if complet {
                    v.push(
                        field("taux"),
                        format!("Ligne {n} : choisissez le taux de TVA."),
                    );
                }
            }
            Err(e) => v.push(field("taux"), format!("Ligne {n} : {e}")),
        }
        f.lignes.push(ligne);
    }
}

fn lire_montants(v: &mut Validator, form: &FactureForm, f: &mut Facture, complet: bool) {
    let mut read = |value: &str, label: &str, name: &'static str| -> Option<Montant> {
        if value.trim().is_empty() {
            if complet {
                v.push(
                    name,
                    format!(
                        "Saisissez le {} figurant sur la facture.",
                        label.to_lowercase()
                    ),
                );
            }
            return None;
        }
        match money::parse_montant(value, label, false) {
            Ok(m) => Some(m),
            Err(e) => {
                v.push(name, e);
                None
            }
        }
    };
    let ht = read(&form.montant_ht, "Montant HT", "montant_ht");
    let tva = read(&form.montant_tva, "Montant de TVA", "montant_tva");
    let ttc = read(&form.montant_ttc, "Montant TTC", "montant_ttc");
    // Consistency is for sending: a draft may hold amounts still being corrected.
    if let (Some(ht), Some(tva), Some(ttc), true) = (ht, tva, ttc, complet) {
        if ht.0 + tva.0 != ttc.0 {
            v.push(
                "montant_ttc",
                format!(
                    "Le total TTC doit être égal au total HT plus la TVA, soit {}.",
                    Montant(ht.0 + tva.0).fr_eur()
                ),
            );
        } else if form.type_tva.sans_taxe() && tva != Montant::ZERO {
            v.push(
                "montant_tva",
                format!(
                    "Avec le type de TVA « {} », le montant de TVA est 0,00 €.",
                    form.type_tva.label()
                ),
            );
        }
    }
    if ht.is_some() || tva.is_some() || ttc.is_some() {
        f.montants_deposes = Some(MontantsDeposes {
            ht: ht.unwrap_or_default(),
            tva: tva.unwrap_or_default(),
            ttc: ttc.unwrap_or_default(),
        });
    }
}

/// The structure an invoice of this form would be issued by, if the actor may issue invoices there.
fn emetteur_autorise<'a>(
    sb: &'a Sandbox,
    actor: &AccountId,
    emetteur: &StructureId,
) -> Result<&'a Rc<Structure>, DomainError> {
    authorize(sb, actor, emetteur, Action::EmettreFactures)
}

/// The draft `id`, if it is one and the actor may change it.
fn brouillon<'a>(
    sb: &'a Sandbox,
    actor: &AccountId,
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

pub fn facture<'a>(sb: &'a Sandbox, id: &FactureId) -> Result<&'a Rc<Facture>, DomainError> {
    sb.factures
        .get(id)
        .ok_or_else(|| DomainError::NotFound("Cette facture n'existe pas (ou plus).".to_string()))
}

/// The record a new draft starts from, or the stored draft.
fn base<'a>(
    sb: &'a Sandbox,
    actor: &AccountId,
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
            Ok((
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
                },
                s,
            ))
        }
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
    actor: &AccountId,
    emetteur: &StructureId,
    id: Option<&FactureId>,
    form: &FactureForm,
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
    actor: &AccountId,
    emetteur: &StructureId,
    id: Option<&FactureId>,
    form: &FactureForm,
    now: Timestamp,
) -> Result<Outcome<Enregistrement>, DomainError> {
    let (base, structure) = base(sb, actor, emetteur, id, now)?;
    let mut f = lire(sb, structure, form, &base, now, true)?;
    let retirees = pieces_retirees(sb, &f);
    f.statut = Statut::MiseADisposition;
    f.historique = vec![
        EtapeStatut::new(Statut::Deposee, now, Some(actor.clone()), None),
        EtapeStatut::new(Statut::MiseADisposition, now, None, None),
    ];
    f.empreinte = crate::facturation::certificat::empreinte(&f, now);
    let value = Enregistrement {
        facture: f.id.clone(),
        pieces_retirees: retirees,
    };
    let mails = crate::facturation::cycle::notifications(sb, &f, now);
    Ok(Outcome::new()
        .put(Record::Facture(Rc::new(f)))
        .put_all(mails.into_iter().map(|m| Record::Mail(Rc::new(m))))
        .with_value(value))
}

/// Deletes a draft; the value lists the attachments whose bytes can be freed.
pub fn supprimer_brouillon(
    sb: &Sandbox,
    actor: &AccountId,
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
    actor: &AccountId,
    id: &FactureId,
    now: Timestamp,
) -> Result<Outcome<FactureId>, DomainError> {
    let source = facture(sb, id)?;
    let structure = emetteur_autorise(sb, actor, &source.emetteur)?;
    let mut form = FactureForm::from_facture(sb, source);
    form.numero.clear();
    form.date.clear();
    form.pieces.clear();
    // What no longer exists is left out rather than refused: the copy is a draft to complete.
    if destinataire_par_identifiant(sb, &form.destinataire).is_err() {
        form.destinataire.clear();
    }
    if !structure
        .bank_accounts
        .iter()
        .any(|b| b.actif && b.id.as_str() == form.coordonnees_bancaires)
    {
        form.coordonnees_bancaires.clear();
    }
    let out = enregistrer_brouillon(sb, actor, &source.emetteur, None, &form, now)?;
    let new_id = out.value.facture.clone();
    Ok(out.with_value(new_id))
}

/// The bank account the invoice names, if it still exists.
pub fn compte_bancaire<'a>(
    sb: &'a Sandbox,
    f: &Facture,
) -> Option<&'a crate::organisation::structure::BankAccount> {
    let id: &BankAccountId = f.coordonnees_bancaires.as_ref()?;
    sb.structures
        .get(&f.emetteur)?
        .bank_accounts
        .iter()
        .find(|b| &b.id == id)
}

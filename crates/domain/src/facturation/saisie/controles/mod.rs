//! What the portal checks before sending (facts §3.8): the form read into an invoice's content,
//! field by field, each error on its typed field (`champs`). A draft may be incomplete (missing
//! values are fine) but never malformed (an amount that is not a number is refused even in a
//! draft). Sending checks everything.

mod lignes;

use super::formulaire::FormulaireFacture;
use crate::facturation::facture::{
    Cadre, Facture, ModeDepot, ModeReglement, TypeFacture, TypeTva, DEVISES,
};
use crate::facturation::pieces_jointes;
use crate::facturation::routage::{
    check_routage, destinataire_par_identifiant, services_actifs, ChampsRoutage, MAX_EJ,
};
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::{FactureId, StructureId};
use crate::kernel::money::{self, Montant};
use crate::kernel::text;
use crate::kernel::time::parse_day;
use crate::kernel::time::{paris_date, Timestamp};
use crate::organisation::structure::Structure;
use crate::sandbox::Sandbox;
use chrono::{Datelike, NaiveDate};
use lignes::{lire_lignes, lire_montants};

/// The fields of the invoice form, as the checks and the form both name them (the id is the
/// element id in the page).
pub mod champs {
    use crate::kernel::error::Champ;

    pub const PDF: Champ = Champ::new("pdf", "Facture PDF");
    pub const DESTINATAIRE: Champ = Champ::new("destinataire", "Identifiant du destinataire");
    pub const CODE_SERVICE: Champ = Champ::new("code_service", "Code service");
    pub const SERVICE_FOURNISSEUR: Champ = Champ::new("service_fournisseur", "Service fournisseur");
    pub const COORDONNEES_BANCAIRES: Champ =
        Champ::new("coordonnees_bancaires", "Coordonnées bancaires");
    pub const CADRE: Champ = Champ::new("cadre", "Cadre de facturation");
    pub const VALIDEUR: Champ = Champ::new("valideur", "Identifiant du valideur");
    pub const SERVICE_VALIDEUR: Champ = Champ::new("service_valideur", "Code service du valideur");
    pub const NUMERO: Champ = Champ::new("numero", "Numéro de facture");
    pub const DATE_FACTURE: Champ = Champ::new("date_facture", "Date de facture");
    pub const TYPE_FACTURE: Champ = Champ::new("type_facture", "Type de facture");
    pub const DEVISE: Champ = Champ::new("devise", "Devise");
    pub const TYPE_TVA: Champ = Champ::new("type_tva", "Type de TVA");
    pub const MOTIF_EXONERATION: Champ = Champ::new("motif_exoneration", "Motif d'exonération");
    pub const MODE_REGLEMENT: Champ = Champ::new("mode_reglement", "Mode de règlement");
    pub const EJ: Champ = Champ::new("ej", "Numéro d'engagement juridique");
    pub const MARCHE: Champ = Champ::new("marche", "Numéro de marché");
    pub const FACTURE_ORIGINE: Champ =
        Champ::new("facture_origine", "Numéro de la facture d'origine");
    pub const LIGNES: Champ = Champ::new("lignes", "Lignes de la facture");
    pub const MONTANT_HT: Champ = Champ::new("montant_ht", "Montant HT");
    pub const MONTANT_TVA: Champ = Champ::new("montant_tva", "Montant de TVA");
    pub const MONTANT_TTC: Champ = Champ::new("montant_ttc", "Montant TTC");
    pub const REMISE_GLOBALE: Champ = Champ::new("remise_globale", "Remise globale TTC");
    pub const MOTIF_REMISE: Champ = Champ::new("motif_remise", "Motif de la remise globale");
    pub const MONTANT_A_PAYER: Champ = Champ::new("montant_a_payer", "Montant à payer");
    pub const PIECES: Champ = Champ::new("pieces", "Pièces jointes");
    pub const COMMENTAIRE: Champ = Champ::new("commentaire", "Commentaire");

    /// The fields of each invoice line (`FieldId::Ligne { numero, champ }`).
    pub mod ligne {
        use crate::kernel::error::Champ;

        pub const REFERENCE: Champ = Champ::new("reference", "Référence");
        pub const DESIGNATION: Champ = Champ::new("designation", "Désignation");
        pub const QUANTITE: Champ = Champ::new("quantite", "Quantité");
        pub const UNITE: Champ = Champ::new("unite", "Unité");
        pub const PRIX: Champ = Champ::new("prix", "Prix unitaire HT");
        pub const REMISE: Champ = Champ::new("remise", "Remise HT");
        pub const TAUX: Champ = Champ::new("taux", "Taux de TVA");
        pub const TAUX_MANUEL: Champ = Champ::new("taux_manuel", "Taux manuel (%)");
    }
}

/// Where the saisie shows the recipient's routing errors.
pub const CHAMPS_ROUTAGE: ChampsRoutage = ChampsRoutage {
    code_service: champs::CODE_SERVICE,
    ej: champs::EJ,
};

pub const MAX_NUMERO: usize = 40;
pub const MAX_MARCHE: usize = 50;
pub const MAX_REFERENCE: usize = 50;
pub const MAX_DESIGNATION: usize = 255;
pub const MAX_UNITE: usize = 20;
/// Motifs (exonération, remise) follow the portal's 255-character motifs.
pub const MAX_MOTIF: usize = 255;
pub const MAX_COMMENTAIRE: usize = 1000;
pub const MAX_LIGNES: usize = 500;

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

/// The index key of an invoice number of `emetteur` in `annee` (case and surrounding spaces
/// ignored, as for the check): two tabs depositing the same number collide on it.
pub fn index_numero(emetteur: &StructureId, numero: &str, annee: i32) -> String {
    format!(
        "numero:{}:{annee}:{}",
        emetteur.as_str(),
        numero.trim().to_lowercase()
    )
}

/// Whether `numero` was already sent by `emetteur` in `annee` (case and surrounding spaces ignored).
pub fn numero_deja_utilise(
    sb: &Sandbox,
    emetteur: &StructureId,
    numero: &str,
    annee: i32,
    sauf: Option<&FactureId>,
) -> bool {
    let en_attente = crate::facturation::flux::numero_en_attente(sb, emetteur, numero, annee);
    let numero = numero.trim().to_lowercase();
    en_attente
        || sb.factures.values().any(|f| {
            &f.emetteur == emetteur
                && Some(&f.id) != sauf
                && !f.is_draft()
                && f.annee_depot() == Some(annee)
                && f.numero.to_lowercase() == numero
        })
}

/// What each part of the reading needs.
#[derive(Clone, Copy)]
struct Contexte<'a> {
    sb: &'a Sandbox,
    emetteur: &'a Structure,
    form: &'a FormulaireFacture,
    base: &'a Facture,
    today: NaiveDate,
    complet: bool,
}

/// Reads the form into an invoice's content. With `complet`, everything sending requires is
/// checked too; without, only what is typed must be well formed (a draft).
pub(crate) fn lire(
    sb: &Sandbox,
    emetteur: &Structure,
    form: &FormulaireFacture,
    base: &Facture,
    now: Timestamp,
    complet: bool,
) -> Result<Facture, DomainError> {
    let c = Contexte {
        sb,
        emetteur,
        form,
        base,
        today: paris_date(now),
        complet,
    };
    let mut v = Validator::new();
    let mut f = base.clone();
    f.mode_depot = form.mode_depot;
    f.cadre = form.cadre;
    f.type_facture = form.type_facture;
    f.type_tva = form.type_tva;
    for part in [
        destinataire,
        fournisseur,
        cadre,
        references,
        lignes_ou_montants,
        montants,
        pieces,
    ] {
        part(&c, &mut v, &mut f);
    }
    v.finish()?;
    Ok(f)
}

/// The recipient, its code service and EJ, checked against what it requires.
fn destinataire(c: &Contexte, v: &mut Validator, f: &mut Facture) {
    let Contexte {
        sb,
        emetteur,
        form,
        today,
        complet,
        ..
    } = *c;
    f.destinataire = None;
    let mut destinataire = None;
    if form.destinataire.trim().is_empty() {
        if complet {
            v.push(champs::DESTINATAIRE, "Indiquez le destinataire : son identifiant (SIRET), ou recherchez-le dans l'annuaire.");
        }
    } else {
        match destinataire_par_identifiant(sb, &form.destinataire) {
            Ok(s) if s.id == emetteur.id => v.push(
                champs::DESTINATAIRE,
                "Une structure ne peut pas se facturer elle-même.",
            ),
            Ok(s) => {
                f.destinataire = Some(s.id.clone());
                destinataire = Some(s);
            }
            Err(e) => v.push(champs::DESTINATAIRE, e),
        }
    }
    f.code_service = form.code_service.trim().to_string();
    f.ej = match text::optional(&form.ej, "Numéro d'engagement juridique", MAX_EJ) {
        Ok(t) => t.unwrap_or_default(),
        Err(e) => {
            v.push(champs::EJ, e);
            String::new()
        }
    };
    if let (Some(dest), true) = (destinataire, complet) {
        check_routage(
            sb,
            v,
            CHAMPS_ROUTAGE,
            emetteur,
            dest,
            &f.code_service,
            &f.ej,
            today,
        );
    }
}

/// The supplier side: its service and bank account.
fn fournisseur(c: &Contexte, v: &mut Validator, f: &mut Facture) {
    let Contexte {
        sb,
        emetteur,
        form,
        today,
        ..
    } = *c;
    f.service_fournisseur = form.service_fournisseur.trim().to_string();
    if !f.service_fournisseur.is_empty()
        && !services_actifs(sb, &emetteur.id, today)
            .iter()
            .any(|s| s.code == f.service_fournisseur)
    {
        v.push(
            champs::SERVICE_FOURNISSEUR,
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
                champs::COORDONNEES_BANCAIRES,
                "Ces coordonnées bancaires sont inactives : choisissez-en d'autres.",
            ),
            None => v.push(
                champs::COORDONNEES_BANCAIRES,
                "Ces coordonnées bancaires n'existent plus dans la fiche de votre structure.",
            ),
        }
    }
}

/// The cadre de facturation and, when it needs one, the valideur.
fn cadre(c: &Contexte, v: &mut Validator, f: &mut Facture) {
    let Contexte {
        sb,
        emetteur,
        form,
        today,
        complet,
        ..
    } = *c;
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
                v.push(champs::VALIDEUR, format!("Le cadre {} exige un valideur : indiquez l'identifiant de la structure titulaire du marché (ou du mandataire).", form.cadre.court()));
            }
        } else {
            match sb.structures.values().find(|s| s.identifier == raw && s.is_active()) {
                Some(s) if s.id == emetteur.id => v.push(champs::VALIDEUR, "Le valideur est le titulaire du marché : ce ne peut pas être votre propre structure."),
                Some(s) => {
                    f.valideur = Some(s.id.clone());
                    let code = form.service_valideur.trim();
                    if !code.is_empty() {
                        if services_actifs(sb, &s.id, today).iter().any(|sv| sv.code == code) {
                            f.service_valideur = code.to_string();
                        } else {
                            v.push(champs::SERVICE_VALIDEUR, format!("« {code} » n'est pas un service actif du valideur."));
                        }
                    }
                }
                None => v.push(champs::VALIDEUR, format!("Aucune structure active ne porte l'identifiant « {raw} » : le valideur doit avoir sa structure sur le portail.")),
            }
        }
    }
}

/// Number, date, currency, VAT option, payment mode, marché, the credited invoice.
fn references(c: &Contexte, v: &mut Validator, f: &mut Facture) {
    let Contexte {
        sb,
        emetteur,
        form,
        today,
        complet,
        ..
    } = *c;
    let avoir = form.type_facture == TypeFacture::Avoir;
    match text::optional(&form.numero, "Numéro de facture", MAX_NUMERO) {
        Ok(Some(n)) => f.numero = n,
        Ok(None) => {
            f.numero = String::new();
            if complet {
                v.push(
                    champs::NUMERO,
                    "Saisissez le numéro de la facture, tel qu'il figure sur le document.",
                );
            }
        }
        Err(e) => v.push(champs::NUMERO, e),
    }
    if !f.numero.is_empty() && est_date_du_jour(&f.numero, today) {
        v.push(champs::NUMERO, "La date du jour ne peut pas servir de numéro de facture : saisissez le numéro qui figure sur votre facture.");
    }
    if complet
        && !f.numero.is_empty()
        && numero_deja_utilise(sb, &emetteur.id, &f.numero, today.year(), Some(&f.id))
    {
        v.push(champs::NUMERO, NUMERO_DEJA_UTILISE);
    }
    match parse_day(&form.date, "Date de facture") {
        Ok(Some(d)) if d > today => {
            v.push(
                champs::DATE_FACTURE,
                "La date de facture ne peut pas être dans le futur.",
            );
            f.date = Some(d);
        }
        Ok(d) => {
            f.date = d;
            if d.is_none() && complet {
                v.push(
                    champs::DATE_FACTURE,
                    "Saisissez la date de la facture (jj/mm/aaaa).",
                );
            }
        }
        Err(e) => v.push(champs::DATE_FACTURE, e),
    }
    if DEVISES.iter().any(|(code, _)| *code == form.devise) {
        f.devise = form.devise.clone();
    } else {
        v.push(champs::DEVISE, "Choisissez une devise dans la liste.");
    }
    f.motif_exoneration = String::new();
    if form.type_tva == TypeTva::Exoneration {
        match text::optional(&form.motif_exoneration, "Motif d'exonération", MAX_MOTIF) {
            Ok(Some(m)) => f.motif_exoneration = m,
            Ok(None) if complet => v.push(champs::MOTIF_EXONERATION, "Une facture exonérée de TVA doit indiquer son motif d'exonération (par exemple l'article du CGI)."),
            Ok(None) => {}
            Err(e) => v.push(champs::MOTIF_EXONERATION, e),
        }
    }
    f.mode_reglement = None;
    if avoir {
        // No payment mode on a credit note: it is not paid by the recipient.
    } else if form.mode_reglement.is_empty() {
        if complet {
            v.push(champs::MODE_REGLEMENT, "Choisissez le mode de règlement.");
        }
    } else {
        match ModeReglement::from_code(&form.mode_reglement) {
            Some(m) => f.mode_reglement = Some(m),
            None => v.push(
                champs::MODE_REGLEMENT,
                "Choisissez un mode de règlement dans la liste.",
            ),
        }
    }
    if complet
        && f.mode_reglement == Some(ModeReglement::Virement)
        && f.coordonnees_bancaires.is_none()
        && !v.has(champs::COORDONNEES_BANCAIRES)
    {
        v.push(champs::COORDONNEES_BANCAIRES, "Un règlement par virement demande des coordonnées bancaires : choisissez-les (ou ajoutez-les dans la fiche de votre structure).");
    }
    match text::optional(&form.marche, "Numéro de marché", MAX_MARCHE) {
        Ok(m) => f.marche = m.unwrap_or_default(),
        Err(e) => v.push(champs::MARCHE, e),
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
                champs::FACTURE_ORIGINE,
                "Un avoir corrige une facture : indiquez le numéro de la facture d'origine.",
            ),
            Ok(None) => {}
            Err(e) => v.push(champs::FACTURE_ORIGINE, e),
        }
    }
}

/// The lines keyed in, or the amounts typed on a PDF deposit.
fn lignes_ou_montants(c: &Contexte, v: &mut Validator, f: &mut Facture) {
    let Contexte { form, complet, .. } = *c;
    f.lignes = Vec::new();
    f.montants_deposes = None;
    match form.mode_depot {
        ModeDepot::SaisiePortail | ModeDepot::UploadPortail => lire_lignes(v, form, f, complet),
        ModeDepot::DepotPdfPortail => lire_montants(v, form, f, complet),
    }
}

/// The remise globale, its motif, the montant à payer, against the totals.
fn montants(c: &Contexte, v: &mut Validator, f: &mut Facture) {
    let Contexte { form, complet, .. } = *c;
    f.remise_globale = match money::parse_montant(&form.remise_globale, "Remise globale TTC", false)
    {
        Ok(m) => m,
        Err(_) if form.remise_globale.trim().is_empty() => Montant::ZERO,
        Err(e) => {
            v.push(champs::REMISE_GLOBALE, e);
            Montant::ZERO
        }
    };
    f.motif_remise = String::new();
    if f.remise_globale != Montant::ZERO {
        match text::optional(&form.motif_remise, "Motif de la remise globale", MAX_MOTIF) {
            Ok(Some(m)) => f.motif_remise = m,
            Ok(None) if complet => v.push(
                champs::MOTIF_REMISE,
                "Indiquez le motif de la remise globale.",
            ),
            Ok(None) => {}
            Err(e) => v.push(champs::MOTIF_REMISE, e),
        }
    }
    f.montant_a_payer = None;
    if !form.montant_a_payer.trim().is_empty() {
        match money::parse_montant(&form.montant_a_payer, "Montant à payer", false) {
            Ok(m) => f.montant_a_payer = Some(m),
            Err(e) => v.push(champs::MONTANT_A_PAYER, e),
        }
    }
    let totaux = f.totaux();
    if complet && !v.has(champs::LIGNES) && !v.has(champs::MONTANT_TTC) {
        if totaux.total_ttc.0 <= 0 {
            let field = match form.mode_depot {
                ModeDepot::SaisiePortail | ModeDepot::UploadPortail => champs::LIGNES,
                ModeDepot::DepotPdfPortail => champs::MONTANT_TTC,
            };
            v.push(field, match form.type_facture {
                TypeFacture::Avoir => "Le total de l'avoir doit être positif : c'est le montant qu'il rembourse.",
                _ => "Le total de la facture est négatif ou nul : un montant à rembourser se dépose en avoir.",
            });
        } else if f.remise_globale > totaux.total_ttc {
            v.push(
                champs::REMISE_GLOBALE,
                format!(
                    "La remise globale ne peut pas dépasser le total TTC ({}).",
                    totaux.total_ttc.fr_eur()
                ),
            );
        }
    }
    if let Some(m) = f.montant_a_payer {
        if form.cadre == Cadre::A2 && m != Montant::ZERO {
            v.push(champs::MONTANT_A_PAYER, "Une facture déjà payée (cadre A2) n'a plus rien à payer : le montant à payer est 0,00 €.");
        } else if complet && m > totaux.net_a_payer && !v.has(champs::REMISE_GLOBALE) {
            v.push(
                champs::MONTANT_A_PAYER,
                format!(
                    "Le montant à payer ne peut pas dépasser le total TTC après remise ({}).",
                    totaux.net_a_payer.fr_eur()
                ),
            );
        }
    }
}

/// The attachments (the deposited PDF checked on its bytes) and the comment.
fn pieces(c: &Contexte, v: &mut Validator, f: &mut Facture) {
    let Contexte {
        form,
        base,
        complet,
        ..
    } = *c;
    let mut total = 0u64;
    for p in &form.pieces {
        if let Err(e) = pieces_jointes::verifier_piece(&p.nom, p.taille, total) {
            v.push(champs::PIECES, e);
        }
        total += p.taille;
    }
    f.pieces = form.pieces.clone();
    // The deposited PDF is checked on its bytes when it is new in this form (one already stored
    // was checked when it was saved), whatever the page says of it.
    for p in form.pieces.iter().filter(|p| p.principale) {
        if base.pieces.iter().any(|b| b.id == p.id) {
            continue;
        }
        let verdict = match form.octets.get(&p.id) {
            Some(octets) if octets.len() as u64 != p.taille => Err(format!(
                "Le fichier « {} » a changé depuis qu'il a été choisi : choisissez-le à nouveau.",
                p.nom
            )),
            Some(octets) => pieces_jointes::verifier_pdf(&p.nom, octets),
            None => Err(format!(
                "Le fichier « {} » n'a pas été lu : choisissez-le à nouveau.",
                p.nom
            )),
        };
        if let Err(e) = verdict {
            v.push(champs::PDF, e);
        }
    }
    if form.pieces.iter().filter(|p| p.principale).count() > 1 {
        v.push(
            champs::PDF,
            "Une facture déposée a un seul PDF : retirez les autres.",
        );
    }
    if complet && form.mode_depot == ModeDepot::DepotPdfPortail && f.principale().is_none() {
        v.push(
            champs::PDF,
            "Joignez le PDF de la facture : c'est l'original de la facture déposée.",
        );
    }

    match text::optional(&form.commentaire, "Commentaire", MAX_COMMENTAIRE) {
        Ok(c) => f.commentaire = c.unwrap_or_default(),
        Err(e) => v.push(champs::COMMENTAIRE, e),
    }
}

//! « Dépôt de flux » (facts §4.7, §6.1): UBL, CII or Factur-X files deposited on the portal (what
//! EDI and API partners send, and what a portal user uploads). The sandbox creates a **flux** with
//! its own number; the flux moves on the sandbox clock through IN_RECU → IN_TRAITE_SE_CPP →
//! IN_EN_ATTENTE_TRAITEMENT_CPP → IN_EN_COURS_TRAITEMENT_CPP → IN_INTEGRE / IN_INTEGRE_PARTIEL /
//! IN_REJETE, and its **compte rendu** lists the technical errors (per file) and the errors of each
//! invoice (`listeErreurDP`): the same checks as the saisie, plus the EN 16931 totals.
//!
//! The files are read by the `formats` crate into [`FichierLu`]; this module decides. The checks
//! run at the deposit (the compte rendu is decided then, shown once the flux is processed); the
//! invoices that pass wait in the flux and enter « Factures émises » at the last step, each with
//! the mode de dépôt `UPLOAD_PORTAIL`. Their numbers are taken at the deposit.

use crate::facturation::facture::{EtapeStatut, Facture, ModeDepot, Statut};
use crate::facturation::notifications::notifications;
use crate::facturation::saisie::controles::{self, champs, lire, NUMERO_DEJA_UTILISE};
use crate::facturation::saisie::formulaire::FormulaireFacture;
use crate::kernel::error::{DomainError, FieldId};
use crate::kernel::ids::{CompteId, FactureId, FluxId, StructureId};
use crate::kernel::money::Montant;
use crate::kernel::time::{paris_date, Timestamp};
use crate::organisation::droits::Action;
use crate::organisation::rattachement::authorize;
use crate::organisation::structure::Structure;
use crate::sandbox::{Outcome, Record, Sandbox};
use chrono::{Datelike, Duration};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Most invoices in one flux (facts: one E1 flow ≤ 500 invoices).
pub const MAX_FACTURES_FLUX: usize = 500;
/// Most files in one deposit.
pub const MAX_FICHIERS: usize = 500;
/// Most errors kept in a compte rendu (beyond, one line says how many were left out).
pub const MAX_ERREURS: usize = 2_000;
pub const MAX_LIBELLE: usize = 1_000;
pub const MAX_NOM_FICHIER: usize = 255;

/// The flow statuses (facts §4.7; `etatCourantDepotFlux`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StatutFlux {
    #[default]
    InRecu,
    InTraiteSeCpp,
    InEnAttenteTraitementCpp,
    InEnCoursTraitementCpp,
    InIntegre,
    InIntegrePartiel,
    InRejete,
}

impl StatutFlux {
    pub const ALL: [StatutFlux; 7] = [
        StatutFlux::InRecu,
        StatutFlux::InTraiteSeCpp,
        StatutFlux::InEnAttenteTraitementCpp,
        StatutFlux::InEnCoursTraitementCpp,
        StatutFlux::InIntegre,
        StatutFlux::InIntegrePartiel,
        StatutFlux::InRejete,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StatutFlux::InRecu => "IN_RECU",
            StatutFlux::InTraiteSeCpp => "IN_TRAITE_SE_CPP",
            StatutFlux::InEnAttenteTraitementCpp => "IN_EN_ATTENTE_TRAITEMENT_CPP",
            StatutFlux::InEnCoursTraitementCpp => "IN_EN_COURS_TRAITEMENT_CPP",
            StatutFlux::InIntegre => "IN_INTEGRE",
            StatutFlux::InIntegrePartiel => "IN_INTEGRE_PARTIEL",
            StatutFlux::InRejete => "IN_REJETE",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatutFlux::InRecu => "Reçu",
            StatutFlux::InTraiteSeCpp => "Traité par le système d'échange",
            StatutFlux::InEnAttenteTraitementCpp => "En attente de traitement",
            StatutFlux::InEnCoursTraitementCpp => "En cours de traitement",
            StatutFlux::InIntegre => "Intégré",
            StatutFlux::InIntegrePartiel => "Intégré partiellement",
            StatutFlux::InRejete => "Rejeté",
        }
    }

    /// The badge's colour, as the invoice statuses' tones.
    pub fn tone(self) -> &'static str {
        match self {
            StatutFlux::InIntegre => "paye",
            StatutFlux::InIntegrePartiel => "attention",
            StatutFlux::InRejete => "rejet",
            _ => "encours",
        }
    }

    pub fn est_final(self) -> bool {
        matches!(
            self,
            StatutFlux::InIntegre | StatutFlux::InIntegrePartiel | StatutFlux::InRejete
        )
    }

    /// The next intermediate status and the sandbox-time delay after the deposit at which it is
    /// reached (the facts give no delay: a few minutes, chosen for training).
    fn suivant(self) -> Option<(StatutFlux, i64)> {
        match self {
            StatutFlux::InRecu => Some((StatutFlux::InTraiteSeCpp, 1)),
            StatutFlux::InTraiteSeCpp => Some((StatutFlux::InEnAttenteTraitementCpp, 2)),
            StatutFlux::InEnAttenteTraitementCpp => Some((StatutFlux::InEnCoursTraitementCpp, 5)),
            _ => None,
        }
    }
}

/// Minutes of sandbox time between the deposit and the end of the processing.
pub const MINUTES_TRAITEMENT: i64 = 10;

/// The flow syntax (`syntaxeFlux`, facts §6.1).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Syntaxe {
    #[default]
    InDpE1Cii16b,
    InDpE1UblInvoice,
    InDpE2CiiFacturx,
}

impl Syntaxe {
    pub fn code(self) -> &'static str {
        match self {
            Syntaxe::InDpE1Cii16b => "IN_DP_E1_CII_16B",
            Syntaxe::InDpE1UblInvoice => "IN_DP_E1_UBL_INVOICE",
            Syntaxe::InDpE2CiiFacturx => "IN_DP_E2_CII_FACTURX",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Syntaxe::InDpE1Cii16b => "CII D16B (XML)",
            Syntaxe::InDpE1UblInvoice => "UBL 2.1 (XML)",
            Syntaxe::InDpE2CiiFacturx => "Factur-X (PDF/A-3 avec CII)",
        }
    }
}

/// A technical error (`listeErreurTechnique`): the file could not be read as an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErreurTechnique {
    #[serde(rename = "f")]
    pub fichier: String,
    /// `codeErreur`: a short code of the sandbox (the portal's own codes are not public).
    #[serde(rename = "c")]
    pub code: String,
    #[serde(rename = "l")]
    pub libelle: String,
    /// Line in the file, when known.
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub ligne: Option<u32>,
}

/// An invoice's error (`listeErreurDP`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErreurDp {
    /// `numeroDP`: the invoice number as the file gives it (may be empty).
    #[serde(rename = "no", default, skip_serializing_if = "String::is_empty")]
    pub numero: String,
    #[serde(rename = "f")]
    pub fichier: String,
    /// Line of the invoice in the file.
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub ligne: Option<u32>,
    #[serde(rename = "fo", default, skip_serializing_if = "String::is_empty")]
    pub identifiant_fournisseur: String,
    #[serde(rename = "de", default, skip_serializing_if = "String::is_empty")]
    pub identifiant_destinataire: String,
    /// `libelleErreurDP`.
    #[serde(rename = "l")]
    pub libelle: String,
    /// The EN 16931 rule, when one applies (`BR-CO-15`…).
    #[serde(rename = "r", default, skip_serializing_if = "String::is_empty")]
    pub regle: String,
}

/// One step of the flow's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EtapeFlux {
    #[serde(rename = "s")]
    pub statut: StatutFlux,
    #[serde(rename = "t", with = "crate::kernel::time::millis")]
    pub at: Timestamp,
}

/// A deposited flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flux {
    pub id: FluxId,
    /// `numeroFluxDepot`.
    #[serde(rename = "no")]
    pub numero: String,
    #[serde(rename = "em")]
    pub emetteur: StructureId,
    #[serde(rename = "pa")]
    pub depose_par: CompteId,
    #[serde(rename = "sy", default)]
    pub syntaxe: Syntaxe,
    /// The names of the deposited files.
    #[serde(rename = "fi", default, skip_serializing_if = "Vec::is_empty")]
    pub fichiers: Vec<String>,
    #[serde(rename = "st", default)]
    pub statut: StatutFlux,
    /// Oldest first; the first step is the deposit.
    #[serde(rename = "hi")]
    pub historique: Vec<EtapeFlux>,
    /// How many invoices the files held.
    #[serde(rename = "nb", default)]
    pub nb_factures: u32,
    #[serde(rename = "et", default, skip_serializing_if = "Vec::is_empty")]
    pub erreurs_techniques: Vec<ErreurTechnique>,
    #[serde(rename = "ed", default, skip_serializing_if = "Vec::is_empty")]
    pub erreurs_dp: Vec<ErreurDp>,
    /// The invoices that passed the checks, waiting for the end of the processing.
    #[serde(rename = "at", default, skip_serializing_if = "Vec::is_empty")]
    pub en_attente: Vec<Facture>,
    /// The invoices integrated, in « Factures émises ».
    #[serde(rename = "in", default, skip_serializing_if = "Vec::is_empty")]
    pub integrees: Vec<FactureId>,
}

impl Flux {
    pub fn depose_le(&self) -> Timestamp {
        self.historique.first().map(|e| e.at).unwrap_or_default()
    }

    /// The status the flux ends with, as decided at the deposit.
    pub fn statut_final(&self) -> StatutFlux {
        let ok = self.en_attente.len() + self.integrees.len();
        if ok == 0 {
            StatutFlux::InRejete
        } else if self.erreurs_dp.is_empty() && self.erreurs_techniques.is_empty() {
            StatutFlux::InIntegre
        } else {
            StatutFlux::InIntegrePartiel
        }
    }
}

/// Totals as the file declares them (what EN 16931 checks against the lines).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotauxDeclares {
    /// BT-106 sum of line net amounts.
    pub lignes: Option<Montant>,
    /// BT-109 total without VAT.
    pub ht: Option<Montant>,
    /// BT-110 total VAT.
    pub tva: Option<Montant>,
    /// BT-112 total with VAT.
    pub ttc: Option<Montant>,
    /// BT-113 paid amount.
    pub deja_paye: Option<Montant>,
    /// BT-115 amount due.
    pub a_payer: Option<Montant>,
}

/// One invoice read from a file, as the form would hold it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FactureLue {
    /// Line of the invoice in its file.
    pub ligne: u32,
    /// BT-29/BT-30: the seller's identifier (SIRET).
    pub fournisseur: String,
    /// BT-84: the account the payment goes to (looked up in the supplier's fiche).
    pub iban: String,
    pub form: FormulaireFacture,
    pub totaux: TotauxDeclares,
}

/// A deposited file is under 50 Mo.
pub const MAX_OCTETS: usize = 50_000_000;

/// A file read by the `formats` crate: its invoices, or what made it unreadable. Serialised: the
/// files are read in the formats worker (`crates/formats-worker`), which sends this back as JSON.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FichierLu {
    pub nom: String,
    pub syntaxe: Option<Syntaxe>,
    pub factures: Vec<FactureLue>,
    pub erreurs: Vec<ErreurTechnique>,
}

/// The form's field as EN 16931 names it, for the compte rendu.
fn terme(field: &FieldId) -> &'static str {
    let FieldId::Champ(c) = field else {
        return "BG-25";
    };
    match c.id {
        "destinataire" => "BT-46",
        "code_service" => "BT-10",
        "ej" => "BT-13",
        "marche" => "BT-12",
        "numero" => "BT-1",
        "date_facture" => "BT-2",
        "type_facture" => "BT-3",
        "devise" => "BT-5",
        "mode_reglement" => "BT-81",
        "coordonnees_bancaires" => "BT-84",
        "facture_origine" => "BT-25",
        "cadre" => "BT-23",
        "motif_exoneration" => "BT-120",
        _ => "",
    }
}

/// The invoice a read invoice would become, checked like a saisie (`complet`: every check of
/// « Valider et envoyer »; without, only the well-formedness, as for a draft). Errors are the
/// compte rendu's lines.
pub fn facture_lue(
    sb: &Sandbox,
    structure: &Structure,
    actor: &CompteId,
    lue: &FactureLue,
    now: Timestamp,
    complet: bool,
) -> Result<Facture, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut form = lue.form.clone();
    form.mode_depot = ModeDepot::UploadPortail;
    let fournisseur: String = lue.fournisseur.split_whitespace().collect();
    if fournisseur != structure.identifier {
        errors.push((
            format!(
                "Le fournisseur de la facture (identifiant « {} ») n'est pas la structure qui dépose le flux ({}, {}).",
                lue.fournisseur, structure.raison_sociale, structure.identifier
            ),
            "BT-29".to_string(),
        ));
    }
    let iban: String = lue.iban.split_whitespace().collect();
    if !iban.is_empty() {
        match structure
            .bank_accounts
            .iter()
            .find(|b| b.iban.split_whitespace().collect::<String>() == iban)
        {
            Some(b) => form.coordonnees_bancaires = b.id.to_string(),
            None => errors.push((
                format!("L'IBAN « {iban} » n'est pas dans les coordonnées bancaires de votre structure : ajoutez-le dans sa fiche."),
                "BT-84".to_string(),
            )),
        }
    }
    let base = crate::facturation::saisie::commandes::nouvelle_facture(actor, &structure.id, now);
    let f = match lire(sb, structure, &form, &base, now, complet) {
        Ok(f) => Some(f),
        Err(DomainError::Invalid(fields)) => {
            for e in fields {
                errors.push((e.resume(), terme(&e.field).to_string()));
            }
            None
        }
        Err(e) => {
            errors.push((e.to_string(), String::new()));
            None
        }
    };
    if let Some(f) = &f {
        errors.extend(ecarts_totaux(f, &lue.totaux));
    }
    match f {
        Some(f) if errors.is_empty() => Ok(f),
        _ => Err(errors),
    }
}

/// The EN 16931 business rules on the totals: the file's totals against each other and against
/// the portal's own computation from the lines.
fn ecarts_totaux(f: &Facture, d: &TotauxDeclares) -> Vec<(String, String)> {
    let t = f.totaux();
    let mut out = Vec::new();
    let mut ecart = |regle: &str, quoi: &str, declare: Montant, attendu: Montant| {
        if declare != attendu {
            out.push((
                format!(
                    "{quoi} : le fichier indique {}, le calcul donne {}.",
                    declare.fr_eur(),
                    attendu.fr_eur()
                ),
                regle.to_string(),
            ));
        }
    };
    if let Some(l) = d.lignes {
        ecart(
            "BR-CO-10",
            "Somme des montants nets des lignes (BT-106)",
            l,
            t.total_ht,
        );
    }
    if let Some(ht) = d.ht {
        ecart(
            "BR-CO-13",
            "Total HT (BT-109)",
            ht,
            d.lignes.unwrap_or(t.total_ht),
        );
    }
    if let Some(tva) = d.tva {
        ecart("BR-CO-14", "Total de la TVA (BT-110)", tva, t.total_tva);
    }
    if let (Some(ttc), Some(ht), Some(tva)) = (d.ttc, d.ht, d.tva) {
        ecart(
            "BR-CO-15",
            "Total TTC (BT-112) = total HT (BT-109) + TVA (BT-110)",
            ttc,
            ht + tva,
        );
    }
    if let (Some(due), Some(ttc)) = (d.a_payer, d.ttc) {
        ecart(
            "BR-CO-16",
            "Montant à payer (BT-115) = total TTC (BT-112) − montant déjà payé (BT-113)",
            due,
            ttc - d.deja_paye.unwrap_or_default(),
        );
    }
    out
}

/// The next flow number of the sandbox (« CPP » + year + sequence; the portal's numbering is not
/// documented).
fn prochain_numero(sb: &Sandbox, now: Timestamp) -> String {
    let annee = paris_date(now).year();
    let prefixe = format!("CPP{annee}");
    let suivant = sb
        .flux
        .values()
        .filter_map(|f| f.numero.strip_prefix(&prefixe)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    format!("{prefixe}{suivant:07}")
}

/// The index key of a flow number: two tabs depositing at once collide on it.
pub fn index_flux(numero: &str) -> String {
    format!("flux:{numero}")
}

/// Whether `numero` is an invoice number waiting in a flux of `emetteur` for `annee`.
pub fn numero_en_attente(sb: &Sandbox, emetteur: &StructureId, numero: &str, annee: i32) -> bool {
    let numero = numero.trim().to_lowercase();
    sb.flux.values().any(|fl| {
        &fl.emetteur == emetteur
            && paris_date(fl.depose_le()).year() == annee
            && fl
                .en_attente
                .iter()
                .any(|f| f.numero.to_lowercase() == numero)
    })
}

/// What a deposit produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Depot {
    pub flux: FluxId,
    pub numero: String,
}

/// « Déposer » one or several files: a new flux of the structure `emetteur`, IN_RECU, with its
/// compte rendu decided now. Refused (nothing created) only when no file was given or the actor
/// may not deposit; unreadable files and faulty invoices are the compte rendu's content.
pub fn deposer(
    sb: &Sandbox,
    actor: &CompteId,
    emetteur: &StructureId,
    fichiers: &[FichierLu],
    now: Timestamp,
) -> Result<Outcome<Depot>, DomainError> {
    let structure = authorize(sb, actor, emetteur, Action::DeposerFlux)?;
    if fichiers.is_empty() {
        return Err(DomainError::field(
            CHAMP_FICHIERS,
            "Choisissez au moins un fichier (UBL, CII ou Factur-X).",
        ));
    }
    if fichiers.len() > MAX_FICHIERS {
        return Err(DomainError::field(
            CHAMP_FICHIERS,
            format!("Un flux compte au plus {MAX_FICHIERS} fichiers."),
        ));
    }
    let total: usize = fichiers.iter().map(|f| f.factures.len()).sum();
    if total > MAX_FACTURES_FLUX {
        return Err(DomainError::field(
            CHAMP_FICHIERS,
            format!("Un flux compte au plus {MAX_FACTURES_FLUX} factures ; ces fichiers en ont {total} : déposez-les en plusieurs flux."),
        ));
    }
    let annee = paris_date(now).year();
    let mut flux = Flux {
        id: FluxId::generate(),
        numero: prochain_numero(sb, now),
        emetteur: emetteur.clone(),
        depose_par: actor.clone(),
        syntaxe: fichiers.iter().find_map(|f| f.syntaxe).unwrap_or_default(),
        fichiers: fichiers
            .iter()
            .map(|f| borne(&f.nom, MAX_NOM_FICHIER))
            .collect(),
        statut: StatutFlux::InRecu,
        historique: vec![EtapeFlux {
            statut: StatutFlux::InRecu,
            at: now,
        }],
        nb_factures: u32::try_from(total).unwrap_or(u32::MAX),
        erreurs_techniques: Vec::new(),
        erreurs_dp: Vec::new(),
        en_attente: Vec::new(),
        integrees: Vec::new(),
    };
    let mut out = Outcome::new();
    let mut numeros: Vec<String> = Vec::new();
    for fichier in fichiers {
        for e in &fichier.erreurs {
            if flux.erreurs_techniques.len() < MAX_ERREURS {
                flux.erreurs_techniques.push(ErreurTechnique {
                    fichier: borne(&e.fichier, MAX_NOM_FICHIER),
                    code: borne(&e.code, 40),
                    libelle: borne(&e.libelle, MAX_LIBELLE),
                    ligne: e.ligne,
                });
            }
        }
        for lue in &fichier.factures {
            let numero = lue.form.numero.trim().to_string();
            let mut resultat = facture_lue(sb, structure, actor, lue, now, true);
            let cle = numero.to_lowercase();
            if !numero.is_empty()
                && (numeros.contains(&cle) || numero_en_attente(sb, emetteur, &numero, annee))
            {
                let doublon = (
                    format!("{} : {NUMERO_DEJA_UTILISE}.", champs::NUMERO.libelle),
                    "BT-1".to_string(),
                );
                resultat = match resultat {
                    Ok(_) => Err(vec![doublon]),
                    Err(mut v) => {
                        v.push(doublon);
                        Err(v)
                    }
                };
            }
            match resultat {
                Ok(mut f) => {
                    numeros.push(cle);
                    f.id = FactureId::generate();
                    out = out.taking(
                        controles::index_numero(emetteur, &f.numero, annee),
                        DomainError::field(champs::NUMERO, NUMERO_DEJA_UTILISE),
                    );
                    flux.en_attente.push(f);
                }
                Err(errors) => {
                    for (libelle, regle) in errors {
                        if flux.erreurs_dp.len() >= MAX_ERREURS {
                            break;
                        }
                        flux.erreurs_dp.push(ErreurDp {
                            numero: borne(&numero, controles::MAX_NUMERO),
                            fichier: borne(&fichier.nom, MAX_NOM_FICHIER),
                            ligne: Some(lue.ligne),
                            identifiant_fournisseur: borne(&lue.fournisseur, 40),
                            identifiant_destinataire: borne(&lue.form.destinataire, 40),
                            libelle: borne(&libelle, MAX_LIBELLE),
                            regle,
                        });
                    }
                }
            }
        }
    }
    let depot = Depot {
        flux: flux.id.clone(),
        numero: flux.numero.clone(),
    };
    let index = index_flux(&flux.numero);
    Ok(out
        .put(Record::Flux(Rc::new(flux)))
        .taking(
            index,
            DomainError::Rule(
                "Un autre onglet vient de déposer un flux sous ce numéro : déposez à nouveau."
                    .to_string(),
            ),
        )
        .with_value(depot))
}

/// The field of the deposit form.
pub const CHAMP_FICHIERS: crate::kernel::error::Champ =
    crate::kernel::error::Champ::new("fichiers-flux", "Fichiers à déposer");

/// At most `max` characters of a text taken from a file.
fn borne(s: &str, max: usize) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Moves every flux whose next step is due on the sandbox clock; the last step integrates the
/// invoices that passed (DEPOSEE then MISE_A_DISPOSITION, dated when the step was due).
pub fn avancer(sb: &Sandbox, now: Timestamp) -> Result<Outcome<usize>, DomainError> {
    let mut out = Outcome::new();
    let mut steps = 0;
    for fl in sb.flux.values() {
        if fl.statut.est_final() {
            continue;
        }
        let depose = fl.depose_le();
        let mut n: Option<Flux> = None;
        loop {
            let current = n.as_ref().unwrap_or(fl);
            let (statut, minutes) = match current.statut.suivant() {
                Some(s) => s,
                None => (current.statut_final(), MINUTES_TRAITEMENT),
            };
            let Some(due) = depose.checked_add_signed(Duration::minutes(minutes)) else {
                break;
            };
            if due > now || current.statut.est_final() {
                break;
            }
            let mut next = current.clone();
            next.statut = statut;
            next.historique.push(EtapeFlux { statut, at: due });
            if statut.est_final() {
                for mut f in std::mem::take(&mut next.en_attente) {
                    f.statut = Statut::MiseADisposition;
                    f.historique = vec![
                        EtapeStatut::new(Statut::Deposee, due, Some(fl.depose_par.clone()), None),
                        EtapeStatut::new(Statut::MiseADisposition, due, None, None),
                    ];
                    f.empreinte = crate::facturation::certificat::empreinte(&f, due);
                    let mails = notifications(sb, &f, due);
                    next.integrees.push(f.id.clone());
                    out = out
                        .put(Record::Facture(Rc::new(f)))
                        .put_all(mails.into_iter().map(|m| Record::Courriel(Rc::new(m))));
                }
            }
            n = Some(next);
            steps += 1;
        }
        if let Some(n) = n {
            out = out.put(Record::Flux(Rc::new(n)));
        }
    }
    Ok(out.with_value(steps))
}

/// The flows a structure deposited, newest first.
pub fn flux_de<'a>(sb: &'a Sandbox, structure: &StructureId) -> Vec<&'a Rc<Flux>> {
    let mut out: Vec<&Rc<Flux>> = sb
        .flux
        .values()
        .filter(|f| &f.emetteur == structure)
        .collect();
    out.sort_by(|a, b| {
        b.depose_le()
            .cmp(&a.depose_le())
            .then_with(|| b.numero.cmp(&a.numero))
    });
    out
}

/// The API's `consulterCRDetaille` answer for this flow (the fields of facts `formats-facts.md`,
/// « API payloads »): its current status, the invoices' errors (`listeErreurDP`) and the
/// technical ones (`listeErreurTechnique`), both empty until the flow is processed, as its compte
/// rendu is. Pretty-printed JSON.
pub fn reponse_consulter_cr_detaille(fl: &Flux) -> String {
    #[derive(Serialize)]
    struct ErreurDpApi<'a> {
        #[serde(rename = "numeroDP")]
        numero: &'a str,
        #[serde(rename = "libelleErreurDP")]
        libelle: String,
        #[serde(rename = "identifiantFournisseur")]
        fournisseur: &'a str,
        #[serde(rename = "identifiantDestinataire")]
        destinataire: &'a str,
    }
    #[derive(Serialize)]
    struct ErreurTechniqueApi<'a> {
        #[serde(rename = "codeErreur")]
        code: &'a str,
        #[serde(rename = "libelleErreur")]
        libelle: &'a str,
        #[serde(rename = "natureErreur")]
        nature: String,
    }
    #[derive(Serialize)]
    struct Reponse<'a> {
        #[serde(rename = "etatCourantDepotFlux")]
        etat: &'static str,
        #[serde(rename = "listeErreurDP")]
        dp: Vec<ErreurDpApi<'a>>,
        #[serde(rename = "listeErreurTechnique")]
        techniques: Vec<ErreurTechniqueApi<'a>>,
    }
    let fini = fl.statut.est_final();
    let r = Reponse {
        etat: fl.statut.code(),
        dp: fl
            .erreurs_dp
            .iter()
            .filter(|_| fini)
            .map(|e| ErreurDpApi {
                numero: &e.numero,
                libelle: if e.regle.is_empty() {
                    e.libelle.clone()
                } else {
                    format!("{} ({})", e.libelle, e.regle)
                },
                fournisseur: &e.identifiant_fournisseur,
                destinataire: &e.identifiant_destinataire,
            })
            .collect(),
        techniques: fl
            .erreurs_techniques
            .iter()
            .filter(|_| fini)
            .map(|e| ErreurTechniqueApi {
                code: &e.code,
                libelle: &e.libelle,
                // Where the fault is: the portal's own wording of this field is not public.
                nature: match e.ligne {
                    Some(l) => format!("fichier {}, ligne {l}", e.fichier),
                    None => format!("fichier {}", e.fichier),
                },
            })
            .collect(),
    };
    serde_json::to_string_pretty(&r).unwrap_or_default()
}

/// The flux `id`, if the actor may see its structure's flows.
pub fn consulter<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    id: &FluxId,
) -> Result<&'a Rc<Flux>, DomainError> {
    let f = sb
        .flux
        .get(id)
        .ok_or_else(|| DomainError::NotFound("Ce flux n'existe pas (ou plus).".to_string()))?;
    authorize(sb, actor, &f.emetteur, Action::ConsulterFlux)?;
    Ok(f)
}

/// The flux an invoice was integrated by, if any (its « numéro de flux »).
pub fn flux_de_facture<'a>(sb: &'a Sandbox, facture: &FactureId) -> Option<&'a Rc<Flux>> {
    sb.flux.values().find(|fl| fl.integrees.contains(facture))
}

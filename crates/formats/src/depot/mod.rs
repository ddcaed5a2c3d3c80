//! The readers of « Dépôt de flux »: UBL 2.1 Invoice/CreditNote, CII D16B and Factur-X PDF
//! (its embedded `factur-x.xml`), one file or several, or a ZIP of them → the invoices as the
//! saisie form would hold them (`domain::facturation::flux::FichierLu`).
//!
//! Two kinds of faults:
//! - a **hostile** file (50 Mo or more, not UTF-8, a DTD or an undeclared entity, nesting deeper
//!   than 64, a ZIP bomb…) is refused with a French message: nothing is deposited;
//! - a file that is not an invoice (not XML, unknown syntax, a mandatory element missing, an
//!   amount that is not one) gives **technical errors** with their line: the flux is created and
//!   its compte rendu says them (IN_REJETE if no invoice is left).
//!
//! What EN 16931 cannot carry is left out: attachments referenced without their content, and the
//! valideur of an A9/A12 invoice (the flux then reports the valideur missing).

mod arbre;
mod cii;
pub mod conteneurs;
mod ubl;

use domain::facturation::facture::ModeDepot;
use domain::facturation::flux::{ErreurTechnique, FactureLue, FichierLu, Syntaxe};
use domain::facturation::saisie::formulaire::{FormulaireFacture, FormulaireLigne, TAUX_MANUEL};
use domain::kernel::money::{self, Montant, Taux};

/// A deposited file is under 50 Mo (the domain's limit, also checked by the app before reading).
pub use domain::facturation::flux::MAX_OCTETS;

const UBL_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const UBL_CREDIT: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const CII: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";

/// At most `max` characters of `s`, for a message.
pub(crate) fn court(s: &str, max: usize) -> String {
    let t: String = s.chars().take(max).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// Reads the files chosen for a deposit (a ZIP is opened into its files). `Err`: the French
/// message of the first hostile file; nothing must then be deposited.
pub fn lire_fichiers(fichiers: &[(String, Vec<u8>)]) -> Result<Vec<FichierLu>, String> {
    let mut out = Vec::new();
    for (nom, octets) in fichiers {
        if octets.len() >= MAX_OCTETS {
            return Err(format!(
                "Le fichier « {} » pèse {} : un fichier déposé doit peser moins de 50 Mo.",
                court(nom, 60),
                taille(octets.len())
            ));
        }
        if conteneurs::est_zip(octets) {
            for (n, o) in conteneurs::ouvrir_zip(nom, octets)? {
                out.push(lire_fichier(&n, &o)?);
            }
        } else {
            out.push(lire_fichier(nom, octets)?);
        }
    }
    Ok(out)
}

fn taille(n: usize) -> String {
    format!("{},{} Mo", n / 1_000_000, (n % 1_000_000) / 100_000)
}

/// Reads one file: a Factur-X PDF (its embedded XML) or an XML file.
pub fn lire_fichier(nom: &str, octets: &[u8]) -> Result<FichierLu, String> {
    let hostile = |why: String| format!("Le fichier « {} » est refusé : {why}", court(nom, 60));
    if octets.len() >= MAX_OCTETS {
        return Err(hostile(
            "un fichier déposé doit peser moins de 50 Mo.".to_string(),
        ));
    }
    let mut syntaxe_pdf = None;
    let xml_pdf;
    let octets = if octets.starts_with(b"%PDF-") {
        match conteneurs::xml_facturx(octets) {
            Ok(x) => {
                syntaxe_pdf = Some(Syntaxe::InDpE2CiiFacturx);
                xml_pdf = x;
                xml_pdf.as_slice()
            }
            Err(conteneurs::ErreurPdf::Hostile(m)) => return Err(hostile(m)),
            Err(conteneurs::ErreurPdf::Absent(m)) => {
                return Ok(technique(nom, None, "PDF_SANS_XML", m, None))
            }
        }
    } else {
        octets
    };
    if octets.starts_with(&[0xFF, 0xFE]) || octets.starts_with(&[0xFE, 0xFF]) {
        return Err(hostile(
            "il est encodé en UTF-16 : seuls les fichiers en UTF-8 sont acceptés.".to_string(),
        ));
    }
    let texte = match std::str::from_utf8(octets) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            let ligne = octets
                .get(..e.valid_up_to())
                .map(|s| s.iter().filter(|b| **b == b'\n').count() + 1)
                .unwrap_or(1);
            return Err(hostile(format!(
                "il n'est pas en UTF-8 (octet invalide ligne {ligne}) : enregistrez-le en UTF-8."
            )));
        }
    };
    let arbre = match arbre::lire(texte) {
        Ok(a) => a,
        Err(arbre::Refus::Hostile(m)) => return Err(hostile(m)),
        Err(arbre::Refus::Syntaxe { ligne, message }) => {
            return Ok(technique(
                nom,
                syntaxe_pdf,
                "XML_MAL_FORME",
                format!("Ligne {ligne} : {message}"),
                Some(ligne),
            ))
        }
    };
    let racine = arbre.noeud(0).map(|n| n.nom.as_str()).unwrap_or_default();
    let (syntaxe, lue) = match (racine, arbre.espace.as_str()) {
        ("CrossIndustryInvoice", CII) => (
            syntaxe_pdf.unwrap_or(Syntaxe::InDpE1Cii16b),
            cii::lire(&arbre),
        ),
        ("Invoice", UBL_INVOICE) | ("CreditNote", UBL_CREDIT) if syntaxe_pdf.is_none() => {
            (Syntaxe::InDpE1UblInvoice, ubl::lire(&arbre))
        }
        _ => {
            return Ok(technique(
                nom,
                syntaxe_pdf,
                "SYNTAXE_INCONNUE",
                format!(
                    "Ligne {} : syntaxe inconnue — l'élément racine « {} » (espace de noms « {} ») n'est ni une facture UBL 2.1 (Invoice, CreditNote) ni une facture CII D16B (CrossIndustryInvoice).",
                    arbre.ligne(0),
                    court(racine, 60),
                    court(&arbre.espace, 100)
                ),
                Some(arbre.ligne(0)),
            ))
        }
    };
    Ok(match lue {
        Ok(f) => FichierLu {
            nom: nom.to_string(),
            syntaxe: Some(syntaxe),
            factures: vec![f],
            erreurs: Vec::new(),
        },
        Err(erreurs) => FichierLu {
            nom: nom.to_string(),
            syntaxe: Some(syntaxe),
            factures: Vec::new(),
            erreurs: erreurs
                .into_iter()
                .map(|(ligne, code, libelle)| ErreurTechnique {
                    fichier: nom.to_string(),
                    code: code.to_string(),
                    libelle: format!("Ligne {ligne} : {libelle}"),
                    ligne: Some(ligne),
                })
                .collect(),
        },
    })
}

fn technique(
    nom: &str,
    syntaxe: Option<Syntaxe>,
    code: &str,
    libelle: String,
    ligne: Option<u32>,
) -> FichierLu {
    FichierLu {
        nom: nom.to_string(),
        syntaxe,
        factures: Vec::new(),
        erreurs: vec![ErreurTechnique {
            fichier: nom.to_string(),
            code: code.to_string(),
            libelle,
            ligne,
        }],
    }
}

/// A technical error found while mapping: its line, a code and the message.
pub(crate) type Erreur = (u32, &'static str, String);

/// What both syntaxes give, before it becomes the form.
#[derive(Default)]
pub(crate) struct Brut {
    pub ligne: u32,
    pub cadre: String,
    pub numero: String,
    pub type_code: String,
    pub date_iso: String,
    pub notes: Vec<String>,
    pub devise: String,
    pub code_service: String,
    pub ej: String,
    pub marche: String,
    pub facture_origine: String,
    pub fournisseur: String,
    pub destinataire: String,
    pub code_paiement: String,
    pub iban: String,
    /// VAT categories seen (lines and breakdown), the exemption reason, the VAT point code.
    pub categories: Vec<String>,
    pub motif_exoneration: String,
    pub exigibilite: String,
    pub lignes: Vec<LigneBrute>,
    pub totaux: domain::facturation::flux::TotauxDeclares,
}

#[derive(Default)]
pub(crate) struct LigneBrute {
    pub reference: String,
    pub designation: String,
    pub quantite: String,
    pub code_unite: String,
    pub note: String,
    pub prix: String,
    /// Allowance (remise, positive) or charge (negative), as text.
    pub remise: String,
    pub taux: String,
}

/// An amount of the file (« 1234.56 »); a technical error names the element and its line.
pub(crate) fn montant(
    texte: &str,
    element: &str,
    ligne: u32,
    erreurs: &mut Vec<Erreur>,
) -> Option<Montant> {
    if texte.is_empty() {
        return None;
    }
    match money::parse_montant(texte, element, true) {
        Ok(m) if !texte.contains([' ', ',']) => Some(m),
        _ => {
            erreurs.push((
                ligne,
                "MONTANT_INVALIDE",
                format!(
                    "« {} » n'est pas un montant valide pour {element} (attendu : chiffres, point décimal, au plus 2 décimales).",
                    court(texte, 40)
                ),
            ));
            None
        }
    }
}

/// The unit text a UN/ECE Rec 20 code stands for (the text the writers map back to it).
fn unite(code: &str) -> &'static str {
    match code {
        "HUR" => "h",
        "DAY" => "jour",
        "MON" => "mois",
        "ANN" => "an",
        "WEE" => "semaine",
        "MIN" => "min",
        "KGM" => "kg",
        "GRM" => "g",
        "TNE" => "t",
        "MTR" => "m",
        "KMT" => "km",
        "MTK" => "m2",
        "MTQ" => "m3",
        "LTR" => "l",
        "KWH" => "kWh",
        "LO" => "lot",
        "PA" => "paquet",
        "BX" => "boîte",
        _ => "",
    }
}

/// The portal's mode de règlement of a UNCL4461 code.
fn mode_reglement(code: &str) -> &'static str {
    match code {
        "" => "",
        "30" | "31" | "42" | "58" => "VIREMENT",
        "20" => "CHEQUE",
        "49" | "59" => "PRELEVEMENT",
        "10" => "ESPECE",
        "97" => "REPORT",
        _ => "AUTRE",
    }
}

const NOTE_A2: &str = "Facture déjà payée (cadre A2).";
const NOTE_REMISE: &str = "Remise globale TTC : ";
const FIN_REMISE: &str = "), portée en montant déjà réglé.";

impl Brut {
    /// The form, or the technical errors of what the form cannot hold.
    pub fn facture(self, erreurs: &mut Vec<Erreur>) -> FactureLue {
        use domain::facturation::facture::{Cadre, TypeFacture, TypeTva};
        let mut form = FormulaireFacture::nouvelle(ModeDepot::UploadPortail);
        form.lignes.clear();
        form.mode_reglement = mode_reglement(&self.code_paiement).to_string();
        form.cadre = match self.cadre.as_str() {
            "" => Cadre::A1,
            c => match Cadre::ALL
                .into_iter()
                .find(|k| k.court() == c || k.code() == c)
            {
                Some(k) => k,
                None => {
                    erreurs.push((self.ligne, "CADRE_INCONNU", format!("le cadre de facturation (BT-23) « {} » est inconnu : A1, A2, A9 ou A12.", court(c, 40))));
                    Cadre::A1
                }
            },
        };
        form.type_facture = match self.type_code.as_str() {
            "380" => TypeFacture::Facture,
            "381" => TypeFacture::Avoir,
            "386" => TypeFacture::Acompte,
            t => {
                erreurs.push((self.ligne, "TYPE_REFUSE", format!("le type de document (BT-3) « {} » n'est pas accepté : 380 (facture), 381 (avoir) ou 386 (acompte).", court(t, 10))));
                TypeFacture::Facture
            }
        };
        form.numero = self.numero;
        form.date = self.date_iso;
        form.devise = self.devise;
        form.code_service = self.code_service;
        form.ej = self.ej;
        form.marche = self.marche;
        form.facture_origine = self.facture_origine;
        form.destinataire = self.destinataire;
        form.type_tva = if self.categories.iter().any(|c| c == "E") {
            form.motif_exoneration = self.motif_exoneration;
            TypeTva::Exoneration
        } else if self.categories.iter().any(|c| c == "O") {
            TypeTva::SansTva
        } else if matches!(self.exigibilite.as_str(), "72" | "432") {
            TypeTva::TvaSurEncaissement
        } else {
            TypeTva::TvaSurDebit
        };
        let mut commentaire = Vec::new();
        let mut remise = None;
        for n in self.notes {
            if n == NOTE_A2 {
                continue;
            }
            if let Some((m, motif)) = n
                .strip_prefix(NOTE_REMISE)
                .and_then(|r| r.strip_suffix(FIN_REMISE))
                .and_then(|r| r.split_once(" ("))
            {
                if let Ok(m) = money::parse_montant(m, "", true) {
                    form.remise_globale = m.input();
                    form.motif_remise = motif.to_string();
                    remise = Some(m);
                    continue;
                }
            }
            commentaire.push(n);
        }
        form.commentaire = commentaire.join(" ");
        if form.cadre != Cadre::A2 {
            if let (Some(due), Some(ttc)) = (self.totaux.a_payer, self.totaux.ttc) {
                if due != ttc - remise.unwrap_or_default() {
                    form.montant_a_payer = due.input();
                }
            }
        }
        for l in self.lignes {
            let (taux, taux_manuel) = match money::parse_taux(&l.taux, "") {
                _ if l.taux.is_empty() => ("0".to_string(), String::new()),
                Ok(t) if Taux::STANDARD.contains(&t) => (t.0.to_string(), String::new()),
                Ok(t) => (TAUX_MANUEL.to_string(), t.input()),
                Err(_) => (TAUX_MANUEL.to_string(), l.taux.clone()),
            };
            let note_unite = l.note.strip_prefix("Unité : ").unwrap_or_default();
            form.lignes.push(FormulaireLigne {
                reference: l.reference,
                designation: l.designation,
                quantite: l.quantite,
                unite: if note_unite.is_empty() {
                    unite(&l.code_unite).to_string()
                } else {
                    note_unite.to_string()
                },
                prix: l.prix,
                remise: l.remise,
                taux,
                taux_manuel,
            });
        }
        FactureLue {
            ligne: self.ligne,
            fournisseur: self.fournisseur,
            iban: self.iban,
            form,
            totaux: self.totaux,
        }
    }
}

/// A mandatory element missing (the XSD's or EN 16931's cardinality 1..1).
pub(crate) fn obligatoire(
    valeur: &str,
    element: &str,
    terme: &str,
    ligne: u32,
    erreurs: &mut Vec<Erreur>,
) {
    if valeur.is_empty() {
        erreurs.push((
            ligne,
            "ELEMENT_OBLIGATOIRE",
            format!("l'élément obligatoire {element} ({terme}) est absent ou vide."),
        ));
    }
}

//! Reading an invoice file (UBL 2.1 Invoice / CreditNote, CII D16B) back into the sandbox's
//! fields: what a « dépôt de flux » needs first. Hostile files get one French message and nothing
//! else: over `TAILLE_MAX`, not UTF-8, a DOCTYPE (entity expansion is refused outright, never
//! attempted), nesting deeper than `PROFONDEUR_MAX`, more than `NOEUDS_MAX` elements, malformed
//! XML (with its line), an unknown syntax, a missing or malformed value (with its line).
//!
//! No panic on any input: no indexing, no slicing, checked arithmetic on every number read.

use domain::facturation::facture::{Cadre, Ligne, ModeReglement, TypeFacture, TypeTva};
use domain::kernel::money::{Montant, PrixUnitaire, Quantite, Taux};
use quick_xml::events::Event;
use quick_xml::Reader;

/// Largest file read (the browser holds it whole).
pub const TAILLE_MAX: usize = 50 * 1024 * 1024;
pub const PROFONDEUR_MAX: usize = 64;
pub const NOEUDS_MAX: usize = 500_000;
/// Longest text of one element.
const TEXTE_MAX: usize = 100_000;

/// Which syntax a file is in (its root element).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntaxe {
    Ubl,
    Cii,
}

impl Syntaxe {
    /// The `syntaxeFlux` of an E1 flow in this syntax.
    pub fn syntaxe_flux(self) -> &'static str {
        match self {
            Syntaxe::Ubl => "IN_DP_E1_UBL_INVOICE",
            Syntaxe::Cii => "IN_DP_E1_CII_16B",
        }
    }
}

/// Why a file cannot be read: a technical error of the compte rendu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErreurLecture {
    /// 1-based line of the fault, when one applies.
    pub ligne: Option<usize>,
    pub message: String,
}

impl ErreurLecture {
    fn new(ligne: Option<usize>, message: impl Into<String>) -> ErreurLecture {
        ErreurLecture {
            ligne,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ErreurLecture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.ligne {
            Some(l) => write!(f, "Ligne {l} : {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A party as the file names it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartieLue {
    /// SIRET (scheme 0009), or the identifier without scheme.
    pub identifiant: String,
    pub siret: bool,
    pub nom: String,
}

/// The totals the file declares (checked against the lines by the deposit).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TotauxDeclares {
    pub ht: Option<Montant>,
    pub tva: Option<Montant>,
    pub ttc: Option<Montant>,
    pub deja_paye: Option<Montant>,
    pub a_payer: Option<Montant>,
}

/// An invoice read from a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FactureLue {
    pub numero: String,
    pub date: Option<chrono::NaiveDate>,
    pub type_facture: TypeFacture,
    pub cadre: Cadre,
    pub devise: String,
    pub fournisseur: PartieLue,
    pub destinataire: PartieLue,
    pub code_service: String,
    pub ej: String,
    pub marche: String,
    pub facture_origine: String,
    pub type_tva: TypeTva,
    pub motif_exoneration: String,
    pub mode_reglement: Option<ModeReglement>,
    pub iban: String,
    pub commentaire: String,
    pub remise_globale: Montant,
    pub motif_remise: String,
    pub lignes: Vec<Ligne>,
    /// Names of the additional documents (BG-24).
    pub pieces: Vec<String>,
    pub totaux: TotauxDeclares,
}

/// One element with text: its path of local names, attributes, text and line.
struct Noeud {
    chemin: Vec<String>,
    attributs: Vec<(String, String)>,
    texte: String,
    ligne: usize,
    /// Ordinal (1-based) of the invoice line element it sits in, 0 outside any.
    groupe: usize,
}

impl Noeud {
    fn finit_par(&self, suffixe: &[&str]) -> bool {
        self.chemin.len() >= suffixe.len()
            && self
                .chemin
                .iter()
                .rev()
                .zip(suffixe.iter().rev())
                .all(|(a, b)| a == b)
    }
    fn contient(&self, nom: &str) -> bool {
        self.chemin.iter().any(|c| c == nom)
    }
    fn attribut(&self, nom: &str) -> Option<&str> {
        self.attributs
            .iter()
            .find(|(k, _)| k == nom)
            .map(|(_, v)| v.as_str())
    }
}

fn local(nom: &str) -> String {
    match nom.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => nom.to_string(),
    }
}

fn ligne_de(texte: &str, position: u64) -> usize {
    let fin = usize::try_from(position)
        .unwrap_or(usize::MAX)
        .min(texte.len());
    texte
        .as_bytes()
        .get(..fin)
        .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count())
        + 1
}

const LIGNES_FACTURE: [&str; 3] = [
    "IncludedSupplyChainTradeLineItem",
    "InvoiceLine",
    "CreditNoteLine",
];

/// Reads the XML into leaf elements, refusing what a hostile file would use.
fn noeuds(octets: &[u8]) -> Result<(String, Vec<Noeud>), ErreurLecture> {
    if octets.len() > TAILLE_MAX {
        return Err(ErreurLecture::new(
            None,
            "Le fichier dépasse 50 Mo : il n'est pas lu.",
        ));
    }
    let octets = octets.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(octets);
    let texte = std::str::from_utf8(octets).map_err(|e| {
        let ligne = ligne_de(
            &String::from_utf8_lossy(octets.get(..e.valid_up_to()).unwrap_or_default()),
            u64::MAX,
        );
        ErreurLecture::new(
            Some(ligne),
            "Le fichier n'est pas en UTF-8 : un flux de factures doit être encodé en UTF-8.",
        )
    })?;
    if texte.trim().is_empty() {
        return Err(ErreurLecture::new(None, "Le fichier est vide."));
    }
    let mut reader = Reader::from_str(texte);
    let mut pile: Vec<String> = Vec::new();
    let mut attributs_pile: Vec<Vec<(String, String)>> = Vec::new();
    let mut out: Vec<Noeud> = Vec::new();
    let mut texte_courant = String::new();
    let mut racine: Option<String> = None;
    let mut groupe = 0usize;
    let mut elements = 0usize;
    loop {
        let position = reader.buffer_position();
        let evenement = reader.read_event().map_err(|e| {
            ErreurLecture::new(
                Some(ligne_de(texte, reader.error_position())),
                format!("Le fichier n'est pas un XML bien formé ({e})."),
            )
        })?;
        match evenement {
            Event::DocType(_) => return Err(ErreurLecture::new(
                Some(ligne_de(texte, position)),
                "Déclaration DOCTYPE refusée : un flux de factures ne déclare ni DTD ni entités.",
            )),
            Event::Decl(d) => {
                if let Some(Ok(enc)) = d.encoding() {
                    if !enc.eq_ignore_ascii_case("utf-8") {
                        return Err(ErreurLecture::new(
                            Some(ligne_de(texte, position)),
                            "Encodage déclaré autre qu'UTF-8 : un flux de factures doit être encodé en UTF-8.",
                        ));
                    }
                }
            }
            Event::Start(e) => {
                elements += 1;
                if elements > NOEUDS_MAX {
                    return Err(ErreurLecture::new(
                        None,
                        "Le fichier contient trop d'éléments XML : il n'est pas lu.",
                    ));
                }
                let nom = local(e.name().as_ref());
                if racine.is_none() {
                    racine = Some(nom.clone());
                }
                if LIGNES_FACTURE.contains(&nom.as_str()) {
                    groupe += 1;
                }
                let attrs = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        (
                            local(a.key.as_ref()),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map(|v| v.into_owned())
                                .unwrap_or_default(),
                        )
                    })
                    .collect();
                pile.push(nom);
                attributs_pile.push(attrs);
                if pile.len() > PROFONDEUR_MAX {
                    return Err(ErreurLecture::new(
                        Some(ligne_de(texte, position)),
                        "Imbrication XML trop profonde : le fichier n'est pas lu.",
                    ));
                }
                texte_courant.clear();
            }
            Event::Empty(e) => {
                elements += 1;
                if racine.is_none() {
                    racine = Some(local(e.name().as_ref()));
                }
            }
            Event::Text(t) => {
                let morceau = t.xml_content(quick_xml::XmlVersion::Implicit1_0);
                texte_courant.push_str(&morceau);
                if texte_courant.len() > TEXTE_MAX {
                    return Err(ErreurLecture::new(
                        Some(ligne_de(texte, position)),
                        "Texte d'un élément trop long : le fichier n'est pas lu.",
                    ));
                }
            }
            Event::GeneralRef(r) => {
                let nom = r.to_string();
                let c = match nom.as_str() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                match c {
                    Some(c) => texte_courant.push(c),
                    None => {
                        return Err(ErreurLecture::new(
                            Some(ligne_de(texte, position)),
                            format!("Entité « &{nom}; » inconnue : seules les entités prédéfinies du XML sont admises."),
                        ))
                    }
                }
            }
            Event::CData(c) => {
                texte_courant.push_str(&c);
            }
            Event::End(_) => {
                let attributs = attributs_pile.pop().unwrap_or_default();
                let t = texte_courant.trim();
                if !t.is_empty() {
                    out.push(Noeud {
                        chemin: pile.clone(),
                        attributs,
                        texte: t.to_string(),
                        ligne: ligne_de(texte, position),
                        groupe: if pile.iter().any(|p| LIGNES_FACTURE.contains(&p.as_str())) {
                            groupe
                        } else {
                            0
                        },
                    });
                }
                texte_courant.clear();
                pile.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let racine =
        racine.ok_or_else(|| ErreurLecture::new(None, "Aucun élément XML dans le fichier."))?;
    Ok((racine, out))
}

/// The syntax of a root element, or why it is not a flow this sandbox reads.
pub fn syntaxe(racine: &str) -> Result<Syntaxe, ErreurLecture> {
    match racine {
        "Invoice" | "CreditNote" => Ok(Syntaxe::Ubl),
        "CrossIndustryInvoice" => Ok(Syntaxe::Cii),
        autre => Err(ErreurLecture::new(
            Some(1),
            format!("Syntaxe inconnue : l'élément racine « {autre} » n'est ni une facture UBL (Invoice, CreditNote) ni une facture CII (CrossIndustryInvoice)."),
        )),
    }
}

/// A decimal « -12.3400 » in units of 10^-scale; `None` if malformed or with more decimals.
pub fn decimal(s: &str, scale: u32) -> Option<i128> {
    let s = s.trim();
    let (signe, s) = match s.strip_prefix('-') {
        Some(r) => (-1i128, r),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let (ent, frac) = s.split_once('.').unwrap_or((s, ""));
    if ent.is_empty() && frac.is_empty()
        || !ent.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || ent.len() > 20
    {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > scale as usize {
        return None;
    }
    let mut v: i128 = 0;
    for b in ent.bytes().chain(frac.bytes()) {
        v = v.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    let reste = scale - frac.len() as u32;
    v = v.checked_mul(10i128.checked_pow(reste)?)?;
    Some(signe * v)
}

struct Lecteur<'a> {
    noeuds: &'a [Noeud],
    erreurs: Vec<ErreurLecture>,
}

impl<'a> Lecteur<'a> {
    fn premier(&self, suffixe: &[&str], dans: Option<&str>) -> Option<&'a Noeud> {
        self.noeuds
            .iter()
            .find(|n| n.groupe == 0 && n.finit_par(suffixe) && dans.is_none_or(|d| n.contient(d)))
    }
    fn texte(&self, suffixe: &[&str], dans: Option<&str>) -> String {
        self.premier(suffixe, dans)
            .map(|n| n.texte.clone())
            .unwrap_or_default()
    }
    fn requis(&mut self, suffixe: &[&str], libelle: &str) -> String {
        match self.premier(suffixe, None) {
            Some(n) => n.texte.clone(),
            None => {
                self.erreurs.push(ErreurLecture::new(
                    None,
                    format!("{libelle} absent (élément {}).", suffixe.join("/")),
                ));
                String::new()
            }
        }
    }
    fn nombre(&mut self, n: &Noeud, scale: u32, libelle: &str) -> Option<i64> {
        match decimal(&n.texte, scale).and_then(|v| i64::try_from(v).ok()) {
            Some(v) => Some(v),
            None => {
                self.erreurs.push(ErreurLecture::new(
                    Some(n.ligne),
                    format!(
                        "{libelle} invalide : « {} » (nombre attendu, {scale} décimales au plus).",
                        n.texte
                    ),
                ));
                None
            }
        }
    }
    fn montant(&mut self, suffixe: &[&str], libelle: &str) -> Option<Montant> {
        let n = self.premier(suffixe, None)?;
        self.nombre(n, 2, libelle).map(Montant)
    }
    fn partie(&self, conteneur: &str, ubl: bool) -> PartieLue {
        let dans = |n: &&Noeud| n.groupe == 0 && n.contient(conteneur);
        let siret = self.noeuds.iter().filter(dans).find(|n| {
            (n.finit_par(&["GlobalID"]) || n.finit_par(&["PartyIdentification", "ID"]))
                && n.attribut("schemeID") == Some("0009")
        });
        let autre = self.noeuds.iter().filter(dans).find(|n| {
            if ubl {
                n.finit_par(&["PartyIdentification", "ID"])
            } else {
                n.chemin.last().is_some_and(|c| c == "ID")
                    && n.chemin.iter().rev().nth(1).is_some_and(|p| p == conteneur)
            }
        });
        let nom = self
            .noeuds
            .iter()
            .filter(dans)
            .find(|n| {
                if ubl {
                    n.finit_par(&["PartyLegalEntity", "RegistrationName"])
                } else {
                    n.chemin.last().is_some_and(|c| c == "Name")
                        && n.chemin.iter().rev().nth(1).is_some_and(|p| p == conteneur)
                }
            })
            .map(|n| n.texte.clone())
            .unwrap_or_default();
        match (siret, autre) {
            (Some(s), _) => PartieLue {
                identifiant: s.texte.clone(),
                siret: true,
                nom,
            },
            (None, Some(a)) => PartieLue {
                identifiant: a.texte.clone(),
                siret: false,
                nom,
            },
            _ => PartieLue {
                nom,
                ..PartieLue::default()
            },
        }
    }
}

fn unite(code: &str) -> &'static str {
    match code {
        "HUR" => "heure",
        "DAY" => "jour",
        "MON" => "mois",
        "ANN" => "an",
        "WEE" => "semaine",
        "MIN" => "minute",
        "KGM" => "kg",
        "GRM" => "g",
        "TNE" => "t",
        "MTR" => "m",
        "KMT" => "km",
        "MTK" => "m²",
        "MTQ" => "m³",
        "LTR" => "l",
        "KWH" => "kWh",
        "LO" => "lot",
        "PA" => "paquet",
        "BX" => "boîte",
        _ => "",
    }
}

/// Reads one invoice file. A file holds one invoice (UBL and CII carry one each).
pub fn lire(octets: &[u8]) -> Result<(Syntaxe, FactureLue), Vec<ErreurLecture>> {
    let (racine, noeuds) = noeuds(octets).map_err(|e| vec![e])?;
    let syntaxe = syntaxe(&racine).map_err(|e| vec![e])?;
    let ubl = syntaxe == Syntaxe::Ubl;
    let mut l = Lecteur {
        noeuds: &noeuds,
        erreurs: Vec::new(),
    };
    let mut f = FactureLue::default();
    if ubl {
        f.numero = l.requis(&[racine.as_str(), "ID"], "Numéro de facture (BT-1)");
    } else {
        f.numero = l.requis(&["ExchangedDocument", "ID"], "Numéro de facture (BT-1)");
    }
    let type_code = if ubl {
        l.texte(&["InvoiceTypeCode"], None) + &l.texte(&["CreditNoteTypeCode"], None)
    } else {
        l.texte(&["ExchangedDocument", "TypeCode"], None)
    };
    f.type_facture = match type_code.as_str() {
        "380" | "" if racine != "CreditNote" => TypeFacture::Facture,
        "381" | "" => TypeFacture::Avoir,
        "386" => TypeFacture::Acompte,
        autre => {
            l.erreurs.push(ErreurLecture::new(
                None,
                format!("Type de document « {autre} » refusé : le portail accepte 380 (facture), 381 (avoir) et 386 (acompte)."),
            ));
            TypeFacture::Facture
        }
    };
    let date = if ubl {
        l.premier(&["IssueDate"], None)
            .filter(|n| n.chemin.len() == 2)
            .map(|n| (n.texte.clone(), n.ligne))
    } else {
        l.premier(&["IssueDateTime", "DateTimeString"], None)
            .map(|n| (n.texte.clone(), n.ligne))
    };
    match date {
        Some((d, ligne)) => {
            let format = if ubl { "%Y-%m-%d" } else { "%Y%m%d" };
            match chrono::NaiveDate::parse_from_str(&d, format) {
                Ok(d) => f.date = Some(d),
                Err(_) => l.erreurs.push(ErreurLecture::new(
                    Some(ligne),
                    format!("Date de facture (BT-2) invalide : « {d} »."),
                )),
            }
        }
        None => l
            .erreurs
            .push(ErreurLecture::new(None, "Date de facture (BT-2) absente.")),
    }
    let cadre = if ubl {
        l.texte(&[racine.as_str(), "ProfileID"], None)
    } else {
        l.texte(
            &["BusinessProcessSpecifiedDocumentContextParameter", "ID"],
            None,
        )
    };
    f.cadre = match cadre.as_str() {
        "A2" => Cadre::A2,
        "A9" => Cadre::A9,
        "A12" => Cadre::A12,
        _ => Cadre::A1,
    };
    f.devise = if ubl {
        l.texte(&["DocumentCurrencyCode"], None)
    } else {
        l.texte(&["InvoiceCurrencyCode"], None)
    };
    if f.devise.is_empty() {
        f.devise = "EUR".to_string();
    }
    let (vendeur, acheteur) = if ubl {
        ("AccountingSupplierParty", "AccountingCustomerParty")
    } else {
        ("SellerTradeParty", "BuyerTradeParty")
    };
    f.fournisseur = l.partie(vendeur, ubl);
    f.destinataire = l.partie(acheteur, ubl);
    f.code_service = l.texte(&["BuyerReference"], None);
    if ubl {
        f.ej = l.texte(&["OrderReference", "ID"], None);
        f.marche = l.texte(&["ContractDocumentReference", "ID"], None);
        f.facture_origine = l.texte(&["InvoiceDocumentReference", "ID"], None);
    } else {
        f.ej = l.texte(&["BuyerOrderReferencedDocument", "IssuerAssignedID"], None);
        f.marche = l.texte(&["ContractReferencedDocument", "IssuerAssignedID"], None);
        f.facture_origine = l.texte(&["InvoiceReferencedDocument", "IssuerAssignedID"], None);
    }
    // BT-81 and the account.
    let code_paiement = if ubl {
        l.texte(&["PaymentMeans", "PaymentMeansCode"], None)
    } else {
        l.texte(&["SpecifiedTradeSettlementPaymentMeans", "TypeCode"], None)
    };
    f.mode_reglement = match code_paiement.as_str() {
        "" => None,
        "30" | "31" | "42" | "58" => Some(ModeReglement::Virement),
        "20" => Some(ModeReglement::Cheque),
        "49" | "59" => Some(ModeReglement::Prelevement),
        "10" => Some(ModeReglement::Espece),
        "97" => Some(ModeReglement::Report),
        _ => Some(ModeReglement::Autre),
    };
    f.iban = if ubl {
        l.texte(&["PayeeFinancialAccount", "ID"], None)
    } else {
        l.texte(&["PayeePartyCreditorFinancialAccount", "IBANID"], None)
    };
    // Type de TVA from the breakdown.
    let (categorie, motif, exigibilite) = if ubl {
        (
            l.texte(&["TaxSubtotal", "TaxCategory", "ID"], None),
            l.texte(&["TaxSubtotal", "TaxCategory", "TaxExemptionReason"], None),
            l.texte(&["InvoicePeriod", "DescriptionCode"], None),
        )
    } else {
        (
            l.texte(
                &[
                    "ApplicableHeaderTradeSettlement",
                    "ApplicableTradeTax",
                    "CategoryCode",
                ],
                None,
            ),
            l.texte(
                &[
                    "ApplicableHeaderTradeSettlement",
                    "ApplicableTradeTax",
                    "ExemptionReason",
                ],
                None,
            ),
            l.texte(
                &[
                    "ApplicableHeaderTradeSettlement",
                    "ApplicableTradeTax",
                    "DueDateTypeCode",
                ],
                None,
            ),
        )
    };
    f.type_tva = match (categorie.as_str(), exigibilite.as_str()) {
        ("E", _) => TypeTva::Exoneration,
        ("O", _) => TypeTva::SansTva,
        (_, "72" | "432") => TypeTva::TvaSurEncaissement,
        _ => TypeTva::TvaSurDebit,
    };
    if f.type_tva == TypeTva::Exoneration {
        f.motif_exoneration = motif;
    }
    // Notes: the comment, and what the writer noted itself (remise globale, A2).
    let notes: Vec<&Noeud> = noeuds
        .iter()
        .filter(|n| {
            n.groupe == 0
                && if ubl {
                    n.chemin.len() == 2 && n.finit_par(&["Note"])
                } else {
                    n.finit_par(&["ExchangedDocument", "IncludedNote", "Content"])
                }
        })
        .collect();
    let mut commentaires = Vec::new();
    for n in notes {
        if let Some(reste) = n.texte.strip_prefix("Remise globale TTC : ") {
            if let Some((montant, motif)) = reste.split_once(" (") {
                if let Some(m) = decimal(montant, 2).and_then(|v| i64::try_from(v).ok()) {
                    f.remise_globale = Montant(m);
                    f.motif_remise = motif
                        .strip_suffix("), portée en montant déjà réglé.")
                        .unwrap_or(motif)
                        .to_string();
                    continue;
                }
            }
        }
        if n.texte == "Facture déjà payée (cadre A2)." {
            continue;
        }
        commentaires.push(n.texte.clone());
    }
    f.commentaire = commentaires.join("\n");
    f.pieces = noeuds
        .iter()
        .filter(|n| {
            if ubl {
                n.finit_par(&["AdditionalDocumentReference", "ID"])
            } else {
                n.finit_par(&["AdditionalReferencedDocument", "IssuerAssignedID"])
            }
        })
        .map(|n| n.texte.clone())
        .collect();
    // Totals.
    if ubl {
        f.totaux.ht = l.montant(
            &["LegalMonetaryTotal", "TaxExclusiveAmount"],
            "Total HT (BT-109)",
        );
        f.totaux.tva = noeuds
            .iter()
            .find(|n| {
                n.groupe == 0 && n.chemin.len() == 3 && n.finit_par(&["TaxTotal", "TaxAmount"])
            })
            .and_then(|n| l.nombre(n, 2, "Total TVA (BT-110)").map(Montant));
        f.totaux.ttc = l.montant(
            &["LegalMonetaryTotal", "TaxInclusiveAmount"],
            "Total TTC (BT-112)",
        );
        f.totaux.deja_paye = l.montant(
            &["LegalMonetaryTotal", "PrepaidAmount"],
            "Montant déjà payé (BT-113)",
        );
        f.totaux.a_payer = l.montant(
            &["LegalMonetaryTotal", "PayableAmount"],
            "Montant à payer (BT-115)",
        );
    } else {
        f.totaux.ht = l.montant(&["TaxBasisTotalAmount"], "Total HT (BT-109)");
        f.totaux.tva = l.montant(&["TaxTotalAmount"], "Total TVA (BT-110)");
        f.totaux.ttc = l.montant(&["GrandTotalAmount"], "Total TTC (BT-112)");
        f.totaux.deja_paye = l.montant(&["TotalPrepaidAmount"], "Montant déjà payé (BT-113)");
        f.totaux.a_payer = l.montant(&["DuePayableAmount"], "Montant à payer (BT-115)");
    }
    // Lines, in the order of the file.
    let nombre_lignes = noeuds.iter().map(|n| n.groupe).max().unwrap_or(0);
    for g in 1..=nombre_lignes {
        let dans: Vec<&Noeud> = noeuds.iter().filter(|n| n.groupe == g).collect();
        let trouve = |suffixe: &[&str]| dans.iter().copied().find(|n| n.finit_par(suffixe));
        let mut ligne = Ligne::default();
        let premier_ligne = dans.first().map(|n| n.ligne);
        let (nom, reference, prix, qte, taux, note) = if ubl {
            (
                trouve(&["Item", "Name"]),
                trouve(&["SellersItemIdentification", "ID"]),
                trouve(&["Price", "PriceAmount"]),
                trouve(&["InvoicedQuantity"]).or_else(|| trouve(&["CreditedQuantity"])),
                trouve(&["ClassifiedTaxCategory", "Percent"]),
                dans.iter()
                    .copied()
                    .find(|n| n.chemin.len() == 3 && n.finit_par(&["Note"])),
            )
        } else {
            (
                trouve(&["SpecifiedTradeProduct", "Name"]),
                trouve(&["SpecifiedTradeProduct", "SellerAssignedID"]),
                trouve(&["NetPriceProductTradePrice", "ChargeAmount"]),
                trouve(&["BilledQuantity"]),
                trouve(&["ApplicableTradeTax", "RateApplicablePercent"]),
                trouve(&["AssociatedDocumentLineDocument", "IncludedNote", "Content"]),
            )
        };
        ligne.designation = nom.map(|n| n.texte.clone()).unwrap_or_default();
        ligne.reference = reference.map(|n| n.texte.clone()).unwrap_or_default();
        match prix {
            Some(n) => {
                ligne.prix = l
                    .nombre(n, 4, "Prix unitaire net (BT-146)")
                    .map(PrixUnitaire)
            }
            None => l.erreurs.push(ErreurLecture::new(
                premier_ligne,
                format!("Ligne {g} : prix unitaire net (BT-146) absent."),
            )),
        }
        match qte {
            Some(n) => {
                ligne.quantite = l.nombre(n, 4, "Quantité (BT-129)").map(Quantite);
                ligne.unite = unite(n.attribut("unitCode").unwrap_or_default()).to_string();
            }
            None => l.erreurs.push(ErreurLecture::new(
                premier_ligne,
                format!("Ligne {g} : quantité (BT-129) absente."),
            )),
        }
        if let Some(u) = note.and_then(|n| n.texte.strip_prefix("Unité : ")) {
            ligne.unite = u.to_string();
        }
        ligne.taux = match taux {
            Some(n) => l
                .nombre(n, 2, "Taux de TVA (BT-152)")
                .and_then(|v| u32::try_from(v).ok())
                .map(Taux),
            None => Some(Taux(0)),
        };
        let remise = dans.iter().copied().find(|n| {
            n.finit_par(&["ActualAmount"]) || n.finit_par(&["AllowanceCharge", "Amount"])
        });
        let charge = dans.iter().any(|n| {
            (n.finit_par(&["ChargeIndicator", "Indicator"])
                || n.finit_par(&["AllowanceCharge", "ChargeIndicator"]))
                && n.texte == "true"
        });
        if let Some(n) = remise {
            if let Some(v) = l.nombre(n, 2, "Remise de ligne (BT-136)") {
                ligne.remise = Montant(if charge { -v } else { v });
            }
        }
        f.lignes.push(ligne);
    }
    if f.lignes.is_empty() {
        l.erreurs.push(ErreurLecture::new(
            None,
            "Aucune ligne de facture (BG-25) : une facture en compte au moins une.",
        ));
    }
    if l.erreurs.is_empty() {
        Ok((syntaxe, f))
    } else {
        Err(l.erreurs)
    }
}

impl FactureLue {
    /// Puts what was read into an invoice record (its parties, bank account and ids are the
    /// caller's: they are looked up in the sandbox from the identifiers read).
    pub fn remplir(&self, f: &mut domain::facturation::facture::Facture) {
        f.numero = self.numero.clone();
        f.date = self.date;
        f.type_facture = self.type_facture;
        f.cadre = self.cadre;
        f.devise = self.devise.clone();
        f.code_service = self.code_service.clone();
        f.ej = self.ej.clone();
        f.marche = self.marche.clone();
        f.facture_origine = self.facture_origine.clone();
        f.type_tva = self.type_tva;
        f.motif_exoneration = self.motif_exoneration.clone();
        f.mode_reglement = self.mode_reglement;
        f.commentaire = self.commentaire.clone();
        f.lignes = self.lignes.clone();
        f.remise_globale = self.remise_globale;
        f.motif_remise = self.motif_remise.clone();
        f.montants_deposes = None;
        // What is asked, when it differs from the net à payer (an acompte already received).
        let net = f.totaux().net_a_payer;
        f.montant_a_payer = match self.totaux.a_payer {
            Some(a) if self.cadre != Cadre::A2 && a != net => Some(a),
            _ => None,
        };
    }
}

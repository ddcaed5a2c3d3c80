//! What every format says of one invoice: the invoice record and the sandbox records it names
//! (supplier, recipient, bank account, service), gathered once, plus the EN 16931 readings the
//! writers share (VAT category, unit code, identifiers, payment means, amounts as decimals).

use domain::facturation::facture::{Cadre, Facture, ModeReglement, TypeFacture, TypeTva};
use domain::kernel::money::{Montant, Taux, Totaux};
use domain::organisation::identifiants::{french_vat_number, siren_of, TypeIdentifiant};
use domain::organisation::structure::{CompteBancaire, Structure};
use domain::Sandbox;

/// An invoice ready to be written in a format.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    pub facture: &'a Facture,
    pub fournisseur: &'a Structure,
    pub destinataire: &'a Structure,
    pub compte: Option<&'a CompteBancaire>,
    /// The libellé of the recipient's code service (BT-56, contact point), when it is known.
    pub nom_service: Option<&'a str>,
    /// The valideur of an A9/A12 invoice, when it is a structure of the sandbox.
    pub valideur: Option<&'a Structure>,
    pub totaux: Totaux,
}

/// Why an invoice has no structured format (a rule of the domain, also asked by the app).
pub use domain::facturation::facture::motif_sans_format;

impl<'a> Document<'a> {
    /// Gathers what the formats need; a French message when the invoice has no structured format.
    pub fn depuis(sb: &'a Sandbox, f: &'a Facture) -> Result<Document<'a>, String> {
        if let Some(m) = motif_sans_format(f) {
            return Err(m.to_string());
        }
        let fournisseur = sb
            .structures
            .get(&f.emetteur)
            .ok_or("La structure émettrice de cette facture n'existe plus.")?;
        let destinataire = f
            .destinataire_dans(sb)
            .ok_or("Le destinataire de cette facture n'existe plus.")?;
        let compte = domain::facturation::saisie::compte_bancaire(sb, f);
        let nom_service = if f.code_service.is_empty() {
            None
        } else {
            sb.services
                .values()
                .find(|s| s.structure == destinataire.id && s.code == f.code_service)
                .map(|s| s.libelle.as_str())
        };
        Ok(Document::new(
            f,
            fournisseur,
            destinataire,
            compte,
            nom_service,
        ))
    }

    pub fn new(
        facture: &'a Facture,
        fournisseur: &'a Structure,
        destinataire: &'a Structure,
        compte: Option<&'a CompteBancaire>,
        nom_service: Option<&'a str>,
    ) -> Document<'a> {
        Document {
            facture,
            fournisseur,
            destinataire,
            compte,
            nom_service,
            valideur: None,
            totaux: facture.totaux(),
        }
    }

    /// BT-3: 380 invoice, 381 credit note, 386 prepayment invoice.
    pub fn code_type(&self) -> &'static str {
        match self.facture.type_facture {
            TypeFacture::Facture => "380",
            TypeFacture::Avoir => "381",
            TypeFacture::Acompte => "386",
        }
    }

    pub fn est_avoir(&self) -> bool {
        self.facture.type_facture == TypeFacture::Avoir
    }

    /// BT-23: the cadre's short code (A1, A2…).
    pub fn cadre(&self) -> &'static str {
        self.facture.cadre.court()
    }

    /// BT-115: what is asked (0 on an A2, already paid).
    pub fn a_payer(&self) -> Montant {
        self.facture.a_payer()
    }

    /// BT-113: TTC minus the amount asked. It carries the remise globale TTC (EN 16931 has no
    /// discount after VAT), an A2's full payment and an acompte already received.
    pub fn deja_paye(&self) -> Montant {
        self.totaux.total_ttc - self.a_payer()
    }

    /// BG-23 VAT category (UNCL5305) of a rate under the invoice's type de TVA.
    pub fn categorie(&self, taux: Taux) -> &'static str {
        match self.facture.type_tva {
            TypeTva::Exoneration => "E",
            TypeTva::SansTva => "O",
            _ if taux.0 == 0 => "Z",
            _ => "S",
        }
    }

    /// Whether the parties' VAT numbers are written: not on an invoice « sans TVA » (category O,
    /// BR-O-02).
    pub fn numeros_tva(&self) -> bool {
        self.facture.type_tva != TypeTva::SansTva
    }

    /// BT-120: the exemption reason the category requires (E and O only).
    pub fn motif_exoneration(&self) -> Option<String> {
        match self.facture.type_tva {
            TypeTva::Exoneration => Some(if self.facture.motif_exoneration.trim().is_empty() {
                "Exonération de TVA".to_string()
            } else {
                self.facture.motif_exoneration.clone()
            }),
            TypeTva::SansTva => Some("Non soumis à la TVA".to_string()),
            _ => None,
        }
    }

    /// BT-8 in CII (UNCL2475): 5 invoice date (débits), 72 paid to date (encaissements).
    pub fn code_exigibilite_cii(&self) -> Option<&'static str> {
        match self.facture.type_tva {
            TypeTva::TvaSurDebit => Some("5"),
            TypeTva::TvaSurEncaissement => Some("72"),
            _ => None,
        }
    }

    /// BT-8 in UBL (UNCL2005): 3 invoice date (débits), 432 paid to date (encaissements).
    pub fn code_exigibilite_ubl(&self) -> Option<&'static str> {
        match self.facture.type_tva {
            TypeTva::TvaSurDebit => Some("3"),
            TypeTva::TvaSurEncaissement => Some("432"),
            _ => None,
        }
    }

    /// BT-81 (UNCL4461), as the portal's modes are mapped for Factur-X.
    pub fn code_paiement(&self) -> Option<&'static str> {
        self.facture.mode_reglement.map(code_paiement)
    }

    /// BT-84/BT-86: the account, only for a transfer (means 30, 31, 42).
    pub fn compte_virement(&self) -> Option<&'a CompteBancaire> {
        match self.facture.mode_reglement {
            Some(ModeReglement::Virement) => self.compte,
            _ => None,
        }
    }

    /// BT-20: payment terms, required when an amount is due and no due date is given (BR-CO-25).
    pub fn conditions_paiement(&self) -> Option<String> {
        if self.a_payer().0 <= 0 {
            return None;
        }
        Some(match self.facture.mode_reglement {
            Some(m) => format!(
                "Règlement par {} selon les conditions du marché public.",
                m.label().to_lowercase()
            ),
            None => "Règlement selon les conditions du marché public.".to_string(),
        })
    }

    /// BT-22 notes: the comment, and what the amounts carry that EN 16931 has no field for.
    pub fn notes(&self) -> Vec<String> {
        let f = self.facture;
        let mut out = Vec::new();
        if !f.commentaire.trim().is_empty() {
            out.push(f.commentaire.clone());
        }
        if f.remise_globale.0 != 0 {
            out.push(format!(
                "Remise globale TTC : {} ({}), portée en montant déjà réglé.",
                decimal(f.remise_globale),
                f.motif_remise
            ));
        }
        if f.cadre == Cadre::A2 {
            out.push("Facture déjà payée (cadre A2).".to_string());
        }
        out
    }
}

/// BT-123: what an attachment is.
pub fn description_piece(p: &domain::facturation::facture::PieceJointe) -> String {
    if p.principale {
        "Facture au format PDF".to_string()
    } else {
        "Pièce jointe complémentaire".to_string()
    }
}

pub fn code_paiement(m: ModeReglement) -> &'static str {
    match m {
        ModeReglement::Virement => "30",
        ModeReglement::Cheque => "20",
        ModeReglement::Prelevement => "49",
        ModeReglement::Espece => "10",
        ModeReglement::Report => "97",
        ModeReglement::Autre => "57",
    }
}

/// The identifiers of a party as EN 16931 places them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identifiants {
    /// BT-29/BT-46 and BT-30/BT-47 with scheme 0009, for a SIRET.
    pub siret: Option<String>,
    /// Other identifier types: BT-29/BT-46 without scheme.
    pub autre: Option<String>,
    /// BT-31/BT-48: the VAT number (the one given, or for a SIRET the French one of its SIREN).
    pub tva: Option<String>,
}

pub fn identifiants(s: &Structure) -> Identifiants {
    let siret = (s.identifier_type == TypeIdentifiant::Siret).then(|| s.identifier.clone());
    let tva = s.numero_tva.clone().or_else(|| match s.identifier_type {
        TypeIdentifiant::Siret if s.identifier.len() == 14 => {
            Some(french_vat_number(siren_of(&s.identifier)))
        }
        TypeIdentifiant::UeHorsFrance => Some(s.identifier.clone()),
        _ => None,
    });
    let autre = match s.identifier_type {
        TypeIdentifiant::Siret => None,
        _ => Some(s.identifier.clone()),
    };
    Identifiants { siret, autre, tva }
}

/// BT-130: the unit typed on the line as a UN/ECE Recommendation 20 code (C62, « unit », when the
/// text is not one of the usual units). The text itself goes in the line note when it says more.
pub fn code_unite(unite: &str) -> &'static str {
    let u = domain::kernel::text::fold(unite.trim());
    let u = u.trim_end_matches('.');
    match u {
        "h" | "heure" | "heures" => "HUR",
        "j" | "jour" | "jours" | "journee" | "journees" => "DAY",
        "mois" => "MON",
        "an" | "annee" | "annees" | "ans" => "ANN",
        "semaine" | "semaines" => "WEE",
        "min" | "minute" | "minutes" => "MIN",
        "kg" | "kilogramme" | "kilogrammes" => "KGM",
        "g" | "gramme" | "grammes" => "GRM",
        "t" | "tonne" | "tonnes" => "TNE",
        "m" | "metre" | "metres" | "ml" => "MTR",
        "km" => "KMT",
        "m2" | "m²" => "MTK",
        "m3" | "m³" => "MTQ",
        "l" | "litre" | "litres" => "LTR",
        "kwh" => "KWH",
        "lot" | "lots" => "LO",
        "paquet" | "paquets" => "PA",
        "boite" | "boites" => "BX",
        _ => "C62",
    }
}

/// « 2026-11-30 » (by hand: chrono's format machinery is heavy in the wasm bundle).
pub fn date_iso(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// An amount as EN 16931 writes it: « 1234.56 », « -0.05 ».
pub fn decimal(m: Montant) -> String {
    fixed(i128::from(m.0), 2, 2)
}

/// A value in units of 10^-scale with a dot, at least `min` decimals, trailing zeros trimmed.
pub fn fixed(value: i128, scale: u32, min: u32) -> String {
    let factor = 10u128.pow(scale);
    let abs = value.unsigned_abs();
    let (int, mut frac) = (abs / factor, abs % factor);
    let mut decimals = scale;
    while decimals > min && frac % 10 == 0 {
        frac /= 10;
        decimals -= 1;
    }
    let sign = if value < 0 { "-" } else { "" };
    if decimals == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac:0w$}", w = decimals as usize)
    }
}

/// A VAT rate as a percentage: « 20 », « 5.5 ».
pub fn pourcentage(t: Taux) -> String {
    fixed(i128::from(t.0), 2, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal(Montant(123456)), "1234.56");
        assert_eq!(decimal(Montant(-5)), "-0.05");
        assert_eq!(decimal(Montant(0)), "0.00");
        assert_eq!(fixed(15_000, 4, 0), "1.5");
        assert_eq!(fixed(125_000, 4, 2), "12.50");
        assert_eq!(fixed(18_765, 4, 2), "1.8765");
        assert_eq!(pourcentage(Taux(550)), "5.5");
        assert_eq!(pourcentage(Taux(2000)), "20");
        assert_eq!(pourcentage(Taux(0)), "0");
        assert_eq!(decimal(Montant(i64::MIN)), "-92233720368547758.08");
    }

    #[test]
    fn units_map_to_rec20() {
        assert_eq!(code_unite("Heures"), "HUR");
        assert_eq!(code_unite("jour"), "DAY");
        assert_eq!(code_unite("ramette"), "C62");
        assert_eq!(code_unite(""), "C62");
    }
}

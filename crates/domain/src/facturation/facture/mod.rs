//! The invoice (« demande de paiement ») as the sandbox stores it: its lines, attachments,
//! histories and what can be read off it (totals, deposit, what awaits an acknowledgement). Its
//! vocabulary (cadres, types, TVA, modes, statuses) is in `vocabulaire`.
//!
//! Invoices are the most numerous records, so their stored form uses two-letter keys and leaves out
//! empty fields (a 3-line invoice stays well under 700 bytes). Amounts are exact (`money`).

mod vocabulaire;

pub use vocabulaire::*;

use crate::kernel::error::DomainError;
use crate::kernel::ids::{CompteBancaireId, CompteId, FactureId, PieceJointeId, StructureId};
use crate::kernel::money::{self, Montant, PrixUnitaire, Quantite, Taux, Totaux};
use crate::kernel::time::Timestamp;
use crate::organisation::structure::Structure;
use crate::sandbox::Sandbox;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// One line of the invoice (« ligne de poste »). Values a draft has not got yet are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ligne {
    /// Référence article.
    #[serde(rename = "r", default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
    #[serde(rename = "d", default, skip_serializing_if = "String::is_empty")]
    pub designation: String,
    #[serde(rename = "q", default, skip_serializing_if = "Option::is_none")]
    pub quantite: Option<Quantite>,
    #[serde(rename = "u", default, skip_serializing_if = "String::is_empty")]
    pub unite: String,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub prix: Option<PrixUnitaire>,
    /// Remise HT of the line, in cents.
    #[serde(rename = "re", default, skip_serializing_if = "is_zero")]
    pub remise: Montant,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub taux: Option<Taux>,
}

impl Ligne {
    /// Net amount once quantity and price are known.
    pub fn montant_ht(&self) -> Option<Montant> {
        Some(money::montant_ligne(
            self.quantite?,
            self.prix?,
            self.remise,
        ))
    }
}

/// Totals typed on a PDF deposit (the PDF is the legal original; these route and check it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MontantsDeposes {
    #[serde(rename = "h")]
    pub ht: Montant,
    #[serde(rename = "v")]
    pub tva: Montant,
    #[serde(rename = "c")]
    pub ttc: Montant,
}

/// An attachment's metadata; its bytes are in IndexedDB under `id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceJointe {
    pub id: PieceJointeId,
    #[serde(rename = "n")]
    pub nom: String,
    /// Size in bytes.
    #[serde(rename = "s")]
    pub taille: u64,
    /// The main attachment: the deposited PDF, legal original of a PDF deposit.
    #[serde(rename = "p", default, skip_serializing_if = "is_false")]
    pub principale: bool,
}

/// One line of the « historique des statuts ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EtapeStatut {
    #[serde(rename = "s")]
    pub statut: Statut,
    #[serde(rename = "t", with = "crate::kernel::time::millis")]
    pub at: Timestamp,
    /// Who set it; `None` for the portal itself (« Système ») or the simulated recipient.
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub par: Option<CompteId>,
    /// The motif (REJETEE, SUSPENDUE) or comment (A_RECYCLER, COMPLETEE…).
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub commentaire: Option<String>,
    /// Set by the simulated recipient's agent (solo practice), not by a person.
    #[serde(rename = "sim", default, skip_serializing_if = "is_false")]
    pub simule: bool,
    /// Numéro de mandat (`numeroDPMandat`), given with MANDATEE.
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    pub mandat: Option<String>,
}

impl EtapeStatut {
    /// A step set by `par` (`None`: the portal), with its motif or comment.
    pub fn new(
        statut: Statut,
        at: Timestamp,
        par: Option<CompteId>,
        commentaire: Option<String>,
    ) -> EtapeStatut {
        EtapeStatut {
            statut,
            at,
            par,
            commentaire,
            simule: false,
            mandat: None,
        }
    }
}

/// One line of the « historique des actions utilisateurs ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionUtilisateur {
    #[serde(rename = "a")]
    pub code: CodeAction,
    #[serde(rename = "t", with = "crate::kernel::time::millis")]
    pub at: Timestamp,
    #[serde(rename = "u")]
    pub par: CompteId,
}

/// One line of the « historique des événements complémentaires » (recycling, completion…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evenement {
    #[serde(rename = "l")]
    pub libelle: String,
    #[serde(rename = "t", with = "crate::kernel::time::millis")]
    pub at: Timestamp,
    /// Who: a user, or `None` for the portal or the simulated recipient.
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub par: Option<CompteId>,
}

/// An invoice, draft or sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facture {
    pub id: FactureId,
    /// Structure émettrice (the supplier).
    #[serde(rename = "em")]
    pub emetteur: StructureId,
    /// Optional service of the supplier (its code).
    #[serde(rename = "sf", default, skip_serializing_if = "String::is_empty")]
    pub service_fournisseur: String,
    #[serde(rename = "cb", default, skip_serializing_if = "Option::is_none")]
    pub coordonnees_bancaires: Option<CompteBancaireId>,
    #[serde(rename = "de", default, skip_serializing_if = "Option::is_none")]
    pub destinataire: Option<StructureId>,
    /// Code service exécutant of the recipient.
    #[serde(rename = "cs", default, skip_serializing_if = "String::is_empty")]
    pub code_service: String,
    #[serde(rename = "ca", default, skip_serializing_if = "is_default")]
    pub cadre: Cadre,
    /// Valideur of an A9/A12 invoice (a structure of the sandbox).
    #[serde(rename = "va", default, skip_serializing_if = "Option::is_none")]
    pub valideur: Option<StructureId>,
    #[serde(rename = "vs", default, skip_serializing_if = "String::is_empty")]
    pub service_valideur: String,
    /// Second valideur (the titulaire or mandataire named by a cotraitant who validated the
    /// invoice of its own sub-contractor: A_VALIDER_2).
    #[serde(rename = "v2", default, skip_serializing_if = "Option::is_none")]
    pub valideur_2: Option<StructureId>,
    #[serde(rename = "no", default, skip_serializing_if = "String::is_empty")]
    pub numero: String,
    #[serde(
        rename = "dt",
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::kernel::time::ymd_opt"
    )]
    pub date: Option<NaiveDate>,
    #[serde(rename = "ty", default, skip_serializing_if = "is_default")]
    pub type_facture: TypeFacture,
    /// ISO 4217 code.
    #[serde(rename = "dv", default = "eur", skip_serializing_if = "is_eur")]
    pub devise: String,
    #[serde(rename = "tv", default, skip_serializing_if = "is_default")]
    pub type_tva: TypeTva,
    #[serde(rename = "mx", default, skip_serializing_if = "String::is_empty")]
    pub motif_exoneration: String,
    #[serde(rename = "mr", default, skip_serializing_if = "Option::is_none")]
    pub mode_reglement: Option<ModeReglement>,
    /// Numéro d'engagement juridique (bon de commande).
    #[serde(rename = "ej", default, skip_serializing_if = "String::is_empty")]
    pub ej: String,
    #[serde(rename = "ma", default, skip_serializing_if = "String::is_empty")]
    pub marche: String,
    /// The invoice an avoir corrects.
    #[serde(rename = "or", default, skip_serializing_if = "String::is_empty")]
    pub facture_origine: String,
    #[serde(rename = "li", default, skip_serializing_if = "Vec::is_empty")]
    pub lignes: Vec<Ligne>,
    /// Totals typed on a PDF deposit (no lines then).
    #[serde(rename = "mt", default, skip_serializing_if = "Option::is_none")]
    pub montants_deposes: Option<MontantsDeposes>,
    /// Remise globale TTC.
    #[serde(rename = "rg", default, skip_serializing_if = "is_zero")]
    pub remise_globale: Montant,
    #[serde(rename = "rm", default, skip_serializing_if = "String::is_empty")]
    pub motif_remise: String,
    /// Montant à payer when it differs from the net à payer (an acompte already received…).
    #[serde(rename = "ap", default, skip_serializing_if = "Option::is_none")]
    pub montant_a_payer: Option<Montant>,
    #[serde(rename = "pj", default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<PieceJointe>,
    #[serde(rename = "co", default, skip_serializing_if = "String::is_empty")]
    pub commentaire: String,
    #[serde(rename = "md", default, skip_serializing_if = "is_default")]
    pub mode_depot: ModeDepot,
    #[serde(rename = "st", default, skip_serializing_if = "is_default")]
    pub statut: Statut,
    /// Historique des statuts, oldest first (empty for a draft).
    #[serde(rename = "hi", default, skip_serializing_if = "Vec::is_empty")]
    pub historique: Vec<EtapeStatut>,
    /// Who created the draft, and when.
    #[serde(rename = "cr")]
    pub cree_par: CompteId,
    #[serde(rename = "ct", with = "crate::kernel::time::millis")]
    pub cree_le: Timestamp,
    /// SHA-256 of the deposited data (certificat de dépôt), hex.
    #[serde(rename = "fp", default, skip_serializing_if = "String::is_empty")]
    pub empreinte: String,
    /// Historique des actions utilisateurs, oldest first.
    #[serde(rename = "ac", default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionUtilisateur>,
    /// Historique des événements complémentaires, oldest first.
    #[serde(rename = "ev", default, skip_serializing_if = "Vec::is_empty")]
    pub evenements: Vec<Evenement>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}
fn is_zero(m: &Montant) -> bool {
    *m == Montant::ZERO
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn eur() -> String {
    "EUR".to_string()
}
fn is_eur(s: &String) -> bool {
    s == "EUR"
}

impl Facture {
    /// « Avoir » for a credit note, « Facture » otherwise (an acompte is an invoice too).
    fn nom_type(&self) -> &'static str {
        if self.type_facture == TypeFacture::Avoir {
            "Avoir"
        } else {
            "Facture"
        }
    }

    /// How a list names it: its number, or for a draft without one its type and date
    /// (« Avoir du 01/12/2026 », « Facture sans date »).
    pub fn designation_liste(&self) -> String {
        if !self.numero.trim().is_empty() {
            return self.numero.clone();
        }
        match self.date {
            Some(d) => format!("{} du {}", self.nom_type(), crate::kernel::time::day_fr(d)),
            None => format!("{} sans date", self.nom_type()),
        }
    }

    /// The page title: « Avoir n° AV-1 », « Facture n° FA-1 », or for a draft without number
    /// « Avoir du 01/12/2026 (brouillon sans numéro) ».
    pub fn titre(&self) -> String {
        if self.numero.trim().is_empty() {
            format!("{} (brouillon sans numéro)", self.designation_liste())
        } else {
            format!("{} n° {}", self.nom_type(), self.numero)
        }
    }

    /// The message once sent: « La facture n° … est validée, elle est en cours de transmission. »
    /// or « L'avoir n° … est validé, il est en cours de transmission. »
    pub fn message_envoi(&self) -> String {
        if self.type_facture == TypeFacture::Avoir {
            format!(
                "L'avoir n° {} est validé, il est en cours de transmission.",
                self.numero
            )
        } else {
            format!(
                "La facture n° {} est validée, elle est en cours de transmission.",
                self.numero
            )
        }
    }

    /// The recipient structure, if the invoice names one that exists.
    pub fn destinataire_dans<'a>(&self, sb: &'a Sandbox) -> Option<&'a Rc<Structure>> {
        self.destinataire
            .as_ref()
            .and_then(|d| sb.structures.get(d))
    }

    pub fn is_draft(&self) -> bool {
        self.statut == Statut::Brouillon
    }

    /// Totals: computed from the lines when keyed in, taken from the typed amounts on a PDF deposit.
    pub fn totaux(&self) -> Totaux {
        match self.montants_deposes {
            Some(m) => Totaux {
                recap: Vec::new(),
                total_ht: m.ht,
                total_tva: m.tva,
                total_ttc: m.ttc,
                remise_globale: self.remise_globale,
                // EN 16931: net à payer = TTC − remise globale; saturating, never a wrap.
                net_a_payer: m.ttc - self.remise_globale,
            },
            None => money::totaux(
                self.lignes
                    .iter()
                    .filter_map(|l| Some((l.montant_ht()?, l.taux?))),
                self.remise_globale,
            ),
        }
    }

    /// Total HT and TTC only, without building the VAT recap (lists, searches, sums).
    pub fn ht_ttc(&self) -> (Montant, Montant) {
        match self.montants_deposes {
            Some(m) => (m.ht, m.ttc),
            None => money::ht_ttc(
                self.lignes
                    .iter()
                    .filter_map(|l| Some((l.montant_ht()?, l.taux?))),
            ),
        }
    }

    /// What the recipient is asked to pay.
    pub fn a_payer(&self) -> Montant {
        if self.cadre == Cadre::A2 {
            return Montant::ZERO;
        }
        self.montant_a_payer
            .unwrap_or_else(|| self.totaux().net_a_payer)
    }

    /// When it was deposited (its DEPOSEE step).
    pub fn depose_le(&self) -> Option<Timestamp> {
        self.historique
            .iter()
            .find(|e| e.statut == Statut::Deposee)
            .map(|e| e.at)
    }

    /// Who deposited it.
    pub fn depose_par(&self) -> Option<&CompteId> {
        self.historique
            .iter()
            .find(|e| e.statut == Statut::Deposee)
            .and_then(|e| e.par.as_ref())
    }

    /// When the current status was reached.
    pub fn date_etat_courant(&self) -> Timestamp {
        self.historique.last().map(|e| e.at).unwrap_or(self.cree_le)
    }

    /// The year numbering is unique in: the year the invoice was deposited.
    pub fn annee_depot(&self) -> Option<i32> {
        self.depose_le()
            .map(|t| crate::kernel::time::paris_date(t).year())
    }

    pub fn principale(&self) -> Option<&PieceJointe> {
        self.pieces.iter().find(|p| p.principale)
    }

    /// Whether the user action `code` happened since the current status was reached.
    pub fn action_depuis_etat(&self, code: CodeAction) -> bool {
        let since = self.date_etat_courant();
        self.actions.iter().any(|a| a.code == code && a.at >= since)
    }

    /// A rejected or suspended invoice the supplier has not acknowledged yet.
    pub fn a_acquitter(&self) -> bool {
        match self.statut {
            Statut::Rejetee => !self.action_depuis_etat(CodeAction::AcquittementRejet),
            Statut::Suspendue => !self.action_depuis_etat(CodeAction::AcquittementSuspension),
            _ => false,
        }
    }

    /// « Traiter le rejet » was done: the invoice leaves the Synthèse (filter `rejetTraite`).
    pub fn rejet_traite(&self) -> bool {
        self.statut == Statut::Rejetee && self.action_depuis_etat(CodeAction::TraitementRejet)
    }

    /// Sent, and past the A9/A12 validation: the recipient has it (« Factures reçues »).
    pub fn parvenue(&self) -> bool {
        !self.is_draft() && !self.statut.en_validation()
    }

    /// The recipient downloaded it (« téléchargée par le destinataire »).
    pub fn telechargee(&self) -> bool {
        self.actions
            .iter()
            .any(|a| a.code == CodeAction::TelechargementFacture)
    }
}

/// The invoices a structure issued, drafts or not, newest first.
pub fn emises<'a>(
    sb: &'a Sandbox,
    structure: &StructureId,
    brouillons: bool,
) -> Vec<&'a Rc<Facture>> {
    let mut out: Vec<&Rc<Facture>> = sb
        .factures
        .values()
        .filter(|f| &f.emetteur == structure && f.is_draft() == brouillons)
        .collect();
    out.sort_by(|a, b| {
        b.date_etat_courant()
            .cmp(&a.date_etat_courant())
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// The invoice `id`, draft or sent.
pub fn facture<'a>(sb: &'a Sandbox, id: &FactureId) -> Result<&'a Rc<Facture>, DomainError> {
    sb.factures
        .get(id)
        .ok_or_else(|| DomainError::NotFound("Cette facture n'existe pas (ou plus).".to_string()))
}

/// Every attachment an invoice of the sandbox refers to (the others' bytes may be freed).
pub fn pieces_referencees(sb: &Sandbox) -> std::collections::BTreeSet<PieceJointeId> {
    sb.factures
        .values()
        .flat_map(|f| f.pieces.iter().map(|p| p.id.clone()))
        .chain(crate::facturation::travaux::pieces(sb).map(|p| p.id.clone()))
        .collect()
}

/// Why an invoice has no structured format.
pub fn motif_sans_format(f: &Facture) -> Option<&'static str> {
    if f.is_draft() {
        Some("Un brouillon n'a pas encore de format d'échange : envoyez d'abord la facture.")
    } else if f.mode_depot == ModeDepot::DepotPdfPortail || f.montants_deposes.is_some() {
        Some("Cette facture a été déposée en PDF : le PDF déposé est l'original, le portail n'en tire pas de fichier UBL ou CII.")
    } else if f.lignes.is_empty() {
        Some("Cette facture n'a aucune ligne : un fichier UBL ou CII en exige au moins une.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::money::{PrixUnitaire, Quantite};

    #[test]
    fn fast_totals_equal_the_invoice_totals() {
        let f = |lignes: Vec<Ligne>| Facture {
            lignes,
            ..serde_json::from_str::<Facture>(r#"{"id":"x","em":"s","cr":"a","ct":0}"#).unwrap()
        };
        let ligne = |q: i64, p: i64, remise: i64, taux: Option<u32>| Ligne {
            quantite: Some(Quantite(q)),
            prix: Some(PrixUnitaire(p)),
            remise: Montant(remise),
            taux: taux.map(Taux),
            ..Ligne::default()
        };
        let mut cases = vec![
            vec![],
            vec![ligne(30_000, 300, 0, Some(2000)); 3],
            vec![
                ligne(15_000, 624_000, 0, Some(2000)),
                ligne(10_000, 1_999_900, 0, Some(550)),
            ],
            vec![
                ligne(-10_000, 10_000, 5, Some(850)),
                ligne(12_345, 67_891, 3, None),
            ],
            vec![ligne(
                99_999_999_999_999,
                99_999_999_999_999,
                0,
                Some(10_000),
            )],
        ];
        // Halves of a cent, both signs, in the line and in the VAT; discounts.
        cases.push(vec![
            ligne(10_000, 50, 0, Some(5000)),
            ligne(-10_000, 50, 0, Some(5000)),
            ligne(30_000, 16_667, 7, Some(550)),
            ligne(-25_000, 33, 0, Some(210)),
            ligne(10_000, 1, -3, Some(850)),
        ]);
        // A base beyond i64 once multiplied by the rate.
        cases.push(vec![
            ligne(
                9_000_000_000_000,
                9_000_000_000_000,
                0,
                Some(2000)
            );
            2
        ]);
        // More distinct rates than the stack holds: the general computation.
        cases.push(
            (0..12)
                .map(|i| ligne(10_000, 12_345 * (i + 1), 0, Some(i as u32 * 100)))
                .collect(),
        );
        for (i, lignes) in cases.into_iter().enumerate() {
            let f = f(lignes);
            let t = f.totaux();
            assert_eq!(f.ht_ttc(), (t.total_ht, t.total_ttc), "case {i}");
        }
    }
}

//! « Factures de travaux » (facts §4.5): the dossier de facturation of a works marché, its actors
//! (titulaire, cotraitants, sous-traitants, maître d'œuvre, maître d'ouvrage), and the documents
//! each party deposits and « associe » to the previous one.
//!
//! Monthly circuit: the supplier deposits a projet de décompte mensuel (A4, A10 for a
//! sous-traitant, A13 for a cotraitant); the MOE « récupère » it and, within 7 days, deposits its
//! état d'acompte (A15) with the amounts it admits; the MOA deposits the état d'acompte validé
//! (A19), which reaches the financial service in « Factures reçues » as an invoice to pay. Final
//! circuit: projet de décompte final (A7, A11, A14), décompte général of the MOE (A18) then of the
//! MOA (A20), DGD signed by the titulaire (A8), which reaches the financial service. A refusal by
//! the MOE (or the MOA) stops the circuit with its motif; a wrong amount is corrected, never a
//! reason to refuse (since 19/02/2025). When the MOE lets its 7 days pass, the MOA may deposit the
//! état d'acompte validé directly (« dépôt initial » when an earlier party is absent).
//!
//! Works documents are deposited as a PDF with the routing data (cadre, numéro, amounts), never
//! keyed line by line. The whole dossier is one record (collection `travaux`).

use crate::compte::messagerie::Courriel;
use crate::facturation::facture::{
    Cadre, EtapeStatut, Facture, ModeDepot, MontantsDeposes, PieceJointe, Statut, TypeFacture,
    TypeTva,
};
use crate::facturation::notifications::notifications;
use crate::facturation::pieces_jointes::verifier_pdf;
use crate::facturation::routage::{services_actifs, MAX_EJ};
use crate::facturation::saisie::{index_numero, numero_deja_utilise, MAX_MARCHE, MAX_NUMERO};
use crate::kernel::error::{Champ, DomainError, Validator};
use crate::kernel::ids::{CompteId, DocumentTravauxId, DossierTravauxId, FactureId, StructureId};
use crate::kernel::money::{parse_montant, Montant};
use crate::kernel::text;
use crate::kernel::time::{date_fr, paris_date, Timestamp};
use crate::organisation::droits::{Action, Application, Role};
use crate::organisation::rattachement::{authorize, may};
use crate::organisation::structure::Structure;
use crate::sandbox::{Outcome, Record, Sandbox};
use chrono::{Datelike, Duration};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// The MOE's delay to deposit its état d'acompte, in days from the projet's deposit (facts §4.5).
pub const DELAI_MOE_JOURS: i64 = 7;
/// Most documents in one dossier (a monthly circuit over decades stays far below).
pub const MAX_DOCUMENTS: usize = 600;
/// Most status steps of one document.
pub const MAX_ETAPES: usize = 20;
/// Most cotraitants and sous-traitants of one dossier.
pub const MAX_INTERVENANTS: usize = 50;
pub const MAX_OBJET: usize = 200;
pub const MAX_COMMENTAIRE: usize = 1_000;

/// The text with its first letter in upper case.
fn majuscule(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The fields of the fiche identité and of the deposit form.
pub mod champs {
    use crate::kernel::error::Champ;
    pub const MARCHE: Champ = Champ::new("travaux_marche", "Numéro de marché");
    pub const OBJET: Champ = Champ::new("travaux_objet", "Objet du marché");
    pub const EJ: Champ = Champ::new("travaux_ej", "Engagement juridique");
    pub const MOE: Champ = Champ::new("travaux_moe", "Maître d'œuvre (MOE)");
    pub const MOA: Champ = Champ::new("travaux_moa", "Maître d'ouvrage (MOA)");
    pub const SERVICE_MOA: Champ = Champ::new(
        "travaux_service_moa",
        "Code service du service financier de la MOA",
    );
    pub const INTERVENANT: Champ = Champ::new(
        "travaux_intervenant",
        "Cotraitant ou sous-traitant (facultatif)",
    );
    pub const ROLE_INTERVENANT: Champ =
        Champ::new("travaux_role_intervenant", "Rôle de l'intervenant");
    pub const DOCUMENT: Champ = Champ::new("travaux_document", "Document à déposer");
    pub const NUMERO: Champ = Champ::new("travaux_numero", "Numéro du document");
    pub const HT: Champ = Champ::new("travaux_ht", "Montant HT");
    pub const TVA: Champ = Champ::new("travaux_tva", "Montant de TVA");
    pub const TTC: Champ = Champ::new("travaux_ttc", "Montant TTC");
    pub const CORRECTION: Champ = Champ::new(
        "travaux_correction",
        "Explication de la correction des montants",
    );
    pub const PDF: Champ = Champ::new("travaux_pdf", "Document PDF");
    pub const MOTIF: Champ = Champ::new("travaux_motif", "Motif du refus");
    pub const COMMENTAIRE: Champ = Champ::new("travaux_commentaire", "Commentaire du refus");
}

/// The works vocabulary is stored as its codes, through one routine per direction rather than
/// serde's derive per enum (less code in the bundle).
macro_rules! par_code {
    ($t:ty, $code:ident) => {
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.$code())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <$t>::ALL
                    .into_iter()
                    .find(|x| x.$code() == s)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&s, &[]))
            }
        }
    };
}
par_code!(RoleTravaux, code);
par_code!(CadreTravaux, court);
par_code!(StatutTravaux, code);

/// A party's role in the dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RoleTravaux {
    Titulaire,
    Cotraitant,
    SousTraitant,
    Moe,
    Moa,
}

impl RoleTravaux {
    pub const ALL: [RoleTravaux; 5] = [
        RoleTravaux::Titulaire,
        RoleTravaux::Cotraitant,
        RoleTravaux::SousTraitant,
        RoleTravaux::Moe,
        RoleTravaux::Moa,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RoleTravaux::Titulaire => "TITULAIRE",
            RoleTravaux::Cotraitant => "COTRAITANT",
            RoleTravaux::SousTraitant => "SOUS_TRAITANT",
            RoleTravaux::Moe => "MOE",
            RoleTravaux::Moa => "MOA",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RoleTravaux::Titulaire => "Titulaire",
            RoleTravaux::Cotraitant => "Cotraitant",
            RoleTravaux::SousTraitant => "Sous-traitant",
            RoleTravaux::Moe => "Maître d'œuvre (MOE)",
            RoleTravaux::Moa => "Maître d'ouvrage (MOA)",
        }
    }

    /// The role inside a sentence: « le maître d'œuvre (MOE) du marché ».
    pub fn nom(self) -> &'static str {
        match self {
            RoleTravaux::Titulaire => "titulaire",
            RoleTravaux::Cotraitant => "cotraitant",
            RoleTravaux::SousTraitant => "sous-traitant",
            RoleTravaux::Moe => "maître d'œuvre (MOE)",
            RoleTravaux::Moa => "maître d'ouvrage (MOA)",
        }
    }

    fn fournisseur(self) -> bool {
        matches!(
            self,
            RoleTravaux::Titulaire | RoleTravaux::Cotraitant | RoleTravaux::SousTraitant
        )
    }
}

/// The works cadres de facturation (facts §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CadreTravaux {
    A4,
    A10,
    A13,
    A15,
    A19,
    A7,
    A11,
    A14,
    A18,
    A20,
    A8,
}

impl CadreTravaux {
    pub const ALL: [CadreTravaux; 11] = [
        CadreTravaux::A4,
        CadreTravaux::A10,
        CadreTravaux::A13,
        CadreTravaux::A15,
        CadreTravaux::A19,
        CadreTravaux::A7,
        CadreTravaux::A11,
        CadreTravaux::A14,
        CadreTravaux::A18,
        CadreTravaux::A20,
        CadreTravaux::A8,
    ];

    /// The API value (`codeCadreFacturation`).
    pub fn code(self) -> &'static str {
        match self {
            CadreTravaux::A4 => "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR",
            CadreTravaux::A10 => "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT",
            CadreTravaux::A13 => "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT",
            CadreTravaux::A15 => "A15_ETAT_ACOMPTE_MOE",
            CadreTravaux::A19 => "A19_ETAT_ACOMPTE_VALIDE_MOA",
            CadreTravaux::A7 => "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR",
            CadreTravaux::A11 => "A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT",
            CadreTravaux::A14 => "A14_PROJET_DECOMPTE_FINAL_COTRAITANT",
            CadreTravaux::A18 => "A18_DECOMPTE_GENERAL_MOE",
            CadreTravaux::A20 => "A20_DECOMPTE_GENERAL_MOA",
            CadreTravaux::A8 => "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR",
        }
    }

    pub fn court(self) -> &'static str {
        self.code().split('_').next().unwrap_or("")
    }

    /// The document's name (« projet de décompte mensuel »…).
    pub fn document(self) -> &'static str {
        match self {
            CadreTravaux::A4 | CadreTravaux::A10 | CadreTravaux::A13 => {
                "projet de décompte mensuel"
            }
            CadreTravaux::A15 => "état d'acompte",
            CadreTravaux::A19 => "état d'acompte validé",
            CadreTravaux::A7 | CadreTravaux::A11 | CadreTravaux::A14 => "projet de décompte final",
            CadreTravaux::A18 | CadreTravaux::A20 => "décompte général",
            CadreTravaux::A8 => "décompte général et définitif (DGD)",
        }
    }

    /// With its article: « le projet de décompte mensuel », « l'état d'acompte ».
    pub fn le_document(self) -> String {
        let doc = self.document();
        if doc.starts_with('é') {
            format!("l'{doc}")
        } else {
            format!("le {doc}")
        }
    }

    /// After « en réponse »: « au projet de décompte mensuel », « à l'état d'acompte ».
    pub fn au_document(self) -> String {
        let le = self.le_document();
        match le.strip_prefix("le ") {
            Some(rest) => format!("au {rest}"),
            None => format!("à {le}"),
        }
    }

    /// « L'état d'acompte (A15) est déposé. »
    pub fn message_depot(self) -> String {
        majuscule(&format!(
            "{} ({}) est déposé.",
            self.le_document(),
            self.court()
        ))
    }

    /// « A15 — État d'acompte (maître d'œuvre) ».
    pub fn label(self) -> String {
        let doc = self.document();
        let mut chars = doc.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        format!(
            "{} — {}{} ({})",
            self.court(),
            first.unwrap_or_default(),
            chars.as_str(),
            self.deposant().nom()
        )
    }

    /// Who deposits it.
    pub fn deposant(self) -> RoleTravaux {
        match self {
            CadreTravaux::A4 | CadreTravaux::A7 | CadreTravaux::A8 => RoleTravaux::Titulaire,
            CadreTravaux::A10 | CadreTravaux::A11 => RoleTravaux::SousTraitant,
            CadreTravaux::A13 | CadreTravaux::A14 => RoleTravaux::Cotraitant,
            CadreTravaux::A15 | CadreTravaux::A18 => RoleTravaux::Moe,
            CadreTravaux::A19 | CadreTravaux::A20 => RoleTravaux::Moa,
        }
    }

    /// Opens a circuit (a supplier's projet).
    pub fn initial(self) -> bool {
        matches!(
            self,
            CadreTravaux::A4
                | CadreTravaux::A10
                | CadreTravaux::A13
                | CadreTravaux::A7
                | CadreTravaux::A11
                | CadreTravaux::A14
        )
    }

    fn mensuel(self) -> bool {
        matches!(
            self,
            CadreTravaux::A4
                | CadreTravaux::A10
                | CadreTravaux::A13
                | CadreTravaux::A15
                | CadreTravaux::A19
        )
    }

    /// The document the next party associates to this one.
    pub fn suivant(self) -> Option<CadreTravaux> {
        match self {
            CadreTravaux::A4 | CadreTravaux::A10 | CadreTravaux::A13 => Some(CadreTravaux::A15),
            CadreTravaux::A15 => Some(CadreTravaux::A19),
            CadreTravaux::A7 | CadreTravaux::A11 | CadreTravaux::A14 => Some(CadreTravaux::A18),
            CadreTravaux::A18 => Some(CadreTravaux::A20),
            CadreTravaux::A20 => Some(CadreTravaux::A8),
            CadreTravaux::A19 | CadreTravaux::A8 => None,
        }
    }

    /// Its status once deposited.
    fn statut_au_depot(self) -> StatutTravaux {
        match self.suivant().map(CadreTravaux::deposant) {
            Some(RoleTravaux::Moe) => StatutTravaux::MiseADispositionMoe,
            Some(RoleTravaux::Moa) => StatutTravaux::MiseADispositionMoa,
            Some(_) => StatutTravaux::AAssocierFournisseur,
            None => StatutTravaux::TransmiseMoa,
        }
    }

    /// The supplier's projets a role deposits.
    fn initiaux(role: RoleTravaux) -> &'static [CadreTravaux] {
        match role {
            RoleTravaux::Titulaire => &[CadreTravaux::A4, CadreTravaux::A7],
            RoleTravaux::SousTraitant => &[CadreTravaux::A10, CadreTravaux::A11],
            RoleTravaux::Cotraitant => &[CadreTravaux::A13, CadreTravaux::A14],
            RoleTravaux::Moe | RoleTravaux::Moa => &[],
        }
    }
}

/// Works statuses (facts §4.5, one label and one tone each; the labels are the sandbox's
/// reading of the API codes, the portal's own wording being unconfirmed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatutTravaux {
    MiseADispositionMoe,
    PriseEnCompteMoe,
    RefuseeMoe,
    MiseADispositionMoa,
    PriseEnCompteMoa,
    RefuseeMoa,
    AAssocierFournisseur,
    Associee,
    TransmiseMoa,
}

impl StatutTravaux {
    pub const ALL: [StatutTravaux; 9] = [
        StatutTravaux::MiseADispositionMoe,
        StatutTravaux::PriseEnCompteMoe,
        StatutTravaux::RefuseeMoe,
        StatutTravaux::MiseADispositionMoa,
        StatutTravaux::PriseEnCompteMoa,
        StatutTravaux::RefuseeMoa,
        StatutTravaux::AAssocierFournisseur,
        StatutTravaux::Associee,
        StatutTravaux::TransmiseMoa,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StatutTravaux::MiseADispositionMoe => "MISE_A_DISPOSITION_MOE",
            StatutTravaux::PriseEnCompteMoe => "PRISE_EN_COMPTE_MOE",
            StatutTravaux::RefuseeMoe => "REFUSEE_MOE",
            StatutTravaux::MiseADispositionMoa => "MISE_A_DISPOSITION_MOA",
            StatutTravaux::PriseEnCompteMoa => "PRISE_EN_COMPTE_MOA",
            StatutTravaux::RefuseeMoa => "REFUSEE_MOA",
            StatutTravaux::AAssocierFournisseur => "A_ASSOCIER_FOURNISSEUR",
            StatutTravaux::Associee => "ASSOCIEE",
            StatutTravaux::TransmiseMoa => "TRANSMISE_MOA",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatutTravaux::MiseADispositionMoe => "Mise à disposition de la MOE",
            StatutTravaux::PriseEnCompteMoe => "Prise en compte par la MOE",
            StatutTravaux::RefuseeMoe => "Refusée par la MOE",
            StatutTravaux::MiseADispositionMoa => "Mise à disposition de la MOA",
            StatutTravaux::PriseEnCompteMoa => "Prise en compte par la MOA",
            StatutTravaux::RefuseeMoa => "Refusée par la MOA",
            StatutTravaux::AAssocierFournisseur => "À associer par le fournisseur",
            StatutTravaux::Associee => "Associée",
            StatutTravaux::TransmiseMoa => "Transmise au service financier",
        }
    }

    /// The colour family (CSS class `statut-<tone>`, shared with the invoices' badges).
    pub fn tone(self) -> &'static str {
        match self {
            StatutTravaux::MiseADispositionMoe | StatutTravaux::MiseADispositionMoa => "encours",
            StatutTravaux::PriseEnCompteMoe | StatutTravaux::PriseEnCompteMoa => "traitement",
            StatutTravaux::RefuseeMoe | StatutTravaux::RefuseeMoa => "rejet",
            StatutTravaux::AAssocierFournisseur => "attention",
            StatutTravaux::Associee => "brouillon",
            StatutTravaux::TransmiseMoa => "paye",
        }
    }

    /// Who must act on a document in this status (None: nobody in the works circuit).
    pub fn attendu_de(self) -> Option<RoleTravaux> {
        match self {
            StatutTravaux::MiseADispositionMoe | StatutTravaux::PriseEnCompteMoe => {
                Some(RoleTravaux::Moe)
            }
            StatutTravaux::MiseADispositionMoa | StatutTravaux::PriseEnCompteMoa => {
                Some(RoleTravaux::Moa)
            }
            StatutTravaux::AAssocierFournisseur => Some(RoleTravaux::Titulaire),
            _ => None,
        }
    }
}

/// Why the MOE (or the MOA) refuses a document. « Erreur de montant » exists but no longer
/// refuses a document as a whole (since 19/02/2025): it is corrected in the next document. The
/// other motifs are the sandbox's plausible list (the portal's own list is not public).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MotifRefus {
    ErreurDeMontant,
    MauvaisDestinataire,
    MarcheNonConcerne,
    DocumentIllisible,
    PiecesManquantes,
    Doublon,
}

impl MotifRefus {
    pub const ALL: [MotifRefus; 6] = [
        MotifRefus::MauvaisDestinataire,
        MotifRefus::MarcheNonConcerne,
        MotifRefus::DocumentIllisible,
        MotifRefus::PiecesManquantes,
        MotifRefus::Doublon,
        MotifRefus::ErreurDeMontant,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MotifRefus::ErreurDeMontant => "Erreur de montant",
            MotifRefus::MauvaisDestinataire => "Document adressé au mauvais maître d'œuvre",
            MotifRefus::MarcheNonConcerne => "Le document ne concerne pas ce marché",
            MotifRefus::DocumentIllisible => "Document illisible ou incomplet",
            MotifRefus::PiecesManquantes => "Pièces justificatives manquantes",
            MotifRefus::Doublon => "Document déjà déposé (doublon)",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MotifRefus::ErreurDeMontant => "ERREUR_MONTANT",
            MotifRefus::MauvaisDestinataire => "MAUVAIS_DESTINATAIRE",
            MotifRefus::MarcheNonConcerne => "MARCHE_NON_CONCERNE",
            MotifRefus::DocumentIllisible => "DOCUMENT_ILLISIBLE",
            MotifRefus::PiecesManquantes => "PIECES_MANQUANTES",
            MotifRefus::Doublon => "DOUBLON",
        }
    }

    pub fn from_code(s: &str) -> Option<MotifRefus> {
        MotifRefus::ALL.into_iter().find(|m| m.code() == s)
    }
}

/// The refusal of a whole document for a wrong amount, answered.
pub const MONTANT_SE_CORRIGE: &str = "Depuis le 19/02/2025, une erreur de montant ne justifie plus le refus du document : déposez votre état d'acompte avec les montants que vous admettez et expliquez la correction.";

/// A cotraitant or sous-traitant of the marché.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intervenant {
    #[serde(rename = "s")]
    pub structure: StructureId,
    #[serde(rename = "r")]
    pub role: RoleTravaux,
}

/// One step of a document's status history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EtapeTravaux {
    #[serde(rename = "s")]
    pub statut: StatutTravaux,
    #[serde(rename = "t", with = "crate::kernel::time::millis")]
    pub at: Timestamp,
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub par: Option<CompteId>,
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub commentaire: Option<String>,
    /// Made by the simulated MOE or MOA.
    #[serde(rename = "sim", default, skip_serializing_if = "is_false")]
    pub simule: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A deposited works document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentTravaux {
    pub id: DocumentTravauxId,
    #[serde(rename = "ca")]
    pub cadre: CadreTravaux,
    /// The structure that deposited it.
    #[serde(rename = "de")]
    pub deposant: StructureId,
    /// Who deposited it; None for the simulated MOE or MOA.
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub par: Option<CompteId>,
    #[serde(rename = "no")]
    pub numero: String,
    #[serde(rename = "mt")]
    pub montants: MontantsDeposes,
    /// The deposited PDF (none for a simulated party's document).
    #[serde(rename = "pj", default, skip_serializing_if = "Option::is_none")]
    pub piece: Option<PieceJointe>,
    /// The document this one answers (associates to).
    #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
    pub associe_a: Option<DocumentTravauxId>,
    #[serde(rename = "t", with = "crate::kernel::time::millis")]
    pub depose_le: Timestamp,
    #[serde(rename = "st")]
    pub statut: StatutTravaux,
    #[serde(rename = "hi")]
    pub historique: Vec<EtapeTravaux>,
    /// Why the amounts differ from the document answered.
    #[serde(rename = "co", default, skip_serializing_if = "String::is_empty")]
    pub correction: String,
    /// The invoice the financial service received (A19, A8).
    #[serde(rename = "fa", default, skip_serializing_if = "Option::is_none")]
    pub facture: Option<FactureId>,
}

impl DocumentTravaux {
    /// The MOE's deadline on a supplier's projet: 7 days after its deposit.
    pub fn echeance_moe(&self) -> Option<Timestamp> {
        if !self.cadre.initial() {
            return None;
        }
        Duration::try_days(DELAI_MOE_JOURS).and_then(|d| self.depose_le.checked_add_signed(d))
    }

    /// The MOE let its 7 days pass without answering (at `now`).
    pub fn delai_moe_depasse(&self, now: Timestamp) -> bool {
        self.statut.attendu_de() == Some(RoleTravaux::Moe)
            && self.echeance_moe().is_some_and(|e| now >= e)
    }

    /// The motif of a refusal, if refused.
    pub fn motif_refus(&self) -> Option<&str> {
        if !matches!(
            self.statut,
            StatutTravaux::RefuseeMoe | StatutTravaux::RefuseeMoa
        ) {
            return None;
        }
        self.historique.last()?.commentaire.as_deref()
    }
}

/// The dossier de facturation of a works marché, from its « fiche identité ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierTravaux {
    pub id: DossierTravauxId,
    pub marche: String,
    pub objet: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ej: String,
    pub titulaire: StructureId,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intervenants: Vec<Intervenant>,
    pub moe: StructureId,
    pub moa: StructureId,
    /// Code service of the MOA's financial service that receives the invoices.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub service_moa: String,
    pub cree_par: CompteId,
    #[serde(with = "crate::kernel::time::millis")]
    pub cree_le: Timestamp,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DocumentTravaux>,
}

impl DossierTravaux {
    /// Every party with its role, titulaire first.
    pub fn acteurs(&self) -> Vec<(RoleTravaux, &StructureId)> {
        let mut v = vec![(RoleTravaux::Titulaire, &self.titulaire)];
        v.extend(self.intervenants.iter().map(|i| (i.role, &i.structure)));
        v.push((RoleTravaux::Moe, &self.moe));
        v.push((RoleTravaux::Moa, &self.moa));
        v
    }

    /// The roles a structure holds in the dossier.
    pub fn roles(&self, s: &StructureId) -> Vec<RoleTravaux> {
        self.acteurs()
            .into_iter()
            .filter(|(_, id)| *id == s)
            .map(|(r, _)| r)
            .collect()
    }

    /// The structure holding a role (the first one, for supplier roles).
    pub fn structure(&self, role: RoleTravaux) -> Option<&StructureId> {
        self.acteurs()
            .into_iter()
            .find(|(r, _)| *r == role)
            .map(|(_, s)| s)
    }

    pub fn document(&self, id: &DocumentTravauxId) -> Option<&DocumentTravaux> {
        self.documents.iter().find(|d| &d.id == id)
    }

    /// The supplier's projet that opened this document's circuit.
    pub fn origine<'a>(&'a self, doc: &'a DocumentTravaux) -> &'a DocumentTravaux {
        let mut current = doc;
        // Bounded by the number of documents: a loop in tampered data stops.
        for _ in 0..self.documents.len() {
            match current.associe_a.as_ref().and_then(|a| self.document(a)) {
                Some(prev) => current = prev,
                None => break,
            }
        }
        current
    }
}

/// The value of a check, its message kept for the field.
fn garder<T>(v: &mut Validator, champ: Champ, r: Result<T, String>) -> Option<T> {
    match r {
        Ok(x) => Some(x),
        Err(e) => {
            v.push(champ, e);
            None
        }
    }
}

fn nom(sb: &Sandbox, s: &StructureId) -> String {
    sb.structures
        .get(s)
        .map(|x| x.raison_sociale.clone())
        .unwrap_or_else(|| "structure inconnue".to_string())
}

pub fn dossier<'a>(
    sb: &'a Sandbox,
    id: &DossierTravauxId,
) -> Result<&'a Rc<DossierTravaux>, DomainError> {
    sb.travaux
        .get(id)
        .ok_or_else(|| DomainError::NotFound("Ce dossier de facturation n'existe pas.".to_string()))
}

/// The dossiers the actor sees: those where one of its structures (with « Factures de travaux »
/// in consultation) is a party.
pub fn dossiers_visibles<'a>(sb: &'a Sandbox, actor: &CompteId) -> Vec<&'a Rc<DossierTravaux>> {
    let mut v: Vec<_> = sb
        .travaux
        .values()
        .filter(|d| peut_consulter(sb, actor, d))
        .collect();
    v.sort_by_key(|d| std::cmp::Reverse(d.cree_le));
    v
}

fn peut_consulter(sb: &Sandbox, actor: &CompteId, d: &DossierTravaux) -> bool {
    d.acteurs()
        .into_iter()
        .any(|(_, s)| may(sb, actor, s, Action::ConsulterFacturesTravaux).is_ok())
}

/// The dossier, if the actor may consult it.
pub fn consulter<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    id: &DossierTravauxId,
) -> Result<&'a Rc<DossierTravaux>, DomainError> {
    let d = dossier(sb, id)?;
    if peut_consulter(sb, actor, d) {
        Ok(d)
    } else {
        Err(DomainError::Forbidden(
            "Accès refusé : vous ne pouvez pas consulter ce dossier de facturation — aucune de vos structures n'y intervient avec l'application « Factures de travaux ».".to_string(),
        ))
    }
}

/// What the dossier awaits, from whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attente {
    pub role: RoleTravaux,
    pub structure: StructureId,
    /// The document answered, if any.
    pub document: Option<DocumentTravauxId>,
    pub texte: String,
    /// The MOE's deadline, if it applies.
    pub echeance: Option<Timestamp>,
}

/// Who the dossier waits for, and what for: one line per open circuit (and the titulaire's
/// first projet when nothing was deposited yet).
pub fn attentes(sb: &Sandbox, d: &DossierTravaux, now: Timestamp) -> Vec<Attente> {
    let mut v = Vec::new();
    if d.documents.is_empty() {
        v.push(Attente {
            role: RoleTravaux::Titulaire,
            structure: d.titulaire.clone(),
            document: None,
            texte: format!(
                "Titulaire ({}) : déposer le premier projet de décompte mensuel (A4).",
                nom(sb, &d.titulaire)
            ),
            echeance: None,
        });
    }
    for doc in &d.documents {
        let Some(role) = doc.statut.attendu_de() else {
            continue;
        };
        let Some(suivant) = doc.cadre.suivant() else {
            continue;
        };
        let structure = match role {
            RoleTravaux::Titulaire => d.titulaire.clone(),
            RoleTravaux::Moe => d.moe.clone(),
            _ => d.moa.clone(),
        };
        let mut texte = format!(
            "{} ({}) : déposer son {} ({}) en réponse {} n° {}",
            role.label(),
            nom(sb, &structure),
            suivant.document(),
            suivant.court(),
            doc.cadre.au_document(),
            doc.numero
        );
        let echeance = if role == RoleTravaux::Moe {
            doc.echeance_moe()
        } else {
            None
        };
        if let Some(e) = echeance {
            if now >= e {
                texte.push_str(&format!(
                    " — délai de {DELAI_MOE_JOURS} jours dépassé depuis le {} : la MOA peut déposer l'état d'acompte validé sans attendre",
                    date_fr(e)
                ));
            } else {
                texte.push_str(&format!(
                    " — avant le {} ({DELAI_MOE_JOURS} jours après le dépôt)",
                    date_fr(e)
                ));
            }
        }
        texte.push('.');
        v.push(Attente {
            role,
            structure,
            document: Some(doc.id.clone()),
            texte,
            echeance,
        });
    }
    for doc in &d.documents {
        let Some(f) = doc.facture.as_ref().and_then(|f| sb.factures.get(f)) else {
            continue;
        };
        if matches!(
            f.statut,
            Statut::MiseEnPaiement | Statut::Rejetee | Statut::MiseADispositionComptable
        ) {
            continue;
        }
        v.push(Attente {
            role: RoleTravaux::Moa,
            structure: d.moa.clone(),
            document: Some(doc.id.clone()),
            texte: format!(
                "Service financier de la MOA ({}{}) : traiter et payer la facture n° {} dans « Factures reçues » (statut : {}).",
                nom(sb, &d.moa),
                if d.service_moa.is_empty() { String::new() } else { format!(", service {}", d.service_moa) },
                f.numero,
                f.statut.label()
            ),
            echeance: None,
        });
    }
    v
}

/// A document the actor may deposit now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Possibilite {
    /// The structure the actor deposits for.
    pub structure: StructureId,
    pub cadre: CadreTravaux,
    pub associe_a: Option<DocumentTravauxId>,
    /// The amounts of the document answered (what the form proposes).
    pub montants: Option<MontantsDeposes>,
    pub label: String,
}

/// The documents a party holding `role` in `structure` may deposit now.
fn possibilites_du_role(
    d: &DossierTravaux,
    structure: &StructureId,
    role: RoleTravaux,
    now: Timestamp,
) -> Vec<Possibilite> {
    let mut v = Vec::new();
    for &cadre in CadreTravaux::initiaux(role) {
        v.push(Possibilite {
            structure: structure.clone(),
            cadre,
            associe_a: None,
            montants: None,
            label: cadre.label(),
        });
    }
    for doc in &d.documents {
        let Some(suivant) = doc.cadre.suivant() else {
            continue;
        };
        let attendu = doc.statut.attendu_de();
        let direct = attendu == Some(role) && suivant.deposant() == role;
        // The MOE let its delay pass: the MOA deposits the état d'acompte validé directly.
        let substitution = role == RoleTravaux::Moa
            && doc.cadre.mensuel()
            && attendu == Some(RoleTravaux::Moe)
            && doc.echeance_moe().is_some_and(|e| now >= e);
        let cadre = if direct {
            suivant
        } else if substitution {
            CadreTravaux::A19
        } else {
            continue;
        };
        v.push(Possibilite {
            structure: structure.clone(),
            cadre,
            associe_a: Some(doc.id.clone()),
            montants: Some(doc.montants),
            label: format!(
                "{} — en réponse {} n° {} ({})",
                cadre.label(),
                doc.cadre.au_document(),
                doc.numero,
                doc.cadre.court()
            ),
        });
    }
    v
}

/// Everything the actor may deposit in the dossier now (through the structures where it may
/// deposit works documents).
pub fn possibilites(
    sb: &Sandbox,
    actor: &CompteId,
    d: &DossierTravaux,
    now: Timestamp,
) -> Vec<Possibilite> {
    let mut v = Vec::new();
    for (role, s) in d.acteurs() {
        if may(sb, actor, s, Action::DeposerFacturesTravaux).is_ok() {
            v.extend(possibilites_du_role(d, s, role, now));
        }
    }
    v
}

/// The documents awaiting the actor as MOE or MOA (to « récupérer » or refuse), with the
/// structure it acts for.
pub fn a_traiter<'a>(
    sb: &Sandbox,
    actor: &CompteId,
    d: &'a DossierTravaux,
    action: Action,
) -> Vec<(StructureId, &'a DocumentTravaux)> {
    let mut v = Vec::new();
    for doc in &d.documents {
        let (structure, ok) = match doc.statut {
            StatutTravaux::MiseADispositionMoe | StatutTravaux::PriseEnCompteMoe => (
                &d.moe,
                action != Action::RecupererFacturesTravaux
                    || doc.statut == StatutTravaux::MiseADispositionMoe,
            ),
            StatutTravaux::MiseADispositionMoa | StatutTravaux::PriseEnCompteMoa => (
                &d.moa,
                action != Action::RecupererFacturesTravaux
                    || doc.statut == StatutTravaux::MiseADispositionMoa,
            ),
            _ => continue,
        };
        if ok && may(sb, actor, structure, action).is_ok() {
            v.push((structure.clone(), doc));
        }
    }
    v
}

/// The « fiche identité du marché » as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FicheIdentite {
    pub marche: String,
    pub objet: String,
    pub ej: String,
    /// Structure ids.
    pub moe: String,
    pub moa: String,
    pub service_moa: String,
    pub intervenant: String,
    /// « COTRAITANT » or « SOUS_TRAITANT ».
    pub role_intervenant: String,
}

fn structure_choisie<'a>(
    sb: &'a Sandbox,
    v: &mut Validator,
    champ: Champ,
    id: &str,
    quoi: &str,
) -> Option<&'a Rc<Structure>> {
    if id.trim().is_empty() {
        v.push(champ, format!("Choisissez {quoi}."));
        return None;
    }
    match sb.structures.get(&StructureId::from(id.trim())) {
        Some(s) if s.is_active() => Some(s),
        Some(_) => {
            v.push(champ, "Cette structure est désactivée.");
            None
        }
        None => {
            v.push(champ, "Cette structure n'existe pas.");
            None
        }
    }
}

/// « Créer le dossier de facturation »: the titulaire records the marché's fiche identité.
pub fn creer_dossier(
    sb: &Sandbox,
    actor: &CompteId,
    titulaire: &StructureId,
    fiche: &FicheIdentite,
    now: Timestamp,
) -> Result<Outcome<DossierTravauxId>, DomainError> {
    authorize(sb, actor, titulaire, Action::CreerDossierTravaux)?;
    let mut v = Validator::new();
    let marche = garder(
        &mut v,
        champs::MARCHE,
        text::required(&fiche.marche, champs::MARCHE.libelle, MAX_MARCHE),
    );
    let objet = garder(
        &mut v,
        champs::OBJET,
        text::required(&fiche.objet, champs::OBJET.libelle, MAX_OBJET),
    );
    let ej = garder(
        &mut v,
        champs::EJ,
        text::optional(&fiche.ej, champs::EJ.libelle, MAX_EJ),
    );
    if let Some(m) = &marche {
        let pris = sb
            .travaux
            .values()
            .any(|d| &d.titulaire == titulaire && d.marche.to_lowercase() == m.to_lowercase());
        if pris {
            v.push(
                champs::MARCHE,
                "Un dossier de facturation existe déjà pour ce numéro de marché.",
            );
        }
    }
    let moe = structure_choisie(sb, &mut v, champs::MOE, &fiche.moe, "le maître d'œuvre");
    if moe.is_some_and(|s| &s.id == titulaire) {
        v.push(
            champs::MOE,
            "Le titulaire ne peut pas être son propre maître d'œuvre.",
        );
    }
    let moa = structure_choisie(sb, &mut v, champs::MOA, &fiche.moa, "le maître d'ouvrage");
    if let Some(s) = moa {
        if !s.is_public() || !s.parametres.est_moa {
            v.push(
                champs::MOA,
                "Cette structure n'est pas maître d'ouvrage dans l'annuaire : choisissez une entité publique « MOA ».",
            );
        }
    }
    let service = fiche.service_moa.trim().to_uppercase();
    if let Some(s) = moa {
        let actifs = services_actifs(sb, &s.id, paris_date(now));
        if service.is_empty() {
            if s.parametres.code_service_obligatoire {
                v.push(
                    champs::SERVICE_MOA,
                    "Ce maître d'ouvrage exige un code service : indiquez celui de son service financier.",
                );
            }
        } else if !actifs.iter().any(|sv| sv.code == service) {
            v.push(
                champs::SERVICE_MOA,
                format!(
                    "Le service « {service} » n'est pas un service actif de ce maître d'ouvrage."
                ),
            );
        }
    }
    let mut intervenants = Vec::new();
    if !fiche.intervenant.trim().is_empty() {
        let role = match fiche.role_intervenant.as_str() {
            "COTRAITANT" => Some(RoleTravaux::Cotraitant),
            "SOUS_TRAITANT" => Some(RoleTravaux::SousTraitant),
            _ => {
                v.push(
                    champs::ROLE_INTERVENANT,
                    "Précisez s'il s'agit d'un cotraitant ou d'un sous-traitant.",
                );
                None
            }
        };
        let s = structure_choisie(
            sb,
            &mut v,
            champs::INTERVENANT,
            &fiche.intervenant,
            "l'intervenant",
        );
        if let (Some(s), Some(role)) = (s, role) {
            if &s.id == titulaire
                || moe.is_some_and(|m| m.id == s.id)
                || moa.is_some_and(|m| m.id == s.id)
            {
                v.push(
                    champs::INTERVENANT,
                    "Un cotraitant ou sous-traitant est une autre entreprise que le titulaire, la MOE et la MOA.",
                );
            } else {
                intervenants.push(Intervenant {
                    structure: s.id.clone(),
                    role,
                });
            }
        }
    }
    v.finish()?;
    let (Some(marche), Some(objet), Some(moe), Some(moa)) = (marche, objet, moe, moa) else {
        return Err(DomainError::Rule("Fiche identité incomplète.".to_string()));
    };
    let d = DossierTravaux {
        id: DossierTravauxId::generate(),
        marche,
        objet,
        ej: ej.flatten().unwrap_or_default(),
        titulaire: titulaire.clone(),
        intervenants,
        moe: moe.id.clone(),
        moa: moa.id.clone(),
        service_moa: service,
        cree_par: actor.clone(),
        cree_le: now,
        documents: Vec::new(),
    };
    let id = d.id.clone();
    Ok(Outcome::new()
        .put(Record::Travaux(Rc::new(d)))
        .with_value(id))
}

/// A document as the deposit form gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Depot {
    pub structure: StructureId,
    pub cadre: CadreTravaux,
    pub associe_a: Option<DocumentTravauxId>,
    pub numero: String,
    pub ht: String,
    pub tva: String,
    pub ttc: String,
    pub correction: String,
    /// The PDF's metadata (its bytes are given to `deposer` apart).
    pub piece: Option<PieceJointe>,
}

/// Why this structure may not deposit this document, in French.
fn refus_depot(sb: &Sandbox, d: &DossierTravaux, depot: &Depot) -> String {
    let roles = d.roles(&depot.structure);
    let voulu = depot.cadre.deposant();
    if !roles.contains(&voulu) {
        return format!(
            "{} ({}) est déposé par le {} du marché ; {} n'a pas ce rôle dans ce dossier.",
            majuscule(&depot.cadre.le_document()),
            depot.cadre.court(),
            voulu.nom(),
            nom(sb, &depot.structure)
        );
    }
    match depot.associe_a.as_ref().and_then(|a| d.document(a)) {
        Some(prev) => format!(
            "{} n° {} n'attend pas ce document ({}) de votre part : son statut est « {} ».",
            majuscule(&prev.cadre.le_document()),
            prev.numero,
            depot.cadre.court(),
            prev.statut.label()
        ),
        None if depot.cadre.initial() => format!(
            "{} ({}) n'est pas déposé par votre structure dans ce dossier.",
            majuscule(&depot.cadre.le_document()),
            depot.cadre.court()
        ),
        None => format!(
            "{} ({}) s'associe à un document précédent : choisissez celui auquel il répond.",
            majuscule(&depot.cadre.le_document()),
            depot.cadre.court()
        ),
    }
}

/// « Déposer » a works document (as a person): the domain checks who deposits which cadre, the
/// answered document's status, the number, the amounts (HT + TVA = TTC; a difference with the
/// answered document must be explained), and the PDF's bytes.
pub fn deposer(
    sb: &Sandbox,
    actor: &CompteId,
    dossier_id: &DossierTravauxId,
    depot: &Depot,
    pdf: Option<&[u8]>,
    now: Timestamp,
) -> Result<Outcome<DocumentTravauxId>, DomainError> {
    let d = dossier(sb, dossier_id)?;
    authorize(sb, actor, &depot.structure, Action::DeposerFacturesTravaux)?;
    let permis = d
        .roles(&depot.structure)
        .into_iter()
        .flat_map(|r| possibilites_du_role(d, &depot.structure, r, now))
        .any(|p| p.cadre == depot.cadre && p.associe_a == depot.associe_a);
    if !permis {
        return Err(DomainError::Forbidden(refus_depot(sb, d, depot)));
    }
    let mut v = Validator::new();
    let numero = garder(
        &mut v,
        champs::NUMERO,
        text::required(&depot.numero, champs::NUMERO.libelle, MAX_NUMERO),
    );
    if let Some(n) = &numero {
        if d.documents
            .iter()
            .any(|x| x.deposant == depot.structure && x.numero.to_lowercase() == n.to_lowercase())
        {
            v.push(
                champs::NUMERO,
                "Votre structure a déjà déposé un document portant ce numéro dans ce dossier.",
            );
        }
    }
    let ht = garder(
        &mut v,
        champs::HT,
        parse_montant(&depot.ht, champs::HT.libelle, false),
    );
    let tva = garder(
        &mut v,
        champs::TVA,
        parse_montant(&depot.tva, champs::TVA.libelle, false),
    );
    let ttc = garder(
        &mut v,
        champs::TTC,
        parse_montant(&depot.ttc, champs::TTC.libelle, false),
    );
    let montants = match (ht, tva, ttc) {
        (Some(ht), Some(tva), Some(ttc)) => {
            if ht.checked_add(tva) != Some(ttc) {
                v.push(
                    champs::TTC,
                    format!(
                        "Le montant TTC doit égaler le montant HT plus la TVA ({}).",
                        ht.checked_add(tva).unwrap_or(Montant::ZERO).fr_eur()
                    ),
                );
            }
            Some(MontantsDeposes { ht, tva, ttc })
        }
        _ => None,
    };
    let correction = garder(
        &mut v,
        champs::CORRECTION,
        text::optional(
            &depot.correction,
            champs::CORRECTION.libelle,
            MAX_COMMENTAIRE,
        ),
    )
    .flatten()
    .unwrap_or_default();
    let precedent = depot.associe_a.as_ref().and_then(|a| d.document(a));
    if let (Some(m), Some(prev)) = (montants, precedent) {
        if m != prev.montants && correction.is_empty() {
            v.push(
                champs::CORRECTION,
                format!(
                    "Les montants diffèrent de ceux du {} n° {} ({} TTC) : expliquez la correction. Depuis le 19/02/2025, une erreur de montant se corrige, elle ne fait plus refuser le document.",
                    prev.cadre.document(),
                    prev.numero,
                    prev.montants.ttc.fr_eur()
                ),
            );
        }
    }
    match (&depot.piece, pdf) {
        (Some(p), Some(bytes)) => {
            if let Err(e) = verifier_pdf(&p.nom, bytes) {
                v.push(champs::PDF, e);
            } else if p.taille != bytes.len() as u64 {
                v.push(champs::PDF, "Le fichier a changé depuis qu'il a été choisi : choisissez-le de nouveau.");
            }
        }
        _ => v.push(
            champs::PDF,
            "Joignez le document au format PDF : les documents de travaux se déposent, ils ne se saisissent pas.",
        ),
    }
    // The invoice the financial service receives takes its number among the supplier's.
    let emetteur = precedent
        .map(|p| d.origine(p).deposant.clone())
        .unwrap_or_else(|| depot.structure.clone());
    let annee = paris_date(now).year();
    if depot.cadre.suivant().is_none() {
        if let Some(n) = &numero {
            if numero_deja_utilise(sb, &emetteur, n, annee, None) {
                v.push(
                    champs::NUMERO,
                    "Ce numéro est déjà celui d'une facture du fournisseur cette année : choisissez-en un autre.",
                );
            }
        }
    }
    v.finish()?;
    let (Some(numero), Some(montants)) = (numero, montants) else {
        return Err(DomainError::Rule("Dépôt incomplet.".to_string()));
    };
    let depot = DepotValide {
        structure: depot.structure.clone(),
        cadre: depot.cadre,
        associe_a: depot.associe_a.clone(),
        numero,
        montants,
        correction,
        piece: depot.piece.clone(),
        par: Some(actor.clone()),
    };
    let (out, id) = enregistrer_depot(sb, d, depot, now);
    Ok(out.with_value(id))
}

/// A deposit once checked (by `deposer`, or built by the simulated MOE or MOA).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepotValide {
    pub structure: StructureId,
    pub cadre: CadreTravaux,
    pub associe_a: Option<DocumentTravauxId>,
    pub numero: String,
    pub montants: MontantsDeposes,
    pub correction: String,
    pub piece: Option<PieceJointe>,
    /// None: the simulated party.
    pub par: Option<CompteId>,
}

/// Records a checked deposit: the new document, the answered one « associée », the invoice the
/// financial service receives (A19, A8), and the mails to the party now awaited.
pub fn enregistrer_depot(
    sb: &Sandbox,
    d: &DossierTravaux,
    depot: DepotValide,
    now: Timestamp,
) -> (Outcome, DocumentTravauxId) {
    let mut next = d.clone();
    let simule = depot.par.is_none();
    let statut = depot.cadre.statut_au_depot();
    let mut doc = DocumentTravaux {
        id: DocumentTravauxId::generate(),
        cadre: depot.cadre,
        deposant: depot.structure.clone(),
        par: depot.par.clone(),
        numero: depot.numero,
        montants: depot.montants,
        piece: depot.piece,
        associe_a: depot.associe_a.clone(),
        depose_le: now,
        statut,
        historique: vec![EtapeTravaux {
            statut,
            at: now,
            par: depot.par.clone(),
            commentaire: None,
            simule,
        }],
        correction: depot.correction,
        facture: None,
    };
    let mut out = Outcome::new();
    if let Some(prev) = depot
        .associe_a
        .as_ref()
        .and_then(|a| next.documents.iter_mut().find(|x| &x.id == a))
    {
        prev.statut = StatutTravaux::Associee;
        prev.historique.push(EtapeTravaux {
            statut: StatutTravaux::Associee,
            at: now,
            par: depot.par.clone(),
            commentaire: Some(format!("{} n° {} associé", doc.cadre.court(), doc.numero)),
            simule,
        });
    }
    if doc.cadre.suivant().is_none() {
        let origine = d.origine(&doc).deposant.clone();
        let emetteur = match depot.associe_a.as_ref().and_then(|a| d.document(a)) {
            Some(prev) => d.origine(prev).deposant.clone(),
            None => origine,
        };
        let f = facture_transmise(d, &doc, &emetteur, depot.par.as_ref(), now);
        doc.facture = Some(f.id.clone());
        let mails = notifications(sb, &f, now);
        let index = index_numero(&f.emetteur, &f.numero, paris_date(now).year());
        out = out
            .put(Record::Facture(Rc::new(f)))
            .put_all(mails.into_iter().map(|m| Record::Courriel(Rc::new(m))))
            .taking(
                index,
                DomainError::field(
                    champs::NUMERO,
                    "Ce numéro est déjà celui d'une facture du fournisseur cette année : choisissez-en un autre.",
                ),
            );
    }
    let mails = courriels_etape(sb, &next, &doc, now);
    let id = doc.id.clone();
    next.documents.push(doc);
    let out = out
        .put(Record::Travaux(Rc::new(next)))
        .put_all(mails.into_iter().map(|m| Record::Courriel(Rc::new(m))));
    (out, id)
}

/// The invoice the MOA's financial service receives in « Factures reçues » for an état
/// d'acompte validé (A19) or a DGD (A8): issued by the supplier whose projet opened the circuit,
/// with the document's amounts and PDF.
fn facture_transmise(
    d: &DossierTravaux,
    doc: &DocumentTravaux,
    emetteur: &StructureId,
    par: Option<&CompteId>,
    now: Timestamp,
) -> Facture {
    let mut f = Facture {
        id: FactureId::generate(),
        emetteur: emetteur.clone(),
        service_fournisseur: String::new(),
        coordonnees_bancaires: None,
        destinataire: Some(d.moa.clone()),
        code_service: d.service_moa.clone(),
        cadre: if doc.cadre == CadreTravaux::A8 {
            Cadre::A8
        } else {
            Cadre::A19
        },
        valideur: None,
        service_valideur: String::new(),
        valideur_2: None,
        numero: doc.numero.clone(),
        date: Some(paris_date(now)),
        type_facture: TypeFacture::Facture,
        devise: "EUR".to_string(),
        type_tva: TypeTva::TvaSurDebit,
        motif_exoneration: String::new(),
        mode_reglement: None,
        ej: d.ej.clone(),
        marche: d.marche.clone(),
        facture_origine: String::new(),
        lignes: Vec::new(),
        montants_deposes: Some(doc.montants),
        remise_globale: Montant::ZERO,
        motif_remise: String::new(),
        montant_a_payer: None,
        pieces: doc.piece.iter().cloned().collect(),
        commentaire: format!(
            "{} du dossier de facturation du marché {} (factures de travaux).",
            doc.cadre.label(),
            d.marche
        ),
        mode_depot: ModeDepot::DepotPdfPortail,
        statut: Statut::MiseADisposition,
        historique: vec![
            EtapeStatut {
                simule: par.is_none(),
                ..EtapeStatut::new(Statut::Deposee, now, par.cloned(), None)
            },
            EtapeStatut::new(Statut::MiseADisposition, now, None, None),
        ],
        cree_par: par.cloned().unwrap_or_else(|| d.cree_par.clone()),
        cree_le: now,
        empreinte: String::new(),
        actions: Vec::new(),
        evenements: Vec::new(),
    };
    f.empreinte = crate::facturation::certificat::empreinte(&f, now);
    f
}

/// The mails a works step sends: to the users of the party now awaited (its GP, and those
/// holding « Factures de travaux »), or to the depositor of a refused document.
fn courriels_etape(
    sb: &Sandbox,
    d: &DossierTravaux,
    doc: &DocumentTravaux,
    now: Timestamp,
) -> Vec<Courriel> {
    let (structure, subject, body) = match doc.statut.attendu_de() {
        Some(role) => {
            let s = match role {
                RoleTravaux::Moe => d.moe.clone(),
                RoleTravaux::Moa => d.moa.clone(),
                _ => d.titulaire.clone(),
            };
            (
                s,
                format!(
                    "Marché {} : {} n° {} à traiter",
                    d.marche,
                    doc.cadre.document(),
                    doc.numero
                ),
                format!(
                    "Bonjour,\n\n{} a déposé {} n° {} ({}) dans le dossier de facturation du marché {} le {}. Il attend votre {} dans « Factures de travaux ».\n\nCe message est simulé par le bac à sable Chorus Pro : aucune donnée n'est transmise.",
                    nom(sb, &doc.deposant),
                    doc.cadre.le_document(),
                    doc.numero,
                    doc.cadre.code(),
                    d.marche,
                    crate::kernel::time::datetime_fr(now),
                    doc.cadre.suivant().map(|c| c.document()).unwrap_or("réponse")
                ),
            )
        }
        None if doc.motif_refus().is_some() => (
            doc.deposant.clone(),
            format!(
                "Marché {} : {} n° {} refusé",
                d.marche,
                doc.cadre.document(),
                doc.numero
            ),
            format!(
                "Bonjour,\n\n{} n° {} du marché {} a été refusé le {}.\nMotif : {}\n\nLe circuit de ce document s'arrête : déposez un nouveau projet une fois le motif levé.\n\nCe message est simulé par le bac à sable Chorus Pro : aucune donnée n'est transmise.",
                majuscule(&doc.cadre.le_document()),
                doc.numero,
                d.marche,
                crate::kernel::time::datetime_fr(now),
                doc.motif_refus().unwrap_or("")
            ),
        ),
        None => return Vec::new(),
    };
    sb.rattachements
        .values()
        .filter(|r| r.structure == structure && r.is_validated())
        .filter(|r| {
            r.role == Role::GestionnairePrincipal
                || r.habilitations.contains_key(&Application::FacturesTravaux)
        })
        .filter_map(|r| sb.comptes.get(&r.account))
        .map(|a| {
            Courriel::new(
                &a.contact_email,
                Some(&a.id),
                subject.clone(),
                body.clone(),
                now,
            )
        })
        .collect()
}

/// The document `doc` of the dossier, awaiting the actor as MOE or MOA for `action`.
fn document_a_traiter(
    sb: &Sandbox,
    actor: &CompteId,
    d: &DossierTravaux,
    doc: &DocumentTravauxId,
    action: Action,
) -> Result<DocumentTravaux, DomainError> {
    let document = d.document(doc).ok_or_else(|| {
        DomainError::NotFound("Ce document n'existe pas dans ce dossier.".to_string())
    })?;
    let Some(role) = document.statut.attendu_de().filter(|r| !r.fournisseur()) else {
        return Err(DomainError::Rule(format!(
            "{} n° {} n'attend plus de traitement : son statut est « {} ».",
            majuscule(&document.cadre.le_document()),
            document.numero,
            document.statut.label()
        )));
    };
    let structure = if role == RoleTravaux::Moe {
        &d.moe
    } else {
        &d.moa
    };
    authorize(sb, actor, structure, action).map_err(|e| match e {
        DomainError::Forbidden(m) => DomainError::Forbidden(format!(
            "{m} Ce document attend le {} du marché ({}).",
            role.label().to_lowercase(),
            nom(sb, structure)
        )),
        other => other,
    })?;
    Ok(document.clone())
}

fn remplacer(d: &DossierTravaux, doc: DocumentTravaux) -> DossierTravaux {
    let mut next = d.clone();
    if let Some(x) = next.documents.iter_mut().find(|x| x.id == doc.id) {
        *x = doc;
    }
    next
}

/// « Récupérer »: the MOE (or the MOA) takes the document in charge (PRISE_EN_COMPTE). `par`
/// None: the simulated party.
pub fn recuperer(
    sb: &Sandbox,
    actor: &CompteId,
    dossier_id: &DossierTravauxId,
    doc: &DocumentTravauxId,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let d = dossier(sb, dossier_id)?;
    let document = document_a_traiter(sb, actor, d, doc, Action::RecupererFacturesTravaux)?;
    let statut = match document.statut {
        StatutTravaux::MiseADispositionMoe => StatutTravaux::PriseEnCompteMoe,
        StatutTravaux::MiseADispositionMoa => StatutTravaux::PriseEnCompteMoa,
        s => {
            return Err(DomainError::Rule(format!(
                "Ce document est déjà récupéré (statut « {} »).",
                s.label()
            )))
        }
    };
    Ok(Outcome::new().put(Record::Travaux(Rc::new(prise_en_compte(
        d,
        document,
        statut,
        Some(actor.clone()),
        now,
    )))))
}

/// The dossier once `document` is taken in charge.
pub fn prise_en_compte(
    d: &DossierTravaux,
    mut document: DocumentTravaux,
    statut: StatutTravaux,
    par: Option<CompteId>,
    at: Timestamp,
) -> DossierTravaux {
    document.statut = statut;
    document.historique.push(EtapeTravaux {
        statut,
        at,
        simule: par.is_none(),
        par,
        commentaire: None,
    });
    remplacer(d, document)
}

/// « Refuser »: the MOE (or the MOA) refuses the document with a motif; its circuit stops. A
/// wrong amount is no reason to refuse a whole document (it is corrected in the answer).
pub fn refuser(
    sb: &Sandbox,
    actor: &CompteId,
    dossier_id: &DossierTravauxId,
    doc: &DocumentTravauxId,
    motif: Option<MotifRefus>,
    commentaire: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let d = dossier(sb, dossier_id)?;
    let mut document = document_a_traiter(sb, actor, d, doc, Action::RefuserFacturesTravaux)?;
    let mut v = Validator::new();
    match motif {
        None => v.push(champs::MOTIF, "Choisissez le motif du refus."),
        Some(MotifRefus::ErreurDeMontant) => v.push(champs::MOTIF, MONTANT_SE_CORRIGE),
        Some(_) => {}
    }
    let commentaire = garder(
        &mut v,
        champs::COMMENTAIRE,
        text::optional(commentaire, champs::COMMENTAIRE.libelle, MAX_COMMENTAIRE),
    )
    .flatten();
    v.finish()?;
    let Some(motif) = motif else {
        return Err(DomainError::field(
            champs::MOTIF,
            "Choisissez le motif du refus.",
        ));
    };
    let statut = if document.statut.attendu_de() == Some(RoleTravaux::Moe) {
        StatutTravaux::RefuseeMoe
    } else {
        StatutTravaux::RefuseeMoa
    };
    let texte = match commentaire {
        Some(c) => format!("{} — {c}", motif.label()),
        None => motif.label().to_string(),
    };
    document.statut = statut;
    document.historique.push(EtapeTravaux {
        statut,
        at: now,
        par: Some(actor.clone()),
        commentaire: Some(texte),
        simule: false,
    });
    let mails = courriels_etape(sb, d, &document, now);
    let next = remplacer(d, document);
    Ok(Outcome::new()
        .put(Record::Travaux(Rc::new(next)))
        .put_all(mails.into_iter().map(|m| Record::Courriel(Rc::new(m)))))
}

/// The attachments of every works document (their bytes must be kept and exported).
pub fn pieces(sb: &Sandbox) -> impl Iterator<Item = &PieceJointe> {
    sb.travaux
        .values()
        .flat_map(|d| d.documents.iter().filter_map(|x| x.piece.as_ref()))
}

fn actives_triees(sb: &Sandbox, keep: impl Fn(&Structure) -> bool) -> Vec<&Rc<Structure>> {
    let mut v: Vec<_> = sb
        .structures
        .values()
        .filter(|s| s.is_active() && keep(s))
        .collect();
    v.sort_by(|a, b| a.raison_sociale.cmp(&b.raison_sociale));
    v
}

/// The structures a fiche identité may name as maître d'œuvre: any active structure but the
/// titulaire (an architect, an engineering firm, or the public owner's own technical service).
pub fn candidats_moe<'a>(sb: &'a Sandbox, titulaire: &StructureId) -> Vec<&'a Rc<Structure>> {
    actives_triees(sb, |s| &s.id != titulaire)
}

/// The maîtres d'ouvrage: active public structures marked « MOA » in the annuaire.
pub fn candidats_moa(sb: &Sandbox) -> Vec<&Rc<Structure>> {
    actives_triees(sb, |s| s.is_public() && s.parametres.est_moa)
}

/// The companies that may be cotraitant or sous-traitant: active private structures but the
/// titulaire.
pub fn candidats_intervenants<'a>(
    sb: &'a Sandbox,
    titulaire: &StructureId,
) -> Vec<&'a Rc<Structure>> {
    actives_triees(sb, |s| !s.is_public() && &s.id != titulaire)
}

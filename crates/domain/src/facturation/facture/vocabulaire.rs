//! The invoice's vocabulary, as the portal and its API name it: cadres de facturation, types,
//! TVA options, modes de règlement, modes de dépôt, statuses (facts §3–§4), the codes of the
//! users' actions and the currencies offered. The record itself is in `facture`.

use serde::{Deserialize, Serialize};

/// Cadres de facturation offered in « Factures émises » (works cadres have their own application).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Cadre {
    #[default]
    A1,
    A2,
    A9,
    A12,
    /// An état d'acompte validé of a works dossier, received by the financial service
    /// (`facturation::travaux`); never offered in the saisie (not in `ALL`).
    A19,
    /// A décompte général et définitif of a works dossier, likewise.
    A8,
}

impl Cadre {
    pub const ALL: [Cadre; 4] = [Cadre::A1, Cadre::A2, Cadre::A9, Cadre::A12];

    /// The API value (`codeCadreFacturation`).
    pub fn code(self) -> &'static str {
        match self {
            Cadre::A1 => "A1_FACTURE_FOURNISSEUR",
            Cadre::A2 => "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE",
            Cadre::A9 => "A9_FACTURE_SOUSTRAITANT",
            Cadre::A12 => "A12_FACTURE_COTRAITANT",
            Cadre::A19 => "A19_ETAT_ACOMPTE_VALIDE_MOA",
            Cadre::A8 => "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR",
        }
    }

    /// The short name (« A1 », « A12 »): the code's first part.
    pub fn court(self) -> &'static str {
        match self {
            Cadre::A1 => "A1",
            Cadre::A2 => "A2",
            Cadre::A9 => "A9",
            Cadre::A12 => "A12",
            Cadre::A19 => "A19",
            Cadre::A8 => "A8",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Cadre::A1 => "A1 — Dépôt par un fournisseur d'une facture",
            Cadre::A2 => "A2 — Dépôt par un fournisseur d'une facture déjà payée",
            Cadre::A9 => "A9 — Dépôt par un sous-traitant d'une facture",
            Cadre::A12 => "A12 — Dépôt par un cotraitant d'une facture",
            Cadre::A19 => "A19 — Dépôt par une MOA d'un état d'acompte validé",
            Cadre::A8 => "A8 — Dépôt par un fournisseur d'un décompte général et définitif",
        }
    }

    /// A9 and A12 go first to a valideur (the titulaire or the mandataire).
    pub fn needs_valideur(self) -> bool {
        matches!(self, Cadre::A9 | Cadre::A12)
    }

    pub fn from_code(s: &str) -> Option<Cadre> {
        Cadre::ALL.into_iter().find(|c| c.code() == s)
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TypeFacture {
    #[default]
    Facture,
    Avoir,
    Acompte,
}

impl TypeFacture {
    pub const ALL: [TypeFacture; 3] = [
        TypeFacture::Facture,
        TypeFacture::Avoir,
        TypeFacture::Acompte,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TypeFacture::Facture => "FACTURE",
            TypeFacture::Avoir => "AVOIR",
            TypeFacture::Acompte => "ACOMPTE",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TypeFacture::Facture => "Facture",
            TypeFacture::Avoir => "Avoir",
            TypeFacture::Acompte => "Acompte",
        }
    }

    pub fn from_code(s: &str) -> Option<TypeFacture> {
        TypeFacture::ALL.into_iter().find(|t| t.code() == s)
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TypeTva {
    #[default]
    TvaSurDebit,
    TvaSurEncaissement,
    Exoneration,
    SansTva,
}

impl TypeTva {
    pub const ALL: [TypeTva; 4] = [
        TypeTva::TvaSurDebit,
        TypeTva::TvaSurEncaissement,
        TypeTva::Exoneration,
        TypeTva::SansTva,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TypeTva::TvaSurDebit => "TVA_SUR_DEBIT",
            TypeTva::TvaSurEncaissement => "TVA_SUR_ENCAISSEMENT",
            TypeTva::Exoneration => "EXONERATION",
            TypeTva::SansTva => "SANS_TVA",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TypeTva::TvaSurDebit => "TVA sur débits",
            TypeTva::TvaSurEncaissement => "TVA sur encaissements",
            TypeTva::Exoneration => "Exonération",
            TypeTva::SansTva => "Sans TVA",
        }
    }

    /// Without VAT, every line is at 0 %.
    pub fn sans_taxe(self) -> bool {
        matches!(self, TypeTva::Exoneration | TypeTva::SansTva)
    }

    pub fn from_code(s: &str) -> Option<TypeTva> {
        TypeTva::ALL.into_iter().find(|t| t.code() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ModeReglement {
    Virement,
    Cheque,
    Prelevement,
    Espece,
    Report,
    Autre,
}

impl ModeReglement {
    pub const ALL: [ModeReglement; 6] = [
        ModeReglement::Virement,
        ModeReglement::Cheque,
        ModeReglement::Prelevement,
        ModeReglement::Espece,
        ModeReglement::Report,
        ModeReglement::Autre,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ModeReglement::Virement => "VIREMENT",
            ModeReglement::Cheque => "CHEQUE",
            ModeReglement::Prelevement => "PRELEVEMENT",
            ModeReglement::Espece => "ESPECE",
            ModeReglement::Report => "REPORT",
            ModeReglement::Autre => "AUTRE",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ModeReglement::Virement => "Virement",
            ModeReglement::Cheque => "Chèque",
            ModeReglement::Prelevement => "Prélèvement",
            ModeReglement::Espece => "Espèces",
            ModeReglement::Report => "Report",
            ModeReglement::Autre => "Autre",
        }
    }

    pub fn from_code(s: &str) -> Option<ModeReglement> {
        ModeReglement::ALL.into_iter().find(|m| m.code() == s)
    }
}

/// How the invoice reached the portal (`modeDepot`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ModeDepot {
    #[default]
    SaisiePortail,
    DepotPdfPortail,
    /// A UBL, CII or Factur-X file deposited as a flux (`UPLOAD_PORTAIL`).
    UploadPortail,
}

impl ModeDepot {
    pub fn code(self) -> &'static str {
        match self {
            ModeDepot::SaisiePortail => "SAISIE_PORTAIL",
            ModeDepot::DepotPdfPortail => "DEPOT_PDF_PORTAIL",
            ModeDepot::UploadPortail => "UPLOAD_PORTAIL",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ModeDepot::SaisiePortail => "Saisie sur le portail",
            ModeDepot::DepotPdfPortail => "Dépôt d'un PDF sur le portail",
            ModeDepot::UploadPortail => "Dépôt d'un flux (UBL, CII, Factur-X) sur le portail",
        }
    }
}

/// Invoice statuses (facts §4.1). The lifecycle's transitions build on these codes.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Statut {
    #[default]
    Brouillon,
    Deposee,
    MiseADisposition,
    ARecycler,
    Suspendue,
    Completee,
    Rejetee,
    ServiceFait,
    Mandatee,
    MiseADispositionComptable,
    Comptabilisee,
    MiseEnPaiement,
    // The A9/A12 validation circuit (facts §4.4): before the invoice reaches its recipient.
    #[serde(rename = "A_VALIDER_1")]
    AValider1,
    #[serde(rename = "A_VALIDER_2")]
    AValider2,
    #[serde(rename = "VALIDEE_1")]
    Validee1,
    #[serde(rename = "VALIDEE_2")]
    Validee2,
    #[serde(rename = "REFUSEE_1")]
    Refusee1,
    #[serde(rename = "REFUSEE_2")]
    Refusee2,
    #[serde(rename = "ABSENCE_VALIDATION_1_HORS_DELAI")]
    AbsenceValidation1HorsDelai,
    #[serde(rename = "ABSENCE_VALIDATION_2_HORS_DELAI")]
    AbsenceValidation2HorsDelai,
    ErreurFournisseurSurValideur,
    ErreurCotraitantSurValideur,
}

impl Statut {
    /// In the order of the lifecycle (the A9/A12 validation comes between deposit and recipient).
    pub const ALL: [Statut; 22] = [
        Statut::Brouillon,
        Statut::Deposee,
        Statut::AValider1,
        Statut::ErreurFournisseurSurValideur,
        Statut::Validee1,
        Statut::Refusee1,
        Statut::AbsenceValidation1HorsDelai,
        Statut::AValider2,
        Statut::ErreurCotraitantSurValideur,
        Statut::Validee2,
        Statut::Refusee2,
        Statut::AbsenceValidation2HorsDelai,
        Statut::MiseADisposition,
        Statut::ARecycler,
        Statut::Suspendue,
        Statut::Completee,
        Statut::Rejetee,
        Statut::ServiceFait,
        Statut::Mandatee,
        Statut::MiseADispositionComptable,
        Statut::Comptabilisee,
        Statut::MiseEnPaiement,
    ];

    pub fn from_code(s: &str) -> Option<Statut> {
        Statut::ALL.into_iter().find(|st| st.code() == s)
    }

    pub fn code(self) -> &'static str {
        match self {
            Statut::Brouillon => "BROUILLON",
            Statut::Deposee => "DEPOSEE",
            Statut::MiseADisposition => "MISE_A_DISPOSITION",
            Statut::ARecycler => "A_RECYCLER",
            Statut::Suspendue => "SUSPENDUE",
            Statut::Completee => "COMPLETEE",
            Statut::Rejetee => "REJETEE",
            Statut::ServiceFait => "SERVICE_FAIT",
            Statut::Mandatee => "MANDATEE",
            Statut::MiseADispositionComptable => "MISE_A_DISPOSITION_COMPTABLE",
            Statut::Comptabilisee => "COMPTABILISEE",
            Statut::MiseEnPaiement => "MISE_EN_PAIEMENT",
            Statut::AValider1 => "A_VALIDER_1",
            Statut::AValider2 => "A_VALIDER_2",
            Statut::Validee1 => "VALIDEE_1",
            Statut::Validee2 => "VALIDEE_2",
            Statut::Refusee1 => "REFUSEE_1",
            Statut::Refusee2 => "REFUSEE_2",
            Statut::AbsenceValidation1HorsDelai => "ABSENCE_VALIDATION_1_HORS_DELAI",
            Statut::AbsenceValidation2HorsDelai => "ABSENCE_VALIDATION_2_HORS_DELAI",
            Statut::ErreurFournisseurSurValideur => "ERREUR_FOURNISSEUR_SUR_VALIDEUR",
            Statut::ErreurCotraitantSurValideur => "ERREUR_COTRAITANT_SUR_VALIDEUR",
        }
    }

    /// A status of the A9/A12 validation circuit: the invoice has not reached its recipient (and a
    /// refused one never will).
    pub fn en_validation(self) -> bool {
        matches!(
            self,
            Statut::AValider1
                | Statut::AValider2
                | Statut::Validee1
                | Statut::Validee2
                | Statut::Refusee1
                | Statut::Refusee2
                | Statut::AbsenceValidation1HorsDelai
                | Statut::AbsenceValidation2HorsDelai
                | Statut::ErreurFournisseurSurValideur
                | Statut::ErreurCotraitantSurValideur
        )
    }

    /// One wording per status, the same in lists, badges and history.
    pub fn label(self) -> &'static str {
        match self {
            Statut::Brouillon => "Brouillon",
            Statut::Deposee => "Déposée",
            Statut::MiseADisposition => "Mise à disposition",
            Statut::ARecycler => "À recycler",
            Statut::Suspendue => "Suspendue",
            Statut::Completee => "Complétée",
            Statut::Rejetee => "Rejetée",
            Statut::ServiceFait => "Service fait",
            Statut::Mandatee => "Mandatée",
            Statut::MiseADispositionComptable => "Mise à disposition du comptable",
            Statut::Comptabilisee => "Comptabilisée",
            Statut::MiseEnPaiement => "Mise en paiement",
            Statut::AValider1 => "À valider (1er valideur)",
            Statut::AValider2 => "À valider (2e valideur)",
            Statut::Validee1 => "Validée (1er valideur)",
            Statut::Validee2 => "Validée (2e valideur)",
            Statut::Refusee1 => "Refusée (1er valideur)",
            Statut::Refusee2 => "Refusée (2e valideur)",
            Statut::AbsenceValidation1HorsDelai => "Validée tacitement (1er valideur, hors délai)",
            Statut::AbsenceValidation2HorsDelai => "Validée tacitement (2e valideur, hors délai)",
            Statut::ErreurFournisseurSurValideur => "Erreur du fournisseur sur le valideur",
            Statut::ErreurCotraitantSurValideur => "Erreur du cotraitant sur le valideur",
        }
    }

    /// One colour family per status (CSS class `statut-<tone>`).
    pub fn tone(self) -> &'static str {
        match self {
            Statut::Brouillon => "brouillon",
            Statut::Deposee | Statut::MiseADisposition | Statut::Completee => "encours",
            Statut::ARecycler | Statut::Suspendue => "attention",
            Statut::Rejetee => "rejet",
            Statut::ServiceFait
            | Statut::Mandatee
            | Statut::MiseADispositionComptable
            | Statut::Comptabilisee => "traitement",
            Statut::MiseEnPaiement => "paye",
            Statut::AValider1 | Statut::AValider2 => "validation",
            Statut::Validee1
            | Statut::Validee2
            | Statut::AbsenceValidation1HorsDelai
            | Statut::AbsenceValidation2HorsDelai => "encours",
            Statut::ErreurFournisseurSurValideur | Statut::ErreurCotraitantSurValideur => {
                "attention"
            }
            Statut::Refusee1 | Statut::Refusee2 => "rejet",
        }
    }
}

/// Codes of the « historique des actions utilisateurs » (facts §4.3, `IActionCode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CodeAction {
    TelechargementFacture,
    AcquittementRejet,
    AcquittementSuspension,
    TraitementRejet,
}

impl CodeAction {
    pub fn code(self) -> &'static str {
        match self {
            CodeAction::TelechargementFacture => "TELECHARGEMENT_FACTURE",
            CodeAction::AcquittementRejet => "ACQUITTEMENT_REJET",
            CodeAction::AcquittementSuspension => "ACQUITTEMENT_SUSPENSION",
            CodeAction::TraitementRejet => "TRAITEMENT_REJET",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CodeAction::TelechargementFacture => "Téléchargement de la facture",
            CodeAction::AcquittementRejet => "Acquittement du rejet",
            CodeAction::AcquittementSuspension => "Acquittement de la suspension",
            CodeAction::TraitementRejet => "Traitement du rejet",
        }
    }
}

/// Currencies offered (ISO 4217); the portal's list is longer, these cover the exercises.
pub const DEVISES: [(&str, &str); 5] = [
    ("EUR", "Euro"),
    ("XPF", "Franc CFP"),
    ("USD", "Dollar des États-Unis"),
    ("GBP", "Livre sterling"),
    ("CHF", "Franc suisse"),
];

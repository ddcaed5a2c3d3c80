//! Structures (entreprises, entités publiques) and their services, as the fiche structure of the
//! portal describes them (facts sheet §2.2–2.5). Groundwork of the organisation issue: the types and
//! their field rules; the commands that create and edit them come with the organisation screens.

use crate::kernel::ids::{CompteBancaireId, ServiceId, StructureId};
use crate::kernel::time::Timestamp;
use crate::organisation::droits::Application;
use crate::organisation::identifiants::TypeIdentifiant;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// « Structure privée » (suppliers) or « structure publique » (recipients of invoices).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TypeStructure {
    Privee,
    Publique,
}

impl TypeStructure {
    pub fn label(self) -> &'static str {
        match self {
            TypeStructure::Privee => "Structure privée",
            TypeStructure::Publique => "Structure publique",
        }
    }
}

/// Families of public structures found in the annuaire (used to filter and to seed it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CategoriePublique {
    Ministere,
    ServiceDeconcentre,
    Region,
    Departement,
    Commune,
    Intercommunalite,
    Hopital,
    Universite,
    Eple,
    OfficePublic,
    EtablissementPublic,
}

impl CategoriePublique {
    pub const ALL: [CategoriePublique; 11] = [
        CategoriePublique::Ministere,
        CategoriePublique::ServiceDeconcentre,
        CategoriePublique::Region,
        CategoriePublique::Departement,
        CategoriePublique::Commune,
        CategoriePublique::Intercommunalite,
        CategoriePublique::Hopital,
        CategoriePublique::Universite,
        CategoriePublique::Eple,
        CategoriePublique::OfficePublic,
        CategoriePublique::EtablissementPublic,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CategoriePublique::Ministere => "Ministère",
            CategoriePublique::ServiceDeconcentre => "Service déconcentré de l'État",
            CategoriePublique::Region => "Région",
            CategoriePublique::Departement => "Département",
            CategoriePublique::Commune => "Commune",
            CategoriePublique::Intercommunalite => "Intercommunalité",
            CategoriePublique::Hopital => "Établissement public de santé",
            CategoriePublique::Universite => "Université",
            CategoriePublique::Eple => "Lycée ou collège (EPLE)",
            CategoriePublique::OfficePublic => "Office public",
            CategoriePublique::EtablissementPublic => "Autre établissement public",
        }
    }
}

/// Adresse postale (siège of a structure, or a service's own address).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adresse {
    pub adresse: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complement1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complement2: Option<String>,
    pub code_postal: String,
    pub ville: String,
    /// ISO 3166-1 alpha-2 code, « FR » for France.
    pub pays: String,
}

/// What a recipient requires on the invoices it receives (API `parametres`, facts §2.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParametresDestinataire {
    /// `codeServiceDoitEtreRenseigne`: « gestion par service obligatoire ».
    #[serde(default)]
    pub code_service_obligatoire: bool,
    /// `numeroEJDoitEtreRenseigne`: « engagement juridique obligatoire ».
    #[serde(default)]
    pub ej_obligatoire: bool,
    /// `gestionNumeroEJOuCodeService`: at least one of the two.
    #[serde(default)]
    pub ej_ou_code_service: bool,
    /// `statutMiseEnPaiementNestPasRemonte`: the « mise en paiement » status is never reported.
    #[serde(default)]
    pub mise_en_paiement_non_remontee: bool,
    /// `estMOA`: acts as maître d'ouvrage for works invoices.
    #[serde(default)]
    pub est_moa: bool,
    /// `estMOAUniquement`: only as maître d'ouvrage.
    #[serde(default)]
    pub est_moa_uniquement: bool,
}

/// The five recipient profiles a trainee must practise (facts §2.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProfilDestinataire {
    SansParametre,
    CodeServiceObligatoire,
    EjObligatoire,
    EjOuCodeService,
    EjEtCodeService,
}

impl ParametresDestinataire {
    /// The profile, read as OCA's Chorus module reads the flags (« EJ ou service » first).
    pub fn profile(&self) -> ProfilDestinataire {
        if self.ej_ou_code_service {
            ProfilDestinataire::EjOuCodeService
        } else {
            match (self.code_service_obligatoire, self.ej_obligatoire) {
                (true, true) => ProfilDestinataire::EjEtCodeService,
                (true, false) => ProfilDestinataire::CodeServiceObligatoire,
                (false, true) => ProfilDestinataire::EjObligatoire,
                (false, false) => ProfilDestinataire::SansParametre,
            }
        }
    }
}

impl ProfilDestinataire {
    pub fn label(self) -> &'static str {
        match self {
            ProfilDestinataire::SansParametre => "Aucun paramètre obligatoire",
            ProfilDestinataire::CodeServiceObligatoire => "Code service obligatoire",
            ProfilDestinataire::EjObligatoire => "Engagement juridique obligatoire",
            ProfilDestinataire::EjOuCodeService => {
                "Engagement juridique ou code service obligatoire"
            }
            ProfilDestinataire::EjEtCodeService => {
                "Engagement juridique et code service obligatoires"
            }
        }
    }
}

/// Coordonnées bancaires of a structure (chosen on each invoice).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompteBancaire {
    pub id: CompteBancaireId,
    pub libelle: String,
    /// Electronic format (no spaces).
    pub iban: String,
    pub bic: String,
    /// The account belongs to a factor (affacturage): a « factor » frame appears on the invoice.
    #[serde(default)]
    pub affactureur: bool,
    pub actif: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StatutStructure {
    Active,
    Desactivee,
}

impl StatutStructure {
    pub fn label(self) -> &'static str {
        match self {
            StatutStructure::Active => "Active",
            StatutStructure::Desactivee => "Désactivée",
        }
    }
}

/// The fiche structure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Structure {
    pub id: StructureId,
    pub identifier_type: TypeIdentifiant,
    /// Normalised identifier (a SIRET for most structures).
    pub identifier: String,
    pub kind: TypeStructure,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categorie: Option<CategoriePublique>,
    pub raison_sociale: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libelle: Option<String>,
    pub adresse: Adresse,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Numéro de TVA intracommunautaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numero_tva: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcs: Option<String>,
    #[serde(default)]
    pub parametres: ParametresDestinataire,
    pub applications: Vec<Application>,
    #[serde(default)]
    pub bank_accounts: Vec<CompteBancaire>,
    pub status: StatutStructure,
    /// Created with a SIRET unknown to the (simulated) INSEE base.
    #[serde(default)]
    pub en_cours_immatriculation: bool,
    /// After a SIRET change: the deactivated structure this one was copied from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origine: Option<StructureId>,
    /// How the simulated recipient treats this public structure's invoices (solo practice); `None`
    /// lets the sandbox decide (see `simulation::destinataire::comportement`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simulation: Option<Comportement>,
    /// How the simulated valideur of this structure answers the A9/A12 invoices it must validate;
    /// `None` lets the sandbox decide (see `facturation::validation::comportement_valideur`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valideur_simule: Option<ComportementValideur>,
    #[serde(with = "crate::kernel::time::millis")]
    pub created_at: Timestamp,
}

impl Structure {
    pub fn is_public(&self) -> bool {
        self.kind == TypeStructure::Publique
    }

    pub fn is_active(&self) -> bool {
        self.status == StatutStructure::Active
    }

    /// Name shown in lists: the libellé when there is one, else the raison sociale.
    pub fn display_name(&self) -> &str {
        self.libelle.as_deref().unwrap_or(&self.raison_sociale)
    }
}

/// Code of the special service reserved to invoices between public entities.
pub const FACTURES_PUBLIQUES: &str = "FACTURES_PUBLIQUES";

/// A service of a structure (« code service exécutant » on invoices).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: ServiceId,
    pub structure: StructureId,
    pub code: String,
    pub libelle: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresse: Option<Adresse>,
    #[serde(with = "crate::kernel::time::ymd")]
    pub debut_validite: NaiveDate,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::kernel::time::ymd_opt"
    )]
    pub fin_validite: Option<NaiveDate>,
    /// This service requires an engagement juridique even when its structure does not.
    #[serde(default)]
    pub ej_obligatoire: bool,
    pub actif: bool,
    /// A training scenario's script: what the simulated agent does with the next invoice
    /// addressed to this service (see `simulation::destinataire`). Never set on the real portal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<Script>,
}

/// What a scenario's script makes the simulated agent do, like a test card: the next invoice
/// addressed to the service is suspended, sent back « à recycler » or rejected with the script's
/// motif, a day after it becomes available; the script is then used up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reaction {
    Suspendre,
    ARecycler,
    Rejeter,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Script {
    pub reaction: Reaction,
    pub motif: String,
}

/// Longest motif of a script (the portal's motif length).
pub const MAX_MOTIF_SCRIPT: usize = 255;

impl Service {
    /// FACTURES_PUBLIQUES belongs to the portal: its structure can neither edit nor deactivate it.
    pub fn gere_par_le_portail(&self) -> bool {
        self.code == FACTURES_PUBLIQUES
    }

    /// Active and within its validity dates on `day`.
    pub fn is_usable_on(&self, day: NaiveDate) -> bool {
        self.actif && self.debut_validite <= day && self.fin_validite.is_none_or(|end| day <= end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_follow_the_flags() {
        let p = |c, e, o| ParametresDestinataire {
            code_service_obligatoire: c,
            ej_obligatoire: e,
            ej_ou_code_service: o,
            ..Default::default()
        };
        assert_eq!(
            p(false, false, false).profile(),
            ProfilDestinataire::SansParametre
        );
        assert_eq!(
            p(true, false, false).profile(),
            ProfilDestinataire::CodeServiceObligatoire
        );
        assert_eq!(
            p(false, true, false).profile(),
            ProfilDestinataire::EjObligatoire
        );
        assert_eq!(
            p(true, true, false).profile(),
            ProfilDestinataire::EjEtCodeService
        );
        assert_eq!(
            p(true, true, true).profile(),
            ProfilDestinataire::EjOuCodeService
        );
    }

    #[test]
    fn service_validity_dates() {
        let d = |y, m, j| NaiveDate::from_ymd_opt(y, m, j).unwrap();
        let s = Service {
            id: ServiceId::from("sv1"),
            structure: StructureId::from("st1"),
            code: "ACHATS".into(),
            libelle: "Service des achats".into(),
            description: None,
            adresse: None,
            debut_validite: d(2020, 1, 1),
            fin_validite: Some(d(2050, 12, 31)),
            ej_obligatoire: false,
            actif: true,
            script: None,
        };
        assert!(s.is_usable_on(d(2026, 11, 23)));
        assert!(!s.is_usable_on(d(2019, 12, 31)));
        assert!(!s.is_usable_on(d(2051, 1, 1)));
        assert!(!Service {
            actif: false,
            ..s.clone()
        }
        .is_usable_on(d(2026, 11, 23)));
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"debut_validite\":20200101"), "{json}");
        assert!(json.contains("\"fin_validite\":20501231"));
        assert_eq!(serde_json::from_str::<Service>(&json).unwrap(), s);
        let bad_day = serde_json::from_str::<Service>(&json.replace("20200101", "20201341"));
        assert!(bad_day
            .unwrap_err()
            .to_string()
            .starts_with("date invalide"));
        assert_eq!(crate::kernel::time::day_fr(d(2050, 12, 31)), "31/12/2050");
    }
}

/// How a public structure's simulated agent treats the invoices it receives (solo practice).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Comportement {
    /// Nobody simulated: people of the structure treat its invoices.
    Manuel,
    /// Service fait after 1 day, mandatée 2 days later, mise en paiement 3 days later.
    TraiteNormalement,
    /// Rejects an invoice without EJ after 1 day; treats the others normally.
    RejetteSiEjManquant,
    /// Suspends after 1 day for a missing document; once completed, treats it normally.
    SuspendPourPieceManquante,
    /// Sends it back « à recycler » after 1 day (wrong service); once recycled, treats it normally.
    ARecyclerMauvaisService,
}

impl Comportement {
    pub const ALL: [Comportement; 5] = [
        Comportement::Manuel,
        Comportement::TraiteNormalement,
        Comportement::RejetteSiEjManquant,
        Comportement::SuspendPourPieceManquante,
        Comportement::ARecyclerMauvaisService,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Comportement::Manuel => "MANUEL",
            Comportement::TraiteNormalement => "TRAITE_NORMALEMENT",
            Comportement::RejetteSiEjManquant => "REJETTE_SI_EJ_MANQUANT",
            Comportement::SuspendPourPieceManquante => "SUSPEND_POUR_PIECE_MANQUANTE",
            Comportement::ARecyclerMauvaisService => "A_RECYCLER_MAUVAIS_SERVICE",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Comportement::Manuel => {
                "Aucun agent simulé : les agents de la structure traitent ses factures"
            }
            Comportement::TraiteNormalement => {
                "Traite normalement (service fait, mandatée, mise en paiement)"
            }
            Comportement::RejetteSiEjManquant => "Rejette si l'engagement juridique manque",
            Comportement::SuspendPourPieceManquante => "Suspend pour pièce manquante",
            Comportement::ARecyclerMauvaisService => "Renvoie « à recycler » : mauvais service",
        }
    }

    pub fn from_code(s: &str) -> Option<Comportement> {
        Comportement::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// How a structure's simulated valideur answers the A9/A12 invoices it must validate (solo
/// practice). The delay of 2 days is the sandbox's choice: the facts give only the 15-day limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ComportementValideur {
    /// Validates after 2 days (« vous êtes titulaire »).
    Valide,
    /// Refuses after 2 days, with the first motif of the cadre's list.
    Refuse,
    /// Never answers: the validation becomes tacit after 15 days (and the structure's people may
    /// still answer before).
    Silencieux,
}

impl ComportementValideur {
    pub const ALL: [ComportementValideur; 3] = [
        ComportementValideur::Valide,
        ComportementValideur::Refuse,
        ComportementValideur::Silencieux,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ComportementValideur::Valide => "VALIDE",
            ComportementValideur::Refuse => "REFUSE",
            ComportementValideur::Silencieux => "SILENCIEUX",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ComportementValideur::Valide => "Valide sous 2 jours",
            ComportementValideur::Refuse => "Refuse sous 2 jours",
            ComportementValideur::Silencieux => {
                "Ne répond pas : validation tacite après 15 jours (ou par les agents de la structure)"
            }
        }
    }

    pub fn from_code(s: &str) -> Option<ComportementValideur> {
        ComportementValideur::ALL
            .into_iter()
            .find(|c| c.code() == s)
    }
}

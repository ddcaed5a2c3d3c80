//! The seeded annuaire: a directory of fictitious public structures and their services, shipped
//! with the app (the base every sandbox starts from, see `simulation::base`). Its search is
//! `organisation::annuaire`.
//!
//! Every structure, SIRET, address, phone number and e-mail address here is invented: the SIRETs
//! are computed from a SIREN base starting with 9 so that they pass the Luhn checks, the phone
//! numbers come from the ranges ARCEP reserves for fiction, and the e-mail domain is `.invalid`.

use crate::kernel::ids::{ServiceId, StructureId};
use crate::kernel::text::search_key;
use crate::kernel::time::Timestamp;
use crate::organisation::droits::Application;
use crate::organisation::identifiants::{self, IdentifierType};
use crate::organisation::structure::{
    Address, PublicCategory, RecipientParameters, RecipientProfile, Service, Structure,
    StructureKind, StructureStatus, FACTURES_PUBLIQUES,
};
use chrono::{NaiveDate, TimeZone, Utc};

/// One structure of the seeded annuaire with its services.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedEntry {
    pub structure: Structure,
    pub services: Vec<Service>,
}

/// How a seeded service is set up (its validity always starts on 2020-01-01).
#[derive(Clone, Copy)]
enum Etat {
    /// Active, no end date.
    Ouvert,
    /// Active until 2050-12-31, as most services of the real annuaire.
    Jusqu2050,
    /// Active until 2050-12-31 and requires an EJ even when its structure does not (facts §2.4).
    AvecEj,
    /// Deactivated by its structure.
    Inactif,
    /// Validity ended on 2023-12-31.
    Ferme,
}

/// Shown on the special service, so a trainee learns why a private supplier must not pick it.
const FACTURES_PUBLIQUES_DESCRIPTION: &str = "Réservé aux factures entre entités publiques : \
    une facture d'un fournisseur privé adressée à ce service est rejetée.";

/// (code, libellé, état) of a seeded service.
type Sv = (&'static str, &'static str, Etat);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Moa {
    Non,
    Oui,
    Uniquement,
}

/// A line of the catalogue, turned into a `SeedEntry` by `seed`.
struct Spec {
    categorie: PublicCategory,
    raison_sociale: &'static str,
    libelle: Option<&'static str>,
    adresse: (&'static str, &'static str, &'static str),
    profil: RecipientProfile,
    mise_en_paiement_non_remontee: bool,
    moa: Moa,
    desactivee: bool,
    /// Created by a SIRET change from the (deactivated) line just before it.
    succede: bool,
    services: &'static [Sv],
}

fn st(
    categorie: PublicCategory,
    raison_sociale: &'static str,
    adresse: (&'static str, &'static str, &'static str),
    profil: RecipientProfile,
    services: &'static [Sv],
) -> Spec {
    Spec {
        categorie,
        raison_sociale,
        libelle: None,
        adresse,
        profil,
        mise_en_paiement_non_remontee: false,
        moa: Moa::Non,
        desactivee: false,
        succede: false,
        services,
    }
}

impl Spec {
    fn libelle(mut self, libelle: &'static str) -> Self {
        self.libelle = Some(libelle);
        self
    }
    fn mep(mut self) -> Self {
        self.mise_en_paiement_non_remontee = true;
        self
    }
    fn moa(mut self, moa: Moa) -> Self {
        self.moa = moa;
        self
    }
    fn desactivee(mut self) -> Self {
        self.desactivee = true;
        self
    }
    fn succede(mut self) -> Self {
        self.succede = true;
        self
    }
}

/// The directory's content, in a fixed order (the order fixes the SIRETs).
fn catalogue() -> Vec<Spec> {
    use Etat::*;
    use PublicCategory::*;
    use RecipientProfile as P;
    vec![
        // Ministères: the State requires an engagement juridique.
        st(
            Ministere,
            "Ministère de la Formation fictive",
            ("12 rue de l'Exemple", "75007", "Paris"),
            P::EjObligatoire,
            &[
                ("SFACT", "Service facturier du ministère", Jusqu2050),
                ("DSI", "Direction du numérique", Jusqu2050),
                ("ACHATS", "Bureau des achats", Ouvert),
                ("BUR_MOYENS", "Bureau des moyens généraux", Inactif),
            ],
        ),
        st(
            Ministere,
            "Ministère des Essais et de la Simulation",
            ("40 avenue des Essais", "75015", "Paris"),
            P::EjEtCodeService,
            &[
                ("SFACT", "Service facturier du ministère", Jusqu2050),
                ("DAF", "Direction des affaires financières", Ouvert),
                ("IMMO", "Bureau de l'immobilier", Jusqu2050),
                ("COMM", "Délégation à la communication", Ouvert),
            ],
        ),
        st(
            Ministere,
            "Ministère de l'Aménagement imaginaire",
            ("3 place de la Maquette", "75013", "Paris"),
            P::EjObligatoire,
            &[
                ("SFACT", "Service facturier du ministère", Jusqu2050),
                ("ARCHIVES", "Mission des archives", Ferme),
            ],
        )
        .mep(),
        // Services déconcentrés de l'État.
        st(
            ServiceDeconcentre,
            "Préfecture de la Lise",
            ("1 place de la Préfecture", "49100", "Belcourt-sur-Lise"),
            P::EjObligatoire,
            &[
                (
                    "MOYENS",
                    "Service des moyens et de la logistique",
                    Jusqu2050,
                ),
                ("SIDSIC", "Service interministériel du numérique", Ouvert),
            ],
        ),
        st(
            ServiceDeconcentre,
            "Direction départementale des finances publiques de la Lise",
            ("8 boulevard du Trésor", "49100", "Belcourt-sur-Lise"),
            P::EjOuCodeService,
            &[
                ("SIE", "Service des impôts des entreprises", Ouvert),
                ("LOGISTIQUE", "Division budget et logistique", Jusqu2050),
            ],
        )
        .libelle("DDFiP de la Lise"),
        st(
            ServiceDeconcentre,
            "Rectorat de l'académie de Rivebelle",
            ("25 rue des Écoles", "44100", "Rivebelle"),
            P::EjEtCodeService,
            &[
                ("DAF", "Division des affaires financières", Jusqu2050),
                ("EXAMENS", "Division des examens et concours", Ouvert),
                ("DSI", "Direction des systèmes d'information", Jusqu2050),
                ("FORMATION", "Délégation à la formation", Inactif),
            ],
        ),
        st(
            ServiceDeconcentre,
            "Direction régionale de l'environnement de Monts-et-Plateaux",
            ("14 rue des Volcans-Endormis", "63000", "Montclair"),
            P::CodeServiceObligatoire,
            &[
                ("BUDGET", "Pôle budget", Ouvert),
                ("EAU", "Service eau et biodiversité", Jusqu2050),
            ],
        )
        .libelle("DREAL Monts-et-Plateaux"),
        // Régions.
        st(
            Region,
            "Région Littoral-Atlantique",
            ("1 quai de la Région", "44200", "Rivebelle"),
            P::EjOuCodeService,
            &[
                ("DIR_FIN", "Direction des finances", Jusqu2050),
                ("LYCEES", "Direction des lycées", Ouvert),
                ("TRANSPORTS", "Direction des transports", Jusqu2050),
                ("SERV_TECH", "Services techniques et patrimoine", AvecEj),
            ],
        )
        .moa(Moa::Oui),
        st(
            Region,
            "Région Monts-et-Plateaux",
            ("59 boulevard des Plateaux", "63000", "Montclair"),
            P::CodeServiceObligatoire,
            &[
                ("FINANCES", "Direction des finances", Ouvert),
                ("ECONOMIE", "Direction de l'économie", Jusqu2050),
                ("ACHATS", "Service de la commande publique", Jusqu2050),
            ],
        ),
        st(
            Region,
            "Région Val-d'Émeraude",
            ("2 esplanade de l'Émeraude", "21000", "Écharmont"),
            P::EjEtCodeService,
            &[
                ("DFIN", "Direction financière", Jusqu2050),
                ("DSI", "Direction du numérique", Ouvert),
                ("CULTURE", "Direction de la culture", Ferme),
            ],
        ),
        // Départements.
        st(
            Departement,
            "Département de la Lise",
            ("10 rue de la Lise", "49100", "Belcourt-sur-Lise"),
            P::CodeServiceObligatoire,
            &[
                ("SOLIDARITES", "Direction des solidarités", Jusqu2050),
                ("ROUTES", "Direction des routes", AvecEj),
                (
                    "COLLEGES",
                    "Direction de l'éducation et des collèges",
                    Ouvert,
                ),
            ],
        ),
        st(
            Departement,
            "Département du Haut-Verdoyant",
            ("4 rue de l'Hôtel-du-Département", "71000", "Castelvert"),
            P::EjObligatoire,
            &[
                (
                    "PATRIMOINE",
                    "Direction du patrimoine départemental",
                    Jusqu2050,
                ),
                ("ACHATS", "Service des achats", Ouvert),
            ],
        )
        .moa(Moa::Oui),
        st(
            Departement,
            "Département des Monts-Argentés",
            ("7 avenue des Sommets", "15000", "Argentières-les-Monts"),
            P::SansParametre,
            &[("SOCIAL", "Direction de l'action sociale", Ouvert)],
        )
        .mep(),
        st(
            Departement,
            "Département de l'Ombrelle",
            ("22 allées de l'Ombrelle", "81000", "Ombreval"),
            P::EjOuCodeService,
            &[
                ("FINANCES", "Direction des finances", Jusqu2050),
                ("ROUTES", "Direction des routes", Ouvert),
                ("ANCIEN_SI", "Ancien service informatique", Inactif),
            ],
        ),
        // Communes, from the village to the large city.
        st(
            Commune,
            "Commune de Val-Fleuri",
            ("1 place de l'Église", "71250", "Val-Fleuri"),
            P::SansParametre,
            &[("INVEST", "Investissements communaux", AvecEj)],
        ),
        st(
            Commune,
            "Commune de Fleuri-le-Vieux",
            ("3 rue du Moulin", "71250", "Fleuri-le-Vieux"),
            P::SansParametre,
            &[],
        )
        .libelle("Ancienne commune de Fleuri-le-Vieux (fusionnée dans Val-Fleuri)")
        .desactivee(),
        st(
            Commune,
            "Ville de Rivebelle",
            ("1 place de l'Hôtel-de-Ville", "44000", "Rivebelle"),
            P::CodeServiceObligatoire,
            &[
                ("ACHATS", "Direction de la commande publique", Jusqu2050),
                ("DSI", "Direction des systèmes d'information", Jusqu2050),
                ("SERV_TECH", "Services techniques", AvecEj),
                ("ESPACES_VERTS", "Parcs et jardins", Ouvert),
                ("CULTURE", "Direction de la culture", Inactif),
            ],
        ),
        st(
            Commune,
            "Ville de Belcourt-sur-Lise",
            ("2 rue de l'Hôtel-de-Ville", "49100", "Belcourt-sur-Lise"),
            P::CodeServiceObligatoire,
            &[
                ("FINANCES", "Service des finances", Ouvert),
                ("SERV_TECH", "Centre technique municipal", Jusqu2050),
            ],
        ),
        st(
            Commune,
            "Commune d'Écharmont",
            ("5 place du Marché", "21000", "Écharmont"),
            P::EjOuCodeService,
            &[
                ("ACHATS", "Service des achats", Ouvert),
                ("ECOLES", "Service des écoles", Jusqu2050),
            ],
        ),
        st(
            Commune,
            "Commune de Montclair",
            ("10 rue du Beffroi", "63000", "Montclair"),
            P::EjObligatoire,
            &[
                ("FINANCES", "Direction des finances", Jusqu2050),
                ("SPORTS", "Service des sports", Ouvert),
            ],
        ),
        st(
            Commune,
            "Commune de Port-Azur",
            ("6 quai des Pêcheurs", "85100", "Port-Azur"),
            P::EjEtCodeService,
            &[
                ("PORT", "Régie du port de plaisance", Jusqu2050),
                ("SERV_TECH", "Services techniques", Jusqu2050),
                ("PLAGES", "Service des plages", Ferme),
            ],
        )
        .moa(Moa::Oui),
        st(
            Commune,
            "Commune de Saint-Ormeau",
            ("1 place de la Mairie", "43100", "Saint-Ormeau"),
            P::SansParametre,
            &[],
        )
        .mep(),
        st(
            Commune,
            "Commune de Bois-Joli",
            ("2 rue des Écoles", "39210", "Bois-Joli"),
            P::SansParametre,
            &[("CANTINE", "Restauration scolaire", Ouvert)],
        )
        .mep(),
        st(
            Commune,
            "Commune de Brumecourt",
            ("12 rue de la Brume", "59300", "Brumecourt"),
            P::EjObligatoire,
            &[("ACHATS", "Service des achats", Ouvert)],
        ),
        // Intercommunalités.
        st(
            Intercommunalite,
            "Communauté d'agglomération du Grand Rivebelle",
            ("20 boulevard de l'Estuaire", "44200", "Rivebelle"),
            P::EjOuCodeService,
            &[
                ("DECHETS", "Collecte et valorisation des déchets", Jusqu2050),
                ("MOBILITES", "Direction des mobilités", AvecEj),
                ("EAU", "Régie de l'eau", Ouvert),
                ("ACHATS", "Commande publique", Jusqu2050),
            ],
        )
        .libelle("Grand Rivebelle Agglomération"),
        st(
            Intercommunalite,
            "Communauté de communes des Coteaux-Fleuris",
            ("3 route des Vignes", "81150", "Roquefleur"),
            P::SansParametre,
            &[
                ("VOIRIE", "Service voirie", AvecEj),
                ("ENFANCE", "Petite enfance", Ouvert),
            ],
        )
        .moa(Moa::Oui),
        st(
            Intercommunalite,
            "Syndicat intercommunal des eaux de la Lise",
            ("8 chemin du Captage", "49310", "Lisenay"),
            P::CodeServiceObligatoire,
            &[
                ("EXPLOITATION", "Exploitation du réseau", Jusqu2050),
                ("TRAVAUX", "Travaux neufs", AvecEj),
            ],
        )
        .mep(),
        // Établissements publics de santé.
        st(
            Hopital,
            "Centre hospitalier universitaire de Rivebelle",
            ("1 rue du Professeur-Exemple", "44093", "Rivebelle"),
            P::EjEtCodeService,
            &[
                ("PHARMACIE", "Pharmacie à usage intérieur", Jusqu2050),
                ("BIOMED", "Ingénierie biomédicale", Jusqu2050),
                ("ACHATS", "Direction des achats", Ouvert),
                ("DSN", "Direction du système numérique", Ouvert),
                ("LOGISTIQUE", "Logistique hôtelière", Inactif),
            ],
        )
        .libelle("CHU de Rivebelle"),
        st(
            Hopital,
            "Centre hospitalier de Montclair",
            ("30 avenue de la Santé", "63100", "Montclair"),
            P::EjObligatoire,
            &[("ECONOMAT", "Service économique", Jusqu2050)],
        ),
        st(
            Hopital,
            "Centre hospitalier de Port-Azur",
            ("9 rue des Embruns", "85100", "Port-Azur"),
            P::EjOuCodeService,
            &[
                ("ACHATS", "Cellule des marchés", Jusqu2050),
                ("TRAVAUX", "Services techniques", AvecEj),
            ],
        )
        .mep(),
        st(
            Hopital,
            "Centre hospitalier spécialisé des Tilleuls",
            ("45 route des Tilleuls", "13600", "Calanque-Blanche"),
            P::CodeServiceObligatoire,
            &[
                ("ACHATS", "Service des achats", Jusqu2050),
                ("RESTAURATION", "Restauration", Ouvert),
            ],
        ),
        // Universités.
        st(
            Universite,
            "Université de Rivebelle",
            ("1 avenue du Savoir", "44300", "Rivebelle"),
            P::EjObligatoire,
            &[
                ("AGENCE_COMPTABLE", "Agence comptable", Jusqu2050),
                ("SCD", "Service commun de documentation", Ouvert),
            ],
        ),
        st(
            Universite,
            "Université Monts-et-Plateaux",
            ("34 avenue des Volcans", "63000", "Montclair"),
            P::EjOuCodeService,
            &[
                ("DAF", "Direction des affaires financières", Jusqu2050),
                ("DSI", "Direction du numérique", Ouvert),
                ("PATRIMOINE", "Direction du patrimoine", AvecEj),
            ],
        ),
        st(
            Universite,
            "Université Val-d'Émeraude",
            ("2 rue de l'Université", "21000", "Écharmont"),
            P::EjEtCodeService,
            &[
                ("AC", "Agence comptable", Jusqu2050),
                ("RECHERCHE", "Direction de la recherche", Ouvert),
            ],
        ),
        // Lycées et collèges (EPLE).
        st(
            Eple,
            "Lycée polyvalent des Tilleuls",
            ("18 rue des Tilleuls", "44100", "Rivebelle"),
            P::SansParametre,
            &[("INTENDANCE", "Intendance", Ouvert)],
        )
        .mep(),
        st(
            Eple,
            "Collège de l'Étang-Bleu",
            ("Chemin de l'Étang", "85100", "Port-Azur"),
            P::SansParametre,
            &[],
        ),
        st(
            Eple,
            "Lycée professionnel du Val-Fleuri",
            ("7 avenue des Métiers", "71250", "Val-Fleuri"),
            P::CodeServiceObligatoire,
            &[
                ("GESTION", "Service de gestion", Jusqu2050),
                ("ATELIERS", "Ateliers pédagogiques", AvecEj),
            ],
        ),
        st(
            Eple,
            "Collège Les Hirondelles",
            ("4 rue des Hirondelles", "39210", "Bois-Joli"),
            P::EjObligatoire,
            &[("GESTION", "Gestion matérielle", Ouvert)],
        )
        .mep(),
        // Offices publics de l'habitat: the first one changed its SIRET, the second is its copy.
        st(
            OfficePublic,
            "Office public de l'habitat de Rivebelle",
            ("11 rue du Logement", "44000", "Rivebelle"),
            P::CodeServiceObligatoire,
            &[("PATRIMOINE", "Direction du patrimoine", Jusqu2050)],
        )
        .libelle("Rivebelle Habitat")
        .desactivee(),
        st(
            OfficePublic,
            "Office public de l'habitat de Rivebelle",
            ("27 boulevard de l'Habitat", "44200", "Rivebelle"),
            P::CodeServiceObligatoire,
            &[
                ("PATRIMOINE", "Direction du patrimoine", Jusqu2050),
                ("TRAVAUX", "Maîtrise d'ouvrage des travaux", AvecEj),
                ("GESTION_LOCATIVE", "Gestion locative", Ouvert),
            ],
        )
        .libelle("Rivebelle Habitat")
        .moa(Moa::Oui)
        .succede(),
        st(
            OfficePublic,
            "Office public de l'habitat des Monts-Argentés",
            ("3 rue des Cimes", "15000", "Argentières-les-Monts"),
            P::EjEtCodeService,
            &[
                ("TRAVAUX", "Service travaux", Jusqu2050),
                ("ENTRETIEN", "Entretien courant", Ouvert),
            ],
        )
        .libelle("Argentés Habitat"),
        // Autres établissements publics.
        st(
            EtablissementPublic,
            "École nationale fictive des arts appliqués",
            ("9 rue des Ateliers", "75011", "Paris"),
            P::EjObligatoire,
            &[
                ("AGENCE_COMPTABLE", "Agence comptable", Jusqu2050),
                ("ATELIERS", "Ateliers", Ouvert),
            ],
        ),
        st(
            EtablissementPublic,
            "Établissement public d'aménagement de Port-Azur",
            ("1 quai du Futur", "85100", "Port-Azur"),
            P::EjEtCodeService,
            &[(
                "OPERATIONS",
                "Direction des opérations d'aménagement",
                Jusqu2050,
            )],
        )
        .libelle("EPA Port-Azur")
        .moa(Moa::Uniquement),
        st(
            EtablissementPublic,
            "Centre communal d'action sociale de Rivebelle",
            ("6 rue de la Solidarité", "44000", "Rivebelle"),
            P::SansParametre,
            &[
                ("AIDE_DOMICILE", "Service d'aide à domicile", Ouvert),
                ("RESIDENCE", "Résidence autonomie", AvecEj),
            ],
        )
        .libelle("CCAS de Rivebelle")
        .mep(),
        st(
            EtablissementPublic,
            "Service départemental d'incendie et de secours de l'Ombrelle",
            ("2 avenue des Pompiers", "81000", "Ombreval"),
            P::CodeServiceObligatoire,
            &[
                (
                    "GROUPEMENT_TECH",
                    "Groupement technique et logistique",
                    Jusqu2050,
                ),
                ("FORMATION", "École départementale", Ouvert),
                ("ANCIEN_ACHATS", "Ancien service des achats", Inactif),
            ],
        )
        .libelle("SDIS de l'Ombrelle"),
        st(
            EtablissementPublic,
            "Agence fictive de l'eau Lise-Atlantique",
            ("15 rue de la Source", "49100", "Belcourt-sur-Lise"),
            P::EjOuCodeService,
            &[("INTERVENTIONS", "Direction des interventions", Jusqu2050)],
        ),
    ]
}

/// The flags a profile sets (« EJ ou code service » alone, as OCA reads it first).
fn parameters_for(profile: RecipientProfile) -> RecipientParameters {
    let (code_service_obligatoire, ej_obligatoire, ej_ou_code_service) = match profile {
        RecipientProfile::SansParametre => (false, false, false),
        RecipientProfile::CodeServiceObligatoire => (true, false, false),
        RecipientProfile::EjObligatoire => (false, true, false),
        RecipientProfile::EjOuCodeService => (false, false, true),
        RecipientProfile::EjEtCodeService => (true, true, false),
    };
    RecipientParameters {
        code_service_obligatoire,
        ej_obligatoire,
        ej_ou_code_service,
        ..RecipientParameters::default()
    }
}

/// SIRET of the `n`-th seeded structure: a SIREN starting with 9 (spread by a prime step so the
/// numbers do not look sequential) and a NIC, each closed by its Luhn key.
fn fictitious_siret(n: usize) -> String {
    let mut siren = format!("9{:07}", 1_000_003 + n * 104_729);
    siren.push(identifiants::luhn_key(&siren));
    let mut siret = format!("{siren}{:04}", 1 + (n % 5) * 12);
    siret.push(identifiants::luhn_key(&siret));
    siret
}

/// A number from the ARCEP ranges reserved for fiction, in the zone of the postcode's département.
fn fictitious_phone(code_postal: &str, n: usize) -> String {
    let zone = match code_postal.get(..2).unwrap_or("") {
        "75" | "77" | "78" | "91" | "92" | "93" | "94" | "95" => "01 99 00",
        "14" | "18" | "22" | "27" | "28" | "29" | "35" | "36" | "37" | "41" | "44" | "45"
        | "49" | "50" | "53" | "56" | "61" | "72" | "76" | "85" => "02 61 91",
        "02" | "08" | "10" | "21" | "25" | "39" | "51" | "52" | "54" | "55" | "57" | "58"
        | "59" | "60" | "62" | "67" | "68" | "70" | "71" | "80" | "88" | "89" | "90" => "03 53 01",
        "09" | "12" | "16" | "17" | "19" | "23" | "24" | "31" | "32" | "33" | "40" | "46"
        | "47" | "64" | "65" | "79" | "81" | "82" | "86" | "87" => "05 36 49",
        _ => "04 65 71",
    };
    format!("{zone} {:02} {:02}", (n / 100) % 100, n % 100)
}

/// `Commune de Val-Fleuri` → `commune-de-val-fleuri`, cut at a word boundary to stay a short
/// e-mail local part.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for word in search_key(s).split(' ') {
        if out.len() + word.len() + 1 > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

/// The seeded annuaire: always the same structures, ids and SIRETs, so saved exercises keep
/// pointing at the same recipients.
pub fn seed() -> Vec<SeedEntry> {
    let created_at: Timestamp = Utc
        .with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("date fixe valide");
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date fixe valide");
    let debut = day(2020, 1, 1);
    let fin_2050 = day(2050, 12, 31);
    let fin_2023 = day(2023, 12, 31);

    let factures_publiques: Sv = (
        FACTURES_PUBLIQUES,
        "Service des factures publiques",
        Etat::Ouvert,
    );

    let mut entries: Vec<SeedEntry> = Vec::new();
    for (n, spec) in catalogue().into_iter().enumerate() {
        let siret = fictitious_siret(n);
        let siren = identifiants::siren_of(&siret);
        let id = StructureId(format!("annuaire-{siret}"));
        let (adresse, code_postal, ville) = spec.adresse;
        let parametres = RecipientParameters {
            mise_en_paiement_non_remontee: spec.mise_en_paiement_non_remontee,
            est_moa: spec.moa != Moa::Non,
            est_moa_uniquement: spec.moa == Moa::Uniquement,
            ..parameters_for(spec.profil)
        };
        let origine = if spec.succede {
            entries.last().map(|e| e.structure.id.clone())
        } else {
            None
        };
        let structure = Structure {
            id: id.clone(),
            identifier_type: IdentifierType::Siret,
            identifier: siret.clone(),
            kind: StructureKind::Publique,
            categorie: Some(spec.categorie),
            raison_sociale: spec.raison_sociale.to_string(),
            libelle: spec.libelle.map(str::to_string),
            adresse: Address {
                adresse: adresse.to_string(),
                complement1: None,
                complement2: None,
                code_postal: code_postal.to_string(),
                ville: ville.to_string(),
                pays: "FR".to_string(),
            },
            telephone: Some(fictitious_phone(code_postal, n + 1)),
            email: Some(format!(
                "{}@annuaire.invalid",
                slug(spec.libelle.unwrap_or(spec.raison_sociale))
            )),
            numero_tva: Some(identifiants::french_vat_number(siren)),
            rcs: None,
            parametres,
            applications: Application::defaults(true),
            bank_accounts: Vec::new(),
            status: if spec.desactivee {
                StructureStatus::Desactivee
            } else {
                StructureStatus::Active
            },
            en_cours_immatriculation: false,
            origine,
            simulation: None,
            created_at,
        };
        // Every public structure also has the service reserved to invoices between public
        // entities (facts §2.4), listed after the structure's own services.
        let services = spec
            .services
            .iter()
            .chain(std::iter::once(&factures_publiques))
            .enumerate()
            .map(|(i, &(code, libelle, etat))| Service {
                id: ServiceId(format!("annuaire-{siret}-{}", i + 1)),
                structure: id.clone(),
                code: code.to_string(),
                libelle: libelle.to_string(),
                description: (code == FACTURES_PUBLIQUES)
                    .then(|| FACTURES_PUBLIQUES_DESCRIPTION.to_string()),
                adresse: None,
                debut_validite: debut,
                fin_validite: match etat {
                    Etat::Ouvert | Etat::Inactif => None,
                    Etat::Jusqu2050 | Etat::AvecEj => Some(fin_2050),
                    Etat::Ferme => Some(fin_2023),
                },
                ej_obligatoire: matches!(etat, Etat::AvecEj),
                actif: !matches!(etat, Etat::Inactif),
            })
            .collect();
        entries.push(SeedEntry {
            structure,
            services,
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compte::check_email;
    use crate::kernel::ids::is_valid_id;
    use crate::organisation::annuaire::active_services;
    use std::collections::{BTreeMap, HashSet};

    fn structures() -> Vec<Structure> {
        seed().into_iter().map(|e| e.structure).collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn seed_is_a_large_fictitious_public_directory() {
        let seeded = seed();
        assert!(seeded.len() >= 42, "{}", seeded.len());
        let created = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        for e in &seeded {
            let s = &e.structure;
            assert!(s.is_public(), "{}", s.raison_sociale);
            assert_eq!(s.identifier_type, IdentifierType::Siret);
            assert!(s.categorie.is_some());
            assert_eq!(s.applications, Application::defaults(true));
            assert_eq!(s.created_at, created);
            assert!(s.bank_accounts.is_empty());
            let a = &s.adresse;
            assert_eq!(a.pays, "FR");
            assert!(
                a.code_postal.len() == 5 && a.code_postal.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                a.code_postal
            );
            assert!(!a.adresse.is_empty() && !a.ville.is_empty());
            let email = s.email.as_deref().unwrap();
            assert_eq!(check_email(email, "Courriel").unwrap(), email);
            assert!(email.ends_with("@annuaire.invalid"), "{email}");
            let phone = s.telephone.as_deref().unwrap();
            assert_eq!(phone.len(), 14, "{phone}");
            assert!(
                ["01 99 00", "02 61 91", "03 53 01", "04 65 71", "05 36 49"]
                    .iter()
                    .any(|p| phone.starts_with(p)),
                "{phone}"
            );
        }
        // Phone zones follow the département: Paris in 01, Rivebelle (44) in 02.
        let by_name = |n: &str| {
            seeded
                .iter()
                .find(|e| e.structure.raison_sociale == n)
                .unwrap()
        };
        let paris = by_name("Ministère de la Formation fictive");
        assert!(paris
            .structure
            .telephone
            .as_deref()
            .unwrap()
            .starts_with("01 "));
        let rivebelle = by_name("Ville de Rivebelle");
        assert!(rivebelle
            .structure
            .telephone
            .as_deref()
            .unwrap()
            .starts_with("02 "));
    }

    #[test]
    fn sirets_are_valid_unique_and_computed() {
        let mut seen = HashSet::new();
        for s in structures() {
            let siret = identifiants::validate_siret(&s.identifier).unwrap();
            assert_eq!(siret, s.identifier);
            assert!(siret.starts_with('9'), "{siret}");
            let siren = identifiants::siren_of(&siret);
            identifiants::validate_siren(siren).unwrap();
            let tva = s.numero_tva.as_deref().unwrap();
            assert_eq!(tva, identifiants::french_vat_number(siren));
            assert_eq!(identifiants::validate_vat_number(tva).unwrap(), tva);
            assert!(seen.insert(siret.clone()), "SIRET en double : {siret}");
        }
        // The key helper agrees with an independently known SIRET (facts: 732 829 320 00074).
        assert_eq!(identifiants::luhn_key("73282932"), '0');
        assert_eq!(identifiants::luhn_key("7328293200007"), '4');
    }

    #[test]
    fn ids_are_valid_unique_and_linked() {
        let mut ids = HashSet::new();
        for e in seed() {
            let sid = e.structure.id.as_str();
            assert!(is_valid_id(sid), "{sid}");
            assert_eq!(sid, format!("annuaire-{}", e.structure.identifier));
            assert!(ids.insert(sid.to_string()));
            for (i, sv) in e.services.iter().enumerate() {
                assert!(is_valid_id(sv.id.as_str()), "{}", sv.id);
                assert_eq!(sv.id.0, format!("{sid}-{}", i + 1));
                assert_eq!(sv.structure, e.structure.id);
                assert!(ids.insert(sv.id.0.clone()));
            }
        }
    }

    #[test]
    fn every_recipient_profile_and_flag_is_seeded() {
        let all = structures();
        let mut per_profile: BTreeMap<RecipientProfile, usize> = BTreeMap::new();
        for s in &all {
            *per_profile.entry(s.parametres.profile()).or_default() += 1;
        }
        for profile in [
            RecipientProfile::SansParametre,
            RecipientProfile::CodeServiceObligatoire,
            RecipientProfile::EjObligatoire,
            RecipientProfile::EjOuCodeService,
            RecipientProfile::EjEtCodeService,
        ] {
            let n = per_profile.get(&profile).copied().unwrap_or(0);
            assert!(n >= 2, "{profile:?}: {n}");
        }
        let count =
            |f: fn(&RecipientParameters) -> bool| all.iter().filter(|s| f(&s.parametres)).count();
        assert!(count(|p| p.mise_en_paiement_non_remontee) >= 2);
        assert!(count(|p| p.est_moa) >= 3);
        assert!(count(|p| p.est_moa_uniquement) >= 1);
        // « MOA uniquement » is a kind of MOA.
        assert_eq!(count(|p| p.est_moa_uniquement && !p.est_moa), 0);
    }

    #[test]
    fn deactivated_structures_are_kept_in_the_directory() {
        let all = structures();
        assert!(all.iter().any(|s| s.status == StructureStatus::Desactivee));
        // After a SIRET change the copy points at the deactivated original.
        let copy = all.iter().find(|s| s.origine.is_some()).unwrap();
        let original = all
            .iter()
            .find(|s| Some(&s.id) == copy.origine.as_ref())
            .unwrap();
        assert_eq!(original.status, StructureStatus::Desactivee);
        assert_eq!(copy.status, StructureStatus::Active);
        assert_eq!(original.raison_sociale, copy.raison_sociale);
        assert_ne!(original.identifier, copy.identifier);
    }

    #[test]
    fn services_follow_the_portal_rules() {
        let today = day(2026, 11, 23);
        let mut per_service_ej = 0;
        let (mut until_2050, mut inactive, mut closed) = (0, 0, 0);
        for e in seed() {
            let s = &e.structure;
            assert!((1..=6).contains(&e.services.len()), "{}", s.raison_sociale);
            let fp: Vec<_> = e
                .services
                .iter()
                .filter(|sv| sv.code == FACTURES_PUBLIQUES)
                .collect();
            assert_eq!(fp.len(), 1, "{}", s.raison_sociale);
            assert_eq!(fp[0].libelle, "Service des factures publiques");
            assert!(fp[0]
                .description
                .as_deref()
                .is_some_and(|d| d.contains("entre entités publiques")));
            assert!(fp[0].is_usable_on(today));
            let mut codes = HashSet::new();
            for sv in &e.services {
                assert!(
                    sv.code
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
                    "{}",
                    sv.code
                );
                assert!(codes.insert(sv.code.clone()), "{}", sv.code);
                assert!(!sv.libelle.is_empty());
                assert_eq!(sv.debut_validite, day(2020, 1, 1));
                until_2050 += usize::from(sv.fin_validite == Some(day(2050, 12, 31)));
                inactive += usize::from(!sv.actif);
                closed += usize::from(sv.fin_validite.is_some_and(|f| f < today));
                if sv.ej_obligatoire && !s.parametres.ej_obligatoire {
                    per_service_ej += 1;
                }
            }
            // A structure that asks for a code service offers one a private supplier may use.
            let p = s.parametres;
            if s.is_active() && (p.code_service_obligatoire || p.ej_ou_code_service) {
                assert!(
                    active_services(&e.services, &s.id, today)
                        .iter()
                        .any(|sv| sv.code != FACTURES_PUBLIQUES),
                    "{}",
                    s.raison_sociale
                );
            }
        }
        assert!(until_2050 >= 10, "{until_2050}");
        assert!(inactive >= 3, "{inactive}");
        assert!(closed >= 2, "{closed}");
        assert!(per_service_ej >= 3, "{per_service_ej}");
    }

    #[test]
    fn every_category_is_represented() {
        let all = structures();
        for k in PublicCategory::ALL {
            assert!(all.iter().any(|s| s.categorie == Some(k)), "{}", k.label());
        }
        let communes = all
            .iter()
            .filter(|s| s.categorie == Some(PublicCategory::Commune))
            .count();
        assert!(communes >= 5);
        // Varied départements, so a postcode search narrows the list.
        let deps: HashSet<_> = all.iter().map(|s| &s.adresse.code_postal[..2]).collect();
        assert!(deps.len() >= 10, "{deps:?}");
    }

    #[test]
    fn seed_is_deterministic() {
        assert_eq!(seed(), seed());
        assert_eq!(fictitious_siret(0), seed()[0].structure.identifier);
    }

    #[test]
    fn does_not_collide_with_the_insee_base() {
        let public: HashSet<String> = seed()
            .into_iter()
            .map(|e| identifiants::siren_of(&e.structure.identifier).to_string())
            .collect();
        for e in crate::organisation::insee::base() {
            assert!(!public.contains(identifiants::siren_of(&e.siret)));
        }
    }
}

//! The seeded annuaire's content: one line per fictitious public structure (category, name,
//! address, recipient profile, flags, services), in a fixed order that fixes the SIRETs.

use crate::organisation::structure::{CategoriePublique, ProfilDestinataire};

/// How a seeded service is set up (its validity always starts on 2020-01-01).
#[derive(Clone, Copy)]
pub(super) enum Etat {
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
pub(super) const FACTURES_PUBLIQUES_DESCRIPTION: &str =
    "Réservé aux factures entre entités publiques : \
    une facture d'un fournisseur privé adressée à ce service est rejetée.";

/// (code, libellé, état) of a seeded service.
pub(super) type Sv = (&'static str, &'static str, Etat);

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Moa {
    Non,
    Oui,
    Uniquement,
}

/// A line of the catalogue, turned into a `EntreeAnnuaire` by `seed`.
pub(super) struct Spec {
    pub(super) categorie: CategoriePublique,
    pub(super) raison_sociale: &'static str,
    pub(super) libelle: Option<&'static str>,
    pub(super) adresse: (&'static str, &'static str, &'static str),
    pub(super) profil: ProfilDestinataire,
    pub(super) mise_en_paiement_non_remontee: bool,
    pub(super) moa: Moa,
    pub(super) desactivee: bool,
    /// Created by a SIRET change from the (deactivated) line just before it.
    pub(super) succede: bool,
    pub(super) services: &'static [Sv],
}

pub(super) fn st(
    categorie: CategoriePublique,
    raison_sociale: &'static str,
    adresse: (&'static str, &'static str, &'static str),
    profil: ProfilDestinataire,
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
pub(super) fn catalogue() -> Vec<Spec> {
    use CategoriePublique::*;
    use Etat::*;
    use ProfilDestinataire as P;
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
        )
        .moa(Moa::Oui),
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

//! A simulated « base INSEE » (répertoire SIRENE): the fictitious companies a trainee may create a
//! structure for. The real portal checks that a SIRET exists and is active at INSEE, and pre-fills
//! the raison sociale and the address of the siège (facts §2.1, §1.5 « Mettre à jour depuis la
//! base INSEE »). Nothing here is a real company: the SIRENs start with 9 and are computed so that
//! their Luhn keys are valid, the streets are ordinary names.

use crate::organisation::identifiants::{self, luhn_key};
use crate::organisation::structure::Adresse;

/// Administrative state of an establishment in the base.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EtatAdministratif {
    Actif,
    /// « Établissement fermé »: a structure cannot be created with its SIRET.
    Ferme,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Etablissement {
    pub siret: String,
    pub raison_sociale: String,
    /// Legal form as INSEE names it (SARL, SAS…).
    pub forme_juridique: &'static str,
    /// Activité principale (code NAF and its label).
    pub activite: &'static str,
    pub adresse: Adresse,
    pub etat: EtatAdministratif,
    /// Siège social (head office) rather than a secondary establishment.
    pub siege: bool,
}

impl Etablissement {
    /// « RCS Lyon 912 345 678 », as printed on invoices.
    pub fn rcs(&self) -> String {
        let siren = identifiants::siren_of(&self.siret);
        format!(
            "RCS {} {} {} {}",
            self.adresse.ville,
            &siren[0..3],
            &siren[3..6],
            &siren[6..9]
        )
    }

    pub fn numero_tva(&self) -> String {
        identifiants::french_vat_number(identifiants::siren_of(&self.siret))
    }
}

/// (raison sociale, forme, activité, adresse, code postal, ville, fermé)
type Line = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

const COMPANIES: [Line; 20] = [
    (
        "Menuiserie Durand et Fils",
        "SARL",
        "43.32A Travaux de menuiserie bois et PVC",
        "12 rue des Artisans",
        "69007",
        "Lyon",
        false,
    ),
    (
        "Papeterie du Centre",
        "SAS",
        "47.62Z Commerce de détail de journaux et papeterie",
        "4 place du Marché",
        "45000",
        "Orléans",
        false,
    ),
    (
        "Informatique Services Conseil",
        "SAS",
        "62.02A Conseil en systèmes et logiciels informatiques",
        "27 avenue de l'Innovation",
        "31400",
        "Toulouse",
        false,
    ),
    (
        "Nettoyage Pro Atlantique",
        "SARL",
        "81.21Z Nettoyage courant des bâtiments",
        "8 quai des Tonneliers",
        "33000",
        "Bordeaux",
        false,
    ),
    (
        "Les Saveurs d'Anjou",
        "SAS",
        "56.21Z Services des traiteurs",
        "15 boulevard du Roi René",
        "49000",
        "Angers",
        false,
    ),
    (
        "Travaux Publics des Alpes",
        "SA",
        "42.11Z Construction de routes et autoroutes",
        "3 chemin des Carrières",
        "38000",
        "Grenoble",
        false,
    ),
    (
        "Atelier d'architecture Lemaire",
        "SELARL",
        "71.11Z Activités d'architecture",
        "22 rue des Arts",
        "59000",
        "Lille",
        false,
    ),
    (
        "Transports Martin",
        "SAS",
        "49.41A Transports routiers de fret interurbains",
        "ZA des Écluses, 5 rue du Port",
        "67000",
        "Strasbourg",
        false,
    ),
    (
        "Imprimerie Moderne de Provence",
        "SARL",
        "18.12Z Autre imprimerie (labeur)",
        "31 rue de la Canebière",
        "13001",
        "Marseille",
        false,
    ),
    (
        "Formation et Compétences",
        "SAS",
        "85.59A Formation continue d'adultes",
        "9 allée des Tilleuls",
        "35000",
        "Rennes",
        false,
    ),
    (
        "Garage Central Auto",
        "SARL",
        "45.20A Entretien et réparation de véhicules automobiles légers",
        "60 avenue du Drapeau",
        "21000",
        "Dijon",
        false,
    ),
    (
        "Électricité Générale Bernard",
        "EURL",
        "43.21A Travaux d'installation électrique",
        "2 impasse des Lilas",
        "44000",
        "Nantes",
        false,
    ),
    (
        "Librairie des Écoles",
        "SARL",
        "47.61Z Commerce de détail de livres",
        "18 rue des Gras",
        "63000",
        "Clermont-Ferrand",
        false,
    ),
    (
        "Sécurité Incendie Normandie",
        "SAS",
        "80.20Z Activités liées aux systèmes de sécurité",
        "44 rue Jeanne d'Arc",
        "76000",
        "Rouen",
        false,
    ),
    (
        "Espaces Verts du Littoral",
        "SARL",
        "81.30Z Services d'aménagement paysager",
        "7 promenade des Pins",
        "06000",
        "Nice",
        false,
    ),
    (
        "Laboratoire d'analyses de l'Est",
        "SELAS",
        "71.20B Analyses, essais et inspections techniques",
        "11 rue Stanislas",
        "54000",
        "Nancy",
        false,
    ),
    (
        "Mobilier Scolaire du Limousin",
        "SAS",
        "31.01Z Fabrication de meubles de bureau et de magasin",
        "26 route de Toulouse",
        "87000",
        "Limoges",
        false,
    ),
    (
        "Restauration Collective du Sud-Ouest",
        "SAS",
        "56.29A Restauration collective sous contrat",
        "5 rue Castetnau",
        "64000",
        "Pau",
        false,
    ),
    (
        "Conseil Juridique Dubois",
        "SELARL",
        "69.10Z Activités juridiques",
        "14 rue de la République",
        "84000",
        "Avignon",
        false,
    ),
    (
        "Fournitures de Bureau Express",
        "SARL",
        "46.66Z Commerce de gros d'autres machines de bureau",
        "80 boulevard Voltaire",
        "75011",
        "Paris",
        true,
    ),
];

/// SIRET of the `n`-th company's siège: a SIREN from a range distinct from the annuaire's, NIC
/// 00012 (as most head offices), both closed by their Luhn keys.
fn siret(n: usize, nic: &str) -> String {
    let mut siren = format!("9{:07}", 5_000_011 + n * 7_919);
    siren.push(luhn_key(&siren));
    let mut siret = format!("{siren}{nic}");
    siret.push(luhn_key(&siret));
    siret
}

/// Every establishment of the simulated base: one siège per company, plus a secondary
/// establishment of the first one (same SIREN, its own SIRET: one structure per establishment).
pub fn base() -> Vec<Etablissement> {
    let mut out: Vec<Etablissement> = COMPANIES
        .iter()
        .enumerate()
        .map(
            |(n, &(raison_sociale, forme_juridique, activite, rue, cp, ville, ferme))| {
                Etablissement {
                    siret: siret(n, "0001"),
                    raison_sociale: raison_sociale.to_string(),
                    forme_juridique,
                    activite,
                    adresse: Adresse {
                        adresse: rue.to_string(),
                        complement1: None,
                        complement2: None,
                        code_postal: cp.to_string(),
                        ville: ville.to_string(),
                        pays: "FR".to_string(),
                    },
                    etat: if ferme {
                        EtatAdministratif::Ferme
                    } else {
                        EtatAdministratif::Actif
                    },
                    siege: true,
                }
            },
        )
        .collect();
    let mut annexe = out[0].clone();
    annexe.siret = siret(0, "0003");
    annexe.raison_sociale = "Menuiserie Durand et Fils — atelier de Villeurbanne".to_string();
    annexe.adresse.adresse = "140 cours Émile Zola".to_string();
    annexe.adresse.code_postal = "69100".to_string();
    annexe.adresse.ville = "Villeurbanne".to_string();
    annexe.siege = false;
    out.push(annexe);
    out
}

/// The establishment with this (normalised) SIRET, if the base knows it.
pub fn lookup(siret: &str) -> Option<Etablissement> {
    base().into_iter().find(|e| e.siret == siret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_siret_is_valid_and_unique() {
        let mut seen = HashSet::new();
        for e in base() {
            assert_eq!(identifiants::validate_siret(&e.siret), Ok(e.siret.clone()));
            assert!(seen.insert(e.siret.clone()), "{}", e.siret);
            assert_eq!(
                identifiants::validate_vat_number(&e.numero_tva()),
                Ok(e.numero_tva())
            );
            assert_eq!(e.adresse.code_postal.len(), 5);
        }
        assert!(seen.len() >= 20);
    }

    #[test]
    fn lookup_finds_sieges_annexes_and_closed_ones() {
        let all = base();
        let siege = lookup(&all[0].siret).unwrap();
        assert!(siege.siege);
        assert_eq!(siege.raison_sociale, "Menuiserie Durand et Fils");
        let annexe = all.iter().find(|e| !e.siege).unwrap();
        assert_eq!(
            identifiants::siren_of(&annexe.siret),
            identifiants::siren_of(&siege.siret)
        );
        assert_ne!(annexe.siret, siege.siret);
        assert!(all.iter().any(|e| e.etat == EtatAdministratif::Ferme));
        assert_eq!(lookup("73282932000074"), None);
        assert!(siege.rcs().starts_with("RCS Lyon 9"));
    }
}

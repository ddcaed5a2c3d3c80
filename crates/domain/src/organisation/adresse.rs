//! Adresse postale: the siège of a structure and the optional address of a service share one
//! check. Each form names its own fields (`ChampsAdresse`), so an error lands on the input that
//! caused it, whatever the form.

use crate::kernel::error::{Champ, Validator};
use crate::kernel::text;
use crate::organisation::structure::Address;

pub const MAX_ADDRESS_LINE: usize = 100;
pub const MAX_VILLE: usize = 50;

/// Countries offered in the address (ISO 3166-1 alpha-2 → French name).
pub const PAYS: [(&str, &str); 14] = [
    ("FR", "France"),
    ("BE", "Belgique"),
    ("DE", "Allemagne"),
    ("ES", "Espagne"),
    ("IT", "Italie"),
    ("LU", "Luxembourg"),
    ("NL", "Pays-Bas"),
    ("PT", "Portugal"),
    ("CH", "Suisse"),
    ("GB", "Royaume-Uni"),
    ("US", "États-Unis"),
    ("NC", "Nouvelle-Calédonie"),
    ("PF", "Polynésie française"),
    ("MA", "Maroc"),
];

/// An address as typed (every part a text input or a drop-down list).
#[derive(Clone, Debug, PartialEq)]
pub struct SaisieAdresse<'a> {
    pub adresse: &'a str,
    pub complement1: &'a str,
    pub complement2: &'a str,
    pub code_postal: &'a str,
    pub ville: &'a str,
    pub pays: &'a str,
}

/// The fields of one form's address. A form without complements or country (a service's
/// address, in France) says so with `None`: those parts are then neither typed nor checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChampsAdresse {
    pub adresse: Champ,
    pub complements: Option<(Champ, Champ)>,
    pub code_postal: Champ,
    pub ville: Champ,
    pub pays: Option<Champ>,
}

/// Checks an address into `v` (errors on the form's own fields) and returns it normalised: the
/// postcode without spaces, the country upper-cased (« FR » when the form has no country).
pub fn verifier(v: &mut Validator, saisie: &SaisieAdresse, champs: &ChampsAdresse) -> Address {
    let mut field = |champ: Champ, r: Result<Option<String>, String>| match r {
        Ok(x) => x,
        Err(m) => {
            v.push(champ, m);
            None
        }
    };
    let adresse = field(
        champs.adresse,
        text::required(saisie.adresse, "Adresse", MAX_ADDRESS_LINE).map(Some),
    );
    let (complement1, complement2) = match champs.complements {
        Some((c1, c2)) => (
            field(
                c1,
                text::optional(
                    saisie.complement1,
                    "Complément d'adresse 1",
                    MAX_ADDRESS_LINE,
                ),
            ),
            field(
                c2,
                text::optional(
                    saisie.complement2,
                    "Complément d'adresse 2",
                    MAX_ADDRESS_LINE,
                ),
            ),
        ),
        None => (None, None),
    };
    let ville = field(
        champs.ville,
        text::required(saisie.ville, "Ville", MAX_VILLE).map(Some),
    );
    let pays = match champs.pays {
        Some(champ) => {
            let pays = saisie.pays.trim().to_ascii_uppercase();
            if !PAYS.iter().any(|(c, _)| *c == pays) {
                v.push(champ, "Choisissez un pays dans la liste.");
            }
            pays
        }
        None => "FR".to_string(),
    };
    let cp = saisie.code_postal.trim().replace(' ', "");
    if cp.is_empty() {
        v.push(
            champs.code_postal,
            "Le champ « Code postal » est obligatoire.",
        );
    } else if pays == "FR" && (cp.len() != 5 || !cp.chars().all(|c| c.is_ascii_digit())) {
        v.push(
            champs.code_postal,
            format!("Un code postal français comporte 5 chiffres (« {cp} » saisi)."),
        );
    } else if cp.chars().count() > 10 || !cp.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        v.push(
            champs.code_postal,
            "Le code postal comporte au plus 10 lettres, chiffres ou tirets.",
        );
    }
    Address {
        adresse: adresse.unwrap_or_default(),
        complement1,
        complement2,
        code_postal: cp,
        ville: ville.unwrap_or_default(),
        pays,
    }
}

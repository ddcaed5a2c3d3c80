//! Adresse postale: the siège of a structure and the optional address of a service share one
//! check. Each form names its own fields (`ChampsAdresse`), so an error lands on the input that
//! caused it, whatever the form.

use crate::kernel::error::{Champ, Validator};
use crate::kernel::text;
use crate::organisation::structure::Adresse;

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
pub fn verifier(v: &mut Validator, saisie: &SaisieAdresse, champs: &ChampsAdresse) -> Adresse {
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
    Adresse {
        adresse: adresse.unwrap_or_default(),
        complement1,
        complement2,
        code_postal: cp,
        ville: ville.unwrap_or_default(),
        pays,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Champ = Champ::new("a", "Adresse");
    const C1: Champ = Champ::new("c1", "Complément 1");
    const C2: Champ = Champ::new("c2", "Complément 2");
    const CP: Champ = Champ::new("cp", "Code postal");
    const V: Champ = Champ::new("v", "Ville");
    const P: Champ = Champ::new("p", "Pays");

    fn saisie<'a>(cp: &'a str, pays: &'a str) -> SaisieAdresse<'a> {
        SaisieAdresse {
            adresse: "1 rue Neuve",
            complement1: "",
            complement2: "",
            code_postal: cp,
            ville: "Orléans",
            pays,
        }
    }

    #[test]
    fn a_full_address_is_normalised() {
        let champs = ChampsAdresse {
            adresse: A,
            complements: Some((C1, C2)),
            code_postal: CP,
            ville: V,
            pays: Some(P),
        };
        let mut v = Validator::new();
        let a = verifier(&mut v, &saisie("45 000", "fr"), &champs);
        assert!(v.finish().is_ok());
        assert_eq!(a.code_postal, "45000");
        assert_eq!(a.pays, "FR");
        assert_eq!(a.complement1, None);
        // A foreign postcode follows its own (looser) rule; an unknown country is refused.
        let mut v = Validator::new();
        let a = verifier(&mut v, &saisie("10115", "DE"), &champs);
        assert!(v.finish().is_ok());
        assert_eq!(a.pays, "DE");
        let mut v = Validator::new();
        verifier(&mut v, &saisie("45000", "ZZ"), &champs);
        let e = v.finish().unwrap_err();
        assert_eq!(e.for_field(P), Some("Choisissez un pays dans la liste."));
    }

    #[test]
    fn errors_land_on_the_form_s_own_fields() {
        // A form without complements nor country (a service's address): France, no country error.
        let champs = ChampsAdresse {
            adresse: A,
            complements: None,
            code_postal: CP,
            ville: V,
            pays: None,
        };
        let mut v = Validator::new();
        let bad = SaisieAdresse {
            adresse: " ",
            complement1: "ignoré",
            complement2: "ignoré",
            code_postal: "123",
            ville: "",
            pays: "ZZ",
        };
        let a = verifier(&mut v, &bad, &champs);
        assert_eq!(a.pays, "FR");
        assert_eq!(a.complement1, None);
        let e = v.finish().unwrap_err();
        assert_eq!(
            e.for_field(A),
            Some("Le champ « Adresse » est obligatoire.")
        );
        assert_eq!(
            e.for_field(CP),
            Some("Un code postal français comporte 5 chiffres (« 123 » saisi).")
        );
        assert_eq!(e.for_field(V), Some("Le champ « Ville » est obligatoire."));
        assert_eq!(e.field_errors().len(), 3);
    }
}

//! Identifiers of structures (entreprises, administrations, particuliers), typed as on the portal:
//! SIRET, intra-EU VAT number, foreign identifier, RIDET, numéro TAHITI, private person, other.
//!
//! Every check returns the normalised identifier (what gets stored and compared) or a French
//! message saying exactly what is wrong, so the trainee can fix the input without guessing.

use crate::kernel::text;
use serde::{Deserialize, Serialize};

/// Maximum length of the free identifiers (PARTICULIER, AUTRE).
pub const MAX_FREE_IDENTIFIER_LENGTH: usize = 80;
/// Maximum length of an identifier outside the EU (HORS_UE).
pub const MAX_HORS_UE_LENGTH: usize = 18;

/// SIREN of La Poste: its establishments are numbered sequentially, so their SIRET keys do not
/// follow Luhn; INSEE checks them with « sum of the 14 digits is a multiple of 5 » instead.
const LA_POSTE_SIREN: &str = "356000000";

/// VAT prefixes of the 27 EU member states (ISO 3166 codes, except Greece which uses EL).
pub const EU_VAT_PREFIXES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// « Type d'identifiant » of a structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TypeIdentifiant {
    Siret,
    UeHorsFrance,
    HorsUe,
    Ridet,
    Tahiti,
    Particulier,
    Autre,
}

impl TypeIdentifiant {
    /// In the order of the portal's drop-down list.
    pub const ALL: [TypeIdentifiant; 7] = [
        TypeIdentifiant::Siret,
        TypeIdentifiant::UeHorsFrance,
        TypeIdentifiant::HorsUe,
        TypeIdentifiant::Ridet,
        TypeIdentifiant::Tahiti,
        TypeIdentifiant::Particulier,
        TypeIdentifiant::Autre,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TypeIdentifiant::Siret => "SIRET",
            TypeIdentifiant::UeHorsFrance => "Numéro de TVA intracommunautaire (UE hors France)",
            TypeIdentifiant::HorsUe => "Identifiant hors UE",
            TypeIdentifiant::Ridet => "RIDET (Nouvelle-Calédonie)",
            TypeIdentifiant::Tahiti => "Numéro TAHITI (Polynésie française)",
            TypeIdentifiant::Particulier => "Particulier",
            TypeIdentifiant::Autre => "Autre",
        }
    }

    /// Expected format with an example, shown under the input.
    pub fn hint(self) -> &'static str {
        match self {
            TypeIdentifiant::Siret => {
                "14 chiffres : SIREN (9 chiffres) suivi du NIC (5 chiffres), exemple : 950 079 301 00012 (Papeterie du Centre, dans la base INSEE simulée)"
            }
            TypeIdentifiant::UeHorsFrance => {
                "Code du pays de l'Union européenne (2 lettres, EL pour la Grèce) suivi de 2 à 12 lettres ou chiffres, exemple : DE123456789"
            }
            TypeIdentifiant::HorsUe => {
                "1 à 18 caractères : lettres, chiffres et tirets, exemple : 12-3456789"
            }
            TypeIdentifiant::Ridet => {
                "6 ou 7 chiffres pour l'entreprise, suivis éventuellement de 3 chiffres pour l'établissement, exemple : 1 234 567.001"
            }
            TypeIdentifiant::Tahiti => {
                "6 lettres ou chiffres pour l'entreprise, suivis éventuellement de 3 chiffres pour l'établissement, exemple : A12345 001"
            }
            TypeIdentifiant::Particulier => {
                "Référence de la personne (1 à 80 caractères) : ce n'est pas un numéro d'entreprise, exemple : DUPONT-JEAN-1970"
            }
            TypeIdentifiant::Autre => "1 à 80 caractères, exemple : ASSOC-2024-001",
        }
    }

    /// The identifier's name as the subject of a sentence (« … est obligatoire. »).
    fn noun(self) -> &'static str {
        match self {
            TypeIdentifiant::Siret => "Le numéro SIRET",
            TypeIdentifiant::UeHorsFrance => "Le numéro de TVA intracommunautaire",
            TypeIdentifiant::HorsUe => "L'identifiant hors UE",
            TypeIdentifiant::Ridet => "Le numéro RIDET",
            TypeIdentifiant::Tahiti => "Le numéro TAHITI",
            TypeIdentifiant::Particulier | TypeIdentifiant::Autre => "L'identifiant",
        }
    }
}

/// The form in which an identifier is stored and compared: trimmed; business numbers lose their
/// spaces (and RIDET its dots) and are upper-cased; free references only lose outer spaces.
pub fn normalize(kind: TypeIdentifiant, raw: &str) -> String {
    match kind {
        TypeIdentifiant::Siret => without_spaces(raw),
        TypeIdentifiant::UeHorsFrance | TypeIdentifiant::HorsUe | TypeIdentifiant::Tahiti => {
            without_spaces(raw).to_ascii_uppercase()
        }
        TypeIdentifiant::Ridet => raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .collect(),
        TypeIdentifiant::Particulier | TypeIdentifiant::Autre => raw.trim().to_string(),
    }
}

/// Checks an identifier of the given type; returns its normalised form.
pub fn validate(kind: TypeIdentifiant, raw: &str) -> Result<String, String> {
    let v = normalize(kind, raw);
    if v.is_empty() {
        return Err(format!("{} est obligatoire.", kind.noun()));
    }
    match kind {
        TypeIdentifiant::Siret => validate_siret(&v),
        TypeIdentifiant::UeHorsFrance => validate_eu_non_french_vat(&v),
        TypeIdentifiant::HorsUe => validate_hors_ue(&v),
        TypeIdentifiant::Ridet => validate_ridet(&v),
        TypeIdentifiant::Tahiti => validate_tahiti(&v),
        TypeIdentifiant::Particulier | TypeIdentifiant::Autre => {
            text::required(&v, "Identifiant", MAX_FREE_IDENTIFIER_LENGTH)
        }
    }
}

/// `raw` without spaces, checked to be exactly `len` digits (SIRET, SIREN).
fn digits_only(raw: &str, name: &str, len: usize) -> Result<String, String> {
    let v = without_spaces(raw);
    if v.is_empty() {
        return Err(format!("Le numéro {name} est obligatoire."));
    }
    if let Some(c) = v.chars().find(|c| !c.is_ascii_digit()) {
        return Err(format!(
            "Le numéro {name} ne contient que des chiffres : {} n'est pas autorisé.",
            text::describe_char(c)
        ));
    }
    if v.len() != len {
        return Err(format!(
            "Le numéro {name} doit comporter exactement {len} chiffres ({} saisis).",
            v.len()
        ));
    }
    Ok(v)
}

/// SIRET: 14 digits whose Luhn key is valid (La Poste's establishments: digit sum multiple of 5).
pub fn validate_siret(raw: &str) -> Result<String, String> {
    let v = digits_only(raw, "SIRET", 14)?;
    // Luhn-valid La Poste SIRETs (such as its head office, 356 000 000 00048) are accepted too:
    // refusing a real number would be worse than accepting a mistyped one.
    let la_poste_ok = siren_of(&v) == LA_POSTE_SIREN && digit_sum(&v) % 5 == 0;
    if !luhn_valid(&v) && !la_poste_ok {
        return Err(format!(
            "Le numéro SIRET {v} est invalide : sa clé de contrôle ne correspond pas. Vérifiez qu'aucun chiffre n'a été mal saisi ou inversé."
        ));
    }
    Ok(v)
}

/// The SIREN (company number, first 9 digits) of a SIRET. Expects a validated SIRET; a shorter
/// input is returned whole.
pub fn siren_of(siret: &str) -> &str {
    siret.get(..9).unwrap_or(siret)
}

/// SIREN: 9 digits whose Luhn key is valid.
pub fn validate_siren(raw: &str) -> Result<String, String> {
    let v = digits_only(raw, "SIREN", 9)?;
    if !luhn_valid(&v) {
        return Err(format!(
            "Le numéro SIREN {v} est invalide : sa clé de contrôle ne correspond pas. Vérifiez qu'aucun chiffre n'a été mal saisi ou inversé."
        ));
    }
    Ok(v)
}

/// French intra-EU VAT number of a company: `FR` + key + SIREN, key = (12 + 3 × (SIREN mod 97))
/// mod 97 on two digits. Expects a 9-digit SIREN (other characters are ignored in the key).
pub fn french_vat_number(siren: &str) -> String {
    let rest = siren
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0u64, |acc, b| (acc * 10 + u64::from(b - b'0')) % 97);
    let key = (12 + 3 * rest) % 97;
    format!("FR{key:02}{siren}")
}

/// Intra-EU VAT number: an EU country prefix, then for France the key matching the SIREN, for
/// the other states 2 to 12 letters or digits (their national formats are not checked).
pub fn validate_vat_number(raw: &str) -> Result<String, String> {
    let v = without_spaces(raw).to_ascii_uppercase();
    if v.is_empty() {
        return Err("Le numéro de TVA intracommunautaire est obligatoire.".to_string());
    }
    if let Some(c) = v.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(format!(
            "Le numéro de TVA intracommunautaire ne contient que des lettres (sans accent) et des chiffres : {} n'est pas autorisé.",
            text::describe_char(c)
        ));
    }
    let prefix = v.get(..2).unwrap_or(&v);
    if !EU_VAT_PREFIXES.contains(&prefix) {
        let greece = if prefix == "GR" {
            " Pour la Grèce, le préfixe est EL."
        } else {
            ""
        };
        return Err(format!(
            "Un numéro de TVA intracommunautaire doit commencer par le code d'un pays de l'Union européenne ({}) : « {prefix} » n'en est pas un.{greece}",
            EU_VAT_PREFIXES.join(", ")
        ));
    }
    let body = &v[2..];
    if prefix == "FR" {
        return validate_french_vat_body(&v, body);
    }
    if !(2..=12).contains(&body.len()) {
        return Err(format!(
            "Après le code pays {prefix}, un numéro de TVA intracommunautaire comporte de 2 à 12 lettres ou chiffres ({} saisis).",
            body.len()
        ));
    }
    Ok(v)
}

/// `body` is what follows `FR`: 2 key digits and the 9 digits of the SIREN.
fn validate_french_vat_body(v: &str, body: &str) -> Result<String, String> {
    if body.len() != 11 || !body.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "Un numéro de TVA français comporte FR suivi de 11 chiffres : 2 chiffres de clé puis les 9 chiffres du SIREN (exemple : FR44732829320) ; « {v} » ne respecte pas ce format."
        ));
    }
    let (key, siren) = body.split_at(2);
    let expected = french_vat_number(siren);
    if expected != v {
        return Err(format!(
            "La clé « {key} » du numéro de TVA {v} ne correspond pas au SIREN {siren} (clé attendue : {}).",
            &expected[2..4]
        ));
    }
    Ok(v.to_string())
}

/// UE_HORS_FRANCE: a VAT number of another member state; French companies are identified by SIRET.
fn validate_eu_non_french_vat(v: &str) -> Result<String, String> {
    if v.starts_with("FR") {
        return Err(
            "Un numéro de TVA français n'est pas accepté pour le type « UE hors France » : pour une entreprise française, choisissez le type « SIRET »."
                .to_string(),
        );
    }
    validate_vat_number(v)
}

fn validate_hors_ue(v: &str) -> Result<String, String> {
    if let Some(c) = v.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '-') {
        return Err(format!(
            "L'identifiant hors UE ne contient que des lettres (sans accent), des chiffres et des tirets : {} n'est pas autorisé.",
            text::describe_char(c)
        ));
    }
    if v.len() > MAX_HORS_UE_LENGTH {
        return Err(format!(
            "L'identifiant hors UE comporte au plus {MAX_HORS_UE_LENGTH} caractères ({} saisis).",
            v.len()
        ));
    }
    Ok(v.to_string())
}

/// RIDET: 6 or 7 digits (company), optionally 3 more (establishment).
fn validate_ridet(v: &str) -> Result<String, String> {
    if let Some(c) = v.chars().find(|c| !c.is_ascii_digit()) {
        return Err(format!(
            "Le numéro RIDET ne contient que des chiffres (les espaces et les points sont ignorés) : {} n'est pas autorisé.",
            text::describe_char(c)
        ));
    }
    if ![6, 7, 9, 10].contains(&v.len()) {
        return Err(format!(
            "Le numéro RIDET comporte 6 ou 7 chiffres pour l'entreprise, suivis éventuellement de 3 chiffres pour l'établissement, soit 6, 7, 9 ou 10 chiffres ({} saisis).",
            v.len()
        ));
    }
    Ok(v.to_string())
}

/// Numéro TAHITI: 6 letters or digits (company), optionally 3 digits (establishment).
fn validate_tahiti(v: &str) -> Result<String, String> {
    if let Some(c) = v.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(format!(
            "Le numéro TAHITI ne contient que des lettres (sans accent) et des chiffres : {} n'est pas autorisé.",
            text::describe_char(c)
        ));
    }
    if v.len() != 6 && v.len() != 9 {
        return Err(format!(
            "Le numéro TAHITI comporte 6 lettres ou chiffres pour l'entreprise, suivis éventuellement de 3 chiffres pour l'établissement, soit 6 ou 9 caractères ({} saisis).",
            v.len()
        ));
    }
    if !v[6..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "Les 3 derniers caractères du numéro TAHITI (numéro d'établissement) doivent être des chiffres : « {} » ne l'est pas.",
            &v[6..]
        ));
    }
    Ok(v.to_string())
}

fn without_spaces(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace()).collect()
}

fn digit_sum(digits: &str) -> u32 {
    digits.chars().filter_map(|c| c.to_digit(10)).sum()
}

/// The Luhn key digit that makes `body` followed by it valid (used to build fictitious SIRETs).
pub(crate) fn luhn_key(body: &str) -> char {
    ('0'..='9')
        .find(|k| luhn_valid(&format!("{body}{k}")))
        .expect("one of the ten digits always closes a Luhn sum")
}

/// Luhn check (SIREN, SIRET): from the right, every second digit is doubled (minus 9 above 9);
/// the total must be a multiple of 10.
pub(crate) fn luhn_valid(digits: &str) -> bool {
    let total: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap_or(0);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    total % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use TypeIdentifiant::*;

    /// Appends the Luhn key digit that makes `body` valid (computed independently of `luhn_valid`:
    /// tries the 10 digits and keeps the one whose doubled-digit sum is a multiple of 10).
    fn with_luhn_key(body: &str) -> String {
        for key in 0..10u32 {
            let candidate = format!("{body}{key}");
            let sum: u32 = candidate
                .chars()
                .rev()
                .enumerate()
                .map(|(i, c)| {
                    let d = c.to_digit(10).unwrap();
                    if i % 2 == 1 {
                        (d * 2) / 10 + (d * 2) % 10
                    } else {
                        d
                    }
                })
                .sum();
            if sum % 10 == 0 {
                return candidate;
            }
        }
        unreachable!("one of the 10 keys is always valid")
    }

    /// Changes the digit at `index` to the next one (mod 10).
    fn change_digit(s: &str, index: usize) -> String {
        s.char_indices()
            .map(|(i, c)| {
                if i == index {
                    char::from_digit((c.to_digit(10).unwrap() + 1) % 10, 10).unwrap()
                } else {
                    c
                }
            })
            .collect()
    }

    #[test]
    fn serde_names_are_the_portal_codes() {
        let names: Vec<String> = TypeIdentifiant::ALL
            .iter()
            .map(|k| serde_json::to_string(k).unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "\"SIRET\"",
                "\"UE_HORS_FRANCE\"",
                "\"HORS_UE\"",
                "\"RIDET\"",
                "\"TAHITI\"",
                "\"PARTICULIER\"",
                "\"AUTRE\""
            ]
        );
        for kind in TypeIdentifiant::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(
                serde_json::from_str::<TypeIdentifiant>(&json).unwrap(),
                kind
            );
        }
    }

    #[test]
    fn labels_and_hints_are_french_and_distinct() {
        assert_eq!(Siret.label(), "SIRET");
        assert_eq!(
            UeHorsFrance.label(),
            "Numéro de TVA intracommunautaire (UE hors France)"
        );
        assert_eq!(HorsUe.label(), "Identifiant hors UE");
        assert_eq!(Ridet.label(), "RIDET (Nouvelle-Calédonie)");
        assert_eq!(Tahiti.label(), "Numéro TAHITI (Polynésie française)");
        assert_eq!(Particulier.label(), "Particulier");
        assert_eq!(Autre.label(), "Autre");
        for (i, a) in TypeIdentifiant::ALL.iter().enumerate() {
            assert!(a.hint().contains("exemple"), "{a:?}");
            for b in &TypeIdentifiant::ALL[i + 1..] {
                assert_ne!(a.label(), b.label());
                assert_ne!(a.hint(), b.hint());
            }
        }
    }

    #[test]
    fn test_helper_agrees_with_known_sirets() {
        assert_eq!(with_luhn_key("7328293200007"), "73282932000074");
        assert_eq!(with_luhn_key("73282932"), "732829320");
    }

    #[test]
    fn known_and_computed_sirets_are_valid() {
        assert_eq!(validate(Siret, "73282932000074").unwrap(), "73282932000074");
        assert_eq!(
            validate(Siret, " 732 829 320 00074 ").unwrap(),
            "73282932000074"
        );
        for body in [
            "1234567890123",
            "4443332221110",
            "0000000000001",
            "9876543210987",
        ] {
            let siret = with_luhn_key(body);
            assert_eq!(validate(Siret, &siret).unwrap(), siret);
        }
    }

    #[test]
    fn siret_with_one_digit_changed_fails_on_its_key() {
        let valid = "73282932000074";
        for i in 0..14 {
            let wrong = change_digit(valid, i);
            let err = validate(Siret, &wrong).unwrap_err();
            assert!(err.contains("clé de contrôle"), "{wrong}: {err}");
        }
        // Two adjacent digits swapped (a typical typing error).
        assert!(validate(Siret, "73282932000047")
            .unwrap_err()
            .contains("sa clé de contrôle ne correspond pas"));
    }

    #[test]
    fn siret_with_letters_or_wrong_length_is_refused() {
        let err = validate(Siret, "7328293200007A").unwrap_err();
        assert!(err.contains("« A »"), "{err}");
        assert!(err.contains("chiffres"), "{err}");
        let err = validate(Siret, "7328293200007").unwrap_err();
        assert!(err.contains("14 chiffres (13 saisis)"), "{err}");
        assert!(validate(Siret, "732829320000740")
            .unwrap_err()
            .contains("15 saisis"));
        assert!(validate(Siret, "732829320-00074")
            .unwrap_err()
            .contains("« - »"));
        assert_eq!(
            validate(Siret, "   ").unwrap_err(),
            "Le numéro SIRET est obligatoire."
        );
    }

    #[test]
    fn la_poste_sirets_follow_the_sum_of_digits_rule() {
        // Luhn fails, but 3+5+6+0…+0+1 = 15, a multiple of 5.
        assert!(!luhn_valid("35600000000001"));
        assert_eq!(validate(Siret, "35600000000001").unwrap(), "35600000000001");
        // Head office: Luhn-valid (sum 26, not a multiple of 5) and accepted.
        assert!(validate(Siret, "35600000000048").is_ok());
        // Neither rule: refused.
        assert!(validate(Siret, "35600000000002")
            .unwrap_err()
            .contains("sa clé de contrôle ne correspond pas"));
        // The exception belongs to La Poste only.
        assert!(!luhn_valid("35700000000001"));
        assert!(validate(Siret, "35700000000001")
            .unwrap_err()
            .contains("sa clé de contrôle ne correspond pas"));
    }

    #[test]
    fn siren_of_and_validate_siren() {
        assert_eq!(siren_of("73282932000074"), "732829320");
        assert_eq!(siren_of("123"), "123");
        assert_eq!(validate_siren("732 829 320").unwrap(), "732829320");
        assert_eq!(validate_siren("356000000").unwrap(), "356000000");
        assert!(validate_siren("732829321")
            .unwrap_err()
            .contains("clé de contrôle"));
        assert!(validate_siren("73282932").unwrap_err().contains("8 saisis"));
        assert!(validate_siren("73282932O").unwrap_err().contains("« O »"));
        assert!(validate_siren("").unwrap_err().contains("obligatoire"));
        let computed = with_luhn_key("12345678");
        assert_eq!(validate_siren(&computed).unwrap(), computed);
    }

    #[test]
    fn french_vat_key_is_computed_from_the_siren() {
        assert_eq!(french_vat_number("732829320"), "FR44732829320");
        // Key below 10 is padded: SIREN mod 97 = 0 gives key 12; find one giving a single digit.
        let siren = (100_000_000u64..)
            .find(|n| (12 + 3 * (n % 97)) % 97 < 10)
            .unwrap()
            .to_string();
        let vat = french_vat_number(&siren);
        assert_eq!(vat.len(), 13);
        assert_eq!(&vat[2..3], "0");
        assert_eq!(validate_vat_number(&vat).unwrap(), vat);
    }

    #[test]
    fn french_vat_number_checks_its_key() {
        assert_eq!(
            validate_vat_number("fr 44 732829320").unwrap(),
            "FR44732829320"
        );
        let err = validate_vat_number("FR45732829320").unwrap_err();
        assert!(err.contains("« 45 »"), "{err}");
        assert!(err.contains("clé attendue : 44"), "{err}");
        let err = validate_vat_number("FR4473282932").unwrap_err();
        assert!(err.contains("11 chiffres"), "{err}");
        assert!(validate_vat_number("FRAB732829320")
            .unwrap_err()
            .contains("« FRAB732829320 » ne respecte pas ce format"));
    }

    #[test]
    fn other_eu_vat_numbers_check_prefix_and_length() {
        assert_eq!(validate_vat_number("DE123456789").unwrap(), "DE123456789");
        assert_eq!(validate_vat_number("el 094259216").unwrap(), "EL094259216");
        assert_eq!(validate_vat_number("ESX1234567X").unwrap(), "ESX1234567X");
        assert!(validate_vat_number("BE12").is_ok());
        assert!(validate_vat_number("NL123456789B01").is_ok());
        assert!(validate_vat_number("DE1")
            .unwrap_err()
            .contains("de 2 à 12"));
        assert!(validate_vat_number("DE1234567890123")
            .unwrap_err()
            .contains("13 saisis"));
        let err = validate_vat_number("XX123").unwrap_err();
        assert!(err.contains("pays de l'Union européenne"), "{err}");
        assert!(err.contains("« XX »"), "{err}");
        assert!(validate_vat_number("GR094259216")
            .unwrap_err()
            .contains("Pour la Grèce, le préfixe est EL."));
        assert!(validate_vat_number("GB123456789")
            .unwrap_err()
            .contains("« GB » n'en est pas un"));
        assert!(validate_vat_number("D")
            .unwrap_err()
            .contains("« D » n'en est pas un"));
        assert!(validate_vat_number("DE12.345")
            .unwrap_err()
            .contains("« . »"));
        assert!(validate_vat_number(" ")
            .unwrap_err()
            .contains("obligatoire"));
    }

    #[test]
    fn ue_hors_france_refuses_french_numbers() {
        assert_eq!(
            validate(UeHorsFrance, "de 123 456 789").unwrap(),
            "DE123456789"
        );
        let err = validate(UeHorsFrance, "FR44732829320").unwrap_err();
        assert!(err.contains("SIRET"), "{err}");
        assert!(validate(UeHorsFrance, "XX123")
            .unwrap_err()
            .contains("« XX » n'en est pas un"));
        assert!(validate(UeHorsFrance, "US123456789")
            .unwrap_err()
            .contains("« US » n'en est pas un"));
        assert!(validate(UeHorsFrance, "")
            .unwrap_err()
            .contains("obligatoire"));
    }

    #[test]
    fn hors_ue_identifiers() {
        assert_eq!(validate(HorsUe, "12-3456789").unwrap(), "12-3456789");
        assert_eq!(validate(HorsUe, "che 123").unwrap(), "CHE123");
        assert!(validate(HorsUe, "A").is_ok());
        assert!(validate(HorsUe, &"9".repeat(18)).is_ok());
        assert!(validate(HorsUe, &"9".repeat(19))
            .unwrap_err()
            .contains("19 saisis"));
        assert!(validate(HorsUe, "123/456").unwrap_err().contains("« / »"));
        assert!(validate(HorsUe, "ÉTAT1").unwrap_err().contains("« É »"));
        assert!(validate(HorsUe, "  ").unwrap_err().contains("obligatoire"));
    }

    #[test]
    fn ridet_numbers() {
        assert_eq!(validate(Ridet, "123456").unwrap(), "123456");
        assert_eq!(validate(Ridet, "1 234 567").unwrap(), "1234567");
        assert_eq!(validate(Ridet, "123456.001").unwrap(), "123456001");
        assert_eq!(validate(Ridet, "1 234 567.001").unwrap(), "1234567001");
        for wrong in ["12345", "12345678", "12345678901"] {
            let err = validate(Ridet, wrong).unwrap_err();
            assert!(err.contains(&format!("({} saisis)", wrong.len())), "{err}");
        }
        assert!(validate(Ridet, "12345A").unwrap_err().contains("« A »"));
        assert!(validate(Ridet, "123-456").unwrap_err().contains("« - »"));
        assert!(validate(Ridet, " . ").unwrap_err().contains("obligatoire"));
    }

    #[test]
    fn tahiti_numbers() {
        assert_eq!(validate(Tahiti, "a12345").unwrap(), "A12345");
        assert_eq!(validate(Tahiti, "123456").unwrap(), "123456");
        assert_eq!(validate(Tahiti, "A12345 001").unwrap(), "A12345001");
        assert_eq!(validate(Tahiti, "ab1c2d").unwrap(), "AB1C2D");
        assert!(validate(Tahiti, "A1234").unwrap_err().contains("5 saisis"));
        assert!(validate(Tahiti, "A123450")
            .unwrap_err()
            .contains("7 saisis"));
        assert!(validate(Tahiti, "A12345 0A1")
            .unwrap_err()
            .contains("établissement"));
        assert!(validate(Tahiti, "A1234.").unwrap_err().contains("« . »"));
    }

    #[test]
    fn particulier_and_autre_are_free_references() {
        for kind in [Particulier, Autre] {
            assert_eq!(validate(kind, "  Jean Dupont ").unwrap(), "Jean Dupont");
            assert!(validate(kind, "x").is_ok());
            assert!(validate(kind, &"é".repeat(80)).is_ok());
            assert!(validate(kind, &"é".repeat(81))
                .unwrap_err()
                .contains("80 caractères"));
            assert!(validate(kind, "a\u{7}b")
                .unwrap_err()
                .contains("caractère de contrôle"));
            assert!(validate(kind, " \t ").unwrap_err().contains("obligatoire"));
        }
    }

    #[test]
    fn normalize_per_type() {
        assert_eq!(normalize(Siret, " 732 829 320 00074 "), "73282932000074");
        assert_eq!(normalize(UeHorsFrance, "de 123 456 789"), "DE123456789");
        assert_eq!(normalize(HorsUe, " ab-12 "), "AB-12");
        assert_eq!(normalize(Ridet, "1 234 567.001"), "1234567001");
        assert_eq!(normalize(Tahiti, "a12345 001"), "A12345001");
        assert_eq!(normalize(Particulier, "  Jean  Dupont "), "Jean  Dupont");
        assert_eq!(normalize(Autre, " ref a1 "), "ref a1");
    }

    #[test]
    fn every_type_refuses_empty_input_with_its_own_name() {
        for kind in TypeIdentifiant::ALL {
            let err = validate(kind, "").unwrap_err();
            assert!(err.ends_with("est obligatoire."), "{kind:?}: {err}");
        }
    }
}

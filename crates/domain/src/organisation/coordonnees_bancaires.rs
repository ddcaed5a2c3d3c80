//! Coordonnées bancaires of a structure (facts §2.5): the IBAN and BIC checks, and the commands
//! that add, edit, activate and deactivate the structure's accounts. The IBAN rules (mod-97 key,
//! format of each country) come from the `iban_validate` crate, which follows the SWIFT IBAN
//! registry.

use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::{CompteBancaireId, CompteId, StructureId};
use crate::kernel::text;
use crate::organisation::droits::Action;
use crate::organisation::fiche_structure::put_structure;
use crate::organisation::rattachement::authorize;
use crate::organisation::structure::{CompteBancaire, Structure};
use crate::sandbox::{Outcome, Sandbox};
use iban::{BaseIban, Iban, IbanLike, ParseIbanError};

pub const MAX_LIBELLE: usize = 100;

/// The fields of the bank account form, as the checks and the form name them.
pub mod champs {
    use crate::kernel::error::Champ;

    pub const LIBELLE_COMPTE: Champ = Champ::new("libelle_compte", "Libellé du compte");
    pub const IBAN: Champ = Champ::new("iban", "IBAN");
    pub const BIC: Champ = Champ::new("bic", "BIC");
    pub const AFFACTUREUR: Champ = Champ::new("affactureur", "Compte d'un affactureur (factor)");
}

/// Longest IBAN of the registry (ISO 13616).
pub const MAX_IBAN_LENGTH: usize = 34;

/// An IBAN or a BIC as typed: spaces dropped, upper case, required, letters and digits only.
fn compact(champ: &str, sujet: &str, raw: &str) -> Result<String, String> {
    let v: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if v.is_empty() {
        return Err(format!("Le champ « {champ} » est obligatoire."));
    }
    if let Some(c) = v.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(format!(
            "{sujet} ne contient que des lettres (sans accent) et des chiffres : {} n'est pas autorisé.",
            text::describe_char(c)
        ));
    }
    Ok(v)
}

/// Checks an IBAN typed with or without spaces, in any case; returns its electronic format
/// (no spaces, upper case), the form stored and sent in flows.
pub fn validate_iban(raw: &str) -> Result<String, String> {
    let v = compact("IBAN", "L'IBAN", raw)?;
    if v.len() < 5 {
        return Err(format!(
            "L'IBAN est trop court ({} caractères saisis) : il comporte le code du pays, 2 chiffres de clé puis le numéro de compte (exemple : FR76 3000 6000 0112 3456 7890 189).",
            v.len()
        ));
    }
    if v.len() > MAX_IBAN_LENGTH {
        return Err(format!(
            "Un IBAN comporte au plus {MAX_IBAN_LENGTH} caractères ({} saisis).",
            v.len()
        ));
    }
    let (country, key) = (&v[..2], &v[2..4]);
    if !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "Un IBAN commence par le code du pays sur 2 lettres (exemple : FR pour la France) : « {country} » n'en est pas un."
        ));
    }
    if !key.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "Les 3e et 4e caractères d'un IBAN forment sa clé de contrôle et sont des chiffres : « {key} » ne convient pas."
        ));
    }
    check_country_format(&v)?;
    match v.parse::<Iban>() {
        Ok(iban) => Ok(iban.electronic_str().to_string()),
        Err(_) => Err(
            "La clé de contrôle de l'IBAN est incorrecte : vérifiez qu'aucun caractère n'a été oublié, mal saisi ou inversé."
                .to_string(),
        ),
    }
}

/// Checks the country and its format before the key. The crate checks the key first, so a
/// missing digit would otherwise be reported as a wrong key; to judge the format alone we give
/// the crate the same IBAN with the one key (02 to 98) that its mod-97 check accepts.
fn check_country_format(v: &str) -> Result<(), String> {
    let (country, bban) = (&v[..2], &v[4..]);
    let base = (2..=98).find_map(|key| format!("{country}{key:02}{bban}").parse::<BaseIban>().ok());
    let Some(base) = base else {
        // Not reachable for well-formed input: let the real parse report the problem.
        return Ok(());
    };
    match Iban::try_from(base) {
        Ok(_) | Err(ParseIbanError::InvalidBaseIban { .. }) => Ok(()),
        Err(ParseIbanError::UnknownCountry(_)) => Err(format!(
            "Le code pays « {country} » ne correspond à aucun pays utilisant l'IBAN : vérifiez les 2 premières lettres."
        )),
        // The crate does not publish the expected length of each country.
        Err(ParseIbanError::InvalidBban(_)) => Err(format!(
            "Cet IBAN ne respecte pas le format des IBAN du pays « {country} » : sa longueur ({} caractères saisis) est incorrecte pour ce pays, ou des lettres figurent là où des chiffres sont attendus.",
            v.len()
        )),
    }
}

/// Paper format of an IBAN for display: groups of 4 characters separated by spaces.
pub fn format_iban(electronic: &str) -> String {
    let chars: Vec<char> = electronic
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks a BIC (code SWIFT): 4 letters (bank), 2 letters (country), 2 letters or digits
/// (location), optionally 3 letters or digits (branch). Returns it upper-cased, without spaces.
pub fn validate_bic(raw: &str) -> Result<String, String> {
    let v = compact("BIC", "Le BIC", raw)?;
    if v.len() != 8 && v.len() != 11 {
        return Err(format!(
            "Un BIC comporte 8 ou 11 caractères ({} saisis), exemple : BNPAFRPP ou BNPAFRPPXXX.",
            v.len()
        ));
    }
    let bank = &v[..4];
    if !bank.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!(
            "Les 4 premiers caractères du BIC (code de la banque) sont des lettres : « {bank} » ne convient pas."
        ));
    }
    let country = &v[4..6];
    if !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!(
            "Les 5e et 6e caractères du BIC (code du pays, exemple : FR) sont des lettres : « {country} » ne convient pas."
        ));
    }
    Ok(v)
}

/// A bank account as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormulaireCoordonneesBancaires {
    pub libelle: String,
    pub iban: String,
    pub bic: String,
    pub affactureur: bool,
}

impl FormulaireCoordonneesBancaires {
    /// The form filled from an account (to edit it), the IBAN in its paper format.
    pub fn of(b: &CompteBancaire) -> FormulaireCoordonneesBancaires {
        FormulaireCoordonneesBancaires {
            libelle: b.libelle.clone(),
            iban: format_iban(&b.iban),
            bic: b.bic.clone(),
            affactureur: b.affactureur,
        }
    }
}

fn check_bank(
    f: &FormulaireCoordonneesBancaires,
    s: &Structure,
    editing: Option<&CompteBancaireId>,
) -> Result<(String, String, String), DomainError> {
    let mut v = Validator::new();
    let libelle = text::required(&f.libelle, champs::LIBELLE_COMPTE.libelle, MAX_LIBELLE);
    v.check(
        champs::LIBELLE_COMPTE,
        libelle.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    let iban = validate_iban(&f.iban);
    match &iban {
        Ok(iban) => {
            if s.bank_accounts
                .iter()
                .any(|b| &b.iban == iban && Some(&b.id) != editing)
            {
                v.push(
                    champs::IBAN,
                    "Ce compte (même IBAN) est déjà enregistré sur la structure.",
                );
            }
        }
        Err(m) => v.push(champs::IBAN, m.clone()),
    }
    let bic = validate_bic(&f.bic);
    v.check(champs::BIC, bic.as_ref().map(|_| ()).map_err(Clone::clone));
    v.finish()?;
    Ok((
        libelle.unwrap_or_default(),
        iban.unwrap_or_default(),
        bic.unwrap_or_default(),
    ))
}

/// « Ajouter un compte bancaire » to the structure.
pub fn ajouter_coordonnees_bancaires(
    sb: &Sandbox,
    actor: &CompteId,
    id: &StructureId,
    f: &FormulaireCoordonneesBancaires,
) -> Result<Outcome<CompteBancaireId>, DomainError> {
    let s = authorize(sb, actor, id, Action::GererCoordonneesBancaires)?;
    let (libelle, iban, bic) = check_bank(f, s, None)?;
    let account = CompteBancaire {
        id: CompteBancaireId::generate(),
        libelle,
        iban,
        bic,
        affactureur: f.affactureur,
        actif: true,
    };
    let bank_id = account.id.clone();
    let mut updated = (**s).clone();
    updated.bank_accounts.push(account);
    Ok(put_structure(s, updated).with_value(bank_id))
}

/// Applies `edit` to one bank account of the structure, after the permission check.
fn edit_bank_account(
    sb: &Sandbox,
    actor: &CompteId,
    id: &StructureId,
    bank_id: &CompteBancaireId,
    edit: impl FnOnce(&Structure, &mut CompteBancaire) -> Result<(), DomainError>,
) -> Result<Outcome, DomainError> {
    let s = authorize(sb, actor, id, Action::GererCoordonneesBancaires)?;
    let mut updated = (**s).clone();
    let b = updated
        .bank_accounts
        .iter_mut()
        .find(|b| &b.id == bank_id)
        .ok_or_else(|| DomainError::NotFound("Ce compte bancaire n'existe plus.".to_string()))?;
    edit(s, b)?;
    Ok(put_structure(s, updated))
}

/// « Modifier » one of the structure's bank accounts.
pub fn modifier_coordonnees_bancaires(
    sb: &Sandbox,
    actor: &CompteId,
    id: &StructureId,
    bank_id: &CompteBancaireId,
    f: &FormulaireCoordonneesBancaires,
) -> Result<Outcome, DomainError> {
    edit_bank_account(sb, actor, id, bank_id, |s, b| {
        let (libelle, iban, bic) = check_bank(f, s, Some(bank_id))?;
        b.libelle = libelle;
        b.iban = iban;
        b.bic = bic;
        b.affactureur = f.affactureur;
        Ok(())
    })
}

/// Activates or deactivates a bank account (an inactive one cannot be chosen on an invoice).
pub fn changer_statut_coordonnees_bancaires(
    sb: &Sandbox,
    actor: &CompteId,
    id: &StructureId,
    bank_id: &CompteBancaireId,
    actif: bool,
) -> Result<Outcome, DomainError> {
    edit_bank_account(sb, actor, id, bank_id, |_, b| {
        b.actif = actif;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FR: &str = "FR7630006000011234567890189";
    const DE: &str = "DE89370400440532013000";

    #[test]
    fn valid_ibans_are_returned_in_electronic_format() {
        assert_eq!(validate_iban(FR).unwrap(), FR);
        assert_eq!(validate_iban(DE).unwrap(), DE);
        assert_eq!(
            validate_iban("fr76 3000 6000 0112 3456 7890 189").unwrap(),
            FR
        );
        assert_eq!(
            validate_iban("  DE89 3704 0044 0532 0130 00\t").unwrap(),
            DE
        );
        // Irregular spacing and a non-breaking space (copied from a PDF) are accepted too.
        assert_eq!(
            validate_iban("FR7630006\u{a0}000011234567890 189").unwrap(),
            FR
        );
        assert_eq!(
            validate_iban("gb29nwbk60161331926819").unwrap(),
            "GB29NWBK60161331926819"
        );
    }

    #[test]
    fn wrong_key_is_reported_as_such() {
        for wrong in [
            "FR7730006000011234567890189",
            "FR7630006000011234567890198",
            "DE89370400440532013001",
        ] {
            let err = validate_iban(wrong).unwrap_err();
            assert!(err.contains("clé de contrôle"), "{wrong}: {err}");
        }
    }

    #[test]
    fn wrong_length_for_the_country_is_not_reported_as_a_wrong_key() {
        for wrong in [&FR[..26], &DE[..21], "DE893704004405320130001"] {
            let err = validate_iban(wrong).unwrap_err();
            assert!(err.contains("longueur"), "{wrong}: {err}");
            assert!(err.contains(&format!("({} caractères saisis)", wrong.len())));
            assert!(!err.contains("clé de contrôle"), "{wrong}: {err}");
        }
        let err = validate_iban(&FR[..26]).unwrap_err();
        assert!(err.contains("« FR »"), "{err}");
        // A letter where Germany expects digits.
        assert!(validate_iban("DE89370400440532013A00")
            .unwrap_err()
            .contains("format des IBAN du pays « DE »"));
    }

    #[test]
    fn unknown_country_is_named() {
        let err = validate_iban("XX7630006000011234567890189").unwrap_err();
        assert!(err.contains("« XX »"), "{err}");
        assert!(err.contains("aucun pays"), "{err}");
        assert!(validate_iban("US12345678901234")
            .unwrap_err()
            .contains("« US »"));
    }

    #[test]
    fn empty_and_malformed_ibans() {
        assert_eq!(
            validate_iban("   ").unwrap_err(),
            "Le champ « IBAN » est obligatoire."
        );
        assert!(validate_iban("FR76-3000-6000")
            .unwrap_err()
            .contains("« - »"));
        assert!(validate_iban("FR76 3000 6000 0112 3456 7890 18é")
            .unwrap_err()
            .contains("« é »"));
        assert!(validate_iban("FR76é").unwrap_err().contains("sans accent"));
        assert!(validate_iban("FR7").unwrap_err().contains("trop court"));
        assert!(validate_iban("7630006000011234567890189")
            .unwrap_err()
            .contains("code du pays sur 2 lettres"));
        assert!(validate_iban("FRAB30006000011234567890189")
            .unwrap_err()
            .contains("« AB »"));
        assert!(validate_iban(&format!("FR76{}", "1".repeat(31)))
            .unwrap_err()
            .contains("au plus 34 caractères (35 saisis)"));
    }

    #[test]
    fn format_iban_groups_by_four() {
        assert_eq!(format_iban(FR), "FR76 3000 6000 0112 3456 7890 189");
        assert_eq!(format_iban(DE), "DE89 3704 0044 0532 0130 00");
        assert_eq!(format_iban("fr76 30006"), "FR76 3000 6");
        assert_eq!(format_iban(""), "");
        assert_eq!(
            format_iban(&validate_iban(&format_iban(FR)).unwrap()),
            format_iban(FR)
        );
    }

    #[test]
    fn valid_bics() {
        assert_eq!(validate_bic("BNPAFRPP").unwrap(), "BNPAFRPP");
        assert_eq!(validate_bic("BNPAFRPPXXX").unwrap(), "BNPAFRPPXXX");
        assert_eq!(validate_bic(" bnpa frpp ").unwrap(), "BNPAFRPP");
        assert_eq!(validate_bic("DEUTDEFF500").unwrap(), "DEUTDEFF500");
        assert_eq!(validate_bic("CEPAFRPP751").unwrap(), "CEPAFRPP751");
    }

    #[test]
    fn invalid_bics() {
        assert_eq!(
            validate_bic("").unwrap_err(),
            "Le champ « BIC » est obligatoire."
        );
        for wrong in ["BNPAFRP", "BNPAFRPPX", "BNPAFRPPXX", "BNPAFRPPXXXX"] {
            let err = validate_bic(wrong).unwrap_err();
            assert!(
                err.contains(&format!("8 ou 11 caractères ({} saisis)", wrong.len())),
                "{wrong}: {err}"
            );
        }
        assert!(validate_bic("BNP1FRPP")
            .unwrap_err()
            .contains("code de la banque"));
        assert!(validate_bic("BNPAF1PP")
            .unwrap_err()
            .contains("code du pays"));
        assert!(validate_bic("BNPA-FRPP").unwrap_err().contains("« - »"));
        assert!(validate_bic("BNPAFRPÉ").unwrap_err().contains("« É »"));
    }
}

//! Password policy and hashing. Passwords are only ever stored as Argon2id PHC strings with a random
//! salt (RustCrypto `argon2`); the clear password never leaves the command that receives it.

use crate::kernel::error::{Champ, Validator};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier};
use argon2::{password_hash::SaltString, Algorithm, Argon2, Params, Version};

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

/// The rule as shown before the user types.
pub const RULE_TEXT: &str = "Au moins 12 caractères, dont une majuscule, une minuscule, un chiffre et un caractère spécial.";

/// Checks the complexity rule; the message lists everything that is missing.
pub fn check_policy(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n > MAX_LENGTH {
        return Err(format!(
            "Le mot de passe ne doit pas dépasser {MAX_LENGTH} caractères."
        ));
    }
    let mut missing = Vec::new();
    if n < MIN_LENGTH {
        missing.push(format!(
            "au moins {MIN_LENGTH} caractères (actuellement {n})"
        ));
    }
    if !password.chars().any(|c| c.is_uppercase()) {
        missing.push("une majuscule".to_string());
    }
    if !password.chars().any(|c| c.is_lowercase()) {
        missing.push("une minuscule".to_string());
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        missing.push("un chiffre".to_string());
    }
    if !password
        .chars()
        .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        missing.push("un caractère spécial".to_string());
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Mot de passe trop faible : il manque {}.",
            missing.join(", ")
        ))
    }
}

/// A new password and its confirmation, as the account forms check them: required, the policy,
/// then the confirmation (only once the password itself is acceptable). `champs` are the form's
/// password and confirmation fields.
pub fn check_new(v: &mut Validator, champs: (Champ, Champ), password: &str, confirmation: &str) {
    let (champ_password, champ_confirmation) = champs;
    if password.is_empty() {
        v.push(champ_password, "Le champ « Mot de passe » est obligatoire.");
        return;
    }
    v.check(champ_password, check_policy(password));
    if !v.has(champ_password) && password != confirmation {
        v.push(
            champ_confirmation,
            "La confirmation ne correspond pas au mot de passe saisi.",
        );
    }
}

/// Argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane: OWASP's recommendation).
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 accepts any password length under its limit")
        .to_string()
}

/// Verifies against a stored PHC string. A hash this module would not have written (malformed, or
/// carrying other cost parameters) never verifies and is never run: its cost is the file's choice.
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) if has_app_parameters(&parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        _ => false,
    }
}

/// The parameters `hash` writes, as a PHC string shows them.
pub const PARAMETRES_ATTENDUS: &str = "argon2id, version 19, m=19456, t=2, p=1";

/// Exactly what [`hash`] writes: Argon2id, version 0x13, the default costs (m, t, p), a 32-byte
/// output and a salt of 8 to 48 bytes (16 here), no secret key id nor associated data.
fn has_app_parameters(h: &PasswordHash) -> bool {
    let salt_ok = h.salt.is_some_and(|s| (11..=64).contains(&s.len()));
    h.algorithm == Algorithm::Argon2id.ident()
        && h.version == Some(Version::V0x13.into())
        && salt_ok
        && h.hash.is_some()
        && Params::try_from(h).is_ok_and(|p| {
            p.m_cost() == Params::DEFAULT_M_COST
                && p.t_cost() == Params::DEFAULT_T_COST
                && p.p_cost() == Params::DEFAULT_P_COST
                && p.output_len() == Some(Params::DEFAULT_OUTPUT_LEN)
                && p.keyid().is_empty()
                && p.data().is_empty()
        })
}

/// Checks a stored hash (import, load): a PHC string of the parameters this module writes.
pub fn check_hash(s: &str) -> Result<(), String> {
    match PasswordHash::new(s) {
        Err(_) => Err(
            "l'empreinte du mot de passe n'est pas une empreinte Argon2 (un mot de passe en clair n'est jamais accepté)."
                .to_string(),
        ),
        Ok(h) if has_app_parameters(&h) => Ok(()),
        Ok(_) => Err(format!(
            "l'empreinte du mot de passe utilise des paramètres que le bac à sable n'écrit pas (attendus : {PARAMETRES_ATTENDUS})."
        )),
    }
}

/// Whether a string is a hash this module produced.
pub fn is_phc_hash(s: &str) -> bool {
    check_hash(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_accepts_a_strong_password() {
        assert!(check_policy("Formation#2026").is_ok());
        assert!(check_policy("Éléphant-rose-42").is_ok());
    }

    #[test]
    fn policy_lists_what_is_missing() {
        let e = check_policy("court").unwrap_err();
        assert!(e.contains("au moins 12 caractères (actuellement 5)"), "{e}");
        assert!(e.contains("une majuscule"));
        assert!(e.contains("un chiffre"));
        assert!(e.contains("un caractère spécial"));
        assert!(!e.contains("une minuscule"));
        assert!(check_policy("toutenminuscule1!")
            .unwrap_err()
            .contains("une majuscule"));
        assert!(check_policy("TOUTENMAJUSCULE1!")
            .unwrap_err()
            .contains("une minuscule"));
        assert!(check_policy("PasDeChiffre!!!")
            .unwrap_err()
            .contains("un chiffre"));
        assert!(check_policy("PasDeSpecial123")
            .unwrap_err()
            .contains("un caractère spécial"));
        assert_eq!(
            check_policy(&format!("Aa1!{}", "x".repeat(200))).unwrap_err(),
            "Le mot de passe ne doit pas dépasser 128 caractères."
        );
    }

    #[test]
    fn a_new_password_is_checked_on_the_form_s_own_fields() {
        const P: Champ = Champ::new("password", "Mot de passe");
        const C: Champ = Champ::new("confirmation", "Confirmation");
        let check = |password: &str, confirmation: &str| {
            let mut v = Validator::new();
            check_new(&mut v, (P, C), password, confirmation);
            v.finish()
        };
        assert!(check("Formation#2026", "Formation#2026").is_ok());
        let empty = check("", "").unwrap_err();
        assert_eq!(
            empty.for_field(P),
            Some("Le champ « Mot de passe » est obligatoire.")
        );
        assert_eq!(empty.for_field(C), None);
        let weak = check("faible", "autre").unwrap_err();
        assert!(weak
            .for_field(P)
            .unwrap()
            .starts_with("Mot de passe trop faible"));
        assert_eq!(weak.for_field(C), None, "no mismatch on a weak password");
        let mismatch = check("Formation#2026", "Formation#2027").unwrap_err();
        assert_eq!(mismatch.for_field(P), None);
        assert_eq!(
            mismatch.for_field(C),
            Some("La confirmation ne correspond pas au mot de passe saisi.")
        );
    }

    #[test]
    fn hash_is_salted_and_verifies() {
        let a = hash("Formation#2026");
        let b = hash("Formation#2026");
        assert_ne!(a, b, "a random salt makes each hash different");
        assert!(a.starts_with("$argon2id$"));
        assert!(!a.contains("Formation#2026"));
        assert!(verify("Formation#2026", &a));
        assert!(verify("Formation#2026", &b));
        assert!(!verify("formation#2026", &a));
        assert!(!verify("Formation#2026", "not a hash"));
        assert!(is_phc_hash(&a));
        assert!(!is_phc_hash("$plain$abc"));
    }

    #[test]
    fn only_the_app_s_own_parameters_are_accepted_and_run() {
        let good = hash("Formation#2026");
        let tail = good.rsplit_once("p=1$").unwrap().1;
        for params in [
            "m=4194304,t=100,p=1",
            "m=1048576,t=100,p=1",
            "m=8,t=4294967295,p=1",
            "m=19456,t=3,p=1",
            "m=19456,t=2,p=4",
            "m=19455,t=2,p=1",
        ] {
            let other = format!("$argon2id$v=19${params}${tail}");
            assert_eq!(
                check_hash(&other).unwrap_err(),
                format!("l'empreinte du mot de passe utilise des paramètres que le bac à sable n'écrit pas (attendus : {PARAMETRES_ATTENDUS})."),
                "{params}"
            );
            assert!(!verify("Formation#2026", &other), "{params} never runs");
        }
        let argon2i = good.replacen("$argon2id$", "$argon2i$", 1);
        assert!(check_hash(&argon2i).is_err());
        let v16 = good.replacen("v=19", "v=16", 1);
        assert!(check_hash(&v16).is_err());
        assert_eq!(
            check_hash("Formation#2026").unwrap_err(),
            "l'empreinte du mot de passe n'est pas une empreinte Argon2 (un mot de passe en clair n'est jamais accepté)."
        );
        assert_eq!(check_hash(&good), Ok(()));
    }
}

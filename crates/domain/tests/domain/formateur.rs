//! Trainer mode: the code chosen once (with its confirmation), kept only as an Argon2id hash,
//! entered per tab; the tools are authorised only in the mode.

use domain::compte::mot_de_passe;
use domain::simulation::base;
use domain::simulation::formateur::{self, champs, Etat};
use domain::DomainError;

#[test]
fn the_first_visitor_chooses_the_code_with_a_confirmation() {
    let mut sb = base::sandbox();
    assert_eq!(formateur::etat(&sb, None), Etat::SansCode);
    assert_eq!(
        formateur::autorise(&sb, None),
        Err(DomainError::Forbidden(
            "Réservé au formateur : choisissez d'abord un code formateur dans l'Espace formateur."
                .into()
        ))
    );
    let e = formateur::choisir_code(&sb, None, "abc", "abc").unwrap_err();
    assert_eq!(
        e.for_field(champs::CODE),
        Some("Le code formateur doit compter au moins 6 caractères (actuellement 3).")
    );
    let e = formateur::choisir_code(&sb, None, "   ", "").unwrap_err();
    assert_eq!(
        e.for_field(champs::CODE),
        Some("Saisissez le code formateur.")
    );
    let long = "x".repeat(65);
    let e = formateur::choisir_code(&sb, None, &long, &long).unwrap_err();
    assert_eq!(
        e.for_field(champs::CODE),
        Some("Le code formateur ne doit pas dépasser 64 caractères (actuellement 65).")
    );
    let e = formateur::choisir_code(&sb, None, "abc\u{7}def", "abc\u{7}def").unwrap_err();
    assert_eq!(
        e.for_field(champs::CODE),
        Some("Le code formateur contient un caractère de contrôle non autorisé.")
    );
    let e = formateur::choisir_code(&sb, None, "Atelier-2026", "Atelier-2025").unwrap_err();
    assert_eq!(
        e.for_field(champs::CONFIRMATION),
        Some("La confirmation ne correspond pas au code saisi.")
    );
    let out = formateur::choisir_code(&sb, None, "Atelier-2026", "Atelier-2026").unwrap();
    sb.apply(&out.changes);
    let stored = sb.formateur.clone().unwrap();
    assert!(
        mot_de_passe::is_phc_hash(&stored.code_hash),
        "only a hash is kept"
    );
    assert!(!stored.code_hash.contains("Atelier"));
    assert_eq!(
        out.value, stored.code_hash,
        "the choosing tab is in trainer mode"
    );
    assert_eq!(formateur::etat(&sb, Some(&out.value)), Etat::Ouvert);
    assert_eq!(formateur::autorise(&sb, Some(&out.value)), Ok(()));
}

#[test]
fn another_tab_needs_the_code_and_only_the_trainer_changes_it() {
    let mut sb = base::sandbox();
    let out = formateur::choisir_code(&sb, None, "Atelier-2026", "Atelier-2026").unwrap();
    sb.apply(&out.changes);
    let trainer = out.value;
    assert_eq!(formateur::etat(&sb, None), Etat::Verrouille);
    assert_eq!(
        formateur::etat(&sb, Some("n'importe quoi")),
        Etat::Verrouille
    );
    assert!(
        matches!(formateur::autorise(&sb, None), Err(DomainError::Forbidden(m)) if m.contains("entrez le code formateur"))
    );
    // A trainee cannot overwrite the code.
    assert!(matches!(
        formateur::choisir_code(&sb, None, "Pirate-2026", "Pirate-2026"),
        Err(DomainError::Forbidden(_))
    ));
    let e = formateur::entrer(&sb, "atelier-2026").unwrap_err();
    assert_eq!(
        e.for_field(champs::CODE),
        Some("Code formateur incorrect. Demandez-le au formateur qui a préparé la session.")
    );
    assert_eq!(
        formateur::entrer(&sb, "")
            .unwrap_err()
            .for_field(champs::CODE),
        Some("Saisissez le code formateur.")
    );
    let jeton = formateur::entrer(&sb, "Atelier-2026").unwrap();
    assert_eq!(formateur::etat(&sb, Some(&jeton)), Etat::Ouvert);
    // The trainer changes it: the old token no longer opens anything.
    let out = formateur::choisir_code(&sb, Some(&trainer), "Atelier-2027", "Atelier-2027").unwrap();
    sb.apply(&out.changes);
    assert_eq!(formateur::etat(&sb, Some(&jeton)), Etat::Verrouille);
    assert_eq!(formateur::etat(&sb, Some(&out.value)), Etat::Ouvert);
    assert!(formateur::entrer(&sb, "Atelier-2026").is_err());
    assert!(formateur::entrer(&sb, "Atelier-2027").is_ok());
}

#[test]
fn entering_without_any_code_says_so() {
    assert_eq!(
        formateur::entrer(&base::sandbox(), "Atelier-2026"),
        Err(DomainError::Rule(
            "Aucun code formateur n'a encore été choisi.".into()
        ))
    );
}

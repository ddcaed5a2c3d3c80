//! Compte rules: creation, activation link and its expiry with the sandbox clock, connection,
//! forgotten password, profile, password change, deactivation and reactivation.

use crate::common::{run, t0};

use chrono::Duration;
use domain::compte::inscription::{self, FormulaireCreationCompte};
use domain::compte::messagerie::{self, LienCourriel};
use domain::compte::profil::{self, FormulaireProfil};
use domain::compte::{self, champs, connexion, StatutCompte};
use domain::kernel::ids::CompteId;
use domain::kernel::time::{ClockStep, SandboxClock};
use domain::{DomainError, Sandbox};

/// The message of a `Rule` error (panics on any other).
fn rule<T: std::fmt::Debug>(r: Result<T, DomainError>) -> String {
    match r {
        Err(DomainError::Rule(m)) => m,
        other => panic!("expected Rule, got {other:?}"),
    }
}

const DEAD_LINK: &str =
    "Ce lien n'est pas valide ou a déjà été utilisé. Seul le dernier lien reçu fonctionne.";
const WRONG_LOGIN: &str = "Adresse électronique de connexion ou mot de passe incorrect.";

const PWD: &str = "Formation#2026";

fn form(email: &str) -> FormulaireCreationCompte {
    FormulaireCreationCompte {
        login_email: email.into(),
        nom: "Martin".into(),
        prenom: "Claire".into(),
        telephone: "01 23 45 67 89".into(),
        password: PWD.into(),
        confirmation: PWD.into(),
    }
}

/// The link of the newest mail with this subject (mails sent in the same instant: any of them).
fn link_in(sb: &Sandbox, email: &str, subject: &str) -> LienCourriel {
    messagerie::boite_de_reception(sb, email)
        .into_iter()
        .filter(|m| m.subject == subject)
        .find_map(|m| m.link.clone())
        .expect("a mail with a link")
}

fn last_link(sb: &Sandbox, email: &str) -> LienCourriel {
    link_in(sb, email, "Activation de votre compte")
}

/// A sandbox with one active account.
fn with_active(email: &str) -> (Sandbox, CompteId) {
    let mut sb = domain::simulation::base::sandbox();
    let id = run(&mut sb, |sb| {
        inscription::creer_compte(sb, &form(email), t0())
    });
    let token = last_link(&sb, email).token().to_string();
    run(&mut sb, |sb| inscription::activer_compte(sb, &token, t0()));
    (sb, id)
}

#[test]
fn registration_creates_a_pending_account_and_an_activation_mail() {
    let mut sb = domain::simulation::base::sandbox();
    let out = inscription::creer_compte(&sb, &form("  Claire.Martin@Exemple.FR "), t0()).unwrap();
    assert_eq!(
        out.changes.len(),
        2,
        "the account and its mail, nothing else"
    );
    sb.apply(&out.changes);
    let id = out.value;
    let a = &sb.comptes[&id];
    assert_eq!(a.login_email, "claire.martin@exemple.fr");
    assert_eq!(a.contact_email, a.login_email);
    assert_eq!(a.status, StatutCompte::EnAttenteActivation);
    assert_eq!(a.telephone.as_deref(), Some("01 23 45 67 89"));
    assert!(a.password_hash.starts_with("$argon2id$"));
    assert!(!a.password_hash.contains(PWD));
    let inbox = messagerie::boite_de_reception(&sb, "claire.martin@exemple.fr");
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].subject, "Activation de votre compte");
    assert!(inbox[0].body.contains("60 minutes"));
    assert!(matches!(inbox[0].link, Some(LienCourriel::Activation(_))));
    assert!(
        !inbox[0].body.contains(PWD),
        "the mail never repeats the password"
    );
}

#[test]
fn registration_reports_every_bad_field_and_changes_nothing() {
    let sb = domain::simulation::base::sandbox();
    let bad = FormulaireCreationCompte {
        login_email: "pas-une-adresse".into(),
        nom: " ".into(),
        prenom: String::new(),
        telephone: "12ab".into(),
        password: "faible".into(),
        confirmation: "faible".into(),
    };
    let err = inscription::creer_compte(&sb, &bad, t0()).unwrap_err();
    assert!(err
        .for_field(champs::ADRESSE_CONNEXION)
        .unwrap()
        .contains("n'est pas une adresse électronique valide"));
    assert_eq!(
        err.for_field(champs::NOM),
        Some("Le champ « Nom » est obligatoire.")
    );
    assert_eq!(
        err.for_field(champs::PRENOM),
        Some("Le champ « Prénom » est obligatoire.")
    );
    assert!(err
        .for_field(champs::TELEPHONE)
        .unwrap()
        .starts_with("Numéro de téléphone invalide"));
    assert!(err
        .for_field(champs::MOT_DE_PASSE)
        .unwrap()
        .starts_with("Mot de passe trop faible"));
    assert_eq!(
        err.for_field(champs::CONFIRMATION_MOT_DE_PASSE),
        None,
        "no mismatch message on a weak password"
    );
}

#[test]
fn email_rules() {
    for ok in [
        "a@b.fr",
        "prenom.nom+test@sous.domaine.gouv.fr",
        "A@EXEMPLE.COM",
    ] {
        assert!(compte::check_email(ok, "X").is_ok(), "{ok}");
    }
    for bad in [
        "", "a", "a@b", "a@.fr", "a@b.", "a b@c.fr", "@c.fr", "a@@c.fr",
    ] {
        let e = compte::check_email(bad, "X").unwrap_err();
        assert!(
            e == "Le champ « X » est obligatoire."
                || e.ends_with("n'est pas une adresse électronique valide (exemple : prenom.nom@entreprise.fr)."),
            "{bad}: {e}"
        );
    }
    assert_eq!(
        compte::check_email(&format!("{}@x.fr", "a".repeat(250)), "X").unwrap_err(),
        "L'adresse électronique ne doit pas dépasser 254 caractères."
    );
    assert_eq!(
        compte::check_email("", "Adresse").unwrap_err(),
        "Le champ « Adresse » est obligatoire."
    );
}

#[test]
fn phone_rules() {
    assert_eq!(compte::check_phone("").unwrap(), None);
    assert!(compte::check_phone("+33 1 23 45 67 89").unwrap().is_some());
    assert!(compte::check_phone("01.23.45.67.89").unwrap().is_some());
    for bad in ["12345", "01 23 45 67 89 00 11 22", "01+23456789"] {
        assert!(
            compte::check_phone(bad)
                .unwrap_err()
                .starts_with("Numéro de téléphone invalide : de 6 à 15 chiffres"),
            "{bad}"
        );
    }
}

#[test]
fn mismatched_confirmation_and_duplicate_account_are_refused() {
    let (sb, _) = with_active("claire@exemple.fr");
    let mut f = form("CLAIRE@exemple.fr");
    f.confirmation = "Formation#2027".into();
    let err = inscription::creer_compte(&sb, &f, t0()).unwrap_err();
    assert!(err
        .for_field(champs::ADRESSE_CONNEXION)
        .unwrap()
        .starts_with("Un compte existe déjà"));
    assert_eq!(
        err.for_field(champs::CONFIRMATION_MOT_DE_PASSE),
        Some("La confirmation ne correspond pas au mot de passe saisi.")
    );
}

#[test]
fn activation_link_is_valid_sixty_minutes_of_sandbox_time() {
    let mut sb = domain::simulation::base::sandbox();
    let real = t0();
    let id = run(&mut sb, |sb| {
        inscription::creer_compte(sb, &form("a@exemple.fr"), real)
    });
    let token = last_link(&sb, "a@exemple.fr").token().to_string();

    // The trainer advances the sandbox clock by one hour: still valid at exactly 60 minutes…
    let clock = SandboxClock::default()
        .advanced(ClockStep::OneHour)
        .unwrap();
    assert!(inscription::activer_compte(&sb, &token, clock.now(real)).is_ok());
    // …but not one second later.
    let late = clock.now(real) + Duration::seconds(1);
    let err = inscription::activer_compte(&sb, &token, late).unwrap_err();
    assert!(err.to_string().contains("a expiré"), "{err}");
    assert!(connexion::se_connecter(&sb, "a@exemple.fr", PWD, late)
        .unwrap_err()
        .to_string()
        .contains("pas encore activé"));

    // A new link replaces the old one.
    run(&mut sb, |sb| {
        inscription::renvoyer_lien_activation(sb, "a@exemple.fr", late)
    });
    assert!(
        rule(inscription::activer_compte(&sb, &token, late)) == DEAD_LINK,
        "old link dead"
    );
    let fresh = last_link(&sb, "a@exemple.fr").token().to_string();
    run(&mut sb, |sb| inscription::activer_compte(sb, &fresh, late));
    assert_eq!(sb.comptes[&id].status, StatutCompte::Actif);
    assert_eq!(sb.comptes[&id].activated_at, Some(late));
    // Single use.
    assert_eq!(
        rule(inscription::activer_compte(&sb, &fresh, late)),
        DEAD_LINK
    );
    // And no more resending for an active account.
    assert!(
        inscription::renvoyer_lien_activation(&sb, "a@exemple.fr", late)
            .unwrap_err()
            .for_field(champs::ADRESSE_CONNEXION)
            .is_some_and(|m| m.starts_with("Ce compte est déjà activé"))
    );
    assert_eq!(rule(inscription::activer_compte(&sb, "", late)), DEAD_LINK);
}

#[test]
fn login_checks_password_and_status() {
    let (mut sb, id) = with_active("a@exemple.fr");
    let wrong = connexion::se_connecter(&sb, "a@exemple.fr", "Formation#2025", t0()).unwrap_err();
    assert_eq!(
        wrong.to_string(),
        "Adresse électronique de connexion ou mot de passe incorrect."
    );
    let unknown = connexion::se_connecter(&sb, "b@exemple.fr", PWD, t0()).unwrap_err();
    assert_eq!(unknown, wrong, "no hint about which accounts exist");
    let empty = connexion::se_connecter(&sb, "", "", t0()).unwrap_err();
    assert_eq!(
        empty.for_field(champs::ADRESSE_CONNEXION),
        Some("Saisissez votre adresse électronique de connexion.")
    );
    assert_eq!(
        empty.for_field(champs::MOT_DE_PASSE),
        Some("Saisissez votre mot de passe.")
    );
    let later = t0() + Duration::hours(3);
    let who = run(&mut sb, |sb| {
        connexion::se_connecter(sb, " A@Exemple.fr", PWD, later)
    });
    assert_eq!(who, id);
    assert_eq!(sb.comptes[&id].last_login_at, Some(later));
}

#[test]
fn forgotten_password_sends_a_link_to_the_connection_address() {
    let (mut sb, id) = with_active("a@exemple.fr");
    // Contact address changed: the reset still goes to the connection address.
    let profile = FormulaireProfil {
        nom: "Martin".into(),
        prenom: "Claire".into(),
        telephone: String::new(),
        contact_email: "compta@exemple.fr".into(),
    };
    run(&mut sb, |sb| profil::modifier_profil(sb, &id, &profile));
    assert_eq!(sb.comptes[&id].contact_email, "compta@exemple.fr");
    assert_eq!(sb.comptes[&id].telephone, None);

    // Unknown address: same answer, nothing written.
    assert!(
        connexion::demander_reinitialisation_mot_de_passe(&sb, "x@exemple.fr", t0())
            .unwrap()
            .changes
            .is_empty()
    );
    run(&mut sb, |sb| {
        connexion::demander_reinitialisation_mot_de_passe(sb, "a@exemple.fr", t0())
    });
    let link = link_in(
        &sb,
        "a@exemple.fr",
        "Réinitialisation de votre mot de passe",
    );
    assert!(matches!(link, LienCourriel::ReinitialisationMotDePasse(_)));
    assert!(messagerie::boite_de_reception(&sb, "compta@exemple.fr").is_empty());

    let err = connexion::reinitialiser_mot_de_passe(&sb, link.token(), "faible", "faible", t0())
        .unwrap_err();
    assert!(err
        .for_field(champs::NOUVEAU_MOT_DE_PASSE)
        .is_some_and(|m| m.starts_with("Mot de passe trop faible")));
    let late = t0() + Duration::minutes(61);
    assert!(rule(connexion::reinitialiser_mot_de_passe(
        &sb,
        link.token(),
        "Nouveau#Mot2passe",
        "Nouveau#Mot2passe",
        late
    ))
    .starts_with("Ce lien a expiré"));
    run(&mut sb, |sb| {
        connexion::reinitialiser_mot_de_passe(
            sb,
            link.token(),
            "Nouveau#Mot2passe",
            "Nouveau#Mot2passe",
            t0(),
        )
    });
    assert_eq!(
        rule(connexion::se_connecter(&sb, "a@exemple.fr", PWD, t0())),
        WRONG_LOGIN
    );
    assert!(connexion::se_connecter(&sb, "a@exemple.fr", "Nouveau#Mot2passe", t0()).is_ok());
    assert!(
        rule(connexion::reinitialiser_mot_de_passe(
            &sb,
            link.token(),
            "Autre#Mot2passe!",
            "Autre#Mot2passe!",
            t0()
        )) == DEAD_LINK,
        "single use"
    );
}

#[test]
fn profile_update_validates_and_skips_no_op() {
    let (sb, id) = with_active("a@exemple.fr");
    let same = FormulaireProfil {
        nom: "Martin".into(),
        prenom: "Claire".into(),
        telephone: "01 23 45 67 89".into(),
        contact_email: "a@exemple.fr".into(),
    };
    assert_eq!(FormulaireProfil::of(&sb.comptes[&id]), same);
    assert!(profil::modifier_profil(&sb, &id, &same)
        .unwrap()
        .changes
        .is_empty());
    let bad = FormulaireProfil {
        contact_email: "nope".into(),
        nom: String::new(),
        ..same
    };
    let err = profil::modifier_profil(&sb, &id, &bad).unwrap_err();
    assert!(err.for_field(champs::ADRESSE_CONTACT).is_some());
    assert!(err.for_field(champs::NOM).is_some());
    let markup = FormulaireProfil {
        nom: "<img src=x onerror=alert(1)>".into(),
        ..FormulaireProfil {
            contact_email: "a@exemple.fr".into(),
            prenom: "C".into(),
            ..Default::default()
        }
    };
    assert!(
        profil::modifier_profil(&sb, &id, &markup).is_ok(),
        "markup is plain text, accepted"
    );
}

#[test]
fn password_change_needs_the_current_password() {
    let (mut sb, id) = with_active("a@exemple.fr");
    let err = profil::modifier_mot_de_passe(
        &sb,
        &id,
        "mauvais",
        "Nouveau#Mot2passe",
        "Nouveau#Mot2passe",
        t0(),
    )
    .unwrap_err();
    assert_eq!(
        err.for_field(champs::MOT_DE_PASSE_ACTUEL),
        Some("Le mot de passe actuel est incorrect.")
    );
    let err = profil::modifier_mot_de_passe(&sb, &id, PWD, PWD, PWD, t0()).unwrap_err();
    assert_eq!(
        err.for_field(champs::NOUVEAU_MOT_DE_PASSE),
        Some("Le nouveau mot de passe doit être différent de l'actuel.")
    );
    run(&mut sb, |sb| {
        profil::modifier_mot_de_passe(sb, &id, PWD, "Nouveau#Mot2passe", "Nouveau#Mot2passe", t0())
    });
    assert!(connexion::se_connecter(&sb, "a@exemple.fr", "Nouveau#Mot2passe", t0()).is_ok());
    assert!(messagerie::boite_de_reception(&sb, "a@exemple.fr")
        .iter()
        .any(|m| m.subject == "Votre mot de passe a été modifié"));
}

#[test]
fn deactivation_and_reactivation() {
    let (mut sb, id) = with_active("a@exemple.fr");
    assert!(
        domain::organisation::rattachement::desactiver_mon_compte(&sb, &id, "mauvais", t0())
            .unwrap_err()
            .for_field(champs::MOT_DE_PASSE_DESACTIVATION)
            .is_some()
    );
    run(&mut sb, |sb| {
        domain::organisation::rattachement::desactiver_mon_compte(sb, &id, PWD, t0())
    });
    assert_eq!(sb.comptes[&id].status, StatutCompte::Desactive);
    assert!(connexion::se_connecter(&sb, "a@exemple.fr", PWD, t0())
        .unwrap_err()
        .to_string()
        .contains("désactivé"));
    // A deactivated account can no longer act.
    assert!(matches!(
        compte::acting(&sb, &id),
        Err(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        profil::modifier_profil(&sb, &id, &FormulaireProfil::default()),
        Err(DomainError::Forbidden(m)) if m == "Votre compte n'est pas actif : reconnectez-vous."
    ));
    // No password reset for it, but a reactivation link.
    assert!(
        connexion::demander_reinitialisation_mot_de_passe(&sb, "a@exemple.fr", t0())
            .unwrap()
            .changes
            .is_empty()
    );
    run(&mut sb, |sb| {
        connexion::demander_reactivation(sb, "a@exemple.fr", t0())
    });
    let link = link_in(&sb, "a@exemple.fr", "Réactivation de votre compte");
    assert!(matches!(link, LienCourriel::Reactivation(_)));
    run(&mut sb, |sb| {
        connexion::reactiver_compte(sb, link.token(), t0())
    });
    assert_eq!(sb.comptes[&id].status, StatutCompte::Actif);
    assert!(connexion::se_connecter(&sb, "a@exemple.fr", PWD, t0()).is_ok());
}

#[test]
fn several_accounts_live_side_by_side() {
    let mut sb = domain::simulation::base::sandbox();
    let demo = sb.comptes.len();
    for i in 0..3 {
        run(&mut sb, |sb| {
            inscription::creer_compte(sb, &form(&format!("u{i}@exemple.fr")), t0())
        });
    }
    assert_eq!(sb.comptes.len(), demo + 3);
    assert_eq!(messagerie::boites(&sb).len(), 3);
}

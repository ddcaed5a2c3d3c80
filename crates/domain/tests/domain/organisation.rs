//! Organisation rules: structure creation with the simulated INSEE base, the fiche structure, bank
//! accounts, services, the rattachement lifecycle and what each request produced, habilitations,
//! the users page's predicates against the permission matrix, GP transfer, SIRET change, the CSV
//! export of users, and the demo accounts.

use crate::common::organisation::*;
use crate::common::{run, t0};

use domain::compte::connexion;
use domain::compte::messagerie;
use domain::kernel::ids::{CompteId, StructureId};
use domain::organisation::coordonnees_bancaires::{self as banque, FormulaireCoordonneesBancaires};
use domain::organisation::droits::{Action, Application, Habilitation, Role, StatutRattachement};
use domain::organisation::fiche_structure::{self as org, champs, FormulaireStructure};
use domain::organisation::identifiants::TypeIdentifiant;
use domain::organisation::insee;
use domain::organisation::rattachement::{self as rat, Decision, IssueDemande};
use domain::organisation::services::{self, FormulaireService};
use domain::organisation::structure::{ParametresDestinataire, StatutStructure};
use domain::organisation::utilisateurs::{self as users, ActionsUtilisateur, ChangementStatut};
use domain::simulation::demo;
use domain::{DomainError, Sandbox};
use std::collections::BTreeMap;

/// The message of a `Forbidden` error (panics on any other).
fn forbidden<T: std::fmt::Debug>(r: Result<T, DomainError>) -> String {
    match r {
        Err(DomainError::Forbidden(m)) => m,
        other => panic!("expected Forbidden, got {other:?}"),
    }
}

/// The message of a `Rule` error (panics on any other).
fn rule<T: std::fmt::Debug>(r: Result<T, DomainError>) -> String {
    match r {
        Err(DomainError::Rule(m)) => m,
        other => panic!("expected Rule, got {other:?}"),
    }
}

#[test]
fn creating_a_structure_from_the_insee_base_makes_its_creator_gp() {
    let (sb, gp, id) = with_structure();
    let s = &sb.structures[&id];
    assert_eq!(s.raison_sociale, "Papeterie du Centre");
    assert_eq!(s.adresse.ville, "Orléans");
    assert!(!s.en_cours_immatriculation);
    assert!(!s.is_public());
    assert_eq!(
        s.numero_tva.as_deref(),
        Some(etablissement(1).numero_tva().as_str())
    );
    let r = rat::find(&sb, &gp, &id).unwrap();
    assert_eq!(r.role, Role::GestionnairePrincipal);
    assert_eq!(r.status, StatutRattachement::Validee);
    assert_eq!(sb.comptes[&gp].structure_courante.as_ref(), Some(&id));
    assert!(!rat::doit_creer_sa_structure(&sb, &gp));
    assert!(got_mail(&sb, GP_EMAIL, "Création de la structure"));
}

#[test]
fn structure_creation_checks_the_identifier_against_insee_and_existing_structures() {
    let mut sb = domain::simulation::base::sandbox();
    let gp = add_account(&mut sb, "gp", "gp@exemple.example", "Gérant");
    let err = |sb: &Sandbox, f: &FormulaireStructure| {
        org::creer_structure(sb, &gp, f, t0())
            .unwrap_err()
            .for_field(champs::IDENTIFIANT)
            .map(str::to_string)
            .unwrap_or_default()
    };
    // Bad key.
    assert!(err(&sb, &form_for("73282932000075")).contains("clé"));
    // Unknown at INSEE, unless declared « en cours d'immatriculation ».
    let mut unknown = form_for("73282932000074");
    unknown.raison_sociale = "Jeune pousse".into();
    unknown.adresse = "1 rue Neuve".into();
    unknown.code_postal = "75001".into();
    unknown.ville = "Paris".into();
    assert!(err(&sb, &unknown).contains("inconnu de la base INSEE"));
    unknown.en_cours_immatriculation = true;
    let id = run(&mut sb, |sb| org::creer_structure(sb, &gp, &unknown, t0()));
    assert!(sb.structures[&id].en_cours_immatriculation);
    // Closed establishment.
    let closed = insee::base()
        .into_iter()
        .find(|e| e.etat == insee::EtatAdministratif::Ferme)
        .unwrap();
    assert!(err(&sb, &form_for(&closed.siret)).contains("fermé"));
    // Already a structure: the demo supplier, and a public structure of the annuaire.
    assert!(
        err(&sb, &form_for(&etablissement(0).siret)).contains("Demandez plutôt votre rattachement")
    );
    let public = sb
        .structures
        .values()
        .find(|s| s.is_public())
        .unwrap()
        .identifier
        .clone();
    assert!(err(&sb, &form_for(&public)).contains("existe déjà"));
    // Other identifier types follow their own formats.
    let mut eu = form_for("");
    eu.identifier_type = TypeIdentifiant::UeHorsFrance;
    eu.identifier = "FR40303265045".into();
    assert!(!err(&sb, &eu).is_empty());
    eu.identifier = "DE123456789".into();
    eu.raison_sociale = "Muster GmbH".into();
    eu.adresse = "Hauptstraße 1".into();
    eu.code_postal = "10115".into();
    eu.ville = "Berlin".into();
    eu.pays = "DE".into();
    run(&mut sb, |sb| org::creer_structure(sb, &gp, &eu, t0()));
}

#[test]
fn the_fiche_reports_each_bad_field_and_changes_nothing() {
    let (sb, gp, id) = with_structure();
    let mut f = FormulaireStructure::of(&sb.structures[&id]);
    f.raison_sociale = " ".into();
    f.code_postal = "4500".into();
    f.telephone = "abc".into();
    f.email = "pas-une-adresse".into();
    f.numero_tva = "FR40303265045".into();
    let e = org::modifier_structure(&sb, &gp, &id, &f).unwrap_err();
    assert_eq!(
        e.for_field(champs::RAISON_SOCIALE),
        Some("Le champ « Raison sociale » est obligatoire.")
    );
    assert_eq!(
        e.for_field(champs::CODE_POSTAL),
        Some("Un code postal français comporte 5 chiffres (« 4500 » saisi).")
    );
    assert!(e
        .for_field(champs::TELEPHONE)
        .unwrap()
        .starts_with("Numéro de téléphone invalide"));
    assert!(e
        .for_field(champs::EMAIL)
        .unwrap()
        .contains("n'est pas une adresse électronique valide"));
    assert!(e.for_field(champs::NUMERO_TVA).unwrap().contains("SIREN"));
    assert_eq!(e.field_errors().len(), 5, "{e:?}");
    let mut ok = FormulaireStructure::of(&sb.structures[&id]);
    ok.libelle = "Papeterie (siège)".into();
    ok.complement1 = "Bâtiment B".into();
    ok.rcs = "RCS Orléans 912 345 678".into();
    let out = org::modifier_structure(&sb, &gp, &id, &ok).unwrap();
    assert_eq!(out.changes.len(), 1);
}

#[test]
fn insee_refresh_registers_a_structure_en_cours_d_immatriculation() {
    let (mut sb, gp, id) = with_structure();
    let mut f = FormulaireStructure::of(&sb.structures[&id]);
    f.raison_sociale = "Nom modifié à la main".into();
    run(&mut sb, |sb| org::modifier_structure(sb, &gp, &id, &f));
    assert!(org::se_met_a_jour_depuis_insee(&sb.structures[&id]));
    run(&mut sb, |sb| org::mettre_a_jour_depuis_insee(sb, &gp, &id));
    assert_eq!(sb.structures[&id].raison_sociale, "Papeterie du Centre");
    // Only a SIRET is known to INSEE.
    let mut other = (*sb.structures[&id]).clone();
    other.identifier_type = TypeIdentifiant::Autre;
    assert!(!org::se_met_a_jour_depuis_insee(&other));
    sb.put(domain::Record::Structure(std::rc::Rc::new(other)));
    assert!(rule(org::mettre_a_jour_depuis_insee(&sb, &gp, &id))
        .starts_with("Seules les structures identifiées par un SIRET"));
}

#[test]
fn bank_accounts_check_iban_bic_and_duplicates() {
    let (mut sb, gp, id) = with_structure();
    let bad = FormulaireCoordonneesBancaires {
        libelle: String::new(),
        iban: "FR76 3000 6000 0112 3456 7890 188".into(),
        bic: "AGRI".into(),
        affactureur: false,
    };
    let e = banque::ajouter_coordonnees_bancaires(&sb, &gp, &id, &bad).unwrap_err();
    assert_eq!(
        e.for_field(banque::champs::LIBELLE_COMPTE),
        Some("Le champ « Libellé du compte » est obligatoire.")
    );
    assert!(e
        .for_field(banque::champs::IBAN)
        .unwrap()
        .contains("clé de contrôle"));
    assert!(e
        .for_field(banque::champs::BIC)
        .unwrap()
        .contains("8 ou 11 caractères"));
    let good = FormulaireCoordonneesBancaires {
        libelle: "Compte principal".into(),
        iban: "fr76 3000 6000 0112 3456 7890 189".into(),
        bic: "agrifrpp882".into(),
        affactureur: false,
    };
    let b = run(&mut sb, |sb| {
        banque::ajouter_coordonnees_bancaires(sb, &gp, &id, &good)
    });
    assert_eq!(
        sb.structures[&id].bank_accounts[0].iban,
        "FR7630006000011234567890189"
    );
    let dup = banque::ajouter_coordonnees_bancaires(&sb, &gp, &id, &good).unwrap_err();
    assert!(dup
        .for_field(banque::champs::IBAN)
        .unwrap()
        .contains("déjà"));
    let factor = FormulaireCoordonneesBancaires {
        libelle: "Affactureur".into(),
        iban: "DE89 3704 0044 0532 0130 00".into(),
        bic: "COBADEFFXXX".into(),
        affactureur: true,
    };
    run(&mut sb, |sb| {
        banque::ajouter_coordonnees_bancaires(sb, &gp, &id, &factor)
    });
    run(&mut sb, |sb| {
        banque::changer_statut_coordonnees_bancaires(sb, &gp, &id, &b, false)
    });
    // Unchanged: nothing is written.
    assert!(
        banque::changer_statut_coordonnees_bancaires(&sb, &gp, &id, &b, false)
            .unwrap()
            .changes
            .is_empty()
    );
    let accounts = &sb.structures[&id].bank_accounts;
    assert_eq!(accounts.len(), 2);
    assert!(!accounts[0].actif);
    assert!(accounts[1].affactureur);
}

#[test]
fn services_have_unique_codes_dates_and_a_reserved_code() {
    let (mut sb, gp, id) = with_structure();
    let f = FormulaireService {
        code: "achats".into(),
        libelle: "Service des achats".into(),
        debut_validite: "2026-01-01".into(),
        fin_validite: "31/12/2050".into(),
        ..FormulaireService::default()
    };
    let sv = run(&mut sb, |sb| {
        services::creer_service(sb, &gp, &id, &f, t0())
    });
    assert_eq!(sb.services[&sv].code, "ACHATS");
    assert_eq!(
        sb.services[&sv].fin_validite.unwrap().to_string(),
        "2050-12-31"
    );
    let dup = services::creer_service(&sb, &gp, &id, &f, t0()).unwrap_err();
    assert!(dup
        .for_field(services::champs::CODE)
        .unwrap()
        .contains("existe déjà"));
    let reserved = FormulaireService {
        code: "FACTURES_PUBLIQUES".into(),
        ..f.clone()
    };
    assert!(services::creer_service(&sb, &gp, &id, &reserved, t0())
        .unwrap_err()
        .for_field(services::champs::CODE)
        .unwrap()
        .contains("réservé"));
    let bad = FormulaireService {
        code: "ÉCOLE".into(),
        libelle: String::new(),
        debut_validite: "2026-02-30".into(),
        fin_validite: "2020-01-01".into(),
        code_postal: "123".into(),
        ..FormulaireService::default()
    };
    let e = services::creer_service(&sb, &gp, &id, &bad, t0()).unwrap_err();
    for field in [
        services::champs::CODE,
        services::champs::LIBELLE,
        services::champs::DEBUT_VALIDITE,
        services::champs::ADRESSE,
        services::champs::CODE_POSTAL,
        services::champs::VILLE,
    ] {
        assert!(e.for_field(field).is_some(), "{field:?}: {e:?}");
    }
    // The service's address errors land on the service's own fields, never the siège's.
    assert_eq!(
        e.for_field(services::champs::ADRESSE),
        Some("Le champ « Adresse » est obligatoire.")
    );
    assert_eq!(
        e.for_field(services::champs::CODE_POSTAL),
        Some("Un code postal français comporte 5 chiffres (« 123 » saisi).")
    );
    assert_eq!(
        e.for_field(services::champs::VILLE),
        Some("Le champ « Ville » est obligatoire.")
    );
    assert_eq!(e.for_field(champs::ADRESSE), None);
    assert_eq!(e.for_field(champs::CODE_POSTAL), None);
    let later = FormulaireService {
        code: "DSI".into(),
        libelle: "Informatique".into(),
        debut_validite: "2026-01-01".into(),
        fin_validite: "2025-12-31".into(),
        ..FormulaireService::default()
    };
    assert!(
        services::creer_service(&sb, &gp, &id, &later, t0())
            .unwrap_err()
            .for_field(services::champs::FIN_VALIDITE)
            == Some("La fin de validité ne peut pas précéder le début de validité.")
    );
    run(&mut sb, |sb| {
        services::changer_statut_service(sb, &gp, &sv, false)
    });
    assert!(!sb.services[&sv].actif);
    // FACTURES_PUBLIQUES of a public structure is managed by the portal.
    let gp_public = gp_public();
    let fp = sb
        .services
        .values()
        .find(|s| s.structure == entite_publique() && s.code == "FACTURES_PUBLIQUES")
        .unwrap()
        .id
        .clone();
    assert!(matches!(
        services::changer_statut_service(&sb, &gp_public, &fp, false),
        Err(DomainError::Rule(_))
    ));
}

#[test]
fn a_request_waits_for_the_gp_who_is_told_by_mail() {
    let (sb, _gp, id, user, r) = with_request();
    let ra = &sb.rattachements[&r];
    assert_eq!(ra.status, StatutRattachement::EnCoursDeValidation);
    assert_eq!(ra.role, Role::Utilisateur);
    assert!(subjects(&sb, GP_EMAIL)
        .iter()
        .any(|s| s.starts_with("Nouvelle demande de rattachement")));
    assert!(got_mail(&sb, USER_EMAIL, "Demande de rattachement envoyée"));
    // Pending: no access yet, and no second request.
    assert!(rat::may(&sb, &user, &id, Action::ConsulterFacturesEmises)
        .unwrap_err()
        .contains("en cours de validation"));
    assert!(rat::demander_rattachement(&sb, &user, &id, &[], "", t0())
        .unwrap_err()
        .for_field(rat::champs::STRUCTURE)
        .unwrap()
        .contains("déjà en cours"));
}

#[test]
fn validation_gives_default_rights_and_a_mail() {
    let (mut sb, gp, id, user, r) = with_request();
    // The requester cannot validate their own request.
    assert!(matches!(
        rat::traiter_demandes(
            &sb,
            &user,
            &id,
            std::slice::from_ref(&r),
            Decision::Valider,
            "",
            t0()
        ),
        Err(DomainError::Forbidden(_))
    ));
    run(&mut sb, |sb| {
        rat::traiter_demandes(
            sb,
            &gp,
            &id,
            std::slice::from_ref(&r),
            Decision::Valider,
            "",
            t0(),
        )
    });
    let ra = &sb.rattachements[&r];
    assert_eq!(ra.status, StatutRattachement::Validee);
    assert_eq!(
        ra.habilitations.get(&Application::FacturesEmises),
        Some(&Habilitation::Modification)
    );
    assert!(!ra.habilitations.contains_key(&Application::Structures));
    assert!(got_mail(&sb, USER_EMAIL, "Rattachement validé"));
    // A plain utilisateur may issue invoices but not open the structure's settings.
    assert!(rat::may(&sb, &user, &id, Action::EmettreFactures).is_ok());
    assert!(rat::may(&sb, &user, &id, Action::ConsulterStructure)
        .unwrap_err()
        .starts_with("Accès refusé"));
    let f = FormulaireStructure::of(&sb.structures[&id]);
    assert!(matches!(
        org::modifier_structure(&sb, &user, &id, &f),
        Err(DomainError::Forbidden(_))
    ));
    // Already treated: a second decision is refused.
    assert!(matches!(
        rat::traiter_demandes(&sb, &gp, &id, &[r], Decision::Refuser, "", t0()),
        Err(DomainError::Rule(_))
    ));
}

#[test]
fn bulk_refusal_with_motif_then_a_new_request_reuses_the_rattachement() {
    let (mut sb, gp, id, user, r1) = with_request();
    let other = add_account(&mut sb, "other", "other@exemple.example", "Autre");
    let r2 = run(&mut sb, |sb| {
        rat::demander_rattachement(sb, &other, &id, &[], "", t0())
    })
    .rattachement;
    let long = "x".repeat(256);
    assert!(rat::traiter_demandes(
        &sb,
        &gp,
        &id,
        std::slice::from_ref(&r1),
        Decision::Refuser,
        &long,
        t0()
    )
    .unwrap_err()
    .for_field(rat::champs::MOTIF)
    .is_some_and(|m| m.contains("255")));
    assert!(
        rat::traiter_demandes(&sb, &gp, &id, &[], Decision::Refuser, "", t0())
            .unwrap_err()
            .for_field(rat::champs::SELECTION)
            == Some("Cochez au moins une demande de rattachement.")
    );
    let n = run(&mut sb, |sb| {
        rat::traiter_demandes(
            sb,
            &gp,
            &id,
            &[r1.clone(), r2.clone()],
            Decision::Refuser,
            "Inconnu du service",
            t0(),
        )
    });
    assert_eq!(n, 2);
    for r in [&r1, &r2] {
        assert_eq!(sb.rattachements[r].status, StatutRattachement::Refusee);
    }
    let refused = messagerie::boite_de_reception(&sb, "other@exemple.example")
        .into_iter()
        .find(|m| m.subject.starts_with("Rattachement refusé"))
        .unwrap();
    assert!(refused.subject.starts_with("Rattachement refusé"));
    assert!(refused.body.contains("Inconnu du service"));
    let again = run(&mut sb, |sb| {
        rat::demander_rattachement(sb, &user, &id, &[], "", t0())
    });
    assert_eq!(again.rattachement, r1);
    assert_eq!(again.issue, IssueDemande::EnvoyeeAuGestionnaire);
    assert_eq!(
        sb.rattachements[&r1].status,
        StatutRattachement::EnCoursDeValidation
    );
    assert_eq!(sb.rattachements[&r1].motif, None);
}

#[test]
fn habilitations_deactivation_detachment_and_reactivation() {
    let (mut sb, gp, id, user, r) = with_request();
    run(&mut sb, |sb| {
        rat::traiter_demandes(
            sb,
            &gp,
            &id,
            std::slice::from_ref(&r),
            Decision::Valider,
            "",
            t0(),
        )
    });
    let mut h = BTreeMap::new();
    h.insert(Application::Structures, Habilitation::Modification);
    h.insert(Application::Utilisateurs, Habilitation::Consultation);
    run(&mut sb, |sb| {
        users::modifier_habilitations(sb, &gp, &r, &h, t0())
    });
    assert!(rat::may(&sb, &user, &id, Action::ModifierStructure).is_ok());
    assert!(rat::may(&sb, &user, &id, Action::EmettreFactures)
        .unwrap_err()
        .contains("vous n'avez pas d'habilitation sur « Factures émises »"));
    // Not on an application the structure has not opened, not on oneself.
    let mut bad = h.clone();
    bad.insert(Application::FacturesRecues, Habilitation::Consultation);
    assert!(
        users::modifier_habilitations(&sb, &gp, &r, &bad, t0())
            .unwrap_err()
            .for_field(users::champs::HABILITATIONS)
            == Some("L'application « Factures reçues » n'est pas activée sur cette structure.")
    );
    let gp_r = rat::find(&sb, &gp, &id).unwrap().id.clone();
    assert!(
        forbidden(users::modifier_habilitations(&sb, &user, &gp_r, &h, t0()))
            .contains("en consultation seulement")
    );
    // Deactivate, reactivate, detach.
    run(&mut sb, |sb| {
        users::changer_statut_rattachement(sb, &gp, &r, ChangementStatut::Desactiver, t0())
    });
    assert!(rat::may(&sb, &user, &id, Action::ConsulterStructure)
        .unwrap_err()
        .contains("a pris fin"));
    assert!(rule(users::changer_statut_rattachement(
        &sb,
        &gp,
        &r,
        ChangementStatut::Desactiver,
        t0()
    ))
    .contains("est au statut « Désactivée »"));
    run(&mut sb, |sb| {
        users::changer_statut_rattachement(sb, &gp, &r, ChangementStatut::Reactiver, t0())
    });
    assert!(rat::may(&sb, &user, &id, Action::ConsulterStructure).is_ok());
    run(&mut sb, |sb| {
        users::changer_statut_rattachement(sb, &gp, &r, ChangementStatut::Detacher, t0())
    });
    assert_eq!(sb.rattachements[&r].status, StatutRattachement::Supprimee);
    // The GP can be neither deactivated nor detached.
    assert!(matches!(
        users::changer_statut_rattachement(&sb, &gp, &gp_r, ChangementStatut::Detacher, t0()),
        Err(DomainError::Forbidden(_))
    ));
}

#[test]
fn the_gp_role_can_be_transferred() {
    let (mut sb, gp, id, user, r) = with_request();
    // Only to a validated user.
    assert_eq!(
        users::transferer_gestionnaire_principal(&sb, &gp, &id, &r, t0())
            .unwrap_err()
            .for_field(users::champs::NOUVEAU_GP),
        Some("Choisissez un utilisateur dont le rattachement à cette structure est validé.")
    );
    run(&mut sb, |sb| {
        rat::traiter_demandes(
            sb,
            &gp,
            &id,
            std::slice::from_ref(&r),
            Decision::Valider,
            "",
            t0(),
        )
    });
    run(&mut sb, |sb| {
        users::transferer_gestionnaire_principal(sb, &gp, &id, &r, t0())
    });
    assert_eq!(sb.rattachements[&r].role, Role::GestionnairePrincipal);
    let old = rat::find(&sb, &gp, &id).unwrap();
    assert_eq!(old.role, Role::Utilisateur);
    assert_eq!(
        old.habilitations.get(&Application::Structures),
        Some(&Habilitation::Modification)
    );
    assert!(
        rat::may(&sb, &gp, &id, Action::TransfererGestionnairePrincipal)
            .unwrap_err()
            .contains("réservé au gestionnaire principal")
    );
    assert!(rat::may(&sb, &user, &id, Action::DesactiverStructure).is_ok());
    assert!(got_mail(
        &sb,
        USER_EMAIL,
        "Vous êtes gestionnaire principal"
    ));
}

#[test]
fn a_public_structure_without_gp_is_handed_to_its_first_agent() {
    let mut sb = domain::simulation::base::sandbox();
    let agent = add_account(&mut sb, "agent", "agent@commune.example", "Agent");
    let public = sb
        .structures
        .values()
        .find(|s| s.is_public() && s.is_active() && rat::gestionnaires(&sb, &s.id).is_empty())
        .unwrap()
        .id
        .clone();
    let demande = run(&mut sb, |sb| {
        rat::demander_rattachement(sb, &agent, &public, &[], "", t0())
    });
    assert_eq!(
        demande.issue,
        IssueDemande::RattacheCommeGestionnairePrincipal
    );
    assert!(demande
        .issue
        .message()
        .contains("en tant que gestionnaire principal"));
    let r = demande.rattachement;
    assert_eq!(sb.rattachements[&r].role, Role::GestionnairePrincipal);
    assert_eq!(sb.rattachements[&r].status, StatutRattachement::Validee);
    assert!(rat::may(&sb, &agent, &public, Action::TraiterFacturesRecues).is_ok());
    // The demo entity has a GP: a request there waits for him.
    let other = add_account(&mut sb, "other", "other@commune.example", "Autre");
    let demande2 = run(&mut sb, |sb| {
        rat::demander_rattachement(sb, &other, &entite_publique(), &[], "", t0())
    });
    assert_eq!(demande2.issue, IssueDemande::EnvoyeeAuGestionnaire);
    assert!(demande2
        .issue
        .message()
        .starts_with("Votre demande de rattachement a été envoyée"));
    let r2 = demande2.rattachement;
    assert_eq!(
        sb.rattachements[&r2].status,
        StatutRattachement::EnCoursDeValidation
    );
    assert!(got_mail(
        &sb,
        "marc.lefevre@rivebelle.example",
        "Nouvelle demande"
    ));
    // A deactivated structure cannot be joined.
    let closed = sb
        .structures
        .values()
        .find(|s| s.status == StatutStructure::Desactivee)
        .unwrap()
        .id
        .clone();
    assert!(
        rat::demander_rattachement(&sb, &other, &closed, &[], "", t0())
            .unwrap_err()
            .for_field(rat::champs::STRUCTURE)
            .is_some_and(|m| m.contains("est désactivée : on ne peut plus s'y rattacher"))
    );
}

#[test]
fn siret_change_deactivates_the_old_structure_and_copies_it() {
    let (mut sb, gp, id, user, r) = with_request();
    run(&mut sb, |sb| {
        rat::traiter_demandes(
            sb,
            &gp,
            &id,
            std::slice::from_ref(&r),
            Decision::Valider,
            "",
            t0(),
        )
    });
    let f = FormulaireService {
        code: "COMPTA".into(),
        libelle: "Comptabilité".into(),
        ..FormulaireService::default()
    };
    run(&mut sb, |sb| {
        services::creer_service(sb, &gp, &id, &f, t0())
    });
    let bank = FormulaireCoordonneesBancaires {
        libelle: "Compte".into(),
        iban: "FR7630006000011234567890189".into(),
        bic: "AGRIFRPP882".into(),
        affactureur: false,
    };
    run(&mut sb, |sb| {
        banque::ajouter_coordonnees_bancaires(sb, &gp, &id, &bank)
    });
    // A plain user may not do it; the same identifier is refused.
    assert!(forbidden(org::modifier_identifiant(
        &sb,
        &user,
        &id,
        &etablissement(2).siret,
        false,
        t0()
    ))
    .contains("changer l'identifiant"));
    let same = sb.structures[&id].identifier.clone();
    assert!(org::modifier_identifiant(&sb, &gp, &id, &same, false, t0())
        .unwrap_err()
        .for_field(champs::NOUVEL_IDENTIFIANT)
        .is_some());
    let new_siret = etablissement(2).siret;
    let new_id = run(&mut sb, |sb| {
        org::modifier_identifiant(sb, &gp, &id, &new_siret, false, t0())
    });
    assert_eq!(
        org::successeur(&sb, &id).map(|s| s.id.clone()),
        Some(new_id.clone())
    );
    assert!(org::successeur(&sb, &new_id).is_none());
    let old = &sb.structures[&id];
    let new = &sb.structures[&new_id];
    assert_eq!(old.status, StatutStructure::Desactivee);
    assert_eq!(new.status, StatutStructure::Active);
    assert_eq!(new.identifier, new_siret);
    assert_eq!(new.origine.as_ref(), Some(&id));
    assert_eq!(new.bank_accounts.len(), 1);
    assert_eq!(services::liste(&sb, &new_id).len(), 1);
    assert_eq!(
        rat::find(&sb, &gp, &new_id).unwrap().role,
        Role::GestionnairePrincipal
    );
    assert!(rat::find(&sb, &user, &new_id).unwrap().is_validated());
    assert_eq!(sb.comptes[&gp].structure_courante.as_ref(), Some(&new_id));
    // The old one can only be consulted.
    assert!(rat::may(&sb, &gp, &id, Action::ConsulterStructure).is_ok());
    assert!(rat::may(&sb, &gp, &id, Action::ModifierStructure)
        .unwrap_err()
        .contains("désactivée"));
    assert!(got_mail(&sb, USER_EMAIL, "Changement d'identifiant"));
}

#[test]
fn parameters_and_applications_follow_their_rules() {
    let mut sb = domain::simulation::base::sandbox();
    let gp = gp_public();
    let public = entite_publique();
    let bad = ParametresDestinataire {
        est_moa_uniquement: true,
        ..Default::default()
    };
    assert!(org::modifier_parametres(&sb, &gp, &public, bad)
        .unwrap_err()
        .for_field(champs::EST_MOA_UNIQUEMENT)
        .is_some_and(|m| m.contains("suppose de cocher aussi")));
    let p = ParametresDestinataire {
        ej_obligatoire: true,
        mise_en_paiement_non_remontee: true,
        ..Default::default()
    };
    run(&mut sb, |sb| org::modifier_parametres(sb, &gp, &public, p));
    assert_eq!(sb.structures[&public].parametres, p);
    assert!(
        org::modifier_applications(&sb, &gp, &public, &[Application::FacturesRecues])
            .unwrap_err()
            .for_field(champs::APPLICATIONS)
            .unwrap()
            .contains("ne peut pas être retirée")
    );
    let (sb2, gp2, id2) = with_structure();
    let all = Application::ALL;
    assert!(
        org::modifier_applications(&sb2, &gp2, &id2, &all)
            .unwrap_err()
            .for_field(champs::APPLICATIONS)
            .is_some_and(|m| m.contains("réservée aux structures publiques")),
        "Factures reçues: public only"
    );
    assert!(
        rule(org::modifier_parametres(&sb2, &gp2, &id2, p))
            .contains("ne concernent que les structures publiques"),
        "private structures have no parameters"
    );
}

#[test]
fn users_export_lists_every_rattachement_with_its_rights() {
    let (mut sb, gp, id, _user, r) = with_request();
    run(&mut sb, |sb| {
        rat::traiter_demandes(sb, &gp, &id, &[r], Decision::Valider, "", t0())
    });
    let csv = users::exporter_utilisateurs(&sb, &gp, &id).unwrap();
    // A French spreadsheet opens it as it is: BOM first, `;` between cells.
    let csv = csv
        .strip_prefix(domain::kernel::spreadsheet::BOM)
        .expect("the export starts with the BOM")
        .to_string();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("Structure;Identifiant de la structure;Nom;Prénom"));
    assert!(lines[0].ends_with("Structures;Utilisateurs;Sollicitations reçues"));
    let user_line = lines.iter().find(|l| l.contains(USER_EMAIL)).unwrap();
    assert!(user_line.contains(";Utilisateur;Validée;"));
    assert!(
        user_line.contains(";Modification;Application non activée;"),
        "{user_line}"
    );
    let gp_line = lines.iter().find(|l| l.contains(GP_EMAIL)).unwrap();
    assert!(gp_line.contains("Gestionnaire principal"));
    // Text with the separator is quoted, never breaks the columns.
    let mut f = FormulaireStructure::of(&sb.structures[&id]);
    f.libelle = "Papeterie; siège".into();
    run(&mut sb, |sb| org::modifier_structure(sb, &gp, &id, &f));
    let csv = users::exporter_utilisateurs(&sb, &gp, &id).unwrap();
    assert!(csv
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("\"Papeterie; siège\";"));
    // A name a spreadsheet would run as a formula is exported neutralised.
    f.libelle = "=HYPERLINK(\"http://exemple.invalid\")".into();
    run(&mut sb, |sb| org::modifier_structure(sb, &gp, &id, &f));
    let csv = users::exporter_utilisateurs(&sb, &gp, &id).unwrap();
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("\"'=HYPERLINK(\"\"http://exemple.invalid\"\")\";"),
        "{csv}"
    );
}

#[test]
fn switching_structure_needs_a_validated_rattachement() {
    let (mut sb, gp, id) = with_structure();
    let supplier = fournisseur();
    assert!(
        forbidden(users::choisir_structure_de_travail(&sb, &gp, &supplier))
            .starts_with("Vous ne pouvez travailler que pour une structure")
    );
    let gp_demo = gp_fournisseur();
    let r = run(&mut sb, |sb| {
        rat::demander_rattachement(sb, &gp, &supplier, &[], "", t0())
    });
    run(&mut sb, |sb| {
        rat::traiter_demandes(
            sb,
            &gp_demo,
            &supplier,
            std::slice::from_ref(&r.rattachement),
            Decision::Valider,
            "",
            t0(),
        )
    });
    assert!(users::peut_travailler_pour(&sb, &gp, &supplier));
    run(&mut sb, |sb| {
        users::choisir_structure_de_travail(sb, &gp, &supplier)
    });
    let a = sb.comptes[&gp].clone();
    assert_eq!(rat::structure_de_travail(&sb, &a).unwrap().id, supplier);
    assert_eq!(rat::of_account(&sb, &gp).len(), 2);
    // A deactivated structure can be consulted, not worked for.
    assert!(users::peut_travailler_pour(&sb, &gp, &id));
    run(&mut sb, |sb| org::desactiver_structure(sb, &gp, &id));
    assert!(!users::peut_travailler_pour(&sb, &gp, &id));
    assert!(rule(users::choisir_structure_de_travail(&sb, &gp, &id))
        .starts_with("Cette structure est désactivée"));
    assert!(!users::peut_travailler_pour(
        &sb,
        &utilisateur_fournisseur(),
        &id
    ));
}

#[test]
fn demo_accounts_log_in_with_the_shown_password() {
    let sb = domain::simulation::base::sandbox();
    for d in demo::ACCOUNTS {
        let id = connexion::se_connecter(&sb, d.email, demo::DEMO_PASSWORD, t0())
            .unwrap()
            .value;
        assert_eq!(id.as_str(), d.id);
        assert!(sb.is_base_account(&id));
        let a = &sb.comptes[&id];
        assert!(rat::structure_de_travail(&sb, a).is_some(), "{}", d.email);
    }
    let hugo = utilisateur_fournisseur();
    let supplier = fournisseur();
    assert!(rat::may(&sb, &hugo, &supplier, Action::EmettreFactures).is_ok());
    assert!(rat::may(&sb, &hugo, &supplier, Action::ModifierStructure)
        .unwrap_err()
        .contains("votre habilitation sur « Structures » est en consultation seulement"));
    let nadia = agent_public();
    assert!(rat::may(
        &sb,
        &nadia,
        &entite_publique(),
        Action::TraiterFacturesRecues
    )
    .is_ok());
}

/// The actions the users page offers for `actor` on every rattachement of `structure`, each
/// checked against its command: a button shown is a command accepted, and the other way round.
fn actions_match_commands(sb: &Sandbox, actor: &CompteId, structure: &StructureId) {
    for (r, _) in rat::membres(sb, structure) {
        let a = users::actions_possibles(sb, actor, r);
        let status = |c| users::changer_statut_rattachement(sb, actor, &r.id, c, t0()).is_ok();
        assert_eq!(a.desactiver, status(ChangementStatut::Desactiver), "{r:?}");
        assert_eq!(a.reactiver, status(ChangementStatut::Reactiver), "{r:?}");
        assert_eq!(a.detacher, status(ChangementStatut::Detacher), "{r:?}");
        assert_eq!(
            a.modifier_habilitations,
            users::modifier_habilitations(sb, actor, &r.id, &r.habilitations, t0()).is_ok(),
            "{r:?}"
        );
    }
}

#[test]
fn the_users_page_offers_what_the_permission_matrix_allows() {
    let (mut sb, gp, id, user, r) = with_request();
    let gp_r = rat::find(&sb, &gp, &id).unwrap().id.clone();
    // A pending request: nothing but its treatment.
    let pending = sb.rattachements[&r].clone();
    assert_eq!(
        users::actions_possibles(&sb, &gp, &pending),
        ActionsUtilisateur::default()
    );
    run(&mut sb, |sb| {
        rat::traiter_demandes(
            sb,
            &gp,
            &id,
            std::slice::from_ref(&r),
            Decision::Valider,
            "",
            t0(),
        )
    });
    let validated = sb.rattachements[&r].clone();
    let on_user = users::actions_possibles(&sb, &gp, &validated);
    assert_eq!(
        on_user,
        ActionsUtilisateur {
            modifier_habilitations: true,
            desactiver: true,
            reactiver: false,
            detacher: true,
        }
    );
    assert!(on_user.changer_statut());
    // Nobody acts on the GP, not even the GP.
    let gp_rattachement = sb.rattachements[&gp_r].clone();
    assert_eq!(
        users::actions_possibles(&sb, &gp, &gp_rattachement),
        ActionsUtilisateur::default()
    );
    assert!(!ActionsUtilisateur::default().changer_statut());
    // A plain utilisateur (no « Utilisateurs » habilitation) may do nothing.
    assert_eq!(
        users::actions_possibles(&sb, &user, &gp_rattachement),
        ActionsUtilisateur::default()
    );
    actions_match_commands(&sb, &gp, &id);
    actions_match_commands(&sb, &user, &id);

    // A third user; « user » habilitated Utilisateurs in consultation, then in modification.
    let third = add_account(&mut sb, "third", "third@papeterie.example", "Tiers");
    let t = run(&mut sb, |sb| {
        rat::demander_rattachement(sb, &third, &id, &[], "", t0())
    })
    .rattachement;
    run(&mut sb, |sb| {
        rat::traiter_demandes(
            sb,
            &gp,
            &id,
            std::slice::from_ref(&t),
            Decision::Valider,
            "",
            t0(),
        )
    });
    let mut h = BTreeMap::new();
    h.insert(Application::Utilisateurs, Habilitation::Consultation);
    run(&mut sb, |sb| {
        users::modifier_habilitations(sb, &gp, &r, &h, t0())
    });
    let on_third = sb.rattachements[&t].clone();
    assert_eq!(
        users::actions_possibles(&sb, &user, &on_third),
        ActionsUtilisateur::default()
    );
    actions_match_commands(&sb, &user, &id);
    h.insert(Application::Utilisateurs, Habilitation::Modification);
    run(&mut sb, |sb| {
        users::modifier_habilitations(sb, &gp, &r, &h, t0())
    });
    assert_eq!(
        users::actions_possibles(&sb, &user, &on_third),
        ActionsUtilisateur {
            modifier_habilitations: true,
            desactiver: true,
            reactiver: false,
            detacher: true,
        }
    );
    // Not on oneself.
    let own = sb.rattachements[&r].clone();
    assert_eq!(
        users::actions_possibles(&sb, &user, &own),
        ActionsUtilisateur::default()
    );
    actions_match_commands(&sb, &user, &id);

    // Deactivated: reactivate or detach, no habilitations.
    run(&mut sb, |sb| {
        users::changer_statut_rattachement(sb, &gp, &t, ChangementStatut::Desactiver, t0())
    });
    let deactivated = sb.rattachements[&t].clone();
    assert_eq!(
        users::actions_possibles(&sb, &gp, &deactivated),
        ActionsUtilisateur {
            modifier_habilitations: false,
            desactiver: false,
            reactiver: true,
            detacher: true,
        }
    );
    actions_match_commands(&sb, &gp, &id);

    // A deactivated structure can only be consulted.
    run(&mut sb, |sb| org::desactiver_structure(sb, &gp, &id));
    assert_eq!(
        users::actions_possibles(&sb, &gp, &sb.rattachements[&r].clone()),
        ActionsUtilisateur::default()
    );
    actions_match_commands(&sb, &gp, &id);
}

#[test]
fn the_gp_role_goes_only_to_validated_utilisateurs_with_an_active_account() {
    let (mut sb, gp, id, user, r) = with_request();
    assert!(
        users::candidats_transfert(&sb, &gp, &id).is_empty(),
        "pending"
    );
    run(&mut sb, |sb| {
        rat::traiter_demandes(
            sb,
            &gp,
            &id,
            std::slice::from_ref(&r),
            Decision::Valider,
            "",
            t0(),
        )
    });
    let candidates: Vec<_> = users::candidats_transfert(&sb, &gp, &id)
        .into_iter()
        .map(|(c, a)| (c.id.clone(), a.id.clone()))
        .collect();
    assert_eq!(candidates, vec![(r.clone(), user.clone())]);
    // Only the GP may hand the role over.
    assert!(users::candidats_transfert(&sb, &user, &id).is_empty());
    // An account that is no longer active cannot receive it.
    let mut inactive = (*sb.comptes[&user]).clone();
    inactive.status = domain::compte::StatutCompte::Desactive;
    let mut closed = sb.clone();
    closed.put(domain::Record::Compte(std::rc::Rc::new(inactive)));
    assert!(users::candidats_transfert(&closed, &gp, &id).is_empty());
    assert_eq!(
        users::transferer_gestionnaire_principal(&closed, &gp, &id, &r, t0())
            .unwrap_err()
            .for_field(users::champs::NOUVEAU_GP),
        Some("Le nouveau gestionnaire principal doit avoir un compte actif.")
    );
    // Every candidate is accepted by the command.
    for (c, _) in users::candidats_transfert(&sb, &gp, &id) {
        assert!(users::transferer_gestionnaire_principal(&sb, &gp, &id, &c.id, t0()).is_ok());
    }
}

#[test]
fn a_request_names_only_services_usable_today() {
    let (mut sb, gp, id) = with_structure();
    let service = |code: &str, fin: &str| FormulaireService {
        code: code.into(),
        libelle: format!("Service {code}"),
        debut_validite: "2020-01-01".into(),
        fin_validite: fin.into(),
        ..FormulaireService::default()
    };
    let achats = run(&mut sb, |sb| {
        services::creer_service(sb, &gp, &id, &service("ACHATS", ""), t0())
    });
    let ancien = run(&mut sb, |sb| {
        services::creer_service(sb, &gp, &id, &service("ANCIEN", "2021-12-31"), t0())
    });
    let ferme = run(&mut sb, |sb| {
        services::creer_service(sb, &gp, &id, &service("FERME", ""), t0())
    });
    run(&mut sb, |sb| {
        services::changer_statut_service(sb, &gp, &ferme, false)
    });
    let proposed: Vec<_> = services::utilisables(&sb, &id, t0())
        .into_iter()
        .map(|s| s.code.clone())
        .collect();
    assert_eq!(proposed, vec!["ACHATS".to_string()]);
    let user = add_account(&mut sb, "user", USER_EMAIL, "Employé");
    for unusable in [&ancien, &ferme] {
        let err =
            rat::demander_rattachement(&sb, &user, &id, std::slice::from_ref(unusable), "", t0())
                .unwrap_err();
        assert!(err
            .for_field(rat::champs::SERVICES)
            .is_some_and(|m| m.contains("n'est pas actif aujourd'hui")));
    }
    let elsewhere = sb
        .services
        .values()
        .find(|s| s.structure != id)
        .unwrap()
        .id
        .clone();
    assert_eq!(
        rat::demander_rattachement(&sb, &user, &id, &[elsewhere], "", t0())
            .unwrap_err()
            .for_field(rat::champs::SERVICES),
        Some("Un des services choisis n'appartient pas à cette structure.")
    );
    let demande = run(&mut sb, |sb| {
        rat::demander_rattachement(sb, &user, &id, std::slice::from_ref(&achats), "", t0())
    });
    assert_eq!(
        sb.rattachements[&demande.rattachement].services,
        vec![achats]
    );
    assert!(got_mail(&sb, GP_EMAIL, "Nouvelle demande de rattachement"));
}

#[test]
fn searching_a_structure_to_join_reports_on_the_search_field() {
    let (sb, _gp, id) = with_structure();
    let siret = sb.structures[&id].identifier.clone();
    assert_eq!(
        rat::rechercher_structure(&sb, TypeIdentifiant::Siret, &siret)
            .unwrap()
            .id,
        id
    );
    let mut wrong_key = siret[..13].to_string();
    wrong_key.push(if siret.ends_with('0') { '1' } else { '0' });
    assert!(
        rat::rechercher_structure(&sb, TypeIdentifiant::Siret, &wrong_key)
            .unwrap_err()
            .for_field(rat::champs::IDENTIFIANT_RECHERCHE)
            .is_some_and(|m| m.contains("clé")),
        "{wrong_key}"
    );
    assert!(
        rat::rechercher_structure(&sb, TypeIdentifiant::Siret, "73282932000074")
            .unwrap_err()
            .for_field(rat::champs::IDENTIFIANT_RECHERCHE)
            .is_some_and(|m| m.starts_with("Aucune structure active n'a cet identifiant"))
    );
}

#[test]
fn insee_lookup_and_what_it_tells_the_user() {
    assert!(org::rechercher_dans_insee("123")
        .unwrap_err()
        .for_field(champs::IDENTIFIANT)
        .is_some());
    let known = org::rechercher_dans_insee(&etablissement(1).siret)
        .unwrap()
        .unwrap();
    assert_eq!(known.raison_sociale, "Papeterie du Centre");
    assert!(org::note_insee(Some(&known)).starts_with("Base INSEE : « Papeterie du Centre » ("));
    assert!(org::note_insee(Some(&known)).ends_with("ont été pré-remplis."));
    let closed = insee::base()
        .into_iter()
        .find(|e| e.etat == insee::EtatAdministratif::Ferme)
        .unwrap();
    assert!(org::note_insee(Some(&closed)).contains("est un établissement fermé"));
    assert_eq!(org::rechercher_dans_insee("73282932000074").unwrap(), None);
    assert!(org::note_insee(None).starts_with("Ce SIRET est valide mais inconnu"));
}

#[test]
fn the_forms_of_an_account_a_profile_and_the_parameters_table() {
    let (mut sb, gp, id) = with_structure();
    let f = FormulaireCoordonneesBancaires {
        libelle: "Compte".into(),
        iban: "FR7630006000011234567890189".into(),
        bic: "agrifrpp882".into(),
        affactureur: true,
    };
    let b = run(&mut sb, |sb| {
        banque::ajouter_coordonnees_bancaires(sb, &gp, &id, &f)
    });
    let account = sb.structures[&id]
        .bank_accounts
        .iter()
        .find(|x| x.id == b)
        .unwrap()
        .clone();
    let edit = FormulaireCoordonneesBancaires::of(&account);
    assert_eq!(edit.iban, "FR76 3000 6000 0112 3456 7890 189");
    assert_eq!(edit.bic, "AGRIFRPP882");
    assert!(edit.affactureur);
    // Saved unchanged: nothing is written.
    assert!(
        banque::modifier_coordonnees_bancaires(&sb, &gp, &id, &b, &edit)
            .unwrap()
            .changes
            .is_empty()
    );
    // The parameters table reads and writes each flag, under distinct fields.
    let mut ids: Vec<&str> = org::PARAMETRES.iter().map(|p| p.champ.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6);
    for p in org::PARAMETRES {
        let mut params = ParametresDestinataire::default();
        assert!(!(p.get)(&params));
        (p.set)(&mut params, true);
        assert!((p.get)(&params), "{}", p.champ.id);
        assert_ne!(params, ParametresDestinataire::default());
    }
    assert_eq!(
        Decision::Valider.message(2),
        "2 demandes validées ; un message a été envoyé à chaque demandeur."
    );
    assert_eq!(
        Decision::Refuser.message(1),
        "1 demande refusée ; un message a été envoyé à chaque demandeur."
    );
}

#[test]
fn the_siret_example_under_the_field_is_in_the_simulated_insee_base() {
    use domain::organisation::identifiants::TypeIdentifiant;
    use domain::organisation::insee::{self, EtatAdministratif};
    let hint = TypeIdentifiant::Siret.hint();
    let example: String = hint
        .split("exemple : ")
        .nth(1)
        .expect("the hint has an example")
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ' ')
        .filter(|c| c.is_ascii_digit())
        .collect();
    assert_eq!(example.len(), 14, "{hint}");
    let e = insee::lookup(&example).expect("the example is in the simulated INSEE base");
    assert_eq!(e.etat, EtatAdministratif::Actif);
    assert!(hint.contains(&e.raison_sociale));
}

#[test]
fn a_new_fiche_says_what_to_complete_next_per_the_prerequisites() {
    let mut sb = domain::simulation::base::sandbox();
    let gp = add_account(&mut sb, "gp", "gp@exemple.example", "Gérant");
    let siret = etablissement(1).siret;
    let id = run(&mut sb, |sb| {
        org::creer_structure(sb, &gp, &form_for(&siret), t0())
    });
    let s = sb.structures[&id].clone();
    let todo = org::a_completer(&sb, &s);
    assert_eq!(todo.len(), 3);
    assert!(todo[0].starts_with("les coordonnées bancaires"));
    assert!(
        todo[0].contains("sauf pour les prestataires de la justice et les exploitants agricoles")
    );
    assert!(todo[1].starts_with("les services"));
    assert!(todo[2].starts_with("les applications"));
    // The demo supplier already has bank details: they are not asked again.
    let menuiserie = sb
        .structures
        .values()
        .find(|s| !s.bank_accounts.is_empty())
        .unwrap()
        .clone();
    assert!(!org::a_completer(&sb, &menuiserie)
        .iter()
        .any(|t| t.contains("coordonnées bancaires")));
}

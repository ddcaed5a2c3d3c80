//! Organisation rules: structure creation with the simulated INSEE base, the fiche structure, bank
//! accounts, services, the rattachement lifecycle, habilitations, GP transfer, SIRET change, the
//! CSV export of users, and the demo accounts.

use crate::common::{run, t0};

use domain::compte::messagerie;
use domain::compte::{self, Account, AccountStatus};
use domain::kernel::ids::{AccountId, RattachementId, StructureId};
use domain::organisation::droits::{Action, Application, Habilitation, RattachementStatus, Role};
use domain::organisation::fiche_structure::{self as org, BankForm, ServiceForm, StructureForm};
use domain::organisation::identifiants::IdentifierType;
use domain::organisation::insee;
use domain::organisation::rattachement::{self as rat, Decision, Fin};
use domain::organisation::structure::{RecipientParameters, StructureStatus};
use domain::simulation::demo;
use domain::{DomainError, Record, Sandbox};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Adds an active account directly (password hashing is tested elsewhere).
fn add_account(sb: &mut Sandbox, id: &str, email: &str, nom: &str) -> AccountId {
    let a = Account {
        id: AccountId::from(id),
        login_email: email.into(),
        contact_email: email.into(),
        nom: nom.into(),
        prenom: "Test".into(),
        telephone: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA".into(),
        status: AccountStatus::Actif,
        created_at: t0(),
        activated_at: Some(t0()),
        last_login_at: None,
        link: None,
        structure_courante: None,
        notifications_factures: true,
    };
    sb.put(Record::Account(Rc::new(a)));
    AccountId::from(id)
}

/// The n-th establishment of the INSEE base (0 is the demo supplier's).
fn insee(n: usize) -> insee::Etablissement {
    insee::base()[n].clone()
}

fn form_for(siret: &str) -> StructureForm {
    let mut f = StructureForm {
        identifier: siret.into(),
        ..StructureForm::default()
    };
    if let Ok(Some(e)) = org::insee_lookup(siret) {
        f.fill_from_insee(&e);
    }
    f
}

/// A sandbox where « gp » created the Papeterie du Centre.
fn with_structure() -> (Sandbox, AccountId, StructureId) {
    let mut sb = domain::simulation::base::sandbox();
    let gp = add_account(&mut sb, "gp", "gp@papeterie.example", "Gérant");
    let siret = insee(1).siret;
    let id = run(&mut sb, |sb| {
        org::create_structure(sb, &gp, &form_for(&siret), t0())
    });
    (sb, gp, id)
}

/// Whether `email` received a mail whose subject starts with `prefix` (mails of one instant come
/// in any order).
fn got_mail(sb: &Sandbox, email: &str, prefix: &str) -> bool {
    subjects(sb, email).iter().any(|s| s.starts_with(prefix))
}

fn subjects(sb: &Sandbox, email: &str) -> Vec<String> {
    messagerie::inbox(sb, email)
        .into_iter()
        .map(|m| m.subject.clone())
        .collect()
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
        Some(insee(1).numero_tva().as_str())
    );
    let r = rat::find(&sb, &gp, &id).unwrap();
    assert_eq!(r.role, Role::GestionnairePrincipal);
    assert_eq!(r.status, RattachementStatus::Validee);
    assert_eq!(sb.accounts[&gp].structure_courante.as_ref(), Some(&id));
    assert!(!rat::needs_first_structure(&sb, &gp));
    assert!(got_mail(
        &sb,
        "gp@papeterie.example",
        "Création de la structure"
    ));
}

#[test]
fn structure_creation_checks_the_identifier_against_insee_and_existing_structures() {
    let mut sb = domain::simulation::base::sandbox();
    let gp = add_account(&mut sb, "gp", "gp@exemple.example", "Gérant");
    let err = |sb: &Sandbox, f: &StructureForm| {
        org::create_structure(sb, &gp, f, t0())
            .unwrap_err()
            .for_field("identifier")
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
    let id = run(&mut sb, |sb| org::create_structure(sb, &gp, &unknown, t0()));
    assert!(sb.structures[&id].en_cours_immatriculation);
    // Closed establishment.
    let closed = insee::base()
        .into_iter()
        .find(|e| e.etat == insee::EtatAdministratif::Ferme)
        .unwrap();
    assert!(err(&sb, &form_for(&closed.siret)).contains("fermé"));
    // Already a structure: the demo supplier, and a public structure of the annuaire.
    assert!(err(&sb, &form_for(&insee(0).siret)).contains("Demandez plutôt votre rattachement"));
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
    eu.identifier_type = IdentifierType::UeHorsFrance;
    eu.identifier = "FR40303265045".into();
    assert!(!err(&sb, &eu).is_empty());
    eu.identifier = "DE123456789".into();
    eu.raison_sociale = "Muster GmbH".into();
    eu.adresse = "Hauptstraße 1".into();
    eu.code_postal = "10115".into();
    eu.ville = "Berlin".into();
    eu.pays = "DE".into();
    run(&mut sb, |sb| org::create_structure(sb, &gp, &eu, t0()));
}

#[test]
fn the_fiche_reports_each_bad_field_and_changes_nothing() {
    let (sb, gp, id) = with_structure();
    let mut f = StructureForm::of(&sb.structures[&id]);
    f.raison_sociale = " ".into();
    f.code_postal = "4500".into();
    f.telephone = "abc".into();
    f.email = "pas-une-adresse".into();
    f.numero_tva = "FR40303265045".into();
    let e = org::update_structure(&sb, &gp, &id, &f).unwrap_err();
    for field in [
        "raison_sociale",
        "code_postal",
        "telephone_structure",
        "email_structure",
        "numero_tva",
    ] {
        assert!(e.for_field(field).is_some(), "{field}: {e:?}");
    }
    assert!(e.for_field("numero_tva").unwrap().contains("SIREN"));
    let mut ok = StructureForm::of(&sb.structures[&id]);
    ok.libelle = "Papeterie (siège)".into();
    ok.complement1 = "Bâtiment B".into();
    ok.rcs = "RCS Orléans 912 345 678".into();
    let out = org::update_structure(&sb, &gp, &id, &ok).unwrap();
    assert_eq!(out.changes.len(), 1);
}

#[test]
fn insee_refresh_registers_a_structure_en_cours_d_immatriculation() {
    let (mut sb, gp, id) = with_structure();
    let mut f = StructureForm::of(&sb.structures[&id]);
    f.raison_sociale = "Nom modifié à la main".into();
    run(&mut sb, |sb| org::update_structure(sb, &gp, &id, &f));
    run(&mut sb, |sb| org::refresh_from_insee(sb, &gp, &id));
    assert_eq!(sb.structures[&id].raison_sociale, "Papeterie du Centre");
}

#[test]
fn bank_accounts_check_iban_bic_and_duplicates() {
    let (mut sb, gp, id) = with_structure();
    let bad = BankForm {
        libelle: String::new(),
        iban: "FR76 3000 6000 0112 3456 7890 188".into(),
        bic: "AGRI".into(),
        affactureur: false,
    };
    let e = org::add_bank_account(&sb, &gp, &id, &bad).unwrap_err();
    assert!(e.for_field("libelle_compte").is_some());
    assert!(e.for_field("iban").is_some());
    assert!(e.for_field("bic").is_some());
    let good = BankForm {
        libelle: "Compte principal".into(),
        iban: "fr76 3000 6000 0112 3456 7890 189".into(),
        bic: "agrifrpp882".into(),
        affactureur: false,
    };
    let b = run(&mut sb, |sb| org::add_bank_account(sb, &gp, &id, &good));
    assert_eq!(
        sb.structures[&id].bank_accounts[0].iban,
        "FR7630006000011234567890189"
    );
    let dup = org::add_bank_account(&sb, &gp, &id, &good).unwrap_err();
    assert!(dup.for_field("iban").unwrap().contains("déjà"));
    let factor = BankForm {
        libelle: "Affactureur".into(),
        iban: "DE89 3704 0044 0532 0130 00".into(),
        bic: "COBADEFFXXX".into(),
        affactureur: true,
    };
    run(&mut sb, |sb| org::add_bank_account(sb, &gp, &id, &factor));
    run(&mut sb, |sb| {
        org::set_bank_account_active(sb, &gp, &id, &b, false)
    });
    // Unchanged: nothing is written.
    assert!(org::set_bank_account_active(&sb, &gp, &id, &b, false)
        .unwrap()
        .changes
        .is_empty());
    let accounts = &sb.structures[&id].bank_accounts;
    assert_eq!(accounts.len(), 2);
    assert!(!accounts[0].actif);
    assert!(accounts[1].affactureur);
}

#[test]
fn services_have_unique_codes_dates_and_a_reserved_code() {
    let (mut sb, gp, id) = with_structure();
    let f = ServiceForm {
        code: "achats".into(),
        libelle: "Service des achats".into(),
        debut_validite: "2026-01-01".into(),
        fin_validite: "31/12/2050".into(),
        ..ServiceForm::default()
    };
    let sv = run(&mut sb, |sb| org::create_service(sb, &gp, &id, &f, t0()));
    assert_eq!(sb.services[&sv].code, "ACHATS");
    assert_eq!(
        sb.services[&sv].fin_validite.unwrap().to_string(),
        "2050-12-31"
    );
    let dup = org::create_service(&sb, &gp, &id, &f, t0()).unwrap_err();
    assert!(dup.for_field("code").unwrap().contains("existe déjà"));
    let reserved = ServiceForm {
        code: "FACTURES_PUBLIQUES".into(),
        ..f.clone()
    };
    assert!(org::create_service(&sb, &gp, &id, &reserved, t0())
        .unwrap_err()
        .for_field("code")
        .unwrap()
        .contains("réservé"));
    let bad = ServiceForm {
        code: "ÉCOLE".into(),
        libelle: String::new(),
        debut_validite: "2026-02-30".into(),
        fin_validite: "2020-01-01".into(),
        code_postal: "123".into(),
        ..ServiceForm::default()
    };
    let e = org::create_service(&sb, &gp, &id, &bad, t0()).unwrap_err();
    for field in [
        "code",
        "libelle",
        "debut_validite",
        "service_adresse",
        "service_code_postal",
    ] {
        assert!(e.for_field(field).is_some(), "{field}: {e:?}");
    }
    let later = ServiceForm {
        code: "DSI".into(),
        libelle: "Informatique".into(),
        debut_validite: "2026-01-01".into(),
        fin_validite: "2025-12-31".into(),
        ..ServiceForm::default()
    };
    assert!(org::create_service(&sb, &gp, &id, &later, t0())
        .unwrap_err()
        .for_field("fin_validite")
        .is_some());
    run(&mut sb, |sb| org::set_service_active(sb, &gp, &sv, false));
    assert!(!sb.services[&sv].actif);
    // FACTURES_PUBLIQUES of a public structure is managed by the portal.
    let gp_public = AccountId::from(demo::ACCOUNTS[2].id);
    let fp = sb
        .services
        .values()
        .find(|s| s.structure == demo::public_structure_id() && s.code == "FACTURES_PUBLIQUES")
        .unwrap()
        .id
        .clone();
    assert!(matches!(
        org::set_service_active(&sb, &gp_public, &fp, false),
        Err(DomainError::Rule(_))
    ));
}

/// gp's structure with a pending request from « user ».
fn with_request() -> (Sandbox, AccountId, StructureId, AccountId, RattachementId) {
    let (mut sb, gp, id) = with_structure();
    let user = add_account(&mut sb, "user", "user@papeterie.example", "Employé");
    let r = run(&mut sb, |sb| {
        rat::request(sb, &user, &id, &[], "Je suis comptable", t0())
    });
    (sb, gp, id, user, r)
}

#[test]
fn a_request_waits_for_the_gp_who_is_told_by_mail() {
    let (sb, _gp, id, user, r) = with_request();
    let ra = &sb.rattachements[&r];
    assert_eq!(ra.status, RattachementStatus::EnCoursDeValidation);
    assert_eq!(ra.role, Role::Utilisateur);
    assert!(subjects(&sb, "gp@papeterie.example")
        .iter()
        .any(|s| s.starts_with("Nouvelle demande de rattachement")));
    assert!(got_mail(
        &sb,
        "user@papeterie.example",
        "Demande de rattachement envoyée"
    ));
    // Pending: no access yet, and no second request.
    assert!(rat::may(&sb, &user, &id, Action::ConsulterFacturesEmises)
        .unwrap_err()
        .contains("en cours de validation"));
    assert!(rat::request(&sb, &user, &id, &[], "", t0())
        .unwrap_err()
        .for_field("structure")
        .unwrap()
        .contains("déjà en cours"));
}

#[test]
fn validation_gives_default_rights_and_a_mail() {
    let (mut sb, gp, id, user, r) = with_request();
    // The requester cannot validate their own request.
    assert!(matches!(
        rat::decide(
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
        rat::decide(
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
    assert_eq!(ra.status, RattachementStatus::Validee);
    assert_eq!(
        ra.habilitations.get(&Application::FacturesEmises),
        Some(&Habilitation::Modification)
    );
    assert!(!ra.habilitations.contains_key(&Application::Structures));
    assert!(got_mail(
        &sb,
        "user@papeterie.example",
        "Rattachement validé"
    ));
    // A plain utilisateur may issue invoices but not open the structure's settings.
    assert!(rat::may(&sb, &user, &id, Action::EmettreFactures).is_ok());
    assert!(rat::may(&sb, &user, &id, Action::ConsulterStructure)
        .unwrap_err()
        .starts_with("Accès refusé"));
    let f = StructureForm::of(&sb.structures[&id]);
    assert!(matches!(
        org::update_structure(&sb, &user, &id, &f),
        Err(DomainError::Forbidden(_))
    ));
    // Already treated: a second decision is refused.
    assert!(matches!(
        rat::decide(&sb, &gp, &id, &[r], Decision::Refuser, "", t0()),
        Err(DomainError::Rule(_))
    ));
}

#[test]
fn bulk_refusal_with_motif_then_a_new_request_reuses_the_rattachement() {
    let (mut sb, gp, id, user, r1) = with_request();
    let other = add_account(&mut sb, "other", "other@exemple.example", "Autre");
    let r2 = run(&mut sb, |sb| rat::request(sb, &other, &id, &[], "", t0()));
    let long = "x".repeat(256);
    assert!(rat::decide(
        &sb,
        &gp,
        &id,
        std::slice::from_ref(&r1),
        Decision::Refuser,
        &long,
        t0()
    )
    .unwrap_err()
    .for_field("motif")
    .is_some());
    assert!(rat::decide(&sb, &gp, &id, &[], Decision::Refuser, "", t0())
        .unwrap_err()
        .for_field("selection")
        .is_some());
    let n = run(&mut sb, |sb| {
        rat::decide(
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
        assert_eq!(sb.rattachements[r].status, RattachementStatus::Refusee);
    }
    let refused = messagerie::inbox(&sb, "other@exemple.example")
        .into_iter()
        .find(|m| m.subject.starts_with("Rattachement refusé"))
        .unwrap();
    assert!(refused.subject.starts_with("Rattachement refusé"));
    assert!(refused.body.contains("Inconnu du service"));
    let again = run(&mut sb, |sb| rat::request(sb, &user, &id, &[], "", t0()));
    assert_eq!(again, r1);
    assert_eq!(
        sb.rattachements[&r1].status,
        RattachementStatus::EnCoursDeValidation
    );
    assert_eq!(sb.rattachements[&r1].motif, None);
}

#[test]
fn habilitations_deactivation_detachment_and_reactivation() {
    let (mut sb, gp, id, user, r) = with_request();
    run(&mut sb, |sb| {
        rat::decide(
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
    run(&mut sb, |sb| rat::set_habilitations(sb, &gp, &r, &h, t0()));
    assert!(rat::may(&sb, &user, &id, Action::ModifierStructure).is_ok());
    assert!(rat::may(&sb, &user, &id, Action::EmettreFactures).is_err());
    // Not on an application the structure has not opened, not on oneself.
    let mut bad = h.clone();
    bad.insert(Application::FacturesRecues, Habilitation::Consultation);
    assert!(rat::set_habilitations(&sb, &gp, &r, &bad, t0())
        .unwrap_err()
        .for_field("habilitations")
        .is_some());
    let gp_r = rat::find(&sb, &gp, &id).unwrap().id.clone();
    assert!(rat::set_habilitations(&sb, &user, &gp_r, &h, t0()).is_err());
    // Deactivate, reactivate, detach.
    run(&mut sb, |sb| {
        rat::change_status(sb, &gp, &r, Fin::Desactiver, t0())
    });
    assert!(rat::may(&sb, &user, &id, Action::ConsulterStructure)
        .unwrap_err()
        .contains("a pris fin"));
    assert!(rat::change_status(&sb, &gp, &r, Fin::Desactiver, t0()).is_err());
    run(&mut sb, |sb| {
        rat::change_status(sb, &gp, &r, Fin::Reactiver, t0())
    });
    assert!(rat::may(&sb, &user, &id, Action::ConsulterStructure).is_ok());
    run(&mut sb, |sb| {
        rat::change_status(sb, &gp, &r, Fin::Detacher, t0())
    });
    assert_eq!(sb.rattachements[&r].status, RattachementStatus::Supprimee);
    // The GP can be neither deactivated nor detached.
    assert!(matches!(
        rat::change_status(&sb, &gp, &gp_r, Fin::Detacher, t0()),
        Err(DomainError::Forbidden(_))
    ));
}

#[test]
fn the_gp_role_can_be_transferred() {
    let (mut sb, gp, id, user, r) = with_request();
    // Only to a validated user.
    assert!(rat::transfer_gp(&sb, &gp, &id, &r, t0()).is_err());
    run(&mut sb, |sb| {
        rat::decide(
            sb,
            &gp,
            &id,
            std::slice::from_ref(&r),
            Decision::Valider,
            "",
            t0(),
        )
    });
    run(&mut sb, |sb| rat::transfer_gp(sb, &gp, &id, &r, t0()));
    assert_eq!(sb.rattachements[&r].role, Role::GestionnairePrincipal);
    let old = rat::find(&sb, &gp, &id).unwrap();
    assert_eq!(old.role, Role::Utilisateur);
    assert_eq!(
        old.habilitations.get(&Application::Structures),
        Some(&Habilitation::Modification)
    );
    assert!(rat::may(&sb, &gp, &id, Action::TransfererGestionnairePrincipal).is_err());
    assert!(rat::may(&sb, &user, &id, Action::DesactiverStructure).is_ok());
    assert!(got_mail(
        &sb,
        "user@papeterie.example",
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
    let r = run(&mut sb, |sb| {
        rat::request(sb, &agent, &public, &[], "", t0())
    });
    assert_eq!(sb.rattachements[&r].role, Role::GestionnairePrincipal);
    assert_eq!(sb.rattachements[&r].status, RattachementStatus::Validee);
    assert!(rat::may(&sb, &agent, &public, Action::TraiterFacturesRecues).is_ok());
    // The demo entity has a GP: a request there waits for him.
    let other = add_account(&mut sb, "other", "other@commune.example", "Autre");
    let r2 = run(&mut sb, |sb| {
        rat::request(sb, &other, &demo::public_structure_id(), &[], "", t0())
    });
    assert_eq!(
        sb.rattachements[&r2].status,
        RattachementStatus::EnCoursDeValidation
    );
    assert!(got_mail(&sb, demo::ACCOUNTS[2].email, "Nouvelle demande"));
    // A deactivated structure cannot be joined.
    let closed = sb
        .structures
        .values()
        .find(|s| s.status == StructureStatus::Desactivee)
        .unwrap()
        .id
        .clone();
    assert!(rat::request(&sb, &other, &closed, &[], "", t0()).is_err());
}

#[test]
fn siret_change_deactivates_the_old_structure_and_copies_it() {
    let (mut sb, gp, id, user, r) = with_request();
    run(&mut sb, |sb| {
        rat::decide(
            sb,
            &gp,
            &id,
            std::slice::from_ref(&r),
            Decision::Valider,
            "",
            t0(),
        )
    });
    let f = ServiceForm {
        code: "COMPTA".into(),
        libelle: "Comptabilité".into(),
        ..ServiceForm::default()
    };
    run(&mut sb, |sb| org::create_service(sb, &gp, &id, &f, t0()));
    let bank = BankForm {
        libelle: "Compte".into(),
        iban: "FR7630006000011234567890189".into(),
        bic: "AGRIFRPP882".into(),
        affactureur: false,
    };
    run(&mut sb, |sb| org::add_bank_account(sb, &gp, &id, &bank));
    // A plain user may not do it; the same identifier is refused.
    assert!(org::change_identifier(&sb, &user, &id, &insee(2).siret, false, t0()).is_err());
    let same = sb.structures[&id].identifier.clone();
    assert!(org::change_identifier(&sb, &gp, &id, &same, false, t0())
        .unwrap_err()
        .for_field("nouvel_identifiant")
        .is_some());
    let new_siret = insee(2).siret;
    let new_id = run(&mut sb, |sb| {
        org::change_identifier(sb, &gp, &id, &new_siret, false, t0())
    });
    let old = &sb.structures[&id];
    let new = &sb.structures[&new_id];
    assert_eq!(old.status, StructureStatus::Desactivee);
    assert_eq!(new.status, StructureStatus::Active);
    assert_eq!(new.identifier, new_siret);
    assert_eq!(new.origine.as_ref(), Some(&id));
    assert_eq!(new.bank_accounts.len(), 1);
    assert_eq!(org::services_of(&sb, &new_id).len(), 1);
    assert_eq!(
        rat::find(&sb, &gp, &new_id).unwrap().role,
        Role::GestionnairePrincipal
    );
    assert!(rat::find(&sb, &user, &new_id).unwrap().is_validated());
    assert_eq!(sb.accounts[&gp].structure_courante.as_ref(), Some(&new_id));
    // The old one can only be consulted.
    assert!(rat::may(&sb, &gp, &id, Action::ConsulterStructure).is_ok());
    assert!(rat::may(&sb, &gp, &id, Action::ModifierStructure)
        .unwrap_err()
        .contains("désactivée"));
    assert!(got_mail(
        &sb,
        "user@papeterie.example",
        "Changement d'identifiant"
    ));
}

#[test]
fn parameters_and_applications_follow_their_rules() {
    let mut sb = domain::simulation::base::sandbox();
    let gp = AccountId::from(demo::ACCOUNTS[2].id);
    let public = demo::public_structure_id();
    let bad = RecipientParameters {
        est_moa_uniquement: true,
        ..Default::default()
    };
    assert!(org::set_parameters(&sb, &gp, &public, bad).is_err());
    let p = RecipientParameters {
        ej_obligatoire: true,
        mise_en_paiement_non_remontee: true,
        ..Default::default()
    };
    run(&mut sb, |sb| org::set_parameters(sb, &gp, &public, p));
    assert_eq!(sb.structures[&public].parametres, p);
    assert!(
        org::set_applications(&sb, &gp, &public, &[Application::FacturesRecues])
            .unwrap_err()
            .for_field("applications")
            .unwrap()
            .contains("ne peut pas être retirée")
    );
    let (sb2, gp2, id2) = with_structure();
    let all = Application::ALL;
    assert!(
        org::set_applications(&sb2, &gp2, &id2, &all).is_err(),
        "Factures reçues: public only"
    );
    assert!(
        org::set_parameters(&sb2, &gp2, &id2, p).is_err(),
        "private structures have no parameters"
    );
}

#[test]
fn users_export_lists_every_rattachement_with_its_rights() {
    let (mut sb, gp, id, _user, r) = with_request();
    run(&mut sb, |sb| {
        rat::decide(sb, &gp, &id, &[r], Decision::Valider, "", t0())
    });
    let csv = rat::users_csv(&sb, &gp, &id).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("Structure;Identifiant de la structure;Nom;Prénom"));
    assert!(lines[0].ends_with("Structures;Utilisateurs"));
    let user_line = lines
        .iter()
        .find(|l| l.contains("user@papeterie.example"))
        .unwrap();
    assert!(user_line.contains(";Utilisateur;Validée;"));
    assert!(
        user_line.contains(";Modification;Application non activée;"),
        "{user_line}"
    );
    let gp_line = lines
        .iter()
        .find(|l| l.contains("gp@papeterie.example"))
        .unwrap();
    assert!(gp_line.contains("Gestionnaire principal"));
    // Text with the separator is quoted, never breaks the columns.
    let mut f = StructureForm::of(&sb.structures[&id]);
    f.libelle = "Papeterie; siège".into();
    run(&mut sb, |sb| org::update_structure(sb, &gp, &id, &f));
    let csv = rat::users_csv(&sb, &gp, &id).unwrap();
    assert!(csv
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("\"Papeterie; siège\";"));
}

#[test]
fn switching_structure_needs_a_validated_rattachement() {
    let (mut sb, gp, id) = with_structure();
    let supplier = StructureId::from(demo::FOURNISSEUR);
    assert!(rat::select_structure(&sb, &gp, &supplier).is_err());
    let gp_demo = AccountId::from(demo::ACCOUNTS[0].id);
    let r = run(&mut sb, |sb| {
        rat::request(sb, &gp, &supplier, &[], "", t0())
    });
    run(&mut sb, |sb| {
        rat::decide(sb, &gp_demo, &supplier, &[r], Decision::Valider, "", t0())
    });
    run(&mut sb, |sb| rat::select_structure(sb, &gp, &supplier));
    let a = sb.accounts[&gp].clone();
    assert_eq!(rat::current_structure(&sb, &a).unwrap().id, supplier);
    assert_eq!(rat::of_account(&sb, &gp).len(), 2);
    let _ = id;
}

#[test]
fn demo_accounts_log_in_with_the_shown_password() {
    let sb = domain::simulation::base::sandbox();
    for d in demo::ACCOUNTS {
        let id = compte::login(&sb, d.email, demo::DEMO_PASSWORD, t0())
            .unwrap()
            .value;
        assert_eq!(id.as_str(), d.id);
        assert!(sb.is_base_account(&id));
        let a = &sb.accounts[&id];
        assert!(rat::current_structure(&sb, a).is_some(), "{}", d.email);
    }
    let hugo = AccountId::from(demo::ACCOUNTS[1].id);
    let supplier = StructureId::from(demo::FOURNISSEUR);
    assert!(rat::may(&sb, &hugo, &supplier, Action::EmettreFactures).is_ok());
    assert!(rat::may(&sb, &hugo, &supplier, Action::ModifierStructure).is_err());
    let nadia = AccountId::from(demo::ACCOUNTS[3].id);
    assert!(rat::may(
        &sb,
        &nadia,
        &demo::public_structure_id(),
        Action::TraiterFacturesRecues
    )
    .is_ok());
}

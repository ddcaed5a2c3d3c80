//! The A9/A12 validation circuit: deposit to the valideur, « Valider » (titulaire, second
//! valideur), « Refuser » (motif of the list), tacit validation at exactly 15 days, the wrong
//! valideur and its correction, the simulated valideur, who may do what.

use crate::common::factures::{form_complet, structure_annuaire, MENUISERIE};
use crate::common::organisation::{subjects, with_structure};
use crate::common::{run, t0};
use chrono::Duration;
use domain::facturation::cycle::{self, Cote};
use domain::facturation::facture::{Cadre, Statut};
use domain::facturation::recherche::{self, Criteres};
use domain::facturation::saisie::{self, FormulaireFacture};
use domain::facturation::validation::{self, champs, Validation, DELAI_VALIDATION_JOURS};
use domain::kernel::ids::{CompteId, FactureId, StructureId};
use domain::organisation::droits::Application;
use domain::organisation::structure::ComportementValideur;
use domain::simulation::{demo, destinataire};
use domain::{DomainError, Record, Sandbox, Timestamp};
use std::rc::Rc;

fn sami() -> CompteId {
    CompteId::from(demo::ACCOUNTS[4].id)
}
fn claire() -> CompteId {
    CompteId::from(demo::ACCOUNTS[0].id)
}
fn hugo() -> CompteId {
    CompteId::from(demo::ACCOUNTS[1].id)
}
fn sous_traitant() -> StructureId {
    StructureId::from(demo::SOUS_TRAITANT)
}
fn menuiserie() -> StructureId {
    StructureId::from(MENUISERIE)
}

/// The sub-contractor's A9 invoice naming `valideur` (an identifier).
fn form_a9(sb: &Sandbox, valideur: &str) -> FormulaireFacture {
    FormulaireFacture {
        cadre: Cadre::A9,
        valideur: valideur.to_string(),
        coordonnees_bancaires: "demo-compte-sous-traitant".into(),
        numero: "ST-2026-001".into(),
        ..form_complet(sb)
    }
}

fn identifiant(sb: &Sandbox, s: &StructureId) -> String {
    sb.structures[s].identifier.clone()
}

/// Sami deposits an A9 invoice validated by the Menuiserie (the titulaire).
fn deposee() -> (Sandbox, FactureId) {
    let mut sb = domain::simulation::base::sandbox();
    let form = form_a9(&sb, &identifiant(&sb, &menuiserie()));
    let id = run(&mut sb, |sb| {
        saisie::envoyer(sb, &sami(), &sous_traitant(), None, &form, t0())
    })
    .facture;
    (sb, id)
}

fn statut(sb: &Sandbox, id: &FactureId) -> Statut {
    sb.factures[id].statut
}

fn statuts(sb: &Sandbox, id: &FactureId) -> Vec<Statut> {
    sb.factures[id]
        .historique
        .iter()
        .map(|e| e.statut)
        .collect()
}

fn titulaire(complement: &str) -> Validation {
    Validation {
        titulaire: true,
        complement: complement.into(),
        ..Validation::default()
    }
}

fn recues(sb: &Sandbox, dest: &StructureId) -> usize {
    recherche::rechercher(sb, recherche::Cote::Recues, dest, &Criteres::default()).total
}

fn a_valider(sb: &Sandbox, s: &StructureId) -> usize {
    recherche::rechercher(sb, recherche::Cote::AValider, s, &Criteres::default()).total
}

fn simuler(sb: &mut Sandbox, now: Timestamp) -> usize {
    run(sb, |sb| destinataire::simuler(sb, now))
}

#[test]
fn an_a9_invoice_goes_first_to_its_valideur_and_the_recipient_does_not_see_it() {
    let (sb, id) = deposee();
    let f = &sb.factures[&id];
    assert_eq!(f.statut, Statut::AValider1);
    assert_eq!(statuts(&sb, &id), [Statut::Deposee, Statut::AValider1]);
    assert_eq!(f.valideur.as_ref(), Some(&menuiserie()));
    let dest = f.destinataire.clone().unwrap();
    assert_eq!(recues(&sb, &dest), 0, "pas encore parvenue au destinataire");
    assert_eq!(a_valider(&sb, &menuiserie()), 1);
    assert_eq!(cycle::cote(&sb, &claire(), f), Ok(Cote::Valideur));
    // The titulaire's home page says so.
    let taches = domain::facturation::tableau_de_bord::a_faire(&sb, &sb.comptes[&claire()]).taches;
    assert!(
        taches.contains(&domain::facturation::tableau_de_bord::Tache::AValider(1)),
        "{taches:?}"
    );
    assert_eq!(cycle::cote(&sb, &sami(), f), Ok(Cote::Fournisseur));
    assert!(subjects(&sb, demo::ACCOUNTS[0].email)
        .contains(&"Facture n° ST-2026-001 à valider".to_string()));
    assert!(subjects(&sb, demo::ACCOUNTS[4].email)
        .iter()
        .any(|s| s.contains("À valider (1er valideur)")));
    // An A1 invoice goes straight to its recipient, as before.
    let mut sb2 = domain::simulation::base::sandbox();
    let form = FormulaireFacture {
        cadre: Cadre::A1,
        valideur: String::new(),
        ..form_a9(&sb2, "")
    };
    let id2 = run(&mut sb2, |sb| {
        saisie::envoyer(sb, &sami(), &sous_traitant(), None, &form, t0())
    })
    .facture;
    assert_eq!(statut(&sb2, &id2), Statut::MiseADisposition);
}

#[test]
fn the_titulaire_validates_and_the_invoice_reaches_its_recipient() {
    let (mut sb, id) = deposee();
    let later = t0() + Duration::hours(3);
    run(&mut sb, |sb| {
        validation::valider(sb, &claire(), &id, &titulaire("Travaux conformes."), later)
    });
    assert_eq!(
        statuts(&sb, &id),
        [
            Statut::Deposee,
            Statut::AValider1,
            Statut::Validee1,
            Statut::MiseADisposition
        ]
    );
    let f = &sb.factures[&id];
    let step = &f.historique[2];
    assert_eq!(step.par.as_ref(), Some(&claire()));
    assert_eq!(step.commentaire.as_deref(), Some("Travaux conformes."));
    assert_eq!(cycle::auteur(&sb, step), "Claire Durand");
    let dest = f.destinataire.clone().unwrap();
    assert_eq!(recues(&sb, &dest), 1);
    // The ordinary lifecycle follows: the recipient may treat it.
    assert!(cycle::traitements_possibles(&sb, f).contains(&Statut::ServiceFait));
    // Validated once: a second « Valider » is refused.
    let e = validation::valider(&sb, &claire(), &id, &titulaire(""), later).unwrap_err();
    assert_eq!(
        e,
        DomainError::Rule(
            "La facture n° ST-2026-001 n'attend pas de validation (statut « Mise à disposition »)."
                .into()
        )
    );
}

#[test]
fn validating_requires_the_titulaire_confirmation_and_the_habilitation() {
    let (sb, id) = deposee();
    // A12 (or the second level): « vous êtes titulaire » must be ticked.
    let mut sb12 = sb.clone();
    let mut f = (*sb12.factures[&id]).clone();
    f.cadre = Cadre::A12;
    sb12.put(Record::Facture(Rc::new(f)));
    let e = validation::valider(&sb12, &claire(), &id, &Validation::default(), t0()).unwrap_err();
    assert_eq!(
        e.for_field(champs::TITULAIRE),
        Some("Cochez « Vous êtes titulaire du marché » pour valider : seul le titulaire (ou le mandataire) envoie la facture au destinataire.")
    );
    // An A9 without the box and without a second valideur: the titulaire must be named.
    let e = validation::valider(&sb, &claire(), &id, &Validation::default(), t0()).unwrap_err();
    assert_eq!(
        e.for_field(champs::SECOND_VALIDEUR),
        Some("Indiquez l'identifiant (SIRET) de la structure qui valide.")
    );
    // Hugo has no habilitation on « Factures à valider »; Sami is the supplier.
    for who in [hugo(), sami()] {
        assert!(matches!(
            validation::valider(&sb, &who, &id, &titulaire(""), t0()),
            Err(DomainError::Forbidden(_))
        ));
        assert!(matches!(
            validation::refuser(&sb, &who, &id, "Facture en double", "", t0()),
            Err(DomainError::Forbidden(_))
        ));
    }
    // Too long a complement.
    let long = "x".repeat(validation::MAX_COMPLEMENT + 1);
    let e = validation::valider(&sb, &claire(), &id, &titulaire(&long), t0()).unwrap_err();
    assert!(e.for_field(champs::COMPLEMENT).is_some(), "{e:?}");
}

#[test]
fn a_refusal_needs_a_motif_of_the_list_and_returns_the_invoice_to_the_supplier() {
    let (mut sb, id) = deposee();
    let e = validation::refuser(&sb, &claire(), &id, "Parce que", "", t0()).unwrap_err();
    assert_eq!(
        e.for_field(champs::MOTIF_REFUS),
        Some("Choisissez le motif du refus dans la liste.")
    );
    let motif = validation::motifs_refus(Cadre::A9)[0];
    run(&mut sb, |sb| {
        validation::refuser(sb, &claire(), &id, motif, "Voir l'avenant 2.", t0())
    });
    assert_eq!(statut(&sb, &id), Statut::Refusee1);
    let f = &sb.factures[&id];
    let m = cycle::motif_destinataire(&sb, f).expect("le motif est montré au fournisseur");
    assert_eq!(
        m.motif.as_deref(),
        Some(format!("{motif} — Voir l'avenant 2.").as_str())
    );
    assert_eq!(m.par, "Claire Durand");
    assert_eq!(recues(&sb, f.destinataire.as_ref().unwrap()), 0);
    assert!(subjects(&sb, demo::ACCOUNTS[4].email)
        .iter()
        .any(|s| s.contains("Refusée (1er valideur)")));
    // Refused: the valideur can no longer act, the simulation leaves it alone.
    assert!(validation::valider(&sb, &claire(), &id, &titulaire(""), t0()).is_err());
    simuler(&mut sb, t0() + Duration::days(60));
    assert_eq!(statut(&sb, &id), Statut::Refusee1);
}

#[test]
fn silence_validates_tacitly_after_exactly_15_days() {
    let (mut sb, id) = deposee();
    let due = t0() + Duration::days(DELAI_VALIDATION_JOURS);
    assert_eq!(validation::echeance(&sb.factures[&id]), Some(due));
    // The Menuiserie has people: its simulated valideur stays silent.
    simuler(&mut sb, due - Duration::milliseconds(1));
    assert_eq!(
        statut(&sb, &id),
        Statut::AValider1,
        "pas une milliseconde avant"
    );
    simuler(&mut sb, due);
    assert_eq!(
        statuts(&sb, &id),
        [
            Statut::Deposee,
            Statut::AValider1,
            Statut::AbsenceValidation1HorsDelai,
            Statut::MiseADisposition
        ]
    );
    let f = &sb.factures[&id];
    assert!(f.historique[2..]
        .iter()
        .all(|e| e.at == due && e.par.is_none()));
    assert_eq!(cycle::auteur(&sb, &f.historique[2]), "Chorus Pro (système)");
    assert_eq!(recues(&sb, f.destinataire.as_ref().unwrap()), 1);
    // Nothing more is due: an idle sandbox writes nothing.
    let out = destinataire::simuler(&sb, due).unwrap();
    assert!(out.changes.is_empty());
}

#[test]
fn a_co_contractor_names_the_titulaire_who_validates_second() {
    // Sami's structure sub-contracts for the Menuiserie, itself a cotraitant; the Papeterie is the
    // titulaire (mandataire) of the marché.
    let (mut sb, papeterie_gp, papeterie) = with_structure();
    let mut p = (*sb.structures[&papeterie]).clone();
    p.applications.push(Application::FacturesAValider);
    sb.put(Record::Structure(Rc::new(p)));
    let form = form_a9(&sb, &identifiant(&sb, &menuiserie()));
    let id = run(&mut sb, |sb| {
        saisie::envoyer(sb, &sami(), &sous_traitant(), None, &form, t0())
    })
    .facture;
    // The second valideur may be neither the first one nor the sub-contractor.
    let moi = Validation {
        second_valideur: identifiant(&sb, &menuiserie()),
        ..Validation::default()
    };
    let e = validation::valider(&sb, &claire(), &id, &moi, t0()).unwrap_err();
    assert!(e.for_field(champs::SECOND_VALIDEUR).is_some());
    let v = Validation {
        titulaire: false,
        second_valideur: identifiant(&sb, &papeterie),
        complement: "Conforme à notre part du groupement.".into(),
    };
    let t1 = t0() + Duration::days(1);
    run(&mut sb, |sb| {
        validation::valider(sb, &claire(), &id, &v, t1)
    });
    assert_eq!(statut(&sb, &id), Statut::AValider2);
    assert_eq!(sb.factures[&id].valideur_2.as_ref(), Some(&papeterie));
    assert_eq!(a_valider(&sb, &papeterie), 1);
    assert!(subjects(&sb, crate::common::organisation::GP_EMAIL)
        .contains(&"Facture n° ST-2026-001 à valider".to_string()));
    // The cotraitant cannot validate the second level in the titulaire's place.
    assert!(matches!(
        validation::valider(&sb, &claire(), &id, &titulaire(""), t1),
        Err(DomainError::Forbidden(_))
    ));
    // Second level: only as titulaire.
    let e = validation::valider(&sb, &papeterie_gp, &id, &v, t1).unwrap_err();
    assert!(e.for_field(champs::TITULAIRE).is_some());
    // Its own 15 days: tacit at exactly t1 + 15 days.
    let due = t1 + Duration::days(DELAI_VALIDATION_JOURS);
    simuler(&mut sb, due - Duration::seconds(1));
    assert_eq!(statut(&sb, &id), Statut::AValider2);
    simuler(&mut sb, due);
    assert_eq!(
        statuts(&sb, &id)[2..],
        [
            Statut::Validee1,
            Statut::AValider2,
            Statut::AbsenceValidation2HorsDelai,
            Statut::MiseADisposition
        ]
    );
}

#[test]
fn the_second_valideur_validates_as_titulaire() {
    let (mut sb, papeterie_gp, papeterie) = with_structure();
    let mut p = (*sb.structures[&papeterie]).clone();
    p.applications.push(Application::FacturesAValider);
    sb.put(Record::Structure(Rc::new(p)));
    let form = form_a9(&sb, &identifiant(&sb, &menuiserie()));
    let id = run(&mut sb, |sb| {
        saisie::envoyer(sb, &sami(), &sous_traitant(), None, &form, t0())
    })
    .facture;
    let v = Validation {
        second_valideur: identifiant(&sb, &papeterie),
        ..Validation::default()
    };
    run(&mut sb, |sb| {
        validation::valider(sb, &claire(), &id, &v, t0())
    });
    run(&mut sb, |sb| {
        validation::valider(sb, &papeterie_gp, &id, &titulaire("OK"), t0())
    });
    assert_eq!(
        statuts(&sb, &id)[2..],
        [
            Statut::Validee1,
            Statut::AValider2,
            Statut::Validee2,
            Statut::MiseADisposition
        ]
    );
}

#[test]
fn a_wrong_valideur_is_reported_then_corrected_by_the_supplier() {
    let (mut sb, _, papeterie) = with_structure();
    let mut p = (*sb.structures[&papeterie]).clone();
    p.applications.push(Application::FacturesAValider);
    sb.put(Record::Structure(Rc::new(p)));
    let form = form_a9(&sb, &identifiant(&sb, &menuiserie()));
    let id = run(&mut sb, |sb| {
        saisie::envoyer(sb, &sami(), &sous_traitant(), None, &form, t0())
    })
    .facture;
    let t1 = t0() + Duration::days(3);
    run(&mut sb, |sb| {
        validation::signaler_erreur_valideur(sb, &claire(), &id, t1)
    });
    assert_eq!(statut(&sb, &id), Statut::ErreurFournisseurSurValideur);
    let f = sb.factures[&id].clone();
    assert!(validation::peut_corriger(&sb, &sami(), &f));
    assert!(!validation::peut_corriger(&sb, &claire(), &f));
    assert_eq!(
        cycle::motif_destinataire(&sb, &f).unwrap().statut,
        Statut::ErreurFournisseurSurValideur
    );
    // The silence rule does not run while the supplier must correct.
    simuler(&mut sb, t1 + Duration::days(40));
    assert_eq!(statut(&sb, &id), Statut::ErreurFournisseurSurValideur);
    // The same structure again is refused; an unknown identifier too; only the supplier may.
    let same = identifiant(&sb, &menuiserie());
    let e = validation::corriger_valideur(&sb, &sami(), &id, &same, "", t1).unwrap_err();
    assert!(e.for_field(champs::VALIDEUR).is_some());
    let e = validation::corriger_valideur(&sb, &sami(), &id, "12345678900000", "", t1).unwrap_err();
    assert!(e
        .for_field(champs::VALIDEUR)
        .unwrap()
        .starts_with("Aucune structure active"));
    let right = identifiant(&sb, &papeterie);
    assert!(matches!(
        validation::corriger_valideur(&sb, &claire(), &id, &right, "", t1),
        Err(DomainError::Forbidden(_))
    ));
    let t2 = t1 + Duration::days(1);
    run(&mut sb, |sb| {
        validation::corriger_valideur(sb, &sami(), &id, &right, "", t2)
    });
    let f = &sb.factures[&id];
    assert_eq!(f.statut, Statut::AValider1);
    assert_eq!(f.valideur.as_ref(), Some(&papeterie));
    assert_eq!(f.evenements.last().unwrap().par.as_ref(), Some(&sami()));
    assert_eq!(a_valider(&sb, &papeterie), 1);
    // The 15 days run again from the correction.
    assert_eq!(
        validation::echeance(f),
        Some(t2 + Duration::days(DELAI_VALIDATION_JOURS))
    );
}

#[test]
fn a_wrong_second_valideur_is_reported_then_corrected_by_the_co_contractor() {
    // The Menuiserie, cotraitant, names the wrong titulaire (the demo architecture firm) at the
    // second level; the firm says so; the Menuiserie corrects it to the Papeterie.
    let (mut sb, _, papeterie) = with_structure();
    let lemaire = StructureId::from(demo::MAITRE_OEUVRE);
    for s in [&papeterie, &lemaire] {
        let mut p = (*sb.structures[s]).clone();
        p.applications.push(Application::FacturesAValider);
        sb.put(Record::Structure(Rc::new(p)));
    }
    let form = form_a9(&sb, &identifiant(&sb, &menuiserie()));
    let id = run(&mut sb, |sb| {
        saisie::envoyer(sb, &sami(), &sous_traitant(), None, &form, t0())
    })
    .facture;
    let (faux, juste) = (identifiant(&sb, &lemaire), identifiant(&sb, &papeterie));
    let v = Validation {
        titulaire: false,
        second_valideur: faux.clone(),
        complement: String::new(),
    };
    run(&mut sb, |sb| {
        validation::valider(sb, &claire(), &id, &v, t0())
    });
    assert_eq!(statut(&sb, &id), Statut::AValider2);
    let julie = CompteId::from("demo-julie-lemaire");
    let t1 = t0() + Duration::days(2);
    run(&mut sb, |sb| {
        validation::signaler_erreur_valideur(sb, &julie, &id, t1)
    });
    assert_eq!(statut(&sb, &id), Statut::ErreurCotraitantSurValideur);
    // The co-contractor corrects, not the sub-contractor.
    let f = sb.factures[&id].clone();
    assert!(validation::peut_corriger(&sb, &claire(), &f));
    assert!(!validation::peut_corriger(&sb, &sami(), &f));
    assert!(matches!(
        validation::corriger_valideur(&sb, &sami(), &id, &juste, "", t1),
        Err(DomainError::Forbidden(_))
    ));
    // No tacit validation while the valideur is wrong.
    simuler(&mut sb, t1 + Duration::days(40));
    assert_eq!(statut(&sb, &id), Statut::ErreurCotraitantSurValideur);
    // The structure that just declined is refused again.
    let e = validation::corriger_valideur(&sb, &claire(), &id, &faux, "", t1).unwrap_err();
    assert!(e.for_field(champs::VALIDEUR).is_some());
    let t2 = t1 + Duration::days(1);
    run(&mut sb, |sb| {
        validation::corriger_valideur(sb, &claire(), &id, &juste, "", t2)
    });
    let f = &sb.factures[&id];
    assert_eq!(f.statut, Statut::AValider2);
    assert_eq!(f.valideur_2.as_ref(), Some(&papeterie));
    assert_eq!(
        f.valideur.as_ref(),
        Some(&menuiserie()),
        "the first level is kept"
    );
    assert_eq!(a_valider(&sb, &papeterie), 1);
    assert_eq!(
        validation::echeance(f),
        Some(t2 + Duration::days(DELAI_VALIDATION_JOURS))
    );
}

#[test]
fn the_simulated_valideur_validates_or_refuses_after_two_days() {
    for (c, attendu) in [
        (ComportementValideur::Valide, Statut::MiseADisposition),
        (ComportementValideur::Refuse, Statut::Refusee1),
    ] {
        let (mut sb, id) = deposee();
        run(&mut sb, |sb| {
            validation::regler_valideur_simule(sb, &menuiserie(), c)
        });
        simuler(&mut sb, t0() + Duration::days(1));
        assert_eq!(statut(&sb, &id), Statut::AValider1);
        simuler(&mut sb, t0() + Duration::days(2));
        assert_eq!(statut(&sb, &id), attendu);
        let f = &sb.factures[&id];
        assert!(f.historique[2].simule);
        assert_eq!(
            cycle::auteur(&sb, &f.historique[2]),
            "Agent simulé du valideur"
        );
    }
    // A structure nobody works for validates by default.
    let sb = domain::simulation::base::sandbox();
    let annuaire = &sb.structures[&structure_annuaire(crate::common::factures::RIVEBELLE)];
    let mut lone = (**annuaire).clone();
    lone.id = StructureId::from("personne");
    assert_eq!(
        validation::comportement_valideur(&sb, &lone),
        ComportementValideur::Valide
    );
    assert_eq!(
        validation::comportement_valideur(&sb, &sb.structures[&menuiserie()]),
        ComportementValideur::Silencieux
    );
}

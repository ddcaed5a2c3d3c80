//! The invoice lifecycle: the full transition matrix, each side's actions and their
//! preconditions, acknowledgements, notifications, and the simulated recipient with the clock.

use crate::common::factures::{
    menuiserie, structure_annuaire, CLAIRE, COMPTE_PRINCIPAL, HUGO, MARC, NADIA, RIVEBELLE,
    SAINT_ORMEAU,
};
use crate::common::{run, t0};
use chrono::Duration;
use domain::facturation::cycle::{
    self, acteur, reponses, transition, Acteur, Recyclage, Traitement, TRAITEMENTS,
};
use domain::facturation::facture::{CodeAction, ModeDepot, PieceJointe, Statut};
use domain::facturation::notifications;
use domain::facturation::saisie::{self, FormulaireFacture, FormulaireLigne};
use domain::kernel::ids::{CompteId, FactureId, PieceJointeId};
use domain::organisation::structure::Comportement;
use domain::organisation::structure::ParametresDestinataire;
use domain::simulation::destinataire;
use domain::{DomainError, Sandbox, Timestamp};

fn rule(m: &str) -> DomainError {
    DomainError::Rule(m.to_string())
}

fn id(s: &str) -> CompteId {
    CompteId::from(s)
}

fn form(dest: &str, service: &str, numero: &str) -> FormulaireFacture {
    FormulaireFacture {
        destinataire: dest.into(),
        code_service: service.into(),
        coordonnees_bancaires: COMPTE_PRINCIPAL.into(),
        numero: numero.into(),
        date: "2026-11-20".into(),
        lignes: vec![FormulaireLigne {
            designation: "Fenêtre".into(),
            quantite: "2".into(),
            prix: "300".into(),
            taux: "2000".into(),
            ..FormulaireLigne::default()
        }],
        ..FormulaireFacture::nouvelle(ModeDepot::SaisiePortail)
    }
}

/// An invoice sent by Claire to the Ville de Rivebelle (service ACHATS), where Nadia works.
fn sent(sb: &mut Sandbox, numero: &str) -> FactureId {
    let f = form(RIVEBELLE, "ACHATS", numero);
    run(sb, |sb| {
        saisie::envoyer(sb, &id(CLAIRE), &menuiserie(), None, &f, t0())
    })
    .facture
}

fn treat(statut: Statut, motif: &str) -> Traitement {
    Traitement {
        statut: statut.code().to_string(),
        motif: motif.to_string(),
        mandat: String::new(),
    }
}

fn at(days: i64) -> Timestamp {
    t0() + Duration::days(days)
}

#[test]
fn the_transition_matrix_is_exhaustive_and_as_the_portal_allows() {
    let plain = ParametresDestinataire::default();
    let chain = [
        Statut::MiseADisposition,
        Statut::ServiceFait,
        Statut::Mandatee,
        Statut::MiseADispositionComptable,
        Statut::Comptabilisee,
        Statut::MiseEnPaiement,
    ];
    let mut allowed = 0;
    for from in Statut::ALL {
        for to in Statut::ALL {
            let ok = transition(from, to, &plain).is_ok();
            let pos = |s| chain.iter().position(|c| *c == s);
            let expected = match (from, to) {
                (Statut::Brouillon, Statut::Deposee) => true,
                (Statut::Deposee | Statut::ARecycler, Statut::MiseADisposition) => true,
                (Statut::Suspendue, Statut::Completee) => true,
                (
                    Statut::MiseADisposition | Statut::Completee,
                    Statut::ARecycler | Statut::Suspendue | Statut::Rejetee,
                ) => true,
                (Statut::Completee, t) => pos(t).is_some_and(|b| b > 0),
                (f, t) => matches!((pos(f), pos(t)), (Some(a), Some(b)) if b > a),
            };
            assert_eq!(ok, expected, "{from:?} → {to:?}");
            allowed += usize::from(ok);
        }
    }
    // 1 deposit + 2 mises à disposition + 1 complétion + 2 × 3 returns + 5 + 5 + 4 + 3 + 2 + 1 steps.
    assert_eq!(allowed, 30, "cells allowed");
    // Terminal states say why.
    assert!(transition(Statut::Rejetee, Statut::ServiceFait, &plain)
        .unwrap_err()
        .contains("état final"));
    assert!(transition(Statut::MiseEnPaiement, Statut::Rejetee, &plain)
        .unwrap_err()
        .contains("terminé"));
    // A structure that does not report the payment never shows it.
    let sans_mep = ParametresDestinataire {
        mise_en_paiement_non_remontee: true,
        ..plain
    };
    for from in Statut::ALL {
        let attendu = match from {
            Statut::Rejetee => "La facture est rejetée : c'est un état final, le fournisseur émet une nouvelle facture.",
            Statut::MiseEnPaiement => "La facture est mise en paiement : son traitement est terminé.",
            _ => "Cette structure ne remonte pas le statut « Mise en paiement » (paramètre de l'annuaire).",
        };
        assert_eq!(
            transition(from, Statut::MiseEnPaiement, &sans_mep),
            Err(attendu.to_string()),
            "{from:?}"
        );
    }
    // Who sets what.
    assert_eq!(acteur(Statut::Completee), Acteur::Fournisseur);
    assert_eq!(acteur(Statut::Rejetee), Acteur::Destinataire);
    assert_eq!(acteur(Statut::MiseEnPaiement), Acteur::Comptable);
    assert_eq!(acteur(Statut::Deposee), Acteur::Systeme);
    assert!(TRAITEMENTS
        .iter()
        .all(|s| matches!(acteur(*s), Acteur::Destinataire | Acteur::Comptable)));
}

#[test]
fn status_action_actor_every_cell_follows_the_rules() {
    // For each current status reached on a real invoice, each recipient status, and each actor:
    // the command accepts exactly when the actor may treat received invoices and the
    // transition is allowed.
    let mut base = domain::simulation::base::sandbox();
    let f = sent(&mut base, "MATRICE");
    let reach: Vec<(Statut, Vec<Statut>)> = vec![
        (Statut::MiseADisposition, vec![]),
        (Statut::Suspendue, vec![Statut::Suspendue]),
        (Statut::ARecycler, vec![Statut::ARecycler]),
        (Statut::Rejetee, vec![Statut::Rejetee]),
        (Statut::ServiceFait, vec![Statut::ServiceFait]),
        (Statut::Mandatee, vec![Statut::Mandatee]),
        (
            Statut::MiseADispositionComptable,
            vec![Statut::MiseADispositionComptable],
        ),
        (Statut::Comptabilisee, vec![Statut::Comptabilisee]),
        (Statut::MiseEnPaiement, vec![Statut::MiseEnPaiement]),
    ];
    let actors = [NADIA, MARC, CLAIRE, HUGO];
    let mut checked = 0;
    for (current, path) in reach {
        let mut sb = base.clone();
        for s in path {
            run(&mut sb, |sb| {
                cycle::traiter(
                    sb,
                    &id(MARC),
                    std::slice::from_ref(&f),
                    &treat(s, "motif"),
                    t0(),
                )
            });
        }
        assert_eq!(sb.factures[&f].statut, current);
        for target in TRAITEMENTS {
            for actor in actors {
                let r = cycle::traiter(
                    &sb,
                    &id(actor),
                    std::slice::from_ref(&f),
                    &treat(target, "motif"),
                    t0(),
                );
                let may = matches!(actor, NADIA | MARC);
                let expected = may && transition(current, target, &Default::default()).is_ok();
                assert_eq!(
                    r.is_ok(),
                    expected,
                    "{current:?} → {target:?} by {actor}: {r:?}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 9 * 8 * 4);
}

#[test]
fn reject_and_suspend_need_a_motif_recycling_a_comment() {
    let mut sb = domain::simulation::base::sandbox();
    let f = sent(&mut sb, "MOTIFS");
    for s in [Statut::Rejetee, Statut::Suspendue, Statut::ARecycler] {
        let err = cycle::traiter(
            &sb,
            &id(NADIA),
            std::slice::from_ref(&f),
            &treat(s, "  "),
            t0(),
        )
        .unwrap_err();
        assert!(
            err.for_field(cycle::traitement::champs::MOTIF).is_some(),
            "{s:?}"
        );
    }
    let long = "x".repeat(256);
    let err = cycle::traiter(
        &sb,
        &id(NADIA),
        std::slice::from_ref(&f),
        &treat(Statut::Rejetee, &long),
        t0(),
    )
    .unwrap_err();
    assert!(err
        .for_field(cycle::traitement::champs::MOTIF)
        .unwrap()
        .contains("255"));
    let mut t = treat(Statut::ServiceFait, "");
    t.mandat = "M-1".into();
    assert!(
        cycle::traiter(&sb, &id(NADIA), std::slice::from_ref(&f), &t, t0())
            .unwrap_err()
            .for_field(cycle::traitement::champs::MANDAT)
            .is_some()
    );
    t.statut = Statut::Mandatee.code().into();
    run(&mut sb, |sb| {
        cycle::traiter(sb, &id(NADIA), std::slice::from_ref(&f), &t, t0())
    });
    let last = sb.factures[&f].historique.last().unwrap().clone();
    assert_eq!(last.mandat.as_deref(), Some("M-1"));
    assert_eq!(last.par, Some(id(NADIA)));
}

#[test]
fn several_invoices_are_treated_together_or_not_at_all() {
    let mut sb = domain::simulation::base::sandbox();
    let a = sent(&mut sb, "LOT-1");
    let b = sent(&mut sb, "LOT-2");
    run(&mut sb, |sb| {
        cycle::traiter(
            sb,
            &id(NADIA),
            std::slice::from_ref(&b),
            &treat(Statut::Rejetee, "Erreur"),
            t0(),
        )
    });
    let err = cycle::traiter(
        &sb,
        &id(NADIA),
        &[a.clone(), b.clone()],
        &treat(Statut::ServiceFait, ""),
        t0(),
    )
    .unwrap_err();
    assert!(
        matches!(&err, DomainError::Rule(m) if m.contains("LOT-2") && m.contains("Aucune facture"))
    );
    assert_eq!(
        sb.factures[&a].statut,
        Statut::MiseADisposition,
        "nothing changed"
    );
    let c = sent(&mut sb, "LOT-3");
    let n = run(&mut sb, |sb| {
        cycle::traiter(
            sb,
            &id(NADIA),
            &[a.clone(), c.clone()],
            &treat(Statut::ServiceFait, ""),
            t0(),
        )
    });
    assert_eq!(n, 2);
    assert_eq!(
        cycle::traiter(&sb, &id(NADIA), &[], &treat(Statut::ServiceFait, ""), t0()),
        Err(rule("Sélectionnez au moins une facture."))
    );
}

#[test]
fn the_supplier_completes_a_suspended_invoice_and_acknowledges() {
    let mut sb = domain::simulation::base::sandbox();
    let f = sent(&mut sb, "SUSP-1");
    assert_eq!(
        cycle::completer(&sb, &id(CLAIRE), &f, "voici", &[], t0()),
        Err(rule("Seule une facture suspendue se complète.")),
        "not suspended"
    );
    run(&mut sb, |sb| {
        cycle::traiter(
            sb,
            &id(NADIA),
            std::slice::from_ref(&f),
            &treat(Statut::Suspendue, "Bon de livraison manquant"),
            t0(),
        )
    });
    assert!(sb.factures[&f].a_acquitter());
    let list = cycle::a_acquitter(&sb, &id(CLAIRE), at(1));
    assert_eq!(list.len(), 1);
    assert!(!list[0].obligatoire);
    assert!(
        cycle::a_acquitter(&sb, &id(CLAIRE), at(7))[0].obligatoire,
        "mandatory after 7 days"
    );
    assert!(
        cycle::a_acquitter(&sb, &id(NADIA), at(1)).is_empty(),
        "the recipient does not acknowledge"
    );
    // Nothing to complete with.
    let err = cycle::completer(&sb, &id(CLAIRE), &f, " ", &[], t0()).unwrap_err();
    assert!(err
        .for_field(reponses::champs::COMPLEMENT_COMMENTAIRE)
        .is_some());
    let bad = PieceJointe {
        id: PieceJointeId::from("dd01"),
        nom: "x.exe".into(),
        taille: 3,
        principale: false,
    };
    assert!(cycle::completer(&sb, &id(CLAIRE), &f, "", &[bad], t0())
        .unwrap_err()
        .for_field(reponses::champs::COMPLEMENT_PIECES)
        .is_some());
    run(&mut sb, |sb| {
        cycle::acquitter(sb, &id(CLAIRE), std::slice::from_ref(&f), at(1))
    });
    assert!(!sb.factures[&f].a_acquitter());
    assert_eq!(
        cycle::acquitter(&sb, &id(CLAIRE), std::slice::from_ref(&f), at(1)),
        Err(rule("Facture n° SUSP-1 : il n'y a rien à acquitter.")),
        "once"
    );
    let pj = PieceJointe {
        id: PieceJointeId::from("dd02"),
        nom: "bon-livraison.pdf".into(),
        taille: 1200,
        principale: false,
    };
    run(&mut sb, |sb| {
        cycle::completer(sb, &id(CLAIRE), &f, "Bon de livraison joint", &[pj], at(2))
    });
    let inv = &sb.factures[&f];
    assert_eq!(inv.statut, Statut::Completee);
    assert_eq!(inv.pieces.len(), 1);
    assert!(inv.evenements[0].libelle.contains("bon-livraison.pdf"));
    assert_eq!(inv.actions[0].code, CodeAction::AcquittementSuspension);
    // The recipient may continue from COMPLETEE.
    run(&mut sb, |sb| {
        cycle::traiter(
            sb,
            &id(NADIA),
            std::slice::from_ref(&f),
            &treat(Statut::ServiceFait, ""),
            at(3),
        )
    });
}

#[test]
fn recycling_changes_only_the_routing_and_keeps_the_number() {
    let mut sb = domain::simulation::base::sandbox();
    let f = sent(&mut sb, "RECY-1");
    let r = Recyclage {
        destinataire: RIVEBELLE.into(),
        code_service: "DSI".into(),
        ej: String::new(),
    };
    assert_eq!(
        cycle::recycler(&sb, &id(CLAIRE), &f, &r, t0()),
        Err(rule("Seule une facture « À recycler » se recycle.")),
        "not à recycler"
    );
    run(&mut sb, |sb| {
        cycle::traiter(
            sb,
            &id(NADIA),
            std::slice::from_ref(&f),
            &treat(Statut::ARecycler, "Mauvais service : DSI"),
            t0(),
        )
    });
    let same = Recyclage {
        destinataire: RIVEBELLE.into(),
        code_service: "ACHATS".into(),
        ej: String::new(),
    };
    assert!(cycle::recycler(&sb, &id(CLAIRE), &f, &same, t0())
        .unwrap_err()
        .for_field(reponses::champs::RECYCLAGE_DESTINATAIRE)
        .unwrap()
        .contains("Rien n'a changé"));
    let missing = Recyclage {
        destinataire: RIVEBELLE.into(),
        code_service: String::new(),
        ej: String::new(),
    };
    assert_eq!(
        cycle::recycler(&sb, &id(CLAIRE), &f, &missing, t0())
            .unwrap_err()
            .for_field(reponses::champs::RECYCLAGE_CODE_SERVICE),
        Some("Ce destinataire exige un code service : choisissez l'un de ses services actifs.")
    );
    // The new recipient's EJ requirement lands on « Recycler »'s EJ field.
    let (ej_requis, _) = crate::common::factures::recipient(
        &sb,
        domain::organisation::structure::ProfilDestinataire::EjObligatoire,
    );
    let sans_ej = Recyclage {
        destinataire: ej_requis.identifier.clone(),
        code_service: String::new(),
        ej: String::new(),
    };
    let err = cycle::recycler(&sb, &id(CLAIRE), &f, &sans_ej, t0()).unwrap_err();
    assert_eq!(
        err.for_field(reponses::champs::RECYCLAGE_EJ),
        Some("Ce destinataire exige un numéro d'engagement juridique (EJ) : saisissez celui de son bon de commande.")
    );
    assert_eq!(err.field_errors().len(), 1, "{err:?}");
    assert_eq!(
        cycle::recycler(&sb, &id(NADIA), &f, &r, t0()),
        Err(DomainError::Forbidden(
            "Accès refusé : vous ne pouvez pas saisir ou déposer des factures — vous n'êtes pas rattaché(e) à cette structure.".into()
        )),
        "the supplier recycles"
    );
    run(&mut sb, |sb| {
        cycle::recycler(sb, &id(CLAIRE), &f, &r, at(1))
    });
    let inv = &sb.factures[&f];
    assert_eq!(inv.statut, Statut::MiseADisposition);
    assert_eq!(inv.code_service, "DSI");
    assert_eq!(inv.numero, "RECY-1");
    assert!(inv
        .evenements
        .last()
        .unwrap()
        .libelle
        .contains("ACHATS → 92675667700130 / DSI"));
    // Recycling to another structure.
    run(&mut sb, |sb| {
        cycle::traiter(
            sb,
            &id(NADIA),
            std::slice::from_ref(&f),
            &treat(Statut::ARecycler, "Pas chez nous"),
            at(2),
        )
    });
    let elsewhere = Recyclage {
        destinataire: SAINT_ORMEAU.into(),
        code_service: String::new(),
        ej: String::new(),
    };
    run(&mut sb, |sb| {
        cycle::recycler(sb, &id(CLAIRE), &f, &elsewhere, at(3))
    });
    assert_eq!(
        sb.factures[&f].destinataire.as_ref().unwrap().as_str(),
        structure_annuaire(SAINT_ORMEAU).as_str()
    );
    assert_eq!(
        cycle::traiter(
            &sb,
            &id(NADIA),
            std::slice::from_ref(&f),
            &treat(Statut::ServiceFait, ""),
            at(3)
        ),
        Err(DomainError::Forbidden("Aucune facture n'a été traitée. Facture n° RECY-1 : Accès refusé : vous ne pouvez pas traiter les factures reçues — vous n'êtes pas rattaché(e) à cette structure.".to_string())),
        "no longer Nadia's: a permission refused is a refusal"
    );
}

#[test]
fn a_rejection_is_acknowledged_then_treated_and_leaves_the_synthese() {
    let mut sb = domain::simulation::base::sandbox();
    let f = sent(&mut sb, "REJ-1");
    run(&mut sb, |sb| {
        cycle::traiter(
            sb,
            &id(NADIA),
            std::slice::from_ref(&f),
            &treat(Statut::Rejetee, "Montant erroné"),
            t0(),
        )
    });
    assert!(
        cycle::traiter_rejet(&sb, &id(HUGO), std::slice::from_ref(&f), at(1)).is_ok(),
        "Hugo issues invoices"
    );
    run(&mut sb, |sb| {
        cycle::acquitter(sb, &id(HUGO), std::slice::from_ref(&f), at(1))
    });
    run(&mut sb, |sb| {
        cycle::traiter_rejet(sb, &id(CLAIRE), std::slice::from_ref(&f), at(1))
    });
    let inv = &sb.factures[&f];
    assert!(inv.rejet_traite());
    let codes: Vec<CodeAction> = inv.actions.iter().map(|a| a.code).collect();
    assert_eq!(
        codes,
        vec![CodeAction::AcquittementRejet, CodeAction::TraitementRejet]
    );
    assert_eq!(
        cycle::traiter_rejet(&sb, &id(CLAIRE), std::slice::from_ref(&f), at(1)),
        Err(rule("Facture n° REJ-1 : rejet déjà traité.")),
        "once"
    );
    // An avoir can be raised from an invoice.
    let avoir = run(&mut sb, |sb| cycle::creer_avoir(sb, &id(CLAIRE), &f, at(2)));
    let a = &sb.factures[&avoir];
    assert!(a.is_draft());
    assert_eq!(a.facture_origine, "REJ-1");
    assert_eq!(a.type_facture.code(), "AVOIR");
    // Dated today (the sandbox's Paris day), like a new invoice; named by its type and date.
    let today = domain::kernel::time::paris_date(at(2));
    assert_eq!(a.date, Some(today));
    let jour = domain::kernel::time::day_fr(today);
    assert_eq!(a.designation_liste(), format!("Avoir du {jour}"));
    assert_eq!(
        a.titre(),
        format!("Avoir du {jour} (brouillon sans numéro)")
    );
    let mut numerote = (**a).clone();
    numerote.numero = "AV-1".into();
    assert_eq!(numerote.designation_liste(), "AV-1");
    assert_eq!(numerote.titre(), "Avoir n° AV-1");
    assert_eq!(
        numerote.message_envoi(),
        "L'avoir n° AV-1 est validé, il est en cours de transmission."
    );
    let origine = &sb.factures[&f];
    assert_eq!(origine.titre(), "Facture n° REJ-1");
    assert_eq!(
        origine.message_envoi(),
        "La facture n° REJ-1 est validée, elle est en cours de transmission."
    );
    let mut sans_date = (**a).clone();
    sans_date.date = None;
    assert_eq!(sans_date.designation_liste(), "Avoir sans date");
}

#[test]
fn downloads_are_recorded_for_the_recipient_only() {
    let mut sb = domain::simulation::base::sandbox();
    let f = sent(&mut sb, "DL-1");
    assert_eq!(
        cycle::telecharger(&sb, &id(CLAIRE), &f, t0()),
        Err(DomainError::Forbidden(
            "Accès refusé : vous ne pouvez pas consulter les factures reçues — vous n'êtes pas rattaché(e) à cette structure.".into()
        ))
    );
    run(&mut sb, |sb| cycle::telecharger(sb, &id(NADIA), &f, t0()));
    assert!(sb.factures[&f].telechargee());
    let inv = sb.factures[&f].clone();
    assert_eq!(
        cycle::cote(&sb, &id(NADIA), &inv),
        Ok(cycle::Cote::Destinataire)
    );
    assert_eq!(
        cycle::cote(&sb, &id(CLAIRE), &inv),
        Ok(cycle::Cote::Fournisseur)
    );
    assert_eq!(
        cycle::cote(&sb, &CompteId::from("inconnu"), &inv),
        Err("Accès refusé : vous ne pouvez pas consulter les factures émises — vous n'êtes pas rattaché(e) à cette structure.".to_string())
    );
}

#[test]
fn a_zip_of_several_invoices_records_each_download_or_none() {
    let mut sb = domain::simulation::base::sandbox();
    let a = sent(&mut sb, "DL-A");
    let b = sent(&mut sb, "DL-B");
    assert!(cycle::telecharger_lot(&sb, &id(NADIA), &[], t0()).is_err());
    // The supplier may not: nothing recorded.
    assert!(matches!(
        cycle::telecharger_lot(&sb, &id(CLAIRE), &[a.clone(), b.clone()], t0()),
        Err(DomainError::Forbidden(_))
    ));
    assert!(!sb.factures[&a].telechargee());
    run(&mut sb, |sb| {
        cycle::telecharger_lot(sb, &id(NADIA), &[a.clone(), b.clone()], t0())
    });
    assert!(sb.factures[&a].telechargee());
    assert!(sb.factures[&b].telechargee());
}

#[test]
fn each_status_change_notifies_the_suppliers_users_as_they_chose() {
    let mut sb = domain::simulation::base::sandbox();
    let claire_mail = "claire.durand@menuiserie-durand.example";
    let hugo_mail = "hugo.petit@menuiserie-durand.example";
    let count = |sb: &Sandbox, to: &str| sb.courriels.values().filter(|m| m.to == to).count();
    let f = sent(&mut sb, "NOTIF-1");
    assert_eq!(count(&sb, claire_mail), 1, "deposit notified");
    assert_eq!(count(&sb, hugo_mail), 1);
    // The GP cannot switch them off (the page reads why); a user can.
    let raison = notifications::notifications_imposees(&sb, &id(CLAIRE));
    assert!(raison.is_some_and(|r| r.contains("gestionnaire principal")));
    assert_eq!(notifications::notifications_imposees(&sb, &id(HUGO)), None);
    let err = notifications::regler_notifications(&sb, &id(CLAIRE), false).unwrap_err();
    assert_eq!(
        err.for_field(notifications::champs::NOTIFICATIONS_FACTURES),
        raison
    );
    assert!(err
        .for_field(notifications::champs::NOTIFICATIONS_FACTURES)
        .unwrap()
        .contains("gestionnaire principal"));
    run(&mut sb, |sb| {
        notifications::regler_notifications(sb, &id(HUGO), false)
    });
    run(&mut sb, |sb| {
        cycle::traiter(
            sb,
            &id(NADIA),
            std::slice::from_ref(&f),
            &treat(Statut::Suspendue, "Pièce manquante"),
            t0(),
        )
    });
    assert_eq!(count(&sb, claire_mail), 2);
    assert_eq!(count(&sb, hugo_mail), 1, "Hugo switched them off");
    let mail = sb
        .courriels
        .values()
        .find(|m| m.to == claire_mail && m.subject.contains("Suspendue"))
        .unwrap();
    assert!(mail.body.contains("Pièce manquante"));
    assert!(mail.body.contains("SUSPENDUE"));
    assert!(notifications::regler_notifications(&sb, &id(HUGO), false)
        .unwrap()
        .changes
        .is_empty());
}

#[test]
fn the_simulated_recipient_treats_normally_as_the_clock_advances() {
    let mut sb = domain::simulation::base::sandbox();
    // A public structure without parameters, reporting the payment, where nobody works.
    let dest = sb
        .structures
        .values()
        .find(|s| {
            s.is_public()
                && s.is_active()
                && s.parametres == ParametresDestinataire::default()
                && !sb.rattachements.values().any(|r| r.structure == s.id)
        })
        .expect("such a structure in the annuaire")
        .clone();
    assert_eq!(
        destinataire::comportement(&sb, &dest),
        Comportement::TraiteNormalement,
        "nobody works there"
    );
    let rivebelle = sb
        .structures
        .values()
        .find(|s| s.identifier == RIVEBELLE)
        .unwrap()
        .clone();
    assert_eq!(
        destinataire::comportement(&sb, &rivebelle),
        Comportement::Manuel,
        "Nadia and Marc work there"
    );
    let f = form(&dest.identifier, "", "SIM-1");
    let id_f = run(&mut sb, |sb| {
        saisie::envoyer(sb, &id(CLAIRE), &menuiserie(), None, &f, t0())
    })
    .facture;
    assert_eq!(
        run(&mut sb, |sb| destinataire::simuler(
            sb,
            t0() + Duration::hours(23)
        )),
        0,
        "not yet"
    );
    assert_eq!(run(&mut sb, |sb| destinataire::simuler(sb, at(1))), 1);
    assert_eq!(sb.factures[&id_f].statut, Statut::ServiceFait);
    // +7 days catches up: mandatée at +3, mise en paiement at +6, each dated when due.
    assert_eq!(run(&mut sb, |sb| destinataire::simuler(sb, at(8))), 2);
    let inv = &sb.factures[&id_f];
    assert_eq!(inv.statut, Statut::MiseEnPaiement);
    let steps: Vec<(Statut, Timestamp, bool)> = inv
        .historique
        .iter()
        .map(|e| (e.statut, e.at, e.simule))
        .collect();
    assert_eq!(
        steps[2..],
        [
            (Statut::ServiceFait, at(1), true),
            (Statut::Mandatee, at(3), true),
            (Statut::MiseEnPaiement, at(6), true)
        ]
    );
    assert!(inv.historique[3].mandat.is_some());
    assert_eq!(
        cycle::auteur(&sb, &inv.historique[2]),
        "Agent simulé du destinataire"
    );
    assert_eq!(
        run(&mut sb, |sb| destinataire::simuler(sb, at(30))),
        0,
        "terminal"
    );
}

#[test]
fn a_structure_that_does_not_report_payment_stops_at_the_accountant() {
    let mut sb = domain::simulation::base::sandbox();
    let dest = sb
        .structures
        .values()
        .find(|s| s.identifier == SAINT_ORMEAU)
        .unwrap()
        .clone();
    assert!(dest.parametres.mise_en_paiement_non_remontee);
    let f = form(SAINT_ORMEAU, "", "SIM-2");
    let id_f = run(&mut sb, |sb| {
        saisie::envoyer(sb, &id(CLAIRE), &menuiserie(), None, &f, t0())
    })
    .facture;
    run(&mut sb, |sb| destinataire::simuler(sb, at(30)));
    let inv = &sb.factures[&id_f];
    assert_eq!(inv.statut, Statut::MiseADispositionComptable);
    assert!(inv
        .historique
        .iter()
        .all(|e| e.statut != Statut::MiseEnPaiement));
}

#[test]
fn the_simulated_behaviours_reject_suspend_and_send_back() {
    let dest = structure_annuaire(SAINT_ORMEAU);
    let mut base = domain::simulation::base::sandbox();
    for (c, statut) in [
        (Comportement::RejetteSiEjManquant, Statut::Rejetee),
        (Comportement::SuspendPourPieceManquante, Statut::Suspendue),
        (Comportement::ARecyclerMauvaisService, Statut::ARecycler),
        (Comportement::Manuel, Statut::MiseADisposition),
    ] {
        let mut sb = base.clone();
        run(&mut sb, |sb| destinataire::regler_simulation(sb, &dest, c));
        let f = form(SAINT_ORMEAU, "", &format!("B-{}", c.code()));
        let fid = run(&mut sb, |sb| {
            saisie::envoyer(sb, &id(CLAIRE), &menuiserie(), None, &f, t0())
        })
        .facture;
        run(&mut sb, |sb| destinataire::simuler(sb, at(1)));
        let inv = &sb.factures[&fid];
        assert_eq!(inv.statut, statut, "{c:?}");
        if statut != Statut::MiseADisposition {
            assert!(
                inv.historique.last().unwrap().commentaire.is_some(),
                "{c:?} gives its motif"
            );
            assert!(inv.a_acquitter() || statut == Statut::ARecycler);
        }
        if c == Comportement::SuspendPourPieceManquante {
            // Completed, it is then treated normally, and not suspended again.
            run(&mut sb, |sb| {
                cycle::completer(sb, &id(CLAIRE), &fid, "Bon de livraison joint", &[], at(2))
            });
            run(&mut sb, |sb| destinataire::simuler(sb, at(3)));
            assert_eq!(sb.factures[&fid].statut, Statut::ServiceFait);
        }
        if c == Comportement::ARecyclerMauvaisService {
            assert_eq!(
                destinataire::regler_simulation(&sb, &menuiserie(), c),
                Err(rule("Seule une structure publique reçoit des factures.")),
                "public structures only"
            );
        }
    }
    // With an EJ, the « rejette si EJ manquant » agent treats normally.
    run(&mut base, |sb| {
        destinataire::regler_simulation(sb, &dest, Comportement::RejetteSiEjManquant)
    });
    let mut f = form(SAINT_ORMEAU, "", "EJ-OK");
    f.ej = "EJ-1".into();
    let fid = run(&mut base, |sb| {
        saisie::envoyer(sb, &id(CLAIRE), &menuiserie(), None, &f, t0())
    })
    .facture;
    run(&mut base, |sb| destinataire::simuler(sb, at(1)));
    assert_eq!(base.factures[&fid].statut, Statut::ServiceFait);
}

#[test]
fn a_script_acts_even_for_a_recipient_handled_by_hand_and_only_once() {
    use domain::organisation::structure::{Reaction, Script};
    // Nadia works for the Ville de Rivebelle: its agent is manual.
    let mut sb = domain::simulation::base::sandbox();
    let achats = sb
        .services
        .values()
        .find(|s| s.structure.as_str() == format!("annuaire-{RIVEBELLE}") && s.code == "ACHATS")
        .map(|s| s.id.clone())
        .expect("the ACHATS service");
    let script = Script {
        reaction: Reaction::Suspendre,
        motif: "Bon de livraison manquant.".to_string(),
    };
    run(&mut sb, |sb| {
        destinataire::scripter_service(sb, &achats, Some(script.clone()))
    });
    let scriptee = sent(&mut sb, "S-1");
    assert_eq!(run(&mut sb, |sb| destinataire::simuler(sb, at(1))), 1);
    assert_eq!(sb.factures[&scriptee].statut, Statut::Suspendue);
    assert!(sb.services[&achats].script.is_none(), "used up");
    // The next invoices wait for Nadia: a pass over them changes nothing.
    let autres: Vec<_> = (0..20).map(|i| sent(&mut sb, &format!("M-{i}"))).collect();
    let pass = destinataire::simuler(&sb, at(30)).unwrap();
    assert_eq!((pass.value, pass.changes.len()), (0, 0));
    assert!(autres
        .iter()
        .all(|f| sb.factures[f].statut == Statut::MiseADisposition));
}

#[test]
fn a_selection_offers_only_the_statuses_common_to_all_its_invoices() {
    let mut sb = domain::simulation::base::sandbox();
    let a = sent(&mut sb, "SEL-1");
    let b = sent(&mut sb, "SEL-2");
    let rivebelle = sb
        .structures
        .values()
        .find(|s| s.identifier == RIVEBELLE)
        .unwrap()
        .id
        .clone();
    let (ids, both) = cycle::traitements_communs(&sb, &rivebelle, [a.clone(), b.clone()]);
    assert_eq!(ids.len(), 2);
    assert_eq!(both, cycle::traitements_possibles(&sb, &sb.factures[&a]));
    run(&mut sb, |sb| {
        cycle::traiter(
            sb,
            &id(NADIA),
            std::slice::from_ref(&b),
            &treat(Statut::ServiceFait, ""),
            t0(),
        )
    });
    let (_, mixed) = cycle::traitements_communs(&sb, &rivebelle, [a.clone(), b.clone()]);
    assert!(!mixed.contains(&Statut::Rejetee) && !mixed.contains(&Statut::ServiceFait));
    assert!(mixed.contains(&Statut::Mandatee) && mixed.contains(&Statut::MiseEnPaiement));
    // Another structure's selection keeps none of them.
    let other = menuiserie();
    assert_eq!(
        cycle::traitements_communs(&sb, &other, [a, b]),
        (vec![], vec![])
    );
}

#[test]
fn what_each_treatment_requires_is_one_value_for_the_checks_and_the_form() {
    use cycle::{ExigencesTraitement, Motif};
    for s in TRAITEMENTS {
        let e = ExigencesTraitement::pour(Some(s));
        let attendu = match s {
            Statut::Rejetee | Statut::Suspendue => (Motif::Obligatoire, "Motif"),
            Statut::ARecycler => (Motif::CommentaireObligatoire, "Motif"),
            _ => (Motif::Facultatif, "Commentaire (facultatif)"),
        };
        assert_eq!((e.motif, e.libelle_motif()), attendu, "{s:?}");
        assert_eq!(
            e.motif_obligatoire(),
            attendu.0 != Motif::Facultatif,
            "{s:?}"
        );
        assert_eq!(e.mandat, s == Statut::Mandatee, "{s:?}");
        // The command refuses exactly what the value says is required.
        let mut sb = domain::simulation::base::sandbox();
        let f = sent(&mut sb, "EXIG-1");
        let sans_motif = cycle::traiter(
            &sb,
            &id(NADIA),
            std::slice::from_ref(&f),
            &treat(s, ""),
            t0(),
        );
        let refus = sans_motif
            .as_ref()
            .err()
            .and_then(|e| e.for_field(cycle::traitement::champs::MOTIF));
        assert_eq!(
            refus.is_some(),
            e.motif_obligatoire(),
            "{s:?}: {sans_motif:?}"
        );
    }
    let rien = ExigencesTraitement::pour(None);
    assert_eq!((rien.motif, rien.mandat), (Motif::Facultatif, false));
    // A mandat number with another status lands on its field.
    let sb = {
        let mut sb = domain::simulation::base::sandbox();
        sent(&mut sb, "EXIG-2");
        sb
    };
    let f = sb
        .factures
        .values()
        .find(|f| f.numero == "EXIG-2")
        .unwrap()
        .id
        .clone();
    let t = Traitement {
        mandat: "M-1".into(),
        ..treat(Statut::ServiceFait, "")
    };
    let err = cycle::traiter(&sb, &id(NADIA), &[f], &t, t0()).unwrap_err();
    assert_eq!(
        err.for_field(cycle::traitement::champs::MANDAT),
        Some("Le numéro de mandat accompagne seulement le statut « Mandatée ».")
    );
}

#[test]
fn the_recipients_motif_is_what_the_supplier_reads_where_they_act() {
    let mut sb = domain::simulation::base::sandbox();
    let f = sent(&mut sb, "MOTIF-1");
    let facture = |sb: &domain::Sandbox| sb.factures.get(&f).unwrap().clone();
    assert_eq!(
        cycle::motif_destinataire(&sb, &facture(&sb)),
        None,
        "nothing returned yet"
    );
    run(&mut sb, |sb| {
        cycle::traiter(
            sb,
            &id(NADIA),
            std::slice::from_ref(&f),
            &treat(
                Statut::Suspendue,
                "Pièce justificative manquante : le bon de livraison",
            ),
            t0(),
        )
    });
    let m = cycle::motif_destinataire(&sb, &facture(&sb)).unwrap();
    assert_eq!(m.statut, Statut::Suspendue);
    assert_eq!(
        m.motif.as_deref(),
        Some("Pièce justificative manquante : le bon de livraison")
    );
    assert_eq!(m.le, t0());
    assert_eq!(m.par, sb.comptes.get(&id(NADIA)).unwrap().full_name());
}

#[test]
fn the_usual_motifs_restate_what_each_return_is_for_and_nothing_else() {
    assert!(cycle::motifs_usuels(Some(Statut::Suspendue))
        .iter()
        .all(|m| m.contains("Pièce")));
    assert_eq!(
        cycle::motifs_usuels(Some(Statut::ARecycler)),
        &[
            "Identifiant du destinataire erroné",
            "Code service erroné ou manquant",
            "Engagement juridique erroné ou manquant",
        ]
    );
    assert!(!cycle::motifs_usuels(Some(Statut::Rejetee)).is_empty());
    for s in TRAITEMENTS {
        if !matches!(s, Statut::Suspendue | Statut::ARecycler | Statut::Rejetee) {
            assert!(cycle::motifs_usuels(Some(s)).is_empty(), "{s:?}");
        }
    }
    assert!(cycle::motifs_usuels(None).is_empty());
}

#[test]
fn no_treatment_says_which_case_applies() {
    assert!(cycle::aucun_traitement(&[Statut::Rejetee]).contains("la facture est rejetée"));
    assert!(cycle::aucun_traitement(&[Statut::MiseEnPaiement]).contains("mise en paiement"));
    assert!(cycle::aucun_traitement(&[Statut::Suspendue])
        .contains("attend le complément du fournisseur"));
    assert!(cycle::aucun_traitement(&[Statut::ARecycler])
        .contains("attend que le fournisseur la recycle"));
    assert!(cycle::aucun_traitement(&[Statut::Rejetee, Statut::Rejetee]).contains("rejetée"));
    assert!(
        cycle::aucun_traitement(&[Statut::Suspendue, Statut::Rejetee])
            .contains("statuts différents")
    );
}

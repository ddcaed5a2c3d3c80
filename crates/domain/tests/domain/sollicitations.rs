//! Sollicitations: routing by catégorie/sous-catégorie, the states and tabs on both sides, the
//! ticket numbers, the notifications, the simulated support.

use crate::common::factures::{structure_annuaire, RIVEBELLE};
use crate::common::organisation::{agent_public, gp_fournisseur, subjects};
use crate::common::{run, t0};
use chrono::Duration;
use domain::kernel::ids::SollicitationId;
use domain::simulation::{demo, destinataire, support};
use domain::sollicitations::{
    self as so, champs, Destinataire, Etat, Formulaire, Geste, Onglet, Routage, SousCategorie, Vue,
};
use domain::{DomainError, Sandbox};

fn service_rivebelle(sb: &Sandbox) -> String {
    let day = domain::kernel::time::paris_date(t0());
    domain::facturation::routage::services_actifs(sb, &structure_annuaire(RIVEBELLE), day)
        .into_iter()
        .next()
        .expect("Rivebelle a des services")
        .code
        .clone()
}

fn au_service(sb: &Sandbox) -> Formulaire {
    Formulaire {
        sous_categorie: SousCategorie::SuiviTraitement.code().into(),
        structure: RIVEBELLE.into(),
        service: service_rivebelle(sb),
        titre: "Paiement de la facture FA-2026-001".into(),
        description: "Bonjour,\nla facture est en service fait depuis 40 jours.".into(),
    }
}

fn envoyee(form: impl Fn(&Sandbox) -> Formulaire) -> (Sandbox, SollicitationId) {
    let mut sb = domain::simulation::base::sandbox();
    let f = form(&sb);
    let id = run(&mut sb, |sb| {
        so::envoyer(sb, &gp_fournisseur(), None, &f, t0())
    });
    (sb, id)
}

#[test]
fn the_sous_categorie_routes_to_the_support_or_to_a_service() {
    for sc in SousCategorie::ALL {
        assert!(SousCategorie::from_code(sc.code()) == Some(sc));
        assert!(so::Categorie::ALL.contains(&sc.categorie()));
    }
    assert_eq!(SousCategorie::FactureRejetee.routage(), Routage::Support);
    assert_eq!(SousCategorie::LienActivation.routage(), Routage::Support);
    assert_eq!(
        SousCategorie::SuiviTraitement.routage(),
        Routage::ServiceMetier
    );
    let (sb, id) = envoyee(au_service);
    let s = &sb.sollicitations[&id];
    assert_eq!(
        s.destinataire,
        Some(Destinataire::Service {
            structure: structure_annuaire(RIVEBELLE),
            code: service_rivebelle(&sb)
        })
    );
    assert_eq!(s.numero, "SOL-2026-000001");
    assert_eq!(s.etat(), Etat::ATraiter);
    // The receiving structure's people are told; the sender gets an acknowledgement.
    assert!(subjects(&sb, demo::ACCOUNTS[3].email)
        .contains(&"Sollicitation n° SOL-2026-000001 : envoi de la sollicitation".to_string()));
    assert!(subjects(&sb, demo::ACCOUNTS[0].email)
        .iter()
        .any(|m| m.starts_with("Sollicitation n° SOL-2026-000001")));
    // To the support: no structure needed.
    let (sb, id) = envoyee(|_| Formulaire {
        sous_categorie: SousCategorie::FactureRejetee.code().into(),
        titre: "Rejet".into(),
        description: "Pourquoi ?".into(),
        ..Formulaire::default()
    });
    assert_eq!(
        sb.sollicitations[&id].destinataire,
        Some(Destinataire::Support)
    );
}

#[test]
fn a_service_metier_needs_a_public_structure_and_one_of_its_services() {
    let sb = domain::simulation::base::sandbox();
    let mut f = au_service(&sb);
    f.structure.clear();
    let e = so::envoyer(&sb, &gp_fournisseur(), None, &f, t0()).unwrap_err();
    assert!(e.for_field(champs::STRUCTURE).is_some());
    f.structure = RIVEBELLE.into();
    f.service = "NIMPORTE".into();
    let e = so::envoyer(&sb, &gp_fournisseur(), None, &f, t0()).unwrap_err();
    assert_eq!(
        e.for_field(champs::SERVICE),
        Some("« NIMPORTE » n'est pas un service actif de cette structure.")
    );
    // The demo supplier is not public.
    f.structure = sb.structures[&domain::kernel::ids::StructureId::from(demo::FOURNISSEUR)]
        .identifier
        .clone();
    let e = so::envoyer(&sb, &gp_fournisseur(), None, &f, t0()).unwrap_err();
    assert!(e
        .for_field(champs::STRUCTURE)
        .unwrap()
        .starts_with("Aucune structure publique"));
    let e = so::envoyer(&sb, &gp_fournisseur(), None, &Formulaire::default(), t0()).unwrap_err();
    assert!(e.for_field(champs::SOUS_CATEGORIE).is_some());
    assert!(e.for_field(champs::TITRE).is_some());
    assert!(e.for_field(champs::TEXTE).is_some());
}

#[test]
fn the_service_replies_asks_for_more_and_the_sender_closes() {
    let (mut sb, id) = envoyee(au_service);
    let nadia = agent_public();
    let s = sb.sollicitations[&id].clone();
    // Hugo works for the supplier: not his to see.
    let hugo = crate::common::organisation::utilisateur_fournisseur();
    assert_eq!(so::vue(&sb, &hugo, &s), None);
    let marc = nadia.clone();
    assert_eq!(so::vue(&sb, &marc, &s), Some(Vue::Destinataire));
    assert_eq!(so::onglet(&s, Vue::Destinataire), Onglet::ActionsRequises);
    assert_eq!(so::onglet(&s, Vue::Demandeur), Onglet::EnCours);
    assert!(so::gestes(&sb, &marc, &s).repondre);
    assert!(matches!(
        so::traiter(&sb, &hugo, &id, Geste::Reponse, "x", t0()),
        Err(DomainError::Forbidden(_))
    ));
    // Ask for more information → the sender must act.
    let t1 = t0() + Duration::hours(2);
    run(&mut sb, |sb| {
        so::traiter(
            sb,
            &marc,
            &id,
            Geste::DemandeComplement,
            "Quel numéro de mandat ?",
            t1,
        )
    });
    let s = sb.sollicitations[&id].clone();
    assert_eq!(s.etat(), Etat::ComplementDemande);
    assert_eq!(
        so::mes_sollicitations(&sb, &gp_fournisseur(), Onglet::ActionsRequises).len(),
        1
    );
    assert!(so::recues(&sb, &structure_annuaire(RIVEBELLE), Onglet::EnCours).len() == 1);
    let e = so::traiter(&sb, &marc, &id, Geste::Reponse, "x", t1).unwrap_err();
    assert!(matches!(e, DomainError::Rule(_)));
    let e = so::repondre_demandeur(&sb, &gp_fournisseur(), &id, Geste::Complement, "  ", t1)
        .unwrap_err();
    assert_eq!(
        e.for_field(champs::REPONSE),
        Some("Le champ « Votre message » est obligatoire.")
    );
    run(&mut sb, |sb| {
        so::repondre_demandeur(
            sb,
            &gp_fournisseur(),
            &id,
            Geste::Complement,
            "Mandat M-2026-12.",
            t1,
        )
    });
    assert_eq!(sb.sollicitations[&id].etat(), Etat::ATraiter);
    run(&mut sb, |sb| {
        so::traiter(sb, &marc, &id, Geste::Reponse, "Paiement le 12/12.", t1)
    });
    assert_eq!(sb.sollicitations[&id].etat(), Etat::Repondue);
    assert!(subjects(&sb, demo::ACCOUNTS[0].email)
        .contains(&"Sollicitation n° SOL-2026-000001 : réponse".to_string()));
    // Unsatisfied: sent back to the service.
    run(&mut sb, |sb| {
        so::repondre_demandeur(
            sb,
            &gp_fournisseur(),
            &id,
            Geste::Renvoi,
            "Toujours rien.",
            t1,
        )
    });
    assert_eq!(sb.sollicitations[&id].etat(), Etat::ATraiter);
    run(&mut sb, |sb| {
        so::traiter(sb, &marc, &id, Geste::Reponse, "Payée ce jour.", t1)
    });
    run(&mut sb, |sb| {
        so::repondre_demandeur(sb, &gp_fournisseur(), &id, Geste::Cloture, "", t1)
    });
    let s = &sb.sollicitations[&id];
    assert_eq!(s.etat(), Etat::Cloturee);
    assert_eq!(so::onglet(s, Vue::Demandeur), Onglet::Clotures);
    assert_eq!(so::gestes(&sb, &gp_fournisseur(), s), so::Gestes::default());
    let gestes: Vec<Geste> = s.messages.iter().map(|m| m.geste).collect();
    assert_eq!(
        gestes,
        [
            Geste::Envoi,
            Geste::DemandeComplement,
            Geste::Complement,
            Geste::Reponse,
            Geste::Renvoi,
            Geste::Reponse,
            Geste::Cloture
        ]
    );
    // Someone else's sollicitation is not theirs to close.
    assert!(matches!(
        so::repondre_demandeur(&sb, &marc, &id, Geste::Cloture, "", t1),
        Err(DomainError::Forbidden(_))
    ));
}

#[test]
fn drafts_have_no_number_and_numbers_follow_each_other() {
    let mut sb = domain::simulation::base::sandbox();
    let f = Formulaire {
        sous_categorie: SousCategorie::MotDePasse.code().into(),
        titre: "Connexion".into(),
        ..Formulaire::default()
    };
    let draft = run(&mut sb, |sb| {
        so::enregistrer_brouillon(sb, &gp_fournisseur(), None, &f, t0())
    });
    assert_eq!(sb.sollicitations[&draft].numero, "");
    assert_eq!(
        so::mes_sollicitations(&sb, &gp_fournisseur(), Onglet::Brouillons).len(),
        1
    );
    // Sending needs the description.
    let e = so::envoyer(&sb, &gp_fournisseur(), Some(&draft), &f, t0()).unwrap_err();
    assert!(e.for_field(champs::TEXTE).is_some());
    let full = Formulaire {
        description: "Mot de passe refusé.".into(),
        ..f
    };
    let out = so::envoyer(&sb, &gp_fournisseur(), Some(&draft), &full, t0()).unwrap();
    // The number is taken as a unique value (checked across tabs at the commit).
    assert!(out.reads.iter().any(
        |r| matches!(r, domain::Read::Index { key, .. } if key == "sollicitation:SOL-2026-000001")
    ));
    sb.apply(&out.changes);
    assert_eq!(sb.sollicitations[&draft].numero, "SOL-2026-000001");
    let second = run(&mut sb, |sb| {
        so::envoyer(sb, &gp_fournisseur(), None, &full, t0())
    });
    assert_eq!(sb.sollicitations[&second].numero, "SOL-2026-000002");
    assert!(so::supprimer_brouillon(&sb, &gp_fournisseur(), &draft).is_err());
}

#[test]
fn the_simulated_support_answers_after_a_day_with_the_help_text() {
    let (mut sb, id) = envoyee(|_| Formulaire {
        sous_categorie: SousCategorie::LienActivation.code().into(),
        titre: "Pas de lien".into(),
        description: "Je n'ai rien reçu.".into(),
        ..Formulaire::default()
    });
    let due = t0() + Duration::hours(support::DELAI_SUPPORT_HEURES);
    run(&mut sb, |sb| {
        destinataire::simuler(sb, due - Duration::seconds(1))
    });
    assert_eq!(sb.sollicitations[&id].etat(), Etat::ATraiter);
    run(&mut sb, |sb| destinataire::simuler(sb, due));
    let s = &sb.sollicitations[&id];
    assert_eq!(s.etat(), Etat::Repondue);
    let m = s.messages.last().unwrap();
    assert_eq!(m.at, due);
    assert_eq!(m.par, None);
    assert!(m.texte.contains("valable 60 minutes"));
    assert!(m.texte.contains("Recevoir un nouveau lien d'activation"));
    assert!(subjects(&sb, demo::ACCOUNTS[0].email)
        .contains(&"Sollicitation n° SOL-2026-000001 : réponse".to_string()));
    // A service passes a question to the support, which answers it the same way.
    let (mut sb, id) = envoyee(au_service);
    let marc = crate::common::organisation::gp_public();
    run(&mut sb, |sb| {
        so::traiter(
            sb,
            &marc,
            &id,
            Geste::TransfertSupport,
            "Question sur le portail.",
            t0(),
        )
    });
    assert_eq!(
        sb.sollicitations[&id].destinataire,
        Some(Destinataire::Support)
    );
    run(&mut sb, |sb| destinataire::simuler(sb, due));
    assert_eq!(sb.sollicitations[&id].etat(), Etat::Repondue);
}

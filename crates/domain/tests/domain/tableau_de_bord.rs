//! « Tableau de bord »: invoices per status on both sides, amounts to the cent, drafts apart, and
//! what awaits the supplier's or the recipient's action, oldest first.

use crate::common::factures::{CLAIRE, COMPTE_PRINCIPAL, MENUISERIE};
use crate::common::{run, t0};
use chrono::Duration;
use domain::facturation::facture::{
    ActionUtilisateur, CodeAction, EtapeStatut, Facture, ModeDepot, MontantsDeposes, Statut,
};
use domain::facturation::saisie::{self, FormulaireFacture, FormulaireLigne};
use domain::facturation::tableau_de_bord::{tableau, total, LigneStatut, Tableau};
use domain::kernel::ids::{CompteId, FactureId, StructureId};
use domain::kernel::money::Montant;
use domain::organisation::structure::ProfilDestinataire;
use domain::{Record, Sandbox, Timestamp};
use std::rc::Rc;

fn menuiserie() -> StructureId {
    StructureId::from(MENUISERIE)
}

/// An active public recipient without parameters (no EJ nor code service required).
fn public(sb: &Sandbox, skip: usize) -> StructureId {
    sb.structures
        .values()
        .filter(|s| {
            s.is_public()
                && s.is_active()
                && s.parametres.profile() == ProfilDestinataire::SansParametre
        })
        .nth(skip)
        .expect("the annuaire has public structures without parameters")
        .id
        .clone()
}

fn form(sb: &Sandbox, numero: &str) -> FormulaireFacture {
    let dest = &sb.structures[&public(sb, 0)];
    FormulaireFacture {
        destinataire: dest.identifier.clone(),
        coordonnees_bancaires: COMPTE_PRINCIPAL.into(),
        numero: numero.into(),
        date: "2026-11-20".into(),
        lignes: vec![FormulaireLigne {
            designation: "Porte en chêne".into(),
            quantite: "2".into(),
            prix: "450".into(),
            taux: "2000".into(),
            unite: "u".into(),
            ..FormulaireLigne::default()
        }],
        ..FormulaireFacture::nouvelle(ModeDepot::SaisiePortail)
    }
}

/// A sent invoice, made through the real saisie, to clone into the test's records (not itself
/// put in `sb`).
fn base(sb: &Sandbox) -> Facture {
    let f = form(sb, "BASE-1");
    let out = saisie::envoyer(sb, &CompteId::from(CLAIRE), &menuiserie(), None, &f, t0())
        .expect("the base invoice is sent");
    let mut tmp = sb.clone();
    tmp.apply(&out.changes);
    (*tmp.factures[&out.value.facture]).clone()
}

/// Days before t0.
fn jours(n: i64) -> Timestamp {
    t0() - Duration::days(n)
}

struct Spec<'a> {
    id: &'a str,
    emetteur: &'a StructureId,
    destinataire: &'a StructureId,
    statut: Statut,
    /// Total TTC in cents (typed amounts, as on a PDF deposit).
    ttc: i64,
    /// When the current status was reached.
    at: Timestamp,
}

fn put(sb: &mut Sandbox, base: &Facture, s: Spec) -> FactureId {
    let mut f = base.clone();
    f.id = FactureId::from(s.id);
    f.emetteur = s.emetteur.clone();
    f.destinataire = Some(s.destinataire.clone());
    f.statut = s.statut;
    f.lignes.clear();
    f.montants_deposes = Some(MontantsDeposes {
        ht: Montant(s.ttc),
        tva: Montant::ZERO,
        ttc: Montant(s.ttc),
    });
    f.historique = if s.statut == Statut::Brouillon {
        Vec::new()
    } else {
        vec![EtapeStatut {
            statut: s.statut,
            at: s.at,
            par: None,
            commentaire: None,
            simule: false,
            mandat: None,
        }]
    };
    f.cree_le = s.at - Duration::hours(1);
    f.actions.clear();
    let id = f.id.clone();
    sb.put(Record::Facture(Rc::new(f)));
    id
}

fn action(sb: &mut Sandbox, id: &FactureId, code: CodeAction, at: Timestamp) {
    let mut f = (*sb.factures[id]).clone();
    f.actions.push(ActionUtilisateur {
        code,
        at,
        par: CompteId::from(CLAIRE),
    });
    sb.put(Record::Facture(Rc::new(f)));
}

fn ligne(statut: Statut, nombre: usize, cents: i64) -> LigneStatut {
    LigneStatut {
        statut,
        nombre,
        montant_ttc: Montant(cents),
    }
}

fn ids(list: &[&str]) -> Vec<FactureId> {
    list.iter().map(|s| FactureId::from(*s)).collect()
}

#[test]
fn an_empty_structure_has_an_empty_board() {
    let sb = domain::simulation::base::sandbox();
    assert_eq!(tableau(&sb, &menuiserie()), Tableau::default());
}

#[test]
fn a_sent_invoice_shows_on_both_sides() {
    let mut sb = domain::simulation::base::sandbox();
    let f = form(&sb, "FA-1");
    let id = run(&mut sb, |sb| {
        saisie::envoyer(sb, &CompteId::from(CLAIRE), &menuiserie(), None, &f, t0())
    })
    .facture;
    // 2 × 450 € at 20 % = 1 080,00 € TTC
    let ttc = 108_000;
    let fournisseur = tableau(&sb, &menuiserie());
    assert_eq!(
        fournisseur.emises,
        vec![ligne(Statut::MiseADisposition, 1, ttc)]
    );
    assert!(fournisseur.recues.is_empty());
    assert!(fournisseur.a_traiter_fournisseur.is_empty());
    assert!(fournisseur.a_traiter_destinataire.is_empty());
    let destinataire = tableau(&sb, &public(&sb, 0));
    assert!(destinataire.emises.is_empty());
    assert_eq!(
        destinataire.recues,
        vec![ligne(Statut::MiseADisposition, 1, ttc)]
    );
    assert_eq!(destinataire.a_traiter_destinataire, vec![id]);
}

#[test]
fn sent_invoices_are_counted_per_status_in_order_with_exact_amounts_drafts_apart() {
    let mut sb = domain::simulation::base::sandbox();
    let b = base(&sb);
    let (m, p, autre) = (
        menuiserie(),
        public(&sb, 0),
        StructureId::from("autre-fournisseur"),
    );
    let spec = |id, emetteur, statut, ttc, days| Spec {
        id,
        emetteur,
        destinataire: &p,
        statut,
        ttc,
        at: jours(days),
    };
    // Inserted out of status order on purpose.
    put(
        &mut sb,
        &b,
        spec("f-paye", &m, Statut::MiseEnPaiement, 100_000_000_001, 9),
    );
    put(
        &mut sb,
        &b,
        spec("f-mad-1", &m, Statut::MiseADisposition, 10_010, 1),
    );
    put(&mut sb, &b, spec("f-rejet", &m, Statut::Rejetee, 3_333, 4));
    put(
        &mut sb,
        &b,
        spec("f-mad-2", &m, Statut::MiseADisposition, 20_025, 2),
    );
    // An avoir (negative) counts with its sign.
    put(
        &mut sb,
        &b,
        spec("f-avoir", &m, Statut::MiseADisposition, -5_001, 3),
    );
    put(
        &mut sb,
        &b,
        spec("f-brouillon-1", &m, Statut::Brouillon, 99_999, 0),
    );
    put(
        &mut sb,
        &b,
        spec("f-brouillon-2", &m, Statut::Brouillon, 1, 0),
    );
    // Someone else's invoice is not ours.
    put(
        &mut sb,
        &b,
        spec("f-autre", &autre, Statut::Suspendue, 777, 5),
    );

    let t = tableau(&sb, &m);
    assert_eq!(
        t.emises,
        vec![
            ligne(Statut::MiseADisposition, 3, 10_010 + 20_025 - 5_001),
            ligne(Statut::Rejetee, 1, 3_333),
            ligne(Statut::MiseEnPaiement, 1, 100_000_000_001),
        ]
    );
    assert_eq!(t.emises[0].montant_ttc.fr_eur(), "250,34\u{a0}€");
    assert_eq!(
        t.emises[2].montant_ttc.fr_eur(),
        "1\u{202f}000\u{202f}000\u{202f}000,01\u{a0}€"
    );
    assert_eq!(t.brouillons, 2);
    assert_eq!(
        total(&t.emises),
        (
            5,
            Montant(10_010 + 20_025 - 5_001 + 3_333 + 100_000_000_001)
        )
    );
    assert!(t.recues.is_empty(), "a supplier receives nothing here");
    assert!(
        t.emises.iter().all(|l| l.statut != Statut::Brouillon),
        "drafts are counted apart"
    );
}

#[test]
fn received_invoices_are_those_addressed_to_the_structure_never_drafts() {
    let mut sb = domain::simulation::base::sandbox();
    let b = base(&sb);
    let (m, p, q) = (menuiserie(), public(&sb, 0), public(&sb, 1));
    let autre = StructureId::from("autre-fournisseur");
    let spec = |id, emetteur, destinataire, statut, ttc| Spec {
        id,
        emetteur,
        destinataire,
        statut,
        ttc,
        at: jours(1),
    };
    put(
        &mut sb,
        &b,
        spec("r-1", &m, &p, Statut::ServiceFait, 12_345),
    );
    put(
        &mut sb,
        &b,
        spec("r-2", &autre, &p, Statut::ServiceFait, 55),
    );
    put(
        &mut sb,
        &b,
        spec("r-3", &autre, &p, Statut::Completee, 1_000),
    );
    put(&mut sb, &b, spec("r-4", &m, &p, Statut::Deposee, 1));
    // A draft addressed to p is not received; one to q is not p's.
    put(
        &mut sb,
        &b,
        spec("r-brouillon", &m, &p, Statut::Brouillon, 9_999),
    );
    put(&mut sb, &b, spec("r-q", &m, &q, Statut::ServiceFait, 4_242));

    let t = tableau(&sb, &p);
    assert_eq!(
        t.recues,
        vec![
            ligne(Statut::Deposee, 1, 1),
            ligne(Statut::Completee, 1, 1_000),
            ligne(Statut::ServiceFait, 2, 12_400),
        ]
    );
    assert_eq!(total(&t.recues), (4, Montant(1 + 1_000 + 12_400)));
    assert!(t.emises.is_empty());
    assert_eq!(t.brouillons, 0, "the supplier's drafts are the supplier's");
    assert_eq!(
        tableau(&sb, &q).recues,
        vec![ligne(Statut::ServiceFait, 1, 4_242)]
    );
    // The supplier sees its side of the same invoices.
    let f = tableau(&sb, &m);
    assert_eq!(f.brouillons, 1);
    assert_eq!(
        f.emises,
        vec![
            ligne(Statut::Deposee, 1, 1),
            ligne(Statut::ServiceFait, 2, 12_345 + 4_242),
        ]
    );
}

#[test]
fn the_supplier_is_asked_to_act_on_recycled_suspended_and_untreated_rejected_oldest_first() {
    let mut sb = domain::simulation::base::sandbox();
    let b = base(&sb);
    let (m, p) = (menuiserie(), public(&sb, 0));
    let spec = |id, statut, days| Spec {
        id,
        emetteur: &m,
        destinataire: &p,
        statut,
        ttc: 100,
        at: jours(days),
    };
    put(&mut sb, &b, spec("a-recycler", Statut::ARecycler, 1));
    let suspendue = put(&mut sb, &b, spec("b-suspendue", Statut::Suspendue, 3));
    let rejetee = put(&mut sb, &b, spec("c-rejetee", Statut::Rejetee, 2));
    let traitee = put(&mut sb, &b, spec("d-rejet-traite", Statut::Rejetee, 5));
    // Same date as the suspended one: ties go by id.
    put(&mut sb, &b, spec("a-recycler-bis", Statut::ARecycler, 3));
    // Nothing to do on these.
    put(&mut sb, &b, spec("e-mad", Statut::MiseADisposition, 10));
    put(&mut sb, &b, spec("f-completee", Statut::Completee, 10));
    put(&mut sb, &b, spec("g-paye", Statut::MiseEnPaiement, 10));
    put(&mut sb, &b, spec("h-brouillon", Statut::Brouillon, 10));
    action(&mut sb, &traitee, CodeAction::AcquittementRejet, jours(4));
    action(&mut sb, &traitee, CodeAction::TraitementRejet, jours(4));

    let t = tableau(&sb, &m);
    assert_eq!(
        t.a_traiter_fournisseur,
        ids(&["a-recycler-bis", "b-suspendue", "c-rejetee", "a-recycler"])
    );
    assert!(
        t.a_traiter_destinataire.is_empty(),
        "not the supplier's side"
    );
    // The treated rejection still counts among the REJETEE, with the untreated one.
    let rejets = t.emises.iter().find(|l| l.statut == Statut::Rejetee);
    assert_eq!(rejets, Some(&ligne(Statut::Rejetee, 2, 200)));
    // To acknowledge: the untreated rejection and the suspension.
    assert_eq!(t.a_acquitter, 2);
    action(&mut sb, &rejetee, CodeAction::AcquittementRejet, jours(1));
    assert_eq!(tableau(&sb, &m).a_acquitter, 1);
    action(
        &mut sb,
        &suspendue,
        CodeAction::AcquittementSuspension,
        jours(1),
    );
    let t = tableau(&sb, &m);
    assert_eq!(t.a_acquitter, 0);
    // Acknowledging is not acting: they still wait for the supplier.
    assert_eq!(t.a_traiter_fournisseur.len(), 4);
    // Treating the rejection takes it off the list.
    action(&mut sb, &rejetee, CodeAction::TraitementRejet, jours(0));
    assert_eq!(
        tableau(&sb, &m).a_traiter_fournisseur,
        ids(&["a-recycler-bis", "b-suspendue", "a-recycler"])
    );
}

#[test]
fn an_action_from_a_previous_state_does_not_count() {
    let mut sb = domain::simulation::base::sandbox();
    let b = base(&sb);
    let (m, p) = (menuiserie(), public(&sb, 0));
    let id = put(
        &mut sb,
        &b,
        Spec {
            id: "re-rejetee",
            emetteur: &m,
            destinataire: &p,
            statut: Statut::Rejetee,
            ttc: 100,
            at: jours(1),
        },
    );
    // Treated and acknowledged before the invoice reached its current state.
    action(&mut sb, &id, CodeAction::AcquittementRejet, jours(2));
    action(&mut sb, &id, CodeAction::TraitementRejet, jours(2));
    let t = tableau(&sb, &m);
    assert_eq!(t.a_traiter_fournisseur, vec![id]);
    assert_eq!(t.a_acquitter, 1);
}

#[test]
fn the_recipient_is_asked_to_act_on_new_and_completed_invoices_oldest_first() {
    let mut sb = domain::simulation::base::sandbox();
    let b = base(&sb);
    let (m, p) = (menuiserie(), public(&sb, 0));
    let autre = StructureId::from("autre-fournisseur");
    let spec = |id, emetteur, statut, days| Spec {
        id,
        emetteur,
        destinataire: &p,
        statut,
        ttc: 100,
        at: jours(days),
    };
    put(
        &mut sb,
        &b,
        spec("r-mad-recente", &m, Statut::MiseADisposition, 1),
    );
    put(
        &mut sb,
        &b,
        spec("r-completee", &autre, Statut::Completee, 5),
    );
    put(
        &mut sb,
        &b,
        spec("r-mad-ancienne", &autre, Statut::MiseADisposition, 8),
    );
    // Not the recipient's turn, or done.
    put(&mut sb, &b, spec("r-suspendue", &m, Statut::Suspendue, 20));
    put(&mut sb, &b, spec("r-a-recycler", &m, Statut::ARecycler, 20));
    put(&mut sb, &b, spec("r-rejetee", &m, Statut::Rejetee, 20));
    put(
        &mut sb,
        &b,
        spec("r-service-fait", &m, Statut::ServiceFait, 20),
    );
    put(&mut sb, &b, spec("r-brouillon", &m, Statut::Brouillon, 20));

    let t = tableau(&sb, &p);
    assert_eq!(
        t.a_traiter_destinataire,
        ids(&["r-mad-ancienne", "r-completee", "r-mad-recente"])
    );
    assert!(t.a_traiter_fournisseur.is_empty());
    assert_eq!(t.a_acquitter, 0, "acknowledging is the supplier's");
    // The supplier's side of the same invoices.
    let f = tableau(&sb, &m);
    assert_eq!(f.a_traiter_destinataire, Vec::<FactureId>::new());
    assert_eq!(
        f.a_traiter_fournisseur,
        ids(&["r-a-recycler", "r-rejetee", "r-suspendue"])
    );
}

#[test]
fn a_status_of_the_board_links_to_the_list_filtered_on_it() {
    use domain::facturation::recherche::{self, Cote, Criteres};
    let c = Criteres::du_statut(Statut::Suspendue);
    assert_eq!(c.statuts, vec![Statut::Suspendue]);
    assert_eq!(c.rejet_traite, Some(false), "the lists' default");
    assert_eq!(
        Criteres {
            statuts: Vec::new(),
            ..c.clone()
        },
        Criteres::default()
    );
    assert_eq!(Criteres::from_query(&c.to_query()), c);
    // The board counts treated rejections: its « Rejetée » link shows them too.
    let mut sb = domain::simulation::base::sandbox();
    let b = base(&sb);
    let (m, p) = (menuiserie(), public(&sb, 0));
    let f = put(
        &mut sb,
        &b,
        Spec {
            id: "rejet-traite",
            emetteur: &m,
            destinataire: &p,
            statut: Statut::Rejetee,
            ttc: 100,
            at: jours(2),
        },
    );
    action(&mut sb, &f, CodeAction::TraitementRejet, jours(1));
    let rejets = Criteres::du_statut(Statut::Rejetee);
    assert_eq!(rejets.rejet_traite, None);
    let found = recherche::tous(&sb, Cote::Emises, &menuiserie(), &rejets);
    assert_eq!(
        found.iter().map(|f| f.id.clone()).collect::<Vec<_>>(),
        vec![f.clone()]
    );
    let hidden = Criteres {
        rejet_traite: Some(false),
        ..rejets
    };
    assert!(recherche::tous(&sb, Cote::Emises, &menuiserie(), &hidden).is_empty());
}

#[test]
fn the_home_page_says_what_to_do_now_in_words() {
    use domain::facturation::tableau_de_bord::{a_faire, Tache};
    let mut sb = domain::simulation::base::sandbox();
    let claire = sb.comptes[&CompteId::from(CLAIRE)].clone();
    let vide = a_faire(&sb, &claire);
    assert_eq!(
        vide.structure.as_ref().map(|s| s.id.clone()),
        Some(menuiserie())
    );
    assert!(vide.taches.is_empty());
    let b = base(&sb);
    let dest = public(&sb, 0);
    for (id, statut) in [
        ("a1", Statut::Suspendue),
        ("a2", Statut::ARecycler),
        ("a3", Statut::Brouillon),
    ] {
        put(
            &mut sb,
            &b,
            Spec {
                id,
                emetteur: &menuiserie(),
                destinataire: &dest,
                statut,
                ttc: 100,
                at: jours(1),
            },
        );
    }
    let faire = a_faire(&sb, &claire);
    assert_eq!(
        faire.taches,
        vec![
            Tache::AReprendre(2),
            Tache::AAcquitter(1),
            Tache::Brouillons(1)
        ]
    );
    let textes: Vec<String> = faire.taches.iter().map(|t| t.texte()).collect();
    assert_eq!(
        textes,
        vec![
            "2 factures émises à reprendre (à recycler, suspendue ou rejetée)",
            "1 rejet ou suspension à acquitter",
            "1 brouillon à compléter et envoyer",
        ]
    );
    assert_eq!(Tache::ATraiter(3).texte(), "3 factures reçues à traiter");
    // Without a structure, nothing to list.
    let mut sans = (*claire).clone();
    sans.id = CompteId::from("inconnu0");
    sans.structure_courante = None;
    assert_eq!(a_faire(&sb, &sans), Default::default());
}

//! « Factures de travaux »: the dossier, who deposits which cadre, the MOE's 7 days, refusals
//! that stop the circuit, amounts corrected rather than refused, what the dossier awaits, and
//! the simulated MOE and MOA.

use crate::common::factures::*;
use crate::common::{run, t0};
use chrono::Duration;
use domain::facturation::facture::{Cadre, MontantsDeposes, PieceJointe, Statut};
use domain::facturation::travaux::{
    self as tr, champs, CadreTravaux, Depot, FicheIdentite, MotifRefus, RoleTravaux, StatutTravaux,
};
use domain::kernel::ids::{
    CompteId, DocumentTravauxId, DossierTravauxId, PieceJointeId, StructureId,
};
use domain::kernel::money::Montant;
use domain::simulation::{base, demo};
use domain::{DomainError, Sandbox, Timestamp};

const JULIE: &str = "demo-julie-lemaire";
const REGION: &str = "Région Littoral-Atlantique";

fn julie() -> CompteId {
    CompteId::from(JULIE)
}
fn marc() -> CompteId {
    CompteId::from(MARC)
}
fn moe() -> StructureId {
    StructureId::from(demo::MAITRE_OEUVRE)
}
fn rivebelle() -> StructureId {
    structure_annuaire(RIVEBELLE)
}
fn region(sb: &Sandbox) -> StructureId {
    sb.structures
        .values()
        .find(|s| s.raison_sociale == REGION)
        .unwrap()
        .id
        .clone()
}

fn fiche(moe: &StructureId, moa: &StructureId, service: &str) -> FicheIdentite {
    FicheIdentite {
        marche: "MT-2026-014".into(),
        objet: "Rénovation de l'école Jules-Ferry".into(),
        ej: "EJ-7788".into(),
        moe: moe.to_string(),
        moa: moa.to_string(),
        service_moa: service.into(),
        ..FicheIdentite::default()
    }
}

/// A dossier of the demo: Menuiserie Durand titulaire, Atelier Lemaire MOE, Ville de Rivebelle MOA.
fn dossier_demo() -> (Sandbox, DossierTravauxId) {
    let mut sb = base::sandbox();
    let id = run(&mut sb, |sb| {
        tr::creer_dossier(
            sb,
            &claire(),
            &menuiserie(),
            &fiche(&moe(), &rivebelle(), "SERV_TECH"),
            t0(),
        )
    });
    (sb, id)
}

fn depot(
    structure: &StructureId,
    cadre: CadreTravaux,
    associe_a: Option<&DocumentTravauxId>,
    numero: &str,
    ht: &str,
    tva: &str,
    ttc: &str,
) -> Depot {
    Depot {
        structure: structure.clone(),
        cadre,
        associe_a: associe_a.cloned(),
        numero: numero.into(),
        ht: ht.into(),
        tva: tva.into(),
        ttc: ttc.into(),
        correction: String::new(),
        piece: Some(PieceJointe {
            id: PieceJointeId::generate(),
            nom: format!("{numero}.pdf"),
            taille: PDF_VALIDE.len() as u64,
            principale: true,
        }),
    }
}

fn deposer(
    sb: &Sandbox,
    actor: &CompteId,
    id: &DossierTravauxId,
    d: &Depot,
    now: Timestamp,
) -> Result<domain::Outcome<DocumentTravauxId>, DomainError> {
    tr::deposer(sb, actor, id, d, Some(PDF_VALIDE), now)
}

fn doc(sb: &Sandbox, id: &DossierTravauxId, doc: &DocumentTravauxId) -> tr::DocumentTravaux {
    sb.travaux[id].document(doc).unwrap().clone()
}

fn forbidden(r: Result<impl std::fmt::Debug, DomainError>) -> String {
    match r {
        Err(DomainError::Forbidden(m)) => m,
        other => panic!("expected Forbidden, got {other:?}"),
    }
}

fn a4(sb: &mut Sandbox, id: &DossierTravauxId, numero: &str, at: Timestamp) -> DocumentTravauxId {
    let d = depot(
        &menuiserie(),
        CadreTravaux::A4,
        None,
        numero,
        "10 000,00",
        "2 000,00",
        "12 000,00",
    );
    run(sb, |sb| deposer(sb, &claire(), id, &d, at))
}

#[test]
fn the_fiche_identite_names_the_actors_from_the_annuaire() {
    let (sb, id) = dossier_demo();
    let d = &sb.travaux[&id];
    assert_eq!(d.roles(&menuiserie()), vec![RoleTravaux::Titulaire]);
    assert_eq!(d.roles(&moe()), vec![RoleTravaux::Moe]);
    assert_eq!(d.roles(&rivebelle()), vec![RoleTravaux::Moa]);
    // The MOA must be an annuaire « MOA » entity, with its required code service.
    let mut sb = base::sandbox();
    let not_moa = structure_annuaire(SAINT_ORMEAU);
    let e = tr::creer_dossier(
        &sb,
        &claire(),
        &menuiserie(),
        &fiche(&moe(), &not_moa, ""),
        t0(),
    )
    .unwrap_err();
    assert!(e
        .for_field(champs::MOA)
        .unwrap()
        .contains("n'est pas maître d'ouvrage"));
    let e = tr::creer_dossier(
        &sb,
        &claire(),
        &menuiserie(),
        &fiche(&moe(), &rivebelle(), ""),
        t0(),
    )
    .unwrap_err();
    assert!(e
        .for_field(champs::SERVICE_MOA)
        .unwrap()
        .contains("exige un code service"));
    let e = tr::creer_dossier(
        &sb,
        &claire(),
        &menuiserie(),
        &fiche(&moe(), &rivebelle(), "CULTURE"),
        t0(),
    )
    .unwrap_err();
    assert!(e
        .for_field(champs::SERVICE_MOA)
        .unwrap()
        .contains("n'est pas un service actif"));
    // One dossier per marché of the titulaire.
    run(&mut sb, |sb| {
        tr::creer_dossier(
            sb,
            &claire(),
            &menuiserie(),
            &fiche(&moe(), &rivebelle(), "SERV_TECH"),
            t0(),
        )
    });
    let e = tr::creer_dossier(
        &sb,
        &claire(),
        &menuiserie(),
        &fiche(&moe(), &rivebelle(), "SERV_TECH"),
        t0(),
    )
    .unwrap_err();
    assert!(e.for_field(champs::MARCHE).unwrap().contains("existe déjà"));
    // Hugo holds « Factures émises » only.
    let hugo = CompteId::from(HUGO);
    let m = forbidden(tr::creer_dossier(
        &sb,
        &hugo,
        &menuiserie(),
        &fiche(&moe(), &rivebelle(), "SERV_TECH"),
        t0(),
    ));
    assert!(m.contains("« Factures de travaux »"), "{m}");
}

#[test]
fn each_cadre_is_deposited_by_the_right_actor_only() {
    let (mut sb, id) = dossier_demo();
    // The MOE cannot deposit a projet de décompte mensuel, nor the titulaire an état d'acompte.
    let m = forbidden(deposer(
        &sb,
        &julie(),
        &id,
        &depot(&moe(), CadreTravaux::A4, None, "X1", "1", "0", "1"),
        t0(),
    ));
    assert!(m.contains("titulaire du marché"), "{m}");
    let m = forbidden(deposer(
        &sb,
        &claire(),
        &id,
        &depot(&menuiserie(), CadreTravaux::A10, None, "X1", "1", "0", "1"),
        t0(),
    ));
    assert!(m.contains("sous-traitant du marché"), "{m}");
    let p = a4(&mut sb, &id, "PDM-2026-11", t0());
    assert_eq!(doc(&sb, &id, &p).statut, StatutTravaux::MiseADispositionMoe);
    let m = forbidden(deposer(
        &sb,
        &claire(),
        &id,
        &depot(
            &menuiserie(),
            CadreTravaux::A15,
            Some(&p),
            "EA-1",
            "1",
            "0",
            "1",
        ),
        t0(),
    ));
    assert!(m.contains("maître d'œuvre (MOE) du marché"), "{m}");
    // The MOA may not skip the MOE within its 7 days.
    let m = forbidden(deposer(
        &sb,
        &marc(),
        &id,
        &depot(
            &rivebelle(),
            CadreTravaux::A19,
            Some(&p),
            "EAV-1",
            "1",
            "0",
            "1",
        ),
        t0(),
    ));
    assert!(m.contains("n'attend pas"), "{m}");
    // Nor deposit a décompte général on a monthly projet.
    let m = forbidden(deposer(
        &sb,
        &julie(),
        &id,
        &depot(&moe(), CadreTravaux::A18, Some(&p), "DG-1", "1", "0", "1"),
        t0(),
    ));
    assert!(m.contains("n'attend pas"), "{m}");
    // A user of another structure acting for the MOE is refused by the matrix.
    let m = forbidden(deposer(
        &sb,
        &claire(),
        &id,
        &depot(&moe(), CadreTravaux::A15, Some(&p), "EA-1", "1", "0", "1"),
        t0(),
    ));
    assert!(m.contains("pas rattaché"), "{m}");
}

#[test]
fn a_works_month_from_a4_to_a19_reaches_the_financial_service() {
    let (mut sb, id) = dossier_demo();
    let p = a4(&mut sb, &id, "PDM-2026-11", t0());
    assert!(crate::common::organisation::got_mail(
        &sb,
        "julie.lemaire@architecture-lemaire.example",
        "Marché MT-2026-014"
    ));
    let attente = tr::attentes(&sb, &sb.travaux[&id], t0());
    assert_eq!(attente.len(), 1);
    assert_eq!(attente[0].role, RoleTravaux::Moe);
    assert!(
        attente[0].texte.contains("avant le 30/11/2026"),
        "{}",
        attente[0].texte
    );
    // The MOE « récupère » it, then deposits its état d'acompte.
    run(&mut sb, |sb| tr::recuperer(sb, &julie(), &id, &p, t0()));
    assert_eq!(doc(&sb, &id, &p).statut, StatutTravaux::PriseEnCompteMoe);
    let later = t0() + Duration::days(2);
    let ea = depot(
        &moe(),
        CadreTravaux::A15,
        Some(&p),
        "EA-11",
        "10 000,00",
        "2 000,00",
        "12 000,00",
    );
    let e = run(&mut sb, |sb| deposer(sb, &julie(), &id, &ea, later));
    assert_eq!(doc(&sb, &id, &p).statut, StatutTravaux::Associee);
    assert_eq!(doc(&sb, &id, &e).statut, StatutTravaux::MiseADispositionMoa);
    let attente = tr::attentes(&sb, &sb.travaux[&id], later);
    assert_eq!(attente[0].role, RoleTravaux::Moa);
    assert!(
        attente[0].texte.contains("état d'acompte validé (A19)"),
        "{}",
        attente[0].texte
    );
    // The MOA deposits the état d'acompte validé: an invoice in the financial service's inbox.
    let eav = depot(
        &rivebelle(),
        CadreTravaux::A19,
        Some(&e),
        "EAV-11",
        "10 000,00",
        "2 000,00",
        "12 000,00",
    );
    let v = run(&mut sb, |sb| deposer(sb, &marc(), &id, &eav, later));
    let v = doc(&sb, &id, &v);
    assert_eq!(v.statut, StatutTravaux::TransmiseMoa);
    let f = &sb.factures[v.facture.as_ref().unwrap()];
    assert_eq!(f.cadre, Cadre::A19);
    assert_eq!(f.emetteur, menuiserie());
    assert_eq!(f.destinataire, Some(rivebelle()));
    assert_eq!(f.code_service, "SERV_TECH");
    assert_eq!(f.statut, Statut::MiseADisposition);
    assert_eq!(f.ht_ttc().1, Montant(1_200_000));
    assert_eq!(f.pieces.len(), 1);
    // It never goes back through the saisie.
    let fid = f.id.clone();
    let e = domain::facturation::saisie::dupliquer(&sb, &claire(), &fid, later).unwrap_err();
    assert!(matches!(e, DomainError::Rule(m) if m.contains("ne se duplique pas")));
    let attente = tr::attentes(&sb, &sb.travaux[&id], later);
    assert_eq!(attente.len(), 1);
    assert!(
        attente[0]
            .texte
            .starts_with("Service financier de la MOA (Ville de Rivebelle, service SERV_TECH)"),
        "{}",
        attente[0].texte
    );
    // Its PDF is kept (referenced) like any invoice's attachment.
    assert!(domain::facturation::facture::pieces_referencees(&sb)
        .contains(&doc(&sb, &id, &p).piece.unwrap().id));
}

#[test]
fn a_wrong_amount_is_corrected_never_refused() {
    let (mut sb, id) = dossier_demo();
    let p = a4(&mut sb, &id, "PDM-1", t0());
    let e = tr::refuser(
        &sb,
        &julie(),
        &id,
        &p,
        Some(MotifRefus::ErreurDeMontant),
        "",
        t0(),
    )
    .unwrap_err();
    assert_eq!(e.for_field(champs::MOTIF), Some(tr::MONTANT_SE_CORRIGE));
    assert_eq!(doc(&sb, &id, &p).statut, StatutTravaux::MiseADispositionMoe);
    // Admitting less: the correction must be explained, then the état d'acompte goes on.
    let mut ea = depot(
        &moe(),
        CadreTravaux::A15,
        Some(&p),
        "EA-1",
        "9 000,00",
        "1 800,00",
        "10 800,00",
    );
    let e = deposer(&sb, &julie(), &id, &ea, t0()).unwrap_err();
    assert!(e
        .for_field(champs::CORRECTION)
        .unwrap()
        .contains("expliquez la correction"));
    ea.correction = "Lot 2 non achevé : 1 000 € HT retirés.".into();
    let n = run(&mut sb, |sb| deposer(sb, &julie(), &id, &ea, t0()));
    assert_eq!(
        doc(&sb, &id, &n).montants,
        MontantsDeposes {
            ht: Montant(900_000),
            tva: Montant(180_000),
            ttc: Montant(1_080_000)
        }
    );
    // HT + TVA must equal TTC, and the PDF is required.
    let mut bad = depot(
        &rivebelle(),
        CadreTravaux::A19,
        Some(&n),
        "EAV-1",
        "9 000,00",
        "1 800,00",
        "10 000,00",
    );
    let e = deposer(&sb, &marc(), &id, &bad, t0()).unwrap_err();
    assert!(e.for_field(champs::TTC).unwrap().contains("HT plus la TVA"));
    bad.piece = None;
    let e = tr::deposer(&sb, &marc(), &id, &bad, None, t0()).unwrap_err();
    assert!(e
        .for_field(champs::PDF)
        .unwrap()
        .contains("ne se saisissent pas"));
}

#[test]
fn a_refusal_by_the_moe_stops_the_circuit_with_its_motif() {
    let (mut sb, id) = dossier_demo();
    let p = a4(&mut sb, &id, "PDM-1", t0());
    let e = tr::refuser(&sb, &julie(), &id, &p, None, "", t0()).unwrap_err();
    assert!(e.for_field(champs::MOTIF).is_some());
    // Only the MOE refuses it.
    forbidden(tr::refuser(
        &sb,
        &claire(),
        &id,
        &p,
        Some(MotifRefus::Doublon),
        "",
        t0(),
    ));
    run(&mut sb, |sb| {
        tr::refuser(
            sb,
            &julie(),
            &id,
            &p,
            Some(MotifRefus::MarcheNonConcerne),
            "Lot 3 d'un autre marché",
            t0(),
        )
    });
    let d = doc(&sb, &id, &p);
    assert_eq!(d.statut, StatutTravaux::RefuseeMoe);
    assert_eq!(
        d.motif_refus(),
        Some("Le document ne concerne pas ce marché — Lot 3 d'un autre marché")
    );
    assert!(crate::common::organisation::got_mail(
        &sb,
        "claire.durand@menuiserie-durand.example",
        "Marché MT-2026-014 : projet de décompte mensuel n° PDM-1 refusé"
    ));
    // Nothing more is awaited on it; nobody may answer it, not even the MOA after 7 days.
    let later = t0() + Duration::days(8);
    assert!(tr::attentes(&sb, &sb.travaux[&id], later).is_empty());
    assert!(forbidden(deposer(
        &sb,
        &julie(),
        &id,
        &depot(&moe(), CadreTravaux::A15, Some(&p), "EA-1", "1", "0", "1"),
        later
    ))
    .contains("Refusée par la MOE"));
    forbidden(deposer(
        &sb,
        &marc(),
        &id,
        &depot(
            &rivebelle(),
            CadreTravaux::A19,
            Some(&p),
            "EAV-1",
            "1",
            "0",
            "1",
        ),
        later,
    ));
    assert!(matches!(
        tr::recuperer(&sb, &julie(), &id, &p, later),
        Err(DomainError::Rule(_))
    ));
    // The supplier deposits a new projet.
    a4(&mut sb, &id, "PDM-1-bis", later);
}

#[test]
fn the_moe_has_seven_days_then_the_moa_may_deposit_directly() {
    let (mut sb, id) = dossier_demo();
    let p = a4(&mut sb, &id, "PDM-1", t0());
    let d = doc(&sb, &id, &p);
    assert_eq!(d.echeance_moe(), Some(t0() + Duration::days(7)));
    let just_before = t0() + Duration::days(7) - Duration::seconds(1);
    assert!(!d.delai_moe_depasse(just_before));
    let eav = depot(
        &rivebelle(),
        CadreTravaux::A19,
        Some(&p),
        "EAV-1",
        "10 000,00",
        "2 000,00",
        "12 000,00",
    );
    forbidden(deposer(&sb, &marc(), &id, &eav, just_before));
    let at = t0() + Duration::days(7);
    assert!(d.delai_moe_depasse(at));
    let texte = &tr::attentes(&sb, &sb.travaux[&id], at)[0].texte;
    assert!(
        texte.contains("délai de 7 jours dépassé depuis le 30/11/2026"),
        "{texte}"
    );
    let possibles = tr::possibilites(&sb, &marc(), &sb.travaux[&id], at);
    assert!(possibles
        .iter()
        .any(|x| x.cadre == CadreTravaux::A19 && x.associe_a.as_ref() == Some(&p)));
    let v = run(&mut sb, |sb| deposer(sb, &marc(), &id, &eav, at));
    assert!(doc(&sb, &id, &v).facture.is_some());
    assert_eq!(doc(&sb, &id, &p).statut, StatutTravaux::Associee);
}

#[test]
fn the_final_documents_follow_the_same_association() {
    let (mut sb, id) = dossier_demo();
    let d7 = depot(
        &menuiserie(),
        CadreTravaux::A7,
        None,
        "PDF-FIN",
        "50 000,00",
        "10 000,00",
        "60 000,00",
    );
    let p = run(&mut sb, |sb| deposer(sb, &claire(), &id, &d7, t0()));
    let d18 = depot(
        &moe(),
        CadreTravaux::A18,
        Some(&p),
        "DG-MOE",
        "50 000,00",
        "10 000,00",
        "60 000,00",
    );
    let g = run(&mut sb, |sb| deposer(sb, &julie(), &id, &d18, t0()));
    let d20 = depot(
        &rivebelle(),
        CadreTravaux::A20,
        Some(&g),
        "DG-MOA",
        "50 000,00",
        "10 000,00",
        "60 000,00",
    );
    let g2 = run(&mut sb, |sb| deposer(sb, &marc(), &id, &d20, t0()));
    assert_eq!(
        doc(&sb, &id, &g2).statut,
        StatutTravaux::AAssocierFournisseur
    );
    assert_eq!(
        tr::attentes(&sb, &sb.travaux[&id], t0())[0].role,
        RoleTravaux::Titulaire
    );
    let d8 = depot(
        &menuiserie(),
        CadreTravaux::A8,
        Some(&g2),
        "DGD-2026",
        "50 000,00",
        "10 000,00",
        "60 000,00",
    );
    let dgd = run(&mut sb, |sb| deposer(sb, &claire(), &id, &d8, t0()));
    let f = &sb.factures[doc(&sb, &id, &dgd).facture.as_ref().unwrap()];
    assert_eq!(f.cadre, Cadre::A8);
    assert_eq!(f.numero, "DGD-2026");
}

#[test]
fn the_simulated_moe_and_moa_play_the_month_on_the_clock() {
    let mut sb = base::sandbox();
    let r = region(&sb);
    let id = run(&mut sb, |sb| {
        tr::creer_dossier(
            sb,
            &claire(),
            &menuiserie(),
            &fiche(&r, &r, "SERV_TECH"),
            t0(),
        )
    });
    let p = a4(&mut sb, &id, "PDM-1", t0());
    let sim = domain::simulation::travaux::simuler;
    assert_eq!(sim(&sb, t0() + Duration::hours(23)).unwrap().value, 0);
    assert_eq!(run(&mut sb, |sb| sim(sb, t0() + Duration::days(1))), 1);
    assert_eq!(doc(&sb, &id, &p).statut, StatutTravaux::PriseEnCompteMoe);
    // Everything due at once: the MOE's état d'acompte (day 3), the MOA's prise en compte (day 4)
    // and its état d'acompte validé (day 5), each dated when due.
    assert_eq!(run(&mut sb, |sb| sim(sb, t0() + Duration::days(10))), 3);
    let d = &sb.travaux[&id];
    assert_eq!(d.documents.len(), 3);
    let v = &d.documents[2];
    assert_eq!(
        (v.cadre, v.statut),
        (CadreTravaux::A19, StatutTravaux::TransmiseMoa)
    );
    assert_eq!(v.depose_le, t0() + Duration::days(5));
    assert!(v.historique[0].simule && v.par.is_none());
    let f = &sb.factures[v.facture.as_ref().unwrap()];
    assert_eq!(
        (f.destinataire.as_ref(), f.statut),
        (Some(&r), Statut::MiseADisposition)
    );
    assert_eq!(sim(&sb, t0() + Duration::days(30)).unwrap().value, 0);
    // The simulated recipient then treats the invoice as any other.
    assert!(
        domain::simulation::destinataire::simuler(&sb, t0() + Duration::days(30))
            .unwrap()
            .value
            > 0
    );
}

#[test]
fn a_moe_played_by_a_person_is_never_simulated() {
    let (mut sb, id) = dossier_demo();
    a4(&mut sb, &id, "PDM-1", t0());
    // Atelier Lemaire (Julie) and Ville de Rivebelle (Marc, Nadia) are staffed: nothing moves.
    assert_eq!(
        domain::simulation::travaux::simuler(&sb, t0() + Duration::days(30))
            .unwrap()
            .value,
        0
    );
}

#[test]
fn every_record_of_a_played_dossier_round_trips_and_labels_are_unique() {
    let (mut sb, id) = dossier_demo();
    let p = a4(&mut sb, &id, "PDM-1", t0());
    run(&mut sb, |sb| {
        tr::refuser(sb, &julie(), &id, &p, Some(MotifRefus::Doublon), "", t0())
    });
    let rec = domain::Record::Travaux(sb.travaux[&id].clone());
    let back = domain::Record::from_json(&rec.key(), &rec.to_json()).unwrap();
    assert_eq!(back, rec);
    let labels: std::collections::HashSet<_> =
        StatutTravaux::ALL.iter().map(|s| s.label()).collect();
    assert_eq!(labels.len(), StatutTravaux::ALL.len());
    for c in CadreTravaux::ALL {
        assert!(c.code().starts_with(c.court()));
    }
}

#[test]
fn a_sous_traitant_deposits_its_own_projet_and_is_paid_directly() {
    use crate::common::organisation::with_structure;
    use domain::organisation::droits::Application;
    use domain::organisation::fiche_structure::modifier_applications;
    // The Papeterie du Centre, with « Factures de travaux » opened by its GP, is sous-traitant.
    let (mut sb, gp, papeterie) = with_structure();
    let apps = [
        Application::FacturesEmises,
        Application::FacturesTravaux,
        Application::Structures,
        Application::Utilisateurs,
    ];
    run(&mut sb, |sb| {
        modifier_applications(sb, &gp, &papeterie, &apps)
    });
    let mut f = fiche(&moe(), &rivebelle(), "SERV_TECH");
    f.intervenant = papeterie.to_string();
    f.role_intervenant = "SOUS_TRAITANT".into();
    let id = run(&mut sb, |sb| {
        tr::creer_dossier(sb, &claire(), &menuiserie(), &f, t0())
    });
    assert_eq!(
        sb.travaux[&id].roles(&papeterie),
        vec![RoleTravaux::SousTraitant]
    );
    // Its cadre is A10, not the titulaire's A4 nor a cotraitant's A13.
    for cadre in [CadreTravaux::A4, CadreTravaux::A13] {
        let m = forbidden(deposer(
            &sb,
            &gp,
            &id,
            &depot(&papeterie, cadre, None, "ST-1", "1", "0", "1"),
            t0(),
        ));
        assert!(m.contains("n'a pas ce rôle"), "{m}");
    }
    let d = depot(
        &papeterie,
        CadreTravaux::A10,
        None,
        "ST-1",
        "1 000,00",
        "200,00",
        "1 200,00",
    );
    let p = run(&mut sb, |sb| deposer(sb, &gp, &id, &d, t0()));
    let ea = depot(
        &moe(),
        CadreTravaux::A15,
        Some(&p),
        "EA-ST-1",
        "1 000,00",
        "200,00",
        "1 200,00",
    );
    let e = run(&mut sb, |sb| deposer(sb, &julie(), &id, &ea, t0()));
    let eav = depot(
        &rivebelle(),
        CadreTravaux::A19,
        Some(&e),
        "EAV-ST-1",
        "1 000,00",
        "200,00",
        "1 200,00",
    );
    let v = run(&mut sb, |sb| deposer(sb, &marc(), &id, &eav, t0()));
    let facture = &sb.factures[doc(&sb, &id, &v).facture.as_ref().unwrap()];
    assert_eq!(
        facture.emetteur, papeterie,
        "paiement direct du sous-traitant"
    );
    // The titulaire sees the dossier; the sous-traitant sees it too.
    assert!(tr::consulter(&sb, &gp, &id).is_ok());
    assert!(
        tr::consulter(&sb, &CompteId::from(NADIA), &id).is_err(),
        "Nadia has no « Factures de travaux » habilitation"
    );
}

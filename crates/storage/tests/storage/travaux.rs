//! The bounds of the works dossiers (collection `travaux`): an export with a played dossier is
//! importable (its documents' PDFs travel with it), each out-of-bound value is refused at import
//! naming the dossier and the field, and the loader sets aside a tampered stored dossier.

use crate::common::factures::{claire, menuiserie, structure_annuaire, PDF_VALIDE, RIVEBELLE};
use crate::common::{run, t0};
use domain::facturation::facture::PieceJointe;
use domain::facturation::travaux::{self as tr, CadreTravaux, Depot, FicheIdentite, MotifRefus};
use domain::kernel::ids::{CompteId, PieceJointeId, StructureId};
use domain::simulation::demo;
use domain::{Collection, Sandbox};
use serde_json::Value;
use std::collections::BTreeMap;
use storage::export::{export, export_complet, validate_import, validate_import_bytes};
use storage::{Envelope, KvStore, MemoryStore, Persistence, Problem};

/// A dossier with a refused projet and an état d'acompte answering a second one.
fn joue() -> (Sandbox, PieceJointeId) {
    let mut sb = domain::simulation::base::sandbox();
    let fiche = FicheIdentite {
        marche: "MT-2026-014".into(),
        objet: "Rénovation de l'école".into(),
        moe: demo::MAITRE_OEUVRE.into(),
        moa: structure_annuaire(RIVEBELLE).to_string(),
        service_moa: "SERV_TECH".into(),
        ..FicheIdentite::default()
    };
    let id = run(&mut sb, |sb| {
        tr::creer_dossier(sb, &claire(), &menuiserie(), &fiche, t0())
    });
    let piece = PieceJointeId::generate();
    let depot = |s: &str,
                 c,
                 a: Option<&domain::kernel::ids::DocumentTravauxId>,
                 n: &str,
                 p: PieceJointeId| Depot {
        structure: StructureId::from(s),
        cadre: c,
        associe_a: a.cloned(),
        numero: n.into(),
        ht: "100,00".into(),
        tva: "20,00".into(),
        ttc: "120,00".into(),
        correction: String::new(),
        piece: Some(PieceJointe {
            id: p,
            nom: format!("{n}.pdf"),
            taille: PDF_VALIDE.len() as u64,
            principale: true,
        }),
    };
    let julie = CompteId::from("demo-julie-lemaire");
    let a = depot(
        demo::FOURNISSEUR,
        CadreTravaux::A4,
        None,
        "PDM-1",
        piece.clone(),
    );
    let p1 = run(&mut sb, |sb| {
        tr::deposer(sb, &claire(), &id, &a, Some(PDF_VALIDE), t0())
    });
    run(&mut sb, |sb| {
        tr::refuser(sb, &julie, &id, &p1, Some(MotifRefus::Doublon), "", t0())
    });
    let b = depot(
        demo::FOURNISSEUR,
        CadreTravaux::A4,
        None,
        "PDM-2",
        PieceJointeId::generate(),
    );
    let p2 = run(&mut sb, |sb| {
        tr::deposer(sb, &claire(), &id, &b, Some(PDF_VALIDE), t0())
    });
    let e = depot(
        demo::MAITRE_OEUVRE,
        CadreTravaux::A15,
        Some(&p2),
        "EA-2",
        PieceJointeId::generate(),
    );
    run(&mut sb, |sb| {
        tr::deposer(sb, &julie, &id, &e, Some(PDF_VALIDE), t0())
    });
    (sb, piece)
}

fn tamper(f: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&export(&joue().0, t0())).unwrap();
    let record = v["records"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["collection"] == "travaux")
        .unwrap();
    f(&mut record["data"]);
    serde_json::to_string(&v).unwrap()
}

#[test]
fn a_played_dossier_and_its_pdfs_are_exported_and_importable() {
    let (sb, piece) = joue();
    let mut octets = BTreeMap::new();
    octets.insert(piece.to_string(), PDF_VALIDE.to_vec());
    let file = export_complet(&sb, t0(), &octets);
    // The refused projet's PDF travels; the two others are named as absent.
    assert_eq!(file.absents.len(), 2, "{:?}", file.absents);
    assert!(file
        .absents
        .iter()
        .all(|a| a.contains("(document de travaux ")));
    let import = validate_import_bytes(file.text.as_bytes()).expect("importable");
    assert_eq!(import.fichiers.len(), 1);
    assert!(import
        .records
        .iter()
        .any(|r| r.key().collection == Collection::Travaux));
}

#[test]
fn import_refuses_each_out_of_bound_value_of_a_dossier() {
    let cases: Vec<(String, &str)> = vec![
        (
            tamper(|d| d["marche"] = "M".repeat(51).into()),
            "« Numéro de marché » ne doit pas dépasser 50 caractères",
        ),
        (
            tamper(|d| d["moe"] = "X Y".into()),
            "l'identifiant « Maître d'œuvre » (« X Y ») est invalide",
        ),
        (
            tamper(|d| d["moa"] = "annuaire-inconnue".into()),
            "Le dossier de facturation du marché « MT-2026-014 » concerne une structure absente du fichier.",
        ),
        (
            tamper(|d| d["documents"][0]["no"] = "N".repeat(41).into()),
            "« Numéro du document » ne doit pas dépasser 40 caractères",
        ),
        (
            tamper(|d| d["documents"][0]["mt"]["c"] = i64::MAX.into()),
            "le montant « Montant TTC » dépasse la limite admise",
        ),
        (
            tamper(|d| d["documents"][2]["as"] = "inconnu0000000000".into()),
            "le document « EA-2 » répond à un document absent du dossier.",
        ),
        (
            tamper(|d| d["documents"][1]["as"] = d["documents"][0]["id"].clone()),
            "le document « PDM-2 » n'est pas associé comme son cadre le veut.",
        ),
        (
            tamper(|d| d["documents"][0]["st"] = "ASSOCIEE".into()),
            "historique d'un document incohérent avec son statut.",
        ),
        (
            tamper(|d| d["documents"][0]["hi"] = Value::Array(vec![])),
            "historique d'un document vide.",
        ),
        (
            tamper(|d| d["documents"][0]["pj"]["n"] = "document.exe".into()),
            "L'extension « .exe » n'est pas acceptée",
        ),
        (
            tamper(|d| d["intervenants"] = serde_json::json!([{"s": "demo-atelier-lemaire", "r": "MOE"}])),
            "un intervenant est cotraitant ou sous-traitant.",
        ),
        (
            tamper(|d| d["documents"][0]["st"] = "PAYEE".into()),
            "valeur « PAYEE » inconnue",
        ),
        (
            tamper(|d| {
                let doc = d["documents"][0].clone();
                let many: Vec<Value> = (0..=tr::MAX_DOCUMENTS).map(|_| doc.clone()).collect();
                d["documents"] = Value::Array(many);
            }),
            "« Documents du dossier » compte plus de 600 éléments.",
        ),
    ];
    for (file, expected) in cases {
        let err = validate_import(&file).expect_err(expected);
        assert!(
            err.contains(expected),
            "expected « {expected} », got « {err} »"
        );
        assert!(
            err.contains("dossier de facturation de travaux") || err.starts_with("Le dossier"),
            "the record is named: {err}"
        );
    }
}

#[test]
fn the_loader_sets_aside_a_tampered_dossier() {
    let mut store = MemoryStore::new();
    let (mut p, _) = Persistence::load(&mut store).unwrap();
    p.replace_all(&mut store, &joue().0.records()).unwrap();
    let key = store
        .keys()
        .unwrap()
        .into_iter()
        .find(|k| k.starts_with("cpsb:travaux:"))
        .unwrap();
    let raw = store.get(&key).unwrap().unwrap();
    let env = Envelope::parse(&raw).unwrap();
    let mut data: Value = serde_json::from_str(env.data.get()).unwrap();
    data["documents"][0]["t"] = 4_133_980_800_000_i64.into();
    store
        .set(&key, &Envelope::new(env.rev, data.to_string()).to_raw())
        .unwrap();
    let (_, report) = Persistence::load(&mut store).unwrap();
    match report.problems.as_slice() {
        [Problem::Corrupt { key: k, reason, .. }] => {
            assert_eq!(k, &key);
            assert!(
                reason.contains("dossier de facturation de travaux « MT-2026-014 » : la date « Déposé le » est hors de la plage admise"),
                "{reason}"
            );
        }
        other => panic!("one record set aside, got {other:?}"),
    }
    assert!(report.sandbox.travaux.is_empty());
    assert!(
        !report.sandbox.courriels.is_empty(),
        "the dossier's mails are kept"
    );
}

//! « Dépôt de flux » end to end in the pure crates: files written by the writers, read by the
//! readers, deposited as a flux, moved on the sandbox clock, the compte rendu's content.

use domain::facturation::facture::{Facture, ModeDepot, Statut};
use domain::facturation::flux::{self, StatutFlux};
use domain::kernel::ids::{CompteId, StructureId};
use domain::kernel::time::Timestamp;
use domain::organisation::structure::{ProfilDestinataire, Structure};
use domain::{DomainError, Read, Record, Sandbox};
use formats::depot::lire_fichiers;
use formats::{cii, ubl, Document};
use std::rc::Rc;

fn claire() -> CompteId {
    CompteId::from("demo-claire-durand")
}
fn menuiserie() -> StructureId {
    StructureId::from(domain::simulation::demo::FOURNISSEUR)
}
fn t0() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-12-15T10:00:00+01:00")
        .expect("a date")
        .with_timezone(&chrono::Utc)
}
fn plus(minutes: i64) -> Timestamp {
    t0() + chrono::Duration::minutes(minutes)
}

fn destinataire(sb: &Sandbox, profil: ProfilDestinataire) -> Rc<Structure> {
    sb.structures
        .values()
        .find(|s| s.is_public() && s.is_active() && s.parametres.profile() == profil)
        .expect("the annuaire has every profile")
        .clone()
}

/// A one-line invoice of the demo supplier to `dest`, paid by transfer to its account.
fn facture(sb: &Sandbox, dest: &Structure, numero: &str, ej: &str) -> Facture {
    let four = sb.structures.get(&menuiserie()).expect("the demo supplier");
    let mut f: Facture =
        serde_json::from_str(r#"{"id":"f1","em":"s","cr":"a","ct":0}"#).expect("a minimal record");
    f.emetteur = four.id.clone();
    f.destinataire = Some(dest.id.clone());
    f.numero = numero.to_string();
    f.ej = ej.to_string();
    f.date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
    f.mode_reglement = Some(domain::facturation::facture::ModeReglement::Virement);
    f.coordonnees_bancaires = four.bank_accounts.first().map(|c| c.id.clone());
    f.statut = Statut::Deposee;
    f.lignes = vec![domain::facturation::facture::Ligne {
        designation: "Porte en chêne".to_string(),
        quantite: Some(domain::kernel::money::Quantite(20_000)),
        prix: Some(domain::kernel::money::PrixUnitaire(4_500_000)),
        taux: Some(domain::kernel::money::Taux(2000)),
        ..Default::default()
    }];
    f
}

fn ecrire(sb: &Sandbox, f: &Facture, syntaxe: &str) -> Vec<u8> {
    let four = sb.structures.get(&f.emetteur).expect("supplier");
    let dest = f.destinataire_dans(sb).expect("recipient");
    let doc = Document::new(f, four, dest, four.bank_accounts.first(), None);
    match syntaxe {
        "ubl" => ubl::ecrire(&doc),
        _ => cii::ecrire(&doc),
    }
    .into_bytes()
}

fn deposer(sb: &mut Sandbox, fichiers: Vec<(String, Vec<u8>)>, now: Timestamp) -> flux::Depot {
    let lus = lire_fichiers(&fichiers).expect("no hostile file");
    let out = flux::deposer(sb, &claire(), &menuiserie(), &lus, now).expect("deposited");
    sb.apply(&out.changes);
    out.value
}

fn avancer(sb: &mut Sandbox, now: Timestamp) -> usize {
    let out = flux::avancer(sb, now).expect("moves");
    sb.apply(&out.changes);
    out.value
}

#[test]
fn a_flux_with_one_good_and_one_faulty_invoice_ends_partly_integrated() {
    let mut sb = domain::simulation::base::sandbox();
    let libre = destinataire(&sb, ProfilDestinataire::SansParametre);
    let ej = destinataire(&sb, ProfilDestinataire::EjObligatoire);
    let bonne = facture(&sb, &libre, "FX-2026-001", "");
    let sans_ej = facture(&sb, &ej, "FX-2026-002", "");
    let fichiers = vec![
        ("bonne.xml".to_string(), ecrire(&sb, &bonne, "cii")),
        ("sans-ej.xml".to_string(), ecrire(&sb, &sans_ej, "ubl")),
    ];
    let depot = deposer(&mut sb, fichiers, t0());
    assert_eq!(depot.numero, "CPP20260000001");
    let fl = sb.flux.get(&depot.flux).expect("the flux").clone();
    assert_eq!(fl.statut, StatutFlux::InRecu);
    assert_eq!(fl.nb_factures, 2);
    assert_eq!(fl.syntaxe, flux::Syntaxe::InDpE1Cii16b);
    assert_eq!(fl.en_attente.len(), 1);
    assert!(fl.erreurs_techniques.is_empty());
    assert_eq!(fl.erreurs_dp.len(), 1, "{:?}", fl.erreurs_dp);
    let e = &fl.erreurs_dp[0];
    assert_eq!(e.numero, "FX-2026-002");
    assert_eq!(e.fichier, "sans-ej.xml");
    assert_eq!(e.regle, "BT-13");
    assert_eq!(e.identifiant_destinataire, ej.identifier);
    assert!(e.libelle.contains("engagement juridique"), "{}", e.libelle);
    // Nothing in Factures émises yet; the API's compte rendu says only the current status.
    assert!(sb.factures.is_empty());
    let cr: serde_json::Value =
        serde_json::from_str(&flux::reponse_consulter_cr_detaille(&fl)).expect("JSON");
    assert_eq!(
        cr,
        serde_json::json!({"etatCourantDepotFlux": "IN_RECU", "listeErreurDP": [], "listeErreurTechnique": []})
    );

    // On the sandbox clock: nothing before a minute, then each step when due.
    assert_eq!(avancer(&mut sb, plus(0)), 0);
    assert_eq!(avancer(&mut sb, plus(1)), 1);
    assert_eq!(sb.flux[&depot.flux].statut, StatutFlux::InTraiteSeCpp);
    assert_eq!(avancer(&mut sb, plus(9)), 2);
    assert_eq!(
        sb.flux[&depot.flux].statut,
        StatutFlux::InEnCoursTraitementCpp
    );
    assert!(sb.factures.is_empty());
    assert_eq!(avancer(&mut sb, plus(60)), 1);
    let fl = sb.flux[&depot.flux].clone();
    assert_eq!(fl.statut, StatutFlux::InIntegrePartiel);
    let etapes: Vec<(&str, Timestamp)> = fl
        .historique
        .iter()
        .map(|e| (e.statut.code(), e.at))
        .collect();
    assert_eq!(
        etapes,
        vec![
            ("IN_RECU", plus(0)),
            ("IN_TRAITE_SE_CPP", plus(1)),
            ("IN_EN_ATTENTE_TRAITEMENT_CPP", plus(2)),
            ("IN_EN_COURS_TRAITEMENT_CPP", plus(5)),
            ("IN_INTEGRE_PARTIEL", plus(10)),
        ]
    );
    assert!(fl.en_attente.is_empty());
    assert_eq!(fl.integrees.len(), 1);
    // Processed: the API's consulterCRDetaille answer names the faulty invoice.
    let cr: serde_json::Value =
        serde_json::from_str(&flux::reponse_consulter_cr_detaille(&fl)).expect("JSON");
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE_PARTIEL");
    assert_eq!(cr["listeErreurTechnique"], serde_json::json!([]));
    let dp = &cr["listeErreurDP"][0];
    assert_eq!(dp["numeroDP"], "FX-2026-002");
    assert_eq!(dp["identifiantDestinataire"], ej.identifier.as_str());
    assert!(dp["libelleErreurDP"]
        .as_str()
        .is_some_and(|l| l.contains("engagement juridique") && l.ends_with("(BT-13)")));
    assert_eq!(cr["listeErreurDP"].as_array().map(Vec::len), Some(1));
    // The integrated invoice is in Factures émises, deposited as a flux, in the lifecycle.
    let f = sb.factures.get(&fl.integrees[0]).expect("integrated");
    assert_eq!(f.numero, "FX-2026-001");
    assert_eq!(f.mode_depot, ModeDepot::UploadPortail);
    assert_eq!(f.statut, Statut::MiseADisposition);
    assert_eq!(f.depose_le(), Some(plus(10)));
    assert_eq!(f.depose_par(), Some(&claire()));
    assert_eq!(f.empreinte.len(), 64);
    assert_eq!(
        flux::flux_de_facture(&sb, &f.id).map(|x| x.numero.clone()),
        Some(depot.numero.clone())
    );
    assert_eq!(avancer(&mut sb, plus(600)), 0, "a processed flux stays");
}

#[test]
fn numbers_are_unique_across_the_flux_the_saisie_and_tabs() {
    let mut sb = domain::simulation::base::sandbox();
    let libre = destinataire(&sb, ProfilDestinataire::SansParametre);
    let f = facture(&sb, &libre, "FX-2026-010", "");
    let xml = ecrire(&sb, &f, "cii");
    // Twice in one flux: the second is a duplicate.
    let lus = lire_fichiers(&[
        ("a.xml".to_string(), xml.clone()),
        ("b.xml".to_string(), xml.clone()),
    ])
    .expect("read");
    let out = flux::deposer(&sb, &claire(), &menuiserie(), &lus, t0()).expect("deposited");
    // The flux number and the invoice number are taken for the other tabs.
    let index: Vec<&str> = out
        .reads
        .iter()
        .filter_map(|r| match r {
            Read::Index { key, .. } => Some(key.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(index.len(), 2, "{index:?}");
    assert!(index.contains(&"flux:CPP20260000001"));
    assert!(index.iter().any(|k| k.ends_with(":2026:fx-2026-010")));
    sb.apply(&out.changes);
    let fl = sb.flux.values().next().expect("flux").clone();
    assert_eq!(fl.en_attente.len(), 1);
    assert_eq!(fl.erreurs_dp.len(), 1);
    assert!(fl.erreurs_dp[0]
        .libelle
        .contains(domain::facturation::saisie::NUMERO_DEJA_UTILISE));
    // Waiting in a flux, the number is already taken for the saisie…
    assert!(domain::facturation::saisie::numero_deja_utilise(
        &sb,
        &menuiserie(),
        "fx-2026-010",
        2026,
        None
    ));
    // … and for the next flux, which is then rejected; its number is the next one.
    let depot = deposer(&mut sb, vec![("c.xml".to_string(), xml)], plus(1));
    assert_eq!(depot.numero, "CPP20260000002");
    avancer(&mut sb, plus(30));
    assert_eq!(sb.flux[&depot.flux].statut, StatutFlux::InRejete);
    assert_eq!(sb.factures.len(), 1);
}

#[test]
fn totals_that_do_not_add_up_name_their_en16931_rule() {
    let mut sb = domain::simulation::base::sandbox();
    let libre = destinataire(&sb, ProfilDestinataire::SansParametre);
    let f = facture(&sb, &libre, "FX-2026-020", "");
    let xml = String::from_utf8(ecrire(&sb, &f, "cii")).expect("utf-8");
    // 2 × 450 € at 20 %: HT 900.00, TVA 180.00, TTC 1080.00.
    let faux = xml.replacen(
        "<ram:GrandTotalAmount>1080.00<",
        "<ram:GrandTotalAmount>1100.00<",
        1,
    );
    assert_ne!(faux, xml);
    let depot = deposer(
        &mut sb,
        vec![("faux.xml".to_string(), faux.into_bytes())],
        t0(),
    );
    let fl = &sb.flux[&depot.flux];
    let regles: Vec<&str> = fl.erreurs_dp.iter().map(|e| e.regle.as_str()).collect();
    assert!(regles.contains(&"BR-CO-15"), "{:?}", fl.erreurs_dp);
    assert!(regles.contains(&"BR-CO-16"), "{:?}", fl.erreurs_dp);
    let e = fl
        .erreurs_dp
        .iter()
        .find(|e| e.regle == "BR-CO-15")
        .expect("BR-CO-15");
    let texte = e.libelle.replace(['\u{202f}', '\u{a0}'], " ");
    assert!(
        texte.contains("1 100,00 €") && texte.contains("1 080,00 €"),
        "{texte}"
    );
    assert!(fl.en_attente.is_empty());
    assert_eq!(fl.statut_final(), StatutFlux::InRejete);
}

#[test]
fn an_unreadable_file_is_a_technical_error_and_the_flux_is_rejected() {
    let mut sb = domain::simulation::base::sandbox();
    let depot = deposer(
        &mut sb,
        vec![("lettre.xml".to_string(), b"<lettre>\n<a></b>\n".to_vec())],
        t0(),
    );
    avancer(&mut sb, plus(10));
    let fl = &sb.flux[&depot.flux];
    assert_eq!(fl.statut, StatutFlux::InRejete);
    assert_eq!(fl.erreurs_techniques.len(), 1);
    assert_eq!(fl.erreurs_techniques[0].ligne, Some(2));
    assert_eq!(fl.erreurs_techniques[0].fichier, "lettre.xml");
    let cr: serde_json::Value =
        serde_json::from_str(&flux::reponse_consulter_cr_detaille(fl)).expect("JSON");
    assert_eq!(cr["etatCourantDepotFlux"], "IN_REJETE");
    let t = &cr["listeErreurTechnique"][0];
    assert_eq!(t["codeErreur"], fl.erreurs_techniques[0].code.as_str());
    assert_eq!(
        t["libelleErreur"],
        fl.erreurs_techniques[0].libelle.as_str()
    );
    assert_eq!(t["natureErreur"], "fichier lettre.xml, ligne 2");
}

#[test]
fn only_who_may_issue_invoices_deposits_and_sees_flows() {
    let mut sb = domain::simulation::base::sandbox();
    let marc = CompteId::from("demo-marc-lefevre");
    let err = flux::deposer(&sb, &marc, &menuiserie(), &[], t0()).expect_err("refused");
    assert!(
        matches!(err, DomainError::Forbidden(ref m) if m.contains("déposer des flux")),
        "{err:?}"
    );
    // Nothing to deposit: a message on the field, nothing created.
    let err = flux::deposer(&sb, &claire(), &menuiserie(), &[], t0()).expect_err("refused");
    assert!(err.for_field(flux::CHAMP_FICHIERS).is_some());
    let depot = deposer(&mut sb, vec![("x.xml".to_string(), b"<x/>".to_vec())], t0());
    assert!(flux::consulter(&sb, &claire(), &depot.flux).is_ok());
    assert!(matches!(
        flux::consulter(&sb, &marc, &depot.flux),
        Err(DomainError::Forbidden(_))
    ));
    assert_eq!(flux::flux_de(&sb, &menuiserie()).len(), 1);
    // The record goes through its JSON unchanged.
    let rec = Record::Flux(sb.flux[&depot.flux].clone());
    assert_eq!(
        Record::from_json(&rec.key(), &rec.to_json()).expect("parses"),
        rec
    );
}

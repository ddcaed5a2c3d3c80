//! Benchmark (bench/run.sh, or `BENCH_ONLY=formats bench/run.sh`): median time to export a
//! 50-line invoice to CII, UBL and the Factur-X PDF, natively in release mode.

use domain::facturation::facture::{Facture, Ligne, ModeReglement, Statut};
use domain::kernel::money::{Montant, PrixUnitaire, Quantite, Taux};
use domain::organisation::structure::TypeStructure;
use formats::{cii, pdf, ubl, Document};
use std::time::{Duration, Instant};

fn mediane(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let sb = domain::simulation::base::sandbox();
    let fournisseur = sb
        .structures
        .values()
        .find(|s| s.kind == TypeStructure::Privee && !s.bank_accounts.is_empty())
        .expect("the demo supplier");
    let destinataire = sb
        .structures
        .get(&domain::simulation::demo::public_structure_id())
        .expect("the demo public entity");
    let mut f: Facture =
        serde_json::from_str(r#"{"id":"b","em":"s","cr":"a","ct":0}"#).expect("a record");
    f.emetteur = fournisseur.id.clone();
    f.destinataire = Some(destinataire.id.clone());
    f.numero = "BENCH-50".into();
    f.date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
    f.statut = Statut::Deposee;
    f.mode_reglement = Some(ModeReglement::Virement);
    f.coordonnees_bancaires = fournisseur.bank_accounts.first().map(|c| c.id.clone());
    f.lignes = (0..50)
        .map(|i| Ligne {
            reference: format!("REF-{i}"),
            designation: format!("Article {i} : fournitures de bureau et petit matériel"),
            quantite: Some(Quantite(10_000 + i * 2_500)),
            unite: "lot".into(),
            prix: Some(PrixUnitaire(123_456 + i * 1_000)),
            remise: Montant(if i % 5 == 0 { 100 } else { 0 }),
            taux: Some(Taux([2000, 1000, 550][i as usize % 3])),
        })
        .collect();
    let d = Document::depuis(&sb, &f).expect("a document");
    let runs = 25;
    let mut t_cii = Vec::new();
    let mut t_ubl = Vec::new();
    let mut t_pdf = Vec::new();
    let mut tailles = (0, 0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        let c = cii::ecrire(&d);
        t_cii.push(t.elapsed());
        let t = Instant::now();
        let u = ubl::ecrire(&d);
        t_ubl.push(t.elapsed());
        let t = Instant::now();
        let p = pdf::ecrire(&d, &c);
        t_pdf.push(t.elapsed());
        tailles = (c.len(), u.len(), p.len());
    }
    println!(
        "export d'une facture de 50 lignes (médiane de {runs}, natif release) : CII {:.2} ms ({} o), UBL {:.2} ms ({} o), PDF Factur-X {:.2} ms ({} o)",
        mediane(t_cii).as_secs_f64() * 1e3,
        tailles.0,
        mediane(t_ubl).as_secs_f64() * 1e3,
        tailles.1,
        mediane(t_pdf).as_secs_f64() * 1e3,
        tailles.2
    );
}

//! Benchmark (native, release): a flow of 500 CII invoices, from the files' bytes to the compte
//! rendu — read (`depot::lire_fichiers`), checked and deposited (`flux::deposer`), processed on
//! the sandbox clock (`flux::avancer`). Prints the median of 5 runs. Run by `bench/run.sh`
//! (`BENCH_ONLY=flux`).

use domain::facturation::facture::{Facture, Ligne, ModeReglement, Statut};
use domain::facturation::flux;
use domain::kernel::ids::{CompteId, StructureId};
use domain::kernel::money::{PrixUnitaire, Quantite, Taux};
use std::time::Instant;

fn main() {
    let sb = domain::simulation::base::sandbox();
    let menuiserie = StructureId::from(domain::simulation::demo::FOURNISSEUR);
    let claire = CompteId::from("demo-claire-durand");
    let four = sb
        .structures
        .get(&menuiserie)
        .expect("the demo supplier")
        .clone();
    let dest = sb
        .structures
        .values()
        .find(|s| {
            s.is_public()
                && s.is_active()
                && s.parametres.profile()
                    == domain::organisation::structure::ProfilDestinataire::SansParametre
        })
        .expect("a recipient")
        .clone();
    let fichiers: Vec<(String, Vec<u8>)> = (1..=500)
        .map(|i| {
            let mut f: Facture =
                serde_json::from_str(r#"{"id":"f1","em":"s","cr":"a","ct":0}"#).expect("record");
            f.emetteur = four.id.clone();
            f.destinataire = Some(dest.id.clone());
            f.numero = format!("BENCH-{i:04}");
            f.date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
            f.mode_reglement = Some(ModeReglement::Virement);
            f.coordonnees_bancaires = four.bank_accounts.first().map(|c| c.id.clone());
            f.statut = Statut::Deposee;
            f.lignes = (0..3)
                .map(|n| Ligne {
                    designation: format!("Article {n}"),
                    quantite: Some(Quantite(10_000 * (n + 1))),
                    prix: Some(PrixUnitaire(1_234_500)),
                    taux: Some(Taux(if n == 2 { 550 } else { 2000 })),
                    ..Ligne::default()
                })
                .collect();
            let doc = formats::Document::new(&f, &four, &dest, four.bank_accounts.first(), None);
            (
                format!("{}.xml", f.numero),
                formats::cii::ecrire(&doc).into_bytes(),
            )
        })
        .collect();
    let octets: usize = fichiers.iter().map(|(_, o)| o.len()).sum();
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-15T10:00:00+01:00")
        .expect("date")
        .with_timezone(&chrono::Utc);
    let mut temps = Vec::new();
    for _ in 0..5 {
        let mut sb = sb.clone();
        let t = Instant::now();
        let lus = formats::depot::lire_fichiers(&fichiers).expect("read");
        let out = flux::deposer(&sb, &claire, &menuiserie, &lus, now).expect("deposit");
        sb.apply(&out.changes);
        let fin = now + chrono::Duration::minutes(flux::MINUTES_TRAITEMENT);
        let out = flux::avancer(&sb, fin).expect("process");
        sb.apply(&out.changes);
        temps.push(t.elapsed());
        let fl = sb.flux.values().next().expect("flux");
        assert_eq!(fl.integrees.len(), 500, "{:?}", fl.erreurs_dp.first());
    }
    temps.sort();
    println!(
        "flux de 500 factures CII ({} Ko) jusqu'au compte rendu (natif, release) : médiane {} ms (min {} ms, max {} ms)",
        octets / 1000,
        temps[2].as_millis(),
        temps[0].as_millis(),
        temps[4].as_millis()
    );
}

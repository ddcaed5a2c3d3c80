//! The invoice lists' CSV export (« Exporter »).

use super::{cadre_court, Cote};
use crate::facturation::facture::Facture;
use crate::kernel::time::{date_fr, day_fr};
use crate::sandbox::Sandbox;
use std::rc::Rc;

/// CSV with `;`, a header row, one row per invoice. Amounts as French decimals without thousands
/// separator (« 1234,56 »), dates jj/mm/aaaa (Paris).
pub fn csv(sb: &Sandbox, cote: Cote, factures: &[&Rc<Facture>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let header = [
        "Numéro",
        "Date de facture",
        "Déposée le",
        cote.partenaire_label(),
        "Identifiant",
        "Code service",
        "Type",
        "Cadre",
        "EJ",
        "Montant HT",
        "Montant TVA",
        "Montant TTC",
        "Montant à payer",
        "Statut",
        "Date du statut",
        "Rejet traité",
    ];
    // Writing into memory cannot fail.
    let _ = w.write_record(header);
    for f in factures {
        let t = f.totaux();
        let partenaire = cote.partenaire(f).and_then(|id| sb.structures.get(id));
        let row: [&str; 16] = [
            &f.numero,
            &f.date.map(day_fr).unwrap_or_default(),
            &f.depose_le().map(date_fr).unwrap_or_default(),
            partenaire.map_or("", |s| s.display_name()),
            partenaire.map_or("", |s| s.identifier.as_str()),
            &f.code_service,
            f.type_facture.label(),
            cadre_court(f.cadre),
            &f.ej,
            &t.total_ht.input(),
            &t.total_tva.input(),
            &t.total_ttc.input(),
            &f.a_payer().input(),
            f.statut.label(),
            &date_fr(f.date_etat_courant()),
            if f.rejet_traite() { "Oui" } else { "Non" },
        ];
        let _ = w.write_record(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

//! The invoice lists' CSV export (« Exporter »).

use super::Cote;
use crate::facturation::facture::Facture;
use crate::kernel::error::DomainError;
use crate::kernel::spreadsheet;
use crate::kernel::time::{date_fr, day_fr};
use crate::sandbox::Sandbox;
use std::rc::Rc;

/// CSV for a French spreadsheet (`kernel::spreadsheet`: BOM, `;`, formulas neutralised), a header
/// row, one row per invoice. Amounts as French decimals without thousands separator (« 1234,56 »),
/// dates jj/mm/aaaa (Paris).
pub fn csv(sb: &Sandbox, cote: Cote, factures: &[&Rc<Facture>]) -> Result<String, DomainError> {
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
    let rows = factures.iter().map(|f| {
        let t = f.totaux();
        let partenaire = cote.partenaire(f).and_then(|id| sb.structures.get(id));
        vec![
            f.numero.clone(),
            f.date.map(day_fr).unwrap_or_default(),
            f.depose_le().map(date_fr).unwrap_or_default(),
            partenaire.map_or("", |s| s.display_name()).to_string(),
            partenaire.map_or("", |s| s.identifier.as_str()).to_string(),
            f.code_service.clone(),
            f.type_facture.label().to_string(),
            f.cadre.court().to_string(),
            f.ej.clone(),
            t.total_ht.input(),
            t.total_tva.input(),
            t.total_ttc.input(),
            f.a_payer().input(),
            f.statut.label().to_string(),
            date_fr(f.date_etat_courant()),
            if f.rejet_traite() { "Oui" } else { "Non" }.to_string(),
        ]
    });
    spreadsheet::document(&header, rows)
}

//! Export and import of a sandbox holding invoices: the forms' rules apply to imported records.

use crate::common::factures::*;
use crate::common::{run, t0};
use domain::facturation::facture::ModeDepot;
use domain::facturation::saisie::{self, FormulaireFacture};

#[test]
fn invoices_go_through_export_and_import_with_the_forms_rules() {
    use storage::export::{export, validate_import};
    let mut sb = domain::simulation::base::sandbox();
    let form = form_complet(&sb);
    let sent = send_ok(&mut sb, &form, t0());
    let mut draft_form = FormulaireFacture::nouvelle(ModeDepot::DepotPdfPortail);
    draft_form.numero = "BROUILLON-1".into();
    run(&mut sb, |sb| {
        saisie::enregistrer_brouillon(sb, &claire(), &menuiserie(), None, &draft_form, t0())
    });
    let file = export(&sb, t0());
    let records = validate_import(&file).expect("an export is importable");
    // The confirmation counts every kind of record, with French plurals.
    let resume = storage::export::resume(&records);
    assert!(resume.contains("2 factures"), "{resume}");
    assert!(!resume.contains("(s)"), "{resume}");
    assert_eq!(
        storage::export::resume(&[]),
        "aucune donnée (le bac à sable sera vide, hors comptes de démonstration et annuaire)"
    );
    let mut back = domain::simulation::base::sandbox();
    back.apply(
        &records
            .into_iter()
            .map(domain::Change::Put)
            .collect::<Vec<_>>(),
    );
    assert_eq!(back.factures, sb.factures);

    let tamper = |f: fn(&mut serde_json::Value)| -> String {
        let mut v: serde_json::Value = serde_json::from_str(&file).unwrap();
        for r in v["records"].as_array_mut().unwrap() {
            if r["collection"] == "facture" && r["id"] == sent.as_str() {
                f(&mut r["data"]);
            }
        }
        serde_json::to_string(&v).unwrap()
    };
    type Tamper = fn(&mut serde_json::Value);
    let cases: [(Tamper, &str); 4] = [
        (|d| d["no"] = "N".repeat(41).into(), "40 caractères"),
        (
            |d| d["em"] = "structure-inconnue".into(),
            "structure absente du fichier",
        ),
        (
            |d| d["fp"] = "pas-une-empreinte".into(),
            "empreinte de dépôt invalide",
        ),
        (
            |d| d["hi"] = serde_json::json!([]),
            "historique des statuts incohérent",
        ),
    ];
    for (change, expected) in cases {
        let err = validate_import(&tamper(change)).unwrap_err();
        assert!(err.contains(expected), "{expected} : {err}");
    }
}

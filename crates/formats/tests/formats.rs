//! The writers on a table of invoices. With `CHORUS_FORMATS_OUT` set to a folder, each exported
//! file is written there too: `scripts/validate-formats.sh` then runs the XSDs and the EN 16931
//! and Factur-X schematrons on them.

use domain::facturation::facture::{
    Cadre, Facture, Ligne, ModeReglement, PieceJointe, Statut, TypeFacture, TypeTva,
};
use domain::kernel::ids::PieceJointeId;
use domain::kernel::money::{Montant, PrixUnitaire, Quantite, Taux};
use domain::organisation::structure::{Structure, TypeStructure};
use formats::{cii, ubl, Document};

pub struct Cas {
    pub nom: &'static str,
    pub facture: Facture,
}

fn ligne(designation: &str, q: i64, p: i64, remise: i64, taux: u32, unite: &str) -> Ligne {
    Ligne {
        reference: format!("REF-{}", designation.len()),
        designation: designation.to_string(),
        quantite: Some(Quantite(q)),
        unite: unite.to_string(),
        prix: Some(PrixUnitaire(p)),
        remise: Montant(remise),
        taux: Some(Taux(taux)),
    }
}

fn structures() -> (Structure, Structure) {
    let sb = domain::simulation::base::sandbox();
    let fournisseur = sb
        .structures
        .values()
        .find(|s| s.kind == TypeStructure::Privee && !s.bank_accounts.is_empty())
        .expect("the demo supplier")
        .as_ref()
        .clone();
    let destinataire = sb
        .structures
        .get(&domain::simulation::demo::public_structure_id())
        .expect("the demo public entity")
        .as_ref()
        .clone();
    (fournisseur, destinataire)
}

fn base(fournisseur: &Structure, destinataire: &Structure, numero: &str) -> Facture {
    let mut f: Facture =
        serde_json::from_str(r#"{"id":"f1","em":"s","cr":"a","ct":0}"#).expect("a minimal record");
    f.emetteur = fournisseur.id.clone();
    f.destinataire = Some(destinataire.id.clone());
    f.code_service = "SERV-COMPTA".to_string();
    f.numero = numero.to_string();
    f.date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30);
    f.mode_reglement = Some(ModeReglement::Virement);
    f.coordonnees_bancaires = fournisseur.bank_accounts.first().map(|c| c.id.clone());
    f.ej = "1300012345".to_string();
    f.statut = Statut::Deposee;
    f.lignes = vec![ligne(
        "Ramettes de papier A4",
        100_000,
        45_000,
        0,
        2000,
        "ramette",
    )];
    f
}

/// The table: one rate, several rates, exonération, avoir, remises, A2, attachments, odd
/// characters and emoji, sans TVA, acompte, encaissements, a negative correction line.
pub fn table(fournisseur: &Structure, destinataire: &Structure) -> Vec<Cas> {
    let mut out = Vec::new();
    let f = base(fournisseur, destinataire, "FA-2026-001");
    out.push(Cas {
        nom: "un-taux",
        facture: f,
    });

    let mut f = base(fournisseur, destinataire, "FA-2026-002");
    f.lignes = vec![
        ligne("Prestation de conseil", 35_000, 6_240_000, 0, 2000, "jour"),
        ligne("Ouvrages", 120_000, 199_900, 0, 550, "lot"),
        ligne("Presse", 30_000, 16_667, 0, 210, ""),
        ligne("Transport", 10_000, 1_000_000, 0, 1000, "h"),
        ligne("Article à taux zéro", 20_000, 50_000, 0, 0, "kg"),
    ];
    f.marche = "MARCHE-2026-17".to_string();
    out.push(Cas {
        nom: "plusieurs-taux",
        facture: f,
    });

    let mut f = base(fournisseur, destinataire, "FA-2026-003");
    f.type_tva = TypeTva::Exoneration;
    f.motif_exoneration = "Exonération de TVA, article 261 du CGI".to_string();
    f.lignes = vec![
        ligne("Formation professionnelle", 20_000, 8_000_000, 0, 0, "jour"),
        ligne("Support de cours", 10_000, 250_000, 0, 0, ""),
    ];
    out.push(Cas {
        nom: "exoneration",
        facture: f,
    });

    let mut f = base(fournisseur, destinataire, "AV-2026-001");
    f.type_facture = TypeFacture::Avoir;
    f.facture_origine = "FA-2026-001".to_string();
    f.mode_reglement = None;
    f.coordonnees_bancaires = None;
    f.lignes = vec![ligne(
        "Retour de ramettes abîmées",
        20_000,
        45_000,
        0,
        2000,
        "",
    )];
    out.push(Cas {
        nom: "avoir",
        facture: f,
    });

    let mut f = base(fournisseur, destinataire, "FA-2026-004");
    f.lignes = vec![
        ligne("Fauteuils de bureau", 30_000, 2_499_900, 5_000, 2000, ""),
        ligne("Bureaux", 20_000, 4_500_000, 12_345, 2000, ""),
        ligne("Livres", 10_000, 350_000, 100, 550, ""),
    ];
    f.remise_globale = Montant(2_000);
    f.motif_remise = "Remise de fidélité".to_string();
    out.push(Cas {
        nom: "remises",
        facture: f,
    });

    let mut f = base(fournisseur, destinataire, "FA-2026-005");
    f.cadre = Cadre::A2;
    f.mode_reglement = Some(ModeReglement::Cheque);
    out.push(Cas {
        nom: "a2-deja-payee",
        facture: f,
    });

    let mut f = base(fournisseur, destinataire, "FA-2026-006");
    f.pieces = vec![
        PieceJointe {
            id: PieceJointeId::from("pj1"),
            nom: "bon-de-livraison.pdf".to_string(),
            taille: 12_000,
            principale: false,
        },
        PieceJointe {
            id: PieceJointeId::from("pj2"),
            nom: "détail & annexes <2>.xlsx".to_string(),
            taille: 3_000,
            principale: false,
        },
    ];
    out.push(Cas {
        nom: "pieces-jointes",
        facture: f,
    });

    let mut f = base(fournisseur, destinataire, "FA-&<>\"'-7");
    f.commentaire = "Livraison « urgente » & fragile <verre> \"haut\" l'étage 🚚📦".to_string();
    f.lignes = vec![
        ligne(
            "Café & thé <bio> \"équitable\" l'arôme ☕",
            40_000,
            123_456,
            0,
            550,
            "",
        ),
        ligne("Émoji 🎉 et ]]> fin de CDATA", 10_000, 10_000, 0, 2000, ""),
    ];
    f.ej = "EJ&<1>".to_string();
    f.code_service = "SERV\"'&".to_string();
    out.push(Cas {
        nom: "caracteres",
        facture: f,
    });

    let mut f = base(fournisseur, destinataire, "FA-2026-008");
    f.type_tva = TypeTva::SansTva;
    f.lignes = vec![ligne("Cotisation", 10_000, 1_500_000, 0, 0, "")];
    out.push(Cas {
        nom: "sans-tva",
        facture: f,
    });

    let mut f = base(fournisseur, destinataire, "AC-2026-001");
    f.type_facture = TypeFacture::Acompte;
    f.type_tva = TypeTva::TvaSurEncaissement;
    f.montant_a_payer = Some(Montant(30_000));
    f.mode_reglement = Some(ModeReglement::Prelevement);
    out.push(Cas {
        nom: "acompte-encaissements",
        facture: f,
    });

    let mut f = base(fournisseur, destinataire, "FA-2026-009");
    f.lignes = vec![
        ligne("Maintenance", 10_000, 1_000_000, 0, 2000, "mois"),
        ligne(
            "Correction de la facture précédente",
            -10_000,
            200_000,
            0,
            2000,
            "mois",
        ),
    ];
    out.push(Cas {
        nom: "ligne-negative",
        facture: f,
    });
    out
}

fn exporter(cas: &Cas, f: &Structure, d: &Structure) -> (String, String) {
    let doc = Document::new(
        &cas.facture,
        f,
        d,
        f.bank_accounts
            .iter()
            .find(|c| Some(&c.id) == cas.facture.coordonnees_bancaires.as_ref()),
        Some("Service « comptabilité » & achats"),
    );
    (ubl::ecrire(&doc), cii::ecrire(&doc))
}

#[test]
fn every_invoice_of_the_table_is_written_in_both_syntaxes() {
    let (fournisseur, destinataire) = structures();
    let out = std::env::var_os("CHORUS_FORMATS_OUT").map(std::path::PathBuf::from);
    for cas in table(&fournisseur, &destinataire) {
        let (ubl, cii) = exporter(&cas, &fournisseur, &destinataire);
        for (syntaxe, texte) in [("ubl", &ubl), ("cii", &cii)] {
            assert!(
                texte.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
                "{}",
                cas.nom
            );
            // Well formed.
            let mut reader = quick_xml::Reader::from_str(texte);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{} {syntaxe}: {e}", cas.nom),
                }
            }
            assert!(
                !texte.contains("🚚") || texte.contains("🚚📦"),
                "emoji kept whole"
            );
            if let Some(dir) = &out {
                std::fs::create_dir_all(dir).expect("output folder");
                std::fs::write(dir.join(format!("{}.{syntaxe}.xml", cas.nom)), texte)
                    .expect("write the export");
            }
        }
        // The Factur-X PDF of each invoice, its factur-x.xml being the CII above.
        let doc = Document::new(
            &cas.facture,
            &fournisseur,
            &destinataire,
            fournisseur.bank_accounts.first(),
            Some("Service « comptabilité » & achats"),
        );
        let pdf = formats::pdf::ecrire(&doc, &cii);
        assert!(pdf.starts_with(b"%PDF-1.7"), "{}", cas.nom);
        assert!(
            pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"),
            "{}",
            cas.nom
        );
        if let Some(dir) = &out {
            std::fs::write(dir.join(format!("{}.pdf", cas.nom)), &pdf).expect("write the PDF");
        }
        if cas.nom == "caracteres" {
            for texte in [&ubl, &cii] {
                assert!(texte
                    .contains("Café &amp; thé &lt;bio&gt; &quot;équitable&quot; l&apos;arôme ☕"));
                assert!(texte.contains("🚚📦"));
                assert!(!texte.contains("<verre>"));
                assert!(!texte.contains("<bio>"));
            }
        }
    }
}

#[test]
fn fields_sit_where_en16931_puts_them() {
    let (fournisseur, destinataire) = structures();
    let table = table(&fournisseur, &destinataire);
    let (ubl, cii) = exporter(&table[1], &fournisseur, &destinataire);
    // BT-10 code service, BT-13 EJ, BT-12 marché, BT-23 cadre, BT-29/BT-46 SIRET scheme 0009.
    assert!(cii.contains("<ram:BuyerReference>SERV-COMPTA</ram:BuyerReference>"));
    assert!(ubl.contains("<cbc:BuyerReference>SERV-COMPTA</cbc:BuyerReference>"));
    assert!(cii.contains("<ram:BuyerOrderReferencedDocument>\n        <ram:IssuerAssignedID>1300012345</ram:IssuerAssignedID>"));
    assert!(ubl.contains("<cac:OrderReference>\n    <cbc:ID>1300012345</cbc:ID>"));
    assert!(cii.contains("<ram:ContractReferencedDocument>\n        <ram:IssuerAssignedID>MARCHE-2026-17</ram:IssuerAssignedID>"));
    assert!(ubl.contains("<cac:ContractDocumentReference>\n    <cbc:ID>MARCHE-2026-17</cbc:ID>"));
    assert!(cii.contains(
        "<ram:BusinessProcessSpecifiedDocumentContextParameter>\n      <ram:ID>A1</ram:ID>"
    ));
    assert!(ubl.contains("<cbc:ProfileID>A1</cbc:ProfileID>"));
    let siret = format!(
        "<ram:GlobalID schemeID=\"0009\">{}</ram:GlobalID>",
        fournisseur.identifier
    );
    assert!(cii.contains(&siret));
    let siret = format!(
        "<ram:GlobalID schemeID=\"0009\">{}</ram:GlobalID>",
        destinataire.identifier
    );
    assert!(cii.contains(&siret));
    let siret = format!(
        "<cbc:ID schemeID=\"0009\">{}</cbc:ID>",
        destinataire.identifier
    );
    assert!(ubl.contains(&siret));
    // BT-81/84/86.
    let iban = &fournisseur.bank_accounts[0].iban;
    assert!(cii.contains("<ram:TypeCode>30</ram:TypeCode>"));
    assert!(cii.contains(&format!("<ram:IBANID>{iban}</ram:IBANID>")));
    assert!(ubl.contains("<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>"));
    assert!(ubl.contains(&format!("<cbc:ID>{iban}</cbc:ID>")));
    // The totals the sandbox computed: 5 lines, 5 rates.
    let t = table[1].facture.totaux();
    assert_eq!(t.recap.len(), 5);
    let ttc = formats::modele::decimal(t.total_ttc);
    assert!(cii.contains(&format!(
        "<ram:GrandTotalAmount>{ttc}</ram:GrandTotalAmount>"
    )));
    assert!(ubl.contains(&format!(
        "<cbc:TaxInclusiveAmount currencyID=\"EUR\">{ttc}</cbc:TaxInclusiveAmount>"
    )));
    for r in &t.recap {
        let base = formats::modele::decimal(r.base_ht);
        assert!(cii.contains(&format!("<ram:BasisAmount>{base}</ram:BasisAmount>")));
        assert!(ubl.contains(&format!(
            "<cbc:TaxableAmount currencyID=\"EUR\">{base}</cbc:TaxableAmount>"
        )));
    }
    // BT-25 on the avoir, and a UBL CreditNote.
    let (ubl, cii) = exporter(&table[3], &fournisseur, &destinataire);
    assert!(ubl.contains(
        "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""
    ));
    assert!(ubl.contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"));
    assert!(ubl.contains("<cac:InvoiceDocumentReference>\n      <cbc:ID>FA-2026-001</cbc:ID>"));
    assert!(cii.contains("<ram:TypeCode>381</ram:TypeCode>"));
    assert!(cii.contains("<ram:InvoiceReferencedDocument>\n        <ram:IssuerAssignedID>FA-2026-001</ram:IssuerAssignedID>"));
    assert!(!cii.contains("SpecifiedTradeSettlementPaymentMeans"));
    // A2: nothing left to pay.
    let (ubl, cii) = exporter(&table[5], &fournisseur, &destinataire);
    assert!(cii.contains("<ram:DuePayableAmount>0.00</ram:DuePayableAmount>"));
    assert!(ubl.contains("<cbc:PayableAmount currencyID=\"EUR\">0.00</cbc:PayableAmount>"));
    assert!(ubl.contains("<cbc:ProfileID>A2</cbc:ProfileID>"));
    // Attachments as additional documents.
    let (ubl, cii) = exporter(&table[6], &fournisseur, &destinataire);
    assert!(cii.contains(
        "<ram:IssuerAssignedID>détail &amp; annexes &lt;2&gt;.xlsx</ram:IssuerAssignedID>"
    ));
    assert!(ubl.contains("<cbc:ID>bon-de-livraison.pdf</cbc:ID>"));
}

#[test]
fn a_long_invoice_spreads_over_several_pages() {
    let (fournisseur, destinataire) = structures();
    let mut f = base(&fournisseur, &destinataire, "FA-LONGUE");
    f.lignes = (0..120)
        .map(|i| ligne(&format!("Article numéro {i} avec une désignation assez longue pour passer à la ligne dans la colonne"), 10_000 + i, 12_345, 0, 2000, "h"))
        .collect();
    let doc = Document::new(
        &f,
        &fournisseur,
        &destinataire,
        fournisseur.bank_accounts.first(),
        None,
    );
    let cii = cii::ecrire(&doc);
    let pdf = formats::pdf::ecrire(&doc, &cii);
    // The page tree counts every page: 120 lines of two text rows do not fit on one A4 page.
    let texte = String::from_utf8_lossy(&pdf);
    let count: u32 = texte
        .split("/Count ")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .expect("a /Count");
    assert!(count >= 3, "{count} pages");
    let ubl = ubl::ecrire(&doc);
    if let Some(dir) = std::env::var_os("CHORUS_FORMATS_OUT").map(std::path::PathBuf::from) {
        std::fs::write(dir.join("longue.cii.xml"), &cii).expect("write");
        std::fs::write(dir.join("longue.ubl.xml"), &ubl).expect("write");
        std::fs::write(dir.join("longue.pdf"), &pdf).expect("write");
    }
}

#[test]
fn the_api_payloads_carry_the_invoice() {
    let (fournisseur, destinataire) = structures();
    let table = table(&fournisseur, &destinataire);
    let f = &table[4].facture;
    let doc = Document::new(
        f,
        &fournisseur,
        &destinataire,
        fournisseur.bank_accounts.first(),
        None,
    );
    let json = formats::api::soumettre(&doc);
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["numeroFactureSaisi"], "FA-2026-004");
    assert_eq!(v["modeDepot"], "SAISIE_API");
    assert_eq!(
        v["destinataire"]["codeDestinataire"],
        destinataire.identifier.as_str()
    );
    assert_eq!(v["destinataire"]["codeServiceExecutant"], "SERV-COMPTA");
    assert_eq!(
        v["cadreDeFacturation"]["codeCadreFacturation"],
        "A1_FACTURE_FOURNISSEUR"
    );
    assert_eq!(v["references"]["numeroBonCommande"], "1300012345");
    assert_eq!(v["references"]["modePaiement"], "VIREMENT");
    assert_eq!(v["lignePoste"].as_array().map(Vec::len), Some(3));
    // Exact decimals, written as numbers.
    let t = f.totaux();
    assert!(json.contains(&format!(
        "\"montantTtcTotal\": {}",
        formats::modele::decimal(t.total_ttc)
    )));
    assert!(json.contains("\"montantRemiseGlobaleTTC\": 20.00"));
    assert!(json.contains("\"lignePosteMontantRemiseHT\": 50.00"));
    // A9: the valideur by its SIRET.
    let mut a9 = f.clone();
    a9.cadre = Cadre::A9;
    a9.valideur = Some(destinataire.id.clone());
    a9.service_valideur = "VALID".to_string();
    let mut doc = Document::new(&a9, &fournisseur, &destinataire, None, None);
    doc.valideur = Some(&destinataire);
    let v: serde_json::Value =
        serde_json::from_str(&formats::api::soumettre(&doc)).expect("valid JSON");
    assert_eq!(
        v["cadreDeFacturation"]["codeCadreFacturation"],
        "A9_FACTURE_SOUSTRAITANT"
    );
    assert_eq!(
        v["cadreDeFacturation"]["codeStructureValideur"],
        destinataire.identifier.as_str()
    );
    assert_eq!(v["cadreDeFacturation"]["codeServiceValideur"], "VALID");
    let flux = formats::api::deposer_flux("FA-2026-004.xml", "<x>é</x>");
    let v: serde_json::Value = serde_json::from_str(&flux).expect("valid JSON");
    assert_eq!(v["syntaxeFlux"], "IN_DP_E1_CII_16B");
    assert_eq!(v["fichierFlux"], "PHg+w6k8L3g+");
    assert_eq!(
        formats::api::nom_fichier("FA/2026 &1", "xml"),
        "FA_2026__1.xml"
    );
    assert_eq!(formats::api::nom_fichier("", "pdf"), "facture.pdf");
}

#[test]
fn several_invoices_make_one_zip() {
    let quand = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(10, 30, 0))
        .expect("a date");
    let mut noms = vec![
        "FA-1.pdf".to_string(),
        "FA-1.pdf".to_string(),
        "é 🎉.xml".to_string(),
    ];
    formats::zip::noms_uniques(&mut noms);
    assert_eq!(noms, ["FA-1.pdf", "FA-1 (2).pdf", "é 🎉.xml"]);
    let fichiers: Vec<formats::zip::Fichier> = noms
        .into_iter()
        .zip([
            b"%PDF-1.7 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".to_vec(),
            vec![1, 2, 3],
            Vec::new(),
        ])
        .map(|(nom, octets)| formats::zip::Fichier { nom, octets })
        .collect();
    let zip = formats::zip::archive(&fichiers, quand).expect("an archive");
    assert!(zip.starts_with(b"PK\x03\x04"));
    if let Some(dir) = std::env::var_os("CHORUS_FORMATS_OUT").map(std::path::PathBuf::from) {
        std::fs::create_dir_all(&dir).expect("folder");
        std::fs::write(dir.join("lot.zip"), &zip).expect("write");
    }
}

#[test]
fn drafts_and_pdf_deposits_have_no_structured_format() {
    let (fournisseur, destinataire) = structures();
    let mut f = base(&fournisseur, &destinataire, "X");
    f.statut = Statut::Brouillon;
    assert!(formats::motif_sans_format(&f).is_some());
    f.statut = Statut::Deposee;
    assert!(formats::motif_sans_format(&f).is_none());
    f.mode_depot = domain::facturation::facture::ModeDepot::DepotPdfPortail;
    assert!(formats::motif_sans_format(&f).is_some_and(|m| m.contains("déposée en PDF")));
}

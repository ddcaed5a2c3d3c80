//! The formats worker's protocol: each request, as the app sends it (the invoice's `Dossier`, the
//! files' bytes), gives what the `formats` crate gives on the whole sandbox.

use domain::facturation::facture::{Facture, Statut};
use domain::organisation::structure::Structure;
use domain::Sandbox;
use formats_worker::traiter;
use protocole::{Dossier, Entree, Format, Reponse, Requete};
use std::rc::Rc;

/// A public recipient with a service: the invoice names its code service (BT-56's libellé).
fn destinataire(sb: &Sandbox) -> (Rc<Structure>, String) {
    sb.services
        .values()
        .find_map(|service| {
            sb.structures
                .get(&service.structure)
                .filter(|s| s.is_public() && s.is_active())
                .map(|s| (s.clone(), service.code.clone()))
        })
        .expect("the annuaire has a recipient with a service")
}

/// A one-line invoice of the demo supplier, paid by transfer to its account.
fn facture(sb: &Sandbox) -> Facture {
    let four = sb
        .structures
        .get(&domain::kernel::ids::StructureId::from(
            domain::simulation::demo::FOURNISSEUR,
        ))
        .expect("the demo supplier");
    let mut f: Facture =
        serde_json::from_str(r#"{"id":"f1","em":"s","cr":"a","ct":0}"#).expect("a minimal record");
    f.emetteur = four.id.clone();
    let (dest, code) = destinataire(sb);
    f.destinataire = Some(dest.id.clone());
    f.code_service = code;
    f.numero = "F-2026/001".to_string();
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

fn demander(r: &Requete, octets: Vec<Vec<u8>>) -> (Reponse, Vec<Vec<u8>>) {
    let (json, octets) = traiter(&r.to_json(), octets);
    (Reponse::from_json(&json).expect("an answer"), octets)
}

#[test]
fn an_export_through_the_worker_is_the_export_of_the_whole_sandbox() {
    let sb = domain::simulation::base::sandbox();
    let f = facture(&sb);
    for (format, attendu) in [
        (Format::Pdf, formats::Format::Pdf),
        (Format::Ubl, formats::Format::Ubl),
        (Format::Cii, formats::Format::Cii),
    ] {
        let e = formats::exporter(&sb, &f, attendu).expect("an export");
        let dossier = Dossier::de(&sb, &f);
        let (r, octets) = demander(&Requete::Exporter { format, dossier }, Vec::new());
        assert_eq!(
            r,
            Reponse::Fichier {
                nom: e.nom.clone(),
                mime: e.mime.to_string()
            }
        );
        assert_eq!(octets, vec![e.octets], "{format:?}");
    }
}

#[test]
fn the_api_requests_through_the_worker() {
    let sb = domain::simulation::base::sandbox();
    let f = facture(&sb);
    let d = formats::Document::depuis(&sb, &f).expect("a document");
    assert!(
        d.nom_service.is_some(),
        "the service travels with the invoice"
    );
    let (r, octets) = demander(
        &Requete::Api {
            dossier: Dossier::de(&sb, &f),
        },
        Vec::new(),
    );
    assert!(octets.is_empty());
    let Reponse::Api {
        soumettre,
        flux,
        nom_soumettre,
        nom_flux,
    } = r
    else {
        panic!("an API answer: {r:?}");
    };
    assert_eq!(soumettre, formats::api::soumettre(&d));
    assert!(flux.contains("IN_DP_E1_CII_16B"));
    assert_eq!(nom_soumettre, "F-2026_001.soumettre.json");
    assert_eq!(nom_flux, "F-2026_001.deposer-flux.json");
}

#[test]
fn files_read_through_the_worker_are_the_files_read_directly() {
    let sb = domain::simulation::base::sandbox();
    let f = facture(&sb);
    let cii = formats::exporter(&sb, &f, formats::Format::Cii).expect("a CII file");
    let pdf = formats::exporter(&sb, &f, formats::Format::Pdf).expect("a PDF");
    let fichiers = vec![
        ("a.xml".to_string(), cii.octets.clone()),
        ("b.pdf".to_string(), pdf.octets.clone()),
        ("c.xml".to_string(), b"<pas-une-facture/>".to_vec()),
    ];
    let attendu = formats::depot::lire_fichiers(&fichiers).expect("readable files");
    let (noms, octets): (Vec<String>, Vec<Vec<u8>>) = fichiers.into_iter().unzip();
    let (r, _) = demander(&Requete::Lire { noms }, octets);
    assert_eq!(r, Reponse::Lus { fichiers: attendu });
}

#[test]
fn a_zip_names_each_attachment_in_its_invoice_folder() {
    let quand = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("a date");
    let fichiers = vec![
        Entree {
            nom: "F1.pdf".to_string(),
            piece_de: None,
        },
        Entree {
            nom: "../bon de commande.pdf".to_string(),
            piece_de: Some("F1".to_string()),
        },
        Entree {
            nom: "F1.pdf".to_string(),
            piece_de: None,
        },
    ];
    let (r, octets) = demander(
        &Requete::Zip { quand, fichiers },
        vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()],
    );
    assert_eq!(
        r,
        Reponse::Fichier {
            nom: "factures.zip".to_string(),
            mime: "application/zip".to_string()
        }
    );
    let [zip] = octets.as_slice() else {
        panic!("one file");
    };
    let texte = String::from_utf8_lossy(zip);
    assert!(
        texte.contains("F1/.._bon de commande.pdf"),
        "in its invoice's folder"
    );
    // The deposit's reader gives each file's own name.
    let lus = formats::depot::conteneurs::ouvrir_zip("f.zip", zip).expect("a ZIP");
    let lus: Vec<(&str, &[u8])> = lus
        .iter()
        .map(|(n, o)| (n.as_str(), o.as_slice()))
        .collect();
    assert_eq!(
        lus,
        vec![
            ("F1.pdf", &b"a"[..]),
            (".._bon de commande.pdf", &b"b"[..]),
            ("F1 (2).pdf", &b"c"[..]),
        ]
    );
}

#[test]
fn errors_come_back_as_french_messages() {
    let sb = domain::simulation::base::sandbox();
    let mut f = facture(&sb);
    f.statut = Statut::Brouillon;
    let (r, octets) = demander(
        &Requete::Exporter {
            format: Format::Ubl,
            dossier: Dossier::de(&sb, &f),
        },
        Vec::new(),
    );
    assert!(octets.is_empty());
    assert_eq!(
        r,
        Reponse::Erreur {
            message: domain::facturation::facture::motif_sans_format(&f)
                .expect("a draft has no format")
                .to_string()
        }
    );
    // One name, no bytes: refused, nothing read.
    let (r, _) = demander(
        &Requete::Lire {
            noms: vec!["a.xml".to_string()],
        },
        Vec::new(),
    );
    assert!(matches!(r, Reponse::Erreur { message } if message.contains("incomplets")));
    let (json, octets) = traiter("{\"t\":\"inconnue\"}", vec![vec![1]]);
    assert!(octets.is_empty());
    assert!(
        matches!(Reponse::from_json(&json), Ok(Reponse::Erreur { message }) if message.starts_with("Requête illisible"))
    );
}

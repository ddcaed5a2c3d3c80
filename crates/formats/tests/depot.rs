//! The readers of « Dépôt de flux »: the round trip on the writers' table (invoice → XML → read →
//! XML, the same text), the technical errors with their line, and every hostile file refused
//! with its French message. Inputs are generated here, at run time.

#[path = "formats.rs"]
#[allow(dead_code)]
mod ecriture;

use domain::facturation::facture::Statut;
use domain::facturation::flux::{facture_lue, FichierLu, Syntaxe};
use domain::kernel::ids::CompteId;
use domain::kernel::time::Timestamp;
use formats::depot::{lire_fichier, lire_fichiers};
use formats::{cii, ubl, Document};
use std::io::Write;

fn maintenant() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-12-15T10:00:00+01:00")
        .expect("a date")
        .with_timezone(&chrono::Utc)
}

fn une(fichier: FichierLu) -> domain::facturation::flux::FactureLue {
    assert!(fichier.erreurs.is_empty(), "{:?}", fichier.erreurs);
    assert_eq!(fichier.factures.len(), 1);
    fichier.factures.into_iter().next().expect("one invoice")
}

#[test]
fn the_table_round_trips_through_both_readers() {
    let sb = domain::simulation::base::sandbox();
    let (fournisseur, destinataire) = ecriture_structures();
    let service = Some("Service « comptabilité » & achats");
    let acteur = CompteId::from("acteur-test");
    for mut cas in ecriture::table(&fournisseur, &destinataire) {
        // Attachments are referenced without their content: a flux cannot bring them.
        cas.facture.pieces.clear();
        let compte = |f: &domain::facturation::facture::Facture| {
            fournisseur
                .bank_accounts
                .iter()
                .find(|c| Some(&c.id) == f.coordonnees_bancaires.as_ref())
                .cloned()
        };
        let c0 = compte(&cas.facture);
        let doc = Document::new(
            &cas.facture,
            &fournisseur,
            &destinataire,
            c0.as_ref(),
            service,
        );
        for (syntaxe, texte, attendue) in [
            ("ubl", ubl::ecrire(&doc), Syntaxe::InDpE1UblInvoice),
            ("cii", cii::ecrire(&doc), Syntaxe::InDpE1Cii16b),
        ] {
            let lu = lire_fichier(&format!("{}.xml", cas.nom), texte.as_bytes())
                .unwrap_or_else(|e| panic!("{} {syntaxe}: {e}", cas.nom));
            assert_eq!(lu.syntaxe, Some(attendue));
            let lue = une(lu);
            let mut f = facture_lue(&sb, &fournisseur, &acteur, &lue, maintenant(), false)
                .unwrap_or_else(|e| panic!("{} {syntaxe}: {e:?}", cas.nom));
            f.statut = Statut::Deposee;
            let c1 = compte(&f);
            let doc2 = Document::new(&f, &fournisseur, &destinataire, c1.as_ref(), service);
            let relu = if syntaxe == "ubl" {
                ubl::ecrire(&doc2)
            } else {
                cii::ecrire(&doc2)
            };
            assert_eq!(
                relu, texte,
                "{} {syntaxe}: the XML differs after a round trip",
                cas.nom
            );
        }
    }
}

fn ecriture_structures() -> (
    domain::organisation::structure::Structure,
    domain::organisation::structure::Structure,
) {
    let sb = domain::simulation::base::sandbox();
    let fournisseur = sb
        .structures
        .values()
        .find(|s| {
            s.kind == domain::organisation::structure::TypeStructure::Privee
                && !s.bank_accounts.is_empty()
        })
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

fn un_cii() -> String {
    let (fournisseur, destinataire) = ecriture_structures();
    let cas = ecriture::table(&fournisseur, &destinataire)
        .into_iter()
        .next()
        .expect("a case");
    let doc = Document::new(&cas.facture, &fournisseur, &destinataire, None, None);
    cii::ecrire(&doc)
}

fn technique(nom: &str, texte: &[u8]) -> Vec<(Option<u32>, String, String)> {
    let lu = lire_fichier(nom, texte).unwrap_or_else(|e| panic!("{nom}: refused: {e}"));
    assert!(lu.factures.is_empty(), "{nom}: read an invoice");
    lu.erreurs
        .into_iter()
        .map(|e| (e.ligne, e.code, e.libelle))
        .collect()
}

#[test]
fn technical_errors_say_their_line() {
    // Not XML at all.
    let e = technique("notes.txt", b"Bonjour,\nvoici ma facture.\n");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].1, "XML_MAL_FORME");
    assert!(e[0].2.starts_with("Ligne "), "{:?}", e);
    // Broken XML: the line of the fault.
    let e = technique("casse.xml", b"<?xml version=\"1.0\"?>\n<a>\n<b>\n</a>\n");
    assert_eq!(e[0].1, "XML_MAL_FORME");
    assert!(e[0].0.is_some_and(|l| (3..=4).contains(&l)), "{:?}", e);
    assert!(
        e[0].2
            .contains("la balise fermante </a> ne correspond pas à la balise ouverte <b>"),
        "{:?}",
        e
    );
    // Unknown syntax.
    let e = technique(
        "autre.xml",
        b"<?xml version=\"1.0\"?>\n\n<Commande xmlns=\"urn:exemple\"><ID>1</ID></Commande>",
    );
    assert_eq!(e[0].1, "SYNTAXE_INCONNUE");
    assert_eq!(e[0].0, Some(3));
    assert!(e[0].2.contains("« Commande »"), "{:?}", e);
    // A mandatory element missing: the invoice number (BT-1), on the line of its parent.
    let cii = un_cii();
    let sans_numero = cii.replacen("<ram:ID>FA-2026-001</ram:ID>", "", 1);
    let ligne = sans_numero
        .lines()
        .position(|l| l.contains("<rsm:ExchangedDocument>"))
        .map(|p| p as u32 + 1);
    let e = technique("sans-numero.xml", sans_numero.as_bytes());
    assert_eq!(e.len(), 1, "{:?}", e);
    assert_eq!(e[0].0, ligne);
    assert_eq!(e[0].1, "ELEMENT_OBLIGATOIRE");
    assert!(e[0].2.contains("BT-1"), "{:?}", e);
    // An amount that is not one.
    let faux = cii.replacen("<ram:GrandTotalAmount>", "<ram:GrandTotalAmount>douze", 1);
    let e = technique("montant.xml", faux.as_bytes());
    assert_eq!(e[0].1, "MONTANT_INVALIDE");
    assert!(e[0].2.contains("BT-112"), "{:?}", e);
    // A refused document type.
    let e = technique(
        "type.xml",
        cii.replacen("<ram:TypeCode>380<", "<ram:TypeCode>751<", 1)
            .as_bytes(),
    );
    assert_eq!(e[0].1, "TYPE_REFUSE");
    // A PDF that is not a Factur-X.
    let e = technique(
        "simple.pdf",
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF",
    );
    assert_eq!(e[0].1, "PDF_SANS_XML");
}

fn refus(nom: &str, octets: &[u8]) -> String {
    match lire_fichiers(&[(nom.to_string(), octets.to_vec())]) {
        Ok(f) => panic!("{nom}: accepted: {f:?}"),
        Err(e) => e,
    }
}

#[test]
fn hostile_files_are_refused_with_a_clear_message() {
    // Entities: a DTD, the billion laughs.
    let lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n<lolz>&lol2;</lolz>";
    let m = refus("lol.xml", lol.as_bytes());
    assert!(
        m.contains("« lol.xml » est refusé") && m.contains("DOCTYPE"),
        "{m}"
    );
    // An entity nobody declares.
    let m = refus("entite.xml", b"<?xml version=\"1.0\"?><a>&xxe;</a>");
    assert!(m.contains("&xxe;"), "{m}");
    // Huge depth.
    let profond = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
    let m = refus("profond.xml", profond.as_bytes());
    assert!(m.contains("plus de 64 niveaux"), "{m}");
    // 50 Mo.
    let gros = vec![b' '; 50_000_000];
    let m = refus("gros.xml", &gros);
    assert!(m.contains("moins de 50 Mo") && m.contains("50,0 Mo"), "{m}");
    // Not UTF-8: Latin-1, UTF-16, a declared encoding.
    let m = refus("latin1.xml", b"<?xml version=\"1.0\"?>\n<a>caf\xe9</a>");
    assert!(m.contains("pas en UTF-8") && m.contains("ligne 2"), "{m}");
    let m = refus("utf16.xml", b"\xff\xfe<\0a\0/\0>\0");
    assert!(m.contains("UTF-16"), "{m}");
    let m = refus(
        "iso.xml",
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
    );
    assert!(m.contains("iso-8859-1"), "{m}");
    // A zip bomb: 60 Mo of zeros in a few kilobytes.
    let bombe = zip_de(&[("bombe.xml", vec![b'0'; 60_000_000])]);
    assert!(bombe.len() < 1_000_000);
    let m = refus("bombe.zip", &bombe);
    assert!(m.contains("« bombe.zip » est refusée"), "{m}");
    // A ratio bomb under the size limits: 20 Mo compressed more than 100 times.
    let ratio = zip_de(&[("ratio.xml", vec![b' '; 20_000_000])]);
    let m = refus("ratio.zip", &ratio);
    assert!(m.contains("bombe de décompression"), "{m}");
    // Not a readable archive (a local header and nothing else).
    let m = refus("faux.zip", b"PK\x03\x04rien de plus");
    assert!(m.contains("pas une archive ZIP lisible"), "{m}");
    // A stored entry whose declared size lies (the content is longer than announced).
    let mut menteur = zip_stocke(&[("a.xml", b"<a>1234567890</a>".to_vec())]);
    let cd = menteur
        .windows(4)
        .position(|w| w == b"PK\x01\x02")
        .expect("central directory");
    menteur[cd + 24] = 3; // uncompressed size: 3 bytes
    let m = refus("menteur.zip", &menteur);
    assert!(m.contains("la taille annoncée"), "{m}");
    // An archive in an archive.
    let dedans = zip_de(&[("a.xml", b"<a/>".to_vec())]);
    let m = refus("gigogne.zip", &zip_de(&[("dedans.zip", dedans)]));
    assert!(m.contains("autre archive"), "{m}");
}

fn zip_de(fichiers: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (nom, octets) in fichiers {
        w.start_file(*nom, options).expect("zip entry");
        w.write_all(octets).expect("zip write");
    }
    w.finish().expect("zip").into_inner()
}

fn zip_stocke(fichiers: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (nom, octets) in fichiers {
        w.start_file(*nom, options).expect("zip entry");
        w.write_all(octets).expect("zip write");
    }
    w.finish().expect("zip").into_inner()
}

#[test]
fn a_zip_of_two_files_gives_two_invoices() {
    let cii = un_cii();
    let autre = cii.replace("FA-2026-001", "FA-2026-777");
    let archive = zip_de(&[
        ("dossier/", Vec::new()),
        ("une.xml", cii.clone().into_bytes()),
        ("deux.xml", autre.into_bytes()),
    ]);
    let lus = lire_fichiers(&[("lot.zip".to_string(), archive)]).expect("read");
    assert_eq!(lus.len(), 2);
    assert_eq!(lus[0].nom, "une.xml");
    assert_eq!(lus[1].factures[0].form.numero, "FA-2026-777");
    // A stored (uncompressed) entry in a folder.
    let stocke = zip_stocke(&[("dossier/une.xml", cii.into_bytes())]);
    let lus = lire_fichiers(&[("stocke.zip".to_string(), stocke)]).expect("read stored");
    assert_eq!(lus[0].nom, "une.xml");
    assert_eq!(lus[0].factures.len(), 1);
}

#[test]
fn a_facturx_pdf_gives_its_embedded_xml() {
    let cii = un_cii();
    let compresse = miniz_oxide::deflate::compress_to_vec_zlib(cii.as_bytes(), 6);
    let mut pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Names << /EmbeddedFiles << /Names [(factur-x.xml) 2 0 R] >> >> >>\nendobj\n2 0 obj\n<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /AFRelationship /Data /EF << /F 3 0 R /UF 3 0 R >> >>\nendobj\n3 0 obj\n<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length ".to_vec();
    pdf.extend_from_slice(format!("{} >>\nstream\n", compresse.len()).as_bytes());
    pdf.extend_from_slice(&compresse);
    pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let lu = lire_fichier("facture.pdf", &pdf).expect("read");
    assert_eq!(lu.syntaxe, Some(Syntaxe::InDpE2CiiFacturx));
    assert_eq!(une(lu).form.numero, "FA-2026-001");
    // The same with an inflated stream over 50 Mo: refused as a bomb.
    let bombe = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; 51_000_000], 10);
    let mut pdf = b"%PDF-1.7\n2 0 obj\n<< /Type /Filespec /F (factur-x.xml) /EF << /F 3 0 R >> >>\nendobj\n3 0 obj\n<< /Filter /FlateDecode >>\nstream\n".to_vec();
    pdf.extend_from_slice(&bombe);
    pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
    let m = lire_fichier("bombe.pdf", &pdf).expect_err("refused");
    assert!(m.contains("bombe de décompression"), "{m}");
    // An encrypted PDF.
    let m = lire_fichier("chiffre.pdf", b"%PDF-1.7\ntrailer << /Encrypt 5 0 R >>")
        .expect_err("refused");
    assert!(m.contains("chiffré"), "{m}");
}

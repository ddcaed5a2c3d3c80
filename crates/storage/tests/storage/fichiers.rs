//! Exports keep the attachment bytes (issue 11, item 6): base64 under « fichiers », each checked at
//! import before anything is replaced; the attachments exported without their bytes are named.

use crate::common::factures::{form_complet, send_ok};
use crate::common::t0;
use base64ct::{Base64, Encoding};
use domain::facturation::facture::{Facture, PieceJointe};
use domain::kernel::ids::{FactureId, PieceJointeId};
use domain::{Record, Sandbox};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::rc::Rc;
use storage::export::{
    export_borne, export_complet, validate_file, validate_import_bytes, MAX_FICHIERS_OCTETS,
};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn binaire() -> Vec<u8> {
    (0..=255u8).cycle().take(1000).collect()
}

fn piece(id: &str, nom: &str, taille: usize) -> PieceJointe {
    PieceJointe {
        id: PieceJointeId::from(id),
        nom: nom.into(),
        taille: taille as u64,
        principale: false,
    }
}

/// A sent invoice « FA-… » carrying `pieces`.
fn avec_pieces(pieces: Vec<PieceJointe>) -> (Sandbox, Facture) {
    let mut sb = domain::simulation::base::sandbox();
    let form = form_complet(&sb);
    send_ok(&mut sb, &form, t0());
    let mut f = (**sb.factures.values().next().unwrap()).clone();
    f.pieces = pieces;
    sb.put(Record::Facture(Rc::new(f.clone())));
    (sb, f)
}

fn deux_pieces() -> (Sandbox, BTreeMap<String, Vec<u8>>) {
    let (sb, _) = avec_pieces(vec![
        piece("pj-plan-0001", "plan.pdf", PDF.len()),
        piece("pj-photo-0001", "photo.png", binaire().len()),
    ]);
    let octets = BTreeMap::from([
        ("pj-plan-0001".to_string(), PDF.to_vec()),
        ("pj-photo-0001".to_string(), binaire()),
    ]);
    (sb, octets)
}

#[test]
fn the_bytes_go_through_export_and_import_unchanged() {
    let (sb, octets) = deux_pieces();
    let export = export_complet(&sb, t0(), &octets);
    assert_eq!(export.avertissement(), None);
    let import = validate_import_bytes(export.text.as_bytes()).unwrap();
    let back: BTreeMap<String, Vec<u8>> = import.fichiers.iter().cloned().collect();
    assert_eq!(back, octets);
    assert!(
        import
            .resume()
            .contains("2 pièces jointes (2 avec leur fichier, 0 sans)"),
        "{}",
        import.resume()
    );
    // The file a trainer opens: base64 under « fichiers », keyed by attachment id.
    let v: Value = serde_json::from_str(&export.text).unwrap();
    assert_eq!(v["fichiers"]["pj-plan-0001"], Base64::encode_string(PDF));
}

#[test]
fn missing_or_altered_bytes_are_named_and_counted() {
    let (sb, mut octets) = deux_pieces();
    octets.remove("pj-plan-0001");
    octets.insert("pj-photo-0001".into(), vec![1, 2, 3]);
    let export = export_complet(&sb, t0(), &octets);
    let numero = sb.factures.values().next().unwrap().numero.clone();
    assert_eq!(
        export.avertissement().unwrap(),
        format!("Fichiers absents de ce navigateur, exportés sans leur contenu : « plan.pdf » (facture {numero}), « photo.png » (facture {numero}).")
    );
    let import = validate_file(&export.text).unwrap();
    assert!(import.fichiers.is_empty());
    assert!(import
        .resume()
        .contains("2 pièces jointes (0 avec leur fichier, 2 sans)"));
}

/// The export with `fichiers` set to `value`.
fn with_fichiers(value: Value) -> String {
    let (sb, octets) = deux_pieces();
    let mut v: Value = serde_json::from_str(&export_complet(&sb, t0(), &octets).text).unwrap();
    v["fichiers"] = value;
    serde_json::to_string(&v).unwrap()
}

#[test]
fn malformed_files_are_refused_each_with_its_message() {
    let pdf = Base64::encode_string(PDF);
    let (sb, _) = deux_pieces();
    let numero = sb.factures.values().next().unwrap().numero.clone();
    let cases: Vec<(String, String)> = vec![
        (
            with_fichiers(json!(["pj-plan-0001"])),
            "Structure du fichier invalide : « fichiers » doit associer à l'identifiant de chaque pièce jointe son contenu en base64.".into(),
        ),
        (
            with_fichiers(json!({"pj-inconnue-1": pdf})),
            "Fichier joint « pj-inconnue-1 » : aucune pièce jointe des factures du fichier ne porte cet identifiant.".into(),
        ),
        (
            with_fichiers(json!({"pj-plan-0001": 12})),
            format!("Le contenu de la pièce jointe « plan.pdf » (facture {numero}) n'est pas du base64 valide."),
        ),
        (
            // Not strict base64: a line break inside, or a character outside the alphabet.
            with_fichiers(json!({"pj-plan-0001": format!("{}\n", &pdf[..pdf.len() - 4])})),
            format!("Le contenu de la pièce jointe « plan.pdf » (facture {numero}) n'est pas du base64 valide."),
        ),
        (
            with_fichiers(json!({"pj-plan-0001": format!("*{}", &pdf[1..])})),
            format!("Le contenu de la pièce jointe « plan.pdf » (facture {numero}) n'est pas du base64 valide."),
        ),
        (
            with_fichiers(json!({"pj-plan-0001": Base64::encode_string(&PDF[1..])})),
            format!(
                "Le contenu de la pièce jointe « plan.pdf » (facture {numero}) fait {} octets, alors que la pièce jointe en annonce {}.",
                PDF.len() - 1,
                PDF.len()
            ),
        ),
        (
            // The key of « fichiers » (in the records the id is a value, never followed by « : »).
            with_fichiers(json!({"pj-plan-0001": pdf})).replacen(
                "\"pj-plan-0001\":",
                &format!("\"pj-plan-0001\":\"{pdf}\",\"pj-plan-0001\":"),
                1,
            ),
            format!("Le contenu de la pièce jointe « plan.pdf » (facture {numero}) figure deux fois dans « fichiers »."),
        ),
    ];
    for (file, expected) in cases {
        assert_eq!(validate_file(&file).unwrap_err(), expected);
    }
}

/// `n` zero bytes in base64, written directly (quicker than encoding them in a debug build).
fn zeros_base64(n: usize) -> String {
    let tail = match n % 3 {
        0 => "",
        1 => "AA==",
        _ => "AAA=",
    };
    format!("{}{tail}", "AAAA".repeat(n / 3))
}

#[test]
fn the_files_together_stay_within_their_bound() {
    assert_eq!(zeros_base64(4), Base64::encode_string(&[0; 4]));
    assert_eq!(zeros_base64(5), Base64::encode_string(&[0; 5]));
    // Two invoices: 15 attachments of 10 Mo and one of 1 Mo, 151 Mo, over the 150 Mo an export
    // may carry (each invoice within the portal's 120 Mo). Built at run time, never stored.
    let dix_mo = 10 * 1024 * 1024;
    let pieces = |prefix: &str, n: usize| -> Vec<PieceJointe> {
        (0..n)
            .map(|i| piece(&format!("pj-{prefix}-{i:04}"), &format!("f{i}.zip"), dix_mo))
            .collect()
    };
    let (mut sb, f) = avec_pieces(pieces("a", 8));
    let mut autre = f.clone();
    autre.id = FactureId::from("facture-bis-0001");
    autre.numero = "FA-BIS-1".into();
    autre.pieces = pieces("b", 7);
    autre
        .pieces
        .push(piece("pj-c-0000", "petit.zip", 1024 * 1024));
    sb.put(Record::Facture(Rc::new(autre)));
    // The file as text, the files spliced in (serialising 200 Mo of JSON is slow in a debug build).
    let mut fichiers = String::new();
    for p in sb.factures.values().flat_map(|f| f.pieces.iter()) {
        let sep = if fichiers.is_empty() { "" } else { "," };
        fichiers.push_str(&format!(
            "{sep}\"{}\":\"{}\"",
            p.id,
            zeros_base64(p.taille as usize)
        ));
    }
    let text = export_complet(&sb, t0(), &BTreeMap::new()).text;
    let file = format!(
        "{},\"fichiers\":{{{fichiers}}}}}",
        text.trim_end().trim_end_matches('}')
    );
    assert!(file.len() < storage::export::MAX_IMPORT_BYTES);
    assert_eq!(
        validate_import_bytes(file.as_bytes()).unwrap_err(),
        "Les fichiers joints dépassent 150 Mo au total : un export du bac à sable n'en contient pas davantage."
    );
    // The export itself never goes over its bound: what would is named (a 25 Mo bound here, so
    // that the test does not encode 150 Mo).
    let octets: BTreeMap<String, Vec<u8>> = sb
        .factures
        .values()
        .flat_map(|f| f.pieces.iter())
        .filter(|p| p.id.as_str() != "pj-a-0003")
        .map(|p| (p.id.to_string(), vec![0u8; p.taille as usize]))
        .collect();
    let export = export_borne(&sb, t0(), &octets, 25 * 1024 * 1024);
    assert_eq!(export.absents.len(), 1, "pj-a-0003 is missing");
    assert_eq!(
        export.hors_limite.len(),
        16 - 1 - 3,
        "{:?}",
        export.hors_limite
    );
    assert!(export.avertissement().unwrap().contains(
        "Fichiers exportés sans leur contenu, au-delà de 150 Mo de pièces jointes par export : "
    ));
    let import = validate_import_bytes(export.text.as_bytes()).unwrap();
    assert_eq!(import.fichiers.len(), 3);
    assert_eq!(MAX_FICHIERS_OCTETS, 150 * 1024 * 1024);
}

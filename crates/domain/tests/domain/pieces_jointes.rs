//! The portal's file rules: attachment names, extensions, sizes (per file and per deposit), French
//! sizes, and the checks of a deposited PDF (header, password protection).

use domain::facturation::pieces_jointes::*;
use std::time::{Duration, Instant};

const MO: u64 = 1024 * 1024;

/// Writes the expected text with '~' for U+00A0 (between a size and its unit).
fn fr(s: &str) -> String {
    s.replace('~', "\u{a0}")
}

fn liste() -> &'static str {
    ".bmp, .bz2, .csv, .doc, .docx, .fax, .gif, .gz, .gzip, .htm, .html, .jpeg, .jpg, .odp, .ods, \
     .odt, .p7s, .pdf, .png, .pps, .ppt, .pptx, .rtf, .svg, .tgz, .tif, .tiff, .txt, .xhtml, .xlc, \
     .xlm, .xls, .xlsx, .xml, .zip"
}

#[test]
fn constants() {
    assert_eq!(TAILLE_MAX_PIECE, 10_485_760);
    assert_eq!(TAILLE_MAX_FACTURE, 125_829_120);
    // The AIFE list, as published.
    let aife =
        "BMP GIF FAX ODT PPT TIFF XLS BZ2 GZ JPEG P7S RTF TXT XML CSV GZIP JPG PDF SVG XHTML \
                XLSX DOC HTM ODP PNG TGZ XLC ZIP DOCX HTML ODS PPS TIF XLM PPTX";
    let mut attendu: Vec<String> = aife.split(' ').map(str::to_lowercase).collect();
    attendu.sort();
    assert_eq!(EXTENSIONS.to_vec(), attendu);
}

#[test]
fn every_extension_is_accepted_in_any_case() {
    for ext in EXTENSIONS {
        for nom in [
            format!("piece.{ext}"),
            format!("piece.{}", ext.to_uppercase()),
        ] {
            assert_eq!(verifier_piece(&nom, 1, 0), Ok(()), "{nom}");
        }
    }
    assert_eq!(verifier_piece("Photo.JpEg", 1, 0), Ok(()));
    assert_eq!(verifier_piece("SCAN.PDF", 1, 0), Ok(()));
}

#[test]
fn names_with_several_dots_use_the_last_one() {
    assert_eq!(verifier_piece("facture.2024.01.pdf", 1, 0), Ok(()));
    assert_eq!(verifier_piece("archive.tar.gz", 1, 0), Ok(()));
    assert_eq!(verifier_piece("rapport.exe.pdf", 1, 0), Ok(()));
    assert_eq!(
        verifier_piece("notes.pdf.exe", 1, 0),
        Err(format!(
            "L'extension « .exe » n'est pas acceptée. Extensions acceptées : {}.",
            liste()
        ))
    );
}

#[test]
fn refused_extension_is_quoted_as_typed() {
    assert_eq!(
        verifier_piece("VIRUS.EXE", 1, 0),
        Err(format!(
            "L'extension « .EXE » n'est pas acceptée. Extensions acceptées : {}.",
            liste()
        ))
    );
    // Close to an accepted one is not enough.
    for (nom, ext) in [("x.pdff", ".pdff"), ("x.pd", ".pd"), ("x.pdf ", ".pdf ")] {
        assert_eq!(
            verifier_piece(nom, 1, 0),
            Err(format!(
                "L'extension « {ext} » n'est pas acceptée. Extensions acceptées : {}.",
                liste()
            )),
            "{nom}"
        );
    }
}

#[test]
fn extension_is_mandatory() {
    for nom in ["rapport", "rapport."] {
        assert_eq!(
            verifier_piece(nom, 1, 0),
            Err(format!(
                "Le fichier « {nom} » n'a pas d'extension : renommez-le avec l'une des extensions \
                 acceptées ({}).",
                liste()
            ))
        );
    }
    assert_eq!(
        verifier_piece("", 1, 0),
        Err("Le fichier n'a pas de nom.".to_string())
    );
}

#[test]
fn name_length_50_characters_extension_included() {
    let nom50 = format!("{}.pdf", "a".repeat(46));
    assert_eq!(nom50.chars().count(), 50);
    assert_eq!(verifier_piece(&nom50, 1, 0), Ok(()));
    let nom51 = format!("{}.pdf", "a".repeat(47));
    assert_eq!(
        verifier_piece(&nom51, 1, 0),
        Err(format!(
            "Le nom « {nom51} » dépasse 50 caractères (extension comprise) : il en compte 51."
        ))
    );
    // Characters, not bytes: 50 accented letters are 96 bytes.
    let accents = format!("{}.pdf", "é".repeat(46));
    assert_eq!(verifier_piece(&accents, 1, 0), Ok(()));
    // The name is checked before the size.
    assert!(verifier_piece(&nom51, 0, 0)
        .unwrap_err()
        .starts_with("Le nom"));
}

#[test]
fn attachment_size() {
    assert_eq!(
        verifier_piece("x.pdf", 0, 0),
        Err("Le fichier « x.pdf » est vide.".to_string())
    );
    assert_eq!(verifier_piece("x.pdf", 1, 0), Ok(()));
    assert_eq!(verifier_piece("x.pdf", TAILLE_MAX_PIECE, 0), Ok(()));
    // One byte over: the size shown is rounded up, never « 10 Mo ».
    assert_eq!(
        verifier_piece("x.pdf", TAILLE_MAX_PIECE + 1, 0),
        Err(fr("Le fichier « x.pdf » dépasse 10~Mo (10,1~Mo)."))
    );
    // 12,4 × 1 048 576 = 13 002 342,4.
    assert_eq!(
        verifier_piece("x.pdf", 13_002_342, 0),
        Err(fr("Le fichier « x.pdf » dépasse 10~Mo (12,4~Mo)."))
    );
    assert!(verifier_piece("x.pdf", u64::MAX, 0)
        .unwrap_err()
        .starts_with(&fr("Le fichier « x.pdf » dépasse 10~Mo (")));
}

#[test]
fn total_size_of_the_deposit() {
    // Exactly 120 Mo with the new file: accepted.
    assert_eq!(
        verifier_piece(
            "x.pdf",
            TAILLE_MAX_PIECE,
            TAILLE_MAX_FACTURE - TAILLE_MAX_PIECE
        ),
        Ok(())
    );
    assert_eq!(
        verifier_piece("x.pdf", 100, TAILLE_MAX_FACTURE - 100),
        Ok(())
    );
    assert_eq!(
        verifier_piece("x.pdf", 101, TAILLE_MAX_FACTURE - 100),
        Err(fr(
            "Avec « x.pdf », la facture et ses pièces jointes dépasseraient 120~Mo (120,1~Mo au \
             total)."
        ))
    );
    // 11 attachments of 10 Mo (110 Mo) plus a 9 Mo invoice: a 2 Mo file does not fit.
    assert_eq!(
        verifier_piece("annexe.zip", 2 * MO, 119 * MO),
        Err(fr(
            "Avec « annexe.zip », la facture et ses pièces jointes dépasseraient 120~Mo (121~Mo \
             au total)."
        ))
    );
    // No overflow on absurd inputs.
    assert!(verifier_piece("x.pdf", 1, u64::MAX)
        .unwrap_err()
        .starts_with(&fr(
            "Avec « x.pdf », la facture et ses pièces jointes dépasseraient 120~Mo ("
        )));
}

#[test]
fn french_sizes() {
    let table: [(u64, &str); 14] = [
        (0, "0~octet"),
        (1, "1~octet"),
        (312, "312~octets"),
        (1023, "1023~octets"),
        (1024, "1~Ko"),
        (1536, "1,5~Ko"),
        (850 * 1024, "850~Ko"),
        (1023 * 1024, "1023~Ko"),
        // 1 048 575 octets round to 1024,0 Ko: shown in Mo.
        (1_048_575, "1~Mo"),
        (MO, "1~Mo"),
        (13_002_342, "12,4~Mo"),
        (TAILLE_MAX_PIECE, "10~Mo"),
        (TAILLE_MAX_FACTURE, "120~Mo"),
        (1024 * MO, "1~Go"),
    ];
    for (octets, attendu) in table {
        assert_eq!(taille_fr(octets), fr(attendu), "{octets}");
    }
    // 1,25 Mo rounds half up to 1,3 Mo.
    assert_eq!(taille_fr(MO + MO / 4), fr("1,3~Mo"));
    assert!(!taille_fr(u64::MAX).is_empty());
}

const PDF: &[u8] = b"%PDF-1.4\n\
1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n\
xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n\
trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n188\n%%EOF\n";

fn avec_trailer(trailer: &str) -> Vec<u8> {
    let mut v = PDF.to_vec();
    let fin = b"trailer\n<< /Size 4 /Root 1 0 R >>";
    let i = v.windows(fin.len()).position(|w| w == fin).unwrap();
    v.splice(i..i + fin.len(), trailer.bytes());
    v
}

fn protege(nom: &str) -> Result<(), String> {
    Err(format!(
        "Le PDF « {nom} » est protégé par un mot de passe : déposez une version sans protection."
    ))
}

#[test]
fn a_small_valid_pdf() {
    assert_eq!(verifier_pdf("facture.pdf", PDF), Ok(()));
    assert_eq!(verifier_pdf("FACTURE.PDF", PDF), Ok(()));
}

#[test]
fn a_password_protected_pdf() {
    let chiffre = avec_trailer("trailer\n<< /Size 6 /Root 1 0 R /Encrypt 5 0 R /ID [<ab><cd>] >>");
    assert_eq!(
        verifier_pdf("facture.pdf", &chiffre),
        protege("facture.pdf")
    );
    // Compact writing, no spaces around names.
    let compact = avec_trailer("trailer<</Size 6/Root 1 0 R/Encrypt 5 0 R/ID[<ab><cd>]>>");
    assert_eq!(verifier_pdf("x.pdf", &compact), protege("x.pdf"));
    // A direct encryption dictionary.
    let direct = avec_trailer("trailer\n<< /Size 6 /Encrypt << /Filter /Standard /V 2 >> >>");
    assert_eq!(verifier_pdf("x.pdf", &direct), protege("x.pdf"));
    // Line breaks as separators.
    let lignes = avec_trailer("trailer\r\n<<\r\n/Encrypt\r\n12\r\n0\r\nR\r\n>>");
    assert_eq!(verifier_pdf("x.pdf", &lignes), protege("x.pdf"));
}

#[test]
fn a_password_protected_pdf_with_a_cross_reference_stream() {
    let mut v = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    v.extend_from_slice(
        b"9 0 obj\n<< /Type /XRef /Size 10 /W [1 2 1] /Root 1 0 R /Encrypt 8 0 R \
          /Filter /FlateDecode /Length 4 >>\nstream\n\x78\x9c\x03\x00\nendstream\nendobj\n\
          startxref\n17\n%%EOF\n",
    );
    assert_eq!(verifier_pdf("flux.pdf", &v), protege("flux.pdf"));
}

#[test]
fn mentions_of_encrypt_that_are_not_the_key() {
    // /EncryptMetadata alone, the word in a text string, a longer name.
    for texte in [
        "trailer\n<< /Size 4 /Root 1 0 R /EncryptMetadata false >>",
        "trailer\n<< /Size 4 /Root 1 0 R /Info (voir /Encrypt) >>",
        "trailer\n<< /Size 4 /Root 1 0 R /Encrypt5 0 R >>",
        "trailer\n<< /Size 4 /Root 1 0 R /Encrypt >>",
    ] {
        assert_eq!(
            verifier_pdf("x.pdf", &avec_trailer(texte)),
            Ok(()),
            "{texte}"
        );
    }
}

#[test]
fn not_a_pdf() {
    let pas_pdf = Err("Le fichier « x.pdf » n'est pas un PDF.".to_string());
    assert_eq!(
        verifier_pdf("x.pdf", b"PK\x03\x04 une archive zip"),
        pas_pdf
    );
    assert_eq!(verifier_pdf("x.pdf", b"%PDF"), pas_pdf);
    // The header must be at the very start.
    assert_eq!(verifier_pdf("x.pdf", b" %PDF-1.4\n"), pas_pdf);
    assert_eq!(verifier_pdf("x.pdf", b"%pdf-1.4\n"), pas_pdf);
    assert_eq!(
        verifier_pdf("x.pdf", b""),
        Err("Le fichier « x.pdf » est vide.".to_string())
    );
}

#[test]
fn pdf_name_rules() {
    assert_eq!(
        verifier_pdf("facture.docx", PDF),
        Err("Le fichier « facture.docx » doit être un PDF (extension .pdf).".to_string())
    );
    assert!(verifier_pdf("facture", PDF)
        .unwrap_err()
        .starts_with("Le fichier « facture » n'a pas d'extension"));
    let long = format!("{}.pdf", "f".repeat(47));
    assert!(verifier_pdf(&long, PDF).unwrap_err().starts_with("Le nom"));
    assert_eq!(verifier_pdf("facture.2024.pdf", PDF), Ok(()));
}

#[test]
fn pdf_over_120_mo() {
    // Zeroed memory is not touched: the size is refused before reading the bytes.
    let gros = vec![0u8; (TAILLE_MAX_FACTURE + 1) as usize];
    assert_eq!(
        verifier_pdf("x.pdf", &gros),
        Err(fr("Le fichier « x.pdf » dépasse 120~Mo (120,1~Mo)."))
    );
}

#[test]
fn a_5_mo_pdf_is_checked_quickly() {
    // Worst case for the scan: near-misses everywhere ("/Encryp", "/Encrypt" without value).
    let mut v = b"%PDF-1.4\n".to_vec();
    while v.len() < 5 * MO as usize {
        v.extend_from_slice(b"/Encryp /Encrypt /E //");
    }
    v.extend_from_slice(b"trailer\n<< /Size 4 /Root 1 0 R >>\n%%EOF\n");
    let debut = Instant::now();
    assert_eq!(verifier_pdf("x.pdf", &v), Ok(()));
    let duree = debut.elapsed();
    v.extend_from_slice(b"trailer\n<< /Encrypt 5 0 R >>\n");
    assert_eq!(verifier_pdf("x.pdf", &v), protege("x.pdf"));
    // A few ms optimised; generous for an unoptimised test build on a busy machine.
    assert!(duree < Duration::from_secs(2), "{duree:?}");
}

#[test]
fn complementary_files_are_accepted_against_the_running_total() {
    let fichiers = vec![
        ("a.pdf".to_string(), vec![1u8; 60]),
        ("b.exe".to_string(), vec![1u8; 10]),
        ("c.txt".to_string(), vec![1u8; 50]),
        ("d.txt".to_string(), vec![1u8; 40]),
    ];
    // 120 Mo less 100 bytes already attached: a (60) fits, c (50) would not, d (40) still does.
    let (added, errors) = pieces_acceptees(fichiers, TAILLE_MAX_FACTURE - 100);
    let noms: Vec<&str> = added.iter().map(|(p, _)| p.nom.as_str()).collect();
    assert_eq!(noms, vec!["a.pdf", "d.txt"]);
    assert!(added
        .iter()
        .all(|(p, o)| !p.principale && p.taille == o.len() as u64));
    assert_eq!(errors.len(), 2);
    assert!(
        errors[0].starts_with("L'extension « .exe » n'est pas acceptée."),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("Avec « c.txt », la facture et ses pièces jointes dépasseraient"),
        "{errors:?}"
    );
}

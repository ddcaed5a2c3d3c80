//! The portal's rules for files (AIFE, Chorus Pro): attachment names, extensions and sizes, and
//! the checks of a PDF deposited as an invoice. Pure: the UI reads the file and passes its name,
//! size or bytes.
//!
//! Sizes are binary: « 10 Mo » is 10 × 1024 × 1024 bytes, as the portal (and file managers on
//! Windows) count them.

use crate::facturation::facture::PieceJointe;
use crate::kernel::ids::PieceJointeId;
use std::rc::Rc;

/// Largest attachment: 10 Mo = 10 × 1024 × 1024 bytes.
pub const TAILLE_MAX_PIECE: u64 = 10 * 1024 * 1024;
/// Largest invoice with all its attachments: 120 Mo = 120 × 1024 × 1024 bytes.
pub const TAILLE_MAX_FACTURE: u64 = 120 * 1024 * 1024;
/// Longest file name, extension included, in characters.
pub const NOM_MAX: usize = 50;
/// Extensions accepted by the portal (compared case-insensitively), alphabetical.
pub const EXTENSIONS: [&str; 35] = [
    "bmp", "bz2", "csv", "doc", "docx", "fax", "gif", "gz", "gzip", "htm", "html", "jpeg", "jpg",
    "odp", "ods", "odt", "p7s", "pdf", "png", "pps", "ppt", "pptx", "rtf", "svg", "tgz", "tif",
    "tiff", "txt", "xhtml", "xlc", "xlm", "xls", "xlsx", "xml", "zip",
];

const NBSP: char = '\u{A0}';

/// ".bmp, .bz2, …, .zip" for messages.
fn liste_extensions() -> String {
    EXTENSIONS
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks the name: length, then presence of an extension. Returns the extension as typed
/// (text after the last dot).
fn verifier_nom(nom: &str) -> Result<&str, String> {
    if nom.is_empty() {
        return Err("Le fichier n'a pas de nom.".to_string());
    }
    let n = nom.chars().count();
    if n > NOM_MAX {
        return Err(format!(
            "Le nom « {nom} » dépasse {NOM_MAX} caractères (extension comprise) : il en compte {n}."
        ));
    }
    match nom.rsplit_once('.') {
        Some((_, ext)) if !ext.is_empty() => Ok(ext),
        _ => Err(format!(
            "Le fichier « {nom} » n'a pas d'extension : renommez-le avec l'une des extensions \
             acceptées ({}).",
            liste_extensions()
        )),
    }
}

/// Checks a new attachment's name and size against the attachments already on the invoice.
///
/// `taille_deja_jointe` is the size of everything already in the deposit: the invoice file plus
/// the attachments already added. Checks, in order: name length (≤ 50 characters, extension
/// included), an extension, an accepted extension (case-insensitive; « archive.tar.gz » has the
/// extension gz), not empty, ≤ 10 Mo, total ≤ 120 Mo.
pub fn verifier_piece(nom: &str, taille: u64, taille_deja_jointe: u64) -> Result<(), String> {
    let ext = verifier_nom(nom)?;
    if !EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)) {
        return Err(format!(
            "L'extension « .{ext} » n'est pas acceptée. Extensions acceptées : {}.",
            liste_extensions()
        ));
    }
    verifier_taille(nom, taille)?;
    if taille > TAILLE_MAX_PIECE {
        return Err(format!(
            "Le fichier « {nom} » dépasse {} ({}).",
            taille_fr(TAILLE_MAX_PIECE),
            taille_plafond(taille)
        ));
    }
    let total = taille_deja_jointe.saturating_add(taille);
    if total > TAILLE_MAX_FACTURE {
        return Err(format!(
            "Avec « {nom} », la facture et ses pièces jointes dépasseraient {} ({} au total).",
            taille_fr(TAILLE_MAX_FACTURE),
            taille_plafond(total)
        ));
    }
    Ok(())
}

/// An attachment just read, with its bytes (kept until the commit stores them).
pub type PieceLue = (PieceJointe, Rc<Vec<u8>>);

/// The complementary attachments just read that the portal accepts, each checked against the
/// running total (`taille_deja_jointe`: what the invoice already carries), ready to be kept with
/// their bytes until the commit stores them; and the refusals, in the order of the files.
pub fn pieces_acceptees(
    fichiers: Vec<(String, Vec<u8>)>,
    taille_deja_jointe: u64,
) -> (Vec<PieceLue>, Vec<String>) {
    let mut deja = taille_deja_jointe;
    let (mut added, mut errors) = (Vec::new(), Vec::new());
    for (nom, octets) in fichiers {
        let taille = octets.len() as u64;
        match verifier_piece(&nom, taille, deja) {
            Ok(()) => {
                deja = deja.saturating_add(taille);
                let piece = PieceJointe {
                    id: PieceJointeId::generate(),
                    nom,
                    taille,
                    principale: false,
                };
                added.push((piece, Rc::new(octets)));
            }
            Err(e) => errors.push(e),
        }
    }
    (added, errors)
}

fn verifier_taille(nom: &str, taille: u64) -> Result<(), String> {
    if taille == 0 {
        return Err(format!("Le fichier « {nom} » est vide."));
    }
    Ok(())
}

/// The checks of a PDF deposited as an invoice: the name rules above with the extension .pdf,
/// not empty, ≤ 120 Mo (the limit of a whole deposit), starts with "%PDF-", and not protected by
/// a password (an `/Encrypt` entry in a trailer or cross-reference stream dictionary).
pub fn verifier_pdf(nom: &str, octets: &[u8]) -> Result<(), String> {
    let ext = verifier_nom(nom)?;
    if !ext.eq_ignore_ascii_case("pdf") {
        return Err(format!(
            "Le fichier « {nom} » doit être un PDF (extension .pdf)."
        ));
    }
    let taille = octets.len() as u64;
    verifier_taille(nom, taille)?;
    if taille > TAILLE_MAX_FACTURE {
        return Err(format!(
            "Le fichier « {nom} » dépasse {} ({}).",
            taille_fr(TAILLE_MAX_FACTURE),
            taille_plafond(taille)
        ));
    }
    if !octets.starts_with(b"%PDF-") {
        return Err(format!("Le fichier « {nom} » n'est pas un PDF."));
    }
    if est_chiffre(octets) {
        return Err(format!(
            "Le PDF « {nom} » est protégé par un mot de passe : déposez une version sans \
             protection."
        ));
    }
    Ok(())
}

/// Whether the PDF has an `/Encrypt` entry.
///
/// The key is legal only in the trailer and in cross-reference stream dictionaries, which are
/// never compressed, so a byte search finds it without parsing the file. To avoid false
/// positives, the name must be exactly `/Encrypt` (not `/EncryptMetadata`) and be followed by a
/// value: an indirect reference (`5 0 R`) or a dictionary (`<<`); a mention in a text string
/// such as `(/Encrypt)` does not count. One pass over the bytes, no allocation.
fn est_chiffre(octets: &[u8]) -> bool {
    const CLE: &[u8] = b"/Encrypt";
    let mut debut = 0;
    while let Some(i) = octets[debut..].iter().position(|&b| b == b'/') {
        let pos = debut + i;
        if octets[pos..].starts_with(CLE) && suivi_d_une_valeur(&octets[pos + CLE.len()..]) {
            return true;
        }
        debut = pos + 1;
    }
    false
}

/// PDF white-space characters (ISO 32000-1, 7.2.2).
fn blanc(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'\0')
}

/// Whether `reste` (what follows the key) starts with optional white space then `<<` or
/// `digits white digits white R`.
fn suivi_d_une_valeur(reste: &[u8]) -> bool {
    let mut i = 0;
    let passer_blancs = |i: &mut usize| {
        let debut = *i;
        while reste.get(*i).is_some_and(|&b| blanc(b)) {
            *i += 1;
        }
        *i > debut
    };
    let passer_chiffres = |i: &mut usize| {
        let debut = *i;
        while reste.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > debut
    };
    passer_blancs(&mut i);
    if reste[i..].starts_with(b"<<") {
        return true;
    }
    // The name must end here: "/Encrypt5 0 R" would be the name « Encrypt5 ».
    if i == 0 {
        return false;
    }
    passer_chiffres(&mut i)
        && passer_blancs(&mut i)
        && passer_chiffres(&mut i)
        && passer_blancs(&mut i)
        && reste.get(i) == Some(&b'R')
}

/// "12,4 Mo", "850 Ko", "312 octets", "1 octet": binary units (1 Ko = 1024 octets), one decimal
/// at most (rounded half up, ",0" dropped), U+00A0 between the number and the unit.
pub fn taille_fr(octets: u64) -> String {
    format_taille(octets, false)
}

/// Like [`taille_fr`] but rounded up, for a size over a limit: 10 Mo + 1 octet shows « 10,1 Mo »,
/// never « 10 Mo ».
fn taille_plafond(octets: u64) -> String {
    format_taille(octets, true)
}

fn format_taille(octets: u64, plafond: bool) -> String {
    if octets < 1024 {
        let unite = if octets <= 1 { "octet" } else { "octets" };
        return format!("{octets}{NBSP}{unite}");
    }
    let octets = u128::from(octets);
    // Pick the unit after rounding: 1 048 575 octets is « 1 Mo », not « 1024 Ko ».
    let mut dixiemes = 0;
    let mut unite = "";
    for (i, nom) in ["Ko", "Mo", "Go", "To"].into_iter().enumerate() {
        let diviseur = 1u128 << (10 * (i + 1));
        dixiemes = if plafond {
            (octets * 10).div_ceil(diviseur)
        } else {
            (octets * 10 + diviseur / 2) / diviseur
        };
        unite = nom;
        if dixiemes < 10_240 {
            break;
        }
    }
    let (entier, decimale) = (dixiemes / 10, dixiemes % 10);
    if decimale == 0 {
        format!("{entier}{NBSP}{unite}")
    } else {
        format!("{entier},{decimale}{NBSP}{unite}")
    }
}

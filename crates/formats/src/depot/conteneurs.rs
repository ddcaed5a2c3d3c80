//! The containers of a deposit: a ZIP of several files (its central directory read here, each
//! file inflated by `miniz_oxide`), with a zip-bomb guard; a Factur-X PDF, whose `factur-x.xml` is found through
//! its file specification's `/EF` stream (inflated with `miniz_oxide`, bounded).

use super::{court, MAX_OCTETS};

/// Most files in one ZIP.
pub const MAX_FICHIERS_ZIP: usize = 500;
/// Most bytes all the files of one ZIP may hold once uncompressed.
pub const MAX_TOTAL_ZIP: u64 = 100_000_000;
/// A file compressed more than this (and over 1 Mo) is taken for a bomb.
pub const MAX_RATIO: u64 = 100;

pub fn est_zip(octets: &[u8]) -> bool {
    octets.starts_with(b"PK\x03\x04") || octets.starts_with(b"PK\x05\x06")
}

fn u16_a(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u64::from(u16::from_le_bytes([*s.first()?, *s.get(1)?])))
}

fn u32_a(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u64::from(u32::from_le_bytes([
        *s.first()?,
        *s.get(1)?,
        *s.get(2)?,
        *s.get(3)?,
    ])))
}

fn usize_de(v: u64) -> Option<usize> {
    usize::try_from(v).ok()
}

/// One file of the archive, as its central directory describes it.
struct Entree<'a> {
    nom: String,
    chiffre: bool,
    methode: u64,
    declare: u64,
    donnees: &'a [u8],
}

/// The entries of the central directory (ZIP64 and multi-disk archives are not read).
fn entrees(octets: &[u8]) -> Option<Vec<Entree<'_>>> {
    // The end of central directory record: in the last 65 557 bytes.
    let debut_fin = octets.len().saturating_sub(65_557);
    let eocd = octets
        .get(debut_fin..)?
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")?
        + debut_fin;
    let nombre = usize_de(u16_a(octets, eocd.checked_add(10)?)?)?;
    let mut pos = usize_de(u32_a(octets, eocd.checked_add(16)?)?)?;
    let mut out = Vec::new();
    for _ in 0..nombre.min(MAX_FICHIERS_ZIP + 1) {
        if octets.get(pos..pos.checked_add(4)?)? != b"PK\x01\x02" {
            return None;
        }
        let drapeaux = u16_a(octets, pos.checked_add(8)?)?;
        let methode = u16_a(octets, pos.checked_add(10)?)?;
        let compresse = usize_de(u32_a(octets, pos.checked_add(20)?)?)?;
        let declare = u32_a(octets, pos.checked_add(24)?)?;
        let n = usize_de(u16_a(octets, pos.checked_add(28)?)?)?;
        let extra = usize_de(u16_a(octets, pos.checked_add(30)?)?)?;
        let commentaire = usize_de(u16_a(octets, pos.checked_add(32)?)?)?;
        let local = usize_de(u32_a(octets, pos.checked_add(42)?)?)?;
        let nom =
            String::from_utf8_lossy(octets.get(pos.checked_add(46)?..pos.checked_add(46 + n)?)?)
                .into_owned();
        if octets.get(local..local.checked_add(4)?)? != b"PK\x03\x04" {
            return None;
        }
        let ln = usize_de(u16_a(octets, local.checked_add(26)?)?)?;
        let le = usize_de(u16_a(octets, local.checked_add(28)?)?)?;
        let debut = local.checked_add(30 + ln + le)?;
        out.push(Entree {
            nom,
            chiffre: drapeaux & 1 == 1,
            methode,
            declare,
            donnees: octets.get(debut..debut.checked_add(compresse)?)?,
        });
        pos = pos.checked_add(46 + n + extra + commentaire)?;
    }
    Some(out)
}

/// The files of a ZIP (folders skipped), each under 50 Mo, 100 Mo in all, none compressed more
/// than 100 times, stored or deflated; a refusal names the archive and why. The central directory
/// is read here and each file inflated by `miniz_oxide` within its limit: the declared sizes are
/// never trusted.
pub fn ouvrir_zip(nom: &str, octets: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let refus = |why: String| format!("L'archive « {} » est refusée : {why}", court(nom, 60));
    let liste = entrees(octets).ok_or_else(|| {
        refus(
            "ce n'est pas une archive ZIP lisible (ou une archive ZIP64, non prise en charge)."
                .to_string(),
        )
    })?;
    if liste.len() > MAX_FICHIERS_ZIP {
        return Err(refus(format!(
            "elle contient plus de {MAX_FICHIERS_ZIP} fichiers."
        )));
    }
    let mut total: u64 = 0;
    let mut out = Vec::new();
    for e in liste {
        if e.nom.ends_with('/') {
            continue;
        }
        let n = e.nom.rsplit('/').next().unwrap_or_default().to_string();
        if e.chiffre {
            return Err(refus(format!(
                "le fichier « {} » est chiffré.",
                court(&n, 60)
            )));
        }
        let compresse = (e.donnees.len() as u64).max(1);
        if e.declare >= MAX_OCTETS as u64 {
            return Err(refus(format!(
                "le fichier « {} » y pèse plus de 50 Mo une fois décompressé.",
                court(&n, 60)
            )));
        }
        if e.declare > 1_000_000 && e.declare / compresse > MAX_RATIO {
            return Err(refus(format!(
                "le fichier « {} » est compressé plus de {MAX_RATIO} fois (bombe de décompression).",
                court(&n, 60)
            )));
        }
        let limite = usize_de(MAX_TOTAL_ZIP.saturating_sub(total).min(MAX_OCTETS as u64))
            .unwrap_or(MAX_OCTETS);
        let bombe = || {
            refus(format!(
                "ses fichiers dépassent, une fois décompressés, la taille annoncée ou la limite de {} Mo en tout (bombe de décompression).",
                MAX_TOTAL_ZIP / 1_000_000
            ))
        };
        let contenu = match e.methode {
            0 => e.donnees.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(e.donnees, limite).map_err(
                |err| match err.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => bombe(),
                    _ => refus(format!("le fichier « {} » est illisible.", court(&n, 60))),
                },
            )?,
            m => {
                return Err(refus(format!(
                    "le fichier « {} » utilise une compression non prise en charge (méthode {m} ; seules « stockée » et « deflate » le sont).",
                    court(&n, 60)
                )))
            }
        };
        let lu = contenu.len() as u64;
        if lu > limite as u64 || lu > e.declare {
            return Err(bombe());
        }
        total = total.saturating_add(lu);
        if est_zip(&contenu) {
            return Err(refus(format!(
                "elle contient une autre archive (« {} ») : déposez les fichiers eux-mêmes.",
                court(&n, 60)
            )));
        }
        out.push((n, contenu));
    }
    if out.is_empty() {
        return Err(refus("elle ne contient aucun fichier.".to_string()));
    }
    Ok(out)
}

/// Why a PDF gives no XML.
#[derive(Debug, PartialEq, Eq)]
pub enum ErreurPdf {
    /// Refused outright (encrypted, a bomb in its stream).
    Hostile(String),
    /// Not a Factur-X: a technical error of the flux.
    Absent(String),
}

fn trouver(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn trouver_avant(hay: &[u8], needle: &[u8], before: usize) -> Option<usize> {
    hay.get(..before)?
        .windows(needle.len())
        .rposition(|w| w == needle)
}

/// The number after `/EF << /F` (or `/UF`) in a file specification: the embedded file's object.
fn reference_ef(dict: &[u8]) -> Option<u32> {
    let ef = trouver(dict, b"/EF", 0)?;
    let rest = dict.get(ef + 3..)?;
    let f = trouver(rest, b"/F", 0).or_else(|| trouver(rest, b"/UF", 0))?;
    let apres = rest.get(f..)?;
    let apres = apres.get(apres.iter().position(|b| b.is_ascii_whitespace())?..)?;
    let s = std::str::from_utf8(apres.get(..apres.len().min(24))?).ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// The embedded `factur-x.xml` of a PDF/A-3 (uncompressed objects; the stream raw or
/// FlateDecode), inflated within 50 Mo.
pub fn xml_facturx(pdf: &[u8]) -> Result<Vec<u8>, ErreurPdf> {
    if trouver(pdf, b"/Encrypt", 0).is_some() {
        return Err(ErreurPdf::Hostile(
            "ce PDF est chiffré (protégé par mot de passe) : le portail le refuse.".to_string(),
        ));
    }
    let absent = || {
        ErreurPdf::Absent(
            "ce PDF n'est pas une Factur-X : il ne contient pas de fichier joint « factur-x.xml » (PDF/A-3). Un PDF simple se dépose par « Déposer une facture PDF »."
                .to_string(),
        )
    };
    let mut from = 0;
    let mut objet = None;
    while let Some(pos) = trouver(pdf, b"factur-x.xml", from) {
        from = pos + 1;
        let debut = trouver_avant(pdf, b" obj", pos).unwrap_or(0);
        let fin = trouver(pdf, b"endobj", pos).unwrap_or(pdf.len());
        if let Some(n) = pdf.get(debut..fin).and_then(reference_ef) {
            objet = Some(n);
            break;
        }
    }
    let n = objet.ok_or_else(absent)?;
    let entete = format!("{n} 0 obj");
    let mut debut = None;
    let mut from = 0;
    while let Some(p) = trouver(pdf, entete.as_bytes(), from) {
        from = p + 1;
        if p == 0 || pdf.get(p - 1).is_some_and(|b| b.is_ascii_whitespace()) {
            debut = Some(p);
            break;
        }
    }
    let debut = debut.ok_or_else(absent)?;
    let s = trouver(pdf, b"stream", debut).ok_or_else(absent)?;
    let dict = pdf.get(debut..s).ok_or_else(absent)?;
    let mut data_debut = s + b"stream".len();
    if pdf.get(data_debut) == Some(&b'\r') {
        data_debut += 1;
    }
    if pdf.get(data_debut) == Some(&b'\n') {
        data_debut += 1;
    }
    let fin = trouver(pdf, b"endstream", data_debut).ok_or_else(absent)?;
    let mut data = pdf.get(data_debut..fin).ok_or_else(absent)?;
    while let Some((last, rest)) = data.split_last() {
        if *last == b'\n' || *last == b'\r' {
            data = rest;
        } else {
            break;
        }
    }
    if trouver(dict, b"/FlateDecode", 0).is_some() {
        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_OCTETS).map_err(|e| {
            if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
                ErreurPdf::Hostile(
                    "son fichier « factur-x.xml » dépasse 50 Mo une fois décompressé (bombe de décompression)."
                        .to_string(),
                )
            } else {
                ErreurPdf::Absent(
                    "le fichier « factur-x.xml » de ce PDF est illisible (flux compressé invalide)."
                        .to_string(),
                )
            }
        })
    } else if trouver(dict, b"/Filter", 0).is_some() {
        Err(ErreurPdf::Absent(
            "le fichier « factur-x.xml » de ce PDF utilise une compression non prise en charge (seule FlateDecode l'est)."
                .to_string(),
        ))
    } else {
        Ok(data.to_vec())
    }
}

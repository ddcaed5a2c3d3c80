//! A ZIP archive of several files (« télécharger » several invoices at once): each file deflated
//! (miniz_oxide, already here for the PDFs) unless that does not make it smaller, CRC-32 by
//! crc32fast, names in UTF-8 (flag bit 11). No ZIP64: the portal's folder limit (120 Mo) is far
//! below 4 Go, and a larger total is refused with a message rather than written wrong.

use chrono::{Datelike, NaiveDateTime, Timelike};

/// One file of the archive.
pub struct Fichier {
    pub nom: String,
    pub octets: Vec<u8>,
}

fn dos(t: NaiveDateTime) -> (u16, u16) {
    let annee = u16::try_from(t.year().clamp(1980, 2107) - 1980).unwrap_or(0);
    let date = (annee << 9) | ((t.month() as u16) << 5) | t.day() as u16;
    let heure = ((t.hour() as u16) << 11) | ((t.minute() as u16) << 5) | (t.second() as u16 / 2);
    (heure, date)
}

/// The archive, or a French message when it would exceed what a ZIP without ZIP64 holds.
pub fn archive(fichiers: &[Fichier], quand: NaiveDateTime) -> Result<Vec<u8>, String> {
    const TROP: &str = "Le dossier dépasse la taille qu'une archive ZIP peut contenir ici : téléchargez moins de factures à la fois.";
    let (heure, date) = dos(quand);
    let mut out: Vec<u8> = Vec::new();
    let mut central: Vec<u8> = Vec::new();
    let n = u16::try_from(fichiers.len()).map_err(|_| TROP.to_string())?;
    for f in fichiers {
        let crc = crc32fast::hash(&f.octets);
        let comprime = miniz_oxide::deflate::compress_to_vec(&f.octets, 6);
        let (methode, donnees): (u16, &[u8]) = if comprime.len() < f.octets.len() {
            (8, &comprime)
        } else {
            (0, &f.octets)
        };
        let taille = u32::try_from(f.octets.len()).map_err(|_| TROP.to_string())?;
        let taille_c = u32::try_from(donnees.len()).map_err(|_| TROP.to_string())?;
        let nom = f.nom.as_bytes();
        let nom_len = u16::try_from(nom.len()).map_err(|_| TROP.to_string())?;
        let position = u32::try_from(out.len()).map_err(|_| TROP.to_string())?;
        let entete = |sig: u32, v: &mut Vec<u8>| {
            v.extend_from_slice(&sig.to_le_bytes());
            if sig == 0x0201_4b50 {
                v.extend_from_slice(&20u16.to_le_bytes()); // version made by
            }
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed
            v.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
            v.extend_from_slice(&methode.to_le_bytes());
            v.extend_from_slice(&heure.to_le_bytes());
            v.extend_from_slice(&date.to_le_bytes());
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&taille_c.to_le_bytes());
            v.extend_from_slice(&taille.to_le_bytes());
            v.extend_from_slice(&nom_len.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra
        };
        entete(0x0403_4b50, &mut out);
        out.extend_from_slice(nom);
        out.extend_from_slice(donnees);
        entete(0x0201_4b50, &mut central);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&position.to_le_bytes());
        central.extend_from_slice(nom);
    }
    let debut = u32::try_from(out.len()).map_err(|_| TROP.to_string())?;
    let taille_central = u32::try_from(central.len()).map_err(|_| TROP.to_string())?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]); // disks
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&taille_central.to_le_bytes());
    out.extend_from_slice(&debut.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(out)
}

/// Names made unique within an archive: « a.pdf », « a (2).pdf »…
pub fn noms_uniques(noms: &mut [String]) {
    let mut vus = std::collections::BTreeSet::new();
    for nom in noms.iter_mut() {
        if vus.insert(nom.clone()) {
            continue;
        }
        let (base, ext) = match nom.rfind('.') {
            Some(i) => (
                nom.get(..i).unwrap_or_default().to_string(),
                nom.get(i..).unwrap_or_default().to_string(),
            ),
            None => (nom.clone(), String::new()),
        };
        let mut k = 2;
        loop {
            let essai = format!("{base} ({k}){ext}");
            if vus.insert(essai.clone()) {
                *nom = essai;
                break;
            }
            k += 1;
        }
    }
}

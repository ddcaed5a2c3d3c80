//! Export of the whole sandbox as one JSON file, and validation of such a file before import.
//! Import validates everything first; nothing is replaced unless the whole file is sound.

use crate::bounds::{check_record, describe, shorten};
use crate::envelope::SCHEMA_VERSION;
use crate::migrations::migrate;
use domain::kernel::ids::{is_valid_id, MAX_ID_LENGTH, MIN_ID_LENGTH};
use domain::kernel::time::Timestamp;
use domain::{Collection, Record, RecordKey, Sandbox};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashSet;

pub const FORMAT: &str = "bac-a-sable-chorus-pro";
/// Larger than any sandbox can be in localStorage (5 Mi UTF-16 units), so a bigger file is not ours.
pub const MAX_IMPORT_BYTES: usize = 12 * 1024 * 1024;
/// Deepest nesting of arrays and objects in an export (the records' own is about 6).
pub const MAX_DEPTH: usize = 32;

#[derive(Serialize)]
struct ExportFile {
    format: String,
    schema: u32,
    #[serde(with = "domain::kernel::time::millis")]
    exported_at: Timestamp,
    records: Vec<ExportedRecord>,
}

#[derive(Serialize)]
struct ExportedRecord {
    collection: String,
    id: String,
    data: Box<RawValue>,
}

/// What import reads: like `ExportFile`, but each record's data stays as parsed JSON until its
/// collection is known.
#[derive(Deserialize)]
struct ImportFile {
    schema: u32,
    records: Vec<ImportedRecord>,
}

#[derive(Deserialize)]
struct ImportedRecord {
    collection: String,
    id: String,
    data: serde_json::Value,
}

/// The export file's text (pretty-printed so a trainer can read it).
pub fn export(sb: &Sandbox, now: Timestamp) -> String {
    let file = ExportFile {
        format: FORMAT.to_string(),
        schema: SCHEMA_VERSION,
        exported_at: now,
        records: sb
            .records()
            .into_iter()
            .map(|r| {
                let key = r.key();
                ExportedRecord {
                    collection: key.collection.name().to_string(),
                    id: key.id,
                    data: RawValue::from_string(r.to_json()).expect("records are valid JSON"),
                }
            })
            .collect(),
    };
    serde_json::to_string_pretty(&file).expect("export always serialises")
}

/// Suggested file name: « bac-a-sable-chorus-pro-2026-11-23.json » (the Paris date; written by
/// hand: chrono's strftime formatting would weigh on the bundle for this one line).
pub fn file_name(now: Timestamp) -> String {
    let day = domain::kernel::time::iso_day(domain::kernel::time::paris_date(now));
    format!("{FORMAT}-{day}.json")
}

/// The refusal of a file of `len` bytes, over [`MAX_IMPORT_BYTES`] (also said before reading one).
pub fn too_big(len: usize) -> String {
    format!(
        "Fichier trop volumineux ({} Mo) : un export du bac à sable ne dépasse pas {} Mo.",
        len / (1024 * 1024),
        MAX_IMPORT_BYTES / (1024 * 1024)
    )
}

/// The file as read from disk: its size first, then strict UTF-8 (a Latin-1 file would otherwise
/// arrive with its accents silently replaced), then [`validate_import`].
pub fn validate_import_bytes(bytes: &[u8]) -> Result<Vec<Record>, String> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(too_big(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "Le fichier n'est pas encodé en UTF-8 (octet invalide à la position {}) : un export du bac à sable l'est toujours.",
            e.valid_up_to() + 1
        )
    })?;
    validate_import(text)
}

/// Deepest nesting of `[` and `{` outside strings: checked before parsing, so a deeply nested file
/// gets its own message rather than a parser error.
fn depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth = depth.saturating_add(1);
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// serde's message about the file's frame (not a record's content) in French.
fn frame_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let quoted = message.split('`').nth(1).unwrap_or("?");
    if message.starts_with("missing field") {
        format!("Structure du fichier invalide : champ « {quoted} » manquant.")
    } else {
        "Structure du fichier invalide : « records » doit être une liste d'enregistrements, chacun avec « collection », « id » et « data ».".to_string()
    }
}

/// Parses and validates a whole export file. Every error message is precise and in French.
pub fn validate_import(text: &str) -> Result<Vec<Record>, String> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(too_big(text.len()));
    }
    if text.trim().is_empty() {
        return Err("Le fichier est vide.".to_string());
    }
    if depth(text) > MAX_DEPTH {
        return Err(format!(
            "Le fichier est trop imbriqué (plus de {MAX_DEPTH} niveaux de listes ou d'objets) : ce n'est pas un export du bac à sable."
        ));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            format!("Le fichier est tronqué : il s'arrête avant la fin des données (ligne {}, colonne {}).", e.line(), e.column())
        } else {
            format!("Ce fichier n'est pas un JSON valide (ligne {}, colonne {}).", e.line(), e.column())
        }
    })?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        return Err("Ce fichier n'est pas un export du bac à sable Chorus Pro (champ « format » absent ou différent).".to_string());
    }
    let schema = value
        .get("schema")
        .and_then(|s| s.as_u64())
        .ok_or("Version de schéma absente ou invalide dans le fichier.")?;
    if schema == 0 || schema > SCHEMA_VERSION as u64 {
        return Err(format!(
            "Ce fichier vient d'une version plus récente ou inconnue du bac à sable (schéma {schema}) ; cette version lit jusqu'au schéma {SCHEMA_VERSION}."
        ));
    }
    let file: ImportFile = serde_json::from_value(value).map_err(|e| frame_error(&e))?;

    let mut records = Vec::with_capacity(file.records.len());
    let mut seen = HashSet::new();
    for (i, r) in file.records.into_iter().enumerate() {
        let n = i + 1;
        let collection = Collection::from_name(&r.collection).ok_or_else(|| {
            format!(
                "Enregistrement n° {n} : type « {} » inconnu.",
                shorten(&r.collection)
            )
        })?;
        if !is_valid_id(&r.id) {
            return Err(format!(
                "Enregistrement n° {n} ({}) : identifiant « {} » invalide ({MIN_ID_LENGTH} à {MAX_ID_LENGTH} caractères parmi a–z, 0–9, « - » et « _ »).",
                collection.label_fr(),
                shorten(&r.id)
            ));
        }
        let key = RecordKey::new(collection, r.id);
        if !seen.insert(key.clone()) {
            return Err(format!(
                "Enregistrement n° {n} : identifiant « {} » en double.",
                key.id
            ));
        }
        let json = r.data.to_string();
        let data = migrate(collection, file.schema, &json)
            .map_err(|e| format!("Enregistrement n° {n} : {e}."))?;
        let record = Record::from_json(&key, &data).map_err(|e| {
            format!(
                "Enregistrement n° {n} ({}) : contenu invalide ({e}).",
                collection.label_fr()
            )
        })?;
        check_record(&record)
            .map_err(|e| format!("Enregistrement n° {n} ({}) : {e}", describe(&record)))?;
        records.push(record);
    }
    check_consistency(&records)?;
    Ok(records)
}

fn check_consistency(records: &[Record]) -> Result<(), String> {
    // The file completes the shipped base (annuaire, demo accounts): references may point there.
    let mut base = domain::simulation::base::sandbox();
    for r in records {
        base.put(r.clone());
    }
    for r in records {
        match r {
            Record::Service(sv) if !base.structures.contains_key(&sv.structure) => {
                return Err(format!(
                    "Le service « {} » appartient à une structure absente du fichier.",
                    shorten(&sv.code)
                ));
            }
            Record::Facture(f)
                if !base.structures.contains_key(&f.emetteur)
                    || f.destinataire
                        .as_ref()
                        .is_some_and(|d| !base.structures.contains_key(d))
                    || f.valideur
                        .as_ref()
                        .is_some_and(|d| !base.structures.contains_key(d)) =>
            {
                return Err(format!(
                    "La facture « {} » concerne une structure absente du fichier.",
                    shorten(&f.numero)
                ));
            }
            Record::Rattachement(ra)
                if !base.structures.contains_key(&ra.structure)
                    || !base.comptes.contains_key(&ra.account) =>
            {
                return Err(
                    "Un rattachement concerne une structure ou un compte absent du fichier."
                        .to_string(),
                );
            }
            _ => {}
        }
    }
    let mut numeros = HashSet::new();
    for r in records {
        if let Record::Facture(f) = r {
            if let Some(annee) = f.annee_depot() {
                if !numeros.insert((&f.emetteur, f.numero.to_lowercase(), annee)) {
                    return Err(format!(
                        "Deux factures de la même structure portent le numéro « {} » en {annee} : un numéro est unique par structure et par année.",
                        shorten(&f.numero)
                    ));
                }
            }
        }
    }
    let mut logins = HashSet::new();
    for a in base.comptes.values() {
        if !logins.insert(a.login_email.as_str()) {
            return Err(format!(
                "Deux comptes utilisent la même adresse de connexion « {} ».",
                a.login_email
            ));
        }
    }
    for r in records {
        if let Record::Courriel(m) = r {
            if let Some(acc) = &m.account {
                if !base.comptes.contains_key(acc) {
                    return Err(format!(
                        "Le message « {} » concerne un compte absent du fichier.",
                        shorten(&m.subject)
                    ));
                }
            }
        }
    }
    Ok(())
}

/// What an import file holds, as the trainee confirms it: every kind of record counted, with French
/// plurals (« 2 comptes, 1 message, 3 factures, 2 pièces jointes, horloge décalée »).
pub fn resume(records: &[Record]) -> String {
    let count = |c: Collection| records.iter().filter(|r| r.key().collection == c).count();
    let pieces: usize = records
        .iter()
        .map(|r| match r {
            Record::Facture(f) => f.pieces.len(),
            _ => 0,
        })
        .sum();
    let kinds: [(usize, &str, &str); 7] = [
        (count(Collection::Compte), "compte", "comptes"),
        (count(Collection::Courriel), "message", "messages"),
        (count(Collection::Structure), "structure", "structures"),
        (count(Collection::Service), "service", "services"),
        (
            count(Collection::Rattachement),
            "rattachement",
            "rattachements",
        ),
        (count(Collection::Facture), "facture", "factures"),
        (pieces, "pièce jointe", "pièces jointes"),
    ];
    let mut parts: Vec<String> = kinds
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    if count(Collection::Clock) > 0 {
        parts.push("horloge décalée".to_string());
    }
    if count(Collection::Formateur) > 0 {
        parts.push("code formateur".to_string());
    }
    if parts.is_empty() {
        "aucune donnée (le bac à sable sera vide, hors comptes de démonstration et annuaire)"
            .to_string()
    } else {
        parts.join(", ")
    }
}

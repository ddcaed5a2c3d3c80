//! Export of the whole sandbox as one JSON file, and validation of such a file before import.
//! Import validates everything first; nothing is replaced unless the whole file is sound.

use crate::bounds::{check_record, describe, shorten};
use crate::envelope::SCHEMA_VERSION;
use crate::migrations::migrate;
use base64ct::{Base64, Encoding};
use domain::facturation::facture::{Facture, PieceJointe};
use domain::kernel::ids::{is_valid_id, MAX_ID_LENGTH, MIN_ID_LENGTH};
use domain::kernel::time::Timestamp;
use domain::{Collection, Record, RecordKey, Sandbox};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap, HashSet};

pub const FORMAT: &str = "bac-a-sable-chorus-pro";
/// The records part of a file (everything but `fichiers`): larger than any sandbox can be in
/// localStorage (5 Mi UTF-16 units), so a bigger one is not ours.
pub const MAX_RECORDS_BYTES: usize = 12 * 1024 * 1024;
/// The attachment bytes a file may carry, decoded (150 Mo, binary like the portal's sizes).
pub const MAX_FICHIERS_OCTETS: u64 = 150 * 1024 * 1024;
/// A whole file: the records part, the files in base64 (4 characters per 3 bytes) and room for
/// their ids and quotes.
pub const MAX_IMPORT_BYTES: usize =
    MAX_RECORDS_BYTES + (MAX_FICHIERS_OCTETS as usize).div_ceil(3) * 4 + 1024 * 1024;
/// Deepest nesting of arrays and objects in an export (the records' own is about 6).
pub const MAX_DEPTH: usize = 32;

#[derive(Serialize)]
struct ExportFile {
    format: String,
    schema: u32,
    #[serde(with = "domain::kernel::time::millis")]
    exported_at: Timestamp,
    records: Vec<ExportedRecord>,
    /// Attachment bytes: attachment id → base64 (standard alphabet, padded).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fichiers: BTreeMap<String, String>,
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

/// An export: the file's text, and the attachments exported without their bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub text: String,
    /// Attachments whose bytes this browser does not hold (or not at their recorded size).
    pub absents: Vec<String>,
    /// Attachments left without their bytes because the files reached [`MAX_FICHIERS_OCTETS`].
    pub hors_limite: Vec<String>,
}

impl Export {
    /// What the trainer is told when some attachments travel without their bytes.
    pub fn avertissement(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.absents.is_empty() {
            parts.push(format!(
                "Fichiers absents de ce navigateur, exportés sans leur contenu : {}.",
                self.absents.join(", ")
            ));
        }
        if !self.hors_limite.is_empty() {
            parts.push(format!(
                "Fichiers exportés sans leur contenu, au-delà de {} Mo de pièces jointes par export : {}.",
                MAX_FICHIERS_OCTETS / (1024 * 1024),
                self.hors_limite.join(", ")
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// « « plan.pdf » (facture FA-12) », or « (brouillon) » for a draft without a number yet.
/// Every attachment of these records (invoices', then works documents') with how a message names
/// it.
fn pieces_nommees(records: &[Record]) -> Vec<(&PieceJointe, String)> {
    let mut v = Vec::new();
    for r in records {
        match r {
            Record::Facture(f) => v.extend(f.pieces.iter().map(|p| (p, nom_piece(f, p)))),
            Record::Travaux(d) => v.extend(d.documents.iter().filter_map(|doc| {
                let p = doc.piece.as_ref()?;
                Some((
                    p,
                    format!(
                        "« {} » (document de travaux {})",
                        shorten(&p.nom),
                        shorten(&doc.numero)
                    ),
                ))
            })),
            _ => {}
        }
    }
    v
}

fn nom_piece(f: &Facture, p: &PieceJointe) -> String {
    if f.numero.trim().is_empty() {
        format!("« {} » (brouillon)", shorten(&p.nom))
    } else {
        format!("« {} » (facture {})", shorten(&p.nom), shorten(&f.numero))
    }
}

/// The export file's text without attachment bytes (pretty-printed so a trainer can read it).
pub fn export(sb: &Sandbox, now: Timestamp) -> String {
    export_complet(sb, now, &BTreeMap::new()).text
}

/// The export file with the attachment bytes this browser holds (`octets`: attachment id → bytes),
/// each in base64 under `fichiers`. Base64 in the JSON rather than an archive: one file a trainer
/// can open, read by the import's bounded parser, and no archive code in the bundle.
pub fn export_complet(sb: &Sandbox, now: Timestamp, octets: &BTreeMap<String, Vec<u8>>) -> Export {
    export_borne(sb, now, octets, MAX_FICHIERS_OCTETS)
}

/// [`export_complet`] with the files' bound as a parameter, so that tests need not move 150 Mo.
#[doc(hidden)]
pub fn export_borne(
    sb: &Sandbox,
    now: Timestamp,
    octets: &BTreeMap<String, Vec<u8>>,
    max: u64,
) -> Export {
    let mut fichiers = BTreeMap::new();
    let (mut absents, mut hors_limite) = (Vec::new(), Vec::new());
    let mut total: u64 = 0;
    let factures = sb.factures.values().map(|f| Record::Facture(f.clone()));
    let travaux = sb.travaux.values().map(|d| Record::Travaux(d.clone()));
    let records: Vec<Record> = factures.chain(travaux).collect();
    for (p, nom) in pieces_nommees(&records) {
        let id = p.id.to_string();
        if fichiers.contains_key(&id) {
            continue;
        }
        match octets.get(&id) {
            Some(bytes) if bytes.len() as u64 == p.taille => {
                if total.saturating_add(p.taille) > max {
                    hors_limite.push(nom);
                } else {
                    total = total.saturating_add(p.taille);
                    fichiers.insert(id, Base64::encode_string(bytes));
                }
            }
            _ => absents.push(nom),
        }
    }
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
        fichiers,
    };
    Export {
        text: serde_json::to_string_pretty(&file).expect("export always serialises"),
        absents,
        hors_limite,
    }
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
        len.div_ceil(1024 * 1024),
        MAX_IMPORT_BYTES / (1024 * 1024)
    )
}

/// A validated import file: its records, and the attachment bytes it carries (attachment id →
/// bytes, each checked against its attachment).
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    pub records: Vec<Record>,
    pub fichiers: Vec<(String, Vec<u8>)>,
}

impl Import {
    /// What the file holds, as the trainee confirms it, attachments with and without their file.
    pub fn resume(&self) -> String {
        let with: HashSet<&str> = self.fichiers.iter().map(|(id, _)| id.as_str()).collect();
        resume_with(&self.records, Some(&with))
    }
}

/// The file as read from disk: its size first, then strict UTF-8 (a Latin-1 file would otherwise
/// arrive with its accents silently replaced), then [`validate_file`].
pub fn validate_import_bytes(bytes: &[u8]) -> Result<Import, String> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(too_big(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "Le fichier n'est pas encodé en UTF-8 (octet invalide à la position {}) : un export du bac à sable l'est toujours.",
            e.valid_up_to() + 1
        )
    })?;
    validate_file(text)
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

/// Parses and validates a whole export file's records (its attachment bytes are checked too, then
/// left aside). Every error message is precise and in French.
pub fn validate_import(text: &str) -> Result<Vec<Record>, String> {
    validate_file(text).map(|i| i.records)
}

/// The pairs of a JSON object in file order, values left as raw JSON borrowed from the file (a
/// key given twice is kept twice, to be refused).
struct Paires<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Paires<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Paires<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = m.next_entry::<String, &'de RawValue>()? {
                    pairs.push(pair);
                }
                Ok(Paires(pairs))
            }
        }
        d.deserialize_map(V)
    }
}

/// Parses and validates a whole export file: records and attachment bytes. Every error message is
/// precise and in French; nothing is replaced unless all of it is sound.
pub fn validate_file(text: &str) -> Result<Import, String> {
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
    // The top level with its values still as text: the files (most of a big export) are never
    // copied into a JSON tree.
    let not_ours = "Ce fichier n'est pas un export du bac à sable Chorus Pro (champ « format » absent ou différent).";
    let top: Paires = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            format!("Le fichier est tronqué : il s'arrête avant la fin des données (ligne {}, colonne {}).", e.line(), e.column())
        } else if e.is_data() {
            not_ours.to_string()
        } else {
            format!("Ce fichier n'est pas un JSON valide (ligne {}, colonne {}).", e.line(), e.column())
        }
    })?;
    let mut frame = serde_json::Map::new();
    let mut fichiers_raw: Option<&RawValue> = None;
    for (k, raw) in top.0 {
        if k == "fichiers" {
            fichiers_raw = Some(raw);
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(raw.get()).map_err(|_| {
            format!(
                "Ce fichier n'est pas un JSON valide (champ « {} »).",
                shorten(&k)
            )
        })?;
        frame.insert(k, v);
    }
    let records_len = text
        .len()
        .saturating_sub(fichiers_raw.map(|r| r.get().len()).unwrap_or(0));
    if records_len > MAX_RECORDS_BYTES {
        return Err(format!(
            "Les enregistrements du fichier (hors fichiers joints) font {} Mo : un export du bac à sable n'en contient pas plus de {} Mo.",
            records_len / (1024 * 1024),
            MAX_RECORDS_BYTES / (1024 * 1024)
        ));
    }
    let value = serde_json::Value::Object(frame);
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
    let fichiers = match fichiers_raw {
        Some(raw) => check_fichiers(raw, &records)?,
        None => Vec::new(),
    };
    Ok(Import { records, fichiers })
}

/// The `fichiers` of a file: each the bytes of one attachment of the file's invoices, given once,
/// in strict base64, of the attachment's recorded size, all of them within [`MAX_FICHIERS_OCTETS`].
fn check_fichiers(raw: &RawValue, records: &[Record]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let malformed = "Structure du fichier invalide : « fichiers » doit associer à l'identifiant de chaque pièce jointe son contenu en base64.";
    let pairs: Paires = serde_json::from_str(raw.get()).map_err(|_| malformed.to_string())?;
    let mut pieces: HashMap<String, (u64, String)> = HashMap::new();
    for (p, nom) in pieces_nommees(records) {
        pieces.entry(p.id.to_string()).or_insert((p.taille, nom));
    }
    let mut seen = HashSet::new();
    let mut total: u64 = 0;
    let mut checked = Vec::with_capacity(pairs.0.len());
    for (id, content) in pairs.0 {
        let Some((taille, nom)) = pieces.get(&id) else {
            return Err(format!(
                "Fichier joint « {} » : aucune pièce jointe des factures du fichier ne porte cet identifiant.",
                shorten(&id)
            ));
        };
        if !seen.insert(id.clone()) {
            return Err(format!(
                "Le contenu de la pièce jointe {nom} figure deux fois dans « fichiers »."
            ));
        }
        let invalid = || format!("Le contenu de la pièce jointe {nom} n'est pas du base64 valide.");
        // A JSON string without escapes: base64 never needs one.
        let b64 = content
            .get()
            .strip_prefix('"')
            .and_then(|c| c.strip_suffix('"'))
            .filter(|c| !c.contains(['"', '\\']))
            .ok_or_else(invalid)?;
        if b64.len() % 4 != 0 {
            return Err(invalid());
        }
        // Its size from its length, before decoding anything.
        let padding = b64.bytes().rev().take(2).filter(|b| *b == b'=').count() as u64;
        let size = ((b64.len() / 4) as u64 * 3).saturating_sub(padding);
        if size != *taille {
            return Err(format!(
                "Le contenu de la pièce jointe {nom} fait {size} octets, alors que la pièce jointe en annonce {taille}."
            ));
        }
        total = total.saturating_add(size);
        if total > MAX_FICHIERS_OCTETS {
            return Err(format!(
                "Les fichiers joints dépassent {} Mo au total : un export du bac à sable n'en contient pas davantage.",
                MAX_FICHIERS_OCTETS / (1024 * 1024)
            ));
        }
        checked.push((id, b64, nom));
    }
    // Everything checked that needs no decoding: now decode, strictly.
    let mut out = Vec::with_capacity(checked.len());
    for (id, b64, nom) in checked {
        let bytes = Base64::decode_vec(b64).map_err(|_| {
            format!("Le contenu de la pièce jointe {nom} n'est pas du base64 valide.")
        })?;
        out.push((id, bytes));
    }
    Ok(out)
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
                    || [&f.valideur, &f.valideur_2]
                        .into_iter()
                        .flatten()
                        .any(|d| !base.structures.contains_key(d)) =>
            {
                return Err(format!(
                    "La facture « {} » concerne une structure absente du fichier.",
                    shorten(&f.numero)
                ));
            }
            Record::Flux(fl) if !base.structures.contains_key(&fl.emetteur) => {
                return Err(format!(
                    "Le flux « {} » concerne une structure absente du fichier.",
                    shorten(&fl.numero)
                ));
            }
            Record::Travaux(d)
                if d.acteurs()
                    .into_iter()
                    .any(|(_, s)| !base.structures.contains_key(s)) =>
            {
                return Err(format!(
                    "Le dossier de facturation du marché « {} » concerne une structure absente du fichier.",
                    shorten(&d.marche)
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
            Record::Sollicitation(so)
                if !base.comptes.contains_key(&so.auteur)
                    || matches!(&so.destinataire, Some(domain::sollicitations::Destinataire::Service { structure, .. }) if !base.structures.contains_key(structure)) =>
            {
                return Err(format!(
                    "La sollicitation « {} » concerne un compte ou une structure absent du fichier.",
                    shorten(&so.titre)
                ));
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
    let mut flux = HashSet::new();
    for r in records {
        if let Record::Flux(fl) = r {
            if !flux.insert(fl.numero.as_str()) {
                return Err(format!(
                    "Deux flux portent le numéro « {} » : un numéro de flux est unique.",
                    shorten(&fl.numero)
                ));
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
    resume_with(records, None)
}

/// `with`: the attachments whose bytes the file carries (an import), counted apart.
fn resume_with(records: &[Record], with: Option<&HashSet<&str>>) -> String {
    let count = |c: Collection| records.iter().filter(|r| r.key().collection == c).count();
    let pieces: usize = records
        .iter()
        .map(|r| match r {
            Record::Facture(f) => f.pieces.len(),
            _ => 0,
        })
        .sum();
    let kinds: [(usize, &str, &str); 8] = [
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
        (count(Collection::Flux), "flux", "flux"),
        (pieces, "pièce jointe", "pièces jointes"),
    ];
    let mut parts: Vec<String> = kinds
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    if let (Some(with), true) = (with, pieces > 0) {
        let avec = records
            .iter()
            .flat_map(|r| match r {
                Record::Facture(f) => f.pieces.as_slice(),
                _ => &[],
            })
            .filter(|p| with.contains(p.id.as_str()))
            .count();
        if let Some(last) = parts.last_mut() {
            last.push_str(&format!(
                " ({avec} avec {}, {} sans)",
                if avec == 1 {
                    "son fichier"
                } else {
                    "leur fichier"
                },
                pieces - avec
            ));
        }
    }
    if count(Collection::Clock) > 0 {
        parts.push("horloge décalée".to_string());
    }
    if let Some(Record::Progression(p)) = records
        .iter()
        .find(|r| r.key().collection == Collection::Progression)
    {
        parts.push(format!("scénario de formation « {} » en cours", p.scenario));
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

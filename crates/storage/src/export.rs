//! Export of the whole sandbox as one JSON file, and validation of such a file before import.
//! Import validates everything first; nothing is replaced unless the whole file is sound.

use crate::envelope::SCHEMA_VERSION;
use crate::migrations::migrate;
use domain::compte::messagerie::Courriel;
use domain::compte::{self, Compte};
use domain::facturation::facture::Facture;
use domain::kernel::ids::is_valid_id;
use domain::kernel::time::{Timestamp, MAX_OFFSET_SECONDS};
use domain::organisation::structure::{Service, Structure};
use domain::{compte::mot_de_passe, Collection, Record, RecordKey, Sandbox};
use domain::{
    organisation::coordonnees_bancaires, organisation::fiche_structure, organisation::identifiants,
    organisation::rattachement, organisation::services,
};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashSet;

pub const FORMAT: &str = "bac-a-sable-chorus-pro";
/// Larger than any sandbox can be in localStorage (5 Mi UTF-16 units), so a bigger file is not ours.
pub const MAX_IMPORT_BYTES: usize = 12 * 1024 * 1024;
const MAX_SUBJECT: usize = 200;
const MAX_BODY: usize = 20_000;

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

/// Parses and validates a whole export file. Every error message is precise and in French.
pub fn validate_import(text: &str) -> Result<Vec<Record>, String> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(format!(
            "Fichier trop volumineux ({} Mo) : un export du bac à sable ne dépasse pas {} Mo.",
            text.len() / (1024 * 1024),
            MAX_IMPORT_BYTES / (1024 * 1024)
        ));
    }
    if text.trim().is_empty() {
        return Err("Le fichier est vide.".to_string());
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
    let file: ImportFile = serde_json::from_value(value)
        .map_err(|e| format!("Structure du fichier invalide : {e}."))?;

    let mut records = Vec::with_capacity(file.records.len());
    let mut seen = HashSet::new();
    for (i, r) in file.records.into_iter().enumerate() {
        let n = i + 1;
        let collection = Collection::from_name(&r.collection).ok_or_else(|| {
            format!(
                "Enregistrement n° {n} : type « {} » inconnu.",
                truncate(&r.collection)
            )
        })?;
        if !is_valid_id(&r.id) {
            return Err(format!(
                "Enregistrement n° {n} : identifiant « {} » invalide.",
                truncate(&r.id)
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
            .map_err(|e| format!("Enregistrement n° {n} ({}) : {e}", collection.label_fr()))?;
        records.push(record);
    }
    check_consistency(&records)?;
    Ok(records)
}

fn truncate(s: &str) -> String {
    let t: String = s.chars().take(40).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// The rules each record must meet — the same the forms enforce, so an edited file cannot smuggle
/// in what the UI would refuse.
fn check_record(record: &Record) -> Result<(), String> {
    match record {
        Record::Clock(c) => {
            if c.offset_seconds.abs() > MAX_OFFSET_SECONDS {
                return Err("décalage d'horloge hors limites.".to_string());
            }
        }
        Record::Compte(a) => check_account(a)?,
        Record::Courriel(m) => check_mail(m)?,
        Record::Structure(st) => check_structure(st)?,
        Record::Service(sv) => check_service(sv)?,
        Record::Rattachement(r) => {
            for t in r.commentaire.iter().chain(r.motif.iter()) {
                domain::kernel::text::required(t, "Commentaire", rattachement::MAX_COMMENT_LENGTH)?;
            }
        }
        Record::Facture(f) => check_facture(f)?,
    }
    Ok(())
}

/// An invoice holds what the forms accept: bounded texts, valid ids, attachments within the
/// portal's rules, a history for every sent invoice.
fn check_facture(f: &Facture) -> Result<(), String> {
    use domain::facturation::routage::MAX_EJ;
    use domain::facturation::saisie::*;
    let texts: [(&str, &str, usize); 9] = [
        (&f.numero, "Numéro de facture", MAX_NUMERO),
        (&f.ej, "Engagement juridique", MAX_EJ),
        (&f.marche, "Numéro de marché", MAX_MARCHE),
        (&f.facture_origine, "Facture d'origine", MAX_NUMERO),
        (&f.motif_exoneration, "Motif d'exonération", MAX_MOTIF),
        (&f.motif_remise, "Motif de remise", MAX_MOTIF),
        (&f.commentaire, "Commentaire", MAX_COMMENTAIRE),
        (&f.code_service, "Code service", services::MAX_SERVICE_CODE),
        (
            &f.service_fournisseur,
            "Service fournisseur",
            services::MAX_SERVICE_CODE,
        ),
    ];
    for (value, label, max) in texts {
        domain::kernel::text::optional(value, label, max)?;
    }
    if f.lignes.len() > MAX_LIGNES {
        return Err(format!("plus de {MAX_LIGNES} lignes."));
    }
    for l in &f.lignes {
        domain::kernel::text::optional(&l.designation, "Désignation", MAX_DESIGNATION)?;
        domain::kernel::text::optional(&l.reference, "Référence", MAX_REFERENCE)?;
        domain::kernel::text::optional(&l.unite, "Unité", MAX_UNITE)?;
    }
    let mut total = 0;
    for p in &f.pieces {
        if !is_valid_id(p.id.as_str()) {
            return Err("identifiant de pièce jointe invalide.".to_string());
        }
        domain::facturation::pieces_jointes::verifier_piece(&p.nom, p.taille, total)?;
        total += p.taille;
    }
    if !domain::facturation::facture::DEVISES
        .iter()
        .any(|(c, _)| *c == f.devise)
    {
        return Err("devise inconnue.".to_string());
    }
    for e in &f.historique {
        domain::kernel::text::optional(
            e.commentaire.as_deref().unwrap_or(""),
            "Motif",
            domain::facturation::cycle::MAX_MOTIF,
        )?;
        domain::kernel::text::optional(e.mandat.as_deref().unwrap_or(""), "Numéro de mandat", 30)?;
    }
    for e in &f.evenements {
        domain::kernel::text::required(&e.libelle, "Événement", 2000)?;
    }
    if f.is_draft() != f.historique.is_empty() {
        return Err("historique des statuts incohérent avec le statut.".to_string());
    }
    if !(f.empreinte.is_empty()
        || f.empreinte.len() == 64 && f.empreinte.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err("empreinte de dépôt invalide.".to_string());
    }
    Ok(())
}

fn check_structure(st: &Structure) -> Result<(), String> {
    let id = identifiants::validate(st.identifier_type, &st.identifier)?;
    if id != st.identifier {
        return Err("identifiant de structure non normalisé.".to_string());
    }
    domain::kernel::text::required(
        &st.raison_sociale,
        "Raison sociale",
        fiche_structure::MAX_RAISON_SOCIALE,
    )?;
    for b in &st.bank_accounts {
        coordonnees_bancaires::validate_iban(&b.iban)?;
        coordonnees_bancaires::validate_bic(&b.bic)?;
        if !is_valid_id(b.id.as_str()) {
            return Err("identifiant de compte bancaire invalide.".to_string());
        }
    }
    Ok(())
}

fn check_service(sv: &Service) -> Result<(), String> {
    domain::kernel::text::required(&sv.code, "Code service", services::MAX_SERVICE_CODE)?;
    domain::kernel::text::required(&sv.libelle, "Libellé", services::MAX_LIBELLE)?;
    if sv.fin_validite.is_some_and(|f| f < sv.debut_validite) {
        return Err("fin de validité avant le début.".to_string());
    }
    Ok(())
}

fn check_account(a: &Compte) -> Result<(), String> {
    let email = compte::check_email(&a.login_email, "Adresse électronique de connexion")?;
    if email != a.login_email {
        return Err("adresse de connexion non normalisée.".to_string());
    }
    compte::check_email(&a.contact_email, "Adresse électronique de contact")?;
    domain::kernel::text::required(&a.nom, "Nom", compte::MAX_NAME_LENGTH)?;
    domain::kernel::text::required(&a.prenom, "Prénom", compte::MAX_NAME_LENGTH)?;
    if let Some(t) = &a.telephone {
        compte::check_phone(t)?;
    }
    if !mot_de_passe::is_phc_hash(&a.password_hash) {
        return Err(
            "empreinte de mot de passe invalide (un mot de passe en clair n'est jamais accepté)."
                .to_string(),
        );
    }
    if let Some(link) = &a.link {
        if link.token.len() != 32 || !link.token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("lien d'activation invalide.".to_string());
        }
    }
    Ok(())
}

fn check_mail(m: &Courriel) -> Result<(), String> {
    compte::check_email(&m.to, "Destinataire")?;
    domain::kernel::text::required(&m.subject, "Objet", MAX_SUBJECT)?;
    if m.body.chars().count() > MAX_BODY {
        return Err(format!("message de plus de {MAX_BODY} caractères."));
    }
    if m.body
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err("message contenant des caractères de contrôle.".to_string());
    }
    Ok(())
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
                    truncate(&sv.code)
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
                    truncate(&f.numero)
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
                        truncate(&m.subject)
                    ));
                }
            }
        }
    }
    Ok(())
}

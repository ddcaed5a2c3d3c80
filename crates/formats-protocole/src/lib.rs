//! The messages between the app and the formats worker (`crates/formats-worker`, its own wasm,
//! loaded on first use so that the `formats` crate stays off the first load).
//!
//! A message is a JS array `[id, json, buffers]`: `id` pairs an answer with its request, `json` is
//! a [`Requete`] or a [`Reponse`] as JSON text, `buffers` are the files' bytes (transferred, not
//! copied), in the order the JSON names them. The worker only writes and reads files: the records
//! it needs travel as their own JSON (`domain::Record::to_json`), every rule stays in the domain.

use chrono::NaiveDateTime;
use domain::facturation::facture::Facture;
use domain::facturation::flux::FichierLu;
use domain::{Record, Sandbox};
use serde::{Deserialize, Serialize};

/// The files an invoice can be downloaded as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The Factur-X PDF (PDF/A-3 with `factur-x.xml`).
    Pdf,
    /// UBL 2.1 Invoice or CreditNote.
    Ubl,
    /// CII D16B, Factur-X EN 16931 profile.
    Cii,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF (Factur-X)",
            Format::Ubl => "XML UBL",
            Format::Cii => "XML CII",
        }
    }
}

/// An invoice and the records its files name, each as its record's JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub facture: String,
    pub structures: Vec<String>,
    pub services: Vec<String>,
}

impl Dossier {
    /// The invoice, its supplier and recipient structures and the recipient's services: what the
    /// formats read off the sandbox for this invoice.
    pub fn de(sb: &Sandbox, f: &Facture) -> Dossier {
        let json = |r: Record| r.to_json();
        let mut structures = Vec::new();
        for id in std::iter::once(&f.emetteur).chain(f.destinataire.as_ref()) {
            if let Some(s) = sb.structures.get(id) {
                structures.push(json(Record::Structure(s.clone())));
            }
        }
        let services = sb
            .services
            .values()
            .filter(|s| f.destinataire.as_ref() == Some(&s.structure))
            .map(|s| json(Record::Service(s.clone())))
            .collect();
        Dossier {
            facture: json(Record::Facture(std::rc::Rc::new(f.clone()))),
            structures,
            services,
        }
    }
}

/// One file of a ZIP; its bytes are the buffer at its rank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entree {
    pub nom: String,
    /// An attachment: the number of its invoice (it goes in a folder named after it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub piece_de: Option<String>,
}

/// What the app asks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Requete {
    /// One invoice as a file → `Fichier` and its bytes.
    Exporter { format: Format, dossier: Dossier },
    /// The API requests of an invoice → `Api`.
    Api { dossier: Dossier },
    /// The files of a deposit (one buffer per name) → `Lus`.
    Lire { noms: Vec<String> },
    /// A ZIP of these files (one buffer per entry), dated `quand` (Paris time) → `Fichier`.
    Zip {
        quand: NaiveDateTime,
        fichiers: Vec<Entree>,
    },
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Reponse {
    /// A file; its bytes are the one buffer.
    Fichier { nom: String, mime: String },
    /// The « soumettre » and « deposer/flux » requests, pretty-printed JSON, and the names of
    /// their files.
    Api {
        soumettre: String,
        flux: String,
        nom_soumettre: String,
        nom_flux: String,
    },
    /// The files read for a deposit.
    Lus { fichiers: Vec<FichierLu> },
    /// The French message of what went wrong (no structured format, hostile file…).
    Erreur { message: String },
}

impl Requete {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<Requete, String> {
        serde_json::from_str(json).map_err(|e| format!("Requête illisible pour les formats : {e}"))
    }
}

impl Reponse {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<Reponse, String> {
        serde_json::from_str(json)
            .map_err(|e| format!("Réponse illisible du module des formats : {e}"))
    }
}

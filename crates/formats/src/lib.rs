//! The exchange formats of the sandbox, pure (no web crate): an invoice written as the portal's
//! partners exchange it.
//!
//! - `modele`: what every format reads off an invoice (`Document`), and the EN 16931 readings
//!   (VAT category, unit code, payment means, identifiers with scheme 0009);
//! - `ubl`: UBL 2.1 Invoice / CreditNote; `cii`: CII D16B, Factur-X EN 16931 profile;
//! - `xml`: the one place XML is written (quick-xml escapes every text and attribute);
//! - `depot`: the readers of « Dépôt de flux » (UBL, CII, Factur-X PDF, ZIP → the saisie's form),
//!   with the hostile-file limits.
//!
//! Depends on `domain` (and on `formats-protocole` for the `Format` enum the app also names),
//! never the reverse.

pub mod api;
pub mod cii;
pub mod depot;
pub mod modele;
pub mod pdf;
pub mod ubl;
mod xml;
pub mod zip;

pub use modele::{motif_sans_format, Document};

use domain::facturation::facture::Facture;
use domain::Sandbox;

/// The files an invoice can be downloaded as (the protocol's enum: the app names them too).
pub use formats_protocole::Format;

/// A file ready to download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub nom: String,
    pub mime: &'static str,
    pub octets: Vec<u8>,
}

/// An invoice of the sandbox as a file, or the French reason it has none in that format.
pub fn exporter(sb: &Sandbox, f: &Facture, format: Format) -> Result<Export, String> {
    let d = Document::depuis(sb, f)?;
    Ok(match format {
        Format::Pdf => Export {
            nom: api::nom_fichier(&f.numero, "pdf"),
            mime: "application/pdf",
            octets: pdf::ecrire(&d, &cii::ecrire(&d)),
        },
        Format::Ubl => Export {
            nom: api::nom_fichier(&f.numero, "ubl.xml"),
            mime: "application/xml",
            octets: ubl::ecrire(&d).into_bytes(),
        },
        Format::Cii => Export {
            nom: api::nom_fichier(&f.numero, "cii.xml"),
            mime: "application/xml",
            octets: cii::ecrire(&d).into_bytes(),
        },
    })
}

//! The certificat de dépôt: its fingerprint, a SHA-256 of the deposited invoice (the portal returns
//! `empreinteCertificatDepot`), and what the certificate shows.

use crate::facturation::facture::Facture;
use crate::kernel::time::Timestamp;
use sha2::{Digest, Sha256};

/// SHA-256, in lower-case hex, of the invoice's data as deposited at `depot`: its content without
/// its status, histories or fingerprint (which change afterwards), followed by the deposit time.
/// The same invoice deposited at the same instant always gives the same fingerprint.
pub fn empreinte(f: &Facture, depot: Timestamp) -> String {
    let mut content = f.clone();
    content.statut = Default::default();
    content.historique.clear();
    content.empreinte.clear();
    content.actions.clear();
    content.evenements.clear();
    let json = serde_json::to_string(&content).expect("an invoice always serialises");
    let mut hasher = Sha256::new();
    hasher.update(json.as_bytes());
    hasher.update(b"|depot=");
    hasher.update(depot.timestamp_millis().to_string().as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The deposit number shown on the certificate (derived from the invoice's id).
pub fn numero_depot(f: &Facture) -> String {
    format!("CPP-{}", f.id.as_str().to_uppercase())
}

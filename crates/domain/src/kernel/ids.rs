//! Random identifiers. Random (not sequential) so that two tabs creating records at the same time
//! never pick the same id.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Generates `n` random bytes as lower-case hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::getrandom(&mut buf).expect("générateur aléatoire indisponible");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Shortest id the sandbox writes: the clock's « main » (generated ids have 16 characters, the
/// shipped ones at least 15).
pub const MIN_ID_LENGTH: usize = 4;
/// Longest id accepted.
pub const MAX_ID_LENGTH: usize = 64;

/// Whether `s` has the shape of an id this sandbox generates or accepts on import or at load
/// (4–64 characters among a–z, 0–9, `-` and `_`): ids end up in storage keys and URLs.
pub fn is_valid_id(s: &str) -> bool {
    (MIN_ID_LENGTH..=MAX_ID_LENGTH).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn generate() -> Self {
                Self(random_hex(8))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_string())
            }
        }
    };
}

id_type!(
    /// Identifies a user account (compte utilisateur).
    CompteId
);
id_type!(
    /// Identifies a mail in the Messagerie.
    CourrielId
);
id_type!(
    /// Identifies a structure (idStructureCPP on the portal).
    StructureId
);
id_type!(
    /// Identifies a service of a structure.
    ServiceId
);
id_type!(
    /// Identifies a bank account (coordonnée bancaire) of a structure.
    CompteBancaireId
);
id_type!(
    /// Identifies a rattachement of a user to a structure.
    RattachementId
);
id_type!(
    /// Identifies an invoice (identifiantFactureCPP on the portal).
    FactureId
);
id_type!(
    /// Identifies an attachment; its bytes are stored in IndexedDB under this id.
    PieceJointeId
);
id_type!(
    /// Identifies a deposited flow (its number, `numeroFluxDepot`, is separate).
    FluxId
);
id_type!(
    /// Identifies a dossier de facturation of a works marché (« Factures de travaux »).
    DossierTravauxId
);
id_type!(
    /// Identifies a document of a works dossier (projet de décompte, état d'acompte…).
    DocumentTravauxId
);
id_type!(
    /// Identifies a sollicitation (a support request, « ticket »).
    SollicitationId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_valid_and_distinct() {
        let a = CompteId::generate();
        let b = CompteId::generate();
        assert_ne!(a, b);
        assert!(is_valid_id(a.as_str()));
        assert_eq!(a.as_str().len(), 16);
    }

    #[test]
    fn id_shape_is_checked() {
        assert!(is_valid_id("abc-12_3"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a"));
        assert!(!is_valid_id("abc"));
        assert!(is_valid_id("main"));
        assert!(!is_valid_id("ABC"));
        assert!(!is_valid_id("a:b"));
        assert!(!is_valid_id("<script>"));
        assert!(!is_valid_id(&"a".repeat(65)));
    }
}

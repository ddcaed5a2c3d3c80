//! Tolerant comparison of what a trainee typed with a document's value: case, accents and extra
//! spaces ignored; identifiers (SIRET, IBAN, codes) compared without spaces; amounts read in
//! French or in decimal-point form (« 1 234,56 » equals « 1234.56 »).

use domain::kernel::money::parse_montant;
use domain::kernel::text::fold;

/// How a field's value is compared with the document's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A name or a label: case, accents and extra spaces ignored.
    Texte,
    /// An identifier (SIRET, IBAN, BIC, code, phone): spaces, dots and dashes ignored too.
    Identifiant,
    /// An amount in euros.
    Montant,
}

/// Words folded and joined by single spaces.
pub fn texte(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Letters and digits only, folded.
pub fn identifiant(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether `trouve` matches `attendu` in this format.
pub fn egal(format: Format, attendu: &str, trouve: &str) -> bool {
    match format {
        Format::Texte => texte(attendu) == texte(trouve),
        Format::Identifiant => identifiant(attendu) == identifiant(trouve),
        Format::Montant => match (montant(attendu), montant(trouve)) {
            (Some(a), Some(b)) => a == b,
            _ => texte(attendu) == texte(trouve),
        },
    }
}

/// An amount as typed in French (« 1 234,56 ») or with a decimal point (« 1234.56 »), in cents.
fn montant(s: &str) -> Option<i64> {
    parse_montant(s, "Montant", true).ok().map(|m| m.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_ignore_case_accents_and_spaces() {
        assert!(egal(
            Format::Texte,
            "Atelier de pose",
            "  ATELIER  de POSE "
        ));
        assert!(egal(Format::Texte, "Écharmont", "echarmont"));
        assert!(!egal(Format::Texte, "Atelier", "Ateliers"));
    }

    #[test]
    fn identifiers_ignore_spaces() {
        assert!(egal(
            Format::Identifiant,
            "FR76 3000 6000 0112 3456 7890 189",
            "fr7630006000011234567890189"
        ));
        assert!(egal(
            Format::Identifiant,
            "950 000 110 00012",
            "95000011000012"
        ));
        assert!(egal(
            Format::Identifiant,
            "01 47 20 31 58",
            "01.47.20.31.58"
        ));
        assert!(!egal(
            Format::Identifiant,
            "95000011000012",
            "95000011000013"
        ));
    }

    #[test]
    fn amounts_accept_both_formats() {
        assert!(egal(Format::Montant, "1 234,56", "1234.56"));
        assert!(egal(Format::Montant, "1 234,56 €", "1234,56"));
        assert!(egal(Format::Montant, "12", "12,00"));
        assert!(!egal(Format::Montant, "1 234,56", "1234.65"));
    }
}

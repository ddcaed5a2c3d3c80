//! CSV files a French spreadsheet opens as they are: a UTF-8 byte order mark (without it Excel reads
//! the accents as Windows-1252), `;` between cells (the French list separator), quotes where a cell
//! needs them (crate `csv`), and cells neutralised against formula injection: a cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
//! gets a leading apostrophe, unless it is a plain number (« -12,50 » stays a number).

use crate::kernel::error::DomainError;

/// The byte order mark every CSV export starts with.
pub const BOM: char = '\u{FEFF}';

/// A cell as it is written: neutralised when a spreadsheet would read it as a formula.
pub fn cellule(value: &str) -> std::borrow::Cow<'_, str> {
    let risky = value
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !is_plain_number(value) {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// « -12,50 », « -3 »: a sign, digits and at most one decimal comma.
fn is_plain_number(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let mut parts = digits.splitn(2, ',');
    let entier = parts.next().unwrap_or("");
    let decimales = parts.next();
    !entier.is_empty()
        && entier.chars().all(|c| c.is_ascii_digit())
        && decimales.is_none_or(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// The whole file: the BOM, the header row, one row per item, every cell through `cellule`.
pub fn document<R, C>(header: &[&str], rows: R) -> Result<String, DomainError>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let io = |e: csv::Error| DomainError::Rule(format!("Export impossible : {e}"));
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record(header.iter().map(|h| cellule(h).into_owned()))
        .map_err(io)?;
    for row in rows {
        w.write_record(row.iter().map(|c| cellule(c.as_ref()).into_owned()))
            .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| DomainError::Rule(format!("Export impossible : {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| DomainError::Rule("Export impossible : texte non UTF-8.".to_string()))?;
    Ok(format!("{BOM}{text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(
            cellule("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(cellule("+33 1 23"), "'+33 1 23");
        assert_eq!(cellule("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cellule("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(cellule("\tx"), "'\tx");
        assert_eq!(cellule("-12,50"), "-12,50");
        assert_eq!(cellule("-3"), "-3");
        assert_eq!(cellule("-"), "'-");
        assert_eq!(cellule("-,5"), "'-,5");
        assert_eq!(cellule("Menuiserie = bois"), "Menuiserie = bois");
        assert_eq!(cellule(""), "");
    }

    #[test]
    fn a_document_starts_with_the_bom_and_quotes_what_needs_it() {
        let text = document(
            &["Nom", "Montant"],
            vec![vec!["Durand; \"et fils\"", "-12,50"], vec!["=1+1", "3"]],
        )
        .unwrap();
        assert!(text.starts_with(BOM));
        let lines: Vec<&str> = text.trim_start_matches(BOM).lines().collect();
        assert_eq!(
            lines,
            [
                "Nom;Montant",
                "\"Durand; \"\"et fils\"\"\";-12,50",
                "'=1+1;3"
            ]
        );
    }
}

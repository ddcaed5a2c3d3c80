//! Free-text rules shared by every form: trimming, length, no control characters.
//! Any printable text is accepted (including `<` or quotes): the UI always renders it as text.

/// Trims and checks a required text field.
pub fn required(value: &str, label: &str, max_chars: usize) -> Result<String, String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(format!("Le champ « {label} » est obligatoire."));
    }
    bounded(v, label, max_chars)
}

/// Trims and checks an optional text field (`None` when empty).
pub fn optional(value: &str, label: &str, max_chars: usize) -> Result<Option<String>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    bounded(v, label, max_chars).map(Some)
}

fn bounded(v: &str, label: &str, max_chars: usize) -> Result<String, String> {
    let n = v.chars().count();
    if n > max_chars {
        return Err(format!(
            "Le champ « {label} » ne doit pas dépasser {max_chars} caractères (actuellement {n})."
        ));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(format!(
            "Le champ « {label} » contient un caractère de contrôle non autorisé."
        ));
    }
    Ok(v.to_string())
}

/// A character quoted for a message (control characters are invisible, so they are named).
pub fn describe_char(c: char) -> String {
    if c.is_control() {
        "un caractère de contrôle".to_string()
    } else if c == '\u{a0}' || c == '\u{202f}' {
        // A quoted space would be invisible: named instead.
        "l'espace insécable".to_string()
    } else if c.is_whitespace() {
        "l'espace".to_string()
    } else {
        format!("le caractère « {c} »")
    }
}

/// Lower case without French accents, so « Écharmont », « ECHARMONT » and « echarmont » compare
/// equal.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' => out.push('i'),
            'ô' | 'ö' | 'ó' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ÿ' => out.push('y'),
            'ç' => out.push('c'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            c => out.push(c),
        }
    }
    out
}

/// `fold`, with hyphens, apostrophes and other punctuation read as single spaces: « val fleuri »
/// finds « Val-Fleuri » and « l’Étang » finds « l'Étang ».
pub fn search_key(s: &str) -> String {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Letters and digits only: « 912 345 678 » and « 912345678 » both find a SIRET.
pub fn compact(folded: &str) -> String {
    folded.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_trims_and_rejects_empty() {
        assert_eq!(required("  Dupont ", "Nom", 10).unwrap(), "Dupont");
        assert_eq!(
            required("   ", "Nom", 10).unwrap_err(),
            "Le champ « Nom » est obligatoire."
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(required("éééééééééé", "Nom", 10).is_ok());
        assert!(required("ééééééééééé", "Nom", 10)
            .unwrap_err()
            .contains("11"));
    }

    #[test]
    fn control_characters_are_refused_but_markup_is_text() {
        assert_eq!(
            required("a\u{0}b", "Nom", 10).unwrap_err(),
            "Le champ « Nom » contient un caractère de contrôle non autorisé."
        );
        assert_eq!(
            required("<b>x</b>", "Nom", 20).unwrap(),
            "<b>x</b>",
            "markup is kept as plain text"
        );
    }

    #[test]
    fn characters_are_quoted_or_named() {
        assert_eq!(describe_char('é'), "le caractère « é »");
        assert_eq!(describe_char('\u{7}'), "un caractère de contrôle");
        assert_eq!(describe_char(' '), "l'espace");
        assert_eq!(describe_char('\u{202f}'), "l'espace insécable");
    }

    #[test]
    fn optional_empty_is_none() {
        assert_eq!(optional(" ", "Téléphone", 5).unwrap(), None);
        assert_eq!(optional("01", "Téléphone", 5).unwrap(), Some("01".into()));
    }

    #[test]
    fn fold_drops_case_and_french_accents() {
        assert_eq!(fold("Écharmont"), "echarmont");
        assert_eq!(
            fold("àâäéèêëîïôöùûüçÿ ÀÂÄÉÈÊËÎÏÔÖÙÛÜÇ"),
            "aaaeeeeiioouuucy aaaeeeeiioouuuc"
        );
        assert_eq!(fold("Œuvre et Æther"), "oeuvre et aether");
        assert_eq!(fold("ACHATS_2"), "achats_2");
        assert_eq!(search_key(" L’Étang-Bleu "), "l etang bleu");
    }
}

/// A count with its noun agreed in French: « 1 facture », « 2 factures », « 0 facture » (French
/// takes the singular under 2). One helper instead of « facture(s) ».
pub fn pluriel(n: usize, singulier: &str, pluriel: &str) -> String {
    format!("{n} {}", if n < 2 { singulier } else { pluriel })
}

#[cfg(test)]
mod pluriel_tests {
    #[test]
    fn french_agreement() {
        assert_eq!(super::pluriel(0, "facture", "factures"), "0 facture");
        assert_eq!(super::pluriel(1, "facture", "factures"), "1 facture");
        assert_eq!(super::pluriel(2, "brouillon", "brouillons"), "2 brouillons");
        assert_eq!(
            super::pluriel(3, "demande validée", "demandes validées"),
            "3 demandes validées"
        );
    }
}

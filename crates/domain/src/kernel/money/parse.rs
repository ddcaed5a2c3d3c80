//! French input of amounts, quantities, unit prices and rates (« 1 234,56 », « 5,5 % »): every
//! separator a French keyboard gives, precise messages, bounds checked before any arithmetic.

use super::{
    Montant, PrixUnitaire, Quantite, Taux, MONTANT_MAX, NBSP, NNBSP, PRIX_MAX, QUANTITE_MAX,
};

/// What a parser accepts beyond the common number syntax.
struct Regle<'a> {
    label: &'a str,
    decimales: u32,
    /// Largest magnitude, in units of 10^-`decimales`.
    max: i128,
    /// Optional unit typed after the number ('€' or '%').
    suffixe: Option<char>,
    negatif_permis: bool,
    exemple: &'static str,
}

fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | NBSP | NNBSP)
}

/// The common syntax: optional sign ('-', '+' or '−' U+2212), integer part with optional
/// thousands separators (space, U+00A0, U+202F; groups of exactly 3 digits after the first),
/// at most one decimal mark (',' or '.', always a decimal mark, never a thousands separator),
/// optional unit suffix. Returns the signed value in units of 10^-`decimales`.
fn parse_fixed(input: &str, r: &Regle) -> Result<i128, String> {
    let label = r.label;
    let pas_un_nombre = || {
        format!(
            "Le champ « {label} » doit être un nombre, par exemple {}.",
            r.exemple
        )
    };
    let mut s = input.trim();
    if s.is_empty() {
        return Err(format!("Le champ « {label} » est obligatoire."));
    }
    if let Some(rest) = r.suffixe.and_then(|u| s.strip_suffix(u)) {
        s = rest.trim_end();
    }
    let mut negatif = false;
    if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
        negatif = true;
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim_start();
    }
    let marques = s.chars().filter(|c| matches!(c, ',' | '.')).count();
    if marques > 1 {
        return Err(format!(
            "Le champ « {label} » ne doit contenir qu'une marque décimale (virgule) : séparez les \
             milliers par des espaces, par exemple {}.",
            r.exemple
        ));
    }
    let (entier, fraction) = match s.find([',', '.']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if !entier_valide(entier) {
        return Err(pas_un_nombre());
    }
    let fraction = fraction.unwrap_or("");
    if !fraction.bytes().all(|b| b.is_ascii_digit())
        || (marques == 1 && fraction.is_empty())
        || (entier.is_empty() && fraction.is_empty())
    {
        return Err(pas_un_nombre());
    }
    let unite = 10i128.pow(r.decimales);
    // Accumulate the integer part, stopping as soon as it is beyond the bound: no overflow
    // whatever the number of digits.
    let mut valeur: i128 = 0;
    let mut trop_grand = false;
    for d in chiffres(entier) {
        valeur = valeur * 10 + i128::from(d);
        if valeur * unite > r.max {
            trop_grand = true;
            break;
        }
    }
    let valeur_nulle = !trop_grand && valeur == 0 && chiffres(fraction).all(|d| d == 0);
    if negatif && !r.negatif_permis && !valeur_nulle {
        return Err(format!("Le champ « {label} » ne peut pas être négatif."));
    }
    if fraction.len() > r.decimales as usize {
        return Err(format!(
            "Le champ « {label} » accepte au plus {} décimales.",
            r.decimales
        ));
    }
    if trop_grand {
        return Err(trop_grand_message(r));
    }
    let mut scaled = valeur * unite;
    let mut poids = unite;
    for d in chiffres(fraction) {
        poids /= 10;
        scaled += i128::from(d) * poids;
    }
    if scaled > r.max {
        return Err(trop_grand_message(r));
    }
    Ok(if negatif { -scaled } else { scaled })
}

fn chiffres(t: &str) -> impl Iterator<Item = u8> + '_ {
    t.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0')
}

fn trop_grand_message(r: &Regle) -> String {
    if r.suffixe == Some('%') {
        format!(
            "Le champ « {} » doit être un taux compris entre 0 et 100 %.",
            r.label
        )
    } else {
        format!("Le champ « {} » est trop grand.", r.label)
    }
}

/// Digits, optionally grouped by thousands: "1234", "1 234", "12 345 678". Empty is valid here
/// (",5").
fn entier_valide(entier: &str) -> bool {
    let groupes: Vec<&str> = entier.split(is_group_separator).collect();
    let chiffres = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    match groupes.as_slice() {
        [seul] => chiffres(seul),
        [premier, reste @ ..] => {
            (1..=3).contains(&premier.len())
                && chiffres(premier)
                && reste.iter().all(|g| g.len() == 3 && chiffres(g))
        }
        [] => true,
    }
}

/// French input: "1 234,56", "1234.56", "1 234,5" (normal, no-break and narrow no-break spaces as
/// thousands separators, comma OR dot as decimal mark, optional leading '-' or '+', optional
/// trailing " €"/"€").
///
/// There is at most one decimal mark and thousands are separated only by spaces: "1.234,56" is
/// refused (two marks), "1.234" is read as 1,234 and refused (3 decimals). Trailing zeros count
/// as decimals ("1,500" is refused) so that an English "1,500" is never read as 1,5.
/// Magnitude at most 999 999 999 999,99 ([`MONTANT_MAX`]); "-0" is zero, hence never negative.
/// Empty input: « Le champ « X » est obligatoire. »
pub fn parse_montant(input: &str, label: &str, allow_negative: bool) -> Result<Montant, String> {
    let r = Regle {
        label,
        decimales: 2,
        max: MONTANT_MAX.0.into(),
        suffixe: Some('€'),
        negatif_permis: allow_negative,
        exemple: "1 234,56",
    };
    parse_fixed(input, &r).map(|v| Montant(v as i64))
}

/// Up to 4 decimals, may be negative (the caller decides), "0" allowed here. Integer part at most
/// 9 999 999 999. No unit suffix.
pub fn parse_quantite(input: &str, label: &str) -> Result<Quantite, String> {
    let r = Regle {
        label,
        decimales: 4,
        max: QUANTITE_MAX.0.into(),
        suffixe: None,
        negatif_permis: true,
        exemple: "1,5",
    };
    parse_fixed(input, &r).map(|v| Quantite(v as i64))
}

/// Up to 4 decimals, never negative (EN 16931 BR-27), optional "€". Integer part at most
/// 9 999 999 999.
pub fn parse_prix(input: &str, label: &str) -> Result<PrixUnitaire, String> {
    let r = Regle {
        label,
        decimales: 4,
        max: PRIX_MAX.0.into(),
        suffixe: Some('€'),
        negatif_permis: false,
        exemple: "1 234,56",
    };
    parse_fixed(input, &r).map(|v| PrixUnitaire(v as i64))
}

/// Manual VAT rate: 0 to 100, up to 2 decimals; "5,5", "5.5", "5,5 %" accepted.
pub fn parse_taux(input: &str, label: &str) -> Result<Taux, String> {
    let r = Regle {
        label,
        decimales: 2,
        max: 10_000,
        suffixe: Some('%'),
        negatif_permis: false,
        exemple: "5,5",
    };
    parse_fixed(input, &r).map(|v| Taux(v as u32))
}

//! Exact invoice arithmetic: amounts, quantities, unit prices and VAT rates are scaled integers
//! (never floating point, which cannot represent 0,10 € and drifts on sums), French input and
//! display, and the EN 16931 totals.
//!
//! Rules followed (EN 16931 and what its implementations do):
//! - a line net amount (BT-131) is quantity × unit price rounded to the cent, minus the line
//!   discount;
//! - VAT is computed per rate on the sum of the line nets of that rate (BT-116 × rate, BT-117),
//!   then rounded, never line by line;
//! - rounding is to the nearest cent, halves away from zero (0,005 → 0,01; −0,005 → −0,01).
//!
//! Bounds: inputs are refused beyond 999 999 999 999,99 for amounts and beyond 9 999 999 999 for
//! the integer part of quantities and prices. Products are computed in `i128` (two `i64` always
//! fit), so no intermediate value can overflow. Results are stored in `i64` and saturate rather
//! than wrap or panic if a caller goes beyond the bounds (see [`checked_montant_ligne`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// Thousands separator of displayed numbers (French typography: narrow no-break space).
const NNBSP: char = '\u{202F}';
/// Space before the currency sign.
const NBSP: char = '\u{A0}';

/// An amount in cents (2 decimals), exact. Stored as the integer number of cents.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Montant(pub i64);

/// A quantity with up to 4 decimals, stored as ten-thousandths (1,5 → 15000).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Quantite(pub i64);

/// A unit price HT with up to 4 decimals, stored as ten-thousandths of the currency unit
/// (12,5 € → 125000).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct PrixUnitaire(pub i64);

/// A VAT rate in hundredths of a percent: 20 % → 2000, 8,5 % → 850, 5,5 % → 550, 2,1 % → 210,
/// 0 % → 0.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Taux(pub u32);

/// Largest amount accepted by [`parse_montant`] (999 999 999 999,99), and by the checked line
/// computations.
pub const MONTANT_MAX: Montant = Montant(99_999_999_999_999);
/// Largest quantity accepted by [`parse_quantite`] (9 999 999 999,9999).
pub const QUANTITE_MAX: Quantite = Quantite(99_999_999_999_999);
/// Largest unit price accepted by [`parse_prix`] (9 999 999 999,9999).
pub const PRIX_MAX: PrixUnitaire = PrixUnitaire(99_999_999_999_999);

impl Taux {
    /// The rates offered in lists, highest first: the French rates of metropolitan France, Corsica
    /// and the DOM (20, 10, 8,5, 5,5, 2,1 %) and 0 % (exemptions, reverse charge).
    pub const STANDARD: [Taux; 6] = [
        Taux(2000),
        Taux(1000),
        Taux(850),
        Taux(550),
        Taux(210),
        Taux(0),
    ];

    /// "20 %", "5,5 %", "0 %", "12,25 %" (narrow no-break space before %).
    pub fn fr(self) -> String {
        format!("{}{NNBSP}%", format_fixed(self.0.into(), 2, 0, false))
    }

    /// Value to put back in an `<input>`: "5,5", "20".
    pub fn input(self) -> String {
        format_fixed(self.0.into(), 2, 0, false)
    }
}

impl Montant {
    pub const ZERO: Montant = Montant(0);

    /// "1 234,56", "-0,05", "0,00": thousands separated by U+202F, always 2 decimals.
    pub fn fr(self) -> String {
        format_fixed(self.0.into(), 2, 2, true)
    }

    /// "1 234,56 €" with U+00A0 before €.
    pub fn fr_eur(self) -> String {
        format!("{}{NBSP}€", self.fr())
    }

    /// Value to put back in an `<input>`: "1234,56" (no thousands separator, 2 decimals).
    pub fn input(self) -> String {
        format_fixed(self.0.into(), 2, 2, false)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// `None` on `i64` overflow.
    pub fn checked_add(self, other: Montant) -> Option<Montant> {
        self.0.checked_add(other.0).map(Montant)
    }

    /// `None` on `i64` overflow.
    pub fn checked_sub(self, other: Montant) -> Option<Montant> {
        self.0.checked_sub(other.0).map(Montant)
    }
}

// The operators saturate at the `i64` bounds: never a panic (release builds abort) nor a silent
// wrap. With amounts within `MONTANT_MAX`, saturation needs over 90 000 maximal terms.
impl Add for Montant {
    type Output = Montant;
    fn add(self, other: Montant) -> Montant {
        Montant(self.0.saturating_add(other.0))
    }
}

impl Sub for Montant {
    type Output = Montant;
    fn sub(self, other: Montant) -> Montant {
        Montant(self.0.saturating_sub(other.0))
    }
}

impl Neg for Montant {
    type Output = Montant;
    fn neg(self) -> Montant {
        Montant(self.0.saturating_neg())
    }
}

impl AddAssign for Montant {
    fn add_assign(&mut self, other: Montant) {
        *self = *self + other;
    }
}

impl SubAssign for Montant {
    fn sub_assign(&mut self, other: Montant) {
        *self = *self - other;
    }
}

impl Sum for Montant {
    fn sum<I: Iterator<Item = Montant>>(iter: I) -> Montant {
        iter.fold(Montant::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Montant> for Montant {
    fn sum<I: Iterator<Item = &'a Montant>>(iter: I) -> Montant {
        iter.copied().sum()
    }
}

impl Quantite {
    pub const ONE: Quantite = Quantite(10_000);

    /// "2", "1,5", "0,125", "1 000": trailing zeros trimmed, U+202F thousands.
    pub fn fr(self) -> String {
        format_fixed(self.0.into(), 4, 0, true)
    }

    /// Value to put back in an `<input>`: "1,5", "1000".
    pub fn input(self) -> String {
        format_fixed(self.0.into(), 4, 0, false)
    }
}

impl PrixUnitaire {
    /// At least 2 decimals, up to 4: "12,50", "1,8765", "1 200,00".
    pub fn fr(self) -> String {
        format_fixed(self.0.into(), 4, 2, true)
    }

    /// Value to put back in an `<input>`: "12,50", "1200,00".
    pub fn input(self) -> String {
        format_fixed(self.0.into(), 4, 2, false)
    }
}

impl fmt::Display for Montant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fr())
    }
}

impl fmt::Display for Quantite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fr())
    }
}

impl fmt::Display for PrixUnitaire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fr())
    }
}

impl fmt::Display for Taux {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fr())
    }
}

/// `value` is in units of 10^-`scale`; shows between `min_decimals` and `scale` decimals
/// (trailing zeros trimmed down to `min_decimals`), with a comma as decimal mark.
fn format_fixed(value: i128, scale: u32, min_decimals: u32, group: bool) -> String {
    let factor = 10u128.pow(scale);
    let abs = value.unsigned_abs();
    let (int, mut frac) = (abs / factor, abs % factor);
    let mut decimals = scale;
    while decimals > min_decimals && frac % 10 == 0 {
        frac /= 10;
        decimals -= 1;
    }
    let mut out = String::new();
    if value < 0 {
        out.push('-');
    }
    let digits = int.to_string();
    for (i, c) in digits.chars().enumerate() {
        if group && i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(NNBSP);
        }
        out.push(c);
    }
    if decimals > 0 {
        out.push(',');
        out.push_str(&format!("{frac:0width$}", width = decimals as usize));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Computation
// ---------------------------------------------------------------------------------------------

/// Rounds value / divisor to the nearest integer, halves away from zero (commercial rounding, as
/// EN 16931 implementations do). Panics if divisor ≤ 0 (a programming error: divisors here are
/// constants).
pub fn round_div(value: i128, divisor: i128) -> i128 {
    assert!(divisor > 0, "round_div: divisor must be positive");
    let (q, r) = (value / divisor, value % divisor);
    // |r| ≥ divisor − |r| is 2|r| ≥ divisor without the overflow of 2|r|.
    let r_abs = r.unsigned_abs();
    if r_abs >= divisor.unsigned_abs() - r_abs {
        q + value.signum()
    } else {
        q
    }
}

/// Clamps an exact result to the `i64` range (only reachable beyond the documented bounds).
fn sature(v: i128) -> Montant {
    Montant(v.clamp(i64::MIN.into(), i64::MAX.into()) as i64)
}

/// `round_div` in `i64` (an `i128` division is a slow library call in wasm; lists total
/// thousands of invoices on every keystroke).
fn round_div_i64(value: i64, divisor: i64) -> i64 {
    let (q, r) = (value / divisor, value % divisor);
    let r_abs = r.unsigned_abs();
    if r_abs >= divisor.unsigned_abs() - r_abs {
        q + value.signum()
    } else {
        q
    }
}

/// Quantity × price in cents, exact before the single rounding.
fn brut_exact(quantite: Quantite, prix: PrixUnitaire) -> i128 {
    // 10^-4 × 10^-4 = 10^-8 units; a cent is 10^6 of them. Two i64 always fit in an i128.
    match quantite.0.checked_mul(prix.0) {
        Some(v) => i128::from(round_div_i64(v, 1_000_000)),
        None => round_div(i128::from(quantite.0) * i128::from(prix.0), 1_000_000),
    }
}

/// Gross line amount before discount (quantity × price rounded to the cent).
pub fn montant_brut(quantite: Quantite, prix: PrixUnitaire) -> Montant {
    sature(brut_exact(quantite, prix))
}

/// Line net amount (EN 16931 BT-131): quantity × unit price rounded to the cent, minus the line
/// discount (already in cents). Saturates beyond `i64`; use [`checked_montant_ligne`] to refuse
/// lines beyond [`MONTANT_MAX`].
pub fn montant_ligne(quantite: Quantite, prix: PrixUnitaire, remise: Montant) -> Montant {
    sature(brut_exact(quantite, prix) - i128::from(remise.0))
}

/// [`montant_brut`], or `None` when its magnitude exceeds [`MONTANT_MAX`] (e.g. 9 999 999 999 ×
/// 9 999 999 999 €).
pub fn checked_montant_brut(quantite: Quantite, prix: PrixUnitaire) -> Option<Montant> {
    borne(brut_exact(quantite, prix))
}

/// [`montant_ligne`], or `None` when the gross amount or the net amount exceeds [`MONTANT_MAX`]
/// in magnitude.
pub fn checked_montant_ligne(
    quantite: Quantite,
    prix: PrixUnitaire,
    remise: Montant,
) -> Option<Montant> {
    let brut = brut_exact(quantite, prix);
    borne(brut)?;
    borne(brut - i128::from(remise.0))
}

fn borne(v: i128) -> Option<Montant> {
    (v.unsigned_abs() <= MONTANT_MAX.0.unsigned_abs().into()).then_some(Montant(v as i64))
}

/// VAT of a base at a rate, rounded to the cent (half away from zero).
pub fn tva(base: Montant, taux: Taux) -> Montant {
    sature(tva_exact(base.0.into(), taux))
}

fn tva_exact(base: i128, taux: Taux) -> i128 {
    // A rate of 2000 is 20 %, i.e. 2000 / 10 000.
    match i64::try_from(base)
        .ok()
        .and_then(|b| b.checked_mul(i64::from(taux.0)))
    {
        Some(v) => i128::from(round_div_i64(v, 10_000)),
        None => round_div(base * i128::from(taux.0), 10_000),
    }
}

/// Total HT and TTC of lines given as (net amount, rate): the same result as [`totaux`], without
/// allocating (up to 8 distinct rates on the stack, else `totaux` itself). For lists that total
/// thousands of invoices on every keystroke.
pub fn ht_ttc<I>(lignes: I) -> (Montant, Montant)
where
    I: IntoIterator<Item = (Montant, Taux)> + Clone,
{
    const TAUX_MAX: usize = 8;
    let mut bases = [(Taux(0), 0i128); TAUX_MAX];
    let mut n = 0;
    for (net, taux) in lignes.clone() {
        match bases[..n].iter().position(|(t, _)| *t == taux) {
            Some(i) => bases[i].1 += i128::from(net.0),
            None if n < TAUX_MAX => {
                bases[n] = (taux, i128::from(net.0));
                n += 1;
            }
            None => {
                let t = totaux(lignes, Montant::ZERO);
                return (t.total_ht, t.total_ttc);
            }
        }
    }
    let (mut ht, mut tva) = (0i128, 0i128);
    for (taux, base) in &bases[..n] {
        ht += base;
        tva += tva_exact(*base, *taux);
    }
    (sature(ht), sature(ht + tva))
}

/// One row of the « récapitulatif de TVA ».
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LigneTva {
    pub taux: Taux,
    pub base_ht: Montant,
    pub montant_tva: Montant,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totaux {
    /// One row per distinct rate present among the lines, highest rate first; a rate whose lines
    /// sum to 0 is still listed.
    pub recap: Vec<LigneTva>,
    /// Sum of the line nets.
    pub total_ht: Montant,
    /// Sum of the recap's VAT amounts.
    pub total_tva: Montant,
    /// `total_ht + total_tva`.
    pub total_ttc: Montant,
    /// The remise globale TTC given.
    pub remise_globale: Montant,
    /// `total_ttc − remise_globale`.
    pub net_a_payer: Montant,
}

/// Computes the totals from each line's (net amount, rate) and the remise globale TTC.
/// VAT is computed per rate on the sum of that rate's line nets, then rounded: rounding each line
/// would let cent errors add up (3 × 0,03 at 20 % is 0,02 of VAT, not 3 × 0,01).
/// Sums are exact in `i128`; only the stored results saturate at the `i64` bounds.
pub fn totaux(
    lignes: impl IntoIterator<Item = (Montant, Taux)>,
    remise_globale_ttc: Montant,
) -> Totaux {
    let mut bases: BTreeMap<Taux, i128> = BTreeMap::new();
    for (net, taux) in lignes {
        *bases.entry(taux).or_insert(0) += i128::from(net.0);
    }
    let mut total_ht = 0i128;
    let mut total_tva = 0i128;
    let recap = bases
        .into_iter()
        .rev()
        .map(|(taux, base)| {
            let montant = tva_exact(base, taux);
            total_ht += base;
            total_tva += montant;
            LigneTva {
                taux,
                base_ht: sature(base),
                montant_tva: sature(montant),
            }
        })
        .collect();
    let total_ttc = total_ht + total_tva;
    Totaux {
        recap,
        total_ht: sature(total_ht),
        total_tva: sature(total_tva),
        total_ttc: sature(total_ttc),
        remise_globale: remise_globale_ttc,
        net_a_payer: sature(total_ttc - i128::from(remise_globale_ttc.0)),
    }
}

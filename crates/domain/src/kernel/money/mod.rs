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

mod parse;
mod rounding;

pub use parse::{parse_montant, parse_prix, parse_quantite, parse_taux};
pub use rounding::*;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// Thousands separator of displayed numbers (French typography: narrow no-break space).
pub(crate) const NNBSP: char = '\u{202F}';
/// Space before the currency sign.
pub(crate) const NBSP: char = '\u{A0}';

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

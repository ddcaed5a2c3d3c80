//! The EN 16931 computation: line nets rounded to the cent, VAT per rate on the sum of the line
//! nets of that rate, halves away from zero, in `i128` so nothing overflows; results saturate.

use super::{Montant, PrixUnitaire, Quantite, Taux, MONTANT_MAX};
use std::collections::BTreeMap;

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

//! Property tests: generated input (arbitrary text, extreme integers, perturbed valid values) through
//! the money and number parsers, the line and total arithmetic, ids, IBAN and BIC, identifiers,
//! days and the clock. Each property states what must hold besides « no panic ».

use chrono::{DateTime, Utc};
use domain::kernel::ids::is_valid_id;
use domain::kernel::money::*;
use domain::kernel::time::{self, SandboxClock, MAX_OFFSET_SECONDS};
use domain::organisation::coordonnees_bancaires::{validate_bic, validate_iban};
use domain::organisation::identifiants::{self, TypeIdentifiant};
use proptest::prelude::*;

/// Text close to what a user types in a number field: digits, separators, signs, spaces of every
/// kind, a few letters and non-ASCII characters.
fn saisie_nombre() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        6 => proptest::char::range('0', '9'),
        1 => Just(','),
        1 => Just('.'),
        1 => Just('-'),
        1 => Just('+'),
        1 => Just(' '),
        1 => Just('\u{A0}'),
        1 => Just('\u{202F}'),
        1 => Just('e'),
        1 => Just('€'),
        1 => Just('%'),
        1 => any::<char>(),
    ];
    proptest::collection::vec(c, 0..40).prop_map(|v| v.into_iter().collect())
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(8_000))]

    #[test]
    fn montant_parser_stays_within_bounds(s in saisie_nombre(), negatif in any::<bool>()) {
        if let Ok(m) = parse_montant(&s, "Montant", negatif) {
            prop_assert!(m.0.unsigned_abs() <= MONTANT_MAX.0.unsigned_abs(), "{s} → {m:?}");
            prop_assert!(negatif || !m.is_negative(), "{s} → {m:?}");
            prop_assert_eq!(parse_montant(&m.input(), "Montant", true), Ok(m));
            prop_assert_eq!(parse_montant(&m.fr(), "Montant", true), Ok(m));
        }
    }

    #[test]
    fn quantite_prix_taux_parsers_stay_within_bounds(s in saisie_nombre()) {
        if let Ok(q) = parse_quantite(&s, "Quantité") {
            prop_assert!(q.0.unsigned_abs() <= QUANTITE_MAX.0.unsigned_abs());
            prop_assert_eq!(parse_quantite(&q.input(), "Quantité"), Ok(q));
        }
        if let Ok(p) = parse_prix(&s, "Prix") {
            prop_assert!(p.0.unsigned_abs() <= PRIX_MAX.0.unsigned_abs());
            prop_assert_eq!(parse_prix(&p.input(), "Prix"), Ok(p));
        }
        if let Ok(t) = parse_taux(&s, "Taux") {
            prop_assert!(t.0 <= 10_000);
            prop_assert_eq!(parse_taux(&t.input(), "Taux"), Ok(t));
        }
    }

    #[test]
    fn any_text_in_a_number_field_is_a_result(s in any::<String>()) {
        let _ = parse_montant(&s, "Montant", true).map(|m| m.fr_eur());
        let _ = parse_quantite(&s, "Quantité").map(|q| q.fr());
        let _ = parse_prix(&s, "Prix").map(|p| p.fr());
        let _ = parse_taux(&s, "Taux").map(|t| t.fr());
        let _ = time::parse_day(&s, "Date");
    }

    #[test]
    fn line_arithmetic_never_wraps(q in any::<i64>(), p in any::<i64>(), r in any::<i64>()) {
        let (q, p, r) = (Quantite(q), PrixUnitaire(p), Montant(r));
        let net = montant_ligne(q, p, r);
        if let Some(checked) = checked_montant_ligne(q, p, r) {
            prop_assert_eq!(checked, net);
            prop_assert!(checked.0.unsigned_abs() <= MONTANT_MAX.0.unsigned_abs());
        }
        let _ = montant_brut(q, p);
        let _ = net.fr_eur();
    }

    #[test]
    fn totals_of_extreme_lines_are_a_result(
        lignes in proptest::collection::vec((any::<i64>(), 0u32..20_000), 0..12),
        remise in any::<i64>(),
    ) {
        let lignes: Vec<(Montant, Taux)> =
            lignes.into_iter().map(|(m, t)| (Montant(m), Taux(t))).collect();
        let t = totaux(lignes.iter().copied(), Montant(remise));
        prop_assert_eq!(ht_ttc(lignes.iter().copied()), (t.total_ht, t.total_ttc));
    }

    #[test]
    fn totals_within_the_forms_limits_are_exact(
        lignes in proptest::collection::vec((-MONTANT_MAX.0..=MONTANT_MAX.0, 0u32..=10_000), 0..12),
        remise in -MONTANT_MAX.0..=MONTANT_MAX.0,
    ) {
        let lignes: Vec<(Montant, Taux)> =
            lignes.into_iter().map(|(m, t)| (Montant(m), Taux(t))).collect();
        let t = totaux(lignes.iter().copied(), Montant(remise));
        let ht: i128 = lignes.iter().map(|(m, _)| i128::from(m.0)).sum();
        prop_assert_eq!(i128::from(t.total_ht.0), ht);
        prop_assert_eq!(t.total_ttc, t.total_ht + t.total_tva);
        // EN 16931 BT-115: amount due = total TTC − remise globale, exact here (no saturation).
        prop_assert_eq!(
            i128::from(t.net_a_payer.0),
            i128::from(t.total_ttc.0) - i128::from(remise)
        );
    }

    #[test]
    fn ids_are_exactly_the_app_s_alphabet(s in any::<String>()) {
        let expected = (4..=64).contains(&s.len())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        prop_assert_eq!(is_valid_id(&s), expected);
    }

    #[test]
    fn iban_and_bic_of_any_text_are_a_result(s in any::<String>()) {
        if let Ok(iban) = validate_iban(&s) {
            prop_assert!(iban.len() <= 34);
            prop_assert_eq!(validate_iban(&iban), Ok(iban.clone()));
        }
        if let Ok(bic) = validate_bic(&s) {
            prop_assert!(bic.len() == 8 || bic.len() == 11);
        }
    }

    #[test]
    fn identifiers_of_any_text_are_a_result(s in any::<String>(), kind in 0usize..7) {
        let kind = TypeIdentifiant::ALL[kind];
        if let Ok(v) = identifiants::validate(kind, &s) {
            prop_assert_eq!(identifiants::validate(kind, &v), Ok(v.clone()));
        }
        let _ = identifiants::validate_vat_number(&s);
        let _ = identifiants::validate_siren(&s);
    }

    #[test]
    fn any_instant_and_offset_display_without_panic(
        ms in DateTime::<Utc>::MIN_UTC.timestamp_millis()..=DateTime::<Utc>::MAX_UTC.timestamp_millis(),
        offset in prop_oneof![any::<i64>(), -2 * MAX_OFFSET_SECONDS..2 * MAX_OFFSET_SECONDS],
    ) {
        let t = DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MAX_UTC);
        let _ = time::datetime_fr(t);
        let _ = time::paris_date(t);
        let clock = SandboxClock { offset_seconds: offset };
        let now = clock.now(t);
        if time::is_offset_in_range(offset) && time::is_in_range(t) {
            prop_assert_eq!(now.timestamp(), t.timestamp() + offset);
        }
        let _ = clock.offset_label();
        if let Ok(next) = clock.advanced(time::ClockStep::SevenDays) {
            prop_assert!(next.offset_seconds <= MAX_OFFSET_SECONDS);
        }
    }
}

/// A valid IBAN with one digit changed is refused (MOD 97-10 catches every single substitution).
const IBAN: &str = "FR7630006000011234567890189";

proptest! {
    #![proptest_config(config(8_000))]

    #[test]
    fn a_perturbed_iban_is_refused(pos in 2usize..27, c in proptest::char::range('0', '9')) {
        let mut chars: Vec<char> = IBAN.chars().collect();
        let original = chars[pos];
        chars[pos] = c;
        let changed: String = chars.into_iter().collect();
        let result = validate_iban(&changed);
        if c == original {
            prop_assert!(result.is_ok());
        } else {
            prop_assert!(result.is_err(), "{changed}");
        }
    }
}

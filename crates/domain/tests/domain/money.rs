//! Exact invoice arithmetic: the EN 16931 totals and VAT recap (table-driven, every expected value
//! computed by hand), rounding, the French parsers and the French display.

use domain::kernel::money::*;

const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

/// An expected amount written "1 234,56" / "-0,05": parsed here independently of the module's
/// parser, with no bound (totals may exceed what an input accepts).
fn m(texte: &str) -> Montant {
    let s: String = texte.chars().filter(|c| *c != ' ').collect();
    let (negatif, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, s),
    };
    let (entier, cents) = s.split_once(',').expect("expected amounts have a comma");
    assert_eq!(cents.len(), 2, "expected amounts have 2 decimals: {texte}");
    let v: i64 = format!("{entier}{cents}").parse().unwrap();
    Montant(if negatif { -v } else { v })
}

fn t(texte: &str) -> Taux {
    parse_taux(texte, "Taux").unwrap()
}

/// (quantité, prix unitaire HT, remise HT de la ligne, taux)
type Ligne = (&'static str, &'static str, &'static str, &'static str);

struct Cas {
    nom: &'static str,
    lignes: Vec<Ligne>,
    remise_globale: &'static str,
    /// (taux, base HT, TVA), highest rate first.
    recap: Vec<(&'static str, &'static str, &'static str)>,
    /// HT, TVA, TTC, net à payer.
    totaux: [&'static str; 4],
}

fn cas(
    nom: &'static str,
    lignes: Vec<Ligne>,
    remise_globale: &'static str,
    recap: Vec<(&'static str, &'static str, &'static str)>,
    totaux: [&'static str; 4],
) -> Cas {
    Cas {
        nom,
        lignes,
        remise_globale,
        recap,
        totaux,
    }
}

fn cas_de_totaux() -> Vec<Cas> {
    vec![
        cas(
            "une ligne simple",
            vec![("1", "100", "0", "20")],
            "0,00",
            vec![("20", "100,00", "20,00")],
            ["100,00", "20,00", "120,00", "120,00"],
        ),
        // 1 × 0,125 = 0,125 → 0,13 (half away from zero); TVA 0,026 → 0,03.
        cas(
            "demi-centime : 1 × 0,125",
            vec![("1", "0,125", "0", "20")],
            "0,00",
            vec![("20", "0,13", "0,03")],
            ["0,13", "0,03", "0,16", "0,16"],
        ),
        // 3 × 0,335 = 1,005 → 1,01; TVA 0,202 → 0,20.
        cas(
            "demi-centime : 3 × 0,335",
            vec![("3", "0,335", "0", "20")],
            "0,00",
            vec![("20", "1,01", "0,20")],
            ["1,01", "0,20", "1,21", "1,21"],
        ),
        // -1 × 0,005 = -0,005 → -0,01 (away from zero, not towards +∞); TVA -0,002 → 0,00.
        cas(
            "demi-centime négatif : -1 × 0,005",
            vec![("-1", "0,005", "0", "20")],
            "0,00",
            vec![("20", "-0,01", "0,00")],
            ["-0,01", "0,00", "-0,01", "-0,01"],
        ),
        // TVA -0,25 × 10 % = -0,025 → -0,03 (banker's or half-up rounding would give -0,02).
        cas(
            "TVA négative à demi-centime",
            vec![("-1", "0,25", "0", "10")],
            "0,00",
            vec![("10", "-0,25", "-0,03")],
            ["-0,25", "-0,03", "-0,28", "-0,28"],
        ),
        // Each line 0,01 × 0,5 = 0,005 → 0,01 (BT-131 is rounded per line): 50 × 0,01 = 0,50,
        // whereas the unrounded sum would be 0,25. TVA on 0,50 = 0,10.
        cas(
            "50 lignes de 0,01 × 0,5",
            vec![("0,01", "0,5", "0", "20"); 50],
            "0,00",
            vec![("20", "0,50", "0,10")],
            ["0,50", "0,10", "0,60", "0,60"],
        ),
        // 0,09 × 5,5 % = 0,00495 → 0,00.
        cas(
            "5,5 % sur 0,09",
            vec![("1", "0,09", "0", "5,5")],
            "0,00",
            vec![("5,5", "0,09", "0,00")],
            ["0,09", "0,00", "0,09", "0,09"],
        ),
        // 0,10 × 5,5 % = 0,0055 → 0,01.
        cas(
            "5,5 % sur 0,10",
            vec![("1", "0,10", "0", "5,5")],
            "0,00",
            vec![("5,5", "0,10", "0,01")],
            ["0,10", "0,01", "0,11", "0,11"],
        ),
        // 19,99 × 5,5 % = 1,09945 → 1,10.
        cas(
            "5,5 % sur 19,99",
            vec![("1", "19,99", "0", "5,5")],
            "0,00",
            vec![("5,5", "19,99", "1,10")],
            ["19,99", "1,10", "21,09", "21,09"],
        ),
        // 123,45 × 2,1 % = 2,59245 → 2,59.
        cas(
            "2,1 % sur 123,45",
            vec![("1", "123,45", "0", "2,1")],
            "0,00",
            vec![("2,1", "123,45", "2,59")],
            ["123,45", "2,59", "126,04", "126,04"],
        ),
        // 5,00 × 2,1 % = 0,105 → 0,11.
        cas(
            "2,1 % à demi-centime",
            vec![("1", "5", "0", "2,1")],
            "0,00",
            vec![("2,1", "5,00", "0,11")],
            ["5,00", "0,11", "5,11", "5,11"],
        ),
        cas(
            "8,5 % sur 100",
            vec![("1", "100", "0", "8,5")],
            "0,00",
            vec![("8,5", "100,00", "8,50")],
            ["100,00", "8,50", "108,50", "108,50"],
        ),
        // 1,00 × 8,5 % = 0,085 → 0,09.
        cas(
            "8,5 % à demi-centime",
            vec![("1", "1", "0", "8,5")],
            "0,00",
            vec![("8,5", "1,00", "0,09")],
            ["1,00", "0,09", "1,09", "1,09"],
        ),
        // 2 × 50 = 100 − 10 = 90; TVA 18.
        cas(
            "remise de ligne",
            vec![("2", "50", "10", "20")],
            "0,00",
            vec![("20", "90,00", "18,00")],
            ["90,00", "18,00", "108,00", "108,00"],
        ),
        // 3 × 0,335 = 1,005 → 1,01 (rounded before the discount) − 0,01 = 1,00; TVA 0,20.
        cas(
            "remise de ligne après arrondi du brut",
            vec![("3", "0,335", "0,01", "20")],
            "0,00",
            vec![("20", "1,00", "0,20")],
            ["1,00", "0,20", "1,20", "1,20"],
        ),
        cas(
            "remise globale",
            vec![("1", "100", "0", "20")],
            "20,00",
            vec![("20", "100,00", "20,00")],
            ["100,00", "20,00", "120,00", "100,00"],
        ),
        // TVA 20 + 2,75 (50 × 5,5 %) = 22,75; TTC 172,75 − 2,75 = 170,00.
        cas(
            "remise globale sur deux taux",
            vec![("1", "100", "0", "20"), ("1", "50", "0", "5,5")],
            "2,75",
            vec![("20", "100,00", "20,00"), ("5,5", "50,00", "2,75")],
            ["150,00", "22,75", "172,75", "170,00"],
        ),
        // 10 × 12,50 − 2 × 12,50 = 125 − 25 = 100.
        cas(
            "ligne de correction négative",
            vec![("10", "12,50", "0", "20"), ("-2", "12,50", "0", "20")],
            "0,00",
            vec![("20", "100,00", "20,00")],
            ["100,00", "20,00", "120,00", "120,00"],
        ),
        cas(
            "avoir",
            vec![("-1", "250", "0", "20")],
            "0,00",
            vec![("20", "-250,00", "-50,00")],
            ["-250,00", "-50,00", "-300,00", "-300,00"],
        ),
        // -3 × 19,99 = -59,97; × 5,5 % = -3,29835 → -3,30.
        cas(
            "avoir à 5,5 %",
            vec![("-3", "19,99", "0", "5,5")],
            "0,00",
            vec![("5,5", "-59,97", "-3,30")],
            ["-59,97", "-3,30", "-63,27", "-63,27"],
        ),
        // 1,2345 × 10 = 12,345 → 12,35; TVA 2,47.
        cas(
            "quantité à 4 décimales",
            vec![("1,2345", "10", "0", "20")],
            "0,00",
            vec![("20", "12,35", "2,47")],
            ["12,35", "2,47", "14,82", "14,82"],
        ),
        // 3 × 1,8765 = 5,6295 → 5,63; TVA 1,126 → 1,13.
        cas(
            "prix à 4 décimales",
            vec![("3", "1,8765", "0", "20")],
            "0,00",
            vec![("20", "5,63", "1,13")],
            ["5,63", "1,13", "6,76", "6,76"],
        ),
        // 0,3333 × 3,3333 = 1,11098889 → 1,11; TVA 0,111 → 0,11.
        cas(
            "quantité et prix à 4 décimales",
            vec![("0,3333", "3,3333", "0", "10")],
            "0,00",
            vec![("10", "1,11", "0,11")],
            ["1,11", "0,11", "1,22", "1,22"],
        ),
        // Per line: 0,006 → 0,01 (× 3) and 0,0055 → 0,01 (× 3) = 0,06. Per rate (the rule):
        // 0,09 × 20 % = 0,018 → 0,02 and 0,30 × 5,5 % = 0,0165 → 0,02 = 0,04.
        cas(
            "taux mixtes : TVA par taux, pas par ligne",
            vec![
                ("1", "0,03", "0", "20"),
                ("1", "0,10", "0", "5,5"),
                ("1", "0,03", "0", "20"),
                ("1", "0,10", "0", "5,5"),
                ("1", "0,03", "0", "20"),
                ("1", "0,10", "0", "5,5"),
            ],
            "0,00",
            vec![("20", "0,09", "0,02"), ("5,5", "0,30", "0,02")],
            ["0,39", "0,04", "0,43", "0,43"],
        ),
        // 2 × 0,13; per line 2 × 0,03 = 0,06, per rate 0,26 × 20 % = 0,052 → 0,05.
        cas(
            "deux demi-centimes au même taux",
            vec![("1", "0,125", "0", "20"), ("1", "0,125", "0", "20")],
            "0,00",
            vec![("20", "0,26", "0,05")],
            ["0,26", "0,05", "0,31", "0,31"],
        ),
        // 3 × 0,333 → 0,33 each; per rate 0,99 × 20 % = 0,198 → 0,20 (per line 3 × 0,07 = 0,21).
        cas(
            "trois tiers",
            vec![("1", "0,333", "0", "20"); 3],
            "0,00",
            vec![("20", "0,99", "0,20")],
            ["0,99", "0,20", "1,19", "1,19"],
        ),
        cas(
            "taux dont les lignes s'annulent, toujours listé",
            vec![
                ("1", "10", "0", "20"),
                ("-1", "10", "0", "20"),
                ("1", "5", "0", "10"),
            ],
            "0,00",
            vec![("20", "0,00", "0,00"), ("10", "5,00", "0,50")],
            ["5,00", "0,50", "5,50", "5,50"],
        ),
        // 0,13 − 0,13 = 0.
        cas(
            "demi-centimes qui se compensent",
            vec![("1", "0,125", "0", "20"), ("-1", "0,125", "0", "20")],
            "0,00",
            vec![("20", "0,00", "0,00")],
            ["0,00", "0,00", "0,00", "0,00"],
        ),
        // Given in increasing order, listed in decreasing order. TVA 20 + 10 + 8,50 + 5,50 + 2,10.
        cas(
            "les six taux standard",
            vec![
                ("1", "100", "0", "0"),
                ("1", "100", "0", "2,1"),
                ("1", "100", "0", "5,5"),
                ("1", "100", "0", "8,5"),
                ("1", "100", "0", "10"),
                ("1", "100", "0", "20"),
            ],
            "0,00",
            vec![
                ("20", "100,00", "20,00"),
                ("10", "100,00", "10,00"),
                ("8,5", "100,00", "8,50"),
                ("5,5", "100,00", "5,50"),
                ("2,1", "100,00", "2,10"),
                ("0", "100,00", "0,00"),
            ],
            ["600,00", "46,10", "646,10", "646,10"],
        ),
        cas(
            "0 % seul",
            vec![("1", "100", "0", "0")],
            "0,00",
            vec![("0", "100,00", "0,00")],
            ["100,00", "0,00", "100,00", "100,00"],
        ),
        // 2,00 × 12,25 % = 0,245 → 0,25.
        cas(
            "taux manuel 12,25 %",
            vec![("1", "2", "0", "12,25")],
            "0,00",
            vec![("12,25", "2,00", "0,25")],
            ["2,00", "0,25", "2,25", "2,25"],
        ),
        // 1000 × 999 999,99 = 999 999 990,00; TVA 199 999 998,00.
        cas(
            "gros montant",
            vec![("1000", "999 999,99", "0", "20")],
            "0,00",
            vec![("20", "999 999 990,00", "199 999 998,00")],
            [
                "999 999 990,00",
                "199 999 998,00",
                "1 199 999 988,00",
                "1 199 999 988,00",
            ],
        ),
        // 9 999 999 999 × 99,99 = 999 999 999 900 − 99 999 999,99 = 999 899 999 900,01;
        // TVA 199 979 999 980,002 → 199 979 999 980,00. The TTC is beyond an input's bound but
        // fits in i64.
        cas(
            "quantité maximale",
            vec![("9 999 999 999", "99,99", "0", "20")],
            "0,00",
            vec![("20", "999 899 999 900,01", "199 979 999 980,00")],
            [
                "999 899 999 900,01",
                "199 979 999 980,00",
                "1 199 879 999 880,01",
                "1 199 879 999 880,01",
            ],
        ),
        cas("facture sans ligne", vec![], "0,00", vec![], ["0,00"; 4]),
        // 10 − 15 = −5; TVA −1.
        cas(
            "remise supérieure au brut",
            vec![("1", "10", "15", "20")],
            "0,00",
            vec![("20", "-5,00", "-1,00")],
            ["-5,00", "-1,00", "-6,00", "-6,00"],
        ),
        // 7 × 1,43 = 10,01 → TVA 2,002 → 2,00; 13 × 0,77 = 10,01 → TVA 0,55055 → 0,55.
        cas(
            "deux taux, deux arrondis",
            vec![("7", "1,43", "0", "20"), ("13", "0,77", "0", "5,5")],
            "0,00",
            vec![("20", "10,01", "2,00"), ("5,5", "10,01", "0,55")],
            ["20,02", "2,55", "22,57", "22,57"],
        ),
        cas(
            "remise globale égale au TTC",
            vec![("1", "10", "0", "0")],
            "10,00",
            vec![("0", "10,00", "0,00")],
            ["10,00", "0,00", "10,00", "0,00"],
        ),
        // −3 × 0,335 = −1,005 → −1,01; TVA −0,202 → −0,20.
        cas(
            "demi-centime négatif : -3 × 0,335",
            vec![("-3", "0,335", "0", "20")],
            "0,00",
            vec![("20", "-1,01", "-0,20")],
            ["-1,01", "-0,20", "-1,21", "-1,21"],
        ),
        // −0,10 × 5,5 % = −0,0055 → −0,01.
        cas(
            "5,5 % sur -0,10",
            vec![("-1", "0,10", "0", "5,5")],
            "0,00",
            vec![("5,5", "-0,10", "-0,01")],
            ["-0,10", "-0,01", "-0,11", "-0,11"],
        ),
        // Dot as decimal mark, euro sign, thousands: 2,5 × 1 234,56 = 3 086,40; TVA 617,28.
        cas(
            "saisie avec point et euro",
            vec![("2.5", "1 234,56 €", "0", "20 %")],
            "0,00",
            vec![("20", "3 086,40", "617,28")],
            ["3 086,40", "617,28", "3 703,68", "3 703,68"],
        ),
        // TVA 33,33 × 20 % = 6,666 → 6,67; 33,33 × 10 % = 3,333 → 3,33;
        // 33,34 × 5,5 % = 1,8337 → 1,83; total 11,83. Net 111,83 − 0,01.
        cas(
            "trois taux et remise globale d'un centime",
            vec![
                ("1", "33,33", "0", "20"),
                ("1", "33,33", "0", "10"),
                ("1", "33,34", "0", "5,5"),
            ],
            "0,01",
            vec![
                ("20", "33,33", "6,67"),
                ("10", "33,33", "3,33"),
                ("5,5", "33,34", "1,83"),
            ],
            ["100,00", "11,83", "111,83", "111,82"],
        ),
        // 0,5 × 0,01 = 0,005 → 0,01 per line, twice, at 8,5 %: base 0,02, TVA 0,0017 → 0,00.
        cas(
            "demi-centimes à 8,5 %",
            vec![("0,5", "0,01", "0", "8,5"); 2],
            "0,00",
            vec![("8,5", "0,02", "0,00")],
            ["0,02", "0,00", "0,02", "0,02"],
        ),
    ]
}

#[test]
fn totaux_et_recapitulatif_de_tva() {
    let tous = cas_de_totaux();
    assert!(tous.len() >= 30);
    for c in tous {
        let lignes: Vec<(Montant, Taux)> = c
            .lignes
            .iter()
            .map(|&(q, p, r, taux)| {
                let q = parse_quantite(q, "Quantité").unwrap();
                let p = parse_prix(p, "Prix unitaire HT").unwrap();
                let r = parse_montant(r, "Remise HT", false).unwrap();
                (montant_ligne(q, p, r), t(taux))
            })
            .collect();
        let recap: Vec<LigneTva> = c
            .recap
            .iter()
            .map(|&(taux, base, montant)| LigneTva {
                taux: t(taux),
                base_ht: m(base),
                montant_tva: m(montant),
            })
            .collect();
        let [ht, tva, ttc, net] = c.totaux.map(m);
        let attendu = Totaux {
            recap,
            total_ht: ht,
            total_tva: tva,
            total_ttc: ttc,
            remise_globale: m(c.remise_globale),
            net_a_payer: net,
        };
        assert_eq!(totaux(lignes, m(c.remise_globale)), attendu, "{}", c.nom);
    }
}

#[test]
fn round_div_halves_away_from_zero() {
    let table: [(i128, i128, i128); 14] = [
        (5, 10, 1),
        (4, 10, 0),
        (15, 10, 2),
        (25, 10, 3),
        (-5, 10, -1),
        (-4, 10, 0),
        (-15, 10, -2),
        (-25, 10, -3),
        (0, 7, 0),
        (7, 7, 1),
        (10, 3, 3),
        (11, 3, 4),
        (-11, 3, -4),
        (1, 1, 1),
    ];
    for (v, d, attendu) in table {
        assert_eq!(round_div(v, d), attendu, "{v} / {d}");
    }
    // No overflow at the extremes.
    assert_eq!(round_div(i128::MAX, i128::MAX), 1);
    assert_eq!(round_div(i128::MIN, 1), i128::MIN);
    assert_eq!(round_div(i128::MAX, 2), i128::MAX / 2 + 1);
    assert_eq!(round_div(i128::MIN + 1, i128::MAX), -1);
}

#[test]
#[should_panic(expected = "divisor must be positive")]
fn round_div_refuses_a_zero_divisor() {
    round_div(1, 0);
}

#[test]
fn tva_rounds_each_base_once() {
    let table = [
        ("19,99", 550, "1,10"),
        ("0,09", 550, "0,00"),
        ("0,10", 550, "0,01"),
        ("-0,10", 550, "-0,01"),
        ("100,00", 2000, "20,00"),
        ("0,25", 1000, "0,03"),
        ("-0,25", 1000, "-0,03"),
        ("5,00", 210, "0,11"),
        ("1,00", 850, "0,09"),
        ("123,45", 0, "0,00"),
        // 99 999 999 999 999 cents × 0,2 = 19 999 999 999 999,8 cents → 20 000 000 000 000.
        ("999 999 999 999,99", 2000, "200 000 000 000,00"),
    ];
    for (base, taux, attendu) in table {
        assert_eq!(tva(m(base), Taux(taux)), m(attendu), "{base} à {taux}");
    }
}

#[test]
fn line_amounts() {
    let q = |s| parse_quantite(s, "Quantité").unwrap();
    let p = |s| parse_prix(s, "Prix").unwrap();
    assert_eq!(montant_brut(q("3"), p("0,335")), m("1,01"));
    assert_eq!(montant_brut(q("-1"), p("0,005")), m("-0,01"));
    assert_eq!(montant_brut(q("0"), p("12,5")), Montant::ZERO);
    assert_eq!(montant_brut(Quantite::ONE, p("12,5")), m("12,50"));
    // Rounded before the discount: 1,005 → 1,01, then − 0,50.
    assert_eq!(montant_ligne(q("3"), p("0,335"), m("0,50")), m("0,51"));
    assert_eq!(
        checked_montant_ligne(q("3"), p("0,335"), m("0,50")),
        Some(m("0,51"))
    );
    // At the input bounds the product exceeds i64: plain functions saturate, checked ones refuse.
    assert_eq!(montant_brut(QUANTITE_MAX, PRIX_MAX), Montant(i64::MAX));
    assert_eq!(
        montant_ligne(Quantite(-QUANTITE_MAX.0), PRIX_MAX, Montant::ZERO),
        Montant(i64::MIN)
    );
    assert_eq!(checked_montant_brut(QUANTITE_MAX, PRIX_MAX), None);
    assert_eq!(
        checked_montant_ligne(QUANTITE_MAX, PRIX_MAX, MONTANT_MAX),
        None
    );
    // 100 × 9 999 999 999,9999 = 999 999 999 999,99, the largest line; a bit more is refused.
    assert_eq!(checked_montant_brut(q("100"), PRIX_MAX), Some(MONTANT_MAX));
    assert_eq!(
        checked_montant_brut(q("-100"), PRIX_MAX),
        Some(-MONTANT_MAX)
    );
    assert_eq!(checked_montant_brut(q("100,0001"), PRIX_MAX), None);
    // The discount may bring a line back within bounds, or push it out.
    assert_eq!(
        checked_montant_ligne(q("100,0001"), PRIX_MAX, m("1 000 000,00")),
        None,
        "the gross amount itself is out of bounds"
    );
    assert_eq!(
        checked_montant_ligne(q("-100"), PRIX_MAX, m("0,01")),
        None,
        "-999 999 999 999,99 - 0,01"
    );
}

#[test]
fn montant_operators_saturate() {
    assert_eq!(m("1,50") + m("2,25"), m("3,75"));
    assert_eq!(m("1,50") - m("2,25"), m("-0,75"));
    assert_eq!(-m("1,50"), m("-1,50"));
    let mut x = m("1,00");
    x += m("0,50");
    x -= m("0,25");
    assert_eq!(x, m("1,25"));
    assert_eq!([m("1,00"), m("2,00")].iter().sum::<Montant>(), m("3,00"));
    assert_eq!(vec![m("1,00"); 3].into_iter().sum::<Montant>(), m("3,00"));
    assert_eq!(Montant(i64::MAX) + Montant(1), Montant(i64::MAX));
    assert_eq!(Montant(i64::MIN) - Montant(1), Montant(i64::MIN));
    assert_eq!(-Montant(i64::MIN), Montant(i64::MAX));
    assert_eq!(Montant(i64::MAX).checked_add(Montant(1)), None);
    assert_eq!(Montant(i64::MIN).checked_sub(Montant(1)), None);
    assert_eq!(m("1,00").checked_sub(m("0,01")), Some(m("0,99")));
    assert!(m("-0,01").is_negative());
    assert!(!Montant::ZERO.is_negative());
}

// ---------------------------------------------------------------------------------------------
// Parsers
// ---------------------------------------------------------------------------------------------

fn msg(label: &str, fin: &str) -> String {
    format!("Le champ « {label} » {fin}")
}

#[test]
fn parse_montant_accepts_french_forms() {
    let table: [(&str, i64); 22] = [
        ("1 234,56", 123_456),
        ("1234.56", 123_456),
        ("1234,56", 123_456),
        ("1 234,5", 123_450),
        ("1\u{a0}234,56", 123_456),
        ("1\u{202f}234,56", 123_456),
        ("1 234 567,89", 123_456_789),
        ("1 234,56 €", 123_456),
        ("1 234,56\u{a0}€", 123_456),
        ("12€", 1_200),
        ("  7,1  ", 710),
        (",5", 50),
        ("0", 0),
        ("0,00", 0),
        ("+12", 1_200),
        ("-0,05", -5),
        ("−3", -300), // U+2212 MINUS SIGN
        ("- 3", -300),
        ("-12,50 €", -1_250),
        ("007,10", 710),
        ("999 999 999 999,99", 99_999_999_999_999),
        ("-999 999 999 999,99", -99_999_999_999_999),
    ];
    for (texte, cents) in table {
        assert_eq!(
            parse_montant(texte, "Montant", true),
            Ok(Montant(cents)),
            "{texte:?}"
        );
    }
    // Zero typed with a minus sign is not negative.
    assert_eq!(parse_montant("-0", "Remise HT", false), Ok(Montant::ZERO));
    assert_eq!(
        parse_montant("-0,00", "Remise HT", false),
        Ok(Montant::ZERO)
    );
}

#[test]
fn parse_montant_errors() {
    let l = "Remise HT";
    let nombre = msg(l, "doit être un nombre, par exemple 1 234,56.");
    let obligatoire = msg(l, "est obligatoire.");
    let decimales = msg(l, "accepte au plus 2 décimales.");
    let marque = msg(
        l,
        "ne doit contenir qu'une marque décimale (virgule) : séparez les milliers par des espaces, \
         par exemple 1 234,56.",
    );
    let grand = msg(l, "est trop grand.");
    let negatif = msg(l, "ne peut pas être négatif.");
    let table: Vec<(&str, bool, &String)> = vec![
        ("", true, &obligatoire),
        ("   ", true, &obligatoire),
        ("\u{a0}", true, &obligatoire),
        ("abc", true, &nombre),
        ("12,", true, &nombre),
        (",", true, &nombre),
        ("€", true, &nombre),
        ("-", true, &nombre),
        ("--5", true, &nombre),
        ("5-", true, &nombre),
        ("1e5", true, &nombre),
        ("12 EUR", true, &nombre),
        ("€ 12", true, &nombre),
        ("1 2345", true, &nombre),
        ("12 34", true, &nombre),
        ("1  234", true, &nombre),
        ("1234 567", true, &nombre),
        ("1 ,5", true, &nombre),
        (" 1 234,5 6", true, &nombre),
        ("1,234", true, &decimales),
        // The dot is always a decimal mark: "1.234" is 1,234, not 1 234.
        ("1.234", true, &decimales),
        // Trailing zeros count: an English "1,500" is never read as 1,5.
        ("1,500", true, &decimales),
        ("999 999 999 999,991", true, &decimales),
        ("1.234,56", true, &marque),
        ("1,234.56", true, &marque),
        ("1.234.567", true, &marque),
        ("1 000 000 000 000", true, &grand),
        ("1 000 000 000 000,00", true, &grand),
        ("-1 000 000 000 000", true, &grand),
        ("99999999999999999999999999999999999999999999", true, &grand),
        ("-5", false, &negatif),
        ("-0,01", false, &negatif),
        ("-1 000 000 000 000", false, &negatif),
    ];
    for (texte, negatif_permis, attendu) in table {
        assert_eq!(
            parse_montant(texte, l, negatif_permis).as_ref(),
            Err(attendu),
            "{texte:?}"
        );
    }
}

#[test]
fn parse_quantite_cases() {
    let l = "Quantité";
    let ok: [(&str, i64); 10] = [
        ("1,5", 15_000),
        ("0,125", 1_250),
        ("1.2345", 12_345),
        ("-2", -20_000),
        ("0", 0),
        ("1 000", 10_000_000),
        ("2", 20_000),
        ("0,0001", 1),
        ("9 999 999 999,9999", QUANTITE_MAX.0),
        ("-9 999 999 999,9999", -QUANTITE_MAX.0),
    ];
    for (texte, v) in ok {
        assert_eq!(parse_quantite(texte, l), Ok(Quantite(v)), "{texte:?}");
    }
    let err = [
        ("", msg(l, "est obligatoire.")),
        ("1,23456", msg(l, "accepte au plus 4 décimales.")),
        ("10 000 000 000", msg(l, "est trop grand.")),
        ("10000000000", msg(l, "est trop grand.")),
        // No unit after a quantity.
        ("2 €", msg(l, "doit être un nombre, par exemple 1,5.")),
        ("deux", msg(l, "doit être un nombre, par exemple 1,5.")),
    ];
    for (texte, attendu) in err {
        assert_eq!(parse_quantite(texte, l), Err(attendu), "{texte:?}");
    }
}

#[test]
fn parse_prix_cases() {
    let l = "Prix unitaire HT";
    let ok: [(&str, i64); 7] = [
        ("12,5", 125_000),
        ("12,50 €", 125_000),
        ("1,8765", 18_765),
        ("1 200", 12_000_000),
        ("0", 0),
        ("-0", 0),
        ("9 999 999 999,9999", PRIX_MAX.0),
    ];
    for (texte, v) in ok {
        assert_eq!(parse_prix(texte, l), Ok(PrixUnitaire(v)), "{texte:?}");
    }
    let err = [
        ("", msg(l, "est obligatoire.")),
        ("-1", msg(l, "ne peut pas être négatif.")),
        ("-0,0001", msg(l, "ne peut pas être négatif.")),
        ("1,23456", msg(l, "accepte au plus 4 décimales.")),
        ("10 000 000 000", msg(l, "est trop grand.")),
        (
            "douze",
            msg(l, "doit être un nombre, par exemple 1 234,56."),
        ),
        (
            "1.234,5",
            msg(
                l,
                "ne doit contenir qu'une marque décimale (virgule) : séparez les milliers par des \
             espaces, par exemple 1 234,56.",
            ),
        ),
    ];
    for (texte, attendu) in err {
        assert_eq!(parse_prix(texte, l), Err(attendu), "{texte:?}");
    }
}

#[test]
fn parse_taux_cases() {
    let l = "Taux de TVA";
    let ok: [(&str, u32); 11] = [
        ("20", 2_000),
        ("5,5", 550),
        ("5.5", 550),
        ("5,5 %", 550),
        ("5,5%", 550),
        ("2,1\u{202f}%", 210),
        ("0", 0),
        ("100", 10_000),
        ("100,00 %", 10_000),
        ("12,25", 1_225),
        ("8,50", 850),
    ];
    for (texte, v) in ok {
        assert_eq!(parse_taux(texte, l), Ok(Taux(v)), "{texte:?}");
    }
    let hors = msg(l, "doit être un taux compris entre 0 et 100 %.");
    let err = [
        ("", msg(l, "est obligatoire.")),
        ("100,01", hors.clone()),
        ("101", hors.clone()),
        ("1000000000000000000000000", hors),
        ("-5", msg(l, "ne peut pas être négatif.")),
        ("5,555", msg(l, "accepte au plus 2 décimales.")),
        ("abc", msg(l, "doit être un nombre, par exemple 5,5.")),
        ("%", msg(l, "doit être un nombre, par exemple 5,5.")),
        ("5,5 €", msg(l, "doit être un nombre, par exemple 5,5.")),
    ];
    for (texte, attendu) in err {
        assert_eq!(parse_taux(texte, l), Err(attendu), "{texte:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Display
// ---------------------------------------------------------------------------------------------

/// Writes the expected text with '_' for U+202F and '~' for U+00A0.
fn fr(s: &str) -> String {
    s.replace('_', &NNBSP.to_string())
        .replace('~', &NBSP.to_string())
}

#[test]
fn montant_display() {
    let table: [(i64, &str, &str); 9] = [
        (123_456, "1_234,56", "1234,56"),
        (-5, "-0,05", "-0,05"),
        (0, "0,00", "0,00"),
        (100, "1,00", "1,00"),
        (99_999, "999,99", "999,99"),
        (100_000, "1_000,00", "1000,00"),
        (-123_456_789, "-1_234_567,89", "-1234567,89"),
        (MONTANT_MAX.0, "999_999_999_999,99", "999999999999,99"),
        (
            i64::MIN,
            "-92_233_720_368_547_758,08",
            "-92233720368547758,08",
        ),
    ];
    for (cents, affiche, saisie) in table {
        let v = Montant(cents);
        assert_eq!(v.fr(), fr(affiche));
        assert_eq!(v.to_string(), fr(affiche));
        assert_eq!(v.input(), saisie);
        if v.0.unsigned_abs() <= MONTANT_MAX.0.unsigned_abs() {
            // What is shown or put back in a field reads back to the same amount.
            assert_eq!(parse_montant(&v.fr(), "M", true), Ok(v));
            assert_eq!(parse_montant(&v.input(), "M", true), Ok(v));
            assert_eq!(parse_montant(&v.fr_eur(), "M", true), Ok(v));
        }
    }
    assert_eq!(Montant(123_456).fr_eur(), fr("1_234,56~€"));
    assert_eq!(Montant(-5).fr_eur(), fr("-0,05~€"));
    assert_eq!(Montant::ZERO.fr_eur(), fr("0,00~€"));
}

#[test]
fn quantite_display() {
    let table: [(i64, &str, &str); 9] = [
        (20_000, "2", "2"),
        (15_000, "1,5", "1,5"),
        (1_250, "0,125", "0,125"),
        (12_345, "1,2345", "1,2345"),
        (10_000_000, "1_000", "1000"),
        (-5, "-0,0005", "-0,0005"),
        (0, "0", "0"),
        (-20_000, "-2", "-2"),
        (QUANTITE_MAX.0, "9_999_999_999,9999", "9999999999,9999"),
    ];
    for (v, affiche, saisie) in table {
        let q = Quantite(v);
        assert_eq!(q.fr(), fr(affiche));
        assert_eq!(q.input(), saisie);
        assert_eq!(parse_quantite(&q.input(), "Q"), Ok(q));
        assert_eq!(parse_quantite(&q.fr(), "Q"), Ok(q));
    }
    assert_eq!(Quantite::ONE.fr(), "1");
}

#[test]
fn prix_display() {
    let table: [(i64, &str, &str); 7] = [
        (125_000, "12,50", "12,50"),
        (18_765, "1,8765", "1,8765"),
        (12_340, "1,234", "1,234"),
        (12_000_000, "1_200,00", "1200,00"),
        (0, "0,00", "0,00"),
        (1, "0,0001", "0,0001"),
        (PRIX_MAX.0, "9_999_999_999,9999", "9999999999,9999"),
    ];
    for (v, affiche, saisie) in table {
        let p = PrixUnitaire(v);
        assert_eq!(p.fr(), fr(affiche));
        assert_eq!(p.input(), saisie);
        assert_eq!(parse_prix(&p.input(), "P"), Ok(p));
        assert_eq!(parse_prix(&p.fr(), "P"), Ok(p));
    }
}

#[test]
fn taux_display() {
    let table: [(u32, &str, &str); 8] = [
        (2_000, "20_%", "20"),
        (1_000, "10_%", "10"),
        (850, "8,5_%", "8,5"),
        (550, "5,5_%", "5,5"),
        (210, "2,1_%", "2,1"),
        (0, "0_%", "0"),
        (1_225, "12,25_%", "12,25"),
        (10_000, "100_%", "100"),
    ];
    for (v, affiche, saisie) in table {
        let t = Taux(v);
        assert_eq!(t.fr(), fr(affiche));
        assert_eq!(t.input(), saisie);
        assert_eq!(parse_taux(&t.fr(), "T"), Ok(t));
    }
    assert_eq!(
        Taux::STANDARD,
        [
            Taux(2000),
            Taux(1000),
            Taux(850),
            Taux(550),
            Taux(210),
            Taux(0)
        ]
    );
}

#[test]
fn serde_is_the_bare_integer() {
    assert_eq!(serde_json::to_string(&Montant(-123)).unwrap(), "-123");
    assert_eq!(serde_json::to_string(&Quantite(15_000)).unwrap(), "15000");
    assert_eq!(
        serde_json::to_string(&PrixUnitaire(125_000)).unwrap(),
        "125000"
    );
    assert_eq!(serde_json::to_string(&Taux(550)).unwrap(), "550");
    assert_eq!(serde_json::from_str::<Montant>("42").unwrap(), Montant(42));
    assert_eq!(serde_json::from_str::<Taux>("2000").unwrap(), Taux(2000));
    let negative = serde_json::from_str::<Taux>("-1").unwrap_err();
    assert!(
        negative.is_data(),
        "a negative rate is refused as data: {negative}"
    );
}

//! The annuaire's search over the seeded directory: text, postcode or city, category, status,
//! sort, pagination, and the active services of a structure.

use chrono::NaiveDate;
use domain::kernel::ids::StructureId;
use domain::kernel::page::Page;
use domain::kernel::text::fold;
use domain::organisation::annuaire::*;
use domain::organisation::structure::{CategoriePublique, Service, StatutStructure, Structure};

use domain::organisation::structure::FACTURES_PUBLIQUES;
use domain::simulation::annuaire::seed;

fn structures() -> Vec<Structure> {
    seed().into_iter().map(|e| e.structure).collect()
}

fn all_services() -> Vec<Service> {
    seed().into_iter().flat_map(|e| e.services).collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn names(page: &Page<&Structure>) -> Vec<String> {
    page.items
        .iter()
        .map(|s| s.raison_sociale.clone())
        .collect()
}

fn unpaged(c: Criteres) -> Criteres {
    Criteres {
        par_page: 1_000,
        ..c
    }
}

#[test]
fn default_criteria() {
    let c = Criteres::default();
    assert_eq!(c.tri, Colonne::RaisonSociale);
    assert!(!c.descendant);
    assert_eq!((c.page, c.par_page), (1, 20));
    let all = structures();
    let page = rechercher(&all, &c);
    assert_eq!(page.total, all.len());
    assert_eq!(page.items.len(), 20);
    assert_eq!(page.page, 1);
}

#[test]
fn search_by_partial_siret_with_or_without_spaces() {
    let all = structures();
    let target = &all[7];
    let middle = &target.identifier[3..11];
    let spaced = format!(" {} {} ", &middle[..3], &middle[3..]);
    for q in [target.identifier.clone(), middle.to_string(), spaced] {
        let page = rechercher(&all, &all_criteria_text(&q));
        assert!(page.items.iter().any(|s| s.id == target.id), "{q}");
        assert!(
            page.items.iter().all(|s| s.identifier.contains(middle)),
            "{q}"
        );
    }
    let full = rechercher(&all, &all_criteria_text(&target.identifier));
    assert_eq!(full.total, 1);
    assert!(rechercher(&all, &all_criteria_text("00000000000000"))
        .items
        .is_empty());
}

fn all_criteria_text(q: &str) -> Criteres {
    unpaged(Criteres {
        texte: q.to_string(),
        ..Default::default()
    })
}

#[test]
fn search_by_name_ignores_case_accents_and_hyphens() {
    let all = structures();
    for q in [
        "Commune d'Écharmont",
        "commune d'echarmont",
        "ÉCHARMONT",
        "echarmont",
    ] {
        let found = names(&rechercher(&all, &all_criteria_text(q)));
        assert!(
            found.contains(&"Commune d'Écharmont".to_string()),
            "{q}: {found:?}"
        );
    }
    let found = names(&rechercher(&all, &all_criteria_text("val fleuri")));
    assert!(
        found.contains(&"Commune de Val-Fleuri".to_string()),
        "{found:?}"
    );
    assert!(found.contains(&"Lycée professionnel du Val-Fleuri".to_string()));
    // The libellé is searched too.
    let found = names(&rechercher(&all, &all_criteria_text("chu de rivebelle")));
    assert_eq!(found, ["Centre hospitalier universitaire de Rivebelle"]);
    let found = names(&rechercher(&all, &all_criteria_text("LYCEE")));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(rechercher(&all, &all_criteria_text("Introuvable"))
        .items
        .is_empty());
}

#[test]
fn search_by_postcode_prefix_or_city() {
    let all = structures();
    let place = |q: &str| {
        rechercher(
            &all,
            &unpaged(Criteres {
                code_postal_ou_ville: q.to_string(),
                ..Default::default()
            }),
        )
    };
    let dep44 = place("44");
    assert!(dep44.total >= 5);
    assert!(dep44
        .items
        .iter()
        .all(|s| s.adresse.code_postal.starts_with("44")));
    assert!(place("442")
        .items
        .iter()
        .all(|s| s.adresse.code_postal.starts_with("442")));
    assert!(place("442").total < dep44.total);
    let echarmont = place("echarmont");
    assert!(echarmont.total >= 2);
    assert!(echarmont
        .items
        .iter()
        .all(|s| s.adresse.ville == "Écharmont"));
    assert_eq!(place("ÉCHARMONT").total, echarmont.total);
    assert_eq!(place("21000").total, echarmont.total);
    let rivebelle = place("Rivebelle");
    assert!(rivebelle
        .items
        .iter()
        .all(|s| s.adresse.ville == "Rivebelle"));
    assert_eq!(
        rivebelle.total, dep44.total,
        "every 44 structure is in Rivebelle"
    );
    assert_eq!(place("99").total, 0);
    // Combined with the text criterion.
    let both = rechercher(
        &all,
        &unpaged(Criteres {
            texte: "commune".into(),
            code_postal_ou_ville: "71".into(),
            ..Default::default()
        }),
    );
    assert_eq!(
        names(&both),
        ["Commune de Fleuri-le-Vieux", "Commune de Val-Fleuri"]
    );
}

#[test]
fn search_by_category_and_status() {
    let all = structures();
    for k in CategoriePublique::ALL {
        let page = rechercher(
            &all,
            &unpaged(Criteres {
                categorie: Some(k),
                ..Default::default()
            }),
        );
        let expected = all.iter().filter(|s| s.categorie == Some(k)).count();
        assert_eq!(page.total, expected);
        assert!(page.items.iter().all(|s| s.categorie == Some(k)));
    }
    let status = |st| {
        rechercher(
            &all,
            &unpaged(Criteres {
                statut: Some(st),
                ..Default::default()
            }),
        )
    };
    let off = status(StatutStructure::Desactivee);
    let on = status(StatutStructure::Active);
    assert!(off.total >= 1);
    assert!(off.items.iter().all(|s| !s.is_active()));
    assert!(on.items.iter().all(|s| s.is_active()));
    assert_eq!(on.total + off.total, all.len());
    let habitat = rechercher(
        &all,
        &unpaged(Criteres {
            texte: "rivebelle habitat".into(),
            statut: Some(StatutStructure::Active),
            ..Default::default()
        }),
    );
    assert_eq!(habitat.total, 1);
    assert!(habitat.items[0].origine.is_some());
}

#[test]
fn sorting_by_each_key_in_both_directions() {
    let all = structures();
    for key in Colonne::ALL {
        let run = |descendant| {
            rechercher(
                &all,
                &unpaged(Criteres {
                    tri: key,
                    descendant,
                    ..Default::default()
                }),
            )
            .items
            .iter()
            .map(|s| s.id.clone())
            .collect::<Vec<_>>()
        };
        let up = run(false);
        let mut down = run(true);
        assert_eq!(up.len(), all.len());
        down.reverse();
        assert_eq!(up, down, "{key:?}");
        let by_id = |id: &StructureId| all.iter().find(|s| &s.id == id).unwrap();
        let column = |s: &Structure| match key {
            Colonne::RaisonSociale => fold(s.display_name()),
            Colonne::Identifiant => s.identifier.clone(),
            Colonne::CodePostal => s.adresse.code_postal.clone(),
            Colonne::Ville => fold(&s.adresse.ville),
        };
        let values: Vec<String> = up.iter().map(|id| column(by_id(id))).collect();
        assert!(
            values.windows(2).all(|w| w[0] <= w[1]),
            "{key:?}: {values:?}"
        );
    }
    // Accented initials sort with their letter, not after « z ».
    let sorted = |sort| {
        names(&rechercher(
            &all,
            &unpaged(Criteres {
                tri: sort,
                ..Default::default()
            }),
        ))
    };
    let by_name = sorted(Colonne::RaisonSociale);
    let pos = |n: &str| by_name.iter().position(|x| x == n).unwrap();
    assert!(
        pos("École nationale fictive des arts appliqués") < pos("Lycée polyvalent des Tilleuls")
    );
    assert!(pos("Établissement public d'aménagement de Port-Azur") < pos("Ville de Rivebelle"));
    let by_city: Vec<String> = rechercher(
        &all,
        &unpaged(Criteres {
            tri: Colonne::Ville,
            ..Default::default()
        }),
    )
    .items
    .iter()
    .map(|s| s.adresse.ville.clone())
    .collect();
    let first = |v: &str| by_city.iter().position(|x| x == v).unwrap();
    assert!(first("Castelvert") < first("Écharmont"));
    assert!(first("Écharmont") < first("Fleuri-le-Vieux"));
    // Equal postcodes fall back on the name.
    let by_cp = sorted(Colonne::CodePostal);
    let a = by_cp
        .iter()
        .position(|x| x == "Commune de Fleuri-le-Vieux")
        .unwrap();
    let b = by_cp
        .iter()
        .position(|x| x == "Commune de Val-Fleuri")
        .unwrap();
    assert!(a < b);
}

#[test]
fn pagination_counts_clamps_and_cuts_the_last_page() {
    let all = structures();
    let n = all.len();
    let at = |page, par_page| {
        rechercher(
            &all,
            &Criteres {
                page,
                par_page,
                ..Default::default()
            },
        )
    };
    let first = at(1, 10);
    assert_eq!(first.total, n);
    assert_eq!(first.pages, n.div_ceil(10));
    assert_eq!(first.items.len(), 10);
    let last = at(first.pages, 10);
    assert_eq!(last.items.len(), n - (first.pages - 1) * 10);
    assert_eq!(last.page, first.pages);
    // Beyond the end: the last page; page 0: the first.
    assert_eq!(at(99, 10), last);
    assert_eq!(at(0, 10), first);
    // The pages put together give the whole sorted list, once.
    let mut joined = Vec::new();
    for p in 1..=first.pages {
        joined.extend(at(p, 10).items);
    }
    assert_eq!(joined, at(1, 1_000).items);
    // A zero page size counts as 1; no result still makes one (empty) page.
    assert_eq!(at(1, 0).pages, n);
    let none = rechercher(
        &all,
        &Criteres {
            texte: "introuvable".into(),
            page: 3,
            ..Default::default()
        },
    );
    assert_eq!((none.total, none.page, none.pages), (0, 1, 1));
    assert!(none.items.is_empty());
}

#[test]
fn active_services_skip_inactive_expired_and_other_structures() {
    let seeded = seed();
    let services = all_services();
    let rivebelle = seeded
        .iter()
        .find(|e| e.structure.raison_sociale == "Ville de Rivebelle")
        .unwrap();
    let today = day(2026, 11, 23);
    let codes: Vec<&str> = services_actifs(&services, &rivebelle.structure.id, today)
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    // CULTURE is inactive; the list is sorted by code.
    assert_eq!(
        codes,
        [
            "ACHATS",
            "DSI",
            "ESPACES_VERTS",
            FACTURES_PUBLIQUES,
            "SERV_TECH"
        ]
    );
    let port = seeded
        .iter()
        .find(|e| e.structure.raison_sociale == "Commune de Port-Azur")
        .unwrap();
    let codes: Vec<&str> = services_actifs(&services, &port.structure.id, today)
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    assert!(!codes.contains(&"PLAGES"), "closed at the end of 2023");
    let in_2022: Vec<&str> = services_actifs(&services, &port.structure.id, day(2022, 6, 1))
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    assert!(in_2022.contains(&"PLAGES"));
    // After 2050, only the services without an end date remain.
    let later = services_actifs(&services, &rivebelle.structure.id, day(2051, 1, 1));
    assert!(later.iter().all(|s| s.fin_validite.is_none()));
    assert!(later.iter().any(|s| s.code == FACTURES_PUBLIQUES));
    assert!(services_actifs(&services, &StructureId::from("inconnue"), today).is_empty());
}

//! Every step of every scenario of the catalogue (so a new scenario cannot skip its tests): the
//! state before the step fails its check; the typical mistake, run through the real domain
//! commands, is named by the expected message; the solution passes. Then the seeds'
//! determinism and bounds, the link's decisions, « Recommencer l'exercice » and the trainer doing
//! every step.

use chrono::{Duration, TimeZone, Utc};
use domain::simulation::progression::Progression;
use domain::{Record, Sandbox, Timestamp};
use formation::parcours::{self, Etat, Ouverture};
use formation::{catalogue, Scenario};
use std::rc::Rc;

/// The sandbox clock's now during the exercises (after the seeds' instant).
fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

fn charger(records: Vec<Record>) -> Sandbox {
    let mut sb = domain::simulation::base::sandbox();
    for r in records {
        sb.put(r);
    }
    sb
}

fn demarre(sc: &Scenario) -> Sandbox {
    let (records, _) = parcours::demarrer(sc, "Alex Dupont", now()).expect("the seed builds");
    charger(records)
}

fn progression(sb: &Sandbox) -> Rc<Progression> {
    sb.progression.clone().expect("a progression is stored")
}

#[test]
fn the_catalogue_has_the_scenarios_and_each_step_its_check_solution_and_mistake() {
    let ids: Vec<&str> = catalogue().iter().map(|s| s.id).collect();
    // The eight scenarios, at least.
    for id in [
        "premiers-pas",
        "fiche-structure",
        "utilisateurs",
        "typologies",
        "saisie-facture",
        "suivi-fournisseur",
        "entite-publique",
        "synthese",
    ] {
        assert!(ids.contains(&id), "{id} absent : {ids:?}");
    }
    let mut uniques = ids.clone();
    uniques.sort_unstable();
    uniques.dedup();
    assert_eq!(uniques.len(), ids.len(), "ids uniques");
    for sc in catalogue() {
        assert!(
            !sc.objectifs.is_empty() && !sc.documents.is_empty(),
            "{}",
            sc.id
        );
        assert!(sc.nombre_etapes() > 0, "{}", sc.id);
        for (_, e) in sc.etapes() {
            assert!(
                !e.controles.is_empty(),
                "{} « {} » sans contrôle",
                sc.id,
                e.titre
            );
            assert!(
                !e.resoudre.is_empty(),
                "{} « {} » sans solution",
                sc.id,
                e.titre
            );
            assert!(
                !e.erreur.commandes.is_empty(),
                "{} « {} » sans erreur type",
                sc.id,
                e.titre
            );
            assert!(!e.consigne.is_empty() && !e.indice.is_empty() && !e.solution.is_empty());
        }
    }
}

#[test]
fn every_step_fails_before_names_the_typical_mistake_and_passes_once_solved() {
    for sc in catalogue() {
        let mut sb = demarre(sc);
        let compte = progression(&sb).compte.clone();
        for (i, (_, e)) in sc.etapes().enumerate() {
            let ctx = format!("{} étape {} « {} »", sc.id, i + 1, e.titre);
            // Before: the check fails, each failure naming its object and field.
            let avant = e.verifier(&sb, compte.as_ref());
            assert!(avant.iter().any(|c| !c.ok), "{ctx}: la graine passe déjà");
            for (c, k) in avant.iter().zip(e.controles) {
                assert!(
                    c.message
                        .starts_with(&format!("{} — {} : ", k.objet, k.champ)),
                    "{ctx}: {}",
                    c.message
                );
            }
            // The typical mistake: refused by the domain, or named by the check.
            match parcours::executer(
                &sb,
                e.erreur.commandes,
                compte.as_ref(),
                sb.clock.now(now()),
            ) {
                Err(err) => assert!(
                    err.to_string().contains(e.erreur.message),
                    "{ctx}: refus « {err} », attendu « {} »",
                    e.erreur.message
                ),
                Ok((apres, _)) => {
                    let r = e.verifier(&apres, compte.as_ref());
                    assert!(
                        r.iter()
                            .any(|c| !c.ok && c.message.contains(e.erreur.message)),
                        "{ctx}: attendu « {} », obtenu {:?}",
                        e.erreur.message,
                        r
                    );
                }
            }
            // The solution passes.
            let (apres, _) =
                parcours::executer(&sb, e.resoudre, compte.as_ref(), sb.clock.now(now()))
                    .unwrap_or_else(|err| panic!("{ctx}: la solution est refusée : {err}"));
            let r = e.verifier(&apres, compte.as_ref());
            assert!(r.iter().all(|c| c.ok), "{ctx}: {r:?}");
            // « Vérifier » marks it done and moves on.
            let p = progression(&apres);
            assert_eq!(parcours::courante(sc, &p), Some(i));
            let v = parcours::verifier(sc, &p, &apres, now());
            let mut next = apres.clone();
            next.apply(&v.reussite.expect("passed").changes);
            assert_ne!(parcours::courante(sc, &progression(&next)), Some(i));
            sb = next;
        }
        let p = progression(&sb);
        assert_eq!(parcours::courante(sc, &p), None, "{}", sc.id);
        assert!(parcours::etats(sc, &p).iter().all(|e| *e == Etat::Faite));
    }
}

/// The app ships each seed as text (`crates/formation/src/graines/<id>.txt`): it must be exactly
/// what the domain's commands build. `FORMATION_ECRIRE_GRAINES=1 cargo test -p chorus-formation
/// --test formation shipped_seeds` rewrites the files after a change of the domain or a scenario.
#[test]
fn shipped_seeds_are_exactly_what_the_commands_build() {
    let ecrire = std::env::var_os("FORMATION_ECRIRE_GRAINES").is_some();
    for sc in catalogue() {
        let construire = sc
            .constructeur
            .expect("built with the verification feature");
        let texte = formation::graine::ecrire(&construire().expect("the seed builds"));
        if ecrire {
            let chemin = format!("{}/src/graines/{}.txt", env!("CARGO_MANIFEST_DIR"), sc.id);
            std::fs::write(&chemin, &texte).expect("seed written");
            continue;
        }
        assert!(
            sc.graine == texte,
            "{} : la graine livrée (src/graines/{}.txt) n'est plus celle que construisent les commandes ; relancez avec FORMATION_ECRIRE_GRAINES=1",
            sc.id,
            sc.id
        );
        // Read back, it gives the same records and account.
        let lue = sc.graine().expect("the shipped seed reads");
        assert_eq!(formation::graine::ecrire(&lue), texte, "{}", sc.id);
    }
    assert!(formation::graine::charger("compte\t\nfactures\tx").is_err());
    assert!(formation::graine::charger("").is_err());
}

#[test]
fn seeds_are_deterministic_and_within_the_storage_bounds() {
    for sc in catalogue() {
        let a = sc.graine().unwrap();
        let b = sc.graine().unwrap();
        let json = |g: &formation::Graine| -> Vec<String> {
            g.records.iter().map(|r| r.to_json()).collect()
        };
        assert_eq!(json(&a), json(&b), "{}", sc.id);
        assert_eq!(a.compte, b.compte);
        for r in &a.records {
            assert!(
                domain::kernel::ids::is_valid_id(&r.key().id),
                "{}: {:?}",
                sc.id,
                r.key()
            );
        }
        // What the link writes is importable (every bound and reference checked).
        let sb = demarre(sc);
        let text = storage::export::export(&sb, now());
        let back =
            storage::export::validate_import(&text).unwrap_or_else(|e| panic!("{}: {e}", sc.id));
        assert_eq!(back.len(), sb.records().len());
    }
}

#[test]
fn the_link_finds_an_unknown_scenario_a_wrong_version_data_or_the_same_scenario() {
    let empty = domain::simulation::base::sandbox();
    let sc = &catalogue()[0];
    let refus = |o: Ouverture| match o {
        Ouverture::Refus(m) => m,
        _ => panic!("refus attendu"),
    };
    assert!(refus(parcours::ouvrir("inconnu", "1", &empty)).starts_with(
        "Ce lien désigne un scénario inconnu (« inconnu ») : il vient peut-être d'une autre version du bac à sable."
    ));
    let plus = (sc.version + 1).to_string();
    assert!(
        refus(parcours::ouvrir(sc.id, &plus, &empty)).contains(&format!(
            "plus récente que celle de ce bac à sable (version {})",
            sc.version
        ))
    );
    assert!(refus(parcours::ouvrir(sc.id, "0", &empty)).contains("qui a changé depuis"));
    assert!(
        refus(parcours::ouvrir(sc.id, "v1", &empty)).contains("pas de numéro de version valide")
    );
    assert!(matches!(
        parcours::ouvrir(sc.id, &sc.version.to_string(), &empty),
        Ouverture::Vide(_)
    ));
    // The trainer's code alone is nothing to lose: the seed keeps it.
    let mut code_seul = empty.clone();
    code_seul.apply(
        &domain::simulation::formateur::choisir_code(
            &empty,
            None,
            "Formation#2026",
            "Formation#2026",
        )
        .unwrap()
        .changes,
    );
    assert!(matches!(
        parcours::ouvrir(sc.id, &sc.version.to_string(), &code_seul),
        Ouverture::Vide(_)
    ));
    let running = demarre(sc);
    assert!(matches!(
        parcours::ouvrir(sc.id, &sc.version.to_string(), &running),
        Ouverture::EnCours(_)
    ));
    let mut data = empty.clone();
    data.apply(
        &domain::simulation::horloge::advance(&empty, domain::kernel::time::ClockStep::OneDay)
            .unwrap()
            .changes,
    );
    assert!(matches!(
        parcours::ouvrir(sc.id, &sc.version.to_string(), &data),
        Ouverture::ARemplacer(_)
    ));
    assert_eq!(
        parcours::nom_stagiaire("  Alex\u{0} Dupont "),
        "Alex Dupont"
    );
    assert_eq!(
        parcours::nom_stagiaire(&"é".repeat(300)).chars().count(),
        100
    );
}

#[test]
fn hints_and_solutions_are_recorded_and_time_is_counted() {
    let sc = &catalogue()[0];
    let sb = demarre(sc);
    let p = progression(&sb);
    let mut sb2 = sb.clone();
    sb2.apply(&parcours::montrer(sc, &p, false).changes);
    sb2.apply(&parcours::montrer(sc, &progression(&sb2), true).changes);
    let e = progression(&sb2).etapes[0];
    assert!(e.indice && e.solution && !e.faite);
    assert_eq!(
        parcours::temps_passe(&p, now() + Duration::minutes(75)),
        "1 h 15"
    );
    assert_eq!(
        parcours::temps_passe(&p, now() + Duration::minutes(12)),
        "12 min"
    );
}

#[test]
fn recommencer_restores_the_seed_with_the_earlier_exercises_solved() {
    for sc in catalogue().iter().filter(|s| s.exercices.len() > 1) {
        let mut sb = demarre(sc);
        let compte = progression(&sb).compte.clone();
        // Solve and validate every step of the first exercise, then the mistake of the next one.
        for _ in sc.exercices[0].etapes {
            let p = progression(&sb);
            let i = parcours::courante(sc, &p).unwrap();
            let (_, e) = parcours::etape(sc, i).unwrap();
            let (mut apres, _) =
                parcours::executer(&sb, e.resoudre, compte.as_ref(), sb.clock.now(now())).unwrap();
            let v = parcours::verifier(sc, &p, &apres, now());
            apres.apply(&v.reussite.unwrap().changes);
            sb = apres;
        }
        let p = progression(&sb);
        let i = parcours::courante(sc, &p).unwrap();
        let (x, e) = parcours::etape(sc, i).unwrap();
        assert_eq!(x, 1);
        if let Ok((apres, _)) = parcours::executer(
            &sb,
            e.erreur.commandes,
            compte.as_ref(),
            sb.clock.now(now()),
        ) {
            sb = apres;
        }
        let records = parcours::recommencer(sc, &progression(&sb), now()).unwrap();
        let fresh = charger(records);
        let q = progression(&fresh);
        assert_eq!(parcours::courante(sc, &q), Some(i), "{}", sc.id);
        assert_eq!(q.etapes[..i], p.etapes[..i], "earlier states kept");
        assert_eq!(q.debut, p.debut);
        for e in sc.exercices[0].etapes {
            assert!(
                e.verifier(&fresh, compte.as_ref()).iter().all(|c| c.ok),
                "{}",
                sc.id
            );
        }
        assert!(
            e.verifier(&fresh, compte.as_ref()).iter().any(|c| !c.ok),
            "{}",
            sc.id
        );
        // The mistake is gone: the solution now passes straight away.
        let (apres, _) = parcours::executer(&fresh, e.resoudre, compte.as_ref(), now()).unwrap();
        assert!(e.verifier(&apres, compte.as_ref()).iter().all(|c| c.ok));
    }
}

#[test]
fn the_trainer_can_do_every_step_in_the_trainees_place() {
    for sc in catalogue() {
        let mut sb = demarre(sc);
        for i in 0..sc.nombre_etapes() {
            let out = parcours::faire_a_la_place(&sb, sb.clock.now(now()))
                .unwrap_or_else(|e| panic!("{} étape {}: {e}", sc.id, i + 1));
            sb.apply(&out.changes);
            assert_eq!(
                parcours::etats(sc, &progression(&sb))[i],
                Etat::FaiteParFormateur
            );
        }
        assert_eq!(parcours::courante(sc, &progression(&sb)), None);
        assert_eq!(
            parcours::faire_a_la_place(&sb, sb.clock.now(now()))
                .unwrap_err()
                .to_string(),
            "Toutes les étapes du scénario sont faites."
        );
    }
    let empty = domain::simulation::base::sandbox();
    assert_eq!(
        parcours::faire_a_la_place(&empty, now())
            .unwrap_err()
            .to_string(),
        "Aucun scénario de formation n'est en cours."
    );
}

#[test]
fn the_trainees_name_is_read_from_the_link() {
    assert_eq!(
        parcours::stagiaire_du_lien("?stagiaire=Alex%20Dupont"),
        "Alex Dupont"
    );
    assert_eq!(
        parcours::stagiaire_du_lien("a=1&stagiaire=L%C3%A9a+Roux"),
        "Léa Roux"
    );
    assert_eq!(parcours::stagiaire_du_lien("stagiaire=100%"), "100%");
    assert_eq!(parcours::stagiaire_du_lien("stagiaire=%0Aok%zz"), "ok%zz");
    assert_eq!(parcours::stagiaire_du_lien(""), "");
}

#[test]
fn the_buyers_script_acts_once_a_day_after_the_deposit_then_the_agent_treats_normally() {
    use domain::facturation::facture::Statut;
    let sc = formation::scenario("suivi-fournisseur").unwrap();
    let mut sb = demarre(sc);
    let statut = |sb: &Sandbox, numero: &str| {
        let f = sb.factures.values().find(|f| f.numero == numero).unwrap();
        let last = f.historique.last().unwrap().clone();
        (f.statut, last.simule, last.commentaire.unwrap_or_default())
    };
    let (s, simule, motif) = statut(&sb, "FA-2026-0201");
    assert_eq!(s, Statut::Suspendue);
    assert!(simule);
    assert!(motif.starts_with("Pièce justificative manquante"));
    assert_eq!(statut(&sb, "FA-2026-0202").0, Statut::ARecycler);
    assert_eq!(statut(&sb, "FA-2026-0203").0, Statut::Rejetee);
    assert!(
        sb.services.values().all(|s| s.script.is_none()),
        "each script is used up"
    );
    // The new invoice to the same service is treated normally a day later.
    let compte = progression(&sb).compte.clone();
    let etapes: Vec<_> = sc.etapes().map(|(_, e)| e).collect();
    let (apres, _) = parcours::executer(&sb, etapes[3].resoudre, compte.as_ref(), now()).unwrap();
    sb = apres;
    let out = domain::simulation::destinataire::simuler(&sb, now() + Duration::hours(25)).unwrap();
    sb.apply(&out.changes);
    assert_eq!(statut(&sb, "FA-2026-0204").0, Statut::ServiceFait);
}

//! The bounds of every value read: an import refusal for each (the record and the field named, in
//! French), and the loader setting aside each out-of-bound stored record while keeping the others.

use crate::common::factures::{form_complet, send_ok};
use crate::common::organisation::{add_account, etablissement, form_for, GP_EMAIL, USER_EMAIL};
use crate::common::{run, t0};
use domain::kernel::money::{MONTANT_MAX, QUANTITE_MAX};
use domain::kernel::time::ClockStep;
use domain::organisation::services::{self, FormulaireService};
use domain::organisation::{fiche_structure, rattachement};
use domain::simulation::progression::{EtatEtape, Progression};
use domain::simulation::{formateur, horloge};
use domain::{Collection, RecordKey, Sandbox};
use serde_json::{json, Value};
use storage::export::{export, validate_import, validate_import_bytes};
use storage::persistence::backups;
use storage::{storage_key, Envelope, KvStore, MemoryStore, Persistence, Problem};

/// 1 January 2101 and 31 December 1999 (UTC), in milliseconds: just outside the admitted years.
const APRES_2100: i64 = 4_133_980_800_000;
const AVANT_2000: i64 = 946_684_799_999;
/// Year 262142: near the end of chrono's range (the instant that overflowed `date + Duration`).
const AN_262142: i64 = 8_210_266_876_799_000;

/// A sandbox with one record of every collection: accounts, mails, a structure and its service, a
/// rattachement, a sent invoice, a shifted clock.
fn riche() -> Sandbox {
    let mut sb = domain::simulation::base::sandbox();
    let gp = add_account(&mut sb, "gerant-papeterie", GP_EMAIL, "Gérant");
    let siret = etablissement(1).siret;
    let structure = run(&mut sb, |sb| {
        fiche_structure::creer_structure(sb, &gp, &form_for(&siret), t0())
    });
    let user = add_account(&mut sb, "employe-papeterie", USER_EMAIL, "Employé");
    run(&mut sb, |sb| {
        rattachement::demander_rattachement(sb, &user, &structure, &[], "Je suis comptable", t0())
    });
    let form = FormulaireService {
        code: "SERV-COMPTA".into(),
        libelle: "Comptabilité".into(),
        debut_validite: "2026-11-01".into(),
        ..FormulaireService::default()
    };
    run(&mut sb, |sb| {
        services::creer_service(sb, &gp, &structure, &form, t0())
    });
    let facture = form_complet(&sb);
    send_ok(&mut sb, &facture, t0());
    deposer_flux(&mut sb);
    run(&mut sb, |sb| horloge::advance(sb, ClockStep::OneDay));
    sb.put(domain::Record::Progression(std::rc::Rc::new(Progression {
        scenario: "fiche-structure".into(),
        version: 1,
        stagiaire: "Camille".into(),
        compte: Some(gp),
        etapes: vec![EtatEtape::default(); 3],
        debut: t0(),
        session: Some(domain::simulation::progression::Session {
            titre: "Chorus Pro".into(),
            scenarios: vec!["saisie-facture".into()],
            questions: 12,
            ..Default::default()
        }),
        qcm: vec![domain::simulation::progression::Passation {
            moment: domain::simulation::progression::Moment::Avant,
            debut: t0(),
            fin: t0(),
            reponses: vec![("ctx-01".into(), 0), ("ctx-02".into(), 255)],
        }],
    })));
    run(&mut sb, |sb| {
        formateur::choisir_code(sb, None, "Formation#2026", "Formation#2026")
    });
    let demande = domain::sollicitations::Formulaire {
        sous_categorie: "RATTACHEMENT".into(),
        titre: "Rattachement en attente".into(),
        description: "Bonjour,\nma demande attend depuis une semaine.".into(),
        ..Default::default()
    };
    run(&mut sb, |sb| {
        domain::sollicitations::envoyer(sb, &user, None, &demande, t0())
    });
    sb
}

/// A flux of the demo supplier: one invoice waiting, one unreadable file.
fn deposer_flux(sb: &mut Sandbox) {
    use domain::facturation::flux::{deposer, ErreurTechnique, FactureLue, FichierLu};
    let mut form = form_complet(sb);
    form.numero = "FX-2026-001".into();
    form.mode_depot = domain::facturation::facture::ModeDepot::UploadPortail;
    let fichiers = [
        FichierLu {
            nom: "facture.xml".into(),
            factures: vec![FactureLue {
                ligne: 2,
                fournisseur: "95000011700016".into(),
                form,
                ..FactureLue::default()
            }],
            ..FichierLu::default()
        },
        FichierLu {
            nom: "lettre.txt".into(),
            erreurs: vec![ErreurTechnique {
                fichier: "lettre.txt".into(),
                code: "XML_MAL_FORME".into(),
                libelle: "Ligne 1 : le fichier n'est pas un XML bien formé.".into(),
                ligne: Some(1),
            }],
            ..FichierLu::default()
        },
    ];
    let claire = crate::common::factures::claire();
    let menuiserie = crate::common::factures::menuiserie();
    let out = run(sb, |sb| deposer(sb, &claire, &menuiserie, &fichiers, t0()));
    let flux = &sb.flux[&out.flux];
    assert_eq!(flux.en_attente.len(), 1, "{:?}", flux.erreurs_dp);
}

fn file() -> Value {
    serde_json::from_str(&export(&riche(), t0())).unwrap()
}

/// The export with the data of the first record of `collection` changed by `f`.
fn tamper(collection: &str, f: impl FnOnce(&mut Value)) -> String {
    let mut v = file();
    let record = v["records"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["collection"] == collection)
        .unwrap_or_else(|| panic!("no {collection} in the export"));
    f(&mut record["data"]);
    serde_json::to_string(&v).unwrap()
}

const HUGE_ARGON2: &str =
    "$argon2id$v=19$m=4194304,t=100,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const ENDLESS_ARGON2: &str =
    "$argon2id$v=19$m=8,t=4294967295,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

#[test]
fn the_rich_sandbox_is_importable() {
    let records = validate_import(&export(&riche(), t0())).expect("an export is importable");
    assert!(storage::export::resume(&records).ends_with(
        "horloge décalée, scénario de formation « fiche-structure » en cours, code formateur"
    ));
    for c in [
        Collection::Clock,
        Collection::Compte,
        Collection::Courriel,
        Collection::Structure,
        Collection::Service,
        Collection::Rattachement,
        Collection::Facture,
        Collection::Progression,
        Collection::Formateur,
        Collection::Flux,
        Collection::Sollicitation,
    ] {
        assert!(
            records.iter().any(|r| r.key().collection == c),
            "{c:?} exported"
        );
    }
}

#[test]
fn import_refuses_each_out_of_bound_value_naming_the_record_and_the_field() {
    let with_id = |collection: &'static str, id: &'static str| {
        let mut v = file();
        for r in v["records"].as_array_mut().unwrap() {
            if r["collection"] == collection {
                r["id"] = id.into();
                r["data"]["id"] = id.into();
                break;
            }
        }
        serde_json::to_string(&v).unwrap()
    };
    let duplicate_number = {
        let mut v = file();
        let records = v["records"].as_array_mut().unwrap();
        let mut copy = records
            .iter()
            .find(|r| r["collection"] == "facture")
            .unwrap()
            .clone();
        copy["id"] = "copie0000000001".into();
        copy["data"]["id"] = "copie0000000001".into();
        records.push(copy);
        serde_json::to_string(&v).unwrap()
    };
    let cases: Vec<(String, &str)> = vec![
        (
            tamper("progression", |d| d["scenario"] = "X Y".into()),
            "(progression d'un scénario de formation « X Y ») : l'identifiant « Scénario » (« X Y ») est invalide",
        ),
        (
            tamper("sollicitation", |d| d["titre"] = "x".repeat(121).into()),
            "(sollicitation « SOL-2026-000001 ») : Le champ « Titre » ne doit pas dépasser 120 caractères (actuellement 121).",
        ),
        (
            tamper("sollicitation", |d| d["numero"] = "SOL-26-1".into()),
            "le numéro de sollicitation « SOL-26-1 » n'a pas la forme SOL-AAAA-NNNNNN.",
        ),
        (
            tamper("sollicitation", |d| d["messages"] = json!([])),
            "une sollicitation envoyée a un numéro, un brouillon n'en a pas.",
        ),
        (
            tamper("sollicitation", |d| d["destinataire"] = Value::Null),
            "une sollicitation envoyée a un destinataire.",
        ),
        (
            tamper("sollicitation", |d| d["cree_le"] = APRES_2100.into()),
            "la date « Créée le » est hors de la plage admise",
        ),
        (
            tamper("sollicitation", |d| {
                let m = d["messages"][0].clone();
                d["messages"] = Value::Array(vec![m; 201]);
            }),
            "« Messages » compte plus de 200 éléments.",
        ),
        (
            tamper("sollicitation", |d| d["messages"][0]["texte"] = "a\u{7}b".into()),
            "Le champ « Message » contient un caractère de contrôle non autorisé.",
        ),
        (
            tamper("sollicitation", |d| d["messages"][0]["par"] = "X!".into()),
            "l'identifiant « Auteur d'un message » (« X! ») est invalide",
        ),
        (
            tamper("sollicitation", |d| d["auteur"] = "inconnu-0001".into()),
            "La sollicitation « Rattachement en attente » concerne un compte ou une structure absent du fichier.",
        ),
        (
            tamper("progression", |d| d["version"] = 0.into()),
            "version de scénario hors limites (1 à 1000).",
        ),
        (
            tamper("progression", |d| d["stagiaire"] = "x".repeat(101).into()),
            "Le champ « Stagiaire » ne doit pas dépasser 100 caractères (actuellement 101).",
        ),
        (
            tamper("progression", |d| d["etapes"] = Value::Array(vec![json!({}); 201])),
            "« Étapes » compte plus de 200 éléments.",
        ),
        (
            tamper("progression", |d| d["debut"] = APRES_2100.into()),
            "la date « Début » est hors de la plage admise",
        ),
        (
            tamper("progression", |d| d["qcm"][0]["reponses"][0][1] = 7.into()),
            "réponse « 7 » inconnue (0 à 3, ou 255).",
        ),
        (
            tamper("progression", |d| d["qcm"][0]["reponses"][0][0] = "a b".into()),
            "l'identifiant « Question » (« a b ») est invalide",
        ),
        (
            tamper("progression", |d| d["qcm"][0]["fin"] = APRES_2100.into()),
            "la date « Fin du test » est hors de la plage admise",
        ),
        (
            tamper("progression", |d| {
                let q = d["qcm"][0].clone();
                d["qcm"] = Value::Array(vec![q; 3])
            }),
            "« Tests de positionnement » compte plus de 2 éléments.",
        ),
        (
            tamper("progression", |d| {
                d["qcm"][0]["reponses"] = Value::Array(vec![json!(["ctx-01", 0]); 61])
            }),
            "« Réponses » compte plus de 60 éléments.",
        ),
        (
            tamper("progression", |d| d["session"]["titre"] = "x".repeat(201).into()),
            "Le champ « Intitulé de la formation » ne doit pas dépasser 200 caractères",
        ),
        (
            tamper("progression", |d| d["session"]["questions"] = 61.into()),
            "nombre de questions hors limites (au plus 60).",
        ),
        (
            tamper("progression", |d| d["session"]["scenarios"] = json!(["X Y"])),
            "l'identifiant « Scénario » (« X Y ») est invalide",
        ),
        (
            tamper("progression", |d| d["session"]["duree_minutes"] = 600_000.into()),
            "durée de la formation hors limites (au plus un an).",
        ),
        (
            tamper("progression", |d| d["etapes"][0]["le"] = APRES_2100.into()),
            "la date « Étape vérifiée le » est hors de la plage admise",
        ),
        (
            with_id("facture", "a"),
            "Enregistrement n° ",
        ),
        (
            with_id("facture", "a"),
            "(facture) : identifiant « a » invalide (4 à 64 caractères",
        ),
        (
            tamper("facture", |d| d["em"] = "x".into()),
            "(facture « FA-2026-001 ») : l'identifiant « Structure émettrice » (« x ») est invalide",
        ),
        (
            tamper("facture", |d| d["ct"] = APRES_2100.into()),
            "(facture « FA-2026-001 ») : la date « Créée le » est hors de la plage admise (années 2000 à 2100).",
        ),
        (
            tamper("facture", |d| d["hi"][0]["t"] = AN_262142.into()),
            "la date « Historique des statuts » est hors de la plage admise",
        ),
        (
            tamper("facture", |d| d["hi"][0]["t"] = AVANT_2000.into()),
            "la date « Historique des statuts » est hors de la plage admise",
        ),
        (
            tamper("facture", |d| d["hi"][0]["u"] = "X!".into()),
            "l'identifiant « Historique des statuts » (« X! ») est invalide",
        ),
        (
            tamper("facture", |d| d["li"][0]["q"] = (QUANTITE_MAX.0 + 1).into()),
            "la quantité de la ligne 1 dépasse la limite admise.",
        ),
        (
            tamper("facture", |d| d["li"][1]["p"] = i64::MAX.into()),
            "le prix unitaire de la ligne 2 dépasse la limite admise.",
        ),
        (
            tamper("facture", |d| d["li"][0]["re"] = (MONTANT_MAX.0 + 1).into()),
            "le montant « Remise de la ligne 1 » dépasse la limite admise",
        ),
        (
            tamper("facture", |d| d["li"][2]["t"] = 10_001.into()),
            "le taux de TVA de la ligne 3 dépasse 100 %.",
        ),
        (
            tamper("facture", |d| d["rg"] = i64::MAX.into()),
            "le montant « Remise globale » dépasse la limite admise",
        ),
        (
            tamper("facture", |d| d["ap"] = i64::MIN.into()),
            "le montant « Montant à payer » dépasse la limite admise",
        ),
        (
            tamper("facture", |d| d["dt"] = 9_991_231.into()),
            "la date « Date de facture » est hors de la plage admise (années 1000 à 9999).",
        ),
        (
            tamper("facture", |d| {
                let l = d["li"][0].clone();
                d["li"] = Value::Array(vec![l; 501]);
            }),
            "plus de 500 lignes.",
        ),
        (
            tamper("facture", |d| {
                let e = d["hi"][0].clone();
                d["hi"] = Value::Array(vec![e; 1_001]);
            }),
            "« Historique des statuts » compte plus de 1000 éléments.",
        ),
        (
            tamper("facture", |d| {
                d["pj"] = Value::Array(vec![json!({"id": "piece0001", "n": "a.pdf", "s": 1}); 1_001]);
            }),
            "« Pièces jointes » compte plus de 1000 éléments.",
        ),
        (
            tamper("facture", |d| d["co"] = "x".repeat(1_001).into()),
            "Le champ « Commentaire » ne doit pas dépasser 1000 caractères (actuellement 1001).",
        ),
        (
            tamper("facture", |d| d["st"] = "MISE_EN_PAIEMENT".into()),
            "historique des statuts incohérent avec le statut : sa dernière étape en diffère.",
        ),
        (
            tamper("facture", |d| {
                d["st"] = "REJETEE".into();
                d["hi"][0]["s"] = "REJETEE".into();
            }),
            "historique des statuts incohérent : il ne commence pas par le dépôt.",
        ),
        (
            tamper("facture", |d| d["em"] = json!({"a": 1})),
            "contenu invalide (valeur d'un type inattendu",
        ),
        (
            duplicate_number,
            "Deux factures de la même structure portent le numéro « FA-2026-001 » en 2026",
        ),
        (
            tamper("account", |d| d["password_hash"] = HUGE_ARGON2.into()),
            "l'empreinte du mot de passe utilise des paramètres que le bac à sable n'écrit pas (attendus : argon2id, version 19, m=19456, t=2, p=1).",
        ),
        (
            tamper("formateur", |d| d["code_hash"] = ENDLESS_ARGON2.into()),
            "(code formateur) : l'empreinte du code formateur utilise des paramètres que le bac à sable n'écrit pas",
        ),
        (
            tamper("formateur", |d| d["code_hash"] = "en clair".into()),
            "(code formateur) : l'empreinte du code formateur n'est pas une empreinte Argon2",
        ),
        (
            tamper("account", |d| d["password_hash"] = ENDLESS_ARGON2.into()),
            "l'empreinte du mot de passe utilise des paramètres que le bac à sable n'écrit pas",
        ),
        (
            tamper("account", |d| d["last_login_at"] = AN_262142.into()),
            "la date « Dernière connexion » est hors de la plage admise",
        ),
        (
            tamper("account", |d| d["created_at"] = AVANT_2000.into()),
            "la date « Créé le » est hors de la plage admise",
        ),
        (
            tamper("mail", |d| d["sent_at"] = AN_262142.into()),
            "la date « Envoyé le » est hors de la plage admise",
        ),
        (
            tamper("structure", |d| {
                d["adresse"]["adresse"] = "x".repeat(1024 * 1024).into()
            }),
            "Le champ « Adresse » ne doit pas dépasser 100 caractères (actuellement 1048576).",
        ),
        (
            tamper("structure", |d| d["created_at"] = APRES_2100.into()),
            "(structure « ",
        ),
        (
            tamper("structure", |d| d["created_at"] = APRES_2100.into()),
            "la date « Créée le » est hors de la plage admise",
        ),
        (
            tamper("service", |d| d["debut_validite"] = 9_990_101.into()),
            "la date « Début de validité » est hors de la plage admise (années 1000 à 9999).",
        ),
        (
            tamper("rattachement", |d| d["services"] = json!(["x"])),
            "l'identifiant « Services » (« x ») est invalide",
        ),
        (
            tamper("clock", |d| d["offset_seconds"] = (20 * 365 * 86_400i64).into()),
            "(horloge du bac à sable) : décalage d'horloge hors limites : au plus 10 ans dans un sens ou dans l'autre.",
        ),
        (
            tamper("clock", |d| d["offset_seconds"] = i64::MIN.into()),
            "décalage d'horloge hors limites",
        ),
        (
            format!("{}{}", "[".repeat(40), "]".repeat(40)),
            "Le fichier est trop imbriqué (plus de 32 niveaux de listes ou d'objets)",
        ),
        (
            {
                let mut v = file();
                v["records"] = json!({"collection": "facture"});
                serde_json::to_string(&v).unwrap()
            },
            "Structure du fichier invalide : « records » doit être une liste d'enregistrements",
        ),
    ];
    for (file, expected) in cases {
        let err = validate_import(&file).expect_err(expected);
        assert!(
            err.contains(expected),
            "expected « {expected} », got « {err} »"
        );
        assert!(
            !err.contains("invalid type") && !err.contains("expected "),
            "no serde English: {err}"
        );
    }
}

#[test]
fn a_file_that_is_not_utf8_is_refused_and_a_big_one_before_decoding() {
    let mut latin1 = export(&riche(), t0()).into_bytes();
    let at = latin1.len() - 10;
    latin1.insert(at, 0xE9); // « é » in Latin-1
    let err = validate_import_bytes(&latin1).unwrap_err();
    assert_eq!(
        err,
        format!("Le fichier n'est pas encodé en UTF-8 (octet invalide à la position {}) : un export du bac à sable l'est toujours.", at + 1)
    );
    // The whole file's bound: records and up to 150 Mo of attachments in base64.
    let big = vec![b' '; storage::export::MAX_IMPORT_BYTES + 1];
    assert_eq!(
        validate_import_bytes(&big).unwrap_err(),
        "Fichier trop volumineux (214 Mo) : un export du bac à sable ne dépasse pas 213 Mo."
    );
    assert!(validate_import_bytes(export(&riche(), t0()).as_bytes()).is_ok());
}

/// A store holding the rich sandbox, as this version writes it.
fn stored() -> MemoryStore {
    let mut store = MemoryStore::new();
    let (mut p, _) = Persistence::load(&mut store).unwrap();
    p.replace_all(&mut store, &riche().records()).unwrap();
    store
}

/// The stored key of the first record of `collection`.
fn first_key(store: &MemoryStore, collection: Collection) -> String {
    let prefix = format!("cpsb:{}:", collection.name());
    let mut keys: Vec<String> = store
        .keys()
        .unwrap()
        .into_iter()
        .filter(|k| k.starts_with(&prefix))
        .collect();
    keys.sort();
    keys.into_iter()
        .next()
        .unwrap_or_else(|| panic!("no {prefix}"))
}

/// Rewrites the data of a stored record (keeping its envelope's version and revision).
fn rewrite(store: &mut MemoryStore, key: &str, f: impl FnOnce(&mut Value)) {
    let raw = store.get(key).unwrap().unwrap();
    let env = Envelope::parse(&raw).unwrap();
    let mut data: Value = serde_json::from_str(env.data.get()).unwrap();
    f(&mut data);
    let new = Envelope::new(env.rev, data.to_string()).to_raw();
    store.set(key, &new).unwrap();
}

#[test]
fn the_loader_sets_aside_each_out_of_bound_record_and_keeps_the_others() {
    type Case = (Collection, fn(&mut Value), &'static str);
    let cases: [Case; 16] = [
        (
            Collection::Sollicitation,
            |d| d["description"] = "x".repeat(4_001).into(),
            "sollicitation « SOL-2026-000001 » : Le champ « Description » ne doit pas dépasser 4000 caractères",
        ),
        (
            Collection::Sollicitation,
            |d| d["messages"][0]["at"] = AN_262142.into(),
            "la date « Date d'un message » est hors de la plage admise",
        ),
        (
            Collection::Progression,
            |d| d["debut"] = AN_262142.into(),
            "progression d'un scénario de formation « fiche-structure » : la date « Début » est hors de la plage admise",
        ),
        (
            Collection::Progression,
            |d| d["version"] = 5000.into(),
            "version de scénario hors limites (1 à 1000).",
        ),
        (
            Collection::Formateur,
            |d| d["code_hash"] = HUGE_ARGON2.into(),
            "code formateur : l'empreinte du code formateur utilise des paramètres que le bac à sable n'écrit pas",
        ),
        (
            Collection::Formateur,
            |d| d["code_hash"] = "Formation#2026".into(),
            "code formateur : l'empreinte du code formateur n'est pas une empreinte Argon2",
        ),
        (
            Collection::Facture,
            |d| d["hi"][0]["t"] = AN_262142.into(),
            "facture « FA-2026-001 » : la date « Historique des statuts » est hors de la plage admise (années 2000 à 2100).",
        ),
        (
            Collection::Facture,
            |d| d["em"] = "x".into(),
            "facture « FA-2026-001 » : l'identifiant « Structure émettrice » (« x ») est invalide",
        ),
        (
            Collection::Facture,
            |d| d["rg"] = i64::MIN.into(),
            "facture « FA-2026-001 » : le montant « Remise globale » dépasse la limite admise",
        ),
        (
            Collection::Facture,
            |d| d["st"] = "MANDATEE".into(),
            "historique des statuts incohérent avec le statut",
        ),
        (
            Collection::Clock,
            |d| d["offset_seconds"] = i64::MAX.into(),
            "horloge du bac à sable : décalage d'horloge hors limites",
        ),
        (
            Collection::Clock,
            |d| d["offset_seconds"] = (20 * 365 * 86_400i64).into(),
            "horloge du bac à sable : décalage d'horloge hors limites",
        ),
        (
            Collection::Compte,
            |d| d["password_hash"] = HUGE_ARGON2.into(),
            "l'empreinte du mot de passe utilise des paramètres que le bac à sable n'écrit pas",
        ),
        (
            Collection::Compte,
            |d| d["last_login_at"] = AN_262142.into(),
            "la date « Dernière connexion » est hors de la plage admise",
        ),
        (
            Collection::Courriel,
            |d| d["sent_at"] = AN_262142.into(),
            "la date « Envoyé le » est hors de la plage admise",
        ),
        (
            Collection::Structure,
            |d| d["adresse"]["adresse"] = "x".repeat(1024 * 1024).into(),
            "Le champ « Adresse » ne doit pas dépasser 100 caractères (actuellement 1048576).",
        ),
    ];
    for (collection, change, expected) in cases {
        let mut store = stored();
        let (_, before) = Persistence::load(&mut store).unwrap();
        assert!(before.problems.is_empty());
        let good = before.sandbox;
        let key = first_key(&store, collection);
        rewrite(&mut store, &key, change);
        let tampered = store.get(&key).unwrap().unwrap();
        let (p, report) = Persistence::load(&mut store).unwrap();
        match report.problems.as_slice() {
            [Problem::Corrupt {
                key: k,
                backup_key,
                reason,
            }] => {
                assert_eq!(k, &key);
                assert_eq!(backup_key, &format!("cpsb-backup:{key}"));
                assert!(reason.contains(expected), "{expected} : {reason}");
            }
            other => panic!("{expected}: one record set aside, got {other:?}"),
        }
        assert!(!p.read_only, "the sandbox stays writable");
        assert_eq!(store.get(&key).unwrap(), None, "moved out of the records");
        assert_eq!(
            backups(&store).unwrap(),
            vec![(format!("cpsb-backup:{key}"), tampered)],
            "kept as it was for recovery"
        );
        // Every other record is loaded as written.
        let set_aside = storage::parse_storage_key(&key).unwrap();
        for r in good.records() {
            if r.key() != set_aside {
                assert_eq!(
                    report.sandbox.record(&r.key()),
                    Some(r.clone()),
                    "{expected}"
                );
            }
        }
        assert_eq!(
            report.sandbox.record(&set_aside),
            domain::simulation::base::sandbox().record(&set_aside),
            "the base's own version (if any) stands in for it"
        );
    }
}

#[test]
fn the_loader_sets_aside_a_short_id_and_a_duplicate_invoice_number() {
    let mut store = stored();
    let key = first_key(&store, Collection::Facture);
    let raw = store.get(&key).unwrap().unwrap();
    // The same invoice under a 1-character id: its key is not one of ours.
    store.set("cpsb:facture:a", &raw).unwrap();
    // The same invoice under another valid id, deposited later: same number, same year.
    let copy_key = storage_key(&RecordKey::new(Collection::Facture, "zzzz000000000001"));
    store.set(&copy_key, &raw).unwrap();
    rewrite(&mut store, &copy_key, |d| {
        d["id"] = "zzzz000000000001".into();
        let t = d["hi"][0]["t"].as_i64().unwrap();
        d["hi"][0]["t"] = (t + 1_000).into();
    });
    let (_, report) = Persistence::load(&mut store).unwrap();
    let reasons: Vec<(String, String)> = report
        .problems
        .iter()
        .map(|p| match p {
            Problem::Corrupt { key, reason, .. } => (key.clone(), reason.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            (
                "cpsb:facture:a".to_string(),
                "clé inconnue de cette version".to_string()
            ),
            (
                copy_key.clone(),
                "facture « FA-2026-001 » : une autre facture de la même structure porte déjà ce numéro en 2026".to_string()
            ),
        ]
    );
    let original = storage::parse_storage_key(&key).unwrap();
    assert!(
        report.sandbox.record(&original).is_some(),
        "the first one stays"
    );
    assert_eq!(report.sandbox.factures.len(), 1);
    assert_eq!(store.get(&copy_key).unwrap(), None);
}

#[test]
fn a_record_another_tab_wrote_out_of_bounds_is_not_applied() {
    let mut store = stored();
    let (mut p, _) = Persistence::load(&mut store).unwrap();
    let key = first_key(&store, Collection::Clock);
    rewrite(&mut store, &key, |d| d["offset_seconds"] = i64::MAX.into());
    assert_eq!(p.refresh_key(&store, &key).unwrap(), None);
}

#[test]
fn a_flux_keeps_its_bounds_at_import_and_at_load() {
    type Case = (fn(&mut Value), &'static str);
    let cases: [Case; 7] = [
        (|d| d["no"] = "X1".into(), "numéro de flux invalide"),
        (
            |d| d["hi"][0]["t"] = AN_262142.into(),
            "la date « Historique du flux » est hors de la plage admise",
        ),
        (
            |d| d["st"] = "IN_INTEGRE".into(),
            "historique du flux incohérent avec son statut",
        ),
        (
            |d| d["hi"] = json!([{"s": "IN_INTEGRE", "t": 0}]),
            "la date « Historique du flux » est hors de la plage admise",
        ),
        (
            |d| d["at"][0]["rg"] = i64::MIN.into(),
            "le montant « Remise globale » dépasse la limite admise",
        ),
        (
            |d| d["et"][0]["l"] = "x".repeat(5000).into(),
            "Libellé d'erreur",
        ),
        (
            |d| d["em"] = "x".into(),
            "l'identifiant « Structure émettrice » (« x ») est invalide",
        ),
    ];
    for (change, expected) in cases {
        let err = validate_import(&tamper("flux", change)).expect_err(expected);
        assert!(
            err.contains(expected),
            "expected « {expected} », got « {err} »"
        );
        assert!(err.contains("flux déposé « "), "the record is named: {err}");
        // The loader sets the same record aside and keeps the others.
        let mut store = stored();
        let key = first_key(&store, Collection::Flux);
        rewrite(&mut store, &key, change);
        let (_, report) = Persistence::load(&mut store).unwrap();
        match report.problems.as_slice() {
            [Problem::Corrupt { key: k, reason, .. }] => {
                assert_eq!(k, &key);
                assert!(reason.contains(expected), "{expected} : {reason}");
            }
            other => panic!("{expected}: one record set aside, got {other:?}"),
        }
        assert!(report.sandbox.flux.is_empty());
        assert_eq!(report.sandbox.factures.len(), 1);
    }
    // A flux whose structure is not in the file.
    let orphan = tamper("flux", |d| {
        d["em"] = "structure-absente".into();
        d["at"][0]["em"] = "structure-absente".into();
    });
    let err = validate_import(&orphan).expect_err("orphan flux");
    assert!(
        err.contains("concerne une structure absente du fichier"),
        "{err}"
    );
}
